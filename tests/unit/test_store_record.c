/*
 * Unit tests for the record of a claim (ct_store_stance_record() in
 * store_query.c): which stored claims agree and which contradict, newest
 * first by statement date else publication date, the limit per side and
 * the totals beyond it, leaving a document out, bad queries, a callback
 * that stops, and the read-only opens `check` relies on (no file, an empty
 * or older schema). Each test works on its own temp database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
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
	"  refutes there are no groups in the valley\n"
	"end\n"
	"\n"
	"proposition t.other\n"
	"  title Another proposition\n"
	"  rev 1\n"
	"  supports the river is rising\n"
	"end\n";

struct fx {
	char dir[64];
	char path[96];
	struct ct_ruleset *rs;
	struct ct_store *s;
	const struct ct_proposition *presence, *other;
	const struct ct_pattern *pat_sup, *pat_ref, *pat_other;
};

static void print_diag(const struct ct_diag *d, void *user)
{
	(void)user;
	print_message("  diag: %s:%d: %s\n", d->file ? d->file : "", d->line, d->message);
}

static int setup(void **state)
{
	struct ct_rules_options opts = { .on_diag = print_diag };
	struct fx *fx = calloc(1, sizeof *fx);
	char err[256] = "";

	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/ct-record-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof fx->path, "%s/test.db", fx->dir);
	assert_int_equal(ct_rules_load_string("test.rules", rules_text, strlen(rules_text), &opts,
					      &fx->rs), CT_OK);
	for (size_t i = 0; i < ct_ruleset_n_propositions(fx->rs); i++) {
		const struct ct_proposition *p = ct_ruleset_proposition(fx->rs, i);
		for (size_t j = 0; j < ct_proposition_n_patterns(fx->rs, i); j++) {
			const struct ct_pattern *pat = ct_proposition_pattern(fx->rs, i, j);
			if (strcmp(p->id, "t.presence") == 0) {
				fx->presence = p;
				if (pat->kind == CT_PAT_SUPPORTS)
					fx->pat_sup = pat;
				else if (pat->kind == CT_PAT_REFUTES)
					fx->pat_ref = pat;
			} else if (pat->kind == CT_PAT_SUPPORTS) {
				fx->other = p;
				fx->pat_other = pat;
			}
		}
	}
	assert_non_null(fx->pat_sup);
	assert_non_null(fx->pat_ref);
	assert_non_null(fx->pat_other);
	if (ct_store_open(fx->path, 0, &fx->s, err, sizeof err) != CT_OK)
		fail_msg("ct_store_open: %s", err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	DIR *d;
	struct dirent *e;
	char p[512];

	ct_store_close(fx->s);
	ct_ruleset_free(fx->rs);
	if ((d = opendir(fx->dir))) {
		while ((e = readdir(d)))
			if (e->d_name[0] != '.') {
				snprintf(p, sizeof p, "%s/%s", fx->dir, e->d_name);
				unlink(p);
			}
		closedir(d);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* One stored claim to make: who, when, on which side. */
struct spec {
	const char *date;        /* publication date; NULL: undated */
	const char *stated;      /* statement date; NULL: none */
	const char *speaker;
	char side;               /* 's' supports, 'r' refutes, 'o' the other proposition */
	bool hedged;
	const char *via;
	const char *outlet;
};

/* Stores one document holding one claim as `sp` says; returns its id. */
static int64_t add(struct fx *fx, const struct spec *sp)
{
	static const char *const sentences[] = {
		"Groups are present in the valley.",
		"There are no groups in the valley.",
		"The river is rising.",
	};
	static const char *const matches[] = {
		"Groups are present in the valley",
		"There are no groups in the valley",
		"river is rising",
	};
	static int serial;
	int k = sp->side == 's' ? 0 : sp->side == 'r' ? 1 : 2;
	char text[512], header[160] = "";
	struct ct_doc *doc = NULL;
	struct ct_doc_claim dc;
	struct ct_store_result res;
	const char *s, *m;
	size_t len = 0;

	if (sp->date)
		len += (size_t)snprintf(header + len, sizeof header - len, "date %s\n", sp->date);
	if (sp->outlet)
		len += (size_t)snprintf(header + len, sizeof header - len, "outlet %s\n", sp->outlet);
	/* The serial number makes each body, and so each document, new. */
	snprintf(text, sizeof text, "%s\n%s\n\nNote %d.\n", header, sentences[k], ++serial);
	assert_int_equal(ct_doc_from_text(text, strlen(text), CT_DOC_MAX_BYTES, "test.txt", &doc),
			 CT_OK);
	s = strstr(doc->body, sentences[k]);
	assert_non_null(s);
	m = strstr(s, matches[k]);
	memset(&dc, 0, sizeof dc);
	dc.claim.proposition = k == 2 ? fx->other : fx->presence;
	dc.claim.pattern = k == 0 ? fx->pat_sup : k == 1 ? fx->pat_ref : fx->pat_other;
	dc.claim.stance = k == 1 ? CT_REFUTES : CT_SUPPORTS;
	dc.claim.hedged = sp->hedged;
	dc.claim.hedge_cue = (struct ct_span){ 0, 0 };
	dc.claim.sentence_start = (size_t)(s - doc->body);
	dc.claim.sentence_end = dc.claim.sentence_start + strlen(sentences[k]);
	dc.claim.match_start = (size_t)(m - doc->body);
	dc.claim.match_end = dc.claim.match_start + strlen(matches[k]);
	dc.speaker = sp->speaker;
	dc.speaker_kind = CT_SPEAKER_PERSON;
	dc.via = sp->via;
	dc.date = doc->date;
	if (sp->stated)
		snprintf(dc.statement_date, sizeof dc.statement_date, "%s", sp->stated);
	assert_int_equal(ct_store_add_document(fx->s, fx->rs, doc, NULL, &dc, 1, &res), CT_OK);
	ct_doc_free(doc);
	return res.document_id;
}

