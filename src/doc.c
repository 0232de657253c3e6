/*
 * Plain-text documents: header lines, UTF-8 repair, paragraphs and
 * sentences. Everything after the header is the body; offsets reported for
 * a document index the body.
 */
#include "claimtrack.h"
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
};

/* Sets the collected header fields on the document. */
static int commit_header(struct ct_doc *doc, const struct header_line *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *v = strndup(h[i].value, h[i].len);
		int rc;
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
 * Reads header lines at the start of data and sets *body_at to where the
 * body starts. Header lines count only when a blank line ends them, or when
 * the body follows a `date YYYY-MM-DD` on its line (the seed form); a block
 * of KEY VALUE lines that runs straight into text is body after all.
 */
static int read_header(struct ct_doc *doc, const char *data, size_t len, size_t *body_at)
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

		while (i < n && is_blank(s[i]))
			i++;
		if (i == n) {
			if (n_h == 0)
				return CT_OK;
			*body_at = pos + n + (nl ? 1 : 0);
			return commit_header(doc, h, n_h);
		}
		k = i;
		while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
			k++;
		v = k;
		if (v < n && s[v] == ':')
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
			/* "2022-02-18", "2022-02-18T10:00:00Z", or the seed's
			 * "2022-02-18 On December 17, ..." with the body after it. */
			char date[11];
			size_t dl = 0;
			while (v + dl < vend && !is_blank(s[v + dl]))
				dl++;
			snprintf(date, sizeof date, "%.*s", (int)(dl < 10 ? dl : 10), s + v);
			if (dl < 10 || !ct_date_valid(date) || (dl > 10 && s[v + 10] != 'T'))
				break;
			h[n_h].len = 10;
			if (v + dl < vend) {
				size_t b = v + dl;
				while (b < n && is_blank(s[b]))
					b++;
				*body_at = pos + b;
				return commit_header(doc, h, n_h + 1);
			}
		}
		n_h++;
		pos += n + (nl ? 1 : 0);
	}
	if (pos >= len && n_h > 0) {
		/* Nothing but header lines. */
		*body_at = len;
		return commit_header(doc, h, n_h);
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
		     bool header, struct ct_doc **out)
{
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
	if (header && (rc = read_header(doc, data, len, &body_at)) != CT_OK)
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
	return doc_build(data, len, max_bytes, source, true, out);
}

int ct_doc_from_body(const char *data, size_t len, size_t max_bytes, const char *source,
		     struct ct_doc **out)
{
	return doc_build(data, len, max_bytes, source, false, out);
}
