/*
 * What every file of the store builds on: the connection's errors, and the
 * write path's statements, prepared once per connection and run through a
 * binder (store_internal.h).
 */
#include "claimtrack/store.h"
#include "store/store_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* What the rules found, over a claim's row (ST_UPDATE_CLAIM); ?1 and ?2
 * are bound as for an insert. */
#define CLAIM_SET \
	"proposition = ?3, proposition_pk = ?4, stance = ?5, hedged = ?6, negated = ?7, " \
	"denied = ?8, sentence = ?9, sentence_start = ?10, sentence_end = ?11, match = ?12, " \
	"match_start = ?13, match_end = ?14, negation_cue = ?15, denial_cue = ?16, " \
	"hedge_cue = ?17, speaker_id = ?18, speaker_kind = ?19, mention = ?20, role = ?21, " \
	"quote_kind = ?22, cue = ?23, via_outlet_id = ?24, date = ?25, statement_date = ?26, " \
	"rule_file = ?27, rule_line = ?28, polarity = ?29, pattern = ?30, framing = ?31, " \
	"reviewed = 0 WHERE id = ?32 AND document_id = ?1"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_FIND_DUPLICATE] =
		"SELECT id FROM documents WHERE hash = ?1 AND coalesce(outlet_id, 0) = ?3 "
		"UNION ALL SELECT id FROM documents WHERE ?2 IS NOT NULL AND url = ?2 LIMIT 1",
	[ST_INSERT_DOCUMENT] =
		"INSERT INTO documents (url, hash, title, outlet_id, date, author, lang, source, "
		"body_len, n_sentences, n_claims, n_replaced, n_nul, version, rule_set_id, "
		"ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
		"?15, coalesce(?16, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))",
	[ST_INSERT_CLAIM] =
		/* An id above every claim's, retired ones too: SQLite would give
		 * a retired claim's id again once it is the highest. ?32 is the
		 * id when the writer knows it (the one after the last claim it
		 * wrote in the transaction: no other writes meanwhile); the
		 * look-up, 10,000 instructions a row, is for the first. */
		"INSERT INTO claims (id, document_id, seq, proposition, proposition_pk, stance, hedged, "
		"negated, denied, sentence, sentence_start, sentence_end, match, match_start, "
		"match_end, negation_cue, denial_cue, hedge_cue, speaker_id, speaker_kind, mention, "
		"role, quote_kind, cue, via_outlet_id, date, statement_date, rule_file, rule_line, "
		"polarity, pattern, framing) VALUES (coalesce(?32, (SELECT max(m) FROM (SELECT max(id) m "
		"FROM claims UNION ALL SELECT max(id) FROM retired_claims)) + 1), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
		"?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, "
		"?29, ?30, ?31)",
	[ST_OUTLET_BY_ALIAS] = "SELECT outlet_id FROM outlet_aliases WHERE alias = ?1",
	[ST_OUTLET_BY_NAME] = "SELECT id FROM outlets WHERE name = ?1",
	[ST_INSERT_OUTLET] = "INSERT INTO outlets (name, from_rules) VALUES (?1, ?2)",
	[ST_MARK_OUTLET] = "UPDATE outlets SET from_rules = 1 WHERE id = ?1 AND from_rules = 0",
	[ST_UPSERT_OUTLET_ALIAS] =
		"INSERT INTO outlet_aliases (alias, outlet_id) VALUES (?1, ?2) "
		"ON CONFLICT (alias) DO UPDATE SET outlet_id = excluded.outlet_id "
		"WHERE outlet_id <> excluded.outlet_id",
	[ST_MERGE_OUTLET_DOCS] = "UPDATE documents SET outlet_id = ?2 WHERE outlet_id = ?1",
	[ST_MERGE_OUTLET_VIA] = "UPDATE claims SET via_outlet_id = ?2 WHERE via_outlet_id = ?1",
	[ST_MERGE_OUTLET_ALIASES] = "UPDATE outlet_aliases SET outlet_id = ?2 WHERE outlet_id = ?1",
	[ST_DELETE_OUTLET] = "DELETE FROM outlets WHERE id = ?1",
	[ST_SPEAKER_BY_ALIAS] = "SELECT speaker_id FROM speaker_aliases WHERE alias = ?1",
	[ST_SPEAKER_BY_NAME] = "SELECT id FROM speakers WHERE name = ?1",
	[ST_INSERT_SPEAKER] =
		"INSERT INTO speakers (name, kind, role, org, from_rules) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_MARK_SPEAKER] =
		"UPDATE speakers SET role = ?2, org = ?3, from_rules = 1 WHERE id = ?1 AND "
		"(from_rules = 0 OR role IS NOT ?2 OR org IS NOT ?3)",
	[ST_UPSERT_SPEAKER_ALIAS] =
		"INSERT INTO speaker_aliases (alias, speaker_id) VALUES (?1, ?2) "
		"ON CONFLICT (alias) DO UPDATE SET speaker_id = excluded.speaker_id "
		"WHERE speaker_id <> excluded.speaker_id",
	[ST_MERGE_SPEAKER_CLAIMS] = "UPDATE claims SET speaker_id = ?2 WHERE speaker_id = ?1",
	[ST_MERGE_SPEAKER_ALIASES] =
		"UPDATE speaker_aliases SET speaker_id = ?2 WHERE speaker_id = ?1",
	[ST_DELETE_SPEAKER] = "DELETE FROM speakers WHERE id = ?1",
	[ST_UPSERT_PROPOSITION] =
		"INSERT INTO propositions (id, rev, fingerprint, title, tags, file, line) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
		"ON CONFLICT (id, rev, fingerprint) DO UPDATE SET title = excluded.title, "
		"tags = excluded.tags, file = excluded.file, line = excluded.line "
		"WHERE title IS NOT excluded.title OR tags IS NOT excluded.tags OR "
		"file IS NOT excluded.file OR line IS NOT excluded.line",
	[ST_FIND_PROPOSITION] =
		"SELECT pk FROM propositions WHERE id = ?1 AND rev = ?2 AND fingerprint = ?3",
	[ST_INSERT_TEXT] =
		"INSERT INTO document_texts (document_id, codec, body, body_len, outlet, canonical, "
		"stored_at) VALUES (?1, 'zstd', ?2, ?3, ?4, ?5, "
		"coalesce(?6, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))",
	/* A row when document ?1 has no text and ?2 is its hash: its text can be stored. */
	[ST_TEXT_STATE] =
		"SELECT d.id FROM documents d WHERE d.id = ?1 AND d.hash = ?2 AND NOT EXISTS "
		"(SELECT 1 FROM document_texts t WHERE t.document_id = d.id)",
	[ST_UPDATE_CLAIM] = "UPDATE claims SET " CLAIM_SET,
	[ST_UPDATE_RETIRED_CLAIM] = "UPDATE retired_claims SET " CLAIM_SET,
	[ST_RULE_SET_BY_DIGEST] = "SELECT id FROM rule_sets WHERE digest = ?1",
	[ST_INSERT_RULE_SET] = "INSERT INTO rule_sets (digest) VALUES (?1)",
	[ST_INSERT_RULE_SET_PROP] =
		"INSERT INTO rule_set_propositions (rule_set_id, proposition_pk) VALUES (?1, ?2)",
	/* By alias, else by name, in one statement (one round trip on
	 * PostgreSQL); SQLite runs the two look-ups (store_sync.c). */
	[ST_OUTLET_LOOKUP] =
		"SELECT id FROM (SELECT outlet_id AS id, 0 AS o FROM outlet_aliases WHERE alias = ?1 "
		"UNION ALL SELECT id, 1 FROM outlets WHERE name = ?1) AS found ORDER BY o LIMIT 1",
	[ST_SPEAKER_LOOKUP] =
		"SELECT id FROM (SELECT speaker_id AS id, 0 AS o FROM speaker_aliases WHERE alias = ?1 "
		"UNION ALL SELECT id, 1 FROM speakers WHERE name = ?1) AS found ORDER BY o LIMIT 1",
	/* PostgreSQL only (ct_store_defer_ids()). */
	[ST_INSERT_DOCUMENT_DEFERRED] =
		"INSERT INTO documents (url, hash, title, outlet_id, date, author, lang, source, "
		"body_len, n_sentences, n_claims, n_replaced, n_nul, version, rule_set_id) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
};

