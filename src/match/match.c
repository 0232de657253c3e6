/*
 * The matcher: one per thread over a shared ruleset. For each sentence it
 * finds, per applicable proposition, the longest supports/refutes match not
 * ruled out by an `except`, then settles the stance with the cue lists
 * (NegEx-style negation scopes, denial, hedging within the match's clause,
 * the outlet's framing) and notes whether anyone is said to speak in the
 * sentence (a reporting verb of the attribution lexicon).
 */
#include "rules/rules_internal.h"
#include "match/match_internal.h"
#include "rules/words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* How far, in words, a negation or denial cue reaches forward or back. */
#define NEGATION_SCOPE_WORDS 8
#define DENIAL_SCOPE_WORDS 20
/* Normalization buffer a matcher keeps between documents, at most. */
#define NORM_KEEP_BYTES (1u << 20)
/* Patterns named in warnings per document; each gives up quietly after. */
#define MAX_WARNED 16
/* pcre2_match() calls between looks at the clock (a system call), besides
 * one after each pattern that gives up. */
#define CLOCK_EVERY 1024

struct cue_hit {
	size_t start, end;    /* in the normalized sentence */
};

struct cue_hits {
	struct cue_hit *v;
	size_t n, cap;
};

struct ct_matcher {
	const struct ct_ruleset *rs;
	ct_diag_fn on_diag;
	void *user;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	bool *active;                    /* per proposition, for this document */
	bool any_context;                /* some proposition has a context pattern */
	uint64_t *cand;                  /* prefilter: patterns that may match here */
	/* Bit w: cand[w] may have bits that pf_always[w] has not, or any
	 * bits at all; clear, cand[w] is pf_always[w] and 0. So a sentence
	 * walks and resets the few words the prefilter marked, not all. */
	uint64_t *cand_words;
	uint64_t *always_words;          /* bit w: pf_always[w] is not 0 */
	uint64_t *cue_cand;              /* the cue prefilter: cues that may match here */
	struct cue_hits hits[CT_CUE_KINDS];
	struct ct_claim *pending;        /* one sentence's claims, to sort */
	size_t n_pending, cap_pending;
	struct ct_norm_buf norm;         /* the normalized sentence or document */
	/* This document's time budget and the patterns that gave up in it. */
	struct timespec started;
	unsigned n_runs;
	bool spent;                      /* past CT_MATCH_BUDGET_MS: low match limit */
	const char *warned_file[MAX_WARNED];
	int warned_line[MAX_WARNED];
	size_t n_warned;
};

int ct_matcher_new(const struct ct_ruleset *rs, ct_diag_fn on_diag, void *user,
		   struct ct_matcher **out)
{
	struct ct_matcher *m = calloc(1, sizeof *m);

	if (!m)
		return CT_ENOMEM;
	m->rs = rs;
	m->on_diag = on_diag;
	m->user = user;
	m->md = pcre2_match_data_create(1, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	m->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	m->active = calloc(rs->n_props ? rs->n_props : 1, sizeof *m->active);
	for (size_t i = 0; i < rs->n_props; i++)
		m->any_context |= rs->props[i].has_context;
	m->cand = calloc(rs->n_pf_ids / 64 + 1, sizeof *m->cand);
	m->cue_cand = calloc(rs->n_cues / 64 + 1, sizeof *m->cue_cand);
	m->cand_words = calloc(rs->n_pf_ids / 64 / 64 + 1, sizeof *m->cand_words);
	m->always_words = calloc(rs->n_pf_ids / 64 / 64 + 1, sizeof *m->always_words);
	if (!m->md || !m->mctx || !m->active || !m->cand || !m->cue_cand || !m->cand_words ||
	    !m->always_words) {
		ct_matcher_free(m);
		return CT_ENOMEM;
	}
	if (rs->pf) {
		for (size_t w = 0; w < rs->n_pf_ids / 64 + 1; w++)
			if (rs->pf_always[w])
				m->always_words[w / 64] |= (uint64_t)1 << (w % 64);
		memcpy(m->cand, rs->pf_always, (rs->n_pf_ids / 64 + 1) * sizeof *m->cand);
		memcpy(m->cand_words, m->always_words,
		       (rs->n_pf_ids / 64 / 64 + 1) * sizeof *m->cand_words);
	}
	pcre2_set_match_limit(m->mctx, CT_MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, CT_DEPTH_LIMIT);
	pcre2_set_heap_limit(m->mctx, CT_HEAP_LIMIT_KIB);
	if (m->jit)
		pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
	*out = m;
	return CT_OK;
}

void ct_matcher_free(struct ct_matcher *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jit);
	for (int k = 0; k < CT_CUE_KINDS; k++)
		free(m->hits[k].v);
	free(m->active);
	free(m->cue_cand);
	free(m->cand);
	free(m->cand_words);
	free(m->always_words);
	free(m->pending);
	ct_norm_buf_release(&m->norm);
	free(m);
}

