/*
 * The people and organizations of a document, found in one pass over its
 * tokens before any attribution is read: every name written outside
 * quotes ("Mayor Doug Reid", "the Canada Revenue Agency (CRA)"), the role
 * words and gender attached to it, and every later token that refers to
 * one: its surname, first name or acronym, a pronoun ("she", "its"), a
 * description ("the mayor", "the agency") or a document ("her statement",
 * "the RCMP statement"). Each such token is tagged with its entity
 * (t[i].ent), which speakers.c reads to name the full canonical speaker.
 *
 * Pronouns are resolved by agreement (gender, person or organization), then
 * by salience and recency: among the nearest sentence with a candidate, the
 * first mention (the subject) wins. Mentions inside quotes are not
 * counted: a name a speaker utters is seldom the next speaker.
 */
#include "attrib/attrib_internal.h"

#include <stdio.h>
#include <stdlib.h>

/* How far back a pronoun or a description looks, in mentions and paragraphs. */
enum { PRONOUN_MENTIONS = 64, PRONOUN_PARAS = 3 };
/* How far back a first name alone refers to a person named in full. */
enum { FIRST_NAME_PARAS = 8 };

/* Text of tokens [from, to] in the arena; NULL when out of memory. */
static const char *text_of(struct ct_attribution *a, int from, int to)
{
	char *c = ct_arena_strndup(&a->arena, a->norm + a->t[from].s, a->t[to].e - a->t[from].s);

	if (!c)
		a->nomem = true;
	return c;
}

static const char *arena_lower(struct ct_attribution *a, int i)
{
	char buf[64];
	const char *w = ct_attr_word_lower(a, i, buf, sizeof buf);
	char *c = ct_arena_strndup(&a->arena, w, strlen(w));

	if (!c)
		a->nomem = true;
	return c;
}

/* Whether token i is written with a possessive 's. */
static bool possessive(const struct ct_attribution *a, int i)
{
	size_t n;
	const char *s = tok_str(a, i, &n);

	return n > 2 && s[n - 2] == '\'' && (s[n - 1] == 's' || s[n - 1] == 'S');
}

/* Whether token i (possessive cut) equals s[0, n), case-insensitively. */
static bool tok_equals(const struct ct_attribution *a, int i, const char *s, size_t n)
{
	size_t tn;
	const char *t = tok_str(a, i, &tn);

	if (possessive(a, i))
		tn -= 2;
	return tn == n && strncasecmp(t, s, n) == 0;
}

/* An acronym: two to six capitals (digits allowed after the first), no
 * lowercase ("CRA", "RCMP", "UFCW"). */
static bool is_acronym(const struct ct_attribution *a, int i)
{
	size_t n;
	const char *s;
	int caps = 0;

	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD)
		return false;
	s = tok_str(a, i, &n);
	if (possessive(a, i))
		n -= 2;
	if (n < 2 || n > 6 || !is_upper(s[0]))
		return false;
	for (size_t k = 0; k < n; k++) {
		if (is_upper(s[k]))
			caps++;
		else if (!(s[k] >= '0' && s[k] <= '9'))
			return false;
	}
	return caps >= 2;
}

/* A word in mixed case inside ("TransLink", "WestJet"): a brand; not
 * a surname with a prefix ("McKenzie", "MacDonald", "DeSantis"). */
static bool is_camel(const struct ct_attribution *a, int i)
{
	size_t n;
	const char *s = tok_str(a, i, &n);

	if (n < 5 || !is_upper(s[0]) || strncmp(s, "Mac", 3) == 0)
		return false;
	for (size_t k = 3; k + 1 < n; k++)
		if (is_upper(s[k]) && is_lower(s[k - 1]))
			return true;
	return false;
}

static bool is_org_word(const struct ct_attribution *a, int i)
{
	return is_org_head(a, i) || tok_in(a, i, W_ORG_NOUN) ||
	       (a->t[i].base && (a->t[i].base->lists & W_ORG_NOUN));
}

static int known_run(const struct ct_attribution *a, int s, int e);
static unsigned char gender_of(const struct ct_attribution *a, int i);

/* Whether token i is in a short paragraph whose words are nearly all
 * capitalized, as a headline in title case is ("Hillary Clinton Goes
 * After Trump's Taxes"): a run of three words there is as likely a name
 * and a verb as a name. */
static bool title_case_line(const struct ct_attribution *a, int i)
{
	int s = i, e = i, words = 0, caps = 0;

	while (s > 0 && a->t[s - 1].para == a->t[i].para && i - s < 24)
		s--;
	while ((size_t)e + 1 < a->n_t && a->t[e + 1].para == a->t[i].para && e - s < 24)
		e++;
	if ((s > 0 && a->t[s - 1].para == a->t[i].para) ||
	    ((size_t)e + 1 < a->n_t && a->t[e + 1].para == a->t[i].para))
		return false;
	for (int k = s; k <= e; k++)
		if (a->t[k].kind == T_WORD) {
			words++;
			caps += is_upper(a->norm[a->t[k].s]);
		}
	return words >= 4 && caps * 10 >= words * 8;
}

/* Whether a verb of speech follows token i, maybe after an auxiliary. */
static bool speech_after(const struct ct_attribution *a, int i)
{
	return lexicon_at(a, CT_CUE_SPEECH, i + 1) ||
	       (tok_in(a, i + 1, W_AUXILIARY) && lexicon_at(a, CT_CUE_SPEECH, i + 2));
}

/* Whether token i can go on a name run (capitalized, outside quotes). */
static bool run_word(const struct ct_attribution *a, int i, bool first)
{
	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD || !a->t[i].cap ||
	    a->t[i].quoted)
		return false;
	/* "Theresa May", "Ms. May": a month after a name is a name, though
	 * "may" is also a verb; so is one alone before a verb of speech
	 * when a person of that surname was named before ("May said"). */
	if (month_of(a, i) && ct_attr_number_at(a, i + 1, 4) < 0 &&
	    (!first || (i > 0 && is_title(a, i - 1)) ||
	     ((size_t)i + 2 < a->n_t && speech_after(a, i) && known_run(a, i, i) >= 0)))
		return true;
	if (tok_in(a, i, W_VERBISH) || lexicon_at(a, CT_CUE_SPEECH, i))
		return false;
	/* "United Auto Workers", "Union of Operating Engineers": a group's
	 * word capitalized after a name's word goes on the name. */
	return ct_attr_name_token(a, i) || (a->t[i].cap && is_org_word(a, i)) ||
	       (!first && is_group(a, i) && !is_title(a, i));
}

/* The end of the name run that starts at token i (inclusive). */
static int run_end(const struct ct_attribution *a, int i)
{
	int e = i;

	/* A name does not go on past its paragraph ("… from Trout Brook,
	 * N.B." then "Vickers said"). */
	while (e - i < 8 && (size_t)e + 1 < a->n_t && a->t[e + 1].para == a->t[e].para) {
		if (run_word(a, e + 1, false) && !possessive(a, e)) {
			e++;
			continue;
		}
		/* "University of Saskatchewan", "Procter & Gamble", "Centre for …",
		 * "Commission on Presidential Debates" */
		bool joins = (tok_is(a, e + 1, "of") || tok_is(a, e + 1, "for") ||
			      tok_is(a, e + 1, "on")) &&
			     is_org_word(a, e);
		joins |= tok_punct(a, e + 1, '&');
		/* "Department of Fisheries and Oceans": "and" inside the
		 * complement of an organization's word; not "University of
		 * Toronto and McGill University", two organizations. */
		for (int k = i + 1; k < e && !joins && tok_is(a, e + 1, "and") &&
				    !is_org_word(a, e + 2) && !is_org_word(a, e + 3); k++)
			joins = tok_is(a, k, "of") && is_org_word(a, k - 1);
		/* "Securities and Exchange Commission": one word that is no
		 * one's name, "and", then a name that an organization's word
		 * ends ("Immigration and Customs Enforcement"). */
		joins |= e == i && tok_is(a, e + 1, "and") && a->t[e].ent < 0 && !gender_of(a, e) &&
			 (size_t)e + 3 < a->n_t && run_word(a, e + 2, false) &&
			 (is_org_word(a, e + 2) || (a->t[e + 3].cap && is_org_word(a, e + 3)));
		/* "Bill de Blasio", "Osama bin Laden" */
		joins |= !a->t[e + 1 < (int)a->n_t ? e + 1 : e].cap && ct_attr_name_token(a, e + 1);
		if (joins && run_word(a, e + 2, false) && !possessive(a, e) &&
		    a->t[e + 2].para == a->t[e].para) {
			e += 2;
			continue;
		}
		break;
	}
	return e;
}

static int add_ent(struct ct_attribution *a, const char *name, unsigned char kind)
{
	struct ent *e;

	if (!name)
		return -1;
	if (!CT_VEC_RESERVE(a->ents, a->cap_ents, a->n_ents + 1)) {
		a->nomem = true;
		return -1;
	}
	e = &a->ents[a->n_ents];
	memset(e, 0, sizeof *e);
	e->name = name;
	e->kind = kind;
	e->first_tok = -1;
	const char *sp = strchr(name, ' ');
	e->first_len = kind != ENT_ORG && kind != ENT_GROUP && sp ? (size_t)(sp - name) : 0;
	sp = strrchr(name, ' ');
	e->last = sp ? sp + 1 : name;
	return (int)a->n_ents++;
}

static void add_role(struct ent *e, const char *role)
{
	if (!role || e->n_roles >= 4)
		return;
	for (int r = 0; r < e->n_roles; r++)
		if (strcmp(e->roles[r], role) == 0)
			return;
	e->roles[e->n_roles++] = role;
}

