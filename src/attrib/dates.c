/*
 * Statement dates: the date a sentence states for its event ("On December
 * 17", "on Monday", "yesterday"), resolved against the publication date.
 */
#include "attrib/attrib_internal.h"

#include <stdio.h>
#include <stdlib.h>

/* YYYY-MM-DD into out; a year of more than four digits is cut to ten
 * characters, which ct_date_valid() then refuses. */
static void format_date(char out[11], int y, int m, int d)
{
	char date[40];

	/* Digits by hand in the usual case: snprintf() cost as much as the
	 * rest of reading a sentence's date. */
	if (y >= 0 && y <= 9999 && m >= 0 && m <= 99 && d >= 0 && d <= 99) {
		const int v[3] = { y, m, d }, w[3] = { 4, 2, 2 };
		char *o = out;
		for (int f = 0; f < 3; f++) {
			if (f)
				*o++ = '-';
			for (int k = w[f] - 1, x = v[f]; k >= 0; k--, x /= 10)
				o[k] = (char)('0' + x % 10);
			o += w[f];
		}
		*o = '\0';
		return;
	}
	snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
	memcpy(out, date, 10);
	out[10] = '\0';
}

/*
 * The date a sentence states for its event ("On December 17", "on
 * Monday", "yesterday"), resolved against the publication date py-pm-pd
 * (day pub): the latest such day on or before it. "" when it states none.
 */
static void sentence_date(const struct ct_attribution *a, int s, int e, int py, long pub,
			  char out[11])
{
	out[0] = '\0';
	for (int i = s; i <= e; i++) {
		/* Few words name a month or a day: one test for the others. */
		if (!a->t[i].month && !a->t[i].day)
			continue;
		int m = month_of(a, i), d = -1, y = -1, k = i;
		if (m) {
			d = ct_attr_number_at(a, i + 1, 2);
			if (d >= 1 && d <= 31) {
				k = i + 1;
				if (tok_punct(a, k + 1, ','))
					y = ct_attr_number_at(a, k + 2, 4);
			} else if ((d = ct_attr_number_at(a, i - 1, 2)) >= 1 && d <= 31) {
				y = ct_attr_number_at(a, i + 1, 4);
			} else {
				continue;
			}
			/* "May" alone is a verb too often: require the day. */
			if (y < 1000) {
				y = py;
				if (ct_days_from_civil(y, m, d) > pub)
					y--;
			}
			/* A date stated as a deadline or a plan is not when it was said;
			 * keep dates on or before the publication. */
			if (ct_days_from_civil(y, m, d) > pub)
				continue;
			format_date(out, y, m, d);
			if (!ct_date_valid(out)) {
				out[0] = '\0';
				continue;
			}
			return;
		}
		if (a->t[i].kind != T_WORD || !a->t[i].day)
			continue;
		int named = a->t[i].day;
		long day = -1;
		if (named == DAY_YESTERDAY)
			day = pub - 1;
		else if (named == DAY_TODAY)
			day = pub;
		else if (tok_is(a, i - 1, "on") || tok_is(a, i - 1, "last")) {
			/* 1970-01-01 (day 0) was a Thursday (index 3). */
			long wd = named - 1, pub_wd = ((pub % 7) + 7 + 3) % 7;
			long back = (pub_wd - wd + 7) % 7;
			if (tok_is(a, i - 1, "last") && back == 0)
				back = 7;
			day = pub - back;
		}
		if (day >= 0) {
			long dy, dm, dd;
			ct_civil_from_days(day, &dy, &dm, &dd);
			format_date(out, (int)dy, (int)dm, (int)dd);
			return;
		}
	}
}

int ct_attr_find_dates(struct ct_attribution *a, int last)
{
	size_t n = a->doc->n_sentences ? a->doc->n_sentences : 1;
	int py, pm, pd;

	a->dates = calloc(n, sizeof *a->dates);
	if (!a->dates)
		return CT_ENOMEM;
	/* Without a publication date no sentence's date can be resolved. */
	if (!a->doc->date || sscanf(a->doc->date, "%4d-%2d-%2d", &py, &pm, &pd) != 3)
		return CT_OK;
	long pub = ct_days_from_civil(py, pm, pd);
	for (size_t r = 0; r < a->n_sent_starts; r++) {
		int s, e, sent = ct_attr_sentence_tokens(a, r, &s, &e);
		if (sent > last)
			break;
		if ((size_t)sent < n)
			sentence_date(a, s, e, py, pub, a->dates[sent]);
	}
	return CT_OK;
}
