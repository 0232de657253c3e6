/* Option parsing and help text, both from one table per command. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { G_RULES = 1000, G_DB, G_HELP };

static const struct cli_opt global_opts[] = {
	{ G_RULES, "rules", 0, "PATH", "rule file or folder; repeatable (default: $CLAIMTRACK_RULES, ./rules, the installed rules)" },
	{ G_DB, "db", 0, "PATH", "SQLite file or postgresql:// URL (default: $CLAIMTRACK_DB, db/claimtrack.db)" },
	{ G_HELP, "help", 'h', NULL, "show this help and exit" },
	{ 0, NULL, 0, NULL, NULL },
};

static void print_opts(FILE *f, const struct cli_opt *opts)
{
	for (const struct cli_opt *o = opts; o && o->name; o++) {
		char left[64];
		if (o->short_name)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name,
				 o->metavar ? " " : "", o->metavar ? o->metavar : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->name,
				 o->metavar ? " " : "", o->metavar ? o->metavar : "");
		if (strlen(left) > 24)
			fprintf(f, "  %s\n  %-24s  %s\n", left, "", o->help);
		else
			fprintf(f, "  %-24s  %s\n", left, o->help);
	}
}

void cli_help(const struct cli_command *cmd, FILE *f)
{
	fprintf(f, "usage: claimtrack %s %s\n\n", cmd->name, cmd->usage);
	if (cmd->description)
		fprintf(f, "%s\n\n", cmd->description);
	if (cmd->opts && cmd->opts[0].name) {
		fprintf(f, "options:\n");
		print_opts(f, cmd->opts);
		fprintf(f, "\n");
	}
	fprintf(f, "global options:\n");
	print_opts(f, global_opts);
	fprintf(f, "\nexit status: 0 ok, 1 failure (bad rules, unreadable input, failed tests), 2 usage error\n");
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("claimtrack: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "claimtrack %s: error: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: claimtrack %s %s\n(see 'claimtrack %s --help')\n",
		cmd->name, cmd->usage, cmd->name);
	return EXIT_USAGE;
}

/* Finds a long option by name (up to '=' if any) in a table. */
static const struct cli_opt *find_long(const struct cli_opt *opts, const char *arg, size_t n)
{
	for (const struct cli_opt *o = opts; o && o->name; o++)
		if (strlen(o->name) == n && strncmp(o->name, arg, n) == 0)
			return o;
	return NULL;
}

static const struct cli_opt *find_short(const struct cli_opt *opts, char c)
{
	for (const struct cli_opt *o = opts; o && o->name; o++)
		if (o->short_name && o->short_name == c)
			return o;
	return NULL;
}

static int add_global(struct cli_global *g, int id, const char *value)
{
	if (id == G_RULES) {
		const char **nv = ct_realloc_array(g->rules, g->n_rules + 1, sizeof *nv);
		if (!nv)
			return -1;
		g->rules = nv;
		g->rules[g->n_rules++] = value;
	} else if (id == G_DB) {
		g->db = value;
	}
	return 0;
}

/*
 * Writes "; did you mean '--NAME'?" to buf for the mistyped long option
 * arg[0, n) when one of cmd's options or the global ones is near, else "".
 */
static void option_hint(char *buf, size_t size, const struct cli_command *cmd,
			const char *arg, size_t n)
{
	size_t n_names = 0, k = 0;
	const char **names;
	char *word = strndup(arg, n);

	buf[0] = '\0';
	for (const struct cli_opt *o = cmd->opts; o && o->name; o++)
		n_names++;
	for (const struct cli_opt *o = global_opts; o->name; o++)
		n_names++;
	names = malloc(n_names * sizeof *names);
	if (word && names) {
		for (const struct cli_opt *o = cmd->opts; o && o->name; o++)
			names[k++] = o->name;
		for (const struct cli_opt *o = global_opts; o->name; o++)
			names[k++] = o->name;
		cli_did_you_mean(buf, size, word, "--", names, k);
	}
	free(names);
	free(word);
}

