/*
 * Fetching URLs into the store: the URLs given to `ingest`, and the sources
 * of `nightly` (articles and feeds). Pages are fetched in parallel and each
 * is ingested as it arrives, through the same library calls as a file:
 * ct_doc_from_html(), ct_doc_claim_list_find(),
 * ct_store_add_document(). What was fetched from each URL is recorded, so
 * that the next run asks only for what changed.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROGRESS_MIN_URLS 2     /* fewer URLs get no progress line */
#define MAX_FEED_ITEMS 200      /* items read from one feed */
#define MAX_ITEMS 20000         /* items fetched in one run, over all feeds */
#define SOURCES_FILE "sources.list"

/* One URL to fetch in a phase. */
struct job {
	const char *url;             /* borrowed: an argument or an item below */
	char *etag, *last_modified;  /* stored validators; owned */
	char date[11];               /* a feed item's date, for a page without one */
	bool item;
	size_t item_index;           /* of an item, in state.items */
};

/* A feed read in the first phase. */
struct feed_ref {
	char *url;
	bool item_failed;            /* one of its items failed: ask for it whole next time */
};

struct state {
	struct cli_url_run *run;
	struct job *jobs;
	struct ct_fetch_request *reqs;
	size_t n_jobs;
	size_t n_given;              /* URLs of this phase, fetched or not */
	size_t n_skipped;            /* of them, stored already: not fetched */
	bool progress_shown;
	/* Items found in feeds, fetched in the second phase. */
	char **items;
	char (*item_dates)[11];
	size_t *item_feeds;          /* the feed each item came from, in feeds */
	size_t n_items, cap_items;
	struct feed_ref *feeds;
	size_t n_feeds;
	size_t n_items_dropped;      /* past MAX_ITEMS */
};

/* ---- progress and output ---- */

static void clear_progress(struct state *st)
{
	if (st->progress_shown) {
		cli_term_raw("\r\033[K");
		fflush(stderr);
		st->progress_shown = false;
	}
}

static int on_progress(const struct ct_fetch_progress *p, void *user)
{
	struct state *st = user;
	size_t done = p->done + st->n_skipped, total = p->total + st->n_skipped;

	if (st->run->stop && *st->run->stop)
		return 1;
	if (!isatty(STDERR_FILENO) || total < PROGRESS_MIN_URLS)
		return 0;
	cli_term_raw("\r\033[K");
	fprintf(stderr, "[%zu/%zu] fetching: %zu running", done, total, p->active);
	if (p->waiting)
		fprintf(stderr, ", %zu waiting to retry", p->waiting);
	fprintf(stderr, ", %.1f MB", (double)p->bytes / 1e6);
	fflush(stderr);
	st->progress_shown = true;
	return 0;
}

static void count(struct cli_url_run *run, const struct cli_url_outcome *o)
{
	switch (o->status) {
	case CLI_URL_STORED:
		run->n_stored++;
		run->n_claims += o->n_claims;
		break;
	case CLI_URL_DUPLICATE: run->n_duplicate++; break;
	case CLI_URL_UNCHANGED: run->n_unchanged++; break;
	case CLI_URL_EMPTY: run->n_empty++; break;
	case CLI_URL_FEED: run->n_feeds++; break;
	case CLI_URL_FAILED: run->n_failed++; break;
	}
}

static void emit(struct state *st, const struct cli_url_outcome *o)
{
	clear_progress(st);
	count(st->run, o);
	if (st->run->fn)
		st->run->fn(o, st->run->user);
}

/* ---- the store ---- */

/* Records what came of fetching a URL; false after a database failure. */
static bool record(struct state *st, const struct job *j, const struct ct_fetch_result *r,
		   const char *error, int64_t document_id, bool keep_validators)
{
	struct ct_store_fetch f;

	memset(&f, 0, sizeof f);
	f.url = (char *)j->url;
	f.final_url = r ? r->final_url : NULL;
	f.status = r ? r->status : 0;
	f.error = (char *)error;
	f.document_id = document_id;
	if (keep_validators && r && r->not_modified) {
		f.etag = j->etag;
		f.last_modified = j->last_modified;
	} else if (keep_validators && r) {
		f.etag = r->etag;
		f.last_modified = r->last_modified;
	}
	return ct_store_record_fetch(st->run->store, &f) == CT_OK;
}

