/*
 * Fetching: URLs over HTTP(S), feeds and sources files.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_FETCH_H
#define CLAIMTRACK_FETCH_H

#include "claimtrack/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Pages and feeds over HTTP and HTTPS, with libcurl. Only http and https
 * are fetched, redirects included; TLS is verified; proxies come from the
 * standard environment variables (http_proxy, HTTPS_PROXY, ALL_PROXY,
 * NO_PROXY). Every transfer is bounded: connect and total timeouts, a
 * number of redirects, a body cap counted after decompression.
 *
 * Private, loopback, link-local and other addresses that are not public
 * (IPv4 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24,
 * 192.168/16, 198.18/15, the documentation networks, multicast and
 * reserved; IPv6 ::, ::1, fc00::/7, fe80::/10, fec0::/10, 2001:db8::/32,
 * multicast, and IPv4 addresses carried in IPv6) are refused unless
 * allow_private is set or the address is one of allowed_addresses: the
 * check is made on each address just before connecting to it, so neither
 * a redirect nor a DNS answer can get round it. Through a proxy the
 * address checked is the proxy's.
 *
 * The library prints nothing: each URL's outcome, failure or not, comes
 * back in a struct ct_fetch_result.
 */

/* How far a ct_fetch_many() run has got; handed to the progress callback. */
struct ct_fetch_progress {
	size_t done;         /* requests finished, failed or not */
	size_t total;
	size_t active;       /* transfers running */
	size_t waiting;      /* waiting to be retried */
	uint64_t bytes;      /* body bytes received so far */
};

/* Called now and then while fetching; return non-zero to stop (CT_EABORT). */
typedef int (*ct_fetch_progress_fn)(const struct ct_fetch_progress *p, void *user);

struct ct_fetch_options {
	long connect_timeout_ms;    /* per connection; default 10000 */
	long timeout_ms;            /* per attempt, redirects included; default 30000 */
	size_t max_bytes;           /* body cap after decompression; default CT_DOC_MAX_BYTES */
	long max_redirects;         /* followed; default 5 */
	bool allow_private;         /* connect to non-public addresses too */
	const char *const *allowed_addresses;   /* these IP addresses even when not
						 * public ("10.1.2.3", "::1"); borrowed */
	size_t n_allowed_addresses;
	bool any_type;              /* take any Content-Type (default: HTML, XHTML, XML) */
	unsigned parallel;          /* ct_fetch_many(): transfers at once; default 8 */
	unsigned per_host;          /* ct_fetch_many(): at once to one host; default 2 */
	unsigned max_retries;       /* of a 429 or 503 answer; default 2 */
	long max_retry_wait_ms;     /* the longest wait honoured; default 10000 */
	const char *user_agent;     /* borrowed; default "claimtrack/" CT_VERSION */
	ct_fetch_progress_fn progress;   /* may be NULL */
	void *progress_user;
};

/* Sets every field to its default (the values in the comments above). */
void ct_fetch_options_init(struct ct_fetch_options *o);

/* One URL to fetch. Strings are borrowed for the length of the call. */
struct ct_fetch_request {
	const char *url;
	const char *etag;           /* sent as If-None-Match; NULL: not sent */
	const char *last_modified;  /* sent as If-Modified-Since; NULL: not sent */
};

/*
 * What came of one request. Owned strings are malloc'd and freed by
 * ct_fetch_result_release(); NULL when unknown.
 */
struct ct_fetch_result {
	int error;              /* CT_OK, an enum ct_fetch_error, CT_ENOMEM or CT_EINVAL */
	char message[320];      /* why it failed, one line without the URL; "" on success */
	const char *url;        /* the request's URL; borrowed from the request */
	char *final_url;        /* where it ended after redirects */
	long status;            /* the last HTTP status; 0 when there was no answer */
	bool not_modified;      /* 304: what the validators name is unchanged; no body */
	char *content_type;     /* media type, lowercase, without parameters */
	char *charset;          /* the Content-Type's charset parameter */
	char *body;             /* the body (CT_OK and not not_modified), NUL-terminated */
	size_t len;
	char *etag;             /* the answer's ETag, to send back next time */
	char *last_modified;    /* the answer's Last-Modified */
	unsigned redirects;     /* followed */
	unsigned retries;       /* after 429 or 503 */
	double seconds;         /* from the first attempt to the end */
};

/* Frees what a result owns and empties it; accepts NULL. */
void ct_fetch_result_release(struct ct_fetch_result *r);

/*
 * Fetches one URL. *out is always filled, failure or not (it carries the
 * failure's message and status), and returns out->error: CT_OK with a
 * body, or with out->not_modified after a 304 to a conditional request.
 * An error status (4xx, 5xx) fails with CT_EFETCH_HTTP; 429 and 503 are
 * retried first, honouring Retry-After up to max_retry_wait_ms (without
 * one: after 1 s, then 2 s). The caller releases *out with
 * ct_fetch_result_release().
 */
int ct_fetch(const struct ct_fetch_request *req, const struct ct_fetch_options *o,
	     struct ct_fetch_result *out);

