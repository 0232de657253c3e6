/* Unit tests for normalize.c: ct_normalize, its offset map, ct_normalize_into. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "claimtrack/claimtrack.h"
#include "rules/rules_internal.h"
#include "text/text_internal.h"
#include "match/match_internal.h"
#include "attrib/attrib_internal.h"
#include "base/utf8.h"

struct norm {
	char *out;
	size_t *map;
	size_t n;
};

static void normalize(const char *text, size_t len, struct norm *r)
{
	r->out = NULL;
	r->map = NULL;
	r->n = 0;
	assert_int_equal(ct_normalize(text, len, &r->out, &r->map, &r->n), CT_OK);
	assert_non_null(r->out);
	assert_non_null(r->map);
	/* Always NUL-terminated and the map ends at the input length. */
	assert_int_equal(r->out[r->n], '\0');
	assert_int_equal(r->map[r->n], len);
}

static void norm_free(struct norm *r)
{
	free(r->out);
	free(r->map);
}

/* Checks output bytes and the whole map (expected map has n + 1 entries). */
static void check(const char *text, size_t len, const char *want,
		  const size_t *want_map)
{
	struct norm r;
	size_t wn = strlen(want);

	normalize(text, len, &r);
	assert_int_equal(r.n, wn);
	assert_memory_equal(r.out, want, wn);
	for (size_t i = 0; i <= wn; i++) {
		if (r.map[i] != want_map[i])
			fail_msg("map[%zu] = %zu, expected %zu", i, r.map[i], want_map[i]);
	}
	norm_free(&r);
}

static void test_plain_ascii_unchanged(void **state)
{
	(void)state;
	const char *t = "ISIS is a threat.";
	size_t map[18];

	for (size_t i = 0; i < 18; i++)
		map[i] = i;
	check(t, strlen(t), t, map);
}

static void test_empty_input(void **state)
{
	(void)state;
	struct norm r;

	normalize("", 0, &r);
	assert_int_equal(r.n, 0);
	assert_string_equal(r.out, "");
	assert_int_equal(r.map[0], 0);
	norm_free(&r);
}

static void test_curly_double_quotes(void **state)
{
	(void)state;
	/* “a” → "a" : each 3-byte quote becomes one byte at its first byte. */
	const char t[] = "\xE2\x80\x9C" "a" "\xE2\x80\x9D";
	const size_t map[] = { 0, 3, 4, 7 };

	check(t, sizeof t - 1, "\"a\"", map);
}

static void test_curly_single_quotes_and_apostrophe(void **state)
{
	(void)state;
	/* ‘x’ isn’t → 'x' isn't */
	const char t[] = "\xE2\x80\x98" "x" "\xE2\x80\x99" " isn" "\xE2\x80\x99" "t";
	const size_t map[] = { 0, 3, 4, 7, 8, 9, 10, 11, 14, 15 };

	check(t, sizeof t - 1, "'x' isn't", map);
}

static void test_guillemets_become_double_quotes(void **state)
{
	(void)state;
	const char t[] = "\xC2\xAB" "oui" "\xC2\xBB";
	const size_t map[] = { 0, 2, 3, 4, 5, 7 };

	check(t, sizeof t - 1, "\"oui\"", map);
}

static void test_en_em_dashes(void **state)
{
	(void)state;
	/* a–b—c → a-b-c */
	const char t[] = "a" "\xE2\x80\x93" "b" "\xE2\x80\x94" "c";
	const size_t map[] = { 0, 1, 4, 5, 8, 9 };

	check(t, sizeof t - 1, "a-b-c", map);
}

static void test_minus_sign_and_nb_hyphen(void **state)
{
	(void)state;
	/* U+2212 minus and U+2011 non-breaking hyphen */
	const char t[] = "\xE2\x88\x92" "5 al" "\xE2\x80\x91" "Qaeda";
	struct norm r;

	normalize(t, sizeof t - 1, &r);
	assert_string_equal(r.out, "-5 al-Qaeda");
	assert_int_equal(r.map[0], 0);
	assert_int_equal(r.map[1], 3);
	assert_int_equal(r.map[5], 7);   /* the hyphen */
	assert_int_equal(r.map[6], 10);  /* 'Q' */
	norm_free(&r);
}

