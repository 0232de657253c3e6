/*
 * Rows written at once on PostgreSQL: a batch's documents, texts and
 * claims (ct_store_defer_ids()) gathered as one array per column and
 * inserted by one statement each (the documents before their ids are
 * read, ct_store_docs_flush(); the rest after, ct_store_rows_settle()),
 * instead of a statement a row. An insert of one claim cost the server
 * about 90 us of CPU, of one document 80 us, of one text 70 us, most of
 * it the statement's own (bench/README.md).
 */
#include "store/store_internal.h"
#include "claimtrack/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The driver's code of a ct_buf result. */
static int code(int rc)
{
	return rc == CT_OK ? DB_OK : DB_NOMEM;
}

/* Column i's buffer, with the separator before a new element added. */
static struct ct_buf *column(struct ct_rows *r, int i, int *rc)
{
	struct ct_buf *b;

	if (i < 1 || i > CT_ROWS_COLS) {
		*rc = DB_RANGE;
		return NULL;
	}
	b = &r->col[i - 1];
	*rc = b->len ? code(ct_buf_addc(b, ',')) : DB_OK;
	return *rc == DB_OK ? b : NULL;
}

int ct_rows_text(struct ct_rows *r, int i, const char *v, size_t len)
{
	int rc;
	struct ct_buf *b = column(r, i, &rc);
	size_t from = 0;

	if (!b)
		return rc;
	/* "…": a backslash or a double quote escaped by a backslash. */
	if ((rc = ct_buf_reserve(b, len + 2)) != CT_OK || (rc = ct_buf_addc(b, '"')) != CT_OK)
		return code(rc);
	for (size_t k = 0; k < len && rc == CT_OK; k++) {
		if (v[k] != '"' && v[k] != '\\')
			continue;
		if ((rc = ct_buf_add(b, v + from, k - from)) == CT_OK)
			rc = ct_buf_addc(b, '\\');
		from = k;
	}
	if (rc == CT_OK)
		rc = ct_buf_add(b, v + from, len - from);
	if (rc == CT_OK)
		rc = ct_buf_addc(b, '"');
	return code(rc);
}

int ct_rows_int(struct ct_rows *r, int i, int64_t v)
{
	int rc;
	struct ct_buf *b = column(r, i, &rc);

	return b ? code(ct_store_buf_int(b, 0, v)) : rc;
}

int ct_rows_null(struct ct_rows *r, int i)
{
	int rc;
	struct ct_buf *b = column(r, i, &rc);

	return b ? code(ct_buf_adds(b, "NULL")) : rc;
}

int ct_rows_array(const struct ct_rows *r, int i, struct ct_buf *out)
{
	const struct ct_buf *b = &r->col[i - 1];
	int rc;

	ct_buf_reset(out);
	if ((rc = ct_buf_reserve(out, b->len + 2)) == CT_OK &&
	    (rc = ct_buf_addc(out, '{')) == CT_OK &&
	    (rc = ct_buf_add(out, b->p ? b->p : "", b->len)) == CT_OK)
		rc = ct_buf_addc(out, '}');
	return rc;
}

void ct_rows_reset(struct ct_rows *r)
{
	for (size_t i = 0; i < CT_ROWS_COLS; i++)
		ct_buf_reset(&r->col[i]);
	r->n = 0;
}

void ct_rows_release(struct ct_rows *r)
{
	for (size_t i = 0; i < CT_ROWS_COLS; i++)
		ct_buf_release(&r->col[i]);
	r->n = 0;
}

/*
 * The batch's claims, as ST_INSERT_CLAIM inserts one (store_sql.c): ?1 the
 * batch's document ids in order (0: not inserted, a duplicate), ?2 each
 * claim's document as its place among them (1-based), ?3 to ?32 the
 * columns after document_id. In the order gathered: the claims take their
 * ids in that order, as one by one.
 */
