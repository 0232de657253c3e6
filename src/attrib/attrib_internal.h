/*
 * What the files of attribution (src/attrib/) share: the attribution and
 * its work state, the token queries every pass asks (inline: they run for
 * every token), and each file's entry points. Calls go one way:
 *
 *	attrib.c -> reported.c -> quotes.c -> speakers.c -> entities.c -> tokens.c
 *	attrib.c -> dates.c -> tokens.c
 *	attrib.c -> credit.c -> speakers.c
 */
#ifndef CT_ATTRIB_INTERNAL_H
#define CT_ATTRIB_INTERNAL_H

#include "claimtrack/attrib.h"
#include "text/text_internal.h"
#include "rules/rules_internal.h"
#include "rules/words.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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
	int ent;                /* the entity this token names or refers to, -1 (entities.c) */
	uint64_t hash;          /* word_hash() of the token */
	const struct word *w;   /* the index's entry for the token, NULL if none */
	const struct word *base; /* the same without a possessive 's (ct_attr_word_lower()) */
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
	bool own;               /* attributed by a cue of its own, or by the
				 * reported speech whose content it is */
};

/* A person or organization the document names (entities.c). */
enum { ENT_PERSON, ENT_ORG, ENT_UNKNOWN, /* unknown: a name without a title, maybe a place */
       ENT_GROUP };                        /* people named together: "Protesters", "X and Y" */
enum { G_UNKNOWN, G_MALE, G_FEMALE };

struct ent {
	const char *name;       /* full name as first written ("Doug McCallum") */
	size_t first_len;       /* its first word's length, 0 for an organization */
	const char *last;       /* its last word, inside name */
	const char *acronym;    /* "(CRA)" written after the name, or its initials; NULL */
	const char *roles[4];   /* role head words, lowercase ("mayor", "labourer") */
	int n_roles;
	const char *type;       /* an organization's head noun, lowercase ("agency"); NULL */
	unsigned char kind;     /* ENT_* */
	unsigned char gender;   /* G_* */
	bool weak;              /* an organization known by one word only ("Google") */
	bool thing;             /* a name written as "the X Y pipeline": no person's */
	int last_para;          /* the paragraph it was last mentioned in */
	/* The hash of each key the entity is found by (entities.c:
	 * put_keys()), kept with the text it was taken of: a mention
	 * rehashes only a key that changed. */
	struct ent_key_hash { const char *s; size_t n; uint64_t h; } kh[10];
	int first_tok;          /* the head token of its first mention, -1 before */
};

