/*
 * Unit tests for bylines and titles in HTML extraction (byline.c,
 * extract_meta*.c): each byline form (meta tag, JSON-LD string, list and
 * @id reference, byline element, "By X"/"Von X"/"Par X"/"Por X" lines),
 * frames cut, labels and the site's own name refused, and titles cleaned
 * of the site's name and section prefixes. Every page here is written for
 * these tests.
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
#include "extract/extract_internal.h"

#define STORY "<p>The council met on Tuesday to discuss the new bridge, which has been " \
	"delayed for three years, and members said the cost had doubled since the plans were " \
	"drawn.</p><p>\"We cannot wait any longer,\" the mayor said, adding that the city would " \
	"look for money elsewhere, including loans, grants and a special levy on freight.</p>" \
	"<p>Residents, many of whom cross the river every day, have complained about the old " \
	"ferry, its long queues, its prices and its habit of stopping in winter.</p>"

/* The document read from a page of head and body parts around STORY. */
static struct ct_doc *page(const char *head, const char *before, const char *url)
{
	char html[8192];
	struct ct_doc *doc = NULL;

	snprintf(html, sizeof html, "<html><head>%s</head><body><article>%s%s</article></body></html>",
		 head, before, STORY);
	assert_int_equal(ct_doc_from_html(html, strlen(html), CT_DOC_MAX_BYTES, url, NULL, NULL,
					  "page.html", &doc), CT_OK);
	assert_non_null(doc);
	return doc;
}

static void assert_str_or_null(const char *got, const char *want)
{
	if (!want) {
		if (got)
			fail_msg("expected NULL, got \"%s\"", got);
		return;
	}
	if (!got)
		fail_msg("expected \"%s\", got NULL", want);
	assert_string_equal(got, want);
}

struct form {
	const char *head, *before, *author;
};

static void check_forms(const struct form *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct ct_doc *doc = page(f[i].head, f[i].before, "https://www.riverpost.example/a/1");
		assert_str_or_null(doc->author, f[i].author);
		ct_doc_free(doc);
	}
}

/* Frames around the name in meta tags and byline elements are cut. */
static void test_byline_frames(void **state)
{
	static const struct form f[] = {
		{ "<meta name=\"author\" content=\"VON ANNA BERG am 21. April 2020\">", "<h1>Bridge</h1>",
		  "ANNA BERG" },
		{ "", "<h1>Bridge</h1><p class=\"byline\">29. Juni 2017, 23:39 &middot; von Tobi</p>",
		  "Tobi" },
		{ "", "<h1>Bridge</h1><div class=\"entry-meta\"><span class=\"by-author\">by "
		  "<a rel=\"author\" href=\"/u/kim\">Kim Lee</a></span></div>", "Kim Lee" },
		{ "<meta name=\"author\" content=\"Omar Haddad - January 10, 2020 5 minutes\">",
		  "<h1>Bridge</h1>", "Omar Haddad" },
	};

	(void)state;
	check_forms(f, sizeof f / sizeof *f);
}

/* Labels and e-mail addresses are not names: the next source is asked. */
static void test_byline_labels(void **state)
{
	static const struct form f[] = {
		{ "<meta name=\"author\" content=\"Posted on\">",
		  "<h1>Bridge</h1><p>By Nora Quist</p>", "Nora Quist" },
		{ "", "<h1>Bridge</h1><span class=\"author\">Follow</span>", NULL },
		{ "<meta name=\"author\" content=\"desk@riverpost.example\">", "<h1>Bridge</h1>", NULL },
		{ "", "<h1>Bridge</h1><p class=\"author\">Foto: Max Kern</p>", NULL },
		{ "", "<h1>Bridge</h1><a class=\"author-more\">Mehr</a>", NULL },
	};

	(void)state;
	check_forms(f, sizeof f / sizeof *f);
}

/* "By X", "Von X", "Par X", "Por X" lines just after the headline. */
static void test_byline_running_text(void **state)
{
	static const struct form f[] = {
		{ "", "<h1>Bridge</h1><p>Von <b>Jana Kluge</b> &middot; 3. Mai 2021</p>", "Jana Kluge" },
		{ "", "<h1>Bridge</h1><div><p>Par Marie Dubois, le 4 mai 2021</p></div>", "Marie Dubois" },
		{ "", "<h1>Bridge</h1><p>Por Lucía Ortega</p>", "Lucía Ortega" },
		{ "", "<h1>Bridge</h1><div>Ein Artikel von <strong>Pia Roth</strong> | 27.01.2022</div>",
		  "Pia Roth" },
		{ "", "<h1>Bridge</h1><p>by the river, quietly</p>", NULL },
		{ "", "<h1>Bridge</h1><div>The old ferry ran for ninety years before the council "
		  "voted to replace it with a bridge, a plan first drawn up by the county in the "
		  "nineteen-sixties.<br><strong>Autor:</strong> <a href=\"/u/7\">Rolf Anders</a></div>",
		  "Rolf Anders" },
	};

	(void)state;
	check_forms(f, sizeof f / sizeof *f);
}

