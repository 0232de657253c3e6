/*
 * The report as one self-contained HTML page: no scripts, no external
 * fonts, images or style sheets, a Content-Security-Policy that forbids
 * them, and every text from articles and rules escaped. Light and dark
 * themes, a phone layout and a print style are plain CSS.
 */
#include "report/report_internal.h"

#include <string.h>

#define QUOTE_MAX 2000      /* bytes of a sentence shown in a card */

/* ---- style ---- */

static const char css[] =
	":root{color-scheme:light dark;--bg:#fff;--fg:#1c1e21;--muted:#5c6370;--line:#dcdfe4;"
	"--soft:#f4f5f7;--band:#f7f8fa;--sup:#0069b4;--ref:#c25100;--sup-bg:#e8f1fa;"
	"--ref-bg:#fcefe6;--mark:#fff0a6;--link:#0a58ca;--new:#1d7a3e}\n"
	"@media (prefers-color-scheme:dark){:root{--bg:#16181d;--fg:#e6e8eb;--muted:#a3a9b4;"
	"--line:#353a44;--soft:#1f232a;--band:#1c1f25;--sup:#5eb0ef;--ref:#f59e4f;"
	"--sup-bg:#17283a;--ref-bg:#33241a;--mark:#5a4a0c;--link:#8ab4f8;--new:#5fcf85}}\n"
	"*{box-sizing:border-box}\n"
	"html{-webkit-text-size-adjust:100%}\n"
	"body{margin:0;background:var(--bg);color:var(--fg);"
	"font:16px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif}\n"
	".page{max-width:58rem;margin:0 auto;padding:2rem 1.25rem 4rem}\n"
	"h1,h2,h3{line-height:1.2;margin:0}\n"
	"h1{font-size:2rem;letter-spacing:-.01em;margin:.2rem 0 .5rem}\n"
	"h2{font-size:1.5rem;margin-bottom:.35rem}\n"
	"h3{font-size:1.1rem;margin:2rem 0 .75rem}\n"
	"p{margin:.5rem 0;max-width:70ch}\n"
	"a{color:var(--link)}\n"
	"code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}\n"
	".kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.8rem;font-weight:600;"
	"color:var(--muted);margin:0}\n"
	".meta,.note,.muted{color:var(--muted)}\n"
	".meta{margin:.25rem 0}\n"
	".note{font-size:.9rem}\n"
	".stats{display:flex;flex-wrap:wrap;gap:.5rem 2rem;margin:1.5rem 0;padding:0;list-style:none}\n"
	".stats li{display:flex;flex-direction:column}\n"
	".stats b{font-size:1.6rem;font-variant-numeric:tabular-nums;line-height:1.1}\n"
	".stats span{color:var(--muted);font-size:.85rem}\n"
	".news{border-left:4px solid var(--new);background:var(--soft);padding:.6rem 1rem;margin:1rem 0}\n"
	".news p{margin:0}\n"
	"nav{border-top:1px solid var(--line);margin-top:1.5rem;padding-top:1rem}\n"
	"nav ol{margin:.25rem 0 0;padding-left:1.5rem}\n"
	"nav li{margin:.2rem 0}\n"
	"section.prop{border-top:2px solid var(--fg);margin-top:3rem;padding-top:1.25rem}\n"
	".score{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.75rem;"
	"margin:1.25rem 0 .5rem}\n"
	".side{padding:.6rem .9rem;border-radius:6px;border-left:4px solid}\n"
	".side.s{background:var(--sup-bg);border-color:var(--sup)}\n"
	".side.r{background:var(--ref-bg);border-color:var(--ref)}\n"
	".side b{font-size:1.5rem;font-variant-numeric:tabular-nums;margin-right:.3rem}\n"
	".side span{color:var(--muted);font-size:.9rem;display:block}\n"
	".st{font-weight:600;white-space:nowrap}\n"
	".st.s{color:var(--sup)}.st.r{color:var(--ref)}\n"
	".badge{display:inline-block;font-size:.72rem;font-weight:600;text-transform:uppercase;"
	"letter-spacing:.05em;padding:.05rem .4rem;border-radius:3px;border:1px solid var(--line);"
	"color:var(--muted);vertical-align:.1em}\n"
	".badge.new{color:var(--new);border-color:var(--new)}\n"
	"figure{margin:1.25rem 0}\n"
	".chart{overflow-x:auto}\n"
	"svg.tl{display:block;width:100%;height:auto;min-width:40rem}\n"
	".tl text{fill:var(--muted);font-size:12px;font-family:inherit}\n"
	".tl .spk{text-anchor:end;fill:var(--fg)}\n"
	".tl .spk.own{font-size:10px;fill:var(--muted)}\n"
	".tl .tick{text-anchor:middle;font-size:11px}\n"
	".tl .band{fill:var(--band)}\n"
	".tl .lane{stroke:var(--line);stroke-width:1}\n"
	".tl .grid{stroke:var(--line);stroke-dasharray:2 3}\n"
	".tl .axis{stroke:var(--muted)}\n"
	".mk{stroke-width:1.5;fill-opacity:.85}\n"
	".mk.s{fill:var(--sup);stroke:var(--sup)}\n"
	".mk.r{fill:var(--ref);stroke:var(--ref)}\n"
	".mk.h{fill:var(--bg);fill-opacity:1;stroke-dasharray:2.5 1.5}\n"
	".tl .mk:hover{stroke:var(--fg);stroke-width:2.5}\n"
	".legend{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;list-style:none;padding:0;"
	"margin:.5rem 0 0;font-size:.85rem;color:var(--muted)}\n"
	".legend li{display:flex;align-items:center;gap:.35rem}\n"
	".legend .hint{margin-left:auto}\n"
	"@media (hover:none){.legend .hint{display:none}}\n"
	".nw{white-space:nowrap}\n"
	".table{overflow-x:auto;margin:.5rem 0}\n"
	"table{border-collapse:collapse;width:100%;font-size:.9rem}\n"
	"th,td{text-align:left;padding:.4rem .6rem .4rem 0;border-bottom:1px solid var(--line);"
	"vertical-align:top}\n"
	"th{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);"
	"font-weight:600;white-space:nowrap}\n"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"td.d{white-space:nowrap;font-variant-numeric:tabular-nums}\n"
	"td.name{font-weight:600;min-width:9rem}\n"
	"ol.items{list-style:none;padding:0;margin:1rem 0 0}\n"
	"ol.items>li{margin:0 0 1.75rem}\n"
	".pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr));gap:.75rem}\n"
	".pair-head{margin:0 0 .4rem}\n"
	".claim{border:1px solid var(--line);border-top:4px solid;border-radius:6px;padding:.6rem .9rem}\n"
	".claim.s{border-top-color:var(--sup)}\n"
	".claim.r{border-top-color:var(--ref)}\n"
	".claim.h{border-top-style:dashed}\n"
	".claim p{margin:.2rem 0}\n"
	".who{font-weight:600}\n"
	".role{color:var(--muted);font-weight:400}\n"
	"blockquote{margin:.5rem 0;padding-left:.75rem;border-left:3px solid var(--line);"
	"max-width:70ch;overflow-wrap:anywhere}\n"
	"mark{background:var(--mark);color:inherit;padding:0 .1em;border-radius:2px}\n"
	".src{font-size:.85rem;color:var(--muted);overflow-wrap:anywhere}\n"
	"h4{font-size:1rem;margin:0 0 .5rem}\n"
	"ol.voice{list-style:none;padding:0;margin:0;display:grid;gap:.75rem}\n"
	".voice .claim p.who{margin-bottom:0}\n"
	"details{margin:1.5rem 0}\n"
	"summary{cursor:pointer;font-weight:600}\n"
	"details ol.items{margin-top:1rem}\ndetails ol.items>li{margin-bottom:.75rem}\n"
	".empty{font-size:1.1rem;color:var(--muted);margin:2rem 0}\n"
	"footer{margin-top:4rem;border-top:1px solid var(--line);padding-top:1rem;font-size:.85rem;"
	"color:var(--muted)}\n"
	"@media (max-width:30rem){.page{padding:1.25rem 1rem 3rem}h1{font-size:1.6rem}"
	"h2{font-size:1.3rem}.stats{gap:.5rem 1.25rem}.stats b{font-size:1.3rem}"
	".legend .hint{margin-left:0}}\n"
	"@media print{:root{--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--soft:#fff;--band:#f3f3f3;"
	"--sup:#0060a8;--ref:#b04a00;--sup-bg:#fff;--ref-bg:#fff;--mark:#ffe680;--link:#000}"
	"body{font-size:11pt}.page{max-width:none;padding:0}.chart{overflow:visible}"
	"svg.tl{min-width:0}.legend .hint,nav{display:none}"
	"section.prop{break-before:page;margin-top:0}section.prop:first-of-type{break-before:auto}"
	".claim,.pair,tr{break-inside:avoid}h2,h3{break-after:avoid}"
	".src a::after{content:\" <\" attr(href) \">\";overflow-wrap:anywhere}}\n";

