/*
 * One HTTP transfer with libcurl: the options every request gets, the
 * header, body and socket callbacks that enforce the limits and the
 * address policy, and what a finished transfer means (one error, one
 * message). The scheduler that runs transfers is fetch_multi.c.
 */
#include "claimtrack/doc.h"
#include "fetch/fetch_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#if LIBCURL_VERSION_NUM < 0x075500
#error "claimtrack needs libcurl 7.85 or later (CURLOPT_PROTOCOLS_STR)"
#endif

#define DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define DEFAULT_TIMEOUT_MS 30000L
#define DEFAULT_MAX_REDIRECTS 5L
#define MAX_REDIRECTS_LIMIT 20L
#define DEFAULT_PARALLEL 8u
#define DEFAULT_PER_HOST 2u
#define DEFAULT_MAX_RETRIES 2u
#define DEFAULT_MAX_RETRY_WAIT_MS 10000L
#define USER_AGENT "claimtrack/" CT_VERSION
#define ALLOWED_SCHEMES "http,https"

void ct_fetch_options_init(struct ct_fetch_options *o)
{
	memset(o, 0, sizeof *o);
	o->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
	o->timeout_ms = DEFAULT_TIMEOUT_MS;
	o->max_bytes = CT_DOC_MAX_BYTES;
	o->max_redirects = DEFAULT_MAX_REDIRECTS;
	o->parallel = DEFAULT_PARALLEL;
	o->per_host = DEFAULT_PER_HOST;
	o->max_retries = DEFAULT_MAX_RETRIES;
	o->max_retry_wait_ms = DEFAULT_MAX_RETRY_WAIT_MS;
}

void ct_fetch_result_release(struct ct_fetch_result *r)
{
	if (!r)
		return;
	free(r->final_url);
	free(r->content_type);
	free(r->charset);
	free(r->body);
	free(r->etag);
	free(r->last_modified);
	memset(r, 0, sizeof *r);
}

double ct_fetch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

static void global_init(void)
{
	if (ct_curl_load(NULL))
		global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int ct_fetch_global_init(void)
{
	pthread_once(&global_once, global_init);
	return global_rc == CURLE_OK ? CT_OK : CT_ENOMEM;
}

bool ct_is_url(const char *s)
{
	const char *p = s;

	if (!s || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	return strncmp(p, "://", 3) == 0;
}

/* ---- the address policy ---- */

static const char *v4_blocked(uint32_t a)
{
	static const struct {
		uint32_t net, mask;
		const char *why;
	} ranges[] = {
		{ 0x00000000, 0xFF000000, "'this network' (0.0.0.0/8)" },
		{ 0x0A000000, 0xFF000000, "private" },
		{ 0x64400000, 0xFFC00000, "shared (carrier-grade NAT)" },
		{ 0x7F000000, 0xFF000000, "loopback" },
		{ 0xA9FE0000, 0xFFFF0000, "link-local" },
		{ 0xAC100000, 0xFFF00000, "private" },
		{ 0xC0000000, 0xFFFFFF00, "reserved (IETF protocol assignments)" },
		{ 0xC0000200, 0xFFFFFF00, "documentation (TEST-NET-1)" },
		{ 0xC0A80000, 0xFFFF0000, "private" },
		{ 0xC6120000, 0xFFFE0000, "benchmarking" },
		{ 0xC6336400, 0xFFFFFF00, "documentation (TEST-NET-2)" },
		{ 0xCB007100, 0xFFFFFF00, "documentation (TEST-NET-3)" },
		{ 0xE0000000, 0xF0000000, "multicast" },
		{ 0xF0000000, 0xF0000000, "reserved" },
	};

	for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++)
		if ((a & ranges[i].mask) == ranges[i].net)
			return ranges[i].why;
	return NULL;
}

const char *ct_fetch_addr_blocked(const struct sockaddr *sa, size_t sa_len)
{
	if (!sa)
		return "unknown";
	if (sa->sa_family == AF_INET && sa_len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		return v4_blocked(ntohl(in->sin_addr.s_addr));
	}
	if (sa->sa_family == AF_INET6 && sa_len >= sizeof(struct sockaddr_in6)) {
		const unsigned char *b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
		static const unsigned char zero[12], mapped[12] = { [10] = 0xFF, [11] = 0xFF };
		static const unsigned char nat64[12] = { 0x00, 0x64, 0xFF, 0x9B };
		uint32_t v4 = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15];

		if (memcmp(b, zero, 12) == 0) {
			if (v4 == 0)
				return "unspecified";
			if (v4 == 1)
				return "loopback";
			return v4_blocked(v4);       /* IPv4-compatible */
		}
		if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0)
			return v4_blocked(v4);
		if ((b[0] & 0xFE) == 0xFC)
			return "unique local (private)";
		if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
			return "link-local";
		if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)
			return "site-local (private)";
		if (b[0] == 0xFF)
			return "multicast";
		if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)
			return "documentation";
		if (b[0] == 0x20 && b[1] == 0x02)    /* 6to4: the IPv4 address follows */
			return v4_blocked((uint32_t)b[2] << 24 | (uint32_t)b[3] << 16 |
					  (uint32_t)b[4] << 8 | b[5]);
		return NULL;
	}
	return "not an internet address";
}

