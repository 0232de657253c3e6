/*
 * The speakers of a document: a speaker phrase read into name, role and
 * kind (person, organization, outlet, unnamed group), resolved within the
 * document (pronouns, surnames, "the ministry") and canonicalized through
 * the ruleset's speaker and outlet blocks; the table of speakers found.
 */
#include "attrib/attrib_internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A copy of s[0, n) in the attribution's arena; NULL when out of memory,
 * noted in a->nomem for ct_attribute() to return. */
static char *arena_copy(struct ct_attribution *a, const char *s, size_t n)
{
	char *c = ct_arena_strndup(&a->arena, s, n);

	if (!c)
		a->nomem = true;
	return c;
}

static char *arena_text(struct ct_attribution *a, size_t s, size_t e)
{
	while (s < e && a->norm[s] == ' ')
		s++;
	while (e > s && (a->norm[e - 1] == ' ' || a->norm[e - 1] == ','))
		e--;
	return arena_copy(a, a->norm + s, e - s);
}

/* Text of tokens [from, to] as written (normalized). */
char *ct_attr_tokens_text(struct ct_attribution *a, int from, int to)
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

/* ---- the speakers recorded, listed by the questions asked of them ---- */

/*
 * Three questions are asked of the speakers recorded so far: the latest
 * person whose full name ends in a surname (ct_attr_resolve_surname()),
 * the latest organization whose name ends in a word
 * (ct_attr_resolve_org_word()), and the role a person was first given
 * (ct_attr_first_role()). Asked by reading every speaker, they took a
 * document that names thousands of people time in the square of its
 * length. Here each question keeps a list per key: the speakers that
 * answered it when recorded, latest first for the first two, earliest
 * first for the third. A speaker that entity_speaker() renames is
 * listed again under its new keys; an entry that no longer answers is
 * dropped when a question finds it first. So the answer is the one a
 * reading of every speaker gives: each speaker that answers is listed, in
 * order, and the first that answers is the latest (or earliest).
 */
enum { BY_SURNAME, BY_ORG_WORD, BY_ROLE_NAME };

/* s without a possessive 's, as same_name() compares it: its length. */
static size_t name_len(const char *s)
{
	size_t n = strlen(s);

	return n >= 2 && s[n - 2] == '\'' && s[n - 1] == 's' ? n - 2 : n;
}

/* A key's hash: word_hash() (ASCII letters folded), or FNV-1a of the
 * bytes as they are for BY_ROLE_NAME (the role's question compares names
 * with strcmp()); the question mixed in. */
static uint64_t key_hash(uint8_t by, const char *key, size_t len)
{
	uint64_t h = FNV_OFFSET;

	if (by != BY_ROLE_NAME)
		return word_hash(key, len) ^ by;
	for (size_t i = 0; i < len; i++)
		h = fnv_step(h, (unsigned char)key[i]);
	return h ^ by;
}

static bool key_equal(const struct spk_list *l, uint8_t by, const char *key, size_t len)
{
	if (l->by != by || l->len != len)
		return false;
	return by == BY_ROLE_NAME ? memcmp(l->key, key, len) == 0 :
				    strncasecmp(l->key, key, len) == 0;
}

/* The slot that holds the list of (by, key), or the free slot it would
 * take; the table has a free slot (a third at most is taken). */
static size_t list_slot(const struct ct_attribution *a, uint8_t by, const char *key, size_t len)
{
	size_t mask = a->cap_spk_slots - 1, i = key_hash(by, key, len) & mask;

	while (a->spk_slots[i] &&
	       !key_equal(&a->spk_lists[a->spk_slots[i] - 1], by, key, len))
		i = (i + 1) & mask;
	return i;
}

/* Doubles the table of slots (to 64 the first time) and places the lists
 * again. */
static bool grow_slots(struct ct_attribution *a)
{
	size_t cap = a->cap_spk_slots ? 2 * a->cap_spk_slots : 64;
	uint32_t *slots = calloc(cap, sizeof *slots);

	if (!slots)
		return false;
	free(a->spk_slots);
	a->spk_slots = slots;
	a->cap_spk_slots = cap;
	for (size_t k = 0; k < a->n_spk_lists; k++) {
		const struct spk_list *l = &a->spk_lists[k];
		a->spk_slots[list_slot(a, l->by, l->key, l->len)] = (uint32_t)k + 1;
	}
	return true;
}

/* The list of (by, key); -1 when there is none. */
static int find_list(const struct ct_attribution *a, uint8_t by, const char *key, size_t len)
{
	size_t i;

	if (!a->cap_spk_slots)
		return -1;
	i = list_slot(a, by, key, len);
	return a->spk_slots[i] ? (int)a->spk_slots[i] - 1 : -1;
}

/* Lists speaker i under (by, key), in order of index: descending for the
 * latest-first questions, ascending for the role's. False when out of
 * memory. */
static bool list_speaker(struct ct_attribution *a, uint8_t by, const char *key, size_t len,
			 size_t i)
{
	int li = find_list(a, by, key, len);
	struct spk_list *l;
	int32_t *at, k;
	bool desc = by != BY_ROLE_NAME;

	if (li < 0) {
		if (3 * (a->n_spk_lists + 1) > a->cap_spk_slots && !grow_slots(a))
			return false;
		if (!CT_VEC_RESERVE(a->spk_lists, a->cap_spk_lists, a->n_spk_lists + 1))
			return false;
		li = (int)a->n_spk_lists++;
		a->spk_lists[li] = (struct spk_list){ .key = key, .len = (uint32_t)len, .by = by,
						      .head = -1, .tail = -1 };
		a->spk_slots[list_slot(a, by, key, len)] = (uint32_t)li + 1;
	}
	if (!CT_VEC_RESERVE(a->spk_links, a->cap_spk_links, a->n_spk_links + 1))
		return false;
	l = &a->spk_lists[li];
	/* A new speaker goes to the head of a descending list and the tail
	 * of an ascending one; only a renamed one is placed by a walk. */
	if (!desc && l->tail >= 0 && a->spk_links[l->tail].spk < (int32_t)i) {
		at = &a->spk_links[l->tail].next;
	} else {
		at = &l->head;
		while (*at >= 0 && (desc ? a->spk_links[*at].spk > (int32_t)i :
					   a->spk_links[*at].spk < (int32_t)i))
			at = &a->spk_links[*at].next;
		if (*at >= 0 && a->spk_links[*at].spk == (int32_t)i)
			return true;
	}
	k = (int32_t)a->n_spk_links++;
	a->spk_links[k] = (struct spk_link){ .spk = (int32_t)i, .next = *at };
	*at = k;
	if (a->spk_links[k].next < 0)
		l->tail = k;
	return true;
}

/* Whether speaker s answers the question by for a key that key_of(s)
 * gives (the lists hold only such speakers). */
static bool answers(const struct spk *s, uint8_t by)
{
	switch (by) {
	case BY_SURNAME:
		/* A name, not a description ("president of the University of
		 * Tarrow" is no Tarrow). */
		return s->kind == CT_SPEAKER_PERSON && s->name && strchr(s->name, ' ') &&
		       isupper((unsigned char)s->name[0]);
	case BY_ORG_WORD:
		return s->kind == CT_SPEAKER_ORGANIZATION && s->name && !s->outlet;
	default:
		return s->kind == CT_SPEAKER_PERSON && s->role && s->name;
	}
}