/*
 * Stores a document with its claims, as `ingest` does a file: a document
 * already stored (same url or text) is not matched again. Fills o; returns
 * false after a database failure (o->message says why).
 */
static bool store_doc(struct state *st, const struct ct_doc *doc, struct cli_url_outcome *o,
		      char *msg, size_t msg_size)
{
	struct cli_url_run *run = st->run;
	struct ct_doc_claim_list found = CT_DOC_CLAIM_LIST_INIT;
	struct ct_store_result res;
	int64_t id = 0;
	int rc;

	memset(&res, 0, sizeof res);
	if ((rc = ct_store_find_document(run->store, doc, &id)) != CT_OK)
		goto db_fail;
	if (id) {
		o->status = CLI_URL_DUPLICATE;
		o->document_id = id;
		if ((rc = ct_store_add_text(run->store, id, doc, &o->text_stored)) != CT_OK)
			goto db_fail;
		return true;
	}
	o->status = CLI_URL_FAILED;
	o->message = msg;
	if ((rc = ct_doc_claim_list_find(&found, run->m, run->rs, doc)) != CT_OK) {
		snprintf(msg, msg_size, "%s", ct_strerror(rc));
		return true;
	}
	rc = ct_store_add_document(run->store, run->rs, doc, found.a, found.claims,
				   found.n_claims, &res);
	ct_doc_claim_list_release(&found);
	if (rc == CT_EINVAL) {
		snprintf(msg, msg_size, "%s", ct_store_errmsg(run->store));
		return true;
	}
	if (rc != CT_OK)
		goto db_fail;
	o->status = res.duplicate ? CLI_URL_DUPLICATE : CLI_URL_STORED;
	o->text_stored = res.text_stored;
	o->message = NULL;
	o->document_id = res.document_id;
	o->n_claims = res.n_claims;
	o->n_speakers = res.n_speakers;
	return true;
db_fail:
	o->status = CLI_URL_FAILED;
	o->fatal = true;
	o->message = msg;
	snprintf(msg, msg_size, "%s: %s", cli_db_path(run->g), ct_store_errmsg(run->store));
	return false;
}

/* ---- one fetched URL ---- */

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n\f\v", s[i]))
			return false;
	return true;
}

/* Adds a feed's item for the second phase, unless it is there already. */
static int add_item(struct state *st, const char *link, const char *date, size_t feed)
{
	for (size_t i = 0; i < st->n_items; i++)
		if (strcmp(st->items[i], link) == 0)
			return CT_OK;
	if (st->n_items >= MAX_ITEMS) {
		st->n_items_dropped++;
		return CT_OK;
	}
	if (st->n_items == st->cap_items) {
		size_t ncap = st->cap_items ? st->cap_items * 2 : 64;
		char **ni = ct_realloc_array(st->items, ncap, sizeof *ni);
		if (!ni)
			return CT_ENOMEM;
		st->items = ni;
		char (*nd)[11] = ct_realloc_array(st->item_dates, ncap, sizeof *nd);
		if (!nd)
			return CT_ENOMEM;
		st->item_dates = nd;
		size_t *nf = ct_realloc_array(st->item_feeds, ncap, sizeof *nf);
		if (!nf)
			return CT_ENOMEM;
		st->item_feeds = nf;
		st->cap_items = ncap;
	}
	if (!(st->items[st->n_items] = strdup(link)))
		return CT_ENOMEM;
	memcpy(st->item_dates[st->n_items], date, 11);
	st->item_feeds[st->n_items] = feed;
	st->n_items++;
	return CT_OK;
}

