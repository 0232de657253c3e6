/*
 * The digest of a nightly report, for the alerts: what is new (claims,
 * contradictions, stance changes), short, with links to the pages of
 * `claimtrack serve` when its address is known. Two forms: plain text for
 * mail, and the JSON a Slack or Mattermost incoming webhook takes
 * ({"text": …} with <URL|label> links, which Mattermost translates too).
 *
 * Text from articles (names, titles, quotes) is folded to one line and,
 * in the chat form, kept from acting as markup: '<' and '>' become '‹' and
 * '›' (no <!channel> or <URL|…> of its own), and an '@' before a letter
 * gets a word joiner (U+2060), so that "@channel" or "@all" in a quote
 * notifies nobody.
 */
#include "claimtrack/report.h"
#include "report/report_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_ITEMS 10
#define QUOTE_MAX 160            /* bytes of a quoted sentence */
#define CLAIMS_PER_PROPOSITION 3 /* new claims shown under each */

struct digest {
	FILE *f;
	const struct ct_digest_options *o;
	bool chat;
	size_t base_len;             /* of o->base_url without its trailing '/' */
};

/* Writes untrusted text s (up to max bytes, "…" when cut; 0: all) on one line. */
static void text(struct digest *d, const char *s, size_t max)
{
	size_t n, i;
	bool space = false;

	if (!s)
		return;
	n = max ? ct_utf8_cut(s, max) : strlen(s);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			space = true;
			continue;
		}
		if (space)
			fputc(' ', d->f);
		space = false;
		if (c < 0x20 || c == 0x7f)
			fputc('?', d->f);
		else if (d->chat && c == '<')
			fputs("\xe2\x80\xb9", d->f);
		else if (d->chat && c == '>')
			fputs("\xe2\x80\xba", d->f);
		else if (d->chat && c == '@' && i + 1 < n &&
			 ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z'))
			fputs("@\xe2\x81\xa0", d->f);
		else
			fputc(c, d->f);
	}
	if (n < strlen(s))
		fputs("\xe2\x80\xa6", d->f);
}

/* A link to the serve page KIND/ID: "<URL|label>" in chat, "label: URL" in
 * mail; without a base URL, just the label. */
static void link(struct digest *d, const char *kind, const char *id, const char *label)
{
	if (!d->o->base_url) {
		fputs(label, d->f);
		return;
	}
	if (d->chat)
		fprintf(d->f, "<%.*s/%s/%s|%s>", (int)d->base_len, d->o->base_url, kind, id, label);
	else
		fprintf(d->f, "%s %.*s/%s/%s", label, (int)d->base_len, d->o->base_url, kind, id);
}

