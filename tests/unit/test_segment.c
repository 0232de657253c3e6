/* Unit tests for segment.c: ct_segment_sentences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claimtrack.h"

/*
 * Splits text and checks the sentences, given as the exact substrings of
 * the original they must cover (spans are trimmed and index the input).
 */
static void expect_split(const char *text, const char *const *want, size_t n_want)
{
	struct ct_span *sp = NULL;
	size_t n = 0, len = strlen(text);

	assert_int_equal(ct_segment_sentences(text, len, &sp, &n), CT_OK);
	if (n != n_want) {
		for (size_t i = 0; i < n; i++)
			print_message("  got [%zu,%zu) \"%.*s\"\n", sp[i].start, sp[i].end,
				      (int)(sp[i].end - sp[i].start), text + sp[i].start);
		free(sp);
		fail_msg("expected %zu sentences, got %zu", n_want, n);
	}
	for (size_t i = 0; i < n; i++) {
		size_t wl = strlen(want[i]);
		assert_true(sp[i].start < sp[i].end);
		assert_true(sp[i].end <= len);
		if (sp[i].end - sp[i].start != wl ||
		    memcmp(text + sp[i].start, want[i], wl) != 0) {
			print_message("  sentence %zu: got \"%.*s\", expected \"%s\"\n", i,
				      (int)(sp[i].end - sp[i].start), text + sp[i].start, want[i]);
			free(sp);
			fail();
		}
		if (i > 0)
			assert_true(sp[i - 1].end <= sp[i].start);
	}
	free(sp);
}

#define SPLIT(text, ...) do { \
	static const char *const w_[] = { __VA_ARGS__ }; \
	expect_split((text), w_, sizeof w_ / sizeof *w_); \
} while (0)

static void expect_none(const char *text, size_t len)
{
	struct ct_span *sp = NULL;
	size_t n = 99;

	assert_int_equal(ct_segment_sentences(text, len, &sp, &n), CT_OK);
	assert_int_equal(n, 0);
	free(sp);
}

static void test_basic_split(void **state)
{
	(void)state;
	SPLIT("ISIS is a threat. The Taliban deny it. Nobody agrees.",
	      "ISIS is a threat.", "The Taliban deny it.", "Nobody agrees.");
}

static void test_single_sentence_without_terminator(void **state)
{
	(void)state;
	SPLIT("ISIS is a threat to the region", "ISIS is a threat to the region");
}

static void test_lowercase_after_period_does_not_split(void **state)
{
	(void)state;
	SPLIT("The figure was approx. ten thousand. Then more came.",
	      "The figure was approx. ten thousand.", "Then more came.");
	SPLIT("It ended. and then it went on.", "It ended. and then it went on.");
}

static void test_no_split_after_title_abbreviations(void **state)
{
	(void)state;
	SPLIT("Gen. McKenzie said ISIS is a threat. Dr. Smith agreed.",
	      "Gen. McKenzie said ISIS is a threat.", "Dr. Smith agreed.");
	SPLIT("Mr. Khan and Sen. Reed met Prof. Ali.", "Mr. Khan and Sen. Reed met Prof. Ali.");
}

static void test_no_split_after_month(void **state)
{
	(void)state;
	SPLIT("The attack came on Jan. 12 in Kabul. Officials confirmed it.",
	      "The attack came on Jan. 12 in Kabul.", "Officials confirmed it.");
	SPLIT("It lasted from Aug. Fifteen onwards.", "It lasted from Aug. Fifteen onwards.");
}

static void test_no_split_after_any_listed_abbreviation(void **state)
{
	(void)state;
	/* Short forms of every initial letter in the list, and words that
	 * share a first letter with one but are not short forms. */
	SPLIT("Lt. Dan met Capt. Kirk at St. Mark near Ave. Foch with Messrs. Hale and "
	      "Approx. Ten in Univ. Hall. Then he left.",
	      "Lt. Dan met Capt. Kirk at St. Mark near Ave. Foch with Messrs. Hale and "
	      "Approx. Ten in Univ. Hall.", "Then he left.");
	SPLIT("He met Stan. Then Ava. Then Mess. Then Rex.",
	      "He met Stan.", "Then Ava.", "Then Mess.", "Then Rex.");
}