/* Reads a feed: its new items go to the second phase. Fills o. */
static bool read_feed(struct state *st, const struct ct_fetch_result *r, struct cli_url_outcome *o,
		      char *msg, size_t msg_size)
{
	struct ct_feed *feed = NULL;
	char err[200];
	int rc = ct_feed_parse(r->body, r->len, r->final_url ? r->final_url : r->url, MAX_FEED_ITEMS,
			       &feed, err, sizeof err);

	o->message = msg;
	if (rc != CT_OK) {
		o->status = CLI_URL_FAILED;
		snprintf(msg, msg_size, "%s", err[0] ? err : ct_strerror(rc));
		return true;
	}
	struct feed_ref *nv = ct_realloc_array(st->feeds, st->n_feeds + 1, sizeof *nv);
	if (!nv || !(nv[st->n_feeds].url = strdup(r->url))) {
		if (nv)
			st->feeds = nv;
		o->status = CLI_URL_FAILED;
		snprintf(msg, msg_size, "out of memory");
		ct_feed_free(feed);
		return true;
	}
	st->feeds = nv;
	nv[st->n_feeds].item_failed = false;
	st->n_feeds++;
	o->status = CLI_URL_FEED;
	o->n_items = feed->n_items;
	for (size_t i = 0; i < feed->n_items; i++) {
		int64_t id = 0;
		bool has_text = false;
		if (ct_store_url_document(st->run->store, feed->items[i].link, &id) != CT_OK ||
		    (id && ct_store_has_text(st->run->store, id, &has_text) != CT_OK)) {
			o->status = CLI_URL_FAILED;
			o->fatal = true;
			snprintf(msg, msg_size, "%s: %s", cli_db_path(st->run->g),
				 ct_store_errmsg(st->run->store));
			ct_feed_free(feed);
			return false;
		}
		/* A document stored before texts were kept is fetched again for it. */
		if (id && has_text)
			continue;
		o->n_new_items++;
		if (add_item(st, feed->items[i].link, feed->items[i].date, st->n_feeds - 1) != CT_OK) {
			o->status = CLI_URL_FAILED;
			snprintf(msg, msg_size, "out of memory");
			break;
		}
	}
	if (o->status == CLI_URL_FEED)
		snprintf(msg, msg_size, "%zu item%s (%zu new)%s", feed->n_items,
			 feed->n_items == 1 ? "" : "s", o->n_new_items,
			 feed->n_dropped ? "; some items left out (no http link, or past the limit)" : "");
	ct_feed_free(feed);
	return true;
}

/* Makes a fetched page a document with the run's metadata; NULL with msg set. */
static struct ct_doc *page_doc(struct state *st, const struct job *j,
			       const struct ct_fetch_result *r, char *msg, size_t msg_size)
{
	struct cli_url_run *run = st->run;
	const char *keys[] = { "date", "outlet", "url", "title" };
	const char *values[] = { run->date, run->outlet, run->url, run->title };
	struct ct_doc *doc = NULL;
	int rc;

	if (ct_looks_like_feed(r->body, r->len)) {
		snprintf(msg, msg_size, "not HTML: a feed, not an article%s",
			 run->feeds ? " (a feed's items are articles)" : "");
		return NULL;
	}
	if (!r->content_type && !ct_looks_like_html(r->body, r->len)) {
		snprintf(msg, msg_size, "not HTML: no Content-Type, and it does not start like a page");
		return NULL;
	}
	rc = ct_doc_from_html(r->body, r->len, CT_DOC_MAX_BYTES, r->final_url, r->charset, run->rs,
			      j->url, &doc);
	if (rc != CT_OK) {
		cli_html_error(rc, r->len, msg, msg_size);
		return NULL;
	}
	for (size_t k = 0; rc == CT_OK && k < 4; k++)
		if (values[k])
			rc = ct_doc_set(doc, keys[k], values[k]);
	if (rc == CT_OK && !doc->date && j->date[0])
		rc = ct_doc_set(doc, "date", j->date);
	if (rc != CT_OK) {
		snprintf(msg, msg_size, "%s", ct_strerror(rc));
		ct_doc_free(doc);
		return NULL;
	}
	return doc;
}

