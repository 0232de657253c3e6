/*
 * claimtrack report and claimtrack nightly: reports over the stored claims,
 * written into a folder of their own (HTML, Markdown, JSON, CSV) and listed
 * in the reports folder's index.html.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define REPORTS_ROOT "reports"

enum { O_SINCE = 1, O_UNTIL, O_PROPOSITION, O_TAG, O_OUT, O_FORMAT, O_SOURCES };

enum { F_HTML = 1, F_MD = 2, F_JSON = 4, F_CSV = 8, F_ALL = 15 };

static const struct cli_opt report_opts[] = {
	{ O_SINCE, "since", 0, "YYYY-MM-DD", "claims dated on or after this day" },
	{ O_UNTIL, "until", 0, "YYYY-MM-DD", "claims dated on or before this day" },
	{ O_PROPOSITION, "proposition", 'p', "ID", "only this proposition; repeatable" },
	{ O_TAG, "tag", 't', "TAG", "only propositions with this tag; repeatable" },
	{ O_OUT, "out", 'o', "DIR", "the folder to write (default reports/YYYY-MM-DD/); "
	  "'-' prints one format to stdout" },
	{ O_FORMAT, "format", 'f', "LIST", "html,md,json,csv (default: all; md with --out -)" },
	{ 0, NULL, 0, NULL, NULL },
};

static const struct cli_opt nightly_opts[] = {
	{ O_OUT, "out", 'o', "DIR", "the reports folder (default reports/)" },
	{ O_SOURCES, "sources", 0, "FILE", "URLs to fetch first, one a line (default: sources.list "
	  "beside the database, when there is one)" },
	CLI_FETCH_OPTS,
	CLI_FETCH_MANY_OPTS,
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_report = {
	"report", cmd_report,
	"[--since D] [--until D] [--proposition ID]... [--tag T]... [--out DIR] [--format LIST]",
	"write a report: who agrees, who contradicts whom, who changed their mind",
	"Writes a report over the stored claims: per proposition, the supporting\n"
	"and refuting claims and speakers, a timeline, the contradictions and the\n"
	"stance changes. A claim's date is its statement date when the text gives\n"
	"one, else its publication date. Files: index.html (self-contained),\n"
	"report.md, report.json and claims.csv, in reports/YYYY-MM-DD/ unless\n"
	"--out says otherwise; reports/index.html lists every report. What is new\n"
	"since the previous report is marked. A --proposition or --tag that the\n"
	"database does not hold is an error naming the closest one it does.",
	report_opts,
};

const struct cli_command cli_cmd_nightly = {
	"nightly", cmd_nightly, "[--out DIR] [--sources FILE] [--allow-private]",
	"the cron job: fetch the sources, report what is new since the last nightly report",
	"First fetches the sources (--sources FILE, else sources.list beside the\n"
	"database when there is one): one URL a line, '#' comments. A source is an\n"
	"article, or an RSS or Atom feed whose items (up to 200) are fetched; new\n"
	"articles are stored as 'ingest' would, URLs stored already are not fetched\n"
	"again and the others only when they changed (ETag, Last-Modified). A\n"
	"source that fails is reported on stderr and skipped.\n"
	"Then writes the report of the propositions with claims ingested since the\n"
	"last nightly report (the first time: in the last 24 hours), with those\n"
	"claims marked new against the whole record, into DIR/YYYY-MM-DD/, records\n"
	"that it ran and updates DIR/index.html. With nothing new it writes nothing\n"
	"and says so.\n"
	"Exit 3 when the run completed but some sources (or feed items, or lines of\n"
	"the sources file) failed; 1 when it could not complete.\n"
	"Ctrl-C (SIGINT) or SIGTERM: the document being stored (or the report being\n"
	"written) is finished, the other transfers are dropped, and it stops with a\n"
	"line saying how far it got (exit 130, or 143 for SIGTERM); running it again\n"
	"continues, since stored documents are not fetched again.",
	nightly_opts,
};

struct opts {
	const struct cli_command *cmd;
	const char *sources;          /* nightly --sources */
	struct cli_fetch fetch;       /* nightly: fetching the sources */
	struct ct_report_options ro;
	const char **props, **tags;
	const char *out;
	unsigned formats;
};

