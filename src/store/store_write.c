/*
 * Writing a document: the document row, its outlet, and each claim with its
 * speaker and proposition, in one transaction (BEGIN IMMEDIATE … COMMIT) or
 * in the caller's batch, so that a crash leaves either the whole document
 * or none of it.
 */
#include "store/store_internal.h"
#include "claimtrack/store.h"
#include "rules/rules_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- speakers' and outlets' ids, by name, in the open transaction ---- */

/* The outlet's id as ct_store_outlet_id() gives it, remembered for the
 * transaction when w->names. */
static int cached_outlet(struct ct_store *s, const struct ct_claim_writer *w, const char *name,
			 int64_t *id)
{
	int rc;

	*id = 0;
	if (!name || !*name)
		return CT_OK;
	if (w->names && ct_store_name_get(s, name, true, id))
		return CT_OK;
	if ((rc = ct_store_outlet_id(s, name, false, id)) == CT_OK && w->names)
		ct_store_name_put(s, name, true, *id);
	return rc;
}

/* ---- the names a batch will need, at once ---- */

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

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Like array_literal() with each name once, in no particular order: a
 * batch names an outlet for each document and a speaker for each claim,
 * mostly the same few, each looked up on the server (prefetch_sql). */
static int distinct_literal(struct ct_buf *out, const char *const *names, size_t n)
{
	const char **v = malloc((n ? n : 1) * sizeof *v);
	size_t m = 0, k = 0;
	int rc;

	if (!v)
		return CT_ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (names[i] && *names[i])
			v[m++] = names[i];
	qsort(v, m, sizeof *v, cmp_name);
	for (size_t i = 0; i < m; i++)
		if (!k || strcmp(v[i], v[k - 1]))
			v[k++] = v[i];
	rc = array_literal(out, v, k);
	free(v);
	return rc;
}

/* Each name of ?1 (speakers) and ?2 (outlets) with its id as the write
 * path's look-ups find it (ST_SPEAKER_LOOKUP, ST_OUTLET_LOOKUP): by alias,
 * else by name; NULL when unknown. Joins, not a subquery per name: that
 * one, planned for a small speakers table, scanned the whole table for
 * each name, lowercasing every citext it compared (bench/README.md). An
 * alias, and a name, is unique: a name finds at most one of each. */
static const char prefetch_sql[] =
	"SELECT 0, q.n, coalesce(a.speaker_id, p.id) FROM unnest(?1::citext[]) AS q(n) "
	"LEFT JOIN speaker_aliases a ON a.alias = q.n LEFT JOIN speakers p ON p.name = q.n "
	"UNION ALL SELECT 1, q.n, coalesce(a.outlet_id, o.id) FROM unnest(?2::citext[]) AS q(n) "
	"LEFT JOIN outlet_aliases a ON a.alias = q.n LEFT JOIN outlets o ON o.name = q.n";

/*
 * The speakers of the batch still unknown, inserted at once on the second
 * connection (ct_store_side_speakers()) instead of one statement and
 * commit each as the documents name them (bench's 10 MB corpus names
 * about 900 new speakers). Only those the write path would insert, and in
 * its order: it stops at the first speaker of a document whose outlet is
 * unknown (the write path first looks whether that document is stored
 * already, and then names nothing), and does nothing when the batch is
 * to record the rules (their aliases may merge names).
 */
static int insert_new_speakers(struct ct_store *s, const char *const *speakers,
			       const enum ct_speaker_kind *kinds, const char *const *owners,
			       size_t n)
{
	struct ct_buf names = CT_BUF_INIT(0), kn = CT_BUF_INIT(0);
	const char **nv = NULL, **kv = NULL;
	size_t k = 0;
	int64_t id;
	int rc = CT_OK;

	if (!kinds || !s->synced || !n)
		return CT_OK;
	if (!(nv = calloc(n, sizeof *nv)) || !(kv = calloc(n, sizeof *kv))) {
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (owners && owners[i] && *owners[i] && !ct_store_name_get(s, owners[i], true, &id))
			break;
		if (!speakers[i] || !*speakers[i] || ct_store_name_get(s, speakers[i], false, &id))
			continue;
		nv[k] = speakers[i];
		kv[k++] = ct_speaker_kind_name(kinds[i]);
	}
	if (!k)
		goto done;
	if (array_literal(&names, nv, k) != CT_OK || array_literal(&kn, kv, k) != CT_OK) {
		rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
		goto done;
	}
	rc = ct_store_side_speakers(s, names.p, kn.p);
done:
	free(nv);
	free(kv);
	ct_buf_release(&names);
	ct_buf_release(&kn);
	return rc;
}

