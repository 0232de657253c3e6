/*
 * HTML extraction: telling HTML from text, and turning a page's bytes into
 * the UTF-8 that libxml2 is given (the encoding is decided here, never by
 * the parser).
 */
#include "extract/extract_internal.h"
#include "claimtrack/extract.h"
#include "base/base.h"
#include "base/utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#define PRESCAN_MAX 65536   /* bytes searched for a <meta> charset */
#define LABEL_MAX 48

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* Whether s[0, n) starts with the lowercase ASCII word `w`, in any case. */
static bool starts_ci(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);

	if (n < wl)
		return false;
	for (size_t i = 0; i < wl; i++)
		if (lower(s[i]) != w[i])
			return false;
	return true;
}

static bool ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool ct_looks_like_html(const char *data, size_t len)
{
	char narrow[512];
	size_t n = 0, i = 0;

	if (!data)
		return false;
	/* A UTF-16 page: look at its low (or high) bytes as ASCII. */
	if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
			 ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
		size_t lo = (unsigned char)data[0] == 0xFF ? 0 : 1;
		for (size_t k = 2; k + 1 < len && n < sizeof narrow; k += 2)
			narrow[n++] = data[k + lo];
		data = narrow;
		len = n;
	} else if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		i = 3;
	}
	if (len > PRESCAN_MAX)
		len = PRESCAN_MAX;
	while (i < len) {
		const char *s = data + i;
		size_t left = len - i;
		if (ascii_space(*s)) {
			i++;
		} else if (starts_ci(s, left, "<!--") || starts_ci(s, left, "<?")) {
			/* Comments and an XML declaration may come first. */
			const char *end = NULL;
			for (size_t k = 2; k + 1 < left && !end; k++)
				if (s[k] == '>' && (s[1] == '?' || (k >= 3 && s[k - 1] == '-' && s[k - 2] == '-')))
					end = s + k;
			if (!end)
				return false;
			i = (size_t)(end - data) + 1;
		} else {
			return starts_ci(s, left, "<!doctype html") || starts_ci(s, left, "<html") ||
			       starts_ci(s, left, "<head");
		}
	}
	return false;
}

/* ---- encoding labels ---- */

struct alias {
	const char *label;
	const char *iconv;
};

/* WHATWG labels whose meaning differs from iconv's reading, or that iconv
 * does not know. */
static const struct alias aliases[] = {
	{ "utf-8", "UTF-8" }, { "utf8", "UTF-8" }, { "unicode-1-1-utf-8", "UTF-8" },
	{ "x-unicode20utf8", "UTF-8" }, { "unicode20utf8", "UTF-8" },
	{ "utf-16", "UTF-16LE" }, { "utf-16le", "UTF-16LE" }, { "unicode", "UTF-16LE" },
	{ "ucs-2", "UTF-16LE" }, { "csunicode", "UTF-16LE" }, { "iso-10646-ucs-2", "UTF-16LE" },
	{ "unicodefeff", "UTF-16LE" }, { "utf-16be", "UTF-16BE" }, { "unicodefffe", "UTF-16BE" },
	{ "ansi_x3.4-1968", "WINDOWS-1252" }, { "ascii", "WINDOWS-1252" },
	{ "cp1252", "WINDOWS-1252" }, { "cp819", "WINDOWS-1252" },
	{ "csisolatin1", "WINDOWS-1252" }, { "ibm819", "WINDOWS-1252" },
	{ "iso-8859-1", "WINDOWS-1252" }, { "iso-ir-100", "WINDOWS-1252" },
	{ "iso8859-1", "WINDOWS-1252" }, { "iso88591", "WINDOWS-1252" },
	{ "iso_8859-1", "WINDOWS-1252" }, { "iso_8859-1:1987", "WINDOWS-1252" },
	{ "l1", "WINDOWS-1252" }, { "latin1", "WINDOWS-1252" }, { "us-ascii", "WINDOWS-1252" },
	{ "windows-1252", "WINDOWS-1252" }, { "x-cp1252", "WINDOWS-1252" },
	{ "iso-8859-9", "WINDOWS-1254" }, { "iso8859-9", "WINDOWS-1254" },
	{ "latin5", "WINDOWS-1254" }, { "l5", "WINDOWS-1254" },
	{ "iso-8859-11", "WINDOWS-874" }, { "tis-620", "WINDOWS-874" },
	{ "gb2312", "GB18030" }, { "gbk", "GB18030" }, { "x-gbk", "GB18030" },
	{ "chinese", "GB18030" }, { "csgb2312", "GB18030" }, { "gb_2312", "GB18030" },
	{ "gb_2312-80", "GB18030" }, { "gb18030", "GB18030" },
	{ "shift_jis", "CP932" }, { "shift-jis", "CP932" }, { "sjis", "CP932" },
	{ "x-sjis", "CP932" }, { "ms_kanji", "CP932" }, { "ms932", "CP932" },
	{ "windows-31j", "CP932" }, { "csshiftjis", "CP932" },
	{ "euc-kr", "CP949" }, { "ks_c_5601-1987", "CP949" }, { "korean", "CP949" },
	{ "windows-949", "CP949" }, { "ksc5601", "CP949" },
	{ "big5", "BIG5-HKSCS" }, { "big5-hkscs", "BIG5-HKSCS" }, { "x-x-big5", "BIG5-HKSCS" },
	{ "macintosh", "MACINTOSH" }, { "x-mac-roman", "MACINTOSH" },
};