/* Starts a document's time budget and forgets the warnings of the last.
 * The budget is the thread's CPU time, so that a busy machine does not
 * spend it for an ordinary document. */
static void budget_start(struct ct_matcher *m)
{
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &m->started);
	m->n_runs = 0;
	m->n_warned = 0;
	if (m->spent)
		pcre2_set_match_limit(m->mctx, CT_MATCH_LIMIT);
	m->spent = false;
}

/*
 * Looks at the clock after a pattern gave up, and every CLOCK_EVERY calls;
 * once the document has had its CT_MATCH_BUDGET_MS, lowers the match limit
 * for the rest of it. Returns true at that moment.
 */
static bool budget_check(struct ct_matcher *m, bool gave_up)
{
	struct timespec now;
	long long ms;

	if (m->spent || (++m->n_runs % CLOCK_EVERY != 0 && !gave_up))
		return false;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
	ms = (long long)(now.tv_sec - m->started.tv_sec) * 1000 +
	     (now.tv_nsec - m->started.tv_nsec) / 1000000;
	if (ms < CT_MATCH_BUDGET_MS)
		return false;
	m->spent = true;
	pcre2_set_match_limit(m->mctx, CT_MATCH_LIMIT_SPENT);
	return true;
}

/* Whether the pattern at file:line gave up in this document. */
static bool gave_up_before(const struct ct_matcher *m, const char *file, int line)
{
	for (size_t i = 0; i < m->n_warned; i++)
		if (m->warned_line[i] == line && m->warned_file[i] == file)
			return true;
	return false;
}

/* Whether file:line was named in a warning for this document; notes it. */
static bool warned(struct ct_matcher *m, const char *file, int line)
{
	if (gave_up_before(m, file, line))
		return true;
	if (m->n_warned < MAX_WARNED) {
		m->warned_file[m->n_warned] = file;
		m->warned_line[m->n_warned] = line;
		m->n_warned++;
	}
	return false;
}

static void warn(struct ct_matcher *m, const char *file, int line, const char *text)
{
	struct ct_diag d = { CT_DIAG_WARNING, file, line, 0, text };

	if (m->on_diag)
		m->on_diag(&d, m->user);
}

/*
 * Runs one pattern from `start`. Returns true on a match, with its span in
 * *s and *e. A match that fails for a reason other than "no match" (the
 * match limit, say) is reported as a warning naming the rule, once a
 * document, and counts as no match so that the rest of the document is
 * still matched. Once the document's time budget is spent, a pattern that
 * gave up in it is not run again in it.
 */
static bool run(struct ct_matcher *m, const pcre2_code *code, const char *file, int line,
		const char *subj, size_t len, size_t start, size_t *s, size_t *e)
{
	bool gave_up;
	int rc;

	if (m->spent && gave_up_before(m, file, line))
		return false;
	/* The JIT's own entry skips pcre2_match()'s checks of its arguments, a
	 * tenth of the work of a typical confirmation; the match is the same.
	 * Without JIT code (JIT unavailable, or its compile failed) it says
	 * so, and the interpreter runs. */
	rc = pcre2_jit_match(code, (PCRE2_SPTR)subj, len, start, 0, m->md, m->mctx);
	if (rc == PCRE2_ERROR_JIT_BADOPTION)
		rc = pcre2_match(code, (PCRE2_SPTR)subj, len, start, PCRE2_NO_UTF_CHECK, m->md,
				 m->mctx);
	gave_up = rc < 0 && rc != PCRE2_ERROR_NOMATCH;
	if (gave_up && !warned(m, file, line)) {
		PCRE2_UCHAR msg[256];
		char text[384];
		pcre2_get_error_message(rc, msg, sizeof msg);
		snprintf(text, sizeof text, "pattern gave up on a sentence (%s); the rest is still "
			 "matched (warned once a document)", (char *)msg);
		warn(m, file, line, text);
	}
	if (budget_check(m, gave_up)) {
		/* Named: the first pattern that gave up, else the one that ran last. */
		char text[256];
		snprintf(text, sizeof text, "matching the document took over %u ms of CPU time; "
			 "in the rest of it, patterns that gave up (this one%s) are skipped and the "
			 "others get a match limit of %u", CT_MATCH_BUDGET_MS,
			 m->n_warned > 1 ? " and others" : m->n_warned ? "" : ": none, it ran last",
			 CT_MATCH_LIMIT_SPENT);
		if (m->n_warned)
			warn(m, m->warned_file[0], m->warned_line[0], text);
		else
			warn(m, file, line, text);
	}
	if (rc < 0)
		return false;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
	*s = ov[0];
	*e = ov[1];
	return true;
}

