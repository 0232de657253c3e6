/*
 * The copy look-ups of a batch on PostgreSQL, at once (store_internal.h,
 * ct_store_copies_settle()). Looked up one by one, each new document of an
 * ingest waited for the server's answer: the one round trip per document
 * left in a batch whose statements are otherwise sent without waiting
 * (bench/README.md). Here the batch's documents keep their fingerprints
 * until its ids are read; then one statement gives, for each, the stored
 * documents sharing its band keys (the 32 sharing the most), and the
 * earlier documents of the batch are looked up here, in memory, so that
 * each document finds what the look-ups one by one would have found.
 */
#include "store/store_internal.h"
#include "claimtrack/store.h"
#include "claimtrack/text.h"

#include <stdlib.h>
#include <string.h>

struct ct_pend_copy {
	bool kept;                          /* its fingerprint was kept */
	struct ct_fingerprint fp;
	int64_t keys[CT_FP_BANDS];          /* its distinct band keys, n_keys of them */
	size_t n_keys;
	int64_t copy_of;                    /* its story's root; 0: none */
	int64_t root;                       /* copy_of, or its own id */
};

/* A candidate: a stored document, or one of the batch (fp then its own). */
struct cand {
	int64_t id;
	size_t n;                           /* band keys shared */
	int64_t root;
	const struct ct_fingerprint *fp;    /* NULL: no signature */
};

/* The stored documents holding the batch's band keys ?1 (distinct, in key
 * order: the index's pages taken in turn), a row per key and document.
 * An empty table is not searched key by key (each EXISTS runs once: 35,000
 * keys sought in an empty index took 22 ms). */
static const char batch_key_docs_sql[] =
	"SELECT b.key, b.document_id FROM unnest(?1::bigint[]) AS u(k) "
	"JOIN document_bands_recent b ON b.key = u.k "
	"WHERE EXISTS (SELECT 1 FROM document_bands_recent) UNION ALL "
	"SELECT b.key, b.document_id FROM unnest(?1::bigint[]) AS u(k) "
	"JOIN document_bands b ON b.key = u.k WHERE EXISTS (SELECT 1 FROM document_bands)";

/* The signatures and stories of documents ?1 (NULL when one has none). */
static const char batch_cand_sigs_sql[] =
	"SELECT u.i, g.n_shingles, g.signature, coalesce(d.copy_of, d.id) "
	"FROM unnest(?1::bigint[]) AS u(i) "
	"LEFT JOIN document_signatures g ON g.document_id = u.i "
	"LEFT JOIN documents d ON d.id = u.i";

static const char batch_set_copy_sql[] =
	"UPDATE documents SET copy_of = u.r FROM unnest(?1::bigint[], ?2::bigint[]) AS u(i, r) "
	"WHERE documents.id = u.i";

/*
 * The batch's band keys, in key order (the index's pages taken in turn,
 * not at random), each of a document once: the keys of a document are
 * distinct, and its id new, so no row can conflict. A binary COPY: as an
 * INSERT from two arrays the 880,000 keys of 100 MB of bench text took
 * the server 1.9-2.4 s, as a COPY 1.35-1.6 s (bench/README.md).
 */
static const char bands_copy_sql[] =
	"COPY document_bands_recent (key, document_id) FROM STDIN (FORMAT binary)";

/* The binary COPY format's header (signature, flags, no extension) and trailer. */
static const unsigned char copy_header[19] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
static const unsigned char copy_trailer[2] = { 0xff, 0xff };

static unsigned char *put_be(unsigned char *p, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
	return p + bytes;
}

/* A row (key, document) of the binary COPY: two fields of 8 bytes. */
static int add_band_row(struct ct_buf *b, int64_t key, int64_t id)
{
	unsigned char row[26], *p = row;

	if (!b->len && ct_buf_add(b, copy_header, sizeof copy_header))
		return -1;
	p = put_be(p, 2, 2);
	p = put_be(p, 8, 4);
	p = put_be(p, (uint64_t)key, 8);
	p = put_be(p, 8, 4);
	put_be(p, (uint64_t)id, 8);
	return ct_buf_add(b, row, sizeof row);
}