/* ---- small pieces ---- */

static void write_plural(FILE *f, size_t n, const char *one, const char *many)
{
	ct_put_size(f, n);
	fputc(' ', f);
	fputs(n == 1 ? one : many, f);
}

const char *ct_report_html_style(void)
{
	return css;
}

/* The period asked for, as words. */
static void write_period(FILE *f, const struct ct_report *r)
{
	if (r->since[0] && r->until[0]) {
		ct_html_text(f, r->since);
		fputs(" to ", f);
		ct_html_text(f, r->until);
	} else if (r->since[0]) {
		fputs("Since ", f);
		ct_html_text(f, r->since);
	} else if (r->until[0]) {
		fputs("Until ", f);
		ct_html_text(f, r->until);
	} else {
		fputs("Everything stored", f);
	}
}

/* "2022-02-19T06:00:00Z" as "2022-02-19 06:00 UTC". */
static void write_generated(FILE *f, const char *t)
{
	if (strlen(t) == 20 && t[10] == 'T' && t[19] == 'Z') {
		ct_html_text_n(f, t, 10);
		fputc(' ', f);
		ct_html_text_n(f, t + 11, 5);
		fputs(" UTC", f);
	} else {
		ct_html_text(f, t);
	}
}

/* "A to B" (or "A" when the same day), each date kept on one line. */
static void write_range(FILE *f, const char *first, const char *last)
{
	fputs("<span class=\"nw\">", f);
	ct_html_text(f, first);
	fputs("</span>", f);
	if (last && strcmp(first, last) != 0) {
		fputs(" to <span class=\"nw\">", f);
		ct_html_text(f, last);
		fputs("</span>", f);
	}
}

