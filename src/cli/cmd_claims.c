/* claimtrack claims: the stored claims, filtered, as a table, JSON or CSV. */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { O_PROPOSITION = 1, O_SPEAKER, O_OUTLET, O_STANCE, O_SINCE, O_UNTIL, O_DOCUMENT, O_FORMAT,
       O_REVIEWED, O_UNREVIEWED, O_COPIES };
enum { F_TABLE, F_JSON, F_CSV };

static const char *const formats[] = { "table", "json", "csv", NULL };
static const char *const stances[] = { "supports", "refutes", NULL };

static const struct cli_opt claims_opts[] = {
	{ O_PROPOSITION, "proposition", 'p', "ID", "only claims on this proposition" },
	{ O_SPEAKER, "speaker", 's', "NAME", "only claims by this speaker: name, alias, surname or start" },
	{ O_OUTLET, "outlet", 'o', "NAME", "only claims in documents of this outlet (the same)" },
	{ O_STANCE, "stance", 0, "STANCE", "only claims that support or refute" },
	{ O_SINCE, "since", 0, "DATE", "published on or after DATE (YYYY-MM-DD)" },
	{ O_UNTIL, "until", 0, "DATE", "published on or before DATE (YYYY-MM-DD)" },
	{ O_DOCUMENT, "document", 0, "ID", "only claims of this document" },
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default), json or csv" },
	{ O_REVIEWED, "reviewed", 0, NULL, "only claims a reviewer corrected or accepted" },
	{ O_UNREVIEWED, "unreviewed", 0, NULL, "only claims no review applies to" },
	{ O_COPIES, "copies", 0, NULL, "each copy's claim, not each story's once" },
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_claims = {
	"claims", cmd_claims,
	"[--proposition ID] [--speaker NAME] [--outlet NAME] [--stance supports|refutes]\n"
	"       [--since D] [--until D] [--document ID] [--reviewed|--unreviewed]\n"
	"       [--copies] [--format table|json|csv]",
	"list stored claims, filtered",
	"Lists the claims in the database, oldest publication first: stance,\n"
	"proposition, speaker (with role and via), outlet, dates, the matched text,\n"
	"the sentence, the document and the rule that found it. Filters combine.\n"
	"A speaker or outlet NAME is its name or an alias from the rules, else the\n"
	"last word of one (\"mujahid\"), else the start of one (\"Tolo\"), in any\n"
	"case; a NAME that matches none, or several, is an error that lists them\n"
	"(exit 1). --since after --until is a usage error (exit 2).\n"
	"A claim a reviewer corrected (claimtrack review) shows the reviewed values,\n"
	"marked [reviewed], with who changed what and when; in JSON \"reviewed\": true\n"
	"and \"reviews\": [...], in CSV a last column \"reviewed\".\n"
	"A story carried by several outlets (copies found at ingest) shows its claim\n"
	"once, its first document's, with 'carried by N outlets: ...' (JSON\n"
	"\"carried_by\", the outlets); --copies lists each copy's claim instead, with\n"
	"'copy of #ID' (JSON \"copy_of\").\n"
	"CSV has a header row; a cell that starts with = + - or @ gets a leading '.",
	claims_opts,
};

struct claims {
	const struct cli_command *cmd;
	struct ct_claim_filter f;
	int format;
	size_t n, n_supports, n_refutes;
	json_t *arr;
	struct ct_store *s;     /* for the reviews of a reviewed claim */
	json_t *carriers;       /* the outlets carrying the current claim */
};

static int add_carrier(const char *outlet, int64_t document_id, void *user)
{
	(void)document_id;
	return json_array_append_new(user, json_string(outlet ? outlet : "?")) ? CT_ENOMEM : CT_OK;
}

