/*
 * claimtrack — public library API.
 *
 * Compile once, scan many: ct_rules_load() reads rule files into a read-only
 * struct ct_ruleset that any number of threads may share; each worker makes
 * its own struct ct_matcher (PCRE2 match data, scratch buffers) to scan text.
 *
 * Conventions: functions return CT_OK (0) or a positive enum ct_error; results
 * come back through out_ parameters that are left untouched on failure. The
 * library never prints or exits: diagnostics with file, line and column go to
 * a caller-supplied callback. Every _free accepts NULL.
 */
#ifndef CLAIMTRACK_H
#define CLAIMTRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CT_VERSION "0.1.0"

enum ct_error {
	CT_OK = 0,
	CT_ENOMEM,   /* out of memory */
	CT_EIO,      /* a file could not be read */
	CT_ERULES,   /* rule files have errors (reported through diagnostics) */
	CT_ELIMIT,   /* an input exceeded a size limit */
	CT_EINVAL,   /* bad argument */
	CT_EABORT,   /* a callback asked to stop */
};

/* A short, static, lowercase description of an error code. */
const char *ct_strerror(int err);

/* ---- diagnostics ------------------------------------------------------ */

enum ct_severity { CT_DIAG_ERROR, CT_DIAG_WARNING };

struct ct_diag {
	enum ct_severity severity;
	const char *file;    /* may be NULL when not tied to a file */
	int line;            /* 1-based; 0 when unknown */
	int col;             /* 1-based; 0 when unknown */
	const char *message; /* lowercase, no trailing period */
};

/* Receives one diagnostic; every pointer in it lives only for the call. */
typedef void (*ct_diag_fn)(const struct ct_diag *diag, void *user);

/* ---- rules ------------------------------------------------------------ */

enum ct_stance { CT_STANCE_NONE = 0, CT_SUPPORTS, CT_REFUTES };

/* "supports", "refutes" or "none". */
const char *ct_stance_name(enum ct_stance stance);

struct ct_proposition {
	const char *id;
	const char *title;
	int rev;
	const char *tags;        /* space separated, "" when none */
	const char *file;        /* rule file it was defined in */
	int line;                /* line of the `proposition` directive */
	char fingerprint[17];    /* hex FNV-1a 64 of its normalized patterns */
};

enum ct_pattern_kind {
	CT_PAT_SUPPORTS, CT_PAT_REFUTES, CT_PAT_EXCEPT, CT_PAT_CONTEXT
};

struct ct_pattern {
	enum ct_pattern_kind kind;
	const char *source;      /* as written in the rule file */
	const char *file;
	int line;
};

struct ct_expect {
	enum ct_stance stance;
	const char *text;
	const char *file;
	int line;
};

struct ct_speaker_def {
	const char *name;
	const char *role;        /* NULL when not given */
	const char *org;         /* NULL when not given */
	const char *const *aliases;
	size_t n_aliases;
	const char *file;
	int line;
};

struct ct_outlet_def {
	const char *name;
	const char *const *aliases;
	size_t n_aliases;
	const char *const *domains;
	size_t n_domains;
	const char *file;
	int line;
};

struct ct_ruleset;

struct ct_rules_options {
	ct_diag_fn on_diag;      /* may be NULL: diagnostics are dropped */
	void *user;
	bool no_builtin_cues;    /* skip the cue lists compiled into the library */
	bool no_prefilter;       /* run every pattern on every sentence (for comparison) */
	/* A folder for compiled rule sets, made when missing; NULL: no cache.
	 * An entry is used only for the same files, bytes, options, PCRE2 and
	 * claimtrack build; any other or damaged entry is compiled afresh. */
	const char *cache_dir;
};

/*
 * Loads rule files (*.rules) and cue files (*.cues) from the given paths;
 * a folder is read for those files, sorted by name, not recursively. Every
 * problem goes to opts->on_diag. Returns CT_ERULES when any error was
 * reported (warnings alone do not fail) and CT_EIO when a path cannot be
 * read. On CT_OK *out is a ruleset the caller frees with ct_ruleset_free().
 */
int ct_rules_load(const char *const *paths, size_t n_paths,
		  const struct ct_rules_options *opts, struct ct_ruleset **out);

/*
 * Like ct_rules_load() for one in-memory rule text; `name` is used as the
 * file name in diagnostics and in the propositions.
 */
int ct_rules_load_string(const char *name, const char *text, size_t len,
			 const struct ct_rules_options *opts,
			 struct ct_ruleset **out);

void ct_ruleset_free(struct ct_ruleset *rs);

/* Borrowed views, valid as long as the ruleset lives. */
size_t ct_ruleset_n_propositions(const struct ct_ruleset *rs);
const struct ct_proposition *ct_ruleset_proposition(const struct ct_ruleset *rs, size_t i);
size_t ct_proposition_n_patterns(const struct ct_ruleset *rs, size_t i);
const struct ct_pattern *ct_proposition_pattern(const struct ct_ruleset *rs, size_t i, size_t j);
size_t ct_proposition_n_expects(const struct ct_ruleset *rs, size_t i);
const struct ct_expect *ct_proposition_expect(const struct ct_ruleset *rs, size_t i, size_t j);
size_t ct_ruleset_n_speakers(const struct ct_ruleset *rs);
const struct ct_speaker_def *ct_ruleset_speaker(const struct ct_ruleset *rs, size_t i);
size_t ct_ruleset_n_outlets(const struct ct_ruleset *rs);
const struct ct_outlet_def *ct_ruleset_outlet(const struct ct_ruleset *rs, size_t i);
size_t ct_ruleset_n_files(const struct ct_ruleset *rs);

