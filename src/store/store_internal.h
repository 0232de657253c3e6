/* The store's connection state and the helpers the files of src/store/ share. */
#ifndef CT_STORE_INTERNAL_H
#define CT_STORE_INTERNAL_H


#include "claimtrack/doc.h"
#include "claimtrack/store.h"
#include "claimtrack/rules.h"
#include "claimtrack/text.h"
#include "base/base.h"
#include "store/db.h"

#include <string.h>
#include <time.h>

/* 'ClTk': PRAGMA application_id of a claimtrack database (db/001_initial.sql). */
#define CT_STORE_APPLICATION_ID 1131174987
/* The advisory lock key that the writers reading document_bands_log hold
 * shared for their session (store_bands.c), so that `db maintain` empties
 * the log only when none runs (store_copies.c). */
#define CT_PG_BANDS_LOG_LOCK "1131174990"

/* Statements the write path keeps prepared for the life of the connection. */
enum ct_stmt {
	ST_BEGIN, ST_COMMIT, ST_ROLLBACK,
	ST_FIND_DUPLICATE, ST_INSERT_DOCUMENT, ST_INSERT_CLAIM,
	ST_OUTLET_BY_ALIAS, ST_OUTLET_BY_NAME, ST_INSERT_OUTLET, ST_MARK_OUTLET,
	ST_UPSERT_OUTLET_ALIAS, ST_MERGE_OUTLET_DOCS, ST_MERGE_OUTLET_VIA,
	ST_MERGE_OUTLET_ALIASES, ST_DELETE_OUTLET,
	ST_SPEAKER_BY_ALIAS, ST_SPEAKER_BY_NAME, ST_INSERT_SPEAKER, ST_MARK_SPEAKER,
	ST_UPSERT_SPEAKER_ALIAS, ST_MERGE_SPEAKER_CLAIMS, ST_MERGE_SPEAKER_ALIASES,
	ST_DELETE_SPEAKER,
	ST_UPSERT_PROPOSITION, ST_FIND_PROPOSITION,
	ST_INSERT_TEXT, ST_TEXT_STATE,
	ST_RULE_SET_BY_DIGEST, ST_INSERT_RULE_SET, ST_INSERT_RULE_SET_PROP,
	ST_UPDATE_CLAIM, ST_UPDATE_RETIRED_CLAIM,
	ST_OUTLET_LOOKUP, ST_SPEAKER_LOOKUP,
	ST_INSERT_DOCUMENT_DEFERRED,
	ST_COUNT
};

/*
 * Rows of one statement gathered to be written at once (PostgreSQL): each
 * column an array literal's elements, "1,NULL,..." or "\"text\",...",
 * appended row by row (store_rows.c).
 */
#define CT_ROWS_COLS 32
struct ct_rows {
	struct ct_buf col[CT_ROWS_COLS];
	size_t n;                           /* rows */
};

/* Appends value v (len bytes; NULL: NULL) to column i (1-based) as text,
 * or the integer v. DB_OK, or DB_NOMEM / DB_RANGE. */
int ct_rows_text(struct ct_rows *r, int i, const char *v, size_t len);
int ct_rows_int(struct ct_rows *r, int i, int64_t v);
int ct_rows_null(struct ct_rows *r, int i);
/* Column i as an array literal, "{...}", into out (reset first). */
int ct_rows_array(const struct ct_rows *r, int i, struct ct_buf *out);
/* Forgets the rows, keeping the memory; ct_rows_release() frees it. */
void ct_rows_reset(struct ct_rows *r);
void ct_rows_release(struct ct_rows *r);

