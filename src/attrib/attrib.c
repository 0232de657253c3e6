/*
 * Attribution: who says what in a document.
 *
 * The body is normalized (curly quotes and dashes folded) and cut into
 * tokens. Direct quotes are paired quotation marks, carried across
 * paragraphs the way news style writes them; each takes the speaker named
 * after it ("…," X said / said X), before it (X said: "…"), or of the quote
 * it continues. Reported speech is a reporting verb from the attribution
 * lexicon with a subject before it (X said that …, X expressed alarm over
 * …), "according to X", and "…, X said." Subjects are split into name and
 * role, classified (person, organization, unnamed group), resolved within
 * the document (surnames, pronouns) and canonicalized through the
 * ruleset's speaker and outlet blocks; an outlet that relays a speaker's
 * words becomes the `via`.
 */
#include "base/internal.h"
#include "rules/words.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { T_WORD, T_PUNCT, T_QUOTE };
enum { Q_UNKNOWN = 0, Q_OPEN = 1, Q_CLOSE = 2 };

struct tok {
	size_t s, e;            /* in the normalized text */
	unsigned char kind;
	unsigned char qdir;     /* for quote marks */
	bool cap;               /* starts with an uppercase letter */
	bool used;              /* part of an attribution already */
	bool quoted;            /* inside a direct quote's content */
	uint8_t month, day;     /* base's, copied: sentence_date() asks of every token */
	int sent, para;
	uint64_t hash;          /* word_hash() of the token */
	const struct word *w;   /* the index's entry for the token, NULL if none */
	const struct word *base; /* the same without a possessive 's (word_lower()) */
};

/* A direct quote found by pairing marks; one paragraph's part of it. */
struct dquote {
	int open, close;        /* token indices of the marks; close -1 if unclosed */
	int first, last;        /* content tokens */
	int chain;              /* index of the first part of a multi-paragraph quote */
	int speaker;            /* index into speakers, -1 when none */
	const char *cue;
	int via;                /* outlet index into speakers, -1 */
	bool embedded;          /* a phrase quoted inside a sentence */
};

/* A speaker as resolved in this document. */
struct spk {
	const char *name;       /* canonical */
	const char *mention;
	const char *role;
	enum ct_speaker_kind kind;
	bool outlet;
	size_t at;              /* where mentioned (normalized offset) */
};

struct ct_attribution {
	const struct ct_doc *doc;
	const struct ct_ruleset *rs;
	const struct ct_words *words;  /* the ruleset's, or own_words */
	struct ct_words *own_words;    /* built for this call when there is no ruleset index */
	struct ct_arena arena;
	struct ct_quote *quotes;
	size_t n_quotes, cap_quotes;
	const char *outlet;
	char (*dates)[11];      /* per sentence: the statement date or "" */
	/* Work state, released before ct_attribute() returns. */
	char *norm;
	size_t *map, nlen;
	struct tok *t;
	size_t n_t, cap_t;
	/* Token indices that place_tokens() notes for the passes after it. */
	size_t *sent_starts;    /* each sentence's first token (sentences with tokens) */
	size_t n_sent_starts;
	size_t *openers;        /* capitalized words that open a sentence */
	size_t n_openers;
	size_t *marks;          /* quotation marks */
	size_t n_marks, cap_marks;
	struct dquote *dq;
	size_t n_dq, cap_dq, next_dq;
	struct spk *spk;
	size_t n_spk, cap_spk;
};

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

static const char *tok_str(const struct ct_attribution *a, int i, size_t *n)
{
	*n = a->t[i].e - a->t[i].s;
	return a->norm + a->t[i].s;
}

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

/* Whether token i is the word w, lowercase (case-insensitive). */
static inline bool tok_is(const struct ct_attribution *a, int i, const char *w)
{
	size_t n;
	const char *s;

	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD)
		return false;
	s = tok_str(a, i, &n);
	return strlen(w) == n && ascii_lower((unsigned char)s[0]) == (unsigned char)w[0] &&
	       strncasecmp(s, w, n) == 0;
}

static bool tok_punct(const struct ct_attribution *a, int i, char c)
{
	return i >= 0 && (size_t)i < a->n_t && a->t[i].kind == T_PUNCT && a->norm[a->t[i].s] == c;
}

/* Whether token i is a word of the lists `lists` (W_* bits). */
static bool tok_in(const struct ct_attribution *a, int i, uint32_t lists)
{
	return i >= 0 && (size_t)i < a->n_t && a->t[i].kind == T_WORD && a->t[i].w &&
	       (a->t[i].w->lists & lists);
}

/*
 * Length in tokens of the longest lexicon phrase of `kind` starting at
 * token i, 0 when none; token i is a word that starts some phrase of kind.
 */
static int lexicon_phrase_at(const struct ct_attribution *a, enum ct_cue_kind kind, int i)
{
	const struct ct_ruleset *rs = a->rs;
	const struct word *wd = a->t[i].w;
	size_t first = wd->lex_first, n = wd->lex_n;
	int best = 0;

	for (size_t e = first; e < first + n; e++) {
		const struct ct_cue *c = rs->lex[e].cue;
		const char *p = c->source;
		int k = i, m = 0;
		if (c->kind != kind)
			continue;
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

/* Length in tokens of the longest lexicon phrase of `kind` starting at
 * token i, 0 when none: most tokens start none, which the index tells. */
static inline int lexicon_at(const struct ct_attribution *a, enum ct_cue_kind kind, int i)
{
	if (!a->rs || i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD || !a->t[i].w ||
	    !(a->t[i].w->lex_kinds & (1u << kind)))
		return 0;
	return lexicon_phrase_at(a, kind, i);
}

/* Token text with a possessive 's cut off, lowercased, into buf. */
static const char *word_lower(const struct ct_attribution *a, int i, char *buf, size_t cap)
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

static bool is_title(const struct ct_attribution *a, int i)
{
	return lexicon_at(a, CT_CUE_TITLE, i) > 0;
}

/* Whether the word at i (possessive 's cut) is a one-word lexicon entry of kind. */
static bool is_word_of(const struct ct_attribution *a, int i, enum ct_cue_kind kind)
{
	const struct word *w = a->t[i].base;

	return a->rs && w && (w->one_word & (1u << kind));
}

static bool is_group(const struct ct_attribution *a, int i)
{
	return is_word_of(a, i, CT_CUE_GROUP);
}

static bool is_org_head(const struct ct_attribution *a, int i)
{
	return is_word_of(a, i, CT_CUE_ORG);
}

static int month_of(const struct ct_attribution *a, int i);
static int number_at(const struct ct_attribution *a, int i, int max_digits);

/* ---- tokens ---- */

/*
 * Looks token t, hashed h (word_hash()), up in the word index: as written
 * (for the lexicon and the word lists, which ct_lex_find() and tok_is()
 * read whole) and without a possessive 's, cut to 63 bytes (as
 * word_lower() reads it for is_word_of()).
 */
static void look_up(const struct ct_attribution *a, struct tok *t, uint64_t h)
{
	const char *s = a->norm + t->s;
	size_t n = t->e - t->s, bn = n;

	if (n == 1) {
		t->w = t->base = a->words->single[(unsigned char)s[0]];
	} else {
		t->w = n < 64 ? words_get(a->words, s, n, h) : NULL;
		if (n >= 2 && s[n - 2] == '\'' && (s[n - 1] == 's' || s[n - 1] == 'S'))
			bn -= 2;
		if (bn >= 64)
			bn = 63;
		t->base = bn == n ? t->w : words_get(a->words, s, bn, word_hash(s, bn));
	}
	if (t->base) {
		t->month = t->base->month;
		t->day = t->base->day;
	}
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

	while ((f = word_fold[*p]) != 0) {
		v = fnv_step(v, f);
		p++;
	}
	*h = v;
	return (size_t)(p - (const unsigned char *)s);
}

/* Adds the token norm[s, e), hashed h (word_hash()). */
static int add_tok(struct ct_attribution *a, size_t s, size_t e, int kind, uint64_t h)
{
	struct tok *t;

	if (a->n_t == a->cap_t && !ct_vec_grow((void **)&a->t, &a->cap_t, a->n_t, sizeof *a->t))
		return CT_ENOMEM;
	t = &a->t[a->n_t++];
	*t = (struct tok){
		.s = s,
		.e = e,
		.kind = (unsigned char)kind,
		.cap = kind == T_WORD && is_upper(a->norm[s]),
		.hash = h,
	};
	look_up(a, t, h);
	return CT_OK;
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
	/* Abbreviations are short: a longer word is not looked up. */
	if (n + 1 >= 16)
		return false;
	const struct word *w = words_get(a->words, a->norm + s, n + 1, h);
	return w && ((a->rs && (w->lex_kinds & (1u << CT_CUE_TITLE))) || (w->lists & W_SHORT_FORM));
}

static int tokenize(struct ct_attribution *a)
{
	const char *s = a->norm;
	size_t i = 0, n = a->nlen;
	int rc;

	/* News text has a token every six bytes or so, punctuation included:
	 * one allocation, nearly always. */
	a->cap_t = n / 4 + 16;
	if (!(a->t = malloc(a->cap_t * sizeof *a->t)))
		return CT_ENOMEM;
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
			/* The word's hash is taken as its bytes are read. The
			 * text's terminating NUL ends the last word. */
			bool dotted = false;
			kind = T_WORD;
			h = FNV_OFFSET;
			j = i;
			for (;;) {
				j = hash_word_bytes(s, j, &h);
				/* An apostrophe or a hyphen between word bytes joins
				 * them, a period only between capitals ("U.S."). */
				unsigned char d = (unsigned char)s[j];
				if (!((d == '\'' || d == '-' || d == '.') && j + 1 < n &&
				      is_word_byte((unsigned char)s[j + 1]) &&
				      (d != '.' || (j + 2 <= n && is_upper(s[j + 1]) && j > i &&
						    is_upper(s[j - 1])))))
					break;
				dotted |= d == '.';
				h = fnv_step(h, d);
				j++;
			}
			if (j < n && s[j] == '.' &&
			    keeps_period(a, i, j, dotted, fnv_step(h, '.'))) {
				h = fnv_step(h, '.');
				j++;
			}
		} else if (c == '\'' && i + 1 < n && s[i + 1] == '\'') {
			/* Two apostrophes are a quotation mark in some house styles. */
			kind = T_QUOTE;
			j = i + 2;
			h = word_hash(s + i, 2);
		} else {
			if (c == '"')
				kind = T_QUOTE;
			h = word_hash(s + i, 1);
		}
		/* One call: the compiler inlines add_tok() here. */
		if ((rc = add_tok(a, i, j, kind, h)) != CT_OK)
			return rc;
		i = j;
	}
	return CT_OK;
}

