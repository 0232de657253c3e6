/*
 * The report's scan's share of the speakers' pages: each run of a named
 * speaker's claims on one proposition ended into a struct page_run, kept
 * with the report for ct_report_build_pages() (report_speakers.c).
 */
#include "claimtrack/report.h"
#include "base/base.h"
#include "store/report_build.h"

#include <stdlib.h>

struct flip_ids {
	int64_t from, to;
};

static void widen(struct day *first, struct day *last, struct day d)
{
	if (day_none(*first) || day_cmp(d, *first) < 0)
		*first = d;
	if (day_none(*last) || day_cmp(d, *last) > 0)
		*last = d;
}

static int cmp_page_claims(const void *x, const void *y)
{
	const struct page_claim *p = x, *q = y;
	int c = day_cmp(p->date, q->date);

	return c ? c : (p->id > q->id) - (p->id < q->id);
}

/*
 * Ends a run of a named speaker's claims on a proposition (the scan calls
 * it for every one, before it knows which speakers get pages): its counts,
 * dates, newest claims and newest stance changes, in claim date order.
 */
int ct_report_page_run_end(struct page_runs *pr, const char *prop, int64_t speaker)
{
	struct flip_ids flips[CT_REPORT_PAGE_CHANGES];
	const struct page_claim *last = NULL;
	struct page_run *run;
	size_t n_flips = 0;

	if (speaker <= 0 || pr->n_cur == 0)
		return CT_OK;
	if (!CT_VEC_RESERVE(pr->v, pr->cap, pr->n + 1) ||
	    !CT_VEC_RESERVE(pr->ids, pr->cap_ids,
			    pr->n_ids + CT_REPORT_PAGE_CLAIMS + 2 * CT_REPORT_PAGE_CHANGES))
		return CT_ENOMEM;
	run = &pr->v[pr->n++];
	memset(run, 0, sizeof *run);
	run->prop = prop;
	run->speaker = speaker;
	/* The index orders a run by publication date; a statement date can
	 * come before it: sort only when they do. */
	for (size_t i = 1; i < pr->n_cur; i++)
		if (cmp_page_claims(&pr->cur[i - 1], &pr->cur[i]) > 0) {
			qsort(pr->cur, pr->n_cur, sizeof *pr->cur, cmp_page_claims);
			break;
		}
	pr->cur_sorted = true;
	for (size_t i = 0; i < pr->n_cur; i++) {
		const struct page_claim *c = &pr->cur[i];
		if (c->hedged) {
			run->hedged[c->side]++;
		} else {
			run->asserted[c->side]++;
			if (!day_none(c->date))
				widen(&run->first[c->side], &run->last[c->side], c->date);
			if (last && last->side != c->side) {
				if (n_flips == CT_REPORT_PAGE_CHANGES) {
					memmove(flips, flips + 1,
						(CT_REPORT_PAGE_CHANGES - 1) * sizeof *flips);
					n_flips--;
				}
				flips[n_flips++] = (struct flip_ids){ last->id, c->id };
				run->all_flips++;
			}
			last = c;
		}
		if (!day_none(c->date) && c->date.lo != 0)
			widen(&run->from, &run->to, c->date);
	}
	run->ids = pr->n_ids;
	for (size_t i = pr->n_cur > CT_REPORT_PAGE_CLAIMS ? pr->n_cur - CT_REPORT_PAGE_CLAIMS : 0;
	     i < pr->n_cur; i++)
		pr->ids[pr->n_ids++] = pr->cur[i].id;
	run->n_shown = (uint8_t)(pr->n_ids - run->ids);
	for (size_t i = 0; i < n_flips; i++) {
		pr->ids[pr->n_ids++] = flips[i].from;
		pr->ids[pr->n_ids++] = flips[i].to;
	}
	run->n_flips = (uint8_t)n_flips;
	return CT_OK;
}

void ct_report_page_runs_release(struct page_runs *pr)
{
	if (!pr)
		return;
	free(pr->v);
	free(pr->ids);
	free(pr->cur);
	memset(pr, 0, sizeof *pr);
}