struct ct_store {
	struct db *db;
	bool readonly;
	int version_was, version_now;
	const struct ct_ruleset *synced;    /* last ruleset recorded; not owned */
	uint64_t synced_load;               /* its ct_ruleset_load_id(): another rule set
					     * may come at synced's address */
	int64_t *prop_pk;                   /* the pk of each of synced's propositions,
					     * in its order; valid while synced is set */
	int64_t rule_set_id;                /* the rule set of synced's propositions */
	struct db_stmt *stmts[ST_COUNT];
	struct {                            /* statements of one-off SQL run per document */
		const char *sql;            /* a string constant: compared by address */
		struct db_stmt *st;
	} kept[16];
	void *zd;                           /* ZSTD_DCtx of the texts read; NULL */
	void *zc;                           /* ZSTD_CCtx of the texts written; NULL */
	struct ct_buf packed;               /* the last text compressed */
	double copy_threshold;              /* ct_store_set_copy_threshold(); 0: default */
	int sqlite_rc;                      /* the driver's code for the last failure; 0 */
	bool lazy_lock;                     /* a batch on PostgreSQL: BEGIN without the write
					     * lock, taken when a shared row is to be created
					     * (ct_store_write_lock()) */
	bool locked;                        /* lazy_lock, and it was taken */
	char *url;                          /* PostgreSQL, a writer: to connect again */
	struct db *side;                    /* a second connection: new speakers and outlets
					     * of a batch, committed at once (store_sync.c) */
	struct db_stmt *side_insert[3];     /* on side: a speaker's insert, an outlet's, a
					     * batch's new speakers' (ct_store_side_speakers()) */
	struct name_ids {                   /* speakers' and outlets' ids by name, found or
					     * stored in the open transaction: a round trip
					     * each on PostgreSQL (store_write.c) */
		struct name_id {
			char *name;         /* NULL: a free slot */
			bool outlet;
			int64_t id;
		} *slots;
		size_t cap, n;              /* cap a power of two, or 0 */
	} names;
	bool defer_ids;                     /* ct_store_defer_ids() */
	bool fts_ready;                     /* SQLite: ct_terms() registered (store_similar.c) */
	struct {                            /* documents of the open batch whose ids are
					     * not read yet (store_write.c) */
		size_t n;                   /* written */
		size_t next;                /* settled */
		int64_t *ids;               /* read from the server, n of them; NULL */
		struct ct_rows claims;      /* their claims and texts, written at */
		struct ct_rows texts;       /* once (ct_store_rows_settle()) */
		struct ct_buf text_blob;    /* the texts' compressed bodies */
		struct ct_rows docs;        /* documents not sent yet (ct_store_docs_flush()) */
		struct ct_doc_key {         /* and what makes one a duplicate */
			char *url, *hash;   /* malloc'd; NULL: none */
			int64_t outlet;
		} *keys;
		size_t n_keys, cap_keys;
		struct ct_buf band_rows;    /* PostgreSQL: the batch's band keys, rows of a
					     * binary COPY, sent before it commits
					     * (ct_store_bands_copy()) */
		struct ct_pend_copy *copies; /* each one's fingerprint, for the copy
					      * look-ups at the batch's end
					      * (store_copies_batch.c) */
		size_t n_copies, cap_copies;
	} pend;
	time_t now_at;                      /* the second now_text names; 0: none yet */
	char now_text[24];                  /* it as the schema's defaults write the time */
	int64_t next_claim_id;              /* SQLite: the id the next claim written in the
					     * open transaction takes; 0: not known, the
					     * insert reads it (store_sql.c) */
	struct ct_sig_cache *sig_cache;     /* the fingerprints of the documents this
					     * connection stored; NULL (store_sig_cache.c) */
	struct ct_bands *bands;              /* SQLite: band keys held (store_bands.c); NULL */
	struct ct_bands *pg_bands;           /* PostgreSQL: the keys this writer wrote,
					      * held (store_bands.c); NULL */
	bool pg_bands_lost;                 /* a rollback: those held are given up */
	bool bands_lost;                    /* a rollback: the keys held are to be read again */
	char errmsg[512];
};

/* On PostgreSQL, in a batch whose ids are read at its end: the text of
 * the pending document written last (blob, its body compressed, len
 * bytes, copied), kept for ct_store_rows_settle(). */
