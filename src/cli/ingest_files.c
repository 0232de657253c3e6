/*
 * The files of `claimtrack ingest`. Worker threads (--jobs) each read a
 * file, build its document and find its claims with their own matcher;
 * this thread takes the results in the order of the inputs and stores
 * them, several documents per transaction, so ids and output do not depend
 * on the number of threads.
 */
#include "cli/ingest.h"
#include "workpool.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BINARY_PROBE 8000       /* bytes looked at for NULs, as git does */
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
#define BATCH_BYTES (4u << 20)
#define BATCH_MS 250
/* How many times a batch is run again after a deadlock with another writer. */
#define FLUSH_RETRIES 5
/*
 * Results waiting for the writer: a whole batch and a few per worker, so
 * that workers go on while the writer stores a batch (with only a few per
 * worker they stalled through every flush, and --jobs 2 ran no faster than
 * --jobs 1). Memory is bounded by WINDOW_BYTES, not by this.
 */
#define WINDOW_PER_JOB 4
#define WINDOW_BYTES (8u << 20) /* their body bytes beyond which workers wait */

enum status { ST_STORED, ST_DUPLICATE, ST_EMPTY, ST_ERROR, ST_FATAL, ST_NOTE };

static const char *const status_names[] = { "stored", "duplicate", "empty", "error", "error",
					    "note" };

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
	struct outcome o_made;  /* o as the worker left it: a batch run again starts there */
	struct ct_doc *doc;
	struct ct_doc_claim_list found; /* its claims and attribution */
	struct ct_packed_text packed;   /* its body compressed, when it is to be stored */
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
	ct_packed_text_release(&r->packed);
	free(r->diags);
	free(r);
}

/*
 * Where workers look for stored documents, to skip matching them: the
 * ingest's own connection without threads; with them one read-only
 * connection that they take turns on (a look-up is a few thousand
 * instructions, matching a document a million).
 */
struct lookup {
	struct ct_store *store;         /* NULL: workers do not look */
	bool shared;                    /* opened for the workers, used under mu */
	pthread_mutex_t mu;
};

/* A worker's own state; the ingest, the rules and the options it only reads. */
struct worker {
	const struct ingest *in;
	struct ct_matcher *m;
	struct ct_text_packer *packer;  /* compresses the bodies to store; NULL */
	struct lookup *lookup;          /* stored documents, to skip matching them */
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
	struct lookup *lk = w->lookup;
	int64_t id = 0;
	int rc;

