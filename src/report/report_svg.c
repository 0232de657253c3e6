/*
 * The timeline chart of a report: inline SVG, time on the x axis from the
 * earliest to the latest claim, one lane per speaker (the most active ones;
 * the rest share a last lane), a mark per claim. Supports are circles and
 * refutes squares, in two colours that colour-blind readers tell apart;
 * hedged marks are hollow and dashed. Colours come from the page's CSS, so
 * the chart follows its light and dark themes.
 */
#include "base/base.h"
#include "report/report_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SVG_W 720
#define LABEL_X 166        /* lane labels end here */
#define PLOT_X0 186.0
#define PLOT_X1 (SVG_W - 44.0)
#define TOP 8
#define LANE_H 26
#define AXIS_H 30
#define MAX_LANES 15       /* speakers with a lane of their own */
#define LABEL_MAX 22       /* bytes of a lane label */
#define TIP_MAX 400        /* bytes of the sentence in a tooltip */
#define MAX_TICKS 6
#define TICK_LABEL 32
#define JITTER 7.0         /* px between marks of one lane and day */
#define JITTER_SPAN 42.0   /* widest spread of such a run */

/* One speaker's claims among p->claims. */
struct lane {
	const char *speaker;   /* NULL: unknown */
	bool narrator;         /* without a speaker: every claim is the narrator's */
	size_t n, sup, ref;
	size_t row;            /* lane row in the chart */
	size_t group;          /* its index before sorting */
};

struct by_speaker {
	const char *speaker;
	size_t claim;
};

struct mark {
	size_t row, claim;
	long day;
	double x;
};

struct chart {
	const struct ct_report_proposition *p;
	struct lane *lanes;
	size_t n_lanes, n_rows;
	size_t *lane_of;       /* per claim: its group, then its row */
	struct mark *marks;
	size_t n_marks, n_undated;
	long first, last;      /* days of the earliest and latest mark */
};

/* ---- dates ---- */

/* Parses YYYY-MM-DD into *day; false when it is not such a date. */
static bool parse_day(const char *s, long *day)
{
	long v[3] = { 0, 0, 0 };
	static const int width[3] = { 4, 2, 2 };

	if (!s || !ct_date_valid(s))
		return false;
	for (int part = 0, i = 0; part < 3; part++, i++)
		for (int k = 0; k < width[part]; k++, i++)
			v[part] = v[part] * 10 + (s[i] - '0');
	*day = ct_days_from_civil(v[0], v[1], v[2]);
	return true;
}

/* ---- lanes ---- */

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_by_speaker(const void *a, const void *b)
{
	const struct by_speaker *x = a, *y = b;
	int c = cmp_str(x->speaker, y->speaker);
	if (c)
		return c;
	return (x->claim > y->claim) - (x->claim < y->claim);
}

/* Most claims first, then by name. */
static int cmp_activity(const void *a, const void *b)
{
	const struct lane *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return cmp_str(x->speaker, y->speaker);
}

/* -1 mostly supports, 1 mostly refutes, 0 even. */
static int lean(const struct lane *l)
{
	return (l->ref > l->sup) - (l->ref < l->sup);
}

/* Supporters on top, refuters below, each most active first. */
static int cmp_rows(const void *a, const void *b)
{
	const struct lane *x = a, *y = b;
	if (lean(x) != lean(y))
		return lean(x) - lean(y);
	return cmp_activity(a, b);
}

/* Groups p->claims by speaker into c->lanes; c->lane_of[i] gets the group
 * of claim i. */