static int parse_formats(struct opts *o, const char *value)
{
	static const char *const names[] = { "html", "md", "json", "csv" };
	const char *p = value;

	o->formats = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		bool known = false;
		for (int i = 0; i < 4; i++)
			if (strlen(names[i]) == n && strncmp(p, names[i], n) == 0) {
				o->formats |= 1u << i;
				known = true;
			}
		if (!known) {
			cli_usage_error(o->cmd, "unknown format '%.*s' (html, md, json, csv)", (int)n, p);
			return 1;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return o->formats ? 0 : (cli_usage_error(o->cmd, "--format needs a list"), 1);
}

static int push(const char ***v, size_t *n, const char *value)
{
	const char **nv = realloc(*v, (*n + 1) * sizeof *nv);

	if (!nv)
		return 1;
	nv[(*n)++] = value;
	*v = nv;
	return 0;
}

static int set_opt(void *u, int id, const char *value)
{
	struct opts *o = u;

	if (cli_fetch_is_opt(id))
		return cli_fetch_set(&o->fetch, o->cmd, id, value);
	switch (id) {
	case O_SINCE:
	case O_UNTIL:
		if (!ct_date_valid(value)) {
			cli_usage_error(o->cmd, "--%s needs a date as YYYY-MM-DD, not '%s'",
					id == O_SINCE ? "since" : "until", value);
			return 1;
		}
		*(id == O_SINCE ? &o->ro.since : &o->ro.until) = value;
		return 0;
	case O_PROPOSITION:
		return push(&o->props, &o->ro.n_propositions, value);
	case O_TAG:
		return push(&o->tags, &o->ro.n_tags, value);
	case O_OUT:
		o->out = value;
		return 0;
	case O_FORMAT:
		return parse_formats(o, value);
	case O_SOURCES:
		o->sources = value;
		return 0;
	}
	return 0;
}

/* ---- writing files whole ---- */

static const struct {
	unsigned format;
	const char *file;
	int (*write)(const struct ct_report *, FILE *);
} writers[] = {
	{ F_HTML, "index.html", ct_report_write_html },
	{ F_MD, "report.md", ct_report_write_md },
	{ F_JSON, "report.json", ct_report_write_json },
	{ F_CSV, "claims.csv", ct_report_write_csv },
};

/* Writes path through a temporary file renamed over it: never half a file. */
static int write_file(const char *path, const struct ct_report *r,
		      int (*write)(const struct ct_report *, FILE *))
{
	char tmp[4300];
	FILE *f;
	int rc;

	snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
	if (!(f = fopen(tmp, "w"))) {
		cli_error("cannot write '%s': %s", tmp, strerror(errno));
		return EXIT_FAIL;
	}
	rc = write(r, f);
	if (fclose(f) != 0 || rc != CT_OK) {
		cli_error("cannot write '%s': %s", path, rc == CT_OK ? strerror(errno) : ct_strerror(rc));
		unlink(tmp);
		return EXIT_FAIL;
	}
	if (rename(tmp, path) != 0) {
		cli_error("cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Makes dir and its missing parents. */
static int make_dirs(const char *dir)
{
	char buf[4096];
	size_t n = strlen(dir);

	if (n >= sizeof buf)
		return -1;
	memcpy(buf, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		char c = buf[i];
		buf[i] = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			return -1;
		buf[i] = c;
	}
	return 0;
}

/*
 * Writes the formats into a new folder `dir` (made whole: written under a
 * temporary name, then renamed), or into an existing one file by file.
 */
static int write_report(const char *dir, const struct ct_report *r, unsigned formats)
{
	char tmpdir[4096], path[4200];
	bool fresh = !exists(dir);
	const char *into = dir;
	int rc = EXIT_OK;

	if (fresh) {
		char parent[4096];
		const char *slash = strrchr(dir, '/');
		snprintf(parent, sizeof parent, "%.*s", slash ? (int)(slash - dir) : 1,
			 slash ? dir : ".");
		if (make_dirs(parent) != 0) {
			cli_error("cannot make folder '%s': %s", parent, strerror(errno));
			return EXIT_FAIL;
		}
		snprintf(tmpdir, sizeof tmpdir, "%s.tmp-%ld", dir, (long)getpid());
		if (mkdir(tmpdir, 0777) != 0) {
			cli_error("cannot make folder '%s': %s", tmpdir, strerror(errno));
			return EXIT_FAIL;
		}
		into = tmpdir;
	}
	for (size_t i = 0; i < sizeof writers / sizeof *writers && rc == EXIT_OK; i++) {
		if (!(formats & writers[i].format))
			continue;
		snprintf(path, sizeof path, "%s/%s", into, writers[i].file);
		rc = write_file(path, r, writers[i].write);
	}
	if (fresh) {
		if (rc == EXIT_OK && rename(tmpdir, dir) != 0) {
			cli_error("cannot make folder '%s': %s", dir, strerror(errno));
			rc = EXIT_FAIL;
		}
		if (rc != EXIT_OK) {
			for (size_t i = 0; i < sizeof writers / sizeof *writers; i++) {
				snprintf(path, sizeof path, "%s/%s", tmpdir, writers[i].file);
				unlink(path);
			}
			rmdir(tmpdir);
		}
	}
	return rc;
}

/* root/YYYY-MM-DD, or root/YYYY-MM-DD-N when that is taken. */
static int new_folder(const char *root, const char *generated, char *out, size_t size)
{
	snprintf(out, size, "%s/%.10s", root, generated);
	for (int n = 2; exists(out) && n < 1000; n++)
		snprintf(out, size, "%s/%.10s-%d", root, generated, n);
	if (exists(out)) {
		cli_error("too many reports in '%s' for %.10s", root, generated);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* ---- the list of reports ---- */

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static size_t jsize(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) && json_integer_value(v) > 0 ? (size_t)json_integer_value(v) : 0;
}

struct listed {
	struct ct_report_index_entry e;
	char *folder;
	json_t *doc;
};

static int cmp_listed(const void *x, const void *y)
{
	const struct listed *a = x, *b = y;
	int c = strcmp(b->e.generated, a->e.generated);

	return c ? c : strcmp(b->folder, a->folder);
}

/* Rewrites root/index.html from the report.json of every report in root. */
static int update_index(const char *root)
{
	DIR *d = opendir(root);
	struct listed *v = NULL;
	struct ct_report_index_entry *entries = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	char path[4200];
	int rc = EXIT_OK;

	if (!d) {
		cli_error("cannot read folder '%s': %s", root, strerror(errno));
		return EXIT_FAIL;
	}
	while ((de = readdir(d)) != NULL) {
		json_t *doc, *summary, *period, *fresh;
		if (de->d_name[0] == '.' || strstr(de->d_name, ".tmp-"))
			continue;
		snprintf(path, sizeof path, "%s/%s/report.json", root, de->d_name);
		if (!(doc = json_load_file(path, 0, NULL)))
			continue;
		if (!jstr(doc, "generated") || (n == cap &&
		    !(v = realloc(v, (cap = cap ? cap * 2 : 16) * sizeof *v)))) {
			json_decref(doc);
			if (!v) {
				rc = EXIT_FAIL;
				break;
			}
			continue;
		}
		summary = json_object_get(doc, "summary");
		period = json_object_get(doc, "period");
		fresh = json_object_get(doc, "new");
		memset(&v[n], 0, sizeof v[n]);
		v[n].doc = doc;
		v[n].folder = strdup(de->d_name);
		v[n].e.folder = v[n].folder;
		v[n].e.kind = jstr(doc, "kind");
		v[n].e.generated = jstr(doc, "generated");
		v[n].e.since = jstr(period, "since");
		v[n].e.until = jstr(period, "until");
		v[n].e.documents = jsize(summary, "documents");
		v[n].e.claims = jsize(summary, "claims");
		v[n].e.propositions = jsize(summary, "propositions");
		v[n].e.has_new = json_is_object(fresh);
		v[n].e.new_claims = jsize(fresh, "claims");
		v[n].e.new_contradictions = jsize(fresh, "contradictions");
		v[n].e.new_changes = jsize(fresh, "changes");
		n++;
	}
	closedir(d);
	if (rc == EXIT_OK) {
		if (n > 1)
			qsort(v, n, sizeof *v, cmp_listed);
		entries = calloc(n ? n : 1, sizeof *entries);
		if (!entries) {
			rc = EXIT_FAIL;
		} else {
			for (size_t i = 0; i < n; i++)
				entries[i] = v[i].e;
			FILE *f;
			char tmp[4300];
			snprintf(path, sizeof path, "%s/index.html", root);
			snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
			if (!(f = fopen(tmp, "w"))) {
				cli_error("cannot write '%s': %s", tmp, strerror(errno));
				rc = EXIT_FAIL;
			} else {
				int wrc = ct_report_write_index(entries, n, f);
				if (fclose(f) != 0 || wrc != CT_OK || rename(tmp, path) != 0) {
					cli_error("cannot write '%s': %s", path, strerror(errno));
					unlink(tmp);
					rc = EXIT_FAIL;
				}
			}
		}
	}
	if (rc != EXIT_OK && !entries)
		cli_error("out of memory");
	for (size_t i = 0; i < n; i++) {
		free(v[i].folder);
		json_decref(v[i].doc);
	}
	free(v);
	free(entries);
	return rc;
}

/* ---- checking the options against the store ---- */

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

/*
 * Checks that every --proposition and --tag names one the store knows, so
 * that a typo is not an empty report. Prints an error for each that does
 * not, with the closest known one, and returns EXIT_FAIL; else EXIT_OK.
 */
static int check_names(const struct cli_global *g, struct ct_store *s, const struct opts *o)
{
	struct lookup l = { NULL, o->ro.n_propositions + o->ro.n_tags };
	int rc = EXIT_OK, src;

	if (l.n == 0)
		return EXIT_OK;
	if (!(l.v = calloc(l.n, sizeof *l.v))) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < l.n; i++) {
		bool tag = i >= o->ro.n_propositions;
		l.v[i].name = tag ? o->tags[i - o->ro.n_propositions] : o->props[i];
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

/*
 * An --out that names a file, or a path through one, is refused before
 * anything is written (the folder is made when missing): otherwise the
 * error would name a temporary file inside it.
 */
static int check_out_folder(const char *out)
{
	char buf[4096];
	size_t n;
	struct stat st;

	if (!out || strcmp(out, "-") == 0)
		return EXIT_OK;
	if (stat(out, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return EXIT_OK;
		cli_error("--out '%s' is a file; give a folder", out);
		return EXIT_FAIL;
	}
	n = strlen(out);
	if (n >= sizeof buf)
		return EXIT_OK;     /* too long to check here; making it will fail */
	memcpy(buf, out, n + 1);
	for (size_t i = 1; i < n; i++) {
		if (buf[i] != '/')
			continue;
		buf[i] = '\0';
		if (stat(buf, &st) == 0 && !S_ISDIR(st.st_mode)) {
			cli_error("--out '%s': '%s' is a file; give a folder", out, buf);
			return EXIT_FAIL;
		}
		buf[i] = '/';
	}
	return EXIT_OK;
}

/* ---- the commands ---- */

/* "1 claim", "2 claims": n and the noun for it. */
static const char *noun(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void print_summary(const char *dir, const struct ct_report *r, unsigned formats)
{
	printf("wrote %s/ (", dir);
	for (size_t i = 0, k = 0; i < sizeof writers / sizeof *writers; i++)
		if (formats & writers[i].format)
			printf("%s%s", k++ ? ", " : "", writers[i].file);
	printf("): %zu %s, %zu %s", r->n_propositions,
	       noun(r->n_propositions, "proposition", "propositions"), r->claims,
	       noun(r->claims, "claim", "claims"));
	if (r->has_previous)
		printf("; new: %zu %s, %zu %s, %zu %s", r->new_claims,
		       noun(r->new_claims, "claim", "claims"), r->new_contradictions,
		       noun(r->new_contradictions, "contradiction", "contradictions"),
		       r->new_changes, noun(r->new_changes, "stance change", "stance changes"));
	printf("\n");
}

/* Opens an existing database, read-write unless `flags` says
 * CT_STORE_READONLY (reports written to files record that they ran). */
static int open_existing(const struct cli_global *g, unsigned flags, struct ct_store **s)
{
	const char *path = cli_db_path(g);

	if (!exists(path)) {
		cli_error("%s: no database yet; store claims with 'claimtrack ingest' first", path);
		return EXIT_FAIL;
	}
	return cli_open_store(g, flags, s);
}

static int record(const struct cli_global *g, struct ct_store *s, const struct ct_report *r,
		  const char *kind, const char *dir)
{
	struct ct_store_run run;
	int rc;

	memset(&run, 0, sizeof run);
	snprintf(run.kind, sizeof run.kind, "%s", kind);
	snprintf(run.generated_at, sizeof run.generated_at, "%s", r->generated);
	snprintf(run.since, sizeof run.since, "%s", r->since);
	snprintf(run.until, sizeof run.until, "%s", r->until);
	snprintf(run.out, sizeof run.out, "%s", dir);
	run.max_claim = r->max_claim;
	if ((rc = ct_store_record_run(s, &run)) != CT_OK) {
		cli_store_error(g, s, rc);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cmd_report(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct opts o = { .cmd = cmd, .formats = 0 };
	struct ct_store *s = NULL;
	struct ct_report *r = NULL;
	struct ct_store_run prev;
	const char **pos = NULL;
	size_t n_pos = 0;
	char dir[4096];
	bool found = false;
	int rc = cli_parse(cmd, g, argc, argv, set_opt, &o, &pos, &n_pos);

	if (rc != EXIT_OK)
		goto out;
	if (n_pos > 0) {
		rc = cli_usage_error(cmd, "unexpected argument '%s'", pos[0]);
		goto out;
	}
	bool to_stdout = o.out && strcmp(o.out, "-") == 0;
	if (!o.formats)
		o.formats = to_stdout ? F_MD : F_ALL;
	if (to_stdout && (o.formats & (o.formats - 1))) {
		rc = cli_usage_error(cmd, "--out - prints one format; pick one with --format");
		goto out;
	}
	if (o.ro.since && o.ro.until && strcmp(o.ro.since, o.ro.until) > 0) {
		rc = cli_usage_error(cmd, "--since %s is after --until %s: the period is empty",
				     o.ro.since, o.ro.until);
		goto out;
	}
	if ((rc = check_out_folder(o.out)) != EXIT_OK)
		goto out;
	o.ro.propositions = o.props;
	o.ro.tags = o.tags;
	/* A report on stdout records nothing, so it reads a read-only database too. */
	if ((rc = open_existing(g, to_stdout ? CT_STORE_READONLY : 0, &s)) != EXIT_OK ||
	    (rc = check_names(g, s, &o)) != EXIT_OK)
		goto out;
	if ((rc = ct_store_last_run(s, "report", &prev, &found)) != CT_OK)
		goto store_fail;
	if (found)
		o.ro.new_after_claim = prev.max_claim;
	if ((rc = ct_report_build(s, &o.ro, &r)) != CT_OK)
		goto store_fail;
	if (to_stdout) {
		for (size_t i = 0; i < sizeof writers / sizeof *writers; i++)
			if (o.formats & writers[i].format)
				rc = writers[i].write(r, stdout) == CT_OK ? EXIT_OK : EXIT_FAIL;
		goto out;
	}
	if (o.out)
		snprintf(dir, sizeof dir, "%s", o.out);
	else if ((rc = new_folder(REPORTS_ROOT, r->generated, dir, sizeof dir)) != EXIT_OK)
		goto out;
	if ((rc = write_report(dir, r, o.formats)) != EXIT_OK ||
	    (!o.out && (rc = update_index(REPORTS_ROOT)) != EXIT_OK) ||
	    (rc = record(g, s, r, "report", dir)) != EXIT_OK)
		goto out;
	print_summary(dir, r, o.formats);
	goto out;
store_fail:
	cli_store_error(g, s, rc);
	rc = EXIT_FAIL;
out:
	ct_report_free(r);
	ct_store_close(s);
	free(o.props);
	free(o.tags);
	free(pos);
	return rc < 0 ? EXIT_OK : rc;
}

/* The signal that asked nightly to stop, 0 while none has. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* SIGINT and SIGTERM set stop_signal instead of killing the process, so
 * that the document being stored and the report being written are finished. */
static void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* An ISO 8601 UTC time `seconds` before now. */
static void time_before(long seconds, char out[21])
{
	time_t t = time(NULL) - seconds;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int cmd_nightly(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct opts o = { .cmd = cmd };
	struct ct_store *s = NULL;
	struct ct_report *r = NULL;
	struct ct_store_run prev;
	const char **pos = NULL, *root;
	size_t n_pos = 0;
	char dir[4096], day_ago[21];
	int64_t max_claim = 0, after = 0;
	bool found = false, stopped = false;
	const char *stage = "before the report was written";   /* for an interruption */
	size_t n_failed = 0;
	int rc;

	catch_stop_signals();
	cli_fetch_init(&o.fetch);
	rc = cli_parse(cmd, g, argc, argv, set_opt, &o, &pos, &n_pos);

	if (rc != EXIT_OK)
		goto out;
	if (n_pos > 0) {
		rc = cli_usage_error(cmd, "unexpected argument '%s'", pos[0]);
		goto out;
	}
	if ((rc = check_out_folder(o.out)) != EXIT_OK)
		goto out;
	root = o.out ? o.out : REPORTS_ROOT;
	rc = cli_nightly_sources(g, o.sources, &o.fetch, &stop_signal, &n_failed, &stopped);
	if (rc != EXIT_OK || stop_signal)
		goto out;
	if ((rc = open_existing(g, 0, &s)) != EXIT_OK)
		goto out;
	if ((rc = ct_store_last_run(s, "nightly", &prev, &found)) != CT_OK)
		goto store_fail;
	if (found) {
		after = prev.max_claim;
	} else {
		time_before(24 * 3600, day_ago);
		if ((rc = ct_store_max_claim(s, day_ago, &after)) != CT_OK)
			goto store_fail;
	}
	if ((rc = ct_store_max_claim(s, NULL, &max_claim)) != CT_OK)
		goto store_fail;
	if (max_claim <= after) {
		if (found)
			printf("nothing new since the last nightly report (%s, in %s); wrote nothing\n",
			       prev.generated_at, prev.out);
		else
			printf("nothing ingested in the last 24 hours; wrote nothing\n");
		stage = "with nothing new to report";
		rc = EXIT_OK;
		goto out;
	}
	o.ro.new_after_claim = after;
	o.ro.only_new = true;
	if (stop_signal)
		goto out;
	if ((rc = ct_report_build(s, &o.ro, &r)) != CT_OK)
		goto store_fail;
	snprintf(r->kind, sizeof r->kind, "nightly");
	if ((rc = new_folder(root, r->generated, dir, sizeof dir)) != EXIT_OK ||
	    (rc = write_report(dir, r, F_ALL)) != EXIT_OK ||
	    (rc = update_index(root)) != EXIT_OK ||
	    (rc = record(g, s, r, "nightly", dir)) != EXIT_OK)
		goto out;
	print_summary(dir, r, F_ALL);
	stage = "after writing the report";
	goto out;
store_fail:
	cli_store_error(g, s, rc);
	rc = EXIT_FAIL;
out:
	ct_report_free(r);
	ct_store_close(s);
	free(o.props);
	free(o.tags);
	free(pos);
	cli_fetch_release(&o.fetch);
	if (stop_signal && rc == EXIT_OK) {
		fflush(stdout);
		fprintf(stderr, "claimtrack: interrupted %s; run the same command again to "
			"continue (stored documents are not fetched again)\n",
			stopped ? "while fetching the sources (counts above); no report written" : stage);
		return 128 + stop_signal;
	}
	if (rc == EXIT_OK && n_failed) {
		fprintf(stderr, "claimtrack: %zu failure%s in the sources (see above); the run "
			"completed without them\n", n_failed, n_failed == 1 ? "" : "s");
		rc = EXIT_PARTIAL;
	}
	return rc < 0 ? EXIT_OK : rc;
}
