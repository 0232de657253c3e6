/*
 * Unit tests for prefilter.c: which atoms a pattern gets (literals,
 * alternation, optional groups, expanded defines, escapes, classes, and the
 * patterns that must stay unfiltered), and that matching gives the same
 * claims with the prefilter on and off.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claimtrack.h"
#include "rules/rules_internal.h"
#include "text/text_internal.h"
#include "match/match_internal.h"
#include "attrib/attrib_internal.h"

/* ---- atoms ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The atoms of a pattern, sorted and joined with '|'; "" when unfiltered. */
static void atoms_of(const char *src, char *out, size_t cap)
{
	struct ct_atoms a = { 0 };
	size_t n = 0;

	assert_int_equal(ct_prefilter_atoms(src, strlen(src), &a), CT_OK);
	if (a.n > 0)
		qsort(a.v, a.n, sizeof *a.v, cmp_str);
	out[0] = '\0';
	for (size_t i = 0; i < a.n; i++)
		n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s%s", i ? "|" : "", a.v[i]);
	ct_atoms_release(&a);
}

static void check_atoms(const char *src, const char *want)
{
	char got[1024];

	atoms_of(src, got, sizeof got);
	if (strcmp(got, want) != 0)
		fail_msg("atoms of \"%s\": got \"%s\", expected \"%s\"", src, got, want);
}

static void test_atoms_literal(void **state)
{
	(void)state;
	check_atoms("threat to the region", "threat to the region");
	check_atoms("\\b(?:Taliban rule)\\b", "taliban rule");
	/* Cut to 24 bytes: a prefix of a required literal is required too. */
	check_atoms("the Islamic Emirate of Afghanistan", "the islamic emirate of a");
	check_atoms("[Tt]aliban", "aliban");
	check_atoms("\\bterror\\w*\\b", "terror");
	check_atoms("ab+cdef", "cdef");
	check_atoms("abc+", "abc");
}

static void test_atoms_alternation(void **state)
{
	(void)state;
	check_atoms("foo|barbaz", "barbaz|foo");
	check_atoms("\\b(?:Kabul|Kandahar)\\b", "kabul|kandahar");
	/* The longer single literal beats a two-atom group. */
	check_atoms("(?:Kabul|Kandahar) airport", " airport");
	check_atoms("(?:Kabul|Kandahar|Herat) (?:is|was)", "herat|kabul|kandahar");
	check_atoms("x (?:a|b(?:cde|fgh))", "");
	check_atoms("(?:abcd|e(?:fgh|ijk))", "abcd|fgh|ijk");
	/* A branch without an atom leaves the whole pattern unfiltered. */
	check_atoms("ab|cdef", "");
	check_atoms("(?:Kabul|x)", "");
	check_atoms("(?:Kabul|)", "");
}

static void test_atoms_optional(void **state)
{
	(void)state;
	check_atoms("colou?r scheme", "r scheme");
	check_atoms("(?:very )?large army", "large army");
	check_atoms("a threat to (?:not only [\\w ]+ but )?(?:the )?region", "a threat to ");
	check_atoms("(?:not only [\\w ]+ but )?taliban", "taliban");
	check_atoms("(?:Kabul|Kandahar)? airport", " airport");
	check_atoms("(?:foo bar)* baz", " baz");
	check_atoms("(?:foo bar){0,2}xy", "");
	check_atoms("(?:foo bar){1,2}xy", "foo bar");
	check_atoms("abcd{0,3}", "abc");
	check_atoms("(?:abcdef)+", "abcdef");
}

static void test_atoms_escapes(void **state)
{
	(void)state;
	check_atoms("U\\.S\\. troops", "u.s. troops");
	check_atoms("al\\-Qaeda", "al-qaeda");
	check_atoms("\\bISIS\\b\\s+fighters", "fighters");
	check_atoms("\\p{Lu}\\p{Ll}+ said", " said");
	check_atoms("\\d+ fighters", " fighters");
	check_atoms("a.b.c", "");
	check_atoms("[a-z|]+ abc", " abc");
	check_atoms("[]|] abc", " abc");
	check_atoms("[[:alpha:]|] abc", " abc");
}

