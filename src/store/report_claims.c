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

#define CLAIM_COLUMNS \
	"SELECT c.id, c.stance, c.hedged, sp.name, c.speaker_kind, c.role, v.name, o.name, " \
	"c.statement_date, c.date, c.sentence, c.match, d.id, d.url, d.title, d.source, " \
	"c.rule_file, c.rule_line, c.framing, c.reviewed, " \
	"EXISTS (SELECT 1 FROM documents x WHERE x.copy_of = d.id) " \
	"FROM claims c JOIN documents d ON d.id = c.document_id " \
	"JOIN propositions p ON p.pk = c.proposition_pk " \
	"LEFT JOIN speakers sp ON sp.id = c.speaker_id " \
	"LEFT JOIN outlets v ON v.id = c.via_outlet_id " \
	"LEFT JOIN outlets o ON o.id = d.outlet_id "

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
	/* 0 until the copies' outlets are read (carriers()). */
	c->n_carried_by = db_column_int(st, 20) && !b->o->copies ? 0 : 1;
	return c->sentence && c->match ? CT_OK : CT_ENOMEM;
}

struct carried {
	struct ct_buf list;
	size_t n;
};

static int add_carrier(const char *outlet, int64_t document_id, void *user)
{
	struct carried *c = user;

	(void)document_id;
	if ((c->n && ct_buf_adds(&c->list, "\n")) || ct_buf_adds(&c->list, outlet ? outlet : "?"))
		return CT_ENOMEM;
	c->n++;
	return CT_OK;
}

/* The outlets carrying claim c, whose document has copies. */
static int carriers(struct builder *b, struct ct_report_claim *c)
{
	struct carried cr = { CT_BUF_INIT(0), 0 };
	int rc = ct_store_carriers(b->s, c->id, add_carrier, &cr);

	if (rc == CT_OK && cr.n > 1 &&
	    !(c->carried_by = ct_arena_strndup(&b->arena, cr.list.p, cr.list.len)))
		rc = CT_ENOMEM;
	c->n_carried_by = cr.n ? cr.n : 1;
	ct_buf_release(&cr.list);
	return rc;
}

const struct ct_report_claim *ct_report_claim_by_id(const struct ct_report_proposition *rp,
						    int64_t id)
{
	for (size_t i = 0; i < rp->n_claims; i++)
		if (rp->claims[i].id == id)
			return &rp->claims[i];
	return NULL;
}

static int cmp_ids(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, c = *(const int64_t *)y;

	return (a > c) - (a < c);
}

/*
 * Runs head (ids) tail for ids[0, n) in batches of CLAIMS_AT_ONCE, the
 * statement in *slot prepared on first use and kept: "?2,…" when prop (bound
 * to ?1) is given, else "?1,…"; the last batch repeats its last id. row()
 * is called on each row.
 */
static int ids_query(struct builder *b, struct db_stmt **slot, const char *head, const char *tail,
		     const char *prop, const int64_t *ids, size_t n,
		     int (*row)(struct builder *b, struct db_stmt *st, void *ctx), void *ctx)
{
	int first = prop ? 2 : 1, rc = CT_OK;

	if (n == 0)
		return CT_OK;
	if (!*slot) {
		struct ct_buf sql = CT_BUF_INIT(0);
		bool ok = !ct_buf_adds(&sql, head) && !ct_buf_adds(&sql, "(");
		for (int i = 0; ok && i < CLAIMS_AT_ONCE; i++)
			ok = !ct_buf_addf(&sql, "%s?%d", i ? "," : "", first + i);
		ok = ok && !ct_buf_adds(&sql, ")") && !ct_buf_adds(&sql, tail);
		rc = ok ? ct_store_prepare(b->s, sql.p, slot) : ct_store_fail(b->s, CT_ENOMEM, "out of memory");
		ct_buf_release(&sql);
		if (rc != CT_OK)
			return rc;
	}
	for (size_t at = 0; at < n && rc == CT_OK; at += CLAIMS_AT_ONCE) {
		struct db_stmt *st = *slot;
		int step;
		db_reset(st);
		db_clear_bindings(st);
		if (prop)
			db_bind_text(st, 1, prop, -1);
		for (int i = 0; i < CLAIMS_AT_ONCE; i++)
			db_bind_int64(st, first + i, ids[at + (size_t)i < n ? at + (size_t)i : n - 1]);
		while (rc == CT_OK && (step = db_step(st)) == DB_ROW)
			rc = row(b, st, ctx);
		if (rc == CT_OK && step != DB_DONE)
			rc = ct_store_dbfail(b->s, "reading the store");
	}
	db_reset(*slot);
	return rc;
}

struct claims_into {
	struct ct_report_claim **v;
	size_t *n, *cap;
};