/* A labelled author line ("Autor: X", "Auteur : X") anywhere in the page,
 * as under the article, far from the headline or with none; not a long
 * line that only starts with such a label. */
static void test_byline_labelled_line(void **state)
{
#define LONG_P "<p>The council met on Tuesday to discuss the new bridge, which has been delayed " \
	"for three years, and members said the cost had doubled since the plans were drawn, " \
	"while residents, many of whom cross the river every day, complained about the ferry.</p>"
	static const struct { const char *h1, *line, *author; } f[] = {
		{ "<h1>Bridge</h1>", "<p><strong>Autor:</strong> <a href=\"/u/9\">Rolf Anders</a></p>",
		  "Rolf Anders" },
		{ "", "<p>Auteur : Kossi Mensah</p>", "Kossi Mensah" },
		{ "", "<p>Text: see the minutes of the council for every detail of the plan</p>", NULL },
	};
	char html[8192];

	(void)state;
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		struct ct_doc *doc = NULL;
		/* Three long paragraphs end the search near the headline. */
		snprintf(html, sizeof html, "<html><head></head><body><article>%s" LONG_P LONG_P LONG_P
			 "%s</article></body></html>", f[i].h1, f[i].line);
		assert_int_equal(ct_doc_from_html(html, strlen(html), CT_DOC_MAX_BYTES, NULL, NULL,
						  NULL, "page.html", &doc), CT_OK);
		assert_str_or_null(doc->author, f[i].author);
		ct_doc_free(doc);
	}
#undef LONG_P
}

/* WordPress SEO plugins' twitter:label1 "Written by" with twitter:data1. */
static void test_byline_twitter_label(void **state)
{
	static const struct form f[] = {
		{ "<meta name=\"twitter:label1\" content=\"Verfasst von\">"
		  "<meta name=\"twitter:data1\" content=\"Karla Weiss\">", "<h1>Bridge</h1>",
		  "Karla Weiss" },
		{ "<meta name=\"twitter:label1\" content=\"Est. reading time\">"
		  "<meta name=\"twitter:data1\" content=\"3 minutes\">", "<h1>Bridge</h1>", NULL },
	};

	(void)state;
	check_forms(f, sizeof f / sizeof *f);
}

/* JSON-LD: a list joined with "; ", an {"@id"} reference followed. */
static void test_byline_jsonld(void **state)
{
	static const struct form f[] = {
		{ "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
		  "\"@type\":\"NewsArticle\",\"headline\":\"Bridge\",\"author\":[{\"name\":\"Ada Byrne\"},"
		  "\"Tom Reyes\"]}</script>", "", "Ada Byrne; Tom Reyes" },
		{ "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
		  "{\"@type\":\"Article\",\"headline\":\"Bridge\",\"author\":{\"@id\":\"#p1\"}},"
		  "{\"@type\":\"Person\",\"@id\":\"#p1\",\"name\":\"Ines Vogt\"}]}</script>", "",
		  "Ines Vogt" },
		/* A graph with no article: the WebPage's author. */
		{ "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
		  "{\"@type\":\"WebSite\",\"name\":\"River Post\"},"
		  "{\"@type\":\"WebPage\",\"name\":\"Bridge\",\"author\":{\"@id\":\"#p2\"}},"
		  "{\"@type\":\"Person\",\"@id\":\"#p2\",\"name\":\"Olga Marsh\"}]}</script>", "",
		  "Olga Marsh" },
		/* Raw line breaks inside a string, which JSON does not allow. */
		{ "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
		  "\"@type\":\"BlogPosting\",\"headline\":\"Bridge\",\"description\":\"First line\n"
		  "second line\",\"author\":{\"@type\":\"Person\",\"name\":\"Kai Lund\"}}</script>", "",
		  "Kai Lund" },
	};

	(void)state;
	check_forms(f, sizeof f / sizeof *f);
}

/* The site's own name is an author only when nothing names a person. */
static void test_byline_not_the_site(void **state)
{
	static const struct form f[] = {
		{ "<meta property=\"og:site_name\" content=\"River Post\">"
		  "<meta name=\"author\" content=\"River Post\">",
		  "<h1>Bridge</h1><p>By Paul Amsel</p>", "Paul Amsel" },
		{ "<meta name=\"author\" content=\"riverpost.example\">",
		  "<h1>Bridge</h1><p class=\"author\">Lea Stern</p>", "Lea Stern" },
		{ "<meta property=\"og:site_name\" content=\"River Post\">"
		  "<meta name=\"author\" content=\"River Post\">", "<h1>Bridge</h1>", "River Post" },
	};

	(void)state;
	check_forms(f, sizeof f / sizeof *f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_byline_frames),
		cmocka_unit_test(test_byline_labels),
		cmocka_unit_test(test_byline_running_text),
		cmocka_unit_test(test_byline_labelled_line),
		cmocka_unit_test(test_byline_twitter_label),
		cmocka_unit_test(test_byline_jsonld),
		cmocka_unit_test(test_byline_not_the_site),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
