/*
 * Unit tests for a page's publication date (src/extract/dates.c): one page
 * for each source (JSON-LD in its forms, meta names, itemprop, <time>, the
 * URL, dates written near the title or in a byline) and each language of
 * written dates; weights (published before modified, metadata before
 * text, a byline before a header's date of today); plausibility; the
 * local date of a timestamp. Every page here is written for these tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claimtrack.h"
#include "extract/dates.h"

/* 2024-06-01 00:00 UTC: "now" for every page here. */
#define NOW ((time_t)1717200000)

#define PROSE "<p>The ferry will stop in winter, the operator said on its website, and " \
	"the council has asked for a study of a fixed crossing before the end of next year.</p>"

struct want {
	const char *date, *source, *modified;
};

/* The date found on html (read from url, in lang); each may be NULL. */
static void check(const char *html, const char *url, const char *lang, struct want w)
{
	xmlDoc *doc = NULL;
	struct ct_page_date pd;

	assert_int_equal(ct_page_parse(html, strlen(html), &doc), CT_OK);
	ct_page_date_find(doc, url, lang, NOW, &pd);
	xmlFreeDoc(doc);
	if (strcmp(pd.date, w.date ? w.date : "") != 0)
		fail_msg("date: want \"%s\", got \"%s\" in %s", w.date ? w.date : "", pd.date, html);
	if (w.source && (!pd.source || strcmp(pd.source, w.source) != 0))
		fail_msg("source: want %s, got %s in %s", w.source, pd.source ? pd.source : "none",
			 html);
	if (w.modified && strcmp(pd.modified, w.modified) != 0)
		fail_msg("modified: want %s, got \"%s\"", w.modified, pd.modified);
}

static void test_jsonld_forms(void **state)
{
	(void)state;
	/* A Yoast @graph whose only dated node is a WebPage. */
	check("<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
	      "\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"Ferry News\"},{\"@type\":\"WebPage\","
	      "\"datePublished\":\"2021-05-02T08:00:00+02:00\",\"dateModified\":"
	      "\"2021-05-03T09:00:00+02:00\"}]}</script></head><body>" PROSE "</body></html>",
	      NULL, NULL, (struct want){ "2021-05-02", "json-ld", "2021-05-03" });
	/* A Recipe, with a date written the German way. */
	check("<html><head><script type=\"application/ld+json\">{\"@context\":\"http://schema.org\","
	      "\"@type\":\"Recipe\",\"name\":\"Apfelkuchen\",\"datePublished\":\"11.11.2021\"}"
	      "</script></head><body>" PROSE "</body></html>",
	      NULL, NULL, (struct want){ "2021-11-11", "json-ld", NULL });
	/* A VideoObject's upload date. */
	check("<html><head><script type=\"application/ld+json\">[{\"@type\":\"VideoObject\","
	      "\"uploadDate\":\"2020-02-14\"}]</script></head><body>" PROSE "</body></html>",
	      NULL, NULL, (struct want){ "2020-02-14", "json-ld", NULL });
	/* Published before modified, whatever their order. */
	check("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
	      "\"dateModified\":\"2022-03-01T10:00:00Z\",\"datePublished\":\"2022-02-27T10:00:00Z\"}"
	      "</script></head><body>" PROSE "</body></html>",
	      NULL, NULL, (struct want){ "2022-02-27", "json-ld", "2022-03-01" });
}

