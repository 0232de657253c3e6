/*
 * Building a report from the store.
 *
 * One scan of the claims in the period, in the order of the index on
 * (speaker, proposition, date), gives every speaker's claims on every
 * proposition together: their counts per side, and the flips of their
 * asserted stance; it also counts each proposition's documents. A few
 * bounded queries then fetch the claims the report shows: the newest per
 * proposition, and the newest claims of each side for the contradictions.
 * Memory grows with speakers and propositions (and a bit per document for
 * each proposition), not with claims.
 */
#include "base/internal.h"
#include "store/store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * A date of at most 10 bytes packed into integers, big-endian and padded
 * with zero bytes, so that comparing keys orders them as strcmp() orders
 * the strings: the scan compares a million dates and this keeps those
 * comparisons off the string functions. "" (and a NULL date) is {0, 0}.
 */
struct day {
	uint64_t hi;                   /* bytes 0-7 */
	uint16_t lo;                   /* bytes 8-9 */
};

/* A speaker's claims on one proposition, from the scan. */
struct group {
	int64_t speaker_id;
	size_t claims[2], hedged[2], new_asserted[2];   /* [0] supports, [1] refutes */
	struct day first[2], last[2];  /* {0, 0}: no whole date yet */
	int64_t outlet[2][4];          /* a few distinct outlets per side */
	size_t n_outlets[2];
};

/* A flip of one speaker's asserted stance. */
struct flip {
	int64_t speaker_id;
	int64_t from_id, to_id;
	struct day to_date;
};

/* One asserted claim of a group, for finding flips in date order. */
struct point {
	int64_t id;
	struct day date;               /* the first 10 bytes of the date */
	int side;
};

/* The newest claims of a kind, as a min-heap on (date, id) of bounded size. */
struct newest {
	struct point *v;
	size_t n, cap;
};

struct prop_work {
	char *id;
	struct newest all, sides[2];   /* any claim; asserted with a speaker, per side */
	size_t documents;
	uint64_t *docs;                /* a bit per document id, while the scan counts them */
	struct group *groups;
	size_t n_groups, cap_groups;
	struct flip *flips;            /* newest kept, at most max_changes */
	size_t n_flips, cap_flips;
	size_t all_flips, new_flips;
	size_t claims, new_claims;
	struct day first, last;
};

struct builder {
	struct ct_store *s;
	const struct ct_report_options *o;
	struct ct_report *r;
	struct ct_arena arena;
	struct prop_work *props;
	size_t n_props, cap_props;
	size_t *hash;                  /* open addressing into props, SIZE_MAX empty */
	size_t hash_cap;
	sqlite3_stmt *by_id;           /* a claim's details by id */
	sqlite3_stmt *speaker_st, *role_st, *outlet_st;   /* speaker_entry()'s lookups */
	struct point *points;          /* the current group's asserted claims */
	size_t n_points, cap_points;
	int64_t *doc_outlet;           /* outlet id by document id */
	size_t n_doc_outlet;
	bool docs_by_scan;             /* the scan counts documents per proposition */
	size_t n_doc_sets;             /* propositions with a docs set */
	/* distinct documents, speakers and outlets in the period */
	unsigned char *seen_doc, *seen_speaker, *seen_outlet;
	size_t cap_doc, cap_speaker, cap_outlet;
	size_t n_doc, n_speaker, n_outlet;
	size_t max_claims, max_contradictions, max_changes, max_speakers;
	struct day first, last;        /* of the whole report */
};

static size_t side_of(const char *stance)
{
	return stance && strcmp(stance, "refutes") == 0;
}

/* The key of the first 10 bytes of date (NULL is ""); *whole: it has 10 exactly. */
static struct day day_of(const char *date, bool *whole)
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

static int day_cmp(struct day a, struct day b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	return (a.lo > b.lo) - (a.lo < b.lo);
}

static bool day_none(struct day d)
{
	return d.hi == 0 && d.lo == 0;
}

/* The date a key was made from, into out[11] ("" for {0, 0}); returns out. */
static char *day_text(struct day d, char out[11])
{
	for (int i = 0; i < 8; i++)
		out[i] = (char)(d.hi >> (56 - 8 * i));
	out[8] = (char)(d.lo >> 8);
	out[9] = (char)d.lo;
	out[10] = '\0';
	return out;
}

