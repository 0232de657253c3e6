/*
 * The ruleset in the store: outlets and speakers with their aliases (a row
 * stored earlier under an alias is merged into its canonical one), and the
 * propositions, each version under its own pk. Runs inside the caller's
 * transaction, except ct_store_sync_rules() which has its own.
 */
#include "store/store_internal.h"
#include "claimtrack/store.h"
#include "base/base.h"
#include "base/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- outlets and speakers ---- */

/* The id of a named thing: by alias, then by name; 0 when unknown. On
 * PostgreSQL one statement does both (`both`), a round trip saved. */
static int lookup(struct ct_store *s, enum ct_stmt by_alias, enum ct_stmt by_name,
		  enum ct_stmt both, const char *name, int64_t *id)
{
	struct binder b = { ct_store_stmt(s, ct_store_is_pg(s) ? both : by_alias), DB_OK };
	int rc;

	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, name);
	if ((rc = ct_store_run(s, &b, id)) != CT_OK || *id || ct_store_is_pg(s))
		return rc;
	b = (struct binder){ ct_store_stmt(s, by_name), DB_OK };
	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, name);
	return ct_store_run(s, &b, id);
}

/* Runs an insert of a row with an id and sets *id to it: PostgreSQL's
 * statement returns it (RETURNING id), SQLite's is the rowid. */
static int run_insert(struct ct_store *s, struct binder *b, int64_t *id)
{
	int rc = ct_store_run(s, b, id);

	if (rc == CT_OK && !ct_store_is_pg(s))
		*id = db_last_insert_id(s->db);
	return rc;
}

int ct_store_outlet_find(struct ct_store *s, const char *name, int64_t *id)
{
	*id = 0;
	if (!name || !*name)
		return CT_OK;
	return lookup(s, ST_OUTLET_BY_ALIAS, ST_OUTLET_BY_NAME, ST_OUTLET_LOOKUP, name, id);
}

/*
 * A new speaker's or outlet's row, inserted by a batch that does not hold
 * the write lock (PostgreSQL, store_batch.c): on a second connection, in
 * a statement of its own, committed at once. In the batch's transaction
 * its unique name would be held until the batch commits, and another
 * process naming it too would wait that long, or deadlock with this one
 * over two names taken in opposite orders; a batch of bench's corpus
 * names a new speaker nearly every time. The statement takes the lock
 * shared, so that it does not run while a writer records rules (their
 * aliases may merge names), but does not wait for it: a wait on the side
 * is one the server cannot see (this process's batch waits for it), and
 * with the lock's holder waiting for the batch, no one would go on. When
 * the lock is held, the batch inserts the name itself (-1 below). A name
 * stored by another writer meanwhile is not inserted (ON CONFLICT) but
 * found. If the batch then fails, the row stays, unused until a document
 * names it again.
 */
static const char *const side_sql[2] = {
	"WITH l AS (SELECT pg_try_advisory_xact_lock_shared(1131174988) AS got), "
	"ins AS (INSERT INTO speakers (name, kind, from_rules) SELECT ?1::citext, ?2::text, 0 "
	"FROM l WHERE l.got AND NOT EXISTS "
	"(SELECT 1 FROM speaker_aliases WHERE alias = ?1::citext) ON CONFLICT DO NOTHING "
	"RETURNING id) SELECT id FROM ins UNION ALL SELECT -1 FROM l WHERE NOT l.got",
	"WITH l AS (SELECT pg_try_advisory_xact_lock_shared(1131174988) AS got), "
	"ins AS (INSERT INTO outlets (name, from_rules) SELECT ?1::citext, 0 "
	"FROM l WHERE l.got AND NOT EXISTS "
	"(SELECT 1 FROM outlet_aliases WHERE alias = ?1::citext) ON CONFLICT DO NOTHING "
	"RETURNING id) SELECT id FROM ins UNION ALL SELECT -1 FROM l WHERE NOT l.got",
};

/*
 * The new speakers of a batch in one statement (ct_store_side_speakers()):
 * ids are drawn in the order of ?1 (ORDER BY o), as one insert after the
 * other drew them, and a name repeated in another case is inserted once
 * (DISTINCT ON citext), so that the record is the one the inserts one by
 * one made.
 */
