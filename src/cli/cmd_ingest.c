/*
 * claimtrack ingest: read documents, find their claims, store them.
 *
 * Worker threads (--jobs) each read a file, build its document and find
 * its claims with their own matcher; this thread takes the results in the
 * order of the inputs and stores them, several documents per transaction,
 * so ids and output do not depend on the number of threads.
 */
#include "cli.h"
#include "walk.h"
#include "workpool.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BINARY_PROBE 8000       /* bytes looked at for NULs, as git does */
#define PROGRESS_MIN_INPUTS 5   /* fewer inputs get no progress line */
#define MAX_JOBS 64
/*
 * A batch is a transaction: the bigger, the fewer pages written, since the
 * index pages several documents touch are written once per commit. Into
 * a copy of the 1,000,000-claim bench database, 10 MB of text (2,097
 * documents, --jobs 1) took 25,085 pwrite calls with 64 documents per
 * batch, 17,347 with 256 and 11,321 with 1,024 (strace -c). Its body
 * bytes bound memory (a document in memory, with its sentences,
 * attribution and claims, takes several times its text), its age how
 * long a document waits unstored.
 */
#define BATCH_DOCS 1024
#define BATCH_BYTES (4u << 20)
#define BATCH_MS 250
/*
 * Results waiting for the writer: a whole batch and a few per worker, so
 * that workers go on while the writer stores a batch (with only a few per
 * worker they stalled through every flush, and --jobs 2 ran no faster than
 * --jobs 1). Memory is bounded by WINDOW_BYTES, not by this.
 */
#define WINDOW_PER_JOB 4
#define WINDOW_BYTES (8u << 20) /* their body bytes beyond which workers wait */

enum { O_DATE = 1, O_OUTLET, O_URL, O_TITLE, O_FORMAT, O_JOBS, O_BATCH };
enum { F_TABLE, F_JSON };

static const char *const formats[] = { "table", "json", NULL };

static const struct cli_opt ingest_opts[] = {
	{ O_DATE, "date", 0, "DATE", "publication date YYYY-MM-DD for every INPUT (overrides its header)" },
	{ O_OUTLET, "outlet", 0, "NAME", "outlet for every INPUT (overrides its header)" },
	{ O_URL, "url", 0, "URL", "source URL; only with a single document" },
	{ O_TITLE, "title", 0, "TITLE", "title for every INPUT (overrides its header)" },
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default) or json" },
	{ O_JOBS, "jobs", 'j', "N", "files read and matched at once (default: the number of CPUs)" },
	{ O_BATCH, "batch", 0, "N", "documents stored per transaction, at most (1-1024, default 1024)" },
	CLI_FETCH_OPTS,
	CLI_FETCH_MANY_OPTS,
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_ingest = {
	"ingest", cmd_ingest, "[--date D] [--outlet O] [--url U] [--title T] [--format table|json] [--jobs N] [--batch N] [--allow-private] INPUT...",
	"store documents and their claims in the database",
	"Reads each INPUT - a file, a folder (its *.txt, *.html and *.htm files in\n"
	"any case, recursively, in name order, links followed, each folder once and\n"
	"no link that loops; a note counts the files of other kinds) or '-' for\n"
	"stdin - finds its claims with the rules and stores the document with all\n"
	"its claims in one transaction. An HTML page is read for its main text and\n"
	"metadata. Storing starts while the folders are still being read. A\n"
	"document already stored (same url, or same text) is skipped and says so;\n"
	"so does an empty one, and why (no article text, no text after the\n"
	"header). A header date that cannot be read is a warning naming the file\n"
	"and line.\n"
	"Files over 10 MB or that look binary are errors; the others still go in.\n"
	"Prints a line per document and a total.\n"
	"Files are read and matched by --jobs threads at once (default: one per CPU)\n"
	"and stored in the order of the inputs, several documents per transaction\n"
	"(--batch: fewer make stored documents visible sooner, more store faster);\n"
	"each document is stored whole or not at all, and the output and document\n"
	"ids do not depend on --jobs or --batch.\n"
	"An http(s) URL is fetched and read as an HTML page, after the files; several\n"
	"URLs are fetched at once (--parallel, --per-host). A URL stored already is\n"
	"not fetched again; one fetched before is asked for only if it changed\n"
	"(ETag, Last-Modified): 'not changed, skipped'. A URL that serves an RSS or\n"
	"Atom feed is read for its items, which are fetched and stored the same way.\n"
	"Private, loopback and link-local addresses are refused unless\n"
	"--allow-private is given.\n\n"
	"Ctrl-C (SIGINT) or SIGTERM: no file is started after it; the files being\n"
	"read are finished and stored with those before them, then it stops (exit\n"
	"130, or 143 for SIGTERM); running it again continues, since stored\n"
	"documents are skipped. Exit 1 when any INPUT failed.",
	ingest_opts,
};

enum status { ST_STORED, ST_DUPLICATE, ST_EMPTY, ST_ERROR, ST_FATAL, ST_NOTE };

static const char *const status_names[] = { "stored", "duplicate", "empty", "error", "error",
					    "note" };

/* A file the walk found (an input), or a note of the walk, said in its place. */
struct item {
	char *path;             /* as given or found; "-" for stdin */
	char *error;            /* set when it could not even be listed */
	char *note;             /* not an input: a note or warning about path */
	bool warning;           /* the note is a warning */
	size_t index;           /* in in->items */
	size_t ordinal;         /* among the inputs, from 1; 0 for a note */
};

