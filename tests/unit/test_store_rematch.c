/*
 * Unit tests for matching stored documents again (store_rematch.c) and
 * reviewers' corrections (store_review.c), through the library as
 * `claimtrack rematch` and `claimtrack review` use it: a rematch with the
 * rules the claims were made with changes nothing; a new proposition adds
 * its claims; a removed one retires them, kept with their ids; a review is
 * keyed by document, sentence span and proposition, so it holds through a
 * rematch that finds its claim again and comes back when a later rule
 * finds the sentence again; a review whose claim is no longer found is
 * kept and listed as orphaned; an undo restores what the rules said.
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

#define PRESENCE                                                                 \
	"proposition t.presence\n"                                               \
	"  title Groups are present in the valley\n"                             \
	"  rev %d\n"                                                             \
	"  supports groups are present in the %s\n"                              \
	"  refutes there are no groups in the valley\n"                          \
	"end\n\n"

#define ROADS                                                                    \
	"proposition t.roads\n"                                                  \
	"  title The roads are closed\n"                                         \
	"  rev 1\n"                                                              \
	"  supports the roads are closed\n"                                      \
	"end\n\n"

#define PEOPLE                                                                   \
	"speaker Ada Lovelace\n"                                                 \
	"  alias Countess Lovelace\n"                                            \
	"end\n\n"                                                                \
	"speaker Grace Hopper\n"                                                 \
	"end\n\n"                                                                \
	"outlet Daily Planet\n"                                                  \
	"end\n"

static const char article[] =
	"date 2022-03-04\n"
	"outlet Daily Planet\n"
	"url https://example.org/a\n"
	"title Valley news\n"
	"\n"
	"\"Groups are present in the valley,\" Grace Hopper said on Monday.\n"
	"\n"
	"\"There are no groups in the valley,\" Countess Lovelace replied.\n"
	"\n"
	"\"The roads are closed,\" Grace Hopper added.\n";

struct fx {
	char dir[64], path[96];
	struct ct_store *s;
	struct ct_ruleset *rs;
	struct ct_matcher *m;
	int64_t doc;
	size_t lovelace;        /* where Lovelace's sentence starts */
	/* orphaned reviews a rematch reported */
	int64_t orphans[8];
	size_t n_orphans;
};

/* Loads rules (replacing those loaded): t.presence at rev with its
 * supporting pattern ending in `place` (NULL: no t.presence), and t.roads
 * when roads. */
static void load_rules(struct fx *fx, int rev, const char *place, bool roads)
{
	struct ct_rules_options opts = { 0 };
	char text[2048];
	int n = place ? snprintf(text, sizeof text, PRESENCE "%s" PEOPLE, rev, place,
				 roads ? ROADS : "")
		      : snprintf(text, sizeof text, "%s" PEOPLE, roads ? ROADS : "");

	ct_matcher_free(fx->m);
	ct_ruleset_free(fx->rs);
	fx->m = NULL;
	fx->rs = NULL;
	assert_int_equal(ct_rules_load_string("t.rules", text, (size_t)n, &opts, &fx->rs), CT_OK);
	assert_int_equal(ct_matcher_new(fx->rs, NULL, NULL, &fx->m), CT_OK);
}

struct claim {
	int64_t id;
	char proposition[32], speaker[32];
	enum ct_stance stance;
	bool hedged, reviewed;
	size_t start;
};

struct claims {
	struct claim v[16];
	size_t n;
};