static const char side_speakers_sql[] =
	"INSERT INTO speakers (name, kind, from_rules) SELECT q.n, q.k, 0 FROM "
	"(SELECT pg_try_advisory_xact_lock_shared(1131174988) AS got) AS l, "
	"(SELECT DISTINCT ON (u.n) u.n, u.k, u.o FROM unnest(?1::citext[], ?2::text[]) "
	"WITH ORDINALITY AS u(n, k, o) ORDER BY u.n, u.o) AS q "
	"WHERE l.got AND NOT EXISTS (SELECT 1 FROM speaker_aliases WHERE alias = q.n) "
	"AND NOT EXISTS (SELECT 1 FROM speakers WHERE name = q.n) "
	"ORDER BY q.o ON CONFLICT DO NOTHING RETURNING id, name";

/* A failure on s->side, as the store's own: its code too, so that a
 * deadlock with another writer is one the batch runs again after
 * (ct_store_busy()), not an error. */
static int side_fail(struct ct_store *s)
{
	ct_store_fail(s, CT_EDB, "%s", db_errmsg(s->side));
	s->sqlite_rc = db_errcode(s->side);
	return CT_EDB;
}

/* Statement `which` of side_insert[], prepared on s->side, connecting it
 * first; NULL when a batch may not insert on the side. */
static int side_stmt(struct ct_store *s, size_t which, const char *sql, struct db_stmt **st)
{
	*st = NULL;
	if (!s->lazy_lock || s->locked || !s->url)
		return CT_OK;
	if (!s->side && db_open_pg(s->url, &s->side) != DB_OK) {
		ct_store_fail(s, CT_EDB, "cannot connect a second time: %s",
			      s->side ? db_errmsg(s->side) : "out of memory");
		db_close(s->side);
		s->side = NULL;
		return CT_EDB;
	}
	if (!s->side_insert[which] &&
	    db_prepare(s->side, sql, true, &s->side_insert[which]) != DB_OK)
		return side_fail(s);
	*st = s->side_insert[which];
	return CT_OK;
}

int ct_store_side_speakers(struct ct_store *s, const char *names, const char *kinds)
{
	struct db_stmt *st;
	int rc, step;

	if ((rc = side_stmt(s, 2, side_speakers_sql, &st)) != CT_OK || !st)
		return rc;
	if (db_bind_text(st, 1, names, -1) != DB_OK || db_bind_text(st, 2, kinds, -1) != DB_OK)
		return side_fail(s);
	while ((step = db_step(st)) == DB_ROW)
		if (db_column_text(st, 1))
			ct_store_name_put(s, db_column_text(st, 1), false, db_column_int64(st, 0));
	db_reset(st);
	db_clear_bindings(st);
	if (step != DB_DONE)
		return side_fail(s);
	return CT_OK;
}

/* Inserts a new name on s->side when a batch allows it (*done), with *id
 * its id, or 0 when another writer stored it first. */
static int side_insert(struct ct_store *s, bool outlet, const char *name, const char *kind,
		       int64_t *id, bool *done)
{
	struct db_stmt *st;
	int rc, step;

	*id = 0;
	*done = false;
	if ((rc = side_stmt(s, outlet, side_sql[outlet], &st)) != CT_OK || !st)
		return rc;
	if (db_bind_text(st, 1, name, -1) != DB_OK ||
	    (!outlet && db_bind_text(st, 2, kind, -1) != DB_OK))
		return side_fail(s);
	step = db_step(st);
	if (step == DB_ROW)
		*id = db_column_int64(st, 0);
	db_reset(st);
	db_clear_bindings(st);
	if (step != DB_ROW && step != DB_DONE)
		return side_fail(s);
	/* -1: the lock is held by a writer recording rules or a batch that
	 * took it; the batch then takes it in its own transaction, where the
	 * server sees what it waits for. */
	if (*id < 0) {
		*id = 0;
		return CT_OK;
	}
	*done = true;
	return CT_OK;
}

/* Looks a name up, and when it is unknown takes the write lock and looks
 * again: another writer may have stored it while this one had no lock.
 * In a batch that may insert it on the side, it does that instead
 * (*id then its id, or again 0: another writer stored it). */
