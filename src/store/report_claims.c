/*
 * What the report shows of each proposition: the claims (fetched by id,
 * after the scan chose them) and the speakers on each side.
 */
#include "claimtrack/report.h"
#include "base/base.h"
#include "store/report_build.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- claims the report shows ---- */

static const char claim_columns[] =
	"SELECT c.id, c.stance, c.hedged, sp.name, c.speaker_kind, c.role, v.name, o.name, "
	"c.statement_date, c.date, c.sentence, c.match, d.id, d.url, d.title, d.source, "
	"c.rule_file, c.rule_line, c.framing, c.reviewed "
	"FROM claims c JOIN documents d ON d.id = c.document_id "
	"JOIN propositions p ON p.pk = c.proposition_pk "
	"LEFT JOIN speakers sp ON sp.id = c.speaker_id "
	"LEFT JOIN outlets v ON v.id = c.via_outlet_id "
	"LEFT JOIN outlets o ON o.id = d.outlet_id ";

const char *ct_report_dup_col(struct builder *b, struct db_stmt *st, int col)
{
	const char *v = db_column_text(st, col);

	return v ? ct_arena_strndup(&b->arena, v, strlen(v)) : NULL;
}

static int read_claim(struct builder *b, struct db_stmt *st, struct ct_report_claim *c)
{
	const char *stated = db_column_text(st, 8);

	memset(c, 0, sizeof *c);
	c->id = db_column_int64(st, 0);
	c->stance = side_of(db_column_text(st, 1)) ? CT_REFUTES : CT_SUPPORTS;
	c->hedged = db_column_int(st, 2) != 0;
	c->is_new = b->r->has_previous && c->id > b->o->new_after_claim;
	c->speaker = ct_report_dup_col(b, st, 3);
	c->speaker_kind = ct_speaker_kind_from_name(db_column_text(st, 4));
	c->role = ct_report_dup_col(b, st, 5);
	c->via = ct_report_dup_col(b, st, 6);
	c->outlet = ct_report_dup_col(b, st, 7);
	c->statement_date = stated != NULL;
	c->published = ct_report_dup_col(b, st, 9);
	c->date = stated ? ct_report_dup_col(b, st, 8) : c->published;
	c->sentence = ct_report_dup_col(b, st, 10);
	c->match = ct_report_dup_col(b, st, 11);
	c->document_id = db_column_int64(st, 12);
	c->url = ct_report_dup_col(b, st, 13);
	c->title = ct_report_dup_col(b, st, 14);
	c->source = ct_report_dup_col(b, st, 15);
	c->rule_file = ct_report_dup_col(b, st, 16);
	c->rule_line = db_column_int(st, 17);
	c->framing = ct_report_dup_col(b, st, 18);
	c->reviewed = db_column_int(st, 19) != 0;
	return c->sentence && c->match ? CT_OK : CT_ENOMEM;
}

/* Adds claims to a proposition's list from a prepared statement, skipping ids it has. */
static int add_claims(struct builder *b, struct ct_report_proposition *rp, size_t *cap,
		      struct db_stmt *st)
{
	int rc;

	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);
		bool have = false;
		for (size_t i = 0; i < rp->n_claims && !have; i++)
			have = rp->claims[i].id == id;
		if (have)
			continue;
		if (!CT_VEC_RESERVE(rp->claims, *cap, rp->n_claims + 1))
			return CT_ENOMEM;
		if ((rc = read_claim(b, st, &rp->claims[rp->n_claims])) != CT_OK)
			return rc;
		rp->n_claims++;
	}
	return rc == DB_DONE ? CT_OK : ct_store_dbfail(b->s, "reading claims");
}

const struct ct_report_claim *ct_report_claim_by_id(const struct ct_report_proposition *rp,
						    int64_t id)
{
	for (size_t i = 0; i < rp->n_claims; i++)
		if (rp->claims[i].id == id)
			return &rp->claims[i];
	return NULL;
}

/* Prepares b->by_id, which reads a claim's details by id. */
static int prepare_by_id(struct builder *b)
{
	char sql[1024];

	if (b->by_id)
		return CT_OK;
	snprintf(sql, sizeof sql, "%sWHERE c.id = ?1", claim_columns);
	return ct_store_prepare(b->s, sql, &b->by_id);
}

