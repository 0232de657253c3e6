/*
 * The documents' texts (db/007): each body compressed with zstd, with what
 * ingest read besides the documents row, so that a stored document can be
 * rebuilt as ingest built it (ct_store_load_document()): to be read in
 * context and matched again when the rules change.
 */
#include "store/store_internal.h"
#include "claimtrack/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

/*
 * zstd's default level. On bench's corpus (2-8 KB bodies, each compressed
 * on its own) it packs 3.65 to 1 and compresses at several times the
 * speed of zlib's deflate, which packs 3.80 to 1 (bench/codecs.c).
 */
#define TEXT_LEVEL 3

/* The largest body a stored text may decompress to: a 10 MB input whose
 * bad bytes all became U+FFFD could triple, and nothing stored is larger. */
#define TEXT_MAX_BYTES ((size_t)CT_DOC_MAX_BYTES * 3)

void ct_store_text_release(struct ct_store *s)
{
	ZSTD_freeCCtx(s->zc);
	s->zc = NULL;
	ZSTD_freeDCtx(s->zd);
	s->zd = NULL;
	ct_buf_release(&s->packed);
}

/* Compresses body[0, len) into s->packed, reusing the connection's context. */
static int pack(struct ct_store *s, const char *body, size_t len)
{
	size_t bound = ZSTD_compressBound(len), n;
	int rc;

	if (!s->zc && !(s->zc = ZSTD_createCCtx()))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	ct_buf_reset(&s->packed);
	if ((rc = ct_buf_reserve(&s->packed, bound)) != CT_OK)
		return ct_store_fail(s, rc, "out of memory");
	n = ZSTD_compressCCtx(s->zc, s->packed.p, bound, body, len, TEXT_LEVEL);
	if (ZSTD_isError(n))
		return ct_store_fail(s, CT_EINVAL, "cannot compress the text: %s",
				     ZSTD_getErrorName(n));
	s->packed.len = n;
	return CT_OK;
}

struct ct_text_packer {
	ZSTD_CCtx *zc;
};

struct ct_text_packer *ct_text_packer_new(void)
{
	struct ct_text_packer *pk = calloc(1, sizeof *pk);

	if (pk && !(pk->zc = ZSTD_createCCtx())) {
		free(pk);
		pk = NULL;
	}
	return pk;
}

void ct_text_packer_free(struct ct_text_packer *pk)
{
	if (!pk)
		return;
	ZSTD_freeCCtx(pk->zc);
	free(pk);
}

void ct_packed_text_release(struct ct_packed_text *t)
{
	if (!t)
		return;
	free(t->data);
	*t = (struct ct_packed_text){ 0 };
}

int ct_text_pack(struct ct_text_packer *pk, const struct ct_doc *doc, struct ct_packed_text *out)
{
	size_t bound, n;

	if (!out)
		return CT_EINVAL;
	ct_packed_text_release(out);
	if (!pk || !doc || !doc->body)
		return CT_EINVAL;
	bound = ZSTD_compressBound(doc->body_len);
	if (!(out->data = malloc(bound ? bound : 1)))
		return CT_ENOMEM;
	/* The same level as pack(): the same bytes as the writer would store. */
	n = ZSTD_compressCCtx(pk->zc, out->data, bound, doc->body, doc->body_len, TEXT_LEVEL);
	if (ZSTD_isError(n)) {
		ct_packed_text_release(out);
		return CT_EINVAL;
	}
	out->len = n;
	out->body_len = doc->body_len;
	ct_fingerprint_compute(doc->body, doc->body_len, &out->fp);
	return CT_OK;
}

