/*
 * SQLite's band keys not yet in an index (db/018_band_keys_pending.sql).
 *
 * A new document's 42 keys used to go to document_bands_recent at once,
 * 42 rows at random places of a b-tree that grew to 900,000 rows over
 * 100 MB of bench text, and every batch wrote all the pages they fell on
 * again. Now the writer keeps the keys in a hash table in memory, where
 * the look-ups of the documents after it find them, and notes the
 * document in document_bands_pending, one row at the end of a small
 * table. Every FLUSH_DOCS documents, and when the store is closed, the
 * keys held go to document_bands_recent in key order (each of its pages
 * written once for all the keys it takes) and the notes are deleted.
 *
 * The look-up of a document reads, key by key, the documents in memory
 * and, only where rows may be, document_bands and document_bands_recent:
 * the first when it held rows, the second for a key that a Bloom filter
 * of its keys may hold: those this writer moved there, and those it held
 * before, read once 1,024 look-ups have searched it for every key. So
 * into a new database no look-up reads SQLite. The candidates are the same as the SQL of the whole index
 * gives, since a key shared by a document counts once however many
 * places hold it.
 *
 * Another writer (SQLite has one at a time, but several processes may
 * take turns) is noticed by PRAGMA data_version: its noted documents are
 * read from their signatures, and document_bands_recent is searched.
 * A transaction rolled back takes the keys held with it: they are read
 * again from the notes that remain.
 */
#include "store/store_internal.h"
#include "claimtrack/store.h"
#include "claimtrack/text.h"

#include <stdlib.h>
#include <string.h>

/*
 * Documents whose keys are held before they are written out: 32,768
 * documents are about 1,380,000 keys, 22 MB of entries, 8 MB of buckets
 * and 1.4 MB to sort them a part at a time (flush()). Each write after
 * the first falls on every leaf of document_bands_recent and splits most
 * of them, so fewer, larger writes cost less in all: at 8,192, 100 MB of
 * bench text was written out three times, the last two into 344,000 and
 * 688,000 keys; now once, into an empty table.
 */
#define FLUSH_DOCS 32768
#define BLOOM_BITS (1u << 24)    /* 2 MB */
/* After this many look-ups that searched document_bands_recent, its keys
 * are read into the Bloom filter, when there are at most SCAN_KEYS: a
 * look-up searched 42 keys, 63,000 instructions, and reading a key costs
 * about 200. */
#define SCAN_AFTER 1024
#define SCAN_KEYS 2000000

struct band_entry {    /* 16 bytes */
	int64_t key;
	uint32_t doc;     /* its document, in docs */
	uint32_t next;    /* the next entry of the bucket, plus one; 0: none */
};

struct ct_bands {
	struct band_entry *e;
	size_t n, cap;
	uint32_t *head;        /* n_head buckets, each its first entry plus one */
	size_t n_head;         /* a power of two, at least n; or 0 */
	int64_t *docs;         /* the documents whose keys are held */
	size_t n_docs, cap_docs;
	int64_t max_doc;       /* the highest document noted and read */
	uint64_t *bloom;       /* the keys this writer moved to document_bands_recent */
	bool loaded;
	bool seek_bands;       /* document_bands holds rows */
	bool seek_recent;      /* document_bands_recent holds rows not in bloom */
	size_t looked;         /* look-ups since seek_recent was set */
	bool too_many;         /* document_bands_recent too large to read into bloom */
	int64_t data_version;
	/* PostgreSQL (s->pg_bands): */
	bool ask_all;          /* the server may hold any key for a document not held */
	int64_t low;           /* the log's rows up to it: keys in the Bloom filter */
	int64_t *seen;         /* the log's rows after low read */
	size_t n_seen, cap_seen;
	int64_t *ids;          /* the documents held, by id (open addressing, 0 free) */
	size_t ids_mask;       /* their number of slots - 1; 0: none */
};

static const char note_sql[] = "INSERT INTO document_bands_pending (document_id) VALUES (?1)";
static const char unnote_sql[] = "DELETE FROM document_bands_pending WHERE document_id = ?1";
static const char noted_sql[] =
	"SELECT p.document_id, g.n_shingles, g.signature FROM document_bands_pending p "
	"JOIN document_signatures g ON g.document_id = p.document_id "
	"WHERE p.document_id > ?1 ORDER BY p.document_id";

/* The documents sharing one key, in the tables that may hold it. */
static const char both_sql[] =
	"SELECT document_id FROM document_bands WHERE key = ?1 AND document_id <> ?2 "
	"UNION ALL "
	"SELECT document_id FROM document_bands_recent WHERE key = ?1 AND document_id <> ?2";
static const char merged_sql[] =
	"SELECT document_id FROM document_bands WHERE key = ?1 AND document_id <> ?2";
static const char recent_sql[] =
	"SELECT document_id FROM document_bands_recent WHERE key = ?1 AND document_id <> ?2";

