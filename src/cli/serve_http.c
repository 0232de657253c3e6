/*
 * Answering one request of `claimtrack serve`: the route, the store
 * connection, the session and its CSRF token, a form's fields, and the
 * headers every response carries (a strict Content-Security-Policy: the
 * site's own style sheet and script only, nothing inline, nothing from
 * elsewhere).
 */
#include "serve.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define SESSION_SECONDS (12 * 3600)

static const char csp[] =
	"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/* ---- tokens and sessions ---- */

/* 128 random bits as hex into out (SERVE_TOKEN_HEX + 1 bytes). */
static int new_token(char *out)
{
	unsigned char raw[SERVE_TOKEN_HEX / 2];
	size_t got = 0;

	while (got < sizeof raw) {
		ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return 0;
}

/* Compares two strings in time that depends on their lengths only. */
static bool same_secret(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	unsigned char d = na != nb;

	for (size_t i = 0; i < na && i < nb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

/* Whether a cookie's or a form's token has the shape of ours. */
static bool token_shaped(const char *t)
{
	return t && strlen(t) == SERVE_TOKEN_HEX && strspn(t, "0123456789abcdef") == SERVE_TOKEN_HEX;
}

/* Finds the session of cookie id and copies it into r; expired ones go. */
static void find_session(struct serve_req *r, const char *id)
{
	struct serve *sv = r->sv;
	long long now = (long long)time(NULL);

	if (!token_shaped(id))
		return;
	pthread_mutex_lock(&sv->lock);
	for (size_t i = 0; i < SERVE_MAX_SESSIONS; i++) {
		struct serve_session *ss = &sv->sessions[i];
		if (!ss->reviewer || !same_secret(ss->id, id))
			continue;
		if (ss->expires < now) {
			memset(ss, 0, sizeof *ss);
			break;
		}
		r->session_copy = *ss;
		r->session = &r->session_copy;
		break;
	}
	pthread_mutex_unlock(&sv->lock);
}

/* Starts a session for reviewer; sets its cookie. Returns 0, or -1 when
 * no token could be made. The oldest session makes room when full. */
static int start_session(struct serve_req *r, const char *reviewer)
{
	struct serve *sv = r->sv;
	struct serve_session ss = { .reviewer = reviewer,
				    .expires = (long long)time(NULL) + SESSION_SECONDS };
	size_t slot = 0;

	if (new_token(ss.id) || new_token(ss.csrf))
		return -1;
	pthread_mutex_lock(&sv->lock);
	for (size_t i = 0; i < SERVE_MAX_SESSIONS; i++) {
		if (!sv->sessions[i].reviewer) {
			slot = i;
			break;
		}
		if (sv->sessions[i].expires < sv->sessions[slot].expires)
			slot = i;
	}
	sv->sessions[slot] = ss;
	pthread_mutex_unlock(&sv->lock);
	snprintf(r->cookie, sizeof r->cookie, "ct_session=%s; Path=/; HttpOnly; SameSite=Strict; "
		 "Max-Age=%d", ss.id, SESSION_SECONDS);
	return 0;
}

static void end_session(struct serve_req *r)
{
	struct serve *sv = r->sv;

	pthread_mutex_lock(&sv->lock);
	for (size_t i = 0; r->session && i < SERVE_MAX_SESSIONS; i++)
		if (sv->sessions[i].reviewer && strcmp(sv->sessions[i].id, r->session->id) == 0)
			memset(&sv->sessions[i], 0, sizeof sv->sessions[i]);
	pthread_mutex_unlock(&sv->lock);
	r->session = NULL;
	snprintf(r->cookie, sizeof r->cookie,
		 "ct_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}

/*
 * The CSRF token of the forms: the session's; before a login, a token of
 * its own in a cookie (the login form's: the form must send back what the
 * cookie holds, which another site can neither read nor set).
 */
const char *serve_csrf(struct serve_req *r)
{
	if (r->session)
		return r->session->csrf;
	if (!r->pre_csrf[0] && new_token(r->pre_csrf) == 0)
		r->new_pre_csrf = true;
	return r->pre_csrf;
}

/* Whether the form's csrf field is the token this request should carry. */
static bool csrf_ok(struct serve_req *r)
{
	const char *sent = serve_form(r, "csrf");
	const char *want = r->session ? r->session->csrf : r->pre_csrf;

	return token_shaped(sent) && token_shaped(want) && same_secret(sent, want);
}

/* ---- arguments and forms ---- */

const char *serve_arg(struct serve_req *r, const char *name)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);

	return v && *v ? v : NULL;
}

const char *serve_form(struct serve_req *r, const char *name)
{
	for (size_t i = 0; i < r->n_form; i++)
		if (strcmp(r->form[i].name, name) == 0)
			return r->form[i].value;
	return NULL;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes a urlencoded name or value in place ('+' is a space). */
static void form_decode(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '+') {
			*o++ = ' ';
		} else if (*s == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			*o++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* Splits an application/x-www-form-urlencoded body (NUL-terminated,
 * modified) into r->form. Returns 0, or -1 for too many fields. */
static int parse_form(struct serve_req *r, char *body, struct serve_field *fields)
{
	char *p = body;

	r->form = fields;
	r->n_form = 0;
	while (*p) {
		char *amp = strchr(p, '&'), *eq;
		if (amp)
			*amp = '\0';
		if (*p) {
			if (r->n_form == SERVE_MAX_FIELDS)
				return -1;
			eq = strchr(p, '=');
			if (eq)
				*eq = '\0';
			form_decode(p);
			if (eq)
				form_decode(eq + 1);
			fields[r->n_form++] = (struct serve_field){ p, eq ? eq + 1 : "" };
		}
		if (!amp)
			break;
		p = amp + 1;
	}
	return 0;
}

/* ---- responses ---- */

void serve_json(struct serve_req *r, json_t *root)
{
	char *text;

	if (!root || !(text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER))) {
		json_decref(root);
		ct_buf_reset(&r->out);
		r->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		r->type = "text/plain; charset=utf-8";
		ct_buf_adds(&r->out, "out of memory\n");
		return;
	}
	json_decref(root);
	ct_buf_reset(&r->out);
	r->type = "application/json";
	ct_buf_adds(&r->out, text);
	ct_buf_addc(&r->out, '\n');
	free(text);
}

void serve_error(struct serve_req *r, int status, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ct_buf_reset(&r->out);
	r->status = status;
	if (r->json) {
		serve_json(r, json_pack("{s:i, s:o}", "status", status, "error", serve_jtext(msg)));
		return;
	}
	serve_page_start(r, status == MHD_HTTP_NOT_FOUND ? "Not found" : "Error", NULL);
	serve_addf(&r->out, "<h1>%s</h1>\n<p class=\"msg err\">",
		   status == MHD_HTTP_NOT_FOUND ? "Not found" : "Cannot do that");
	serve_esc(&r->out, msg);
	ct_buf_adds(&r->out, "</p>\n<p><a href=\"/\">All propositions</a></p>\n");
	serve_page_end(r);
}

void serve_redirect(struct serve_req *r, const char *location)
{
	ct_buf_reset(&r->out);
	r->status = MHD_HTTP_SEE_OTHER;
	r->type = "text/plain; charset=utf-8";
	snprintf(r->location, sizeof r->location, "%s", location);
	ct_buf_adds(&r->out, "see other\n");
}

void serve_store_error(struct serve_req *r, int rc)
{
	const char *msg = r->s ? ct_store_errmsg(r->s) : "";

	serve_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "the database failed: %s",
		    msg && *msg ? msg : ct_strerror(rc));
}

/* ---- the store's connections ---- */

static struct serve_conn *pool_take(struct serve_pool *p)
{
	struct serve_conn *c;

	pthread_mutex_lock(&p->lock);
	while (p->n_free == 0)
		pthread_cond_wait(&p->freed, &p->lock);
	c = p->free[--p->n_free];
	pthread_mutex_unlock(&p->lock);
	return c;
}

static void pool_give(struct serve_pool *p, struct serve_conn *c)
{
	pthread_mutex_lock(&p->lock);
	p->free[p->n_free++] = c;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

/* ---- pages kept while the database does not change ---- */

static void cache_clear_locked(struct serve *sv)
{
	for (size_t i = 0; i < SERVE_CACHE_ENTRIES; i++) {
		free(sv->cache[i].key);
		free(sv->cache[i].body);
		memset(&sv->cache[i], 0, sizeof sv->cache[i]);
	}
	sv->cache_bytes = 0;
	sv->cache_next = 0;
}

void serve_cache_clear(struct serve *sv)
{
	cache_clear_locked(sv);
}

/*
 * Whether the database changed since this connection last looked (a
 * commit by any other connection, in this process or another): then every
 * cached page goes. Returns false when the version cannot be read (then
 * nothing is taken from the cache or put in it).
 */
static bool cache_check(struct serve_req *r)
{
	int64_t v;

	if (ct_store_data_version(r->s, &v) != CT_OK)
		return false;
	if (r->conn_s->seen && r->conn_s->version == v)
		return true;
	pthread_mutex_lock(&r->sv->lock);
	cache_clear_locked(r->sv);
	pthread_mutex_unlock(&r->sv->lock);
	r->conn_s->version = v;
	r->conn_s->seen = true;
	return true;
}

static enum MHD_Result count_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	size_t *n = cls;

	(void)kind;
	(void)value;
	*n += strcmp(key, "format") != 0;
	return MHD_YES;
}

/* The cache's key for this request, into key; false when its page is not
 * to be cached: a form, a logged-in reviewer's page (its forms carry the
 * session's token), a query string (but ?format=). */
static bool cache_key(struct serve_req *r, char *key, size_t size)
{
	size_t n_args = 0;

	if (r->sv->no_cache || r->post || r->session || strlen(r->path) + 6 >= size)
		return false;
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, count_arg, &n_args);
	if (n_args)
		return false;
	snprintf(key, size, "%s%s", r->path, r->json ? "#json" : "");
	return true;
}

static bool cache_get(struct serve_req *r, const char *key)
{
	struct serve *sv = r->sv;
	bool hit = false;

	pthread_mutex_lock(&sv->lock);
	for (size_t i = 0; i < SERVE_CACHE_ENTRIES && !hit; i++) {
		struct serve_cached *c = &sv->cache[i];
		if (!c->key || strcmp(c->key, key) != 0)
			continue;
		hit = ct_buf_add(&r->out, c->body, c->len) == CT_OK;
		r->type = c->type;
	}
	pthread_mutex_unlock(&sv->lock);
	return hit;
}

static void cache_put(struct serve_req *r, const char *key)
{
	struct serve *sv = r->sv;
	struct serve_cached c = { strdup(key), malloc(r->out.len + 1), r->out.len, r->type };

	if (!c.key || !c.body || r->status != 200 || r->cookie[0] || r->new_pre_csrf ||
	    r->out.len > SERVE_CACHE_BYTES / 8) {
		free(c.key);
		free(c.body);
		return;
	}
	memcpy(c.body, r->out.p, r->out.len);
	pthread_mutex_lock(&sv->lock);
	if (sv->cache_bytes + c.len > SERVE_CACHE_BYTES)
		cache_clear_locked(sv);
	struct serve_cached *slot = &sv->cache[sv->cache_next];
	sv->cache_bytes -= slot->len;
	free(slot->key);
	free(slot->body);
	*slot = c;
	sv->cache_bytes += c.len;
	sv->cache_next = (sv->cache_next + 1) % SERVE_CACHE_ENTRIES;
	pthread_mutex_unlock(&sv->lock);
}

/* ---- login, logout ---- */

static void login(struct serve_req *r)
{
	const char *name = serve_form(r, "name"), *token = serve_form(r, "token");
	const struct serve_reviewer *who = NULL;

	for (size_t i = 0; name && token && i < r->sv->n_reviewers; i++) {
		/* Every entry compared, so that the time says nothing. */
		bool match = strcmp(r->sv->reviewers[i].name, name) == 0;
		if (same_secret(r->sv->reviewers[i].token, token) && match)
			who = &r->sv->reviewers[i];
	}
	if (!who) {
		r->status = MHD_HTTP_FORBIDDEN;
		serve_login_page(r, "That name and token are not on the list of reviewers.");
		return;
	}
	if (start_session(r, who->name) != 0) {
		serve_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "no random numbers for a session");
		return;
	}
	serve_redirect(r, "/");
}

/* ---- routing ---- */

/* A positive id in s (all digits, up to a slash or the end); 0 when none.
 * *rest is what follows it. */
static int64_t path_id(const char *s, const char **rest)
{
	int64_t v = 0;
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9' && n < 18)
		v = v * 10 + (s[n++] - '0');
	*rest = s + n;
	return n && (**rest == '\0' || **rest == '/') ? v : 0;
}

static bool starts(const char *s, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n) != 0 || !s[n])
		return false;
	*rest = s + n;
	return true;
}

