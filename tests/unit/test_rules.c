/*
 * Unit tests for rules_parse.c, rules_compile.c and ruleset.c: loading rule
 * and cue files, what the ruleset holds, fingerprints and diagnostics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimtrack/claimtrack.h"
#include "claimtrack/claimtrack.h"
#include "rules/rules_internal.h"
#include "text/text_internal.h"
#include "match/match_internal.h"
#include "attrib/attrib_internal.h"

/* ---- diagnostics capture ---- */

#define MAX_DIAGS 64

struct diag_rec {
	enum ct_severity sev;
	char file[512];
	int line, col;
	char msg[512];
};

struct diags {
	size_t n, dropped;
	struct diag_rec v[MAX_DIAGS];
};

static void collect(const struct ct_diag *d, void *user)
{
	struct diags *ds = user;
	struct diag_rec *r;

	if (ds->n == MAX_DIAGS) {
		ds->dropped++;
		return;
	}
	r = &ds->v[ds->n++];
	r->sev = d->severity;
	snprintf(r->file, sizeof r->file, "%s", d->file ? d->file : "");
	r->line = d->line;
	r->col = d->col;
	snprintf(r->msg, sizeof r->msg, "%s", d->message);
}

static void dump_diags(const struct diags *ds)
{
	for (size_t i = 0; i < ds->n; i++)
		print_message("  diag: %s:%d:%d: %s: %s\n", ds->v[i].file, ds->v[i].line,
			      ds->v[i].col, ds->v[i].sev == CT_DIAG_ERROR ? "error" : "warning",
			      ds->v[i].msg);
}

static const struct diag_rec *find_diag(const struct diags *ds, const char *substr)
{
	for (size_t i = 0; i < ds->n; i++)
		if (strstr(ds->v[i].msg, substr))
			return &ds->v[i];
	return NULL;
}

static size_t count_sev(const struct diags *ds, enum ct_severity sev)
{
	size_t n = 0;

	for (size_t i = 0; i < ds->n; i++)
		n += ds->v[i].sev == sev;
	return n;
}

/* Asserts a diagnostic containing substr with this severity, line and col. */
static const struct diag_rec *expect_diag(const struct diags *ds, enum ct_severity sev,
					  int line, int col, const char *substr)
{
	const struct diag_rec *d = find_diag(ds, substr);

	if (!d) {
		dump_diags(ds);
		fail_msg("no diagnostic containing \"%s\"", substr);
	}
	if (d->sev != sev || d->line != line || (col >= 0 && d->col != col)) {
		dump_diags(ds);
		fail_msg("\"%s\": got %s at %d:%d, expected %s at %d:%d", substr,
			 d->sev == CT_DIAG_ERROR ? "error" : "warning", d->line, d->col,
			 sev == CT_DIAG_ERROR ? "error" : "warning", line, col);
	}
	return d;
}

/* ---- positions in inline rule texts ---- */

/* 1-based line of the first occurrence of needle in text. */
static int line_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	int line = 1;

	assert_non_null(p);
	for (const char *q = text; q < p; q++)
		line += *q == '\n';
	return line;
}

/* 1-based column of the first occurrence of needle in its line. */
static int col_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle), *ls = p;

	assert_non_null(p);
	while (ls > text && ls[-1] != '\n')
		ls--;
	return (int)(p - ls) + 1;
}

/* ---- loading ---- */

static int load_opts(const char *text, const struct ct_rules_options *opts,
		     struct ct_ruleset **out)
{
	return ct_rules_load_string("test.rules", text, strlen(text), opts, out);
}

static int load(const char *text, struct diags *ds, struct ct_ruleset **out)
{
	struct ct_rules_options opts = { .on_diag = collect, .user = ds };

	memset(ds, 0, sizeof *ds);
	return load_opts(text, &opts, out);
}

/* Loads text that must fail; checks *out is left alone. */
static void load_bad(const char *text, struct diags *ds)
{
	struct ct_ruleset *rs = (struct ct_ruleset *)0x1;
	int rc = load(text, ds, &rs);

	if (rc != CT_ERULES) {
		dump_diags(ds);
		if (rc == CT_OK)
			ct_ruleset_free(rs);
		fail_msg("expected CT_ERULES, got %d", rc);
	}
	assert_ptr_equal(rs, (struct ct_ruleset *)0x1);
	assert_true(count_sev(ds, CT_DIAG_ERROR) >= 1);
}

static struct ct_ruleset *load_ok(const char *text, struct diags *ds)
{
	struct ct_ruleset *rs = NULL;
	int rc = load(text, ds, &rs);

	if (rc != CT_OK) {
		dump_diags(ds);
		fail_msg("expected CT_OK, got %d (%s)", rc, ct_strerror(rc));
	}
	assert_non_null(rs);
	return rs;
}

/* ---- temp folders ---- */

struct tmpdir {
	char path[64];
	char *files[8];
	size_t n;
};

static void tmpdir_make(struct tmpdir *t)
{
	memset(t, 0, sizeof *t);
	snprintf(t->path, sizeof t->path, "/tmp/ct-rules-XXXXXX");
	assert_non_null(mkdtemp(t->path));
}

