/*
 * The ids of speakers and outlets by name, found or stored in the open
 * transaction (store_internal.h): the writer looks each name up once per
 * batch instead of once per document, a round trip each on PostgreSQL.
 */
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

static size_t name_hash(const char *name, bool outlet)
{
	uint64_t h = 14695981039346656037u ^ (uint64_t)outlet;

	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		h = (h ^ *c) * 1099511628211u;
	return (size_t)h;
}

/* The slot of name: its own, else the free one where it would go. */
static struct name_id *name_slot(struct name_ids *t, const char *name, bool outlet)
{
	size_t i = name_hash(name, outlet) & (t->cap - 1);

	while (t->slots[i].name && (t->slots[i].outlet != outlet || strcmp(t->slots[i].name, name)))
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

bool ct_store_name_get(struct ct_store *s, const char *name, bool outlet, int64_t *id)
{
	struct name_id *e;

	if (!s->names.cap)
		return false;
	e = name_slot(&s->names, name, outlet);
	if (!e->name)
		return false;
	*id = e->id;
	return true;
}

void ct_store_name_put(struct ct_store *s, const char *name, bool outlet, int64_t id)
{
	struct name_ids *t = &s->names;
	struct name_id *e;

	if ((t->n + 1) * 2 > t->cap) {
		struct name_ids bigger = { calloc(t->cap ? t->cap * 2 : 256, sizeof *t->slots),
					   t->cap ? t->cap * 2 : 256, t->n };
		if (!bigger.slots)
			return;
		for (size_t i = 0; i < t->cap; i++)
			if (t->slots[i].name)
				*name_slot(&bigger, t->slots[i].name, t->slots[i].outlet) = t->slots[i];
		free(t->slots);
		*t = bigger;
	}
	e = name_slot(t, name, outlet);
	if (e->name || !(e->name = strdup(name)))
		return;
	e->outlet = outlet;
	e->id = id;
	t->n++;
}

void ct_store_names_clear(struct ct_store *s)
{
	for (size_t i = 0; i < s->names.cap; i++)
		free(s->names.slots[i].name);
	free(s->names.slots);
	memset(&s->names, 0, sizeof s->names);
}

