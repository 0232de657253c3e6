/*
 * Unit tests for batches of documents in one transaction (store_batch.c):
 * nothing is visible to other connections until the commit, a duplicate
 * inside the batch is found, a rollback drops all of it (and the rules it
 * recorded, which the next document records again), a document that fails
 * inside the batch rolls back the documents before it, claims' ids and the
 * times stored, and misuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "claimtrack/claimtrack.h"

static const char rules_text[] =
	"proposition t.presence\n"
	"  title Groups are present in the valley\n"
	"  rev 1\n"
	"  supports groups are present in the valley\n"
	"end\n"
	"\n"
	"outlet Daily Planet\n"
	"  alias The Planet\n"
	"end\n";

#define STORE_FIXTURE_DIR "/tmp/ct-batch-XXXXXX"
#include "store_fixture.h"

/* One number from a query on a connection of its own: what other readers see. */
static long long count(const struct fx *fx, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static int collect(const struct ct_doc_claim *c, void *user)
{
	struct ct_doc_claim *out = user;

	out[0] = *c;
	return 0;
}

/*
 * Matches and stores a document whose body says the supporting sentence,
 * numbered n so that each n is a new document. Returns the store's code.
 */
static int add(struct fx *fx, const char *title, int n, struct ct_store_result *res)
{
	char text[256];
	struct ct_doc *doc = NULL;
	struct ct_attribution *a = NULL;
	struct ct_doc_claim claim;
	int rc;

	snprintf(text, sizeof text, "title %s\n\nGroups are present in the valley, "
		 "officials said.\n\nReport %d.\n", title, n);
	assert_int_equal(ct_doc_from_text(text, strlen(text), CT_DOC_MAX_BYTES, "t.txt", &doc),
			 CT_OK);
	assert_int_equal(ct_attribute(fx->rs, doc, &a), CT_OK);
	memset(&claim, 0, sizeof claim);
	assert_int_equal(ct_doc_claims(fx->m, doc, a, collect, &claim), CT_OK);
	assert_non_null(claim.claim.proposition);
	rc = ct_store_add_document(fx->s, fx->rs, doc, a, &claim, 1, res);
	ct_attribution_free(a);
	ct_doc_free(doc);
	return rc;
}

static void test_commit_makes_the_batch_visible(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result res[3];

	assert_int_equal(ct_store_begin(fx->s), CT_OK);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(add(fx, "t", i, &res[i]), CT_OK);
		assert_false(res[i].duplicate);
		assert_int_equal(res[i].n_claims, 1);
	}
	assert_true(res[0].document_id < res[1].document_id);
	assert_true(res[1].document_id < res[2].document_id);
	assert_int_equal(count(fx, "SELECT count(*) FROM documents"), 0);
	assert_int_equal(ct_store_commit(fx->s), CT_OK);
	assert_int_equal(count(fx, "SELECT count(*) FROM documents"), 3);
	assert_int_equal(count(fx, "SELECT count(*) FROM claims"), 3);
}

static void test_duplicate_inside_the_batch(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result first, again;

	assert_int_equal(ct_store_begin(fx->s), CT_OK);
	assert_int_equal(add(fx, "t", 7, &first), CT_OK);
	assert_int_equal(add(fx, "t", 7, &again), CT_OK);
	assert_false(first.duplicate);
	assert_true(again.duplicate);
	assert_int_equal(again.document_id, first.document_id);
	assert_int_equal(again.n_claims, 0);
	assert_int_equal(ct_store_commit(fx->s), CT_OK);
	assert_int_equal(count(fx, "SELECT count(*) FROM documents"), 1);
}

static void test_rollback_drops_the_batch_and_its_rules(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result res;

	assert_int_equal(ct_store_begin(fx->s), CT_OK);
	assert_int_equal(add(fx, "t", 1, &res), CT_OK);
	assert_int_equal(add(fx, "t", 2, &res), CT_OK);
	ct_store_rollback(fx->s);
	assert_int_equal(count(fx, "SELECT count(*) FROM documents"), 0);
	assert_int_equal(count(fx, "SELECT count(*) FROM outlets"), 0);
	/* Outside a batch each document has its own transaction again, and the
	 * rules the rolled-back batch recorded are recorded again. */
	assert_int_equal(add(fx, "t", 3, &res), CT_OK);
	assert_int_equal(count(fx, "SELECT count(*) FROM documents"), 1);
	assert_int_equal(count(fx, "SELECT count(*) FROM outlets"), 1);
	ct_store_rollback(fx->s);       /* none open: nothing happens */
	assert_int_equal(count(fx, "SELECT count(*) FROM documents"), 1);
}