int ct_store_put_text(struct ct_store *s, int64_t id, const struct ct_doc *doc,
		      const struct ct_packed_text *packed)
{
	const void *blob;
	size_t blob_len;
	struct binder b;
	int rc;

	if (packed && packed->data && packed->body_len == doc->body_len) {
		blob = packed->data;
		blob_len = packed->len;
	} else {
		if ((rc = pack(s, doc->body, doc->body_len)) != CT_OK)
			return rc;
		blob = s->packed.p;
		blob_len = s->packed.len;
	}
	/* A pending document's text goes with the batch's others. */
	if (!id && ct_store_is_pg(s))
		return ct_store_texts_defer(s, doc, blob, blob_len);
	b = (struct binder){ ct_store_stmt(s, ST_INSERT_TEXT), DB_OK };
	if (!b.st)
		return CT_EDB;
	b_id(&b, 1, id);   /* 0: the deferred document (store_sql.c) */
	if (b.rc == DB_OK)
		b.rc = db_bind_blob(b.st, 2, blob, blob_len);
	b_int(&b, 3, (int64_t)doc->body_len);
	b_text(&b, 4, doc->outlet);
	b_text(&b, 5, doc->canonical);
	if (!ct_store_is_pg(s))
		b_text(&b, 6, ct_store_now_text(s));
	/* The insert queues the text for the sentence index (db/011's trigger):
	 * indexed when the index is next read, or by ingest --index. */
	return ct_store_run_deferred(s, &b);
}

int ct_store_fill_text(struct ct_store *s, int64_t id, const struct ct_doc *doc, bool *stored)
{
	struct binder b = { ct_store_stmt(s, ST_TEXT_STATE), DB_OK };
	int64_t missing;
	bool taken;
	int rc;

	*stored = false;
	if (!b.st)
		return CT_EDB;
	b_int(&b, 1, id);
	b_text(&b, 2, doc->hash);
	if ((rc = ct_store_run(s, &b, &missing)) != CT_OK || !missing)
		return rc;
	/* Another writer may store it too: under the write lock, look again. */
	if ((rc = ct_store_write_lock(s, &taken)) != CT_OK)
		return rc;
	if (taken) {
		b_int(&b, 1, id);
		b_text(&b, 2, doc->hash);
		if ((rc = ct_store_run(s, &b, &missing)) != CT_OK || !missing)
			return rc;
	}
	if ((rc = ct_store_put_text(s, id, doc, NULL)) == CT_OK &&
	    (rc = ct_store_copies_add_late(s, id, doc)) == CT_OK)
		*stored = true;
	return rc;
}

int ct_store_add_text(struct ct_store *s, int64_t id, const struct ct_doc *doc, bool *stored)
{
	bool own_txn, did = false;
	int rc;

	if (!s || !doc || !doc->body || !stored)
		return s ? ct_store_fail(s, CT_EINVAL, "missing document") : CT_EINVAL;
	if ((rc = ct_store_write_begin(s, &own_txn)) != CT_OK)
		return rc;
	rc = ct_store_fill_text(s, id, doc, &did);
	if (rc == CT_OK && own_txn)
		rc = ct_store_run_plain(s, ST_COMMIT);
	if (rc != CT_OK) {
		ct_store_txn_rollback(s);
		if (!own_txn)
			s->synced = NULL;
		return rc;
	}
	*stored = did;
	return CT_OK;
}

/* ---- reading ---- */

static const char load_sql[] =
	"SELECT d.hash, d.title, d.date, d.url, d.author, d.lang, d.source, d.n_replaced, "
	"d.n_nul, t.document_id IS NOT NULL, t.codec, t.body, t.body_len, t.outlet, t.canonical "
	"FROM documents d LEFT JOIN document_texts t ON t.document_id = d.id WHERE d.id = ?1";

/* Decompresses a stored body into *out (malloc'd, NUL-terminated, len bytes). */
static int unpack(struct ct_store *s, int64_t id, const void *blob, size_t n, size_t len,
		  char **out)
{
	unsigned long long size = ZSTD_getFrameContentSize(blob, n);
	char *body;
	size_t got;

	if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size != len ||
	    len > TEXT_MAX_BYTES)
		return ct_store_fail(s, CT_EDB, "document %lld: its stored text is damaged "
				     "(not a zstd frame of %zu bytes)", (long long)id, len);
	if (!(body = malloc(len + 1)))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	/* One context for the connection: making one per text took a tenth
	 * of a rematch's time. */
	if (!s->zd && !(s->zd = ZSTD_createDCtx())) {
		free(body);
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	}
	got = ZSTD_decompressDCtx(s->zd, body, len, blob, n);
	if (ZSTD_isError(got) || got != len) {
		free(body);
		return ct_store_fail(s, CT_EDB, "document %lld: its stored text is damaged (%s)",
				     (long long)id, ZSTD_isError(got) ? ZSTD_getErrorName(got)
				     : "short");
	}
	body[len] = '\0';
	*out = body;
	return CT_OK;
}

