/*
 * Copies of one story: each stored body's fingerprint (its MinHash
 * signature, include/claimtrack/text.h) and the keys of its bands, in an
 * index where a new document finds the earlier ones it may copy. A copy
 * points at its story's root, the first document of the story stored
 * (db/012_copies.sql).
 *
 * The cost of a new document grows little with the database: one indexed
 * look-up of its 42 keys (the documents sharing one, the most shared
 * first, at most COPY_CANDIDATES), their signatures compared here, then
 * its own keys and signature written. The keys go to a small table of
 * recent ones (db/013_recent_bands.sql) that the look-up reads as well,
 * merged into the index of all in key order by ct_store_copies_merge():
 * written straight into a large index, each key dirtied a page of its own.
 * On SQLite the keys of the documents stored last are held in memory and
 * written to the recent ones in key order thousands at a time
 * (store_bands.c, db/018_band_keys_pending.sql).
 * What still grows is the look-up's 42 seeks into the large index, a leaf
 * page each (bench/README.md).
 */
#include "store/store_internal.h"
#include "claimtrack/store.h"
#include "claimtrack/text.h"

#include <stdlib.h>
#include <string.h>

#define COPY_CANDIDATES CT_COPY_CANDIDATES
#define SIGNATURE_BYTES CT_SIGNATURE_BYTES

#define KEY_PARAMS \
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, " \
	"?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, " \
	"?36, ?37, ?38, ?39, ?40, ?41, ?42)"

/* The keys of both tables: the merged ones and the recent ones
 * (db/013_recent_bands.sql). */
static const char candidates_sql[] =
	"SELECT c.document_id, g.n_shingles, g.signature, coalesce(d.copy_of, d.id) "
	"FROM (SELECT document_id, count(*) AS n FROM ("
	"SELECT document_id FROM document_bands WHERE key IN " KEY_PARAMS " AND document_id <> ?43 "
	"UNION ALL "
	"SELECT document_id FROM document_bands_recent WHERE key IN " KEY_PARAMS
	" AND document_id <> ?43) AS k "
	"GROUP BY document_id ORDER BY count(*) DESC, document_id LIMIT ?44) c "
	"JOIN document_signatures g ON g.document_id = c.document_id "
	"JOIN documents d ON d.id = c.document_id "
	"ORDER BY c.n DESC, c.document_id";

/*
 * SQLite: the documents sharing each band key (store_bands.c, which holds
 * the keys of the documents stored last in memory), then the signature
 * and story of one candidate, counted and ordered here.
 * candidates_sql built two temporary b-trees for its IN lists and sorted
 * twice, 255,000 instructions a document on an empty record.
 * PostgreSQL keeps candidates_sql: one round trip.
 */
static const char candidate_sql[] =
	"SELECT g.n_shingles, g.signature, coalesce(d.copy_of, d.id) FROM document_signatures g "
	"JOIN documents d ON d.id = g.document_id WHERE g.document_id = ?1";

static const char signature_sql[] =
	"INSERT INTO document_signatures (document_id, n_shingles, signature) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (document_id) DO NOTHING";

static const char set_copy_sql[] = "UPDATE documents SET copy_of = ?2 WHERE id = ?1";

/*
 * On PostgreSQL a document of a batch whose ids are read at its end
 * (ct_store_defer_ids()) is written before its id comes back: the id
 * parameter is then NULL and the server takes the transaction's ct.doc,
 * set by the document's insert (0 for a duplicate: nothing is written).
 */
#define PG_DOC(n) "coalesce(CAST(" n " AS bigint), nullif(current_setting('ct.doc', true), '')::bigint, 0)"

static const char pg_bands_sql[] =
	"INSERT INTO document_bands_recent (key, document_id) SELECT DISTINCT u.k, d.i FROM unnest(ARRAY["
	"?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
	"?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, "
	"?36, ?37, ?38, ?39, ?40, ?41, ?42]::bigint[]) AS u(k), (SELECT " PG_DOC("?43") " AS i) AS d "
	"WHERE d.i <> 0 ON CONFLICT DO NOTHING";