/* ---- matching --------------------------------------------------------- */

struct ct_span { size_t start, end; };

struct ct_claim {
	const struct ct_proposition *proposition;
	const struct ct_pattern *pattern;   /* the pattern that matched */
	enum ct_stance stance;  /* after polarity, negation and denial */
	bool negated;           /* a negation cue governs the match */
	bool denied;            /* a denial cue governs the match */
	bool hedged;            /* reported, not asserted */
	/* Byte offsets into the text given to ct_matcher_scan(). */
	size_t sentence_start, sentence_end;
	size_t match_start, match_end;
	/* Where the deciding cues are, as offsets into the same text; valid
	 * only when the matching flag above is set. */
	struct ct_span negation_cue, denial_cue, hedge_cue;
};

/* Receives one claim (borrowed for the call); return non-zero to stop. */
typedef int (*ct_claim_fn)(const struct ct_claim *claim, void *user);

struct ct_matcher;

/*
 * Makes a matcher for one thread. The ruleset must outlive it. Warnings
 * raised while matching (a pattern that hit its match limit) go to on_diag
 * naming the rule's file and line. The caller frees it with
 * ct_matcher_free().
 */
int ct_matcher_new(const struct ct_ruleset *rs, ct_diag_fn on_diag, void *user,
		   struct ct_matcher **out);
void ct_matcher_free(struct ct_matcher *m);

/*
 * Scans one document: splits it into sentences, decides which propositions
 * apply (context patterns), matches every sentence and calls `fn` for each
 * claim, in text order. Returns CT_EABORT if `fn` asked to stop.
 */
int ct_matcher_scan(struct ct_matcher *m, const char *text, size_t len,
		    ct_claim_fn fn, void *user);

enum ct_scan_flags {
	/* Apply every proposition, as if its context patterns matched: what
	 * an `expect` line tests, since context is a document-level gate. */
	CT_SCAN_IGNORE_CONTEXT = 1 << 0,
};

/*
 * Scans text as one sentence that is also the whole document. `flags` is
 * 0 or CT_SCAN_IGNORE_CONTEXT. Offsets in the claims are into text.
 */
int ct_matcher_scan_sentence(struct ct_matcher *m, const char *text, size_t len,
			     unsigned flags, ct_claim_fn fn, void *user);

/* ---- text ------------------------------------------------------------- */

/*
 * Splits text into sentences, skipping blank space between them. Paragraph
 * breaks (a blank line) and a line without terminal punctuation followed by
 * a line break end a sentence. *out is malloc'd (caller frees); *n_out is
 * its length.
 */
int ct_segment_sentences(const char *text, size_t len,
			 struct ct_span **out, size_t *n_out);

/*
 * Normalizes text for matching: whitespace runs become one space, curly
 * quotes and apostrophes become '"' and '\'', en/em dashes become '-'.
 * *out is a NUL-terminated malloc'd string; *map (malloc'd, *n_out + 1
 * entries) gives for each output byte the offset of the input byte it came
 * from, and map[*n_out] == len. The caller frees both.
 */
int ct_normalize(const char *text, size_t len, char **out, size_t **map,
		 size_t *n_out);

/*
 * Reads a whole file, up to max_bytes (CT_ELIMIT beyond). *out is
 * NUL-terminated and malloc'd; the caller frees it.
 */
int ct_read_file(const char *path, size_t max_bytes, char **out, size_t *n_out);

/* ---- documents -------------------------------------------------------- */

#define CT_DOC_MAX_BYTES (10u << 20)   /* default cap on one document */

/*
 * One article. The body is valid UTF-8 without NUL bytes; every offset the
 * library reports for a document is a byte offset into `body`, which is the
 * input after its header lines (and equal to it byte for byte when the
 * input was valid UTF-8 without NULs).
 */
struct ct_doc {
	/* Metadata from header lines or set by the caller; NULL when unknown. */
	char *date;             /* publication date, YYYY-MM-DD */
	char *title;
	char *outlet;           /* as given; canonicalized by ct_attribute() */
	char *url;
	char *author;
	char *lang;
	char *source;           /* where it was read from: a path, "-", a URL */
	char *canonical;        /* a page's canonical link (or og:url) on another
				   site than where it was read: not trusted as
				   its url, only kept; NULL */
	char *body;             /* NUL-terminated */
	size_t body_len;
	size_t body_offset;     /* where the body starts in the input bytes */
	size_t n_replaced;      /* invalid bytes replaced by U+FFFD */
	size_t n_nul;           /* NUL bytes dropped */
	char hash[17];          /* hex FNV-1a 64 of the body */
	struct ct_span *paragraphs;
	size_t n_paragraphs;
	struct ct_span *sentences;
	size_t n_sentences;
};

/*
 * Reads a plain-text document: an optional header, lines of `KEY VALUE` or
 * `KEY: VALUE` up to a blank line, at least one for date, title, outlet,
 * url, author or lang (the shape is in README.md, "Documents"), or ending
 * in the seed form `date YYYY-MM-DD` followed by the body on the same line;
 * then the body, which is repaired to valid UTF-8, split into paragraphs
 * and sentences. A date is YYYY-MM-DD, with any time and zone after it
 * ("2023-03-03T10:00:00Z"), or written with a month name ("March 3, 2023",
 * "3 Mar. 2023", "Fri, 3 Mar 2023 10:00 GMT"); one that cannot be read, or
 * does not exist, leaves the document without a date. In a header, values
 * are repaired as the body is; an empty value, another key and lines past
 * the 64th are ignored, never made body (see ct_doc_from_text_diag()).
 * `source` (may be NULL) is copied. Returns CT_ELIMIT when len > max_bytes.
 * The caller frees *out with ct_doc_free().
 */
