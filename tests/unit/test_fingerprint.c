/* Unit tests for fingerprint.c: signatures of bodies, their similarity and band keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claimtrack.h"

/* A story of our own, paragraph by paragraph. */
static const char *STORY[] = {
	"The Valmora river bridge will stay closed to lorries until the spring, the regional "
	"transport office said on Thursday, after engineers found cracks in two of its steel "
	"supports during a routine inspection.",
	"Cars and buses may still cross at walking pace, but vehicles heavier than twelve tonnes "
	"must take the northern ring road, adding about forty minutes to the journey between the "
	"port and the grain terminals.",
	"\"We will not take risks with a structure that carries eight thousand vehicles a day,\" "
	"said Irma Kostelec, who heads the office's bridges department. She said repairs would "
	"begin in February and cost about three million euros.",
	"Hauliers reacted angrily. The regional carriers' association said its members had not "
	"been warned and that the detour would cost them thousands in fuel every week.",
	"The bridge, opened in 1974, was last strengthened eleven years ago. A report published "
	"by the office in June had rated its condition as fair, with no urgent work needed.",
	"Opposition councillors called for an inquiry into why the cracks were not found sooner, "
	"and asked the office to publish the inspection records in full.",
	"The office said the records would be released once the engineers had finished their "
	"assessment, probably by the end of the month.",
};
#define N_STORY (sizeof STORY / sizeof *STORY)

/* Another story on the same topic: the same bridge, other words. */
static const char OTHER[] =
	"Traffic on the Valmora river bridge returned to normal on Monday after the regional "
	"transport office lifted the limit on lorries that had been in force since the winter.\n\n"
	"Repair crews replaced two steel supports and resurfaced the deck over eleven weeks, "
	"finishing ahead of schedule and under the budget of three million euros, the office said.\n\n"
	"Irma Kostelec, head of the bridges department, thanked drivers for their patience and "
	"said a new monitoring system would measure the strain on the structure every hour.\n\n"
	"The carriers' association welcomed the reopening but said it would still seek "
	"compensation for the fuel its members burned on the northern ring road.\n\n"
	"Councillors are expected to debate the inquiry into the inspection records next month.";

/* The story's paragraphs joined by blank lines, with `lead` (or the
 * first paragraph) first, `before` and `after` around them, the last
 * `cut` paragraphs left out. Caller frees. */
static char *story(const char *lead, const char *before, const char *after, size_t cut)
{
	size_t cap = 8192, n = 0;
	char *out = malloc(cap);

	assert_non_null(out);
	n += (size_t)snprintf(out + n, cap - n, "%s", before ? before : "");
	for (size_t i = 0; i + cut < N_STORY; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? "\n\n" : "",
				      i == 0 && lead ? lead : STORY[i]);
	snprintf(out + n, cap - n, "%s", after ? after : "");
	return out;
}

static void fingerprint(const char *text, struct ct_fingerprint *fp)
{
	ct_fingerprint_compute(text, strlen(text), fp);
}

static bool share_band(const struct ct_fingerprint *a, const struct ct_fingerprint *b)
{
	int64_t ka[CT_FP_BANDS], kb[CT_FP_BANDS];

	ct_fingerprint_bands(a, ka);
	ct_fingerprint_bands(b, kb);
	for (size_t i = 0; i < CT_FP_BANDS; i++)
		if (ka[i] != 0 && ka[i] == kb[i])
			return true;
	return false;
}

/* A copy: found by its band keys and at or above the default threshold. */
static double assert_copy(const char *a, const char *b)
{
	struct ct_fingerprint fa, fb;

	fingerprint(a, &fa);
	fingerprint(b, &fb);
	double s = ct_fingerprint_similarity(&fa, &fb);
	assert_true(s >= CT_FP_THRESHOLD);
	assert_true(share_band(&fa, &fb));
	return s;
}

/* The same text gives the same signature, every time and on every
 * platform: stored signatures and band keys are compared with new ones,
 * so these values must not change (a change needs a migration that
 * computes them again). */
