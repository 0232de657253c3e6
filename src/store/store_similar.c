/*
 * Ranking the stored sentences by their likeness to one (ct_store_similar():
 * bm25 of SQLite's FTS5, ts_rank of PostgreSQL); bringing the sentence index
 * up to date from the queue of texts stored since (db/011); building it
 * again from the stored texts (db reindex, and the target of `db copy`).
 */
#include "store/store_internal.h"
#include "claimtrack/similar.h"

#include <stdlib.h>
#include <string.h>

/* A sentence's key in the index (db/010). */
#define KEY(doc, start) (((int64_t)(doc) << 32) | (int64_t)(start))

/* The most sentences ct_store_similar() returns, whatever the limit. */
#define MAX_LIMIT 1000

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
	if ((rc = ct_store_check_writable(s)) != CT_OK)
		return rc;
	own_txn = db_autocommit(s->db);
	if (own_txn && (rc = ct_store_run_plain(s, ST_BEGIN)) != CT_OK)
		return rc;
	if (db_exec(s->db, CT_SQL(s, "INSERT INTO sentence_index (sentence_index) "
				  "VALUES ('delete-all')", "DELETE FROM sentence_index")) != DB_OK ||
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

/* One row of the ranking, before its text is read. */
struct row {
	int64_t document_id;
	size_t start;
	double score;
	bool matched;
};

#define MATCHED_SQL(key) \
	"EXISTS (SELECT 1 FROM claims c WHERE c.document_id = " key " >> 32 " \
	"AND c.sentence_start = (" key " & 4294967295))"

static const char lite_similar_sql[] =
	"SELECT sentence_index.rowid >> 32, sentence_index.rowid & 4294967295, "
	"-bm25(sentence_index), " MATCHED_SQL("sentence_index.rowid") " "
	"FROM sentence_index JOIN documents d ON d.id = sentence_index.rowid >> 32 "
	"WHERE sentence_index MATCH ?1 AND (?2 IS NULL OR d.date >= ?2) "
	"AND sentence_index.rowid <> ?3 "
	"AND (?5 = 0 OR NOT " MATCHED_SQL("sentence_index.rowid") ") "
	"ORDER BY 3 DESC, sentence_index.rowid LIMIT ?4";

/* The query: the words' lexemes (stemmed as the index is), any of them. */
static const char pg_similar_sql[] =
	"SELECT s.id >> 32, s.id & 4294967295, ts_rank(s.tsv, q.q), " MATCHED_SQL("s.id") " "
	"FROM (SELECT CAST(string_agg(quote_literal(l), ' | ') AS tsquery) AS q "
	"      FROM unnest(tsvector_to_array(to_tsvector('english', ?1))) AS l) AS q, "
	"     sentence_index s JOIN documents d ON d.id = s.id >> 32 "
	"WHERE s.tsv @@ q.q AND (CAST(?2 AS text) IS NULL OR d.date >= ?2) AND s.id <> ?3 "
	"AND (?5 = 0 OR NOT " MATCHED_SQL("s.id") ") "
	"ORDER BY 3 DESC, s.id LIMIT ?4";

/* The FTS5 query of the words: each one quoted (a phrase of one word), OR'd. */
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

/* The rows of the ranking, in order. */
static int rank_rows(struct ct_store *s, const struct ct_similar_query *q, const char *terms,
		     struct row **out, size_t *n_out)
{
	struct ct_buf match = CT_BUF_INIT(0);
	size_t limit = q->limit ? q->limit : 10, n = 0, cap = 0;
	struct db_stmt *st = NULL;
	struct binder b;
	struct row *rows = NULL;
	int rc;

	if (limit > MAX_LIMIT)
		limit = MAX_LIMIT;
	if (!ct_store_is_pg(s) && fts_query(terms, &match) != CT_OK)
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	if ((rc = ct_store_prepare(s, CT_SQL(s, lite_similar_sql, pg_similar_sql), &st)) != CT_OK)
		goto out;
	b = (struct binder){ st, DB_OK };
	b_text(&b, 1, ct_store_is_pg(s) ? terms : match.p);
	b_text(&b, 2, q->since);
	b_int(&b, 3, q->skip_document ? KEY(q->skip_document, q->skip_start) : -1);
	b_int(&b, 4, (int64_t)limit);
	b_int(&b, 5, q->unmatched);
	if (b.rc != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
		goto out;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if (!CT_VEC_RESERVE(rows, cap, n + 1)) {
			rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
			goto out;
		}
		rows[n++] = (struct row){ db_column_int64(st, 0), (size_t)db_column_int64(st, 1),
					  db_column_double(st, 2), db_column_int(st, 3) != 0 };
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, "ranking the sentences");
out:
	db_finalize(st);
	ct_buf_release(&match);
	if (rc == CT_OK) {
		*out = rows;
		*n_out = n;
	} else {
		free(rows);
	}
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
		const struct ct_span *sp;
		struct ct_similar_hit h;
		char *sentence;
		/* Each document read once for its sentences in a row. */
		if (!doc || info.id != rows[i].document_id) {
			ct_doc_free(doc);
			doc = NULL;
			ct_store_document_release(&info);
			if ((rc = ct_store_document_info(s, rows[i].document_id, &info)) != CT_OK ||
			    (rc = ct_store_load_document(s, rows[i].document_id, &doc)) != CT_OK)
				break;
		}
		if (!(sp = sentence_at(doc, rows[i].start))) {
			rc = ct_store_fail(s, CT_EDB, "document %lld: no sentence at %zu, as the "
					   "sentence index says ('claimtrack db reindex' builds it "
					   "again)", (long long)rows[i].document_id, rows[i].start);
			break;
		}
		if (!(sentence = strndup(doc->body + sp->start, sp->end - sp->start))) {
			rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
			break;
		}
		h = (struct ct_similar_hit){
			.rank = i + 1, .score = rows[i].score, .document_id = rows[i].document_id,
			.start = sp->start, .end = sp->end, .matched = rows[i].matched,
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
