/* Helpers the commands share: diagnostics, the rules path, clean strings. */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/utf8.h"

#ifndef CT_DATADIR
#define CT_DATADIR "/usr/local/share/claimtrack"
#endif

void cli_print_diag(FILE *f, const struct ct_diag *d)
{
	const char *sev = d->severity == CT_DIAG_ERROR ? "error" : "warning";

	if (d->file && d->line > 0 && d->col > 0)
		fprintf(f, "%s:%d:%d: %s: %s\n", d->file, d->line, d->col, sev, d->message);
	else if (d->file && d->line > 0)
		fprintf(f, "%s:%d: %s: %s\n", d->file, d->line, sev, d->message);
	else if (d->file)
		fprintf(f, "%s: %s: %s\n", d->file, sev, d->message);
	else
		fprintf(f, "claimtrack: %s: %s\n", sev, d->message);
}

void cli_diag_stderr(const struct ct_diag *d, void *user)
{
	(void)user;
	cli_print_diag(stderr, d);
}

/* CLAIMTRACK_PREFILTER=0 turns the prefilter off, to compare speeds. */
static bool prefilter_off(void)
{
	const char *v = getenv("CLAIMTRACK_PREFILTER");
	return v && strcmp(v, "0") == 0;
}

/*
 * Where compiled rules are cached: $CLAIMTRACK_CACHE, else
 * $XDG_CACHE_HOME/claimtrack, else ~/.cache/claimtrack; NULL (no cache)
 * when CLAIMTRACK_CACHE is "0" or no folder can be named. The string is
 * static, valid until the next call.
 */
