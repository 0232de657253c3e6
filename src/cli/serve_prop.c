/*
 * One proposition's page: its counts (as `propositions` prints them), a
 * timeline of its claims by speaker — by day, or by week or month when
 * that would be too dense — each mark a link to its claim (or to the
 * claims it stands for), who supports and who refutes it now (each
 * party's latest asserted stance; those with hedged claims only are listed
 * apart, marked), the contradictions between them by pair (the pairs that
 * contradict no longer folded away), and the stance changes. Made from
 * ct_store_proposition_days(): counts by speaker and day, not the claims.
 */
#include "serve.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define LANES 12                /* speakers with a lane of their own in the timeline */
#define SIDE_ROWS 40            /* parties listed per side */
#define PAIRS_SHOWN 24          /* contradicting pairs listed before folding */
#define PAIRS_MAX 200           /* pairs listed at all */
#define CHANGES_MAX 100

enum bucket { B_DAY, B_WEEK, B_MONTH };

static const char *const bucket_names[] = { "day", "week", "month" };

/* A speaker, or an outlet in its own voice: a party to the proposition. */
struct party {
	int64_t speaker_id;
	enum ct_speaker_kind kind;
	char *name;                 /* NULL: unknown */
	size_t total;               /* claims */
	size_t asserted[2], hedged[2];   /* [0] supports, [1] refutes */
	char first[11], last[11];
	int latest;                 /* latest asserted stance: 0, 1, or -1 none */
	char latest_date[11];
	int64_t latest_claim;       /* of the latest asserted stance, else the latest */
	int lane;                   /* timeline lane, or LANES for the others */
};

/* One row of ct_store_proposition_days(). */
struct day {
	size_t party;
	char date[11];              /* "" undated */
	int stance;                 /* 0 supports, 1 refutes */
	bool hedged;
	size_t n;
	int64_t lo, hi;
};

struct change {
	size_t party;
	int from, to;
	int64_t from_claim, to_claim;
	char from_date[11], to_date[11];
};

struct prop {
	struct party *parties;
	size_t n_parties, cap_parties;
	size_t *slots;              /* open addressing: party index + 1, 0 empty */
	size_t n_slots;
	struct day *days;
	size_t n_days, cap_days;
	struct change *changes;
	size_t n_changes, cap_changes;
	bool failed;
};

static size_t slot_of(const struct prop *p, int64_t id, enum ct_speaker_kind kind)
{
	uint64_t h = ((uint64_t)id * 4 + (uint64_t)kind) * 0x9E3779B97F4A7C15ull;

	return (size_t)(h >> 20) & (p->n_slots - 1);
}

static int grow_slots(struct prop *p)
{
	size_t n = p->n_slots ? p->n_slots * 2 : 256;
	size_t *v = calloc(n, sizeof *v), *old = p->slots, n_old = p->n_slots;

	if (!v)
		return CT_ENOMEM;
	p->slots = v;
	p->n_slots = n;
	for (size_t i = 0; i < n_old; i++) {
		if (!old[i])
			continue;
		const struct party *pt = &p->parties[old[i] - 1];
		size_t k = slot_of(p, pt->speaker_id, pt->kind);
		while (p->slots[k])
			k = (k + 1) & (n - 1);
		p->slots[k] = old[i];
	}
	free(old);
	return CT_OK;
}

/* The party of a row, added when new; SIZE_MAX when out of memory. */
static size_t party_of(struct prop *p, const struct ct_store_day *d)
{
	size_t k;

	if ((p->n_parties + 1) * 2 > p->n_slots && grow_slots(p) != CT_OK)
		return SIZE_MAX;
	k = slot_of(p, d->speaker_id, d->speaker_kind);
	while (p->slots[k]) {
		const struct party *pt = &p->parties[p->slots[k] - 1];
		if (pt->speaker_id == d->speaker_id && pt->kind == d->speaker_kind)
			return p->slots[k] - 1;
		k = (k + 1) & (p->n_slots - 1);
	}
	if (!CT_VEC_RESERVE(p->parties, p->cap_parties, p->n_parties + 1))
		return SIZE_MAX;
	struct party *pt = &p->parties[p->n_parties];
	memset(pt, 0, sizeof *pt);
	pt->speaker_id = d->speaker_id;
	pt->kind = d->speaker_kind;
	pt->latest = -1;
	if (d->speaker && !(pt->name = strdup(d->speaker)))
		return SIZE_MAX;
	p->slots[k] = ++p->n_parties;
	return p->n_parties - 1;
}

