/*
 * Unit tests for doc.c: header lines (KEY VALUE, KEY: VALUE, the seed form
 * with the body on the date line), what is not a header, the UTF-8 BOM,
 * UTF-8 repair and NUL bytes, the size limit, paragraphs, sentences, the
 * body hash, ct_doc_set() and ct_date_valid().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack.h"

/* ---- helpers ---- */

static struct ct_doc *doc_n(const char *data, size_t len)
{
	struct ct_doc *doc = NULL;

	assert_int_equal(ct_doc_from_text(data, len, CT_DOC_MAX_BYTES, NULL, &doc), CT_OK);
	assert_non_null(doc);
	assert_non_null(doc->body);
	return doc;
}

static struct ct_doc *doc_of(const char *text)
{
	return doc_n(text, strlen(text));
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

static void assert_body(const struct ct_doc *doc, const char *want)
{
	assert_int_equal(doc->body_len, strlen(want));
	assert_int_equal(strlen(doc->body), doc->body_len);
	assert_string_equal(doc->body, want);
}

/* The text of span [start, end) of the body is `want`. */
static void assert_span_is(const struct ct_doc *doc, struct ct_span sp, const char *want)
{
	size_t wl = strlen(want);

	if (sp.end < sp.start || sp.end > doc->body_len || sp.end - sp.start != wl ||
	    memcmp(doc->body + sp.start, want, wl) != 0)
		fail_msg("span [%zu,%zu) is \"%.*s\", expected \"%s\"", sp.start, sp.end,
			 sp.end >= sp.start && sp.end <= doc->body_len ? (int)(sp.end - sp.start) : 0,
			 doc->body + (sp.start <= doc->body_len ? sp.start : 0), want);
}

static bool is_hex16(const char *h)
{
	if (strlen(h) != 16)
		return false;
	for (int i = 0; i < 16; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
			return false;
	return true;
}

/* ---- headers ---- */

static void test_header_key_value(void **state)
{
	static const char text[] =
		"date 2022-02-18\n"
		"title Threat grows in the region\n"
		"outlet Tolo News\n"
		"url https://example.org/a/1\n"
		"author Jane Roe\n"
		"lang en\n"
		"\n"
		"The board met on Friday. It said little.\n";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_str_or_null(doc->date, "2022-02-18");
	assert_str_or_null(doc->title, "Threat grows in the region");
	assert_str_or_null(doc->outlet, "Tolo News");
	assert_str_or_null(doc->url, "https://example.org/a/1");
	assert_str_or_null(doc->author, "Jane Roe");
	assert_str_or_null(doc->lang, "en");
	assert_null(doc->source);
	assert_body(doc, "The board met on Friday. It said little.\n");
	assert_int_equal(doc->body_offset, strlen(text) - doc->body_len);
	assert_memory_equal(text + doc->body_offset, "The board", 9);
	ct_doc_free(doc);
}

static void test_header_colon_and_case(void **state)
{
	static const char text[] =
		"Title: A colon header\n"
		"OUTLET:   Example Daily  \n"
		"Date: 2021-12-17\n"
		"URL: https://example.org/x?y=1\n"
		"\n"
		"Body starts here.";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_str_or_null(doc->title, "A colon header");
	assert_str_or_null(doc->outlet, "Example Daily");
	assert_str_or_null(doc->date, "2021-12-17");
	assert_str_or_null(doc->url, "https://example.org/x?y=1");
	assert_null(doc->author);
	assert_null(doc->lang);
	assert_body(doc, "Body starts here.");
	assert_int_equal(doc->body_offset, (size_t)(strstr(text, "Body") - text));
	ct_doc_free(doc);
}

static void test_header_source_copied(void **state)
{
	static const char text[] = "title T\n\nBody.";
	struct ct_doc *doc = NULL;
	char src[] = "some/path.txt";

	(void)state;
	assert_int_equal(ct_doc_from_text(text, strlen(text), CT_DOC_MAX_BYTES, src, &doc), CT_OK);
	src[0] = 'X';
	assert_str_or_null(doc->source, "some/path.txt");
	ct_doc_free(doc);
}

static void test_header_blank_line_with_spaces(void **state)
{
	/* A line of only blanks ends the header too. */
	static const char text[] = "title Spaces\n  \t\nBody here.";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_str_or_null(doc->title, "Spaces");
	assert_body(doc, "Body here.");
	assert_int_equal(doc->body_offset, strlen("title Spaces\n  \t\n"));
	ct_doc_free(doc);
}

static void test_header_crlf(void **state)
{
	static const char text[] = "title Windows\r\ndate 2022-01-02\r\n\r\nBody here.\r\n";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_str_or_null(doc->title, "Windows");
	assert_str_or_null(doc->date, "2022-01-02");
	assert_body(doc, "Body here.\r\n");
	ct_doc_free(doc);
}

static void test_header_only(void **state)
{
	/* Nothing but header lines: the body is empty. */
	static const char text[] = "title Only a header\noutlet Nowhere\n";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_str_or_null(doc->title, "Only a header");
	assert_str_or_null(doc->outlet, "Nowhere");
	assert_body(doc, "");
	assert_int_equal(doc->body_offset, strlen(text));
	assert_int_equal(doc->n_sentences, 0);
	assert_int_equal(doc->n_paragraphs, 0);
	ct_doc_free(doc);
}

static void test_seed_form(void **state)
{
	static const char text[] =
		"date 2022-02-18 On December 17, Jane Doe said the region is at risk.";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_str_or_null(doc->date, "2022-02-18");
	assert_null(doc->title);
	assert_body(doc, "On December 17, Jane Doe said the region is at risk.");
	assert_int_equal(doc->body_offset, (size_t)(strstr(text, "On") - text));
	assert_int_equal(doc->n_sentences, 1);
	ct_doc_free(doc);
}

static void test_seed_form_leading_space(void **state)
{
	static const char text[] =
		" date 2022-02-18   On December 17, Jane Doe said so.\nSecond line.";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_str_or_null(doc->date, "2022-02-18");
	assert_body(doc, "On December 17, Jane Doe said so.\nSecond line.");
	assert_int_equal(doc->body_offset, (size_t)(strstr(text, "On") - text));
	ct_doc_free(doc);
}

static void test_seed_form_after_other_headers(void **state)
{
	static const char text[] =
		"title Seeded\n"
		"date 2022-02-18 On Monday the board met.";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_str_or_null(doc->title, "Seeded");
	assert_str_or_null(doc->date, "2022-02-18");
	assert_body(doc, "On Monday the board met.");
	ct_doc_free(doc);
}

static void test_date_with_time(void **state)
{
	static const char text[] = "date: 2022-02-18T10:00:00Z\n\nBody.";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_str_or_null(doc->date, "2022-02-18");
	assert_body(doc, "Body.");
	ct_doc_free(doc);
}

static void test_invalid_date_means_no_header(void **state)
{
	static const char *const texts[] = {
		"date 2022-13-45\n\nThe board met.",
		"date 2023-02-29\n\nThe board met.",
		"date 2022-2-18\n\nThe board met.",
		"date 2022-02-18x\n\nThe board met.",
		"date tomorrow\n\nThe board met.",
		"title Fine\ndate 2022-00-10\n\nThe board met.",
	};

	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct ct_doc *doc = doc_of(texts[i]);
		if (doc->date)
			fail_msg("\"%s\": date %s", texts[i], doc->date);
		assert_null(doc->title);
		assert_body(doc, texts[i]);
		assert_int_equal(doc->body_offset, 0);
		ct_doc_free(doc);
	}
}

static void test_header_like_lines_run_into_text(void **state)
{
	static const char text[] = "Title IX funding was cut\nThe board said it would appeal.";
	static const char text2[] = "Author Jane Roe wrote it\nDate night is over.\n\nMore.";
	static const char text3[] = "lang en\ntitle Two headers then text\nNo blank line here.";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_null(doc->title);
	assert_body(doc, text);
	assert_int_equal(doc->body_offset, 0);
	assert_true(doc->n_sentences >= 2);
	ct_doc_free(doc);

	/* "Date night..." is no date: the text is all body. */
	doc = doc_of(text2);
	assert_null(doc->author);
	assert_null(doc->date);
	assert_body(doc, text2);
	ct_doc_free(doc);

	doc = doc_of(text3);
	assert_null(doc->lang);
	assert_null(doc->title);
	assert_body(doc, text3);
	ct_doc_free(doc);
}

static void test_unknown_key_is_body(void **state)
{
	static const char text[] = "publisher Someone\n\nBody.";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_body(doc, text);
	assert_int_equal(doc->body_offset, 0);
	ct_doc_free(doc);
}

static void test_leading_blank_line_no_header(void **state)
{
	/* A blank line before any header line: no header at all. */
	static const char text[] = "\ntitle Not a header\n\nBody.";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_null(doc->title);
	assert_body(doc, text);
	ct_doc_free(doc);
}

/* ---- bytes ---- */

static void test_bom_skipped(void **state)
{
	static const char text[] = "\xEF\xBB\xBFtitle With BOM\n\nBody.";
	static const char text2[] = "\xEF\xBB\xBFJust a body.";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_str_or_null(doc->title, "With BOM");
	assert_body(doc, "Body.");
	assert_int_equal(doc->body_offset, strlen(text) - 5);
	ct_doc_free(doc);

	doc = doc_of(text2);
	assert_null(doc->title);
	assert_body(doc, "Just a body.");
	assert_int_equal(doc->body_offset, 3);
	assert_int_equal(doc->n_replaced, 0);
	ct_doc_free(doc);
}

static void test_invalid_utf8_replaced(void **state)
{
	static const char text[] = "Caf\xE9 is open. \xC3\x28 and \xFF\xFE end.";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_int_equal(doc->n_replaced, 4);
	assert_int_equal(doc->n_nul, 0);
	assert_body(doc, "Caf\xEF\xBF\xBD is open. \xEF\xBF\xBD( and \xEF\xBF\xBD\xEF\xBF\xBD end.");
	assert_int_equal(doc->n_sentences, 2);
	ct_doc_free(doc);
}

static void test_valid_utf8_kept(void **state)
{
	static const char text[] = "\xE2\x80\x9C" "Caf\xC3\xA9," "\xE2\x80\x9D" " she said. \xF0\x9F\x98\x80";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_int_equal(doc->n_replaced, 0);
	assert_body(doc, text);
	ct_doc_free(doc);
}

static void test_truncated_utf8_at_end(void **state)
{
	static const char text[] = "Ends badly \xE2\x80";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_true(doc->n_replaced >= 1);
	assert_memory_equal(doc->body, "Ends badly \xEF\xBF\xBD", strlen("Ends badly \xEF\xBF\xBD"));
	ct_doc_free(doc);
}

/* Bad bytes after a long valid stretch, and text that is all bad bytes:
 * the body grows to three bytes for each and keeps everything before. */
static void test_invalid_utf8_after_long_text(void **state)
{
	char text[6000], want[6000 * 3 + 1];
	size_t o = 0;
	struct ct_doc *doc;

	(void)state;
	for (size_t i = 0; i < sizeof text; i++) {
		if (i < 5000) {
			text[i] = i % 9 == 8 ? ' ' : (char)('a' + i % 26);
			want[o++] = text[i];
		} else if (i % 2) {
			text[i] = (char)0xFF;
			memcpy(want + o, "\xEF\xBF\xBD", 3);
			o += 3;
		} else {
			text[i] = '\0';
		}
	}
	want[o] = '\0';
	doc = doc_n(text, sizeof text);
	assert_int_equal(doc->n_replaced, 500);
	assert_int_equal(doc->n_nul, 500);
	assert_body(doc, want);
	ct_doc_free(doc);

	memset(text, 0x80, sizeof text);
	doc = doc_n(text, sizeof text);
	assert_int_equal(doc->n_replaced, sizeof text);
	assert_int_equal(doc->body_len, 3 * sizeof text);
	for (size_t i = 0; i < doc->body_len; i += 3)
		assert_memory_equal(doc->body + i, "\xEF\xBF\xBD", 3);
	assert_int_equal(doc->body[doc->body_len], '\0');
	ct_doc_free(doc);
}

static void test_nul_dropped(void **state)
{
	static const char text[] = "One\0 two.\0\0 Three.";
	struct ct_doc *doc;

	(void)state;
	doc = doc_n(text, sizeof text - 1);
	assert_int_equal(doc->n_nul, 3);
	assert_int_equal(doc->n_replaced, 0);
	assert_body(doc, "One two. Three.");
	ct_doc_free(doc);
}

static void test_max_bytes(void **state)
{
	static const char text[] = "0123456789";
	struct ct_doc *doc = NULL;

	(void)state;
	assert_int_equal(ct_doc_from_text(text, 10, 9, NULL, &doc), CT_ELIMIT);
	assert_null(doc);
	assert_int_equal(ct_doc_from_text(text, 10, 10, NULL, &doc), CT_OK);
	assert_body(doc, text);
	ct_doc_free(doc);
}

/* ---- paragraphs, sentences, hash ---- */

static void test_paragraphs(void **state)
{
	static const char text[] =
		"title Paras\n"
		"\n"
		"First paragraph, line one.\n"
		"Line two of it.\n"
		"\n"
		"\n"
		"  Second paragraph.  \n"
		" \t \n"
		"Third one.";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_int_equal(doc->n_paragraphs, 3);
	assert_span_is(doc, doc->paragraphs[0], "First paragraph, line one.\nLine two of it.");
	assert_span_is(doc, doc->paragraphs[1], "Second paragraph.");
	assert_span_is(doc, doc->paragraphs[2], "Third one.");
	for (size_t i = 1; i < doc->n_paragraphs; i++)
		assert_true(doc->paragraphs[i].start >= doc->paragraphs[i - 1].end);
	ct_doc_free(doc);
}

static void test_sentences(void **state)
{
	static const char text[] =
		"date 2022-02-18\n"
		"\n"
		"The board met. It said little.\n"
		"\n"
		"A new paragraph";
	struct ct_doc *doc;

	(void)state;
	doc = doc_of(text);
	assert_int_equal(doc->n_sentences, 3);
	assert_span_is(doc, doc->sentences[0], "The board met.");
	assert_span_is(doc, doc->sentences[1], "It said little.");
	assert_span_is(doc, doc->sentences[2], "A new paragraph");
	ct_doc_free(doc);
}

static void test_hash(void **state)
{
	struct ct_doc *a, *b, *c, *d;

	(void)state;
	a = doc_of("title One\n\nSame body.");
	b = doc_of("title Two\noutlet Other\n\nSame body.");
	c = doc_of("title One\n\nSame body!");
	d = doc_of("Same body.");
	assert_true(is_hex16(a->hash));
	assert_true(is_hex16(c->hash));
	/* The hash is of the body alone. */
	assert_string_equal(a->hash, b->hash);
	assert_string_equal(a->hash, d->hash);
	assert_string_not_equal(a->hash, c->hash);
	ct_doc_free(a);
	ct_doc_free(b);
	ct_doc_free(c);
	ct_doc_free(d);
}

static void test_hash_empty(void **state)
{
	struct ct_doc *doc;

	(void)state;
	doc = doc_of("");
	/* FNV-1a 64 offset basis: the hash of nothing. */
	assert_string_equal(doc->hash, "cbf29ce484222325");
	ct_doc_free(doc);
}

static void test_empty_input(void **state)
{
	struct ct_doc *doc;

	(void)state;
	doc = doc_n("", 0);
	assert_body(doc, "");
	assert_int_equal(doc->body_offset, 0);
	assert_int_equal(doc->n_sentences, 0);
	assert_int_equal(doc->n_paragraphs, 0);
	assert_null(doc->date);
	ct_doc_free(doc);

	doc = doc_of("   \n\n \t\n");
	assert_int_equal(doc->n_sentences, 0);
	assert_int_equal(doc->n_paragraphs, 0);
	ct_doc_free(doc);
}

/* ---- ct_doc_set ---- */

static void test_doc_set(void **state)
{
	static const char *const keys[] = { "title", "outlet", "url", "author", "lang" };
	struct ct_doc *doc;

	(void)state;
	doc = doc_of("Body.");
	assert_int_equal(ct_doc_set(doc, "date", "2024-02-29"), CT_OK);
	assert_str_or_null(doc->date, "2024-02-29");
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		char value[32];
		snprintf(value, sizeof value, "value of %s", keys[i]);
		assert_int_equal(ct_doc_set(doc, keys[i], value), CT_OK);
		value[0] = 'X';   /* the value is copied */
	}
	assert_str_or_null(doc->title, "value of title");
	assert_str_or_null(doc->outlet, "value of outlet");
	assert_str_or_null(doc->url, "value of url");
	assert_str_or_null(doc->author, "value of author");
	assert_str_or_null(doc->lang, "value of lang");

