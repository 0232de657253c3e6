/*
 * The driver's dispatch (db.h), and its SQLite half: each call goes to
 * SQLite's own function, or to db_pg.c for a PostgreSQL connection.
 */
#include "store/db_driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int db_open_sqlite(const char *path, int flags, struct db **out)
{
	struct db *db = calloc(1, sizeof *db);
	int rc;

	*out = db;
	if (!db)
		return DB_NOMEM;
	db->kind = DB_SQLITE;
	rc = sqlite3_open_v2(path, &db->lite, flags, NULL);
	if (!db->lite) {
		free(db);
		*out = NULL;
		return DB_NOMEM;
	}
	return rc;
}

int db_open_pg(const char *conninfo, struct db **out)
{
	struct db *db = calloc(1, sizeof *db);

	*out = db;
	if (!db)
		return DB_NOMEM;
	db->kind = DB_PG;
	return pg_open(conninfo, db);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->kind == DB_PG)
		pg_close(db);
	else
		sqlite3_close(db->lite);
	free(db);
}

enum db_kind db_kind(const struct db *db)
{
	return db->kind;
}

struct sqlite3 *db_sqlite(struct db *db)
{
	return db->lite;
}

const char *db_errmsg(struct db *db)
{
	return db->kind == DB_PG ? pg_errmsg(db) : sqlite3_errmsg(db->lite);
}

int db_errcode(struct db *db)
{
	return db->kind == DB_PG ? pg_errcode(db) : sqlite3_extended_errcode(db->lite);
}

int db_system_errno(struct db *db)
{
	return db->kind == DB_PG ? 0 : sqlite3_system_errno(db->lite);
}

int db_prepare(struct db *db, const char *sql, bool persistent, struct db_stmt **out)
{
	struct db_stmt *st = calloc(1, sizeof *st);
	int rc;

	*out = NULL;
	if (!st)
		return DB_NOMEM;
	st->db = db;
	if (db->kind == DB_PG)
		rc = pg_prepare(db, sql, persistent, st);
	else
		rc = sqlite3_prepare_v3(db->lite, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0,
					&st->lite, NULL);
	if (rc != DB_OK || (!st->lite && !st->pg)) {
		db_finalize(st);
		return rc != DB_OK ? rc : DB_MISUSE;
	}
	*out = st;
	return DB_OK;
}

int db_exec(struct db *db, const char *sql)
{
	return db->kind == DB_PG ? pg_exec(db, sql) : sqlite3_exec(db->lite, sql, NULL, NULL, NULL);
}

int db_copy_in(struct db *db, const char *sql, const void *data, size_t len)
{
	return db->kind == DB_PG ? pg_copy_in(db, sql, data, len) : DB_MISUSE;
}

int db_write_lock(struct db *db)
{
	return db->kind == DB_PG ? pg_write_lock(db) : DB_OK;
}

bool db_autocommit(struct db *db)
{
	return db->kind == DB_PG ? pg_autocommit(db) : sqlite3_get_autocommit(db->lite) != 0;
}

int64_t db_last_insert_id(struct db *db)
{
	return db->kind == DB_PG ? pg_last_insert_id(db) : sqlite3_last_insert_rowid(db->lite);
}

int64_t db_changes(struct db *db)
{
	return db->kind == DB_PG ? pg_changes(db) : sqlite3_changes(db->lite);
}

/* ---- binding ---- */

int db_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	char num[24];
	int n;

	if (st->lite)
		return sqlite3_bind_int64(st->lite, i, (sqlite3_int64)v);
	n = snprintf(num, sizeof num, "%lld", (long long)v);
	return pg_bind(st, i, num, n, false);
}

int db_bind_int(struct db_stmt *st, int i, int v)
{
	return db_bind_int64(st, i, v);
}

int db_bind_null(struct db_stmt *st, int i)
{
	return st->lite ? sqlite3_bind_null(st->lite, i) : pg_bind(st, i, NULL, 0, false);
}