/* Whether the client asked for JSON. */
static bool wants_json(struct serve_req *r)
{
	const char *format = serve_arg(r, "format");
	const char *accept = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Accept");

	if (format)
		return strcmp(format, "json") == 0;
	return accept && strstr(accept, "application/json") && !strstr(accept, "text/html");
}

static void route_get(struct serve_req *r)
{
	const char *p = r->path, *rest;
	int64_t id;

	if (strcmp(p, "/") == 0 || strcmp(p, "/propositions") == 0)
		serve_propositions(r);
	else if (starts(p, "/proposition/", &rest))
		serve_proposition(r, rest);
	else if (starts(p, "/speaker/", &rest))
		serve_speaker(r, rest);
	else if (starts(p, "/outlet/", &rest))
		serve_outlet(r, rest);
	else if (starts(p, "/claim/", &rest) && (id = path_id(rest, &rest)) && !*rest)
		serve_claim(r, id);
	else if (starts(p, "/document/", &rest) && (id = path_id(rest, &rest)) && !*rest)
		serve_document(r, id);
	else if (strcmp(p, "/search") == 0)
		serve_search(r);
	else if (strcmp(p, "/login") == 0 && r->sv->reviewers)
		serve_login_page(r, NULL);
	else
		serve_error(r, MHD_HTTP_NOT_FOUND, "there is no page '%s' here", p);
}