/* Lists speaker i under each question it answers, as it is now. */
static void list_under_questions(struct ct_attribution *a, size_t i)
{
	const struct spk *s = &a->spk[i];
	bool ok = true;

	for (uint8_t by = BY_SURNAME; by <= BY_ROLE_NAME && ok; by++) {
		const char *key;
		if (!answers(s, by))
			continue;
		key = by == BY_ROLE_NAME ? s->name : last_word(s->name);
		ok = list_speaker(a, by, key, by == BY_ROLE_NAME ? strlen(key) : name_len(key), i);
	}
	if (!ok)
		a->nomem = true;
}

/*
 * Until a document has recorded INDEX_FROM speakers, the questions read
 * them all, which costs less than keeping the lists (most documents name
 * a few people); the speaker that reaches it lists every one before it.
 */
#define INDEX_FROM 32

void ct_attr_index_speaker(struct ct_attribution *a, size_t i)
{
	if (a->cap_spk_slots) {
		list_under_questions(a, i);
		return;
	}
	if (a->n_spk < INDEX_FROM)
		return;
	/* The table, even when no speaker answers a question yet. */
	if (!grow_slots(a)) {
		a->nomem = true;
		return;
	}
	for (size_t k = 0; k < a->n_spk && !a->nomem; k++)
		list_under_questions(a, k);
}

/* Whether speaker s answers question by with this key. */
static bool answers_with(const struct spk *s, uint8_t by, const char *key)
{
	return answers(s, by) && (by == BY_ROLE_NAME ? strcmp(s->name, key) == 0 :
						      same_name(last_word(s->name), key));
}

/* The first speaker listed under (by, key) that still answers it with
 * that key; -1 when none. Those before it that no longer do are dropped:
 * only being renamed lists them again. Before there are lists, the
 * speakers are read in the lists' order. */
static int first_listed(struct ct_attribution *a, uint8_t by, const char *key, size_t len)
{
	struct spk_list *l;
	int li;

	if (!a->cap_spk_slots) {
		if (by == BY_ROLE_NAME) {
			for (size_t i = 0; i < a->n_spk; i++)
				if (answers_with(&a->spk[i], by, key))
					return (int)i;
		} else {
			for (size_t i = a->n_spk; i-- > 0;)
				if (answers_with(&a->spk[i], by, key))
					return (int)i;
		}
		return -1;
	}
	if ((li = find_list(a, by, key, len)) < 0)
		return -1;
	l = &a->spk_lists[li];
	while (l->head >= 0) {
		if (answers_with(&a->spk[a->spk_links[l->head].spk], by, key))
			return a->spk_links[l->head].spk;
		l->head = a->spk_links[l->head].next;
	}
	l->tail = -1;
	return -1;
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

/* Whether tokens [from, to] name an outlet; *canon is its name. */
bool ct_attr_is_outlet(struct ct_attribution *a, int from, int to, const char **canon)
{
	char *text = NULL;
	const char *r;

	if (from > to)
		return false;
	/* The phrase's text is copied for the ruleset's outlets to be
	 * looked for, and for a name that an outlet's word ends: a rule
	 * pack without outlets, and most phrases, need no copy. */
	if (a->rs && a->rs->n_outlets > 0) {
		if (!(text = ct_attr_tokens_text(a, from, to)))
			return false;
		if ((r = ct_attr_rules_outlet(a, text)) != NULL) {
			*canon = r;
			return true;
		}
	}
	if (!a->t[to].cap || !tok_in(a, to, W_OUTLET_HEAD))
		return false;
	for (int i = from; i <= to; i++)
		if (a->t[i].kind != T_WORD || (!a->t[i].cap && !tok_is(a, i, "the")))
			return false;
	if (!text && !(text = ct_attr_tokens_text(a, from, to)))
		return false;
	*canon = strncasecmp(text, "the ", 4) == 0 ? text + 4 : text;
	return true;
}

int ct_attr_add_speaker(struct ct_attribution *a, const char *name, const char *mention,
			const char *role, enum ct_speaker_kind kind, bool outlet, size_t at)
{
	struct spk *s;

	/* A name is NULL only when its copy ran out of memory. */
	if (!name)
		return -1;
	if (!CT_VEC_RESERVE(a->spk, a->cap_spk, a->n_spk + 1)) {
		a->nomem = true;
		return -1;
	}
	s = &a->spk[a->n_spk];
	s->name = name;
	s->mention = mention;
	s->role = role;
	s->kind = kind;
	s->outlet = outlet;
	s->at = at;
	a->n_spk++;
	ct_attr_index_speaker(a, a->n_spk - 1);
	return (int)a->n_spk - 1;
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

/* An earlier person whose full name ends in this surname: the most
 * recent, the likeliest referent. */
const char *ct_attr_resolve_surname(struct ct_attribution *a, const char *name)
{
	int i;

	if (strchr(name, ' '))
		return NULL;
	i = first_listed(a, BY_SURNAME, name, name_len(name));
	return i >= 0 ? a->spk[i].name : NULL;
}

/* An earlier organization whose name ends in this word ("the ministry"). */
const char *ct_attr_resolve_org_word(struct ct_attribution *a, const char *word)
{
	int i = first_listed(a, BY_ORG_WORD, word, name_len(word));

	return i >= 0 ? a->spk[i].name : NULL;
}

/* The role the document first gave the person of this name. */
const char *ct_attr_first_role(struct ct_attribution *a, const char *name)
{
	int i = first_listed(a, BY_ROLE_NAME, name, strlen(name));

	return i >= 0 ? a->spk[i].role : NULL;
}

bool ct_attr_source_modifier_word(const char *w, size_t n)
{
	static const char *const words[] = {"familiar", "close", "knowledgeable", "privy",
					    "briefed", "authorized", "unauthorized", "involved"};

	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (strlen(words[k]) == n && strncasecmp(w, words[k], n) == 0)
			return true;
	return false;
}

/*
 * "the officials", "the person": an earlier unnamed source of that head
 * described by what it knows or may say ("administration officials
 * unauthorized to speak publicly", "a person familiar with the talks"),
 * the latest one before at; -1 when none.
 */
static int resolve_description(const struct ct_attribution *a, const char *head, size_t at)
{
	size_t hn = strlen(head);

	for (size_t i = a->n_spk, floor = i > 256 ? i - 256 : 0; i-- > floor;) {
		const struct spk *s = &a->spk[i];
		if (s->at >= at || !s->name || s->outlet)
			continue;
		/* Each word w of the name and the word x after it. */
		for (const char *w = s->name; *w;) {
			const char *x = strchr(w, ' ');
			if (!x)
				break;
			x++;
			size_t xn = strcspn(x, " ");
			if ((size_t)(x - 1 - w) == hn && strncasecmp(w, head, hn) == 0 &&
			    ct_attr_source_modifier_word(x, xn))
				return (int)i;
			w = x;
		}
	}
	return -1;
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
/*
 * Whether tokens [i, to] can be a role: not a clause ("It wasn't exactly
 * the catalyst", "dedicating the National Museum … on Saturday",
 * "appearing after Clinton at the forum"), nor a caption's place in a
 * photo ("second from right"). "Acting mayor", "managing editor" are.
 */
static bool role_words(const struct ct_attribution *a, int i, int to)
{
	/* A participle that takes an object or a phrase opens a clause. */
	if (is_ing(a, i) && i < to &&
	    (tok_is(a, i + 1, "the") || tok_is(a, i + 1, "a") || tok_is(a, i + 1, "an") ||
	     tok_is(a, i + 1, "after") || ct_attr_after_preposition(a, i + 2)))
		return false;
	for (int k = i; k <= to; k++) {
		size_t n;
		const char *w;
		if (a->t[k].kind != T_WORD)
			continue;
		w = tok_str(a, k, &n);
		/* A verb, "wasn't", a subject pronoun. */
		if ((tok_in(a, k, W_VERBISH) && !tok_caps(a, k)) ||
		    (n > 3 && strcmp(w + n - 3, "n't") == 0) || tok_is(a, k, "it") ||
		    tok_is(a, k, "he") || tok_is(a, k, "she") || tok_is(a, k, "they") ||
		    tok_is(a, k, "we"))
			return false;
		/* "second from right", "(left)" */
		if (k == to && (tok_is(a, k, "left") || tok_is(a, k, "right")))
			return false;
	}
	return true;
}

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
	/* "chief General" before a name: the rank is the name's, not the
	 * role's; not "top Democrat" in a chunk of its own. */
	if (to > i && is_title(a, to) && a->t[to].cap && !a->t[to - 1].cap &&
	    (size_t)to + 1 < a->n_t && a->t[to + 1].kind == T_WORD && a->t[to + 1].cap)
		to--;
	if (i > to || !role_words(a, i, to))
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
			const char *org = ct_attr_resolve_org_word(a, owner);
			if (org) {
				char tmp[512];
				snprintf(tmp, sizeof tmp, "%s of %s%s", pos + 3,
					 strncasecmp(org, "the ", 4) == 0 ? "" : "the ", org);
				return arena_copy(a, tmp, strlen(tmp));
			}
		}
	}
	/* "Mr." or "Ms." alone is a courtesy, not a role. */
	static const char *const courtesy[] = { "Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Sir", NULL };
	for (int c = 0; courtesy[c]; c++)
		if (strcmp(buf, courtesy[c]) == 0)
			return NULL;
	return arena_copy(a, buf, o);
}

