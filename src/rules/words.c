/*
 * The word index: attribution's lexicon of single words (words.h), built
 * from the attribution lexicon's first words and the fixed word lists
 * below, hashed for a lookup per token.
 */
#include "rules/words.h"

#include <stdlib.h>
#include <string.h>

static const char *const pronouns[] = { "he", "she", "they", "it", "we", "i", NULL };

/* Words that make a span a clause rather than the noun phrase of a subject. */
static const char *const verbish[] = {
	"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do",
	"does", "did", "will", "would", "can", "could", "should", "must", "may",
	"might", "that", "which", "who", "whom", "when", "where", "because", "if", "not",
	"went", "than", "while", "whether", "how", "why", "what", "there", "also",
	"however", NULL,
};

/* Words of time and manner between a reporting verb and the end of its
 * clause: "said Friday afternoon,", "said in a statement." */
static const char *const time_words[] = {
	"on", "in", "at", "a", "an", "the", "statement", "interview", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "morning", "afternoon",
	"evening", "night", "yesterday", "today", "tonight", "last", "week", "month",
	"earlier", "later", "recently", "again", "then", "too", "also", "privately",
	"publicly", "separately", "repeatedly", "twice", NULL,
};

/* Words before a colon that label a paragraph rather than name a speaker. */
static const char *const labels[] = {
	"note", "update", "updated", "editor", "correction", "photo", "video", "watch",
	"read", "related", "source", "sources", "also", "more", "see", "warning",
	"disclosure", "clarification", "q", "a", NULL,
};

/* Words that open a clause before its subject. */
static const char *const leading_words[] = {
	"but", "and", "so", "yet", "still", "when", "while", "as", "after", "before",
	"because", "although", "though", "since", "if", "once", "now", "then", "also",
	"or", "nor", "today", "yesterday", "tonight", "earlier", "later", NULL,
};

static const char *const weekdays_list[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL,
};

/* Words that stand alone between commas without being part of a subject. */
static const char *const asides[] = {
	"however", "also", "too", "though", "meanwhile", "instead", "again", "then",
	"moreover", "furthermore", "meanwhile", "nonetheless", "nevertheless", "indeed", NULL,
};

/* Words that do not start the content of reported speech. */
static const char *const content_stoppers[] = {
	"to", "of", "with", "in", "on", "at", "for", "by", "from", "about", "into",
	"as", "during", "after", "before", "against", "over", "under", "up", "out",
	"off", "down", NULL,
};

/* Words that may stand between a subject and its reporting verb. */
static const char *const auxiliaries[] = {
	"also", "has", "have", "had", "later", "then", "further", "repeatedly", "again",
	"recently", "previously", "once", "quickly", "simply", "flatly", "would", "will",
	"could", "may", "might", "did", "does", "do", "reportedly", "publicly", "privately",
	"separately", "earlier", "subsequently", "first", "initially", "allegedly",
	"bluntly", "angrily", "openly", "explicitly", "clearly", "already", "even",
	"specifically", "strongly", "immediately", "quietly", NULL,
};

/* Words that open a leading adverbial ("On December 17, ..."). */
static const char *const adverbial_openers[] = {
	"on", "in", "at", "during", "after", "before", "meanwhile", "moreover",
	"however", "also", "but", "and", "earlier", "later", "separately", "still",
	"yet", "now", "then", "since", "last", "this", "yesterday", "today", "furthermore",
	"additionally", "instead", "indeed", "similarly", "nevertheless", "nonetheless",
	"speaking", "writing", "asked", "when", "while", "as", "for", "by", "with",
	"according", "so", "thus", "overall", "finally", "first", "second", NULL,
};

/* Prepositions that end a speaker phrase read forward ("said X in a statement"). */
static const char *const np_stoppers[] = {
	"in", "on", "at", "during", "after", "before", "to", "while", "when", "as",
	"that", "who", "which", "adding", "saying", "according", "told", "with", "from",
	"for", "about", "last", "this", "yesterday", "today", "earlier", "later",
	"because", "but", "and", "though", "although", "if", NULL,
};