static void test_whitespace_runs_collapse(void **state)
{
	(void)state;
	/* a, space, tab, newline, NBSP, CR LF, then b */
	const char t[] = "a \t\n" "\xC2\xA0" "\r\nb";
	const size_t map[] = { 0, 1, 8, 9 };

	check(t, sizeof t - 1, "a b", map);
}

static void test_nbsp_alone_is_space(void **state)
{
	(void)state;
	const char t[] = "a" "\xC2\xA0" "b";
	const size_t map[] = { 0, 1, 3, 4 };

	check(t, sizeof t - 1, "a b", map);
}

static void test_unicode_spaces(void **state)
{
	(void)state;
	/* U+2003 em space, U+202F narrow NBSP, U+3000 ideographic space */
	const char t[] = "x" "\xE2\x80\x83" "y" "\xE2\x80\xAF" "\xE3\x80\x80" "z";
	const size_t map[] = { 0, 1, 4, 5, 11, 12 };

	check(t, sizeof t - 1, "x y z", map);
}

static void test_leading_and_trailing_space_kept_as_one(void **state)
{
	(void)state;
	const char t[] = "  \tab \n ";
	const size_t map[] = { 0, 3, 4, 5, 8 };

	check(t, sizeof t - 1, " ab ", map);
}

static void test_zero_width_and_soft_hyphen_dropped(void **state)
{
	(void)state;
	/* a ZWSP b SHY c BOM d */
	const char t[] = "a" "\xE2\x80\x8B" "b" "\xC2\xAD" "c" "\xEF\xBB\xBF" "d";
	const size_t map[] = { 0, 4, 7, 11, 12 };

	check(t, sizeof t - 1, "abcd", map);
}

/* The other invisible format characters go the same way: zero width
 * non-joiner, zero width joiner, word joiner; the map still points at
 * each kept byte of the original. */
static void test_joiners_dropped(void **state)
{
	(void)state;
	/* p ZWNJ r ZWJ o WJ v SHY e */
	const char t[] = "p" "\xE2\x80\x8C" "r" "\xE2\x80\x8D" "o" "\xE2\x81\xA0" "v"
			 "\xC2\xAD" "e";
	const size_t map[] = { 0, 4, 8, 12, 15, 16 };

	check(t, sizeof t - 1, "prove", map);
}

/* A dropped character between two spaces does not split the space run. */
static void test_zero_width_inside_space_run(void **state)
{
	(void)state;
	const char t[] = "a " "\xE2\x80\x8B" " b";
	const size_t map[] = { 0, 1, 6, 7 };

	check(t, sizeof t - 1, "a b", map);
}

static void test_multibyte_kept_with_byte_map(void **state)
{
	(void)state;
	/* "café ü" : multi-byte letters are copied byte for byte */
	const char t[] = "caf" "\xC3\xA9" " " "\xC3\xBC";
	const size_t map[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };

	check(t, sizeof t - 1, t, map);
}

static void test_invalid_byte_becomes_replacement(void **state)
{
	(void)state;
	const char t[] = "a\xFF" "b";
	const size_t map[] = { 0, 1, 1, 1, 2, 3 };

	check(t, sizeof t - 1, "a" "\xEF\xBF\xBD" "b", map);
}

static void test_truncated_sequence_at_end(void **state)
{
	(void)state;
	/* The first two bytes of a 3-byte sequence: each is invalid alone. */
	const char t[] = "x\xE2\x80";
	const size_t map[] = { 0, 1, 1, 1, 2, 2, 2, 3 };

	check(t, sizeof t - 1, "x" "\xEF\xBF\xBD" "\xEF\xBF\xBD", map);
}

static void test_overlong_and_surrogate_invalid(void **state)
{
	(void)state;
	/* Overlong '/' (C0 AF) and an encoded surrogate (ED A0 80). */
	const char t[] = "\xC0\xAF" "|" "\xED\xA0\x80";
	struct norm r;

	normalize(t, sizeof t - 1, &r);
	assert_int_equal(r.n, 2 * 3 + 1 + 3 * 3);
	assert_memory_equal(r.out, "\xEF\xBF\xBD\xEF\xBF\xBD|", 7);
	for (size_t i = 7; i < r.n; i += 3)
		assert_memory_equal(r.out + i, "\xEF\xBF\xBD", 3);
	assert_int_equal(r.map[0], 0);
	assert_int_equal(r.map[3], 1);
	assert_int_equal(r.map[6], 2);
	assert_int_equal(r.map[7], 3);
	assert_int_equal(r.map[10], 4);
	assert_int_equal(r.map[13], 5);
	norm_free(&r);
}

