/* Reading the store: claims with filters, listings with counts, stats. */
#include "claimtrack/store.h"
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *col_text(struct db_stmt *st, int i)
{
	return db_column_text(st, i);
}

static size_t col_size(struct db_stmt *st, int i)
{
	int64_t v = db_column_int64(st, i);
	return v > 0 ? (size_t)v : 0;
}

static enum ct_stance stance_of(const char *s)
{
	if (s && strcmp(s, "supports") == 0)
		return CT_SUPPORTS;
	if (s && strcmp(s, "refutes") == 0)
		return CT_REFUTES;
	return CT_STANCE_NONE;
}

/*
 * Steps a prepared statement to the end, calling row(st, user) for each
 * row; a non-zero return from row stops with CT_EABORT. Finalizes st.
 */
static int each_row(struct ct_store *s, struct db_stmt *st,
		    int (*row)(struct db_stmt *st, void *ctx), void *ctx)
{
	int rc;

	while ((rc = db_step(st)) == DB_ROW) {
		if (row(st, ctx)) {
			db_finalize(st);
			return CT_EABORT;
		}
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
	return rc;
}

/* ---- claims ---- */

static const char claims_select[] =
	"SELECT c.id, c.proposition, p.title, p.fingerprint, p.rev, c.stance, c.hedged, "
	"c.negated, c.denied, c.sentence, c.match, c.sentence_start, c.sentence_end, "
	"c.match_start, c.match_end, c.negation_cue, c.denial_cue, c.hedge_cue, sp.name, "
	"c.mention, c.role, c.quote_kind, c.cue, c.speaker_kind, v.name, o.name, c.date, "
	"c.statement_date, c.rule_file, c.pattern, c.rule_line, c.polarity, d.id, d.url, "
	"d.title, d.source, c.framing, c.reviewed, d.copy_of, "
	"EXISTS (SELECT 1 FROM documents x WHERE x.copy_of = d.id) "
	"FROM claims c "
	"JOIN propositions p ON p.pk = c.proposition_pk "
	"JOIN documents d ON d.id = c.document_id "
	"LEFT JOIN speakers sp ON sp.id = c.speaker_id "
	"LEFT JOIN outlets v ON v.id = c.via_outlet_id "
	"LEFT JOIN outlets o ON o.id = d.outlet_id "
	"WHERE 1 = 1";

/* Filter clauses, each added only when its field is set; values are bound. */
static const char *const claims_where[] = {
	" AND c.proposition = :proposition",
	" AND c.speaker_id IN (SELECT id FROM speakers WHERE name = :speaker "
	"UNION SELECT speaker_id FROM speaker_aliases WHERE alias = :speaker)",
	" AND d.outlet_id IN (SELECT id FROM outlets WHERE name = :outlet "
	"UNION SELECT outlet_id FROM outlet_aliases WHERE alias = :outlet)",
	" AND c.stance = :stance",
	" AND c.date >= :since",
	" AND c.date <= :until",
	" AND c.document_id = :document",
	" AND c.id = :claim",
	" AND c.reviewed = 1",
	" AND c.reviewed = 0",
	CT_SQL_ONCE_PER_STORY,
};

static const char claims_order[] = " ORDER BY c.date, c.document_id, c.seq";
/* PostgreSQL sorts NULL highest, SQLite lowest: the order says which. */
static const char claims_order_pg[] = " ORDER BY c.date NULLS FIRST, c.document_id, c.seq";

struct claims_ctx {
	ct_stored_claim_fn fn;
	void *user;
};

static int claim_row(struct db_stmt *st, void *ctx)
{
	struct claims_ctx *cc = ctx;
	struct ct_stored_claim c;
	int i = 0;

	memset(&c, 0, sizeof c);
	c.id = db_column_int64(st, i++);
	c.proposition = col_text(st, i++);
	c.title = col_text(st, i++);
	c.fingerprint = col_text(st, i++);
	c.rev = db_column_int(st, i++);
	c.stance = stance_of(col_text(st, i++));
	c.hedged = db_column_int(st, i++) != 0;
	c.negated = db_column_int(st, i++) != 0;
	c.denied = db_column_int(st, i++) != 0;
	c.sentence = col_text(st, i++);
	c.match = col_text(st, i++);
	c.sentence_start = col_size(st, i++);
	c.sentence_end = col_size(st, i++);
	c.match_start = col_size(st, i++);
	c.match_end = col_size(st, i++);
	c.negation_cue = col_text(st, i++);
	c.denial_cue = col_text(st, i++);
	c.hedge_cue = col_text(st, i++);
	c.speaker = col_text(st, i++);
	c.mention = col_text(st, i++);
	c.role = col_text(st, i++);
	c.quote_kind = col_text(st, i++);
	c.cue = col_text(st, i++);
	c.speaker_kind = ct_speaker_kind_from_name(col_text(st, i++));
	c.via = col_text(st, i++);
	c.outlet = col_text(st, i++);
	c.date = col_text(st, i++);
	c.statement_date = col_text(st, i++);
	c.rule_file = col_text(st, i++);
	c.pattern = col_text(st, i++);
	c.rule_line = db_column_int(st, i++);
	c.polarity = stance_of(col_text(st, i++));
	c.document_id = db_column_int64(st, i++);
	c.document_url = col_text(st, i++);
	c.document_title = col_text(st, i++);
	c.document_source = col_text(st, i++);
	c.framing = col_text(st, i++);
	c.reviewed = db_column_int(st, i++) != 0;
	c.copy_of = db_column_int64(st, i++);
	c.has_copies = db_column_int(st, i++) != 0;
	return cc->fn(&c, cc->user);
}

/* Appends s to buf (size bytes, *len used), truncating; the SQL pieces
 * are constants sized so that all of them fit. */
static void append(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (n >= size - *len)
		n = size - *len - 1;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
}

static int bind_named_text(struct db_stmt *st, const char *name, const char *v)
{
	int i = db_bind_parameter_index(st, name);
	return i ? db_bind_text_copy(st, i, v, -1) : DB_OK;
}

int ct_store_claims(struct ct_store *s, const struct ct_claim_filter *f,
		    ct_stored_claim_fn fn, void *user)
{
	static const struct ct_claim_filter none;
	char sql[sizeof claims_select + 1024 + sizeof CT_SQL_ONCE_PER_STORY + sizeof claims_order_pg];
	struct claims_ctx cc = { fn, user };
	const char *values[11];
	struct db_stmt *st;
	size_t len = 0;
	int rc = DB_OK;

	if (!s || !fn)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if (!f)
		f = &none;
	if ((f->since && !ct_date_valid(f->since)) || (f->until && !ct_date_valid(f->until)))
		return ct_store_fail(s, CT_EINVAL, "a date is not YYYY-MM-DD");
	values[0] = f->proposition;
	values[1] = f->speaker;
	values[2] = f->outlet;
	values[3] = f->stance == CT_STANCE_NONE ? NULL : ct_stance_name(f->stance);
	values[4] = f->since;
	values[5] = f->until;
	values[6] = f->document_id ? "" : NULL;
	values[7] = f->claim_id ? "" : NULL;
	values[8] = f->reviewed > 0 ? "" : NULL;
	values[9] = f->reviewed < 0 ? "" : NULL;
	values[10] = f->once_per_story ? "" : NULL;
	append(sql, sizeof sql, &len, claims_select);
	for (size_t i = 0; i < 11; i++)
		if (values[i])
			append(sql, sizeof sql, &len, claims_where[i]);
	append(sql, sizeof sql, &len, CT_SQL(s, claims_order, claims_order_pg));
	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	rc = DB_OK;
	rc = rc ? rc : bind_named_text(st, ":proposition", f->proposition);
	rc = rc ? rc : bind_named_text(st, ":speaker", f->speaker);
	rc = rc ? rc : bind_named_text(st, ":outlet", f->outlet);
	rc = rc ? rc : bind_named_text(st, ":stance", values[3]);
	rc = rc ? rc : bind_named_text(st, ":since", f->since);
	rc = rc ? rc : bind_named_text(st, ":until", f->until);
	if (!rc && f->document_id)
		rc = db_bind_int64(st, db_bind_parameter_index(st, ":document"),
					(int64_t)f->document_id);
	if (!rc && f->claim_id)
		rc = db_bind_int64(st, db_bind_parameter_index(st, ":claim"),
					(int64_t)f->claim_id);
	if (rc != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
		db_finalize(st);
		return rc;
	}
	return each_row(s, st, claim_row, &cc);
}

/* ---- the record of a claim ---- */

/*
 * One side of the record, newest first. The claim's own date decides: when
 * it was said if the text says, else when it was published; undated claims
 * come last (SQLite sorts NULL lowest). Written so that the index
 * claims_by_stance (db/003) serves both the filter and the order, and a
 * LIMIT stops the walk: the cost does not grow with the claims stored.
 */
static const char record_side[] =
	" AND c.proposition = ?1 AND c.stance = ?2 AND c.document_id <> ?3" CT_SQL_ONCE_PER_STORY
	" ORDER BY coalesce(c.statement_date, c.date) DESC, c.id DESC LIMIT ?4";
static const char record_side_pg[] =
	" AND c.proposition = ?1 AND c.stance = ?2 AND c.document_id <> ?3" CT_SQL_ONCE_PER_STORY
	" ORDER BY coalesce(c.statement_date, c.date) DESC NULLS LAST, c.id DESC LIMIT ?4";

/* Counts per stance: all claims on the proposition (a covering scan of
 * claims_by_stance), less those of the excluded document (found through
 * its own index; the + keeps the planner off claims_by_stance). */
static const char record_totals[] =
	"SELECT c.stance, count(*) FROM claims c WHERE c.proposition = ?1" CT_SQL_ONCE_PER_STORY
	" GROUP BY c.stance";
static const char record_excluded[] =
	"SELECT c.stance, count(*) FROM claims c "
	"WHERE c.document_id = ?2 AND +c.proposition = ?1" CT_SQL_ONCE_PER_STORY " GROUP BY c.stance";
static const char record_excluded_pg[] =
	"SELECT c.stance, count(*) FROM claims c "
	"WHERE c.document_id = ?2 AND c.proposition = ?1" CT_SQL_ONCE_PER_STORY " GROUP BY c.stance";

/* Lists up to `limit` claims of one stance. */
static int record_list(struct ct_store *s, const struct ct_stance_record_query *q,
		       enum ct_stance stance, ct_stored_claim_fn fn, void *user)
{
	char sql[sizeof claims_select + sizeof record_side_pg];
	struct claims_ctx cc = { fn, user };
	struct db_stmt *st;
	size_t len = 0;
	int rc;

	append(sql, sizeof sql, &len, claims_select);
	append(sql, sizeof sql, &len, CT_SQL(s, record_side, record_side_pg));
	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	if (db_bind_text(st, 1, q->proposition, -1) != DB_OK ||
	    db_bind_text(st, 2, ct_stance_name(stance), -1) != DB_OK ||
	    db_bind_int64(st, 3, (int64_t)q->exclude_document) != DB_OK ||
	    db_bind_int64(st, 4, q->limit > INT64_MAX ? INT64_MAX : (int64_t)q->limit)
	    != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
		db_finalize(st);
		return rc;
	}
	return each_row(s, st, claim_row, &cc);
}

/* Adds (sign 1) or takes away (sign -1) the per-stance counts of `sql`. */
static int record_add_counts(struct ct_store *s, const struct ct_stance_record_query *q,
			     const char *sql, int sign, struct ct_stance_record_totals *t)
{
	struct db_stmt *st;
	int rc;

	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	if (db_bind_text(st, 1, q->proposition, -1) != DB_OK ||
	    (db_bind_parameter_count(st) >= 2 &&
	     db_bind_int64(st, 2, (int64_t)q->exclude_document) != DB_OK)) {
		rc = ct_store_dbfail(s, NULL);
		db_finalize(st);
		return rc;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		size_t n = col_size(st, 1);
		enum ct_stance side = stance_of(col_text(st, 0));
		size_t *count = side == q->stance ? &t->agree
				: side != CT_STANCE_NONE ? &t->contradict : NULL;
		if (count)
			*count = sign > 0 ? *count + n : *count > n ? *count - n : 0;
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
	return rc;
}

static int record_count(struct ct_store *s, const struct ct_stance_record_query *q,
			struct ct_stance_record_totals *out)
{
	struct ct_stance_record_totals t = { 0, 0 };
	int rc = record_add_counts(s, q, record_totals, 1, &t);

	if (rc == CT_OK && q->exclude_document)
		rc = record_add_counts(s, q, CT_SQL(s, record_excluded, record_excluded_pg), -1, &t);
	if (rc == CT_OK)
		*out = t;
	return rc;
}

int ct_store_stance_record(struct ct_store *s, const struct ct_stance_record_query *q,
			   ct_stored_claim_fn fn, void *user,
			   struct ct_stance_record_totals *totals)
{
	struct ct_stance_record_totals t = { 0, 0 };
	enum ct_stance other;
	bool own_txn;
	int rc;

	if (!s)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if (!q || !q->proposition || (q->stance != CT_SUPPORTS && q->stance != CT_REFUTES) ||
	    (q->limit && !fn))
		return ct_store_fail(s, CT_EINVAL, "a record needs a proposition and a stance");
	other = q->stance == CT_SUPPORTS ? CT_REFUTES : CT_SUPPORTS;
	/* One read transaction, so that the totals count what was listed
	 * even while an ingest writes. */
	own_txn = db_autocommit(s->db);
	if (own_txn && db_exec(s->db, "BEGIN") != DB_OK)
		return ct_store_dbfail(s, NULL);
	rc = CT_OK;
	if (q->limit && ((rc = record_list(s, q, q->stance, fn, user)) != CT_OK ||
			 (rc = record_list(s, q, other, fn, user)) != CT_OK))
		goto out;
	if (totals)
		rc = record_count(s, q, &t);
out:
	if (own_txn && !db_autocommit(s->db))
		db_exec(s->db, "COMMIT");
	if (rc == CT_OK && totals)
		*totals = t;
	return rc;
}

/* ---- listings ---- */

/* Reads the counts that end each listing row, starting at column i. */
static void read_counts(struct db_stmt *st, int i, struct ct_store_counts *n)
{
	n->claims = col_size(st, i);
	n->supports = col_size(st, i + 1);
	n->refutes = col_size(st, i + 2);
	n->hedged = col_size(st, i + 3);
	n->documents = col_size(st, i + 4);
	ct_store_copy_date(n->first_date, st, i + 5);
	ct_store_copy_date(n->last_date, st, i + 6);
}

#define COUNTS(c, d) \
	"count(" c ".id), coalesce(sum(CASE WHEN " c ".stance = 'supports' THEN 1 ELSE 0 END), 0), " \
	"coalesce(sum(CASE WHEN " c ".stance = 'refutes' THEN 1 ELSE 0 END), 0), " \
	"coalesce(sum(" c ".hedged), 0), " \
	"count(DISTINCT " d ".id), min(" d ".date), max(" d ".date)"

static const char propositions_sql[] =
	"SELECT p.id, p.title, p.fingerprint, p.tags, p.file, p.rev, p.line, "
	"(SELECT count(*) FROM propositions p2 WHERE p2.id = p.id), "
	"count(DISTINCT c.speaker_id), " COUNTS("c", "d") " "
	"FROM propositions p "
	"LEFT JOIN claims c ON c.proposition = p.id" CT_SQL_ONCE_PER_STORY " "
	"LEFT JOIN documents d ON d.id = c.document_id "
	"WHERE p.pk = (SELECT p3.pk FROM propositions p3 WHERE p3.id = p.id "
	"ORDER BY p3.rev DESC, p3.pk DESC LIMIT 1) "
	"GROUP BY p.pk ORDER BY p.id";

struct list_ctx {
	union {
		ct_store_proposition_fn proposition;
		ct_store_speaker_fn speaker;
		ct_store_outlet_fn outlet;
	} fn;
	void *user;
};

static int proposition_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *lc = ctx;
	struct ct_store_proposition p;

	memset(&p, 0, sizeof p);
	p.id = col_text(st, 0);
	p.title = col_text(st, 1);
	p.fingerprint = col_text(st, 2);
	p.tags = col_text(st, 3);
	p.file = col_text(st, 4);
	p.rev = db_column_int(st, 5);
	p.line = db_column_int(st, 6);
	p.revisions = col_size(st, 7);
	p.speakers = col_size(st, 8);
	read_counts(st, 9, &p.n);
	return lc->fn.proposition(&p, lc->user);
}

/*
 * The listings' filters, bound by name; a NULL value lets everything
 * through, so that one statement serves every combination.
 */
#define CLAIM_IN(c) \
	"(CAST(:proposition AS TEXT) IS NULL OR " c ".proposition = :proposition) " \
	"AND (CAST(:since AS TEXT) IS NULL OR " c ".date >= :since) AND (CAST(:until AS TEXT) IS NULL OR " c ".date <= :until)"

/*
 * An outlet asserting in its own voice (claims of kind narrator) is one
 * row, and the same name quoted as a speaker another (same id): one name
 * can be both, and an outlet's own words are not a person's or an
 * organization's. A row made for the own voice takes the kind its quoted
 * claims give it. Two grouped queries, not one grouped by the voice too:
 * each groups by speaker in the order of the index, without a sort.
 */
#define SPEAKER_COLS(kind) \
	"SELECT s.id, s.name, s.role, s.org, " kind ", s.from_rules, " \
	"(SELECT count(*) FROM speaker_aliases a WHERE a.speaker_id = s.id), " \
	"count(DISTINCT c.proposition), " COUNTS("c", "d") " FROM speakers s "

/* The name sorts without case: a NOCASE collation in SQLite, its type
 * (citext) in PostgreSQL. */
#define SPEAKERS_ORDER "ORDER BY 9 DESC, 2 COLLATE NOCASE, 5"
#define SPEAKERS_ORDER_PG "ORDER BY 9 DESC, 2, 5"

static const char speakers_sql[] =
	SPEAKER_COLS("CASE WHEN s.kind <> 'narrator' THEN s.kind "
		     "ELSE coalesce(max(c.speaker_kind), s.kind) END")
	"LEFT JOIN claims c ON c.speaker_id = s.id AND c.speaker_kind <> 'narrator' AND "
	CLAIM_IN("c") " "
	"LEFT JOIN documents d ON d.id = c.document_id "
	"GROUP BY s.id HAVING count(c.id) > 0 OR (:all <> 0 AND NOT EXISTS (SELECT 1 FROM claims x "
	"WHERE x.speaker_id = s.id AND x.speaker_kind = 'narrator' AND " CLAIM_IN("x") ")) "
	"UNION ALL "
	SPEAKER_COLS("'narrator'")
	"JOIN claims c ON c.speaker_id = s.id AND c.speaker_kind = 'narrator' AND " CLAIM_IN("c") " "
	"LEFT JOIN documents d ON d.id = c.document_id "
	"GROUP BY s.id "
	SPEAKERS_ORDER;
static const char speakers_sql_pg[] =
	SPEAKER_COLS("CASE WHEN s.kind <> 'narrator' THEN s.kind "
		     "ELSE coalesce(max(c.speaker_kind), s.kind) END")
	"LEFT JOIN claims c ON c.speaker_id = s.id AND c.speaker_kind <> 'narrator' AND "
	CLAIM_IN("c") " "
	"LEFT JOIN documents d ON d.id = c.document_id "
	"GROUP BY s.id HAVING count(c.id) > 0 OR (:all <> 0 AND NOT EXISTS (SELECT 1 FROM claims x "
	"WHERE x.speaker_id = s.id AND x.speaker_kind = 'narrator' AND " CLAIM_IN("x") ")) "
	"UNION ALL "
	SPEAKER_COLS("'narrator'")
	"JOIN claims c ON c.speaker_id = s.id AND c.speaker_kind = 'narrator' AND " CLAIM_IN("c") " "
	"LEFT JOIN documents d ON d.id = c.document_id "
	"GROUP BY s.id "
	SPEAKERS_ORDER_PG;

static int speaker_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *lc = ctx;
	struct ct_store_speaker sp;

	memset(&sp, 0, sizeof sp);
	sp.id = db_column_int64(st, 0);
	sp.name = col_text(st, 1);
	sp.role = col_text(st, 2);
	sp.org = col_text(st, 3);
	sp.kind = ct_speaker_kind_from_name(col_text(st, 4));
	sp.from_rules = db_column_int(st, 5) != 0;
	sp.aliases = col_size(st, 6);
	sp.propositions = col_size(st, 7);
	read_counts(st, 8, &sp.n);
	return lc->fn.speaker(&sp, lc->user);
}