/* Where the span of index k ends, when another follows it; else never
 * (SIZE_MAX): the last sentence and paragraph hold the tokens after them. */
static size_t span_end(const struct ct_span *v, size_t n, size_t k)
{
	return k + 1 < n ? v[k].end : SIZE_MAX;
}

/*
 * Sets each token's sentence and paragraph, and each quote mark's
 * direction. Notes where each sentence's tokens start (a->sent_starts),
 * the quote marks (a->marks, for find_quotes()) and the capitalized words
 * that open a sentence or follow the quote mark that opens it (a->openers,
 * for uncap_sentence_starts()).
 */
static int place_tokens(struct ct_attribution *a)
{
	const struct ct_doc *doc = a->doc;
	size_t si = 0, pi = 0;
	size_t s_end = span_end(doc->sentences, doc->n_sentences, 0);
	size_t p_end = span_end(doc->paragraphs, doc->n_paragraphs, 0);

	/* Every token has a sentence, sentence 0 even when the document has
	 * none; each sentence has at most two openers, its first token and
	 * the one after a quote mark that opens it. */
	a->sent_starts = malloc((doc->n_sentences + 1) * sizeof *a->sent_starts);
	a->openers = malloc((2 * doc->n_sentences + 2) * sizeof *a->openers);
	if (!a->sent_starts || !a->openers)
		return CT_ENOMEM;
	for (size_t i = 0; i < a->n_t; i++) {
		struct tok *t = &a->t[i];
		size_t at = a->map[t->s];
		while (at >= s_end)
			s_end = span_end(doc->sentences, doc->n_sentences, ++si);
		while (at >= p_end)
			p_end = span_end(doc->paragraphs, doc->n_paragraphs, ++pi);
		t->sent = (int)si;
		t->para = (int)pi;
		bool starts = i == 0 || t[-1].sent != t->sent;
		if (starts)
			a->sent_starts[a->n_sent_starts++] = i;
		if (t->cap &&
		    (starts || (t[-1].kind == T_QUOTE && (i < 2 || t[-2].sent != t->sent))))
			a->openers[a->n_openers++] = i;
		if (t->kind == T_QUOTE) {
			if (!ct_vec_grow((void **)&a->marks, &a->cap_marks, a->n_marks,
					 sizeof *a->marks))
				return CT_ENOMEM;
			a->marks[a->n_marks++] = i;
			const unsigned char *o = (const unsigned char *)doc->body + at;
			size_t left = doc->body_len - at;
			if (left >= 3 && o[0] == 0xE2 && o[1] == 0x80 && (o[2] == 0x9C || o[2] == 0x9E))
				t->qdir = Q_OPEN;
			else if (left >= 3 && o[0] == 0xE2 && o[1] == 0x80 && o[2] == 0x9D)
				t->qdir = Q_CLOSE;
			else if (left >= 2 && o[0] == 0xC2 && o[1] == 0xAB)
				t->qdir = Q_OPEN;
			else if (left >= 2 && o[0] == 0xC2 && o[1] == 0xBB)
				t->qdir = Q_CLOSE;
			else {
				bool space_before = t->s == 0 || a->norm[t->s - 1] == ' ' ||
						    a->norm[t->s - 1] == '(' || a->norm[t->s - 1] == '-';
				bool space_after = t->e >= a->nlen || a->norm[t->e] == ' ' ||
						   ispunct((unsigned char)a->norm[t->e]);
				t->qdir = space_before && !space_after ? Q_OPEN :
					  !space_before && space_after ? Q_CLOSE : Q_UNKNOWN;
			}
		}
	}
	return CT_OK;
}

/*
 * A capitalized word that opens a sentence is a name only if the document
 * never writes it in lower case ("But", "Apparently", "Several" are not).
 */