/* Writes name in the folder; returns its path (owned by t). */
static const char *tmpdir_write(struct tmpdir *t, const char *name, const char *text)
{
	size_t len = strlen(t->path) + strlen(name) + 2;
	char *path = malloc(len);
	FILE *f;

	assert_non_null(path);
	assert_true(t->n < sizeof t->files / sizeof *t->files);
	snprintf(path, len, "%s/%s", t->path, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
	t->files[t->n++] = path;
	return path;
}

static void tmpdir_remove(struct tmpdir *t)
{
	for (size_t i = 0; i < t->n; i++) {
		unlink(t->files[i]);
		free(t->files[i]);
	}
	rmdir(t->path);
	t->n = 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ---- claims, for the tests that check a rule takes effect ---- */

struct one_claim {
	int n;
	struct ct_claim c;
};

static int keep_claim(const struct ct_claim *c, void *user)
{
	struct one_claim *oc = user;

	if (oc->n++ == 0)
		oc->c = *c;
	return 0;
}

static struct one_claim scan1(const struct ct_ruleset *rs, const char *sentence)
{
	struct ct_matcher *m = NULL;
	struct one_claim oc = { 0 };

	assert_int_equal(ct_matcher_new(rs, NULL, NULL, &m), CT_OK);
	assert_int_equal(ct_matcher_scan_sentence(m, sentence, strlen(sentence),
						  CT_SCAN_IGNORE_CONTEXT, keep_claim, &oc), CT_OK);
	ct_matcher_free(m);
	return oc;
}

/* ======================================================================
 * A valid file
 * ==================================================================== */

static const char valid_rules[] =
	"# A rule file with every kind of block.\n"
	"define GROUP (?:ISIS|Daesh|terrorists?)\n"
	"\n"
	"proposition af.presence\n"
	"  title    Terrorist groups are active in Afghanistan\n"
	"  rev      3\n"
	"  tags     afghanistan terrorism\n"
	"  context  Afghanistan|Kabul\n"
	"  supports {GROUP} (?:are|is) active in Afghanistan\n"
	"  refutes  there (?:are|is) no {GROUP} in Afghanistan\n"
	"  except   no terrorists were (?:killed|arrested)\n"
	"  expect supports ISIS is active in Afghanistan.\n"
	"  expect refutes  There are no terrorists in Afghanistan.\n"
	"  expect none     The weather in Kabul was mild.\n"
	"end\n"
	"\n"
	"proposition af.second-one\n"
	"\ttitle\tA second proposition\n"
	"\trev\t12\n"
	"\trefutes nothing to report\n"
	"end\n"
	"\n"
	"speaker Kenneth McKenzie\n"
	"  alias General Kenneth McKenzie\n"
	"  alias Gen. McKenzie\n"
	"  role  Commander, US Central Command\n"
	"  org   US Central Command\n"
	"end\n"
	"\n"
	"speaker Anonymous Official\n"
	"end\n"
	"\n"
	"outlet Tolo News\n"
	"  alias TOLOnews\n"
	"  domain tolonews.com\n"
	"  domain www.tolonews.com\n"
	"end\n";

static void test_valid_loads_without_diagnostics(void **state)
{
	(void)state;
	struct diags ds;
	struct ct_ruleset *rs = load_ok(valid_rules, &ds);

	if (ds.n != 0) {
		dump_diags(&ds);
		fail_msg("a valid file gave %zu diagnostics", ds.n);
	}
	assert_int_equal(ct_ruleset_n_files(rs), 1);
	assert_int_equal(ct_ruleset_n_propositions(rs), 2);
	assert_int_equal(ct_ruleset_n_speakers(rs), 2);
	assert_int_equal(ct_ruleset_n_outlets(rs), 1);
	ct_ruleset_free(rs);
}

static void test_valid_propositions(void **state)
{
	(void)state;
	struct diags ds;
	struct ct_ruleset *rs = load_ok(valid_rules, &ds);
	const struct ct_proposition *p = ct_ruleset_proposition(rs, 0);

	assert_non_null(p);
	assert_string_equal(p->id, "af.presence");
	assert_string_equal(p->title, "Terrorist groups are active in Afghanistan");
	assert_int_equal(p->rev, 3);
	assert_string_equal(p->tags, "afghanistan terrorism");
	assert_string_equal(p->file, "test.rules");
	assert_int_equal(p->line, line_of(valid_rules, "proposition af.presence"));

	p = ct_ruleset_proposition(rs, 1);
	assert_non_null(p);
	assert_string_equal(p->id, "af.second-one");
	assert_string_equal(p->title, "A second proposition");
	assert_int_equal(p->rev, 12);
	assert_string_equal(p->tags, "");
	assert_int_equal(p->line, line_of(valid_rules, "proposition af.second-one"));
	ct_ruleset_free(rs);
}

static void test_valid_patterns(void **state)
{
	(void)state;
	struct diags ds;
	struct ct_ruleset *rs = load_ok(valid_rules, &ds);
	const struct ct_pattern *pt;

	assert_int_equal(ct_proposition_n_patterns(rs, 0), 4);
	pt = ct_proposition_pattern(rs, 0, 0);
	assert_int_equal(pt->kind, CT_PAT_CONTEXT);
	assert_string_equal(pt->source, "Afghanistan|Kabul");
	assert_int_equal(pt->line, line_of(valid_rules, "context"));
	assert_string_equal(pt->file, "test.rules");
	pt = ct_proposition_pattern(rs, 0, 1);
	assert_int_equal(pt->kind, CT_PAT_SUPPORTS);
	/* As written: {GROUP} is not expanded in the source. */
	assert_string_equal(pt->source, "{GROUP} (?:are|is) active in Afghanistan");
	assert_int_equal(pt->line, line_of(valid_rules, "supports {GROUP}"));
	pt = ct_proposition_pattern(rs, 0, 2);
	assert_int_equal(pt->kind, CT_PAT_REFUTES);
	assert_string_equal(pt->source, "there (?:are|is) no {GROUP} in Afghanistan");
	assert_int_equal(pt->line, line_of(valid_rules, "refutes  there"));
	pt = ct_proposition_pattern(rs, 0, 3);
	assert_int_equal(pt->kind, CT_PAT_EXCEPT);
	assert_string_equal(pt->source, "no terrorists were (?:killed|arrested)");
	assert_int_equal(pt->line, line_of(valid_rules, "except"));

	assert_int_equal(ct_proposition_n_patterns(rs, 1), 1);
	pt = ct_proposition_pattern(rs, 1, 0);
	assert_int_equal(pt->kind, CT_PAT_REFUTES);
	assert_string_equal(pt->source, "nothing to report");
	ct_ruleset_free(rs);
}

static void test_valid_expects(void **state)
{
	(void)state;
	struct diags ds;
	struct ct_ruleset *rs = load_ok(valid_rules, &ds);
	const struct ct_expect *e;

	assert_int_equal(ct_proposition_n_expects(rs, 0), 3);
	e = ct_proposition_expect(rs, 0, 0);
	assert_int_equal(e->stance, CT_SUPPORTS);
	assert_string_equal(e->text, "ISIS is active in Afghanistan.");
	assert_int_equal(e->line, line_of(valid_rules, "expect supports"));
	assert_string_equal(e->file, "test.rules");
	e = ct_proposition_expect(rs, 0, 1);
	assert_int_equal(e->stance, CT_REFUTES);
	/* The spaces between stance and sentence are not part of it. */
	assert_string_equal(e->text, "There are no terrorists in Afghanistan.");
	assert_int_equal(e->line, line_of(valid_rules, "expect refutes"));
	e = ct_proposition_expect(rs, 0, 2);
	assert_int_equal(e->stance, CT_STANCE_NONE);
	assert_string_equal(e->text, "The weather in Kabul was mild.");
	assert_int_equal(ct_proposition_n_expects(rs, 1), 0);
	ct_ruleset_free(rs);
}

static void test_valid_speakers(void **state)
{
	(void)state;
	struct diags ds;
	struct ct_ruleset *rs = load_ok(valid_rules, &ds);
	const struct ct_speaker_def *s = ct_ruleset_speaker(rs, 0);

	assert_non_null(s);
	assert_string_equal(s->name, "Kenneth McKenzie");
	assert_non_null(s->role);
	assert_string_equal(s->role, "Commander, US Central Command");
	assert_non_null(s->org);
	assert_string_equal(s->org, "US Central Command");
	assert_int_equal(s->n_aliases, 2);
	assert_string_equal(s->aliases[0], "General Kenneth McKenzie");
	assert_string_equal(s->aliases[1], "Gen. McKenzie");
	assert_string_equal(s->file, "test.rules");
	assert_int_equal(s->line, line_of(valid_rules, "speaker Kenneth"));

	s = ct_ruleset_speaker(rs, 1);
	assert_non_null(s);
	assert_string_equal(s->name, "Anonymous Official");
	assert_null(s->role);
	assert_null(s->org);
	assert_int_equal(s->n_aliases, 0);
	ct_ruleset_free(rs);
}

static void test_valid_outlets(void **state)
{
	(void)state;
	struct diags ds;
	struct ct_ruleset *rs = load_ok(valid_rules, &ds);
	const struct ct_outlet_def *o = ct_ruleset_outlet(rs, 0);

	assert_non_null(o);
	assert_string_equal(o->name, "Tolo News");
	assert_int_equal(o->n_aliases, 1);
	assert_string_equal(o->aliases[0], "TOLOnews");
	assert_int_equal(o->n_domains, 2);
	assert_string_equal(o->domains[0], "tolonews.com");
	assert_string_equal(o->domains[1], "www.tolonews.com");
	assert_int_equal(o->line, line_of(valid_rules, "outlet Tolo"));
	assert_string_equal(o->file, "test.rules");
	ct_ruleset_free(rs);
}

/* The outlet index (rules/outlets.c) finds an outlet by each of its
 * names in any case and with a possessive 's, the first outlet when two
 * share a name, and nothing for a near miss. */
static void test_outlet_index(void **state)
{
	(void)state;
	struct diags ds;
	struct ct_ruleset *rs = load_ok(valid_rules, &ds);
	static const char *const found[] = {
		"Tolo News", "tolo news", "TOLO NEWS", "TOLOnews", "tolonews", "Tolo News's",
		"tolonews.com", "WWW.TOLONEWS.COM", "tolonews.com's",
	};
	static const char *const missed[] = {
		"Tolo New", "Tolo Newsx", "Tolo  News", "Tolo News'", "Tolo News'S",
		"The Tolo News", "tolonews.co", "Tolo", "", "Kenneth McKenzie",
	};

	for (size_t i = 0; i < sizeof found / sizeof *found; i++) {
		const struct ct_outlet_def *o =
			ct_ruleset_find_outlet(rs, found[i], strlen(found[i]));
		if (!o)
			fail_msg("'%s' names no outlet", found[i]);
		assert_string_equal(o->name, "Tolo News");
	}
	for (size_t i = 0; i < sizeof missed / sizeof *missed; i++)
		if (ct_ruleset_find_outlet(rs, missed[i], strlen(missed[i])))
			fail_msg("'%s' names an outlet", missed[i]);
	/* Only len bytes are the name. */
	assert_non_null(ct_ruleset_find_outlet(rs, "TOLOnews, said", 8));
	ct_ruleset_free(rs);

	/* Many outlets, so that names share slots, and one alias that two
	 * outlets give: the first outlet's. */
	char text[16384], name[64];
	size_t n = 0;
	for (int i = 0; i < 200; i++)
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "outlet Outlet %d\n  alias O%d\n  domain o%d.example\n"
				      "  alias Shared\nend\n", i, i, i);
	assert_true(n < sizeof text);
	rs = load_ok(text, &ds);
	for (int i = 0; i < 200; i++) {
		char want[32];
		snprintf(want, sizeof want, "Outlet %d", i);
		snprintf(name, sizeof name, "outlet %d", i);
		assert_string_equal(ct_ruleset_find_outlet(rs, name, strlen(name))->name, want);
		snprintf(name, sizeof name, "o%d", i);
		assert_string_equal(ct_ruleset_find_outlet(rs, name, strlen(name))->name, want);
		snprintf(name, sizeof name, "O%d.EXAMPLE's", i);
		assert_string_equal(ct_ruleset_find_outlet(rs, name, strlen(name))->name, want);
	}
	assert_string_equal(ct_ruleset_find_outlet(rs, "shared", 6)->name, "Outlet 0");
	assert_null(ct_ruleset_find_outlet(rs, "Outlet 200", 10));
	assert_null(ct_ruleset_find_outlet(rs, "o200", 4));
	ct_ruleset_free(rs);

	/* A rule set without outlets has no index to look in. */
	rs = load_ok("# no outlets\n", &ds);
	assert_null(ct_ruleset_find_outlet(rs, "Tolo News", 9));
	ct_ruleset_free(rs);
}

static void test_accessors_out_of_range(void **state)
{
	(void)state;
	struct diags ds;
	struct ct_ruleset *rs = load_ok(valid_rules, &ds);

	assert_null(ct_ruleset_proposition(rs, 2));
	assert_null(ct_proposition_pattern(rs, 0, 4));
	assert_null(ct_proposition_pattern(rs, 5, 0));
	assert_int_equal(ct_proposition_n_patterns(rs, 5), 0);
	assert_null(ct_proposition_expect(rs, 0, 3));
	assert_int_equal(ct_proposition_n_expects(rs, 5), 0);
	assert_null(ct_ruleset_speaker(rs, 2));
	assert_null(ct_ruleset_outlet(rs, 1));
	ct_ruleset_free(rs);
	ct_ruleset_free(NULL);
}

static void test_empty_text_loads(void **state)
{
	(void)state;
	struct diags ds;
	struct ct_ruleset *rs = load_ok("# nothing but a comment\n\n   \n", &ds);

	assert_int_equal(ds.n, 0);
	assert_int_equal(ct_ruleset_n_propositions(rs), 0);
	assert_int_equal(ct_ruleset_n_speakers(rs), 0);
	assert_int_equal(ct_ruleset_n_outlets(rs), 0);
	ct_ruleset_free(rs);
}

static void test_crlf_bom_and_trailing_space(void **state)
{
	(void)state;
	const char *text =
		"\xEF\xBB\xBFproposition crlf.a\r\n"
		"  title  Windows line ends   \r\n"
		"  rev 2\t\r\n"
		"  supports a threat\r\n"
		"end\r\n";
	struct diags ds;
	struct ct_ruleset *rs = load_ok(text, &ds);
	const struct ct_proposition *p = ct_ruleset_proposition(rs, 0);

	assert_int_equal(ds.n, 0);
	assert_string_equal(p->id, "crlf.a");
	assert_string_equal(p->title, "Windows line ends");
	assert_int_equal(p->rev, 2);
	assert_string_equal(ct_proposition_pattern(rs, 0, 0)->source, "a threat");
	ct_ruleset_free(rs);
}

/* Only len bytes are parsed: a broken line past len is never seen. */
static void test_load_string_respects_len(void **state)
{
	(void)state;
	const char *text =
		"proposition len.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports a threat\n"
		"end\n"
		"this line is not a directive\n";
	struct diags ds = { 0 };
	struct ct_rules_options opts = { .on_diag = collect, .user = &ds };
	struct ct_ruleset *rs = NULL;
	size_t len = (size_t)(strstr(text, "this line") - text);

	assert_int_equal(ct_rules_load_string("len.rules", text, len, &opts, &rs), CT_OK);
	assert_int_equal(ds.n, 0);
	assert_int_equal(ct_ruleset_n_propositions(rs), 1);
	assert_string_equal(ct_ruleset_proposition(rs, 0)->file, "len.rules");
	ct_ruleset_free(rs);
}

static void test_null_options_and_null_callback(void **state)
{
	(void)state;
	struct ct_ruleset *rs = (struct ct_ruleset *)0x1;
	struct ct_rules_options quiet = { 0 };

	/* Diagnostics are dropped, the result is the same. */
	assert_int_equal(load_opts("bogus directive\n", NULL, &rs), CT_ERULES);
	assert_ptr_equal(rs, (struct ct_ruleset *)0x1);
	assert_int_equal(load_opts("bogus directive\n", &quiet, &rs), CT_ERULES);
	assert_ptr_equal(rs, (struct ct_ruleset *)0x1);
	rs = NULL;
	assert_int_equal(load_opts("proposition n.a\n title T\n rev 1\n supports x y\nend\n",
				   NULL, &rs), CT_OK);
	assert_non_null(rs);
	assert_int_equal(ct_ruleset_n_propositions(rs), 1);
	ct_ruleset_free(rs);
}

/* ======================================================================
 * Fingerprints
 * ==================================================================== */

static void fingerprint_of(const char *text, size_t i, char out[17])
{
	struct diags ds;
	struct ct_ruleset *rs = load_ok(text, &ds);

	memcpy(out, ct_ruleset_proposition(rs, i)->fingerprint, 17);
	ct_ruleset_free(rs);
}

static const char fp_base[] =
	"define G (?:ISIS|Daesh)\n"
	"proposition fp.a\n"
	"  title Original title\n"
	"  rev 1\n"
	"  tags x y\n"
	"  supports {G} is a threat\n"
	"  refutes {G} is no threat\n"
	"  expect supports ISIS is a threat.\n"
	"end\n";

static void test_fingerprint_is_16_hex(void **state)
{
	(void)state;
	char fp[17];

	fingerprint_of(fp_base, 0, fp);
	assert_int_equal(strlen(fp), 16);
	for (int i = 0; i < 16; i++)
		assert_non_null(strchr("0123456789abcdef", fp[i]));
}

static void test_fingerprint_stable_for_same_patterns(void **state)
{
	(void)state;
	char a[17], b[17];
	static const char two[] =
		"proposition fp.one\n title One\n rev 1\n supports alpha beta\nend\n"
		"proposition fp.two\n title Two\n rev 7\n tags t\n supports alpha beta\n"
		" expect supports alpha beta.\nend\n";
	struct diags ds;
	struct ct_ruleset *rs;

	fingerprint_of(fp_base, 0, a);
	fingerprint_of(fp_base, 0, b);
	assert_string_equal(a, b);

	/* Two propositions with the same patterns in one ruleset. */
	rs = load_ok(two, &ds);
	assert_string_equal(ct_ruleset_proposition(rs, 0)->fingerprint,
			    ct_ruleset_proposition(rs, 1)->fingerprint);
	ct_ruleset_free(rs);
}

static void test_fingerprint_ignores_title_rev_tags_expects(void **state)
{
	(void)state;
	char a[17], b[17];
	static const char changed[] =
		"define G (?:ISIS|Daesh)\n"
		"proposition fp.other-id\n"
		"  title A completely different title\n"
		"  rev 9\n"
		"  tags z\n"
		"  supports {G} is a threat\n"
		"  refutes {G} is no threat\n"
		"  expect refutes Daesh is no threat.\n"
		"  expect none Nothing here.\n"
		"end\n";

	fingerprint_of(fp_base, 0, a);
	fingerprint_of(changed, 0, b);
	assert_string_equal(a, b);
}

static void test_fingerprint_changes_with_pattern(void **state)
{
	(void)state;
	char a[17], b[17];
	static const char changed[] =
		"define G (?:ISIS|Daesh)\n"
		"proposition fp.a\n"
		"  title Original title\n"
		"  rev 1\n"
		"  tags x y\n"
		"  supports {G} is a big threat\n"
		"  refutes {G} is no threat\n"
		"  expect supports ISIS is a big threat.\n"
		"end\n";

	fingerprint_of(fp_base, 0, a);
	fingerprint_of(changed, 0, b);
	assert_string_not_equal(a, b);
}

static void test_fingerprint_changes_with_kind(void **state)
{
	(void)state;
	char a[17], b[17];

	fingerprint_of("proposition k.a\n title T\n rev 1\n supports alpha\nend\n", 0, a);
	fingerprint_of("proposition k.a\n title T\n rev 1\n refutes alpha\nend\n", 0, b);
	assert_string_not_equal(a, b);
	/* Order of patterns counts too. */
	fingerprint_of("proposition k.a\n title T\n rev 1\n supports alpha\n supports beta\nend\n",
		       0, a);
	fingerprint_of("proposition k.a\n title T\n rev 1\n supports beta\n supports alpha\nend\n",
		       0, b);
	assert_string_not_equal(a, b);
}

/* The fingerprint covers patterns after expansion: a define change shows. */
static void test_fingerprint_follows_define(void **state)
{
	(void)state;
	char a[17], b[17];
	static const char changed[] =
		"define G (?:ISIS|Daesh|ISIL)\n"
		"proposition fp.a\n"
		"  title Original title\n"
		"  rev 1\n"
		"  tags x y\n"
		"  supports {G} is a threat\n"
		"  refutes {G} is no threat\n"
		"  expect supports ISIS is a threat.\n"
		"end\n";

	fingerprint_of(fp_base, 0, a);
	fingerprint_of(changed, 0, b);
	assert_string_not_equal(a, b);
}

/* ======================================================================
 * Errors
 * ==================================================================== */

static void test_error_unknown_directive(void **state)
{
	(void)state;
	static const char text[] =
		"proposition e.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports a threat\n"
		"  frobnicate this\n"
		"end\n"
		"wibble\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 5, 3, "unknown directive 'frobnicate'");
	expect_diag(&ds, CT_DIAG_ERROR, 7, 1, "unknown directive 'wibble'");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 2);
	assert_string_equal(ds.v[0].file, "test.rules");
}