static bool word_byte(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '\'' || c >= 0x80;
}

/*
 * Runs the prefilter over normalized text: afterwards may_match() tells
 * which patterns can match in it. Without a prefilter every pattern may.
 * Returns false when none may: most sentences hold no pattern's atom, and
 * need not walk the propositions' bits to find that out.
 */
static bool prefilter(struct ct_matcher *m, const char *norm, size_t nlen)
{
	const struct ct_ruleset *rs = m->rs;
	size_t n_words = rs->n_pf_ids / 64 / 64 + 1;
	uint64_t any = 0;

	if (!rs->pf)
		return true;
	/* Back to the unfiltered patterns alone: only the words marked. */
	for (size_t k = 0; k < n_words; k++) {
		for (uint64_t bits = m->cand_words[k]; bits; bits &= bits - 1) {
			size_t w = k * 64 + (size_t)__builtin_ctzll(bits);
			m->cand[w] = rs->pf_always[w];
		}
		m->cand_words[k] = m->always_words[k];
	}
	ct_prefilter_scan(rs->pf, norm, nlen, m->cand, m->cand_words);
	for (size_t k = 0; k < n_words; k++)
		any |= m->cand_words[k];
	return any != 0;
}

/* The first word of m->cand at or after w that may have bits; n_words if none. */
static size_t next_word(const struct ct_matcher *m, size_t w, size_t n_words)
{
	size_t k = w / 64;
	uint64_t bits;

	if (w >= n_words)
		return n_words;
	bits = m->cand_words[k] & ~(uint64_t)0 << (w % 64);
	while (!bits) {
		if (++k > (n_words - 1) / 64)
			return n_words;
		bits = m->cand_words[k];
	}
	return k * 64 + (size_t)__builtin_ctzll(bits);
}

/*
 * The next proposition after `after` (SIZE_MAX: from the start) with a
 * pattern that may match; n_props when none. With the prefilter this walks
 * the candidate bits, so a sentence costs nothing for propositions none of
 * whose atoms it holds.
 */
static size_t next_prop(const struct ct_matcher *m, size_t after)
{
	const struct ct_ruleset *rs = m->rs;
	size_t id, n_words = rs->n_pf_ids / 64 + 1;

	if (!rs->pf)
		return after == SIZE_MAX ? 0 : after + 1;
	if (after == SIZE_MAX) {
		id = 0;
	} else {
		const struct ct_prop *pr = &rs->props[after];
		id = pr->n_pats ? pr->pats[pr->n_pats - 1].pf_id + 1 : 0;
	}
	for (size_t w = next_word(m, id / 64, n_words); w < n_words;
	     w = next_word(m, w + 1, n_words)) {
		uint64_t bits = m->cand[w];
		if (w == id / 64)
			bits &= ~(uint64_t)0 << (id % 64);
		if (bits) {
			size_t found = w * 64 + (size_t)__builtin_ctzll(bits);
			if (found < rs->n_pf_ids)
				return rs->pf_prop[found];
		}
	}
	return rs->n_props;
}

/* The code of pattern cp of proposition i when the prefilter lets it run
 * (always when unfiltered); NULL when not, or when it has none. */
static pcre2_code *may_match(const struct ct_matcher *m, size_t i, const struct ct_cpattern *cp)
{
	if (cp->pf_filtered && !(m->cand[cp->pf_id / 64] >> (cp->pf_id % 64) & 1))
		return NULL;
	return ct_pattern_code(m->rs, i, cp);
}

/* Number of words that start in s[a, b). */
static size_t words_between(const char *s, size_t a, size_t b)
{
	size_t n = 0;

	for (size_t i = a; i < b; i++)
		if (word_byte((unsigned char)s[i]) && (i == 0 || !word_byte((unsigned char)s[i - 1])))
			n++;
	return n;
}

