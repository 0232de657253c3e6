/* claimtrack quotes: every attribution in a document, rules or not. */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { O_FORMAT = 1, O_KIND };
enum { F_TABLE, F_JSON };

static const char *const formats[] = { "table", "json", NULL };

static const struct cli_opt quotes_opts[] = {
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default) or json" },
	{ O_KIND, "kind", 'k', "KINDS", "only these kinds, comma-separated: direct, indirect, according_to, belief (default: all)" },
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_quotes = {
	"quotes", cmd_quotes, "[--format table|json] [--kind KINDS] INPUT",
	"show who says what in a document",
	"Prints every attribution found in INPUT, whether or not a rule matches it:\n"
	"direct quotes, reported speech ('X said that ...') and 'according to X',\n"
	"with the speaker (canonical name, as written, role), the cue, the outlet\n"
	"that relayed it (via) and the content with its byte offsets in the body.\n"
	"Beliefs and intentions ('X believes ...', 'X wants to ...') are kind\n"
	"'belief': --kind direct,indirect,according_to leaves them out.\n"
	"INPUT is '-' for stdin, an existing file, or else the text itself; an HTML\n"
	"page (*.html, *.htm, or content that starts like one) is read for its main\n"
	"text.",
	quotes_opts,
};

struct quotes_opts {
	int format;
	unsigned kinds;         /* a bit per enum ct_quote_kind shown */
};

/* The kinds of a comma-separated list into *kinds; false on an unknown one. */
static bool parse_kinds(const char *value, unsigned *kinds)
{
	static const enum ct_quote_kind all[] = { CT_QUOTE_DIRECT, CT_QUOTE_INDIRECT,
						  CT_QUOTE_ACCORDING_TO, CT_QUOTE_BELIEF };
	const char *p = value;

	*kinds = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		bool known = false;
		for (size_t k = 0; k < sizeof all / sizeof *all; k++) {
			const char *name = ct_quote_kind_name(all[k]);
			if (strlen(name) == n && strncmp(name, p, n) == 0) {
				*kinds |= 1u << all[k];
				known = true;
			}
		}
		if (!known)
			return false;
		p += n;
		if (*p == ',')
			p++;
	}
	return *kinds != 0;
}

static int set_opt(void *u, int id, const char *value)
{
	struct quotes_opts *o = u;

	if (id == O_FORMAT) {
		o->format = cli_choice(value, formats);
		if (o->format < 0) {
			cli_usage_error(&cli_cmd_quotes, "unknown format '%s' (table or json)", value);
			return 1;
		}
	} else if (id == O_KIND && !parse_kinds(value, &o->kinds)) {
		cli_usage_error(&cli_cmd_quotes,
				"unknown kind in '%s' (direct, indirect, according_to, belief)", value);
		return 1;
	}
	return 0;
}

static json_t *jopt(const char *s)
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

static json_t *jtext(const char *body, size_t s, size_t e)
{
	char *clean = cli_clean_utf8(body + s, e - s);
	json_t *j = clean ? json_string(clean) : NULL;

	free(clean);
	return j ? j : json_null();
}

static int print_json(const struct ct_doc *doc, const struct ct_attribution *a, unsigned kinds)
{
	json_t *arr = json_array(), *root;
	int rc;

	for (size_t i = 0; i < ct_attribution_n_quotes(a); i++) {
		const struct ct_quote *q = ct_attribution_quote(a, i);
		if (!(kinds & (1u << q->kind)))
			continue;
		json_array_append_new(arr, json_pack("{s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:I, s:I}",
			"speaker", jopt(q->speaker),
			"mention", jopt(q->mention),
			"role", jopt(q->role),
			"speaker_kind", ct_speaker_kind_name(q->speaker_kind),
			"kind", ct_quote_kind_name(q->kind),
			"cue", jopt(q->cue),
			"via", jopt(q->via),
			"text", jtext(doc->body, q->start, q->end),
			"start", (json_int_t)q->start,
			"end", (json_int_t)q->end));
	}
	root = json_pack("{s:o}", "quotes", arr);
	rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("\n");
	json_decref(root);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

static void print_table(const struct ct_doc *doc, const struct ct_attribution *a, unsigned kinds)
{
	size_t n = 0;

	for (size_t i = 0; i < ct_attribution_n_quotes(a); i++) {
		const struct ct_quote *q = ct_attribution_quote(a, i);
		if (!(kinds & (1u << q->kind)))
			continue;
		char *text = cli_clean_utf8(doc->body + q->start, q->end - q->start);
		if (n++ > 0)
			printf("\n");
		printf("%-12s  %s", ct_quote_kind_name(q->kind), q->speaker ? q->speaker : "(unknown)");
		if (q->role)
			printf(", %s", q->role);
		printf(" (%s)\n", ct_speaker_kind_name(q->speaker_kind));
		if (q->mention && (!q->speaker || strcmp(q->mention, q->speaker) != 0))
			printf("  as written  %s\n", q->mention);
		if (q->cue)
			printf("  cue         %s\n", q->cue);
		if (q->via)
			printf("  via         %s\n", q->via);
		printf("  text        %s\n", text ? text : "");
		printf("  bytes       %zu-%zu\n", q->start, q->end);
		free(text);
	}
	if (n > 0)
		printf("\n");
	printf("%zu attribution%s\n", n, n == 1 ? "" : "s");
}

int cmd_quotes(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct cli_input in = { 0 };
	struct ct_ruleset *rs = NULL;
	struct ct_doc *doc = NULL;
	struct ct_attribution *a = NULL;
	const char **pos = NULL;
	char err[160];
	size_t n_pos = 0;
	struct quotes_opts o = { F_TABLE, ~0u };
	int rc = cli_parse(cmd, g, argc, argv, set_opt, &o, &pos, &n_pos);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (n_pos != 1) {
		rc = cli_usage_error(cmd, n_pos ? "give one INPUT" : "no input: give a file, text, or '-'");
		goto out;
	}
	if ((rc = cli_read_input(pos[0], &in)) != EXIT_OK)
		goto out;
	if ((rc = cli_load_rules_or_builtin(g, &rs)) != EXIT_OK)
		goto out;
	if ((rc = cli_input_doc(&in, rs, &doc, err, sizeof err)) != CT_OK) {
		cli_error("'%s': %s", in.label, err);
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = ct_attribute(rs, doc, &a)) != CT_OK) {
		cli_error("'%s': %s", in.label, ct_strerror(rc));
		rc = EXIT_FAIL;
		goto out;
	}
	if (o.format == F_JSON)
		rc = print_json(doc, a, o.kinds);
	else
		print_table(doc, a, o.kinds);
out:
	ct_attribution_free(a);
	ct_doc_free(doc);
	ct_ruleset_free(rs);
	cli_input_release(&in);
	free(pos);
	return rc;
}
