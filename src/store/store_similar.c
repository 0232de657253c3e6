/*
 * Ranking the stored sentences by their likeness to one (ct_store_similar():
 * the index finds the sentences with a term of the query, claimtrack ranks
 * them with BM25, the same on both backends); bringing the sentence index
 * up to date from the queue of texts stored since (db/011); building it
 * again from the stored texts (db reindex, and the target of `db copy`).
 */
#include "store/store_internal.h"
#include "claimtrack/similar.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A sentence's key in the index (db/010). */
#define KEY(doc, start) (((int64_t)(doc) << 32) | (int64_t)(start))

/* The most sentences ct_store_similar() returns, whatever the limit. */
#define MAX_LIMIT 1000

/* The most terms of a query (ct_similar_terms() gives at most 64). */
#define MAX_QUERY_TERMS 64

/* Indexes the texts of ids[0, n), loading each. */
static int index_ids(struct ct_store *s, const int64_t *ids, size_t n)
{
	int rc = CT_OK;

	for (size_t i = 0; i < n && rc == CT_OK; i++) {
		struct ct_doc *doc = NULL;
		if ((rc = ct_store_load_document(s, ids[i], &doc)) == CT_OK)
			rc = ct_store_index_sentences(s, ids[i], doc);
		ct_doc_free(doc);
	}
	return rc;
}

/* Runs sql (binding ?1 to arg when arg >= 0) and appends its first column's
 * integers to *ids. */
static int read_ids(struct ct_store *s, const char *sql, int64_t arg, int64_t **ids, size_t *n,
		    size_t *cap)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	if (arg >= 0 && db_bind_int64(st, 1, arg) != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if (!CT_VEC_RESERVE(*ids, *cap, *n + 1)) {
			rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
			goto out;
		}
		(*ids)[(*n)++] = db_column_int64(st, 0);
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
out:
	db_finalize(st);
	return rc;
}

int ct_store_reindex_sentences(struct ct_store *s, size_t *n)
{
	int64_t *ids = NULL;
	size_t n_ids = 0, cap = 0;
	bool own_txn;
	int rc;

	if (!s)
		return CT_EINVAL;
	if ((rc = ct_store_write_begin(s, &own_txn)) != CT_OK)
		return rc;
	if (db_exec(s->db, CT_SQL(s, "INSERT INTO sentence_index (sentence_index) "
				  "VALUES ('delete-all')", "DELETE FROM sentence_index")) != DB_OK ||
	    db_exec(s->db, "UPDATE sentence_index_stats SET sentences = 0, terms = 0") != DB_OK ||
	    db_exec(s->db, "DELETE FROM sentence_index_pending") != DB_OK) {
		rc = ct_store_dbfail(s, "emptying the sentence index");
		goto out;
	}
	/* The ids first: loading a document runs statements of its own. */
	if ((rc = read_ids(s, "SELECT document_id FROM document_texts ORDER BY document_id", -1,
			   &ids, &n_ids, &cap)) == CT_OK)
		rc = index_ids(s, ids, n_ids);
out:
	free(ids);
	if (own_txn)
		rc = ct_store_txn_end(s, rc);
	if (rc == CT_OK && n)
		*n = n_ids;
	return rc;
}

/*
 * Schema 11 queues the texts stored before it when the index is empty:
 * upgraded from before schema 10 (which made it empty, and whose own
 * indexing this replaces, so that the upgrade is quick and the first
 * reader indexes them), or emptied. A database at schema 10 had its texts
 * indexed by ingest, and nothing is queued.
 */
int ct_store_migrated(struct ct_store *s, const char *name)
{
	if (!strstr(name, "_sentence_index_pending."))
		return CT_OK;
	if (db_exec(s->db, "INSERT INTO sentence_index_pending (document_id) "
		    "SELECT document_id FROM document_texts "
		    "WHERE NOT EXISTS (SELECT 1 FROM sentence_index)") != DB_OK)
		return ct_store_dbfail(s, "queueing the stored texts for the sentence index");
	return CT_OK;
}

int ct_store_sentences_pending(struct ct_store *s, size_t *n)
{
	struct db_stmt *st = NULL;
	int rc;

	if (!s || !n)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = ct_store_prepare(s, "SELECT count(*) FROM sentence_index_pending", &st)) != CT_OK)
		return rc;
	if (db_step(st) == DB_ROW) {
		*n = (size_t)db_column_int64(st, 0);
		rc = CT_OK;
	} else {
		rc = ct_store_dbfail(s, "counting the texts not yet indexed");
	}
	db_finalize(st);
	return rc;
}