int ct_store_prefetch_names(struct ct_store *s, const char *const *speakers,
			    const enum ct_speaker_kind *kinds, const char *const *owners,
			    size_t n_speakers, const char *const *outlets, size_t n_outlets)
{
	struct ct_buf sp = CT_BUF_INIT(0), out = CT_BUF_INIT(0);
	struct db_stmt *st = NULL;
	int rc, step;

	if (!s)
		return CT_EINVAL;
	if (!ct_store_is_pg(s) || db_autocommit(s->db) || (!n_speakers && !n_outlets))
		return CT_OK;
	if (distinct_literal(&sp, speakers, n_speakers) != CT_OK ||
	    distinct_literal(&out, outlets, n_outlets) != CT_OK) {
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
	if (rc == CT_OK)
		rc = insert_new_speakers(s, speakers, kinds, owners, n_speakers);
done:
	if (st)
		ct_store_unprepare(s, st);
	ct_buf_release(&sp);
	ct_buf_release(&out);
	return rc;
}

/* ---- documents ---- */

static int cached_prop(struct ct_store *s, struct ct_claim_writer *w,
		       const struct ct_proposition *p, int64_t *pk)
{
	int rc;

	if (w->rs) {
		size_t i = ct_ruleset_proposition_index(w->rs, p);
		if (i < ct_ruleset_n_propositions(w->rs)) {
			*pk = s->prop_pk[i];
			return CT_OK;
		}
	}
	for (size_t i = 0; i < w->n_props; i++)
		if (w->props[i].p == p) {
			*pk = w->props[i].pk;
			return CT_OK;
		}
	if ((rc = ct_store_proposition_pk(s, p, pk)) != CT_OK)
		return rc;
	if (!CT_VEC_RESERVE(w->props, w->cap_props, w->n_props + 1))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	w->props[w->n_props++] = (struct seen_prop){ p, *pk };
	return CT_OK;
}

static int cached_speaker(struct ct_store *s, struct ct_claim_writer *w, const char *name,
			  enum ct_speaker_kind kind, int64_t *id)
{
	int rc;

	*id = 0;
	if (!name || !*name)
		return CT_OK;
	for (size_t i = 0; i < w->n_speakers; i++)
		if (strcmp(w->speakers[i].name, name) == 0) {
			*id = w->speakers[i].id;
			return CT_OK;
		}
	if (!(w->names && ct_store_name_get(s, name, false, id))) {
		if ((rc = ct_store_speaker_id(s, name, kind, id)) != CT_OK)
			return rc;
		if (w->names)
			ct_store_name_put(s, name, false, *id);
	}
	if (!CT_VEC_RESERVE(w->speakers, w->cap_speakers, w->n_speakers + 1))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	w->speakers[w->n_speakers++] = (struct seen_speaker){ name, *id };
	return CT_OK;
}

/* Distinct speaker ids seen (two names may be one speaker). */
static size_t distinct_speakers(const struct ct_claim_writer *w)
{
	size_t n = 0;

	for (size_t i = 0; i < w->n_speakers; i++) {
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = w->speakers[j].id == w->speakers[i].id;
		n += !dup;
	}
	return n;
}

static bool span_ok(const struct ct_span *sp, size_t len)
{
	return sp->start <= sp->end && sp->end <= len;
}

/* Whether a claim can be stored; records why not. */
static int validate_claim(struct ct_store *s, const struct ct_doc *doc,
			  const struct ct_doc_claim *dc, size_t i)
{
	const struct ct_claim *c = &dc->claim;

	if (!c->proposition || !c->proposition->id || !c->pattern || !c->pattern->source)
		return ct_store_fail(s, CT_EINVAL, "claim %zu has no proposition or pattern", i + 1);
	if (c->stance != CT_SUPPORTS && c->stance != CT_REFUTES)
		return ct_store_fail(s, CT_EINVAL, "claim %zu has no stance", i + 1);
	if (c->pattern->kind != CT_PAT_SUPPORTS && c->pattern->kind != CT_PAT_REFUTES)
		return ct_store_fail(s, CT_EINVAL, "claim %zu: its pattern neither supports nor refutes",
				     i + 1);
	if (!(c->sentence_start <= c->match_start && c->match_start <= c->match_end &&
	      c->match_end <= c->sentence_end && c->sentence_end <= doc->body_len))
		return ct_store_fail(s, CT_EINVAL, "claim %zu: offsets outside its sentence or the body",
				     i + 1);
	if ((c->negated && !span_ok(&c->negation_cue, doc->body_len)) ||
	    (c->denied && !span_ok(&c->denial_cue, doc->body_len)) ||
	    (c->hedged && !span_ok(&c->hedge_cue, doc->body_len)))
		return ct_store_fail(s, CT_EINVAL, "claim %zu: a cue lies outside the body", i + 1);
	if (dc->statement_date[0] && !ct_date_valid(dc->statement_date))
		return ct_store_fail(s, CT_EINVAL, "claim %zu: bad statement date", i + 1);
	return CT_OK;
}

static void b_cue(struct binder *b, int i, bool set, const struct ct_doc *doc,
		  const struct ct_span *sp)
{
	if (set)
		b_slice(b, i, doc->body, sp->start, sp->end);
	else
		b_text(b, i, NULL);
}

int ct_store_write_claim(struct ct_store *s, struct ct_claim_writer *w, enum ct_stmt which,
			 int64_t row, const struct ct_doc *doc, int64_t document_id,
			 const struct ct_doc_claim *dc, size_t seq)
{
	const struct ct_claim *c = &dc->claim;
	struct binder b;
	int64_t pk, speaker, via;
	int rc;

	if ((rc = cached_prop(s, w, c->proposition, &pk)) != CT_OK ||
	    (rc = cached_speaker(s, w, dc->speaker, dc->speaker_kind, &speaker)) != CT_OK ||
	    (rc = cached_outlet(s, w, dc->via, &via)) != CT_OK)
		return rc;
	/* The claim of a document whose id the batch reads at its end goes
	 * with the batch's others (ct_store_rows_settle()), with the
	 * document's place among them. */
	if (which == ST_INSERT_CLAIM && !document_id && ct_store_is_pg(s)) {
		b = (struct binder){ NULL, DB_OK, &s->pend.claims };
		b_int(&b, 1, (int64_t)s->pend.n);
	} else {
		b = (struct binder){ ct_store_stmt(s, which), DB_OK };
		if (!b.st)
			return CT_EDB;
		b_id(&b, 1, document_id);   /* 0: the deferred document (store_sql.c) */
	}
	b_int(&b, 2, (int64_t)seq);
	b_text(&b, 3, c->proposition->id);
	b_int(&b, 4, pk);
	b_text(&b, 5, ct_stance_name(c->stance));
	b_int(&b, 6, c->hedged);
	b_int(&b, 7, c->negated);
	b_int(&b, 8, c->denied);
	b_slice(&b, 9, doc->body, c->sentence_start, c->sentence_end);
	b_int(&b, 10, (int64_t)c->sentence_start);
	b_int(&b, 11, (int64_t)c->sentence_end);
	b_slice(&b, 12, doc->body, c->match_start, c->match_end);
	b_int(&b, 13, (int64_t)c->match_start);
	b_int(&b, 14, (int64_t)c->match_end);
	b_cue(&b, 15, c->negated, doc, &c->negation_cue);
	b_cue(&b, 16, c->denied, doc, &c->denial_cue);
	b_cue(&b, 17, c->hedged, doc, &c->hedge_cue);
	b_id(&b, 18, speaker);
	b_text(&b, 19, ct_speaker_kind_name(dc->speaker_kind));
	b_text(&b, 20, dc->quote ? dc->quote->mention : NULL);
	b_text(&b, 21, dc->role);
	b_text(&b, 22, dc->quote ? ct_quote_kind_name(dc->quote->kind) : NULL);
	b_text(&b, 23, dc->quote ? dc->quote->cue : NULL);
	b_id(&b, 24, via);
	b_text(&b, 25, doc->date);
	b_text(&b, 26, dc->statement_date[0] ? dc->statement_date : NULL);
	b_text(&b, 27, c->pattern->file ? c->pattern->file : "");
	b_int(&b, 28, c->pattern->line);
	b_text(&b, 29, c->pattern->kind == CT_PAT_SUPPORTS ? "supports" : "refutes");
	b_text(&b, 30, c->pattern->source);
	b_text(&b, 31, dc->framing);
	if (which != ST_INSERT_CLAIM)
		b_int(&b, 32, row);
	if (b.rows) {
		if (b.rc != DB_OK)
			return ct_store_fail(s, CT_ENOMEM, "out of memory");
		b.rows->n++;
		return CT_OK;
	}
	if (which != ST_INSERT_CLAIM)
		return ct_store_run(s, &b, NULL);
	if (ct_store_is_pg(s))
		return ct_store_run_deferred(s, &b);
	/* SQLite: the id after the transaction's last claim, once known. */
	if (s->next_claim_id)
		b_int(&b, 32, s->next_claim_id);
	if ((rc = ct_store_run_deferred(s, &b)) == CT_OK)
		s->next_claim_id = db_last_insert_id(s->db) + 1;
	return rc;
}

void ct_claim_writer_release(struct ct_claim_writer *w)
{
	free(w->props);
	free(w->speakers);
	memset(w, 0, sizeof *w);
}

static int insert_document(struct ct_store *s, const struct ct_doc *doc, int64_t outlet,
			   int64_t rule_set, size_t n_claims, bool deferred, int64_t *id)
{
	struct binder b = { NULL, DB_OK };
	int rc;

	/* A deferred document goes with the batch's others (store_rows.c). */
	if (deferred && (rc = ct_store_docs_room(s, doc, outlet)) != CT_OK)
		return rc;
	if (deferred)
		b.rows = &s->pend.docs;
	else if (!(b.st = ct_store_stmt(s, ST_INSERT_DOCUMENT)))
		return CT_EDB;
	b_text(&b, 1, doc->url && *doc->url ? doc->url : NULL);
	b_text(&b, 2, doc->hash);
	b_text(&b, 3, doc->title);
	b_id(&b, 4, outlet);
	b_text(&b, 5, doc->date);
	b_text(&b, 6, doc->author);
	b_text(&b, 7, doc->lang);
	b_text(&b, 8, doc->source);
	b_int(&b, 9, (int64_t)doc->body_len);
	b_int(&b, 10, (int64_t)doc->n_sentences);
	b_int(&b, 11, (int64_t)n_claims);
	b_int(&b, 12, (int64_t)doc->n_replaced);
	b_int(&b, 13, (int64_t)doc->n_nul);
	b_text(&b, 14, CT_VERSION);
	b_id(&b, 15, rule_set);
	if (!deferred && !ct_store_is_pg(s))
		b_text(&b, 16, ct_store_now_text(s));
	if (deferred) {
		*id = 0;
		if (b.rc != DB_OK)
			return ct_store_fail(s, CT_ENOMEM, "out of memory");
		b.rows->n++;
		return CT_OK;
	}
	/* PostgreSQL's insert gives the id (RETURNING), or none when another
	 * writer stored the same document first (ON CONFLICT DO NOTHING). */
	if ((rc = ct_store_run(s, &b, id)) != CT_OK || ct_store_is_pg(s))
		return rc;
	*id = db_last_insert_id(s->db);
	return CT_OK;
}

/*
 * Looks for a stored document with doc's url, or with its hash and outlet
 * `outlet` (0: none; -1: a name not stored, which no document has): the
 * same body from another outlet is another document, a copy (issue 21).
 * *id is 0 when none.
 */
static int find_duplicate_in(struct ct_store *s, const struct ct_doc *doc, int64_t outlet,
			     int64_t *id)
{
	struct binder b = { NULL, DB_OK };
	int rc;

	/* The batch's documents not sent yet are looked at too. */
	if ((rc = ct_store_docs_flush(s)) != CT_OK)
		return rc;
	if (!(b.st = ct_store_stmt(s, ST_FIND_DUPLICATE)))
		return CT_EDB;
	b_text(&b, 1, doc->hash);
	b_text(&b, 2, doc->url && *doc->url ? doc->url : NULL);
	b_int(&b, 3, outlet);
	return ct_store_run(s, &b, id);
}

/* The same, the outlet by its name or alias (NULL or "": none). */
static int find_duplicate(struct ct_store *s, const struct ct_doc *doc, const char *outlet_name,
			  int64_t *id)
{
	int64_t outlet = 0;
	int rc;

	if ((rc = ct_store_outlet_find(s, outlet_name, &outlet)) != CT_OK)
		return rc;
	if (!outlet && outlet_name && *outlet_name)
		outlet = -1;
	return find_duplicate_in(s, doc, outlet, id);
}

int ct_store_find_document(struct ct_store *s, const struct ct_doc *doc, int64_t *id)
{
	int64_t found;
	int rc;

	if (!s || !doc || !id)
		return s ? ct_store_fail(s, CT_EINVAL, "missing document") : CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = find_duplicate(s, doc, doc->outlet, &found)) == CT_OK)
		*id = found;
	return rc;
}

