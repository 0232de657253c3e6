/*
 * Unit tests for feed.c: telling a feed from a page, reading RSS 2.0,
 * RSS 1.0 (RDF) and Atom item links (relative ones resolved, fragments
 * dropped, non-http links and repeats left out), dates, the item cap, that
 * entities are never expanded nor external ones loaded, and that a billion
 * laughs is an error, not an empty feed.
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

static struct ct_feed *parse(const char *xml, const char *base, size_t max)
{
	struct ct_feed *f = NULL;
	char err[200];
	int rc = ct_feed_parse(xml, strlen(xml), base, max, &f, err, sizeof err);

	if (rc != CT_OK)
		fail_msg("ct_feed_parse: %d: %s", rc, err);
	assert_non_null(f);
	return f;
}

static void test_looks_like_feed(void **state)
{
	(void)state;
	assert_true(ct_looks_like_feed("<rss version=\"2.0\"><channel/></rss>", 35));
	assert_true(ct_looks_like_feed("\xEF\xBB\xBF  \n<?xml version=\"1.0\"?>\n<!-- hi -->\n"
				       "<!DOCTYPE feed [ <!ENTITY x \"y\"> ]>\n<feed xmlns=\"a\">",
				       strlen("\xEF\xBB\xBF  \n<?xml version=\"1.0\"?>\n<!-- hi -->\n"
					      "<!DOCTYPE feed [ <!ENTITY x \"y\"> ]>\n<feed xmlns=\"a\">")));
	const char *rdf = "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">";
	assert_true(ct_looks_like_feed(rdf, strlen(rdf)));
	const char *atom_prefixed = "<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\">";
	assert_true(ct_looks_like_feed(atom_prefixed, strlen(atom_prefixed)));

	const char *html = "<!DOCTYPE html><html><head><title>rss</title>";
	assert_false(ct_looks_like_feed(html, strlen(html)));
	assert_false(ct_looks_like_feed("<rssx>", 6));
	assert_false(ct_looks_like_feed("<feedback>", 10));
	assert_false(ct_looks_like_feed("text <rss>", 10));
	assert_false(ct_looks_like_feed("", 0));
	assert_false(ct_looks_like_feed(NULL, 0));
	assert_false(ct_looks_like_feed("<!-- never closed <rss>", 23));
	assert_false(ct_looks_like_feed("<rss", 4));   /* cut before the name ends */
}

static void test_rss(void **state)
{
	const char *xml =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>\n"
		"<title> Top  stories </title>\n"
		"<atom:link href=\"http://example.org/feed\" rel=\"self\"/>\n"
		"<item><title>One</title><link>https://example.org/a/1</link>"
		"<pubDate>Tue, 11 Apr 2023 03:45:00 GMT</pubDate></item>\n"
		"<item><title><![CDATA[Two & <b>more</b>]]></title><link>/a/2#comments</link></item>\n"
		"<item><title>Guid only</title><guid>https://example.org/a/3</guid></item>\n"
		"<item><title>Not a permalink</title><guid isPermaLink=\"false\">https://x/4</guid></item>\n"
		"<item><title>Mail</title><link>mailto:desk@example.org</link></item>\n"
		"<item><title>Again</title><link>https://example.org/a/1</link></item>\n"
		"<item><title>Script</title><link>javascript:alert(1)</link></item>\n"
		"</channel></rss>\n";
	struct ct_feed *f = parse(xml, "https://example.org/feed.xml", 0);

	(void)state;
	assert_int_equal(f->kind, CT_FEED_RSS);
	assert_string_equal(f->title, "Top stories");
	assert_int_equal(f->n_items, 3);
	assert_string_equal(f->items[0].link, "https://example.org/a/1");
	assert_string_equal(f->items[0].title, "One");
	assert_string_equal(f->items[0].date, "2023-04-11");
	assert_string_equal(f->items[1].link, "https://example.org/a/2");
	assert_string_equal(f->items[1].title, "Two & <b>more</b>");
	assert_string_equal(f->items[1].date, "");
	assert_string_equal(f->items[2].link, "https://example.org/a/3");
	/* isPermaLink="false", mailto: and javascript: have no usable link */
	assert_int_equal(f->n_dropped, 3);
	ct_feed_free(f);
}

static void test_rss_relative_without_base(void **state)
{
	const char *xml = "<rss><channel><item><link>/a/1</link></item>"
			  "<item><link>http://example.org/b</link></item></channel></rss>";
	struct ct_feed *f = parse(xml, NULL, 0);

	(void)state;
	assert_int_equal(f->n_items, 1);
	assert_string_equal(f->items[0].link, "http://example.org/b");
	assert_int_equal(f->n_dropped, 1);
	ct_feed_free(f);
}