static int claim_row(struct builder *b, struct db_stmt *st, void *ctx)
{
	struct claims_into *in = ctx;

	if (!CT_VEC_RESERVE(*in->v, *in->cap, *in->n + 1))
		return CT_ENOMEM;
	int rc = read_claim(b, st, &(*in->v)[*in->n]);
	if (rc == CT_OK)
		(*in->n)++;
	return rc;
}

int ct_report_read_claims(struct builder *b, int64_t *ids, size_t n_ids,
			  struct ct_report_claim **v, size_t *n, size_t *cap)
{
	int64_t *have = NULL;
	size_t n_have = *n, k = 0;

	if (n_ids > 1)
		qsort(ids, n_ids, sizeof *ids, cmp_ids);
	if (n_have) {
		if (!(have = malloc(n_have * sizeof *have)))
			return CT_ENOMEM;
		for (size_t i = 0; i < n_have; i++)
			have[i] = (*v)[i].id;
		if (n_have > 1)
			qsort(have, n_have, sizeof *have, cmp_ids);
	}
	/* Each id once, and none of those read already. */
	for (size_t i = 0; i < n_ids; i++) {
		if ((k && ids[k - 1] == ids[i]) || ids[i] <= 0 ||
		    (n_have && bsearch(&ids[i], have, n_have, sizeof *have, cmp_ids)))
			continue;
		ids[k++] = ids[i];
	}
	free(have);
	struct claims_into in = { v, n, cap };
	int rc = ids_query(b, &b->by_ids, CLAIM_COLUMNS "WHERE c.id IN ", "", NULL, ids, k,
			   claim_row, &in);
	for (size_t i = n_have; i < *n && rc == CT_OK; i++)
		if ((*v)[i].n_carried_by == 0)
			rc = carriers(b, &(*v)[i]);
	return rc;
}

/* The newest claims of a proposition, and the newest asserted ones per side,
 * into ids[*n] (room for them all: ct_report_claims_wanted()). */
