/* The command-line layer: option tables, shared helpers, the commands. */
#ifndef CT_CLI_H
#define CT_CLI_H

#include <signal.h>
#include <stdio.h>

#include "claimtrack/claimtrack.h"
#include "base/base.h"      /* growable arrays and buffers */

/* Exit codes, documented in README.md and `claimtrack --help`. */
enum {
	EXIT_OK = 0,      /* done; for tests and lint: everything passed */
	EXIT_FAIL = 1,    /* bad rules, unreadable input, failed tests */
	EXIT_USAGE = 2,   /* bad command line */
	EXIT_PARTIAL = 3, /* nightly: done, but some sources failed */
	EXIT_NOTIFY = 4,  /* nightly: done, but a notification (webhook, mail) failed */
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

/*
 * Runs the subcommand named by argv[0] (subs are named "CMD SUB"), or
 * prints the command's help for --help; a missing or unknown one is a
 * usage error that lists `choices` ("stats or check").
 */
int cli_dispatch(const struct cli_command *cmd, const struct cli_command *const *subs, size_t n,
		 const char *choices, struct cli_global *g, int argc, char **argv);

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
 * Loads the rules path, printing errors through `diag` (cli_diag_stderr
 * when NULL). Warnings belong to `rules lint`: they are only counted, and
 * one line on stderr says how many ("claimtrack: rules: 2 warnings; run
 * 'claimtrack rules lint'"). Returns EXIT_OK with *out set, or EXIT_FAIL.
 */
int cli_load_rules(const struct cli_global *g, ct_diag_fn diag, void *user,
		   struct ct_ruleset **out);

/* Like cli_load_rules(), but warnings too go to `diag` one by one (for
 * `rules lint` and `rules test`). */
int cli_load_rules_all(const struct cli_global *g, ct_diag_fn diag, void *user,
		       struct ct_ruleset **out);

/*
 * Like cli_load_rules(), but when there is no rules path at all it loads
 * only the built-in cue lists (for commands that work without rules).
 */
int cli_load_rules_or_builtin(const struct cli_global *g, struct ct_ruleset **out);

/*
 * A copy of s[0, n) that is valid UTF-8 (bad bytes become U+FFFD), has no
 * NUL bytes, and no control characters but tab and line ends (U+FFFD too:
 * text from articles must not drive the terminal); malloc'd, the caller
 * frees. NULL when out of memory.
 */
char *cli_clean_utf8(const char *s, size_t n);

/*
 * Puts the terminal filter (term.c) in front of stdout and stderr: from
 * then on no control character that reaches them is written, whatever the
 * command prints. Returns 0, or -1 when the streams could not be made
 * (output then goes unfiltered).
 */
int cli_term_install(void);

/* Writes to the real stderr, unfiltered and at once: for the progress
 * line's cursor moves. */
void cli_term_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Text styles for stdout on a terminal (cli_term_style()). */
enum cli_style {
	CLI_STYLE_BOLD, CLI_STYLE_NO_BOLD, CLI_STYLE_UNDERLINE, CLI_STYLE_NO_UNDERLINE,
	CLI_STYLE_RESET,
};

/* Whether stdout is a terminal, where cli_term_style() does something. */
bool cli_term_styled(void);

/*
 * Switches a text style on stdout, when it is a terminal (else does
 * nothing): what was printed so far goes through the filter first, then
 * the escape sequence goes out as it is (the filter would drop it).
 */
void cli_term_style(enum cli_style style);

/* One INPUT argument, read whole. */
struct cli_input {
	const char *label;    /* the argument, or "<text>" for text given inline */
	char *text;           /* owned; NUL-terminated */
	size_t len;
	bool is_file;
	char *url;            /* owned; where a fetched page came from, after
			       * redirects; NULL for files, stdin and text */
	char *charset;        /* owned; the charset of its Content-Type; NULL */
};

/*
 * Reads an INPUT: a URL (fetched with the default fetch options, see
 * cli_read_url()), '-' for stdin, an existing file, or else the text itself
 * (an argument that looks like a missing file's name is an error). Up to
 * CT_DOC_MAX_BYTES. Prints the error and returns EXIT_FAIL on failure.
 */
int cli_read_input(const char *arg, struct cli_input *in);
void cli_input_release(struct cli_input *in);

/* Whether an INPUT argument is a URL ("scheme://…"; only http and https
 * are then fetched). */
bool cli_is_url(const char *arg);

/* Whether an input is an HTML page: fetched, a file named *.html or *.htm,
 * or content that starts like one (ct_looks_like_html()). */
bool cli_input_is_html(const struct cli_input *in);

/*
 * Reads an input as a document: an HTML page through ct_doc_from_html()
 * (main text and metadata; rs, which may be NULL, names outlets by
 * domain), anything else through ct_doc_from_text(). The one place where
 * commands decide how to read what they are given. On failure returns the
 * ct_ error and writes why to err (without the input's name).
 */
int cli_input_doc(const struct cli_input *in, const struct ct_ruleset *rs,
		  struct ct_doc **out, char *err, size_t err_size);

/* Like cli_input_doc(), which prints the warnings about a text's header
 * lines (a date that cannot be read) to stderr: they go to on_diag, and
 * are dropped when it is NULL. */
int cli_input_doc_diag(const struct cli_input *in, const struct ct_ruleset *rs,
		       ct_diag_fn on_diag, void *user, struct ct_doc **out,
		       char *err, size_t err_size);

/*
 * Whether a document read from `in` has no text to look at (nothing but
 * white space), and if so why: *why is "no article text" for a page, "no
 * text after the header" for a text with header lines, and NULL for an
 * input that holds nothing else either.
 */
bool cli_doc_empty(const struct cli_input *in, const struct ct_doc *doc, const char **why);

/* Why ct_doc_from_html() failed on an input of len bytes, into err. */
void cli_html_error(int rc, size_t len, char *err, size_t err_size);

/* Parses "table"/"json" style values; returns the index in names or -1. */
int cli_choice(const char *value, const char *const *names);

/* A date option's value (--since, --until, --date) into *out: 0, or 1
 * after a usage error naming cmd and the option. */
int cli_parse_date(const struct cli_command *cmd, const char *opt, const char *value,
		   const char **out);

/* The most worker threads --jobs may ask for. */
#define CLI_MAX_JOBS 64

/* --jobs N of cmd into *out: 0, or 1 after a usage error naming cmd. */
int cli_parse_jobs(const struct cli_command *cmd, const char *value, unsigned *out);

/* ---- "did you mean" (suggest.c) ---- */

/*
 * The optimal string alignment (restricted Damerau-Levenshtein) distance
 * of two strings, in bytes: an insertion, a deletion, a substitution or a
 * swap of two neighbours each counts 1. SIZE_MAX when out of memory.
 */
size_t cli_edit_distance(const char *a, const char *b);

/*
 * The one of n candidates that word is most likely a typo of: the nearest
 * by cli_edit_distance() when it is the only one that near and at most
 * max(1, strlen(word) / 3) away, else the only candidate that starts with
 * word. NULL when none is (an empty word, a far-off word, a tie). Returns
 * one of the candidates (borrowed).
 */
const char *cli_closest(const char *word, const char *const *candidates, size_t n);

/*
 * Writes "; did you mean 'PREFIXNAME'?" to buf (size bytes) when
 * cli_closest() finds a NAME for word, else "": to append to an "unknown
 * ..." message. prefix goes before the name ("--" for options, else "").
 */
void cli_did_you_mean(char *buf, size_t size, const char *word, const char *prefix,
		      const char *const *candidates, size_t n);

int cmd_check(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
int cmd_rules(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
int cmd_quotes(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);

extern const struct cli_command cli_cmd_check;
extern const struct cli_command cli_cmd_rules;
extern const struct cli_command cli_cmd_quotes;

/* ---- the store (store_common.c) ---- */

/* The database: --db, else $CLAIMTRACK_DB, else db/claimtrack.db; a
 * SQLite path or a postgresql:// URL. Borrowed. */
const char *cli_db_target(const struct cli_global *g);

/* The database as messages name it: cli_db_target() with a URL's
 * password masked. Borrowed, the calling thread's until its next call. */
const char *cli_db_path(const struct cli_global *g);

/*
 * Opens the database (flags as for ct_store_open()); a read-write open
 * first creates its folder. On failure prints "claimtrack: error: PATH:
 * message" and returns EXIT_FAIL.
 */
int cli_open_store(const struct cli_global *g, unsigned flags, struct ct_store **out);

/* Prints "claimtrack: error: PATH: message" for a failed store call. */
void cli_store_error(const struct cli_global *g, const struct ct_store *s, int rc);

/*
 * Brings the sentence index up to date before it is read (similar, rules
 * coverage and suggest, nightly's end, ingest --index): indexes the texts
 * stored since, through a connection of its own when s is not
 * writable (opened read-only), a chunk a transaction ($CLAIMTRACK_INDEX_CHUNK, default 1000)
 * with a progress line when stderr is a terminal and the work is large.
 * When the database cannot be written, prints on stderr how many texts
 * are not yet indexed and returns EXIT_OK all the same: what is indexed
 * can still be read. EXIT_FAIL when even that count cannot be read. stop
 * (may be NULL): a signal's flag, checked between chunks.
 */
int cli_sentences_catch_up(const struct cli_global *g, struct ct_store *s, bool writable,
			   const volatile sig_atomic_t *stop);

/*
 * Checks that every --proposition (props) and --tag names one the store
 * knows, so that a typo is not an empty listing or report: prints an error
 * for each that does not, with the closest known name, and returns
 * EXIT_FAIL; else EXIT_OK.
 */
int cli_check_names(const struct cli_global *g, struct ct_store *s, const char *const *props,
		    size_t n_props, const char *const *tags, size_t n_tags);

/*
 * Resolves a speaker or outlet name a user typed (--speaker, `speaker
 * NAME`) through ct_store_lookup_name() into *canonical (malloc'd, the
 * caller frees). A name that matches nothing, or several at the same
 * level, is an error on stderr that lists the candidates, with a hint of
 * how to give a longer name (given_as is put before it: "--speaker ");
 * returns EXIT_FAIL, since what a name matches depends on the database.
 */
int cli_resolve_name(const struct cli_global *g, struct ct_store *s, enum ct_name_table table,
		     const char *name, const char *given_as, char **canonical);

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

/*
 * A stored claim as `claims --format json` prints it (cmd_claims.c): a new
 * reference, the caller owns it; NULL when out of memory.
 */
struct json_t *cli_claim_json(const struct ct_stored_claim *cl);

/*
 * The outlets carrying claim cl as a new JSON array of names ("?" for a
 * document without an outlet), as `claims` prints them: with `story` and
 * cl's document in a story with copies (its first document, or a copy),
 * each outlet of the story's documents with the same claim
 * (ct_store_carriers()); else cl's own outlet alone (none when unknown).
 * NULL when out of memory or the store failed.
 */
struct json_t *cli_carriers_json(struct ct_store *s, const struct ct_stored_claim *cl, bool story);

/*
 * Sets "carried_by" of o (cli_claim_json() of cl) to the outlets of cl's
 * story carrying it (cli_carriers_json() with story) when there are more
 * than one; nothing for a claim of a document outside any story. CT_OK,
 * or CT_ENOMEM (out of memory, or the store failed).
 */
int cli_claim_json_carried(struct ct_store *s, const struct ct_stored_claim *cl,
			   struct json_t *o);

/* The rows of `propositions`, `speakers` and `outlets --format json`
 * (cmd_list.c): new references, NULL when out of memory. */
struct json_t *cli_proposition_json(const struct ct_store_proposition *p);
struct json_t *cli_speaker_row_json(const struct ct_store_speaker *sp);
struct json_t *cli_outlet_json(const struct ct_store_outlet *o);

/*
 * The record of speaker `name` (canonical) as `speaker --format json`
 * prints it (cmd_speaker.c), filtered as its options filter (NULL: all):
 * a new reference in *out. CT_ENOTFOUND when no speaker has that name,
 * else a ct_ error of the store.
 */
int cli_speaker_record(struct ct_store *s, const char *name, const char *proposition,
		       const char *since, const char *until, struct json_t **out);

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

int cmd_report(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
int cmd_nightly(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);

extern const struct cli_command cli_cmd_report;
extern const struct cli_command cli_cmd_nightly;

int cmd_extract(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
int cmd_show(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
int cmd_similar(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
/* rules coverage and rules suggest (rules_coverage.c), subcommands of rules. */
int rules_coverage(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
int rules_suggest(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
extern const struct cli_command cli_cmd_rules_coverage;
extern const struct cli_command cli_cmd_rules_suggest;
int cmd_speaker(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);

extern const struct cli_command cli_cmd_speaker;

/*
 * The ClaimReview of stored claim c on proposition p (of the rules loaded,
 * with its verdict) into *out, with the review's author `publisher` (may
 * be NULL): see ct_claimreview_rate(). Hedged claims are reported speech,
 * not assertions, and are not rated. Returns false when c is not rated;
 * else *out borrows from c, p and publisher (firstAppearance left to the
 * caller: it is this document's).
 */
bool cli_claimreview_of(const struct ct_stored_claim *c, const struct ct_proposition *p,
			const char *publisher, struct ct_claimreview *out);

int cmd_export(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
extern const struct cli_command cli_cmd_export;

int cmd_rematch(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
int cmd_review(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);

extern const struct cli_command cli_cmd_rematch;
extern const struct cli_command cli_cmd_review;

/*
 * Says on stderr when the rules loaded differ from those the stored claims
 * were made with ("claimtrack: note: 3 propositions changed since the
 * claims of 12 documents were stored; run 'claimtrack rematch'"). Says
 * nothing when they agree or the store cannot tell.
 */
void cli_note_rules_drift(struct ct_store *s, const struct ct_ruleset *rs);

/* The note of cli_note_rules_drift(), for a drift found earlier. */
void cli_print_rules_drift(const struct ct_rules_drift *d);

extern const struct cli_command cli_cmd_show;
extern const struct cli_command cli_cmd_similar;

int cmd_serve(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);

extern const struct cli_command cli_cmd_serve;

extern const struct cli_command cli_cmd_extract;

/* ---- fetching (fetch_cli.c, fetch_ingest.c) ---- */

/* Option ids of the fetch options; commands put CLI_FETCH_OPTS (and, when
 * they fetch many URLs, CLI_FETCH_MANY_OPTS) in their option tables and
 * hand these ids to cli_fetch_set(). */
enum {
	CLI_FO_ALLOW_PRIVATE = 500, CLI_FO_ALLOW_ADDRESS, CLI_FO_TIMEOUT,
	CLI_FO_CONNECT_TIMEOUT, CLI_FO_MAX_SIZE, CLI_FO_PARALLEL, CLI_FO_PER_HOST,
	CLI_FO_END
};

#define CLI_FETCH_OPTS \
	{ CLI_FO_ALLOW_PRIVATE, "allow-private", 0, NULL, \
	  "fetch from private, loopback and link-local addresses too" }, \
	{ CLI_FO_ALLOW_ADDRESS, "allow-address", 0, "IP", \
	  "fetch from this address even if it is not public; repeatable" }, \
	{ CLI_FO_TIMEOUT, "timeout", 0, "SECONDS", \
	  "longest one fetch may take, redirects included (default 30)" }, \
	{ CLI_FO_CONNECT_TIMEOUT, "connect-timeout", 0, "SECONDS", \
	  "longest wait for a connection (default 10)" }, \
	{ CLI_FO_MAX_SIZE, "max-size", 0, "BYTES", \
	  "largest page, counted after decompression (default 10M; K, M suffixes)" }

#define CLI_FETCH_MANY_OPTS \
	{ CLI_FO_PARALLEL, "parallel", 0, "N", "fetches at once (default 8)" }, \
	{ CLI_FO_PER_HOST, "per-host", 0, "N", "fetches at once from one host (default 2)" }

/* A command's fetch options. */
struct cli_fetch {
	struct ct_fetch_options o;
	const char **allowed;        /* --allow-address values, borrowed from argv */
	size_t n_allowed;
};

void cli_fetch_init(struct cli_fetch *f);
void cli_fetch_release(struct cli_fetch *f);

/* Whether an option id is one of the fetch options. */
bool cli_fetch_is_opt(int id);

/* Sets a fetch option; returns 0, or 1 after printing a usage error. */
int cli_fetch_set(struct cli_fetch *f, const struct cli_command *cmd, int id, const char *value);

/*
 * Fetches a page for a command that reads one (check, extract): the body
 * into in->text, the address after redirects into in->url, the
 * Content-Type's charset into in->charset, label the URL as given. A feed,
 * or a body that is neither declared nor looks like HTML, is "not HTML".
 * f may be NULL (the defaults). Prints "claimtrack: error: 'URL': why" and
 * returns EXIT_FAIL on failure.
 */
int cli_read_url(const char *url, const struct cli_fetch *f, struct cli_input *in);

/* Like cli_read_input(), with the command's fetch options for a URL. */
int cli_read_input_fetch(const char *arg, const struct cli_fetch *f, struct cli_input *in);

/* What became of one URL given to cli_ingest_urls(). */
enum cli_url_status {
	CLI_URL_STORED,        /* fetched, read, stored with its claims */
	CLI_URL_DUPLICATE,     /* stored already (this URL, or the same text): not again */
	CLI_URL_UNCHANGED,     /* 304 to a conditional request: not changed, skipped */
	CLI_URL_EMPTY,         /* a page without article text */
	CLI_URL_FEED,          /* a feed: its items are fetched next */
	CLI_URL_FAILED,        /* message says why */
};

struct cli_url_outcome {
	const char *url;
	enum cli_url_status status;
	bool item;                   /* an item of a feed, not a URL given */
	bool fatal;                  /* the database failed: the run stops */
	int64_t document_id;         /* STORED, DUPLICATE */
	bool text_stored;            /* DUPLICATE: stored without its text (before
				      * schema 7), whose text is stored now */
	size_t n_claims, n_speakers; /* STORED */
	size_t n_items, n_new_items; /* FEED: its items, and those not stored yet */
	const char *message;         /* FAILED: why; NULL otherwise */
	const char *const *warnings; /* about the page (bytes replaced, …) */
	size_t n_warnings;
};

/* Receives one outcome; everything in it lives for the call. */
typedef void (*cli_url_fn)(const struct cli_url_outcome *o, void *user);

/* One run of cli_ingest_urls(): what the caller sets, then what it found. */
struct cli_url_run {
	const struct cli_global *g;
	struct ct_store *store;
	const struct ct_ruleset *rs;
	struct ct_matcher *m;
	const struct cli_fetch *fetch;
	const char *date, *outlet, *url, *title;   /* override every page's; NULL */
	bool feeds;                  /* a URL may be a feed whose items are fetched too */
	volatile sig_atomic_t *stop; /* set by a signal handler: stop soon; may be NULL */
	cli_url_fn fn;
	void *user;
	/* Counts, over the URLs given and the feeds' items. */
	size_t n_stored, n_duplicate, n_unchanged, n_empty, n_feeds, n_failed, n_claims;
	bool fatal;                  /* stopped: the database failed */
	bool stopped;                /* stopped: *stop was set */
};

/*
 * Fetches URLs (in parallel, conditionally when the store has their
 * validators; a URL whose document is stored is not fetched at all) and
 * ingests each page as it arrives: ct_doc_from_html(), ct_attribute(),
 * ct_doc_claims(), ct_store_add_document(). With run->feeds, a URL that
 * serves a feed is read for its items, which are then fetched the same way.
 * What was fetched is recorded in the store (ct_store_record_fetch()).
 * Each URL's outcome goes to run->fn; a progress line shows on stderr when
 * it is a terminal. Returns EXIT_OK, or EXIT_FAIL when the run could not
 * be made (out of memory) or the database failed.
 */
int cli_ingest_urls(struct cli_url_run *run, const char *const *urls, size_t n);

/*
 * The nightly run's sources: reads the sources file (`path`; NULL: the
 * default, sources.list beside the database, skipped quietly when it does
 * not exist), fetches every source and ingests new articles, printing a
 * line per URL and a summary. *n_failed counts the sources, items and
 * lines of the file that failed. Returns EXIT_OK (failures counted, not
 * fatal), or EXIT_FAIL when nothing could be done: the file cannot be read,
 * the rules or the database fail. When *stop is set (by a signal handler;
 * stop may be NULL) the transfers still running are dropped and it returns
 * after the document being stored, with *stopped set.
 */
int cli_nightly_sources(const struct cli_global *g, const char *path, const struct cli_fetch *f,
			volatile sig_atomic_t *stop, size_t *n_failed, bool *stopped);

#endif
