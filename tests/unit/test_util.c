/* Unit tests for util.c: ct_read_file, ct_strerror, ct_stance_name,
 * ct_month_of and ct_date_read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "claimtrack/claimtrack.h"
#include "rules/rules_internal.h"
#include "text/text_internal.h"
#include "match/match_internal.h"
#include "attrib/attrib_internal.h"

/* Writes n bytes to a new temp file; returns its malloc'd path. */
static char *write_temp(const void *data, size_t n)
{
	char tmpl[] = "/tmp/ct-util-XXXXXX";
	int fd = mkstemp(tmpl);
	const char *p = data;

	assert_true(fd >= 0);
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		assert_true(w > 0);
		p += w;
		n -= (size_t)w;
	}
	assert_int_equal(close(fd), 0);
	return strdup(tmpl);
}

static void remove_temp(char *path)
{
	unlink(path);
	free(path);
}

static void test_read_small_file(void **state)
{
	(void)state;
	const char text[] = "proposition a\n  title T\nend\n";
	char *path = write_temp(text, sizeof text - 1);
	char *out = NULL;
	size_t n = 0;

	assert_int_equal(ct_read_file(path, 1024, &out, &n), CT_OK);
	assert_non_null(out);
	assert_int_equal(n, sizeof text - 1);
	assert_memory_equal(out, text, n);
	assert_int_equal(out[n], '\0');
	free(out);
	remove_temp(path);
}

static void test_read_keeps_nul_bytes(void **state)
{
	(void)state;
	const char data[] = { 'a', '\0', 'b', '\0', 'c' };
	char *path = write_temp(data, sizeof data);
	char *out = NULL;
	size_t n = 0;

	assert_int_equal(ct_read_file(path, 100, &out, &n), CT_OK);
	assert_int_equal(n, sizeof data);
	assert_memory_equal(out, data, sizeof data);
	assert_int_equal(out[n], '\0');
	free(out);
	remove_temp(path);
}

static void test_read_empty_file(void **state)
{
	(void)state;
	char *path = write_temp("", 0);
	char *out = NULL;
	size_t n = 99;

	assert_int_equal(ct_read_file(path, 10, &out, &n), CT_OK);
	assert_non_null(out);
	assert_int_equal(n, 0);
	assert_int_equal(out[0], '\0');
	free(out);
	remove_temp(path);
}

static void test_read_exactly_max_bytes(void **state)
{
	(void)state;
	char data[100];
	char *out = NULL, *path;
	size_t n = 0;

	memset(data, 'x', sizeof data);
	path = write_temp(data, sizeof data);
	assert_int_equal(ct_read_file(path, sizeof data, &out, &n), CT_OK);
	assert_int_equal(n, sizeof data);
	assert_memory_equal(out, data, sizeof data);
	free(out);
	remove_temp(path);
}

static void test_read_above_max_bytes(void **state)
{
	(void)state;
	char data[101];
	char *out = (char *)0x1, *path;
	size_t n = 12345;

	memset(data, 'x', sizeof data);
	path = write_temp(data, sizeof data);
	assert_int_equal(ct_read_file(path, sizeof data - 1, &out, &n), CT_ELIMIT);
	/* Out parameters are left untouched on failure. */
	assert_ptr_equal(out, (char *)0x1);
	assert_int_equal(n, 12345);
	remove_temp(path);
}

/* A file larger than the first buffer (64 KiB) is read completely. */
static void test_read_large_file(void **state)
{
	(void)state;
	size_t len = 300000;
	char *data = malloc(len), *out = NULL, *path;
	size_t n = 0;

	assert_non_null(data);
	for (size_t i = 0; i < len; i++)
		data[i] = (char)('a' + i % 26);
	path = write_temp(data, len);
	assert_int_equal(ct_read_file(path, len, &out, &n), CT_OK);
	assert_int_equal(n, len);
	assert_memory_equal(out, data, len);
	free(out);
	out = NULL;
	assert_int_equal(ct_read_file(path, len - 1, &out, &n), CT_ELIMIT);
	assert_null(out);
	free(data);
	remove_temp(path);
}

