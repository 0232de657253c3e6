/*
 * The store: documents, claims, speakers, outlets, runs and fetches.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_STORE_H
#define CLAIMTRACK_STORE_H

#include "claimtrack/claims.h"
#include "claimtrack/report.h"
#include "claimtrack/text.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The SQLite store: documents, their claims, speakers, outlets and
 * propositions. The schema is the numbered migrations in db/, compiled in
 * and applied in order on a read-write open. One struct ct_store is one
 * connection; use it from one thread at a time (open one per thread).
 *
 * Store functions return CT_OK, CT_ENOMEM, CT_EINVAL or one of the store
 * codes of enum ct_error (error.h); after a failure ct_store_errmsg() says
 * what went wrong, without the database's path (the caller names the file).
 */

enum ct_store_flags {
	/* Read only: the file must exist and hold the current schema; nothing
	 * is created, migrated or written. */
	CT_STORE_READONLY = 1 << 0,
};

struct ct_store;

/* Whether target names a PostgreSQL database (postgresql://, postgres://)
 * rather than a SQLite file. */
bool ct_store_is_url(const char *target);

/* target as it may be shown: a URL's password replaced by "***"; into
 * out (size bytes), truncated. */
void ct_store_display_name(const char *target, char *out, size_t size);

/* The schema version this library writes: the number of migrations. */
int ct_store_schema_version(void);

/*
 * Opens (creating it unless CT_STORE_READONLY) the database at path and
 * brings its schema up to date, each migration in its own transaction. A
 * database whose schema is newer than this library knows, or that is not a
 * claimtrack database, is refused with CT_ESCHEMA and left untouched. With
 * CT_STORE_READONLY, a missing file is CT_ENODB and an older or empty
 * schema CT_EOLDSCHEMA (nothing is migrated). The parent folder must exist. On failure the message goes to err (err_size
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
	bool duplicate;         /* already stored (same url or body): nothing written,
				 * but for text_stored */
	bool text_stored;       /* a duplicate stored without its text (before schema
				 * 7) whose text this call stored */
	size_t n_claims;        /* claims written */
	size_t n_speakers;      /* distinct speakers among them */
	bool pending;           /* written in a batch with ct_store_defer_ids() on:
				 * document_id, duplicate and copy_of are known
				 * once ct_store_settle() has run */
	int64_t copy_of;        /* a copy of the story whose first document this
				 * is (ct_store_set_copy_threshold()); 0: none */
};

/*
 * Stores a document and its claims (from ct_doc_claims(), all for this
 * document) in one transaction: the document, its outlet (the canonical one
 * from `a` when given, else doc->outlet), the speakers, the propositions
 * and every claim, or nothing. A document is already stored when one with
 * the same url (when doc has one) or the same body hash is: then
 * out->duplicate is set and nothing changes, unless that document has no
 * stored text and doc is its text (the same body hash): then the text is
 * stored (out->text_stored). Every document stored gets its text stored
 * with it (compressed; ct_store_load_document() reads it back). rs (may be NULL) is synced first, once
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
 * A document's body compressed as the store keeps it, made ahead of
 * ct_store_add_document_packed() where there is time for it (an ingest's
 * worker threads) rather than in the thread that writes. A packer holds
 * the compression state reused from one text to the next: one per thread.
 */
struct ct_text_packer;
struct ct_packed_text {
	unsigned char *data;    /* malloc'd; NULL: none */
	size_t len;
	size_t body_len;        /* of the body it packs */
	struct ct_fingerprint fp;   /* the body's, to find copies of its story */
};
struct ct_text_packer *ct_text_packer_new(void);
void ct_text_packer_free(struct ct_text_packer *pk);
/* Packs doc's body into *out (released first); CT_ENOMEM, CT_EINVAL. */
int ct_text_pack(struct ct_text_packer *pk, const struct ct_doc *doc, struct ct_packed_text *out);
void ct_packed_text_release(struct ct_packed_text *t);

/* ct_store_add_document(), storing packed (ct_text_pack() of doc; NULL:
 * packing it here) as its text. */
int ct_store_add_document_packed(struct ct_store *s, const struct ct_ruleset *rs,
				 const struct ct_doc *doc, const struct ct_attribution *a,
				 const struct ct_doc_claim *claims, size_t n_claims,
				 const struct ct_packed_text *packed,
				 struct ct_store_result *out);