static struct claims claims_of(struct fx *fx, const char *proposition);

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	struct ct_doc_claim_list l = CT_DOC_CLAIM_LIST_INIT;
	struct ct_store_result res;
	struct ct_doc *doc = NULL;
	char err[256] = "";

	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/ct-rematch-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof fx->path, "%s/t.db", fx->dir);
	if (ct_store_open(fx->path, 0, &fx->s, err, sizeof err) != CT_OK)
		fail_msg("open: %s", err);
	load_rules(fx, 1, "valley", true);
	assert_int_equal(ct_doc_from_text(article, strlen(article), CT_DOC_MAX_BYTES, "a.txt", &doc),
			 CT_OK);
	assert_int_equal(ct_doc_claim_list_find(&l, fx->m, fx->rs, doc), CT_OK);
	assert_int_equal(ct_store_add_document(fx->s, fx->rs, doc, l.a, l.claims, l.n_claims, &res),
			 CT_OK);
	fx->doc = res.document_id;
	assert_true(fx->doc > 0);
	ct_doc_claim_list_release(&l);
	ct_doc_free(doc);
	struct claims cs = claims_of(fx, "t.presence");
	for (size_t i = 0; i < cs.n; i++)
		if (cs.v[i].stance == CT_REFUTES) {
			assert_string_equal(cs.v[i].speaker, "Ada Lovelace");
			fx->lovelace = cs.v[i].start;
		}
	assert_true(fx->lovelace > 0);
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

/* ---- reading the record ---- */

static int keep(const struct ct_stored_claim *c, void *user)
{
	struct claims *cs = user;
	struct claim *k;

	assert_true(cs->n < 16);
	k = &cs->v[cs->n++];
	memset(k, 0, sizeof *k);
	k->id = c->id;
	snprintf(k->proposition, sizeof k->proposition, "%s", c->proposition);
	snprintf(k->speaker, sizeof k->speaker, "%s", c->speaker ? c->speaker : "");
	k->stance = c->stance;
	k->hedged = c->hedged;
	k->reviewed = c->reviewed;
	k->start = c->sentence_start;
	return 0;
}

static struct claims claims_of(struct fx *fx, const char *proposition)
{
	struct ct_claim_filter f = { .proposition = proposition };
	struct claims cs = { .n = 0 };

	assert_int_equal(ct_store_claims(fx->s, &f, keep, &cs), CT_OK);
	return cs;
}

/* The claim of t.presence in Lovelace's sentence (it refutes, by the rules). */
static struct claim refuting(struct fx *fx)
{
	struct claims cs = claims_of(fx, "t.presence");

	for (size_t i = 0; i < cs.n; i++)
		if (cs.v[i].start == fx->lovelace)
			return cs.v[i];
	fail_msg("no claim in Lovelace's sentence among %zu", cs.n);
	return cs.v[0];
}

