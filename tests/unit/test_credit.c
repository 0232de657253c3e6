/* Unit tests for credit.c: the wire agency a document credits, and its claims' via. */
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

static const char RULES[] =
	"proposition t.bridge\n"
	"  title The Valmora bridge is unsafe\n"
	"  rev 1\n"
	"  supports the bridge is unsafe\n"
	"end\n"
	"outlet Reuters\n"
	"  domain reuters.com\n"
	"end\n"
	"outlet Associated Press\n"
	"  alias AP\n"
	"  alias The Associated Press\n"
	"end\n"
	"outlet Harbour Times\n"
	"end\n";

static struct ct_ruleset *load(void)
{
	struct ct_rules_options opts = { 0 };
	struct ct_ruleset *rs = NULL;

	assert_int_equal(ct_rules_load_string("t.rules", RULES, strlen(RULES), &opts, &rs), CT_OK);
	return rs;
}

/* The credit of a document read from text (header lines and body). */
static const char *credit_of(const struct ct_ruleset *rs, const char *text, char *out, size_t cap)
{
	struct ct_doc *doc = NULL;

	assert_int_equal(ct_doc_from_text(text, strlen(text), CT_DOC_MAX_BYTES, "t.txt", &doc), CT_OK);
	ct_doc_credit(rs, doc, out, cap);
	ct_doc_free(doc);
	return out;
}

static void test_dateline_credits(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load();
	char out[64];

	assert_string_equal(credit_of(rs, "KABUL (Reuters) - The bridge was closed.", out, sizeof out),
			    "Reuters");
	/* An alias goes to its outlet block's name; an em dash, a byline first. */
	assert_string_equal(credit_of(rs, "By Tomas Varga\n\nWASHINGTON (AP) \xe2\x80\x94 The bridge "
				      "was closed.", out, sizeof out), "Associated Press");
	/* A date in the dateline; an agency with no outlet block, as written. */
	assert_string_equal(credit_of(rs, "BERLIN, Dec 6 (dpa) - Die Br\xc3\xbc" "cke ist zu.", out,
				      sizeof out), "dpa");
	/* A short buffer takes what fits, ending where a character starts. */
	assert_string_equal(credit_of(rs, "KABUL (Reuters) - The bridge was closed.", out, 4), "Reu");
	ct_ruleset_free(rs);
}

static void test_signoff_credits(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load();
	char out[64];

	assert_string_equal(credit_of(rs, "The bridge was closed.\n\n\xe2\x80\x94 The Associated Press",
				      out, sizeof out), "Associated Press");
	assert_string_equal(credit_of(rs, "The bridge was closed.\n\n(AFP)\n\nSign up for our newsletter.",
				      out, sizeof out), "AFP");
	assert_string_equal(credit_of(rs, "The bridge was closed.\n\nCopyright 2026 The Canadian Press. "
				      "All rights reserved.", out, sizeof out), "Canadian Press");
	assert_string_equal(credit_of(rs, "The bridge was closed.\n\n\xc2\xa9 2026 Reuters", out,
				      sizeof out), "Reuters");
	ct_ruleset_free(rs);
}

/* Agencies named in the story, or in brackets without a dateline's dash,
 * are no credit; nor are other outlets in a dateline's place. */
static void test_mentions_are_no_credit(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load();
	char out[64];

	assert_string_equal(credit_of(rs, "Reuters reported that the bridge was closed.", out,
				      sizeof out), "");
	assert_string_equal(credit_of(rs, "The bridge (AP) photo shows cracks.", out, sizeof out), "");
	assert_string_equal(credit_of(rs, "KABUL (Harbour Times) - The bridge was closed.", out,
				      sizeof out), "");
	assert_string_equal(credit_of(rs, "The bridge was closed.\n\nReuters and AP reported it.",
				      out, sizeof out), "");
	/* A credit far into the story is a quote's, not the story's. */
	assert_string_equal(credit_of(rs, "One.\n\nTwo.\n\nThree.\n\nKABUL (Reuters) - Four.\n\n"
				      "Five.\n\nSix.\n\nSeven.", out, sizeof out), "");
	/* No rules, no agencies. */
	assert_string_equal(credit_of(NULL, "KABUL (Reuters) - The bridge was closed.", out,
				      sizeof out), "");
	ct_ruleset_free(rs);
}