static const char claims_sql[] =
	"INSERT INTO claims (document_id, seq, proposition, proposition_pk, stance, hedged, "
	"negated, denied, sentence, sentence_start, sentence_end, match, match_start, "
	"match_end, negation_cue, denial_cue, hedge_cue, speaker_id, speaker_kind, mention, "
	"role, quote_kind, cue, via_outlet_id, date, statement_date, rule_file, rule_line, "
	"polarity, pattern, framing) "
	"SELECT x.i, x.c2, x.c3, x.c4, x.c5, x.c6, x.c7, x.c8, x.c9, x.c10, x.c11, x.c12, x.c13, "
	"x.c14, x.c15, x.c16, x.c17, x.c18, x.c19, x.c20, x.c21, x.c22, x.c23, x.c24, x.c25, "
	"x.c26, x.c27, x.c28, x.c29, x.c30, x.c31 FROM (SELECT (?1::bigint[])[u.p] AS i, u.* "
	"FROM unnest(?2::int[], ?3::bigint[], ?4::text[], ?5::bigint[], ?6::text[], "
	"?7::smallint[], ?8::smallint[], ?9::smallint[], ?10::text[], ?11::bigint[], "
	"?12::bigint[], ?13::text[], ?14::bigint[], ?15::bigint[], ?16::text[], ?17::text[], "
	"?18::text[], ?19::bigint[], ?20::text[], ?21::text[], ?22::text[], ?23::text[], "
	"?24::text[], ?25::bigint[], ?26::text[], ?27::text[], ?28::text[], ?29::bigint[], "
	"?30::text[], ?31::text[], ?32::text[]) AS u(p, c2, c3, c4, c5, c6, c7, c8, c9, c10, "
	"c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23, c24, c25, c26, c27, "
	"c28, c29, c30, c31)) AS x WHERE x.i <> 0";

/*
 * The batch's texts, as ST_INSERT_TEXT inserts one: ?1 the batch's
 * document ids, ?2 the compressed bodies end to end, then for each text
 * its document's place among the ids (1-based), where its body starts in
 * ?2 and its length, the body's length, outlet and canonical url.
 */
static const char texts_sql[] =
	"INSERT INTO document_texts (document_id, codec, body, body_len, outlet, canonical) "
	"SELECT x.i, 'zstd', substring(?2::bytea FROM x.o::int + 1 FOR x.n::int), x.b, x.ou, x.ca "
	"FROM (SELECT (?1::bigint[])[u.p] AS i, u.* FROM unnest(?3::int[], ?4::bigint[], "
	"?5::bigint[], ?6::bigint[], ?7::text[], ?8::text[]) AS u(p, o, n, b, ou, ca)) AS x "
	"WHERE x.i <> 0";

int ct_store_texts_defer(struct ct_store *s, const struct ct_doc *doc, const void *blob,
			 size_t len)
{
	struct binder b = { NULL, DB_OK, &s->pend.texts };

	b_int(&b, 1, (int64_t)s->pend.n);
	b_int(&b, 2, (int64_t)s->pend.text_blob.len);
	b_int(&b, 3, (int64_t)len);
	b_int(&b, 4, (int64_t)doc->body_len);
	b_text(&b, 5, doc->outlet);
	b_text(&b, 6, doc->canonical);
	if (b.rc != DB_OK || ct_buf_add(&s->pend.text_blob, blob, len) != CT_OK)
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	s->pend.texts.n++;
	return CT_OK;
}

/* The batch's document ids as an array literal. */
static int ids_array(const struct ct_store *s, struct ct_buf *ids)
{
	if (ct_buf_addc(ids, '{'))
		return CT_ENOMEM;
	for (size_t k = 0; k < s->pend.n; k++)
		if (ct_store_buf_int(ids, k ? ',' : 0, s->pend.ids[k]))
			return CT_ENOMEM;
	return ct_buf_addc(ids, '}') ? CT_ENOMEM : CT_OK;
}

/* Runs kept statement sql with ids (may be NULL) as ?1, blob (may be
 * NULL) as ?2 and columns 1 to n_cols of rows from ?first on, without
 * waiting for it. */
static int run_rows(struct ct_store *s, const char *sql, const struct ct_buf *ids,
		    const struct ct_buf *blob, const struct ct_rows *rows, int n_cols, int first)
{
	struct ct_buf col = CT_BUF_INIT(0);
	struct binder b = { NULL, DB_OK };
	int rc;

	if ((rc = ct_store_prepare_kept(s, sql, &b.st)) != CT_OK)
		return rc;
	if (ids)
		b.rc = db_bind_text(b.st, 1, ids->p, (int64_t)ids->len);
	if (b.rc == DB_OK && blob)
		b.rc = db_bind_blob(b.st, 2, blob->p ? blob->p : "", blob->len);
	for (int i = 1; i <= n_cols && b.rc == DB_OK; i++) {
		if (ct_rows_array(rows, i, &col) != CT_OK) {
			b.rc = DB_NOMEM;
			break;
		}
		b.rc = db_bind_text_copy(b.st, first + i - 1, col.p, (int64_t)col.len);
	}
	ct_buf_release(&col);
	if (b.rc == DB_NOMEM) {
		ct_store_unprepare(s, b.st);
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	}
	rc = ct_store_run_deferred(s, &b);
	ct_store_unprepare(s, b.st);
	return rc;
}