int ct_report_read_claim(struct builder *b, int64_t id, struct ct_report_claim *c)
{
	int rc = prepare_by_id(b);

	if (rc != CT_OK)
		return rc;
	db_reset(b->by_id);
	db_bind_int64(b->by_id, 1, id);
	rc = db_step(b->by_id);
	if (rc == DB_ROW)
		return read_claim(b, b->by_id, c);
	if (rc == DB_DONE)
		return CT_ENOTFOUND;
	return ct_store_dbfail(b->s, "reading claims");
}

/* A claim's details by id, added to the proposition's claims once. */
int ct_report_fetch_by_id(struct builder *b, struct ct_report_proposition *rp, size_t *cap,
			  int64_t id)
{
	int rc;

	if (ct_report_claim_by_id(rp, id))
		return CT_OK;
	if ((rc = prepare_by_id(b)) != CT_OK)
		return rc;
	db_reset(b->by_id);
	db_bind_int64(b->by_id, 1, id);
	return add_claims(b, rp, cap, b->by_id);
}

/* The newest claims of a proposition, and the newest asserted ones per side. */
int ct_report_fetch_claims(struct builder *b, const struct prop_work *p,
			struct ct_report_proposition *rp, size_t *cap)
{
	const struct newest *lists[] = { &p->all, &p->sides[0], &p->sides[1] };
	int rc = CT_OK;

	for (size_t l = 0; l < 3; l++)
		for (size_t i = 0; i < lists[l]->n && rc == CT_OK; i++)
			rc = ct_report_fetch_by_id(b, rp, cap, lists[l]->v[i].id);
	return rc;
}

/* ---- speakers ---- */

struct side_entry {
	const struct group *g;
	size_t side;
};

static int cmp_entries(const void *x, const void *y)
{
	const struct side_entry *p = x, *q = y;
	size_t a = p->g->claims[p->side], c = q->g->claims[q->side];

	if (a != c)
		return a > c ? -1 : 1;
	return day_cmp(q->g->last[q->side], p->g->last[p->side]);
}

/* Prepares *st once for the builder's life, else resets it for the next lookup. */
static int reuse(struct builder *b, struct db_stmt **st, const char *sql)
{
	if (*st) {
		db_reset(*st);
		db_clear_bindings(*st);
		return CT_OK;
	}
	return ct_store_prepare(b->s, sql, st);
}

/*
 * A speaker's name, kind and role on a proposition, into out. In an
 * outlet's own voice the kind is the narrator and there is no role,
 * whatever the speaker's row says (one name can be quoted elsewhere as an
 * organization).
 */
static int speaker_identity(struct builder *b, const char *prop, const struct group *g,
			    struct ct_report_speaker *out)
{
	struct db_stmt *st;
	int rc = reuse(b, &b->speaker_st, "SELECT name, kind, role FROM speakers WHERE id = ?1");

	if (rc != CT_OK)
		return rc;
	st = b->speaker_st;
	db_bind_int64(st, 1, g->speaker_id);
	if ((rc = db_step(st)) == DB_ROW) {
		out->name = ct_report_dup_col(b, st, 0);
		out->kind = ct_speaker_kind_from_name(db_column_text(st, 1));
		out->role = ct_report_dup_col(b, st, 2);
	} else if (rc == DB_DONE) {
		/* Foreign keys forbid it; a database changed by other means may
		 * still have it. */
		return ct_store_fail(b->s, CT_EDB, "the database is inconsistent: claims name "
				     "speaker %lld, which it does not have; run 'claimtrack db check'",
				     (long long)g->speaker_id);
	} else {
		return ct_store_dbfail(b->s, "reading speakers");
	}
	if (g->voice) {
		out->kind = CT_SPEAKER_NARRATOR;
		out->role = NULL;
		return CT_OK;
	}
	/* A row made for an outlet's own voice, quoted here by name: the kind
	 * its claims give it (an organization, mostly). */
	if (out->kind == CT_SPEAKER_NARRATOR) {
		if ((rc = reuse(b, &b->kind_st, "SELECT speaker_kind FROM claims INDEXED BY "
				"claims_by_speaker WHERE speaker_id = ?1 AND proposition = ?2 "
				"AND speaker_kind <> 'narrator' LIMIT 1")) != CT_OK)
			return rc;
		st = b->kind_st;
		db_bind_int64(st, 1, g->speaker_id);
		db_bind_text(st, 2, prop, -1);
		out->kind = db_step(st) == DB_ROW
				    ? ct_speaker_kind_from_name(db_column_text(st, 0))
				    : CT_SPEAKER_ORGANIZATION;
	}
	/* The role the texts gave most recently, else the speaker block's. */
	if ((rc = reuse(b, &b->role_st, "SELECT role FROM claims INDEXED BY claims_by_speaker "
			"WHERE speaker_id = ?1 AND proposition = ?2 AND role IS NOT NULL "
			"ORDER BY date DESC LIMIT 1")) != CT_OK)
		return rc;
	st = b->role_st;
	db_bind_int64(st, 1, g->speaker_id);
	db_bind_text(st, 2, prop, -1);
	if (db_step(st) == DB_ROW)
		out->role = ct_report_dup_col(b, st, 0);
	return CT_OK;
}