/* A copy of a date key as text in the arena; NULL when out of memory. */
static char *day_dup(struct builder *b, struct day d)
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
			      " AND (?1 IS NULL OR COALESCE(c.statement_date, c.date) >= ?1)"
			      " AND (?2 IS NULL OR COALESCE(c.statement_date, c.date) <= ?2)");
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
}

static void bind_filter(const struct ct_report_options *o, sqlite3_stmt *st)
{
	int param = 3;

	if (o->since)
		sqlite3_bind_text(st, 1, o->since, -1, SQLITE_STATIC);
	if (o->until)
		sqlite3_bind_text(st, 2, o->until, -1, SQLITE_STATIC);
	for (size_t i = 0; i < o->n_propositions; i++)
		sqlite3_bind_text(st, param++, o->propositions[i], -1, SQLITE_STATIC);
	for (size_t i = 0; i < o->n_tags; i++)
		sqlite3_bind_text(st, param++, o->tags[i], -1, SQLITE_STATIC);
}

/* Prepares base + filter + tail; the SQL is built from fixed pieces only. */
static int prepare_filtered(struct builder *b, const char *base, const char *tail,
			    sqlite3_stmt **st)
{
	size_t cap = strlen(base) + strlen(tail) + 256 +
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

static int cmp_flips_newest(const void *x, const void *y)
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
		qsort(p->flips, p->n_flips, sizeof *p->flips, cmp_flips_newest);
		p->n_flips = b->max_changes;
	}
	if (!CT_VEC_RESERVE(p->flips, p->cap_flips, p->n_flips + 1))
		return CT_ENOMEM;
	p->flips[p->n_flips++] = *f;
	return CT_OK;
}

/* Ends the current group: finds its flips in date order. */
static int close_group(struct builder *b, struct prop_work *p, int64_t speaker)
{
	int rc = CT_OK;

	if (!p || speaker <= 0 || b->n_points < 2) {
		b->n_points = 0;
		return CT_OK;
	}
	/* The scan reads a group in order of the publication date, so the
	 * points are mostly in order already: sort only when they are not. */
	for (size_t i = 1; i < b->n_points; i++)
		if (cmp_points(&b->points[i - 1], &b->points[i]) > 0) {
			qsort(b->points, b->n_points, sizeof *b->points, cmp_points);
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

/* Leaves counting documents to count_documents(). */
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
 * among the documents read, count_documents() does it instead.
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

/* Reads one row of the scan into the group it belongs to. */
static int scan_row(struct builder *b, sqlite3_stmt *st, struct prop_work **cur_p,
		    int64_t *cur_speaker)
{
	int64_t id = sqlite3_column_int64(st, 0);
	const char *prop = (const char *)sqlite3_column_text(st, 1);
	int64_t speaker = sqlite3_column_type(st, 2) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 2);
	size_t side = side_of((const char *)sqlite3_column_text(st, 3));
	bool hedged = sqlite3_column_int(st, 4) != 0;
	const char *date = (const char *)sqlite3_column_text(st, 5);
	int64_t doc = sqlite3_column_int64(st, 6);
	int64_t outlet = doc > 0 && (size_t)doc < b->n_doc_outlet ? b->doc_outlet[doc] : 0;
	bool is_new = b->r->has_previous && id > b->o->new_after_claim;
	bool whole;
	struct point pt = { id, day_of(date, &whole), (int)side };
	struct prop_work *p;
	struct group *g;
	int rc;

	if (!prop)
		return CT_OK;
	if (!*cur_p || speaker != *cur_speaker || strcmp((*cur_p)->id, prop) != 0) {
		if ((rc = close_group(b, *cur_p, *cur_speaker)) != CT_OK)
			return rc;
		if (!(p = prop_for(b, prop)))
			return CT_ENOMEM;
		if (!CT_VEC_RESERVE(p->groups, p->cap_groups, p->n_groups + 1))
			return CT_ENOMEM;
		memset(&p->groups[p->n_groups++], 0, sizeof *p->groups);
		p->groups[p->n_groups - 1].speaker_id = speaker;
		*cur_p = p;
		*cur_speaker = speaker;
	}
	p = *cur_p;
	g = &p->groups[p->n_groups - 1];
	p->claims++;
	p->new_claims += is_new;
	if (whole)
		widen(&p->first, &p->last, pt.date);
	if ((rc = count_document(b, p, doc)) != CT_OK)
		return rc;
	if ((rc = newest_offer(&p->all, b->max_claims, &pt)) != CT_OK)
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
	if ((rc = mark(&b->seen_doc, &b->cap_doc, &b->n_doc, doc)) != CT_OK ||
	    (rc = mark(&b->seen_speaker, &b->cap_speaker, &b->n_speaker, speaker)) != CT_OK)
		return rc;
	return mark(&b->seen_outlet, &b->cap_outlet, &b->n_outlet, outlet);
}

/* The outlet of every document, so the scan needs no join. */
static int load_outlets(struct builder *b)
{
	sqlite3_stmt *st = NULL;
	int rc = ct_store_prepare(b->s, "SELECT id, COALESCE(outlet_id, 0) FROM documents", &st);

	if (rc != CT_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id <= 0)
			continue;
		if ((size_t)id >= b->n_doc_outlet) {
			/* At least 1024 ids: count_document() sizes its sets by it. */
			size_t old = b->n_doc_outlet, need = (size_t)id < 1024 ? 1024 : (size_t)id + 1;
			if (!CT_VEC_RESERVE(b->doc_outlet, b->n_doc_outlet, need)) {
				sqlite3_finalize(st);
				return CT_ENOMEM;
			}
			memset(b->doc_outlet + old, 0, (b->n_doc_outlet - old) * sizeof *b->doc_outlet);
		}
		b->doc_outlet[id] = sqlite3_column_int64(st, 1);
	}
	rc = rc == SQLITE_DONE ? CT_OK : ct_store_dbfail(b->s, "reading documents");
	sqlite3_finalize(st);
	return rc;
}

