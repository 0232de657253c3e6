/*
 * Internal: a page's publication date, found among all the places a page
 * gives one (dates.c). Not installed.
 */
#ifndef CT_EXTRACT_DATES_H
#define CT_EXTRACT_DATES_H

#include "extract/extract_internal.h"

#include <time.h>

/* What ct_page_date_find() found. Strings are "" when not found. */
struct ct_page_date {
	char date[11];          /* YYYY-MM-DD, the publication date */
	char modified[11];      /* YYYY-MM-DD, the last change the page declares */
	const char *source;     /* static: which source gave date; NULL when none */
};

/*
 * Finds a page's publication date, in the spirit of htmldate: candidates
 * from JSON-LD (datePublished and the like, in any object, @graph
 * included), meta tags, itemprop, <time datetime>, the URL (url, may be
 * NULL) and dates written in the page text (month names from
 * rules/months.words), each weighed by how reliable its source is;
 * published dates before modified ones. A date after now plus a day is
 * not plausible, nor one before 1995 unless metadata gives it. `lang` (may
 * be NULL) reads 03/04/2020 as March 4 for English. Timestamps keep the
 * date as written (the page's local date). Never fails: *out is zeroed
 * when nothing is found.
 */
void ct_page_date_find(xmlDoc *doc, const char *url, const char *lang, time_t now,
		       struct ct_page_date *out);

/*
 * Reads the first date written in s[0, n): ISO forms, 22.04.2020,
 * 04/22/2020, "5. Oktober 2013", "Oct. 18, 2019", "18 de octubre de
 * 2019", "le 1er mars 2020". `mdy` reads a slashed 03/04/2020 as month
 * first. Writes YYYY-MM-DD into out and returns true when found.
 */
bool ct_page_date_in_text(const char *s, size_t n, bool mdy, char out[11]);

#endif