/* A speaker phrase cut at its commas (not inside parentheses): chunk c is
 * tokens [start[c], end[c]], none when start[c] > end[c]. */
struct chunks {
	int start[8], end[8];
	int n;
};

/* What the read_*() below return when the phrase is not of their kind. */
enum { UNREAD = -2 };

/* Whether tokens [s, e] tell only when: "Late Tuesday", "Earlier this
 * week", "On 17 December". */
static bool time_phrase(const struct ct_attribution *a, int s, int e)
{
	bool when = false;

	for (int k = s; k <= e; k++) {
		if (a->t[k].kind != T_WORD ||
		    !(ct_attr_date_word(a, k) || tok_is(a, k, "on") || tok_is(a, k, "later")))
			return false;
		when |= ct_attr_date_word(a, k) && !tok_is(a, k, "last") && !tok_is(a, k, "this") &&
			!tok_is(a, k, "next") && !tok_is(a, k, "earlier") && !tok_is(a, k, "late") &&
			!tok_is(a, k, "early");
	}
	return when;
}

/* Whether token i opens a subordinate clause of time, cause, condition
 * or concession ("when", "because", "if", "although"). */
static bool subordinator(const struct ct_attribution *a, int i)
{
	return tok_is(a, i, "when") || tok_is(a, i, "while") || tok_is(a, i, "after") ||
	       tok_is(a, i, "before") || tok_is(a, i, "because") || tok_is(a, i, "although") ||
	       tok_is(a, i, "though") || tok_is(a, i, "since") || tok_is(a, i, "if") ||
	       tok_is(a, i, "once");
}

/*
 * Trims a speaker phrase [*from, *to] to its subject: leading
 * conjunctions and edge punctuation off, a closing parenthesis too. False
 * when nothing is left or the phrase is too long to be a subject.
 */
static bool trim_phrase(const struct ct_attribution *a, int *from, int *to)
{
	/* Leading conjunctions and subordinators are not the subject's:
	 * "But many Democrats say", "When Clinton noted that". */
	bool subordinate = false;
	while (*from <= *to && (tok_punct(a, *from, ',') || tok_punct(a, *from, '-') ||
				tok_in(a, *from, W_LEADING))) {
		subordinate |= subordinator(a, *from);
		(*from)++;
	}
	/* "But when Congress cut funding for the pilot program two years
	 * later, Mexico": the subordinate clause ends at its comma, and the
	 * subject comes after it. A clause has a word in lower case; "after
	 * Warren E. Buffett, the billionaire investor," is its subject with
	 * an apposition. */
	if (subordinate && *from < *to) {
		bool lower = !a->t[*from].cap;
		for (int k = *from + 1; k < *to; k++) {
			if (tok_punct(a, k, ',')) {
				if (lower)
					*from = k + 1;
				break;
			}
			lower |= a->t[k].kind == T_WORD && !a->t[k].cap;
		}
	}
	/* "Late Tuesday, the Lakeside Times", "Speaking to dignitaries from
	 * the National Mall, Mr. Obama", "Having said that, Ann Roe": a time
	 * or a leading participle's or adverbial's phrase is no part of it. */
	bool opener = tok_in(a, *from, W_ADVERBIAL) || is_ing(a, *from);
	/* "That said, the mayor": the scan for a subject stops at "that". */
	bool that_said = tok_is(a, *from, "said") && tok_punct(a, *from + 1, ',');
	for (int k = *from + 1; k < *to && k - *from <= (opener ? 20 : 5); k++) {
		if (tok_punct(a, k, ',')) {
			if (time_phrase(a, *from, k - 1) || (opener && a->t[k + 1].cap) || that_said)
				*from = k + 1;
			break;
		}
	}
	/* A relative clause tells more of the subject and is none of it: "a
	 * citizen, whose name is withheld,", "a resident who lives nearby",
	 * "the company, which employs 3,000 people," (set off by commas up
	 * to the verb: "the test, which state media" has its own subject).
	 * So does an example of a group: "Critics, including opposition
	 * leader Anne Roy,". */
	for (int k = *from + 1; k <= *to; k++) {
		if (!a->t[k].cap && (tok_is(a, k, "who") || tok_is(a, k, "whose") ||
				     ((tok_is(a, k, "which") || tok_is(a, k, "including")) &&
				      tok_punct(a, k - 1, ',') && tok_punct(a, *to, ',')))) {
			*to = k - 1;
			break;
		}
	}
	while (*to >= *from && (tok_punct(a, *to, ',') || tok_punct(a, *to, '-')))
		(*to)--;
	/* "His comments come several days after Trudeau", "… resort to
	 * name-calling - Calgary MP Michelle Rempel": a subordinate clause
	 * or a dash opens the subject's own clause late in the span, with a
	 * name. */
	for (int k = *to - 1; k > *from; k--) {
		bool opens = tok_punct(a, k, '-') ||
			     (!a->t[k].cap && (tok_is(a, k, "after") || tok_is(a, k, "before") ||
					       tok_is(a, k, "when") || tok_is(a, k, "while") ||
					       tok_is(a, k, "because") || tok_is(a, k, "although") ||
					       tok_is(a, k, "though") || tok_is(a, k, "since") ||
					       tok_is(a, k, "if") || tok_is(a, k, "but")));
		if (!opens)
			continue;
		/* A name, maybe with titles, or a group ends the span after
		 * it: not "asserting, when questioned after the debate,", nor
		 * an apposition's "Tom Vik, appearing after Roe at the forum". */
		bool noun_phrase = *to - k <= 6;
		for (int j = k + 1; j <= *to && noun_phrase; j++)
			noun_phrase = a->t[j].kind == T_WORD && !a->t[j].quoted &&
				      (a->t[j].cap || is_title(a, j) || is_group(a, j));
		if (noun_phrase)
			*from = k + 1;
		break;
	}
	/* "Sen. Lindsey Graham (R-S.C.)": the parenthesis is not the name. */
	if (*to > *from && tok_punct(a, *to, ')')) {
		int k = *to;
		while (k > *from && !tok_punct(a, k, '('))
			k--;
		if (k > *from)
			*to = k - 1;
	}
	return *from <= *to && *to - *from <= 30;
}