/*
 * Receives one finished request: index into the request array, and its
 * result, which the library releases after the call (the callback may take
 * any owned field, setting it to NULL). Return non-zero to stop the run.
 */
typedef int (*ct_fetch_done_fn)(size_t index, struct ct_fetch_result *r, void *user);

/*
 * Fetches many URLs at once (the curl multi interface): up to o->parallel
 * transfers, at most o->per_host to one host, HTTP/2 where the server
 * offers it, connections reused. fn is called once per request as it
 * finishes, in the order they finish, from the calling thread. Returns
 * CT_OK when every request was handed to fn, CT_EABORT when fn or the
 * progress callback asked to stop (requests not yet handed over are
 * dropped), CT_ENOMEM.
 */
int ct_fetch_many(const struct ct_fetch_request *reqs, size_t n,
		  const struct ct_fetch_options *o, ct_fetch_done_fn fn, void *user);

/*
 * POSTs body[0, len) with the Content-Type content_type to url (http or
 * https), for a webhook: no redirects followed, TLS verified, the
 * timeouts and user agent of o (NULL: the defaults); private addresses
 * are not refused (the URL is the operator's, not an article's). *status
 * is the HTTP status (0 without an answer). Returns CT_OK for a 2xx
 * answer, else an enum ct_fetch_error (CT_EFETCH_HTTP for another status)
 * or CT_ENOMEM, with why in err (one line, err_size bytes, without the
 * URL, which may hold a secret).
 */
int ct_fetch_post(const char *url, const char *content_type, const char *body, size_t len,
		  const struct ct_fetch_options *o, long *status, char *err, size_t err_size);

/* Whether s is an absolute URL with a scheme ("http://", "ftp://", …),
 * which a command should fetch (or refuse) rather than read as a file. */
bool ct_is_url(const char *s);

/*
 * Whether data is an RSS or Atom feed: its first element, after a byte
 * order mark, white space, the XML declaration, comments, processing
 * instructions and a doctype, is <rss>, <feed> or <rdf:RDF>.
 */
bool ct_looks_like_feed(const char *data, size_t len);

enum ct_feed_kind { CT_FEED_RSS, CT_FEED_ATOM, CT_FEED_RDF };

struct ct_feed_item {
	char *link;             /* absolute http or https URL */
	char *title;            /* NULL when none */
	char date[11];          /* publication date YYYY-MM-DD, "" when unknown */
};

struct ct_feed {
	enum ct_feed_kind kind;
	char *title;            /* NULL when none */
	struct ct_feed_item *items;   /* in the feed's order, each link once */
	size_t n_items;
	size_t n_dropped;       /* items past max_items, or without a usable link */
};

/*
 * Reads an RSS 2.0, RSS 1.0 (RDF) or Atom feed with libxml2: no network,
 * no DTD, entities not expanded, no messages. Item links are the RSS
 * <link> (else a permalink <guid>), the Atom <link rel="alternate"> (or
 * without rel), or rdf:about, resolved against base_url (may be NULL);
 * links that are not http or https are dropped. At most max_items items
 * (0: 200). CT_EINVAL with err (err_size bytes) saying why when it is not
 * a feed, not well-formed enough to read, or when its entities would expand
 * past libxml2's limit (a "billion laughs": the parser stops there, and
 * what it read would pass for an empty feed); CT_ELIMIT past
 * CT_DOC_MAX_BYTES. The caller frees *out with ct_feed_free().
 */
int ct_feed_parse(const char *data, size_t len, const char *base_url, size_t max_items,
		  struct ct_feed **out, char *err, size_t err_size);
void ct_feed_free(struct ct_feed *f);

/* A sources file: what `nightly` fetches. */
struct ct_sources {
	char **urls;            /* in the file's order, each once */
	int *lines;             /* the line each came from */
	size_t n;
	size_t n_errors;        /* lines reported as errors and skipped */
};

#define CT_SOURCES_MAX_BYTES (1u << 20)   /* a sources file */
#define CT_SOURCES_MAX_URLS 10000
#define CT_URL_MAX 4096                    /* bytes in one URL */

/*
 * Reads a sources file's text: one URL a line (http or https), blank lines
 * and lines starting with '#' ignored, a '#' comment after white space
 * allowed. A line that is not a URL is an error diagnostic (file, line,
 * column) and is skipped; a repeated URL is a warning. `file` names the
 * text in diagnostics. The caller frees *out with ct_sources_free().
 */
int ct_sources_parse(const char *text, size_t len, const char *file, ct_diag_fn on_diag,
		     void *user, struct ct_sources **out);

/* ct_sources_parse() of a file, up to CT_SOURCES_MAX_BYTES (CT_ELIMIT);
 * CT_EIO with errno set when it cannot be read. */
int ct_sources_load(const char *path, ct_diag_fn on_diag, void *user,
		    struct ct_sources **out);
void ct_sources_free(struct ct_sources *s);

#ifdef __cplusplus
}
#endif
#endif
