/*
 * claimtrack report and claimtrack nightly: reports over the stored claims,
 * written into a folder of their own (HTML, Markdown, JSON, CSV) and listed
 * in the reports folder's index.html.
 */
#include "cli.h"
#include "outdir.h"
#include "notify.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define REPORTS_ROOT "reports"

enum { O_SINCE = 1, O_UNTIL, O_PROPOSITION, O_TAG, O_OUT, O_FORMAT, O_SOURCES, O_NOTIFY, O_MAIL,
       O_BASE_URL, O_COPIES };

enum { F_HTML = 1, F_MD = 2, F_JSON = 4, F_CSV = 8, F_ALL = 15 };

static const struct cli_opt report_opts[] = {
	{ O_SINCE, "since", 0, "YYYY-MM-DD", "claims dated on or after this day" },
	{ O_UNTIL, "until", 0, "YYYY-MM-DD", "claims dated on or before this day" },
	{ O_PROPOSITION, "proposition", 'p', "ID", "only this proposition; repeatable" },
	{ O_TAG, "tag", 't', "TAG", "only propositions with this tag; repeatable" },
	{ O_OUT, "out", 'o', "DIR", "the folder to write (default reports/YYYY-MM-DD/); "
	  "'-' prints one format to stdout" },
	{ O_FORMAT, "format", 'f', "LIST", "html,md,json,csv (default: all; md with --out -)" },
	{ O_COPIES, "copies", 0, NULL, "count each copy of a story's claim (default: once per story)" },
	{ 0, NULL, 0, NULL, NULL },
};