static void write_stance(FILE *f, enum ct_stance stance, bool hedged)
{
	bool ref = stance == CT_REFUTES;
	/* Shapes as in the chart: circle supports, square refutes; hollow hedged. */
	const char *glyph = ref ? (hedged ? "\xe2\x96\xa1" : "\xe2\x96\xa0")
				: (hedged ? "\xe2\x97\x8b" : "\xe2\x97\x8f");

	fputs(ref ? "<span class=\"st r\"><span aria-hidden=\"true\">"
		  : "<span class=\"st s\"><span aria-hidden=\"true\">", f);
	fputs(glyph, f);
	fputs("</span> ", f);
	fputs(ct_stance_name(stance), f);
	fputs("</span>", f);
	if (hedged)
		fputs(" <span class=\"badge\">hedged</span>", f);
}

/* The sentence with its matched part in <mark>. */
static void write_quote(FILE *f, const struct ct_report_claim *c)
{
	const char *s = c->sentence ? c->sentence : "";
	const char *m = c->match && *c->match ? strstr(s, c->match) : NULL;
	size_t len = ct_utf8_cut(s, QUOTE_MAX);

	fputs("<blockquote><p>", f);
	if (m && (size_t)(m - s) + strlen(c->match) <= len) {
		ct_html_text_n(f, s, (size_t)(m - s));
		fputs("<mark>", f);
		ct_html_text(f, c->match);
		fputs("</mark>", f);
		ct_html_text_n(f, m + strlen(c->match), len - (size_t)(m - s) - strlen(c->match));
	} else {
		ct_html_text_n(f, s, len);
	}
	if (s[len])
		fputs("\xe2\x80\xa6", f);
	fputs("</p></blockquote>\n", f);
}

/* The host part of an http(s) URL, as the text of a link without a title. */
static void write_host(FILE *f, const char *url)
{
	const char *host = strstr(url, "://") + 3;

	ct_html_text_n(f, host, strcspn(host, "/?#"));
}

/* Date (which one), outlet, via and the source link of a claim. */
static void write_source(FILE *f, const struct ct_report_claim *c)
{
	fputs("<p class=\"src\">", f);
	if (c->date) {
		fprintf(f, "%s ", ct_report_date_kind(c));
		ct_html_text(f, c->date);
		if (c->statement_date && c->published && strcmp(c->published, c->date) != 0) {
			fputs(", published ", f);
			ct_html_text(f, c->published);
		}
	} else {
		fputs("date unknown", f);
	}
	if (c->outlet) {
		fputs(" \xc2\xb7 ", f);
		ct_html_text(f, c->outlet);
	}
	if (c->via) {
		fputs(" \xc2\xb7 via ", f);
		ct_html_text(f, c->via);
	}
	if (c->n_carried_by > 1 && c->carried_by) {
		/* The outlets, one a line, in the tooltip. */
		fprintf(f, " \xc2\xb7 <span class=\"carried\" title=\"");
		ct_html_text(f, c->carried_by);
		fprintf(f, "\">carried by %zu outlets</span>", c->n_carried_by);
	}
	fputs(" \xc2\xb7 ", f);
	if (ct_report_url_ok(c->url)) {
		fputs("<a href=\"", f);
		ct_html_text(f, c->url);
		fputs("\" rel=\"noopener noreferrer\">", f);
	}
	if (c->title)
		ct_html_excerpt(f, c->title, 200);
	else if (ct_report_url_ok(c->url))
		write_host(f, c->url);
	else
		fprintf(f, "document %lld", (long long)c->document_id);
	if (ct_report_url_ok(c->url))
		fputs("</a>", f);
	fputs("</p>\n", f);
}

static void write_speaker_name(FILE *f, const char *name, enum ct_speaker_kind kind,
			       const char *role)
{
	fputs("<p class=\"who\">", f);
	ct_html_text(f, ct_report_who(name, kind));
	if (role) {
		fputs(" <span class=\"role\">", f);
		ct_html_text(f, role);
		fputs("</span>", f);
	} else if (kind == CT_SPEAKER_NARRATOR) {
		fputs(" <span class=\"role\">the outlet&#39;s own voice</span>", f);
	}
	fputs("</p>\n", f);
}

