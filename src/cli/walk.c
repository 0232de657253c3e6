/* The files ingest reads, found one at a time (walk.h). */
#define _GNU_SOURCE     /* vasprintf */
#include "walk.h"
#include "base/base.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 64            /* folder nesting followed */

/* A folder's entry, with its type as readdir() gives it. */
struct entry {
	char *name;
	unsigned char type;     /* DT_REG, DT_DIR, ...; DT_UNKNOWN if not said */
};

/* A folder being read: its entries sorted by name, the next one to take. */
struct frame {
	char *dir;
	char *real;             /* its real path, found when a link in it needs it */
	struct entry *ents;
	size_t n, next;
	int depth;
};

/* A folder read already, known by device and inode. */
struct seen {
	dev_t dev;
	ino_t ino;
	char *path;             /* NULL: a free slot */
};

struct walk {
	const char *const *roots;
	size_t n_roots, next_root;
	bool (*wanted)(const char *name);
	const volatile sig_atomic_t *stop;
	struct frame *stack;
	size_t depth, cap;
	struct seen *seen;      /* open addressing; cap_seen a power of two */
	size_t n_seen, cap_seen;
	const char *root;       /* the folder INPUT being walked; NULL between them */
	size_t root_other;      /* files turned down under it */
	size_t n_other;
	bool failed;            /* out of memory: the walk is over */
};

struct walk *walk_new(const char *const *roots, size_t n, bool (*wanted)(const char *name),
		      const volatile sig_atomic_t *stop)
{
	struct walk *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	w->roots = roots;
	w->n_roots = n;
	w->wanted = wanted;
	w->stop = stop;
	return w;
}

size_t walk_n_other(const struct walk *w)
{
	return w->n_other;
}

static void pop(struct walk *w)
{
	struct frame *f = &w->stack[--w->depth];

	for (size_t i = 0; i < f->n; i++)
		free(f->ents[i].name);
	free(f->ents);
	free(f->dir);
	free(f->real);
}

void walk_free(struct walk *w)
{
	if (!w)
		return;
	while (w->depth)
		pop(w);
	free(w->stack);
	for (size_t i = 0; i < w->cap_seen; i++)
		free(w->seen[i].path);
	free(w->seen);
	free(w);
}

/* ---- folders read already ---- */

static size_t seen_slot(const struct walk *w, dev_t dev, ino_t ino)
{
	uint64_t h = ((uint64_t)dev * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)ino * 0xC2B2AE3D27D4EB4Full);
	size_t i = (size_t)(h ^ (h >> 29)) & (w->cap_seen - 1);

	while (w->seen[i].path && (w->seen[i].dev != dev || w->seen[i].ino != ino))
		i = (i + 1) & (w->cap_seen - 1);
	return i;
}

/* The path the folder was first read under, or NULL. */
static const char *seen_find(const struct walk *w, const struct stat *st)
{
	return w->cap_seen ? w->seen[seen_slot(w, st->st_dev, st->st_ino)].path : NULL;
}

static int seen_add(struct walk *w, const struct stat *st, const char *path)
{
	if ((w->n_seen + 1) * 2 > w->cap_seen) {
		struct walk old = *w;
		size_t ncap = w->cap_seen ? w->cap_seen * 2 : 64;
		if (!(w->seen = calloc(ncap, sizeof *w->seen))) {
			w->seen = old.seen;
			return -1;
		}
		w->cap_seen = ncap;
		for (size_t i = 0; i < old.cap_seen; i++)
			if (old.seen[i].path)
				w->seen[seen_slot(w, old.seen[i].dev, old.seen[i].ino)] = old.seen[i];
		free(old.seen);
	}
	size_t i = seen_slot(w, st->st_dev, st->st_ino);
	if (!(w->seen[i].path = strdup(path)))
		return -1;
	w->seen[i].dev = st->st_dev;
	w->seen[i].ino = st->st_ino;
	w->n_seen++;
	return 0;
}

/* ---- steps ---- */

/* Sets *out; takes path (may be NULL: out of memory). */
static int step(struct walk *w, struct walk_step *out, enum walk_kind kind, char *path,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int step(struct walk *w, struct walk_step *out, enum walk_kind kind, char *path,
		const char *fmt, ...)
{
	char *msg = NULL;

	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		if (vasprintf(&msg, fmt, ap) < 0)
			msg = NULL;
		va_end(ap);
	}
	if (!path || (fmt && !msg)) {
		free(path);
		free(msg);
		w->failed = true;
		return -1;
	}
	*out = (struct walk_step){ kind, path, msg };
	return 0;
}

