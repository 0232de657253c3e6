/* claimtrack check: the claims in a sentence, a file or stdin. Stores nothing. */
#include "cli.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK_MAX_INPUT (10u << 20)

enum { O_FORMAT = 1 };
enum { F_TABLE, F_JSON };

static const char *const formats[] = { "table", "json", NULL };

static const struct cli_opt check_opts[] = {
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default) or json" },
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_check = {
	"check", cmd_check, "[--format table|json] INPUT...",
	"show the claims in a sentence, a file or stdin",
	"Prints every claim that the rules find in each INPUT: the proposition,\n"
	"the stance (supports or refutes, after negation and denial), whether it is\n"
	"hedged, the matched text, the sentence and the rule that found it.\n"
	"INPUT is '-' for stdin, an existing file, or else the text itself.\n"
	"Nothing is stored.",
	check_opts,
};

struct input {
	const char *label;    /* file name, "-" or "<text>" */
	char *text;           /* owned copy */
	size_t len;
};

struct found {
	struct ct_claim claim;
	size_t input;
};

struct check {
	int format;
	struct input *inputs;
	size_t n_inputs;
	struct found *claims;
	size_t n_claims, cap_claims;
	size_t current;
};

static int set_opt(void *u, int id, const char *value)
{
	struct check *c = u;

	if (id == O_FORMAT) {
		c->format = cli_choice(value, formats);
		if (c->format < 0) {
			cli_usage_error(&cli_cmd_check, "unknown format '%s' (table or json)", value);
			return 1;
		}
	}
	return 0;
}

/* Whether an argument that is not a file still looks like a file name. */
static bool looks_like_path(const char *s)
{
	const char *dot = strrchr(s, '.');

	if (strpbrk(s, " \t\n"))
		return false;
	return strchr(s, '/') != NULL ||
	       (dot && (strcmp(dot, ".txt") == 0 || strcmp(dot, ".html") == 0 ||
			strcmp(dot, ".htm") == 0 || strcmp(dot, ".md") == 0));
}

static int read_stdin(char **out, size_t *n)
{
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap + 1);

	if (!buf)
		return CT_ENOMEM;
	for (;;) {
		if (len == cap) {
			if (cap > CHECK_MAX_INPUT) {
				free(buf);
				return CT_ELIMIT;
			}
			char *nb = realloc(buf, cap * 2 + 1);
			if (!nb) {
				free(buf);
				return CT_ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + len, 1, cap - len, stdin);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(stdin) || len > CHECK_MAX_INPUT) {
		free(buf);
		return ferror(stdin) ? CT_EIO : CT_ELIMIT;
	}
	buf[len] = '\0';
	*out = buf;
	*n = len;
	return CT_OK;
}