/* One claim as a card: stance, speaker, quote, source. */
static void write_claim(FILE *f, const struct ct_report_claim *c, const char *label)
{
	fprintf(f, "<div class=\"claim %s%s\">\n<p>", c->stance == CT_REFUTES ? "r" : "s",
		c->hedged ? " h" : "");
	if (label)
		fprintf(f, "<span class=\"muted\">%s:</span> ", label);
	write_stance(f, c->stance, c->hedged);
	if (c->is_new)
		fputs(" <span class=\"badge new\">new</span>", f);
	if (c->framing)
		fputs(" <span class=\"badge\">disputed by the outlet</span>", f);
	if (c->reviewed)
		fputs(" <span class=\"badge\">reviewed</span>", f);
	fputs("</p>\n", f);
	write_speaker_name(f, c->speaker, c->speaker_kind, c->role);
	write_quote(f, c);
	write_source(f, c);
	fputs("</div>\n", f);
}

/* ---- page parts ---- */

/* The head of a page; `who`, when given, is the speaker a page is about. */
static void write_head(FILE *f, const struct ct_report *r, const char *who)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; img-src data:; script-src 'none'; "
	      "base-uri 'none'; form-action 'none'\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"claimtrack " CT_VERSION "\">\n<title>", f);
	if (who) {
		ct_html_text(f, who);
		fputs(" \xc2\xb7 ", f);
	}
	write_period(f, r);
	fputs(" \xc2\xb7 claimtrack report</title>\n<style>\n", f);
	fputs(css, f);
	fputs("</style>\n</head>\n", f);
}

static void write_stat(FILE *f, size_t n, const char *one, const char *many)
{
	fprintf(f, "<li><b>%zu</b><span>%s</span></li>", n, n == 1 ? one : many);
}

static void write_header(FILE *f, const struct ct_report *r)
{
	fputs("<header>\n<p class=\"kicker\">claimtrack report</p>\n<h1>", f);
	write_period(f, r);
	fputs("</h1>\n<p class=\"meta\">", f);
	if (r->first[0]) {
		fputs("Claims dated ", f);
		write_range(f, r->first, r->last);
		fputs(" \xc2\xb7 ", f);
	}
	fputs("generated ", f);
	write_generated(f, r->generated);
	fputs("</p>\n<ul class=\"stats\">", f);
	write_stat(f, r->documents, "document", "documents");
	write_stat(f, r->claims, "claim", "claims");
	write_stat(f, r->speakers, "speaker", "speakers");
	write_stat(f, r->outlets, "outlet", "outlets");
	write_stat(f, r->n_propositions, "proposition with activity",
		   "propositions with activity");
	fputs("</ul>\n", f);
	if (r->has_previous) {
		fputs("<div class=\"news\"><p><strong>New since the previous report:</strong> ", f);
		write_plural(f, r->new_claims, "claim", "claims");
		fputs(", ", f);
		write_plural(f, r->new_contradictions, "contradiction", "contradictions");
		fputs(", ", f);
		write_plural(f, r->new_changes, "stance change", "stance changes");
		fputs(".</p></div>\n", f);
	}
	fputs("</header>\n", f);
}

static void write_toc(FILE *f, const struct ct_report *r)
{
	if (r->n_propositions < 2)
		return;
	fputs("<nav aria-label=\"Propositions\"><p class=\"kicker\">Propositions, most active first"
	      "</p>\n<ol>\n", f);
	for (size_t i = 0; i < r->n_propositions; i++) {
		const struct ct_report_proposition *p = &r->propositions[i];
		fputs("<li><a href=\"#", f);
		ct_report_anchor(f, p->id, NULL);
		fputs("\">", f);
		ct_html_text(f, p->title ? p->title : p->id);
		fprintf(f, "</a> <span class=\"muted\">%zu supporting, %zu refuting</span></li>\n",
			p->supports + p->hedged_supports, p->refutes + p->hedged_refutes);
	}
	fputs("</ol></nav>\n", f);
}

static void write_side(FILE *f, const char *cls, const char *verb, size_t claims,
		       size_t speakers, size_t outlets, size_t hedged)
{
	fprintf(f, "<div class=\"side %s\"><b>%zu</b>%s %s", cls, claims,
		claims == 1 ? "claim" : "claims", verb);
	fputs("<span>by ", f);
	write_plural(f, speakers, "speaker", "speakers");
	if (outlets) {
		fputs(" and ", f);
		write_plural(f, outlets, "outlet in its own voice", "outlets in their own voice");
	}
	if (hedged)
		fprintf(f, " \xc2\xb7 and %zu hedged, counted apart", hedged);
	fputs("</span></div>\n", f);
}