static int64_t count(struct fx *fx, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t n;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* ---- a rematch, as `claimtrack rematch` runs it on one thread ---- */

static void on_orphan(const struct ct_orphan_review *o, void *user)
{
	struct fx *fx = user;

	assert_true(fx->n_orphans < 8);
	fx->orphans[fx->n_orphans++] = o->review_id;
}

/* Plans a rematch with the rules loaded and runs it; returns the plan's
 * number of documents, and the change of proposition `id` in *ch (zeroed
 * when it has none). */
static size_t rematch(struct fx *fx, const char *id, struct ct_rematch_change *ch)
{
	struct ct_rematch_plan *p = NULL;
	size_t n;

	assert_int_equal(ct_store_rematch_plan(fx->s, fx->rs, NULL, &p), CT_OK);
	n = ct_rematch_plan_n_documents(p);
	for (size_t i = 0; i < n; i++) {
		struct ct_doc_claim_list l = CT_DOC_CLAIM_LIST_INIT;
		struct ct_doc *doc = NULL;
		bool done = false;
		if (ct_rematch_plan_needs_text(p, i)) {
			assert_true(ct_rematch_plan_has_text(p, i));
			assert_int_equal(ct_store_load_document(fx->s, ct_rematch_plan_document(p, i),
								&doc), CT_OK);
			assert_int_equal(ct_doc_claim_list_find(&l, fx->m, fx->rs, doc), CT_OK);
		}
		assert_int_equal(ct_store_rematch_document(fx->s, p, i, doc, l.a, l.claims,
							   l.n_claims, on_orphan, fx, &done),
				 CT_OK);
		assert_true(done);
		ct_doc_claim_list_release(&l);
		ct_doc_free(doc);
	}
	if (ch) {
		memset(ch, 0, sizeof *ch);
		for (size_t i = 0; i < ct_rematch_plan_n_changes(p); i++)
			if (id && strcmp(ct_rematch_plan_change(p, i)->id, id) == 0) {
				*ch = *ct_rematch_plan_change(p, i);
				ch->id = NULL;          /* the plan's, gone with it */
				ch->fingerprint = NULL;
			}
	}
	ct_rematch_plan_free(p);
	return n;
}

/* ---- the tests ---- */

static void test_same_rules_change_nothing(void **state)
{
	struct fx *fx = *state;
	struct claims before = claims_of(fx, NULL), after;
	struct ct_rematch_plan *p = NULL;

	assert_int_equal(before.n, 3);
	assert_int_equal(ct_store_rematch_plan(fx->s, fx->rs, NULL, &p), CT_OK);
	assert_int_equal(ct_rematch_plan_n_documents(p), 0);
	assert_int_equal(ct_rematch_plan_n_changes(p), 0);
	ct_rematch_plan_free(p);
	/* A new rev matches again; a second run after it has nothing to do. */
	load_rules(fx, 2, "valley", true);
	assert_int_equal(rematch(fx, NULL, NULL), 1);
	assert_int_equal(rematch(fx, NULL, NULL), 0);
	after = claims_of(fx, NULL);
	assert_int_equal(after.n, before.n);
	for (size_t i = 0; i < after.n; i++) {
		assert_int_equal(after.v[i].id, before.v[i].id);      /* found again: same id */
		assert_int_equal(after.v[i].stance, before.v[i].stance);
		assert_string_equal(after.v[i].speaker, before.v[i].speaker);
	}
	assert_int_equal(count(fx, "SELECT count(*) FROM retired_claims"), 0);
}

static void test_removed_proposition_retires_its_claims(void **state)
{
	struct fx *fx = *state;
	struct claims roads = claims_of(fx, "t.roads");
	struct ct_rematch_change ch;
	struct ct_store_retired ret;
	char sql[128];

	assert_int_equal(roads.n, 1);
	load_rules(fx, 1, "valley", false);   /* t.roads removed */
	assert_int_equal(rematch(fx, "t.roads", &ch), 1);
	assert_int_equal(ch.kind, CT_REMATCH_REMOVED);
	assert_int_equal(ch.retired, 1);
	assert_int_equal(claims_of(fx, "t.roads").n, 0);
	assert_int_equal(claims_of(fx, "t.presence").n, 2);
	/* Kept, with its id, and why. */
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM retired_claims WHERE id = %lld AND reason = 'removed'",
		 (long long)roads.v[0].id);
	assert_int_equal(count(fx, sql), 1);
	assert_int_equal(ct_store_retired_counts(fx->s, &ret), CT_OK);
	assert_int_equal(ret.removed, 1);
	assert_int_equal(ret.replaced + ret.rejected, 0);
	/* Back in the rules: found again. */
	load_rules(fx, 1, "valley", true);
	assert_int_equal(rematch(fx, "t.roads", &ch), 1);
	assert_int_equal(ch.added, 1);
	assert_int_equal(claims_of(fx, "t.roads").n, 1);
}

static void test_review_survives_a_rematch(void **state)
{
	struct fx *fx = *state;
	struct claim c = refuting(fx), again;
	struct ct_review_request rq = { c.id, CT_REVIEW_SPEAKER, "Grace Hopper", "misattributed",
					"tester" };
	int64_t rid = 0;

	assert_string_equal(c.speaker, "Ada Lovelace");
	assert_int_equal(ct_store_review(fx->s, &rq, &rid), CT_OK);
	assert_true(rid > 0);
	again = refuting(fx);
	assert_string_equal(again.speaker, "Grace Hopper");
	assert_true(again.reviewed);
	/* A new rev: the sentence is found again, the rules say Lovelace,
	 * the review still says Hopper. */
	load_rules(fx, 2, "valley", true);
	assert_int_equal(rematch(fx, NULL, NULL), 1);
	assert_int_equal(fx->n_orphans, 0);
	again = refuting(fx);
	assert_int_equal(again.id, c.id);
	assert_string_equal(again.speaker, "Grace Hopper");
	assert_true(again.reviewed);
}

