/* The reports that were written: where `nightly` left off. */
#include "claimtrack/store.h"
#include "store/store_internal.h"

#include <stdio.h>
#include <string.h>

static void copy_col(char *out, size_t size, struct db_stmt *st, int col)
{
	const char *v = db_column_text(st, col);

	snprintf(out, size, "%s", v ? v : "");
}

int ct_store_last_run(struct ct_store *s, const char *kind, struct ct_store_run *out,
		      bool *found)
{
	struct db_stmt *st = NULL;
	int rc = ct_store_prepare(s, "SELECT id, kind, generated_at, since, until, max_claim, out "
				  "FROM report_runs WHERE kind = ?1 ORDER BY id DESC LIMIT 1", &st);

	if (rc != CT_OK)
		return rc;
	*found = false;
	db_bind_text(st, 1, kind, -1);
	rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = db_column_int64(st, 0);
		copy_col(out->kind, sizeof out->kind, st, 1);
		copy_col(out->generated_at, sizeof out->generated_at, st, 2);
		copy_col(out->since, sizeof out->since, st, 3);
		copy_col(out->until, sizeof out->until, st, 4);
		out->max_claim = db_column_int64(st, 5);
		copy_col(out->out, sizeof out->out, st, 6);
		*found = true;
		rc = CT_OK;
	} else {
		rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, "reading report runs");
	}
	db_finalize(st);
	return rc;
}

int ct_store_record_run(struct ct_store *s, const struct ct_store_run *run)
{
	struct db_stmt *st = NULL;
	int rc = ct_store_prepare(s, "INSERT INTO report_runs (kind, generated_at, since, until, "
				  "max_claim, out) VALUES (?1, ?2, NULLIF(?3, ''), NULLIF(?4, ''), ?5, ?6)",
				  &st);

	if (rc != CT_OK)
		return rc;
	db_bind_text(st, 1, run->kind, -1);
	db_bind_text(st, 2, run->generated_at, -1);
	db_bind_text(st, 3, run->since, -1);
	db_bind_text(st, 4, run->until, -1);
	db_bind_int64(st, 5, run->max_claim);
	db_bind_text(st, 6, run->out, -1);
	rc = db_step(st) == DB_DONE ? CT_OK : ct_store_dbfail(s, "recording the report");
	db_finalize(st);
	return rc;
}

int ct_store_max_claim(struct ct_store *s, const char *before, int64_t *out)
{
	struct db_stmt *st = NULL;
	int rc = ct_store_prepare(s, before ?
		"SELECT COALESCE(MAX(c.id), 0) FROM claims c JOIN documents d ON d.id = c.document_id "
		"WHERE d.ingested_at < ?1" : "SELECT COALESCE(MAX(id), 0) FROM claims", &st);

	if (rc != CT_OK)
		return rc;
	if (before)
		db_bind_text(st, 1, before, -1);
	if (db_step(st) == DB_ROW) {
		*out = db_column_int64(st, 0);
		rc = CT_OK;
	} else {
		rc = ct_store_dbfail(s, "reading claims");
	}
	db_finalize(st);
	return rc;
}
