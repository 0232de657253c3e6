/* Helpers of the storing and querying commands: the database path, output cells. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_DB "db/claimtrack.db"

const char *cli_db_path(const struct cli_global *g)
{
	const char *env = getenv("CLAIMTRACK_DB");

	if (g->db && *g->db)
		return g->db;
	if (env && *env)
		return env;
	return DEFAULT_DB;
}

/* Creates the folders leading to path's last component, like mkdir -p. */
static int make_parents(const char *path)
{
	char *dir = strdup(path);
	int rc = 0;

	if (!dir)
		return ENOMEM;
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		struct stat st;
		*p = '\0';
		if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0 && errno != EEXIST) {
			rc = errno;
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

int cli_open_store(const struct cli_global *g, unsigned flags, struct ct_store **out)
{
	const char *path = cli_db_path(g);
	char err[512];
	int rc, e;

	if (!(flags & CT_STORE_READONLY) && (e = make_parents(path)) != 0) {
		cli_error("%s: cannot create its folder: %s", path, strerror(e));
		return EXIT_FAIL;
	}
	err[0] = '\0';
	rc = ct_store_open(path, flags, out, err, sizeof err);
	if (rc == CT_ENODB) {
		cli_error("%s: no database here (ingest documents first, or give --db PATH)", path);
		return EXIT_FAIL;
	}
	if (rc != CT_OK) {
		cli_error("%s: %s", path, err[0] ? err : ct_strerror(rc));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

void cli_store_error(const struct cli_global *g, const struct ct_store *s, int rc)
{
	const char *msg = ct_store_errmsg(s);

	cli_error("%s: %s", cli_db_path(g), msg && *msg ? msg : ct_strerror(rc));
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* s made valid UTF-8 with white space runs folded to one space and trimmed;
 * malloc'd, NULL when out of memory. */
static char *folded(const char *s)
{
	char *clean = cli_clean_utf8(s, strlen(s)), *o;
	bool space = false;

	if (!clean)
		return NULL;
	o = clean;
	for (const char *p = clean; *p; p++) {
		if (is_space(*p)) {
			space = o != clean;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		*o++ = *p;
	}
	*o = '\0';
	return clean;
}

void cli_print_folded(FILE *f, const char *s)
{
	char *t;

	if (!s)
		return;
	t = folded(s);
	if (t)
		fputs(t, f);
	free(t);
}

size_t cli_width(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

void cli_print_cell(FILE *f, const char *s, size_t width)
{
	size_t w;

	if (!s || !*s)
		s = "-";
	w = cli_width(s);
	fputs(s, f);
	for (; w < width; w++)
		fputc(' ', f);
}

void cli_csv_cell(FILE *f, const char *s, int last)
{
	char *t = s ? folded(s) : NULL;

	if (t && *t) {
		bool quote = strpbrk(t, ",\"") != NULL;
		bool formula = strchr("=+-@", t[0]) != NULL;
		if (quote || formula)
			fputc('"', f);
		if (formula)
			fputc('\'', f);
		for (const char *p = t; *p; p++) {
			if (*p == '"')
				fputc('"', f);
			fputc(*p, f);
		}
		if (quote || formula)
			fputc('"', f);
	}
	free(t);
	fputc(last ? '\n' : ',', f);
}