static void write_prop_head(FILE *f, const struct ct_report_proposition *p)
{
	fputs("<section class=\"prop\" id=\"", f);
	ct_report_anchor(f, p->id, NULL);
	fputs("\">\n<h2>", f);
	ct_html_text(f, p->title ? p->title : p->id);
	fputs("</h2>\n<p class=\"meta\"><code>", f);
	ct_html_text(f, p->id);
	fprintf(f, "</code> \xc2\xb7 rev %d", p->rev);
	if (p->tags && *p->tags) {
		fputs(" \xc2\xb7 tags: ", f);
		ct_html_text(f, p->tags);
	}
	fputs(" \xc2\xb7 ", f);
	write_plural(f, p->documents, "document", "documents");
	if (p->first && p->last) {
		fputs(" \xc2\xb7 ", f);
		write_range(f, p->first, p->last);
	}
	if (p->n_new)
		fprintf(f, " \xc2\xb7 <span class=\"badge new\">%zu new</span>", p->n_new);
	fputs("</p>\n<div class=\"score\">\n", f);
	write_side(f, "s", "supporting", p->supports, p->speakers_supporting, p->outlets_supporting,
		   p->hedged_supports);
	write_side(f, "r", "refuting", p->refutes, p->speakers_refuting, p->outlets_refuting,
		   p->hedged_refutes);
	fputs("</div>\n", f);
}

static void write_speaker_row(FILE *f, const struct ct_report_speaker *sp)
{
	fputs("<tr><td class=\"name\">", f);
	if (sp->page) {
		/* The page's name is letters, digits, '-' and '/' only; escaped all the same. */
		fputs("<a href=\"", f);
		ct_html_text(f, sp->page);
		fputs("\">", f);
	}
	ct_html_text(f, ct_report_who(sp->name, sp->kind));
	if (sp->page)
		fputs("</a>", f);
	fprintf(f, "</td><td>%s</td><td>", ct_speaker_kind_name(sp->kind));
	ct_html_text(f, sp->role);
	fputs("</td><td class=\"d\">", f);
	ct_html_text(f, sp->first);
	fputs("</td><td class=\"d\">", f);
	ct_html_text(f, sp->last);
	fprintf(f, "</td><td class=\"n\">%zu", sp->claims);
	if (sp->hedged)
		fprintf(f, " <span class=\"muted\">+%zu hedged</span>", sp->hedged);
	fputs("</td><td>", f);
	ct_html_text(f, sp->outlets);
	fputs("</td></tr>\n", f);
}

static void write_speakers(FILE *f, const char *heading, const char *part, const char *prop_id,
			   const struct ct_report_speaker *sp, size_t n, size_t all)
{
	fputs("<h3 id=\"", f);
	ct_report_anchor(f, prop_id, part);
	fprintf(f, "\">%s</h3>\n", heading);
	if (n == 0) {
		fputs("<p class=\"note\">Nobody in this period.</p>\n", f);
		return;
	}
	fputs("<div class=\"table\"><table>\n<thead><tr><th>Speaker</th><th>Kind</th><th>Role</th>"
	      "<th>First</th><th>Last</th><th class=\"n\">Claims</th><th>Outlets</th></tr></thead>\n"
	      "<tbody>\n", f);
	for (size_t i = 0; i < n; i++)
		write_speaker_row(f, &sp[i]);
	fputs("</tbody></table></div>\n", f);
	if (all > n)
		fprintf(f, "<p class=\"note\">The %zu with the most claims of %zu.</p>\n", n, all);
}

/* " (own voice)" after a party's name in a heading, when it is an outlet's own voice. */
static void write_voice(FILE *f, const char *name, enum ct_speaker_kind kind)
{
	if (*ct_report_voice(name, kind))
		fputs(" <span class=\"role\">(own voice)</span>", f);
}

/* One side of the outlets asserting in their own voice: a card per outlet
 * with its counts and its sample claim. */
static void write_own_side(FILE *f, enum ct_stance stance, const struct ct_report_speaker *v,
			   size_t n, size_t all)
{
	bool ref = stance == CT_REFUTES;
	size_t shown = 0;

	fputs("<div>\n<h4>", f);
	write_stance(f, stance, false);
	fputs(" <span class=\"muted\">", f);
	write_plural(f, all, "outlet", "outlets");
	fputs("</span></h4>\n", f);
	if (n == 0) {
		fputs("<p class=\"note\">None in this period.</p>\n</div>\n", f);
		return;
	}
	/* A card each for those with a sample (the first few), then the rest
	 * by name. */
	while (shown < n && (shown == 0 || v[shown].sample))
		shown++;
	fputs("<ol class=\"voice\">\n", f);
	for (size_t i = 0; i < shown; i++) {
		const struct ct_report_speaker *o = &v[i];
		const struct ct_report_claim *c = o->sample;
		fprintf(f, "<li class=\"claim %s%s\">\n<p class=\"who\">", ref ? "r" : "s",
			c && c->hedged ? " h" : "");
		ct_html_text(f, o->name);
		fputs("</p>\n<p class=\"src\">", f);
		write_plural(f, o->claims, "claim", "claims");
		if (o->hedged)
			fprintf(f, " + %zu hedged", o->hedged);
		if (o->first && *o->first) {
			fputs(" \xc2\xb7 ", f);
			write_range(f, o->first, o->last);
		}
		if (c && o->claims + o->hedged > 1)
			fputs(" \xc2\xb7 the newest:", f);
		if (c) {
			if (c->hedged)
				fputs(" <span class=\"badge\">hedged</span>", f);
			if (c->is_new)
				fputs(" <span class=\"badge new\">new</span>", f);
		}
		fputs("</p>\n", f);
		if (c) {
			write_quote(f, c);
			write_source(f, c);
		}
		fputs("</li>\n", f);
	}
	fputs("</ol>\n", f);
	for (size_t i = shown; i < n; i++) {
		fputs(i == shown ? "<p class=\"note\">Also: " : ", ", f);
		ct_html_text(f, v[i].name);
		fprintf(f, " (%zu)", v[i].claims);
		if (i + 1 == n)
			fputs(".</p>\n", f);
	}
	if (all > n)
		fprintf(f, "<p class=\"note\">The %zu with the most claims of %zu.</p>\n", n, all);
	fputs("</div>\n", f);
}

