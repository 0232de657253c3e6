/*
 * Unit tests for the report writers (report_html.c, report_svg.c,
 * report_md.c, report_csv.c, report_json.c) on reports built by hand: the page's CSP and
 * escaping of hostile article text, links only to http(s), the timeline's
 * marks and shapes, empty reports, CSV that parses back with formula cells
 * neutralised, Markdown that cannot make links, and write errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "claimtrack/claimtrack.h"

/* ---- fixtures ---- */

#define XSS_SCRIPT "<script>alert(1)</script>"
#define XSS_IMG "\"><img src=x onerror=alert(1)>"
#define FORMULA "=cmd|' /C calc'!A0"
#define MD_LINK "[x](javascript:alert(1))"
#define MD_MARKS "`rm -rf` *bold* _it_"

static const char seed_url[] =
	"https://www.example.org/news/2022/2/18/isis-afghanistan";

/* The seed article's claims, a speaker who changes stance, and a hostile
 * document; newest first as ct_report_build() gives them. */
static struct ct_report_claim claims[] = {
	{ .id = 7, .stance = CT_REFUTES, .speaker = "Inayatullah Khwarazami",
	  .speaker_kind = CT_SPEAKER_PERSON, .role = "spokesman of the Taliban Defence Ministry",
	  .outlet = "Al Jazeera", .date = "2022-02-18", .published = "2022-02-18",
	  .sentence = "There are no terrorists in Afghanistan,\" claimed the ministry's spokesman.",
	  .match = "There are no terrorists in Afghanistan", .document_id = 1, .url = seed_url,
	  .title = "ISIS concerns us in Afghanistan", .rule_file = "rules/afghanistan.rules",
	  .rule_line = 90, .is_new = true },
	{ .id = 6, .stance = CT_SUPPORTS, .speaker = "Stanislav Zas",
	  .speaker_kind = CT_SPEAKER_PERSON, .role = "Secretary-General of the CSTO",
	  .via = "Tolo News", .outlet = "Al Jazeera", .date = "2022-02-18",
	  .published = "2022-02-18",
	  .sentence = "Zas has warned that the re-emergence of international terrorist "
		      "organisations such as Al-Qaeda and ISIS poses a threat.",
	  .match = "re-emergence of international terrorist organisations", .document_id = 1,
	  .url = seed_url, .rule_file = "rules/afghanistan.rules", .rule_line = 40 },
	{ .id = 5, .stance = CT_REFUTES, .speaker = "Hostile <b>Speaker</b>",
	  .speaker_kind = CT_SPEAKER_PERSON, .outlet = "Evil & Co", .date = "2022-02-10",
	  .published = "2022-02-10",
	  .sentence = "He said " XSS_SCRIPT " and " XSS_IMG " and " MD_LINK " loudly " MD_MARKS ".",
	  .match = XSS_SCRIPT, .document_id = 3, .url = "javascript:alert(1)",
	  .title = "Hostile title", .rule_file = "rules/x.rules", .rule_line = 3 },
	{ .id = 4, .stance = CT_REFUTES, .speaker = "Abdul Rahman", .speaker_kind = CT_SPEAKER_PERSON,
	  .role = "governor", .outlet = "Tolo News", .date = "2022-01-20", .published = "2022-01-21",
	  .statement_date = true, .sentence = "Abdul Rahman said there is no ISIS in the province.",
	  .match = "there is no ISIS", .document_id = 2, .url = "https://tolonews.com/x",
	  .rule_file = "rules/afghanistan.rules", .rule_line = 91, .reviewed = true },
	{ .id = 3, .stance = CT_SUPPORTS, .hedged = true, .speaker = "US officials",
	  .speaker_kind = CT_SPEAKER_GROUP, .outlet = "Tolo News", .date = "2022-01-05",
	  .published = "2022-01-05", .sentence = FORMULA " ISIS may be regrouping, officials said.",
	  .match = "ISIS may be regrouping", .document_id = 2,
	  .rule_file = "rules/afghanistan.rules", .rule_line = 41 },
	{ .id = 2, .stance = CT_SUPPORTS, .speaker = "Abdul Rahman", .speaker_kind = CT_SPEAKER_PERSON,
	  .role = "governor", .outlet = "Tolo News", .date = "2021-12-20", .published = "2021-12-21",
	  .statement_date = true, .sentence = "ISIS fighters are active in the province, he said.",
	  .match = "ISIS fighters are active", .document_id = 4,
	  .rule_file = "rules/afghanistan.rules", .rule_line = 42 },
	{ .id = 1, .stance = CT_SUPPORTS, .speaker = "Kenneth McKenzie",
	  .speaker_kind = CT_SPEAKER_PERSON, .role = "Centcom chief", .outlet = "Al Jazeera",
	  .date = "2021-12-17", .published = "2022-02-18", .statement_date = true,
	  .sentence = "\"ISIS concerns us in Afghanistan. We know that the Taliban are no friends,\" "
		      "McKenzie stated in the interview.",
	  .match = "ISIS concerns us in Afghanistan", .document_id = 1, .url = seed_url,
	  .rule_file = "rules/afghanistan.rules", .rule_line = 39 },
};

#define N_CLAIMS (sizeof claims / sizeof *claims)

static struct ct_report_speaker supporters[] = {
	{ "Kenneth McKenzie", CT_SPEAKER_PERSON, "Centcom chief", 1, 0, "2021-12-17", "2021-12-17",
	  "Al Jazeera" },
	{ "Stanislav Zas", CT_SPEAKER_PERSON, NULL, 1, 0, "2022-02-18", "2022-02-18", "Al Jazeera" },
	{ "Abdul Rahman", CT_SPEAKER_PERSON, "governor", 1, 0, "2021-12-20", "2021-12-20",
	  "Tolo News" },
	{ "US officials", CT_SPEAKER_GROUP, NULL, 0, 1, "2022-01-05", "2022-01-05", "Tolo News" },
};

