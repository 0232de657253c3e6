/*
 * Plain-text documents: header lines, UTF-8 repair, paragraphs and
 * sentences. Everything after the header is the body; offsets reported for
 * a document index the body.
 */
#include "claimtrack/doc.h"
#include "base/base.h"
#include "base/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const header_keys[] = { "date", "title", "outlet", "url", "author", "lang" };
#define N_KEYS (sizeof header_keys / sizeof *header_keys)

static char **field(struct ct_doc *doc, const char *key, size_t n)
{
	char **fields[N_KEYS] = { &doc->date, &doc->title, &doc->outlet, &doc->url,
				  &doc->author, &doc->lang };

	for (size_t i = 0; i < N_KEYS; i++)
		if (strlen(header_keys[i]) == n && strncasecmp(header_keys[i], key, n) == 0)
			return fields[i];
	return NULL;
}

int ct_doc_set(struct ct_doc *doc, const char *key, const char *value)
{
	char **f = field(doc, key, strlen(key));
	char *copy = NULL;

	if (!f)
		return CT_EINVAL;
	if (value) {
		if (f == &doc->date && !ct_date_valid(value))
			return CT_EINVAL;
		copy = strdup(value);
		if (!copy)
			return CT_ENOMEM;
	}
	free(*f);
	*f = copy;
	return CT_OK;
}

void ct_doc_free(struct ct_doc *doc)
{
	if (!doc)
		return;
	free(doc->date);
	free(doc->title);
	free(doc->outlet);
	free(doc->url);
	free(doc->author);
	free(doc->lang);
	free(doc->source);
	free(doc->canonical);
	free(doc->date_source);
	free(doc->modified);
	free(doc->body);
	free(doc->paragraphs);
	free(doc->sentences);
	free(doc);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Copies data[0, len) as valid UTF-8 into *out (NUL-terminated, *out_len
 * bytes; the caller frees it): bad bytes become U+FFFD, counted in
 * *n_replaced, NULs go, counted in *n_nul.
 */
static int repair_text(const char *data, size_t len, char **out, size_t *out_len,
		       size_t *n_replaced, size_t *n_nul)
{
	/* Valid text is copied as it is; room for the worst case (every byte
	 * left a U+FFFD) is made only when a bad byte comes. */
	struct ct_buf b = CT_BUF_INIT(0);

	if (ct_buf_reserve(&b, len) != CT_OK)
		return CT_ENOMEM;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t m, run = i + ct_ascii_run(data + i, len - i, true);
		/* A run of ASCII other than NUL in one copy. */
		if (run > i) {
			memcpy(b.p + b.len, data + i, run - i);
			b.len += run - i;
			i = run;
			continue;
		}
		m = ct_utf8_decode((const unsigned char *)data + i, len - i, &cp);
		if (m == 0) {
			if (ct_buf_reserve(&b, (len - i) * 3) != CT_OK) {
				ct_buf_release(&b);
				return CT_ENOMEM;
			}
			memcpy(b.p + b.len, "\xEF\xBF\xBD", 3);
			b.len += 3;
			(*n_replaced)++;
			i++;
		} else if (cp == 0) {
			(*n_nul)++;
			i++;
		} else {
			memcpy(b.p + b.len, data + i, m);
			b.len += m;
			i += m;
		}
	}
	b.p[b.len] = '\0';
	*out = ct_buf_detach(&b, out_len);
	return CT_OK;
}

/* Where the header's diagnostics go. */
struct header_diag {
	const char *file;
	ct_diag_fn fn;
	void *user;
};

#define DIAG_VALUE_MAX 60     /* bytes of a value quoted in a message */
#define HEADER_KEY_MAX 32     /* bytes of a header key */
#define HEADER_MAX_LINES 64   /* header lines read; the rest are ignored */

