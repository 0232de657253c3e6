/*
 * Unit tests for what the main text of a page keeps and leaves out
 * (extract.c, extract_clean.c, extract_text.c): invisible format
 * characters, captions and credits, byline and date lines, articles
 * split over sibling blocks, a body only inside <noscript>, furniture
 * lines without a telling class. Every page
 * here is written for these tests.
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

#define P1 "The council met on Tuesday to discuss the new bridge, which has been " \
	"delayed for three years, and members said the cost had doubled since the plans were drawn."
#define P2 "\"We cannot wait any longer,\" the mayor said, adding that the city would " \
	"look for money elsewhere, including loans, grants and a special levy on freight."
#define P3 "Residents, many of whom cross the river every day, have complained about " \
	"the old ferry, its long queues, its prices and its habit of stopping in winter."
#define P4 "Engineers told the meeting that work could start in the spring, if the " \
	"weather allowed it, and that the first lanes might open within two years."

static struct ct_doc *page(const char *html)
{
	struct ct_doc *doc = NULL;

	assert_int_equal(ct_doc_from_html(html, strlen(html), CT_DOC_MAX_BYTES, NULL, NULL, NULL,
					  "page.html", &doc), CT_OK);
	assert_non_null(doc);
	assert_non_null(doc->body);
	return doc;
}

static void assert_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("\"%s\" not found in:\n%s", want, text);
}

static void assert_lacks(const char *text, const char *unwanted)
{
	if (strstr(text, unwanted))
		fail_msg("\"%s\" should not be in:\n%s", unwanted, text);
}

/* ---- ruby ---- */

/* The reading set over a word in <rt> (and the <rp> brackets around it)
 * is left out: the word reads once, as printed. */
static void test_ruby_annotations_dropped(void **state)
{
	struct ct_doc *doc;

	(void)state;
	doc = page("<html><body><article><p>" P1 "</p><p>The <ruby>harbour<rp>(</rp>"
		   "<rt>HAR-bur</rt><rp>)</rp></ruby> board said the <ruby>ferry<rt>FER-ee"
		   "</rt></ruby> would run all winter, for the first time since the war, "
		   "and at the old fares.</p><p>" P2 "</p><p>" P3 "</p></article></body></html>");
	assert_has(doc->body, "The harbour board said the ferry would run all winter");
	assert_lacks(doc->body, "HAR-bur");
	assert_lacks(doc->body, "FER-ee");
	ct_doc_free(doc);
}

/* ---- invisible characters ---- */

/* Each invisible format character, as an entity and as bytes, is left
 * out of the text; the words around it join. */
static void test_invisible_characters_dropped(void **state)
{
	static const char *const forms[][2] = {
		{ "&shy;", "U+00AD entity" }, { "\xC2\xAD", "U+00AD" },
		{ "&#x200B;", "U+200B" }, { "\xE2\x80\x8C", "U+200C" },
		{ "&zwj;", "U+200D" }, { "\xE2\x81\xA0", "U+2060" },
		{ "&#xFEFF;", "U+FEFF" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		char html[2048];
		struct ct_doc *doc;
		snprintf(html, sizeof html,
			 "<html><body><article><p>" P1 "</p><p>The Bundes%sregierung "
			 "denied it, and the minister said so again on Monday, twice, "
			 "to everyone who asked.</p><p>" P2 "</p><p>" P3 "</p></article>"
			 "</body></html>", forms[i][0]);
		doc = page(html);
		if (!strstr(doc->body, "The Bundesregierung denied it"))
			fail_msg("%s kept: %s", forms[i][1], doc->body);
		ct_doc_free(doc);
	}
}

/* ---- captions and byline lines ---- */

/* A caption and a picture credit inside the article are left out; a
 * block that says it has no caption stays. */
static void test_caption_dropped(void **state)
{
	static const char html[] =
		"<html><body><div class=\"story\">"
		"<p>" P1 "</p>"
		"<div class=\"wp-caption\"><img src=\"ferry.jpg\">"
		"<p class=\"wp-caption-text\">The old ferry leaves the north pier at dawn.</p></div>"
		"<p>" P2 "</p>"
		"<p class=\"photo-credit\">Picture: Harbour Office</p>"
		"<p class=\"image-annotation\">Engineers on the east bank. Photo agency</p>"
		"<p>" P3 "</p>"
		"<div class=\"item no-caption\"><p>Tolls, the mayor said, would pay for a third "
		"of it.</p></div>"
		"<p>" P4 "</p></div></body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\n" P2 "\n\n" P3);
	assert_has(doc->body, "Tolls, the mayor said");
	assert_lacks(doc->body, "north pier");
	assert_lacks(doc->body, "Harbour Office");
	assert_lacks(doc->body, "Photo agency");
	ct_doc_free(doc);
}