static struct ct_report_speaker refuters[] = {
	{ "Inayatullah Khwarazami", CT_SPEAKER_PERSON, NULL, 1, 0, "2022-02-18", "2022-02-18",
	  "Al Jazeera" },
	{ "Hostile <b>Speaker</b>", CT_SPEAKER_PERSON, XSS_IMG, 1, 0, "2022-02-10", "2022-02-10",
	  "Evil & Co" },
	{ "Abdul Rahman", CT_SPEAKER_PERSON, "governor", 1, 0, "2022-01-20", "2022-01-20",
	  "Tolo News" },
};

static struct ct_report_contradiction contradictions[] = {
	{ &claims[1], &claims[0], true },
	{ &claims[6], &claims[0], true },
	{ &claims[6], &claims[2], false },
};

static struct ct_report_change changes[] = {
	{ "Abdul Rahman", &claims[5], &claims[3], false },
};

static struct ct_report_proposition props[] = {
	{ .id = "af.terrorist-presence", .title = "Terrorist groups are active in Afghanistan",
	  .tags = "afghanistan security", .rev = 1, .supports = 3, .refutes = 3,
	  .hedged_supports = 1, .speakers_supporting = 3, .speakers_refuting = 3, .documents = 4,
	  .n_new = 1, .first = "2021-12-17", .last = "2022-02-18", .claims = claims,
	  .n_claims = N_CLAIMS, .supporters = supporters, .n_supporters = 4,
	  .refuters = refuters, .n_refuters = 3, .contradictions = contradictions,
	  .n_contradictions = 3, .contradicting_pairs = 5, .changes = changes, .n_changes = 1,
	  .all_changes = 1 },
	{ .id = "af.foreign-troops", .title = "Foreign troops are present in Afghanistan",
	  .tags = "", .rev = 2, .first = NULL, .last = NULL },
};

static struct ct_report make_report(void)
{
	struct ct_report r = {
		.since = "", .until = "", .first = "2021-12-17", .last = "2022-02-18",
		.generated = "2022-02-19T06:00:00Z", .documents = 4, .claims = N_CLAIMS,
		.speakers = 6, .outlets = 2, .new_claims = 1, .new_contradictions = 2,
		.new_changes = 0, .has_previous = true, .max_claim = 7,
		.propositions = props, .n_propositions = 2,
	};
	return r;
}

/* ---- helpers ---- */

typedef int (*writer_fn)(const struct ct_report *r, FILE *f);