int ct_doc_from_text(const char *data, size_t len, size_t max_bytes, const char *source,
		     struct ct_doc **out);

/*
 * Like ct_doc_from_text(), and warns about each header line not used as
 * written, with the file `source` and the line, to on_diag (which may be
 * NULL): a date that cannot be read or does not exist ("March 32, 2023",
 * "2023-02-30"), a value with invalid UTF-8 or NUL bytes (repaired), an
 * empty value, a key other than the six, a header of more than 64 lines.
 * doc->n_replaced and n_nul count the body's bytes alone.
 */
int ct_doc_from_text_diag(const char *data, size_t len, size_t max_bytes, const char *source,
			  ct_diag_fn on_diag, void *user, struct ct_doc **out);

/*
 * Like ct_doc_from_text() for text that is all body: no header lines are
 * read (for text taken from elsewhere, such as a web page's article).
 */
int ct_doc_from_body(const char *data, size_t len, size_t max_bytes, const char *source,
		     struct ct_doc **out);

/*
 * Sets one metadata field by name ("date", "title", "outlet", "url",
 * "author", "lang"); value is copied, NULL clears it. CT_EINVAL for an
 * unknown key or a date that is not a real YYYY-MM-DD.
 */
int ct_doc_set(struct ct_doc *doc, const char *key, const char *value);

void ct_doc_free(struct ct_doc *doc);

/* Whether s is a valid calendar date written YYYY-MM-DD. */
bool ct_date_valid(const char *s);

/* ---- HTML extraction ---- */

/*
 * Reads a web page into a document: the body is the article's main text
 * (paragraphs separated by blank lines; navigation, sidebars, comments,
 * share bars, captions and link lists left out), and title, author, date
 * (YYYY-MM-DD), outlet, url and lang come from the page's metadata
 * (JSON-LD, OpenGraph and other meta tags, <time>, <link rel=canonical>,
 * <title>). `url` (may be NULL) is where the page was read from; a
 * canonical link (else og:url) replaces it when on the same site (the
 * same registrable domain: www.bbc.co.uk and bbc.co.uk are one site), or
 * when url is NULL or not http(s). One on another site is not trusted for
 * the url, the outlet or telling a stored document: it goes to
 * doc->canonical. `charset` (may be NULL) is the HTTP
 * header's. The encoding is a byte order mark's; else UTF-8 when the
 * bytes are valid UTF-8 with non-ASCII text (labels are often stale);
 * else `charset`, else a <meta> declaration, else windows-1252. The outlet is
 * the ruleset's outlet block for the doc's url's domain (rs may be NULL), else
 * the site name the page declares, else the host name. `source` (may be
 * NULL) is copied. doc->n_nul counts NUL characters dropped, n_replaced
 * bytes the encoding could not decode. Returns CT_ELIMIT when len >
 * max_bytes or when elements nest deeper than the parser's limit (256);
 * a page without article text gives an empty body. The caller frees *out
 * with ct_doc_free().
 */
int ct_doc_from_html(const char *html, size_t len, size_t max_bytes, const char *url,
		     const char *charset, const struct ct_ruleset *rs, const char *source,
		     struct ct_doc **out);

/*
 * Whether data starts like an HTML page: "<!doctype html", "<html" or
 * "<head", after a byte order mark, white space, comments or an XML
 * declaration. For deciding how to read an input whose name says nothing.
 */
bool ct_looks_like_html(const char *data, size_t len);

/* ---- fetching ---- */

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
enum ct_fetch_error {
	CT_EFETCH = 96,      /* a network failure not listed below */
	CT_EFETCH_URL,       /* not a valid http or https URL */
	CT_EFETCH_DNS,       /* the host name does not resolve */
	CT_EFETCH_CONNECT,   /* connection refused or unreachable */
	CT_EFETCH_TIMEOUT,   /* the connect or total timeout passed */
	CT_EFETCH_TLS,       /* TLS handshake or certificate verification failed */
	CT_EFETCH_HTTP,      /* the server answered with an error status */
	CT_EFETCH_REDIRECT,  /* too many redirects, or one to another scheme */
	CT_EFETCH_PRIVATE,   /* a non-public address and allow_private not set */
	CT_EFETCH_TOOBIG,    /* the body is larger than max_bytes */
	CT_EFETCH_TYPE,      /* the Content-Type is not HTML or XML */
};

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

/* Whether s is an absolute URL with a scheme ("http://", "ftp://", …),
 * which a command should fetch (or refuse) rather than read as a file. */
bool ct_is_url(const char *s);

/* ---- feeds and sources ---- */

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

/* ---- attribution ------------------------------------------------------ */

enum ct_speaker_kind {
	CT_SPEAKER_NARRATOR = 0,   /* the outlet's own voice */
	CT_SPEAKER_PERSON,
	CT_SPEAKER_ORGANIZATION,
	CT_SPEAKER_GROUP,          /* an unnamed group: "US officials" */
};

/* "narrator", "person", "organization" or "group". */
const char *ct_speaker_kind_name(enum ct_speaker_kind kind);

