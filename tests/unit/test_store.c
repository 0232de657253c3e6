/*
 * Unit tests for the store (store.c, store_query.c, store_check.c):
 * migrations and the schema version, refusing newer or foreign databases
 * without touching them, documents with their claims, duplicates by text
 * and by url, one transaction per document, speaker and outlet aliases,
 * query filters and listings, and the integrity check on good and
 * tampered databases. Each test works on its own temp database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimtrack/claimtrack.h"

/* ---- fixtures ---- */

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
	"  rev 2\n"
	"  supports the river is rising\n"
	"end\n"
	"\n"
	"speaker Ada Lovelace\n"
	"  alias Countess Lovelace\n"
	"  alias A. Lovelace\n"
	"  role mathematician\n"
	"  org Analytical Society\n"
	"end\n"
	"\n"
	"outlet Daily Planet\n"
	"  alias The Planet\n"
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

	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/ct-store-XXXXXX");
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

static void open_store(struct fx *fx)
{
	char err[256] = "";
	int rc = ct_store_open(fx->path, 0, &fx->s, err, sizeof err);

	if (rc != CT_OK)
		fail_msg("ct_store_open: %d: %s", rc, err);
}

static void reopen(struct fx *fx)
{
	ct_store_close(fx->s);
	fx->s = NULL;
	open_store(fx);
}