/*
 * Fills one speaker entry: name, kind and role from the store, outlets
 * joined. other is the same speaker's entry on the other side when it has
 * one: its name, kind and role are taken from there, since finding the
 * role can walk every claim of a speaker who is never given one.
 */
static int speaker_entry(struct builder *b, const char *prop, const struct group *g,
			 size_t side, const struct ct_report_speaker *other,
			 struct ct_report_speaker *out)
{
	struct db_stmt *st;
	char outlets[512] = "";
	size_t o = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (other) {
		out->name = other->name;
		out->kind = other->kind;
		out->role = other->role;
	} else if ((rc = speaker_identity(b, prop, g, out)) != CT_OK) {
		return rc;
	}
	out->claims = g->claims[side];
	out->hedged = g->hedged[side];
	out->first = ct_report_day_dup(b, g->first[side]);
	out->last = ct_report_day_dup(b, g->last[side]);
	/* In its own voice an outlet publishes itself: no outlets to list. */
	for (size_t k = 0; !g->voice && k < g->n_outlets[side]; k++) {
		if ((rc = reuse(b, &b->outlet_st, "SELECT name FROM outlets WHERE id = ?1")) != CT_OK)
			return rc;
		st = b->outlet_st;
		db_bind_int64(st, 1, g->outlet[side][k]);
		if (db_step(st) == DB_ROW && o + 2 < sizeof outlets)
			o += (size_t)snprintf(outlets + o, sizeof outlets - o, "%s%s", o ? ", " : "",
					      db_column_text(st, 0));
	}
	out->outlets = o ? ct_arena_strndup(&b->arena, outlets, strlen(outlets)) : NULL;
	return out->name ? CT_OK : CT_ENOMEM;
}

/*
 * One list of a proposition: the entries of one side, either the speakers'
 * or the outlets' own voice, most claims first, at most max_speakers.
 * Entries on the other side are already made when side is 1 (other, n_other).
 */
static int speaker_list(struct builder *b, struct prop_work *p, struct ct_report_proposition *rp,
			size_t *cap, bool voice, size_t side, struct side_entry *e, size_t n,
			const struct side_entry *e_other, const struct ct_report_speaker *other,
			size_t n_other, struct ct_report_speaker **out, size_t *n_out)
{
	size_t keep = n < b->max_speakers ? n : b->max_speakers;
	struct ct_report_speaker *list;
	int rc = CT_OK;

	qsort(e, n, sizeof *e, cmp_entries);
	if (!(list = calloc(keep ? keep : 1, sizeof *list)))
		return CT_ENOMEM;
	*out = list;
	*n_out = keep;
	if (voice && !(p->samples[side] = calloc(keep ? keep : 1, sizeof *p->samples[side])))
		return CT_ENOMEM;
	for (size_t i = 0; i < keep && rc == CT_OK; i++) {
		const struct ct_report_speaker *same = NULL;
		for (size_t k = 0; k < n_other && !same; k++)
			if (e_other[k].g == e[i].g)
				same = &other[k];
		rc = speaker_entry(b, p->id, e[i].g, side, same, &list[i]);
		if (rc == CT_OK && voice && i < OWN_SAMPLES) {
			p->samples[side][i] = e[i].g->sample[side].id;
			if (p->samples[side][i] > 0)
				rc = ct_report_fetch_by_id(b, rp, cap, p->samples[side][i]);
		}
	}
	return rc;
}

/*
 * The supporters and refuters of a proposition, most claims first, and
 * apart from them the outlets asserting in their own voice.
 */
int ct_report_speakers(struct builder *b, struct prop_work *p,
		       struct ct_report_proposition *rp, size_t *cap)
{
	struct side_entry *e[2][2] = { { NULL, NULL }, { NULL, NULL } };   /* [voice][side] */
	size_t n[2][2] = { { 0, 0 }, { 0, 0 } }, parties[2];
	int rc = CT_OK;