static const char data_version_sql[] = "PRAGMA data_version";

static size_t bucket(const struct ct_bands *b, int64_t key)
{
	return (size_t)(((uint64_t)key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (b->n_head - 1);
}

static uint32_t bloom_bit(int64_t key, unsigned i)
{
	static const uint64_t mul[3] = { UINT64_C(0x9E3779B97F4A7C15),
					 UINT64_C(0xC2B2AE3D27D4EB4F),
					 UINT64_C(0x165667B19E3779F9) };
	return (uint32_t)(((uint64_t)key * mul[i]) >> 40) & (BLOOM_BITS - 1);
}

static bool bloom_has(const struct ct_bands *b, int64_t key)
{
	if (!b->bloom)
		return false;
	for (unsigned i = 0; i < 3; i++) {
		uint32_t bit = bloom_bit(key, i);
		if (!(b->bloom[bit / 64] & UINT64_C(1) << (bit % 64)))
			return false;
	}
	return true;
}

static void bloom_add(struct ct_bands *b, int64_t key)
{
	for (unsigned i = 0; i < 3; i++) {
		uint32_t bit = bloom_bit(key, i);
		b->bloom[bit / 64] |= UINT64_C(1) << (bit % 64);
	}
}

static void link_entry(struct ct_bands *b, size_t i)
{
	size_t h = bucket(b, b->e[i].key);

	b->e[i].next = b->head[h];
	b->head[h] = (uint32_t)(i + 1);
}

/* Holds doc's keys (distinct, n of them). */
static bool hold(struct ct_bands *b, int64_t doc, const int64_t *keys, size_t n)
{
	if (!CT_VEC_RESERVE(b->e, b->cap, b->n + n) ||
	    !CT_VEC_RESERVE(b->docs, b->cap_docs, b->n_docs + 1) || b->n + n >= UINT32_MAX)
		return false;
	if (b->n + n > b->n_head) {
		size_t nh = b->n_head ? b->n_head : 4096;
		uint32_t *head;
		while (b->n + n > nh)
			nh *= 2;
		if (!(head = calloc(nh, sizeof *head)))
			return false;
		free(b->head);
		b->head = head;
		b->n_head = nh;
		for (size_t i = 0; i < b->n; i++)
			link_entry(b, i);
	}
	for (size_t i = 0; i < n; i++) {
		b->e[b->n] = (struct band_entry){ keys[i], (uint32_t)b->n_docs, 0 };
		link_entry(b, b->n++);
	}
	b->docs[b->n_docs++] = doc;
	if (doc > b->max_doc)
		b->max_doc = doc;
	return true;
}

static void forget_held(struct ct_bands *b)
{
	b->n = b->n_docs = 0;
	if (b->head)
		memset(b->head, 0, b->n_head * sizeof *b->head);
	if (b->ids)
		memset(b->ids, 0, (b->ids_mask + 1) * sizeof *b->ids);
}

void ct_store_sig_pack(const struct ct_fingerprint *fp, unsigned char out[CT_SIGNATURE_BYTES])
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* The values are little-endian in memory already: one copy, where
	 * the bytes one at a time took 780 instructions. */
	_Static_assert(sizeof fp->min == CT_SIGNATURE_BYTES, "a signature is the values");
	memcpy(out, fp->min, CT_SIGNATURE_BYTES);
#else
	for (size_t i = 0; i < CT_FP_SLOTS; i++) {
		uint32_t v = fp->min[i];
		out[4 * i] = (unsigned char)v;
		out[4 * i + 1] = (unsigned char)(v >> 8);
		out[4 * i + 2] = (unsigned char)(v >> 16);
		out[4 * i + 3] = (unsigned char)(v >> 24);
	}
#endif
}

bool ct_store_sig_unpack(const unsigned char *p, size_t n, int64_t n_shingles,
			 struct ct_fingerprint *fp)
{
	if (!p || n != CT_SIGNATURE_BYTES || n_shingles <= 0 || n_shingles > UINT32_MAX)
		return false;
	for (size_t i = 0; i < CT_FP_SLOTS; i++)
		fp->min[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
			     (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
	fp->n_shingles = (uint32_t)n_shingles;
	return true;
}

int ct_store_cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The distinct keys of keys[0..CT_FP_BANDS), sorted, into uniq; their
 * count. An insertion sort: qsort() of 42 keys cost 8,000 instructions. */
size_t ct_store_bands_distinct(const int64_t keys[CT_FP_BANDS], int64_t uniq[CT_FP_BANDS])
{
	size_t n = 0;

	for (size_t i = 0; i < CT_FP_BANDS; i++) {
		size_t j = n;
		while (j > 0 && uniq[j - 1] > keys[i])
			j--;
		if (j > 0 && uniq[j - 1] == keys[i])
			continue;
		memmove(uniq + j + 1, uniq + j, (n - j) * sizeof *uniq);
		uniq[j] = keys[i];
		n++;
	}
	return n;
}

static int exists(struct ct_store *s, const char *sql, bool *yes)
{
	struct db_stmt *st;
	int rc, step;

	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	step = db_step(st);
	db_finalize(st);
	if (step != DB_ROW && step != DB_DONE)
		return ct_store_dbfail(s, "looking for copies");
	*yes = step == DB_ROW;
	return CT_OK;
}

/* Holds the keys of the documents noted after b->max_doc. */
static int read_noted(struct ct_store *s, struct ct_bands *b)
{
	struct db_stmt *st;
	int rc, step;

	if ((rc = ct_store_prepare(s, noted_sql, &st)) != CT_OK)
		return rc;
	step = db_bind_int64(st, 1, b->max_doc);
	rc = CT_OK;
	while (step == DB_OK || step == DB_ROW) {
		struct ct_fingerprint fp;
		int64_t keys[CT_FP_BANDS], uniq[CT_FP_BANDS];
		if ((step = db_step(st)) != DB_ROW)
			break;
		if (!ct_store_sig_unpack(db_column_blob(st, 2), (size_t)db_column_bytes(st, 2),
					 db_column_int64(st, 1), &fp))
			continue;
		ct_fingerprint_bands(&fp, keys);
		if (!hold(b, db_column_int64(st, 0), uniq, ct_store_bands_distinct(keys, uniq))) {
			rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
			break;
		}
	}
	if (rc == CT_OK && step != DB_DONE)
		rc = ct_store_dbfail(s, "reading the documents noted for their band keys");
	db_finalize(st);
	return rc;
}

/* The one integer that kept statement sql gives, into *v. */
static int kept_int(struct ct_store *s, const char *sql, int64_t *v)
{
	struct db_stmt *st;
	int rc;

	if ((rc = ct_store_prepare_kept(s, sql, &st)) != CT_OK)
		return rc;
	if (db_reset(st) != DB_OK || db_step(st) != DB_ROW)
		rc = ct_store_dbfail(s, "looking for copies");
	else
		*v = db_column_int64(st, 0);
	ct_store_unprepare(s, st);
	return rc;
}

/* Up to date with what other writers committed since the last call. */
static int sync(struct ct_store *s, struct ct_bands **out)
{
	struct ct_bands *b = s->bands;
	int64_t v = 0;
	bool recent = false;
	int rc;

	if (!b && !(b = s->bands = calloc(1, sizeof *b)))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	*out = b;
	/* A rollback took the keys held since the last commit: all are
	 * read again from the notes. */
	if (s->bands_lost) {
		forget_held(b);
		b->max_doc = 0;
		b->loaded = false;
		s->bands_lost = false;
	}
	if (!ct_store_is_pg(s) && (rc = kept_int(s, data_version_sql, &v)) != CT_OK)
		return rc;
	if (b->loaded && v == b->data_version)
		return CT_OK;
	if ((rc = exists(s, "SELECT 1 FROM document_bands LIMIT 1", &b->seek_bands)) != CT_OK ||
	    (rc = exists(s, "SELECT 1 FROM document_bands_recent LIMIT 1", &recent)) != CT_OK)
		return rc;
	/* Rows this writer moves there later are found through the Bloom
	 * filter; those there now, another writer's or an earlier run's,
	 * could be under any key. */
	b->seek_recent = recent;
	b->looked = 0;
	if ((rc = read_noted(s, b)) != CT_OK)
		return rc;
	b->loaded = true;
	b->data_version = v;
	return CT_OK;
}

static bool bloom_alloc(struct ct_bands *b)
{
	return b->bloom || (b->bloom = calloc(BLOOM_BITS / 64, sizeof *b->bloom));
}

/* The keys of document_bands_recent into the Bloom filter, when they are
 * not too many: then it is searched only for a key the filter holds. */
static int scan_recent(struct ct_store *s, struct ct_bands *b)
{
	struct db_stmt *st;
	size_t n = 0;
	int rc, step;

	if (!bloom_alloc(b))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	if ((rc = ct_store_prepare(s, "SELECT key FROM document_bands_recent", &st)) != CT_OK)
		return rc;
	while ((step = db_step(st)) == DB_ROW && ++n <= SCAN_KEYS)
		bloom_add(b, db_column_int64(st, 0));
	db_finalize(st);
	if (step == DB_ROW)
		b->too_many = true;
	else if (step == DB_DONE)
		b->seek_recent = false;
	else
		return ct_store_dbfail(s, "looking for copies");
	return CT_OK;
}

int ct_store_bands_lookup(struct ct_store *s, int64_t self, const int64_t *uniq, size_t n_uniq,
			  int64_t **docs, size_t *n_docs, size_t *cap)
{
	struct ct_bands *b;
	int rc;

	if ((rc = sync(s, &b)) != CT_OK)
		return rc;
	if (b->seek_recent && !b->too_many && !ct_store_is_pg(s) && ++b->looked >= SCAN_AFTER &&
	    (rc = scan_recent(s, b)) != CT_OK)
		return rc;
	for (size_t i = 0; i < n_uniq; i++) {
		int64_t key = uniq[i];
		size_t from = *n_docs;
		bool recent = b->seek_recent || bloom_has(b, key), places = false;

		if (b->n_head)
			for (uint32_t e = b->head[bucket(b, key)]; e; e = b->e[e - 1].next) {
				const struct band_entry *x = &b->e[e - 1];
				if (x->key != key || b->docs[x->doc] == self)
					continue;
				if (!CT_VEC_RESERVE(*docs, *cap, *n_docs + 1))
					return ct_store_fail(s, CT_ENOMEM, "out of memory");
				(*docs)[(*n_docs)++] = b->docs[x->doc];
			}
		if (b->seek_bands || recent) {
			const char *sql = b->seek_bands && recent ? both_sql :
					  b->seek_bands		  ? merged_sql :
								    recent_sql;
			struct db_stmt *st;
			int step;

			places = *n_docs > from || (b->seek_bands && recent);
			if ((rc = ct_store_prepare_kept(s, sql, &st)) != CT_OK)
				return rc;
			step = db_reset(st) == DB_OK && db_bind_int64(st, 1, key) == DB_OK &&
					       db_bind_int64(st, 2, self) == DB_OK ?
				       DB_OK :
				       DB_ERROR;
			while (step == DB_OK || step == DB_ROW) {
				if ((step = db_step(st)) != DB_ROW)
					break;
				if (!CT_VEC_RESERVE(*docs, *cap, *n_docs + 1)) {
					ct_store_unprepare(s, st);
					return ct_store_fail(s, CT_ENOMEM, "out of memory");
				}
				(*docs)[(*n_docs)++] = db_column_int64(st, 0);
			}
			ct_store_unprepare(s, st);
			if (step != DB_DONE)
				return ct_store_dbfail(s, "looking for copies");
		}
		/* A document shares a key once, wherever its rows are. */
		if (places && *n_docs - from > 1) {
			size_t n = from;
			qsort(*docs + from, *n_docs - from, sizeof **docs, ct_store_cmp_i64);
			for (size_t j = from; j < *n_docs; j++)
				if (n == from || (*docs)[j] != (*docs)[n - 1])
					(*docs)[n++] = (*docs)[j];
			*n_docs = n;
		}
	}
	return CT_OK;
}

/* A band key in SQLite's order, as an unsigned number: the sign bit turned. */
static inline uint64_t key_order(int64_t key)
{
	return (uint64_t)key ^ UINT64_C(1) << 63;
}

/*
 * The keys held are sorted a part of the key space at a time (a
 * sixteenth, by the top bits of the key's order): the entries are first
 * grouped by part where they are, and each part is sorted on its own, so
 * that the sort's buffer holds a part, not every key held.
 */
#define PART_BITS 4
#define PARTS (1u << PART_BITS)

static unsigned part_of(int64_t key)
{
	return (unsigned)(key_order(key) >> (64 - PART_BITS));
}

/*
 * The entries of a part sort on the 60 bits of their keys below the
 * part's, DIGIT_BITS a pass: six passes of 10 bits, where eight of 8 bits
 * over the whole key took 183 instructions a key. Those 60 bits of the
 * key's order are the key's own: the order turns only the top bit.
 */
#define DIGIT_BITS 10
#define DIGITS 6
#define RADIX (1u << DIGIT_BITS)

_Static_assert(DIGITS * DIGIT_BITS + PART_BITS == 64, "the digits and the part cover a key");
_Static_assert(DIGITS % 2 == 0, "an even number of passes ends in the entries' own array");

static unsigned digit(int64_t key, unsigned d)
{
	return (unsigned)((uint64_t)key >> (d * DIGIT_BITS)) & (RADIX - 1);
}

/*
 * e[0..n) grouped by part, where they are: part p from start[p] to
 * start[p + 1]. Each entry is moved once, straight to its part; the order
 * within a part is not kept (sort_part() puts it back).
 */
static void group_parts(struct band_entry *e, const size_t start[PARTS + 1])
{
	size_t next[PARTS];

	memcpy(next, start, sizeof next);
	for (unsigned p = 0; p < PARTS; p++)
		while (next[p] < start[p + 1]) {
			struct band_entry x = e[next[p]];
			unsigned q = part_of(x.key);
			/* x goes to part q, in place of one that goes on. */
			while (q != p) {
				struct band_entry y = e[next[q]];
				e[next[q]++] = x;
				x = y;
				q = part_of(x.key);
			}
			e[next[p]++] = x;
		}
}

/*
 * A part's entries e[0..n) in key order, and the entries of one key in
 * the order they were held (by document: a document's keys are held
 * together, after those of the documents before it), the order a stable
 * sort of all the keys held gives. A radix sort with tmp (n entries) for
 * the passes between and count (DIGITS arrays) for the counts of every
 * digit, all taken in one read of the entries.
 */
static void sort_part(struct band_entry *e, struct band_entry *tmp, size_t n,
		      uint32_t count[DIGITS][RADIX])
{
	struct band_entry *from = e, *to = tmp;

	memset(count, 0, DIGITS * sizeof *count);
	for (size_t i = 0; i < n; i++)
		for (unsigned d = 0; d < DIGITS; d++)
			count[d][digit(e[i].key, d)]++;
	for (unsigned d = 0; d < DIGITS; d++) {
		uint32_t at = 0, *c = count[d];
		for (size_t v = 0; v < RADIX; v++) {
			uint32_t k = c[v];
			c[v] = at;
			at += k;
		}
		for (size_t i = 0; i < n; i++)
			to[c[digit(from[i].key, d)]++] = from[i];
		struct band_entry *x = from;
		from = to;
		to = x;
	}
	/* The grouping moved entries of one key out of their order: the
	 * few keys that several documents share are put back in it. */
	for (size_t i = 1; i < n; i++) {
		struct band_entry x = e[i];
		size_t j = i;
		if (x.key != e[i - 1].key || x.doc > e[i - 1].doc)
			continue;
		while (j > 0 && e[j - 1].key == x.key && e[j - 1].doc > x.doc) {
			e[j] = e[j - 1];
			j--;
		}
		e[j] = x;
	}
}

/* ROWS rows a statement: one cursor opened for them all. A statement a
 * key cost 4,600 instructions, most of them opening and closing it. */
#define ROWS 128

/* The insert of n rows, prepared, into *st. */
static int prepare_rows(struct ct_store *s, size_t n, struct db_stmt **st)
{
	struct ct_buf sql = CT_BUF_INIT(0);
	int rc;

	rc = ct_buf_adds(&sql, ct_store_is_pg(s) ? "INSERT" : "INSERT OR IGNORE");
	if (rc == CT_OK)
		rc = ct_buf_adds(&sql, " INTO document_bands_recent (key, document_id) VALUES ");
	for (size_t i = 0; i < n && rc == CT_OK; i++)
		rc = ct_buf_addf(&sql, "%s(?%zu, ?%zu)", i ? ", " : "", 2 * i + 1, 2 * i + 2);
	if (rc == CT_OK && ct_store_is_pg(s))
		rc = ct_buf_adds(&sql, " ON CONFLICT DO NOTHING");
	if (rc == CT_OK)
		rc = ct_store_prepare(s, sql.p, st);
	else
		rc = ct_store_fail(s, rc, "out of memory");
	ct_buf_release(&sql);
	return rc;
}

/* Rows e[0..n) by st, of n rows. */
static int insert_rows(struct ct_store *s, struct db_stmt *st, const struct band_entry *e,
		       const int64_t *docs, size_t n)
{
	if (db_reset(st) != DB_OK)
		return ct_store_dbfail(s, "writing band keys");
	for (size_t i = 0; i < n; i++)
		if (db_bind_int64(st, (int)(2 * i + 1), e[i].key) != DB_OK ||
		    db_bind_int64(st, (int)(2 * i + 2), docs[e[i].doc]) != DB_OK)
			return ct_store_dbfail(s, "writing band keys");
	if (db_step(st) != DB_DONE)
		return ct_store_dbfail(s, "writing band keys");
	return CT_OK;
}

/*
 * The keys held, to document_bands_recent in key order; their notes
 * deleted. The statements are those of one sort of all the keys: ROWS
 * rows each, in key order, written as soon as the parts they take are
 * sorted, and one of the rows left.
 */
static int flush(struct ct_store *s, struct ct_bands *b)
{
	size_t start[PARTS + 1] = { 0 }, most = 0, i = 0;
	struct band_entry *tmp = NULL;
	uint32_t(*count)[RADIX] = NULL;
	struct db_stmt *st = NULL;
	int rc = CT_OK;

	if (!b->n_docs)
		return CT_OK;
	if (!ct_store_is_pg(s) && !bloom_alloc(b))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	for (size_t k = 0; k < b->n; k++) {
		start[part_of(b->e[k].key) + 1]++;
		if (b->bloom)
			bloom_add(b, b->e[k].key);
	}
	for (unsigned p = 0; p < PARTS; p++) {
		if (start[p + 1] > most)
			most = start[p + 1];
		start[p + 1] += start[p];
	}
	/* Nothing written yet: on failure the keys stay held. */
	/* most is 0 when the documents held have no keys (empty texts):
	 * malloc(0) may be NULL, which is not out of memory. */
	if (!(tmp = malloc((most ? most : 1) * sizeof *tmp)) ||
	    !(count = malloc(DIGITS * sizeof *count)))
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
	else if (b->n >= ROWS)
		rc = prepare_rows(s, ROWS, &st);
	if (rc != CT_OK) {
		free(tmp);
		free(count);
		return rc;
	}
	/* The entries move: their buckets no longer hold, and they are let
	 * go however the writing ends. */
	group_parts(b->e, start);
	for (unsigned p = 0; p < PARTS && rc == CT_OK; p++) {
		sort_part(b->e + start[p], tmp, start[p + 1] - start[p], count);
		for (; i + ROWS <= start[p + 1] && rc == CT_OK; i += ROWS)
			rc = insert_rows(s, st, b->e + i, b->docs, ROWS);
	}
	db_finalize(st);
	st = NULL;
	if (rc == CT_OK && i < b->n) {
		if ((rc = prepare_rows(s, b->n - i, &st)) != CT_OK)
			goto out;
		rc = insert_rows(s, st, b->e + i, b->docs, b->n - i);
		db_finalize(st);
		st = NULL;
	}
	if (rc == CT_OK && (rc = ct_store_prepare(s, unnote_sql, &st)) == CT_OK) {
		for (size_t k = 0; k < b->n_docs && rc == CT_OK; k++)
			if (db_reset(st) != DB_OK || db_bind_int64(st, 1, b->docs[k]) != DB_OK ||
			    db_step(st) != DB_DONE)
				rc = ct_store_dbfail(s, "writing band keys");
		db_finalize(st);
		st = NULL;
	}
out:
	db_finalize(st);
	free(tmp);
	free(count);
	forget_held(b);
	return rc;
}

int ct_store_bands_add(struct ct_store *s, int64_t doc, const int64_t *uniq, size_t n_uniq)
{
	struct ct_bands *b;
	struct db_stmt *st;
	int rc;

	if ((rc = sync(s, &b)) != CT_OK)
		return rc;
	if ((rc = ct_store_prepare_kept(s, note_sql, &st)) != CT_OK)
		return rc;
	if (db_reset(st) != DB_OK || db_bind_int64(st, 1, doc) != DB_OK || db_step(st) != DB_DONE)
		rc = ct_store_dbfail(s, "noting a document's band keys");
	ct_store_unprepare(s, st);
	if (rc != CT_OK)
		return rc;
	if (!hold(b, doc, uniq, n_uniq))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	return b->n_docs >= FLUSH_DOCS ? flush(s, b) : CT_OK;
}

int ct_store_bands_settle(struct ct_store *s)
{
	struct ct_bands *b;
	bool own_txn;
	int rc;

	if (!s)
		return CT_EINVAL;
	if ((rc = ct_store_write_begin(s, &own_txn)) != CT_OK)
		return rc;
	if ((rc = sync(s, &b)) == CT_OK)
		rc = flush(s, b);
	if (own_txn)
		rc = ct_store_txn_end(s, rc);
	return rc;
}

bool ct_store_bands_held(const struct ct_store *s)
{
	return s->bands && s->bands->n_docs;
}

void ct_store_bands_moved(struct ct_store *s)
{
	if (s->bands)
		s->bands->seek_bands = true;
}

static void free_bands(struct ct_bands *b)
{
	if (!b)
		return;
	free(b->e);
	free(b->head);
	free(b->docs);
	free(b->bloom);
	free(b->seen);
	free(b->ids);
	free(b);
}

void ct_store_bands_free(struct ct_store *s)
{
	free_bands(s->bands);
	free_bands(s->pg_bands);
	s->bands = s->pg_bands = NULL;
}

/* ---- PostgreSQL: the keys written since a writer began, held ---- */

/*
 * A batch on PostgreSQL writes its documents' keys to
 * document_bands_recent at once, for other writers to find, and holds
 * them here as well. Every statement that writes keys, this writer's or
 * another's, logs the documents it wrote them for (db/pg/019); before each
 * look-up the writer reads the log's rows it has not read and holds the
 * keys of their documents, from their signatures. So it holds the keys of
 * every document written since it began, and the look-up asks the server
 * only about keys it held before: those of a Bloom filter of the keys
 * found when the writer began, and of the keys held and let go after
 * PG_HOLD_DOCS documents. For any other key the documents held are the
 * server's whole answer. After a rollback, or with more keys to begin
 * with than SCAN_KEYS, every key is asked about, as before.
 */
#define PG_HOLD_DOCS 32768

static const char pg_writes_sql[] =
	"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM document_bands_writes";
/* Waits for the writers of keys between their statement and their commit,
 * and holds off new ones until this writer has read the count and the keys.
 * The advisory lock, held until the writer disconnects, keeps `db
 * maintain` from emptying the log while it reads it. */
static const char pg_lock_sql[] =
	"SELECT pg_advisory_lock_shared(" CT_PG_BANDS_LOG_LOCK "); "
	"LOCK TABLE document_bands_recent, document_bands IN SHARE MODE";
static const char pg_estimate_sql[] =
	"SELECT coalesce(sum(greatest(reltuples, 0)), 0)::bigint FROM pg_class "
	"WHERE oid IN ('document_bands'::regclass, 'document_bands_recent'::regclass)";
static const char pg_keys_sql[] =
	"SELECT key FROM document_bands_recent UNION ALL SELECT key FROM document_bands LIMIT ?1";
static const char pg_log_sql[] =
	"SELECT seq, docs FROM document_bands_log WHERE seq > ?1 AND NOT (seq = ANY (?2::bigint[]))";
static const char pg_sigs_sql[] =
	"SELECT document_id, n_shingles, signature FROM document_signatures "
	"WHERE document_id = ANY (?1::bigint[])";

static void pg_ask_all(struct ct_bands *b)
{
	b->ask_all = true;
	forget_held(b);
}

static size_t id_slot(const struct ct_bands *b, int64_t id)
{
	return (size_t)(((uint64_t)id * UINT64_C(0x9E3779B97F4A7C15)) >> 20) & b->ids_mask;
}

static bool id_held(const struct ct_bands *b, int64_t id)
{
	if (!b->ids_mask)
		return false;
	for (size_t i = id_slot(b, id); b->ids[i]; i = (i + 1) & b->ids_mask)
		if (b->ids[i] == id)
			return true;
	return false;
}

static void id_put(struct ct_bands *b, int64_t id)
{
	size_t i = id_slot(b, id);

	while (b->ids[i])
		i = (i + 1) & b->ids_mask;
	b->ids[i] = id;
}

/* Holds document id's keys (distinct, n of them), its id too; false when
 * out of memory. */
static bool pg_hold(struct ct_bands *b, int64_t id, const int64_t *uniq, size_t n)
{
	if (b->n_docs >= PG_HOLD_DOCS) {
		/* Let go: the server is asked for them. */
		if (!bloom_alloc(b))
			return false;
		for (size_t i = 0; i < b->n; i++)
			bloom_add(b, b->e[i].key);
		forget_held(b);
	}
	if (2 * (b->n_docs + 1) > b->ids_mask) {
		size_t slots = 4096;
		while (slots < 4 * (b->n_docs + 1))
			slots *= 2;
		free(b->ids);
		if (!(b->ids = calloc(slots, sizeof *b->ids))) {
			b->ids_mask = 0;
			return false;
		}
		b->ids_mask = slots - 1;
		for (size_t i = 0; i < b->n_docs; i++)
			id_put(b, b->docs[i]);
	}
	if (!hold(b, id, uniq, n))
		return false;
	id_put(b, id);
	return true;
}

/* The server's keys into the Bloom filter; all asked for when too many. */
static int pg_scan(struct ct_store *s, struct ct_bands *b)
{
	struct db_stmt *st;
	int64_t estimate = 0;
	size_t n = 0;
	int rc, step;

	if ((rc = kept_int(s, pg_estimate_sql, &estimate)) != CT_OK)
		return rc;
	if (estimate > SCAN_KEYS) {
		pg_ask_all(b);
		return CT_OK;
	}
	if (!bloom_alloc(b))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	if ((rc = ct_store_prepare(s, pg_keys_sql, &st)) != CT_OK)
		return rc;
	db_stream(st);
	step = db_bind_int64(st, 1, SCAN_KEYS + 1) == DB_OK ? DB_ROW : DB_ERROR;
	while (step == DB_ROW && (step = db_step(st)) == DB_ROW && ++n <= SCAN_KEYS)
		bloom_add(b, db_column_int64(st, 0));
	db_finalize(st);
	if (step == DB_ROW)
		pg_ask_all(b);
	else if (step != DB_DONE)
		return ct_store_dbfail(s, "looking for copies");
	return CT_OK;
}

int ct_store_bands_pg_start(struct ct_store *s)
{
	struct ct_bands *b = s->pg_bands;
	bool own_txn;
	int rc;

	if (b)
		return CT_OK;
	if (!(b = s->pg_bands = calloc(1, sizeof *b)))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	s->pg_bands_lost = false;      /* nothing was held before */
	if ((rc = ct_store_write_begin(s, &own_txn)) != CT_OK)
		return rc;
	if (!own_txn) {
		pg_ask_all(b);    /* a transaction of the caller's: no lock here */
		return CT_OK;
	}
	if (db_exec(s->db, pg_lock_sql) != DB_OK)
		rc = ct_store_dbfail(s, "looking for copies");
	if (rc == CT_OK)
		rc = kept_int(s, pg_writes_sql, &b->low);
	if (rc == CT_OK)
		rc = pg_scan(s, b);
	if ((rc = ct_store_txn_end(s, rc)) != CT_OK)
		pg_ask_all(b);
	b->loaded = true;
	return rc;
}

/* Appends "n," to a PostgreSQL array literal. */
static int add_int(struct ct_buf *b, int64_t n)
{
	return ct_store_buf_int(b, b->len > 1 ? ',' : 0, n);
}

/* The documents of the log's rows not read yet, not held, into *want (an
 * array literal); their rows marked read. */
static int pg_read_log(struct ct_store *s, struct ct_bands *b, struct ct_buf *want, size_t *n_want)
{
	struct ct_buf seen = CT_BUF_INIT(0);
	struct db_stmt *st;
	int rc, step = DB_ERROR;

	*n_want = 0;
	if (ct_buf_addc(&seen, '{') || ct_buf_addc(want, '{'))
		goto nomem;
	for (size_t i = 0; i < b->n_seen; i++)
		if (add_int(&seen, b->seen[i]))
			goto nomem;
	if (ct_buf_addc(&seen, '}'))
		goto nomem;
	if ((rc = ct_store_prepare_kept(s, pg_log_sql, &st)) != CT_OK) {
		ct_buf_release(&seen);
		return rc;
	}
	if (db_bind_int64(st, 1, b->low) == DB_OK &&
	    db_bind_text(st, 2, seen.p, (int64_t)seen.len) == DB_OK)
		while ((step = db_step(st)) == DB_ROW) {
			const unsigned char *p = db_column_blob(st, 1);
			size_t n = (size_t)db_column_bytes(st, 1) / 8;
			if (!CT_VEC_RESERVE(b->seen, b->cap_seen, b->n_seen + 1)) {
				step = DB_NOMEM;
				break;
			}
			b->seen[b->n_seen++] = db_column_int64(st, 0);
			for (size_t i = 0; i < n; i++, p += 8) {
				uint64_t v = 0;
				for (int j = 0; j < 8; j++)
					v = v << 8 | p[j];
				if (id_held(b, (int64_t)v))
					continue;
				if (add_int(want, (int64_t)v)) {
					step = DB_NOMEM;
					break;
				}
				(*n_want)++;
			}
			if (step == DB_NOMEM)
				break;
		}
	ct_store_unprepare(s, st);
	ct_buf_release(&seen);
	if (step == DB_NOMEM || ct_buf_addc(want, '}'))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	return step == DB_DONE ? CT_OK : ct_store_dbfail(s, "reading the band keys written");
nomem:
	ct_buf_release(&seen);
	return ct_store_fail(s, CT_ENOMEM, "out of memory");
}

int ct_store_bands_pg_sync(struct ct_store *s)
{
	struct ct_bands *b = s->pg_bands;
	struct ct_buf want = CT_BUF_INIT(0);
	struct db_stmt *st;
	size_t n_want;
	int rc, step;

	if (b && s->pg_bands_lost)
		pg_ask_all(b);
	if (!b || b->ask_all)
		return CT_OK;
	if ((rc = pg_read_log(s, b, &want, &n_want)) != CT_OK || !n_want)
		goto out;
	/* Their keys, from their signatures. */
	if ((rc = ct_store_prepare_kept(s, pg_sigs_sql, &st)) != CT_OK)
		goto out;
	step = db_bind_text(st, 1, want.p, (int64_t)want.len) == DB_OK ? DB_OK : DB_ERROR;
	while (step != DB_ERROR && (step = db_step(st)) == DB_ROW) {
		struct ct_fingerprint fp;
		int64_t keys[CT_FP_BANDS], uniq[CT_FP_BANDS], id = db_column_int64(st, 0);
		if (id_held(b, id) ||
		    !ct_store_sig_unpack(db_column_blob(st, 2), (size_t)db_column_bytes(st, 2),
					 db_column_int64(st, 1), &fp))
			continue;
		ct_fingerprint_bands(&fp, keys);
		if (!pg_hold(b, id, uniq, ct_store_bands_distinct(keys, uniq))) {
			pg_ask_all(b);
			break;
		}
	}
	ct_store_unprepare(s, st);
	if (!b->ask_all && step != DB_DONE)
		rc = ct_store_dbfail(s, "reading the band keys written");
out:
	ct_buf_release(&want);
	return rc;
}

bool ct_store_bands_pg_ask(const struct ct_store *s, int64_t key)
{
	const struct ct_bands *b = s->pg_bands;

	return !b || b->ask_all || bloom_has(b, key);
}

size_t ct_store_bands_pg_next(const struct ct_store *s, int64_t key, size_t it, int64_t *doc)
{
	const struct ct_bands *b = s->pg_bands;
	uint32_t e;

	if (!b || b->ask_all || !b->n_head)
		return 0;
	e = it ? b->e[it - 1].next : b->head[bucket(b, key)];
	for (; e; e = b->e[e - 1].next)
		if (b->e[e - 1].key == key) {
			*doc = b->docs[b->e[e - 1].doc];
			return e;
		}
	return 0;
}

void ct_store_bands_pg_hold(struct ct_store *s, int64_t doc, const int64_t *uniq, size_t n_uniq)
{
	struct ct_bands *b = s->pg_bands;

	if (b && !b->ask_all && !id_held(b, doc) && !pg_hold(b, doc, uniq, n_uniq))
		pg_ask_all(b);
}
