/*
 * The word index: attribution's lexicon of single words (words.h), built
 * from the attribution lexicon's first words, the word lists of
 * rules/words.cues (compiled in) with the words that cue files add to
 * them, and the month and day names below, hashed for a lookup per token.
 */
#include "rules/rules_internal.h"
#include "rules/words.h"

#include <stdlib.h>
#include <string.h>

/* The word-list kinds of words.cues, in the order of the W_* bits. */
static const char *const list_kinds[] = {
	"pronoun", "clause-word", "time-word", "label", "clause-opener", "weekday", "aside",
	"content-stop", "auxiliary", "adverbial", "phrase-end", "outlet-head", "short-form",
	"org-noun", "doc-noun", "male", "female", "mind-verb", "corp-suffix",
	"demand-verb", "finding-verb", "data-noun", "work-noun",
};
_Static_assert(W_WORK_NOUN == 1u << (sizeof list_kinds / sizeof *list_kinds - 1),
	       "a kind for each W_* bit");

/* Month and day names are numbered for statement dates (and base's
 * date reading keeps its own): calendar, not a list to extend. */
static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december",
};

static const char *const weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

/* The entry for s[0, n), added when missing; s must outlive the index.
 * There is room: ct_words_build() counted the words. */
static struct word *words_put(struct ct_words *w, const char *s, size_t n)
{
	uint64_t h = word_hash(s, n);
	struct slot *sl = (struct slot *)words_slot(w, s, n, h, false);

	if (!sl->entry) {
		struct word *e = &w->entries[w->n_entries++];
		e->text = s;
		e->len = n;
		e->head = words_head(s, n);
		sl->tag = (uint32_t)(h >> 32);
		sl->entry = (uint32_t)w->n_entries;
	}
	return &w->entries[sl->entry - 1];
}

/* Adds a lowercase copy of s (NULL when out of memory). */
static struct word *words_put_lower(struct ct_words *w, const char *s, size_t n)
{
	char *c = ct_arena_strndup(&w->arena, s, n);

	if (!c)
		return NULL;
	for (size_t k = 0; k < n; k++)
		c[k] = (char)ascii_lower((unsigned char)c[k]);
	return words_put(w, c, n);
}

/* The month forms month_of() reads: "december", "december.", "dec.", "decem.". */
static int add_months(struct ct_words *w)
{
	char buf[16];

	for (int m = 0; m < 12; m++) {
		size_t ml = strlen(months[m]);
		for (size_t n = 3; n <= ml; n++) {
			struct word *e;
			memcpy(buf, months[m], n);
			buf[n] = '.';
			if (n == ml) {
				if (!(e = words_put_lower(w, buf, n)))
					return CT_ENOMEM;
				e->month = (uint8_t)(m + 1);
			}
			if (!(e = words_put_lower(w, buf, n + 1)))
				return CT_ENOMEM;
			e->month = (uint8_t)(m + 1);
		}
	}
	return CT_OK;
}

/* Indexes the lexicon's first words; rs->lex is sorted by them, so the
 * phrases of one first word are one run. */
static void add_lexicon(struct ct_words *w, const struct ct_ruleset *rs)
{
	for (size_t i = 0; i < rs->n_lex;) {
		const struct ct_lex_entry *l = &rs->lex[i];
		size_t j = i;
		while (j < rs->n_lex && rs->lex[j].first_len == l->first_len &&
		       memcmp(rs->lex[j].first, l->first, l->first_len) == 0)
			j++;
		unsigned kinds = 0, one_word = 0;
		for (size_t k = i; k < j; k++) {
			const struct ct_cue *c = rs->lex[k].cue;
			kinds |= 1u << c->kind;
			if (!strchr(c->source, ' '))
				one_word |= 1u << c->kind;
		}
		/* ct_lex_find() finds no empty word and none of 64 bytes or more. */
		if (l->first_len > 0 && l->first_len < 64) {
			struct word *e = words_put(w, l->first, l->first_len);
			e->lex_first = i;
			e->lex_n = j - i;
			e->lex_kinds = (uint16_t)kinds;
			e->one_word = (uint16_t)one_word;
		}
		i = j;
	}
}

/* Declared in words.h. */
uint32_t ct_words_list_of(const char *kind, size_t n)
{
	for (size_t k = 0; k < sizeof list_kinds / sizeof *list_kinds; k++)
		if (strlen(list_kinds[k]) == n && memcmp(list_kinds[k], kind, n) == 0)
			return (uint32_t)1 << k;
	return 0;
}

/* Declared in words.h. */
int ct_words_add(struct ct_ruleset *rs, uint32_t list, const char *word, size_t n)
{
	struct ct_words *w = rs->words;
	char *copy;

	if (!w && !(w = rs->words = calloc(1, sizeof *w)))
		return CT_ENOMEM;
	if (!CT_VEC_RESERVE(w->added, w->cap_added, w->n_added + 1) ||
	    !(copy = ct_arena_strndup(&rs->arena, word, n)))
		return CT_ENOMEM;
	w->added[w->n_added++] = (struct word_add){ copy, n, list };
	return CT_OK;
}

/* The number of lines of the built-in word lists: a bound on their words. */
static size_t builtin_lines(void)
{
	size_t n = 1;

	for (size_t i = 0; i < ct_builtin_words_len; i++)
		n += ct_builtin_words[i] == '\n';
	return n;
}

