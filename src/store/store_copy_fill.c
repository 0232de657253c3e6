/*
 * The fingerprints of the documents stored before schema 12, made from
 * their stored texts (db/012_copies.sql's copy_fill says which are left)
 * at a writer's open, in the order they were stored: linked as if they
 * were ingested again in that order.
 */
#include "store/store_internal.h"
#include "claimtrack/store.h"
#include "claimtrack/text.h"

#include <stdlib.h>
#include <string.h>

/* Texts fingerprinted per transaction: an interrupted fill keeps what it did. */
#define FILL_CHUNK 256

struct fill_item {
	int64_t id;
	struct ct_fingerprint fp;
};

static const char fill_state_sql[] = "SELECT next_id, last_id FROM copy_fill";

/* Fingerprints the next chunk of texts left, in its own transaction;
 * *done when none are left. */
static int fill_chunk(struct ct_store *s, bool *done)
{
	struct fill_item *items = NULL;
	struct db_stmt *st = NULL;
	int64_t next = 0, last = 0;
	size_t n = 0, rows = 0;
	int rc, step = DB_DONE;

	*done = false;
	if ((rc = ct_store_run_plain(s, ST_BEGIN)) != CT_OK)
		return rc;
	if ((rc = ct_store_prepare(s, CT_SQL(s, fill_state_sql, "SELECT next_id, last_id "
					     "FROM copy_fill FOR UPDATE"), &st)) != CT_OK)
		goto out;
	step = db_step(st);
	if (step == DB_ROW) {
		next = db_column_int64(st, 0);
		last = db_column_int64(st, 1);
	} else if (step != DB_DONE) {
		rc = ct_store_dbfail(s, NULL);
	}
	db_finalize(st);
	st = NULL;
	if (rc != CT_OK || step == DB_DONE) {
		*done = rc == CT_OK;
		goto out;
	}
	if (!(items = malloc(FILL_CHUNK * sizeof *items))) {
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = ct_store_prepare(s, "SELECT document_id, codec, body, body_len FROM "
				   "document_texts t WHERE document_id >= ?1 AND document_id <= ?2 "
				   "AND NOT EXISTS (SELECT 1 FROM document_signatures g "
				   "WHERE g.document_id = t.document_id) "
				   "ORDER BY document_id LIMIT ?3", &st)) != CT_OK)
		goto out;
	if (db_bind_int64(st, 1, next) != DB_OK || db_bind_int64(st, 2, last) != DB_OK ||
	    db_bind_int64(st, 3, FILL_CHUNK) != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
		goto out;
	}
	while (rows < FILL_CHUNK && (step = db_step(st)) == DB_ROW) {
		const char *codec = db_column_text(st, 1);
		char *body = NULL;

		rows++;
		items[n].id = db_column_int64(st, 0);
		/* A text this claimtrack cannot read: `db check` reports it. */
		if (!codec || strcmp(codec, "zstd") != 0 ||
		    ct_store_unpack_text(s, items[n].id, db_column_blob(st, 2),
					 (size_t)db_column_bytes(st, 2),
					 (size_t)db_column_int64(st, 3), &body) != CT_OK) {
			s->errmsg[0] = '\0';
			next = items[n].id + 1;
			continue;
		}
		ct_fingerprint_compute(body, (size_t)db_column_int64(st, 3), &items[n].fp);
		free(body);
		next = items[n].id + 1;
		n++;
	}
	if (rows < FILL_CHUNK && step != DB_DONE) {
		rc = ct_store_dbfail(s, NULL);
		goto out;
	}
	if (rows < FILL_CHUNK)
		next = last + 1;
	db_finalize(st);
	st = NULL;
	for (size_t i = 0; i < n && rc == CT_OK; i++)
		rc = ct_store_copies_add(s, items[i].id, NULL, &items[i].fp, NULL);
	if (rc != CT_OK)
		goto out;
	if ((rc = ct_store_prepare(s, next > last ? "DELETE FROM copy_fill"
				   : "UPDATE copy_fill SET next_id = ?1", &st)) != CT_OK)
		goto out;
	if ((next <= last && db_bind_int64(st, 1, next) != DB_OK) || db_step(st) != DB_DONE)
		rc = ct_store_dbfail(s, NULL);
out:
	db_finalize(st);
	free(items);
	return ct_store_txn_end(s, rc);
}

int ct_store_copies_fill(struct ct_store *s)
{
	bool done = false;
	int rc = CT_OK;

	struct db_stmt *st;
	int step;

	if (s->readonly)
		return CT_OK;
	/* Without a transaction at each open when none are left. */
	if ((rc = ct_store_prepare(s, fill_state_sql, &st)) != CT_OK)
		return rc;
	step = db_step(st);
	db_finalize(st);
	if (step == DB_DONE)
		return CT_OK;
	if (step != DB_ROW)
		return ct_store_dbfail(s, NULL);
	while (rc == CT_OK && !done)
		rc = fill_chunk(s, &done);
	return rc;
}
