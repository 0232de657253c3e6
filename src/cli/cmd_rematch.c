/*
 * claimtrack rematch: matches stored documents again with the rules loaded
 * now, where they differ from the rules the documents' claims were made
 * with (ct_store_rematch_plan()). Worker threads (--jobs) each load a
 * document's stored text and find its claims with their own matcher; this
 * thread takes the results in document order and applies each in its own
 * transaction, so a kill leaves every document done or untouched and the
 * next run continues with those left.
 */
#include "cli.h"
#include "workpool.h"

#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WINDOW_PER_JOB 8
#define WINDOW_BYTES (8u << 20)   /* text in results not yet applied, at most */

enum { O_PROPOSITION = 1, O_SINCE, O_UNTIL, O_DRY_RUN, O_FORMAT, O_JOBS, O_VERBOSE };
enum { F_TABLE, F_JSON };

static const char *const formats[] = { "table", "json", NULL };

static const struct cli_opt rematch_opts[] = {
	{ O_PROPOSITION, "proposition", 'p', "ID", "only this proposition; repeatable" },
	{ O_SINCE, "since", 0, "DATE", "only documents published on or after DATE (YYYY-MM-DD)" },
	{ O_UNTIL, "until", 0, "DATE", "only documents published on or before DATE" },
	{ O_DRY_RUN, "dry-run", 'n', NULL, "say what would change, change nothing" },
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default) or json" },
	{ O_JOBS, "jobs", 'j', "N", "documents matched at once (default: the number of CPUs)" },
	{ O_VERBOSE, "verbose", 'v', NULL, "a line for each document brought up to date" },
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_rematch = {
	"rematch", cmd_rematch,
	"[--proposition ID]... [--since D] [--until D] [--dry-run] [--format table|json] "
	"[--jobs N] [--verbose]",
	"match stored documents again after the rules changed",
	"Brings the stored claims up to the rules loaded now. Every document records\n"
	"the version (rev and fingerprint) of each proposition it was matched with;\n"
	"a proposition that is new, whose rev or patterns changed, is matched again\n"
	"over the documents' stored texts: claims found again keep their id and\n"
	"take the new values, new ones are added, those no longer found retire.\n"
	"A proposition no longer in the rules has its claims retired. Retired\n"
	"claims are kept (not in listings or reports); 'db stats' counts them.\n"
	"Reviews (claimtrack review) are applied again to the claims they were\n"
	"made on; one whose claim is no longer found is kept and listed as\n"
	"orphaned. --proposition limits the run to those ids, --since and --until\n"
	"to documents published in that period.\n"
	"Prints, per proposition, what changed: 'af.terrorist-presence rev 2: +14\n"
	"claims, -3, 5 changed stance'. Documents are matched by --jobs threads\n"
	"and each is brought up to date in its own transaction: Ctrl-C, SIGTERM or\n"
	"a kill leaves every document either done or untouched, and running it\n"
	"again continues with the rest. A run with the same rules changes nothing.\n"
	"Documents stored before claimtrack kept texts (schema 7) cannot be matched\n"
	"again; they are counted, and ingesting their sources again stores them.\n"
	"JSON: {\"database\", \"dry_run\", \"interrupted\", \"documents\": {to_do,\n"
	"done, without_text, outside_period}, \"propositions\": [{id, rev,\n"
	"fingerprint, change (new, changed, removed), documents, done, added,\n"
	"retired, changed_stance, found_again}], \"orphaned_reviews\": [...]}.\n"
	"Exit status: 0 done (or nothing to do); 1 bad rules, an unknown\n"
	"proposition, or the database failed; 2 usage error; 130 or 143 when\n"
	"interrupted by SIGINT or SIGTERM.",
	rematch_opts,
};