/* One mention of an entity outside quotes, in text order. */
struct ment {
	int ent;
	int tok;                /* its head token */
	int sent, para;
	bool subject;           /* the first in its sentence, not in a prepositional phrase */
	bool head;              /* not a modifier ("the Kinder Morgan pipeline"), an owner
				 * ("Ann's car") or in a prepositional phrase */
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

/* A list of speakers under one key (speakers.c), linked through
 * spk_links by index; -1 ends it. */
struct spk_list {
	const char *key;
	uint32_t len;
	uint8_t by;
	int32_t head, tail;
};

struct spk_link {
	int32_t spk, next;
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
	const char *credit;     /* the wire agency credited (credit.c), in arena; NULL */
	char (*dates)[11];      /* per sentence: the statement date or "" */
	char *kept;             /* the strings the result holds, once the arena is gone */
	/* Work state, released before ct_attribute() returns. */
	char *norm;
	size_t *map, nlen;
	struct tok *t;
	size_t n_t, cap_t;
	/* Token indices that ct_attr_place_tokens() notes for the passes after it. */
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
	/* speakers.c: the speakers listed by the questions asked of them */
	struct spk_list *spk_lists;
	size_t n_spk_lists, cap_spk_lists;
	uint32_t *spk_slots;    /* open addressing: a list's index + 1, 0 free */
	size_t cap_spk_slots;
	struct spk_link *spk_links;
	size_t n_spk_links, cap_spk_links;
	struct ent *ents;       /* entities.c: every person and organization named */
	size_t n_ents, cap_ents;
	struct ment *ments;
	size_t n_ments, cap_ments;
	struct ent_key { uint64_t h; int ent; } *keys; /* open addressing, h 0 free */
	size_t n_keys, cap_keys;
	uint64_t role_bits[4];  /* the roles keyed (entities.c: role_bit()) */
	int doc_author;         /* the entity that last issued a statement, -1 */
	int line_para;          /* the paragraph line_is tells of, -1 */
	bool line_is;           /* whether it is a line, not prose (entities.c) */
	int last_attr;          /* the speaker of the latest attribution, -1 */
	size_t last_attr_at;    /* where it was made (normalized offset) */
	/* An allocation failed on a path that has no return code (a speaker
	 * phrase read, a text copied): ct_attribute() returns CT_ENOMEM
	 * instead of a result that is short of it. */
	bool nomem;
	/* The words in capitals ct_attr_label_words() looked for in lower
	 * case (hashes), and whether it found each: a scan of the text per
	 * word, eight words at most per document. */
	uint64_t caps_hash[8];
	bool caps_lower[8];
	int n_caps;
	/* The paragraph ct_attr_label_paragraph() last found the first token
	 * of, plus one (0: none yet), and that token. */
	int label_para, label_first;
	/* Whether the text has an "@" (a handle, which signs an embedded
	 * post: reported.c). */
	bool has_at;
	/* Whether the text has a left single mark (U+2018) that stands
	 * alone, which may open a quote in British style (tokens.c). */
	bool has_lsquo;
};

/* ---- token queries (inline) ---- */

static inline const char *tok_str(const struct ct_attribution *a, int i, size_t *n)
{
	*n = a->t[i].e - a->t[i].s;
	return a->norm + a->t[i].s;
}

static inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static inline bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Whether token i is the word w of n bytes, lowercase (case-insensitive,
 * as strncasecmp() in the C locale: ASCII letters fold). Compared here,
 * not by a call: the passes ask it of nearly every token. */
static inline bool tok_is_n(const struct ct_attribution *a, int i, const char *w, size_t n)
{
	const char *s;

	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD || a->t[i].e - a->t[i].s != n)
		return false;
	s = a->norm + a->t[i].s;
	for (size_t k = 0; k < n; k++)
		if (ascii_lower((unsigned char)s[k]) != ascii_lower((unsigned char)w[k]))
			return false;
	return true;
}

/* tok_is(a, i, "word"): tok_is_n() of a string literal, whose length the
 * compiler counts (where tok_is_n() is not inlined, as in the longer
 * passes, a strlen() per word otherwise; "" w takes literals alone). */
#define tok_is(a, i, w) tok_is_n((a), (i), "" w, sizeof("" w) - 1)

/* A word of a list for tok_is_one_of(), with its length. */
struct word_lit {
	size_t n;
	const char *s;
};
#define WORD_LIT(w) { sizeof("" w) - 1, "" w }

/* Whether token i is one of the n_words words (tok_is() of each). */
static inline bool tok_is_one_of(const struct ct_attribution *a, int i,
				 const struct word_lit *words, size_t n_words)
{
	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD)
		return false;
	for (size_t k = 0; k < n_words; k++)
		if (tok_is_n(a, i, words[k].s, words[k].n))
			return true;
	return false;
}

/* Whether token i is a word of two letters or more written in capitals
 * ("STOCKS", "WHO", "U.S."). */
static inline bool tok_caps(const struct ct_attribution *a, int i)
{
	size_t n, letters = 0;
	const char *s;

	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD)
		return false;
	s = tok_str(a, i, &n);
	for (size_t k = 0; k < n; k++) {
		if (is_lower(s[k]))
			return false;
		letters += is_upper(s[k]);
	}
	return letters >= 2;
}

static inline bool tok_punct(const struct ct_attribution *a, int i, char c)
{
	return i >= 0 && (size_t)i < a->n_t && a->t[i].kind == T_PUNCT && a->norm[a->t[i].s] == c;
}

