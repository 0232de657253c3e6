/*
 * claimtrack — public library API.
 *
 * Compile once, scan many: ct_rules_load() reads rule files into a read-only
 * struct ct_ruleset that any number of threads may share; each worker makes
 * its own struct ct_matcher (PCRE2 match data, scratch buffers) to scan text.
 *
 * Conventions: functions return CT_OK (0) or a positive enum ct_error; results
 * come back through out_ parameters that are left untouched on failure. The
 * library never prints or exits: diagnostics with file, line and column go to
 * a caller-supplied callback. Every _free accepts NULL.
 */
#ifndef CLAIMTRACK_H
#define CLAIMTRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CT_VERSION "0.1.0"

enum ct_error {
	CT_OK = 0,
	CT_ENOMEM,   /* out of memory */
	CT_EIO,      /* a file could not be read */
	CT_ERULES,   /* rule files have errors (reported through diagnostics) */
	CT_ELIMIT,   /* an input exceeded a size limit */
	CT_EINVAL,   /* bad argument */
	CT_EABORT,   /* a callback asked to stop */
};

/* A short, static, lowercase description of an error code. */
const char *ct_strerror(int err);

/* ---- diagnostics ------------------------------------------------------ */

enum ct_severity { CT_DIAG_ERROR, CT_DIAG_WARNING };

struct ct_diag {
	enum ct_severity severity;
	const char *file;    /* may be NULL when not tied to a file */
	int line;            /* 1-based; 0 when unknown */
	int col;             /* 1-based; 0 when unknown */
	const char *message; /* lowercase, no trailing period */
};

/* Receives one diagnostic; every pointer in it lives only for the call. */
typedef void (*ct_diag_fn)(const struct ct_diag *diag, void *user);

/* ---- rules ------------------------------------------------------------ */

enum ct_stance { CT_STANCE_NONE = 0, CT_SUPPORTS, CT_REFUTES };

/* "supports", "refutes" or "none". */
const char *ct_stance_name(enum ct_stance stance);

struct ct_proposition {
	const char *id;
	const char *title;
	int rev;
	const char *tags;        /* space separated, "" when none */
	const char *file;        /* rule file it was defined in */
	int line;                /* line of the `proposition` directive */
	char fingerprint[17];    /* hex FNV-1a 64 of its normalized patterns */
};

enum ct_pattern_kind {
	CT_PAT_SUPPORTS, CT_PAT_REFUTES, CT_PAT_EXCEPT, CT_PAT_CONTEXT
};

struct ct_pattern {
	enum ct_pattern_kind kind;
	const char *source;      /* as written in the rule file */
	const char *file;
	int line;
};

struct ct_expect {
	enum ct_stance stance;
	const char *text;
	const char *file;
	int line;
};

struct ct_speaker_def {
	const char *name;
	const char *role;        /* NULL when not given */
	const char *org;         /* NULL when not given */
	const char *const *aliases;
	size_t n_aliases;
	const char *file;
	int line;
};

struct ct_outlet_def {
	const char *name;
	const char *const *aliases;
	size_t n_aliases;
	const char *const *domains;
	size_t n_domains;
	const char *file;
	int line;
};

struct ct_ruleset;

struct ct_rules_options {
	ct_diag_fn on_diag;      /* may be NULL: diagnostics are dropped */
	void *user;
	bool no_builtin_cues;    /* skip the cue lists compiled into the library */
};

/*
 * Loads rule files (*.rules) and cue files (*.cues) from the given paths;
 * a folder is read for those files, sorted by name, not recursively. Every
 * problem goes to opts->on_diag. Returns CT_ERULES when any error was
 * reported (warnings alone do not fail) and CT_EIO when a path cannot be
 * read. On CT_OK *out is a ruleset the caller frees with ct_ruleset_free().
 */
int ct_rules_load(const char *const *paths, size_t n_paths,
		  const struct ct_rules_options *opts, struct ct_ruleset **out);

/*
 * Like ct_rules_load() for one in-memory rule text; `name` is used as the
 * file name in diagnostics and in the propositions.
 */
int ct_rules_load_string(const char *name, const char *text, size_t len,
			 const struct ct_rules_options *opts,
			 struct ct_ruleset **out);

void ct_ruleset_free(struct ct_ruleset *rs);