static void test_review_is_keyed_by_document_span_and_proposition(void **state)
{
	struct fx *fx = *state;
	struct claim c = refuting(fx), back;
	struct ct_review_request rq = { c.id, CT_REVIEW_STANCE, "supports", NULL, "tester" };
	struct claims cs;

	assert_int_equal(c.stance, CT_REFUTES);
	assert_int_equal(ct_store_review(fx->s, &rq, NULL), CT_OK);
	assert_int_equal(refuting(fx).stance, CT_SUPPORTS);
	/* The proposition's pattern changes (a new fingerprint): its claims
	 * are matched again; the reviewed sentence is still found. */
	load_rules(fx, 1, "(?:valley|hills)", true);
	assert_int_equal(rematch(fx, NULL, NULL), 1);
	back = refuting(fx);
	assert_int_equal(back.stance, CT_SUPPORTS);
	assert_true(back.reviewed);
	assert_int_equal(fx->n_orphans, 0);
	/* Gone from the rules: its claims retire, the review is orphaned. */
	load_rules(fx, 1, NULL, true);
	assert_int_equal(rematch(fx, NULL, NULL), 1);
	assert_int_equal(claims_of(fx, "t.presence").n, 0);
	assert_int_equal(fx->n_orphans, 1);
	/* Back, as a new version: the sentence is a claim again, under a new
	 * id, and the review, keyed by document, span and proposition,
	 * applies to it. */
	load_rules(fx, 2, "valley", true);
	assert_int_equal(rematch(fx, NULL, NULL), 1);
	cs = claims_of(fx, "t.presence");
	assert_int_equal(cs.n, 2);
	back = refuting(fx);
	assert_true(back.id != c.id);
	assert_int_equal(back.stance, CT_SUPPORTS);
	assert_true(back.reviewed);
}

struct reviews {
	int64_t id[8], claim[8];
	bool undone[8];
	size_t n;
};

static int keep_review(const struct ct_review *r, void *user)
{
	struct reviews *rv = user;

	assert_true(rv->n < 8);
	rv->id[rv->n] = r->id;
	rv->claim[rv->n] = r->claim_id;
	rv->undone[rv->n] = r->undone_at != NULL;
	rv->n++;
	return 0;
}

static void test_orphaned_review_is_kept_and_listed(void **state)
{
	struct fx *fx = *state;
	struct claim c = refuting(fx);
	struct ct_review_request rq = { c.id, CT_REVIEW_SPEAKER, "Grace Hopper", NULL, "tester" };
	struct reviews rv = { .n = 0 };
	int64_t rid = 0;

	assert_int_equal(ct_store_review(fx->s, &rq, &rid), CT_OK);
	/* The refuting pattern is gone from the new version: Lovelace's
	 * sentence is no longer a claim, and the review has no claim. */
	struct ct_rules_options opts = { 0 };
	static const char text[] =
		"proposition t.presence\n  title Groups are present in the valley\n  rev 3\n"
		"  supports groups are present in the valley\nend\n\n" ROADS PEOPLE;
	ct_matcher_free(fx->m);
	ct_ruleset_free(fx->rs);
	assert_int_equal(ct_rules_load_string("t.rules", text, sizeof text - 1, &opts, &fx->rs),
			 CT_OK);
	assert_int_equal(ct_matcher_new(fx->rs, NULL, NULL, &fx->m), CT_OK);
	assert_int_equal(rematch(fx, NULL, NULL), 1);
	assert_int_equal(fx->n_orphans, 1);
	assert_int_equal(fx->orphans[0], rid);
	assert_int_equal(claims_of(fx, "t.presence").n, 1);
	assert_int_equal(ct_store_reviews(fx->s, 0, true, keep_review, &rv), CT_OK);
	assert_int_equal(rv.n, 1);
	assert_int_equal(rv.id[0], rid);
	assert_int_equal(rv.claim[0], 0);         /* orphaned: kept, applying to none */
	assert_false(rv.undone[0]);
}