static void test_meta_names(void **state)
{
	static const char *const metas[][2] = {
		{ "<meta property=\"article:published\" content=\"2019-01-15T06:00:00+01:00\">",
		  "2019-01-15" },
		{ "<meta name=\"DC.date.issued\" content=\"2018-07-30\">", "2018-07-30" },
		{ "<meta name=\"sailthru.date\" content=\"Mon, 04 Mar 2019 12:00:00 -0500\">",
		  "2019-03-04" },
		{ "<meta name=\"parsely-pub-date\" content=\"2017-09-12T14:00:00Z\">", "2017-09-12" },
		{ "<meta name=\"pubdate\" content=\"20160805\">", "2016-08-05" },
		{ "<meta name=\"citation_publication_date\" content=\"2015/10/01\">", "2015-10-01" },
	};
	char html[1024];

	(void)state;
	for (size_t i = 0; i < sizeof metas / sizeof *metas; i++) {
		snprintf(html, sizeof html, "<html><head>%s</head><body>%s</body></html>", metas[i][0],
			 PROSE);
		check(html, NULL, NULL, (struct want){ metas[i][1], "meta", NULL });
	}
	/* Only a modified date: it stands in, and says so. */
	check("<html><head><meta property=\"article:modified_time\" content=\"2020-08-01\">"
	      "</head><body>" PROSE "</body></html>",
	      NULL, NULL, (struct want){ "2020-08-01", "modified", "2020-08-01" });
}

static void test_itemprop_and_time(void **state)
{
	(void)state;
	check("<html><body><h1>Ferry</h1><span itemprop=\"datePublished\">2014-02-03</span>" PROSE
	      "</body></html>", NULL, NULL, (struct want){ "2014-02-03", "itemprop", NULL });
	check("<html><body><h1>Ferry</h1><p>Posted <time datetime=\"2013-06-07T11:00\">Friday"
	      "</time></p>" PROSE "</body></html>",
	      NULL, NULL, (struct want){ "2013-06-07", "time", NULL });
}

static void test_url(void **state)
{
	(void)state;
	check("<html><body>" PROSE "</body></html>", "https://news.example/2017/06/29/ferry-stops",
	      NULL, (struct want){ "2017-06-29", "url", NULL });
	check("<html><body>" PROSE "</body></html>", "https://news.example/story-20150312-ferry",
	      NULL, (struct want){ "2015-03-12", "url", NULL });
	/* A year and a month only: no date. */
	check("<html><body>" PROSE "</body></html>", "https://news.example/2017/06/ferry-stops",
	      NULL, (struct want){ NULL, NULL, NULL });
}

/* Dates written near the title, in each language. */
static void test_written_dates(void **state)
{
	static const char *const lines[][2] = {
		{ "Bericht vom 22.04.2020", "2020-04-22" },
		{ "Samstag, 5. Oktober 2013", "2013-10-05" },
		{ "Oct. 18, 2019 at 5:03 p.m.", "2019-10-18" },
		{ "Published March 3rd, 2021", "2021-03-03" },
		{ "Publié le 1er mars 2020 à 10h", "2020-03-01" },
		{ "mis à jour le 12 février 2022", "2022-02-12" },
		{ "Publicado el 18 de octubre de 2019", "2019-10-18" },
		{ "lunes, 3 de mayo del 2021", "2021-05-03" },
		{ "Zuletzt 3. März 2022", "2022-03-03" },
		{ "9 settembre 2018", "2018-09-09" },
		{ "15 августа 2016, 13:43", "2016-08-15" },
		{ "Wochenbericht 14. - 20. Januar 2022", "2022-01-14" },
		{ "Festival 3–5 June 2021", "2021-06-03" },
	};
	char html[1024];

	(void)state;
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		snprintf(html, sizeof html, "<html><body><h1>The ferry</h1><p>%s</p>%s</body></html>",
			 lines[i][0], PROSE);
		check(html, NULL, NULL, (struct want){ lines[i][1], "text", NULL });
	}
}

static void test_numeric_order(void **state)
{
	static const char html[] = "<html><body><h1>The ferry</h1><p class=\"byline\">By Ana, "
				   "03/04/2020</p>" PROSE "</body></html>";

	(void)state;
	check(html, NULL, "en-US", (struct want){ "2020-03-04", "byline", NULL });
	check(html, NULL, "de", (struct want){ "2020-04-03", "byline", NULL });
	check(html, NULL, "en", (struct want){ "2020-03-04", "byline", NULL });
	/* A first number over 12 is a day, in any language. */
	check("<html><body><h1>T</h1><p class=\"date\">13/04/2020</p></body></html>", NULL, "en",
	      (struct want){ "2020-04-13", "byline", NULL });
}