/* The first schema that keeps documents' texts (db/007_document_texts.sql):
 * a database upgraded to it holds documents without text. */
#define CT_STORE_SCHEMA_TEXTS 7

/* The first schema that finds copies of one story (db/012_copies.sql). */
#define CT_STORE_SCHEMA_COPIES 12

/*
 * The similarity (0 to 1, ct_fingerprint_similarity()) at or above which a
 * new document is a copy of an earlier one's story (a wire story carried
 * by another outlet): CT_FP_THRESHOLD unless set. A negative threshold
 * links nothing (fingerprints are still stored, for later documents).
 * CT_EINVAL for 0 or above 1.
 */
int ct_store_set_copy_threshold(struct ct_store *s, double threshold);

/*
 * A new document's band keys are written to a small table of recent keys
 * (db/013_recent_bands.sql), which the look-up for copies reads as well,
 * so that ingest into a large archive does not rewrite pages all over the
 * index of every key. This moves them into that index, in key order and
 * one transaction (`db maintain`, and the end of `nightly`); *n: the keys
 * moved. Finding copies gives the same answer before and after.
 */
int ct_store_copies_merge(struct ct_store *s, size_t *n);

/*
 * The outlets carrying claim claim_id: those of the documents of its story
 * (the story's root, coalesce(copy_of, id) of its document, and the root's
 * copies) that have the same claim (proposition, stance, speaker, matched
 * words), each outlet once (NULL for a document without one), with the
 * first such document, in the order stored: a claim of a document without
 * copies has its own outlet alone, a copy's claim its whole story's.
 * fn's strings live for the call; a non-zero return stops and is returned.
 */
typedef int (*ct_carrier_fn)(const char *outlet, int64_t document_id, void *user);
int ct_store_carriers(struct ct_store *s, int64_t claim_id, ct_carrier_fn fn, void *user);

/* The first schema that records rule sets, retired claims and reviews
 * (db/008_rematch_reviews.sql). */
#define CT_STORE_SCHEMA_RULE_SETS 9

/*
 * Stores doc's text for document `id` found already stored, when that
 * document has none and doc is its text (the same body hash); *stored says
 * whether it did. Joins the caller's transaction (ct_store_begin()), else
 * runs in its own.
 */
int ct_store_add_text(struct ct_store *s, int64_t id, const struct ct_doc *doc, bool *stored);

/*
 * Rebuilds stored document `id` as ingest built it, from its stored text:
 * the body (with its paragraphs, sentences and hash), title, date, url,
 * author, lang, source, the outlet as the document gave it (before the
 * rules made it canonical), the canonical link, and the counts of bytes
 * replaced and dropped. CT_ENOTFOUND when there is no such document,
 * CT_ENOTEXT when it was stored without its text (before schema 7), CT_EDB
 * when the stored text is damaged (its hash differs). The caller frees
 * *out with ct_doc_free().
 */
int ct_store_load_document(struct ct_store *s, int64_t id, struct ct_doc **out);

/* Whether document id has its text stored (false too when there is no
 * such document). */
int ct_store_has_text(struct ct_store *s, int64_t id, bool *has);

/* A stored document's row; strings malloc'd (NULL when unknown), freed by
 * ct_store_document_release(). */
struct ct_store_document {
	int64_t id;
	char *title, *date, *url, *source, *author, *lang;
	char *outlet;              /* the canonical outlet */
	char *ingested_at;         /* UTC, ISO 8601 */
	size_t body_len, n_claims;
	bool has_text;             /* its text is stored (ct_store_load_document()) */
	int64_t copy_of;           /* a copy of the story whose first document this is; 0 */
	size_t n_copies;           /* the copies of its story, when it is a story's first */
};

/* Document id's row; CT_ENOTFOUND when there is none (*out untouched). */
int ct_store_document_info(struct ct_store *s, int64_t id, struct ct_store_document *out);
/* Frees the strings; accepts NULL. */
void ct_store_document_release(struct ct_store_document *d);

/* The latest document stored from `source` (a path as ingest was given
 * it); *id is 0 when none. */
int ct_store_source_document(struct ct_store *s, const char *source, int64_t *id);

