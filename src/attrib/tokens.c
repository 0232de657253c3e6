/*
 * The tokens of attribution: the normalized text cut into words, marks and
 * punctuation, each looked up in the word index once; the sentence and
 * paragraph of each, the direction of each quotation mark, and which
 * capitalized sentence openers are names. Also the queries on tokens that
 * several passes ask (numbers, auxiliaries, a sentence's tokens).
 */
#include "attrib/attrib_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- small text helpers ---- */

/* Bytes that make words: ASCII letters and digits, and every byte of a
 * UTF-8 sequence; each as ascii_lower() folds it, and 0 for the bytes that
 * make no words. One table, so that the tokenizer delimits, folds and
 * hashes a word in one pass over its bytes. */
#define ANY16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
#define SEQ4(c) (c), (c) + 1, (c) + 2, (c) + 3
#define SEQ16(c) SEQ4(c), SEQ4((c) + 4), SEQ4((c) + 8), SEQ4((c) + 12)
static const unsigned char word_fold[256] = {
	ANY16(0), ANY16(0), ANY16(0),                   /* controls, space, !"#... */
	SEQ4('0'), SEQ4('4'), '8', '9', 0, 0, 0, 0, 0, 0, /* 0-9 :;<=>? */
	0, SEQ4('a'), SEQ4('e'), SEQ4('i'), 'm', 'n', 'o', /* @ A-O */
	SEQ4('p'), SEQ4('t'), 'x', 'y', 'z', 0, 0, 0, 0, 0, /* P-Z [\]^_ */
	0, SEQ4('a'), SEQ4('e'), SEQ4('i'), 'm', 'n', 'o', /* ` a-o */
	SEQ4('p'), SEQ4('t'), 'x', 'y', 'z', 0, 0, 0, 0, 0, /* p-z {|}~ DEL */
	SEQ16(0x80), SEQ16(0x90), SEQ16(0xA0), SEQ16(0xB0), /* UTF-8 sequences */
	SEQ16(0xC0), SEQ16(0xD0), SEQ16(0xE0), SEQ16(0xF0),
};
#undef ANY16
#undef SEQ4
#undef SEQ16

static inline bool is_word_byte(unsigned char c)
{
	return word_fold[c] != 0;
}

/*
 * Length in tokens of the longest lexicon phrase of `kind` starting at
 * token i, 0 when none; token i is a word that starts some phrase of kind.
 * Its first word is token i: the index found the phrases by it (their
 * first word, lowercase, is the token as ascii_lower() folds it, which
 * strncasecmp() would find the same), so the words after it are compared.
 */
int ct_attr_lexicon_phrase_at(const struct ct_attribution *a, enum ct_cue_kind kind, int i)
{
	const struct ct_ruleset *rs = a->rs;
	const struct word *wd = a->t[i].w;
	size_t first = wd->lex_first, n = wd->lex_n;
	int best = 0;

	for (size_t e = first; e < first + n; e++) {
		const struct ct_cue *c = rs->lex[e].cue;
		const char *p = c->source + rs->lex[e].first_len;
		int k = i + 1, m = 1;
		if (c->kind != kind)
			continue;
		if (*p == ' ')
			p++;
		while (*p && (size_t)k < a->n_t && a->t[k].kind == T_WORD) {
			size_t tl;
			const char *t = tok_str(a, k, &tl);
			const char *sp = strchr(p, ' ');
			size_t pl = sp ? (size_t)(sp - p) : strlen(p);
			if (pl != tl || strncasecmp(p, t, tl) != 0)
				break;
			m++;
			k++;
			p += pl;
			if (*p == ' ')
				p++;
		}
		if (*p == '\0' && m > best)
			best = m;
	}
	return best;
}

/* Token text with a possessive 's cut off, lowercased, into buf. */
const char *ct_attr_word_lower(const struct ct_attribution *a, int i, char *buf, size_t cap)
{
	size_t n;
	const char *s = tok_str(a, i, &n);

	if (n >= 2 && s[n - 2] == '\'' && (s[n - 1] == 's' || s[n - 1] == 'S'))
		n -= 2;
	if (n >= cap)
		n = cap - 1;
	for (size_t k = 0; k < n; k++)
		buf[k] = (char)tolower((unsigned char)s[k]);
	buf[n] = '\0';
	return buf;
}

/* ---- tokens ---- */

/*
 * The entry of the word s[0, n) without a possessive 's and cut to 63
 * bytes, as ct_attr_word_lower() reads it for is_word_of(); for a token
 * that has the 's or is that long (few have). wide as for look_up().
 */