enum ct_quote_kind {
	CT_QUOTE_DIRECT,        /* "…," X said. / X said: "…" */
	CT_QUOTE_INDIRECT,      /* X said that … */
	CT_QUOTE_ACCORDING_TO,  /* According to X, … / …, according to X. */
};

/* "direct", "indirect" or "according_to". */
const char *ct_quote_kind_name(enum ct_quote_kind kind);

/* One attribution: who says the content at [start, end) of the body. */
struct ct_quote {
	enum ct_quote_kind kind;
	enum ct_speaker_kind speaker_kind;
	const char *speaker;    /* canonical name; NULL when not found */
	const char *mention;    /* the speaker as written here; NULL when none */
	const char *role;       /* title or role split off the name; NULL */
	const char *cue;        /* the cue as written ("said", "according to") */
	const char *via;        /* canonical name of a relaying outlet; NULL */
	size_t start, end;      /* the content, byte offsets into doc->body */
};

struct ct_attribution;

/*
 * Finds who says what in a document: direct quotes, reported speech and
 * "according to", with speakers split from their roles, resolved within
 * the document (surnames, pronouns) and canonicalized through the
 * ruleset's speaker and outlet blocks (rs may be NULL). The document must
 * outlive the result; the caller frees it with ct_attribution_free().
 */
int ct_attribute(const struct ct_ruleset *rs, const struct ct_doc *doc,
		 struct ct_attribution **out);
void ct_attribution_free(struct ct_attribution *a);
/*
 * The result keeps the document's normalized text, for ct_doc_claims() to
 * match sentences in without normalizing them again (nine bytes for each
 * byte of the body). This frees it once the claims are found; the quotes,
 * speakers and outlet stay. Optional: ct_attribution_free() frees it too.
 */
void ct_attribution_trim(struct ct_attribution *a);

/* Borrowed; valid while the attribution lives. Quotes are in text order. */
size_t ct_attribution_n_quotes(const struct ct_attribution *a);
const struct ct_quote *ct_attribution_quote(const struct ct_attribution *a, size_t i);

/* The document's outlet, canonicalized (NULL when unknown). */
const char *ct_attribution_outlet(const struct ct_attribution *a);

/* ---- claims in documents ---------------------------------------------- */

/* A claim with the attribution of its sentence. */
struct ct_doc_claim {
	struct ct_claim claim;        /* offsets into doc->body */
	enum ct_speaker_kind speaker_kind;
	const char *speaker;          /* NULL for a narrator without a known outlet */
	const char *role;             /* NULL when none */
	const char *via;              /* NULL when none */
	const char *outlet;           /* the document's, canonical; NULL when unknown */
	const char *date;             /* publication date; NULL when unknown */
	char statement_date[11];      /* YYYY-MM-DD when the text states it, else "" */
	const struct ct_quote *quote; /* the attribution used; NULL for the narrator */
};

/* Receives one claim (borrowed for the call); return non-zero to stop. */
typedef int (*ct_doc_claim_fn)(const struct ct_doc_claim *claim, void *user);

/*
 * Matches every sentence of a document and calls fn for each claim, in text
 * order, with its speaker, role, via, outlet and dates. Strings are
 * borrowed from the document, the attribution and the ruleset.
 */
int ct_doc_claims(struct ct_matcher *m, const struct ct_doc *doc,
		  const struct ct_attribution *a, ct_doc_claim_fn fn, void *user);

/*
 * ct_attribute() and then ct_doc_claims(), for documents of which many hold
 * no claim: the sentences are matched first, and only a document with a
 * claim is attributed. fn is called for each claim as ct_doc_claims()
 * calls it. *a (NULL on failure) is the attribution, to be freed with
 * ct_attribution_free(): for a document without claims it has no quotes,
 * only the canonical outlet that ct_attribute() would give. The matcher
 * must be rs's.
 */
int ct_doc_find_claims(struct ct_matcher *m, const struct ct_ruleset *rs,
		       const struct ct_doc *doc, struct ct_attribution **a,
		       ct_doc_claim_fn fn, void *user);

/* ---- a document's claims, kept for the store ---- */

/*
 * A document's claims and attribution as ct_store_add_document() takes
 * them: what `ingest` keeps of a document between matching it and storing
 * it. Zero it (or CT_DOC_CLAIM_LIST_INIT) before use; the strings of its
 * claims are borrowed from the document, the attribution and the ruleset.
 */
struct ct_doc_claim_list {
	struct ct_attribution *a;       /* owned; NULL before a find */
	struct ct_doc_claim *claims;    /* owned */
	size_t n_claims, cap_claims;
};
#define CT_DOC_CLAIM_LIST_INIT { NULL, NULL, 0, 0 }

/*
 * ct_doc_find_claims() into a list: drops what the list held (keeping its
 * array for reuse) and fills it with the document's claims, in text
 * order, and their attribution. On failure the list is left empty
 * (CT_ENOMEM when out of memory). The document and the ruleset must
 * outlive the list's contents.
 */
int ct_doc_claim_list_find(struct ct_doc_claim_list *list, struct ct_matcher *m,
			   const struct ct_ruleset *rs, const struct ct_doc *doc);

/* Frees what the list holds; it is then empty, ready for another find. */
void ct_doc_claim_list_release(struct ct_doc_claim_list *list);

/*
 * Prepares the libraries claimtrack uses for threads: call once from the
 * main thread before other threads read documents (HTML parsing sets up
 * shared state on first use). Calling it again does nothing.
 */
void ct_init(void);

/* ---- store ---- */

