/*
 * The files ingest reads from its INPUT arguments, found one at a time so
 * that storing starts at once and memory does not grow with the tree: a
 * folder is read in name order, its subfolders in place, links followed.
 * Each folder is read once, however many links lead to it (folders are
 * known by device and inode), and a link to a folder that holds it (a
 * loop) is not followed, with a note naming the link.
 */
#ifndef CT_CLI_WALK_H
#define CT_CLI_WALK_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

enum walk_kind {
	WALK_FILE,      /* a file to read: an INPUT that is not a folder, or a wanted file in one */
	WALK_ERROR,     /* path could not be listed: msg says why */
	WALK_NOTE,      /* not an input: msg is a note about path, to be said in its place */
	WALK_WARNING,   /* the same, a warning: a link not followed */
	WALK_END,       /* nothing more (or stopped) */
};

/* One step of the walk; path and msg are the caller's to free. */
struct walk_step {
	enum walk_kind kind;
	char *path;
	char *msg;      /* NULL for WALK_FILE */
};

struct walk;

/*
 * A walk over roots[0, n) (borrowed; each a file or a folder path), taking
 * the files in folders for which wanted(name) holds. It stops early, at
 * the next step, once *stop is non-zero (stop may be NULL). NULL when out
 * of memory.
 */
struct walk *walk_new(const char *const *roots, size_t n, bool (*wanted)(const char *name),
		      const volatile sig_atomic_t *stop);

/* The next step. Returns 0, or -1 when out of memory (the walk is then over). */
int walk_next(struct walk *w, struct walk_step *out);

/* Regular files in folders that wanted() turned down, over the whole walk so far. */
size_t walk_n_other(const struct walk *w);

void walk_free(struct walk *w);

#endif