static void claim_link(struct digest *d, int64_t id)
{
	char sid[24], label[40];

	snprintf(sid, sizeof sid, "%lld", (long long)id);
	snprintf(label, sizeof label, "claim %lld", (long long)id);
	link(d, "claim", sid, label);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void who(struct digest *d, const struct ct_report_claim *c)
{
	text(d, ct_report_who(c->speaker, c->speaker_kind), 80);
	fputs(ct_report_voice(c->speaker, c->speaker_kind), d->f);
}

/* The headline: one line that says it all (a mail's subject, a chat's first line). */
static void headline(struct digest *d, const struct ct_report *r)
{
	size_t n_props = 0;

	for (size_t i = 0; i < r->n_propositions; i++)
		n_props += r->propositions[i].n_new > 0;
	fprintf(d->f, "claimtrack nightly %.10s: %zu new %s on %zu %s, %zu new %s, %zu %s",
		r->generated, r->new_claims, plural(r->new_claims, "claim", "claims"), n_props,
		plural(n_props, "proposition", "propositions"), r->new_contradictions,
		plural(r->new_contradictions, "contradiction", "contradictions"), r->new_changes,
		plural(r->new_changes, "stance change", "stance changes"));
}

static void write_digest(struct digest *d, const struct ct_report *r)
{
	size_t max = d->o->max_items ? d->o->max_items : DEFAULT_MAX_ITEMS;
	size_t shown = 0, more = 0;
	const char *bullet = d->chat ? "\xe2\x80\xa2 " : "- ";

	headline(d, r);
	fputs("\n", d->f);

	fputs("\nNew claims\n", d->f);
	for (size_t i = 0; i < r->n_propositions; i++) {
		const struct ct_report_proposition *p = &r->propositions[i];
		size_t listed = 0;
		if (p->n_new == 0)
			continue;
		if (shown == max) {
			more++;
			continue;
		}
		shown++;
		fputs(bullet, d->f);
		link(d, "proposition", p->id, p->id);
		fputs(": ", d->f);
		text(d, p->title, 120);
		fprintf(d->f, " - %zu new %s\n", p->n_new, plural(p->n_new, "claim", "claims"));
		for (size_t k = 0; k < p->n_claims && listed < CLAIMS_PER_PROPOSITION; k++) {
			const struct ct_report_claim *c = &p->claims[k];
			if (!c->is_new)
				continue;
			listed++;
			fputs("    ", d->f);
			who(d, c);
			fprintf(d->f, " %s%s, %s: \"", ct_stance_name(c->stance),
				c->hedged ? " (hedged)" : "", c->date ? c->date : "undated");
			text(d, c->sentence, QUOTE_MAX);
			fputs("\" ", d->f);
			claim_link(d, c->id);
			fputs("\n", d->f);
		}
		if (p->n_new > listed)
			fprintf(d->f, "    and %zu more\n", p->n_new - listed);
	}
	if (more)
		fprintf(d->f, "%sand %zu more %s\n", bullet, more,
			plural(more, "proposition", "propositions"));

	if (r->new_contradictions) {
		fputs("\nNew contradictions\n", d->f);
		shown = more = 0;
		for (size_t i = 0; i < r->n_propositions; i++) {
			const struct ct_report_proposition *p = &r->propositions[i];
			for (size_t k = 0; k < p->n_contradictions; k++) {
				const struct ct_report_contradiction *x = &p->contradictions[k];
				if (!x->is_new)
					continue;
				if (shown == max) {
					more++;
					continue;
				}
				shown++;
				fprintf(d->f, "%s%s: ", bullet, p->id);
				who(d, x->supports);
				fprintf(d->f, " supports (%s, ", x->supports->date ? x->supports->date
										 : "undated");
				claim_link(d, x->supports->id);
				fputs("); ", d->f);
				who(d, x->refutes);
				fprintf(d->f, " refutes (%s, ", x->refutes->date ? x->refutes->date
									: "undated");
				claim_link(d, x->refutes->id);
				fputs(")\n", d->f);
			}
		}
		if (r->new_contradictions > shown)
			fprintf(d->f, "%sand %zu more\n", bullet, r->new_contradictions - shown);
	}

	if (r->new_changes) {
		fputs("\nStance changes\n", d->f);
		shown = more = 0;
		for (size_t i = 0; i < r->n_propositions; i++) {
			const struct ct_report_proposition *p = &r->propositions[i];
			for (size_t k = 0; k < p->n_changes; k++) {
				const struct ct_report_change *x = &p->changes[k];
				if (!x->is_new)
					continue;
				if (shown == max) {
					more++;
					continue;
				}
				shown++;
				fputs(bullet, d->f);
				text(d, x->speaker, 80);
				fprintf(d->f, " on %s: %s (%s) to %s (%s, ", p->id,
					ct_stance_name(x->from->stance),
					x->from->date ? x->from->date : "undated",
					ct_stance_name(x->to->stance),
					x->to->date ? x->to->date : "undated");
				claim_link(d, x->to->id);
				fputs(")\n", d->f);
			}
		}
		if (r->new_changes > shown)
			fprintf(d->f, "%sand %zu more\n", bullet, r->new_changes - shown);
	}

	if (d->o->report_path) {
		fputs("\nReport: ", d->f);
		text(d, d->o->report_path, 0);
		fputs("\n", d->f);
	}
}

static void setup(struct digest *d, const struct ct_digest_options *o, FILE *f, bool chat)
{
	d->f = f;
	d->o = o;
	d->chat = chat;
	d->base_len = o->base_url ? strlen(o->base_url) : 0;
	while (d->base_len > 0 && o->base_url[d->base_len - 1] == '/')
		d->base_len--;
}

int ct_report_write_digest_subject(const struct ct_report *r, FILE *f)
{
	struct ct_digest_options o = { 0 };
	struct digest d;

	setup(&d, &o, f, false);
	headline(&d, r);
	return ferror(f) ? CT_EIO : CT_OK;
}

int ct_report_write_digest_text(const struct ct_report *r, const struct ct_digest_options *o,
				FILE *f)
{
	struct digest d;

	setup(&d, o, f, false);
	write_digest(&d, r);
	return ferror(f) ? CT_EIO : CT_OK;
}

int ct_report_write_digest_webhook(const struct ct_report *r, const struct ct_digest_options *o,
				   FILE *f)
{
	struct digest d;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	json_t *root;
	int rc;

	if (!m)
		return CT_ENOMEM;
	setup(&d, o, m, true);
	write_digest(&d, r);
	if (fclose(m) != 0 || !buf) {
		free(buf);
		return CT_ENOMEM;
	}
	/* Text from the store is valid UTF-8; a stray byte would make jansson
	 * refuse the string, so that is checked rather than assumed. */
	root = json_pack("{s:s%}", "text", buf, len);
	free(buf);
	if (!root)
		return CT_EINVAL;
	rc = json_dumpf(root, f, JSON_COMPACT);
	json_decref(root);
	return rc == 0 && !ferror(f) ? CT_OK : CT_EIO;
}
