/*
 * claimtrack speaker NAME: one speaker's record. Every proposition they
 * spoke on, their claims on it over time, their stance changes (an
 * asserted stance that flips), and who contradicts them (other speakers'
 * asserted claims of the opposite stance on the same proposition). The
 * name is looked up as --speaker's is (cli_resolve_name()).
 */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { O_FORMAT = 1, O_PROPOSITION, O_SINCE, O_UNTIL, O_COPIES };
enum { F_TABLE, F_JSON, F_CSV };

static const char *const formats[] = { "table", "json", "csv", NULL };

static const struct cli_opt speaker_opts[] = {
	{ O_PROPOSITION, "proposition", 'p', "ID", "only this proposition" },
	{ O_SINCE, "since", 0, "DATE", "claims published on or after DATE (YYYY-MM-DD)" },
	{ O_UNTIL, "until", 0, "DATE", "claims published on or before DATE (YYYY-MM-DD)" },
	{ O_FORMAT, "format", 'f', "FORMAT", "table (default), json or csv" },
	{ O_COPIES, "copies", 0, NULL, "each copy's claim, not each story's once" },
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_speaker = {
	"speaker", cmd_speaker,
	"[--proposition ID] [--since D] [--until D] [--copies] [--format table|json|csv] NAME",
	"one speaker's record: propositions, claims over time, changes, opponents",
	"Prints one speaker's record: every proposition they spoke on, most claims\n"
	"first, with their claims on it oldest first (by the date the statement was\n"
	"made when the text gives it, else the publication date), their stance\n"
	"changes (an asserted stance that flips; hedged claims do not count), and\n"
	"who contradicts them: the other speakers with asserted claims of the\n"
	"opposite stance on the same proposition, most claims first.\n"
	"NAME is looked up as 'claims --speaker' does: the canonical name or an\n"
	"alias, else the last word of one (\"mujahid\"), else the start of one, in\n"
	"any case; a NAME that matches none, or several, is an error that lists\n"
	"them (exit 1). JSON: {\"speaker\": {name, kind, role, org, from_rules,\n"
	"aliases}, \"counts\": {...}, \"propositions\": [{id, title, claims: [...],\n"
	"changes: [{from, to, from_claim, to_claim, from_date, to_date}],\n"
	"contradicted_by: [{speaker, speaker_kind, claims, first, last}]}]}.\n"
	"CSV: one row per claim, with the stance change it makes, if any.\n"
	"A claim of a story carried by several outlets (copies found at ingest)\n"
	"counts once, its first document's, and in JSON has \"carried_by\" (the\n"
	"outlets); --copies counts each copy's.\n"
	"Exit status: 0 shown; 1 no such speaker, several, or a database error;\n"
	"2 usage error.",
	speaker_opts,
};

struct opts {
	const struct cli_command *cmd;
	int format;
	const char *proposition, *since, *until;
	bool copies;            /* --copies: each copy of a story's claim */
};

static int set_opt(void *u, int id, const char *value)
{
	struct opts *o = u;

	switch (id) {
	case O_FORMAT:
		if ((o->format = cli_choice(value, formats)) < 0) {
			cli_usage_error(o->cmd, "unknown format '%s' (table, json or csv)", value);
			return 1;
		}
		break;
	case O_PROPOSITION: o->proposition = value; break;
	case O_COPIES: o->copies = true; break;
	case O_SINCE:
	case O_UNTIL:
		return cli_parse_date(o->cmd, id == O_SINCE ? "since" : "until", value,
				      id == O_SINCE ? &o->since : &o->until);
	}
	return 0;
}

/* ---- claims kept past their callback ---- */

struct claim {
	int64_t id, document_id;
	char *proposition, *title, *outlet, *via, *sentence, *speaker;
	char date[11];          /* what the claim is dated by; "" when undated */
	bool statement;         /* date is the statement's, not the publication's */
	enum ct_stance stance;
	enum ct_speaker_kind speaker_kind;
	bool hedged;
	int change;             /* 0, or the stance change (1-based) this claim makes */
	json_t *json;
};

struct claims {
	struct claim *v;
	size_t n, cap;
	bool json, failed;
	struct ct_store *story;     /* JSON's "carried_by" from it; NULL: --copies */
};

static char *dup_or_null(const char *s, bool *failed)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		*failed = true;
	return d;
}

