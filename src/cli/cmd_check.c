/* claimtrack check: the claims in a sentence, a file or stdin. Stores nothing. */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { O_FORMAT = 1, O_DATE, O_OUTLET, O_URL, O_TITLE, O_LIMIT };
enum { F_TABLE, F_JSON };

static const char *const formats[] = { "table", "json", NULL };

static const struct cli_opt check_opts[] = {
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default) or json" },
	{ O_DATE, "date", 0, "YYYY-MM-DD", "publication date (overrides the header)" },
	{ O_OUTLET, "outlet", 0, "NAME", "the outlet that published it" },
	{ O_URL, "url", 0, "URL", "where it was published" },
	{ O_TITLE, "title", 0, "TEXT", "its title" },
	{ O_LIMIT, "limit", 0, "N", "stored claims shown per side of each record (default 3; 0: counts only)" },
	CLI_FETCH_OPTS,
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_check = {
	"check", cmd_check, "[--format table|json] [--date D] [--outlet O] [--limit N] [--allow-private] INPUT...",
	"show the claims in a sentence, a file or stdin",
	"Prints every claim that the rules find in each INPUT: the proposition,\n"
	"the stance (supports or refutes, after negation and denial), whether it is\n"
	"hedged, who says it (speaker, role, via) and where (outlet, dates), the\n"
	"matched text, the sentence and the rule that found it.\n"
	"INPUT is an http(s) URL, '-' for stdin, an existing file, or else the text\n"
	"itself; a file may start with header lines up to a blank line (date,\n"
	"title, outlet, url, author, lang; a date as 2023-03-03 or March 3, 2023).\n"
	"A date that cannot be read, an empty value or another key is ignored with\n"
	"a warning naming the line. A URL is fetched (http and https only, TLS\n"
	"verified, at most 5 redirects, the limits below); private, loopback and\n"
	"link-local addresses are refused unless --allow-private is given.\n"
	"An HTML page (*.html, *.htm, or content that starts like one) is read for\n"
	"its main text, with title, date and outlet from its metadata.\n"
	"Under each claim comes its record in the database (--db), when there is\n"
	"one: who has agreed (same stance) and who has contradicted (opposite\n"
	"stance) on that proposition, newest first, with dates, outlets and\n"
	"sentences. A missing database means no record, and no error.\n"
	"An input without text (a page with no article text, a file with nothing\n"
	"after its header) is a warning. An INPUT that cannot be read or fetched is\n"
	"an error naming it; the others are still checked and printed, and the exit\n"
	"status is 1 (else 0, with claims or without).\n"
	"Nothing is stored.",
	check_opts,
};

struct doc_in {
	struct cli_input in;
	bool failed;                  /* an error said why; not looked at further */
	struct ct_doc *doc;
	struct ct_attribution *attr;
	int64_t stored_id;            /* the same document in the database; 0 */
};

/* A stored claim of a record, copied out of the store's callback. */
struct rec_claim {
	int64_t id, document_id;
	enum ct_stance stance;
	bool hedged;
	bool reviewed;                /* a reviewer corrected or accepted it */
	enum ct_speaker_kind speaker_kind;
	char *speaker, *role, *date, *statement_date, *outlet, *via, *sentence, *url, *title;
};

/* What the database says on a claim's proposition. */
struct record {
	bool shown;                      /* a database was read for it */
	struct rec_claim *v;             /* agreeing first, then contradicting */
	size_t n, cap;
	size_t n_agree;                  /* of v, the agreeing ones */
	struct ct_stance_record_totals total;
	bool failed;                     /* out of memory while copying */
};

struct found {
	struct ct_doc_claim dc;
	size_t input;
	struct record rec;
};

struct check {
	int format;
	struct ct_rules_drift drift;  /* of the rules from those of the record */
	const char *meta[4];          /* date, outlet, url, title */
	struct doc_in *docs;
	size_t n_docs;
	size_t n_failed, n_empty;     /* of the docs */
	struct found *claims;
	size_t n_claims, cap_claims;
	size_t current;
	size_t limit;                 /* record claims shown per side */
	struct cli_fetch fetch;       /* for INPUTs that are URLs */
};