/* Runs a writer into memory; returns the malloc'd text. */
static char *render(writer_fn fn, const struct ct_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(fn(r, f), CT_OK);
	assert_int_equal(fclose(f), 0);
	assert_non_null(buf);
	assert_int_equal(strlen(buf), len);
	return buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The first timeline chart of a page, as a malloc'd string. */
static char *first_chart(const char *html)
{
	const char *s = strstr(html, "<svg class=\"tl\"");
	const char *e = s ? strstr(s, "</svg>") : NULL;

	assert_non_null(e);
	return strndup(s, (size_t)(e - s) + 6);
}

/* ---- HTML ---- */

static void test_html_csp_and_no_script(void **state)
{
	(void)state;
	struct ct_report r = make_report();
	char *html = render(ct_report_write_html, &r);

	assert_non_null(strstr(html, "<!DOCTYPE html>"));
	assert_non_null(strstr(html, "<meta http-equiv=\"Content-Security-Policy\" "
				     "content=\"default-src 'none'; style-src 'unsafe-inline'; "
				     "img-src data:; script-src 'none';"));
	/* The CSP comes before anything that could load or run. */
	assert_true(strstr(html, "Content-Security-Policy") < strstr(html, "<style>"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<SCRIPT"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "<iframe"));
	free(html);
}

static void test_html_escapes_article_text(void **state)
{
	(void)state;
	struct ct_report r = make_report();
	char *html = render(ct_report_write_html, &r);

	assert_null(strstr(html, XSS_SCRIPT));
	assert_null(strstr(html, XSS_IMG));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<b>Speaker"));
	assert_null(strstr(html, "onerror=alert(1)>"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
	assert_non_null(strstr(html, "Hostile &lt;b&gt;Speaker&lt;/b&gt;"));
	assert_non_null(strstr(html, "Evil &amp; Co"));
	assert_non_null(strstr(html, "the ministry&#39;s spokesman"));
	/* The matched part is marked, escaped. */
	assert_non_null(strstr(html, "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>"));
	assert_non_null(strstr(html, "<mark>There are no terrorists in Afghanistan</mark>"));
	free(html);
}

static void test_html_links_only_http(void **state)
{
	(void)state;
	struct ct_report r = make_report();
	char *html = render(ct_report_write_html, &r);

	/* Every link is to https:// or within the page. */
	assert_null(strstr(html, "href=\"javascript"));
	assert_int_equal(count(html, "href=\""),
			 count(html, "href=\"https://") + count(html, "href=\"#"));
	assert_non_null(strstr(html, "<a href=\"https://www.example.org/news/2022/2/18/"
				     "isis-afghanistan\""));
	assert_non_null(strstr(html, "<a href=\"https://tolonews.com/x\""));
	/* The hostile document's title shows, unlinked. */
	assert_non_null(strstr(html, " \xc2\xb7 Hostile title</p>"));
	free(html);
}

static void test_html_content(void **state)
{
	(void)state;
	struct ct_report r = make_report();
	char *html = render(ct_report_write_html, &r);

	assert_non_null(strstr(html, "Everything stored"));
	assert_non_null(strstr(html, "Terrorist groups are active in Afghanistan"));
	assert_non_null(strstr(html, "<code>af.terrorist-presence</code> \xc2\xb7 rev 1"));
	assert_non_null(strstr(html, "tags: afghanistan security"));
	assert_non_null(strstr(html, "New since the previous report:"));
	assert_non_null(strstr(html, "2 contradictions"));
	/* Dates say which they are. */
	assert_non_null(strstr(html, "stated 2021-12-17, published 2022-02-18"));
	assert_non_null(strstr(html, "published 2022-02-18 \xc2\xb7 Al Jazeera"));
	assert_non_null(strstr(html, "via Tolo News"));
	assert_non_null(strstr(html,
			       "<h3 id=\"af.terrorist-presence_contradictions\">Contradictions</h3>"));
	assert_int_equal(count(html, "<div class=\"pair\">"), 3 + 1);
	assert_non_null(strstr(html, "the newest 3 of 5 pairs"));
	assert_non_null(strstr(html, "<strong>Abdul Rahman</strong> went from supports to refutes"));
	/* Both propositions are in the table of contents, linked by their ids
	 * (not their rank, which changes from one report to the next). */
	assert_non_null(strstr(html, "href=\"#af.terrorist-presence\""));
	assert_non_null(strstr(html, "href=\"#af.foreign-troops\""));
	assert_non_null(strstr(html, "<section class=\"prop\" id=\"af.terrorist-presence\">"));
	assert_non_null(strstr(html, "<section class=\"prop\" id=\"af.foreign-troops\">"));
	assert_non_null(strstr(html, "id=\"af.terrorist-presence_timeline\""));
	assert_int_equal(count(html, "<section class=\"prop\""), 2);
	free(html);
}

/* Whether c may stand in an element id as written. */
static bool id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == '_';
}

/*
 * Propositions are anchored by id, whatever bytes the store holds for it:
 * every element id is made of safe characters, no two are the same, and
 * every link within the page has its target.
 */
static void test_html_anchors_by_id(void **state)
{
	(void)state;
	/* "a b" is escaped to "a_20b", which an id "a_20b" must not share, nor
	 * a part of "a" ("a_changes") an id "a_changes". */
	static const char *const ids[] = { "a b", "a_20b", "a", "a_changes", "x\"><b>y", "", "Z.9" };
	enum { N = sizeof ids / sizeof *ids };
	struct ct_report_proposition p[N];
	struct ct_report r = make_report();
	char *html, *found[8 * N];
	size_t n_found = 0;

	memset(p, 0, sizeof p);
	for (size_t i = 0; i < N; i++) {
		p[i] = props[0];
		p[i].id = ids[i];
		p[i].title = ids[i];
	}
	r.propositions = p;
	r.n_propositions = N;
	html = render(ct_report_write_html, &r);
	for (const char *at = strstr(html, " id=\""); at; at = strstr(at + 1, " id=\"")) {
		const char *v = at + 5, *e = strchr(v, '"');
		assert_non_null(e);
		assert_true(e > v);
		for (const char *c = v; c < e; c++)
			if (!id_char(*c))
				fail_msg("id with '%c': %.*s", *c, (int)(e - v), v);
		assert_true(n_found < 8 * N);
		found[n_found] = strndup(v, (size_t)(e - v));
		for (size_t k = 0; k < n_found; k++)
			if (strcmp(found[k], found[n_found]) == 0)
				fail_msg("id \"%s\" twice", found[k]);
		n_found++;
	}
	/* A section, a timeline and five headings per proposition. */
	assert_int_equal(n_found, 7 * N);
	assert_int_equal(count(html, "href=\"#"), N);
	for (const char *at = strstr(html, "href=\"#"); at; at = strstr(at + 1, "href=\"#")) {
		const char *v = at + 7, *e = strchr(v, '"');
		bool target = false;
		for (size_t k = 0; k < n_found; k++)
			target = target || (strlen(found[k]) == (size_t)(e - v) &&
					    strncmp(found[k], v, (size_t)(e - v)) == 0);
		if (!target)
			fail_msg("link to #%.*s, which is not in the page", (int)(e - v), v);
	}
	assert_non_null(strstr(html, "id=\"a_20b\""));
	assert_non_null(strstr(html, "id=\"a_5f20b\""));
	for (size_t k = 0; k < n_found; k++)
		free(found[k]);
	free(html);
}

/* The list of reports counts in the singular when a count is 1. */
static void test_index_plurals(void **state)
{
	(void)state;
	struct ct_report_index_entry e[] = {
		{ .folder = "2022-02-19", .kind = "nightly", .generated = "2022-02-19T06:00:00Z",
		  .documents = 1, .claims = 1, .propositions = 1, .has_new = true,
		  .new_claims = 1, .new_contradictions = 1, .new_changes = 1 },
		{ .folder = "2022-02-18", .kind = "report", .generated = "2022-02-18T06:00:00Z",
		  .documents = 2, .claims = 3, .propositions = 2, .has_new = true,
		  .new_claims = 2, .new_contradictions = 0, .new_changes = 2 },
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(ct_report_write_index(e, 2, f), CT_OK);
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(buf, "1 claim in 1 document, 1 proposition<"));
	assert_non_null(strstr(buf, "new: 1 claim, 1 contradiction, 1 stance change<"));
	assert_non_null(strstr(buf, "3 claims in 2 documents, 2 propositions<"));
	assert_non_null(strstr(buf, "new: 2 claims, 0 contradictions, 2 stance changes<"));
	free(buf);
}

static void test_html_empty_report(void **state)
{
	(void)state;
	struct ct_report r = { .generated = "2022-02-19T06:00:00Z" };
	char *html = render(ct_report_write_html, &r);

	assert_non_null(strstr(html, "No claims in this period."));
	assert_non_null(strstr(html, "<b>0</b><span>claims</span>"));
	assert_null(strstr(html, "<section"));
	assert_null(strstr(html, "New since"));
	assert_non_null(strstr(html, "</html>\n"));
	free(html);

	memcpy(r.since, "2022-01-01", 11);
	html = render(ct_report_write_html, &r);
	assert_non_null(strstr(html, "<h1>Since 2022-01-01</h1>"));
	free(html);
}

/* ---- timeline ---- */

static void test_svg_one_mark_per_claim(void **state)
{
	(void)state;
	struct ct_report r = make_report();
	char *html = render(ct_report_write_html, &r);
	char *svg = first_chart(html);
	size_t sup = 0, ref = 0;

	for (size_t i = 0; i < N_CLAIMS; i++) {
		sup += claims[i].stance == CT_SUPPORTS;
		ref += claims[i].stance == CT_REFUTES;
	}
	/* Supports are circles, refutes squares: shape, not only colour. */
	assert_int_equal(count(svg, "<circle class=\"mk s"), sup);
	assert_int_equal(count(svg, "<rect class=\"mk r"), ref);
	assert_int_equal(count(svg, "class=\"mk "), N_CLAIMS);
	assert_int_equal(count(svg, "<circle class=\"mk s h\""), 1);
	assert_non_null(strstr(svg, "role=\"img\""));
	assert_non_null(strstr(svg, "aria-label=\"Timeline of 7 claims by 6 speakers from "
				    "2021-12-17 to 2022-02-18"));
	/* One lane per speaker, tooltips escaped. */
	assert_int_equal(count(svg, "<text class=\"spk\""), 6);
	assert_non_null(strstr(svg, "Stanislav Zas, Secretary-General of the CSTO\nsupports "
				    "\xc2\xb7 published 2022-02-18\nAl Jazeera, via Tolo News"));
	assert_null(strstr(svg, "<script"));
	/* A date tick. */
	assert_non_null(strstr(svg, "<text class=\"tick\""));
	free(svg);
	/* The second proposition has no claims. */
	assert_non_null(strstr(html, "No dated claims to chart."));
	free(html);
}

static void test_svg_caps_lanes(void **state)
{
	(void)state;
	enum { N = 40 };
	struct ct_report_claim many[N];
	char names[N][16];
	struct ct_report_proposition p = props[0];
	struct ct_report r = make_report();

	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "Speaker %02d", i % 20);
		many[i] = claims[i % N_CLAIMS];
		many[i].speaker = names[i];
		many[i].date = i == 3 ? NULL : many[i].date;
	}
	p.claims = many;
	p.n_claims = N;
	r.propositions = &p;
	r.n_propositions = 1;
	char *html = render(ct_report_write_html, &r);
	char *svg = first_chart(html);

	assert_int_equal(count(svg, "<text class=\"spk\""), 16);
	assert_non_null(strstr(svg, ">5 other speakers</text>"));
	assert_int_equal(count(svg, "class=\"mk "), N - 1);
	assert_non_null(strstr(html, "the last lane holds the other 5"));
	assert_non_null(strstr(html, "1 claim without a date is not shown"));
	free(svg);
	free(html);
}

static void test_svg_single_day(void **state)
{
	(void)state;
	struct ct_report_proposition p = props[0];
	struct ct_report r = make_report();

	p.claims = &claims[0];
	p.n_claims = 2;   /* both 2022-02-18 */
	r.propositions = &p;
	r.n_propositions = 1;
	char *html = render(ct_report_write_html, &r);
	char *svg = first_chart(html);

	assert_int_equal(count(svg, "class=\"mk "), 2);
	assert_int_equal(count(svg, "<text class=\"tick\""), 1);
	assert_non_null(strstr(svg, ">2022-02-18</text>"));
	free(svg);
	free(html);
}

/* Whether s is well-formed UTF-8 (no truncated sequences). */
static bool utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2
			 : (*p & 0xF8) == 0xF0 ? 3 : 9;
		if (n == 9)
			return false;
		for (p++; n > 0; n--, p++)
			if ((*p & 0xC0) != 0x80)
				return false;
	}
	return true;
}