static int uncap_sentence_starts(struct ct_attribution *a)
{
	/* The hashes of the openers (a->openers), a few dozen, as a set that
	 * stays in cache while every word in lower case is looked up in it:
	 * open addressing at most half full, hash 0 marking a free slot (an
	 * opener that hashes to 0 asks `zero`, whether a lowercase word does). */
	struct { uint64_t hash; bool lower; } *set;
	size_t cap = 16;
	bool zero = false;

	if (a->n_openers == 0)
		return CT_OK;
	while (cap < 2 * a->n_openers)
		cap *= 2;
	if (!(set = calloc(cap, sizeof *set)))
		return CT_ENOMEM;
	for (size_t o = 0; o < a->n_openers; o++) {
		uint64_t h = a->t[a->openers[o]].hash;
		size_t k = h & (cap - 1);

		if (h == 0)
			continue;
		while (set[k].hash && set[k].hash != h)
			k = (k + 1) & (cap - 1);
		set[k].hash = h;
	}
	for (size_t i = 0; i < a->n_t; i++) {
		const struct tok *t = &a->t[i];
		if (t->kind != T_WORD || !is_lower(a->norm[t->s]))
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
	for (size_t o = 0; o < a->n_openers; o++) {
		struct tok *t = &a->t[a->openers[o]];
		size_t k = t->hash & (cap - 1);
		while (t->hash && set[k].hash != t->hash)
			k = (k + 1) & (cap - 1);
		if (t->hash ? set[k].lower : zero)
			t->cap = false;
	}
	free(set);
	return CT_OK;
}

/* ---- speakers ---- */

static char *arena_text(struct ct_attribution *a, size_t s, size_t e)
{
	while (s < e && a->norm[s] == ' ')
		s++;
	while (e > s && (a->norm[e - 1] == ' ' || a->norm[e - 1] == ','))
		e--;
	return ct_arena_strndup(&a->arena, a->norm + s, e - s);
}

/* Text of tokens [from, to] as written (normalized). */
static char *tokens_text(struct ct_attribution *a, int from, int to)
{
	if (from > to)
		return NULL;
	return arena_text(a, a->t[from].s, a->t[to].e);
}

static const char *last_word(const char *s)
{
	const char *sp = strrchr(s, ' ');
	return sp ? sp + 1 : s;
}

/* Case-insensitive comparison of two names, ignoring a possessive 's. */
static bool same_name(const char *x, const char *y)
{
	size_t nx = strlen(x), ny = strlen(y);

	if (nx >= 2 && x[nx - 2] == '\'' && x[nx - 1] == 's')
		nx -= 2;
	if (ny >= 2 && y[ny - 2] == '\'' && y[ny - 1] == 's')
		ny -= 2;
	return nx == ny && strncasecmp(x, y, nx) == 0;
}

/* The canonical name for a person from the ruleset's speaker blocks. */
static const struct ct_speaker_def *rules_speaker(const struct ct_attribution *a, const char *name)
{
	const struct ct_ruleset *rs = a->rs;
	const struct ct_speaker_def *by_last = NULL;
	int n_last = 0;

	if (!rs)
		return NULL;
	for (size_t i = 0; i < rs->n_speakers; i++) {
		const struct ct_speaker_def *d = &rs->speakers[i].pub;
		if (same_name(d->name, name))
			return d;
		for (size_t k = 0; k < d->n_aliases; k++)
			if (same_name(d->aliases[k], name))
				return d;
		if (!strchr(name, ' ') && same_name(last_word(d->name), name)) {
			by_last = d;
			n_last++;
		}
	}
	return n_last == 1 ? by_last : NULL;
}

/* The outlet a name denotes, from the ruleset's outlet blocks. */
static const char *rules_outlet(const struct ct_attribution *a, const char *name)
{
	const struct ct_ruleset *rs = a->rs;
	const char *n = name;

	if (strncasecmp(n, "the ", 4) == 0)
		n += 4;
	for (size_t i = 0; rs && i < rs->n_outlets; i++) {
		const struct ct_outlet_def *d = &rs->outlets[i].pub;
		if (same_name(d->name, n))
			return d->name;
		for (size_t k = 0; k < d->n_aliases; k++)
			if (same_name(d->aliases[k], n))
				return d->name;
		for (size_t k = 0; k < d->n_domains; k++)
			if (same_name(d->domains[k], n))
				return d->name;
	}
	return NULL;
}

/* Whether tokens [from, to] name an outlet; *canon is its name. */
static bool is_outlet(struct ct_attribution *a, int from, int to, const char **canon)
{
	char *text = tokens_text(a, from, to);
	const char *r;

	if (!text)
		return false;
	if ((r = rules_outlet(a, text)) != NULL) {
		*canon = r;
		return true;
	}
	if (!a->t[to].cap || !tok_in(a, to, W_OUTLET_HEAD))
		return false;
	for (int i = from; i <= to; i++)
		if (a->t[i].kind != T_WORD || (!a->t[i].cap && !tok_is(a, i, "the")))
			return false;
	*canon = strncasecmp(text, "the ", 4) == 0 ? text + 4 : text;
	return true;
}

static int add_speaker(struct ct_attribution *a, const char *name, const char *mention,
		       const char *role, enum ct_speaker_kind kind, bool outlet, size_t at)
{
	struct spk *s;

	if (!ct_vec_grow((void **)&a->spk, &a->cap_spk, a->n_spk, sizeof *a->spk))
		return -1;
	s = &a->spk[a->n_spk];
	s->name = name;
	s->mention = mention;
	s->role = role;
	s->kind = kind;
	s->outlet = outlet;
	s->at = at;
	return (int)a->n_spk++;
}

/* The latest speaker before `at` that a pronoun can refer to. */
static int resolve_pronoun(const struct ct_attribution *a, const char *p, size_t at)
{
	bool person = strcasecmp(p, "he") == 0 || strcasecmp(p, "she") == 0;
	bool it = strcasecmp(p, "it") == 0;

	if (strcasecmp(p, "we") == 0 || strcasecmp(p, "i") == 0)
		return -1;
	int best = -1;

	/* Speakers are recorded nearly in text order: the latest few hold
	 * the answer. */
	for (size_t i = a->n_spk > 256 ? a->n_spk - 256 : 0; i < a->n_spk; i++) {
		const struct spk *s = &a->spk[i];
		bool fits;
		if (s->at >= at || !s->name || s->outlet)
			continue;
		fits = person ? s->kind == CT_SPEAKER_PERSON :
		       it ? s->kind == CT_SPEAKER_ORGANIZATION : s->kind != CT_SPEAKER_NARRATOR;
		if (fits && (best < 0 || s->at >= a->spk[best].at))
			best = (int)i;
	}
	return best;
}

/* An earlier person whose full name ends in this surname. */
static const char *resolve_surname(const struct ct_attribution *a, const char *name)
{
	if (strchr(name, ' '))
		return NULL;
	/* The most recent full name first: it is the likeliest referent. */
	for (size_t i = a->n_spk; i-- > 0;) {
		const struct spk *s = &a->spk[i];
		if (s->kind == CT_SPEAKER_PERSON && s->name && strchr(s->name, ' ') &&
		    same_name(last_word(s->name), name))
			return s->name;
	}
	return NULL;
}

/* An earlier organization whose name ends in this word ("the ministry"). */
static const char *resolve_org_word(const struct ct_attribution *a, const char *word)
{
	for (size_t i = a->n_spk; i-- > 0;) {
		const struct spk *s = &a->spk[i];
		if (s->kind == CT_SPEAKER_ORGANIZATION && s->name && !s->outlet &&
		    same_name(last_word(s->name), word))
			return s->name;
	}
	return NULL;
}

/*
 * Appends a space when `space`, then s[0, n) up to any NUL in it, to the
 * role being written in buf (cap bytes, *o of them used and a NUL). *o
 * counts what does not fit as well, as snprintf() would, and then buf is
 * left as it was: tidy_role() refuses a role that long.
 */
static void role_add(char *buf, size_t cap, size_t *o, bool space, const char *s, size_t n)
{
	size_t len = strnlen(s, n), at = *o + space;

	if (at + len < cap) {
		if (space)
			buf[*o] = ' ';
		memcpy(buf + at, s, len);
		buf[at + len] = '\0';
	}
	*o = at + len;
}

/*
 * A role written "Long Name (ABBR) rest" becomes "ABBR rest"; a leading
 * "the" goes, and a rank right before the name ("chief General") too.
 */
static char *tidy_role(struct ct_attribution *a, int from, int to)
{
	char buf[512];
	size_t o = 0;
	int i = from;

	buf[0] = '\0';

	while (i <= to && (tok_is(a, i, "the") || tok_is(a, i, "a") || tok_is(a, i, "an") ||
			   tok_punct(a, i, ',')))
		i++;
	while (to >= i && (tok_punct(a, to, ',') || tok_punct(a, to, '-')))
		to--;
	/* "chief General" before a name: the rank is the name's, not the role's. */
	if (to > i && is_title(a, to) && a->t[to].cap && !a->t[to - 1].cap)
		to--;
	if (i > to)
		return NULL;
	for (int k = i; k <= to && o + 64 < sizeof buf; k++) {
		size_t n;
		const char *s;
		/* "Collective Security Treaty Organization (CSTO)" -> "CSTO" */
		if (a->t[k].cap && a->t[k].kind == T_WORD) {
			int j = k;
			while (j <= to && a->t[j].kind == T_WORD &&
			       (a->t[j].cap || tok_is(a, j, "of") || tok_is(a, j, "and") ||
				tok_is(a, j, "for")))
				j++;
			if (j - k >= 2 && tok_punct(a, j, '(') && j + 2 <= to + 1 &&
			    a->t[j + 1].cap && tok_punct(a, j + 2, ')')) {
				k = j + 1;
				s = tok_str(a, k, &n);
				role_add(buf, sizeof buf, &o, o > 0, s, n);
				k += 1;
				continue;
			}
		}
		s = tok_str(a, k, &n);
		bool glue = a->t[k].kind == T_PUNCT && (s[0] == ',' || s[0] == ')');
		bool after_open = k > i && tok_punct(a, k - 1, '(');
		role_add(buf, sizeof buf, &o, o && !glue && !after_open, s, n);
	}
	/* A phrase that long is no role. */
	if (o >= sizeof buf)
		return NULL;
	/* "the ministry's spokesman" -> "spokesman of the Taliban Defence Ministry" */
	const char *pos = strstr(buf, "'s ");
	if (pos) {
		char owner[64];
		size_t ol = (size_t)(pos - buf);
		if (ol < sizeof owner && !memchr(buf, ' ', ol)) {
			memcpy(owner, buf, ol);
			owner[ol] = '\0';
			const char *org = resolve_org_word(a, owner);
			if (org) {
				char tmp[512];
				snprintf(tmp, sizeof tmp, "%s of %s%s", pos + 3,
					 strncasecmp(org, "the ", 4) == 0 ? "" : "the ", org);
				return ct_arena_strndup(&a->arena, tmp, strlen(tmp));
			}
		}
	}
	/* "Mr." or "Ms." alone is a courtesy, not a role. */
	static const char *const courtesy[] = { "Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Sir", NULL };
	for (int c = 0; courtesy[c]; c++)
		if (strcmp(buf, courtesy[c]) == 0)
			return NULL;
	return ct_arena_strndup(&a->arena, buf, o);
}

/* Whether token i can be part of a person's name. */
static bool name_token(const struct ct_attribution *a, int i)
{
	if (i < 0 || a->t[i].kind != T_WORD)
		return false;
	if (a->t[i].cap)
		return !is_title(a, i) && !tok_in(a, i, W_PRONOUN) && !is_org_head(a, i) &&
		       !is_group(a, i) && !month_of(a, i) && !tok_in(a, i, W_WEEKDAY) &&
		       !tok_in(a, i, W_LEADING);
	return tok_is(a, i, "bin") || tok_is(a, i, "al") || tok_is(a, i, "de") ||
	       tok_is(a, i, "van") || tok_is(a, i, "von") || tok_is(a, i, "der") ||
	       tok_is(a, i, "da") || tok_is(a, i, "del") || tok_is(a, i, "la") ||
	       tok_is(a, i, "le") || tok_is(a, i, "ibn");
}

/*
 * Reads a speaker phrase, tokens [from, to], and records the speaker:
 * a pronoun resolved to an earlier speaker, a person (name split from
 * title and role), an organization, an outlet or an unnamed group.
 * Returns its index, or -1 when the phrase names no speaker.
 */
static int read_speaker(struct ct_attribution *a, int from, int to)
{
	int chunk_start[8], chunk_end[8], n_chunks = 0, depth = 0;
	const char *canon = NULL;

	/* Leading conjunctions and subordinators are not the subject's:
	 * "But many Democrats say", "When Clinton noted that". */
	while (from <= to && (tok_punct(a, from, ',') || tok_punct(a, from, '-') ||
			      tok_in(a, from, W_LEADING)))
		from++;
	while (to >= from && (tok_punct(a, to, ',') || tok_punct(a, to, '-')))
		to--;
	/* "Sen. Lindsey Graham (R-S.C.)": the parenthesis is not the name. */
	if (to > from && tok_punct(a, to, ')')) {
		int k = to;
		while (k > from && !tok_punct(a, k, '('))
			k--;
		if (k > from)
			to = k - 1;
	}
	if (from > to || to - from > 30)
		return -1;
	size_t at = a->t[from].s;
	char *mention = tokens_text(a, from, to);
	if (!mention)
		return -1;
	if (from == to && tok_in(a, from, W_PRONOUN)) {
		int r = resolve_pronoun(a, mention, at);
		if (r < 0)
			return -1;
		return add_speaker(a, a->spk[r].name, mention, a->spk[r].role, a->spk[r].kind,
				   false, at);
	}
	if (is_outlet(a, from, to, &canon))
		return add_speaker(a, canon, mention, NULL, CT_SPEAKER_ORGANIZATION, true, at);

	/* Cut into comma-separated chunks (not inside parentheses). */
	chunk_start[0] = from;
	for (int i = from; i <= to; i++) {
		if (tok_punct(a, i, '('))
			depth++;
		else if (tok_punct(a, i, ')') && depth > 0)
			depth--;
		else if (tok_punct(a, i, ',') && depth == 0 && n_chunks < 7) {
			chunk_end[n_chunks++] = i - 1;
			chunk_start[n_chunks] = i + 1;
		}
	}
	chunk_end[n_chunks++] = to;

	/* A leading phrase of place or manner is no part of the subject: "At a
	 * fundraiser in New York, Clinton", "Speaking in Novi, Michigan, Trump"
	 * (single capitalized chunks right after it continue the place). */
	for (int c = 0; c + 1 < n_chunks; c++) {
		int cs = chunk_start[c];
		size_t wl = 0;
		const char *w = a->t[cs].kind == T_WORD ? tok_str(a, cs, &wl) : "";
		bool participle = wl > 4 && strncmp(w + wl - 3, "ing", 3) == 0;
		if (c > 0 || !(tok_in(a, cs, W_ADVERBIAL) || participle))
			break;
		chunk_end[c] = cs - 1;
		while (c + 2 < n_chunks && chunk_end[c + 1] - chunk_start[c + 1] <= 1 &&
		       a->t[chunk_start[c + 1]].cap) {
			c++;
			chunk_end[c] = chunk_start[c] - 1;
		}
	}
	/* Relative clauses (", who ...,") and lone adverbs (", however,") are
	 * asides; anything else with a verb or a clause word is not a noun
	 * phrase, so the span is no subject. */
	for (int c = 0; c < n_chunks; c++) {
		int cs = chunk_start[c], ce = chunk_end[c];
		if (cs > ce)
			continue;
		if (cs == ce && number_at(a, cs, 4) >= 0) {
			/* "On December 17, 2020, Jane Doe": the year is no role. */
			chunk_end[c] = cs - 1;
			continue;
		}
		if (c > 0 && (tok_is(a, cs, "who") || tok_is(a, cs, "which") ||
			      tok_is(a, cs, "whose") || tok_is(a, cs, "whom") ||
			      (cs == ce && tok_in(a, cs, W_ASIDE)))) {
			chunk_end[c] = cs - 1;
			continue;
		}
		for (int i = cs, nest = 0; i <= ce; i++) {
			if (tok_punct(a, i, '('))
				nest++;
			else if (tok_punct(a, i, ')'))
				nest--;
			else if (nest == 0 && (tok_in(a, i, W_VERBISH) || a->t[i].kind == T_QUOTE ||
						lexicon_at(a, CT_CUE_SPEECH, i)))
				return -1;
		}
	}

	/* A person: the chunk ending in a name. */
	for (int c = 0; c < n_chunks; c++) {
		int s = chunk_start[c], e = chunk_end[c], k = e;
		if (s > e || !a->t[e].cap || !name_token(a, e))
			continue;
		while (k - 1 >= s && name_token(a, k - 1) && e - k < 4)
			k--;
		/* An initial or a capitalized word that opens the chunk can be a
		 * first name only when a name token follows it. */
		char *name = tokens_text(a, k, e);
		const char *full = resolve_surname(a, name);
		const struct ct_speaker_def *def = rules_speaker(a, full ? full : name);
		const char *role = NULL;
		/* "On 17 December Jane Doe said": a leading phrase is no role. */
		if (k > s && !tok_in(a, s, W_ADVERBIAL))
			role = tidy_role(a, s, k - 1);
		for (int o = 0; !role && o < n_chunks; o++)
			if (o != c && chunk_start[o] <= chunk_end[o])
				role = tidy_role(a, chunk_start[o], chunk_end[o]);
		/* "the Taliban" or "Taliban" alone is an organization. */
		if (k == e && is_org_head(a, e))
			continue;
		/* A person keeps the role the document first gave them. */
		for (size_t p = 0; !role && p < a->n_spk; p++)
			if (a->spk[p].kind == CT_SPEAKER_PERSON && a->spk[p].role &&
			    strcmp(a->spk[p].name, def ? def->name : full ? full : name) == 0)
				role = a->spk[p].role;
		if (def) {
			if (!role)
				role = def->role;
			return add_speaker(a, def->name, mention, role, CT_SPEAKER_PERSON, false, at);
		}
		return add_speaker(a, full ? full : name, mention, role, CT_SPEAKER_PERSON,
				   false, at);
	}
	/* An organization: a chunk whose last word is an organization head. */
	for (int c = 0; c < n_chunks; c++) {
		int s = chunk_start[c], e = chunk_end[c], k = e;
		if (s > e || !is_org_head(a, e))
			continue;
		if (!a->t[e].cap) {
			/* "the ministry": an organization named before. */
			char buf[64];
			const char *org = resolve_org_word(a, word_lower(a, e, buf, sizeof buf));
			if (org)
				return add_speaker(a, org, mention, NULL, CT_SPEAKER_ORGANIZATION,
						   false, at);
			continue;
		}
		while (k - 1 >= s && a->t[k - 1].kind == T_WORD &&
		       (a->t[k - 1].cap || tok_is(a, k - 1, "of") || tok_is(a, k - 1, "and") ||
			tok_is(a, k - 1, "for")))
			k--;
		while (k < e && !a->t[k].cap)
			k++;
		return add_speaker(a, tokens_text(a, k, e), mention, NULL,
				   CT_SPEAKER_ORGANIZATION, false, at);
	}
	/* An unnamed group, or a role without a name ("a spokesman"). */
	for (int c = 0; c < n_chunks; c++) {
		int s = chunk_start[c], e = chunk_end[c];
		if (s > e || a->t[e].kind != T_WORD)
			continue;
		while (s < e && (tok_is(a, s, "the") || tok_is(a, s, "a") || tok_is(a, s, "an")))
			s++;
		if (is_group(a, e))
			return add_speaker(a, tokens_text(a, s, e), mention, NULL, CT_SPEAKER_GROUP,
					   false, at);
		if (is_title(a, e))
			return add_speaker(a, tokens_text(a, s, e), mention, NULL,
					   CT_SPEAKER_PERSON, false, at);
	}
	/* A described speaker: "The commission", "Connecticut's tax commissioner". */
	if (n_chunks == 1 && to - from <= 4 && a->t[to].kind == T_WORD && !a->t[to].cap) {
		size_t n;
		const char *w = tok_str(a, from, &n);
		bool det = tok_is(a, from, "the") || tok_is(a, from, "a") || tok_is(a, from, "an") ||
			   tok_is(a, from, "this") || tok_is(a, from, "his") || tok_is(a, from, "her") ||
			   tok_is(a, from, "their") || tok_is(a, from, "its");
		bool poss = n > 2 && w[n - 2] == '\'' && w[n - 1] == 's';
		if ((det && to > from) || poss)
			return add_speaker(a, tokens_text(a, det ? from + 1 : from, to), mention, NULL,
					   poss ? CT_SPEAKER_PERSON : CT_SPEAKER_ORGANIZATION, false, at);
	}
	return -1;
}

/* ---- quotes out ---- */

static int emit(struct ct_attribution *a, enum ct_quote_kind kind, int speaker, int via,
		const char *cue, size_t s, size_t e)
{
	struct ct_quote *q;

	while (s < e && (a->norm[s] == ' ' || a->norm[s] == ','))
		s++;
	while (e > s && (a->norm[e - 1] == ' ' || a->norm[e - 1] == ','))
		e--;
	if (e <= s)
		return CT_OK;
	if (!ct_vec_grow((void **)&a->quotes, &a->cap_quotes, a->n_quotes, sizeof *a->quotes))
		return CT_ENOMEM;
	q = &a->quotes[a->n_quotes++];
	memset(q, 0, sizeof *q);
	q->kind = kind;
	q->cue = cue;
	q->start = a->map[s];
	q->end = a->map[e - 1] + 1;
	/* The end is the byte after the last character, whole. */
	while (q->end < a->doc->body_len && ((unsigned char)a->doc->body[q->end] & 0xC0) == 0x80)
		q->end++;
	if (speaker >= 0) {
		const struct spk *sp = &a->spk[speaker];
		q->speaker = sp->name;
		q->mention = sp->mention;
		q->role = sp->role;
		q->speaker_kind = sp->kind;
	} else {
		q->speaker_kind = CT_SPEAKER_PERSON;
	}
	if (via >= 0)
		q->via = a->spk[via].name;
	return CT_OK;
}

/* ---- direct quotes ---- */

static int add_dquote(struct ct_attribution *a, int open, int close, int first, int last, int chain)
{
	struct dquote *q;

	if (!ct_vec_grow((void **)&a->dq, &a->cap_dq, a->n_dq, sizeof *a->dq))
		return CT_ENOMEM;
	q = &a->dq[a->n_dq];
	memset(q, 0, sizeof *q);
	q->open = open;
	q->close = close;
	q->first = first;
	q->last = last;
	q->chain = chain < 0 ? (int)a->n_dq : chain;
	q->speaker = -1;
	q->via = -1;
	a->n_dq++;
	return CT_OK;
}

/* The first token after token i's paragraph; a->n_t after the last one. */
static int paragraph_end(const struct ct_attribution *a, int i)
{
	int p = i + 1;

	while (p < (int)a->n_t && a->t[p].para == a->t[i].para)
		p++;
	return p;
}

/*
 * Pairs quotation marks into quotes, paragraph by paragraph. It visits the
 * marks alone: between an open one and the next, what matters is whether
 * a paragraph ends, which the next mark's paragraph tells.
 */
static int find_quotes(struct ct_attribution *a)
{
	int open = -1, chain = -1, rc;

	/* One step past the last mark: the end of the text. */
	for (size_t m = 0; m <= a->n_marks; m++) {
		int i = m < a->n_marks ? (int)a->marks[m] : (int)a->n_t;
		const struct tok *t = m < a->n_marks ? &a->t[i] : NULL;
		/* A paragraph ends inside a quote: news style reopens the quote
		 * at the next paragraph when it goes on; else it was unclosed. */
		if (open >= 0 && (!t || t->para != a->t[open].para)) {
			int p = paragraph_end(a, open);
			if ((rc = add_dquote(a, open, -1, open + 1, p - 1, chain)) != CT_OK)
				return rc;
			/* p <= i: no mark lies between the open one and this. */
			if (p == i && t && t->qdir != Q_CLOSE) {
				chain = a->dq[a->n_dq - 1].chain;
				open = i;
				continue;
			}
			open = -1;
			chain = -1;
		}
		if (!t)
			break;
		if (open < 0) {
			if (t->qdir != Q_CLOSE)
				open = i;
			continue;
		}
		if (t->qdir == Q_OPEN) {
			/* An opening mark inside an open quote: the first was unclosed. */
			if ((rc = add_dquote(a, open, -1, open + 1, i - 1, chain)) != CT_OK)
				return rc;
			chain = -1;
			open = i;
			continue;
		}
		if ((rc = add_dquote(a, open, i, open + 1, i - 1, chain)) != CT_OK)
			return rc;
		open = -1;
		chain = -1;
	}

	/* Short phrases quoted inside a sentence are not quotes of their own. */
	for (size_t q = 0; q < a->n_dq; q++) {
		struct dquote *d = &a->dq[q];
		int words = 0;
		for (int k = d->first; k <= d->last; k++)
			words += a->t[k].kind == T_WORD;
		bool mid = d->open > 0 && a->t[d->open - 1].kind == T_WORD &&
			   a->t[d->open - 1].sent == a->t[d->open].sent &&
			   !lexicon_at(a, CT_CUE_SPEECH, d->open - 1);
		bool chained = d->chain != (int)q || (q + 1 < a->n_dq && a->dq[q + 1].chain == (int)q);
		/* A short quote that ends its clause ("Fine," she said) is a quote;
		 * one without closing punctuation is a quoted phrase. */
		bool clause = d->last >= d->first &&
			      (tok_punct(a, d->last, ',') || tok_punct(a, d->last, '.') ||
			       tok_punct(a, d->last, '?') || tok_punct(a, d->last, '!'));
		if (!chained && (mid || (words < 4 && !clause)))
			d->embedded = true;
		if (words == 0)
			d->embedded = true;
		for (int k = d->open; !d->embedded && k <= (d->close >= 0 ? d->close : d->last); k++)
			a->t[k].quoted = true;
	}
	return CT_OK;
}

/* Skips auxiliaries backwards from token i; returns the last subject token. */
static int skip_aux_back(const struct ct_attribution *a, int i, int floor)
{
	while (i >= floor && tok_in(a, i, W_AUXILIARY))
		i--;
	/* "is quoted as saying" */
	return i;
}

/*
 * The speaker of a direct quote named after it: `"…," X said`, `"…,"
 * said X`, `"…" - X`, with `, OUTLET reported` as via. Marks the tokens.
 */
static bool quote_after(struct ct_attribution *a, struct dquote *d)
{
	int i = d->close + 1, n = (int)a->n_t, cue = -1, cl = 0, np_s, np_e;

	if (d->close < 0 || i >= n)
		return false;
	if (tok_punct(a, i, ','))
		i++;
	if (i >= n || a->t[i].para != a->t[d->close].para)
		return false;
	if (tok_punct(a, i, '-')) {
		np_s = i + 1;
		np_e = np_s;
		while (np_e + 1 < n && a->t[np_e + 1].kind == T_WORD && a->t[np_e + 1].cap &&
		       a->t[np_e + 1].para == a->t[i].para)
			np_e++;
		if (np_s >= n || !a->t[np_s].cap)
			return false;
		d->cue = "-";
		d->speaker = read_speaker(a, np_s, np_e);
		return d->speaker >= 0;
	}
	if ((cl = lexicon_at(a, CT_CUE_SPEECH, i)) > 0 && !tok_is(a, i, "according")) {
		/* said X */
		cue = i;
		np_s = i + cl;
		np_e = np_s;
		while (np_e < n && a->t[np_e].sent == a->t[np_s].sent &&
		       (a->t[np_e].kind == T_WORD || tok_punct(a, np_e, ',') ||
			tok_punct(a, np_e, '(') || tok_punct(a, np_e, ')')) &&
		       !(np_e > np_s && !a->t[np_e].cap && tok_in(a, np_e, W_NP_STOPPER)))
			np_e++;
		np_e--;
	} else {
		/* X said */
		int k = i;
		while (k < n && k - i < 14 && a->t[k].sent == a->t[i].sent &&
		       a->t[k].kind != T_QUOTE && !tok_punct(a, k, '.') &&
		       !(cl = lexicon_at(a, CT_CUE_SPEECH, k)))
			k++;
		if (cl == 0 || k >= n || tok_is(a, k, "according"))
			return false;
		cue = k;
		np_s = i;
		np_e = skip_aux_back(a, k - 1, i);
	}
	if (np_e < np_s)
		return false;
	d->speaker = read_speaker(a, np_s, np_e);
	if (d->speaker < 0)
		return false;
	d->cue = tokens_text(a, cue, cue + cl - 1);
	for (int k = i; k <= np_e || k < cue + cl; k++)
		a->t[k].used = true;
	/* ", Tolo News reported." */
	int k = (np_e > cue ? np_e : cue + cl - 1) + 1;
	if (tok_punct(a, k, ',')) {
		int s = k + 1, e = s, ol;
		while (e < n && a->t[e].kind == T_WORD && a->t[e].cap)
			e++;
		if (e > s && (ol = lexicon_at(a, CT_CUE_SPEECH, e)) > 0) {
			const char *canon;
			if (is_outlet(a, s, e - 1, &canon)) {
				d->via = add_speaker(a, canon, tokens_text(a, s, e - 1), NULL,
						     CT_SPEAKER_ORGANIZATION, true, a->t[s].s);
				for (int u = k; u < e + ol; u++)
					a->t[u].used = true;
			}
		}
	}
	return true;
}

/* The speaker of a direct quote named before it: `X said: "…"`, or a
 * name and a dash opening the paragraph: `Name - "…"`. */
static bool quote_before(struct ct_attribution *a, struct dquote *d)
{
	int i = d->open - 1, cue = -1, cl = 0;

	if (i >= 1 && tok_punct(a, i, '-') && a->t[i - 1].cap) {
		int s = i - 1;
		while (s - 1 >= 0 && a->t[s - 1].para == a->t[i].para && i - s < 6 &&
		       (name_token(a, s - 1) || tok_punct(a, s - 1, '.')))
			s--;
		if (s == 0 || a->t[s - 1].para != a->t[i].para) {
			d->speaker = read_speaker(a, s, i - 1);
			if (d->speaker >= 0) {
				d->cue = "-";
				for (int k = s; k <= i; k++)
					a->t[k].used = true;
				return true;
			}
		}
	}

	if (i < 1 || !(tok_punct(a, i, ':') || tok_punct(a, i, ',')))
		return false;
	/* The cue, maybe followed by an object: "told reporters:" */
	for (int k = i - 1; k >= 0 && k >= i - 4 && a->t[k].sent == a->t[i].sent; k--) {
		if (a->t[k].kind != T_WORD)
			break;
		if ((cl = lexicon_at(a, CT_CUE_SPEECH, k)) > 0) {
			cue = k;
			break;
		}
	}
	if (cue < 1)
		return false;
	int e = skip_aux_back(a, cue - 1, 0), s = e;
	while (s - 1 >= 0 && a->t[s - 1].sent == a->t[e].sent && !a->t[s - 1].quoted &&
	       a->t[s - 1].kind != T_QUOTE && !tok_punct(a, s - 1, '.') &&
	       !tok_punct(a, s - 1, ':') && e - s < 20)
		s--;
	d->speaker = read_speaker(a, s, e);
	if (d->speaker < 0)
		return false;
	d->cue = tokens_text(a, cue, cue + cl - 1);
	for (int k = s; k <= i; k++)
		a->t[k].used = true;
	return true;
}

/* A quoted transcript line names its speaker itself: `"WALLACE: Let's …"`. */
static bool quote_colon(struct ct_attribution *a, struct dquote *d)
{
	int k = d->first;

	while (k <= d->last && k - d->first < 3 && name_token(a, k) && a->t[k].cap)
		k++;
	if (k == d->first || k >= d->last || !tok_punct(a, k, ':') || tok_in(a, d->first, W_LABEL))
		return false;
	d->speaker = read_speaker(a, d->first, k - 1);
	if (d->speaker < 0)
		return false;
	d->cue = ":";
	d->first = k + 1;
	return true;
}

/* The sentence in which a quote's attribution is sought: its closing mark's. */
static int quote_sentence(const struct ct_attribution *a, const struct dquote *d)
{
	return a->t[d->close >= 0 ? d->close : d->last >= d->first ? d->last : d->open].sent;
}

/* Attributes the direct quotes that end in sentence `sent`. */
static void attribute_quotes(struct ct_attribution *a, int sent, int *prev)
{
	/* Quotes come in text order: a cursor walks them with the sentences. */
	for (; a->next_dq < a->n_dq && quote_sentence(a, &a->dq[a->next_dq]) <= sent; a->next_dq++) {
		size_t q = a->next_dq;
		struct dquote *d = &a->dq[q];
		if (d->embedded || quote_sentence(a, d) != sent)
			continue;
		if (!quote_colon(a, d) && !quote_after(a, d) && !quote_before(a, d) && *prev >= 0) {
			/* A quote with no attribution of its own keeps the speaker of
			 * the quote before it, in its paragraph or the one before. */
			const struct dquote *p = &a->dq[*prev];
			if (p->speaker >= 0 && a->t[d->open].para - a->t[p->open].para <= 1) {
				d->speaker = p->speaker;
				d->via = p->via;
				d->cue = p->cue;
			}
		}
		*prev = (int)q;
	}
}

/* The parts of a multi-paragraph quote share its speaker, which news style
 * names in its first or its last paragraph. */
static void share_chains(struct ct_attribution *a)
{
	for (size_t q = a->n_dq; q-- > 0;) {
		struct dquote *d = &a->dq[q], *head = &a->dq[d->chain];
		if (head->speaker < 0 && d->speaker >= 0) {
			head->speaker = d->speaker;
			head->via = d->via;
			head->cue = d->cue;
		}
	}
	for (size_t q = 0; q < a->n_dq; q++) {
		struct dquote *d = &a->dq[q], *head = &a->dq[d->chain];
		if (d->speaker < 0 && head->speaker >= 0) {
			d->speaker = head->speaker;
			d->via = head->via;
			d->cue = head->cue;
		}
	}
}

/* ---- reported speech ---- */

/* First token of a sentence after leading adverbials ("On December 17,"). */
static int clause_start(const struct ct_attribution *a, int s, int e, int *via_s, int *via_e)
{
	int i = s;

	*via_s = *via_e = -1;
	for (int guard = 0; guard < 4; guard++) {
		int k = i;
		if (!tok_in(a, i, W_ADVERBIAL))
			break;
		while (k <= e && !tok_punct(a, k, ',') && k - i < 10 && !a->t[k].quoted)
			k++;
		if (k > e || !tok_punct(a, k, ','))
			break;
		if (tok_is(a, i, "according") && tok_is(a, i + 1, "to")) {
			*via_s = i + 2;
			*via_e = k - 1;
		}
		i = k + 1;
	}
	return i;
}

/* Content of reported speech after a cue: past "that", an object of "told". */
static int content_start(const struct ct_attribution *a, int after, int e, bool told)
{
	int i = after;

	if (tok_punct(a, i, ':'))
		return i + 1;
	/* "said Friday that", "told reporters that"; past a phrase that cannot
	 * start the content ("stated in an interview … that", "said, as did
	 * X, that") the search goes further. */
	int reach = tok_punct(a, i, ',') || tok_in(a, i, W_CONTENT_STOPPER) ? 20 : 5;
	for (int k = i; k <= e && k - i < reach; k++) {
		if (tok_is(a, k, "that"))
			return k + 1;
		if (a->t[k].kind == T_QUOTE || tok_punct(a, k, '.'))
			break;
	}
	if (tok_punct(a, i, ','))
		return i + 1;
	if (told) {
		/* "told reporters the plan ..." without that: skip one object */
		int k = i;
		while (k <= e && a->t[k].kind == T_WORD && k - i < 3 &&
		       (tok_is(a, k, "the") || is_group(a, k) || a->t[k].cap))
			k++;
		return k;
	}
	return i;
}

/* The tokens [*s, *e] of the r-th sentence that has any (of
 * a->n_sent_starts); returns the sentence's index in the document. */
static int sentence_tokens(const struct ct_attribution *a, size_t r, int *s, int *e)
{
	*s = (int)a->sent_starts[r];
	*e = (r + 1 < a->n_sent_starts ? (int)a->sent_starts[r + 1] : (int)a->n_t) - 1;
	return a->t[*s].sent;
}

/* Finds reported speech in the sentence of tokens [s, e]. */
static int reported_in_sentence(struct ct_attribution *a, int s, int e)
{
	int via_s, via_e, via = -1, start = clause_start(a, s, e, &via_s, &via_e);
	int rc;

	/* "According to X, CONTENT": X is a speaker, or an outlet that relays
	 * a speaker named in the content. */
	if (via_s >= 0) {
		const char *canon;
		if (is_outlet(a, via_s, via_e, &canon)) {
			via = add_speaker(a, canon, tokens_text(a, via_s, via_e), NULL,
					  CT_SPEAKER_ORGANIZATION, true, a->t[via_s].s);
		} else {
			/* "According to X, CONTENT" names the speaker unless a
			 * reporting verb inside names another. */
			bool inner = false;
			for (int k = start; k <= e && !inner; k++)
				inner = !a->t[k].quoted && lexicon_at(a, CT_CUE_SPEECH, k) > 0;
			int speaker = inner ? -1 : read_speaker(a, via_s, via_e);
			if (speaker >= 0) {
				size_t end = a->t[e].e;
				if (tok_punct(a, e, '.') || tok_punct(a, e, '?') || tok_punct(a, e, '!'))
					end = a->t[e].s;
				/* "According to X," can end the sentence, and the
				 * text: then start is past e and there is no content. */
				return emit(a, CT_QUOTE_ACCORDING_TO, speaker, -1, "according to",
					    start <= e ? a->t[start].s : end, end);
			}
		}
	}
	/* "Pat Caddell: Democrat Voters Worried …", "WALLACE: But, Governor …":
	 * a name and a colon opening a paragraph. */
	if (start == s && (s == 0 || a->t[s - 1].para != a->t[s].para)) {
		int k = s;
		while (k <= e && k - s < 4 && name_token(a, k) && a->t[k].cap)
			k++;
		if (k > s && tok_punct(a, k, ':') && k < e && !tok_in(a, s, W_LABEL)) {
			int speaker = read_speaker(a, s, k - 1), pe = e;
			if (speaker >= 0) {
				/* The speaker holds the floor to the end of the paragraph. */
				while (pe + 1 < (int)a->n_t && a->t[pe + 1].para == a->t[s].para)
					pe++;
				for (int q = k + 1; q <= pe; q++)
					a->t[q].quoted = true;
				return emit(a, CT_QUOTE_DIRECT, speaker, via, ":", a->t[k + 1].s, a->t[pe].e);
			}
		}
	}
	for (int i = start; i <= e; i++) {
		int cl, told, subj_e, subj_s, speaker, c_s, c_e = e;
		bool belief = false;

		/* A word that is not in the index is neither "according" nor
		 * the first of any cue: one test for most tokens. */
		if (a->t[i].used || a->t[i].quoted || !a->t[i].w)
			continue;
		/* "…, according to X." */
		if (tok_is(a, i, "according") && tok_is(a, i + 1, "to") && i > start &&
		    tok_punct(a, i - 1, ',') && i + 2 <= e) {
			int x_e = i + 2;
			while (x_e + 1 <= e && a->t[x_e + 1].kind == T_WORD)
				x_e++;
			const char *canon;
			if (is_outlet(a, i + 2, x_e, &canon)) {
				/* An outlet relays whoever spoke before it in the
				 * sentence; with no one there, it is the source. */
				struct ct_quote *last = a->n_quotes ? &a->quotes[a->n_quotes - 1] : NULL;
				if (last && last->end > a->map[a->t[s].s]) {
					if (!last->via)
						last->via = canon;
					continue;
				}
				speaker = add_speaker(a, canon, tokens_text(a, i + 2, x_e), NULL,
						      CT_SPEAKER_ORGANIZATION, true, a->t[i + 2].s);
				rc = emit(a, CT_QUOTE_ACCORDING_TO, speaker, -1, "according to",
					  a->t[start].s, a->t[i - 1].s);
				if (rc != CT_OK)
					return rc;
				continue;
			}
			speaker = read_speaker(a, i + 2, x_e);
			if (speaker >= 0) {
				rc = emit(a, CT_QUOTE_ACCORDING_TO, speaker, -1, "according to",
					  a->t[start].s, a->t[i - 1].s);
				if (rc != CT_OK)
					return rc;
			}
			continue;
		}
		cl = lexicon_at(a, CT_CUE_SPEECH, i);
		if (cl == 0) {
			cl = lexicon_at(a, CT_CUE_BELIEF, i);
			belief = cl > 0;
		}
		if (cl == 0 || tok_is(a, i, "according"))
			continue;
		/* ", saying that …", ", adding …": the sentence's subject speaks. */
		if (tok_punct(a, i - 1, ',') && cl == 1) {
			size_t wl;
			const char *w = tok_str(a, i, &wl);
			if (wl > 4 && strncmp(w + wl - 3, "ing", 3) == 0) {
				int k = start;
				while (k < i && (name_token(a, k) || is_title(a, k) || tok_is(a, k, "the") ||
						 (a->t[k].kind == T_WORD && a->t[k].cap)))
					k++;
				speaker = k > start ? read_speaker(a, start, k - 1) : -1;
				if (speaker < 0)
					continue;
				c_s = content_start(a, i + 1, e, false);
				if (c_s > e)
					continue;
				size_t pend = a->t[e].e;
				if (tok_punct(a, e, '.') || tok_punct(a, e, '?') || tok_punct(a, e, '!'))
					pend = a->t[e].s;
				rc = emit(a, CT_QUOTE_INDIRECT, speaker, via, tokens_text(a, i, i),
					  a->t[c_s].s, pend);
				if (rc != CT_OK)
					return rc;
				break;
			}
		}
		if (belief && !tok_is(a, i + cl, "that"))
			continue;
		told = tok_is(a, i, "told") || tok_is(a, i, "tells") || tok_is(a, i, "tell");
		/* "…, X said." / "…, X said Friday, as …": the cue ends its clause. */
		int after = i + cl;
		while (after <= e && after - (i + cl) < 5 && tok_in(a, after, W_TIME))
			after++;
		if (after > e || tok_punct(a, after, '.') || tok_punct(a, after, '?') ||
		    (tok_punct(a, after, ',') && !tok_is(a, after + 1, "that"))) {
			int comma = -1;
			for (int k = i - 1; k > start; k--)
				if (tok_punct(a, k, ',')) {
					comma = k;
					break;
				}
			if (comma < 0)
				continue;
			subj_s = comma + 1;
			subj_e = skip_aux_back(a, i - 1, subj_s);
			speaker = read_speaker(a, subj_s, subj_e);
			if (speaker < 0)
				continue;
			rc = emit(a, CT_QUOTE_INDIRECT, speaker, via,
				  tokens_text(a, i, i + cl - 1), a->t[start].s, a->t[comma].s);
			if (rc != CT_OK)
				return rc;
			break;
		}
		if (i > start && tok_punct(a, i - 1, ',') && i + cl <= e && a->t[i + cl].cap) {
			/* "…, said X in a statement." */
			int x_e = i + cl;
			while (x_e + 1 <= e && (a->t[x_e + 1].kind == T_WORD || tok_punct(a, x_e + 1, ',')) &&
			       !(!a->t[x_e + 1].cap && tok_in(a, x_e + 1, W_NP_STOPPER)))
				x_e++;
			speaker = read_speaker(a, i + cl, x_e);
			if (speaker >= 0) {
				rc = emit(a, CT_QUOTE_INDIRECT, speaker, via,
					  tokens_text(a, i, i + cl - 1), a->t[start].s, a->t[i - 1].s);
				if (rc != CT_OK)
					return rc;
				break;
			}
		}
		/* "X (also) said (that) CONTENT" */
		subj_e = skip_aux_back(a, i - 1, start);
		subj_s = start;
		for (int k = subj_e; k >= start; k--) {
			if (k == subj_e && (tok_is(a, k, "who") || tok_is(a, k, "which")) &&
			    tok_punct(a, k - 1, ',')) {
				subj_s = k;
				break;
			}
			if (a->t[k].quoted || a->t[k].kind == T_QUOTE || tok_is(a, k, "that") ||
			    tok_punct(a, k, ';') || tok_punct(a, k, ':')) {
				subj_s = k + 1;
				break;
			}
		}
		if (subj_e < subj_s)
			continue;
		/* "Mr. Smith, who said he was stiffed": the relative pronoun's
		 * antecedent speaks. */
		if (subj_s == subj_e && (tok_is(a, subj_e, "who") || tok_is(a, subj_e, "which")) &&
		    tok_punct(a, subj_e - 1, ',')) {
			int k = subj_e - 1;
			while (k - 1 >= start && name_token(a, k - 1) && subj_e - k < 5)
				k--;
			if (k < subj_e - 1) {
				subj_s = k;
				subj_e = subj_e - 2;
			}
		}
		speaker = read_speaker(a, subj_s, subj_e);
		if (speaker < 0) {
			/* "… the third time AROS said it had …": the name right
			 * before the verb, when the span is no noun phrase. */
			int k = subj_e;
			while (k - 1 >= subj_s && subj_e - k < 4 && a->t[k - 1].kind == T_WORD &&
			       a->t[k - 1].cap)
				k--;
			if (k > subj_s && a->t[subj_e].cap)
				speaker = read_speaker(a, k, subj_e);
		}
		if (speaker < 0)
			continue;
		c_s = content_start(a, i + cl, e, told);
		/* "…, according to Tolo News." at the end belongs to the via. */
		for (int k = c_s; k <= e; k++) {
			if (tok_is(a, k, "according") && tok_is(a, k + 1, "to") &&
			    tok_punct(a, k - 1, ',') && k + 2 <= e) {
				const char *canon;
				int x_e = k + 2;
				while (x_e + 1 <= e && a->t[x_e + 1].kind == T_WORD)
					x_e++;
				if (is_outlet(a, k + 2, x_e, &canon)) {
					via = add_speaker(a, canon, tokens_text(a, k + 2, x_e), NULL,
							  CT_SPEAKER_ORGANIZATION, true, a->t[k].s);
					c_e = k - 1;
				}
				break;
			}
		}
		if (a->spk[speaker].outlet && via < 0) {
			/* "Tolo News reported that …" with no one inside: the outlet. */
		}
		if (c_s > c_e || c_e - c_s < 1 ||
		    (!tok_is(a, c_s - 1, "that") && tok_in(a, c_s, W_CONTENT_STOPPER)))
			continue;
		size_t end = a->t[c_e].e;
		if (tok_punct(a, c_e, '.') || tok_punct(a, c_e, '?') || tok_punct(a, c_e, '!'))
			end = a->t[c_e].s;
		rc = emit(a, CT_QUOTE_INDIRECT, speaker, via, tokens_text(a, i, i + cl - 1),
			  a->t[c_s].s, end);
		if (rc != CT_OK)
			return rc;
		break;
	}
	return CT_OK;
}

/*
 * Attributes sentence by sentence, in text order, so that every speaker a
 * pronoun or a surname may refer to is known when it is read: first the
 * direct quotes that end in the sentence, then its reported speech.
 */
static int attribute_sentences(struct ct_attribution *a)
{
	int prev = -1, rc;

	for (size_t r = 0; r < a->n_sent_starts; r++) {
		int s, e, sent = sentence_tokens(a, r, &s, &e);
		bool all_quoted = true;
		attribute_quotes(a, sent, &prev);
		/* A sentence wholly inside a direct quote reports nothing more. */
		for (int k = s; k <= e && all_quoted; k++)
			if (!a->t[k].quoted && a->t[k].kind != T_PUNCT)
				all_quoted = false;
		if (!all_quoted && (rc = reported_in_sentence(a, s, e)) != CT_OK)
			return rc;
	}
	share_chains(a);
	return CT_OK;
}

/* ---- statement dates ---- */

/* The month (1-12) a capitalized word names ("December", "Dec."), else 0. */
static int month_of(const struct ct_attribution *a, int i)
{
	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD || !a->t[i].cap)
		return 0;
	return a->t[i].month;
}