/*
 * The scan: every claim in the period in (speaker, proposition, date)
 * order, read from the covering index claims_by_speaker alone (the
 * propositions table is joined only to filter by tags).
 */
static int scan(struct builder *b)
{
	static const char cols[] =
		"SELECT c.id, c.proposition, c.speaker_id, c.stance, c.hedged, "
		"COALESCE(c.statement_date, c.date), c.document_id FROM claims c ";
	char base[512];
	sqlite3_stmt *st = NULL;
	struct prop_work *cur = NULL;
	int64_t cur_speaker = 0;
	int rc = load_outlets(b);

	if (rc != CT_OK)
		return rc;
	/* With tags, count_documents() counts every claim of the propositions
	 * found, also those of revisions without the tags: the scan leaves
	 * those out. */
	b->docs_by_scan = b->o->n_tags == 0;
	snprintf(base, sizeof base, "%s%s", cols,
		 b->o->n_tags ? "JOIN propositions p ON p.pk = c.proposition_pk WHERE 1"
			      : "INDEXED BY claims_by_speaker WHERE 1");
	rc = prepare_filtered(b, base, " ORDER BY c.speaker_id, c.proposition, c.date", &st);
	if (rc != CT_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int r = scan_row(b, st, &cur, &cur_speaker);
		if (r != CT_OK) {
			sqlite3_finalize(st);
			return r;
		}
	}
	rc = rc == SQLITE_DONE ? close_group(b, cur, cur_speaker) : ct_store_dbfail(b->s, "reading claims");
	sqlite3_finalize(st);
	return rc;
}

/*
 * Documents per proposition, when the scan did not count them: claims are
 * stored a document at a time, so in rowid order each document's claims
 * come together and a short list of the propositions seen in the current
 * document is enough.
 */
