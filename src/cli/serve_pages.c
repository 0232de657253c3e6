/*
 * The pages of `claimtrack serve` but one proposition's (serve_prop.c):
 * the propositions, a speaker, an outlet, a claim, a document, the search
 * and the login. Each is made as JSON with the fields of the command that
 * prints the same thing (propositions, speaker, outlets, claims, show),
 * sent as it is when JSON was asked for, else written as HTML from it.
 */
#include "serve.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LIST_CLAIMS 50          /* claims on one page of a listing */
#define MAX_PAGES 20            /* pages of search results one can go to */
#define SPEAKER_CLAIMS 30       /* a speaker's claims shown per proposition */

/* ---- the propositions ---- */

static int keep_proposition(const struct ct_store_proposition *p, void *user)
{
	json_t *o = cli_proposition_json(p);

	return !o || json_array_append_new(user, o) != 0;
}

/* Most claims first, then the latest activity, then the id. */
static int by_activity(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	long long cx = serve_jint(x, "claims"), cy = serve_jint(y, "claims");
	const char *lx = serve_jstr(x, "last_date"), *ly = serve_jstr(y, "last_date");
	int c;

	if (cx != cy)
		return cx > cy ? -1 : 1;
	if ((c = strcmp(ly ? ly : "", lx ? lx : "")))
		return c;
	return strcmp(serve_jstr(x, "id"), serve_jstr(y, "id"));
}

/* Sorts a JSON array in place with cmp. */
static int sort_array(json_t *arr, int (*cmp)(const void *, const void *))
{
	size_t n = json_array_size(arr);
	json_t **v = n ? malloc(n * sizeof *v) : NULL;

	if (n && !v)
		return CT_ENOMEM;
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof *v, cmp);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
	return CT_OK;
}

void serve_propositions(struct serve_req *r)
{
	json_t *arr = json_array(), *o;
	struct ct_buf *b = &r->out;
	size_t i;
	int rc;

	if (!arr)
		return serve_error(r, 500, "out of memory");
	if ((rc = ct_store_propositions(r->s, keep_proposition, arr)) != CT_OK ||
	    (rc = sort_array(arr, by_activity)) != CT_OK) {
		json_decref(arr);
		return rc == CT_EABORT || rc == CT_ENOMEM ? serve_error(r, 500, "out of memory")
							   : serve_store_error(r, rc);
	}
	if (r->json)
		return serve_json(r, json_pack("{s:o}", "propositions", arr));
	serve_page_start(r, "Propositions", NULL);
	serve_addf(b, "<p class=\"kicker\">%zu proposition%s, most active first</p>\n"
		   "<h1>Propositions</h1>\n", json_array_size(arr),
		   json_array_size(arr) == 1 ? "" : "s");
	if (json_array_size(arr) == 0) {
		ct_buf_adds(b, "<p class=\"empty\">Nothing stored yet: run <code>claimtrack ingest"
			    "</code> on some articles.</p>\n");
	} else {
		ct_buf_adds(b, "<p><label>Filter <input type=\"search\" data-filter=\"#props\" "
			    "placeholder=\"id or words of the title\"></label></p>\n"
			    "<div class=\"table\"><table id=\"props\"><thead><tr><th>proposition</th>"
			    "<th class=\"n\">claims</th><th class=\"n wide\">supports</th>"
			    "<th class=\"n wide\">refutes</th><th class=\"n wide\">speakers</th>"
			    "<th class=\"wide\">last</th></tr></thead><tbody>\n");
		json_array_foreach(arr, i, o) {
			const char *last = serve_jstr(o, "last_date");
			ct_buf_adds(b, "<tr><td>");
			serve_link(b, "/proposition/", serve_jstr(o, "id"), serve_jstr(o, "title"));
			ct_buf_adds(b, "<br><code class=\"muted\">");
			serve_esc(b, serve_jstr(o, "id"));
			/* On a phone the counts go under the title (the columns are hidden). */
			serve_addf(b, "</code><span class=\"narrow note\"><br>%lld support, %lld refute, "
				   "%lld speakers, last ", serve_jint(o, "supports"),
				   serve_jint(o, "refutes"), serve_jint(o, "speakers"));
			serve_esc(b, last ? last : "-");
			serve_addf(b, "</span></td><td class=\"n\">%lld</td><td class=\"n wide\">%lld</td>"
				   "<td class=\"n wide\">%lld</td><td class=\"n wide\">%lld</td>"
				   "<td class=\"d wide\">", serve_jint(o, "claims"), serve_jint(o, "supports"),
				   serve_jint(o, "refutes"), serve_jint(o, "speakers"));
			serve_esc(b, last ? last : "-");
			ct_buf_adds(b, "</td></tr>\n");
		}
		ct_buf_adds(b, "</tbody></table></div>\n");
	}
	serve_page_end(r);
	json_decref(arr);
}

/* ---- names in the URL ---- */

/*
 * The canonical name a page's name means (ct_store_lookup_name(), as
 * --speaker does); malloc'd into *out. Sets a 404 page (naming the
 * closest, or the several it matches) and returns false when there is
 * not exactly one.
 */
static bool resolve(struct serve_req *r, enum ct_name_table t, const char *name, char **out)
{
	const char *what = t == CT_NAME_SPEAKER ? "speaker" : "outlet";
	struct ct_name_lookup lk;
	struct ct_buf list = CT_BUF_INIT(0);
	int rc = ct_store_lookup_name(r->s, t, name, &lk);

	if (rc != CT_OK) {
		serve_store_error(r, rc);
		return false;
	}
	if (lk.how != CT_NAME_NONE && lk.n == 1 && lk.names[0]) {
		*out = lk.names[0];
		lk.names[0] = NULL;
		ct_name_lookup_release(&lk);
		return true;
	}
	for (size_t i = 0; i < lk.n_names; i++)
		ct_buf_addf(&list, "%s'%s'", i ? ", " : "", lk.names[i]);
	if (lk.how == CT_NAME_NONE)
		serve_error(r, 404, "no %s matches '%s'%s%s", what, name,
			    lk.n_names ? "; the closest: " : "", list.p ? list.p : "");
	else
		serve_error(r, 404, "'%s' matches %zu %ss: %s", name, lk.n, what,
			    list.p ? list.p : "");
	ct_buf_release(&list);
	ct_name_lookup_release(&lk);
	return false;
}

/* ---- a speaker ---- */

