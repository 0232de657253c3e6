/*
 * What the pages of `claimtrack serve` write with: escaped text, encoded
 * URLs, the page's frame (head, the site's header with the search box),
 * the style sheet (the report's, with the pages' own rules after it) and
 * the small script that only improves what works without it.
 */
#include "serve.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- text ---- */

/* Whether s is plain ASCII without control characters: no repair needed. */
static bool plain(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static void esc_n(struct ct_buf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t run = i;
		while (run < n && s[run] != '&' && s[run] != '<' && s[run] != '>' &&
		       s[run] != '"' && s[run] != '\'')
			run++;
		ct_buf_add(b, s + i, run - i);
		if (run == n)
			break;
		switch (s[run]) {
		case '&': ct_buf_adds(b, "&amp;"); break;
		case '<': ct_buf_adds(b, "&lt;"); break;
		case '>': ct_buf_adds(b, "&gt;"); break;
		case '"': ct_buf_adds(b, "&quot;"); break;
		default: ct_buf_adds(b, "&#39;"); break;
		}
		i = run + 1;
	}
}

/* Escapes s[0, n), repaired to valid UTF-8 first when it needs it. */
static void esc_slice(struct ct_buf *b, const char *s, size_t n)
{
	char *clean;
	bool ok = true;

	for (size_t i = 0; i < n && ok; i++)
		ok = (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f;
	if (ok) {
		esc_n(b, s, n);
		return;
	}
	if ((clean = cli_clean_utf8(s, n))) {
		esc_n(b, clean, strlen(clean));
		free(clean);
	}
}

void serve_esc(struct ct_buf *b, const char *s)
{
	char *clean;

	if (!s)
		return;
	if (plain(s)) {
		esc_n(b, s, strlen(s));
		return;
	}
	if ((clean = cli_clean_utf8(s, strlen(s)))) {
		esc_n(b, clean, strlen(clean));
		free(clean);
	}
}

void serve_urlenc(struct ct_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			ct_buf_addc(b, (char)*p);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			ct_buf_add(b, e, 3);
		}
	}
}