static bool has_role(const struct ent *e, const char *role)
{
	for (int r = 0; r < e->n_roles; r++)
		if (strcmp(e->roles[r], role) == 0)
			return true;
	return false;
}

/*
 * The keys an entity is found by (its name, surname, first name,
 * acronym, roles, type), each hashed with its kind into one table that
 * holds, per key, the entity mentioned last: a lookup is one probe, not a
 * walk back through the mentions.
 */
enum { K_NAME = 1, K_SURNAME, K_FIRST, K_ACRONYM, K_ROLE, K_TYPE, K_TAIL };

/* The key of kind for a text hashed base (word_hash()): a text is hashed
 * once for every kind it is looked up as, and a token's text not at all
 * (the tokenizer's hash). */
static uint64_t key_of(int kind, uint64_t base)
{
	uint64_t h = fnv_step(base, (unsigned char)kind);

	return h ? h : 1;
}

static struct ent_key *key_slot(struct ent_key *keys, size_t cap, uint64_t h)
{
	size_t k = h & (cap - 1);

	while (keys[k].h && keys[k].h != h)
		k = (k + 1) & (cap - 1);
	return &keys[k];
}

/* The bit of a word hashed h (word_hash()) in a->role_bits. */
static void set_role_bit(struct ct_attribution *a, uint64_t h)
{
	unsigned b = (unsigned)(h ^ h >> 32) & 255;

	a->role_bits[b / 64] |= (uint64_t)1 << (b % 64);
}

/* Sets key s[0, n) of kind to entity e; c holds the key's hash as last
 * taken, reused when the key is the same text. */
static void key_put(struct ct_attribution *a, int kind, const char *s, size_t n, int e,
		    struct ent_key_hash *c)
{
	uint64_t h;

	if (!s || !n)
		return;
	if (c->s == s && c->n == n) {
		h = c->h;
	} else {
		/* A role as a token's hash tells it, with a possessive 's too
		 * ("the mayor's"): maybe_role() reads no bytes. */
		uint64_t base = word_hash(s, n);
		if (kind == K_ROLE) {
			set_role_bit(a, base);
			set_role_bit(a, fnv_step(fnv_step(base, '\''), 's'));
		}
		h = key_of(kind, base);
		*c = (struct ent_key_hash){ s, n, h };
	}
	if (2 * (a->n_keys + 1) > a->cap_keys) {
		size_t cap = a->cap_keys ? 2 * a->cap_keys : 64;
		struct ent_key *keys = calloc(cap, sizeof *keys);
		if (!keys) {
			a->nomem = true;
			return;
		}
		for (size_t k = 0; k < a->cap_keys; k++)
			if (a->keys[k].h)
				*key_slot(keys, cap, a->keys[k].h) = a->keys[k];
		free(a->keys);
		a->keys = keys;
		a->cap_keys = cap;
	}
	struct ent_key *slot = key_slot(a->keys, a->cap_keys, h);
	if (!slot->h)
		a->n_keys++;
	*slot = (struct ent_key){ h, e };
}

/* The entity last mentioned under a key of kind whose text is hashed
 * base (word_hash()), or -1. */
static int key_get(const struct ct_attribution *a, int kind, uint64_t base)
{
	if (!a->cap_keys)
		return -1;
	const struct ent_key *slot = key_slot(a->keys, a->cap_keys, key_of(kind, base));
	return slot->h ? slot->ent : -1;
}

/* A person's surname of two words, the last two of a name of three or
 * more ("Ragheb Al Turkmani" is "Al Turkmani" later); NULL when none. */
static const char *name_tail(const struct ent *en)
{
	if (en->kind == ENT_ORG || en->kind == ENT_GROUP || en->last == en->name || !en->first_len ||
	    en->name + en->first_len + 1 >= en->last - 1)
		return NULL;
	const char *t = en->last - 1;
	while (t > en->name && t[-1] != ' ')
		t--;
	return t;
}

/* Whether word i, as ct_attr_word_lower() reads it, may be a role an
 * entity has: false when it is none (the bit of its hash is clear), so
 * that a word is lowercased and looked up only when it may be one. A
 * word of 64 bytes or more, which ct_attr_word_lower() cuts, may be. */
static bool maybe_role(const struct ct_attribution *a, int i)
{
	uint64_t h = a->t[i].hash;
	unsigned b = (unsigned)(h ^ h >> 32) & 255;

	return a->t[i].e - a->t[i].s >= 64 || (a->role_bits[b / 64] >> (b % 64) & 1);
}

static void put_keys(struct ct_attribution *a, int e)
{
	struct ent *en = &a->ents[e];

	key_put(a, K_NAME, en->name, strlen(en->name), e, &en->kh[0]);
	if (en->kind == ENT_GROUP)
		return;
	if (en->last != en->name)
		key_put(a, K_SURNAME, en->last, strlen(en->last), e, &en->kh[1]);
	key_put(a, K_FIRST, en->name, en->first_len, e, &en->kh[2]);
	const char *tail = name_tail(en);
	if (tail)
		key_put(a, K_TAIL, tail, strlen(tail), e, &en->kh[9]);
	if (en->acronym)
		key_put(a, K_ACRONYM, en->acronym, strlen(en->acronym), e, &en->kh[3]);
	for (int r = 0; r < en->n_roles; r++)
		key_put(a, K_ROLE, en->roles[r], strlen(en->roles[r]), e, &en->kh[4 + r]);
	if (en->type)
		key_put(a, K_TYPE, en->type, strlen(en->type), e, &en->kh[8]);
}

/*
 * Whether token i's paragraph is a line rather than prose: it does not end
 * as a sentence does (a heading, "Article continued below", a caption
 * ending in a video's length, a "READ MORE" link). Its names are known,
 * but nobody it names is the referent of a later pronoun. Asked once per
 * paragraph.
 */
static bool in_line(struct ct_attribution *a, int i)
{
	int f = i, k = i;

	if (a->t[i].para == a->line_para)
		return a->line_is;
	/* The paragraph's first and last tokens, by bisection: paragraphs
	 * only grow along the tokens. */
	int lo = 0, hi = i, para = a->t[i].para;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (a->t[mid].para < para)
			lo = mid + 1;
		else
			hi = mid;
	}
	f = lo;
	lo = i;
	hi = (int)a->n_t - 1;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;
		if (a->t[mid].para > para)
			hi = mid - 1;
		else
			lo = mid;
	}
	k = lo;
	size_t n;
	const char *last = tok_str(a, k, &n);
	a->line_para = a->t[i].para;
	a->line_is = a->t[f].sent == a->t[k].sent && a->t[k].kind != T_QUOTE && last[n - 1] != '.' &&
		     !tok_punct(a, k, '!') && !tok_punct(a, k, '?') && !tok_punct(a, k, ':') &&
		     !tok_punct(a, k, ';') && !tok_punct(a, k, ')') && !tok_punct(a, k, ',');
	return a->line_is;
}

/* Whether the word before token k is a preposition. By its length first:
 * every mention asks, and a word is one of a few of its length at most. */
bool ct_attr_after_preposition(const struct ct_attribution *a, int k)
{
	int i = k - 1;

	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD)
		return false;
	switch (a->t[i].e - a->t[i].s) {
	case 2:
		return tok_is(a, i, "of") || tok_is(a, i, "to") || tok_is(a, i, "at") ||
		       tok_is(a, i, "by") || tok_is(a, i, "in") || tok_is(a, i, "on");
	case 3:
		return tok_is(a, i, "for");
	case 4:
		return tok_is(a, i, "with") || tok_is(a, i, "from") || tok_is(a, i, "like") ||
		       tok_is(a, i, "than");
	case 5:
		return tok_is(a, i, "about");
	case 6:
		return tok_is(a, i, "unlike");
	case 7:
		return tok_is(a, i, "against");
	default:
		return false;
	}
}

/* "A statement e-mailed to reporters by Ann Lee said": the author of a
 * document that opens the sentence is its subject. Token k opens the
 * author's name; looks back a bounded way. */
static bool author_of_subject(const struct ct_attribution *a, int k)
{
	int s0 = k - 1;

	if (!tok_is(a, k - 1, "by"))
		return false;
	while (s0 > 0 && a->t[s0 - 1].sent == a->t[k].sent && k - s0 <= 12)
		s0--;
	if (s0 > 0 && a->t[s0 - 1].sent == a->t[k].sent)
		return false;
	return (tok_is(a, s0, "a") || tok_is(a, s0, "an") || tok_is(a, s0, "the")) &&
	       tok_in(a, s0 + 1, W_DOC_NOUN);
}

/* Records a mention of entity e at head token i and tags it; a mention
 * that does not count is tagged only (an object pronoun). */
static void mention(struct ct_attribution *a, int e, int i, bool count)
{
	a->t[i].ent = e;
	if (!count)
		return;
	a->ents[e].last_para = a->t[i].para;
	if (a->ents[e].first_tok < 0)
		a->ents[e].first_tok = i;
	put_keys(a, e);
	if (in_line(a, i))
		return;
	if (!CT_VEC_RESERVE(a->ments, a->cap_ments, a->n_ments + 1)) {
		a->nomem = true;
		return;
	}
	int first = i;
	while (first > 0 && a->t[first - 1].ent == e && a->t[first - 1].sent == a->t[i].sent &&
	       a->t[first - 1].kind == T_WORD && !is_title(a, first - 1))
		first--;
	/* "the Kinder Morgan pipeline", "Clinton spokesman", "the RCMP statement" */
	bool modifier = !tok_in(a, i, W_PRONOUN) && !possessive(a, i) &&
			(size_t)i + 1 < a->n_t && a->t[i + 1].kind == T_WORD && !a->t[i + 1].cap &&
			(tok_is(a, first - 1, "the") || tok_is(a, first - 1, "a") ||
			 tok_is(a, first - 1, "an") || is_title(a, i + 1) ||
			 is_org_word(a, i + 1) || tok_in(a, i + 1, W_DOC_NOUN));
	/* "the Trans Mountain pipeline": a name of unknown kind that a
	 * determiner opens and a noun ends names a thing, not a person. */
	if (modifier && a->ents[e].kind == ENT_UNKNOWN && !is_title(a, i + 1) &&
	    (tok_is(a, first - 1, "the") || tok_is(a, first - 1, "a") || tok_is(a, first - 1, "an")))
		a->ents[e].thing = true;
	bool head = !modifier && !possessive(a, i) &&
		    (!ct_attr_after_preposition(a, first) || author_of_subject(a, first));
	bool subject = head;
	for (size_t m = a->n_ments; subject && m-- > 0 && a->ments[m].sent == a->t[i].sent;)
		if (a->ments[m].subject)
			subject = false;
	a->ments[a->n_ments++] = (struct ment){ e, i, a->t[i].sent, a->t[i].para, subject, head };
}