int ct_store_bands_copy(struct ct_store *s)
{
	struct ct_buf *b = &s->pend.band_rows;
	int rc = CT_OK;

	if (!b->len)
		return CT_OK;
	if (ct_buf_add(b, copy_trailer, sizeof copy_trailer))
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
	else if (db_copy_in(s->db, bands_copy_sql, b->p, b->len) != DB_OK)
		rc = ct_store_dbfail(s, NULL);
	ct_buf_reset(b);
	return rc;
}

/* The signatures of documents ?1, of ?2 shingles each: ?3 is their
 * signatures end to end, CT_SIGNATURE_BYTES each. */
static const char batch_signatures_sql[] =
	"INSERT INTO document_signatures (document_id, n_shingles, signature) "
	"SELECT u.i, u.n, substring(?3::bytea FROM (u.o::int - 1) * 512 + 1 FOR 512) "
	"FROM unnest(?1::bigint[], ?2::bigint[]) WITH ORDINALITY AS u(i, n, o) "
	"ON CONFLICT (document_id) DO NOTHING";
_Static_assert(CT_SIGNATURE_BYTES == 512, "batch_signatures_sql's signature size");

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * Sorts the n keys of v (signed order) by their bytes, the lowest first
 * (LSD radix, stable): the batch's 35,000 band keys, which qsort() sorted
 * in a twentieth of the writer's time. tmp has room for n. key(i) is the
 * key of element i of an array of elements of size sz.
 */
static void radix_sort(void *v, void *tmp, size_t n, size_t sz, int64_t (*key)(const void *))
{
	unsigned char *a = v, *b = tmp;

	for (int shift = 0; shift < 64; shift += 8) {
		size_t count[257] = { 0 };
		unsigned char *t;
		for (size_t i = 0; i < n; i++) {
			uint64_t k = (uint64_t)key(a + i * sz) ^ 0x8000000000000000u;
			count[((k >> shift) & 0xff) + 1]++;
		}
		bool one = false;
		for (int i = 1; i <= 256 && !one; i++)
			one = count[i] == n;
		if (one)
			continue;           /* all in one bucket: nothing moves */
		for (int i = 0; i < 256; i++)
			count[i + 1] += count[i];
		for (size_t i = 0; i < n; i++) {
			uint64_t k = (uint64_t)key(a + i * sz) ^ 0x8000000000000000u;
			memcpy(b + count[(k >> shift) & 0xff]++ * sz, a + i * sz, sz);
		}
		t = a;
		a = b;
		b = t;
	}
	if (a != (unsigned char *)v)
		memcpy(v, a, n * sz);
}

/*
 * Like calloc(), but the pages written at once: calloc()'s fresh pages are
 * the zero page until written, and a slot read (a look-up) before it is
 * written costs a second fault and a TLB shootdown to the workers' CPUs,
 * a tenth of the writer's time for the batch's 2 MB key index (perf).
 */
static void *zalloc(size_t n, size_t size)
{
	void *p = n && size > SIZE_MAX / n ? NULL : malloc(n * size > 0 ? n * size : 1);

	if (p)
		memset(p, 0, n * size);
	return p;
}

static int64_t key_i64(const void *p)
{
	return *(const int64_t *)p;
}

/* More keys shared first, then the lower id. */
static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return (x->id > y->id) - (x->id < y->id);
}

