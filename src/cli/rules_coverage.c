/*
 * claimtrack rules coverage and rules suggest: what a proposition's
 * patterns miss. coverage ranks the stored sentences no rule matched by
 * their likeness to the proposition's claims (the sentence index of
 * `similar`); suggest turns one into a draft pattern and expect line for
 * the rule author to edit. Neither writes a rule file.
 */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { O_FORMAT = 1, O_LIMIT, O_STANCE };
enum { F_TEXT, F_JSON, F_CSV };

#define DEFAULT_LIMIT 10
#define MAX_LIMIT 1000
/* The claims of the proposition whose sentences are looked up, and the
 * unmatched sentences asked for each. */
#define MAX_CLAIMS 200
#define PER_CLAIM 20
/* Reciprocal rank fusion's constant: a sentence near the top for several
 * claims outranks one first for a single claim. */
#define RRF_K 60.0

static const char *const formats[] = { "text", "json", "csv", NULL };
static const char *const stances[] = { "supports", "refutes", NULL };

static const struct cli_opt coverage_opts[] = {
	{ O_LIMIT, "limit", 'n', "N", "sentences shown (default 10, at most 1000)" },
	{ O_FORMAT, "format", 'f', "FORMAT", "text (default), json or csv" },
	{ 0, NULL, 0, NULL, NULL },
};