/* The gender a word tells (honorific, gendered noun, given name). */
static unsigned char gender_of(const struct ct_attribution *a, int i)
{
	const struct word *w = a->t[i].base ? a->t[i].base : a->t[i].w;

	if (!w)
		return G_UNKNOWN;
	if ((w->lists & W_MALE) && !(w->lists & W_FEMALE))
		return G_MALE;
	if ((w->lists & W_FEMALE) && !(w->lists & W_MALE))
		return G_FEMALE;
	return G_UNKNOWN;
}

/* The latest mentioned entity, within `reach` mentions back, that fits. */
typedef bool (*ent_fits)(const struct ct_attribution *a, const struct ent *e, const void *arg);

static int latest(const struct ct_attribution *a, int reach, ent_fits fits, const void *arg)
{
	for (size_t m = a->n_ments; m-- > 0 && reach-- > 0;)
		if (fits(a, &a->ents[a->ments[m].ent], arg))
			return a->ments[m].ent;
	return -1;
}

static bool fits_surname(const struct ct_attribution *a, const struct ent *e, const void *arg)
{
	int i = *(const int *)arg;

	return e->kind != ENT_ORG && e->kind != ENT_GROUP && e->last != e->name &&
	       tok_equals(a, i, e->last, strlen(e->last));
}

static bool fits_first(const struct ct_attribution *a, const struct ent *e, const void *arg)
{
	int i = *(const int *)arg;

	/* "Zentrix Research", a name that may be a person's, is not "Zentrix". */
	return (e->kind == ENT_PERSON || (e->kind == ENT_UNKNOWN && gender_of(a, i))) &&
	       e->first_len && tok_equals(a, i, e->name, e->first_len);
}

static bool fits_acronym(const struct ct_attribution *a, const struct ent *e, const void *arg)
{
	int i = *(const int *)arg;

	return e->kind == ENT_ORG && e->acronym && tok_equals(a, i, e->acronym, strlen(e->acronym));
}

/* An existing entity the run [s, e] names: the same full name, or one
 * word that is a person's surname or first name, or an acronym. */
static int known_run(const struct ct_attribution *a, int s, int e)
{
	size_t len = a->t[e].e - a->t[s].s;
	const char *text = a->norm + a->t[s].s;

	if (possessive(a, e))
		len -= 2;
	uint64_t base = word_hash(text, len);
	int r = key_get(a, K_NAME, base);

	if (r >= 0 && strlen(a->ents[r].name) == len && strncasecmp(a->ents[r].name, text, len) == 0) {
		/* "Trump said" before "Donald Trump" was named: the full name
		 * is who the word names now. */
		int full;
		if (a->ents[r].weak && (full = key_get(a, K_SURNAME, base)) >= 0 &&
		    fits_surname(a, &a->ents[full], &s))
			return full;
		return r;
	}
	if (s + 1 == e) {
		/* "Al Turkmani" after "Ragheb Al Turkmani" */
		const char *tail;
		if ((r = key_get(a, K_TAIL, base)) >= 0 && (tail = name_tail(&a->ents[r])) &&
		    strlen(tail) == len && strncasecmp(tail, text, len) == 0)
			return r;
	}
	if (s != e)
		return -1;
	if ((r = key_get(a, K_ACRONYM, base)) >= 0 && fits_acronym(a, &a->ents[r], &s))
		return r;
	if ((r = key_get(a, K_SURNAME, base)) >= 0 && fits_surname(a, &a->ents[r], &s))
		return r;
	/* A first name alone is a person the passage is about, not one
	 * named paragraphs ago ("Joseph" is not Joseph Boinnet, the police
	 * chief of the fourth paragraph). */
	if ((r = key_get(a, K_FIRST, base)) >= 0 && fits_first(a, &a->ents[r], &s) &&
	    a->t[s].para - a->ents[r].last_para <= FIRST_NAME_PARAS)
		return r;
	return -1;
}

/* The head noun of an appositive after a name, ", a 32-year-old
 * labourer," / ", the mayor of Surrey,": the last lowercase word before
 * the comma or a preposition; -1 when what follows is no appositive. */
static int appositive_head(const struct ct_attribution *a, int comma)
{
	int k = comma + 1, head = -1;

	if (!tok_punct(a, comma, ','))
		return -1;
	for (; (size_t)k < a->n_t && k - comma <= 8; k++) {
		if (a->t[k].kind != T_WORD || a->t[k].quoted)
			break;
		if (tok_is(a, k, "of") || tok_is(a, k, "at") || tok_is(a, k, "for") ||
		    tok_is(a, k, "with") || tok_is(a, k, "in") || tok_is(a, k, "from"))
			break;
		/* ", the group that organized the rally," */
		if (head >= 0 && (tok_is(a, k, "that") || tok_is(a, k, "who") || tok_is(a, k, "which")))
			break;
		if (tok_in(a, k, W_VERBISH) || lexicon_at(a, CT_CUE_SPEECH, k) ||
		    tok_in(a, k, W_PRONOUN))
			return -1;
		/* ", 49,": an age is no role. */
		if (!a->t[k].cap && !tok_is(a, k, "a") && !tok_is(a, k, "an") && !tok_is(a, k, "the") &&
		    ct_attr_number_at(a, k, 4) < 0)
			head = k;
	}
	if (head < 0 || (size_t)k >= a->n_t ||
	    !(tok_punct(a, k, ',') || tok_punct(a, k, '.') || a->t[k].kind == T_WORD))
		return -1;
	return head;
}

/* The number of words of a name run before which titles stop: "Minister
 * of Crown-Indigenous Relations Carolyn Bennett" is Carolyn Bennett. */
static int cut_portfolio(const struct ct_attribution *a, int s, int e)
{
	if (s >= 2 && tok_is(a, s - 1, "of") && is_title(a, s - 2) && e - s >= 2)
		return ct_attr_last_two_names(a, s, e);
	return s;
}

/* Whether a speech verb makes the name run [s, e] its subject: "Ann Lee
 * said", "Ann Lee, a nurse at the clinic, has said", "…," said Ann Lee.
 * A name that speaks is a person's unless it names an organization. */
static bool speaks(const struct ct_attribution *a, int s, int e)
{
	int k = e + 1, n = (int)a->n_t;

	/* Not a complement or a second conjunct: "a writer for The
	 * Atlantic, wrote", "Immigration and Customs Enforcement said". */
	if (s > 0 && (ct_attr_after_preposition(a, s) || tok_is(a, s - 1, "the") || tok_is(a, s - 1, "a") ||
		      tok_is(a, s - 1, "and") || tok_is(a, s - 1, "or") || possessive(a, s - 1)))
		return false;
	if (tok_punct(a, k, ',') && !lexicon_at(a, CT_CUE_SPEECH, k + 1)) {
		int c = k + 1;
		bool relative = false;
		while (c < n && c - k <= 14 && a->t[c].kind == T_WORD && !a->t[c].quoted) {
			/* An appositive is a noun phrase, maybe with a relative
			 * clause: "Somehow, the family will find a way, adds
			 * Ann" has a clause between the commas, not Somehow's. */
			relative |= tok_is(a, c, "who") || tok_is(a, c, "whose") ||
				    tok_is(a, c, "which") || tok_is(a, c, "whom") ||
				    (tok_is(a, c, "that") && c > k + 1 && !a->t[c - 1].cap &&
				     a->t[c - 1].kind == T_WORD);
			if (!relative && tok_in(a, c, W_VERBISH) && !tok_caps(a, c))
				return false;
			c++;
		}
		if (!tok_punct(a, c, ','))
			return false;
		k = c + 1;
	} else if (tok_punct(a, k, ',')) {
		k++;
	}
	while (k < n && k - e < 20 && tok_in(a, k, W_AUXILIARY))
		k++;
	if (k < n && lexicon_at(a, CT_CUE_SPEECH, k) && !tok_is(a, k, "according"))
		return true;
	/* "…," said Ann Lee: inverted after a quote or a comma. */
	return s >= 2 && (tok_is(a, s - 1, "said") || tok_is(a, s - 1, "says") ||
			  lexicon_at(a, CT_CUE_SPEECH, s - 1) == 1) &&
	       (tok_punct(a, s - 2, ',') || a->t[s - 2].kind == T_QUOTE);
}

/* The group entity named `name` (a copy in the arena), new or known. */
static int group_entity(struct ct_attribution *a, const char *name)
{
	int g;

	if (!name)
		return -1;
	if ((g = key_get(a, K_NAME, word_hash(name, strlen(name)))) >= 0 && a->ents[g].kind == ENT_GROUP &&
	    strcasecmp(a->ents[g].name, name) == 0)
		return g;
	return add_ent(a, name, ENT_GROUP);
}

