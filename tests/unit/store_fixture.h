/*
 * A SQLite record in a folder of its own, with a rule set and its matcher,
 * for the store's unit tests. The including file defines rules_text (the
 * rules) and STORE_FIXTURE_DIR (a mkdtemp() template) first; it gets
 * setup() and teardown() for cmocka, and exec_raw() and raw_int() to reach
 * the database behind the store's back.
 */
#ifndef CLAIMTRACK_TESTS_STORE_FIXTURE_H
#define CLAIMTRACK_TESTS_STORE_FIXTURE_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimtrack/claimtrack.h"

struct fx {
	char dir[64], path[96];
	struct ct_ruleset *rs;
	struct ct_matcher *m;
	struct ct_store *s;
};

static int setup(void **state)
{
	struct ct_rules_options opts = { 0 };
	struct fx *fx = calloc(1, sizeof *fx);
	char err[256] = "";

	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "%s", STORE_FIXTURE_DIR);
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof fx->path, "%s/t.db", fx->dir);
	assert_int_equal(ct_rules_load_string("t.rules", rules_text, strlen(rules_text), &opts,
					      &fx->rs), CT_OK);
	assert_int_equal(ct_matcher_new(fx->rs, NULL, NULL, &fx->m), CT_OK);
	if (ct_store_open(fx->path, 0, &fx->s, err, sizeof err) != CT_OK)
		fail_msg("open: %s", err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	char p[160];

	ct_store_close(fx->s);
	ct_matcher_free(fx->m);
	ct_ruleset_free(fx->rs);
	for (const char *const *x = (const char *const[]){ "", "-wal", "-shm", NULL }; *x; x++) {
		snprintf(p, sizeof p, "%s%s", fx->path, *x);
		unlink(p);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* Runs sql on the record's file, outside the store. */
static inline void exec_raw(struct fx *fx, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* The first column of sql's first row, outside the store; -1 for none. */
static inline int64_t raw_int(struct fx *fx, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

#endif
