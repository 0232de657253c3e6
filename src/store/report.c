/*
 * Building a report from the store.
 *
 * One scan of the claims in the period, in the order of the index on
 * (speaker, proposition, date), gives every speaker's claims on every
 * proposition together: their counts per side, and the flips of their
 * asserted stance; it also counts each proposition's documents. A few
 * bounded queries then fetch the claims the report shows: the newest per
 * proposition, and the newest claims of each side for the contradictions.
 * The same scan keeps what the speakers' pages need of each named
 * speaker's claims on each proposition (report_speakers.c), with the
 * report, so that the pages read the claims no second time.
 * Memory grows with speakers and propositions (and a bit per document for
 * each proposition), not with claims.
 *
 * This file: contradictions and changes, each proposition and the whole
 * report, the names for completion. The scan is report_scan.c, the claims
 * and speakers shown report_claims.c.
 */
#include "claimtrack/store.h"
#include "base/base.h"
#include "store/report_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- contradictions and changes ---- */

static int cmp_strings(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * Ranks the strings of v (NULL counts as ""): equal strings get equal
 * ranks and ranks order as strcmp() orders the strings, so comparing many
 * pairs of them is comparing integers. rank has n entries.
 */
static int rank_strings(const char *const *v, size_t n, uint32_t *rank)
{
	const char **sorted = malloc((n ? n : 1) * sizeof *sorted);
	size_t n_sorted = 0;

	if (!sorted)
		return CT_ENOMEM;
	for (size_t i = 0; i < n; i++)
		sorted[n_sorted++] = v[i] ? v[i] : "";
	qsort(sorted, n_sorted, sizeof *sorted, cmp_strings);
	for (size_t i = 0; i < n; i++) {
		const char *key = v[i] ? v[i] : "";
		const char **at = bsearch(&key, sorted, n_sorted, sizeof *sorted, cmp_strings);
		/* The first of equal strings, so that equal strings rank the same. */
		while (at > sorted && strcmp(at[-1], key) == 0)
			at--;
		rank[i] = (uint32_t)(at - sorted);
	}
	free(sorted);
	return CT_OK;
}

/* A candidate contradiction: claims s (supports) and r (refutes) by index. */
struct pair {
	uint64_t when;                 /* newer date's rank << 32 | older date's rank */
	uint32_t s, r;
};

/* Whether p comes before q: newest first; among pairs as new, in the
 * order they were listed (s, r are unique to a pair: a total order). */
static bool pair_before(const struct pair *p, const struct pair *q)
{
	if (p->when != q->when)
		return p->when > q->when;
	if (p->s != q->s)
		return p->s < q->s;
	return p->r < q->r;
}

/* Moves v[i] down the heap v[0, n) whose top comes first. */
static void pair_sift(struct pair *v, size_t n, size_t i)
{
	struct pair x = v[i];

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && pair_before(&v[c + 1], &v[c]))
			c++;
		if (!pair_before(&v[c], &x))
			break;
		v[i] = v[c];
		i = c;
	}
	v[i] = x;
}

/*
 * The newest contradictions: pairs of asserted claims of opposite stance by
 * different parties, newest first (by the newer claim's date, then the
 * older one's), one pair per pair of parties. Dates and speakers are
 * ranked first: a proposition has tens of thousands of pairs to order.
 *
 * A party is a speaker by name: an outlet asserting in its own voice is
 * one (it takes a side, as a fact-check that calls a claim false does), and
 * is the same party as that outlet quoted by name elsewhere. A claim an
 * outlet only reported is its speaker's, never the outlet's, so reporting
 * a claim makes no outlet a party to it.
 */
