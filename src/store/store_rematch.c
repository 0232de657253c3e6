/*
 * Matching stored documents again when the rules change. Each document
 * records its rule set (db/008): the version of every proposition it was
 * matched against. A plan compares each rule set in use with the rules
 * loaded now and says, per document, which propositions to match again
 * (new, or another version) and which to retire (no longer in the rules);
 * applying it to one document is one transaction, after which the
 * document records the rule set it now agrees with. So an interrupted run
 * leaves each document done or untouched, and the next run takes up those
 * still differing; a run with nothing differing does nothing.
 */
#include "store/store_internal.h"
#include "claimtrack/store.h"
#include "rules/rules_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A proposition version of a stored rule set. */
struct member {
	int64_t pk;
	char *id, *fingerprint;
	int rev;
};

/* The documents that share one rule set, and what they need. */
struct group {
	int64_t from, to;           /* rule set ids; from 0: NULL (none recorded) */
	bool *rematch;              /* per proposition of the rules: match it again */
	const char **ids;           /* the ids matched again or retired, sorted (borrowed
				     * from the rules or the changes) */
	size_t n_ids;
	size_t *retire;             /* changes of the ids to retire */
	size_t n_retire;
	bool needs_text;            /* something to match, not only claims to retire */
};

struct doc_row {
	int64_t id;
	size_t group;
	bool has_text;
};

struct ct_rematch_plan {
	const struct ct_ruleset *rs;
	struct group *groups;
	size_t n_groups, cap_groups;
	struct doc_row *docs;
	size_t n_docs, cap_docs;
	struct ct_rematch_change *changes;   /* id and fingerprint owned */
	size_t n_changes, cap_changes;
	size_t *change_of;                   /* per proposition of the rules; SIZE_MAX */
	size_t n_outside;
	struct ct_claim_writer w;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool has_id(const char *const *ids, size_t n, const char *id)
{
	return n && bsearch(&id, ids, n, sizeof *ids, cmp_str) != NULL;
}

void ct_rematch_plan_free(struct ct_rematch_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_groups; i++) {
		free(p->groups[i].rematch);
		free(p->groups[i].ids);
		free(p->groups[i].retire);
	}
	for (size_t i = 0; i < p->n_changes; i++) {
		free((char *)p->changes[i].id);
		free((char *)p->changes[i].fingerprint);
	}
	free(p->groups);
	free(p->docs);
	free(p->changes);
	free(p->change_of);
	ct_claim_writer_release(&p->w);
	free(p);
}

size_t ct_rematch_plan_n_documents(const struct ct_rematch_plan *p)
{
	return p->n_docs;
}

int64_t ct_rematch_plan_document(const struct ct_rematch_plan *p, size_t i)
{
	return i < p->n_docs ? p->docs[i].id : 0;
}

bool ct_rematch_plan_needs_text(const struct ct_rematch_plan *p, size_t i)
{
	return i < p->n_docs && p->groups[p->docs[i].group].needs_text;
}

bool ct_rematch_plan_has_text(const struct ct_rematch_plan *p, size_t i)
{
	return i < p->n_docs && p->docs[i].has_text;
}

bool ct_rematch_plan_wants(const struct ct_rematch_plan *p, size_t i,
			   const struct ct_proposition *prop)
{
	size_t k;

	if (i >= p->n_docs || !prop)
		return false;
	k = ct_ruleset_proposition_index(p->rs, prop);
	return k < ct_ruleset_n_propositions(p->rs) && p->groups[p->docs[i].group].rematch[k];
}

size_t ct_rematch_plan_n_changes(const struct ct_rematch_plan *p)
{
	return p->n_changes;
}

const struct ct_rematch_change *ct_rematch_plan_change(const struct ct_rematch_plan *p, size_t i)
{
	return i < p->n_changes ? &p->changes[i] : NULL;
}

size_t ct_rematch_plan_n_outside(const struct ct_rematch_plan *p)
{
	return p->n_outside;
}

/* ---- stored rule sets ---- */

static void members_release(struct member *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].id);
		free(m[i].fingerprint);
	}
	free(m);
}

static int cmp_member(const void *a, const void *b)
{
	return strcmp((*(const struct member *const *)a)->id, (*(const struct member *const *)b)->id);
}

static int cmp_member_key(const void *key, const void *b)
{
	return strcmp(*(const char *const *)key, (*(const struct member *const *)b)->id);
}

