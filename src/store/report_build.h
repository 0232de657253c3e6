/*
 * The report builder's state, shared by the files that build a report
 * from the store: report_scan.c (the one scan of the claims),
 * report_claims.c (the claims and speakers the report shows), report.c
 * (contradictions, changes, and the whole), report_runs.c (what the scan
 * keeps for the speakers' pages) and report_speakers.c (the speakers'
 * pages).
 */
#ifndef CT_STORE_REPORT_BUILD_H
#define CT_STORE_REPORT_BUILD_H

#include "claimtrack/store.h"
#include "base/base.h"
#include "store/store_internal.h"

#include <stdint.h>
#include <string.h>

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

/* One claim of the scan, by date: a group's sample, a point of its flips. */
struct point {
	int64_t id;
	struct day date;               /* the first 10 bytes of the date */
	int side;
};

/*
 * A speaker's claims on one proposition, from the scan: those in an
 * outlet's own voice (speaker kind narrator) and the others are two groups
 * of the same speaker, next to each other in the proposition's list.
 */
struct group {
	int64_t speaker_id;
	bool voice;                    /* the outlet's own voice */
	size_t claims[2], hedged[2], new_asserted[2];   /* [0] supports, [1] refutes */
	struct day first[2], last[2];  /* {0, 0}: no whole date yet */
	int64_t outlet[2][4];          /* a few distinct outlets per side */
	size_t n_outlets[2];
	struct point sample[2];        /* the newest claim per side, asserted first; id 0: none */
};

/* A flip of one speaker's asserted stance. */
struct flip {
	int64_t speaker_id;
	int64_t from_id, to_id;
	struct day to_date;
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
	int64_t *samples[2];           /* the own-voice outlets' sample claims, per side */
	struct flip *flips;            /* newest kept, at most max_changes */
	size_t n_flips, cap_flips;
	size_t all_flips, new_flips;
	size_t claims, new_claims;
	struct day first, last;
};

struct id_name {
	int64_t id;
	const char *name;
};

/* One claim of a named speaker's run, as the speakers' pages order them. */
struct page_claim {
	int64_t id;
	struct day date;               /* {0, 0} unless the date is whole */
	int side;
	bool hedged;
};

/*
 * A named speaker's claims on one proposition (both voices), as the
 * speakers' pages need them: the speaker's part of a page, and the party
 * that other pages list among the opponents.
 */
struct page_run {
	const char *prop;              /* the proposition's id (the report's arena) */
	int64_t speaker;
	size_t asserted[2], hedged[2]; /* [0] supports, [1] refutes */
	struct day first[2], last[2];  /* whole dates of the asserted claims, per side */
	struct day from, to;           /* whole dates of all of them */
	size_t ids;                    /* into page_runs.ids: n_shown claims (the
					  newest, oldest first), then n_flips pairs
					  (from, to) of the newest changes, oldest first */
	uint8_t n_shown, n_flips;
	size_t all_flips;
};

/* The runs of the report's scan for the speakers' pages, in scan order. */
struct page_runs {
	struct page_run *v;
	size_t n, cap;
	int64_t *ids;
	size_t n_ids, cap_ids;
	struct page_claim *cur;        /* the current run's claims */
	size_t n_cur, cap_cur;
	bool cur_sorted;               /* cur is in (date, id) order */
	bool cur_whole;                /* every date of cur is whole */
};

/* Claims (and speakers) read at once by id, in one statement. */
#define CLAIMS_AT_ONCE 256