int cli_parse(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv,
	      int (*set)(void *u, int id, const char *value), void *u,
	      const char ***pos, size_t *n_pos)
{
	const char **p = calloc((size_t)argc + 1, sizeof *p);
	size_t np = 0;
	bool only_pos = false;

	if (!p) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const struct cli_opt *o = NULL;
		const char *value = NULL;
		bool global = false;

		if (only_pos || a[0] != '-' || a[1] == '\0') {
			p[np++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			o = find_long(cmd->opts, a + 2, n);
			if (!o && (o = find_long(global_opts, a + 2, n)))
				global = true;
			if (!o) {
				char hint[128];
				option_hint(hint, sizeof hint, cmd, a + 2, n);
				free(p);
				return cli_usage_error(cmd, "unknown option '%.*s'%s", (int)n + 2, a, hint);
			}
			if (eq) {
				if (!o->metavar) {
					free(p);
					return cli_usage_error(cmd, "option '--%s' takes no value", o->name);
				}
				value = eq + 1;
			}
		} else {
			if (a[2] != '\0') {
				free(p);
				return cli_usage_error(cmd, "unknown option '%s' (short options are not combined)", a);
			}
			o = find_short(cmd->opts, a[1]);
			if (!o && (o = find_short(global_opts, a[1])))
				global = true;
			if (!o) {
				free(p);
				return cli_usage_error(cmd, "unknown option '%s'", a);
			}
		}
		if (o->metavar && !value) {
			if (i + 1 >= argc) {
				free(p);
				return cli_usage_error(cmd, "option '--%s' needs a value (%s)", o->name, o->metavar);
			}
			value = argv[++i];
		}
		if (global && o->id == G_HELP) {
			cli_help(cmd, stdout);
			free(p);
			return -1;
		}
		if (global ? add_global(g, o->id, value) : set(u, o->id, value)) {
			free(p);
			return EXIT_USAGE;
		}
	}
	*pos = p;
	*n_pos = np;
	return EXIT_OK;
}

int cli_take_global(struct cli_global *g, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *eq, *value;
	const struct cli_opt *o;
	size_t n;

	if (strncmp(a, "--", 2) != 0)
		return 0;
	eq = strchr(a + 2, '=');
	n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
	o = find_long(global_opts, a + 2, n);
	if (!o || !o->metavar)
		return 0;
	if (eq) {
		value = eq + 1;
	} else if (*i + 1 < argc) {
		value = argv[++*i];
	} else {
		fprintf(stderr, "claimtrack: error: option '--%s' needs a value (%s)\n",
			o->name, o->metavar);
		return -1;
	}
	if (add_global(g, o->id, value) != 0) {
		cli_error("out of memory");
		return -1;
	}
	(*i)++;
	return 1;
}

int cli_choice(const char *value, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(value, names[i]) == 0)
			return i;
	return -1;
}

int cli_parse_date(const struct cli_command *cmd, const char *opt, const char *value,
		   const char **out)
{
	if (!ct_date_valid(value)) {
		cli_usage_error(cmd, "--%s '%s' is not a date YYYY-MM-DD", opt, value);
		return 1;
	}
	*out = value;
	return 0;
}

int cli_parse_jobs(const struct cli_command *cmd, const char *value, unsigned *out)
{
	char *end;
	long n = strtol(value, &end, 10);

	if (end == value || *end || n < 1 || n > CLI_MAX_JOBS) {
		cli_usage_error(cmd, "--jobs needs a number from 1 to %d, not '%s'", CLI_MAX_JOBS,
				value);
		return 1;
	}
	*out = (unsigned)n;
	return 0;
}

int cli_dispatch(const struct cli_command *cmd, const struct cli_command *const *subs, size_t n,
		 const char *choices, struct cli_global *g, int argc, char **argv)
{
	size_t prefix = strlen(cmd->name) + 1;
	const char **names;
	char hint[128] = "";

	if (argc < 1)
		return cli_usage_error(cmd, "which one: %s?", choices);
	if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
		cli_help(cmd, stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(subs[i]->name + prefix, argv[0]) == 0)
			return subs[i]->run(subs[i], g, argc - 1, argv + 1);
	names = malloc(n * sizeof *names);
	if (names) {
		for (size_t i = 0; i < n; i++)
			names[i] = subs[i]->name + prefix;
		cli_did_you_mean(hint, sizeof hint, argv[0], "", names, n);
		free(names);
	}
	return cli_usage_error(cmd, "unknown subcommand '%s' (%s)%s", argv[0], choices, hint);
}