/* What the callback saw, copied. */
struct seen {
	size_t n;
	int stop_after;          /* return non-zero after this many; 0: never */
	struct {
		char speaker[32], date[11], stated[11], via[32], outlet[32], sentence[64];
		enum ct_stance stance;
		bool hedged;
		int64_t document_id;
	} v[16];
};

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

static int collect(const struct ct_stored_claim *c, void *user)
{
	struct seen *sn = user;

	if (sn->n < 16) {
		copy(sn->v[sn->n].speaker, sizeof sn->v[0].speaker, c->speaker);
		copy(sn->v[sn->n].date, sizeof sn->v[0].date, c->date);
		copy(sn->v[sn->n].stated, sizeof sn->v[0].stated, c->statement_date);
		copy(sn->v[sn->n].via, sizeof sn->v[0].via, c->via);
		copy(sn->v[sn->n].outlet, sizeof sn->v[0].outlet, c->outlet);
		copy(sn->v[sn->n].sentence, sizeof sn->v[0].sentence, c->sentence);
		sn->v[sn->n].stance = c->stance;
		sn->v[sn->n].hedged = c->hedged;
		sn->v[sn->n].document_id = c->document_id;
	}
	sn->n++;
	return sn->stop_after && (int)sn->n >= sn->stop_after;
}

/*
 * Supports: Ann (Jan 1, Daily Planet), Bob (Mar 1, hedged), Cid (published
 * Feb 1, stated 2021-06-01, via Tolo), Dee (undated). Refutes: Eve (Feb 15),
 * Fay (Feb 20), Gus (Feb 20, stored after Fay). Another proposition: Hal.
 */
static int64_t add_all(struct fx *fx)
{
	static const struct spec specs[] = {
		{ "2022-01-01", NULL, "Ann", 's', false, NULL, "Daily Planet" },
		{ "2022-03-01", NULL, "Bob", 's', true, NULL, NULL },
		{ "2022-02-01", "2021-06-01", "Cid", 's', false, "Tolo", NULL },
		{ NULL, NULL, "Dee", 's', false, NULL, NULL },
		{ "2022-02-15", NULL, "Eve", 'r', false, NULL, NULL },
		{ "2022-02-20", NULL, "Fay", 'r', false, NULL, NULL },
		{ "2022-02-20", NULL, "Gus", 'r', false, NULL, NULL },
		{ "2022-04-01", NULL, "Hal", 'o', false, NULL, NULL },
	};
	int64_t ann = 0;

	for (size_t i = 0; i < sizeof specs / sizeof *specs; i++) {
		int64_t id = add(fx, &specs[i]);
		if (i == 0)
			ann = id;
	}
	return ann;
}

