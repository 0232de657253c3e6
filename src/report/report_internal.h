/* Helpers shared by the report writers (report_*.c); not installed. */
#ifndef CT_REPORT_INTERNAL_H
#define CT_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "claimtrack/report.h"

/* Who a report names for a speaker: the name, else the same words as the
 * command line for a narrator whose outlet is unknown, else "unknown
 * speaker". */
static inline const char *ct_report_who(const char *name, enum ct_speaker_kind kind)
{
	return name ? name : kind == CT_SPEAKER_NARRATOR ? "the narrator (outlet unknown)"
							 : "unknown speaker";
}

/* What follows a named outlet's name where it asserts in its own voice (a
 * claim of speaker kind narrator): " (own voice)"; else "". */
static inline const char *ct_report_voice(const char *name, enum ct_speaker_kind kind)
{
	return name && kind == CT_SPEAKER_NARRATOR ? " (own voice)" : "";
}

/* ---- HTML text (report_escape.c) ---- */

/* Writes s (NULL writes nothing) with & < > " ' escaped, for element text
 * and quoted attribute values alike. */
void ct_html_text(FILE *f, const char *s);

/* Writes n in decimal, as printf's %zu and %lld would (without their cost,
 * which shows in pages of many small numbers). */
void ct_put_size(FILE *f, size_t n);
void ct_put_i64(FILE *f, long long n);

/* Like ct_html_text() for the first n bytes of s. */
void ct_html_text_n(FILE *f, const char *s, size_t n);

/* Writes s escaped, cut to at most max bytes on a character boundary, with
 * "…" when it was cut. */
void ct_html_excerpt(FILE *f, const char *s, size_t max);

/* Whether url is an absolute http:// or https:// address that may go in an
 * href; anything else (javascript:, data:, relative paths) is shown as text
 * or not at all. */
bool ct_report_url_ok(const char *url);

/*
 * Writes the element id of proposition `id`'s section, or with `part` (a
 * lowercase word that does not start with two hex digits: "changes",
 * "timeline") of a part of it: the id itself, which is a valid HTML id
 * (lowercase letters, digits, '.' and '-'), with any other byte written as
 * "_" and two hex digits, then "_PART". Anchors so stay the same when the
 * ranking of the propositions changes, and different ids never share one.
 */
void ct_report_anchor(FILE *f, const char *id, const char *part);

/* "stated" when the claim's date is its statement date, else "published". */
const char *ct_report_date_kind(const struct ct_report_claim *c);

/* The number of bytes of s to keep so that it is at most max bytes and ends
 * on a UTF-8 character boundary. */
size_t ct_utf8_cut(const char *s, size_t max);

/* ---- timeline chart (report_svg.c) ---- */

/*
 * Writes the timeline of p->claims as a <figure>: one inline <svg> (time on
 * the x axis, one lane per speaker, one mark per dated claim) and a caption
 * with the legend and what the chart leaves out; or a note when no claim
 * has a date. Its element id is the proposition's anchor with "_timeline"
 * (ct_report_anchor()). Returns CT_ENOMEM when its scratch arrays cannot be
 * allocated (nothing is written then).
 */
int ct_report_svg_timeline(FILE *f, const struct ct_report_proposition *p);

#endif
