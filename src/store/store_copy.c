/*
 * Copying a whole record from one store to another, across backends
 * (SQLite to PostgreSQL to move a team onto a server, and back for an
 * offline copy): every table's rows with their ids, read in one snapshot
 * of the source and written in one transaction on the target, so that a
 * failure leaves the target as it was. PostgreSQL's identity sequences
 * are then moved past the ids copied, so that the next row written there
 * gets a new one.
 */
#include "claimtrack/store.h"
#include "store/store_internal.h"
#include "claimtrack/similar.h"

#include <stdio.h>
#include <string.h>

/*
 * Every table of the schema, parents before the rows that refer to them
 * (and deleted in the opposite order). A table the source holds and this
 * list does not is an error, not a table left behind: a migration that
 * adds one adds it here.
 */
static const char *const tables[] = {
	"outlets", "outlet_aliases", "speakers", "speaker_aliases", "propositions",
	"rule_sets", "rule_set_propositions", "documents", "document_texts",
	"document_signatures", "document_bands", "document_bands_recent", "document_bands_pending",
	"copy_fill", "claims",
	"retired_claims", "reviews", "fetches", "report_runs",
};
#define N_TABLES (sizeof tables / sizeof *tables)

/* The tables of the store's schema, but the engine's and the version's. */
static const char lite_tables_sql[] =
	"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
static const char pg_tables_sql[] =
	"SELECT tablename::text FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
	"AND tablename <> 'claimtrack_schema'";

/*
 * The sentence index (db/010) and, on SQLite, FTS5's tables behind it: not
 * copied, since each engine indexes in its own way; the target's is built
 * again from the texts copied. Nor the log of band-key writes (db/019):
 * the target logs the keys copied into it.
 */
static bool is_index_table(const char *name)
{
	return name && ((!strncmp(name, "sentence_index", 14) && (!name[14] || name[14] == '_')) ||
			!strcmp(name, "document_bands_log"));
}

static int known_tables(struct ct_store *s, const char *which)
{
	struct db_stmt *st;
	int rc;

	if ((rc = ct_store_prepare(s, CT_SQL(s, lite_tables_sql, pg_tables_sql), &st)) != CT_OK)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *name = db_column_text(st, 0);
		size_t i = 0;
		while (i < N_TABLES && strcmp(tables[i], name ? name : "") != 0)
			i++;
		if (i == N_TABLES && !is_index_table(name)) {
			rc = ct_store_fail(s, CT_ESCHEMA, "the %s holds a table 'db copy' does not know "
					   "(%s); copy with the claimtrack that made it", which,
					   name ? name : "");
			db_finalize(st);
			return rc;
		}
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
	return rc;
}

/* The rows of table t; -1 after recording an error on s. */
static int64_t count_rows(struct ct_store *s, const char *t)
{
	char sql[96];
	struct db_stmt *st;
	int64_t n = -1;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", t);
	if (ct_store_prepare(s, sql, &st) != CT_OK)
		return -1;
	if (db_step(st) == DB_ROW)
		n = db_column_int64(st, 0);
	else
		ct_store_dbfail(s, NULL);
	db_finalize(st);
	return n;
}

/* Binds column i of the source's row to parameter at + i + 1 of the insert. */
static int bind_column(struct db_stmt *row, struct db_stmt *ins, int i, int at)
{
	switch (db_column_type(row, i)) {
	case DB_NULL:
		return db_bind_null(ins, at + i + 1);
	case DB_INTEGER:
		return db_bind_int64(ins, at + i + 1, db_column_int64(row, i));
	case DB_BLOB: {
		const void *v = db_column_blob(row, i);
		return db_bind_blob(ins, at + i + 1, v ? v : "", (size_t)db_column_bytes(row, i));
	}
	default:        /* text, and a float as its text */
		return db_bind_text(ins, at + i + 1, db_column_text(row, i), db_column_bytes(row, i));
	}
}

/* The INSERT of k rows of the source's columns into table t. */
static int insert_sql(struct ct_buf *sql, const char *t, struct db_stmt *row, int n_cols, int k)
{
	ct_buf_reset(sql);
	if (ct_buf_addf(sql, "INSERT INTO %s (", t))
		return CT_ENOMEM;
	for (int i = 0; i < n_cols; i++)
		if (ct_buf_addf(sql, "%s%s", i ? ", " : "", db_column_name(row, i)))
			return CT_ENOMEM;
	if (ct_buf_adds(sql, ") VALUES "))
		return CT_ENOMEM;
	for (int r = 0; r < k; r++)
		for (int i = 0; i < n_cols; i++)
			if (ct_buf_addf(sql, "%s?%d%s", i ? ", " : r ? ", (" : "(", r * n_cols + i + 1,
					i == n_cols - 1 ? ")" : ""))
				return CT_ENOMEM;
	return CT_OK;
}