static const char pg_signature_sql[] =
	"INSERT INTO document_signatures (document_id, n_shingles, signature) "
	"SELECT d.i, ?2, ?3 FROM (SELECT " PG_DOC("?1") " AS i) AS d WHERE d.i <> 0 "
	"ON CONFLICT (document_id) DO NOTHING";

static const char pg_set_copy_sql[] =
	"UPDATE documents SET copy_of = ?2 WHERE id = " PG_DOC("?1");

/* Binds a document's id, or NULL for one whose id the server knows. */
static int bind_doc(struct db_stmt *st, int i, int64_t id)
{
	return id ? db_bind_int64(st, i, id) : db_bind_null(st, i);
}

int ct_store_set_copy_threshold(struct ct_store *s, double threshold)
{
	if (!s)
		return CT_EINVAL;
	if (!(threshold < 0 || (threshold > 0 && threshold <= 1)))
		return ct_store_fail(s, CT_EINVAL, "copy threshold %g outside 0 to 1", threshold);
	s->copy_threshold = threshold;
	return CT_OK;
}

double ct_store_copy_threshold(const struct ct_store *s)
{
	return s->copy_threshold ? s->copy_threshold : CT_FP_THRESHOLD;
}

/* Keeps the better candidate: the most similar at or above *best, the
 * earlier story among equals. */
static void consider_fp(const struct ct_fingerprint *fp, const struct ct_fingerprint *other,
			int64_t story, double *best, int64_t *root)
{
	double sim = ct_fingerprint_similarity(fp, other);

	if (sim > *best || (sim == *best && (!*root || story < *root))) {
		*best = sim;
		*root = story;
	}
}

/* consider_fp() of a stored signature. */
static void consider(const struct ct_fingerprint *fp, const unsigned char *sig, size_t n_sig,
		     int64_t n_shingles, int64_t story, double *best, int64_t *root)
{
	struct ct_fingerprint other;

	if (ct_store_sig_unpack(sig, n_sig, n_shingles, &other))
		consider_fp(fp, &other, story, best, root);
}

struct candidate {
	int64_t id;
	size_t n;    /* band keys shared */
};

/* More keys shared first, then the lower id. */
static int cmp_candidate(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return (x->id > y->id) - (x->id < y->id);
}

/* find_story() on SQLite: the same candidates in the same order as
 * candidates_sql, looked up key by key. */
static int find_story_lite(struct ct_store *s, int64_t id, const struct ct_fingerprint *fp,
			   const int64_t *uniq, size_t n_uniq, int64_t *root)
{
	int64_t *docs = NULL;
	struct candidate *c = NULL;
	size_t n_docs = 0, cap = 0, n_c = 0;
	double best = ct_store_copy_threshold(s);
	struct db_stmt *st = NULL;
	int rc = CT_OK, step = DB_DONE;

	*root = 0;
	rc = ct_store_bands_lookup(s, id, uniq, n_uniq, &docs, &n_docs, &cap);
	if (rc != CT_OK || !n_docs)
		goto out;
	/* Each document with the count of keys it shares, the most first. */
	qsort(docs, n_docs, sizeof *docs, ct_store_cmp_i64);
	if (!(c = malloc(n_docs * sizeof *c))) {
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n_docs; i++) {
		if (n_c && c[n_c - 1].id == docs[i])
			c[n_c - 1].n++;
		else
			c[n_c++] = (struct candidate){ docs[i], 1 };
	}
	qsort(c, n_c, sizeof *c, cmp_candidate);
	if (n_c > COPY_CANDIDATES)
		n_c = COPY_CANDIDATES;
	for (size_t i = 0; i < n_c && rc == CT_OK; i++) {
		const struct ct_fingerprint *kept;
		int64_t story;
		/* Most are documents this connection stored (store_sig_cache.c). */
		if ((kept = ct_store_sig_cache_get(s, c[i].id, &story))) {
			consider_fp(fp, kept, story, &best, root);
			continue;
		}
		if (!st && (rc = ct_store_prepare_kept(s, candidate_sql, &st)) != CT_OK)
			break;
		if (db_reset(st) != DB_OK || db_bind_int64(st, 1, c[i].id) != DB_OK) {
			rc = ct_store_dbfail(s, "looking for copies");
			break;
		}
		if ((step = db_step(st)) == DB_ROW)
			consider(fp, db_column_blob(st, 1), (size_t)db_column_bytes(st, 1),
				 db_column_int64(st, 0), db_column_int64(st, 2), &best, root);
		else if (step != DB_DONE)
			rc = ct_store_dbfail(s, "looking for copies");
	}
	if (st)
		ct_store_unprepare(s, st);
out:
	if (rc != CT_OK)
		*root = 0;
	free(docs);
	free(c);
	return rc;
}