static int group_speakers(struct chart *c)
{
	const struct ct_report_proposition *p = c->p;
	struct by_speaker *sorted = calloc(p->n_claims ? p->n_claims : 1, sizeof *sorted);

	if (!sorted)
		return CT_ENOMEM;
	for (size_t i = 0; i < p->n_claims; i++)
		sorted[i] = (struct by_speaker){ p->claims[i].speaker, i };
	qsort(sorted, p->n_claims, sizeof *sorted, cmp_by_speaker);
	for (size_t i = 0; i < p->n_claims; i++) {
		const struct ct_report_claim *cl = &p->claims[sorted[i].claim];
		if (i == 0 || cmp_str(sorted[i - 1].speaker, sorted[i].speaker) != 0) {
			c->lanes[c->n_lanes] = (struct lane){ .speaker = sorted[i].speaker,
							      .group = c->n_lanes, .narrator = true };
			c->n_lanes++;
		}
		struct lane *l = &c->lanes[c->n_lanes - 1];
		c->lane_of[sorted[i].claim] = c->n_lanes - 1;
		l->n++;
		l->narrator = l->narrator && cl->speaker_kind == CT_SPEAKER_NARRATOR;
		l->sup += cl->stance == CT_SUPPORTS;
		l->ref += cl->stance == CT_REFUTES;
	}
	free(sorted);
	return CT_OK;
}

/* Gives the most active speakers a row each, supporters first, and the
 * rest one shared row; c->lane_of[i] becomes the row of claim i. */
static int assign_rows(struct chart *c)
{
	size_t *row_of_group = calloc(c->n_lanes ? c->n_lanes : 1, sizeof *row_of_group);

	if (!row_of_group)
		return CT_ENOMEM;
	qsort(c->lanes, c->n_lanes, sizeof *c->lanes, cmp_activity);
	size_t own = c->n_lanes < MAX_LANES ? c->n_lanes : MAX_LANES;
	qsort(c->lanes, own, sizeof *c->lanes, cmp_rows);
	c->n_rows = own + (c->n_lanes > own);
	for (size_t i = 0; i < c->n_lanes; i++) {
		c->lanes[i].row = i < own ? i : own;
		row_of_group[c->lanes[i].group] = c->lanes[i].row;
	}
	for (size_t i = 0; i < c->p->n_claims; i++)
		c->lane_of[i] = row_of_group[c->lane_of[i]];
	free(row_of_group);
	return CT_OK;
}

/* ---- marks ---- */

static int cmp_marks(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->claim > y->claim) - (x->claim < y->claim);
}

static double day_x(const struct chart *c, long day)
{
	if (c->last == c->first)
		return (PLOT_X0 + PLOT_X1) / 2;
	return PLOT_X0 + (PLOT_X1 - PLOT_X0) * (double)(day - c->first) /
		(double)(c->last - c->first);
}

/* Places every dated claim; marks of one lane and day spread sideways. */
static void place_marks(struct chart *c)
{
	const struct ct_report_proposition *p = c->p;

	for (size_t i = 0; i < p->n_claims; i++) {
		long day;
		if (!parse_day(p->claims[i].date, &day)) {
			c->n_undated++;
			continue;
		}
		if (c->n_marks == 0 || day < c->first)
			c->first = day;
		if (c->n_marks == 0 || day > c->last)
			c->last = day;
		c->marks[c->n_marks++] = (struct mark){
			.row = c->lane_of[i], .claim = i, .day = day };
	}
	qsort(c->marks, c->n_marks, sizeof *c->marks, cmp_marks);
	for (size_t i = 0, run; i < c->n_marks; i += run) {
		for (run = 1; i + run < c->n_marks && c->marks[i + run].row == c->marks[i].row &&
			      c->marks[i + run].day == c->marks[i].day; run++)
			;
		double step = JITTER;
		if ((double)(run - 1) * step > JITTER_SPAN)
			step = JITTER_SPAN / (double)(run - 1);
		for (size_t k = 0; k < run; k++)
			c->marks[i + k].x = day_x(c, c->marks[i].day) +
				((double)k - (double)(run - 1) / 2) * step;
	}
}

/* ---- axis ---- */

enum unit { DAY, MONTH, YEAR };