json_t *cli_carriers_json(struct ct_store *s, const struct ct_stored_claim *cl, bool story)
{
	json_t *arr = json_array();

	if (!arr)
		return NULL;
	if (story && (cl->has_copies || cl->copy_of)) {
		if (ct_store_carriers(s, cl->id, add_carrier, arr) != CT_OK) {
			json_decref(arr);
			arr = NULL;
		}
	} else if (cl->outlet && json_array_append_new(arr, json_string(cl->outlet)) != 0) {
		json_decref(arr);
		arr = NULL;
	}
	return arr;
}

int cli_claim_json_carried(struct ct_store *s, const struct ct_stored_claim *cl, json_t *o)
{
	json_t *arr;

	if (!cl->has_copies && !cl->copy_of)
		return CT_OK;
	if (!(arr = cli_carriers_json(s, cl, true)))
		return CT_ENOMEM;
	if (json_array_size(arr) > 1 && json_object_set(o, "carried_by", arr) != 0) {
		json_decref(arr);
		return CT_ENOMEM;
	}
	json_decref(arr);
	return CT_OK;
}

/* c->carriers: the outlets carrying cl, its own alone unless its story
 * has copies; NULL when out of memory. */
static json_t *carriers_of(struct claims *c, const struct ct_stored_claim *cl)
{
	json_decref(c->carriers);
	c->carriers = cli_carriers_json(c->s, cl, c->f.once_per_story && cl->has_copies);
	return c->carriers;
}

static int set_opt(void *u, int id, const char *value)
{
	struct claims *c = u;
	char *end;
	long long v;
	int k;

	switch (id) {
	case O_PROPOSITION: c->f.proposition = value; break;
	case O_SPEAKER:
	case O_OUTLET:
		if (value[strspn(value, " \t\r\n")] == '\0') {
			cli_usage_error(c->cmd, "--%s needs a name",
					id == O_SPEAKER ? "speaker" : "outlet");
			return 1;
		}
		*(id == O_SPEAKER ? &c->f.speaker : &c->f.outlet) = value;
		break;
	case O_STANCE:
		if ((k = cli_choice(value, stances)) < 0) {
			cli_usage_error(c->cmd, "unknown stance '%s' (supports or refutes)", value);
			return 1;
		}
		c->f.stance = k == 0 ? CT_SUPPORTS : CT_REFUTES;
		break;
	case O_SINCE:
	case O_UNTIL:
		return cli_parse_date(c->cmd, id == O_SINCE ? "since" : "until", value,
				      id == O_SINCE ? &c->f.since : &c->f.until);
	case O_DOCUMENT:
		v = strtoll(value, &end, 10);
		if (end == value || *end || v <= 0) {
			cli_usage_error(c->cmd, "--document '%s' is not a document id", value);
			return 1;
		}
		c->f.document_id = v;
		break;
	case O_FORMAT:
		if ((c->format = cli_choice(value, formats)) < 0) {
			cli_usage_error(c->cmd, "unknown format '%s' (table, json or csv)", value);
			return 1;
		}
		break;
	case O_REVIEWED:
	case O_UNREVIEWED:
		if (c->f.reviewed) {
			cli_usage_error(c->cmd, "--reviewed or --unreviewed, not both");
			return 1;
		}
		c->f.reviewed = id == O_REVIEWED ? 1 : -1;
		break;
	case O_COPIES:
		c->f.once_per_story = false;
		break;
	}
	return 0;
}

/* ---- the reviews of a claim ---- */

static int print_review(const struct ct_review *rv, void *user)
{
	(void)user;
	printf("\n  review    %s ", rv->field);
	if (strcmp(rv->field, "verdict") == 0) {
		printf("%s", rv->value ? rv->value : "");
	} else if (strcmp(rv->field, "hedged") == 0) {
		printf("%s (was %s)", rv->value && strcmp(rv->value, "1") == 0 ? "yes" : "no",
		       rv->old_value && strcmp(rv->old_value, "1") == 0 ? "yes" : "no");
	} else {
		cli_print_folded(stdout, rv->value ? rv->value : "unknown");
		printf(" (was ");
		cli_print_folded(stdout, rv->old_value ? rv->old_value : "unknown");
		printf(")");
	}
	printf(" by ");
	cli_print_folded(stdout, rv->reviewer);
	printf(", %s, review %lld", rv->reviewed_at, (long long)rv->id);
	if (rv->note) {
		printf(": ");
		cli_print_folded(stdout, rv->note);
	}
	return 0;
}