static void test_no_split_after_dotted_abbreviation(void **state)
{
	(void)state;
	SPLIT("The U.S. Army left Kabul. It did not return.",
	      "The U.S. Army left Kabul.", "It did not return.");
	SPLIT("U.S. officials said so. Others did not.",
	      "U.S. officials said so.", "Others did not.");
}

static void test_no_split_after_initial(void **state)
{
	(void)state;
	SPLIT("The report by J. Smith was published. It was long.",
	      "The report by J. Smith was published.", "It was long.");
}

/* The word before a dot is its letters, of either case, and dots, and no
 * other byte: "Xmr." is no abbreviation for any letter X, "-mr." is one. */
static void test_abbreviation_word_is_its_letters(void **state)
{
	char text[64];
	(void)state;

	for (int b = 1; b < 256; b++) {
		struct ct_span *v = NULL;
		size_t n = 0;
		bool letter = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
		if (b == '.' || b == '!' || b == '?' || b == '\n')
			continue;
		int len = snprintf(text, sizeof text, "He met %cmr. Smith today.", b);
		assert_int_equal(ct_segment_sentences(text, (size_t)len, &v, &n), CT_OK);
		if (n != (letter ? 2u : 1u))
			fail_msg("byte 0x%02x before \"mr.\": %zu sentences", (unsigned)b, n);
		free(v);
	}
}

static void test_no_split_after_number_abbreviation(void **state)
{
	(void)state;
	SPLIT("He met them at No. 10 Downing Street. Then he left.",
	      "He met them at No. 10 Downing Street.", "Then he left.");
}

/* "No." before a capitalised word is a sentence end, not "number". */
static void test_no_followed_by_word_splits(void **state)
{
	(void)state;
	SPLIT("He said no. The others agreed.", "He said no.", "The others agreed.");
}

static void test_no_split_in_decimal(void **state)
{
	(void)state;
	SPLIT("Prices rose 2.5 percent in Kabul. Wages fell 0.75 percent.",
	      "Prices rose 2.5 percent in Kabul.", "Wages fell 0.75 percent.");
}

static void test_split_after_number(void **state)
{
	(void)state;
	SPLIT("The war began in 2001. It ended in 2021.", "The war began in 2001.",
	      "It ended in 2021.");
}

static void test_question_and_exclamation(void **state)
{
	(void)state;
	SPLIT("Is ISIS a threat? Yes! It is.", "Is ISIS a threat?", "Yes!", "It is.");
}

static void test_punctuation_runs_end_together(void **state)
{
	(void)state;
	SPLIT("Really?! Yes... It is.", "Really?!", "Yes...", "It is.");
}

static void test_quoted_question_continues(void **state)
{
	(void)state;
	SPLIT("\"Why?\" he asked.", "\"Why?\" he asked.");
	SPLIT("\xE2\x80\x9CWhy?\xE2\x80\x9D he asked. Nobody answered.",
	      "\xE2\x80\x9CWhy?\xE2\x80\x9D he asked.", "Nobody answered.");
}

static void test_closing_quote_belongs_to_sentence(void **state)
{
	(void)state;
	SPLIT("He asked \"Why?\" Then he left.", "He asked \"Why?\"", "Then he left.");
	SPLIT("\xE2\x80\x9CISIS is a threat.\xE2\x80\x9D The general said so.",
	      "\xE2\x80\x9CISIS is a threat.\xE2\x80\x9D", "The general said so.");
	SPLIT("(It was over.) Then it began again.", "(It was over.)",
	      "Then it began again.");
}

