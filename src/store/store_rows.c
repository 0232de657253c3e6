/*
 * Rows written at once on PostgreSQL: a batch's claims (ct_store_defer_ids())
 * gathered as one array per column and inserted by one statement once the
 * batch's document ids are read (ct_store_claims_settle()), instead of a
 * statement each. An insert of one claim cost the server about 90 us of
 * CPU, most of it the statement's own (bench/README.md).
 */
#include "store/store_internal.h"
#include "claimtrack/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

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

	return b ? code(ct_buf_addf(b, "%" PRId64, v)) : rc;
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
	if ((rc = ct_buf_reserve(out, b->len + 2)) == CT_OK && (rc = ct_buf_addc(out, '{')) == CT_OK &&
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

int ct_store_claims_settle(struct ct_store *s)
{
	struct ct_buf ids = CT_BUF_INIT(0), col = CT_BUF_INIT(0);
	struct binder b = { NULL, DB_OK };
	int rc;

	if (!s->pend.claims.n)
		return CT_OK;
	if (ct_buf_addc(&ids, '{'))
		goto nomem;
	for (size_t k = 0; k < s->pend.n; k++)
		if (ct_buf_addf(&ids, "%s%" PRId64, k ? "," : "", s->pend.ids[k]))
			goto nomem;
	if (ct_buf_addc(&ids, '}'))
		goto nomem;
	if ((rc = ct_store_prepare_kept(s, claims_sql, &b.st)) != CT_OK)
		goto out;
	b.rc = db_bind_text(b.st, 1, ids.p, (int64_t)ids.len);
	/* Column 1 of the rows is the document's place; ?2 takes it. */
	for (int i = 1; i <= 31 && b.rc == DB_OK; i++) {
		if (ct_rows_array(&s->pend.claims, i, &col) != CT_OK)
			goto nomem;
		b.rc = db_bind_text_copy(b.st, i + 1, col.p, (int64_t)col.len);
	}
	rc = ct_store_run_deferred(s, &b);
	ct_store_unprepare(s, b.st);
	goto out;
nomem:
	rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
out:
	ct_buf_release(&ids);
	ct_buf_release(&col);
	return rc;
}