static void test_error_duplicate_id(void **state)
{
	(void)state;
	static const char text[] =
		"proposition dup.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports a threat\n"
		"end\n"
		"proposition dup.a\n"
		"  title U\n"
		"  rev 1\n"
		"  supports another threat\n"
		"end\n";
	struct diags ds;
	const struct diag_rec *d;

	load_bad(text, &ds);
	d = expect_diag(&ds, CT_DIAG_ERROR, 6, 13, "duplicate proposition id 'dup.a'");
	assert_non_null(strstr(d->msg, "first defined at test.rules:1"));
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

/* Many propositions, so that the set of ids seen grows several times. */
static void test_error_duplicate_id_among_many(void **state)
{
	(void)state;
	enum { N = 3000 };
	size_t cap = (size_t)N * 96 + 256, len = 0;
	char *text = malloc(cap);
	struct diags ds;
	const struct diag_rec *d;

	assert_non_null(text);
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(text + len, cap - len,
					"proposition many.p%04d\n  title T\n  rev 1\n"
					"  supports threat number %d\nend\n", i, i);
	/* Ids 1234 and 2999 again: line 1234 * 5 + 1 and the last block. */
	len += (size_t)snprintf(text + len, cap - len,
				"proposition many.p1234\n  title T\n  rev 1\n  supports x y z\nend\n"
				"proposition many.p2999\n  title T\n  rev 1\n  supports x y z\nend\n");
	load_bad(text, &ds);
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 2);
	d = expect_diag(&ds, CT_DIAG_ERROR, N * 5 + 1, 13, "duplicate proposition id 'many.p1234'");
	assert_non_null(strstr(d->msg, "first defined at test.rules:6171)"));
	d = expect_diag(&ds, CT_DIAG_ERROR, N * 5 + 6, 13, "duplicate proposition id 'many.p2999'");
	assert_non_null(strstr(d->msg, "first defined at test.rules:14996)"));
	free(text);
}