/* A direct SQLite connection, for looking under the hood. */
static sqlite3 *raw(const struct fx *fx)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static void raw_exec(const struct fx *fx, const char *sql)
{
	sqlite3 *db = raw(fx);
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static long long raw_int(const struct fx *fx, const char *sql)
{
	sqlite3 *db = raw(fx);
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static struct ct_doc *make_doc(const char *text)
{
	struct ct_doc *doc = NULL;

	assert_int_equal(ct_doc_from_text(text, strlen(text), CT_DOC_MAX_BYTES, "test.txt", &doc),
			 CT_OK);
	return doc;
}

/*
 * A claim built by hand: `match` inside `sentence` inside the body, with
 * the given pattern, stance and speaker.
 */
static struct ct_doc_claim make_claim(const struct ct_doc *doc, const struct ct_proposition *p,
				      const struct ct_pattern *pat, const char *sentence,
				      const char *match, const char *speaker,
				      enum ct_speaker_kind kind)
{
	struct ct_doc_claim dc;
	const char *s = strstr(doc->body, sentence), *m;

	assert_non_null(s);
	m = strstr(s, match);
	assert_non_null(m);
	memset(&dc, 0, sizeof dc);
	dc.claim.proposition = p;
	dc.claim.pattern = pat;
	dc.claim.stance = pat->kind == CT_PAT_REFUTES ? CT_REFUTES : CT_SUPPORTS;
	dc.claim.sentence_start = (size_t)(s - doc->body);
	dc.claim.sentence_end = dc.claim.sentence_start + strlen(sentence);
	dc.claim.match_start = (size_t)(m - doc->body);
	dc.claim.match_end = dc.claim.match_start + strlen(match);
	dc.speaker = speaker;
	dc.speaker_kind = kind;
	dc.date = doc->date;
	return dc;
}

/* Stores a document with two hand-made claims; returns the result. */
static struct ct_store_result add_two(struct fx *fx, const char *header, const char *speaker,
				      const struct ct_ruleset *rs)
{
	static int serial;
	char text[512];
	struct ct_doc *doc;
	struct ct_doc_claim c[2];
	struct ct_store_result res;

	/* The serial number makes each body, and so each document, new. */
	snprintf(text, sizeof text, "%s\n\nGroups are present in the valley, %s said. "
		 "Later there are no groups in the valley at all.\n\nNote %d.\n", header, speaker,
		 ++serial);
	doc = make_doc(text);
	c[0] = make_claim(doc, fx->presence, fx->pat_sup, "Groups are present in the valley,",
			  "Groups are present in the valley", speaker, CT_SPEAKER_PERSON);
	c[1] = make_claim(doc, fx->presence, fx->pat_ref, "Later there are no groups",
			  "there are no groups in the valley", speaker, CT_SPEAKER_PERSON);
	c[1].claim.sentence_end = c[1].claim.sentence_start +
		strlen("Later there are no groups in the valley at all.");
	assert_int_equal(ct_store_add_document(fx->s, rs, doc, NULL, c, 2, &res), CT_OK);
	ct_doc_free(doc);
	return res;
}

static struct ct_store_stats stats(struct fx *fx)
{
	struct ct_store_stats st;

	assert_int_equal(ct_store_stats(fx->s, &st), CT_OK);
	return st;
}

/* ---- opening and migrating ---- */

/*
 * SQLite's memory statistics take one global mutex on every allocation
 * and every free; the store turns them off before SQLite starts, which
 * its first use (reading the file's header) would otherwise do, and the
 * setting would be refused. Listed first: it holds only in a process
 * that used SQLite through the store alone.
 */
static void test_sqlite_memory_statistics_off(void **state)
{
	struct fx *fx = *state;
	sqlite3_int64 used = -1, highest = -1;

	open_store(fx);
	assert_int_equal(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &highest, 0),
			 SQLITE_OK);
	assert_int_equal(used, 0);
	assert_int_equal(highest, 0);
}

static void test_migrations_set_user_version(void **state)
{
	struct fx *fx = *state;
	int was = -1, now = -1;

	open_store(fx);
	ct_store_versions(fx->s, &was, &now);
	assert_int_equal(was, 0);
	assert_int_equal(now, ct_store_schema_version());
	assert_true(ct_store_schema_version() >= 1);
	assert_int_equal(raw_int(fx, "PRAGMA user_version"), ct_store_schema_version());
	assert_int_equal(raw_int(fx, "PRAGMA application_id"), 1131174987);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM sqlite_master WHERE name = 'claims'"), 1);
	reopen(fx);
	ct_store_versions(fx->s, &was, &now);
	assert_int_equal(was, ct_store_schema_version());
	assert_int_equal(now, ct_store_schema_version());
}

static void test_wal(void **state)
{
	struct fx *fx = *state;
	sqlite3 *db;
	sqlite3_stmt *st;

	open_store(fx);
	db = raw(fx);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_int_equal(add_two(fx, "date 2022-01-01", "Someone", NULL).n_claims, 2);
}

struct file_state {
	struct stat st;
	char *bytes;
	size_t len;
};

static struct file_state read_state(const char *path)
{
	struct file_state fs;

	assert_int_equal(stat(path, &fs.st), 0);
	assert_int_equal(ct_read_file(path, 1u << 24, &fs.bytes, &fs.len), CT_OK);
	return fs;
}

/* The file's bytes and stat, its times first set to 2001: any write after
 * this gives it another mtime, however soon it comes. */
static struct file_state snapshot(const char *path)
{
	const struct timespec past[2] = { { .tv_sec = 978307200 }, { .tv_sec = 978307200 } };

	assert_int_equal(utimensat(AT_FDCWD, path, past, 0), 0);
	return read_state(path);
}

static void assert_unchanged(const char *path, struct file_state *before)
{
	struct file_state after = read_state(path);

	assert_int_equal(after.len, before->len);
	assert_memory_equal(after.bytes, before->bytes, after.len);
	assert_int_equal(after.st.st_mtim.tv_sec, before->st.st_mtim.tv_sec);
	assert_int_equal(after.st.st_mtim.tv_nsec, before->st.st_mtim.tv_nsec);
	free(after.bytes);
	free(before->bytes);
}

static void test_newer_schema_is_refused_untouched(void **state)
{
	struct fx *fx = *state;
	struct ct_store *s = NULL;
	struct file_state before;
	char err[256] = "", want[128], wal[128];
	int newer = ct_store_schema_version() + 6;

	open_store(fx);
	add_two(fx, "date 2022-01-01", "Someone", NULL);
	ct_store_close(fx->s);
	fx->s = NULL;
	snprintf(want, sizeof want, "PRAGMA journal_mode = DELETE; PRAGMA user_version = %d", newer);
	raw_exec(fx, want);
	before = snapshot(fx->path);

	assert_int_equal(ct_store_open(fx->path, 0, &s, err, sizeof err), CT_ESCHEMA);
	assert_null(s);
	snprintf(want, sizeof want, "newer claimtrack (schema %d, this binary knows %d)", newer,
		 ct_store_schema_version());
	if (!strstr(err, want))
		fail_msg("message '%s' lacks '%s'", err, want);
	assert_int_equal(ct_store_open(fx->path, CT_STORE_READONLY, &s, err, sizeof err), CT_ESCHEMA);
	assert_null(s);
	assert_unchanged(fx->path, &before);
	snprintf(wal, sizeof wal, "%s-wal", fx->path);
	assert_int_not_equal(access(wal, F_OK), 0);
}

static void test_foreign_files_are_refused(void **state)
{
	struct fx *fx = *state;
	struct ct_store *s = NULL;
	struct file_state before;
	char err[256] = "";
	FILE *f;

	/* Another application's database. */
	raw_exec(fx, "CREATE TABLE notes (x)");
	before = snapshot(fx->path);
	assert_int_equal(ct_store_open(fx->path, 0, &s, err, sizeof err), CT_ESCHEMA);
	assert_non_null(strstr(err, "not a claimtrack database"));
	assert_unchanged(fx->path, &before);
	unlink(fx->path);

	/* Not a database at all. */
	f = fopen(fx->path, "w");
	assert_non_null(f);
	fputs("just some text, long enough to be more than a header would be... "
	      "just some text, long enough to be more than a header would be...\n", f);
	fclose(f);
	before = snapshot(fx->path);
	assert_int_equal(ct_store_open(fx->path, 0, &s, err, sizeof err), CT_EDB);
	assert_non_null(strstr(err, "not a database"));
	assert_unchanged(fx->path, &before);
	assert_null(s);
}

static void test_readonly_needs_a_file(void **state)
{
	struct fx *fx = *state;
	struct ct_store *s = NULL;
	struct ct_store_result res;
	struct ct_doc *doc;
	char err[256] = "";

	assert_int_equal(ct_store_open(fx->path, CT_STORE_READONLY, &s, err, sizeof err), CT_ENODB);
	assert_int_not_equal(access(fx->path, F_OK), 0);
	open_store(fx);
	ct_store_close(fx->s);
	fx->s = NULL;
	assert_int_equal(ct_store_open(fx->path, CT_STORE_READONLY, &fx->s, err, sizeof err), CT_OK);
	doc = make_doc("Groups are present in the valley.");
	assert_int_equal(ct_store_add_document(fx->s, NULL, doc, NULL, NULL, 0, &res), CT_EINVAL);
	ct_doc_free(doc);
}

/* ---- documents ---- */

struct collected {
	struct ct_doc_claim v[32];
	size_t n;
};

static int collect(const struct ct_doc_claim *c, void *user)
{
	struct collected *cl = user;

	if (cl->n < 32)
		cl->v[cl->n++] = *c;
	return 0;
}

static const char article[] =
	"date 2022-03-04\n"
	"outlet The Planet\n"
	"url https://example.org/a\n"
	"title Valley news\n"
	"\n"
	"Groups are present in the valley, the mayor said on Monday.\n"
	"\n"
	"\"There are no groups in the valley,\" Countess Lovelace replied. The river is rising.\n";

/* Matches and attributes the article for real and stores it. */
static struct ct_store_result add_article(struct fx *fx, const char *text, size_t *n_found)
{
	struct ct_matcher *m = NULL;
	struct ct_attribution *a = NULL;
	struct ct_doc *doc = make_doc(text);
	struct collected cl = { .n = 0 };
	struct ct_store_result res;

	assert_int_equal(ct_matcher_new(fx->rs, print_diag, NULL, &m), CT_OK);
	assert_int_equal(ct_attribute(fx->rs, doc, &a), CT_OK);
	assert_int_equal(ct_doc_claims(m, doc, a, collect, &cl), CT_OK);
	assert_int_equal(ct_store_add_document(fx->s, fx->rs, doc, a, cl.v, cl.n, &res), CT_OK);
	*n_found = cl.n;
	ct_attribution_free(a);
	ct_doc_free(doc);
	ct_matcher_free(m);
	return res;
}

/*
 * ct_doc_claim_list_find(), what `ingest` keeps of a document, holds the
 * claims that ct_attribute() and ct_doc_claims() give, stores as they do,
 * and a list found again holds the new document's claims only.
 */
static void test_claim_list_find(void **state)
{
	struct fx *fx = *state;
	const char *texts[] = { article, "Nothing in this text is a claim." };
	struct ct_doc_claim_list list = CT_DOC_CLAIM_LIST_INIT;
	struct ct_matcher *m = NULL;
	struct ct_doc *docs[2];
	struct ct_store_result res;

	open_store(fx);
	assert_int_equal(ct_matcher_new(fx->rs, print_diag, NULL, &m), CT_OK);
	for (size_t k = 0; k < 2; k++) {
		struct ct_doc *doc = docs[k] = make_doc(texts[k]);
		struct ct_attribution *a = NULL;
		struct collected want = { .n = 0 };

		assert_int_equal(ct_attribute(fx->rs, doc, &a), CT_OK);
		assert_int_equal(ct_doc_claims(m, doc, a, collect, &want), CT_OK);
		assert_int_equal(ct_doc_claim_list_find(&list, m, fx->rs, doc), CT_OK);
		assert_non_null(list.a);
		assert_int_equal(list.n_claims, want.n);
		assert_true(k == 0 ? want.n >= 3 : want.n == 0);
		for (size_t i = 0; i < want.n; i++) {
			assert_int_equal(list.claims[i].claim.match_start, want.v[i].claim.match_start);
			assert_int_equal(list.claims[i].claim.stance, want.v[i].claim.stance);
			assert_string_equal(list.claims[i].speaker, want.v[i].speaker);
		}
		assert_int_equal(ct_store_add_document(fx->s, fx->rs, doc, list.a, list.claims,
						       list.n_claims, &res), CT_OK);
		assert_int_equal(res.n_claims, want.n);
		ct_attribution_free(a);
	}
	ct_doc_claim_list_release(&list);
	ct_doc_free(docs[0]);
	ct_doc_free(docs[1]);
	assert_null(list.a);
	assert_null(list.claims);
	ct_doc_claim_list_release(NULL);
	ct_matcher_free(m);
}

static void test_add_document_and_duplicates(void **state)
{
	struct fx *fx = *state;
	struct ct_store_result res, again;
	struct ct_store_stats st;
	size_t n = 0, n2 = 0;
	char changed[sizeof article + 64];

	open_store(fx);
	res = add_article(fx, article, &n);
	assert_true(n >= 3);
	assert_false(res.duplicate);
	assert_true(res.document_id > 0);
	assert_int_equal(res.n_claims, n);
	st = stats(fx);
	assert_int_equal(st.documents, 1);
	assert_int_equal(st.claims, n);
	assert_int_equal(st.propositions, 2);
	assert_string_equal(st.first_date, "2022-03-04");
	/* The outlet alias from the header is stored under the canonical name. */
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM documents d JOIN outlets o "
				 "ON o.id = d.outlet_id WHERE o.name = 'Daily Planet'"), 1);

	/* A cheap look finds it before any matching. */
	{
		struct ct_doc *doc = make_doc(article);
		int64_t id = -1;
		assert_int_equal(ct_store_find_document(fx->s, doc, &id), CT_OK);
		assert_int_equal(id, res.document_id);
		ct_doc_free(doc);
		doc = make_doc("Something else entirely.");
		assert_int_equal(ct_store_find_document(fx->s, doc, &id), CT_OK);
		assert_int_equal(id, 0);
		ct_doc_free(doc);
	}

	/* The same text again: nothing changes. */
	again = add_article(fx, article, &n2);
	assert_true(again.duplicate);
	assert_int_equal(again.document_id, res.document_id);
	assert_int_equal(again.n_claims, 0);
	st = stats(fx);
	assert_int_equal(st.documents, 1);
	assert_int_equal(st.claims, n);

	/* The same url with other text (an updated article): a duplicate too. */
	snprintf(changed, sizeof changed, "%sThe river is rising again.\n", article);
	again = add_article(fx, changed, &n2);
	assert_true(again.duplicate);
	assert_int_equal(again.document_id, res.document_id);
	assert_int_equal(stats(fx).claims, n);

	/* The same text under another url: a duplicate by its hash. */
	memcpy(changed, article, sizeof article);
	memcpy(strstr(changed, "example.org/a"), "example.org/b", 13);
	again = add_article(fx, changed, &n2);
	assert_true(again.duplicate);
	assert_int_equal(stats(fx).documents, 1);
}

