/*
 * The one growable byte buffer: appends with a cap, always NUL-terminated.
 */
#include "claimtrack/error.h"
#include "base/base.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ct_buf_init(struct ct_buf *b, size_t max)
{
	b->p = NULL;
	b->len = b->cap = 0;
	b->max = max;
}

static size_t buf_max(const struct ct_buf *b)
{
	return b->max ? b->max : SIZE_MAX - 1;
}

int ct_buf_reserve_slow(struct ct_buf *b, size_t more)
{
	size_t max = buf_max(b), need, ncap;
	char *np;

	if (more > max || b->len > max - more)
		return CT_ELIMIT;
	need = b->len + more + 1;
	if (need <= b->cap)
		return CT_OK;
	ncap = b->cap ? b->cap : 256;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? SIZE_MAX : ncap * 2;
	if (ncap > max + 1)
		ncap = max + 1;
	if (!(np = realloc(b->p, ncap)))
		return CT_ENOMEM;
	b->p = np;
	b->cap = ncap;
	return CT_OK;
}

int ct_buf_add_slow(struct ct_buf *b, const void *s, size_t n)
{
	int rc = ct_buf_reserve(b, n);

	if (rc != CT_OK)
		return rc;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return CT_OK;
}

int ct_buf_adds(struct ct_buf *b, const char *s)
{
	return ct_buf_add(b, s, strlen(s));
}

int ct_buf_vaddf(struct ct_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, rc;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return CT_EINVAL;
	if ((rc = ct_buf_reserve(b, (size_t)n)) != CT_OK)
		return rc;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return CT_OK;
}

int ct_buf_addf(struct ct_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = ct_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void ct_buf_reset(struct ct_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

char *ct_buf_detach(struct ct_buf *b, size_t *len)
{
	char *p = b->p;

	if (!p && !(p = calloc(1, 1)))
		return NULL;
	if (len)
		*len = b->len;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

void ct_buf_release(struct ct_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