/* With a proposition, an outlet's documents are those with a claim on it.
 * The relayed claims' count is written out again in HAVING, where
 * PostgreSQL does not know the result's names. */
#define VIA(v) "(SELECT count(*) FROM claims " v " WHERE " v ".via_outlet_id = o.id AND " \
	CLAIM_IN(v) ")"
static const char outlets_sql[] =
	"SELECT o.id, o.name, o.from_rules, "
	"(SELECT count(*) FROM outlet_aliases a WHERE a.outlet_id = o.id), "
	VIA("v") " AS via, " COUNTS("c", "d") " "
	"FROM outlets o "
	"LEFT JOIN documents d ON d.outlet_id = o.id "
	"AND (CAST(:since AS TEXT) IS NULL OR d.date >= :since) AND (CAST(:until AS TEXT) IS NULL OR d.date <= :until) "
	"AND (CAST(:proposition AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM claims x "
	"WHERE x.document_id = d.id AND x.proposition = :proposition)) "
	"LEFT JOIN claims c ON c.document_id = d.id "
	"AND (CAST(:proposition AS TEXT) IS NULL OR c.proposition = :proposition) "
	"GROUP BY o.id HAVING :all <> 0 OR count(d.id) > 0 OR " VIA("v") " > 0 "
	"ORDER BY count(DISTINCT d.id) DESC, o.name";