static void test_one_transaction_per_document(void **state)
{
	struct fx *fx = *state;
	struct ct_doc *doc;
	struct ct_doc_claim c[3];
	struct ct_store_result res = { .document_id = 77 };
	const char *text = "date 2022-02-02\nurl https://example.org/t\n\n"
		"Groups are present in the valley, Newcomer said. "
		"There are no groups in the valley, Newcomer added. The river is rising.";
	int rc;

	open_store(fx);
	add_two(fx, "date 2022-01-01", "Someone", NULL);
	/* A trigger made by another connection fails the second claim. */
	raw_exec(fx, "CREATE TRIGGER fail_second BEFORE INSERT ON claims WHEN NEW.seq = 2 "
		     "BEGIN SELECT RAISE(ABORT, 'forced failure'); END");
	doc = make_doc(text);
	c[0] = make_claim(doc, fx->presence, fx->pat_sup, "Groups are present in the valley,",
			  "Groups are present in the valley", "Newcomer", CT_SPEAKER_PERSON);
	c[1] = make_claim(doc, fx->presence, fx->pat_ref, "There are no groups in the valley,",
			  "There are no groups in the valley", "Newcomer", CT_SPEAKER_PERSON);
	c[2] = make_claim(doc, fx->other, fx->pat_other, "The river is rising.",
			  "river is rising", "Other Speaker", CT_SPEAKER_PERSON);
	rc = ct_store_add_document(fx->s, fx->rs, doc, NULL, c, 3, &res);
	assert_int_equal(rc, CT_EDB);
	assert_non_null(strstr(ct_store_errmsg(fx->s), "forced failure"));
	assert_int_equal(res.document_id, 77);    /* out untouched on failure */
	/* Nothing of it remains: no document, claims, speakers or outlets. */
	assert_int_equal(stats(fx).documents, 1);
	assert_int_equal(stats(fx).claims, 2);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM documents WHERE url = 'https://example.org/t'"), 0);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM speakers WHERE name = 'Newcomer'"), 0);
	/* The ruleset's speakers were synced in that same transaction: gone too. */
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM speakers WHERE name = 'Ada Lovelace'"), 0);

	/* Without the trigger the same document goes in whole. */
	raw_exec(fx, "DROP TRIGGER fail_second");
	assert_int_equal(ct_store_add_document(fx->s, fx->rs, doc, NULL, c, 3, &res), CT_OK);
	assert_false(res.duplicate);
	assert_int_equal(res.n_claims, 3);
	assert_int_equal(res.n_speakers, 2);
	assert_int_equal(stats(fx).claims, 5);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM speakers WHERE name = 'Ada Lovelace'"), 1);
	ct_doc_free(doc);
}