/*
 * SIZE_MAX as the limit means "no practical limit": a 10,000-byte file is
 * within it and must be read whole, not cut short.
 */
static void test_read_size_max_limit(void **state)
{
	(void)state;
	size_t len = 10000;
	char *data = malloc(len), *out = NULL, *path;
	size_t n = 0;
	bool same;
	int rc;

	assert_non_null(data);
	for (size_t i = 0; i < len; i++)
		data[i] = (char)('0' + i % 10);
	path = write_temp(data, len);
	rc = ct_read_file(path, SIZE_MAX, &out, &n);
	same = rc == CT_OK && n == len && memcmp(out, data, len) == 0;
	if (rc == CT_OK)
		free(out);
	free(data);
	remove_temp(path);
	/* Checked after freeing, so a failure leaks nothing. */
	assert_int_equal(rc, CT_OK);
	if (!same)
		fail_msg("read %zu of %zu bytes with max_bytes SIZE_MAX", n, len);
}

/*
 * A pipe has no size to read by: the buffer grows as the bytes come, past
 * its first 64 KB, and the limit still holds.
 */
static void read_fifo(size_t len, size_t max_bytes, int want_rc)
{
	char dir[] = "/tmp/ct-util-fifo-XXXXXX", path[256];
	char *data = malloc(len), *out = NULL;
	size_t n = 0;
	pid_t pid;
	int rc, status;
	bool same;

	assert_non_null(data);
	for (size_t i = 0; i < len; i++)
		data[i] = (char)('a' + i % 26);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(path, O_WRONLY);
		size_t off = 0;
		while (fd >= 0 && off < len) {
			ssize_t w = write(fd, data + off, len - off);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		_exit(off == len ? 0 : 1);
	}
	rc = ct_read_file(path, max_bytes, &out, &n);
	if (rc != CT_OK)   /* the writer may be blocked on a full pipe */
		kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	same = rc == CT_OK && n == len && memcmp(out, data, len) == 0;
	if (rc == CT_OK)
		free(out);
	free(data);
	unlink(path);
	rmdir(dir);
	assert_int_equal(rc, want_rc);
	if (want_rc == CT_OK && !same)
		fail_msg("read %zu of %zu bytes from a pipe", n, len);
}

static void test_read_pipe(void **state)
{
	(void)state;
	read_fifo(300000, 1 << 20, CT_OK);
	read_fifo(300000, 200000, CT_ELIMIT);
	read_fifo(0, 100, CT_OK);
}

static void test_read_missing_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/ct-util-dir-XXXXXX";
	char path[256];
	char *out = (char *)0x1;
	size_t n = 7;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/does-not-exist.txt", dir);
	assert_int_equal(ct_read_file(path, 100, &out, &n), CT_EIO);
	assert_ptr_equal(out, (char *)0x1);
	assert_int_equal(n, 7);
	assert_int_equal(rmdir(dir), 0);
}

static void test_read_directory(void **state)
{
	(void)state;
	char dir[] = "/tmp/ct-util-dir-XXXXXX";
	char *out = (char *)0x1;
	size_t n = 7;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(ct_read_file(dir, 100, &out, &n), CT_EIO);
	assert_ptr_equal(out, (char *)0x1);
	assert_int_equal(rmdir(dir), 0);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(ct_strerror(CT_OK), "ok");
	assert_string_equal(ct_strerror(CT_ENOMEM), "out of memory");
	assert_string_equal(ct_strerror(CT_EIO), "cannot read input");
	assert_string_equal(ct_strerror(CT_ERULES), "rule files have errors");
	assert_string_equal(ct_strerror(CT_ELIMIT), "input exceeds a size limit");
	assert_string_equal(ct_strerror(CT_EINVAL), "invalid argument");
	assert_string_equal(ct_strerror(CT_EABORT), "stopped by caller");
	assert_string_equal(ct_strerror(999), "unknown error");
	assert_string_equal(ct_strerror(-1), "unknown error");
}

