/* What was fetched from each URL: validators for conditional requests, the
 * last status and error, and the document stored from it (db/004_fetches.sql). */
#include "claimtrack/store.h"
#include "store/store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ct_store_fetch_release(struct ct_store_fetch *f)
{
	if (!f)
		return;
	free(f->url);
	free(f->final_url);
	free(f->etag);
	free(f->last_modified);
	free(f->error);
	memset(f, 0, sizeof *f);
}

/* A malloc'd copy of a nullable column; *nomem is set when the copy failed. */
static char *col_dup(struct db_stmt *st, int col, bool *nomem)
{
	const char *v = db_column_text(st, col);
	char *d;

	if (!v)
		return NULL;
	if (!(d = strdup(v)))
		*nomem = true;
	return d;
}

int ct_store_get_fetch(struct ct_store *s, const char *url, struct ct_store_fetch *out,
		       bool *found)
{
	struct db_stmt *st = NULL;
	struct ct_store_fetch f;
	bool nomem = false;
	int rc;

	if (!url || !out || !found)
		return CT_EINVAL;
	if ((rc = ct_store_prepare(s, "SELECT url, final_url, etag, last_modified, status, error, "
				   "document_id, fetched_at FROM fetches WHERE url = ?1", &st)) != CT_OK)
		return rc;
	db_bind_text(st, 1, url, -1);
	rc = db_step(st);
	if (rc == DB_DONE) {
		*found = false;
		rc = CT_OK;
		goto out;
	}
	if (rc != DB_ROW) {
		rc = ct_store_dbfail(s, "reading fetches");
		goto out;
	}
	memset(&f, 0, sizeof f);
	f.url = col_dup(st, 0, &nomem);
	f.final_url = col_dup(st, 1, &nomem);
	f.etag = col_dup(st, 2, &nomem);
	f.last_modified = col_dup(st, 3, &nomem);
	f.status = (long)db_column_int64(st, 4);
	f.error = col_dup(st, 5, &nomem);
	f.document_id = db_column_int64(st, 6);
	snprintf(f.fetched_at, sizeof f.fetched_at, "%s",
		 db_column_text(st, 7) ? db_column_text(st, 7) : "");
	if (nomem) {
		ct_store_fetch_release(&f);
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		goto out;
	}
	*out = f;
	*found = true;
	rc = CT_OK;
out:
	db_finalize(st);
	return rc;
}

int ct_store_record_fetch(struct ct_store *s, const struct ct_store_fetch *f)
{
	struct db_stmt *st = NULL;
	int rc;

	if (!f || !f->url)
		return CT_EINVAL;
#define UPSERT_FETCH(now, table) \
		"INSERT INTO fetches (url, final_url, etag, last_modified, status, error, " \
		"document_id, fetched_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULLIF(?7, 0), " \
		now ") " \
		"ON CONFLICT (url) DO UPDATE SET final_url = excluded.final_url, " \
		"etag = excluded.etag, last_modified = excluded.last_modified, " \
		"status = excluded.status, error = excluded.error, " \
		"document_id = coalesce(excluded.document_id, " table "document_id), " \
		"fetched_at = excluded.fetched_at"
	if ((rc = ct_store_prepare(s, CT_SQL(s, UPSERT_FETCH(CT_SQL_NOW_LITE, ""),
					     UPSERT_FETCH(CT_SQL_NOW_PG, "fetches.")), &st)) != CT_OK)
		return rc;
	db_bind_text(st, 1, f->url, -1);
	db_bind_text(st, 2, f->final_url, -1);
	db_bind_text(st, 3, f->etag, -1);
	db_bind_text(st, 4, f->last_modified, -1);
	db_bind_int64(st, 5, f->status);
	db_bind_text(st, 6, f->error, -1);
	db_bind_int64(st, 7, f->document_id);
	rc = db_step(st) == DB_DONE ? CT_OK : ct_store_dbfail(s, "recording a fetch");
	db_finalize(st);
	return rc;
}

int ct_store_url_document(struct ct_store *s, const char *url, int64_t *id)
{
	struct db_stmt *st = NULL;
	int rc;

	if (!url || !id)
		return CT_EINVAL;
	if ((rc = ct_store_prepare(s,
		"SELECT d.id FROM fetches f JOIN documents d ON d.id = f.document_id WHERE f.url = ?1 "
		"UNION ALL SELECT id FROM documents WHERE url = ?1 LIMIT 1", &st)) != CT_OK)
		return rc;
	db_bind_text(st, 1, url, -1);
	rc = db_step(st);
	if (rc == DB_ROW || rc == DB_DONE) {
		*id = rc == DB_ROW ? db_column_int64(st, 0) : 0;
		rc = CT_OK;
	} else {
		rc = ct_store_dbfail(s, "reading documents");
	}
	db_finalize(st);
	return rc;
}
