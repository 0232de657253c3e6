/* A report as one JSON document: everything the HTML page shows. */
#include "claimtrack/report.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static json_t *str_or_null(const char *s)
{
	json_t *j;

	if (!s || !*s)
		return json_null();
	j = json_string(s);
	return j ? j : json_null();
}

/* The outlets carrying a claim: the copies of its story, or its outlet. */
static json_t *carried_json(const struct ct_report_claim *c)
{
	json_t *arr = json_array();
	const char *p = c->carried_by;

	if (!p) {
		if (c->outlet)
			json_array_append_new(arr, json_string(c->outlet));
		return arr;
	}
	while (arr) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		json_array_append_new(arr, json_stringn(p, n));
		if (!end)
			break;
		p = end + 1;
	}
	return arr;
}

static json_t *claim_json(const struct ct_report_claim *c)
{
	json_t *o = json_pack("{s:I, s:s, s:b, s:b, s:o, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, "
			 "s:{s:I, s:o, s:o, s:o}, s:{s:o, s:i}}",
		"id", (json_int_t)c->id,
		"stance", ct_stance_name(c->stance),
		"hedged", c->hedged,
		"new", c->is_new,
		"speaker", str_or_null(c->speaker),
		"speaker_kind", ct_speaker_kind_name(c->speaker_kind),
		"role", str_or_null(c->role),
		"via", str_or_null(c->via),
		"outlet", str_or_null(c->outlet),
		"date", str_or_null(c->date),
		"date_kind", c->statement_date ? "statement" : "publication",
		"published", str_or_null(c->published),
		"sentence", str_or_null(c->sentence),
		"match", str_or_null(c->match),
		"document", "id", (json_int_t)c->document_id, "url", str_or_null(c->url),
		"title", str_or_null(c->title), "source", str_or_null(c->source),
		"rule", "file", str_or_null(c->rule_file), "line", c->rule_line);

	if (o)
		json_object_set_new(o, "framing", str_or_null(c->framing));
	if (o)
		json_object_set_new(o, "reviewed", json_boolean(c->reviewed));
	if (o)
		json_object_set_new(o, "carried_by", carried_json(c));
	return o;
}

static json_t *speakers_json(const struct ct_report_speaker *v, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:o, s:s, s:o, s:I, s:I, s:o, s:o, s:o}",
			"name", str_or_null(v[i].name),
			"kind", ct_speaker_kind_name(v[i].kind),
			"role", str_or_null(v[i].role),
			"claims", (json_int_t)v[i].claims,
			"hedged", (json_int_t)v[i].hedged,
			"first", str_or_null(v[i].first),
			"last", str_or_null(v[i].last),
			"outlets", str_or_null(v[i].outlets)));
	return arr;
}

static json_t *tags_json(const char *tags)
{
	json_t *arr = json_array();
	const char *p = tags ? tags : "";

	while (*p) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n)
			json_array_append_new(arr, json_stringn(p, n));
		p += n;
		while (*p == ' ')
			p++;
	}
	return arr;
}

/*
 * The object of claim c, one of p's claims: each claim's object is made
 * once and shared (one more reference each time) by the contradictions
 * and changes that show it again. made[] has p->n_claims entries.
 */
static json_t *shared_claim_json(const struct ct_report_proposition *p, json_t **made,
				 const struct ct_report_claim *c)
{
	uintptr_t at = (uintptr_t)c, start = (uintptr_t)p->claims;
	size_t i = (size_t)(at - start) / sizeof *c;

	/* A claim from elsewhere (a report made by hand may have one) is not shared. */
	if (at < start || i >= p->n_claims || &p->claims[i] != c)
		return claim_json(c);
	if (!made[i])
		made[i] = claim_json(c);
	return json_incref(made[i]);
}

/* Outlets in their own voice: each with its counts and its sample claim. */
static json_t *own_outlets_json(const struct ct_report_proposition *p, json_t **made,
				const struct ct_report_speaker *v, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:o, s:I, s:I, s:o, s:o, s:o}",
			"name", str_or_null(v[i].name),
			"claims", (json_int_t)v[i].claims,
			"hedged", (json_int_t)v[i].hedged,
			"first", str_or_null(v[i].first),
			"last", str_or_null(v[i].last),
			"sample", v[i].sample ? shared_claim_json(p, made, v[i].sample) : json_null()));
	return arr;
}

static json_t *own_voice_json(const struct ct_report_proposition *p, json_t **made)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o}",
		"supports", (json_int_t)p->own_supports,
		"refutes", (json_int_t)p->own_refutes,
		"hedged_supports", (json_int_t)p->own_hedged_supports,
		"hedged_refutes", (json_int_t)p->own_hedged_refutes,
		"outlets_supporting", (json_int_t)p->outlets_supporting,
		"outlets_refuting", (json_int_t)p->outlets_refuting,
		"supporters", own_outlets_json(p, made, p->own_supporters, p->n_own_supporters),
		"refuters", own_outlets_json(p, made, p->own_refuters, p->n_own_refuters));
}

