/* claimtrack propositions|speakers|outlets: what the database holds, with counts. */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { O_FORMAT = 1, O_SINCE, O_UNTIL, O_PROPOSITION, O_ALL };
enum { F_TABLE, F_JSON, F_CSV };

static const char *const formats[] = { "table", "json", "csv", NULL };

static const struct cli_opt list_opts[] = {
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default), json or csv" },
	{ 0, NULL, 0, NULL, NULL },
};

/* Speakers and outlets: who was active, when, on what. */
static const struct cli_opt active_opts[] = {
	{ O_SINCE, "since", 0, "DATE", "count claims published on or after DATE (YYYY-MM-DD)" },
	{ O_UNTIL, "until", 0, "DATE", "count claims published on or before DATE (YYYY-MM-DD)" },
	{ O_PROPOSITION, "proposition", 'p', "ID", "count only claims on this proposition" },
	{ O_ALL, "all", 0, NULL, "list every one stored, those without claims too" },
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default), json or csv" },
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_propositions = {
	"propositions", cmd_list, "[--format table|json|csv]",
	"list stored propositions with claim counts",
	"Lists every proposition the database knows (its latest rev) with the\n"
	"claims on it: how many support, refute or are hedged, by how many speakers\n"
	"in how many documents, and the first and last publication dates. A\n"
	"story carried by several outlets (copies found at ingest) counts its\n"
	"claim once, as reports do.\n"
	"CSV has a header row and the columns of the JSON keys.",
	list_opts,
};

const struct cli_command cli_cmd_speakers = {
	"speakers", cmd_list,
	"[--since D] [--until D] [--proposition ID] [--all] [--format table|json|csv]",
	"list speakers with claim counts",
	"Lists the speakers with claims (in the period, on the proposition), most\n"
	"claims first: kind, claims (supporting, refuting, hedged), propositions,\n"
	"documents, dates, and the role from the speaker's block in the rules.\n"
	"Aliases in speaker blocks count as one speaker. An outlet asserting in its\n"
	"own voice (a sentence nobody is said to speak) is listed with kind\n"
	"narrator, apart from the same name quoted as a speaker (same id). --all\n"
	"lists every speaker stored, those only named in the rules too. --since\n"
	"after --until is a usage error. CSV has a header row and the columns of\n"
	"the JSON keys.",
	active_opts,
};

const struct cli_command cli_cmd_outlets = {
	"outlets", cmd_list,
	"[--since D] [--until D] [--proposition ID] [--all] [--format table|json|csv]",
	"list outlets with document and claim counts",
	"Lists the outlets with documents (in the period; with --proposition,\n"
	"documents with a claim on it) or with claims they relayed, most documents\n"
	"first: the documents and their claims, and 'via', the claims it relayed in\n"
	"other outlets' documents. --all lists every outlet stored, those only\n"
	"named in the rules too. --since after --until is a usage error. CSV has a\n"
	"header row and the columns of the JSON keys.",
	active_opts,
};

struct list {
	const struct cli_command *cmd;
	int format;
	struct ct_list_filter f;
	json_t *arr;
};

static int set_opt(void *u, int id, const char *value)
{
	struct list *l = u;

	switch (id) {
	case O_FORMAT:
		if ((l->format = cli_choice(value, formats)) < 0) {
			cli_usage_error(l->cmd, "unknown format '%s' (table, json or csv)", value);
			return 1;
		}
		break;
	case O_SINCE:
	case O_UNTIL:
		return cli_parse_date(l->cmd, id == O_SINCE ? "since" : "until", value,
				      id == O_SINCE ? &l->f.since : &l->f.until);
	case O_PROPOSITION: l->f.proposition = value; break;
	case O_ALL: l->f.all = true; break;
	}
	return 0;
}

static json_t *jtext(const char *s)
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

static json_t *jdate(const char *d)
{
	return d[0] ? json_string(d) : json_null();
}

/* Adds the shared counts to a JSON object. */
static void set_counts(json_t *o, const struct ct_store_counts *n)
{
	json_object_set_new(o, "claims", json_integer((json_int_t)n->claims));
	json_object_set_new(o, "supports", json_integer((json_int_t)n->supports));
	json_object_set_new(o, "refutes", json_integer((json_int_t)n->refutes));
	json_object_set_new(o, "hedged", json_integer((json_int_t)n->hedged));
	json_object_set_new(o, "documents", json_integer((json_int_t)n->documents));
	json_object_set_new(o, "first_date", jdate(n->first_date));
	json_object_set_new(o, "last_date", jdate(n->last_date));
}

/* ---- tables, printed from the JSON rows so that columns fit ---- */

static const char *jget(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "-";
}

