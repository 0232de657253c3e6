/*
 * Unit tests for match.c: claims and their stance (negation, pseudo
 * negation, termination, scope, denial, hedging), except and context
 * patterns, longest match, offsets into the original text, order,
 * aborting, and a pattern that hits the PCRE2 match limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claimtrack.h"
#include "match/match_internal.h"
#include "text/text_internal.h"

/* ---- loading ---- */

static void print_diag(const struct ct_diag *d, void *user)
{
	(void)user;
	print_message("  diag: %s:%d:%d: %s\n", d->file ? d->file : "", d->line, d->col,
		      d->message);
}

static struct ct_ruleset *load(const char *name, const char *text)
{
	struct ct_rules_options opts = { .on_diag = print_diag };
	struct ct_ruleset *rs = NULL;

	assert_int_equal(ct_rules_load_string(name, text, strlen(text), &opts, &rs), CT_OK);
	assert_non_null(rs);
	return rs;
}

/* ---- claims ---- */

#define MAX_CLAIMS 32

struct claims {
	size_t n;
	size_t calls;
	size_t stop_after;     /* ask to stop after this many; 0: never */
	struct ct_claim v[MAX_CLAIMS];
};

static int collect_claim(const struct ct_claim *c, void *user)
{
	struct claims *cl = user;

	cl->calls++;
	if (cl->n < MAX_CLAIMS)
		cl->v[cl->n++] = *c;
	return cl->stop_after && cl->calls >= cl->stop_after;
}

static int scan_sentence(const struct ct_ruleset *rs, const char *text, unsigned flags,
			 struct claims *cl)
{
	struct ct_matcher *m = NULL;
	int rc;

	memset(cl, 0, sizeof *cl);
	assert_int_equal(ct_matcher_new(rs, print_diag, NULL, &m), CT_OK);
	rc = ct_matcher_scan_sentence(m, text, strlen(text), flags, collect_claim, cl);
	ct_matcher_free(m);
	return rc;
}

static int scan_doc(const struct ct_ruleset *rs, const char *text, struct claims *cl)
{
	struct ct_matcher *m = NULL;
	int rc;

	memset(cl, 0, sizeof *cl);
	assert_int_equal(ct_matcher_new(rs, print_diag, NULL, &m), CT_OK);
	rc = ct_matcher_scan(m, text, strlen(text), collect_claim, cl);
	ct_matcher_free(m);
	return rc;
}

static const struct ct_claim *find_claim(const struct claims *cl, const char *id)
{
	for (size_t i = 0; i < cl->n; i++)
		if (strcmp(cl->v[i].proposition->id, id) == 0)
			return &cl->v[i];
	return NULL;
}

/* The one claim of proposition `id` for a sentence scanned alone. */
static struct ct_claim claim_for(const struct ct_ruleset *rs, const char *text, const char *id)
{
	struct claims cl;
	const struct ct_claim *c;
	size_t n = 0;

	assert_int_equal(scan_sentence(rs, text, CT_SCAN_IGNORE_CONTEXT, &cl), CT_OK);
	for (size_t i = 0; i < cl.n; i++)
		n += strcmp(cl.v[i].proposition->id, id) == 0;
	c = find_claim(&cl, id);
	if (!c)
		fail_msg("no claim of %s for \"%s\"", id, text);
	assert_int_equal(n, 1);
	return *c;
}

static void assert_span_is(const char *text, size_t start, size_t end, const char *want)
{
	size_t wl = strlen(want);

	if (end < start || end - start != wl || memcmp(text + start, want, wl) != 0)
		fail_msg("span [%zu,%zu) is \"%.*s\", expected \"%s\"", start, end,
			 end >= start ? (int)(end - start) : 0, text + start, want);
}

static size_t offset_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);

	assert_non_null(p);
	return (size_t)(p - text);
}

/* ---- the main rule set ---- */

static const char main_rules[] =
	"proposition t.threat\n"
	"  title ISIS is a threat to the region\n"
	"  rev 1\n"
	"  supports a threat to (?:not only [\\w ]+ but )?(?:the )?(?:entire |wider )?region\n"
	"end\n"
	"\n"
	"proposition t.troops\n"
	"  title Foreign troops are present in Afghanistan\n"
	"  rev 1\n"
	"  supports troops (?:are|were) (?:still )?present in Afghanistan\n"
	"end\n"
	"\n"
	"proposition t.terror\n"
	"  title Terrorist groups are active in Afghanistan\n"
	"  rev 1\n"
	"  supports terrorists are active in Afghanistan\n"
	"  refutes there (?:are|is) no terrorists in Afghanistan\n"
	"end\n";

static struct ct_ruleset *main_rs;

static int setup_main(void **state)
{
	(void)state;
	main_rs = load("main.rules", main_rules);
	return 0;
}

static int teardown_main(void **state)
{
	(void)state;
	ct_ruleset_free(main_rs);
	main_rs = NULL;
	return 0;
}

/* Checks stance and flags of the t.threat claim of a sentence. */
static struct ct_claim threat(const char *text, enum ct_stance stance, bool negated)
{
	struct ct_claim c = claim_for(main_rs, text, "t.threat");

	if (c.stance != stance || c.negated != negated)
		fail_msg("\"%s\": got %s%s, expected %s%s", text, ct_stance_name(c.stance),
			 c.negated ? " (negated)" : "", ct_stance_name(stance),
			 negated ? " (negated)" : "");
	assert_false(c.denied);
	return c;
}

/* ======================================================================
 * Plain matches
 * ==================================================================== */

