/*
 * claimtrack ingest: read documents, find their claims, store them.
 *
 * This file: the options, the run and its total, and the URLs (which
 * fetch_ingest.c fetches). The files are read, matched and stored by
 * ingest_files.c, found by ingest_input.c.
 */
#include "cli/ingest.h"

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


enum { O_DATE = 1, O_OUTLET, O_URL, O_TITLE, O_FORMAT, O_JOBS, O_BATCH, O_INDEX,
       O_COPY_THRESHOLD };

static const char *const formats[] = { "table", "json", NULL };

static const struct cli_opt ingest_opts[] = {
	{ O_DATE, "date", 0, "DATE", "publication date YYYY-MM-DD for every INPUT (overrides its header)" },
	{ O_OUTLET, "outlet", 0, "NAME", "outlet for every INPUT (overrides its header)" },
	{ O_URL, "url", 0, "URL", "source URL; only with a single document" },
	{ O_TITLE, "title", 0, "TITLE", "title for every INPUT (overrides its header)" },
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default) or json" },
	{ O_JOBS, "jobs", 'j', "N", "files read and matched at once (default: the number of CPUs)" },
	{ O_BATCH, "batch", 0, "N", "documents stored per transaction, at most (1-1024, default 1024)" },
	{ O_INDEX, "index", 0, NULL, "index the stored sentences before exiting (see below)" },
	{ O_COPY_THRESHOLD, "copy-threshold", 0, "S", "similarity from which a body is a copy of an "
	  "earlier story (0.01-1, default 0.3; 'off': none)" },
	CLI_FETCH_OPTS,
	CLI_FETCH_MANY_OPTS,
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_ingest = {
	"ingest", cmd_ingest, "[--date D] [--outlet O] [--url U] [--title T] [--format table|json] [--jobs N] [--batch N] [--index] [--copy-threshold S] [--allow-private] INPUT...",
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
	"A document whose body is mostly another's (a wire story carried by several\n"
	"outlets, with its own headline, lead, byline or boilerplate) is stored as a\n"
	"copy of that story, whose first stored document is its root: reports and\n"
	"`claims` count its claims once, carried by each outlet. Two bodies are one\n"
	"story from --copy-threshold (the estimated share of 7-word runs they have\n"
	"in common; default 0.3); the line of a copy says 'copy of #ID'.\n"
	"An http(s) URL is fetched and read as an HTML page, after the files; several\n"
	"URLs are fetched at once (--parallel, --per-host). A URL stored already is\n"
	"not fetched again; one fetched before is asked for only if it changed\n"
	"(ETag, Last-Modified): 'not changed, skipped'. A URL that serves an RSS or\n"
	"Atom feed is read for its items, which are fetched and stored the same way.\n"
	"Private, loopback and link-local addresses are refused unless\n"
	"--allow-private is given.\n"
	"The sentences of the texts stored are indexed for 'similar' and 'rules\n"
	"coverage' when those next run (or 'nightly' ends), not here, which keeps\n"
	"ingest fast; --index indexes them before ingest exits, so that the next\n"
	"query starts at once.\n\n"
	"Ctrl-C (SIGINT) or SIGTERM: no file is started after it; the files being\n"
	"read are finished and stored with those before them, then it stops (exit\n"
	"130, or 143 for SIGTERM); running it again continues, since stored\n"
	"documents are skipped. Exit 1 when any INPUT failed.",
	ingest_opts,
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
		return cli_parse_date(&cli_cmd_ingest, "date", value, &in->date);
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
	case O_JOBS:
		return cli_parse_jobs(&cli_cmd_ingest, value, &in->jobs);
	case O_INDEX:
		in->index = true;
		break;
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
	case O_COPY_THRESHOLD: {
		char *end;
		double t = strcmp(value, "off") == 0 ? -1 : strtod(value, &end);
		if (t != -1 && (end == value || *end || !(t >= 0.01 && t <= 1))) {
			cli_usage_error(&cli_cmd_ingest, "--copy-threshold needs a number from 0.01 "
					"to 1, or 'off', not '%s'", value);
			return 1;
		}
		in->copy_threshold = t;
		break;
	}
	}
	return 0;
}

/* Files a folder walk takes: *.txt, and web pages saved as *.html or
 * *.htm, in any case (.TXT, .Html). */
static bool has_txt_suffix(const char *name)
{
	size_t n = strlen(name);
	return (n > 4 && strcasecmp(name + n - 4, ".txt") == 0) ||
	       (n > 5 && strcasecmp(name + n - 5, ".html") == 0) ||
	       (n > 4 && strcasecmp(name + n - 4, ".htm") == 0);
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
	if (u->text_stored)
		json_object_set_new(e, "text_stored", json_true());
	for (size_t i = 0; i < u->n_warnings; i++)
		ingest_doc_warning(in, u->url, warnings, u->warnings[i]);
	if (json_array_size(warnings))
		json_object_set(e, "warnings", warnings);
	json_decref(warnings);
	if (u->status == CLI_URL_FAILED) {
		ingest_doc_error(in, u->url, u->message);
		json_object_set_new(e, "error", json_string(u->message));
	} else if (in->format == F_TABLE) {
		ingest_clear_progress(in);
		if (u->status == CLI_URL_STORED)
			printf("%s: %zu claim%s, %zu speaker%s\n", u->url, u->n_claims,
			       u->n_claims == 1 ? "" : "s", u->n_speakers,
			       u->n_speakers == 1 ? "" : "s");
		else if (u->status == CLI_URL_DUPLICATE)
			printf("%s: already ingested (document %lld)%s\n", u->url,
			       (long long)u->document_id,
			       u->text_stored ? "; its text stored now" : "");
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
	case CLI_URL_DUPLICATE:
		in->n_duplicate++;
		in->n_text_stored += u->text_stored;
		break;
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
		json_object_set_new(json_object_get(root, "total"), "texts_stored",
				    json_integer((json_int_t)in->n_text_stored));
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
		json_decref(root);
		return;
	}
	printf("total: %zu stored (%zu claim%s), %zu already ingested, %zu empty, %zu failed",
	       in->n_stored, in->n_total_claims, in->n_total_claims == 1 ? "" : "s",
	       in->n_duplicate, in->n_empty, in->n_failed);
	if (in->n_text_stored)
		printf(", %zu text%s of documents stored before stored now", in->n_text_stored,
		       in->n_text_stored == 1 ? "" : "s");
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
	in.stop = &stop_signal;
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
		if (ingest_find_inputs(&in, 1) != 0) {
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
		in.jobs = n < 1 ? 1 : n > CLI_MAX_JOBS ? CLI_MAX_JOBS : (unsigned)n;
	}
	if ((rc = cli_load_rules(g, ingest_diag, &in, &in.rs)) != EXIT_OK)
		goto out;
	if (ct_matcher_new(in.rs, ingest_diag, &in, &in.m) != CT_OK || !(in.docs = json_array())) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = cli_open_store(g, 0, &in.store)) != EXIT_OK)
		goto out;
	if (in.copy_threshold)
		ct_store_set_copy_threshold(in.store, in.copy_threshold);

	ingest_files(&in, &done, &fatal);
	ingest_clear_progress(&in);
	if (!stop_signal && !fatal)
		ingest_urls(&in, &done, &fatal);
	if (in.index && !stop_signal && !fatal &&
	    cli_sentences_catch_up(g, in.store, true, &stop_signal) != EXIT_OK)
		fatal = true;
	print_total(&in, done, stop_signal != 0);
	/* Documents already stored were matched with the rules of their time. */
	if (!fatal)
		cli_note_rules_drift(in.store, in.rs);
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