static int on_day(const struct ct_store_day *d, void *user)
{
	struct prop *p = user;
	size_t i = party_of(p, d);
	struct party *pt;
	struct day *dy;
	int st = d->stance == CT_REFUTES;

	if (i == SIZE_MAX || !CT_VEC_RESERVE(p->days, p->cap_days, p->n_days + 1))
		return p->failed = true, 1;
	pt = &p->parties[i];
	dy = &p->days[p->n_days++];
	memset(dy, 0, sizeof *dy);
	dy->party = i;
	if (d->date)
		memcpy(dy->date, d->date, 11);
	dy->stance = st;
	dy->hedged = d->hedged;
	dy->n = d->claims;
	dy->lo = d->first_claim;
	dy->hi = d->last_claim;
	pt->total += d->claims;
	(d->hedged ? pt->hedged : pt->asserted)[st] += d->claims;
	if (d->date) {
		if (!pt->first[0])
			memcpy(pt->first, d->date, 11);
		memcpy(pt->last, d->date, 11);
	}
	/* Rows come by day, then by their latest claim: the last asserted one
	 * seen is the party's latest asserted stance. */
	if (!d->hedged) {
		if (pt->latest >= 0 && pt->latest != st && p->n_changes < CHANGES_MAX * 8) {
			if (!CT_VEC_RESERVE(p->changes, p->cap_changes, p->n_changes + 1))
				return p->failed = true, 1;
			struct change *c = &p->changes[p->n_changes++];
			c->party = i;
			c->from = pt->latest;
			c->to = st;
			c->from_claim = pt->latest_claim;
			c->to_claim = d->first_claim;
			memcpy(c->from_date, pt->latest_date, 11);
			memcpy(c->to_date, dy->date, 11);
		}
		pt->latest = st;
		memcpy(pt->latest_date, dy->date, 11);
		pt->latest_claim = d->last_claim;
	} else if (pt->latest < 0) {
		pt->latest_claim = d->last_claim;
	}
	return 0;
}

static void prop_release(struct prop *p)
{
	for (size_t i = 0; i < p->n_parties; i++)
		free(p->parties[i].name);
	free(p->parties);
	free(p->slots);
	free(p->days);
	free(p->changes);
}

/* ---- JSON ---- */

static const char *stance_word(int st)
{
	return st == 1 ? "refutes" : "supports";
}

static json_t *jdate(const char *d)
{
	return d && d[0] ? json_string(d) : json_null();
}

/* A party as JSON: the fields of the `speaker` record's people. */
static json_t *party_json(const struct party *pt)
{
	return json_pack("{s:o, s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:I, s:b}",
		"speaker", serve_jtext(pt->name),
		"speaker_kind", ct_speaker_kind_name(pt->kind),
		"claims", (json_int_t)pt->total,
		"supports", (json_int_t)pt->asserted[0],
		"refutes", (json_int_t)pt->asserted[1],
		"hedged_supports", (json_int_t)pt->hedged[0],
		"hedged_refutes", (json_int_t)pt->hedged[1],
		"first", jdate(pt->first), "last", jdate(pt->last),
		"stance", pt->latest >= 0 ? json_string(stance_word(pt->latest)) : json_null(),
		"stance_date", jdate(pt->latest_date),
		"latest_claim", (json_int_t)pt->latest_claim,
		"hedged_only", pt->latest < 0);
}

/* One side of a pair: who, and their latest asserted claim. */
static json_t *side_json(const struct party *pt)
{
	return json_pack("{s:o, s:s, s:I, s:o}", "speaker", serve_jtext(pt->name),
			 "speaker_kind", ct_speaker_kind_name(pt->kind),
			 "claim", (json_int_t)pt->latest_claim, "date", jdate(pt->latest_date));
}

/* By claims, most first; then by name. */
static int by_total(const void *a, const void *b)
{
	const struct party *x = *(const struct party *const *)a, *y = *(const struct party *const *)b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

struct pairs {
	json_t *now, *earlier;
	size_t n_now, n_earlier;
};

/*
 * The pairs of parties whose latest asserted stances are opposite (now),
 * and those that asserted opposite stances at some time but no longer
 * (earlier); the parties come by claims, so the busiest pairs come first.
 */
static void find_pairs(struct party **by, size_t n, struct pairs *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct party *a = by[i];
		if (!a->asserted[0] && !a->asserted[1])
			continue;
		for (size_t k = 0; k < n; k++) {
			const struct party *b = by[k];
			if (k == i || (!b->asserted[0] && !b->asserted[1]))
				continue;
			if (a->latest == 0 && b->latest == 1) {
				if (out->n_now++ < PAIRS_MAX)
					json_array_append_new(out->now, json_pack("{s:o, s:o}",
						"supports", side_json(a), "refutes", side_json(b)));
			} else if (i < k && ((a->asserted[0] && b->asserted[1]) ||
					     (a->asserted[1] && b->asserted[0])) &&
				   a->latest == b->latest) {
				if (out->n_earlier++ < PAIRS_MAX)
					json_array_append_new(out->earlier, json_pack("{s:o, s:o, s:s}",
						"a", side_json(a), "b", side_json(b),
						"now_both", stance_word(a->latest)));
			}
		}
	}
}