static const struct word *look_up_base(const struct ct_words *words, const char *s, size_t n,
				       bool wide)
{
	size_t bn = n;

	if (n >= 2 && s[n - 2] == '\'' && (s[n - 1] == 's' || s[n - 1] == 'S'))
		bn -= 2;
	if (bn >= 64)
		bn = 63;
	return wide ? words_get_wide(words, s, bn, word_hash(s, bn)) :
		      words_get(words, s, bn, word_hash(s, bn));
}

/*
 * Looks token t of the normalized text norm up in the word index: as
 * written (for the lexicon and the word lists, which ct_lex_find() and
 * tok_is() read whole) and without a possessive 's, cut to 63 bytes
 * (look_up_base()). wide: whether the 8 bytes from the token's start can
 * be read, for words_get_wide(); a constant in each of look_up_tokens()'s
 * loops.
 */
static inline void look_up(const struct ct_words *words, const char *norm, struct tok *t,
			   bool wide)
{
	const char *s = norm + t->s;
	size_t n = t->e - t->s;
	const struct word *w, *base;

	if (n == 1) {
		w = base = words->single[(unsigned char)s[0]];
	} else {
		w = n >= 64 ? NULL : wide ? words_get_wide(words, s, n, t->hash) :
					    words_get(words, s, n, t->hash);
		base = w;
		if (n >= 64 || (s[n - 2] == '\'' && (s[n - 1] == 's' || s[n - 1] == 'S')))
			base = look_up_base(words, s, n, wide);
	}
	t->w = w;
	t->base = base;
	if (base) {
		t->month = base->month;
		t->day = base->day;
	}
}

/*
 * Looks every token up (look_up()), in a loop of its own after the text
 * is cut: in the cutting loop, the lookup's values (the index, its
 * slots, the token) and the cutting's (the text, its end, the hash) were
 * more than the registers hold, and the compiler kept several on the
 * stack, reading them again for each token. The tokens whose first 8
 * bytes can be read, all but the last word or two (the text ends in a
 * NUL, norm[nlen]), are looked up 8 bytes at a time, in a loop that
 * does not ask.
 */
static void look_up_range(const struct ct_words *restrict words, const char *restrict norm,
			  struct tok *restrict t, struct tok *end, bool wide)
{
	for (; t < end; t++)
		look_up(words, norm, t, wide);
}

static void look_up_tokens(struct ct_attribution *a)
{
	struct tok *t = a->t, *end = a->t + a->n_t, *wide_end = end;

	while (wide_end > t && wide_end[-1].s + 8 > a->nlen + 1)
		wide_end--;
	look_up_range(a->words, a->norm, t, wide_end, true);
	look_up_range(a->words, a->norm, wide_end, end, false);
}

/*
 * Folds and hashes the word bytes of s from i on into *h (as word_hash()
 * goes on); returns where they end. s[] ends in a NUL, no word byte.
 */
static inline size_t hash_word_bytes(const char *s, size_t i, uint64_t *h)
{
	const unsigned char *p = (const unsigned char *)s + i;
	uint64_t v = *h;
	unsigned char f;

	/* Two bytes a step: a word byte is never the last of s[]. */
	while ((f = word_fold[p[0]]) != 0) {
		unsigned char g = word_fold[p[1]];
		v = fnv_step(v, f);
		if (!g) {
			p++;
			break;
		}
		v = fnv_step(v, g);
		p += 2;
	}
	*h = v;
	return (size_t)(p - (const unsigned char *)s);
}

/*
 * Whether the word norm[s, e) takes its final period ("Gen.", "U.S.",
 * "J."); dotted: whether the word has a period inside already; h:
 * word_hash() of the word with the period.
 */
static bool keeps_period(const struct ct_attribution *a, size_t s, size_t e, bool dotted,
			 uint64_t h)
{
	size_t n = e - s;

	if (e >= a->nlen || a->norm[e] != '.')
		return false;
	if ((n == 1 && is_upper(a->norm[s])) || dotted)
		return true;
	/* A party and state, "(D-Wis.)", ", R-Ky.,": the state's
	 * abbreviation keeps its period, which ends no sentence. */
	if (n >= 3 && n <= 7 && a->norm[s + 1] == '-' &&
	    (a->norm[s] == 'D' || a->norm[s] == 'R' || a->norm[s] == 'I') &&
	    is_upper(a->norm[s + 2]) && e + 1 < a->nlen &&
	    (a->norm[e + 1] == ')' || a->norm[e + 1] == ','))
		return true;
	/* Abbreviations are short: a longer word is not looked up. */
	if (n + 1 >= 16)
		return false;
	const struct word *w = words_get(a->words, a->norm + s, n + 1, h);
	return w && ((a->rs && (w->lex_kinds & (1u << CT_CUE_TITLE))) || (w->lists & W_SHORT_FORM));
}

