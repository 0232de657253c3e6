/*
 * Claims in documents: matches joined with their speakers.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_CLAIMS_H
#define CLAIMTRACK_CLAIMS_H

#include "claimtrack/match.h"
#include "claimtrack/attrib.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A claim with the attribution of its sentence. */
struct ct_doc_claim {
	struct ct_claim claim;        /* offsets into doc->body */
	enum ct_speaker_kind speaker_kind;
	const char *speaker;          /* NULL for a narrator without a known outlet */
	const char *role;             /* NULL when none */
	const char *via;              /* NULL when none */
	const char *outlet;           /* the document's, canonical; NULL when unknown */
	const char *date;             /* publication date; NULL when unknown */
	char statement_date[11];      /* YYYY-MM-DD when the text states it, else "" */
	const struct ct_quote *quote; /* the attribution used; NULL for the narrator */
	/* The outlet's own judgement of a speaker's claim in the sentence:
	 * "disputed" ("Kane falsely claimed that …", "… without evidence"),
	 * else NULL. Never set for the narrator, who does not dispute itself. */
	const char *framing;
};


/* Receives one claim (borrowed for the call); return non-zero to stop. */
typedef int (*ct_doc_claim_fn)(const struct ct_doc_claim *claim, void *user);

/*
 * Matches every sentence of a document and calls fn for each claim, in text
 * order, with its speaker, role, via, outlet, dates and framing. Strings
 * are borrowed from the document, the attribution and the ruleset.
 *
 * Who a claim belongs to: a sentence in which anyone is said to speak (a
 * quote, a reporting verb, "according to", "has learned that") is that
 * speaker's, with speaker NULL (kind person) when attribution did not find
 * who; the narrator (the document's outlet) only when nobody is.
 */
int ct_doc_claims(struct ct_matcher *m, const struct ct_doc *doc,
		  const struct ct_attribution *a, ct_doc_claim_fn fn, void *user);

/*
 * ct_attribute() and then ct_doc_claims(), for documents of which many hold
 * no claim: the sentences are matched first, and only a document with a
 * claim is attributed. fn is called for each claim as ct_doc_claims()
 * calls it. *a (NULL on failure) is the attribution, to be freed with
 * ct_attribution_free(): for a document without claims it has no quotes,
 * only the canonical outlet that ct_attribute() would give. The matcher
 * must be rs's.
 */
int ct_doc_find_claims(struct ct_matcher *m, const struct ct_ruleset *rs,
		       const struct ct_doc *doc, struct ct_attribution **a,
		       ct_doc_claim_fn fn, void *user);

/*
 * A document's claims and attribution as ct_store_add_document() takes
 * them: what `ingest` keeps of a document between matching it and storing
 * it. Zero it (or CT_DOC_CLAIM_LIST_INIT) before use; the strings of its
 * claims are borrowed from the document, the attribution and the ruleset.
 */
struct ct_doc_claim_list {
	struct ct_attribution *a;       /* owned; NULL before a find */
	struct ct_doc_claim *claims;    /* owned */
	size_t n_claims, cap_claims;
};
#define CT_DOC_CLAIM_LIST_INIT { NULL, NULL, 0, 0 }

/*
 * ct_doc_find_claims() into a list: drops what the list held (keeping its
 * array for reuse) and fills it with the document's claims, in text
 * order, and their attribution. On failure the list is left empty
 * (CT_ENOMEM when out of memory). The document and the ruleset must
 * outlive the list's contents.
 */
int ct_doc_claim_list_find(struct ct_doc_claim_list *list, struct ct_matcher *m,
			   const struct ct_ruleset *rs, const struct ct_doc *doc);

/* Frees what the list holds; it is then empty, ready for another find. */
void ct_doc_claim_list_release(struct ct_doc_claim_list *list);

#ifdef __cplusplus
}
#endif
#endif