/*
 * The iconv name for an encoding label (trimmed, any case), written to
 * buf; false when the label is not a plausible name.
 */
static bool iconv_name(const char *label, size_t n, char *buf, size_t size)
{
	char l[LABEL_MAX];
	size_t k = 0;

	while (n > 0 && (ascii_space(*label) || *label == '"' || *label == '\'')) {
		label++;
		n--;
	}
	while (n > 0 && (ascii_space(label[n - 1]) || label[n - 1] == '"' || label[n - 1] == '\''))
		n--;
	if (n == 0 || n >= sizeof l)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = lower(label[i]);
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("-_.:", c)))
			return false;
		l[k++] = c;
	}
	l[k] = '\0';
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcmp(aliases[i].label, l) == 0) {
			snprintf(buf, size, "%s", aliases[i].iconv);
			return true;
		}
	for (size_t i = 0; i <= k && i < size; i++)
		buf[i] = l[i] >= 'a' && l[i] <= 'z' ? (char)(l[i] - 32) : l[i];
	buf[size - 1] = '\0';
	return true;
}

/* The charset in a Content-Type value ("text/html; charset=utf-8"). */
static bool content_charset(const char *s, size_t n, const char **at, size_t *len)
{
	for (size_t i = 0; i + 7 <= n; i++) {
		size_t k;
		if (!starts_ci(s + i, n - i, "charset"))
			continue;
		k = i + 7;
		while (k < n && ascii_space(s[k]))
			k++;
		if (k >= n || s[k] != '=')
			continue;
		k++;
		while (k < n && ascii_space(s[k]))
			k++;
		if (k < n && (s[k] == '"' || s[k] == '\''))
			k++;
		*at = s + k;
		while (k < n && !ascii_space(s[k]) && s[k] != ';' && s[k] != '"' && s[k] != '\'')
			k++;
		*len = (size_t)(s + k - *at);
		return *len > 0;
	}
	return false;
}

/*
 * Reads the attributes of the tag whose name ends at s + i, up to its '>'.
 * Sets the charset label it declares (charset=, or http-equiv plus
 * content) and returns where the tag ends.
 */
