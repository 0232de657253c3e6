/*
 * Plain-text documents: header lines, UTF-8 repair, paragraphs and
 * sentences. Everything after the header is the body; offsets reported for
 * a document index the body.
 */
#include "claimtrack.h"
#include "internal.h"
#include "utf8.h"

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

bool ct_date_valid(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	return !(m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
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
	free(doc->body);
	free(doc->paragraphs);
	free(doc->sentences);
	free(doc);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

struct header_line {
	char key[8];
	const char *value;
	size_t len;
	enum ct_date_read read;   /* for "date": how its value read */
	char date[11];            /* for "date": the date, when read */
};

/* Where the header's diagnostics go. */
struct header_diag {
	const char *file;
	ct_diag_fn fn;
	void *user;
};

#define DIAG_VALUE_MAX 60   /* bytes of a value quoted in a message */

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

/* Says why header line `line` (1-based) gives the document no date. */
static void warn_date(const struct header_diag *hd, int line, const struct header_line *h)
{
	char value[DIAG_VALUE_MAX + 1], msg[DIAG_VALUE_MAX + 160];
	struct ct_diag d = { CT_DIAG_WARNING, hd->file, line, 0, msg };

	if (!hd->fn)
		return;
	quote_value(h->value, h->len, value);
	if (h->len == 0)
		snprintf(msg, sizeof msg, "date is empty; the document has no date");
	else if (h->read == CT_DATE_INVALID)
		snprintf(msg, sizeof msg, "date '%s' does not exist; the document has no date", value);
	else
		snprintf(msg, sizeof msg, "date '%s' cannot be read (write it as YYYY-MM-DD, or like "
			 "March 3, 2023); the document has no date", value);
	hd->fn(&d, hd->user);
}

/* Sets the collected header fields on the document; header line i is line
 * i + 1 of the input. */
static int commit_header(struct ct_doc *doc, const struct header_line *h, size_t n,
			 const struct header_diag *hd)
{
	for (size_t i = 0; i < n; i++) {
		char *v;
		int rc;
		if (strcmp(h[i].key, "date") == 0) {
			if (h[i].read != CT_DATE_OK) {
				warn_date(hd, (int)i + 1, &h[i]);
				continue;
			}
			v = strdup(h[i].date);
		} else {
			v = strndup(h[i].value, h[i].len);
		}
		if (!v)
			return CT_ENOMEM;
		rc = ct_doc_set(doc, h[i].key, v);
		free(v);
		if (rc == CT_ENOMEM)
			return rc;
	}
	return CT_OK;
}

/* Whether s[0, n) is valid UTF-8 without NUL bytes. */
static bool valid_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t m = ct_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (m == 0 || cp == 0)
			return false;
		i += m;
	}
	return true;
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

/*
 * Reads header lines at the start of data and sets *body_at to where the
 * body starts. Header lines count only when a blank line ends them, or when
 * the body follows a `date YYYY-MM-DD` on its line (the seed form); a block
 * of KEY VALUE lines that runs straight into text is body after all. A
 * date is read in the forms ct_date_read() knows; one that cannot be read
 * leaves the document without a date, with a warning to hd, when the line
 * is meant as a date (a colon after the key, or a value like a date).
 */
static int read_header(struct ct_doc *doc, const char *data, size_t len, size_t *body_at,
		       const struct header_diag *hd)
{
	struct header_line h[16];
	size_t pos = 0, n_h = 0, start;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	start = *body_at = pos;
	while (pos < len) {
		const char *s = data + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, i = 0, k, v, vend;
		bool colon;

		while (i < n && is_blank(s[i]))
			i++;
		if (i == n) {
			if (n_h == 0)
				return CT_OK;
			*body_at = pos + n + (nl ? 1 : 0);
			return commit_header(doc, h, n_h, hd);
		}
		k = i;
		while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
			k++;
		v = k;
		colon = v < n && s[v] == ':';
		if (colon)
			v++;
		if (!field(doc, s + i, k - i) || v == n || !is_blank(s[v]) || n_h == 16)
			break;
		while (v < n && is_blank(s[v]))
			v++;
		vend = n;
		while (vend > v && is_blank(s[vend - 1]))
			vend--;
		if (!valid_text(s + v, vend - v))
			break;
		snprintf(h[n_h].key, sizeof h[n_h].key, "%.*s", (int)(k - i), s + i);
		for (char *c = h[n_h].key; *c; c++)
			*c = (char)(*c | 0x20);
		h[n_h].value = s + v;
		h[n_h].len = vend - v;
		if (strcmp(h[n_h].key, "date") == 0) {
			struct header_line *d = &h[n_h];
			enum ct_date_read first = CT_DATE_NONE;
			size_t dl = 0;
			while (v + dl < vend && !is_blank(s[v + dl]))
				dl++;
			d->read = ct_date_read(s + v, vend - v, true, d->date);
			if (d->read == CT_DATE_NONE && v + dl < vend)
				first = ct_date_read(s + v, dl, true, d->date);
			if (first != CT_DATE_NONE) {
				/* The seed's "2022-02-18 On December 17, ..." with the
				 * body after the date. */
				size_t b = v + dl;
				d->read = first;
				d->len = dl;
				while (b < n && is_blank(s[b]))
					b++;
				*body_at = pos + b;
				return commit_header(doc, h, n_h + 1, hd);
			}
			if (d->read == CT_DATE_NONE && !colon && !date_like(s + v, vend - v))
				break;
		}
		n_h++;
		pos += n + (nl ? 1 : 0);
	}
	if (pos >= len && n_h > 0) {
		/* Nothing but header lines. */
		*body_at = len;
		return commit_header(doc, h, n_h, hd);
	}
	*body_at = start;
	return CT_OK;
}

/* FNV-1a 64 of the body, as 16 hex digits. */
static void hash_body(struct ct_doc *doc)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < doc->body_len; i++) {
		h ^= (unsigned char)doc->body[i];
		h *= 0x100000001b3ULL;
	}
	snprintf(doc->hash, sizeof doc->hash, "%016llx", (unsigned long long)h);
}