#define DEFAULT_LIMIT 3
#define MAX_LIMIT 10000
#define RECORD_SENTENCE_MAX 200   /* code points of a sentence in the table */

static const char *const meta_keys[] = { "date", "outlet", "url", "title" };

static int set_opt(void *u, int id, const char *value)
{
	struct check *c = u;

	if (cli_fetch_is_opt(id))
		return cli_fetch_set(&c->fetch, &cli_cmd_check, id, value);
	if (id == O_FORMAT) {
		c->format = cli_choice(value, formats);
		if (c->format < 0) {
			cli_usage_error(&cli_cmd_check, "unknown format '%s' (table or json)", value);
			return 1;
		}
	} else if (id >= O_DATE && id <= O_TITLE) {
		if (id == O_DATE && !ct_date_valid(value)) {
			cli_usage_error(&cli_cmd_check, "--date needs a date as YYYY-MM-DD, not '%s'", value);
			return 1;
		}
		c->meta[id - O_DATE] = value;
	} else if (id == O_LIMIT) {
		char *end;
		long v = strtol(value, &end, 10);
		if (end == value || *end || v < 0 || v > MAX_LIMIT) {
			cli_usage_error(&cli_cmd_check, "--limit needs a number from 0 to %d, not '%s'",
					MAX_LIMIT, value);
			return 1;
		}
		c->limit = (size_t)v;
	}
	return 0;
}

static int on_claim(const struct ct_doc_claim *dc, void *user)
{
	struct check *c = user;

	if (!CT_VEC_RESERVE(c->claims, c->cap_claims, c->n_claims + 1))
		return 1;
	memset(&c->claims[c->n_claims], 0, sizeof c->claims[c->n_claims]);
	c->claims[c->n_claims].dc = *dc;
	c->claims[c->n_claims].input = c->current;
	c->n_claims++;
	return 0;
}

/* ---- the record in the database ---- */

static char *dup_text(const char *s, bool *failed)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*failed = true;
	return d;
}

/* Copies one stored claim of a record; its strings live only for the call. */
static int on_record_claim(const struct ct_stored_claim *sc, void *user)
{
	struct record *r = user;
	struct rec_claim *e;

	if (!CT_VEC_RESERVE(r->v, r->cap, r->n + 1)) {
		r->failed = true;
		return 1;
	}
	e = &r->v[r->n++];
	memset(e, 0, sizeof *e);
	e->id = sc->id;
	e->document_id = sc->document_id;
	e->stance = sc->stance;
	e->hedged = sc->hedged;
	e->reviewed = sc->reviewed;
	e->speaker_kind = sc->speaker_kind;
	e->speaker = dup_text(sc->speaker, &r->failed);
	e->role = dup_text(sc->role, &r->failed);
	e->date = dup_text(sc->date, &r->failed);
	e->statement_date = dup_text(sc->statement_date, &r->failed);
	e->outlet = dup_text(sc->outlet, &r->failed);
	e->via = dup_text(sc->via, &r->failed);
	e->sentence = dup_text(sc->sentence, &r->failed);
	e->url = dup_text(sc->document_url, &r->failed);
	e->title = dup_text(sc->document_title, &r->failed);
	return r->failed;
}

