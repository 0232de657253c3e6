/* Internal: strict UTF-8 decoding shared by the text modules. */
#ifndef CT_UTF8_H
#define CT_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/vec16.h"

/*
 * Decodes one code point from s (n bytes available). Returns its length in
 * bytes, or 0 when the bytes there are not valid UTF-8 (overlong forms,
 * surrogates and values past U+10FFFF are invalid).
 */
static inline size_t ct_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, k;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2; c = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3; c = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4; c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[k] & 0x3F);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
	    (len == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/*
 * Length of the run of ASCII bytes that s[0, n) starts with, or of ASCII
 * bytes other than NUL when stop_at_nul: the common case of text, which
 * needs no decoding. Sixteen bytes at a time where there are vectors
 * (base/vec16.h): as signed bytes, those of 0x80 and above are negative.
 * Then eight at a time: a word has a byte >= 0x80 exactly when w has a
 * high bit set, and a NUL or such a byte exactly when ((w - 0x01..01) | w)
 * has one.
 */
static inline size_t ct_ascii_run(const char *s, size_t n, bool stop_at_nul)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	size_t i = 0;

#ifdef CT_HAVE_VEC16
	const ct_s8x16 zero = CT_SPLAT16(0);

	for (; i + 16 <= n; i += 16) {
		ct_s8x16 x = ct_load16(s + i);
		unsigned stop = stop_at_nul ? ct_bits16(x <= zero) : ct_bits16(x < zero);
		if (stop)
			return i + (size_t)__builtin_ctz(stop);
	}
#endif
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if ((stop_at_nul ? (w - ones) | w : w) & high)
			break;
	}
	while (i < n && (unsigned char)s[i] < 0x80 && !(stop_at_nul && s[i] == '\0'))
		i++;
	return i;
}

#endif
