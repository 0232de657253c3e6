/*
 * Checking the store: SQLite's own integrity and foreign-key checks, then
 * claimtrack's invariants, each a query that returns one message per
 * problem.
 */
#include "claimtrack/store.h"
#include "store/store_internal.h"

#include <stdio.h>
#include <string.h>

/* Problems of one kind reported one by one; the rest are counted. */
#define MAX_REPORTED 20

static const char *const consistency_checks[] = {
	/* A document and its claims are written together. */
	"SELECT printf('document %d (%s) has %d claim%s, %d %s written with it', "
	"d.id, coalesce(d.url, d.source, d.hash), count(c.id), "
	"CASE count(c.id) WHEN 1 THEN '' ELSE 's' END, d.n_claims, "
	"CASE d.n_claims WHEN 1 THEN 'was' ELSE 'were' END) "
	"FROM documents d LEFT JOIN claims c ON c.document_id = d.id "
	"GROUP BY d.id HAVING count(c.id) <> d.n_claims",

	"SELECT printf('claim %d: offsets out of order (sentence %d-%d, match %d-%d)', "
	"id, sentence_start, sentence_end, match_start, match_end) FROM claims "
	"WHERE NOT (0 <= sentence_start AND sentence_start <= match_start AND "
	"match_start <= match_end AND match_end <= sentence_end)",

	"SELECT printf('claim %d: sentence ends at %d, past the end of document %d (%d bytes)', "
	"c.id, c.sentence_end, d.id, d.body_len) "
	"FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.sentence_end > d.body_len",

	"SELECT printf('claim %d: the %s text is %d bytes, its offsets span %d', id, "
	"CASE WHEN length(CAST(sentence AS BLOB)) <> sentence_end - sentence_start "
	"THEN 'sentence' ELSE 'match' END, "
	"CASE WHEN length(CAST(sentence AS BLOB)) <> sentence_end - sentence_start "
	"THEN length(CAST(sentence AS BLOB)) ELSE length(CAST(match AS BLOB)) END, "
	"CASE WHEN length(CAST(sentence AS BLOB)) <> sentence_end - sentence_start "
	"THEN sentence_end - sentence_start ELSE match_end - match_start END) FROM claims "
	"WHERE length(CAST(sentence AS BLOB)) <> sentence_end - sentence_start "
	"OR length(CAST(match AS BLOB)) <> match_end - match_start",

	"SELECT printf('claim %d: the match is not the sentence''s text at its offsets', id) "
	"FROM claims WHERE sentence_start <= match_start AND match_end <= sentence_end "
	"AND length(CAST(sentence AS BLOB)) = sentence_end - sentence_start "
	"AND substr(CAST(sentence AS BLOB), match_start - sentence_start + 1, "
	"match_end - match_start) IS NOT CAST(match AS BLOB)",

	"SELECT printf('claim %d names proposition ''%s'' but points to ''%s'' (row %d)', "
	"c.id, c.proposition, p.id, p.pk) "
	"FROM claims c JOIN propositions p ON p.pk = c.proposition_pk WHERE p.id <> c.proposition",

	"SELECT printf('claim %d refers to proposition row %d, which does not exist', "
	"c.id, c.proposition_pk) FROM claims c "
	"WHERE NOT EXISTS (SELECT 1 FROM propositions p WHERE p.pk = c.proposition_pk)",

	"SELECT printf('claim %d: date %s differs from its document''s %s', "
	"c.id, coalesce(c.date, 'none'), coalesce(d.date, 'none')) "
	"FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.date IS NOT d.date",

	"SELECT printf('claim %d: bad value (stance %s, polarity %s, speaker kind %s, "
	"hedged %s, negated %s, denied %s)', id, stance, polarity, speaker_kind, hedged, "
	"negated, denied) FROM claims "
	"WHERE stance NOT IN ('supports', 'refutes') OR polarity NOT IN ('supports', 'refutes') "
	"OR speaker_kind NOT IN ('narrator', 'person', 'organization', 'group') "
	"OR hedged NOT IN (0, 1) OR negated NOT IN (0, 1) OR denied NOT IN (0, 1)",

	"SELECT printf('claim %d: statement date ''%s'' is not a date', id, statement_date) "
	"FROM claims WHERE statement_date IS NOT NULL AND "
	"date(statement_date, '+0 days') IS NOT statement_date",

	"SELECT printf('document %d: date ''%s'' is not a date', id, date) "
	"FROM documents WHERE date IS NOT NULL AND date(date, '+0 days') IS NOT date",

	/* +column: scan the table, not the unique index being checked. */
	"SELECT printf('%d documents share the hash %s', count(*), hash) "
	"FROM documents GROUP BY +hash HAVING count(*) > 1",

	"SELECT printf('%d documents share the url %s', count(*), url) "
	"FROM documents WHERE url IS NOT NULL GROUP BY +url HAVING count(*) > 1",

	"SELECT printf('document %d: hash ''%s'' is not 16 hex digits', id, hash) "
	"FROM documents WHERE length(hash) <> 16 OR hash GLOB '*[^0-9a-f]*'",
};