static void test_atoms_groups(void **state)
{
	(void)state;
	/* Case options narrow a match; a lowercase atom still finds it. */
	check_atoms("(?-i:US) troops in", " troops in");
	check_atoms("(?-i:USA)", "usa");
	check_atoms("(?<name>kabul) is", "kabul");
	check_atoms("(?!\\b(?:not|no)\\b)[\\w ]+ regime", " regime");
	check_atoms("(?=foo)bar", "bar");
	check_atoms("(?#comment)kabul", "kabul");
	/* Non-ASCII ends a literal run: its case folding is PCRE2's. */
	check_atoms("\xc3\xa9lite forces", "lite forces");
	check_atoms("caf\xc3\xa9 owner", " owner");
	/* A define, as the compiler expands it. */
	check_atoms("\\b(?:(?:\\b(?:Afghanistan|Afghan (?:soil|territory))\\b) is safe)\\b",
		    " is safe");
	check_atoms("\\b(?:(?:\\b(?:Afghanistan|Afghan (?:soil|territory))\\b))\\b",
		    "afghan |afghanistan");
}

static void test_atoms_unfiltered(void **state)
{
	(void)state;
	check_atoms("(?x) foo bar", "");
	check_atoms("(?x:foo bar)", "");
	check_atoms("\\x41bcdef", "");
	check_atoms("\\Qabc\\E", "");
	check_atoms("(abc)\\1def", "");
	check_atoms("(?(1)abc|def)", "");
	check_atoms("(*UTF)abc", "");
	check_atoms("(?R)abc", "");
	check_atoms("abc{x}", "");
	check_atoms("abc)", "");
	check_atoms("(abc", "");
	check_atoms("ab", "");
	check_atoms("\\w+", "");
	check_atoms("(?:a|b|c)+ d", "");
}

/* ---- same claims with and without the prefilter ---- */

static void print_diag(const struct ct_diag *d, void *user)
{
	(void)user;
	print_message("  diag: %s:%d:%d: %s\n", d->file ? d->file : "", d->line, d->col,
		      d->message);
}

static const char rules[] =
	"define ISIS \\b(?:ISIS(?:-K(?:horasan|P)?)?|ISIL|IS-KP?|Daesh|Islamic State)\\b\n"
	"define GROUP \\b(?:{ISIS}|al[- ]Qa'?[ei]da|Haqqani network|TTP|"
	"(?:(?:international|foreign) )?(?:terrorist|jihadist) (?:groups?|organi[sz]ations?)|"
	"terrorists?)\\b\n"
	"define AF \\b(?:Afghanistan|Afghan (?:soil|territory))\\b\n"
	"define IN_AF \\b(?:in|inside|across) (?:(?:eastern|northern|parts of) )?{AF}\n"
	"define GAP (?:(?!\\b(?:not|no|never)\\b|n't\\b)[\\w ,'()-])\n"
	"\n"
	"proposition t.presence\n"
	"  title Terrorist groups are active in Afghanistan\n"
	"  rev 1\n"
	"  context \\b(?:Afghan(?:istan|s)?|Kabul|Taliban)\\b\n"
	"  supports {GROUP} (?:are|is|remains?) (?:(?:still|reportedly) )?(?:present|active|operating) {IN_AF}\n"
	"  supports \\bthere (?:are|is) (?:(?:still|many|some|\\d+) )*{GROUP} {IN_AF}\n"
	"  refutes  \\bthere (?:are|is) no {GROUP} {IN_AF}\n"
	"  refutes  {AF} is (?:now )?(?:free of|clear of) (?:all )?{GROUP}\n"
	"  except   \\bin (?:a |the )?(?:film|novel|video game)\\b\n"
	"end\n"
	"\n"
	"proposition t.threat\n"
	"  title Terrorism in Afghanistan threatens the region\n"
	"  rev 1\n"
	"  supports (?:a |an )?(?:serious |growing )?threat to (?:not only [\\w ]+ but )?(?:the )?(?:entire |wider )?region\n"
	"  supports {GROUP}{GAP}{0,40} (?:threatens?|endangers?) (?:the )?(?:region|neighbou?rs)\n"
	"  refutes  (?:poses|is) no threat to (?:the )?(?:region|neighbou?rs)\n"
	"end\n"
	"\n"
	"proposition t.troops\n"
	"  title US troops remain in Afghanistan\n"
	"  rev 1\n"
	"  supports (?-i:US) (?:troops|soldiers|forces) (?:are|remain) (?:still )?{IN_AF}\n"
	"  supports \\bkabul airport is (?:still )?guarded by (?:american|us) troops\n"
	"  refutes  \\ball (?:US |American )?(?:troops|soldiers) (?:have )?left {AF}\n"
	"end\n"
	"\n"
	"proposition t.words\n"
	"  title Patterns the prefilter cannot help with\n"
	"  rev 1\n"
	"  supports \\b\\w+ly hidden\\b\n"
	"  supports \\b[A-Z]\\w+ (?:is|was) ok\\b\n"
	"  refutes  \\b(?:no|never) \\w+\\b\n"
	"end\n";