static void record_release(struct record *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct rec_claim *e = &r->v[i];
		free(e->speaker);
		free(e->role);
		free(e->date);
		free(e->statement_date);
		free(e->outlet);
		free(e->via);
		free(e->sentence);
		free(e->url);
		free(e->title);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

/*
 * Opens the database read-only for the records. *out stays NULL, quietly,
 * when there is nothing to read: no file, or a schema older than this
 * binary's (check never upgrades it). Other failures are a warning; check
 * goes on without a record.
 */
static void open_record_store(const struct cli_global *g, struct ct_store **out)
{
	const char *path = cli_db_path(g);
	char err[512] = "";
	int rc = ct_store_open(cli_db_target(g), CT_STORE_READONLY, out, err, sizeof err);

	if (rc == CT_OK || rc == CT_ENODB || rc == CT_EOLDSCHEMA)
		return;
	fprintf(stderr, "claimtrack: warning: %s: %s (no record shown)\n", path,
		err[0] ? err : ct_strerror(rc));
}

/* Reads the record of every claim found; on a failure, shows none. */
static void read_records(struct check *c, const struct cli_global *g,
			 const struct ct_ruleset *rs)
{
	struct ct_store *s = NULL;
	int rc = CT_OK;

	if (c->n_claims == 0)
		return;
	open_record_store(g, &s);
	if (!s)
		return;
	/* A document already stored is not its own record: its claims are
	 * the ones listed above. */
	for (size_t i = 0; i < c->n_docs && rc == CT_OK; i++)
		if (!c->docs[i].failed)
			rc = ct_store_find_document(s, c->docs[i].doc, &c->docs[i].stored_id);
	for (size_t i = 0; i < c->n_claims && rc == CT_OK; i++) {
		struct found *f = &c->claims[i];
		struct ct_stance_record_query q = {
			.proposition = f->dc.claim.proposition->id,
			.stance = f->dc.claim.stance,
			.limit = c->limit,
			.exclude_document = c->docs[f->input].stored_id,
		};

		if (q.stance != CT_SUPPORTS && q.stance != CT_REFUTES)
			continue;
		rc = ct_store_stance_record(s, &q, on_record_claim, &f->rec, &f->rec.total);
		if (f->rec.failed)
			rc = CT_ENOMEM;
		for (size_t k = 0; k < f->rec.n; k++)
			f->rec.n_agree += f->rec.v[k].stance == q.stance;
		f->rec.shown = rc == CT_OK;
	}
	if (rc != CT_OK) {
		const char *msg = ct_store_errmsg(s);
		fprintf(stderr, "claimtrack: warning: %s: %s (no record shown)\n", cli_db_path(g),
			rc != CT_ENOMEM && msg && *msg ? msg : ct_strerror(rc));
		for (size_t i = 0; i < c->n_claims; i++)
			record_release(&c->claims[i].rec);
	}
	/* Whether the record was found with other rules than these: said
	 * after it. */
	if (rc == CT_OK && ct_store_rules_drift(s, rs, &c->drift) != CT_OK)
		c->drift.propositions = 0;
	ct_store_close(s);
}

/* Prints s with white space folded, cut to `max` code points with "…". */
static void print_clipped(const char *s, size_t max)
{
	char *clean = cli_clean_utf8(s, strlen(s));
	size_t width = 0;
	bool space = false;

	if (!clean)
		return;
	for (const char *p = clean; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = width > 0;
			continue;
		}
		if (((unsigned char)*p & 0xC0) != 0x80) {
			if (width + space >= max) {
				fputs("…", stdout);
				break;
			}
			width += 1 + space;
		}
		if (space)
			fputc(' ', stdout);
		space = false;
		fputc(*p, stdout);
	}
	free(clean);
}

/* `  agrees      2022-01-03  Stanislav Zas (via Tolo News) in Khaama Press: "…"` */
static void print_record_claim(const char *label, const struct rec_claim *e)
{
	const char *date = e->statement_date ? e->statement_date : e->date;
	const char *speaker = e->speaker ? e->speaker
			      : e->speaker_kind == CT_SPEAKER_NARRATOR ? "the narrator (outlet unknown)" : "unknown speaker";

	printf("  %-11s %-10s  ", label, date ? date : "undated");
	cli_print_folded(stdout, speaker);
	if (e->hedged || e->via || e->reviewed) {
		printf(" (%s%s", e->hedged ? "hedged" : "", e->hedged && e->via ? "; " : "");
		if (e->via) {
			printf("via ");
			cli_print_folded(stdout, e->via);
		}
		printf("%s%s)", e->reviewed && (e->hedged || e->via) ? "; " : "",
		       e->reviewed ? "reviewed" : "");
	}
	if (e->outlet && (!e->speaker || strcmp(e->outlet, e->speaker) != 0)) {
		printf(" in ");
		cli_print_folded(stdout, e->outlet);
	}
	printf(": \"");
	print_clipped(e->sentence ? e->sentence : "", RECORD_SENTENCE_MAX);
	printf("\"\n");
}

