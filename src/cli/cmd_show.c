/*
 * claimtrack show: a stored document with its claims marked in its text,
 * or one claim with its paragraph, from the texts the store keeps
 * (schema 7). On a terminal the claims' sentences are underlined and their
 * matches bold; elsewhere a sentence is [[marked]] and followed by its
 * claims' numbers.
 */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { O_FORMAT = 1 };
enum { F_TEXT, F_JSON };

static const char *const formats[] = { "text", "json", NULL };

static const struct cli_opt show_opts[] = {
	{ O_FORMAT, "format", 'f', "FORMAT", "text (default) or json" },
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_show = {
	"show", cmd_show, "[--format text|json] DOCUMENT|CLAIM",
	"print a stored document with its claims marked, or a claim in its paragraph",
	"Prints a stored document's text with its claims marked, then the claims;\n"
	"or one claim with the paragraph it is in. DOCUMENT is a document id (12\n"
	"or d12, as 'claims' prints them), the url it was stored under or the path\n"
	"it was ingested from; CLAIM is c and a claim id (c34). On a terminal the\n"
	"claims' sentences are underlined and their matches bold; otherwise a\n"
	"sentence is [[marked]] and followed by its claims' numbers ([1] or [1,2]).\n"
	"Documents stored before claimtrack kept texts (schema 7) have none: an\n"
	"error for a document (ingest its source again to store it); a claim is\n"
	"shown with its sentence only, and a note says why.\n"
	"A copy of a story carried by several outlets (copies found at ingest)\n"
	"says whose; a story's first document how many copies it has.\n"
	"JSON: {\"document\": {id, title, date, outlet, url, source, author, lang,\n"
	"text, paragraphs, copy_of, copies}, \"claims\": [...]} or {\"claim\":\n"
	"{...}, \"paragraph\": {text, span} or null}; a claim has the fields of\n"
	"'claims --format json' (\"carried_by\" when its story's copies carry it)\n"
	"and, in a document, its mark (the number shown).\n"
	"Exit status: 0 shown; 1 no such document or claim, or a document without\n"
	"text; 2 usage error.",
	show_opts,
};

struct show {
	const struct cli_command *cmd;
	int format;
};

static int set_opt(void *u, int id, const char *value)
{
	struct show *sh = u;

	if (id == O_FORMAT && (sh->format = cli_choice(value, formats)) < 0) {
		cli_usage_error(sh->cmd, "unknown format '%s' (text or json)", value);
		return 1;
	}
	return 0;
}

/* ---- the claims of a document ---- */

/* A stored claim kept past its callback. */
struct claim {
	int64_t id;
	size_t sentence_start, sentence_end, match_start, match_end;
	int mark;               /* its number in the text, from 1 */
	char *line;             /* "refutes  t.presence  Ada Lovelace (person)" */
	json_t *json;
};

struct claims {
	struct claim *v;
	size_t n, cap;
	bool json;
	bool failed;
	struct ct_store *s;     /* the JSON's "carried_by" from it */
};

/* "stance  proposition  speaker (kind, role), via V[  claim N]" on one
 * line (white space in names made spaces); malloc'd, NULL when out of
 * memory. */
static char *claim_line(const struct ct_stored_claim *cl, bool with_id)
{
	struct ct_buf b = CT_BUF_INIT(0);
	int rc = ct_buf_addf(&b, "%-8s  %s%s  ", ct_stance_name(cl->stance), cl->proposition,
			     cl->hedged ? " (hedged)" : "");

	if (rc == CT_OK && !cl->speaker && cl->speaker_kind == CT_SPEAKER_NARRATOR)
		rc = ct_buf_adds(&b, "the narrator (outlet unknown)");
	else if (rc == CT_OK)
		rc = ct_buf_addf(&b, "%s (%s%s%s)", cl->speaker ? cl->speaker : "unknown",
				 ct_speaker_kind_name(cl->speaker_kind), cl->role ? ", " : "",
				 cl->role ? cl->role : "");
	if (rc == CT_OK && cl->via)
		rc = ct_buf_addf(&b, ", via %s", cl->via);
	if (rc == CT_OK && with_id)
		rc = ct_buf_addf(&b, "  claim %lld", (long long)cl->id);
	if (rc != CT_OK) {
		ct_buf_release(&b);
		return NULL;
	}
	for (size_t i = 0; i < b.len; i++)
		if (b.p[i] == '\n' || b.p[i] == '\r' || b.p[i] == '\t')
			b.p[i] = ' ';
	return ct_buf_detach(&b, NULL);
}

static int keep_claim(const struct ct_stored_claim *cl, void *user)
{
	struct claims *cs = user;
	struct claim *c;

	if (!CT_VEC_RESERVE(cs->v, cs->cap, cs->n + 1))
		return cs->failed = true, 1;
	c = &cs->v[cs->n];
	memset(c, 0, sizeof *c);
	c->id = cl->id;
	c->sentence_start = cl->sentence_start;
	c->sentence_end = cl->sentence_end;
	c->match_start = cl->match_start;
	c->match_end = cl->match_end;
	if (!(c->line = claim_line(cl, true)) || (cs->json && !(c->json = cli_claim_json(cl))) ||
	    (c->json && cli_claim_json_carried(cs->s, cl, c->json) != CT_OK)) {
		free(c->line);
		json_decref(c->json);
		return cs->failed = true, 1;
	}
	cs->n++;
	return 0;
}

static void claims_release(struct claims *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		free(cs->v[i].line);
		json_decref(cs->v[i].json);
	}
	free(cs->v);
}

