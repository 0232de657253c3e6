/* Claims in documents: the matcher's claims with their sentence's attribution. */
#include "internal.h"

#include <string.h>

struct doc_scan {
	const struct ct_doc *doc;
	const struct ct_attribution *a;
	ct_doc_claim_fn fn;
	void *user;
	size_t sentence;        /* index of the last sentence seen */
};

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
	} else {
		dc.speaker = dc.outlet;
		dc.speaker_kind = CT_SPEAKER_NARRATOR;
	}
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