struct rematch {
	const struct cli_global *g;
	const char **props;
	size_t n_props;
	const char *since, *until;
	bool dry_run, verbose;
	int format;
	unsigned jobs;
	struct ct_ruleset *rs;
	struct ct_store *store;
	struct ct_rematch_plan *plan;
	json_t *orphans;
	size_t n_orphans, n_done, n_to_do, n_without_text;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static int set_opt(void *u, int id, const char *value)
{
	struct rematch *r = u;

	switch (id) {
	case O_PROPOSITION: {
		const char **grown = ct_realloc_array(r->props, r->n_props + 1, sizeof *grown);
		if (!grown) {
			cli_error("out of memory");
			return 1;
		}
		r->props = grown;
		r->props[r->n_props++] = value;
		break;
	}
	case O_SINCE:
	case O_UNTIL:
		return cli_parse_date(&cli_cmd_rematch, id == O_SINCE ? "since" : "until", value,
				      id == O_SINCE ? &r->since : &r->until);
	case O_DRY_RUN:
		r->dry_run = true;
		break;
	case O_VERBOSE:
		r->verbose = true;
		break;
	case O_FORMAT:
		if ((r->format = cli_choice(value, formats)) < 0) {
			cli_usage_error(&cli_cmd_rematch, "unknown format '%s' (table or json)", value);
			return 1;
		}
		break;
	case O_JOBS:
		return cli_parse_jobs(&cli_cmd_rematch, value, &r->jobs);
	}
	return 0;
}

/* ---- one document, in a worker ---- */

struct result {
	size_t index;                   /* in the plan */
	struct ct_doc *doc;             /* NULL when it needs no text */
	struct ct_doc_claim_list found;
	int rc;                         /* CT_OK, or why it could not be matched */
	char msg[256];
};

static void result_free(void *p)
{
	struct result *r = p;

	if (!r)
		return;
	ct_doc_free(r->doc);
	ct_doc_claim_list_release(&r->found);
	free(r);
}

struct worker {
	struct rematch *rm;
	struct ct_matcher *m;
	struct ct_store *store;         /* to read the texts */
	bool own_store;
};

/* workpool_fn: loads and matches the plan's document *arg. */
static void *work(void *ctx, size_t k, void *arg, size_t *weight)
{
	struct worker *w = ctx;
	const size_t *index = arg;
	struct result *r = calloc(1, sizeof *r);

	(void)k;
	if (!r)
		return NULL;
	r->index = *index;
	if (!ct_rematch_plan_needs_text(w->rm->plan, r->index))
		return r;
	r->rc = w->store ? ct_store_load_document(w->store,
						  ct_rematch_plan_document(w->rm->plan, r->index),
						  &r->doc) : CT_EDB;
	if (r->rc != CT_OK) {
		snprintf(r->msg, sizeof r->msg, "%s", w->store ? ct_store_errmsg(w->store)
								: "cannot open the database");
		return r;
	}
	r->rc = ct_doc_claim_list_find(&r->found, w->m, w->rm->rs, r->doc);
	if (r->rc != CT_OK)
		snprintf(r->msg, sizeof r->msg, "%s", ct_strerror(r->rc));
	*weight = r->doc->body_len;
	return r;
}

/* ---- applying, in this thread ---- */

static void on_orphan(const struct ct_orphan_review *o, void *user)
{
	struct rematch *rm = user;

	rm->n_orphans++;
	if (rm->format == F_JSON) {
		json_array_append_new(rm->orphans, json_pack(
			"{s:I, s:I, s:I, s:s, s:s, s:s?, s:I, s:I}", "review", (json_int_t)o->review_id,
			"document", (json_int_t)o->document_id, "claim", (json_int_t)o->claim_id,
			"proposition", o->proposition, "field", o->field, "value", o->value,
			"sentence_start", (json_int_t)o->sentence_start,
			"sentence_end", (json_int_t)o->sentence_end));
		return;
	}
	printf("orphaned review %lld of claim c%lld (document d%lld, %s, its %s): the rules no "
	       "longer find the claim; the review is kept\n", (long long)o->review_id,
	       (long long)o->claim_id, (long long)o->document_id, o->proposition, o->field);
}

/* The sums of the plan's counts, to say what one document changed. */
static void totals(const struct ct_rematch_plan *p, size_t t[3])
{
	t[0] = t[1] = t[2] = 0;
	for (size_t i = 0; i < ct_rematch_plan_n_changes(p); i++) {
		const struct ct_rematch_change *c = ct_rematch_plan_change(p, i);
		t[0] += c->added;
		t[1] += c->retired;
		t[2] += c->changed_stance;
	}
}

/* Applies one result; returns false when the database failed. */
static bool apply(struct rematch *rm, struct result *r)
{
	int64_t id = ct_rematch_plan_document(rm->plan, r->index);
	size_t before[3], after[3];
	bool done = false;
	int rc;

	if (r->rc != CT_OK) {
		fprintf(stderr, "claimtrack: error: %s: document d%lld: %s; left as it was\n",
			cli_db_path(rm->g), (long long)id, r->msg);
		return r->rc != CT_EDB;
	}
	totals(rm->plan, before);
	rc = ct_store_rematch_document(rm->store, rm->plan, r->index, r->doc, r->found.a,
				       r->found.claims, r->found.n_claims, on_orphan, rm, &done);
	if (rc != CT_OK) {
		cli_store_error(rm->g, rm->store, rc);
		return false;
	}
	rm->n_done += done;
	if (rm->verbose && done && rm->format == F_TABLE) {
		totals(rm->plan, after);
		printf("d%lld: +%zu, -%zu, %zu changed stance\n", (long long)id,
		       after[0] - before[0], after[1] - before[1], after[2] - before[2]);
		fflush(stdout);
	}
	return true;
}

static int make_workers(struct rematch *rm, unsigned n_threads, struct worker *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		w[i] = (struct worker){ .rm = rm, .store = rm->store };
		if (ct_matcher_new(rm->rs, cli_diag_stderr, NULL, &w[i].m) != CT_OK)
			return CT_ENOMEM;
		if (n_threads == 0)
			continue;
		w[i].own_store = true;
		if (ct_store_open(cli_db_target(rm->g), CT_STORE_READONLY, &w[i].store, NULL, 0)
		    != CT_OK)
			w[i].store = NULL;
	}
	return CT_OK;
}

