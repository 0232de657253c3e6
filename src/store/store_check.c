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
	"SELECT printf('%d documents share the hash %s and outlet', count(*), hash) "
	"FROM documents GROUP BY +hash, +coalesce(outlet_id, 0) HAVING count(*) > 1",

	"SELECT printf('%d documents share the url %s', count(*), url) "
	"FROM documents WHERE url IS NOT NULL GROUP BY +url HAVING count(*) > 1",

	"SELECT printf('document %d: hash ''%s'' is not 16 hex digits', id, hash) "
	"FROM documents WHERE length(hash) <> 16 OR hash GLOB '*[^0-9a-f]*'",
};

/*
 * The same checks in PostgreSQL's dialect, in the same order, each
 * meaning what its SQLite twin means: format() for printf(), octet_length()
 * for the length of a text's bytes, IS DISTINCT FROM for IS NOT, a regular
 * expression for GLOB, and a date checked by its calendar (PG_NOT_A_DATE)
 * where SQLite's date() would normalise it to another day.
 */
#define PG_LEAP(y) "((" y ") % 4 = 0 AND ((" y ") % 100 <> 0 OR (" y ") % 400 = 0))"
/* Whether text column c is not a real day 'YYYY-MM-DD' (years 0000-9999,
 * as SQLite's date() reads them), without a cast that could fail. */
#define PG_NOT_A_DATE(c)                                                                 \
	"(" c " !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' OR substr(" c ", 6, 2)::int NOT BETWEEN 1 AND 12 " \
	"OR substr(" c ", 9, 2)::int NOT BETWEEN 1 AND CASE substr(" c ", 6, 2)::int "          \
	"WHEN 2 THEN CASE WHEN " PG_LEAP("substr(" c ", 1, 4)::int") " THEN 29 ELSE 28 END "      \
	"WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END)"

static const char *const pg_consistency_checks[] = {
	"SELECT format('document %s (%s) has %s claim%s, %s %s written with it', "
	"d.id, coalesce(d.url, d.source, d.hash), count(c.id), "
	"CASE count(c.id) WHEN 1 THEN '' ELSE 's' END, d.n_claims, "
	"CASE d.n_claims WHEN 1 THEN 'was' ELSE 'were' END) "
	"FROM documents d LEFT JOIN claims c ON c.document_id = d.id "
	"GROUP BY d.id HAVING count(c.id) <> d.n_claims",

	"SELECT format('claim %s: offsets out of order (sentence %s-%s, match %s-%s)', "
	"id, sentence_start, sentence_end, match_start, match_end) FROM claims "
	"WHERE NOT (0 <= sentence_start AND sentence_start <= match_start AND "
	"match_start <= match_end AND match_end <= sentence_end)",

	"SELECT format('claim %s: sentence ends at %s, past the end of document %s (%s bytes)', "
	"c.id, c.sentence_end, d.id, d.body_len) "
	"FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.sentence_end > d.body_len",

	"SELECT format('claim %s: the %s text is %s bytes, its offsets span %s', id, "
	"CASE WHEN octet_length(sentence) <> sentence_end - sentence_start "
	"THEN 'sentence' ELSE 'match' END, "
	"CASE WHEN octet_length(sentence) <> sentence_end - sentence_start "
	"THEN octet_length(sentence) ELSE octet_length(match) END, "
	"CASE WHEN octet_length(sentence) <> sentence_end - sentence_start "
	"THEN sentence_end - sentence_start ELSE match_end - match_start END) FROM claims "
	"WHERE octet_length(sentence) <> sentence_end - sentence_start "
	"OR octet_length(match) <> match_end - match_start",

	"SELECT format('claim %s: the match is not the sentence''s text at its offsets', id) "
	"FROM claims WHERE sentence_start <= match_start AND match_end <= sentence_end "
	"AND octet_length(sentence) = sentence_end - sentence_start "
	"AND substring(convert_to(sentence, 'UTF8') FROM (match_start - sentence_start + 1)::int "
	"FOR (match_end - match_start)::int) IS DISTINCT FROM convert_to(match, 'UTF8')",

	"SELECT format('claim %s names proposition ''%s'' but points to ''%s'' (row %s)', "
	"c.id, c.proposition, p.id, p.pk) "
	"FROM claims c JOIN propositions p ON p.pk = c.proposition_pk WHERE p.id <> c.proposition",

	"SELECT format('claim %s refers to proposition row %s, which does not exist', "
	"c.id, c.proposition_pk) FROM claims c "
	"WHERE NOT EXISTS (SELECT 1 FROM propositions p WHERE p.pk = c.proposition_pk)",

	"SELECT format('claim %s: date %s differs from its document''s %s', "
	"c.id, coalesce(c.date, 'none'), coalesce(d.date, 'none')) "
	"FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.date IS DISTINCT FROM d.date",

	"SELECT format('claim %s: bad value (stance %s, polarity %s, speaker kind %s, "
	"hedged %s, negated %s, denied %s)', id, stance, polarity, speaker_kind, hedged, "
	"negated, denied) FROM claims "
	"WHERE stance NOT IN ('supports', 'refutes') OR polarity NOT IN ('supports', 'refutes') "
	"OR speaker_kind NOT IN ('narrator', 'person', 'organization', 'group') "
	"OR hedged NOT IN (0, 1) OR negated NOT IN (0, 1) OR denied NOT IN (0, 1)",

	"SELECT format('claim %s: statement date ''%s'' is not a date', id, statement_date) "
	"FROM claims WHERE statement_date IS NOT NULL AND " PG_NOT_A_DATE("statement_date"),

	"SELECT format('document %s: date ''%s'' is not a date', id, date) "
	"FROM documents WHERE date IS NOT NULL AND " PG_NOT_A_DATE("date"),

	/* || '': group by an expression, not by the unique index being checked. */
	"SELECT format('%s documents share the hash %s and outlet', count(*), min(hash)) "
	"FROM documents GROUP BY hash || '', coalesce(outlet_id, 0) + 0 HAVING count(*) > 1",

	"SELECT format('%s documents share the url %s', count(*), min(url)) "
	"FROM documents WHERE url IS NOT NULL GROUP BY url || '' HAVING count(*) > 1",

	"SELECT format('document %s: hash ''%s'' is not 16 hex digits', id, hash) "
	"FROM documents WHERE length(hash) <> 16 OR hash ~ '[^0-9a-f]'",
};

