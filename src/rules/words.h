/*
 * The word index (words.c): attribution's lexicon of single words, built
 * once per ruleset from the attribution lexicon's first words, the English
 * word lists of rules/words.cues (pronouns, clause words, time words …),
 * which cue files extend, and the month and day names, and read by
 * attribution for every token. The lookups are inline here: the tokenizer
 * calls them for every word it reads.
 */
#ifndef CT_WORDS_H
#define CT_WORDS_H

#include "claimtrack/rules.h"
#include "base/base.h"

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

/* The word lists of rules/words.cues, one bit each in a word's `lists`, in
 * the order of their kinds in words.c. */
enum {
	W_PRONOUN = 1u << 0,
	W_VERBISH = 1u << 1,
	W_TIME = 1u << 2,
	W_LABEL = 1u << 3,
	W_LEADING = 1u << 4,
	W_WEEKDAY = 1u << 5,
	W_ASIDE = 1u << 6,
	W_CONTENT_STOPPER = 1u << 7,
	W_AUXILIARY = 1u << 8,
	W_ADVERBIAL = 1u << 9,
	W_NP_STOPPER = 1u << 10,
	W_OUTLET_HEAD = 1u << 11,
	W_SHORT_FORM = 1u << 12,
	W_ORG_NOUN = 1u << 13,
	W_DOC_NOUN = 1u << 14,
	W_MALE = 1u << 15,
	W_FEMALE = 1u << 16,
	W_MIND = 1u << 17,
	W_CORP_SUFFIX = 1u << 18,
	W_DEMAND = 1u << 19,
	W_FINDING = 1u << 20,
	W_DATA_NOUN = 1u << 21,
	W_WORK_NOUN = 1u << 22,
};

enum { DAY_YESTERDAY = 8, DAY_TODAY = 9 };

/* What attribution's loop over every token (entities.c) asks of a word,
 * in a word's as_word and as_base. */
enum {
	WK_TITLE = 1u << 0,     /* a title of the lexicon starts with it */
	WK_GROUP = 1u << 1,     /* a group's word: a one-word group entry */
	WK_ORG = 1u << 2,       /* an organization's word: of the org-noun list,
				 * or (as_base) a one-word organization entry */
};

/*
 * One entry of the word index: what attribution needs to know about a
 * word, looked up once per token instead of searching the lexicon and the
 * word lists each time a rule asks.
 */
struct word {
	const char *text;       /* lowercase, or the lexicon's bytes as they are */
	size_t len;
	uint64_t head;          /* text's first 8 bytes (words_head()), for words_get_wide() */
	size_t lex_first, lex_n; /* the lexicon phrases it starts, as ct_lex_find() */
	uint32_t lists;         /* W_* */
	uint16_t lex_kinds;     /* bit per cue kind among those phrases */
	uint16_t one_word;      /* bit per cue kind of which it is a one-word entry */
	uint8_t month;          /* 1-12: a month's name or short form ("dec.") */
	uint8_t day;            /* 1-7: a weekday from Monday; DAY_YESTERDAY, DAY_TODAY */
	/* The WK_* bits of a token that is the word as written, and of one
	 * whose base (without a possessive 's) it is: worked out from the
	 * fields above once, as the index is built. */
	uint8_t as_word, as_base;
};

/*
 * Hashed words: open addressing over small slots (the high half of the
 * hash and the entry's number plus one, 0 when free), a power of two of
 * them at most half full, so that a lookup that misses, as most do, reads
 * nothing but a slot or two that stay in cache.
 */
struct ct_words {
	struct slot { uint32_t tag, entry; } *slots;
	size_t mask;
	struct word *entries;
	size_t n_entries;
	struct ct_arena arena;  /* lowercased list words, month short forms */
	const struct word *single[256];  /* each one-byte token's entry, or NULL */
	/* The words that cue files in the rules path add to the lists
	 * (ct_words_add()), in the ruleset's arena: kept from the parse to
	 * the index built after it. */
	struct word_add {
		const char *text;
		size_t len;
		uint32_t list;  /* W_* */
	} *added;
	size_t n_added, cap_added;
};

/* ASCII case, as the C locale's ctype.h has it, without its table calls. */
static inline unsigned char ascii_lower(unsigned char c)
{
	return (unsigned char)(c | ((unsigned)(c - 'A') < 26) << 5);
}

/* FNV-1a over ASCII-lowercased bytes, a byte at a time: word_hash() and
 * the tokenizer, which hashes a word as it reads it, agree. */
#define FNV_OFFSET 0xcbf29ce484222325ULL

static inline uint64_t fnv_step(uint64_t h, unsigned char folded)
{
	return (h ^ folded) * 0x100000001b3ULL;
}

/* FNV-1a of the ASCII-lowercased bytes s[0, n). */
static inline uint64_t word_hash(const char *s, size_t n)
{
	uint64_t h = FNV_OFFSET;

	for (size_t i = 0; i < n; i++)
		h = fnv_step(h, ascii_lower((unsigned char)s[i]));
	return h;
}

/* Whether y[0, n), ASCII-lowercased when fold, is x[0, n). */
static inline bool same_bytes(const char *x, const char *y, size_t n, bool fold)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)y[i];
		if ((unsigned char)x[i] != (fold ? ascii_lower(c) : c))
			return false;
	}
	return true;
}