/* Whether the body holds the mark U+20xx, whose last UTF-8 byte is lo, at `at`. */
static bool body_mark(const struct ct_doc *doc, size_t at, unsigned char lo)
{
	const unsigned char *o = (const unsigned char *)doc->body + at;

	return doc->body_len - at >= 3 && o[0] == 0xE2 && o[1] == 0x80 && o[2] == lo;
}

int ct_attr_tokenize(struct ct_attribution *a)
{
	const char *s = a->norm;
	size_t i = 0, n = a->nlen;
	/* The tokens are stored through t, a->n_t set at the end: a store
	 * into a token may alias the fields of `a`, which the compiler would
	 * read again (and write) for each token. */
	struct tok *t, *t_end;
	bool at = false, lsquo = false;

	/* News text has a token every six bytes or so, punctuation included:
	 * one allocation, nearly always. */
	a->cap_t = n / 4 + 16;
	if (!(a->t = malloc(a->cap_t * sizeof *a->t)))
		return CT_ENOMEM;
	t = a->t;
	t_end = a->t + a->cap_t;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t j = i + 1;
		int kind = T_PUNCT;
		uint64_t h;
		if (c == ' ') {
			i++;
			continue;
		}
		if (is_word_byte(c)) {
			/* The word's hash is taken as its bytes are read, from
			 * the first, read already, on. The text's terminating
			 * NUL ends the last word. */
			bool dotted = false;
			kind = T_WORD;
			h = fnv_step(FNV_OFFSET, word_fold[c]);
			for (;;) {
				j = hash_word_bytes(s, j, &h);
				unsigned char d = (unsigned char)s[j];
				/* Nearly every word is followed by a space, a comma
				 * or the like, which joins no word and is no period
				 * it keeps: one test, and the word is cut. */
				if (d != '\'' && d != '-' && d != '.') {
					/* "1,200": a comma between digits is the
					 * number's, not a clause's end (the NUL
					 * after the text ends the look ahead). */
					if (d != ',' || !is_digit(s[j - 1]) || !is_digit(s[j + 1]))
						break;
					h = fnv_step(h, d);
					j++;
					continue;
				}
				/* "1.5": so is a period. */
				if (d == '.' && is_digit(s[j - 1]) && is_digit(s[j + 1])) {
					h = fnv_step(h, d);
					j++;
					continue;
				}
				/* An apostrophe or a hyphen between word bytes joins
				 * them, a period only between capitals ("U.S."). */
				if (j + 1 < n && is_word_byte((unsigned char)s[j + 1]) &&
				    (d != '.' || (j + 2 <= n && is_upper(s[j + 1]) && j > i &&
						  is_upper(s[j - 1])))) {
					dotted |= d == '.';
					h = fnv_step(h, d);
					j++;
					continue;
				}
				if (d == '.' && keeps_period(a, i, j, dotted, fnv_step(h, '.'))) {
					h = fnv_step(h, '.');
					j++;
				}
				break;
			}
		} else if (c == '\'' && i + 1 < n && s[i + 1] == '\'') {
			/* Two apostrophes are a quotation mark in some house styles. */
			kind = T_QUOTE;
			j = i + 2;
			h = word_hash(s + i, 2);
		} else {
			if (c == '"')
				kind = T_QUOTE;
			at |= c == '@';
			lsquo |= c == '\'' && body_mark(a->doc, a->map[i], 0x98);
			h = word_hash(s + i, 1);
		}
		if (t == t_end) {
			a->n_t = (size_t)(t - a->t);
			if (!CT_VEC_RESERVE(a->t, a->cap_t, a->n_t + 1))
				return CT_ENOMEM;
			t = a->t + a->n_t;
			t_end = a->t + a->cap_t;
		}
		*t++ = (struct tok){
			.s = i,
			.e = j,
			.kind = (unsigned char)kind,
			.cap = kind == T_WORD && is_upper((char)c),
			.ent = -1,
			.hash = h,
		};
		/* The space after a token, most often one, is passed here. */
		i = j < n && s[j] == ' ' ? j + 1 : j;
	}
	a->n_t = (size_t)(t - a->t);
	a->has_at = at;
	a->has_lsquo = lsquo;
	look_up_tokens(a);
	return CT_OK;
}