	/* Replacing a value. */
	assert_int_equal(ct_doc_set(doc, "title", "Another"), CT_OK);
	assert_str_or_null(doc->title, "Another");

	/* An invalid date is refused and the old one kept. */
	assert_int_equal(ct_doc_set(doc, "date", "2023-02-29"), CT_EINVAL);
	assert_int_equal(ct_doc_set(doc, "date", "yesterday"), CT_EINVAL);
	assert_int_equal(ct_doc_set(doc, "date", "2022-02-18T10:00:00Z"), CT_EINVAL);
	assert_str_or_null(doc->date, "2024-02-29");

	/* Unknown keys. */
	assert_int_equal(ct_doc_set(doc, "publisher", "x"), CT_EINVAL);
	assert_int_equal(ct_doc_set(doc, "source", "x"), CT_EINVAL);
	assert_int_equal(ct_doc_set(doc, "body", "x"), CT_EINVAL);
	assert_int_equal(ct_doc_set(doc, "", "x"), CT_EINVAL);
	assert_int_equal(ct_doc_set(doc, "titles", "x"), CT_EINVAL);
	assert_int_equal(ct_doc_set(doc, "tit", "x"), CT_EINVAL);
	assert_str_or_null(doc->title, "Another");
	assert_string_equal(doc->body, "Body.");