/*
 * The outlets asserting in their own voice, apart from the speakers: the
 * sentences of a document nobody is said to speak.
 */
static void write_own_voice(FILE *f, const struct ct_report_proposition *p)
{
	size_t hedged = p->own_hedged_supports + p->own_hedged_refutes;

	fputs("<h3 id=\"", f);
	ct_report_anchor(f, p->id, "voice");
	fputs("\">Outlets asserting in their own voice</h3>\n", f);
	fputs("<p class=\"note\">Sentences nobody is said to speak: the outlet&#39;s own words. "
	      "An outlet that reports what somebody said is not listed here, nor among the "
	      "speakers.</p>\n", f);
	if (p->n_own_supporters + p->n_own_refuters == 0) {
		fputs("<p class=\"note\">No outlet asserted it in its own voice in this period", f);
		if (hedged)
			fprintf(f, " (%zu hedged claim%s)", hedged, hedged == 1 ? "" : "s");
		fputs(".</p>\n", f);
		return;
	}
	fputs("<div class=\"pair\">\n", f);
	write_own_side(f, CT_SUPPORTS, p->own_supporters, p->n_own_supporters,
		       p->outlets_supporting);
	write_own_side(f, CT_REFUTES, p->own_refuters, p->n_own_refuters, p->outlets_refuting);
	fputs("</div>\n", f);
	if (hedged)
		fprintf(f, "<p class=\"note\">And %zu hedged claim%s in an outlet&#39;s own voice, "
			"counted apart.</p>\n", hedged, hedged == 1 ? "" : "s");
}

static void write_contradictions(FILE *f, const struct ct_report_proposition *p)
{
	fputs("<h3 id=\"", f);
	ct_report_anchor(f, p->id, "contradictions");
	fputs("\">Contradictions</h3>\n", f);
	if (p->n_contradictions == 0) {
		fputs("<p class=\"note\">No speakers contradict each other in this period.</p>\n", f);
		return;
	}
	fputs("<p class=\"note\">Asserted claims of opposite stance by different speakers "
	      "(an outlet in its own voice is one), newest first", f);
	if (p->contradicting_pairs > p->n_contradictions)
		fprintf(f, "; the newest %zu of %zu pairs of speakers", p->n_contradictions,
			p->contradicting_pairs);
	fputs(".</p>\n<ol class=\"items\">\n", f);
	for (size_t i = 0; i < p->n_contradictions; i++) {
		const struct ct_report_contradiction *c = &p->contradictions[i];
		fputs("<li><p class=\"pair-head\"><strong>", f);
		ct_html_text(f, ct_report_who(c->supports->speaker, c->supports->speaker_kind));
		fputs("</strong>", f);
		write_voice(f, c->supports->speaker, c->supports->speaker_kind);
		fputs(" vs. <strong>", f);
		ct_html_text(f, ct_report_who(c->refutes->speaker, c->refutes->speaker_kind));
		fputs("</strong>", f);
		write_voice(f, c->refutes->speaker, c->refutes->speaker_kind);
		fputs("</p>\n<div class=\"pair\">\n", f);
		write_claim(f, c->supports, NULL);
		write_claim(f, c->refutes, NULL);
		fputs("</div></li>\n", f);
	}
	fputs("</ol>\n", f);
}

static void write_changes(FILE *f, const struct ct_report_proposition *p)
{
	fputs("<h3 id=\"", f);
	ct_report_anchor(f, p->id, "changes");
	fputs("\">Stance changes</h3>\n", f);
	if (p->n_changes == 0) {
		fputs("<p class=\"note\">Nobody changed their stance in this period.</p>\n", f);
		return;
	}
	if (p->all_changes > p->n_changes)
		fprintf(f, "<p class=\"note\">The newest %zu of %zu.</p>\n", p->n_changes,
			p->all_changes);
	fputs("<ol class=\"items\">\n", f);
	for (size_t i = 0; i < p->n_changes; i++) {
		const struct ct_report_change *c = &p->changes[i];
		fputs("<li><p class=\"pair-head\"><strong>", f);
		ct_html_text(f, ct_report_who(c->speaker, c->from->speaker_kind));
		fputs("</strong>", f);
		if (c->from->speaker_kind == CT_SPEAKER_NARRATOR)
			write_voice(f, c->speaker, c->to->speaker_kind);
		fprintf(f, " went from %s to %s", ct_stance_name(c->from->stance),
			ct_stance_name(c->to->stance));
		if (c->is_new)
			fputs(" <span class=\"badge new\">new</span>", f);
		fputs("</p>\n<div class=\"pair\">\n", f);
		write_claim(f, c->from, "before");
		write_claim(f, c->to, "after");
		fputs("</div></li>\n", f);
	}
	fputs("</ol>\n", f);
}