struct ingest {
	const struct cli_global *g;
	const char *date, *outlet, *url, *title;
	int format;
	unsigned jobs;          /* --jobs; 0 until given */
	size_t batch;           /* --batch: documents per transaction, at most */
	struct item **items;    /* as the walk finds them, each allocated once */
	size_t n_items, cap_items;
	size_t n_inputs;        /* items that are inputs, not notes */
	const char **roots;     /* the INPUTs that are not URLs, in order */
	size_t n_roots;
	const char **urls;      /* the INPUTs that are URLs, fetched after the files */
	size_t n_urls;
	struct walk *walk;
	bool walk_done;
	struct ct_ruleset *rs;
	struct ct_matcher *m;   /* for the URLs */
	struct ct_store *store;
	bool progress;          /* a progress line is on stderr */
	json_t *docs;           /* with --format json: an entry per input */
	size_t n_stored, n_duplicate, n_empty, n_failed, n_total_claims;
	size_t n_unchanged;     /* URLs not changed since they were fetched */
	struct cli_fetch fetch;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static int set_opt(void *u, int id, const char *value)
{
	struct ingest *in = u;

	if (cli_fetch_is_opt(id))
		return cli_fetch_set(&in->fetch, &cli_cmd_ingest, id, value);
	switch (id) {
	case O_DATE:
		if (!ct_date_valid(value)) {
			cli_usage_error(&cli_cmd_ingest, "--date '%s' is not a date YYYY-MM-DD", value);
			return 1;
		}
		in->date = value;
		break;
	case O_OUTLET:
		in->outlet = value;
		break;
	case O_URL:
		in->url = value;
		break;
	case O_TITLE:
		in->title = value;
		break;
	case O_FORMAT:
		in->format = cli_choice(value, formats);
		if (in->format < 0) {
			cli_usage_error(&cli_cmd_ingest, "unknown format '%s' (table or json)", value);
			return 1;
		}
		break;
	case O_JOBS: {
		char *end;
		long n = strtol(value, &end, 10);
		if (end == value || *end || n < 1 || n > MAX_JOBS) {
			cli_usage_error(&cli_cmd_ingest, "--jobs needs a number from 1 to %d, not '%s'",
					MAX_JOBS, value);
			return 1;
		}
		in->jobs = (unsigned)n;
		break;
	}
	case O_BATCH: {
		char *end;
		long n = strtol(value, &end, 10);
		if (end == value || *end || n < 1 || n > BATCH_DOCS) {
			cli_usage_error(&cli_cmd_ingest, "--batch needs a number from 1 to %d, not '%s'",
					BATCH_DOCS, value);
			return 1;
		}
		in->batch = (size_t)n;
		break;
	}
	}
	return 0;
}

/* ---- finding the inputs ---- */

/* Files a folder walk takes: *.txt, and web pages saved as *.html or
 * *.htm, in any case (.TXT, .Html). */
static bool has_txt_suffix(const char *name)
{
	size_t n = strlen(name);
	return (n > 4 && strcasecmp(name + n - 4, ".txt") == 0) ||
	       (n > 5 && strcasecmp(name + n - 5, ".html") == 0) ||
	       (n > 4 && strcasecmp(name + n - 4, ".htm") == 0);
}

/* Takes one step of the walk into a new item (taking its strings). */
static int add_item(struct ingest *in, struct walk_step *st)
{
	struct item *it = calloc(1, sizeof *it);

	if (it && !CT_VEC_RESERVE(in->items, in->cap_items, in->n_items + 1)) {
		free(it);
		it = NULL;
	}
	if (!it) {
		free(st->path);
		free(st->msg);
		return -1;
	}
	it->path = st->path;
	if (st->kind == WALK_ERROR)
		it->error = st->msg;
	else if (st->kind == WALK_NOTE || st->kind == WALK_WARNING)
		it->note = st->msg;
	else
		free(st->msg);
	it->warning = st->kind == WALK_WARNING;
	it->index = in->n_items;
	it->ordinal = it->note ? 0 : ++in->n_inputs;
	in->items[in->n_items++] = it;
	return 0;
}

/* Walks on until n more items are found, or the inputs are all found
 * (in->walk_done). Returns 0, or -1 when out of memory. */
static int find_inputs(struct ingest *in, size_t n)
{
	size_t until = in->n_items + n;

	while (!in->walk_done && in->n_items < until) {
		struct walk_step st;
		if (walk_next(in->walk, &st) != 0)
			return -1;
		if (st.kind == WALK_END) {
			in->walk_done = true;
			break;
		}
		if (add_item(in, &st) != 0)
			return -1;
	}
	return 0;
}

/* ---- progress and messages ---- */

static void clear_progress(struct ingest *in)
{
	if (in->progress) {
		cli_term_raw("\r\033[K");
		in->progress = false;
	}
}

static void show_progress(struct ingest *in, size_t i)
{
	const char *p, *path;
	size_t w;

	if (i >= in->n_items || !isatty(STDERR_FILENO) ||
	    (in->walk_done && in->n_inputs < PROGRESS_MIN_INPUTS) || !in->items[i]->ordinal)
		return;
	p = path = in->items[i]->path;
	w = cli_width(p);
	/* Keep the line short: the end of a long path says the most. */
	while (w > 60 && *p) {
		p++;
		if (((unsigned char)*p & 0xC0) != 0x80)
			w--;
	}
	cli_term_raw("\r\033[K");
	fprintf(stderr, "[%zu/%zu%s] %s%s", in->items[i]->ordinal, in->n_inputs,
		in->walk_done ? "" : "+", p == path ? "" : "…", p);
	fflush(stderr);
	in->progress = true;
}

static void diag(const struct ct_diag *d, void *user)
{
	clear_progress(user);
	cli_print_diag(stderr, d);
}

static void doc_error(struct ingest *in, const char *path, const char *msg)
{
	clear_progress(in);
	fprintf(stderr, "%s: error: %s\n", path, msg);
}

static void doc_warning(struct ingest *in, const char *path, json_t *warnings, const char *msg)
{
	clear_progress(in);
	fprintf(stderr, "%s: warning: %s\n", path, msg);
	if (warnings)
		json_array_append_new(warnings, json_string(msg));
}

/* ---- one document, in a worker ---- */

/* What became of one input. */
struct outcome {
	enum status st;
	struct ct_store_result res;
	char msg[256];          /* the error, when st is ST_ERROR or ST_FATAL */
	const char *empty_why;  /* ST_EMPTY: why, as cli_doc_empty() says; NULL */
};

/*
 * One input read and matched, waiting to be stored and reported. With
 * o.st ST_STORED it still has to be stored: doc, a and claims are then
 * set. Everything a worker would print waits here too, so that it comes
 * out in input order.
 */
struct result {
	size_t item;            /* index in in->items */
	struct outcome o;
	struct ct_doc *doc;
	struct ct_doc_claim_list found; /* its claims and attribution */
	bool check_duplicate;   /* the writer decides whether it is a duplicate, and of which */
	char warnings[2][128];
	size_t n_warnings;
	char *diags;            /* the matcher's diagnostics, printed; NULL */
	size_t diags_len;
};

static void result_free(void *p)
{
	struct result *r = p;

	if (!r)
		return;
	ct_doc_free(r->doc);
	ct_doc_claim_list_release(&r->found);
	free(r->diags);
	free(r);
}

/* A worker's own state; the ingest, the rules and the options it only reads. */
struct worker {
	const struct ingest *in;
	struct ct_matcher *m;
	struct ct_store *lookup;        /* stored documents, to skip matching them; NULL */
	bool own_lookup;                /* a connection of its own, to close */
	struct result *r;               /* the one being made */
	FILE *diag_f;                   /* writes to r->diags */
};

/* The matcher's diagnostics, kept with the document they are about. */
static void worker_diag(const struct ct_diag *d, void *user)
{
	struct worker *w = user;

	if (!w->r)
		return;
	if (!w->diag_f && !(w->diag_f = open_memstream(&w->r->diags, &w->r->diags_len)))
		return;
	cli_print_diag(w->diag_f, d);
}

static bool looks_binary(const char *data, size_t len)
{
	return memchr(data, '\0', len < BINARY_PROBE ? len : BINARY_PROBE) != NULL;
}

/* Applies the command line's metadata to a document. */
static int apply_overrides(const struct ingest *in, struct ct_doc *doc)
{
	const char *keys[] = { "date", "outlet", "url", "title" };
	const char *values[] = { in->date, in->outlet, in->url, in->title };
	int rc = CT_OK;

	for (size_t i = 0; rc == CT_OK && i < 4; i++)
		if (values[i])
			rc = ct_doc_set(doc, keys[i], values[i]);
	return rc;
}

static void add_warning(struct result *r, const char *msg)
{
	if (r->n_warnings < sizeof r->warnings / sizeof r->warnings[0])
		snprintf(r->warnings[r->n_warnings++], sizeof r->warnings[0], "%s", msg);
}

/*
 * Reads one input into a document and checks that it is text worth
 * storing. Returns the document (the caller frees it), or NULL with r->o.st
 * set: ST_EMPTY, or ST_ERROR with r->o.msg. Warnings about its header go
 * to w's diagnostics for r, unless --date makes its date moot.
 */
static struct ct_doc *read_doc(struct worker *w, const struct item *it, struct result *r)
{
	const struct ingest *in = w->in;
	const char *path = it->path, *read_path = strcmp(path, "-") == 0 ? "/dev/stdin" : path;
	struct outcome *o = &r->o;
	struct ct_doc *doc = NULL;
	struct cli_input page = { .label = path, .is_file = strcmp(path, "-") != 0 };
	char *data = NULL, warning[128], err[160];
	size_t len = 0;
	int rc;