/*
 * PostgreSQL's own SQL of the statements where the dialects differ; NULL
 * is stmt_sql's. A claim's id comes from its identity column, which never
 * gives an id twice (no retired claim's either); a document whose url, or
 * whose hash with its outlet (db/017), is stored already is not inserted
 * (ON CONFLICT: the unique indexes decide, not an earlier look), and one seen stored takes no id from the
 * sequence (NOT EXISTS: the ids stay SQLite's, without gaps), so that the
 * writer needs no look before it (store_write.c); IS NOT is IS DISTINCT
 * FROM. Inserts of outlets and speakers return their id (RETURNING), a
 * round trip less than lastval().
 */
/* Document ?1, or when NULL the one ST_INSERT_DOCUMENT_DEFERRED inserted
 * last in this transaction (0 when it did not). */
#define DOC_ID "coalesce(?1::bigint, current_setting('ct.doc')::bigint)"

static const char *const stmt_sql_pg[ST_COUNT] = {
	[ST_INSERT_OUTLET] = "INSERT INTO outlets (name, from_rules) VALUES (?1, ?2) RETURNING id",
	[ST_INSERT_SPEAKER] =
		"INSERT INTO speakers (name, kind, role, org, from_rules) VALUES (?1, ?2, ?3, ?4, ?5) "
		"RETURNING id",
	[ST_FIND_DUPLICATE] =
		"SELECT id FROM documents WHERE hash = ?1 AND coalesce(outlet_id, 0) = ?3::bigint "
		"UNION ALL SELECT id FROM documents WHERE url = ?2 LIMIT 1",
	[ST_INSERT_DOCUMENT] =
		"INSERT INTO documents (url, hash, title, outlet_id, date, author, lang, source, "
		"body_len, n_sentences, n_claims, n_replaced, n_nul, version, rule_set_id) "
		"SELECT ?1::text, ?2::text, ?3::text, ?4::bigint, ?5::text, ?6::text, ?7::text, "
		"?8::text, ?9::bigint, ?10::bigint, ?11::bigint, ?12::bigint, ?13::bigint, ?14::text, "
		"?15::bigint WHERE NOT EXISTS (SELECT 1 FROM documents WHERE hash = ?2 AND "
		"coalesce(outlet_id, 0) = coalesce(?4::bigint, 0)) AND NOT EXISTS "
		"(SELECT 1 FROM documents WHERE url = ?1) "
		"ON CONFLICT DO NOTHING RETURNING id",
	/* The same insert, whose id the client does not wait for: it goes in
	 * the transaction's setting ct.doc (0: a duplicate, not inserted),
	 * where the document's text and claims take it (DOC_ID), and is
	 * appended to ct.ids, read once for the batch (ct_store_settle()). */
	[ST_INSERT_DOCUMENT_DEFERRED] =
		"WITH d AS (INSERT INTO documents (url, hash, title, outlet_id, date, author, lang, "
		"source, body_len, n_sentences, n_claims, n_replaced, n_nul, version, rule_set_id) "
		"SELECT ?1::text, ?2::text, ?3::text, ?4::bigint, ?5::text, ?6::text, ?7::text, "
		"?8::text, ?9::bigint, ?10::bigint, ?11::bigint, ?12::bigint, ?13::bigint, ?14::text, "
		"?15::bigint WHERE NOT EXISTS (SELECT 1 FROM documents WHERE hash = ?2 AND "
		"coalesce(outlet_id, 0) = coalesce(?4::bigint, 0)) AND NOT EXISTS "
		"(SELECT 1 FROM documents WHERE url = ?1) "
		"ON CONFLICT DO NOTHING RETURNING id) "
		"SELECT set_config('ct.doc', k.i::text, true), set_config('ct.ids', "
		"coalesce(current_setting('ct.ids', true), '') || k.i::text || ',', true) "
		"FROM (SELECT coalesce((SELECT id FROM d), 0) AS i) AS k",
	/* A NULL document id is the last one inserted by
	 * ST_INSERT_DOCUMENT_DEFERRED, and no row when it was not inserted. */
	[ST_INSERT_CLAIM] =
		"INSERT INTO claims (document_id, seq, proposition, proposition_pk, stance, hedged, "
		"negated, denied, sentence, sentence_start, sentence_end, match, match_start, "
		"match_end, negation_cue, denial_cue, hedge_cue, speaker_id, speaker_kind, mention, "
		"role, quote_kind, cue, via_outlet_id, date, statement_date, rule_file, rule_line, "
		"polarity, pattern, framing) SELECT k.i, ?2::bigint, ?3::text, ?4::bigint, ?5::text, "
		"?6::smallint, ?7::smallint, ?8::smallint, ?9::text, ?10::bigint, ?11::bigint, "
		"?12::text, ?13::bigint, ?14::bigint, ?15::text, ?16::text, ?17::text, ?18::bigint, "
		"?19::text, ?20::text, ?21::text, ?22::text, ?23::text, ?24::bigint, ?25::text, "
		"?26::text, ?27::text, ?28::bigint, ?29::text, ?30::text, ?31::text "
		"FROM (SELECT " DOC_ID " AS i) AS k WHERE k.i <> 0",
	[ST_INSERT_TEXT] =
		"INSERT INTO document_texts (document_id, codec, body, body_len, outlet, canonical) "
		"SELECT k.i, 'zstd', ?2::bytea, ?3::bigint, ?4::text, ?5::text "
		"FROM (SELECT " DOC_ID " AS i) AS k WHERE k.i <> 0",
	[ST_MARK_SPEAKER] =
		"UPDATE speakers SET role = ?2, org = ?3, from_rules = 1 WHERE id = ?1 AND "
		"(from_rules = 0 OR role IS DISTINCT FROM ?2 OR org IS DISTINCT FROM ?3)",
	/* With its pk: the row inserted or updated (RETURNING), else the one
	 * stored already, seen by the statement's own snapshot (the writer
	 * that records rules holds the write lock: no other writer's row
	 * comes between). One round trip for two, 1,000 for a pack of 1,000. */
	[ST_UPSERT_PROPOSITION] =
		"WITH up AS (INSERT INTO propositions (id, rev, fingerprint, title, tags, file, line) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
		"ON CONFLICT (id, rev, fingerprint) DO UPDATE SET title = excluded.title, "
		"tags = excluded.tags, file = excluded.file, line = excluded.line "
		"WHERE propositions.title IS DISTINCT FROM excluded.title OR "
		"propositions.tags IS DISTINCT FROM excluded.tags OR "
		"propositions.file IS DISTINCT FROM excluded.file OR "
		"propositions.line IS DISTINCT FROM excluded.line RETURNING pk) "
		"SELECT pk FROM up UNION ALL SELECT pk FROM propositions WHERE id = ?1 AND rev = ?2 "
		"AND fingerprint = ?3 LIMIT 1",
	[ST_UPSERT_OUTLET_ALIAS] =
		"INSERT INTO outlet_aliases (alias, outlet_id) VALUES (?1, ?2) "
		"ON CONFLICT (alias) DO UPDATE SET outlet_id = excluded.outlet_id "
		"WHERE outlet_aliases.outlet_id <> excluded.outlet_id",
	[ST_UPSERT_SPEAKER_ALIAS] =
		"INSERT INTO speaker_aliases (alias, speaker_id) VALUES (?1, ?2) "
		"ON CONFLICT (alias) DO UPDATE SET speaker_id = excluded.speaker_id "
		"WHERE speaker_aliases.speaker_id <> excluded.speaker_id",
};