static int json_review(const struct ct_review *rv, void *user)
{
	json_t *o = json_pack("{s:I, s:s, s:s?, s:s?, s:s, s:s, s:s?}", "id", (json_int_t)rv->id,
			      "field", rv->field, "value", rv->value, "old_value", rv->old_value,
			      "reviewer", rv->reviewer, "reviewed_at", rv->reviewed_at,
			      "note", rv->note);

	return !o || json_array_append_new(user, o) != 0;
}

/* ---- table ---- */

static void print_claim(struct claims *c, const struct ct_stored_claim *cl)
{
	if (c->n > 0)
		printf("\n");
	printf("%-8s  %s%s  ", ct_stance_name(cl->stance), cl->proposition,
	       cl->hedged ? " (hedged)" : "");
	cli_print_folded(stdout, cl->title);
	if (cl->reviewed)
		printf("  [reviewed]");
	printf("\n  speaker   ");
	if (!cl->speaker && cl->speaker_kind == CT_SPEAKER_NARRATOR) {
		printf("the narrator (outlet unknown)");
	} else {
		cli_print_folded(stdout, cl->speaker ? cl->speaker : "unknown");
		printf(" (%s", ct_speaker_kind_name(cl->speaker_kind));
		if (cl->role) {
			printf(", ");
			cli_print_folded(stdout, cl->role);
		}
		printf(")");
	}
	if (cl->via) {
		printf(", via ");
		cli_print_folded(stdout, cl->via);
	}
	if (cl->framing)
		printf("\n  framing   %s by the outlet", cl->framing);
	printf("\n  outlet    ");
	cli_print_folded(stdout, cl->outlet ? cl->outlet : "unknown");
	printf(", %s", cl->date ? cl->date : "undated");
	if (cl->statement_date)
		printf(" (stated %s)", cl->statement_date);
	if (cl->copy_of && !c->f.once_per_story)
		printf(", copy of #%lld", (long long)cl->copy_of);
	if (c->carriers && json_array_size(c->carriers) > 1) {
		size_t i;
		json_t *v;
		printf("\n  carried   by %zu outlets: ", json_array_size(c->carriers));
		json_array_foreach(c->carriers, i, v) {
			printf("%s", i ? ", " : "");
			cli_print_folded(stdout, json_string_value(v));
		}
	}
	printf("\n  match     ");
	cli_print_folded(stdout, cl->match);
	printf("\n  sentence  ");
	cli_print_folded(stdout, cl->sentence);
	printf("\n  document  %lld ", (long long)cl->document_id);
	cli_print_folded(stdout, cl->document_url ? cl->document_url
			 : cl->document_source ? cl->document_source : "");
	printf("\n  rule      %s:%d (%s, rev %d), claim %lld", cl->rule_file, cl->rule_line,
	       ct_stance_name(cl->polarity), cl->rev, (long long)cl->id);
	if (cl->reviewed)
		ct_store_reviews(c->s, cl->id, false, print_review, NULL);
	printf("\n");
}

/* ---- JSON ---- */

/* A JSON string made valid UTF-8, or null. */
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