	/* The writer looks again: a document stored since, earlier in the
	 * input order, may be the one it duplicates (same text, while this
	 * found an older one with the same url). */
	if (lk->store) {
		if (lk->shared)
			pthread_mutex_lock(&lk->mu);
		if (ct_store_find_document(lk->store, r->doc, &id) != CT_OK)
			id = 0;
		if (lk->shared)
			pthread_mutex_unlock(&lk->mu);
	}
	if (id) {
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
	/* Compressed here, in parallel, not in the one thread that writes.
	 * Without it (out of memory) the writer compresses. */
	if ((w->packer || (w->packer = ct_text_packer_new())) &&
	    ct_text_pack(w->packer, r->doc, &r->packed) != CT_OK)
		ct_packed_text_release(&r->packed);
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
		*weight = r->doc->body_len + r->found.n_claims * sizeof *r->found.claims +
			  r->packed.len;
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
		/* Not found: what the worker found stands (ST_DUPLICATE or ST_ERROR).
		 * Found, and stored before texts were kept: its text goes in now. */
		if (ct_store_find_document(in->store, r->doc, &id) != CT_OK) {
			o->st = ST_FATAL;
		} else if (id) {
			o->st = ST_DUPLICATE;
			o->res.document_id = id;
			o->res.duplicate = true;
			if (ct_store_add_text(in->store, id, r->doc, &o->res.text_stored) != CT_OK)
				o->st = ST_FATAL;
		}
	} else if (o->st == ST_STORED) {
		rc = ct_store_add_document_packed(in->store, in->rs, r->doc, r->found.a,
						  r->found.claims, r->found.n_claims, &r->packed,
						  &o->res);
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
		if (o->st == ST_DUPLICATE && o->res.text_stored)
			json_object_set_new(e, "text_stored", json_true());
	}
	if (o->st == ST_ERROR || o->st == ST_FATAL) {
		ingest_doc_error(in, path, o->msg);
		if (e)
			json_object_set_new(e, "error", json_string(o->msg));
		return;
	}
	if (e && (o->st == ST_STORED || o->st == ST_DUPLICATE)) {
		json_object_set_new(e, "id", json_integer(o->res.document_id));
		json_object_set_new(e, "claims", json_integer((json_int_t)o->res.n_claims));
		json_object_set_new(e, "speakers", json_integer((json_int_t)o->res.n_speakers));
		if (o->st == ST_STORED && o->res.copy_of)
			json_object_set_new(e, "copy_of", json_integer(o->res.copy_of));
	}
	if (in->format != F_TABLE)
		return;
	ingest_clear_progress(in);
	if (o->st == ST_STORED && o->res.copy_of)
		printf("%s: %zu claim%s, %zu speaker%s, copy of #%lld\n", path, o->res.n_claims,
		       o->res.n_claims == 1 ? "" : "s", o->res.n_speakers,
		       o->res.n_speakers == 1 ? "" : "s", (long long)o->res.copy_of);
	else if (o->st == ST_STORED)
		printf("%s: %zu claim%s, %zu speaker%s\n", path, o->res.n_claims,
		       o->res.n_claims == 1 ? "" : "s", o->res.n_speakers,
		       o->res.n_speakers == 1 ? "" : "s");
	else if (o->st == ST_DUPLICATE && o->res.text_stored)
		printf("%s: already ingested (document %lld); its text stored now\n", path,
		       (long long)o->res.document_id);
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
		ingest_clear_progress(in);
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
		ingest_clear_progress(in);
		fwrite(r->diags, 1, r->diags_len, stderr);
	}
	for (size_t i = 0; i < r->n_warnings; i++)
		ingest_doc_warning(in, path, warnings, r->warnings[i]);
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
	case ST_DUPLICATE:
		in->n_duplicate++;
		in->n_text_stored += r->o.res.text_stored;
		break;
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
		bool lost = o->st == ST_STORED || (o->st == ST_DUPLICATE && o->res.text_stored);

		/* Stored ones keep their id, and only they have duplicate unset. A
		 * duplicate whose text went in is lost as well. */
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
 * Looks up the speakers and outlets the batch's documents name, at once:
 * on PostgreSQL a round trip for the batch instead of one for each name.
 */
static int prefetch_names(struct ingest *in, struct batch *b)
{
	const char **sp = NULL, **out = NULL, **owner = NULL;
	enum ct_speaker_kind *kind = NULL;
	size_t n_sp = 0, cap_sp = 0, cap_kind = 0, cap_owner = 0, n_out = 0, cap_out = 0;
	int rc = CT_OK;

	for (size_t i = 0; i < b->n && rc == CT_OK; i++) {
		const struct result *r = b->v[i];
		const char *outlet;

		if (r->o.st != ST_STORED || !r->doc)
			continue;
		outlet = r->found.a && ct_attribution_outlet(r->found.a) ?
			 ct_attribution_outlet(r->found.a) : r->doc->outlet;
		if (!CT_VEC_RESERVE(out, cap_out, n_out + 1 + r->found.n_claims) ||
		    !CT_VEC_RESERVE(sp, cap_sp, n_sp + r->found.n_claims) ||
		    !CT_VEC_RESERVE(kind, cap_kind, n_sp + r->found.n_claims) ||
		    !CT_VEC_RESERVE(owner, cap_owner, n_sp + r->found.n_claims)) {
			rc = CT_ENOMEM;
			break;
		}
		out[n_out++] = outlet;
		for (size_t j = 0; j < r->found.n_claims; j++) {
			kind[n_sp] = r->found.claims[j].speaker_kind;
			owner[n_sp] = outlet;
			sp[n_sp++] = r->found.claims[j].speaker;
			out[n_out++] = r->found.claims[j].via;
		}
	}
	if (rc == CT_OK)
		rc = ct_store_prefetch_names(in->store, sp, kind, owner, n_sp, out, n_out);
	free(sp);
	free(kind);
	free(owner);
	free(out);
	return rc;
}