static size_t meta_tag(const char *s, size_t n, size_t i, const char **label, size_t *label_len)
{
	const char *content = NULL;
	size_t content_len = 0;
	bool http_equiv = false;

	while (i < n && s[i] != '>') {
		size_t name, name_len, value = 0, value_len = 0;
		while (i < n && (ascii_space(s[i]) || s[i] == '/'))
			i++;
		name = i;
		while (i < n && !ascii_space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=')
			i++;
		name_len = i - name;
		while (i < n && ascii_space(s[i]))
			i++;
		if (i < n && s[i] == '=') {
			i++;
			while (i < n && ascii_space(s[i]))
				i++;
			if (i < n && (s[i] == '"' || s[i] == '\'')) {
				char q = s[i++];
				value = i;
				while (i < n && s[i] != q)
					i++;
				value_len = i - value;
				if (i < n)
					i++;
			} else {
				value = i;
				while (i < n && !ascii_space(s[i]) && s[i] != '>')
					i++;
				value_len = i - value;
			}
		}
		if (name_len == 0) {
			if (i < n && s[i] != '>')
				i++;
			continue;
		}
		if (name_len == 7 && starts_ci(s + name, name_len, "charset") && value_len && !*label) {
			*label = s + value;
			*label_len = value_len;
		} else if (name_len == 10 && starts_ci(s + name, name_len, "http-equiv")) {
			http_equiv = value_len == 12 && starts_ci(s + value, value_len, "content-type");
		} else if (name_len == 7 && starts_ci(s + name, name_len, "content")) {
			content = s + value;
			content_len = value_len;
		}
	}
	if (!*label && http_equiv && content)
		content_charset(content, content_len, label, label_len);
	return i;
}

/* The charset a <meta> near the start of the page declares. */
static bool meta_charset(const char *s, size_t n, char *buf, size_t size)
{
	if (n > PRESCAN_MAX)
		n = PRESCAN_MAX;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '<')
			continue;
		if (starts_ci(s + i, n - i, "<!--")) {
			size_t k = i + 4;
			while (k + 2 < n && !(s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>'))
				k++;
			i = k + 2;
		} else if (starts_ci(s + i, n - i, "<meta") && i + 5 < n &&
			   (ascii_space(s[i + 5]) || s[i + 5] == '/')) {
			const char *label = NULL;
			size_t label_len = 0;
			i = meta_tag(s, n, i + 5, &label, &label_len);
			if (label && iconv_name(label, label_len, buf, size)) {
				/* A page read as ASCII bytes cannot be UTF-16. */
				if (strncmp(buf, "UTF-16", 6) == 0)
					snprintf(buf, size, "UTF-8");
				return true;
			}
		} else if (starts_ci(s + i, n - i, "<body")) {
			break;
		}
	}
	return false;
}

/* ---- conversion ---- */

#define ONES_20 0x2020202020202020ull
#define HIGH_BITS 0x8080808080808080ull

/* Bytes that go through clean_utf8() as they are: printable ASCII, tab,
 * LF and CR. */
static bool plain_byte(unsigned char c)
{
	return (c >= 0x20 && c < 0x80) || c == '\n' || c == '\t' || c == '\r';
}

/*
 * Length of the run of plain bytes s[0, n) starts with. Pages are mostly
 * ASCII: eight bytes are checked at a time, and only a word that holds a
 * byte under 0x20 or over 0x7F is looked at byte by byte.
 */
static size_t plain_run(const char *s, size_t n)
{
	size_t i = 0;

	while (i + 8 <= n) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		/* A byte under 0x20 borrows into its high bit. */
		if (((w - ONES_20) | w) & HIGH_BITS) {
			for (size_t end = i + 8; i < end; i++)
				if (!plain_byte((unsigned char)s[i]))
					return i;
		} else {
			i += 8;
		}
	}
	while (i < n && plain_byte((unsigned char)s[i]))
		i++;
	return i;
}

/*
 * Copies UTF-8 text into b: NULs dropped, form feeds made spaces, other
 * C0 controls but tab, LF and CR dropped, C1 controls (U+0080 to U+009F)
 * dropped too, invalid bytes and the noncharacters U+FFFE/U+FFFF replaced
 * with U+FFFD. A C1 control is never text on a page: it is one of the five
 * bytes windows-1252 leaves undefined, or windows-1252 read as Latin-1
 * somewhere on the way; kept, U+009B is a terminal's CSI, as ESC [ is.
 */