static int contradictions(struct builder *b, struct ct_report_proposition *rp)
{
	size_t n_claims = rp->n_claims, n = 0, cap = 0, kept = 0;
	const char **text = malloc((n_claims ? n_claims : 1) * sizeof *text);
	uint32_t *date = malloc((n_claims ? n_claims : 1) * sizeof *date);
	uint32_t *speaker = malloc((n_claims ? n_claims : 1) * sizeof *speaker);
	struct pair *all = NULL;
	struct pair *keep = malloc((b->max_contradictions ? b->max_contradictions : 1) * sizeof *keep);
	int rc = CT_ENOMEM;

	if (!text || !date || !speaker || !keep)
		goto out;
	for (size_t i = 0; i < n_claims; i++)
		text[i] = rp->claims[i].date;
	if (rank_strings(text, n_claims, date) != CT_OK)
		goto out;
	for (size_t i = 0; i < n_claims; i++)
		text[i] = rp->claims[i].speaker;
	if (rank_strings(text, n_claims, speaker) != CT_OK)
		goto out;
	for (size_t i = 0; i < n_claims; i++) {
		const struct ct_report_claim *s = &rp->claims[i];
		if (s->stance != CT_SUPPORTS || s->hedged || !s->speaker)
			continue;
		for (size_t j = 0; j < n_claims; j++) {
			const struct ct_report_claim *r = &rp->claims[j];
			if (r->stance != CT_REFUTES || r->hedged || !r->speaker || speaker[i] == speaker[j])
				continue;
			if (!CT_VEC_RESERVE(all, cap, n + 1))
				goto out;
			uint64_t hi = date[i] > date[j] ? date[i] : date[j];
			uint64_t lo = date[i] > date[j] ? date[j] : date[i];
			all[n++] = (struct pair){ hi << 32 | lo, (uint32_t)i, (uint32_t)j };
		}
	}
	/* The pairs in order, taken off a heap only as far as the list needs
	 * them (a proposition has tens of thousands, the list 20), instead of
	 * sorting them all. */
	for (size_t i = n / 2; i-- > 0;)
		pair_sift(all, n, i);
	for (size_t left = n; left > 0 && kept < b->max_contradictions;) {
		struct pair top = all[0];
		bool seen = false;
		all[0] = all[--left];
		pair_sift(all, left, 0);
		for (size_t k = 0; k < kept && !seen; k++)
			seen = speaker[keep[k].s] == speaker[top.s] &&
			       speaker[keep[k].r] == speaker[top.r];
		if (!seen)
			keep[kept++] = top;
	}
	rp->contradictions = calloc(kept ? kept : 1, sizeof *rp->contradictions);
	if (!rp->contradictions)
		goto out;
	for (size_t k = 0; k < kept; k++) {
		struct ct_report_contradiction *c = &rp->contradictions[k];
		c->supports = &rp->claims[keep[k].s];
		c->refutes = &rp->claims[keep[k].r];
		c->is_new = c->supports->is_new || c->refutes->is_new;
	}
	rp->n_contradictions = kept;
	rc = CT_OK;
out:
	free(text);
	free(date);
	free(speaker);
	free(all);
	free(keep);
	return rc;
}

/* The stance changes shown: the newest flips, at most max_changes (sorted
 * newest first); their claims are read with the proposition's. */
static size_t changes_kept(struct builder *b, struct prop_work *p)
{
	if (p->n_flips > 1)
		qsort(p->flips, p->n_flips, sizeof *p->flips, ct_report_cmp_flips_newest);
	return p->n_flips < b->max_changes ? p->n_flips : b->max_changes;
}

static int changes(struct prop_work *p, size_t keep, struct ct_report_proposition *rp)
{
	rp->changes = calloc(keep ? keep : 1, sizeof *rp->changes);
	if (!rp->changes)
		return CT_ENOMEM;
	for (size_t i = 0; i < keep; i++) {
		struct ct_report_change *c = &rp->changes[rp->n_changes];
		c->from = ct_report_claim_by_id(rp, p->flips[i].from_id);
		c->to = ct_report_claim_by_id(rp, p->flips[i].to_id);
		if (!c->from || !c->to)
			continue;
		c->speaker = c->to->speaker;
		c->is_new = c->to->is_new;
		rp->n_changes++;
	}
	rp->all_changes = p->all_flips;
	return CT_OK;
}

/*
 * The claims a proposition shows, read at once: the newest, the newest
 * asserted per side, the own-voice outlets' samples and the changes' two
 * ends (keep of them).
 */
