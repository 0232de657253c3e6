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
 *
 * This file holds the public entry points and runs the passes in order:
 * tokens.c, dates.c, quotes.c, entities.c (the people and organizations
 * named), then sentence by sentence quotes.c and reported.c, which read
 * speakers with speakers.c.
 */
#include "attrib/attrib_internal.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * The last sentence (its index in the document) whose attribution a quote
 * overlapping the body before offset `upto` can depend on; INT_MAX when
 * that is every sentence. Attribution goes forward only: what a sentence
 * reads was decided by the sentences before it, and what it changes of
 * earlier results is bounded here. A quote starting before `upto` is
 * read in a sentence that starts before it, a direct quote in the
 * sentence its closing mark ends (and shares a speaker with every
 * part of its chain); a quote a name and a colon open runs to the end of
 * its paragraph, which is read to its end too (its later sentences are
 * the quote's, and report nothing more: a margin, not a need).
 *
 * The sentences before a claim's are all read: what they find reaches
 * every later sentence. A person keeps the role the document first gave
 * them ("Mayor Ann Reid said …" makes a later "Reid said" the mayor's,
 * speakers.c), a description or a surname names a speaker found before,
 * and an unattributed quote takes the last speaker attributed, however
 * far back. Nor can the passes over the whole text stop at `need`: the
 * entity pass reads a later title or pronoun into an entity's roles,
 * kind and gender, which the speakers it names take, and a sentence
 * opener is a name only if no later word writes it in lower case. What
 * is left out is exact (tests/unit/test_attrib.c:
 * test_window_as_whole_document compares each window with the whole).
 */
static int needed_sentences(const struct ct_attribution *a, size_t upto)
{
	size_t lo = 0, hi = a->n_t;
	int last, need;

	if (upto == SIZE_MAX || !a->n_t)
		return INT_MAX;
	/* The tokens that start before upto: [0, lo). */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a->map[a->t[mid].s] < upto)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return -1;
	last = (int)lo - 1;
	while (last + 1 < (int)a->n_t && a->t[last + 1].para == a->t[lo - 1].para)
		last++;
	need = a->t[last].sent;
	for (size_t q = 0; q < a->n_dq; q++) {
		const struct dquote *d = &a->dq[q];
		if (a->dq[d->chain].open >= (int)lo)
			continue;
		int s = ct_attr_quote_sentence(a, d);
		if (s > need)
			need = s;
	}
	return need;
}

/*
 * Attributes sentence by sentence, in text order, so that every speaker a
 * pronoun or a surname may refer to is known when it is read: first the
 * direct quotes that end in the sentence, then its reported speech. Stops
 * after sentence `need` (its index in the document).
 */
static int attribute_sentences(struct ct_attribution *a, int need)
{
	int prev = -1, rc;

	for (size_t r = 0; r < a->n_sent_starts; r++) {
		int s, e, sent = ct_attr_sentence_tokens(a, r, &s, &e);
		bool all_quoted = true;
		if (sent > need)
			break;
		ct_attr_attribute_quotes(a, sent, &prev);
		/* A sentence wholly inside a direct quote reports nothing more. */
		for (int k = s; k <= e && all_quoted; k++)
			if (!a->t[k].quoted && a->t[k].kind != T_PUNCT)
				all_quoted = false;
		if (!all_quoted && (rc = ct_attr_reported_in_sentence(a, s, e)) != CT_OK)
			return rc;
		/* A speaker or a text that could not be copied would leave the
		 * result short: out of memory is an error, not fewer quotes. */
		if (a->nomem)
			return CT_ENOMEM;
	}
	ct_attr_share_chains(a);
	return CT_OK;
}

/* ---- public ---- */

