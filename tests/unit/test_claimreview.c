/*
 * Unit tests for the ClaimReview builder (src/report/claimreview.c):
 * claimReviewed shortened to the words that matched, the rating a claim
 * gets from a verdict, the JSON-LD's shape, and the <script> form that no
 * article text can break out of.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "claimtrack/claimtrack.h"

/* Characters (code points) in a UTF-8 string. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void test_shorten_short_sentence_whole(void **state)
{
	char *s = ct_claimreview_shorten("  ISIS  is active\n in Afghanistan. ", "ISIS", 75);

	(void)state;
	assert_string_equal(s, "ISIS is active in Afghanistan.");
	free(s);
}

static void test_shorten_to_match(void **state)
{
	const char *sentence = "Taliban spokesman Zabihullah Mujahid said on Thursday that there are "
			       "no terrorists in Afghanistan and that the country is no threat.";
	char *s = ct_claimreview_shorten(sentence, "there are no terrorists in Afghanistan", 75);

	(void)state;
	assert_string_equal(s, "\xe2\x80\xa6there are no terrorists in Afghanistan\xe2\x80\xa6");
	free(s);
	/* A match at the start: no ellipsis before it. */
	s = ct_claimreview_shorten(sentence, "Taliban spokesman", 75);
	assert_string_equal(s, "Taliban spokesman\xe2\x80\xa6");
	free(s);
}

static void test_shorten_long_match_cut_at_word(void **state)
{
	char sentence[400] = "", *s;

	(void)state;
	for (int i = 0; i < 30; i++)
		strcat(sentence, "wörd ");
	strcat(sentence, "end.");
	s = ct_claimreview_shorten(sentence, sentence, 75);
	assert_true(chars(s) <= 75);
	/* Cut between words, then the ellipsis. */
	assert_non_null(strstr(s, "wörd\xe2\x80\xa6"));
	assert_int_equal(strncmp(s, "wörd wörd", 10), 0);
	free(s);
	/* A match not in the sentence: its start. */
	s = ct_claimreview_shorten(sentence, "absent", 20);
	assert_true(chars(s) <= 20);
	assert_int_equal(strncmp(s, "wörd", 5), 0);
	free(s);
}

static void test_rate(void **state)
{
	const char *alt = NULL;
	int v = -1;

	(void)state;
	assert_true(ct_claimreview_rate("Misleading", 2, 5, CT_SUPPORTS, &alt, &v));
	assert_string_equal(alt, "Misleading");
	assert_int_equal(v, 2);
	/* Refuting a misleading title says nothing: not rated. */
	assert_false(ct_claimreview_rate("Misleading", 2, 5, CT_REFUTES, &alt, &v));
	assert_false(ct_claimreview_rate("False", 0, 0, CT_REFUTES, &alt, &v));
	/* Refuting a true one is false, mirrored on the scale. */
	assert_true(ct_claimreview_rate("true", 4, 5, CT_REFUTES, &alt, &v));
	assert_string_equal(alt, "False");
	assert_int_equal(v, 2);
	assert_true(ct_claimreview_rate("Mostly True", 0, 0, CT_REFUTES, &alt, &v));
	assert_string_equal(alt, "Mostly false");
	assert_int_equal(v, 0);
	assert_true(ct_claimreview_rate("Accurate", 5, 5, CT_REFUTES, &alt, &v));
	assert_int_equal(v, 1);
	assert_false(ct_claimreview_rate(NULL, 0, 0, CT_SUPPORTS, &alt, &v));
	assert_false(ct_claimreview_rate("", 0, 0, CT_SUPPORTS, &alt, &v));
}

static struct ct_claimreview hostile(void)
{
	struct ct_claimreview cr = {
		.claim_id = 7,
		.sentence = "</script><script>alert(1)</script> ISIS is active & growing",
		.match = "ISIS is active",
		.speaker = "<!--<script>Eve",
		.speaker_kind = CT_SPEAKER_ORGANIZATION,
		.date = "2022-02-18",
		.url = "https://example.org/a?x=1&y=<2>",
		.title = "T",
		.published = "2022-02-18",
		.outlet = "Tolo News",
		.verdict = "False",
		.rating = 1, .rating_best = 5,
		.review_url = "https://factcheck.example.org/x",
		.publisher = "Checks",
	};
	return cr;
}

static void test_jsonld_shape(void **state)
{
	struct ct_claimreview cr = hostile();
	char *s = ct_claimreview_jsonld(&cr);
	json_t *o, *claim, *rating;

	(void)state;
	assert_non_null(s);
	o = json_loads(s, 0, NULL);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "@context")), "https://schema.org");
	assert_string_equal(json_string_value(json_object_get(o, "@type")), "ClaimReview");
	assert_string_equal(json_string_value(json_object_get(o, "url")), cr.review_url);
	claim = json_object_get(o, "itemReviewed");
	assert_string_equal(json_string_value(json_object_get(claim, "@type")), "Claim");
	/* The text survives whole once parsed: escaped, not dropped. */
	assert_string_equal(json_string_value(json_object_get(claim, "text")), cr.sentence);
	assert_string_equal(json_string_value(json_object_get(json_object_get(claim, "author"), "@type")),
			    "Organization");
	/* firstAppearance defaults to this document. */
	assert_string_equal(json_string_value(json_object_get(json_object_get(claim, "firstAppearance"),
							      "url")), cr.url);
	rating = json_object_get(o, "reviewRating");
	assert_string_equal(json_string_value(json_object_get(rating, "alternateName")), "False");
	assert_int_equal(json_integer_value(json_object_get(rating, "worstRating")), 1);
	assert_int_equal(json_integer_value(json_object_get(rating, "bestRating")), 5);
	json_decref(o);
	free(s);
}

static void test_jsonld_cannot_leave_script(void **state)
{
	struct ct_claimreview cr = hostile();
	char *s = ct_claimreview_jsonld(&cr);

	(void)state;
	assert_non_null(s);
	assert_null(strchr(s, '<'));
	assert_null(strchr(s, '>'));
	assert_null(strchr(s, '&'));
	assert_non_null(strstr(s, "\\u003c/script\\u003e"));
	free(s);
}

static void test_write_array(void **state)
{
	struct ct_claimreview cr[2] = { hostile(), hostile() };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_t *arr;

	(void)state;
	cr[1].speaker = NULL;              /* unknown: no author */
	cr[1].rating = cr[1].rating_best = 0;
	assert_int_equal(ct_claimreview_write(cr, 2, f), CT_OK);
	fclose(f);
	arr = json_loads(buf, 0, NULL);
	assert_true(json_is_array(arr));
	assert_int_equal(json_array_size(arr), 2);
	assert_null(json_object_get(json_object_get(json_array_get(arr, 1), "itemReviewed"), "author"));
	assert_null(json_object_get(json_object_get(json_array_get(arr, 1), "reviewRating"),
				    "ratingValue"));
	json_decref(arr);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shorten_short_sentence_whole),
		cmocka_unit_test(test_shorten_to_match),
		cmocka_unit_test(test_shorten_long_match_cut_at_word),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_jsonld_shape),
		cmocka_unit_test(test_jsonld_cannot_leave_script),
		cmocka_unit_test(test_write_array),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