static int count_documents(struct builder *b)
{
	static const char base[] =
		"SELECT c.document_id, c.proposition FROM claims c NOT INDEXED WHERE 1";
	struct prop_work *seen[64];
	size_t n_seen = 0;
	int64_t cur = -1;
	sqlite3_stmt *st = NULL;
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
	rc = prepare_filtered(b, base, " ORDER BY c.rowid", &st);
	b->o = keep;
	if (rc != CT_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t doc = sqlite3_column_int64(st, 0);
		const char *prop = (const char *)sqlite3_column_text(st, 1);
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
	rc = rc == SQLITE_DONE ? CT_OK : ct_store_dbfail(b->s, "counting documents");
	sqlite3_finalize(st);
	return rc;
}

/* ---- claims the report shows ---- */

static const char claim_columns[] =
	"SELECT c.id, c.stance, c.hedged, sp.name, c.speaker_kind, c.role, v.name, o.name, "
	"c.statement_date, c.date, c.sentence, c.match, d.id, d.url, d.title, d.source, "
	"c.rule_file, c.rule_line "
	"FROM claims c JOIN documents d ON d.id = c.document_id "
	"JOIN propositions p ON p.pk = c.proposition_pk "
	"LEFT JOIN speakers sp ON sp.id = c.speaker_id "
	"LEFT JOIN outlets v ON v.id = c.via_outlet_id "
	"LEFT JOIN outlets o ON o.id = d.outlet_id ";

static const char *dup_col(struct builder *b, sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	return v ? ct_arena_strndup(&b->arena, v, strlen(v)) : NULL;
}

static enum ct_speaker_kind kind_named(const char *s)
{
	static const enum ct_speaker_kind kinds[] = {
		CT_SPEAKER_PERSON, CT_SPEAKER_ORGANIZATION, CT_SPEAKER_GROUP,
	};

	for (size_t i = 0; s && i < sizeof kinds / sizeof *kinds; i++)
		if (strcmp(s, ct_speaker_kind_name(kinds[i])) == 0)
			return kinds[i];
	return CT_SPEAKER_NARRATOR;
}

static int read_claim(struct builder *b, sqlite3_stmt *st, struct ct_report_claim *c)
{
	const char *stated = (const char *)sqlite3_column_text(st, 8);

	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->stance = side_of((const char *)sqlite3_column_text(st, 1)) ? CT_REFUTES : CT_SUPPORTS;
	c->hedged = sqlite3_column_int(st, 2) != 0;
	c->is_new = b->r->has_previous && c->id > b->o->new_after_claim;
	c->speaker = dup_col(b, st, 3);
	c->speaker_kind = kind_named((const char *)sqlite3_column_text(st, 4));
	c->role = dup_col(b, st, 5);
	c->via = dup_col(b, st, 6);
	c->outlet = dup_col(b, st, 7);
	c->statement_date = stated != NULL;
	c->published = dup_col(b, st, 9);
	c->date = stated ? dup_col(b, st, 8) : c->published;
	c->sentence = dup_col(b, st, 10);
	c->match = dup_col(b, st, 11);
	c->document_id = sqlite3_column_int64(st, 12);
	c->url = dup_col(b, st, 13);
	c->title = dup_col(b, st, 14);
	c->source = dup_col(b, st, 15);
	c->rule_file = dup_col(b, st, 16);
	c->rule_line = sqlite3_column_int(st, 17);
	return c->sentence && c->match ? CT_OK : CT_ENOMEM;
}

/* Adds claims to a proposition's list from a prepared statement, skipping ids it has. */
static int add_claims(struct builder *b, struct ct_report_proposition *rp, size_t *cap,
		      sqlite3_stmt *st)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
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
	return rc == SQLITE_DONE ? CT_OK : ct_store_dbfail(b->s, "reading claims");
}

static const struct ct_report_claim *claim_by_id(const struct ct_report_proposition *rp, int64_t id)
{
	for (size_t i = 0; i < rp->n_claims; i++)
		if (rp->claims[i].id == id)
			return &rp->claims[i];
	return NULL;
}

/* A claim's details by id, added to the proposition's claims once. */
static int fetch_by_id(struct builder *b, struct ct_report_proposition *rp, size_t *cap, int64_t id)
{
	char sql[1024];
	int rc;

	if (claim_by_id(rp, id))
		return CT_OK;
	if (!b->by_id) {
		snprintf(sql, sizeof sql, "%sWHERE c.id = ?1", claim_columns);
		if ((rc = ct_store_prepare(b->s, sql, &b->by_id)) != CT_OK)
			return rc;
	}
	sqlite3_reset(b->by_id);
	sqlite3_bind_int64(b->by_id, 1, id);
	return add_claims(b, rp, cap, b->by_id);
}

/* The newest claims of a proposition, and the newest asserted ones per side. */
static int fetch_claims(struct builder *b, const struct prop_work *p,
			struct ct_report_proposition *rp, size_t *cap)
{
	const struct newest *lists[] = { &p->all, &p->sides[0], &p->sides[1] };
	int rc = CT_OK;

