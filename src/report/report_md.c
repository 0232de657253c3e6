/*
 * The report as Markdown, for an email or a chat post: the summary, then a
 * short section per proposition with its counts, who supports and who
 * refutes it, the outlets asserting in their own voice (apart from the
 * speakers), the newest contradictions and stance changes. Text from
 * articles and rules is escaped so that it cannot make links, HTML or
 * formatting, and folded onto one line so that it cannot start a block.
 */
#include "report/report_internal.h"

#include <string.h>

#define MD_NAMES 10          /* speakers named per side */
#define MD_ITEMS 5           /* contradictions and changes per proposition */
#define EXCERPT_MAX 240      /* bytes of a sentence quoted */

/* Writes n bytes of s with Markdown-active characters backslash-escaped and
 * line breaks and tabs as spaces. */
static void md_text_n(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; s && i < n && s[i]; i++) {
		char ch = s[i];
		if (ch == '\n' || ch == '\r' || ch == '\t')
			ch = ' ';
		if (strchr("\\`*_[]<>#|~!&", ch))
			putc('\\', f);
		putc(ch, f);
	}
}

static void md_text(FILE *f, const char *s)
{
	md_text_n(f, s, s ? strlen(s) : 0);
}

/* A URL that can stand as an autolink: http(s), nothing that ends it. */
static bool md_url_ok(const char *url)
{
	if (!ct_report_url_ok(url))
		return false;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= ' ' || *p == '<' || *p == '>' || *p == 0x7f)
			return false;
	return true;
}

/* The sentence when short, else its match with ellipses. */
static void md_excerpt(FILE *f, const struct ct_report_claim *c)
{
	const char *s = c->sentence ? c->sentence : "";
	const char *m = c->match && *c->match ? c->match : s;

	fputs("\xe2\x80\x9c", f);
	if (strlen(s) <= EXCERPT_MAX) {
		md_text(f, s);
	} else {
		size_t n = ct_utf8_cut(m, EXCERPT_MAX);
		if (m != s && strncmp(s, m, strlen(m)) != 0)
			fputs("\xe2\x80\xa6", f);
		md_text_n(f, m, n);
		fputs("\xe2\x80\xa6", f);
	}
	fputs("\xe2\x80\x9d", f);
}

static void md_period(FILE *f, const struct ct_report *r)
{
	if (r->since[0] && r->until[0]) {
		md_text(f, r->since);
		fputs(" to ", f);
		md_text(f, r->until);
	} else if (r->since[0] || r->until[0]) {
		fputs(r->since[0] ? "since " : "until ", f);
		md_text(f, r->since[0] ? r->since : r->until);
	} else {
		fputs("everything stored", f);
	}
}

/* "A to B", or "A" when they are the same day. */
static void md_range(FILE *f, const char *first, const char *last)
{
	md_text(f, first);
	if (last && strcmp(first, last) != 0) {
		fputs(" to ", f);
		md_text(f, last);
	}
}

static void md_plural(FILE *f, size_t n, const char *one, const char *many)
{
	fprintf(f, "%zu %s", n, n == 1 ? one : many);
}

/* "**3** claims", then " · " or the line end. */
static void md_stat(FILE *f, size_t n, const char *one, const char *many, bool last)
{
	fprintf(f, "**%zu** %s%s", n, n == 1 ? one : many, last ? "\n" : " \xc2\xb7 ");
}

static void md_summary(FILE *f, const struct ct_report *r)
{
	fputs("# claimtrack report: ", f);
	md_period(f, r);
	fputs("\n\n", f);
	if (r->first[0]) {
		fputs("Claims dated ", f);
		md_range(f, r->first, r->last);
		fputs(" \xc2\xb7 ", f);
	}
	fputs("generated ", f);
	md_text(f, r->generated);
	fputs("\n\n", f);
	md_stat(f, r->documents, "document", "documents", false);
	md_stat(f, r->claims, "claim", "claims", false);
	md_stat(f, r->speakers, "speaker", "speakers", false);
	md_stat(f, r->outlets, "outlet", "outlets", false);
	md_stat(f, r->n_propositions, "proposition with activity", "propositions with activity",
		true);
	if (r->has_previous) {
		fputs("\n**New since the previous report:** ", f);
		md_plural(f, r->new_claims, "claim", "claims");
		fputs(", ", f);
		md_plural(f, r->new_contradictions, "contradiction", "contradictions");
		fputs(", ", f);
		md_plural(f, r->new_changes, "stance change", "stance changes");
		fputs(".\n", f);
	}
	if (r->n_propositions == 0)
		fputs("\nNo claims in this period.\n", f);
}

