/*
 * Unit tests for copies of one story (store_copies.c, db/010): a copy is
 * linked to its story's first document, a copy of a copy to the same
 * root, a later document of the same batch finds an earlier one, two
 * stories of one topic stay apart, the threshold is a setting, the keys
 * merged into the index of all (db/013) find the same stories, the keys
 * held in memory (db/018) are found by another writer and written out
 * once, a rollback takes those of its documents, and the
 * documents of a database from before schema 12 get their fingerprints
 * and links at the next writer's open, also when it was interrupted.
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
#include <unistd.h>

#include "claimtrack/claimtrack.h"

static const char rules_text[] =
	"proposition t.presence\n"
	"  title Groups are present in the valley\n"
	"  rev 1\n"
	"  supports groups are present in the valley\n"
	"end\n";

/* One story; the copies add their own lead, byline or footer. */
static const char story[] =
	"Armed groups are present in the valley again, the district governor said on "
	"Tuesday, a year after the last of them were driven over the pass by the army.\n\n"
	"Farmers in the lower villages said men with rifles had come at night to ask for "
	"food and fuel, and had left before dawn in the direction of the river crossing.\n\n"
	"The governor said two patrols would be sent up the valley road before the snow "
	"closes it, and that the bridge at the mill would be guarded until the spring.\n\n"
	"Traders in the market said prices of flour and kerosene had risen by a third since "
	"the autumn, because lorries from the city now wait a day at each checkpoint.\n";

/* The same topic, another story. */
static const char other[] =
	"Groups are present in the valley, a teacher told the council on Friday, asking "
	"for a guard at the school gate after two classrooms were broken into in a week.\n\n"
	"The council voted to repair the fence around the playground and to light the "
	"path from the bus stop, but said it had no money left this year for a guard.\n\n"
	"Parents said they would take turns at the gate in the mornings until the "
	"district office answers the letter the headmaster sent to it in November.\n";

#define STORE_FIXTURE_DIR "/tmp/ct-copies-XXXXXX"
#include "store_fixture.h"

/* The document made of outlet's header, then head, body and tail, stored
 * by store s. */
static struct ct_store_result store_by(struct fx *fx, struct ct_store *s, const char *outlet,
				       const char *head, const char *body, const char *tail)
{
	struct ct_doc_claim_list l = CT_DOC_CLAIM_LIST_INIT;
	struct ct_store_result res;
	struct ct_doc *doc = NULL;
	size_t n = strlen(outlet) + strlen(head) + strlen(body) + strlen(tail) + 64;
	char *text = malloc(n);

	assert_non_null(text);
	snprintf(text, n, "date 2024-03-03\noutlet %s\n\n%s%s%s", outlet, head, body, tail);
	assert_int_equal(ct_doc_from_text(text, strlen(text), CT_DOC_MAX_BYTES, outlet, &doc),
			 CT_OK);
	assert_int_equal(ct_doc_claim_list_find(&l, fx->m, fx->rs, doc), CT_OK);
	assert_int_equal(ct_store_add_document(s, fx->rs, doc, l.a, l.claims, l.n_claims, &res),
			 CT_OK);
	assert_false(res.duplicate);
	ct_doc_claim_list_release(&l);
	ct_doc_free(doc);
	free(text);
	return res;
}

static struct ct_store_result store(struct fx *fx, const char *outlet, const char *head,
				    const char *body, const char *tail)
{
	return store_by(fx, fx->s, outlet, head, body, tail);
}

static int64_t copy_of(struct fx *fx, int64_t id)
{
	char sql[96];

	snprintf(sql, sizeof sql, "SELECT coalesce(copy_of, 0) FROM documents WHERE id = %lld",
		 (long long)id);
	return raw_int(fx, sql);
}

