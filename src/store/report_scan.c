/*
 * The report's scan: every claim of the period read once, in the order of
 * the index on (speaker, proposition, date), into each proposition's
 * groups of a speaker's claims, with the filter every query of the report
 * shares and the small sets and maps the scan fills.
 */
#include "claimtrack/report.h"
#include "base/base.h"
#include "store/report_build.h"

#include <stdio.h>
#include <stdlib.h>

/* The key of the first 10 bytes of date (NULL is ""); *whole: it has 10 exactly. */
struct day ct_report_day_of(const char *date, bool *whole)
{
	unsigned char b[10] = { 0 };
	size_t n = 0;

	while (date && n < 10 && date[n]) {
		b[n] = (unsigned char)date[n];
		n++;
	}
	*whole = n == 10 && date[10] == '\0';
	return (struct day){
		(uint64_t)b[0] << 56 | (uint64_t)b[1] << 48 | (uint64_t)b[2] << 40 |
			(uint64_t)b[3] << 32 | (uint64_t)b[4] << 24 | (uint64_t)b[5] << 16 |
			(uint64_t)b[6] << 8 | b[7],
		(uint16_t)(b[8] << 8 | b[9]),
	};
}

/* A copy of a date key as text in the arena; NULL when out of memory. */
char *ct_report_day_dup(struct builder *b, struct day d)
{
	char text[11];

	day_text(d, text);
	return ct_arena_strndup(&b->arena, text, strlen(text));
}

/* ---- the filter shared by every query ---- */

/*
 * Appends the WHERE conditions of the options to sql (which selects from
 * claims c JOIN propositions p): the period on the claim's date, the
 * propositions and the tags. Parameters are ?1 since, ?2 until, then ?3…
 * for propositions and tags, bound by bind_filter().
 */
static void filter_sql(const struct ct_report_options *o, char *sql, size_t cap)
{
	size_t n = strlen(sql);
	int param = 3;

	n += (size_t)snprintf(sql + n, cap - n,
			      " AND (CAST(?1 AS TEXT) IS NULL OR COALESCE(c.statement_date, c.date) >= ?1)"
			      " AND (CAST(?2 AS TEXT) IS NULL OR COALESCE(c.statement_date, c.date) <= ?2)");
	if (o->n_propositions > 0) {
		n += (size_t)snprintf(sql + n, cap - n, " AND c.proposition IN (");
		for (size_t i = 0; i < o->n_propositions && n < cap; i++)
			n += (size_t)snprintf(sql + n, cap - n, "%s?%d", i ? "," : "", param++);
		n += (size_t)snprintf(sql + n, cap - n, ")");
	}
	if (o->n_tags > 0) {
		n += (size_t)snprintf(sql + n, cap - n, " AND (0");
		for (size_t i = 0; i < o->n_tags && n < cap; i++)
			n += (size_t)snprintf(sql + n, cap - n,
					      " OR (' ' || p.tags || ' ') LIKE ('%% ' || ?%d || ' %%')",
					      param++);
		n += (size_t)snprintf(sql + n, cap - n, ")");
	}
	if (!o->copies && n < cap)
		snprintf(sql + n, cap - n, "%s", CT_SQL_ONCE_PER_STORY);
}

static void bind_filter(const struct ct_report_options *o, struct db_stmt *st)
{
	int param = 3;

	if (o->since)
		db_bind_text(st, 1, o->since, -1);
	if (o->until)
		db_bind_text(st, 2, o->until, -1);
	for (size_t i = 0; i < o->n_propositions; i++)
		db_bind_text(st, param++, o->propositions[i], -1);
	for (size_t i = 0; i < o->n_tags; i++)
		db_bind_text(st, param++, o->tags[i], -1);
}