static void test_signature_is_stable(void **state)
{
	(void)state;
	char *text = story(NULL, NULL, NULL, 0);
	struct ct_fingerprint a, b;
	int64_t keys[CT_FP_BANDS];

	fingerprint(text, &a);
	fingerprint(text, &b);
	assert_memory_equal(&a, &b, sizeof a);
	assert_true(ct_fingerprint_similarity(&a, &b) == 1.0);
	ct_fingerprint_bands(&a, keys);
	for (size_t i = 0; i < CT_FP_BANDS; i++)
		assert_true(keys[i] != 0);
	/* Pinned: the values this text has always had. */
	assert_int_equal(a.n_shingles, 203);
	assert_int_equal(a.min[0], 0xfb471964u);
	assert_int_equal(keys[0], INT64_C(-7530061064966000113));
	free(text);
}

/* Spacing, punctuation, curly quotes, dashes and ASCII case are not words. */
static void test_spacing_case_and_punctuation_do_not_count(void **state)
{
	(void)state;
	struct ct_fingerprint a, b;

	fingerprint("KABUL (Reuters) - The \"council\" met on Tuesday, officials said.", &a);
	fingerprint("Kabul \xe2\x80\x94 (REUTERS)\n\nthe \xe2\x80\x9c" "council\xe2\x80\x9d  met on "
		    "tuesday; officials said", &b);
	assert_true(ct_fingerprint_similarity(&a, &b) == 1.0);
}

static void test_a_few_edits_stay_one_story(void **state)
{
	(void)state;
	char *text = story(NULL, NULL, NULL, 0);
	char *edited = strdup(text);

	assert_non_null(edited);
	/* Three words changed, far apart. */
	memcpy(strstr(edited, "Thursday"), "Tuesday ", 8);
	memcpy(strstr(edited, "angrily"), "sharply", 7);
	memcpy(strstr(edited, "inquiry"), "enquiry", 7);
	assert_true(assert_copy(text, edited) >= 0.7);
	free(text);
	free(edited);
}

/* A new lead, a byline and a dateline, related links and a footer, the
 * last paragraph cut: still the story. */
static void test_changed_lead_and_boilerplate_stay_one_story(void **state)
{
	(void)state;
	char *text = story(NULL, NULL, NULL, 0);
	char *copy = story("Lorries will have to find another way across the Valmora river for "
			   "months: the bridge that carries most of them is cracked.",
			   "By Tomas Varga\n\nVALMORA (Reuters) - ",
			   "\n\nRead more: Port fees to rise in April; Grain harvest beats forecasts"
			   "\n\nSign up for our morning newsletter to get the day's top stories."
			   "\n\n\xc2\xa9 2026 Harbour Times. All rights reserved.", 1);

	assert_copy(text, copy);
	free(text);
	free(copy);
}

/* The copy of the whole story within a longer page is found too. */
static void test_truncated_copy_stays_one_story(void **state)
{
	(void)state;
	char *text = story(NULL, NULL, NULL, 0);
	char *cut = story(NULL, NULL, NULL, 2);

	assert_copy(text, cut);
	free(text);
	free(cut);
}

/* Two stories on one topic, with names and phrases in common, are two. */
static void test_different_story_on_the_topic_is_not_a_copy(void **state)
{
	(void)state;
	char *text = story(NULL, NULL, NULL, 0);
	struct ct_fingerprint a, b;

	fingerprint(text, &a);
	fingerprint(OTHER, &b);
	assert_true(ct_fingerprint_similarity(&a, &b) < 0.05);
	assert_false(share_band(&a, &b));
	free(text);
}

/* No words: similar to nothing, not even itself, and no band to index. */
static void test_empty_text_has_no_signature(void **state)
{
	(void)state;
	struct ct_fingerprint a, b;
	int64_t keys[CT_FP_BANDS];

	fingerprint("", &a);
	fingerprint(" -- \xe2\x80\x94 ... ", &b);
	assert_int_equal(a.n_shingles, 0);
	assert_int_equal(b.n_shingles, 0);
	assert_true(ct_fingerprint_similarity(&a, &b) == 0.0);
	ct_fingerprint_bands(&a, keys);
	for (size_t i = 0; i < CT_FP_BANDS; i++)
		assert_true(keys[i] == 0);
}