/* Byline and date lines are left out of the text, the author still
 * read from them. */
static void test_byline_lines_dropped(void **state)
{
	static const char html[] =
		"<html><body><article><h1>Bridge delayed again</h1>"
		"<div class=\"entry-meta\">By <span class=\"author\">Ann Smith</span> "
		"&middot; 5 May 2024</div>"
		"<p>" P1 "</p><p>" P2 "</p>"
		"<div class=\"updated-note\">Updated 6 May 2024, 10:32</div>"
		"<p>" P3 "</p><p>" P4 "</p>"
		"<p class=\"post-date\">Posted on 5 May 2024</p>"
		"</article></body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\n" P2 "\n\n" P3 "\n\n" P4);
	assert_lacks(doc->body, "Ann Smith");
	assert_lacks(doc->body, "Updated");
	assert_lacks(doc->body, "Posted on");
	assert_non_null(doc->author);
	assert_string_equal(doc->author, "Ann Smith");
	ct_doc_free(doc);
}

/* ---- articles in several blocks ---- */

/* An article built from sibling components of one kind (a text block, a
 * quote block, a short text block) is taken whole, not only the block
 * that scores best; a sibling of another kind (links) is not. */
static void test_sibling_components_joined(void **state)
{
	static const char html[] =
		"<html><body><div class=\"node-body\">"
		"<div class=\"component component--text\"><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p></div>"
		"<div class=\"component component--quote\"><blockquote><p>Build it now.</p>"
		"</blockquote></div>"
		"<div class=\"component component--text\"><p>The vote is next week.</p></div>"
		"<div class=\"teaser-list\"><a href=\"/x\">Ferry fares rise again</a></div>"
		"</div><div class=\"other\"><p>Short.</p></div></body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\n" P2 "\n\n" P3);
	assert_has(doc->body, "Build it now.");
	assert_has(doc->body, "The vote is next week.");
	assert_lacks(doc->body, "Ferry fares");
	ct_doc_free(doc);
}

#define NAMES "Ann Lee, writer, Bob Stone, poet, Cara Diaz, historian, Dan Reyes, editor, " \
	"Eva Holt, painter, Finn Gray, teacher, Gus Kahn, critic, Hal Moss, farmer, " \
	"Ida Penn, nurse, Jo Marsh, baker, Kai Lund, pilot, Lia Vance, singer"

/* An article whose list of signatories is a table: the row, each cell
 * of names scoring like a long paragraph, outscores the article's block;
 * the block, which holds the table, is taken with its text. */
static void test_table_inside_article(void **state)
{
	static const char html[] =
		"<html><body><div><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p>"
		"<p>" P4 "</p><p>" P1 "</p><p>" P2 "</p><p>Signed by:</p>"
		"<table><tbody><tr><td>" NAMES "</td><td>" NAMES "</td></tr>"
		"<tr><td>and 40 others</td><td></td></tr></tbody></table></div>"
		"<div class=\"side\"><p>Short.</p></div></body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\n" P2 "\n\n" P3);
	assert_has(doc->body, "Ann Lee, writer");
	ct_doc_free(doc);
}

#define NOTICE "<p>Some of the offers on this site come from partners who pay us, " \
	"which may change where and how they are shown, but never what we write.</p>"

/* A block whose class names a footer but which holds the page's only
 * <h1> and the article under it is kept: the article is read from it,
 * not from a notice elsewhere long enough to pass for one. */
static void test_article_under_footer_class(void **state)
{
	static const char html[] =
		"<html><head><title>Ferry news</title></head><body>"
		"<div class=\"disclosure\">" NOTICE NOTICE NOTICE NOTICE "</div>"
		"<div class=\"above-footer\"><h1>The bridge will be built</h1>"
		"<div class=\"story\"><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p><p>" P4 "</p>"
		"<p>" P1 "</p><p>" P2 "</p></div></div></body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\n" P2 "\n\n" P3 "\n\n" P4);
	ct_doc_free(doc);
}

#define CONSENT "<p>I agree that the association may send me news of its work, its " \
	"events, its campaigns and its appeals, by e-mail, post or phone, and that it may " \
	"keep my address, my name and my answers for that, until I say otherwise.</p>"

/* A short article (too short for the strict attempt to settle) next to a
 * sign-up form whose consent text is longer: once the form's block is no
 * longer stripped for its class, its paragraphs do not outscore the
 * article's. */