static const struct cli_opt suggest_opts[] = {
	{ O_STANCE, "stance", 0, "STANCE", "supports or refutes (default: that of the most "
	  "alike claim of the proposition)" },
	{ O_FORMAT, "format", 'f', "FORMAT", "text (default) or json" },
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_rules_coverage = {
	"rules coverage", rules_coverage, "[--limit N] [--format text|json|csv] PROPOSITION",
	"the stored sentences no rule matched most like a proposition's claims",
	"Looks up the sentence of each stored claim of PROPOSITION (up to 200) in\n"
	"the index of stored sentences, as 'claimtrack similar --unmatched' does,\n"
	"and ranks the sentences no rule matched by how near the top they come for\n"
	"the claims (reciprocal rank fusion: the sum of 1/(60 + rank)): candidates\n"
	"for a pattern the rules lack. Each comes with its reference (d12:345, its\n"
	"document and start, for 'claimtrack rules suggest'), document, date and\n"
	"the claim it is most like. JSON: {\"proposition\", \"claims\" (looked up),\n"
	"\"results\": [{rank, score, ref, document_id, sentence_span, date, outlet,\n"
	"title, sentence, like_claims, nearest_claim, nearest_stance}]}.\n"
	"Exit status: 0 done; 1 no database, or a proposition it does not hold; 2\n"
	"usage error.",
	coverage_opts,
};

const struct cli_command cli_cmd_rules_suggest = {
	"rules suggest", rules_suggest, "[--stance supports|refutes] [--format text|json] "
	"PROPOSITION SENTENCE|dN:START",
	"a draft pattern and expect line from a sentence the rules missed",
	"Turns a sentence (the text, or a stored one by its reference from 'rules\n"
	"coverage': d12:345) into a draft line for PROPOSITION's block: its claim\n"
	"without the words of attribution before \"that\" or after the last comma\n"
	"(\", officials said\"), regex characters escaped, numbers as [\\d.,]+;\n"
	"with an expect line holding the whole sentence. The stance is --stance,\n"
	"else that of the stored claim of PROPOSITION most like the sentence, else\n"
	"supports. Prints the draft for the author to edit (a pattern this literal\n"
	"finds little else; negation in the sentence may flip its stance, which\n"
	"'claimtrack rules test' shows); writes no file.\n"
	"Exit status: 0 done; 1 no database, a proposition it does not hold, or no\n"
	"such stored sentence; 2 usage error.",
	suggest_opts,
};

struct opts {
	const struct cli_command *cmd;
	int format;
	size_t limit;
	int stance;             /* index in stances, -1 when not given */
};

static int set_opt(void *u, int id, const char *value)
{
	struct opts *o = u;
	char *end;
	long v;

	if (id == O_FORMAT && ((o->format = cli_choice(value, formats)) < 0 ||
			       (o->cmd == &cli_cmd_rules_suggest && o->format == F_CSV))) {
		cli_usage_error(o->cmd, "unknown format '%s' (%s)", value,
				o->cmd == &cli_cmd_rules_suggest ? "text or json" : "text, json or csv");
		return 1;
	}
	if (id == O_STANCE && (o->stance = cli_choice(value, stances)) < 0) {
		cli_usage_error(o->cmd, "--stance is supports or refutes, not '%s'", value);
		return 1;
	}
	if (id == O_LIMIT) {
		v = strtol(value, &end, 10);
		if (end == value || *end || v < 1 || v > MAX_LIMIT) {
			cli_usage_error(o->cmd, "--limit needs a number from 1 to %d, not '%s'",
					MAX_LIMIT, value);
			return 1;
		}
		o->limit = (size_t)v;
	}
	return 0;
}

/* ---- the proposition's claims ---- */

struct pclaim {
	int64_t id;
	enum ct_stance stance;
	char *sentence;
};

struct pclaims {
	struct pclaim *v;
	size_t n, cap;
	bool failed;
};

static int keep_pclaim(const struct ct_stored_claim *cl, void *user)
{
	struct pclaims *pc = user;

	for (size_t i = 0; i < pc->n; i++)
		if (!strcmp(pc->v[i].sentence, cl->sentence ? cl->sentence : ""))
			return 0;
	if (!CT_VEC_RESERVE(pc->v, pc->cap, pc->n + 1) ||
	    !(pc->v[pc->n].sentence = strdup(cl->sentence ? cl->sentence : ""))) {
		pc->failed = true;
		return 1;
	}
	pc->v[pc->n].id = cl->id;
	pc->v[pc->n].stance = cl->stance;
	pc->n++;
	return pc->n >= MAX_CLAIMS;
}

static void pclaims_release(struct pclaims *pc)
{
	for (size_t i = 0; i < pc->n; i++)
		free(pc->v[i].sentence);
	free(pc->v);
}

/* Opens the store and checks that it holds the proposition. */
static int open_checked(const struct cli_global *g, const char *prop, struct ct_store **s)
{
	int rc = cli_open_store(g, CT_STORE_READONLY, s);

	if (rc == EXIT_OK)
		rc = cli_check_names(g, *s, &prop, 1, NULL, 0);
	if (rc == EXIT_OK)
		rc = cli_sentences_catch_up(g, *s, false, NULL);
	return rc;
}

/* ---- coverage ---- */

struct cand {
	int64_t document_id;
	size_t start, end;
	double score;
	size_t n_like, best_rank;
	int64_t nearest;
	enum ct_stance nearest_stance;
	char *sentence, *date, *outlet, *title;
};

struct cover {
	struct cand *v;
	size_t n, cap;
	const struct pclaim *claim;   /* the claim being looked up */
	bool failed;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int add_hit(const struct ct_similar_hit *h, void *user)
{
	struct cover *c = user;
	struct cand *k = NULL;

	for (size_t i = 0; i < c->n && !k; i++)
		if (c->v[i].document_id == h->document_id && c->v[i].start == h->start)
			k = &c->v[i];
	if (!k) {
		if (!CT_VEC_RESERVE(c->v, c->cap, c->n + 1)) {
			c->failed = true;
			return 1;
		}
		k = &c->v[c->n++];
		*k = (struct cand){ .document_id = h->document_id, .start = h->start,
				    .end = h->end, .best_rank = SIZE_MAX,
				    .sentence = strdup(h->sentence), .date = dup_or_null(h->date),
				    .outlet = dup_or_null(h->outlet), .title = dup_or_null(h->title) };
		if (!k->sentence) {
			c->failed = true;
			return 1;
		}
	}
	k->score += 1.0 / (RRF_K + (double)h->rank);
	k->n_like++;
	if (h->rank < k->best_rank) {
		k->best_rank = h->rank;
		k->nearest = c->claim->id;
		k->nearest_stance = c->claim->stance;
	}
	return 0;
}

static int by_score(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->document_id != y->document_id)
		return x->document_id < y->document_id ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

static void print_cover(const struct opts *o, const char *prop, const struct cover *c,
			size_t n_claims, json_t *results)
{
	size_t n = c->n < o->limit ? c->n : o->limit;
	char buf[96];

	if (o->format == F_CSV)
		printf("rank,score,ref,document_id,start,end,date,outlet,title,like_claims,"
		       "nearest_claim,nearest_stance,sentence\n");
	if (o->format == F_TEXT && !n)
		printf("no stored sentence like the %zu claim%s of %s is unmatched\n", n_claims,
		       n_claims == 1 ? "" : "s", prop);
	for (size_t i = 0; i < n; i++) {
		const struct cand *k = &c->v[i];
		char ref[48];
		snprintf(ref, sizeof ref, "d%lld:%zu", (long long)k->document_id, k->start);
		if (o->format == F_JSON) {
			json_array_append_new(results, json_pack(
				"{s:I, s:f, s:s, s:I, s:[I, I], s:s?, s:s?, s:s?, s:s, s:I, s:I, s:s}",
				"rank", (json_int_t)(i + 1), "score", k->score, "ref", ref,
				"document_id", (json_int_t)k->document_id, "sentence_span",
				(json_int_t)k->start, (json_int_t)k->end, "date", k->date,
				"outlet", k->outlet, "title", k->title, "sentence", k->sentence,
				"like_claims", (json_int_t)k->n_like, "nearest_claim",
				(json_int_t)k->nearest, "nearest_stance",
				ct_stance_name(k->nearest_stance)));
		} else if (o->format == F_CSV) {
			const char *cells[13];
			char s_rank[24], s_score[32], s_doc[24], s_start[24], s_end[24], s_n[24],
			     s_near[24];
			snprintf(s_rank, sizeof s_rank, "%zu", i + 1);
			snprintf(s_score, sizeof s_score, "%.6f", k->score);
			snprintf(s_doc, sizeof s_doc, "%lld", (long long)k->document_id);
			snprintf(s_start, sizeof s_start, "%zu", k->start);
			snprintf(s_end, sizeof s_end, "%zu", k->end);
			snprintf(s_n, sizeof s_n, "%zu", k->n_like);
			snprintf(s_near, sizeof s_near, "%lld", (long long)k->nearest);
			cells[0] = s_rank, cells[1] = s_score, cells[2] = ref, cells[3] = s_doc;
			cells[4] = s_start, cells[5] = s_end, cells[6] = k->date;
			cells[7] = k->outlet, cells[8] = k->title, cells[9] = s_n;
			cells[10] = s_near, cells[11] = ct_stance_name(k->nearest_stance);
			cells[12] = k->sentence;
			for (size_t j = 0; j < 13; j++)
				cli_csv_cell(stdout, cells[j], j == 12);
		} else {
			snprintf(buf, sizeof buf, "like %zu claim%s; nearest c%lld, %s", k->n_like,
				 k->n_like == 1 ? "" : "s", (long long)k->nearest,
				 ct_stance_name(k->nearest_stance));
			printf("%2zu. %-12s %s  ", i + 1, ref, k->date ? k->date : "undated");
			cli_print_folded(stdout, k->outlet ? k->outlet : "outlet unknown");
			printf("  (%s)\n    ", buf);
			cli_print_folded(stdout, k->sentence);
			printf("\n");
		}
	}
}

int rules_coverage(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct opts o = { cmd, F_TEXT, DEFAULT_LIMIT, -1 };
	struct ct_claim_filter f = { 0 };
	struct pclaims pc = { 0 };
	struct cover c = { 0 };
	struct ct_store *s = NULL;
	json_t *results = NULL;
	const char **pos = NULL;
	size_t n_pos = 0;
	int rc, src = CT_OK;

	rc = cli_parse(cmd, g, argc, argv, set_opt, &o, &pos, &n_pos);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (n_pos != 1) {
		rc = n_pos ? cli_usage_error(cmd, "one PROPOSITION, not %zu", n_pos)
			   : cli_usage_error(cmd, "missing PROPOSITION");
		goto out;
	}
	if ((rc = open_checked(g, pos[0], &s)) != EXIT_OK)
		goto out;
	f.proposition = pos[0];
	src = ct_store_claims(s, &f, keep_pclaim, &pc);
	if (src == CT_EABORT && !pc.failed)
		src = CT_OK;
	for (size_t i = 0; i < pc.n && src == CT_OK && !pc.failed && !c.failed; i++) {
		struct ct_similar_query q = { .text = pc.v[i].sentence, .limit = PER_CLAIM,
					      .unmatched = true };
		c.claim = &pc.v[i];
		src = ct_store_similar(s, &q, add_hit, &c);
	}
	if (pc.failed || c.failed || (o.format == F_JSON && !(results = json_array()))) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	if (src != CT_OK) {
		cli_store_error(g, s, src);
		rc = EXIT_FAIL;
		goto out;
	}
	if (c.n)
		qsort(c.v, c.n, sizeof *c.v, by_score);
	print_cover(&o, pos[0], &c, pc.n, results);
	if (o.format == F_JSON) {
		json_t *root = json_pack("{s:s, s:I, s:O}", "proposition", pos[0], "claims",
					 (json_int_t)pc.n, "results", results);
		rc = root && json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0
		     ? EXIT_OK : EXIT_FAIL;
		printf("\n");
		json_decref(root);
	}
out:
	for (size_t i = 0; i < c.n; i++) {
		free(c.v[i].sentence);
		free(c.v[i].date);
		free(c.v[i].outlet);
		free(c.v[i].title);
	}
	free(c.v);
	pclaims_release(&pc);
	json_decref(results);
	ct_store_close(s);
	free(pos);
	return rc;
}

/* ---- suggest ---- */

/* Whether arg is a sentence reference, dN:START. */
static bool sentence_ref(const char *arg, int64_t *doc, size_t *start)
{
	char *end;
	long long d;
	unsigned long long st;

	if (arg[0] != 'd' || arg[1] < '0' || arg[1] > '9')
		return false;
	d = strtoll(arg + 1, &end, 10);
	if (*end != ':' || d <= 0 || end[1] < '0' || end[1] > '9')
		return false;
	st = strtoull(end + 1, &end, 10);
	if (*end)
		return false;
	*doc = d;
	*start = (size_t)st;
	return true;
}

static bool word_at(const char *s, size_t len, size_t i, const char *w)
{
	size_t n = strlen(w);

	return i + n <= len && !strncasecmp(s + i, w, n) && (i == 0 || s[i - 1] == ' ') &&
	       (i + n == len || strchr(" ,.!?\"'", s[i + n]));
}

/*
 * The claim of a sentence: after the first " that " in its first half (the
 * speaker and verb before it), without a last ", ... said|says|told|added|
 * according to ..." and the closing punctuation and quotes.
 */
static void claim_part(const char *s, size_t *from, size_t *to)
{
	static const char *const verbs[] = { "said", "says", "told", "added", "according",
					      "insisted", "claimed", "stated", "argued" };
	size_t len = strlen(s), b = 0, e = len;
	const char *that = strstr(s, " that ");
	const char *comma = strrchr(s, ',');

	if (that && (size_t)(that - s) < len / 2)
		b = (size_t)(that - s) + 6;
	if (comma && (size_t)(comma - s) > b) {
		size_t c = (size_t)(comma - s);
		for (size_t i = c; i < len; i++)
			for (size_t v = 0; v < sizeof verbs / sizeof *verbs; v++)
				if (word_at(s, len, i, verbs[v])) {
					e = c;
					i = len;
					break;
				}
	}
	while (e > b && strchr(" .!?\"'", s[e - 1]))
		e--;
	while (b < e && strchr(" \"'", s[b]))
		b++;
	/* Curly quotes at either end. */
	while (e >= b + 3 && (unsigned char)s[e - 3] == 0xe2 && (unsigned char)s[e - 2] == 0x80 &&
	       ((unsigned char)s[e - 1] == 0x9c || (unsigned char)s[e - 1] == 0x9d))
		e -= 3;
	while (b + 3 <= e && (unsigned char)s[b] == 0xe2 && (unsigned char)s[b + 1] == 0x80 &&
	       ((unsigned char)s[b + 2] == 0x9c || (unsigned char)s[b + 2] == 0x9d))
		b += 3;
	*from = b;
	*to = e;
}

/* s[from, to) as a PCRE2 pattern: metacharacters escaped, numbers [\d.,]+,
 * white space runs one space. */
static int draft_pattern(const char *s, size_t from, size_t to, struct ct_buf *out)
{
	int rc = CT_OK;

	for (size_t i = from; i < to && rc == CT_OK; i++) {
		char ch = s[i];
		if (ch >= '0' && ch <= '9') {
			while (i + 1 < to && ((s[i + 1] >= '0' && s[i + 1] <= '9') ||
					      ((s[i + 1] == '.' || s[i + 1] == ',') && i + 2 < to &&
					       s[i + 2] >= '0' && s[i + 2] <= '9')))
				i++;
			rc = ct_buf_adds(out, "[\\d.,]+");
		} else if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			while (i + 1 < to && strchr(" \t\r\n", s[i + 1]))
				i++;
			rc = ct_buf_addc(out, ' ');
		} else {
			if (strchr("\\.^$|?*+()[]{}#", ch))
				rc = ct_buf_addc(out, '\\');
			if (rc == CT_OK)
				rc = ct_buf_addc(out, ch);
		}
	}
	return rc;
}

struct nearest {
	struct ct_store *s;
	const char *prop;
	int64_t claim;
	enum ct_stance stance;
	int rc;
};

struct one_sentence {
	size_t start;
	const char *prop;
	int64_t claim;
	enum ct_stance stance;
};

static int find_prop_claim(const struct ct_stored_claim *cl, void *user)
{
	struct one_sentence *os = user;

	if (cl->sentence_start != os->start || strcmp(cl->proposition, os->prop) != 0)
		return 0;
	os->claim = cl->id;
	os->stance = cl->stance;
	return 1;
}

/* The first matched sentence with a claim of the proposition gives its stance. */
static int nearest_hit(const struct ct_similar_hit *h, void *user)
{
	struct nearest *n = user;
	struct ct_claim_filter f = { .proposition = n->prop, .document_id = h->document_id };
	struct one_sentence os = { h->start, n->prop, 0, CT_STANCE_NONE };
	int rc;

	if (!h->matched)
		return 0;
	rc = ct_store_claims(n->s, &f, find_prop_claim, &os);
	if (rc != CT_OK && rc != CT_EABORT) {
		n->rc = rc;
		return 1;
	}
	if (!os.claim)
		return 0;
	n->claim = os.claim;
	n->stance = os.stance;
	return 1;
}

int rules_suggest(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct opts o = { cmd, F_TEXT, DEFAULT_LIMIT, -1 };
	struct ct_buf pattern = CT_BUF_INIT(0);
	struct ct_store *s = NULL;
	struct ct_doc *doc = NULL;
	struct nearest nr = { 0 };
	const char **pos = NULL, *stance, *why;
	char *sentence = NULL, ref[48] = "";
	size_t n_pos = 0, from, to, start = 0;
	int64_t doc_id = 0;
	int rc, src;

	rc = cli_parse(cmd, g, argc, argv, set_opt, &o, &pos, &n_pos);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (n_pos != 2) {
		rc = cli_usage_error(cmd, "a PROPOSITION and a SENTENCE (or dN:START, as 'rules "
				     "coverage' prints it)%s", n_pos ? ", not more" : "");
		goto out;
	}
	if ((rc = open_checked(g, pos[0], &s)) != EXIT_OK)
		goto out;
	rc = EXIT_FAIL;
	if (sentence_ref(pos[1], &doc_id, &start)) {
		const struct ct_span *sp = NULL;
		if ((src = ct_store_load_document(s, doc_id, &doc)) != CT_OK) {
			cli_store_error(g, s, src);
			goto out;
		}
		for (size_t i = 0; i < doc->n_sentences && !sp; i++)
			if (doc->sentences[i].start == start)
				sp = &doc->sentences[i];
		if (!sp) {
			cli_error("document %lld has no sentence at %zu ('claimtrack rules coverage "
				  "%s' gives the references)", (long long)doc_id, start, pos[0]);
			goto out;
		}
		sentence = strndup(doc->body + sp->start, sp->end - sp->start);
		snprintf(ref, sizeof ref, "d%lld:%zu", (long long)doc_id, start);
	} else {
		sentence = strdup(pos[1]);
	}
	if (!sentence) {
		cli_error("out of memory");
		goto out;
	}
	if (o.stance >= 0) {
		stance = stances[o.stance];
		why = "--stance";
	} else {
		struct ct_similar_query q = { .text = sentence, .limit = 50,
					      .skip_document = doc_id, .skip_start = start };
		nr = (struct nearest){ s, pos[0], 0, CT_STANCE_NONE, CT_OK };
		src = ct_store_similar(s, &q, nearest_hit, &nr);
		if (src == CT_EABORT)
			src = nr.rc;
		if (src != CT_OK) {
			cli_store_error(g, s, src);
			goto out;
		}
		stance = nr.claim ? ct_stance_name(nr.stance) : "supports";
		why = nr.claim ? "the most alike claim" : "no claim alike: the default";
	}
	claim_part(sentence, &from, &to);
	if (draft_pattern(sentence, from, to, &pattern) != CT_OK || !pattern.p) {
		cli_error("out of memory");
		goto out;
	}
	if (o.format == F_JSON) {
		json_t *root = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:o, s:s, s:s}",
					 "proposition", pos[0], "sentence", sentence,
					 "ref", ref[0] ? ref : NULL, "stance", stance, "stance_from", why,
					 "nearest_claim", nr.claim ? json_integer(nr.claim) : json_null(),
					 "pattern", pattern.p, "expect", sentence);
		rc = root && json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0
		     ? EXIT_OK : EXIT_FAIL;
		printf("\n");
		json_decref(root);
		goto out;
	}
	printf("# a draft for %s from %s%s (stance: %s", pos[0], ref[0] ? "sentence " : "the text",
	       ref, why);
	if (nr.claim)
		printf(", c%lld", (long long)nr.claim);
	printf("): edit it, add it to the\n# proposition's block, then run 'claimtrack rules test'\n");
	printf("  %-8s %s\n  expect %s  ", stance, pattern.p, stance);
	cli_print_folded(stdout, sentence);
	printf("\n");
	rc = EXIT_OK;
out:
	ct_buf_release(&pattern);
	free(sentence);
	ct_doc_free(doc);
	ct_store_close(s);
	free(pos);
	return rc;
}