static void test_error_duplicate_id_across_files(void **state)
{
	(void)state;
	struct tmpdir t;
	struct diags ds = { 0 };
	struct ct_rules_options opts = { .on_diag = collect, .user = &ds };
	struct ct_ruleset *rs = (struct ct_ruleset *)0x1;
	const char *paths[1];
	const struct diag_rec *d;
	char first[128];

	tmpdir_make(&t);
	tmpdir_write(&t, "a.rules",
		     "# first file\n"
		     "proposition same.id\n  title T\n  rev 1\n  supports a threat\nend\n");
	tmpdir_write(&t, "b.rules",
		     "\n\n\n"
		     "proposition same.id\n  title U\n  rev 1\n  supports b threat\nend\n");
	paths[0] = t.path;
	assert_int_equal(ct_rules_load(paths, 1, &opts, &rs), CT_ERULES);
	assert_ptr_equal(rs, (struct ct_ruleset *)0x1);
	d = expect_diag(&ds, CT_DIAG_ERROR, 4, 13, "duplicate proposition id 'same.id'");
	/* Reported in the second file (by name order), naming the first. */
	assert_true(ends_with(d->file, "/b.rules"));
	snprintf(first, sizeof first, "first defined at %s/a.rules:2", t.path);
	if (!strstr(d->msg, first))
		fail_msg("\"%s\" does not contain \"%s\"", d->msg, first);
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
	tmpdir_remove(&t);
}

