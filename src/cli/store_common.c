/* Helpers of the storing and querying commands: the database path, output cells. */
#include "cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_DB "db/claimtrack.db"

const char *cli_db_target(const struct cli_global *g)
{
	const char *env = getenv("CLAIMTRACK_DB");

	if (g->db && *g->db)
		return g->db;
	if (env && *env)
		return env;
	return DEFAULT_DB;
}

const char *cli_db_path(const struct cli_global *g)
{
	static _Thread_local char shown[1024];
	const char *target = cli_db_target(g);

	if (!ct_store_is_url(target))
		return target;
	ct_store_display_name(target, shown, sizeof shown);
	return shown;
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

/*
 * Says once, when this open upgraded a database that holds documents to the
 * schema that keeps texts, that those documents have none: the migration
 * runs once, so does the note.
 */
static void note_upgrade(const char *path, struct ct_store *s)
{
	int was = 0, now = 0;
	size_t n = 0;

	ct_store_versions(s, &was, &now);
	if (was == 0 || was >= CT_STORE_SCHEMA_TEXTS || now < CT_STORE_SCHEMA_TEXTS ||
	    ct_store_texts_missing(s, &n) != CT_OK || n == 0)
		return;
	fprintf(stderr, "claimtrack: note: %s: upgraded to schema %d, which keeps the text of "
		"each document; the %zu document%s stored before %s no text ('claimtrack show' "
		"cannot print %s): ingesting %s sources again stores it\n", path, now, n,
		n == 1 ? "" : "s", n == 1 ? "has" : "have", n == 1 ? "it" : "them",
		n == 1 ? "its" : "their");
}

int cli_open_store(const struct cli_global *g, unsigned flags, struct ct_store **out)
{
	const char *target = cli_db_target(g), *path = cli_db_path(g);
	char err[512];
	int rc, e;

	if (!(flags & CT_STORE_READONLY) && !ct_store_is_url(target) &&
	    (e = make_parents(path)) != 0) {
		cli_error("%s: cannot create its folder: %s", path, strerror(e));
		return EXIT_FAIL;
	}
	err[0] = '\0';
	rc = ct_store_open(target, flags, out, err, sizeof err);
	if (rc == CT_ENODB) {
		cli_error("%s: no database here (ingest documents first, or give --db PATH)", path);
		return EXIT_FAIL;
	}
	if (rc != CT_OK) {
		cli_error("%s: %s", path, err[0] ? err : ct_strerror(rc));
		return EXIT_FAIL;
	}
	note_upgrade(path, *out);
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

/* ---- --speaker and --outlet, `speaker NAME`: the stored name they mean ---- */

int cli_resolve_name(const struct cli_global *g, struct ct_store *s, enum ct_name_table table,
		     const char *name, const char *given_as, char **canonical)
{
	const char *what = table == CT_NAME_SPEAKER ? "speaker" : "outlet";
	struct ct_name_lookup lk;
	int src = ct_store_lookup_name(s, table, name, &lk);

	if (src != CT_OK) {
		cli_store_error(g, s, src);
		return EXIT_FAIL;
	}
	if (lk.how != CT_NAME_NONE && lk.n == 1) {
		*canonical = lk.names[0];
		lk.names[0] = NULL;
		ct_name_lookup_release(&lk);
		return *canonical ? EXIT_OK : EXIT_FAIL;
	}
	if (lk.how == CT_NAME_NONE) {
		cli_error("no %s matches '%s'", what, name);
		fprintf(stderr, "hint: ");
		if (lk.n_names > 0) {
			fprintf(stderr, "the closest: ");
			for (size_t i = 0; i < lk.n_names; i++)
				fprintf(stderr, "%s'%s'", i ? ", " : "", lk.names[i]);
			fprintf(stderr, "; ");
		}
		fprintf(stderr, "'claimtrack %ss --all' lists every %s stored\n", what, what);
	} else {
		cli_error("'%s' matches %zu %ss (%s):", name, lk.n, what,
			  lk.how == CT_NAME_SURNAME ? "the last word of a name or alias"
			  : lk.how == CT_NAME_PREFIX ? "the start of a name or alias"
			  : "a name or alias");
		for (size_t i = 0; i < lk.n_names; i++)
			fprintf(stderr, "  %s\n", lk.names[i]);
		if (lk.n > lk.n_names)
			fprintf(stderr, "  … and %zu more\n", lk.n - lk.n_names);
		fprintf(stderr, "hint: give more of the name, e.g. %s'%s'\n", given_as, lk.names[0]);
	}
	ct_name_lookup_release(&lk);
	return EXIT_FAIL;
}

/* ---- --proposition and --tag checked against the store ---- */


/* A --proposition or --tag value, and the closest name the store knows. */
struct wanted {
	const char *name;
	bool tag;
	bool found;
	char *closest;              /* malloc'd; NULL while none */
	size_t distance;
};

struct lookup {
	struct wanted *v;
	size_t n;
};

static int offer_name(const char *name, bool is_tag, void *user)
{
	struct lookup *l = user;

	for (size_t i = 0; i < l->n; i++) {
		struct wanted *w = &l->v[i];
		size_t d;
		char *copy;
		if (w->tag != is_tag || w->found)
			continue;
		/* As the report filters: ids exactly, tags in any case. */
		if (is_tag ? strcasecmp(w->name, name) == 0 : strcmp(w->name, name) == 0) {
			w->found = true;
			continue;
		}
		if ((d = cli_edit_distance(w->name, name)) >= w->distance)
			continue;
		if (!(copy = strdup(name)))
			return CT_ENOMEM;
		free(w->closest);
		w->closest = copy;
		w->distance = d;
	}
	return 0;
}

/* Whether the closest name is near enough to be what was meant: else the
 * error also says where to find them all. */
static bool typo(const struct wanted *w)
{
	size_t len = strlen(w->name);

	return w->distance <= (len / 3 > 2 ? len / 3 : 2);
}

int cli_check_names(const struct cli_global *g, struct ct_store *s, const char *const *props,
		    size_t n_props, const char *const *tags, size_t n_tags)
{
	struct lookup l = { NULL, n_props + n_tags };
	int rc = EXIT_OK, src;

	if (l.n == 0)
		return EXIT_OK;
	if (!(l.v = calloc(l.n, sizeof *l.v))) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < l.n; i++) {
		bool tag = i >= n_props;
		l.v[i].name = tag ? tags[i - n_props] : props[i];
		l.v[i].tag = tag;
		l.v[i].distance = SIZE_MAX;
	}
	if ((src = ct_report_names(s, offer_name, &l)) != CT_OK) {
		if (src == CT_ENOMEM)
			cli_error("out of memory");
		else
			cli_store_error(g, s, src);
		rc = EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct wanted *w = &l.v[i];
		const char *what = w->tag ? "tag" : "proposition";
		if (w->found)
			continue;
		rc = EXIT_FAIL;
		if (w->closest && typo(w))
			cli_error("no %s '%s'; did you mean '%s'?", what, w->name, w->closest);
		else if (w->closest)
			cli_error("no %s '%s'; did you mean '%s'? ('claimtrack propositions%s' "
				  "lists them)", what, w->name, w->closest,
				  w->tag ? " --format json" : "");
		else
			cli_error("no %s '%s': the database %s", what, w->name, w->tag ?
				  "has no tagged propositions" : "has no propositions yet");
	}
out:
	for (size_t i = 0; i < l.n; i++)
		free(l.v[i].closest);
	free(l.v);
	return rc;
}

void cli_print_rules_drift(const struct ct_rules_drift *d)
{
	if (!d->propositions)
		return;
	fprintf(stderr, "claimtrack: note: %zu proposition%s changed since the claims of %zu "
		"document%s were stored; run 'claimtrack rematch'\n", d->propositions,
		d->propositions == 1 ? "" : "s", d->documents, d->documents == 1 ? "" : "s");
}

void cli_note_rules_drift(struct ct_store *s, const struct ct_ruleset *rs)
{
	struct ct_rules_drift d;

	if (s && rs && ct_store_rules_drift(s, rs, &d) == CT_OK)
		cli_print_rules_drift(&d);
}

/* ---- the sentence index brought up to date ---- */

struct catch_up {
	bool tty;
	const char *hold;      /* a FIFO opened after each chunk (tests) */
};

/* Texts from which a terminal is shown the progress. */
#define PROGRESS_FROM 2000

static void on_chunk(size_t done, size_t total, void *user)
{
	struct catch_up *c = user;

	if (c->tty && total >= PROGRESS_FROM)
		fprintf(stderr, "\rclaimtrack: indexing the sentences of %zu of %zu texts%s", done,
			total, done >= total ? "\n" : "");
	/* CLAIMTRACK_TEST_INDEX_HOLD: the tests hold the run here, after a
	 * chunk's commit, to interrupt it at a known point (tests/cli/similar.sh). */
	if (c->hold) {
		char buf[64];
		int fd = open(c->hold, O_RDONLY);
		if (fd >= 0) {
			while (read(fd, buf, sizeof buf) > 0)
				;
			close(fd);
		}
	}
}

int cli_sentences_catch_up(const struct cli_global *g, struct ct_store *s, bool writable,
			   const volatile sig_atomic_t *stop)
{
	struct catch_up c = { isatty(STDERR_FILENO) != 0, getenv("CLAIMTRACK_TEST_INDEX_HOLD") };
	struct ct_index_pending o = { .stop = stop, .progress = on_chunk, .user = &c };
	const char *chunk = getenv("CLAIMTRACK_INDEX_CHUNK");
	struct ct_store *w = s;
	char err[512] = "";
	size_t pending = 0, left = 0;
	int rc;

	if (chunk && *chunk)
		o.chunk = (size_t)strtoul(chunk, NULL, 10);
	if ((rc = ct_store_sentences_pending(s, &pending)) != CT_OK) {
		cli_store_error(g, s, rc);
		return EXIT_FAIL;
	}
	if (!pending)
		return EXIT_OK;
	/* A read-only connection cannot write: one that can, if the database lets it. */
	if (!writable &&
	    (rc = ct_store_open(cli_db_target(g), 0, &w, err, sizeof err)) != CT_OK) {
		w = NULL;
		if (!err[0])
			snprintf(err, sizeof err, "%s", ct_strerror(rc));
	}
	if (w && (rc = ct_store_index_pending(w, &o, NULL)) == CT_EABORT)
		err[0] = '\0';          /* stopped by the caller's signal: it says so */
	else if (w && rc != CT_OK)
		snprintf(err, sizeof err, "%s", ct_store_errmsg(w) && *ct_store_errmsg(w)
			 ? ct_store_errmsg(w) : ct_strerror(rc));
	if (w && w != s)
		ct_store_close(w);
	if (!err[0])
		return EXIT_OK;
	if (ct_store_sentences_pending(s, &left) != CT_OK)
		left = pending;
	fprintf(stderr, "claimtrack: warning: %s: %zu stored text%s not yet in the sentence index, "
		"not searched (cannot index %s: %s); a run that can write to the database "
		"indexes them\n", cli_db_path(g), left, left == 1 ? " is" : "s are",
		left == 1 ? "it" : "them", err);
	return EXIT_OK;
}