static void print_record(const struct record *r)
{
	static const char *const labels[2] = { "agrees", "contradicts" };
	size_t from[2] = { 0, r->n_agree }, to[2] = { r->n_agree, r->n };
	size_t total[2] = { r->total.agree, r->total.contradict };

	if (!r->shown)
		return;
	if (total[0] + total[1] == 0) {
		printf("  record    no other stored claims on this proposition\n");
		return;
	}
	for (int side = 0; side < 2; side++) {
		size_t listed = to[side] - from[side];
		if (total[side] == 0) {
			printf("  %-11s none stored\n", labels[side]);
			continue;
		}
		for (size_t k = from[side]; k < to[side]; k++)
			print_record_claim(labels[side], &r->v[k]);
		if (listed == 0)
			printf("  %-11s %zu stored claim%s\n", labels[side], total[side],
			       total[side] == 1 ? "" : "s");
		else if (total[side] > listed)
			printf("  (%zu more)\n", total[side] - listed);
	}
}

/* Prints text[s, e) with white space runs folded to one space. */
static void print_folded(FILE *f, const char *text, size_t s, size_t e)
{
	char *clean = cli_clean_utf8(text + s, e - s);
	bool space = false;

	if (!clean)
		return;
	for (const char *p = clean; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = true;
			continue;
		}
		if (space)
			fputc(' ', f);
		space = false;
		fputc(*p, f);
	}
	free(clean);
}

static void print_cue(const char *what, const struct ct_span *sp, const char *text, bool *first)
{
	printf("%s%s by \"", *first ? "" : "; ", what);
	print_folded(stdout, text, sp->start, sp->end);
	printf("\"");
	*first = false;
}

/* "Kenneth McKenzie (person; Centcom chief)" or "Tolo News (narrator)";
 * a speaker attribution did not find: "unknown (said to speak: "told")". */
static void print_speaker(const struct ct_doc_claim *dc, const char *body)
{
	if (!dc->speaker && dc->speaker_kind == CT_SPEAKER_NARRATOR) {
		printf("  speaker   the narrator (outlet unknown)\n");
		return;
	}
	if (!dc->speaker && !dc->quote && dc->claim.reported) {
		printf("  speaker   unknown (said to speak: \"");
		print_folded(stdout, body, dc->claim.speech_cue.start, dc->claim.speech_cue.end);
		printf("\")\n");
		if (dc->via)
			printf("  via       %s\n", dc->via);
		return;
	}
	printf("  speaker   %s (%s", dc->speaker ? dc->speaker : "unknown",
	       ct_speaker_kind_name(dc->speaker_kind));
	if (dc->role)
		printf("; %s", dc->role);
	printf(")\n");
	if (dc->via)
		printf("  via       %s\n", dc->via);
}

/* "2 claims (1 supports, 1 refutes) in 3 inputs (1 with no text); 1 failed" */
static void print_summary(const struct check *c, size_t n_sup, size_t n_ref)
{
	size_t n_read = c->n_docs - c->n_failed;

	if (c->n_claims == 0)
		printf("no claims found in %zu input%s", n_read, n_read == 1 ? "" : "s");
	else
		printf("%zu claim%s (%zu supports, %zu refutes) in %zu input%s", c->n_claims,
		       c->n_claims == 1 ? "" : "s", n_sup, n_ref, n_read, n_read == 1 ? "" : "s");
	if (c->n_empty)
		printf(" (%zu with no text)", c->n_empty);
	if (c->n_failed)
		printf("; %zu input%s failed", c->n_failed, c->n_failed == 1 ? "" : "s");
	printf("\n");
}