static void test_long_text_cut_on_characters(void **state)
{
	(void)state;
	char sentence[3001];
	struct ct_report_claim c = claims[1];
	struct ct_report_proposition p = props[0];
	struct ct_report r = make_report();

	for (size_t i = 0; i + 2 < sizeof sentence; i += 2)
		memcpy(sentence + i, "\xc3\xa9", 2);   /* é */
	sentence[sizeof sentence - 1] = '\0';
	sentence[sizeof sentence - 2] = 'x';
	c.sentence = sentence;
	c.match = "x";
	c.speaker = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9";   /* 29 bytes */
	p.claims = &c;
	p.n_claims = 1;
	r.propositions = &p;
	r.n_propositions = 1;

	char *html = render(ct_report_write_html, &r);
	char *md = render(ct_report_write_md, &r);
	assert_true(utf8_ok(html));
	assert_true(utf8_ok(md));
	/* The tooltip, the lane label and the card quote are cut, with an ellipsis. */
	assert_true(count(html, "\xc3\xa9\xe2\x80\xa6") >= 3);
	/* The match lies beyond the cut: the quote is not marked. */
	assert_null(strstr(html, "<mark>x</mark>"));
	free(html);
	free(md);
}

/* ---- CSV ---- */

/* Parses RFC 4180 text; returns the number of records and checks that each
 * has n_fields fields. *cell gets a malloc'd copy of field `want_field` of
 * record `want_row` (0-based). */
