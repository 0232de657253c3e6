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

/* Whether b[0, k] ends with s; if so, j marks the letter before it. */
static bool ends(struct stem *z, const char *s)
{
	int len = (int)strlen(s);

	if (len > z->k + 1 || memcmp(z->b + z->k - len + 1, s, (size_t)len) != 0)
		return false;
	z->j = z->k - len;
	return true;
}

/* Replaces b[j + 1, k] with s. */
static void set_to(struct stem *z, const char *s)
{
	int len = (int)strlen(s);

	memcpy(z->b + z->j + 1, s, (size_t)len);
	z->k = z->j + len;
}

static void replace(struct stem *z, const char *s)
{
	if (measure(z) > 0)
		set_to(z, s);
}

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
};

static void apply(struct stem *z, const struct rule *rules)
{
	for (; rules->suffix; rules++) {
		if (ends(z, rules->suffix)) {
			replace(z, rules->by);
			return;
		}
	}
}

static void step2(struct stem *z)
{
	static const struct rule rules[] = {
		{ "ational", "ate" }, { "tional", "tion" }, { "enci", "ence" }, { "anci", "ance" },
		{ "izer", "ize" }, { "bli", "ble" }, { "alli", "al" }, { "entli", "ent" },
		{ "eli", "e" }, { "ousli", "ous" }, { "ization", "ize" }, { "ation", "ate" },
		{ "ator", "ate" }, { "alism", "al" }, { "iveness", "ive" }, { "fulness", "ful" },
		{ "ousness", "ous" }, { "aliti", "al" }, { "iviti", "ive" }, { "biliti", "ble" },
		{ "logi", "log" }, { NULL, NULL },
	};
	apply(z, rules);
}

static void step3(struct stem *z)
{
	static const struct rule rules[] = {
		{ "icate", "ic" }, { "ative", "" }, { "alize", "al" }, { "iciti", "ic" },
		{ "ical", "ic" }, { "ful", "" }, { "ness", "" }, { NULL, NULL },
	};
	apply(z, rules);
}

/* -ant, -ence etc. removed when the stem's measure > 1. */
static void step4(struct stem *z)
{
	static const char *const suffixes[] = {
		"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
		"ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize", NULL,
	};

	for (const char *const *s = suffixes; *s; s++) {
		if (!ends(z, *s))
			continue;
		/* -ion only after s or t; "ement" before "ment" before "ent" */
		if (!strcmp(*s, "ion") && (z->j < 0 || (z->b[z->j] != 's' && z->b[z->j] != 't')))
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