/*
 * Copies table t's rows from `from` to `to`; *n counts them. Into
 * PostgreSQL they go many rows to an INSERT (a round trip each; its
 * driver copies what is bound), into SQLite one by one (no round trips;
 * its driver binds the source's bytes, which the next row replaces).
 */
static int copy_table(struct ct_store *from, struct ct_store *to, const char *t, int64_t *n)
{
	struct ct_buf sql = CT_BUF_INIT(0);
	struct db_stmt *row = NULL, *ins = NULL, *rest = NULL, *cur;
	int64_t total = count_rows(from, t);
	char select[96];
	int rc, n_cols, per, fill = 0, want;

	*n = 0;
	if (total < 0)
		return CT_EDB;
	snprintf(select, sizeof select, "SELECT * FROM %s", t);
	if ((rc = ct_store_prepare(from, select, &row)) != CT_OK)
		return rc;
	rc = db_step(row);
	if (rc == DB_DONE) {
		rc = CT_OK;
		goto out;
	}
	if (rc != DB_ROW) {
		rc = ct_store_dbfail(from, t);
		goto out;
	}
	/* The columns by name: the two engines may order them differently. */
	n_cols = db_column_count(row);
	per = ct_store_is_pg(to) ? 30000 / (n_cols ? n_cols : 1) : 1;
	if (per > 256)
		per = 256;
	if (per < 1)
		per = 1;
	if (per > total)
		per = (int)total;
	if (insert_sql(&sql, t, row, n_cols, per) != CT_OK)
		goto nomem;
	if (db_prepare(to->db, sql.p, true, &ins) != DB_OK) {
		rc = ct_store_dbfail(to, t);
		goto out;
	}
	cur = ins;
	want = per;
	do {
		/* The last rows (fewer than per) go by an INSERT of their own. */
		if (fill == 0 && total - *n < per) {
			if (insert_sql(&sql, t, row, n_cols, (int)(total - *n)) != CT_OK)
				goto nomem;
			if (db_prepare(to->db, sql.p, false, &rest) != DB_OK) {
				rc = ct_store_dbfail(to, t);
				goto out;
			}
			cur = rest;
			want = (int)(total - *n);
		}
		for (int i = 0; i < n_cols; i++)
			if (bind_column(row, cur, i, fill * n_cols) != DB_OK) {
				rc = ct_store_dbfail(to, t);
				goto out;
			}
		(*n)++;
		if (++fill == want) {
			if (db_step(cur) != DB_DONE) {
				rc = ct_store_dbfail(to, t);
				goto out;
			}
			db_reset(cur);
			fill = 0;
		}
	} while (*n < total && (rc = db_step(row)) == DB_ROW);
	if (*n < total)
		rc = rc == DB_DONE ? ct_store_fail(from, CT_EDB, "%s: fewer rows than counted", t)
				   : ct_store_dbfail(from, t);
	else
		rc = CT_OK;
	goto out;
nomem:
	rc = ct_store_fail(to, CT_ENOMEM, "out of memory");
out:
	db_finalize(row);
	db_finalize(ins);
	db_finalize(rest);
	ct_buf_release(&sql);
	return rc;
}

/*
 * Moves each identity column's sequence past the highest id copied, so
 * that the next row inserted without an id gets a new one. The list comes
 * from the catalog: every identity column of the schema.
 */
static int reset_sequences(struct ct_store *s)
{
	static const char sql[] =
		"SELECT format('SELECT setval(pg_get_serial_sequence(%L, %L), "
		"coalesce(max(%I), 0) + 1, false) FROM %I', table_name, column_name, "
		"column_name, table_name) FROM information_schema.columns "
		"WHERE table_schema = current_schema() AND is_identity = 'YES'";
	struct db_stmt *st, *one;
	int rc, step;

	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	while ((step = db_step(st)) == DB_ROW && rc == CT_OK) {
		if ((rc = ct_store_prepare(s, db_column_text(st, 0), &one)) != CT_OK)
			break;
		rc = db_step(one) == DB_ROW ? CT_OK : ct_store_dbfail(s, "resetting a sequence");
		db_finalize(one);
	}
	if (rc == CT_OK && step != DB_DONE)
		rc = ct_store_dbfail(s, NULL);
	db_finalize(st);
	return rc;
}

/*
 * PostgreSQL plans with each table's statistics, which a copy leaves as
 * they were for the empty tables until autovacuum comes by: the first
 * commands on the copy would plan for empty tables. The copy is made
 * (committed) when this runs, so a failure here is not the copy's: the
 * statistics then come with autovacuum, as for any write.
 */