/* How many stored documents have no text (stored before schema 7). */
int ct_store_texts_missing(struct ct_store *s, size_t *n);

/*
 * Whether the document is already stored (same url when it has one, or
 * same body hash and outlet, doc->outlet by name or alias, none matching
 * none; the same body from another outlet is another document): *id is
 * its id, or 0. A cheap look before matching;
 * ct_store_add_document() decides again inside its transaction.
 */
int ct_store_find_document(struct ct_store *s, const struct ct_doc *doc, int64_t *id);

/* Whether the database holds any document (*any). */
int ct_store_has_documents(struct ct_store *s, bool *any);

/*
 * A batch: ct_store_begin() opens a write transaction that the following
 * ct_store_add_document() calls join instead of each committing its own;
 * ct_store_commit() commits them all at once. Readers still see
 * whole documents only. A document that fails inside the batch rolls the
 * whole batch back (nothing of it is stored; ct_store_commit() then fails
 * with CT_EDB). ct_store_rollback() drops an open batch; it does nothing
 * when none is open. While a batch is open other writers wait, so keep it
 * short: open it when the documents are ready, not while making them.
 */
int ct_store_begin(struct ct_store *s);
int ct_store_commit(struct ct_store *s);

/*
 * On PostgreSQL, inside a batch: ct_store_add_document() no longer waits
 * for the server to give the document's id (a round trip per document);
 * the id, or that the document was stored already, is read for the whole
 * batch at once. Its result is then pending, and ct_store_settle() must
 * be called for each pending result, in the order the documents were
 * added, before ct_store_commit(): it fills in document_id, duplicate
 * and copy_of (and stores a duplicate's missing text, as
 * ct_store_add_document() does). The batch's copy look-ups wait for its
 * ids as well, and are made for all of it at once. Does nothing on
 * SQLite, or outside a batch.
 */
void ct_store_defer_ids(struct ct_store *s, bool on);
int ct_store_settle(struct ct_store *s, const struct ct_doc *doc, struct ct_store_result *res);
void ct_store_rollback(struct ct_store *s);

/*
 * Whether the last failure was a clash with another writer that the
 * server settled by failing this one's transaction (PostgreSQL: a
 * deadlock, or a serialization failure): rolled back, the batch can be
 * run again as it was.
 */
bool ct_store_busy(const struct ct_store *s);

/*
 * In an open batch, before its documents are added: looks up at once the
 * speakers and outlets they name (claims' speakers and via outlets, the
 * documents' outlets), whose ids are then known for the batch. On
 * PostgreSQL one round trip instead of one for each name; on SQLite, where
 * a look-up costs no round trip, nothing. Names may repeat; NULL and empty
 * ones are skipped. With `kinds` (each speaker's kind) and `owners` (the
 * outlet of the document naming each speaker, NULL for none), the speakers
 * still unknown are then stored, at once, as the documents would store
 * them one by one; with kinds NULL, they are only looked up.
 */
int ct_store_prefetch_names(struct ct_store *s, const char *const *speakers,
			    const enum ct_speaker_kind *kinds, const char *const *owners,
			    size_t n_speakers, const char *const *outlets, size_t n_outlets);

/* Records a ruleset's propositions, speakers and outlets in one transaction. */
int ct_store_sync_rules(struct ct_store *s, const struct ct_ruleset *rs);

/* ---- matching stored documents again (store_rematch.c) ---- */

/*
 * Every stored document records the rule set its claims were made with:
 * the version (id, rev, fingerprint) of each proposition it was matched
 * against. A rematch brings documents up to the rules loaded now, one
 * proposition at a time: those that are new to a document or whose version
 * changed are matched again, those no longer in the rules have their
 * claims retired (kept in retired_claims, not deleted).
 */
enum ct_rematch_kind {
	CT_REMATCH_NEW,         /* not matched before with any version */
	CT_REMATCH_CHANGED,     /* matched with another rev or fingerprint */
	CT_REMATCH_REMOVED,     /* no longer in the rules: its claims retire */
};