static const char *subjects[] = {
	"ISIS", "ISIS-K", "Islamic State", "Al-Qaeda", "al Qaida", "the Haqqani network",
	"Terrorists", "foreign terrorist organisations", "Daesh", "The Taliban",
	"\xe2\x84\xaa" "abul airport", "US", "us", "American soldiers", "Nobody",
};
static const char *middles[] = {
	" are active in ", " is still present across northern ", " remains operating inside ",
	" are not active in ", " poses no threat to the ", " threatens the ",
	" is a growing threat to not only Pakistan but the entire ", " troops remain in ",
	" forces are still in ", " denied reports that fighters are active in ",
	" allegedly operate in ", " is free of all ", "'s fighters, quietly, threaten ",
	" is still guarded by American troops near ", " never ",
};
static const char *tails[] = {
	"Afghanistan.", "Afghan soil?", "region.", "neighbours.", "terrorists.",
	"Afghanistan, in a film about the war.", "parts of Afghanistan", "Kabul.",
	"the region, officials said.", "AFGHANISTAN!", "neighbors", "Afghan territory.",
};

static const char *fixed[] = {
	"There are no terrorists in Afghanistan,\" claimed the ministry's spokesman.",
	"It is not true that there are no terrorists in Afghanistan.",
	"There are still 2000 ISIS fighters in Afghanistan.",
	"There are many terrorists in eastern Afghanistan.",
	"Afghanistan is now free of all terrorist groups.",
	"Afghanistan is clear of Daesh, the spokesman said.",
	"All US troops have left Afghanistan.",
	"All American soldiers left Afghanistan in August.",
	"Kabul airport is still guarded by US troops.",
	"KABUL AIRPORT IS GUARDED BY AMERICAN TROOPS.",
	"He was seemingly hidden from view.",
	"Kabul was ok yesterday.",
	"There were never any talks.",
	"ISIS poses no threat to the region, the Taliban said.",
	"The resurgence of ISIS is a serious threat to the wider region.",
	"A threat to the region? Perhaps.",
	"Nothing here matches at all.",
	"",
	"\xc3\x89lite terrorist groups are active in Afghanistan.",
	/* The cues' prefilter: stance, hedge and framing cues found alike. */
	"Experts have debunked the claim that terrorists are active in Afghanistan.",
	"Kane falsely claimed that ISIS is active in Afghanistan, without evidence.",
	"Nobody doubts that terrorist groups are active in Afghanistan.",
	"ISIS is active in Afghanistan, but he could not say how many; it may grow.",
	"The idea that US troops remain in Afghanistan is a myth.",
	"Officials said ISIS is allegedly active in Afghanistan.",
};

struct claimlist {
	struct ct_claim *v;
	size_t n, cap;
};

static int add_claim(const struct ct_claim *c, void *user)
{
	struct claimlist *cl = user;

	if (cl->n == cl->cap) {
		cl->cap = cl->cap ? cl->cap * 2 : 64;
		cl->v = realloc(cl->v, cl->cap * sizeof *cl->v);
		assert_non_null(cl->v);
	}
	cl->v[cl->n++] = *c;
	return 0;
}

static void assert_same_claims(const struct claimlist *a, const struct claimlist *b,
			       const char *text)
{
	if (a->n != b->n)
		fail_msg("%zu claims with the prefilter, %zu without, for \"%s\"", a->n, b->n, text);
	for (size_t i = 0; i < a->n; i++) {
		const struct ct_claim *x = &a->v[i], *y = &b->v[i];
		assert_string_equal(x->proposition->id, y->proposition->id);
		assert_int_equal(x->pattern->line, y->pattern->line);
		assert_int_equal(x->stance, y->stance);
		assert_int_equal(x->match_start, y->match_start);
		assert_int_equal(x->match_end, y->match_end);
		assert_int_equal(x->sentence_start, y->sentence_start);
		assert_int_equal(x->negated, y->negated);
		assert_int_equal(x->denied, y->denied);
		assert_int_equal(x->hedged, y->hedged);
		assert_int_equal(x->framed, y->framed);
		assert_int_equal(x->reported, y->reported);
		assert_int_equal(x->negation_cue.start, y->negation_cue.start);
		assert_int_equal(x->denial_cue.start, y->denial_cue.start);
		assert_int_equal(x->hedge_cue.start, y->hedge_cue.start);
		assert_int_equal(x->framing_cue.start, y->framing_cue.start);
	}
}