/*
 * On PostgreSQL, records the rules in a transaction of their own before
 * the first batch with a document to store. Recorded by the batch's first
 * new document (as on SQLite), they held the write lock, which the rules
 * take, until the batch's commit: a second ingest into the database
 * waited that long to record them, and every new speaker or outlet it
 * named waited as well (its insert takes the lock shared). With two
 * processes, pg_stat_activity sampled every 50 ms during a run found
 * 28 of 117 connection samples waiting on the lock.
 */
static int sync_rules(struct ingest *in, const struct batch *b)
{
	bool any = false;

	if (in->rules_synced || !ct_store_is_url(cli_db_target(in->g)))
		return CT_OK;
	for (size_t i = 0; i < b->n && !any; i++)
		any = b->v[i]->o.st == ST_STORED && !b->v[i]->check_duplicate;
	if (!any)
		return CT_OK;
	if (ct_store_sync_rules(in->store, in->rs) != CT_OK)
		return CT_EDB;
	in->rules_synced = true;
	return CT_OK;
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
	size_t n;
	bool open, failed;
	char why[256];
	int attempt = 0;

	for (size_t i = 0; i < b->n; i++)
		b->v[i]->o_made = b->v[i]->o;
again:
	n = b->n;
	open = failed = false;
	why[0] = '\0';
	for (size_t i = 0; i < b->n && n == b->n; i++) {
		struct result *r = b->v[i];
		/* A duplicate may have its text stored: it writes too. */
		if (!open && (r->o.st == ST_STORED || r->check_duplicate)) {
			if (sync_rules(in, b) != CT_OK || ct_store_begin(in->store) != CT_OK ||
			    prefetch_names(in, b) != CT_OK) {
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
	/* The ids of the documents written without waiting for them
	 * (ct_store_defer_ids()), read once for the batch. */
	for (size_t i = 0; i < n && open && !failed; i++) {
		struct outcome *o = &b->v[i]->o;
		if (o->st != ST_STORED || !o->res.pending)
			continue;
		if (ct_store_settle(in->store, b->v[i]->doc, &o->res) != CT_OK) {
			snprintf(why, sizeof why, "%s", ct_store_errmsg(in->store));
			o->st = ST_FATAL;
			snprintf(o->msg, sizeof o->msg, "%s: %s", cli_db_path(in->g), why);
			failed = true;
		} else if (o->res.duplicate) {
			o->st = ST_DUPLICATE;
		}
	}
	if (open && !failed && ct_store_commit(in->store) != CT_OK) {
		snprintf(why, sizeof why, "%s", ct_store_errmsg(in->store));
		failed = true;
	}
	if (failed) {
		/* Another ingest into the same PostgreSQL database, writing the
		 * same documents or names in another order, deadlocked with this
		 * one and the server failed this batch: it runs again (its
		 * results are all here), after the other one's commits. */
		bool retry = ct_store_busy(in->store) && attempt++ < FLUSH_RETRIES;
		ct_store_rollback(in->store);
		if (retry) {
			for (size_t i = 0; i < b->n; i++)
				b->v[i]->o = b->v[i]->o_made;
			goto again;
		}
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
 * Sets up n workers, each with its own matcher, and where they look for
 * stored documents (lk): nowhere into a database that held none when the
 * ingest began; else the ingest's own connection without threads
 * (n_threads 0, one worker), one read-only connection for all of them
 * with threads.
 */
static int make_workers(struct ingest *in, unsigned n_threads, struct worker *w, unsigned n,
			struct lookup *lk)
{
	bool any = true;

	/*
	 * Into a database that held no document when the ingest began, the
	 * workers do not look: only a document of this very run could be
	 * found, and the writer finds those (an insert does not store a
	 * document stored already). On PostgreSQL a look-up is a round trip,
	 * each document's: into a new database, bench's 10 MB corpus (2,097
	 * documents) took them 2,112, and matching a document costs less.
	 */
	if (ct_store_has_documents(in->store, &any) != CT_OK)
		any = true;
	/* Batches do not wait for each document's id (flush() reads them). */
	ct_store_defer_ids(in->store, true);
	if (any && n_threads == 0) {
		lk->store = in->store;
	} else if (any) {
		/* Without it every document is matched; the writer still finds duplicates. */
		if (ct_store_open(cli_db_target(in->g), CT_STORE_READONLY, &lk->store, NULL, 0) != CT_OK)
			lk->store = NULL;
		lk->shared = lk->store != NULL;
	}
	for (unsigned i = 0; i < n; i++) {
		w[i] = (struct worker){ .in = in, .lookup = lk };
		if (ct_matcher_new(in->rs, worker_diag, &w[i], &w[i].m) != CT_OK)
			return CT_ENOMEM;
	}
	return CT_OK;
}

static void free_workers(struct worker *w, unsigned n, struct lookup *lk)
{
	for (unsigned i = 0; i < n; i++) {
		ct_matcher_free(w[i].m);
		ct_text_packer_free(w[i].packer);
	}
	if (lk->shared)
		ct_store_close(lk->store);
}

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
			if (ingest_find_inputs(in, window - (*added - taken)) != 0)
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

/*
 * Reads, matches and stores the files among the inputs, in their order;
 * adds the inputs dealt with to *done. Stops early on a signal (the files
 * started are still stored) or when the database fails (*fatal).
 */
void ingest_files(struct ingest *in, size_t *done, bool *fatal)
{
	size_t window = BATCH_DOCS + WINDOW_PER_JOB * in->jobs, added = 0, taken = 0;
	unsigned n_threads = in->jobs, n_workers;
	struct worker *workers = NULL;
	void **ctx = NULL;
	struct workpool_config c;
	struct workpool *wp = NULL;
	struct lookup lk = { .store = NULL, .mu = PTHREAD_MUTEX_INITIALIZER };
	struct batch b = { .n = 0 };
	bool stopping = false, closed = false;
	int rc;

	/* As many threads as inputs, when there are few. */
	if (ingest_find_inputs(in, window) != 0)
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
	if (!workers || !ctx || make_workers(in, n_threads, workers, n_workers, &lk) != CT_OK)
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
		ingest_doc_error(in, "claimtrack", strerror(rc));
		*fatal = true;
		goto out;
	}
	ingest_show_progress(in, 0);
	for (;;) {
		struct result *r = NULL;
		size_t k;
		long wait = b.n ? BATCH_MS - ms_since(&b.first) : BATCH_MS;
		int got;

		if (*in->stop && !stopping) {
			workpool_stop(wp);
			stopping = true;
			ingest_clear_progress(in);
			fprintf(stderr, "claimtrack: interrupted; storing the documents already "
				"started, then stopping\n");
		}
		if (!stopping && feed(in, wp, &added, taken, window, &closed) != 0)
			goto nomem;
		got = workpool_next(wp, wait < 0 ? 0 : (int)wait, &k, (void **)&r);
		if (got == 1 && !r) {
			ingest_doc_error(in, in->items[k]->path, "out of memory");
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
				ingest_show_progress(in, k + 1);
		}
		if (got < 0 || *fatal)
			break;
	}
	goto out;
nomem:
	ingest_doc_error(in, "claimtrack", "out of memory");
	*fatal = true;
out:
	for (size_t i = 0; i < b.n; i++)
		result_free(b.v[i]);
	workpool_free(wp);
	if (workers)
		free_workers(workers, n_workers, &lk);
	pthread_mutex_destroy(&lk.mu);
	free(workers);
	free(ctx);
}