static void test_invalid_claims_write_nothing(void **state)
{
	struct fx *fx = *state;
	struct ct_doc *doc;
	struct ct_doc_claim c[2];
	struct ct_store_result res;

	open_store(fx);
	doc = make_doc("Groups are present in the valley. There are no groups in the valley.");
	c[0] = make_claim(doc, fx->presence, fx->pat_sup, "Groups are present in the valley.",
			  "Groups are present", "X", CT_SPEAKER_PERSON);
	c[1] = c[0];
	c[1].claim.stance = CT_STANCE_NONE;
	assert_int_equal(ct_store_add_document(fx->s, NULL, doc, NULL, c, 2, &res), CT_EINVAL);
	assert_non_null(strstr(ct_store_errmsg(fx->s), "claim 2"));
	c[1] = c[0];
	c[1].claim.match_end = doc->body_len + 5;
	assert_int_equal(ct_store_add_document(fx->s, NULL, doc, NULL, c, 2, &res), CT_EINVAL);
	c[1] = c[0];
	c[1].claim.proposition = NULL;
	assert_int_equal(ct_store_add_document(fx->s, NULL, doc, NULL, c, 2, &res), CT_EINVAL);
	assert_int_equal(stats(fx).documents, 0);
	assert_int_equal(stats(fx).claims, 0);
	ct_doc_free(doc);
}

/* A ruleset whose only proposition is t.presence at revision `rev`. */
static struct ct_ruleset *presence_rev(int rev, const struct ct_proposition **p,
				       const struct ct_pattern **pat)
{
	struct ct_rules_options opts = { .on_diag = print_diag };
	struct ct_ruleset *rs = NULL;
	char text[256];

	snprintf(text, sizeof text, "proposition t.presence\n  title Present, revision %d\n"
		 "  rev %d\n  supports groups are present in the valley\nend\n", rev, rev);
	assert_int_equal(ct_rules_load_string("rev.rules", text, strlen(text), &opts, &rs), CT_OK);
	*p = ct_ruleset_proposition(rs, 0);
	*pat = ct_proposition_pattern(rs, 0, 0);
	return rs;
}

/* Stores a new document with one claim of p; returns the document's id. */
static int64_t store_one(struct fx *fx, const struct ct_ruleset *rs,
			 const struct ct_proposition *p, const struct ct_pattern *pat)
{
	static int serial;
	char text[128];
	struct ct_doc *doc;
	struct ct_doc_claim c;
	struct ct_store_result res;

	snprintf(text, sizeof text, "Groups are present in the valley. Note %d.", ++serial);
	doc = make_doc(text);
	c = make_claim(doc, p, pat, "Groups are present in the valley.",
		       "Groups are present in the valley", "X", CT_SPEAKER_PERSON);
	assert_int_equal(ct_store_add_document(fx->s, rs, doc, NULL, &c, 1, &res), CT_OK);
	ct_doc_free(doc);
	return res.document_id;
}

/* Stores as store_one() does; returns the revision of the proposition row
 * its claim names. */
static long long store_rev(struct fx *fx, const struct ct_ruleset *rs,
			   const struct ct_proposition *p, const struct ct_pattern *pat)
{
	char sql[160];

	snprintf(sql, sizeof sql, "SELECT p.rev FROM claims c JOIN propositions p "
		 "ON p.pk = c.proposition_pk WHERE c.document_id = %lld",
		 (long long)store_one(fx, rs, p, pat));
	return raw_int(fx, sql);
}

/*
 * Each claim names its proposition as the ruleset it was stored with has
 * it, however rulesets alternate on one store and batches that recorded
 * one are rolled back.
 */
static void test_claims_name_their_rulesets_proposition(void **state)
{
	struct fx *fx = *state;
	const struct ct_proposition *p2, *p3;
	const struct ct_pattern *pat2, *pat3;
	struct ct_ruleset *rs2 = presence_rev(2, &p2, &pat2), *rs3 = presence_rev(3, &p3, &pat3);

	open_store(fx);
	assert_int_equal(store_rev(fx, fx->rs, fx->presence, fx->pat_sup), 1);
	assert_int_equal(store_rev(fx, rs2, p2, pat2), 2);
	assert_int_equal(store_rev(fx, fx->rs, fx->presence, fx->pat_sup), 1);
	assert_int_equal(store_rev(fx, fx->rs, fx->presence, fx->pat_sup), 1);
	/* Revision 3 is first recorded in a batch that is rolled back. */
	assert_int_equal(ct_store_begin(fx->s), CT_OK);
	store_one(fx, rs3, p3, pat3);
	ct_store_rollback(fx->s);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM propositions WHERE rev = 3"), 0);
	assert_int_equal(store_rev(fx, rs3, p3, pat3), 3);
	assert_int_equal(store_rev(fx, rs2, p2, pat2), 2);
	assert_int_equal(store_rev(fx, rs3, p3, pat3), 3);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM claims"), 7);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM propositions WHERE id = 't.presence'"), 3);
	ct_ruleset_free(rs2);
	ct_ruleset_free(rs3);
}

/* ---- speakers ---- */

struct names {
	char v[16][64];
	size_t claims[16];
	bool from_rules[16];
	size_t n;
};

static int on_speaker(const struct ct_store_speaker *sp, void *user)
{
	struct names *nm = user;

	if (nm->n < 16) {
		snprintf(nm->v[nm->n], sizeof nm->v[0], "%s", sp->name);
		nm->claims[nm->n] = sp->n.claims;
		nm->from_rules[nm->n] = sp->from_rules;
		nm->n++;
	}
	return 0;
}

static size_t speaker_claims(struct fx *fx, const char *name, bool *found)
{
	struct names nm = { .n = 0 };

	assert_int_equal(ct_store_speakers(fx->s, on_speaker, &nm), CT_OK);
	*found = false;
	for (size_t i = 0; i < nm.n; i++)
		if (strcmp(nm.v[i], name) == 0) {
			*found = true;
			return nm.claims[i];
		}
	return 0;
}

