/*
 * Porter's stemmer (M. F. Porter, "An algorithm for suffix stripping",
 * 1980), the algorithm of SQLite's FTS5 porter tokenizer, for the words of
 * the sentence index (src/store/store_sentences.c): claimtrack stems the
 * words itself, so that SQLite and PostgreSQL index the same terms and
 * `similar` ranks alike on both.
 */
#include "claimtrack/text.h"

#include <string.h>

/* A word being stemmed: b[0, k] (k the last letter's index), j a mark. */
struct stem {
	char *b;
	int k, j;
};

static bool cons(const struct stem *z, int i)
{
	switch (z->b[i]) {
	case 'a': case 'e': case 'i': case 'o': case 'u':
		return false;
	case 'y':
		return i == 0 || !cons(z, i - 1);
	default:
		return true;
	}
}

/* The number of vowel-consonant sequences in b[0, j]. */
static int measure(const struct stem *z)
{
	int n = 0, i = 0;

	for (;;) {
		if (i > z->j)
			return n;
		if (!cons(z, i))
			break;
		i++;
	}
	i++;
	for (;;) {
		for (;;) {
			if (i > z->j)
				return n;
			if (cons(z, i))
				break;
			i++;
		}
		i++;
		n++;
		for (;;) {
			if (i > z->j)
				return n;
			if (!cons(z, i))
				break;
			i++;
		}
		i++;
	}
}

static bool vowel_in_stem(const struct stem *z)
{
	for (int i = 0; i <= z->j; i++)
		if (!cons(z, i))
			return true;
	return false;
}

static bool double_cons(const struct stem *z, int i)
{
	return i >= 1 && z->b[i] == z->b[i - 1] && cons(z, i);
}

/* Consonant-vowel-consonant ending at i, the last not w, x or y. */
static bool cvc(const struct stem *z, int i)
{
	if (i < 2 || !cons(z, i) || cons(z, i - 1) || !cons(z, i - 2))
		return false;
	return z->b[i] != 'w' && z->b[i] != 'x' && z->b[i] != 'y';
}

/* Whether b[0, k] ends with s (len bytes); if so, j marks the letter
 * before it. The last letters first: most words end otherwise. */
static bool ends_n(struct stem *z, const char *s, int len)
{
	if (len > z->k + 1 || z->b[z->k] != s[len - 1] ||
	    memcmp(z->b + z->k - len + 1, s, (size_t)len) != 0)
		return false;
	z->j = z->k - len;
	return true;
}

/* Replaces b[j + 1, k] with s (len bytes). */
static void set_to_n(struct stem *z, const char *s, int len)
{
	memcpy(z->b + z->j + 1, s, (size_t)len);
	z->k = z->j + len;
}

/* Of a string constant. */
#define ends(z, s) ends_n(z, s, (int)sizeof s - 1)
#define set_to(z, s) set_to_n(z, s, (int)sizeof s - 1)

/* Plurals and -ed, -ing. */
static void step1ab(struct stem *z)
{
	if (z->b[z->k] == 's') {
		if (ends(z, "sses"))
			z->k -= 2;
		else if (ends(z, "ies"))
			set_to(z, "i");
		else if (z->b[z->k - 1] != 's')
			z->k--;
	}
	if (ends(z, "eed")) {
		if (measure(z) > 0)
			z->k--;
	} else if ((ends(z, "ed") || ends(z, "ing")) && vowel_in_stem(z)) {
		z->k = z->j;
		if (ends(z, "at")) {
			set_to(z, "ate");
		} else if (ends(z, "bl")) {
			set_to(z, "ble");
		} else if (ends(z, "iz")) {
			set_to(z, "ize");
		} else if (double_cons(z, z->k)) {
			char c = z->b[z->k];
			if (c != 'l' && c != 's' && c != 'z')
				z->k--;
		} else {
			z->j = z->k;
			if (measure(z) == 1 && cvc(z, z->k))
				set_to(z, "e");
		}
	}
}

