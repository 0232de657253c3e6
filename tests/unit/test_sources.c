/*
 * Unit tests for sources.c: one URL a line, comments and blank lines, CRLF
 * and a byte order mark, a comment after the URL, repeated URLs (a
 * warning), lines that are not http(s) URLs (errors with line and column,
 * skipped), and the file limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimtrack/claimtrack.h"

struct diags {
	int n_errors, n_warnings;
	int line[16], col[16];
	char msg[16][256];
	int n;
};

static void on_diag(const struct ct_diag *d, void *user)
{
	struct diags *ds = user;

	if (d->severity == CT_DIAG_ERROR)
		ds->n_errors++;
	else
		ds->n_warnings++;
	if (ds->n < 16) {
		ds->line[ds->n] = d->line;
		ds->col[ds->n] = d->col;
		snprintf(ds->msg[ds->n], sizeof ds->msg[0], "%s", d->message);
		ds->n++;
	}
	assert_string_equal(d->file, "sources.list");
}

static struct ct_sources *parse(const char *text, struct diags *ds)
{
	struct ct_sources *s = NULL;

	memset(ds, 0, sizeof *ds);
	assert_int_equal(ct_sources_parse(text, strlen(text), "sources.list", on_diag, ds, &s), CT_OK);
	assert_non_null(s);
	return s;
}

static void test_lines(void **state)
{
	struct diags ds;
	struct ct_sources *s = parse(
		"\xEF\xBB\xBF# the sources\r\n"
		"\r\n"
		"https://example.org/feed.xml\r\n"
		"   http://example.org/article/1   # an article\n"
		"\t# an indented comment\n"
		"HTTPS://Example.org/Upper\n"
		"http://example.org/last", &ds);

	(void)state;
	assert_int_equal(ds.n_errors + ds.n_warnings, 0);
	assert_int_equal(s->n, 4);
	assert_int_equal(s->n_errors, 0);
	assert_string_equal(s->urls[0], "https://example.org/feed.xml");
	assert_int_equal(s->lines[0], 3);
	assert_string_equal(s->urls[1], "http://example.org/article/1");
	assert_int_equal(s->lines[1], 4);
	assert_string_equal(s->urls[2], "HTTPS://Example.org/Upper");
	assert_string_equal(s->urls[3], "http://example.org/last");
	assert_int_equal(s->lines[3], 7);
	ct_sources_free(s);
}

static void test_errors(void **state)
{
	struct diags ds;
	struct ct_sources *s = parse(
		"https://example.org/a\n"
		"https://example.org/a\n"                       /* 2: repeated: a warning */
		"ftp://example.org/file\n"                      /* 3: not http(s) */
		"example.org/no-scheme\n"                       /* 4 */
		"https://example.org/b and more words\n"        /* 5: col 23 */
		"https://exämple.org/\n"                        /* 6: not ASCII */
		"http://\n"                                     /* 7: no host */
		"https://example.org/c\n", &ds);

	(void)state;
	assert_int_equal(s->n, 2);
	assert_string_equal(s->urls[1], "https://example.org/c");
	assert_int_equal(s->n_errors, 5);
	assert_int_equal(ds.n_errors, 5);
	assert_int_equal(ds.n_warnings, 1);
	assert_int_equal(ds.line[0], 2);
	assert_non_null(strstr(ds.msg[0], "listed already on line 1"));
	assert_int_equal(ds.line[1], 3);
	assert_int_equal(ds.col[1], 1);
	assert_non_null(strstr(ds.msg[1], "not an http or https URL"));
	assert_int_equal(ds.line[2], 4);
	assert_int_equal(ds.line[3], 5);
	assert_int_equal(ds.col[3], 23);
	assert_non_null(strstr(ds.msg[3], "unexpected text after the URL"));
	assert_int_equal(ds.line[4], 6);
	assert_non_null(strstr(ds.msg[4], "not printable ASCII"));
	assert_int_equal(ds.line[5], 7);
	ct_sources_free(s);
}

static void test_empty_and_nul(void **state)
{
	struct ct_sources *s = NULL;
	struct diags ds;

	(void)state;
	memset(&ds, 0, sizeof ds);
	assert_int_equal(ct_sources_parse("", 0, "sources.list", on_diag, &ds, &s), CT_OK);
	assert_int_equal(s->n, 0);
	ct_sources_free(s);
	s = NULL;
	static const char nul[] = "http://a.example/\0x\nhttp://b.example/\n";
	assert_int_equal(ct_sources_parse(nul, sizeof nul - 1, "sources.list", on_diag, &ds, &s),
			 CT_OK);
	assert_int_equal(s->n, 1);
	assert_string_equal(s->urls[0], "http://b.example/");
	assert_int_equal(s->n_errors, 1);
	ct_sources_free(s);
	ct_sources_free(NULL);
}

static void test_limits(void **state)
{
	size_t cap = CT_SOURCES_MAX_BYTES + 2;
	char *big = malloc(cap), *line = malloc(CT_URL_MAX + 100);
	struct ct_sources *s = NULL;
	struct diags ds;

	(void)state;
	assert_non_null(big);
	assert_non_null(line);
	memset(big, '\n', cap);
	assert_int_equal(ct_sources_parse(big, cap, "sources.list", NULL, NULL, &s), CT_ELIMIT);
	assert_null(s);

	/* A URL past CT_URL_MAX bytes is an error, not a cut URL. */
	memcpy(line, "http://example.org/", 19);
	memset(line + 19, 'a', CT_URL_MAX + 10);
	line[CT_URL_MAX + 29] = '\0';
	s = parse(line, &ds);
	assert_int_equal(s->n, 0);
	assert_int_equal(ds.n_errors, 1);
	ct_sources_free(s);

	/* More than CT_SOURCES_MAX_URLS: one error, the first ones kept. */
	size_t n = 0;
	for (int i = 0; i < CT_SOURCES_MAX_URLS + 5; i++)
		n += (size_t)snprintf(big + n, cap - n, "http://e.example/%d\n", i);
	memset(&ds, 0, sizeof ds);
	assert_int_equal(ct_sources_parse(big, n, "sources.list", on_diag, &ds, &s), CT_OK);
	assert_int_equal(s->n, CT_SOURCES_MAX_URLS);
	assert_int_equal(ds.n_errors, 1);
	ct_sources_free(s);
	free(big);
	free(line);
}

static void test_load(void **state)
{
	char path[] = "/tmp/ct-sources-XXXXXX";
	int fd = mkstemp(path);
	const char *text = "# x\nhttps://example.org/feed\n";
	struct ct_sources *s = NULL;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(ct_sources_load(path, NULL, NULL, &s), CT_OK);
	assert_int_equal(s->n, 1);
	assert_int_equal(s->lines[0], 2);
	ct_sources_free(s);
	unlink(path);
	s = NULL;
	assert_int_equal(ct_sources_load(path, NULL, NULL, &s), CT_EIO);
	assert_null(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_empty_and_nul),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