/* Last words of outlets' names, besides the ruleset's outlet blocks. */
static const char *const outlet_heads[] = {
	"news", "times", "post", "press", "reuters", "journal", "herald", "tribune",
	"guardian", "telegraph", "tv", "television", "radio", "magazine", "gazette",
	"daily", "wire", "cnn", "bbc", "nbc", "cbs", "abc", "msnbc", "afp", "ap",
	"bloomberg", "politico", "breitbart", "huffpost", "axios", "xinhua", "tass",
	"interfax", "sputnik", "tolonews", "al-jazeera", "jazeera", "newsweek",
	"economist", "observer", "independent", "express", "mirror", "sun", "chronicle",
	"examiner", "inquirer", "dispatch", "bulletin", "agency", "broadcasting", NULL,
};

static const char *const short_forms[] = {
	"jr.", "sr.", "st.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
	"sep.", "sept.", "oct.", "nov.", "dec.", "no.", "vs.", NULL,
};

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

static const struct { const char *const *words; uint32_t bit; } word_lists[] = {
	{ pronouns, W_PRONOUN }, { verbish, W_VERBISH }, { time_words, W_TIME },
	{ labels, W_LABEL }, { leading_words, W_LEADING }, { weekdays_list, W_WEEKDAY },
	{ asides, W_ASIDE }, { content_stoppers, W_CONTENT_STOPPER },
	{ auxiliaries, W_AUXILIARY }, { adverbial_openers, W_ADVERBIAL },
	{ np_stoppers, W_NP_STOPPER }, { outlet_heads, W_OUTLET_HEAD },
	{ short_forms, W_SHORT_FORM },
};

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

void ct_words_free(struct ct_words *w)
{
	if (!w)
		return;
	free(w->slots);
	free(w->entries);
	ct_arena_release(&w->arena);
	free(w);
}

/* Declared in words.h. */
int ct_words_build(const struct ct_ruleset *rs, struct ct_words **out)
{
	struct ct_words *w = calloc(1, sizeof *w);
	/* Room for every word: the lexicon's, the lists', and 128 for the 62
	 * month forms and 9 day words. */
	size_t n = (rs ? rs->n_lex : 0) + 128, cap = 64;
	int rc = CT_ENOMEM;

	if (!w)
		return CT_ENOMEM;
	for (size_t i = 0; i < sizeof word_lists / sizeof *word_lists; i++)
		for (const char *const *p = word_lists[i].words; *p; p++)
			n++;
	while (cap < 2 * n)
		cap *= 2;
	w->mask = cap - 1;
	w->slots = calloc(cap, sizeof *w->slots);
	w->entries = calloc(n, sizeof *w->entries);
	if (!w->slots || !w->entries)
		goto fail;
	if (rs)
		add_lexicon(w, rs);
	for (size_t i = 0; i < sizeof word_lists / sizeof *word_lists; i++) {
		for (const char *const *p = word_lists[i].words; *p; p++) {
			struct word *e = words_put_lower(w, *p, strlen(*p));
			if (!e)
				goto fail;
			e->lists |= word_lists[i].bit;
		}
	}
	for (int d = 0; d < 7; d++) {
		struct word *e = words_put_lower(w, weekdays[d], strlen(weekdays[d]));
		if (!e)
			goto fail;
		e->day = (uint8_t)(d + 1);
	}
	struct word *y = words_put_lower(w, "yesterday", 9), *t = words_put_lower(w, "today", 5);
	if (!y || !t || (rc = add_months(w)) != CT_OK)
		goto fail;
	y->day = DAY_YESTERDAY;
	t->day = DAY_TODAY;
	/* A fifth of a text's tokens are one byte, most of them punctuation. */
	for (int c = 0; c < 256; c++) {
		char b = (char)ascii_lower((unsigned char)c);
		w->single[c] = words_get(w, &b, 1, word_hash(&b, 1));
	}
	*out = w;
	return CT_OK;
fail:
	ct_words_free(w);
	return rc == CT_OK ? CT_ENOMEM : rc;
}

int ct_words_index(struct ct_ruleset *rs)
{
	struct ct_words *w;
	int rc = ct_words_build(rs, &w);

	if (rc != CT_OK)
		return rc;
	ct_words_free(rs->words);
	rs->words = w;
	return CT_OK;
}