/* The root of the story of the most similar candidate at or above the
 * threshold, into *root (0: none): on PostgreSQL, in one round trip. */
static int find_story(struct ct_store *s, int64_t id, const struct ct_fingerprint *fp,
		      const int64_t keys[CT_FP_BANDS], int64_t *root)
{
	double best = ct_store_copy_threshold(s);
	struct db_stmt *st;
	int rc, step;

	*root = 0;
	if ((rc = ct_store_prepare_kept(s, candidates_sql, &st)) != CT_OK)
		return rc;
	rc = DB_OK;
	for (size_t i = 0; i < CT_FP_BANDS && rc == DB_OK; i++)
		rc = db_bind_int64(st, (int)i + 1, keys[i]);
	if (rc == DB_OK)
		rc = db_bind_int64(st, CT_FP_BANDS + 1, id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, CT_FP_BANDS + 2, COPY_CANDIDATES);
	while (rc == DB_OK && (step = db_step(st)) == DB_ROW)
		consider(fp, db_column_blob(st, 2), (size_t)db_column_bytes(st, 2),
			 db_column_int64(st, 1), db_column_int64(st, 3), &best, root);
	if (rc != DB_OK || step != DB_DONE) {
		*root = 0;
		rc = ct_store_dbfail(s, "looking for copies");
	} else {
		rc = CT_OK;
	}
	ct_store_unprepare(s, st);
	return rc;
}

/* Runs st (kept, bound as far as brc says) for its effect only: on
 * PostgreSQL in the writer's pipeline (ct_store_run_deferred()). */
static int run_kept(struct ct_store *s, struct db_stmt *st, int brc)
{
	struct binder b = { st, brc };
	int rc = ct_store_run_deferred(s, &b);

	ct_store_unprepare(s, st);
	return rc;
}

static int put_signature(struct ct_store *s, int64_t id, const struct ct_fingerprint *fp)
{
	unsigned char sig[SIGNATURE_BYTES];
	struct db_stmt *st;
	int rc;

	if ((rc = ct_store_prepare_kept(s, CT_SQL(s, signature_sql, pg_signature_sql), &st)) !=
	    CT_OK)
		return rc;
	ct_store_sig_pack(fp, sig);
	rc = bind_doc(st, 1, id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, fp->n_shingles);
	if (rc == DB_OK)
		rc = db_bind_blob(st, 3, sig, sizeof sig);
	return run_kept(s, st, rc);
}

/* PostgreSQL: the keys written at once (SQLite holds them: store_bands.c). */
static int put_bands(struct ct_store *s, int64_t id, const int64_t keys[CT_FP_BANDS])
{
	struct db_stmt *st;
	int rc;

	if ((rc = ct_store_prepare_kept(s, pg_bands_sql, &st)) != CT_OK)
		return rc;
	rc = DB_OK;
	for (size_t i = 0; i < CT_FP_BANDS && rc == DB_OK; i++)
		rc = db_bind_int64(st, (int)i + 1, keys[i]);
	if (rc == DB_OK)
		rc = bind_doc(st, CT_FP_BANDS + 1, id);
	return run_kept(s, st, rc);
}

