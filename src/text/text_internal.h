/*
 * Normalization into reusable buffers, for the layers above text. Not installed.
 */
#ifndef CT_TEXT_INTERNAL_H
#define CT_TEXT_INTERNAL_H

#include "claimtrack/error.h"

/* ct_normalize()'s output, kept between calls so that it is allocated
 * once rather than per sentence. Zero-initialize; release with
 * ct_norm_buf_release(). */
struct ct_norm_buf {
	char *text;             /* NUL-terminated, len bytes */
	size_t *map;            /* len + 1 entries, as ct_normalize()'s map */
	size_t len, cap;
};

/* ct_normalize() into b, growing its buffers when needed. Returns CT_OK or
 * CT_ENOMEM (b keeps what it had, still to be released). */
int ct_normalize_into(const char *text, size_t len, struct ct_norm_buf *b);
void ct_norm_buf_release(struct ct_norm_buf *b);

/* A whole text's normalization, borrowed. */
struct ct_norm_view {
	const char *text;
	const size_t *map;      /* len + 1 entries */
	size_t len;
};

/*
 * Whether normalizing text[start, end) alone gives exactly the bytes that
 * normalizing all of text (len bytes) gives for that range. True when the
 * range starts where a character starts, one that is neither white space
 * nor dropped, so that nothing before it changes how it starts, and ends
 * with an ASCII byte, so that no character reaches past it.
 */
bool ct_normalize_slice_same(const char *text, size_t len, size_t start, size_t end);

#endif