/* One proposition a rematch changes, and what it did (the counts). */
struct ct_rematch_change {
	const char *id;
	int rev;                /* the rules' now; for a removed one, the last stored */
	const char *fingerprint;
	enum ct_rematch_kind kind;
	size_t documents;       /* documents to match again (or retire claims of) */
	size_t done;            /* of them, brought up to date */
	size_t added;           /* claims found that were not there */
	size_t retired;         /* claims no longer found, or of a removed proposition */
	size_t changed_stance;  /* claims found again with the other stance */
	size_t found_again;     /* claims found again (their values rewritten) */
};

struct ct_rematch_options {
	const char *const *propositions;    /* only these ids; none: every change */
	size_t n_propositions;
	const char *since, *until;          /* documents published in the period (YYYY-MM-DD) */
};

/* What a rematch will do; made by ct_store_rematch_plan(). */
struct ct_rematch_plan;

/*
 * Records rs in the store (as ingest does), then works out which
 * documents differ from it and how: *out lists the documents to do, in id
 * order, and the propositions that change. Inside the caller's
 * transaction when one is open (ct_store_begin()), else in its own.
 * CT_ENOTFOUND for a --proposition id neither the rules nor the store
 * know (the message names it); CT_EINVAL for a bad date. Free *out with
 * ct_rematch_plan_free(); it borrows rs.
 */
int ct_store_rematch_plan(struct ct_store *s, const struct ct_ruleset *rs,
			  const struct ct_rematch_options *o, struct ct_rematch_plan **out);
void ct_rematch_plan_free(struct ct_rematch_plan *p);

/* The documents to do: their ids, whether one needs matching (else it
 * only retires claims), and whether its text is stored (without it, it
 * can only retire). */
size_t ct_rematch_plan_n_documents(const struct ct_rematch_plan *p);
int64_t ct_rematch_plan_document(const struct ct_rematch_plan *p, size_t i);
bool ct_rematch_plan_needs_text(const struct ct_rematch_plan *p, size_t i);
bool ct_rematch_plan_has_text(const struct ct_rematch_plan *p, size_t i);

/* Whether a claim of proposition `prop` (of the plan's rules) found in
 * document i is one the rematch of i takes. Safe from any thread. */
bool ct_rematch_plan_wants(const struct ct_rematch_plan *p, size_t i,
			   const struct ct_proposition *prop);

/* The propositions that change, by id; their counts grow as documents
 * are done. Borrowed from the plan. */
size_t ct_rematch_plan_n_changes(const struct ct_rematch_plan *p);
const struct ct_rematch_change *ct_rematch_plan_change(const struct ct_rematch_plan *p, size_t i);

/* Documents whose rules differ but that are outside the period asked
 * for, and those skipped since they need their text and have none. */
size_t ct_rematch_plan_n_outside(const struct ct_rematch_plan *p);

/* A review whose claim a rematch no longer finds; borrowed for the call. */
struct ct_orphan_review {
	int64_t review_id, document_id, claim_id;
	const char *proposition, *field, *value;
	size_t sentence_start, sentence_end;
};
typedef void (*ct_orphan_review_fn)(const struct ct_orphan_review *r, void *user);

/*
 * Brings document i of the plan up to date: doc is its text (NULL when it
 * needs none), claims[0, n) with attribution a what the rules found in it
 * (those the plan does not want are ignored). Claims found again keep
 * their id and take the new values; new ones are added; the rest of the
 * proposition's claims retire. Reviews of the claims are applied again;
 * one whose claim is gone goes to orphan_fn (may be NULL). In one
 * transaction, or in the caller's batch. A document already up to date
 * (done by another run) is left alone: *done false.
 */
int ct_store_rematch_document(struct ct_store *s, struct ct_rematch_plan *p, size_t i,
			      const struct ct_doc *doc, const struct ct_attribution *a,
			      const struct ct_doc_claim *claims, size_t n,
			      ct_orphan_review_fn orphan_fn, void *user, bool *done);

/* How the rules loaded differ from those the stored claims were made with. */
struct ct_rules_drift {
	size_t propositions;    /* ids new, changed or removed for some document */
	size_t documents;       /* documents matched with other rules than these */
};

/* Compares rs with the rule sets of the stored documents, writing nothing. */
int ct_store_rules_drift(struct ct_store *s, const struct ct_ruleset *rs,
			 struct ct_rules_drift *out);

/* How many claims are retired (kept out of the record), by reason. */
struct ct_store_retired {
	size_t removed, replaced, rejected;
};
int ct_store_retired_counts(struct ct_store *s, struct ct_store_retired *out);