static int outlet_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *lc = ctx;
	struct ct_store_outlet o;

	memset(&o, 0, sizeof o);
	o.id = db_column_int64(st, 0);
	o.name = col_text(st, 1);
	o.from_rules = db_column_int(st, 2) != 0;
	o.aliases = col_size(st, 3);
	o.via = col_size(st, 4);
	read_counts(st, 5, &o.n);
	return lc->fn.outlet(&o, lc->user);
}

static int list(struct ct_store *s, const char *sql, int (*row)(struct db_stmt *, void *),
		struct list_ctx *lc, const struct ct_list_filter *f)
{
	static const struct ct_list_filter everything = { .all = true };
	struct db_stmt *st;
	int rc;

	if (!s)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if (!f)
		f = &everything;
	if ((f->since && !ct_date_valid(f->since)) || (f->until && !ct_date_valid(f->until)))
		return ct_store_fail(s, CT_EINVAL, "a date is not YYYY-MM-DD");
	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	rc = bind_named_text(st, ":proposition", f->proposition);
	rc = rc ? rc : bind_named_text(st, ":since", f->since);
	rc = rc ? rc : bind_named_text(st, ":until", f->until);
	if (!rc && db_bind_parameter_index(st, ":all"))
		rc = db_bind_int(st, db_bind_parameter_index(st, ":all"), f->all);
	if (rc != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
		db_finalize(st);
		return rc;
	}
	return each_row(s, st, row, lc);
}