/*
 * The SQLite store: documents, their claims, speakers, outlets and
 * propositions. The schema is the numbered migrations in db/, compiled in
 * and applied in order on a read-write open. One struct ct_store is one
 * connection; use it from one thread at a time (open one per thread).
 *
 * Store functions return CT_OK, CT_ENOMEM, CT_EINVAL or one of the codes
 * below; after a failure ct_store_errmsg() says what went wrong, without
 * the database's path (the caller names the file).
 */
enum ct_store_error {
	CT_EDB = 64,        /* SQLite failed: locked, corrupt, not a database, disk full */
	CT_ESCHEMA,         /* the schema is newer than this library, or not ours */
	CT_ENODB,           /* CT_STORE_READONLY and the file does not exist */
	CT_EOLDSCHEMA,      /* CT_STORE_READONLY and the schema is older than this
			     * library's (or empty): a read-write open upgrades it */
};

enum ct_store_flags {
	/* Read only: the file must exist and hold the current schema; nothing
	 * is created, migrated or written. */
	CT_STORE_READONLY = 1 << 0,
};

struct ct_store;

/* The schema version this library writes: the number of migrations. */
int ct_store_schema_version(void);

/*
 * Opens (creating it unless CT_STORE_READONLY) the database at path and
 * brings its schema up to date, each migration in its own transaction. A
 * database whose schema is newer than this library knows, or that is not a
 * claimtrack database, is refused with CT_ESCHEMA and left untouched. With
 * CT_STORE_READONLY, a missing file is CT_ENODB and an older or empty
 * schema CT_EOLDSCHEMA (nothing is migrated). The parent folder must exist. On failure the message goes to err (err_size
 * bytes, may be NULL). The caller closes *out with ct_store_close().
 */
int ct_store_open(const char *path, unsigned flags, struct ct_store **out,
		  char *err, size_t err_size);
void ct_store_close(struct ct_store *s);

/* The message of the last failed call on s; "" when none. Borrowed until
 * the next call on s. */
const char *ct_store_errmsg(const struct ct_store *s);

/* The schema version the open database had before migrating (0 for a new
 * file), and the one it has now. */
void ct_store_versions(const struct ct_store *s, int *was, int *now);

/* What ct_store_add_document() did. */
struct ct_store_result {
	int64_t document_id;    /* the stored document, or the one it duplicates */
	bool duplicate;         /* already stored (same url or body): nothing written */
	size_t n_claims;        /* claims written */
	size_t n_speakers;      /* distinct speakers among them */
};

/*
 * Stores a document and its claims (from ct_doc_claims(), all for this
 * document) in one transaction: the document, its outlet (the canonical one
 * from `a` when given, else doc->outlet), the speakers, the propositions
 * and every claim, or nothing. A document is already stored when one with
 * the same url (when doc has one) or the same body hash is: then nothing
 * changes and out->duplicate is set. rs (may be NULL) is synced first, once
 * per ruleset per store: its speaker and outlet blocks become canonical
 * names with aliases (a speaker stored earlier under an alias is merged
 * into its canonical one), its propositions are recorded. Claims whose
 * speaker is an alias are stored under the canonical speaker. CT_EINVAL
 * for a claim without proposition or pattern, without a stance, or with
 * offsets outside the body.
 */
int ct_store_add_document(struct ct_store *s, const struct ct_ruleset *rs,
			  const struct ct_doc *doc, const struct ct_attribution *a,
			  const struct ct_doc_claim *claims, size_t n_claims,
			  struct ct_store_result *out);

/*
 * Whether the document is already stored (same url when it has one, or
 * same body hash): *id is its id, or 0. A cheap look before matching;
 * ct_store_add_document() decides again inside its transaction.
 */
int ct_store_find_document(struct ct_store *s, const struct ct_doc *doc, int64_t *id);

/*
 * A batch: ct_store_begin() opens a write transaction that the following
 * ct_store_add_document() calls join instead of each committing its own;
 * ct_store_commit() commits them all at once. Readers still see
 * whole documents only. A document that fails inside the batch rolls the
 * whole batch back (nothing of it is stored; ct_store_commit() then fails
 * with CT_EDB). ct_store_rollback() drops an open batch; it does nothing
 * when none is open. While a batch is open other writers wait, so keep it
 * short: open it when the documents are ready, not while making them.
 */
int ct_store_begin(struct ct_store *s);
int ct_store_commit(struct ct_store *s);
void ct_store_rollback(struct ct_store *s);

/* Records a ruleset's propositions, speakers and outlets in one transaction. */
int ct_store_sync_rules(struct ct_store *s, const struct ct_ruleset *rs);

/* Which claims ct_store_claims() returns; NULL/0 fields match anything. */
struct ct_claim_filter {
	const char *proposition;   /* proposition id */
	const char *speaker;       /* speaker name or alias, any case */
	const char *outlet;        /* the document's outlet, name or alias */
	enum ct_stance stance;     /* CT_STANCE_NONE: both */
	const char *since;         /* publication date >= since (YYYY-MM-DD) */
	const char *until;         /* publication date <= until */
	int64_t document_id;
};

/* A stored claim. Strings are NULL when unknown and live only for the call. */
struct ct_stored_claim {
	int64_t id;
	const char *proposition, *title, *fingerprint;
	int rev;
	enum ct_stance stance;
	bool hedged, negated, denied;
	const char *sentence, *match;
	size_t sentence_start, sentence_end, match_start, match_end;
	const char *negation_cue, *denial_cue, *hedge_cue;
	const char *speaker, *mention, *role, *quote_kind, *cue;
	enum ct_speaker_kind speaker_kind;
	const char *via, *outlet, *date, *statement_date;
	const char *rule_file, *pattern;
	int rule_line;
	enum ct_stance polarity;   /* of the pattern */
	int64_t document_id;
	const char *document_url, *document_title, *document_source;
};