static void test_weights(void **state)
{
	(void)state;
	/* Today's date in the header, the article's in its byline. */
	check("<html><body><div class=\"header-date\">Friday, 31 May 2024</div><h1>The ferry</h1>"
	      "<div class=\"byline\">By Ana Ruiz, 12 May 2024</div>" PROSE "</body></html>",
	      NULL, NULL, (struct want){ "2024-05-12", "byline", NULL });
	/* Metadata before the text; the URL before the text. */
	check("<html><head><meta name=\"dc.date\" content=\"2021-01-02\"></head><body><h1>T</h1>"
	      "<p>4 January 2021</p>" PROSE "</body></html>",
	      "https://news.example/2021/01/03/t", NULL, (struct want){ "2021-01-02", "meta", NULL });
	/* A bare meta "date" is as often the last change: the date shown under
	 * the title comes first, the URL does not. */
	check("<html><head><meta name=\"date\" content=\"2021-01-02\"></head><body><h1>T</h1>"
	      "<p class=\"date\">4 January 2021</p>" PROSE "</body></html>",
	      NULL, NULL, (struct want){ "2021-01-04", "byline", NULL });
	check("<html><head><meta name=\"date\" content=\"2021-01-02\"></head><body><h1>T</h1>"
	      PROSE "</body></html>",
	      "https://news.example/2021/01/03/t", NULL, (struct want){ "2021-01-02", "meta", NULL });
	check("<html><body><h1>T</h1><p>4 January 2021</p>" PROSE "</body></html>",
	      "https://news.example/2021/01/03/t", NULL, (struct want){ "2021-01-03", "url", NULL });
	/* A date far down the page counts only when nothing else does. */
	check("<html><body><h1>T</h1>" PROSE PROSE PROSE PROSE PROSE PROSE
	      "<p>Related: 1 June 2019</p></body></html>",
	      NULL, NULL, (struct want){ "2019-06-01", "page", NULL });
}

static void test_plausible(void **state)
{
	(void)state;
	/* After tomorrow: not yet published. */
	check("<html><head><meta name=\"date\" content=\"2030-01-01\"></head><body><h1>T</h1>"
	      "<p>2 May 2024</p></body></html>", NULL, NULL, (struct want){ "2024-05-02", "text", NULL });
	check("<html><body><h1>T</h1><p>2 June 2024</p></body></html>", NULL, NULL,
	      (struct want){ "2024-06-02", "text", NULL });
	check("<html><body><h1>T</h1><p>3 June 2024</p></body></html>", NULL, NULL,
	      (struct want){ NULL, NULL, NULL });
	/* Before 1995 only when metadata says so. */
	check("<html><body><h1>T</h1><p>The flood of 12 March 1987</p></body></html>", NULL, NULL,
	      (struct want){ NULL, NULL, NULL });
	check("<html><head><meta name=\"dc.date\" content=\"1987-03-12\"></head><body></body></html>",
	      NULL, NULL, (struct want){ "1987-03-12", "meta", NULL });
	/* No such day. */
	check("<html><body><h1>T</h1><p>30 February 2020</p></body></html>", NULL, NULL,
	      (struct want){ NULL, NULL, NULL });
}

/* A timestamp keeps the page's own date; a UTC time near midnight yields
 * to the local one the page states. */