/* Texts a catch-up transaction indexes when not told. */
#define DEFAULT_CHUNK 1000

/* A lock key of every claimtrack database: one catch-up at a time. */
#define PG_CATCH_UP_LOCK "1131174988"

/*
 * Takes up to `chunk` texts off the queue, lowest ids first. The queue's
 * rows go in the transaction that indexes their texts: whoever deletes a
 * row indexes it, once. SQLite's write transaction (BEGIN IMMEDIATE) and
 * PostgreSQL's transaction lock make a second catch-up wait for the
 * first's commit, then see the rows it took gone.
 */
static const char take_sql[] =
	"DELETE FROM sentence_index_pending WHERE document_id IN "
	"(SELECT document_id FROM sentence_index_pending ORDER BY document_id LIMIT ?1) "
	"RETURNING document_id";

int ct_store_index_pending(struct ct_store *s, const struct ct_index_pending *o, size_t *n)
{
	size_t chunk = o && o->chunk ? o->chunk : DEFAULT_CHUNK, done = 0, total = 0;
	int64_t *ids = NULL;
	size_t cap = 0;
	int rc;

	if (!s)
		return CT_EINVAL;
	if (n)
		*n = 0;
	if ((rc = ct_store_check_writable(s)) != CT_OK ||
	    (rc = ct_store_sentences_pending(s, &total)) != CT_OK)
		return rc;
	if (!db_autocommit(s->db))
		return ct_store_fail(s, CT_EINVAL, "indexing the queued texts inside a transaction");
	while (total) {
		size_t n_ids = 0;
		if (o && o->stop && *o->stop) {
			rc = CT_EABORT;
			break;
		}
		if ((rc = ct_store_run_plain(s, ST_BEGIN)) != CT_OK)
			break;
		if (ct_store_is_pg(s) &&
		    db_exec(s->db, "SELECT pg_advisory_xact_lock(" PG_CATCH_UP_LOCK ")") != DB_OK)
			rc = ct_store_dbfail(s, NULL);
		if (rc == CT_OK)
			rc = read_ids(s, take_sql, (int64_t)chunk, &ids, &n_ids, &cap);
		if (rc == CT_OK)
			rc = index_ids(s, ids, n_ids);
		if ((rc = ct_store_txn_end(s, rc)) != CT_OK || !n_ids)
			break;
		done += n_ids;
		if (n)
			*n = done;
		if (o && o->progress)
			o->progress(done, total > done ? total : done, o->user);
	}
	free(ids);
	return rc;
}

/* ---- ranking ---- */

/*
 * One ranking on both backends. The index only finds every sentence with a
 * term of the query (any of them), with which of the terms it has and its
 * number of terms; both backends hold the same terms (store_sentences.c),
 * so they find the same sentences, and claimtrack scores them here with
 * Okapi BM25 (k1 1.2, b 0.75, as FTS5's bm25): each term a sentence has
 * adds
 *
 *     idf * (k1 + 1) / (1 + k1 * (1 - b + b * len / avg))
 *     idf = ln(1 + (N - df + 0.5) / (df + 0.5))
 *
 * (a term counts once a sentence: tf is 1), with N and avg the indexed
 * sentences and their mean number of terms (db/013's counts), df the
 * sentences with the term (the sentences found are all of them). The
 * terms are added in the query's order, so that the doubles come out the
 * same; ties go to the lower key (document, then offset): a total order.
 */
#define BM25_K1 1.2
#define BM25_B 0.75

/* A sentence found. */
struct found {
	int64_t key;
	uint64_t terms;    /* bit i: it has the query's term i */
	uint32_t len;      /* the sentence's terms */
	bool ok;           /* it passes the query's filters */
};

/* One row of the ranking, before its text is read. */
struct row {
	int64_t key;
	double score;
};

#define MATCHED_SQL(key) \
	"EXISTS (SELECT 1 FROM claims c WHERE c.document_id = " key " >> 32 " \
	"AND c.sentence_start = (" key " & 4294967295))"

/*
 * SQLite: the sentences with any term of ?1 (the FTS5 query, each term a
 * phrase, OR'd): key, number of terms, which terms (a bit each, in the
 * query's order), whether it passes the filters.
 */