/* The n members in bytewise order of their ids, for find_member(); malloc'd
 * (NULL: out of memory). The rows come in the database's collation, which
 * need not be bytewise. */
static const struct member **members_by_id(const struct member *m, size_t n)
{
	const struct member **v = malloc((n ? n : 1) * sizeof *v);

	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		v[i] = &m[i];
	qsort(v, n, sizeof *v, cmp_member);
	return v;
}

static const struct member *find_member(const struct member *const *by_id, size_t n,
					const char *id)
{
	const struct member *const *hit;

	if (!n)
		return NULL;
	hit = bsearch(&id, by_id, n, sizeof *by_id, cmp_member_key);
	return hit ? *hit : NULL;
}

/* The ids of the rules' propositions, sorted bytewise; malloc'd (borrowed
 * strings; NULL: out of memory). */
static const char **rule_ids_sorted(const struct ct_ruleset *rs)
{
	size_t n = ct_ruleset_n_propositions(rs);
	const char **v = malloc((n ? n : 1) * sizeof *v);

	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		v[i] = ct_ruleset_proposition(rs, i)->id;
	qsort(v, n, sizeof *v, cmp_str);
	return v;
}

/* The proposition versions of rule set `id` (none for 0); *out malloc'd. */
static int load_members(struct ct_store *s, int64_t id, struct member **out, size_t *n_out)
{
	static const char sql[] =
		"SELECT p.pk, p.id, p.rev, p.fingerprint FROM rule_set_propositions r "
		"JOIN propositions p ON p.pk = r.proposition_pk WHERE r.rule_set_id = ?1 ORDER BY p.id";
	struct member *m = NULL;
	size_t n = 0, cap = 0;
	struct db_stmt *st;
	int rc;

	*out = NULL;
	*n_out = 0;
	if (!id)
		return CT_OK;
	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (!CT_VEC_RESERVE(m, cap, n + 1))
			goto nomem;
		m[n].pk = db_column_int64(st, 0);
		m[n].id = strdup(db_column_text(st, 1));
		m[n].rev = db_column_int(st, 2);
		m[n].fingerprint = strdup(db_column_text(st, 3));
		n++;
		if (!m[n - 1].id || !m[n - 1].fingerprint)
			goto nomem;
	}
	if (rc != DB_DONE) {
		rc = ct_store_dbfail(s, NULL);
		db_finalize(st);
		members_release(m, n);
		return rc;
	}
	db_finalize(st);
	*out = m;
	*n_out = n;
	return CT_OK;
nomem:
	db_finalize(st);
	members_release(m, n);
	return ct_store_fail(s, CT_ENOMEM, "out of memory");
}

/*
 * The rule sets the documents hold (0 for documents without one), each with
 * its count of documents, but for rule set `skip` (0: none skipped). Skipping
 * the rule set an ingest has just written with leaves the count of the
 * documents matched with other rules, which costs what those are, not what
 * the whole archive is: every rule set is probed through
 * documents_by_rule_set, and only the others are counted.
 */