_Static_assert(sizeof consistency_checks == sizeof pg_consistency_checks,
	       "each check in both dialects");

/*
 * PostgreSQL's part of SQLite's integrity check: what the server keeps
 * sound itself (pages, NOT NULL, CHECK and UNIQUE constraints) needs no
 * query, but an index whose CREATE did not finish is left invalid, and a
 * constraint added NOT VALID holds only for rows written after it.
 */
static const char *const pg_integrity_checks[] = {
	"SELECT format('integrity: index %s on %s is not valid (its building did not finish; "
	"REINDEX INDEX %s)', i.indexrelid::regclass, i.indrelid::regclass, i.indexrelid::regclass) "
	"FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
	"WHERE c.relnamespace = current_schema()::regnamespace "
	"AND NOT (i.indisvalid AND i.indisready) ORDER BY 1",

	"SELECT format('integrity: constraint %s on %s is not validated (ALTER TABLE %s "
	"VALIDATE CONSTRAINT %s)', quote_ident(conname), conrelid::regclass, conrelid::regclass, "
	"quote_ident(conname)) FROM pg_catalog.pg_constraint "
	"WHERE connamespace = current_schema()::regnamespace AND NOT convalidated ORDER BY 1",
};

/*
 * PRAGMA foreign_key_check on PostgreSQL, where foreign keys hold unless
 * a superuser turned their triggers off (session_replication_role =
 * replica, DISABLE TRIGGER ALL): one query per foreign key of the schema,
 * built from the catalog, for the rows whose key has no parent. The row
 * is named by its primary key, as SQLite names it by its rowid.
 */
static const char pg_fk_sql[] =
	"SELECT format('SELECT format(%L, %s, r, %L) FROM (SELECT %s AS r FROM %s x WHERE %s "
	"AND NOT EXISTS (SELECT 1 FROM %s p WHERE %s)) o ORDER BY r', "
	"'%s row %s refers to a missing row of %s', quote_literal(c.conrelid::regclass::text), "
	"c.confrelid::regclass::text, "
	"CASE WHEN pk.cols IS NULL THEN 'x.ctid' WHEN cardinality(pk.cols) = 1 THEN 'x.' || pk.cols[1] "
	"ELSE 'ROW(x.' || array_to_string(pk.cols, ', x.') || ')' END, c.conrelid::regclass, "
	"(SELECT string_agg(format('x.%I IS NOT NULL', a.attname), ' AND ') "
	"FROM unnest(c.conkey) k(n) JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid "
	"AND a.attnum = k.n), c.confrelid::regclass, "
	"(SELECT string_agg(format('p.%I = x.%I', pa.attname, ca.attname), ' AND ') "
	"FROM unnest(c.conkey, c.confkey) k(cn, pn) "
	"JOIN pg_catalog.pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = k.cn "
	"JOIN pg_catalog.pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.pn)) "
	"FROM pg_catalog.pg_constraint c LEFT JOIN LATERAL (SELECT array_agg(quote_ident(a.attname) "
	"ORDER BY k.o) AS cols FROM pg_catalog.pg_index i "
	"CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(n, o) "
	"JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n "
	"WHERE i.indrelid = c.conrelid AND i.indisprimary) pk ON true "
	"WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace "
	"ORDER BY c.conrelid::regclass::text, c.conname";