static void addr_string(const struct sockaddr *sa, char *out, size_t size)
{
	const void *src = sa->sa_family == AF_INET6
		? (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr
		: (const void *)&((const struct sockaddr_in *)sa)->sin_addr;

	if (!inet_ntop(sa->sa_family, src, out, (socklen_t)size))
		snprintf(out, size, "an address");
}

/* Whether `allowed` (an address as a user writes it) is the address `addr`
 * (as inet_ntop writes it). */
static bool same_address(const char *allowed, const char *addr)
{
	unsigned char bin[sizeof(struct in6_addr)];
	char norm[64];
	int family = allowed && strchr(allowed, ':') ? AF_INET6 : AF_INET;

	if (!allowed || inet_pton(family, allowed, bin) != 1 ||
	    !inet_ntop(family, bin, norm, sizeof norm))
		return false;
	return strcmp(norm, addr) == 0;
}

/* Opens the socket for a connection, unless the address policy refuses it. */
static curl_socket_t open_socket(void *user, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct ct_xfer *x = user;
	const char *why;

	(void)purpose;
	if (!x->opt->allow_private &&
	    (why = ct_fetch_addr_blocked(&a->addr, (size_t)a->addrlen)) != NULL) {
		char addr[64];
		addr_string(&a->addr, addr, sizeof addr);
		for (size_t i = 0; i < x->opt->n_allowed_addresses; i++)
			if (same_address(x->opt->allowed_addresses[i], addr))
				goto open;
		x->refused_why = why;
		snprintf(x->refused, sizeof x->refused, "%s", addr);
		return CURL_SOCKET_BAD;
	}
open:
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* ---- headers and body ---- */

/* Copies value[0, n) without surrounding white space into out, or leaves
 * out empty when it does not fit. Returns whether it fit. */
static bool copy_value(char *out, size_t size, const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	out[0] = '\0';
	if (n >= size)
		return false;
	for (size_t i = 0; i < n; i++)   /* control bytes would make a bad message or header */
		out[i] = (unsigned char)v[i] < 0x20 || v[i] == 0x7F ? ' ' : v[i];
	out[n] = '\0';
	return true;
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* Whether header line h (n bytes) is `name:`; *value is what follows. */
static bool header_is(const char *h, size_t n, const char *name, const char **value, size_t *vn)
{
	size_t k = strlen(name);

	if (n <= k || h[k] != ':' || strncasecmp(h, name, k) != 0)
		return false;
	*value = h + k + 1;
	*vn = n - k - 1;
	return true;
}

static void new_response(struct ct_xfer *x, const char *line, size_t n)
{
	const char *p = memchr(line, ' ', n);
	long status = 0;
	size_t i;

	x->status = 0;
	x->reason[0] = x->ctype[0] = x->etag[0] = x->last_modified[0] = x->location[0] = '\0';
	x->etag_too_long = x->encoded = false;
	x->in_headers = true;
	x->content_length = -1;
	x->retry_after = -1;
	ct_buf_reset(&x->body);
	if (!p)
		return;
	i = (size_t)(p - line) + 1;
	for (int d = 0; d < 3 && i < n && line[i] >= '0' && line[i] <= '9'; d++, i++)
		status = status * 10 + (line[i] - '0');
	x->status = status;
	if (i < n && line[i] == ' ')
		copy_value(x->reason, sizeof x->reason, line + i + 1,
			   n - i - 1 < sizeof x->reason - 1 ? n - i - 1 : sizeof x->reason - 1);
}

/* Retry-After: seconds, or an HTTP date. */
static long parse_retry_after(const char *v, size_t n)
{
	char buf[64];
	long secs = 0;
	size_t i = 0;

	if (!copy_value(buf, sizeof buf, v, n) || !buf[0])
		return -1;
	while (buf[i] >= '0' && buf[i] <= '9' && secs < 1000000)
		secs = secs * 10 + (buf[i++] - '0');
	if (i > 0 && buf[i] == '\0')
		return secs;
	time_t t = curl_getdate(buf, NULL);
	if (t == -1)
		return -1;
	time_t now = time(NULL);
	return t > now ? (long)(t - now) : 0;
}

/* The end of one response's headers: stop early what cannot succeed. */
static bool headers_done(struct ct_xfer *x)
{
	char type[CT_FETCH_CTYPE_MAX], charset[64];

	if (x->status >= 400) {
		/* The body of an error is not wanted; Retry-After is read. */
		x->stop = CT_EFETCH_HTTP;
		return false;
	}
	if (x->status < 200 || x->status >= 300)
		return true;
	ct_fetch_parse_ctype(x->ctype, type, sizeof type, charset, sizeof charset);
	if (!x->opt->any_type && type[0] && !ct_fetch_type_accepted(type)) {
		x->stop = CT_EFETCH_TYPE;
		snprintf(x->stop_msg, sizeof x->stop_msg, "not HTML: the server says '%.120s'", type);
		return false;
	}
	if (!x->encoded && x->content_length >= 0 &&
	    (unsigned long long)x->content_length > (unsigned long long)x->opt->max_bytes) {
		x->stop = CT_EFETCH_TOOBIG;
		snprintf(x->stop_msg, sizeof x->stop_msg,
			 "too large: %lld bytes, more than the limit of %zu", x->content_length,
			 x->opt->max_bytes);
		return false;
	}
	return true;
}

static size_t on_header(char *h, size_t size, size_t nitems, void *user)
{
	struct ct_xfer *x = user;
	size_t n = size * nitems;
	const char *v;
	size_t vn;

	if (n >= 5 && strncmp(h, "HTTP/", 5) == 0) {
		new_response(x, h, n);
		return n;
	}
	if (n <= 2 && (h[0] == '\r' || h[0] == '\n')) {
		x->in_headers = false;
		return headers_done(x) ? n : 0;
	}
	if (header_is(h, n, "content-type", &v, &vn)) {
		copy_value(x->ctype, sizeof x->ctype, v, vn);
	} else if (header_is(h, n, "etag", &v, &vn)) {
		x->etag_too_long = !copy_value(x->etag, sizeof x->etag, v, vn);
	} else if (header_is(h, n, "last-modified", &v, &vn)) {
		copy_value(x->last_modified, sizeof x->last_modified, v, vn);
	} else if (header_is(h, n, "retry-after", &v, &vn)) {
		x->retry_after = parse_retry_after(v, vn);
	} else if (header_is(h, n, "content-length", &v, &vn)) {
		char buf[32];
		char *end;
		if (copy_value(buf, sizeof buf, v, vn)) {
			long long cl = strtoll(buf, &end, 10);
			x->content_length = end != buf && *end == '\0' && cl >= 0 ? cl : -1;
		}
	} else if (header_is(h, n, "content-encoding", &v, &vn)) {
		char buf[64];
		copy_value(buf, sizeof buf, v, vn);
		x->encoded = strcasecmp(buf, "identity") != 0;
	} else if (header_is(h, n, "location", &v, &vn)) {
		if (vn >= sizeof x->location)
			vn = sizeof x->location - 1;
		copy_value(x->location, sizeof x->location, v, vn);
		uint64_t hash = fnv1a(x->location);
		for (unsigned i = 0; i < x->n_locations && i < 8; i++)
			if (x->location_hash[i] == hash)
				x->loop = true;
		if (x->n_locations < 8)
			x->location_hash[x->n_locations] = hash;
		x->n_locations++;
	}
	return n;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
	struct ct_xfer *x = user;
	size_t n = size * nmemb;
	int rc;

	x->bytes_total += n;
	/* A max of 0 is no cap to ct_buf; here it lets no byte in. */
	rc = x->opt->max_bytes == 0 && n > 0 ? CT_ELIMIT : ct_buf_add(&x->body, data, n);
	if (rc == CT_ELIMIT) {
		x->stop = CT_EFETCH_TOOBIG;
		snprintf(x->stop_msg, sizeof x->stop_msg,
			 "too large: more than the limit of %zu bytes%s", x->opt->max_bytes,
			 x->encoded ? " once decompressed" : "");
		return 0;
	}
	if (rc != CT_OK) {
		x->stop = CT_ENOMEM;
		snprintf(x->stop_msg, sizeof x->stop_msg, "out of memory");
		return 0;
	}
	return n;
}

/* ---- content types ---- */

void ct_fetch_parse_ctype(const char *value, char *type, size_t type_size, char *charset,
			  size_t charset_size)
{
	const char *p = value, *param;
	size_t n = 0;

	type[0] = charset[0] = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	while (p[n] && p[n] != ';' && p[n] != ' ' && p[n] != '\t')
		n++;
	if (n < type_size) {
		for (size_t i = 0; i < n; i++)
			type[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] - 'A' + 'a' : p[i]);
		type[n] = '\0';
	}
	for (param = strchr(p, ';'); param; param = strchr(param + 1, ';')) {
		const char *q = param + 1;
		while (*q == ' ' || *q == '\t')
			q++;
		if (strncasecmp(q, "charset=", 8) != 0)
			continue;
		q += 8;
		bool quoted = *q == '"';
		q += quoted;
		size_t k = 0;
		while (q[k] && q[k] != ';' && q[k] != '"' && (quoted || (q[k] != ' ' && q[k] != '\t')))
			k++;
		if (k > 0 && k < charset_size) {
			memcpy(charset, q, k);
			charset[k] = '\0';
		}
		break;
	}
}

bool ct_fetch_type_accepted(const char *t)
{
	static const char *const types[] = {
		"text/html", "application/xhtml+xml", "text/xml", "application/xml",
		"application/rss+xml", "application/atom+xml", "application/rdf+xml",
	};
	size_t n = strlen(t);

	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (strcmp(t, types[i]) == 0)
			return true;
	/* Other XML vocabularies: application/…+xml */
	return strncmp(t, "application/", 12) == 0 && n > 16 && strcmp(t + n - 4, "+xml") == 0;
}

/* ---- starting a transfer ---- */

static void fail(struct ct_fetch_result *r, int err, const char *fmt, const char *arg)
{
	r->error = err;
	snprintf(r->message, sizeof r->message, fmt, arg);
}

/* Checks the URL's scheme and host; copies the host, lowercase. */
static int check_url(const char *url, char *host, size_t host_size, struct ct_fetch_result *r)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *h = NULL;
	int rc = CT_OK;

	if (!u) {
		fail(r, CT_ENOMEM, "%s", "out of memory");
		return CT_ENOMEM;
	}
	if (strlen(url) > CT_URL_MAX) {
		fail(r, CT_EFETCH_URL, "not fetched: the URL is longer than %s bytes", "4096");
		rc = CT_EFETCH_URL;
	} else if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
		   curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		fail(r, CT_EFETCH_URL, "%s", "not a valid URL");
		rc = CT_EFETCH_URL;
	} else if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
		fail(r, CT_EFETCH_URL, "not fetched: only http and https URLs are (this one is %s)",
		     scheme);
		rc = CT_EFETCH_URL;
	} else if (curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK || !h[0]) {
		fail(r, CT_EFETCH_URL, "%s", "not a valid URL: no host");
		rc = CT_EFETCH_URL;
	} else {
		size_t i;
		for (i = 0; h[i] && i + 1 < host_size; i++)
			host[i] = (char)(h[i] >= 'A' && h[i] <= 'Z' ? h[i] - 'A' + 'a' : h[i]);
		host[i] = '\0';
	}
	curl_free(scheme);
	curl_free(h);
	curl_url_cleanup(u);
	return rc;
}

