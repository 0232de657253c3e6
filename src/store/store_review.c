/*
 * Reviewers' corrections (db/008). A review is kept in its own table,
 * keyed by the claim's document, sentence span and proposition, with who,
 * when, the value it set and the one it replaced; its value is also
 * written into the claim, marked reviewed, so that every reader of claims
 * sees it without joining. A rejected claim moves to retired_claims. When
 * a rematch writes the claim again from the rules, the reviews are written
 * over it once more (ct_store_reapply_reviews()); what the rules said is
 * kept in the review, for an undo.
 */
#include "store/store_internal.h"
#include "claimtrack/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_names[] = { "speaker", "stance", "hedged", "verdict" };

const char *ct_review_field_name(enum ct_review_field f)
{
	return (unsigned)f < 4 ? field_names[f] : "";
}

static int field_of(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (name && strcmp(name, field_names[i]) == 0)
			return i;
	return -1;
}

/* A claim's row, in claims or (rejected) in retired_claims. */
struct row {
	int64_t id, document_id;
	bool rejected;              /* in retired_claims */
	char *proposition;
	size_t start, end;
	char *speaker, *speaker_kind, *stance;
	bool hedged, reviewed;
	char *retired_why;          /* retired for another reason: not reviewable */
};

static void row_release(struct row *r)
{
	free(r->proposition);
	free(r->speaker);
	free(r->speaker_kind);
	free(r->stance);
	free(r->retired_why);
	memset(r, 0, sizeof *r);
}

static char *dup_text(struct db_stmt *st, int i)
{
	const char *v = db_column_text(st, i);
	return v ? strdup(v) : NULL;
}

/* Reads claim id into *r; CT_ENOTFOUND when there is none. */
static int load_row(struct ct_store *s, int64_t id, struct row *r)
{
	static const char sql[] =
		"SELECT c.id, c.document_id, c.tbl, c.proposition, c.sentence_start, "
		"c.sentence_end, sp.name, c.speaker_kind, c.stance, c.hedged, c.reviewed, c.reason "
		"FROM (SELECT id, document_id, 0 AS tbl, proposition, sentence_start, sentence_end, "
		"speaker_id, speaker_kind, stance, hedged, reviewed, NULL AS reason FROM claims "
		"WHERE id = ?1 UNION ALL SELECT id, document_id, 1, proposition, sentence_start, "
		"sentence_end, speaker_id, speaker_kind, stance, hedged, reviewed, reason "
		"FROM retired_claims WHERE id = ?1) c LEFT JOIN speakers sp ON sp.id = c.speaker_id";
	struct db_stmt *st;
	int rc;

	memset(r, 0, sizeof *r);
	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_DONE) {
		rc = ct_store_fail(s, CT_ENOTFOUND, "no claim %lld", (long long)id);
	} else if (rc != DB_ROW) {
		rc = ct_store_dbfail(s, NULL);
	} else {
		const char *why = db_column_text(st, 11);
		r->id = db_column_int64(st, 0);
		r->document_id = db_column_int64(st, 1);
		r->rejected = db_column_int(st, 2) != 0;
		r->start = (size_t)db_column_int64(st, 4);
		r->end = (size_t)db_column_int64(st, 5);
		r->hedged = db_column_int(st, 9) != 0;
		r->reviewed = db_column_int(st, 10) != 0;
		r->proposition = dup_text(st, 3);
		r->speaker = dup_text(st, 6);
		r->speaker_kind = dup_text(st, 7);
		r->stance = dup_text(st, 8);
		if (why && strcmp(why, "rejected") != 0)
			r->retired_why = strdup(why);
		rc = CT_OK;
		if (!r->proposition || !r->speaker_kind || !r->stance ||
		    (why && strcmp(why, "rejected") != 0 && !r->retired_why))
			rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
	}
	db_finalize(st);
	if (rc != CT_OK)
		row_release(r);
	return rc;
}