static void test_atom(void **state)
{
	const char *xml =
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom &amp; co</title>\n"
		"<entry><title>First</title>"
		"<link rel=\"edit\" href=\"/admin/1\"/>"
		"<link rel=\"alternate\" type=\"application/pdf\" href=\"/1.pdf\"/>"
		"<link rel=\"alternate\" type=\"text/html\" href=\"/news/1\"/>"
		"<published>2023-06-20T09:00:00Z</published><updated>2023-06-21T00:00:00Z</updated>"
		"</entry>\n"
		"<entry><title>Second</title><link href=\"news/2\"/>"
		"<updated>2023-06-19T09:00:00+02:00</updated></entry>\n"
		"<entry><title>No link</title><link rel=\"self\" href=\"/self\"/></entry>\n"
		"</feed>";
	struct ct_feed *f = parse(xml, "http://example.org/feeds/atom.xml", 0);

	(void)state;
	assert_int_equal(f->kind, CT_FEED_ATOM);
	assert_string_equal(f->title, "Atom & co");
	assert_int_equal(f->n_items, 2);
	assert_string_equal(f->items[0].link, "http://example.org/news/1");
	assert_string_equal(f->items[0].date, "2023-06-20");
	assert_string_equal(f->items[1].link, "http://example.org/feeds/news/2");
	assert_string_equal(f->items[1].date, "2023-06-19");
	assert_int_equal(f->n_dropped, 1);
	ct_feed_free(f);
}

static void test_rdf(void **state)
{
	const char *xml =
		"<?xml version=\"1.0\"?>\n"
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
		"xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
		"<channel rdf:about=\"http://example.org/\"><title>RDF site</title></channel>\n"
		"<item rdf:about=\"http://example.org/r/1\"><title>R1</title>"
		"<dc:date>2022-02-18T10:00:00Z</dc:date></item>\n"
		"<item rdf:about=\"http://example.org/r/x\"><title>R2</title>"
		"<link>http://example.org/r/2</link></item>\n"
		"</rdf:RDF>";
	struct ct_feed *f = parse(xml, NULL, 0);

	(void)state;
	assert_int_equal(f->kind, CT_FEED_RDF);
	assert_string_equal(f->title, "RDF site");
	assert_int_equal(f->n_items, 2);
	assert_string_equal(f->items[0].link, "http://example.org/r/1");
	assert_string_equal(f->items[0].date, "2022-02-18");
	assert_string_equal(f->items[1].link, "http://example.org/r/2");
	ct_feed_free(f);
}

static void test_item_cap(void **state)
{
	size_t cap = 300 * 80 + 100, n = 0;
	char *xml = malloc(cap);
	struct ct_feed *f;

	(void)state;
	assert_non_null(xml);
	n += (size_t)snprintf(xml + n, cap - n, "<rss><channel>");
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(xml + n, cap - n,
				      "<item><link>http://example.org/%d</link></item>", i);
	snprintf(xml + n, cap - n, "</channel></rss>");
	f = parse(xml, NULL, 0);
	assert_int_equal(f->n_items, 200);
	assert_int_equal(f->n_dropped, 100);
	assert_string_equal(f->items[199].link, "http://example.org/199");
	ct_feed_free(f);
	f = parse(xml, NULL, 5);
	assert_int_equal(f->n_items, 5);
	ct_feed_free(f);
	free(xml);
}