static int on_done(size_t index, struct ct_fetch_result *r, void *user)
{
	struct state *st = user;
	struct cli_url_run *run = st->run;
	struct job *j = &st->jobs[index];
	struct cli_url_outcome o;
	struct ct_doc *doc = NULL;
	char msg[400], warn[2][128];
	const char *warnings[2];
	bool ok = true;

	memset(&o, 0, sizeof o);
	o.url = j->url;
	o.item = j->item;
	o.warnings = warnings;
	msg[0] = '\0';
	if (r->error != CT_OK) {
		o.status = CLI_URL_FAILED;
		snprintf(msg, sizeof msg, "%s%s", r->message[0] ? r->message : ct_strerror(r->error),
			 r->error == CT_EFETCH_PRIVATE ? " (--allow-private fetches from them)" : "");
		o.message = msg;
		ok = record(st, j, r, msg, 0, false);
	} else if (r->not_modified) {
		o.status = CLI_URL_UNCHANGED;
		ok = record(st, j, r, NULL, 0, true);
	} else if (run->feeds && !j->item && ct_looks_like_feed(r->body, r->len)) {
		ok = read_feed(st, r, &o, msg, sizeof msg) &&
		     record(st, j, r, o.status == CLI_URL_FAILED ? msg : NULL, 0,
			    o.status == CLI_URL_FEED);
	} else if (!(doc = page_doc(st, j, r, msg, sizeof msg))) {
		o.status = CLI_URL_FAILED;
		o.message = msg;
		ok = record(st, j, r, msg, 0, false);
	} else {
		if (doc->n_replaced) {
			snprintf(warn[o.n_warnings], sizeof warn[0], "%zu byte%s not valid in the "
				 "page's encoding replaced with U+FFFD", doc->n_replaced,
				 doc->n_replaced == 1 ? "" : "s");
			warnings[o.n_warnings] = warn[o.n_warnings];
			o.n_warnings++;
		}
		if (doc->n_nul) {
			snprintf(warn[o.n_warnings], sizeof warn[0], "%zu NUL character%s dropped",
				 doc->n_nul, doc->n_nul == 1 ? "" : "s");
			warnings[o.n_warnings] = warn[o.n_warnings];
			o.n_warnings++;
		}
		if (blank(doc->body, doc->body_len)) {
			o.status = CLI_URL_EMPTY;
			ok = record(st, j, r, NULL, 0, true);
		} else {
			ok = store_doc(st, doc, &o, msg, sizeof msg) &&
			     record(st, j, r, o.status == CLI_URL_FAILED ? msg : NULL, o.document_id,
				    o.status != CLI_URL_FAILED);
		}
	}
	ct_doc_free(doc);
	if (j->item && o.status == CLI_URL_FAILED)
		st->feeds[st->item_feeds[j->item_index]].item_failed = true;
	if (!ok && !o.fatal) {
		o.status = CLI_URL_FAILED;
		o.fatal = true;
		snprintf(msg, sizeof msg, "%s: %s", cli_db_path(run->g), ct_store_errmsg(run->store));
		o.message = msg;
	}
	emit(st, &o);
	if (o.fatal)
		run->fatal = true;
	return run->fatal || (run->stop && *run->stop);
}

/* ---- a phase: one list of URLs ---- */

static void release_jobs(struct state *st)
{
	for (size_t i = 0; i < st->n_jobs; i++) {
		free(st->jobs[i].etag);
		free(st->jobs[i].last_modified);
	}
	free(st->jobs);
	free(st->reqs);
	st->jobs = NULL;
	st->reqs = NULL;
	st->n_jobs = 0;
}

/*
 * Fetches and ingests urls[0, n): those stored already are reported and
 * not fetched; the others are asked for with their stored validators.
 */