/*
 * "Tore Lund and Ada Berg said they …": two people named together as a
 * subject are a group as well, which "they" refers to. [s, e] is the
 * second person's run; the group is mentioned at its last token, after
 * the person's own mention.
 */
static void read_pair(struct ct_attribution *a, int s, int e)
{
	int second = a->t[e].ent, first = s >= 2 && tok_is(a, s - 1, "and") ? a->t[s - 2].ent : -1;

	int fs = s - 2;
	while (first >= 0 && fs > 0 && a->t[fs - 1].ent == first)
		fs--;
	if (first < 0 || second < 0 || first == second || !speaks(a, fs, e))
		return;
	for (int k = 0; k < 2; k++) {
		struct ent *en = &a->ents[k ? second : first];
		if (en->kind == ENT_ORG || en->kind == ENT_GROUP || en->thing || !en->first_len)
			return;
	}
	/* Names that speak are people's. */
	a->ents[first].kind = a->ents[second].kind = ENT_PERSON;
	char buf[256];
	int n = snprintf(buf, sizeof buf, "%s and %s", a->ents[first].name, a->ents[second].name);
	if (n <= 0 || (size_t)n >= sizeof buf)
		return;
	char *name = ct_arena_strndup(&a->arena, buf, (size_t)n);
	if (!name)
		a->nomem = true;
	int g = group_entity(a, name);
	if (g < 0)
		return;
	mention(a, g, e, true);
	a->t[e].ent = second;
}

/*
 * What an appositive after the name run ending at e tells of its entity:
 * ", a 32-year-old labourer," a person's role (and maybe gender); ", the
 * group that organized …," an organization and its type, unless a title
 * or a given name said the name is a person's (`personal`). The head
 * noun refers to the entity: no later reading links it elsewhere.
 */
static void read_appositive(struct ct_attribution *a, int ent, int e, bool person, bool personal)
{
	int head = appositive_head(a, e + 1);
	struct ent *en = &a->ents[ent];

	if (head < 0)
		return;
	const char *r = arena_lower(a, head);
	unsigned char g = gender_of(a, head);
	if (tok_in(a, head, W_ORG_NOUN) && !personal && en->kind != ENT_GROUP) {
		en->kind = ENT_ORG;
		en->first_len = 0;
		if (!en->type)
			en->type = r;
		a->t[head].ent = ent;
	} else if (person) {
		add_role(en, r);
		if (g && !en->gender)
			en->gender = g;
		en->kind = ENT_PERSON;
		a->t[head].ent = ent;
	}
}

/* A new entity, or a mention of a known one, for the name run [s, e]. */
static void read_run(struct ct_attribution *a, int s, int e, bool org)
{
	bool acr = false;
	unsigned char gender = G_UNKNOWN;
	int k, ent;

	for (k = s; k <= e; k++) {
		org |= is_org_word(a, k) || tok_punct(a, k, '&');
		acr |= is_acronym(a, k);
	}
	/* "the aid group Harbor Trust", "the company Tarrow Corp": the noun
	 * before the name says what it names. */
	org |= s > 0 && a->t[s - 1].kind == T_WORD && !a->t[s - 1].cap &&
	       a->t[s - 1].sent == a->t[s].sent && tok_in(a, s - 1, W_ORG_NOUN);
	/* "Republican National Committee", "Democrat Party": a title
	 * before an organization's name is the name's. */
	while (org && s > 0 && a->t[s - 1].cap && is_title(a, s - 1) && !a->t[s - 1].quoted &&
	       a->t[s - 1].sent == a->t[s].sent)
		s--;
	/* A name that ends in a group's word is an organization's. */
	org |= s < e && is_group(a, e);
	/* "UFCW Local 832": a union local's number is its name's. */
	if (s < e && tok_is(a, e, "local") && ct_attr_number_at(a, e + 1, 5) >= 0) {
		e++;
		org = true;
	}
	/* "Organizer Dwayne Croteau": a noun of what one of a group is
	 * ("organizers"), before a name of two words, is a role. */
	if (!org && e - s >= 2 && ct_attr_plural_is_group(a, s))
		s++;
	if (!org)
		s = cut_portfolio(a, s, e);
	/* "Getty Images Kevin Vickers", "Liberal MP Kevin Vickers": a run
	 * that ends in a full name known before is that name. */
	int known = org ? 0 : known_run(a, s, e), s0 = s;
	for (k = s + 1, ent = known; ent < 0 && k < e; k++) {
		int r = known_run(a, k, e);
		/* "Layla Al Haddad" after "Samir Al Haddad": a name word
		 * before a surname, not the person's first name, names
		 * someone else of the family. */
		if (r >= 0 && strlen(a->ents[r].name) != a->t[e].e - a->t[k].s &&
		    ct_attr_name_token(a, k - 1) && !fits_first(a, &a->ents[r], &(int){ k - 1 }))
			break;
		if (r >= 0 && a->ents[r].kind != ENT_ORG) {
			s = k;
			break;
		}
	}
	/* Titles before the name: roles, and maybe a gender. */
	int t0 = s;
	while (t0 - 1 >= 0 && t0 > s - 4 && is_title(a, t0 - 1) && !a->t[t0 - 1].quoted)
		t0--;
	/* known_run() reads and changes nothing: the run as it was
	 * is known as it was. */
	if ((ent = org || s != s0 ? known_run(a, s, e) : known) >= 0) {
		struct ent *en = &a->ents[ent];
		/* A surname or a first name alone: a person's. */
		const char *tail = name_tail(en);
		if (en->kind == ENT_UNKNOWN &&
		    ((s == e && en->name != en->last) || (speaks(a, s, e) && !en->weak) || t0 < s ||
		     (tail && strlen(tail) == a->t[e].e - a->t[s].s)))
			en->kind = ENT_PERSON;
		/* "Paul Carver" of a name first written without the given
		 * name's gender known: the given name tells it now. */
		if (en->kind != ENT_ORG && !en->gender && s < e)
			en->gender = gender_of(a, s);
		/* "Mayor McCallum" of a person named before: "the mayor" later
		 * is that person too. */
		for (k = t0; k < s && en->kind == ENT_PERSON; k++)
			if (!gender_of(a, k))
				add_role(en, arena_lower(a, k));
		/* "Ms. May": the honorific belongs to the name it stands before. */
		for (k = t0; k <= e; k++)
			a->t[k].ent = ent;
		read_appositive(a, ent, e, en->kind != ENT_ORG && en->kind != ENT_GROUP,
				en->gender || t0 < s);
		mention(a, ent, e, true);
		read_pair(a, t0, e);
		return;
	}
	bool weak = false;
	if (s == e && t0 == s && !acr && !is_camel(a, s) && !org) {
		/* One unknown word is a place as often as a name; but one that
		 * speaks and is no given name may be an organization's
		 * ("Orbiton said"): "it" or "the company" later tells. */
		if (!speaks(a, s, e) || gender_of(a, s) || possessive(a, s))
			return;
		weak = true;
	}
	if (s < e && t0 == s && !org && !acr && s > 0 &&
	    (tok_is(a, s - 1, "in") || tok_is(a, s - 1, "near") || tok_is(a, s - 1, "across") ||
	     tok_is(a, s - 1, "throughout") || tok_is(a, s - 1, "outside") ||
	     tok_is(a, s - 1, "into")))
		return;
	bool person = !org && !(acr && t0 == s) && !(s == e && is_camel(a, s));
	/* A headline in title case: "Hillary Clinton Goes After …" names
	 * Hillary Clinton, a given name and the word after it; a longer run
	 * with no given name is none. */
	bool headline = person && t0 == s && e - s >= 2 && title_case_line(a, s);
	if (headline && gender_of(a, s))
		e = s + 1;
	else if (person && t0 == s && (e - s >= 4 || headline))
		return;
	/* A name with no title is a person when its first word is a given
	 * name; else it may be a place ("New York") until a surname alone
	 * or a pronoun refers to it. */
	unsigned char kind = !person ? ENT_ORG :
			     weak ? ENT_UNKNOWN :
			     t0 < s || gender_of(a, s) || speaks(a, s, e) ? ENT_PERSON : ENT_UNKNOWN;
	ent = add_ent(a, text_of(a, s, e), kind);
	if (ent < 0)
		return;
	struct ent *en = &a->ents[ent];
	if (possessive(a, e) && en->name) {
		size_t n = strlen(en->name);
		if (n > 2 && en->name[n - 2] == '\'') {
			char *c = ct_arena_strndup(&a->arena, en->name, n - 2);
			if (!c) {
				a->nomem = true;
				return;
			}
			en->name = c;
			en->last = strrchr(c, ' ') ? strrchr(c, ' ') + 1 : c;
		}
	}
	en->weak = weak;
	for (k = t0; k < s; k++) {
		unsigned char g = gender_of(a, k);
		if (g)
			gender = g;
		else if (person)
			add_role(en, arena_lower(a, k));
	}
	if (person && !gender)
		gender = gender_of(a, s);
	en->gender = person ? gender : G_UNKNOWN;
	if (org) {
		for (k = e; k >= s; k--)
			if (is_org_word(a, k)) {
				en->type = arena_lower(a, k);
				break;
			}
		/* "the Canada Revenue Agency (CRA)" */
		if (tok_punct(a, e + 1, '(') && is_acronym(a, e + 2) && tok_punct(a, e + 3, ')'))
			en->acronym = text_of(a, e + 2, e + 2);
	} else if (acr && s == e) {
		en->acronym = en->name;
	}
	/* "UFCW Local 832" is "the UFCW" later. */
	if (!en->acronym && en->kind == ENT_ORG && s < e && is_acronym(a, s) && !possessive(a, s))
		en->acronym = text_of(a, s, s);
	read_appositive(a, ent, e, person, t0 < s || gender_of(a, s));
	for (k = person ? t0 : s; k <= e; k++)
		a->t[k].ent = ent;
	mention(a, ent, e, true);
	read_pair(a, t0, e);
}

