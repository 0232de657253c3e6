/* Unit tests for cli/suggest.c: cli_edit_distance, cli_closest, cli_did_you_mean. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "claimtrack/claimtrack.h"
#include "cli/cli.h"

#define N(a) (sizeof a / sizeof *a)

static const char *const commands[] = {
	"check", "quotes", "extract", "rules", "ingest", "claims", "propositions",
	"speakers", "outlets", "report", "nightly", "db", "help",
};
static const char *const rules_subs[] = { "lint", "test", "list" };
static const char *const db_subs[] = { "stats", "check" };
static const char *const check_opts[] = {
	"format", "date", "outlet", "limit", "allow-private", "rules", "db", "help",
};

static void test_distance_equal_and_empty(void **state)
{
	(void)state;
	assert_int_equal(cli_edit_distance("", ""), 0);
	assert_int_equal(cli_edit_distance("check", "check"), 0);
	assert_int_equal(cli_edit_distance("", "abc"), 3);
	assert_int_equal(cli_edit_distance("abc", ""), 3);
}

static void test_distance_one_edit(void **state)
{
	(void)state;
	assert_int_equal(cli_edit_distance("chuck", "check"), 1);   /* substitution */
	assert_int_equal(cli_edit_distance("lnt", "lint"), 1);      /* insertion */
	assert_int_equal(cli_edit_distance("statss", "stats"), 1);  /* deletion */
	assert_int_equal(cli_edit_distance("x", "y"), 1);
}

/* A swap of neighbours is one edit (plain Levenshtein counts 2). */
static void test_distance_swap_is_one(void **state)
{
	(void)state;
	assert_int_equal(cli_edit_distance("chekc", "check"), 1);
	assert_int_equal(cli_edit_distance("fromat", "format"), 1);
	assert_int_equal(cli_edit_distance("ab", "ba"), 1);
	assert_int_equal(cli_edit_distance("fromta", "format"), 2);
}

/* Optimal string alignment edits no part twice: "ca" to "abc" is 3, not
 * the 2 of unrestricted Damerau-Levenshtein (swap, then insert between). */
static void test_distance_is_osa(void **state)
{
	(void)state;
	assert_int_equal(cli_edit_distance("ca", "abc"), 3);
	assert_int_equal(cli_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(cli_edit_distance("sitting", "kitten"), 3);
	assert_int_equal(cli_edit_distance("flaw", "lawn"), 2);
}

static void test_closest_typos(void **state)
{
	(void)state;
	assert_string_equal(cli_closest("chekc", commands, N(commands)), "check");
	assert_string_equal(cli_closest("ingets", commands, N(commands)), "ingest");
	assert_string_equal(cli_closest("hlep", commands, N(commands)), "help");
	assert_string_equal(cli_closest("lnt", rules_subs, N(rules_subs)), "lint");
	assert_string_equal(cli_closest("stas", db_subs, N(db_subs)), "stats");
	assert_string_equal(cli_closest("fromat", check_opts, N(check_opts)), "format");
	assert_string_equal(cli_closest("fromta", check_opts, N(check_opts)), "format");
}

/* Up to max(1, len/3) edits: two for a word of 6, one for a word of 5. */
static void test_closest_threshold(void **state)
{
	static const char *const one[] = { "format" };
	static const char *const five[] = { "stats" };

	(void)state;
	assert_string_equal(cli_closest("formxy", one, 1), "format");   /* 2 of 6 */
	assert_null(cli_closest("fxrmyz", one, 1));                      /* 3 of 6 */
	assert_string_equal(cli_closest("stbts", five, 1), "stats");    /* 1 of 5 */
	assert_null(cli_closest("sxbts", five, 1));                      /* 2 of 5 */
}

static void test_closest_far_off(void **state)
{
	(void)state;
	assert_null(cli_closest("zebra", commands, N(commands)));
	assert_null(cli_closest("frobnicate", commands, N(commands)));
	assert_null(cli_closest("verbose", check_opts, N(check_opts)));
	assert_null(cli_closest("", commands, N(commands)));
	assert_null(cli_closest("abc", NULL, 0));
}

/* Two candidates equally near: neither is named, unless the word begins
 * only one of them. */
static void test_closest_tie(void **state)
{
	(void)state;
	assert_null(cli_closest("lest", rules_subs, N(rules_subs)));   /* list, test */
	assert_string_equal(cli_closest("lis", rules_subs, N(rules_subs)), "list");
}

/* A word that only one candidate starts with names it, however short. */
static void test_closest_prefix(void **state)
{
	(void)state;
	assert_string_equal(cli_closest("rep", commands, N(commands)), "report");
	assert_string_equal(cli_closest("prop", commands, N(commands)), "propositions");
	assert_string_equal(cli_closest("allow", check_opts, N(check_opts)), "allow-private");
	assert_null(cli_closest("c", commands, N(commands)));   /* check, claims */
}

/* A very long word is not compared byte by byte with short names. */
static void test_closest_long_word(void **state)
{
	size_t len = 1 << 20;
	char *word = malloc(len + 1);

	(void)state;
	assert_non_null(word);
	memset(word, 'c', len);
	word[len] = '\0';
	assert_null(cli_closest(word, commands, N(commands)));
	memcpy(word, "check", 5);
	assert_null(cli_closest(word, commands, N(commands)));
	free(word);
}

static void test_did_you_mean(void **state)
{
	char buf[64];

	(void)state;
	cli_did_you_mean(buf, sizeof buf, "fromat", "--", check_opts, N(check_opts));
	assert_string_equal(buf, "; did you mean '--format'?");
	cli_did_you_mean(buf, sizeof buf, "lnt", "", rules_subs, N(rules_subs));
	assert_string_equal(buf, "; did you mean 'lint'?");
	memcpy(buf, "junk", 5);
	cli_did_you_mean(buf, sizeof buf, "zebra", "", commands, N(commands));
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance_equal_and_empty),
		cmocka_unit_test(test_distance_one_edit),
		cmocka_unit_test(test_distance_swap_is_one),
		cmocka_unit_test(test_distance_is_osa),
		cmocka_unit_test(test_closest_typos),
		cmocka_unit_test(test_closest_threshold),
		cmocka_unit_test(test_closest_far_off),
		cmocka_unit_test(test_closest_tie),
		cmocka_unit_test(test_closest_prefix),
		cmocka_unit_test(test_closest_long_word),
		cmocka_unit_test(test_did_you_mean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
