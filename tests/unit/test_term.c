/* Unit tests of the terminal filter (src/cli/term.c): what reaches fd 1
 * after cli_term_install(), with writes cut anywhere. */
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

#include "claimtrack/claimtrack.h"
#include "cli/cli.h"

static FILE *captured;  /* fd 1 points at it while a test writes */
static int saved_fd;    /* the real fd 1, for cmocka's own output */

/* Sends fd 1 to the capture file (on) or back (off), with what stdout
 * holds flushed to where it was going. */
static void capture(bool on)
{
	fflush(stdout);
	dup2(on ? fileno(captured) : saved_fd, STDOUT_FILENO);
}

/* What fd 1 holds since the last call. */
static char *take(void)
{
	static long seen;
	long end;
	char *s;

	capture(false);
	fseek(captured, 0, SEEK_END);
	end = ftell(captured);
	s = calloc(1, (size_t)(end - seen) + 1);
	fseek(captured, seen, SEEK_SET);
	assert_int_equal(fread(s, 1, (size_t)(end - seen), captured), (size_t)(end - seen));
	seen = end;
	return s;
}

static void expect(const char *want)
{
	char *got = take();
	if (strcmp(got, want) != 0)
		fail_msg("got '%s', wanted '%s'", got, want);
	free(got);
}

/* Writes each piece with a flush after it: each is one write of the stream. */
static void pieces(const char *first, ...)
{
	va_list ap;

	capture(true);
	va_start(ap, first);
	for (const char *p = first; p; p = va_arg(ap, const char *)) {
		fputs(p, stdout);
		fflush(stdout);
	}
	va_end(ap);
}

static void test_plain_text_passes(void **state)
{
	(void)state;
	pieces("tab\there, line\n", "Kabul — Кабул — کابل ✓\n", NULL);
	expect("tab\there, line\nKabul — Кабул — کابل ✓\n");
}

static void test_controls_are_replaced(void **state)
{
	(void)state;
	pieces("a\x1b]0;pwn\x07 b\x1b[31m c\x7f d\xc2\x9b" "2J e\x01\n", NULL);
	expect("a\xEF\xBF\xBD]0;pwn\xEF\xBF\xBD b\xEF\xBF\xBD[31m c\xEF\xBF\xBD d\xEF\xBF\xBD"
	       "2J e\xEF\xBF\xBD\n");
}

static void test_carriage_returns(void **state)
{
	(void)state;
	pieces("csv,row\r\n", "over\rwrite\n", NULL);
	expect("csv,row\r\nover\xEF\xBF\xBDwrite\n");
	/* CR LF cut between two writes is still a line end. */
	pieces("a,b\r", "\n", "c\r", "d\n", NULL);
	expect("a,b\r\nc\xEF\xBF\xBD" "d\n");
}

static void test_characters_cut_between_writes(void **state)
{
	(void)state;
	pieces("\xE2", "\x82", "\xAC", " \xF0\x9F", "\x98\x80", " \xC2", "\x9B", "\n", NULL);
	expect("\xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBD\n");
}

static void test_bad_utf8_is_replaced(void **state)
{
	(void)state;
	pieces("\xff\xfe ok \xC0\xAF \xED\xA0\x80\n", NULL);
	expect("\xEF\xBF\xBD\xEF\xBF\xBD ok \xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD"
	       "\xEF\xBF\xBD\n");
}

static void test_long_writes(void **state)
{
	size_t n = 7 * 14286;     /* whole characters only */
	char *big = malloc(n + 2), *want = malloc(3 * n + 2), *got;

	(void)state;
	/* A 3-byte character every 7 bytes, across every buffer boundary. */
	for (size_t i = 0; i < n; i++)
		big[i] = i % 7 == 4 ? '\xE2' : i % 7 == 5 ? '\x82' : i % 7 == 6 ? '\xAC' : 'x';
	big[n] = '\n';
	big[n + 1] = '\0';
	memcpy(want, big, n + 2);
	capture(true);
	fwrite(big, 1, n + 1, stdout);
	got = take();
	assert_string_equal(got, want);
	free(got);
	free(big);
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_passes),
		cmocka_unit_test(test_controls_are_replaced),
		cmocka_unit_test(test_carriage_returns),
		cmocka_unit_test(test_characters_cut_between_writes),
		cmocka_unit_test(test_bad_utf8_is_replaced),
		cmocka_unit_test(test_long_writes),
	};
	/* cmocka's own output goes through the filter too, to the real fd 1;
	 * what a test writes goes to a temporary file, read back by take(). */
	saved_fd = dup(STDOUT_FILENO);
	captured = tmpfile();
	if (!captured || saved_fd < 0 || cli_term_install() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