/* Copies data into a valid UTF-8 body: bad bytes become U+FFFD, NULs go. */
static int repair(struct ct_doc *doc, const char *data, size_t len)
{
	/* Valid text is copied as it is; room for the worst case (every byte
	 * a U+FFFD) is made only when a bad byte comes. */
	size_t cap = len, o = 0;
	char *out = malloc(cap + 1);

	if (!out)
		return CT_ENOMEM;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t m, run = i + ct_ascii_run(data + i, len - i, true);
		/* A run of ASCII other than NUL in one copy. */
		if (run > i) {
			memcpy(out + o, data + i, run - i);
			o += run - i;
			i = run;
			continue;
		}
		m = ct_utf8_decode((const unsigned char *)data + i, len - i, &cp);
		if (m == 0) {
			if (cap < len * 3) {
				char *grown = realloc(out, len * 3 + 1);
				if (!grown) {
					free(out);
					return CT_ENOMEM;
				}
				out = grown;
				cap = len * 3;
			}
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			doc->n_replaced++;
			i++;
		} else if (cp == 0) {
			doc->n_nul++;
			i++;
		} else {
			memcpy(out + o, data + i, m);
			o += m;
			i += m;
		}
	}
	out[o] = '\0';
	doc->body = out;
	doc->body_len = o;
	return CT_OK;
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
			const char *nl = memchr(b + pos, '\n', len - pos);
			line_end = nl ? (size_t)(nl - b) : len;
			size_t t = pos;
			while (t < line_end && is_blank(b[t]))
				t++;
			if (t == line_end && pos != start)
				break;
			end = line_end;
			pos = nl ? line_end + 1 : len;
			if (!nl)
				break;
		}
		while (end > start && (is_blank(b[end - 1]) || b[end - 1] == '\n'))
			end--;
		if (doc->n_paragraphs == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct ct_span *nv = realloc(doc->paragraphs, ncap * sizeof *nv);
			if (!nv)
				return CT_ENOMEM;
			doc->paragraphs = nv;
			cap = ncap;
		}
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