static int clean_utf8(struct ct_buf *b, const char *s, size_t n, size_t *n_nul, size_t *n_replaced)
{
	int rc = ct_buf_reserve(b, n * 3);

	if (rc != CT_OK)
		return rc;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t m, run = i + plain_run(s + i, n - i);
		if (run > i) {
			memcpy(b->p + b->len, s + i, run - i);
			b->len += run - i;
			i = run;
			continue;
		}
		m = ct_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (m == 0 || cp == 0xFFFE || cp == 0xFFFF) {
			memcpy(b->p + b->len, "\xEF\xBF\xBD", 3);
			b->len += 3;
			(*n_replaced)++;
			i += m ? m : 1;
			continue;
		}
		if (cp == 0)
			(*n_nul)++;
		else if (cp == '\f')
			b->p[b->len++] = ' ';
		else if ((cp >= 0x20 && !(cp >= 0x80 && cp < 0xA0)) || cp == '\t' || cp == '\n' ||
			 cp == '\r') {
			memcpy(b->p + b->len, s + i, m);
			b->len += m;
		}
		i += m;
	}
	b->p[b->len] = '\0';
	return CT_OK;
}

/* Converts s from `name` to UTF-8 with iconv; CT_EINVAL when iconv does
 * not know the encoding. */
static int convert(struct ct_buf *b, const char *name, const char *s, size_t n, size_t *n_replaced)
{
	iconv_t cd = iconv_open("UTF-8", name);
	bool cp1252 = strcmp(name, "WINDOWS-1252") == 0;
	size_t unit = strncmp(name, "UTF-16", 6) == 0 ? 2 : 1;
	char *in = (char *)s;
	size_t in_left = n;
	int rc = CT_OK;

	if (cd == (iconv_t)-1)
		return CT_EINVAL;
	if ((rc = ct_buf_reserve(b, n * 3 + 16)) != CT_OK)
		goto out;
	while (in_left > 0) {
		char *o = b->p + b->len;
		size_t o_left = b->cap - b->len - 1;
		size_t r = iconv(cd, &in, &in_left, &o, &o_left);
		b->len = (size_t)(o - b->p);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			if ((rc = ct_buf_reserve(b, in_left * 3 + 16)) != CT_OK)
				goto out;
			continue;
		}
		/* EILSEQ, or EINVAL for a sequence cut off at the end. */
		if ((rc = ct_buf_reserve(b, 4)) != CT_OK)
			goto out;
		if (cp1252) {
			/* The five bytes windows-1252 leaves undefined are the C1
			 * controls of the same value (WHATWG); clean_utf8() drops
			 * them. */
			unsigned char c = (unsigned char)*in;
			b->p[b->len++] = (char)(0xC0 | (c >> 6));
			b->p[b->len++] = (char)(0x80 | (c & 0x3F));
		} else {
			memcpy(b->p + b->len, "\xEF\xBF\xBD", 3);
			b->len += 3;
			(*n_replaced)++;
		}
		size_t skip = in_left < unit ? in_left : unit;
		in += skip;
		in_left -= skip;
	}
out:
	iconv_close(cd);
	if (b->p)
		b->p[b->len] = '\0';
	return rc;
}

static bool valid_utf8(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t m = ct_ascii_run(s + i, n - i, false);
		if (m > 0) {
			i += m;
			continue;
		}
		m = ct_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (m == 0)
			return false;
		i += m;
	}
	return true;
}

/* Valid UTF-8 (NULs aside) that has at least one multibyte sequence. */
static bool multibyte_utf8(const char *s, size_t n)
{
	bool multi = false;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t m;
		if ((unsigned char)s[i] < 0x80) {
			i += ct_ascii_run(s + i, n - i, false);
			continue;
		}
		if (!(m = ct_utf8_decode((const unsigned char *)s + i, n - i, &cp)))
			return false;
		multi = true;
		i += m;
	}
	return multi;
}

