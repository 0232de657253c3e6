/*
 * Shared by the fuzz targets: checks of the library's promises that abort,
 * so that a broken promise is a crash the fuzzer reports and keeps.
 */
#ifndef CT_FUZZ_H
#define CT_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claimtrack.h"
#include "base/utf8.h"

#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* Whether s[0, n) is valid UTF-8 without NUL bytes. */
static inline int fuzz_utf8_clean(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		size_t k = ct_utf8_decode(u + i, n - i, &cp);
		if (k == 0 || cp == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* The spans lie in [0, len), each non-empty, in order without overlap. */
static inline void fuzz_check_spans(const struct ct_span *v, size_t n, size_t len)
{
	size_t prev = 0;

	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(v[i].start >= prev);
		FUZZ_CHECK(v[i].start < v[i].end);
		FUZZ_CHECK(v[i].end <= len);
		prev = v[i].end;
	}
}

/* What every document must hold, however it was read. */
static inline void fuzz_check_doc(const struct ct_doc *doc)
{
	FUZZ_CHECK(doc->body != NULL);
	FUZZ_CHECK(doc->body[doc->body_len] == '\0');
	FUZZ_CHECK(strlen(doc->body) == doc->body_len);
	FUZZ_CHECK(fuzz_utf8_clean(doc->body, doc->body_len));
	FUZZ_CHECK(!doc->date || ct_date_valid(doc->date));
	fuzz_check_spans(doc->paragraphs, doc->n_paragraphs, doc->body_len);
	fuzz_check_spans(doc->sentences, doc->n_sentences, doc->body_len);
}

/* Diagnostics are dropped, but every one must be a readable message. */
static inline void fuzz_diag(const struct ct_diag *d, void *user)
{
	size_t *n = user;

	FUZZ_CHECK(d->message && strlen(d->message) > 0);
	FUZZ_CHECK(!d->file || strlen(d->file) > 0);
	if (n)
		(*n)++;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