static const char lite_pool_sql[] =
	"SELECT s.rowid, ct_terms(s.sentence_index), ct_which(s.sentence_index), "
	"(?2 IS NULL OR (SELECT d.date FROM documents d WHERE d.id = s.rowid >> 32) >= ?2) "
	"AND s.rowid <> ?3 AND (?4 = 0 OR NOT " MATCHED_SQL("s.rowid") ") "
	"FROM sentence_index s WHERE s.sentence_index MATCH ?1";
/* PostgreSQL: the sentences with term ?1, one term a query (the GIN index
 * finds each term's; one query of all the terms that also said which ones
 * a sentence has took more than twice as long on bench/similar.sh's
 * record). */
static const char pg_term_sql[] =
	"SELECT s.id, length(s.tsv), 0, "
	"(CAST(?2 AS text) IS NULL OR (SELECT d.date FROM documents d WHERE d.id = s.id >> 32) "
	">= ?2) AND s.id <> ?3 AND (?4 = 0 OR NOT " MATCHED_SQL("s.id") ") "
	"FROM sentence_index s WHERE s.tsv @@ CAST(quote_literal(CAST(?1 AS text)) AS tsquery)";

static const char matched_sql[] =
	"SELECT " MATCHED_SQL("CAST(?1 AS bigint)");

/* FTS5's count of a sentence's tokens: its terms (the 'ascii' tokenizer
 * finds each term stored, and each once). */
static void fts_terms(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		      int argc, sqlite3_value **argv)
{
	int n = 0;

	(void)argc;
	(void)argv;
	if (api->xColumnSize(fts, 0, &n) != SQLITE_OK)
		sqlite3_result_error(ctx, "ct_terms: no column size", -1);
	else
		sqlite3_result_int(ctx, n);
}

/* Which phrases of the query (its terms) the sentence has: bit i for
 * phrase i. */
static void fts_which(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		      int argc, sqlite3_value **argv)
{
	int n = api->xPhraseCount(fts);
	uint64_t which = 0;

	(void)argc;
	(void)argv;
	for (int i = 0; i < n && i < 64; i++) {
		Fts5PhraseIter it;
		int col = -1, off = 0;
		if (api->xPhraseFirst(fts, i, &it, &col, &off) != SQLITE_OK) {
			sqlite3_result_error(ctx, "ct_which: no phrase", -1);
			return;
		}
		if (col >= 0)
			which |= (uint64_t)1 << i;
	}
	sqlite3_result_int64(ctx, (sqlite3_int64)which);
}

/* Registers ct_terms() and ct_which() with SQLite's FTS5, once a connection. */
static int fts_register(struct ct_store *s)
{
	sqlite3 *db = db_sqlite(s->db);
	sqlite3_stmt *st = NULL;
	fts5_api *api = NULL;

	if (s->fts_ready)
		return CT_OK;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL) == SQLITE_OK)
		sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->xCreateFunction(api, "ct_terms", NULL, fts_terms, NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "ct_which", NULL, fts_which, NULL) != SQLITE_OK)
		return ct_store_fail(s, CT_EDB, "SQLite without FTS5 (the sentence index needs it)");
	s->fts_ready = true;
	return CT_OK;
}

/* The index's counts: sentences, and their mean number of terms. */
static int index_stats(struct ct_store *s, double *n, double *avg)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = ct_store_prepare(s, "SELECT sentences, terms FROM sentence_index_stats",
				   &st)) != CT_OK)
		return rc;
	if (db_step(st) == DB_ROW) {
		int64_t sentences = db_column_int64(st, 0), terms = db_column_int64(st, 1);
		*n = (double)sentences;
		*avg = sentences > 0 && terms > 0 ? (double)terms / (double)sentences : 1.0;
		rc = CT_OK;
	} else {
		rc = ct_store_dbfail(s, "reading the sentence index's counts");
	}
	db_finalize(st);
	return rc;
}

/* The FTS5 query of the terms: each one quoted (a phrase of one word), OR'd. */
static int fts_query(const char *terms, struct ct_buf *out)
{
	int rc = CT_OK;

	for (const char *p = terms; *p && rc == CT_OK; ) {
		size_t k = strcspn(p, " ");
		rc = ct_buf_addf(out, "%s\"%.*s\"", p == terms ? "" : " OR ", (int)k, p);
		p += k + (p[k] == ' ');
	}
	return rc;
}