/* What the claim says now for field f ("rejected" or NULL for a verdict). */
static const char *row_value(const struct row *r, int f)
{
	switch (f) {
	case CT_REVIEW_SPEAKER: return r->speaker;
	case CT_REVIEW_STANCE: return r->stance;
	case CT_REVIEW_HEDGED: return r->hedged ? "1" : "0";
	default: return r->rejected ? "rejected" : NULL;
	}
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Runs sql with ?1 an integer and ?2, ?3 texts (NULL binds NULL). */
static int exec_it(struct ct_store *s, const char *sql, int64_t a, const char *b, const char *c)
{
	struct db_stmt *st;
	int rc;

	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	db_bind_int64(st, 1, a);
	if (db_bind_parameter_count(st) >= 2)
		db_bind_text(st, 2, b, -1);
	if (db_bind_parameter_count(st) >= 3)
		db_bind_text(st, 3, c, -1);
	rc = db_step(st);
	rc = rc == DB_DONE || rc == DB_ROW ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
	return rc;
}

/*
 * Writes value into field f of claim r (in whichever table holds it), or
 * moves it in or out of the record for a verdict; kind is the speaker's
 * kind to set with a speaker (NULL: the stored speaker's own kind).
 */
static int write_value(struct ct_store *s, struct row *r, int f, const char *value,
		       const char *kind)
{
	const char *table = r->rejected ? "retired_claims" : "claims";
	char sql[256];
	int64_t sid = 0;
	int rc;

	switch (f) {
	case CT_REVIEW_SPEAKER:
		if (value && (rc = ct_store_speaker_id(s, value, CT_SPEAKER_PERSON, &sid)) != CT_OK)
			return rc;
		snprintf(sql, sizeof sql, "UPDATE %s SET speaker_id = nullif(?2, 0), speaker_kind = "
			 "coalesce(?3, (SELECT kind FROM speakers WHERE id = ?2), speaker_kind) "
			 "WHERE id = ?1", table);
		{
			struct db_stmt *st;
			if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
				return rc;
			db_bind_int64(st, 1, r->id);
			db_bind_int64(st, 2, sid);
			db_bind_text(st, 3, kind, -1);
			rc = db_step(st) == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
			db_finalize(st);
			return rc;
		}
	case CT_REVIEW_STANCE:
		snprintf(sql, sizeof sql, "UPDATE %s SET stance = ?2 WHERE id = ?1", table);
		return exec_it(s, sql, r->id, value, NULL);
	case CT_REVIEW_HEDGED:
		snprintf(sql, sizeof sql, "UPDATE %s SET hedged = CAST(?2 AS INTEGER) WHERE id = ?1",
			 table);
		return exec_it(s, sql, r->id, value, NULL);
	default:
		if (same(value, "rejected") && !r->rejected) {
			if ((rc = ct_store_retire_claim(s, r->id, "rejected")) != CT_OK)
				return rc;
			r->rejected = true;
		} else if (!same(value, "rejected") && r->rejected) {
			if ((rc = ct_store_restore_claim(s, r->id)) != CT_OK)
				return rc;
			r->rejected = false;
		}
		return CT_OK;
	}
}

/* Sets the claim's review mark (whether a review still applies to its
 * key) and its document's count of claims. */
static int settle(struct ct_store *s, const struct row *r)
{
	char sql[512];
	struct db_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "UPDATE %s SET reviewed = CASE WHEN EXISTS (SELECT 1 FROM reviews r "
		 "WHERE r.document_id = ?2 AND r.proposition = ?3 AND r.sentence_start = ?4 AND "
		 "r.sentence_end = ?5 AND r.undone_at IS NULL) THEN 1 ELSE 0 END WHERE id = ?1",
		 r->rejected ? "retired_claims" : "claims");
	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	db_bind_int64(st, 1, r->id);
	db_bind_int64(st, 2, r->document_id);
	db_bind_text(st, 3, r->proposition, -1);
	db_bind_int64(st, 4, (int64_t)r->start);
	db_bind_int64(st, 5, (int64_t)r->end);
	rc = db_step(st) == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
	if (rc != CT_OK)
		return rc;
	return exec_it(s, "UPDATE documents SET n_claims = (SELECT count(*) FROM claims WHERE "
		       "document_id = ?1) WHERE id = ?1", r->document_id, NULL, NULL);
}