static int read_shown(struct builder *b, struct prop_work *p, size_t keep,
		      struct ct_report_proposition *rp, size_t *cap)
{
	size_t n = 0, want = p->all.n + p->sides[0].n + p->sides[1].n + 2 * OWN_SAMPLES + 2 * keep;
	int64_t *ids = malloc((want ? want : 1) * sizeof *ids);
	int rc;

	if (!ids)
		return CT_ENOMEM;
	for (size_t side = 0; side < 2; side++) {
		size_t own = side ? rp->n_own_refuters : rp->n_own_supporters;
		for (size_t i = 0; i < own && i < OWN_SAMPLES; i++)
			ids[n++] = p->samples[side][i];
	}
	ct_report_want_claims(p, ids, &n);
	for (size_t i = 0; i < keep; i++) {
		ids[n++] = p->flips[i].from_id;
		ids[n++] = p->flips[i].to_id;
	}
	rc = ct_report_read_claims(b, ids, n, &rp->claims, &rp->n_claims, cap);
	free(ids);
	return rc;
}

static int cmp_claims_newest(const void *x, const void *y)
{
	const struct ct_report_claim *p = x, *q = y;
	int c = strcmp(q->date ? q->date : "", p->date ? p->date : "");

	return c ? c : (q->id > p->id) - (q->id < p->id);
}

/* Title, tags and rev of the newest version of a proposition. */
static int describe(struct builder *b, struct ct_report_proposition *rp)
{
	struct db_stmt *st = NULL;
	int rc = ct_store_prepare(b->s, "SELECT title, tags, rev FROM propositions WHERE id = ?1 "
				  "ORDER BY rev DESC, pk DESC LIMIT 1", &st);

	if (rc != CT_OK)
		return rc;
	db_bind_text(st, 1, rp->id, -1);
	if (db_step(st) == DB_ROW) {
		rp->title = ct_report_dup_col(b, st, 0);
		rp->tags = ct_report_dup_col(b, st, 1);
		rp->rev = db_column_int(st, 2);
	}
	db_finalize(st);
	if (!rp->title)
		rp->title = rp->id;
	if (!rp->tags)
		rp->tags = "";
	return CT_OK;
}

/* One proposition of the report from its work entry. */
static int build_proposition(struct builder *b, struct prop_work *p, struct ct_report_proposition *rp)
{
	size_t cap = 0, parties[2], keep;
	int rc;

	rp->id = p->id;
	for (size_t i = 0; i < p->n_groups; i++) {
		rp->supports += p->groups[i].claims[0];
		rp->refutes += p->groups[i].claims[1];
		rp->hedged_supports += p->groups[i].hedged[0];
		rp->hedged_refutes += p->groups[i].hedged[1];
	}
	rp->n_new = p->new_claims;
	rp->documents = p->documents;
	rp->first = ct_report_day_dup(b, p->first);
	rp->last = ct_report_day_dup(b, p->last);
	keep = changes_kept(b, p);
	if ((rc = describe(b, rp)) != CT_OK || (rc = ct_report_speakers(b, p, rp)) != CT_OK ||
	    (rc = read_shown(b, p, keep, rp, &cap)) != CT_OK || (rc = changes(p, keep, rp)) != CT_OK)
		return rc;
	/* The claims move no more: pointers into them are taken from here on. */
	if (rp->n_claims > 1) {
		/* Sorting moves claims: re-point the changes after it. */
		int64_t *from = malloc(rp->n_changes * 2 * sizeof *from + 1);
		if (!from)
			return CT_ENOMEM;
		for (size_t i = 0; i < rp->n_changes; i++) {
			from[2 * i] = rp->changes[i].from->id;
			from[2 * i + 1] = rp->changes[i].to->id;
		}
		qsort(rp->claims, rp->n_claims, sizeof *rp->claims, cmp_claims_newest);
		for (size_t i = 0; i < rp->n_changes; i++) {
			rp->changes[i].from = ct_report_claim_by_id(rp, from[2 * i]);
			rp->changes[i].to = ct_report_claim_by_id(rp, from[2 * i + 1]);
		}
		free(from);
	}
	ct_report_point_samples(p, rp);
	if ((rc = contradictions(b, rp)) != CT_OK)
		return rc;
	ct_report_parties(p, parties);
	b->r->new_contradictions += ct_report_new_contradicting(p, parties);
	b->r->new_changes += p->new_flips;
	return CT_OK;
}

