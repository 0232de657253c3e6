/*
 * The store's database driver: one small statement API over SQLite
 * (db_sqlite.c) and PostgreSQL through libpq (db_pg.c), so that the SQL
 * of the store is written once, with SQLite's placeholders (?, ?N,
 * :name), and run on either.
 *
 * The shape is SQLite's: prepare, bind, step to a row or to the end, read
 * the row's columns, reset, finalize; result codes are SQLite's numbers
 * (DB_ROW is SQLITE_ROW and so on), so that a failure's code means the
 * same on both. A connection is used by one thread at a time.
 *
 * On PostgreSQL the driver rewrites the placeholders to $N, runs a
 * statement kept for the connection's life as a server-side prepared
 * statement and a one-off one with PQexecParams, sends blobs as binary
 * bytea, and reads results as text (booleans read as integers are 1 or
 * 0, as SQLite gives them). A statement's rows are fetched whole when it
 * is first stepped, so that other statements can run on the connection
 * between its rows, as they can on SQLite; a scan marked with db_stream()
 * reads them as they come instead.
 */
#ifndef CT_STORE_DB_H
#define CT_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Result codes: SQLite's numbers. */
enum {
	DB_OK = 0,
	DB_ERROR = 1,
	DB_BUSY = 5,
	DB_NOMEM = 7,
	DB_READONLY = 8,
	DB_IOERR = 10,
	DB_CORRUPT = 11,
	DB_FULL = 13,
	DB_CANTOPEN = 14,
	DB_CONSTRAINT = 19,
	DB_MISUSE = 21,
	DB_RANGE = 25,
	DB_ROW = 100,
	DB_DONE = 101,
};

/* Column types (db_column_type), SQLite's numbers. */
enum { DB_INTEGER = 1, DB_FLOAT = 2, DB_TEXT = 3, DB_BLOB = 4, DB_NULL = 5 };

enum db_kind { DB_SQLITE, DB_PG };

struct db;
struct db_stmt;
struct sqlite3;

/*
 * Opens a SQLite database (sqlite3_open_v2 with flags). *out is set even
 * on failure, when the handle holds the reason (db_errmsg), unless out of
 * memory (NULL). Close it with db_close() either way.
 */
int db_open_sqlite(const char *path, int flags, struct db **out);

/*
 * Connects to PostgreSQL: conninfo is a postgresql:// URL or key=value
 * string, passed to libpq as it is (so sslmode, PGPASSFILE and the PG*
 * variables work as in psql). *out as for db_open_sqlite(); libpq is
 * loaded on first use.
 */
int db_open_pg(const char *conninfo, struct db **out);

/* Closes the connection and finalizes statements left; accepts NULL. */
void db_close(struct db *db);

enum db_kind db_kind(const struct db *db);

/* The SQLite connection; NULL on PostgreSQL. */
struct sqlite3 *db_sqlite(struct db *db);

/* The message, code and system errno of the connection's last failure. */
const char *db_errmsg(struct db *db);
int db_errcode(struct db *db);
int db_system_errno(struct db *db);

/* Prepares one statement; `persistent` when it will be run many times. */
int db_prepare(struct db *db, const char *sql, bool persistent, struct db_stmt **out);

/* Runs SQL, several statements separated by ';', without results. */
int db_exec(struct db *db, const char *sql);

/*
 * PostgreSQL: runs sql, a COPY … FROM STDIN, with data (len bytes, in the
 * format the statement names) as its input, after the statements
 * deferred before it. SQLite has no COPY: DB_MISUSE.
 */
int db_copy_in(struct db *db, const char *sql, const void *data, size_t len);

/*
 * Inside a transaction opened with a plain BEGIN: takes the write lock
 * that BEGIN IMMEDIATE takes at the start, until the transaction ends. On
 * PostgreSQL claimtrack's advisory lock (db_pg.c), which every writer
 * that creates shared rows (speakers, outlets, rules) holds; on SQLite
 * nothing (a plain BEGIN is never used for writing there).
 */
int db_write_lock(struct db *db);

/* Whether no transaction is open. */
bool db_autocommit(struct db *db);

/* The id the last INSERT of the connection gave its row (a rowid; on
 * PostgreSQL the last value a sequence gave, lastval()). */
int64_t db_last_insert_id(struct db *db);

/* The rows the last INSERT, UPDATE or DELETE changed. */
int64_t db_changes(struct db *db);

/*
 * Binding, 1-based as in SQLite. Text and blobs are not copied: they must
 * outlive the next db_step() (SQLITE_STATIC); db_bind_text_copy() copies.
 * len -1 is up to the NUL.
 */
int db_bind_int64(struct db_stmt *st, int i, int64_t v);
int db_bind_int(struct db_stmt *st, int i, int v);
int db_bind_null(struct db_stmt *st, int i);
int db_bind_text(struct db_stmt *st, int i, const char *v, int64_t len);
int db_bind_text_copy(struct db_stmt *st, int i, const char *v, int64_t len);
int db_bind_blob(struct db_stmt *st, int i, const void *v, size_t len);
int db_bind_parameter_count(struct db_stmt *st);
/* The index of a named parameter (":name"); 0 when there is none. */
int db_bind_parameter_index(struct db_stmt *st, const char *name);

/*
 * Marks a prepared statement that reads many rows (a scan), before its
 * first step: on PostgreSQL its rows are then read as they come instead
 * of whole, so that memory stays bounded, and until it has given its last
 * row (DB_DONE) or is reset or finalized no other statement may run on
 * the connection (one that tries fails with DB_MISUSE). Nothing on SQLite.
 */
void db_stream(struct db_stmt *st);

/* DB_ROW, DB_DONE or an error (the message on the connection). */
int db_step(struct db_stmt *st);
/*
 * Steps a statement whose result is not needed (an INSERT without
 * RETURNING) inside a transaction: DB_DONE or an error. On PostgreSQL it
 * is sent without waiting for its result (libpq's pipeline mode), which
 * is read with the next statement that waits for one: a document's claims
 * ride with the next document's insert, a round trip each saved. Its
 * failure is then that later statement's (or the COMMIT's), and fails the
 * transaction, as any failure inside it does. Outside a transaction, and
 * on SQLite, it is db_step().
 */
int db_step_deferred(struct db_stmt *st);
int db_reset(struct db_stmt *st);
int db_clear_bindings(struct db_stmt *st);
/* Frees the statement; accepts NULL. */
int db_finalize(struct db_stmt *st);

/* The current row's columns, 0-based. Text and blobs live until the next
 * step, reset or finalize. */
int db_column_count(struct db_stmt *st);
int db_column_type(struct db_stmt *st, int i);
int64_t db_column_int64(struct db_stmt *st, int i);
int db_column_int(struct db_stmt *st, int i);
double db_column_double(struct db_stmt *st, int i);
const char *db_column_text(struct db_stmt *st, int i);
const void *db_column_blob(struct db_stmt *st, int i);
int db_column_bytes(struct db_stmt *st, int i);
const char *db_column_name(struct db_stmt *st, int i);

#endif