static void test_error_undefined_define(void **state)
{
	(void)state;
	static const char text[] =
		"proposition u.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports foo {NOPE} bar\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 4, col_of(text, "{NOPE}"), "undefined define '{NOPE}'");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

static void test_error_undefined_define_in_define(void **state)
{
	(void)state;
	static const char text[] =
		"define OUTER x {INNER} y\n"
		"proposition u.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports foo {OUTER}\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	/* Reported where the reference is written: in the define. */
	expect_diag(&ds, CT_DIAG_ERROR, 1, col_of(text, "{INNER}"), "undefined define '{INNER}'");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

static void test_error_recursive_define(void **state)
{
	(void)state;
	static const char text[] =
		"define A x{B}\n"
		"define B y{A}\n"
		"proposition r.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports {A} z\n"
		"end\n";
	struct diags ds;
	const struct diag_rec *d;

	load_bad(text, &ds);
	d = find_diag(&ds, "recursive define");
	assert_non_null(d);
	assert_int_equal(d->sev, CT_DIAG_ERROR);
	/* Reported at the reference that closes the cycle, in B. */
	expect_diag(&ds, CT_DIAG_ERROR, 2, col_of(text, "{A}"), "recursive define '{A}'");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

static void test_error_self_recursive_define(void **state)
{
	(void)state;
	static const char text[] =
		"define SELF a{SELF}\n"
		"proposition r.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports {SELF} z\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 1, col_of(text, "{SELF}"), "recursive define '{SELF}'");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

static void test_error_define_compile_error(void **state)
{
	(void)state;
	static const char text[] =
		"define BAD (foo\n"
		"proposition d.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports x {BAD}\n"
		"end\n";
	struct diags ds;
	const struct diag_rec *d;

	load_bad(text, &ds);
	d = find_diag(&ds, "in define 'BAD'");
	if (!d) {
		dump_diags(&ds);
		fail();
	}
	assert_int_equal(d->sev, CT_DIAG_ERROR);
	assert_int_equal(d->line, 1);
	assert_true(d->col >= col_of(text, "(foo"));
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

static void test_error_invalid_define_name(void **state)
{
	(void)state;
	struct diags ds;

	load_bad("define 9LIVES cat\n", &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 1, 8, "invalid define name '9LIVES'");
	load_bad("define ONLYNAME\n", &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 1, -1, "define 'ONLYNAME' needs a pattern");
	load_bad("define X a\ndefine X b\n", &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 2, 8, "duplicate define 'X'");
}

static void test_error_unclosed_block_at_eof(void **state)
{
	(void)state;
	static const char text[] =
		"# comment\n"
		"proposition open.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports a threat\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 2, 1, "unclosed block 'proposition'");
	expect_diag(&ds, CT_DIAG_ERROR, 2, 1, "'end' missing");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

static void test_error_unclosed_block_new_block(void **state)
{
	(void)state;
	static const char text[] =
		"speaker Somebody\n"
		"  role Spokesman\n"
		"proposition open.b\n"
		"  title T\n"
		"  rev 1\n"
		"  supports a threat\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 1, 1, "unclosed block 'speaker' (a new block starts at line 3)");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

static void test_error_missing_title(void **state)
{
	(void)state;
	static const char text[] =
		"\n"
		"proposition m.title\n"
		"  rev 1\n"
		"  supports a threat\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 2, 1, "proposition 'm.title' has no title");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

static void test_error_missing_rev(void **state)
{
	(void)state;
	static const char text[] =
		"proposition m.rev\n"
		"  title T\n"
		"  supports a threat\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 1, 1, "proposition 'm.rev' has no rev");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

static void test_error_rev_zero(void **state)
{
	(void)state;
	static const char text[] =
		"proposition m.rev\n"
		"  title T\n"
		"  rev 0\n"
		"  supports a threat\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 3, 7, "rev must be a whole number of at least 1, not '0'");
	/* The bad rev is the only problem: no second "has no rev". */
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

static void test_error_rev_not_a_number(void **state)
{
	(void)state;
	static const char text[] =
		"proposition m.rev\n"
		"  title T\n"
		"  rev   abc\n"
		"  supports a threat\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 3, 9, "not 'abc'");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
	load_bad("proposition m.rev\n title T\n rev -3\n supports x\nend\n", &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 3, 6, "not '-3'");
	load_bad("proposition m.rev\n title T\n rev 99999999999\n supports x\nend\n", &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 3, 6, "rev must be a whole number");
}

static void test_error_duplicate_fields(void **state)
{
	(void)state;
	static const char text[] =
		"proposition m.dup\n"
		"  title T\n"
		"  title U\n"
		"  rev 1\n"
		"  rev 2\n"
		"  tags a\n"
		"  tags b\n"
		"  supports a threat\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 3, 3, "duplicate 'title' (first at line 2)");
	expect_diag(&ds, CT_DIAG_ERROR, 5, 3, "duplicate 'rev' (first at line 4)");
	expect_diag(&ds, CT_DIAG_ERROR, 7, 3, "duplicate 'tags' (first at line 6)");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 3);
}

static void test_error_directive_needs_value(void **state)
{
	(void)state;
	static const char text[] =
		"proposition m.val\n"
		"  title   \n"
		"  rev 1\n"
		"  supports a threat\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	/* Column just after the directive word. */
	expect_diag(&ds, CT_DIAG_ERROR, 2, 8, "'title' needs a value");
}

static void test_error_no_supports_or_refutes(void **state)
{
	(void)state;
	static const char text[] =
		"proposition m.none\n"
		"  title T\n"
		"  rev 1\n"
		"  context Kabul\n"
		"  except a threat\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 1, 1,
		    "proposition 'm.none' has no supports or refutes pattern");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

static void test_error_invalid_id(void **state)
{
	(void)state;
	static const char *const bad[] = { "Bad_ID", "a..b", "a.", ".a", "-a", "a b", "caf\xC3\xA9" };
	static const char *const good[] = { "a", "a1.b-c2", "x.y.z", "0-9" };
	char text[256];
	struct diags ds;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char want[64];
		snprintf(text, sizeof text,
			 "proposition %s\n  title T\n  rev 1\n  supports a threat\nend\n", bad[i]);
		snprintf(want, sizeof want, "invalid proposition id '%s'", bad[i]);
		load_bad(text, &ds);
		expect_diag(&ds, CT_DIAG_ERROR, 1, 13, want);
		assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
	}
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		struct ct_ruleset *rs;
		snprintf(text, sizeof text,
			 "proposition %s\n  title T\n  rev 1\n  supports a threat\nend\n", good[i]);
		rs = load_ok(text, &ds);
		assert_string_equal(ct_ruleset_proposition(rs, 0)->id, good[i]);
		ct_ruleset_free(rs);
	}
}

static void test_error_pattern_compile(void **state)
{
	(void)state;
	static const char text[] =
		"proposition p.bad\n"
		"  title T\n"
		"  rev 1\n"
		"  supports threat to (the region\n"
		"end\n";
	struct diags ds;
	const struct diag_rec *d;
	int start = col_of(text, "threat to (");

	load_bad(text, &ds);
	d = find_diag(&ds, "in pattern");
	if (!d) {
		dump_diags(&ds);
		fail();
	}
	assert_int_equal(d->sev, CT_DIAG_ERROR);
	assert_int_equal(d->line, 4);
	assert_non_null(strstr(d->msg, "parenthesis"));
	/* PCRE2's offset, mapped back into the line: past the pattern start,
	 * at most one past its end. */
	assert_true(d->col > start);
	assert_true(d->col <= start + (int)strlen("threat to (the region"));
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

/* An error in the middle of a pattern is reported at that character. */
static void test_error_pattern_compile_mid_column(void **state)
{
	(void)state;
	static const char text[] =
		"proposition p.bad\n"
		"  title T\n"
		"  rev 1\n"
		"  supports  foo (?z) bar\n"
		"end\n";
	struct diags ds;
	const struct diag_rec *d;
	int start = col_of(text, "foo (?z");

	load_bad(text, &ds);
	d = find_diag(&ds, "in pattern");
	if (!d) {
		dump_diags(&ds);
		fail();
	}
	assert_int_equal(d->line, 4);
	/* Somewhere in "(?z", not at the pattern start or past its end. */
	assert_in_range(d->col, start + 4, start + 6);
}

/* A pattern using a define still reports its own error at its line. */
static void test_error_pattern_compile_with_define(void **state)
{
	(void)state;
	static const char text[] =
		"define OPEN (?:a|b)\n"
		"proposition p.bad\n"
		"  title T\n"
		"  rev 1\n"
		"  supports x {OPEN} ) y\n"
		"end\n";
	struct diags ds;
	const struct diag_rec *d;

	load_bad(text, &ds);
	d = find_diag(&ds, "in pattern");
	if (!d) {
		dump_diags(&ds);
		fail();
	}
	assert_int_equal(d->line, 5);
	assert_true(d->col > col_of(text, "x {OPEN}"));
}

static void test_error_empty_matching_pattern(void **state)
{
	(void)state;
	static const char text[] =
		"proposition p.empty\n"
		"  title T\n"
		"  rev 1\n"
		"  supports (?:foo)?\n"
		"  refutes  a*\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 4, col_of(text, "(?:foo)?"),
		    "pattern can match the empty string");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 2);
	assert_int_equal(ds.v[1].line, 5);
	assert_int_equal(ds.v[1].col, col_of(text, "a*"));
}

static void test_error_pattern_too_long(void **state)
{
	(void)state;
	char *text = malloc(4096);
	size_t n = 0;
	struct diags ds;

	assert_non_null(text);
	n += (size_t)sprintf(text + n, "define X0 ");
	for (int i = 0; i < 100; i++)
		text[n++] = 'a';
	n += (size_t)sprintf(text + n, "\ndefine X1 {X0}{X0}{X0}{X0}{X0}{X0}{X0}{X0}\n");
	n += (size_t)sprintf(text + n, "define X2 {X1}{X1}{X1}{X1}{X1}{X1}{X1}{X1}\n");
	/* Each define compiles alone (~6.7 KB); ten of them are too many. */
	n += (size_t)sprintf(text + n,
			     "proposition p.long\n  title T\n  rev 1\n"
			     "  supports {X2}{X2}{X2}{X2}{X2}{X2}{X2}{X2}{X2}{X2}\nend\n");
	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 7, 12, "pattern is longer than 65536 bytes");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
	free(text);
}

static void test_error_end_without_block(void **state)
{
	(void)state;
	static const char text[] =
		"proposition e.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports a threat\n"
		"end\n"
		"  end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 6, 3, "'end' without an open block");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

static void test_error_text_after_end(void **state)
{
	(void)state;
	struct diags ds;

	load_bad("proposition e.a\n title T\n rev 1\n supports x\nend  now\n", &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 5, 6, "unexpected text after 'end'");
}

static void test_error_directive_in_wrong_block(void **state)
{
	(void)state;
	static const char text[] =
		"proposition w.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports a threat\n"
		"  alias Something\n"
		"end\n"
		"speaker S\n"
		"  title Minister\n"
		"  domain example.com\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 5, 3, "'alias' is not allowed in a 'proposition' block");
	expect_diag(&ds, CT_DIAG_ERROR, 8, 3, "'title' is not allowed in a 'speaker' block");
	expect_diag(&ds, CT_DIAG_ERROR, 9, 3, "'domain' is not allowed in a 'speaker' block");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 3);
}

static void test_error_directive_outside_block(void **state)
{
	(void)state;
	struct diags ds;

	load_bad("title Floating\n", &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 1, 1,
		    "'title' outside a block; it belongs in a 'proposition' block");
	load_bad("\n  role Minister\n", &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 2, 3, "'role' outside a block; it belongs in a 'speaker' block");
}

static void test_error_define_inside_block(void **state)
{
	(void)state;
	static const char text[] =
		"proposition w.a\n"
		"  title T\n"
		"  rev 1\n"
		"  define X y\n"
		"  supports a threat\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 4, 3, "'define' must be outside a block");
	expect_diag(&ds, CT_DIAG_ERROR, 4, 3, "block at line 1");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 1);
}

static void test_error_bad_expect_stance(void **state)
{
	(void)state;
	static const char text[] =
		"proposition x.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports a threat\n"
		"  expect maybe ISIS is a threat.\n"
		"  expect Supports ISIS is a threat.\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 5, 10,
		    "expect needs a stance (supports, refutes or none), not 'maybe'");
	expect_diag(&ds, CT_DIAG_ERROR, 6, 10, "not 'Supports'");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 2);
}

static void test_error_expect_without_sentence(void **state)
{
	(void)state;
	struct diags ds;

	load_bad("proposition x.a\n title T\n rev 1\n supports x\n expect refutes   \nend\n", &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 5, 16, "expect needs a sentence after the stance");
}

static void test_error_speaker_and_outlet(void **state)
{
	(void)state;
	static const char text[] =
		"speaker Same Name\n"
		"  role A\n"
		"  role B\n"
		"end\n"
		"speaker Same Name\n"
		"end\n"
		"outlet Paper\n"
		"  domain https://paper.example\n"
		"end\n"
		"outlet Paper\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 3, 3, "duplicate 'role'");
	expect_diag(&ds, CT_DIAG_ERROR, 5, 9, "duplicate speaker 'Same Name' (first defined at test.rules:1)");
	expect_diag(&ds, CT_DIAG_ERROR, 8, col_of(text, "://"),
		    "domain must be a bare host name");
	expect_diag(&ds, CT_DIAG_ERROR, 10, 8, "duplicate outlet 'Paper'");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 4);
}

static void test_error_invalid_utf8_line(void **state)
{
	(void)state;
	static const char text[] =
		"proposition x.a\n"
		"  title Caf\xFF\n"
		"  rev 1\n"
		"  supports a threat\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 2, 12, "invalid UTF-8");
	/* The line is skipped, so the title is missing too. */
	expect_diag(&ds, CT_DIAG_ERROR, 1, 1, "has no title");
}

/* Every error in a file is reported, not only the first. */
static void test_errors_all_reported(void **state)
{
	(void)state;
	static const char text[] =
		"bogus one\n"
		"proposition Bad\n"
		"  title T\n"
		"  rev x\n"
		"  supports a (b\n"
		"end\n"
		"end\n";
	struct diags ds;

	load_bad(text, &ds);
	expect_diag(&ds, CT_DIAG_ERROR, 1, 1, "unknown directive 'bogus'");
	expect_diag(&ds, CT_DIAG_ERROR, 2, 13, "invalid proposition id 'Bad'");
	expect_diag(&ds, CT_DIAG_ERROR, 4, 7, "not 'x'");
	expect_diag(&ds, CT_DIAG_ERROR, 5, -1, "in pattern");
	expect_diag(&ds, CT_DIAG_ERROR, 7, 1, "'end' without an open block");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 5);
}