/* Borrowed views, valid as long as the ruleset lives. */
size_t ct_ruleset_n_propositions(const struct ct_ruleset *rs);
const struct ct_proposition *ct_ruleset_proposition(const struct ct_ruleset *rs, size_t i);
size_t ct_proposition_n_patterns(const struct ct_ruleset *rs, size_t i);
const struct ct_pattern *ct_proposition_pattern(const struct ct_ruleset *rs, size_t i, size_t j);
size_t ct_proposition_n_expects(const struct ct_ruleset *rs, size_t i);
const struct ct_expect *ct_proposition_expect(const struct ct_ruleset *rs, size_t i, size_t j);
size_t ct_ruleset_n_speakers(const struct ct_ruleset *rs);
const struct ct_speaker_def *ct_ruleset_speaker(const struct ct_ruleset *rs, size_t i);
size_t ct_ruleset_n_outlets(const struct ct_ruleset *rs);
const struct ct_outlet_def *ct_ruleset_outlet(const struct ct_ruleset *rs, size_t i);
size_t ct_ruleset_n_files(const struct ct_ruleset *rs);

/* ---- matching --------------------------------------------------------- */

struct ct_span { size_t start, end; };

struct ct_claim {
	const struct ct_proposition *proposition;
	const struct ct_pattern *pattern;   /* the pattern that matched */
	enum ct_stance stance;  /* after polarity, negation and denial */
	bool negated;           /* a negation cue governs the match */
	bool denied;            /* a denial cue governs the match */
	bool hedged;            /* reported, not asserted */
	/* Byte offsets into the text given to ct_matcher_scan(). */
	size_t sentence_start, sentence_end;
	size_t match_start, match_end;
	/* Where the deciding cues are, as offsets into the same text; valid
	 * only when the matching flag above is set. */
	struct ct_span negation_cue, denial_cue, hedge_cue;
};

/* Receives one claim (borrowed for the call); return non-zero to stop. */
typedef int (*ct_claim_fn)(const struct ct_claim *claim, void *user);

struct ct_matcher;

/*
 * Makes a matcher for one thread. The ruleset must outlive it. Warnings
 * raised while matching (a pattern that hit its match limit) go to on_diag
 * naming the rule's file and line. The caller frees it with
 * ct_matcher_free().
 */
int ct_matcher_new(const struct ct_ruleset *rs, ct_diag_fn on_diag, void *user,
		   struct ct_matcher **out);
void ct_matcher_free(struct ct_matcher *m);

/*
 * Scans one document: splits it into sentences, decides which propositions
 * apply (context patterns), matches every sentence and calls `fn` for each
 * claim, in text order. Returns CT_EABORT if `fn` asked to stop.
 */
int ct_matcher_scan(struct ct_matcher *m, const char *text, size_t len,
		    ct_claim_fn fn, void *user);

enum ct_scan_flags {
	/* Apply every proposition, as if its context patterns matched: what
	 * an `expect` line tests, since context is a document-level gate. */
	CT_SCAN_IGNORE_CONTEXT = 1 << 0,
};

/*
 * Scans text as one sentence that is also the whole document. `flags` is
 * 0 or CT_SCAN_IGNORE_CONTEXT. Offsets in the claims are into text.
 */
int ct_matcher_scan_sentence(struct ct_matcher *m, const char *text, size_t len,
			     unsigned flags, ct_claim_fn fn, void *user);

/* ---- text ------------------------------------------------------------- */

/*
 * Splits text into sentences, skipping blank space between them. Paragraph
 * breaks (a blank line) and a line without terminal punctuation followed by
 * a line break end a sentence. *out is malloc'd (caller frees); *n_out is
 * its length.
 */
int ct_segment_sentences(const char *text, size_t len,
			 struct ct_span **out, size_t *n_out);

/*
 * Normalizes text for matching: whitespace runs become one space, curly
 * quotes and apostrophes become '"' and '\'', en/em dashes become '-'.
 * *out is a NUL-terminated malloc'd string; *map (malloc'd, *n_out + 1
 * entries) gives for each output byte the offset of the input byte it came
 * from, and map[*n_out] == len. The caller frees both.
 */
int ct_normalize(const char *text, size_t len, char **out, size_t **map,
		 size_t *n_out);

/*
 * Reads a whole file, up to max_bytes (CT_ELIMIT beyond). *out is
 * NUL-terminated and malloc'd; the caller frees it.
 */
int ct_read_file(const char *path, size_t max_bytes, char **out, size_t *n_out);

/* ---- documents -------------------------------------------------------- */

#define CT_DOC_MAX_BYTES (10u << 20)   /* default cap on one document */

/*
 * One article. The body is valid UTF-8 without NUL bytes; every offset the
 * library reports for a document is a byte offset into `body`, which is the
 * input after its header lines (and equal to it byte for byte when the
 * input was valid UTF-8 without NULs).
 */