static const char *cache_dir(void)
{
	static char buf[4096];
	const char *env = getenv("CLAIMTRACK_CACHE"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int n;

	if (env && strcmp(env, "0") == 0)
		return NULL;
	if (env && *env)
		return env;
	if (xdg && *xdg == '/')
		n = snprintf(buf, sizeof buf, "%s/claimtrack", xdg);
	else if (home && *home == '/')
		n = snprintf(buf, sizeof buf, "%s/.cache/claimtrack", home);
	else
		return NULL;
	return n > 0 && (size_t)n < sizeof buf ? buf : NULL;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The rules path, or EXIT_FAIL (quietly) when there is none. */
static int find_rules_paths(const struct cli_global *g, const char ***paths, size_t *n)
{
	static char *env_copy;
	const char **v = NULL;
	size_t k = 0;
	const char *env = getenv("CLAIMTRACK_RULES");

	if (g->n_rules > 0) {
		v = malloc(g->n_rules * sizeof *v);
		if (!v)
			goto nomem;
		for (size_t i = 0; i < g->n_rules; i++)
			v[k++] = g->rules[i];
	} else if (env && *env) {
		size_t parts = 1;
		for (const char *c = env; *c; c++)
			parts += *c == ':';
		free(env_copy);
		env_copy = strdup(env);
		v = malloc(parts * sizeof *v);
		if (!env_copy || !v)
			goto nomem;
		for (char *s = env_copy, *e; s; s = e) {
			e = strchr(s, ':');
			if (e)
				*e++ = '\0';
			if (*s)
				v[k++] = s;
		}
	} else if (is_dir("rules")) {
		v = malloc(sizeof *v);
		if (!v)
			goto nomem;
		v[k++] = "rules";
	} else if (is_dir(CT_DATADIR "/rules")) {
		v = malloc(sizeof *v);
		if (!v)
			goto nomem;
		v[k++] = CT_DATADIR "/rules";
	}
	if (k == 0) {
		free(v);
		return EXIT_FAIL;
	}
	*paths = v;
	*n = k;
	return EXIT_OK;
nomem:
	free(v);
	cli_error("out of memory");
	return EXIT_USAGE;
}

int cli_rules_paths(const struct cli_global *g, const char ***paths, size_t *n)
{
	int rc = find_rules_paths(g, paths, n);

	if (rc == EXIT_FAIL)
		cli_error("no rules found: pass --rules PATH or set CLAIMTRACK_RULES "
			  "(looked in ./rules and %s/rules)", CT_DATADIR);
	return rc == EXIT_OK ? EXIT_OK : EXIT_FAIL;
}

int cli_load_rules_or_builtin(const struct cli_global *g, struct ct_ruleset **out)
{
	const char **paths;
	size_t n;
	struct ct_rules_options opts = { cli_diag_stderr, NULL, false, prefilter_off() };

	if (find_rules_paths(g, &paths, &n) == EXIT_OK) {
		free(paths);
		return cli_load_rules(g, NULL, NULL, out);
	}
	if (ct_rules_load_string("<built-in>", "", 0, &opts, out) != CT_OK) {
		cli_error("cannot load the built-in cue lists");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* Where a command that is not `rules lint` or `rules test` sends the
 * diagnostics of loading rules: errors on to its callback, warnings only
 * counted, for one line at the end. */
struct summary {
	ct_diag_fn fn;
	void *user;
	size_t n_warnings;
};

static void summary_diag(const struct ct_diag *d, void *user)
{
	struct summary *s = user;

	if (d->severity == CT_DIAG_WARNING)
		s->n_warnings++;
	else
		s->fn(d, s->user);
}

/* Whether a path can be shown in a shell command as it is. */
static bool shell_safe(const char *s)
{
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+,:@=", *s))
			return false;
	return true;
}

/* "claimtrack: rules: N warnings; run 'claimtrack rules lint [PATH...]'" on
 * stderr, naming the --rules paths when they can be pasted as they are. */
static void print_warning_summary(const struct cli_global *g, size_t n)
{
	bool paths = g->n_rules > 0;

	for (size_t i = 0; i < g->n_rules; i++)
		paths = paths && shell_safe(g->rules[i]);
	fflush(stdout);
	fprintf(stderr, "claimtrack: rules: %zu warning%s; run 'claimtrack rules lint", n,
		n == 1 ? "" : "s");
	for (size_t i = 0; paths && i < g->n_rules; i++)
		fprintf(stderr, " %s", g->rules[i]);
	fprintf(stderr, "'\n");
}

/* Loads the rules path; with `summarise`, warnings are counted and said in
 * one line instead of given to diag. */
static int load_rules(const struct cli_global *g, ct_diag_fn diag, void *user, bool summarise,
		      struct ct_ruleset **out)
{
	const char **paths;
	size_t n;
	struct summary sum = { diag ? diag : cli_diag_stderr, user, 0 };
	struct ct_rules_options opts = { sum.fn, user, false, prefilter_off(), cache_dir() };
	int rc;

	if (summarise) {
		opts.on_diag = summary_diag;
		opts.user = &sum;
	}
	if (cli_rules_paths(g, &paths, &n) != EXIT_OK)
		return EXIT_FAIL;
	rc = ct_rules_load(paths, n, &opts, out);
	free(paths);
	if (sum.n_warnings > 0)
		print_warning_summary(g, sum.n_warnings);
	if (rc == CT_ERULES || rc == CT_EIO)
		return EXIT_FAIL;
	if (rc != CT_OK) {
		cli_error("cannot load rules: %s", ct_strerror(rc));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cli_load_rules(const struct cli_global *g, ct_diag_fn diag, void *user,
		   struct ct_ruleset **out)
{
	return load_rules(g, diag, user, true, out);
}

int cli_load_rules_all(const struct cli_global *g, ct_diag_fn diag, void *user,
		       struct ct_ruleset **out)
{
	return load_rules(g, diag, user, false, out);
}

char *cli_clean_utf8(const char *s, size_t n)
{
	char *out = malloc(n * 3 + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t m = ct_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (m == 0) {
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		} else if (cp == 0) {
			i++;
		} else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
			   (cp >= 0x7F && cp < 0xA0)) {
			/* A control character would drive the terminal (escape
			 * sequences): shown as U+FFFD instead. */
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			i += m;
		} else {
			memcpy(o, s + i, m);
			o += m;
			i += m;
		}
	}
	*o = '\0';
	return out;
}