static int set_copy_of(struct ct_store *s, int64_t id, int64_t root)
{
	struct db_stmt *st;
	int rc;

	if ((rc = ct_store_prepare_kept(s, CT_SQL(s, set_copy_sql, pg_set_copy_sql), &st)) != CT_OK)
		return rc;
	rc = bind_doc(st, 1, id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, root);
	return run_kept(s, st, rc);
}

int ct_store_copies_add(struct ct_store *s, int64_t id, const struct ct_doc *doc,
			const struct ct_fingerprint *fp, int64_t *copy_of)
{
	struct ct_fingerprint own;
	int64_t keys[CT_FP_BANDS], uniq[CT_FP_BANDS], root = 0;
	size_t n_uniq = 0;
	bool pg = ct_store_is_pg(s);
	int rc;

	if (copy_of)
		*copy_of = 0;
	if (!fp) {
		ct_fingerprint_compute(doc->body, doc->body_len, &own);
		fp = &own;
	}
	if ((rc = put_signature(s, id, fp)) != CT_OK || fp->n_shingles == 0)
		return rc;
	ct_fingerprint_bands(fp, keys);
	/* SQLite: the distinct keys, looked up and held in memory
	 * (store_bands.c). */
	if (!pg)
		n_uniq = ct_store_bands_distinct(keys, uniq);
	if (ct_store_copy_threshold(s) > 0 &&
	    (rc = pg ? find_story(s, id, fp, keys, &root) :
		       find_story_lite(s, id, fp, uniq, n_uniq, &root)) != CT_OK)
		return rc;
	if (root && (rc = set_copy_of(s, id, root)) != CT_OK)
		return rc;
	/* After the look-up: a later document of the same batch finds it. */
	if ((rc = pg ? put_bands(s, id, keys) : ct_store_bands_add(s, id, uniq, n_uniq)) != CT_OK)
		return rc;
	if (!pg)
		ct_store_sig_cache_put(s, id, root ? root : id, fp);
	if (copy_of)
		*copy_of = root;
	return CT_OK;
}

int ct_store_copies_add_late(struct ct_store *s, int64_t id, const struct ct_doc *doc)
{
	struct db_stmt *st;
	int rc, step;

	if ((rc = ct_store_prepare(s, "SELECT 1 FROM document_signatures WHERE document_id = ?1",
				   &st)) != CT_OK)
		return rc;
	step = db_bind_int64(st, 1, id);
	if (step == DB_OK)
		step = db_step(st);
	db_finalize(st);
	if (step == DB_ROW)
		return CT_OK;
	if (step != DB_DONE)
		return ct_store_dbfail(s, NULL);
	return ct_store_copies_add(s, id, doc, NULL, NULL);
}

/*
 * The recent keys moved into the big index in key order, in one
 * transaction: each of its pages written once for all the keys it takes
 * in. On PostgreSQL one statement takes exactly the rows it deletes, so
 * that a key an ingest commits meanwhile stays for the next merge; on
 * SQLite the transaction holds the only writer's lock.
 */
static const char merge_count_sql[] = "SELECT count(*) FROM document_bands_recent";
static const char merge_sql[] =
	"INSERT INTO document_bands (key, document_id) SELECT key, document_id "
	"FROM document_bands_recent WHERE true ORDER BY key ON CONFLICT DO NOTHING";
static const char merge_delete_sql[] = "DELETE FROM document_bands_recent";
static const char pg_merge_sql[] =
	"WITH moved AS (DELETE FROM document_bands_recent RETURNING key, document_id), "
	"merged AS (INSERT INTO document_bands (key, document_id) SELECT key, document_id "
	"FROM moved ORDER BY key ON CONFLICT DO NOTHING) SELECT count(*) FROM moved";