static int keep(const struct ct_stored_claim *cl, void *user)
{
	struct claims *cs = user;
	struct claim *c;
	const char *d = cl->statement_date ? cl->statement_date : cl->date;

	if (!CT_VEC_RESERVE(cs->v, cs->cap, cs->n + 1))
		return cs->failed = true, 1;
	c = &cs->v[cs->n++];
	memset(c, 0, sizeof *c);
	c->id = cl->id;
	c->document_id = cl->document_id;
	c->proposition = dup_or_null(cl->proposition, &cs->failed);
	c->title = dup_or_null(cl->title, &cs->failed);
	c->outlet = dup_or_null(cl->outlet, &cs->failed);
	c->via = dup_or_null(cl->via, &cs->failed);
	c->sentence = dup_or_null(cl->sentence, &cs->failed);
	c->speaker = dup_or_null(cl->speaker, &cs->failed);
	if (d && strlen(d) == 10)
		memcpy(c->date, d, 11);
	c->statement = cl->statement_date != NULL;
	c->stance = cl->stance;
	c->speaker_kind = cl->speaker_kind;
	c->hedged = cl->hedged;
	if (cs->json && (!(c->json = cli_claim_json(cl)) ||
			 (cs->story && cli_claim_json_carried(cs->story, cl, c->json) != CT_OK)))
		cs->failed = true;
	return cs->failed;
}

static void claims_release(struct claims *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		struct claim *c = &cs->v[i];
		free(c->proposition);
		free(c->title);
		free(c->outlet);
		free(c->via);
		free(c->sentence);
		free(c->speaker);
		json_decref(c->json);
	}
	free(cs->v);
	memset(cs, 0, sizeof *cs);
}

/* By proposition, then date (undated first, as the listings), then id. */
static int by_prop_date(const void *a, const void *b)
{
	const struct claim *x = a, *y = b;
	int c = strcmp(x->proposition, y->proposition);

	if (c)
		return c;
	if ((c = strcmp(x->date, y->date)))
		return c;
	return (x->id > y->id) - (x->id < y->id);
}

/* ---- one proposition's part of the record ---- */

struct opponent {
	char *name;             /* speaker, or the outlet for the narrator; "unknown" */
	enum ct_speaker_kind kind;
	size_t claims;
	char first[11], last[11];
};

struct change {
	const struct claim *from, *to;
};

struct prop {
	const char *id, *title;
	struct claim *claims;   /* into the speaker's claims, in date order */
	size_t n;
	struct change *changes;
	size_t n_changes, cap_changes;
	struct opponent *opp;
	size_t n_opp, cap_opp;
	bool asserted[2];       /* the speaker asserted: [0] supports, [1] refutes */
};

static int stance_index(enum ct_stance s)
{
	return s == CT_REFUTES;
}

/* Finds the stance changes among the proposition's asserted claims. */
static int find_changes(struct prop *p)
{
	const struct claim *last = NULL;

	for (size_t i = 0; i < p->n; i++) {
		struct claim *c = &p->claims[i];
		if (c->hedged)
			continue;
		p->asserted[stance_index(c->stance)] = true;
		if (last && last->stance != c->stance) {
			if (!CT_VEC_RESERVE(p->changes, p->cap_changes, p->n_changes + 1))
				return CT_ENOMEM;
			p->changes[p->n_changes++] = (struct change){ last, c };
			c->change = (int)p->n_changes;
		}
		last = c;
	}
	return CT_OK;
}

struct opp_scan {
	struct prop *p;
	const char *self;
	bool failed;
};

/* An other speaker's asserted claim of a stance opposite to one the
 * speaker asserted on the proposition: counted for its speaker. */