void serve_speaker(struct serve_req *r, const char *given)
{
	struct ct_buf *b = &r->out;
	json_t *root = NULL, *sp, *props, *p;
	char *name = NULL;
	size_t i;
	int rc;

	if (!resolve(r, CT_NAME_SPEAKER, given, &name))
		return;
	rc = cli_speaker_record(r->s, name, NULL, NULL, NULL, &root);
	if (rc != CT_OK) {
		free(name);
		return rc == CT_ENOTFOUND ? serve_error(r, 404, "no speaker '%s'", given)
					  : serve_store_error(r, rc);
	}
	if (r->json) {
		free(name);
		return serve_json(r, root);
	}
	sp = json_object_get(root, "speaker");
	props = json_object_get(root, "propositions");
	serve_page_start(r, name, NULL);
	serve_addf(b, "<p class=\"kicker\">speaker \xc2\xb7 %s</p>\n<h1>",
		   serve_jstr(sp, "kind") ? serve_jstr(sp, "kind") : "");
	serve_esc(b, name);
	ct_buf_adds(b, "</h1>\n");
	if (serve_jstr(sp, "role") || serve_jstr(sp, "org")) {
		ct_buf_adds(b, "<p class=\"meta\">");
		serve_esc(b, serve_jstr(sp, "role"));
		if (serve_jstr(sp, "role") && serve_jstr(sp, "org"))
			ct_buf_adds(b, ", ");
		serve_esc(b, serve_jstr(sp, "org"));
		ct_buf_adds(b, "</p>\n");
	}
	serve_addf(b, "<p class=\"meta\">Claims on %zu proposition%s. "
		   "<a href=\"/search?speaker=", json_array_size(props),
		   json_array_size(props) == 1 ? "" : "s");
	serve_urlenc(b, name);
	ct_buf_adds(b, "\">Search their claims</a></p>\n");
	json_array_foreach(props, i, p) {
		json_t *claims = json_object_get(p, "claims"), *c, *ch, *opp;
		size_t n = json_array_size(claims), k;
		ct_buf_adds(b, "<section class=\"prop\"><p class=\"kicker\">");
		serve_esc(b, serve_jstr(p, "id"));
		ct_buf_adds(b, "</p><h2>");
		serve_link(b, "/proposition/", serve_jstr(p, "id"), serve_jstr(p, "title"));
		serve_addf(b, "</h2>\n<p class=\"meta\">%zu claim%s%s</p>\n", n, n == 1 ? "" : "s",
			   n > SPEAKER_CLAIMS ? ", the newest shown" : "");
		json_array_foreach(json_object_get(p, "changes"), k, ch) {
			if (k == 0)
				ct_buf_adds(b, "<h3>Stance changes</h3><ul>");
			ct_buf_adds(b, "<li>");
			serve_stance(b, serve_jstr(ch, "from"), false);
			serve_addf(b, " (<a href=\"/claim/%lld\">", serve_jint(ch, "from_claim"));
			serve_esc(b, serve_jstr(ch, "from_date") ? serve_jstr(ch, "from_date") : "undated");
			ct_buf_adds(b, "</a>) to ");
			serve_stance(b, serve_jstr(ch, "to"), false);
			serve_addf(b, " (<a href=\"/claim/%lld\">", serve_jint(ch, "to_claim"));
			serve_esc(b, serve_jstr(ch, "to_date") ? serve_jstr(ch, "to_date") : "undated");
			ct_buf_adds(b, "</a>)</li>");
			if (k + 1 == json_array_size(json_object_get(p, "changes")))
				ct_buf_adds(b, "</ul>\n");
		}
		opp = json_object_get(p, "contradicted_by");
		if (json_array_size(opp)) {
			ct_buf_adds(b, "<h3>Contradicted by</h3><ul>");
			json_array_foreach(opp, k, c) {
				const char *who = serve_jstr(c, "speaker");
				const char *kind = serve_jstr(c, "speaker_kind");
				bool narrator = kind && strcmp(kind, "narrator") == 0;
				ct_buf_adds(b, "<li>");
				if (who)
					serve_link(b, narrator ? "/outlet/" : "/speaker/", who, who);
				else
					ct_buf_adds(b, "unknown speaker");
				serve_addf(b, "%s: %lld claim%s</li>", narrator ? " (own voice)" : "",
					   serve_jint(c, "claims"),
					   serve_jint(c, "claims") == 1 ? "" : "s");
			}
			ct_buf_adds(b, "</ul>\n");
		} else {
			ct_buf_adds(b, "<p class=\"note\">Contradicted by nobody.</p>\n");
		}
		ct_buf_adds(b, "<h3>Claims, newest first</h3><ol class=\"voice\">");
		for (k = n; k > 0 && n - k < SPEAKER_CLAIMS; k--) {
			ct_buf_adds(b, "<li>");
			serve_claim_card(b, json_array_get(claims, k - 1), false);
			ct_buf_adds(b, "</li>");
		}
		ct_buf_adds(b, "</ol></section>\n");
	}
	if (json_array_size(props) == 0)
		ct_buf_adds(b, "<p class=\"empty\">No claims stored.</p>\n");
	serve_page_end(r);
	json_decref(root);
	free(name);
}

/* ---- claims kept newest first: an outlet's, the search's ---- */

/*
 * The last `keep` claims that pass, in a ring, and how many passed: what
 * a page of a listing newest first needs, in one pass over claims that
 * come oldest first.
 */
struct ring {
	json_t **v;
	size_t keep, n;              /* capacity; claims seen that passed */
	const char *text;            /* a search's words: the sentence holds them */
	struct ct_store *s;          /* for the outlets carrying a story's claims */
	bool failed;
};