/* Fewer words than a shingle: one shingle of them all. */
static void test_short_text_is_one_shingle(void **state)
{
	(void)state;
	struct ct_fingerprint a, b, c;

	fingerprint("Bridge closed to lorries.", &a);
	fingerprint("bridge CLOSED to lorries", &b);
	fingerprint("Bridge open to lorries.", &c);
	assert_int_equal(a.n_shingles, 1);
	assert_true(ct_fingerprint_similarity(&a, &b) == 1.0);
	assert_true(ct_fingerprint_similarity(&a, &c) == 0.0);
}

/* Letters of other scripts are words; invalid bytes neither crash nor
 * read past the end. */
static void test_utf8_words_and_invalid_bytes(void **state)
{
	(void)state;
	struct ct_fingerprint a, b;

	fingerprint("Die Br\xc3\xbc" "cke \xc3\xbc" "ber den Fluss bleibt f\xc3\xbc" "r Lastwagen gesperrt", &a);
	fingerprint("Die Brucke uber den Fluss bleibt fur Lastwagen gesperrt", &b);
	assert_true(ct_fingerprint_similarity(&a, &b) < 0.5);
	ct_fingerprint_compute("caf\xc3", 4, &a);
	assert_int_equal(a.n_shingles, 1);
	ct_fingerprint_compute("\xf0\x9f", 2, &a);
	assert_int_equal(a.n_shingles, 1);
}

/* ---- against a plain reading of the definition ---- */

static uint64_t ref_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* The code point at s[i] and its length; a byte that starts no valid
 * sequence (by its lead and continuation bytes) is itself. */
static uint32_t ref_decode(const unsigned char *s, size_t len, size_t i, size_t *n)
{
	size_t k = s[i] >= 0xc2 && s[i] <= 0xdf ? 2 : s[i] >= 0xe0 && s[i] <= 0xef ? 3 :
		   s[i] >= 0xf0 && s[i] <= 0xf4 ? 4 : 1;
	uint32_t cp = k == 1 ? s[i] : s[i] & (0x3f >> (k - 1));

	*n = 1;
	if (k == 1 || i + k > len)
		return s[i];
	for (size_t j = 1; j < k; j++) {
		if ((s[i + j] & 0xc0) != 0x80)
			return s[i];
		cp = cp << 6 | (s[i + j] & 0x3f);
	}
	*n = k;
	return cp;
}

static bool ref_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return isalnum((int)cp) != 0;
	return !(cp < 0xc0 || cp == 0xd7 || cp == 0xf7 || (cp >= 0x2000 && cp <= 0x2bff) ||
		 (cp >= 0x3000 && cp <= 0x303f) || cp == 0xfeff || cp == 0xfffd);
}

static void ref_add(struct ct_fingerprint *fp, uint64_t h)
{
	uint32_t v = (uint32_t)h == UINT32_MAX ? UINT32_MAX - 1 : (uint32_t)h;
	uint32_t slot = (uint32_t)(h >> (64 - CT_FP_SLOTS_LOG2));

	if (v < fp->min[slot])
		fp->min[slot] = v;
	fp->n_shingles++;
}

/* Words' FNV-1a hashes of their (ASCII-lowercased) code points; each
 * run of 7 words summed as w1 B^6 + ... + w7 and mixed; one permutation
 * hashing into the slots; empty slots densified. */