/* Adds the words of the built-in lists, rules/words.cues: `KIND WORD`
 * lines, blank lines and comments. The file is ours; a line of no list's
 * kind would be a mistake in it, and is passed over. */
static int add_builtin_lists(struct ct_words *w)
{
	const char *p = ct_builtin_words, *end = p + ct_builtin_words_len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;
		const char *kind = p, *word;
		size_t kn = 0, wn;

		p = nl ? nl + 1 : end;
		while (kind + kn < le && kind[kn] != ' ' && kind[kn] != '\t')
			kn++;
		word = kind + kn;
		while (word < le && (*word == ' ' || *word == '\t'))
			word++;
		wn = (size_t)(le - word);
		while (wn > 0 && (word[wn - 1] == ' ' || word[wn - 1] == '\t' || word[wn - 1] == '\r'))
			wn--;
		uint32_t list = kn && kind[0] != '#' ? ct_words_list_of(kind, kn) : 0;
		if (!list || wn == 0)
			continue;
		struct word *e = words_put_lower(w, word, wn);
		if (!e)
			return CT_ENOMEM;
		e->lists |= list;
	}
	return CT_OK;
}

/* Adds the words that cue files of the rules path added (ct_words_add()). */
static int add_added(struct ct_words *w, const struct ct_words *from)
{
	for (size_t i = 0; from && i < from->n_added; i++) {
		struct word *e = words_put_lower(w, from->added[i].text, from->added[i].len);
		if (!e)
			return CT_ENOMEM;
		e->lists |= from->added[i].list;
	}
	return CT_OK;
}

/* The day words: the weekdays, numbered for statement dates, "yesterday"
 * and "today". */
static int add_days(struct ct_words *w)
{
	for (int d = 0; d < 7; d++) {
		struct word *e = words_put_lower(w, weekdays[d], strlen(weekdays[d]));
		if (!e)
			return CT_ENOMEM;
		e->day = (uint8_t)(d + 1);
	}
	struct word *y = words_put_lower(w, "yesterday", 9), *t = words_put_lower(w, "today", 5);
	if (!y || !t)
		return CT_ENOMEM;
	y->day = DAY_YESTERDAY;
	t->day = DAY_TODAY;
	return CT_OK;
}

void ct_words_free(struct ct_words *w)
{
	if (!w)
		return;
	free(w->slots);
	free(w->entries);
	free(w->added);
	ct_arena_release(&w->arena);
	free(w);
}

/* Each entry's as_word and as_base (WK_*), from its lexicon and list bits. */
static void set_kinds(struct ct_words *w)
{
	for (size_t i = 0; i < w->n_entries; i++) {
		struct word *e = &w->entries[i];
		unsigned org = e->lists & W_ORG_NOUN ? WK_ORG : 0;
		e->as_word = (uint8_t)((e->lex_kinds & (1u << CT_CUE_TITLE) ? WK_TITLE : 0) | org);
		e->as_base = (uint8_t)((e->one_word & (1u << CT_CUE_GROUP) ? WK_GROUP : 0) |
				       (e->one_word & (1u << CT_CUE_ORG) ? WK_ORG : 0) | org);
	}
}

/* Declared in words.h. */
int ct_words_build(const struct ct_ruleset *rs, struct ct_words **out)
{
	struct ct_words *w = calloc(1, sizeof *w);
	const struct ct_words *added = rs ? rs->words : NULL;
	/* Room for every word: the lexicon's, the lists', and 128 for the 62
	 * month forms and 9 day words. */
	size_t n = (rs ? rs->n_lex : 0) + builtin_lines() + (added ? added->n_added : 0) + 128;
	size_t cap = 64;
	int rc;

	if (!w)
		return CT_ENOMEM;
	while (cap < 2 * n)
		cap *= 2;
	w->mask = cap - 1;
	w->slots = calloc(cap, sizeof *w->slots);
	w->entries = calloc(n, sizeof *w->entries);
	if (!w->slots || !w->entries) {
		rc = CT_ENOMEM;
		goto fail;
	}
	if (rs)
		add_lexicon(w, rs);
	if ((rc = add_builtin_lists(w)) != CT_OK || (rc = add_added(w, added)) != CT_OK ||
	    (rc = add_days(w)) != CT_OK || (rc = add_months(w)) != CT_OK)
		goto fail;
	set_kinds(w);
	/* A fifth of a text's tokens are one byte, most of them punctuation. */
	for (int c = 0; c < 256; c++) {
		char b = (char)ascii_lower((unsigned char)c);
		w->single[c] = words_get(w, &b, 1, word_hash(&b, 1));
	}
	*out = w;
	return CT_OK;
fail:
	ct_words_free(w);
	return rc;
}

int ct_words_index(struct ct_ruleset *rs)
{
	struct ct_words *w;
	int rc = ct_words_build(rs, &w);

	if (rc != CT_OK)
		return rc;
	/* The words the cue files added go on to the new index, which a
	 * ruleset may build again. */
	if (rs->words) {
		w->added = rs->words->added;
		w->n_added = rs->words->n_added;
		w->cap_added = rs->words->cap_added;
		rs->words->added = NULL;
	}
	ct_words_free(rs->words);
	rs->words = w;
	return CT_OK;
}