/* The latest review still applied to r's key (for field f; -1: any). */
struct active {
	int64_t id;
	int field;
	char *value, *machine_value, *machine_kind;
};

static void active_release(struct active *a)
{
	free(a->value);
	free(a->machine_value);
	free(a->machine_kind);
	memset(a, 0, sizeof *a);
}

static int latest_active(struct ct_store *s, const struct row *r, int f, struct active *out)
{
	static const char sql[] =
		"SELECT id, field, value, machine_value, machine_kind FROM reviews WHERE "
		"document_id = ?1 AND proposition = ?2 AND sentence_start = ?3 AND sentence_end = ?4 "
		"AND undone_at IS NULL AND (CAST(?5 AS TEXT) IS NULL OR field = ?5) ORDER BY id DESC LIMIT 1";
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	db_bind_int64(st, 1, r->document_id);
	db_bind_text(st, 2, r->proposition, -1);
	db_bind_int64(st, 3, (int64_t)r->start);
	db_bind_int64(st, 4, (int64_t)r->end);
	if (f >= 0)
		db_bind_text(st, 5, field_names[f], -1);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_column_int64(st, 0);
		out->field = field_of(db_column_text(st, 1));
		out->value = dup_text(st, 2);
		out->machine_value = dup_text(st, 3);
		out->machine_kind = dup_text(st, 4);
		rc = CT_OK;
	} else {
		rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	}
	db_finalize(st);
	return rc;
}

static bool valid_value(int f, const char *v)
{
	switch (f) {
	case CT_REVIEW_SPEAKER: return v && *v && strlen(v) <= 200;
	case CT_REVIEW_STANCE: return same(v, "supports") || same(v, "refutes");
	case CT_REVIEW_HEDGED: return same(v, "1") || same(v, "0");
	case CT_REVIEW_VERDICT: return same(v, "rejected") || same(v, "accepted");
	default: return false;
	}
}

static int review(struct ct_store *s, const struct ct_review_request *q, int64_t *id)
{
	static const char insert_sql[] =
		"INSERT INTO reviews (document_id, proposition, sentence_start, sentence_end, "
		"claim_id, field, value, old_value, machine_value, machine_kind, note, reviewer) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
	struct active prev = { 0 };
	struct row r;
	const char *old, *machine, *machine_kind;
	struct db_stmt *st = NULL;
	int f = (int)q->field, rc;

	if ((rc = load_row(s, q->claim_id, &r)) != CT_OK)
		return rc;
	if (r.retired_why) {
		rc = ct_store_fail(s, CT_EINVAL, "claim %lld is retired (%s): it is no longer in "
				   "the record", (long long)r.id, strcmp(r.retired_why, "removed") == 0
				   ? "its proposition left the rules"
				   : "a new version of its proposition no longer finds it");
		goto out;
	}
	old = row_value(&r, f);
	if (f == CT_REVIEW_VERDICT ? same(q->value, "rejected") == r.rejected &&
				     (r.rejected || r.reviewed)
				   : same(old, q->value)) {
		rc = ct_store_fail(s, CT_EINVAL, "claim %lld already %s%s%s", (long long)r.id,
				   f == CT_REVIEW_VERDICT ? "is " : "says ",
				   f == CT_REVIEW_VERDICT ? (r.rejected ? "rejected" : "reviewed")
				   : f == CT_REVIEW_HEDGED ? (r.hedged ? "hedged" : "not hedged")
				   : old ? old : "nothing",
				   f == CT_REVIEW_SPEAKER ? " for its speaker" : "");
		goto out;
	}
	/* What the rules said: an earlier review of the field kept it. */
	if ((rc = latest_active(s, &r, f, &prev)) != CT_OK)
		goto out;
	machine = prev.id ? prev.machine_value : f == CT_REVIEW_VERDICT ? NULL : old;
	machine_kind = prev.id ? prev.machine_kind
			       : f == CT_REVIEW_SPEAKER ? r.speaker_kind : NULL;
	if ((rc = ct_store_prepare(s, insert_sql, &st)) != CT_OK)
		goto out;
	db_bind_int64(st, 1, r.document_id);
	db_bind_text(st, 2, r.proposition, -1);
	db_bind_int64(st, 3, (int64_t)r.start);
	db_bind_int64(st, 4, (int64_t)r.end);
	db_bind_int64(st, 5, r.id);
	db_bind_text(st, 6, field_names[f], -1);
	db_bind_text(st, 7, q->value, -1);
	db_bind_text(st, 8, old, -1);
	db_bind_text(st, 9, machine, -1);
	db_bind_text(st, 10, machine_kind, -1);
	db_bind_text(st, 11, q->note, -1);
	db_bind_text(st, 12, q->reviewer, -1);
	if (db_step(st) != DB_DONE) {
		rc = ct_store_dbfail(s, NULL);
		goto out;
	}
	if (id)
		*id = db_last_insert_id(s->db);
	if ((rc = write_value(s, &r, f, q->value, NULL)) == CT_OK)
		rc = settle(s, &r);
out:
	db_finalize(st);
	active_release(&prev);
	row_release(&r);
	return rc;
}