int db_bind_text(struct db_stmt *st, int i, const char *v, int64_t len)
{
	if (!st->lite)
		return pg_bind(st, i, v, len < 0 && v ? (int64_t)strlen(v) : len, false);
	return len < 0 ? sqlite3_bind_text(st->lite, i, v, -1, SQLITE_STATIC)
		       : sqlite3_bind_text64(st->lite, i, v, (sqlite3_uint64)len, SQLITE_STATIC,
					     SQLITE_UTF8);
}

int db_bind_text_copy(struct db_stmt *st, int i, const char *v, int64_t len)
{
	if (!st->lite)
		return db_bind_text(st, i, v, len);   /* pg_bind() copies */
	return sqlite3_bind_text64(st->lite, i, v, len < 0 && v ? strlen(v) : (sqlite3_uint64)len,
				   SQLITE_TRANSIENT, SQLITE_UTF8);
}

int db_bind_blob(struct db_stmt *st, int i, const void *v, size_t len)
{
	if (!st->lite)
		return pg_bind(st, i, v ? v : "", (int64_t)len, true);
	return sqlite3_bind_blob64(st->lite, i, v, len, SQLITE_STATIC);
}

int db_bind_parameter_count(struct db_stmt *st)
{
	return st->lite ? sqlite3_bind_parameter_count(st->lite) : pg_bind_parameter_count(st);
}

int db_bind_parameter_index(struct db_stmt *st, const char *name)
{
	return st->lite ? sqlite3_bind_parameter_index(st->lite, name)
			: pg_bind_parameter_index(st, name);
}

/* ---- running ---- */

int db_step(struct db_stmt *st)
{
	return st->lite ? sqlite3_step(st->lite) : pg_step(st);
}

void db_stream(struct db_stmt *st)
{
	if (st->pg)
		pg_stream(st);
}

int db_step_deferred(struct db_stmt *st)
{
	return st->lite ? sqlite3_step(st->lite) : pg_step_deferred(st);
}

int db_reset(struct db_stmt *st)
{
	return st->lite ? sqlite3_reset(st->lite) : pg_reset(st);
}

int db_clear_bindings(struct db_stmt *st)
{
	return st->lite ? sqlite3_clear_bindings(st->lite) : pg_clear_bindings(st);
}

int db_finalize(struct db_stmt *st)
{
	int rc = DB_OK;

	if (!st)
		return DB_OK;
	if (st->lite)
		rc = sqlite3_finalize(st->lite);
	else if (st->pg)
		pg_finalize(st);
	free(st);
	return rc;
}

/* ---- columns ---- */

int db_column_count(struct db_stmt *st)
{
	return st->lite ? sqlite3_column_count(st->lite) : pg_column_count(st);
}

int db_column_type(struct db_stmt *st, int i)
{
	return st->lite ? sqlite3_column_type(st->lite, i) : pg_column_type(st, i);
}

int64_t db_column_int64(struct db_stmt *st, int i)
{
	const char *v;

	if (st->lite)
		return sqlite3_column_int64(st->lite, i);
	v = pg_column_text(st, i);
	if (!v)
		return 0;
	/* Booleans come as 't' and 'f'; SQLite's are 1 and 0. */
	if (v[0] == 't' && !v[1])
		return 1;
	return strtoll(v, NULL, 10);
}

int db_column_int(struct db_stmt *st, int i)
{
	return (int)db_column_int64(st, i);
}

double db_column_double(struct db_stmt *st, int i)
{
	const char *v;

	if (st->lite)
		return sqlite3_column_double(st->lite, i);
	v = pg_column_text(st, i);
	return v ? strtod(v, NULL) : 0.0;
}

const char *db_column_text(struct db_stmt *st, int i)
{
	return st->lite ? (const char *)sqlite3_column_text(st->lite, i) : pg_column_text(st, i);
}

const void *db_column_blob(struct db_stmt *st, int i)
{
	return st->lite ? sqlite3_column_blob(st->lite, i) : pg_column_blob(st, i, NULL);
}

int db_column_bytes(struct db_stmt *st, int i)
{
	return st->lite ? sqlite3_column_bytes(st->lite, i) : pg_column_bytes(st, i);
}

const char *db_column_name(struct db_stmt *st, int i)
{
	return st->lite ? sqlite3_column_name(st->lite, i) : pg_column_name(st, i);
}