/* ---- pronouns and descriptions ---- */

struct pron {
	unsigned char kind, gender;
	bool object;            /* "him", "her" as an object (object_form()) */
	bool nominative;        /* "he", "she" */
};

/* How well entity e agrees with pronoun p, in quarters: 0 when it does
 * not; a person of the pronoun's gender or of none known fully, a name
 * that may be a place half. */
static int agreement(const struct ent *e, const struct pron *p)
{
	if (p->kind == ENT_GROUP)
		return e->kind == ENT_ORG || e->kind == ENT_GROUP ? 4 :
		       e->kind == ENT_UNKNOWN && e->weak ? 2 : 0;
	if (p->kind == ENT_ORG)
		return e->kind == ENT_ORG ? 4 : e->kind == ENT_UNKNOWN && e->weak ? 2 : 0;
	if (e->kind == ENT_ORG || e->kind == ENT_GROUP || e->thing || (e->gender && p->gender && e->gender != p->gender))
		return 0;
	return e->kind == ENT_UNKNOWN ? 2 : 4;
}

/* Whether mention mt is the subject of the clause of token i, which it
 * precedes in the sentence with no comma or "that" between them: the
 * one an object pronoun there does not refer to ("Claire McCaskill
 * scolded him"; but "Ann Roe said the mayor had praised her"). */
static bool clause_subject(const struct ct_attribution *a, const struct ment *mt, int i)
{
	if (!mt->subject || mt->sent != a->t[i].sent || mt->tok >= i)
		return false;
	for (int k = mt->tok + 1; k < i; k++)
		if (tok_punct(a, k, ',') || tok_is(a, k, "that") || a->t[k].kind == T_QUOTE)
			return false;
	return true;
}

/* Whether mention mt is the object of a preposition earlier in the
 * sentence of token i ("Campaigning against Mitt Romney in 2012, he"),
 * not an owner ("Mr. Trump's appearance, in which he said"). */
static bool in_phrase_before(const struct ct_attribution *a, const struct ment *mt, int i)
{
	int k = mt->tok;

	if (mt->head || mt->sent != a->t[i].sent || k >= i || possessive(a, k))
		return false;
	while (k > 0 && a->t[k - 1].ent == mt->ent && a->t[k - 1].sent == mt->sent)
		k--;
	return k > 0 && a->t[k - 1].kind == T_WORD && !a->t[k - 1].cap &&
	       tok_in(a, k - 1, W_CONTENT_STOPPER);
}

/* Whether mention mt is the name set before a comma and the pronoun
 * at token i that says it: in `Schumer, he said, "knows the minds …"`
 * the quote is about Schumer, and "he" is someone else. */
static bool topic_before(const struct ct_attribution *a, const struct ment *mt, int i)
{
	return mt->tok == i - 2 && tok_punct(a, i - 1, ',') && lexicon_at(a, CT_CUE_SPEECH, i + 1);
}

/*
 * The entity a pronoun at token i refers to: of the entities that agree
 * with it, mentioned within a few paragraphs, the most salient. Each
 * mention weighs by what it is (a subject, a name not modifying a noun)
 * and halves for each sentence back; an entity's mentions add up, so the
 * person a passage is about outweighs one named once in passing, and the
 * weight is scaled by how well the entity agrees (agreement()). Bounded:
 * PRONOUN_MENTIONS mentions back at most.
 */
static int resolve_before(const struct ct_attribution *a, int i, const struct pron *p,
			  size_t n_ments)
{
	/* Per entity: its weight, and the weight of its mention in the
	 * sentence being summed (a sentence counts its best mention once). */
	struct cand { int ent, sent; long score, in_sent; size_t last; } cand[PRONOUN_MENTIONS];
	int n = 0, reach = PRONOUN_MENTIONS;

	for (size_t m = n_ments; m-- > 0 && reach-- > 0;) {
		const struct ment *mt = &a->ments[m];
		int back = a->t[i].sent - mt->sent;
		if (a->t[i].para - mt->para > PRONOUN_PARAS)
			break;
		int agree = agreement(&a->ents[mt->ent], p);
		/* Names a pronoun cannot mean: the subject of an object
		 * pronoun's clause ("McCaskill scolded him"), and for "he" or
		 * "she" a name in a phrase before it in its sentence
		 * ("Campaigning against Mitt Romney, he") or the one set
		 * before it ("Schumer, he said, …"). */
		if (!agree || (p->object && clause_subject(a, mt, i)) ||
		    (p->nominative && (in_phrase_before(a, mt, i) || topic_before(a, mt, i))))
			continue;
		long w = (100 + (mt->subject ? 80 : 0) + (mt->head ? 80 : 0)) * agree;
		w >>= back < 16 ? back : 16;
		int c = 0;
		while (c < n && cand[c].ent != mt->ent)
			c++;
		if (c == n)
			cand[n++] = (struct cand){ mt->ent, mt->sent, 0, 0, m };
		if (cand[c].sent != mt->sent) {
			cand[c].score += cand[c].in_sent;
			cand[c].in_sent = 0;
			cand[c].sent = mt->sent;
		}
		if (w > cand[c].in_sent)
			cand[c].in_sent = w;
	}
	int best = -1;
	for (int c = 0; c < n; c++) {
		cand[c].score += cand[c].in_sent;
		if (best < 0 || cand[c].score > cand[best].score ||
		    (cand[c].score == cand[best].score && cand[c].last > cand[best].last))
			best = c;
	}
	return best >= 0 ? cand[best].ent : -1;
}

/* The same, while the mentions read so far are those before token i. */
static int resolve_pronoun_at(const struct ct_attribution *a, int i, const struct pron *p)
{
	return resolve_before(a, i, p, a->n_ments);
}

/* The pronouns pronoun_kind() knows: what each refers to, and whether
 * it is the subject's form. */
static const struct pronoun {
	struct word_lit w;
	unsigned char kind, gender;
	bool subject;
} pronouns[] = {
	{ WORD_LIT("he"), ENT_PERSON, G_MALE, true },
	{ WORD_LIT("him"), ENT_PERSON, G_MALE, false },
	{ WORD_LIT("his"), ENT_PERSON, G_MALE, false },
	{ WORD_LIT("himself"), ENT_PERSON, G_MALE, false },
	{ WORD_LIT("she"), ENT_PERSON, G_FEMALE, true },
	{ WORD_LIT("her"), ENT_PERSON, G_FEMALE, false },
	{ WORD_LIT("hers"), ENT_PERSON, G_FEMALE, false },
	{ WORD_LIT("herself"), ENT_PERSON, G_FEMALE, false },
	{ WORD_LIT("it"), ENT_ORG, G_UNKNOWN, true },
	{ WORD_LIT("its"), ENT_ORG, G_UNKNOWN, false },
	/* An organization too: "the union … they tweet it out". */
	{ WORD_LIT("they"), ENT_GROUP, G_UNKNOWN, true },
	{ WORD_LIT("their"), ENT_GROUP, G_UNKNOWN, false },
};
enum { N_PRONOUNS = sizeof pronouns / sizeof *pronouns };

/*
 * The pronouns by their hash (word_hash()), which is a word token's hash
 * (the tokenizer's): open addressing on the hash's low byte, a slot
 * holding a pronoun's index plus one, 0 when free. The loop over the
 * tokens asks of every word; most fall on a free slot and are compared
 * with no pronoun, and a word whose hash is a pronoun's is compared with
 * that pronoun alone, not with each in turn.
 */
struct pronoun_set {
	uint64_t h[N_PRONOUNS];
	unsigned char slot[256];
};

static void pronoun_set_init(struct pronoun_set *ps)
{
	memset(ps->slot, 0, sizeof ps->slot);
	for (size_t k = 0; k < N_PRONOUNS; k++) {
		uint64_t h = word_hash(pronouns[k].w.s, pronouns[k].w.n);
		size_t j = h & 255;
		while (ps->slot[j])
			j = (j + 1) & 255;
		ps->h[k] = h;
		ps->slot[j] = (unsigned char)(k + 1);
	}
}

/* Whether the pronoun at token i is an object: "him", or "her" before no
 * noun ("scolded her.", "told her that", "gave her a", "with her in"). */
static bool object_form(const struct ct_attribution *a, int i)
{
	if (tok_is(a, i, "him"))
		return true;
	if (!tok_is(a, i, "her"))
		return false;
	int k = i + 1;
	return (size_t)k >= a->n_t || a->t[k].kind != T_WORD || tok_is(a, k, "that") ||
	       tok_is(a, k, "a") || tok_is(a, k, "an") || tok_is(a, k, "the") ||
	       tok_in(a, k, W_CONTENT_STOPPER | W_PRONOUN);
}

/* Which pronoun token i is: false when none that refers to a third party. */
static bool pronoun_kind(const struct ct_attribution *a, int i, const struct pronoun_set *ps,
			 struct pron *p, bool *subject)
{
	uint64_t h = a->t[i].hash;

	*subject = true;
	for (size_t j = h & 255; ps->slot[j]; j = (j + 1) & 255) {
		int k = ps->slot[j] - 1;
		/* The hash finds the pronoun; the bytes decide. */
		if (ps->h[k] != h || !tok_is_n(a, i, pronouns[k].w.s, pronouns[k].w.n))
			continue;
		*p = (struct pron){ pronouns[k].kind, pronouns[k].gender, object_form(a, i),
				    pronouns[k].subject && pronouns[k].kind == ENT_PERSON };
		*subject = pronouns[k].subject;
		return true;
	}
	return false;
}