/* ---- the timeline ---- */

static long day_number(const char *d)
{
	return ct_days_from_civil(strtol(d, NULL, 10), strtol(d + 5, NULL, 10),
				  strtol(d + 8, NULL, 10));
}

/* The bucket of day number dn. */
static long bucket_of(enum bucket bk, long dn)
{
	long y, m, d;

	if (bk == B_DAY)
		return dn;
	if (bk == B_WEEK)
		return dn - ((dn + 3) % 7 + 7) % 7;    /* its Monday (1970-01-01 a Thursday) */
	ct_civil_from_days(dn, &y, &m, &d);
	return y * 12 + (m - 1);
}

/* The first and last day of a bucket, as dates. */
static void bucket_span(enum bucket bk, long b, char first[11], char last[11])
{
	long y, m, d, lo = b, hi = b;

	if (bk == B_WEEK) {
		hi = b + 6;
	} else if (bk == B_MONTH) {
		lo = ct_days_from_civil(b / 12, b % 12 + 1, 1);
		hi = ct_days_from_civil((b + 1) / 12, (b + 1) % 12 + 1, 1) - 1;
	}
	ct_civil_from_days(lo, &y, &m, &d);
	snprintf(first, 11, "%04ld-%02ld-%02ld", y, m, d);
	ct_civil_from_days(hi, &y, &m, &d);
	snprintf(last, 11, "%04ld-%02ld-%02ld", y, m, d);
}

/* One mark: a lane's claims of one stance in one bucket. */
struct mark {
	int lane;
	long bucket;
	int stance;
	bool all_hedged;
	size_t n;
	int64_t hi;
};

static int by_mark(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;

	if (x->lane != y->lane)
		return x->lane - y->lane;
	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	return x->stance - y->stance;
}

struct timeline {
	enum bucket bk;
	long lo, hi;                /* buckets */
	struct mark *marks;
	size_t n_marks;
	size_t undated;
	int lanes;                  /* lanes used, the others' included */
	size_t others;              /* parties in the others' lane */
};

/* Merges the rows into marks with buckets of kind bk; CT_ENOMEM. */
static int make_marks(const struct prop *p, enum bucket bk, struct timeline *t)
{
	struct mark *m = NULL;
	size_t n = 0;

	t->bk = bk;
	t->undated = 0;
	t->lo = LONG_MAX;
	t->hi = LONG_MIN;
	if (p->n_days && !(m = malloc(p->n_days * sizeof *m)))
		return CT_ENOMEM;
	for (size_t i = 0; i < p->n_days; i++) {
		const struct day *d = &p->days[i];
		if (!d->date[0]) {
			t->undated += d->n;
			continue;
		}
		long b = bucket_of(bk, day_number(d->date));
		m[n++] = (struct mark){ p->parties[d->party].lane, b, d->stance, d->hedged, d->n, d->hi };
		if (b < t->lo)
			t->lo = b;
		if (b > t->hi)
			t->hi = b;
	}
	if (n > 1)
		qsort(m, n, sizeof *m, by_mark);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && m[k - 1].lane == m[i].lane && m[k - 1].bucket == m[i].bucket &&
		    m[k - 1].stance == m[i].stance) {
			m[k - 1].n += m[i].n;
			m[k - 1].all_hedged = m[k - 1].all_hedged && m[i].all_hedged;
			if (m[i].hi > m[k - 1].hi)
				m[k - 1].hi = m[i].hi;
		} else {
			m[k++] = m[i];
		}
	}
	free(t->marks);
	t->marks = m;
	t->n_marks = k;
	return CT_OK;
}

/* The columns the chart has for the buckets. */
static long columns(const struct timeline *t)
{
	if (t->lo > t->hi)
		return 0;
	return t->bk == B_WEEK ? (t->hi - t->lo) / 7 + 1 : t->hi - t->lo + 1;
}

/* Days while they fit, else weeks, else months: a chart of at most
 * about 120 columns. */