static void test_copies_link_to_the_first_document(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result first, byline, footer, both, apart;

	first = store(fx, "Valley Wire", "", story, "");
	assert_int_equal(first.copy_of, 0);
	byline = store(fx, "Mountain Post", "By a staff reporter\n\n", story, "");
	assert_int_equal(byline.copy_of, first.document_id);
	footer = store(fx, "River Times", "", story,
		       "\nSign up for the River Times newsletter to get the news every morning.\n");
	assert_int_equal(footer.copy_of, first.document_id);
	/* A copy of the byline copy: the same root, not the copy. */
	both = store(fx, "Pass Gazette", "By a staff reporter\n\n", story, "\nMore news.\n");
	assert_int_equal(both.copy_of, first.document_id);
	apart = store(fx, "Valley Wire", "", other, "");
	assert_int_equal(apart.copy_of, 0);
	assert_int_equal(copy_of(fx, first.document_id), 0);
	assert_int_equal(copy_of(fx, byline.document_id), first.document_id);
	assert_int_equal(copy_of(fx, apart.document_id), 0);
	/* One signature each; the 42 keys of each held in memory, the
	 * documents noted (db/018), until the store is closed. */
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_signatures "
				 "WHERE length(signature) = 512"), 5);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands_pending"), 5);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands_recent"), 0);
	ct_store_close(fx->s);
	fx->s = NULL;
	/* Then among the recent ones until merged. */
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands_pending"), 0);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands_recent"), 5 * 42);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands"), 0);
}

static int cmp_key(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * The keys written out when the store closes are each document's bands,
 * each once: the flush writes the key space a part at a time, the rows
 * that do not fill a statement carried to the next part (store_bands.c).
 * Every stored signature's keys, made again here, are the rows of its
 * document.
 */
static void test_flushed_keys_are_each_documents_bands(void **state)
{
	struct fx *fx = *state;
	const char *outlets[] = { "Valley Wire", "Mountain Post", "River Times", "Pass Gazette" };
	size_t n_keys = 0, n_docs = 0;
	sqlite3 *db;
	sqlite3_stmt *sig, *rows;

	for (size_t i = 0; i < 4; i++) {
		char head[64];
		snprintf(head, sizeof head, "Dateline %zu\n\n", i);
		store(fx, outlets[i], head, i % 2 ? story : other, "");
	}
	ct_store_close(fx->s);
	fx->s = NULL;
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT document_id, n_shingles, signature "
					    "FROM document_signatures ORDER BY document_id",
					    -1, &sig, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT key FROM document_bands_recent "
					    "WHERE document_id = ?1 ORDER BY key", -1, &rows, NULL),
			 SQLITE_OK);
	while (sqlite3_step(sig) == SQLITE_ROW) {
		struct ct_fingerprint fp;
		int64_t keys[CT_FP_BANDS];
		const unsigned char *p = sqlite3_column_blob(sig, 2);
		size_t n = 0;

		assert_int_equal(sqlite3_column_bytes(sig, 2), 4 * CT_FP_SLOTS);
		/* A signature as stored: each slot's value, little-endian. */
		for (size_t j = 0; j < CT_FP_SLOTS; j++)
			fp.min[j] = (uint32_t)p[4 * j] | (uint32_t)p[4 * j + 1] << 8 |
				    (uint32_t)p[4 * j + 2] << 16 | (uint32_t)p[4 * j + 3] << 24;
		fp.n_shingles = (uint32_t)sqlite3_column_int64(sig, 1);
		ct_fingerprint_bands(&fp, keys);
		qsort(keys, CT_FP_BANDS, sizeof *keys, cmp_key);
		for (size_t j = 0; j < CT_FP_BANDS; j++)
			if (j == 0 || keys[j] != keys[n - 1])
				keys[n++] = keys[j];
		sqlite3_reset(rows);
		sqlite3_bind_int64(rows, 1, sqlite3_column_int64(sig, 0));
		for (size_t j = 0; j < n; j++) {
			assert_int_equal(sqlite3_step(rows), SQLITE_ROW);
			assert_true(sqlite3_column_int64(rows, 0) == keys[j]);
		}
		assert_int_equal(sqlite3_step(rows), SQLITE_DONE);
		n_keys += n;
		n_docs++;
	}
	sqlite3_finalize(sig);
	sqlite3_finalize(rows);
	sqlite3_close(db);
	assert_int_equal(n_docs, 4);
	/* More keys than a statement's 128 rows, in every part. */
	assert_true(n_keys > 128);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands_recent"), (int64_t)n_keys);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands_pending"), 0);
}

/*
 * Two writers taking turns on one file: each finds the documents the
 * other holds in memory, from their notes and signatures, and the keys
 * the other wrote out; all keys are written once in the end.
 */