struct count {
	size_t n;
	char last_date[11];
};

static int count_claim(const struct ct_stored_claim *c, void *user)
{
	struct count *k = user;

	if (c->date && k->n > 0)
		assert_true(strcmp(k->last_date, c->date) <= 0);   /* by date */
	snprintf(k->last_date, sizeof k->last_date, "%s", c->date ? c->date : "");
	k->n++;
	return 0;
}

static size_t count_claims(struct fx *fx, const struct ct_claim_filter *f)
{
	struct count k = { 0, "" };

	assert_int_equal(ct_store_claims(fx->s, f, count_claim, &k), CT_OK);
	return k.n;
}

static void test_speaker_aliases_are_canonical(void **state)
{
	struct fx *fx = *state;
	struct ct_claim_filter f = { .speaker = "countess lovelace" };
	bool found;

	open_store(fx);
	/* Stored before the rules are known: under the alias. */
	add_two(fx, "date 2022-01-01", "Countess Lovelace", NULL);
	assert_int_equal(speaker_claims(fx, "Countess Lovelace", &found), 2);
	assert_true(found);
	/* With the rules, the alias merges into the canonical speaker, and a
	 * new claim under another alias joins it. */
	add_two(fx, "date 2022-01-02", "A. Lovelace", fx->rs);
	assert_int_equal(speaker_claims(fx, "Ada Lovelace", &found), 4);
	assert_true(found);
	speaker_claims(fx, "Countess Lovelace", &found);
	assert_false(found);
	speaker_claims(fx, "A. Lovelace", &found);
	assert_false(found);
	/* Filters take aliases, in any case. */
	assert_int_equal(count_claims(fx, &f), 4);
	f.speaker = "ADA LOVELACE";
	assert_int_equal(count_claims(fx, &f), 4);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM speakers WHERE name = 'Ada Lovelace' "
				 "AND role = 'mathematician' AND org = 'Analytical Society' AND from_rules = 1"), 1);
	/* Syncing again changes nothing. */
	assert_int_equal(ct_store_sync_rules(fx->s, fx->rs), CT_OK);
	assert_int_equal(raw_int(fx, "SELECT count(*) FROM speaker_aliases"), 2);
}

/* ---- queries ---- */

static void test_claim_filters(void **state)
{
	struct fx *fx = *state;
	struct ct_claim_filter f;

	open_store(fx);
	add_two(fx, "date 2022-01-03\noutlet Daily Planet", "Ada Lovelace", fx->rs);
	add_two(fx, "date 2022-01-01\noutlet Other Paper", "Bob Builder", fx->rs);
	add_two(fx, "date 2022-02-01\noutlet The Planet", "Carol Singer", fx->rs);

	assert_int_equal(count_claims(fx, NULL), 6);
	f = (struct ct_claim_filter){ .proposition = "t.presence" };
	assert_int_equal(count_claims(fx, &f), 6);
	f = (struct ct_claim_filter){ .proposition = "t.other" };
	assert_int_equal(count_claims(fx, &f), 0);
	f = (struct ct_claim_filter){ .stance = CT_REFUTES };
	assert_int_equal(count_claims(fx, &f), 3);
	f = (struct ct_claim_filter){ .speaker = "Bob Builder" };
	assert_int_equal(count_claims(fx, &f), 2);
	f = (struct ct_claim_filter){ .outlet = "the planet" };   /* alias: both Planet documents */
	assert_int_equal(count_claims(fx, &f), 4);
	f = (struct ct_claim_filter){ .since = "2022-01-02" };
	assert_int_equal(count_claims(fx, &f), 4);
	f = (struct ct_claim_filter){ .since = "2022-01-02", .until = "2022-01-31" };
	assert_int_equal(count_claims(fx, &f), 2);
	f = (struct ct_claim_filter){ .until = "2021-12-31" };
	assert_int_equal(count_claims(fx, &f), 0);
	f = (struct ct_claim_filter){ .stance = CT_SUPPORTS, .outlet = "Daily Planet",
				      .since = "2022-02-01" };
	assert_int_equal(count_claims(fx, &f), 1);
	f = (struct ct_claim_filter){ .speaker = "Nobody" };
	assert_int_equal(count_claims(fx, &f), 0);
	f = (struct ct_claim_filter){ .since = "2022-1-1" };
	assert_int_equal(ct_store_claims(fx->s, &f, count_claim, &(struct count){ 0, "" }), CT_EINVAL);
}

struct props {
	size_t n;
	size_t presence_claims, presence_supports, presence_refutes, presence_docs;
	int other_rev;
};

static int on_prop(const struct ct_store_proposition *p, void *user)
{
	struct props *k = user;

	k->n++;
	if (strcmp(p->id, "t.presence") == 0) {
		k->presence_claims = p->n.claims;
		k->presence_supports = p->n.supports;
		k->presence_refutes = p->n.refutes;
		k->presence_docs = p->n.documents;
	} else {
		k->other_rev = p->rev;
	}
	return 0;
}

struct outs {
	size_t n, planet_docs, planet_claims;
};

static int on_outlet(const struct ct_store_outlet *o, void *user)
{
	struct outs *k = user;

	k->n++;
	if (strcmp(o->name, "Daily Planet") == 0) {
		k->planet_docs = o->n.documents;
		k->planet_claims = o->n.claims;
	}
	return 0;
}