static void test_undo_restores_what_the_rules_said(void **state)
{
	struct fx *fx = *state;
	struct claim c = refuting(fx), now;
	struct ct_review_request rq = { c.id, CT_REVIEW_SPEAKER, "Grace Hopper", NULL, "tester" };
	struct ct_review_request rq2 = { c.id, CT_REVIEW_HEDGED, "1", NULL, "tester" };
	struct reviews rv = { .n = 0 };
	int64_t r1 = 0, r2 = 0, undone = 0;

	assert_int_equal(ct_store_review(fx->s, &rq, &r1), CT_OK);
	assert_int_equal(ct_store_review(fx->s, &rq2, &r2), CT_OK);
	/* A review that changes nothing is refused. */
	assert_int_equal(ct_store_review(fx->s, &rq2, NULL), CT_EINVAL);
	/* Undone through a rematch: the latest first, then the one before. */
	load_rules(fx, 2, "valley", true);
	assert_int_equal(rematch(fx, NULL, NULL), 1);
	assert_int_equal(ct_store_review_undo(fx->s, c.id, "undoer", &undone), CT_OK);
	assert_int_equal(undone, r2);
	now = refuting(fx);
	assert_false(now.hedged);
	assert_string_equal(now.speaker, "Grace Hopper");
	assert_true(now.reviewed);
	assert_int_equal(ct_store_review_undo(fx->s, c.id, "undoer", &undone), CT_OK);
	assert_int_equal(undone, r1);
	now = refuting(fx);
	assert_string_equal(now.speaker, "Ada Lovelace");
	assert_false(now.reviewed);
	assert_int_equal(ct_store_review_undo(fx->s, c.id, "undoer", NULL), CT_ENOTFOUND);
	/* Both kept, marked undone. */
	assert_int_equal(ct_store_reviews(fx->s, 0, true, keep_review, &rv), CT_OK);
	assert_int_equal(rv.n, 2);
	assert_true(rv.undone[0] && rv.undone[1]);
	rv.n = 0;
	assert_int_equal(ct_store_reviews(fx->s, 0, false, keep_review, &rv), CT_OK);
	assert_int_equal(rv.n, 0);
}

static void test_rejected_claim_is_retired_and_comes_back(void **state)
{
	struct fx *fx = *state;
	struct claim c = refuting(fx);
	struct ct_review_request rq = { c.id, CT_REVIEW_VERDICT, "rejected", NULL, "tester" };
	struct ct_store_retired ret;

	assert_int_equal(ct_store_review(fx->s, &rq, NULL), CT_OK);
	assert_int_equal(claims_of(fx, "t.presence").n, 1);
	assert_int_equal(ct_store_retired_counts(fx->s, &ret), CT_OK);
	assert_int_equal(ret.rejected, 1);
	/* A rematch finds the sentence again and keeps it rejected. */
	load_rules(fx, 2, "valley", true);
	assert_int_equal(rematch(fx, NULL, NULL), 1);
	assert_int_equal(claims_of(fx, "t.presence").n, 1);
	assert_int_equal(ct_store_review_undo(fx->s, c.id, "undoer", NULL), CT_OK);
	assert_int_equal(claims_of(fx, "t.presence").n, 2);
	assert_int_equal(refuting(fx).id, c.id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_rules_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_proposition_retires_its_claims, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_review_survives_a_rematch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_is_keyed_by_document_span_and_proposition,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_orphaned_review_is_kept_and_listed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_undo_restores_what_the_rules_said, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rejected_claim_is_retired_and_comes_back, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
