/*
 * claimtrack serve: the web pages over the store (cmd_serve.c runs the
 * server, serve_http.c answers requests, serve_html.c writes HTML,
 * serve_pages.c and serve_prop.c make the pages). Each page is made as one
 * JSON document with the fields of the CLI command that shows the same
 * thing; the HTML is written from it, every text escaped.
 */
#ifndef CT_CLI_SERVE_H
#define CT_CLI_SERVE_H

#include <jansson.h>
#include <pthread.h>

#include "cli.h"
#include "serve_mhd.h"

/* Bounds of what one request may hold. */
#define SERVE_MAX_BODY (16u << 10)      /* a form's bytes */
#define SERVE_MAX_FIELDS 32             /* a form's fields */
#define SERVE_MAX_PAGE (8u << 20)       /* one page's bytes */
#define SERVE_TOKEN_HEX 32              /* session and CSRF tokens: 128 bits, hex */
#define SERVE_MAX_SESSIONS 256

/* A reviewer allowed to log in: a line "NAME TOKEN" of --reviewers FILE. */
struct serve_reviewer {
	char *name, *token;
};

/* A logged-in reviewer: the cookie's token and the forms' CSRF token. */
struct serve_session {
	char id[SERVE_TOKEN_HEX + 1];
	char csrf[SERVE_TOKEN_HEX + 1];
	const char *reviewer;       /* a reviewer's name, borrowed */
	long long expires;          /* time(), seconds */
};

/* A read-only connection to the store, and the database's version it saw
 * last (ct_store_data_version()). */
struct serve_conn {
	struct ct_store *s;
	int64_t version;
	bool seen;
};

/* Read-only connections to the store, one per request being answered. */
struct serve_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	struct serve_conn *conns;
	struct serve_conn **free;
	size_t n_free, n;
};

#define SERVE_CACHE_ENTRIES 128
#define SERVE_CACHE_BYTES (64u << 20)

/* A page as it was sent to someone not logged in, while the database is
 * unchanged. */
struct serve_cached {
	char *key;                  /* path, and "#json" for JSON */
	char *body;
	size_t len;
	const char *type;           /* a static string */
};

/* The server: set at start, read by every request; sessions under lock. */
struct serve {
	const struct cli_global *g;
	const char *db;             /* the database's path */
	struct ct_ruleset *rules;   /* the propositions' verdicts (ClaimReview) */
	const char *publisher;      /* --publisher: the claim reviews' author; NULL */
	struct serve_reviewer *reviewers;    /* NULL: read-only */
	size_t n_reviewers;
	struct serve_pool pool;
	pthread_mutex_t lock;       /* sessions and the cache */
	struct serve_session sessions[SERVE_MAX_SESSIONS];
	struct serve_cached cache[SERVE_CACHE_ENTRIES];
	size_t cache_next, cache_bytes;
	bool no_cache;              /* --no-cache */
	bool quiet;                 /* no line per request on stderr */
};

/* One field of a form or of the query string; strings borrowed. */
struct serve_field {
	const char *name, *value;
};

/* One request being answered, and the response it gets. */
struct serve_req {
	struct serve *sv;
	struct MHD_Connection *conn;
	const char *method, *path;
	bool json;                  /* Accept: application/json or ?format=json */
	bool post;
	struct ct_store *s;         /* read-only, from the pool */
	struct serve_conn *conn_s;  /* its pool entry */
	const struct serve_session *session;   /* a copy's address: NULL when none */
	struct serve_session session_copy;
	char pre_csrf[SERVE_TOKEN_HEX + 1];    /* the login form's token (a cookie) */
	bool new_pre_csrf;          /* send it as a cookie */
	struct serve_field *form;   /* a POST's fields (urlencoded), in body order */
	size_t n_form;
	/* The response. */
	int status;
	const char *type;           /* Content-Type */
	struct ct_buf out;
	char location[512];         /* a redirect's; "" when none */
	char cookie[160];           /* a Set-Cookie header; "" when none */
};