static int cmp_entries(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* Reads the folder's entries (not those whose name starts with '.'), sorted. */
static int read_folder(struct walk *w, DIR *d, struct frame *f)
{
	size_t cap = 0;
	struct dirent *e;

	while ((e = readdir(d))) {
		if (w->stop && *w->stop)
			break;
		if (e->d_name[0] == '.')
			continue;
		if (!CT_VEC_RESERVE(f->ents, cap, f->n + 1))
			return -1;
		f->ents[f->n].type = e->d_type;
		if (!(f->ents[f->n].name = strdup(e->d_name)))
			return -1;
		f->n++;
	}
	if (f->n > 1)
		qsort(f->ents, f->n, sizeof *f->ents, cmp_entries);
	return 0;
}

/* Whether the link at path leads to a folder that holds the folder it is
 * in (or to that folder itself): following it would loop. Sets *target. */
static bool loops(struct frame *in, const char *path, char **target)
{
	size_t n;

	*target = realpath(path, NULL);
	if (!in->real)
		in->real = realpath(in->dir, NULL);
	if (!*target || !in->real)
		return false;
	n = strlen(*target);
	return strncmp(in->real, *target, n) == 0 &&
	       (in->real[n] == '\0' || in->real[n] == '/' || n == 1);
}

/*
 * Starts reading the folder at path (taken), reached through a link in
 * the top folder when link is set: a step when it is not read (a loop, a
 * folder read already, an error), else a new frame and out->kind WALK_END.
 */
static int enter(struct walk *w, char *path, const struct stat *st, bool link, int depth,
		 struct walk_step *out)
{
	struct frame f = { .dir = path, .depth = depth };
	const char *first;
	char *target = NULL;
	DIR *d;
	int rc;

	*out = (struct walk_step){ WALK_END };
	if (link && w->depth && loops(&w->stack[w->depth - 1], path, &target)) {
		rc = step(w, out, WALK_WARNING, path, "a link to '%s', a folder that holds it: "
			  "not followed (a loop)", target);
		free(target);
		return rc;
	}
	free(target);
	if ((first = seen_find(w, st)))
		return step(w, out, WALK_NOTE, path, "the same folder as '%s', read already: "
			    "not read again", first);
	if (depth > MAX_DEPTH)
		return step(w, out, WALK_ERROR, path, "folders nested too deep (more than %d)",
			    MAX_DEPTH);
	if (seen_add(w, st, path) != 0) {
		free(path);
		return step(w, out, WALK_END, NULL, NULL);
	}
	if (!(d = opendir(path)))
		return step(w, out, WALK_ERROR, path, "%s", strerror(errno));
	rc = read_folder(w, d, &f);
	closedir(d);
	if (rc == 0 && !CT_VEC_RESERVE(w->stack, w->cap, w->depth + 1))
		rc = -1;
	if (rc != 0) {
		for (size_t i = 0; i < f.n; i++)
			free(f.ents[i].name);
		free(f.ents);
		free(path);
		w->failed = true;
		return -1;
	}
	w->stack[w->depth++] = f;
	return 0;
}

/* The next INPUT: a file is a step of its own; a folder starts a walk. */
static int next_root(struct walk *w, struct walk_step *out)
{
	const char *r = w->roots[w->next_root++];
	struct stat st;
	char *path;

	*out = (struct walk_step){ WALK_END };
	if (strcmp(r, "-") == 0)
		return step(w, out, WALK_FILE, strdup(r), NULL);
	if (stat(r, &st) != 0)
		return step(w, out, WALK_ERROR, strdup(r), "%s", strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return step(w, out, WALK_FILE, strdup(r), NULL);
	w->root = r;
	if (!(path = strdup(r)))
		return step(w, out, WALK_END, NULL, NULL);
	return enter(w, path, &st, false, 0, out);
}

/* dir/name, the slash written unless dir ends in one (an empty dir
 * gives "/name"); the caller frees it. */
static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir), m = strlen(name);
	char *p = malloc(n + m + 2);

	if (p) {
		memcpy(p, dir, n);
		if (!n || dir[n - 1] != '/')
			p[n++] = '/';
		memcpy(p + n, name, m + 1);
	}
	return p;
}

int walk_next(struct walk *w, struct walk_step *out)
{
	*out = (struct walk_step){ WALK_END };
	if (w->failed)
		return -1;
	for (;;) {
		struct frame *f;
		struct entry *e;
		struct stat st;
		char *path;
		bool is_dir, is_reg, is_link;
		int rc;

		if (w->stop && *w->stop)
			return 0;
		if (w->depth == 0) {
			if (w->root) {
				const char *root = w->root;
				size_t k = w->root_other;
				w->root = NULL;
				w->root_other = 0;
				if (k)
					return step(w, out, WALK_NOTE, strdup(root), "%zu file%s of "
						    "other kinds skipped (only *.txt, *.html and *.htm "
						    "are read)", k, k == 1 ? "" : "s");
			}
			if (w->next_root == w->n_roots)
				return 0;
			if ((rc = next_root(w, out)) != 0 || out->kind != WALK_END)
				return rc;
			continue;
		}
		f = &w->stack[w->depth - 1];
		if (f->next == f->n) {
			pop(w);
			continue;
		}
		e = &f->ents[f->next++];
		if (!(path = join(f->dir, e->name)))
			return step(w, out, WALK_END, NULL, NULL);
		is_dir = e->type == DT_DIR;
		is_reg = e->type == DT_REG;
		is_link = e->type == DT_LNK;
		if (!is_reg) {
			/* Links and file systems that do not say the type are stat()ed. */
			if (e->type == DT_UNKNOWN && lstat(path, &st) == 0)
				is_link = S_ISLNK(st.st_mode);
			if (stat(path, &st) != 0) {
				if (w->wanted(e->name))
					return step(w, out, WALK_ERROR, path, "%s", strerror(errno));
				free(path);
				continue;
			}
			is_dir = S_ISDIR(st.st_mode);
			is_reg = S_ISREG(st.st_mode);
		}
		if (is_dir) {
			if ((rc = enter(w, path, &st, is_link, f->depth + 1, out)) != 0 ||
			    out->kind != WALK_END)
				return rc;
			continue;
		}
		if (is_reg && w->wanted(e->name))
			return step(w, out, WALK_FILE, path, NULL);
		if (is_reg) {
			w->root_other++;
			w->n_other++;
		}
		free(path);
	}
}
