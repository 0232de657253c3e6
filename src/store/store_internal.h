/* The store's connection state, shared by store.c, store_query.c and store_check.c. */
#ifndef CT_STORE_INTERNAL_H
#define CT_STORE_INTERNAL_H

#include <sqlite3.h>

#include "claimtrack.h"

/* 'ClTk': PRAGMA application_id of a claimtrack database (db/001_initial.sql). */
#define CT_STORE_APPLICATION_ID 1131174987

/* Statements the write path keeps prepared for the life of the connection. */
enum ct_stmt {
	ST_BEGIN, ST_COMMIT, ST_ROLLBACK,
	ST_FIND_DUPLICATE, ST_INSERT_DOCUMENT, ST_INSERT_CLAIM,
	ST_OUTLET_BY_ALIAS, ST_OUTLET_BY_NAME, ST_INSERT_OUTLET, ST_MARK_OUTLET,
	ST_UPSERT_OUTLET_ALIAS, ST_MERGE_OUTLET_DOCS, ST_MERGE_OUTLET_VIA,
	ST_MERGE_OUTLET_ALIASES, ST_DELETE_OUTLET,
	ST_SPEAKER_BY_ALIAS, ST_SPEAKER_BY_NAME, ST_INSERT_SPEAKER, ST_MARK_SPEAKER,
	ST_UPSERT_SPEAKER_ALIAS, ST_MERGE_SPEAKER_CLAIMS, ST_MERGE_SPEAKER_ALIASES,
	ST_DELETE_SPEAKER,
	ST_UPSERT_PROPOSITION, ST_FIND_PROPOSITION,
	ST_COUNT
};

struct ct_store {
	sqlite3 *db;
	bool readonly;
	int version_was, version_now;
	const struct ct_ruleset *synced;    /* last ruleset recorded; not owned */
	int64_t *prop_pk;                   /* the pk of each of synced's propositions,
					     * in its order; valid while synced is set */
	sqlite3_stmt *stmts[ST_COUNT];
	int sqlite_rc;                      /* SQLite's code for the last failure; 0 */
	char errmsg[512];
};

/* Records a message for ct_store_errmsg() and returns code. */
int ct_store_fail(struct ct_store *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records SQLite's message for the connection, prefixed by `what`, and
 * returns CT_ENOMEM for SQLITE_NOMEM, else CT_EDB. */
int ct_store_dbfail(struct ct_store *s, const char *what);

/* Prepares a one-off statement; on failure records the error. */
int ct_store_prepare(struct ct_store *s, const char *sql, sqlite3_stmt **out);

/* Copies a nullable column date into a char[11] ("" when NULL or malformed). */
void ct_store_copy_date(char out[11], sqlite3_stmt *st, int col);

#endif