int ct_store_propositions(struct ct_store *s, ct_store_proposition_fn fn, void *user)
{
	struct list_ctx lc = { .fn.proposition = fn, .user = user };

	return fn ? list(s, propositions_sql, proposition_row, &lc, NULL) : CT_EINVAL;
}

int ct_store_speakers(struct ct_store *s, ct_store_speaker_fn fn, void *user)
{
	return ct_store_speakers_in(s, NULL, fn, user);
}

int ct_store_outlets(struct ct_store *s, ct_store_outlet_fn fn, void *user)
{
	return ct_store_outlets_in(s, NULL, fn, user);
}

int ct_store_speakers_in(struct ct_store *s, const struct ct_list_filter *f,
			 ct_store_speaker_fn fn, void *user)
{
	struct list_ctx lc = { .fn.speaker = fn, .user = user };

	return fn ? list(s, CT_SQL(s, speakers_sql, speakers_sql_pg), speaker_row, &lc, f) : CT_EINVAL;
}

int ct_store_outlets_in(struct ct_store *s, const struct ct_list_filter *f,
			ct_store_outlet_fn fn, void *user)
{
	struct list_ctx lc = { .fn.outlet = fn, .user = user };

	return fn ? list(s, outlets_sql, outlet_row, &lc, f) : CT_EINVAL;
}