/* Whether token i is a word of the lists `lists` (W_* bits). */
static inline bool tok_in(const struct ct_attribution *a, int i, uint32_t lists)
{
	return i >= 0 && (size_t)i < a->n_t && a->t[i].kind == T_WORD && a->t[i].w &&
	       (a->t[i].w->lists & lists);
}

int ct_attr_lexicon_phrase_at(const struct ct_attribution *a, enum ct_cue_kind kind, int i);

/* Whether the word at i ends in "ing" ("saying", "adding"). */
static inline bool is_ing(const struct ct_attribution *a, int i)
{
	size_t n;
	const char *w = tok_str(a, i, &n);

	return a->t[i].kind == T_WORD && n > 4 && strncmp(w + n - 3, "ing", 3) == 0;
}

/* Length in tokens of the longest lexicon phrase of `kind` starting at
 * token i, 0 when none: most tokens start none, which the index tells. */
static inline int lexicon_at(const struct ct_attribution *a, enum ct_cue_kind kind, int i)
{
	if (!a->rs || i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD || !a->t[i].w ||
	    !(a->t[i].w->lex_kinds & (1u << kind)))
		return 0;
	return ct_attr_lexicon_phrase_at(a, kind, i);
}

static inline bool is_title(const struct ct_attribution *a, int i)
{
	return lexicon_at(a, CT_CUE_TITLE, i) > 0;
}

/* Whether the word at i (possessive 's cut) is a one-word lexicon entry of kind. */
static inline bool is_word_of(const struct ct_attribution *a, int i, enum ct_cue_kind kind)
{
	const struct word *w = a->t[i].base;

	return a->rs && w && (w->one_word & (1u << kind));
}

static inline bool is_group(const struct ct_attribution *a, int i)
{
	return is_word_of(a, i, CT_CUE_GROUP);
}

static inline bool is_org_head(const struct ct_attribution *a, int i)
{
	return is_word_of(a, i, CT_CUE_ORG);
}

/* The month (1-12) a capitalized word names ("December", "Dec."), else 0. */
static inline int month_of(const struct ct_attribution *a, int i)
{
	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD || !a->t[i].cap)
		return 0;
	return a->t[i].month;
}

/* ---- tokens.c: the tokens and what they tell ---- */

/* Cuts a->norm into tokens (a->t), each looked up in the word index. */
int ct_attr_tokenize(struct ct_attribution *a);
int ct_attr_place_tokens(struct ct_attribution *a);
int ct_attr_uncap_sentence_starts(struct ct_attribution *a);
const char *ct_attr_word_lower(const struct ct_attribution *a, int i, char *buf, size_t cap);
/* The number (at most max_digits digits, "17th" as 17) token i is, else -1. */
int ct_attr_number_at(const struct ct_attribution *a, int i, int max_digits);

/* A word of a date or a time of day: "Monday", "July", "2010", "17",
 * "last", "week", "morning". */
static inline bool ct_attr_date_word(const struct ct_attribution *a, int i)
{
	static const struct word_lit words[] = {
		WORD_LIT("last"), WORD_LIT("this"), WORD_LIT("next"), WORD_LIT("earlier"),
		WORD_LIT("late"), WORD_LIT("early"), WORD_LIT("week"), WORD_LIT("month"),
		WORD_LIT("year"), WORD_LIT("weekend"), WORD_LIT("morning"), WORD_LIT("afternoon"),
		WORD_LIT("evening"), WORD_LIT("night"), WORD_LIT("yesterday"), WORD_LIT("today"),
	};
	if (tok_in(a, i, W_WEEKDAY) || month_of(a, i) > 0 || ct_attr_number_at(a, i, 4) >= 0)
		return true;
	return tok_is_one_of(a, i, words, sizeof words / sizeof *words);
}