/* Prepares base + filter + tail; the SQL is built from fixed pieces only. */
int ct_report_prepare_filtered(struct builder *b, const char *base, const char *tail,
			       struct db_stmt **st)
{
	size_t cap = strlen(base) + strlen(tail) + 256 + sizeof CT_SQL_ONCE_PER_STORY +
		     80 * (b->o->n_propositions + b->o->n_tags);
	char *sql = malloc(cap);
	int rc;

	if (!sql)
		return CT_ENOMEM;
	snprintf(sql, cap, "%s", base);
	filter_sql(b->o, sql, cap);
	strncat(sql, tail, cap - strlen(sql) - 1);
	rc = ct_store_prepare(b->s, sql, st);
	free(sql);
	if (rc == CT_OK)
		bind_filter(b->o, *st);
	return rc;
}

/* ---- small sets and maps ---- */

/* Marks id in a byte set that grows as needed; counts first sightings. */
static int mark(unsigned char **set, size_t *cap, size_t *count, int64_t id)
{
	if (id <= 0)
		return CT_OK;
	if ((size_t)id >= *cap) {
		size_t old = *cap;
		if (!CT_VEC_RESERVE(*set, *cap, (size_t)id + 1))
			return CT_ENOMEM;
		memset(*set + old, 0, *cap - old);
	}
	if (!(*set)[id]) {
		(*set)[id] = 1;
		(*count)++;
	}
	return CT_OK;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int rehash(struct builder *b)
{
	size_t cap = b->hash_cap ? b->hash_cap * 2 : 64;
	size_t *h = malloc(cap * sizeof *h);

	if (!h)
		return CT_ENOMEM;
	for (size_t i = 0; i < cap; i++)
		h[i] = SIZE_MAX;
	for (size_t p = 0; p < b->n_props; p++) {
		size_t i = hash_str(b->props[p].id) & (cap - 1);
		while (h[i] != SIZE_MAX)
			i = (i + 1) & (cap - 1);
		h[i] = p;
	}
	free(b->hash);
	b->hash = h;
	b->hash_cap = cap;
	return CT_OK;
}

/* The work entry for a proposition id, made on first sight; NULL: no memory. */
static struct prop_work *prop_for(struct builder *b, const char *id)
{
	size_t i;

	if (b->n_props * 2 >= b->hash_cap && rehash(b) != CT_OK)
		return NULL;
	i = hash_str(id) & (b->hash_cap - 1);
	while (b->hash[i] != SIZE_MAX) {
		if (strcmp(b->props[b->hash[i]].id, id) == 0)
			return &b->props[b->hash[i]];
		i = (i + 1) & (b->hash_cap - 1);
	}
	if (!CT_VEC_RESERVE(b->props, b->cap_props, b->n_props + 1))
		return NULL;
	struct prop_work *p = &b->props[b->n_props];
	memset(p, 0, sizeof *p);
	p->id = ct_arena_strndup(&b->arena, id, strlen(id));
	if (!p->id)
		return NULL;
	b->hash[i] = b->n_props++;
	return p;
}

/* ---- the scan ---- */

static int cmp_points(const void *x, const void *y)
{
	const struct point *p = x, *q = y;
	int c = day_cmp(p->date, q->date);

	return c ? c : (p->id > q->id) - (p->id < q->id);
}

static bool point_less(const struct point *p, const struct point *q)
{
	int c = day_cmp(p->date, q->date);

	return c ? c < 0 : p->id < q->id;
}

/* Offers a claim to a bounded heap of the newest; the oldest falls out. */
static int newest_offer(struct newest *h, size_t limit, const struct point *pt)
{
	size_t i;

	if (limit == 0)
		return CT_OK;
	if (h->n < limit) {
		if (!CT_VEC_RESERVE(h->v, h->cap, h->n + 1))
			return CT_ENOMEM;
		i = h->n++;
		while (i > 0 && point_less(pt, &h->v[(i - 1) / 2])) {
			h->v[i] = h->v[(i - 1) / 2];
			i = (i - 1) / 2;
		}
		h->v[i] = *pt;
		return CT_OK;
	}
	if (!point_less(&h->v[0], pt))
		return CT_OK;
	i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const struct point *mv = pt;
		if (l < h->n && point_less(&h->v[l], mv)) {
			m = l;
			mv = &h->v[l];
		}
		if (r < h->n && point_less(&h->v[r], mv))
			m = r;
		if (m == i)
			break;
		h->v[i] = h->v[m];
		i = m;
	}
	h->v[i] = *pt;
	return CT_OK;
}