struct ct_doc {
	/* Metadata from header lines or set by the caller; NULL when unknown. */
	char *date;             /* publication date, YYYY-MM-DD */
	char *title;
	char *outlet;           /* as given; canonicalized by ct_attribute() */
	char *url;
	char *author;
	char *lang;
	char *source;           /* where it was read from: a path, "-", a URL */
	char *body;             /* NUL-terminated */
	size_t body_len;
	size_t body_offset;     /* where the body starts in the input bytes */
	size_t n_replaced;      /* invalid bytes replaced by U+FFFD */
	size_t n_nul;           /* NUL bytes dropped */
	char hash[17];          /* hex FNV-1a 64 of the body */
	struct ct_span *paragraphs;
	size_t n_paragraphs;
	struct ct_span *sentences;
	size_t n_sentences;
};

/*
 * Reads a plain-text document: optional header lines (`KEY VALUE` or
 * `KEY: VALUE` for date, title, outlet, url, author, lang) ended by a blank
 * line, or the seed form `date YYYY-MM-DD` followed by the body on the same
 * line; then the body, which is repaired to valid UTF-8, split into
 * paragraphs and sentences. `source` (may be NULL) is copied. Returns
 * CT_ELIMIT when len > max_bytes. The caller frees *out with ct_doc_free().
 */
int ct_doc_from_text(const char *data, size_t len, size_t max_bytes, const char *source,
		     struct ct_doc **out);

/*
 * Sets one metadata field by name ("date", "title", "outlet", "url",
 * "author", "lang"); value is copied, NULL clears it. CT_EINVAL for an
 * unknown key or a date that is not a real YYYY-MM-DD.
 */
int ct_doc_set(struct ct_doc *doc, const char *key, const char *value);

void ct_doc_free(struct ct_doc *doc);

/* Whether s is a valid calendar date written YYYY-MM-DD. */
bool ct_date_valid(const char *s);

/* ---- attribution ------------------------------------------------------ */

enum ct_speaker_kind {
	CT_SPEAKER_NARRATOR = 0,   /* the outlet's own voice */
	CT_SPEAKER_PERSON,
	CT_SPEAKER_ORGANIZATION,
	CT_SPEAKER_GROUP,          /* an unnamed group: "US officials" */
};

/* "narrator", "person", "organization" or "group". */
const char *ct_speaker_kind_name(enum ct_speaker_kind kind);

enum ct_quote_kind {
	CT_QUOTE_DIRECT,        /* "…," X said. / X said: "…" */
	CT_QUOTE_INDIRECT,      /* X said that … */
	CT_QUOTE_ACCORDING_TO,  /* According to X, … / …, according to X. */
};

/* "direct", "indirect" or "according_to". */
const char *ct_quote_kind_name(enum ct_quote_kind kind);

/* One attribution: who says the content at [start, end) of the body. */
struct ct_quote {
	enum ct_quote_kind kind;
	enum ct_speaker_kind speaker_kind;
	const char *speaker;    /* canonical name; NULL when not found */
	const char *mention;    /* the speaker as written here; NULL when none */
	const char *role;       /* title or role split off the name; NULL */
	const char *cue;        /* the cue as written ("said", "according to") */
	const char *via;        /* canonical name of a relaying outlet; NULL */
	size_t start, end;      /* the content, byte offsets into doc->body */
};

struct ct_attribution;

/*
 * Finds who says what in a document: direct quotes, reported speech and
 * "according to", with speakers split from their roles, resolved within
 * the document (surnames, pronouns) and canonicalized through the
 * ruleset's speaker and outlet blocks (rs may be NULL). The document must
 * outlive the result; the caller frees it with ct_attribution_free().
 */
int ct_attribute(const struct ct_ruleset *rs, const struct ct_doc *doc,
		 struct ct_attribution **out);
void ct_attribution_free(struct ct_attribution *a);

/* Borrowed; valid while the attribution lives. Quotes are in text order. */
size_t ct_attribution_n_quotes(const struct ct_attribution *a);
const struct ct_quote *ct_attribution_quote(const struct ct_attribution *a, size_t i);

/* The document's outlet, canonicalized (NULL when unknown). */
const char *ct_attribution_outlet(const struct ct_attribution *a);

/* ---- claims in documents ---------------------------------------------- */