/* ---- errors ---- */

int ct_store_fail(struct ct_store *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
	va_end(ap);
	s->sqlite_rc = 0;
	return code;
}

int ct_store_dbfail(struct ct_store *s, const char *what)
{
	int code = db_errcode(s->db), sys = db_system_errno(s->db);
	char why[128] = "";

	/* "disk I/O error" alone does not say that the disk is full or the
	 * file too large: the system's reason does. */
	if (sys && ((code & 0xff) == DB_IOERR || (code & 0xff) == DB_FULL ||
		    (code & 0xff) == DB_CANTOPEN))
		snprintf(why, sizeof why, " (%s)", strerror(sys));
	else if ((code & 0xff) == DB_CORRUPT)
		snprintf(why, sizeof why, " (the file is damaged; restore it from a backup)");
	if (what)
		ct_store_fail(s, 0, "%s: %s%s", what, db_errmsg(s->db), why);
	else
		ct_store_fail(s, 0, "%s%s", db_errmsg(s->db), why);
	s->sqlite_rc = code;
	return code == DB_NOMEM ? CT_ENOMEM : CT_EDB;
}

const char *ct_store_errmsg(const struct ct_store *s)
{
	return s ? s->errmsg : "";
}

int ct_store_prepare(struct ct_store *s, const char *sql, struct db_stmt **out)
{
	if (db_prepare(s->db, sql, false, out) != DB_OK)
		return ct_store_dbfail(s, NULL);
	return CT_OK;
}