json_t *cli_claim_json(const struct ct_stored_claim *cl)
{
	json_t *cues = json_object();
	json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:b, s:b, s:b, s:o, s:o, "
			      "s:{s:o, s:i, s:i, s:s, s:o, s:o}, s:o, s:s, s:o, s:o, s:o, s:o, s:o, "
			      "s:{s:I, s:o, s:o, s:o}, s:o, s:[I, I], s:[I, I]}",
		"id", (json_int_t)cl->id,
		"proposition", jtext(cl->proposition),
		"title", jtext(cl->title),
		"stance", json_string(ct_stance_name(cl->stance)),
		"hedged", cl->hedged, "negated", cl->negated, "denied", cl->denied,
		"match", jtext(cl->match),
		"sentence", jtext(cl->sentence),
		"rule", "file", jtext(cl->rule_file), "line", cl->rule_line, "rev", cl->rev,
		"polarity", ct_stance_name(cl->polarity), "pattern", jtext(cl->pattern),
		"fingerprint", jtext(cl->fingerprint),
		"speaker", jtext(cl->speaker),
		"speaker_kind", ct_speaker_kind_name(cl->speaker_kind),
		"role", jtext(cl->role),
		"via", jtext(cl->via),
		"outlet", jtext(cl->outlet),
		"date", jtext(cl->date),
		"statement_date", jtext(cl->statement_date),
		"document", "id", (json_int_t)cl->document_id, "url", jtext(cl->document_url),
		"title", jtext(cl->document_title), "source", jtext(cl->document_source),
		"cues", cues,
		"sentence_span", (json_int_t)cl->sentence_start, (json_int_t)cl->sentence_end,
		"match_span", (json_int_t)cl->match_start, (json_int_t)cl->match_end);

	if (cl->negation_cue)
		json_object_set_new(cues, "negation", jtext(cl->negation_cue));
	if (cl->denial_cue)
		json_object_set_new(cues, "denial", jtext(cl->denial_cue));
	if (cl->hedge_cue)
		json_object_set_new(cues, "hedge", jtext(cl->hedge_cue));
	json_object_set_new(o, "framing", jtext(cl->framing));
	json_object_set_new(o, "reviewed", json_boolean(cl->reviewed));
	return o;
}

/* ---- CSV ---- */

static const char *const csv_header[] = {
	"id", "date", "statement_date", "proposition", "rev", "stance", "hedged", "negated",
	"denied", "speaker", "speaker_kind", "role", "via", "outlet", "match", "sentence",
	"document_id", "document_url", "document_title", "rule_file", "rule_line", "polarity",
	"reviewed",
};
#define N_CSV (sizeof csv_header / sizeof *csv_header)

static void print_csv(const struct ct_stored_claim *cl)
{
	char id[24], rev[16], doc[24], line[16];
	const char *cells[N_CSV];
	size_t k = 0;

	snprintf(id, sizeof id, "%lld", (long long)cl->id);
	snprintf(rev, sizeof rev, "%d", cl->rev);
	snprintf(doc, sizeof doc, "%lld", (long long)cl->document_id);
	snprintf(line, sizeof line, "%d", cl->rule_line);
	cells[k++] = id;
	cells[k++] = cl->date;
	cells[k++] = cl->statement_date;
	cells[k++] = cl->proposition;
	cells[k++] = rev;
	cells[k++] = ct_stance_name(cl->stance);
	cells[k++] = cl->hedged ? "true" : "false";
	cells[k++] = cl->negated ? "true" : "false";
	cells[k++] = cl->denied ? "true" : "false";
	cells[k++] = cl->speaker;
	cells[k++] = ct_speaker_kind_name(cl->speaker_kind);
	cells[k++] = cl->role;
	cells[k++] = cl->via;
	cells[k++] = cl->outlet;
	cells[k++] = cl->match;
	cells[k++] = cl->sentence;
	cells[k++] = doc;
	cells[k++] = cl->document_url;
	cells[k++] = cl->document_title;
	cells[k++] = cl->rule_file;
	cells[k++] = line;
	cells[k++] = ct_stance_name(cl->polarity);
	cells[k++] = cl->reviewed ? "true" : "false";
	for (size_t i = 0; i < N_CSV; i++)
		cli_csv_cell(stdout, cells[i], i + 1 == N_CSV);
}

