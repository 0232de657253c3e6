/*
 * Unit tests for doc.c: header lines (KEY VALUE, KEY: VALUE, the seed form
 * with the body on the date line), written dates and the warnings for dates
 * that cannot be read, bad values, unknown keys and long headers ignored
 * with a warning, what is not a header, the UTF-8 BOM,
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

#include "claimtrack/claimtrack.h"

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

/* The warnings a document gave, kept for the test to look at. */
struct diags {
	int n;
	int line[80];
	char file[80][64];
	char msg[80][256];
};

static void on_diag(const struct ct_diag *d, void *user)
{
	struct diags *ds = user;

	assert_int_equal(d->severity, CT_DIAG_WARNING);
	if (ds->n < 80) {
		ds->line[ds->n] = d->line;
		snprintf(ds->file[ds->n], sizeof ds->file[0], "%s", d->file ? d->file : "(null)");
		snprintf(ds->msg[ds->n], sizeof ds->msg[0], "%s", d->message);
	}
	ds->n++;
}

static struct ct_doc *doc_diag_n(const char *text, size_t len, struct diags *ds)
{
	struct ct_doc *doc = NULL;

	memset(ds, 0, sizeof *ds);
	assert_int_equal(ct_doc_from_text_diag(text, len, CT_DOC_MAX_BYTES, "a.txt", on_diag, ds,
					       &doc), CT_OK);
	assert_non_null(doc);
	return doc;
}

static struct ct_doc *doc_diag(const char *text, struct diags *ds)
{
	return doc_diag_n(text, strlen(text), ds);
}

static void test_written_dates(void **state)
{
	static const char *const values[] = {
		"March 3, 2023", "3 March 2023", "Mar. 3, 2023", "march 3rd, 2023",
		"Friday, March 3, 2023", "Fri, 03 Mar 2023 10:00:00 GMT",
		"2023-03-03T10:00:00Z", "2023-03-03T10:00:00+02:00", "2023-03-03 10:00",
		"March 3, 2023 at 10:15 a.m. EST", "2023/03/03",
	};

	(void)state;
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		char text[200];
		struct diags ds;
		struct ct_doc *doc;
		snprintf(text, sizeof text, "date: %s\ntitle: T\n\nThe board met.", values[i]);
		doc = doc_diag(text, &ds);
		if (!doc->date || strcmp(doc->date, "2023-03-03") != 0)
			fail_msg("\"%s\": date %s", values[i], doc->date ? doc->date : "NULL");
		assert_str_or_null(doc->title, "T");
		assert_body(doc, "The board met.");
		assert_int_equal(ds.n, 0);
		ct_doc_free(doc);
		/* The same without the colon. */
		snprintf(text, sizeof text, "date %s\n\nThe board met.", values[i]);
		doc = doc_diag(text, &ds);
		assert_str_or_null(doc->date, "2023-03-03");
		assert_body(doc, "The board met.");
		assert_int_equal(ds.n, 0);
		ct_doc_free(doc);
	}
}

/*
 * A date line that cannot be read is still a header line: the other
 * header lines count, the body starts after the header, and a warning
 * names the file and the line.
 */