int ct_store_has_documents(struct ct_store *s, bool *any)
{
	struct db_stmt *st;
	int rc;

	if (!s || !any)
		return s ? ct_store_fail(s, CT_EINVAL, "missing result") : CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = ct_store_prepare(s, "SELECT EXISTS (SELECT 1 FROM documents)", &st)) != CT_OK)
		return rc;
	rc = db_step(st);
	*any = rc == DB_ROW && db_column_int(st, 0);
	rc = rc == DB_ROW ? CT_OK : ct_store_dbfail(s, NULL);
	db_finalize(st);
	return rc;
}

int ct_store_add_document(struct ct_store *s, const struct ct_ruleset *rs,
			  const struct ct_doc *doc, const struct ct_attribution *a,
			  const struct ct_doc_claim *claims, size_t n_claims,
			  struct ct_store_result *out)
{
	return ct_store_add_document_packed(s, rs, doc, a, claims, n_claims, NULL, out);
}

int ct_store_add_document_packed(struct ct_store *s, const struct ct_ruleset *rs,
				 const struct ct_doc *doc, const struct ct_attribution *a,
				 const struct ct_doc_claim *claims, size_t n_claims,
				 const struct ct_packed_text *packed,
				 struct ct_store_result *out)
{
	struct ct_store_result res = { 0 };
	struct ct_claim_writer w = { 0 };
	const struct ct_fingerprint *fp;
	const char *outlet_name;
	int64_t outlet = 0, dup = 0;
	bool own_txn, look;
	int rc;