int ct_report_cmp_flips_newest(const void *x, const void *y)
{
	const struct flip *p = x, *q = y;
	int c = day_cmp(q->to_date, p->to_date);

	return c ? c : (q->to_id > p->to_id) - (q->to_id < p->to_id);
}

/* Keeps a flip, holding at most max_changes (the newest) per proposition. */
static int keep_flip(struct builder *b, struct prop_work *p, const struct flip *f)
{
	p->all_flips++;
	if (f->to_id > b->o->new_after_claim && b->r->has_previous)
		p->new_flips++;
	if (p->n_flips == b->max_changes * 4) {
		/* Trim to the newest max_changes now and then. */
		qsort(p->flips, p->n_flips, sizeof *p->flips, ct_report_cmp_flips_newest);
		p->n_flips = b->max_changes;
	}
	if (!CT_VEC_RESERVE(p->flips, p->cap_flips, p->n_flips + 1))
		return CT_ENOMEM;
	p->flips[p->n_flips++] = *f;
	return CT_OK;
}

/* Ends the current run of a speaker's claims: finds its flips in date
 * order, in the outlet's own voice and not alike (one party). */
static int close_group(struct builder *b, struct prop_work *p, int64_t speaker)
{
	int rc = CT_OK;

	if (!p || speaker <= 0 || b->n_points < 2) {
		b->n_points = 0;
		return CT_OK;
	}
	/* The scan reads a group in order of the publication date, so the
	 * points are mostly in order already: sort only when they are not.
	 * When the pages' run of the same claims is sorted and every date is
	 * whole, its asserted claims are the points in order. */
	for (size_t i = 1; i < b->n_points; i++)
		if (cmp_points(&b->points[i - 1], &b->points[i]) > 0) {
			const struct page_runs *pr = &b->runs;
			if (pr->cur_sorted && pr->cur_whole) {
				size_t n = 0;
				for (size_t k = 0; k < pr->n_cur; k++)
					if (!pr->cur[k].hedged)
						b->points[n++] = (struct point){
							pr->cur[k].id, pr->cur[k].date, pr->cur[k].side };
			} else {
				qsort(b->points, b->n_points, sizeof *b->points, cmp_points);
			}
			break;
		}
	for (size_t i = 1; i < b->n_points && rc == CT_OK; i++) {
		if (b->points[i].side == b->points[i - 1].side)
			continue;
		struct flip f = { speaker, b->points[i - 1].id, b->points[i].id, b->points[i].date };
		rc = keep_flip(b, p, &f);
	}
	b->n_points = 0;
	return rc;
}

/* Widens [first, last] to take in a whole date; {0, 0} is an empty range. */
static void widen(struct day *first, struct day *last, struct day date)
{
	if (day_none(*first) || day_cmp(date, *first) < 0)
		*first = date;
	if (day_none(*last) || day_cmp(date, *last) > 0)
		*last = date;
}

/* Most memory the scan's sets of documents per proposition may take. */
#define DOC_SETS_MAX ((size_t)64 << 20)

/* Leaves counting documents to ct_report_count_documents(). */
static void drop_doc_sets(struct builder *b)
{
	for (size_t i = 0; i < b->n_props; i++) {
		free(b->props[i].docs);
		b->props[i].docs = NULL;
		b->props[i].documents = 0;
	}
	b->docs_by_scan = false;
}