static int add_header(struct curl_slist **list, const char *name, const char *value)
{
	char line[CT_FETCH_ETAG_MAX + 32];
	struct curl_slist *n;

	/* A value with a line break would add headers of its own. */
	if (strlen(value) >= CT_FETCH_ETAG_MAX || strpbrk(value, "\r\n"))
		return CT_OK;
	snprintf(line, sizeof line, "%s: %s", name, value);
	if (!(n = curl_slist_append(*list, line)))
		return CT_ENOMEM;
	*list = n;
	return CT_OK;
}

int ct_xfer_start(struct ct_xfer *x, const struct ct_fetch_request *req,
		  const struct ct_fetch_options *o, size_t index, struct ct_fetch_result *r)
{
	CURL *e;
	CURLcode c = CURLE_OK;
	long redirects = o->max_redirects < 0 ? 0 : o->max_redirects;
	int rc;

	memset(x, 0, sizeof *x);
	x->index = index;
	x->req = req;
	x->opt = o;
	ct_buf_init(&x->body, o->max_bytes);
	x->content_length = -1;
	x->retry_after = -1;
	x->started = ct_fetch_now();
	if (!req->url) {
		fail(r, CT_EINVAL, "%s", "no URL");
		return CT_EINVAL;
	}
	if ((rc = check_url(req->url, x->host, sizeof x->host, r)) != CT_OK)
		return rc;
	if ((req->etag && add_header(&x->headers, "If-None-Match", req->etag) != CT_OK) ||
	    (req->last_modified &&
	     add_header(&x->headers, "If-Modified-Since", req->last_modified) != CT_OK) ||
	    !(e = curl_easy_init())) {
		curl_slist_free_all(x->headers);
		x->headers = NULL;
		fail(r, CT_ENOMEM, "%s", "out of memory");
		return CT_ENOMEM;
	}
	x->easy = e;
	if (redirects > MAX_REDIRECTS_LIMIT)
		redirects = MAX_REDIRECTS_LIMIT;
#define SET(opt, val) if (c == CURLE_OK) c = curl_easy_setopt(e, opt, val)
	SET(CURLOPT_URL, req->url);
	SET(CURLOPT_PRIVATE, (void *)x);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_PROTOCOLS_STR, ALLOWED_SCHEMES);
	SET(CURLOPT_REDIR_PROTOCOLS_STR, ALLOWED_SCHEMES);
	SET(CURLOPT_FOLLOWLOCATION, redirects > 0 ? 1L : 0L);
	SET(CURLOPT_MAXREDIRS, redirects);
	SET(CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms > 0 ? o->connect_timeout_ms
								: DEFAULT_CONNECT_TIMEOUT_MS);
	SET(CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : DEFAULT_TIMEOUT_MS);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_USERAGENT, o->user_agent ? o->user_agent : USER_AGENT);
	SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_HTTPHEADER, x->headers);
	SET(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);   /* a proxy's CONNECT answer is not the page's */
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, (void *)x);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, (void *)x);
	SET(CURLOPT_OPENSOCKETFUNCTION, open_socket);
	SET(CURLOPT_OPENSOCKETDATA, (void *)x);
	SET(CURLOPT_ERRORBUFFER, x->errbuf);