static int phase(struct state *st, const char *const *urls, char (*dates)[11], size_t n,
		 bool items)
{
	struct cli_url_run *run = st->run;
	struct ct_fetch_options o = run->fetch->o;
	int rc = EXIT_OK;

	st->n_given = n;
	st->n_skipped = 0;
	if (!(st->jobs = calloc(n ? n : 1, sizeof *st->jobs)) ||
	    !(st->reqs = calloc(n ? n : 1, sizeof *st->reqs))) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < n && !run->fatal; i++) {
		struct job *j = &st->jobs[st->n_jobs];
		struct ct_store_fetch f;
		int64_t id = 0;
		bool found = false, has_text = false;

		if (ct_store_url_document(run->store, urls[i], &id) != CT_OK ||
		    (id && ct_store_has_text(run->store, id, &has_text) != CT_OK) ||
		    ct_store_get_fetch(run->store, urls[i], &f, &found) != CT_OK) {
			struct cli_url_outcome out = { .url = urls[i], .status = CLI_URL_FAILED,
						       .item = items, .fatal = true };
			char msg[400];
			snprintf(msg, sizeof msg, "%s: %s", cli_db_path(run->g),
				 ct_store_errmsg(run->store));
			out.message = msg;
			emit(st, &out);
			run->fatal = true;
			break;
		}
		/* A document stored before texts were kept is fetched again, whole
		 * (without validators, which would get a 304), for its text. */
		if (id && !has_text && found) {
			free(f.etag);
			free(f.last_modified);
			f.etag = f.last_modified = NULL;
		}
		if (id && has_text) {
			/* Items already stored were counted by their feed's line. */
			struct cli_url_outcome out = { .url = urls[i], .status = CLI_URL_DUPLICATE,
						       .item = items, .document_id = id };
			if (found)
				ct_store_fetch_release(&f);
			st->n_skipped++;
			if (!items)
				emit(st, &out);
			continue;
		}
		j->url = urls[i];
		j->item = items;
		j->item_index = i;
		if (dates)
			memcpy(j->date, dates[i], 11);
		if (found) {
			j->etag = f.etag;
			j->last_modified = f.last_modified;
			f.etag = f.last_modified = NULL;
			ct_store_fetch_release(&f);
		}
		st->reqs[st->n_jobs] = (struct ct_fetch_request){ j->url, j->etag, j->last_modified };
		st->n_jobs++;
	}
	if (run->fatal || st->n_jobs == 0)
		goto out;
	o.progress = on_progress;
	o.progress_user = st;
	rc = ct_fetch_many(st->reqs, st->n_jobs, &o, on_done, st);
	clear_progress(st);
	if (rc == CT_EABORT) {
		run->stopped = !run->fatal;
		rc = EXIT_OK;
	} else if (rc != CT_OK) {
		cli_error("cannot fetch: %s", ct_strerror(rc));
		rc = EXIT_FAIL;
	} else {
		rc = EXIT_OK;
	}
out:
	release_jobs(st);
	if (run->fatal)
		rc = EXIT_FAIL;
	return rc;
}

/*
 * A feed none of whose items failed is asked for next time only if it
 * changed; one with a failed item is asked for whole, so that its items
 * are tried again.
 */
static void forget_validators(struct state *st)
{
	for (size_t i = 0; i < st->n_feeds && !st->run->fatal; i++) {
		struct ct_store_fetch f;
		bool found = false;

		if (!st->feeds[i].item_failed)
			continue;
		if (ct_store_get_fetch(st->run->store, st->feeds[i].url, &f, &found) == CT_OK &&
		    found) {
			free(f.etag);
			free(f.last_modified);
			f.etag = f.last_modified = NULL;
			ct_store_record_fetch(st->run->store, &f);
			ct_store_fetch_release(&f);
		}
	}
}

int cli_ingest_urls(struct cli_url_run *run, const char *const *urls, size_t n)
{
	struct state st;
	int rc;

	memset(&st, 0, sizeof st);
	st.run = run;
	rc = phase(&st, urls, NULL, n, false);
	if (rc == EXIT_OK && st.n_items && !run->stopped && !(run->stop && *run->stop))
		rc = phase(&st, (const char *const *)st.items, st.item_dates, st.n_items, true);
	forget_validators(&st);
	if (st.n_items_dropped)
		fprintf(stderr, "claimtrack: warning: %zu feed item%s left out: at most %d are "
			"fetched in one run\n", st.n_items_dropped,
			st.n_items_dropped == 1 ? "" : "s", MAX_ITEMS);
	if (run->stop && *run->stop)
		run->stopped = true;
	for (size_t i = 0; i < st.n_items; i++)
		free(st.items[i]);
	free(st.items);
	free(st.item_dates);
	free(st.item_feeds);
	for (size_t i = 0; i < st.n_feeds; i++)
		free(st.feeds[i].url);
	free(st.feeds);
	return rc;
}

/* ---- nightly's sources ---- */