/* Finds every match of every cue in the sentence, by kind. */
static int find_cues(struct ct_matcher *m, const char *norm, size_t nlen)
{
	const struct ct_ruleset *rs = m->rs;

	for (int k = 0; k < CT_CUE_KINDS; k++)
		m->hits[k].n = 0;
	/* A cue none of whose atoms the sentence holds cannot match. */
	if (rs->cue_pf) {
		memcpy(m->cue_cand, rs->cue_always, (rs->n_cues / 64 + 1) * sizeof *m->cue_cand);
		ct_prefilter_scan(rs->cue_pf, norm, nlen, m->cue_cand, NULL);
	}
	/* In cue order, by the candidate bits (all cues without a prefilter). */
	for (size_t w = 0; w < rs->n_cues / 64 + 1; w++) {
		for (uint64_t bits = rs->cue_pf ? m->cue_cand[w] : ~(uint64_t)0; bits;
		     bits &= bits - 1) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(bits);
			if (i >= rs->n_cues)
				break;
			const struct ct_cue *c = &rs->cues[i];
			struct cue_hits *h = &m->hits[c->kind];
			size_t pos = 0, s, e;
			const pcre2_code *code;
			if (c->kind >= CT_CUE_FIRST_LITERAL || !(code = ct_cue_code(rs, i)))
				continue;
			while (pos <= nlen &&
			       run(m, code, c->file, c->line, norm, nlen, pos, &s, &e)) {
				if (!CT_VEC_RESERVE(h->v, h->cap, h->n + 1))
					return CT_ENOMEM;
				h->v[h->n].start = s;
				h->v[h->n].end = e;
				h->n++;
				pos = e > s ? e : s + 1;
			}
		}
	}
	return CT_OK;
}

static bool terminated(const struct ct_matcher *m, size_t from, size_t to)
{
	const struct cue_hits *t = &m->hits[CT_CUE_TERMINATION];

	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].start >= from && t->v[i].end <= to)
			return true;
	return false;
}

/* Whether h overlaps a cue of `kind`. */
static bool inside(const struct ct_matcher *m, enum ct_cue_kind kind, const struct cue_hit *h)
{
	const struct cue_hits *p = &m->hits[kind];

	for (size_t i = 0; i < p->n; i++)
		if (h->start < p->v[i].end && p->v[i].start < h->end)
			return true;
	return false;
}

/*
 * Whether a negation, postnegation or denial cue does not count: it is
 * part of a pseudo cue ("no doubt", "nobody doubts that"), or of a framing
 * cue ("repeated the false claim that", "a claim that has been debunked":
 * the outlet disputes what the speaker says; the speaker denies nothing).
 */
static bool discounted(const struct ct_matcher *m, const struct cue_hit *h)
{
	return inside(m, CT_CUE_PSEUDO, h) || inside(m, CT_CUE_FRAMING, h);
}

/*
 * The nearest cue of `kind` before the match [ms, me) whose scope reaches
 * it: not part of a pseudo cue, no termination in between, at most
 * `scope` words away. NULL when none.
 */
static const struct cue_hit *governing_cue(const struct ct_matcher *m, enum ct_cue_kind kind,
					   const char *norm, size_t ms, size_t scope)
{
	const struct cue_hits *h = &m->hits[kind];
	const struct cue_hit *best = NULL;

	for (size_t i = 0; i < h->n; i++) {
		const struct cue_hit *c = &h->v[i];
		if (c->end > ms || discounted(m, c) || terminated(m, c->end, ms) ||
		    words_between(norm, c->end, ms) > scope)
			continue;
		if (!best || c->end > best->end)
			best = c;
	}
	return best;
}

/* A post-match negation cue ("... is false") whose scope reaches back. */
static const struct cue_hit *post_negation(const struct ct_matcher *m, const char *norm, size_t me)
{
	const struct cue_hits *h = &m->hits[CT_CUE_POSTNEGATION];

	for (size_t i = 0; i < h->n; i++) {
		const struct cue_hit *c = &h->v[i];
		if (c->start >= me && !discounted(m, c) && !terminated(m, me, c->start) &&
		    words_between(norm, me, c->start) <= NEGATION_SCOPE_WORDS)
			return c;
	}
	return NULL;
}