int ct_store_unpack_text(struct ct_store *s, int64_t id, const void *blob, size_t n,
			 size_t len, char **out)
{
	return unpack(s, id, blob, n, len, out);
}

static const char *col(struct db_stmt *st, int i)
{
	return db_column_text(st, i);
}

/* Sets the document's fields from the row, as ingest had them. */
static int set_fields(struct ct_doc *doc, struct db_stmt *st)
{
	static const char *const keys[] = { "title", "date", "url", "author", "lang" };
	static const int cols[] = { 1, 2, 3, 4, 5 };
	int rc = CT_OK;

	for (size_t i = 0; i < 5 && rc == CT_OK; i++)
		if (col(st, cols[i]))
			rc = ct_doc_set(doc, keys[i], col(st, cols[i]));
	if (rc == CT_OK && col(st, 13))
		rc = ct_doc_set(doc, "outlet", col(st, 13));
	if (rc == CT_OK && col(st, 14) && !(doc->canonical = strdup(col(st, 14))))
		rc = CT_ENOMEM;
	doc->n_replaced = (size_t)db_column_int64(st, 7);
	doc->n_nul = (size_t)db_column_int64(st, 8);
	return rc;
}

int ct_store_load_document(struct ct_store *s, int64_t id, struct ct_doc **out)
{
	struct ct_doc *doc = NULL;
	struct db_stmt *st;
	char *body = NULL;
	size_t len;
	int rc;

	if (!s || !out)
		return s ? ct_store_fail(s, CT_EINVAL, "missing document") : CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = ct_store_prepare(s, load_sql, &st)) != CT_OK)
		return rc;
	if (db_bind_int64(st, 1, id) != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		rc = ct_store_fail(s, CT_ENOTFOUND, "no document %lld", (long long)id);
		goto out;
	}
	if (rc != DB_ROW) {
		rc = ct_store_dbfail(s, NULL);
		goto out;
	}
	if (!db_column_int(st, 9)) {
		rc = ct_store_fail(s, CT_ENOTEXT, "document %lld has no stored text (it was "
				   "stored before claimtrack kept texts)", (long long)id);
		goto out;
	}
	if (!col(st, 10) || strcmp(col(st, 10), "zstd") != 0) {
		rc = ct_store_fail(s, CT_EDB, "document %lld: its text is stored with codec '%s', "
				   "which this claimtrack cannot read", (long long)id,
				   col(st, 10) ? col(st, 10) : "");
		goto out;
	}
	len = (size_t)db_column_int64(st, 12);
	if ((rc = unpack(s, id, db_column_blob(st, 11), (size_t)db_column_bytes(st, 11),
			 len, &body)) != CT_OK)
		goto out;
	/* The body is what ingest made of the input: valid UTF-8 without NUL
	 * bytes, so reading it as all body gives the same paragraphs,
	 * sentences and hash. */
	rc = ct_doc_from_body(body, len, len, col(st, 6), &doc);
	if (rc == CT_OK)
		rc = set_fields(doc, st);
	if (rc != CT_OK) {
		rc = ct_store_fail(s, rc, "document %lld: %s", (long long)id, ct_strerror(rc));
		goto out;
	}
	if (!col(st, 0) || strcmp(doc->hash, col(st, 0)) != 0) {
		rc = ct_store_fail(s, CT_EDB, "document %lld: its stored text does not match its "
				   "hash (damaged)", (long long)id);
		goto out;
	}
	*out = doc;
	doc = NULL;
	rc = CT_OK;
out:
	db_finalize(st);
	ct_doc_free(doc);
	free(body);
	return rc;
}

int ct_store_texts_missing(struct ct_store *s, size_t *n)
{
	struct db_stmt *st;
	int rc;

	if (!s || !n)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = ct_store_prepare(s, "SELECT count(*) FROM documents d WHERE NOT EXISTS "
				   "(SELECT 1 FROM document_texts t WHERE t.document_id = d.id)",
				   &st)) != CT_OK)
		return rc;
	if (db_step(st) == DB_ROW) {
		*n = (size_t)db_column_int64(st, 0);
		rc = CT_OK;
	} else {
		rc = ct_store_dbfail(s, NULL);
	}
	db_finalize(st);
	return rc;
}

/* ---- checking ---- */