	/* NULL clears. */
	assert_int_equal(ct_doc_set(doc, "date", NULL), CT_OK);
	assert_null(doc->date);
	assert_int_equal(ct_doc_set(doc, "outlet", NULL), CT_OK);
	assert_null(doc->outlet);
	assert_int_equal(ct_doc_set(doc, "outlet", NULL), CT_OK);
	assert_null(doc->outlet);
	ct_doc_free(doc);
}

static void test_doc_free_null(void **state)
{
	(void)state;
	ct_doc_free(NULL);
}

/* ---- ct_date_valid ---- */

static void test_date_valid(void **state)
{
	static const char *const good[] = {
		"2024-02-29", "2000-02-29", "2022-02-18", "2021-12-31", "2022-01-01",
		"2022-04-30", "1999-12-31", "0001-01-01", "2023-02-28",
	};
	static const char *const bad[] = {
		"2023-02-29", "1900-02-29", "2100-02-29", "2022-02-30", "2022-04-31",
		"2022-13-01", "2022-00-10", "2022-01-00", "2022-01-32", "0000-01-01",
		"2022-2-18", "22-02-18", "2022/02/18", "2022-02-18T10:00:00Z", "2022-02-1",
		"2022-02-180", "20220218", "", "abcd-ef-gh", " 2022-02-18", "2022-02-18 ",
		"2022-0a-18", "2022--2-18",
	};

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (!ct_date_valid(good[i]))
			fail_msg("\"%s\" should be valid", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (ct_date_valid(bad[i]))
			fail_msg("\"%s\" should be invalid", bad[i]);
	assert_false(ct_date_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_key_value),
		cmocka_unit_test(test_header_colon_and_case),
		cmocka_unit_test(test_header_source_copied),
		cmocka_unit_test(test_header_blank_line_with_spaces),
		cmocka_unit_test(test_header_crlf),
		cmocka_unit_test(test_header_only),
		cmocka_unit_test(test_seed_form),
		cmocka_unit_test(test_seed_form_leading_space),
		cmocka_unit_test(test_seed_form_after_other_headers),
		cmocka_unit_test(test_date_with_time),
		cmocka_unit_test(test_invalid_date_means_no_header),
		cmocka_unit_test(test_header_like_lines_run_into_text),
		cmocka_unit_test(test_unknown_key_is_body),
		cmocka_unit_test(test_leading_blank_line_no_header),
		cmocka_unit_test(test_bom_skipped),
		cmocka_unit_test(test_invalid_utf8_replaced),
		cmocka_unit_test(test_valid_utf8_kept),
		cmocka_unit_test(test_truncated_utf8_at_end),
		cmocka_unit_test(test_invalid_utf8_after_long_text),
		cmocka_unit_test(test_nul_dropped),
		cmocka_unit_test(test_max_bytes),
		cmocka_unit_test(test_paragraphs),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_hash_empty),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_doc_set),
		cmocka_unit_test(test_doc_free_null),
		cmocka_unit_test(test_date_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