/* Reads one INPUT argument; prints the error and returns EXIT_FAIL on failure. */
static int read_input(const char *arg, struct input *in)
{
	struct stat st;
	int rc;

	in->label = arg;
	if (strcmp(arg, "-") == 0) {
		rc = read_stdin(&in->text, &in->len);
	} else if (stat(arg, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			cli_error("'%s' is a folder; give files or text", arg);
			return EXIT_FAIL;
		}
		rc = ct_read_file(arg, CHECK_MAX_INPUT, &in->text, &in->len);
		if (rc == CT_EIO) {
			cli_error("cannot read '%s': %s", arg, strerror(errno));
			return EXIT_FAIL;
		}
	} else if (looks_like_path(arg)) {
		cli_error("cannot read '%s': %s (to check it as text, add a space or use '-')",
			  arg, strerror(errno));
		return EXIT_FAIL;
	} else {
		in->label = "<text>";
		in->len = strlen(arg);
		in->text = strdup(arg);
		rc = in->text ? CT_OK : CT_ENOMEM;
	}
	if (rc == CT_ELIMIT) {
		cli_error("'%s' is larger than %u bytes", arg, CHECK_MAX_INPUT);
		return EXIT_FAIL;
	}
	if (rc != CT_OK) {
		cli_error("cannot read '%s': %s", arg, ct_strerror(rc));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int on_claim(const struct ct_claim *claim, void *user)
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
	c->claims[c->n_claims].claim = *claim;
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

static void print_table(const struct check *c)
{
	size_t n_sup = 0, n_ref = 0;

	for (size_t i = 0; i < c->n_claims; i++) {
		const struct ct_claim *cl = &c->claims[i].claim;
		const struct input *in = &c->inputs[c->claims[i].input];
		const struct ct_proposition *p = cl->proposition;
		bool first = true;

		if (i > 0)
			printf("\n");
		printf("%-8s  %s%s  %s\n", ct_stance_name(cl->stance), p->id,
		       cl->hedged ? " (hedged)" : "", p->title);
		if (c->n_inputs > 1)
			printf("  input     %s\n", in->label);
		printf("  match     ");
		print_folded(stdout, in->text, cl->match_start, cl->match_end);
		printf("\n  sentence  ");
		print_folded(stdout, in->text, cl->sentence_start, cl->sentence_end);
		printf("\n  rule      %s:%d (%s, rev %d)\n", cl->pattern->file, cl->pattern->line,
		       cl->pattern->kind == CT_PAT_SUPPORTS ? "supports" : "refutes", p->rev);
		if (cl->negated || cl->denied || cl->hedged) {
			printf("  cues      ");
			if (cl->negated)
				print_cue("negated", &cl->negation_cue, in->text, &first);
			if (cl->denied)
				print_cue("denied", &cl->denial_cue, in->text, &first);
			if (cl->hedged)
				print_cue("hedged", &cl->hedge_cue, in->text, &first);
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
		printf("no claims found in %zu input%s\n", c->n_inputs, c->n_inputs == 1 ? "" : "s");
	else
		printf("%zu claim%s (%zu supports, %zu refutes) in %zu input%s\n", c->n_claims,
		       c->n_claims == 1 ? "" : "s", n_sup, n_ref, c->n_inputs,
		       c->n_inputs == 1 ? "" : "s");
}

static json_t *jstr(const char *text, size_t s, size_t e)
{
	char *clean = cli_clean_utf8(text + s, e - s);
	json_t *j = clean ? json_string(clean) : NULL;

	free(clean);
	return j ? j : json_null();
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
		const struct ct_claim *cl = &c->claims[i].claim;
		const struct input *in = &c->inputs[c->claims[i].input];
		const struct ct_proposition *p = cl->proposition;
		struct ct_span sent = { cl->sentence_start, cl->sentence_end };
		struct ct_span match = { cl->match_start, cl->match_end };
		json_t *cues = json_object();
		json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:o, s:o, s:s, s:{s:s, s:i, s:i, s:s, s:s, s:s}, s:o, s:o, s:o}",
			"proposition", p->id,
			"title", p->title,
			"stance", ct_stance_name(cl->stance),
			"hedged", cl->hedged,
			"negated", cl->negated,
			"denied", cl->denied,
			"match", jstr(in->text, cl->match_start, cl->match_end),
			"sentence", jstr(in->text, cl->sentence_start, cl->sentence_end),
			"input", in->label,
			"rule", "file", cl->pattern->file, "line", cl->pattern->line, "rev", p->rev,
			"polarity", cl->pattern->kind == CT_PAT_SUPPORTS ? "supports" : "refutes",
			"pattern", cl->pattern->source, "fingerprint", p->fingerprint,
			"cues", cues,
			"sentence_span", jspan(&sent),
			"match_span", jspan(&match));
		if (cl->negated)
			json_object_set_new(cues, "negation", jstr(in->text, cl->negation_cue.start, cl->negation_cue.end));
		if (cl->denied)
			json_object_set_new(cues, "denial", jstr(in->text, cl->denial_cue.start, cl->denial_cue.end));
		if (cl->hedged)
			json_object_set_new(cues, "hedge", jstr(in->text, cl->hedge_cue.start, cl->hedge_cue.end));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "claims", arr);
	rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("\n");
	json_decref(root);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
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
	c.inputs = calloc(n_pos, sizeof *c.inputs);
	if (!c.inputs) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < n_pos; i++) {
		if ((rc = read_input(pos[i], &c.inputs[i])) != EXIT_OK)
			goto out;
		c.n_inputs++;
	}
	if ((rc = cli_load_rules(g, NULL, NULL, &rs)) != EXIT_OK)
		goto out;
	if (ct_matcher_new(rs, cli_diag_stderr, NULL, &m) != CT_OK) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < c.n_inputs; i++) {
		int src;
		c.current = i;
		src = ct_matcher_scan(m, c.inputs[i].text, c.inputs[i].len, on_claim, &c);
		if (src != CT_OK) {
			cli_error("'%s': %s", c.inputs[i].label,
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
	for (size_t i = 0; i < c.n_inputs; i++)
		free(c.inputs[i].text);
	free(c.inputs);
	free(c.claims);
	free(pos);
	return rc;
}