static void test_listings(void **state)
{
	struct fx *fx = *state;
	struct props p = { 0 };
	struct outs o = { 0 };
	struct ct_store_stats st;

	open_store(fx);
	/* The bodies differ by a word or two: no copies of one story here. */
	assert_int_equal(ct_store_set_copy_threshold(fx->s, -1), CT_OK);
	add_two(fx, "date 2022-01-03\noutlet Daily Planet", "Ada Lovelace", fx->rs);
	add_two(fx, "date 2022-01-05\noutlet The Planet", "Bob Builder", fx->rs);
	add_two(fx, "date 2022-01-01\noutlet Other Paper", "Bob Builder", fx->rs);
	assert_int_equal(ct_store_propositions(fx->s, on_prop, &p), CT_OK);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.presence_claims, 6);
	assert_int_equal(p.presence_supports, 3);
	assert_int_equal(p.presence_refutes, 3);
	assert_int_equal(p.presence_docs, 3);
	assert_int_equal(p.other_rev, 2);
	assert_int_equal(ct_store_outlets(fx->s, on_outlet, &o), CT_OK);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.planet_docs, 2);
	assert_int_equal(o.planet_claims, 4);
	st = stats(fx);
	assert_int_equal(st.documents, 3);
	assert_int_equal(st.claims, 6);
	assert_int_equal(st.outlets, 2);
	assert_int_equal(st.speakers, 2);    /* Ada Lovelace and Bob Builder */
	assert_string_equal(st.first_date, "2022-01-01");
	assert_string_equal(st.last_date, "2022-01-05");
	assert_int_equal(st.speakers_with_claims, 2);
	assert_int_equal(st.outlets_with_documents, 2);
	assert_int_equal(st.outlets_from_rules, 1);   /* Daily Planet */
	/* Bob's second document a copy of his first: its claims, the same,
	 * count once; Ada's, another speaker's, count. */
	raw_exec(fx, "UPDATE documents SET copy_of = 2 WHERE id = 3");
	memset(&p, 0, sizeof p);
	assert_int_equal(ct_store_propositions(fx->s, on_prop, &p), CT_OK);
	assert_int_equal(p.presence_claims, 4);
	assert_int_equal(p.presence_supports, 2);
	assert_int_equal(p.presence_docs, 2);
}

/* ---- listings by period and proposition ---- */

static void test_listings_filtered(void **state)
{
	struct fx *fx = *state;
	struct ct_list_filter f = { .since = "2022-01-04" };
	struct names nm = { .n = 0 };
	struct outs o = { 0 };

	open_store(fx);
	add_two(fx, "date 2022-01-03\noutlet Daily Planet", "Ada Lovelace", fx->rs);
	add_two(fx, "date 2022-01-05\noutlet The Planet", "Bob Builder", fx->rs);
	add_two(fx, "date 2022-01-01\noutlet Other Paper", "Bob Builder", fx->rs);
	/* Only Bob spoke since the 4th, twice; Ada is listed with --all. */
	assert_int_equal(ct_store_speakers_in(fx->s, &f, on_speaker, &nm), CT_OK);
	assert_int_equal(nm.n, 1);
	assert_string_equal(nm.v[0], "Bob Builder");
	assert_int_equal(nm.claims[0], 2);
	f.all = true;
	nm.n = 0;
	assert_int_equal(ct_store_speakers_in(fx->s, &f, on_speaker, &nm), CT_OK);
	assert_int_equal(nm.n, 2);
	assert_string_equal(nm.v[1], "Ada Lovelace");
	assert_int_equal(nm.claims[1], 0);
	/* Outlets: the Planet's one document of the period. */
	f = (struct ct_list_filter){ .since = "2022-01-04" };
	assert_int_equal(ct_store_outlets_in(fx->s, &f, on_outlet, &o), CT_OK);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.planet_docs, 1);
	assert_int_equal(o.planet_claims, 2);
	/* A proposition with no claims: nobody is active. */
	f = (struct ct_list_filter){ .proposition = "t.other" };
	nm.n = 0;
	o.n = 0;
	assert_int_equal(ct_store_speakers_in(fx->s, &f, on_speaker, &nm), CT_OK);
	assert_int_equal(nm.n, 0);
	assert_int_equal(ct_store_outlets_in(fx->s, &f, on_outlet, &o), CT_OK);
	assert_int_equal(o.n, 0);
	f = (struct ct_list_filter){ .until = "2022-1-1" };
	assert_int_equal(ct_store_speakers_in(fx->s, &f, on_speaker, &nm), CT_EINVAL);
}

/* ---- outlets asserting in their own voice ---- */

/* One claim of a document made by add_voiced(). */
struct voiced {
	const char *sentence, *match;
	bool refutes, hedged;
	const char *speaker;          /* NULL: the outlet's own voice */
	enum ct_speaker_kind kind;
};

/* Stores a document of the given claims, one sentence each; a claim without
 * a speaker is the outlet's own voice (the narrator, named by the outlet). */
static void add_voiced(struct fx *fx, const char *outlet, const char *date,
		       const struct voiced *v, size_t n)
{
	static int serial;
	char text[2048];
	size_t len;
	struct ct_doc *doc;
	struct ct_doc_claim c[8];
	struct ct_store_result res;

	assert_true(n <= 8);
	len = (size_t)snprintf(text, sizeof text, "date %s\noutlet %s\n\n", date, outlet);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, sizeof text - len, "%s\n\n", v[i].sentence);
	snprintf(text + len, sizeof text - len, "Note %d.\n", ++serial);
	doc = make_doc(text);
	for (size_t i = 0; i < n; i++) {
		c[i] = make_claim(doc, fx->presence, v[i].refutes ? fx->pat_ref : fx->pat_sup,
				  v[i].sentence, v[i].match, v[i].speaker ? v[i].speaker : outlet,
				  v[i].speaker ? v[i].kind : CT_SPEAKER_NARRATOR);
		c[i].claim.hedged = v[i].hedged;
	}
	assert_int_equal(ct_store_add_document(fx->s, fx->rs, doc, NULL, c, n, &res), CT_OK);
	ct_doc_free(doc);
}