static void ref_fingerprint(const char *text, size_t len, struct ct_fingerprint *fp)
{
	const unsigned char *s = (const unsigned char *)text;
	uint64_t words[1024], h = 0;
	size_t nw = 0, n;
	bool in = false;

	for (size_t j = 0; j < CT_FP_SLOTS; j++)
		fp->min[j] = UINT32_MAX;
	fp->n_shingles = 0;
	for (size_t i = 0; i < len; i += n) {
		uint32_t cp = ref_decode(s, len, i, &n);
		if (ref_word_cp(cp)) {
			if (!in)
				h = 0xcbf29ce484222325ULL;
			in = true;
			h = (h ^ (cp < 0x80 ? (uint32_t)tolower((int)cp) : cp)) * 0x100000001b3ULL;
		} else if (in) {
			in = false;
			assert_true(nw < 1024);
			words[nw++] = h;
		}
	}
	if (in)
		words[nw++] = h;
	for (size_t w = 0; w + CT_FP_SHINGLE_WORDS <= nw; w++) {
		uint64_t roll = 0;
		for (size_t k = 0; k < CT_FP_SHINGLE_WORDS; k++)
			roll = roll * 0x100000001b3ULL + words[w + k];
		ref_add(fp, ref_mix64(roll ^ CT_FP_SHINGLE_WORDS));
	}
	if (nw > 0 && nw < CT_FP_SHINGLE_WORDS) {
		uint64_t roll = 0;
		for (size_t k = 0; k < nw; k++)
			roll = roll * 0x100000001b3ULL + words[k];
		ref_add(fp, ref_mix64(roll ^ nw));
	}
	if (!fp->n_shingles)
		return;
	uint32_t filled[CT_FP_SLOTS];
	memcpy(filled, fp->min, sizeof filled);
	for (uint32_t j = 0; j < CT_FP_SLOTS; j++)
		for (uint64_t a = 1; filled[j] == UINT32_MAX; a++) {
			uint32_t k = (uint32_t)(ref_mix64((uint64_t)j << 32 ^ a ^ 0x5bd1e995ULL) >>
						(64 - CT_FP_SLOTS_LOG2));
			if (filled[k] != UINT32_MAX) {
				fp->min[j] = filled[k];
				break;
			}
		}
}

/* Signatures are the definition's, bit for bit, on text of words, spaces,
 * punctuation, letters of other scripts and bytes of no character. */
static void test_matches_reference(void **state)
{
	static const char *const pieces[] = {
		"said", "The", "bridge", "2024", "a", "IT'S", " ", " ", " ", "  ", "\n\n", ".",
		",", "-", "(Reuters)", "\xC3\xBC", "Br\xC3\xBC" "cke", "\xC3\x97", "\xE2\x80\x94",
		"\xE2\x80\x9C", "\xE3\x80\x82", "\xE6\x97\xA5", "\xEF\xBB\xBF", "\xEF\xBF\xBD",
		"\xF0\x9F\x98\x80", "\xFF", "\xC3", "\xE2\x80", "\xC0\xAF", "\x80", "\x7F",
	};
	uint32_t seed = 20261207;
	char text[2000];
	struct ct_fingerprint got, want;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		size_t len = 0, cap;
		seed = seed * 1103515245u + 12345u;
		cap = (seed >> 16) % sizeof text;
		for (;;) {
			seed = seed * 1103515245u + 12345u;
			const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
			if (len + strlen(p) > cap)
				break;
			memcpy(text + len, p, strlen(p));
			len += strlen(p);
		}
		ct_fingerprint_compute(text, len, &got);
		ref_fingerprint(text, len, &want);
		if (memcmp(&got, &want, sizeof got) != 0)
			fail_msg("round %d: %zu bytes: the signature is not the reference's", round, len);
	}
	/* And on the story itself. */
	char *t = story(NULL, NULL, NULL, 0);
	ct_fingerprint_compute(t, strlen(t), &got);
	ref_fingerprint(t, strlen(t), &want);
	assert_memory_equal(&got, &want, sizeof got);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signature_is_stable),
		cmocka_unit_test(test_spacing_case_and_punctuation_do_not_count),
		cmocka_unit_test(test_a_few_edits_stay_one_story),
		cmocka_unit_test(test_changed_lead_and_boilerplate_stay_one_story),
		cmocka_unit_test(test_truncated_copy_stays_one_story),
		cmocka_unit_test(test_different_story_on_the_topic_is_not_a_copy),
		cmocka_unit_test(test_empty_text_has_no_signature),
		cmocka_unit_test(test_short_text_is_one_shingle),
		cmocka_unit_test(test_utf8_words_and_invalid_bytes),
		cmocka_unit_test(test_matches_reference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