/* ---- names a user typed ---- */

/* Each name and alias of the table with its row's id and canonical name,
 * grouped by row (names are unique regardless of case). */
static const char *const name_sql[] = {
	[CT_NAME_SPEAKER] =
	"SELECT s.id, s.name, s.name FROM speakers s UNION ALL "
	"SELECT s.id, s.name, a.alias FROM speaker_aliases a JOIN speakers s ON s.id = a.speaker_id "
	"ORDER BY 2 COLLATE NOCASE, 1",
	[CT_NAME_OUTLET] =
	"SELECT o.id, o.name, o.name FROM outlets o UNION ALL "
	"SELECT o.id, o.name, a.alias FROM outlet_aliases a JOIN outlets o ON o.id = a.outlet_id "
	"ORDER BY 2 COLLATE NOCASE, 1",
};

static const char *const name_sql_pg[] = {
	[CT_NAME_SPEAKER] =
	"SELECT s.id, s.name, s.name FROM speakers s UNION ALL "
	"SELECT s.id, s.name, a.alias FROM speaker_aliases a JOIN speakers s ON s.id = a.speaker_id "
	"ORDER BY 2, 1",
	[CT_NAME_OUTLET] =
	"SELECT o.id, o.name, o.name FROM outlets o UNION ALL "
	"SELECT o.id, o.name, a.alias FROM outlet_aliases a JOIN outlets o ON o.id = a.outlet_id "
	"ORDER BY 2, 1",
};

