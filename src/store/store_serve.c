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
	"count(*) AS n, min(c.id) AS lo, max(c.id) AS hi FROM claims c WHERE c.proposition = ?1 "
	"GROUP BY c.speaker_id, c.speaker_kind, day, c.stance, c.hedged) g "
	"LEFT JOIN speakers sp ON sp.id = g.speaker_id "
	"ORDER BY g.day IS NOT NULL, g.day, g.hi";

int ct_store_proposition_days(struct ct_store *s, const char *proposition, ct_store_day_fn fn,
			      void *user)
{
	sqlite3_stmt *st;
	int rc;

	if (!s || !proposition || !fn)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = ct_store_prepare(s, days_sql, &st)) != CT_OK)
		return rc;
	if (sqlite3_bind_text(st, 1, proposition, -1, SQLITE_STATIC) != SQLITE_OK) {
		rc = ct_store_dbfail(s, NULL);
		sqlite3_finalize(st);
		return rc;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *stance = (const char *)sqlite3_column_text(st, 4);
		const char *day = (const char *)sqlite3_column_text(st, 3);
		struct ct_store_day d = {
			.speaker_id = sqlite3_column_int64(st, 0),
			.speaker = (const char *)sqlite3_column_text(st, 1),
			.speaker_kind = ct_speaker_kind_from_name(
				(const char *)sqlite3_column_text(st, 2)),
			.date = day && ct_date_valid(day) ? day : NULL,
			.stance = stance && strcmp(stance, "refutes") == 0 ? CT_REFUTES : CT_SUPPORTS,
			.hedged = sqlite3_column_int(st, 5) != 0,
			.claims = (size_t)sqlite3_column_int64(st, 6),
			.first_claim = sqlite3_column_int64(st, 7),
			.last_claim = sqlite3_column_int64(st, 8),
		};
		if (fn(&d, user)) {
			sqlite3_finalize(st);
			return CT_EABORT;
		}
	}
	rc = rc == SQLITE_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	sqlite3_finalize(st);
	return rc;
}