	o->st = ST_ERROR;
	if (it->error) {
		snprintf(o->msg, sizeof o->msg, "cannot read: %s", it->error);
		goto out;
	}
	rc = ct_read_file(read_path, CT_DOC_MAX_BYTES, &data, &len);
	if (rc == CT_ELIMIT) {
		snprintf(o->msg, sizeof o->msg, "larger than %u MB (%u bytes); not ingested",
			 CT_DOC_MAX_BYTES >> 20, CT_DOC_MAX_BYTES);
		goto out;
	}
	if (rc != CT_OK) {
		snprintf(o->msg, sizeof o->msg, "cannot read: %s",
			 rc == CT_EIO ? strerror(errno) : ct_strerror(rc));
		goto out;
	}
	/* HTML (by name or content) is read for its main text; its NUL bytes
	 * are dropped, not a sign of a binary file. */
	page.text = data;
	page.len = len;
	if (looks_binary(data, len) && !ct_looks_like_html(data, len)) {
		snprintf(o->msg, sizeof o->msg,
			 "looks like a binary file (it has NUL bytes); not ingested");
		goto out;
	}
	if ((rc = cli_input_doc_diag(&page, in->rs, in->date ? NULL : worker_diag, w, &doc,
				     err, sizeof err)) != CT_OK) {
		snprintf(o->msg, sizeof o->msg, "%s", err);
		goto out;
	}
	if ((rc = apply_overrides(in, doc)) != CT_OK) {
		snprintf(o->msg, sizeof o->msg, "%s", ct_strerror(rc));
		goto out;
	}
	if (doc->n_replaced * 10 > len && len >= 64) {
		snprintf(o->msg, sizeof o->msg, "does not look like text (%zu of %zu bytes are not "
			 "UTF-8); not ingested", doc->n_replaced, len);
		goto out;
	}
	if (doc->n_replaced) {
		snprintf(warning, sizeof warning, "%zu invalid UTF-8 byte%s replaced with U+FFFD",
			 doc->n_replaced, doc->n_replaced == 1 ? "" : "s");
		add_warning(r, warning);
	}
	if (doc->n_nul) {
		snprintf(warning, sizeof warning, "%zu NUL byte%s dropped", doc->n_nul,
			 doc->n_nul == 1 ? "" : "s");
		add_warning(r, warning);
	}
	if (cli_doc_empty(&page, doc, &o->empty_why)) {
		o->st = ST_EMPTY;
		goto out;
	}
	o->st = ST_STORED;
out:
	free(data);
	if (o->st != ST_STORED) {
		ct_doc_free(doc);
		return NULL;
	}
	return doc;
}

/*
 * Finds the document's claims and who makes them; a document already
 * stored (and committed) is not matched at all. Leaves r->o.st ST_STORED
 * when there is something to store, else ST_DUPLICATE or ST_ERROR.
 */
static void match_doc(struct worker *w, struct result *r)
{
	int64_t id = 0;
	int rc;

	/* The writer looks again: a document stored since, earlier in the
	 * input order, may be the one it duplicates (same text, while this
	 * found an older one with the same url). */
	if (w->lookup && ct_store_find_document(w->lookup, r->doc, &id) == CT_OK && id) {
		r->o.st = ST_DUPLICATE;
		r->o.res.document_id = id;
		r->o.res.duplicate = true;
		r->check_duplicate = true;
		return;
	}
	r->o.st = ST_ERROR;
	/* Only a document with claims is attributed: with a pack of a few
	 * propositions, most are not. */
	rc = ct_doc_claim_list_find(&r->found, w->m, w->in->rs, r->doc);
	if (rc != CT_OK) {
		snprintf(r->o.msg, sizeof r->o.msg, "%s", ct_strerror(rc));
		goto failed;
	}
	r->o.st = ST_STORED;
	return;
failed:
	/* A stored duplicate says so rather than fail: the writer looks. */
	r->check_duplicate = true;
}

/* workpool_fn: reads and matches the file of item arg; NULL when out of memory. */
static void *work(void *ctx, size_t k, void *arg, size_t *weight)
{
	struct worker *w = ctx;
	const struct item *it = arg;
	struct result *r = calloc(1, sizeof *r);

	(void)k;
	if (!r)
		return NULL;
	r->item = it->index;
	if (it->note) {
		r->o.st = ST_NOTE;
		return r;
	}
	w->r = r;
	r->doc = read_doc(w, it, r);
	if (r->doc)
		match_doc(w, r);
	if (w->diag_f) {
		fclose(w->diag_f);
		w->diag_f = NULL;
	}
	w->r = NULL;
	if (r->doc)
		*weight = r->doc->body_len + r->found.n_claims * sizeof *r->found.claims;
	return r;
}

/* ---- storing, in this thread ---- */

/*
 * Stores a matched document (inside the batch's transaction), or decides
 * which document one is a duplicate of, seeing every document before it
 * in the input order, as one thread would. Sets r->o.
 */
static void store_doc(struct ingest *in, struct result *r)
{
	struct outcome *o = &r->o;
	int64_t id = 0;
	int rc;

	if (r->check_duplicate) {
		/* Not found: what the worker found stands (ST_DUPLICATE or ST_ERROR). */
		if (ct_store_find_document(in->store, r->doc, &id) != CT_OK) {
			o->st = ST_FATAL;
		} else if (id) {
			o->st = ST_DUPLICATE;
			o->res.document_id = id;
			o->res.duplicate = true;
		}
	} else if (o->st == ST_STORED) {
		rc = ct_store_add_document(in->store, in->rs, r->doc, r->found.a, r->found.claims,
					   r->found.n_claims, &o->res);
		if (rc == CT_OK)
			o->st = o->res.duplicate ? ST_DUPLICATE : ST_STORED;
		else if (rc == CT_EINVAL)
			o->st = ST_ERROR, snprintf(o->msg, sizeof o->msg, "%s", ct_store_errmsg(in->store));
		else
			o->st = ST_FATAL;
	}
	if (o->st == ST_FATAL)
		snprintf(o->msg, sizeof o->msg, "%s: %s", cli_db_path(in->g),
			 ct_store_errmsg(in->store));
}

/* Prints the line for one input and fills its JSON entry e (NULL: none). */
static void report(struct ingest *in, const char *path, json_t *e, const struct outcome *o)
{
	if (e) {
		json_object_set_new(e, "status", json_string(status_names[o->st]));
		json_object_set_new(e, "duplicate", json_boolean(o->st == ST_DUPLICATE));
	}
	if (o->st == ST_ERROR || o->st == ST_FATAL) {
		doc_error(in, path, o->msg);
		if (e)
			json_object_set_new(e, "error", json_string(o->msg));
		return;
	}
	if (e && (o->st == ST_STORED || o->st == ST_DUPLICATE)) {
		json_object_set_new(e, "id", json_integer(o->res.document_id));
		json_object_set_new(e, "claims", json_integer((json_int_t)o->res.n_claims));
		json_object_set_new(e, "speakers", json_integer((json_int_t)o->res.n_speakers));
	}
	if (in->format != F_TABLE)
		return;
	clear_progress(in);
	if (o->st == ST_STORED)
		printf("%s: %zu claim%s, %zu speaker%s\n", path, o->res.n_claims,
		       o->res.n_claims == 1 ? "" : "s", o->res.n_speakers,
		       o->res.n_speakers == 1 ? "" : "s");
	else if (o->st == ST_DUPLICATE)
		printf("%s: already ingested (document %lld)\n", path, (long long)o->res.document_id);
	else if (o->empty_why)
		printf("%s: empty (%s), skipped\n", path, o->empty_why);
	else
		printf("%s: empty, skipped\n", path);
}

/* Says what became of one input (its diagnostics, warnings and line) and
 * counts it; or says the walk's note. */
static void report_result(struct ingest *in, const struct result *r)
{
	const struct item *it = in->items[r->item];
	const char *path = it->path;
	json_t *e = NULL, *warnings = NULL;

	if (it->note) {
		clear_progress(in);
		fprintf(stderr, "%s: %s: %s\n", path, it->warning ? "warning" : "note", it->note);
		return;
	}
	if (in->format == F_JSON) {
		e = json_object();
		warnings = json_array();
		json_object_set_new(e, "source", json_string(path));
		json_object_set_new(e, "id", json_null());
		json_object_set_new(e, "claims", json_integer(0));
		json_object_set_new(e, "speakers", json_integer(0));
	}
	if (r->diags_len) {
		clear_progress(in);
		fwrite(r->diags, 1, r->diags_len, stderr);
	}
	for (size_t i = 0; i < r->n_warnings; i++)
		doc_warning(in, path, warnings, r->warnings[i]);
	report(in, path, e, &r->o);
	if (e) {
		if (json_array_size(warnings))
			json_object_set(e, "warnings", warnings);
		json_array_append_new(in->docs, e);
	}
	json_decref(warnings);
	switch (r->o.st) {
	case ST_STORED:
		in->n_stored++;
		in->n_total_claims += r->o.res.n_claims;
		break;
	case ST_DUPLICATE: in->n_duplicate++; break;
	case ST_EMPTY: in->n_empty++; break;
	case ST_FATAL: /* fall through */
	case ST_ERROR: in->n_failed++; break;
	case ST_NOTE: break;
	}
}

/* Results taken from the workers and not stored yet, in input order. */
struct batch {
	struct result *v[BATCH_DOCS];
	size_t n;
	size_t bytes;           /* their bodies */
	struct timespec first;  /* when the first was taken */
};

static long ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

/*
 * After a failed transaction: documents stored in it are not, and neither
 * are those that said they duplicated one of them.
 */
static void rolled_back(struct ingest *in, struct result **v, size_t n, const char *why)
{
	for (size_t i = 0; i < n; i++) {
		struct outcome *o = &v[i]->o;
		bool lost = o->st == ST_STORED;

		/* Stored ones keep their id, and only they have duplicate unset. */
		for (size_t j = 0; !lost && o->st == ST_DUPLICATE && j < i; j++)
			lost = !v[j]->o.res.duplicate && v[j]->o.res.document_id == o->res.document_id;
		if (lost) {
			o->st = ST_FATAL;
			snprintf(o->msg, sizeof o->msg, "%s: not stored, the transaction was rolled "
				 "back: %s", cli_db_path(in->g), why);
		}
	}
}

/*
 * Stores the batch's documents in one transaction, opened only once they
 * are all made, and then reports each in order. A database failure stops
 * at that document (*fatal): the transaction is rolled back, so the
 * documents before it in the batch are not stored either, and those after
 * it are dropped unreported. Adds the inputs reported to *done.
 */
static void flush(struct ingest *in, struct batch *b, size_t *done, bool *fatal)
{
	size_t n = b->n;
	bool open = false, failed = false;
	char why[256] = "";

	for (size_t i = 0; i < b->n && n == b->n; i++) {
		struct result *r = b->v[i];
		if (!open && r->o.st == ST_STORED && !r->check_duplicate) {
			if (ct_store_begin(in->store) != CT_OK) {
				r->o.st = ST_FATAL;
				snprintf(why, sizeof why, "%s", ct_store_errmsg(in->store));
				snprintf(r->o.msg, sizeof r->o.msg, "%s: %s", cli_db_path(in->g), why);
				n = i + 1;
				failed = true;
				break;
			}
			open = true;
		}
		store_doc(in, r);
		if (r->o.st == ST_FATAL) {
			snprintf(why, sizeof why, "%s", ct_store_errmsg(in->store));
			n = i + 1;
			failed = true;
		}
	}
	if (open && !failed && ct_store_commit(in->store) != CT_OK) {
		snprintf(why, sizeof why, "%s", ct_store_errmsg(in->store));
		failed = true;
	}
	if (failed) {
		ct_store_rollback(in->store);
		rolled_back(in, b->v, n, why);
		*fatal = true;
	}
	for (size_t i = 0; i < n; i++) {
		report_result(in, b->v[i]);
		*done += b->v[i]->o.st != ST_NOTE;
	}
	fflush(stdout);
	for (size_t i = 0; i < b->n; i++)
		result_free(b->v[i]);
	b->n = 0;
	b->bytes = 0;
}

/*
 * Sets up n workers, each with its own matcher. Without threads (n_threads
 * 0, one worker) it looks for stored documents through the ingest's own
 * connection; with them each opens a read-only one.
 */
static int make_workers(struct ingest *in, unsigned n_threads, struct worker *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		w[i] = (struct worker){ .in = in, .lookup = in->store };
		if (ct_matcher_new(in->rs, worker_diag, &w[i], &w[i].m) != CT_OK)
			return CT_ENOMEM;
		if (n_threads == 0)
			continue;
		/* Without it every document is matched; the writer still finds duplicates. */
		w[i].own_lookup = true;
		if (ct_store_open(cli_db_path(in->g), CT_STORE_READONLY, &w[i].lookup, NULL, 0) != CT_OK)
			w[i].lookup = NULL;
	}
	return CT_OK;
}