static void md_counts(FILE *f, const char *verb, size_t claims, size_t speakers, size_t outlets,
		      size_t hedged)
{
	fprintf(f, "- **%s:** ", verb);
	md_plural(f, claims, "claim", "claims");
	fputs(" by ", f);
	md_plural(f, speakers, "speaker", "speakers");
	if (outlets) {
		fputs(" and ", f);
		md_plural(f, outlets, "outlet in its own voice", "outlets in their own voice");
	}
	if (hedged)
		fprintf(f, " (and %zu hedged)", hedged);
	fputc('\n', f);
}

static void md_speakers(FILE *f, const char *label, const struct ct_report_speaker *sp,
			size_t n, size_t all)
{
	fprintf(f, "**%s:** ", label);
	if (n == 0)
		fputs("nobody", f);
	for (size_t i = 0; i < n && i < MD_NAMES; i++) {
		if (i)
			fputs(", ", f);
		md_text(f, ct_report_who(sp[i].name, sp[i].kind));
		fprintf(f, " (%zu", sp[i].claims);
		if (sp[i].hedged)
			fprintf(f, " + %zu hedged", sp[i].hedged);
		fputc(')', f);
	}
	if (all > MD_NAMES && all > (n < MD_NAMES ? n : MD_NAMES))
		fprintf(f, " and %zu more", all - (n < MD_NAMES ? n : MD_NAMES));
	fputs("  \n", f);
}

/* One claim on one line of a nested list item. */
static void md_claim(FILE *f, const struct ct_report_claim *c, const char *label)
{
	fputs("   - ", f);
	if (label)
		fprintf(f, "%s: ", label);
	fputs("**", f);
	md_text(f, ct_report_who(c->speaker, c->speaker_kind));
	fprintf(f, "**%s", ct_report_voice(c->speaker, c->speaker_kind));
	if (c->role) {
		fputs(", ", f);
		md_text(f, c->role);
	}
	fprintf(f, " \xe2\x80\x94 %s%s%s%s, ", ct_stance_name(c->stance), c->hedged ? " (hedged)" : "",
		c->framing ? " (disputed by the outlet)" : "", c->reviewed ? " (reviewed)" : "");
	if (c->date) {
		fprintf(f, "%s ", ct_report_date_kind(c));
		md_text(f, c->date);
	} else {
		fputs("date unknown", f);
	}
	if (c->outlet) {
		fputs(", ", f);
		md_text(f, c->outlet);
	}
	if (c->via) {
		fputs(", via ", f);
		md_text(f, c->via);
	}
	if (c->n_carried_by > 1 && c->carried_by) {
		fprintf(f, ", carried by %zu outlets (", c->n_carried_by);
		for (const char *p = c->carried_by; *p;) {
			const char *end = strchr(p, '\n');
			size_t n = end ? (size_t)(end - p) : strlen(p);
			char name[256];
			snprintf(name, sizeof name, "%.*s", (int)(n < 255 ? n : 255), p);
			fputs(p == c->carried_by ? "" : ", ", f);
			md_text(f, name);
			p += n + (end != NULL);
		}
		fputs(")", f);
	}
	fputs(": ", f);
	md_excerpt(f, c);
	if (md_url_ok(c->url))
		fprintf(f, " <%s>", c->url);
	fputc('\n', f);
}

static void md_contradictions(FILE *f, const struct ct_report_proposition *p)
{
	size_t n = p->n_contradictions < MD_ITEMS ? p->n_contradictions : MD_ITEMS;
	size_t all = p->contradicting_pairs > n ? p->contradicting_pairs : n;

	if (n == 0)
		return;
	fprintf(f, "\n### Contradictions (the newest %zu of %zu)\n\n", n, all);
	for (size_t i = 0; i < n; i++) {
		const struct ct_report_contradiction *c = &p->contradictions[i];
		fprintf(f, "%zu. **", i + 1);
		md_text(f, ct_report_who(c->supports->speaker, c->supports->speaker_kind));
		fprintf(f, "**%s vs. **",
			ct_report_voice(c->supports->speaker, c->supports->speaker_kind));
		md_text(f, ct_report_who(c->refutes->speaker, c->refutes->speaker_kind));
		fprintf(f, "**%s%s\n", ct_report_voice(c->refutes->speaker, c->refutes->speaker_kind),
			c->is_new ? " (**new**)" : "");
		md_claim(f, c->supports, NULL);
		md_claim(f, c->refutes, NULL);
	}
}