static int on_claim(const struct ct_stored_claim *cl, void *user)
{
	struct claims *c = user;

	if (c->format != F_CSV && !carriers_of(c, cl))
		return 1;
	if (c->format == F_JSON) {
		json_t *o = cli_claim_json(cl), *reviews = json_array();
		if (o && reviews && cl->reviewed)
			ct_store_reviews(c->s, cl->id, false, json_review, reviews);
		if (o && reviews)
			json_object_set(o, "reviews", reviews);
		if (o)
			json_object_set(o, "carried_by", c->carriers);
		if (o && cl->copy_of && !c->f.once_per_story)
			json_object_set_new(o, "copy_of", json_integer(cl->copy_of));
		json_decref(reviews);
		if (!o || json_array_append_new(c->arr, o) != 0)
			return 1;
	} else if (c->format == F_CSV) {
		print_csv(cl);
	} else {
		print_claim(c, cl);
	}
	c->n++;
	c->n_supports += cl->stance == CT_SUPPORTS;
	c->n_refutes += cl->stance == CT_REFUTES;
	return 0;
}

int cmd_claims(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct claims c = { 0 };
	struct ct_store *s = NULL;
	const char **pos = NULL;
	char *speaker = NULL, *outlet = NULL;
	size_t n_pos = 0;
	int rc, src;

	c.cmd = cmd;
	c.f.once_per_story = true;
	rc = cli_parse(cmd, g, argc, argv, set_opt, &c, &pos, &n_pos);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (n_pos > 0) {
		rc = cli_usage_error(cmd, "unexpected argument '%s'", pos[0]);
		goto out;
	}
	if (c.f.since && c.f.until && strcmp(c.f.since, c.f.until) > 0) {
		rc = cli_usage_error(cmd, "--since %s is after --until %s", c.f.since, c.f.until);
		goto out;
	}
	if ((rc = cli_open_store(g, CT_STORE_READONLY, &s)) != EXIT_OK)
		goto out;
	if (c.f.proposition &&
	    (rc = cli_check_names(g, s, &c.f.proposition, 1, NULL, 0)) != EXIT_OK)
		goto out;
	if (c.f.speaker && (rc = cli_resolve_name(g, s, CT_NAME_SPEAKER, c.f.speaker, "--speaker ",
						  &speaker)) != EXIT_OK)
		goto out;
	if (c.f.outlet && (rc = cli_resolve_name(g, s, CT_NAME_OUTLET, c.f.outlet, "--outlet ",
						 &outlet)) != EXIT_OK)
		goto out;
	c.f.speaker = speaker;
	c.f.outlet = outlet;
	c.s = s;
	c.arr = json_array();
	if (c.format == F_CSV)
		for (size_t i = 0; i < N_CSV; i++)
			cli_csv_cell(stdout, csv_header[i], i + 1 == N_CSV);
	src = ct_store_claims(s, &c.f, on_claim, &c);
	if (src != CT_OK) {
		if (src == CT_EABORT)
			cli_error("out of memory");
		else
			cli_store_error(g, s, src);
		rc = EXIT_FAIL;
		goto out;
	}
	if (c.format == F_JSON) {
		json_t *root = json_pack("{s:O}", "claims", c.arr);
		if (!root || json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
			rc = EXIT_FAIL;
		printf("\n");
		json_decref(root);
	} else if (c.format == F_TABLE) {
		if (c.n == 0)
			printf("no claims match\n");
		else
			printf("\n%zu claim%s (%zu supports, %zu refutes)\n", c.n, c.n == 1 ? "" : "s",
			       c.n_supports, c.n_refutes);
	}
out:
	json_decref(c.arr);
	json_decref(c.carriers);
	ct_store_close(s);
	free(speaker);
	free(outlet);
	free(pos);
	return rc;
}