/* ======================================================================
 * Warnings
 * ==================================================================== */

static void test_warning_unused_define(void **state)
{
	(void)state;
	static const char text[] =
		"define USED (?:ISIS|Daesh)\n"
		"define VIA_USED (?:group|branch)\n"
		"define WRAPPER {USED} {VIA_USED}\n"
		"define UNUSED (?:nobody)\n"
		"proposition w.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports {WRAPPER} is a threat\n"
		"end\n";
	struct diags ds;
	struct ct_ruleset *rs = load_ok(text, &ds);

	expect_diag(&ds, CT_DIAG_WARNING, 4, 1, "define 'UNUSED' is never used");
	/* Defines used only through another define count as used. */
	assert_int_equal(ds.n, 1);
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 0);
	ct_ruleset_free(rs);
}

static void test_warning_ambiguous_expect(void **state)
{
	(void)state;
	static const char text[] =
		"proposition w.amb\n"
		"  title T\n"
		"  rev 1\n"
		"  refutes no threat at all\n"
		"  supports a threat\n"
		"  refutes not a threat\n"
		"  supports ISIS\n"
		"  expect supports ISIS is a threat.\n"
		"  expect refutes ISIS is not a threat.\n"
		"end\n";
	struct diags ds;
	struct ct_ruleset *rs = load_ok(text, &ds);

	/* The first pattern of each polarity that matches is named. */
	expect_diag(&ds, CT_DIAG_WARNING, 9, 1,
		    "expect sentence is matched by both a supports and a refutes pattern of "
		    "'w.amb' (supports at test.rules:5, refutes at test.rules:6)");
	assert_int_equal(ds.n, 1);
	ct_ruleset_free(rs);
}

/* ======================================================================
 * Patterns: define expansion and escapes
 * ==================================================================== */

static void test_define_expansion_matches(void **state)
{
	(void)state;
	static const char text[] =
		"define A (?:ISIS|Daesh)\n"
		"define B {A}(?:-K)?\n"
		"proposition d.a\n"
		"  title T\n"
		"  rev 1\n"
		"  supports {B} is active\n"
		"end\n";
	struct diags ds;
	struct ct_ruleset *rs = load_ok(text, &ds);
	struct one_claim oc;

	assert_int_equal(ds.n, 0);
	oc = scan1(rs, "Daesh-K is active in the east.");
	assert_int_equal(oc.n, 1);
	assert_int_equal(oc.c.stance, CT_SUPPORTS);
	oc = scan1(rs, "ISIS is active in the east.");
	assert_int_equal(oc.n, 1);
	oc = scan1(rs, "The Taliban is active in the east.");
	assert_int_equal(oc.n, 0);
	ct_ruleset_free(rs);
}

/* A define is one group: an alternation in it does not leak out. */
static void test_define_is_grouped(void **state)
{
	(void)state;
	static const char text[] =
		"define ALT cats|dogs\n"
		"proposition d.g\n"
		"  title T\n"
		"  rev 1\n"
		"  supports {ALT} are pets\n"
		"end\n";
	struct diags ds;
	struct ct_ruleset *rs = load_ok(text, &ds);

	assert_int_equal(scan1(rs, "Dogs are pets.").n, 1);
	/* Were the define not grouped, "cats" alone would match. */
	assert_int_equal(scan1(rs, "The cats slept.").n, 0);
	ct_ruleset_free(rs);
}

/* "\{" is a literal brace, never a define reference. */
static void test_escaped_brace_is_literal(void **state)
{
	(void)state;
	static const char text[] =
		"proposition d.esc\n"
		"  title T\n"
		"  rev 1\n"
		"  supports code \\{NAME\\} here\n"
		"end\n";
	struct diags ds;
	struct ct_ruleset *rs = load_ok(text, &ds);

	assert_int_equal(ds.n, 0);
	assert_int_equal(scan1(rs, "The code {NAME} here is odd.").n, 1);
	ct_ruleset_free(rs);
}

/*
 * PCRE2 escapes that take braces (\p{..}, \x{..}) are part of the pattern
 * language, not define references: a pattern using them loads and matches.
 */
static void test_pcre2_brace_escapes_are_not_defines(void **state)
{
	(void)state;
	static const char text[] =
		"proposition d.uni\n"
		"  title T\n"
		"  rev 1\n"
		"  supports met \\p{Lu}\\w+ in caf\\x{e9}s\n"
		"end\n";
	struct diags ds;
	struct ct_ruleset *rs = NULL;
	int rc = load(text, &ds, &rs);

	if (rc != CT_OK) {
		dump_diags(&ds);
		fail_msg("\\p{Lu} / \\x{e9} rejected: rc %d", rc);
	}
	assert_int_equal(scan1(rs, "They met Ahmad in caf\xC3\xA9s downtown.").n, 1);
	ct_ruleset_free(rs);
}

/* ======================================================================
 * ct_rules_load on paths
 * ==================================================================== */

static const char threat_rules[] =
	"proposition c.threat\n"
	"  title ISIS is a threat to the region\n"
	"  rev 1\n"
	"  supports a threat to (?:the )?region\n"
	"end\n";

static void test_load_returns_erules_on_error(void **state)
{
	(void)state;
	struct tmpdir t;
	struct diags ds = { 0 };
	struct ct_rules_options opts = { .on_diag = collect, .user = &ds };
	struct ct_ruleset *rs = (struct ct_ruleset *)0x1;
	const char *paths[1];

	tmpdir_make(&t);
	paths[0] = tmpdir_write(&t, "bad.rules", "\n\nnonsense here\n");
	assert_int_equal(ct_rules_load(paths, 1, &opts, &rs), CT_ERULES);
	assert_ptr_equal(rs, (struct ct_ruleset *)0x1);
	expect_diag(&ds, CT_DIAG_ERROR, 3, 1, "unknown directive 'nonsense'");
	assert_string_equal(ds.v[0].file, paths[0]);
	tmpdir_remove(&t);
}

static void test_load_warnings_only_is_ok(void **state)
{
	(void)state;
	struct tmpdir t;
	struct diags ds = { 0 };
	struct ct_rules_options opts = { .on_diag = collect, .user = &ds };
	struct ct_ruleset *rs = NULL;
	const char *paths[1];

	tmpdir_make(&t);
	paths[0] = tmpdir_write(&t, "warn.rules", "define NEVER x\n");
	assert_int_equal(ct_rules_load(paths, 1, &opts, &rs), CT_OK);
	assert_non_null(rs);
	expect_diag(&ds, CT_DIAG_WARNING, 1, 1, "define 'NEVER' is never used");
	assert_string_equal(ds.v[0].file, paths[0]);
	ct_ruleset_free(rs);
	tmpdir_remove(&t);
}

static void test_load_missing_path_is_eio(void **state)
{
	(void)state;
	struct tmpdir t;
	struct diags ds = { 0 };
	struct ct_rules_options opts = { .on_diag = collect, .user = &ds };
	struct ct_ruleset *rs = (struct ct_ruleset *)0x1;
	const char *paths[2];
	char missing[128];
	const struct diag_rec *d;

	tmpdir_make(&t);
	snprintf(missing, sizeof missing, "%s/no-such.rules", t.path);
	paths[0] = missing;
	assert_int_equal(ct_rules_load(paths, 1, &opts, &rs), CT_EIO);
	assert_ptr_equal(rs, (struct ct_ruleset *)0x1);
	d = find_diag(&ds, "cannot read");
	assert_non_null(d);
	assert_int_equal(d->sev, CT_DIAG_ERROR);
	assert_string_equal(d->file, missing);

	/* A good file next to the missing one does not hide the failure. */
	paths[0] = tmpdir_write(&t, "good.rules", threat_rules);
	paths[1] = missing;
	assert_int_equal(ct_rules_load(paths, 2, &opts, &rs), CT_EIO);
	assert_ptr_equal(rs, (struct ct_ruleset *)0x1);
	tmpdir_remove(&t);
}

