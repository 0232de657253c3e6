/*
 * Fuzz target: a plain-text document from header lines to claims. The
 * input is read with ct_doc_from_text_diag() (headers, UTF-8 repair,
 * paragraphs, sentences; the header's fields must be valid UTF-8 without
 * NULs, as the body is, and its warnings readable), attributed (quotes, cues, speakers, via) and matched against
 * the bundled rules, compiled once at start-up, as `claimtrack check` does.
 */
#include "claimtrack/claimtrack.h"
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

/* The claims of one way of finding them, to compare with the other's. */
struct found {
	const struct ct_doc *doc;
	size_t n;
	size_t start[64], end[64];
	const void *prop[64];
	int kind[64];
};

static int on_claim(const struct ct_doc_claim *dc, void *user)
{
	struct found *f = user;
	const struct ct_doc *doc = f->doc;
	const struct ct_claim *c = &dc->claim;

	if (f->n < 64) {
		f->start[f->n] = c->match_start;
		f->end[f->n] = c->match_end;
		f->prop[f->n] = c->proposition;
		f->kind[f->n] = dc->speaker_kind;
	}
	f->n++;

	FUZZ_CHECK(c->sentence_start <= c->match_start);
	FUZZ_CHECK(c->match_start <= c->match_end);
	FUZZ_CHECK(c->match_end <= c->sentence_end);
	FUZZ_CHECK(c->sentence_end <= doc->body_len);
	FUZZ_CHECK(c->stance == CT_SUPPORTS || c->stance == CT_REFUTES);
	FUZZ_CHECK(!dc->statement_date[0] || ct_date_valid(dc->statement_date));
	/* Without an attribution, a claim is the narrator's unless somebody
	 * is said to speak in its sentence; the narrator is never disputed. */
	FUZZ_CHECK(dc->quote || dc->speaker_kind == CT_SPEAKER_NARRATOR || c->reported);
	FUZZ_CHECK(dc->speaker_kind != CT_SPEAKER_NARRATOR || (!c->reported && !dc->framing));
	FUZZ_CHECK(!c->reported || (c->speech_cue.start <= c->speech_cue.end &&
				    c->speech_cue.end <= doc->body_len));
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

/* A header's warning quotes the input: it must still be clean text. */
static void check_diag(const struct ct_diag *d, void *user)
{
	fuzz_diag(d, user);
	FUZZ_CHECK(fuzz_utf8_clean(d->message, strlen(d->message)));
	for (const char *p = d->message; *p; p++)
		FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7F);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_doc *doc = NULL;
	struct ct_attribution *a = NULL;

	if (ct_doc_from_text_diag((const char *)data, size, CT_DOC_MAX_BYTES, "fuzz", check_diag,
				  NULL, &doc) != CT_OK)
		return 0;
	fuzz_check_doc(doc);
	{
		const char *const fields[] = { doc->title, doc->outlet, doc->url, doc->author,
					       doc->lang };
		for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
			FUZZ_CHECK(!fields[i] || (fields[i][0] &&
						  fuzz_utf8_clean(fields[i], strlen(fields[i]))));
	}
	{
		/* A body's fingerprint is a pure function of it; a credit is
		 * clean text. */
		struct ct_fingerprint f1, f2;
		char credit[64];
		ct_fingerprint_compute(doc->body, doc->body_len, &f1);
		ct_fingerprint_compute(doc->body, doc->body_len, &f2);
		FUZZ_CHECK(memcmp(&f1, &f2, sizeof f1) == 0);
		FUZZ_CHECK(!f1.n_shingles || ct_fingerprint_similarity(&f1, &f2) == 1.0);
		size_t n = ct_doc_credit(rules, doc, credit, sizeof credit);
		FUZZ_CHECK(n == strlen(credit) && fuzz_utf8_clean(credit, n));
	}
	if (ct_attribute(rules, doc, &a) == CT_OK) {
		struct found want = { .doc = doc }, got = { .doc = doc };
		struct ct_attribution *b = NULL;
		check_quotes(a, doc);
		if (ct_doc_claims(matcher, doc, a, on_claim, &want) == CT_OK &&
		    ct_doc_find_claims(matcher, rules, doc, &b, on_claim, &got) == CT_OK) {
			/* Matching first and attributing only documents with claims
			 * finds the same claims, with the same speakers' kinds. */
			FUZZ_CHECK(got.n == want.n);
			for (size_t i = 0; i < got.n && i < 64; i++)
				FUZZ_CHECK(got.start[i] == want.start[i] && got.end[i] == want.end[i] &&
					   got.prop[i] == want.prop[i] && got.kind[i] == want.kind[i]);
			const char *oa = ct_attribution_outlet(a), *ob = ct_attribution_outlet(b);
			FUZZ_CHECK(!oa == !ob && (!oa || strcmp(oa, ob) == 0));
		}
		ct_attribution_free(b);
		ct_attribution_free(a);
	}
	ct_doc_free(doc);
	return 0;
}