typedef int (*ct_stored_claim_fn)(const struct ct_stored_claim *c, void *user);

/*
 * Calls fn for each claim that passes the filter (f may be NULL), by
 * publication date (unknown first), then document, then text order.
 * CT_EINVAL for a date that is not YYYY-MM-DD; CT_EABORT when fn asked to
 * stop.
 */
int ct_store_claims(struct ct_store *s, const struct ct_claim_filter *f,
		    ct_stored_claim_fn fn, void *user);

/*
 * The record of a claim: what the store holds on its proposition. Claims
 * of the same stance agree with it, claims of the opposite stance
 * contradict it; hedged ones are included (their `hedged` says so).
 */
struct ct_stance_record_query {
	const char *proposition;    /* proposition id; required */
	enum ct_stance stance;      /* the claim's stance; required */
	size_t limit;               /* claims listed per side; 0: totals only */
	int64_t exclude_document;   /* leave this document's claims out; 0: none */
};

struct ct_stance_record_totals {
	size_t agree, contradict;   /* all claims on each side, listed or not */
};

/*
 * Calls fn for up to q->limit agreeing claims, then up to q->limit
 * contradicting ones (c->stance tells the side), each side newest first:
 * by the claim's date — its statement date when the text gives one, else
 * its publication date — undated last, then the latest stored first.
 * *totals (may be NULL) counts every claim on each side. CT_EINVAL without
 * a proposition or a stance; CT_EABORT when fn asked to stop (totals are
 * then left untouched).
 */
int ct_store_stance_record(struct ct_store *s, const struct ct_stance_record_query *q,
			   ct_stored_claim_fn fn, void *user,
			   struct ct_stance_record_totals *totals);

/* Claim counts shared by the listings below. */
struct ct_store_counts {
	size_t claims, supports, refutes, hedged, documents;
	char first_date[11], last_date[11];   /* publication dates; "" when none */
};

/* A proposition as stored: its latest version (highest rev) and counts
 * over all its versions. */
struct ct_store_proposition {
	const char *id, *title, *fingerprint, *tags, *file;
	int rev, line;
	size_t revisions;          /* versions stored */
	size_t speakers;           /* distinct speakers */
	struct ct_store_counts n;
};

struct ct_store_speaker {
	int64_t id;
	const char *name, *role, *org;   /* role and org from a speaker block */
	enum ct_speaker_kind kind;
	bool from_rules;                 /* defined by a speaker block */
	size_t aliases, propositions;
	struct ct_store_counts n;
};

struct ct_store_outlet {
	int64_t id;
	const char *name;
	bool from_rules;
	size_t aliases;
	size_t via;                      /* claims it relayed in others' documents */
	struct ct_store_counts n;        /* its documents and their claims */
};

typedef int (*ct_store_proposition_fn)(const struct ct_store_proposition *p, void *user);
typedef int (*ct_store_speaker_fn)(const struct ct_store_speaker *sp, void *user);
typedef int (*ct_store_outlet_fn)(const struct ct_store_outlet *o, void *user);

/* Every proposition, by id; strings live only for the call. */
int ct_store_propositions(struct ct_store *s, ct_store_proposition_fn fn, void *user);
/* Every speaker, most claims first, then by name. */
int ct_store_speakers(struct ct_store *s, ct_store_speaker_fn fn, void *user);
/* Every outlet, most documents first, then by name. */
int ct_store_outlets(struct ct_store *s, ct_store_outlet_fn fn, void *user);

/*
 * What ct_store_speakers_in() and ct_store_outlets_in() list, and what
 * their counts cover. A speaker is active when it made a claim that passes
 * the filter; an outlet when it published a document in the period (with
 * a proposition: a document with a claim on it) or relayed such a claim
 * (via). NULL fields match anything.
 */
struct ct_list_filter {
	const char *proposition;   /* only claims on this proposition id */
	const char *since;         /* publication date >= since (YYYY-MM-DD) */
	const char *until;         /* publication date <= until */
	bool all;                  /* list the inactive ones too, with zero counts */
};

/*
 * Like ct_store_speakers() and ct_store_outlets(), with counts over what
 * passes the filter (f may be NULL: everything, inactive ones included).
 * CT_EINVAL for a date that is not YYYY-MM-DD.
 */
int ct_store_speakers_in(struct ct_store *s, const struct ct_list_filter *f,
			 ct_store_speaker_fn fn, void *user);
int ct_store_outlets_in(struct ct_store *s, const struct ct_list_filter *f,
			ct_store_outlet_fn fn, void *user);

/* What a name given for a speaker or an outlet (a --speaker filter) is. */
enum ct_name_table { CT_NAME_SPEAKER, CT_NAME_OUTLET };

/* How ct_store_lookup_name() matched, best first; ASCII letters in any case. */
enum ct_name_match {
	CT_NAME_NONE,       /* nothing matched; names are the closest ones, if any */
	CT_NAME_CANONICAL,  /* the canonical name */
	CT_NAME_ALIAS,      /* an alias from the rules */
	CT_NAME_SURNAME,    /* the last word of the name or of an alias */
	CT_NAME_PREFIX,     /* the start of the name or of an alias */
};

#define CT_NAME_LISTED 8

