/*
 * The state of one run of `claimtrack ingest`, shared by its files:
 * cmd_ingest.c (options, the run, URLs), ingest_input.c (finding the
 * inputs, progress and messages) and ingest_files.c (reading, matching
 * and storing the files).
 */
#ifndef CT_CLI_INGEST_H
#define CT_CLI_INGEST_H

#include "cli.h"
#include "walk.h"

#include <jansson.h>
#include <signal.h>

#define BATCH_DOCS 1024         /* most documents per batch (--batch), see ingest_files.c */

enum { F_TABLE, F_JSON };

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
	double copy_threshold;  /* --copy-threshold; -1: off; 0: the default */
	bool index;             /* --index: the sentence index brought up to date */
	struct item **items;    /* as the walk finds them, each allocated once */
	size_t n_items, cap_items;
	size_t n_inputs;        /* items that are inputs, not notes */
	const char **roots;     /* the INPUTs that are not URLs, in order */
	size_t n_roots;
	const char **urls;      /* the INPUTs that are URLs, fetched after the files */
	size_t n_urls;
	struct walk *walk;
	bool walk_done;
	volatile sig_atomic_t *stop;    /* the signal that stops the run; 0 until one */
	struct ct_ruleset *rs;
	struct ct_matcher *m;   /* for the URLs */
	struct ct_store *store;
	bool rules_synced;      /* PostgreSQL: recorded before the first batch (flush()) */
	bool progress;          /* a progress line is on stderr */
	json_t *docs;           /* with --format json: an entry per input */
	size_t n_stored, n_duplicate, n_empty, n_failed, n_total_claims;
	size_t n_unchanged;     /* URLs not changed since they were fetched */
	size_t n_text_stored;   /* of the duplicates, those stored without text
				 * (before schema 7) whose text is stored now */
	struct cli_fetch fetch;
};

/* ---- finding the inputs, progress and messages (ingest_input.c) ---- */

/* Walks on until n more items are found, or the inputs are all found
 * (in->walk_done). Returns 0, or -1 when out of memory. */
int ingest_find_inputs(struct ingest *in, size_t n);

/* Clears the progress line, when one is shown. */
void ingest_clear_progress(struct ingest *in);

/* Shows the progress line for item i, on a terminal. */
void ingest_show_progress(struct ingest *in, size_t i);

/* ct_diag_fn for the rules and the matcher; user is the ingest. */
void ingest_diag(const struct ct_diag *d, void *user);

/* "PATH: error: MSG" and "PATH: warning: MSG" on stderr; the warning also
 * goes into the JSON array warnings (may be NULL). */
void ingest_doc_error(struct ingest *in, const char *path, const char *msg);
void ingest_doc_warning(struct ingest *in, const char *path, json_t *warnings, const char *msg);

/* ---- the files (ingest_files.c) ---- */

/* Reads, matches and stores the files among the inputs, in their order. */
void ingest_files(struct ingest *in, size_t *done, bool *fatal);

#endif