static void md_changes(FILE *f, const struct ct_report_proposition *p)
{
	size_t n = p->n_changes < MD_ITEMS ? p->n_changes : MD_ITEMS;
	size_t all = p->all_changes > n ? p->all_changes : n;

	if (n == 0)
		return;
	fprintf(f, "\n### Stance changes (the newest %zu of %zu)\n\n", n, all);
	for (size_t i = 0; i < n; i++) {
		const struct ct_report_change *c = &p->changes[i];
		bool own = c->from->speaker_kind == CT_SPEAKER_NARRATOR &&
			   c->to->speaker_kind == CT_SPEAKER_NARRATOR;
		fprintf(f, "%zu. **", i + 1);
		md_text(f, ct_report_who(c->speaker, c->from->speaker_kind));
		fprintf(f, "**%s went from %s to %s%s\n",
			own ? ct_report_voice(c->speaker, CT_SPEAKER_NARRATOR) : "",
			ct_stance_name(c->from->stance),
			ct_stance_name(c->to->stance), c->is_new ? " (**new**)" : "");
		md_claim(f, c->from, "before");
		md_claim(f, c->to, "after");
	}
}

/* The outlets of one side in their own voice, each with its sample. */
static void md_own_side(FILE *f, const char *verb, const struct ct_report_speaker *v, size_t n,
			size_t all)
{
	size_t shown = n < MD_NAMES ? n : MD_NAMES;

	for (size_t i = 0; i < shown; i++) {
		fprintf(f, "- %s: **", verb);
		md_text(f, v[i].name);
		fputs("** (", f);
		md_plural(f, v[i].claims, "claim", "claims");
		if (v[i].hedged)
			fprintf(f, " + %zu hedged", v[i].hedged);
		if (v[i].first && *v[i].first) {
			fputs(", ", f);
			md_range(f, v[i].first, v[i].last);
		}
		fputc(')', f);
		if (v[i].sample) {
			fputs(v[i].claims + v[i].hedged > 1 ? ", the newest: " : ": ", f);
			md_excerpt(f, v[i].sample);
			if (md_url_ok(v[i].sample->url))
				fprintf(f, " <%s>", v[i].sample->url);
		}
		fputc('\n', f);
	}
	if (all > shown)
		fprintf(f, "- and %zu more outlet%s that %s\n", all - shown, all - shown == 1 ? "" : "s",
			verb[0] == 'S' ? "support it" : "refute it");
}

/*
 * Outlets asserting in their own voice, apart from the speakers: only
 * where the period has claims in an outlet's own voice.
 */
static void md_own_voice(FILE *f, const struct ct_report_proposition *p)
{
	size_t own = p->own_supports + p->own_refutes + p->own_hedged_supports +
		     p->own_hedged_refutes;

	if (own == 0)
		return;
	fputs("\n### Outlets asserting in their own voice\n\n", f);
	fputs("Sentences nobody is said to speak: the outlet's own words. An outlet that "
	      "reports what somebody said is not listed here, nor among the speakers.\n\n", f);
	md_own_side(f, "Supports", p->own_supporters, p->n_own_supporters, p->outlets_supporting);
	md_own_side(f, "Refutes", p->own_refuters, p->n_own_refuters, p->outlets_refuting);
	if (p->own_hedged_supports + p->own_hedged_refutes)
		fprintf(f, "%sAnd %zu hedged claim%s in an outlet's own voice, counted apart.\n",
			p->n_own_supporters + p->n_own_refuters ? "\n" : "",
			p->own_hedged_supports + p->own_hedged_refutes,
			p->own_hedged_supports + p->own_hedged_refutes == 1 ? "" : "s");
}

static void md_proposition(FILE *f, const struct ct_report_proposition *p)
{
	fputs("\n## ", f);
	md_text(f, p->title ? p->title : p->id);
	fputs("\n\n", f);
	md_text(f, p->id);
	fprintf(f, " \xc2\xb7 rev %d", p->rev);
	if (p->tags && *p->tags) {
		fputs(" \xc2\xb7 tags: ", f);
		md_text(f, p->tags);
	}
	if (p->first && p->last) {
		fputs(" \xc2\xb7 ", f);
		md_range(f, p->first, p->last);
	}
	if (p->n_new)
		fprintf(f, " \xc2\xb7 **%zu new**", p->n_new);
	fputs("\n\n", f);
	md_counts(f, "Supporting", p->supports, p->speakers_supporting, p->outlets_supporting,
		  p->hedged_supports);
	md_counts(f, "Refuting", p->refutes, p->speakers_refuting, p->outlets_refuting,
		  p->hedged_refutes);
	fputc('\n', f);
	md_speakers(f, "Who supports it", p->supporters, p->n_supporters, p->speakers_supporting);
	md_speakers(f, "Who refutes it", p->refuters, p->n_refuters, p->speakers_refuting);
	md_own_voice(f, p);
	md_contradictions(f, p);
	md_changes(f, p);
}

int ct_report_write_md(const struct ct_report *r, FILE *f)
{
	if (!r || !f)
		return CT_EINVAL;
	md_summary(f, r);
	for (size_t i = 0; i < r->n_propositions; i++)
		md_proposition(f, &r->propositions[i]);
	if (fflush(f) != 0 || ferror(f))
		return CT_EIO;
	return CT_OK;
}