/*
 * Matches and applies the plan's documents in order; stops taking new
 * ones on a signal. Returns false when the database failed.
 */
static bool run_plan(struct rematch *rm)
{
	size_t n = ct_rematch_plan_n_documents(rm->plan), n_items = 0;
	unsigned n_threads, n_workers;
	struct worker *workers = NULL;
	struct workpool *wp = NULL;
	struct workpool_config c;
	size_t *items = NULL;
	void **ctx = NULL;
	bool ok = true, stopping = false;

	if (!(items = calloc(n ? n : 1, sizeof *items)))
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		if (ct_rematch_plan_needs_text(rm->plan, i) && !ct_rematch_plan_has_text(rm->plan, i))
			rm->n_without_text++;
		else
			items[n_items++] = i;
	}
	rm->n_to_do = n_items;
	if (n_items == 0)
		goto out;
	n_threads = rm->jobs < n_items ? rm->jobs : (unsigned)n_items;
	/* In a dry run the documents' changes are not committed: one
	 * connection does everything. */
	if (n_threads <= 1 || rm->dry_run)
		n_threads = 0;
	n_workers = n_threads ? n_threads : 1;
	workers = calloc(n_workers, sizeof *workers);
	ctx = calloc(n_workers, sizeof *ctx);
	if (!workers || !ctx || make_workers(rm, n_threads, workers, n_workers) != CT_OK)
		goto nomem;
	for (unsigned i = 0; i < n_workers; i++)
		ctx[i] = &workers[i];
	if (n_threads)
		ct_init();
	c = (struct workpool_config){
		.n_threads = n_threads, .ctx = ctx, .fn = work, .free_result = result_free,
		.window = WINDOW_PER_JOB * n_workers, .max_weight = WINDOW_BYTES,
	};
	if (workpool_start(&c, &wp) != 0)
		goto nomem;
	for (size_t i = 0; i < n_items; i++)
		if (workpool_add(wp, &items[i]) != 0)
			goto nomem;
	workpool_close(wp);
	for (;;) {
		struct result *r = NULL;
		size_t k;
		int got;

		if (stop_signal && !stopping) {
			workpool_stop(wp);
			stopping = true;
		}
		got = workpool_next(wp, 200, &k, (void **)&r);
		if (got < 0)
			break;
		if (got == 0)
			continue;
		if (!r) {
			cli_error("out of memory");
			ok = false;
			break;
		}
		ok = apply(rm, r);
		result_free(r);
		if (!ok)
			break;
	}
	goto out;