static void free_workers(struct worker *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		ct_matcher_free(w[i].m);
		if (w[i].own_lookup)
			ct_store_close(w[i].lookup);
	}
}

/*
 * Reads, matches and stores the files among the inputs, in their order;
 * adds the inputs dealt with to *done. Stops early on a signal (the files
 * started are still stored) or when the database fails (*fatal).
 */
/*
 * Gives the pool the items found so far, finding more while fewer than
 * `window` wait to be taken; closes the pool once the walk is done
 * (*closed). *added counts the items given. Returns 0, or -1 when out of
 * memory.
 */
static int feed(struct ingest *in, struct workpool *wp, size_t *added, size_t taken,
		size_t window, bool *closed)
{
	if (*closed)
		return 0;
	while (*added - taken < window) {
		if (*added == in->n_items) {
			if (in->walk_done)
				break;
			if (find_inputs(in, window - (*added - taken)) != 0)
				return -1;
			continue;
		}
		if (workpool_add(wp, in->items[*added]) != 0)
			return -1;
		(*added)++;
	}
	if (in->walk_done && *added == in->n_items) {
		workpool_close(wp);
		*closed = true;
	}
	return 0;
}

static void ingest_files(struct ingest *in, size_t *done, bool *fatal)
{
	size_t window = BATCH_DOCS + WINDOW_PER_JOB * in->jobs, added = 0, taken = 0;
	unsigned n_threads = in->jobs, n_workers;
	struct worker *workers = NULL;
	void **ctx = NULL;
	struct workpool_config c;
	struct workpool *wp = NULL;
	struct batch b = { .n = 0 };
	bool stopping = false, closed = false;
	int rc;

	/* As many threads as inputs, when there are few. */
	if (find_inputs(in, window) != 0)
		goto nomem;
	if (in->n_items == 0)
		return;
	if (in->walk_done && in->n_items < n_threads)
		n_threads = (unsigned)in->n_items;
	if (n_threads <= 1)
		n_threads = 0;
	n_workers = n_threads ? n_threads : 1;
	workers = calloc(n_workers, sizeof *workers);
	ctx = calloc(n_workers, sizeof *ctx);
	if (!workers || !ctx || make_workers(in, n_threads, workers, n_workers) != CT_OK)
		goto nomem;
	for (unsigned i = 0; i < n_workers; i++)
		ctx[i] = &workers[i];
	if (n_threads)
		ct_init();
	c = (struct workpool_config){
		.n_threads = n_threads, .ctx = ctx, .fn = work, .free_result = result_free,
		.window = window, .max_weight = WINDOW_BYTES,
	};
	if ((rc = workpool_start(&c, &wp)) != 0) {
		doc_error(in, "claimtrack", strerror(rc));
		*fatal = true;
		goto out;
	}
	show_progress(in, 0);
	for (;;) {
		struct result *r = NULL;
		size_t k;
		long wait = b.n ? BATCH_MS - ms_since(&b.first) : BATCH_MS;
		int got;

		if (stop_signal && !stopping) {
			workpool_stop(wp);
			stopping = true;
			clear_progress(in);
			fprintf(stderr, "claimtrack: interrupted; storing the documents already "
				"started, then stopping\n");
		}
		if (!stopping && feed(in, wp, &added, taken, window, &closed) != 0)
			goto nomem;
		got = workpool_next(wp, wait < 0 ? 0 : (int)wait, &k, (void **)&r);
		if (got == 1 && !r) {
			doc_error(in, in->items[k]->path, "out of memory");
			*fatal = true;
			got = -1;
		}
		if (got == 1) {
			taken = k + 1;
			if (b.n == 0)
				clock_gettime(CLOCK_MONOTONIC, &b.first);
			b.v[b.n++] = r;
			b.bytes += r->doc ? r->doc->body_len : 0;
		}
		if (b.n && (got != 1 || b.n == in->batch || b.bytes >= BATCH_BYTES ||
			    ms_since(&b.first) >= BATCH_MS)) {
			flush(in, &b, done, fatal);
			if (got == 1)
				show_progress(in, k + 1);
		}
		if (got < 0 || *fatal)
			break;
	}
	goto out;
nomem:
	doc_error(in, "claimtrack", "out of memory");
	*fatal = true;
out:
	for (size_t i = 0; i < b.n; i++)
		result_free(b.v[i]);
	workpool_free(wp);
	if (workers)
		free_workers(workers, n_workers);
	free(workers);
	free(ctx);
}

