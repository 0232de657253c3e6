/*
 * The base layer: what every other layer uses, on libc alone. An arena of
 * strings freed at once, growable arrays and one byte buffer with overflow
 * checks, civil-date arithmetic and date reading, file reading.
 */
#ifndef CT_BASE_H
#define CT_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "claimtrack/error.h"

/* ---- an arena of strings (arena.c) ---- */

struct ct_arena_block;
struct ct_arena {
	struct ct_arena_block *head;
};

/* Copies n bytes plus a NUL into the arena; NULL when out of memory. */
char *ct_arena_strndup(struct ct_arena *a, const char *s, size_t n);
void ct_arena_release(struct ct_arena *a);

/* ---- growable arrays (arena.c) ---- */

/*
 * Makes indexes below `need` valid in the malloc'd array v (NULL when
 * empty) of cap elements: the capacity doubles, from 8, until it holds
 * need. False when out of memory or when the size in bytes would
 * overflow; the array is then as it was. v and cap are lvalues:
 *
 *	if (!CT_VEC_RESERVE(s->items, s->cap, s->n + 1))
 *		return CT_ENOMEM;
 *	s->items[s->n++] = item;
 */
#define CT_VEC_RESERVE(v, cap, need) \
	((need) <= (cap) || ct_vec_reserve_(&(v), &(cap), (need), sizeof *(v)))
bool ct_vec_reserve_(void *vp, size_t *cap, size_t need, size_t size);

/* realloc() of n elements of size bytes, NULL on overflow as when out of
 * memory (p is then untouched). For arrays sized exactly. */
void *ct_realloc_array(void *p, size_t n, size_t size);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (util.c). */
long ct_days_from_civil(long y, long m, long d);
void ct_civil_from_days(long z, long *y, long *m, long *d);

/* The month a word names, 1 to 12, from its first three letters on
 * ("Mar", "March", "sept", any case); 0 when it names none (util.c). */
int ct_month_of(const char *w, size_t n);

/* The English name of month m, 1 to 12: "January"; NULL for any other m.
 * Its first three letters are the usual abbreviation (util.c). */
const char *ct_month_name(int m);

enum ct_date_read {
	CT_DATE_NONE,       /* no date read */
	CT_DATE_OK,         /* out holds it */
	CT_DATE_INVALID,    /* a date that does not exist: 2023-02-30, March 32, 2023 */
};

/*
 * Reads a date from s[0, n) into out as YYYY-MM-DD: ISO 8601 and the like
 * ("2023-03-03", "2023/03/03", with any time and zone after it), or with a
 * month name ("March 3, 2023", "3 Mar. 2023", "Fri, 3 Mar 2023 10:00:00
 * GMT"). Strict: every word must belong to the date (a weekday, "at", "of",
 * "3rd", a time, am/pm, a zone in capitals or an offset), for a value that
 * should be a date and nothing else; else other words are passed over
 * ("Published February 18, 2022"), as in a page's metadata. out is written
 * only for CT_DATE_OK.
 */
enum ct_date_read ct_date_read(const char *s, size_t n, bool strict, char out[11]);

/* ---- a growable byte buffer (buf.c) ---- */

/*
 * Bytes appended in pieces, always NUL-terminated once something is in it,
 * never larger than a cap set at the start (as curl's dynbuf). An append
 * that fails leaves the buffer as it was: CT_ELIMIT past the cap,
 * CT_ENOMEM out of memory. Zero-initialize or use CT_BUF_INIT(); a max of
 * 0 means no cap but size_t's.
 */
struct ct_buf {
	char *p;            /* NULL until the first append */
	size_t len, cap;
	size_t max;         /* most bytes it may hold, the NUL not counted */
};

#define CT_BUF_INIT(max_bytes) { NULL, 0, 0, (max_bytes) }

void ct_buf_init(struct ct_buf *b, size_t max);
int ct_buf_reserve_slow(struct ct_buf *b, size_t more);
int ct_buf_add_slow(struct ct_buf *b, const void *s, size_t n);
int ct_buf_adds(struct ct_buf *b, const char *s);

/* Room for `more` bytes past len (and the NUL), without appending. These
 * three are inline when the bytes fit, as most do: the capacity is never
 * more than max + 1, so what fits in it is within max. */
static inline int ct_buf_reserve(struct ct_buf *b, size_t more)
{
	if (b->p && more < b->cap - b->len)
		return CT_OK;
	return ct_buf_reserve_slow(b, more);
}

static inline int ct_buf_add(struct ct_buf *b, const void *s, size_t n)
{
	if (b->p && n < b->cap - b->len) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
		b->p[b->len] = '\0';
		return CT_OK;
	}
	return ct_buf_add_slow(b, s, n);
}

static inline int ct_buf_addc(struct ct_buf *b, char c)
{
	if (b->p && b->cap - b->len > 1) {
		b->p[b->len++] = c;
		b->p[b->len] = '\0';
		return CT_OK;
	}
	return ct_buf_add_slow(b, &c, 1);
}

int ct_buf_addf(struct ct_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ct_buf_vaddf(struct ct_buf *b, const char *fmt, va_list ap);
/* Empties the buffer, keeping its memory. */
void ct_buf_reset(struct ct_buf *b);
/* The bytes, NUL-terminated, as a malloc'd string the caller frees (an
 * empty one when nothing was added; NULL only when out of memory), and
 * their count in *len (may be NULL). The buffer is left empty. */
char *ct_buf_detach(struct ct_buf *b, size_t *len);
void ct_buf_release(struct ct_buf *b);

#endif