int ct_store_review(struct ct_store *s, const struct ct_review_request *q, int64_t *id)
{
	int64_t got = 0;
	bool own_txn;
	int rc;

	if (!s || !q)
		return s ? ct_store_fail(s, CT_EINVAL, "missing review") : CT_EINVAL;
	if ((rc = ct_store_check_writable(s)) != CT_OK)
		return rc;
	if ((unsigned)q->field > CT_REVIEW_VERDICT || !valid_value((int)q->field, q->value))
		return ct_store_fail(s, CT_EINVAL, "bad value '%s' for a review of the %s",
				     q->value ? q->value : "", ct_review_field_name(q->field));
	if (!q->reviewer || !*q->reviewer)
		return ct_store_fail(s, CT_EINVAL, "a review needs a reviewer's name");
	if ((rc = ct_store_txn_begin(s, &own_txn)) != CT_OK)
		return rc;
	rc = review(s, q, &got);
	if (rc == CT_OK && own_txn)
		rc = ct_store_run_plain(s, ST_COMMIT);
	if (rc != CT_OK) {
		ct_store_txn_rollback(s);
		return rc;
	}
	if (id)
		*id = got;
	return CT_OK;
}

static int undo(struct ct_store *s, int64_t claim_id, const char *by, int64_t *undone)
{
	struct active last = { 0 }, prev = { 0 };
	struct row r;
	int rc;

	if ((rc = load_row(s, claim_id, &r)) != CT_OK)
		return rc;
	if ((rc = latest_active(s, &r, -1, &last)) != CT_OK)
		goto out;
	if (!last.id) {
		rc = ct_store_fail(s, CT_ENOTFOUND, "claim %lld has no review to undo",
				   (long long)claim_id);
		goto out;
	}
#define UNDO(now) "UPDATE reviews SET undone_at = " now ", undone_by = ?2 WHERE id = ?1"
	if ((rc = exec_it(s, CT_SQL(s, UNDO(CT_SQL_NOW_LITE), UNDO(CT_SQL_NOW_PG)), last.id, by,
			  NULL)) != CT_OK ||
	    (rc = latest_active(s, &r, last.field, &prev)) != CT_OK)
		goto out;
	/* The value before: an earlier review's, else what the rules said. */
	if (prev.id)
		rc = write_value(s, &r, last.field, prev.value, NULL);
	else if (last.field == CT_REVIEW_VERDICT)
		rc = write_value(s, &r, last.field, NULL, NULL);
	else
		rc = write_value(s, &r, last.field, last.machine_value, last.machine_kind);
	if (rc == CT_OK)
		rc = settle(s, &r);
	if (rc == CT_OK)
		*undone = last.id;
out:
	active_release(&last);
	active_release(&prev);
	row_release(&r);
	return rc;
}