static int on_other(const struct ct_stored_claim *cl, void *user)
{
	struct opp_scan *os = user;
	struct prop *p = os->p;
	const char *name = cl->speaker ? cl->speaker : "unknown";
	const char *d = cl->statement_date ? cl->statement_date : cl->date;
	struct opponent *o = NULL;

	if (cl->hedged || (cl->speaker && strcmp(cl->speaker, os->self) == 0) ||
	    !p->asserted[1 - stance_index(cl->stance)])
		return 0;
	for (size_t i = 0; i < p->n_opp && !o; i++)
		if (strcmp(p->opp[i].name, name) == 0 && p->opp[i].kind == cl->speaker_kind)
			o = &p->opp[i];
	if (!o) {
		if (!CT_VEC_RESERVE(p->opp, p->cap_opp, p->n_opp + 1))
			return os->failed = true, 1;
		o = &p->opp[p->n_opp];
		memset(o, 0, sizeof *o);
		if (!(o->name = strdup(name)))
			return os->failed = true, 1;
		o->kind = cl->speaker_kind;
		p->n_opp++;
	}
	o->claims++;
	if (d && strlen(d) == 10) {
		if (!o->first[0] || strcmp(d, o->first) < 0)
			memcpy(o->first, d, 11);
		if (strcmp(d, o->last) > 0)
			memcpy(o->last, d, 11);
	}
	return 0;
}

static int by_opp_claims(const void *a, const void *b)
{
	const struct opponent *x = a, *y = b;

	if (x->claims != y->claims)
		return x->claims > y->claims ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int by_prop_claims(const void *a, const void *b)
{
	const struct prop *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->id, y->id);
}

static void props_release(struct prop *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < v[i].n_opp; k++)
			free(v[i].opp[k].name);
		free(v[i].opp);
		free(v[i].changes);
	}
	free(v);
}

/* ---- output ---- */

static json_t *jstr(const char *s)
{
	char *clean;
	json_t *j;

	if (!s || !*s)
		return json_null();
	clean = cli_clean_utf8(s, strlen(s));
	j = clean ? json_string(clean) : NULL;
	free(clean);
	return j ? j : json_null();
}

static const char *narrated(const char *name, enum ct_speaker_kind kind, char *buf, size_t n)
{
	if (kind == CT_SPEAKER_NARRATOR) {
		snprintf(buf, n, "%s (narrator)", strcmp(name, "unknown") ? name : "outlet unknown");
		return buf;
	}
	return name;
}

static void print_table(const struct ct_store_speaker *sp, const char *name,
			const struct claims *cs, const struct prop *props, size_t n_props)
{
	size_t sup = 0, ref = 0, hed = 0;
	char buf[300];

	for (size_t i = 0; i < cs->n; i++) {
		sup += cs->v[i].stance == CT_SUPPORTS;
		ref += cs->v[i].stance == CT_REFUTES;
		hed += cs->v[i].hedged;
	}
	cli_print_folded(stdout, name);
	printf(" (%s", ct_speaker_kind_name(sp->kind));
	if (sp->role) {
		printf(", ");
		cli_print_folded(stdout, sp->role);
	}
	if (sp->org) {
		printf(", ");
		cli_print_folded(stdout, sp->org);
	}
	printf(")\n  claims    %zu on %zu proposition%s (%zu supports, %zu refutes, %zu hedged)\n",
	       cs->n, n_props, n_props == 1 ? "" : "s", sup, ref, hed);
	for (size_t i = 0; i < n_props; i++) {
		const struct prop *p = &props[i];
		printf("\n%s  ", p->id);
		cli_print_folded(stdout, p->title);
		printf("\n");
		for (size_t k = 0; k < p->n; k++) {
			const struct claim *c = &p->claims[k];
			printf("  %-10s  %-8s%s  ", c->date[0] ? c->date : "undated",
			       ct_stance_name(c->stance), c->hedged ? " (hedged)" : "");
			cli_print_folded(stdout, c->outlet ? c->outlet : "outlet unknown");
			if (c->via) {
				printf(", via ");
				cli_print_folded(stdout, c->via);
			}
			printf("  claim %lld%s\n              \"", (long long)c->id,
			       c->change ? "  (changed)" : "");
			cli_print_folded(stdout, c->sentence);
			printf("\"\n");
		}
		for (size_t k = 0; k < p->n_changes; k++)
			printf("  %-15s %s (%s, claim %lld) to %s (%s, claim %lld)\n", "changed",
			       ct_stance_name(p->changes[k].from->stance),
			       p->changes[k].from->date[0] ? p->changes[k].from->date : "undated",
			       (long long)p->changes[k].from->id,
			       ct_stance_name(p->changes[k].to->stance),
			       p->changes[k].to->date[0] ? p->changes[k].to->date : "undated",
			       (long long)p->changes[k].to->id);
		if (p->n_opp == 0)
			printf("  contradicted by nobody\n");
		for (size_t k = 0; k < p->n_opp; k++) {
			const struct opponent *o = &p->opp[k];
			printf("  %-15s ", k == 0 ? "contradicted by" : "");
			cli_print_folded(stdout, narrated(o->name, o->kind, buf, sizeof buf));
			printf(": %zu claim%s", o->claims, o->claims == 1 ? "" : "s");
			if (o->first[0])
				printf(", %s to %s", o->first, o->last);
			printf("\n");
		}
	}
}