static void test_load_folder_and_files(void **state)
{
	(void)state;
	struct tmpdir t;
	struct diags ds = { 0 };
	struct ct_rules_options opts = { .on_diag = collect, .user = &ds };
	struct ct_ruleset *rs = NULL;
	const char *paths[2], *a, *b;

	tmpdir_make(&t);
	b = tmpdir_write(&t, "b.rules",
			 "proposition f.b\n title B\n rev 1\n supports beta\nend\n");
	a = tmpdir_write(&t, "a.rules",
			 "proposition f.a\n title A\n rev 1\n supports alpha\nend\n");
	tmpdir_write(&t, "notes.txt", "this is not a rule file\n");
	tmpdir_write(&t, ".hidden.rules", "garbage that would be an error\n");
	tmpdir_write(&t, "extra.cues", "hedge seemingly\n");

	/* A folder: *.rules and *.cues in name order, other files ignored. */
	paths[0] = t.path;
	assert_int_equal(ct_rules_load(paths, 1, &opts, &rs), CT_OK);
	assert_int_equal(ds.n, 0);
	assert_int_equal(ct_ruleset_n_files(rs), 2);
	assert_int_equal(ct_ruleset_n_propositions(rs), 2);
	assert_string_equal(ct_ruleset_proposition(rs, 0)->id, "f.a");
	assert_string_equal(ct_ruleset_proposition(rs, 0)->file, a);
	assert_string_equal(ct_ruleset_proposition(rs, 1)->id, "f.b");
	assert_string_equal(ct_ruleset_proposition(rs, 1)->file, b);
	ct_ruleset_free(rs);

	/* Files: in the order given. */
	paths[0] = b;
	paths[1] = a;
	rs = NULL;
	assert_int_equal(ct_rules_load(paths, 2, &opts, &rs), CT_OK);
	assert_int_equal(ct_ruleset_n_files(rs), 2);
	assert_string_equal(ct_ruleset_proposition(rs, 0)->id, "f.b");
	assert_string_equal(ct_ruleset_proposition(rs, 1)->id, "f.a");
	ct_ruleset_free(rs);
	tmpdir_remove(&t);
}

static void test_load_folder_without_rules(void **state)
{
	(void)state;
	struct tmpdir t;
	struct diags ds = { 0 };
	struct ct_rules_options opts = { .on_diag = collect, .user = &ds };
	struct ct_ruleset *rs = (struct ct_ruleset *)0x1;
	const char *paths[1];

	tmpdir_make(&t);
	tmpdir_write(&t, "only.cues", "hedge seemingly\n");
	paths[0] = t.path;
	assert_int_equal(ct_rules_load(paths, 1, &opts, &rs), CT_ERULES);
	assert_ptr_equal(rs, (struct ct_ruleset *)0x1);
	expect_diag(&ds, CT_DIAG_ERROR, 0, 0, "no *.rules files");
	tmpdir_remove(&t);
}

/* ======================================================================
 * Cue files
 * ==================================================================== */

static void test_cue_file_adds_cue(void **state)
{
	(void)state;
	struct tmpdir t;
	struct diags ds = { 0 };
	struct ct_rules_options opts = { .on_diag = collect, .user = &ds };
	struct ct_ruleset *rs = NULL;
	const char *paths[1], *rules;
	const char *s = "ISIS is scarcely a threat to the region.";
	struct one_claim oc;

	tmpdir_make(&t);
	rules = tmpdir_write(&t, "threat.rules", threat_rules);

	/* Without the cue file "scarcely" means nothing. */
	paths[0] = rules;
	assert_int_equal(ct_rules_load(paths, 1, &opts, &rs), CT_OK);
	oc = scan1(rs, s);
	assert_int_equal(oc.n, 1);
	assert_int_equal(oc.c.stance, CT_SUPPORTS);
	assert_false(oc.c.negated);
	ct_ruleset_free(rs);

	tmpdir_write(&t, "extra.cues", "# more negation\nnegation scarcely\n");
	paths[0] = t.path;
	rs = NULL;
	assert_int_equal(ct_rules_load(paths, 1, &opts, &rs), CT_OK);
	assert_int_equal(ds.n, 0);
	oc = scan1(rs, s);
	assert_int_equal(oc.n, 1);
	assert_int_equal(oc.c.stance, CT_REFUTES);
	assert_true(oc.c.negated);
	assert_int_equal(oc.c.negation_cue.start, strstr(s, "scarcely") - s);
	assert_int_equal(oc.c.negation_cue.end, strstr(s, "scarcely") - s + 8);
	/* The built-in cues are still there. */
	oc = scan1(rs, "ISIS is not a threat to the region.");
	assert_int_equal(oc.c.stance, CT_REFUTES);
	ct_ruleset_free(rs);
	tmpdir_remove(&t);
}

/* A cue in a cue file that is already a built-in cue, or twice in the
 * file, counts once. */
static void test_cue_file_repeats_count_once(void **state)
{
	(void)state;
	struct tmpdir t;
	struct ct_rules_options opts = { 0 };
	struct ct_ruleset *rs = NULL;
	const char *paths[1];
	size_t builtin;

	tmpdir_make(&t);
	tmpdir_write(&t, "threat.rules", threat_rules);
	paths[0] = t.path;
	assert_int_equal(ct_rules_load(paths, 1, &opts, &rs), CT_OK);
	builtin = rs->n_cues;
	ct_ruleset_free(rs);

	tmpdir_write(&t, "extra.cues", "negation not\nnegation scarcely\nnegation scarcely\n"
			 "hedge scarcely\n");
	rs = NULL;
	assert_int_equal(ct_rules_load(paths, 1, &opts, &rs), CT_OK);
	/* "scarcely" once as a negation and once as a hedge: two kinds. */
	assert_int_equal(rs->n_cues, builtin + 2);
	ct_ruleset_free(rs);
	tmpdir_remove(&t);
}

static void test_cue_file_given_as_path(void **state)
{
	(void)state;
	struct tmpdir t;
	struct diags ds = { 0 };
	struct ct_rules_options opts = { .on_diag = collect, .user = &ds,
					 .no_builtin_cues = true };
	struct ct_ruleset *rs = NULL;
	const char *paths[2];
	struct one_claim oc;

	tmpdir_make(&t);
	paths[0] = tmpdir_write(&t, "threat.rules", threat_rules);
	paths[1] = tmpdir_write(&t, "mine.cues", "hedge supposedly\n");
	assert_int_equal(ct_rules_load(paths, 2, &opts, &rs), CT_OK);
	/* Cue files do not count as rule files. */
	assert_int_equal(ct_ruleset_n_files(rs), 1);
	oc = scan1(rs, "ISIS is supposedly a threat to the region.");
	assert_true(oc.c.hedged);
	/* Built-in cues are off: "allegedly" does not hedge, "not" does not negate. */
	oc = scan1(rs, "ISIS is allegedly a threat to the region.");
	assert_false(oc.c.hedged);
	oc = scan1(rs, "ISIS is not a threat to the region.");
	assert_int_equal(oc.c.stance, CT_SUPPORTS);
	assert_false(oc.c.negated);
	ct_ruleset_free(rs);
	tmpdir_remove(&t);
}

static void test_cue_file_unknown_kind(void **state)
{
	(void)state;
	struct tmpdir t;
	struct diags ds = { 0 };
	struct ct_rules_options opts = { .on_diag = collect, .user = &ds };
	struct ct_ruleset *rs = (struct ct_ruleset *)0x1;
	const char *paths[1], *cues;
	const struct diag_rec *d;

	tmpdir_make(&t);
	tmpdir_write(&t, "threat.rules", threat_rules);
	cues = tmpdir_write(&t, "bad.cues", "# cues\n  frobnicate foo\nnegation\n");
	paths[0] = t.path;
	assert_int_equal(ct_rules_load(paths, 1, &opts, &rs), CT_ERULES);
	assert_ptr_equal(rs, (struct ct_ruleset *)0x1);
	d = expect_diag(&ds, CT_DIAG_ERROR, 2, 3, "unknown cue kind 'frobnicate'");
	assert_string_equal(d->file, cues);
	expect_diag(&ds, CT_DIAG_ERROR, 3, 9, "'negation' needs a pattern");
	assert_int_equal(count_sev(&ds, CT_DIAG_ERROR), 2);
	tmpdir_remove(&t);
}

