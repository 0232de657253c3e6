/* claimtrack rules lint|test|list: check and run rule files. */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { O_FORMAT = 1, O_VERBOSE };
enum { F_TEXT, F_JSON };

static const char *const formats[] = { "text", "json", NULL };

static const struct cli_opt format_opts[] = {
	{ O_FORMAT, "format", 'f', "FORMAT", "text (default) or json" },
	{ 0, NULL, 0, NULL, NULL },
};

static const struct cli_opt test_opts[] = {
	{ O_FORMAT, "format", 'f', "FORMAT", "text (default) or json" },
	{ O_VERBOSE, "verbose", 'v', NULL, "list passing expects too" },
	{ 0, NULL, 0, NULL, NULL },
};

static int rules_lint(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
static int rules_test(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
static int rules_list(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);

static const struct cli_command sub_lint = {
	"rules lint", rules_lint, "[--format text|json] [PATH...]",
	"check rule files and report every problem",
	"Loads rule files (*.rules) and cue files (*.cues) from each PATH, a file\n"
	"or folder (default: the rules path), and reports every problem as\n"
	"FILE:LINE:COL: error|warning: message. Exits 1 when there is an error.",
	format_opts,
};

static const struct cli_command sub_test = {
	"rules test", rules_test, "[--format text|json] [--verbose] [PATH...]",
	"run the expect lines of rule files",
	"Runs every 'expect STANCE TEXT' line: TEXT, as a one-sentence document,\n"
	"must give a claim of its proposition with that stance (or none). The\n"
	"proposition's context patterns, a test of whole documents, are taken as met.\n"
	"Prints each failure with file:line, expected and got, then a summary.\n"
	"Exits 1 when any expect fails.",
	test_opts,
};

static const struct cli_command sub_list = {
	"rules list", rules_list, "[--format text|json] [PATH...]",
	"list the loaded propositions",
	"Lists every proposition of the rules path: id, rev, patterns, expects,\n"
	"title and where it is defined.",
	format_opts,
};

static const struct cli_command *const subs[] = { &sub_lint, &sub_test, &sub_list,
						  &cli_cmd_rules_coverage, &cli_cmd_rules_suggest };
#define N_SUBS (sizeof subs / sizeof *subs)

static const struct cli_opt no_opts[] = { { 0, NULL, 0, NULL, NULL } };

const struct cli_command cli_cmd_rules = {
	"rules", cmd_rules, "lint|test|list|coverage|suggest [ARGS]",
	"lint, test or list rule files; what their patterns miss",
	"subcommands:\n"
	"  lint      check rule files and report every problem\n"
	"  test      run the expect lines of rule files\n"
	"  list      list the loaded propositions\n"
	"  coverage  the stored sentences no rule matched most like a proposition's claims\n"
	"  suggest   a draft pattern and expect line from a sentence the rules missed\n\n"
	"'claimtrack rules SUBCOMMAND --help' describes each.",
	no_opts,
};

int cmd_rules(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	return cli_dispatch(cmd, subs, N_SUBS, "lint, test, list, coverage or suggest", g, argc,
			    argv);
}

struct opts {
	const struct cli_command *cmd;
	int format;
	bool verbose;
};

static int set_opt(void *u, int id, const char *value)
{
	struct opts *o = u;

	if (id == O_FORMAT) {
		o->format = cli_choice(value, formats);
		if (o->format < 0) {
			cli_usage_error(o->cmd, "unknown format '%s' (text or json)", value);
			return 1;
		}
	} else if (id == O_VERBOSE) {
		o->verbose = true;
	}
	return 0;
}

/*
 * Parses a subcommand's arguments; PATHs given replace the rules path.
 * Returns EXIT_OK, EXIT_USAGE, or -1 after --help.
 */
static int parse(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv,
		 struct opts *o)
{
	const char **pos = NULL;
	size_t n_pos = 0;
	int rc;

	o->cmd = cmd;
	rc = cli_parse(cmd, g, argc, argv, set_opt, o, &pos, &n_pos);
	if (rc != EXIT_OK)
		return rc;
	for (size_t i = 0; i < n_pos; i++) {
		const char **nv = ct_realloc_array(g->rules, g->n_rules + 1, sizeof *nv);
		if (!nv) {
			free(pos);
			cli_error("out of memory");
			return EXIT_FAIL;
		}
		g->rules = nv;
		g->rules[g->n_rules++] = pos[i];
	}
	free(pos);
	return EXIT_OK;
}

/* ---- lint ---- */

struct lint {
	int format;
	size_t n_errors, n_warnings;
	json_t *diags;
};

static void lint_diag(const struct ct_diag *d, void *user)
{
	struct lint *l = user;

	if (d->severity == CT_DIAG_ERROR)
		l->n_errors++;
	else
		l->n_warnings++;
	if (l->format == F_JSON) {
		json_array_append_new(l->diags, json_pack("{s:s?, s:i, s:i, s:s, s:s}",
			"file", d->file, "line", d->line, "col", d->col,
			"severity", d->severity == CT_DIAG_ERROR ? "error" : "warning",
			"message", d->message));
		return;
	}
	cli_print_diag(stdout, d);
}

static int rules_lint(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct opts o = { 0 };
	struct lint l = { 0 };
	struct ct_ruleset *rs = NULL;
	size_t n_props = 0, n_files = 0;
	int rc = parse(cmd, g, argc, argv, &o);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	l.format = o.format;
	l.diags = json_array();
	rc = cli_load_rules_all(g, lint_diag, &l, &rs);
	if (rs) {
		n_props = ct_ruleset_n_propositions(rs);
		n_files = ct_ruleset_n_files(rs);
	}
	if (rc == EXIT_OK && l.n_errors > 0)
		rc = EXIT_FAIL;
	if (o.format == F_JSON) {
		json_t *root = json_pack("{s:b, s:i, s:i, s:i, s:i, s:O}", "ok", rc == EXIT_OK,
					 "files", (json_int_t)n_files, "propositions", (json_int_t)n_props,
					 "errors", (json_int_t)l.n_errors,
					 "warnings", (json_int_t)l.n_warnings, "diagnostics", l.diags);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
		json_decref(root);
	} else if (rc == EXIT_OK) {
		printf("rules lint: %zu file%s, %zu proposition%s, %zu warning%s\n", n_files,
		       n_files == 1 ? "" : "s", n_props, n_props == 1 ? "" : "s",
		       l.n_warnings, l.n_warnings == 1 ? "" : "s");
	} else {
		printf("rules lint: %zu error%s, %zu warning%s\n", l.n_errors,
		       l.n_errors == 1 ? "" : "s", l.n_warnings, l.n_warnings == 1 ? "" : "s");
	}
	json_decref(l.diags);
	ct_ruleset_free(rs);
	return rc;
}

/* ---- test ---- */

struct probe {
	const struct ct_proposition *want;
	struct ct_claim got;
	bool found;
};

static int probe_claim(const struct ct_claim *c, void *user)
{
	struct probe *p = user;

	if (c->proposition == p->want && !p->found) {
		p->got = *c;
		p->found = true;
	}
	return 0;
}

static void print_span(const char *text, const struct ct_span *sp)
{
	printf("\"%.*s\"", (int)(sp->end - sp->start), text + sp->start);
}

static void explain(const char *text, const struct probe *pr)
{
	const struct ct_claim *c = &pr->got;

	printf("  matched   \"%.*s\" by %s:%d (%s)", (int)(c->match_end - c->match_start),
	       text + c->match_start, c->pattern->file, c->pattern->line,
	       c->pattern->kind == CT_PAT_SUPPORTS ? "supports" : "refutes");
	if (c->negated) {
		printf("; negated by ");
		print_span(text, &c->negation_cue);
	}
	if (c->denied) {
		printf("; denied by ");
		print_span(text, &c->denial_cue);
	}
	if (c->hedged) {
		printf("; hedged by ");
		print_span(text, &c->hedge_cue);
	}
	printf("\n");
}

static int rules_test(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct opts o = { 0 };
	struct ct_ruleset *rs = NULL;
	struct ct_matcher *m = NULL;
	size_t passed = 0, failed = 0;
	json_t *results = json_array();
	int rc = parse(cmd, g, argc, argv, &o);

	if (rc != EXIT_OK) {
		json_decref(results);
		return rc < 0 ? EXIT_OK : rc;
	}
	if ((rc = cli_load_rules_all(g, NULL, NULL, &rs)) != EXIT_OK)
		goto out;
	if (ct_matcher_new(rs, cli_diag_stderr, NULL, &m) != CT_OK) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < ct_ruleset_n_propositions(rs); i++) {
		const struct ct_proposition *p = ct_ruleset_proposition(rs, i);
		for (size_t j = 0; j < ct_proposition_n_expects(rs, i); j++) {
			const struct ct_expect *e = ct_proposition_expect(rs, i, j);
			struct probe pr = { p, { 0 }, false };
			enum ct_stance got;
			bool ok;

			if (ct_matcher_scan_sentence(m, e->text, strlen(e->text),
						     CT_SCAN_IGNORE_CONTEXT, probe_claim, &pr) != CT_OK) {
				cli_error("out of memory");
				rc = EXIT_FAIL;
				goto out;
			}
			got = pr.found ? pr.got.stance : CT_STANCE_NONE;
			ok = got == e->stance;
			ok ? passed++ : failed++;
			if (o.format == F_JSON) {
				json_array_append_new(results, json_pack("{s:s, s:i, s:s, s:s, s:s, s:b, s:s}",
					"file", e->file, "line", e->line, "proposition", p->id,
					"expected", ct_stance_name(e->stance), "got", ct_stance_name(got),
					"hedged", pr.found && pr.got.hedged, "sentence", e->text));
				continue;
			}
			if (ok && !o.verbose)
				continue;
			printf("%s:%d: %s: %s: expected %s, got %s\n", e->file, e->line,
			       ok ? "ok" : "FAIL", p->id, ct_stance_name(e->stance), ct_stance_name(got));
			if (!ok) {
				printf("  sentence  %s\n", e->text);
				if (pr.found)
					explain(e->text, &pr);
			}
		}
	}
	if (o.format == F_JSON) {
		json_t *root = json_pack("{s:i, s:i, s:O}", "passed", (json_int_t)passed,
					 "failed", (json_int_t)failed, "results", results);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
		json_decref(root);
	} else {
		printf("rules test: %zu passed, %zu failed\n", passed, failed);
	}
	rc = failed ? EXIT_FAIL : EXIT_OK;
out:
	json_decref(results);
	ct_matcher_free(m);
	ct_ruleset_free(rs);
	return rc;
}

/* ---- list ---- */

static int rules_list(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct opts o = { 0 };
	struct ct_ruleset *rs = NULL;
	json_t *arr;
	int rc = parse(cmd, g, argc, argv, &o);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = cli_load_rules(g, NULL, NULL, &rs)) != EXIT_OK)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < ct_ruleset_n_propositions(rs); i++) {
		const struct ct_proposition *p = ct_ruleset_proposition(rs, i);
		size_t n_pats = ct_proposition_n_patterns(rs, i), n_exp = ct_proposition_n_expects(rs, i);
		if (o.format == F_JSON) {
			json_array_append_new(arr, json_pack("{s:s, s:s, s:i, s:s, s:s, s:i, s:i, s:i, s:s}",
				"id", p->id, "title", p->title, "rev", p->rev, "tags", p->tags,
				"file", p->file, "line", p->line, "patterns", (json_int_t)n_pats,
				"expects", (json_int_t)n_exp, "fingerprint", p->fingerprint));
			continue;
		}
		printf("%-28s rev %-3d %2zu %-8s %2zu %-7s  %s\n%-28s %s:%d\n", p->id, p->rev,
		       n_pats, n_pats == 1 ? "pattern" : "patterns", n_exp,
		       n_exp == 1 ? "expect" : "expects", p->title, "", p->file, p->line);
	}
	if (o.format == F_JSON) {
		json_t *root = json_pack("{s:O}", "propositions", arr);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
		json_decref(root);
	}
	json_decref(arr);
	ct_ruleset_free(rs);
	return EXIT_OK;
}