/* ---- reviewers' corrections (store_review.c) ---- */

/*
 * A review corrects one value of a claim, or rejects or accepts it. It is
 * kept in its own table with who made it, when, and the value it
 * replaced, keyed by the claim's document, sentence span and proposition,
 * so that it holds when the claim is matched again (ct_store_rematch_*)
 * under another id. The claim itself carries the reviewed value (and its
 * `reviewed` mark), so every reader sees it; a rejected claim moves out
 * of the record to retired_claims. An undo keeps the review, marked undone.
 */
enum ct_review_field {
	CT_REVIEW_SPEAKER,      /* value: the speaker's name */
	CT_REVIEW_STANCE,       /* value: "supports" or "refutes" */
	CT_REVIEW_HEDGED,       /* value: "1" or "0" */
	CT_REVIEW_VERDICT,      /* value: "rejected" or "accepted" */
};

/* "speaker", "stance", "hedged", "verdict". */
const char *ct_review_field_name(enum ct_review_field f);

struct ct_review_request {
	int64_t claim_id;       /* a claim, or a rejected one */
	enum ct_review_field field;
	const char *value;
	const char *note;       /* NULL: none */
	const char *reviewer;   /* required */
};

/* A stored review; strings live for the call. */
struct ct_review {
	int64_t id, document_id;
	int64_t claim_id;       /* the claim it applies to now; 0 when orphaned */
	const char *proposition;
	size_t sentence_start, sentence_end;
	const char *field, *value, *old_value, *note, *reviewer, *reviewed_at;
	const char *undone_at, *undone_by;     /* NULL unless undone */
};

typedef int (*ct_review_fn)(const struct ct_review *r, void *user);

/*
 * Records a review of claim r->claim_id and writes its value into the
 * claim, in one transaction; *id (may be NULL) is the review's id.
 * CT_ENOTFOUND when there is no such claim; CT_EINVAL for a bad value, or
 * a review that changes nothing (the claim already says so: the message
 * says what it says).
 */
int ct_store_review(struct ct_store *s, const struct ct_review_request *r, int64_t *id);

/*
 * Undoes the latest review still applied to claim claim_id: it is marked
 * undone (by `by`, now) and the claim gets back the value before it (an
 * earlier review's, else what the rules found). *undone (may be NULL) is
 * its id. CT_ENOTFOUND when the claim has no review to undo.
 */
int ct_store_review_undo(struct ct_store *s, int64_t claim_id, const char *by, int64_t *undone);

/*
 * Calls fn for the reviews of claim claim_id (0: every review), oldest
 * first; undone ones too when `all`. CT_EABORT when fn asked to stop.
 */
int ct_store_reviews(struct ct_store *s, int64_t claim_id, bool all, ct_review_fn fn, void *user);