static json_t *record_json(const struct ct_store_speaker *sp, const char *name,
			   const struct prop *props, size_t n_props)
{
	json_t *arr = json_array();
	json_t *root = json_pack("{s:{s:o, s:s, s:o, s:o, s:b, s:I}, s:o}",
		"speaker", "name", jstr(name), "kind", ct_speaker_kind_name(sp->kind),
		"role", jstr(sp->role), "org", jstr(sp->org), "from_rules", sp->from_rules,
		"aliases", (json_int_t)sp->aliases,
		"propositions", arr);

	for (size_t i = 0; root && i < n_props; i++) {
		const struct prop *p = &props[i];
		json_t *claims = json_array(), *changes = json_array(), *opp = json_array();
		json_array_append_new(arr, json_pack("{s:o, s:o, s:o, s:o, s:o}", "id", jstr(p->id),
						     "title", jstr(p->title), "claims", claims,
						     "changes", changes, "contradicted_by", opp));
		for (size_t k = 0; k < p->n; k++)
			json_array_append(claims, p->claims[k].json);
		for (size_t k = 0; k < p->n_changes; k++) {
			const struct change *c = &p->changes[k];
			json_array_append_new(changes, json_pack("{s:s, s:s, s:I, s:I, s:o, s:o}",
				"from", ct_stance_name(c->from->stance),
				"to", ct_stance_name(c->to->stance),
				"from_claim", (json_int_t)c->from->id, "to_claim", (json_int_t)c->to->id,
				"from_date", jstr(c->from->date), "to_date", jstr(c->to->date)));
		}
		for (size_t k = 0; k < p->n_opp; k++) {
			const struct opponent *o = &p->opp[k];
			json_array_append_new(opp, json_pack("{s:o, s:s, s:I, s:o, s:o}",
				"speaker", strcmp(o->name, "unknown") ? jstr(o->name) : json_null(),
				"speaker_kind", ct_speaker_kind_name(o->kind),
				"claims", (json_int_t)o->claims,
				"first", jstr(o->first), "last", jstr(o->last)));
		}
	}
	return root;
}

