/*
 * What the pages of `claimtrack serve` need besides the listings: one
 * proposition's claims counted by speaker, day, stance and hedging, from
 * which a page draws its timeline, who stands where now, the
 * contradictions between them and the stance changes, without reading
 * every claim's text.
 */
#include "claimtrack/store.h"
#include "store/store_internal.h"

#include <string.h>

/*
 * Grouped first, named after: the group by runs over claims_by_stance's
 * (proposition, stance, date) alone, and each group's speaker is looked up
 * once.
 */
static const char days_sql[] =
	"SELECT g.speaker_id, sp.name, g.speaker_kind, g.day, g.stance, g.hedged, g.n, g.lo, g.hi "
	"FROM (SELECT c.speaker_id AS speaker_id, c.speaker_kind AS speaker_kind, "
	"coalesce(c.statement_date, c.date) AS day, c.stance AS stance, c.hedged AS hedged, "
	"count(*) AS n, min(c.id) AS lo, max(c.id) AS hi FROM claims c WHERE c.proposition = ?1"
	CT_SQL_ONCE_PER_STORY " "
	"GROUP BY c.speaker_id, c.speaker_kind, day, c.stance, c.hedged) g "
	"LEFT JOIN speakers sp ON sp.id = g.speaker_id "
	"ORDER BY g.day IS NOT NULL, g.day, g.hi";

int ct_store_proposition_days(struct ct_store *s, const char *proposition, ct_store_day_fn fn,
			      void *user)
{
	struct db_stmt *st;
	int rc;

	if (!s || !proposition || !fn)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = ct_store_prepare(s, days_sql, &st)) != CT_OK)
		return rc;
	if (db_bind_text(st, 1, proposition, -1) != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
		db_finalize(st);
		return rc;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		const char *stance = (const char *)db_column_text(st, 4);
		const char *day = (const char *)db_column_text(st, 3);
		struct ct_store_day d = {
			.speaker_id = db_column_int64(st, 0),
			.speaker = (const char *)db_column_text(st, 1),
			.speaker_kind = ct_speaker_kind_from_name(
				(const char *)db_column_text(st, 2)),
			.date = day && ct_date_valid(day) ? day : NULL,
			.stance = stance && strcmp(stance, "refutes") == 0 ? CT_REFUTES : CT_SUPPORTS,
			.hedged = db_column_int(st, 5) != 0,
			.claims = (size_t)db_column_int64(st, 6),
			.first_claim = db_column_int64(st, 7),
			.last_claim = db_column_int64(st, 8),
		};
		if (fn(&d, user)) {
			db_finalize(st);
			return CT_EABORT;
		}
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
	return rc;
}

/* One proposition's row of ct_store_propositions(): the same columns, read
 * through claims_by_proposition for this id alone. Counted with CASE, not
 * sum() of a comparison: PostgreSQL has no sum(boolean). */
static const char proposition_sql[] =
	"SELECT p.id, p.title, p.fingerprint, p.tags, p.file, p.rev, p.line, "
	"(SELECT count(*) FROM propositions p2 WHERE p2.id = p.id), "
	"count(DISTINCT c.speaker_id), count(c.id), "
	"coalesce(sum(CASE WHEN c.stance = 'supports' THEN 1 ELSE 0 END), 0), "
	"coalesce(sum(CASE WHEN c.stance = 'refutes' THEN 1 ELSE 0 END), 0), "
	"coalesce(sum(c.hedged), 0), "
	"count(DISTINCT d.id), min(d.date), max(d.date) "
	"FROM propositions p "
	"LEFT JOIN claims c ON c.proposition = p.id" CT_SQL_ONCE_PER_STORY " "
	"LEFT JOIN documents d ON d.id = c.document_id "
	"WHERE p.id = ?1 AND p.pk = (SELECT p3.pk FROM propositions p3 WHERE p3.id = ?1 "
	"ORDER BY p3.rev DESC, p3.pk DESC LIMIT 1) "
	"GROUP BY p.pk";

static size_t col_size(struct db_stmt *st, int i)
{
	int64_t v = db_column_int64(st, i);
	return v > 0 ? (size_t)v : 0;
}

int ct_store_proposition(struct ct_store *s, const char *id, ct_store_proposition_fn fn,
			 void *user)
{
	struct ct_store_proposition p;
	struct db_stmt *st;
	int rc;

	if (!s || !id || !fn)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = ct_store_prepare(s, proposition_sql, &st)) != CT_OK)
		return rc;
	if (db_bind_text(st, 1, id, -1) != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
		db_finalize(st);
		return rc;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		memset(&p, 0, sizeof p);
		p.id = (const char *)db_column_text(st, 0);
		p.title = (const char *)db_column_text(st, 1);
		p.fingerprint = (const char *)db_column_text(st, 2);
		p.tags = (const char *)db_column_text(st, 3);
		p.file = (const char *)db_column_text(st, 4);
		p.rev = db_column_int(st, 5);
		p.line = db_column_int(st, 6);
		p.revisions = col_size(st, 7);
		p.speakers = col_size(st, 8);
		p.n.claims = col_size(st, 9);
		p.n.supports = col_size(st, 10);
		p.n.refutes = col_size(st, 11);
		p.n.hedged = col_size(st, 12);
		p.n.documents = col_size(st, 13);
		ct_store_copy_date(p.n.first_date, st, 14);
		ct_store_copy_date(p.n.last_date, st, 15);
		rc = fn(&p, user) ? CT_EABORT : CT_OK;
	} else {
		rc = rc == DB_DONE ? ct_store_fail(s, CT_ENOTFOUND, "no proposition '%s'", id)
				       : ct_store_dbfail(s, NULL);
	}
	db_finalize(st);
	return rc;
}

int ct_store_data_version(struct ct_store *s, int64_t *out)
{
	struct db_stmt *st;
	int rc;

	if (!s || !out)
		return CT_EINVAL;
	/* PostgreSQL: the next transaction id to be given out, which moves
	 * whenever any transaction writes (in any database of the server:
	 * a change elsewhere only costs a cache miss). */
	if ((rc = ct_store_prepare_kept(s, db_kind(s->db) == DB_PG
					       ? "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
					       : "PRAGMA data_version",
					&st)) != CT_OK)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_column_int64(st, 0);
	rc = rc == DB_ROW ? CT_OK : ct_store_dbfail(s, NULL);
	ct_store_unprepare(s, st);
	return rc;
}