/* FNV-1a 64 of the bytes, as the documents' hash column holds it. */
static void fnv_hex(const char *p, size_t n, char out[17])
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* Checks the claims of document id against its body: each sentence and
 * match is the text at its offsets. */
static int check_claims(struct ct_store *s, struct db_stmt *cl, int64_t id, const char *body,
			size_t len, ct_store_problem_fn fn, void *user, size_t *n)
{
	char msg[160];
	int rc;

	db_reset(cl);
	if (db_bind_int64(cl, 1, id) != DB_OK)
		return ct_store_dbfail(s, NULL);
	while ((rc = db_step(cl)) == DB_ROW) {
		size_t ss = (size_t)db_column_int64(cl, 1), se = (size_t)db_column_int64(cl, 2);
		size_t ms = (size_t)db_column_int64(cl, 4), me = (size_t)db_column_int64(cl, 5);
		const void *sent = db_column_blob(cl, 3), *match = db_column_blob(cl, 6);
		bool ok = ss <= se && se <= len && ms <= me && me <= len &&
			  (size_t)db_column_bytes(cl, 3) == se - ss &&
			  (size_t)db_column_bytes(cl, 6) == me - ms &&
			  (se == ss || memcmp(sent, body + ss, se - ss) == 0) &&
			  (me == ms || memcmp(match, body + ms, me - ms) == 0);
		if (!ok) {
			snprintf(msg, sizeof msg, "claim %lld: its sentence or match is not the text "
				 "of document %lld at its offsets",
				 (long long)db_column_int64(cl, 0), (long long)id);
			(*n)++;
			if (fn)
				fn(msg, user);
		}
	}
	return rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
}

int ct_store_check_texts(struct ct_store *s, ct_store_problem_fn fn, void *user, size_t *n)
{
	static const char texts_sql[] =
		"SELECT t.document_id, t.codec, t.body, t.body_len, d.body_len, d.hash "
		"FROM document_texts t JOIN documents d ON d.id = t.document_id ORDER BY t.document_id";
	static const char claims_sql[] =
		"SELECT id, sentence_start, sentence_end, CAST(sentence AS BLOB), match_start, "
		"match_end, CAST(match AS BLOB) FROM claims WHERE document_id = ?1";
	static const char pg_claims_sql[] =
		"SELECT id, sentence_start, sentence_end, convert_to(sentence, 'UTF8'), match_start, "
		"match_end, convert_to(match, 'UTF8') FROM claims WHERE document_id = ?1";
	struct db_stmt *st = NULL, *cl = NULL;
	char msg[sizeof s->errmsg], hash[17];
	int rc;

	if ((rc = ct_store_prepare(s, texts_sql, &st)) != CT_OK ||
	    (rc = ct_store_prepare(s, CT_SQL(s, claims_sql, pg_claims_sql), &cl)) != CT_OK)
		goto out;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);
		size_t len = (size_t)db_column_int64(st, 3);
		const char *codec = db_column_text(st, 1);
		const char *want = db_column_text(st, 5);
		char *body = NULL;
		msg[0] = '\0';
		if (len != (size_t)db_column_int64(st, 4)) {
			snprintf(msg, sizeof msg, "document %lld: its text is %zu bytes, the document "
				 "%lld", (long long)id, len, (long long)db_column_int64(st, 4));
		} else if (!codec || strcmp(codec, "zstd") != 0) {
			snprintf(msg, sizeof msg, "document %lld: unknown text codec '%s'", (long long)id,
				 codec ? codec : "");
		} else if ((rc = unpack(s, id, db_column_blob(st, 2),
					(size_t)db_column_bytes(st, 2), len, &body)) != CT_OK) {
			if (rc != CT_EDB)
				goto out;
			snprintf(msg, sizeof msg, "%s", s->errmsg);
		} else if (fnv_hex(body, len, hash), !want || strcmp(hash, want) != 0) {
			snprintf(msg, sizeof msg, "document %lld: its stored text does not match its "
				 "hash", (long long)id);
		} else {
			rc = check_claims(s, cl, id, body, len, fn, user, n);
		}
		free(body);
		if (rc != CT_OK && rc != CT_EDB)
			goto out;
		if (msg[0]) {
			(*n)++;
			if (fn)
				fn(msg, user);
		}
		rc = CT_OK;
	}
	rc = rc == DB_DONE ? CT_OK : ct_store_dbfail(s, NULL);
