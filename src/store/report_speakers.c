/*
 * The speakers' pages of a report (ct_report_build_pages()).
 *
 * The report's own scan of its claims, in the order of the index on
 * (speaker, proposition, date), gives each run of one speaker's claims on
 * one proposition together; it ends every run of a named speaker into a
 * struct page_run (report_runs.c), kept with the report:
 * its counts, first and last dates, the ids of its newest claims and of
 * its newest stance changes. From those runs, every named speaker's run
 * with asserted claims is a party (the opponents of every page are read
 * from them), and a run of a speaker with a page is that page's part of
 * the proposition. Only the claims the pages list are then read, by id. So
 * the claims are read once for the report and its pages, the time is
 * linear in them, and memory grows with speakers and propositions, not
 * claims.
 */
#include "claimtrack/report.h"
#include "claimtrack/store.h"
#include "base/base.h"
#include "store/report_build.h"

#include <stdlib.h>

/* A named speaker's asserted claims on one proposition (both voices). */
struct party {
	uint32_t prop;                 /* index into the report's propositions */
	int64_t speaker;
	size_t claims[2];
	struct day first[2], last[2];
};

struct flip_ids {
	int64_t from, to;
};

/* A page's part of one proposition, from the scan. */
struct part {
	uint32_t prop;
	size_t asserted[2], hedged[2];
	struct day first, last;
	int64_t shown[CT_REPORT_PAGE_CLAIMS];   /* the newest, oldest first */
	size_t n_shown;
	struct flip_ids flips[CT_REPORT_PAGE_CHANGES];   /* the newest, oldest first */
	size_t n_flips, all_flips;
};

struct page_work {
	int64_t speaker;               /* 0: not in the speakers table */
	struct part *parts;
	size_t n_parts, cap_parts;
};

struct spk {
	int64_t id;
	const char *name, *role, *org;
	enum ct_speaker_kind kind;
};

/* A proposition of the report, for lookups by id. */
struct prop_key {
	const char *id;
	uint32_t index;
};

/* A speaker with a page, by speaker id. */
struct page_of {
	int64_t speaker;
	size_t page;
};

struct pages_state {
	struct builder b;
	const struct ct_report_pages *pg;
	struct page_work *pages;
	struct spk *spk;               /* by id */
	size_t n_spk, cap_spk;
	struct page_of *by_speaker;    /* by speaker id */
	size_t n_by_speaker;
	struct prop_key *props_by_id;  /* the report's propositions, by id */
	struct party *parties;
	size_t n_parties, cap_parties;
	uint32_t *ranked[3];           /* per proposition, by claims of [0] supports,
					  [1] refutes, [2] both; most first */
	size_t *prop_start;            /* parties of proposition i: [start[i], start[i+1]) */
	size_t (*totals)[3][2];        /* per proposition and ranking: parties with
					  claims, and their claims */
	struct ct_report_claim *got;   /* the claims of the page being built, by id */
	size_t n_got, cap_got;
};

/* ---- lookups ---- */

static int cmp_page_of(const void *x, const void *y)
{
	const struct page_of *p = x, *q = y;

	return (p->speaker > q->speaker) - (p->speaker < q->speaker);
}

static int cmp_spk(const void *x, const void *y)
{
	const struct spk *p = x, *q = y;

	return (p->id > q->id) - (p->id < q->id);
}

static int cmp_name_ptr(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static const struct spk *speaker_by_id(const struct pages_state *ps, int64_t id)
{
	struct spk key = { .id = id };

	return ps->n_spk ? bsearch(&key, ps->spk, ps->n_spk, sizeof *ps->spk, cmp_spk) : NULL;
}

/* The page of a speaker id, or SIZE_MAX. */
static size_t page_of_speaker(const struct pages_state *ps, int64_t id)
{
	struct page_of key = { id, 0 }, *hit;

	if (id <= 0 || ps->n_by_speaker == 0)
		return SIZE_MAX;
	hit = bsearch(&key, ps->by_speaker, ps->n_by_speaker, sizeof key, cmp_page_of);
	return hit ? hit->page : SIZE_MAX;
}

static const struct ct_report *report_of(const struct pages_state *ps)
{
	return ps->b.r;
}

/* The index of proposition id in the report, or UINT32_MAX. */
static uint32_t prop_index(const struct pages_state *ps, const char *id)
{
	size_t lo = 0, hi = report_of(ps)->n_propositions;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ps->props_by_id[mid].id, id);
		if (c == 0)
			return ps->props_by_id[mid].index;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return UINT32_MAX;
}