/* Terminal y to i when there is another vowel in the stem. */
static void step1c(struct stem *z)
{
	if (ends(z, "y") && vowel_in_stem(z))
		z->b[z->k] = 'i';
}

/* A suffix to replace and what replaces it, when the stem's measure > 0. */
struct rule {
	const char *suffix, *by;
	int len, by_len;
};

#define RULE(suffix, by) { suffix, by, (int)sizeof suffix - 1, (int)sizeof by - 1 }

static void apply(struct stem *z, const struct rule *rules)
{
	for (; rules->suffix; rules++) {
		if (ends_n(z, rules->suffix, rules->len)) {
			if (measure(z) > 0)
				set_to_n(z, rules->by, rules->by_len);
			return;
		}
	}
}

static void step2(struct stem *z)
{
	static const struct rule rules[] = {
		RULE("ational", "ate"), RULE("tional", "tion"), RULE("enci", "ence"), RULE("anci", "ance"),
		RULE("izer", "ize"), RULE("bli", "ble"), RULE("alli", "al"), RULE("entli", "ent"),
		RULE("eli", "e"), RULE("ousli", "ous"), RULE("ization", "ize"), RULE("ation", "ate"),
		RULE("ator", "ate"), RULE("alism", "al"), RULE("iveness", "ive"), RULE("fulness", "ful"),
		RULE("ousness", "ous"), RULE("aliti", "al"), RULE("iviti", "ive"), RULE("biliti", "ble"),
		RULE("logi", "log"),
		{ NULL, NULL, 0, 0 },
	};
	apply(z, rules);
}

static void step3(struct stem *z)
{
	static const struct rule rules[] = {
		RULE("icate", "ic"), RULE("ative", ""), RULE("alize", "al"), RULE("iciti", "ic"),
		RULE("ical", "ic"), RULE("ful", ""), RULE("ness", ""),
		{ NULL, NULL, 0, 0 },
	};
	apply(z, rules);
}

/* -ant, -ence etc. removed when the stem's measure > 1. */
static void step4(struct stem *z)
{
	static const struct rule suffixes[] = {
		RULE("al", ""), RULE("ance", ""), RULE("ence", ""), RULE("er", ""), RULE("ic", ""),
		RULE("able", ""), RULE("ible", ""), RULE("ant", ""), RULE("ement", ""),
		RULE("ment", ""), RULE("ent", ""), RULE("ion", ""), RULE("ou", ""), RULE("ism", ""),
		RULE("ate", ""), RULE("iti", ""), RULE("ous", ""), RULE("ive", ""), RULE("ize", ""),
		{ NULL, NULL, 0, 0 },
	};

	for (const struct rule *r = suffixes; r->suffix; r++) {
		if (!ends_n(z, r->suffix, r->len))
			continue;
		/* -ion only after s or t; "ement" before "ment" before "ent" */
		if (r->len == 3 && r->suffix[0] == 'i' && r->suffix[1] == 'o' &&
		    (z->j < 0 || (z->b[z->j] != 's' && z->b[z->j] != 't')))
			return;
		if (measure(z) > 1)
			z->k = z->j;
		return;
	}
}

/* A final -e, and -ll to -l, when the measure allows. */
static void step5(struct stem *z)
{
	z->j = z->k;
	if (z->b[z->k] == 'e') {
		int a = measure(z);
		if (a > 1 || (a == 1 && !cvc(z, z->k - 1)))
			z->k--;
	}
	if (z->b[z->k] == 'l' && double_cons(z, z->k) && measure(z) > 1)
		z->k--;
}

size_t ct_stem(char *word, size_t len)
{
	struct stem z = { word, (int)len - 1, 0 };

	if (len <= 2 || len > 64)
		return len;
	for (size_t i = 0; i < len; i++)
		if (word[i] < 'a' || word[i] > 'z')
			return len;
	step1ab(&z);
	if (z.k > 0) {
		step1c(&z);
		step2(&z);
		step3(&z);
		step4(&z);
		step5(&z);
	}
	word[z.k + 1] = '\0';
	return (size_t)z.k + 1;
}
