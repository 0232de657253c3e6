/*
 * The growable storage every layer uses: an arena of strings freed at once,
 * and a vector that doubles.
 */
#include "base/base.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ct_arena_block {
	struct ct_arena_block *next;
	size_t used, cap;
	char data[];
};

char *ct_arena_strndup(struct ct_arena *a, const char *s, size_t n)
{
	struct ct_arena_block *b = a->head;
	char *p;

	if (!b || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > 16384 ? n + 1 : 16384;
		b = malloc(sizeof *b + cap);
		if (!b)
			return NULL;
		b->used = 0;
		b->cap = cap;
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

void ct_arena_release(struct ct_arena *a)
{
	while (a->head) {
		struct ct_arena_block *next = a->head->next;
		free(a->head);
		a->head = next;
	}
}

bool ct_vec_reserve_(void *vp, size_t *cap, size_t need, size_t size)
{
	void *v, *nv;
	size_t ncap;

	if (need <= *cap)
		return true;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return false;
		ncap *= 2;
	}
	memcpy(&v, vp, sizeof v);
	if (!(nv = ct_realloc_array(v, ncap, size)))
		return false;
	memcpy(vp, &nv, sizeof nv);
	*cap = ncap;
	return true;
}

void *ct_realloc_array(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	size_t bytes = n * size;
	return realloc(p, bytes ? bytes : 1);
}