static void test_same_claims(void **state)
{
	struct ct_rules_options on = { .on_diag = print_diag };
	struct ct_rules_options off = { .on_diag = print_diag, .no_prefilter = true };
	struct ct_ruleset *rs_on = NULL, *rs_off = NULL;
	struct ct_matcher *m_on = NULL, *m_off = NULL;
	struct claimlist a = { 0 }, b = { 0 };
	char *doc = NULL;
	size_t doc_len = 0, doc_cap = 0, n_sentences = 0, n_claims = 0, n_filtered = 0;
	(void)state;

	assert_int_equal(ct_rules_load_string("t.rules", rules, strlen(rules), &on, &rs_on), CT_OK);
	assert_int_equal(ct_rules_load_string("t.rules", rules, strlen(rules), &off, &rs_off),
			 CT_OK);
	/* The prefilter is there, and it does not cover every pattern. */
	assert_non_null(rs_on->pf);
	assert_null(rs_off->pf);
	for (size_t i = 0; i < rs_on->n_props; i++)
		for (size_t j = 0; j < rs_on->props[i].n_pats; j++)
			n_filtered += rs_on->props[i].pats[j].pf_filtered;
	assert_true(n_filtered >= 10);
	assert_true(n_filtered < rs_on->n_pf_ids);
	/* So is the cues' one; a cue of two letters ("no") has no atom and
	 * runs on every sentence. */
	assert_non_null(rs_on->cue_pf);
	assert_null(rs_off->cue_pf);
	size_t n_cues = 0;
	n_filtered = 0;
	for (size_t i = 0; i < rs_on->n_cues; i++) {
		n_cues += rs_on->cues[i].code != NULL;
		n_filtered += rs_on->cues[i].code &&
			      !(rs_on->cue_always[i / 64] >> (i % 64) & 1);
	}
	assert_true(n_filtered >= 20);
	assert_true(n_filtered < n_cues);

	assert_int_equal(ct_matcher_new(rs_on, print_diag, NULL, &m_on), CT_OK);
	assert_int_equal(ct_matcher_new(rs_off, print_diag, NULL, &m_off), CT_OK);
	for (size_t k = 0; k < 3000; k++) {
		char text[512];
		const char *s = subjects[k % (sizeof subjects / sizeof *subjects)];
		const char *mid = middles[(k / 3) % (sizeof middles / sizeof *middles)];
		const char *t = tails[(k / 7) % (sizeof tails / sizeof *tails)];
		if (k < sizeof fixed / sizeof *fixed)
			snprintf(text, sizeof text, "%s", fixed[k]);
		else
			snprintf(text, sizeof text, "%s%s%s", s, mid, t);
		for (unsigned flags = 0; flags <= CT_SCAN_IGNORE_CONTEXT;
		     flags += CT_SCAN_IGNORE_CONTEXT) {
			a.n = b.n = 0;
			assert_int_equal(ct_matcher_scan_sentence(m_on, text, strlen(text), flags,
								  add_claim, &a), CT_OK);
			assert_int_equal(ct_matcher_scan_sentence(m_off, text, strlen(text), flags,
								  add_claim, &b), CT_OK);
			assert_same_claims(&a, &b, text);
			n_claims += a.n;
		}
		n_sentences++;
		/* Every fifth sentence also goes into one long document. */
		if (k % 5 == 0) {
			size_t len = strlen(text);
			if (doc_len + len + 2 > doc_cap) {
				doc_cap = (doc_len + len + 2) * 2;
				doc = realloc(doc, doc_cap);
				assert_non_null(doc);
			}
			memcpy(doc + doc_len, text, len);
			doc_len += len;
			doc[doc_len++] = ' ';
			doc[doc_len] = '\0';
		}
	}
	a.n = b.n = 0;
	assert_int_equal(ct_matcher_scan(m_on, doc, doc_len, add_claim, &a), CT_OK);
	assert_int_equal(ct_matcher_scan(m_off, doc, doc_len, add_claim, &b), CT_OK);
	assert_same_claims(&a, &b, "the long document");
	print_message("  %zu sentences, %zu claims each way; %zu in the long document\n",
		      n_sentences, n_claims, a.n);
	/* The test would be empty if nothing matched. */
	assert_true(n_claims > 500);
	assert_true(a.n > 100);

	free(doc);
	free(a.v);
	free(b.v);
	ct_matcher_free(m_on);
	ct_matcher_free(m_off);
	ct_ruleset_free(rs_on);
	ct_ruleset_free(rs_off);
}