/* ---- URLs ---- */

struct url_run {
	struct ingest *in;
	size_t done;            /* URLs given that were dealt with */
	bool fatal;
};

/* One URL's line (or error) and JSON entry. */
static void on_url(const struct cli_url_outcome *u, void *user)
{
	static const char *const names[] = {
		[CLI_URL_STORED] = "stored", [CLI_URL_DUPLICATE] = "duplicate",
		[CLI_URL_UNCHANGED] = "unchanged", [CLI_URL_EMPTY] = "empty",
		[CLI_URL_FEED] = "feed", [CLI_URL_FAILED] = "error",
	};
	struct url_run *r = user;
	struct ingest *in = r->in;
	json_t *e = json_object(), *warnings = json_array();
	bool has_doc = u->status == CLI_URL_STORED || u->status == CLI_URL_DUPLICATE;

	json_object_set_new(e, "source", json_string(u->url));
	json_object_set_new(e, "id", has_doc ? json_integer(u->document_id) : json_null());
	json_object_set_new(e, "claims", json_integer((json_int_t)u->n_claims));
	json_object_set_new(e, "speakers", json_integer((json_int_t)u->n_speakers));
	json_object_set_new(e, "duplicate", json_boolean(u->status == CLI_URL_DUPLICATE));
	json_object_set_new(e, "status", json_string(names[u->status]));
	for (size_t i = 0; i < u->n_warnings; i++)
		doc_warning(in, u->url, warnings, u->warnings[i]);
	if (json_array_size(warnings))
		json_object_set(e, "warnings", warnings);
	json_decref(warnings);
	if (u->status == CLI_URL_FAILED) {
		doc_error(in, u->url, u->message);
		json_object_set_new(e, "error", json_string(u->message));
	} else if (in->format == F_TABLE) {
		clear_progress(in);
		if (u->status == CLI_URL_STORED)
			printf("%s: %zu claim%s, %zu speaker%s\n", u->url, u->n_claims,
			       u->n_claims == 1 ? "" : "s", u->n_speakers,
			       u->n_speakers == 1 ? "" : "s");
		else if (u->status == CLI_URL_DUPLICATE)
			printf("%s: already ingested (document %lld)\n", u->url,
			       (long long)u->document_id);
		else if (u->status == CLI_URL_UNCHANGED)
			printf("%s: not changed, skipped\n", u->url);
		else if (u->status == CLI_URL_FEED)
			printf("%s: feed, %s\n", u->url, u->message);
		else
			printf("%s: empty (no article text), skipped\n", u->url);
		fflush(stdout);
	}
	if (in->format == F_JSON)
		json_array_append_new(in->docs, e);
	else
		json_decref(e);
	switch (u->status) {
	case CLI_URL_STORED:
		in->n_stored++;
		in->n_total_claims += u->n_claims;
		break;
	case CLI_URL_DUPLICATE: in->n_duplicate++; break;
	case CLI_URL_UNCHANGED: in->n_unchanged++; break;
	case CLI_URL_EMPTY: in->n_empty++; break;
	case CLI_URL_FEED: break;
	case CLI_URL_FAILED: in->n_failed++; break;
	}
	r->done += !u->item;
	r->fatal |= u->fatal;
}

