/*
 * The fingerprints and stories of the documents this connection stored,
 * kept so that a look-up for copies does not read its candidates back
 * (store_internal.h). Most candidates of an ingest are among the documents
 * it stored last: on SQLite, reading each one's signature and story by a
 * statement was a quarter of the writer thread's time over 100 MB of bench
 * text (bench/README.md).
 *
 * Direct-mapped by id. A slot holds a document staged by the open write
 * transaction, then, once that committed, for good: stored documents and
 * their signatures and stories are never changed (a copy's copy_of is set
 * when it is stored), so another writer's commits leave every slot right.
 * A transaction rolled back takes its staged slots with it, as it takes
 * the documents: an id may then be given to another document.
 */
#include "store/store_internal.h"

#include <stdlib.h>

#define SIG_CACHE_SLOTS 32768u

struct ct_sig_cache {
	struct sig_slot {
		int64_t id;                 /* 0: free */
		int64_t root;
		bool staged;                /* written by the open transaction */
		struct ct_fingerprint fp;
	} slot[SIG_CACHE_SLOTS];
	size_t *staged;                     /* the slots the open transaction wrote */
	size_t n_staged, cap_staged;
};

const struct ct_fingerprint *ct_store_sig_cache_get(const struct ct_store *s, int64_t id,
						     int64_t *root)
{
	const struct sig_slot *e;

	if (!s->sig_cache || id <= 0)
		return NULL;
	e = &s->sig_cache->slot[(uint64_t)id % SIG_CACHE_SLOTS];
	if (e->id != id)
		return NULL;
	/* A document staged is seen by its own transaction, on SQLite; on
	 * PostgreSQL the look-up of a batch reads the server's rows, which
	 * hold the batch's documents only once it committed. */
	if (e->staged && (ct_store_is_pg(s) || db_autocommit(s->db)))
		return NULL;
	*root = e->root;
	return &e->fp;
}

void ct_store_sig_cache_put(struct ct_store *s, int64_t id, int64_t root,
			    const struct ct_fingerprint *fp)
{
	struct ct_sig_cache *c = s->sig_cache;
	size_t i = (uint64_t)id % SIG_CACHE_SLOTS;

	if (id <= 0)
		return;
	if (!c && !(c = s->sig_cache = calloc(1, sizeof *c)))
		return;
	if (!CT_VEC_RESERVE(c->staged, c->cap_staged, c->n_staged + 1))
		return;
	c->slot[i].id = id;
	c->slot[i].root = root;
	c->slot[i].staged = true;
	c->slot[i].fp = *fp;
	c->staged[c->n_staged++] = i;
}

void ct_store_sig_cache_end(struct ct_store *s, bool committed)
{
	struct ct_sig_cache *c = s->sig_cache;

	if (!c)
		return;
	for (size_t i = 0; i < c->n_staged; i++) {
		struct sig_slot *e = &c->slot[c->staged[i]];
		if (!e->staged)
			continue;
		e->staged = false;
		if (!committed)
			e->id = 0;
	}
	c->n_staged = 0;
}

void ct_store_sig_cache_free(struct ct_store *s)
{
	if (!s->sig_cache)
		return;
	free(s->sig_cache->staged);
	free(s->sig_cache);
	s->sig_cache = NULL;
}