static void write_claim_list(FILE *f, const struct ct_report_proposition *p)
{
	size_t total = p->supports + p->refutes + p->hedged_supports + p->hedged_refutes;

	if (p->n_claims == 0)
		return;
	fputs("<details>\n<summary>", f);
	if (total > p->n_claims)
		fprintf(f, "The newest %zu of %zu claims", p->n_claims, total);
	else
		fprintf(f, "All %zu claim%s", p->n_claims, p->n_claims == 1 ? "" : "s");
	fputs("</summary>\n<ol class=\"items\">\n", f);
	for (size_t i = 0; i < p->n_claims; i++) {
		fputs("<li>", f);
		write_claim(f, &p->claims[i], NULL);
		fputs("</li>\n", f);
	}
	fputs("</ol>\n</details>\n", f);
}

static int write_proposition(FILE *f, const struct ct_report_proposition *p)
{
	int rc;

	write_prop_head(f, p);
	rc = ct_report_svg_timeline(f, p);
	if (rc != CT_OK)
		return rc;
	write_speakers(f, "Who supports it", "supporters", p->id, p->supporters, p->n_supporters,
		       p->speakers_supporting);
	write_speakers(f, "Who refutes it", "refuters", p->id, p->refuters, p->n_refuters,
		       p->speakers_refuting);
	write_own_voice(f, p);
	write_contradictions(f, p);
	write_changes(f, p);
	write_claim_list(f, p);
	fputs("</section>\n", f);
	return CT_OK;
}

static void write_footer(FILE *f)
{
	fputs("<footer><p>A claim&#39;s date is the date the text says it was stated when it "
	      "gives one, else the date its article was published; each claim says which. "
	      "Hedged claims (reported, not asserted) are counted apart and take no part in "
	      "contradictions or stance changes.</p>\n<p>Made by claimtrack " CT_VERSION
	      ".</p></footer>\n", f);
}

int ct_report_write_html(const struct ct_report *r, FILE *f)
{
	int rc = CT_OK;

	if (!r || !f)
		return CT_EINVAL;
	write_head(f, r, NULL);
	fputs("<body>\n<div class=\"page\">\n", f);
	write_header(f, r);
	write_toc(f, r);
	fputs("<main>\n", f);
	if (r->n_propositions == 0)
		fputs("<p class=\"empty\">No claims in this period.</p>\n", f);
	for (size_t i = 0; i < r->n_propositions && rc == CT_OK; i++)
		rc = write_proposition(f, &r->propositions[i]);
	fputs("</main>\n", f);
	write_footer(f);
	fputs("</div>\n</body>\n</html>\n", f);
	if (fflush(f) != 0 || ferror(f))
		return CT_EIO;
	return rc;
}

/* ---- a speaker's page ---- */

static const char *date_or(const char *d)
{
	return d && *d ? d : "undated";
}

/* One end of a stance change: "refutes (2024-01-02, claim 17)". */
static void put_change_end(FILE *f, const struct ct_report_claim *c)
{
	fputs(ct_stance_name(c->stance), f);
	fputs(" (", f);
	fputs(date_or(c->date), f);
	fputs(", claim ", f);
	ct_put_i64(f, (long long)c->id);
	fputs(")", f);
}

/* The claim of a page's list: date, stance, outlet, the sentence. */
static void write_page_claim(FILE *f, const struct ct_report_claim *c, int change)
{
	fputs("<tr class=\"claim\"><td class=\"d\">", f);
	ct_html_text(f, date_or(c->date));
	fputs("</td><td>", f);
	write_stance(f, c->stance, c->hedged);
	if (change)
		fputs(" <span class=\"badge\">changed</span>", f);
	if (c->reviewed)
		fputs(" <span class=\"badge\">reviewed</span>", f);
	fputs("</td><td>", f);
	ct_html_text(f, c->outlet ? c->outlet : "outlet unknown");
	if (c->via) {
		fputs(", via ", f);
		ct_html_text(f, c->via);
	}
	fputs("</td><td class=\"n\">", f);
	ct_put_i64(f, (long long)c->id);
	fputs("</td><td>\xe2\x80\x9c", f);
	ct_html_excerpt(f, c->sentence, QUOTE_MAX);
	fputs("\xe2\x80\x9d</td></tr>\n", f);
}