static bool fits_role(const struct ct_attribution *a, const struct ent *e, const void *arg)
{
	(void)a;
	return e->kind == ENT_PERSON && has_role(e, arg);
}

static bool fits_type(const struct ct_attribution *a, const struct ent *e, const void *arg)
{
	(void)a;
	return e->kind == ENT_ORG && e->type && strcmp(e->type, arg) == 0;
}

static bool fits_org(const struct ct_attribution *a, const struct ent *e, const void *arg)
{
	(void)a;
	(void)arg;
	return e->kind == ENT_ORG || (e->kind == ENT_UNKNOWN && e->weak);
}

/* An organization that "the ministry", "the agency" may describe: not a
 * news outlet of the rules, which reports on it ("… told CBC News. A
 * report released by the ministry …"). */
static bool fits_described_org(const struct ct_attribution *a, const struct ent *e,
			       const void *arg)
{
	if (!fits_org(a, e, arg))
		return false;
	return !ct_attr_rules_outlet(a, e->name) &&
	       !(e->first_tok >= 0 && a->t[e->first_tok].cap && tok_in(a, e->first_tok, W_OUTLET_HEAD));
}

/* Whether a determiner opens the noun phrase whose head is token i. */
static bool definite_before(const struct ct_attribution *a, int i)
{
	for (int k = i - 1; k >= 0 && k >= i - 4; k--) {
		if (a->t[k].kind != T_WORD || a->t[k].quoted)
			return false;
		if (tok_is(a, k, "the") || tok_is(a, k, "this") || tok_is(a, k, "that"))
			return true;
		if (a->t[k].w && (a->t[k].w->lists & (W_VERBISH | W_PRONOUN)))
			return false;
	}
	return false;
}

/* Whether read_description() may find token i describes an entity: a
 * lowercase word not tagged yet that is an organization's word or may be
 * a role. The tests it starts with, inline: most words are neither, and
 * the loop over the tokens asks of every one. */
static inline bool may_describe(const struct ct_attribution *a, int i)
{
	const struct tok *t = &a->t[i];

	if (t->cap || t->ent >= 0)
		return false;
	if (maybe_role(a, i))
		return true;
	return (t->w && (t->w->lists & W_ORG_NOUN)) ||
	       (t->base && ((t->base->lists & W_ORG_NOUN) ||
			    (a->rs && (t->base->one_word & (1u << CT_CUE_ORG)))));
}

/* The WK_* bits the index gives word token t: of the word as written and
 * of its base. */
static inline unsigned index_kinds(const struct tok *t)
{
	return (t->w ? t->w->as_word : 0) | (t->base ? t->base->as_base : 0);
}

/* "the mayor", "the agency": the latest entity described so. */
static void read_description(struct ct_attribution *a, int i)
{
	char buf[64];
	int e;

	/* Only a role or an organization's word describes an entity: most
	 * words are neither, and are not read further. */
	if (a->t[i].cap || a->t[i].ent >= 0 ||
	    (!((a->t[i].w || a->t[i].base) && is_org_word(a, i)) && !maybe_role(a, i)) ||
	    !definite_before(a, i))
		return;
	/* "the city council": the head comes later. */
	if (a->t[i + 1 < (int)a->n_t ? i + 1 : i].kind == T_WORD && i + 1 < (int)a->n_t &&
	    !a->t[i + 1].cap && !possessive(a, i) &&
	    (tok_in(a, i + 1, W_ORG_NOUN) || tok_in(a, i + 1, W_DOC_NOUN) || is_title(a, i + 1)))
		return;
	/* The word as ct_attr_word_lower() reads it, hashed: the token's
	 * own hash when it reads it whole. Lowercased only when a key is
	 * found, to compare. */
	size_t n, bn;
	const char *ts = tok_str(a, i, &n);
	bn = n >= 2 && ts[n - 2] == '\'' && (ts[n - 1] == 's' || ts[n - 1] == 'S') ? n - 2 : n;
	if (bn >= sizeof buf)
		bn = sizeof buf - 1;
	uint64_t base = bn == n ? a->t[i].hash : word_hash(ts, bn);
	if ((e = key_get(a, K_ROLE, base)) >= 0 &&
	    !fits_role(a, &a->ents[e], ct_attr_word_lower(a, i, buf, sizeof buf)))
		e = -1;
	if (e < 0 && is_org_word(a, i) && (e = key_get(a, K_TYPE, base)) >= 0 &&
	    !fits_type(a, &a->ents[e], ct_attr_word_lower(a, i, buf, sizeof buf)))
		e = -1;
	/* Any organization only for the bare noun: "the department" is the
	 * latest one, "the state health department" describes its own. */
	if (e < 0 && (tok_in(a, i, W_ORG_NOUN) || (a->t[i].base && (a->t[i].base->lists & W_ORG_NOUN))) &&
	    i > 0 &&
	    (tok_is(a, i - 1, "the") || tok_is(a, i - 1, "this") || tok_is(a, i - 1, "that")))
		e = latest(a, PRONOUN_MENTIONS, fits_described_org, NULL);
	if (e >= 0 && a->ents[e].kind == ENT_UNKNOWN)
		a->ents[e].kind = ENT_ORG;
	if (e >= 0)
		mention(a, e, i, true);
}

/*
 * "Protesters said …", "Republican senators are eager …, and they say":
 * a plural group noun that heads the subject of its sentence (or of a
 * clause after a comma or "and") and is followed by its verb is a group
 * entity, named by the phrase without its quantifier ("Some officials"
 * is "officials"), that "they" can refer to. True when token i is one.
 */
static bool read_group_subject(struct ct_attribution *a, int i)
{
	size_t n;
	const char *w = tok_str(a, i, &n);
	int k = i;

	if (n < 3 || (ascii_lower((unsigned char)w[n - 1]) != 's' && !tok_is(a, i, "police")) ||
	    possessive(a, i))
		return false;
	/* Its verb follows: "Protesters said", "senators are", "officials have". */
	if (!(lexicon_at(a, CT_CUE_SPEECH, i + 1) || tok_in(a, i + 1, W_AUXILIARY | W_VERBISH)) ||
	    tok_is(a, i + 1, "who") || tok_is(a, i + 1, "that") || tok_is(a, i + 1, "which"))
		return false;
	/* Its modifiers: adjectives and names ("Republican", "U.S.", "US
	 * military and government"). */
	while (k - 1 >= 0 && i - k < 5 && a->t[k - 1].kind == T_WORD && !a->t[k - 1].quoted &&
	       a->t[k - 1].sent == a->t[i].sent && !tok_in(a, k - 1, W_VERBISH | W_LEADING | W_PRONOUN) &&
	       !ct_attr_after_preposition(a, k) && !lexicon_at(a, CT_CUE_SPEECH, k - 1) &&
	       !possessive(a, k - 1) &&
	       !((tok_is(a, k - 1, "and") || tok_is(a, k - 1, "or")) &&
		 (k - 2 < 0 || a->t[k - 2].kind != T_WORD || a->t[k - 2].sent != a->t[i].sent ||
		  tok_in(a, k - 2, W_VERBISH | W_PRONOUN) || lexicon_at(a, CT_CUE_SPEECH, k - 2))))
		k--;
	if (tok_is(a, k, "and") || tok_is(a, k, "or"))
		k++;
	/* The subject of a sentence or of a clause. */
	int before = k - 1;
	if (!(before < 0 || a->t[before].sent != a->t[i].sent || tok_in(a, before, W_LEADING) ||
	      tok_punct(a, before, ',') || tok_is(a, before, "and")))
		return false;
	while (k < i && (tok_is(a, k, "the") || tok_is(a, k, "some") || tok_is(a, k, "many") ||
			 tok_is(a, k, "several") || tok_is(a, k, "most") || tok_is(a, k, "a")))
		k++;
	int g = group_entity(a, text_of(a, k, i));
	if (g < 0)
		return false;
	mention(a, g, i, true);
	return true;
}

/*
 * "McCallum's last term as Surrey mayor", "she served as premier": a
 * title after "as" (and a place or an organization's name) is the role of
 * the person mentioned last before it in the sentence, so that "the mayor"
 * later is that person. True when token i is such a title.
 */
static bool read_role_as(struct ct_attribution *a, int i)
{
	int k = i - 1;

	while (k >= 0 && k > i - 4 && a->t[k].kind == T_WORD && a->t[k].cap && !tok_is(a, k, "as"))
		k--;
	if (!tok_is(a, k, "as") || run_word(a, i + 1, false) || is_title(a, i + 1))
		return false;
	for (size_t m = a->n_ments; m-- > 0 && a->ments[m].sent == a->t[i].sent;) {
		struct ent *en = &a->ents[a->ments[m].ent];
		if (en->kind == ENT_ORG || en->thing || !en->first_len)
			continue;
		const char *role = arena_lower(a, i);
		add_role(en, role);
		for (int r = 0; role && r < en->n_roles; r++)
			if (strcmp(en->roles[r], role) == 0)
				key_put(a, K_ROLE, role, strlen(role), a->ments[m].ent, &en->kh[4 + r]);
		return true;
	}
	return false;
}

/* The entity of the first mention in sentence sent at or after mention m. */
static int sentence_subject(const struct ct_attribution *a, size_t m, int sent)
{
	for (; m < a->n_ments && a->ments[m].sent <= sent; m++)
		if (a->ments[m].sent == sent)
			return a->ments[m].ent;
	return -1;
}

