/* claimtrack check: the claims in a sentence, a file or stdin. Stores nothing. */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { O_FORMAT = 1, O_DATE, O_OUTLET, O_URL, O_TITLE };
enum { F_TABLE, F_JSON };

static const char *const formats[] = { "table", "json", NULL };

static const struct cli_opt check_opts[] = {
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default) or json" },
	{ O_DATE, "date", 0, "YYYY-MM-DD", "publication date (overrides the header)" },
	{ O_OUTLET, "outlet", 0, "NAME", "the outlet that published it" },
	{ O_URL, "url", 0, "URL", "where it was published" },
	{ O_TITLE, "title", 0, "TEXT", "its title" },
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_check = {
	"check", cmd_check, "[--format table|json] [--date D] [--outlet O] INPUT...",
	"show the claims in a sentence, a file or stdin",
	"Prints every claim that the rules find in each INPUT: the proposition,\n"
	"the stance (supports or refutes, after negation and denial), whether it is\n"
	"hedged, who says it (speaker, role, via) and where (outlet, dates), the\n"
	"matched text, the sentence and the rule that found it.\n"
	"INPUT is '-' for stdin, an existing file, or else the text itself; a file\n"
	"may start with header lines (date, title, outlet, url, author, lang).\n"
	"Nothing is stored.",
	check_opts,
};

struct doc_in {
	struct cli_input in;
	struct ct_doc *doc;
	struct ct_attribution *attr;
};

struct found {
	struct ct_doc_claim dc;
	size_t input;
};

struct check {
	int format;
	const char *meta[4];          /* date, outlet, url, title */
	struct doc_in *docs;
	size_t n_docs;
	struct found *claims;
	size_t n_claims, cap_claims;
	size_t current;
};

static const char *const meta_keys[] = { "date", "outlet", "url", "title" };

static int set_opt(void *u, int id, const char *value)
{
	struct check *c = u;

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
	}
	return 0;
}

static int on_claim(const struct ct_doc_claim *dc, void *user)
{
	struct check *c = user;

	if (c->n_claims == c->cap_claims) {
		size_t ncap = c->cap_claims ? c->cap_claims * 2 : 16;
		struct found *nv = realloc(c->claims, ncap * sizeof *nv);
		if (!nv)
			return 1;
		c->claims = nv;
		c->cap_claims = ncap;
	}
	c->claims[c->n_claims].dc = *dc;
	c->claims[c->n_claims].input = c->current;
	c->n_claims++;
	return 0;
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

/* "Kenneth McKenzie (person; Centcom chief)" or "Tolo News (narrator)". */
static void print_speaker(const struct ct_doc_claim *dc)
{
	if (!dc->speaker && dc->speaker_kind == CT_SPEAKER_NARRATOR) {
		printf("  speaker   the outlet (narrator; outlet unknown)\n");
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
		print_speaker(dc);
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
		if (cl->stance == CT_SUPPORTS)
			n_sup++;
		else
			n_ref++;
	}
	if (c->n_claims > 0)
		printf("\n");
	if (c->n_claims == 0)
		printf("no claims found in %zu input%s\n", c->n_docs, c->n_docs == 1 ? "" : "s");
	else
		printf("%zu claim%s (%zu supports, %zu refutes) in %zu input%s\n", c->n_claims,
		       c->n_claims == 1 ? "" : "s", n_sup, n_ref, c->n_docs,
		       c->n_docs == 1 ? "" : "s");
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
		if (cl->negated)
			json_object_set_new(cues, "negation", jstr(body, cl->negation_cue.start, cl->negation_cue.end));
		if (cl->denied)
			json_object_set_new(cues, "denial", jstr(body, cl->denial_cue.start, cl->denial_cue.end));
		if (cl->hedged)
			json_object_set_new(cues, "hedge", jstr(body, cl->hedge_cue.start, cl->hedge_cue.end));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "claims", arr);
	rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("\n");
	json_decref(root);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

/* Reads one input as a document with the command line's metadata. */
static int load_doc(struct check *c, const char *arg, struct doc_in *d)
{
	int rc;

	if (cli_read_input(arg, &d->in) != EXIT_OK)
		return EXIT_FAIL;
	rc = ct_doc_from_text(d->in.text, d->in.len, CT_DOC_MAX_BYTES, d->in.label, &d->doc);
	for (size_t k = 0; rc == CT_OK && k < 4; k++)
		if (c->meta[k])
			rc = ct_doc_set(d->doc, meta_keys[k], c->meta[k]);
	if (rc != CT_OK) {
		cli_error("'%s': %s", d->in.label, ct_strerror(rc));
		return EXIT_FAIL;
	}
	if (d->doc->n_replaced || d->doc->n_nul)
		fprintf(stderr, "claimtrack: warning: '%s': %zu invalid UTF-8 bytes replaced, "
			"%zu NUL bytes dropped\n", d->in.label, d->doc->n_replaced, d->doc->n_nul);
	return EXIT_OK;
}

int cmd_check(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct check c = { 0 };
	struct ct_ruleset *rs = NULL;
	struct ct_matcher *m = NULL;
	const char **pos = NULL;
	size_t n_pos = 0;
	int rc = cli_parse(cmd, g, argc, argv, set_opt, &c, &pos, &n_pos);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
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
	for (size_t i = 0; i < n_pos; i++) {
		c.n_docs++;
		if ((rc = load_doc(&c, pos[i], &c.docs[i])) != EXIT_OK)
			goto out;
	}
	if ((rc = cli_load_rules(g, NULL, NULL, &rs)) != EXIT_OK)
		goto out;
	if (ct_matcher_new(rs, cli_diag_stderr, NULL, &m) != CT_OK) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < c.n_docs; i++) {
		struct doc_in *d = &c.docs[i];
		int src = ct_attribute(rs, d->doc, &d->attr);
		c.current = i;
		if (src == CT_OK)
			src = ct_doc_claims(m, d->doc, d->attr, on_claim, &c);
		if (src != CT_OK) {
			cli_error("'%s': %s", d->in.label,
				  src == CT_EABORT ? "out of memory" : ct_strerror(src));
			rc = EXIT_FAIL;
			goto out;
		}
	}
	if (c.format == F_JSON)
		rc = print_json(&c);
	else
		print_table(&c);
out:
	ct_matcher_free(m);
	ct_ruleset_free(rs);
	for (size_t i = 0; i < c.n_docs; i++) {
		ct_attribution_free(c.docs[i].attr);
		ct_doc_free(c.docs[i].doc);
		cli_input_release(&c.docs[i].in);
	}
	free(c.docs);
	free(c.claims);
	free(pos);
	return rc;
}
