/* Unit tests for the base layer's growable storage: CT_VEC_RESERVE,
 * ct_realloc_array and struct ct_buf; and ct_ascii_run(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/utf8.h"
#include "claimtrack/claimtrack.h"

static void test_vec_reserve_grows_and_keeps(void **state)
{
	(void)state;
	int *v = NULL;
	size_t cap = 0;

	assert_true(CT_VEC_RESERVE(v, cap, 1));
	assert_int_equal(cap, 8);
	for (int i = 0; i < 8; i++)
		v[i] = i;
	assert_true(CT_VEC_RESERVE(v, cap, 100));
	assert_int_equal(cap, 128);
	for (int i = 0; i < 8; i++)
		assert_int_equal(v[i], i);
	/* Already large enough: nothing moves. */
	int *before = v;
	assert_true(CT_VEC_RESERVE(v, cap, 128));
	assert_ptr_equal(v, before);
	free(v);
}

static void test_vec_reserve_overflow(void **state)
{
	(void)state;
	struct big { char b[1 << 20]; } *v = NULL;
	size_t cap = 0;

	/* SIZE_MAX / 2 elements of a megabyte overflow size_t. */
	assert_false(CT_VEC_RESERVE(v, cap, SIZE_MAX / 2));
	assert_null(v);
	assert_int_equal(cap, 0);
	assert_null(ct_realloc_array(NULL, SIZE_MAX / 4, 8));
}

static void test_buf_appends_and_terminates(void **state)
{
	(void)state;
	struct ct_buf b = CT_BUF_INIT(0);
	size_t len;

	assert_int_equal(ct_buf_adds(&b, "claim"), CT_OK);
	assert_int_equal(ct_buf_addc(&b, ' '), CT_OK);
	assert_int_equal(ct_buf_addf(&b, "%d of %s", 3, "five"), CT_OK);
	assert_string_equal(b.p, "claim 3 of five");
	assert_int_equal(b.len, 15);
	ct_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.p, "");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(ct_buf_add(&b, "abcdefghij", 10), CT_OK);
	char *s = ct_buf_detach(&b, &len);
	assert_int_equal(len, 10000);
	assert_int_equal(strlen(s), 10000);
	assert_null(b.p);
	free(s);
	/* Detaching an empty buffer gives an empty string, not NULL. */
	s = ct_buf_detach(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
}

static void test_buf_cap(void **state)
{
	(void)state;
	struct ct_buf b;

	ct_buf_init(&b, 8);
	assert_int_equal(ct_buf_add(&b, "12345678", 8), CT_OK);
	/* One more byte is past the cap: refused, the bytes kept. */
	assert_int_equal(ct_buf_addc(&b, '9'), CT_ELIMIT);
	assert_int_equal(ct_buf_addf(&b, "%s", "x"), CT_ELIMIT);
	assert_string_equal(b.p, "12345678");
	assert_true(b.cap <= 9);
	ct_buf_release(&b);
	assert_null(b.p);
	/* A huge append is refused without overflow. */
	ct_buf_init(&b, 0);
	assert_int_equal(ct_buf_addc(&b, 'a'), CT_OK);
	assert_int_equal(ct_buf_reserve(&b, SIZE_MAX - 1), CT_ELIMIT);
	assert_string_equal(b.p, "a");
	ct_buf_release(&b);
}

/* A byte that ends the ASCII run, at every place of the first three
 * sixteen-byte chunks and of the eight-byte and byte loops after them:
 * the run ends there, and a NUL ends it only when asked. */
static void test_ascii_run_stops_at_every_offset(void **state)
{
	static const char stops[] = { '\x80', '\xC3', '\xFF', '\0' };
	char s[64];
	(void)state;

	for (size_t n = 0; n <= sizeof s; n++) {
		memset(s, 'a', sizeof s);
		assert_int_equal(ct_ascii_run(s, n, true), n);
		for (size_t k = 0; k < n; k++)
			for (size_t t = 0; t < sizeof stops; t++) {
				bool nul = stops[t] == '\0';
				s[k] = stops[t];
				assert_int_equal(ct_ascii_run(s, n, true), k);
				assert_int_equal(ct_ascii_run(s, n, false), nul ? n : k);
				s[k] = 'a';
			}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vec_reserve_grows_and_keeps),
		cmocka_unit_test(test_vec_reserve_overflow),
		cmocka_unit_test(test_buf_appends_and_terminates),
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_ascii_run_stops_at_every_offset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