static int lookup_locked(struct ct_store *s, enum ct_stmt by_alias, enum ct_stmt by_name,
			 enum ct_stmt both, const char *name, bool side, const char *kind,
			 int64_t *id)
{
	bool taken, done = false;
	int rc;

	if ((rc = lookup(s, by_alias, by_name, both, name, id)) != CT_OK || *id)
		return rc;
	if (side && ((rc = side_insert(s, both == ST_OUTLET_LOOKUP, name, kind, id, &done)) != CT_OK ||
		     *id))
		return rc;
	if (done) {
		if ((rc = lookup(s, by_alias, by_name, both, name, id)) == CT_OK && !*id)
			rc = ct_store_fail(s, CT_EDB, "'%s' vanished while storing it", name);
		return rc;
	}
	if ((rc = ct_store_write_lock(s, &taken)) != CT_OK || !taken)
		return rc;
	return lookup(s, by_alias, by_name, both, name, id);
}

int ct_store_outlet_id(struct ct_store *s, const char *name, bool from_rules, int64_t *id)
{
	struct binder b;
	int rc;

	*id = 0;
	if (!name || !*name)
		return CT_OK;
	if ((rc = lookup_locked(s, ST_OUTLET_BY_ALIAS, ST_OUTLET_BY_NAME, ST_OUTLET_LOOKUP, name,
				!from_rules, NULL, id)) != CT_OK || *id)
		return rc;
	b = (struct binder){ ct_store_stmt(s, ST_INSERT_OUTLET), DB_OK };
	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, name);
	b_int(&b, 2, from_rules);
	return run_insert(s, &b, id);
}

int ct_store_speaker_id(struct ct_store *s, const char *name, enum ct_speaker_kind kind,
		      int64_t *id)
{
	struct binder b;
	int rc;

	*id = 0;
	if (!name || !*name)
		return CT_OK;
	if ((rc = lookup_locked(s, ST_SPEAKER_BY_ALIAS, ST_SPEAKER_BY_NAME, ST_SPEAKER_LOOKUP, name,
				true, ct_speaker_kind_name(kind), id)) != CT_OK || *id)
		return rc;
	b = (struct binder){ ct_store_stmt(s, ST_INSERT_SPEAKER), DB_OK };
	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, name);
	b_text(&b, 2, ct_speaker_kind_name(kind));
	b_text(&b, 3, NULL);
	b_text(&b, 4, NULL);
	b_int(&b, 5, 0);
	return run_insert(s, &b, id);
}

/* Runs a statement with two id parameters (a merge step). */
static int run_ids(struct ct_store *s, enum ct_stmt id, int64_t a, int64_t b2)
{
	struct binder b = { ct_store_stmt(s, id), DB_OK };

	if (!b.st)
		return CT_EDB;
	b_int(&b, 1, a);
	if (db_bind_parameter_count(b.st) >= 2)
		b_int(&b, 2, b2);
	return ct_store_run(s, &b, NULL);
}

/*
 * Makes `alias` a name of the canonical row `canon`: the alias row points
 * there, and a row stored earlier under that name is merged into it.
 */
static int add_alias(struct ct_store *s, bool speaker, const char *alias, int64_t canon)
{
	struct binder b = { ct_store_stmt(s, speaker ? ST_SPEAKER_BY_NAME : ST_OUTLET_BY_NAME),
			    DB_OK };
	int64_t old;
	int rc;

	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, alias);
	if ((rc = ct_store_run(s, &b, &old)) != CT_OK)
		return rc;
	if (old && old != canon) {
		if (speaker) {
			if ((rc = run_ids(s, ST_MERGE_SPEAKER_CLAIMS, old, canon)) != CT_OK ||
			    (rc = run_ids(s, ST_MERGE_SPEAKER_ALIASES, old, canon)) != CT_OK ||
			    (rc = run_ids(s, ST_DELETE_SPEAKER, old, 0)) != CT_OK)
				return rc;
		} else {
			if ((rc = run_ids(s, ST_MERGE_OUTLET_DOCS, old, canon)) != CT_OK ||
			    (rc = run_ids(s, ST_MERGE_OUTLET_VIA, old, canon)) != CT_OK ||
			    (rc = run_ids(s, ST_MERGE_OUTLET_ALIASES, old, canon)) != CT_OK ||
			    (rc = run_ids(s, ST_DELETE_OUTLET, old, 0)) != CT_OK)
				return rc;
		}
	}
	b = (struct binder){ ct_store_stmt(s, speaker ? ST_UPSERT_SPEAKER_ALIAS
							 : ST_UPSERT_OUTLET_ALIAS), DB_OK };
	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, alias);
	b_int(&b, 2, canon);
	return ct_store_run(s, &b, NULL);
}