int ct_store_texts_defer(struct ct_store *s, const struct ct_doc *doc, const void *blob,
			 size_t len);

/*
 * On PostgreSQL, in a batch whose ids are read at its end: the pending
 * document about to be written is gathered with the batch's others
 * (s->pend.docs), inserted by ct_store_docs_flush() in one statement.
 * ct_store_docs_room() first sends those gathered when doc (of outlet id
 * outlet, 0: none) has the url, or the body and outlet, of one of them,
 * and notes doc's. ct_store_docs_flush() must run before anything looks
 * up the batch's documents, and before its ids are read.
 */
int ct_store_docs_room(struct ct_store *s, const struct ct_doc *doc, int64_t outlet);
int ct_store_docs_flush(struct ct_store *s);

/* On PostgreSQL, once the batch's ids are read: its texts and claims
 * gathered in s->pend, inserted by a statement each (store_rows.c). */
int ct_store_rows_settle(struct ct_store *s);

/* Forgets the batch's deferred documents (ct_store_defer_ids()). */
void ct_store_pending_clear(struct ct_store *s);

/* Appends v in decimal, preceded by sep when sep is not 0: the batches'
 * array literals hold some 100,000 numbers, which ct_buf_addf() formatted
 * in a tenth of the writer's time. */
static inline int ct_store_buf_int(struct ct_buf *b, char sep, int64_t v)
{
	char d[24], *p = d + sizeof d;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	if (sep)
		*--p = sep;
	return ct_buf_add(b, p, (size_t)(d + sizeof d - p));
}

/* Whether the connection is to PostgreSQL (else SQLite). */
static inline bool ct_store_is_pg(const struct ct_store *s)
{
	return db_kind(s->db) == DB_PG;
}

/* The SQL of a statement for the connection's engine: lite for SQLite, pg
 * for PostgreSQL, where the two dialects differ. */
#define CT_SQL(s, lite, pg) (ct_store_is_pg(s) ? (pg) : (lite))