/* Sends a warning about line `line` (1-based) of the input to hd. */
static void warn(const struct header_diag *hd, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(const struct header_diag *hd, int line, const char *fmt, ...)
{
	char msg[DIAG_VALUE_MAX + 200];
	struct ct_diag d = { CT_DIAG_WARNING, hd->file, line, 0, msg };
	va_list ap;

	if (!hd->fn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	hd->fn(&d, hd->user);
}

/*
 * Copies value[0, len) into out (DIAG_VALUE_MAX + 1 bytes) for a message:
 * cut at a character's start with "…", control characters (C0 and C1,
 * which could drive a terminal) made '?'. The value is valid UTF-8.
 */
static void quote_value(const char *value, size_t len, char *out)
{
	size_t o = 0, room = len <= DIAG_VALUE_MAX ? len : DIAG_VALUE_MAX - 3;

	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)value[i];
		size_t m = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (i + m > room)
			break;
		if (c < 0x20 || c == 0x7F || (c == 0xC2 && (unsigned char)value[i + 1] < 0xA0)) {
			out[o++] = '?';
		} else {
			memcpy(out + o, value + i, m);
			o += m;
		}
		i += m;
	}
	if (room < len) {
		memcpy(out + o, "\xE2\x80\xA6", 3);   /* … */
		o += 3;
	}
	out[o] = '\0';
}

/* Says why the date value[0, len) on header line `line` gives the document
 * no date; read is how it read. */
static void warn_date(const struct header_diag *hd, int line, const char *value, size_t len,
		      enum ct_date_read read)
{
	char q[DIAG_VALUE_MAX + 1];

	quote_value(value, len, q);
	if (len == 0)
		warn(hd, line, "date is empty; the document has no date");
	else if (read == CT_DATE_INVALID)
		warn(hd, line, "date '%s' does not exist; the document has no date", q);
	else
		warn(hd, line, "date '%s' cannot be read (write it as YYYY-MM-DD, or like "
		     "March 3, 2023); the document has no date", q);
}

/*
 * Whether the value of a `date` line without a colon is meant as a date,
 * one that cannot be read ("2022-2-18", "March 3"), rather than the
 * start of the body ("Date night is over.").
 */
static bool date_like(const char *s, size_t n)
{
	char date[11];
	size_t w = 0;

	while (w < n && ((s[w] | 0x20) >= 'a' && (s[w] | 0x20) <= 'z'))
		w++;
	return (n > 0 && s[0] >= '0' && s[0] <= '9') || ct_month_of(s, w) ||
	       ct_date_read(s, n, false, date) != CT_DATE_NONE;
}

/* What one line at the start of a text is. */
enum line_kind {
	LINE_TEXT,      /* not a header line: the text is all body */
	LINE_BLANK,     /* ends the header */
	LINE_KNOWN,     /* a key of header_keys[] */
	LINE_UNKNOWN,   /* another key, with a colon or in lower case */
	LINE_SEED,      /* `date YYYY-MM-DD` with the body after it */
};

/* One line at the start of a text, as line_shape() found it. */
struct header_line {
	enum line_kind kind;
	size_t next;          /* where the next line starts */
	size_t key, key_len;  /* the key, as offsets into the text */
	size_t value, value_len;
	size_t body;          /* for LINE_SEED: where the body starts */
	const char *name;     /* for LINE_KNOWN and LINE_SEED: the key's name */
	bool colon;           /* a colon after the key */
	/* For a date (LINE_KNOWN or LINE_SEED): how its value read, and the
	 * date it gave (CT_DATE_OK); use_line() takes them for a value it need
	 * not repair. */
	enum ct_date_read date_read;
	char date[11];
};

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/*
 * Finds the shape of the line at data[pos] (pos < len). A header line is
 * `KEY: VALUE` or `KEY VALUE`: KEY a letter and then letters, digits, '-'
 * and '_', at most HEADER_KEY_MAX bytes. With a colon any key counts and the
 * value may be empty. Without one, a known key counts ("date" only with a
 * value that is meant as a date, so "Date night is over." is text), and
 * another key only when written in lower case with a value ("source
 * Reuters"): "The board met." is text. A `date` line whose value starts
 * with a date and goes on is the seed form, the body after the date.
 */