static void print_table(const struct check *c)
{
	size_t n_sup = 0, n_ref = 0;

	for (size_t i = 0; i < c->n_claims; i++) {
		const struct ct_doc_claim *dc = &c->claims[i].dc;
		const struct ct_claim *cl = &dc->claim;
		const struct doc_in *d = &c->docs[c->claims[i].input];
		const char *body = d->doc->body;
		const struct ct_proposition *p = cl->proposition;
		bool first = true;

		if (i > 0)
			printf("\n");
		printf("%-8s  %s%s  %s\n", ct_stance_name(cl->stance), p->id,
		       cl->hedged ? " (hedged)" : "", p->title);
		if (c->n_docs > 1)
			printf("  input     %s\n", d->in.label);
		print_speaker(dc, body);
		if (dc->framing) {
			printf("  framing   %s by the outlet: \"", dc->framing);
			print_folded(stdout, body, cl->framing_cue.start, cl->framing_cue.end);
			printf("\"\n");
		}
		if (d->doc->title && d->doc->url)
			printf("  document  %s <%s>\n", d->doc->title, d->doc->url);
		else if (d->doc->title || d->doc->url)
			printf("  document  %s\n", d->doc->title ? d->doc->title : d->doc->url);
		if (dc->outlet || dc->date || dc->statement_date[0]) {
			printf("  published %s%s%s", dc->outlet ? dc->outlet : "",
			       dc->outlet && dc->date ? ", " : "", dc->date ? dc->date : "");
			if (dc->statement_date[0])
				printf("%sstated %s", dc->outlet || dc->date ? "; " : "",
				       dc->statement_date);
			printf("\n");
		}
		printf("  match     ");
		print_folded(stdout, body, cl->match_start, cl->match_end);
		printf("\n  sentence  ");
		print_folded(stdout, body, cl->sentence_start, cl->sentence_end);
		printf("\n  rule      %s:%d (%s, rev %d)\n", cl->pattern->file, cl->pattern->line,
		       cl->pattern->kind == CT_PAT_SUPPORTS ? "supports" : "refutes", p->rev);
		if (cl->negated || cl->denied || cl->hedged) {
			printf("  cues      ");
			if (cl->negated)
				print_cue("negated", &cl->negation_cue, body, &first);
			if (cl->denied)
				print_cue("denied", &cl->denial_cue, body, &first);
			if (cl->hedged)
				print_cue("hedged", &cl->hedge_cue, body, &first);
			printf("\n");
		}
		print_record(&c->claims[i].rec);
		if (cl->stance == CT_SUPPORTS)
			n_sup++;
		else
			n_ref++;
	}
	if (c->n_claims > 0)
		printf("\n");
	print_summary(c, n_sup, n_ref);
}

static json_t *jstr(const char *text, size_t s, size_t e)
{
	char *clean = cli_clean_utf8(text + s, e - s);
	json_t *j = clean ? json_string(clean) : NULL;

	free(clean);
	return j ? j : json_null();
}

/* A JSON string, or null for NULL or "". */
static json_t *jopt(const char *s)
{
	json_t *j;

	if (!s || !*s)
		return json_null();
	j = json_string(s);
	return j ? j : jstr(s, 0, strlen(s));
}

static json_t *jspan(const struct ct_span *sp)
{
	return json_pack("[II]", (json_int_t)sp->start, (json_int_t)sp->end);
}

static json_t *record_claim_json(const struct rec_claim *e)
{
	return json_pack("{s:I, s:o, s:s, s:o, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, "
			 "s:b}",
		"id", (json_int_t)e->id,
		"speaker", jopt(e->speaker),
		"speaker_kind", ct_speaker_kind_name(e->speaker_kind),
		"role", jopt(e->role),
		"stance", ct_stance_name(e->stance),
		"hedged", e->hedged,
		"date", jopt(e->date),
		"statement_date", jopt(e->statement_date),
		"outlet", jopt(e->outlet),
		"via", jopt(e->via),
		"sentence", jopt(e->sentence),
		"url", jopt(e->url),
		"title", jopt(e->title),
		"document_id", (json_int_t)e->document_id, "reviewed", e->reviewed);
}

/* {"agree": [...], "contradict": [...], "agree_total": N, "contradict_total": N} */
static json_t *record_json(const struct record *r)
{
	json_t *agree = json_array(), *contradict = json_array();

	for (size_t k = 0; k < r->n; k++)
		json_array_append_new(k < r->n_agree ? agree : contradict,
				      record_claim_json(&r->v[k]));
	return json_pack("{s:o, s:o, s:I, s:I}", "agree", agree, "contradict", contradict,
			 "agree_total", (json_int_t)r->total.agree,
			 "contradict_total", (json_int_t)r->total.contradict);
}

