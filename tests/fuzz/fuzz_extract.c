/*
 * Fuzz target: the HTML extractor. The input is a web page read as if
 * fetched from a fixed URL with no charset header: encoding detection, the
 * DOM walk that finds the article, and the metadata readers (JSON-LD,
 * OpenGraph and other meta tags, <time>, canonical links). The bundled
 * outlet blocks are loaded once, so the outlet is looked up by domain too.
 */
#include "claimtrack/claimtrack.h"
#include "fuzz.h"

#include <strings.h>

#ifndef CT_FUZZ_RULES
#error "CT_FUZZ_RULES must name the folder of bundled rules"
#endif

static struct ct_ruleset *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *paths[] = { CT_FUZZ_RULES "/outlets.rules" };
	struct ct_rules_options opts = { .no_builtin_cues = true };

	(void)argc;
	(void)argv;
	if (ct_rules_load(paths, 1, &opts, &rules) != CT_OK) {
		fprintf(stderr, "fuzz_extract: cannot load %s\n", paths[0]);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_doc *doc = NULL;
	const char *html = (const char *)data;
	int rc;

	ct_looks_like_html(html, size);
	rc = ct_doc_from_html(html, size, CT_DOC_MAX_BYTES, "https://www.reuters.com/world/a.html",
			      NULL, rules, "fuzz", &doc);
	if (rc != CT_OK) {
		FUZZ_CHECK(doc == NULL);
		return 0;
	}
	fuzz_check_doc(doc);
	FUZZ_CHECK(!doc->title || fuzz_utf8_clean(doc->title, strlen(doc->title)));
	FUZZ_CHECK(!doc->author || fuzz_utf8_clean(doc->author, strlen(doc->author)));
	FUZZ_CHECK(!doc->outlet || fuzz_utf8_clean(doc->outlet, strlen(doc->outlet)));
	FUZZ_CHECK(!doc->url || strncasecmp(doc->url, "http", 4) == 0);
	ct_doc_free(doc);
	return 0;
}