static const struct { enum unit unit; long step; } tick_steps[] = {
	{ DAY, 1 }, { DAY, 2 }, { DAY, 7 }, { DAY, 14 },
	{ MONTH, 1 }, { MONTH, 2 }, { MONTH, 3 }, { MONTH, 6 },
	{ YEAR, 1 }, { YEAR, 2 }, { YEAR, 5 }, { YEAR, 10 }, { YEAR, 25 },
	{ YEAR, 50 }, { YEAR, 100 }, { YEAR, 1000 },
};

/* The next tick at or after `day` for this unit and step; its label goes
 * to label (TICK_LABEL bytes). */
static long next_tick(long day, enum unit unit, long step, long first, char label[TICK_LABEL])
{
	long y, m, d;

	if (unit == DAY) {
		day = first + (day - first + step - 1) / step * step;
		ct_civil_from_days(day, &y, &m, &d);
		snprintf(label, TICK_LABEL, "%04ld-%02ld-%02ld", y, m, d);
		return day;
	}
	ct_civil_from_days(day, &y, &m, &d);
	if (d > 1 && ++m > 12) {
		m = 1;
		y++;
	}
	if (unit == MONTH) {
		long idx = y * 12 + (m - 1);
		idx += (step - idx % step) % step;
		y = idx / 12;
		m = idx % 12 + 1;
		snprintf(label, TICK_LABEL, "%.3s %04ld", ct_month_name((int)m), y);
	} else {
		if (m > 1)
			y++;
		m = 1;
		y += (step - y % step) % step;
		snprintf(label, TICK_LABEL, "%04ld", y);
	}
	return ct_days_from_civil(y, m, 1);
}

static size_t count_ticks(const struct chart *c, enum unit unit, long step)
{
	char label[TICK_LABEL];
	size_t n = 0;
	for (long d = next_tick(c->first, unit, step, c->first, label); d <= c->last;
	     d = next_tick(d + 1, unit, step, c->first, label))
		n++;
	return n;
}

static void write_axis(FILE *f, const struct chart *c, int y0, int y1)
{
	size_t s = 0, n = sizeof tick_steps / sizeof *tick_steps;
	char label[TICK_LABEL];

	while (s + 1 < n && count_ticks(c, tick_steps[s].unit, tick_steps[s].step) > MAX_TICKS)
		s++;
	fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>\n",
		PLOT_X0 - 8, y1, PLOT_X1 + 8, y1);
	for (long d = next_tick(c->first, tick_steps[s].unit, tick_steps[s].step, c->first, label);
	     d <= c->last;
	     d = next_tick(d + 1, tick_steps[s].unit, tick_steps[s].step, c->first, label)) {
		double x = day_x(c, d);
		fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
			"<text class=\"tick\" x=\"%.1f\" y=\"%d\">%s</text>\n",
			x, y0, x, y1 + 4, x, y1 + 18, label);
	}
}

/* ---- drawing ---- */

static void write_lane_label(FILE *f, const struct chart *c, size_t row, double y)
{
	const struct lane *l = NULL;
	const char *who, *voice;
	size_t others = 0;

	for (size_t i = 0; i < c->n_lanes; i++) {
		if (c->lanes[i].row != row)
			continue;
		l = l ? l : &c->lanes[i];
		others++;
	}
	voice = others == 1 ? ct_report_voice(l->speaker, l->narrator ? CT_SPEAKER_NARRATOR
								    : CT_SPEAKER_GROUP) : "";
	/* An outlet's own voice says so on a second, smaller line. */
	fprintf(f, "<text class=\"spk\" x=\"%d\" y=\"%.1f\">", LABEL_X, *voice ? y - 1 : y + 4);
	if (others > 1) {
		fprintf(f, "%zu other speakers</text>\n", others);
		return;
	}
	fputs("<title>", f);
	who = ct_report_who(l->speaker, l->narrator ? CT_SPEAKER_NARRATOR : CT_SPEAKER_GROUP);
	ct_html_text(f, who);
	ct_html_text(f, voice);
	fputs("</title>", f);
	ct_html_excerpt(f, who, LABEL_MAX);
	fputs("</text>\n", f);
	if (*voice)
		fprintf(f, "<text class=\"spk own\" x=\"%d\" y=\"%.1f\">own voice</text>\n",
			LABEL_X, y + 10);
}

