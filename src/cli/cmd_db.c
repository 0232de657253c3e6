/* claimtrack db stats|check: what the database holds, and whether it is sound. */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { O_FORMAT = 1, O_REPLACE };
enum { F_TABLE, F_JSON };

static const char *const formats[] = { "table", "json", NULL };

static const struct cli_opt format_opts[] = {
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default) or json" },
	{ 0, NULL, 0, NULL, NULL },
};

static int db_stats(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
static int db_check(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
static int db_copy(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
static int db_reindex(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);
static int db_maintain(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv);

static const struct cli_opt copy_opts[] = {
	{ O_REPLACE, "replace", 0, NULL, "replace what TO holds (by default TO must be empty)" },
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default) or json" },
	{ 0, NULL, 0, NULL, NULL },
};

static const struct cli_command sub_stats = {
	"db stats", db_stats, "[--format table|json]",
	"count what the database holds",
	"Prints the database's path, schema version and how many documents,\n"
	"claims, speakers, outlets and propositions it holds, with the range of\n"
	"publication dates. Speakers and outlets are counted twice: those with\n"
	"claims (speakers) or documents (outlets), and all stored, which takes in\n"
	"the ones only named in the rules. JSON keys: path, schema, documents,\n"
	"claims, speakers (all), outlets (all), propositions, proposition_versions,\n"
	"first_date, last_date, speakers_with_claims, outlets_with_documents,\n"
	"outlets_from_rules (named by an outlet block), documents_without_text\n"
	"(stored before claimtrack kept texts: 'show' cannot print them; ingesting\n"
	"their sources again stores it), retired_claims {removed, replaced,\n"
	"rejected} (kept out of the record by 'rematch' and 'review --reject'),\n"
	"sentence_index {texts_indexed, texts_pending} (texts stored since the\n"
	"sentence index was last brought up to date: 'similar', 'rules coverage',\n"
	"'db reindex' and 'nightly' index them).",
	format_opts,
};

static const struct cli_command sub_check = {
	"db check", db_check, "[--format table|json]",
	"check the database's integrity and consistency",
	"Runs the engine's own checks (SQLite: integrity_check, foreign_key_check;\n"
	"PostgreSQL: indexes left invalid, constraints not validated, rows whose\n"
	"foreign key points nowhere) and claimtrack's: every document has all the\n"
	"claims written with it, claim offsets and texts agree,\n"
	"stances and dates are well formed, no two documents share a hash or url,\n"
	"claims name the proposition they point to, every stored text decompresses\n"
	"to its document's length and hash and holds its claims' sentences at their\n"
	"offsets. Prints each problem; exits 1 when there is any. Reads only.",
	format_opts,
};

static const struct cli_command sub_copy = {
	"db copy", db_copy, "FROM TO [--replace] [--format table|json]",
	"copy a whole record to another database, SQLite or PostgreSQL",
	"Copies everything database FROM holds (documents and their texts, claims,\n"
	"speakers, outlets, propositions, rule sets, retired claims, reviews, fetch\n"
	"records, report runs), with their ids, into database TO: SQLite to\n"
	"PostgreSQL to move a team onto a server, or back for an offline copy.\n"
	"FROM and TO are SQLite paths or postgresql:// URLs, as --db takes them.\n"
	"FROM is read in one snapshot while others may write to it; TO is written\n"
	"in one transaction, so that a failure leaves it as it was. TO gets this\n"
	"binary's schema; it must be empty unless --replace, which deletes what it\n"
	"held in the same transaction. On PostgreSQL the id sequences are moved past\n"
	"the ids copied. 'claimtrack db stats' on both then counts the same.\n"
	"Exit status: 0 copied; 1 failed (TO is unchanged), TO not empty, or FROM\n"
	"missing or of an older schema; 2 usage error. JSON keys: from, to, rows,\n"
	"documents, claims, replaced (rows TO held before).",
	copy_opts,
};

static const struct cli_command sub_reindex = {
	"db reindex", db_reindex, "[--format table|json]",
	"build the index of stored sentences again",
	"Empties the full-text index of the stored sentences ('claimtrack similar')\n"
	"and indexes every stored text's sentences again, in one transaction; the\n"
	"texts stored since the index was last brought up to date are in it after.\n"
	"Those are otherwise indexed by the next 'similar', 'rules coverage' or\n"
	"'nightly' (or at once by 'ingest --index'), so this is for an index that\n"
	"was emptied or damaged.\n"
	"Exit status: 0 done; 1 failed (the index is as it was); 2 usage error.\n"
	"JSON keys: path, documents (texts indexed).",
	format_opts,
};

static const struct cli_command sub_maintain = {
	"db maintain", db_maintain, "[--format table|json]",
	"merge the fingerprints of recent documents into their index",
	"Ingest writes the band keys of each new document's fingerprint (what\n"
	"finds copies of one story) to a small table of recent keys, which the\n"
	"look-up for copies reads as well: in a large archive that keeps ingest\n"
	"about as fast as into an empty one. This merges them into the index of\n"
	"all keys, in key order and one transaction. 'nightly' does it when it\n"
	"ends; run this from cron where 'nightly' does not run (daily is enough:\n"
	"until merged, the recent keys only cost ingest what they would have\n"
	"anyway). Copies found are the same before and after. On PostgreSQL it\n"
	"also empties the log of key writes, which running ingests read to find\n"
	"each other's documents, when no ingest runs.\n"
	"Exit status: 0 done; 1 failed (nothing merged); 2 usage error.\n"
	"JSON keys: path, band_keys (keys merged).",
	format_opts,
};

static const struct cli_command *const subs[] = { &sub_stats, &sub_check, &sub_copy,
						  &sub_reindex, &sub_maintain };
#define N_SUBS (sizeof subs / sizeof *subs)

static const struct cli_opt no_opts[] = { { 0, NULL, 0, NULL, NULL } };

const struct cli_command cli_cmd_db = {
	"db", cmd_db, "stats|check|copy|reindex|maintain [ARGS]",
	"database statistics and integrity check",
	"subcommands:\n"
	"  stats  count what the database holds\n"
	"  check  check the database's integrity and consistency\n"
	"  copy   copy a whole record to another database, SQLite or PostgreSQL\n"
	"  reindex  build the index of stored sentences again\n"
	"  maintain  merge the fingerprints of recent documents into their index\n\n"
	"'claimtrack db SUBCOMMAND --help' describes each.",
	no_opts,
};

int cmd_db(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	return cli_dispatch(cmd, subs, N_SUBS, "stats, check, copy, reindex or maintain", g, argc, argv);
}

struct opts {
	const struct cli_command *cmd;
	int format;
	bool replace;
};

static int set_opt(void *u, int id, const char *value)
{
	struct opts *o = u;

	if (id == O_REPLACE)
		o->replace = true;
	if (id == O_FORMAT && (o->format = cli_choice(value, formats)) < 0) {
		cli_usage_error(o->cmd, "unknown format '%s' (table or json)", value);
		return 1;
	}
	return 0;
}

/* Parses a subcommand's options; it takes no arguments. EXIT_OK, EXIT_USAGE or -1 after --help. */
static int parse(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv,
		 struct opts *o)
{
	const char **pos = NULL;
	size_t n_pos = 0;
	int rc;

	o->cmd = cmd;
	rc = cli_parse(cmd, g, argc, argv, set_opt, o, &pos, &n_pos);
	if (rc == EXIT_OK && n_pos > 0)
		rc = cli_usage_error(cmd, "unexpected argument '%s'", pos[0]);
	free(pos);
	return rc;
}

static json_t *jdate(const char *d)
{
	return d[0] ? json_string(d) : json_null();
}

static int db_stats(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct opts o = { 0 };
	struct ct_store_stats st;
	struct ct_store_retired ret;
	struct ct_store *s = NULL;
	const char *path;
	int rc = parse(cmd, g, argc, argv, &o), src;

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	path = cli_db_path(g);    /* after parsing: --db may follow the command */
	if ((rc = cli_open_store(g, CT_STORE_READONLY, &s)) != EXIT_OK)
		return rc;
	if ((src = ct_store_stats(s, &st)) != CT_OK ||
	    (src = ct_store_retired_counts(s, &ret)) != CT_OK) {
		cli_store_error(g, s, src);
		ct_store_close(s);
		return EXIT_FAIL;
	}
	if (o.format == F_JSON) {
		json_t *root = json_pack("{s:s, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o}",
			"path", path, "schema", st.schema, "documents", (json_int_t)st.documents,
			"claims", (json_int_t)st.claims, "speakers", (json_int_t)st.speakers,
			"outlets", (json_int_t)st.outlets, "propositions", (json_int_t)st.propositions,
			"proposition_versions", (json_int_t)st.proposition_versions,
			"first_date", jdate(st.first_date), "last_date", jdate(st.last_date));
		/* New keys go after the old ones: their meaning and order stay. */
		if (root && (json_object_set_new(root, "speakers_with_claims",
				json_integer((json_int_t)st.speakers_with_claims)) != 0 ||
			     json_object_set_new(root, "outlets_with_documents",
				json_integer((json_int_t)st.outlets_with_documents)) != 0 ||
			     json_object_set_new(root, "outlets_from_rules",
				json_integer((json_int_t)st.outlets_from_rules)) != 0 ||
			     json_object_set_new(root, "documents_without_text",
				json_integer((json_int_t)st.documents_without_text)) != 0 ||
			     json_object_set_new(root, "retired_claims", json_pack("{s:I, s:I, s:I}",
				"removed", (json_int_t)ret.removed, "replaced", (json_int_t)ret.replaced,
				"rejected", (json_int_t)ret.rejected)) != 0 ||
			     json_object_set_new(root, "sentence_index", json_pack("{s:I, s:I}",
				"texts_indexed", (json_int_t)(st.documents - st.documents_without_text -
							      st.texts_not_indexed),
				"texts_pending", (json_int_t)st.texts_not_indexed)) != 0)) {
			json_decref(root);
			root = NULL;
		}
		if (!root || json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
			rc = EXIT_FAIL;
		printf("\n");
		json_decref(root);
	} else {
		printf("database      %s\n", path);
		printf("schema        %d\n", st.schema);
		printf("documents     %zu", st.documents);
		if (st.documents_without_text)
			printf(" (%zu without stored text)", st.documents_without_text);
		printf("\n");
		printf("claims        %zu", st.claims);
		if (ret.removed + ret.replaced + ret.rejected)
			printf(" (%zu retired: %zu of removed propositions, %zu no longer found, "
			       "%zu rejected)", ret.removed + ret.replaced + ret.rejected, ret.removed,
			       ret.replaced, ret.rejected);
		printf("\n");
		printf("speakers      %zu with claims, %zu in all\n", st.speakers_with_claims,
		       st.speakers);
		printf("outlets       %zu with documents, %zu in all (%zu named in rules)\n",
		       st.outlets_with_documents, st.outlets, st.outlets_from_rules);
		printf("propositions  %zu (%zu version%s)\n", st.propositions,
		       st.proposition_versions, st.proposition_versions == 1 ? "" : "s");
		if (st.first_date[0])
			printf("dates         %s to %s\n", st.first_date, st.last_date);
		printf("sentences     %zu texts indexed, %zu pending (indexed by the next "
		       "similar, rules coverage or nightly)\n",
		       st.documents - st.documents_without_text - st.texts_not_indexed,
		       st.texts_not_indexed);
	}
	ct_store_close(s);
	return rc;
}

struct problems {
	int format;
	const char *path;
	json_t *arr;
};

static void on_problem(const char *msg, void *user)
{
	struct problems *p = user;

	if (p->format == F_JSON)
		json_array_append_new(p->arr, json_string(msg));
	else
		printf("%s: problem: %s\n", p->path, msg);
}

static int db_check(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct opts o = { 0 };
	struct ct_store_stats st = { 0 };
	struct ct_store *s = NULL;
	struct problems p = { 0 };
	size_t n = 0;
	int rc = parse(cmd, g, argc, argv, &o), src;

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	p.path = cli_db_path(g);
	if ((rc = cli_open_store(g, CT_STORE_READONLY, &s)) != EXIT_OK)
		return rc;
	p.format = o.format;
	p.arr = json_array();
	src = ct_store_check(s, on_problem, &p, &n);
	if (src == CT_OK)
		src = ct_store_stats(s, &st);
	if (src != CT_OK) {
		cli_store_error(g, s, src);
		rc = EXIT_FAIL;
		goto out;
	}
	if (o.format == F_JSON) {
		json_t *root = json_pack("{s:s, s:b, s:I, s:O, s:I, s:I}", "path", p.path,
			"ok", n == 0, "count", (json_int_t)n, "problems", p.arr,
			"documents", (json_int_t)st.documents, "claims", (json_int_t)st.claims);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
		json_decref(root);
	} else if (n == 0) {
		printf("db check: ok (%zu document%s, %zu claim%s)\n", st.documents,
		       st.documents == 1 ? "" : "s", st.claims, st.claims == 1 ? "" : "s");
	} else {
		printf("db check: %zu problem%s\n", n, n == 1 ? "" : "s");
	}
	rc = n ? EXIT_FAIL : EXIT_OK;
out:
	json_decref(p.arr);
	ct_store_close(s);
	return rc;
}

static int db_copy(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct opts o = { .cmd = cmd };
	struct cli_global gf = *g, gt = *g;
	struct ct_store *from = NULL, *to = NULL;
	struct ct_store_copied c;
	const char **pos = NULL;
	size_t n_pos = 0;
	char shown_from[1024], shown_to[1024];
	int rc = cli_parse(cmd, g, argc, argv, set_opt, &o, &pos, &n_pos), src;

	if (rc != EXIT_OK) {
		free(pos);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (n_pos != 2) {
		rc = cli_usage_error(cmd, n_pos < 2 ? "give FROM and TO" : "unexpected argument '%s'",
				     n_pos < 2 ? "" : pos[2]);
		free(pos);
		return rc;
	}
	gf.db = pos[0];
	gt.db = pos[1];
	free(pos);
	snprintf(shown_from, sizeof shown_from, "%s", cli_db_path(&gf));
	snprintf(shown_to, sizeof shown_to, "%s", cli_db_path(&gt));
	if (!strcmp(gf.db, gt.db))
		return cli_usage_error(cmd, "FROM and TO are the same database (%s)", shown_from);
	if ((rc = cli_open_store(&gf, CT_STORE_READONLY, &from)) != EXIT_OK ||
	    (rc = cli_open_store(&gt, 0, &to)) != EXIT_OK)
		goto out;
	if ((src = ct_store_copy(from, to, o.replace, &c)) != CT_OK) {
		const char *msg = ct_store_errmsg(to);
		cli_error("%s: %s%s", shown_to, msg && *msg ? msg : ct_strerror(src),
			  src == CT_EINVAL && !o.replace ? "; copy into an empty database, or give "
			  "--replace to replace it" : "; it is as it was");
		rc = EXIT_FAIL;
		goto out;
	}
	if (o.format == F_JSON) {
		json_t *root = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "from", shown_from,
			"to", shown_to, "rows", (json_int_t)c.rows, "documents", (json_int_t)c.documents,
			"claims", (json_int_t)c.claims, "replaced", (json_int_t)c.replaced);
		if (!root || json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
			rc = EXIT_FAIL;
		printf("\n");
		json_decref(root);
	} else {
		printf("copied %zu document%s, %zu claim%s (%zu rows in all) from %s to %s",
		       c.documents, c.documents == 1 ? "" : "s", c.claims, c.claims == 1 ? "" : "s",
		       c.rows, shown_from, shown_to);
		if (c.replaced)
			printf(", replacing %zu rows (%zu documents)", c.replaced, c.replaced_documents);
		printf("\n");
	}
out:
	ct_store_close(from);
	ct_store_close(to);
	return rc;
}

/*
 * A store step that counts what it did (*n), for the subcommands that run
 * one: `json_key` names the count in the JSON; the text line is "PATH:
 * <before>N <unit>[s] <after>".
 */
static int db_count_step(const struct cli_command *cmd, struct cli_global *g, int argc,
			 char **argv, int (*step)(struct ct_store *, size_t *), const char *json_key,
			 const char *before, const char *unit, const char *after)
{
	struct opts o = { 0 };
	struct ct_store *s = NULL;
	size_t n = 0;
	int rc, src;

	if ((rc = parse(cmd, g, argc, argv, &o)) != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = cli_open_store(g, 0, &s)) != EXIT_OK)
		return rc;
	if ((src = step(s, &n)) != CT_OK) {
		cli_store_error(g, s, src);
		rc = EXIT_FAIL;
	} else if (o.format == F_JSON) {
		json_t *root = json_pack("{s:s, s:I}", "path", cli_db_path(g), json_key,
					 (json_int_t)n);
		rc = root && json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0
		     ? EXIT_OK : EXIT_FAIL;
		printf("\n");
		json_decref(root);
	} else {
		printf("%s: %s%zu %s%s %s\n", cli_db_path(g), before, n, unit, n == 1 ? "" : "s",
		       after);
	}
	ct_store_close(s);
	return rc;
}

static int db_reindex(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	return db_count_step(cmd, g, argc, argv, ct_store_reindex_sentences, "documents",
			     "the sentences of ", "stored text", "indexed");
}

static int db_maintain(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	return db_count_step(cmd, g, argc, argv, ct_store_copies_merge, "band_keys", "",
			     "band key", "of recent documents merged into their index");
}