static int cmp_props_active(const void *x, const void *y)
{
	const struct prop_work *p = x, *q = y;

	if (p->claims != q->claims)
		return p->claims > q->claims ? -1 : 1;
	return strcmp(p->id, q->id);
}

static void builder_release(struct builder *b)
{
	for (size_t i = 0; i < b->n_props; i++) {
		free(b->props[i].groups);
		free(b->props[i].samples[0]);
		free(b->props[i].samples[1]);
		free(b->props[i].docs);
		free(b->props[i].flips);
		free(b->props[i].all.v);
		free(b->props[i].sides[0].v);
		free(b->props[i].sides[1].v);
	}
	db_finalize(b->by_ids);
	db_finalize(b->speakers_st);
	db_finalize(b->kind_st);
	free(b->outlet_names);
	free(b->doc_outlet);
	free(b->props);
	free(b->hash);
	free(b->points);
	ct_report_page_runs_release(&b->runs);
	free(b->seen_doc);
	free(b->seen_speaker);
	free(b->seen_outlet);
}

struct report_owner {
	struct ct_report pub;
	struct ct_arena arena;
	struct page_runs runs;         /* for ct_report_build_pages() */
};

const struct page_runs *ct_report_page_runs(const struct ct_report *r)
{
	return &((const struct report_owner *)r)->runs;
}

int ct_report_build(struct ct_store *s, const struct ct_report_options *o,
		    struct ct_report **out)
{
	static const struct ct_report_options defaults;
	struct report_owner *own = calloc(1, sizeof *own);
	struct builder b;
	struct ct_report *r;
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	if (!own)
		return CT_ENOMEM;
	r = &own->pub;
	memset(&b, 0, sizeof b);
	b.s = s;
	b.o = o ? o : &defaults;
	b.r = r;
	b.max_claims = b.o->max_claims ? b.o->max_claims : 200;
	b.max_contradictions = b.o->max_contradictions ? b.o->max_contradictions : 20;
	b.max_changes = b.o->max_changes ? b.o->max_changes : 20;
	b.max_speakers = b.o->max_speakers ? b.o->max_speakers : 50;
	if ((b.o->since && !ct_date_valid(b.o->since)) || (b.o->until && !ct_date_valid(b.o->until))) {
		free(own);
		return ct_store_fail(s, CT_EINVAL, "a report period takes dates as YYYY-MM-DD");
	}
	if (b.o->since && b.o->until && strcmp(b.o->since, b.o->until) > 0) {
		free(own);
		return ct_store_fail(s, CT_EINVAL, "a report period cannot end before it starts");
	}
	snprintf(r->kind, sizeof r->kind, "report");
	snprintf(r->since, sizeof r->since, "%s", b.o->since ? b.o->since : "");
	snprintf(r->until, sizeof r->until, "%s", b.o->until ? b.o->until : "");
	gmtime_r(&now, &tm);
	strftime(r->generated, sizeof r->generated, "%Y-%m-%dT%H:%M:%SZ", &tm);
	r->has_previous = b.o->new_after_claim > 0 || b.o->only_new;

