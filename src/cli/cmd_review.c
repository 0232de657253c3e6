/*
 * claimtrack review: a reviewer's correction of a stored claim (its
 * speaker, stance or hedging), or its rejection or acceptance, kept with
 * who and when and the value it replaced, and applied over what the rules
 * find for as long as it stands (ct_store_review()); --undo takes the
 * latest back. Without a correction it lists the claim's reviews.
 */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { O_SPEAKER = 1, O_STANCE, O_HEDGED, O_REJECT, O_ACCEPT, O_NOTE, O_BY, O_UNDO, O_ALL,
       O_FORMAT };
enum { F_TABLE, F_JSON };

static const char *const formats[] = { "table", "json", NULL };

static const struct cli_opt review_opts[] = {
	{ O_SPEAKER, "speaker", 's', "NAME", "the claim's speaker is NAME" },
	{ O_STANCE, "stance", 0, "STANCE", "the claim supports or refutes its proposition" },
	{ O_HEDGED, "hedged", 0, "yes|no", "the claim is hedged (reported, not asserted) or not" },
	{ O_REJECT, "reject", 0, NULL, "the claim is wrong: take it out of the record" },
	{ O_ACCEPT, "accept", 0, NULL, "the claim is right as it is (brings back a rejected one)" },
	{ O_NOTE, "note", 0, "TEXT", "why, kept with the review" },
	{ O_BY, "by", 0, "NAME", "who reviews (default: $CLAIMTRACK_REVIEWER, else $USER)" },
	{ O_UNDO, "undo", 0, NULL, "take back the latest review of the claim" },
	{ O_ALL, "all", 0, NULL, "in a listing, the reviews undone too" },
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default) or json" },
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_review = {
	"review", cmd_review,
	"CLAIM --speaker NAME | --stance supports|refutes | --hedged yes|no | --reject |\n"
	"       --accept [--note TEXT] [--by NAME]\n"
	"       claimtrack review CLAIM --undo [--by NAME]\n"
	"       claimtrack review [CLAIM] [--all] [--format table|json]",
	"correct a stored claim, in a way that lasts",
	"Records a reviewer's decision on claim CLAIM (c34 or 34, as 'claims'\n"
	"prints it): its speaker, its stance, whether it is hedged, or that it is\n"
	"wrong (--reject: it leaves the record, kept apart) or right (--accept).\n"
	"The review is kept in its own table with who made it (--by), when, the\n"
	"value it replaced and --note; it is keyed by the claim's document,\n"
	"sentence and proposition, so that it holds when 'rematch' finds the claim\n"
	"again. 'claims', 'check', 'speaker', reports and exports show the reviewed\n"
	"value and mark it; 'claims --reviewed' lists the reviewed claims. --undo\n"
	"takes back the latest review still applied to the claim (it stays listed,\n"
	"marked undone) and the claim gets back the value before it. Without a\n"
	"correction it lists the reviews of CLAIM, or of every claim; an orphaned\n"
	"one (its claim no longer found by the rules) shows no claim.\n"
	"Exit status: 0 done; 1 no such claim, a claim that already says so, one\n"
	"retired by 'rematch', or nothing to undo; 2 usage error.",
	review_opts,
};

struct review {
	const struct cli_command *cmd;
	int n_actions;
	enum ct_review_field field;
	const char *value, *note, *by;
	bool undo, all;
	int format;
	json_t *arr;
	size_t n;
};

static int set_opt(void *u, int id, const char *value)
{
	struct review *r = u;

	switch (id) {
	case O_SPEAKER:
		if (value[strspn(value, " \t\r\n")] == '\0') {
			cli_usage_error(r->cmd, "--speaker needs a name");
			return 1;
		}
		r->field = CT_REVIEW_SPEAKER;
		r->value = value;
		r->n_actions++;
		break;
	case O_STANCE:
		if (strcmp(value, "supports") != 0 && strcmp(value, "refutes") != 0) {
			cli_usage_error(r->cmd, "unknown stance '%s' (supports or refutes)", value);
			return 1;
		}
		r->field = CT_REVIEW_STANCE;
		r->value = value;
		r->n_actions++;
		break;
	case O_HEDGED:
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0) {
			cli_usage_error(r->cmd, "--hedged takes yes or no, not '%s'", value);
			return 1;
		}
		r->field = CT_REVIEW_HEDGED;
		r->value = strcmp(value, "yes") == 0 ? "1" : "0";
		r->n_actions++;
		break;
	case O_REJECT:
	case O_ACCEPT:
		r->field = CT_REVIEW_VERDICT;
		r->value = id == O_REJECT ? "rejected" : "accepted";
		r->n_actions++;
		break;
	case O_NOTE: r->note = value; break;
	case O_BY: r->by = value; break;
	case O_UNDO:
		r->undo = true;
		r->n_actions++;
		break;
	case O_ALL: r->all = true; break;
	case O_FORMAT:
		if ((r->format = cli_choice(value, formats)) < 0) {
			cli_usage_error(r->cmd, "unknown format '%s' (table or json)", value);
			return 1;
		}
		break;
	}
	return 0;
}

/* Reads "c34" or "34"; 0 when it is not a claim id. */
static int64_t claim_id(const char *arg)
{
	char *end;
	long long v;

	if (arg[0] == 'c' || arg[0] == 'C')
		arg++;
	v = strtoll(arg, &end, 10);
	return end != arg && !*end && v > 0 ? (int64_t)v : 0;
}

/* A value as people read it: hedged "1" is "hedged"; NULL is "unknown". */
static const char *shown(const char *field, const char *v)
{
	if (strcmp(field, "hedged") == 0 && v)
		return strcmp(v, "1") == 0 ? "hedged" : "not hedged";
	return v ? v : strcmp(field, "verdict") == 0 ? "in the record" : "unknown";
}

