/*
 * Fuzz target: the rule-file parser and compiler. The input is one rule
 * file; when it loads, its patterns are run over a fixed text, so that the
 * prefilter built from them and the matcher are fuzzed as well. The
 * built-in cue lists are left out: fuzz_cues covers them, and compiling
 * them on every input would slow this target tenfold.
 */
#include "claimtrack/claimtrack.h"
#include "fuzz.h"

static const char sample[] =
	"date 2022-02-18\n\n"
	"\"ISIS concerns us in Afghanistan,\" General Kenneth McKenzie said on Friday.\n"
	"There are no terrorists in Afghanistan, the spokesman claimed. It is not true "
	"that al-Qaeda is present; the weather in Kabul was mild?\n";

static int on_claim(const struct ct_claim *c, void *user)
{
	size_t len = *(const size_t *)user;

	FUZZ_CHECK(c->proposition && c->pattern);
	FUZZ_CHECK(c->stance == CT_SUPPORTS || c->stance == CT_REFUTES);
	FUZZ_CHECK(c->sentence_start <= c->match_start);
	FUZZ_CHECK(c->match_start <= c->match_end);
	FUZZ_CHECK(c->match_end <= c->sentence_end);
	FUZZ_CHECK(c->sentence_end <= len);
	return 0;
}

/* Every proposition has the fields a loaded rule set promises. */
static void check_ruleset(const struct ct_ruleset *rs)
{
	for (size_t i = 0; i < ct_ruleset_n_propositions(rs); i++) {
		const struct ct_proposition *p = ct_ruleset_proposition(rs, i);
		FUZZ_CHECK(p->id && p->id[0] && p->title && p->rev >= 1);
		FUZZ_CHECK(strlen(p->fingerprint) == 16);
		for (size_t j = 0; j < ct_proposition_n_patterns(rs, i); j++)
			FUZZ_CHECK(ct_proposition_pattern(rs, i, j)->source != NULL);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_rules_options opts = { .on_diag = fuzz_diag, .no_builtin_cues = true };
	struct ct_ruleset *rs = NULL;
	struct ct_matcher *m = NULL;
	size_t n_diags = 0, len = sizeof sample - 1;
	int rc;

	opts.user = &n_diags;
	rc = ct_rules_load_string("fuzz.rules", (const char *)data, size, &opts, &rs);
	if (rc != CT_OK) {
		FUZZ_CHECK(rs == NULL);
		FUZZ_CHECK(rc != CT_ERULES || n_diags > 0);
		return 0;
	}
	check_ruleset(rs);
	if (ct_matcher_new(rs, fuzz_diag, NULL, &m) == CT_OK) {
		ct_matcher_scan(m, sample, len, on_claim, &len);
		ct_matcher_free(m);
	}
	ct_ruleset_free(rs);
	return 0;
}
