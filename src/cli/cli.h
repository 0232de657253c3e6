/* The command-line layer: option tables, shared helpers, the commands. */
#ifndef CT_CLI_H
#define CT_CLI_H

#include <stdio.h>

#include "../claimtrack.h"

/* Exit codes, documented in README.md and `claimtrack --help`. */
enum {
	EXIT_OK = 0,      /* done; for tests and lint: everything passed */
	EXIT_FAIL = 1,    /* bad rules, unreadable input, failed tests */
	EXIT_USAGE = 2,   /* bad command line */
};

/* Options every command accepts, before or after the command name. */
struct cli_global {
	const char **rules;       /* --rules PATH, repeatable */
	size_t n_rules;
	const char *db;           /* --db PATH */
};

struct cli_opt {
	int id;                   /* passed to the command's setter */
	const char *name;         /* long name without "--" */
	char short_name;          /* 0 when none */
	const char *metavar;      /* NULL for a flag */
	const char *help;
};

struct cli_command;

/* How one command is described and run. */
struct cli_command {
	const char *name;
	int (*run)(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
	const char *usage;        /* after "claimtrack NAME " */
	const char *summary;      /* one line for the command list */
	const char *description;  /* paragraph under the usage line */
	const struct cli_opt *opts;   /* terminated by an entry with name NULL */
};

/*
 * Parses argv[0..argc) (argv[0] is the first argument after the command
 * name) against the command's options and the global ones. Each option of
 * the command goes to set(u, id, value); positional arguments are
 * collected in *pos (malloc'd, caller frees). `--` ends options.
 * Returns -1 when --help was printed (exit 0), EXIT_USAGE after printing
 * a usage error, or EXIT_OK.
 */
int cli_parse(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv,
	      int (*set)(void *u, int id, const char *value), void *u,
	      const char ***pos, size_t *n_pos);

/*
 * Takes one global option with a value (--rules, --db) at argv[*i] and
 * advances *i past it. Returns 1 when taken, 0 when argv[*i] is not one,
 * -1 after printing an error.
 */
int cli_take_global(struct cli_global *g, int argc, char **argv, int *i);

/* Prints a command's --help to f. */
void cli_help(const struct cli_command *cmd, FILE *f);

/* Prints "claimtrack NAME: error: ..." and a hint to stderr; returns EXIT_USAGE. */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints "error: ..." to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints a diagnostic as FILE:LINE:COL: SEVERITY: MESSAGE. */
void cli_print_diag(FILE *f, const struct ct_diag *d);

/* A ct_diag_fn that prints to stderr; user is unused. */
void cli_diag_stderr(const struct ct_diag *d, void *user);

/*
 * The rules path: --rules, else $CLAIMTRACK_RULES (':'-separated), else
 * ./rules, else the installed data folder. *paths is malloc'd (the
 * strings are borrowed or static). Prints an error and returns EXIT_FAIL
 * when there is none.
 */
int cli_rules_paths(const struct cli_global *g, const char ***paths, size_t *n);

/*
 * Loads the rules path, printing problems through `diag` (cli_diag_stderr
 * when NULL). Returns EXIT_OK with *out set, or EXIT_FAIL.
 */
int cli_load_rules(const struct cli_global *g, ct_diag_fn diag, void *user,
		   struct ct_ruleset **out);

/*
 * Like cli_load_rules(), but when there is no rules path at all it loads
 * only the built-in cue lists (for commands that work without rules).
 */
int cli_load_rules_or_builtin(const struct cli_global *g, struct ct_ruleset **out);

/*
 * A copy of s[0, n) that is valid UTF-8 (bad bytes become U+FFFD) and has
 * no NUL bytes; malloc'd, the caller frees. NULL when out of memory.
 */
char *cli_clean_utf8(const char *s, size_t n);

/* One INPUT argument, read whole. */
struct cli_input {
	const char *label;    /* the argument, or "<text>" for text given inline */
	char *text;           /* owned; NUL-terminated */
	size_t len;
	bool is_file;
};

/*
 * Reads an INPUT: '-' for stdin, an existing file, or else the text itself
 * (an argument that looks like a missing file's name is an error). Up to
 * CT_DOC_MAX_BYTES. Prints the error and returns EXIT_FAIL on failure.
 */
int cli_read_input(const char *arg, struct cli_input *in);
void cli_input_release(struct cli_input *in);

/* Parses "table"/"json" style values; returns the index in names or -1. */
int cli_choice(const char *value, const char *const *names);

int cmd_check(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
int cmd_rules(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
int cmd_quotes(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);

extern const struct cli_command cli_cmd_check;
extern const struct cli_command cli_cmd_rules;
extern const struct cli_command cli_cmd_quotes;

/* ---- the store (store_common.c) ---- */

/* The database path: --db, else $CLAIMTRACK_DB, else db/claimtrack.db. Borrowed. */
const char *cli_db_path(const struct cli_global *g);

/*
 * Opens the database (flags as for ct_store_open()); a read-write open
 * first creates its folder. On failure prints "claimtrack: error: PATH:
 * message" and returns EXIT_FAIL.
 */
int cli_open_store(const struct cli_global *g, unsigned flags, struct ct_store **out);

/* Prints "claimtrack: error: PATH: message" for a failed store call. */
void cli_store_error(const struct cli_global *g, const struct ct_store *s, int rc);

/* Prints s made valid UTF-8 with white space runs folded to one space. */
void cli_print_folded(FILE *f, const char *s);

/* Prints s (NULL prints "-") left-aligned in `width` columns of code points. */
void cli_print_cell(FILE *f, const char *s, size_t width);

/* Width in code points of s (0 for NULL). */
size_t cli_width(const char *s);

/*
 * Writes one CSV cell: made valid UTF-8, white space folded, quoted when
 * needed, and prefixed with ' when it starts with = + - @ (a spreadsheet
 * would read it as a formula). Then ',' or, when last, a newline.
 */
void cli_csv_cell(FILE *f, const char *s, int last);

int cmd_ingest(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
int cmd_claims(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
int cmd_list(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
int cmd_db(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);

extern const struct cli_command cli_cmd_ingest;
extern const struct cli_command cli_cmd_claims;
extern const struct cli_command cli_cmd_propositions;
extern const struct cli_command cli_cmd_speakers;
extern const struct cli_command cli_cmd_outlets;
extern const struct cli_command cli_cmd_db;

#endif