/* Schema 8: rule sets, retired claims and reviews. */
static const char *const rematch_checks[] = {
	"SELECT printf('document %d refers to rule set %d, which does not exist', d.id, "
	"d.rule_set_id) FROM documents d WHERE d.rule_set_id IS NOT NULL AND NOT EXISTS "
	"(SELECT 1 FROM rule_sets r WHERE r.id = d.rule_set_id)",

	"SELECT printf('rule set %d holds %d versions of proposition ''%s''', r.rule_set_id, "
	"count(*), p.id) FROM rule_set_propositions r JOIN propositions p ON "
	"p.pk = r.proposition_pk GROUP BY r.rule_set_id, p.id HAVING count(*) > 1",

	"SELECT printf('claim %d is both in the record and retired', c.id) FROM claims c "
	"JOIN retired_claims r ON r.id = c.id",

	"SELECT printf('claim %d is marked reviewed but no review applies to it', c.id) "
	"FROM claims c WHERE c.reviewed = 1 AND NOT EXISTS (SELECT 1 FROM reviews r WHERE "
	"r.document_id = c.document_id AND r.proposition = c.proposition AND "
	"r.sentence_start = c.sentence_start AND r.sentence_end = c.sentence_end AND "
	"r.undone_at IS NULL)",
};

struct check {
	ct_store_problem_fn fn;
	void *user;
	size_t n;
};

static void problem(struct check *c, const char *msg)
{
	c->n++;
	if (c->fn)
		c->fn(msg, c->user);
}

/*
 * Runs one query whose first column is a problem message (or whose
 * columns a formatter turns into one); reports up to MAX_REPORTED rows
 * and counts the rest. `ok_row` (may be NULL) is a message that means
 * nothing is wrong (integrity_check's "ok").
 */
static int run_check(struct ct_store *s, struct check *c, const char *sql, const char *ok_row,
		     void (*format)(struct db_stmt *st, char *buf, size_t n))
{
	struct db_stmt *st;
	size_t found = 0;
	char buf[512];
	int rc;

	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *msg = db_column_text(st, 0);
		if (format) {
			format(st, buf, sizeof buf);
			msg = buf;
		}
		if (!msg || (ok_row && strcmp(msg, ok_row) == 0))
			continue;
		found++;
		if (found <= MAX_REPORTED)
			problem(c, msg);
		else
			c->n++;
	}
	if (found > MAX_REPORTED) {
		snprintf(buf, sizeof buf, "… and %zu more problem%s like the above",
			 found - MAX_REPORTED, found - MAX_REPORTED == 1 ? "" : "s");
		if (c->fn)
			c->fn(buf, c->user);
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
	return rc;
}

static void format_integrity(struct db_stmt *st, char *buf, size_t n)
{
	const char *msg = db_column_text(st, 0);

	if (msg && strcmp(msg, "ok") == 0)
		snprintf(buf, n, "ok");
	else
		snprintf(buf, n, "integrity: %s", msg ? msg : "unknown problem");
}

/* PRAGMA foreign_key_check: table, rowid, parent, fkid. */
static void format_fk(struct db_stmt *st, char *buf, size_t n)
{
	snprintf(buf, n, "%s row %lld refers to a missing row of %s",
		 db_column_text(st, 0), (long long)db_column_int64(st, 1),
		 db_column_text(st, 2));
}

int ct_store_check(struct ct_store *s, ct_store_problem_fn fn, void *user, size_t *n_problems)
{
	struct check c = { fn, user, 0 };
	int64_t version = 0;
	struct db_stmt *st;
	int rc;

	if (!s)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = run_check(s, &c, "PRAGMA integrity_check", "ok", format_integrity)) != CT_OK)
		return rc;
	if ((rc = run_check(s, &c, "PRAGMA foreign_key_check", NULL, format_fk)) != CT_OK)
		return rc;
	if ((rc = ct_store_prepare(s, "PRAGMA user_version", &st)) != CT_OK)
		return rc;
	if (db_step(st) == DB_ROW)
		version = db_column_int64(st, 0);
	db_finalize(st);
	if (version != ct_store_schema_version()) {
		char buf[128];
		snprintf(buf, sizeof buf, "schema version is %lld, expected %d", (long long)version,
			 ct_store_schema_version());
		problem(&c, buf);
	}
	for (size_t i = 0; i < sizeof consistency_checks / sizeof *consistency_checks; i++)
		if ((rc = run_check(s, &c, consistency_checks[i], NULL, NULL)) != CT_OK)
			return rc;
	for (size_t i = 0; version >= CT_STORE_SCHEMA_RULE_SETS &&
			   i < sizeof rematch_checks / sizeof *rematch_checks; i++)
		if ((rc = run_check(s, &c, rematch_checks[i], NULL, NULL)) != CT_OK)
			return rc;
	if (version >= CT_STORE_SCHEMA_TEXTS &&
	    (rc = ct_store_check_texts(s, fn, user, &c.n)) != CT_OK)
		return rc;
	if (n_problems)
		*n_problems = c.n;
	return CT_OK;
}