/* Which claims ct_store_claims() returns; NULL/0 fields match anything. */
struct ct_claim_filter {
	const char *proposition;   /* proposition id */
	const char *speaker;       /* speaker name or alias, any case */
	const char *outlet;        /* the document's outlet, name or alias */
	enum ct_stance stance;     /* CT_STANCE_NONE: both */
	const char *since;         /* publication date >= since (YYYY-MM-DD) */
	const char *until;         /* publication date <= until */
	int64_t document_id;
	int64_t claim_id;          /* only this claim; 0: any */
	int reviewed;              /* 1: only reviewed claims, -1: only unreviewed; 0: both */
	bool once_per_story;       /* leave out a copy's claim its story's root has */
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
	const char *framing;       /* "disputed" by the outlet's words; NULL */
	const char *speaker, *mention, *role, *quote_kind, *cue;
	enum ct_speaker_kind speaker_kind;
	const char *via, *outlet, *date, *statement_date;
	const char *rule_file, *pattern;
	int rule_line;
	enum ct_stance polarity;   /* of the pattern */
	int64_t document_id;
	const char *document_url, *document_title, *document_source;
	bool reviewed;             /* a reviewer set one of its values */
	int64_t copy_of;           /* its document is a copy of this story's root; 0 */
	bool has_copies;           /* its document is the root of copies */
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

/*
 * The record of a claim: what the store holds on its proposition. Claims
 * of the same stance agree with it, claims of the opposite stance
 * contradict it; hedged ones are included (their `hedged` says so).
 */
struct ct_stance_record_query {
	const char *proposition;    /* proposition id; required */
	enum ct_stance stance;      /* the claim's stance; required */
	size_t limit;               /* claims listed per side; 0: totals only */
	int64_t exclude_document;   /* leave this document's claims out; 0: none */
};

struct ct_stance_record_totals {
	size_t agree, contradict;   /* all claims on each side, listed or not */
};

/*
 * Calls fn for up to q->limit agreeing claims, then up to q->limit
 * contradicting ones (c->stance tells the side), each side newest first:
 * by the claim's date — its statement date when the text gives one, else
 * its publication date — undated last, then the latest stored first.
 * *totals (may be NULL) counts every claim on each side. CT_EINVAL without
 * a proposition or a stance; CT_EABORT when fn asked to stop (totals are
 * then left untouched).
 */
int ct_store_stance_record(struct ct_store *s, const struct ct_stance_record_query *q,
			   ct_stored_claim_fn fn, void *user,
			   struct ct_stance_record_totals *totals);

/* ---- one proposition by day (store_serve.c) ---- */

/* One speaker's claims of one stance and hedging on one day; strings live
 * only for the call. */
struct ct_store_day {
	int64_t speaker_id;        /* 0: none (a narrator whose outlet is unknown) */
	const char *speaker;       /* NULL when unknown */
	enum ct_speaker_kind speaker_kind;
	const char *date;          /* the statement date, else the publication date;
				    * NULL when undated */
	enum ct_stance stance;
	bool hedged;
	size_t claims;
	int64_t first_claim, last_claim;    /* the lowest and highest claim id */
};

typedef int (*ct_store_day_fn)(const struct ct_store_day *d, void *user);

/*
 * Calls fn for every (speaker, kind, day, stance, hedged) group of the
 * claims on proposition `proposition`, a story's claim once (a copy's
 * claim its story's first document has is left out, as in reports): undated first, then by day, then by
 * last_claim. Counts without reading the claims' texts: what a timeline,
 * each speaker's latest stance and the stance changes are made of.
 * CT_EABORT when fn asked to stop.
 */
int ct_store_proposition_days(struct ct_store *s, const char *proposition, ct_store_day_fn fn,
			      void *user);

/*
 * Proposition id's row as ct_store_propositions() gives it (declared
 * below: a story's claim once), counted over its own claims only; CT_ENOTFOUND when the store
 * has no such proposition. CT_EABORT when fn asked to stop.
 */
struct ct_store_proposition;
typedef int (*ct_store_proposition_fn)(const struct ct_store_proposition *p, void *user);
int ct_store_proposition(struct ct_store *s, const char *id, ct_store_proposition_fn fn,
			 void *user);

/*
 * A number that changes when the database changes, on this connection or
 * another (SQLite's data_version: compare values of one connection only).
 * What a reader caching pages asks before using one.
 */
int ct_store_data_version(struct ct_store *s, int64_t *out);

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

typedef int (*ct_store_speaker_fn)(const struct ct_store_speaker *sp, void *user);
typedef int (*ct_store_outlet_fn)(const struct ct_store_outlet *o, void *user);

/* Every proposition, by id, with its counts over claims of which a story's
 * counts once (a copy's claim its story's first document has is left out,
 * as in reports); strings live only for the call. */
int ct_store_propositions(struct ct_store *s, ct_store_proposition_fn fn, void *user);
/* Every speaker, most claims first, then by name. */
int ct_store_speakers(struct ct_store *s, ct_store_speaker_fn fn, void *user);
/* Every outlet, most documents first, then by name. */
int ct_store_outlets(struct ct_store *s, ct_store_outlet_fn fn, void *user);

/*
 * What ct_store_speakers_in() and ct_store_outlets_in() list, and what
 * their counts cover. A speaker is active when it made a claim that passes
 * the filter; an outlet when it published a document in the period (with
 * a proposition: a document with a claim on it) or relayed such a claim
 * (via). NULL fields match anything.
 */
struct ct_list_filter {
	const char *proposition;   /* only claims on this proposition id */
	const char *since;         /* publication date >= since (YYYY-MM-DD) */
	const char *until;         /* publication date <= until */
	bool all;                  /* list the inactive ones too, with zero counts */
};

/*
 * Like ct_store_speakers() and ct_store_outlets(), with counts over what
 * passes the filter (f may be NULL: everything, inactive ones included).
 * CT_EINVAL for a date that is not YYYY-MM-DD.
 */
int ct_store_speakers_in(struct ct_store *s, const struct ct_list_filter *f,
			 ct_store_speaker_fn fn, void *user);
int ct_store_outlets_in(struct ct_store *s, const struct ct_list_filter *f,
			ct_store_outlet_fn fn, void *user);

/* What a name given for a speaker or an outlet (a --speaker filter) is. */
enum ct_name_table { CT_NAME_SPEAKER, CT_NAME_OUTLET };

/* How ct_store_lookup_name() matched, best first; ASCII letters in any case. */
enum ct_name_match {
	CT_NAME_NONE,       /* nothing matched; names are the closest ones, if any */
	CT_NAME_CANONICAL,  /* the canonical name */
	CT_NAME_ALIAS,      /* an alias from the rules */
	CT_NAME_SURNAME,    /* the last word of the name or of an alias */
	CT_NAME_PREFIX,     /* the start of the name or of an alias */
};

#define CT_NAME_LISTED 8

struct ct_name_lookup {
	enum ct_name_match how;
	size_t n;                      /* speakers or outlets matched, at the best
					* level only: more than one is ambiguous */
	size_t n_names;                /* names listed: up to CT_NAME_LISTED */
	char *names[CT_NAME_LISTED];   /* canonical names: the matches by name, or
					* with CT_NAME_NONE the closest by spelling
					* (up to 3); freed by ct_name_lookup_release() */
};

/*
 * Resolves a name a user typed to the stored speakers or outlets: the
 * canonical name or an alias, else the last word of one (a surname), else
 * the start of one, ignoring the case of ASCII letters and white space at
 * either end. Only the best level that matches anything counts. *out is
 * set on CT_OK (release it with ct_name_lookup_release()) and left
 * untouched on failure.
 */
int ct_store_lookup_name(struct ct_store *s, enum ct_name_table table, const char *name,
			 struct ct_name_lookup *out);
/* Frees the names; accepts NULL. */
void ct_name_lookup_release(struct ct_name_lookup *l);

struct ct_store_stats {
	int schema;
	size_t documents, claims, speakers, outlets;
	size_t propositions;             /* distinct ids */
	size_t proposition_versions;
	char first_date[11], last_date[11];
	size_t speakers_with_claims;     /* speakers counts those only named in rules too */
	size_t outlets_with_documents;   /* outlets counts those only named in rules too */
	size_t outlets_from_rules;       /* named by an outlet block */
	size_t documents_without_text;   /* stored before schema 7 kept texts */
	size_t texts_not_indexed;        /* stored texts whose sentences are not yet in
					  * the sentence index (ct_store_index_pending()) */
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

/* A report that was written, as ct_store_record_run() stored it. */
struct ct_store_run {
	int64_t id;
	char kind[8];                 /* "report" or "nightly" */
	char generated_at[21];
	char since[11], until[11];    /* "" when open */
	int64_t max_claim;
	char out[512];
};

/* The latest run of `kind`; *found is false when there is none. */
int ct_store_last_run(struct ct_store *s, const char *kind, struct ct_store_run *out,
		      bool *found);

/* Records a run (id is ignored). */
int ct_store_record_run(struct ct_store *s, const struct ct_store_run *run);

/* What ct_store_copy() copied, and what it replaced. */
struct ct_store_copied {
	size_t rows, documents, claims;         /* copied, in all and of two tables */
	size_t replaced, replaced_documents;    /* the rows the target held before */
};

/*
 * Copies the whole record of `from` (every table's rows, with their ids)
 * into `to`, across backends: read in one snapshot of `from`, written in
 * one transaction on `to`, so that on failure `to` is as it was. `to`
 * must be empty, else CT_EINVAL, unless `replace`, when what it held is
 * deleted in the same transaction. On PostgreSQL the identity sequences
 * are moved past the ids copied. `from` must have this binary's schema
 * (CT_EOLDSCHEMA). The message of a failure is on `to`
 * (ct_store_errmsg()), whichever side failed.
 */
int ct_store_copy(struct ct_store *from, struct ct_store *to, bool replace,
		  struct ct_store_copied *out);

/*
 * On PostgreSQL, takes the database's nightly lock for the life of the
 * connection (a session advisory lock), so that one nightly runs at a
 * time on a shared database, from whatever machine; *held is false when
 * another connection holds it, and who (may be NULL) then says which
 * (its server process, client address and start), or "" when unknown.
 * On SQLite, one machine's file: *held is true and nothing is done.
 */
int ct_store_lock_nightly(struct ct_store *s, bool *held, char *who, size_t who_size);

/* The highest claim id, and the highest among documents ingested before
 * `before` (UTC, ISO 8601): what a first nightly report counts as old. */
int ct_store_max_claim(struct ct_store *s, const char *before, int64_t *out);

/*
 * What the store remembers of one fetched URL: the validators to send back
 * in a conditional request, the last status and error, and the document
 * stored from it. Read with ct_store_get_fetch() (strings malloc'd, freed by
 * ct_store_fetch_release()); recorded from a caller's struct, whose strings
 * are borrowed for the call.
 */
struct ct_store_fetch {
	char *url;              /* as requested: an argument, a sources line, a feed's item */
	char *final_url;        /* where redirects ended; NULL */
	char *etag;             /* sent back as If-None-Match; NULL */
	char *last_modified;    /* sent back as If-Modified-Since; NULL */
	long status;            /* the last HTTP status; 0 when there was no answer */
	char *error;            /* why the last fetch failed; NULL when it worked */
	int64_t document_id;    /* the document stored from it; 0 when none */
	char fetched_at[21];    /* the last attempt, UTC; set by the store */
};

/* What the store has on url: *found is false (and *out untouched) when
 * nothing. The caller releases *out with ct_store_fetch_release(). */
int ct_store_get_fetch(struct ct_store *s, const char *url, struct ct_store_fetch *out,
		       bool *found);

/* Records a fetch of f->url, replacing what was recorded before, at the
 * current time; a document_id of 0 keeps the one recorded before. */
int ct_store_record_fetch(struct ct_store *s, const struct ct_store_fetch *f);

/* Frees the strings of a struct filled by ct_store_get_fetch(); accepts NULL. */
void ct_store_fetch_release(struct ct_store_fetch *f);

/* The document stored from url, as a fetch recorded it or with that url;
 * *id is 0 when there is none. */
int ct_store_url_document(struct ct_store *s, const char *url, int64_t *id);

/* ---- the report's queries (the types are report.h's) ---- */

/*
 * Builds a report from the store. The caller frees *out with
 * ct_report_free(); everything in it lives as long as the report.
 */
int ct_report_build(struct ct_store *s, const struct ct_report_options *o,
		    struct ct_report **out);

void ct_report_free(struct ct_report *r);

/*
 * The speakers' pages of report r (made by ct_report_build()), built with
 * options o (the same period, propositions and tags): for each of pg's
 * names, in pg's order, fills a struct ct_report_page (its file pg's page)
 * and calls fn with it; the page lives only for the call. The report's own
 * scan of the claims, in (speaker, proposition, date) order, kept every
 * speaker's counts, stance changes and opponents for the pages; only the
 * claims the pages list are read here, by id, so the time is linear in
 * the claims whatever the number of pages. A
 * non-zero return from fn stops the walk and is returned; else CT_OK, or
 * the store's error.
 */
typedef int (*ct_report_page_fn)(const struct ct_report_page *page, void *user);

int ct_report_build_pages(struct ct_store *s, const struct ct_report_options *o,
			  const struct ct_report *r, const struct ct_report_pages *pg,
			  ct_report_page_fn fn, void *user);

/*
 * What the options of a report can name: calls fn for every proposition id
 * the store holds (is_tag false), then for every tag of any revision of
 * one (is_tag true), each once and in byte order; name lives only for the
 * call. A non-zero return from fn stops the walk and is returned; else
 * CT_OK, or the store's error.
 */
typedef int (*ct_report_name_fn)(const char *name, bool is_tag, void *user);

int ct_report_names(struct ct_store *s, ct_report_name_fn fn, void *user);

#ifdef __cplusplus
}
#endif
#endif