/*
 * Runs the statement of one lookup (?1 the FTS5 query or the PostgreSQL
 * term) and appends its rows to *f, each with which = its third column,
 * or, when that is 0, 1 << term.
 */
static int run_pool(struct ct_store *s, const struct ct_similar_query *q, const char *sql,
		    const char *arg, size_t term, struct found **f, size_t *n, size_t *cap)
{
	struct db_stmt *st = NULL;
	struct binder b;
	int rc;

	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	b = (struct binder){ st, DB_OK };
	b_text(&b, 1, arg);
	b_text(&b, 2, q->since);
	b_int(&b, 3, q->skip_document ? KEY(q->skip_document, q->skip_start) : -1);
	b_int(&b, 4, q->unmatched);
	if (b.rc != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		uint64_t which = (uint64_t)db_column_int64(st, 2);
		if (!CT_VEC_RESERVE(*f, *cap, *n + 1)) {
			rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
			goto out;
		}
		(*f)[(*n)++] = (struct found){ db_column_int64(st, 0),
					       which ? which : (uint64_t)1 << term,
					       (uint32_t)db_column_int64(st, 1),
					       db_column_int(st, 3) != 0 };
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, "looking up the sentences");
out:
	db_finalize(st);
	return rc;
}

static int cmp_key(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

/*
 * The sentences with any of terms, once each, into *f (caller frees).
 * PostgreSQL looks up one term at a time; the rows of a sentence found
 * for several are merged into one, with their terms' bits.
 */
static int find_pool(struct ct_store *s, const struct ct_similar_query *q, const char *terms,
		     struct found **f, size_t *n)
{
	struct ct_buf match = CT_BUF_INIT(0);
	size_t cap = 0, t = 0, out = 0;
	int rc = CT_OK;

	if (!ct_store_is_pg(s)) {
		if (fts_query(terms, &match) != CT_OK)
			return ct_store_fail(s, CT_ENOMEM, "out of memory");
		rc = run_pool(s, q, lite_pool_sql, match.p, 0, f, n, &cap);
		ct_buf_release(&match);
		return rc;
	}
	for (const char *p = terms; *p && rc == CT_OK; t++) {
		char term[64];
		size_t k = strcspn(p, " ");
		snprintf(term, sizeof term, "%.*s", (int)k, p);
		rc = run_pool(s, q, pg_term_sql, term, t, f, n, &cap);
		p += k + (p[k] == ' ');
	}
	if (rc != CT_OK || !*n)
		return rc;
	qsort(*f, *n, sizeof **f, cmp_key);
	for (size_t i = 1; i < *n; i++) {
		if ((*f)[i].key == (*f)[out].key)
			(*f)[out].terms |= (*f)[i].terms;
		else
			(*f)[++out] = (*f)[i];
	}
	*n = out + 1;
	return CT_OK;
}

/* Higher scores first; of equal scores, the lower key. */
static int cmp_row(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->key > y->key) - (x->key < y->key);
}

/* The rows of the ranking, in order, at most the query's limit. */
static int rank_rows(struct ct_store *s, const struct ct_similar_query *q, const char *terms,
		     struct row **out, size_t *n_out)
{
	size_t limit = q->limit ? q->limit : 10, n_found = 0, n_terms = 0, n = 0;
	struct found *f = NULL;
	struct row *rows = NULL;
	double idf[MAX_QUERY_TERMS], n_sentences = 0, avg = 1;
	size_t df[MAX_QUERY_TERMS] = { 0 };
	int rc;