static json_int_t jint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The widest value of key among the rows, at least min. */
static size_t width(json_t *arr, const char *key, size_t min)
{
	size_t i, w = min;
	json_t *o;

	json_array_foreach(arr, i, o) {
		size_t n = cli_width(jget(o, key));
		if (n > w)
			w = n;
	}
	return w;
}

static const char counts_header[] =
	" claims  supports  refutes  hedged  documents  first       last      ";

static void print_counts(json_t *o)
{
	printf(" %6lld %9lld %8lld %7lld %10lld  %-10s  %-10s", (long long)jint(o, "claims"),
	       (long long)jint(o, "supports"), (long long)jint(o, "refutes"),
	       (long long)jint(o, "hedged"), (long long)jint(o, "documents"),
	       jget(o, "first_date"), jget(o, "last_date"));
}

static void print_propositions(json_t *arr)
{
	size_t w = width(arr, "id", 11), i;
	json_t *o;

	cli_print_cell(stdout, "proposition", w);
	printf(" %4s%s %8s  %s\n", "rev", counts_header, "speakers", "title");
	json_array_foreach(arr, i, o) {
		cli_print_cell(stdout, jget(o, "id"), w);
		printf(" %4lld", (long long)jint(o, "rev"));
		print_counts(o);
		printf(" %8lld  ", (long long)jint(o, "speakers"));
		cli_print_folded(stdout, jget(o, "title"));
		printf("\n");
	}
}

static void print_speakers(json_t *arr)
{
	size_t w = width(arr, "name", 7), i;
	json_t *o;

	cli_print_cell(stdout, "speaker", w);
	printf(" %-12s%s %12s  %s\n", "kind", counts_header, "propositions", "role");
	json_array_foreach(arr, i, o) {
		cli_print_cell(stdout, jget(o, "name"), w);
		printf(" %-12s", jget(o, "kind"));
		print_counts(o);
		printf(" %12lld  ", (long long)jint(o, "propositions"));
		cli_print_folded(stdout, jget(o, "role"));
		printf("\n");
	}
}

static void print_outlets(json_t *arr)
{
	size_t w = width(arr, "name", 6), i;
	json_t *o;

	cli_print_cell(stdout, "outlet", w);
	printf("%s %6s\n", counts_header, "via");
	json_array_foreach(arr, i, o) {
		cli_print_cell(stdout, jget(o, "name"), w);
		print_counts(o);
		printf(" %6lld\n", (long long)jint(o, "via"));
	}
}

/* ---- CSV: the JSON rows, in the order of their keys ---- */

static const char *const proposition_cols[] = {
	"id", "title", "rev", "fingerprint", "tags", "file", "line", "revisions", "speakers",
	"claims", "supports", "refutes", "hedged", "documents", "first_date", "last_date", NULL,
};
static const char *const speaker_cols[] = {
	"id", "name", "kind", "role", "org", "from_rules", "aliases", "propositions",
	"claims", "supports", "refutes", "hedged", "documents", "first_date", "last_date", NULL,
};
static const char *const outlet_cols[] = {
	"id", "name", "from_rules", "aliases", "via",
	"claims", "supports", "refutes", "hedged", "documents", "first_date", "last_date", NULL,
};

static void print_csv(json_t *arr, const char *const *cols)
{
	size_t i, k;
	json_t *o;

	for (k = 0; cols[k]; k++)
		cli_csv_cell(stdout, cols[k], !cols[k + 1]);
	json_array_foreach(arr, i, o) {
		for (k = 0; cols[k]; k++) {
			json_t *v = json_object_get(o, cols[k]);
			char num[24];
			const char *cell = NULL;
			if (json_is_string(v)) {
				cell = json_string_value(v);
			} else if (json_is_integer(v)) {
				snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
				cell = num;
			} else if (json_is_boolean(v)) {
				cell = json_is_true(v) ? "true" : "false";
			}
			cli_csv_cell(stdout, cell, !cols[k + 1]);
		}
	}
}

/* ---- rows ---- */

json_t *cli_proposition_json(const struct ct_store_proposition *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", jtext(p->id));
	json_object_set_new(o, "title", jtext(p->title));
	json_object_set_new(o, "rev", json_integer(p->rev));
	json_object_set_new(o, "fingerprint", jtext(p->fingerprint));
	json_object_set_new(o, "tags", jtext(p->tags));
	json_object_set_new(o, "file", jtext(p->file));
	json_object_set_new(o, "line", json_integer(p->line));
	json_object_set_new(o, "revisions", json_integer((json_int_t)p->revisions));
	json_object_set_new(o, "speakers", json_integer((json_int_t)p->speakers));
	set_counts(o, &p->n);
	return o;
}