/*
 * Counts doc for p when the scan counts documents, in a set of document
 * ids per proposition: counting them in another pass reads the whole
 * claims table. When the sets would outgrow DOC_SETS_MAX, or doc is not
 * among the documents read, ct_report_count_documents() does it instead.
 */
static int count_document(struct builder *b, struct prop_work *p, int64_t doc)
{
	size_t words = b->n_doc_outlet / 64 + 1;
	uint64_t bit;

	if (!b->docs_by_scan)
		return CT_OK;
	if (doc <= 0 || (size_t)doc >= b->n_doc_outlet ||
	    (!p->docs && (b->n_doc_sets + 1) * words * sizeof *p->docs > DOC_SETS_MAX)) {
		drop_doc_sets(b);
		return CT_OK;
	}
	if (!p->docs) {
		if (!(p->docs = calloc(words, sizeof *p->docs)))
			return CT_ENOMEM;
		b->n_doc_sets++;
	}
	bit = (uint64_t)1 << ((size_t)doc % 64);
	if (!(p->docs[(size_t)doc / 64] & bit)) {
		p->docs[(size_t)doc / 64] |= bit;
		p->documents++;
	}
	return CT_OK;
}

/*
 * Where the scan is: the current run of one speaker's claims on one
 * proposition, and that run's groups (the outlet's own voice and the rest)
 * by index into the proposition's groups, SIZE_MAX until made.
 */
struct scan_at {
	struct prop_work *p;
	int64_t speaker;
	size_t group[2];               /* [1]: the own voice */
};

/* The group of the run for claims in the own voice or not, made on first sight. */
static struct group *group_of(struct scan_at *at, bool voice)
{
	struct prop_work *p = at->p;

	if (at->group[voice] == SIZE_MAX) {
		if (!CT_VEC_RESERVE(p->groups, p->cap_groups, p->n_groups + 1))
			return NULL;
		memset(&p->groups[p->n_groups], 0, sizeof *p->groups);
		p->groups[p->n_groups].speaker_id = at->speaker;
		p->groups[p->n_groups].voice = voice;
		at->group[voice] = p->n_groups++;
	}
	return &p->groups[at->group[voice]];
}

/* Ends the scan's current run of a speaker's claims on a proposition: the
 * pages' run first (it sorts the claims, which the group can then use). */
static int close_run(struct builder *b, struct scan_at *at)
{
	int rc = CT_OK;

	if (at->p && b->runs.n_cur)
		rc = ct_report_page_run_end(&b->runs, at->p->id, at->speaker);
	if (rc == CT_OK)
		rc = close_group(b, at->p, at->speaker);
	ct_report_page_run_next(&b->runs);
	return rc;
}

/*
 * Keeps pt as the sample of its side when it is the newest of its kind:
 * the newest asserted claim, or while the side has none, the newest hedged
 * one. Called after the group counted pt.
 */
static void offer_sample(struct group *g, const struct point *pt, bool hedged)
{
	struct point *cur = &g->sample[pt->side];
	size_t asserted = g->claims[pt->side];

	if (hedged ? asserted == 0 && (cur->id == 0 || point_less(cur, pt))
		   : asserted == 1 || point_less(cur, pt))
		*cur = *pt;
}

