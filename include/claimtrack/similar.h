/*
 * Similar sentences: every stored sentence is in a full-text index (schema
 * 10, 13) as claimtrack's own terms (stemmed words without stop words),
 * ranked by its likeness to a given sentence with one BM25 computed by
 * claimtrack, the same on SQLite (FTS5) and PostgreSQL (tsvector). The
 * terms of the given sentence are looked up with OR, not AND: a
 * paraphrase shares only some of them.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_SIMILAR_H
#define CLAIMTRACK_SIMILAR_H

#include "claimtrack/store.h"

#include <signal.h>

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
	double score;              /* higher is more alike: BM25, the same on both
				    * backends for the same stored texts */
	int64_t document_id;
	size_t start, end;         /* byte offsets of the sentence in the body */
	bool matched;              /* a rule matched it: a stored claim has it */
	const char *sentence;
	const char *title, *outlet, *date, *url;
};

typedef int (*ct_similar_fn)(const struct ct_similar_hit *hit, void *user);

/*
 * Calls fn for each stored sentence like q->text, most alike first (of
 * equal scores, the lower document id, then the earlier sentence), up to
 * q->limit; fn returning non-zero stops (CT_EABORT). A sentence without a
 * word to look up (only stop words and punctuation) finds nothing, and is
 * not an error. Returns CT_OK or an error (ct_store_errmsg()).
 */
int ct_store_similar(struct ct_store *s, const struct ct_similar_query *q, ct_similar_fn fn,
		     void *user);

/*
 * The terms ct_store_similar() looks up for text: lowercase, without stop
 * words, stemmed (Porter), without repeats, space-separated (at most 64),
 * into out (a NUL-terminated
 * string of at most size - 1 bytes). Returns how many.
 */
size_t ct_similar_terms(const char *text, char *out, size_t size);

/*
 * Indexes again every stored text's sentences: after the index was
 * emptied or damaged; the queue of texts not
 * yet indexed is emptied with it. *n (may be NULL) counts the documents.
 * Inside the caller's transaction if one is open.
 */
int ct_store_reindex_sentences(struct ct_store *s, size_t *n);

/*
 * The index is brought up to date when it is read (schema 11): a stored
 * text is queued, and indexed by ct_store_index_pending(). *n: how many
 * texts are queued, not yet in the index.
 */
int ct_store_sentences_pending(struct ct_store *s, size_t *n);

struct ct_index_pending {
	size_t chunk;                  /* texts a transaction; 0: 1000 */
	const volatile sig_atomic_t *stop;   /* non-zero: stop before the next chunk */
	/* After each chunk's commit: texts indexed so far, of about total. */
	void (*progress)(size_t done, size_t total, void *user);
	void *user;
};

/*
 * Indexes the queued texts, `chunk` of them a transaction, so that what is
 * done stays done when the run is interrupted. Two at once never index a
 * text twice: the second waits for the first's chunk and takes the next.
 * o may be NULL. *n (may be NULL) counts the texts indexed. CT_EABORT when
 * o->stop was set; not inside a transaction.
 */
int ct_store_index_pending(struct ct_store *s, const struct ct_index_pending *o, size_t *n);

#ifdef __cplusplus
}
#endif
#endif