static void test_form_text_not_article(void **state)
{
	static const char html[] =
		"<html><body><div class=\"main\"><h1>Bridge</h1><div><p>" P1 "</p><p>" P2 "</p>"
		"<p>" P3 "</p></div></div><div class=\"footer-signup\"><form><div>"
		CONSENT CONSENT CONSENT CONSENT "</div></form></div></body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\n" P2 "\n\n" P3);
	assert_lacks(doc->body, "I agree");
	ct_doc_free(doc);
}

#define ABOUT "<p>The Valley Courier has been written, printed and carried to your door " \
	"by the same family since 1921, through floods, fires, two wars and one long strike, " \
	"and we hope to keep doing so for as long as you read us.</p>"

/* A block whose class says its label is hidden ("field--label-hidden",
 * on every Drupal field) is not a hidden block: its article is kept,
 * not cleaned out for its class in favour of a menu's text. */
static void test_label_hidden_not_hidden(void **state)
{
	static const char html[] =
		"<html><body><article><div class=\"field field--name-steps field--label-hidden\">"
		"<div class=\"item\"><p>" P1 "</p><p>" P2 "</p></div>"
		"<div class=\"item\"><p>" P3 "</p><p>" P4 "</p></div>"
		"<div class=\"item\"><p>" P2 "</p><p>" P1 "</p></div>"
		"<div class=\"item\"><p>" P4 "</p><p>" P3 "</p></div></div></article>"
		"<div class=\"menu-about\">" ABOUT ABOUT ABOUT ABOUT "</div></body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\n" P2 "\n\n" P3 "\n\n" P4);
	assert_lacks(doc->body, "Valley Courier");
	ct_doc_free(doc);
}

#define UNIT(h, text) "<div><div class=\"paragraph paragraph--text\"><h2>" h "</h2>" \
	"<div class=\"paragraph-text\">" text "</div></div></div>"

/* An article built of components one level further up: each unclassed
 * wrapper holds one "paragraph" block with a heading and text. The one
 * that scores best brings the others with it. */
static void test_wrapped_components_joined(void **state)
{
	static const char html[] =
		"<html><body><div class=\"node\"><div class=\"items\">"
		UNIT("The plan", "<p>" P1 "</p><p>" P2 "</p><p>" P3 "</p>")
		UNIT("The cost", "<p>" P4 "</p>")
		UNIT("The vote", "<p>The council will vote on the plan next week, after a last "
		     "hearing at which residents may speak for three minutes each.</p>")
		"</div></div><div class=\"aside\"><p>Short.</p></div></body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\n" P2 "\n\n" P3);
	assert_has(doc->body, P4);
	assert_has(doc->body, "The council will vote on the plan next week");
	assert_lacks(doc->body, "Short.");
	ct_doc_free(doc);
}

/* ---- a body only in <noscript> ---- */

/* A page that renders its article with a script and holds it otherwise
 * only in <noscript>: the text is read from there. */
static void test_noscript_body_read(void **state)
{
	static const char html[] =
		"<html><body><div id=\"app\"></div>"
		"<noscript><div class=\"story\"><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p></div>"
		"</noscript></body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\n" P2 "\n\n" P3);
	ct_doc_free(doc);
}

/* When the page has a body outside <noscript>, what is inside stays out. */
static void test_noscript_ignored_with_body(void **state)
{
	static const char html[] =
		"<html><body><article><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p><p>" P4 "</p></article>"
		"<noscript><p>Please turn on JavaScript to see the comments, "
		"the gallery and everything else on this page, please.</p></noscript>"
		"</body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\n" P2 "\n\n" P3 "\n\n" P4);
	assert_lacks(doc->body, "JavaScript");
	ct_doc_free(doc);
}

/* ---- furniture inside the article ---- */

/* A related-stories box and a newsletter sign-up inside the article
 * block, whose classes also say "content", are left out. */
static void test_related_box_dropped(void **state)
{
	static const char html[] =
		"<html><body><div class=\"article-content\">"
		"<p>" P1 "</p><p>" P2 "</p>"
		"<div class=\"content-related-stories\"><h3>More on this</h3><ul>"
		"<li><a href=\"/a\">Ferry fares rise again</a></li>"
		"<li><a href=\"/b\">Who pays for the roads</a></li></ul></div>"
		"<p>" P3 "</p>"
		"<div class=\"newsletter-content\"><h4>Sign up</h4>"
		"<p>Get the morning briefing, every day.</p></div>"
		"<p>" P4 "</p></div></body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\n" P2 "\n\n" P3 "\n\n" P4);
	assert_lacks(doc->body, "More on this");
	assert_lacks(doc->body, "Ferry fares");
	assert_lacks(doc->body, "morning briefing");
	ct_doc_free(doc);
}