/* Reads one row of the scan into the group it belongs to. */
static int scan_row(struct builder *b, struct db_stmt *st, struct scan_at *at)
{
	int64_t id = db_column_int64(st, 0);
	const char *prop = db_column_text(st, 1);
	int64_t speaker = db_column_type(st, 2) == DB_NULL ? 0 : db_column_int64(st, 2);
	size_t side = side_of(db_column_text(st, 3));
	bool hedged = db_column_int(st, 4) != 0;
	const char *date = db_column_text(st, 5);
	int64_t doc = db_column_int64(st, 6);
	int64_t outlet = doc > 0 && (size_t)doc < b->n_doc_outlet ? b->doc_outlet[doc] : 0;
	bool is_new = b->r->has_previous && id > b->o->new_after_claim;
	bool whole;
	bool voice = db_column_int(st, 7) != 0;
	struct point pt = { id, ct_report_day_of(date, &whole), (int)side };
	struct prop_work *p;
	struct group *g;
	int rc;

	if (!prop)
		return CT_OK;
	if (!at->p || speaker != at->speaker || strcmp(at->p->id, prop) != 0) {
		if ((rc = close_run(b, at)) != CT_OK)
			return rc;
		if (!(p = prop_for(b, prop)))
			return CT_ENOMEM;
		*at = (struct scan_at){ p, speaker, { SIZE_MAX, SIZE_MAX } };
	}
	p = at->p;
	if (!(g = group_of(at, voice)))
		return CT_ENOMEM;
	p->claims++;
	p->new_claims += is_new;
	if (whole)
		widen(&p->first, &p->last, pt.date);
	if ((rc = count_document(b, p, doc)) != CT_OK)
		return rc;
	if ((rc = newest_offer(&p->all, b->max_claims, &pt)) != CT_OK)
		return rc;
	if (speaker > 0 &&
	    (rc = ct_report_page_claim(&b->runs, id, pt.date, whole, (int)side, hedged)) != CT_OK)
		return rc;
	if (hedged) {
		g->hedged[side]++;
	} else {
		g->claims[side]++;
		g->new_asserted[side] += is_new;
		if (speaker > 0 &&
		    (rc = newest_offer(&p->sides[side], b->max_contradictions * 4, &pt)) != CT_OK)
			return rc;
		if (!CT_VEC_RESERVE(b->points, b->cap_points, b->n_points + 1))
			return CT_ENOMEM;
		b->points[b->n_points++] = pt;
	}
	offer_sample(g, &pt, hedged);
	if (whole)
		widen(&g->first[side], &g->last[side], pt.date);
	if (outlet > 0 && g->n_outlets[side] < 4) {
		bool have = false;
		for (size_t k = 0; k < g->n_outlets[side]; k++)
			have |= g->outlet[side][k] == outlet;
		if (!have)
			g->outlet[side][g->n_outlets[side]++] = outlet;
	}
	b->r->claims++;
	b->r->new_claims += is_new;
	if (whole)
		widen(&b->first, &b->last, pt.date);
	/* An outlet's own voice is counted among the outlets, not the speakers. */
	if ((rc = mark(&b->seen_doc, &b->cap_doc, &b->n_doc, doc)) != CT_OK ||
	    (!voice &&
	     (rc = mark(&b->seen_speaker, &b->cap_speaker, &b->n_speaker, speaker)) != CT_OK))
		return rc;
	return mark(&b->seen_outlet, &b->cap_outlet, &b->n_outlet, outlet);
}

/* The outlet of every document, so the scan needs no join. */
static int load_outlets(struct builder *b)
{
	struct db_stmt *st = NULL;
	int rc = ct_store_prepare(b->s, "SELECT id, COALESCE(outlet_id, 0) FROM documents", &st);

	if (rc != CT_OK)
		return rc;
	db_stream(st);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);
		if (id <= 0)
			continue;
		if ((size_t)id >= b->n_doc_outlet) {
			/* At least 1024 ids: count_document() sizes its sets by it. */
			size_t old = b->n_doc_outlet, need = (size_t)id < 1024 ? 1024 : (size_t)id + 1;
			if (!CT_VEC_RESERVE(b->doc_outlet, b->n_doc_outlet, need)) {
				db_finalize(st);
				return CT_ENOMEM;
			}
			memset(b->doc_outlet + old, 0, (b->n_doc_outlet - old) * sizeof *b->doc_outlet);
		}
		b->doc_outlet[id] = db_column_int64(st, 1);
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(b->s, "reading documents");
	db_finalize(st);
	return rc;
}