static const struct cli_opt nightly_opts[] = {
	{ O_OUT, "out", 'o', "DIR", "the reports folder (default reports/)" },
	{ O_SOURCES, "sources", 0, "FILE", "URLs to fetch first, one a line (default: sources.list "
	  "beside the database, when there is one)" },
	{ O_NOTIFY, "notify", 0, "URL", "post the digest of what is new to this Slack or Mattermost "
	  "incoming webhook; repeatable" },
	{ O_MAIL, "mail", 0, "ADDRESS", "mail the digest to ADDRESS through sendmail; repeatable" },
	{ O_BASE_URL, "base-url", 0, "URL", "where 'claimtrack serve' runs: the digest links to "
	  "URL/claim/ID and URL/proposition/ID" },
	CLI_FETCH_OPTS,
	CLI_FETCH_MANY_OPTS,
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_report = {
	"report", cmd_report,
	"[--since D] [--until D] [--proposition ID]... [--tag T]... [--out DIR] [--format LIST]\n"
	"       [--copies]",
	"write a report: who agrees, who contradicts whom, who changed their mind",
	"Writes a report over the stored claims: per proposition, the supporting\n"
	"and refuting claims and speakers, a timeline, the contradictions and the\n"
	"stance changes. A claim's date is its statement date when the text gives\n"
	"one, else its publication date. Files: index.html (self-contained),\n"
	"report.md, report.json and claims.csv, and with the HTML\n"
	"speakers/NAME.html, each listed speaker's record in the report (their\n"
	"newest claims, stance changes and opponents per proposition), linked\n"
	"from their name; in reports/YYYY-MM-DD/ unless\n"
	"--out says otherwise (a folder, made with its missing parents);\n"
	"reports/index.html lists every report. What is new since the previous\n"
	"report is marked. A --proposition or --tag that the database does not\n"
	"hold is an error naming the closest one it does.\n"
	"A claim of a story carried by several outlets (copies found at ingest)\n"
	"counts once, as its first document's, with the outlets carrying it\n"
	"(\"carried by N outlets\"; in report.json \"carried_by\"); --copies counts\n"
	"and lists each copy's claim instead.",
	report_opts,
};

const struct cli_command cli_cmd_nightly = {
	"nightly", cmd_nightly, "[--out DIR] [--sources FILE] [--allow-private]\n"
	"       [--notify URL]... [--mail ADDRESS]... [--base-url URL]",
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
	"and says so. Last, indexes the sentences of the texts stored since the\n"
	"index was brought up to date (as 'similar' would before its query), and\n"
	"merges their fingerprints into the index of all ('db maintain').\n"
	"One nightly runs at a time on a reports folder (a lock in DIR/.nightly.lock),\n"
	"and on a PostgreSQL database (an advisory lock, from whatever machine):\n"
	"a second one is an error naming the first. A report written but not\n"
	"recorded (the run killed, or the database busy) is recorded by the next\n"
	"run, so its claims are not announced as new again.\n"
	"With --notify URL and --mail ADDRESS, a written report's digest (new\n"
	"claims, new contradictions, stance changes; links with --base-url) is\n"
	"posted as {\"text\": ...} to each webhook and mailed through sendmail -t\n"
	"($CLAIMTRACK_SENDMAIL, else /usr/sbin/sendmail). Nothing new: nothing sent.\n"
	"A notification that fails is a warning on stderr; the report stays written.\n"
	"Exit 3 when the run completed but some sources (or feed items, or lines of\n"
	"the sources file) failed; 4 when it completed but a notification failed\n"
	"(3 when both); 1 when it could not complete.\n"
	"Ctrl-C (SIGINT) or SIGTERM: the document being stored (or the report being\n"
	"written) is finished, the other transfers are dropped, and it stops with a\n"
	"line saying how far it got (exit 130, or 143 for SIGTERM); running it again\n"
	"continues, since stored documents are not fetched again.",
	nightly_opts,
};

struct opts {
	const struct cli_command *cmd;
	const char *sources;          /* nightly --sources */
	struct cli_notify notify;     /* nightly --notify, --mail, --base-url */
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
	const char **nv = ct_realloc_array(*v, *n + 1, sizeof *nv);

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
	case O_COPIES:
		o->ro.copies = true;
		return 0;
	case O_SOURCES:
		o->sources = value;
		return 0;
	case O_NOTIFY:
		if (strncmp(value, "https://", 8) != 0 && strncmp(value, "http://", 7) != 0) {
			cli_usage_error(o->cmd, "--notify needs an http:// or https:// webhook URL");
			return 1;
		}
		return push(&o->notify.webhooks, &o->notify.n_webhooks, value);
	case O_MAIL:
		if (!cli_mail_address_ok(value)) {
			cli_usage_error(o->cmd, "--mail '%s' is not one plain address such as "
					"desk@example.org", value);
			return 1;
		}
		return push(&o->notify.mail, &o->notify.n_mail, value);
	case O_BASE_URL:
		if (!cli_base_url_ok(value)) {
			cli_usage_error(o->cmd, "--base-url '%s' is not an http:// or https:// URL "
					"without spaces", value);
			return 1;
		}
		o->notify.base_url = value;
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

static bool exists(const char *path)
{
	struct stat st;
	return ct_store_is_url(path) || stat(path, &st) == 0;
}

/* One writer on one report, for outdir_write_file(). */
struct one_format {
	int (*write)(const struct ct_report *, FILE *);
	const struct ct_report *r;
};

static int write_format(const void *arg, FILE *f)
{
	const struct one_format *w = arg;

	return w->write(w->r, f);
}

/* ---- the speakers' pages ---- */

/* Where a report comes from: what its speakers' pages are built from. */
struct source {
	const struct cli_global *g;
	struct ct_store *s;
	const struct ct_report_options *ro;   /* the report's */
};

struct page_out {
	const struct source *src;
	const struct ct_report *r;
	const char *into, *shown;
	const struct ct_report_page *page;
};

static int write_page(const void *arg, FILE *f)
{
	const struct page_out *w = arg;

	return ct_report_write_speaker_html(w->r, w->page, f);
}

static int on_page(const struct ct_report_page *page, void *user)
{
	struct page_out *w = user;
	char path[OUTDIR_PATH_MAX + 32], name[OUTDIR_PATH_MAX + 32];

	w->page = page;
	snprintf(path, sizeof path, "%s/%s", w->into, page->file);
	snprintf(name, sizeof name, "%s/%s", w->shown, page->file);
	/* Non-zero and not a ct_ error code: the walk stops and says so. */
	return outdir_write_file(path, name, write_page, w) == EXIT_OK ? 0 : 1000;
}

/* Makes into/speakers, or takes the folder that is there (never a link). */
static int make_pages_folder(const char *path, const char *shown)
{
	struct stat st;

	if (mkdir(path, 0777) == 0 || (errno == EEXIST && lstat(path, &st) == 0 &&
				       S_ISDIR(st.st_mode)))
		return EXIT_OK;
	cli_error("cannot make folder '%s': %s", shown,
		  errno == EEXIST ? "something that is not a folder is there" : strerror(errno));
	return EXIT_FAIL;
}

/*
 * Writes into/speakers/NAME.html for each speaker with a page (pg): their
 * record in the report, built in one scan of the claims
 * (ct_report_build_pages()).
 */
static int write_pages(const struct source *src, const char *into, const char *shown,
		       const struct ct_report *r, const struct ct_report_pages *pg)
{
	char path[OUTDIR_PATH_MAX + 32], name[OUTDIR_PATH_MAX + 32];
	struct page_out w = { src, r, into, shown, NULL };
	int rc;

	if (pg->n == 0)
		return EXIT_OK;
	snprintf(path, sizeof path, "%s/" OUTDIR_SPEAKERS, into);
	snprintf(name, sizeof name, "%s/" OUTDIR_SPEAKERS, shown);
	if (make_pages_folder(path, name) != EXIT_OK)
		return EXIT_FAIL;
	rc = ct_report_build_pages(src->s, src->ro, r, pg, on_page, &w);
	if (rc == CT_OK)
		return EXIT_OK;
	if (rc != 1000)         /* on_page() said what went wrong */
		cli_store_error(src->g, src->s, rc);
	return EXIT_FAIL;
}

/* Writes the formats into the folder `into`, each file whole; errors name
 * the files as they will be in `shown`. With HTML, the speakers' pages
 * first (index.html links them). */
static int write_formats(const struct source *src, const char *into, const char *shown,
			 struct ct_report *r, unsigned formats)
{
	char path[OUTDIR_PATH_MAX + 32], name[OUTDIR_PATH_MAX + 32];
	struct ct_report_pages pg = { 0 };
	int rc = EXIT_FAIL;

	if (formats & F_HTML) {
		if (ct_report_speaker_pages(r, &pg) != CT_OK) {
			cli_error("out of memory");
			return EXIT_FAIL;
		}
		if (write_pages(src, into, shown, r, &pg) != EXIT_OK)
			goto out;
	}
	for (size_t i = 0; i < sizeof writers / sizeof *writers; i++) {
		struct one_format w = { writers[i].write, r };
		if (!(formats & writers[i].format))
			continue;
		snprintf(path, sizeof path, "%s/%s", into, writers[i].file);
		snprintf(name, sizeof name, "%s/%s", shown, writers[i].file);
		if (outdir_write_file(path, name, write_format, &w) != EXIT_OK)
			goto out;
	}
	rc = EXIT_OK;
out:
	/* The report's page fields point into pg: none once it is gone. */
	for (size_t i = 0; i < r->n_propositions; i++) {
		struct ct_report_proposition *p = &r->propositions[i];
		for (size_t k = 0; k < p->n_supporters; k++)
			p->supporters[k].page = NULL;
		for (size_t k = 0; k < p->n_refuters; k++)
			p->refuters[k].page = NULL;
	}
	ct_report_pages_free(&pg);
	return rc;
}

/* Writes the formats into a temporary folder beside dir, which the caller
 * publishes with outdir_stage_publish() (or discards). */
static int stage_report(const struct source *src, struct outdir_stage *st, const char *dir,
			struct ct_report *r, unsigned formats)
{
	if (outdir_stage_begin(st, dir) != EXIT_OK)
		return EXIT_FAIL;
	if (write_formats(src, st->tmp, dir, r, formats) != EXIT_OK) {
		outdir_stage_discard(st);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/*
 * Writes the formats into a new folder `dir` (made whole: written under a
 * temporary name, then renamed), or into an existing one file by file.
 */
static int write_report(const struct source *src, const char *dir, struct ct_report *r,
			unsigned formats)
{
	struct outdir_stage st;

	if (exists(dir))
		return write_formats(src, dir, dir, r, formats);
	if (stage_report(src, &st, dir, r, formats) != EXIT_OK)
		return EXIT_FAIL;
	if (outdir_stage_publish(&st) != EXIT_OK) {
		outdir_stage_discard(&st);
		return EXIT_FAIL;
	}
	return EXIT_OK;
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

struct index_list {
	const struct ct_report_index_entry *v;
	size_t n;
};

static int write_index(const void *arg, FILE *f)
{
	const struct index_list *l = arg;

	return ct_report_write_index(l->v, l->n, f);
}

/*
 * A report's report.json, or NULL: only a regular file, not through a
 * link, so that a FIFO or a link planted in the reports folder cannot hold
 * the run or make it read another file.
 */
static json_t *load_report_json(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	json_t *doc = NULL;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		doc = json_loadfd(fd, 0, NULL);
	close(fd);
	return doc;
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
		char *folder = NULL;
		if (de->d_name[0] == '.' || strstr(de->d_name, ".tmp-"))
			continue;
		snprintf(path, sizeof path, "%s/%s/report.json", root, de->d_name);
		if (!(doc = load_report_json(path)))
			continue;
		if (!jstr(doc, "generated")) {
			json_decref(doc);
			continue;
		}
		if (!CT_VEC_RESERVE(v, cap, n + 1) || !(folder = strdup(de->d_name))) {
			json_decref(doc);
			rc = EXIT_FAIL;
			break;
		}
		summary = json_object_get(doc, "summary");
		period = json_object_get(doc, "period");
		fresh = json_object_get(doc, "new");
		memset(&v[n], 0, sizeof v[n]);
		v[n].doc = doc;
		v[n].folder = folder;
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
			struct index_list list = { entries, n };
			for (size_t i = 0; i < n; i++)
				entries[i] = v[i].e;
			snprintf(path, sizeof path, "%s/index.html", root);
			rc = outdir_write_file(path, NULL, write_index, &list);
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
	if (n >= OUTDIR_PATH_MAX - 128) {   /* room for the names of its files and temporaries */
		cli_error("--out is longer than %d bytes", OUTDIR_PATH_MAX - 128);
		return EXIT_FAIL;
	}
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

/* Records a report that was written into dir; returns the store's code. */
static int record(struct ct_store *s, const char *kind, const char *generated, const char *since,
		  const char *until, int64_t max_claim, const char *dir)
{
	struct ct_store_run run;

	memset(&run, 0, sizeof run);
	snprintf(run.kind, sizeof run.kind, "%s", kind);
	snprintf(run.generated_at, sizeof run.generated_at, "%s", generated);
	snprintf(run.since, sizeof run.since, "%s", since ? since : "");
	snprintf(run.until, sizeof run.until, "%s", until ? until : "");
	snprintf(run.out, sizeof run.out, "%s", dir);
	run.max_claim = max_claim;
	return ct_store_record_run(s, &run);
}

/*
 * Removes what killed runs left where a report is written into dir: the
 * temporaries of its files inside it, and of dir itself beside it.
 */
static void clean_stale(const char *dir)
{
	char parent[OUTDIR_PATH_MAX];
	char pages[OUTDIR_PATH_MAX + 16];
	const char *slash = strrchr(dir, '/');

	outdir_clean(dir, NULL);
	snprintf(pages, sizeof pages, "%s/" OUTDIR_SPEAKERS, dir);
	outdir_clean(pages, NULL);
	if (!slash) {
		outdir_clean(".", dir);
		return;
	}
	snprintf(parent, sizeof parent, "%.*s", slash == dir ? 1 : (int)(slash - dir), dir);
	outdir_clean(parent, slash + 1);
}

/*
 * Writes the report in one format to stdout. A write error (a full disk,
 * a closed pipe) is said, with the system's reason.
 */
static int print_report(const struct ct_report *r, unsigned formats)
{
	int wrc = CT_OK, err = 0;

	errno = 0;
	for (size_t i = 0; i < sizeof writers / sizeof *writers; i++)
		if (formats & writers[i].format)
			wrc = writers[i].write(r, stdout);
	if (wrc == CT_EIO || ferror(stdout))
		err = errno ? errno : EIO;
	if (fflush(stdout) != 0 && !err)
		err = errno;
	if (wrc != CT_OK && wrc != CT_EIO) {
		cli_error("cannot write the report: %s", ct_strerror(wrc));
		return EXIT_FAIL;
	}
	if (err) {
		cli_error("cannot write the report to stdout: %s", strerror(err));
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
	    (rc = cli_check_names(g, s, o.props, o.ro.n_propositions, o.tags, o.ro.n_tags)) != EXIT_OK)
		goto out;
	if ((rc = ct_store_last_run(s, "report", &prev, &found)) != CT_OK)
		goto store_fail;
	if (found)
		o.ro.new_after_claim = prev.max_claim;
	if ((rc = ct_report_build(s, &o.ro, &r)) != CT_OK)
		goto store_fail;
	if (to_stdout) {
		rc = print_report(r, o.formats);
		goto out;
	}
	if (o.out) {
		snprintf(dir, sizeof dir, "%s", o.out);
		outdir_trim(dir);
		clean_stale(dir);
	} else {
		outdir_clean(REPORTS_ROOT, NULL);
		if ((rc = new_folder(REPORTS_ROOT, r->generated, dir, sizeof dir)) != EXIT_OK)
			goto out;
	}
	if ((rc = write_report(&(struct source){ g, s, &o.ro }, dir, r, o.formats)) != EXIT_OK ||
	    (!o.out && (rc = update_index(REPORTS_ROOT)) != EXIT_OK))
		goto out;
	if ((rc = record(s, "report", r->generated, r->since, r->until, r->max_claim, dir)) != CT_OK)
		goto store_fail;
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

/*
 * The journal of a nightly report being published: root/.nightly-pending
 * names its folder from before the folder is renamed into place until the
 * run is recorded. A run killed in between (or that could not record, the
 * database locked) leaves it for the next run, which settles it.
 */
#define PENDING_FILE ".nightly-pending"

static int write_line(const void *arg, FILE *f)
{
	return fprintf(f, "%s\n", (const char *)arg) < 0 ? CT_EIO : CT_OK;
}

/*
 * Settles the journal left in root by a nightly that stopped after it
 * started publishing: when the folder it names holds a nightly report that
 * the store has not recorded (its max_claim is past the last recorded
 * one), records it and rewrites the index, so that its claims are not
 * announced as new again; then removes the journal. Returns EXIT_OK, or
 * EXIT_FAIL with the error printed (the journal then stays).
 */
static int settle_pending(const struct cli_global *g, struct ct_store *s, const char *root)
{
	char path[OUTDIR_PATH_MAX + 32], name[256], dir[OUTDIR_PATH_MAX], json[OUTDIR_PATH_MAX + 32];
	struct ct_store_run prev;
	json_t *doc = NULL, *max;
	bool found = false;
	ssize_t n;
	int fd, src, rc = EXIT_OK;

	snprintf(path, sizeof path, "%s/%s", root, PENDING_FILE);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return EXIT_OK;
	n = read(fd, name, sizeof name - 1);
	close(fd);
	name[n > 0 ? n : 0] = '\0';
	name[strcspn(name, "\n")] = '\0';
	/* A folder of root, as new_folder() names them: nothing else is read. */
	if (name[0] && name[0] != '.' && !strchr(name, '/') &&
	    (size_t)snprintf(dir, sizeof dir, "%s/%s", root, name) < sizeof dir &&
	    (size_t)snprintf(json, sizeof json, "%s/report.json", dir) < sizeof json)
		doc = load_report_json(json);
	max = json_object_get(doc, "max_claim");
	if (jstr(doc, "kind") && strcmp(jstr(doc, "kind"), "nightly") == 0 &&
	    jstr(doc, "generated") && json_is_integer(max)) {
		json_t *period = json_object_get(doc, "period");
		if ((src = ct_store_last_run(s, "nightly", &prev, &found)) == CT_OK &&
		    (!found || prev.max_claim < json_integer_value(max))) {
			src = record(s, "nightly", jstr(doc, "generated"), jstr(period, "since"),
				     jstr(period, "until"), json_integer_value(max), dir);
			if (src == CT_OK)
				printf("recorded %s/, the report of a nightly that stopped before "
				       "recording it\n", dir);
		}
		if (src != CT_OK) {
			cli_store_error(g, s, src);
			rc = EXIT_FAIL;
			goto out;
		}
		if ((rc = update_index(root)) != EXIT_OK)
			goto out;
	}
	unlink(path);
out:
	json_decref(doc);
	return rc;
}

/*
 * The claims a nightly report is about: those past *after, up to
 * *max_claim; *after is the last nightly report's (*prev, when *found),
 * or the first time the last claim of 24 hours ago. Returns the store's
 * code.
 */
static int nightly_period(struct ct_store *s, struct ct_store_run *prev, bool *found,
			  int64_t *after, int64_t *max_claim)
{
	char day_ago[21];
	int rc;

	if ((rc = ct_store_last_run(s, "nightly", prev, found)) != CT_OK)
		return rc;
	if (*found) {
		*after = prev->max_claim;
	} else {
		time_before(24 * 3600, day_ago);
		if ((rc = ct_store_max_claim(s, day_ago, after)) != CT_OK)
			return rc;
	}
	return ct_store_max_claim(s, NULL, max_claim);
}

/*
 * Publishes a nightly report into a new folder of root, and records it.
 * Written aside, then: the journal (pending) names the folder, the folder
 * is renamed into place, the index rewritten, the run recorded, the
 * journal removed. A kill anywhere leaves either no report (the temporary
 * is removed by the next run) or a published one that the next run
 * records (settle_pending()). Returns EXIT_OK, or EXIT_FAIL with the error
 * printed.
 */
static int publish_nightly(const struct source *src, const char *root, const char *pending,
			   struct ct_report *r, char dir[OUTDIR_PATH_MAX])
{
	struct outdir_stage st = { .tmp = "" };
	int rc;

	if ((rc = new_folder(root, r->generated, dir, OUTDIR_PATH_MAX)) != EXIT_OK ||
	    (rc = stage_report(src, &st, dir, r, F_ALL)) != EXIT_OK ||
	    (rc = outdir_write_file(pending, NULL, write_line, dir + strlen(root) + 1)) != EXIT_OK)
		goto out;
	if ((rc = outdir_stage_publish(&st)) != EXIT_OK) {
		unlink(pending);
		goto out;
	}
	if ((rc = update_index(root)) != EXIT_OK)
		goto out;
	/* Said before the record, which may wait for another writer: the
	 * report is there whatever happens to the record. */
	print_summary(dir, r, F_ALL);
	fflush(stdout);
	if ((rc = record(src->s, "nightly", r->generated, r->since, r->until, r->max_claim, dir)) != CT_OK) {
		const char *msg = ct_store_errmsg(src->s);
		cli_error("%s: %s; the report in '%s/' is written, and the next nightly records it",
			  cli_db_path(src->g), msg && *msg ? msg : ct_strerror(rc), dir);
		rc = EXIT_FAIL;
		goto out;
	}
	unlink(pending);
out:
	outdir_stage_discard(&st);
	return rc;
}

/* Takes the database's nightly lock (ct_store_lock_nightly()). */
static int lock_database(const struct cli_global *g, struct ct_store *s)
{
	char who[160];
	bool held;
	int rc = ct_store_lock_nightly(s, &held, who, sizeof who);

	if (rc != CT_OK) {
		cli_store_error(g, s, rc);
		return EXIT_FAIL;
	}
	if (!held) {
		char name[512];
		ct_store_display_name(cli_db_path(g), name, sizeof name);
		cli_error("another nightly is running on %s%s%s%s; let it finish, then run again",
			  name, who[0] ? " (" : "", who, who[0] ? ")" : "");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cmd_nightly(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct opts o = { .cmd = cmd };
	struct ct_store *s = NULL;
	struct ct_report *r = NULL;
	struct ct_store_run prev;
	const char **pos = NULL;
	size_t n_pos = 0;
	char root[OUTDIR_PATH_MAX], pending[OUTDIR_PATH_MAX + 32], dir[OUTDIR_PATH_MAX];
	int64_t max_claim = 0, after = 0;
	bool found = false, stopped = false;
	const char *stage = "before the report was written";   /* for an interruption */
	size_t n_failed = 0, n_unsent = 0;
	int rc, src, lock = -1;

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
	snprintf(root, sizeof root, "%s", o.out ? o.out : REPORTS_ROOT);
	outdir_trim(root);
	snprintf(pending, sizeof pending, "%s/%s", root, PENDING_FILE);
	/* A database that cannot be written is said first, before the reports
	 * folder is made (the sources may make a database that is not there). */
	if (exists(cli_db_path(g)) && (rc = cli_open_store(g, 0, &s)) != EXIT_OK)
		goto out;
	/* One nightly at a time on a reports folder: the lock is held until
	 * this process ends, however it ends. */
	if ((rc = outdir_make(root)) != EXIT_OK || (rc = outdir_lock(root, &lock)) != EXIT_OK)
		goto out;
	/* And one at a time on a shared database (PostgreSQL), whose nightlies
	 * may run on several machines, each with its own reports folder. */
	if (s && (rc = lock_database(g, s)) != EXIT_OK)
		goto out;
	outdir_clean(root, NULL);
	rc = cli_nightly_sources(g, o.sources, &o.fetch, &stop_signal, &n_failed, &stopped);
	if (rc != EXIT_OK || stop_signal)
		goto out;
	if ((!s && (rc = open_existing(g, 0, &s)) != EXIT_OK) ||
	    (rc = settle_pending(g, s, root)) != EXIT_OK)
		goto out;
	if ((rc = nightly_period(s, &prev, &found, &after, &max_claim)) != CT_OK)
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
	if ((rc = publish_nightly(&(struct source){ g, s, &o.ro }, root, pending, r, dir)) != EXIT_OK)
		goto out;
	stage = "after writing the report";
	if (!stop_signal && (o.notify.n_webhooks || o.notify.n_mail)) {
		char shown[OUTDIR_PATH_MAX + 16];
		snprintf(shown, sizeof shown, "%s/index.html", dir);
		n_unsent = cli_notify_digest(&o.notify, r, shown);
	}
	goto out;
store_fail:
	cli_store_error(g, s, rc);
	rc = EXIT_FAIL;
out:
	/* The texts stored tonight indexed now, so that the morning's first
	 * 'similar' does not wait for them. */
	if (s && rc == EXIT_OK && !stop_signal)
		rc = cli_sentences_catch_up(g, s, true, &stop_signal);
	/* And their fingerprints' band keys merged into the index of all
	 * (ct_store_copies_merge()): ingest stays quick in a large archive. */
	if (s && rc == EXIT_OK && !stop_signal && (src = ct_store_copies_merge(s, NULL)) != CT_OK) {
		cli_store_error(g, s, src);
		rc = EXIT_FAIL;
	}
	ct_report_free(r);
	ct_store_close(s);
	if (lock >= 0)
		close(lock);
	free(o.props);
	free(o.tags);
	free(o.notify.webhooks);
	free(o.notify.mail);
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
	} else if (rc == EXIT_OK && n_unsent) {
		fprintf(stderr, "claimtrack: %zu notification%s failed (see above); the report is "
			"written and recorded\n", n_unsent, n_unsent == 1 ? "" : "s");
		rc = EXIT_NOTIFY;
	}
	return rc < 0 ? EXIT_OK : rc;
}