struct builder {
	struct ct_store *s;
	const struct ct_report_options *o;
	struct ct_report *r;
	struct ct_arena arena;
	struct prop_work *props;
	size_t n_props, cap_props;
	size_t *hash;                  /* open addressing into props, SIZE_MAX empty */
	size_t hash_cap;
	struct db_stmt *by_ids;        /* the details of CLAIMS_AT_ONCE claims by id */
	struct db_stmt *speakers_st, *kind_st;   /* the speakers of a proposition */
	struct id_name *outlet_names;  /* every outlet, by id */
	size_t n_outlet_names, cap_outlet_names;
	bool outlet_names_read;
	struct page_runs runs;         /* for the speakers' pages */
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

static inline size_t side_of(const char *stance)
{
	return stance && strcmp(stance, "refutes") == 0;
}

static inline int day_cmp(struct day a, struct day b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	return (a.lo > b.lo) - (a.lo < b.lo);
}

static inline bool day_none(struct day d)
{
	return d.hi == 0 && d.lo == 0;
}

/* The date a key was made from, into out[11] ("" for {0, 0}); returns out. */
static inline char *day_text(struct day d, char out[11])
{
	for (int i = 0; i < 8; i++)
		out[i] = (char)(d.hi >> (56 - 8 * i));
	out[8] = (char)(d.lo >> 8);
	out[9] = (char)d.lo;
	out[10] = '\0';
	return out;
}

/* Outlets in their own voice with a sample claim, per side of a proposition
 * (those with the most claims): each sample is one more claim to fetch. */
#define OWN_SAMPLES 10

/*
 * The order of the scans: the index claims_by_speaker's, which SQLite reads
 * as it is (the rowid, c.id, is an index's last column; SQLite orders NULL
 * first) and PostgreSQL sorts into, so that claims of one day come in the
 * same order on both (a speaker's first outlets are listed in it).
 */
#define SCAN_ORDER " ORDER BY c.speaker_id, c.proposition, c.date, c.stance, c.hedged, " \
	"c.statement_date NULLS FIRST, c.document_id, c.speaker_kind, c.id"

/* ---- the scan (report_scan.c) ---- */

/* A copy of a date key as text in the arena; NULL when out of memory. */
char *ct_report_day_dup(struct builder *b, struct day d);

/* The key of the first 10 bytes of date (NULL is ""); *whole: it has 10 exactly. */
struct day ct_report_day_of(const char *date, bool *whole);

/* Prepares base + the options' filter (period, propositions, tags: base
 * selects from claims c, joined with propositions p when there are tags,
 * and ends in a WHERE clause) + tail, its parameters bound. */
int ct_report_prepare_filtered(struct builder *b, const char *base, const char *tail,
			       struct db_stmt **st);

/* qsort: flips newest first. */
int ct_report_cmp_flips_newest(const void *x, const void *y);

/* Every claim of the period into b's groups, counts and sets. */
int ct_report_scan(struct builder *b);

/* Documents per proposition, when the scan did not count them. */
int ct_report_count_documents(struct builder *b);

/* ---- the speakers' pages' share of the scan (report_runs.c) ---- */

/* Adds a claim of a named speaker (id > 0) to the current run. */
static inline int ct_report_page_claim(struct page_runs *pr, int64_t id, struct day date,
				       bool whole, int side, bool hedged)
{
	if (!CT_VEC_RESERVE(pr->cur, pr->cap_cur, pr->n_cur + 1))
		return CT_ENOMEM;
	pr->cur[pr->n_cur++] = (struct page_claim){ id, whole ? date : (struct day){ 0, 0 }, side,
						    hedged };
	pr->cur_whole &= whole;
	return CT_OK;
}

/* Ends the current run (prop's, speaker's) into a struct page_run; leaves
 * its claims in pr->cur sorted by (date, id) until ct_report_page_run_next(). */
int ct_report_page_run_end(struct page_runs *pr, const char *prop, int64_t speaker);

/* Starts the next run. */
static inline void ct_report_page_run_next(struct page_runs *pr)
{
	pr->n_cur = 0;
	pr->cur_sorted = false;
	pr->cur_whole = true;
}

/* Frees what pr holds (NULL is fine). */
void ct_report_page_runs_release(struct page_runs *pr);

/* The runs ct_report_build() kept in r for ct_report_build_pages()
 * (report.c); they live as long as r. */
const struct page_runs *ct_report_page_runs(const struct ct_report *r);

/* ---- the claims and speakers shown (report_claims.c) ---- */

/* Column col of a row as a copy in the arena; NULL for NULL (or no memory). */
const char *ct_report_dup_col(struct builder *b, struct db_stmt *st, int col);

/* The proposition's claim with this id, or NULL when not fetched. */
const struct ct_report_claim *ct_report_claim_by_id(const struct ct_report_proposition *rp,
						    int64_t id);

/*
 * Reads the claims with ids[0, n_ids) (any order, repeats and ids <= 0
 * allowed; ids is reordered) in a few statements and appends those not in
 * (*v)[0, *n) to *v (strings in b's arena); ids not stored are left out.
 */
int ct_report_read_claims(struct builder *b, int64_t *ids, size_t n_ids,
			  struct ct_report_claim **v, size_t *n, size_t *cap);

/* The ids of the newest claims of a proposition and of the newest asserted
 * ones per side, appended to ids[*n] (which has room for
 * p->all.n + p->sides[0].n + p->sides[1].n more). */
void ct_report_want_claims(const struct prop_work *p, int64_t *ids, size_t *n);

/* The speakers on each side of a proposition, and apart from them the
 * outlets asserting in their own voice (the ids of their sample claims in
 * p->samples, to read with the proposition's claims). */
int ct_report_speakers(struct builder *b, struct prop_work *p, struct ct_report_proposition *rp);

/* Points the own-voice outlets at their sample claims, once the claims no
 * longer move. */
void ct_report_point_samples(const struct prop_work *p, struct ct_report_proposition *rp);

/* Parties on each side of a proposition (speakers and outlets in their own
 * voice, one party per speaker), into n[2]; returns the parties on both. */
size_t ct_report_parties(const struct prop_work *p, size_t n[2]);

/* Claims newly asserted against a party already on the other side. */
size_t ct_report_new_contradicting(const struct prop_work *p, const size_t parties[2]);

#endif