out:
	db_finalize(st);
	db_finalize(cl);
	s->errmsg[0] = rc == CT_OK ? '\0' : s->errmsg[0];
	return rc;
}

int ct_store_has_text(struct ct_store *s, int64_t id, bool *has)
{
	struct db_stmt *st;
	int rc;

	if (!s || !has)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = ct_store_prepare(s, "SELECT 1 FROM document_texts WHERE document_id = ?1",
				   &st)) != CT_OK)
		return rc;
	if (db_bind_int64(st, 1, id) != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
	} else {
		rc = db_step(st);
		if (rc == DB_ROW || rc == DB_DONE) {
			*has = rc == DB_ROW;
			rc = CT_OK;
		} else {
			rc = ct_store_dbfail(s, NULL);
		}
	}
	db_finalize(st);
	return rc;
}

/* ---- a document's row ---- */

static int dup_col(struct db_stmt *st, int i, char **out)
{
	const char *v = col(st, i);

	*out = NULL;
	if (v && !(*out = strdup(v)))
		return CT_ENOMEM;
	return CT_OK;
}

int ct_store_document_info(struct ct_store *s, int64_t id, struct ct_store_document *out)
{
	static const char sql[] =
		"SELECT d.id, d.title, d.date, o.name, d.url, d.source, d.author, d.lang, "
		"d.body_len, d.n_claims, d.ingested_at, "
		"EXISTS (SELECT 1 FROM document_texts t WHERE t.document_id = d.id), d.copy_of, "
		"(SELECT count(*) FROM documents x WHERE x.copy_of = d.id) "
		"FROM documents d LEFT JOIN outlets o ON o.id = d.outlet_id WHERE d.id = ?1";
	struct ct_store_document d;
	struct db_stmt *st;
	int rc;

	if (!s || !out)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	memset(&d, 0, sizeof d);
	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	if (db_bind_int64(st, 1, id) != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
		goto out;
	}
	rc = db_step(st);
	if (rc == DB_DONE) {
		rc = ct_store_fail(s, CT_ENOTFOUND, "no document %lld", (long long)id);
		goto out;
	}
	if (rc != DB_ROW) {
		rc = ct_store_dbfail(s, NULL);
		goto out;
	}
	d.id = db_column_int64(st, 0);
	if ((rc = dup_col(st, 1, &d.title)) != CT_OK || (rc = dup_col(st, 2, &d.date)) != CT_OK ||
	    (rc = dup_col(st, 3, &d.outlet)) != CT_OK || (rc = dup_col(st, 4, &d.url)) != CT_OK ||
	    (rc = dup_col(st, 5, &d.source)) != CT_OK || (rc = dup_col(st, 6, &d.author)) != CT_OK ||
	    (rc = dup_col(st, 7, &d.lang)) != CT_OK || (rc = dup_col(st, 10, &d.ingested_at)) != CT_OK) {
		ct_store_document_release(&d);
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		goto out;
	}
	d.body_len = (size_t)db_column_int64(st, 8);
	d.n_claims = (size_t)db_column_int64(st, 9);
	d.has_text = db_column_int(st, 11) != 0;
	d.copy_of = db_column_int64(st, 12);
	d.n_copies = (size_t)db_column_int64(st, 13);
	*out = d;
	rc = CT_OK;
out:
	db_finalize(st);
	return rc;
}

void ct_store_document_release(struct ct_store_document *d)
{
	if (!d)
		return;
	free(d->title);
	free(d->date);
	free(d->outlet);
	free(d->url);
	free(d->source);
	free(d->author);
	free(d->lang);
	free(d->ingested_at);
	memset(d, 0, sizeof *d);
}

int ct_store_source_document(struct ct_store *s, const char *source, int64_t *id)
{
	struct db_stmt *st;
	int rc;

	if (!s || !source || !id)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = ct_store_prepare(s, "SELECT max(id) FROM documents WHERE source = ?1", &st))
	    != CT_OK)
		return rc;
	if (db_bind_text(st, 1, source, -1) != DB_OK ||
	    db_step(st) != DB_ROW) {
		rc = ct_store_dbfail(s, NULL);
	} else {
		*id = db_column_int64(st, 0);
		rc = CT_OK;
	}
	db_finalize(st);
	return rc;
}