	for (size_t l = 0; l < 3; l++)
		for (size_t i = 0; i < lists[l]->n && rc == CT_OK; i++)
			rc = fetch_by_id(b, rp, cap, lists[l]->v[i].id);
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
static int reuse(struct builder *b, sqlite3_stmt **st, const char *sql)
{
	if (*st) {
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
		return CT_OK;
	}
	return ct_store_prepare(b->s, sql, st);
}

/* A speaker's name, kind and role on a proposition, into out. */
static int speaker_identity(struct builder *b, const char *prop, const struct group *g,
			    struct ct_report_speaker *out)
{
	sqlite3_stmt *st;
	int rc = reuse(b, &b->speaker_st, "SELECT name, kind, role FROM speakers WHERE id = ?1");

	if (rc != CT_OK)
		return rc;
	st = b->speaker_st;
	sqlite3_bind_int64(st, 1, g->speaker_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->name = dup_col(b, st, 0);
		out->kind = kind_named((const char *)sqlite3_column_text(st, 1));
		out->role = dup_col(b, st, 2);
	} else if (rc == SQLITE_DONE) {
		/* Foreign keys forbid it; a database changed by other means may
		 * still have it. */
		return ct_store_fail(b->s, CT_EDB, "the database is inconsistent: claims name "
				     "speaker %lld, which it does not have; run 'claimtrack db check'",
				     (long long)g->speaker_id);
	} else {
		return ct_store_dbfail(b->s, "reading speakers");
	}
	/* The role the texts gave most recently, else the speaker block's. */
	if ((rc = reuse(b, &b->role_st, "SELECT role FROM claims INDEXED BY claims_by_speaker "
			"WHERE speaker_id = ?1 AND proposition = ?2 AND role IS NOT NULL "
			"ORDER BY date DESC LIMIT 1")) != CT_OK)
		return rc;
	st = b->role_st;
	sqlite3_bind_int64(st, 1, g->speaker_id);
	sqlite3_bind_text(st, 2, prop, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		out->role = dup_col(b, st, 0);
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
	sqlite3_stmt *st;
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
	out->first = day_dup(b, g->first[side]);
	out->last = day_dup(b, g->last[side]);
	for (size_t k = 0; k < g->n_outlets[side]; k++) {
		if ((rc = reuse(b, &b->outlet_st, "SELECT name FROM outlets WHERE id = ?1")) != CT_OK)
			return rc;
		st = b->outlet_st;
		sqlite3_bind_int64(st, 1, g->outlet[side][k]);
		if (sqlite3_step(st) == SQLITE_ROW && o + 2 < sizeof outlets)
			o += (size_t)snprintf(outlets + o, sizeof outlets - o, "%s%s", o ? ", " : "",
					      (const char *)sqlite3_column_text(st, 0));
	}
	out->outlets = o ? ct_arena_strndup(&b->arena, outlets, strlen(outlets)) : NULL;
	return out->name ? CT_OK : CT_ENOMEM;
}

/* The supporters and refuters of a proposition, most claims first. */
static int speakers(struct builder *b, const struct prop_work *p, struct ct_report_proposition *rp)
{
	struct side_entry *e[2] = { NULL, NULL };
	size_t n[2] = { 0, 0 }, both = 0;
	int rc = CT_OK;

	for (size_t side = 0; side < 2; side++) {
		e[side] = malloc((p->n_groups ? p->n_groups : 1) * sizeof *e[side]);
		if (!e[side]) {
			rc = CT_ENOMEM;
			goto out;
		}
	}
	for (size_t i = 0; i < p->n_groups; i++) {
		const struct group *g = &p->groups[i];
		if (g->speaker_id <= 0)
			continue;
		for (size_t side = 0; side < 2; side++)
			if (g->claims[side] > 0)
				e[side][n[side]++] = (struct side_entry){ g, side };
		both += g->claims[0] > 0 && g->claims[1] > 0;
	}
	rp->speakers_supporting = n[0];
	rp->speakers_refuting = n[1];
	rp->contradicting_pairs = n[0] * n[1] - both;
	for (size_t side = 0; side < 2; side++) {
		size_t keep = n[side] < b->max_speakers ? n[side] : b->max_speakers;
		struct ct_report_speaker *list;
		qsort(e[side], n[side], sizeof *e[side], cmp_entries);
		list = calloc(keep ? keep : 1, sizeof *list);
		if (!list) {
			rc = CT_ENOMEM;
			goto out;
		}
		if (side == 0) {
			rp->supporters = list;
			rp->n_supporters = keep;
		} else {
			rp->refuters = list;
			rp->n_refuters = keep;
		}
		for (size_t i = 0; i < keep && rc == CT_OK; i++) {
			const struct ct_report_speaker *other = NULL;
			for (size_t k = 0; side == 1 && k < rp->n_supporters && !other; k++)
				if (e[0][k].g == e[side][i].g)
					other = &rp->supporters[k];
			rc = speaker_entry(b, p->id, e[side][i].g, side, other, &list[i]);
		}
	}
out:
	free(e[0]);
	free(e[1]);
	return rc;
}

/* Claims newly asserted against a speaker already on the other side. */
static size_t new_contradicting(const struct prop_work *p, size_t n_sup, size_t n_ref)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_groups; i++) {
		const struct group *g = &p->groups[i];
		if (g->speaker_id <= 0)
			continue;
		if (g->new_asserted[0] && n_ref - (g->claims[1] > 0) > 0)
			n += g->new_asserted[0];
		if (g->new_asserted[1] && n_sup - (g->claims[0] > 0) > 0)
			n += g->new_asserted[1];
	}
	return n;
}

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

