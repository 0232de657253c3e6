/*
 * Fuzz target: the RSS, RDF and Atom reader. The input is a feed read as if
 * fetched from a fixed URL, so relative links resolve against it. A small
 * item cap lets short inputs reach the code that drops items past it.
 */
#include "claimtrack/claimtrack.h"
#include "fuzz.h"

#include <strings.h>

#define MAX_ITEMS 16

static void check_feed(const struct ct_feed *f)
{
	FUZZ_CHECK(f->n_items <= MAX_ITEMS);
	FUZZ_CHECK(!f->title || fuzz_utf8_clean(f->title, strlen(f->title)));
	for (size_t i = 0; i < f->n_items; i++) {
		const struct ct_feed_item *it = &f->items[i];
		FUZZ_CHECK(it->link != NULL);
		FUZZ_CHECK(strncasecmp(it->link, "http://", 7) == 0 ||
			   strncasecmp(it->link, "https://", 8) == 0);
		FUZZ_CHECK(!it->date[0] || ct_date_valid(it->date));
		FUZZ_CHECK(!it->title || fuzz_utf8_clean(it->title, strlen(it->title)));
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(f->items[j].link, it->link) != 0);
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
	struct ct_feed *f = NULL;
	char err[256] = "";
	int rc;

	ct_looks_like_feed((const char *)data, size);
	rc = ct_feed_parse((const char *)data, size, "https://news.example.org/world/feed.xml",
			   MAX_ITEMS, &f, err, sizeof err);
	if (rc != CT_OK) {
		FUZZ_CHECK(f == NULL);
		FUZZ_CHECK(rc != CT_EINVAL || err[0] != '\0');
		return 0;
	}
	check_feed(f);
	ct_feed_free(f);
	return 0;
}