static void test_local_date(void **state)
{
	(void)state;
	check("<html><head><meta property=\"article:published_time\" "
	      "content=\"2021-03-09T23:30:00-05:00\"></head><body></body></html>",
	      NULL, NULL, (struct want){ "2021-03-09", "meta", NULL });
	check("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
	      "\"datePublished\":\"2019-10-18T22:04:00Z\"}</script>"
	      "<meta name=\"date\" content=\"Sat, 19 Oct 2019 00:04:00 +0200\"></head><body>"
	      "</body></html>", NULL, NULL, (struct want){ "2019-10-19", "meta", NULL });
	check("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
	      "\"datePublished\":\"Wed, 04 May 2022 02:41:00 GMT\"}</script></head><body>"
	      "<h1>T</h1><p class=\"fecha\">3 de mayo de 2022</p>" PROSE "</body></html>",
	      NULL, NULL, (struct want){ "2022-05-03", "byline", NULL });
	/* Without a local date stated, the timestamp's own. */
	check("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
	      "\"datePublished\":\"2019-10-18T22:04:00Z\"}</script></head><body></body></html>",
	      NULL, NULL, (struct want){ "2019-10-18", "json-ld", NULL });
}

/* The date shown under the title wins when the metadata states it too;
 * not when it is labelled as the updated date. */
static void test_shown_date(void **state)
{
	(void)state;
	check("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
	      "\"datePublished\":\"2021-11-02T10:00:00+01:00\",\"dateModified\":"
	      "\"2023-02-01T09:00:00+01:00\"}</script></head><body><h1>The ferry</h1>"
	      "<div class=\"article-meta\">1. Februar 2023</div>" PROSE "</body></html>",
	      NULL, "de", (struct want){ "2023-02-01", "byline", NULL });
	check("<html><head><meta property=\"article:published_time\" content=\"2022-03-14\">"
	      "<meta name=\"dc.date\" content=\"2022-03-15T07:30+01:00\"></head><body>"
	      "<h1>The ferry</h1><p class=\"stand\">Stand: 15.03.2022, 07:30 Uhr</p>" PROSE
	      "</body></html>", NULL, "de", (struct want){ "2022-03-15", "text", NULL });
	/* Labelled as updated, by a word or by the element's class. */
	check("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
	      "\"datePublished\":\"2021-11-02T10:00:00-05:00\",\"dateModified\":"
	      "\"2023-02-01T09:00:00-05:00\"}</script></head><body><h1>The ferry</h1>"
	      "<div class=\"byline\">By Ana Ruiz <span>Updated <time>Feb 1, 2023, 9:00am</time>"
	      "</span></div>" PROSE "</body></html>",
	      NULL, "en", (struct want){ "2021-11-02", "json-ld", NULL });
	check("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
	      "\"datePublished\":\"2021-11-02T10:00:00+00:00\",\"dateModified\":"
	      "\"2023-02-01T09:00:00+00:00\"}</script></head><body><h1>The ferry</h1>"
	      "<div class=\"meta\"><span class=\"updated hidden\">2023-02-01T09:00:00</span>"
	      "<span>2. November 2021</span></div>" PROSE "</body></html>",
	      NULL, "de", (struct want){ "2021-11-02", NULL, NULL });
}

/* A metadata date that may be read either way round, when the text
 * writes only the other reading. */
static void test_swapped_meta(void **state)
{
	(void)state;
	check("<html><head><meta name=\"date\" content=\"11/01/2023 12:43:42\"></head><body>"
	      "<h1>The ferry</h1>" PROSE PROSE PROSE PROSE PROSE PROSE
	      "<p>Erstellt am: 01.11.2023</p></body></html>",
	      NULL, "de", (struct want){ "2023-11-01", "meta", NULL });
	/* The text writes the page's own reading too: it stays. */
	check("<html><head><meta name=\"date\" content=\"11/01/2023 12:43:42\"></head><body>"
	      "<h1>The ferry</h1>" PROSE PROSE PROSE PROSE PROSE PROSE
	      "<p>11.01.2023 und 01.11.2023</p><p>Am 11.01.2023</p></body></html>",
	      NULL, "de", (struct want){ "2023-01-11", "meta", NULL });
}

