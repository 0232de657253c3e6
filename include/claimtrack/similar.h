/*
 * Similar sentences: every stored sentence is in a full-text index (schema
 * 10), ranked by its likeness to a given sentence: bm25 of SQLite's FTS5,
 * ts_rank of PostgreSQL's full-text search. The words of the given sentence
 * are looked up with OR, not AND: a paraphrase shares only some of them.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_SIMILAR_H
#define CLAIMTRACK_SIMILAR_H

#include "claimtrack/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What ct_store_similar() looks for. */
struct ct_similar_query {
	const char *text;          /* the sentence */
	size_t limit;              /* most sentences returned; 0: 10 */
	bool unmatched;            /* only sentences no rule matched */
	const char *since;         /* documents published on or after (YYYY-MM-DD); NULL */
	int64_t skip_document;     /* a sentence left out (a claim's own): its document */
	size_t skip_start;         /* and start; skip_document 0: none */
};

/* One sentence found. Strings are NULL when unknown and live only for the call. */
struct ct_similar_hit {
	size_t rank;               /* 1, 2, ... */
	double score;              /* higher is more alike: -bm25 on SQLite, ts_rank on
				    * PostgreSQL (not comparable between the two) */
	int64_t document_id;
	size_t start, end;         /* byte offsets of the sentence in the body */
	bool matched;              /* a rule matched it: a stored claim has it */
	const char *sentence;
	const char *title, *outlet, *date, *url;
};

typedef int (*ct_similar_fn)(const struct ct_similar_hit *hit, void *user);

/*
 * Calls fn for each stored sentence like q->text, most alike first, up to
 * q->limit; fn returning non-zero stops (CT_EABORT). A sentence without a
 * word to look up (only stop words and punctuation) finds nothing, and is
 * not an error. Returns CT_OK or an error (ct_store_errmsg()).
 */
int ct_store_similar(struct ct_store *s, const struct ct_similar_query *q, ct_similar_fn fn,
		     void *user);

/*
 * The words ct_store_similar() looks up for text: lowercase, without stop
 * words or repeats, space-separated (at most 64), into out (a NUL-terminated
 * string of at most size - 1 bytes). Returns how many.
 */
size_t ct_similar_terms(const char *text, char *out, size_t size);

/*
 * Indexes again every stored text's sentences, as the migration to schema
 * 10 did: after the index was emptied or damaged. *n (may be NULL) counts
 * the documents. Inside the caller's transaction if one is open.
 */
int ct_store_reindex_sentences(struct ct_store *s, size_t *n);

#ifdef __cplusplus
}
#endif
#endif