int ct_attr_skip_aux_back(const struct ct_attribution *a, int i, int floor);
int ct_attr_last_two_names(const struct ct_attribution *a, int s, int e);
bool ct_attr_after_preposition(const struct ct_attribution *a, int k);
bool ct_attr_person_noun(const struct ct_attribution *a, int i);
/* Whether word i with an "s" added is a group's word ("organizer":
 * organizers): a noun of what one of a group is. */
bool ct_attr_plural_is_group(const struct ct_attribution *a, int i);
/* Whether word i is a noun of who speaks or what speaks for them: a
 * group's, an organization's, a title's or a document's word, or one
 * in lower case whose plural is a group's ("envoy"). */
static inline bool ct_attr_speaking_noun(const struct ct_attribution *a, int i)
{
	return is_group(a, i) || is_org_head(a, i) || is_title(a, i) ||
	       tok_in(a, i, W_ORG_NOUN | W_DOC_NOUN) ||
	       (a->t[i].kind == T_WORD && !a->t[i].cap && ct_attr_plural_is_group(a, i));
}
int ct_attr_sentence_tokens(const struct ct_attribution *a, size_t r, int *s, int *e);
/* Whether word i is a quantifier or a demonstrative ("both", "some",
 * "several", "these"), which opens a noun phrase or stands for an
 * unnamed group ("Some believe …"), and is never a name, though a
 * sentence that opens with it writes it capitalized. */
bool ct_attr_quantifier(const struct ct_attribution *a, int i);

/* Whether token i can be part of a person's name. */
bool ct_attr_name_token(const struct ct_attribution *a, int i);

/* ---- speakers.c: the document's speakers ---- */

/* Lists speaker i (again, after it was renamed) under the questions below
 * that it answers; out of memory is noted in a->nomem. */
void ct_attr_index_speaker(struct ct_attribution *a, size_t i);
/* The latest person recorded whose full name ends in this surname (case
 * and a possessive 's aside); NULL when none. */
const char *ct_attr_resolve_surname(struct ct_attribution *a, const char *name);
/* The latest organization recorded, not an outlet, whose name ends in this
 * word; NULL when none. */
const char *ct_attr_resolve_org_word(struct ct_attribution *a, const char *word);
/* The role of the first person recorded with a role under this name; NULL. */
const char *ct_attr_first_role(struct ct_attribution *a, const char *name);

/* Copies tokens [from, to] into the attribution's arena; NULL when from >
 * to, or out of memory (a->nomem is then set). */
char *ct_attr_tokens_text(struct ct_attribution *a, int from, int to);
const char *ct_attr_rules_outlet(const struct ct_attribution *a, const char *name);
bool ct_attr_is_outlet(struct ct_attribution *a, int from, int to, const char **canon);
/* Records a speaker; its index, or -1 when out of memory (a->nomem set)
 * or name is NULL (a copy that failed). */
int ct_attr_add_speaker(struct ct_attribution *a, const char *name, const char *mention,
			const char *role, enum ct_speaker_kind kind, bool outlet, size_t at);
/* Whether w[0, n) opens what an unnamed source knows or may say:
 * "familiar" (with the talks), "unauthorized" (to speak publicly). */
bool ct_attr_source_modifier_word(const char *w, size_t n);
/* Reads the speaker phrase [from, to]; the speaker's index, or -1 when
 * it names none (or out of memory: a->nomem is then set). */
int ct_attr_read_speaker(struct ct_attribution *a, int from, int to);
/* Notes an attribution of speaker (an index into a->spk) at normalized
 * offset at, for ct_attr_carry_speaker(). */
void ct_attr_note_attribution(struct ct_attribution *a, int speaker, size_t at);
/* The speaker a direct quote with no attribution of its own takes: the
 * latest one attributed, or a person the narration introduced since;
 * -1 when none, or when the quote's sentence goes on after its close
 * (an attribution that was not read). */
int ct_attr_carry_speaker(struct ct_attribution *a, const struct dquote *d);

/* ---- entities.c: the people and organizations of the document ---- */

