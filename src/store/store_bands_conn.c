/*
 * The band keys of a PostgreSQL batch, written by a connection of their
 * own while the batch's connection writes its documents' texts, claims
 * and signatures: two of the server's processes at work at once, where
 * one did all of it in turn. In one ingest of 100 MB of bench text the
 * keys' COPY was a third of the server's time (bench/README.md).
 *
 * The keys' transaction commits after the batch's: when the next batch's
 * keys are to go (so that the server writes one batch's keys while the
 * writer makes the next), or before the writer waits for more documents
 * (ct_store_finish()), or when the store closes. Nothing is lost and no
 * writer misses a document in between:
 *
 * - The batch notes its documents in document_bands_pending and logs them
 *   in document_bands_log (db/pg/019) itself; the keys' transaction
 *   deletes the notes. A writer stopped between the two commits leaves
 *   the notes, from which `db maintain` writes the keys
 *   (ct_store_bands_settle()).
 * - A writer already running reads the log at the batch's commit and holds
 *   the documents' keys from their signatures, as for the keys of any
 *   other writer (store_bands.c).
 * - A writer that starts takes a SHARE lock on document_bands_recent
 *   before it reads which log rows there are, and the COPY's ROW EXCLUSIVE
 *   lock is taken before the batch logs its documents and held until the
 *   keys commit: the new writer waits for the keys, and finds them in the
 *   table.
 *
 * When the third connection cannot be made, or fails, the keys go by the
 * batch's own connection before its commit, as they did before.
 */
#include "store/store_internal.h"

/*
 * The batch's band keys, in key order (the index's pages taken in turn,
 * not at random), each of a document once: the keys of a document are
 * distinct, and its id new, so no row can conflict. A binary COPY: as an
 * INSERT from two arrays the 880,000 keys of 100 MB of bench text took
 * the server 1.9-2.4 s, as a COPY 1.35-1.6 s (bench/README.md).
 */
static const char bands_copy_sql[] =
	"COPY document_bands_recent (key, document_id) FROM STDIN (FORMAT binary)";

/* The binary COPY format's trailer, after the rows. */
static const unsigned char copy_trailer[2] = { 0xff, 0xff };

/* The batch's documents ?1 noted, and logged as the trigger of db/pg/019
 * logs the documents of a statement that writes keys. */
static const char note_sql[] =
	"WITH n AS (INSERT INTO document_bands_pending (document_id) "
	"SELECT unnest(?1::bigint[])) "
	"INSERT INTO document_bands_log (seq, docs) SELECT nextval('document_bands_writes'), "
	"coalesce(string_agg(int8send(d), ''::bytea ORDER BY d), ''::bytea) "
	"FROM unnest(?1::bigint[]) AS u(d)";

static const char unnote_sql[] =
	"DELETE FROM document_bands_pending WHERE document_id = ANY (?1::bigint[])";

/* Gives the third connection up: the keys go by the batch's own. */
static void keys_drop(struct ct_store *s)
{
	db_close(s->keys_db);
	s->keys_db = NULL;
	s->keys = KEYS_NONE;
	s->keys_off = true;
}

/* The array of documents docs ("12,13"), "{12,13}", into *out. */
static bool docs_array(const struct ct_buf *docs, struct ct_buf *out)
{
	return ct_buf_addc(out, '{') == CT_OK && ct_buf_add(out, docs->p, docs->len) == CT_OK &&
	       ct_buf_addc(out, '}') == CT_OK;
}

/* The notes of the keys' documents deleted, on the keys' connection. */
static bool unnote(struct ct_store *s)
{
	struct ct_buf docs = CT_BUF_INIT(0);
	struct db_stmt *st = NULL;
	bool ok = docs_array(&s->keys_docs, &docs) &&
		  db_prepare(s->keys_db, unnote_sql, false, &st) == DB_OK &&
		  db_bind_text(st, 1, docs.p, (int64_t)docs.len) == DB_OK && db_step(st) == DB_DONE;

	db_finalize(st);
	ct_buf_release(&docs);
	return ok;
}

void ct_store_bands_finish(struct ct_store *s)
{
	if (s->keys != KEYS_DONE)
		return;
	s->keys = KEYS_NONE;
	/* On a failure the notes stay, for `db maintain`. */
	if (db_copy_wait(s->keys_db) != DB_OK || !unnote(s) ||
	    db_exec(s->keys_db, "COMMIT") != DB_OK)
		keys_drop(s);
}

int ct_store_bands_send(struct ct_store *s)
{
	struct ct_buf *b = &s->pend.band_rows;

	if (!b->len || !ct_store_is_pg(s) || !s->url || s->keys_off)
		return CT_OK;
	/* The batch's statements deferred go to the server first, to be
	 * written while the last batch's keys are finished and these sent. */
	if (db_flush(s->db) != DB_OK)
		return ct_store_dbfail(s, NULL);
	ct_store_bands_finish(s);
	if (s->keys_off || s->keys != KEYS_NONE)
		return CT_OK;
	if (!s->keys_db && db_open_pg(s->url, &s->keys_db) != DB_OK) {
		keys_drop(s);
		return CT_OK;
	}
	ct_buf_reset(&s->keys_docs);
	if (ct_buf_add(b, copy_trailer, sizeof copy_trailer) ||
	    ct_buf_add(&s->keys_docs, s->pend.band_docs.p, s->pend.band_docs.len))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	if (db_exec(s->keys_db, "BEGIN") != DB_OK ||
	    db_copy_send(s->keys_db, bands_copy_sql, b->p, b->len) != DB_OK) {
		b->len -= sizeof copy_trailer;
		keys_drop(s);
		return CT_OK;
	}
	ct_buf_reset(b);
	s->keys = KEYS_OPEN;
	return CT_OK;
}

int ct_store_bands_note(struct ct_store *s)
{
	struct ct_buf docs = CT_BUF_INIT(0);
	struct binder b = { NULL, DB_OK };
	int rc;

	if (s->keys != KEYS_OPEN)
		return CT_OK;
	if (!docs_array(&s->keys_docs, &docs)) {
		ct_buf_release(&docs);
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	}
	if ((rc = ct_store_prepare_kept(s, note_sql, &b.st)) == CT_OK) {
		b.rc = db_bind_text(b.st, 1, docs.p, (int64_t)docs.len);
		rc = ct_store_run_deferred(s, &b);
		ct_store_unprepare(s, b.st);
	}
	ct_buf_release(&docs);
	return rc;
}

int ct_store_bands_copy(struct ct_store *s)
{
	struct ct_buf *b = &s->pend.band_rows;
	int rc = CT_OK;

	if (!b->len)
		return CT_OK;
	if (ct_buf_add(b, copy_trailer, sizeof copy_trailer))
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
	else if (db_copy_in(s->db, bands_copy_sql, b->p, b->len) != DB_OK)
		rc = ct_store_dbfail(s, NULL);
	ct_buf_reset(b);
	return rc;
}

void ct_store_bands_conn_end(struct ct_store *s, bool committed)
{
	if (s->keys != KEYS_OPEN)
		return;
	if (committed) {
		s->keys = KEYS_DONE;
		return;
	}
	s->keys = KEYS_NONE;
	db_copy_wait(s->keys_db);
	if (db_exec(s->keys_db, "ROLLBACK") != DB_OK)
		keys_drop(s);
}

void ct_store_bands_conn_close(struct ct_store *s)
{
	ct_store_bands_finish(s);
	ct_store_bands_conn_end(s, false);
	db_close(s->keys_db);
	s->keys_db = NULL;
	ct_buf_release(&s->keys_docs);
}