	for (size_t v = 0; v < 2; v++)
		for (size_t side = 0; side < 2; side++)
			if (!(e[v][side] = malloc((p->n_groups ? p->n_groups : 1) * sizeof(struct side_entry)))) {
				rc = CT_ENOMEM;
				goto out;
			}
	for (size_t i = 0; i < p->n_groups; i++) {
		const struct group *g = &p->groups[i];
		if (g->voice) {
			rp->own_supports += g->claims[0];
			rp->own_refutes += g->claims[1];
			rp->own_hedged_supports += g->hedged[0];
			rp->own_hedged_refutes += g->hedged[1];
		}
		if (g->speaker_id <= 0)
			continue;
		for (size_t side = 0; side < 2; side++)
			if (g->claims[side] > 0)
				e[g->voice][side][n[g->voice][side]++] = (struct side_entry){ g, side };
	}
	rp->speakers_supporting = n[0][0];
	rp->speakers_refuting = n[0][1];
	rp->outlets_supporting = n[1][0];
	rp->outlets_refuting = n[1][1];
	rp->contradicting_pairs = ct_report_parties(p, parties);
	rp->contradicting_pairs = parties[0] * parties[1] - rp->contradicting_pairs;
	if ((rc = speaker_list(b, p, rp, cap, false, 0, e[0][0], n[0][0], NULL, NULL, 0,
			       &rp->supporters, &rp->n_supporters)) != CT_OK ||
	    (rc = speaker_list(b, p, rp, cap, false, 1, e[0][1], n[0][1], e[0][0], rp->supporters,
			       rp->n_supporters, &rp->refuters, &rp->n_refuters)) != CT_OK ||
	    (rc = speaker_list(b, p, rp, cap, true, 0, e[1][0], n[1][0], NULL, NULL, 0,
			       &rp->own_supporters, &rp->n_own_supporters)) != CT_OK)
		goto out;
	rc = speaker_list(b, p, rp, cap, true, 1, e[1][1], n[1][1], e[1][0], rp->own_supporters,
			  rp->n_own_supporters, &rp->own_refuters, &rp->n_own_refuters);
out:
	for (size_t v = 0; v < 2; v++) {
		free(e[v][0]);
		free(e[v][1]);
	}
	return rc;
}

void ct_report_point_samples(const struct prop_work *p, struct ct_report_proposition *rp)
{
	for (size_t i = 0; i < rp->n_own_supporters && i < OWN_SAMPLES; i++)
		rp->own_supporters[i].sample = ct_report_claim_by_id(rp, p->samples[0][i]);
	for (size_t i = 0; i < rp->n_own_refuters && i < OWN_SAMPLES; i++)
		rp->own_refuters[i].sample = ct_report_claim_by_id(rp, p->samples[1][i]);
}

/*
 * A party is one speaker: its claims in an outlet's own voice and its
 * other claims are two groups, next to each other (the scan makes both
 * while it reads that speaker's claims on the proposition).
 */
size_t ct_report_parties(const struct prop_work *p, size_t n[2])
{
	size_t both = 0;

	n[0] = n[1] = 0;
	for (size_t i = 0; i < p->n_groups;) {
		int64_t id = p->groups[i].speaker_id;
		bool on[2] = { false, false };
		for (; i < p->n_groups && p->groups[i].speaker_id == id; i++)
			for (size_t side = 0; side < 2; side++)
				on[side] = on[side] || p->groups[i].claims[side] > 0;
		if (id <= 0)
			continue;
		n[0] += on[0];
		n[1] += on[1];
		both += on[0] && on[1];
	}
	return both;
}

/* Claims newly asserted against a party already on the other side. */
size_t ct_report_new_contradicting(const struct prop_work *p, const size_t parties[2])
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_groups;) {
		int64_t id = p->groups[i].speaker_id;
		bool on[2] = { false, false };
		size_t fresh[2] = { 0, 0 };
		for (; i < p->n_groups && p->groups[i].speaker_id == id; i++)
			for (size_t side = 0; side < 2; side++) {
				on[side] = on[side] || p->groups[i].claims[side] > 0;
				fresh[side] += p->groups[i].new_asserted[side];
			}
		if (id <= 0)
			continue;
		for (size_t side = 0; side < 2; side++)
			if (fresh[side] && parties[1 - side] - on[1 - side] > 0)
				n += fresh[side];
	}
	return n;
}
