/*
 * The sources file of `nightly`: one URL a line, '#' comments, blank lines.
 * Whether a source is an article or a feed is decided later, by what it
 * serves.
 */
#include "fetch/curl_lazy.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "claimtrack/fetch.h"
#include "base/base.h"

#define LINE_MAX_BYTES (CT_URL_MAX + 1024)

struct parser {
	struct ct_sources *s;
	const char *file;
	ct_diag_fn on_diag;
	void *user;
	size_t cap;
	uint64_t *hashes;
	bool nomem;
	bool too_many;          /* said that there are too many */
};

static void diag(struct parser *p, enum ct_severity sev, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void diag(struct parser *p, enum ct_severity sev, int line, int col, const char *fmt, ...)
{
	char msg[256];
	struct ct_diag d = { sev, p->file, line, col, msg };
	va_list ap;

	if (sev == CT_DIAG_ERROR)
		p->s->n_errors++;
	if (!p->on_diag)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->on_diag(&d, p->user);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* Whether url is an http or https URL that libcurl can read. */
static bool valid_url(const char *url)
{
	CURLU *u = ct_curl_load(NULL) ? curl_url() : NULL;
	char *host = NULL;
	bool ok = u && (strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0) &&
		  curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host[0];

	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

static void add(struct parser *p, const char *url, size_t n, int line, int col)
{
	struct ct_sources *s = p->s;
	char *copy;
	uint64_t h;

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] >= 0x7F || (unsigned char)url[i] < 0x20) {
			diag(p, CT_DIAG_ERROR, line, col + (int)i,
			     "not a URL: it has a byte that is not printable ASCII "
			     "(write host names in punycode and paths %%-encoded)");
			return;
		}
	if (n > CT_URL_MAX) {
		diag(p, CT_DIAG_ERROR, line, col, "URL longer than %d bytes", CT_URL_MAX);
		return;
	}
	if (!(copy = strndup(url, n))) {
		p->nomem = true;
		return;
	}
	if (!valid_url(copy)) {
		diag(p, CT_DIAG_ERROR, line, col, "'%.200s' is not an http or https URL", copy);
		free(copy);
		return;
	}
	h = fnv1a(copy);
	for (size_t i = 0; i < s->n; i++)
		if (p->hashes[i] == h && strcmp(s->urls[i], copy) == 0) {
			diag(p, CT_DIAG_WARNING, line, col, "'%.200s' is listed already on line %d",
			     copy, s->lines[i]);
			free(copy);
			return;
		}
	if (s->n >= CT_SOURCES_MAX_URLS) {
		if (!p->too_many)
			diag(p, CT_DIAG_ERROR, line, col, "more than %d sources; the rest are ignored",
			     CT_SOURCES_MAX_URLS);
		p->too_many = true;
		free(copy);
		return;
	}
	if (s->n == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 32;
		char **nu = ct_realloc_array(s->urls, ncap, sizeof *nu);
		if (nu)
			s->urls = nu;
		int *nl = nu ? ct_realloc_array(s->lines, ncap, sizeof *nl) : NULL;
		if (nl)
			s->lines = nl;
		uint64_t *nh = nl ? ct_realloc_array(p->hashes, ncap, sizeof *nh) : NULL;
		if (!nh) {
			p->nomem = true;
			free(copy);
			return;
		}
		p->hashes = nh;
		p->cap = ncap;
	}
	s->urls[s->n] = copy;
	s->lines[s->n] = line;
	p->hashes[s->n] = h;
	s->n++;
}

static void parse_line(struct parser *p, const char *l, size_t n, int line)
{
	size_t i = 0, start, end;

	if (n > LINE_MAX_BYTES) {
		diag(p, CT_DIAG_ERROR, line, 0, "line longer than %d bytes", LINE_MAX_BYTES);
		return;
	}
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	if (i == n || l[i] == '#')
		return;
	start = i;
	while (i < n && l[i] != ' ' && l[i] != '\t')
		i++;
	end = i;
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	if (i < n && l[i] != '#') {
		diag(p, CT_DIAG_ERROR, line, (int)i + 1,
		     "unexpected text after the URL (one URL a line; comments start with '#')");
		return;
	}
	add(p, l + start, end - start, line, (int)start + 1);
}

int ct_sources_parse(const char *text, size_t len, const char *file, ct_diag_fn on_diag,
		     void *user, struct ct_sources **out)
{
	struct parser p = { 0 };
	const char *t = text, *end = text + len;
	int line = 0;

	if (!text && len)
		return CT_EINVAL;
	if (len > CT_SOURCES_MAX_BYTES)
		return CT_ELIMIT;
	if (!(p.s = calloc(1, sizeof *p.s)))
		return CT_ENOMEM;
	p.file = file;
	p.on_diag = on_diag;
	p.user = user;
	if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
		t += 3;
	while (t < end && !p.nomem) {
		const char *nl = memchr(t, '\n', (size_t)(end - t));
		size_t n = nl ? (size_t)(nl - t) : (size_t)(end - t);
		line++;
		if (n && t[n - 1] == '\r')
			n--;
		if (memchr(t, '\0', n))
			diag(&p, CT_DIAG_ERROR, line, 0, "NUL byte in the line");
		else
			parse_line(&p, t, n, line);
		t = nl ? nl + 1 : end;
	}
	free(p.hashes);
	if (p.nomem) {
		ct_sources_free(p.s);
		return CT_ENOMEM;
	}
	*out = p.s;
	return CT_OK;
}

int ct_sources_load(const char *path, ct_diag_fn on_diag, void *user, struct ct_sources **out)
{
	char *text = NULL;
	size_t len = 0;
	int rc = ct_read_file(path, CT_SOURCES_MAX_BYTES, &text, &len);

	if (rc != CT_OK)
		return rc;
	rc = ct_sources_parse(text, len, path, on_diag, user, out);
	free(text);
	return rc;
}

void ct_sources_free(struct ct_sources *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->urls[i]);
	free(s->urls);
	free(s->lines);
	free(s);
}