static int make_timeline(const struct prop *p, struct timeline *t)
{
	int rc;

	for (enum bucket bk = B_DAY; bk <= B_MONTH; bk++) {
		if ((rc = make_marks(p, bk, t)) != CT_OK)
			return rc;
		if (columns(t) <= (bk == B_DAY ? 90 : 120))
			break;
	}
	return CT_OK;
}

static json_t *timeline_json(const struct timeline *t, struct party **lanes, int n_lanes)
{
	json_t *marks = json_array(), *names = json_array();
	char first[11], last[11];

	for (int i = 0; i < n_lanes; i++)
		json_array_append_new(names, lanes[i] ? serve_jtext(lanes[i]->name)
					     : json_string("others"));
	for (size_t i = 0; i < t->n_marks; i++) {
		const struct mark *m = &t->marks[i];
		bucket_span(t->bk, m->bucket, first, last);
		json_array_append_new(marks, json_pack("{s:i, s:s, s:s, s:s, s:b, s:I, s:I}",
			"lane", m->lane, "from", first, "to", last, "stance", stance_word(m->stance),
			"hedged", m->all_hedged, "claims", (json_int_t)m->n,
			"latest_claim", (json_int_t)m->hi));
	}
	return json_pack("{s:s, s:o, s:I, s:I, s:o}", "bucket", bucket_names[t->bk],
			 "lanes", names, "others", (json_int_t)t->others,
			 "undated", (json_int_t)t->undated, "marks", marks);
}

/* ---- HTML ---- */

static void party_link(struct ct_buf *b, const struct party *pt)
{
	if (!pt->name) {
		ct_buf_adds(b, pt->kind == CT_SPEAKER_NARRATOR ? "the narrator (outlet unknown)"
			    : "unknown speaker");
		return;
	}
	serve_link(b, pt->kind == CT_SPEAKER_NARRATOR ? "/outlet/" : "/speaker/", pt->name,
		   pt->name);
	if (pt->kind == CT_SPEAKER_NARRATOR)
		ct_buf_adds(b, " <span class=\"role\">(own voice)</span>");
}

/* The mark's link: its claim when it is one, else the search for its
 * claims. */
static void mark_href(struct ct_buf *b, const char *id, const struct party *pt,
		      const struct mark *m, const char *first, const char *last)
{
	if (m->n == 1) {
		serve_addf(b, "/claim/%lld", (long long)m->hi);
		return;
	}
	ct_buf_adds(b, "/search?proposition=");
	serve_urlenc(b, id);
	if (pt && pt->name && pt->kind != CT_SPEAKER_NARRATOR) {
		ct_buf_adds(b, "&amp;speaker=");
		serve_urlenc(b, pt->name);
	}
	serve_addf(b, "&amp;stance=%s&amp;since=%s&amp;until=%s#results", stance_word(m->stance),
		   first, last);
}

#define LABEL_W 124
#define LANE_H 30
#define TOP 8
#define PAD 10

/*
 * Two SVGs drawn at their size in pixels, not scaled: the lanes' names,
 * which stay put, and the plot beside them, which scrolls sideways in its
 * box when the screen is narrower (a line under it says so, shown by the
 * style sheet only below the width where it scrolls; the script scrolls
 * it to the newest marks).
 */
static void write_timeline(struct ct_buf *b, const char *id, const struct timeline *t,
			   struct party **lanes, int n_lanes)
{
	long cols = columns(t);
	const char *width = cols > 90 ? "w3" : cols > 60 ? "w2" : "w1";
	int plot = cols > 90 ? 1320 : cols > 60 ? 1000 : 740;
	double cell = cols ? (double)(plot - 2 * PAD) / (double)cols : plot;
	int h = TOP + n_lanes * LANE_H + 28;
	char first[11], last[11];
	double prev_label = -1000;

