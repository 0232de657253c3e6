/*
 * Fuzz target: the sources file of `nightly` (ct_sources_parse()). Every
 * URL it accepts is fetched: each must be http or https, printable ASCII
 * (no control character, no space), at most CT_URL_MAX bytes, and listed
 * once, with the line it came from.
 */
#include "claimtrack/claimtrack.h"
#include "fuzz.h"

#include <strings.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_sources(const struct ct_sources *s, size_t size)
{
	char **sorted;
	int prev_line = 0;

	FUZZ_CHECK(s->n <= CT_SOURCES_MAX_URLS);
	for (size_t i = 0; i < s->n; i++) {
		const char *u = s->urls[i];
		size_t n = strlen(u);
		FUZZ_CHECK(strncasecmp(u, "http://", 7) == 0 || strncasecmp(u, "https://", 8) == 0);
		FUZZ_CHECK(n > strlen("http://") && n <= CT_URL_MAX);
		for (size_t k = 0; k < n; k++)
			FUZZ_CHECK((unsigned char)u[k] > 0x20 && (unsigned char)u[k] < 0x7F);
		/* Lines in the file's order; none past the last line there is. */
		FUZZ_CHECK(s->lines[i] > prev_line);
		FUZZ_CHECK((size_t)s->lines[i] <= size + 1);
		prev_line = s->lines[i];
	}
	if (s->n < 2)
		return;
	/* Each once: sorted, no two neighbours are equal. */
	sorted = malloc(s->n * sizeof *sorted);
	FUZZ_CHECK(sorted != NULL);
	memcpy(sorted, s->urls, s->n * sizeof *sorted);
	qsort(sorted, s->n, sizeof *sorted, cmp_str);
	for (size_t i = 1; i < s->n; i++)
		FUZZ_CHECK(strcmp(sorted[i - 1], sorted[i]) != 0);
	free(sorted);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_sources *s = NULL;
	size_t n_diag = 0;
	int rc = ct_sources_parse((const char *)data, size, "sources.list", fuzz_diag, &n_diag, &s);

	if (rc != CT_OK) {
		FUZZ_CHECK(s == NULL);
		FUZZ_CHECK(rc == CT_ELIMIT || rc == CT_ENOMEM);
		FUZZ_CHECK(rc != CT_ELIMIT || size > CT_SOURCES_MAX_BYTES);
		return 0;
	}
	FUZZ_CHECK(s != NULL);
	FUZZ_CHECK(s->n_errors <= n_diag);
	check_sources(s, size);
	ct_sources_free(s);
	return 0;
}