/*
 * The encoding a page is read in (an iconv name, written to name) and
 * the length of its byte order mark (*bom): see ct_page_to_utf8().
 */
static void choose_encoding(const char *data, size_t len, const char *charset, char *name,
			    size_t size, size_t *bom)
{
	*bom = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		snprintf(name, size, "UTF-8");
		*bom = 3;
	} else if (len >= 2 && (unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) {
		snprintf(name, size, "UTF-16LE");
		*bom = 2;
	} else if (len >= 2 && (unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF) {
		snprintf(name, size, "UTF-16BE");
		*bom = 2;
	} else if (multibyte_utf8(data, len)) {
		/* Valid UTF-8 with non-ASCII text in it is UTF-8, whatever it
		 * declares: other encodings almost never read as valid UTF-8,
		 * and pages saved or served as UTF-8 often keep a stale label. */
		snprintf(name, size, "UTF-8");
	} else if (!(charset && iconv_name(charset, strlen(charset), name, size)) &&
		   !meta_charset(data, len, name, size)) {
		name[0] = '\0';
	}
	/* Undeclared: UTF-8 when the bytes are UTF-8, else windows-1252. */
	if (!name[0])
		snprintf(name, size, "%s", valid_utf8(data + *bom, len - *bom) ? "UTF-8"
									   : "WINDOWS-1252");
}

int ct_page_to_utf8(const char *data, size_t len, const char *charset, char **out,
		    size_t *n_out, size_t *n_nul, size_t *n_replaced)
{
	struct ct_buf conv = CT_BUF_INIT(0), clean = CT_BUF_INIT(0);
	char name[LABEL_MAX + 1] = "";
	size_t skip;
	int rc;

	*n_nul = *n_replaced = 0;
	choose_encoding(data, len, charset, name, sizeof name, &skip);
	data += skip;
	len -= skip;
	if (strcmp(name, "UTF-8") == 0) {
		rc = clean_utf8(&clean, data, len, n_nul, n_replaced);
	} else {
		rc = convert(&conv, name, data, len, n_replaced);
		/* Declared as something iconv does not know: UTF-8 when the
		 * bytes are UTF-8, else windows-1252. */
		if (rc == CT_EINVAL) {
			snprintf(name, sizeof name, "%s", valid_utf8(data, len) ? "UTF-8" : "WINDOWS-1252");
			rc = strcmp(name, "UTF-8") == 0
				? clean_utf8(&clean, data, len, n_nul, n_replaced)
				: convert(&conv, name, data, len, n_replaced);
		}
		if (rc == CT_OK && conv.p)
			rc = clean_utf8(&clean, conv.p, conv.len, n_nul, n_replaced);
	}
	ct_buf_release(&conv);
	if (rc != CT_OK) {
		ct_buf_release(&clean);
		return rc;
	}
	if (!(*out = ct_buf_detach(&clean, n_out)))
		return CT_ENOMEM;
	return CT_OK;
}

bool ct_page_utf8_as_is(const char *data, size_t len, const char *charset, size_t *bom)
{
	char name[LABEL_MAX + 1] = "";

	choose_encoding(data, len, charset, name, sizeof name, bom);
	if (strcmp(name, "UTF-8") != 0)
		return false;
	/* What clean_utf8() copies as it is, and nothing else. */
	for (size_t i = *bom; i < len;) {
		uint32_t cp;
		size_t m;
		i += plain_run(data + i, len - i);
		if (i >= len)
			break;
		m = ct_utf8_decode((const unsigned char *)data + i, len - i, &cp);
		if (m == 0 || cp < 0xA0 || cp == 0xFFFE || cp == 0xFFFF)
			return false;
		i += m;
	}
	return true;
}
