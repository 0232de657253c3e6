/* Unit tests of Porter's stemmer (src/text/stem.c) and of the terms the
 * sentence index holds and a query looks up (ct_similar_terms()). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "claimtrack/claimtrack.h"

static void check_stem(const char *word, const char *want)
{
	char buf[80];
	size_t n;

	snprintf(buf, sizeof buf, "%s", word);
	n = ct_stem(buf, strlen(buf));
	if (strcmp(buf, want) != 0 || n != strlen(want))
		fail_msg("%s: stem '%s' (%zu), want '%s'", word, buf, n, want);
}

/* Words of Porter's paper and of his published vocabulary. */
static void test_porter_examples(void **state)
{
	static const char *const pairs[][2] = {
		{ "caresses", "caress" }, { "ponies", "poni" }, { "ties", "ti" },
		{ "caress", "caress" }, { "cats", "cat" }, { "feed", "feed" }, { "agreed", "agre" },
		{ "plastered", "plaster" }, { "bled", "bled" }, { "motoring", "motor" },
		{ "sing", "sing" }, { "conflated", "conflat" }, { "troubled", "troubl" },
		{ "sized", "size" }, { "hopping", "hop" }, { "tanned", "tan" }, { "falling", "fall" },
		{ "hissing", "hiss" }, { "fizzed", "fizz" }, { "failing", "fail" },
		{ "filing", "file" }, { "happy", "happi" }, { "sky", "sky" },
		{ "relational", "relat" }, { "conditional", "condit" }, { "rational", "ration" },
		{ "generalization", "gener" }, { "electrical", "electr" },
		{ "adjustment", "adjust" }, { "controll", "control" }, { "roll", "roll" },
		{ "regrouping", "regroup" }, { "regrouped", "regroup" }, { "troops", "troop" },
		{ "operates", "oper" }, { "operating", "oper" }, { "adoption", "adopt" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
		check_stem(pairs[i][0], pairs[i][1]);
}

/* Short words, digits, capitals and other scripts are left as they are. */
static void test_left_alone(void **state)
{
	(void)state;
	check_stem("is", "is");
	check_stem("2030", "2030");
	check_stem("covid19s", "covid19s");
	check_stem("Running", "Running");
	check_stem("caf\xc3\xa9s", "caf\xc3\xa9s");
}

/* Lowercased, stop words out, stemmed, each once, in their order. */
static void test_terms(void **state)
{
	char out[256];

	(void)state;
	assert_int_equal(ct_similar_terms("The Taliban said they were regrouping; regrouped "
					  "fighters, \xe2\x80\x9cRegrouping\xe2\x80\x9d.", out,
					  sizeof out), 3);
	assert_string_equal(out, "taliban regroup fighter");
	assert_int_equal(ct_similar_terms("said, and the", out, sizeof out), 0);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_porter_examples),
		cmocka_unit_test(test_left_alone),
		cmocka_unit_test(test_terms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