static size_t csv_parse(const char *s, size_t n_fields, size_t want_row, size_t want_field,
			char **cell)
{
	size_t rows = 0, field = 0, len = 0;
	char buf[4096];

	while (*s) {
		len = 0;
		if (*s == '"') {
			for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
				if (*s == '"')
					s++;
				buf[len++] = *s;
			}
			assert_int_equal(*s, '"');
			s++;
		} else {
			for (; *s && *s != ',' && *s != '\r' && *s != '\n'; s++)
				buf[len++] = *s;
		}
		buf[len] = '\0';
		if (rows == want_row && field == want_field)
			*cell = strdup(buf);
		field++;
		if (*s == ',') {
			s++;
			continue;
		}
		assert_int_equal(s[0], '\r');
		assert_int_equal(s[1], '\n');
		s += 2;
		assert_int_equal(field, n_fields);
		field = 0;
		rows++;
	}
	return rows;
}

static void test_csv_parses_back(void **state)
{
	(void)state;
	struct ct_report r = make_report();
	char *csv = render(ct_report_write_csv, &r);
	char *cell = NULL;

	static const char header[] =
		"proposition,title,rev,stance,hedged,date,date_kind,published,"
		"speaker,speaker_kind,role,outlet,via,sentence,match,url,"
		"document_id,claim_id,rule_file,rule_line,reviewed\r\n";

	assert_true(strncmp(csv, header, sizeof header - 1) == 0);
	assert_int_equal(csv_parse(csv, 21, 5, 13, &cell), 1 + N_CLAIMS);
	/* Row 5 is claim id 3: its sentence starts with a formula. */
	assert_non_null(cell);
	assert_string_equal(cell, "'" FORMULA " ISIS may be regrouping, officials said.");
	free(cell);
	cell = NULL;
	csv_parse(csv, 21, 1, 13, &cell);
	assert_string_equal(cell, claims[0].sentence);   /* quotes doubled and undone */
	free(cell);
	/* The reviewed claim (id 4, row 4) is marked; the others are not. */
	cell = NULL;
	csv_parse(csv, 21, 4, 20, &cell);
	assert_string_equal(cell, "true");
	free(cell);
	cell = NULL;
	csv_parse(csv, 21, 1, 20, &cell);
	assert_string_equal(cell, "false");
	free(cell);
	assert_non_null(strstr(csv, ",4,rules/afghanistan.rules,91,true\r\n"));
	assert_non_null(strstr(csv, "af.terrorist-presence,Terrorist groups are active in "
				    "Afghanistan,1,supports,false,2021-12-17,statement,2022-02-18,"
				    "Kenneth McKenzie,person,Centcom chief,Al Jazeera,,"));
	assert_non_null(strstr(csv, ",2022-02-18,publication,2022-02-18,Stanislav Zas,"));
	assert_non_null(strstr(csv, ",supports,true,"));
	free(csv);
}

static void test_csv_empty(void **state)
{
	(void)state;
	struct ct_report r = { .generated = "2022-02-19T06:00:00Z" };
	char *csv = render(ct_report_write_csv, &r);
	char *cell = NULL;

	assert_int_equal(csv_parse(csv, 21, 0, 0, &cell), 1);
	assert_string_equal(cell, "proposition");
	free(cell);
	free(csv);
}

/* ---- Markdown ---- */

/* Whether every ch in s is backslash-escaped or starts `except`. */
static bool all_escaped(const char *s, char ch, const char *except)
{
	for (const char *p = strchr(s, ch); p; p = strchr(p + 1, ch)) {
		if (p > s && p[-1] == '\\')
			continue;
		if (except && strncmp(p, except, strlen(except)) == 0)
			continue;
		return false;
	}
	return true;
}

static void test_md_content_and_escapes(void **state)
{
	(void)state;
	struct ct_report r = make_report();
	char *md = render(ct_report_write_md, &r);

	assert_non_null(strstr(md, "# claimtrack report: everything stored\n"));
	assert_non_null(strstr(md, "\n## Terrorist groups are active in Afghanistan\n"));
	assert_non_null(strstr(md, "\n## Foreign troops are present in Afghanistan\n"));
	assert_non_null(strstr(md, "**New since the previous report:** 1 claim, "
				   "2 contradictions, 0 stance changes."));
	assert_non_null(strstr(md, "Kenneth McKenzie (1)"));
	assert_non_null(strstr(md, "US officials (0 + 1 hedged)"));
	assert_non_null(strstr(md, "### Contradictions (the newest 3 of 5)"));
	assert_non_null(strstr(md, "**Inayatullah Khwarazami**, spokesman of the Taliban Defence "
				   "Ministry \xe2\x80\x94 refutes, published 2022-02-18, Al Jazeera"));
	assert_non_null(strstr(md, "stated 2021-12-17"));
	assert_non_null(strstr(md, ", via Tolo News"));
	assert_non_null(strstr(md, "**Abdul Rahman** went from supports to refutes"));
	assert_non_null(strstr(md, " <https://www.example.org/news/2022/2/18/isis-afghanistan>"));
	/* Article text cannot make links, HTML or emphasis. */
	assert_null(strstr(md, MD_LINK));
	assert_non_null(strstr(md, "\\[x\\](javascript:alert(1))"));
	assert_true(all_escaped(md, '<', "<https://"));
	assert_true(all_escaped(md, '[', NULL));
	assert_true(all_escaped(md, '`', NULL));
	assert_non_null(strstr(md, "\\<script\\>alert(1)\\</script\\>"));
	assert_non_null(strstr(md, "Hostile \\<b\\>Speaker\\</b\\>"));
	assert_non_null(strstr(md, "Evil \\& Co"));
	assert_non_null(strstr(md, "\\`rm -rf\\` \\*bold\\* \\_it\\_"));
	free(md);
}

