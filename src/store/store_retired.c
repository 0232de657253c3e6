/*
 * Retired claims (db/008): claims kept out of the record, with the reason,
 * in retired_claims. A rematch retires the claims of a proposition that
 * left the rules ("removed") and those a new version no longer finds
 * ("replaced"); a reviewer's rejection retires one ("rejected"), and
 * accepting it again brings it back. A claim keeps its id throughout.
 */
#include "store/store_internal.h"
#include "claimtrack/store.h"

#include <string.h>

/* Runs sql (a string constant: its statement is kept) with ?1 an integer
 * and ?2 a text (when it has one); *changes (may be NULL) counts the rows
 * it changed. */
static int exec_id_text(struct ct_store *s, const char *sql, int64_t id, const char *text,
			size_t *changes)
{
	struct db_stmt *st;
	int rc;

	if ((rc = ct_store_prepare_kept(s, sql, &st)) != CT_OK)
		return rc;
	if (db_bind_int64(st, 1, id) != DB_OK ||
	    (db_bind_parameter_count(st) >= 2 &&
	     db_bind_text(st, 2, text, -1) != DB_OK)) {
		rc = ct_store_dbfail(s, NULL);
		ct_store_unprepare(s, st);
		return rc;
	}
	rc = db_step(st);
	rc = rc == DB_DONE || rc == DB_ROW ? CT_OK : ct_store_dbfail(s, NULL);
	ct_store_unprepare(s, st);
	if (rc == CT_OK && changes)
		*changes = (size_t)db_changes(s->db);
	return rc;
}

int ct_store_retire_claim(struct ct_store *s, int64_t id, const char *reason)
{
	int rc = exec_id_text(s, "INSERT INTO retired_claims (" CLAIM_COLS ", reason) SELECT "
			      CLAIM_COLS ", ?2 FROM claims WHERE id = ?1", id, reason, NULL);

	return rc == CT_OK ? exec_id_text(s, "DELETE FROM claims WHERE id = ?1", id, NULL, NULL)
			   : rc;
}

int ct_store_retire_proposition(struct ct_store *s, int64_t document_id, const char *prop,
				size_t *n)
{
	int rc = exec_id_text(s, "INSERT INTO retired_claims (" CLAIM_COLS ", reason) SELECT "
			      CLAIM_COLS ", 'removed' FROM claims WHERE document_id = ?1 AND "
			      "proposition = ?2", document_id, prop, n);

	return rc == CT_OK ? exec_id_text(s, "DELETE FROM claims WHERE document_id = ?1 AND "
					  "proposition = ?2", document_id, prop, NULL) : rc;
}

int ct_store_restore_claim(struct ct_store *s, int64_t id)
{
	int rc = exec_id_text(s, "INSERT INTO claims (" CLAIM_COLS ") SELECT " CLAIM_COLS
			      " FROM retired_claims WHERE id = ?1 AND reason = 'rejected'", id, NULL,
			      NULL);

	return rc == CT_OK ? exec_id_text(s, "DELETE FROM retired_claims WHERE id = ?1", id, NULL,
					  NULL) : rc;
}

int ct_store_retired_counts(struct ct_store *s, struct ct_store_retired *out)
{
	struct db_stmt *st;
	struct ct_store_retired r = { 0, 0, 0 };
	int rc;

	if (!s || !out)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = ct_store_prepare(s, "SELECT reason, count(*) FROM retired_claims GROUP BY reason",
				   &st)) != CT_OK)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *why = db_column_text(st, 0);
		size_t n = (size_t)db_column_int64(st, 1);
		if (!why)
			continue;
		if (strcmp(why, "removed") == 0)
			r.removed = n;
		else if (strcmp(why, "replaced") == 0)
			r.replaced = n;
		else if (strcmp(why, "rejected") == 0)
			r.rejected = n;
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
	if (rc == CT_OK)
		*out = r;
	return rc;
}
