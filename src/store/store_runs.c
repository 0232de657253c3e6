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

/* The advisory lock key of `nightly` (the store's others: db_pg.c, store.c). */
#define PG_NIGHTLY_LOCK "1131174989"

int ct_store_lock_nightly(struct ct_store *s, bool *held, char *who, size_t who_size)
{
	static const char holder_sql[] =
		"SELECT a.pid, coalesce(host(a.client_addr), 'this host''s socket'), "
		"to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
		"FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
		"WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 "
		"AND l.objid = " PG_NIGHTLY_LOCK " AND l.objsubid = 1 AND l.database = "
		"(SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())";
	struct db_stmt *st = NULL;
	int rc;

	if (!s || !held)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	*held = true;
	if (who && who_size)
		who[0] = '\0';
	if (!ct_store_is_pg(s))
		return CT_OK;
	/* A session's lock: it holds until the connection closes, however the
	 * process ends, and the server frees it when the connection drops. */
	if ((rc = ct_store_prepare(s, "SELECT pg_try_advisory_lock(" PG_NIGHTLY_LOCK ")",
				   &st)) != CT_OK)
		return rc;
	if (db_step(st) != DB_ROW) {
		rc = ct_store_dbfail(s, "taking the nightly lock");
		db_finalize(st);
		return rc;
	}
	*held = db_column_int(st, 0) != 0;
	db_finalize(st);
	if (*held || !who || !who_size)
		return CT_OK;
	/* Who holds it, for the message; it may have let go since. */
	if (ct_store_prepare(s, holder_sql, &st) == CT_OK && db_step(st) == DB_ROW)
		snprintf(who, who_size, "server process %lld, connected from %s since %s",
			 (long long)db_column_int64(st, 0), db_column_text(st, 1),
			 db_column_text(st, 2));
	db_finalize(st);
	s->errmsg[0] = '\0';
	return CT_OK;
}
