/*
 * Text normalization for matching. Patterns are written against plain
 * ASCII punctuation and single spaces; articles use curly quotes, dashes and
 * every kind of space. Offsets into the original survive through a map.
 */
#include "claimtrack/text.h"
#include "base/base.h"
#include "base/utf8.h"
#include "base/vec16.h"
#include "text/text_internal.h"

#include <stdlib.h>
#include <string.h>

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
	/* Invisible format characters: the soft hyphen (&shy;), zero width
	 * space, non-joiner and joiner, word joiner and the byte order mark
	 * (zero width no-break space). They split words for no reader. */
	case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
		return DROP;
	}
	if (cp >= 0x2000 && cp <= 0x200A)
		return SPACE;
	return -1;
}

/* Makes room for cap output bytes (and the terminating NUL and map entry). */
static int reserve(struct ct_norm_buf *b, size_t cap)
{
	char *text;
	size_t *map;

	if (b->text && b->map && cap <= b->cap)
		return CT_OK;
	if (!(text = ct_realloc_array(b->text, cap + 1, 1)))
		return CT_ENOMEM;
	b->text = text;
	if (!(map = ct_realloc_array(b->map, cap + 1, sizeof *map)))
		return CT_ENOMEM;
	b->map = map;
	b->cap = cap;
	return CT_OK;
}

/*
 * Copies the sixteen bytes at text + i to buf + o, each mapped to its
 * offset, and returns how many of them, from the first, come out as they
 * are: printable ASCII (none 0x80 or above), and no space after a space
 * (the one before them too, *in_space). That is most of an article. Sets
 * *in_space by the last of those bytes. The bytes after them are written
 * too, for the caller to overwrite: there is room, as the output never
 * runs ahead of the input (see ct_normalize_into()). A compare of all
 * sixteen for each test (base/vec16.h); where there is none, the byte
 * loop does all.
 */
static size_t copy_plain16(const char *text, size_t i, char *buf, size_t *m, size_t o,
			   bool *in_space)
{
#ifdef CT_HAVE_VEC16
	typedef size_t size2 __attribute__((vector_size(2 * sizeof(size_t))));
	const ct_s8x16 space = CT_SPLAT16(' ');
	ct_s8x16 x = ct_load16(text + i);
	unsigned low, sp, stop;
	size_t n;

	/* As signed bytes, those below ' ' are the control bytes and,
	 * negative, those of 0x80 and above. */
	low = ct_bits16(x < space);
	sp = ct_bits16(x == space);
	stop = low | (sp & (sp << 1 | *in_space));
	memcpy(buf + o, text + i, 16);
	/* The map two entries a store. */
	size2 at = { i, i + 1 }, two = { 2, 2 };
	for (size_t k = 0; k < 16; k += 2, at += two)
		memcpy(m + o + k, &at, sizeof at);
	if (!stop) {
		*in_space = sp >> 15;
		return 16;
	}
	n = (size_t)__builtin_ctz(stop);
	if (n > 0)
		*in_space = (sp >> (n - 1)) & 1;
	return n;
#else
	(void)text; (void)i; (void)buf; (void)m; (void)o; (void)in_space;
	return 0;
#endif
}

int ct_normalize_into(const char *text, size_t len, struct ct_norm_buf *b)
{
	size_t i = 0, o = 0;
	bool in_space = false;
	char *buf;
	size_t *m;

	/* Valid UTF-8 never grows: every code point gives at most as many
	 * bytes as it has. Only an invalid byte (3 bytes of U+FFFD) needs more,
	 * and then room for the worst case is made once. */
	if (reserve(b, len) != CT_OK)
		return CT_ENOMEM;
	buf = b->text;
	m = b->map;
	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		uint32_t cp;
		size_t n;
		int f;

		/* From printable ASCII, sixteen bytes at a time while they are
		 * plain, then the byte that stopped the copy by the byte loop.
		 * Other bytes go to the byte loop at once: text in another
		 * script would stop the copy at every turn. The sixteen fit:
		 * the output is no longer than the input until an invalid
		 * byte makes room for three times the input. */
		if (c >= ' ' && c < 0x80 && len - i >= 16) {
			size_t k;
			do {
				k = copy_plain16(text, i, buf, m, o, &in_space);
				i += k;
				o += k;
			} while (k == 16 && len - i >= 16);
			if (i == len)
				break;
			c = (unsigned char)text[i];
		}
		if (c >= ' ' && c < 0x80) {
			/* Printable ASCII stays as it is, a space unless it follows
			 * one: the common case, without a branch to mispredict. */
			bool space = c == ' ';
			buf[o] = (char)c;
			m[o] = i++;
			o += !(space && in_space);
			in_space = space;
			continue;
		}
		n = ct_utf8_decode((const unsigned char *)text + i, len - i, &cp);
		if (n == 0) {
			if (b->cap < len * 3) {
				if (reserve(b, len * 3) != CT_OK)
					return CT_ENOMEM;
				buf = b->text;
				m = b->map;
			}
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
	b->len = o;
	return CT_OK;
}

bool ct_normalize_slice_same(const char *text, size_t len, size_t start, size_t end)
{
	uint32_t cp;
	size_t n;
	int f;

	if (start >= end || end > len || (unsigned char)text[end - 1] >= 0x80)
		return false;
	/* A continuation byte may be inside a character that starts earlier;
	 * any other byte starts one for the whole text too. */
	if (((unsigned char)text[start] & 0xC0) == 0x80)
		return false;
	/* An invalid byte is U+FFFD either way, and like any character kept
	 * it leaves the state (after a space or not) the same in both. */
	if ((n = ct_utf8_decode((const unsigned char *)text + start, end - start, &cp)) == 0)
		return true;
	f = fold(cp);
	return f != SPACE && f != DROP;
}

void ct_norm_buf_release(struct ct_norm_buf *b)
{
	free(b->text);
	free(b->map);
	memset(b, 0, sizeof *b);
}

int ct_normalize(const char *text, size_t len, char **out, size_t **map,
		 size_t *n_out)
{
	struct ct_norm_buf b = { 0 };

	if (ct_normalize_into(text, len, &b) != CT_OK) {
		ct_norm_buf_release(&b);
		return CT_ENOMEM;
	}
	*out = b.text;
	*map = b.map;
	*n_out = b.len;
	return CT_OK;
}