static void test_stance_name(void **state)
{
	(void)state;
	assert_string_equal(ct_stance_name(CT_SUPPORTS), "supports");
	assert_string_equal(ct_stance_name(CT_REFUTES), "refutes");
	assert_string_equal(ct_stance_name(CT_STANCE_NONE), "none");
	assert_string_equal(ct_stance_name((enum ct_stance)42), "none");
}

/* ---- dates ---- */

static void test_month_of(void **state)
{
	(void)state;
	assert_int_equal(ct_month_of("March", 5), 3);
	assert_int_equal(ct_month_of("mar", 3), 3);
	assert_int_equal(ct_month_of("SEPT", 4), 9);
	assert_int_equal(ct_month_of("Sep", 3), 9);
	assert_int_equal(ct_month_of("December", 8), 12);
	assert_int_equal(ct_month_of("Ma", 2), 0);
	assert_int_equal(ct_month_of("Mayor", 5), 0);
	assert_int_equal(ct_month_of("Monday", 6), 0);
}

struct date_case {
	const char *text;
	enum ct_date_read want;
	const char *date;      /* for CT_DATE_OK */
};

static void check_dates(const struct date_case *c, size_t n, bool strict)
{
	for (size_t i = 0; i < n; i++) {
		char out[11] = "untouched";
		enum ct_date_read got = ct_date_read(c[i].text, strlen(c[i].text), strict, out);
		if (got != c[i].want)
			fail_msg("%s \"%s\": got %d, wanted %d", strict ? "strict" : "lenient",
				 c[i].text, got, c[i].want);
		if (got == CT_DATE_OK)
			assert_string_equal(out, c[i].date);
		else
			assert_string_equal(out, "untouched");
	}
}

static void test_date_read_strict(void **state)
{
	static const struct date_case cases[] = {
		{ "2023-03-03", CT_DATE_OK, "2023-03-03" },
		{ " 2023-03-03 ", CT_DATE_OK, "2023-03-03" },
		{ "2023/03/03", CT_DATE_OK, "2023-03-03" },
		{ "2023-03-03T10:00:00Z", CT_DATE_OK, "2023-03-03" },
		{ "2023-03-03T10:00:00.250+02:00", CT_DATE_OK, "2023-03-03" },
		{ "2023-03-03 10:00 -0500", CT_DATE_OK, "2023-03-03" },
		{ "2023-03-03 10:00 UTC", CT_DATE_OK, "2023-03-03" },
		{ "March 3, 2023", CT_DATE_OK, "2023-03-03" },
		{ "March 3 2023", CT_DATE_OK, "2023-03-03" },
		{ "3 March 2023", CT_DATE_OK, "2023-03-03" },
		{ "Mar. 3, 2023", CT_DATE_OK, "2023-03-03" },
		{ "3 Mar 2023", CT_DATE_OK, "2023-03-03" },
		{ "march 3rd, 2023", CT_DATE_OK, "2023-03-03" },
		{ "3rd of March 2023", CT_DATE_OK, "2023-03-03" },
		{ "Friday, March 3, 2023", CT_DATE_OK, "2023-03-03" },
		{ "Fri, 03 Mar 2023 10:00:00 GMT", CT_DATE_OK, "2023-03-03" },
		{ "March 3, 2023 at 10:15 a.m. EST", CT_DATE_OK, "2023-03-03" },
		{ "March 3, 2023, 10:15 PM", CT_DATE_OK, "2023-03-03" },
		{ "Sept. 30, 2022", CT_DATE_OK, "2022-09-30" },
		{ "February 29, 2024", CT_DATE_OK, "2024-02-29" },
		/* They do not exist. */
		{ "2023-02-30", CT_DATE_INVALID, NULL },
		{ "2023-02-29", CT_DATE_INVALID, NULL },
		{ "2022-13-45", CT_DATE_INVALID, NULL },
		{ "2022-00-10", CT_DATE_INVALID, NULL },
		{ "2023-02-30T10:00:00Z", CT_DATE_INVALID, NULL },
		{ "March 32, 2023", CT_DATE_INVALID, NULL },
		{ "February 29, 2023", CT_DATE_INVALID, NULL },
		{ "March 3, 0999", CT_DATE_INVALID, NULL },
		/* Not a date, or more than one. */
		{ "", CT_DATE_NONE, NULL },
		{ "tomorrow", CT_DATE_NONE, NULL },
		{ "March 2023", CT_DATE_NONE, NULL },
		{ "March 0, 2023", CT_DATE_NONE, NULL },
		{ "03/03/2023", CT_DATE_NONE, NULL },
		{ "2022-2-18", CT_DATE_NONE, NULL },
		{ "2022-02-18x", CT_DATE_NONE, NULL },
		{ "2022-02-180", CT_DATE_NONE, NULL },
		{ "2022-02-18 On December 17, Jane Doe said so.", CT_DATE_NONE, NULL },
		{ "Published March 3, 2023", CT_DATE_NONE, NULL },
		{ "March 3, 2023 March 4, 2023", CT_DATE_NONE, NULL },
		{ "March 3, 2023 10 am", CT_DATE_NONE, NULL },
		{ "March 3, 2023 EST", CT_DATE_NONE, NULL },
		{ "3 M\xc3\xa4rz 2023", CT_DATE_NONE, NULL },
		{ "night is over", CT_DATE_NONE, NULL },
	};

	(void)state;
	check_dates(cases, sizeof cases / sizeof *cases, true);
}