static void test_writers_find_each_others_held_keys(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result first, copy, apart, copy2, copy3;
	struct ct_store *s2 = NULL;
	char err[256] = "";

	first = store(fx, "Valley Wire", "", story, "");
	if (ct_store_open(fx->path, 0, &s2, err, sizeof err) != CT_OK)
		fail_msg("open: %s", err);
	copy = store_by(fx, s2, "Mountain Post", "By a staff reporter\n\n", story, "");
	assert_int_equal(copy.copy_of, first.document_id);
	apart = store_by(fx, s2, "Hill News", "", other, "");
	assert_int_equal(apart.copy_of, 0);
	/* The first writer finds what the second holds. */
	copy2 = store(fx, "Pass Gazette", "By a staff reporter\n\n", other, "");
	assert_int_equal(copy2.copy_of, apart.document_id);
	/* The second writes out all that is noted, the first's too. */
	ct_store_close(s2);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands_pending"), 0);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands_recent"), 4 * 42);
	copy3 = store(fx, "River Times", "", other, "\nMore news.\n");
	assert_int_equal(copy3.copy_of, apart.document_id);
	ct_store_close(fx->s);
	fx->s = NULL;
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands_pending"), 0);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands_recent"), 5 * 42);
}

/* A batch rolled back takes the keys held for its documents with it,
 * and their fingerprints kept, though the next document gets the same id. */
static void test_a_rollback_takes_the_keys_held(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result a, b, c, d;

	assert_int_equal(ct_store_begin(fx->s), CT_OK);
	a = store(fx, "Valley Wire", "", story, "");
	ct_store_rollback(fx->s);
	b = store(fx, "Hill News", "", other, "");
	assert_int_equal(b.document_id, a.document_id);
	c = store(fx, "Mountain Post", "By a staff reporter\n\n", story, "");
	assert_int_equal(c.copy_of, 0);
	d = store(fx, "Pass Gazette", "By a staff reporter\n\n", other, "");
	assert_int_equal(d.copy_of, b.document_id);
	ct_store_close(fx->s);
	fx->s = NULL;
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands_recent"), 3 * 42);
}

static void test_a_batch_finds_its_own_documents(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result a, b;

	assert_int_equal(ct_store_begin(fx->s), CT_OK);
	a = store(fx, "Valley Wire", "", story, "");
	b = store(fx, "Mountain Post", "By a staff reporter\n\n", story, "");
	assert_int_equal(ct_store_commit(fx->s), CT_OK);
	assert_int_equal(b.copy_of, a.document_id);
}

static void test_the_threshold_is_a_setting(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result a, b, c;

	assert_int_equal(ct_store_set_copy_threshold(fx->s, 0), CT_EINVAL);
	assert_int_equal(ct_store_set_copy_threshold(fx->s, 1.5), CT_EINVAL);
	assert_int_equal(ct_store_set_copy_threshold(fx->s, -1), CT_OK);
	a = store(fx, "Valley Wire", "", story, "");
	b = store(fx, "Mountain Post", "By a staff reporter\n\n", story, "");
	assert_int_equal(b.copy_of, 0);
	/* Off, the fingerprints are still kept: a later copy finds them. */
	assert_int_equal(ct_store_set_copy_threshold(fx->s, 0.3), CT_OK);
	c = store(fx, "River Times", "", story, "\nMore news.\n");
	assert_int_equal(c.copy_of, a.document_id);
	/* 1: only a body with the same shingles. */
	assert_int_equal(ct_store_set_copy_threshold(fx->s, 1), CT_OK);
	c = store(fx, "Pass Gazette", "", story, "\nThe end of the story, rewritten by the desk "
		  "for the evening edition of the paper.\n");
	assert_int_equal(c.copy_of, 0);
}