/* Fetches and stores the URLs among the inputs; adds to *done. */
static void ingest_urls(struct ingest *in, size_t *done, bool *fatal)
{
	struct url_run r = { in, 0, false };
	struct cli_url_run run;

	memset(&run, 0, sizeof run);
	run.g = in->g;
	run.store = in->store;
	run.rs = in->rs;
	run.m = in->m;
	run.fetch = &in->fetch;
	run.date = in->date;
	run.outlet = in->outlet;
	run.url = in->url;
	run.title = in->title;
	run.feeds = true;
	run.stop = &stop_signal;
	run.fn = on_url;
	run.user = &r;
	if (in->n_urls && cli_ingest_urls(&run, in->urls, in->n_urls) != EXIT_OK)
		*fatal = true;
	*done += r.done;
	*fatal |= r.fatal;
}

/* ---- the run ---- */

static void print_total(struct ingest *in, size_t done, bool interrupted)
{
	if (in->format == F_JSON) {
		json_t *root = json_pack("{s:s, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b}}",
			"database", cli_db_path(in->g), "documents", json_incref(in->docs),
			"total", "inputs", (json_int_t)(in->n_inputs + in->n_urls), "done", (json_int_t)done,
			"stored", (json_int_t)in->n_stored, "duplicates", (json_int_t)in->n_duplicate,
			"empty", (json_int_t)in->n_empty, "failed", (json_int_t)in->n_failed,
			"claims", (json_int_t)in->n_total_claims, "interrupted", interrupted);
		json_object_set_new(json_object_get(root, "total"), "unchanged",
				    json_integer((json_int_t)in->n_unchanged));
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
		json_decref(root);
		return;
	}
	printf("total: %zu stored (%zu claim%s), %zu already ingested, %zu empty, %zu failed",
	       in->n_stored, in->n_total_claims, in->n_total_claims == 1 ? "" : "s",
	       in->n_duplicate, in->n_empty, in->n_failed);
	if (in->n_unchanged)
		printf(", %zu not changed", in->n_unchanged);
	printf("\n");
}