/* As a page's metadata gives dates: words around the date are passed over. */
/* A date read from the first n bytes of a longer text, or from a buffer of
 * exactly n bytes: the digits after n are not part of it (nor read). */
static void test_date_read_within_n(void **state)
{
	static const char *const texts[] = { "3 March 2023", "March 3, 2023", "date20" };
	char out[11];

	(void)state;
	assert_int_equal(ct_date_read("3 March 20231", 12, true, out), CT_DATE_OK);
	assert_string_equal(out, "2023-03-03");
	assert_int_equal(ct_date_read("March 31999", 7, false, out), CT_DATE_NONE);
	assert_int_equal(ct_date_read("3 March 20231", 12, false, out), CT_DATE_OK);
	assert_string_equal(out, "2023-03-03");
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		size_t n = strlen(texts[i]);
		char *exact = malloc(n);
		assert_non_null(exact);
		memcpy(exact, texts[i], n);
		for (int strict = 0; strict < 2; strict++) {
			enum ct_date_read got = ct_date_read(exact, n, strict, out);
			assert_int_equal(got, i < 2 ? CT_DATE_OK : CT_DATE_NONE);
			if (got == CT_DATE_OK)
				assert_string_equal(out, "2023-03-03");
		}
		free(exact);
	}
}

static void test_date_read_lenient(void **state)
{
	static const struct date_case cases[] = {
		{ "2022-02-18T10:00:00+01:00", CT_DATE_OK, "2022-02-18" },
		{ "2022.02.18", CT_DATE_OK, "2022-02-18" },
		{ "Published February 18, 2022", CT_DATE_OK, "2022-02-18" },
		{ "Fri, 18 Feb 2022 10:00:00 GMT", CT_DATE_OK, "2022-02-18" },
		{ "2022-02-18 On December 17", CT_DATE_OK, "2022-02-18" },
		{ "2022-02-30", CT_DATE_INVALID, NULL },
		{ "February 2022", CT_DATE_NONE, NULL },
		{ "tomorrow", CT_DATE_NONE, NULL },
	};

	(void)state;
	check_dates(cases, sizeof cases / sizeof *cases, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_small_file),
		cmocka_unit_test(test_read_keeps_nul_bytes),
		cmocka_unit_test(test_read_empty_file),
		cmocka_unit_test(test_read_exactly_max_bytes),
		cmocka_unit_test(test_read_above_max_bytes),
		cmocka_unit_test(test_read_large_file),
		cmocka_unit_test(test_read_size_max_limit),
		cmocka_unit_test(test_read_pipe),
		cmocka_unit_test(test_read_missing_file),
		cmocka_unit_test(test_read_directory),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_stance_name),
		cmocka_unit_test(test_month_of),
		cmocka_unit_test(test_date_read_strict),
		cmocka_unit_test(test_date_read_lenient),
		cmocka_unit_test(test_date_read_within_n),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