/* "X issued a statement": a verb of issuing in the sentence before token i. */
static bool issued_before(const struct ct_attribution *a, int i)
{
	static const struct word_lit verbs[] = {
		WORD_LIT("issued"), WORD_LIT("released"), WORD_LIT("filed"),
		WORD_LIT("published"), WORD_LIT("posted"), WORD_LIT("sent"),
		WORD_LIT("launched"), WORD_LIT("wrote"), WORD_LIT("put"), WORD_LIT("issues"),
		WORD_LIT("releases"), WORD_LIT("files"),
	};

	for (int k = i - 1; k >= 0 && a->t[k].sent == a->t[i].sent && k >= i - 8; k--)
		if (tok_is_one_of(a, k, verbs, sizeof verbs / sizeof *verbs))
			return true;
	return false;
}

/*
 * The words read_documents() reads: a document's noun in lower case,
 * outside quotes. The loop over the tokens notes each as it passes it,
 * so that no second pass over every token looks for the few there are
 * (what makes one is fixed before the entity pass).
 */
struct doc_words {
	int *at;                /* token indices, in text order */
	size_t n, cap;
};

static void note_doc_word(struct ct_attribution *a, struct doc_words *d, int i)
{
	const struct tok *t = &a->t[i];

	if (t->quoted || t->cap || t->kind != T_WORD || !t->w || !(t->w->lists & W_DOC_NOUN))
		return;
	if (!CT_VEC_RESERVE(d->at, d->cap, d->n + 1)) {
		a->nomem = true;
		return;
	}
	d->at[d->n++] = i;
}

/*
 * Documents and statements speak for their author: "her statement", "the
 * RCMP statement", "a statement from the RCMP", and then "the statement"
 * for the latest author named. A second pass, over the words noted in
 * the first: the author may come after.
 */
static void read_documents(struct ct_attribution *a, const struct doc_words *d)
{
	size_t m = 0;

	uint64_t doc_word = 0; /* the word of the document doc_author issued */

	a->doc_author = -1;
	for (size_t w = 0; w < d->n; w++) {
		int i = d->at[w], e = -1;
		if (a->t[i].ent >= 0)
			continue;
		while (m < a->n_ments && a->ments[m].sent < a->t[i].sent)
			m++;
		for (int k = i - 1; k >= 0 && k >= i - 2 && e < 0; k--)
			if (a->t[k].ent >= 0 && (possessive(a, k) || a->t[k].cap || tok_in(a, k, W_PRONOUN) ||
						 tok_is(a, k, "his") || tok_is(a, k, "her") ||
						 tok_is(a, k, "its") || tok_is(a, k, "their")))
				e = a->t[k].ent;
		if (e < 0 && (tok_is(a, i + 1, "from") || tok_is(a, i + 1, "by"))) {
			int k = i + 2;
			while (k < (int)a->n_t && k < i + 6 && a->t[k].ent < 0 && a->t[k].kind == T_WORD)
				k++;
			if (k < (int)a->n_t && a->t[k].ent >= 0)
				e = a->t[k].ent;
		}
		if (e < 0 && (tok_is(a, i - 1, "a") || tok_is(a, i - 1, "an") ||
			      tok_is(a, i - 2, "a") || tok_is(a, i - 2, "an")) && issued_before(a, i))
			e = sentence_subject(a, m, a->t[i].sent);
		/* "the statement" is the latest statement's author's; "the
		 * study" after "the court's ruling" is no ruling. */
		if (e >= 0) {
			a->doc_author = e;
			doc_word = a->t[i].hash;
		} else if ((tok_is(a, i - 1, "the") || tok_is(a, i - 2, "the")) &&
			   a->t[i].hash == doc_word) {
			e = a->doc_author;
		}
		if (e >= 0)
			a->t[i].ent = e;
	}
}

/*
 * The loop over the tokens in ct_attr_find_entities() hands these the
 * words that start something: a pronoun (take_pronoun()), a name run
 * (take_run()), a capitalized word or a title's or a group's
 * (take_word()). Calls of their own, though each is called from there
 * alone: inlined, their values took the registers, and the loop kept its
 * own on the stack for every token, most of which are none of these.
 */

/* Token i is the pronoun p: notes its mention of the entity it refers
 * to; false when none. */
__attribute__((noinline))
static bool take_pronoun(struct ct_attribution *a, int i, const struct pron *p, bool subject)
{
	int e = resolve_pronoun_at(a, i, p);

	if (e < 0)
		return false;
	if (p->kind == ENT_PERSON && !a->ents[e].gender)
		a->ents[e].gender = p->gender;
	/* "Orbiton said it": a word that may name either is what the
	 * pronoun tells. */
	if (p->kind == ENT_PERSON || a->ents[e].kind == ENT_UNKNOWN)
		a->ents[e].kind = p->kind == ENT_GROUP ? ENT_ORG : p->kind;
	mention(a, e, i, subject);
	return true;
}

/* Reads the name run that starts at token i; its last token. */
__attribute__((noinline))
static int take_run(struct ct_attribution *a, struct doc_words *docs, int i)
{
	int e = run_end(a, i);
	/* "TransCanada Corp.": a company, named without the suffix. */
	bool corp = e > i && tok_in(a, e, W_CORP_SUFFIX);

	read_run(a, i, corp ? e - 1 : e, corp);
	if (corp)
		a->t[e].ent = a->t[e - 1].ent;
	/* The loop goes on past the run: its words are noted here. */
	for (int k = i + 1; k <= e; k++)
		note_doc_word(a, docs, k);
	return e;
}

/* Reads what word token i, capitalized or of a title or a group, starts:
 * an acronym, a role, a group as subject, a description; true when a
 * role or a group's subject was read (the loop goes on at once). */
__attribute__((noinline))
static bool take_word(struct ct_attribution *a, int i)
{
	if (is_upper(a->norm[a->t[i].s]) && is_acronym(a, i) && !is_title(a, i))
		read_run(a, i, i, false);
	else if (is_title(a, i) && read_role_as(a, i))
		return true;
	else if (is_group(a, i) && read_group_subject(a, i))
		return true;
	else if (may_describe(a, i))
		read_description(a, i);
	return false;
}

int ct_attr_find_entities(struct ct_attribution *a)
{
	struct pronoun_set pron_set;
	struct doc_words docs = { NULL, 0, 0 };

	pronoun_set_init(&pron_set);
	a->last_attr = -1;
	a->line_para = -1;
	for (int i = 0; i < (int)a->n_t; i++) {
		struct pron p;
		bool subject;
		unsigned kinds;
		if (a->t[i].quoted || a->t[i].kind != T_WORD)
			continue;
		note_doc_word(a, &docs, i);
		if (pronoun_kind(a, i, &pron_set, &p, &subject)) {
			if (!take_pronoun(a, i, &p, subject))
				continue;
		} else if (a->t[i].cap && run_word(a, i, true)) {
			i = take_run(a, &docs, i);
		} else if (!is_upper(a->norm[a->t[i].s]) &&
			   !((kinds = index_kinds(&a->t[i])) & (WK_TITLE | WK_GROUP))) {
			/* A word in lower case (most are) that starts no
			 * title (is_title()) and is no group's word
			 * (is_group()), as the index's bits tell, is no
			 * acronym either: it may only describe. This is
			 * may_describe() of a word not capitalized, with
			 * the bits read already. */
			if (a->t[i].ent < 0 && ((kinds & WK_ORG) || maybe_role(a, i)))
				read_description(a, i);
		} else if (take_word(a, i)) {
			continue;
		}
		if (a->nomem)
			goto out;
	}
	read_documents(a, &docs);
out:
	free(docs.at);
	return a->nomem ? CT_ENOMEM : CT_OK;
}

/* ---- what the passes after ask ---- */

/* A complement's preposition, as ct_attr_phrase_entity() reads it. */
static bool complement_of(const struct ct_attribution *a, int k)
{
	return tok_is(a, k - 1, "for") || tok_is(a, k - 1, "of") || tok_is(a, k - 1, "to") ||
	       tok_is(a, k - 1, "with") || tok_is(a, k - 1, "at") || tok_is(a, k - 1, "from") ||
	       tok_is(a, k - 1, "by") || tok_is(a, k - 1, "in");
}

/* The person named in full (two words or more, no owner) in an
 * appositive that starts at token k, titles and places before the name
 * allowed, ending at `to` or a comma; -1 when none. */
static int named_in_apposition(const struct ct_attribution *a, int k, int to)
{
	for (; k <= to && a->t[k].kind == T_WORD && a->t[k].cap; k++) {
		int e = a->t[k].ent;
		if (e < 0 || a->ents[e].kind != ENT_PERSON || is_title(a, k))
			continue;
		int last = k;
		while (last + 1 <= to && a->t[last + 1].ent == e && a->t[last + 1].cap)
			last++;
		if (last == k)
			continue; /* "Montana", a place before the title */
		if (possessive(a, last) || (last < to && !tok_punct(a, last + 1, ',')))
			return -1;
		return e;
	}
	return -1;
}