	if (!s || !doc || !doc->body || !out || (n_claims && !claims))
		return s ? ct_store_fail(s, CT_EINVAL, "missing document or result") : CT_EINVAL;
	if ((rc = ct_store_check_writable(s)) != CT_OK)
		return rc;
	if (doc->date && !ct_date_valid(doc->date))
		return ct_store_fail(s, CT_EINVAL, "bad date '%s'", doc->date);
	for (size_t i = 0; i < n_claims; i++)
		if ((rc = validate_claim(s, doc, &claims[i], i)) != CT_OK)
			return rc;
	/* Inside the caller's transaction (ct_store_begin()) the document
	 * joins it; otherwise it has its own. */
	if ((rc = ct_store_txn_begin(s, &own_txn)) != CT_OK)
		return rc;
	outlet_name = a && ct_attribution_outlet(a) ? ct_attribution_outlet(a) : doc->outlet;
	/* PostgreSQL's insert does not store a document stored already (and
	 * says so), so the look before it is a round trip saved for each new
	 * document; but what is written before the insert, the rules or a
	 * new outlet, must not be written for a duplicate: then it looks. */
	look = !ct_store_is_pg(s) || (rs && !ct_store_is_synced(s, rs));
	if (own_txn)
		ct_store_names_clear(s);
	w.names = true;
	if (!look && !(outlet_name && *outlet_name &&
		       ct_store_name_get(s, outlet_name, true, &outlet))) {
		if ((rc = ct_store_outlet_find(s, outlet_name, &outlet)) != CT_OK)
			goto out;
		if (outlet)
			ct_store_name_put(s, outlet_name, true, outlet);
		look = outlet_name && *outlet_name && !outlet;
	}
	/* An outlet a document of the open batch named is known by id. */
	if (look && !outlet && outlet_name && *outlet_name)
		ct_store_name_get(s, outlet_name, true, &outlet);
	if (look && (rc = outlet ? find_duplicate_in(s, doc, outlet, &dup)
			 : find_duplicate(s, doc, outlet_name, &dup)) != CT_OK)
		goto out;
	if (look && dup) {
		res.document_id = dup;
		res.duplicate = true;
		rc = ct_store_fill_text(s, dup, doc, &res.text_stored);
		goto out;
	}
	if (rs && !ct_store_is_synced(s, rs) && (rc = ct_store_record_rules(s, rs)) != CT_OK)
		goto out;
	w.rs = rs;
	/* In a batch whose ids are read at its end (ct_store_defer_ids()), a
	 * document seen new goes in without its id: its text and claims take
	 * it on the server, and nothing of it if it turns out stored already. */
	res.pending = !own_txn && s->defer_ids && ct_store_is_pg(s);
	if ((!outlet && (rc = cached_outlet(s, &w, outlet_name, &outlet)) != CT_OK) ||
	    (rc = insert_document(s, doc, outlet, rs ? s->rule_set_id : 0, n_claims,
				  res.pending, &res.document_id)) != CT_OK)
		goto out;
	if (res.pending) {
		free(s->pend.ids);
		s->pend.ids = NULL;
		s->pend.n++;
	} else if (!res.document_id) {
		if ((rc = find_duplicate_in(s, doc, outlet, &dup)) != CT_OK)
			goto out;
		res.document_id = dup;
		res.duplicate = true;
		rc = ct_store_fill_text(s, dup, doc, &res.text_stored);
		goto out;
	}
	fp = packed && packed->data && packed->body_len == doc->body_len ? &packed->fp : NULL;
	/* A pending document's copy look-up waits for the batch's others
	 * (ct_store_copies_settle()). */
	if ((rc = ct_store_put_text(s, res.document_id, doc, packed)) != CT_OK ||
	    (rc = res.pending ? ct_store_copies_defer(s, doc, fp) :
	     ct_store_copies_add(s, res.document_id, doc, fp, &res.copy_of)) != CT_OK)
		goto out;
	for (size_t i = 0; i < n_claims && rc == CT_OK; i++)
		if ((rc = ct_store_write_claim(s, &w, ST_INSERT_CLAIM, 0, doc, res.document_id,
					       &claims[i], i + 1)) == CT_OK)
			res.n_claims++;
	res.n_speakers = distinct_speakers(&w);
out:
	if (rc == CT_OK && own_txn && (rc = ct_store_run_plain(s, ST_COMMIT)) == CT_OK)
		ct_store_txn_over(s, true);
	if (own_txn || rc != CT_OK)
		ct_store_names_clear(s);
	if (rc != CT_OK) {
		/* In the caller's transaction, all of it: whole documents only. */
		ct_store_txn_rollback(s);
		ct_store_pending_clear(s);
		if (!own_txn)
			s->synced = NULL;
	} else {
		if (rs && !res.duplicate)
			ct_store_set_synced(s, rs);
		*out = res;
	}
	ct_claim_writer_release(&w);
	return rc;
}