/* The canonical row of a speaker block, found by its name only. */
static int sync_speaker(struct ct_store *s, const struct ct_speaker_def *d)
{
	struct binder b = { ct_store_stmt(s, ST_SPEAKER_BY_NAME), DB_OK };
	int64_t id;
	int rc;

	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, d->name);
	if ((rc = ct_store_run(s, &b, &id)) != CT_OK)
		return rc;
	if (id) {
		b = (struct binder){ ct_store_stmt(s, ST_MARK_SPEAKER), DB_OK };
		if (!b.st)
			return CT_EDB;
		b_int(&b, 1, id);
		b_text(&b, 2, d->role);
		b_text(&b, 3, d->org);
		rc = ct_store_run(s, &b, NULL);
	} else {
		b = (struct binder){ ct_store_stmt(s, ST_INSERT_SPEAKER), DB_OK };
		if (!b.st)
			return CT_EDB;
		b_text(&b, 1, d->name);
		b_text(&b, 2, ct_speaker_kind_name(CT_SPEAKER_PERSON));
		b_text(&b, 3, d->role);
		b_text(&b, 4, d->org);
		b_int(&b, 5, 1);
		rc = run_insert(s, &b, &id);
	}
	for (size_t i = 0; rc == CT_OK && i < d->n_aliases; i++)
		rc = add_alias(s, true, d->aliases[i], id);
	return rc;
}

static int sync_outlet(struct ct_store *s, const struct ct_outlet_def *d)
{
	struct binder b = { ct_store_stmt(s, ST_OUTLET_BY_NAME), DB_OK };
	int64_t id;
	int rc;

	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, d->name);
	if ((rc = ct_store_run(s, &b, &id)) != CT_OK)
		return rc;
	if (id) {
		rc = run_ids(s, ST_MARK_OUTLET, id, 0);
	} else {
		b = (struct binder){ ct_store_stmt(s, ST_INSERT_OUTLET), DB_OK };
		if (!b.st)
			return CT_EDB;
		b_text(&b, 1, d->name);
		b_int(&b, 2, 1);
		rc = run_insert(s, &b, &id);
	}
	for (size_t i = 0; rc == CT_OK && i < d->n_aliases; i++)
		rc = add_alias(s, false, d->aliases[i], id);
	return rc;
}

/* ---- propositions ---- */

int ct_store_proposition_pk(struct ct_store *s, const struct ct_proposition *p, int64_t *pk)
{
	struct binder b = { ct_store_stmt(s, ST_UPSERT_PROPOSITION), DB_OK };
	int rc;

	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, p->id);
	b_int(&b, 2, p->rev);
	b_text(&b, 3, p->fingerprint);
	b_text(&b, 4, p->title ? p->title : "");
	b_text(&b, 5, p->tags ? p->tags : "");
	b_text(&b, 6, p->file);
	b_int(&b, 7, p->line);
	/* PostgreSQL's statement gives the pk (store_sql.c). */
	if ((rc = ct_store_run(s, &b, pk)) != CT_OK || (ct_store_is_pg(s) && *pk))
		return rc;
	b = (struct binder){ ct_store_stmt(s, ST_FIND_PROPOSITION), DB_OK };
	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, p->id);
	b_int(&b, 2, p->rev);
	b_text(&b, 3, p->fingerprint);
	if ((rc = ct_store_run(s, &b, pk)) == CT_OK && !*pk)
		rc = ct_store_fail(s, CT_EDB, "proposition '%s' vanished while storing it", p->id);
	return rc;
}

/* Appends v to a PostgreSQL array's text: "v" quoted, or NULL. */
static int array_add(struct ct_buf *out, const char *v)
{
	int rc = ct_buf_addc(out, out->len ? ',' : '{');

	if (rc != CT_OK)
		return rc;
	if (!v)
		return ct_buf_adds(out, "NULL");
	rc = ct_buf_addc(out, '"');
	for (const char *c = v; rc == CT_OK && *c; c++) {
		if (*c == '"' || *c == '\\')
			rc = ct_buf_addc(out, '\\');
		if (rc == CT_OK)
			rc = ct_buf_addc(out, *c);
	}
	return rc == CT_OK ? ct_buf_addc(out, '"') : rc;
}