	if (limit > MAX_LIMIT)
		limit = MAX_LIMIT;
	for (const char *p = terms; *p; n_terms++)
		p += strcspn(p, " ") + (p[strcspn(p, " ")] == ' ');
	if (n_terms > MAX_QUERY_TERMS)
		return ct_store_fail(s, CT_EINVAL, "more than %d words to look up", MAX_QUERY_TERMS);
	if (!ct_store_is_pg(s) && (rc = fts_register(s)) != CT_OK)
		return rc;
	if ((rc = index_stats(s, &n_sentences, &avg)) != CT_OK ||
	    (rc = find_pool(s, q, terms, &f, &n_found)) != CT_OK)
		goto out;
	for (size_t i = 0; i < n_found; i++)
		for (size_t t = 0; t < n_terms; t++)
			df[t] += (f[i].terms >> t) & 1;
	for (size_t t = 0; t < n_terms; t++) {
		double d = (double)df[t], total = n_sentences > d ? n_sentences : d;
		idf[t] = log(1.0 + (total - d + 0.5) / (d + 0.5));
	}
	if (n_found && !(rows = malloc(n_found * sizeof *rows))) {
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n_found; i++) {
		double score = 0, norm = 1.0 - BM25_B + BM25_B * (double)f[i].len / avg;
		if (!f[i].ok)
			continue;
		for (size_t t = 0; t < n_terms; t++)
			if ((f[i].terms >> t) & 1)
				score += idf[t] * (BM25_K1 + 1.0) / (1.0 + BM25_K1 * norm);
		rows[n++] = (struct row){ f[i].key, score };
	}
	if (n)   /* rows is NULL when nothing was found */
		qsort(rows, n, sizeof *rows, cmp_row);
	if (n > limit)
		n = limit;
out:
	free(f);
	if (rc == CT_OK) {
		*out = rows;
		*n_out = n;
	} else {
		free(rows);
	}
	return rc;
}

/* Whether a rule matched the sentence of key: a stored claim has it. */
static int is_matched(struct ct_store *s, int64_t key, bool *matched)
{
	struct db_stmt *st = NULL;
	struct binder b;
	int rc;

	if ((rc = ct_store_prepare(s, matched_sql, &st)) != CT_OK)
		return rc;
	b = (struct binder){ st, DB_OK };
	b_int(&b, 1, key);
	if (b.rc == DB_OK && db_step(st) == DB_ROW) {
		*matched = db_column_int(st, 0) != 0;
		rc = CT_OK;
	} else {
		rc = ct_store_dbfail(s, "reading whether a rule matched a sentence");
	}
	db_finalize(st);
	return rc;
}

/* The sentence of doc that starts at start; NULL when none does. */
static const struct ct_span *sentence_at(const struct ct_doc *doc, size_t start)
{
	size_t lo = 0, hi = doc->n_sentences;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc->sentences[mid].start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < doc->n_sentences && doc->sentences[lo].start == start ? &doc->sentences[lo]
									 : NULL;
}

int ct_store_similar(struct ct_store *s, const struct ct_similar_query *q, ct_similar_fn fn,
		     void *user)
{
	char terms[1024];
	struct row *rows = NULL;
	struct ct_doc *doc = NULL;
	struct ct_store_document info = { 0 };
	size_t n = 0;
	int rc;

	if (!s || !q || !q->text || !fn)
		return s ? ct_store_fail(s, CT_EINVAL, "missing sentence") : CT_EINVAL;
	s->errmsg[0] = '\0';
	if (!ct_similar_terms(q->text, terms, sizeof terms))
		return CT_OK;
	if ((rc = rank_rows(s, q, terms, &rows, &n)) != CT_OK)
		return rc;
	for (size_t i = 0; i < n && rc == CT_OK; i++) {
		int64_t document_id = rows[i].key >> 32;
		size_t start = (size_t)(rows[i].key & 0xffffffff);
		const struct ct_span *sp;
		struct ct_similar_hit h;
		bool matched = false;
		char *sentence;
		/* Each document read once for its sentences in a row. */
		if (!doc || info.id != document_id) {
			ct_doc_free(doc);
			doc = NULL;
			ct_store_document_release(&info);
			if ((rc = ct_store_document_info(s, document_id, &info)) != CT_OK ||
			    (rc = ct_store_load_document(s, document_id, &doc)) != CT_OK)
				break;
		}
		if (!(sp = sentence_at(doc, start))) {
			rc = ct_store_fail(s, CT_EDB, "document %lld: no sentence at %zu, as the "
					   "sentence index says ('claimtrack db reindex' builds it "
					   "again)", (long long)document_id, start);
			break;
		}
		if ((rc = is_matched(s, rows[i].key, &matched)) != CT_OK)
			break;
		if (!(sentence = strndup(doc->body + sp->start, sp->end - sp->start))) {
			rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
			break;
		}
		h = (struct ct_similar_hit){
			.rank = i + 1, .score = rows[i].score, .document_id = document_id,
			.start = sp->start, .end = sp->end, .matched = matched,
			.sentence = sentence, .title = info.title, .outlet = info.outlet,
			.date = info.date, .url = info.url,
		};
		if (fn(&h, user))
			rc = CT_EABORT;
		free(sentence);
	}
	ct_doc_free(doc);
	ct_store_document_release(&info);
	free(rows);
	return rc;
}