static void test_invalid_byte_ends_space_run(void **state)
{
	(void)state;
	const char t[] = "a \xFF b";
	const size_t map[] = { 0, 1, 2, 2, 2, 3, 4, 5 };

	check(t, sizeof t - 1, "a \xEF\xBF\xBD b", map);
}

static void test_nul_byte_is_space(void **state)
{
	(void)state;
	const char t[] = { 'a', '\0', '\0', 'b' };
	const size_t map[] = { 0, 1, 3, 4 };

	check(t, sizeof t, "a b", map);
}

/* Only len bytes are read: what follows is ignored. */
static void test_respects_len(void **state)
{
	(void)state;
	const char *t = "abc  def";
	const size_t map[] = { 0, 1, 2 };

	check(t, 2, "ab", map);
}

/* The map lets a span of the output be cut from the input. */
static void test_map_recovers_original_span(void **state)
{
	(void)state;
	const char t[] = "\xE2\x80\x9C" "ISIS  is" "\xC2\xA0" "a threat" "\xE2\x80\x9D" ", he said";
	struct norm r;
	const char *hit;
	size_t s, e;

	normalize(t, sizeof t - 1, &r);
	assert_string_equal(r.out, "\"ISIS is a threat\", he said");
	hit = strstr(r.out, "is a threat");
	assert_non_null(hit);
	s = (size_t)(hit - r.out);
	e = s + strlen("is a threat");
	assert_int_equal(r.map[e] - r.map[s], strlen("is" "\xC2\xA0" "a threat"));
	assert_memory_equal(t + r.map[s], "is" "\xC2\xA0" "a threat", r.map[e] - r.map[s]);
	/* map is non-decreasing */
	for (size_t i = 0; i < r.n; i++)
		assert_true(r.map[i] <= r.map[i + 1]);
	norm_free(&r);
}

/* ---- against a plain reading of the rules, code point by code point ---- */

static int ref_fold(uint32_t cp)
{
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
	    cp == 0 || cp == 0x00A0 || cp == 0x1680 || cp == 0x202F || cp == 0x205F ||
	    cp == 0x3000 || cp == 0x2028 || cp == 0x2029 || (cp >= 0x2000 && cp <= 0x200A))
		return ' ';
	if (cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x201B || cp == 0x2032)
		return '\'';
	if ((cp >= 0x201C && cp <= 0x201F) || cp == 0x00AB || cp == 0x00BB || cp == 0x2033)
		return '"';
	if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
		return '-';
	if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
	    cp == 0x00AD)
		return 0;
	return -1;
}

/* The expected output and map of text, into out (3 * len + 1 bytes) and
 * map (3 * len + 1 entries); returns the output length. */
static size_t ref_normalize(const char *text, size_t len, char *out, size_t *map)
{
	size_t i = 0, o = 0;
	bool in_space = false;

	while (i < len) {
		uint32_t cp;
		size_t n = ct_utf8_decode((const unsigned char *)text + i, len - i, &cp);
		if (n == 0) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			map[o] = map[o + 1] = map[o + 2] = i;
			o += 3;
			in_space = false;
			i++;
			continue;
		}
		int f = ref_fold(cp);
		if (f == ' ') {
			if (!in_space) {
				out[o] = ' ';
				map[o++] = i;
			}
			in_space = true;
		} else if (f > 0) {
			out[o] = (char)f;
			map[o++] = i;
			in_space = false;
		} else if (f < 0) {
			for (size_t k = 0; k < n; k++) {
				out[o] = text[i + k];
				map[o++] = i + k;
			}
			in_space = false;
		}
		i += n;
	}
	map[o] = len;
	return o;
}

