/* Claims in documents: the matcher's claims with their sentence's attribution. */
#include "claimtrack/claims.h"
#include "match/match_internal.h"
#include "attrib/attrib_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct doc_scan {
	const struct ct_doc *doc;
	const struct ct_attribution *a;
	ct_doc_claim_fn fn;
	void *user;
	size_t sentence;        /* index of the last sentence seen */
};

/* "according to" at body[s, e), any case. */
static bool according_to(const char *body, size_t s, size_t e)
{
	return e - s == 12 && strncasecmp(body + s, "according to", 12) == 0;
}

/*
 * The outlet of the ruleset that "according to" at body[cue_end…] names,
 * up to a comma or the sentence's end ("According to The Daily Ledger,
 * …"); NULL when it names none.
 */
static const char *named_outlet(const struct ct_attribution *a, const char *body, size_t from,
				size_t end)
{
	char name[128];
	size_t n = 0;

	while (from < end && body[from] == ' ')
		from++;
	while (from + n < end && body[from + n] != ',' && body[from + n] != '.' && n < sizeof name - 1)
		n++;
	if (n == 0 || n == sizeof name - 1)
		return NULL;
	memcpy(name, body + from, n);
	while (n > 0 && name[n - 1] == ' ')
		n--;
	name[n] = '\0';
	return ct_attr_rules_outlet(a, name);
}

/*
 * Somebody speaks in the sentence but attribution did not say who (or only
 * that an outlet relays it): the claim is an unknown speaker's, never the
 * narrator's; an outlet of the ruleset that relays it ("according to The
 * Daily Ledger, Kane repeated that …") is its via.
 */
static void unknown_speaker(struct ct_doc_claim *dc, const struct ct_attribution *a,
			    const char *body, const char *via)
{
	const struct ct_claim *c = &dc->claim;

	dc->speaker = NULL;
	dc->speaker_kind = CT_SPEAKER_PERSON;
	dc->role = NULL;
	dc->via = via;
	if (!via && according_to(body, c->speech_cue.start, c->speech_cue.end))
		dc->via = named_outlet(a, body, c->speech_cue.end, c->sentence_end);
}

static int on_claim(const struct ct_claim *c, void *user)
{
	struct doc_scan *ds = user;
	const struct ct_doc *doc = ds->doc;
	struct ct_doc_claim dc;
	const struct ct_quote *q;

	memset(&dc, 0, sizeof dc);
	dc.claim = *c;
	while (ds->sentence + 1 < doc->n_sentences &&
	       doc->sentences[ds->sentence].start < c->sentence_start)
		ds->sentence++;
	dc.outlet = ct_attribution_outlet(ds->a);
	dc.date = doc->date;
	q = ct_attribution_find(ds->a, c->match_start, c->match_end);
	if (q) {
		dc.quote = q;
		dc.speaker = q->speaker;
		dc.speaker_kind = q->speaker_kind;
		dc.role = q->role;
		dc.via = q->via;
		/* "According to <outlet>, Kane repeated that …": the outlet
		 * relays, someone inside its report speaks. */
		if (q->kind == CT_QUOTE_ACCORDING_TO && q->speaker && c->reported &&
		    c->speech_cue.start >= q->start && c->speech_cue.end <= c->match_start &&
		    ct_attr_rules_outlet(ds->a, q->speaker))
			unknown_speaker(&dc, ds->a, doc->body, q->speaker);
	} else if (c->reported) {
		unknown_speaker(&dc, ds->a, doc->body, NULL);
	} else {
		dc.speaker = dc.outlet;
		dc.speaker_kind = CT_SPEAKER_NARRATOR;
	}
	/* A wire story's claims come through the agency it credits ("KABUL
	 * (Reuters) - …"), unless it relays them itself or is the outlet. */
	const char *credit = ct_attribution_credit(ds->a);
	if (!dc.via && credit && !(dc.outlet && strcasecmp(credit, dc.outlet) == 0) &&
	    !(dc.speaker && strcasecmp(credit, dc.speaker) == 0))
		dc.via = credit;
	if (c->framed && dc.speaker_kind != CT_SPEAKER_NARRATOR)
		dc.framing = "disputed";
	ct_attribution_statement_date(ds->a, ds->sentence, dc.statement_date);
	return ds->fn(&dc, ds->user);
}