static void test_documents_before_schema_10_are_filled_at_open(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result a, b, c, d;
	char err[256] = "";

	a = store(fx, "Valley Wire", "", other, "");
	b = store(fx, "Mountain Post", "", story, "");
	c = store(fx, "River Times", "By a staff reporter\n\n", story, "");
	d = store(fx, "Pass Gazette", "", story, "\nMore news.\n");
	ct_store_close(fx->s);
	fx->s = NULL;
	/* As a database migrated to schema 12: no fingerprints, no links, the
	 * texts to fill from the second document on (the first as if done
	 * before an interruption). */
	exec_raw(fx, "DELETE FROM document_bands; DELETE FROM document_bands_recent; "
		 "DELETE FROM document_signatures; "
		 "UPDATE documents SET copy_of = NULL; "
		 "INSERT INTO copy_fill (next_id, last_id) SELECT min(id) + 1, max(id) FROM documents");
	assert_int_equal(copy_of(fx, c.document_id), 0);
	if (ct_store_open(fx->path, CT_STORE_READONLY, &fx->s, err, sizeof err) != CT_OK)
		fail_msg("open: %s", err);
	ct_store_close(fx->s);
	fx->s = NULL;
	/* A reader leaves it. */
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM copy_fill"), 1);
	if (ct_store_open(fx->path, 0, &fx->s, err, sizeof err) != CT_OK)
		fail_msg("open: %s", err);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM copy_fill"), 0);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_signatures"), 3);
	assert_int_equal(copy_of(fx, a.document_id), 0);
	assert_int_equal(copy_of(fx, b.document_id), 0);
	assert_int_equal(copy_of(fx, c.document_id), b.document_id);
	assert_int_equal(copy_of(fx, d.document_id), b.document_id);
}

/*
 * The recent keys merged into the index of all (db/013_recent_bands.sql):
 * all of them, once; a copy stored after finds its story there, and one
 * stored before and one after find the same root.
 */
static void test_merged_keys_find_the_same_stories(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result first, before, apart, after, last;
	size_t n = 0;

	first = store(fx, "Valley Wire", "", story, "");
	before = store(fx, "Mountain Post", "By a staff reporter\n\n", story, "");
	apart = store(fx, "Hill News", "", other, "");
	assert_int_equal(before.copy_of, first.document_id);
	assert_int_equal(ct_store_copies_merge(fx->s, &n), CT_OK);
	assert_int_equal(n, 3 * 42);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands_recent"), 0);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands"), 3 * 42);
	after = store(fx, "River Times", "", story, "\nMore news.\n");
	assert_int_equal(after.copy_of, first.document_id);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands_pending"), 1);
	/* A copy of the other story, whose keys are split between the two. */
	last = store(fx, "Pass Gazette", "By a staff reporter\n\n", other, "");
	assert_int_equal(last.copy_of, apart.document_id);
	assert_int_equal(ct_store_copies_merge(fx->s, &n), CT_OK);
	assert_int_equal(n, 2 * 42);
	assert_int_equal(ct_store_copies_merge(fx->s, &n), CT_OK);
	assert_int_equal(n, 0);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM document_bands"), 5 * 42);
}

static void on_problem(const char *msg, void *user)
{
	char *last = user;

	snprintf(last, 160, "%s", msg);
}

/* `db check` finds a copy that points at another copy, or at nothing. */
static void test_check_finds_a_broken_link(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result a, b, c;
	char last[160] = "", err[256] = "";
	size_t n = 9;

	a = store(fx, "Valley Wire", "", story, "");
	b = store(fx, "Mountain Post", "By a staff reporter\n\n", story, "");
	c = store(fx, "River Times", "", story, "\nMore news.\n");
	assert_int_equal(ct_store_check(fx->s, on_problem, last, &n), CT_OK);
	assert_int_equal(n, 0);
	ct_store_close(fx->s);
	fx->s = NULL;
	exec_raw(fx, "UPDATE documents SET copy_of = 2 WHERE id = 3");
	if (ct_store_open(fx->path, 0, &fx->s, err, sizeof err) != CT_OK)
		fail_msg("open: %s", err);
	assert_int_equal(ct_store_check(fx->s, on_problem, last, &n), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(last, "document 3 is a copy of document 2, which is not the first "
			    "of a story");
	(void)a, (void)b, (void)c;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_copies_link_to_the_first_document, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flushed_keys_are_each_documents_bands, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_writers_find_each_others_held_keys, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_a_rollback_takes_the_keys_held, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_batch_finds_its_own_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_threshold_is_a_setting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_documents_before_schema_10_are_filled_at_open,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_a_broken_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merged_keys_find_the_same_stories, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
