/* What db.c (SQLite and the dispatch) and db_pg.c (PostgreSQL) share. */
#ifndef CT_STORE_DB_DRIVER_H
#define CT_STORE_DB_DRIVER_H

#include <sqlite3.h>

#include "store/db.h"

struct pg_conn;
struct pg_stmt;

struct db {
	enum db_kind kind;
	sqlite3 *lite;
	struct pg_conn *pg;
};

struct db_stmt {
	struct db *db;
	sqlite3_stmt *lite;
	struct pg_stmt *pg;
};

/* ---- db_pg.c: as the db_ functions of db.h ---- */
int pg_open(const char *conninfo, struct db *db);
/* Whether a server of version `version` (PQserverVersion's number: 150004
 * for 15.4) runs claimtrack's SQL; when not, msg says so. */
bool pg_version_ok(int version, char *msg, size_t n);
void pg_close(struct db *db);
const char *pg_errmsg(struct db *db);
int pg_errcode(struct db *db);
int pg_prepare(struct db *db, const char *sql, bool persistent, struct db_stmt *st);
int pg_exec(struct db *db, const char *sql);
int pg_copy_in(struct db *db, const char *sql, const void *data, size_t len);
int pg_write_lock(struct db *db);
bool pg_autocommit(struct db *db);
int64_t pg_last_insert_id(struct db *db);
int64_t pg_changes(struct db *db);
int pg_bind(struct db_stmt *st, int i, const void *v, int64_t len, bool binary);
int pg_bind_parameter_count(struct db_stmt *st);
int pg_bind_parameter_index(struct db_stmt *st, const char *name);
int pg_step(struct db_stmt *st);
void pg_stream(struct db_stmt *st);
int pg_step_deferred(struct db_stmt *st);
int pg_reset(struct db_stmt *st);
int pg_clear_bindings(struct db_stmt *st);
void pg_finalize(struct db_stmt *st);
int pg_column_count(struct db_stmt *st);
bool pg_column_null(struct db_stmt *st, int i);
const char *pg_column_text(struct db_stmt *st, int i);
const void *pg_column_blob(struct db_stmt *st, int i, int *len);
int pg_column_bytes(struct db_stmt *st, int i);
int pg_column_type(struct db_stmt *st, int i);
const char *pg_column_name(struct db_stmt *st, int i);

#endif