/* Cuts tokens [from, to] into comma-separated chunks (not inside
 * parentheses), eight at most: the last takes the rest. */
static void cut_chunks(const struct ct_attribution *a, int from, int to, struct chunks *ch)
{
	int depth = 0;

	ch->n = 0;
	ch->start[0] = from;
	for (int i = from; i <= to; i++) {
		if (tok_punct(a, i, '('))
			depth++;
		else if (tok_punct(a, i, ')') && depth > 0)
			depth--;
		else if (tok_punct(a, i, ',') && depth == 0 && ch->n < 7) {
			ch->end[ch->n++] = i - 1;
			ch->start[ch->n] = i + 1;
		}
	}
	ch->end[ch->n++] = to;
}

/* Whether the cue word at i is a noun, the head of a noun phrase that
 * opens at from and ends at to: after a determiner or a possessive ("The
 * reports", "her claims", "the agency's statement"), or a plural that
 * ends the phrase after a word of it ("police reports", "news reports":
 * the verb comes after the phrase), not a verb. */
static bool cue_noun(const struct ct_attribution *a, int from, int to, int i)
{
	size_t n;
	const char *w;

	if (i <= from || a->t[i].cap || a->t[i - 1].kind != T_WORD)
		return false;
	w = tok_str(a, i, &n);
	if (i == to && n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && !tok_is(a, i, "says"))
		return true;
	if (tok_is(a, i - 1, "the") || tok_is(a, i - 1, "his") || tok_is(a, i - 1, "her") ||
	    tok_is(a, i - 1, "its") || tok_is(a, i - 1, "their") || tok_is(a, i - 1, "these") ||
	    tok_is(a, i - 1, "those"))
		return true;
	w = tok_str(a, i - 1, &n);
	return n > 2 && w[n - 2] == '\'' && (w[n - 1] == 's' || w[n - 1] == 'S');
}

/*
 * Empties the chunks that are no part of the subject: a leading phrase of
 * place or manner, a year, a relative clause or a lone adverb. False when
 * a chunk holds a verb or a clause word: then the span is no noun phrase,
 * and no subject.
 */
/* A capitalized word that names an entity, though it is also a verb or
 * a modal: "Theresa May", "Will Smith". */
static bool named_word(const struct ct_attribution *a, int i)
{
	return a->t[i].cap && a->t[i].ent >= 0;
}

/*
 * Whether the chunk [s, e] after the subject tells how, where or when
 * the subject spoke, not who it is: "in a statement", "in an email to
 * CBC News", "on Monday", "during a news conference", "for its part".
 * Not "of the Green Party" or "with the union", which say whom the
 * subject speaks for.
 */
static bool occasion_aside(const struct ct_attribution *a, int s, int e)
{
	if (e - s > 8 || a->t[s].cap)
		return false;
	if (tok_is(a, s, "for"))
		return e == s + 2 && tok_is(a, e, "part");
	return tok_is(a, s, "in") || tok_is(a, s, "on") || tok_is(a, s, "during") ||
	       tok_is(a, s, "after") || tok_is(a, s, "before") || tok_is(a, s, "via") ||
	       tok_is(a, s, "through");
}

/* A word of a person's name: "Theresa May" has a month's. */
static bool person_name_word(const struct ct_attribution *a, int i)
{
	return ct_attr_name_token(a, i) || (named_word(a, i) && month_of(a, i));
}

static bool drop_asides(const struct ct_attribution *a, struct chunks *ch)
{
	/* A leading phrase of place or manner is no part of the subject: "At a
	 * fundraiser in New York, Clinton", "Speaking in Novi, Michigan, Trump"
	 * (single capitalized chunks right after it continue the place). */
	for (int c = 0; c + 1 < ch->n; c++) {
		int cs = ch->start[c];
		if (c > 0 || !(tok_in(a, cs, W_ADVERBIAL) || is_ing(a, cs)))
			break;
		ch->end[c] = cs - 1;
		while (c + 2 < ch->n && ch->end[c + 1] - ch->start[c + 1] <= 1 &&
		       a->t[ch->start[c + 1]].cap) {
			c++;
			ch->end[c] = ch->start[c] - 1;
		}
	}
	/* Relative clauses (", who ...,") and lone adverbs (", however,") are
	 * asides; anything else with a verb or a clause word is not a noun
	 * phrase, so the span is no subject. */
	for (int c = 0; c < ch->n; c++) {
		int cs = ch->start[c], ce = ch->end[c];
		if (cs > ce)
			continue;
		if (cs == ce && ct_attr_number_at(a, cs, 4) >= 0) {
			/* "On December 17, 2020, Jane Doe": the year is no role. */
			ch->end[c] = cs - 1;
			continue;
		}
		/* "WHO spokeswoman": a word in capitals is an acronym. ", when
		 * asked,", ", when reached by phone,": an aside of occasion is
		 * one too. */
		if (c > 0 && occasion_aside(a, cs, ce)) {
			ch->end[c] = cs - 1;
			continue;
		}
		if (c > 0 && !tok_caps(a, cs) && (tok_is(a, cs, "who") || tok_is(a, cs, "which") ||
			      tok_is(a, cs, "whose") || tok_is(a, cs, "whom") ||
			      (cs == ce && tok_in(a, cs, W_ASIDE)) ||
			      (ce > cs && ce - cs <= 5 && (tok_is(a, cs, "when") || tok_is(a, cs, "if")) &&
			       (tok_is(a, cs + 1, "asked") || tok_is(a, cs + 1, "reached") ||
				tok_is(a, cs + 1, "contacted") || tok_is(a, cs + 1, "questioned"))))) {
			ch->end[c] = cs - 1;
			continue;
		}
		for (int i = cs, nest = 0; i <= ce; i++) {
			if (tok_punct(a, i, '('))
				nest++;
			else if (tok_punct(a, i, ')'))
				nest--;
			else if (nest == 0 && ((tok_in(a, i, W_VERBISH) && !tok_caps(a, i) &&
						 !named_word(a, i)) ||
						a->t[i].kind == T_QUOTE ||
						(lexicon_at(a, CT_CUE_SPEECH, i) && !cue_noun(a, cs, ce, i))))
				return false;
		}
	}
	return true;
}

/* The group word of chunk [s, e] that a short complement ends ("Voters
 * in Alberta", "officials at the ministry"): the head of the chunk; -1
 * when none, or when the complement is a time ("prosecutors in April")
 * or longer than a few words. */
static int group_before_complement(const struct ct_attribution *a, int s, int e)
{
	for (int k = s; k < e; k++) {
		if (!is_group(a, k) || tok_in(a, k, W_DOC_NOUN) ||
		    !(tok_is(a, k + 1, "in") || tok_is(a, k + 1, "at") || tok_is(a, k + 1, "of") ||
		      tok_is(a, k + 1, "from") || tok_is(a, k + 1, "for") || tok_is(a, k + 1, "with") ||
		      tok_is(a, k + 1, "on") || tok_is(a, k + 1, "to")))
			continue;
		if (e - (k + 1) > 6 || month_of(a, k + 2) || tok_in(a, k + 2, W_WEEKDAY | W_TIME) ||
		    ct_attr_number_at(a, k + 2, 4) >= 0)
			return -1;
		for (int j = k + 2; j <= e; j++)
			if (tok_in(a, j, W_VERBISH) || lexicon_at(a, CT_CUE_SPEECH, j))
				return -1;
		return k;
	}
	return -1;
}

/* Whether token `of` is "of" after the noun of a role that opens the
 * phrase at s (no group's, organization's or document's): "the mayor
 * of", "the former sergeant-at-arms of". */