/* Text made of pieces that exercise every path, chosen by a fixed LCG. */
static size_t mixed_text(uint32_t *seed, char *out, size_t cap)
{
	static const char *const pieces[] = {
		"a", "Z", "said", ".", " ", "  ", "\t", "\n", "\r\n", "\x7F", "\x01",
		"\xC2\xA0", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x99", "\xE2\x80\x94",
		"\xE2\x80\x8B", "\xC2\xAD", "\xEF\xBB\xBF", "\xE3\x80\x80", "\xC3\xA9",
		"\xE2\x80\x8C", "\xE2\x80\x8D", "\xE2\x81\xA0",
		"\xF0\x9F\x98\x80", "\xFF", "\xE2\x80", "\xC0\xAF", "\xED\xA0\x80", "\x80",
		"'", "\"", "\0",
	};
	size_t n = 0, want;

	*seed = *seed * 1103515245u + 12345u;
	want = (*seed >> 16) % cap;
	while (n < want) {
		*seed = *seed * 1103515245u + 12345u;
		const char *p = pieces[(*seed >> 16) % (sizeof pieces / sizeof *pieces)];
		size_t pl = p[0] ? strlen(p) : 1;
		if (n + pl > cap)
			break;
		memcpy(out + n, p, pl);
		n += pl;
	}
	return n;
}

static void test_matches_reference_on_mixed_text(void **state)
{
	char text[400], want[1201];
	size_t want_map[1201];
	uint32_t seed = 20240601;

	(void)state;
	for (int round = 0; round < 3000; round++) {
		size_t len = mixed_text(&seed, text, sizeof text);
		size_t wn = ref_normalize(text, len, want, want_map);
		struct norm r;
		normalize(text, len, &r);
		assert_int_equal(r.n, wn);
		assert_memory_equal(r.out, want, wn);
		for (size_t i = 0; i <= wn; i++)
			if (r.map[i] != want_map[i])
				fail_msg("round %d: map[%zu] = %zu, expected %zu", round, i, r.map[i],
					 want_map[i]);
		norm_free(&r);
	}
}

/* Mostly words and single spaces, as articles are, so that runs of
 * sixteen plain bytes (copied sixteen at a time) meet a space before them,
 * two spaces across their edge or their halves', a control or non-ASCII
 * byte at each place. */
static size_t prose_text(uint32_t *seed, char *out, size_t cap)
{
	static const char *const pieces[] = {
		"said", "the", "a", "minister", "Reuters", "2024", "it's", " ", " ", " ",
		" ", " ", "  ", ".", ",", "\n", "\t", "~", "\x7F", "\x1F", "\xC3\xA9",
		"\xE2\x80\x9C", "\xC2\xA0", "\xFF", "\0",
	};
	size_t n = 0, want;

	*seed = *seed * 1103515245u + 12345u;
	want = (*seed >> 16) % cap;
	while (n < want) {
		*seed = *seed * 1103515245u + 12345u;
		const char *p = pieces[(*seed >> 16) % (sizeof pieces / sizeof *pieces)];
		size_t pl = p[0] ? strlen(p) : 1;
		if (n + pl > cap)
			break;
		memcpy(out + n, p, pl);
		n += pl;
	}
	return n;
}

static void test_matches_reference_on_prose(void **state)
{
	char text[400], want[1201];
	size_t want_map[1201];
	uint32_t seed = 20261207;
	struct ct_norm_buf b = { 0 };

	(void)state;
	for (int round = 0; round < 5000; round++) {
		size_t len = prose_text(&seed, text, sizeof text);
		/* From each of the first sixteen bytes: every alignment. */
		size_t skip = (size_t)round % 16 < len ? (size_t)round % 16 : 0;
		size_t wn = ref_normalize(text + skip, len - skip, want, want_map);
		assert_int_equal(ct_normalize_into(text + skip, len - skip, &b), CT_OK);
		assert_int_equal(b.len, wn);
		assert_memory_equal(b.text, want, wn);
		for (size_t i = 0; i <= wn; i++)
			if (b.map[i] != want_map[i])
				fail_msg("round %d: map[%zu] = %zu, expected %zu", round, i, b.map[i],
					 want_map[i]);
	}
	ct_norm_buf_release(&b);
}

/*
 * Where ct_normalize_slice_same() says so, the part of the whole text's
 * normalization that comes from [start, end) is exactly what normalizing
 * that range alone gives, bytes and map.
 */