int ct_store_copies_defer(struct ct_store *s, const struct ct_doc *doc,
			  const struct ct_fingerprint *fp)
{
	size_t k = s->pend.n ? s->pend.n - 1 : 0;
	struct ct_pend_copy *e;
	int64_t keys[CT_FP_BANDS];

	if (!s->pend.n)
		return ct_store_fail(s, CT_EINVAL, "no document waits for its id");
	if (!CT_VEC_RESERVE(s->pend.copies, s->pend.cap_copies, k + 1))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	for (; s->pend.n_copies <= k; s->pend.n_copies++)
		s->pend.copies[s->pend.n_copies].kept = false;
	e = &s->pend.copies[k];
	e->kept = true;
	if (fp)
		e->fp = *fp;
	else
		ct_fingerprint_compute(doc->body, doc->body_len, &e->fp);
	fp = &e->fp;
	e->n_keys = 0;
	e->copy_of = e->root = 0;
	if (!fp->n_shingles)
		return CT_OK;
	ct_fingerprint_bands(fp, keys);
	qsort(keys, CT_FP_BANDS, sizeof *keys, cmp_i64);
	for (size_t i = 0; i < CT_FP_BANDS; i++)
		if (!e->n_keys || keys[i] != e->keys[e->n_keys - 1])
			e->keys[e->n_keys++] = keys[i];
	return CT_OK;
}

int64_t ct_store_copies_of(const struct ct_store *s, size_t k)
{
	return k < s->pend.n_copies && s->pend.copies[k].kept ? s->pend.copies[k].copy_of : 0;
}

/* ---- the batch's own band keys, to find an earlier document of it ---- */

struct key_slot {
	int64_t key;
	size_t head;                        /* the last node of the key, + 1; 0: free */
};

struct key_node {
	size_t doc;                         /* its index in the batch */
	size_t next;                        /* the node before, + 1; 0: none */
};

struct key_index {
	struct key_slot *slots;
	size_t mask;
	struct key_node *nodes;
	size_t n_nodes;
};

static size_t key_hash(int64_t key)
{
	uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15u;

	return (size_t)(h ^ (h >> 29));
}

static struct key_slot *key_find(const struct key_index *ix, int64_t key)
{
	size_t i = key_hash(key) & ix->mask;

	while (ix->slots[i].head && ix->slots[i].key != key)
		i = (i + 1) & ix->mask;
	return &ix->slots[i];
}

/* Adds document doc's keys; the index has room for every key of the batch. */
static void key_add(struct key_index *ix, const struct ct_pend_copy *e, size_t doc)
{
	for (size_t i = 0; i < e->n_keys; i++) {
		struct key_slot *slot = key_find(ix, e->keys[i]);
		ix->nodes[ix->n_nodes] = (struct key_node){ doc, slot->head };
		slot->key = e->keys[i];
		slot->head = ++ix->n_nodes;
	}
}

/* ---- the look-up ---- */

/* A stored candidate of the batch's document p. */
struct stored {
	size_t p;
	struct cand c;
};

/* The signature and story of a stored candidate, by id. */
struct stored_sig {
	int64_t id;
	int64_t root;
	const struct ct_fingerprint *fpp;   /* one read or kept; NULL: none */
};

/* The candidates' signatures: by id, and those read from the server. */
struct stored_sigs {
	struct stored_sig *g;
	struct ct_fingerprint *read;
};

/* Appends "n," to a PostgreSQL array literal. */
static int add_int(struct ct_buf *b, int64_t n)
{
	return ct_store_buf_int(b, b->len > 1 ? ',' : 0, n);
}

/* The batch's position first, then more keys shared, then the lower id. */
static int cmp_stored(const void *a, const void *b)
{
	const struct stored *x = a, *y = b;

	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return cmp_cand(&x->c, &y->c);
}

static int cmp_stored_id(const void *a, const void *b)
{
	const struct stored *x = a, *y = b;

	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return (x->c.id > y->c.id) - (x->c.id < y->c.id);
}

static int64_t key_stored_id(const void *p)
{
	return ((const struct stored *)p)->c.id;
}

static int64_t key_stored_n(const void *p)
{
	return -(int64_t)((const struct stored *)p)->c.n;
}

static int64_t key_stored_p(const void *p)
{
	return (int64_t)((const struct stored *)p)->p;
}