/* A cue file in the rules path adds agencies. */
static void test_cue_file_adds_agencies(void **state)
{
	(void)state;
	char dir[] = "/tmp/ct_credit_XXXXXX", path[64];
	struct ct_rules_options opts = { 0 };
	struct ct_ruleset *rs = NULL;
	const char *paths[1] = { dir };
	char out[64];
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.rules", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs(RULES, f);
	fclose(f);
	snprintf(path, sizeof path, "%s/wire.cues", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("agency Frontier Wire\n", f);
	fclose(f);
	assert_int_equal(ct_rules_load(paths, 1, &opts, &rs), CT_OK);
	assert_string_equal(credit_of(rs, "KANDAHAR (Frontier Wire) - The bridge was closed.", out,
				      sizeof out), "Frontier Wire");
	ct_ruleset_free(rs);
	unlink(path);
	snprintf(path, sizeof path, "%s/t.rules", dir);
	unlink(path);
	rmdir(dir);
}

struct vias {
	char via[8][64];
	size_t n;
};

static int on_claim(const struct ct_doc_claim *c, void *user)
{
	struct vias *v = user;

	if (v->n < 8)
		snprintf(v->via[v->n++], sizeof v->via[0], "%s", c->via ? c->via : "(none)");
	return 0;
}

static void claims_of(const struct ct_ruleset *rs, const char *text, struct vias *v)
{
	struct ct_matcher *m = NULL;
	struct ct_doc *doc = NULL;
	struct ct_attribution *a = NULL;

	memset(v, 0, sizeof *v);
	assert_int_equal(ct_matcher_new(rs, NULL, NULL, &m), CT_OK);
	assert_int_equal(ct_doc_from_text(text, strlen(text), CT_DOC_MAX_BYTES, "t.txt", &doc), CT_OK);
	assert_int_equal(ct_doc_find_claims(m, rs, doc, &a, on_claim, v), CT_OK);
	ct_attribution_free(a);
	ct_doc_free(doc);
	ct_matcher_free(m);
}

/* The credited agency is the via of the claims of an outlet that carries
 * its story; not of the agency's own, nor where someone else relays. */
static void test_credit_is_the_claims_via(void **state)
{
	(void)state;
	struct ct_ruleset *rs = load();
	struct vias v;

	claims_of(rs, "outlet Harbour Times\n\nKABUL (Reuters) - \"The bridge is unsafe,\" Irma "
		  "Kostelec said on Tuesday.\n\nThe bridge is unsafe.", &v);
	assert_int_equal(v.n, 2);
	assert_string_equal(v.via[0], "Reuters");
	assert_string_equal(v.via[1], "Reuters");
	claims_of(rs, "outlet Reuters\n\nKABUL (Reuters) - \"The bridge is unsafe,\" Irma "
		  "Kostelec said.", &v);
	assert_int_equal(v.n, 1);
	assert_string_equal(v.via[0], "(none)");
	claims_of(rs, "outlet Harbour Times\n\n\"The bridge is unsafe,\" Irma Kostelec said.", &v);
	assert_int_equal(v.n, 1);
	assert_string_equal(v.via[0], "(none)");
	ct_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dateline_credits),
		cmocka_unit_test(test_signoff_credits),
		cmocka_unit_test(test_mentions_are_no_credit),
		cmocka_unit_test(test_cue_file_adds_agencies),
		cmocka_unit_test(test_credit_is_the_claims_via),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