/*
 * The log of key writes (db/pg/019) is read only by writers that run: a
 * writer begins after the rows there, with the keys they logged in the
 * tables. So it is emptied when no writer holds the lock of its readers
 * (store_bands.c), and one that begins meanwhile waits for this
 * transaction's end. A row is about 8 bytes a document.
 */
static const char pg_prune_log_sql[] =
	"DELETE FROM document_bands_log WHERE (SELECT pg_try_advisory_xact_lock("
	CT_PG_BANDS_LOG_LOCK "))";

int ct_store_copies_merge(struct ct_store *s, size_t *n)
{
	struct db_stmt *st;
	int64_t moved = 0;
	bool own_txn;
	int rc, step;

	if (!s)
		return CT_EINVAL;
	if ((rc = ct_store_write_begin(s, &own_txn)) != CT_OK)
		return rc;
	/* The keys held in memory or noted first (store_bands.c). */
	if ((rc = ct_store_bands_settle(s)) != CT_OK)
		goto out;
	if ((rc = ct_store_prepare(s, CT_SQL(s, merge_count_sql, pg_merge_sql), &st)) != CT_OK)
		goto out;
	if ((step = db_step(st)) == DB_ROW)
		moved = db_column_int64(st, 0);
	db_finalize(st);
	if (step != DB_ROW ||
	    (!ct_store_is_pg(s) && moved &&
	     (db_exec(s->db, merge_sql) != DB_OK || db_exec(s->db, merge_delete_sql) != DB_OK)))
		rc = ct_store_dbfail(s, "merging the recent band keys into their index");
	if (rc == CT_OK && moved)
		ct_store_bands_moved(s);
	if (rc == CT_OK && ct_store_is_pg(s) && db_exec(s->db, pg_prune_log_sql) != DB_OK)
		rc = ct_store_dbfail(s, "emptying the log of band key writes");
out:
	if (own_txn)
		rc = ct_store_txn_end(s, rc);
	if (rc == CT_OK && n)
		*n = (size_t)moved;
	return rc;
}

int ct_store_carriers(struct ct_store *s, int64_t claim_id, ct_carrier_fn fn, void *user)
{
	/* The documents of the claim's story (its root and the root's
	 * copies) with the same claim, each outlet once, in the order they
	 * were stored. */
	static const char sql[] =
		"SELECT o.name, min(d2.id) FROM claims c "
		"JOIN documents d ON d.id = c.document_id "
		"JOIN documents d2 ON d2.id = coalesce(d.copy_of, d.id) OR "
		"d2.copy_of = coalesce(d.copy_of, d.id) "
		"JOIN claims c2 ON c2.document_id = d2.id AND c2.proposition = c.proposition AND "
		"c2.stance = c.stance AND c2.match = c.match AND (c2.speaker_id = c.speaker_id OR "
		"(c2.speaker_id IS NULL AND c.speaker_id IS NULL)) "
		"LEFT JOIN outlets o ON o.id = d2.outlet_id WHERE c.id = ?1 "
		"GROUP BY o.name ORDER BY min(d2.id)";
	struct db_stmt *st;
	int rc, step;

	if (!s || !fn)
		return CT_EINVAL;
	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	step = db_bind_int64(st, 1, claim_id);
	rc = CT_OK;
	while (step == DB_OK || step == DB_ROW) {
		if ((step = db_step(st)) != DB_ROW)
			break;
		if ((rc = fn(db_column_text(st, 0), db_column_int64(st, 1), user)) != CT_OK)
			break;
	}
	if (rc == CT_OK && step != DB_DONE)
		rc = ct_store_dbfail(s, "reading the outlets of a story");
	db_finalize(st);
	return rc;
}
