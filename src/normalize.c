/*
 * Text normalization for matching. Patterns are written against plain
 * ASCII punctuation and single spaces; articles use curly quotes, dashes and
 * every kind of space. Offsets into the original survive through a map.
 */
#include "claimtrack.h"
#include "utf8.h"

#include <stdlib.h>

enum { SPACE = -2, DROP = -3 };

/* What a code point becomes: an ASCII byte, SPACE, or -1 to keep it. */
static int fold(uint32_t cp)
{
	switch (cp) {
	case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
	case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
	case 0x2028: case 0x2029:
		return SPACE;
	case 0:
		return SPACE;
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB:
	case 0x00BB: case 0x2033:
		return '"';
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212:
		return '-';
	case 0x200B: case 0xFEFF: case 0x00AD:
		return DROP;
	}
	if (cp >= 0x2000 && cp <= 0x200A)
		return SPACE;
	return -1;
}

int ct_normalize(const char *text, size_t len, char **out, size_t **map,
		 size_t *n_out)
{
	/* Output never exceeds 3 bytes per input byte (U+FFFD for a bad byte). */
	char *buf = malloc(len * 3 + 1);
	size_t *m = malloc((len * 3 + 1) * sizeof *m);
	size_t i = 0, o = 0;
	bool in_space = false;

	if (!buf || !m) {
		free(buf);
		free(m);
		return CT_ENOMEM;
	}
	while (i < len) {
		uint32_t cp;
		size_t n = ct_utf8_decode((const unsigned char *)text + i, len - i, &cp);
		int f;

		if (n == 0) {
			/* Invalid byte: U+FFFD keeps the subject valid UTF-8 for PCRE2. */
			buf[o] = (char)0xEF; m[o++] = i;
			buf[o] = (char)0xBF; m[o++] = i;
			buf[o] = (char)0xBD; m[o++] = i;
			in_space = false;
			i++;
			continue;
		}
		f = fold(cp);
		if (f == DROP) {
			i += n;
			continue;
		}
		if (f == SPACE) {
			if (!in_space) {
				buf[o] = ' ';
				m[o++] = i;
			}
			in_space = true;
			i += n;
			continue;
		}
		in_space = false;
		if (f >= 0) {
			buf[o] = (char)f;
			m[o++] = i;
		} else {
			for (size_t k = 0; k < n; k++) {
				buf[o] = text[i + k];
				m[o++] = i + k;
			}
		}
		i += n;
	}
	buf[o] = '\0';
	m[o] = len;
	*out = buf;
	*map = m;
	*n_out = o;
	return CT_OK;
}