static bool role_of(const struct ct_attribution *a, int s, int of)
{
	if (!tok_is(a, of, "of") || of - 1 < s || of - s > 3 || a->t[of - 1].cap)
		return false;
	for (int k = s; k < of - 1; k++)
		if (a->t[k].kind != T_WORD || (a->t[k].cap && k > s) ||
		    (tok_in(a, k, W_VERBISH) && !tok_caps(a, k)))
			return false;
	return a->t[of - 1].kind == T_WORD && !is_group(a, of - 1) && !is_org_head(a, of - 1) &&
	       !tok_in(a, of - 1, W_ORG_NOUN | W_DOC_NOUN | W_DATA_NOUN | W_WORK_NOUN | W_VERBISH);
}

/* A person: the first chunk ending in a name, with a role from the
 * chunks before the name or around it, or the one the person had. */
static int read_person(struct ct_attribution *a, const struct chunks *ch, const char *mention,
		       size_t at)
{
	for (int c = 0; c < ch->n; c++) {
		int s = ch->start[c], e = ch->end[c], k;
		/* "Jingyi Pan of IG", "professor Kent Moore at the University
		 * of Toronto": a name of two words or more before a complement
		 * is the head ("Royal Bank of Canada" is no such name). */
		for (int p = s + 2; p < e; p++)
			if ((tok_is(a, p, "of") || tok_is(a, p, "at") || tok_is(a, p, "with") ||
			     tok_is(a, p, "from")) &&
			    a->t[p - 1].cap && a->t[p - 2].cap && ct_attr_name_token(a, p - 1) &&
			    ct_attr_name_token(a, p - 2) && !is_title(a, p - 1) && !is_title(a, p - 2) &&
			    !is_org_head(a, p - 1) && !is_org_head(a, p - 2)) {
				e = p - 1;
				break;
			}
		k = e;
		/* "Officials at Homeland Security, a division of …": a
		 * group heads the phrase. */
		if (s <= e && group_before_complement(a, s, e) >= 0)
			return UNREAD;
		if (s > e || !a->t[e].cap || !person_name_word(a, e))
			continue;
		while (k - 1 >= s && person_name_word(a, k - 1) && e - k < 4)
			k--;
		/* "Organizer Dwayne Croteau": a noun of what one of a group is
		 * ("organizers"), before a name of two words, is a role. */
		if (e - k >= 2 && ct_attr_plural_is_group(a, k))
			k++;
		/* "Department of Health", "Fisheries and Oceans": the words
		 * before a joining word are the same name's, an institution's;
		 * "Secretary of State Mike Pompeo", "Minister of Foreign
		 * Affairs Ann Roe": a title's, and the person is the last two. */
		if (k - 2 >= s && a->t[k - 2].cap &&
		    (tok_is(a, k - 1, "of") || tok_is(a, k - 1, "for") || tok_is(a, k - 1, "and") ||
		     tok_punct(a, k - 1, '&'))) {
			if (e - k < 2)
				continue;
			k = ct_attr_last_two_names(a, k, e);
		}
		/* "an analysis by economist Lily Batchelder", "a spokeswoman
		 * for Premier Ann Roe": the author or the one spoken for is the
		 * speaker, with the titles after the preposition as the role;
		 * what comes before it is no role of theirs. "The director of
		 * operations for EHS, Jeff Fraser": the chunk is the role of a
		 * name in another. */
		int titles = k;
		while (titles - 1 > s && (is_title(a, titles - 1) || ct_attr_person_noun(a, titles - 1) ||
					   tok_is(a, titles - 1, "the")))
			titles--;
		bool on_behalf = titles - 1 > s && ct_attr_after_preposition(a, titles);
		if (on_behalf && ch->n > 1)
			continue;
		/* "a report by Politico", "a statement from the EU": the
		 * author, an outlet or an organization the document names (not
		 * "the founder of Studiocomix Press", a person). */
		bool authored = false;
		for (int d = s; on_behalf && d < titles - 1 && !authored; d++)
			authored = tok_in(a, d, W_DOC_NOUN | W_DATA_NOUN | W_WORK_NOUN);
		/* "The mayor of Tarrow", "the former sergeant-at-arms of the
		 * House of Commons": the one who holds the role speaks, a
		 * description (read_described()), not the place or body. */
		if (on_behalf && !authored && role_of(a, s, titles - 1))
			continue;
		if (authored) {
			const char *canon = NULL;
			int en = a->t[e].ent;
			if (ct_attr_is_outlet(a, k, e, &canon))
				return ct_attr_add_speaker(a, canon, mention, NULL,
							   CT_SPEAKER_ORGANIZATION, true, at);
			if (en >= 0 && a->ents[en].kind == ENT_ORG)
				return ct_attr_add_speaker(a, a->ents[en].name, mention, NULL,
							   CT_SPEAKER_ORGANIZATION, false, at);
		}
		/* An initial or a capitalized word that opens the chunk can be a
		 * first name only when a name token follows it. */
		char *name = ct_attr_tokens_text(a, k, e);
		if (!name)
			return -1;
		/* "The aid group Harbor Trust": an organization's noun before
		 * the name. */
		if (k > s && !a->t[k - 1].cap && tok_in(a, k - 1, W_ORG_NOUN))
			return ct_attr_add_speaker(a, name, mention, NULL, CT_SPEAKER_ORGANIZATION,
						   false, at);
		const char *full = ct_attr_resolve_surname(a, name);
		const struct ct_speaker_def *def = rules_speaker(a, full ? full : name);
		const char *role = NULL;
		/* "On 17 December Jane Doe said": a leading phrase is no role. */
		if (on_behalf && titles < k && !tok_is(a, titles, "the"))
			role = tidy_role(a, titles, k - 1);
		else if (k > s && !tok_in(a, s, W_ADVERBIAL) && !on_behalf)
			role = tidy_role(a, s, k - 1);
		/* "Dr. Maria Ortiz, president of …": an honorific alone yields
		 * to the apposition's role. */
		const char *honorific = NULL;
		if (role && k - s == 1 && is_title(a, s) && ch->n > 1) {
			honorific = role;
			role = NULL;
		}
		for (int o = 0; !role && o < ch->n; o++)
			if (o != c && ch->start[o] <= ch->end[o])
				role = tidy_role(a, ch->start[o], ch->end[o]);
		if (!role)
			role = honorific;
		/* "the Taliban" or "Taliban" alone is an organization. */
		if (k == e && is_org_head(a, e))
			continue;
		/* A person keeps the role the document first gave them. */
		if (!role)
			role = ct_attr_first_role(a, def ? def->name : full ? full : name);
		if (def) {
			if (!role)
				role = def->role;
			return ct_attr_add_speaker(a, def->name, mention, role, CT_SPEAKER_PERSON, false, at);
		}
		return ct_attr_add_speaker(a, full ? full : name, mention, role, CT_SPEAKER_PERSON,
					   false, at);
	}
	return UNREAD;
}