static void route_post(struct serve_req *r)
{
	const char *rest;
	int64_t id;

	if (!r->sv->reviewers) {
		serve_error(r, MHD_HTTP_FORBIDDEN, "this server is read-only: it was started "
			    "without --reviewers");
		return;
	}
	if (!csrf_ok(r)) {
		serve_error(r, MHD_HTTP_FORBIDDEN, "the form's CSRF token is missing or not this "
			    "session's: load the page again and resend");
		return;
	}
	if (strcmp(r->path, "/login") == 0) {
		login(r);
	} else if (strcmp(r->path, "/logout") == 0) {
		end_session(r);
		serve_redirect(r, "/");
	} else if (starts(r->path, "/claim/", &rest) && (id = path_id(rest, &rest)) &&
		   strcmp(rest, "/review") == 0) {
		if (!r->session)
			serve_error(r, MHD_HTTP_FORBIDDEN, "log in as a reviewer to review claims");
		else
			serve_review(r, id);
	} else {
		serve_error(r, MHD_HTTP_NOT_FOUND, "nothing takes a form at '%s'", r->path);
	}
}

/* What a connection carries between the calls of one POST. */
struct upload {
	struct ct_buf body;
	bool too_big;
};

static enum MHD_Result respond(struct serve_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ok;
	char cookie[160];
	size_t len;
	char *body;

	if (r->out.len > SERVE_MAX_PAGE) {
		ct_buf_reset(&r->out);
		r->json = false;
		serve_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "the page is too large to send");
	}
	if (!r->type)
		r->type = "text/plain; charset=utf-8";
	body = ct_buf_detach(&r->out, &len);
	resp = MHD_create_response_from_buffer(len, body ? body : (char *)"",
					       body ? MHD_RESPMEM_MUST_FREE
						    : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", r->type);
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (strcmp(r->type, "application/json") == 0 || strncmp(r->type, "text/html", 9) == 0)
		MHD_add_response_header(resp, "Vary", "Accept, Cookie");
	if (r->location[0])
		MHD_add_response_header(resp, "Location", r->location);
	if (r->cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->cookie);
	if (r->new_pre_csrf) {
		snprintf(cookie, sizeof cookie, "ct_csrf=%s; Path=/; HttpOnly; SameSite=Strict",
			 r->pre_csrf);
		MHD_add_response_header(resp, "Set-Cookie", cookie);
	}
	ok = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static void static_file(struct serve_req *r, const char *type, const char *a, const char *b)
{
	r->type = type;
	ct_buf_adds(&r->out, a);
	if (b)
		ct_buf_adds(&r->out, b);
}

/*
 * libmicrohttpd's access handler: called once for a GET, and for a POST
 * once to start, once per piece of its body, and once at the end.
 */
enum MHD_Result serve_answer(void *cls, struct MHD_Connection *conn, const char *url,
			     const char *method, const char *version, const char *upload,
			     size_t *upload_size, void **con_cls)
{
	struct serve *sv = cls;
	struct serve_req r = { .sv = sv, .conn = conn, .method = method, .path = url,
			       .status = MHD_HTTP_OK };
	struct serve_field fields[SERVE_MAX_FIELDS];
	struct upload *up = *con_cls;
	const char *cookie;
	enum MHD_Result ok;

	(void)version;
	r.post = strcmp(method, "POST") == 0;
	if (r.post && !up) {
		if (!(up = calloc(1, sizeof *up)))
			return MHD_NO;
		ct_buf_init(&up->body, SERVE_MAX_BODY);
		*con_cls = up;
		return MHD_YES;
	}
	if (r.post && *upload_size) {
		if (!up->too_big && ct_buf_add(&up->body, upload, *upload_size) != CT_OK)
			up->too_big = true;
		*upload_size = 0;
		return MHD_YES;
	}
	ct_buf_init(&r.out, 0);
	r.json = wants_json(&r);
	if ((cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "ct_session")))
		find_session(&r, cookie);
	if ((cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "ct_csrf")) &&
	    token_shaped(cookie))
		memcpy(r.pre_csrf, cookie, SERVE_TOKEN_HEX + 1);
	if (strcmp(url, "/style.css") == 0 && !r.post) {
		static_file(&r, "text/css; charset=utf-8", ct_report_html_style(), serve_css);
	} else if (strcmp(url, "/app.js") == 0 && !r.post) {
		static_file(&r, "text/javascript; charset=utf-8", serve_js, NULL);
	} else if (strcmp(url, "/favicon.svg") == 0 && !r.post) {
		static_file(&r, "image/svg+xml", serve_icon, NULL);
	} else if (strcmp(url, "/favicon.ico") == 0 && !r.post) {
		r.status = MHD_HTTP_NO_CONTENT;
	} else if (!r.post && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		serve_error(&r, MHD_HTTP_METHOD_NOT_ALLOWED, "%s is not a method this server takes",
			    method);
	} else if (r.post && up->too_big) {
		serve_error(&r, MHD_HTTP_CONTENT_TOO_LARGE, "a form of more than %u bytes",
			    SERVE_MAX_BODY);
	} else {
		char *body = NULL;
		if (r.post && (ct_buf_addc(&up->body, '\0') != CT_OK ||
			       !(body = up->body.p) || parse_form(&r, body, fields) != 0)) {
			serve_error(&r, MHD_HTTP_CONTENT_TOO_LARGE, "a form of too many fields");
		} else {
			char key[600];
			bool cached = false, cacheable;
			r.conn_s = pool_take(&sv->pool);
			r.s = r.conn_s->s;
			cacheable = cache_key(&r, key, sizeof key) && cache_check(&r);
			if (cacheable)
				cached = cache_get(&r, key);
			if (cached)
				;
			else if (r.post)
				route_post(&r);
			else
				route_get(&r);
			if (cacheable && !cached)
				cache_put(&r, key);
			pool_give(&sv->pool, r.conn_s);
		}
	}
	if (!sv->quiet)
		fprintf(stderr, "claimtrack serve: %s %s %d\n", method, url, r.status);
	ok = respond(&r);
	ct_buf_release(&r.out);
	return ok;
}

/* Frees what a POST kept between calls. */
void serve_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		     enum MHD_RequestTerminationCode code)
{
	struct upload *up = *con_cls;

	(void)cls;
	(void)conn;
	(void)code;
	if (up) {
		ct_buf_release(&up->body);
		free(up);
		*con_cls = NULL;
	}
}
