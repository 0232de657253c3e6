/*
 * Fuzz target: a plain-text document from header lines to claims. The
 * input is read with ct_doc_from_text() (headers, UTF-8 repair, paragraphs,
 * sentences), attributed (quotes, cues, speakers, via) and matched against
 * the bundled rules, compiled once at start-up, as `claimtrack check` does.
 */
#include "fuzz.h"

#ifndef CT_FUZZ_RULES
#error "CT_FUZZ_RULES must name the folder of bundled rules"
#endif

static struct ct_ruleset *rules;
static struct ct_matcher *matcher;

static void check_quotes(const struct ct_attribution *a, const struct ct_doc *doc)
{
	size_t prev = 0;

	for (size_t i = 0; i < ct_attribution_n_quotes(a); i++) {
		const struct ct_quote *q = ct_attribution_quote(a, i);
		FUZZ_CHECK(q->start <= q->end && q->end <= doc->body_len);
		FUZZ_CHECK(q->start >= prev);
		FUZZ_CHECK(!q->speaker || fuzz_utf8_clean(q->speaker, strlen(q->speaker)));
		FUZZ_CHECK(!q->mention || fuzz_utf8_clean(q->mention, strlen(q->mention)));
		prev = q->start;
	}
}

static int on_claim(const struct ct_doc_claim *dc, void *user)
{
	const struct ct_doc *doc = user;
	const struct ct_claim *c = &dc->claim;

	FUZZ_CHECK(c->sentence_start <= c->match_start);
	FUZZ_CHECK(c->match_start <= c->match_end);
	FUZZ_CHECK(c->match_end <= c->sentence_end);
	FUZZ_CHECK(c->sentence_end <= doc->body_len);
	FUZZ_CHECK(c->stance == CT_SUPPORTS || c->stance == CT_REFUTES);
	FUZZ_CHECK(!dc->statement_date[0] || ct_date_valid(dc->statement_date));
	FUZZ_CHECK(dc->quote || dc->speaker_kind == CT_SPEAKER_NARRATOR);
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *paths[] = { CT_FUZZ_RULES };
	struct ct_rules_options opts = { 0 };

	(void)argc;
	(void)argv;
	if (ct_rules_load(paths, 1, &opts, &rules) != CT_OK ||
	    ct_matcher_new(rules, NULL, NULL, &matcher) != CT_OK) {
		fprintf(stderr, "fuzz_doc: cannot load the rules in %s\n", CT_FUZZ_RULES);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_doc *doc = NULL;
	struct ct_attribution *a = NULL;

	if (ct_doc_from_text((const char *)data, size, CT_DOC_MAX_BYTES, "fuzz", &doc) != CT_OK)
		return 0;
	fuzz_check_doc(doc);
	if (ct_attribute(rules, doc, &a) == CT_OK) {
		check_quotes(a, doc);
		ct_doc_claims(matcher, doc, a, on_claim, doc);
		ct_attribution_free(a);
	}
	ct_doc_free(doc);
	return 0;
}
