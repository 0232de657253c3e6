/*
 * claimtrack similar: the stored sentences most like a given one (or a
 * stored claim's), found by the full-text index of the store and ranked by
 * one BM25 on both backends, each with its document, date, and the
 * claims a rule made of it: where a claim's earlier wordings are, and,
 * with --unmatched, what the rules miss.
 */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { O_FORMAT = 1, O_LIMIT, O_UNMATCHED, O_SINCE };
enum { F_TEXT, F_JSON, F_CSV };

#define DEFAULT_LIMIT 10
#define MAX_LIMIT 1000

static const char *const formats[] = { "text", "json", "csv", NULL };

static const struct cli_opt similar_opts[] = {
	{ O_LIMIT, "limit", 'n', "N", "sentences shown (default 10, at most 1000)" },
	{ O_UNMATCHED, "unmatched", 0, NULL, "only sentences no rule matched" },
	{ O_SINCE, "since", 0, "DATE", "only documents published on or after DATE (YYYY-MM-DD)" },
	{ O_FORMAT, "format", 'f', "FORMAT", "text (default), json or csv" },
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_similar = {
	"similar", cmd_similar,
	"[--limit N] [--unmatched] [--since DATE] [--format text|json|csv] SENTENCE|CLAIM",
	"rank the stored sentences by their likeness to a sentence or a claim",
	"Ranks every sentence of the stored texts by its likeness to SENTENCE, or\n"
	"to the sentence of stored claim CLAIM (c and its id: c34; the claim's own\n"
	"sentence is left out), most alike first: the words of the sentence, any\n"
	"of them, stemmed (\"regrouped\" finds \"regrouping\"), without stop\n"
	"words, looked up in the store's full-text index (SQLite: FTS5;\n"
	"PostgreSQL: a tsvector) and ranked by BM25, the same on both backends:\n"
	"the same sentences in the same order, ties to the older document and\n"
	"the earlier sentence. Each sentence comes with its\n"
	"document, date and outlet, and with the proposition, stance and speaker\n"
	"of each claim a rule made of it, or, when no rule matched it, who says it\n"
	"(as ingest attributes the document's quotes; none: the outlet's own\n"
	"voice). --unmatched keeps the sentences no rule matched: what the\n"
	"patterns miss. Scores rank the sentences of one query;\n"
	"they are not comparable between queries.\n"
	"JSON: {\"query\", \"terms\", \"results\": [{rank, score, document_id,\n"
	"title, outlet, date, url, sentence, sentence_span, speaker, speaker_kind,\n"
	"matched, claims: [...]}]}\n"
	"(a claim has the fields of 'claims --format json'). CSV: one row a\n"
	"sentence, its claims' propositions, stances and speakers joined by ';'.\n"
	"First indexes the texts stored since the index was last brought up to\n"
	"date ('db stats' counts them), 1,000 a transaction\n"
	"($CLAIMTRACK_INDEX_CHUNK): Ctrl-C keeps the chunks done. When the\n"
	"database cannot be written, answers from the index as it is, with a\n"
	"warning on stderr saying how many texts it does not hold yet (exit 0).\n"
	"Exit status: 0 done (also when nothing is alike); 1 no database, or no\n"
	"such claim; 2 usage error; 130 interrupted while indexing.",
	similar_opts,
};

struct similar {
	const struct cli_command *cmd;
	int format;
	size_t limit;
	bool unmatched;
	const char *since;
};

static int set_opt(void *u, int id, const char *value)
{
	struct similar *sm = u;
	char *end;
	long v;

	switch (id) {
	case O_FORMAT:
		if ((sm->format = cli_choice(value, formats)) < 0) {
			cli_usage_error(sm->cmd, "unknown format '%s' (text, json or csv)", value);
			return 1;
		}
		break;
	case O_LIMIT:
		v = strtol(value, &end, 10);
		if (end == value || *end || v < 1 || v > MAX_LIMIT) {
			cli_usage_error(sm->cmd, "--limit needs a number from 1 to %d, not '%s'",
					MAX_LIMIT, value);
			return 1;
		}
		sm->limit = (size_t)v;
		break;
	case O_UNMATCHED:
		sm->unmatched = true;
		break;
	case O_SINCE:
		return cli_parse_date(sm->cmd, "--since", value, &sm->since);
	}
	return 0;
}

/* ---- the claims of one sentence ---- */

struct sentence_claims {
	size_t start;
	json_t *json;           /* array of cli_claim_json() */
	struct ct_buf props, stances, speakers;  /* ';'-joined, for text and CSV */
	bool failed;
};

static int add_joined(struct ct_buf *b, const char *v)
{
	return ct_buf_addf(b, "%s%s", b->len ? ";" : "", v ? v : "");
}

static int keep_claim(const struct ct_stored_claim *cl, void *user)
{
	struct sentence_claims *sc = user;

	if (cl->sentence_start != sc->start)
		return 0;
	if (json_array_append_new(sc->json, cli_claim_json(cl)) != 0 ||
	    add_joined(&sc->props, cl->proposition) != CT_OK ||
	    add_joined(&sc->stances, ct_stance_name(cl->stance)) != CT_OK ||
	    add_joined(&sc->speakers, cl->speaker) != CT_OK)
		sc->failed = true;
	return 0;
}

/* ---- printing ---- */

struct run {
	struct similar *sm;
	const struct cli_global *g;
	struct ct_store *s;
	struct ct_ruleset *rs;  /* for the speakers of unmatched sentences; loaded on need */
	bool no_rules;          /* loading them failed: speakers unknown */
	int64_t doc_id;         /* the document attributed last */
	struct ct_doc *doc;
	struct ct_attribution *a;
	json_t *results;
	int store_rc;           /* a failure reading a sentence's claims */
	size_t n;               /* sentences printed */
	bool failed;
};

static void print_text(const struct ct_similar_hit *h, struct sentence_claims *sc,
		       const char *speaker, const char *kind)
{
	printf("%2zu. %.3f  d%lld  %s  ", h->rank, h->score, (long long)h->document_id,
	       h->date ? h->date : "undated");
	cli_print_folded(stdout, h->outlet ? h->outlet : "outlet unknown");
	if (h->title) {
		printf("  ");
		cli_print_folded(stdout, h->title);
	}
	printf("\n    ");
	cli_print_folded(stdout, h->sentence);
	printf("\n");
	if (!h->matched) {
		printf("    no rule matched; ");
		if (speaker) {
			printf("speaker ");
			cli_print_folded(stdout, speaker);
			printf(" (%s)\n", kind);
		} else {
			printf("%s\n", kind && !strcmp(kind, "narrator") ? "the outlet's own voice"
								  : "speaker unknown");
		}
		return;
	}
	for (size_t i = 0; i < json_array_size(sc->json); i++) {
		json_t *c = json_array_get(sc->json, i);
		const char *who = json_string_value(json_object_get(c, "speaker"));
		printf("    %-8s  %s  ", json_string_value(json_object_get(c, "stance")),
		       json_string_value(json_object_get(c, "proposition")));
		cli_print_folded(stdout, who ? who : "speaker unknown");
		printf("  claim %lld\n", (long long)json_integer_value(json_object_get(c, "id")));
	}
}

static void print_csv_row(const struct ct_similar_hit *h, struct sentence_claims *sc)
{
	char num[64];

	snprintf(num, sizeof num, "%zu", h->rank);
	cli_csv_cell(stdout, num, 0);
	snprintf(num, sizeof num, "%.6f", h->score);
	cli_csv_cell(stdout, num, 0);
	snprintf(num, sizeof num, "%lld", (long long)h->document_id);
	cli_csv_cell(stdout, num, 0);
	snprintf(num, sizeof num, "%zu", h->start);
	cli_csv_cell(stdout, num, 0);
	snprintf(num, sizeof num, "%zu", h->end);
	cli_csv_cell(stdout, num, 0);
	cli_csv_cell(stdout, h->date, 0);
	cli_csv_cell(stdout, h->outlet, 0);
	cli_csv_cell(stdout, h->title, 0);
	cli_csv_cell(stdout, h->matched ? "1" : "0", 0);
	cli_csv_cell(stdout, sc->props.p, 0);
	cli_csv_cell(stdout, sc->stances.p, 0);
	cli_csv_cell(stdout, sc->speakers.p, 0);
	cli_csv_cell(stdout, h->sentence, 1);
}

/*
 * Who says an unmatched sentence: the speaker of the first attribution
 * (a quote, reported speech, "according to") whose content is in it, found
 * as ingest finds them (ct_attribute() on the stored text); else the
 * outlet's own voice. *speaker is NULL when unknown, or borrowed until the
 * next call. Returns non-zero when the store failed (r->store_rc).
 */
static int speaker_of(struct run *r, const struct ct_similar_hit *h, const char **speaker,
		      enum ct_speaker_kind *kind)
{
	int rc;

	*speaker = NULL;
	*kind = CT_SPEAKER_NARRATOR;
	if (!r->rs && !r->no_rules &&
	    (r->no_rules = cli_load_rules_or_builtin(r->g, &r->rs) != EXIT_OK))
		return 0;
	if (r->no_rules)
		return 0;
	if (!r->a || r->doc_id != h->document_id) {
		ct_attribution_free(r->a);
		r->a = NULL;
		ct_doc_free(r->doc);
		r->doc = NULL;
		r->doc_id = h->document_id;
		if ((rc = ct_store_load_document(r->s, h->document_id, &r->doc)) != CT_OK) {
			r->store_rc = rc;
			return 1;
		}
		if (ct_attribute(r->rs, r->doc, &r->a) != CT_OK)
			return 0;
	}
	for (size_t i = 0; i < ct_attribution_n_quotes(r->a); i++) {
		const struct ct_quote *q = ct_attribution_quote(r->a, i);
		if (q->start < h->end && q->end > h->start) {
			*speaker = q->speaker ? q->speaker : q->mention;
			*kind = q->speaker_kind;
			return 0;
		}
	}
	return 0;
}

static int on_hit(const struct ct_similar_hit *h, void *user)
{
	struct run *r = user;
	struct sentence_claims sc = { .start = h->start, .json = json_array() };
	struct ct_claim_filter f = { .document_id = h->document_id };
	const char *speaker = NULL, *kind = NULL;
	int rc = 0;

	if (!sc.json) {
		r->failed = true;
		return 1;
	}
	if (h->matched && (r->store_rc = ct_store_claims(r->s, &f, keep_claim, &sc)) != CT_OK) {
		rc = 1;
		goto out;
	}
	if (h->matched) {
		json_t *c = json_array_get(sc.json, 0);
		speaker = json_string_value(json_object_get(c, "speaker"));
		kind = json_string_value(json_object_get(c, "speaker_kind"));
	} else {
		enum ct_speaker_kind k;
		if ((rc = speaker_of(r, h, &speaker, &k)) != 0)
			goto out;
		kind = ct_speaker_kind_name(k);
		if (add_joined(&sc.speakers, speaker) != CT_OK)
			sc.failed = true;
	}
	if (sc.failed) {
		r->failed = true;
		rc = 1;
		goto out;
	}
	r->n++;
	if (r->sm->format == F_TEXT) {
		print_text(h, &sc, speaker, kind);
	} else if (r->sm->format == F_CSV) {
		print_csv_row(h, &sc);
	} else if (json_array_append_new(r->results, json_pack(
			   "{s:I, s:f, s:I, s:s?, s:s?, s:s?, s:s?, s:s, s:[I, I], s:s?, s:s?, s:b, "
			   "s:O}",
			   "rank", (json_int_t)h->rank, "score", h->score,
			   "document_id", (json_int_t)h->document_id, "title", h->title,
			   "outlet", h->outlet, "date", h->date, "url", h->url,
			   "sentence", h->sentence, "sentence_span", (json_int_t)h->start,
			   (json_int_t)h->end, "speaker", speaker, "speaker_kind", kind,
			   "matched", h->matched, "claims", sc.json)) != 0) {
		r->failed = true;
		rc = 1;
	}
out:
	json_decref(sc.json);
	ct_buf_release(&sc.props);
	ct_buf_release(&sc.stances);
	ct_buf_release(&sc.speakers);
	return rc;
}

/* ---- the query ---- */

/* Whether arg names a claim: c and digits (c34). */
static bool claim_ref(const char *arg, int64_t *id)
{
	char *end;
	long long v;

	if (arg[0] != 'c' || arg[1] < '0' || arg[1] > '9')
		return false;
	v = strtoll(arg + 1, &end, 10);
	if (*end || v <= 0)
		return false;
	*id = v;
	return true;
}

struct one_claim {
	bool found, failed;
	char *sentence;
	int64_t document_id;
	size_t start;
};

static int take_claim(const struct ct_stored_claim *cl, void *user)
{
	struct one_claim *o = user;

	o->found = true;
	o->document_id = cl->document_id;
	o->start = cl->sentence_start;
	o->failed = !(o->sentence = strdup(cl->sentence ? cl->sentence : ""));
	return 1;
}

int cmd_similar(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct similar sm = { cmd, F_TEXT, DEFAULT_LIMIT, false, NULL };
	struct ct_similar_query q = { 0 };
	struct one_claim o = { 0 };
	struct ct_store *s = NULL;
	struct run r = { .sm = &sm, .g = g, .store_rc = CT_OK };
	const char **pos = NULL;
	size_t n_pos = 0;
	char terms[1024];
	int64_t claim_id;
	int rc, src;

	rc = cli_parse(cmd, g, argc, argv, set_opt, &sm, &pos, &n_pos);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (n_pos != 1) {
		rc = n_pos ? cli_usage_error(cmd, "one SENTENCE or CLAIM, not %zu (quote the "
					     "sentence)", n_pos)
			   : cli_usage_error(cmd, "missing SENTENCE or CLAIM (a claim id, c34)");
		goto out;
	}
	if ((rc = cli_open_store(g, CT_STORE_READONLY, &s)) != EXIT_OK ||
	    (rc = cli_sentences_catch_up(g, s, false, NULL)) != EXIT_OK)
		goto out;
	r.s = s;
	q = (struct ct_similar_query){ .text = pos[0], .limit = sm.limit,
				       .unmatched = sm.unmatched, .since = sm.since };
	if (claim_ref(pos[0], &claim_id)) {
		struct ct_claim_filter f = { .claim_id = claim_id };
		src = ct_store_claims(s, &f, take_claim, &o);
		if (src != CT_OK && src != CT_EABORT) {
			cli_store_error(g, s, src);
			rc = EXIT_FAIL;
			goto out;
		}
		if (!o.found) {
			cli_error("no claim %lld in %s ('claimtrack claims' lists them with their ids)",
				  (long long)claim_id, cli_db_path(g));
			rc = EXIT_FAIL;
			goto out;
		}
		if (o.failed) {
			cli_error("out of memory");
			rc = EXIT_FAIL;
			goto out;
		}
		q.text = o.sentence;
		q.skip_document = o.document_id;
		q.skip_start = o.start;
	}
	ct_similar_terms(q.text, terms, sizeof terms);
	if (sm.format == F_JSON && !(r.results = json_array())) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	if (sm.format == F_CSV)
		printf("rank,score,document_id,start,end,date,outlet,title,matched,propositions,"
		       "stances,speakers,sentence\n");
	src = ct_store_similar(s, &q, on_hit, &r);
	if (src == CT_EABORT && r.store_rc != CT_OK)
		src = r.store_rc;
	if (r.failed) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	if (src != CT_OK) {
		cli_store_error(g, s, src);
		rc = EXIT_FAIL;
		goto out;
	}
	if (sm.format == F_JSON) {
		json_t *root = json_pack("{s:s, s:s, s:O}", "query", q.text, "terms", terms,
					 "results", r.results);
		rc = root && json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0
		     ? EXIT_OK : EXIT_FAIL;
		json_decref(root);
		printf("\n");
		if (rc != EXIT_OK)
			cli_error("out of memory");
	} else if (sm.format == F_TEXT && !terms[0]) {
		printf("no words to look up in '%s' (only stop words and punctuation)\n", q.text);
	} else if (sm.format == F_TEXT && !r.n) {
		printf("no stored sentence shares a word with it%s\n",
		       sm.unmatched ? " and no rule matched" : "");
	}
out:
	ct_attribution_free(r.a);
	ct_doc_free(r.doc);
	ct_ruleset_free(r.rs);
	json_decref(r.results);
	free(o.sentence);
	ct_store_close(s);
	free(pos);
	return rc;
}