	if (!t->n_marks) {
		ct_buf_adds(b, "<p class=\"note\">No claim on it has a date: no timeline.</p>\n");
		return;
	}
	serve_addf(b, "<figure><div class=\"tlbox\"><svg class=\"tl names\" width=\"%d\" "
		   "height=\"%d\" aria-hidden=\"true\">", LABEL_W, h);
	for (int i = 0; i < n_lanes; i++) {
		int y = TOP + i * LANE_H + LANE_H / 2;
		if (i % 2 == 0)
			serve_addf(b, "<rect class=\"band\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
				   y - LANE_H / 2, LABEL_W, LANE_H);
		serve_addf(b, "<text class=\"spk%s\" x=\"%d\" y=\"%d\">",
			   lanes[i] && lanes[i]->kind == CT_SPEAKER_NARRATOR ? " own" : "",
			   LABEL_W - 8, y + 4);
		if (lanes[i]) {
			const char *name = lanes[i]->name ? lanes[i]->name : "unknown";
			size_t len = strlen(name), cut = len > 17 ? 15 : len;
			while (cut < len && cut > 0 && ((unsigned char)name[cut] & 0xC0) == 0x80)
				cut--;
			char *s = strndup(name, cut);
			serve_esc(b, s);
			free(s);
			if (cut < len)
				ct_buf_adds(b, "\xe2\x80\xa6");
		} else {
			serve_addf(b, "%zu others", t->others);
		}
		ct_buf_adds(b, "</text>");
	}
	serve_addf(b, "</svg><div class=\"chart\"><svg class=\"tl plot\" width=\"%d\" "
		   "height=\"%d\" role=\"img\" aria-label=\"Timeline of the claims by speaker, one "
		   "mark per %s\">", plot, h, bucket_names[t->bk]);
	for (int i = 0; i < n_lanes; i += 2)
		serve_addf(b, "<rect class=\"band\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
			   TOP + i * LANE_H, plot, LANE_H);
	/* The axis, with a label where a month starts (at least 60 px apart). */
	serve_addf(b, "<line class=\"axis\" x1=\"0\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>", plot,
		   TOP + n_lanes * LANE_H, TOP + n_lanes * LANE_H);
	for (long c = 0; c < cols; c++) {
		long bkt = t->bk == B_WEEK ? t->lo + c * 7 : t->lo + c;
		double x = PAD + (c + 0.5) * cell;
		bucket_span(t->bk, bkt, first, last);
		bool month_start = t->bk == B_MONTH || (t->bk == B_DAY && first[8] == '0' &&
							first[9] == '1') ||
				   (t->bk == B_WEEK && strncmp(first + 8, "08", 2) < 0);
		if ((c == 0 || month_start) && x - prev_label >= 60 && x + 25 <= plot) {
			serve_addf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%d\">%.7s</text>",
				   x < 25 ? 25 : x, TOP + n_lanes * LANE_H + 18, first);
			prev_label = x;
		}
	}
	for (size_t i = 0; i < t->n_marks; i++) {
		const struct mark *m = &t->marks[i];
		const struct party *pt = m->lane < n_lanes ? lanes[m->lane] : NULL;
		long c = t->bk == B_WEEK ? (m->bucket - t->lo) / 7 : m->bucket - t->lo;
		double x = PAD + (c + 0.5) * cell;
		double y = TOP + m->lane * LANE_H + LANE_H / 2.0 + (m->stance ? 4 : -4);
		double r = 3.5;
		for (size_t k = 1; k < m->n && r < 11; k *= 2)
			r += 1.6;     /* grows with the log of the count */
		bucket_span(t->bk, m->bucket, first, last);
		ct_buf_adds(b, "<a href=\"");
		mark_href(b, id, pt, m, first, last);
		ct_buf_adds(b, "\">");
		if (m->stance)
			serve_addf(b, "<rect class=\"mk r%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
				   "height=\"%.1f\">", m->all_hedged ? " h" : "", x - r, y - r, 2 * r,
				   2 * r);
		else
			serve_addf(b, "<circle class=\"mk s%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\">",
				   m->all_hedged ? " h" : "", x, y, r);
		ct_buf_adds(b, "<title>");
		if (pt)
			serve_esc(b, pt->name ? pt->name : "unknown");
		else
			ct_buf_adds(b, "others");
		serve_addf(b, ": %zu claim%s %s%s, ", m->n, m->n == 1 ? "" : "s",
			   stance_word(m->stance), m->all_hedged ? " (hedged)" : "");
		if (t->bk == B_DAY)
			serve_addf(b, "%s", first);
		else
			serve_addf(b, "%s to %s", first, last);
		ct_buf_adds(b, m->stance ? "</title></rect></a>" : "</title></circle></a>");
	}
	serve_addf(b, "</svg></div></div><p class=\"scroll-hint %s\">\xe2\x86\x94 The timeline scrolls "
		   "sideways: the newest marks are at the right.</p>", width);
	serve_addf(b, "<figcaption><ul class=\"legend\"><li><span class=\"s\">\xe2\x97\x8f</span> supports</li>"
		   "<li><span class=\"r\">\xe2\x96\xa0</span> refutes</li><li>\xe2\x97\x8b \xe2\x96\xa1 hedged only</li>"
		   "<li>one mark per speaker, stance and %s; larger marks, more claims</li>"
		   "<li>a mark opens its claim, or the list of its claims</li>",
		   bucket_names[t->bk]);
	if (t->undated)
		serve_addf(b, "<li>%zu undated claim%s not shown</li>", t->undated,
			   t->undated == 1 ? "" : "s");
	ct_buf_adds(b, "</ul></figcaption></figure>\n");
}

