/* Finding the inputs of `ingest` as the walk goes, and what it says on the
 * terminal while it runs: the progress line, errors and warnings. */
#include "cli/ingest.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROGRESS_MIN_INPUTS 5   /* fewer inputs get no progress line */

/* ---- finding the inputs ---- */

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
int ingest_find_inputs(struct ingest *in, size_t n)
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

void ingest_clear_progress(struct ingest *in)
{
	if (in->progress) {
		cli_term_raw("\r\033[K");
		in->progress = false;
	}
}

void ingest_show_progress(struct ingest *in, size_t i)
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

void ingest_diag(const struct ct_diag *d, void *user)
{
	ingest_clear_progress(user);
	cli_print_diag(stderr, d);
}

void ingest_doc_error(struct ingest *in, const char *path, const char *msg)
{
	ingest_clear_progress(in);
	fprintf(stderr, "%s: error: %s\n", path, msg);
}

void ingest_doc_warning(struct ingest *in, const char *path, json_t *warnings, const char *msg)
{
	ingest_clear_progress(in);
	fprintf(stderr, "%s: warning: %s\n", path, msg);
	if (warnings)
		json_array_append_new(warnings, json_string(msg));
}
