/*
 * Writing report folders: files written whole through temporaries that
 * cannot be redirected (fresh names made with mkstemp and mkdtemp, never an
 * existing file or link), a new folder staged beside its place and
 * published by one rename, the temporaries of killed runs removed, and the
 * lock that lets one nightly run at a time on a reports folder.
 *
 * A temporary is named after what it becomes: PATH.tmp-PID-XXXXXX (and
 * PATH.tmp-PID, as older claimtrack versions named them).
 */
#ifndef CT_CLI_OUTDIR_H
#define CT_CLI_OUTDIR_H

#include <stdio.h>

/* The folder of a report's speaker pages, in the report's folder. */
#define OUTDIR_SPEAKERS "speakers"

/* The longest path these functions make, with room for a temporary's suffix. */
#define OUTDIR_PATH_MAX 4096

/*
 * Writes one file's content to f; returns CT_OK, or a CT_ error: CT_EIO
 * when a write failed, errno then saying why.
 */
typedef int (*outdir_write_fn)(const void *arg, FILE *f);

/*
 * Writes path whole: into a new temporary beside it, renamed over it, so a
 * reader sees the old file or the new one, never half of one. shown is the
 * name errors give (NULL: path), e.g. the file's final place when path is
 * inside a staged folder. Prints the error (`cannot write 'SHOWN': REASON`)
 * and returns EXIT_FAIL, or returns EXIT_OK.
 */
int outdir_write_file(const char *path, const char *shown, outdir_write_fn write, const void *arg);

/* Removes the slashes that end dir (all but a lone "/"), in place. */
void outdir_trim(char *dir);

/* Makes dir and its missing parents, like mkdir -p. Prints the error and
 * returns EXIT_FAIL, or returns EXIT_OK. */
int outdir_make(const char *dir);

/* A folder being written under a temporary name beside its place. */
struct outdir_stage {
	char dir[OUTDIR_PATH_MAX];    /* where it goes */
	char tmp[OUTDIR_PATH_MAX];    /* where it is written; "" when none */
};

/*
 * Starts a new folder dir (no trailing slash): makes its missing parents
 * and an empty temporary folder beside it, into which the caller writes.
 * Prints the error and returns EXIT_FAIL, or returns EXIT_OK.
 */
int outdir_stage_begin(struct outdir_stage *st, const char *dir);

/* Renames the temporary folder to its place. Prints the error and returns
 * EXIT_FAIL (the temporary is then still there), or returns EXIT_OK. */
int outdir_stage_publish(struct outdir_stage *st);

/* Removes the temporary folder and what was written into it, if any. */
void outdir_stage_discard(struct outdir_stage *st);

/*
 * Removes from folder what runs that are no longer alive left behind:
 * temporary files of a report's files (index.html, report.md, report.json,
 * claims.csv, .nightly-pending), and temporary folders named after base
 * (NULL: after a dated report folder, YYYY-MM-DD or YYYY-MM-DD-N) with the
 * report files in them (and a speakers/ folder of speaker pages, NAME.html
 * of lowercase letters, digits and '-'); in a folder named speakers, the
 * temporaries of speaker pages too. Only names of that exact pattern whose process id
 * is not running are touched, and links are never followed; a temporary
 * folder holding anything else is left alone. Silent: what cannot be
 * removed stays.
 */
void outdir_clean(const char *folder, const char *base);

/*
 * Takes the nightly lock of the reports folder root (which exists): an
 * flock on root/.nightly.lock, which also holds the process id of its
 * holder. It is held until *fd is closed or the process ends, however it
 * ends. Prints the error (another nightly holding it: `another nightly is
 * running on 'ROOT' (pid N); ...`) and returns EXIT_FAIL, or returns
 * EXIT_OK with *fd set.
 */
int outdir_lock(const char *root, int *fd);

#endif