/* Newest first; among pairs as new, in the order they were listed. */
static int cmp_pairs(const void *x, const void *y)
{
	const struct pair *p = x, *q = y;

	if (p->when != q->when)
		return p->when > q->when ? -1 : 1;
	if (p->s != q->s)
		return p->s < q->s ? -1 : 1;
	return (p->r > q->r) - (p->r < q->r);
}

/*
 * The newest contradictions: pairs of asserted claims of opposite stance by
 * different speakers, newest first (by the newer claim's date, then the
 * older one's), one pair per pair of speakers. Dates and speakers are
 * ranked first: a proposition has tens of thousands of pairs to order.
 */
static int contradictions(struct builder *b, struct ct_report_proposition *rp)
{
	size_t n_claims = rp->n_claims, n = 0, cap = 0, kept = 0;
	const char **text = malloc((n_claims ? n_claims : 1) * sizeof *text);
	uint32_t *date = malloc((n_claims ? n_claims : 1) * sizeof *date);
	uint32_t *speaker = malloc((n_claims ? n_claims : 1) * sizeof *speaker);
	struct pair *all = NULL;
	int rc = CT_ENOMEM;

	if (!text || !date || !speaker)
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
	if (n > 1)
		qsort(all, n, sizeof *all, cmp_pairs);
	for (size_t i = 0; i < n && kept < b->max_contradictions; i++) {
		bool seen = false;
		for (size_t k = 0; k < kept && !seen; k++)
			seen = speaker[all[k].s] == speaker[all[i].s] &&
			       speaker[all[k].r] == speaker[all[i].r];
		if (!seen)
			all[kept++] = all[i];
	}
	rp->contradictions = calloc(kept ? kept : 1, sizeof *rp->contradictions);
	if (!rp->contradictions)
		goto out;
	for (size_t k = 0; k < kept; k++) {
		struct ct_report_contradiction *c = &rp->contradictions[k];
		c->supports = &rp->claims[all[k].s];
		c->refutes = &rp->claims[all[k].r];
		c->is_new = c->supports->is_new || c->refutes->is_new;
	}
	rp->n_contradictions = kept;
	rc = CT_OK;
out:
	free(text);
	free(date);
	free(speaker);
	free(all);
	return rc;
}