/* Schema 9: rule sets, retired claims and reviews; schema 12: copies. */
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

	"SELECT printf('document %d is a copy of document %d, which is not the first of a "
	"story', d.id, d.copy_of) FROM documents d LEFT JOIN documents r ON r.id = d.copy_of "
	"WHERE d.copy_of IS NOT NULL AND (r.id IS NULL OR r.copy_of IS NOT NULL OR r.id = d.id)",

	"SELECT printf('document %d has band keys but no fingerprint', b.document_id) FROM "
	"(SELECT document_id FROM document_bands UNION SELECT document_id FROM "
	"document_bands_recent) b WHERE NOT EXISTS "
	"(SELECT 1 FROM document_signatures g WHERE g.document_id = b.document_id)",

	"SELECT printf('the fingerprint of document %d is damaged', document_id) FROM "
	"document_signatures WHERE length(signature) <> 512",
};

static const char *const pg_rematch_checks[] = {
	"SELECT format('document %s refers to rule set %s, which does not exist', d.id, "
	"d.rule_set_id) FROM documents d WHERE d.rule_set_id IS NOT NULL AND NOT EXISTS "
	"(SELECT 1 FROM rule_sets r WHERE r.id = d.rule_set_id)",

	"SELECT format('rule set %s holds %s versions of proposition ''%s''', r.rule_set_id, "
	"count(*), p.id) FROM rule_set_propositions r JOIN propositions p ON "
	"p.pk = r.proposition_pk GROUP BY r.rule_set_id, p.id HAVING count(*) > 1",

	"SELECT format('claim %s is both in the record and retired', c.id) FROM claims c "
	"JOIN retired_claims r ON r.id = c.id",

	"SELECT format('claim %s is marked reviewed but no review applies to it', c.id) "
	"FROM claims c WHERE c.reviewed = 1 AND NOT EXISTS (SELECT 1 FROM reviews r WHERE "
	"r.document_id = c.document_id AND r.proposition = c.proposition AND "
	"r.sentence_start = c.sentence_start AND r.sentence_end = c.sentence_end AND "
	"r.undone_at IS NULL)",

	"SELECT format('document %s is a copy of document %s, which is not the first of a "
	"story', d.id, d.copy_of) FROM documents d LEFT JOIN documents r ON r.id = d.copy_of "
	"WHERE d.copy_of IS NOT NULL AND (r.id IS NULL OR r.copy_of IS NOT NULL OR r.id = d.id)",

	"SELECT format('document %s has band keys but no fingerprint', b.document_id) FROM "
	"(SELECT document_id FROM document_bands UNION SELECT document_id FROM "
	"document_bands_recent) b WHERE NOT EXISTS "
	"(SELECT 1 FROM document_signatures g WHERE g.document_id = b.document_id)",

	"SELECT format('the fingerprint of document %s is damaged', document_id) FROM "
	"document_signatures WHERE octet_length(signature) <> 512",
};

_Static_assert(sizeof rematch_checks == sizeof pg_rematch_checks, "each check in both dialects");

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

/* Runs the foreign-key queries pg_fk_sql builds, one by one. */
static int pg_check_foreign_keys(struct ct_store *s, struct check *c)
{
	struct db_stmt *st;
	int rc;

	if ((rc = ct_store_prepare(s, pg_fk_sql, &st)) != CT_OK)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *sql = db_column_text(st, 0);
		if (sql && (rc = run_check(s, c, sql, NULL, NULL)) != CT_OK) {
			db_finalize(st);
			return rc;
		}
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
	return rc;
}

int ct_store_check(struct ct_store *s, ct_store_problem_fn fn, void *user, size_t *n_problems)
{
	struct check c = { fn, user, 0 };
	int64_t version = 0;
	struct db_stmt *st;
	bool pg;
	int rc;

	if (!s)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	pg = ct_store_is_pg(s);
	if (pg) {
		for (size_t i = 0; i < sizeof pg_integrity_checks / sizeof *pg_integrity_checks; i++)
			if ((rc = run_check(s, &c, pg_integrity_checks[i], NULL, NULL)) != CT_OK)
				return rc;
		if ((rc = pg_check_foreign_keys(s, &c)) != CT_OK)
			return rc;
	} else {
		if ((rc = run_check(s, &c, "PRAGMA integrity_check", "ok", format_integrity)) != CT_OK)
			return rc;
		if ((rc = run_check(s, &c, "PRAGMA foreign_key_check", NULL, format_fk)) != CT_OK)
			return rc;
	}
	if ((rc = ct_store_prepare(s, pg ? "SELECT coalesce(max(version), 0) FROM claimtrack_schema"
				      : "PRAGMA user_version", &st)) != CT_OK)
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
		if ((rc = run_check(s, &c, pg ? pg_consistency_checks[i] : consistency_checks[i], NULL,
				    NULL)) != CT_OK)
			return rc;
	for (size_t i = 0; version >= CT_STORE_SCHEMA_RULE_SETS &&
			   i < sizeof rematch_checks / sizeof *rematch_checks; i++)
		if ((rc = run_check(s, &c, pg ? pg_rematch_checks[i] : rematch_checks[i], NULL,
				    NULL)) != CT_OK)
			return rc;
	if (version >= CT_STORE_SCHEMA_TEXTS &&
	    (rc = ct_store_check_texts(s, fn, user, &c.n)) != CT_OK)
		return rc;
	if (n_problems)
		*n_problems = c.n;
	return CT_OK;
}