/* Entities are not expanded, even into text. */
static void test_entity_expansion(void **state)
{
	const char *laughs =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE rss [\n"
		" <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		" <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		" <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		" <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		" <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
		"]>\n"
		"<rss><channel><title>T&e;</title>\n"
		"<item><title>I&a;</title><link>http://example.org/1</link></item>\n"
		"</channel></rss>";
	struct ct_feed *f = NULL;
	char err[200];
	int rc = ct_feed_parse(laughs, strlen(laughs), NULL, 0, &f, err, sizeof err);

	(void)state;
	/* Refused as malformed, or read without expanding anything. */
	if (rc == CT_OK) {
		assert_true(!f->title || strstr(f->title, "aaaa") == NULL);
		for (size_t i = 0; i < f->n_items; i++)
			assert_true(!f->items[i].title || strstr(f->items[i].title, "aaaa") == NULL);
		ct_feed_free(f);
	} else {
		assert_int_equal(rc, CT_EINVAL);
	}
}

/* A DTD of entities, each ten of the one before: &lol9; is 10^9 "lol"s. */
#define LOLS \
	"<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n" \
	"<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n" \
	"<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n" \
	"<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n" \
	"<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n" \
	"<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n" \
	"<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n" \
	"<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n" \
	"<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n" \
	"<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n" \
	"]>\n"

/*
 * A billion laughs stops libxml2 at its entity limit, and what it read up
 * to there has no items: that is an error saying so, not an empty feed.
 * Wherever the reference is, and whatever comes after it.
 */
static void test_billion_laughs(void **state)
{
	static const char *const feeds[] = {
		LOLS "<rss version=\"2.0\"><channel><title>&lol9;</title>\n"
		"<item><title>A</title><link>http://example.org/1</link></item>\n"
		"</channel></rss>\n",
		LOLS "<rss version=\"2.0\"><channel><title>T</title>\n"
		"<item><title>A</title><link>http://example.org/1</link></item>\n"
		"<item><title>B &lol9;</title><link>http://example.org/2</link></item>\n"
		"<bad <item><link>http://example.org/3</link></item>\n"
		"</channel></rss>\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof feeds / sizeof *feeds; i++) {
		struct ct_feed *f = NULL;
		char err[200] = "";
		int rc = ct_feed_parse(feeds[i], strlen(feeds[i]), NULL, 0, &f, err, sizeof err);
		assert_int_equal(rc, CT_EINVAL);
		assert_null(f);
		assert_string_equal(err, "not a feed: its entities expand past the parser's "
			       "limit (billion laughs?)");
	}
}

/* Entities declared and used within reason are no error. */
static void test_small_entities(void **state)
{
	const char *xml = LOLS "<rss version=\"2.0\"><channel><title>T&lol1;</title>\n"
			  "<item><title>A&lol2;</title><link>http://example.org/1</link></item>\n"
			  "</channel></rss>\n";
	struct ct_feed *f = parse(xml, NULL, 0);

	(void)state;
	assert_int_equal(f->n_items, 1);
	assert_string_equal(f->items[0].link, "http://example.org/1");
	ct_feed_free(f);
}

/* An external entity is never read. */
static void test_external_entity(void **state)
{
	const char *xml =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE rss [ <!ENTITY secret SYSTEM \"file:///etc/passwd\"> ]>\n"
		"<rss><channel><title>Feed</title>\n"
		"<item><title>S&secret;</title><link>http://example.org/1</link></item>\n"
		"</channel></rss>";
	struct ct_feed *f = parse(xml, NULL, 0);

	(void)state;
	assert_int_equal(f->n_items, 1);
	assert_string_equal(f->items[0].link, "http://example.org/1");
	assert_string_equal(f->items[0].title, "S");
	ct_feed_free(f);
}

static void test_not_a_feed(void **state)
{
	struct ct_feed *f = NULL;
	char err[200];
	const char *html = "<html><body><p>hello</p></body></html>";
	static char big[CT_DOC_MAX_BYTES + 2];

	(void)state;
	assert_int_equal(ct_feed_parse(html, strlen(html), NULL, 0, &f, err, sizeof err), CT_EINVAL);
	assert_null(f);
	assert_non_null(strstr(err, "not a feed"));
	assert_non_null(strstr(err, "<html>"));
	assert_int_equal(ct_feed_parse("\x01\x02 nothing", 10, NULL, 0, &f, err, sizeof err),
			 CT_EINVAL);
	assert_non_null(strstr(err, "not well-formed"));
	memset(big, ' ', sizeof big);
	assert_int_equal(ct_feed_parse(big, sizeof big, NULL, 0, &f, err, sizeof err), CT_ELIMIT);
	assert_null(f);
	ct_feed_free(NULL);
}

/* A feed cut short still gives the items read before the cut. */
static void test_truncated(void **state)
{
	const char *xml = "<rss><channel><item><link>http://example.org/1</link></item>"
			  "<item><link>http://example.org/2</link></item><item><link>http://exa";
	struct ct_feed *f = parse(xml, NULL, 0);

	(void)state;
	assert_true(f->n_items >= 2);
	assert_string_equal(f->items[0].link, "http://example.org/1");
	ct_feed_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_looks_like_feed),
		cmocka_unit_test(test_rss),
		cmocka_unit_test(test_rss_relative_without_base),
		cmocka_unit_test(test_atom),
		cmocka_unit_test(test_rdf),
		cmocka_unit_test(test_item_cap),
		cmocka_unit_test(test_entity_expansion),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_small_entities),
		cmocka_unit_test(test_external_entity),
		cmocka_unit_test(test_not_a_feed),
		cmocka_unit_test(test_truncated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