void serve_addf(struct ct_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ct_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void serve_link(struct ct_buf *b, const char *prefix, const char *name, const char *text)
{
	ct_buf_adds(b, "<a href=\"");
	ct_buf_adds(b, prefix);
	serve_urlenc(b, name);
	ct_buf_adds(b, "\">");
	serve_esc(b, text);
	ct_buf_adds(b, "</a>");
}

const char *serve_jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

long long serve_jint(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

json_t *serve_jtext(const char *s)
{
	char *clean;
	json_t *j;

	if (!s)
		return json_null();
	if (plain(s))
		return json_string(s);
	clean = cli_clean_utf8(s, strlen(s));
	j = clean ? json_string(clean) : NULL;
	free(clean);
	return j ? j : json_null();
}

void serve_stance(struct ct_buf *b, const char *stance, bool hedged)
{
	bool ref = stance && strcmp(stance, "refutes") == 0;
	/* Shapes as in the charts: circle supports, square refutes; hollow hedged. */
	const char *glyph = ref ? (hedged ? "\xe2\x96\xa1" : "\xe2\x96\xa0")
				: (hedged ? "\xe2\x97\x8b" : "\xe2\x97\x8f");

	serve_addf(b, "<span class=\"st %s\"><span aria-hidden=\"true\">%s</span> %s</span>",
		   ref ? "r" : "s", glyph, ref ? "refutes" : "supports");
	if (hedged)
		ct_buf_adds(b, " <span class=\"badge\">hedged</span>");
}

/* ---- the frame of every page ---- */

void serve_page_start(struct serve_req *r, const char *title, const char *q)
{
	struct ct_buf *b = &r->out;

	r->type = "text/html; charset=utf-8";
	ct_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"referrer\" content=\"same-origin\">\n<title>");
	serve_esc(b, title);
	ct_buf_adds(b, " \xe2\x80\x94 claimtrack</title>\n"
		    "<link rel=\"stylesheet\" href=\"/style.css\">\n"
		    "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n"
		    "<script src=\"/app.js\" defer></script>\n</head>\n<body>\n"
		    "<header class=\"site\"><div class=\"bar\">"
		    "<a class=\"home\" href=\"/\">claimtrack</a>"
		    "<form class=\"q\" action=\"/search\" method=\"get\" role=\"search\">"
		    "<input type=\"search\" name=\"q\" id=\"q\" placeholder=\"Search claims\" "
		    "aria-label=\"Search claims\" value=\"");
	serve_esc(b, q);
	ct_buf_adds(b, "\"><button type=\"submit\">Search</button></form>");
	if (r->session) {
		ct_buf_adds(b, "<form class=\"user\" method=\"post\" action=\"/logout\">"
			    "<span>");
		serve_esc(b, r->session->reviewer);
		ct_buf_adds(b, "</span><input type=\"hidden\" name=\"csrf\" value=\"");
		serve_esc(b, serve_csrf(r));
		ct_buf_adds(b, "\"><button type=\"submit\" class=\"link\">Log out</button></form>");
	} else if (r->sv->reviewers) {
		ct_buf_adds(b, "<a class=\"user\" href=\"/login\">Log in</a>");
	}
	ct_buf_adds(b, "</div></header>\n<main class=\"page\">\n");
}

void serve_page_end(struct serve_req *r)
{
	ct_buf_adds(&r->out, "</main>\n<footer class=\"page\"><p>claimtrack " CT_VERSION
		    " \xc2\xb7 every page is also JSON: add <code>?format=json</code>"
		    "</p></footer>\n</body>\n</html>\n");
}

/* ---- a claim as a card ---- */

/* The sentence with its match in <mark>: the match's offsets are the
 * document's, as the sentence's are. */
static void quote(struct ct_buf *b, json_t *c)
{
	const char *s = serve_jstr(c, "sentence"), *m = serve_jstr(c, "match");
	json_t *ss = json_object_get(c, "sentence_span"), *ms = json_object_get(c, "match_span");
	size_t len = s ? strlen(s) : 0, from = len, to = len;
	long long s0 = json_integer_value(json_array_get(ss, 0));
	long long m0 = json_integer_value(json_array_get(ms, 0));
	long long m1 = json_integer_value(json_array_get(ms, 1));

	if (!s)
		return;
	if (m0 >= s0 && m1 >= m0 && (size_t)(m1 - s0) <= len) {
		from = (size_t)(m0 - s0);
		to = (size_t)(m1 - s0);
	} else if (m && *m && strstr(s, m)) {
		from = (size_t)(strstr(s, m) - s);
		to = from + strlen(m);
	}
	ct_buf_adds(b, "<blockquote><p>");
	esc_slice(b, s, from);
	if (to > from) {
		ct_buf_adds(b, "<mark>");
		esc_slice(b, s + from, to - from);
		ct_buf_adds(b, "</mark>");
	}
	esc_slice(b, s + to, len - to);
	ct_buf_adds(b, "</p></blockquote>");
}

/* Outlets a card lists before "and N more" (the claim's page lists all). */
#define CARRIED_SHOWN 8

/* "carried by N outlets: A, B, …" when a story's copies carry claim c
 * (its "carried_by", cli_claim_json_carried()), each outlet a link; the
 * first CARRIED_SHOWN unless all. */
static void carried(struct ct_buf *b, json_t *c, bool all)
{
	json_t *outlets = json_object_get(c, "carried_by"), *v;
	size_t n = json_array_size(outlets), i;

	if (n < 2)
		return;
	serve_addf(b, "<p class=\"carried\">carried by %zu outlets: ", n);
	json_array_foreach(outlets, i, v) {
		const char *name = json_string_value(v);
		if (!all && i == CARRIED_SHOWN && n > CARRIED_SHOWN + 1) {
			serve_addf(b, " <a href=\"/claim/%lld\">and %zu more</a>",
				   serve_jint(c, "id"), n - i);
			break;
		}
		if (i)
			ct_buf_adds(b, ", ");
		if (name && strcmp(name, "?") != 0)
			serve_link(b, "/outlet/", name, name);
		else
			ct_buf_adds(b, "outlet unknown");
	}
	ct_buf_adds(b, "</p>");
}

void serve_claim_card(struct ct_buf *b, json_t *c, bool all_outlets)
{
	const char *stance = serve_jstr(c, "stance"), *speaker = serve_jstr(c, "speaker");
	const char *kind = serve_jstr(c, "speaker_kind"), *outlet = serve_jstr(c, "outlet");
	const char *date = serve_jstr(c, "date"), *stated = serve_jstr(c, "statement_date");
	const char *via = serve_jstr(c, "via"), *role = serve_jstr(c, "role");
	bool hedged = json_is_true(json_object_get(c, "hedged"));
	bool narrator = kind && strcmp(kind, "narrator") == 0;
	json_t *doc = json_object_get(c, "document");

	serve_addf(b, "<article class=\"claim %s%s\"><p class=\"who\">",
		   stance && strcmp(stance, "refutes") == 0 ? "r" : "s", hedged ? " h" : "");
	if (speaker)
		serve_link(b, narrator ? "/outlet/" : "/speaker/", speaker, speaker);
	else
		ct_buf_adds(b, narrator ? "the narrator (outlet unknown)" : "unknown speaker");
	if (narrator && speaker)
		ct_buf_adds(b, " <span class=\"role\">(own voice)</span>");
	if (role) {
		ct_buf_adds(b, " <span class=\"role\">");
		serve_esc(b, role);
		ct_buf_adds(b, "</span>");
	}
	ct_buf_adds(b, "</p><p>");
	serve_stance(b, stance, hedged);
	if (json_is_true(json_object_get(c, "reviewed")))
		ct_buf_adds(b, " <span class=\"badge\">reviewed</span>");
	if (serve_jstr(c, "framing"))
		ct_buf_adds(b, " <span class=\"badge\">disputed by the outlet</span>");
	ct_buf_adds(b, " \xc2\xb7 ");
	if (outlet)
		serve_link(b, "/outlet/", outlet, outlet);
	else
		ct_buf_adds(b, "outlet unknown");
	if (via) {
		ct_buf_adds(b, " via ");
		serve_link(b, "/outlet/", via, via);
	}
	ct_buf_adds(b, ", <span class=\"nw\">");
	serve_esc(b, stated ? stated : date ? date : "undated");
	ct_buf_adds(b, stated ? "</span> (stated)" : "</span>");
	ct_buf_adds(b, "</p>");
	carried(b, c, all_outlets);
	quote(b, c);
	serve_addf(b, "<p class=\"src\"><a href=\"/claim/%lld\">claim %lld</a> \xc2\xb7 "
		   "<a href=\"/document/%lld\">", serve_jint(c, "id"), serve_jint(c, "id"),
		   serve_jint(doc, "id"));
	serve_esc(b, serve_jstr(doc, "title") ? serve_jstr(doc, "title") : "document");
	ct_buf_adds(b, "</a></p></article>\n");
}

/* ---- style and script ---- */

/* After the report's rules: the site's header, forms, the pages' tables and
 * the timeline, which scrolls sideways on a narrow screen behind a visible
 * sign. */
const char serve_css[] =
	"header.site{border-bottom:1px solid var(--line);background:var(--soft)}\n"
	".bar{max-width:58rem;margin:0 auto;padding:.5rem 1.25rem;display:flex;flex-wrap:wrap;"
	"gap:.5rem 1rem;align-items:center}\n"
	".home{font-weight:700;color:var(--fg);text-decoration:none}\n"
	"form.q{display:flex;gap:.4rem;flex:1 1 14rem;min-width:0}\n"
	"form.q input{flex:1 1 auto;min-width:0}\n"
	"input,select,button,textarea{font:inherit;color:inherit;background:var(--bg);"
	"border:1px solid var(--line);border-radius:4px;padding:.3rem .5rem;max-width:100%}\n"
	"button{cursor:pointer;background:var(--soft)}\n"
	"button.link{border:0;background:none;color:var(--link);text-decoration:underline;padding:0}\n"
	".user{display:flex;gap:.5rem;align-items:center;margin-left:auto}\n"
	"footer.page{padding-top:0;padding-bottom:2rem}\n"
	".filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.5rem 1rem;"
	"margin:1rem 0;padding:.75rem;border:1px solid var(--line);border-radius:6px}\n"
	".filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}\n"
	".filters .go{align-self:end}\n"
	".filters label.check{justify-content:flex-end}\n"
	".filters label.check span{display:flex;gap:.4rem;align-items:center;color:var(--fg)}\n"
	".carried{font-size:.9rem;color:var(--muted);overflow-wrap:anywhere}\n"
	".review{border:1px solid var(--line);border-radius:6px;padding:.75rem;margin:1rem 0}\n"
	".review form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.4rem 0}\n"
	".msg{border-left:4px solid var(--new);background:var(--soft);padding:.5rem .9rem}\n"
	".msg.err{border-color:var(--ref)}\n"
	".para{max-width:70ch;overflow-wrap:anywhere}\n"
	".doc p{max-width:70ch;overflow-wrap:anywhere}\n"
	".doc mark a{color:inherit}\n"
	"td{overflow-wrap:break-word}\ntd code{overflow-wrap:anywhere}\n"
	".tlbox{display:flex;align-items:flex-start;max-width:100%}\n"
	".tlbox .tl .spk{font-size:11px}\n"
	".tlbox svg.tl{display:block;width:auto;height:auto;min-width:0;max-width:none}\n"
	".tlbox svg.names{flex:none}\n"
	".tlbox .chart{flex:1 1 auto;min-width:0;overflow-x:auto}\n"
	"svg.tl a:focus .mk,svg.tl a:hover .mk{stroke:var(--fg);stroke-width:2.5}\n"
	".scroll-hint{display:none;font-size:.85rem;color:var(--muted);margin:.25rem 0}\n"
	"@media (max-width:58rem){.scroll-hint.w1{display:block}}\n"
	"@media (max-width:78rem){.scroll-hint.w2{display:block}}\n"
	"@media (max-width:98rem){.scroll-hint.w3{display:block}}\n"
	".legend .s{color:var(--sup)}.legend .r{color:var(--ref)}\n"
	"main h2{margin-top:2.25rem}\n"
	"@media (max-width:30rem){td.name{min-width:0}th,td{padding-right:.35rem}"
	"table{font-size:.8rem}th{font-size:.68rem}.wide{display:none}}\n"
	".narrow{display:none;font-size:inherit}\n@media (max-width:30rem){.narrow{display:inline}}\n"
	".folded summary{font-weight:600}\n"
	".pairs{list-style:none;padding:0;margin:.5rem 0}\n"
	".pairs li{padding:.35rem 0;border-bottom:1px solid var(--line)}\n"
	".vs{color:var(--muted);margin:0 .35rem}\n"
	".pager{display:flex;gap:1rem;margin:1rem 0}\n"
	"@media print{header.site,form,.scroll-hint,.review,.pager{display:none}}\n";

/* The site's icon: the charts' two marks, supports and refutes. */
const char serve_icon[] =
	"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\">"
	"<circle cx=\"10\" cy=\"16\" r=\"7\" fill=\"#0069b4\"/>"
	"<rect x=\"17\" y=\"9\" width=\"13\" height=\"13\" fill=\"#c25100\"/></svg>\n";

/* Filters the rows of a table as one types (the proposition list), and
 * keeps a timeline scrolled to its newest marks. Nothing needs it. */
const char serve_js[] =
	"'use strict';\n"
	"document.addEventListener('DOMContentLoaded', function () {\n"
	"  document.querySelectorAll('input[data-filter]').forEach(function (input) {\n"
	"    var rows = document.querySelectorAll(input.getAttribute('data-filter') + ' tbody tr');\n"
	"    input.addEventListener('input', function () {\n"
	"      var q = input.value.toLowerCase();\n"
	"      rows.forEach(function (tr) {\n"
	"        tr.hidden = q !== '' && tr.textContent.toLowerCase().indexOf(q) < 0;\n"
	"      });\n"
	"    });\n"
	"  });\n"
	"  document.querySelectorAll('.chart').forEach(function (c) {\n"
	"    c.scrollLeft = c.scrollWidth;\n"
	"  });\n"
	"});\n";