int ct_store_review_undo(struct ct_store *s, int64_t claim_id, const char *by, int64_t *undone)
{
	int64_t got = 0;
	bool own_txn;
	int rc;

	if (!s)
		return CT_EINVAL;
	if ((rc = ct_store_write_begin(s, &own_txn)) != CT_OK)
		return rc;
	rc = undo(s, claim_id, by && *by ? by : "unknown", &got);
	if (rc == CT_OK && own_txn)
		rc = ct_store_run_plain(s, ST_COMMIT);
	if (rc != CT_OK) {
		ct_store_txn_rollback(s);
		return rc;
	}
	if (undone)
		*undone = got;
	return CT_OK;
}

/* ---- after a rematch ---- */

/* An active review of a document, with the claim its key finds. */
struct keyed {
	int64_t review;
	char *proposition, *field, *value;
	size_t start, end;
	int64_t claim_id;           /* the review's own record of it */
	int64_t row;                /* the claim found now; 0: none */
	bool fresh;                 /* written by the rules in this run (not reviewed) */
};

static void keyed_release(struct keyed *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(k[i].proposition);
		free(k[i].field);
		free(k[i].value);
	}
	free(k);
}

static int load_keyed(struct ct_store *s, int64_t id, struct keyed **out, size_t *n_out)
{
	static const char sql[] =
		"SELECT r.id, r.proposition, r.field, r.value, r.sentence_start, r.sentence_end, "
		"r.claim_id, c.id, c.reviewed FROM reviews r LEFT JOIN "
		"(SELECT id, proposition, sentence_start, sentence_end, reviewed FROM claims "
		"WHERE document_id = ?1 UNION ALL SELECT id, proposition, sentence_start, "
		"sentence_end, reviewed FROM retired_claims WHERE document_id = ?1 AND "
		"reason = 'rejected') c ON c.proposition = r.proposition AND "
		"c.sentence_start = r.sentence_start AND c.sentence_end = r.sentence_end "
		"WHERE r.document_id = ?1 AND r.undone_at IS NULL ORDER BY r.id";
	struct keyed *v = NULL;
	size_t n = 0, cap = 0;
	struct db_stmt *st;
	int rc;

	if ((rc = ct_store_prepare_kept(s, sql, &st)) != CT_OK)
		return rc;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (!CT_VEC_RESERVE(v, cap, n + 1))
			break;
		memset(&v[n], 0, sizeof v[n]);
		v[n].review = db_column_int64(st, 0);
		v[n].proposition = dup_text(st, 1);
		v[n].field = dup_text(st, 2);
		v[n].value = dup_text(st, 3);
		v[n].start = (size_t)db_column_int64(st, 4);
		v[n].end = (size_t)db_column_int64(st, 5);
		v[n].claim_id = db_column_int64(st, 6);
		v[n].row = db_column_int64(st, 7);
		v[n].fresh = v[n].row && db_column_int(st, 8) == 0;
		n++;
		if (!v[n - 1].proposition || !v[n - 1].field)
			break;
	}
	if (rc == DB_ROW) {
		ct_store_unprepare(s, st);
		keyed_release(v, n);
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	ct_store_unprepare(s, st);
	if (rc != CT_OK) {
		keyed_release(v, n);
		return rc;
	}
	*out = v;
	*n_out = n;
	return CT_OK;
}