static void write_tooltip(FILE *f, const struct ct_report_claim *cl)
{
	fputs("<title>", f);
	ct_html_text(f, ct_report_who(cl->speaker, cl->speaker_kind));
	ct_html_text(f, ct_report_voice(cl->speaker, cl->speaker_kind));
	if (cl->role) {
		fputs(", ", f);
		ct_html_text(f, cl->role);
	}
	fprintf(f, "\n%s%s \xc2\xb7 %s ", ct_stance_name(cl->stance),
		cl->hedged ? " (hedged)" : "", ct_report_date_kind(cl));
	ct_html_text(f, cl->date);
	if (cl->outlet || cl->via)
		fputc('\n', f);
	ct_html_text(f, cl->outlet);
	if (cl->via) {
		fputs(cl->outlet ? ", via " : "via ", f);
		ct_html_text(f, cl->via);
	}
	fputs("\n\xe2\x80\x9c", f);
	ct_html_excerpt(f, cl->sentence ? cl->sentence : "", TIP_MAX);
	fputs("\xe2\x80\x9d</title>", f);
}

static void write_mark(FILE *f, const struct chart *c, const struct mark *m)
{
	const struct ct_report_claim *cl = &c->p->claims[m->claim];
	double y = TOP + (double)m->row * LANE_H + LANE_H / 2.0;
	const char *hedged = cl->hedged ? " h" : "";

	if (cl->stance == CT_REFUTES)
		fprintf(f, "<rect class=\"mk r%s\" x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\">",
			hedged, m->x - 5, y - 5);
	else
		fprintf(f, "<circle class=\"mk s%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"5.5\">",
			hedged, m->x, y);
	write_tooltip(f, cl);
	fputs(cl->stance == CT_REFUTES ? "</rect>\n" : "</circle>\n", f);
}

static void write_aria_label(FILE *f, const struct chart *c)
{
	size_t sup = 0, ref = 0, hedged = 0;
	char first[16], last[16];
	long y, m, d;

	for (size_t i = 0; i < c->n_marks; i++) {
		const struct ct_report_claim *cl = &c->p->claims[c->marks[i].claim];
		sup += cl->stance == CT_SUPPORTS;
		ref += cl->stance == CT_REFUTES;
		hedged += cl->hedged;
	}
	ct_civil_from_days(c->first, &y, &m, &d);
	snprintf(first, sizeof first, "%04ld-%02ld-%02ld", y, m, d);
	ct_civil_from_days(c->last, &y, &m, &d);
	snprintf(last, sizeof last, "%04ld-%02ld-%02ld", y, m, d);
	fprintf(f, "Timeline of %zu claim%s by %zu speaker%s from %s to %s: "
		"%zu supporting, %zu refuting, %zu of them hedged",
		c->n_marks, c->n_marks == 1 ? "" : "s", c->n_lanes, c->n_lanes == 1 ? "" : "s",
		first, last, sup, ref, hedged);
}