int ct_doc_claims(struct ct_matcher *m, const struct ct_doc *doc,
		  const struct ct_attribution *a, ct_doc_claim_fn fn, void *user)
{
	struct doc_scan ds = { doc, a, fn, user, 0 };
	struct ct_norm_view whole;
	bool have = a && ct_attribution_norm(a, &whole);

	return ct_matcher_scan_spans(m, doc->body, doc->body_len, doc->sentences,
				     doc->n_sentences, have ? &whole : NULL, on_claim, &ds);
}

/* The matcher's claims, kept until it is known whether the document needs
 * attributing. */
struct kept {
	struct ct_claim *v;
	size_t n, cap;
	bool nomem;
};

static int keep(const struct ct_claim *c, void *user)
{
	struct kept *k = user;

	if (!CT_VEC_RESERVE(k->v, k->cap, k->n + 1)) {
		k->nomem = true;
		return 1;
	}
	k->v[k->n++] = *c;
	return 0;
}

int ct_doc_find_claims(struct ct_matcher *m, const struct ct_ruleset *rs,
		       const struct ct_doc *doc, struct ct_attribution **out,
		       ct_doc_claim_fn fn, void *user)
{
	struct ct_norm_buf norm = { 0 };
	struct kept kept = { 0 };
	struct ct_norm_view whole;
	struct doc_scan ds = { doc, NULL, fn, user, 0 };
	int rc;

	*out = NULL;
	/* Normalized once: the matcher takes its sentences from it, and
	 * attribution, when there is a claim to attribute, takes it over. */
	if ((rc = ct_normalize_into(doc->body, doc->body_len, &norm)) != CT_OK)
		goto out;
	whole = (struct ct_norm_view){ norm.text, norm.map, norm.len };
	rc = ct_matcher_scan_spans(m, doc->body, doc->body_len, doc->sentences,
				   doc->n_sentences, &whole, keep, &kept);
	if (rc != CT_OK) {
		if (kept.nomem)
			rc = CT_ENOMEM;
		goto out;
	}
	/* Only the quotes a claim's match overlaps are asked: attribution
	 * stops where none can begin. */
	size_t upto = 0;
	for (size_t i = 0; i < kept.n; i++)
		if (kept.v[i].match_end > upto)
			upto = kept.v[i].match_end;
	rc = kept.n ? ct_attribute_normalized(rs, doc, &norm, upto, out)
		    : ct_attribution_outlet_only(rs, doc, out);
	if (rc != CT_OK)
		goto out;
	ct_attribution_trim(*out);
	ds.a = *out;
	for (size_t i = 0; i < kept.n && rc == CT_OK; i++)
		if (on_claim(&kept.v[i], &ds) != 0)
			rc = CT_EABORT;
out:
	ct_norm_buf_release(&norm);
	free(kept.v);
	if (rc != CT_OK) {
		ct_attribution_free(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- a document's claims, kept ---- */

/* ct_doc_claim_fn: appends a claim; stops when out of memory. */
static int add_to_list(const struct ct_doc_claim *c, void *user)
{
	struct ct_doc_claim_list *list = user;

	if (!CT_VEC_RESERVE(list->claims, list->cap_claims, list->n_claims + 1))
		return 1;
	list->claims[list->n_claims++] = *c;
	return 0;
}

int ct_doc_claim_list_find(struct ct_doc_claim_list *list, struct ct_matcher *m,
			   const struct ct_ruleset *rs, const struct ct_doc *doc)
{
	int rc;

	ct_attribution_free(list->a);
	list->a = NULL;
	list->n_claims = 0;
	rc = ct_doc_find_claims(m, rs, doc, &list->a, add_to_list, list);
	if (rc != CT_OK) {
		/* The only reason add_to_list() stops. */
		if (rc == CT_EABORT)
			rc = CT_ENOMEM;
		list->n_claims = 0;
	}
	return rc;
}

void ct_doc_claim_list_release(struct ct_doc_claim_list *list)
{
	if (!list)
		return;
	ct_attribution_free(list->a);
	free(list->claims);
	*list = (struct ct_doc_claim_list)CT_DOC_CLAIM_LIST_INIT;
}