static void test_quote_opens_next_sentence(void **state)
{
	(void)state;
	SPLIT("He left. \"We are done,\" he said.", "He left.", "\"We are done,\" he said.");
	SPLIT("He left. \xE2\x80\x9CWe are done,\xE2\x80\x9D he said.", "He left.",
	      "\xE2\x80\x9CWe are done,\xE2\x80\x9D he said.");
}

static void test_no_break_space_before_line_break(void **state)
{
	(void)state;
	/* A no-break space left after the period, then a line break. */
	SPLIT("The pool will close.\xC2\xA0\n\xE2\x80\x9CIt is old,\xE2\x80\x9D she said.",
	      "The pool will close.", "\xE2\x80\x9CIt is old,\xE2\x80\x9D she said.");
	SPLIT("The pool will close.\xC2\xA0Then it opens.", "The pool will close.",
	      "Then it opens.");
}

static void test_headline_then_blank_line(void **state)
{
	(void)state;
	SPLIT("Taliban take Kabul\n\nThe group entered the city. It met no resistance.",
	      "Taliban take Kabul", "The group entered the city.", "It met no resistance.");
}

static void test_headline_then_capitalised_line(void **state)
{
	(void)state;
	SPLIT("Taliban take Kabul\nThe group entered the city.", "Taliban take Kabul",
	      "The group entered the city.");
}

static void test_wrapped_line_does_not_split(void **state)
{
	(void)state;
	/* A line break inside a sentence: next line starts in lower case. */
	SPLIT("The group entered\nthe city on Sunday.", "The group entered\nthe city on Sunday.");
	/* A line ending in a comma is not a headline. */
	SPLIT("The group said,\nThe city is ours.", "The group said,\nThe city is ours.");
}

static void test_abbreviation_at_line_end_does_not_split(void **state)
{
	(void)state;
	SPLIT("Gen.\nMcKenzie said so. He met J.\nSmith there.",
	      "Gen.\nMcKenzie said so.", "He met J.\nSmith there.");
	SPLIT("It ended.\nThen it began.", "It ended.", "Then it began.");
	SPLIT("It ended.\n\nthen it began.", "It ended.", "then it began.");
}

static void test_paragraph_break_splits(void **state)
{
	(void)state;
	SPLIT("first paragraph without a period\n\nsecond one, also lower case",
	      "first paragraph without a period", "second one, also lower case");
	SPLIT("one\n \t\n\ntwo", "one", "two");
}

static void test_crlf_paragraphs(void **state)
{
	(void)state;
	SPLIT("First one.\r\n\r\nSecond one.\r\n", "First one.", "Second one.");
}

static void test_spans_are_trimmed_and_index_original(void **state)
{
	(void)state;
	const char *t = "  \tHello there.   Next one.  \n ";
	struct ct_span *sp = NULL;
	size_t n = 0;

	assert_int_equal(ct_segment_sentences(t, strlen(t), &sp, &n), CT_OK);
	assert_int_equal(n, 2);
	assert_int_equal(sp[0].start, 3);
	assert_int_equal(sp[0].end, 15);
	assert_int_equal(sp[1].start, 18);
	assert_int_equal(sp[1].end, 27);
	assert_memory_equal(t + sp[0].start, "Hello there.", 12);
	assert_memory_equal(t + sp[1].start, "Next one.", 9);
	free(sp);
}

static void test_respects_len(void **state)
{
	(void)state;
	const char *t = "One. Two. Three.";
	struct ct_span *sp = NULL;
	size_t n = 0;

	/* Only "One. Two." is given. */
	assert_int_equal(ct_segment_sentences(t, 9, &sp, &n), CT_OK);
	assert_int_equal(n, 2);
	assert_int_equal(sp[1].start, 5);
	assert_int_equal(sp[1].end, 9);
	free(sp);
}

static void test_empty_input(void **state)
{
	(void)state;
	expect_none("", 0);
}