/* Whether a clause boundary (a `clause` or `termination` cue) starts in
 * [from, to): what a hedge or framing cue does not reach across. */
static bool clause_break(const struct ct_matcher *m, size_t from, size_t to)
{
	static const enum ct_cue_kind kinds[] = { CT_CUE_CLAUSE, CT_CUE_TERMINATION };

	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		const struct cue_hits *h = &m->hits[kinds[k]];
		for (size_t i = 0; i < h->n; i++)
			if (h->v[i].start >= from && h->v[i].start < to)
				return true;
	}
	return false;
}

/*
 * The first cue of `kind` (hedge, framing) in the clause of the match
 * [ms, me): inside or overlapping it, or before or after it with no clause
 * boundary in between. "…, but he could not say how many" does not hedge
 * a match before the "but"; "Kane may have said that …" does. NULL when
 * none.
 */
static const struct cue_hit *clause_cue(const struct ct_matcher *m, enum ct_cue_kind kind,
					size_t ms, size_t me)
{
	const struct cue_hits *h = &m->hits[kind];

	for (size_t i = 0; i < h->n; i++) {
		const struct cue_hit *c = &h->v[i];
		if (c->end <= ms ? !clause_break(m, c->end, ms)
				 : c->start >= me ? !clause_break(m, me, c->start + 1) : true)
			return c;
	}
	return NULL;
}

/* Words that make the next word a noun ("the claim that"), not a verb. */
static bool determiner(const char *w, size_t n)
{
	static const char *const dets[] = {
		"the", "a", "an", "this", "these", "those", "his", "her", "their", "its",
		"our", "my", "your", "any", "such", "no", "every", "each",
	};

	for (size_t i = 0; i < sizeof dets / sizeof dets[0]; i++)
		if (strlen(dets[i]) == n && strncasecmp(dets[i], w, n) == 0)
			return true;
	return false;
}

/*
 * The lexicon's phrases that start with the word w[0, n) and hold a
 * reporting phrase, as ct_lex_find() gives them (*first, the count), or 0
 * when none do. The word index has each first word's lexicon run and its
 * phrases' kinds: a hash and a slot or two, where the binary search over
 * the lexicon takes ten comparisons for a word most often in none.
 */
static size_t speech_phrases(const struct ct_ruleset *rs, const char *w, size_t n,
			     size_t *first)
{
	const struct word *e;

	if (!rs->words)
		return ct_lex_find(rs, w, n, first);
	/* ct_lex_find() finds no word of 64 bytes or more, nor does the index. */
	if (n == 0 || n >= 64 || !(e = words_get(rs->words, w, n, word_hash(w, n))) ||
	    !(e->lex_kinds & (1u << CT_CUE_SPEECH | 1u << CT_CUE_BELIEF)))
		return 0;
	*first = e->lex_first;
	return e->lex_n;
}

/*
 * The length of the reporting phrase of the attribution lexicon that
 * starts at norm[i] (a word's start), 0 when none: a `speech` phrase, or a
 * `belief` phrase followed by "that" ("has learned that"). A phrase right
 * after a determiner is a noun ("the claim that") and does not count.
 */
static size_t speech_at(const struct ct_ruleset *rs, const char *norm, size_t nlen, size_t i,
			size_t prev, size_t prev_len)
{
	size_t wl = 0, first, n, best = 0;

	while (i + wl < nlen && word_byte((unsigned char)norm[i + wl]) && norm[i + wl] != '\'')
		wl++;
	if (wl == 0 || (n = speech_phrases(rs, norm + i, wl, &first)) == 0)
		return 0;
	if (prev_len && determiner(norm + prev, prev_len))
		return 0;
	for (size_t k = first; k < first + n; k++) {
		const struct ct_cue *c = rs->lex[k].cue;
		size_t pl = strlen(c->source);
		if ((c->kind != CT_CUE_SPEECH && c->kind != CT_CUE_BELIEF) || pl <= best ||
		    i + pl > nlen || strncasecmp(norm + i, c->source, pl) != 0 ||
		    (i + pl < nlen && word_byte((unsigned char)norm[i + pl])))
			continue;
		if (c->kind == CT_CUE_BELIEF &&
		    (i + pl + 5 > nlen || strncasecmp(norm + i + pl, " that", 5) != 0 ||
		     (i + pl + 5 < nlen && word_byte((unsigned char)norm[i + pl + 5]))))
			continue;
		best = pl;
	}
	return best;
}