/* Names longer than this are not compared for spelling (the hint). */
#define SPELL_MAX 64
#define CLOSEST 3

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 'a' - 'A') : c;
}

static bool same_ci(const char *a, size_t na, const char *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return false;
	return true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The last word of s[0, n): after its last blank. */
static const char *last_word(const char *s, size_t n, size_t *len)
{
	size_t i = n;

	while (i > 0 && !is_blank(s[i - 1]))
		i--;
	*len = n - i;
	return s + i;
}

/* Edit distance of two short strings, ASCII case ignored; SIZE_MAX when
 * either is longer than SPELL_MAX. */
static size_t distance(const char *a, size_t na, const char *b, size_t nb)
{
	size_t row[SPELL_MAX + 1], i, j;

	if (na > SPELL_MAX || nb > SPELL_MAX)
		return SIZE_MAX;
	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t best = diag + (lower((unsigned char)a[i - 1]) !=
					      lower((unsigned char)b[j - 1]));
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

/* How well one name or alias matches the query: a CT_NAME_* level, or
 * CT_NAME_NONE; *spell is its spelling distance: to the whole name, or to
 * the nearest of its words. */
static enum ct_name_match match_label(const char *q, size_t nq, const char *label, bool canonical,
				      size_t *spell)
{
	size_t n = strlen(label), nw;
	const char *w;

	while (n > 0 && is_blank(label[n - 1]))
		n--;
	w = last_word(label, n, &nw);
	*spell = distance(q, nq, label, n);
	for (size_t i = 0; i < n;) {
		size_t j = i, d;
		while (j < n && !is_blank(label[j]))
			j++;
		if (j > i && (d = distance(q, nq, label + i, j - i)) < *spell)
			*spell = d;
		i = j + 1;
	}
	if (same_ci(q, nq, label, n))
		return canonical ? CT_NAME_CANONICAL : CT_NAME_ALIAS;
	if (nw < n && same_ci(q, nq, w, nw))
		return CT_NAME_SURNAME;
	if (nq < n && same_ci(q, nq, label, nq))
		return CT_NAME_PREFIX;
	return CT_NAME_NONE;
}

/* What the lookup keeps while it reads the rows. */
struct lookup {
	const char *q;
	size_t nq;
	enum ct_name_match best;        /* best level so far; NONE: none */
	size_t n;                       /* rows at that level */
	char *names[CT_NAME_LISTED];    /* their names, the first listed */
	size_t n_names;
	char *close[CLOSEST];           /* closest by spelling, nearest first */
	size_t close_d[CLOSEST], n_close;
	bool nomem;
};

/* Takes one row (its best level and spelling distance) into the lookup. */
static void lookup_row(struct lookup *lk, const char *name, enum ct_name_match how, size_t spell)
{
	/* Close enough to suggest: a third of the letters wrong, at least one. */
	size_t near = lk->nq / 3 > 1 ? lk->nq / 3 : 1;

	if (how != CT_NAME_NONE && (lk->best == CT_NAME_NONE || how < lk->best)) {
		for (size_t i = 0; i < lk->n_names; i++)
			free(lk->names[i]);
		lk->n_names = lk->n = 0;
		lk->best = how;
	}
	if (how != CT_NAME_NONE && how == lk->best) {
		lk->n++;
		if (lk->n_names < CT_NAME_LISTED) {
			char *copy = strdup(name);
			if (!copy)
				lk->nomem = true;
			else
				lk->names[lk->n_names++] = copy;
		}
	}
	if (spell <= near && (lk->n_close < CLOSEST || spell < lk->close_d[CLOSEST - 1])) {
		char *copy = strdup(name);
		size_t i;
		if (!copy) {
			lk->nomem = true;
			return;
		}
		if (lk->n_close == CLOSEST)
			free(lk->close[--lk->n_close]);
		for (i = lk->n_close; i > 0 && lk->close_d[i - 1] > spell; i--) {
			lk->close[i] = lk->close[i - 1];
			lk->close_d[i] = lk->close_d[i - 1];
		}
		lk->close[i] = copy;
		lk->close_d[i] = spell;
		lk->n_close++;
	}
}

static void lookup_free(struct lookup *lk)
{
	for (size_t i = 0; i < lk->n_names; i++)
		free(lk->names[i]);
	for (size_t i = 0; i < lk->n_close; i++)
		free(lk->close[i]);
}

int ct_store_lookup_name(struct ct_store *s, enum ct_name_table table, const char *name,
			 struct ct_name_lookup *out)
{
	struct lookup lk = { 0 };
	enum ct_name_match row_how = CT_NAME_NONE;
	size_t row_spell = SIZE_MAX;
	char *row_name = NULL;
	int64_t row_id = 0;
	struct db_stmt *st;
	int rc;

	if (!s)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if (!name || !out || (table != CT_NAME_SPEAKER && table != CT_NAME_OUTLET))
		return ct_store_fail(s, CT_EINVAL, "a lookup needs a name");
	while (is_blank(*name))
		name++;
	lk.q = name;
	lk.nq = strlen(name);
	while (lk.nq > 0 && is_blank(name[lk.nq - 1]))
		lk.nq--;
	if (lk.nq == 0)
		return ct_store_fail(s, CT_EINVAL, "a lookup needs a name");
	if ((rc = ct_store_prepare(s, ct_store_is_pg(s) ? name_sql_pg[table] : name_sql[table],
				   &st)) != CT_OK)
		return rc;
	/* Rows come grouped by id: a group's best level and distance decide. */
	while ((rc = db_step(st)) == DB_ROW && !lk.nomem) {
		int64_t id = db_column_int64(st, 0);
		const char *canonical = db_column_text(st, 1);
		const char *label = db_column_text(st, 2);
		enum ct_name_match how;
		size_t spell;

		if (!canonical || !label)
			continue;
		if (row_name && id != row_id) {
			lookup_row(&lk, row_name, row_how, row_spell);
			free(row_name);
			row_name = NULL;
		}
		if (!row_name) {
			if (!(row_name = strdup(canonical))) {
				lk.nomem = true;
				break;
			}
			row_id = id;
			row_how = CT_NAME_NONE;
			row_spell = SIZE_MAX;
		}
		how = match_label(lk.q, lk.nq, label, strcmp(label, canonical) == 0, &spell);
		if (how != CT_NAME_NONE && (row_how == CT_NAME_NONE || how < row_how))
			row_how = how;
		if (spell < row_spell)
			row_spell = spell;
	}
	if (rc == DB_ROW || rc == DB_DONE)
		rc = CT_OK;
	else
		rc = ct_store_dbfail(s, NULL);
	db_finalize(st);
	if (rc == CT_OK && row_name && !lk.nomem)
		lookup_row(&lk, row_name, row_how, row_spell);
	free(row_name);
	if (rc == CT_OK && lk.nomem)
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
	if (rc != CT_OK) {
		lookup_free(&lk);
		return rc;
	}
	memset(out, 0, sizeof *out);
	out->how = lk.best;
	if (lk.best != CT_NAME_NONE) {
		out->n = lk.n;
		out->n_names = lk.n_names;
		memcpy(out->names, lk.names, lk.n_names * sizeof *lk.names);
		lk.n_names = 0;
	} else {
		out->n_names = lk.n_close;
		memcpy(out->names, lk.close, lk.n_close * sizeof *lk.close);
		lk.n_close = 0;
	}
	lookup_free(&lk);
	return CT_OK;
}

void ct_name_lookup_release(struct ct_name_lookup *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n_names; i++)
		free(l->names[i]);
	l->n_names = 0;
}

/* ---- stats ---- */

int ct_store_stats(struct ct_store *s, struct ct_store_stats *out)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM claims), "
		"(SELECT count(*) FROM speakers), (SELECT count(*) FROM outlets), "
		"(SELECT count(DISTINCT id) FROM propositions), (SELECT count(*) FROM propositions), "
		"(SELECT min(date) FROM documents), (SELECT max(date) FROM documents), "
		"(SELECT count(DISTINCT speaker_id) FROM claims), "
		"(SELECT count(DISTINCT outlet_id) FROM documents), "
		"(SELECT count(*) FROM outlets WHERE from_rules = 1), "
		"(SELECT count(*) FROM documents d WHERE NOT EXISTS "
		"(SELECT 1 FROM document_texts t WHERE t.document_id = d.id)), "
		"(SELECT count(*) FROM sentence_index_pending)";
	struct ct_store_stats st = { 0 };
	struct db_stmt *q;
	int rc;

	if (!s || !out)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = ct_store_prepare(s, sql, &q)) != CT_OK)
		return rc;
	if (db_step(q) != DB_ROW) {
		rc = ct_store_dbfail(s, NULL);
		db_finalize(q);
		return rc;
	}
	st.schema = s->version_now;
	st.documents = col_size(q, 0);
	st.claims = col_size(q, 1);
	st.speakers = col_size(q, 2);
	st.outlets = col_size(q, 3);
	st.propositions = col_size(q, 4);
	st.proposition_versions = col_size(q, 5);
	ct_store_copy_date(st.first_date, q, 6);
	ct_store_copy_date(st.last_date, q, 7);
	st.speakers_with_claims = col_size(q, 8);
	st.outlets_with_documents = col_size(q, 9);
	st.outlets_from_rules = col_size(q, 10);
	st.documents_without_text = col_size(q, 11);
	st.texts_not_indexed = col_size(q, 12);
	db_finalize(q);
	*out = st;
	return CT_OK;
}