static void test_whitespace_only_input(void **state)
{
	(void)state;
	expect_none("   ", 3);
	expect_none(" \n\t \r\n\n  \n", 10);
}

static void test_many_sentences(void **state)
{
	(void)state;
	char buf[4000];
	size_t len = 0;
	struct ct_span *sp = NULL;
	size_t n = 0;

	/* More sentences than the first allocation holds. */
	for (int i = 0; i < 200; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "Sentence %d. ", i);
	assert_int_equal(ct_segment_sentences(buf, len, &sp, &n), CT_OK);
	assert_int_equal(n, 200);
	assert_memory_equal(buf + sp[0].start, "Sentence 0.", 11);
	assert_memory_equal(buf + sp[199].start, "Sentence 199.", 13);
	assert_int_equal(sp[199].end - sp[199].start, 13);
	free(sp);
}

/* Each stop byte, at every place in the first chunks of a long text, after
 * a word of two letters or more (one is an initial): the split is where it
 * is, wherever the splitter's scan meets it. */
static void test_stops_at_every_offset(void **state)
{
	static const char *const ends[] = { ".", "!", "?", "\n\n" };
	char text[200];
	(void)state;

	for (size_t e = 0; e < sizeof ends / sizeof *ends; e++)
		for (size_t k = 2; k < 70; k++) {
			struct ct_span *v = NULL;
			size_t n = 0;
			memset(text, 'a', k);
			text[0] = 'A';
			int len = snprintf(text + k, sizeof text - k, "%s Then more words follow here",
					   ends[e]);
			assert_int_equal(ct_segment_sentences(text, k + (size_t)len, &v, &n), CT_OK);
			if (n != 2 || v[0].start != 0 || v[0].end != k + (e < 3 ? 1 : 0))
				fail_msg("'%s' after %zu bytes: %zu sentences, the first ends at %zu",
					 ends[e][0] == '\n' ? "\\n\\n" : ends[e], k, n, n ? v[0].end : 0);
			free(v);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_split),
		cmocka_unit_test(test_single_sentence_without_terminator),
		cmocka_unit_test(test_lowercase_after_period_does_not_split),
		cmocka_unit_test(test_no_split_after_title_abbreviations),
		cmocka_unit_test(test_no_split_after_month),
		cmocka_unit_test(test_no_split_after_any_listed_abbreviation),
		cmocka_unit_test(test_no_split_after_dotted_abbreviation),
		cmocka_unit_test(test_no_split_after_initial),
		cmocka_unit_test(test_no_split_after_number_abbreviation),
		cmocka_unit_test(test_abbreviation_word_is_its_letters),
		cmocka_unit_test(test_no_followed_by_word_splits),
		cmocka_unit_test(test_no_split_in_decimal),
		cmocka_unit_test(test_split_after_number),
		cmocka_unit_test(test_question_and_exclamation),
		cmocka_unit_test(test_punctuation_runs_end_together),
		cmocka_unit_test(test_quoted_question_continues),
		cmocka_unit_test(test_abbreviation_at_line_end_does_not_split),
		cmocka_unit_test(test_closing_quote_belongs_to_sentence),
		cmocka_unit_test(test_quote_opens_next_sentence),
		cmocka_unit_test(test_no_break_space_before_line_break),
		cmocka_unit_test(test_headline_then_blank_line),
		cmocka_unit_test(test_headline_then_capitalised_line),
		cmocka_unit_test(test_wrapped_line_does_not_split),
		cmocka_unit_test(test_paragraph_break_splits),
		cmocka_unit_test(test_crlf_paragraphs),
		cmocka_unit_test(test_spans_are_trimmed_and_index_original),
		cmocka_unit_test(test_respects_len),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_whitespace_only_input),
		cmocka_unit_test(test_many_sentences),
		cmocka_unit_test(test_stops_at_every_offset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