/* The KELVIN SIGN folds to 'k' in PCRE2; the prefilter must not miss it. */
static void test_kelvin_sign(void **state)
{
	static const char text[] = "\xe2\x84\xaa" "abul airport is guarded by US troops.";
	struct ct_rules_options on = { .on_diag = print_diag };
	struct ct_ruleset *rs = NULL;
	struct ct_matcher *m = NULL;
	struct claimlist cl = { 0 };
	(void)state;

	assert_int_equal(ct_rules_load_string("t.rules", rules, strlen(rules), &on, &rs), CT_OK);
	assert_int_equal(ct_matcher_new(rs, print_diag, NULL, &m), CT_OK);
	assert_int_equal(ct_matcher_scan_sentence(m, text, strlen(text), CT_SCAN_IGNORE_CONTEXT,
						  add_claim, &cl), CT_OK);
	assert_int_equal(cl.n, 1);
	assert_string_equal(cl.v[0].proposition->id, "t.troops");
	free(cl.v);
	ct_matcher_free(m);
	ct_ruleset_free(rs);
}

/* The two folds at the very end of a text, whole and cut short, and the
 * words of the candidate set the scan reports marking. */
static void test_scan_folds_at_the_end(void **state)
{
	static const char *const atoms[] = { "ok", "os", "zz" };
	static const uint32_t ids[] = { 0, 1, 130 };
	static const struct {
		const char *text;
		uint64_t bits0, bits2, words;
	} cases[] = {
		{ "o\xe2\x84\xaa", 1, 0, 1 },
		{ "o\xe2\x84", 0, 0, 0 },
		{ "o\xe2", 0, 0, 0 },
		{ "o\xc5\xbf", 2, 0, 1 },
		{ "o\xc5", 0, 0, 0 },
		{ "O\xe2\x84\xaa" "O\xc5\xbf", 3, 0, 1 },
		{ "a zz", 0, 4, 4 },
		{ "zz ok", 1, 4, 5 },
	};
	struct ct_prefilter *pf;
	(void)state;

	assert_int_equal(ct_prefilter_new(&pf), CT_OK);
	for (size_t i = 0; i < 3; i++) {
		char *v[1] = { (char *)atoms[i] };
		struct ct_atoms a = { v, 1, 1 };
		assert_int_equal(ct_prefilter_add(pf, ids[i], &a), CT_OK);
	}
	assert_int_equal(ct_prefilter_compile(pf), CT_OK);
	/* After 0 to 8 spaces: at each place in the scan's four-byte turns. */
	for (size_t i = 0; i < 9 * sizeof cases / sizeof *cases; i++) {
		uint64_t bits[3] = { 0 }, words = 0;
		char text[32];
		size_t c = i / 9;
		int len = snprintf(text, sizeof text, "%*s%s", (int)(i % 9), "", cases[c].text);
		ct_prefilter_scan(pf, text, (size_t)len, bits, &words);
		if (bits[0] != cases[c].bits0 || bits[1] != 0 || bits[2] != cases[c].bits2 ||
		    words != cases[c].words)
			fail_msg("case %zu after %zu spaces: bits %llx %llx %llx, words %llx", c, i % 9,
				 (unsigned long long)bits[0], (unsigned long long)bits[1],
				 (unsigned long long)bits[2], (unsigned long long)words);
	}
	ct_prefilter_free(pf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_atoms_literal),
		cmocka_unit_test(test_atoms_alternation),
		cmocka_unit_test(test_atoms_optional),
		cmocka_unit_test(test_atoms_escapes),
		cmocka_unit_test(test_atoms_groups),
		cmocka_unit_test(test_atoms_unfiltered),
		cmocka_unit_test(test_same_claims),
		cmocka_unit_test(test_kelvin_sign),
		cmocka_unit_test(test_scan_folds_at_the_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