static void analyze(struct ct_store *s)
{
	struct ct_buf sql = CT_BUF_INIT(0);
	int rc = ct_buf_adds(&sql, "ANALYZE ");

	/* And the sentence index, which the copy built anew. */
	for (size_t i = 0; rc == CT_OK && i < N_TABLES; i++)
		rc = ct_buf_addf(&sql, "%s, ", tables[i]);
	if (rc == CT_OK && (rc = ct_buf_adds(&sql, "sentence_index")) == CT_OK)
		db_exec(s->db, sql.p);
	ct_buf_release(&sql);
}

/* Opens the source's snapshot: every table read as of one moment. */
static int begin_snapshot(struct ct_store *s)
{
	if (db_exec(s->db, CT_SQL(s, "BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")) !=
	    DB_OK)
		return ct_store_dbfail(s, NULL);
	return CT_OK;
}

int ct_store_copy(struct ct_store *from, struct ct_store *to, bool replace,
		  struct ct_store_copied *out)
{
	struct ct_store_copied c = { 0 };
	char msg[sizeof to->errmsg + sizeof "reading the source: "];
	bool snapshot = false;
	int rc;

	if (!from || !to || !out)
		return CT_EINVAL;
	from->errmsg[0] = to->errmsg[0] = '\0';
	if ((rc = ct_store_check_writable(to)) != CT_OK)
		return rc;
	if (from->version_now != ct_store_schema_version())
		return ct_store_fail(from, CT_EOLDSCHEMA, "the source has schema %d, this binary's "
				     "is %d; a writing command (ingest) upgrades it",
				     from->version_now, ct_store_schema_version());
	if ((rc = known_tables(from, "source")) != CT_OK || (rc = known_tables(to, "target")) != CT_OK)
		return rc;
	if ((rc = begin_snapshot(from)) != CT_OK)
		return rc;
	snapshot = true;
	if ((rc = ct_store_begin(to)) != CT_OK)
		goto out;
	/* Inside the target's transaction: nobody writes between the look and the copy. */
	for (size_t i = 0; i < N_TABLES; i++) {
		int64_t n = count_rows(to, tables[i]);
		if (n < 0) {
			rc = CT_EDB;
			goto out;
		}
		c.replaced += (size_t)n;
		if (n && !strcmp(tables[i], "documents"))
			c.replaced_documents = (size_t)n;
	}
	if (c.replaced && !replace) {
		rc = ct_store_fail(to, CT_EINVAL, "the target is not empty (%zu documents, %zu rows "
				   "in all)", c.replaced_documents, c.replaced);
		goto out;
	}
	for (size_t i = N_TABLES; c.replaced && i-- > 0;) {
		char sql[64];
		snprintf(sql, sizeof sql, "DELETE FROM %s", tables[i]);
		if (db_exec(to->db, sql) != DB_OK) {
			rc = ct_store_dbfail(to, tables[i]);
			goto out;
		}
	}
	for (size_t i = 0; i < N_TABLES; i++) {
		int64_t n;
		if ((rc = copy_table(from, to, tables[i], &n)) != CT_OK)
			goto out;
		c.rows += (size_t)n;
		if (!strcmp(tables[i], "documents"))
			c.documents = (size_t)n;
		else if (!strcmp(tables[i], "claims"))
			c.claims = (size_t)n;
	}
	if (ct_store_is_pg(to) && (rc = reset_sequences(to)) != CT_OK)
		goto out;
	/* PostgreSQL's look-up for copies reads band keys only from their
	 * tables: those of the documents SQLite noted go there (store_bands.c). */
	if (ct_store_is_pg(to) && (rc = ct_store_bands_settle(to)) != CT_OK)
		goto out;
	if ((rc = ct_store_reindex_sentences(to, NULL)) != CT_OK)
		goto out;
	if ((rc = ct_store_commit(to)) == CT_OK && ct_store_is_pg(to))
		analyze(to);
out:
	/* The store that failed holds the message; the caller reads `to`'s. */
	if (rc != CT_OK && !to->errmsg[0])
		snprintf(msg, sizeof msg, "reading the source: %s", from->errmsg);
	else
		snprintf(msg, sizeof msg, "%s", to->errmsg);
	if (rc != CT_OK && !db_autocommit(to->db))
		ct_store_rollback(to);
	if (snapshot && !db_autocommit(from->db))
		db_exec(from->db, "ROLLBACK");
	snprintf(to->errmsg, sizeof to->errmsg, "%.*s", (int)sizeof to->errmsg - 1, msg);
	if (rc == CT_OK)
		*out = c;
	return rc;
}