/* A claim with the attribution of its sentence. */
struct ct_doc_claim {
	struct ct_claim claim;        /* offsets into doc->body */
	enum ct_speaker_kind speaker_kind;
	const char *speaker;          /* NULL for a narrator without a known outlet */
	const char *role;             /* NULL when none */
	const char *via;              /* NULL when none */
	const char *outlet;           /* the document's, canonical; NULL when unknown */
	const char *date;             /* publication date; NULL when unknown */
	char statement_date[11];      /* YYYY-MM-DD when the text states it, else "" */
	const struct ct_quote *quote; /* the attribution used; NULL for the narrator */
};

/* Receives one claim (borrowed for the call); return non-zero to stop. */
typedef int (*ct_doc_claim_fn)(const struct ct_doc_claim *claim, void *user);

/*
 * Matches every sentence of a document and calls fn for each claim, in text
 * order, with its speaker, role, via, outlet and dates. Strings are
 * borrowed from the document, the attribution and the ruleset.
 */
int ct_doc_claims(struct ct_matcher *m, const struct ct_doc *doc,
		  const struct ct_attribution *a, ct_doc_claim_fn fn, void *user);

/* ---- store ---- */

/*
 * The SQLite store: documents, their claims, speakers, outlets and
 * propositions. The schema is the numbered migrations in db/, compiled in
 * and applied in order on a read-write open. One struct ct_store is one
 * connection; use it from one thread at a time (open one per thread).
 *
 * Store functions return CT_OK, CT_ENOMEM, CT_EINVAL or one of the codes
 * below; after a failure ct_store_errmsg() says what went wrong, without
 * the database's path (the caller names the file).
 */
enum ct_store_error {
	CT_EDB = 64,        /* SQLite failed: locked, corrupt, not a database, disk full */
	CT_ESCHEMA,         /* the schema is newer than this library, or not ours */
	CT_ENODB,           /* CT_STORE_READONLY and the file does not exist */
};

enum ct_store_flags {
	/* Read only: the file must exist and hold the current schema; nothing
	 * is created, migrated or written. */
	CT_STORE_READONLY = 1 << 0,
};

struct ct_store;

/* The schema version this library writes: the number of migrations. */
int ct_store_schema_version(void);

/*
 * Opens (creating it unless CT_STORE_READONLY) the database at path and
 * brings its schema up to date, each migration in its own transaction. A
 * database whose schema is newer than this library knows, or that is not a
 * claimtrack database, is refused with CT_ESCHEMA and left untouched. The
 * parent folder must exist. On failure the message goes to err (err_size
 * bytes, may be NULL). The caller closes *out with ct_store_close().
 */
int ct_store_open(const char *path, unsigned flags, struct ct_store **out,
		  char *err, size_t err_size);
void ct_store_close(struct ct_store *s);

/* The message of the last failed call on s; "" when none. Borrowed until
 * the next call on s. */
const char *ct_store_errmsg(const struct ct_store *s);

/* The schema version the open database had before migrating (0 for a new
 * file), and the one it has now. */
void ct_store_versions(const struct ct_store *s, int *was, int *now);

/* What ct_store_add_document() did. */
struct ct_store_result {
	int64_t document_id;    /* the stored document, or the one it duplicates */
	bool duplicate;         /* already stored (same url or body): nothing written */
	size_t n_claims;        /* claims written */
	size_t n_speakers;      /* distinct speakers among them */
};

/*
 * Stores a document and its claims (from ct_doc_claims(), all for this
 * document) in one transaction: the document, its outlet (the canonical one
 * from `a` when given, else doc->outlet), the speakers, the propositions
 * and every claim, or nothing. A document is already stored when one with
 * the same url (when doc has one) or the same body hash is: then nothing
 * changes and out->duplicate is set. rs (may be NULL) is synced first, once
 * per ruleset per store: its speaker and outlet blocks become canonical
 * names with aliases (a speaker stored earlier under an alias is merged
 * into its canonical one), its propositions are recorded. Claims whose
 * speaker is an alias are stored under the canonical speaker. CT_EINVAL
 * for a claim without proposition or pattern, without a stance, or with
 * offsets outside the body.
 */
int ct_store_add_document(struct ct_store *s, const struct ct_ruleset *rs,
			  const struct ct_doc *doc, const struct ct_attribution *a,
			  const struct ct_doc_claim *claims, size_t n_claims,
			  struct ct_store_result *out);

/*
 * Whether the document is already stored (same url when it has one, or
 * same body hash): *id is its id, or 0. A cheap look before matching;
 * ct_store_add_document() decides again inside its transaction.
 */
int ct_store_find_document(struct ct_store *s, const struct ct_doc *doc, int64_t *id);

/* Records a ruleset's propositions, speakers and outlets in one transaction. */
int ct_store_sync_rules(struct ct_store *s, const struct ct_ruleset *rs);