/*
 * Every proposition of the pack as ct_store_proposition_pk() records it,
 * in one statement: a round trip for the pack, where one for each of its
 * 1,000 propositions took the first batch of every ingest process (under
 * the write lock) longer than the rest of a 10 MB run. The rows inserted
 * get their pks in the pack's order, as one by one.
 */
static const char props_sql[] =
	"WITH v AS (SELECT * FROM unnest(?1::text[], ?2::bigint[], ?3::text[], ?4::text[], "
	"?5::text[], ?6::text[], ?7::bigint[]) WITH ORDINALITY "
	"AS v(id, rev, fingerprint, title, tags, file, line, ord)), "
	"up AS (INSERT INTO propositions (id, rev, fingerprint, title, tags, file, line) "
	"SELECT id, rev, fingerprint, title, tags, file, line FROM v ORDER BY ord "
	"ON CONFLICT (id, rev, fingerprint) DO UPDATE SET title = excluded.title, "
	"tags = excluded.tags, file = excluded.file, line = excluded.line "
	"WHERE propositions.title IS DISTINCT FROM excluded.title OR "
	"propositions.tags IS DISTINCT FROM excluded.tags OR "
	"propositions.file IS DISTINCT FROM excluded.file OR "
	"propositions.line IS DISTINCT FROM excluded.line RETURNING pk, id, rev, fingerprint) "
	"SELECT v.ord, coalesce(up.pk, p.pk) FROM v LEFT JOIN up ON up.id = v.id AND "
	"up.rev = v.rev AND up.fingerprint = v.fingerprint LEFT JOIN propositions p ON "
	"p.id = v.id AND p.rev = v.rev AND p.fingerprint = v.fingerprint ORDER BY v.ord";

static int record_propositions_pg(struct ct_store *s, const struct ct_ruleset *rs, int64_t *pks,
				  size_t n)
{
	struct ct_buf col[7];
	struct db_stmt *st = NULL;
	char num[2][24];
	int rc = CT_OK, step;

	for (int c = 0; c < 7; c++)
		ct_buf_init(&col[c], 0);
	for (size_t i = 0; i < n && rc == CT_OK; i++) {
		const struct ct_proposition *p = ct_ruleset_proposition(rs, i);
		snprintf(num[0], sizeof num[0], "%lld", (long long)p->rev);
		snprintf(num[1], sizeof num[1], "%lld", (long long)p->line);
		if (array_add(&col[0], p->id) || array_add(&col[1], num[0]) ||
		    array_add(&col[2], p->fingerprint) || array_add(&col[3], p->title ? p->title : "") ||
		    array_add(&col[4], p->tags ? p->tags : "") || array_add(&col[5], p->file) ||
		    array_add(&col[6], num[1]))
			rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		pks[i] = 0;
	}
	for (int c = 0; c < 7 && rc == CT_OK; c++)
		if (ct_buf_addc(&col[c], '}'))
			rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
	if (rc == CT_OK && (rc = ct_store_prepare(s, props_sql, &st)) == CT_OK) {
		for (int c = 0; c < 7 && rc == CT_OK; c++)
			if (db_bind_text(st, c + 1, col[c].p, (int64_t)col[c].len) != DB_OK)
				rc = ct_store_dbfail(s, NULL);
		while (rc == CT_OK && (step = db_step(st)) == DB_ROW) {
			int64_t ord = db_column_int64(st, 0);
			if (ord >= 1 && (size_t)ord <= n)
				pks[ord - 1] = db_column_int64(st, 1);
		}
		if (rc == CT_OK && step != DB_DONE)
			rc = ct_store_dbfail(s, NULL);
		db_finalize(st);
	}
	for (size_t i = 0; i < n && rc == CT_OK; i++)
		if (!pks[i])
			rc = ct_store_fail(s, CT_EDB, "proposition '%s' vanished while storing it",
					   ct_ruleset_proposition(rs, i)->id);
	for (int c = 0; c < 7; c++)
		ct_buf_release(&col[c]);
	return rc;
}