static int on_review(const struct ct_review *rv, void *user)
{
	struct review *r = user;

	r->n++;
	if (r->format == F_JSON) {
		json_t *o = json_pack("{s:I, s:o, s:I, s:s, s:[I, I], s:s, s:s?, s:s?, s:s?, s:s, "
				      "s:s, s:s?, s:s?}",
			"id", (json_int_t)rv->id,
			"claim", rv->claim_id ? json_integer(rv->claim_id) : json_null(),
			"document", (json_int_t)rv->document_id, "proposition", rv->proposition,
			"sentence_span", (json_int_t)rv->sentence_start, (json_int_t)rv->sentence_end,
			"field", rv->field, "value", rv->value, "old_value", rv->old_value,
			"note", rv->note, "reviewer", rv->reviewer, "reviewed_at", rv->reviewed_at,
			"undone_at", rv->undone_at, "undone_by", rv->undone_by);
		return !o || json_array_append_new(r->arr, o) != 0;
	}
	printf("review %lld  ", (long long)rv->id);
	if (rv->claim_id)
		printf("claim c%lld", (long long)rv->claim_id);
	else
		printf("orphaned (document d%lld)", (long long)rv->document_id);
	printf("  %s  %s: ", rv->proposition, rv->field);
	cli_print_folded(stdout, shown(rv->field, rv->old_value));
	printf(" -> ");
	cli_print_folded(stdout, shown(rv->field, rv->value));
	printf("  by ");
	cli_print_folded(stdout, rv->reviewer);
	printf(", %s", rv->reviewed_at);
	if (rv->undone_at) {
		printf("  (undone by ");
		cli_print_folded(stdout, rv->undone_by ? rv->undone_by : "unknown");
		printf(", %s)", rv->undone_at);
	}
	if (rv->note) {
		printf("\n  note  ");
		cli_print_folded(stdout, rv->note);
	}
	printf("\n");
	return 0;
}

/* Lists the reviews of claim id (0: all). */
static int list(struct review *r, const struct cli_global *g, struct ct_store *s, int64_t id)
{
	int src;

	if (!(r->arr = json_array())) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	src = ct_store_reviews(s, id, r->all, on_review, r);
	if (src != CT_OK) {
		if (src == CT_ENOTFOUND)
			cli_error("no claim c%lld in %s", (long long)id, cli_db_path(g));
		else if (src == CT_EABORT)
			cli_error("out of memory");
		else
			cli_store_error(g, s, src);
		return EXIT_FAIL;
	}
	if (r->format == F_JSON) {
		json_t *root = json_pack("{s:O}", "reviews", r->arr);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
		json_decref(root);
	} else if (r->n == 0) {
		printf(id ? "claim c%lld has no reviews\n" : "no reviews\n", (long long)id);
	}
	return EXIT_OK;
}

/* The reviewer: --by, else $CLAIMTRACK_REVIEWER, else $USER. */
static const char *reviewer(const struct review *r)
{
	const char *env;

	if (r->by && *r->by)
		return r->by;
	if ((env = getenv("CLAIMTRACK_REVIEWER")) && *env)
		return env;
	if ((env = getenv("USER")) && *env)
		return env;
	return "unknown";
}

int cmd_review(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct review r = { .cmd = cmd };
	struct ct_store *s = NULL;
	const char **pos = NULL;
	size_t n_pos = 0;
	int64_t id = 0, done = 0;
	int rc, src;

	rc = cli_parse(cmd, g, argc, argv, set_opt, &r, &pos, &n_pos);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (n_pos > 1) {
		rc = cli_usage_error(cmd, "unexpected argument '%s' (one CLAIM at a time)", pos[1]);
		goto out;
	}
	if (n_pos == 1 && !(id = claim_id(pos[0]))) {
		rc = cli_usage_error(cmd, "'%s' is not a claim (c34 or 34, as 'claims' prints them)",
				     pos[0]);
		goto out;
	}
	if (r.n_actions > 1) {
		rc = cli_usage_error(cmd, "one correction at a time: --speaker, --stance, --hedged, "
				     "--reject, --accept or --undo");
		goto out;
	}
	if (r.n_actions && !id) {
		rc = cli_usage_error(cmd, "which claim? give CLAIM (c34)");
		goto out;
	}
	if (r.note && (!r.n_actions || r.undo)) {
		rc = cli_usage_error(cmd, "--note goes with a correction");
		goto out;
	}
	if (!r.n_actions) {
		if ((rc = cli_open_store(g, CT_STORE_READONLY, &s)) == EXIT_OK)
			rc = list(&r, g, s, id);
		goto out;
	}
	if ((rc = cli_open_store(g, 0, &s)) != EXIT_OK)
		goto out;
	if (r.undo) {
		src = ct_store_review_undo(s, id, reviewer(&r), &done);
	} else {
		struct ct_review_request q = { id, r.field, r.value, r.note, reviewer(&r) };
		src = ct_store_review(s, &q, &done);
	}
	if (src == CT_ENOTFOUND || src == CT_EINVAL) {
		cli_error("%s: %s", cli_db_path(g), ct_store_errmsg(s));
		rc = EXIT_FAIL;
		goto out;
	}
	if (src != CT_OK) {
		cli_store_error(g, s, src);
		rc = EXIT_FAIL;
		goto out;
	}
	if (r.format == F_TABLE)
		printf("%s review %lld of claim c%lld:\n", r.undo ? "undid" : "recorded",
		       (long long)done, (long long)id);
	r.all = true;
	rc = list(&r, g, s, id);
out:
	json_decref(r.arr);
	ct_store_close(s);
	free(pos);
	return rc;
}