static void test_sides_newest_first(void **state)
{
	struct fx *fx = *state;
	struct ct_stance_record_query q = { "t.presence", CT_REFUTES, 10, 0 };
	struct ct_stance_record_totals t = { 99, 99 };
	struct seen sn = { 0 };
	static const char *const want[] = { "Gus", "Fay", "Eve", "Bob", "Ann", "Cid", "Dee" };

	add_all(fx);
	assert_int_equal(ct_store_stance_record(fx->s, &q, collect, &sn, &t), CT_OK);
	assert_int_equal(t.agree, 3);
	assert_int_equal(t.contradict, 4);
	assert_int_equal(sn.n, 7);
	for (size_t i = 0; i < 7; i++) {
		if (strcmp(sn.v[i].speaker, want[i]) != 0)
			fail_msg("claim %zu is by %s, wanted %s", i, sn.v[i].speaker, want[i]);
		assert_int_equal(sn.v[i].stance, i < 3 ? CT_REFUTES : CT_SUPPORTS);
	}
	/* What each carries: dates, via, outlet, hedged, the sentence. */
	assert_true(sn.v[3].hedged);
	assert_false(sn.v[4].hedged);
	assert_string_equal(sn.v[4].outlet, "Daily Planet");
	assert_string_equal(sn.v[4].sentence, "Groups are present in the valley.");
	assert_string_equal(sn.v[5].via, "Tolo");
	assert_string_equal(sn.v[5].date, "2022-02-01");
	assert_string_equal(sn.v[5].stated, "2021-06-01");
	assert_string_equal(sn.v[6].date, "");
	assert_string_equal(sn.v[0].sentence, "There are no groups in the valley.");

	/* From the other side, the sides swap. */
	memset(&sn, 0, sizeof sn);
	q.stance = CT_SUPPORTS;
	assert_int_equal(ct_store_stance_record(fx->s, &q, collect, &sn, &t), CT_OK);
	assert_int_equal(t.agree, 4);
	assert_int_equal(t.contradict, 3);
	assert_string_equal(sn.v[0].speaker, "Bob");
	assert_int_equal(sn.v[0].stance, CT_SUPPORTS);
	assert_string_equal(sn.v[4].speaker, "Gus");
	assert_int_equal(sn.v[4].stance, CT_REFUTES);
}

static void test_limit_per_side(void **state)
{
	struct fx *fx = *state;
	struct ct_stance_record_query q = { "t.presence", CT_SUPPORTS, 2, 0 };
	struct ct_stance_record_totals t;
	struct seen sn = { 0 };

	add_all(fx);
	assert_int_equal(ct_store_stance_record(fx->s, &q, collect, &sn, &t), CT_OK);
	assert_int_equal(sn.n, 4);
	assert_string_equal(sn.v[0].speaker, "Bob");
	assert_string_equal(sn.v[1].speaker, "Ann");
	assert_string_equal(sn.v[2].speaker, "Gus");
	assert_string_equal(sn.v[3].speaker, "Fay");
	/* Totals count beyond the limit. */
	assert_int_equal(t.agree, 4);
	assert_int_equal(t.contradict, 3);

	/* Limit 0: totals only, and no callback needed. */
	q.limit = 0;
	t = (struct ct_stance_record_totals){ 0, 0 };
	assert_int_equal(ct_store_stance_record(fx->s, &q, NULL, NULL, &t), CT_OK);
	assert_int_equal(t.agree, 4);
	assert_int_equal(t.contradict, 3);

	/* Totals may be left out. */
	memset(&sn, 0, sizeof sn);
	q.limit = 1;
	assert_int_equal(ct_store_stance_record(fx->s, &q, collect, &sn, NULL), CT_OK);
	assert_int_equal(sn.n, 2);
}

static void test_exclude_document(void **state)
{
	struct fx *fx = *state;
	int64_t ann = add_all(fx);
	struct ct_stance_record_query q = { "t.presence", CT_REFUTES, 10, ann };
	struct ct_stance_record_totals t;
	struct seen sn = { 0 };

	assert_true(ann > 0);
	assert_int_equal(ct_store_stance_record(fx->s, &q, collect, &sn, &t), CT_OK);
	assert_int_equal(t.agree, 3);
	assert_int_equal(t.contradict, 3);
	for (size_t i = 0; i < sn.n; i++) {
		assert_int_not_equal(sn.v[i].document_id, ann);
		assert_string_not_equal(sn.v[i].speaker, "Ann");
	}
}

static void test_empty_and_unknown(void **state)
{
	struct fx *fx = *state;
	struct ct_stance_record_query q = { "t.presence", CT_SUPPORTS, 3, 0 };
	struct ct_stance_record_totals t = { 5, 5 };
	struct seen sn = { 0 };

	assert_int_equal(ct_store_stance_record(fx->s, &q, collect, &sn, &t), CT_OK);
	assert_int_equal(t.agree, 0);
	assert_int_equal(t.contradict, 0);
	assert_int_equal(sn.n, 0);
	add_all(fx);
	q.proposition = "t.nowhere";
	t = (struct ct_stance_record_totals){ 5, 5 };
	assert_int_equal(ct_store_stance_record(fx->s, &q, collect, &sn, &t), CT_OK);
	assert_int_equal(t.agree + t.contradict, 0);
	assert_int_equal(sn.n, 0);
	/* Only its own proposition: Hal's claim is on t.other. */
	q.proposition = "t.other";
	assert_int_equal(ct_store_stance_record(fx->s, &q, collect, &sn, &t), CT_OK);
	assert_int_equal(t.agree, 1);
	assert_int_equal(t.contradict, 0);
	assert_string_equal(sn.v[0].speaker, "Hal");
}