int ct_store_record_rules(struct ct_store *s, const struct ct_ruleset *rs)
{
	size_t n = ct_ruleset_n_propositions(rs);
	int64_t *pks;
	int rc = CT_OK;

	/* Until it is recorded, no ruleset's pks are in s->prop_pk; and its
	 * aliases may merge speakers and outlets named before. */
	s->synced = NULL;
	ct_store_names_clear(s);
	if ((rc = ct_store_write_lock(s, NULL)) != CT_OK)
		return rc;
	if (!(pks = ct_realloc_array(s->prop_pk, n ? n : 1, sizeof *pks)))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	s->prop_pk = pks;
	for (size_t i = 0; rc == CT_OK && i < ct_ruleset_n_outlets(rs); i++)
		rc = sync_outlet(s, ct_ruleset_outlet(rs, i));
	for (size_t i = 0; rc == CT_OK && i < ct_ruleset_n_speakers(rs); i++)
		rc = sync_speaker(s, ct_ruleset_speaker(rs, i));
	if (ct_store_is_pg(s) && n && rc == CT_OK)
		rc = record_propositions_pg(s, rs, pks, n);
	else
		for (size_t i = 0; rc == CT_OK && i < n; i++)
			rc = ct_store_proposition_pk(s, ct_ruleset_proposition(rs, i), &pks[i]);
	if (rc == CT_OK)
		rc = ct_store_rule_set_id(s, pks, n, &s->rule_set_id);
	return rc;
}

/* ---- rule sets ---- */

static int cmp_pk(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int ct_store_rule_set_id(struct ct_store *s, const int64_t *pks, size_t n, int64_t *id)
{
	unsigned char digest[CT_SHA256_LEN];
	char hex[2 * CT_SHA256_LEN + 1], num[24];
	struct ct_sha256 h;
	struct binder b;
	int64_t *sorted;
	int rc;

	if ((rc = ct_store_write_lock(s, NULL)) != CT_OK)
		return rc;
	if (!(sorted = ct_realloc_array(NULL, n ? n : 1, sizeof *sorted)))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	if (n)
		memcpy(sorted, pks, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_pk);
	/* The pks in ascending order, each followed by a comma. */
	ct_sha256_init(&h);
	for (size_t i = 0; i < n; i++) {
		int len = snprintf(num, sizeof num, "%lld,", (long long)sorted[i]);
		ct_sha256_update(&h, num, (size_t)len);
	}
	ct_sha256_final(&h, digest);
	for (size_t i = 0; i < CT_SHA256_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	b = (struct binder){ ct_store_stmt(s, ST_RULE_SET_BY_DIGEST), DB_OK };
	if (!b.st) {
		rc = CT_EDB;
		goto out;
	}
	b_text(&b, 1, hex);
	if ((rc = ct_store_run(s, &b, id)) != CT_OK || *id)
		goto out;
	b = (struct binder){ ct_store_stmt(s, ST_INSERT_RULE_SET), DB_OK };
	if (!b.st) {
		rc = CT_EDB;
		goto out;
	}
	b_text(&b, 1, hex);
	if ((rc = ct_store_run(s, &b, NULL)) != CT_OK)
		goto out;
	*id = db_last_insert_id(s->db);
	for (size_t i = 0; rc == CT_OK && i < n; i++) {
		b = (struct binder){ ct_store_stmt(s, ST_INSERT_RULE_SET_PROP), DB_OK };
		if (!b.st) {
			rc = CT_EDB;
			break;
		}
		b_int(&b, 1, *id);
		b_int(&b, 2, sorted[i]);
		rc = ct_store_run_deferred(s, &b);
	}
out:
	free(sorted);
	return rc;
}

int ct_store_sync_rules(struct ct_store *s, const struct ct_ruleset *rs)
{
	int rc;

	if (!s || !rs)
		return CT_EINVAL;
	if ((rc = ct_store_check_writable(s)) != CT_OK ||
	    (rc = ct_store_run_plain(s, ST_BEGIN)) != CT_OK)
		return rc;
	if ((rc = ct_store_txn_end(s, ct_store_record_rules(s, rs))) == CT_OK)
		ct_store_set_synced(s, rs);
	return rc;
}