/* A heading or a "label:" line with nothing after it ends the article
 * without belonging to it; a heading followed by text stays. */
static void test_trailing_labels_dropped(void **state)
{
	static const char html[] =
		"<html><body><article><p>" P1 "</p><h3>The money</h3><p>" P2 "</p><p>" P3 "</p>"
		"<p>" P4 "</p><p>More on this:</p><h4>You may also like</h4>"
		"</article></body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\nThe money\n\n" P2 "\n\n" P3 "\n\n" P4);
	assert_lacks(doc->body, "More on this");
	assert_lacks(doc->body, "You may also like");
	ct_doc_free(doc);
}

/* Short lines that open like page furniture (rules/furniture.words): share
 * and rating prompts, links to other stories, credits and date lines, in
 * several languages and cases, with a no-break space or an arrow before
 * them, are left out; a sentence that only starts alike stays. */
static void test_furniture_lines_dropped(void **state)
{
	static const char html[] =
		"<html><body><article>"
		"<p>Ver&ouml;ffentlicht am 3. M&auml;rz</p>"
		"<p>" P1 "</p><p>Schon gelesen?</p><p>" P2 "</p>"
		"<p><em>(Credit: Ann Example / Agency)</em></p>"
		"<p>" P3 "</p>"
		"<p>Rating the bridge, the engineers said it would last a century.</p>"
		"<p>" P4 "</p>"
		"<div>&raquo; Diesen&nbsp;Artikel teilen</div>"
		"<p>SHARE THIS ARTICLE</p>"
		"<p>This entry was posted in\n   News. Bookmark the permalink.</p>"
		"<p>Weitere Informationen:</p>"
		"<p>Weitere Informationen lagen am Abend nicht vor.</p>"
		"</article></body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\n" P2 "\n\n" P3);
	assert_has(doc->body, "Rating the bridge");
	assert_has(doc->body, P4);
	assert_lacks(doc->body, "ffentlicht am");
	assert_lacks(doc->body, "Schon gelesen");
	assert_lacks(doc->body, "Credit:");
	assert_lacks(doc->body, "Artikel teilen");
	assert_lacks(doc->body, "SHARE THIS");
	assert_lacks(doc->body, "This entry");
	/* A line that must be whole ("weitere informationen$"). */
	assert_has(doc->body, "Weitere Informationen lagen am Abend nicht vor.");
	assert_lacks(doc->body, "Weitere Informationen:");
	ct_doc_free(doc);
}

/* A credit in an inline element (an <em class="copyright"> inside a
 * picture's <span>) and a caption set as an <h2> are left out; a caption
 * <span> that readers keep, and an <em> in the text, stay. */
static void test_inline_credit_dropped(void **state)
{
	static const char html[] =
		"<html><body><article>"
		"<p>" P1 "</p>"
		"<span class=\"picture\"><img src=\"pier.jpg\">"
		"<em class=\"copyright\">&copy; Harbour Office | Ann Example</em></span>"
		"<p>" P2 "</p>"
		"<figure><img src=\"bank.jpg\"><h2 class=\"figure__caption\">Engineers on the "
		"east bank.</h2></figure>"
		"<p>" P3 " <em>Not</em> this winter.</p>"
		"<p><span class=\"caption\">The north pier at dawn.</span></p>"
		"<p>" P4 "</p></article></body></html>";
	struct ct_doc *doc;

	(void)state;
	doc = page(html);
	assert_has(doc->body, P1 "\n\n" P2 "\n\n" P3 " Not this winter.");
	assert_has(doc->body, "The north pier at dawn.");
	assert_has(doc->body, P4);
	assert_lacks(doc->body, "Harbour Office");
	assert_lacks(doc->body, "east bank");
	ct_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invisible_characters_dropped),
		cmocka_unit_test(test_ruby_annotations_dropped),
		cmocka_unit_test(test_caption_dropped),
		cmocka_unit_test(test_inline_credit_dropped),
		cmocka_unit_test(test_byline_lines_dropped),
		cmocka_unit_test(test_related_box_dropped),
		cmocka_unit_test(test_trailing_labels_dropped),
		cmocka_unit_test(test_furniture_lines_dropped),
		cmocka_unit_test(test_sibling_components_joined),
		cmocka_unit_test(test_table_inside_article),
		cmocka_unit_test(test_article_under_footer_class),
		cmocka_unit_test(test_form_text_not_article),
		cmocka_unit_test(test_label_hidden_not_hidden),
		cmocka_unit_test(test_wrapped_components_joined),
		cmocka_unit_test(test_noscript_body_read),
		cmocka_unit_test(test_noscript_ignored_with_body),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