static void release(struct ingest *in)
{
	for (size_t i = 0; i < in->n_items; i++) {
		free(in->items[i]->path);
		free(in->items[i]->error);
		free(in->items[i]->note);
		free(in->items[i]);
	}
	free(in->items);
	walk_free(in->walk);
	free(in->roots);
	free(in->urls);
	json_decref(in->docs);
	ct_store_close(in->store);
	ct_matcher_free(in->m);
	ct_ruleset_free(in->rs);
	cli_fetch_release(&in->fetch);
}

int cmd_ingest(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct ingest in = { 0 };
	struct sigaction sa;
	const char **pos = NULL;
	size_t n_pos = 0, done = 0, n_in;
	bool fatal = false;
	int rc;

	/* From the start: a signal while the rules load stops before the first document. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	in.g = g;
	cli_fetch_init(&in.fetch);
	rc = cli_parse(cmd, g, argc, argv, set_opt, &in, &pos, &n_pos);
	if (rc != EXIT_OK) {
		cli_fetch_release(&in.fetch);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (n_pos == 0) {
		rc = cli_usage_error(cmd, "no input: give files, folders, or '-' for stdin");
		goto out;
	}
	/* URLs are fetched after the files; the files are found as they are
	 * stored, and the first before anything else is done. */
	in.roots = calloc(n_pos, sizeof *in.roots);
	in.urls = calloc(n_pos, sizeof *in.urls);
	for (size_t i = 0; in.roots && in.urls && i < n_pos; i++) {
		if (cli_is_url(pos[i]))
			in.urls[in.n_urls++] = pos[i];
		else
			in.roots[in.n_roots++] = pos[i];
	}
	if (!in.roots || !in.urls ||
	    !(in.walk = walk_new(in.roots, in.n_roots, has_txt_suffix, &stop_signal))) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	/* The first input before anything else (all of them with --url): a
	 * run with none says so before a database is made. */
	while (!in.walk_done && (in.url || in.n_inputs == 0)) {
		if (find_inputs(&in, 1) != 0) {
			cli_error("out of memory");
			rc = EXIT_FAIL;
			goto out;
		}
	}
	if (in.url && in.n_inputs + in.n_urls != 1) {
		rc = cli_usage_error(cmd, "--url names one document, and the inputs hold %zu",
				     in.n_inputs + in.n_urls);
		goto out;
	}
	if (in.walk_done && in.n_inputs + in.n_urls == 0 && !stop_signal) {
		size_t k = walk_n_other(in.walk);
		const char *where = n_pos == 1 ? pos[0] : "the folders given";
		if (k)
			cli_error("no *.txt, *.html or *.htm files in %s (%zu file%s of other kinds "
				  "skipped)", where, k, k == 1 ? "" : "s");
		else
			cli_error("no *.txt, *.html or *.htm files in %s", where);
		rc = EXIT_FAIL;
		goto out;
	}
	if (in.batch == 0)
		in.batch = BATCH_DOCS;
	if (in.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		in.jobs = n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (unsigned)n;
	}
	if ((rc = cli_load_rules(g, diag, &in, &in.rs)) != EXIT_OK)
		goto out;
	if (ct_matcher_new(in.rs, diag, &in, &in.m) != CT_OK || !(in.docs = json_array())) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = cli_open_store(g, 0, &in.store)) != EXIT_OK)
		goto out;

	ingest_files(&in, &done, &fatal);
	clear_progress(&in);
	if (!stop_signal && !fatal)
		ingest_urls(&in, &done, &fatal);
	print_total(&in, done, stop_signal != 0);
	n_in = in.n_inputs + in.n_urls;
	if (stop_signal) {
		fprintf(stderr, "claimtrack: interrupted after %zu of %s%zu input%s; run the same "
			"command again to continue (stored documents are skipped)\n",
			done, in.walk_done ? "" : "the first ", n_in, n_in == 1 ? "" : "s");
		rc = 128 + stop_signal;
	} else if (fatal) {
		fprintf(stderr, "claimtrack: stopped after %zu of %s%zu input%s: the database "
			"failed\n", done, in.walk_done ? "" : "the first ", n_in, n_in == 1 ? "" : "s");
		rc = EXIT_FAIL;
	} else {
		rc = in.n_failed ? EXIT_FAIL : EXIT_OK;
	}
out:
	release(&in);
	free(pos);
	return rc;
}