static void test_slice_same_holds_on_mixed_text(void **state)
{
	char text[400];
	uint32_t seed = 20241127;
	size_t same = 0, tried = 0;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		size_t len = mixed_text(&seed, text, sizeof text);
		struct norm whole;
		if (len < 2)
			continue;
		normalize(text, len, &whole);
		for (int k = 0; k < 40; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t start = (seed >> 16) % len;
			seed = seed * 1103515245u + 12345u;
			size_t end = start + 1 + (seed >> 16) % (len - start);
			tried++;
			if (!ct_normalize_slice_same(text, len, start, end))
				continue;
			same++;
			size_t a = 0, b = 0;
			while (whole.map[a] < start)
				a++;
			b = a;
			while (b < whole.n && whole.map[b] < end)
				b++;
			struct norm alone;
			normalize(text + start, end - start, &alone);
			if (alone.n != b - a || memcmp(alone.out, whole.out + a, alone.n) != 0)
				fail_msg("round %d: [%zu, %zu) normalizes to %zu bytes alone, %zu in "
					 "the whole", round, start, end, alone.n, b - a);
			for (size_t i = 0; i < alone.n; i++)
				assert_int_equal(start + alone.map[i], whole.map[a + i]);
			norm_free(&alone);
		}
		norm_free(&whole);
	}
	/* About one range in eight qualifies in this text, which is mostly
	 * spaces and non-ASCII pieces: enough cases checked (9,379 of 79,800). */
	assert_true(same > 5000);
	/* A space after a space: the whole text drops it, the range alone not. */
	assert_false(ct_normalize_slice_same("a  b", 4, 2, 4));
	/* A character that reaches past the end. */
	assert_false(ct_normalize_slice_same("a \xC3\xA9", 4, 2, 3));
	/* Dropped first: ZERO WIDTH SPACE, then a space the whole text drops. */
	assert_false(ct_normalize_slice_same("a \xE2\x80\x8B b", 7, 2, 7));
	assert_true(ct_normalize_slice_same("a  b.", 5, 3, 5));
}

static void test_into_reuses_buffers(void **state)
{
	struct ct_norm_buf b = { 0 };
	char big[3000];
	const char *small = "Jane\xC2\xA0" "Doe  said \xE2\x80\x9Cno\xE2\x80\x9D.";
	struct norm r;

	(void)state;
	/* Bad bytes after valid text make the buffers grow mid-way. */
	memset(big, 'a', sizeof big);
	for (size_t i = 2000; i < sizeof big; i += 7)
		big[i] = (char)0xFF;
	const char *texts[] = { small, big, small, "", big };
	size_t lens[] = { strlen(small), sizeof big, strlen(small), 0, sizeof big };
	for (size_t t = 0; t < 5; t++) {
		assert_int_equal(ct_normalize_into(texts[t], lens[t], &b), CT_OK);
		normalize(texts[t], lens[t], &r);
		assert_int_equal(b.len, r.n);
		assert_memory_equal(b.text, r.out, r.n + 1);
		assert_memory_equal(b.map, r.map, (r.n + 1) * sizeof *r.map);
		norm_free(&r);
	}
	ct_norm_buf_release(&b);
	assert_null(b.text);
	ct_norm_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_ascii_unchanged),
		cmocka_unit_test(test_slice_same_holds_on_mixed_text),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_curly_double_quotes),
		cmocka_unit_test(test_curly_single_quotes_and_apostrophe),
		cmocka_unit_test(test_guillemets_become_double_quotes),
		cmocka_unit_test(test_en_em_dashes),
		cmocka_unit_test(test_minus_sign_and_nb_hyphen),
		cmocka_unit_test(test_whitespace_runs_collapse),
		cmocka_unit_test(test_nbsp_alone_is_space),
		cmocka_unit_test(test_unicode_spaces),
		cmocka_unit_test(test_leading_and_trailing_space_kept_as_one),
		cmocka_unit_test(test_zero_width_and_soft_hyphen_dropped),
		cmocka_unit_test(test_joiners_dropped),
		cmocka_unit_test(test_zero_width_inside_space_run),
		cmocka_unit_test(test_multibyte_kept_with_byte_map),
		cmocka_unit_test(test_invalid_byte_becomes_replacement),
		cmocka_unit_test(test_truncated_sequence_at_end),
		cmocka_unit_test(test_overlong_and_surrogate_invalid),
		cmocka_unit_test(test_invalid_byte_ends_space_run),
		cmocka_unit_test(test_nul_byte_is_space),
		cmocka_unit_test(test_respects_len),
		cmocka_unit_test(test_map_recovers_original_span),
		cmocka_unit_test(test_matches_reference_on_mixed_text),
		cmocka_unit_test(test_matches_reference_on_prose),
		cmocka_unit_test(test_into_reuses_buffers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