/*
 * Whether someone is said to speak in the sentence: a reporting phrase
 * outside the match [ms, me). *cue is the one nearest before the match,
 * else the first after it.
 */
static bool find_speech(const struct ct_ruleset *rs, const char *norm, size_t nlen, size_t ms,
			size_t me, struct cue_hit *cue)
{
	size_t prev = 0, prev_len = 0;
	bool found = false;

	if (!rs->n_lex)
		return false;
	for (size_t i = 0; i < nlen; i++) {
		size_t wl = 0, pl;
		if (!word_byte((unsigned char)norm[i]) || (i > 0 && word_byte((unsigned char)norm[i - 1])))
			continue;
		while (i + wl < nlen && word_byte((unsigned char)norm[i + wl]))
			wl++;
		if ((i >= me || i + wl <= ms) &&
		    (pl = speech_at(rs, norm, nlen, i, prev, prev_len)) > 0 &&
		    (i + pl <= ms || i >= me)) {
			if (i >= me && found)
				break;
			cue->start = i;
			cue->end = i + pl;
			found = true;
			if (i >= me)
				break;
		}
		prev = i;
		prev_len = wl;
		i += wl - 1;
	}
	return found;
}

/* Whether the sentence is a question: '?' before any closing quotes. */
static bool is_question(const char *norm, size_t nlen)
{
	while (nlen > 0 && (norm[nlen - 1] == ' ' || norm[nlen - 1] == '"' ||
			    norm[nlen - 1] == '\'' || norm[nlen - 1] == ')'))
		nlen--;
	return nlen > 0 && norm[nlen - 1] == '?';
}

/*
 * A sentence's normalized text, and where its bytes come from in the
 * document: text[k] from base + map[k], and the end (k == len) at `end`.
 * Normalized alone, map counts from the sentence's start (base); taken
 * from the whole document's normalization, map counts from the
 * document's (base 0) and map[len] is where the next sentence's text
 * comes from, so the end is kept apart.
 */
struct sentence {
	const char *text;
	const size_t *map;
	size_t len, base, end;
};

static size_t body_at(const struct sentence *sn, size_t k)
{
	return k >= sn->len ? sn->end : sn->base + sn->map[k];
}

static struct ct_span to_span(const struct sentence *sn, size_t s, size_t e)
{
	struct ct_span sp = { body_at(sn, s), body_at(sn, e) };
	return sp;
}

static int cmp_claims(const void *a, const void *b)
{
	const struct ct_claim *x = a, *y = b;

	if (x->match_start != y->match_start)
		return x->match_start < y->match_start ? -1 : 1;
	/* Propositions live in one array in rule order. */
	return x->proposition < y->proposition ? -1 : x->proposition > y->proposition;
}

/*
 * Matches one sentence, text[start, end), normalized in sn, against every
 * active proposition and reports the claims.
 */