/* Which claims ct_store_claims() returns; NULL/0 fields match anything. */
struct ct_claim_filter {
	const char *proposition;   /* proposition id */
	const char *speaker;       /* speaker name or alias, any case */
	const char *outlet;        /* the document's outlet, name or alias */
	enum ct_stance stance;     /* CT_STANCE_NONE: both */
	const char *since;         /* publication date >= since (YYYY-MM-DD) */
	const char *until;         /* publication date <= until */
	int64_t document_id;
};

/* A stored claim. Strings are NULL when unknown and live only for the call. */
struct ct_stored_claim {
	int64_t id;
	const char *proposition, *title, *fingerprint;
	int rev;
	enum ct_stance stance;
	bool hedged, negated, denied;
	const char *sentence, *match;
	size_t sentence_start, sentence_end, match_start, match_end;
	const char *negation_cue, *denial_cue, *hedge_cue;
	const char *speaker, *mention, *role, *quote_kind, *cue;
	enum ct_speaker_kind speaker_kind;
	const char *via, *outlet, *date, *statement_date;
	const char *rule_file, *pattern;
	int rule_line;
	enum ct_stance polarity;   /* of the pattern */
	int64_t document_id;
	const char *document_url, *document_title, *document_source;
};

typedef int (*ct_stored_claim_fn)(const struct ct_stored_claim *c, void *user);

/*
 * Calls fn for each claim that passes the filter (f may be NULL), by
 * publication date (unknown first), then document, then text order.
 * CT_EINVAL for a date that is not YYYY-MM-DD; CT_EABORT when fn asked to
 * stop.
 */
int ct_store_claims(struct ct_store *s, const struct ct_claim_filter *f,
		    ct_stored_claim_fn fn, void *user);

/* Claim counts shared by the listings below. */
struct ct_store_counts {
	size_t claims, supports, refutes, hedged, documents;
	char first_date[11], last_date[11];   /* publication dates; "" when none */
};

/* A proposition as stored: its latest version (highest rev) and counts
 * over all its versions. */
struct ct_store_proposition {
	const char *id, *title, *fingerprint, *tags, *file;
	int rev, line;
	size_t revisions;          /* versions stored */
	size_t speakers;           /* distinct speakers */
	struct ct_store_counts n;
};

struct ct_store_speaker {
	int64_t id;
	const char *name, *role, *org;   /* role and org from a speaker block */
	enum ct_speaker_kind kind;
	bool from_rules;                 /* defined by a speaker block */
	size_t aliases, propositions;
	struct ct_store_counts n;
};

struct ct_store_outlet {
	int64_t id;
	const char *name;
	bool from_rules;
	size_t aliases;
	size_t via;                      /* claims it relayed in others' documents */
	struct ct_store_counts n;        /* its documents and their claims */
};

typedef int (*ct_store_proposition_fn)(const struct ct_store_proposition *p, void *user);
typedef int (*ct_store_speaker_fn)(const struct ct_store_speaker *sp, void *user);
typedef int (*ct_store_outlet_fn)(const struct ct_store_outlet *o, void *user);

/* Every proposition, by id; strings live only for the call. */
int ct_store_propositions(struct ct_store *s, ct_store_proposition_fn fn, void *user);
/* Every speaker, most claims first, then by name. */
int ct_store_speakers(struct ct_store *s, ct_store_speaker_fn fn, void *user);
/* Every outlet, most documents first, then by name. */
int ct_store_outlets(struct ct_store *s, ct_store_outlet_fn fn, void *user);

struct ct_store_stats {
	int schema;
	size_t documents, claims, speakers, outlets;
	size_t propositions;             /* distinct ids */
	size_t proposition_versions;
	char first_date[11], last_date[11];
};

int ct_store_stats(struct ct_store *s, struct ct_store_stats *out);

/* Receives one problem found by ct_store_check(); message lives for the call. */
typedef void (*ct_store_problem_fn)(const char *message, void *user);

/*
 * Checks the database: SQLite's integrity and foreign-key checks, then
 * claimtrack's own: every document has all its claims, every claim's
 * offsets and texts agree with its sentence, stances and dates are well
 * formed, hashes are unique, claims name the proposition they point to.
 * Each problem goes to fn; *n_problems (may be NULL) is their count.
 * Returns CT_OK when the check ran, whatever it found.
 */
int ct_store_check(struct ct_store *s, ct_store_problem_fn fn, void *user,
		   size_t *n_problems);

#ifdef __cplusplus
}
#endif
#endif