static json_t *proposition_json(const struct ct_report_proposition *p)
{
	json_t *own;
	json_t *claims = json_array(), *contra = json_array(), *changes = json_array();
	json_t **made = calloc(p->n_claims ? p->n_claims : 1, sizeof *made);

	if (!made) {
		json_decref(claims);
		json_decref(contra);
		json_decref(changes);
		return NULL;
	}
	for (size_t i = 0; i < p->n_claims; i++)
		json_array_append_new(claims, shared_claim_json(p, made, &p->claims[i]));
	for (size_t i = 0; i < p->n_contradictions; i++)
		json_array_append_new(contra, json_pack("{s:o, s:o, s:b}",
			"supports", shared_claim_json(p, made, p->contradictions[i].supports),
			"refutes", shared_claim_json(p, made, p->contradictions[i].refutes),
			"new", p->contradictions[i].is_new));
	for (size_t i = 0; i < p->n_changes; i++)
		json_array_append_new(changes, json_pack("{s:o, s:o, s:o, s:b}",
			"speaker", str_or_null(p->changes[i].speaker),
			"from", shared_claim_json(p, made, p->changes[i].from),
			"to", shared_claim_json(p, made, p->changes[i].to),
			"new", p->changes[i].is_new));
	own = own_voice_json(p, made);
	/* The arrays hold their own references now. */
	for (size_t i = 0; i < p->n_claims; i++)
		json_decref(made[i]);
	free(made);
	return json_pack("{s:s, s:o, s:i, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:o, s:o, "
			 "s:o, s:o, s:o, s:o, s:I, s:o, s:I, s:o}",
		"id", p->id,
		"title", str_or_null(p->title),
		"rev", p->rev,
		"tags", tags_json(p->tags),
		"counts", "supports", (json_int_t)p->supports, "refutes", (json_int_t)p->refutes,
		"hedged_supports", (json_int_t)p->hedged_supports,
		"hedged_refutes", (json_int_t)p->hedged_refutes,
		"speakers_supporting", (json_int_t)p->speakers_supporting,
		"speakers_refuting", (json_int_t)p->speakers_refuting,
		"documents", (json_int_t)p->documents, "new", (json_int_t)p->n_new,
		"first", str_or_null(p->first),
		"last", str_or_null(p->last),
		"supporters", speakers_json(p->supporters, p->n_supporters),
		"refuters", speakers_json(p->refuters, p->n_refuters),
		"own_voice", own ? own : json_null(),
		"contradictions", contra,
		"contradicting_pairs", (json_int_t)p->contradicting_pairs,
		"changes", changes,
		"all_changes", (json_int_t)p->all_changes,
		"claims", claims);
}

/*
 * Collects jansson's many small pieces of output (a key, a quote, a comma)
 * into whole blocks for fwrite(): one call per piece spent more time in
 * stdio's locking than in the writing.
 */
struct json_out {
	FILE *f;
	size_t n;
	char buf[65536];
};

static int json_out_flush(struct json_out *o)
{
	size_t n = o->n;

	o->n = 0;
	return n && fwrite(o->buf, 1, n, o->f) != n ? -1 : 0;
}

static int json_out_add(const char *piece, size_t size, void *data)
{
	struct json_out *o = data;

	if (size > sizeof o->buf - o->n && json_out_flush(o) != 0)
		return -1;
	if (size > sizeof o->buf)
		return fwrite(piece, 1, size, o->f) == size ? 0 : -1;
	memcpy(o->buf + o->n, piece, size);
	o->n += size;
	return 0;
}

int ct_report_write_json(const struct ct_report *r, FILE *f)
{
	struct json_out *out;
	json_t *props = json_array(), *root;
	int rc;

	for (size_t i = 0; i < r->n_propositions; i++)
		json_array_append_new(props, proposition_json(&r->propositions[i]));
	root = json_pack("{s:i, s:s, s:s, s:{s:o, s:o}, s:o, s:o, s:{s:I, s:I, s:I, s:I, s:I}, s:o, "
			 "s:I, s:o}",
		"format", 1,
		"kind", r->kind,
		"generated", r->generated,
		"period", "since", str_or_null(r->since), "until", str_or_null(r->until),
		"first", str_or_null(r->first),
		"last", str_or_null(r->last),
		"summary", "documents", (json_int_t)r->documents, "claims", (json_int_t)r->claims,
		"speakers", (json_int_t)r->speakers, "outlets", (json_int_t)r->outlets,
		"propositions", (json_int_t)r->n_propositions,
		"new", r->has_previous ?
			json_pack("{s:I, s:I, s:I}", "claims", (json_int_t)r->new_claims,
				  "contradictions", (json_int_t)r->new_contradictions,
				  "changes", (json_int_t)r->new_changes) : json_null(),
		"max_claim", (json_int_t)r->max_claim,
		"propositions", props);
	if (!root || !(out = malloc(sizeof *out))) {
		json_decref(root);
		return CT_ENOMEM;
	}
	out->f = f;
	out->n = 0;
	rc = json_dump_callback(root, json_out_add, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	if (json_out_flush(out) != 0)
		rc = -1;
	free(out);
	fputc('\n', f);
	json_decref(root);
	return rc == 0 && !ferror(f) ? CT_OK : CT_EIO;
}