/*
 * The scan: every claim in the period in (speaker, proposition, date)
 * order, with whether it is in an outlet's own voice, read from the
 * covering index claims_by_speaker alone (the propositions table is joined
 * only to filter by tags).
 */
int ct_report_scan(struct builder *b)
{
	static const char cols[] =
		"SELECT c.id, c.proposition, c.speaker_id, c.stance, c.hedged, "
		"COALESCE(c.statement_date, c.date), c.document_id, "
		"c.speaker_kind = 'narrator' FROM claims c ";
	char base[512];
	struct db_stmt *st = NULL;
	struct scan_at at = { NULL, 0, { SIZE_MAX, SIZE_MAX } };
	int rc = load_outlets(b);

	ct_report_page_run_next(&b->runs);

	if (rc != CT_OK)
		return rc;
	/* With tags, ct_report_count_documents() counts every claim of the
	 * propositions found, also those of revisions without the tags: the
	 * scan leaves those out. */
	b->docs_by_scan = b->o->n_tags == 0;
	snprintf(base, sizeof base, "%s%s", cols,
		 b->o->n_tags ? "JOIN propositions p ON p.pk = c.proposition_pk WHERE 1"
			      : "INDEXED BY claims_by_speaker WHERE 1");
	rc = ct_report_prepare_filtered(b, base, SCAN_ORDER, &st);
	if (rc != CT_OK)
		return rc;
	db_stream(st);
	while ((rc = db_step(st)) == DB_ROW) {
		int r = scan_row(b, st, &at);
		if (r != CT_OK) {
			db_finalize(st);
			return r;
		}
	}
	rc = rc == DB_DONE ? close_run(b, &at) : ct_store_dbfail(b->s, "reading claims");
	db_finalize(st);
	return rc;
}

/*
 * Documents per proposition, when the scan did not count them: claims are
 * stored a document at a time, so in rowid order each document's claims
 * come together and a short list of the propositions seen in the current
 * document is enough.
 */
int ct_report_count_documents(struct builder *b)
{
	static const char base[] =
		"SELECT c.document_id, c.proposition FROM claims c NOT INDEXED WHERE 1";
	struct prop_work *seen[64];
	size_t n_seen = 0;
	int64_t cur = -1;
	struct db_stmt *st = NULL;
	struct ct_report_options o = *b->o;
	const struct ct_report_options *keep = b->o;
	int rc;

	if (b->docs_by_scan)
		return CT_OK;
	/* Propositions and tags are already settled by the scan: only the
	 * propositions it found are counted. */
	o.n_propositions = 0;
	o.n_tags = 0;
	b->o = &o;
	rc = ct_report_prepare_filtered(b, base, " ORDER BY c.rowid", &st);
	b->o = keep;
	if (rc != CT_OK)
		return rc;
	db_stream(st);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t doc = db_column_int64(st, 0);
		const char *prop = db_column_text(st, 1);
		struct prop_work *p = NULL;
		bool have = false;
		if (doc != cur) {
			cur = doc;
			n_seen = 0;
		}
		if (!prop)
			continue;
		for (size_t i = 0; i < n_seen && !have; i++)
			have = strcmp(seen[i]->id, prop) == 0;
		if (have)
			continue;
		/* Look the proposition up without adding it. */
		size_t h = hash_str(prop) & (b->hash_cap - 1);
		while (b->hash_cap && b->hash[h] != SIZE_MAX) {
			if (strcmp(b->props[b->hash[h]].id, prop) == 0) {
				p = &b->props[b->hash[h]];
				break;
			}
			h = (h + 1) & (b->hash_cap - 1);
		}
		if (!p)
			continue;
		p->documents++;
		if (n_seen < sizeof seen / sizeof *seen)
			seen[n_seen++] = p;
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(b->s, "counting documents");
	db_finalize(st);
	return rc;
}