/* The time now, UTC, ISO 8601 to the second, in each dialect's SQL. */
#define CT_SQL_NOW_LITE "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
#define CT_SQL_NOW_PG "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* Records a message for ct_store_errmsg() and returns code. */
int ct_store_fail(struct ct_store *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records SQLite's message for the connection, prefixed by `what`, and
 * returns CT_ENOMEM for DB_NOMEM, else CT_EDB. */
int ct_store_dbfail(struct ct_store *s, const char *what);

/* Prepares a one-off statement; on failure records the error. */
int ct_store_prepare(struct ct_store *s, const char *sql, struct db_stmt **out);

/*
 * Like ct_store_prepare() for SQL run again and again (once per document):
 * sql must be a string constant, whose statement is kept on the
 * connection (up to a few) and handed out again, reset. Give it back with
 * ct_store_unprepare() rather than db_finalize().
 */
int ct_store_prepare_kept(struct ct_store *s, const char *sql, struct db_stmt **out);
void ct_store_unprepare(struct ct_store *s, struct db_stmt *st);

/* Copies a nullable column date into a char[11] ("" when NULL or malformed). */
void ct_store_copy_date(char out[11], struct db_stmt *st, int col);

/* Reads up to n bytes from the start of the file at path into buf through
 * SQLite's file layer, which keeps this process's locks on it (a plain
 * close() would drop them: store_header.c); the bytes read, 0 when none. */
size_t ct_store_read_head(const char *path, unsigned char *buf, size_t n);

/* Clears the last message; CT_EINVAL for a read-only connection. */
int ct_store_check_writable(struct ct_store *s);

/* ---- the write path's statements (store_sql.c) ---- */

/* The cached statement `id`, prepared on first use; NULL after recording an error. */
struct db_stmt *ct_store_stmt(struct ct_store *s, enum ct_stmt id);

/* Binds parameters in order, remembering the first failure. */
/* A statement's parameters being bound; with rows set, the values are a
 * row appended to it instead. */
struct binder {
	struct db_stmt *st;
	int rc;
	struct ct_rows *rows;
};

static inline void b_text(struct binder *b, int i, const char *v)
{
	if (b->rc == DB_OK && b->rows)
		b->rc = v ? ct_rows_text(b->rows, i, v, strlen(v)) : ct_rows_null(b->rows, i);
	else if (b->rc == DB_OK)
		b->rc = v ? db_bind_text(b->st, i, v, -1)
			  : db_bind_null(b->st, i);
}

/* Binds text[start, end) as TEXT; the bytes must outlive the step. */
static inline void b_slice(struct binder *b, int i, const char *text, size_t start, size_t end)
{
	if (b->rc == DB_OK && b->rows)
		b->rc = ct_rows_text(b->rows, i, text + start, end - start);
	else if (b->rc == DB_OK)
		b->rc = db_bind_text(b->st, i, text + start, (int64_t)(end - start));
}

static inline void b_int(struct binder *b, int i, int64_t v)
{
	if (b->rc == DB_OK && b->rows)
		b->rc = ct_rows_int(b->rows, i, v);
	else if (b->rc == DB_OK)
		b->rc = db_bind_int64(b->st, i, (int64_t)v);
}

/* Binds an id, or NULL when it is 0 (no row). */
static inline void b_id(struct binder *b, int i, int64_t v)
{
	if (b->rc == DB_OK && b->rows)
		b->rc = v ? ct_rows_int(b->rows, i, v) : ct_rows_null(b->rows, i);
	else if (b->rc == DB_OK)
		b->rc = v ? db_bind_int64(b->st, i, (int64_t)v) : db_bind_null(b->st, i);
}

/*
 * Steps a bound statement once and resets it. When it gives a row, *id
 * (may be NULL) is its first column, else 0 (ids are never 0).
 * Returns CT_OK or an error recorded on s.
 */
int ct_store_run(struct ct_store *s, struct binder *b, int64_t *id);

/* Like ct_store_run() for a statement whose result is not needed, inside
 * a transaction: on PostgreSQL its result is read with the next
 * statement's (db_step_deferred()), so a failure may be reported later. */
int ct_store_run_deferred(struct ct_store *s, struct binder *b);

/* Runs a cached statement without parameters. */
int ct_store_run_plain(struct ct_store *s, enum ct_stmt id);

/*
 * In a batch opened without the write lock (PostgreSQL: store_batch.c),
 * takes it, before anything that writes a row other writers may write too
 * (a speaker, an outlet, the rules, a duplicate's text); *taken (may be
 * NULL) says whether it was taken now, when what was looked up before it
 * must be looked up again. Otherwise nothing.
 */
int ct_store_write_lock(struct ct_store *s, bool *taken);

/* Rolls back the open transaction, if SQLite has not already, keeping
 * the message of the failure that led to it. */
void ct_store_txn_rollback(struct ct_store *s);

/* Begins a transaction unless the caller's is open: *own says whether it
 * did (then the caller ends it, ct_store_txn_end()). */
int ct_store_txn_begin(struct ct_store *s, bool *own);

/* ct_store_check_writable(), then ct_store_txn_begin(). */
int ct_store_write_begin(struct ct_store *s, bool *own);

/* Ends the open transaction: commits it when rc is CT_OK, else rolls it
 * back. Returns rc, or the commit's failure. */
int ct_store_txn_end(struct ct_store *s, int rc);

/* ---- the ruleset's rows (store_sync.c), inside the caller's transaction ---- */

/* The id of outlet `name` by alias or name, without storing it; 0 when
 * unknown or name is empty. */
int ct_store_outlet_find(struct ct_store *s, const char *name, int64_t *id);

/* The outlet's id, inserting it when new; 0 for a NULL name. */
int ct_store_outlet_id(struct ct_store *s, const char *name, bool from_rules, int64_t *id);

/*
 * In a batch that does not hold the write lock (PostgreSQL), inserts the
 * speakers of `names` (text arrays, {"a","b"}; `kinds` each one's kind)
 * that are neither a speaker's name nor an alias, in one statement on the
 * second connection, committed at once, in the order given (a name
 * repeated, in any case, is inserted once, with its first kind). Their
 * ids go into the batch's names (ct_store_name_put()); a name another
 * writer stored meanwhile is left to the write path's look-up. Nothing
 * outside such a batch.
 */
int ct_store_side_speakers(struct ct_store *s, const char *names, const char *kinds);

/* The speaker's id, by alias or name, inserting it when new; 0 for NULL. */
int ct_store_speaker_id(struct ct_store *s, const char *name, enum ct_speaker_kind kind,
			int64_t *id);

/* The pk of this version of a proposition, recording it when new. */
int ct_store_proposition_pk(struct ct_store *s, const struct ct_proposition *p, int64_t *pk);

/*
 * Records a ruleset inside the caller's transaction, keeping each
 * proposition's pk in s->prop_pk: once s->synced is set, claims find their
 * proposition's pk there rather than by two statements each.
 */
int ct_store_record_rules(struct ct_store *s, const struct ct_ruleset *rs);

/*
 * The id of the rule set made of the proposition versions pks[0, n) (any
 * order, no duplicates), recording it when new, inside the caller's
 * transaction. pks is not changed.
 */
int ct_store_rule_set_id(struct ct_store *s, const int64_t *pks, size_t n, int64_t *id);

/* ---- writing claims (store_write.c) ---- */

/* Per-document caches of a claim writer: the same proposition or speaker
 * is looked up once. Zero it before use; ct_claim_writer_release() after. */
struct seen_prop {
	const struct ct_proposition *p;
	int64_t pk;
};

struct seen_speaker {
	const char *name;
	int64_t id;
};

struct ct_claim_writer {
	const struct ct_ruleset *rs;        /* recorded: its pks are in s->prop_pk; NULL */
	struct seen_prop *props;
	size_t n_props, cap_props;
	struct seen_speaker *speakers;
	size_t n_speakers, cap_speakers;
	bool names;                         /* use and fill s->names */
};

void ct_claim_writer_release(struct ct_claim_writer *w);

/* Forgets the ids of s->names: at the start and end of a transaction, and
 * when the rules recorded may have merged rows (store_names.c). */
void ct_store_names_clear(struct ct_store *s);
/* Whether s->names has name (an outlet's or a speaker's), and its id. */
bool ct_store_name_get(struct ct_store *s, const char *name, bool outlet, int64_t *id);
/* Remembers name's id; out of memory, it is only not remembered. */
void ct_store_name_put(struct ct_store *s, const char *name, bool outlet, int64_t id);

/*
 * Writes claim dc of doc (stored as document_id) with `which`:
 * ST_INSERT_CLAIM inserts it as number seq of its document;
 * ST_UPDATE_CLAIM and ST_UPDATE_RETIRED_CLAIM write what the rules found
 * over row `row` of claims or retired_claims (keeping its id, seq and
 * document; its review mark is cleared). Records its speaker, via outlet
 * and proposition when new. Inside the caller's transaction.
 */
int ct_store_write_claim(struct ct_store *s, struct ct_claim_writer *w, enum ct_stmt which,
			 int64_t row, const struct ct_doc *doc, int64_t document_id,
			 const struct ct_doc_claim *dc, size_t seq);

/* ---- retired claims and reviews (store_rematch.c, store_review.c) ---- */

/* The columns of claims, which retired_claims has first, in this order. */
#define CLAIM_COLS \
	"id, document_id, seq, proposition, proposition_pk, stance, hedged, negated, denied, " \
	"sentence, sentence_start, sentence_end, match, match_start, match_end, negation_cue, " \
	"denial_cue, hedge_cue, speaker_id, speaker_kind, mention, role, quote_kind, cue, " \
	"via_outlet_id, date, statement_date, rule_file, rule_line, polarity, pattern, framing, " \
	"reviewed"

/* Moves claim id to retired_claims, with its reason ("removed",
 * "replaced", "rejected"). Inside the caller's transaction (store_retired.c,
 * like the two below). */
int ct_store_retire_claim(struct ct_store *s, int64_t id, const char *reason);

/* Retires ("removed") every claim of proposition prop in a document; *n
 * (may be NULL) counts them. */
int ct_store_retire_proposition(struct ct_store *s, int64_t document_id, const char *prop,
				size_t *n);

/* Brings rejected claim id back into claims. */
int ct_store_restore_claim(struct ct_store *s, int64_t id);

/*
 * After a rematch of document id rewrote its claims of the propositions
 * `touched` says yes to: writes each active review over the claim it is
 * keyed to, when the rules wrote that claim again (recording what the
 * rules said, for an undo); a review whose claim is gone goes to fn.
 * Inside the caller's transaction.
 */
int ct_store_reapply_reviews(struct ct_store *s, int64_t id,
			     bool (*touched)(const char *proposition, void *u), void *u,
			     ct_orphan_review_fn fn, void *user);

/* ---- the documents' texts (store_text.c) ---- */

/*
 * Stores doc's body, compressed, and what ingest read besides the
 * documents row (the outlet as given, the canonical link), as the text of
 * stored document `id`, inside the caller's transaction.
 */
int ct_store_put_text(struct ct_store *s, int64_t id, const struct ct_doc *doc,
		      const struct ct_packed_text *packed);

/* ---- the sentence index (store_sentences.c) ---- */

/* Adds doc's sentences to the index as those of document id, inside the
 * caller's transaction: a text taken off the queue (db/011), or all of
 * them when the index is built again. */
int ct_store_index_sentences(struct ct_store *s, int64_t id, const struct ct_doc *doc);

/* Called by a migration, named `name` (its file), before it commits: the
 * one that queues texts for the sentence index (schema 11) queues those
 * stored before when the index is empty. */
int ct_store_migrated(struct ct_store *s, const char *name);

/*
 * For a document found already stored as `id`: stores doc's text when the
 * stored one has none and doc is its text (the same body hash); *stored
 * says whether it did. Inside the caller's transaction.
 */
int ct_store_fill_text(struct ct_store *s, int64_t id, const struct ct_doc *doc, bool *stored);

/*
 * Checks every stored text: it decompresses to its document's length and
 * hash, and each of the document's claims has its sentence and match at
 * their offsets in it. Each problem goes to fn (may be NULL) and is
 * counted in *n.
 */
int ct_store_check_texts(struct ct_store *s, ct_store_problem_fn fn, void *user, size_t *n);

/* Decompresses stored text blob[0, n) of document id into *out (malloc'd,
 * NUL-terminated, len bytes); CT_EDB when damaged. */
int ct_store_unpack_text(struct ct_store *s, int64_t id, const void *blob, size_t n,
			 size_t len, char **out);

/* Frees what the texts' writer keeps on the connection. */
void ct_store_text_release(struct ct_store *s);

/* ---- copies of one story (store_copies.c) ---- */

/*
 * A condition on claims c: a claim of a copy is left out when its story's
 * root has the same claim (proposition, stance, speaker and matched
 * words), so that a story's claim counts once. The first test is one
 * look-up in the (small) set of copies, the second runs for copies only.
 */
#define CT_SQL_ONCE_PER_STORY \
	" AND (c.document_id NOT IN (SELECT id FROM documents WHERE copy_of IS NOT NULL) " \
	"OR NOT EXISTS (SELECT 1 FROM documents cd JOIN claims rc ON rc.document_id = cd.copy_of " \
	"WHERE cd.id = c.document_id AND rc.proposition = c.proposition AND " \
	"rc.stance = c.stance AND rc.match = c.match AND (rc.speaker_id = c.speaker_id OR " \
	"(rc.speaker_id IS NULL AND c.speaker_id IS NULL))))"

/*
 * Stores the fingerprint of new document id (fp, or when NULL that of
 * doc's body) and links it to the story of the most similar earlier
 * document at or above the threshold: documents.copy_of is that story's
 * root, into *copy_of (may be NULL; 0 when none). Then indexes its keys,
 * so that a later document of the same transaction finds it. Inside the
 * caller's transaction.
 */
struct ct_fingerprint;
int ct_store_copies_add(struct ct_store *s, int64_t id, const struct ct_doc *doc,
			const struct ct_fingerprint *fp, int64_t *copy_of);

/*
 * The candidates compared, the most keys shared first. A copy shares most
 * of its 42 keys with its original (at similarity 0.5 about 5, at 0.8
 * about 22); two stories of one topic share one now and then. Stories
 * carried by fifty outlets give fifty candidates of one story: comparing
 * the 32 sharing the most keys finds the best of them.
 */
#define CT_COPY_CANDIDATES 32

/* The size of a stored signature: 128 values, 32 bits little-endian. */
#define CT_SIGNATURE_BYTES (CT_FP_SLOTS * 4)

/* The copy threshold in force (ct_store_set_copy_threshold()); below 0: off. */
double ct_store_copy_threshold(const struct ct_store *s);

/* A signature as stored: CT_SIGNATURE_BYTES bytes. */
void ct_store_sig_pack(const struct ct_fingerprint *fp, unsigned char out[CT_SIGNATURE_BYTES]);

/* A stored signature read back into *fp; false when the blob is not one
 * (then *fp is not one). */
bool ct_store_sig_unpack(const unsigned char *p, size_t n, int64_t n_shingles,
			 struct ct_fingerprint *fp);

/*
 * On PostgreSQL, in a batch whose ids are read at its end
 * (ct_store_defer_ids()): ct_store_copies_defer(), in place of
 * ct_store_copies_add() for the pending document written last, keeps its
 * fingerprint (fp, or when NULL that of doc's body) instead of storing it
 * and looking up its story at once, a round trip each.
 * ct_store_copies_settle(), once the batch's ids are read, looks up the
 * stories of all of them in one statement, deciding in their order as
 * the look-ups one by one would (an earlier document of the batch is a
 * candidate of a later one), then writes their signatures, links and
 * band keys. ct_store_copies_of() is pending document k's story (0: none)
 * once settled.
 */
int ct_store_copies_defer(struct ct_store *s, const struct ct_doc *doc,
			  const struct ct_fingerprint *fp);
int ct_store_copies_settle(struct ct_store *s);
int64_t ct_store_copies_of(const struct ct_store *s, size_t k);
/* Sends the band keys of the batch's settled documents (s->pend.band_rows)
 * to document_bands_recent, in one COPY: the last statement before the
 * batch commits, when the writer waits for the server anyway. */
int ct_store_bands_copy(struct ct_store *s);

/*
 * The fingerprints and stories of the documents this connection stored,
 * kept so that a look-up for copies does not read them back
 * (store_sig_cache.c): ct_store_sig_cache_put() stages one in the open
 * write transaction; ct_store_sig_cache_end() at the transaction's end,
 * committed (they count from then on) or not (they are forgotten);
 * ct_store_sig_cache_get() gives a document's fingerprint and, into
 * *root, its story, or NULL when not kept (a document staged counts on
 * SQLite, in its own transaction); ct_store_sig_cache_free() with the
 * connection.
 */
void ct_store_sig_cache_put(struct ct_store *s, int64_t id, int64_t root,
			    const struct ct_fingerprint *fp);
const struct ct_fingerprint *ct_store_sig_cache_get(const struct ct_store *s, int64_t id,
						     int64_t *root);
void ct_store_sig_cache_end(struct ct_store *s, bool committed);
void ct_store_sig_cache_free(struct ct_store *s);

/* The time now as the schema's defaults write it, strftime('%Y-%m-%dT%H:%M:%SZ',
 * 'now'): bound by SQLite's inserts of documents and texts, where the
 * default's strftime() took 3,500 instructions a row. */
const char *ct_store_now_text(struct ct_store *s);

/* The write transaction is over, committed or not: what was known only
 * within it is forgotten (the fingerprints staged, the next claim's id). */
void ct_store_txn_over(struct ct_store *s, bool committed);

/* ct_store_copies_add() for a document stored earlier whose text is
 * stored now, unless it has its fingerprint already. */
int ct_store_copies_add_late(struct ct_store *s, int64_t id, const struct ct_doc *doc);

/*
 * Fingerprints the stored texts of the documents stored before schema 12
 * (db/012_copies.sql's copy_fill), in the order they were stored, a few
 * hundred per transaction: a writer's open runs it, and an interrupted
 * one continues at the next open. Nothing for a reader.
 */
int ct_store_copies_fill(struct ct_store *s);

/* Whether rs is the rule set last recorded (its propositions' pks known). */
static inline bool ct_store_is_synced(const struct ct_store *s, const struct ct_ruleset *rs)
{
	return rs == s->synced && ct_ruleset_load_id(rs) == s->synced_load;
}

static inline void ct_store_set_synced(struct ct_store *s, const struct ct_ruleset *rs)
{
	s->synced = rs;
	s->synced_load = rs ? ct_ruleset_load_id(rs) : 0;
}

/*
 * SQLite's band keys of the documents stored last, held in memory and
 * noted in document_bands_pending until written to document_bands_recent
 * (store_bands.c). ct_store_bands_distinct() gives a document's distinct
 * keys, sorted. ct_store_bands_lookup() appends to docs the documents
 * other than self sharing each of uniq's keys, each once a key.
 * ct_store_bands_add() holds and notes doc's distinct keys, in the open write
 * transaction. ct_store_bands_settle() writes all held and noted keys out
 * (in the open write transaction, or one of its own), on either engine.
 * A rollback sets s->bands_lost. ct_store_bands_moved() after the recent
 * keys went to document_bands.
 */
size_t ct_store_bands_distinct(const int64_t keys[CT_FP_BANDS], int64_t uniq[CT_FP_BANDS]);
int ct_store_bands_lookup(struct ct_store *s, int64_t self, const int64_t *uniq, size_t n_uniq,
			  int64_t **docs, size_t *n_docs, size_t *cap);
int ct_store_bands_add(struct ct_store *s, int64_t doc, const int64_t *uniq, size_t n_uniq);
/* Orders int64_t values, for qsort(). */
int ct_store_cmp_i64(const void *a, const void *b);
int ct_store_bands_settle(struct ct_store *s);
bool ct_store_bands_held(const struct ct_store *s);
void ct_store_bands_moved(struct ct_store *s);
void ct_store_bands_free(struct ct_store *s);

/*
 * PostgreSQL's batches (store_copies_batch.c) write their keys at once,
 * and hold them too. ct_store_bands_pg_start(), outside a transaction,
 * takes note of the keys the server holds; ct_store_bands_pg_sync(), in
 * the batch before its look-up, holds the keys written since by others
 * (the log, db/pg/019). Then ct_store_bands_pg_ask() says whether the
 * server may hold key for a document not held; if not,
 * ct_store_bands_pg_next() gives the documents held with it, which are
 * all the server holds:
 *
 *	for (size_t it = 0; (it = ct_store_bands_pg_next(s, key, it, &doc));)
 *
 * ct_store_bands_pg_hold() holds a document's keys as its batch writes
 * them. A rollback sets s->pg_bands_lost: holding is given up.
 */
int ct_store_bands_pg_start(struct ct_store *s);
int ct_store_bands_pg_sync(struct ct_store *s);
bool ct_store_bands_pg_ask(const struct ct_store *s, int64_t key);
size_t ct_store_bands_pg_next(const struct ct_store *s, int64_t key, size_t it, int64_t *doc);
void ct_store_bands_pg_hold(struct ct_store *s, int64_t doc, const int64_t *uniq, size_t n_uniq);

#endif