static int match_sentence(struct ct_matcher *m, const char *text, size_t start, size_t end,
			  const struct sentence *sn, ct_claim_fn fn, void *user)
{
	const struct ct_ruleset *rs = m->rs;
	bool cues_found = false;
	int rc = CT_OK;
	const char *norm = sn->text;
	size_t nlen = sn->len;

	if (!prefilter(m, norm, nlen))
		return CT_OK;
	for (size_t i = next_prop(m, SIZE_MAX); i < rs->n_props; i = next_prop(m, i)) {
		const struct ct_prop *pr = &rs->props[i];
		const struct ct_cpattern *best = NULL;
		size_t bs = 0, be = 0, s, e;
		bool excluded = false;

		if (!m->active[i])
			continue;
		for (size_t j = 0; j < pr->n_pats && !excluded; j++) {
			const struct ct_cpattern *cp = &pr->pats[j];
			pcre2_code *code;
			if (cp->pub.kind == CT_PAT_EXCEPT && (code = may_match(m, i, cp)) &&
			    run(m, code, cp->pub.file, cp->pub.line, norm, nlen, 0, &s, &e))
				excluded = true;
		}
		if (excluded)
			continue;
		for (size_t j = 0; j < pr->n_pats; j++) {
			const struct ct_cpattern *cp = &pr->pats[j];
			pcre2_code *code;
			if ((cp->pub.kind != CT_PAT_SUPPORTS && cp->pub.kind != CT_PAT_REFUTES) ||
			    !(code = may_match(m, i, cp)))
				continue;
			if (!run(m, code, cp->pub.file, cp->pub.line, norm, nlen, 0, &s, &e))
				continue;
			if (!best || e - s > be - bs || (e - s == be - bs && s < bs)) {
				best = cp;
				bs = s;
				be = e;
			}
		}
		if (!best)
			continue;
		if (!cues_found) {
			if ((rc = find_cues(m, norm, nlen)) != CT_OK)
				goto out;
			cues_found = true;
		}

		struct ct_claim c;
		const struct cue_hit *neg, *den, *hed, *fr;
		struct cue_hit sp = { 0 };
		memset(&c, 0, sizeof c);
		c.proposition = &pr->pub;
		c.pattern = &best->pub;
		c.sentence_start = start;
		c.sentence_end = end;
		c.match_start = body_at(sn, bs);
		c.match_end = body_at(sn, be);
		neg = governing_cue(m, CT_CUE_NEGATION, norm, bs, NEGATION_SCOPE_WORDS);
		if (!neg)
			neg = post_negation(m, norm, be);
		den = governing_cue(m, CT_CUE_DENIAL, norm, bs, DENIAL_SCOPE_WORDS);
		if (neg) {
			c.negated = true;
			c.negation_cue = to_span(sn, neg->start, neg->end);
		}
		if (den) {
			c.denied = true;
			c.denial_cue = to_span(sn, den->start, den->end);
		}
		if ((hed = clause_cue(m, CT_CUE_HEDGE, bs, be)) != NULL) {
			c.hedged = true;
			c.hedge_cue = to_span(sn, hed->start, hed->end);
		} else if (is_question(norm, nlen)) {
			c.hedged = true;
			c.hedge_cue = to_span(sn, nlen - 1, nlen);
			while (c.hedge_cue.start > start && text[c.hedge_cue.start] != '?')
				c.hedge_cue.start--;
			c.hedge_cue.end = c.hedge_cue.start + 1;
		}
		if ((fr = clause_cue(m, CT_CUE_FRAMING, bs, be)) != NULL) {
			c.framed = true;
			c.framing_cue = to_span(sn, fr->start, fr->end);
		}
		if (find_speech(rs, norm, nlen, bs, be, &sp)) {
			c.reported = true;
			c.speech_cue = to_span(sn, sp.start, sp.end);
		}
		c.stance = best->pub.kind == CT_PAT_SUPPORTS ? CT_SUPPORTS : CT_REFUTES;
		if (c.negated != c.denied)
			c.stance = c.stance == CT_SUPPORTS ? CT_REFUTES : CT_SUPPORTS;
		if (!CT_VEC_RESERVE(m->pending, m->cap_pending, m->n_pending + 1)) {
			rc = CT_ENOMEM;
			goto out;
		}
		m->pending[m->n_pending++] = c;
	}
	/* Claims in text order; propositions in rule order break ties. */
	if (m->n_pending > 1)
		qsort(m->pending, m->n_pending, sizeof *m->pending, cmp_claims);
	for (size_t i = 0; i < m->n_pending; i++) {
		if (fn(&m->pending[i], user) != 0) {
			rc = CT_EABORT;
			goto out;
		}
	}
out:
	m->n_pending = 0;
	return rc;
}

/* Decides which propositions apply to a document: those without context
 * patterns, and those with a context pattern matching somewhere in it. */
static int set_active(struct ct_matcher *m, const char *text, size_t len)
{
	const struct ct_ruleset *rs = m->rs;
	size_t s, e;

	budget_start(m);
	/* Without context patterns every proposition applies, and the rule
	 * set need not be walked for each document. */
	if (!m->any_context) {
		memset(m->active, true, rs->n_props * sizeof *m->active);
		return CT_OK;
	}
	for (size_t i = 0; i < rs->n_props; i++)
		m->active[i] = !rs->props[i].has_context;
	if (ct_normalize_into(text, len, &m->norm) != CT_OK)
		return CT_ENOMEM;
	const char *norm = m->norm.text;
	size_t nlen = m->norm.len;
	prefilter(m, norm, nlen);
	for (size_t i = 0; i < rs->n_props; i++) {
		const struct ct_prop *pr = &rs->props[i];
		for (size_t j = 0; j < pr->n_pats && !m->active[i]; j++) {
			const struct ct_cpattern *cp = &pr->pats[j];
			pcre2_code *code;
			if (cp->pub.kind == CT_PAT_CONTEXT && (code = may_match(m, i, cp)) &&
			    run(m, code, cp->pub.file, cp->pub.line, norm, nlen, 0, &s, &e))
				m->active[i] = true;
		}
	}
	return CT_OK;
}