static int by_position(const void *a, const void *b)
{
	const struct claim *x = a, *y = b;

	if (x->sentence_start != y->sentence_start)
		return x->sentence_start < y->sentence_start ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* ---- marking the text ---- */

/* Prints body[from, to) with the matches of claims[0, n) inside it bold. */
static void print_with_matches(const char *body, size_t from, size_t to,
			       const struct claim *claims, size_t n)
{
	size_t pos = from;

	while (pos < to) {
		size_t next = to, end = to;
		bool in_match = false;
		for (size_t i = 0; i < n; i++) {
			const struct claim *c = &claims[i];
			if (c->match_start <= pos && pos < c->match_end) {
				in_match = true;
				if (c->match_end < end)
					end = c->match_end;
			} else if (c->match_start > pos && c->match_start < next) {
				next = c->match_start;
			}
		}
		if (in_match) {
			cli_term_style(CLI_STYLE_BOLD);
			fwrite(body + pos, 1, end - pos, stdout);
			cli_term_style(CLI_STYLE_NO_BOLD);
			pos = end;
		} else {
			fwrite(body + pos, 1, next - pos, stdout);
			pos = next;
		}
	}
}

/*
 * Prints body[from, to) with the claims' sentences marked: claims are
 * sorted by position; claims whose sentences overlap share one mark,
 * followed by their numbers when `numbers` is set.
 */
static void print_marked(const char *body, size_t from, size_t to, const struct claim *claims,
			 size_t n, bool numbers)
{
	bool styled = cli_term_styled();
	size_t pos = from;

	for (size_t i = 0; i < n;) {
		size_t start = claims[i].sentence_start, end = claims[i].sentence_end, k = i + 1;
		if (start < pos)
			start = pos;
		while (k < n && claims[k].sentence_start < end) {
			if (claims[k].sentence_end > end)
				end = claims[k].sentence_end;
			k++;
		}
		if (end > to)
			end = to;
		if (start >= end) {
			i = k;
			continue;
		}
		fwrite(body + pos, 1, start - pos, stdout);
		if (styled) {
			cli_term_style(CLI_STYLE_UNDERLINE);
			print_with_matches(body, start, end, claims + i, k - i);
			cli_term_style(CLI_STYLE_NO_UNDERLINE);
		} else {
			fputs("[[", stdout);
			fwrite(body + start, 1, end - start, stdout);
			fputs("]]", stdout);
		}
		if (numbers) {
			fputc('[', stdout);
			for (size_t j = i; j < k; j++)
				printf("%s%d", j > i ? "," : "", claims[j].mark);
			fputc(']', stdout);
		}
		pos = end;
		i = k;
	}
	fwrite(body + pos, 1, to - pos, stdout);
}

/* ---- which document or claim ---- */

struct target {
	bool claim;
	int64_t id;
};

/* A positive id in s (all digits), or 0. */
static int64_t parse_id(const char *s)
{
	char *end;
	long long v;

	if (!*s || strspn(s, "0123456789") != strlen(s))
		return 0;
	v = strtoll(s, &end, 10);
	return *end || v <= 0 ? 0 : v;
}

/*
 * Reads the argument: c34 is a claim, 12 or d12 a document, else a url or a
 * path the store has a document from. Prints the error and returns
 * EXIT_FAIL when nothing matches.
 */
static int resolve(struct cli_global *g, struct ct_store *s, const char *arg, struct target *t)
{
	int64_t id = 0;
	int rc;

	if ((arg[0] == 'c' || arg[0] == 'C') && (id = parse_id(arg + 1))) {
		t->claim = true;
		t->id = id;
		return EXIT_OK;
	}
	if ((id = parse_id(arg)) || ((arg[0] == 'd' || arg[0] == 'D') && (id = parse_id(arg + 1)))) {
		t->id = id;
		return EXIT_OK;
	}
	if ((rc = ct_store_url_document(s, arg, &id)) != CT_OK ||
	    (!id && (rc = ct_store_source_document(s, arg, &id)) != CT_OK)) {
		cli_store_error(g, s, rc);
		return EXIT_FAIL;
	}
	if (!id) {
		cli_error("no document stored from '%s' (give a document id, d12, a claim id, c34, "
			  "a url or a path as it was ingested)", arg);
		return EXIT_FAIL;
	}
	t->id = id;
	return EXIT_OK;
}

/* The paragraph of doc that holds [start, end); [*from, *to) is its span. */
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

static json_t *jstr(const char *s)
{
	char *clean;
	json_t *j;

	if (!s)
		return json_null();
	clean = cli_clean_utf8(s, strlen(s));
	j = clean ? json_string(clean) : NULL;
	free(clean);
	return j ? j : json_null();
}

static json_t *jslice(const char *s, size_t n)
{
	char *clean = cli_clean_utf8(s, n);
	json_t *j = clean ? json_stringn(clean, strlen(clean)) : NULL;

	free(clean);
	return j ? j : json_null();
}

static int print_json(json_t *root)
{
	int rc = root && json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0
		 ? EXIT_OK : EXIT_FAIL;

	printf("\n");
	json_decref(root);
	if (rc != EXIT_OK)
		cli_error("out of memory");
	return rc;
}

/* Prints "  key  value" when value is set. */
static void field(const char *key, const char *value)
{
	if (!value || !*value)
		return;
	printf("  %-9s ", key);
	cli_print_folded(stdout, value);
	printf("\n");
}

/* ---- a document ---- */

static int show_document(struct show *sh, struct cli_global *g, struct ct_store *s, int64_t id)
{
	struct ct_claim_filter f = { .document_id = id };
	struct ct_store_document info;
	struct claims cs = { .json = sh->format == F_JSON, .s = s };
	struct ct_doc *doc = NULL;
	int rc = EXIT_FAIL, src;

	if ((src = ct_store_document_info(s, id, &info)) != CT_OK) {
		if (src == CT_ENOTFOUND)
			cli_error("no document %lld in %s ('claimtrack claims' lists claims with "
				  "their documents)", (long long)id, cli_db_path(g));
		else
			cli_store_error(g, s, src);
		return EXIT_FAIL;
	}
	if (!info.has_text) {
		cli_error("document %lld has no stored text: it was stored before claimtrack "
			  "kept texts", (long long)id);
		fprintf(stderr, "hint: ingest '%s' again to store it; 'claimtrack claims "
			"--document %lld' lists its claims\n",
			info.url ? info.url : info.source ? info.source : "its source", (long long)id);
		goto out;
	}
	if ((src = ct_store_load_document(s, id, &doc)) != CT_OK ||
	    (src = ct_store_claims(s, &f, keep_claim, &cs)) != CT_OK) {
		if (cs.failed)
			cli_error("out of memory");
		else
			cli_store_error(g, s, src);
		goto out;
	}
	if (cs.n > 1)
		qsort(cs.v, cs.n, sizeof *cs.v, by_position);
	for (size_t i = 0; i < cs.n; i++)
		cs.v[i].mark = (int)i + 1;
	if (sh->format == F_JSON) {
		json_t *paras = json_array(), *arr = json_array();
		for (size_t i = 0; i < doc->n_paragraphs; i++)
			json_array_append_new(paras, json_pack("[I, I]",
				(json_int_t)doc->paragraphs[i].start, (json_int_t)doc->paragraphs[i].end));
		for (size_t i = 0; i < cs.n; i++) {
			json_object_set_new(cs.v[i].json, "mark", json_integer(cs.v[i].mark));
			json_array_append(arr, cs.v[i].json);
		}
		rc = print_json(json_pack("{s:{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
					  "s:o, s:I}, s:o}",
			"document", "id", (json_int_t)id, "title", jstr(info.title),
			"date", jstr(info.date), "outlet", jstr(info.outlet), "url", jstr(info.url),
			"source", jstr(info.source), "author", jstr(info.author),
			"lang", jstr(info.lang), "text", jslice(doc->body, doc->body_len),
			"paragraphs", paras,
			"copy_of", info.copy_of ? json_integer(info.copy_of) : json_null(),
			"copies", (json_int_t)info.n_copies,
			"claims", arr));
		goto out;
	}
	printf("document %lld", (long long)id);
	if (info.title) {
		printf(": ");
		cli_print_folded(stdout, info.title);
	}
	printf("\n");
	printf("  %-9s ", "outlet");
	cli_print_folded(stdout, info.outlet ? info.outlet : "unknown");
	printf(", %s\n", info.date ? info.date : "undated");
	field("url", info.url);
	field("source", info.source);
	field("author", info.author);
	if (info.copy_of)
		printf("  %-9s a copy of the story of document %lld\n", "story",
		       (long long)info.copy_of);
	else if (info.n_copies)
		printf("  %-9s its first document, carried %zu more time%s\n", "story",
		       info.n_copies, info.n_copies == 1 ? "" : "s");
	printf("  %-9s %zu\n\n", "claims", cs.n);
	print_marked(doc->body, 0, doc->body_len, cs.v, cs.n, true);
	if (doc->body_len && doc->body[doc->body_len - 1] != '\n')
		printf("\n");
	if (cs.n)
		printf("\n");
	for (size_t i = 0; i < cs.n; i++)
		printf("[%d] %s\n", cs.v[i].mark, cs.v[i].line);
	rc = EXIT_OK;
out:
	claims_release(&cs);
	ct_doc_free(doc);
	ct_store_document_release(&info);
	return rc;
}

/* ---- a claim ---- */

struct one_claim {
	struct ct_store *s;         /* the JSON's "carried_by" from it */
	struct ct_stored_claim c;   /* its ids and offsets; its strings are gone */
	json_t *json;
	char *line, *title, *sentence, *outlet, *date, *document_title;
	bool found, failed;
};

static int keep_one(const struct ct_stored_claim *cl, void *user)
{
	struct one_claim *o = user;

	o->found = true;
	o->c = *cl;
	o->json = cli_claim_json(cl);
	if (o->json && cli_claim_json_carried(o->s, cl, o->json) != CT_OK) {
		json_decref(o->json);
		o->json = NULL;
	}
	o->line = claim_line(cl, false);
	o->title = cl->title ? strdup(cl->title) : NULL;
	o->sentence = cl->sentence ? strdup(cl->sentence) : NULL;
	o->outlet = cl->outlet ? strdup(cl->outlet) : NULL;
	o->date = cl->date ? strdup(cl->date) : NULL;
	o->document_title = cl->document_title ? strdup(cl->document_title) : NULL;
	o->failed = !o->json || !o->line || (cl->title && !o->title) ||
		    (cl->sentence && !o->sentence) || (cl->outlet && !o->outlet) ||
		    (cl->date && !o->date) || (cl->document_title && !o->document_title);
	return 1;
}

static int show_claim(struct show *sh, struct cli_global *g, struct ct_store *s, int64_t id)
{
	struct ct_claim_filter f = { .claim_id = id };
	struct one_claim o = { .s = s };
	struct ct_doc *doc = NULL;
	struct claim mark;
	size_t from = 0, to = 0;
	int rc = EXIT_FAIL, src;

	src = ct_store_claims(s, &f, keep_one, &o);
	if (src != CT_OK && src != CT_EABORT) {
		cli_store_error(g, s, src);
		goto out;
	}
	if (!o.found) {
		cli_error("no claim %lld in %s ('claimtrack claims' lists them with their ids)",
			  (long long)id, cli_db_path(g));
		goto out;
	}
	if (o.failed) {
		cli_error("out of memory");
		goto out;
	}
	src = ct_store_load_document(s, o.c.document_id, &doc);
	if (src == CT_ENOTEXT) {
		fprintf(stderr, "claimtrack show: note: document %lld has no stored text (stored "
			"before claimtrack kept texts): the claim's sentence only; ingesting its "
			"source again stores it\n", (long long)o.c.document_id);
	} else if (src != CT_OK) {
		cli_store_error(g, s, src);
		goto out;
	} else {
		paragraph_of(doc, o.c.sentence_start, o.c.sentence_end, &from, &to);
	}
	if (sh->format == F_JSON) {
		json_t *para = doc ? json_pack("{s:o, s:[I, I]}", "text",
					       jslice(doc->body + from, to - from),
					       "span", (json_int_t)from, (json_int_t)to)
				   : json_null();
		rc = print_json(json_pack("{s:O, s:o}", "claim", o.json, "paragraph", para));
		goto out;
	}
	printf("claim %lld  %s\n  %-9s ", (long long)id, o.line, "title");
	cli_print_folded(stdout, o.title);
	printf("\n  %-9s %lld", "document", (long long)o.c.document_id);
	if (o.document_title) {
		printf(" ");
		cli_print_folded(stdout, o.document_title);
	}
	printf(" (");
	cli_print_folded(stdout, o.outlet ? o.outlet : "outlet unknown");
	printf(", %s)\n\n", o.date ? o.date : "undated");
	mark = (struct claim){ .id = id, .sentence_start = o.c.sentence_start,
			       .sentence_end = o.c.sentence_end, .match_start = o.c.match_start,
			       .match_end = o.c.match_end, .mark = 1 };
	if (doc) {
		print_marked(doc->body, from, to, &mark, 1, false);
	} else {
		/* The sentence alone: its offsets are the document's, so shift them. */
		mark.match_start -= mark.sentence_start;
		mark.match_end -= mark.sentence_start;
		mark.sentence_end -= mark.sentence_start;
		mark.sentence_start = 0;
		print_marked(o.sentence, 0, strlen(o.sentence), &mark, 1, false);
	}
	printf("\n");
	rc = EXIT_OK;
out:
	json_decref(o.json);
	free(o.line);
	free(o.title);
	free(o.sentence);
	free(o.outlet);
	free(o.date);
	free(o.document_title);
	ct_doc_free(doc);
	return rc;
}

int cmd_show(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct show sh = { cmd, F_TEXT };
	struct ct_store *s = NULL;
	struct target t = { 0 };
	const char **pos = NULL;
	size_t n_pos = 0;
	int rc;

	rc = cli_parse(cmd, g, argc, argv, set_opt, &sh, &pos, &n_pos);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (n_pos != 1) {
		rc = n_pos ? cli_usage_error(cmd, "one DOCUMENT or CLAIM, not %zu", n_pos)
			   : cli_usage_error(cmd, "missing DOCUMENT or CLAIM (a document id, "
					     "d12, or a claim id, c34)");
		goto out;
	}
	if ((rc = cli_open_store(g, CT_STORE_READONLY, &s)) != EXIT_OK ||
	    (rc = resolve(g, s, pos[0], &t)) != EXIT_OK)
		goto out;
	rc = t.claim ? show_claim(&sh, g, s, t.id) : show_document(&sh, g, s, t.id);
out:
	ct_store_close(s);
	free(pos);
	return rc;
}