static void test_cue_file_bad_pattern(void **state)
{
	(void)state;
	struct tmpdir t;
	struct diags ds = { 0 };
	struct ct_rules_options opts = { .on_diag = collect, .user = &ds };
	struct ct_ruleset *rs = (struct ct_ruleset *)0x1;
	const char *paths[1], *cues;
	const struct diag_rec *d;

	tmpdir_make(&t);
	tmpdir_write(&t, "threat.rules", threat_rules);
	cues = tmpdir_write(&t, "bad.cues", "hedge (unclosed\nhedge x?\n");
	paths[0] = t.path;
	assert_int_equal(ct_rules_load(paths, 1, &opts, &rs), CT_ERULES);
	d = find_diag(&ds, "in pattern");
	assert_non_null(d);
	assert_string_equal(d->file, cues);
	assert_int_equal(d->line, 1);
	assert_true(d->col > 7);
	expect_diag(&ds, CT_DIAG_ERROR, 2, 7, "pattern can match the empty string");
	tmpdir_remove(&t);
}

static void test_builtin_cues_default_and_off(void **state)
{
	(void)state;
	struct diags ds;
	struct ct_rules_options opts = { .no_builtin_cues = true };
	struct ct_ruleset *rs = load_ok(threat_rules, &ds);
	struct one_claim oc = scan1(rs, "ISIS is not a threat to the region.");

	assert_int_equal(oc.n, 1);
	assert_int_equal(oc.c.stance, CT_REFUTES);
	assert_true(oc.c.negated);
	ct_ruleset_free(rs);

	rs = NULL;
	assert_int_equal(load_opts(threat_rules, &opts, &rs), CT_OK);
	oc = scan1(rs, "ISIS is not a threat to the region.");
	assert_int_equal(oc.n, 1);
	assert_int_equal(oc.c.stance, CT_SUPPORTS);
	assert_false(oc.c.negated);
	ct_ruleset_free(rs);
}

/*
 * words_get_wide() finds what words_get() finds, whatever follows the word
 * in memory: every entry of the built-in index as it is, in capitals and
 * in mixed case, one byte short and one long, and words of 1 to 20 bytes
 * that are none, each followed by bytes that are no part of it.
 */
static void test_words_get_wide_as_words_get(void **state)
{
	struct ct_words *w = NULL;
	size_t n_found = 0;

	(void)state;
	assert_int_equal(ct_words_build(NULL, &w), CT_OK);
	assert_true(w->n_entries > 100);
	for (size_t i = 0; i < w->n_entries + 400; i++) {
		char buf[64 + 8];
		size_t n;
		if (i < w->n_entries) {
			n = w->entries[i].len;
			if (n >= 64)
				continue;
			memcpy(buf, w->entries[i].text, n);
		} else {
			/* Words that are none: letters, digits and UTF-8. */
			static const char alphabet[] = "aeiostTRX9\xC3\xA9'-.";
			n = 1 + (i * 7) % 20;
			for (size_t k = 0; k < n; k++)
				buf[k] = alphabet[(i * 31 + k * 17) % (sizeof alphabet - 1)];
		}
		for (int variant = 0; variant < 5; variant++) {
			char v[64 + 8];
			size_t vn = n;
			memcpy(v, buf, n);
			for (size_t k = 0; k < n; k++) {
				unsigned char c = (unsigned char)v[k];
				if (variant == 1 && c >= 'a' && c <= 'z')
					v[k] = (char)(c - 32);
				if (variant == 2 && k % 2 == 0 && c >= 'a' && c <= 'z')
					v[k] = (char)(c - 32);
			}
			if (variant == 3 && vn > 1)
				vn--;
			if (variant == 4)
				v[vn++] = 's';
			/* What follows the word: capitals, a space, a letter. */
			memcpy(v + vn, "S xY\xC3\xA9Zq", 8);
			uint64_t h = word_hash(v, vn);
			const struct word *want = words_get(w, v, vn, h);
			const struct word *got = words_get_wide(w, v, vn, h);
			if (got != want)
				fail_msg("entry %zu variant %d \"%.*s\": %p, words_get() %p", i, variant,
					 (int)vn, v, (const void *)got, (const void *)want);
			n_found += want != NULL;
		}
	}
	/* Each entry was found as it is and in capitals at least. */
	assert_true(n_found >= 2 * w->n_entries - 2);
	ct_words_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_loads_without_diagnostics),
		cmocka_unit_test(test_valid_propositions),
		cmocka_unit_test(test_valid_patterns),
		cmocka_unit_test(test_valid_expects),
		cmocka_unit_test(test_valid_speakers),
		cmocka_unit_test(test_valid_outlets),
		cmocka_unit_test(test_outlet_index),
		cmocka_unit_test(test_accessors_out_of_range),
		cmocka_unit_test(test_empty_text_loads),
		cmocka_unit_test(test_crlf_bom_and_trailing_space),
		cmocka_unit_test(test_load_string_respects_len),
		cmocka_unit_test(test_null_options_and_null_callback),
		cmocka_unit_test(test_fingerprint_is_16_hex),
		cmocka_unit_test(test_fingerprint_stable_for_same_patterns),
		cmocka_unit_test(test_fingerprint_ignores_title_rev_tags_expects),
		cmocka_unit_test(test_fingerprint_changes_with_pattern),
		cmocka_unit_test(test_fingerprint_changes_with_kind),
		cmocka_unit_test(test_fingerprint_follows_define),
		cmocka_unit_test(test_error_unknown_directive),
		cmocka_unit_test(test_error_duplicate_id),
		cmocka_unit_test(test_error_duplicate_id_across_files),
		cmocka_unit_test(test_error_undefined_define),
		cmocka_unit_test(test_error_undefined_define_in_define),
		cmocka_unit_test(test_error_recursive_define),
		cmocka_unit_test(test_error_self_recursive_define),
		cmocka_unit_test(test_error_define_compile_error),
		cmocka_unit_test(test_error_invalid_define_name),
		cmocka_unit_test(test_error_unclosed_block_at_eof),
		cmocka_unit_test(test_error_unclosed_block_new_block),
		cmocka_unit_test(test_error_missing_title),
		cmocka_unit_test(test_error_missing_rev),
		cmocka_unit_test(test_error_rev_zero),
		cmocka_unit_test(test_error_rev_not_a_number),
		cmocka_unit_test(test_error_duplicate_fields),
		cmocka_unit_test(test_error_directive_needs_value),
		cmocka_unit_test(test_error_no_supports_or_refutes),
		cmocka_unit_test(test_error_invalid_id),
		cmocka_unit_test(test_error_pattern_compile),
		cmocka_unit_test(test_error_pattern_compile_mid_column),
		cmocka_unit_test(test_error_pattern_compile_with_define),
		cmocka_unit_test(test_error_empty_matching_pattern),
		cmocka_unit_test(test_error_pattern_too_long),
		cmocka_unit_test(test_error_end_without_block),
		cmocka_unit_test(test_error_text_after_end),
		cmocka_unit_test(test_error_directive_in_wrong_block),
		cmocka_unit_test(test_error_directive_outside_block),
		cmocka_unit_test(test_error_define_inside_block),
		cmocka_unit_test(test_error_bad_expect_stance),
		cmocka_unit_test(test_error_expect_without_sentence),
		cmocka_unit_test(test_error_speaker_and_outlet),
		cmocka_unit_test(test_error_invalid_utf8_line),
		cmocka_unit_test(test_errors_all_reported),
		cmocka_unit_test(test_warning_unused_define),
		cmocka_unit_test(test_warning_ambiguous_expect),
		cmocka_unit_test(test_define_expansion_matches),
		cmocka_unit_test(test_define_is_grouped),
		cmocka_unit_test(test_escaped_brace_is_literal),
		cmocka_unit_test(test_pcre2_brace_escapes_are_not_defines),
		cmocka_unit_test(test_load_returns_erules_on_error),
		cmocka_unit_test(test_load_warnings_only_is_ok),
		cmocka_unit_test(test_load_missing_path_is_eio),
		cmocka_unit_test(test_load_folder_and_files),
		cmocka_unit_test(test_load_folder_without_rules),
		cmocka_unit_test(test_cue_file_adds_cue),
		cmocka_unit_test(test_cue_file_given_as_path),
		cmocka_unit_test(test_cue_file_unknown_kind),
		cmocka_unit_test(test_cue_file_bad_pattern),
		cmocka_unit_test(test_builtin_cues_default_and_off),
		cmocka_unit_test(test_cue_file_repeats_count_once),
		cmocka_unit_test(test_error_duplicate_id_among_many),
		cmocka_unit_test(test_words_get_wide_as_words_get),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