void ct_report_want_claims(const struct prop_work *p, int64_t *ids, size_t *n)
{
	const struct newest *lists[] = { &p->all, &p->sides[0], &p->sides[1] };

	for (size_t l = 0; l < 3; l++)
		for (size_t i = 0; i < lists[l]->n; i++)
			ids[(*n)++] = lists[l]->v[i].id;
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

/*
 * A speaker the lists of one proposition name: its row, and the role the
 * texts gave it most recently on the proposition (claim_role; NULL when
 * none).
 */
struct named {
	int64_t id;
	const char *name, *role, *claim_role;
	enum ct_speaker_kind kind;
	bool found;
};

struct names {
	struct named *v;
	size_t n;
};

static int cmp_named(const void *x, const void *y)
{
	const struct named *p = x, *q = y;

	return (p->id > q->id) - (p->id < q->id);
}

static struct named *named_of(const struct names *nm, int64_t id)
{
	struct named key = { .id = id };

	return nm->n ? bsearch(&key, nm->v, nm->n, sizeof key, cmp_named) : NULL;
}

static int speaker_row(struct builder *b, struct db_stmt *st, void *ctx)
{
	struct named *n = named_of(ctx, db_column_int64(st, 0));

	if (!n)
		return CT_OK;
	n->found = true;
	n->name = ct_report_dup_col(b, st, 1);
	n->kind = ct_speaker_kind_from_name(db_column_text(st, 2));
	n->role = ct_report_dup_col(b, st, 3);
	n->claim_role = ct_report_dup_col(b, st, 4);
	return n->name ? CT_OK : CT_ENOMEM;
}

static int outlet_row(struct builder *b, struct db_stmt *st, void *ctx)
{
	(void)ctx;
	if (!CT_VEC_RESERVE(b->outlet_names, b->cap_outlet_names, b->n_outlet_names + 1))
		return CT_ENOMEM;
	struct id_name *o = &b->outlet_names[b->n_outlet_names];
	o->id = db_column_int64(st, 0);
	o->name = ct_report_dup_col(b, st, 1);
	if (!o->name)
		return CT_ENOMEM;
	b->n_outlet_names++;
	return CT_OK;
}

static int cmp_id_names(const void *x, const void *y)
{
	const struct id_name *p = x, *q = y;

	return (p->id > q->id) - (p->id < q->id);
}

/* The outlets' names, read once for the report. */
static int load_outlet_names(struct builder *b)
{
	struct db_stmt *st = NULL;
	int rc, step;

	if (b->outlet_names_read)
		return CT_OK;
	if ((rc = ct_store_prepare(b->s, "SELECT id, name FROM outlets", &st)) != CT_OK)
		return rc;
	while (rc == CT_OK && (step = db_step(st)) == DB_ROW)
		rc = outlet_row(b, st, NULL);
	if (rc == CT_OK && step != DB_DONE)
		rc = ct_store_dbfail(b->s, "reading outlets");
	db_finalize(st);
	if (b->n_outlet_names > 1)
		qsort(b->outlet_names, b->n_outlet_names, sizeof *b->outlet_names, cmp_id_names);
	b->outlet_names_read = rc == CT_OK;
	return rc;
}

static const char *outlet_name(const struct builder *b, int64_t id)
{
	struct id_name key = { id, NULL }, *hit;

	hit = b->n_outlet_names ? bsearch(&key, b->outlet_names, b->n_outlet_names, sizeof key,
					  cmp_id_names) : NULL;
	return hit ? hit->name : NULL;
}

/*
 * A speaker's name, kind and role on a proposition, into out. In an
 * outlet's own voice the kind is the narrator and there is no role,
 * whatever the speaker's row says (one name can be quoted elsewhere as an
 * organization).
 */
static int speaker_identity(struct builder *b, const char *prop, const struct group *g,
			    const struct names *nm, struct ct_report_speaker *out)
{
	const struct named *n = named_of(nm, g->speaker_id);
	struct db_stmt *st;
	int rc;

	if (!n || !n->found)
		/* Foreign keys forbid it; a database changed by other means may
		 * still have it. */
		return ct_store_fail(b->s, CT_EDB, "the database is inconsistent: claims name "
				     "speaker %lld, which it does not have; run 'claimtrack db check'",
				     (long long)g->speaker_id);
	out->name = n->name;
	out->kind = n->kind;
	out->role = n->role;
	if (g->voice) {
		out->kind = CT_SPEAKER_NARRATOR;
		out->role = NULL;
		return CT_OK;
	}
	/* A row made for an outlet's own voice, quoted here by name: the kind
	 * its claims give it (an organization, mostly). Rare: one look-up each. */
	if (out->kind == CT_SPEAKER_NARRATOR) {
		if (b->kind_st) {
			db_reset(b->kind_st);
			db_clear_bindings(b->kind_st);
		} else if ((rc = ct_store_prepare(b->s, "SELECT speaker_kind FROM claims INDEXED BY "
						  "claims_by_speaker WHERE speaker_id = ?1 AND "
						  "proposition = ?2 AND speaker_kind <> 'narrator' "
						  "LIMIT 1", &b->kind_st)) != CT_OK) {
			return rc;
		}
		st = b->kind_st;
		db_bind_int64(st, 1, g->speaker_id);
		db_bind_text(st, 2, prop, -1);
		out->kind = db_step(st) == DB_ROW
				    ? ct_speaker_kind_from_name(db_column_text(st, 0))
				    : CT_SPEAKER_ORGANIZATION;
		db_reset(st);
	}
	/* The role the texts gave most recently, else the speaker block's. */
	if (n->claim_role)
		out->role = n->claim_role;
	return CT_OK;
}

/*
 * Fills one speaker entry: name, kind and role, outlets joined. other is
 * the same speaker's entry on the other side when it has one: its name,
 * kind and role are taken from there.
 */
static int speaker_entry(struct builder *b, const char *prop, const struct group *g,
			 size_t side, const struct ct_report_speaker *other,
			 const struct names *nm, struct ct_report_speaker *out)
{
	char outlets[512] = "";
	size_t o = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (other) {
		out->name = other->name;
		out->kind = other->kind;
		out->role = other->role;
	} else if ((rc = speaker_identity(b, prop, g, nm, out)) != CT_OK) {
		return rc;
	}
	out->claims = g->claims[side];
	out->hedged = g->hedged[side];
	out->first = ct_report_day_dup(b, g->first[side]);
	out->last = ct_report_day_dup(b, g->last[side]);
	/* In its own voice an outlet publishes itself: no outlets to list. */
	for (size_t k = 0; !g->voice && k < g->n_outlets[side]; k++) {
		const char *name = outlet_name(b, g->outlet[side][k]);
		if (name && o + 2 < sizeof outlets)
			o += (size_t)snprintf(outlets + o, sizeof outlets - o, "%s%s", o ? ", " : "",
					      name);
	}
	out->outlets = o ? ct_arena_strndup(&b->arena, outlets, strlen(outlets)) : NULL;
	return out->name ? CT_OK : CT_ENOMEM;
}

/*
 * One list of a proposition: the entries of one side, either the speakers'
 * or the outlets' own voice, most claims first, at most max_speakers.
 * Entries on the other side are already made when side is 1 (other, n_other).
 */
static int speaker_list(struct builder *b, struct prop_work *p, bool voice, size_t side,
			const struct side_entry *e, size_t keep, const struct side_entry *e_other,
			const struct ct_report_speaker *other, size_t n_other,
			const struct names *nm, struct ct_report_speaker **out, size_t *n_out)
{
	struct ct_report_speaker *list;
	int rc = CT_OK;

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
		rc = speaker_entry(b, p->id, e[i].g, side, same, nm, &list[i]);
		if (voice && i < OWN_SAMPLES)
			p->samples[side][i] = e[i].g->sample[side].id;
	}
	return rc;
}

