/*
 * claimtrack export: the stored claims in a format for publishing. Now one:
 * schema.org ClaimReview JSON-LD for the claims on propositions that a
 * rule file gives a fact-check verdict.
 */
#include "cli.h"
#include "outdir.h"

#include <stdlib.h>
#include <string.h>

enum { O_FORMAT = 1, O_PROPOSITION, O_PUBLISHER, O_SINCE, O_UNTIL, O_OUTPUT, O_BASE_URL };

static const char *const formats[] = { "claimreview", NULL };

static const struct cli_opt export_opts[] = {
	{ O_FORMAT, "format", 'f', "FORMAT", "claimreview (the default and only one)" },
	{ O_PROPOSITION, "proposition", 'p', "ID", "only this proposition; repeatable "
	  "(default: every one with a verdict)" },
	{ O_PUBLISHER, "publisher", 0, "NAME", "who publishes the fact-checks: the reviews' author" },
	{ O_SINCE, "since", 0, "DATE", "claims published on or after DATE (YYYY-MM-DD)" },
	{ O_UNTIL, "until", 0, "DATE", "claims published on or before DATE (YYYY-MM-DD)" },
	{ O_OUTPUT, "output", 'o', "FILE", "write to FILE, whole (default: stdout)" },
	{ O_BASE_URL, "base-url", 0, "URL", "where 'claimtrack serve' is published: a review "
	  "without review-url gets URL/claim/ID" },
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_export = {
	"export", cmd_export,
	"[--format claimreview] [--proposition ID]... [--publisher NAME]\n"
	"       [--since D] [--until D] [--base-url URL] [--output FILE]",
	"write schema.org ClaimReview JSON-LD for the claims fact-checks rated",
	"Writes a JSON array of schema.org ClaimReview objects, one per stored\n"
	"claim on a proposition whose rule block has a 'verdict' (rules/README.md):\n"
	"a claim that supports the proposition gets its verdict; one that refutes\n"
	"it gets 'False' when the verdict is true-like (True, Correct, Accurate;\n"
	"'Mostly false' for 'Mostly true'), and is left out otherwise. Hedged\n"
	"claims are reported speech, not assertions, and are left out; reviewed\n"
	"values (claimtrack review) are used and rejected claims are gone.\n"
	"claimReviewed is the claim's sentence cut to 75 characters around what\n"
	"matched; itemReviewed is the Claim with its author (the speaker: Person or\n"
	"Organization), datePublished, appearance (the document) and\n"
	"firstAppearance (the earliest document in which the same speaker took\n"
	"the same stance); reviewRating has the verdict as alternateName and, with\n"
	"'rating N/BEST', ratingValue, bestRating and worstRating 1; url is the\n"
	"proposition's review-url (else --base-url/claim/ID); author is --publisher.\n"
	"--output FILE is written whole (a temporary renamed into place).\n"
	"Exit status: 0 written (also when no claim qualifies: an empty array, and\n"
	"a note on stderr); 1 a --proposition the rules or the database do not\n"
	"know or that has no verdict, an unreadable database, a failed write;\n"
	"2 usage error.",
	export_opts,
};

struct export {
	const struct cli_command *cmd;
	const char **props;
	size_t n_props;
	const char *publisher, *since, *until, *output, *base_url;
	struct ct_arena arena;          /* the reviews' strings */
	struct ct_claimreview *items;
	size_t n_items, cap_items;
	size_t n_without_url;
	/* One proposition's pass. */
	const struct ct_proposition *p;
	struct first *firsts;           /* first appearances by (speaker, stance) */
	size_t n_firsts, cap_firsts;
	bool failed;                    /* out of memory */
};

/* The earliest document in which one speaker took one stance. */
struct first {
	char *speaker;                  /* NULL: unknown (then never shared) */
	enum ct_speaker_kind kind;
	enum ct_stance stance;
	char *url, *title, *published, *outlet;
	bool dated;
};

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
	struct export *e = u;

	switch (id) {
	case O_FORMAT:
		if (cli_choice(value, formats) < 0) {
			cli_usage_error(e->cmd, "unknown format '%s' (claimreview)", value);
			return 1;
		}
		return 0;
	case O_PROPOSITION:
		return push(&e->props, &e->n_props, value);
	case O_PUBLISHER:
		if (value[strspn(value, " \t\r\n")] == '\0') {
			cli_usage_error(e->cmd, "--publisher needs a name");
			return 1;
		}
		e->publisher = value;
		return 0;
	case O_SINCE:
	case O_UNTIL:
		return cli_parse_date(e->cmd, id == O_SINCE ? "since" : "until", value,
				      id == O_SINCE ? &e->since : &e->until);
	case O_OUTPUT:
		e->output = value;
		return 0;
	case O_BASE_URL:
		if (strncmp(value, "https://", 8) != 0 && strncmp(value, "http://", 7) != 0) {
			cli_usage_error(e->cmd, "--base-url needs an http:// or https:// URL, not '%s'",
					value);
			return 1;
		}
		e->base_url = value;
		return 0;
	}
	return 0;
}