int ct_store_reapply_reviews(struct ct_store *s, int64_t id,
			     bool (*touched)(const char *proposition, void *u), void *u,
			     ct_orphan_review_fn fn, void *user)
{
	struct keyed *k = NULL;
	size_t n = 0;
	int rc;

	if ((rc = load_keyed(s, id, &k, &n)) != CT_OK)
		return rc;
	/* First what the rules said, from the claims they wrote, for every
	 * review; then the reviews, in the order they were made. */
	for (size_t i = 0; i < n && rc == CT_OK; i++) {
		struct row r;
		int f = field_of(k[i].field);
		if (!touched(k[i].proposition, u) || !k[i].fresh || f == CT_REVIEW_VERDICT)
			continue;
		if ((rc = load_row(s, k[i].row, &r)) != CT_OK)
			break;
		{
			struct db_stmt *st;
			if ((rc = ct_store_prepare(s, "UPDATE reviews SET machine_value = ?2, "
						   "machine_kind = ?3 WHERE id = ?1", &st)) == CT_OK) {
				db_bind_int64(st, 1, k[i].review);
				db_bind_text(st, 2, row_value(&r, f), -1);
				db_bind_text(st, 3, f == CT_REVIEW_SPEAKER ? r.speaker_kind : NULL,
						  -1);
				rc = db_step(st) == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
				db_finalize(st);
			}
		}
		row_release(&r);
	}
	for (size_t i = 0; i < n && rc == CT_OK; i++) {
		struct row r;
		if (!touched(k[i].proposition, u))
			continue;
		if (!k[i].row) {
			struct ct_orphan_review o = {
				.review_id = k[i].review, .document_id = id, .claim_id = k[i].claim_id,
				.proposition = k[i].proposition, .field = k[i].field,
				.value = k[i].value, .sentence_start = k[i].start,
				.sentence_end = k[i].end,
			};
			if (fn)
				fn(&o, user);
			continue;
		}
		if (!k[i].fresh)
			continue;
		if ((rc = load_row(s, k[i].row, &r)) != CT_OK)
			break;
		if ((rc = write_value(s, &r, field_of(k[i].field), k[i].value, NULL)) == CT_OK)
			rc = settle(s, &r);
		row_release(&r);
	}
	keyed_release(k, n);
	return rc;
}

/* ---- listing ---- */

int ct_store_reviews(struct ct_store *s, int64_t claim_id, bool all, ct_review_fn fn, void *user)
{
	static const char sql[] =
		"SELECT r.id, r.document_id, (SELECT c.id FROM claims c WHERE c.document_id = "
		"r.document_id AND c.proposition = r.proposition AND c.sentence_start = "
		"r.sentence_start AND c.sentence_end = r.sentence_end UNION ALL SELECT c.id FROM "
		"retired_claims c WHERE c.reason = 'rejected' AND c.document_id = r.document_id AND "
		"c.proposition = r.proposition AND c.sentence_start = r.sentence_start AND "
		"c.sentence_end = r.sentence_end LIMIT 1), r.proposition, r.sentence_start, "
		"r.sentence_end, r.field, r.value, r.old_value, r.note, r.reviewer, r.reviewed_at, "
		"r.undone_at, r.undone_by FROM reviews r WHERE (?1 OR r.undone_at IS NULL) AND "
		"(CAST(?2 AS INTEGER) IS NULL OR (r.document_id = ?2 AND r.proposition = ?3 AND r.sentence_start = ?4 "
		"AND r.sentence_end = ?5)) ORDER BY r.id";
	struct row key = { 0 };
	struct db_stmt *st;
	int rc;

	if (!s || !fn)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if (claim_id && (rc = load_row(s, claim_id, &key)) != CT_OK)
		return rc;
	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		goto out;
	db_bind_int(st, 1, all);
	if (claim_id) {
		db_bind_int64(st, 2, key.document_id);
		db_bind_text(st, 3, key.proposition, -1);
		db_bind_int64(st, 4, (int64_t)key.start);
		db_bind_int64(st, 5, (int64_t)key.end);
	}
	while ((rc = db_step(st)) == DB_ROW) {
		struct ct_review r = {
			.id = db_column_int64(st, 0),
			.document_id = db_column_int64(st, 1),
			.claim_id = db_column_int64(st, 2),
			.proposition = db_column_text(st, 3),
			.sentence_start = (size_t)db_column_int64(st, 4),
			.sentence_end = (size_t)db_column_int64(st, 5),
			.field = db_column_text(st, 6),
			.value = db_column_text(st, 7),
			.old_value = db_column_text(st, 8),
			.note = db_column_text(st, 9),
			.reviewer = db_column_text(st, 10),
			.reviewed_at = db_column_text(st, 11),
			.undone_at = db_column_text(st, 12),
			.undone_by = db_column_text(st, 13),
		};
		if (fn(&r, user)) {
			rc = CT_EABORT;
			db_finalize(st);
			goto out;
		}
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
out:
	row_release(&key);
	return rc;
}