struct ct_name_lookup {
	enum ct_name_match how;
	size_t n;                      /* speakers or outlets matched, at the best
					* level only: more than one is ambiguous */
	size_t n_names;                /* names listed: up to CT_NAME_LISTED */
	char *names[CT_NAME_LISTED];   /* canonical names: the matches by name, or
					* with CT_NAME_NONE the closest by spelling
					* (up to 3); freed by ct_name_lookup_release() */
};

/*
 * Resolves a name a user typed to the stored speakers or outlets: the
 * canonical name or an alias, else the last word of one (a surname), else
 * the start of one, ignoring the case of ASCII letters and white space at
 * either end. Only the best level that matches anything counts. *out is
 * set on CT_OK (release it with ct_name_lookup_release()) and left
 * untouched on failure.
 */
int ct_store_lookup_name(struct ct_store *s, enum ct_name_table table, const char *name,
			 struct ct_name_lookup *out);
/* Frees the names; accepts NULL. */
void ct_name_lookup_release(struct ct_name_lookup *l);

struct ct_store_stats {
	int schema;
	size_t documents, claims, speakers, outlets;
	size_t propositions;             /* distinct ids */
	size_t proposition_versions;
	char first_date[11], last_date[11];
	size_t speakers_with_claims;     /* speakers counts those only named in rules too */
	size_t outlets_with_documents;   /* outlets counts those only named in rules too */
	size_t outlets_from_rules;       /* named by an outlet block */
};

int ct_store_stats(struct ct_store *s, struct ct_store_stats *out);

/* Receives one problem found by ct_store_check(); message lives for the call. */
typedef void (*ct_store_problem_fn)(const char *message, void *user);

/*
 * Checks the database: SQLite's integrity and foreign-key checks, then
 * claimtrack's own: every document has all its claims, every claim's
 * offsets and texts agree with its sentence, stances and dates are well
 * formed, hashes are unique, claims name the proposition they point to.
 * Each problem goes to fn; *n_problems (may be NULL) is their count.
 * Returns CT_OK when the check ran, whatever it found.
 */
int ct_store_check(struct ct_store *s, ct_store_problem_fn fn, void *user,
		   size_t *n_problems);

/* ---- report runs ----------------------------------------------------- */

/* A report that was written, as ct_store_record_run() stored it. */
struct ct_store_run {
	int64_t id;
	char kind[8];                 /* "report" or "nightly" */
	char generated_at[21];
	char since[11], until[11];    /* "" when open */
	int64_t max_claim;
	char out[512];
};

/* The latest run of `kind`; *found is false when there is none. */
int ct_store_last_run(struct ct_store *s, const char *kind, struct ct_store_run *out,
		      bool *found);

/* Records a run (id is ignored). */
int ct_store_record_run(struct ct_store *s, const struct ct_store_run *run);

/* The highest claim id, and the highest among documents ingested before
 * `before` (UTC, ISO 8601): what a first nightly report counts as old. */
int ct_store_max_claim(struct ct_store *s, const char *before, int64_t *out);

/* ---- fetch state ------------------------------------------------------ */

/*
 * What the store remembers of one fetched URL: the validators to send back
 * in a conditional request, the last status and error, and the document
 * stored from it. Read with ct_store_get_fetch() (strings malloc'd, freed by
 * ct_store_fetch_release()); recorded from a caller's struct, whose strings
 * are borrowed for the call.
 */
struct ct_store_fetch {
	char *url;              /* as requested: an argument, a sources line, a feed's item */
	char *final_url;        /* where redirects ended; NULL */
	char *etag;             /* sent back as If-None-Match; NULL */
	char *last_modified;    /* sent back as If-Modified-Since; NULL */
	long status;            /* the last HTTP status; 0 when there was no answer */
	char *error;            /* why the last fetch failed; NULL when it worked */
	int64_t document_id;    /* the document stored from it; 0 when none */
	char fetched_at[21];    /* the last attempt, UTC; set by the store */
};

/* What the store has on url: *found is false (and *out untouched) when
 * nothing. The caller releases *out with ct_store_fetch_release(). */
int ct_store_get_fetch(struct ct_store *s, const char *url, struct ct_store_fetch *out,
		       bool *found);

/* Records a fetch of f->url, replacing what was recorded before, at the
 * current time; a document_id of 0 keeps the one recorded before. */
int ct_store_record_fetch(struct ct_store *s, const struct ct_store_fetch *f);

/* Frees the strings of a struct filled by ct_store_get_fetch(); accepts NULL. */
void ct_store_fetch_release(struct ct_store_fetch *f);

/* The document stored from url, as a fetch recorded it or with that url;
 * *id is 0 when there is none. */
int ct_store_url_document(struct ct_store *s, const char *url, int64_t *id);

/* ---- reports ------------------------------------------------------------ */

/*
 * A report over stored claims: per proposition, who supports and who
 * refutes it, the contradictions between them and the speakers whose stance
 * changed, over a period. A claim's date is its statement date when the
 * text gives one, else its document's publication date; `statement_date`
 * on each claim says which. Hedged claims are counted apart from asserted
 * ones and take no part in contradictions or stance changes.
 *
 * Built by aggregate queries, so its size does not grow with the number of
 * stored claims: the claims a report holds are samples (the newest per
 * proposition, the sides of the newest contradictions and changes).
 */