/* A copy of s in the arena; NULL stays NULL (and so does a failed copy,
 * which sets e->failed). */
static char *keep(struct export *e, const char *s)
{
	char *k;

	if (!s)
		return NULL;
	k = ct_arena_strndup(&e->arena, s, strlen(s));
	if (!k)
		e->failed = true;
	return k;
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The first appearance of c's speaker with c's stance: recorded when c is
 * the first dated one (or the first at all); returns the entry. */
static struct first *first_of(struct export *e, const struct ct_stored_claim *c)
{
	struct first *f = NULL;

	if (c->speaker)
		for (size_t i = 0; i < e->n_firsts && !f; i++)
			if (e->firsts[i].stance == c->stance && e->firsts[i].kind == c->speaker_kind &&
			    same(e->firsts[i].speaker, c->speaker))
				f = &e->firsts[i];
	if (f && (f->dated || !c->date))
		return f;
	if (!f) {
		if (!CT_VEC_RESERVE(e->firsts, e->cap_firsts, e->n_firsts + 1)) {
			e->failed = true;
			return NULL;
		}
		f = &e->firsts[e->n_firsts++];
		memset(f, 0, sizeof *f);
		f->speaker = keep(e, c->speaker);
		f->kind = c->speaker_kind;
		f->stance = c->stance;
	}
	f->url = keep(e, c->document_url);
	f->title = keep(e, c->document_title);
	f->published = keep(e, c->date);
	f->outlet = keep(e, c->outlet);
	f->dated = c->date != NULL;
	return f;
}

static bool in_period(const struct export *e, const char *date)
{
	if (!e->since && !e->until)
		return true;
	return date && (!e->since || strcmp(date, e->since) >= 0) &&
	       (!e->until || strcmp(date, e->until) <= 0);
}

static int on_claim(const struct ct_stored_claim *c, void *user)
{
	struct export *e = user;
	struct ct_claimreview cr, *it;
	struct first *f;

	if (c->hedged || !cli_claimreview_of(c, e->p, e->publisher, &cr))
		return 0;
	/* Claims come oldest first: the first one of a speaker and stance is
	 * its first appearance, whether or not it is in the period. */
	f = first_of(e, c);
	if (e->failed)
		return 1;
	if (!in_period(e, c->date))
		return 0;
	if (!CT_VEC_RESERVE(e->items, e->cap_items, e->n_items + 1)) {
		e->failed = true;
		return 1;
	}
	it = &e->items[e->n_items++];
	*it = cr;
	it->sentence = keep(e, c->sentence);
	it->match = keep(e, c->match);
	it->speaker = keep(e, c->speaker);
	it->date = keep(e, cr.date);
	it->url = keep(e, c->document_url);
	it->title = keep(e, c->document_title);
	it->published = keep(e, c->date);
	it->outlet = keep(e, c->outlet);
	if (f && f->speaker && !same(f->url, c->document_url)) {
		it->first_url = f->url;
		it->first_title = f->title;
		it->first_published = f->published;
		it->first_outlet = f->outlet;
	}
	if (!it->review_url && e->base_url) {
		char buf[64];
		size_t n = strlen(e->base_url);
		char *u;
		while (n > 0 && e->base_url[n - 1] == '/')
			n--;
		snprintf(buf, sizeof buf, "/claim/%lld", (long long)c->id);
		u = malloc(n + strlen(buf) + 1);
		if (u) {
			memcpy(u, e->base_url, n);
			memcpy(u + n, buf, strlen(buf) + 1);
			it->review_url = keep(e, u);
			free(u);
		} else {
			e->failed = true;
		}
	}
	if (!it->review_url)
		e->n_without_url++;
	return e->failed ? 1 : 0;
}

static int write_items(const void *arg, FILE *f)
{
	const struct export *e = arg;

	return ct_claimreview_write(e->items, e->n_items, f);
}

/* The proposition of the rules with this id; NULL when none. */
static const struct ct_proposition *rules_prop(const struct ct_ruleset *rs, const char *id)
{
	for (size_t i = 0; i < ct_ruleset_n_propositions(rs); i++)
		if (strcmp(ct_ruleset_proposition(rs, i)->id, id) == 0)
			return ct_ruleset_proposition(rs, i);
	return NULL;
}

int cmd_export(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct export e = { .cmd = cmd };
	struct ct_ruleset *rs = NULL;
	struct ct_store *s = NULL;
	const char **pos = NULL;
	size_t n_pos = 0, n_verdicts = 0;
	int rc;

	rc = cli_parse(cmd, g, argc, argv, set_opt, &e, &pos, &n_pos);
	if (rc != EXIT_OK) {
		rc = rc < 0 ? EXIT_OK : rc;
		goto out;
	}
	if (n_pos > 0) {
		rc = cli_usage_error(cmd, "unexpected argument '%s'", pos[0]);
		goto out;
	}
	if (e.since && e.until && strcmp(e.since, e.until) > 0) {
		rc = cli_usage_error(cmd, "--since %s is after --until %s", e.since, e.until);
		goto out;
	}
	if ((rc = cli_load_rules(g, NULL, NULL, &rs)) != EXIT_OK ||
	    (rc = cli_open_store(g, CT_STORE_READONLY, &s)) != EXIT_OK ||
	    (rc = cli_check_names(g, s, e.props, e.n_props, NULL, 0)) != EXIT_OK)
		goto out;
	for (size_t i = 0; i < e.n_props; i++) {
		const struct ct_proposition *p = rules_prop(rs, e.props[i]);
		if (!p || !p->verdict) {
			cli_error("proposition '%s' has no verdict in the rules%s; give its block a "
				  "'verdict' line (see rules/README.md)", e.props[i],
				  p ? "" : " (the database holds it, the rules loaded do not)");
			rc = EXIT_FAIL;
			goto out;
		}
	}
	for (size_t i = 0; i < ct_ruleset_n_propositions(rs); i++) {
		const struct ct_proposition *p = ct_ruleset_proposition(rs, i);
		struct ct_claim_filter f = { .proposition = p->id };
		bool asked = e.n_props == 0;
		int src;

		for (size_t k = 0; k < e.n_props; k++)
			asked = asked || strcmp(e.props[k], p->id) == 0;
		if (!asked || !p->verdict)
			continue;
		n_verdicts++;
		e.p = p;
		e.n_firsts = 0;
		/* Every claim of it, not only those of the period: the first
		 * appearance may be older. */
		src = ct_store_claims(s, &f, on_claim, &e);
		if (src != CT_OK) {
			if (src == CT_EABORT || e.failed)
				cli_error("out of memory");
			else
				cli_store_error(g, s, src);
			rc = EXIT_FAIL;
			goto out;
		}
	}
	if (e.output)
		rc = outdir_write_file(e.output, NULL, write_items, &e);
	else if (write_items(&e, stdout) != CT_OK || fflush(stdout) != 0)
		rc = (cli_error("cannot write the export to stdout"), EXIT_FAIL);
	if (rc != EXIT_OK)
		goto out;
	if (n_verdicts == 0)
		fprintf(stderr, "claimtrack export: note: no proposition of the rules has a verdict; "
			"add 'verdict' lines to rate them (see rules/README.md)\n");
	else if (e.n_items == 0)
		fprintf(stderr, "claimtrack export: note: no stored claim on the %zu proposition%s "
			"with a verdict is rated%s\n", n_verdicts, n_verdicts == 1 ? "" : "s",
			e.since || e.until ? " in the period" : "");
	if (e.n_items && !e.publisher)
		fprintf(stderr, "claimtrack export: warning: no --publisher: the reviews have no "
			"author (recommended by Google)\n");
	if (e.n_without_url)
		fprintf(stderr, "claimtrack export: warning: %zu review%s without a url (required "
			"by Google): give the proposition a review-url, or pass --base-url\n",
			e.n_without_url, e.n_without_url == 1 ? " is" : "s are");
	if (e.output)
		printf("wrote %s: %zu claim review%s\n", e.output, e.n_items,
			e.n_items == 1 ? "" : "s");
out:
	ct_store_close(s);
	ct_ruleset_free(rs);
	free(e.items);
	free(e.firsts);
	ct_arena_release(&e.arena);
	free(e.props);
	free(pos);
	return rc;
}