static void test_md_empty(void **state)
{
	(void)state;
	struct ct_report r = { .generated = "2022-02-19T06:00:00Z" };
	char *md = render(ct_report_write_md, &r);

	assert_non_null(strstr(md, "No claims in this period."));
	assert_null(strstr(md, "\n## "));
	free(md);
}

/* ---- JSON ---- */

/* The claim of a proposition's "claims" array with this id; borrowed. */
static json_t *claim_with_id(json_t *prop, json_int_t id)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(prop, "claims"), i, c)
		if (json_integer_value(json_object_get(c, "id")) == id)
			return c;
	return NULL;
}

/* Contradictions and changes repeat their claims whole, as "claims" has them. */
static void test_json_repeats_claims(void **state)
{
	(void)state;
	struct ct_report r = make_report();
	char *text = render(ct_report_write_json, &r);
	json_error_t err;
	json_t *root = json_loads(text, 0, &err), *prop, *contra, *change;
	size_t i;

	assert_non_null(root);
	prop = json_array_get(json_object_get(root, "propositions"), 0);
	contra = json_object_get(prop, "contradictions");
	assert_int_equal(json_array_size(contra), 3);
	json_array_foreach(contra, i, change) {
		json_t *s = json_object_get(change, "supports"), *f = json_object_get(change, "refutes");
		assert_int_equal(json_integer_value(json_object_get(s, "id")),
				 r.propositions[0].contradictions[i].supports->id);
		assert_true(json_equal(s, claim_with_id(prop, json_integer_value(json_object_get(s, "id")))));
		assert_true(json_equal(f, claim_with_id(prop, json_integer_value(json_object_get(f, "id")))));
	}
	change = json_array_get(json_object_get(prop, "changes"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(change, "from"),
							      "sentence")),
			    claims[5].sentence);
	assert_true(json_equal(json_object_get(change, "to"), claim_with_id(prop, claims[3].id)));
	json_decref(root);
	free(text);
}

/* A contradiction may show a claim that is not among the proposition's own. */
static void test_json_claim_outside_the_list(void **state)
{
	(void)state;
	struct ct_report r = make_report();
	struct ct_report_claim outside = claims[1];
	struct ct_report_contradiction c = { &outside, &claims[0], false };
	struct ct_report_proposition prop;
	char *text;
	json_error_t err;
	json_t *root, *shown;

	outside.id = 99;
	outside.speaker = "Someone Else";
	/* The fixture's propositions are shared by every test: change a copy. */
	prop = r.propositions[0];
	prop.contradictions = &c;
	prop.n_contradictions = 1;
	r.propositions = &prop;
	r.n_propositions = 1;
	text = render(ct_report_write_json, &r);
	root = json_loads(text, 0, &err);
	assert_non_null(root);
	shown = json_object_get(json_array_get(json_object_get(json_array_get(
		json_object_get(root, "propositions"), 0), "contradictions"), 0), "supports");
	assert_int_equal(json_integer_value(json_object_get(shown, "id")), 99);
	assert_string_equal(json_string_value(json_object_get(shown, "speaker")), "Someone Else");
	json_decref(root);
	free(text);
}

/*
 * The JSON is laid out as jansson dumps it (JSON_INDENT(1), keys in order)
 * with jansson's rules for strings: escapes, and a string that is not
 * UTF-8 is null, or left out of an array.
 */
static void test_json_as_jansson_dumps_it(void **state)
{
	(void)state;
	struct ct_report r = make_report();
	struct ct_report_claim odd = claims[1];
	struct ct_report_proposition prop = props[0];
	struct ct_report_change change = { "Abdul Rahman", &claims[5], &odd, true };
	char *text, *again;
	json_error_t err;
	json_t *root, *shown, *carried, *tags;

	odd.sentence = "Tab\there, \"quoted\", back\\slash, bell\a, \x1f, DEL\x7f, "
		       "caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80 /slash/";
	odd.speaker = "Bad \xc3\x28 UTF-8";   /* a lead byte without its continuation */
	odd.role = "";
	odd.carried_by = "Al Jazeera\nOverlong \xc0\xaf\nSurrogate \xed\xa0\x80\nTolo News";
	prop.tags = "  ok \xff bad  also-ok ";
	prop.changes = &change;
	prop.n_changes = 1;
	prop.supporters = NULL;
	prop.n_supporters = 0;
	r.propositions = &prop;
	r.n_propositions = 1;
	text = render(ct_report_write_json, &r);
	root = json_loads(text, 0, &err);
	assert_non_null(root);
	again = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	assert_non_null(again);
	assert_int_equal(strlen(text), strlen(again) + 1);
	assert_memory_equal(text, again, strlen(again));
	assert_string_equal(text + strlen(again), "\n");
	shown = json_object_get(json_array_get(json_object_get(json_array_get(
		json_object_get(root, "propositions"), 0), "changes"), 0), "to");
	assert_string_equal(json_string_value(json_object_get(shown, "sentence")), odd.sentence);
	assert_true(json_is_null(json_object_get(shown, "speaker")));
	assert_true(json_is_null(json_object_get(shown, "role")));
	carried = json_object_get(shown, "carried_by");
	assert_int_equal(json_array_size(carried), 2);
	assert_string_equal(json_string_value(json_array_get(carried, 1)), "Tolo News");
	tags = json_object_get(json_array_get(json_object_get(root, "propositions"), 0), "tags");
	assert_int_equal(json_array_size(tags), 3);
	assert_string_equal(json_string_value(json_array_get(tags, 1)), "bad");
	assert_non_null(strstr(text, "bell\\u0007, \\u001F, DEL\x7f"));
	assert_non_null(strstr(text, "\"supporters\": [],"));
	free(again);
	json_decref(root);
	free(text);
}