static void write_chart(FILE *f, const struct chart *c)
{
	int y1 = TOP + (int)c->n_rows * LANE_H;
	int h = y1 + AXIS_H;

	fprintf(f, "<svg class=\"tl\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		"width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"", SVG_W, h, SVG_W, h);
	write_aria_label(f, c);
	fputs("\">\n", f);
	for (size_t row = 0; row < c->n_rows; row++) {
		double y = TOP + (double)row * LANE_H;
		if (row % 2 == 0)
			fprintf(f, "<rect class=\"band\" x=\"0\" y=\"%.1f\" width=\"%d\" height=\"%d\"/>\n",
				y, SVG_W, LANE_H);
		fprintf(f, "<line class=\"lane\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
			PLOT_X0 - 8, y + LANE_H / 2.0, PLOT_X1 + 8, y + LANE_H / 2.0);
		write_lane_label(f, c, row, y + LANE_H / 2.0);
	}
	write_axis(f, c, TOP, y1);
	for (size_t i = 0; i < c->n_marks; i++)
		write_mark(f, c, &c->marks[i]);
	fputs("</svg>\n", f);
}

static void write_legend(FILE *f)
{
	fputs("<ul class=\"legend\" aria-label=\"Legend\">"
	      "<li><svg viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\">"
	      "<circle class=\"mk s\" cx=\"7\" cy=\"7\" r=\"5.5\"/></svg>supports</li>"
	      "<li><svg viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\">"
	      "<rect class=\"mk r\" x=\"2\" y=\"2\" width=\"10\" height=\"10\"/></svg>refutes</li>"
	      "<li><svg viewBox=\"0 0 30 14\" width=\"30\" height=\"14\" aria-hidden=\"true\">"
	      "<circle class=\"mk s h\" cx=\"7\" cy=\"7\" r=\"5\"/>"
	      "<rect class=\"mk r h\" x=\"18\" y=\"2.5\" width=\"9\" height=\"9\"/></svg>"
	      "hedged (hollow)</li>"
	      "<li class=\"hint\">Hover over a mark for its quote</li></ul>\n", f);
}

/* Says what the chart leaves out: speakers sharing a lane, undated claims,
 * claims beyond the sample. */
static void write_notes(FILE *f, const struct chart *c)
{
	const struct ct_report_proposition *p = c->p;
	size_t total = p->supports + p->refutes + p->hedged_supports + p->hedged_refutes;

	if (c->n_lanes <= MAX_LANES && c->n_undated == 0 && total <= p->n_claims)
		return;
	fputs("<p class=\"note\">", f);
	if (c->n_lanes > MAX_LANES)
		fprintf(f, "The %d most active speakers have a lane each; the last lane holds "
			"the other %zu. ", MAX_LANES, c->n_lanes - MAX_LANES);
	if (c->n_undated)
		fprintf(f, "%zu claim%s without a date %s not shown. ", c->n_undated,
			c->n_undated == 1 ? "" : "s", c->n_undated == 1 ? "is" : "are");
	if (total > p->n_claims)
		fprintf(f, "The chart shows the newest %zu of %zu claims.", p->n_claims, total);
	fputs("</p>\n", f);
}

int ct_report_svg_timeline(FILE *f, const struct ct_report_proposition *p)
{
	struct chart c = { .p = p };
	size_t n = p->n_claims ? p->n_claims : 1;
	int rc = CT_ENOMEM;

	c.lanes = calloc(n, sizeof *c.lanes);
	c.lane_of = calloc(n, sizeof *c.lane_of);
	c.marks = calloc(n, sizeof *c.marks);
	if (!c.lanes || !c.lane_of || !c.marks)
		goto out;
	rc = group_speakers(&c);
	if (rc == CT_OK)
		rc = assign_rows(&c);
	if (rc != CT_OK)
		goto out;
	place_marks(&c);
	if (c.n_marks == 0) {
		fputs("<p class=\"note\">No dated claims to chart.</p>\n", f);
		goto out;
	}
	fputs("<figure>\n<div class=\"chart\" id=\"", f);
	ct_report_anchor(f, p->id, "timeline");
	fputs("\">\n", f);
	write_chart(f, &c);
	fputs("</div>\n<figcaption>\n", f);
	write_legend(f);
	write_notes(f, &c);
	fputs("</figcaption>\n</figure>\n", f);
out:
	free(c.lanes);
	free(c.lane_of);
	free(c.marks);
	return rc;
}