static void test_bad_queries(void **state)
{
	struct fx *fx = *state;
	struct ct_stance_record_query q = { NULL, CT_SUPPORTS, 3, 0 };
	struct ct_stance_record_totals t = { 7, 7 };
	struct seen sn = { 0 };

	assert_int_equal(ct_store_stance_record(NULL, &q, collect, &sn, &t), CT_EINVAL);
	assert_int_equal(ct_store_stance_record(fx->s, NULL, collect, &sn, &t), CT_EINVAL);
	assert_int_equal(ct_store_stance_record(fx->s, &q, collect, &sn, &t), CT_EINVAL);
	assert_true(strlen(ct_store_errmsg(fx->s)) > 0);
	q.proposition = "t.presence";
	q.stance = CT_STANCE_NONE;
	assert_int_equal(ct_store_stance_record(fx->s, &q, collect, &sn, &t), CT_EINVAL);
	q.stance = CT_SUPPORTS;
	/* Claims to list need somewhere to go. */
	assert_int_equal(ct_store_stance_record(fx->s, &q, NULL, NULL, &t), CT_EINVAL);
	assert_int_equal(t.agree, 7);
	assert_int_equal(sn.n, 0);
}

static void test_callback_stops(void **state)
{
	struct fx *fx = *state;
	struct ct_stance_record_query q = { "t.presence", CT_SUPPORTS, 10, 0 };
	struct ct_stance_record_totals t = { 7, 7 };
	struct seen sn = { .stop_after = 2 };

	add_all(fx);
	assert_int_equal(ct_store_stance_record(fx->s, &q, collect, &sn, &t), CT_EABORT);
	assert_int_equal(sn.n, 2);
	assert_int_equal(t.agree, 7);        /* untouched */
	assert_int_equal(t.contradict, 7);
	/* The connection is usable afterwards: no transaction left open. */
	memset(&sn, 0, sizeof sn);
	assert_int_equal(ct_store_stance_record(fx->s, &q, collect, &sn, &t), CT_OK);
	assert_int_equal(sn.n, 7);
	assert_int_equal(add(fx, &(struct spec){ "2022-05-01", NULL, "Ivy", 's', false, NULL, NULL })
			 > 0, 1);
}

static void test_readonly_opens(void **state)
{
	struct fx *fx = *state;
	struct ct_stance_record_query q = { "t.presence", CT_REFUTES, 3, 0 };
	struct ct_stance_record_totals t;
	struct ct_store *ro = NULL;
	struct seen sn = { 0 };
	char err[256] = "", other[128];
	sqlite3 *db;
	FILE *f;

	add_all(fx);
	assert_int_equal(ct_store_open(fx->path, CT_STORE_READONLY, &ro, err, sizeof err), CT_OK);
	assert_int_equal(ct_store_stance_record(ro, &q, collect, &sn, &t), CT_OK);
	assert_int_equal(t.contradict, 4);
	ct_store_close(ro);
	ro = NULL;

	/* What `check` treats as "no record": no file, an empty database. */
	snprintf(other, sizeof other, "%s/missing.db", fx->dir);
	assert_int_equal(ct_store_open(other, CT_STORE_READONLY, &ro, err, sizeof err), CT_ENODB);
	assert_null(ro);
	snprintf(other, sizeof other, "%s/empty.db", fx->dir);
	f = fopen(other, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(ct_store_open(other, CT_STORE_READONLY, &ro, err, sizeof err),
			 CT_EOLDSCHEMA);
	assert_null(ro);
	assert_non_null(strstr(err, "empty"));

	/* An older schema, as a database from an earlier claimtrack has. */
	if (ct_store_schema_version() > 1) {
		assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
		snprintf(other, sizeof other, "PRAGMA user_version = %d",
			 ct_store_schema_version() - 1);
		assert_int_equal(sqlite3_exec(db, other, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
		assert_int_equal(ct_store_open(fx->path, CT_STORE_READONLY, &ro, err, sizeof err),
				 CT_EOLDSCHEMA);
		assert_null(ro);
		assert_non_null(strstr(err, "older"));
	}
	/* A newer one is still an error, not "no record". */
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	snprintf(other, sizeof other, "PRAGMA user_version = %d", ct_store_schema_version() + 3);
	assert_int_equal(sqlite3_exec(db, other, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(ct_store_open(fx->path, CT_STORE_READONLY, &ro, err, sizeof err),
			 CT_ESCHEMA);
	assert_null(ro);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sides_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_per_side, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exclude_document, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_queries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_stops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly_opens, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