static void test_plain_supports(void **state)
{
	(void)state;
	const char *s = "ISIS is a threat to the region.";
	struct claims cl;
	const struct ct_claim *c;

	assert_int_equal(scan_sentence(main_rs, s, 0, &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	c = &cl.v[0];
	assert_string_equal(c->proposition->id, "t.threat");
	assert_ptr_equal(c->proposition, ct_ruleset_proposition(main_rs, 0));
	assert_ptr_equal(c->pattern, ct_proposition_pattern(main_rs, 0, 0));
	assert_int_equal(c->pattern->kind, CT_PAT_SUPPORTS);
	assert_int_equal(c->pattern->line, 4);
	assert_int_equal(c->stance, CT_SUPPORTS);
	assert_false(c->negated);
	assert_false(c->denied);
	assert_false(c->hedged);
	assert_int_equal(c->sentence_start, 0);
	assert_int_equal(c->sentence_end, strlen(s));
	assert_span_is(s, c->match_start, c->match_end, "a threat to the region");
}

static void test_no_match_no_claim(void **state)
{
	(void)state;
	struct claims cl;

	assert_int_equal(scan_sentence(main_rs, "The weather in Kabul was mild.", 0, &cl), CT_OK);
	assert_int_equal(cl.n, 0);
	assert_int_equal(scan_doc(main_rs, "", &cl), CT_OK);
	assert_int_equal(cl.n, 0);
	assert_int_equal(scan_sentence(main_rs, "", 0, &cl), CT_OK);
	assert_int_equal(cl.n, 0);
	assert_int_equal(scan_doc(main_rs, "  \n\n \t ", &cl), CT_OK);
	assert_int_equal(cl.n, 0);
}

static void test_caseless_match(void **state)
{
	(void)state;
	struct ct_claim c = threat("ISIS IS A THREAT TO THE REGION", CT_SUPPORTS, false);

	assert_int_equal(c.match_start, 8);
}

/* Patterns get word boundaries at their word-character ends. */
static void test_implicit_word_boundaries(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load("wb.rules",
		"proposition w.isis\n  title T\n  rev 1\n  supports isis attack\nend\n");
	struct claims cl;

	assert_int_equal(scan_sentence(rs, "The crisis attack plan failed.", 0, &cl), CT_OK);
	assert_int_equal(cl.n, 0);
	assert_int_equal(scan_sentence(rs, "An ISIS attackers' cell was found.", 0, &cl), CT_OK);
	assert_int_equal(cl.n, 0);
	assert_int_equal(scan_sentence(rs, "An ISIS attack killed ten.", 0, &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	ct_ruleset_free(rs);
}

/* Matching runs on normalized text: curly quotes, dashes and odd spaces. */
static void test_matches_through_normalization(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load("norm.rules",
		"proposition n.q\n  title T\n  rev 1\n"
		"  supports \"we are here\" - the group's statement\nend\n");
	const char *s = "It said \xE2\x80\x9Cwe  are\xC2\xA0here\xE2\x80\x9D \xE2\x80\x94 the "
			"group\xE2\x80\x99s statement.";
	struct claims cl;

	assert_int_equal(scan_sentence(rs, s, 0, &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	assert_span_is(s, cl.v[0].match_start, cl.v[0].match_end,
		       "\xE2\x80\x9Cwe  are\xC2\xA0here\xE2\x80\x9D \xE2\x80\x94 the "
		       "group\xE2\x80\x99s statement");
	ct_ruleset_free(rs);
}

/* One claim per proposition and sentence, however often it matches. */
static void test_one_claim_per_proposition_and_sentence(void **state)
{
	(void)state;
	const char *s = "ISIS is a threat to the region and a threat to the wider region.";
	struct claims cl;

	assert_int_equal(scan_sentence(main_rs, s, 0, &cl), CT_OK);
	assert_int_equal(cl.n, 1);
}

static void test_two_propositions_one_sentence(void **state)
{
	(void)state;
	const char *s = "Foreign troops are present in Afghanistan and ISIS is a threat to the region.";
	struct claims cl;

	assert_int_equal(scan_sentence(main_rs, s, 0, &cl), CT_OK);
	assert_int_equal(cl.n, 2);
	assert_non_null(find_claim(&cl, "t.threat"));
	assert_non_null(find_claim(&cl, "t.troops"));
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(cl.v[i].stance, CT_SUPPORTS);
		assert_int_equal(cl.v[i].sentence_start, 0);
		assert_int_equal(cl.v[i].sentence_end, strlen(s));
	}
}

/* ======================================================================
 * Negation
 * ==================================================================== */

/* The "no" of a refutes pattern is part of the claim, not a negation of it. */
static void test_refutes_not_negated_by_own_no(void **state)
{
	(void)state;
	const char *s = "There are no terrorists in Afghanistan.";
	struct ct_claim c = claim_for(main_rs, s, "t.terror");

	assert_int_equal(c.stance, CT_REFUTES);
	assert_int_equal(c.pattern->kind, CT_PAT_REFUTES);
	assert_false(c.negated);
	assert_false(c.denied);
	assert_span_is(s, c.match_start, c.match_end, "There are no terrorists in Afghanistan");
}

static void test_negated_refutes_becomes_supports(void **state)
{
	(void)state;
	const char *s = "It is not true that there are no terrorists in Afghanistan.";
	struct ct_claim c = claim_for(main_rs, s, "t.terror");

	assert_int_equal(c.pattern->kind, CT_PAT_REFUTES);
	assert_int_equal(c.stance, CT_SUPPORTS);
	assert_true(c.negated);
	assert_span_is(s, c.negation_cue.start, c.negation_cue.end, "not true that");
}

static void test_negation_flips(void **state)
{
	(void)state;
	const char *s = "ISIS is not a threat to the region.";
	struct ct_claim c = threat(s, CT_REFUTES, true);

	assert_int_equal(c.pattern->kind, CT_PAT_SUPPORTS);
	assert_int_equal(c.negation_cue.start, 8);
	assert_int_equal(c.negation_cue.end, 11);
	assert_span_is(s, c.negation_cue.start, c.negation_cue.end, "not");
	assert_span_is(s, c.match_start, c.match_end, "a threat to the region");
}

static void test_negation_nt(void **state)
{
	(void)state;
	const char *s = "ISIS isn't a threat to the region.";
	const char *curly = "ISIS isn\xE2\x80\x99t a threat to the region.";
	struct ct_claim c = threat(s, CT_REFUTES, true);

	assert_span_is(s, c.negation_cue.start, c.negation_cue.end, "n't");
	c = threat(curly, CT_REFUTES, true);
	/* The cue is cut from the original: the curly apostrophe is 3 bytes. */
	assert_span_is(curly, c.negation_cue.start, c.negation_cue.end, "n\xE2\x80\x99t");
	threat("ISIS doesn't pose a threat to the region.", CT_REFUTES, true);
	/* "n't" needs a word before it. */
	threat("The n't a threat to the region.", CT_SUPPORTS, false);
}

static void test_negation_other_cues(void **state)
{
	(void)state;
	const char *s = "ISIS is no longer a threat to the region.";
	struct ct_claim c = threat(s, CT_REFUTES, true);

	/* The nearest cue governs: "no longer", not the "no" inside it. */
	assert_span_is(s, c.negation_cue.start, c.negation_cue.end, "no longer");
	threat("ISIS has never been a threat to the region.", CT_REFUTES, true);
	threat("ISIS cannot be a threat to the region.", CT_REFUTES, true);
	threat("Nobody thinks ISIS is a threat to the region.", CT_REFUTES, true);
	threat("ISIS is a threat to the region.", CT_SUPPORTS, false);
	/* Words that merely contain a cue do not negate. */
	threat("Notably, ISIS is a threat to the region.", CT_SUPPORTS, false);
	threat("Nothingness: ISIS is a threat to the region.", CT_SUPPORTS, false);
}

/* A negation inside the match does not count: the pattern says what it means. */
static void test_negation_inside_match_ignored(void **state)
{
	(void)state;
	const char *s = "ISIS is a threat to not only Afghanistan but the entire region.";
	struct ct_claim c = threat(s, CT_SUPPORTS, false);

	assert_span_is(s, c.match_start, c.match_end,
		       "a threat to not only Afghanistan but the entire region");
}

static void test_pseudo_negation(void **state)
{
	(void)state;
	/* "not" here is part of "not only": no negation. */
	threat("It is not only a threat to the region, it is a threat to the world.",
	       CT_SUPPORTS, false);
	threat("Not only is ISIS a threat to the region, it is growing.", CT_SUPPORTS, false);
	threat("There is no doubt ISIS is a threat to the region.", CT_SUPPORTS, false);
	threat("ISIS is not just a threat to the region.", CT_SUPPORTS, false);
	/* The same sentences without the pseudo cue are negated. */
	threat("It is not a threat to the region, it is a threat to the world.",
	       CT_REFUTES, true);
	threat("There is no ISIS that is a threat to the region.", CT_REFUTES, true);
}

/* A pseudo cue only shields the cue it overlaps, not a later real one. */
static void test_pseudo_then_real_negation(void **state)
{
	(void)state;
	const char *s = "Not only that, ISIS is not a threat to the region.";
	struct ct_claim c = threat(s, CT_REFUTES, true);

	assert_int_equal(c.negation_cue.start, offset_of(s, "not a"));
}

static void test_termination(void **state)
{
	(void)state;
	const char *s = "No one said ISIS is a threat to the region.";
	struct ct_claim c;

	threat("There is no doubt, but ISIS is a threat to the region.", CT_SUPPORTS, false);
	threat("No one was hurt, but ISIS is a threat to the region.", CT_SUPPORTS, false);
	threat("Nothing happened; ISIS is a threat to the region.", CT_SUPPORTS, false);
	threat("Nobody was killed, however ISIS is a threat to the region.", CT_SUPPORTS, false);
	/* Without the termination cue the negation reaches the match. */
	c = threat(s, CT_REFUTES, true);
	assert_span_is(s, c.negation_cue.start, c.negation_cue.end, "No one");
}

/* A termination before the cue does not end its scope. */
static void test_termination_before_cue(void **state)
{
	(void)state;
	threat("They came, but ISIS is not a threat to the region.", CT_REFUTES, true);
}

static void test_negation_scope_limit(void **state)
{
	(void)state;
	/* 8 words between cue and match: still in scope. */
	threat("Not alpha beta gamma delta epsilon zeta eta theta a threat to the region.",
	       CT_REFUTES, true);
	/* 9 words: out of scope. */
	threat("Not alpha beta gamma delta epsilon zeta eta theta iota a threat to the region.",
	       CT_SUPPORTS, false);
	threat("Never in the long history of this old and quiet mountain village was "
	       "there a threat to the region.", CT_SUPPORTS, false);
}

static void test_post_negation(void **state)
{
	(void)state;
	const char *s = "Reports that ISIS is a threat to the region are false.";
	struct ct_claim c = threat(s, CT_REFUTES, true);

	assert_span_is(s, c.negation_cue.start, c.negation_cue.end, "are false");
	threat("The claim that ISIS is a threat to the region has been debunked.",
	       CT_REFUTES, true);
	/* Terminated: the "false" belongs to another clause. */
	threat("ISIS is a threat to the region, but reports of an attack are false.",
	       CT_SUPPORTS, false);
	/* Out of scope: more than 8 words after the match. */
	threat("Claims of a threat to the region made by officials on many occasions over "
	       "the last years are false.", CT_SUPPORTS, false);
}

/* A post-negation cue before the match is not a post-negation. */
static void test_post_negation_before_match(void **state)
{
	(void)state;
	threat("These rumours are false, and ISIS is a threat to the region.",
	       CT_SUPPORTS, false);
}

/* ======================================================================
 * Denial
 * ==================================================================== */

static void test_denial(void **state)
{
	(void)state;
	const char *s = "The Taliban has disputed claims that foreign troops are present in "
			"Afghanistan.";
	struct ct_claim c = claim_for(main_rs, s, "t.troops");

	assert_int_equal(c.pattern->kind, CT_PAT_SUPPORTS);
	assert_int_equal(c.stance, CT_REFUTES);
	assert_true(c.denied);
	assert_false(c.negated);
	assert_false(c.hedged);
	assert_span_is(s, c.denial_cue.start, c.denial_cue.end, "disputed claims that");

	s = "The ministry denied that foreign troops are present in Afghanistan.";
	c = claim_for(main_rs, s, "t.troops");
	assert_int_equal(c.stance, CT_REFUTES);
	assert_true(c.denied);
	assert_span_is(s, c.denial_cue.start, c.denial_cue.end, "denied that");

	/* Denial of a refutes claim makes it supports. */
	s = "He rejected claims that there are no terrorists in Afghanistan.";
	c = claim_for(main_rs, s, "t.terror");
	assert_int_equal(c.stance, CT_SUPPORTS);
	assert_true(c.denied);
}

static void test_denial_and_negation_flip_twice(void **state)
{
	(void)state;
	const char *s = "The ministry denied that it is not true that foreign troops are "
			"present in Afghanistan.";
	struct ct_claim c = claim_for(main_rs, s, "t.troops");

	assert_true(c.denied);
	assert_true(c.negated);
	assert_int_equal(c.stance, CT_SUPPORTS);
	assert_span_is(s, c.denial_cue.start, c.denial_cue.end, "denied that");
	assert_span_is(s, c.negation_cue.start, c.negation_cue.end, "not true that");
}

static void test_denial_scope(void **state)
{
	(void)state;
	/* Terminated by "but". */
	struct ct_claim c = claim_for(main_rs,
		"He denied that he was there, but foreign troops are present in Afghanistan.",
		"t.troops");

	assert_false(c.denied);
	assert_int_equal(c.stance, CT_SUPPORTS);
	/* Denial reaches further than negation (20 words). */
	c = claim_for(main_rs,
		"He denied that after ten long and hard years of a costly war in the "
		"mountains foreign troops are present in Afghanistan.", "t.troops");
	assert_true(c.denied);
	assert_int_equal(c.stance, CT_REFUTES);
	/* But not further than 20 words. */
	c = claim_for(main_rs,
		"He denied that after ten long and hard years of a costly and bloody war "
		"in the high and cold mountains of the east foreign troops are present in "
		"Afghanistan.", "t.troops");
	assert_false(c.denied);
	assert_int_equal(c.stance, CT_SUPPORTS);
}

/* The examples table of the rule-format guide, row by row. */
static void test_format_guide_examples(void **state)
{
	(void)state;
	static const struct {
		const char *sentence;
		bool claim, negated, denied;
		enum ct_stance stance;
	} rows[] = {
		{ "Foreign troops are present in Afghanistan.", true, false, false, CT_SUPPORTS },
		{ "Foreign troops are not present in Afghanistan.", false, false, false, 0 },
		{ "It is not true that foreign troops are present in Afghanistan.",
		  true, true, false, CT_REFUTES },
		{ "Reports that foreign troops are present in Afghanistan are false.",
		  true, true, false, CT_REFUTES },
		{ "The ministry has disputed claims that foreign troops are present in "
		  "Afghanistan.", true, false, true, CT_REFUTES },
		{ "The ministry has not disputed claims that foreign troops are present in "
		  "Afghanistan.", true, true, true, CT_SUPPORTS },
		{ "Foreign troops are reportedly present in Afghanistan.", false, false, false, 0 },
	};
	struct claims cl;

	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		const struct ct_claim *c;

		assert_int_equal(scan_sentence(main_rs, rows[i].sentence, 0, &cl), CT_OK);
		c = find_claim(&cl, "t.troops");
		if (!rows[i].claim) {
			if (c)
				fail_msg("\"%s\": unexpected claim", rows[i].sentence);
			continue;
		}
		if (!c)
			fail_msg("\"%s\": no claim", rows[i].sentence);
		if (c->negated != rows[i].negated || c->denied != rows[i].denied ||
		    c->stance != rows[i].stance)
			fail_msg("\"%s\": got %s negated=%d denied=%d", rows[i].sentence,
				 ct_stance_name(c->stance), c->negated, c->denied);
	}
}

/* ======================================================================
 * Hedging
 * ==================================================================== */

static void test_hedge_allegedly(void **state)
{
	(void)state;
	const char *s = "ISIS is allegedly a threat to the region.";
	struct ct_claim c = threat(s, CT_SUPPORTS, false);

	assert_true(c.hedged);
	assert_span_is(s, c.hedge_cue.start, c.hedge_cue.end, "allegedly");
}

static void test_hedge_may_but_not_month(void **state)
{
	(void)state;
	const char *s = "ISIS may be a threat to the region.";
	struct ct_claim c = threat(s, CT_SUPPORTS, false);

	assert_true(c.hedged);
	assert_span_is(s, c.hedge_cue.start, c.hedge_cue.end, "may");
	c = threat("In May, ISIS became a threat to the region.", CT_SUPPORTS, false);
	assert_false(c.hedged);
	c = threat("Since May ISIS has been a threat to the region.", CT_SUPPORTS, false);
	assert_false(c.hedged);
	/* A word containing "may" is not the cue. */
	c = threat("The mayor called ISIS a threat to the region.", CT_SUPPORTS, false);
	assert_false(c.hedged);
}

static void test_hedge_question(void **state)
{
	(void)state;
	const char *s = "Is ISIS a threat to the region?";
	const char *q = "\xE2\x80\x9CIs ISIS a threat to the region?\xE2\x80\x9D  ";
	struct ct_claim c = threat(s, CT_SUPPORTS, false);

	assert_true(c.hedged);
	assert_int_equal(c.hedge_cue.start, strlen(s) - 1);
	assert_int_equal(c.hedge_cue.end, strlen(s));
	/* Closing quotes and trailing space after the question mark. */
	c = threat(q, CT_SUPPORTS, false);
	assert_true(c.hedged);
	assert_span_is(q, c.hedge_cue.start, c.hedge_cue.end, "?");
	/* A question mark inside the sentence does not make it a question. */
	c = threat("\"Why?\" he asked, and called ISIS a threat to the region.", CT_SUPPORTS, false);
	assert_false(c.hedged);
}

static void test_hedge_keeps_negation(void **state)
{
	(void)state;
	struct ct_claim c = threat("ISIS is reportedly not a threat to the region.",
				   CT_REFUTES, true);

	assert_true(c.hedged);
	c = threat("Could ISIS not be a threat to the region?", CT_REFUTES, true);
	assert_true(c.hedged);
}

/* A statement withheld ("would not say", "did not confirm", "never
 * said") asserts neither side: the claim is hedged, its stance not
 * flipped; "does not think" is a belief negated, and flips. */
static void test_withheld_statement_is_hedged(void **state)
{
	(void)state;
	static const char *const withheld[] = {
		"The ministry would not say ISIS is a threat to the region.",
		"Officials did not confirm ISIS is a threat to the region.",
		"The ministry declined to say ISIS is a threat to the region.",
		"Kane never said ISIS is a threat to the region.",
	};
	struct ct_claim c;

	for (size_t i = 0; i < sizeof withheld / sizeof withheld[0]; i++) {
		c = threat(withheld[i], CT_SUPPORTS, false);
		if (!c.hedged)
			fail_msg("\"%s\" is not hedged", withheld[i]);
	}
	c = threat("Kane does not think ISIS is a threat to the region.", CT_REFUTES, true);
	assert_false(c.hedged);
}

/* A hedge governs only the clause of the match and its reporting frame. */
static void test_hedge_stays_in_clause(void **state)
{
	(void)state;
	static const char *const firm[] = {
		"Terrorists are active in Afghanistan, but he could not say how many.",
		"Terrorists are active in Afghanistan, and if nothing is done they will spread.",
		"Terrorists are active in Afghanistan, whether you believe it or not, Mujahid said.",
		"He could not say how many; terrorists are active in Afghanistan.",
	};
	static const char *const hedged[] = {
		"Kane may have said that terrorists are active in Afghanistan.",
		"If the reports are right, terrorists are active in Afghanistan.",
		"Terrorists are active in Afghanistan, officials said, possibly in the east.",
	};
	struct ct_claim c;

	for (size_t i = 0; i < sizeof firm / sizeof firm[0]; i++) {
		c = claim_for(main_rs, firm[i], "t.terror");
		if (c.hedged)
			fail_msg("\"%s\" is hedged", firm[i]);
	}
	for (size_t i = 0; i < sizeof hedged / sizeof hedged[0]; i++) {
		c = claim_for(main_rs, hedged[i], "t.terror");
		if (!c.hedged)
			fail_msg("\"%s\" is not hedged", hedged[i]);
	}
	c = claim_for(main_rs, hedged[0], "t.terror");
	assert_span_is(hedged[0], c.hedge_cue.start, c.hedge_cue.end, "may");
}

/* The stance of t.terror's claim of a sentence, and its flags. */
static struct ct_claim terror(const char *text, enum ct_stance stance, bool framed)
{
	struct ct_claim c = claim_for(main_rs, text, "t.terror");

	if (c.stance != stance || c.framed != framed)
		fail_msg("\"%s\": got %s%s, expected %s%s", text, ct_stance_name(c.stance),
			 c.framed ? " (framed)" : "", ct_stance_name(stance),
			 framed ? " (framed)" : "");
	return c;
}

/* Discrediting frames refute, double negation asserts, evidence
 * qualifiers do not negate (rules/stance.cues). */
static void test_newsroom_stance(void **state)
{
	(void)state;
	const char *s;
	struct ct_claim c;

	c = terror("Experts have debunked the claim that terrorists are active in Afghanistan.",
		   CT_REFUTES, false);
	assert_true(c.denied);
	terror("The myth that terrorists are active in Afghanistan persists.", CT_REFUTES, false);
	terror("The idea that terrorists are active in Afghanistan is a myth.", CT_REFUTES, false);
	terror("Reports that terrorists are active in Afghanistan are fake news.", CT_REFUTES, false);
	terror("The claim that terrorists are active in Afghanistan is a conspiracy theory.",
	       CT_REFUTES, false);
	terror("Officials rejected the baseless claim that terrorists are active in Afghanistan.",
	       CT_REFUTES, false);
	c = terror("Nobody doubts that terrorists are active in Afghanistan.", CT_SUPPORTS, false);
	assert_false(c.negated);
	terror("No one disputes that terrorists are active in Afghanistan.", CT_SUPPORTS, false);
	terror("Nobody denies that terrorists are active in Afghanistan.", CT_SUPPORTS, false);
	terror("It is undeniable that terrorists are active in Afghanistan.", CT_SUPPORTS, false);
	/* A real negation still negates. */
	terror("Nobody thinks that terrorists are active in Afghanistan.", CT_REFUTES, false);
	/* The outlet's framing: the speaker's stance stays, the claim is disputed. */
	s = "Kane said, without evidence, that terrorists are active in Afghanistan.";
	c = terror(s, CT_SUPPORTS, true);
	assert_false(c.negated);
	assert_span_is(s, c.framing_cue.start, c.framing_cue.end, "without evidence");
	s = "Kane falsely claimed that terrorists are active in Afghanistan.";
	c = terror(s, CT_SUPPORTS, true);
	assert_span_is(s, c.framing_cue.start, c.framing_cue.end, "falsely");
	c = terror("Kane repeated the false claim that terrorists are active in Afghanistan.",
		   CT_SUPPORTS, true);
	assert_false(c.denied);
	terror("Kane said terrorists are active in Afghanistan, a claim that has been debunked.",
	       CT_SUPPORTS, true);
	/* Framing in another clause is about something else. */
	terror("Terrorists are active in Afghanistan, but Kane falsely said they left.",
	       CT_SUPPORTS, false);
}

/* Whether someone is said to speak in the sentence, outside the match. */
static void test_reported_speech(void **state)
{
	(void)state;
	static const struct {
		const char *text, *cue;   /* cue NULL: nobody speaks */
	} cases[] = {
		{ "Terrorists are active in Afghanistan.", NULL },
		{ "Kane, a candidate, told supporters in Millbrook on Monday that terrorists are "
		  "active in Afghanistan.", "told" },
		{ "According to the ministry, terrorists are active in Afghanistan.", "According to" },
		{ "The Herald has learned that terrorists are active in Afghanistan.", "learned" },
		{ "Some parents' groups say that terrorists are active in Afghanistan.", "say" },
		{ "Terrorists are active in Afghanistan, officials said.", "said" },
		/* A noun after a determiner is no reporting verb. */
		{ "The claim that terrorists are active in Afghanistan is old.", NULL },
		/* A belief verb reports only before "that". */
		{ "Officials know terrorists are active in Afghanistan.", NULL },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ct_claim c = claim_for(main_rs, cases[i].text, "t.terror");
		if (c.reported != (cases[i].cue != NULL))
			fail_msg("\"%s\": reported is %d", cases[i].text, c.reported);
		if (cases[i].cue)
			assert_span_is(cases[i].text, c.speech_cue.start, c.speech_cue.end,
				       cases[i].cue);
	}
}

/* ======================================================================
 * except and context
 * ==================================================================== */

static void test_except_suppresses(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load("except.rules",
		"proposition e.threat\n"
		"  title T\n"
		"  rev 1\n"
		"  supports a threat to (?:the )?region\n"
		"  except video games?\n"
		"end\n");
	struct claims cl;

	assert_int_equal(scan_sentence(rs, "In the video game, ISIS is a threat to the region.",
				       0, &cl), CT_OK);
	assert_int_equal(cl.n, 0);
	/* The except pattern may come after the match. */
	assert_int_equal(scan_sentence(rs, "ISIS is a threat to the region in video games.",
				       0, &cl), CT_OK);
	assert_int_equal(cl.n, 0);
	assert_int_equal(scan_sentence(rs, "ISIS is a threat to the region.", 0, &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	/* It works per sentence, not per document. */
	assert_int_equal(scan_doc(rs, "He plays a video game. ISIS is a threat to the region.",
				  &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	ct_ruleset_free(rs);
}

static const char context_rules[] =
	"proposition c.kabul\n"
	"  title T\n"
	"  rev 1\n"
	"  context Kabul\n"
	"  supports a threat to (?:the )?region\n"
	"end\n"
	"proposition c.free\n"
	"  title U\n"
	"  rev 1\n"
	"  supports troops are present\n"
	"end\n";

static void test_context(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load("context.rules", context_rules);
	const char *doc = "Officials met in Kabul on Monday. ISIS is a threat to the region.";
	struct claims cl;

	/* No Kabul in the document: the proposition does not apply. */
	assert_int_equal(scan_doc(rs, "ISIS is a threat to the region.", &cl), CT_OK);
	assert_int_equal(cl.n, 0);
	/* Kabul in another sentence of the document is enough. */
	assert_int_equal(scan_doc(rs, doc, &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	assert_string_equal(cl.v[0].proposition->id, "c.kabul");
	assert_int_equal(cl.v[0].sentence_start, offset_of(doc, "ISIS"));
	/* Context is caseless like any pattern. */
	assert_int_equal(scan_doc(rs, "In kabul, ISIS is a threat to the region.", &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	/* A proposition without context always applies. */
	assert_int_equal(scan_doc(rs, "Troops are present.", &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	assert_string_equal(cl.v[0].proposition->id, "c.free");
	ct_ruleset_free(rs);
}

static void test_context_scan_sentence_flags(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load("context.rules", context_rules);
	const char *s = "ISIS is a threat to the region.";
	struct claims cl;

	assert_int_equal(scan_sentence(rs, s, 0, &cl), CT_OK);
	assert_int_equal(cl.n, 0);
	assert_int_equal(scan_sentence(rs, s, CT_SCAN_IGNORE_CONTEXT, &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	assert_string_equal(cl.v[0].proposition->id, "c.kabul");
	assert_int_equal(scan_sentence(rs, "In Kabul ISIS is a threat to the region.", 0, &cl),
			 CT_OK);
	assert_int_equal(cl.n, 1);
	ct_ruleset_free(rs);
}

/* One matcher, many documents: the context of one does not leak into the next. */
static void test_context_reset_between_scans(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load("context.rules", context_rules);
	struct ct_matcher *m = NULL;
	struct claims cl = { 0 };
	const char *with = "Kabul is calm. ISIS is a threat to the region.";
	const char *without = "ISIS is a threat to the region.";

	assert_int_equal(ct_matcher_new(rs, print_diag, NULL, &m), CT_OK);
	assert_int_equal(ct_matcher_scan(m, with, strlen(with), collect_claim, &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	memset(&cl, 0, sizeof cl);
	assert_int_equal(ct_matcher_scan(m, without, strlen(without), collect_claim, &cl), CT_OK);
	assert_int_equal(cl.n, 0);
	assert_int_equal(ct_matcher_scan_sentence(m, without, strlen(without),
						  CT_SCAN_IGNORE_CONTEXT, collect_claim, &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	memset(&cl, 0, sizeof cl);
	assert_int_equal(ct_matcher_scan(m, without, strlen(without), collect_claim, &cl), CT_OK);
	assert_int_equal(cl.n, 0);
	ct_matcher_free(m);
	ct_ruleset_free(rs);
}

/* ======================================================================
 * Longest match
 * ==================================================================== */

static const char longest_rules[] =
	"proposition l.a\n"
	"  title T\n"
	"  rev 1\n"
	"  supports a threat\n"
	"  refutes is not a threat to (?:the )?region\n"
	"end\n"
	"proposition l.b\n"
	"  title U\n"
	"  rev 1\n"
	"  supports is a serious danger to the region\n"
	"  refutes serious danger\n"
	"end\n"
	"proposition l.tie\n"
	"  title V\n"
	"  rev 1\n"
	"  supports alpha beta\n"
	"  refutes gamma zeta\n"
	"end\n";

static void test_longest_match_wins(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load("longest.rules", longest_rules);
	const char *s = "ISIS is not a threat to the region.";
	struct ct_claim c = claim_for(rs, s, "l.a");

	/* "is not a threat to the region" beats "a threat"; its "not" is its own. */
	assert_int_equal(c.pattern->kind, CT_PAT_REFUTES);
	assert_ptr_equal(c.pattern, ct_proposition_pattern(rs, 0, 1));
	assert_int_equal(c.stance, CT_REFUTES);
	assert_false(c.negated);
	assert_span_is(s, c.match_start, c.match_end, "is not a threat to the region");

	c = claim_for(rs, "ISIS is a threat.", "l.a");
	assert_int_equal(c.pattern->kind, CT_PAT_SUPPORTS);
	assert_int_equal(c.stance, CT_SUPPORTS);

	/* The other way round: the supports pattern is longer. */
	c = claim_for(rs, "ISIS is a serious danger to the region.", "l.b");
	assert_int_equal(c.pattern->kind, CT_PAT_SUPPORTS);
	assert_int_equal(c.stance, CT_SUPPORTS);
	c = claim_for(rs, "It is a serious danger.", "l.b");
	assert_int_equal(c.stance, CT_REFUTES);
	ct_ruleset_free(rs);
}

/* Equal length: the earlier match wins, whatever the pattern order. */
static void test_equal_length_earlier_wins(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load("longest.rules", longest_rules);
	struct ct_claim c = claim_for(rs, "Gamma zeta came before alpha beta.", "l.tie");

	assert_int_equal(c.stance, CT_REFUTES);
	c = claim_for(rs, "Alpha beta came before gamma zeta.", "l.tie");
	assert_int_equal(c.stance, CT_SUPPORTS);
	ct_ruleset_free(rs);
}

/* ======================================================================
 * Offsets into the original text
 * ==================================================================== */

static void test_offsets_index_original(void **state)
{
	(void)state;
	const char *doc =
		"\xE2\x80\x9CISIS  is   a  threat to\xC2\xA0the region,\xE2\x80\x9D he said.  "
		"Then  he\tleft.";
	const char *want = "a  threat to\xC2\xA0the region";
	struct claims cl;
	const struct ct_claim *c;

	assert_int_equal(scan_doc(main_rs, doc, &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	c = &cl.v[0];
	assert_int_equal(c->match_start, offset_of(doc, want));
	assert_int_equal(c->match_end, offset_of(doc, want) + strlen(want));
	assert_span_is(doc, c->match_start, c->match_end, want);
	assert_int_equal(c->sentence_start, 0);
	assert_int_equal(c->sentence_end, offset_of(doc, "said.") + 5);
	assert_span_is(doc, c->sentence_start, c->sentence_end,
		       "\xE2\x80\x9CISIS  is   a  threat to\xC2\xA0the region,\xE2\x80\x9D he said.");
}

static void test_offsets_later_sentence(void **state)
{
	(void)state;
	const char *doc =
		"The day was  quiet.\n\n\xE2\x80\x9CISIS is \xE2\x80\x94 and remains \xE2\x80\x94 "
		"not a  threat to the region,\xE2\x80\x9D he said.";
	struct claims cl;
	const struct ct_claim *c;

	assert_int_equal(scan_doc(main_rs, doc, &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	c = &cl.v[0];
	assert_int_equal(c->stance, CT_REFUTES);
	assert_span_is(doc, c->match_start, c->match_end, "a  threat to the region");
	assert_span_is(doc, c->negation_cue.start, c->negation_cue.end, "not");
	assert_int_equal(c->sentence_start, offset_of(doc, "\xE2\x80\x9CISIS"));
	assert_int_equal(c->sentence_end, strlen(doc));
}

/* Invalid UTF-8 in a document is replaced for matching; offsets still fit. */
static void test_invalid_utf8_in_document(void **state)
{
	(void)state;
	const char *doc = "Bad \xFF\xFE bytes here. ISIS is\xC0 not a threat to the region \xFF.";
	struct claims cl;
	const struct ct_claim *c;

	assert_int_equal(scan_doc(main_rs, doc, &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	c = &cl.v[0];
	assert_int_equal(c->stance, CT_REFUTES);
	assert_span_is(doc, c->match_start, c->match_end, "a threat to the region");
	assert_span_is(doc, c->negation_cue.start, c->negation_cue.end, "not");
	assert_int_equal(c->sentence_start, offset_of(doc, "ISIS"));
	assert_int_equal(c->sentence_end, strlen(doc));
}

static void test_negation_cue_offsets_with_spaces(void **state)
{
	(void)state;
	const char *s = "Officials  said\tISIS  is \xC2\xA0not  a threat to the region.";
	struct ct_claim c = threat(s, CT_REFUTES, true);

	assert_int_equal(c.negation_cue.start, offset_of(s, "not"));
	assert_int_equal(c.negation_cue.end, offset_of(s, "not") + 3);
	assert_span_is(s, c.match_start, c.match_end, "a threat to the region");
}

/* ======================================================================
 * Order, abort
 * ==================================================================== */

static const char order_rules[] =
	"proposition o.alpha\n  title A\n  rev 1\n  supports alpha event\nend\n"
	"proposition o.beta\n  title B\n  rev 1\n  supports beta event\nend\n";

static void test_claims_in_text_order_across_sentences(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load("order.rules", order_rules);
	const char *doc = "The beta event came first. Then the alpha event happened. "
			  "Another beta event followed.";
	struct claims cl;

	assert_int_equal(scan_doc(rs, doc, &cl), CT_OK);
	assert_int_equal(cl.n, 3);
	assert_string_equal(cl.v[0].proposition->id, "o.beta");
	assert_string_equal(cl.v[1].proposition->id, "o.alpha");
	assert_string_equal(cl.v[2].proposition->id, "o.beta");
	for (size_t i = 1; i < cl.n; i++) {
		assert_true(cl.v[i - 1].match_start < cl.v[i].match_start);
		assert_true(cl.v[i - 1].sentence_end <= cl.v[i].sentence_start);
	}
	assert_span_is(doc, cl.v[2].match_start, cl.v[2].match_end, "beta event");
	ct_ruleset_free(rs);
}

/*
 * The header promises claims "in text order"; two claims in one sentence
 * come in the order of their matches too.
 */
static void test_claims_in_text_order_within_sentence(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load("order.rules", order_rules);
	const char *doc = "The beta event came before the alpha event.";
	struct claims cl;
	int rc = scan_doc(rs, doc, &cl);
	char first[32], second[32];

	/* Copied out so that the ruleset is freed before any assertion. */
	snprintf(first, sizeof first, "%s", cl.n > 0 ? cl.v[0].proposition->id : "");
	snprintf(second, sizeof second, "%s", cl.n > 1 ? cl.v[1].proposition->id : "");
	ct_ruleset_free(rs);
	assert_int_equal(rc, CT_OK);
	assert_int_equal(cl.n, 2);
	if (cl.v[0].match_start > cl.v[1].match_start)
		fail_msg("claims out of text order: %s at %zu before %s at %zu",
			 first, cl.v[0].match_start, second, cl.v[1].match_start);
	assert_string_equal(first, "o.beta");
	assert_string_equal(second, "o.alpha");
}

static void test_callback_abort(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load("order.rules", order_rules);
	const char *doc = "The beta event came first. Then the alpha event happened.";
	const char *one = "The alpha event and the beta event.";
	struct ct_matcher *m = NULL;
	struct claims cl = { .stop_after = 1 };

	assert_int_equal(ct_matcher_new(rs, print_diag, NULL, &m), CT_OK);
	assert_int_equal(ct_matcher_scan(m, doc, strlen(doc), collect_claim, &cl), CT_EABORT);
	assert_int_equal(cl.calls, 1);
	/* Two claims in one sentence: the second is not delivered either. */
	memset(&cl, 0, sizeof cl);
	cl.stop_after = 1;
	assert_int_equal(ct_matcher_scan_sentence(m, one, strlen(one), 0, collect_claim, &cl),
			 CT_EABORT);
	assert_int_equal(cl.calls, 1);
	/* The matcher still works after an abort. */
	memset(&cl, 0, sizeof cl);
	assert_int_equal(ct_matcher_scan(m, doc, strlen(doc), collect_claim, &cl), CT_OK);
	assert_int_equal(cl.calls, 2);
	ct_matcher_free(m);
	ct_ruleset_free(rs);
}

/* One matcher for many documents, as a worker uses it: a document gets
 * the claims a fresh matcher finds, whatever came before, even after a
 * document big enough that its scratch space is given back. */
static void test_matcher_reused_across_documents(void **state)
{
	static const char filler[] = "The council met on \xE2\x80\x9CTuesday\xE2\x80\x9D again.  ";
	static const char claim[] = "ISIS is not a threat to the region, \xFF he said.";
	size_t n_fill = (1200u << 10) / (sizeof filler - 1), big_len = 0;
	char *big = malloc(n_fill * (sizeof filler - 1) + sizeof claim);
	const char *small = "\xE2\x80\x9CISIS is a threat to the region,\xE2\x80\x9D she said.";
	struct ct_matcher *m = NULL;
	struct claims want_big, want_small, got;

	(void)state;
	assert_non_null(big);
	for (size_t i = 0; i < n_fill; i++) {
		memcpy(big + big_len, filler, sizeof filler - 1);
		big_len += sizeof filler - 1;
	}
	memcpy(big + big_len, claim, sizeof claim);
	big_len += sizeof claim - 1;
	assert_int_equal(scan_doc(main_rs, big, &want_big), CT_OK);
	assert_int_equal(scan_doc(main_rs, small, &want_small), CT_OK);
	assert_int_equal(want_big.n, 1);
	assert_int_equal(want_big.v[0].stance, CT_REFUTES);
	assert_int_equal(want_small.n, 1);
	assert_int_equal(want_small.v[0].stance, CT_SUPPORTS);

	assert_int_equal(ct_matcher_new(main_rs, print_diag, NULL, &m), CT_OK);
	const char *docs[] = { small, big, small, big, small };
	for (size_t d = 0; d < sizeof docs / sizeof *docs; d++) {
		const struct claims *want = docs[d] == big ? &want_big : &want_small;
		memset(&got, 0, sizeof got);
		assert_int_equal(ct_matcher_scan(m, docs[d], strlen(docs[d]), collect_claim, &got),
				 CT_OK);
		assert_int_equal(got.n, want->n);
		for (size_t i = 0; i < got.n; i++) {
			assert_int_equal(got.v[i].stance, want->v[i].stance);
			assert_int_equal(got.v[i].match_start, want->v[i].match_start);
			assert_int_equal(got.v[i].match_end, want->v[i].match_end);
			assert_int_equal(got.v[i].sentence_start, want->v[i].sentence_start);
			assert_int_equal(got.v[i].negation_cue.start, want->v[i].negation_cue.start);
		}
	}
	assert_int_equal(want_big.v[0].match_end, offset_of(big, "region") + strlen("region"));
	ct_matcher_free(m);
	free(big);
}

static void test_matcher_free_null(void **state)
{
	(void)state;
	ct_matcher_free(NULL);
}

/* ======================================================================
 * Threads: one ruleset, one matcher per thread
 * ==================================================================== */

struct worker {
	const struct ct_ruleset *rs;
	size_t claims;
	size_t negated;
	int rc;
};

static int count_claim(const struct ct_claim *c, void *user)
{
	struct worker *w = user;

	w->claims++;
	w->negated += c->negated;
	return 0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct ct_matcher *m = NULL;
	const char *doc = "ISIS is not a threat to the region. Foreign troops are present in "
			  "Afghanistan. There are no terrorists in Afghanistan.";

	w->rc = ct_matcher_new(w->rs, NULL, NULL, &m);
	for (int i = 0; i < 200 && w->rc == CT_OK; i++)
		w->rc = ct_matcher_scan(m, doc, strlen(doc), count_claim, w);
	ct_matcher_free(m);
	return NULL;
}

static void test_threads_share_ruleset(void **state)
{
	(void)state;
	pthread_t th[4];
	struct worker w[4];

	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ .rs = main_rs };
		assert_int_equal(pthread_create(&th[i], NULL, worker_main, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(w[i].rc, CT_OK);
		assert_int_equal(w[i].claims, 3 * 200);
		assert_int_equal(w[i].negated, 200);
	}
}

/* ======================================================================
 * A pattern that hits the match limit
 * ==================================================================== */

struct diag_log {
	size_t n;
	enum ct_severity sev;
	char file[256];
	int line;
	char msg[512];
};

static void log_diag(const struct ct_diag *d, void *user)
{
	struct diag_log *l = user;

	if (l->n++ == 0) {
		l->sev = d->severity;
		snprintf(l->file, sizeof l->file, "%s", d->file ? d->file : "");
		l->line = d->line;
		snprintf(l->msg, sizeof l->msg, "%s", d->message);
	}
}

static void test_hostile_pattern(void **state)
{
	(void)state;
	static const char rules[] =
		"proposition h.hostile\n"
		"  title Catastrophic backtracking\n"
		"  rev 1\n"
		"  supports (a+)+$\n"
		"end\n"
		"proposition h.normal\n"
		"  title Normal\n"
		"  rev 1\n"
		"  supports a threat to (?:the )?region\n"
		"end\n";
	const size_t run_len = 30000;
	const char *tail = "b. ISIS is a threat to the region.";
	struct ct_ruleset *rs = load("hostile.rules", rules);
	struct ct_matcher *m = NULL;
	struct diag_log log = { 0 };
	struct claims cl = { 0 };
	char *doc = malloc(run_len + strlen(tail) + 1);

	assert_non_null(doc);
	memset(doc, 'a', run_len);
	strcpy(doc + run_len, tail);

	assert_int_equal(ct_matcher_new(rs, log_diag, &log, &m), CT_OK);
	assert_int_equal(ct_matcher_scan(m, doc, strlen(doc), collect_claim, &cl), CT_OK);
	/* No claim from the hostile pattern; the normal one still matches. */
	assert_null(find_claim(&cl, "h.hostile"));
	assert_int_equal(cl.n, 1);
	assert_string_equal(cl.v[0].proposition->id, "h.normal");
	assert_span_is(doc, cl.v[0].match_start, cl.v[0].match_end, "a threat to the region");
	assert_int_equal(cl.v[0].sentence_start, run_len + 3);
	/* A warning naming the rule's file and line. */
	assert_true(log.n >= 1);
	assert_int_equal(log.sev, CT_DIAG_WARNING);
	assert_string_equal(log.file, "hostile.rules");
	assert_int_equal(log.line, 4);
	assert_non_null(strstr(log.msg, "gave up"));

	/* Scanned as one sentence: same outcome, still returns. */
	memset(&cl, 0, sizeof cl);
	log.n = 0;
	doc[run_len + 1] = '\0';
	assert_int_equal(ct_matcher_scan_sentence(m, doc, run_len + 1, 0, collect_claim, &cl),
			 CT_OK);
	assert_int_equal(cl.n, 0);
	assert_true(log.n >= 1);
	assert_int_equal(log.line, 4);

	/* With no diag callback the warning is dropped, the scan still works. */
	ct_matcher_free(m);
	m = NULL;
	assert_int_equal(ct_matcher_new(rs, NULL, NULL, &m), CT_OK);
	memset(&cl, 0, sizeof cl);
	assert_int_equal(ct_matcher_scan_sentence(m, doc, run_len + 1, 0, collect_claim, &cl),
			 CT_OK);
	assert_int_equal(cl.n, 0);
	ct_matcher_free(m);
	ct_ruleset_free(rs);
	free(doc);
}

/* ---- sentences matched in the whole text's normalization ---- */

struct many_claims {
	size_t n;
	struct ct_claim v[256];
};

static int collect_many(const struct ct_claim *c, void *user)
{
	struct many_claims *cl = user;

	assert_true(cl->n < 256);
	cl->v[cl->n++] = *c;
	return 0;
}

/* Sentences taken from the whole text's normalization give the claims,
 * offsets and cues that normalizing each alone gives: each found where it
 * is, over a document of sentences of every length, some with spaces and
 * curly quotes that the whole text changes. */
static void test_spans_in_whole_text(void **state)
{
	static const char *const pieces[] = {
		"Officials said ISIS is a threat to the region. ",
		"There are no terrorists in Afghanistan, he said. ",
		"\xE2\x80\x9CTroops are still present in Afghanistan,\xE2\x80\x9D she said. ",
		"Nothing to see. ",
		"It  is  not  a threat to the wider region. ",
		"Some say terrorists are active in Afghanistan.\n\n",
		"Ok. ",
	};
	char text[8192];
	size_t len = 0, n = 0;
	uint32_t seed = 20261207;
	struct ct_span *sent = NULL;
	struct ct_norm_buf norm = { 0 };
	struct ct_matcher *m = NULL;
	struct many_claims *with = calloc(1, sizeof *with), *alone = calloc(1, sizeof *alone);
	(void)state;

	assert_non_null(with);
	assert_non_null(alone);
	while (len < sizeof text - 200) {
		seed = seed * 1103515245u + 12345u;
		const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
		memcpy(text + len, p, strlen(p));
		len += strlen(p);
	}
	assert_int_equal(ct_segment_sentences(text, len, &sent, &n), CT_OK);
	assert_true(n > 100);
	assert_int_equal(ct_normalize_into(text, len, &norm), CT_OK);
	struct ct_norm_view whole = { norm.text, norm.map, norm.len };
	assert_int_equal(ct_matcher_new(main_rs, print_diag, NULL, &m), CT_OK);
	assert_int_equal(ct_matcher_scan_spans(m, text, len, sent, n, &whole, collect_many, with),
			 CT_OK);
	assert_int_equal(ct_matcher_scan_spans(m, text, len, sent, n, NULL, collect_many, alone),
			 CT_OK);
	assert_true(with->n > 50);
	assert_int_equal(with->n, alone->n);
	for (size_t i = 0; i < with->n; i++) {
		const struct ct_claim *a = &with->v[i], *b = &alone->v[i];
		if (a->proposition != b->proposition || a->stance != b->stance ||
		    a->negated != b->negated || a->reported != b->reported ||
		    a->sentence_start != b->sentence_start || a->sentence_end != b->sentence_end ||
		    a->match_start != b->match_start || a->match_end != b->match_end ||
		    (a->negated && (a->negation_cue.start != b->negation_cue.start ||
				    a->negation_cue.end != b->negation_cue.end)) ||
		    (a->reported && (a->speech_cue.start != b->speech_cue.start ||
				     a->speech_cue.end != b->speech_cue.end)))
			fail_msg("claim %zu: match [%zu, %zu) in the whole text, [%zu, %zu) alone", i,
				 a->match_start, a->match_end, b->match_start, b->match_end);
	}
	ct_matcher_free(m);
	ct_norm_buf_release(&norm);
	free(sent);
	free(with);
	free(alone);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_supports),
		cmocka_unit_test(test_no_match_no_claim),
		cmocka_unit_test(test_caseless_match),
		cmocka_unit_test(test_implicit_word_boundaries),
		cmocka_unit_test(test_matches_through_normalization),
		cmocka_unit_test(test_one_claim_per_proposition_and_sentence),
		cmocka_unit_test(test_two_propositions_one_sentence),
		cmocka_unit_test(test_refutes_not_negated_by_own_no),
		cmocka_unit_test(test_negated_refutes_becomes_supports),
		cmocka_unit_test(test_negation_flips),
		cmocka_unit_test(test_negation_nt),
		cmocka_unit_test(test_negation_other_cues),
		cmocka_unit_test(test_negation_inside_match_ignored),
		cmocka_unit_test(test_pseudo_negation),
		cmocka_unit_test(test_pseudo_then_real_negation),
		cmocka_unit_test(test_termination),
		cmocka_unit_test(test_termination_before_cue),
		cmocka_unit_test(test_negation_scope_limit),
		cmocka_unit_test(test_post_negation),
		cmocka_unit_test(test_post_negation_before_match),
		cmocka_unit_test(test_denial),
		cmocka_unit_test(test_denial_and_negation_flip_twice),
		cmocka_unit_test(test_denial_scope),
		cmocka_unit_test(test_format_guide_examples),
		cmocka_unit_test(test_hedge_allegedly),
		cmocka_unit_test(test_hedge_may_but_not_month),
		cmocka_unit_test(test_hedge_question),
		cmocka_unit_test(test_hedge_keeps_negation),
		cmocka_unit_test(test_withheld_statement_is_hedged),
		cmocka_unit_test(test_hedge_stays_in_clause),
		cmocka_unit_test(test_newsroom_stance),
		cmocka_unit_test(test_reported_speech),
		cmocka_unit_test(test_except_suppresses),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_context_scan_sentence_flags),
		cmocka_unit_test(test_context_reset_between_scans),
		cmocka_unit_test(test_longest_match_wins),
		cmocka_unit_test(test_equal_length_earlier_wins),
		cmocka_unit_test(test_offsets_index_original),
		cmocka_unit_test(test_offsets_later_sentence),
		cmocka_unit_test(test_invalid_utf8_in_document),
		cmocka_unit_test(test_negation_cue_offsets_with_spaces),
		cmocka_unit_test(test_claims_in_text_order_across_sentences),
		cmocka_unit_test(test_claims_in_text_order_within_sentence),
		cmocka_unit_test(test_callback_abort),
		cmocka_unit_test(test_matcher_reused_across_documents),
		cmocka_unit_test(test_matcher_free_null),
		cmocka_unit_test(test_threads_share_ruleset),
		cmocka_unit_test(test_hostile_pattern),
		cmocka_unit_test(test_spans_in_whole_text),
	};

	return cmocka_run_group_tests(tests, setup_main, teardown_main);
}