/* ---- ids read once per batch (ct_store_defer_ids()) ---- */

void ct_store_defer_ids(struct ct_store *s, bool on)
{
	if (s)
		s->defer_ids = on;
}

void ct_store_pending_clear(struct ct_store *s)
{
	free(s->pend.ids);
	s->pend.ids = NULL;
	s->pend.n = s->pend.next = 0;
	s->pend.n_copies = 0;
	ct_rows_reset(&s->pend.claims);
	ct_rows_reset(&s->pend.texts);
	ct_buf_reset(&s->pend.text_blob);
	ct_buf_reset(&s->pend.band_rows);
	ct_rows_reset(&s->pend.docs);
	for (size_t i = 0; i < s->pend.n_keys; i++) {
		free(s->pend.keys[i].url);
		free(s->pend.keys[i].hash);
	}
	s->pend.n_keys = 0;
}

/* The ids of the batch's deferred documents, in order, 0 for one not
 * inserted: the setting ct.ids, "12,0,13,". */
static int read_pending(struct ct_store *s)
{
	struct db_stmt *st = NULL;
	const char *p;
	size_t k = 0;
	int rc;

	if ((rc = ct_store_docs_flush(s)) != CT_OK)
		return rc;
	if (!(s->pend.ids = calloc(s->pend.n, sizeof *s->pend.ids)))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	if ((rc = ct_store_prepare(s, "SELECT current_setting('ct.ids', true)", &st)) != CT_OK)
		return rc;
	if (db_step(st) != DB_ROW) {
		rc = ct_store_dbfail(s, NULL);
		goto out;
	}
	for (p = db_column_text(st, 0); p && *p && k < s->pend.n; k++) {
		char *end;
		s->pend.ids[k] = strtoll(p, &end, 10);
		if (end == p || *end != ',')
			break;
		p = end + 1;
	}
	if (k != s->pend.n || (p && *p))
		rc = ct_store_fail(s, CT_EDB, "the server gave %zu document ids for %zu documents",
				   k, s->pend.n);
	else if ((rc = ct_store_copies_settle(s)) == CT_OK)
		rc = ct_store_rows_settle(s);
out:
	db_finalize(st);
	return rc;
}