static int cmp_props_by_id(const void *x, const void *y)
{
	return strcmp(((const struct prop_key *)x)->id, ((const struct prop_key *)y)->id);
}

/* The speakers table: names, kinds, roles; and the speaker id of each page. */
static int load_speakers(struct pages_state *ps)
{
	struct db_stmt *st = NULL;
	int rc = ct_store_prepare(ps->b.s, "SELECT id, name, kind, role, org FROM speakers", &st);

	if (rc != CT_OK)
		return rc;
	db_stream(st);
	while ((rc = db_step(st)) == DB_ROW) {
		struct spk *sp;
		const char *name = (const char *)db_column_text(st, 1);
		if (!name)
			continue;
		if (!CT_VEC_RESERVE(ps->spk, ps->cap_spk, ps->n_spk + 1)) {
			db_finalize(st);
			return CT_ENOMEM;
		}
		sp = &ps->spk[ps->n_spk++];
		sp->id = db_column_int64(st, 0);
		sp->name = ct_report_dup_col(&ps->b, st, 1);
		sp->kind = ct_speaker_kind_from_name((const char *)db_column_text(st, 2));
		sp->role = ct_report_dup_col(&ps->b, st, 3);
		sp->org = ct_report_dup_col(&ps->b, st, 4);
		if (!sp->name) {
			db_finalize(st);
			return CT_ENOMEM;
		}
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(ps->b.s, "reading speakers");
	db_finalize(st);
	if (rc != CT_OK)
		return rc;
	if (ps->n_spk > 1)
		qsort(ps->spk, ps->n_spk, sizeof *ps->spk, cmp_spk);
	ps->by_speaker = malloc((ps->pg->n ? ps->pg->n : 1) * sizeof *ps->by_speaker);
	if (!ps->by_speaker)
		return CT_ENOMEM;
	for (size_t i = 0; i < ps->n_spk; i++) {
		const char **hit = ps->pg->n ? bsearch(&ps->spk[i].name, ps->pg->names, ps->pg->n,
						       sizeof *ps->pg->names, cmp_name_ptr)
					     : NULL;
		if (!hit)
			continue;
		size_t page = (size_t)(hit - ps->pg->names);
		ps->pages[page].speaker = ps->spk[i].id;
		ps->by_speaker[ps->n_by_speaker++] = (struct page_of){ ps->spk[i].id, page };
	}
	if (ps->n_by_speaker > 1)
		qsort(ps->by_speaker, ps->n_by_speaker, sizeof *ps->by_speaker, cmp_page_of);
	return CT_OK;
}

/* ---- the parts and parties, from the report's runs ---- */

/* The parties and the pages' parts from the runs of the report's scan. */
static int from_runs(struct pages_state *ps)
{
	const struct page_runs *pr = ct_report_page_runs(report_of(ps));
	const char *prev = NULL;
	uint32_t prop = UINT32_MAX;

	for (size_t i = 0; i < pr->n; i++) {
		const struct page_run *run = &pr->v[i];
		size_t page;
		if (run->prop != prev) {
			prev = run->prop;
			prop = prop_index(ps, run->prop);
		}
		if (prop == UINT32_MAX)
			continue;
		if (run->asserted[0] || run->asserted[1]) {
			if (!CT_VEC_RESERVE(ps->parties, ps->cap_parties, ps->n_parties + 1))
				return CT_ENOMEM;
			struct party *p = &ps->parties[ps->n_parties++];
			p->prop = prop;
			p->speaker = run->speaker;
			memcpy(p->claims, run->asserted, sizeof p->claims);
			memcpy(p->first, run->first, sizeof p->first);
			memcpy(p->last, run->last, sizeof p->last);
		}
		if ((page = page_of_speaker(ps, run->speaker)) == SIZE_MAX)
			continue;
		struct page_work *w = &ps->pages[page];
		if (!CT_VEC_RESERVE(w->parts, w->cap_parts, w->n_parts + 1))
			return CT_ENOMEM;
		struct part *pt = &w->parts[w->n_parts++];
		const int64_t *ids = pr->ids + run->ids;
		memset(pt, 0, sizeof *pt);
		pt->prop = prop;
		memcpy(pt->asserted, run->asserted, sizeof pt->asserted);
		memcpy(pt->hedged, run->hedged, sizeof pt->hedged);
		pt->first = run->from;
		pt->last = run->to;
		pt->n_shown = run->n_shown;
		memcpy(pt->shown, ids, run->n_shown * sizeof *ids);
		pt->n_flips = run->n_flips;
		for (size_t k = 0; k < run->n_flips; k++)
			pt->flips[k] = (struct flip_ids){ ids[run->n_shown + 2 * k],
							  ids[run->n_shown + 2 * k + 1] };
		pt->all_flips = run->all_flips;
	}
	return CT_OK;
}

/* ---- opponents ---- */

static size_t party_claims(const struct party *p, int key)
{
	return key == 2 ? p->claims[0] + p->claims[1] : p->claims[key];
}

static struct day party_last(const struct party *p, int key)
{
	if (key < 2)
		return p->last[key];
	return day_cmp(p->last[0], p->last[1]) > 0 ? p->last[0] : p->last[1];
}

/* A party as one of the rankings orders it. */
struct rank {
	struct day last;
	int64_t speaker;
	size_t claims;
	uint32_t party;
};

/* Most claims first, then the latest, then by speaker id. */
static int cmp_ranked(const void *x, const void *y)
{
	const struct rank *p = x, *q = y;
	int c;

	if (p->claims != q->claims)
		return p->claims > q->claims ? -1 : 1;
	if ((c = day_cmp(q->last, p->last)))
		return c;
	return (p->speaker > q->speaker) - (p->speaker < q->speaker);
}

static int cmp_parties(const void *x, const void *y)
{
	const struct party *p = x, *q = y;

	if (p->prop != q->prop)
		return p->prop < q->prop ? -1 : 1;
	return (p->speaker > q->speaker) - (p->speaker < q->speaker);
}

/* Parties by proposition, and ranked three ways within each. */
static int rank_parties(struct pages_state *ps)
{
	size_t n = ps->n_parties, np = report_of(ps)->n_propositions;

	if (n > 1)
		qsort(ps->parties, n, sizeof *ps->parties, cmp_parties);
	if (!(ps->prop_start = calloc(np + 1, sizeof *ps->prop_start)) ||
	    !(ps->totals = calloc(np + 1, sizeof *ps->totals)))
		return CT_ENOMEM;
	for (size_t i = 0; i < n; i++)
		ps->prop_start[ps->parties[i].prop + 1]++;
	for (size_t i = 0; i < np; i++)
		ps->prop_start[i + 1] += ps->prop_start[i];
	struct rank *tmp = malloc((n ? n : 1) * sizeof *tmp);
	if (!tmp)
		return CT_ENOMEM;
	for (int k = 0; k < 3; k++) {
		if (!(ps->ranked[k] = malloc((n ? n : 1) * sizeof *ps->ranked[k]))) {
			free(tmp);
			return CT_ENOMEM;
		}
		for (size_t i = 0; i < n; i++) {
			const struct party *p = &ps->parties[i];
			size_t c = party_claims(p, k);
			tmp[i] = (struct rank){ party_last(p, k), p->speaker, c, (uint32_t)i };
			ps->totals[p->prop][k][0] += c > 0;
			ps->totals[p->prop][k][1] += c;
		}
		for (size_t p = 0; p < np; p++) {
			size_t a = ps->prop_start[p], e = ps->prop_start[p + 1];
			if (e - a > 1)
				qsort(tmp + a, e - a, sizeof *tmp, cmp_ranked);
		}
		for (size_t i = 0; i < n; i++)
			ps->ranked[k][i] = tmp[i].party;
	}
	free(tmp);
	return CT_OK;
}

/* The opponents of a page's speaker on one proposition: the parties with
 * asserted claims of a stance opposite to one the speaker asserted. */
static int opponents(struct pages_state *ps, const struct page_work *w, const struct part *pt,
		     struct ct_report_page_prop *pp)
{
	int key = pt->asserted[0] && pt->asserted[1] ? 2 : pt->asserted[0] ? 1 : 0;
	size_t a = ps->prop_start[pt->prop], e = ps->prop_start[pt->prop + 1];

	if (!pt->asserted[0] && !pt->asserted[1])
		return CT_OK;
	pp->opponents = calloc(CT_REPORT_PAGE_OPPONENTS, sizeof *pp->opponents);
	if (!pp->opponents)
		return CT_ENOMEM;
	/* All of them but the speaker, counted once per proposition. */
	pp->all_opponents = ps->totals[pt->prop][key][0];
	pp->opponent_claims = ps->totals[pt->prop][key][1];
	struct party self = { .prop = pt->prop, .speaker = w->speaker };
	const struct party *me = e > a ? bsearch(&self, ps->parties + a, e - a, sizeof self,
						 cmp_parties) : NULL;
	if (me && party_claims(me, key) > 0) {
		pp->all_opponents--;
		pp->opponent_claims -= party_claims(me, key);
	}
	for (size_t i = a; i < e && pp->n_opponents < CT_REPORT_PAGE_OPPONENTS; i++) {
		const struct party *p = &ps->parties[ps->ranked[key][i]];
		size_t n = party_claims(p, key);
		if (n == 0)
			break;          /* ranked: none after it has any */
		if (p->speaker == w->speaker)
			continue;
		const struct spk *sp = speaker_by_id(ps, p->speaker);
		struct ct_report_opponent *o = &pp->opponents[pp->n_opponents++];
		struct day first = p->first[key == 2 ? 0 : key], last = party_last(p, key);
		if (key == 2 && (day_none(first) || (!day_none(p->first[1]) &&
						     day_cmp(p->first[1], first) < 0)))
			first = p->first[1];
		o->name = sp ? sp->name : "unknown";
		o->kind = sp ? sp->kind : CT_SPEAKER_PERSON;
		o->claims = n;
		o->first = ct_report_day_dup(&ps->b, first);
		o->last = ct_report_day_dup(&ps->b, last);
		if (!o->first || !o->last)
			return CT_ENOMEM;
	}
	return CT_OK;
}

/* ---- the pages ---- */

static const struct ct_report_claim *fetched(const struct ct_report_page_prop *pp, int64_t id)
{
	for (size_t i = 0; i < pp->n_fetched; i++)
		if (pp->claims[i].id == id)
			return &pp->claims[i];
	return NULL;
}

static int cmp_claim_ids(const void *x, const void *y)
{
	const struct ct_report_claim *p = x, *q = y;

	return (p->id > q->id) - (p->id < q->id);
}

/* Adds the page's claim id (read by read_page_claims()) to pp once. */
static int fetch(struct pages_state *ps, struct ct_report_page_prop *pp, int64_t id)
{
	struct ct_report_claim key = { .id = id }, *hit;

	if (fetched(pp, id))
		return CT_OK;
	hit = ps->n_got ? bsearch(&key, ps->got, ps->n_got, sizeof key, cmp_claim_ids) : NULL;
	if (hit)
		pp->claims[pp->n_fetched++] = *hit;
	return CT_OK;
}

/* Every claim a page shows, read at once into ps->got, by id. */
static int read_page_claims(struct pages_state *ps, const struct page_work *w)
{
	size_t want = 0, n = 0;
	int64_t *ids;
	int rc;

	ps->n_got = 0;
	for (size_t k = 0; k < w->n_parts; k++)
		want += w->parts[k].n_shown + 2 * w->parts[k].n_flips;
	if (!(ids = malloc((want ? want : 1) * sizeof *ids)))
		return CT_ENOMEM;
	for (size_t k = 0; k < w->n_parts; k++) {
		const struct part *pt = &w->parts[k];
		for (size_t i = 0; i < pt->n_shown; i++)
			ids[n++] = pt->shown[i];
		for (size_t i = 0; i < pt->n_flips; i++) {
			ids[n++] = pt->flips[i].from;
			ids[n++] = pt->flips[i].to;
		}
	}
	rc = ct_report_read_claims(&ps->b, ids, n, &ps->got, &ps->n_got, &ps->cap_got);
	free(ids);
	if (rc == CT_OK && ps->n_got > 1)
		qsort(ps->got, ps->n_got, sizeof *ps->got, cmp_claim_ids);
	return rc;
}

/* One proposition of a page from its part: claims, changes, opponents. */
static int page_prop(struct pages_state *ps, const struct page_work *w, const struct part *pt,
		     const char *name, struct ct_report_page_prop *pp)
{
	int rc = CT_OK;

	pp->prop = &report_of(ps)->propositions[pt->prop];
	memcpy(pp->asserted, pt->asserted, sizeof pp->asserted);
	memcpy(pp->hedged, pt->hedged, sizeof pp->hedged);
	pp->first = ct_report_day_dup(&ps->b, pt->first);
	pp->last = ct_report_day_dup(&ps->b, pt->last);
	pp->claims = calloc(pt->n_shown + 2 * pt->n_flips + 1, sizeof *pp->claims);
	pp->changes = calloc(pt->n_flips + 1, sizeof *pp->changes);
	if (!pp->first || !pp->last || !pp->claims || !pp->changes)
		return CT_ENOMEM;
	for (size_t i = 0; i < pt->n_shown && rc == CT_OK; i++)
		rc = fetch(ps, pp, pt->shown[i]);
	pp->n_claims = pp->n_fetched;
	for (size_t i = 0; i < pt->n_flips && rc == CT_OK; i++)
		if ((rc = fetch(ps, pp, pt->flips[i].from)) == CT_OK)
			rc = fetch(ps, pp, pt->flips[i].to);
	if (rc != CT_OK)
		return rc;
	/* The claims move no more: the changes point into them, newest first. */
	for (size_t i = pt->n_flips; i-- > 0;) {
		struct ct_report_change *c = &pp->changes[pp->n_changes];
		c->from = fetched(pp, pt->flips[i].from);
		c->to = fetched(pp, pt->flips[i].to);
		if (!c->from || !c->to)
			continue;
		c->speaker = name;
		c->is_new = c->to->is_new;
		pp->n_changes++;
	}
	pp->all_changes = pt->all_flips;
	return opponents(ps, w, pt, pp);
}

static size_t part_claims(const struct ct_report_page_prop *pp)
{
	return pp->asserted[0] + pp->asserted[1] + pp->hedged[0] + pp->hedged[1];
}

static int cmp_page_props(const void *x, const void *y)
{
	const struct ct_report_page_prop *p = x, *q = y;
	size_t a = part_claims(p), b = part_claims(q);

	if (a != b)
		return a > b ? -1 : 1;
	return strcmp(p->prop->id, q->prop->id);
}

static void page_release(struct ct_report_page *page)
{
	for (size_t i = 0; i < page->n_props; i++) {
		free(page->props[i].claims);
		free(page->props[i].changes);
		free(page->props[i].opponents);
	}
	free(page->props);
}

static int one_page(struct pages_state *ps, size_t i, ct_report_page_fn fn, void *user)
{
	const struct page_work *w = &ps->pages[i];
	const struct spk *sp = w->speaker ? speaker_by_id(ps, w->speaker) : NULL;
	struct ct_report_page page = { 0 };
	struct ct_arena keep = ps->b.arena;   /* the speakers' names: the pages' strings apart */
	int rc = CT_OK;

	page.name = ps->pg->names[i];
	page.file = ps->pg->pages[i];
	page.kind = sp ? sp->kind : CT_SPEAKER_PERSON;
	page.role = sp ? sp->role : NULL;
	page.org = sp ? sp->org : NULL;
	page.props = calloc(w->n_parts + 1, sizeof *page.props);
	if (!page.props)
		return CT_ENOMEM;
	memset(&ps->b.arena, 0, sizeof ps->b.arena);
	rc = read_page_claims(ps, w);
	for (size_t k = 0; k < w->n_parts && rc == CT_OK; k++) {
		const struct part *pt = &w->parts[k];
		rc = page_prop(ps, w, pt, page.name, &page.props[page.n_props++]);
		page.asserted[0] += pt->asserted[0];
		page.asserted[1] += pt->asserted[1];
		page.hedged += pt->hedged[0] + pt->hedged[1];
	}
	page.claims = page.asserted[0] + page.asserted[1] + page.hedged;
	if (rc == CT_OK) {
		if (page.n_props > 1)
			qsort(page.props, page.n_props, sizeof *page.props, cmp_page_props);
		rc = fn(&page, user);
	}
	page_release(&page);
	ct_arena_release(&ps->b.arena);
	ps->b.arena = keep;
	return rc;
}

static void state_release(struct pages_state *ps)
{
	for (size_t i = 0; ps->pages && i < ps->pg->n; i++)
		free(ps->pages[i].parts);
	free(ps->pages);
	free(ps->spk);
	free(ps->by_speaker);
	free(ps->props_by_id);
	free(ps->parties);
	free(ps->prop_start);
	free(ps->totals);
	for (int k = 0; k < 3; k++)
		free(ps->ranked[k]);
	free(ps->got);
	db_finalize(ps->b.by_ids);
	ct_arena_release(&ps->b.arena);
}

int ct_report_build_pages(struct ct_store *s, const struct ct_report_options *o,
			  const struct ct_report *r, const struct ct_report_pages *pg,
			  ct_report_page_fn fn, void *user)
{
	static const struct ct_report_options defaults;
	struct pages_state ps;
	int rc;

	if (!s || !r || !pg || !fn)
		return CT_EINVAL;
	if (pg->n == 0)
		return CT_OK;
	memset(&ps, 0, sizeof ps);
	ps.b.s = s;
	ps.b.o = o ? o : &defaults;
	/* The builder's report is only read here (is_new of the claims read). */
	ps.b.r = (struct ct_report *)r;
	ps.pg = pg;
	ps.pages = calloc(pg->n, sizeof *ps.pages);
	ps.props_by_id = malloc((r->n_propositions ? r->n_propositions : 1) * sizeof *ps.props_by_id);
	if (!ps.pages || !ps.props_by_id) {
		rc = CT_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < r->n_propositions; i++)
		ps.props_by_id[i] = (struct prop_key){ r->propositions[i].id, (uint32_t)i };
	if (r->n_propositions > 1)
		qsort(ps.props_by_id, r->n_propositions, sizeof *ps.props_by_id, cmp_props_by_id);
	if (db_exec(s->db, "BEGIN") != DB_OK) {
		rc = ct_store_dbfail(s, "reading the store");
		goto out;
	}
	if ((rc = load_speakers(&ps)) == CT_OK && (rc = from_runs(&ps)) == CT_OK &&
	    (rc = rank_parties(&ps)) == CT_OK)
		for (size_t i = 0; i < pg->n && rc == CT_OK; i++)
			rc = one_page(&ps, i, fn, user);
	db_exec(s->db, "COMMIT");
out:
	if (rc == CT_ENOMEM)
		ct_store_fail(s, rc, "out of memory");
	state_release(&ps);
	return rc;
}