static int print_json(const struct check *c)
{
	json_t *root = json_object(), *arr = json_array();
	int rc;

	for (size_t i = 0; i < c->n_claims; i++) {
		const struct ct_doc_claim *dc = &c->claims[i].dc;
		const struct ct_claim *cl = &dc->claim;
		const struct doc_in *d = &c->docs[c->claims[i].input];
		const char *body = d->doc->body;
		const struct ct_proposition *p = cl->proposition;
		struct ct_span sent = { cl->sentence_start, cl->sentence_end };
		struct ct_span match = { cl->match_start, cl->match_end };
		json_t *cues = json_object();
		json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:s, s:i, s:i, s:s, s:s, s:s}, s:o, s:o, s:o}",
			"proposition", p->id,
			"title", p->title,
			"stance", ct_stance_name(cl->stance),
			"hedged", cl->hedged,
			"negated", cl->negated,
			"denied", cl->denied,
			"match", jstr(body, cl->match_start, cl->match_end),
			"sentence", jstr(body, cl->sentence_start, cl->sentence_end),
			"speaker", jopt(dc->speaker),
			"speaker_kind", ct_speaker_kind_name(dc->speaker_kind),
			"role", jopt(dc->role),
			"via", jopt(dc->via),
			"outlet", jopt(dc->outlet),
			"date", jopt(dc->date),
			"statement_date", jopt(dc->statement_date),
			"input", jopt(d->in.label),
			"rule", "file", cl->pattern->file, "line", cl->pattern->line, "rev", p->rev,
			"polarity", cl->pattern->kind == CT_PAT_SUPPORTS ? "supports" : "refutes",
			"pattern", cl->pattern->source, "fingerprint", p->fingerprint,
			"cues", cues,
			"sentence_span", jspan(&sent),
			"match_span", jspan(&match));
		json_object_set_new(o, "document", json_pack("{s:o, s:o}",
			"title", jopt(d->doc->title), "url", jopt(d->doc->url)));
		json_object_set_new(o, "framing", jopt(dc->framing));
		if (dc->framing)
			json_object_set_new(cues, "framing", jstr(body, cl->framing_cue.start, cl->framing_cue.end));
		if (cl->reported)
			json_object_set_new(cues, "speech", jstr(body, cl->speech_cue.start, cl->speech_cue.end));
		if (cl->negated)
			json_object_set_new(cues, "negation", jstr(body, cl->negation_cue.start, cl->negation_cue.end));
		if (cl->denied)
			json_object_set_new(cues, "denial", jstr(body, cl->denial_cue.start, cl->denial_cue.end));
		if (cl->hedged)
			json_object_set_new(cues, "hedge", jstr(body, cl->hedge_cue.start, cl->hedge_cue.end));
		if (o && c->claims[i].rec.shown)
			json_object_set_new(o, "record", record_json(&c->claims[i].rec));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "claims", arr);
	rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("\n");
	json_decref(root);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

/* Says, after "N", "invalid UTF-8 byte(s) replaced" and "NUL byte(s) dropped". */
static void warn_repairs(const struct doc_in *d)
{
	size_t nr = d->doc->n_replaced, nn = d->doc->n_nul;

	if (!nr && !nn)
		return;
	fprintf(stderr, "claimtrack: warning: '%s': ", d->in.label);
	if (nr)
		fprintf(stderr, "%zu invalid UTF-8 byte%s replaced", nr, nr == 1 ? "" : "s");
	if (nn)
		fprintf(stderr, "%s%zu NUL byte%s dropped", nr ? ", " : "", nn, nn == 1 ? "" : "s");
	fprintf(stderr, "\n");
}

/*
 * Makes one input read earlier a document (text or HTML) with the command
 * line's metadata. The header's warnings go to stderr, unless --date is
 * given: none are printed then, as in ingest, though only the date's are
 * moot (the library's diagnostics do not say which key they are about).
 */