int ct_store_settle(struct ct_store *s, const struct ct_doc *doc, struct ct_store_result *res)
{
	int64_t id, dup = 0;
	int rc;

	if (!s || !doc || !res)
		return s ? ct_store_fail(s, CT_EINVAL, "missing document or result") : CT_EINVAL;
	if (!res->pending)
		return CT_OK;
	s->errmsg[0] = '\0';
	if (db_autocommit(s->db) || s->pend.next >= s->pend.n)
		return ct_store_fail(s, CT_EINVAL, "no document waits for its id");
	if (!s->pend.ids && (rc = read_pending(s)) != CT_OK)
		goto failed;
	id = s->pend.ids[s->pend.next];
	res->pending = false;
	if (id) {
		res->document_id = id;
		res->copy_of = ct_store_copies_of(s, s->pend.next++);
		return CT_OK;
	}
	s->pend.next++;
	/* Stored meanwhile by another writer, or earlier in this batch. */
	*res = (struct ct_store_result){ .duplicate = true };
	if ((rc = find_duplicate(s, doc, doc->outlet, &dup)) != CT_OK)
		goto failed;
	res->document_id = dup;
	if ((rc = ct_store_fill_text(s, dup, doc, &res->text_stored)) == CT_OK)
		return CT_OK;
failed:
	ct_store_txn_rollback(s);
	ct_store_pending_clear(s);
	s->synced = NULL;
	return rc;
}