/* Sorts v by position in the batch, then by = key (stable: an order by
 * the id kept), as cmp_stored_id() or cmp_stored() order them. */
static void sort_stored(struct stored *v, size_t n, int64_t (*key)(const void *))
{
	struct stored *tmp = malloc(n * sizeof *tmp);

	if (!tmp) {
		qsort(v, n, sizeof *v, key == key_stored_id ? cmp_stored_id : cmp_stored);
		return;
	}
	radix_sort(v, tmp, n, sizeof *v, key);
	radix_sort(v, tmp, n, sizeof *v, key_stored_p);
	free(tmp);
}

static int cmp_sig_id(const void *a, const void *b)
{
	const struct stored_sig *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Adds to v a (document of the batch, stored document id) for each
 * document of the batch with key. */
static bool add_key_doc(struct stored **v, size_t *n, size_t *cap, const struct key_index *ix,
			int64_t key, int64_t id)
{
	const struct key_slot *slot = key_find(ix, key);

	for (size_t node = slot->head; node; node = ix->nodes[node - 1].next) {
		if (!CT_VEC_RESERVE(*v, *cap, *n + 1))
			return false;
		(*v)[(*n)++] = (struct stored){ ix->nodes[node - 1].doc, { id, 1, 0, NULL } };
	}
	return true;
}

/*
 * The stored documents sharing keys with each kept document of the batch:
 * every (key, document) holding one of the batch's keys, from the server,
 * or from the keys this writer holds where they are all the server has
 * (store_bands.c), counted here for each document of the batch with that
 * key, as store_copies.c's candidates_sql counts and ranks them (more keys
 * shared, then the lower id), the first CT_COPY_CANDIDATES of each kept.
 */
static int key_docs(struct ct_store *s, const struct key_index *ix, const int64_t *keys,
		    size_t n_keys, struct stored **out, size_t *n_out)
{
	struct ct_buf lit = CT_BUF_INIT(0);
	struct stored *v = NULL;
	size_t n = 0, cap = 0, kept = 0, asked = 0;
	struct db_stmt *st = NULL;
	int rc, step;

	if ((rc = ct_store_bands_pg_sync(s)) != CT_OK)
		goto out;
	if (ct_buf_addc(&lit, '{'))
		goto nomem;
	for (size_t i = 0; i < n_keys; i++) {
		int64_t id;
		if (ct_store_bands_pg_ask(s, keys[i])) {
			if (add_int(&lit, keys[i]))
				goto nomem;
			asked++;
			continue;
		}
		for (size_t it = 0; (it = ct_store_bands_pg_next(s, keys[i], it, &id));)
			if (!add_key_doc(&v, &n, &cap, ix, keys[i], id))
				goto nomem;
	}
	if (ct_buf_addc(&lit, '}'))
		goto nomem;
	if (asked) {
		if ((rc = ct_store_prepare_kept(s, batch_key_docs_sql, &st)) != CT_OK)
			goto out;
		if (db_bind_text(st, 1, lit.p, (int64_t)lit.len) != DB_OK) {
			rc = ct_store_dbfail(s, "looking for copies");
			goto out;
		}
		while ((step = db_step(st)) == DB_ROW)
			if (!add_key_doc(&v, &n, &cap, ix, db_column_int64(st, 0),
					 db_column_int64(st, 1)))
				goto nomem;
		if (step != DB_DONE) {
			rc = ct_store_dbfail(s, "looking for copies");
			goto out;
		}
	}
	/* A (document of the batch, stored document) per key shared: counted. */
	if (n > 1)
		sort_stored(v, n, key_stored_id);
	for (size_t i = 0, m = 0; i < n; i = m) {
		for (m = i + 1; m < n && v[m].p == v[i].p && v[m].c.id == v[i].c.id; m++)
			;
		v[kept] = v[i];
		v[kept++].c.n = m - i;
	}
	n = kept;
	if (n > 1)
		sort_stored(v, n, key_stored_n);
	kept = 0;
	for (size_t i = 0, r = 0; i < n; i++) {
		r = i && v[i].p == v[i - 1].p ? r + 1 : 0;
		if (r < CT_COPY_CANDIDATES)
			v[kept++] = v[i];
	}
	n = kept;
	goto out;
nomem:
	rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
out:
	if (st)
		ct_store_unprepare(s, st);
	ct_buf_release(&lit);
	if (rc != CT_OK) {
		free(v);
		v = NULL;
		n = 0;
	}
	*out = v;
	*n_out = n;
	return rc;
}

/* The signatures and stories of the candidates in v (their fp and root
 * set; *sigs_out to free once they are compared). */
static int cand_sigs(struct ct_store *s, struct stored *v, size_t n,
		     struct stored_sigs *sigs_out)
{
	struct ct_buf lit = CT_BUF_INIT(0);
	struct stored_sig *g = NULL;
	struct ct_fingerprint *read = NULL;
	size_t n_g = 0, n_read = 0, n_miss = 0;
	struct db_stmt *st = NULL;
	int rc = CT_OK, step;

	*sigs_out = (struct stored_sigs){ NULL, NULL };
	if (!n)
		return CT_OK;
	{
		int64_t *ids = malloc(n * sizeof *ids), *tmp = malloc(n * sizeof *tmp);
		if (ids && tmp) {
			for (size_t i = 0; i < n; i++)
				ids[i] = v[i].c.id;
			radix_sort(ids, tmp, n, sizeof *ids, key_i64);
			for (size_t i = 0; i < n; i++)
				if (!n_g || ids[i] != ids[n_g - 1])
					ids[n_g++] = ids[i];
			if ((g = calloc(n_g, sizeof *g)) != NULL)
				for (size_t i = 0; i < n_g; i++)
					g[i].id = ids[i];
		}
		free(ids);
		free(tmp);
		if (!g)
			goto nomem;
	}
	if (ct_buf_addc(&lit, '{'))
		goto nomem;
	for (size_t i = 0; i < n_g; i++) {
		const struct ct_fingerprint *fp = ct_store_sig_cache_get(s, g[i].id, &g[i].root);
		if (fp) {
			g[i].fpp = fp;
		} else if (add_int(&lit, g[i].id)) {
			goto nomem;
		} else {
			n_miss++;
		}
	}
	if (ct_buf_addc(&lit, '}'))
		goto nomem;
	if (!n_miss)
		goto fill;
	if (!(read = malloc(n_miss * sizeof *read)))
		goto nomem;
	if ((rc = ct_store_prepare_kept(s, batch_cand_sigs_sql, &st)) != CT_OK)
		goto out;
	if (db_bind_text(st, 1, lit.p, (int64_t)lit.len) != DB_OK) {
		rc = ct_store_dbfail(s, "looking for copies");
		goto out;
	}
	while ((step = db_step(st)) == DB_ROW) {
		struct stored_sig key = { .id = db_column_int64(st, 0) }, *e;

		if (!(e = bsearch(&key, g, n_g, sizeof *g, cmp_sig_id)))
			continue;
		e->root = db_column_int64(st, 3);
		if (n_read < n_miss && !e->fpp &&
		    ct_store_sig_unpack(db_column_blob(st, 2), (size_t)db_column_bytes(st, 2),
					db_column_int64(st, 1), &read[n_read]))
			e->fpp = &read[n_read++];
	}
	if (step != DB_DONE) {
		rc = ct_store_dbfail(s, "looking for copies");
		goto out;
	}
fill:
	for (size_t i = 0; i < n; i++) {
		struct stored_sig key = { .id = v[i].c.id };
		const struct stored_sig *e = bsearch(&key, g, n_g, sizeof *g, cmp_sig_id);

		v[i].c.root = e->root;
		v[i].c.fp = e->fpp;
	}
	goto out;
nomem:
	rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
out:
	if (st)
		ct_store_unprepare(s, st);
	ct_buf_release(&lit);
	if (rc != CT_OK) {
		free(g);
		free(read);
		g = NULL;
		read = NULL;
	}
	*sigs_out = (struct stored_sigs){ g, read };
	return rc;
}

/* The stored candidates of the kept documents, in batch order (their
 * position in the batch, then as they rank); *sigs_out holds their
 * signatures. */
static int read_stored(struct ct_store *s, struct stored **out, size_t *n_out,
		       struct stored_sigs *sigs_out)
{
	struct key_index ix = { 0 };
	int64_t *keys = NULL, *tmp;
	size_t n_keys = 0;
	int rc = CT_OK;

	*out = NULL;
	*n_out = 0;
	*sigs_out = (struct stored_sigs){ NULL, NULL };
	for (size_t k = 0; k < s->pend.n_copies; k++)
		if (s->pend.copies[k].kept && s->pend.ids[k])
			n_keys += s->pend.copies[k].n_keys;
	if (!n_keys)
		return CT_OK;
	for (ix.mask = 1; ix.mask < 2 * n_keys + 1; ix.mask <<= 1)
		;
	ix.slots = zalloc(ix.mask, sizeof *ix.slots);
	ix.mask--;
	ix.nodes = malloc(n_keys * sizeof *ix.nodes);
	keys = malloc(n_keys * sizeof *keys);
	if (!ix.slots || !ix.nodes || !keys) {
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		goto out;
	}
	n_keys = 0;
	for (size_t k = 0; k < s->pend.n_copies; k++) {
		const struct ct_pend_copy *e = &s->pend.copies[k];
		if (!e->kept || !s->pend.ids[k])
			continue;
		key_add(&ix, e, k);
		for (size_t i = 0; i < e->n_keys; i++)
			keys[n_keys++] = e->keys[i];
	}
	if ((tmp = malloc(n_keys * sizeof *tmp)) != NULL)
		radix_sort(keys, tmp, n_keys, sizeof *keys, key_i64);
	else
		qsort(keys, n_keys, sizeof *keys, cmp_i64);
	free(tmp);
	{
		size_t m = 0;
		for (size_t i = 0; i < n_keys; i++)
			if (!m || keys[i] != keys[m - 1])
				keys[m++] = keys[i];
		n_keys = m;
	}
	if ((rc = key_docs(s, &ix, keys, n_keys, out, n_out)) == CT_OK &&
	    (rc = cand_sigs(s, *out, *n_out, sigs_out)) != CT_OK) {
		free(*out);
		*out = NULL;
		*n_out = 0;
	}
out:
	free(ix.slots);
	free(ix.nodes);
	free(keys);
	return rc;
}

/*
 * Decides each kept document's story, in batch order: its candidates are
 * the stored ones (from the server) and the earlier documents of the
 * batch sharing its keys, the 32 sharing the most compared, as
 * find_story() compares them.
 */
static int decide(struct ct_store *s, const struct stored *db_rows, size_t n_rows, bool look)
{
	struct key_index ix = { 0 };
	struct cand *c = NULL;
	size_t *shared = NULL, *touched = NULL, n_keys = 0, cap_c = 0, row = 0;
	size_t n = s->pend.n_copies;
	double threshold = ct_store_copy_threshold(s);
	int rc = CT_OK;

	for (size_t k = 0; k < n; k++)
		n_keys += s->pend.copies[k].kept ? s->pend.copies[k].n_keys : 0;
	for (ix.mask = 1; ix.mask < 2 * n_keys + 1; ix.mask <<= 1)
		;
	ix.slots = zalloc(ix.mask, sizeof *ix.slots);
	ix.mask--;
	ix.nodes = malloc((n_keys + 1) * sizeof *ix.nodes);
	shared = calloc(n + 1, sizeof *shared);
	touched = malloc((n + 1) * sizeof *touched);
	if (!ix.slots || !ix.nodes || !shared || !touched) {
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t k = 0; k < n; k++) {
		struct ct_pend_copy *e = &s->pend.copies[k];
		size_t n_c = 0, n_touched = 0;
		double best = threshold;
		int64_t root = 0;

		if (!e->kept || !s->pend.ids[k] || !e->n_keys)
			continue;
		for (; row < n_rows && db_rows[row].p < k; row++)
			;
		for (; look && row < n_rows && db_rows[row].p == k; row++) {
			if (!CT_VEC_RESERVE(c, cap_c, n_c + 1))
				goto nomem;
			c[n_c++] = db_rows[row].c;
		}
		/* The earlier documents of the batch, by the keys they share. */
		for (size_t i = 0; look && i < e->n_keys; i++) {
			const struct key_slot *slot = key_find(&ix, e->keys[i]);
			for (size_t node = slot->head; node; node = ix.nodes[node - 1].next) {
				size_t j = ix.nodes[node - 1].doc;
				if (!shared[j]++)
					touched[n_touched++] = j;
			}
		}
		for (size_t t = 0; t < n_touched; t++) {
			size_t j = touched[t];
			const struct ct_pend_copy *o = &s->pend.copies[j];
			if (!CT_VEC_RESERVE(c, cap_c, n_c + 1))
				goto nomem;
			c[n_c++] = (struct cand){ s->pend.ids[j], shared[j], o->root, &o->fp };
			shared[j] = 0;
		}
		if (n_c > 1)
			qsort(c, n_c, sizeof *c, cmp_cand);
		if (n_c > CT_COPY_CANDIDATES)
			n_c = CT_COPY_CANDIDATES;
		for (size_t i = 0; i < n_c; i++) {
			double sim;
			if (!c[i].fp)
				continue;
			sim = ct_fingerprint_similarity(&e->fp, c[i].fp);
			if (sim > best || (sim == best && (!root || c[i].root < root))) {
				best = sim;
				root = c[i].root;
			}
		}
		e->copy_of = root;
		e->root = root ? root : s->pend.ids[k];
		key_add(&ix, e, k);
	}
	goto out;
nomem:
	rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
out:
	free(ix.slots);
	free(ix.nodes);
	free(shared);
	free(touched);
	free(c);
	return rc;
}

/* Runs kept statement sql with two array literals and, when blob is not
 * NULL, a blob of n bytes, without waiting for it. */
static int run_arrays(struct ct_store *s, const char *sql, const struct ct_buf *a,
		      const struct ct_buf *b, const void *blob, size_t n)
{
	struct binder bd = { NULL, DB_OK };
	int rc;

	if ((rc = ct_store_prepare_kept(s, sql, &bd.st)) != CT_OK)
		return rc;
	bd.rc = db_bind_text(bd.st, 1, a->p, (int64_t)a->len);
	if (bd.rc == DB_OK)
		bd.rc = db_bind_text(bd.st, 2, b->p, (int64_t)b->len);
	if (bd.rc == DB_OK && blob)
		bd.rc = db_bind_blob(bd.st, 3, blob, n);
	rc = ct_store_run_deferred(s, &bd);
	ct_store_unprepare(s, bd.st);
	return rc;
}

struct band {
	int64_t key, id;
};

static int cmp_band(const void *a, const void *b)
{
	const struct band *x = a, *y = b;

	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return (x->id > y->id) - (x->id < y->id);
}

static int64_t key_band(const void *p)
{
	return ((const struct band *)p)->key;
}

/* Sorts bands by key, then id: by key alone, keeping the order of the
 * ids, which the batch's documents take in order. */
static void sort_bands(struct band *v, size_t n)
{
	struct band *tmp = malloc(n * sizeof *tmp);
	bool sorted = tmp != NULL;

	if (tmp)
		radix_sort(v, tmp, n, sizeof *v, key_band);
	free(tmp);
	for (size_t i = 1; i < n && sorted; i++)
		sorted = cmp_band(&v[i - 1], &v[i]) < 0;
	if (!sorted)
		qsort(v, n, sizeof *v, cmp_band);
}

/* Writes the batch's signatures, links to their stories and band keys. */
static int write_batch(struct ct_store *s)
{
	struct ct_buf ids = CT_BUF_INIT(0), roots = CT_BUF_INIT(0);
	struct ct_buf sig_ids = CT_BUF_INIT(0), sig_n = CT_BUF_INIT(0), sigs = CT_BUF_INIT(0);
	struct band *bands = NULL;
	size_t n_bands = 0, cap_bands = 0;
	bool any_copy = false;
	int rc = CT_OK;

	if (ct_buf_addc(&ids, '{') || ct_buf_addc(&roots, '{') || ct_buf_addc(&sig_ids, '{') ||
	    ct_buf_addc(&sig_n, '{'))
		goto nomem;
	for (size_t k = 0; k < s->pend.n_copies; k++) {
		const struct ct_pend_copy *e = &s->pend.copies[k];
		unsigned char sig[CT_SIGNATURE_BYTES];
		int64_t id = s->pend.ids[k];

		if (!e->kept || !id)
			continue;
		ct_store_sig_pack(&e->fp, sig);
		if (e->n_keys)
			ct_store_sig_cache_put(s, id, e->root, &e->fp);
		if (add_int(&sig_ids, id) || add_int(&sig_n, e->fp.n_shingles) ||
		    ct_buf_add(&sigs, sig, sizeof sig))
			goto nomem;
		if (e->copy_of) {
			any_copy = true;
			if (add_int(&ids, id) || add_int(&roots, e->copy_of))
				goto nomem;
		}
		ct_store_bands_pg_hold(s, id, e->keys, e->n_keys);
		if (!CT_VEC_RESERVE(bands, cap_bands, n_bands + e->n_keys))
			goto nomem;
		for (size_t i = 0; i < e->n_keys; i++)
			bands[n_bands++] = (struct band){ e->keys[i], id };
	}
	if (n_bands > 1)
		sort_bands(bands, n_bands);
	for (size_t i = 0; i < n_bands; i++)
		if (add_band_row(&s->pend.band_rows, bands[i].key, bands[i].id))
			goto nomem;
	if (ct_buf_addc(&ids, '}') || ct_buf_addc(&roots, '}') || ct_buf_addc(&sig_ids, '}') ||
	    ct_buf_addc(&sig_n, '}'))
		goto nomem;
	if (sigs.len && (rc = run_arrays(s, batch_signatures_sql, &sig_ids, &sig_n, sigs.p,
					 sigs.len)) != CT_OK)
		goto out;
	if (any_copy)
		rc = run_arrays(s, batch_set_copy_sql, &ids, &roots, NULL, 0);
	goto out;
nomem:
	rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
out:
	ct_buf_release(&ids);
	ct_buf_release(&roots);
	ct_buf_release(&sig_ids);
	ct_buf_release(&sig_n);
	ct_buf_release(&sigs);
	free(bands);
	return rc;
}

int ct_store_copies_settle(struct ct_store *s)
{
	struct stored *rows = NULL;
	struct stored_sigs sigs = { NULL, NULL };
	size_t n_rows = 0;
	bool look = ct_store_copy_threshold(s) > 0, any = false;
	int rc = CT_OK;

	if (s->pend.n_copies > s->pend.n || (s->pend.n_copies && !s->pend.ids))
		return ct_store_fail(s, CT_EINVAL, "the batch's copies outnumber its documents");
	for (size_t k = 0; k < s->pend.n_copies && !any; k++)
		any = s->pend.copies[k].kept && s->pend.ids[k];
	if (!any)
		return CT_OK;
	if (look && (rc = read_stored(s, &rows, &n_rows, &sigs)) != CT_OK)
		return rc;
	if ((rc = decide(s, rows, n_rows, look)) == CT_OK)
		rc = write_batch(s);
	free(rows);
	free(sigs.g);
	free(sigs.read);
	return rc;
}