/* ---- write errors ---- */

static void expect_eio(FILE *f)
{
	struct ct_report r = make_report();

	assert_int_equal(ct_report_write_html(&r, f), CT_EIO);
	clearerr(f);
	assert_int_equal(ct_report_write_md(&r, f), CT_EIO);
	clearerr(f);
	assert_int_equal(ct_report_write_csv(&r, f), CT_EIO);
}

/* ---- outlets asserting in their own voice ---- */

/* Claims of a proposition in the outlets' own voice and a speaker's:
 * the Planet asserts, then reports Bob, who disagrees. */
static struct ct_report_claim voice_claims[] = {
	{ .id = 12, .stance = CT_REFUTES, .speaker = "Bob Builder",
	  .speaker_kind = CT_SPEAKER_PERSON, .outlet = "Daily <i>Planet</i>", .date = "2022-01-04",
	  .published = "2022-01-04", .sentence = "Bob Builder said there are no groups there.",
	  .match = "there are no groups", .document_id = 9, .rule_file = "t.rules",
	  .rule_line = 2 },
	{ .id = 11, .stance = CT_SUPPORTS, .speaker = "Daily <i>Planet</i>",
	  .speaker_kind = CT_SPEAKER_NARRATOR, .outlet = "Daily <i>Planet</i>",
	  .date = "2022-01-03", .published = "2022-01-03",
	  .sentence = "Groups are present in the valley, our reporters found.",
	  .match = "Groups are present", .document_id = 8, .url = "https://planet.example/a",
	  .rule_file = "t.rules", .rule_line = 1 },
};

static struct ct_report_speaker voice_refuters[] = {
	{ "Bob Builder", CT_SPEAKER_PERSON, NULL, 1, 0, "2022-01-04", "2022-01-04",
	  "Daily <i>Planet</i>" },
};

static struct ct_report_speaker voice_outlets[] = {
	{ "Daily <i>Planet</i>", CT_SPEAKER_NARRATOR, NULL, 1, 2, "2022-01-03", "2022-01-03",
	  "Daily <i>Planet</i>", &voice_claims[1] },
};

static struct ct_report_contradiction voice_contradictions[] = {
	{ &voice_claims[1], &voice_claims[0], false },
};

static struct ct_report voice_report(struct ct_report_proposition *p)
{
	struct ct_report r = make_report();

	memset(p, 0, 2 * sizeof *p);
	p[0] = (struct ct_report_proposition){
		.id = "t.presence", .title = "Groups are present", .tags = "", .rev = 1,
		.supports = 1, .refutes = 1, .hedged_supports = 2, .speakers_refuting = 1,
		.documents = 2, .first = "2022-01-03", .last = "2022-01-04",
		.claims = voice_claims, .n_claims = 2, .refuters = voice_refuters,
		.n_refuters = 1, .own_supports = 1, .own_hedged_supports = 2,
		.outlets_supporting = 1, .own_supporters = voice_outlets, .n_own_supporters = 1,
		.contradictions = voice_contradictions, .n_contradictions = 1,
		.contradicting_pairs = 1 };
	/* Another without any claim in an outlet's own voice. */
	p[1] = props[0];
	r.propositions = p;
	r.n_propositions = 2;
	return r;
}

static void test_html_own_voice(void **state)
{
	(void)state;
	struct ct_report_proposition p[2];
	struct ct_report r = voice_report(p);
	char *html = render(ct_report_write_html, &r);
	const char *voice = strstr(html, "id=\"t.presence_voice\">Outlets asserting in their own voice");
	const char *lists = strstr(html, "id=\"t.presence_supporters\"");
	const char *contra = strstr(html, "id=\"t.presence_contradictions\"");
	char *speakers;

	/* Its own section, after the speakers' lists, which do not name it
	 * as a speaker (Bob's row names it as the outlet that published him). */
	assert_non_null(voice);
	assert_non_null(lists);
	assert_non_null(contra);
	assert_true(lists < voice && voice < contra);
	speakers = strndup(lists, (size_t)(voice - lists));
	assert_null(strstr(speakers, "<td class=\"name\">Daily"));
	assert_non_null(strstr(speakers, "<td class=\"name\">Bob Builder</td>"));
	free(speakers);
	/* The outlet, its counts and its sample with the match marked. */
	assert_non_null(strstr(voice, "<p class=\"who\">Daily &lt;i&gt;Planet&lt;/i&gt;</p>"));
	assert_non_null(strstr(voice, "1 claim + 2 hedged"));
	assert_non_null(strstr(voice, "<mark>Groups are present</mark> in the valley"));
	assert_non_null(strstr(voice, "href=\"https://planet.example/a\""));
	assert_true(strstr(voice, "<mark>Groups are present</mark>") < contra);
	/* The sides' counts name outlets apart from speakers. */
	assert_non_null(strstr(html, "by 0 speakers and 1 outlet in its own voice"));
	/* A contradiction says which side is an outlet's own voice. */
	assert_non_null(strstr(contra, "<strong>Daily &lt;i&gt;Planet&lt;/i&gt;</strong> "
				       "<span class=\"role\">(own voice)</span> vs. "
				       "<strong>Bob Builder</strong></p>"));
	assert_null(strstr(html, "<i>"));
	/* The other proposition says nobody asserted it in their own voice. */
	assert_non_null(strstr(html, "id=\"af.terrorist-presence_voice\""));
	assert_non_null(strstr(strstr(html, "id=\"af.terrorist-presence_voice\""),
			       "No outlet asserted it in its own voice in this period."));
	free(html);
}