static const struct ct_report_speaker *find_entry(const struct ct_report_speaker *v, size_t n,
						  const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

struct kinds {
	char v[8][96];   /* "name kind claims" */
	size_t n;
};

static int on_speaker_kind(const struct ct_store_speaker *sp, void *user)
{
	struct kinds *k = user;

	if (k->n < 8)
		snprintf(k->v[k->n++], sizeof k->v[0], "%s %s %zu", sp->name,
			 ct_speaker_kind_name(sp->kind), sp->n.claims);
	return 0;
}

/*
 * An outlet's own voice is listed apart from the speakers: never among the
 * supporters or refuters, with its counts and a sample claim; the same
 * name quoted elsewhere is a speaker (an organization). As a party it
 * takes part in contradictions and stance changes.
 */
static void test_report_own_voice(void **state)
{
	struct fx *fx = *state;
	const char *only[] = { "t.presence" };
	struct ct_report_options o = { .propositions = only, .n_propositions = 1 };
	struct ct_report *r = NULL;
	const struct ct_report_proposition *p;
	const struct ct_report_speaker *e;
	struct kinds k = { .n = 0 };
	bool planet_vs_bob = false;

	open_store(fx);
	/* The Planet asserts in its own voice and reports Bob, who disagrees. */
	add_voiced(fx, "Daily Planet", "2022-01-03", (const struct voiced[]){
		{ "Groups are present in the valley.", "Groups are present in the valley" },
		{ "Bob Builder said there are no groups in the valley.",
		  "there are no groups in the valley", true, false, "Bob Builder",
		  CT_SPEAKER_PERSON },
	}, 2);
	/* Another paper quotes the Planet by name (an organization), and
	 * hedges in its own voice. */
	add_voiced(fx, "Other Paper", "2022-01-05", (const struct voiced[]){
		{ "Daily Planet said groups are present in the valley.",
		  "groups are present in the valley", false, false, "Daily Planet",
		  CT_SPEAKER_ORGANIZATION },
		{ "Perhaps groups are present in the valley.", "groups are present in the valley",
		  false, true },
	}, 2);
	/* The Planet changes its mind, in its own voice. */
	add_voiced(fx, "Daily Planet", "2022-01-07", (const struct voiced[]){
		{ "Now there are no groups in the valley.", "there are no groups in the valley",
		  true },
	}, 1);

	assert_int_equal(ct_report_build(fx->s, &o, &r), CT_OK);
	assert_int_equal(r->n_propositions, 1);
	p = &r->propositions[0];
	/* Claims of every voice are counted; the outlets' own apart as well. */
	assert_int_equal(p->supports, 2);
	assert_int_equal(p->refutes, 2);
	assert_int_equal(p->hedged_supports, 1);
	assert_int_equal(p->own_supports, 1);
	assert_int_equal(p->own_refutes, 1);
	assert_int_equal(p->own_hedged_supports, 1);
	assert_int_equal(p->own_hedged_refutes, 0);
	/* The speakers: the Planet only where it is quoted, as an organization. */
	assert_int_equal(p->speakers_supporting, 1);
	assert_int_equal(p->n_supporters, 1);
	assert_string_equal(p->supporters[0].name, "Daily Planet");
	assert_int_equal(p->supporters[0].kind, CT_SPEAKER_ORGANIZATION);
	assert_int_equal(p->supporters[0].claims, 1);
	assert_null(p->supporters[0].sample);
	assert_int_equal(p->speakers_refuting, 1);
	assert_int_equal(p->n_refuters, 1);
	assert_string_equal(p->refuters[0].name, "Bob Builder");
	assert_null(find_entry(p->refuters, p->n_refuters, "Other Paper"));
	/* The outlets in their own voice, each with its newest claim. */
	assert_int_equal(p->outlets_supporting, 1);
	assert_int_equal(p->outlets_refuting, 1);
	assert_int_equal(p->n_own_supporters, 1);
	assert_int_equal(p->n_own_refuters, 1);
	e = &p->own_supporters[0];
	assert_string_equal(e->name, "Daily Planet");
	assert_int_equal(e->kind, CT_SPEAKER_NARRATOR);
	assert_null(e->role);
	assert_int_equal(e->claims, 1);
	assert_non_null(e->sample);
	assert_string_equal(e->sample->sentence, "Groups are present in the valley.");
	assert_int_equal(e->sample->speaker_kind, CT_SPEAKER_NARRATOR);
	e = &p->own_refuters[0];
	assert_string_equal(e->name, "Daily Planet");
	assert_string_equal(e->first, "2022-01-07");
	assert_non_null(e->sample);
	assert_string_equal(e->sample->sentence, "Now there are no groups in the valley.");
	/* Only hedged in its own voice: Other Paper is in no list. */
	assert_null(find_entry(p->own_supporters, p->n_own_supporters, "Other Paper"));
	/* The Planet is a party: against Bob, in its own voice; one party with
	 * its quoted self, so never against itself. Parties: the Planet on
	 * both sides, Bob refuting: one pair. */
	assert_int_equal(p->contradicting_pairs, 1);
	for (size_t i = 0; i < p->n_contradictions; i++) {
		const struct ct_report_contradiction *c = &p->contradictions[i];
		assert_string_not_equal(c->supports->speaker, c->refutes->speaker);
		planet_vs_bob = planet_vs_bob ||
			(strcmp(c->supports->speaker, "Daily Planet") == 0 &&
			 strcmp(c->refutes->speaker, "Bob Builder") == 0);
	}
	assert_true(planet_vs_bob);
	/* Its stance change: supports (quoted, 01-05) to refutes (own voice). */
	assert_int_equal(p->n_changes, 1);
	assert_string_equal(p->changes[0].speaker, "Daily Planet");
	assert_int_equal(p->changes[0].to->speaker_kind, CT_SPEAKER_NARRATOR);
	/* The summary counts speakers, not outlets' own voice: Bob, the quoted
	 * Planet. */
	assert_int_equal(r->speakers, 2);
	assert_int_equal(r->outlets, 2);
	ct_report_free(r);

	/* The speakers listing: the own voice a row of its own, kind narrator. */
	assert_int_equal(ct_store_speakers_in(fx->s, &(struct ct_list_filter){ .all = false },
					      on_speaker_kind, &k), CT_OK);
	assert_int_equal(k.n, 4);
	assert_string_equal(k.v[0], "Daily Planet narrator 2");
	assert_string_equal(k.v[1], "Bob Builder person 1");
	assert_string_equal(k.v[2], "Daily Planet organization 1");
	assert_string_equal(k.v[3], "Other Paper narrator 1");
}

/* ---- names a user types ---- */

static void expect_lookup(struct fx *fx, enum ct_name_table table, const char *name,
			  enum ct_name_match how, size_t n, const char *first)
{
	struct ct_name_lookup lk;

	assert_int_equal(ct_store_lookup_name(fx->s, table, name, &lk), CT_OK);
	if (lk.how != how || lk.n != n || (first && (lk.n_names == 0 ||
						     strcmp(lk.names[0], first) != 0)) ||
	    (!first && lk.n_names != 0))
		fail_msg("'%s': level %d, %zu matches, first '%s'; wanted %d, %zu, '%s'", name,
			 lk.how, lk.n, lk.n_names ? lk.names[0] : "", how, n, first ? first : "");
	ct_name_lookup_release(&lk);
}

static void test_lookup_name(void **state)
{
	struct fx *fx = *state;
	struct ct_name_lookup lk = { .how = CT_NAME_PREFIX, .n = 7 };

	open_store(fx);
	add_two(fx, "date 2022-01-03\noutlet Daily Planet", "Ada Lovelace", fx->rs);
	add_two(fx, "date 2022-01-05\noutlet Other Paper", "Bob Builder", fx->rs);
	add_two(fx, "date 2022-01-06", "Bob Marley", fx->rs);
	add_two(fx, "date 2022-01-07", "Bob", fx->rs);
	expect_lookup(fx, CT_NAME_SPEAKER, "ADA LOVELACE", CT_NAME_CANONICAL, 1, "Ada Lovelace");
	expect_lookup(fx, CT_NAME_SPEAKER, "countess lovelace", CT_NAME_ALIAS, 1, "Ada Lovelace");
	expect_lookup(fx, CT_NAME_SPEAKER, " lovelace ", CT_NAME_SURNAME, 1, "Ada Lovelace");
	expect_lookup(fx, CT_NAME_SPEAKER, "Ada", CT_NAME_PREFIX, 1, "Ada Lovelace");
	/* The exact name wins over the start of two others. */
	expect_lookup(fx, CT_NAME_SPEAKER, "bob", CT_NAME_CANONICAL, 1, "Bob");
	expect_lookup(fx, CT_NAME_SPEAKER, "Bob ", CT_NAME_CANONICAL, 1, "Bob");
	expect_lookup(fx, CT_NAME_SPEAKER, "Bob M", CT_NAME_PREFIX, 1, "Bob Marley");
	/* Ambiguous: both listed, by name. */
	assert_int_equal(ct_store_lookup_name(fx->s, CT_NAME_SPEAKER, "Bo", &lk), CT_OK);
	assert_int_equal(lk.how, CT_NAME_PREFIX);
	assert_int_equal(lk.n, 3);
	assert_int_equal(lk.n_names, 3);
	assert_string_equal(lk.names[0], "Bob");
	assert_string_equal(lk.names[1], "Bob Builder");
	assert_string_equal(lk.names[2], "Bob Marley");
	ct_name_lookup_release(&lk);
	/* Nothing matches: the closest spellings, or none. */
	expect_lookup(fx, CT_NAME_SPEAKER, "Buildr", CT_NAME_NONE, 0, "Bob Builder");
	expect_lookup(fx, CT_NAME_SPEAKER, "zzzzzz", CT_NAME_NONE, 0, NULL);
	/* Outlets: an alias's last word is the same outlet. */
	expect_lookup(fx, CT_NAME_OUTLET, "planet", CT_NAME_SURNAME, 1, "Daily Planet");
	expect_lookup(fx, CT_NAME_OUTLET, "the planet", CT_NAME_ALIAS, 1, "Daily Planet");
	expect_lookup(fx, CT_NAME_OUTLET, "other", CT_NAME_PREFIX, 1, "Other Paper");
	/* No name: an error, and *out untouched. */
	lk = (struct ct_name_lookup){ .how = CT_NAME_PREFIX, .n = 7 };
	assert_int_equal(ct_store_lookup_name(fx->s, CT_NAME_SPEAKER, " \t", &lk), CT_EINVAL);
	assert_int_equal(lk.how, CT_NAME_PREFIX);
	assert_int_equal(lk.n, 7);
	ct_name_lookup_release(NULL);
}

/* ---- check ---- */

struct problems {
	size_t n;
	char first[256];
};

static void on_problem(const char *msg, void *user)
{
	struct problems *p = user;

	if (p->n++ == 0)
		snprintf(p->first, sizeof p->first, "%s", msg);
}

static struct problems check(struct fx *fx)
{
	struct problems p = { 0, "" };
	size_t n = 99;

	reopen(fx);
	assert_int_equal(ct_store_check(fx->s, on_problem, &p, &n), CT_OK);
	assert_int_equal(n, p.n);
	return p;
}

static void expect_problem(struct fx *fx, const char *tamper, const char *want)
{
	struct problems p;

	raw_exec(fx, tamper);
	p = check(fx);
	if (p.n == 0 || !strstr(p.first, want))
		fail_msg("after \"%s\": %zu problems, first '%s', wanted '%s'", tamper, p.n, p.first,
			 want);
}

static void populate(struct fx *fx)
{
	open_store(fx);
	add_two(fx, "date 2022-01-03\noutlet Daily Planet", "Ada Lovelace", fx->rs);
	add_two(fx, "date 2022-01-05\nurl https://x.org/1", "Bob Builder", fx->rs);
	assert_int_equal(check(fx).n, 0);
}

static void test_check_offsets(void **state)
{
	struct fx *fx = *state;

	populate(fx);
	expect_problem(fx, "UPDATE claims SET match_end = match_end + 1000 WHERE id = 1",
		       "offsets out of order");
}

static void test_check_text(void **state)
{
	struct fx *fx = *state;

	populate(fx);
	expect_problem(fx, "UPDATE claims SET match = upper(match) WHERE id = 2",
		       "not the sentence's text");
}

static void test_check_missing_claim(void **state)
{
	struct fx *fx = *state;

	populate(fx);
	expect_problem(fx, "DELETE FROM claims WHERE id = 3", "has 1 claim, 2 were written");
}

static void test_check_missing_proposition(void **state)
{
	struct fx *fx = *state;

	populate(fx);
	/* The raw connection has foreign keys off, as a careless tool would. */
	expect_problem(fx, "DELETE FROM propositions WHERE id = 't.presence'",
		       "refers to a missing row of propositions");
}

static void test_check_dates_and_stances(void **state)
{
	struct fx *fx = *state;

	populate(fx);
	expect_problem(fx, "PRAGMA ignore_check_constraints = ON; "
		       "UPDATE documents SET date = '2022-02-30' WHERE id = 1; "
		       "UPDATE claims SET date = '2022-02-30' WHERE document_id = 1",
		       "is not a date");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sqlite_memory_statistics_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrations_set_user_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_claims_name_their_rulesets_proposition, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_is_refused_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_files_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly_needs_a_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_document_and_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_claim_list_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_transaction_per_document, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_claims_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_speaker_aliases_are_canonical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_claim_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listings_filtered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_own_voice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_offsets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_missing_claim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_missing_proposition, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_dates_and_stances, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
