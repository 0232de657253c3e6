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

/* Appends names as the text of a PostgreSQL array: {"a","b \"c\""}. */
static int array_literal(struct ct_buf *out, const char *const *names, size_t n)
{
	bool first = true;
	int rc = ct_buf_addc(out, '{');

	for (size_t i = 0; rc == CT_OK && i < n; i++) {
		if (!names[i] || !*names[i])
			continue;
		if (!first)
			rc = ct_buf_addc(out, ',');
		first = false;
		if (rc == CT_OK)
			rc = ct_buf_addc(out, '"');
		for (const char *c = names[i]; rc == CT_OK && *c; c++) {
			if (*c == '"' || *c == '\\')
				rc = ct_buf_addc(out, '\\');
			if (rc == CT_OK)
				rc = ct_buf_addc(out, *c);
		}
		if (rc == CT_OK)
			rc = ct_buf_addc(out, '"');
	}
	return rc == CT_OK ? ct_buf_addc(out, '}') : rc;
}

/* Each name of ?1 (speakers) and ?2 (outlets) with its id as the write
 * path's look-ups find it (ST_SPEAKER_LOOKUP, ST_OUTLET_LOOKUP): by alias,
 * else by name; NULL when unknown. */
static const char prefetch_sql[] =
	"SELECT 0, q.n, (SELECT id FROM (SELECT speaker_id AS id, 0 AS o FROM speaker_aliases "
	"WHERE alias = q.n UNION ALL SELECT id, 1 FROM speakers WHERE name = q.n) AS f "
	"ORDER BY o LIMIT 1) FROM unnest(?1::citext[]) AS q(n) UNION ALL "
	"SELECT 1, q.n, (SELECT id FROM (SELECT outlet_id AS id, 0 AS o FROM outlet_aliases "
	"WHERE alias = q.n UNION ALL SELECT id, 1 FROM outlets WHERE name = q.n) AS f "
	"ORDER BY o LIMIT 1) FROM unnest(?2::citext[]) AS q(n)";

int ct_store_prefetch_names(struct ct_store *s, const char *const *speakers, size_t n_speakers,
			    const char *const *outlets, size_t n_outlets)
{
	struct ct_buf sp = CT_BUF_INIT(0), out = CT_BUF_INIT(0);
	struct db_stmt *st = NULL;
	int rc, step;

	if (!s)
		return CT_EINVAL;
	if (!ct_store_is_pg(s) || db_autocommit(s->db) || (!n_speakers && !n_outlets))
		return CT_OK;
	if (array_literal(&sp, speakers, n_speakers) != CT_OK ||
	    array_literal(&out, outlets, n_outlets) != CT_OK) {
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = ct_store_prepare_kept(s, prefetch_sql, &st)) != CT_OK)
		goto done;
	if (db_bind_text(st, 1, sp.p, (int64_t)sp.len) != DB_OK ||
	    db_bind_text(st, 2, out.p, (int64_t)out.len) != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
		goto done;
	}
	while ((step = db_step(st)) == DB_ROW) {
		const char *name = db_column_text(st, 1);
		int64_t id;
		if (!name || db_column_type(st, 2) == DB_NULL || ct_store_name_get(s, name, db_column_int(st, 0), &id))
			continue;
		ct_store_name_put(s, name, db_column_int(st, 0), db_column_int64(st, 2));
	}
	if (step != DB_DONE)
		rc = ct_store_dbfail(s, NULL);
done:
	if (st)
		ct_store_unprepare(s, st);
	ct_buf_release(&sp);
	ct_buf_release(&out);
	return rc;
}

void ct_store_names_clear(struct ct_store *s)
{
	for (size_t i = 0; i < s->names.cap; i++)
		free(s->names.slots[i].name);
	free(s->names.slots);
	memset(&s->names, 0, sizeof s->names);
}