/* An organization: a chunk whose last word is an organization head. */
static int read_organization(struct ct_attribution *a, const struct chunks *ch,
			     const char *mention, size_t at)
{
	for (int c = 0; c < ch->n; c++) {
		int s = ch->start[c], e = ch->end[c], k = e;
		if (s <= e && group_before_complement(a, s, e) >= 0)
			return UNREAD;
		if (s > e || !is_org_head(a, e))
			continue;
		if (!a->t[e].cap) {
			/* "the ministry": an organization named before; not "the
			 * Trump campaign", whose words before its head name its
			 * own (as in entities.c: read_description()). */
			char buf[64];
			const char *org;
			if (e > s && !tok_is(a, e - 1, "the") && !tok_is(a, e - 1, "this") &&
			    !tok_is(a, e - 1, "that"))
				continue;
			org = ct_attr_resolve_org_word(a, ct_attr_word_lower(a, e, buf, sizeof buf));
			if (org)
				return ct_attr_add_speaker(a, org, mention, NULL, CT_SPEAKER_ORGANIZATION,
							   false, at);
			continue;
		}
		while (k - 1 >= s && a->t[k - 1].kind == T_WORD &&
		       (a->t[k - 1].cap || tok_is(a, k - 1, "of") || tok_is(a, k - 1, "and") ||
			tok_is(a, k - 1, "for") ||
			(tok_is(a, k - 1, "on") && k - 2 >= s && is_org_head(a, k - 2))))
			k--;
		while (k < e && !a->t[k].cap)
			k++;
		return ct_attr_add_speaker(a, ct_attr_tokens_text(a, k, e), mention, NULL,
					   CT_SPEAKER_ORGANIZATION, false, at);
	}
	return UNREAD;
}

/* An unnamed group, or a role without a name ("a spokesman"). */
static int read_group(struct ct_attribution *a, const struct chunks *ch, const char *mention,
		      size_t at)
{
	for (int c = 0; c < ch->n; c++) {
		int s = ch->start[c], e = ch->end[c];
		if (s > e || a->t[e].kind != T_WORD)
			continue;
		while (s < e && (tok_is(a, s, "the") || tok_is(a, s, "a") || tok_is(a, s, "an")))
			s++;
		/* "Voters in Alberta", "elected officials from both parties";
		 * "a number of other members of Congress" from "other". */
		int g = group_before_complement(a, s, e);
		bool complement = g >= 0;
		for (int k = s; k < g; k++)
			if (tok_is(a, k, "of"))
				s = k + 1;
		/* "Some parents' groups": the quantifier is no part of the name. */
		if (is_group(a, e) || complement)
			while (s < e && (tok_is(a, s, "some") || tok_is(a, s, "many") ||
					 tok_is(a, s, "several") || tok_is(a, s, "most")))
				s++;
		if (is_group(a, e) || complement)
			return ct_attr_add_speaker(a, ct_attr_tokens_text(a, s, e), mention, NULL,
						   CT_SPEAKER_GROUP, false, at);
		if (is_title(a, e))
			return ct_attr_add_speaker(a, ct_attr_tokens_text(a, s, e), mention, NULL,
						   CT_SPEAKER_PERSON, false, at);
	}
	return UNREAD;
}

/*
 * Whether the description [from, to] (after its determiner) is of one
 * person: its first or last word is a title, a word of a gender ("a
 * woman"), "person", or one of whom the plural is a group's word ("a
 * player": players; "a member of the public": members).
 */
static bool one_person(const struct ct_attribution *a, int from, int to)
{
	const int ends[2] = { from, to };

	for (int e = 0; e < 2 && (e == 0 || to > from); e++) {
		int i = ends[e];

		if (a->t[i].kind != T_WORD || a->t[i].cap)
			continue;
		if (is_title(a, i) || tok_in(a, i, W_MALE | W_FEMALE) || tok_is(a, i, "person") ||
		    ct_attr_plural_is_group(a, i))
			return true;
	}
	return false;
}

/* A described speaker, tokens [from, to] of one chunk: "The commission",
 * "Connecticut's tax commissioner". */
static int read_described(struct ct_attribution *a, int from, int to, const char *mention,
			  size_t at)
{
	size_t n;
	const char *w;

	int head = from, of = -1;

	/* "the mayor of Tarrow": a role of a named place or body. */
	for (int k = from + 1; k < to && of < 0; k++)
		if (role_of(a, from, k))
			of = k;
	if (a->t[to].kind != T_WORD || (a->t[to].cap && of < 0))
		return -1;
	if (of >= 0 && to - from <= 10 && (tok_is(a, from, "the") || tok_is(a, from, "a") ||
					   tok_is(a, from, "an") ||
					   (tok_is(a, from, "one") && of > from + 1))) {
		/* The person the entity pass linked the role to ("Mayor Ann
		 * Roe" before "the mayor of Tarrow"), with it as the role. */
		int holder = a->t[of - 1].ent;
		if (holder >= 0 && a->ents[holder].kind == ENT_PERSON)
			return ct_attr_add_speaker(a, a->ents[holder].name, mention,
						   ct_attr_tokens_text(a, from + 1, to), CT_SPEAKER_PERSON,
						   false, at);
		return ct_attr_add_speaker(a, ct_attr_tokens_text(a, from + 1, to), mention, NULL,
					   CT_SPEAKER_PERSON, false, at);
	}
	/* "Ivana Smith's brief", "North Korea's state-run news agency",
	 * "Health Minister Patty Hajdu's office", "Russia's envoy": a name of
	 * up to four words (titles with it) and a possessive open it, when
	 * the head is a noun of who speaks or what speaks for them (not
	 * "Smith's latest"). */
	bool speaks = ct_attr_speaking_noun(a, to);
	for (int k = from; speaks && k < to && k - from < 4 && a->t[k].kind == T_WORD &&
			   a->t[k].cap; k++) {
		w = tok_str(a, k, &n);
		if (n > 2 && w[n - 2] == '\'' && (w[n - 1] == 's' || w[n - 1] == 'S')) {
			head = k;
			break;
		}
	}
	if (to - head > 4)
		return -1;
	w = tok_str(a, head, &n);
	bool det = tok_is(a, from, "the") || tok_is(a, from, "a") || tok_is(a, from, "an") ||
		   tok_is(a, from, "this") || tok_is(a, from, "his") || tok_is(a, from, "her") ||
		   tok_is(a, from, "their") || tok_is(a, from, "its") || tok_is(a, from, "another") ||
		   tok_is(a, from, "each") || tok_is(a, from, "every") ||
		   /* "one questioner", "one resident of the town", not "one of
		    * the officials" */
		   (tok_is(a, from, "one") && to > from && !tok_is(a, from + 1, "of") &&
		    !tok_in(a, from + 1, W_CONTENT_STOPPER));
	bool poss = speaks && n > 2 && w[n - 2] == '\'' && (w[n - 1] == 's' || w[n - 1] == 'S');
	bool org = is_org_head(a, to) || tok_in(a, to, W_ORG_NOUN);
	/* "… said a" at the text's end: a determiner alone names no one, and
	 * there is no word after it to read. */
	bool person = !org && (poss || ((!det || to > from) && one_person(a, det ? from + 1 : from, to)));
	if ((det && to > from) || poss)
		return ct_attr_add_speaker(a, ct_attr_tokens_text(a, det ? from + 1 : from, to),
					   mention, NULL,
					   person ? CT_SPEAKER_PERSON : CT_SPEAKER_ORGANIZATION, false, at);
	return -1;
}

/*
 * The speaker for entity e (entities.c) that the phrase [from, to] names:
 * its full name, through the ruleset's speaker blocks, as the speaker the
 * phrase read gave (r, -1 when none) or as a new one. A person keeps the
 * role the phrase gives, or else the one the document gave them.
 */
static int entity_speaker(struct ct_attribution *a, int e, int r, bool pronoun,
			  const char *mention, size_t at)
{
	const struct ent *en = &a->ents[e];
	const char *name = en->name, *role = r >= 0 && !pronoun ? a->spk[r].role : NULL;
	enum ct_speaker_kind kind = en->kind == ENT_ORG ? CT_SPEAKER_ORGANIZATION :
				    en->kind == ENT_GROUP ? CT_SPEAKER_GROUP : CT_SPEAKER_PERSON;
	const struct ct_speaker_def *def = kind == CT_SPEAKER_PERSON ? rules_speaker(a, name) : NULL;

	if (def)
		name = def->name;
	for (size_t p = a->n_spk, floor = p > 256 ? p - 256 : 0; !role && p-- > floor;)
		if (a->spk[p].role && a->spk[p].kind == kind && strcmp(a->spk[p].name, name) == 0)
			role = a->spk[p].role;
	if (!role && def)
		role = def->role;
	if (r >= 0) {
		a->spk[r].name = name;
		a->spk[r].kind = kind;
		a->spk[r].role = role;
		ct_attr_index_speaker(a, (size_t)r);
		return r;
	}
	return ct_attr_add_speaker(a, name, mention, role, kind, false, at);
}