static void print_csv(const struct prop *props, size_t n_props)
{
	static const char *const header[] = {
		"proposition", "claim_id", "date", "date_kind", "stance", "hedged", "outlet",
		"via", "sentence", "document_id", "changed_from",
	};
	const size_t n_cols = sizeof header / sizeof *header;

	for (size_t i = 0; i < n_cols; i++)
		cli_csv_cell(stdout, header[i], i + 1 == n_cols);
	for (size_t i = 0; i < n_props; i++) {
		const struct prop *p = &props[i];
		for (size_t k = 0; k < p->n; k++) {
			const struct claim *c = &p->claims[k];
			char id[24], doc[24];
			snprintf(id, sizeof id, "%lld", (long long)c->id);
			snprintf(doc, sizeof doc, "%lld", (long long)c->document_id);
			cli_csv_cell(stdout, c->proposition, 0);
			cli_csv_cell(stdout, id, 0);
			cli_csv_cell(stdout, c->date, 0);
			cli_csv_cell(stdout, !c->date[0] ? NULL : c->statement ? "statement"
				     : "publication", 0);
			cli_csv_cell(stdout, ct_stance_name(c->stance), 0);
			cli_csv_cell(stdout, c->hedged ? "true" : "false", 0);
			cli_csv_cell(stdout, c->outlet, 0);
			cli_csv_cell(stdout, c->via, 0);
			cli_csv_cell(stdout, c->sentence, 0);
			cli_csv_cell(stdout, doc, 0);
			cli_csv_cell(stdout, c->change ? ct_stance_name(p->changes[c->change - 1].from->stance)
				     : NULL, 1);
		}
	}
}

/* ---- the command ---- */

struct find_speaker {
	const char *name;
	struct ct_store_speaker sp;
	char *role, *org;
	bool found, failed;
};

static int on_speaker(const struct ct_store_speaker *sp, void *user)
{
	struct find_speaker *f = user;

	if (strcmp(sp->name, f->name) != 0)
		return 0;
	f->sp = *sp;
	f->role = dup_or_null(sp->role, &f->failed);
	f->org = dup_or_null(sp->org, &f->failed);
	f->sp.role = f->role;
	f->sp.org = f->org;
	f->sp.name = NULL;
	f->found = true;
	return 1;
}

/* Groups the speaker's claims by proposition and finds the changes and the
 * opponents of each. Returns a ct_ error. */
static int build(struct ct_store *s, const struct opts *o, const char *name, struct claims *cs,
		 struct prop **out, size_t *n_out)
{
	struct prop *props = NULL;
	size_t n = 0, cap = 0;
	int rc = CT_OK;

	if (cs->n > 1)
		qsort(cs->v, cs->n, sizeof *cs->v, by_prop_date);
	for (size_t i = 0; i < cs->n && rc == CT_OK;) {
		size_t k = i + 1;
		while (k < cs->n && strcmp(cs->v[k].proposition, cs->v[i].proposition) == 0)
			k++;
		if (!CT_VEC_RESERVE(props, cap, n + 1)) {
			rc = CT_ENOMEM;
			break;
		}
		memset(&props[n], 0, sizeof props[n]);
		props[n].id = cs->v[i].proposition;
		props[n].title = cs->v[i].title;
		props[n].claims = &cs->v[i];
		props[n].n = k - i;
		rc = find_changes(&props[n]);
		n++;
		i = k;
	}
	for (size_t i = 0; i < n && rc == CT_OK; i++) {
		struct ct_claim_filter f = { .proposition = props[i].id, .since = o->since,
					     .until = o->until, .once_per_story = !o->copies };
		struct opp_scan os = { &props[i], name, false };
		rc = ct_store_claims(s, &f, on_other, &os);
		if (rc == CT_EABORT && os.failed)
			rc = CT_ENOMEM;
		if (props[i].n_opp > 1)
			qsort(props[i].opp, props[i].n_opp, sizeof *props[i].opp, by_opp_claims);
	}
	if (rc == CT_OK && n > 1)
		qsort(props, n, sizeof *props, by_prop_claims);
	*out = props;
	*n_out = n;
	return rc;
}