int ct_attr_phrase_entity(const struct ct_attribution *a, int from, int to)
{
	int depth = 0;

	if (a->t[to].ent >= 0 && (tok_in(a, to, W_PRONOUN) || tok_in(a, to, W_DOC_NOUN)))
		return a->t[to].ent;
	/* The first person named in the phrase, not an owner ("Trudeau's
	 * spokeswoman") or a complement ("a spokeswoman for Trudeau"). */
	for (int k = from; k <= to; k++) {
		if (tok_punct(a, k, '('))
			depth++;
		else if (tok_punct(a, k, ')'))
			depth--;
		int e = a->t[k].ent;
		if (depth || e < 0 || a->ents[e].kind != ENT_PERSON || tok_in(a, k, W_PRONOUN) ||
		    !a->t[k].cap)
			continue;
		int last = k;
		while (last + 1 <= to && a->t[last + 1].ent == e && a->t[last + 1].cap)
			last++;
		int first = k;
		/* "Clinton spokesman Nick Merrill", "the Trump campaign": a name
		 * that modifies a noun after it is not the speaker. */
		bool modifier = last < to && a->t[last + 1].kind == T_WORD &&
				(!a->t[last + 1].cap || is_title(a, last + 1)) &&
				!complement_of(a, last + 2);
		if (possessive(a, last) || complement_of(a, first) || modifier) {
			k = last;
			continue;
		}
		/* "One red-state Democrat, Montana Sen. Jon Tester": a word
		 * that names a group or a surname, then a person named in
		 * full in apposition, is that person. */
		int full;
		if (first == last && tok_punct(a, last + 1, ',') &&
		    (full = named_in_apposition(a, last + 2, to)) >= 0)
			return full;
		return e;
	}
	if (a->t[to].ent < 0 || possessive(a, to) || a->ents[a->t[to].ent].kind == ENT_UNKNOWN)
		return -1;
	/* Not a complement: "Jingyi Pan of IG", "a professor at the
	 * University of Toronto" are not IG or the university. */
	int k = to;
	while (k > from && a->t[k - 1].ent == a->t[to].ent)
		k--;
	if (tok_is(a, k - 1, "the"))
		k--;
	if (k > from && complement_of(a, k) && a->t[from].cap && ct_attr_name_token(a, from))
		return -1;
	/* "Voters in Alberta", "officials at the ministry": the group speaks;
	 * "the president of the University of Tarrow": its president. */
	if (k - 2 >= from && complement_of(a, k) &&
	    (is_group(a, k - 2) ||
	     (a->t[k - 2].kind == T_WORD && !a->t[k - 2].cap && a->t[to].cap &&
	      !is_org_word(a, k - 2) && !tok_in(a, k - 2, W_DOC_NOUN | W_DATA_NOUN | W_WORK_NOUN))))
		return -1;
	return a->t[to].ent;
}

/* Whether word i's plural is a group's word ("player": players,
 * "witness": witnesses), so that i names what one of a group is. An "s"
 * is added, or "es" after s, x, z, ch or sh; a word already plural
 * ("players") is none. */
bool ct_attr_plural_is_group(const struct ct_attribution *a, int i)
{
	size_t n, m;
	const char *w = tok_str(a, i, &n);
	char plural[64];
	const struct word *pw;

	if (!a->words || n < 2 || n + 3 > sizeof plural)
		return false;
	bool sibilant = w[n - 1] == 'x' || w[n - 1] == 'z' ||
			((w[n - 1] == 'h') && (w[n - 2] == 'c' || w[n - 2] == 's')) ||
			(w[n - 1] == 's' && w[n - 2] == 's');
	if (w[n - 1] == 's' && !sibilant)
		return false;
	memcpy(plural, w, n);
	m = n;
	if (sibilant)
		plural[m++] = 'e';
	plural[m++] = 's';
	pw = words_get(a->words, plural, m, word_hash(plural, m));
	return pw && (pw->one_word & (1u << CT_CUE_GROUP));
}

/* The length of the head of the word w[0, n): the word, or its first
 * word when hyphens join a complement to it ("sergeant-at-arms",
 * "editor-in-chief", "commander-in-chief"). */
static size_t head_length(const char *w, size_t n)
{
	for (size_t h = 1; h + 4 < n; h++)
		if (w[h] == '-' && w[h + 3] == '-' &&
		    (strncasecmp(w + h + 1, "in", 2) == 0 || strncasecmp(w + h + 1, "at", 2) == 0 ||
		     strncasecmp(w + h + 1, "of", 2) == 0))
			return h;
	return n;
}

/* Whether word i ends as a noun of a person does ("founder", "resident",
 * "labourer", "spokeswoman", "activist", "trustee"), or, joined with a
 * complement by hyphens, its first word does ("sergeant-at-arms",
 * "editor-in-chief"). */
bool ct_attr_person_noun(const struct ct_attribution *a, int i)
{
	static const struct word_lit ends[] = {
		WORD_LIT("er"), WORD_LIT("or"), WORD_LIT("ist"), WORD_LIT("ian"), WORD_LIT("ant"),
		WORD_LIT("ent"), WORD_LIT("ee"), WORD_LIT("man"), WORD_LIT("woman"),
		WORD_LIT("person"), WORD_LIT("ess"),
	};
	size_t n;
	const char *w = tok_str(a, i, &n);

	if (gender_of(a, i))
		return true;
	n = head_length(w, n);
	/* The ending compared as strncasecmp() would (ASCII letters fold),
	 * without a call and a strlen() for each. */
	for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
		size_t l = ends[k].n, c = 0;
		if (n <= l + 2)
			continue;
		while (c < l && ascii_lower((unsigned char)w[n - l + c]) == (unsigned char)ends[k].s[c])
			c++;
		if (c == l)
			return true;
	}
	return false;
}

/* Whether the noun at token i was written with "a" or "an" before token
 * `before` ("a senior official ... the official said"): someone the
 * document leaves unnamed. Looks a bounded way back. */
static bool introduced_unnamed(const struct ct_attribution *a, int i, int before)
{
	size_t n;
	const char *w = tok_str(a, i, &n);

	for (int k = before - 1; k >= 0 && k >= before - 3000; k--) {
		size_t kn;
		const char *kw;
		if (a->t[k].kind != T_WORD || a->t[k].quoted)
			continue;
		kw = tok_str(a, k, &kn);
		if (kn != n || strncasecmp(kw, w, n) != 0)
			continue;
		for (int d = k - 1; d >= 0 && d >= k - 3 && a->t[d].kind == T_WORD; d--)
			if (tok_is(a, d, "a") || tok_is(a, d, "an"))
				return true;
	}
	return false;
}

/* The first mention at or after token i: an index into a->ments. */
static size_t ment_at(const struct ct_attribution *a, int i)
{
	size_t lo = 0, hi = a->n_ments;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a->ments[mid].tok < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int ct_attr_description_entity(const struct ct_attribution *a, int from, int to)
{
	int head = -1, k;

	/* "the 39-year-old founder of …", "the laid-back Cambridge
	 * resident": a definite description of one person, the head the
	 * last word before a complement or the end. */
	if (!tok_is(a, from, "the"))
		return -1;
	for (k = from + 1; k <= to && k - from <= 8; k++) {
		if (a->t[k].kind != T_WORD && !tok_punct(a, k, '-'))
			return -1;
		if (complement_of(a, k + 1))
			break; /* k is the preposition */
		if (a->t[k].kind == T_WORD && !a->t[k].cap)
			head = k;
	}
	if (head < 0 || head != k - 1 || a->t[head].quoted)
		return -1;
	size_t n;
	const char *w = tok_str(a, head, &n);
	n = head_length(w, n);
	if (!ct_attr_person_noun(a, head) || is_title(a, head) || is_group(a, head) || is_org_word(a, head) ||
	    tok_in(a, head, W_DOC_NOUN | W_PRONOUN | W_VERBISH) || (n > 2 && w[n - 1] == 's' &&
								   w[n - 2] != 's'))
		return -1;
	if (introduced_unnamed(a, head, from))
		return -1;
	struct pron p = { ENT_PERSON, gender_of(a, head) };
	int e = resolve_before(a, from, &p, ment_at(a, from));
	return e >= 0 && a->ents[e].kind != ENT_ORG && a->ents[e].kind != ENT_GROUP ? e : -1;
}

/*
 * "A Superior Court judge chastised the station … Justice Ann Roe directed
 * it to …", "A spokeswoman for the premier said … ," said Ida Lund.": an
 * indefinite description of one person that opens its sentence, and the
 * next sentence naming anyone opens with a person named there in full,
 * as its subject, of no other gender: the description
 * introduced that person. Looks no further than the next paragraph, and
 * a bounded number of mentions.
 */
int ct_attr_named_after(const struct ct_attribution *a, int from, int to)
{
	int head = -1, sent = a->t[from].sent, reach = PRONOUN_MENTIONS;

	if (!(tok_is(a, from, "a") || tok_is(a, from, "an")) || a->t[from].quoted ||
	    (from > 0 && a->t[from - 1].sent == sent))
		return -1;
	/* The head: the last lowercase word before a complement ("a
	 * spokeswoman for …"); a name's own "of" is no complement ("a
	 * Superior Court of Ontario judge"). */
	for (int k = from + 1; k <= to && k - from <= 10; k++) {
		if (a->t[k].kind != T_WORD && !tok_punct(a, k, '-'))
			return -1;
		if (head >= 0 && complement_of(a, k + 1))
			break;
		if (a->t[k].kind == T_WORD && !a->t[k].cap && !complement_of(a, k + 1))
			head = k;
	}
	size_t n;
	const char *w = head >= 0 ? tok_str(a, head, &n) : NULL;
	if (!w || !(ct_attr_person_noun(a, head) || is_title(a, head)) || is_group(a, head) ||
	    is_org_word(a, head) ||
	    tok_in(a, head, W_DOC_NOUN | W_PRONOUN | W_VERBISH) ||
	    (n > 2 && w[n - 1] == 's' && w[n - 2] != 's'))
		return -1;
	unsigned char g = gender_of(a, head);
	for (size_t m = ment_at(a, to + 1); m < a->n_ments && reach-- > 0; m++) {
		const struct ment *mt = &a->ments[m];
		if (mt->sent == sent)
			continue;
		const struct ent *en = &a->ents[mt->ent];
		/* Named in full there, or there first (a caption may name
		 * them before the story does). */
		bool full = en->first_tok == mt->tok ||
			    (mt->tok > 0 && a->t[mt->tok - 1].ent == mt->ent && a->t[mt->tok - 1].cap &&
			     !is_title(a, mt->tok - 1));
		if (mt->para > a->t[to].para + 1 || !mt->subject || !full || en->kind != ENT_PERSON ||
		    (g && en->gender && en->gender != g))
			return -1;
		return mt->ent;
	}
	return -1;
}