static int changes(struct builder *b, struct prop_work *p, struct ct_report_proposition *rp,
		   size_t *cap)
{
	size_t keep;
	int rc = CT_OK;

	if (p->n_flips > 1)
		qsort(p->flips, p->n_flips, sizeof *p->flips, cmp_flips_newest);
	keep = p->n_flips < b->max_changes ? p->n_flips : b->max_changes;
	for (size_t i = 0; i < keep && rc == CT_OK; i++) {
		rc = fetch_by_id(b, rp, cap, p->flips[i].from_id);
		if (rc == CT_OK)
			rc = fetch_by_id(b, rp, cap, p->flips[i].to_id);
	}
	if (rc != CT_OK)
		return rc;
	rp->changes = calloc(keep ? keep : 1, sizeof *rp->changes);
	if (!rp->changes)
		return CT_ENOMEM;
	for (size_t i = 0; i < keep; i++) {
		struct ct_report_change *c = &rp->changes[rp->n_changes];
		c->from = claim_by_id(rp, p->flips[i].from_id);
		c->to = claim_by_id(rp, p->flips[i].to_id);
		if (!c->from || !c->to)
			continue;
		c->speaker = c->to->speaker;
		c->is_new = c->to->is_new;
		rp->n_changes++;
	}
	rp->all_changes = p->all_flips;
	return CT_OK;
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
	sqlite3_stmt *st = NULL;
	int rc = ct_store_prepare(b->s, "SELECT title, tags, rev FROM propositions WHERE id = ?1 "
				  "ORDER BY rev DESC, pk DESC LIMIT 1", &st);

	if (rc != CT_OK)
		return rc;
	sqlite3_bind_text(st, 1, rp->id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		rp->title = dup_col(b, st, 0);
		rp->tags = dup_col(b, st, 1);
		rp->rev = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (!rp->title)
		rp->title = rp->id;
	if (!rp->tags)
		rp->tags = "";
	return CT_OK;
}

/* One proposition of the report from its work entry. */
static int build_proposition(struct builder *b, struct prop_work *p, struct ct_report_proposition *rp)
{
	size_t cap = 0, n_sup = 0, n_ref = 0;
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
	rp->first = day_dup(b, p->first);
	rp->last = day_dup(b, p->last);
	if ((rc = describe(b, rp)) != CT_OK || (rc = speakers(b, p, rp)) != CT_OK ||
	    (rc = fetch_claims(b, p, rp, &cap)) != CT_OK || (rc = changes(b, p, rp, &cap)) != CT_OK)
		return rc;
	/* The claims move no more: pointers into them are taken from here on. */
	n_sup = rp->speakers_supporting;
	n_ref = rp->speakers_refuting;
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
			rp->changes[i].from = claim_by_id(rp, from[2 * i]);
			rp->changes[i].to = claim_by_id(rp, from[2 * i + 1]);
		}
		free(from);
	}
	if ((rc = contradictions(b, rp)) != CT_OK)
		return rc;
	b->r->new_contradictions += new_contradicting(p, n_sup, n_ref);
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
		free(b->props[i].docs);
		free(b->props[i].flips);
		free(b->props[i].all.v);
		free(b->props[i].sides[0].v);
		free(b->props[i].sides[1].v);
	}
	sqlite3_finalize(b->by_id);
	sqlite3_finalize(b->speaker_st);
	sqlite3_finalize(b->role_st);
	sqlite3_finalize(b->outlet_st);
	free(b->doc_outlet);
	free(b->props);
	free(b->hash);
	free(b->points);
	free(b->seen_doc);
	free(b->seen_speaker);
	free(b->seen_outlet);
}

struct report_owner {
	struct ct_report pub;
	struct ct_arena arena;
};

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
	    (rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL)) != SQLITE_OK)
		goto fail_db;
	if ((rc = scan(&b)) != CT_OK || (rc = count_documents(&b)) != CT_OK)
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
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	own->arena = b.arena;
	builder_release(&b);
	*out = r;
	return CT_OK;
fail_db:
	rc = ct_store_dbfail(s, "reading the store");
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
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
	sqlite3_stmt *st = NULL;
	char **tags = NULL;
	size_t n = 0, cap = 0;
	int rc, step;

	if (!s || !fn)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = ct_store_prepare(s, "SELECT DISTINCT id FROM propositions ORDER BY id", &st)) != CT_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = fn((const char *)sqlite3_column_text(st, 0), false, user)) != 0)
			goto out;
	if (step != SQLITE_DONE)
		goto fail_db;
	sqlite3_finalize(st);
	if ((rc = ct_store_prepare(s, "SELECT DISTINCT tags FROM propositions", &st)) != CT_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (t && (rc = split_tags(t, &tags, &n, &cap)) != CT_OK) {
			rc = ct_store_fail(s, rc, "out of memory");
			goto out;
		}
	}
	if (step != SQLITE_DONE)
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
	sqlite3_finalize(st);
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
		free(p->contradictions);
		free(p->changes);
	}
	free(r->propositions);
	ct_arena_release(&own->arena);
	free(own);
}