	if ((rc = ct_store_max_claim(s, NULL, &r->max_claim)) != CT_OK ||
	    (rc = db_exec(s->db, "BEGIN")) != DB_OK)
		goto fail_db;
	if ((rc = ct_report_scan(&b)) != CT_OK || (rc = ct_report_count_documents(&b)) != CT_OK)
		goto fail;
	day_text(b.first, r->first);
	day_text(b.last, r->last);
	r->documents = b.n_doc;
	r->speakers = b.n_speaker;
	r->outlets = b.n_outlet;
	if (b.n_props > 1)
		qsort(b.props, b.n_props, sizeof *b.props, cmp_props_active);
	r->propositions = calloc(b.n_props ? b.n_props : 1, sizeof *r->propositions);
	if (!r->propositions) {
		rc = CT_ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < b.n_props; i++) {
		if (b.o->only_new && b.props[i].new_claims == 0)
			continue;
		rc = build_proposition(&b, &b.props[i], &r->propositions[r->n_propositions]);
		r->n_propositions++;
		if (rc != CT_OK)
			goto fail;
	}
	db_exec(s->db, "COMMIT");
	own->arena = b.arena;
	/* The runs stay with the report; the current run's claims do not. */
	own->runs = b.runs;
	free(own->runs.cur);
	own->runs.cur = NULL;
	own->runs.n_cur = own->runs.cap_cur = 0;
	memset(&b.runs, 0, sizeof b.runs);
	builder_release(&b);
	*out = r;
	return CT_OK;
fail_db:
	rc = ct_store_dbfail(s, "reading the store");
fail:
	db_exec(s->db, "ROLLBACK");
	own->arena = b.arena;
	builder_release(&b);
	ct_report_free(r);
	return rc;
}

/* Appends the tags of one space-separated list to *v (malloc'd copies). */
static int split_tags(const char *tags, char ***v, size_t *n, size_t *cap)
{
	for (const char *p = tags; *p;) {
		size_t len = strcspn(p, " \t");
		if (len > 0) {
			char *t = strndup(p, len);
			if (!t || !CT_VEC_RESERVE(*v, *cap, *n + 1)) {
				free(t);
				return CT_ENOMEM;
			}
			(*v)[(*n)++] = t;
		}
		p += len;
		p += strspn(p, " \t");
	}
	return CT_OK;
}

static int cmp_str_ptrs(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

int ct_report_names(struct ct_store *s, ct_report_name_fn fn, void *user)
{
	struct db_stmt *st = NULL;
	char **tags = NULL;
	size_t n = 0, cap = 0;
	int rc, step;

	if (!s || !fn)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = ct_store_prepare(s, "SELECT DISTINCT id FROM propositions ORDER BY id", &st)) != CT_OK)
		return rc;
	while ((step = db_step(st)) == DB_ROW)
		if ((rc = fn(db_column_text(st, 0), false, user)) != 0)
			goto out;
	if (step != DB_DONE)
		goto fail_db;
	db_finalize(st);
	if ((rc = ct_store_prepare(s, "SELECT DISTINCT tags FROM propositions", &st)) != CT_OK)
		return rc;
	while ((step = db_step(st)) == DB_ROW) {
		const char *t = db_column_text(st, 0);
		if (t && (rc = split_tags(t, &tags, &n, &cap)) != CT_OK) {
			rc = ct_store_fail(s, rc, "out of memory");
			goto out;
		}
	}
	if (step != DB_DONE)
		goto fail_db;
	if (n > 1)
		qsort(tags, n, sizeof *tags, cmp_str_ptrs);
	rc = CT_OK;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (i == 0 || strcmp(tags[i], tags[i - 1]) != 0)
			rc = fn(tags[i], true, user);
	goto out;
fail_db:
	rc = ct_store_dbfail(s, "reading the propositions");
out:
	db_finalize(st);
	for (size_t i = 0; i < n; i++)
		free(tags[i]);
	free(tags);
	return rc;
}

void ct_report_free(struct ct_report *r)
{
	struct report_owner *own = (struct report_owner *)r;

	if (!r)
		return;
	for (size_t i = 0; i < r->n_propositions; i++) {
		struct ct_report_proposition *p = &r->propositions[i];
		free(p->claims);
		free(p->supporters);
		free(p->refuters);
		free(p->own_supporters);
		free(p->own_refuters);
		free(p->contradictions);
		free(p->changes);
	}
	free(r->propositions);
	ct_report_page_runs_release(&own->runs);
	ct_arena_release(&own->arena);
	free(own);
}