int ct_store_rows_settle(struct ct_store *s)
{
	struct ct_buf ids = CT_BUF_INIT(0);
	int rc = CT_OK;

	if (!s->pend.texts.n && !s->pend.claims.n)
		return CT_OK;
	if (ids_array(s, &ids) != CT_OK)
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
	/* Column 1 of the claims' rows is the document's place: ?2. */
	if (rc == CT_OK && s->pend.texts.n)
		rc = run_rows(s, texts_sql, &ids, &s->pend.text_blob, &s->pend.texts, 6, 3);
	if (rc == CT_OK && s->pend.claims.n)
		rc = run_rows(s, claims_sql, &ids, NULL, &s->pend.claims, 31, 2);
	ct_buf_release(&ids);
	return rc;
}

/*
 * The documents gathered since the last flush, as ST_INSERT_DOCUMENT_DEFERRED
 * inserts one (store_sql.c): in their order, none stored already (by url,
 * or by body and outlet), and their ids, 0 for one not inserted, appended
 * to the transaction's ct.ids. No two of them share a url, or a body and
 * outlet (ct_store_docs_room()): which of two such is stored depends on
 * the first, stored or not, which only one statement after another sees.
 */
static const char docs_sql[] =
	"WITH v AS (SELECT * FROM unnest(?1::text[], ?2::text[], ?3::text[], ?4::bigint[], "
	"?5::text[], ?6::text[], ?7::text[], ?8::text[], ?9::bigint[], ?10::bigint[], "
	"?11::bigint[], ?12::bigint[], ?13::bigint[], ?14::text[], ?15::bigint[]) WITH ORDINALITY "
	"AS u(url, hash, title, outlet_id, date, author, lang, source, body_len, n_sentences, "
	"n_claims, n_replaced, n_nul, version, rule_set_id, o)), "
	"ins AS (INSERT INTO documents (url, hash, title, outlet_id, date, author, lang, source, "
	"body_len, n_sentences, n_claims, n_replaced, n_nul, version, rule_set_id) "
	"SELECT url, hash, title, outlet_id, date, author, lang, source, body_len, n_sentences, "
	"n_claims, n_replaced, n_nul, version, rule_set_id FROM v WHERE NOT EXISTS "
	"(SELECT 1 FROM documents d WHERE d.hash = v.hash AND coalesce(d.outlet_id, 0) = "
	"coalesce(v.outlet_id, 0)) AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.url = v.url) "
	"ORDER BY v.o ON CONFLICT DO NOTHING RETURNING id, hash, outlet_id) "
	"SELECT set_config('ct.ids', coalesce(current_setting('ct.ids', true), '') || "
	"string_agg(coalesce(ins.id, 0)::text || ',', '' ORDER BY v.o), true) FROM v "
	"LEFT JOIN ins ON ins.hash = v.hash AND "
	"coalesce(ins.outlet_id, 0) = coalesce(v.outlet_id, 0)";

int ct_store_docs_flush(struct ct_store *s)
{
	int rc;

	if (!s->pend.docs.n)
		return CT_OK;
	rc = run_rows(s, docs_sql, NULL, NULL, &s->pend.docs, 15, 1);
	ct_rows_reset(&s->pend.docs);
	for (size_t i = 0; i < s->pend.n_keys; i++) {
		free(s->pend.keys[i].url);
		free(s->pend.keys[i].hash);
	}
	s->pend.n_keys = 0;
	return rc;
}

static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

int ct_store_docs_room(struct ct_store *s, const struct ct_doc *doc, int64_t outlet)
{
	const char *url = doc->url && *doc->url ? doc->url : NULL;
	struct ct_doc_key *k;
	int rc;

	for (size_t i = 0; i < s->pend.n_keys; i++) {
		k = &s->pend.keys[i];
		if (same(k->url, url) || (k->outlet == outlet && same(k->hash, doc->hash))) {
			if ((rc = ct_store_docs_flush(s)) != CT_OK)
				return rc;
			break;
		}
	}
	if (!CT_VEC_RESERVE(s->pend.keys, s->pend.cap_keys, s->pend.n_keys + 1))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	k = &s->pend.keys[s->pend.n_keys];
	k->url = url ? strdup(url) : NULL;
	k->hash = strdup(doc->hash);
	k->outlet = outlet;
	if ((url && !k->url) || !k->hash) {
		free(k->url);
		free(k->hash);
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	}
	s->pend.n_keys++;
	return CT_OK;
}