/* ---- HTML and URLs (serve_html.c) ---- */

/* Appends s escaped for HTML text and quoted attributes; NULL appends
 * nothing. Text that is not valid UTF-8 is repaired first. */
void serve_esc(struct ct_buf *b, const char *s);

/* Appends s percent-encoded for a path segment or a query value. */
void serve_urlenc(struct ct_buf *b, const char *s);

/* Appends printf-style text as it is (no escaping: for markup and numbers). */
void serve_addf(struct ct_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends "<a href=\"PREFIX" + urlenc(name) + "\">" + esc(text) + "</a>". */
void serve_link(struct ct_buf *b, const char *prefix, const char *name, const char *text);

/* The page's head (title escaped), the site's header with the search box,
 * and the start of <main>; then serve_page_end(). */
void serve_page_start(struct serve_req *r, const char *title, const char *q);
void serve_page_end(struct serve_req *r);

/* The site's style sheet (the report's, and the pages'), script and icon. */
extern const char serve_css[];
extern const char serve_js[];
extern const char serve_icon[];

/* A JSON value's string, or NULL. */
const char *serve_jstr(json_t *o, const char *key);
long long serve_jint(json_t *o, const char *key);

/* A JSON string of s made valid UTF-8 (null for NULL). */
json_t *serve_jtext(const char *s);

/* The stance as the report shows it: a coloured word, with shape. */
void serve_stance(struct ct_buf *b, const char *stance, bool hedged);

/* ---- answering (serve_http.c) ---- */

/* libmicrohttpd's access handler (cls: the struct serve) and its
 * request-completed callback. */
enum MHD_Result serve_answer(void *cls, struct MHD_Connection *conn, const char *url,
			     const char *method, const char *version, const char *upload,
			     size_t *upload_size, void **con_cls);
void serve_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		     enum MHD_RequestTerminationCode code);

/* Frees the cached pages. */
void serve_cache_clear(struct serve *sv);

/* A query string argument or a form field; NULL when absent. */
const char *serve_arg(struct serve_req *r, const char *name);
const char *serve_form(struct serve_req *r, const char *name);

/* Sets an error page (HTML or JSON, as asked) with status and message. */
void serve_error(struct serve_req *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Sends root as the response, pretty-printed: takes the reference. */
void serve_json(struct serve_req *r, json_t *root);

/* A 303 to location (a path on this site). */
void serve_redirect(struct serve_req *r, const char *location);

/* Sets the response to the store's failure. */
void serve_store_error(struct serve_req *r, int rc);

/* The CSRF token the forms of this page carry. */
const char *serve_csrf(struct serve_req *r);

/* ---- pages (serve_pages.c, serve_prop.c) ---- */

void serve_propositions(struct serve_req *r);
void serve_proposition(struct serve_req *r, const char *id);
void serve_speaker(struct serve_req *r, const char *name);
void serve_outlet(struct serve_req *r, const char *name);
void serve_claim(struct serve_req *r, int64_t id);
void serve_document(struct serve_req *r, int64_t id);
void serve_search(struct serve_req *r);
void serve_login_page(struct serve_req *r, const char *message);

/* POST /claim/ID/review from the claim page's forms. */
void serve_review(struct serve_req *r, int64_t id);

/*
 * The ClaimReview JSON-LD of claim id, as `claimtrack export --format
 * claimreview` writes it (firstAppearance included), escaped for a
 * <script> element (ct_claimreview_jsonld()); NULL in *out when the rules
 * give its proposition no verdict that rates it. CT_OK, or the store's
 * error (CT_ENOMEM).
 */
int serve_claimreview(struct serve_req *r, int64_t id, char **out);

/* Appends a claim as a card: stance, speaker, outlet, date, the outlets
 * carrying its story (the first few, else all), sentence with its match
 * marked, link to its page. c has the fields of cli_claim_json() and
 * "carried_by" when its story's copies carry it (cli_claim_json_carried()). */
void serve_claim_card(struct ct_buf *b, json_t *c, bool all_outlets);

#endif