int cli_speaker_record(struct ct_store *s, const char *name, const char *proposition,
		       const char *since, const char *until, json_t **out)
{
	struct opts o = { NULL, F_JSON, proposition, since, until };
	struct find_speaker fs = { .name = name };
	struct claims cs = { .json = true, .story = s };
	struct prop *props = NULL;
	size_t n_props = 0;
	int rc;

	rc = ct_store_speakers_in(s, &(struct ct_list_filter){ .all = true }, on_speaker, &fs);
	if (rc == CT_EABORT)
		rc = CT_OK;
	if (rc == CT_OK && !fs.found)
		rc = CT_ENOTFOUND;
	if (rc == CT_OK)
		rc = ct_store_claims(s, &(struct ct_claim_filter){ .speaker = name,
				     .proposition = proposition, .since = since, .until = until,
				     .once_per_story = true },
				     keep, &cs);
	if (rc == CT_OK)
		rc = build(s, &o, name, &cs, &props, &n_props);
	if (fs.failed || cs.failed || rc == CT_EABORT)
		rc = CT_ENOMEM;
	if (rc == CT_OK && !(*out = record_json(&fs.sp, name, props, n_props)))
		rc = CT_ENOMEM;
	props_release(props, n_props);
	claims_release(&cs);
	free(fs.role);
	free(fs.org);
	return rc;
}

int cmd_speaker(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct opts o = { cmd, F_TABLE, NULL, NULL, NULL };
	struct find_speaker fs = { 0 };
	struct claims cs = { 0 };
	struct ct_store *s = NULL;
	struct prop *props = NULL;
	size_t n_props = 0, n_pos = 0;
	const char **pos = NULL;
	char *name = NULL;
	int rc, src;

	rc = cli_parse(cmd, g, argc, argv, set_opt, &o, &pos, &n_pos);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (n_pos != 1 || pos[0][strspn(pos[0], " \t\r\n")] == '\0') {
		rc = n_pos > 1 ? cli_usage_error(cmd, "one NAME, not %zu (quote a name with spaces)",
						 n_pos)
			       : cli_usage_error(cmd, "missing NAME");
		goto out;
	}
	if (o.since && o.until && strcmp(o.since, o.until) > 0) {
		rc = cli_usage_error(cmd, "--since %s is after --until %s", o.since, o.until);
		goto out;
	}
	if ((rc = cli_open_store(g, CT_STORE_READONLY, &s)) != EXIT_OK)
		goto out;
	if (o.proposition && (rc = cli_check_names(g, s, &o.proposition, 1, NULL, 0)) != EXIT_OK)
		goto out;
	if ((rc = cli_resolve_name(g, s, CT_NAME_SPEAKER, pos[0], "claimtrack speaker ", &name))
	    != EXIT_OK)
		goto out;
	rc = EXIT_FAIL;
	fs.name = name;
	src = ct_store_speakers_in(s, &(struct ct_list_filter){ .all = true }, on_speaker, &fs);
	if (src != CT_OK && src != CT_EABORT) {
		cli_store_error(g, s, src);
		goto out;
	}
	cs.json = o.format == F_JSON;
	cs.story = o.copies ? NULL : s;
	src = ct_store_claims(s, &(struct ct_claim_filter){ .speaker = name,
			      .proposition = o.proposition, .since = o.since, .until = o.until,
			      .once_per_story = !o.copies },
			      keep, &cs);
	if (src == CT_OK)
		src = build(s, &o, name, &cs, &props, &n_props);
	if (fs.failed || cs.failed || src == CT_ENOMEM || src == CT_EABORT) {
		cli_error("out of memory");
		goto out;
	}
	if (src != CT_OK) {
		cli_store_error(g, s, src);
		goto out;
	}
	rc = EXIT_OK;
	if (o.format == F_JSON) {
		json_t *root = record_json(&fs.sp, name, props, n_props);
		if (!root || json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
			rc = EXIT_FAIL;
		printf("\n");
		json_decref(root);
	} else if (o.format == F_CSV) {
		print_csv(props, n_props);
	} else {
		print_table(&fs.sp, name, &cs, props, n_props);
		if (cs.n == 0)
			printf("  no claims%s\n", o.proposition || o.since || o.until
			       ? " match the filters" : "");
	}
out:
	props_release(props, n_props);
	claims_release(&cs);
	ct_store_close(s);
	free(fs.role);
	free(fs.org);
	free(name);
	free(pos);
	return rc;
}