struct ct_report_options {
	const char *since, *until;            /* YYYY-MM-DD, inclusive; NULL: open */
	const char *const *propositions;      /* ids; none: all with activity */
	size_t n_propositions;
	const char *const *tags;              /* any of these tags; none: all */
	size_t n_tags;
	int64_t new_after_claim;              /* claims with a larger id are "new" */
	size_t max_claims;                    /* per proposition, newest; 0: 200 */
	size_t max_contradictions;            /* per proposition; 0: 20 */
	size_t max_changes;                   /* per proposition; 0: 20 */
	size_t max_speakers;                  /* per side of a proposition; 0: 50 */
	bool only_new;                        /* only propositions with new claims */
};

/* One claim as a report shows it. */
struct ct_report_claim {
	int64_t id;
	enum ct_stance stance;
	bool hedged;
	bool is_new;                  /* id > options.new_after_claim */
	const char *speaker;          /* NULL: unknown */
	enum ct_speaker_kind speaker_kind;
	const char *role, *via, *outlet;   /* NULL when none */
	const char *date;             /* the date used: statement date or publication */
	bool statement_date;          /* true when `date` is the statement date */
	const char *published;        /* the publication date; NULL when unknown */
	const char *sentence, *match;
	int64_t document_id;
	const char *url, *title, *source;   /* of the document; NULL when unknown */
	const char *rule_file;
	int rule_line;
};

/* A speaker on one side of a proposition. */
struct ct_report_speaker {
	const char *name;
	enum ct_speaker_kind kind;
	const char *role;             /* latest given; NULL */
	size_t claims;                /* asserted claims on this side */
	size_t hedged;                /* hedged claims on this side */
	const char *first, *last;     /* dates */
	const char *outlets;          /* distinct outlets, ", "-joined; NULL */
};

/* Two claims of opposite stance by different speakers. */
struct ct_report_contradiction {
	const struct ct_report_claim *supports, *refutes;
	bool is_new;                  /* either side is new */
};

/* A speaker whose asserted stance flipped between two claims. */
struct ct_report_change {
	const char *speaker;
	const struct ct_report_claim *from, *to;
	bool is_new;                  /* `to` is new */
};

struct ct_report_proposition {
	const char *id, *title, *tags;
	int rev;
	size_t supports, refutes;             /* asserted claims */
	size_t hedged_supports, hedged_refutes;
	size_t speakers_supporting, speakers_refuting;   /* distinct, asserted */
	size_t documents;
	size_t n_new;                          /* new claims */
	const char *first, *last;              /* dates of its claims in the period */
	struct ct_report_claim *claims;        /* newest first, at most max_claims */
	size_t n_claims;
	struct ct_report_speaker *supporters, *refuters;   /* most claims first */
	size_t n_supporters, n_refuters;
	struct ct_report_contradiction *contradictions;    /* newest first */
	size_t n_contradictions;
	size_t contradicting_pairs;            /* all speaker pairs, not only listed */
	struct ct_report_change *changes;      /* newest first */
	size_t n_changes;
	size_t all_changes;                    /* not only listed */
};

struct ct_report {
	char kind[8];                  /* "report", or "nightly" set by the caller */
	char since[11], until[11];     /* the period asked for; "" when open */
	char first[11], last[11];      /* dates of the claims in it; "" when none */
	char generated[21];            /* UTC, YYYY-MM-DDTHH:MM:SSZ */
	size_t documents, claims, speakers, outlets;
	size_t new_claims, new_contradictions, new_changes;
	bool has_previous;             /* options.new_after_claim was set */
	int64_t max_claim;             /* highest claim id in the store */
	struct ct_report_proposition *propositions;   /* most active first */
	size_t n_propositions;
};

/*
 * Builds a report from the store. The caller frees *out with
 * ct_report_free(); everything in it lives as long as the report.
 */
int ct_report_build(struct ct_store *s, const struct ct_report_options *o,
		    struct ct_report **out);
void ct_report_free(struct ct_report *r);

/*
 * What the options of a report can name: calls fn for every proposition id
 * the store holds (is_tag false), then for every tag of any revision of
 * one (is_tag true), each once and in byte order; name lives only for the
 * call. A non-zero return from fn stops the walk and is returned; else
 * CT_OK, or the store's error.
 */
typedef int (*ct_report_name_fn)(const char *name, bool is_tag, void *user);
int ct_report_names(struct ct_store *s, ct_report_name_fn fn, void *user);

/*
 * Writers: the report as one JSON document (everything the HTML shows),
 * Markdown, CSV of its claims (header row; cells that a spreadsheet would
 * run as formulas are neutralised), and a self-contained HTML page (no
 * external resources, a Content-Security-Policy, every text escaped,
 * inline SVG timelines). They write to f and return CT_EIO on a write error.
 */
int ct_report_write_json(const struct ct_report *r, FILE *f);
int ct_report_write_md(const struct ct_report *r, FILE *f);
int ct_report_write_csv(const struct ct_report *r, FILE *f);
int ct_report_write_html(const struct ct_report *r, FILE *f);

/* One report in the list of reports. */
struct ct_report_index_entry {
	const char *folder;           /* relative to the index page */
	const char *kind;             /* "report" or "nightly"; NULL */
	const char *generated;        /* UTC, ISO 8601 */
	const char *since, *until;    /* NULL when open */
	size_t documents, claims, propositions;
	bool has_new;
	size_t new_claims, new_contradictions, new_changes;
};

/* The page that lists reports (entries in the order given: newest first). */
int ct_report_write_index(const struct ct_report_index_entry *e, size_t n, FILE *f);

#ifdef __cplusplus
}
#endif
#endif
