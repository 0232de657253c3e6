/*
 * The speakers' pages of a report (ct_report_build_pages()).
 *
 * One scan of the report's claims in the order of the index on (speaker,
 * proposition, date), as the report's own scan, gives each run of one
 * speaker's claims on one proposition together. Every run of a named
 * speaker leaves a party entry (asserted claims per side, first and last
 * dates): the opponents of every page are read from those. A run of a
 * speaker with a page leaves that page's part of the proposition: its
 * counts, the ids of its newest claims and of its newest stance changes.
 * Only the claims the pages list are then read, by id. So the time is
 * linear in the claims, and memory grows with speakers and propositions,
 * not claims.
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

/* One claim of a run of a page's speaker. */
struct spt {
	int64_t id;
	struct day date;
	int side;
	bool hedged;
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
	struct spt *run;               /* the current run's claims, when it has a page */
	size_t n_run, cap_run;
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

/* ---- the scan ---- */

static void widen(struct day *first, struct day *last, struct day d)
{
	if (day_none(*first) || day_cmp(d, *first) < 0)
		*first = d;
	if (day_none(*last) || day_cmp(d, *last) > 0)
		*last = d;
}

static int cmp_spt(const void *x, const void *y)
{
	const struct spt *p = x, *q = y;
	int c = day_cmp(p->date, q->date);

	return c ? c : (p->id > q->id) - (p->id < q->id);
}

/* Ends a run of a page's speaker on a proposition: its part of the page. */
static int close_page_run(struct pages_state *ps, size_t page, uint32_t prop)
{
	struct page_work *w = &ps->pages[page];
	struct part *pt;
	const struct spt *last = NULL;

	if (!CT_VEC_RESERVE(w->parts, w->cap_parts, w->n_parts + 1))
		return CT_ENOMEM;
	pt = &w->parts[w->n_parts++];
	memset(pt, 0, sizeof *pt);
	pt->prop = prop;
	/* The index orders a run by publication date; a statement date can
	 * come before it: sort only when they do. */
	for (size_t i = 1; i < ps->n_run; i++)
		if (cmp_spt(&ps->run[i - 1], &ps->run[i]) > 0) {
			qsort(ps->run, ps->n_run, sizeof *ps->run, cmp_spt);
			break;
		}
	for (size_t i = 0; i < ps->n_run; i++) {
		const struct spt *c = &ps->run[i];
		if (c->hedged) {
			pt->hedged[c->side]++;
		} else {
			pt->asserted[c->side]++;
			if (last && last->side != c->side) {
				if (pt->n_flips == CT_REPORT_PAGE_CHANGES) {
					memmove(pt->flips, pt->flips + 1,
						(CT_REPORT_PAGE_CHANGES - 1) * sizeof *pt->flips);
					pt->n_flips--;
				}
				pt->flips[pt->n_flips++] = (struct flip_ids){ last->id, c->id };
				pt->all_flips++;
			}
			last = c;
		}
		if (!day_none(c->date) && c->date.lo != 0)
			widen(&pt->first, &pt->last, c->date);
	}
	size_t from = ps->n_run > CT_REPORT_PAGE_CLAIMS ? ps->n_run - CT_REPORT_PAGE_CLAIMS : 0;
	for (size_t i = from; i < ps->n_run; i++)
		pt->shown[pt->n_shown++] = ps->run[i].id;
	return CT_OK;
}

struct run_at {
	int64_t speaker;
	uint32_t prop;                 /* UINT32_MAX: not in the report */
	const char *prop_id;           /* the run's proposition as read (in the arena) */
	size_t page;                   /* SIZE_MAX: no page */
	struct party party;
	bool started;
};

static int close_run(struct pages_state *ps, struct run_at *at)
{
	int rc = CT_OK;

	if (!at->started || at->prop == UINT32_MAX)
		return CT_OK;
	if (at->speaker > 0 && (at->party.claims[0] || at->party.claims[1])) {
		if (!CT_VEC_RESERVE(ps->parties, ps->cap_parties, ps->n_parties + 1))
			return CT_ENOMEM;
		ps->parties[ps->n_parties++] = at->party;
	}
	if (at->page != SIZE_MAX)
		rc = close_page_run(ps, at->page, at->prop);
	ps->n_run = 0;
	return rc;
}

static int scan_row(struct pages_state *ps, struct db_stmt *st, struct run_at *at)
{
	int64_t id = db_column_int64(st, 0);
	const char *prop = (const char *)db_column_text(st, 1);
	int64_t speaker = db_column_type(st, 2) == DB_NULL ? 0 : db_column_int64(st, 2);
	int side = (int)side_of((const char *)db_column_text(st, 3));
	bool hedged = db_column_int(st, 4) != 0;
	bool whole;
	struct day date = ct_report_day_of((const char *)db_column_text(st, 5), &whole);
	int rc;

	if (!prop)
		return CT_OK;
	if (!at->started || speaker != at->speaker || strcmp(at->prop_id, prop) != 0) {
		if ((rc = close_run(ps, at)) != CT_OK)
			return rc;
		at->started = true;
		at->speaker = speaker;
		at->prop = prop_index(ps, prop);
		at->prop_id = at->prop == UINT32_MAX ? "" : report_of(ps)->propositions[at->prop].id;
		if (at->prop == UINT32_MAX) {
			/* Not one of the report's: remember the id to see the run end. */
			if (!(at->prop_id = ct_arena_strndup(&ps->b.arena, prop, strlen(prop))))
				return CT_ENOMEM;
		}
		at->page = at->prop == UINT32_MAX ? SIZE_MAX : page_of_speaker(ps, speaker);
		memset(&at->party, 0, sizeof at->party);
		at->party.prop = at->prop;
		at->party.speaker = speaker;
	}
	if (at->prop == UINT32_MAX)
		return CT_OK;
	if (!hedged) {
		at->party.claims[side]++;
		if (whole)
			widen(&at->party.first[side], &at->party.last[side], date);
	}
	if (at->page != SIZE_MAX) {
		if (!CT_VEC_RESERVE(ps->run, ps->cap_run, ps->n_run + 1))
			return CT_ENOMEM;
		ps->run[ps->n_run++] = (struct spt){ id, whole ? date : (struct day){ 0, 0 }, side,
						     hedged };
	}
	return CT_OK;
}

static int scan(struct pages_state *ps)
{
	static const char cols[] =
		"SELECT c.id, c.proposition, c.speaker_id, c.stance, c.hedged, "
		"COALESCE(c.statement_date, c.date) FROM claims c ";
	char base[512];
	struct db_stmt *st = NULL;
	struct run_at at = { 0 };
	int rc;

	snprintf(base, sizeof base, "%s%s", cols,
		 ps->b.o->n_tags ? "JOIN propositions p ON p.pk = c.proposition_pk WHERE 1"
				 : "INDEXED BY claims_by_speaker WHERE 1");
	rc = ct_report_prepare_filtered(&ps->b, base, SCAN_ORDER,
					&st);
	if (rc != CT_OK)
		return rc;
	db_stream(st);
	while ((rc = db_step(st)) == DB_ROW) {
		int r = scan_row(ps, st, &at);
		if (r != CT_OK) {
			db_finalize(st);
			return r;
		}
	}
	rc = rc == DB_DONE ? close_run(ps, &at) : ct_store_dbfail(ps->b.s, "reading claims");
	db_finalize(st);
	return rc;
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
	free(ps->run);
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
	if ((rc = load_speakers(&ps)) == CT_OK && (rc = scan(&ps)) == CT_OK &&
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