/*
 * Reads a speaker phrase, tokens [from, to], and records the speaker:
 * a pronoun resolved to an earlier speaker, a person (name split from
 * title and role), an organization, an outlet or an unnamed group.
 * Returns its index, or -1 when the phrase names no speaker.
 */
static int token_at(const struct ct_attribution *a, size_t at);

/* Whether [from, to] is a statement and no more: "A statement", "The
 * news release", "a tweet" (not "the report" or "a poll", which often
 * are another's). */
static bool document_alone(const struct ct_attribution *a, int from, int to)
{
	if (tok_is(a, from, "a") || tok_is(a, from, "an") || tok_is(a, from, "the") ||
	    tok_is(a, from, "this"))
		from++;
	if (from > to || to - from > 1 || !tok_in(a, to, W_DOC_NOUN) ||
	    !(tok_is(a, to, "statement") || tok_is(a, to, "release") || tok_is(a, to, "tweet") ||
	      tok_is(a, to, "email") || tok_is(a, to, "e-mail") || tok_is(a, to, "memo")))
		return false;
	for (int k = from; k <= to; k++)
		if (a->t[k].kind != T_WORD || a->t[k].cap || a->t[k].quoted)
			return false;
	return true;
}

/* The "from" or "by" of [from, to] when it is a document of an author
 * that a description names ("A statement from the ministry", "a news
 * release by the harbour board"); -1 otherwise, and for a name, which
 * read_person() reads. */
static int document_by(const struct ct_attribution *a, int from, int to)
{
	int k = from;

	if (tok_is(a, k, "a") || tok_is(a, k, "an") || tok_is(a, k, "the"))
		k++;
	for (int n = 0; k < to && n < 2 && a->t[k].kind == T_WORD && !a->t[k].cap; k++, n++)
		if (tok_in(a, k, W_DOC_NOUN) && (tok_is(a, k + 1, "from") || tok_is(a, k + 1, "by")))
			return tok_is(a, k + 2, "the") && k + 3 <= to && !a->t[k + 3].cap &&
				       !a->t[to].cap ? k + 1 : -1;
	return -1;
}

/*
 * Who a document without an author speaks for ("The aid group Harbor
 * Trust said … A statement said …"): the latest speaker named before it
 * in its paragraph or the one before, a person or an organization by
 * name; -1 when none.
 */
static int document_author(const struct ct_attribution *a, int from)
{
	int para = a->t[from].para;

	for (size_t p = a->n_spk; p-- > 0;) {
		const struct spk *sp = &a->spk[p];
		int k = token_at(a, sp->at);
		if (k >= from || (size_t)k >= a->n_t || a->t[k].para < para - 1)
			break;
		if ((sp->kind == CT_SPEAKER_PERSON || sp->kind == CT_SPEAKER_ORGANIZATION) &&
		    sp->name && isupper((unsigned char)sp->name[0]))
			return (int)p;
	}
	return -1;
}

/*
 * Whether [from, to] is two subjects joined by "and", the second opening
 * with "the" or "a" ("Ms. Dale and the EU", "The mayor and the council")
 * or a title or another entity's name. Not "Fisheries and Oceans" or "oil
 * and gas worker Mike Wipf", one name or role.
 */
static bool joined_subjects(const struct ct_attribution *a, int from, int to)
{
	if (to - from > 8)
		return false;
	for (int k = from + 1; k < to; k++) {
		/* "a study by Harvard and the University of …": a
		 * complement's, not the subject's. */
		if (a->t[k].kind != T_WORD || a->t[k].quoted || tok_in(a, k, W_CONTENT_STOPPER))
			return false;
		if (!tok_is(a, k, "and") || a->t[k - 1].kind != T_WORD)
			continue;
		if (k + 1 < to &&
		    (tok_is(a, k + 1, "the") || tok_is(a, k + 1, "a") || tok_is(a, k + 1, "an")))
			return true;
		/* "Mr. Grassley and Mr. Leahy", "Clinton and Trump": two
		 * people the entity pass tells apart. */
		if (a->t[k - 1].cap && (is_title(a, k + 1) ||
					(a->t[k + 1].cap && a->t[k - 1].ent >= 0 && a->t[k + 1].ent >= 0 &&
					 a->t[k - 1].ent != a->t[k + 1].ent)))
			return true;
	}
	return false;
}

int ct_attr_read_speaker(struct ct_attribution *a, int from, int to)
{
	struct chunks ch;
	const char *canon = NULL;
	int r;

	if (!trim_phrase(a, &from, &to))
		return -1;
	size_t at = a->t[from].s;
	char *mention = ct_attr_tokens_text(a, from, to);
	if (!mention)
		return -1;
	/* "a report seen by CBC News", "documents obtained by the Times
	 * Colonist": the outlet that saw the document reports it; the
	 * document speaks. */
	for (int k = from; k + 2 < to; k++)
		if (tok_in(a, k, W_DOC_NOUN) && !a->t[k].cap && tok_is(a, k + 2, "by") &&
		    (tok_is(a, k + 1, "seen") || tok_is(a, k + 1, "obtained") ||
		     tok_is(a, k + 1, "reviewed") || tok_is(a, k + 1, "viewed"))) {
			to = k;
			break;
		}
	/* "The airline, in an email to CBC News,": the names of an aside
	 * at the end are not the speaker's (the mention keeps it). */
	for (int k = to - 1; k > from; k--)
		if (tok_punct(a, k, ',')) {
			if (occasion_aside(a, k + 1, to))
				to = k - 1;
			break;
		}
	int ent = ct_attr_named_after(a, from, to);
	if (ent < 0)
		ent = ct_attr_phrase_entity(a, from, to);
	if (ent < 0 || a->ents[ent].kind == ENT_ORG) {
		int d = ct_attr_description_entity(a, from, to);
		if (d >= 0)
			ent = d;
	}
	/* "It's something she": a subject's head is its last word. */
	if (from < to && tok_in(a, to, W_PRONOUN) && a->t[to].ent >= 0)
		from = to;
	if (from == to && tok_in(a, from, W_PRONOUN)) {
		if (ent >= 0)
			return entity_speaker(a, ent, -1, true, mention, at);
		r = resolve_pronoun(a, mention, at);
		if (r < 0)
			return -1;
		return ct_attr_add_speaker(a, a->spk[r].name, mention, a->spk[r].role,
					   a->spk[r].kind, false, at);
	}
	if (ct_attr_is_outlet(a, from, to, &canon))
		return ct_attr_add_speaker(a, canon, mention, NULL, CT_SPEAKER_ORGANIZATION, true, at);
	/* "Some believe …", "Many say …": an unnamed group, when it opens
	 * the sentence ("… for all believe" has another subject). */
	if (from == to && ct_attr_quantifier(a, from) && is_upper(a->norm[a->t[from].s]) &&
	    (from == 0 || a->t[from - 1].sent != a->t[from].sent))
		return ct_attr_add_speaker(a, mention, mention, NULL, CT_SPEAKER_GROUP, false, at);
	/* "A statement from the ministry", "a release by the harbour board":
	 * the author a description names speaks, as that description would. */
	int by = document_by(a, from, to);
	if (by >= 0 && (r = ct_attr_read_speaker(a, by + 1, to)) >= 0) {
		a->spk[r].mention = mention;
		return r;
	}
	if (ent < 0 && document_alone(a, from, to) && (r = document_author(a, from)) >= 0)
		return ct_attr_add_speaker(a, a->spk[r].name, mention, a->spk[r].role, a->spk[r].kind,
					   false, at);
	cut_chunks(a, from, to, &ch);
	if (!drop_asides(a, &ch))
		return -1;
	if (ch.n == 1 && joined_subjects(a, from, to)) {
		/* "Both X and Y", "X and Y both" */
		if (tok_is(a, from, "both"))
			from++;
		if (tok_is(a, to, "both") || tok_is(a, to, "all"))
			to--;
		return ct_attr_add_speaker(a, ct_attr_tokens_text(a, from, to), mention, NULL,
					   CT_SPEAKER_GROUP, false, at);
	}
	/* "The city, however,", "The airline, in an email,": a phrase whose
	 * other chunks were all asides is read as its first. */
	int last = ch.n - 1;
	while (last > 0 && ch.start[last] > ch.end[last])
		last--;
	if ((r = read_person(a, &ch, mention, at)) == UNREAD &&
	    (r = read_organization(a, &ch, mention, at)) == UNREAD &&
	    (r = read_group(a, &ch, mention, at)) == UNREAD)
		r = ch.n == 1 ? read_described(a, from, to, mention, at) :
		    last == 0 && ch.start[0] <= ch.end[0] ?
				read_described(a, from, ch.end[0], mention, at) :
				-1;
	/* A group the phrase names is as the phrase reads it. */
	if (ent >= 0 && !a->nomem && !(r >= 0 && a->ents[ent].kind == ENT_GROUP))
		return entity_speaker(a, ent, r, false, mention, at);
	/* "the officials said" after "according to administration
	 * officials unauthorized to speak publicly": the same source. */
	if (r >= 0 && to == from + 1 && tok_is(a, from, "the") && !a->t[to].cap) {
		int d = resolve_description(a, a->spk[r].name, at);
		if (d >= 0)
			return ct_attr_add_speaker(a, a->spk[d].name, mention, a->spk[d].role,
						   a->spk[d].kind, false, at);
	}
	return r;
}

