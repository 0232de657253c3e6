/*
 * Fuzz target: the cue-list loader. The input is one *.cues file, loaded
 * with ct_rules_load() beside a small fixed rule file, as a cue file in
 * the rules path is: parsed, then compiled (stance cues are PCRE2 patterns,
 * attribution entries a lexicon indexed by first word). The built-in lists
 * are left out, so the input is the only one. When it loads, the cues are
 * put to work: a fixed document is attributed, so the lexicon decides who
 * speaks, and matched, so negation, denial and hedge scopes come from the
 * input too. The files live in a temporary folder made at start-up.
 */
#include "claimtrack/claimtrack.h"
#include "fuzz.h"

#include <unistd.h>

static const char rules_text[] =
	"proposition fuzz.presence\n"
	"  title Terrorist groups are active in Afghanistan\n"
	"  rev 1\n"
	"  supports (?:terrorists?|ISIS) (?:are|is) (?:active|present) in Afghanistan\n"
	"  refutes there (?:are|is) no (?:terrorists?|ISIS) in Afghanistan\n"
	"end\n";

static const char text[] =
	"\"There are no terrorists in Afghanistan,\" Taliban spokesman Zabihullah "
	"Mujahid told reporters on Monday.\n\n"
	"US officials said that ISIS is active in Afghanistan, according to Tolo News. "
	"The ministry denied that terrorists are present in Afghanistan. It is not "
	"true that ISIS is active in Afghanistan; analysts may say terrorists are "
	"present in Afghanistan? General McKenzie believes ISIS is present in "
	"Afghanistan, but nobody denies it.\n";

static struct ct_doc *doc;

static int on_claim(const struct ct_doc_claim *dc, void *user)
{
	const struct ct_claim *c = &dc->claim;

	(void)user;
	FUZZ_CHECK(c->match_end <= c->sentence_end && c->sentence_end <= doc->body_len);
	FUZZ_CHECK(c->stance == CT_SUPPORTS || c->stance == CT_REFUTES);
	FUZZ_CHECK(!c->negated || c->negation_cue.end <= doc->body_len);
	FUZZ_CHECK(!c->denied || c->denial_cue.end <= doc->body_len);
	FUZZ_CHECK(!c->hedged || c->hedge_cue.end <= doc->body_len);
	return 0;
}

/* Puts a loaded rule set's cues to work on the fixed document. */
static void use(const struct ct_ruleset *rs)
{
	struct ct_attribution *a = NULL;
	struct ct_matcher *m = NULL;

	if (ct_attribute(rs, doc, &a) != CT_OK)
		return;
	for (size_t i = 0; i < ct_attribution_n_quotes(a); i++) {
		const struct ct_quote *q = ct_attribution_quote(a, i);
		FUZZ_CHECK(q->start <= q->end && q->end <= doc->body_len);
	}
	if (ct_matcher_new(rs, NULL, NULL, &m) == CT_OK)
		ct_doc_claims(m, doc, a, on_claim, NULL);
	ct_matcher_free(m);
	ct_attribution_free(a);
}

static char dir[] = "/tmp/claimtrack-fuzz-cues.XXXXXX";
static char cues_path[sizeof dir + 16], rules_path[sizeof dir + 16];

static void remove_files(void)
{
	unlink(cues_path);
	unlink(rules_path);
	rmdir(dir);
}

static int write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(data, 1, size, f) == size;

	if (f && fclose(f) != 0)
		ok = 0;
	return ok;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!mkdtemp(dir)) {
		perror("fuzz_cues: mkdtemp");
		exit(1);
	}
	snprintf(cues_path, sizeof cues_path, "%s/fuzz.cues", dir);
	snprintf(rules_path, sizeof rules_path, "%s/fuzz.rules", dir);
	atexit(remove_files);
	if (!write_file(rules_path, rules_text, sizeof rules_text - 1) ||
	    ct_doc_from_text(text, sizeof text - 1, CT_DOC_MAX_BYTES, "fuzz", &doc) != CT_OK) {
		fprintf(stderr, "fuzz_cues: cannot set up %s\n", dir);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *paths[] = { cues_path, rules_path };
	struct ct_rules_options opts = { .on_diag = fuzz_diag, .no_builtin_cues = true };
	struct ct_ruleset *rs = NULL;
	size_t n_diags = 0;
	int rc;

	if (!write_file(cues_path, data, size)) {
		fprintf(stderr, "fuzz_cues: cannot write %s\n", cues_path);
		abort();
	}
	opts.user = &n_diags;
	rc = ct_rules_load(paths, 2, &opts, &rs);
	if (rc != CT_OK) {
		FUZZ_CHECK(rs == NULL);
		FUZZ_CHECK(rc != CT_ERULES || n_diags > 0);
		return 0;
	}
	use(rs);
	ct_ruleset_free(rs);
	return 0;
}