static void side_table(struct ct_buf *b, const char *title, struct party **v, size_t n,
		       const char *id, int which)
{
	size_t shown = 0, all = 0;

	for (size_t i = 0; i < n; i++)
		all += v[i]->latest == which;
	serve_addf(b, "<h3>%s <span class=\"muted\">(%zu)</span></h3>\n", title, all);
	if (!all) {
		ct_buf_adds(b, "<p class=\"note\">Nobody.</p>\n");
		return;
	}
	ct_buf_adds(b, "<div class=\"table\"><table><thead><tr><th>who</th><th class=\"n\">"
		    "<abbr title=\"asserted claims that support it\">for</abbr></th><th class=\"n\">"
		    "<abbr title=\"asserted claims that refute it\">against</abbr></th>"
		    "<th class=\"n\">hedged</th><th>latest</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n && shown < SIDE_ROWS; i++) {
		const struct party *pt = v[i];
		if (pt->latest != which)
			continue;
		shown++;
		ct_buf_adds(b, "<tr><td class=\"name\">");
		party_link(b, pt);
		if (which < 0)
			ct_buf_adds(b, " <span class=\"badge\">hedged only</span>");
		serve_addf(b, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
			   "<td class=\"n\">%zu</td><td class=\"d\"><a href=\"/claim/%lld\">",
			   pt->asserted[0], pt->asserted[1], pt->hedged[0] + pt->hedged[1],
			   (long long)pt->latest_claim);
		serve_esc(b, which >= 0 ? (pt->latest_date[0] ? pt->latest_date : "undated")
					: (pt->last[0] ? pt->last : "undated"));
		ct_buf_adds(b, "</a></td></tr>\n");
	}
	ct_buf_adds(b, "</tbody></table></div>\n");
	if (all > shown) {
		serve_addf(b, "<p class=\"note\">%zu more; <a href=\"/search?proposition=", all - shown);
		serve_urlenc(b, id);
		ct_buf_adds(b, "\">search its claims</a>.</p>\n");
	}
}

static void write_side(struct ct_buf *b, json_t *side)
{
	const char *who = serve_jstr(side, "speaker"), *kind = serve_jstr(side, "speaker_kind");
	bool narrator = kind && strcmp(kind, "narrator") == 0;

	if (who)
		serve_link(b, narrator ? "/outlet/" : "/speaker/", who, who);
	else
		ct_buf_adds(b, "unknown");
	serve_addf(b, " <span class=\"nw\">(<a href=\"/claim/%lld\">", serve_jint(side, "claim"));
	serve_esc(b, serve_jstr(side, "date") ? serve_jstr(side, "date") : "undated");
	ct_buf_adds(b, "</a>)</span>");
}

static void write_pairs(struct ct_buf *b, const struct pairs *pr)
{
	size_t i;
	json_t *o;

	serve_addf(b, "<h2>Contradictions</h2>\n<p class=\"meta\">%zu pair%s of parties whose "
		   "latest asserted stances are opposite%s.</p>\n", pr->n_now,
		   pr->n_now == 1 ? "" : "s", pr->n_now > PAIRS_MAX ? " (the busiest listed)" : "");
	json_array_foreach(pr->now, i, o) {
		if (i == 0)
			ct_buf_adds(b, "<ul class=\"pairs\">");
		if (i == PAIRS_SHOWN)
			serve_addf(b, "</ul><details class=\"folded\"><summary>%zu more pairs</summary>"
				   "<ul class=\"pairs\">", json_array_size(pr->now) - PAIRS_SHOWN);
		ct_buf_adds(b, "<li>");
		serve_stance(b, "supports", false);
		ct_buf_adds(b, " ");
		write_side(b, json_object_get(o, "supports"));
		ct_buf_adds(b, "<span class=\"vs\">\xe2\x86\x94</span>");
		serve_stance(b, "refutes", false);
		ct_buf_adds(b, " ");
		write_side(b, json_object_get(o, "refutes"));
		ct_buf_adds(b, "</li>");
	}
	if (json_array_size(pr->now))
		ct_buf_adds(b, json_array_size(pr->now) > PAIRS_SHOWN ? "</ul></details>\n"
								       : "</ul>\n");
	if (pr->n_earlier) {
		serve_addf(b, "<details class=\"folded\"><summary>%zu earlier pair%s: they "
			   "contradicted each other once, and agree now</summary><ul class=\"pairs\">",
			   pr->n_earlier, pr->n_earlier == 1 ? "" : "s");
		json_array_foreach(pr->earlier, i, o) {
			ct_buf_adds(b, "<li>");
			write_side(b, json_object_get(o, "a"));
			ct_buf_adds(b, "<span class=\"vs\">and</span>");
			write_side(b, json_object_get(o, "b"));
			ct_buf_adds(b, ": both ");
			serve_esc(b, serve_jstr(o, "now_both"));
			ct_buf_adds(b, " now</li>");
		}
		ct_buf_adds(b, "</ul></details>\n");
	}
}