/* Where the span of index k ends, when another follows it; else never
 * (SIZE_MAX): the last sentence and paragraph hold the tokens after them. */
static size_t span_end(const struct ct_span *v, size_t n, size_t k)
{
	return k + 1 < n ? v[k].end : SIZE_MAX;
}

/* Provisional directions of a curly mark or a guillemet whose place says
 * the other direction than its shape: settled by settle_marks(). */
enum { Q_PLACED_OPEN = 3, Q_PLACED_CLOSE = 4 };

/*
 * The direction of the quotation mark t, whose bytes in the body are
 * o[0, left). Where it stands says it when a space (or an opening
 * bracket or a hyphen) is on one side of it and a word on the other; a
 * straight mark has its place alone. A curly mark or a guillemet says it
 * by its shape, and where it stands may say the other: Swedish and
 * Finnish open with "”", German closes with "“" („…“), German and Danish
 * open with "»", and typesetting slips do the same.
 */
static unsigned char mark_direction(const struct ct_attribution *a, const struct tok *t,
				    const unsigned char *o, size_t left)
{
	bool space_before = t->s == 0 || a->norm[t->s - 1] == ' ' || a->norm[t->s - 1] == '(' ||
			    a->norm[t->s - 1] == '-';
	bool space_after = t->e >= a->nlen || a->norm[t->e] == ' ' ||
			   ispunct((unsigned char)a->norm[t->e]);
	unsigned char placed = space_before && !space_after ? Q_OPEN :
			       !space_before && space_after ? Q_CLOSE :
							      Q_UNKNOWN;
	unsigned char shape = Q_UNKNOWN;

	if (left >= 3 && o[0] == 0xE2 && o[1] == 0x80 && (o[2] == 0x9C || o[2] == 0x9E))
		shape = Q_OPEN;
	else if (left >= 3 && o[0] == 0xE2 && o[1] == 0x80 && o[2] == 0x9D)
		shape = Q_CLOSE;
	else if (left >= 2 && o[0] == 0xC2 && o[1] == 0xAB)
		shape = Q_OPEN;
	else if (left >= 2 && o[0] == 0xC2 && o[1] == 0xBB)
		shape = Q_CLOSE;
	if (shape == Q_UNKNOWN || placed == Q_UNKNOWN || placed == shape)
		return shape != Q_UNKNOWN ? shape : placed;
	return placed == Q_OPEN ? Q_PLACED_OPEN : Q_PLACED_CLOSE;
}

/*
 * A mark whose place and shape disagree goes by its place when a mark
 * in its paragraph can be its partner: the next one for a mark that
 * opens, the one before for a mark that closes. Else by its shape: a
 * stray closing mark at a paragraph's start opens nothing.
 */
static void settle_marks(struct ct_attribution *a)
{
	for (size_t m = 0; m < a->n_marks; m++) {
		struct tok *t = &a->t[a->marks[m]];
		if (t->qdir == Q_PLACED_OPEN)
			t->qdir = m + 1 < a->n_marks && a->t[a->marks[m + 1]].para == t->para ?
					  Q_OPEN :
					  Q_CLOSE;
		else if (t->qdir == Q_PLACED_CLOSE)
			t->qdir = m > 0 && a->t[a->marks[m - 1]].para == t->para ? Q_CLOSE : Q_OPEN;
	}
}

/* Whether token i is a lone apostrophe (a single mark, folded to one). */
static bool single_mark(const struct ct_attribution *a, size_t i)
{
	const struct tok *t = &a->t[i];

	return t->kind == T_PUNCT && t->e == t->s + 1 && a->norm[t->s] == '\'';
}

/*
 * The right single mark (U+2019) that closes the quote token i opens,
 * British style (`‘We will appeal,’ she said.`), among the tokens of its
 * paragraph (their body offsets before p_end); -1 when none. A closer
 * follows the quote's last word or punctuation with no space and is
 * followed by a space, punctuation or the end. Since the same mark is the
 * apostrophe of a plural's possessive ("the workers’ union"), the first
 * closer after a comma, a period, a question or an exclamation mark is
 * taken, else the first not after an "s". The search reaches
 * SINGLE_REACH tokens, so that a paragraph of many left marks and no
 * closer costs time in proportion to its length, not to its square.
 */
enum { SINGLE_REACH = 400 };