/* Finds every person and organization the text names outside quotes, and
 * tags each token that names or refers to one (t[i].ent): full names,
 * surnames, first names, acronyms, pronouns, descriptions ("the mayor",
 * "the company") and documents ("her statement"). Linear in the tokens. */
int ct_attr_find_entities(struct ct_attribution *a);
/* The entity the speaker phrase [from, to] names, or -1. */
int ct_attr_phrase_entity(const struct ct_attribution *a, int from, int to);
/* The person a definite description of one ("the 39-year-old founder
 * of …", "the Cambridge resident") refers to when no role names them: the
 * most salient person mentioned before, or -1. */
int ct_attr_description_entity(const struct ct_attribution *a, int from, int to);
/* The person an indefinite description that opens its sentence ("A
 * Superior Court judge ruled …") introduces, named as the subject of the
 * next sentence that names anyone; -1 when none. */
int ct_attr_named_after(const struct ct_attribution *a, int from, int to);

/* ---- quotes.c: direct quotes, and every quote out ---- */

/* Adds a quote of the normalized text [s, e) to a->quotes. */
int ct_attr_emit(struct ct_attribution *a, enum ct_quote_kind kind, int speaker, int via,
		 const char *cue, size_t s, size_t e);
int ct_attr_find_quotes(struct ct_attribution *a);
/* Whether token i's paragraph opens with a label and a colon ("READ MORE:",
 * "WATCH:", "STOCKS:"): a link, a caption or a section label, whose words
 * nobody says. */
bool ct_attr_label_paragraph(struct ct_attribution *a, int i);
/* Whether tokens [from, to] are a label: words of the label list, or words
 * in capitals that the document also writes in lower case ("BONDS"). */
bool ct_attr_label_words(struct ct_attribution *a, int from, int to);
void ct_attr_attribute_quotes(struct ct_attribution *a, int sent, int *prev);
/* The sentence in which a direct quote's attribution is read. */
int ct_attr_quote_sentence(const struct ct_attribution *a, const struct dquote *d);
void ct_attr_share_chains(struct ct_attribution *a);

/* ---- reported.c: reported speech ---- */

int ct_attr_reported_in_sentence(struct ct_attribution *a, int s, int e);

/* ---- dates.c: statement dates ---- */

/* Notes the date each sentence states, up to the sentence with index
 * `last` (its document index); the later ones state none (""). */
int ct_attr_find_dates(struct ct_attribution *a, int last);

/* ---- for the layers above ---- */

/* The document's normalization that ct_attribute() kept; false when it was
 * trimmed. */
bool ct_attribution_norm(const struct ct_attribution *a, struct ct_norm_view *v);

/* ct_attribute() of a document whose normalization (ct_normalize_into() of
 * its body) is in norm: the result takes norm's buffers, leaving it empty.
 * Only the quotes that overlap the body before offset upto are asked of
 * it (SIZE_MAX: all): they are as ct_attribute() finds them, and the
 * attribution of the text after them, which cannot change them, is not
 * read (the others may be missing, or lack a speaker); so are the
 * statement dates of the sentences that start before upto (a later
 * one's may be ""). */
int ct_attribute_normalized(const struct ct_ruleset *rs, const struct ct_doc *doc,
			    struct ct_norm_buf *norm, size_t upto, struct ct_attribution **out);

/* An attribution that finds nothing but the document's canonical outlet, as
 * ct_attribute() would: for a document without claims. */
int ct_attribution_outlet_only(const struct ct_ruleset *rs, const struct ct_doc *doc,
			       struct ct_attribution **out);

/* The quote whose content overlaps [s, e) the most; NULL when none. */
const struct ct_quote *ct_attribution_find(const struct ct_attribution *a, size_t s, size_t e);

/* Writes the date the sentence with this index states ("On December 17"),
 * resolved against the publication date, or "" when it states none. */
void ct_attribution_statement_date(const struct ct_attribution *a, size_t sentence,
				   char out[11]);

#endif