nomem:
	cli_error("out of memory");
	ok = false;
out:
	workpool_free(wp);
	for (unsigned i = 0; workers && i < n_workers; i++) {
		ct_matcher_free(workers[i].m);
		if (workers[i].own_store)
			ct_store_close(workers[i].store);
	}
	free(workers);
	free(ctx);
	free(items);
	return ok;
}

/* ---- output ---- */

static const char *const kind_names[] = { "new", "changed", "removed" };

static void print_table(const struct rematch *rm)
{
	size_t n = ct_rematch_plan_n_changes(rm->plan), shown = 0;
	const char *would = rm->dry_run ? "would be " : "";

	for (size_t i = 0; i < n; i++) {
		const struct ct_rematch_change *c = ct_rematch_plan_change(rm->plan, i);
		if (!c->documents)
			continue;
		shown++;
		if (c->kind == CT_REMATCH_REMOVED) {
			printf("%s (removed from the rules): %zu claim%s %sretired", c->id, c->retired,
			       c->retired == 1 ? "" : "s", would);
		} else {
			printf("%s rev %d%s: +%zu claim%s, -%zu, %zu changed stance", c->id, c->rev,
			       c->kind == CT_REMATCH_NEW ? " (new)" : "", c->added,
			       c->added == 1 ? "" : "s", c->retired, c->changed_stance);
		}
		printf(" (%zu of %zu document%s)\n", c->done, c->documents,
		       c->documents == 1 ? "" : "s");
	}
	if (!shown)
		printf("nothing to rematch: the stored claims were made with these rules\n");
	else
		printf("%s%zu of %zu document%s brought up to date%s\n",
		       rm->dry_run ? "dry run: " : "", rm->n_done, rm->n_to_do,
		       rm->n_to_do == 1 ? "" : "s",
		       rm->dry_run ? "; nothing was changed" : "");
	if (rm->n_without_text)
		printf("%zu document%s stored before claimtrack kept texts cannot be matched "
		       "again: ingest %s sources again to store %s text\n", rm->n_without_text,
		       rm->n_without_text == 1 ? "" : "s", rm->n_without_text == 1 ? "its" : "their",
		       rm->n_without_text == 1 ? "its" : "their");
	if (ct_rematch_plan_n_outside(rm->plan))
		printf("%zu document%s outside the period not matched again\n",
		       ct_rematch_plan_n_outside(rm->plan),
		       ct_rematch_plan_n_outside(rm->plan) == 1 ? "" : "s");
}

static void print_json(const struct rematch *rm, bool interrupted)
{
	json_t *props = json_array(), *root;

	for (size_t i = 0; i < ct_rematch_plan_n_changes(rm->plan); i++) {
		const struct ct_rematch_change *c = ct_rematch_plan_change(rm->plan, i);
		if (!c->documents)
			continue;
		json_array_append_new(props, json_pack(
			"{s:s, s:i, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "id", c->id,
			"rev", c->rev, "fingerprint", c->fingerprint, "change", kind_names[c->kind],
			"documents", (json_int_t)c->documents, "done", (json_int_t)c->done,
			"added", (json_int_t)c->added, "retired", (json_int_t)c->retired,
			"changed_stance", (json_int_t)c->changed_stance,
			"found_again", (json_int_t)c->found_again));
	}
	root = json_pack("{s:s, s:b, s:b, s:{s:I, s:I, s:I, s:I}, s:o, s:O}",
			 "database", cli_db_path(rm->g), "dry_run", rm->dry_run,
			 "interrupted", interrupted, "documents",
			 "to_do", (json_int_t)rm->n_to_do, "done", (json_int_t)rm->n_done,
			 "without_text", (json_int_t)rm->n_without_text,
			 "outside_period", (json_int_t)ct_rematch_plan_n_outside(rm->plan),
			 "propositions", props, "orphaned_reviews", rm->orphans);
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("\n");
	json_decref(root);
}