/* The slot of the bytes s[0, n) (ASCII-lowercased when fold), hashed h,
 * or the free one where they would go. */
static inline const struct slot *words_slot(const struct ct_words *w, const char *s, size_t n,
					    uint64_t h, bool fold)
{
	uint32_t tag = (uint32_t)(h >> 32);

	for (size_t k = h & w->mask;; k = (k + 1) & w->mask) {
		const struct slot *sl = &w->slots[k];
		if (!sl->entry)
			return sl;
		const struct word *e = &w->entries[sl->entry - 1];
		if (sl->tag == tag && e->len == n && same_bytes(e->text, s, n, fold))
			return sl;
	}
}

/* The entry for the bytes s[0, n) as ascii_lower() folds them, hashed h
 * (word_hash()); NULL when none. Folding as it compares spares the
 * tokenizer a lowercase copy of every word. */
static inline const struct word *words_get(const struct ct_words *w, const char *s, size_t n,
					     uint64_t h)
{
	const struct slot *sl = words_slot(w, s, n, h, true);

	return sl->entry ? &w->entries[sl->entry - 1] : NULL;
}

/* The bytes s[0, n), at most 8 of them, as one number, zero after n;
 * s[0, 8) must be readable (the bytes after n are masked off). */
static inline uint64_t words_load8(const char *s, size_t n)
{
	uint64_t v;

	memcpy(&v, s, sizeof v);
	if (n >= 8)
		return v;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return v & ~(~(uint64_t)0 >> (8 * n));
#else
	return v & ((~(uint64_t)0 >> 1) >> (63 - 8 * n));
#endif
}

/* The entry's head: its text's first 8 bytes, zero after its end. */
static inline uint64_t words_head(const char *s, size_t n)
{
	unsigned char b[8] = { 0 };

	memcpy(b, s, n < 8 ? n : 8);
	return words_load8((const char *)b, 8);
}

/* ascii_lower() of each of the 8 bytes of x at once: a byte 'A'-'Z' takes
 * the bit 0x20; the others, bytes of UTF-8 sequences too, are kept. */
static inline uint64_t fold8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t low7 = x & ~high;
	/* A byte's high bit: its low 7 bits are >= 'A', and > 'Z'; no
	 * carry crosses a byte (0x7f + 0x3f < 0x100). */
	uint64_t ge_a = low7 + ones * (0x80 - 'A'), gt_z = low7 + ones * (0x80 - 'Z' - 1);

	return x | ((ge_a & ~gt_z & ~x & high) >> 2);
}

/*
 * words_get(), comparing 8 bytes at a time: for a text whose bytes s[0,
 * 8) can be read, whatever n is (the tokenizer's, before the last 8 bytes
 * of the normalized text, which ends in a NUL). The same entry.
 */
static inline const struct word *words_get_wide(const struct ct_words *w, const char *s,
						size_t n, uint64_t h)
{
	/* The bytes of each length below 8, to mask a head loaded whole. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define M(k) (~(~(uint64_t)0 >> (8 * (k))))
#else
#define M(k) (((uint64_t)1 << (8 * (k))) - 1)
#endif
	static const uint64_t head_mask[8] = { 0, M(1), M(2), M(3), M(4), M(5), M(6), M(7) };
#undef M
	uint32_t tag = (uint32_t)(h >> 32);

	for (size_t k = h & w->mask;; k = (k + 1) & w->mask) {
		const struct slot *sl = &w->slots[k];
		if (!sl->entry)
			return NULL;
		if (sl->tag != tag)
			continue;
		const struct word *e = &w->entries[sl->entry - 1];
		if (e->len != n)
			continue;
		/* Most words are written in lower case, as the entries are
		 * (the lexicon's too: its cues are lowered as they are
		 * parsed), so the bytes as they are match, and need no
		 * fold8(); bytes that equal a head have no capital to fold. */
		uint64_t head;
		memcpy(&head, s, sizeof head);
		if (n < 8)
			head &= head_mask[n];
		if ((e->head == head || e->head == fold8(head)) &&
		    (n <= 8 || same_bytes(e->text + 8, s + 8, n - 8, true)))
			return e;
	}
}

/*
 * Builds the word index of a ruleset's attribution lexicon and the word
 * lists with the words its cue files added (rs may be NULL: the built-in
 * word lists only). The caller frees *out with ct_words_free(); it
 * borrows the lexicon's strings, so it must not outlive rs.
 */
int ct_words_build(const struct ct_ruleset *rs, struct ct_words **out);

/* The W_* bit of a word-list kind of a cue file ("pronoun",
 * "clause-word" …: see rules/words.cues), 0 when kind[0, n) is none. */
uint32_t ct_words_list_of(const char *kind, size_t n);

/*
 * Adds word[0, n), one word, to the lists `list` (W_* bits) for the index
 * built when rs is compiled (ct_words_index()); the word is copied into
 * rs's arena. CT_OK or CT_ENOMEM.
 */
int ct_words_add(struct ct_ruleset *rs, uint32_t list, const char *word, size_t n);

/* The built-in word lists, rules/words.cues (generated by meson). */
extern const char ct_builtin_words[];
extern const size_t ct_builtin_words_len;

#endif