/* Normalizes text[start, end) on its own, into m->norm. */
static int normalize_alone(struct ct_matcher *m, const char *text, size_t start, size_t end,
			   struct sentence *sn)
{
	if (ct_normalize_into(text + start, end - start, &m->norm) != CT_OK)
		return CT_ENOMEM;
	*sn = (struct sentence){ m->norm.text, m->norm.map, m->norm.len, start, end };
	return CT_OK;
}

/* The first k in [lo, hi] with whole->map[k] >= pos, given that map[hi]
 * is (or hi is whole->len). */
static size_t first_between(const struct ct_norm_view *whole, size_t pos, size_t lo, size_t hi)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (whole->map[mid] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The first k in whole with map[k] >= pos (the map does not decrease),
 * looked for from `from` when it is not past the answer: sentences come in
 * order, each near the last. Normalizing keeps most bytes as they are and
 * makes at most one of each but an invalid byte, so the answer is nearly
 * always from + (pos - map[from]) exactly, and seldom past it: that guess
 * is tried first. Past it, steps doubling from there find the answer's
 * range sooner than halving the whole text.
 */
static size_t first_from(const struct ct_norm_view *whole, size_t pos, size_t from)
{
	size_t lo = from, hi, step = 1;

	if (lo > whole->len || (lo > 0 && whole->map[lo - 1] >= pos))
		lo = 0;
	if (lo < whole->len && whole->map[lo] < pos) {
		/* The answer is past lo. */
		size_t guess = lo + (pos - whole->map[lo]);
		if (guess > whole->len)
			guess = whole->len;
		if (guess == whole->len || whole->map[guess] >= pos)
			return whole->map[guess - 1] < pos ? guess
							   : first_between(whole, pos, lo + 1, guess);
		lo = guess + 1;
	}
	hi = lo;
	while (hi < whole->len && whole->map[hi] < pos) {
		lo = hi + 1;
		hi = lo + step < whole->len ? lo + step : whole->len;
		step *= 2;
	}
	return first_between(whole, pos, lo, hi);
}

int ct_matcher_scan_spans(struct ct_matcher *m, const char *text, size_t len,
			  const struct ct_span *sent, size_t n, const struct ct_norm_view *whole,
			  ct_claim_fn fn, void *user)
{
	int rc = set_active(m, text, len);
	size_t from = 0;

	for (size_t i = 0; i < n && rc == CT_OK; i++) {
		size_t start = sent[i].start, end = sent[i].end;
		struct sentence sn;
		if (whole && ct_normalize_slice_same(text, len, start, end)) {
			size_t a = first_from(whole, start, from), b = first_from(whole, end, a);
			from = b;
			sn = (struct sentence){ whole->text + a, whole->map + a, b - a, 0, end };
		} else if ((rc = normalize_alone(m, text, start, end, &sn)) != CT_OK) {
			break;
		}
		rc = match_sentence(m, text, start, end, &sn, fn, user);
	}
	/* The buffer is kept for the next document, unless a big one grew it. */
	if (m->norm.cap > NORM_KEEP_BYTES)
		ct_norm_buf_release(&m->norm);
	return rc;
}

int ct_matcher_scan(struct ct_matcher *m, const char *text, size_t len,
		    ct_claim_fn fn, void *user)
{
	struct ct_span *sent = NULL;
	size_t n = 0;
	int rc = ct_segment_sentences(text, len, &sent, &n);

	if (rc != CT_OK)
		return rc;
	rc = ct_matcher_scan_spans(m, text, len, sent, n, NULL, fn, user);
	free(sent);
	return rc;
}

int ct_matcher_scan_sentence(struct ct_matcher *m, const char *text, size_t len,
			     unsigned flags, ct_claim_fn fn, void *user)
{
	int rc = CT_OK;

	if (flags & CT_SCAN_IGNORE_CONTEXT) {
		for (size_t i = 0; i < m->rs->n_props; i++)
			m->active[i] = true;
	} else {
		rc = set_active(m, text, len);
	}
	if (rc != CT_OK)
		return rc;
	struct sentence sn;
	if ((rc = normalize_alone(m, text, 0, len, &sn)) != CT_OK)
		return rc;
	return match_sentence(m, text, 0, len, &sn, fn, user);
}