static int load_doc(struct check *c, const struct ct_ruleset *rs, struct doc_in *d)
{
	char err[160];
	const char *why;
	int rc = cli_input_doc_diag(&d->in, rs, c->meta[0] ? NULL : cli_diag_stderr, NULL, &d->doc,
				    err, sizeof err);

	if (rc != CT_OK) {
		cli_error("'%s': %s", d->in.label, err);
		return EXIT_FAIL;
	}
	for (size_t k = 0; rc == CT_OK && k < 4; k++)
		if (c->meta[k])
			rc = ct_doc_set(d->doc, meta_keys[k], c->meta[k]);
	if (rc != CT_OK) {
		cli_error("'%s': %s", d->in.label, ct_strerror(rc));
		return EXIT_FAIL;
	}
	warn_repairs(d);
	if (cli_doc_empty(&d->in, d->doc, &why)) {
		c->n_empty++;
		/* The words of `extract` for a page. */
		if (why)
			fprintf(stderr, "claimtrack: warning: '%s': %s%s\n", d->in.label, why,
				strcmp(why, "no article text") == 0 ? " found" : "");
		else
			fprintf(stderr, "claimtrack: warning: '%s' is empty\n", d->in.label);
	}
	return EXIT_OK;
}

/* Marks an input that an error was printed for. */
static void fail_doc(struct check *c, struct doc_in *d)
{
	d->failed = true;
	c->n_failed++;
}

int cmd_check(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct check c = { 0 };
	struct ct_ruleset *rs = NULL;
	struct ct_matcher *m = NULL;
	const char **pos = NULL;
	size_t n_pos = 0;
	int rc;

	c.limit = DEFAULT_LIMIT;
	cli_fetch_init(&c.fetch);
	rc = cli_parse(cmd, g, argc, argv, set_opt, &c, &pos, &n_pos);
	if (rc != EXIT_OK) {
		cli_fetch_release(&c.fetch);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (n_pos == 0) {
		rc = cli_usage_error(cmd, "no input: give a sentence, a file, or '-' for stdin");
		goto out;
	}
	c.docs = calloc(n_pos, sizeof *c.docs);
	if (!c.docs) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	/* An input that fails is named in an error; the others go on. */
	for (size_t i = 0; i < n_pos; i++) {
		c.n_docs++;
		if (cli_read_input_fetch(pos[i], &c.fetch, &c.docs[i].in) != EXIT_OK)
			fail_doc(&c, &c.docs[i]);
	}
	if (c.n_failed == c.n_docs) {
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = cli_load_rules(g, NULL, NULL, &rs)) != EXIT_OK)
		goto out;
	for (size_t i = 0; i < c.n_docs; i++)
		if (!c.docs[i].failed && load_doc(&c, rs, &c.docs[i]) != EXIT_OK)
			fail_doc(&c, &c.docs[i]);
	if (ct_matcher_new(rs, cli_diag_stderr, NULL, &m) != CT_OK) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < c.n_docs; i++) {
		struct doc_in *d = &c.docs[i];
		size_t n_before = c.n_claims;
		int src;
		if (d->failed)
			continue;
		src = ct_attribute(rs, d->doc, &d->attr);
		c.current = i;
		if (src == CT_OK)
			src = ct_doc_claims(m, d->doc, d->attr, on_claim, &c);
		ct_attribution_trim(d->attr);
		if (src != CT_OK) {
			cli_error("'%s': %s", d->in.label,
				  src == CT_EABORT ? "out of memory" : ct_strerror(src));
			/* Its claims found so far are not shown: they point into it. */
			c.n_claims = n_before;
			fail_doc(&c, d);
		}
	}
	read_records(&c, g, rs);
	if (c.format == F_JSON)
		rc = print_json(&c);
	else
		print_table(&c);
	fflush(stdout);
	cli_print_rules_drift(&c.drift);
	if (rc == EXIT_OK && c.n_failed)
		rc = EXIT_FAIL;
out:
	ct_matcher_free(m);
	ct_ruleset_free(rs);
	for (size_t i = 0; i < c.n_docs; i++) {
		ct_attribution_free(c.docs[i].attr);
		ct_doc_free(c.docs[i].doc);
		cli_input_release(&c.docs[i].in);
	}
	free(c.docs);
	for (size_t i = 0; i < c.n_claims; i++)
		record_release(&c.claims[i].rec);
	free(c.claims);
	free(pos);
	cli_fetch_release(&c.fetch);
	return rc;
}