#undef SET
	if (c != CURLE_OK) {
		fail(r, c == CURLE_OUT_OF_MEMORY ? CT_ENOMEM : CT_EFETCH, "cannot set up the transfer: %s",
		     curl_easy_strerror(c));
		ct_xfer_release(x);
		return r->error;
	}
	return CT_OK;
}

void ct_xfer_reset(struct ct_xfer *x)
{
	ct_buf_reset(&x->body);
	x->stop = 0;
	x->stop_msg[0] = x->refused[0] = x->errbuf[0] = '\0';
	x->refused_why = NULL;
	x->n_locations = 0;
	x->loop = false;
	x->status = 0;
}

void ct_xfer_release(struct ct_xfer *x)
{
	if (x->easy)
		curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	ct_buf_release(&x->body);
	x->easy = NULL;
	x->headers = NULL;
}

/* ---- what a finished transfer means ---- */

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* The host of a URL, for messages; "" when it has none. */
static void host_of(const char *url, char *out, size_t size)
{
	CURLU *u = curl_url();
	char *h = NULL;

	out[0] = '\0';
	if (u && url && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK)
		snprintf(out, size, "%s", h);
	curl_free(h);
	curl_url_cleanup(u);
}

/* The library's message, lowercase first letter, no trailing period. */
static void curl_message(const struct ct_xfer *x, CURLcode code, char *out, size_t size)
{
	size_t n;

	snprintf(out, size, "%s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(code));
	if (out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z'))
		out[0] = (char)(out[0] - 'A' + 'a');
	n = strlen(out);
	while (n && (out[n - 1] == '.' || out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
}

static void http_error(const struct ct_xfer *x, struct ct_fetch_result *r, const char *extra)
{
	r->error = CT_EFETCH_HTTP;
	snprintf(r->message, sizeof r->message, "HTTP %ld%s%s%s%s", x->status,
		 x->reason[0] ? " (" : "", x->reason, x->reason[0] ? ")" : "", extra);
}

/* A connection the address policy refused (to a private address). */
static void refused_error(const struct ct_xfer *x, const char *host, struct ct_fetch_result *r)
{
	r->error = CT_EFETCH_PRIVATE;
	bool same = strcmp(host, x->refused) == 0 ||
		    (host[0] == '[' && strncmp(host + 1, x->refused, strlen(x->refused)) == 0);
	snprintf(r->message, sizeof r->message,
		 "refused: %s%s%s is a %s address; only public addresses are fetched",
		 same ? "" : host, same || !host[0] ? "" : " at ", x->refused, x->refused_why);
}

/* CURLE_COULDNT_CONNECT, with the system's reason when there is one. */
static void connect_error(const struct ct_xfer *x, const char *host, const char *msg,
			  struct ct_fetch_result *r)
{
	long os_errno = 0;

	r->error = CT_EFETCH_CONNECT;
	curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &os_errno);
	if (os_errno == ECONNREFUSED)
		snprintf(r->message, sizeof r->message, "cannot connect to %s: connection refused",
			 host);
	else if (os_errno)
		snprintf(r->message, sizeof r->message, "cannot connect to %s: %s", host,
			 strerror((int)os_errno));
	else
		snprintf(r->message, sizeof r->message, "cannot connect to %s: %s", host, msg);
}

/* CURLE_OPERATION_TIMEDOUT: which limit ran out, connecting or the whole. */
static void timeout_error(const struct ct_xfer *x, const char *host, struct ct_fetch_result *r)
{
	curl_off_t connect_us = 0;
	double secs;

	r->error = CT_EFETCH_TIMEOUT;
	curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
	if (connect_us == 0 && !r->status) {
		secs = (double)(x->opt->connect_timeout_ms > 0 ? x->opt->connect_timeout_ms
							     : DEFAULT_CONNECT_TIMEOUT_MS) / 1000;
		snprintf(r->message, sizeof r->message,
			 "timed out: no connection to %s within %g s", host, secs);
	} else {
		secs = (double)(x->opt->timeout_ms > 0 ? x->opt->timeout_ms
						       : DEFAULT_TIMEOUT_MS) / 1000;
		snprintf(r->message, sizeof r->message,
			 "timed out: not complete within %g s", secs);
	}
}

/* Fills the result's error from a failed transfer. */
static void classify(struct ct_xfer *x, CURLcode code, struct ct_fetch_result *r)
{
	char host[CT_FETCH_HOST_MAX], msg[CURL_ERROR_SIZE];

	host_of(r->final_url ? r->final_url : x->req->url, host, sizeof host);
	curl_message(x, code, msg, sizeof msg);
	if (x->stop == CT_EFETCH_HTTP) {
		http_error(x, r, "");
		return;
	}
	if (x->stop) {
		r->error = x->stop;
		snprintf(r->message, sizeof r->message, "%s", x->stop_msg);
		return;
	}
	if (x->refused_why && (code == CURLE_COULDNT_CONNECT || code == CURLE_OPERATION_TIMEDOUT)) {
		refused_error(x, host, r);
		return;
	}
	/* A header line past libcurl's limit (CURL_MAX_HTTP_HEADER, 100 KB)
	 * stops the transfer as "out of memory" (CURLE_TOO_LARGE, 100, since
	 * libcurl 8.6, whose headers this may be built without). */
	if ((code == CURLE_OUT_OF_MEMORY || (int)code == 100) && x->in_headers) {
		r->error = CT_EFETCH_TOOBIG;
		snprintf(r->message, sizeof r->message, "response headers larger than 100 KB");
		return;
	}
	switch (code) {
	case CURLE_COULDNT_RESOLVE_HOST:
		r->error = CT_EFETCH_DNS;
		snprintf(r->message, sizeof r->message, "cannot resolve host '%s'", host);
		return;
	case CURLE_COULDNT_RESOLVE_PROXY:
		r->error = CT_EFETCH_DNS;
		snprintf(r->message, sizeof r->message, "cannot resolve the proxy: %s", msg);
		return;
	case CURLE_COULDNT_CONNECT:
		connect_error(x, host, msg, r);
		return;
	case CURLE_OPERATION_TIMEDOUT:
		timeout_error(x, host, r);
		return;
	case CURLE_TOO_MANY_REDIRECTS:
		r->error = CT_EFETCH_REDIRECT;
		snprintf(r->message, sizeof r->message, "%s: more than %ld redirects",
			 x->loop ? "redirect loop" : "too many redirects",
			 x->opt->max_redirects < 0 ? 0 : x->opt->max_redirects);
		return;
	case CURLE_UNSUPPORTED_PROTOCOL:
		r->error = x->n_locations ? CT_EFETCH_REDIRECT : CT_EFETCH_URL;
		if (x->n_locations)
			snprintf(r->message, sizeof r->message,
				 "redirect to '%.200s' refused: only http and https are followed",
				 x->location);
		else
			snprintf(r->message, sizeof r->message, "not fetched: %s", msg);
		return;
	case CURLE_URL_MALFORMAT:
		r->error = x->n_locations ? CT_EFETCH_REDIRECT : CT_EFETCH_URL;
		snprintf(r->message, sizeof r->message, "%s%.200s%s: %s",
			 x->n_locations ? "bad redirect to '" : "not a valid URL",
			 x->n_locations ? x->location : "", x->n_locations ? "'" : "", msg);
		return;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_USE_SSL_FAILED:
		r->error = CT_EFETCH_TLS;
		snprintf(r->message, sizeof r->message, "TLS failed with %s: %s", host, msg);
		return;
	case CURLE_OUT_OF_MEMORY:
		r->error = CT_ENOMEM;
		snprintf(r->message, sizeof r->message, "out of memory");
		return;
	default:
		r->error = CT_EFETCH;
		snprintf(r->message, sizeof r->message, "%s%s%s", host[0] ? host : "", host[0] ? ": " : "",
			 msg);
		return;
	}
}

bool ct_xfer_finish(struct ct_xfer *x, CURLcode code, struct ct_fetch_result *r,
		    double *wait_s)
{
	char *final = NULL;
	long redirects = 0;
	char type[CT_FETCH_CTYPE_MAX], charset[64];

	memset(r, 0, sizeof *r);
	r->url = x->req->url;
	r->retries = x->retries;
	r->status = x->status;
	r->seconds = ct_fetch_now() - x->started;
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &final);
	curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_COUNT, &redirects);
	r->redirects = redirects > 0 ? (unsigned)redirects : 0;

	/* 429 and 503 are worth another try, within the limits. */
	if ((x->status == 429 || x->status == 503) && (code == CURLE_OK || x->stop == CT_EFETCH_HTTP)) {
		long max_wait = x->opt->max_retry_wait_ms >= 0 ? x->opt->max_retry_wait_ms
							       : DEFAULT_MAX_RETRY_WAIT_MS;
		double wait = x->retry_after >= 0 ? (double)x->retry_after : (double)(1u << x->retries);
		if (x->retries < x->opt->max_retries && wait * 1000 <= (double)max_wait) {
			*wait_s = wait;
			memset(r, 0, sizeof *r);
			return true;
		}
		if (!(r->final_url = dup_or_null(final)) && final && *final)
			goto nomem;
		char extra[96] = "";
		if (x->retry_after >= 0 && (double)x->retry_after * 1000 > (double)max_wait)
			snprintf(extra, sizeof extra, "; it asks to retry after %ld s, more than the "
				 "limit of %g s", x->retry_after, (double)max_wait / 1000);
		else if (x->retries)
			snprintf(extra, sizeof extra, " after %u retr%s", x->retries,
				 x->retries == 1 ? "y" : "ies");
		http_error(x, r, extra);
		return false;
	}
	if (final && *final && !(r->final_url = strdup(final)))
		goto nomem;
	if (code != CURLE_OK || x->stop) {
		classify(x, code, r);
		return false;
	}
	if (x->status == 304) {
		r->not_modified = true;
	} else if (x->status >= 300 || x->status < 200) {
		http_error(x, r, x->status >= 300 && x->status < 400 ? ", a redirect not followed" : "");
		return false;
	}
	ct_fetch_parse_ctype(x->ctype, type, sizeof type, charset, sizeof charset);
	if ((type[0] && !(r->content_type = strdup(type))) ||
	    (charset[0] && !(r->charset = strdup(charset))) ||
	    (x->etag[0] && !x->etag_too_long && !(r->etag = strdup(x->etag))) ||
	    (x->last_modified[0] && !(r->last_modified = strdup(x->last_modified))))
		goto nomem;
	if (!r->not_modified) {
		if (!(r->body = ct_buf_detach(&x->body, &r->len)))
			goto nomem;
	}
	return false;
nomem:
	ct_fetch_result_release(r);
	r->url = x->req->url;
	r->error = CT_ENOMEM;
	snprintf(r->message, sizeof r->message, "out of memory");
	return false;
}