/* Whether hay holds needle, ASCII letters in any case. */
static bool has_words(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

static int ring_keep(const struct ct_stored_claim *cl, void *user)
{
	struct ring *rg = user;
	json_t *o;

	if (rg->text && !has_words(cl->sentence, rg->text))
		return 0;
	if (!(o = cli_claim_json(cl)) || cli_claim_json_carried(rg->s, cl, o) != CT_OK) {
		json_decref(o);
		return rg->failed = true, 1;
	}
	json_decref(rg->v[rg->n % rg->keep]);
	rg->v[rg->n % rg->keep] = o;
	rg->n++;
	return 0;
}

/* The claims of page `page` (from 0), newest first, as a new array. */
static json_t *ring_page(struct ring *rg, size_t page)
{
	json_t *arr = json_array();
	size_t held = rg->n < rg->keep ? rg->n : rg->keep;

	for (size_t k = page * LIST_CLAIMS; arr && k < held && k < (page + 1) * LIST_CLAIMS; k++)
		json_array_append(arr, rg->v[(rg->n - 1 - k) % rg->keep]);
	return arr;
}

static void ring_release(struct ring *rg)
{
	for (size_t i = 0; rg->v && i < rg->keep; i++)
		json_decref(rg->v[i]);
	free(rg->v);
}

static int ring_init(struct ring *rg, size_t page)
{
	memset(rg, 0, sizeof *rg);
	rg->keep = (page + 1) * LIST_CLAIMS;
	rg->v = calloc(rg->keep, sizeof *rg->v);
	return rg->v ? CT_OK : CT_ENOMEM;
}

static void claim_list(struct ct_buf *b, json_t *claims)
{
	size_t i;
	json_t *c;

	ct_buf_adds(b, "<ol class=\"voice\">");
	json_array_foreach(claims, i, c) {
		ct_buf_adds(b, "<li>");
		serve_claim_card(b, c, false);
		ct_buf_adds(b, "</li>");
	}
	ct_buf_adds(b, "</ol>\n");
}

/* ---- an outlet ---- */

struct find_outlet {
	const char *name;
	json_t *row;
};

static int on_outlet(const struct ct_store_outlet *o, void *user)
{
	struct find_outlet *f = user;

	if (strcmp(o->name, f->name) != 0)
		return 0;
	f->row = cli_outlet_json(o);
	return 1;
}

void serve_outlet(struct serve_req *r, const char *given)
{
	struct ct_buf *b = &r->out;
	struct find_outlet f = { 0 };
	struct ring rg;
	char *name = NULL;
	json_t *claims = NULL;
	int rc;

	if (!resolve(r, CT_NAME_OUTLET, given, &name))
		return;
	f.name = name;
	if (ring_init(&rg, 0) != CT_OK) {
		free(name);
		return serve_error(r, 500, "out of memory");
	}
	rg.s = r->s;
	rc = ct_store_outlets_in(r->s, &(struct ct_list_filter){ .all = true }, on_outlet, &f);
	if (rc == CT_EABORT)
		rc = f.row ? CT_OK : CT_ENOMEM;
	if (rc == CT_OK && !f.row)
		rc = CT_ENOTFOUND;
	if (rc == CT_OK)
		rc = ct_store_claims(r->s, &(struct ct_claim_filter){ .outlet = name }, ring_keep, &rg);
	if (rc == CT_OK && !(claims = ring_page(&rg, 0)))
		rc = CT_ENOMEM;
	if (rc != CT_OK) {
		rc == CT_ENOTFOUND ? serve_error(r, 404, "no outlet '%s'", given)
		: rc == CT_ENOMEM || rg.failed ? serve_error(r, 500, "out of memory")
		: serve_store_error(r, rc);
		goto out;
	}
	if (r->json) {
		serve_json(r, json_pack("{s:O, s:I, s:O}", "outlet", f.row, "claims_total",
					(json_int_t)rg.n, "claims", claims));
		goto out;
	}
	serve_page_start(r, name, NULL);
	ct_buf_adds(b, "<p class=\"kicker\">outlet</p>\n<h1>");
	serve_esc(b, name);
	serve_addf(b, "</h1>\n<ul class=\"stats\"><li><b>%lld</b><span>documents</span></li>"
		   "<li><b>%lld</b><span>claims</span></li><li><b>%lld</b><span>supports</span></li>"
		   "<li><b>%lld</b><span>refutes</span></li><li><b>%lld</b><span>relayed (via)"
		   "</span></li></ul>\n", serve_jint(f.row, "documents"), serve_jint(f.row, "claims"),
		   serve_jint(f.row, "supports"), serve_jint(f.row, "refutes"),
		   serve_jint(f.row, "via"));
	serve_addf(b, "<h2>Claims in its documents, newest first</h2>\n<p class=\"meta\">%zu of "
		   "%zu shown. <a href=\"/search?outlet=", json_array_size(claims), rg.n);
	serve_urlenc(b, name);
	/* Each of its documents' claims, its copies of others' stories too. */
	ct_buf_adds(b, "&amp;copies=1\">Search them</a></p>\n");
	claim_list(b, claims);
	serve_page_end(r);
out:
	json_decref(claims);
	json_decref(f.row);
	ring_release(&rg);
	free(name);
}

/* ---- a claim ---- */

struct one {
	struct ct_store *s;          /* for the outlets carrying it; NULL: not read */
	json_t *claim;
	int64_t document_id;
	size_t start, end, mstart, mend;
	char *proposition;
	bool failed;                 /* out of memory */
};

static int keep_one(const struct ct_stored_claim *cl, void *user)
{
	struct one *o = user;

	o->claim = cli_claim_json(cl);
	if (o->claim && o->s && cli_claim_json_carried(o->s, cl, o->claim) != CT_OK) {
		json_decref(o->claim);
		o->claim = NULL;
		o->failed = true;
	}
	o->document_id = cl->document_id;
	o->start = cl->sentence_start;
	o->end = cl->sentence_end;
	o->mstart = cl->match_start;
	o->mend = cl->match_end;
	o->proposition = cl->proposition ? strdup(cl->proposition) : NULL;
	return 1;
}

static int keep_review(const struct ct_review *rv, void *user)
{
	json_t *o = json_pack("{s:I, s:s, s:s?, s:s?, s:s, s:s, s:s?, s:s?, s:s?}",
			      "id", (json_int_t)rv->id, "field", rv->field, "value", rv->value,
			      "old_value", rv->old_value, "reviewer", rv->reviewer,
			      "reviewed_at", rv->reviewed_at, "note", rv->note,
			      "undone_at", rv->undone_at, "undone_by", rv->undone_by);

	return !o || json_array_append_new(user, o) != 0;
}

/* The paragraph of doc that holds [start, end): as `show` finds it. */
static void paragraph_of(const struct ct_doc *doc, size_t start, size_t end, size_t *from,
			 size_t *to)
{
	*from = start;
	*to = end;
	for (size_t i = 0; i < doc->n_paragraphs; i++) {
		const struct ct_span *p = &doc->paragraphs[i];
		if (p->start <= start && start < p->end && p->start < *from)
			*from = p->start;
		if (p->start < end && end <= p->end && p->end > *to)
			*to = p->end;
	}
}

static json_t *jslice(const char *s, size_t n)
{
	char *clean = cli_clean_utf8(s, n);
	json_t *j = clean ? json_string(clean) : NULL;

	free(clean);
	return j ? j : json_null();
}

/* Escapes body[from, to) with [s0, s1) in a sentence span and [m0, m1) in
 * <mark>, each clipped to it. */
static void marked(struct ct_buf *b, const char *body, size_t from, size_t to, size_t s0,
		   size_t s1, size_t m0, size_t m1)
{
	size_t cut[6] = { from, s0, m0, m1, s1, to };
	static const char *const open[5] = { "", "<strong class=\"sent\">", "<mark>", "", "" };
	static const char *const close[5] = { "", "", "</mark>", "</strong>", "" };

	for (int i = 1; i < 6; i++) {
		if (cut[i] < cut[i - 1])
			cut[i] = cut[i - 1];
		if (cut[i] > to)
			cut[i] = to;
	}
	for (int i = 0; i < 5; i++) {
		char *part;
		ct_buf_adds(b, open[i]);
		if (cut[i + 1] > cut[i] && (part = strndup(body + cut[i], cut[i + 1] - cut[i]))) {
			serve_esc(b, part);
			free(part);
		}
		ct_buf_adds(b, close[i]);
	}
}

static void review_forms(struct serve_req *r, json_t *c, int64_t id)
{
	struct ct_buf *b = &r->out;
	const char *stance = serve_jstr(c, "stance");
	bool hedged = json_is_true(json_object_get(c, "hedged"));

	ct_buf_adds(b, "<section class=\"review\"><h2>Review</h2>\n");
	if (!r->session) {
		ct_buf_adds(b, "<p class=\"note\"><a href=\"/login\">Log in</a> as a reviewer to "
			    "correct this claim.</p></section>\n");
		return;
	}
#define FORM_START() \
	serve_addf(b, "<form method=\"post\" action=\"/claim/%lld/review\">" \
		   "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", (long long)id, serve_csrf(r))
	FORM_START();
	ct_buf_adds(b, "<input type=\"hidden\" name=\"action\" value=\"speaker\">"
		    "<label>Speaker <input name=\"value\" required value=\"");
	serve_esc(b, serve_jstr(c, "speaker"));
	ct_buf_adds(b, "\"></label><input name=\"note\" placeholder=\"note (why)\" "
		    "aria-label=\"note\"><button type=\"submit\">Set the speaker</button></form>\n");
	FORM_START();
	serve_addf(b, "<input type=\"hidden\" name=\"action\" value=\"stance\">"
		   "<input type=\"hidden\" name=\"value\" value=\"%s\">"
		   "<input name=\"note\" placeholder=\"note (why)\" aria-label=\"note\">"
		   "<button type=\"submit\">It %s the proposition</button></form>\n",
		   stance && strcmp(stance, "refutes") == 0 ? "supports" : "refutes",
		   stance && strcmp(stance, "refutes") == 0 ? "supports" : "refutes");
	FORM_START();
	serve_addf(b, "<input type=\"hidden\" name=\"action\" value=\"hedged\">"
		   "<input type=\"hidden\" name=\"value\" value=\"%s\">"
		   "<input name=\"note\" placeholder=\"note (why)\" aria-label=\"note\">"
		   "<button type=\"submit\">%s</button></form>\n", hedged ? "no" : "yes",
		   hedged ? "It is asserted, not hedged" : "It is hedged, not asserted");
	FORM_START();
	ct_buf_adds(b, "<input type=\"hidden\" name=\"action\" value=\"accept\">"
		    "<input name=\"note\" placeholder=\"note (why)\" aria-label=\"note\">"
		    "<button type=\"submit\">Accept: it is right</button></form>\n");
	FORM_START();
	ct_buf_adds(b, "<input type=\"hidden\" name=\"action\" value=\"reject\">"
		    "<input name=\"note\" placeholder=\"note (why)\" aria-label=\"note\">"
		    "<button type=\"submit\">Reject: it is wrong</button></form>\n");
	if (json_is_true(json_object_get(c, "reviewed"))) {
		FORM_START();
		ct_buf_adds(b, "<input type=\"hidden\" name=\"action\" value=\"undo\">"
			    "<button type=\"submit\">Undo the latest review</button></form>\n");
	}
#undef FORM_START
	ct_buf_adds(b, "</section>\n");
}

void serve_claim(struct serve_req *r, int64_t id)
{
	struct ct_buf *b = &r->out;
	struct one o = { .s = r->s };
	struct ct_doc *doc = NULL;
	json_t *reviews = json_array(), *para = json_null(), *c, *rule, *rv, *cues, *page;
	char *jsonld = NULL;
	size_t from = 0, to = 0, i;
	const char *msg = serve_arg(r, "done");
	int rc;

	rc = ct_store_claims(r->s, &(struct ct_claim_filter){ .claim_id = id }, keep_one, &o);
	if (rc != CT_OK && rc != CT_EABORT) {
		serve_store_error(r, rc);
		goto out;
	}
	if (o.failed) {
		serve_error(r, 500, "out of memory");
		goto out;
	}
	if (!o.claim) {
		serve_error(r, 404, "no claim %lld (a claim a reviewer rejected leaves the record)",
			    (long long)id);
		goto out;
	}
	c = o.claim;
	if ((rc = ct_store_reviews(r->s, id, true, keep_review, reviews)) != CT_OK) {
		serve_store_error(r, rc);
		goto out;
	}
	json_object_set(c, "reviews", reviews);
	rc = ct_store_load_document(r->s, o.document_id, &doc);
	if (rc == CT_OK) {
		paragraph_of(doc, o.start, o.end, &from, &to);
		json_decref(para);
		para = json_pack("{s:o, s:[I, I]}", "text", jslice(doc->body + from, to - from),
				 "span", (json_int_t)from, (json_int_t)to);
	} else if (rc != CT_ENOTEXT) {
		serve_store_error(r, rc);
		goto out;
	}
	if ((rc = serve_claimreview(r, id, &jsonld)) != CT_OK) {
		serve_store_error(r, rc);
		goto out;
	}
	if (r->json) {
		page = json_pack("{s:O, s:O}", "claim", c, "paragraph", para);
		if (page && jsonld)
			json_object_set_new(page, "claimreview", json_loads(jsonld, 0, NULL));
		serve_json(r, page);
		goto out;
	}
	{
		char title[64];
		snprintf(title, sizeof title, "Claim %lld", (long long)id);
		serve_page_start(r, title, NULL);
	}
	if (msg)
		ct_buf_adds(b, "<p class=\"msg\">Review recorded.</p>\n");
	ct_buf_adds(b, "<p class=\"kicker\">claim ");
	serve_addf(b, "%lld \xc2\xb7 ", (long long)id);
	serve_esc(b, serve_jstr(c, "proposition"));
	ct_buf_adds(b, "</p>\n<h1>");
	serve_link(b, "/proposition/", serve_jstr(c, "proposition"), serve_jstr(c, "title"));
	ct_buf_adds(b, "</h1>\n");
	serve_claim_card(b, c, true);
	if (jsonld) {
		/* A data block, never run (the CSP allows no inline script);
		 * '<', '>' and '&' are \u escapes, so no text ends it. */
		ct_buf_adds(b, "<script type=\"application/ld+json\">");
		ct_buf_adds(b, jsonld);
		ct_buf_adds(b, "</script>\n");
	}
	ct_buf_adds(b, "<h2>In its paragraph</h2>\n");
	if (doc) {
		ct_buf_adds(b, "<p class=\"para\">");
		marked(b, doc->body, from, to, o.start, o.end, o.mstart, o.mend);
		ct_buf_adds(b, "</p>\n");
	} else {
		ct_buf_adds(b, "<p class=\"note\">The document was stored before claimtrack kept "
			    "texts: only the sentence is known.</p>\n");
	}
	rule = json_object_get(c, "rule");
	ct_buf_adds(b, "<h2>The rule that found it</h2>\n<div class=\"table\"><table><tbody>"
		    "<tr><th>file</th><td><code>");
	serve_esc(b, serve_jstr(rule, "file"));
	serve_addf(b, ":%lld</code></td></tr><tr><th>pattern</th><td><code>",
		   serve_jint(rule, "line"));
	serve_esc(b, serve_jstr(rule, "pattern"));
	serve_addf(b, "</code></td></tr><tr><th>polarity</th><td>%s</td></tr>"
		   "<tr><th>rev</th><td>%lld</td></tr><tr><th>fingerprint</th><td><code>",
		   serve_jstr(rule, "polarity") ? serve_jstr(rule, "polarity") : "",
		   serve_jint(rule, "rev"));
	serve_esc(b, serve_jstr(rule, "fingerprint"));
	ct_buf_adds(b, "</code></td></tr>");
	cues = json_object_get(c, "cues");
	{
		const char *key;
		json_t *v;
		json_object_foreach(cues, key, v) {
			ct_buf_adds(b, "<tr><th>");
			serve_esc(b, key);
			ct_buf_adds(b, " cue</th><td>");
			serve_esc(b, json_string_value(v));
			ct_buf_adds(b, "</td></tr>");
		}
	}
	ct_buf_adds(b, "<tr><th>match</th><td>");
	serve_esc(b, serve_jstr(c, "match"));
	ct_buf_adds(b, "</td></tr></tbody></table></div>\n<h2>Reviews</h2>\n");
	if (json_array_size(reviews) == 0)
		ct_buf_adds(b, "<p class=\"note\">None yet.</p>\n");
	else
		ct_buf_adds(b, "<div class=\"table\"><table><thead><tr><th>when</th><th>who</th>"
			    "<th>what</th><th>note</th></tr></thead><tbody>");
	json_array_foreach(reviews, i, rv) {
		ct_buf_adds(b, "<tr><td class=\"d\">");
		serve_esc(b, serve_jstr(rv, "reviewed_at"));
		ct_buf_adds(b, "</td><td>");
		serve_esc(b, serve_jstr(rv, "reviewer"));
		ct_buf_adds(b, "</td><td>");
		serve_esc(b, serve_jstr(rv, "field"));
		ct_buf_adds(b, " ");
		serve_esc(b, serve_jstr(rv, "value"));
		if (serve_jstr(rv, "old_value")) {
			ct_buf_adds(b, " (was ");
			serve_esc(b, serve_jstr(rv, "old_value"));
			ct_buf_adds(b, ")");
		}
		if (serve_jstr(rv, "undone_at")) {
			ct_buf_adds(b, " <span class=\"badge\">undone</span> by ");
			serve_esc(b, serve_jstr(rv, "undone_by"));
		}
		ct_buf_adds(b, "</td><td>");
		serve_esc(b, serve_jstr(rv, "note"));
		ct_buf_adds(b, "</td></tr>");
		if (i + 1 == json_array_size(reviews))
			ct_buf_adds(b, "</tbody></table></div>\n");
	}
	if (r->sv->reviewers)
		review_forms(r, c, id);
	serve_page_end(r);
out:
	json_decref(o.claim);
	json_decref(reviews);
	json_decref(para);
	free(o.proposition);
	free(jsonld);
	ct_doc_free(doc);
}

/* ---- a review from the claim page's forms ---- */

void serve_review(struct serve_req *r, int64_t id)
{
	const char *action = serve_form(r, "action"), *value = serve_form(r, "value");
	const char *note = serve_form(r, "note");
	struct ct_review_request rq = { .claim_id = id, .reviewer = r->session->reviewer };
	struct ct_store *w = NULL;
	struct one o = { 0 };
	int64_t review_id = 0;
	char where[256];
	int rc;

	if (!action) {
		serve_error(r, 400, "the form has no action");
		return;
	}
	if (note && !*note)
		note = NULL;
	rq.note = note;
	rq.value = value;
	if (strcmp(action, "speaker") == 0 && value && value[strspn(value, " \t\r\n")]) {
		rq.field = CT_REVIEW_SPEAKER;
	} else if (strcmp(action, "stance") == 0 && value &&
		   (strcmp(value, "supports") == 0 || strcmp(value, "refutes") == 0)) {
		rq.field = CT_REVIEW_STANCE;
	} else if (strcmp(action, "hedged") == 0 && value &&
		   (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0)) {
		rq.field = CT_REVIEW_HEDGED;
		rq.value = strcmp(value, "yes") == 0 ? "1" : "0";
	} else if (strcmp(action, "reject") == 0 || strcmp(action, "accept") == 0) {
		rq.field = CT_REVIEW_VERDICT;
		rq.value = strcmp(action, "reject") == 0 ? "rejected" : "accepted";
	} else if (strcmp(action, "undo") != 0) {
		serve_error(r, 400, "'%s' is not a review this form makes (speaker, stance, hedged, "
			    "accept, reject, undo) or its value is missing", action);
		return;
	}
	/* The proposition, for where a rejected claim's page sends one. */
	ct_store_claims(r->s, &(struct ct_claim_filter){ .claim_id = id }, keep_one, &o);
	if (cli_open_store(r->sv->g, 0, &w) != EXIT_OK) {
		serve_error(r, 500, "cannot open the database to write the review");
		goto out;
	}
	if (strcmp(action, "undo") == 0)
		rc = ct_store_review_undo(w, id, r->session->reviewer, &review_id);
	else
		rc = ct_store_review(w, &rq, &review_id);
	if (rc == CT_ENOTFOUND || rc == CT_EINVAL) {
		serve_error(r, rc == CT_ENOTFOUND ? 404 : 409, "%s", ct_store_errmsg(w));
		goto out;
	}
	if (rc != CT_OK) {
		serve_error(r, 500, "the database failed: %s", ct_store_errmsg(w));
		goto out;
	}
	if (r->json) {
		serve_json(r, json_pack("{s:I, s:I, s:s}", "review", (json_int_t)review_id,
					"claim", (json_int_t)id, "action", action));
		goto out;
	}
	if (rq.field == CT_REVIEW_VERDICT && strcmp(action, "reject") == 0 && o.proposition) {
		struct ct_buf loc = CT_BUF_INIT(200);
		ct_buf_adds(&loc, "/proposition/");
		serve_urlenc(&loc, o.proposition);
		snprintf(where, sizeof where, "%s", loc.p ? loc.p : "/");
		ct_buf_release(&loc);
	} else {
		snprintf(where, sizeof where, "/claim/%lld?done=1", (long long)id);
	}
	serve_redirect(r, where);
out:
	ct_store_close(w);
	json_decref(o.claim);
	free(o.proposition);
}

/* ---- a document ---- */

struct doc_claims {
	struct ct_store *s;          /* for the outlets carrying a story's claims */
	json_t *arr;
	struct { size_t start, end; int64_t id; } *v;
	size_t n, cap;
	bool failed;
};

static int keep_doc_claim(const struct ct_stored_claim *cl, void *user)
{
	struct doc_claims *d = user;
	json_t *o = cli_claim_json(cl);

	if (!o || cli_claim_json_carried(d->s, cl, o) != CT_OK ||
	    !CT_VEC_RESERVE(d->v, d->cap, d->n + 1)) {
		json_decref(o);
		return d->failed = true, 1;
	}
	d->v[d->n].start = cl->sentence_start;
	d->v[d->n].end = cl->sentence_end;
	d->v[d->n].id = cl->id;
	d->n++;
	json_object_set_new(o, "mark", json_integer((json_int_t)d->n));
	return json_array_append_new(d->arr, o) != 0;
}

/* Escapes body[from, to) with the sentences of claims in it marked and
 * linked to the first claim on each (overlapping ones share a mark). */
static void marked_text(struct ct_buf *b, const char *body, size_t from, size_t to,
			const struct doc_claims *d)
{
	size_t pos = from;

	while (pos < to) {
		size_t next = to, end = 0;
		int64_t id = 0;
		for (size_t i = 0; i < d->n; i++) {
			if (d->v[i].start <= pos && pos < d->v[i].end) {
				if (!id || d->v[i].end > end) {
					end = d->v[i].end;
					id = id ? id : d->v[i].id;
				}
			} else if (d->v[i].start > pos && d->v[i].start < next) {
				next = d->v[i].start;
			}
		}
		char *part;
		if (id) {
			if (end > to)
				end = to;
			serve_addf(b, "<mark><a href=\"/claim/%lld\">", (long long)id);
			if ((part = strndup(body + pos, end - pos))) {
				serve_esc(b, part);
				free(part);
			}
			ct_buf_adds(b, "</a></mark>");
			pos = end;
		} else {
			if ((part = strndup(body + pos, next - pos))) {
				serve_esc(b, part);
				free(part);
			}
			pos = next;
		}
	}
}

void serve_document(struct serve_req *r, int64_t id)
{
	struct ct_buf *b = &r->out;
	struct ct_store_document info = { 0 };
	struct doc_claims d = { .s = r->s, .arr = json_array() };
	struct ct_doc *doc = NULL;
	json_t *paras = json_array();
	bool have_info = false;
	int rc;

	if ((rc = ct_store_document_info(r->s, id, &info)) != CT_OK) {
		rc == CT_ENOTFOUND ? serve_error(r, 404, "no document %lld", (long long)id)
				   : serve_store_error(r, rc);
		goto out;
	}
	have_info = true;
	rc = info.has_text ? ct_store_load_document(r->s, id, &doc) : CT_OK;
	if (rc == CT_OK)
		rc = ct_store_claims(r->s, &(struct ct_claim_filter){ .document_id = id },
				     keep_doc_claim, &d);
	if (rc != CT_OK || d.failed) {
		d.failed ? serve_error(r, 500, "out of memory") : serve_store_error(r, rc);
		goto out;
	}
	for (size_t i = 0; doc && i < doc->n_paragraphs; i++)
		json_array_append_new(paras, json_pack("[I, I]", (json_int_t)doc->paragraphs[i].start,
						       (json_int_t)doc->paragraphs[i].end));
	if (r->json) {
		serve_json(r, json_pack("{s:{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:O, s:o, "
					"s:I}, s:O}",
			"document", "id", (json_int_t)id, "title", serve_jtext(info.title),
			"date", serve_jtext(info.date), "outlet", serve_jtext(info.outlet),
			"url", serve_jtext(info.url), "source", serve_jtext(info.source),
			"author", serve_jtext(info.author), "lang", serve_jtext(info.lang),
			"text", doc ? jslice(doc->body, doc->body_len) : json_null(),
			"paragraphs", paras,
			"copy_of", info.copy_of ? json_integer(info.copy_of) : json_null(),
			"copies", (json_int_t)info.n_copies, "claims", d.arr));
		goto out;
	}
	serve_page_start(r, info.title ? info.title : "Document", NULL);
	serve_addf(b, "<p class=\"kicker\">document %lld</p>\n<h1>", (long long)id);
	serve_esc(b, info.title ? info.title : "(no title)");
	ct_buf_adds(b, "</h1>\n<p class=\"meta\">");
	if (info.outlet)
		serve_link(b, "/outlet/", info.outlet, info.outlet);
	else
		ct_buf_adds(b, "outlet unknown");
	ct_buf_adds(b, ", ");
	serve_esc(b, info.date ? info.date : "undated");
	if (info.author) {
		ct_buf_adds(b, ", by ");
		serve_esc(b, info.author);
	}
	ct_buf_adds(b, "</p>\n");
	if (info.url) {
		ct_buf_adds(b, "<p class=\"src\">");
		if (strncmp(info.url, "https://", 8) == 0 || strncmp(info.url, "http://", 7) == 0) {
			ct_buf_adds(b, "<a rel=\"noopener noreferrer nofollow\" href=\"");
			serve_esc(b, info.url);
			ct_buf_adds(b, "\">");
			serve_esc(b, info.url);
			ct_buf_adds(b, "</a>");
		} else {
			serve_esc(b, info.url);
		}
		ct_buf_adds(b, "</p>\n");
	}
	if (info.copy_of)
		serve_addf(b, "<p class=\"meta carried\">A copy of the story first stored as "
			   "<a href=\"/document/%lld\">document %lld</a>: its claims count once, "
			   "there.</p>\n", (long long)info.copy_of, (long long)info.copy_of);
	else if (info.n_copies)
		serve_addf(b, "<p class=\"meta carried\">The first of a story carried %zu more "
			   "time%s (copies found at ingest): its claims count once.</p>\n",
			   info.n_copies, info.n_copies == 1 ? "" : "s");
	serve_addf(b, "<p class=\"meta\">%zu claim%s, marked in the text.</p>\n", d.n,
		   d.n == 1 ? "" : "s");
	if (doc) {
		ct_buf_adds(b, "<div class=\"doc\">");
		for (size_t i = 0; i < doc->n_paragraphs; i++) {
			ct_buf_adds(b, "<p>");
			marked_text(b, doc->body, doc->paragraphs[i].start, doc->paragraphs[i].end, &d);
			ct_buf_adds(b, "</p>\n");
		}
		ct_buf_adds(b, "</div>\n");
	} else {
		ct_buf_adds(b, "<p class=\"note\">Stored before claimtrack kept texts: no text.</p>\n");
	}
	ct_buf_adds(b, "<h2>Its claims</h2>\n");
	claim_list(b, d.arr);
	serve_page_end(r);
out:
	if (have_info)
		ct_store_document_release(&info);
	json_decref(d.arr);
	json_decref(paras);
	free(d.v);
	ct_doc_free(doc);
}

/* ---- the search ---- */

static void input(struct ct_buf *b, const char *label, const char *name, const char *type,
		  const char *value)
{
	serve_addf(b, "<label>%s <input type=\"%s\" name=\"%s\" value=\"", label, type, name);
	serve_esc(b, value);
	ct_buf_adds(b, "\"></label>");
}

static int option_proposition(const char *id, bool is_tag, void *user)
{
	struct { struct ct_buf *b; const char *sel; } *u = user;

	if (is_tag)
		return 0;
	ct_buf_adds(u->b, "<option value=\"");
	serve_esc(u->b, id);
	ct_buf_adds(u->b, u->sel && strcmp(u->sel, id) == 0 ? "\" selected>" : "\">");
	serve_esc(u->b, id);
	ct_buf_adds(u->b, "</option>");
	return 0;
}

/* Appends "&name=value" for a filter that is set. */
static void carry(struct ct_buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	serve_addf(b, "&amp;%s=", name);
	serve_urlenc(b, value);
}

void serve_search(struct serve_req *r)
{
	struct ct_buf *b = &r->out;
	const char *q = serve_arg(r, "q"), *speaker = serve_arg(r, "speaker");
	const char *outlet = serve_arg(r, "outlet"), *prop = serve_arg(r, "proposition");
	const char *stance = serve_arg(r, "stance"), *since = serve_arg(r, "since");
	const char *until = serve_arg(r, "until"), *page_arg = serve_arg(r, "page");
	const char *copies = serve_arg(r, "copies");
	struct ct_claim_filter f = { 0 };
	char *sp_name = NULL, *out_name = NULL;
	struct ring rg = { 0 };
	json_t *claims = NULL;
	size_t page = 0;
	bool any = q || speaker || outlet || prop || stance || since || until;
	int rc;

	if (page_arg) {
		char *end;
		unsigned long v = strtoul(page_arg, &end, 10);
		if (*end || v < 1 || v > MAX_PAGES)
			return serve_error(r, 400, "page '%s' is not 1 to %d", page_arg, MAX_PAGES);
		page = v - 1;
	}
	if ((since && !ct_date_valid(since)) || (until && !ct_date_valid(until)))
		return serve_error(r, 400, "a date is not YYYY-MM-DD");
	if (since && until && strcmp(since, until) > 0)
		return serve_error(r, 400, "since %s is after until %s", since, until);
	if (stance && strcmp(stance, "supports") && strcmp(stance, "refutes"))
		return serve_error(r, 400, "stance '%s' is not supports or refutes", stance);
	if (q && strlen(q) > 200)
		return serve_error(r, 400, "the words to search are more than 200 bytes");
	if (speaker && !resolve(r, CT_NAME_SPEAKER, speaker, &sp_name))
		return;
	if (outlet && !resolve(r, CT_NAME_OUTLET, outlet, &out_name))
		goto out;
	f.speaker = sp_name;
	f.outlet = out_name;
	f.proposition = prop;
	f.since = since;
	f.until = until;
	f.stance = !stance ? CT_STANCE_NONE : strcmp(stance, "refutes") == 0 ? CT_REFUTES
									      : CT_SUPPORTS;
	/* As `claims`: a story's claim once, unless each copy's is asked for. */
	if (copies && !*copies)
		copies = NULL;
	f.once_per_story = !copies;
	if (ring_init(&rg, page) != CT_OK) {
		serve_error(r, 500, "out of memory");
		goto out;
	}
	rg.text = q;
	rg.s = r->s;
	if (any) {
		rc = ct_store_claims(r->s, &f, ring_keep, &rg);
		if (rc != CT_OK) {
			rg.failed ? serve_error(r, 500, "out of memory") : serve_store_error(r, rc);
			goto out;
		}
	}
	if (!(claims = ring_page(&rg, page))) {
		serve_error(r, 500, "out of memory");
		goto out;
	}
	if (r->json) {
		serve_json(r, json_pack("{s:{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}, s:I, s:I, s:O}",
			"filters", "q", serve_jtext(q), "speaker", serve_jtext(sp_name),
			"outlet", serve_jtext(out_name), "proposition", serve_jtext(prop),
			"stance", serve_jtext(stance), "since", serve_jtext(since),
			"until", serve_jtext(until), "copies", copies != NULL, "total", (json_int_t)rg.n,
			"page", (json_int_t)page + 1, "claims", claims));
		goto out;
	}
	serve_page_start(r, q ? q : "Search", q);
	ct_buf_adds(b, "<h1>Search claims</h1>\n<form class=\"filters\" action=\"/search\" "
		    "method=\"get\">");
	input(b, "Words in the sentence", "q", "search", q);
	input(b, "Speaker", "speaker", "text", sp_name ? sp_name : speaker);
	input(b, "Outlet", "outlet", "text", out_name ? out_name : outlet);
	ct_buf_adds(b, "<label>Proposition <select name=\"proposition\"><option value=\"\">any"
		    "</option>");
	{
		struct { struct ct_buf *b; const char *sel; } u = { b, prop };
		ct_report_names(r->s, option_proposition, &u);
	}
	serve_addf(b, "</select></label><label>Stance <select name=\"stance\">"
		   "<option value=\"\">either</option><option%s>supports</option>"
		   "<option%s>refutes</option></select></label>",
		   stance && strcmp(stance, "supports") == 0 ? " selected" : "",
		   stance && strcmp(stance, "refutes") == 0 ? " selected" : "");
	input(b, "Since", "since", "date", since);
	input(b, "Until", "until", "date", until);
	serve_addf(b, "<label class=\"check\"><span><input type=\"checkbox\" name=\"copies\" "
		   "value=\"1\"%s> each copy of a story</span></label>", copies ? " checked" : "");
	ct_buf_adds(b, "<button class=\"go\" type=\"submit\">Search</button></form>\n");
	if (!any) {
		ct_buf_adds(b, "<p class=\"note\">Give words, a speaker, an outlet, a proposition or "
			    "dates. The address of the results can be shared.</p>\n");
	} else {
		serve_addf(b, "<p class=\"meta\" id=\"results\">%zu claim%s match%s, newest first",
			   rg.n, rg.n == 1 ? "" : "s", rg.n == 1 ? "es" : "");
		if (rg.n > LIST_CLAIMS)
			serve_addf(b, "; page %zu", page + 1);
		ct_buf_adds(b, ".</p>\n");
		claim_list(b, claims);
		ct_buf_adds(b, "<p class=\"pager\">");
		for (int older = 0; older <= 1; older++) {
			/* Pages are counted from 1 in the address, page from 0 here. */
			size_t to = older ? page + 2 : page;
			if ((!older && page == 0) ||
			    (older && ((page + 1) * LIST_CLAIMS >= rg.n || page + 1 >= MAX_PAGES)))
				continue;
			serve_addf(b, "<a href=\"/search?page=%zu", to);
			carry(b, "q", q);
			carry(b, "speaker", sp_name);
			carry(b, "outlet", out_name);
			carry(b, "proposition", prop);
			carry(b, "stance", stance);
			carry(b, "since", since);
			carry(b, "until", until);
			carry(b, "copies", copies);
			ct_buf_adds(b, older ? "\">Older \xe2\x86\x92</a>" : "\">\xe2\x86\x90 Newer</a>");
		}
		ct_buf_adds(b, "</p>\n");
	}
	serve_page_end(r);
out:
	json_decref(claims);
	ring_release(&rg);
	free(sp_name);
	free(out_name);
}

/* ---- logging in ---- */

void serve_login_page(struct serve_req *r, const char *message)
{
	struct ct_buf *b = &r->out;

	if (r->json)
		return serve_error(r, r->status == 200 ? 400 : r->status, "%s",
				   message ? message : "log in with the HTML form");
	serve_page_start(r, "Log in", NULL);
	ct_buf_adds(b, "<h1>Log in to review</h1>\n");
	if (message) {
		ct_buf_adds(b, "<p class=\"msg err\">");
		serve_esc(b, message);
		ct_buf_adds(b, "</p>\n");
	}
	ct_buf_adds(b, "<form class=\"filters\" method=\"post\" action=\"/login\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"");
	serve_esc(b, serve_csrf(r));
	ct_buf_adds(b, "\"><label>Name <input name=\"name\" autocomplete=\"username\" required>"
		    "</label><label>Token <input type=\"password\" name=\"token\" "
		    "autocomplete=\"current-password\" required></label>"
		    "<button class=\"go\" type=\"submit\">Log in</button></form>\n"
		    "<p class=\"note\">The names and tokens are in the file given to "
		    "<code>claimtrack serve --reviewers</code>.</p>\n");
	serve_page_end(r);
}

/* ---- a claim's ClaimReview ---- */

/* The rated claim and its first appearance, as `export` finds them. */
struct rated {
	const struct ct_ruleset *rules;
	const struct ct_proposition *p;
	const char *publisher;
	struct ct_arena arena;          /* the strings below */
	struct ct_claimreview cr;
	bool have, failed;
	/* The first appearance: the earliest claim, dated first, of the same
	 * speaker (exactly), kind and stance that is rated. */
	enum ct_stance stance;
	const char *first_url, *first_title, *first_published, *first_outlet;
	bool first, first_dated;
};

static const char *rkeep(struct rated *rt, const char *s)
{
	char *k;

	if (!s)
		return NULL;
	if (!(k = ct_arena_strndup(&rt->arena, s, strlen(s))))
		rt->failed = true;
	return k;
}

static int rate_one(const struct ct_stored_claim *c, void *user)
{
	struct rated *rt = user;
	struct ct_claimreview *cr = &rt->cr;

	for (size_t i = 0; c->proposition && i < ct_ruleset_n_propositions(rt->rules); i++)
		if (strcmp(ct_ruleset_proposition(rt->rules, i)->id, c->proposition) == 0)
			rt->p = ct_ruleset_proposition(rt->rules, i);
	if (!rt->p || !cli_claimreview_of(c, rt->p, rt->publisher, cr))
		return 1;
	rt->have = true;
	rt->stance = c->stance;
	cr->sentence = rkeep(rt, c->sentence);
	cr->match = rkeep(rt, c->match);
	cr->speaker = rkeep(rt, c->speaker);
	cr->date = rkeep(rt, cr->date);
	cr->url = rkeep(rt, c->document_url);
	cr->title = rkeep(rt, c->document_title);
	cr->published = rkeep(rt, c->date);
	cr->outlet = rkeep(rt, c->outlet);
	return 1;
}

/* Claims come oldest first (undated ones first): the first dated one wins,
 * else the first one, as export's first_of(). */
static int first_one(const struct ct_stored_claim *c, void *user)
{
	struct rated *rt = user;
	struct ct_claimreview tmp;

	if (!c->speaker || strcmp(c->speaker, rt->cr.speaker) != 0 ||
	    c->speaker_kind != rt->cr.speaker_kind || c->stance != rt->stance ||
	    !cli_claimreview_of(c, rt->p, rt->publisher, &tmp))
		return 0;
	if (rt->first && (rt->first_dated || !c->date))
		return 0;
	rt->first = true;
	rt->first_dated = c->date != NULL;
	rt->first_url = rkeep(rt, c->document_url);
	rt->first_title = rkeep(rt, c->document_title);
	rt->first_published = rkeep(rt, c->date);
	rt->first_outlet = rkeep(rt, c->outlet);
	return rt->failed;
}

int serve_claimreview(struct serve_req *r, int64_t id, char **out)
{
	struct rated rt = { .rules = r->sv->rules, .publisher = r->sv->publisher };
	bool verdicts = false;
	int rc;

	*out = NULL;
	/* The store is asked only when some proposition has a verdict. */
	for (size_t i = 0; rt.rules && i < ct_ruleset_n_propositions(rt.rules); i++)
		verdicts = verdicts || ct_ruleset_proposition(rt.rules, i)->verdict;
	if (!verdicts)
		return CT_OK;
	rc = ct_store_claims(r->s, &(struct ct_claim_filter){ .claim_id = id }, rate_one, &rt);
	if (rc != CT_OK && rc != CT_EABORT)
		goto out;
	rc = CT_OK;
	if (!rt.have)
		goto out;
	if (rt.failed) {
		rc = CT_ENOMEM;
		goto out;
	}
	if (rt.cr.speaker) {
		struct ct_claim_filter f = { .proposition = rt.p->id, .speaker = rt.cr.speaker };
		rc = ct_store_claims(r->s, &f, first_one, &rt);
		if (rc == CT_EABORT || rt.failed) {
			rc = CT_ENOMEM;
			goto out;
		}
		if (rc != CT_OK)
			goto out;
		if (rt.first && !(rt.first_url && rt.cr.url && strcmp(rt.first_url, rt.cr.url) == 0)) {
			rt.cr.first_url = rt.first_url;
			rt.cr.first_title = rt.first_title;
			rt.cr.first_published = rt.first_published;
			rt.cr.first_outlet = rt.first_outlet;
		}
	}
	if (!(*out = ct_claimreview_jsonld(&rt.cr)))
		rc = CT_ENOMEM;
out:
	ct_arena_release(&rt.arena);
	return rc;
}