/* Says what --proposition named that nothing knows, with a near name. */
static void unknown_proposition(const struct rematch *rm, const char *msg)
{
	size_t n = ct_ruleset_n_propositions(rm->rs);
	const char **ids = calloc(n ? n : 1, sizeof *ids);
	char hint[160] = "";

	for (size_t i = 0; ids && i < n; i++)
		ids[i] = ct_ruleset_proposition(rm->rs, i)->id;
	for (size_t i = 0; ids && i < rm->n_props; i++) {
		if (strstr(msg, rm->props[i])) {
			cli_did_you_mean(hint, sizeof hint, rm->props[i], "", ids, n);
			break;
		}
	}
	cli_error("%s%s", msg, hint);
	free(ids);
}

int cmd_rematch(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct rematch rm = { .g = g };
	struct ct_rematch_options o;
	struct sigaction sa;
	const char **pos = NULL;
	size_t n_pos = 0;
	bool ok;
	int rc, src;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	rc = cli_parse(cmd, g, argc, argv, set_opt, &rm, &pos, &n_pos);
	if (rc != EXIT_OK) {
		free(rm.props);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (n_pos) {
		rc = cli_usage_error(cmd, "unexpected argument '%s' (give propositions with "
				     "--proposition)", pos[0]);
		goto out;
	}
	if (rm.since && rm.until && strcmp(rm.since, rm.until) > 0) {
		rc = cli_usage_error(cmd, "--since %s is after --until %s", rm.since, rm.until);
		goto out;
	}
	if (rm.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		rm.jobs = n < 1 ? 1 : n > CLI_MAX_JOBS ? CLI_MAX_JOBS : (unsigned)n;
	}
	if ((rc = cli_load_rules(g, NULL, NULL, &rm.rs)) != EXIT_OK)
		goto out;
	if (!(rm.orphans = json_array())) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = cli_open_store(g, 0, &rm.store)) != EXIT_OK)
		goto out;
	/* A dry run does all of it in one transaction, rolled back. */
	if (rm.dry_run && (src = ct_store_begin(rm.store)) != CT_OK) {
		cli_store_error(g, rm.store, src);
		rc = EXIT_FAIL;
		goto out;
	}
	o = (struct ct_rematch_options){ rm.props, rm.n_props, rm.since, rm.until };
	if ((src = ct_store_rematch_plan(rm.store, rm.rs, &o, &rm.plan)) != CT_OK) {
		if (src == CT_ENOTFOUND)
			unknown_proposition(&rm, ct_store_errmsg(rm.store));
		else
			cli_store_error(g, rm.store, src);
		rc = EXIT_FAIL;
		goto out;
	}
	ok = run_plan(&rm);
	if (rm.dry_run)
		ct_store_rollback(rm.store);
	if (rm.format == F_JSON)
		print_json(&rm, stop_signal != 0);
	else
		print_table(&rm);
	if (!ok) {
		fprintf(stderr, "claimtrack: stopped after %zu of %zu documents; the others are as "
			"they were: run it again to continue\n", rm.n_done, rm.n_to_do);
		rc = EXIT_FAIL;
	} else if (stop_signal) {
		fprintf(stderr, "claimtrack: interrupted after %zu of %zu documents; the others are "
			"as they were: run the same command again to continue\n", rm.n_done,
			rm.n_to_do);
		rc = 128 + stop_signal;
	} else {
		rc = EXIT_OK;
	}
out:
	ct_rematch_plan_free(rm.plan);
	ct_store_close(rm.store);
	ct_ruleset_free(rm.rs);
	json_decref(rm.orphans);
	free(rm.props);
	free(pos);
	return rc;
}