int ct_store_prepare_kept(struct ct_store *s, const char *sql, struct db_stmt **out)
{
	size_t n = sizeof s->kept / sizeof *s->kept, i;

	for (i = 0; i < n && s->kept[i].sql; i++) {
		if (s->kept[i].sql == sql) {
			*out = s->kept[i].st;
			return CT_OK;
		}
	}
	if (i == n)
		return ct_store_prepare(s, sql, out);
	if (db_prepare(s->db, sql, true, out) != DB_OK)
		return ct_store_dbfail(s, NULL);
	s->kept[i].sql = sql;
	s->kept[i].st = *out;
	return CT_OK;
}

void ct_store_unprepare(struct ct_store *s, struct db_stmt *st)
{
	for (size_t i = 0; i < sizeof s->kept / sizeof *s->kept && s->kept[i].sql; i++) {
		if (s->kept[i].st == st) {
			db_reset(st);
			db_clear_bindings(st);
			return;
		}
	}
	db_finalize(st);
}

void ct_store_copy_date(char out[11], struct db_stmt *st, int col)
{
	const char *d = db_column_text(st, col);

	out[0] = '\0';
	if (d && strlen(d) == 10)
		memcpy(out, d, 11);
}

int ct_store_check_writable(struct ct_store *s)
{
	s->errmsg[0] = '\0';
	if (s->readonly)
		return ct_store_fail(s, CT_EINVAL, "database was opened read-only");
	return CT_OK;
}