static void test_md_own_voice(void **state)
{
	(void)state;
	struct ct_report_proposition p[2];
	struct ct_report r = voice_report(p);
	char *md = render(ct_report_write_md, &r);
	const char *voice = strstr(md, "\n### Outlets asserting in their own voice\n");

	assert_non_null(voice);
	assert_non_null(strstr(md, "- **Supporting:** 1 claim by 0 speakers and 1 outlet in its "
				   "own voice (and 2 hedged)\n"));
	assert_non_null(strstr(md, "**Who supports it:** nobody"));
	assert_non_null(strstr(voice, "- Supports: **Daily \\<i\\>Planet\\</i\\>** (1 claim + 2 "
				      "hedged, 2022-01-03), the newest: \xe2\x80\x9cGroups are present "
				      "in the valley, our reporters found.\xe2\x80\x9d "
				      "<https://planet.example/a>\n"));
	assert_non_null(strstr(md, "1. **Daily \\<i\\>Planet\\</i\\>** (own voice) vs. **Bob Builder**"));
	/* Only one proposition has the section. */
	assert_int_equal(count(md, "### Outlets asserting in their own voice"), 1);
	free(md);
}

static void test_json_own_voice(void **state)
{
	(void)state;
	struct ct_report_proposition p[2];
	struct ct_report r = voice_report(p);
	char *text = render(ct_report_write_json, &r);
	json_error_t err;
	json_t *root = json_loads(text, 0, &err), *prop, *own, *outlet, *none;

	assert_non_null(root);
	prop = json_array_get(json_object_get(root, "propositions"), 0);
	own = json_object_get(prop, "own_voice");
	assert_true(json_is_object(own));
	assert_int_equal(json_integer_value(json_object_get(own, "supports")), 1);
	assert_int_equal(json_integer_value(json_object_get(own, "refutes")), 0);
	assert_int_equal(json_integer_value(json_object_get(own, "hedged_supports")), 2);
	assert_int_equal(json_integer_value(json_object_get(own, "outlets_supporting")), 1);
	assert_int_equal(json_integer_value(json_object_get(own, "outlets_refuting")), 0);
	assert_int_equal(json_array_size(json_object_get(own, "refuters")), 0);
	outlet = json_array_get(json_object_get(own, "supporters"), 0);
	assert_string_equal(json_string_value(json_object_get(outlet, "name")), "Daily <i>Planet</i>");
	assert_int_equal(json_integer_value(json_object_get(outlet, "claims")), 1);
	assert_int_equal(json_integer_value(json_object_get(outlet, "hedged")), 2);
	/* The sample is the claim as the claims list has it. */
	assert_true(json_equal(json_object_get(outlet, "sample"), claim_with_id(prop, 11)));
	assert_string_equal(json_string_value(json_object_get(json_object_get(outlet, "sample"),
							      "speaker_kind")), "narrator");
	/* Speakers' lists hold no outlet's own voice. */
	assert_int_equal(json_array_size(json_object_get(prop, "supporters")), 0);
	/* Without any: the counts are zero and the lists empty. */
	none = json_object_get(json_array_get(json_object_get(root, "propositions"), 1), "own_voice");
	assert_int_equal(json_integer_value(json_object_get(none, "supports")), 0);
	assert_int_equal(json_array_size(json_object_get(none, "supporters")), 0);
	json_decref(root);
	free(text);
}

static void test_write_errors(void **state)
{
	(void)state;
	char path[] = "/tmp/ct-report-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	close(fd);
	f = fopen(path, "r");
	assert_non_null(f);
	expect_eio(f);
	fclose(f);
	unlink(path);

	f = fopen("/dev/full", "w");
	if (f) {
		expect_eio(f);
		fclose(f);
	}
}

static void test_null_arguments(void **state)
{
	(void)state;
	struct ct_report r = make_report();

	assert_int_equal(ct_report_write_html(NULL, stdout), CT_EINVAL);
	assert_int_equal(ct_report_write_md(&r, NULL), CT_EINVAL);
	assert_int_equal(ct_report_write_csv(NULL, NULL), CT_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_csp_and_no_script),
		cmocka_unit_test(test_html_escapes_article_text),
		cmocka_unit_test(test_html_links_only_http),
		cmocka_unit_test(test_html_content),
		cmocka_unit_test(test_html_empty_report),
		cmocka_unit_test(test_html_anchors_by_id),
		cmocka_unit_test(test_index_plurals),
		cmocka_unit_test(test_svg_one_mark_per_claim),
		cmocka_unit_test(test_svg_caps_lanes),
		cmocka_unit_test(test_svg_single_day),
		cmocka_unit_test(test_long_text_cut_on_characters),
		cmocka_unit_test(test_csv_parses_back),
		cmocka_unit_test(test_csv_empty),
		cmocka_unit_test(test_md_content_and_escapes),
		cmocka_unit_test(test_md_empty),
		cmocka_unit_test(test_json_repeats_claims),
		cmocka_unit_test(test_json_claim_outside_the_list),
		cmocka_unit_test(test_json_as_jansson_dumps_it),
		cmocka_unit_test(test_html_own_voice),
		cmocka_unit_test(test_md_own_voice),
		cmocka_unit_test(test_json_own_voice),
		cmocka_unit_test(test_write_errors),
		cmocka_unit_test(test_null_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