static long single_closer(const struct ct_attribution *a, size_t i, size_t p_end)
{
	long after_s = -1;

	for (size_t k = i + 2; k < a->n_t && k < i + SINGLE_REACH && a->map[a->t[k].s] < p_end;
	     k++) {
		const struct tok *t = &a->t[k];
		if (!single_mark(a, k) || a->t[k - 1].e != t->s ||
		    !body_mark(a->doc, a->map[t->s], 0x99) ||
		    (t->e < a->nlen && a->norm[t->e] != ' ' && !ispunct((unsigned char)a->norm[t->e])))
			continue;
		char before = a->norm[t->s - 1];
		if (before == ',' || before == '.' || before == '?' || before == '!')
			return (long)k;
		if (after_s < 0 && before != 's' && before != 'S')
			after_s = (long)k;
	}
	return after_s;
}

/* Whether token i, a single mark, opens a quote: a left single mark
 * (U+2018) with a space, an opening bracket or a dash before it and a
 * word after it. */
static bool single_opens(const struct ct_attribution *a, size_t i)
{
	const struct tok *t = &a->t[i];

	return single_mark(a, i) && body_mark(a->doc, a->map[t->s], 0x98) && t->e < a->nlen &&
	       is_word_byte((unsigned char)a->norm[t->e]) &&
	       (t->s == 0 || a->norm[t->s - 1] == ' ' || a->norm[t->s - 1] == '(' ||
		a->norm[t->s - 1] == '-');
}

/*
 * Sets each token's sentence and paragraph, and each quote mark's
 * direction. Notes where each sentence's tokens start (a->sent_starts),
 * the quote marks (a->marks, for ct_attr_find_quotes()) and the capitalized words
 * that open a sentence or follow the quote mark that opens it (a->openers,
 * for ct_attr_uncap_sentence_starts()).
 */
int ct_attr_place_tokens(struct ct_attribution *a)
{
	const struct ct_doc *doc = a->doc;
	size_t si = 0, pi = 0;
	size_t s_end = span_end(doc->sentences, doc->n_sentences, 0);
	size_t p_end = span_end(doc->paragraphs, doc->n_paragraphs, 0);
	/* Read and counted through locals, not through `a`: the stores into
	 * the tokens may alias its fields, which the compiler would read
	 * again after each. */
	struct tok *toks = a->t;
	const size_t *map = a->map;
	const char *norm = a->norm;
	const bool lsquo = a->has_lsquo;
	size_t n_t = a->n_t, *sent_starts, *openers, n_sent_starts = 0, n_openers = 0;

	/* Every token has a sentence, sentence 0 even when the document has
	 * none; each sentence has at most two openers, its first token and
	 * the one after a quote mark that opens it. */
	a->sent_starts = sent_starts = malloc((doc->n_sentences + 1) * sizeof *a->sent_starts);
	a->openers = openers = malloc((2 * doc->n_sentences + 2) * sizeof *a->openers);
	if (!sent_starts || !openers)
		return CT_ENOMEM;
	/* Most tokens are inside the sentence and paragraph of the token
	 * before, which one comparison with the nearer of their ends tells
	 * (0 at first: the first token starts a sentence); the spans are
	 * advanced and a sentence's start noted only past that end. */
	size_t near_end = 0;
	/* Single marks quote in British style: a quote of them (its marks'
	 * tokens single_open and single_close) is looked for only outside
	 * a quote of double marks (open in paragraph double_para), and the
	 * double marks inside one are an inner quote's, not marks of their own. */
	size_t single_open = SIZE_MAX, single_close = SIZE_MAX;
	size_t double_para = SIZE_MAX;
	for (size_t i = 0; i < n_t; i++) {
		struct tok *t = &toks[i];
		size_t at = map[t->s];
		bool starts = false;
		if (at >= near_end) {
			while (at >= s_end)
				s_end = span_end(doc->sentences, doc->n_sentences, ++si);
			while (at >= p_end)
				p_end = span_end(doc->paragraphs, doc->n_paragraphs, ++pi);
			near_end = s_end < p_end ? s_end : p_end;
			starts = i == 0 || t[-1].sent != (int)si;
			if (starts)
				sent_starts[n_sent_starts++] = i;
		}
		t->sent = (int)si;
		t->para = (int)pi;
		if (!t->cap && t->kind != T_QUOTE) {
			long k;
			if (!lsquo || norm[t->s] != '\'' ||
			    (single_close != SIZE_MAX && i <= single_close) ||
			    double_para == pi || !single_opens(a, i) || (k = single_closer(a, i, p_end)) < 0)
				continue;
			single_open = i;
			single_close = (size_t)k;
			t->kind = T_QUOTE;
			toks[k].kind = T_QUOTE;
		}
		if (t->cap &&
		    (starts || (t[-1].kind == T_QUOTE && (i < 2 || t[-2].sent != t->sent))))
			openers[n_openers++] = i;
		if (t->kind == T_QUOTE) {
			if (i > single_open && i < single_close) {
				t->kind = T_PUNCT;
				continue;
			}
			if (!CT_VEC_RESERVE(a->marks, a->cap_marks, a->n_marks + 1))
				return CT_ENOMEM;
			a->marks[a->n_marks++] = i;
			if (i == single_open || i == single_close) {
				t->qdir = i == single_open ? Q_OPEN : Q_CLOSE;
				continue;
			}
			t->qdir = mark_direction(a, t, (const unsigned char *)doc->body + at,
						 doc->body_len - at);
			/* Where a quote of double marks is open, as far as
			 * single marks need to know. */
			bool opens = t->qdir == Q_OPEN || t->qdir == Q_PLACED_OPEN ||
				     (t->qdir == Q_UNKNOWN && double_para != pi);
			double_para = opens ? pi : SIZE_MAX;
		}
	}
	a->n_sent_starts = n_sent_starts;
	a->n_openers = n_openers;
	settle_marks(a);
	return CT_OK;
}