/* ---- statements ---- */

struct db_stmt *ct_store_stmt(struct ct_store *s, enum ct_stmt id)
{
	if (!s->stmts[id] &&
	    db_prepare(s->db, ct_store_is_pg(s) && stmt_sql_pg[id] ? stmt_sql_pg[id] : stmt_sql[id],
		       true, &s->stmts[id]) != DB_OK) {
		ct_store_dbfail(s, NULL);
		return NULL;
	}
	return s->stmts[id];
}

int ct_store_run(struct ct_store *s, struct binder *b, int64_t *id)
{
	int rc = b->rc, code = CT_OK;

	if (id)
		*id = 0;
	if (rc == DB_OK) {
		rc = db_step(b->st);
		if (rc == DB_ROW && id)
			*id = db_column_int64(b->st, 0);
	}
	if (rc != DB_ROW && rc != DB_DONE)
		code = ct_store_dbfail(s, NULL);
	db_reset(b->st);
	db_clear_bindings(b->st);
	return code;
}

int ct_store_run_deferred(struct ct_store *s, struct binder *b)
{
	int rc = b->rc, code = CT_OK;

	if (rc == DB_OK)
		rc = db_step_deferred(b->st);
	if (rc != DB_ROW && rc != DB_DONE)
		code = ct_store_dbfail(s, NULL);
	db_reset(b->st);
	db_clear_bindings(b->st);
	return code;
}

int ct_store_run_plain(struct ct_store *s, enum ct_stmt id)
{
	struct binder b = { ct_store_stmt(s, id), DB_OK };

	if (!b.st)
		return CT_EDB;
	return ct_store_run(s, &b, NULL);
}

int ct_store_txn_begin(struct ct_store *s, bool *own)
{
	*own = db_autocommit(s->db);
	return *own ? ct_store_run_plain(s, ST_BEGIN) : CT_OK;
}

int ct_store_write_begin(struct ct_store *s, bool *own)
{
	int rc = ct_store_check_writable(s);

	*own = false;
	return rc == CT_OK ? ct_store_txn_begin(s, own) : rc;
}

const char *ct_store_now_text(struct ct_store *s)
{
	time_t now = time(NULL);
	struct tm tm;

	if (now != s->now_at) {
		if (!gmtime_r(&now, &tm) ||
		    !strftime(s->now_text, sizeof s->now_text, "%Y-%m-%dT%H:%M:%SZ", &tm))
			return NULL;    /* the column's default then */
		s->now_at = now;
	}
	return s->now_text;
}

void ct_store_txn_over(struct ct_store *s, bool committed)
{
	ct_store_sig_cache_end(s, committed);
	s->next_claim_id = 0;
}

int ct_store_txn_end(struct ct_store *s, int rc)
{
	if (rc == CT_OK)
		rc = ct_store_run_plain(s, ST_COMMIT);
	if (rc != CT_OK)
		ct_store_txn_rollback(s);
	else
		ct_store_txn_over(s, true);
	return rc;
}

int ct_store_write_lock(struct ct_store *s, bool *taken)
{
	if (taken)
		*taken = false;
	if (!s->lazy_lock || s->locked || db_autocommit(s->db))
		return CT_OK;
	if (db_write_lock(s->db) != DB_OK)
		return ct_store_dbfail(s, NULL);
	s->locked = true;
	if (taken)
		*taken = true;
	return CT_OK;
}

void ct_store_txn_rollback(struct ct_store *s)
{
	ct_store_names_clear(s);
	ct_store_txn_over(s, false);
	s->bands_lost = true;
	s->pg_bands_lost = true;
	s->lazy_lock = s->locked = false;
	if (!db_autocommit(s->db)) {
		char keep[sizeof s->errmsg];
		memcpy(keep, s->errmsg, sizeof keep);
		ct_store_run_plain(s, ST_ROLLBACK);
		memcpy(s->errmsg, keep, sizeof keep);
	}
}