static int rule_sets_in_use(struct ct_store *s, int64_t skip, int64_t **out, size_t **counts,
			    size_t *n_out)
{
	struct db_stmt *st;
	int64_t *v = NULL;
	size_t *c = NULL, n = 0, cap = 0, cap_c = 0;
	int rc;

	if ((rc = ct_store_prepare(s, "SELECT r.id, (SELECT count(*) FROM documents d "
				   "WHERE d.rule_set_id = r.id) FROM rule_sets r "
				   "WHERE r.id <> ? AND EXISTS (SELECT 1 FROM documents d "
				   "WHERE d.rule_set_id = r.id) "
				   "UNION ALL SELECT 0, count(*) FROM documents "
				   "WHERE rule_set_id IS NULL HAVING count(*) > 0 ORDER BY 1", &st)) != CT_OK)
		return rc;
	if (db_bind_int64(st, 1, skip) != DB_OK) {
		db_finalize(st);
		return ct_store_dbfail(s, NULL);
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if (!CT_VEC_RESERVE(v, cap, n + 1) || !CT_VEC_RESERVE(c, cap_c, n + 1)) {
			db_finalize(st);
			free(v);
			free(c);
			return ct_store_fail(s, CT_ENOMEM, "out of memory");
		}
		v[n] = db_column_int64(st, 0);
		c[n++] = (size_t)db_column_int64(st, 1);
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
	if (rc != CT_OK) {
		free(v);
		free(c);
		return rc;
	}
	*out = v;
	*counts = c;
	*n_out = n;
	return CT_OK;
}

/* ---- the plan ---- */

/* The change of proposition id, added when new; SIZE_MAX when out of memory. */
static size_t change_for(struct ct_rematch_plan *p, const char *id, int rev,
			 const char *fingerprint, enum ct_rematch_kind kind)
{
	struct ct_rematch_change *c;

	for (size_t i = 0; i < p->n_changes; i++) {
		if (strcmp(p->changes[i].id, id) != 0)
			continue;
		if (kind == CT_REMATCH_CHANGED)
			p->changes[i].kind = kind;
		return i;
	}
	if (!CT_VEC_RESERVE(p->changes, p->cap_changes, p->n_changes + 1))
		return SIZE_MAX;
	c = &p->changes[p->n_changes];
	memset(c, 0, sizeof *c);
	c->id = strdup(id);
	c->fingerprint = strdup(fingerprint);
	c->rev = rev;
	c->kind = kind;
	if (!c->id || !c->fingerprint) {
		free((char *)c->id);
		free((char *)c->fingerprint);
		return SIZE_MAX;
	}
	return p->n_changes++;
}

static bool wanted(const struct ct_rematch_options *o, const char *id)
{
	if (!o || !o->n_propositions)
		return true;
	for (size_t i = 0; i < o->n_propositions; i++)
		if (strcmp(o->propositions[i], id) == 0)
			return true;
	return false;
}

/*
 * Works out what the documents of rule set `from` need: the rule set they
 * are to have (the rules' version of every proposition asked for, their
 * own of the others) and the propositions to match or retire. Adds the
 * group to the plan unless nothing differs (*added false).
 */
static int plan_group(struct ct_store *s, struct ct_rematch_plan *p,
		      const struct ct_rematch_options *o, int64_t from, bool *added)
{
	size_t n_props = ct_ruleset_n_propositions(p->rs), n_m = 0, n_t = 0;
	struct member *m = NULL;
	const struct member **by_id = NULL;
	const char **rule_ids = NULL;
	struct group g = { .from = from };
	int64_t *target = NULL;
	int rc;

	*added = false;
	if ((rc = load_members(s, from, &m, &n_m)) != CT_OK)
		return rc;
	by_id = members_by_id(m, n_m);
	rule_ids = rule_ids_sorted(p->rs);
	g.rematch = calloc(n_props ? n_props : 1, sizeof *g.rematch);
	target = calloc(n_props + n_m + 1, sizeof *target);
	g.ids = calloc(n_props + n_m + 1, sizeof *g.ids);
	g.retire = calloc(n_m + 1, sizeof *g.retire);
	if (!by_id || !rule_ids || !g.rematch || !target || !g.ids || !g.retire)
		goto nomem;
	for (size_t i = 0; i < n_props; i++) {
		const struct ct_proposition *pr = ct_ruleset_proposition(p->rs, i);
		const struct member *had = find_member(by_id, n_m, pr->id);
		if (!wanted(o, pr->id)) {
			if (had)
				target[n_t++] = had->pk;
			continue;
		}
		target[n_t++] = s->prop_pk[i];
		if (had && had->pk == s->prop_pk[i])
			continue;
		g.rematch[i] = true;
		g.ids[g.n_ids++] = pr->id;
		g.needs_text = true;
		if ((p->change_of[i] = change_for(p, pr->id, pr->rev, pr->fingerprint,
						  had ? CT_REMATCH_CHANGED : CT_REMATCH_NEW)) == SIZE_MAX)
			goto nomem;
	}
	for (size_t i = 0; i < n_m; i++) {
		if (has_id(rule_ids, n_props, m[i].id))
			continue;
		if (!wanted(o, m[i].id)) {
			target[n_t++] = m[i].pk;
			continue;
		}
		if ((g.retire[g.n_retire] = change_for(p, m[i].id, m[i].rev, m[i].fingerprint,
						       CT_REMATCH_REMOVED)) == SIZE_MAX)
			goto nomem;
		g.ids[g.n_ids++] = p->changes[g.retire[g.n_retire++]].id;
	}
	if (g.n_ids == 0)
		goto out;
	qsort(g.ids, g.n_ids, sizeof *g.ids, cmp_str);
	if ((rc = ct_store_rule_set_id(s, target, n_t, &g.to)) != CT_OK)
		goto out;
	if (!CT_VEC_RESERVE(p->groups, p->cap_groups, p->n_groups + 1))
		goto nomem;
	p->groups[p->n_groups++] = g;
	memset(&g, 0, sizeof g);
	*added = true;
	goto out;
nomem:
	rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
out:
	free(g.rematch);
	free(g.ids);
	free(g.retire);
	free(target);
	free(by_id);
	free(rule_ids);
	members_release(m, n_m);
	return rc;
}

/* Adds the documents of group gi (in the period asked for) to the plan. */
static int plan_documents(struct ct_store *s, struct ct_rematch_plan *p, size_t gi,
			  const struct ct_rematch_options *o)
{
	static const char sql[] =
		"SELECT d.id, d.date, EXISTS (SELECT 1 FROM document_texts t "
		"WHERE t.document_id = d.id) FROM documents d WHERE d.rule_set_id IS ?1";
	static const char pg_sql[] =
		"SELECT d.id, d.date, EXISTS (SELECT 1 FROM document_texts t "
		"WHERE t.document_id = d.id) FROM documents d "
		"WHERE d.rule_set_id IS NOT DISTINCT FROM ?1::bigint";
	struct group *g = &p->groups[gi];
	struct db_stmt *st;
	int rc;

	if ((rc = ct_store_prepare(s, CT_SQL(s, sql, pg_sql), &st)) != CT_OK)
		return rc;
	if (g->from)
		db_bind_int64(st, 1, g->from);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *date = db_column_text(st, 1);
		if ((o && o->since && (!date || strcmp(date, o->since) < 0)) ||
		    (o && o->until && (!date || strcmp(date, o->until) > 0))) {
			p->n_outside++;
			continue;
		}
		if (!CT_VEC_RESERVE(p->docs, p->cap_docs, p->n_docs + 1)) {
			db_finalize(st);
			return ct_store_fail(s, CT_ENOMEM, "out of memory");
		}
		p->docs[p->n_docs++] = (struct doc_row){ db_column_int64(st, 0), gi,
							 db_column_int(st, 2) != 0 };
		for (size_t k = 0; k < ct_ruleset_n_propositions(p->rs); k++)
			if (g->rematch[k])
				p->changes[p->change_of[k]].documents++;
		for (size_t k = 0; k < g->n_retire; k++)
			p->changes[g->retire[k]].documents++;
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
	return rc;
}

static int cmp_doc(const void *a, const void *b)
{
	const struct doc_row *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Whether proposition id is in the rules or the store. */
static int known_proposition(struct ct_store *s, const struct ct_ruleset *rs, const char *id,
			     bool *known)
{
	struct db_stmt *st;
	int rc;

	for (size_t i = 0; i < ct_ruleset_n_propositions(rs); i++)
		if (strcmp(ct_ruleset_proposition(rs, i)->id, id) == 0)
			return *known = true, CT_OK;
	if ((rc = ct_store_prepare(s, "SELECT 1 FROM propositions WHERE id = ?1", &st)) != CT_OK)
		return rc;
	db_bind_text(st, 1, id, -1);
	rc = db_step(st);
	*known = rc == DB_ROW;
	rc = rc == DB_ROW || rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
	return rc;
}

static int make_plan(struct ct_store *s, const struct ct_ruleset *rs,
		     const struct ct_rematch_options *o, struct ct_rematch_plan *p)
{
	size_t n_props = ct_ruleset_n_propositions(rs), n_sets = 0, *counts = NULL;
	int64_t *sets = NULL;
	bool known;
	int rc;

	for (size_t i = 0; o && i < o->n_propositions; i++) {
		if ((rc = known_proposition(s, rs, o->propositions[i], &known)) != CT_OK)
			return rc;
		if (!known)
			return ct_store_fail(s, CT_ENOTFOUND, "no proposition '%s' in the rules or "
					     "the database", o->propositions[i]);
	}
	if (!ct_store_is_synced(s, rs) && (rc = ct_store_record_rules(s, rs)) != CT_OK)
		return rc;
	if (!(p->change_of = malloc((n_props ? n_props : 1) * sizeof *p->change_of)))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	for (size_t i = 0; i < n_props; i++)
		p->change_of[i] = SIZE_MAX;
	if ((rc = rule_sets_in_use(s, 0, &sets, &counts, &n_sets)) != CT_OK)
		return rc;
	for (size_t i = 0; i < n_sets && rc == CT_OK; i++) {
		bool added;
		if ((rc = plan_group(s, p, o, sets[i], &added)) == CT_OK && added)
			rc = plan_documents(s, p, p->n_groups - 1, o);
	}
	free(sets);
	free(counts);
	if (rc == CT_OK && p->n_docs)
		qsort(p->docs, p->n_docs, sizeof *p->docs, cmp_doc);
	return rc;
}

int ct_store_rematch_plan(struct ct_store *s, const struct ct_ruleset *rs,
			  const struct ct_rematch_options *o, struct ct_rematch_plan **out)
{
	struct ct_rematch_plan *p;
	bool own_txn;
	int rc;

	if (!s || !rs || !out)
		return s ? ct_store_fail(s, CT_EINVAL, "missing rules") : CT_EINVAL;
	if ((rc = ct_store_check_writable(s)) != CT_OK)
		return rc;
	if (o && ((o->since && !ct_date_valid(o->since)) || (o->until && !ct_date_valid(o->until))))
		return ct_store_fail(s, CT_EINVAL, "a date is not YYYY-MM-DD");
	if (!(p = calloc(1, sizeof *p)))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	p->rs = rs;
	p->w.rs = rs;
	if ((rc = ct_store_txn_begin(s, &own_txn)) != CT_OK) {
		free(p);
		return rc;
	}
	rc = make_plan(s, rs, o, p);
	if (rc == CT_OK && own_txn)
		rc = ct_store_run_plain(s, ST_COMMIT);
	if (rc != CT_OK) {
		ct_store_txn_rollback(s);
		s->synced = NULL;
		ct_rematch_plan_free(p);
		return rc;
	}
	ct_store_set_synced(s, rs);
	*out = p;
	return CT_OK;
}

/* ---- one document ---- */

/* A claim stored before, in claims or (rejected by a reviewer) retired_claims. */
struct old_claim {
	int64_t id;
	const char *proposition;    /* borrowed from the group's ids */
	size_t start, end;
	bool supports;              /* what the rules said (not a review) */
	bool rejected;              /* in retired_claims */
	bool found;
};

/* The claims of the group's propositions in document id (the machine's
 * stance under a review of it). */
static int load_old(struct ct_store *s, const struct group *g, int64_t id,
		    struct old_claim **out, size_t *n_out)
{
	static const char sql[] =
		"SELECT c.id, c.proposition, c.sentence_start, c.sentence_end, "
		"coalesce((SELECT r.machine_value FROM reviews r WHERE r.document_id = c.document_id "
		"AND r.proposition = c.proposition AND r.sentence_start = c.sentence_start AND "
		"r.sentence_end = c.sentence_end AND r.field = 'stance' AND r.undone_at IS NULL "
		"ORDER BY r.id DESC LIMIT 1), c.stance), c.rejected FROM "
		"(SELECT id, document_id, proposition, sentence_start, sentence_end, stance, "
		"0 AS rejected FROM claims WHERE document_id = ?1 UNION ALL "
		"SELECT id, document_id, proposition, sentence_start, sentence_end, stance, 1 "
		"FROM retired_claims WHERE document_id = ?1 AND reason = 'rejected') c ORDER BY c.id";
	struct old_claim *v = NULL;
	size_t n = 0, cap = 0;
	struct db_stmt *st;
	int rc;

	if ((rc = ct_store_prepare_kept(s, sql, &st)) != CT_OK)
		return rc;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *prop = db_column_text(st, 1);
		const char **key = prop ? bsearch(&prop, g->ids, g->n_ids, sizeof *g->ids, cmp_str)
					: NULL;
		const char *stance = db_column_text(st, 4);
		if (!key)
			continue;
		if (!CT_VEC_RESERVE(v, cap, n + 1)) {
			ct_store_unprepare(s, st);
			free(v);
			return ct_store_fail(s, CT_ENOMEM, "out of memory");
		}
		v[n++] = (struct old_claim){
			.id = db_column_int64(st, 0), .proposition = *key,
			.start = (size_t)db_column_int64(st, 2),
			.end = (size_t)db_column_int64(st, 3),
			.supports = stance && strcmp(stance, "supports") == 0,
			.rejected = db_column_int(st, 5) != 0,
		};
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	ct_store_unprepare(s, st);
	if (rc != CT_OK) {
		free(v);
		return rc;
	}
	*out = v;
	*n_out = n;
	return CT_OK;
}

/* Runs a statement with up to three parameters (an integer, a text, an
 * integer); sql is a string constant (ct_store_prepare_kept()). */
static int exec3(struct ct_store *s, const char *sql, int64_t a, const char *b, int64_t c,
		 size_t *changes)
{
	struct db_stmt *st;
	int rc;

	if ((rc = ct_store_prepare_kept(s, sql, &st)) != CT_OK)
		return rc;
	db_bind_int64(st, 1, a);
	if (db_bind_parameter_count(st) >= 2)
		db_bind_text(st, 2, b, -1);
	if (db_bind_parameter_count(st) >= 3)
		db_bind_int64(st, 3, c);
	rc = db_step(st);
	rc = rc == DB_DONE || rc == DB_ROW ? CT_OK : ct_store_dbfail(s, NULL);
	ct_store_unprepare(s, st);
	if (rc == CT_OK && changes)
		*changes = (size_t)db_changes(s->db);
	return rc;
}

/* The next seq of document id, past its claims and its retired ones. */
static int next_seq(struct ct_store *s, int64_t id, size_t *seq)
{
	struct db_stmt *st;
	int rc;

	static const char sql[] =
		"SELECT max(coalesce((SELECT max(seq) FROM claims WHERE document_id = ?1), 0), "
		"coalesce((SELECT max(seq) FROM retired_claims WHERE document_id = ?1), 0))";
	/* SQLite's max() of two values is PostgreSQL's greatest(). */
	static const char pg_sql[] =
		"SELECT greatest(coalesce((SELECT max(seq) FROM claims WHERE document_id = ?1), 0), "
		"coalesce((SELECT max(seq) FROM retired_claims WHERE document_id = ?1), 0))";

	if ((rc = ct_store_prepare_kept(s, CT_SQL(s, sql, pg_sql), &st)) != CT_OK)
		return rc;
	db_bind_int64(st, 1, id);
	if (db_step(st) == DB_ROW) {
		*seq = (size_t)db_column_int64(st, 0) + 1;
		rc = CT_OK;
	} else {
		rc = ct_store_dbfail(s, NULL);
	}
	ct_store_unprepare(s, st);
	return rc;
}

/* The document's rule set now (0 for none); CT_ENOTFOUND when it is gone. */
static int document_rule_set(struct ct_store *s, int64_t id, int64_t *set)
{
	struct db_stmt *st;
	int rc;

	static const char sql[] = "SELECT coalesce(rule_set_id, 0) FROM documents WHERE id = ?1";

	if ((rc = ct_store_prepare_kept(s, sql, &st)) != CT_OK)
		return rc;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*set = db_column_int64(st, 0);
		rc = CT_OK;
	} else {
		rc = rc == DB_DONE ? ct_store_fail(s, CT_ENOTFOUND, "no document %lld",
						       (long long)id)
				       : ct_store_dbfail(s, NULL);
	}
	ct_store_unprepare(s, st);
	return rc;
}

/* The change counting claims of proposition id. */
static struct ct_rematch_change *change_of_id(struct ct_rematch_plan *p, const char *id)
{
	for (size_t i = 0; i < p->n_changes; i++)
		if (strcmp(p->changes[i].id, id) == 0)
			return &p->changes[i];
	return NULL;
}

struct touched {
	const struct group *g;
};

static bool group_touches(const char *prop, void *u)
{
	const struct touched *t = u;

	return has_id(t->g->ids, t->g->n_ids, prop);
}

static const char set_rule_set_sql[] =
	"UPDATE documents SET rule_set_id = nullif(?3, 0), n_claims = (SELECT count(*) FROM "
	"claims WHERE document_id = ?1) WHERE id = ?1";

static int rematch_document(struct ct_store *s, struct ct_rematch_plan *p, size_t i,
			    const struct ct_doc *doc, const struct ct_doc_claim *claims, size_t n,
			    ct_orphan_review_fn orphan_fn, void *user, bool *done)
{
	const struct group *g = &p->groups[p->docs[i].group];
	int64_t id = p->docs[i].id, set = -1;
	struct old_claim *old = NULL;
	struct touched t = { g };
	size_t n_old = 0, seq = 0;
	int rc;

	/* The writer's speakers are names in the last document. */
	p->w.n_speakers = 0;
	p->w.n_props = 0;
	if ((rc = document_rule_set(s, id, &set)) != CT_OK)
		return rc;
	if (set != g->from)
		return CT_OK;       /* done meanwhile, or changed by another run */
	for (size_t k = 0; k < g->n_retire; k++) {
		struct ct_rematch_change *c = &p->changes[g->retire[k]];
		size_t n_retired = 0;
		if ((rc = ct_store_retire_proposition(s, id, c->id, &n_retired)) != CT_OK)
			return rc;
		c->retired += n_retired;
	}
	if (g->needs_text) {
		if (!doc)
			return ct_store_fail(s, CT_EINVAL, "document %lld: its text is needed",
					     (long long)id);
		if ((rc = load_old(s, g, id, &old, &n_old)) != CT_OK ||
		    (rc = next_seq(s, id, &seq)) != CT_OK)
			goto out;
	}
	for (size_t k = 0; g->needs_text && k < n; k++) {
		const struct ct_doc_claim *dc = &claims[k];
		const struct ct_claim *c = &dc->claim;
		struct ct_rematch_change *ch;
		struct old_claim *o = NULL;
		if (!ct_rematch_plan_wants(p, i, c->proposition))
			continue;
		ch = &p->changes[p->change_of[ct_ruleset_proposition_index(p->rs, c->proposition)]];
		for (size_t j = 0; j < n_old && !o; j++)
			if (!old[j].found && old[j].start == c->sentence_start &&
			    old[j].end == c->sentence_end &&
			    strcmp(old[j].proposition, c->proposition->id) == 0)
				o = &old[j];
		if (o) {
			o->found = true;
			rc = ct_store_write_claim(s, &p->w, o->rejected ? ST_UPDATE_RETIRED_CLAIM
								      : ST_UPDATE_CLAIM,
						  o->id, doc, id, dc, 0);
			if (!o->rejected) {
				ch->found_again++;
				ch->changed_stance += o->supports != (c->stance == CT_SUPPORTS);
			}
		} else {
			rc = ct_store_write_claim(s, &p->w, ST_INSERT_CLAIM, 0, doc, id, dc, seq++);
			ch->added++;
		}
		if (rc != CT_OK)
			goto out;
	}
	/* The claims the new version no longer finds. A rejected one stays
	 * where the reviewer put it. */
	for (size_t j = 0; j < n_old; j++) {
		if (old[j].found || old[j].rejected)
			continue;
		if ((rc = ct_store_retire_claim(s, old[j].id, "replaced")) != CT_OK)
			goto out;
		change_of_id(p, old[j].proposition)->retired++;
	}
	if ((rc = ct_store_reapply_reviews(s, id, group_touches, &t, orphan_fn, user)) != CT_OK)
		goto out;
	rc = exec3(s, set_rule_set_sql, id, NULL, g->to, NULL);
	if (rc == CT_OK)
		*done = true;
out:
	free(old);
	return rc;
}

int ct_store_rematch_document(struct ct_store *s, struct ct_rematch_plan *p, size_t i,
			      const struct ct_doc *doc, const struct ct_attribution *a,
			      const struct ct_doc_claim *claims, size_t n,
			      ct_orphan_review_fn orphan_fn, void *user, bool *done)
{
	struct ct_rematch_change *saved = NULL;
	bool own_txn, did = false;
	int rc;

	(void)a;
	if (!s || !p || !done || (n && !claims))
		return s ? ct_store_fail(s, CT_EINVAL, "missing plan or claims") : CT_EINVAL;
	if (i >= p->n_docs)
		return ct_store_fail(s, CT_EINVAL, "no document %zu in the plan", i);
	if ((rc = ct_store_check_writable(s)) != CT_OK)
		return rc;
	for (size_t k = 0; k < n; k++)
		if (ct_rematch_plan_wants(p, i, claims[k].claim.proposition) &&
		    (claims[k].claim.sentence_end > (doc ? doc->body_len : 0) ||
		     claims[k].claim.match_end > claims[k].claim.sentence_end))
			return ct_store_fail(s, CT_EINVAL, "claim %zu: offsets outside the body", k + 1);
	/* The counts as they were, for a rollback. */
	if (p->n_changes && !(saved = malloc(p->n_changes * sizeof *saved)))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	if (saved)
		memcpy(saved, p->changes, p->n_changes * sizeof *saved);
	if ((rc = ct_store_txn_begin(s, &own_txn)) != CT_OK)
		goto out;
	rc = rematch_document(s, p, i, doc, claims, n, orphan_fn, user, &did);
	if (rc == CT_OK && own_txn)
		rc = ct_store_run_plain(s, ST_COMMIT);
	if (rc != CT_OK) {
		ct_store_txn_rollback(s);
		if (saved)
			memcpy(p->changes, saved, p->n_changes * sizeof *saved);
		goto out;
	}
	if (did) {
		const struct group *g = &p->groups[p->docs[i].group];
		for (size_t k = 0; k < ct_ruleset_n_propositions(p->rs); k++)
			if (g->rematch[k])
				p->changes[p->change_of[k]].done++;
		for (size_t k = 0; k < g->n_retire; k++)
			p->changes[g->retire[k]].done++;
	}
	*done = did;
out:
	free(saved);
	return rc;
}

/* ---- how the rules differ from the stored claims' ---- */

/* Adds a copy of id to ids (*n of them, room for one more). */
static bool add_copy(char **ids, size_t *n, const char *id)
{
	if (!(ids[*n] = strdup(id)))
		return false;
	(*n)++;
	return true;
}

int ct_store_rules_drift(struct ct_store *s, const struct ct_ruleset *rs,
			 struct ct_rules_drift *out)
{
	size_t n_props, n_sets = 0, *counts = NULL, n_ids = 0;
	struct ct_rules_drift d = { 0, 0 };
	int64_t *sets = NULL, *pks = NULL, same = 0;
	const char **rule_ids = NULL;
	char **ids = NULL;
	bool own_txn;
	int rc = CT_OK;

	if (!s || !rs || !out)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	n_props = ct_ruleset_n_propositions(rs);
	/* One snapshot, while an ingest may write. */
	own_txn = db_autocommit(s->db);
	if (own_txn && db_exec(s->db, "BEGIN") != DB_OK)
		return ct_store_dbfail(s, NULL);
	if (!(pks = calloc(n_props + 1, sizeof *pks)) || !(rule_ids = rule_ids_sorted(rs))) {
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		goto out;
	}
	if (rs == s->synced) {
		/* Recorded by this connection (the ingest just run): the pks
		 * are known, and so is their rule set, whose documents hold
		 * exactly these versions. */
		memcpy(pks, s->prop_pk, n_props * sizeof *pks);
		same = s->rule_set_id;
	} else {
		/* The stored pk of each proposition's version in the rules; 0: none yet. */
		for (size_t i = 0; i < n_props; i++) {
			const struct ct_proposition *pr = ct_ruleset_proposition(rs, i);
			struct binder b = { ct_store_stmt(s, ST_FIND_PROPOSITION), DB_OK };
			if (!b.st) {
				rc = CT_EDB;
				goto out;
			}
			b_text(&b, 1, pr->id);
			b_int(&b, 2, pr->rev);
			b_text(&b, 3, pr->fingerprint);
			if ((rc = ct_store_run(s, &b, &pks[i])) != CT_OK)
				goto out;
		}
	}
	if ((rc = rule_sets_in_use(s, same, &sets, &counts, &n_sets)) != CT_OK)
		goto out;
	for (size_t i = 0; i < n_sets && rc == CT_OK; i++) {
		const struct member **by_id;
		struct member *m;
		size_t n_m, before = n_ids;
		char **grown;
		if (same && sets[i] == same)
			continue;
		if ((rc = load_members(s, sets[i], &m, &n_m)) != CT_OK)
			goto out;
		by_id = members_by_id(m, n_m);
		if (!by_id || !(grown = ct_realloc_array(ids, n_ids + n_props + n_m + 1, sizeof *ids))) {
			free(by_id);
			members_release(m, n_m);
			rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
			goto out;
		}
		ids = grown;
		for (size_t k = 0; k < n_props && rc == CT_OK; k++) {
			const struct ct_proposition *pr = ct_ruleset_proposition(rs, k);
			const struct member *had = find_member(by_id, n_m, pr->id);
			if ((!had || had->pk != pks[k]) && !add_copy(ids, &n_ids, pr->id))
				rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		}
		for (size_t k = 0; k < n_m && rc == CT_OK; k++)
			if (!has_id(rule_ids, n_props, m[k].id) && !add_copy(ids, &n_ids, m[k].id))
				rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		if (n_ids > before)
			d.documents += counts[i];
		free(by_id);
		members_release(m, n_m);
	}
	if (rc == CT_OK && n_ids) {
		qsort(ids, n_ids, sizeof *ids, cmp_str);
		d.propositions = 1;
		for (size_t i = 1; i < n_ids; i++)
			d.propositions += strcmp(ids[i], ids[i - 1]) != 0;
	}
out:
	if (own_txn && !db_autocommit(s->db))
		db_exec(s->db, "COMMIT");
	for (size_t i = 0; i < n_ids; i++)
		free(ids[i]);
	free(ids);
	free(sets);
	free(counts);
	free(pks);
	free(rule_ids);
	if (rc == CT_OK)
		*out = d;
	return rc;
}