/* ---- the page ---- */

struct find_prop {
	const char *id;
	json_t *row;
};

static int on_proposition(const struct ct_store_proposition *p, void *user)
{
	struct find_prop *f = user;

	if (strcmp(p->id, f->id) != 0)
		return 0;
	f->row = cli_proposition_json(p);
	return 1;
}

static int by_change_date(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	int c = strcmp(y->to_date, x->to_date);

	return c ? c : (y->to_claim > x->to_claim) - (y->to_claim < x->to_claim);
}

void serve_proposition(struct serve_req *r, const char *id)
{
	struct ct_buf *b = &r->out;
	struct find_prop f = { id, NULL };
	struct prop p = { 0 };
	struct timeline t = { 0 };
	struct party **by = NULL, *lanes[LANES + 1];
	struct pairs pr = { json_array(), json_array(), 0, 0 };
	json_t *parties = json_array(), *changes = json_array(), *row, *o;
	int n_lanes = 0, rc;
	size_t i;

	rc = ct_store_proposition(r->s, id, on_proposition, &f);
	if (rc != CT_OK && rc != CT_EABORT && rc != CT_ENOTFOUND) {
		serve_store_error(r, rc);
		goto out;
	}
	if (!f.row) {
		serve_error(r, 404, "no proposition '%s'", id);
		goto out;
	}
	row = f.row;
	rc = ct_store_proposition_days(r->s, id, on_day, &p);
	if (rc != CT_OK || p.failed ||
	    (p.n_parties && !(by = malloc(p.n_parties * sizeof *by)))) {
		rc != CT_OK && !p.failed ? serve_store_error(r, rc) : serve_error(r, 500, "out of memory");
		goto out;
	}
	for (i = 0; i < p.n_parties; i++)
		by[i] = &p.parties[i];
	if (p.n_parties > 1)
		qsort(by, p.n_parties, sizeof *by, by_total);
	for (i = 0; i < p.n_parties; i++) {
		by[i]->lane = i < LANES ? (int)i : LANES;
		if (i < LANES)
			lanes[n_lanes++] = by[i];
	}
	if (p.n_parties > LANES) {
		t.others = p.n_parties - LANES;
		lanes[n_lanes++] = NULL;
	}
	if (make_timeline(&p, &t) != CT_OK) {
		serve_error(r, 500, "out of memory");
		goto out;
	}
	t.lanes = n_lanes;
	find_pairs(by, p.n_parties, &pr);
	if (p.n_changes > 1)
		qsort(p.changes, p.n_changes, sizeof *p.changes, by_change_date);
	for (i = 0; i < p.n_parties; i++)
		json_array_append_new(parties, party_json(by[i]));
	for (i = 0; i < p.n_changes && i < CHANGES_MAX; i++) {
		const struct change *c = &p.changes[i];
		json_array_append_new(changes, json_pack("{s:o, s:s, s:s, s:s, s:I, s:I, s:o, s:o}",
			"speaker", serve_jtext(p.parties[c->party].name),
			"speaker_kind", ct_speaker_kind_name(p.parties[c->party].kind),
			"from", stance_word(c->from), "to", stance_word(c->to),
			"from_claim", (json_int_t)c->from_claim, "to_claim", (json_int_t)c->to_claim,
			"from_date", jdate(c->from_date), "to_date", jdate(c->to_date)));
	}
	if (r->json) {
		serve_json(r, json_pack("{s:O, s:o, s:O, s:{s:I, s:O, s:I, s:O}, s:I, s:O}",
			"proposition", row,
			"timeline", timeline_json(&t, lanes, n_lanes),
			"speakers", parties,
			"contradictions", "pairs", (json_int_t)pr.n_now, "now", pr.now,
			"earlier_pairs", (json_int_t)pr.n_earlier, "earlier", pr.earlier,
			"all_changes", (json_int_t)p.n_changes,
			"changes", changes));
		goto out;
	}
	serve_page_start(r, serve_jstr(row, "title") ? serve_jstr(row, "title") : id, NULL);
	ct_buf_adds(b, "<p class=\"kicker\">proposition \xc2\xb7 <code>");
	serve_esc(b, id);
	ct_buf_adds(b, "</code></p>\n<h1>");
	serve_esc(b, serve_jstr(row, "title"));
	serve_addf(b, "</h1>\n<p class=\"meta\">rev %lld \xc2\xb7 ", serve_jint(row, "rev"));
	serve_esc(b, serve_jstr(row, "file"));
	serve_addf(b, ":%lld", serve_jint(row, "line"));
	if (serve_jstr(row, "tags")) {
		ct_buf_adds(b, " \xc2\xb7 tags ");
		serve_esc(b, serve_jstr(row, "tags"));
	}
	ct_buf_adds(b, "</p>\n");
	serve_addf(b, "<ul class=\"stats\"><li><b>%lld</b><span>claims</span></li>"
		   "<li><b class=\"st s\">%lld</b><span>support</span></li>"
		   "<li><b class=\"st r\">%lld</b><span>refute</span></li>"
		   "<li><b>%lld</b><span>hedged</span></li><li><b>%lld</b><span>speakers</span></li>"
		   "<li><b>%lld</b><span>documents</span></li></ul>\n",
		   serve_jint(row, "claims"), serve_jint(row, "supports"), serve_jint(row, "refutes"),
		   serve_jint(row, "hedged"), serve_jint(row, "speakers"),
		   serve_jint(row, "documents"));
	if (serve_jstr(row, "first_date")) {
		ct_buf_adds(b, "<p class=\"meta\">From ");
		serve_esc(b, serve_jstr(row, "first_date"));
		ct_buf_adds(b, " to ");
		serve_esc(b, serve_jstr(row, "last_date"));
		ct_buf_adds(b, ". <a href=\"/search?proposition=");
		serve_urlenc(b, id);
		ct_buf_adds(b, "\">Search its claims</a></p>\n");
	}
	ct_buf_adds(b, "<h2>Timeline</h2>\n");
	write_timeline(b, id, &t, lanes, n_lanes);
	ct_buf_adds(b, "<h2>Who stands where now</h2>\n<p class=\"meta\">By each one's latest "
		    "asserted claim; hedged claims (reported, not asserted) count apart.</p>\n");
	side_table(b, "Support it", by, p.n_parties, id, 0);
	side_table(b, "Refute it", by, p.n_parties, id, 1);
	side_table(b, "Hedged claims only", by, p.n_parties, id, -1);
	write_pairs(b, &pr);
	serve_addf(b, "<h2>Stance changes</h2>\n");
	if (!p.n_changes)
		ct_buf_adds(b, "<p class=\"note\">Nobody changed their asserted stance.</p>\n");
	else
		ct_buf_adds(b, "<ul class=\"pairs\">");
	json_array_foreach(changes, i, o) {
		const char *who = serve_jstr(o, "speaker"), *kind = serve_jstr(o, "speaker_kind");
		bool narrator = kind && strcmp(kind, "narrator") == 0;
		ct_buf_adds(b, "<li>");
		if (who)
			serve_link(b, narrator ? "/outlet/" : "/speaker/", who, who);
		else
			ct_buf_adds(b, "unknown");
		ct_buf_adds(b, ": ");
		serve_stance(b, serve_jstr(o, "from"), false);
		serve_addf(b, " <span class=\"nw\">(<a href=\"/claim/%lld\">",
			   serve_jint(o, "from_claim"));
		serve_esc(b, serve_jstr(o, "from_date") ? serve_jstr(o, "from_date") : "undated");
		ct_buf_adds(b, "</a>)</span> to ");
		serve_stance(b, serve_jstr(o, "to"), false);
		serve_addf(b, " <span class=\"nw\">(<a href=\"/claim/%lld\">",
			   serve_jint(o, "to_claim"));
		serve_esc(b, serve_jstr(o, "to_date") ? serve_jstr(o, "to_date") : "undated");
		ct_buf_adds(b, "</a>)</span></li>");
	}
	if (p.n_changes)
		serve_addf(b, "</ul>%s\n", p.n_changes > CHANGES_MAX ? "<p class=\"note\">The "
			   "newest 100 shown.</p>" : "");
	serve_page_end(r);
out:
	json_decref(f.row);
	json_decref(parties);
	json_decref(changes);
	json_decref(pr.now);
	json_decref(pr.earlier);
	free(t.marks);
	free(by);
	prop_release(&p);
}