static void test_failed_document_rolls_back_the_batch(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result res;
	sqlite3 *db = NULL;

	/* A database that refuses one document: its insert fails inside the batch. */
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TRIGGER boom BEFORE INSERT ON documents "
				      "WHEN NEW.title = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(ct_store_begin(fx->s), CT_OK);
	assert_int_equal(add(fx, "fine", 1, &res), CT_OK);
	assert_int_equal(add(fx, "boom", 2, &res), CT_EDB);
	assert_non_null(strstr(ct_store_errmsg(fx->s), "boom"));
	assert_int_equal(ct_store_commit(fx->s), CT_EDB);
	assert_int_equal(count(fx, "SELECT count(*) FROM documents"), 0);
	/* The store is usable afterwards, with the rules recorded again. */
	assert_int_equal(add(fx, "fine", 1, &res), CT_OK);
	assert_int_equal(count(fx, "SELECT count(*) FROM documents"), 1);
	assert_int_equal(count(fx, "SELECT count(*) FROM outlets"), 1);
}

/*
 * A claim's id is the one after every claim's, retired ones too: read by
 * the insert for a transaction's first claim, counted on from it after.
 * What a rolled-back batch counted is forgotten, and so is what another
 * writer's commit made stale.
 */
static void test_claim_ids_count_on_within_a_transaction(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result res;

	assert_int_equal(ct_store_begin(fx->s), CT_OK);
	assert_int_equal(add(fx, "t", 1, &res), CT_OK);
	assert_int_equal(add(fx, "t", 2, &res), CT_OK);
	ct_store_rollback(fx->s);
	assert_int_equal(ct_store_begin(fx->s), CT_OK);
	assert_int_equal(add(fx, "t", 3, &res), CT_OK);
	assert_int_equal(ct_store_commit(fx->s), CT_OK);
	assert_int_equal(count(fx, "SELECT max(id) FROM claims"), 1);
	/* Another writer moves the claim up, as if it had stored 40 more. */
	exec_raw(fx, "UPDATE claims SET id = 41 WHERE id = 1");
	assert_int_equal(ct_store_begin(fx->s), CT_OK);
	for (int i = 4; i < 7; i++)
		assert_int_equal(add(fx, "t", i, &res), CT_OK);
	assert_int_equal(ct_store_commit(fx->s), CT_OK);
	assert_int_equal(count(fx, "SELECT group_concat(id, ' ') = '41 42 43 44' FROM "
			       "(SELECT id FROM claims ORDER BY id)"), 1);
	/* Each document on its own, a transaction each. */
	exec_raw(fx, "UPDATE claims SET id = 50 WHERE id = 44");
	assert_int_equal(add(fx, "t", 7, &res), CT_OK);
	assert_int_equal(count(fx, "SELECT max(id) FROM claims"), 51);
}

/* The times a document and its text were stored, as the schema's
 * defaults write them (the inserts bind them). */
static void test_times_stored(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result res;
	char before[32], after[32], sql[512];
	time_t t;

	/* In UTC whatever the local zone (a POSIX zone needs no tzdata). */
	setenv("TZ", "XYZ+4", 1);
	tzset();
	t = time(NULL);
	strftime(before, sizeof before, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	assert_int_equal(ct_store_begin(fx->s), CT_OK);
	assert_int_equal(add(fx, "t", 1, &res), CT_OK);
	assert_int_equal(ct_store_commit(fx->s), CT_OK);
	assert_int_equal(add(fx, "t", 2, &res), CT_OK);
	t = time(NULL);
	strftime(after, sizeof after, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM documents d JOIN document_texts x ON x.document_id = d.id "
		 "WHERE d.ingested_at BETWEEN '%s' AND '%s' AND x.stored_at BETWEEN '%s' AND '%s' "
		 "AND d.ingested_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T"
		 "[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'", before, after, before, after);
	assert_int_equal(count(fx, sql), 2);
	unsetenv("TZ");
	tzset();
}

static void test_misuse(void **state)
{
	struct fx *fx = *state;
	struct ct_store *ro = NULL;

	assert_int_equal(ct_store_commit(fx->s), CT_EDB);
	assert_int_equal(ct_store_begin(fx->s), CT_OK);
	assert_int_equal(ct_store_begin(fx->s), CT_EINVAL);
	assert_int_equal(ct_store_commit(fx->s), CT_OK);
	assert_int_equal(ct_store_begin(NULL), CT_EINVAL);
	assert_int_equal(ct_store_open(fx->path, CT_STORE_READONLY, &ro, NULL, 0), CT_OK);
	assert_int_equal(ct_store_begin(ro), CT_EINVAL);
	ct_store_close(ro);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_makes_the_batch_visible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_inside_the_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_drops_the_batch_and_its_rules, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_failed_document_rolls_back_the_batch, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_claim_ids_count_on_within_a_transaction, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_times_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misuse, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
