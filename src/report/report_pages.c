/*
 * The speakers' pages of a report: a safe, distinct file name for each
 * speaker listed on a proposition's sides (ct_report_speaker_pages()).
 */
#include "report/report_internal.h"
#include "base/base.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SLUG_MAX 48

/* The name's lowercase ASCII letters and digits, other runs as one '-',
 * none at either end, at most SLUG_MAX bytes. */
static void slug(const char *name, char *out)
{
	size_t n = 0;
	bool dash = false;

	for (const unsigned char *p = (const unsigned char *)name; *p && n < SLUG_MAX; p++) {
		unsigned char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && n > 0 && n + 1 < SLUG_MAX)
				out[n++] = '-';
			dash = false;
			out[n++] = (char)c;
		} else {
			dash = true;
		}
	}
	out[n] = '\0';
}

/* FNV-1a, 32 bits: stable across runs, so a speaker's page keeps its name. */
static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct entry {
	const char *name;
	char file[SLUG_MAX + 16];
};

static int by_file(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	return c ? c : strcmp(x->name, y->name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

void ct_report_pages_free(struct ct_report_pages *pg)
{
	for (size_t i = 0; pg && i < pg->n; i++)
		free(pg->pages[i]);
	if (pg) {
		free(pg->pages);
		free(pg->names);
		memset(pg, 0, sizeof *pg);
	}
}

static void set_pages(struct ct_report_speaker *v, size_t n, const struct ct_report_pages *pg)
{
	for (size_t i = 0; i < n; i++) {
		const char **hit;
		if (!v[i].name)
			continue;
		hit = bsearch(&v[i].name, pg->names, pg->n, sizeof *pg->names, by_str);
		v[i].page = hit ? pg->pages[hit - pg->names] : NULL;
	}
}

int ct_report_speaker_pages(struct ct_report *r, struct ct_report_pages *pg)
{
	const char **names = NULL;
	struct entry *e = NULL;
	size_t n = 0, cap = 0, k = 0;

	memset(pg, 0, sizeof *pg);
	for (size_t i = 0; i < r->n_propositions; i++) {
		const struct ct_report_proposition *p = &r->propositions[i];
		for (int side = 0; side < 2; side++) {
			const struct ct_report_speaker *v = side ? p->refuters : p->supporters;
			size_t nv = side ? p->n_refuters : p->n_supporters;
			for (size_t j = 0; j < nv; j++) {
				if (!v[j].name)
					continue;
				if (!CT_VEC_RESERVE(names, cap, n + 1))
					goto nomem;
				names[n++] = v[j].name;
			}
		}
	}
	if (n > 1)
		qsort(names, n, sizeof *names, by_str);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || strcmp(names[k - 1], names[i]) != 0)
			names[k++] = names[i];
	n = k;
	if (n && !(e = calloc(n, sizeof *e)))
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		e[i].name = names[i];
		slug(names[i], e[i].file);
	}
	/* Names that make no file name, or the same one: a hash of the name
	 * after it; then any that still meet (a hash shared) a number. */
	if (n > 1)
		qsort(e, n, sizeof *e, by_file);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && strcmp(e[j].file, e[i].file) == 0)
			j++;
		for (size_t m = i; m < j; m++)
			if (j - i > 1 || !e[m].file[0]) {
				size_t len = strlen(e[m].file);
				snprintf(e[m].file + len, sizeof e[m].file - len, "%s%08x",
					 len ? "-" : "", (unsigned)hash(e[m].name));
			}
		i = j;
	}
	if (n > 1)
		qsort(e, n, sizeof *e, by_file);
	for (size_t i = 1; i < n; i++)
		if (strcmp(e[i].file, e[i - 1].file) == 0) {
			size_t len = strlen(e[i].file);
			snprintf(e[i].file + len, sizeof e[i].file - len, "-%zu", i);
		}
	if (n > 1)
		qsort(e, n, sizeof *e, by_name);
	if (n && !(pg->pages = calloc(n, sizeof *pg->pages)))
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(e[i].file) + sizeof "speakers/.html";
		names[i] = e[i].name;
		if (!(pg->pages[i] = malloc(len)))
			goto nomem;
		snprintf(pg->pages[i], len, "speakers/%s.html", e[i].file);
		pg->n = i + 1;
	}
	pg->names = names;
	pg->n = n;
	free(e);
	for (size_t i = 0; i < r->n_propositions; i++) {
		struct ct_report_proposition *p = &r->propositions[i];
		set_pages(p->supporters, p->n_supporters, pg);
		set_pages(p->refuters, p->n_refuters, pg);
	}
	return CT_OK;
nomem:
	free(e);
	free(names);
	pg->names = NULL;
	ct_report_pages_free(pg);
	return CT_ENOMEM;
}