/* Whether tokens i and i + 1 are capitalized words of one sentence. */
static bool starts_pair(const struct ct_attribution *a, int i)
{
	const struct tok *t = &a->t[i];

	return (size_t)i + 1 < a->n_t && t->kind == T_WORD && t->cap && t[1].kind == T_WORD &&
	       t[1].cap && t[1].sent == t->sent;
}

/* Whether token t is no word of the lexicon or the word lists, but for
 * those of a gender (given names: "Bill", "Mark"; their honorifics and
 * role nouns are titles of the lexicon). */
static bool plain_word(const struct tok *t)
{
	const struct word *w = t->w;

	return !w || (!(w->lists & ~(uint32_t)(W_MALE | W_FEMALE)) && !w->lex_kinds && !w->month &&
		      !w->day);
}

/* The key of the pair of words at tokens i and i + 1. */
static uint64_t pair_key(const struct ct_attribution *a, int i)
{
	return a->t[i].hash * 0x9e3779b97f4a7c15ULL ^ a->t[i + 1].hash;
}

/*
 * Of the sentence openers pairs[0, n) (in text order), each written in
 * lower case elsewhere, no word of the word lists (plain_word()) and
 * followed by a capitalized word: those whose pair the document also
 * writes inside a sentence keep their capital (the first name in "Bill
 * Clinton said", where "the bill" is written too, as "Former President
 * Bill Clinton" is); the others lose it. One pass over the tokens, with
 * the pairs' keys in a set.
 */
static int keep_name_starts(struct ct_attribution *a, const int *pairs, size_t n)
{
	size_t cap = 16, o = 0;
	struct pair_slot { uint64_t key; bool seen; } *set;

	while (cap < 2 * n)
		cap *= 2;
	if (!(set = calloc(cap, sizeof *set)))
		return CT_ENOMEM;
	/* A key of 0 marks a free slot: such a pair is never kept. */
	for (size_t p = 0; p < n; p++) {
		uint64_t key = pair_key(a, pairs[p]);
		size_t k = key & (cap - 1);
		while (key && set[k].key && set[k].key != key)
			k = (k + 1) & (cap - 1);
		if (key)
			set[k].key = key;
	}
	for (int i = 0; (size_t)i + 1 < a->n_t; i++) {
		/* The openers, in text order too, are passed by. */
		while (o < a->n_openers && a->openers[o] < (size_t)i)
			o++;
		if ((o < a->n_openers && a->openers[o] == (size_t)i) || !starts_pair(a, i))
			continue;
		uint64_t key = pair_key(a, i);
		for (size_t k = key & (cap - 1); key && set[k].key; k = (k + 1) & (cap - 1))
			if (set[k].key == key) {
				set[k].seen = true;
				break;
			}
	}
	for (size_t p = 0; p < n; p++) {
		uint64_t key = pair_key(a, pairs[p]);
		size_t k = key & (cap - 1);
		while (key && set[k].key != key)
			k = (k + 1) & (cap - 1);
		if (!key || !set[k].seen)
			a->t[pairs[p]].cap = false;
	}
	free(set);
	return CT_OK;
}