static void test_unreadable_date_warns(void **state)
{
	static const struct {
		const char *text, *title, *body, *msg;
		int line;
	} cases[] = {
		{ "date 2022-13-45\n\nThe board met.", NULL, "The board met.",
		  "date '2022-13-45' does not exist; the document has no date", 1 },
		{ "date 2023-02-29\n\nThe board met.", NULL, "The board met.",
		  "date '2023-02-29' does not exist", 1 },
		{ "date: 2023-02-30T10:00:00Z\n\nThe board met.", NULL, "The board met.",
		  "date '2023-02-30T10:00:00Z' does not exist", 1 },
		{ "title Fine\ndate 2022-00-10\n\nThe board met.", "Fine", "The board met.",
		  "date '2022-00-10' does not exist", 2 },
		{ "date: March 32, 2023\ntitle: T\n\nThe board met.", "T", "The board met.",
		  "date 'March 32, 2023' does not exist; the document has no date", 1 },
		{ "title: T\nDate: February 29, 2023\n\nThe board met.", "T", "The board met.",
		  "date 'February 29, 2023' does not exist", 2 },
		{ "date 2022-2-18\n\nThe board met.", NULL, "The board met.",
		  "date '2022-2-18' cannot be read (write it as YYYY-MM-DD, or like March 3, 2023); "
		  "the document has no date", 1 },
		{ "date 2022-02-18x\n\nThe board met.", NULL, "The board met.",
		  "date '2022-02-18x' cannot be read", 1 },
		{ "date: yesterday\n\nThe board met.", NULL, "The board met.",
		  "date 'yesterday' cannot be read", 1 },
		{ "date: 03/03/2023\n\nThe board met.", NULL, "The board met.",
		  "date '03/03/2023' cannot be read", 1 },
		{ "date March 2023\n\nThe board met.", NULL, "The board met.",
		  "date 'March 2023' cannot be read", 1 },
		{ "title: T\ndate: \n\nThe board met.", "T", "The board met.",
		  "date is empty; the document has no date", 2 },
		/* The seed form with a date that does not exist. */
		{ "date 2023-02-30 On December 17, Jane Doe said so.", NULL,
		  "On December 17, Jane Doe said so.", "date '2023-02-30' does not exist", 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct diags ds;
		struct ct_doc *doc = doc_diag(cases[i].text, &ds);
		if (doc->date)
			fail_msg("\"%s\": date %s", cases[i].text, doc->date);
		assert_str_or_null(doc->title, cases[i].title);
		assert_body(doc, cases[i].body);
		if (ds.n != 1)
			fail_msg("\"%s\": %d warnings", cases[i].text, ds.n);
		assert_int_equal(ds.line[0], cases[i].line);
		assert_string_equal(ds.file[0], "a.txt");
		if (strncmp(ds.msg[0], cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("\"%s\": message \"%s\"", cases[i].text, ds.msg[0]);
		ct_doc_free(doc);
		/* Without a callback: the same document, quietly. */
		doc = doc_of(cases[i].text);
		assert_null(doc->date);
		assert_body(doc, cases[i].body);
		ct_doc_free(doc);
	}
}

/* A value without a colon that is not like a date is the body's start; so
 * is a header block that runs into the text. Neither warns. */
static void test_date_line_that_is_body(void **state)
{
	static const char *const texts[] = {
		"date tomorrow\n\nThe board met.",
		"Date night is over.\n\nMore.",
		"Author Jane Roe wrote it\nDate night is over.\n\nMore.",
		"date: March 32, 2023\nThe board met.",
	};

	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct diags ds;
		struct ct_doc *doc = doc_diag(texts[i], &ds);
		assert_null(doc->date);
		assert_null(doc->author);
		assert_body(doc, texts[i]);
		assert_int_equal(doc->body_offset, 0);
		if (ds.n != 0)
			fail_msg("\"%s\": warned \"%s\"", texts[i], ds.msg[0]);
		ct_doc_free(doc);
	}
}

/* The value quoted in a warning is cut, and cannot drive a terminal. */
static void test_date_warning_quotes_safely(void **state)
{
	char text[400], want[200];
	struct diags ds;
	struct ct_doc *doc;

	(void)state;
	memset(want, 0, sizeof want);
	snprintf(text, sizeof text, "date: %s\n\nBody.",
		 "\xc3\xa9\x1b[31m 12 \xc2\x9b 2023 "
		 "and then a long tail that goes on and on and on and on and on");
	doc = doc_diag(text, &ds);
	assert_int_equal(ds.n, 1);
	assert_null(strchr(ds.msg[0], '\x1b'));
	assert_null(strstr(ds.msg[0], "\xc2\x9b"));
	assert_non_null(strstr(ds.msg[0], "date '\xc3\xa9?[31m 12 ? 2023 and then"));
	assert_non_null(strstr(ds.msg[0], "\xe2\x80\xa6' cannot be read"));
	assert_null(strstr(ds.msg[0], "on and on and on and on and on'"));
	ct_doc_free(doc);
}

/*
 * One bad line in a header: the body is the text after the blank line
 * alone (none of the header is a sentence), the other fields are kept,
 * and the line is warned about with the file, its line and its key.
 */
#define PROBE_BODY "Anna Lindqvist said that ISIS fighters are still active in Afghanistan.\n"

static void assert_probe_fields(const struct ct_doc *doc, bool url)
{
	assert_str_or_null(doc->date, "2022-01-15");
	assert_str_or_null(doc->outlet, "Tolo News");
	assert_str_or_null(doc->url, url ? "https://tolonews.com/a/1" : NULL);
	assert_body(doc, PROBE_BODY);
	assert_int_equal(doc->n_sentences, 1);
	assert_int_equal(doc->n_replaced, 0);
	assert_int_equal(doc->n_nul, 0);
}

static void test_header_bad_bytes_repaired(void **state)
{
	static const char text[] =
		"date 2022-01-15\n"
		"title Caf\xe9 owner: there are no terrorists in Afghanistan\n"
		"outlet Tolo News\n"
		"url https://tolonews.com/a/1\n"
		"\n" PROBE_BODY;
	static const char nul[] =
		"date 2022-01-15\n"
		"title: Caf\xc3\xa9 owner\n"
		"outlet Tolo\0 News\0\n"
		"url https://tolonews.com/a/1\n"
		"\n" PROBE_BODY;
	struct diags ds;
	struct ct_doc *doc;

	(void)state;
	doc = doc_diag(text, &ds);
	assert_probe_fields(doc, true);
	assert_str_or_null(doc->title,
			   "Caf\xef\xbf\xbd owner: there are no terrorists in Afghanistan");
	assert_int_equal(ds.n, 1);
	assert_int_equal(ds.line[0], 2);
	assert_string_equal(ds.file[0], "a.txt");
	assert_string_equal(ds.msg[0], "header 'title': 1 invalid UTF-8 byte replaced with U+FFFD");
	ct_doc_free(doc);

	doc = doc_diag_n(nul, sizeof nul - 1, &ds);
	assert_probe_fields(doc, true);
	assert_str_or_null(doc->title, "Caf\xc3\xa9 owner");
	assert_int_equal(ds.n, 1);
	assert_int_equal(ds.line[0], 3);
	assert_string_equal(ds.msg[0], "header 'outlet': 2 NUL bytes dropped");
	ct_doc_free(doc);

	/* Without a callback: the same document, quietly. */
	doc = doc_of(text);
	assert_probe_fields(doc, true);
	ct_doc_free(doc);
}

static void test_header_empty_value_ignored(void **state)
{
	static const char *const texts[] = {
		"date 2022-01-15\ntitle T\noutlet Tolo News\nurl:\n\n" PROBE_BODY,
		"date 2022-01-15\ntitle T\noutlet Tolo News\nURL: \t\r\n\n" PROBE_BODY,
		"date 2022-01-15\ntitle T\noutlet Tolo News\nurl  \n\n" PROBE_BODY,
	};

	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct diags ds;
		struct ct_doc *doc = doc_diag(texts[i], &ds);
		assert_probe_fields(doc, false);
		assert_str_or_null(doc->title, "T");
		assert_int_equal(ds.n, 1);
		assert_int_equal(ds.line[0], 4);
		assert_string_equal(ds.file[0], "a.txt");
		assert_string_equal(ds.msg[0], "header 'url' has no value; ignored");
		ct_doc_free(doc);
	}
}

static void test_header_unknown_key_ignored(void **state)
{
	static const struct {
		const char *text, *key;
	} cases[] = {
		{ "date 2022-01-15\noutlet Tolo News\nsource Reuters\nurl https://tolonews.com/a/1\n"
		  "\n" PROBE_BODY, "source" },
		{ "date 2022-01-15\noutlet Tolo News\nSource: Reuters\nurl https://tolonews.com/a/1\n"
		  "\n" PROBE_BODY, "Source" },
		{ "date 2022-01-15\noutlet Tolo News\nx-ref_2:\nurl https://tolonews.com/a/1\n"
		  "\n" PROBE_BODY, "x-ref_2" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char want[200];
		struct diags ds;
		struct ct_doc *doc = doc_diag(cases[i].text, &ds);
		assert_probe_fields(doc, true);
		assert_int_equal(ds.n, 1);
		assert_int_equal(ds.line[0], 3);
		assert_string_equal(ds.file[0], "a.txt");
		snprintf(want, sizeof want, "unknown header key '%s' (known: date, title, outlet, url, "
			 "author, lang); ignored", cases[i].key);
		assert_string_equal(ds.msg[0], want);
		ct_doc_free(doc);
	}
}

/* A header of more than 16 lines (the old limit) is read; past 64 lines
 * the rest of it is ignored, with a warning, and is not body either. */
static void test_header_many_lines(void **state)
{
	char text[4096];
	size_t o = 0;
	struct diags ds;
	struct ct_doc *doc;

	(void)state;
	o += (size_t)snprintf(text + o, sizeof text - o,
			      "date 2022-01-15\noutlet Tolo News\nurl https://tolonews.com/a/1\n");
	for (int i = 4; i <= 20; i++)
		o += (size_t)snprintf(text + o, sizeof text - o, "tag%d: t%d\n", i, i);
	o += (size_t)snprintf(text + o, sizeof text - o, "author Jane Roe\n\n" PROBE_BODY);
	doc = doc_diag(text, &ds);
	assert_probe_fields(doc, true);
	assert_str_or_null(doc->author, "Jane Roe");
	assert_int_equal(ds.n, 17);
	for (int i = 0; i < 17; i++) {
		char want[120];
		assert_int_equal(ds.line[i], i + 4);
		snprintf(want, sizeof want, "unknown header key 'tag%d' (known: date, title, outlet, "
			 "url, author, lang); ignored", i + 4);
		assert_string_equal(ds.msg[i], want);
	}
	ct_doc_free(doc);

	/* 70 lines: a title on each, the last read from line 64. */
	o = 0;
	o += (size_t)snprintf(text + o, sizeof text - o,
			      "date 2022-01-15\noutlet Tolo News\nurl https://tolonews.com/a/1\n");
	for (int i = 4; i <= 70; i++)
		o += (size_t)snprintf(text + o, sizeof text - o, "title Line %d\n", i);
	o += (size_t)snprintf(text + o, sizeof text - o, "\n" PROBE_BODY);
	doc = doc_diag(text, &ds);
	assert_probe_fields(doc, true);
	assert_str_or_null(doc->title, "Line 64");
	assert_int_equal(ds.n, 1);
	assert_int_equal(ds.line[0], 65);
	assert_string_equal(ds.msg[0], "the header has more than 64 lines; lines 65 to 70 ignored");
	ct_doc_free(doc);
}

/* A first paragraph that starts with a word and a colon, or has a known
 * key's word on one line only, is body: nothing read, nothing warned. */
static void test_colon_paragraph_is_body(void **state)
{
	static const char *const texts[] = {
		"Update: the minister said there are no terrorists in Afghanistan.\n\nMore.",
		"Update: the minister said on Monday that\nthe talks would go on.\n\nMore.",
		"Kabul \xe2\x80\x94 Taliban fighters entered the city.\n\nMore.",
		"Kabul: Taliban fighters entered the city.\n\nMore.",
		"Title IX funding was cut on Monday, the\ndepartment said.\n\nMore.",
		"Author Jane Roe wrote it in\nher book, which sold well.\n\nMore.",
		"Title IX funding was cut\nThe board said it would appeal.\n\nMore.",
		"title T\nsource Reuters",
		"title T\nakeythatislongerthanthirtytwobytes: v\n\nMore.",
		"url\n\nMore.",
	};

	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct diags ds;
		struct ct_doc *doc = doc_diag(texts[i], &ds);
		assert_null(doc->title);
		assert_null(doc->author);
		assert_null(doc->url);
		assert_body(doc, texts[i]);
		assert_int_equal(doc->body_offset, 0);
		if (ds.n != 0)
			fail_msg("\"%s\": warned \"%s\"", texts[i], ds.msg[0]);
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
		cmocka_unit_test(test_written_dates),
		cmocka_unit_test(test_unreadable_date_warns),
		cmocka_unit_test(test_date_line_that_is_body),
		cmocka_unit_test(test_date_warning_quotes_safely),
		cmocka_unit_test(test_header_bad_bytes_repaired),
		cmocka_unit_test(test_header_empty_value_ignored),
		cmocka_unit_test(test_header_unknown_key_ignored),
		cmocka_unit_test(test_header_many_lines),
		cmocka_unit_test(test_colon_paragraph_is_body),
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