static void line_shape(const char *data, size_t len, size_t pos, struct header_line *h)
{
	const char *s = data + pos;
	const char *nl = memchr(s, '\n', len - pos);
	size_t n = nl ? (size_t)(nl - s) : len - pos, i = 0, k, v, vend;
	bool colon, lower = true;

	memset(h, 0, sizeof *h);
	h->next = pos + n + (nl ? 1 : 0);
	while (i < n && is_blank(s[i]))
		i++;
	if (i == n) {
		h->kind = LINE_BLANK;
		return;
	}
	h->kind = LINE_TEXT;
	if (!((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
		return;
	for (k = i; k < n && key_char(s[k]); k++)
		lower = lower && !(s[k] >= 'A' && s[k] <= 'Z');
	if (k - i > HEADER_KEY_MAX)
		return;
	v = k;
	colon = v < n && s[v] == ':';
	if (colon)
		v++;
	if (v < n && !is_blank(s[v]))
		return;
	while (v < n && is_blank(s[v]))
		v++;
	vend = n;
	while (vend > v && is_blank(s[vend - 1]))
		vend--;
	h->key = pos + i;
	h->key_len = k - i;
	h->colon = colon;
	h->value = pos + v;
	h->value_len = vend - v;
	for (size_t f = 0; f < N_KEYS; f++)
		if (strlen(header_keys[f]) == k - i && strncasecmp(header_keys[f], s + i, k - i) == 0)
			h->name = header_keys[f];
	if (!h->name) {
		if (colon || (lower && vend > v))
			h->kind = LINE_UNKNOWN;
		return;
	}
	if (!colon && k == n)
		return;   /* a word alone */
	if (strcmp(h->name, "date") == 0) {
		char date[11];
		size_t dl = 0;
		enum ct_date_read whole = ct_date_read(s + v, vend - v, true, date);
		while (v + dl < vend && !is_blank(s[v + dl]))
			dl++;
		enum ct_date_read first = whole == CT_DATE_NONE && v + dl < vend ?
					  ct_date_read(s + v, dl, true, date) : CT_DATE_NONE;
		if (first != CT_DATE_NONE) {
			/* The seed's "2022-02-18 On December 17, ..." with the body
			 * after the date. */
			size_t b = v + dl;
			while (b < n && is_blank(s[b]))
				b++;
			h->kind = LINE_SEED;
			h->value_len = dl;
			h->body = pos + b;
			h->date_read = first;
			memcpy(h->date, date, sizeof date);
			return;
		}
		if (!colon && whole == CT_DATE_NONE && !date_like(s + v, vend - v))
			return;
		h->date_read = whole;
		memcpy(h->date, date, sizeof date);
	}
	h->kind = LINE_KNOWN;
}

/*
 * Sets the field of known header line h, at line `line`, on the document:
 * its value repaired to valid UTF-8, a date read. A value that is empty or
 * had to be repaired, or a date that cannot be read, is warned about.
 */
static int use_line(struct ct_doc *doc, const char *data, const struct header_line *h, int line,
		    const struct header_diag *hd)
{
	size_t n_bad = 0, n_nul = 0, len, skip = 0;
	char *value;
	int rc;

	/* A value of ASCII without NULs, as header values nearly always are,
	 * is its own repair, with no blanks around it (line_shape() trimmed
	 * them): a date line_shape() read already, another value one copy
	 * that the field takes. */
	if (ct_ascii_run(data + h->value, h->value_len, true) == h->value_len) {
		char **f;
		if (strcmp(h->name, "date") == 0) {
			if (h->date_read == CT_DATE_OK)
				return ct_doc_set(doc, "date", h->date) == CT_ENOMEM ? CT_ENOMEM : CT_OK;
			warn_date(hd, line, data + h->value, h->value_len, h->date_read);
			return CT_OK;
		}
		if (h->value_len == 0) {
			warn(hd, line, "header '%s' has no value; ignored", h->name);
			return CT_OK;
		}
		if (!(value = malloc(h->value_len + 1)))
			return CT_ENOMEM;
		memcpy(value, data + h->value, h->value_len);
		value[h->value_len] = '\0';
		f = field(doc, h->name, strlen(h->name));
		free(*f);
		*f = value;
		return CT_OK;
	}
	if ((rc = repair_text(data + h->value, h->value_len, &value, &len, &n_bad, &n_nul)) != CT_OK)
		return rc;
	/* Blanks around a NUL that was dropped. */
	while (skip < len && is_blank(value[skip]))
		skip++;
	while (len > skip && is_blank(value[len - 1]))
		len--;
	memmove(value, value + skip, len - skip);
	len -= skip;
	value[len] = '\0';
	if (n_bad || n_nul) {
		char what[120];
		int o = 0;
		if (n_bad)
			o = snprintf(what, sizeof what, "%zu invalid UTF-8 byte%s replaced with U+FFFD",
				     n_bad, n_bad == 1 ? "" : "s");
		if (n_nul)
			snprintf(what + o, sizeof what - (size_t)o, "%s%zu NUL byte%s dropped",
				 o ? ", " : "", n_nul, n_nul == 1 ? "" : "s");
		warn(hd, line, "header '%s': %s", h->name, what);
	}
	if (strcmp(h->name, "date") == 0) {
		char date[11];
		enum ct_date_read read = ct_date_read(value, len, true, date);
		if (read == CT_DATE_OK)
			rc = ct_doc_set(doc, "date", date);
		else
			warn_date(hd, line, value, len, read);
	} else if (len == 0) {
		warn(hd, line, "header '%s' has no value; ignored", h->name);
	} else {
		rc = ct_doc_set(doc, h->name, value);
	}
	free(value);
	return rc == CT_ENOMEM ? rc : CT_OK;
}

/*
 * Reads the header at the start of data and sets *body_at to where the
 * body starts. The header is the block of lines up to the first blank line
 * (or a `date YYYY-MM-DD` with the body on its line, the seed form, or the
 * end of the text) when every one is a header line (line_shape()), one at
 * least has a known key, and known keys outnumber other keys written
 * without a colon. A block that runs to the end of the text must have
 * known keys only. Otherwise there is no header: it is all body.
 *
 * In a header, values are repaired as the body is (invalid UTF-8 becomes
 * U+FFFD, NUL bytes go); an empty value, another key, or a date that
 * cannot be read is ignored; lines after the first HEADER_MAX_LINES are
 * ignored. Each is warned about to hd with the line.
 */
static int read_header(struct ct_doc *doc, const char *data, size_t len, size_t *body_at,
		       const struct header_diag *hd)
{
	/* The lines' shapes, kept from the first look for the second. */
	struct header_line h, lines[HEADER_MAX_LINES];
	size_t pos = 0, n_lines = 0, n_known = 0, n_plain_other = 0, n_other = 0;
	size_t end;
	int rc;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	*body_at = pos;
	/* The shape of the block: is it a header? */
	for (;;) {
		if (pos >= len) {
			if (n_other > 0)
				return CT_OK;
			end = len;
			break;
		}
		line_shape(data, len, pos, &h);
		if (h.kind == LINE_TEXT || (h.kind == LINE_BLANK && n_lines == 0))
			return CT_OK;
		if (h.kind == LINE_BLANK) {
			end = h.next;
			break;
		}
		if (n_lines < HEADER_MAX_LINES)
			lines[n_lines] = h;
		n_lines++;
		if (h.kind == LINE_UNKNOWN) {
			n_other++;
			if (!h.colon)
				n_plain_other++;
		} else {
			n_known++;
		}
		if (h.kind == LINE_SEED) {
			end = h.body;
			break;
		}
		pos = h.next;
	}
	if (n_known == 0 || n_known <= n_plain_other)
		return CT_OK;
	/* Its lines, in order: a later value of a key replaces an earlier. */
	for (size_t i = 0; i < n_lines && i < HEADER_MAX_LINES; i++) {
		const struct header_line *l = &lines[i];
		if (l->kind == LINE_UNKNOWN)
			warn(hd, (int)i + 1, "unknown header key '%.*s' (known: date, title, outlet, "
			     "url, author, lang); ignored", (int)l->key_len, data + l->key);
		else if ((rc = use_line(doc, data, l, (int)i + 1, hd)) != CT_OK)
			return rc;
	}
	if (n_lines > HEADER_MAX_LINES)
		warn(hd, HEADER_MAX_LINES + 1, "the header has more than %d lines; lines %d to %zu "
		     "ignored", HEADER_MAX_LINES, HEADER_MAX_LINES + 1, n_lines);
	*body_at = end;
	return CT_OK;
}

/* FNV-1a 64 of the body, as 16 hex digits. */
static void hash_body(struct ct_doc *doc)
{
	const unsigned char *p = (const unsigned char *)doc->body;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i = 0, n = doc->body_len;

	/* Eight bytes a turn: the same steps, an eighth of the loop's own. */
	for (; n - i >= 8; i += 8) {
		h = (h ^ p[i]) * 0x100000001b3ULL;
		h = (h ^ p[i + 1]) * 0x100000001b3ULL;
		h = (h ^ p[i + 2]) * 0x100000001b3ULL;
		h = (h ^ p[i + 3]) * 0x100000001b3ULL;
		h = (h ^ p[i + 4]) * 0x100000001b3ULL;
		h = (h ^ p[i + 5]) * 0x100000001b3ULL;
		h = (h ^ p[i + 6]) * 0x100000001b3ULL;
		h = (h ^ p[i + 7]) * 0x100000001b3ULL;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	/* "%016llx", without snprintf()'s parsing of the format. */
	for (int k = 15; k >= 0; k--, h >>= 4)
		doc->hash[k] = "0123456789abcdef"[h & 15];
	doc->hash[16] = '\0';
}

/* Copies data into a valid UTF-8 body: bad bytes become U+FFFD, NULs go. */
static int repair(struct ct_doc *doc, const char *data, size_t len)
{
	return repair_text(data, len, &doc->body, &doc->body_len, &doc->n_replaced, &doc->n_nul);
}

/* Paragraphs: runs of text between blank lines, trimmed. */
static int split_paragraphs(struct ct_doc *doc)
{
	const char *b = doc->body;
	size_t cap = 0, pos = 0, len = doc->body_len;

	while (pos < len) {
		size_t start, end, line_end;
		while (pos < len && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\r' || b[pos] == '\n'))
			pos++;
		if (pos >= len)
			break;
		start = end = pos;
		for (;;) {
			/* A blank line (the one after each paragraph of news
			 * text) ends at its first other byte: no search for it. */
			size_t t = pos;
			while (t < len && is_blank(b[t]))
				t++;
			if (t == len || b[t] == '\n') {
				if (pos != start)
					break;
				line_end = t;
			} else {
				const char *nl = memchr(b + t, '\n', len - t);
				line_end = nl ? (size_t)(nl - b) : len;
			}
			end = line_end;
			pos = line_end < len ? line_end + 1 : len;
			if (line_end == len)
				break;
		}
		while (end > start && (is_blank(b[end - 1]) || b[end - 1] == '\n'))
			end--;
		/* A paragraph every 250 bytes or so in news text: one
		 * allocation, most often. */
		if (!CT_VEC_RESERVE(doc->paragraphs, cap, cap ? doc->n_paragraphs + 1 : len / 256 + 1))
			return CT_ENOMEM;
		doc->paragraphs[doc->n_paragraphs].start = start;
		doc->paragraphs[doc->n_paragraphs].end = end;
		doc->n_paragraphs++;
	}
	return CT_OK;
}

/* A document from data, reading header lines first when `header` is set. */
static int doc_build(const char *data, size_t len, size_t max_bytes, const char *source,
		     bool header, ct_diag_fn on_diag, void *user, struct ct_doc **out)
{
	struct header_diag hd = { source, on_diag, user };
	struct ct_doc *doc;
	size_t body_at = 0;
	int rc;

	if (len > max_bytes)
		return CT_ELIMIT;
	doc = calloc(1, sizeof *doc);
	if (!doc)
		return CT_ENOMEM;
	if (source && !(doc->source = strdup(source))) {
		rc = CT_ENOMEM;
		goto fail;
	}
	if (header && (rc = read_header(doc, data, len, &body_at, &hd)) != CT_OK)
		goto fail;
	doc->body_offset = body_at;
	if ((rc = repair(doc, data + body_at, len - body_at)) != CT_OK ||
	    (rc = split_paragraphs(doc)) != CT_OK ||
	    (rc = ct_segment_sentences(doc->body, doc->body_len, &doc->sentences,
				       &doc->n_sentences)) != CT_OK)
		goto fail;
	hash_body(doc);
	*out = doc;
	return CT_OK;
fail:
	ct_doc_free(doc);
	return rc;
}

int ct_doc_from_text(const char *data, size_t len, size_t max_bytes, const char *source,
		     struct ct_doc **out)
{
	return doc_build(data, len, max_bytes, source, true, NULL, NULL, out);
}

int ct_doc_from_text_diag(const char *data, size_t len, size_t max_bytes, const char *source,
			  ct_diag_fn on_diag, void *user, struct ct_doc **out)
{
	return doc_build(data, len, max_bytes, source, true, on_diag, user, out);
}

int ct_doc_from_body(const char *data, size_t len, size_t max_bytes, const char *source,
		     struct ct_doc **out)
{
	return doc_build(data, len, max_bytes, source, false, NULL, NULL, out);
}