/*
 * A capitalized word that opens a sentence is a name only if the document
 * never writes it in lower case ("But", "Apparently", "Several" are not),
 * or it is a given name before a capitalized word ("Mark Carney said"),
 * or the document writes it, with the capitalized word after it, inside
 * a sentence (keep_name_starts()).
 */
int ct_attr_uncap_sentence_starts(struct ct_attribution *a)
{
	/* The hashes of the openers (a->openers), a few dozen, as a set that
	 * stays in cache while every word in lower case is looked up in it:
	 * open addressing at most half full, hash 0 marking a free slot (an
	 * opener that hashes to 0 asks `zero`, whether a lowercase word does). */
	struct opener { uint64_t hash; bool lower; } *set, local[256];
	size_t cap = 16;
	bool zero = false;

	if (a->n_openers == 0)
		return CT_OK;
	while (cap < 2 * a->n_openers)
		cap *= 2;
	/* A document of up to 128 openers, nearly every one, needs no
	 * allocation. */
	if (cap <= sizeof local / sizeof *local) {
		set = local;
		memset(set, 0, cap * sizeof *set);
	} else if (!(set = calloc(cap, sizeof *set))) {
		return CT_ENOMEM;
	}
	/* A filter before the set: a bit per hash's FILTER_SHIFT bits from
	 * bit 32 on (the set's slots take the low ones), set for every
	 * opener, a hash of 0 too. Most tokens, no opener's word, find
	 * their bit clear, tested first, and are read no further. */
	enum { FILTER_SHIFT = 11 };
	uint64_t filter[(1u << FILTER_SHIFT) / 64] = { 0 };
#define FILTER_BIT(h) ((unsigned)((h) >> 32) & ((1u << FILTER_SHIFT) - 1))
	for (size_t o = 0; o < a->n_openers; o++) {
		uint64_t h = a->t[a->openers[o]].hash;
		size_t k = h & (cap - 1);

		filter[FILTER_BIT(h) / 64] |= (uint64_t)1 << (FILTER_BIT(h) % 64);
		if (h == 0)
			continue;
		while (set[k].hash && set[k].hash != h)
			k = (k + 1) & (cap - 1);
		set[k].hash = h;
	}
	for (size_t i = 0; i < a->n_t; i++) {
		const struct tok *t = &a->t[i];
		if (!(filter[FILTER_BIT(t->hash) / 64] >> (FILTER_BIT(t->hash) % 64) & 1) ||
		    t->kind != T_WORD || !is_lower(a->norm[t->s]))
			continue;
		if (t->hash == 0) {
			zero = true;
			continue;
		}
		for (size_t k = t->hash & (cap - 1); set[k].hash; k = (k + 1) & (cap - 1))
			if (set[k].hash == t->hash) {
				set[k].lower = true;
				break;
			}
	}
	/* The openers written in lower case too; those before a capitalized
	 * word are kept apart for keep_name_starts(). */
	size_t n_pairs = 0;
	int *pairs = NULL;
	for (size_t o = 0; o < a->n_openers; o++) {
		int i = (int)a->openers[o];
		struct tok *t = &a->t[i];
		size_t k = t->hash & (cap - 1);
		while (t->hash && set[k].hash != t->hash)
			k = (k + 1) & (cap - 1);
		if (!(t->hash ? set[k].lower : zero))
			continue;
		if (!starts_pair(a, i) || !plain_word(t)) {
			t->cap = false;
			continue;
		}
		/* "Mark Carney said", where "mark" is written too: a given
		 * name before a capitalized word is the name's. */
		if (t->w && (t->w->lists & (W_MALE | W_FEMALE)))
			continue;
		if (!pairs && !(pairs = malloc(a->n_openers * sizeof *pairs))) {
			if (set != local)
				free(set);
			return CT_ENOMEM;
		}
		pairs[n_pairs++] = i;
	}
	if (set != local)
		free(set);
	int rc = n_pairs ? keep_name_starts(a, pairs, n_pairs) : CT_OK;
	free(pairs);
	return rc;
#undef FILTER_BIT
}

/* ---- queries ---- */