/* ---- carrying a speaker over a run of quotes ---- */

/* How many paragraphs a speaker holds the floor without being named again. */
enum { CARRY_PARAS = 5 };

/* A name of two words or more that opens its clause: the subject, a
 * person more likely than a place ("Across town, Ivan Petrov has run"). */
static bool subject_name(const struct ct_attribution *a, const struct ment *mt)
{
	const struct ent *en = &a->ents[mt->ent];
	int k = mt->tok;

	if (en->kind != ENT_UNKNOWN || en->last == en->name)
		return false;
	while (k > 0 && a->t[k - 1].ent == mt->ent && a->t[k - 1].sent == mt->sent)
		k--;
	return k == 0 || a->t[k - 1].sent != mt->sent || tok_punct(a, k - 1, ',');
}

void ct_attr_note_attribution(struct ct_attribution *a, int speaker, size_t at)
{
	if (speaker < 0 || a->spk[speaker].outlet)
		return;
	if (a->last_attr >= 0 && at < a->last_attr_at)
		return;
	a->last_attr = speaker;
	a->last_attr_at = at;
}

/* The first token at or after normalized offset at; a->n_t when none. */
static int token_at(const struct ct_attribution *a, size_t at)
{
	size_t lo = 0, hi = a->n_t;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a->t[mid].s < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (int)lo;
}

/*
 * Whether the words from token k on, after quote d in its sentence, go on
 * with what the quote says rather than attribute it: the quote holds a
 * sentence of its own before its last ("I wouldn't call it reform. It's
 * basically just a tax increase" for the top income bracket.), which a
 * title or a phrase in quotes does not, and no word of speech follows.
 */
static bool speech_run_on(const struct ct_attribution *a, const struct dquote *d, int k)
{
	if (d->last <= d->first || a->t[d->first].sent == a->t[d->last].sent)
		return false;
	for (; (size_t)k < a->n_t && a->t[k].sent == a->t[d->close].sent; k++)
		if (a->t[k].kind == T_QUOTE || lexicon_at(a, CT_CUE_SPEECH, k) ||
		    lexicon_at(a, CT_CUE_BELIEF, k))
			return false;
	return true;
}

int ct_attr_carry_speaker(struct ct_attribution *a, const struct dquote *d)
{
	int n = (int)a->n_t, k;

	/* The quote's sentence goes on after it, or a colon introduces it:
	 * it has an attribution of its own, which was not read. */
	if (d->close >= 0) {
		k = d->close + 1;
		if (tok_punct(a, k, ','))
			k++;
		if (k < n && a->t[k].kind == T_WORD && !a->t[k].quoted &&
		    a->t[k].sent == a->t[d->close].sent && a->t[k].para == a->t[d->close].para &&
		    !speech_run_on(a, d, k))
			return -1;
	}
	bool colon = d->open > 0 && tok_punct(a, d->open - 1, ':') &&
		     a->t[d->open - 1].sent == a->t[d->open].sent;
	/* The first part of a quote that goes on in the next paragraph
	 * takes the speaker its last part names (ct_attr_share_chains()). */
	if (d + 1 < a->dq + a->n_dq && d[1].chain == d->chain)
		return -1;
	int open = d->open;
	if (colon) {
		/* "Musk again took to Twitter with this:": the sentence that
		 * introduces the quote speaks, its subject when it names one;
		 * one that names nobody ("Then, after a pause:") goes on with
		 * the speaker before. */
		size_t lo = 0, hi = a->n_ments;
		int sent = a->t[open - 1].sent;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (a->ments[mid].sent < sent)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < a->n_ments && a->ments[lo].sent == sent && a->ments[lo].tok < open) {
			const struct ment *mt = &a->ments[lo];
			const struct ent *en = &a->ents[mt->ent];
			if (!mt->subject || tok_in(a, mt->tok, W_PRONOUN) ||
			    (en->kind == ENT_UNKNOWN && !subject_name(a, mt)))
				return -1;
			return ct_attr_add_speaker(a, en->name, NULL, NULL,
						   en->kind == ENT_ORG ? CT_SPEAKER_ORGANIZATION :
						   en->kind == ENT_GROUP ? CT_SPEAKER_GROUP :
						   CT_SPEAKER_PERSON, false, a->t[open].s);
		}
	}
	if (a->last_attr < 0)
		return -1;
	int from = token_at(a, a->last_attr_at);
	if (from >= n || a->t[open].para - a->t[from].para > CARRY_PARAS)
		return -1;
	/* A person the narration names after that attribution's sentence
	 * takes over: the subject of the latest sentence naming one. */
	int sent = a->t[from].sent, who = -1, who_sent = -1;
	size_t lo = 0, hi = a->n_ments;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a->ments[mid].tok < open)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t m = lo; m-- > 0;) {
		const struct ment *mt = &a->ments[m];
		if (mt->sent <= sent || (who >= 0 && mt->sent != who_sent))
			break;
		if (a->ents[mt->ent].kind == ENT_PERSON || subject_name(a, mt)) {
			who = mt->ent;
			who_sent = mt->sent;
		}
	}
	const struct spk *last = &a->spk[a->last_attr];
	if (who < 0 || strcmp(a->ents[who].name, last->name) == 0)
		return a->last_attr;
	return ct_attr_add_speaker(a, a->ents[who].name, NULL, NULL, CT_SPEAKER_PERSON, false,
				   a->t[open].s);
}