const char *ct_quote_kind_name(enum ct_quote_kind kind)
{
	switch (kind) {
	case CT_QUOTE_INDIRECT: return "indirect";
	case CT_QUOTE_ACCORDING_TO: return "according_to";
	case CT_QUOTE_BELIEF: return "belief";
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
	free(a->spk_lists);
	free(a->spk_slots);
	free(a->spk_links);
	free(a->ents);
	free(a->ments);
	free(a->keys);
	ct_words_free(a->own_words);
	a->own_words = NULL;
	a->words = NULL;
	a->t = NULL;
	a->openers = NULL;
	a->sent_starts = NULL;
	a->marks = NULL;
	a->dq = NULL;
	a->spk = NULL;
	a->spk_lists = NULL;
	a->spk_slots = NULL;
	a->spk_links = NULL;
	a->n_spk_lists = a->cap_spk_lists = a->cap_spk_slots = 0;
	a->n_spk_links = a->cap_spk_links = 0;
	a->ents = NULL;
	a->ments = NULL;
	a->keys = NULL;
	a->n_keys = a->cap_keys = 0;
	a->n_ents = a->cap_ents = a->n_ments = a->cap_ments = 0;
	a->n_t = a->n_openers = a->n_sent_starts = a->n_marks = a->cap_marks = 0;
	a->n_dq = a->n_spk = 0;
}

static size_t kept_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* s copied to *at, which moves past it; NULL stays NULL. */
static const char *keep(char **at, const char *s)
{
	char *c = *at;
	size_t n = kept_size(s);

	if (!s)
		return NULL;
	memcpy(c, s, n);
	*at += n;
	return c;
}

/*
 * Keeps, of the strings the work wrote to the arena, those the result
 * holds (the quotes' speakers, mentions, roles, cues and vias, and the
 * credit) in one block of their size, and frees the arena. The arena
 * took every name the document gives, in blocks of 16 KB, one or two a
 * document; a result waits in ingest's window (up to 1,032 of them)
 * until the writer stores it, and the names no quote held were 30 MB of
 * a 100 MB ingest's peak heap (valgrind --tool=massif).
 */
static int keep_strings(struct ct_attribution *a)
{
	size_t total = kept_size(a->credit);
	char *at;

	for (size_t i = 0; i < a->n_quotes; i++) {
		const struct ct_quote *q = &a->quotes[i];
		total += kept_size(q->speaker) + kept_size(q->mention) + kept_size(q->role) +
			 kept_size(q->cue) + kept_size(q->via);
	}
	if (!(at = a->kept = malloc(total ? total : 1)))
		return CT_ENOMEM;
	a->credit = keep(&at, a->credit);
	for (size_t i = 0; i < a->n_quotes; i++) {
		struct ct_quote *q = &a->quotes[i];
		q->speaker = keep(&at, q->speaker);
		q->mention = keep(&at, q->mention);
		q->role = keep(&at, q->role);
		q->cue = keep(&at, q->cue);
		q->via = keep(&at, q->via);
	}
	ct_arena_release(&a->arena);
	return CT_OK;
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
		const char *canon = ct_attr_rules_outlet(a, doc->outlet);
		if (canon)
			a->outlet = canon;
	}
	char credit[128];
	if (ct_doc_credit(rs, doc, credit, sizeof credit) &&
	    !(a->credit = ct_arena_strndup(&a->arena, credit, strlen(credit)))) {
		ct_attribution_free(a);
		return NULL;
	}
	return a;
}

int ct_attribution_outlet_only(const struct ct_ruleset *rs, const struct ct_doc *doc,
			       struct ct_attribution **out)
{
	struct ct_attribution *a = attribution_new(rs, doc);

	if (!a || keep_strings(a) != CT_OK) {
		ct_attribution_free(a);
		return CT_ENOMEM;
	}
	*out = a;
	return CT_OK;
}

/* ct_attribute(), taking the document's normalization from norm (NULL:
 * normalizing it); only the quotes that start before body offset upto
 * are sure to be complete (SIZE_MAX: all). */
static int attribute(const struct ct_ruleset *rs, const struct ct_doc *doc,
		     struct ct_norm_buf *norm, size_t upto, struct ct_attribution **out)
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
	if ((rc = ct_attr_tokenize(a)) != CT_OK)
		goto fail;
	if ((rc = ct_attr_place_tokens(a)) != CT_OK || (rc = ct_attr_uncap_sentence_starts(a)) != CT_OK ||
	    (rc = ct_attr_find_quotes(a)) != CT_OK || (rc = ct_attr_find_entities(a)) != CT_OK)
		goto fail;
	/* The sentences after `need` are read by no quote asked for, and
	 * their dates by no claim. */
	int need = needed_sentences(a, upto);
	if ((rc = ct_attr_find_dates(a, need)) != CT_OK || (rc = attribute_sentences(a, need)) != CT_OK)
		goto fail;
	for (size_t q = 0; q < a->n_dq; q++) {
		const struct dquote *d = &a->dq[q];
		if (d->embedded || d->last < d->first)
			continue;
		if ((rc = ct_attr_emit(a, CT_QUOTE_DIRECT, d->speaker, d->via, d->cue, a->t[d->first].s,
				       a->t[d->last].e)) != CT_OK)
			goto fail;
	}
	if (a->n_quotes > 1)
		qsort(a->quotes, a->n_quotes, sizeof *a->quotes, cmp_quotes);
	release_work(a);
	if ((rc = keep_strings(a)) != CT_OK)
		goto fail;
	*out = a;
	return CT_OK;
fail:
	ct_attribution_free(a);
	return rc;
}

int ct_attribute(const struct ct_ruleset *rs, const struct ct_doc *doc,
		 struct ct_attribution **out)
{
	return attribute(rs, doc, NULL, SIZE_MAX, out);
}

int ct_attribute_normalized(const struct ct_ruleset *rs, const struct ct_doc *doc,
			    struct ct_norm_buf *norm, size_t upto, struct ct_attribution **out)
{
	return attribute(rs, doc, norm, upto, out);
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
	free(a->kept);
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

const char *ct_attribution_credit(const struct ct_attribution *a) { return a->credit; }

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