static int number_at(const struct ct_attribution *a, int i, int max_digits)
{
	size_t n;
	const char *s;
	int v = 0;

	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD)
		return -1;
	s = tok_str(a, i, &n);
	/* "17th", "1st" */
	while (n > 0 && isalpha((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || (int)n > max_digits)
		return -1;
	for (size_t k = 0; k < n; k++) {
		if (!isdigit((unsigned char)s[k]))
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	return v;
}

/* YYYY-MM-DD into out; a year of more than four digits is cut to ten
 * characters, which ct_date_valid() then refuses. */
static void format_date(char out[11], int y, int m, int d)
{
	char date[40];

	/* Digits by hand in the usual case: snprintf() cost as much as the
	 * rest of reading a sentence's date. */
	if (y >= 0 && y <= 9999 && m >= 0 && m <= 99 && d >= 0 && d <= 99) {
		const int v[3] = { y, m, d }, w[3] = { 4, 2, 2 };
		char *o = out;
		for (int f = 0; f < 3; f++) {
			if (f)
				*o++ = '-';
			for (int k = w[f] - 1, x = v[f]; k >= 0; k--, x /= 10)
				o[k] = (char)('0' + x % 10);
			o += w[f];
		}
		*o = '\0';
		return;
	}
	snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
	memcpy(out, date, 10);
	out[10] = '\0';
}

/*
 * The date a sentence states for its event ("On December 17", "on
 * Monday", "yesterday"), resolved against the publication date py-pm-pd
 * (day pub): the latest such day on or before it. "" when it states none.
 */
static void sentence_date(const struct ct_attribution *a, int s, int e, int py, long pub,
			  char out[11])
{
	out[0] = '\0';
	for (int i = s; i <= e; i++) {
		/* Few words name a month or a day: one test for the others. */
		if (!a->t[i].month && !a->t[i].day)
			continue;
		int m = month_of(a, i), d = -1, y = -1, k = i;
		if (m) {
			d = number_at(a, i + 1, 2);
			if (d >= 1 && d <= 31) {
				k = i + 1;
				if (tok_punct(a, k + 1, ','))
					y = number_at(a, k + 2, 4);
			} else if ((d = number_at(a, i - 1, 2)) >= 1 && d <= 31) {
				y = number_at(a, i + 1, 4);
			} else {
				continue;
			}
			/* "May" alone is a verb too often: require the day. */
			if (y < 1000) {
				y = py;
				if (ct_days_from_civil(y, m, d) > pub)
					y--;
			}
			/* A date stated as a deadline or a plan is not when it was said;
			 * keep dates on or before the publication. */
			if (ct_days_from_civil(y, m, d) > pub)
				continue;
			format_date(out, y, m, d);
			if (!ct_date_valid(out)) {
				out[0] = '\0';
				continue;
			}
			return;
		}
		if (a->t[i].kind != T_WORD || !a->t[i].day)
			continue;
		int named = a->t[i].day;
		long day = -1;
		if (named == DAY_YESTERDAY)
			day = pub - 1;
		else if (named == DAY_TODAY)
			day = pub;
		else if (tok_is(a, i - 1, "on") || tok_is(a, i - 1, "last")) {
			/* 1970-01-01 (day 0) was a Thursday (index 3). */
			long wd = named - 1, pub_wd = ((pub % 7) + 7 + 3) % 7;
			long back = (pub_wd - wd + 7) % 7;
			if (tok_is(a, i - 1, "last") && back == 0)
				back = 7;
			day = pub - back;
		}
		if (day >= 0) {
			long dy, dm, dd;
			ct_civil_from_days(day, &dy, &dm, &dd);
			format_date(out, (int)dy, (int)dm, (int)dd);
			return;
		}
	}
}

static int find_dates(struct ct_attribution *a)
{
	size_t n = a->doc->n_sentences ? a->doc->n_sentences : 1;
	int py, pm, pd;

	a->dates = calloc(n, sizeof *a->dates);
	if (!a->dates)
		return CT_ENOMEM;
	/* Without a publication date no sentence's date can be resolved. */
	if (!a->doc->date || sscanf(a->doc->date, "%4d-%2d-%2d", &py, &pm, &pd) != 3)
		return CT_OK;
	long pub = ct_days_from_civil(py, pm, pd);
	for (size_t r = 0; r < a->n_sent_starts; r++) {
		int s, e, sent = sentence_tokens(a, r, &s, &e);
		if ((size_t)sent < n)
			sentence_date(a, s, e, py, pub, a->dates[sent]);
	}
	return CT_OK;
}

/* ---- public ---- */

const char *ct_quote_kind_name(enum ct_quote_kind kind)
{
	switch (kind) {
	case CT_QUOTE_INDIRECT: return "indirect";
	case CT_QUOTE_ACCORDING_TO: return "according_to";
	case CT_QUOTE_DIRECT: break;
	}
	return "direct";
}

static int cmp_quotes(const void *x, const void *y)
{
	const struct ct_quote *p = x, *q = y;

	if (p->start != q->start)
		return p->start < q->start ? -1 : 1;
	return (p->end > q->end) - (p->end < q->end);
}

/* Frees the work state, except the normalized text (ct_attribution_trim()). */
static void release_work(struct ct_attribution *a)
{
	free(a->t);
	free(a->openers);
	free(a->sent_starts);
	free(a->marks);
	free(a->dq);
	free(a->spk);
	ct_words_free(a->own_words);
	a->own_words = NULL;
	a->words = NULL;
	a->t = NULL;
	a->openers = NULL;
	a->sent_starts = NULL;
	a->marks = NULL;
	a->dq = NULL;
	a->spk = NULL;
	a->n_t = a->n_openers = a->n_sent_starts = a->n_marks = a->cap_marks = 0;
	a->n_dq = a->n_spk = 0;
}

/* A new attribution of doc with its outlet canonical, and nothing found yet. */
static struct ct_attribution *attribution_new(const struct ct_ruleset *rs,
					      const struct ct_doc *doc)
{
	struct ct_attribution *a = calloc(1, sizeof *a);

	if (!a)
		return NULL;
	a->doc = doc;
	a->rs = rs;
	a->outlet = doc->outlet;
	if (doc->outlet) {
		const char *canon = rules_outlet(a, doc->outlet);
		if (canon)
			a->outlet = canon;
	}
	return a;
}

int ct_attribution_outlet_only(const struct ct_ruleset *rs, const struct ct_doc *doc,
			       struct ct_attribution **out)
{
	return (*out = attribution_new(rs, doc)) ? CT_OK : CT_ENOMEM;
}

/* ct_attribute(), taking the document's normalization from norm (NULL:
 * normalizing it). */
static int attribute(const struct ct_ruleset *rs, const struct ct_doc *doc,
		     struct ct_norm_buf *norm, struct ct_attribution **out)
{
	struct ct_attribution *a = attribution_new(rs, doc);
	int rc;

	if (!a)
		return CT_ENOMEM;
	a->words = rs ? rs->words : NULL;
	if (!a->words) {
		if ((rc = ct_words_build(rs, &a->own_words)) != CT_OK)
			goto fail;
		a->words = a->own_words;
	}
	if (norm) {
		a->norm = norm->text;
		a->map = norm->map;
		a->nlen = norm->len;
		*norm = (struct ct_norm_buf){ 0 };
	} else if ((rc = ct_normalize(doc->body, doc->body_len, &a->norm, &a->map,
				      &a->nlen)) != CT_OK) {
		goto fail;
	}
	if ((rc = tokenize(a)) != CT_OK)
		goto fail;
	if ((rc = place_tokens(a)) != CT_OK || (rc = uncap_sentence_starts(a)) != CT_OK ||
	    (rc = find_dates(a)) != CT_OK || (rc = find_quotes(a)) != CT_OK)
		goto fail;
	if ((rc = attribute_sentences(a)) != CT_OK)
		goto fail;
	for (size_t q = 0; q < a->n_dq; q++) {
		const struct dquote *d = &a->dq[q];
		if (d->embedded || d->last < d->first)
			continue;
		if ((rc = emit(a, CT_QUOTE_DIRECT, d->speaker, d->via, d->cue, a->t[d->first].s,
			       a->t[d->last].e)) != CT_OK)
			goto fail;
	}
	if (a->n_quotes > 1)
		qsort(a->quotes, a->n_quotes, sizeof *a->quotes, cmp_quotes);
	release_work(a);
	*out = a;
	return CT_OK;
fail:
	ct_attribution_free(a);
	return rc;
}

int ct_attribute(const struct ct_ruleset *rs, const struct ct_doc *doc,
		 struct ct_attribution **out)
{
	return attribute(rs, doc, NULL, out);
}

int ct_attribute_normalized(const struct ct_ruleset *rs, const struct ct_doc *doc,
			    struct ct_norm_buf *norm, struct ct_attribution **out)
{
	return attribute(rs, doc, norm, out);
}

void ct_attribution_trim(struct ct_attribution *a)
{
	if (!a)
		return;
	free(a->norm);
	free(a->map);
	a->norm = NULL;
	a->map = NULL;
	a->nlen = 0;
}

bool ct_attribution_norm(const struct ct_attribution *a, struct ct_norm_view *v)
{
	if (!a->norm)
		return false;
	*v = (struct ct_norm_view){ a->norm, a->map, a->nlen };
	return true;
}

void ct_attribution_free(struct ct_attribution *a)
{
	if (!a)
		return;
	release_work(a);
	ct_attribution_trim(a);
	ct_arena_release(&a->arena);
	free(a->quotes);
	free(a->dates);
	free(a);
}

size_t ct_attribution_n_quotes(const struct ct_attribution *a) { return a->n_quotes; }

const struct ct_quote *ct_attribution_quote(const struct ct_attribution *a, size_t i)
{
	return i < a->n_quotes ? &a->quotes[i] : NULL;
}

const char *ct_attribution_outlet(const struct ct_attribution *a) { return a->outlet; }

const struct ct_quote *ct_attribution_find(const struct ct_attribution *a, size_t s, size_t e)
{
	const struct ct_quote *best = NULL;
	size_t best_overlap = 0;

	for (size_t i = 0; i < a->n_quotes; i++) {
		const struct ct_quote *q = &a->quotes[i];
		size_t lo = q->start > s ? q->start : s, hi = q->end < e ? q->end : e;
		if (hi > lo && hi - lo > best_overlap) {
			best = q;
			best_overlap = hi - lo;
		}
	}
	return best;
}

void ct_attribution_statement_date(const struct ct_attribution *a, size_t sentence, char out[11])
{
	out[0] = '\0';
	if (a->dates && sentence < a->doc->n_sentences)
		memcpy(out, a->dates[sentence], 11);
}