/*
 * The speakers the four lists of a proposition keep (e[v][s][0, keep[v][s])):
 * their rows, and the roles their claims on the proposition give them.
 */
static int name_speakers(struct builder *b, const struct prop_work *p,
			 struct side_entry *e[2][2], size_t keep[2][2], struct names *nm)
{
	size_t total = keep[0][0] + keep[0][1] + keep[1][0] + keep[1][1], k = 0;
	int64_t *ids = malloc((total ? total : 1) * sizeof *ids);
	int rc;

	nm->v = calloc(total ? total : 1, sizeof *nm->v);
	if (!ids || !nm->v) {
		free(ids);
		return CT_ENOMEM;
	}
	for (size_t v = 0; v < 2; v++)
		for (size_t s = 0; s < 2; s++)
			for (size_t i = 0; i < keep[v][s]; i++)
				nm->v[k++].id = e[v][s][i].g->speaker_id;
	if (k > 1)
		qsort(nm->v, k, sizeof *nm->v, cmp_named);
	nm->n = 0;
	for (size_t i = 0; i < k; i++)
		if (nm->n == 0 || nm->v[nm->n - 1].id != nm->v[i].id)
			nm->v[nm->n++] = nm->v[i];
	for (size_t i = 0; i < nm->n; i++)
		ids[i] = nm->v[i].id;
	/* The role of the newest claim with one on the proposition: the first
	 * on the index claims_by_speaker read backwards (its columns, then the
	 * id; SQLite's order, NULL statement dates first, on both backends). */
	rc = ids_query(b, &b->speakers_st, "SELECT s.id, s.name, s.kind, s.role, "
		       "(SELECT c.role FROM claims c INDEXED BY claims_by_speaker "
		       "WHERE c.speaker_id = s.id AND c.proposition = ?1 AND c.role IS NOT NULL "
		       "ORDER BY c.date DESC, c.stance DESC, c.hedged DESC, "
		       "c.statement_date DESC NULLS LAST, c.document_id DESC, c.speaker_kind DESC, "
		       "c.id DESC LIMIT 1) FROM speakers s WHERE s.id IN ", "", p->id, ids, nm->n,
		       speaker_row, nm);
	free(ids);
	return rc;
}

/*
 * The supporters and refuters of a proposition, most claims first, and
 * apart from them the outlets asserting in their own voice.
 */
int ct_report_speakers(struct builder *b, struct prop_work *p,
		       struct ct_report_proposition *rp)
{
	struct side_entry *e[2][2] = { { NULL, NULL }, { NULL, NULL } };   /* [voice][side] */
	size_t n[2][2] = { { 0, 0 }, { 0, 0 } }, keep[2][2], parties[2];
	struct names nm = { NULL, 0 };
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
	for (size_t v = 0; v < 2; v++)
		for (size_t side = 0; side < 2; side++) {
			qsort(e[v][side], n[v][side], sizeof(struct side_entry), cmp_entries);
			keep[v][side] = n[v][side] < b->max_speakers ? n[v][side] : b->max_speakers;
		}
	if ((rc = load_outlet_names(b)) != CT_OK || (rc = name_speakers(b, p, e, keep, &nm)) != CT_OK)
		goto out;
	if ((rc = speaker_list(b, p, false, 0, e[0][0], keep[0][0], NULL, NULL, 0, &nm,
			       &rp->supporters, &rp->n_supporters)) != CT_OK ||
	    (rc = speaker_list(b, p, false, 1, e[0][1], keep[0][1], e[0][0], rp->supporters,
			       rp->n_supporters, &nm, &rp->refuters, &rp->n_refuters)) != CT_OK ||
	    (rc = speaker_list(b, p, true, 0, e[1][0], keep[1][0], NULL, NULL, 0, &nm,
			       &rp->own_supporters, &rp->n_own_supporters)) != CT_OK)
		goto out;
	rc = speaker_list(b, p, true, 1, e[1][1], keep[1][1], e[1][0], rp->own_supporters,
			  rp->n_own_supporters, &nm, &rp->own_refuters, &rp->n_own_refuters);
out:
	for (size_t v = 0; v < 2; v++) {
		free(e[v][0]);
		free(e[v][1]);
	}
	free(nm.v);
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