/* Far from the title, a labelled date before one in prose. */
static void test_labelled_date(void **state)
{
	(void)state;
	check("<html><body><h1>The ferry</h1>" PROSE PROSE PROSE PROSE PROSE PROSE
	      "<p>Seit 4. August 2014 fährt die Fähre nicht mehr.</p>"
	      "<p><b>Aktualisiert am </b>30.12.2016.</p></body></html>",
	      NULL, "de", (struct want){ "2016-12-30", "page", NULL });
	check("<html><body><h1>The ferry</h1>" PROSE PROSE PROSE PROSE PROSE PROSE
	      "<p>Seit 4. August 2014 fährt die Fähre nicht mehr.</p>"
	      "<p>Am 30.12.2016 kam sie zurück.</p></body></html>",
	      NULL, "de", (struct want){ "2014-08-04", "page", NULL });
}

/* A two-digit year, in a byline only. */
static void test_short_year(void **state)
{
	(void)state;
	check("<html><body><h1>The ferry</h1><div class=\"article-meta\">Von Ana Ruiz | "
	      "<span>31.10.23</span></div>" PROSE "<p>Am Montag (30. Oktober 2023) sagte sie.</p>"
	      "</body></html>", NULL, "de", (struct want){ "2023-10-31", "byline", NULL });
	check("<html><body><h1>The ferry</h1><p>Version 31.10.23 is out.</p>" PROSE
	      "</body></html>", NULL, "de", (struct want){ NULL, NULL, NULL });
}

/* Readers' comments have dates of their own. */
static void test_comments(void **state)
{
	(void)state;
	check("<html><body><h1>The ferry</h1><p class=\"author\">Von Ana, am 20.09.2020</p>" PROSE
	      "<ol class=\"comment-list\"><li><time datetime=\"2020-09-23T18:19:06+02:00\">"
	      "23.09.20</time> Schade!</li></ol></body></html>",
	      NULL, "de", (struct want){ "2020-09-20", "byline", NULL });
	/* A link to the comments under the title is no comment. */
	check("<html><body><h1>The ferry</h1><div class=\"comments-link\">"
	      "<time datetime=\"2020-09-21\">21.09.2020</time> 3 Kommentare</div>" PROSE
	      "</body></html>", NULL, "de", (struct want){ "2020-09-21", "time", NULL });
}

static void test_in_text(void **state)
{
	char out[11];

	(void)state;
	assert_true(ct_page_date_in_text("am 2020-04-22 um", 16, false, out));
	assert_string_equal(out, "2020-04-22");
	assert_false(ct_page_date_in_text("version 1.2.3 or 10.20.30", 25, false, out));
	assert_false(ct_page_date_in_text("May we meet 3 times in 2020", 27, false, out));
	assert_false(ct_page_date_in_text("", 0, false, out));
}

/* The finder's result reaches the document: date_source and modified. */
static void test_doc_fields(void **state)
{
	static const char html[] =
		"<html><head><meta property=\"article:modified_time\" content=\"2021-06-02T10:00:00Z\">"
		"</head><body><h1>The ferry</h1><p class=\"byline\">Samstag, 5. Juni 2021</p>" PROSE
		"</body></html>";
	struct ct_doc *doc = NULL;

	(void)state;
	assert_int_equal(ct_doc_from_html(html, strlen(html), CT_DOC_MAX_BYTES, NULL, NULL, NULL,
					  "page.html", &doc), CT_OK);
	assert_string_equal(doc->date, "2021-06-05");
	assert_string_equal(doc->date_source, "byline");
	assert_string_equal(doc->modified, "2021-06-02");
	ct_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonld_forms),
		cmocka_unit_test(test_meta_names),
		cmocka_unit_test(test_itemprop_and_time),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_written_dates),
		cmocka_unit_test(test_numeric_order),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_plausible),
		cmocka_unit_test(test_local_date),
		cmocka_unit_test(test_shown_date),
		cmocka_unit_test(test_swapped_meta),
		cmocka_unit_test(test_labelled_date),
		cmocka_unit_test(test_short_year),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_in_text),
		cmocka_unit_test(test_doc_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