json_t *cli_speaker_row_json(const struct ct_store_speaker *sp)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(sp->id));
	json_object_set_new(o, "name", jtext(sp->name));
	json_object_set_new(o, "kind", json_string(ct_speaker_kind_name(sp->kind)));
	json_object_set_new(o, "role", jtext(sp->role));
	json_object_set_new(o, "org", jtext(sp->org));
	json_object_set_new(o, "from_rules", json_boolean(sp->from_rules));
	json_object_set_new(o, "aliases", json_integer((json_int_t)sp->aliases));
	json_object_set_new(o, "propositions", json_integer((json_int_t)sp->propositions));
	set_counts(o, &sp->n);
	return o;
}

json_t *cli_outlet_json(const struct ct_store_outlet *o)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer(o->id));
	json_object_set_new(j, "name", jtext(o->name));
	json_object_set_new(j, "from_rules", json_boolean(o->from_rules));
	json_object_set_new(j, "aliases", json_integer((json_int_t)o->aliases));
	json_object_set_new(j, "via", json_integer((json_int_t)o->via));
	set_counts(j, &o->n);
	return j;
}

static int on_proposition(const struct ct_store_proposition *p, void *user)
{
	struct list *l = user;

	return json_array_append_new(l->arr, cli_proposition_json(p)) != 0;
}

static int on_speaker(const struct ct_store_speaker *sp, void *user)
{
	struct list *l = user;

	return json_array_append_new(l->arr, cli_speaker_row_json(sp)) != 0;
}

static int on_outlet(const struct ct_store_outlet *o, void *user)
{
	struct list *l = user;

	return json_array_append_new(l->arr, cli_outlet_json(o)) != 0;
}

/* "no speakers with claims from 2022-01-01 on af.x (--all lists every one)" */
static void print_none(const struct list *l)
{
	const struct ct_list_filter *f = &l->f;

	if (l->cmd == &cli_cmd_propositions || f->all) {
		printf("no %s stored\n", l->cmd->name);
		return;
	}
	printf("no %s with %s", l->cmd->name,
	       l->cmd == &cli_cmd_speakers ? "claims" : "documents or relayed claims");
	if (f->since)
		printf(" from %s", f->since);
	if (f->until)
		printf(" until %s", f->until);
	if (f->proposition)
		printf(" on %s", f->proposition);
	printf(" ('claimtrack %s --all' lists every one stored)\n", l->cmd->name);
}

int cmd_list(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct list l = { 0 };
	struct ct_store *s = NULL;
	const char **pos = NULL;
	const char *what = cmd->name;
	size_t n_pos = 0;
	int rc, src;

	l.cmd = cmd;
	rc = cli_parse(cmd, g, argc, argv, set_opt, &l, &pos, &n_pos);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (n_pos > 0) {
		rc = cli_usage_error(cmd, "unexpected argument '%s'", pos[0]);
		goto out;
	}
	if (l.f.since && l.f.until && strcmp(l.f.since, l.f.until) > 0) {
		rc = cli_usage_error(cmd, "--since %s is after --until %s", l.f.since, l.f.until);
		goto out;
	}
	if ((rc = cli_open_store(g, CT_STORE_READONLY, &s)) != EXIT_OK)
		goto out;
	if (l.f.proposition &&
	    (rc = cli_check_names(g, s, &l.f.proposition, 1, NULL, 0)) != EXIT_OK)
		goto out;
	l.arr = json_array();
	if (cmd == &cli_cmd_propositions)
		src = ct_store_propositions(s, on_proposition, &l);
	else if (cmd == &cli_cmd_speakers)
		src = ct_store_speakers_in(s, &l.f, on_speaker, &l);
	else
		src = ct_store_outlets_in(s, &l.f, on_outlet, &l);
	if (src != CT_OK) {
		if (src == CT_EABORT)
			cli_error("out of memory");
		else
			cli_store_error(g, s, src);
		rc = EXIT_FAIL;
		goto out;
	}
	if (l.format == F_JSON) {
		json_t *root = json_pack("{s:O}", what, l.arr);
		if (!root || json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
			rc = EXIT_FAIL;
		printf("\n");
		json_decref(root);
	} else if (l.format == F_CSV) {
		print_csv(l.arr, cmd == &cli_cmd_propositions ? proposition_cols
			  : cmd == &cli_cmd_speakers ? speaker_cols : outlet_cols);
	} else if (json_array_size(l.arr) == 0) {
		print_none(&l);
	} else if (cmd == &cli_cmd_propositions) {
		print_propositions(l.arr);
	} else if (cmd == &cli_cmd_speakers) {
		print_speakers(l.arr);
	} else {
		print_outlets(l.arr);
	}
out:
	json_decref(l.arr);
	ct_store_close(s);
	free(pos);
	return rc;
}