/* Whether token i can be part of a person's name. */
/* By its length first, as most words are none. */
bool ct_attr_quantifier(const struct ct_attribution *a, int i)
{
	switch (a->t[i].e - a->t[i].s) {
	case 3:
		return tok_is(a, i, "all") || tok_is(a, i, "any") || tok_is(a, i, "few");
	case 4:
		return tok_is(a, i, "both") || tok_is(a, i, "each") || tok_is(a, i, "many") ||
		       tok_is(a, i, "most") || tok_is(a, i, "some") || tok_is(a, i, "such");
	case 5:
		return tok_is(a, i, "every") || tok_is(a, i, "other") || tok_is(a, i, "these") ||
		       tok_is(a, i, "those");
	case 6:
		return tok_is(a, i, "either");
	case 7:
		return tok_is(a, i, "neither") || tok_is(a, i, "another") || tok_is(a, i, "several");
	default:
		return false;
	}
}

/* The outlet a name denotes, from the ruleset's outlet blocks, looked up
 * in their index (rules/outlets.c): a phrase that may name an outlet is
 * asked about often, and the shipped rules have some 150 outlet names. */
const char *ct_attr_rules_outlet(const struct ct_attribution *a, const char *name)
{
	const struct ct_outlet_def *d;

	if (!a->rs)
		return NULL;
	if (strncasecmp(name, "the ", 4) == 0)
		name += 4;
	d = ct_ruleset_find_outlet(a->rs, name, strlen(name));
	return d ? d->name : NULL;
}

bool ct_attr_name_token(const struct ct_attribution *a, int i)
{
	if (i < 0 || a->t[i].kind != T_WORD)
		return false;
	if (a->t[i].cap)
		return !is_title(a, i) && !tok_in(a, i, W_PRONOUN) && !is_org_head(a, i) &&
		       !is_group(a, i) && !month_of(a, i) && !tok_in(a, i, W_WEEKDAY) &&
		       !tok_in(a, i, W_LEADING) && !ct_attr_quantifier(a, i);
	/* A particle of two or three letters: by its length first, as most
	 * words are neither. */
	switch (a->t[i].e - a->t[i].s) {
	case 2:
		return tok_is(a, i, "al") || tok_is(a, i, "de") || tok_is(a, i, "da") ||
		       tok_is(a, i, "la") || tok_is(a, i, "le");
	case 3:
		return tok_is(a, i, "bin") || tok_is(a, i, "van") || tok_is(a, i, "von") ||
		       tok_is(a, i, "der") || tok_is(a, i, "del") || tok_is(a, i, "ibn");
	default:
		return false;
	}
}

int ct_attr_number_at(const struct ct_attribution *a, int i, int max_digits)
{
	size_t n;
	const char *s;
	int v = 0;

	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD)
		return -1;
	s = tok_str(a, i, &n);
	/* Digits, then letters or none: a word that does not open with a
	 * digit is no number, and most words are not read further. The
	 * letters and digits are ASCII's, as isalpha() and isdigit() have
	 * them in the C locale, which claimtrack never changes. */
	if (n == 0 || !is_digit(s[0]))
		return -1;
	/* "17th", "1st" */
	while (n > 0 && (is_lower(s[n - 1]) || is_upper(s[n - 1])))
		n--;
	if ((int)n > max_digits)
		return -1;
	for (size_t k = 0; k < n; k++) {
		if (!is_digit(s[k]))
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	return v;
}

/* The first token of the last two words of a name run [s, e], an
 * initial counted with the word after it: "State John F. Kerry" gives
 * "John F. Kerry"; s when the run is shorter. */
int ct_attr_last_two_names(const struct ct_attribution *a, int s, int e)
{
	int k = e, words = 0;

	for (; k > s; k--) {
		size_t n = a->t[k].e - a->t[k].s;
		bool initial = n == 1 || (n == 2 && a->norm[a->t[k].s + 1] == '.');
		if (a->t[k].kind == T_WORD && !initial)
			words++;
		if (words == 2)
			break;
	}
	return k;
}

/* Skips auxiliaries backwards from token i; returns the last subject
 * token. A capitalized one that names an entity is a name: "Theresa May
 * said", "Ms. May told". */
int ct_attr_skip_aux_back(const struct ct_attribution *a, int i, int floor)
{
	while (i >= floor && tok_in(a, i, W_AUXILIARY) && !(a->t[i].cap && a->t[i].ent >= 0))
		i--;
	/* "is quoted as saying" */
	return i;
}

/* The tokens [*s, *e] of the r-th sentence that has any (of
 * a->n_sent_starts); returns the sentence's index in the document. */
int ct_attr_sentence_tokens(const struct ct_attribution *a, size_t r, int *s, int *e)
{
	*s = (int)a->sent_starts[r];
	*e = (r + 1 < a->n_sent_starts ? (int)a->sent_starts[r + 1] : (int)a->n_t) - 1;
	return a->t[*s].sent;
}