/* `URL: 3 claims, 2 speakers` and the like; errors and warnings on stderr. */
static void print_outcome(const struct cli_url_outcome *o, void *user)
{
	(void)user;
	for (size_t i = 0; i < o->n_warnings; i++)
		fprintf(stderr, "%s: warning: %s\n", o->url, o->warnings[i]);
	switch (o->status) {
	case CLI_URL_STORED:
		printf("%s: %zu claim%s, %zu speaker%s\n", o->url, o->n_claims,
		       o->n_claims == 1 ? "" : "s", o->n_speakers, o->n_speakers == 1 ? "" : "s");
		break;
	case CLI_URL_DUPLICATE:
		printf("%s: already ingested (document %lld)%s\n", o->url, (long long)o->document_id,
		       o->text_stored ? "; its text stored now" : "");
		break;
	case CLI_URL_UNCHANGED:
		printf("%s: not changed, skipped\n", o->url);
		break;
	case CLI_URL_EMPTY:
		printf("%s: empty (no article text), skipped\n", o->url);
		break;
	case CLI_URL_FEED:
		printf("%s: feed, %s\n", o->url, o->message);
		break;
	case CLI_URL_FAILED:
		fflush(stdout);
		fprintf(stderr, "%s: error: %s\n", o->url, o->message);
		break;
	}
	fflush(stdout);
}

static void print_diag(const struct ct_diag *d, void *user)
{
	(void)user;
	cli_print_diag(stderr, d);
}

/* sources.list in the database's folder (the working folder for a
 * PostgreSQL database); malloc'd. */
static char *default_sources(const struct cli_global *g)
{
	const char *db = cli_db_target(g);
	const char *slash = ct_store_is_url(db) ? NULL : strrchr(db, '/');
	size_t n = slash ? (size_t)(slash - db) + 1 : 0;
	char *path = malloc(n + sizeof SOURCES_FILE);

	if (path) {
		memcpy(path, db, n);
		memcpy(path + n, SOURCES_FILE, sizeof SOURCES_FILE);
	}
	return path;
}

int cli_nightly_sources(const struct cli_global *g, const char *path, const struct cli_fetch *f,
			volatile sig_atomic_t *stop, size_t *n_failed, bool *stopped)
{
	struct ct_sources *src = NULL;
	struct ct_ruleset *rs = NULL;
	struct ct_matcher *m = NULL;
	struct ct_store *store = NULL;
	struct cli_url_run run;
	char *def = NULL;
	struct stat sb;
	int rc;

	*n_failed = 0;
	*stopped = false;
	memset(&run, 0, sizeof run);
	if (!path) {
		if (!(def = default_sources(g))) {
			cli_error("out of memory");
			return EXIT_FAIL;
		}
		if (stat(def, &sb) != 0 && errno == ENOENT) {
			free(def);
			return EXIT_OK;
		}
		path = def;
	}
	rc = ct_sources_load(path, print_diag, NULL, &src);
	if (rc == CT_EIO) {
		cli_error("cannot read sources file '%s': %s", path, strerror(errno));
		rc = EXIT_FAIL;
		goto out;
	}
	if (rc == CT_ELIMIT) {
		cli_error("sources file '%s' is larger than %u bytes", path, CT_SOURCES_MAX_BYTES);
		rc = EXIT_FAIL;
		goto out;
	}
	if (rc != CT_OK) {
		cli_error("sources file '%s': %s", path, ct_strerror(rc));
		rc = EXIT_FAIL;
		goto out;
	}
	*n_failed = src->n_errors;
	if (src->n == 0) {
		printf("sources: %s lists no URLs\n", path);
		rc = EXIT_OK;
		goto out;
	}
	if ((rc = cli_load_rules(g, NULL, NULL, &rs)) != EXIT_OK ||
	    (rc = cli_open_store(g, 0, &store)) != EXIT_OK)
		goto out;
	if (ct_matcher_new(rs, cli_diag_stderr, NULL, &m) != CT_OK) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	run.g = g;
	run.store = store;
	run.rs = rs;
	run.m = m;
	run.fetch = f;
	run.feeds = true;
	run.fn = print_outcome;
	run.stop = stop;
	rc = cli_ingest_urls(&run, (const char *const *)src->urls, src->n);
	*n_failed += run.n_failed;
	*stopped = run.stopped;
	printf("sources: %zu in %s; %zu stored (%zu claim%s), %zu already ingested, %zu not "
	       "changed, %zu empty, %zu failed\n", src->n, path, run.n_stored, run.n_claims,
	       run.n_claims == 1 ? "" : "s", run.n_duplicate, run.n_unchanged, run.n_empty,
	       *n_failed);
	fflush(stdout);
	cli_note_rules_drift(store, rs);
out:
	ct_store_close(store);
	ct_matcher_free(m);
	ct_ruleset_free(rs);
	ct_sources_free(src);
	free(def);
	return rc;
}