static void write_page_prop(FILE *f, const struct ct_report_page *pg,
			    const struct ct_report_page_prop *p)
{
	const struct ct_report_proposition *rp = p->prop;
	size_t all = p->asserted[0] + p->asserted[1] + p->hedged[0] + p->hedged[1];

	fputs("<section class=\"prop\" id=\"", f);
	ct_report_anchor(f, rp->id, NULL);
	fputs("\">\n<h2>", f);
	ct_html_text(f, rp->title ? rp->title : rp->id);
	fputs("</h2>\n<p class=\"meta\"><a href=\"../index.html#", f);
	ct_report_anchor(f, rp->id, NULL);
	fputs("\"><code>", f);
	ct_html_text(f, rp->id);
	fputs("</code></a> \xc2\xb7 ", f);
	write_plural(f, all, "claim", "claims");
	fputs(": ", f);
	ct_put_size(f, p->asserted[0]);
	fputs(" supports, ", f);
	ct_put_size(f, p->asserted[1]);
	fputs(" refutes asserted, ", f);
	ct_put_size(f, p->hedged[0] + p->hedged[1]);
	fputs(" hedged", f);
	if (p->first && *p->first) {
		fputs(" \xc2\xb7 ", f);
		write_range(f, p->first, p->last);
	}
	fputs("</p>\n<h3>Claims over time</h3>\n", f);
	if (all > p->n_claims) {
		fprintf(f, "<p class=\"note\">The %zu newest of %zu; <code>claimtrack speaker ", p->n_claims,
			all);
		ct_html_text(f, "\"");
		ct_html_text(f, pg->name);
		ct_html_text(f, "\"");
		fputs(" --proposition ", f);
		ct_html_text(f, rp->id);
		fputs("</code> lists them all.</p>\n", f);
	}
	fputs("<div class=\"table\"><table>\n<thead><tr><th>Date</th><th>Stance</th>"
	      "<th>Outlet</th><th>Claim</th><th>Sentence</th></tr></thead>\n<tbody>\n", f);
	for (size_t k = 0; k < p->n_claims; k++) {
		int change = 0;
		for (size_t j = 0; j < p->n_changes && !change; j++)
			change = p->changes[j].to == &p->claims[k];
		write_page_claim(f, &p->claims[k], change);
	}
	fputs("</tbody></table></div>\n", f);
	if (p->n_changes) {
		fputs("<h3>Stance changes</h3>\n", f);
		if (p->all_changes > p->n_changes)
			fprintf(f, "<p class=\"note\">The %zu newest of %zu.</p>\n", p->n_changes,
				p->all_changes);
		fputs("<ul class=\"changes\">\n", f);
		for (size_t k = 0; k < p->n_changes; k++) {
			const struct ct_report_change *c = &p->changes[k];
			fputs("<li>", f);
			put_change_end(f, c->from);
			fputs(" to ", f);
			put_change_end(f, c->to);
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}
	fputs("<h3>Contradicted by</h3>\n", f);
	if (p->all_opponents == 0) {
		fputs("<p class=\"note\">Nobody in this report.</p>\n", f);
	} else {
		fputs("<ul class=\"opponents\">\n", f);
		for (size_t k = 0; k < p->n_opponents; k++) {
			const struct ct_report_opponent *o = &p->opponents[k];
			fputs("<li>", f);
			ct_html_text(f, o->name);
			fputs(" <span class=\"muted\">", f);
			fputs(ct_speaker_kind_name(o->kind), f);
			fputs("</span>: ", f);
			write_plural(f, o->claims, "claim", "claims");
			if (o->first && *o->first) {
				fputs(", ", f);
				write_range(f, o->first, o->last);
			}
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
		if (p->all_opponents > p->n_opponents)
			fprintf(f, "<p class=\"note\">%zu parties with %zu claims in all.</p>\n",
				p->all_opponents, p->opponent_claims);
	}
	fputs("</section>\n", f);
}

int ct_report_write_speaker_html(const struct ct_report *r, const struct ct_report_page *pg,
				 FILE *f)
{
	if (!r || !pg || !pg->name || !f)
		return CT_EINVAL;
	write_head(f, r, pg->name);
	fputs("<body>\n<div class=\"page\">\n<header>\n"
	      "<p class=\"kicker\"><a href=\"../index.html\">\xe2\x86\x90 the report</a> \xc2\xb7 ", f);
	write_period(f, r);
	fputs("</p>\n<h1>", f);
	ct_html_text(f, pg->name);
	fprintf(f, "</h1>\n<p class=\"meta\">%s", ct_speaker_kind_name(pg->kind));
	if (pg->role) {
		fputs(", ", f);
		ct_html_text(f, pg->role);
	}
	if (pg->org) {
		fputs(", ", f);
		ct_html_text(f, pg->org);
	}
	fputs(" \xc2\xb7 ", f);
	write_plural(f, pg->claims, "claim", "claims");
	fputs(" on ", f);
	write_plural(f, pg->n_props, "proposition", "propositions");
	fprintf(f, " (%zu supports, %zu refutes asserted, %zu hedged)</p>\n</header>\n<main>\n",
		pg->asserted[0], pg->asserted[1], pg->hedged);
	if (pg->n_props == 0)
		fputs("<p class=\"empty\">No claims in this report.</p>\n", f);
	for (size_t i = 0; i < pg->n_props; i++)
		write_page_prop(f, pg, &pg->props[i]);
	fputs("</main>\n", f);
	write_footer(f);
	fputs("</div>\n</body>\n</html>\n", f);
	if (fflush(f) != 0 || ferror(f))
		return CT_EIO;
	return CT_OK;
}
