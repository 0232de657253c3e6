/*
 * The multi-pattern prefilter in front of PCRE2 (YARA's atoms): at load
 * time every pattern gets a set of literal atoms such that any match of the
 * pattern contains at least one of them; one Aho-Corasick automaton over all
 * atoms then tells, per sentence, which patterns can match at all. PCRE2
 * stays the truth: a pattern whose atoms cannot be worked out for certain is
 * "unfiltered" and always runs.
 */
#include "rules/rules_internal.h"

#include <stdlib.h>
#include <string.h>

#define ATOM_MIN 3            /* shorter atoms hit too often to be worth it */
#define ATOM_MAX 24           /* longer runs are cut; a prefix is still required */
#define ATOMS_MAX_PER_SET 64  /* a wider alternation leaves the pattern unfiltered */

void ct_atoms_release(struct ct_atoms *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof *a);
}

static int atoms_add(struct ct_atoms *a, const char *s, size_t n)
{
	char *copy;

	if (n > ATOM_MAX)
		n = ATOM_MAX;
	if (!CT_VEC_RESERVE(a->v, a->cap, a->n + 1))
		return CT_ENOMEM;
	if (!(copy = malloc(n + 1)))
		return CT_ENOMEM;
	memcpy(copy, s, n);
	copy[n] = '\0';
	a->v[a->n++] = copy;
	return CT_OK;
}

/* Moves every atom of src to the end of dst; src is left empty. */
static int atoms_take(struct ct_atoms *dst, struct ct_atoms *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (!CT_VEC_RESERVE(dst->v, dst->cap, dst->n + 1))
			return CT_ENOMEM;
		dst->v[dst->n++] = src->v[i];
	}
	src->n = 0;
	ct_atoms_release(src);
	return CT_OK;
}

/* The length of the shortest atom; 0 for an empty set. */
static size_t atoms_score(const struct ct_atoms *a)
{
	size_t best = 0;

	for (size_t i = 0; i < a->n; i++) {
		size_t n = strlen(a->v[i]);
		if (i == 0 || n < best)
			best = n;
	}
	return best;
}

/* Whether candidate set c is better than the current best b. */
static bool atoms_better(const struct ct_atoms *c, const struct ct_atoms *b)
{
	size_t sc = atoms_score(c), sb = atoms_score(b);

	if (c->n == 0 || sc < ATOM_MIN)
		return false;
	if (b->n == 0)
		return true;
	return sc > sb || (sc == sb && c->n < b->n);
}

/* ---- parsing a PCRE2 pattern, conservatively ---- */

struct parser {
	const char *s;
	size_t i, n;
	bool bad;             /* something not understood: the pattern is unfiltered */
	int depth;
	int rc;               /* CT_ENOMEM on allocation failure */
};

enum tok { TOK_LIT, TOK_OTHER, TOK_GROUP };

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static void parse_alt(struct parser *p, struct ct_atoms *out);

/*
 * Reads a quantifier at p->i, if any. Returns its minimum count, or -1 when
 * there is none. A '{' that is not a quantifier is not understood.
 */
static long parse_quant(struct parser *p)
{
	long min = -1;

	if (p->i >= p->n)
		return -1;
	switch (p->s[p->i]) {
	case '?': case '*':
		min = 0;
		p->i++;
		break;
	case '+':
		min = 1;
		p->i++;
		break;
	case '{': {
		size_t j = p->i + 1;
		long v = 0;
		bool digits = false;
		while (j < p->n && p->s[j] >= '0' && p->s[j] <= '9') {
			if (v < 100000)
				v = v * 10 + (p->s[j] - '0');
			digits = true;
			j++;
		}
		if (j < p->n && p->s[j] == ',') {
			j++;
			while (j < p->n && p->s[j] >= '0' && p->s[j] <= '9')
				j++;
		}
		if (j >= p->n || p->s[j] != '}') {
			p->bad = true;
			return -1;
		}
		min = digits ? v : 0;
		p->i = j + 1;
		break;
	}
	default:
		return -1;
	}
	if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '?'))
		p->i++;
	return min;
}

/* Skips a character class starting at '['. */
static void skip_class(struct parser *p)
{
	p->i++;
	if (p->i < p->n && p->s[p->i] == '^')
		p->i++;
	if (p->i < p->n && p->s[p->i] == ']')
		p->i++;
	while (p->i < p->n) {
		char c = p->s[p->i];
		if (c == '\\') {
			p->i += 2;
		} else if (c == '[' && p->i + 1 < p->n && p->s[p->i + 1] == ':') {
			const char *e = strstr(p->s + p->i + 2, ":]");
			if (!e || (size_t)(e - p->s) >= p->n) {
				p->bad = true;
				return;
			}
			p->i = (size_t)(e - p->s) + 2;
		} else if (c == ']') {
			p->i++;
			return;
		} else {
			p->i++;
		}
	}
	p->bad = true;
}

/*
 * Reads an escape at p->i (a backslash). Returns TOK_LIT with the byte in
 * *lit for an escaped punctuation character; TOK_OTHER for the escapes that
 * stand for something else (\b, \w, \p{L}, ...). Escapes whose length or
 * meaning is subtle (\x, octal, back references, \Q) are not understood.
 */
static enum tok parse_escape(struct parser *p, char *lit)
{
	char d;

	if (p->i + 1 >= p->n) {
		p->bad = true;
		return TOK_OTHER;
	}
	d = p->s[p->i + 1];
	if (!is_alnum(d)) {
		if ((unsigned char)d >= 0x80) {
			p->bad = true;
			return TOK_OTHER;
		}
		p->i += 2;
		*lit = d;
		return TOK_LIT;
	}
	if (strchr("bBsSwWdDhHvVRXAzZGKntrfea", d)) {
		p->i += 2;
		return TOK_OTHER;
	}
	if ((d == 'p' || d == 'P') && p->i + 2 < p->n) {
		if (p->s[p->i + 2] == '{') {
			const char *e = memchr(p->s + p->i + 3, '}', p->n - p->i - 3);
			if (!e) {
				p->bad = true;
				return TOK_OTHER;
			}
			p->i = (size_t)(e - p->s) + 1;
		} else {
			p->i += 3;
		}
		return TOK_OTHER;
	}
	p->bad = true;
	return TOK_OTHER;
}

/*
 * Reads a group at p->i (a '('). Returns TOK_GROUP with its atom set in *g
 * (empty when it has none), or TOK_OTHER for lookarounds, comments and
 * option settings, which add nothing.
 */
static enum tok parse_group(struct parser *p, struct ct_atoms *g)
{
	const char *s = p->s;
	size_t i = p->i + 1;
	bool keep = true;

	if (i < p->n && s[i] == '*') {
		p->bad = true;
		return TOK_OTHER;
	}
	if (i < p->n && s[i] == '?') {
		i++;
		if (i >= p->n) {
			p->bad = true;
			return TOK_OTHER;
		}
		if (s[i] == ':' || s[i] == '>' || s[i] == '|') {
			i++;
		} else if (s[i] == '=' || s[i] == '!') {
			i++;
			keep = false;
		} else if (s[i] == '<' && i + 1 < p->n && (s[i + 1] == '=' || s[i + 1] == '!')) {
			i += 2;
			keep = false;
		} else if (s[i] == '<' || s[i] == '\'' || (s[i] == 'P' && i + 1 < p->n && s[i + 1] == '<')) {
			char close = s[i] == '\'' ? '\'' : '>';
			const char *e = memchr(s + i + 1, close, p->n - i - 1);
			if (!e) {
				p->bad = true;
				return TOK_OTHER;
			}
			i = (size_t)(e - s) + 1;
		} else if (s[i] == '#') {
			const char *e = memchr(s + i, ')', p->n - i);
			if (!e) {
				p->bad = true;
				return TOK_OTHER;
			}
			p->i = (size_t)(e - s) + 1;
			return TOK_OTHER;
		} else {
			/* Option letters: case options only narrow a match; 'x' changes
			 * what a literal is, and anything else is not understood. */
			size_t j = i;
			while (j < p->n && (s[j] == '-' || s[j] == '^' || strchr("imnsJU", s[j]) != NULL) &&
			       s[j] != '\0')
				j++;
			if (j >= p->n || (s[j] != ':' && s[j] != ')')) {
				p->bad = true;
				return TOK_OTHER;
			}
			if (s[j] == ')') {
				p->i = j + 1;
				return TOK_OTHER;
			}
			i = j + 1;
		}
	}
	p->i = i;
	if (++p->depth > 200) {
		p->bad = true;
		return TOK_OTHER;
	}
	parse_alt(p, g);
	p->depth--;
	if (p->i >= p->n || s[p->i] != ')') {
		p->bad = true;
		return TOK_OTHER;
	}
	p->i++;
	if (!keep) {
		ct_atoms_release(g);
		return TOK_OTHER;
	}
	return TOK_GROUP;
}

/* Offers the literal run as a candidate and starts a new one. */
static void flush_run(struct parser *p, char *run, size_t *rlen, struct ct_atoms *best)
{
	struct ct_atoms c = { 0 };

	if (*rlen >= ATOM_MIN && p->rc == CT_OK) {
		p->rc = atoms_add(&c, run, *rlen);
		if (atoms_better(&c, best)) {
			ct_atoms_release(best);
			*best = c;
			memset(&c, 0, sizeof c);
		}
	}
	ct_atoms_release(&c);
	*rlen = 0;
}

/*
 * One branch: a sequence up to '|' or ')'. *out receives the best required
 * atom set found in it, or stays empty.
 */
static void parse_branch(struct parser *p, struct ct_atoms *out)
{
	char run[ATOM_MAX];
	size_t rlen = 0;

	while (p->i < p->n && !p->bad && p->rc == CT_OK) {
		char c = p->s[p->i], lit = 0;
		struct ct_atoms g = { 0 };
		enum tok t;
		long min;

		if (c == '|' || c == ')')
			break;
		switch (c) {
		case '(':
			t = parse_group(p, &g);
			break;
		case '[':
			skip_class(p);
			t = TOK_OTHER;
			break;
		case '\\':
			t = parse_escape(p, &lit);
			break;
		case '.': case '^': case '$':
			p->i++;
			t = TOK_OTHER;
			break;
		case '*': case '+': case '?': case '{':
			p->bad = true;
			t = TOK_OTHER;
			break;
		default:
			if ((unsigned char)c >= 0x80) {
				/* One whole UTF-8 character, so that a quantifier after it
				 * applies to it; its case folding is PCRE2's business. */
				p->i++;
				while (p->i < p->n && ((unsigned char)p->s[p->i] & 0xC0) == 0x80)
					p->i++;
				t = TOK_OTHER;
			} else {
				p->i++;
				lit = c;
				t = TOK_LIT;
			}
			break;
		}
		if (p->bad) {
			ct_atoms_release(&g);
			break;
		}
		min = parse_quant(p);
		if (t == TOK_LIT && min != 0 && rlen < ATOM_MAX)
			run[rlen++] = lower(lit);
		if (t != TOK_LIT || min >= 0 || rlen == ATOM_MAX)
			flush_run(p, run, &rlen, out);
		if (t == TOK_GROUP && min != 0 && atoms_better(&g, out)) {
			ct_atoms_release(out);
			*out = g;
		} else {
			ct_atoms_release(&g);
		}
	}
	flush_run(p, run, &rlen, out);
}

/*
 * Alternatives up to ')' or the end: one atom set per branch, all of them
 * together. *out stays empty when any branch has none.
 */
static void parse_alt(struct parser *p, struct ct_atoms *out)
{
	bool usable = true;

	for (;;) {
		struct ct_atoms b = { 0 };
		parse_branch(p, &b);
		if (b.n == 0)
			usable = false;
		if (usable && p->rc == CT_OK)
			p->rc = atoms_take(out, &b);
		ct_atoms_release(&b);
		if (p->bad || p->rc != CT_OK || p->i >= p->n || p->s[p->i] != '|')
			break;
		p->i++;
	}
	if (!usable || out->n > ATOMS_MAX_PER_SET)
		ct_atoms_release(out);
}

int ct_prefilter_atoms(const char *src, size_t len, struct ct_atoms *out)
{
	struct parser p = { src, 0, len, false, 0, CT_OK };
	struct ct_atoms a = { 0 };

	parse_alt(&p, &a);
	if (p.rc != CT_OK) {
		ct_atoms_release(&a);
		return p.rc;
	}
	if (p.bad || p.i != len)
		ct_atoms_release(&a);
	*out = a;
	return CT_OK;
}

/* ---- the Aho-Corasick automaton ---- */

struct entry {
	char *atom;           /* borrowed from the caller until compile */
	uint32_t pat;
};

struct ct_prefilter {
	struct entry *entries;
	size_t n_entries, cap_entries;
	uint8_t cls[256];     /* byte to class; 0 for bytes in no atom */
	uint32_t n_cls;
	uint32_t *next;       /* while compiling: n_states * n_cls transitions, a full DFA */
	uint32_t *out_link;   /* the nearest accepting proper suffix state, 0 for none */
	uint32_t *pat_first;  /* n_states + 1 offsets into pats */
	uint32_t *pats;
	size_t n_states;
	bool borrowed;        /* the tables are in a caller's image (ct_prefilter_load) */
	/*
	 * What the scan walks: the transitions, with the states renumbered
	 * so that those that emit (have patterns or an output link) come
	 * last, and each state given as the offset of its row (number times
	 * n_cls). A byte then costs an add and a load, where a table of
	 * state numbers costs a multiply too, and "emits" is a compare with
	 * emit_from instead of a look at a bitmap.
	 */
	uint32_t *step;
	uint32_t *state_of;   /* renumbered state: its number in out_link and pat_first */
	uint32_t emit_from;   /* the first emitting state's row offset in step[] */
	uint32_t start;       /* the root's row offset in step[] */
};

/* Rows (states times classes) an automaton may have: step[] holds row
 * offsets in 32 bits, and the rules cache reads no larger image. */
#define MAX_CELLS (1u << 28)

int ct_prefilter_new(struct ct_prefilter **out)
{
	struct ct_prefilter *pf = calloc(1, sizeof *pf);

	if (!pf)
		return CT_ENOMEM;
	*out = pf;
	return CT_OK;
}

void ct_prefilter_free(struct ct_prefilter *pf)
{
	if (!pf)
		return;
	for (size_t i = 0; i < pf->n_entries; i++)
		free(pf->entries[i].atom);
	free(pf->entries);
	free(pf->next);
	if (!pf->borrowed) {
		free(pf->out_link);
		free(pf->pat_first);
		free(pf->pats);
		free(pf->step);
		free(pf->state_of);
	}
	free(pf);
}

static bool emits(const struct ct_prefilter *pf, size_t st)
{
	return pf->pat_first[st + 1] > pf->pat_first[st] || pf->out_link[st];
}

/* Makes pf->step, pf->state_of and pf->emit_from from the tables:
 * CT_ENOMEM, or CT_ELIMIT past MAX_CELLS. */
static int make_step(struct ct_prefilter *pf)
{
	size_t n = pf->n_states, n_cls = pf->n_cls, quiet = 0, loud;
	uint32_t *renum;

	if ((uint64_t)n * n_cls > MAX_CELLS)
		return CT_ELIMIT;
	renum = malloc(n * sizeof *renum);
	pf->state_of = malloc(n * sizeof *pf->state_of);
	pf->step = malloc(n * n_cls * sizeof *pf->step);
	if (!renum || !pf->state_of || !pf->step) {
		free(renum);
		return CT_ENOMEM;
	}
	/* Quiet states keep their order from 0 (the root stays first), the
	 * emitting ones follow. */
	for (size_t st = 0; st < n; st++)
		quiet += !emits(pf, st);
	loud = quiet;
	quiet = 0;
	for (size_t st = 0; st < n; st++) {
		renum[st] = (uint32_t)(emits(pf, st) ? loud++ : quiet++);
		pf->state_of[renum[st]] = (uint32_t)st;
	}
	for (size_t st = 0; st < n; st++)
		for (size_t c = 0; c < n_cls; c++)
			pf->step[renum[st] * n_cls + c] = renum[pf->next[st * n_cls + c]] *
							  (uint32_t)n_cls;
	pf->emit_from = (uint32_t)(quiet * n_cls);
	pf->start = renum[0] * (uint32_t)n_cls;
	free(renum);
	return CT_OK;
}

int ct_prefilter_add(struct ct_prefilter *pf, uint32_t pat, const struct ct_atoms *a)
{
	for (size_t i = 0; i < a->n; i++) {
		char *copy;
		if (!CT_VEC_RESERVE(pf->entries, pf->cap_entries, pf->n_entries + 1))
			return CT_ENOMEM;
		if (!(copy = strdup(a->v[i])))
			return CT_ENOMEM;
		pf->entries[pf->n_entries].atom = copy;
		pf->entries[pf->n_entries].pat = pat;
		pf->n_entries++;
	}
	return CT_OK;
}

/* Adds a state with no transitions; returns its number, or 0 when out of
 * memory. *cap counts the u32s pf->next has room for. */
static uint32_t new_state(struct ct_prefilter *pf, size_t *cap)
{
	if (!CT_VEC_RESERVE(pf->next, *cap, (pf->n_states + 1) * pf->n_cls))
		return 0;
	memset(pf->next + pf->n_states * pf->n_cls, 0, pf->n_cls * sizeof *pf->next);
	return (uint32_t)pf->n_states++;
}

int ct_prefilter_compile(struct ct_prefilter *pf)
{
	size_t cap = 0;
	uint32_t *term = NULL, *fail = NULL, *queue = NULL;
	int rc = CT_ENOMEM;

	memset(pf->cls, 0, sizeof pf->cls);
	pf->n_cls = 1;
	for (size_t i = 0; i < pf->n_entries; i++)
		for (const unsigned char *b = (const unsigned char *)pf->entries[i].atom; *b; b++)
			if (!pf->cls[*b])
				pf->cls[*b] = (uint8_t)pf->n_cls++;
	for (int c = 'a'; c <= 'z'; c++)
		pf->cls[c - 'a' + 'A'] = pf->cls[c];

	if (new_state(pf, &cap) != 0 || !(term = malloc(pf->n_entries * sizeof *term + 1)))
		goto out;
	for (size_t i = 0; i < pf->n_entries; i++) {
		uint32_t st = 0;
		for (const unsigned char *b = (const unsigned char *)pf->entries[i].atom; *b; b++) {
			uint32_t *t = &pf->next[st * pf->n_cls + pf->cls[*b]];
			if (!*t) {
				uint32_t ns = new_state(pf, &cap);
				if (!ns)
					goto out;
				t = &pf->next[st * pf->n_cls + pf->cls[*b]];
				*t = ns;
			}
			st = *t;
		}
		term[i] = st;
	}

	/* Patterns per accepting state, as offsets. */
	pf->pat_first = calloc(pf->n_states + 1, sizeof *pf->pat_first);
	pf->pats = malloc(pf->n_entries * sizeof *pf->pats + 1);
	pf->out_link = calloc(pf->n_states, sizeof *pf->out_link);
	fail = calloc(pf->n_states, sizeof *fail);
	queue = malloc(pf->n_states * sizeof *queue);
	if (!pf->pat_first || !pf->pats || !pf->out_link || !fail || !queue)
		goto out;
	for (size_t i = 0; i < pf->n_entries; i++)
		pf->pat_first[term[i] + 1]++;
	for (size_t s = 0; s < pf->n_states; s++)
		pf->pat_first[s + 1] += pf->pat_first[s];
	{
		uint32_t *fill = fail;   /* borrowed as a cursor before the links are built */
		for (size_t s = 0; s < pf->n_states; s++)
			fill[s] = pf->pat_first[s];
		for (size_t i = 0; i < pf->n_entries; i++)
			pf->pats[fill[term[i]]++] = pf->entries[i].pat;
		memset(fail, 0, pf->n_states * sizeof *fail);
	}

	/* Breadth first: failure links, then the missing transitions through them. */
	{
		size_t head = 0, tail = 0;
		queue[tail++] = 0;
		while (head < tail) {
			uint32_t s = queue[head++];
			for (uint32_t c = 0; c < pf->n_cls; c++) {
				uint32_t *t = &pf->next[s * pf->n_cls + c];
				uint32_t via = s == 0 ? 0 : pf->next[fail[s] * pf->n_cls + c];
				if (*t && c != 0) {
					uint32_t f = s == 0 ? 0 : via;
					fail[*t] = f;
					pf->out_link[*t] = pf->pat_first[f + 1] > pf->pat_first[f] ?
							   f : pf->out_link[f];
					queue[tail++] = *t;
				} else {
					*t = via;
				}
			}
		}
	}
	rc = make_step(pf);
	/* The scan walks step[]: the state numbers' table is not kept. */
	free(pf->next);
	pf->next = NULL;
out:
	free(term);
	free(fail);
	free(queue);
	for (size_t i = 0; i < pf->n_entries; i++)
		free(pf->entries[i].atom);
	free(pf->entries);
	pf->entries = NULL;
	pf->n_entries = pf->cap_entries = 0;
	return rc;
}

static void mark(const struct ct_prefilter *pf, uint32_t st, uint64_t *bits, uint64_t *words)
{
	for (uint32_t u = pf->pat_first[st + 1] > pf->pat_first[st] ? st : pf->out_link[st]; u;
	     u = pf->out_link[u])
		for (uint32_t k = pf->pat_first[u]; k < pf->pat_first[u + 1]; k++) {
			uint32_t w = pf->pats[k] / 64;
			bits[w] |= (uint64_t)1 << (pf->pats[k] % 64);
			if (words)
				words[w / 64] |= (uint64_t)1 << (w % 64);
		}
}

void ct_prefilter_scan(const struct ct_prefilter *pf, const char *text, size_t len,
		       uint64_t *bits, uint64_t *words)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + len, *cls = pf->cls;
	const uint32_t *step = pf->step;
	/* Row offsets as size_t: an index without a widening per byte. */
	size_t at = pf->start, n_cls = pf->n_cls, emit_from = pf->emit_from;

	if (pf->n_states <= 1)
		return;
	while (p < end) {
		uint64_t x8;
		uint32_t x;
		/* Eight ASCII bytes: no fold to look for, eight steps a turn.
		 * One test of the length and of the bytes serves eight steps,
		 * where it served four. */
		while (end - p >= 8 && (memcpy(&x8, p, 8), !(x8 & 0x8080808080808080u))) {
			for (int k = 0; k < 8; k++) {
				at = step[at + cls[p[k]]];
				if (__builtin_expect(at >= emit_from, 0))
					mark(pf, pf->state_of[at / n_cls], bits, words);
			}
			p += 8;
		}
		if (p == end)
			break;
		/* Four ASCII bytes: the same, for a sentence's last few. */
		if (end - p >= 4 && (memcpy(&x, p, 4), !(x & 0x80808080u))) {
			for (int k = 0; k < 4; k++) {
				at = step[at + cls[p[k]]];
				if (__builtin_expect(at >= emit_from, 0))
					mark(pf, pf->state_of[at / n_cls], bits, words);
			}
			p += 4;
			continue;
		}
		unsigned char b = *p++;
		/* The two non-ASCII characters PCRE2 folds to ASCII letters:
		 * KELVIN SIGN (k) and LATIN SMALL LETTER LONG S (s). Both
		 * lead bytes are 0xC5 or above: one test for other bytes. */
		if (__builtin_expect(b >= 0xC5, 0)) {
			if (b == 0xE2 && end - p >= 2 && p[0] == 0x84 && p[1] == 0xAA) {
				b = 'k';
				p += 2;
			} else if (b == 0xC5 && end - p >= 1 && p[0] == 0xBF) {
				b = 's';
				p += 1;
			}
		}
		at = step[at + cls[b]];
		if (at >= emit_from)
			mark(pf, pf->state_of[at / n_cls], bits, words);
	}
}

/* ---- the automaton as bytes, for the rules cache ---- */

/*
 * The image: a head, the byte classes, then the tables a scan reads, as
 * they are in memory, so that a loaded automaton uses them where they lie
 * (in the mapped cache entry): step[] starts on a cache line, 320 bytes
 * into the image.
 */
struct image_head {
	uint32_t n_cls, n_states, n_pats, start, emit_from;
	uint32_t pad[11];
};
_Static_assert(sizeof(struct image_head) + 256 == 320, "step[] starts at a cache line");

static size_t image_size(const struct image_head *h)
{
	return sizeof *h + 256 + ((size_t)h->n_states * h->n_cls + 3 * (size_t)h->n_states + 1 +
				  h->n_pats) * sizeof(uint32_t);
}

int ct_prefilter_save(const struct ct_prefilter *pf, unsigned char **out, size_t *len)
{
	struct image_head h = { pf->n_cls, (uint32_t)pf->n_states,
				pf->n_states ? pf->pat_first[pf->n_states] : 0, pf->start,
				pf->emit_from, { 0 } };
	size_t n = image_size(&h), cells = (size_t)h.n_states * h.n_cls;
	unsigned char *img = calloc(1, n), *p = img;

	if (!img)
		return CT_ENOMEM;
	memcpy(p, &h, sizeof h);
	p += sizeof h;
	memcpy(p, pf->cls, 256);
	p += 256;
	if (h.n_states > 0) {
		memcpy(p, pf->step, cells * sizeof(uint32_t));
		p += cells * sizeof(uint32_t);
		memcpy(p, pf->state_of, h.n_states * sizeof(uint32_t));
		p += h.n_states * sizeof(uint32_t);
		memcpy(p, pf->out_link, h.n_states * sizeof(uint32_t));
		p += h.n_states * sizeof(uint32_t);
		memcpy(p, pf->pat_first, (h.n_states + 1) * sizeof(uint32_t));
		p += (h.n_states + 1) * sizeof(uint32_t);
		memcpy(p, pf->pats, h.n_pats * sizeof(uint32_t));
	}
	*out = img;
	*len = n;
	return CT_OK;
}

/*
 * Whether the count numbers at v are all below limit. Four at a time (GCC's
 * and clang's vector extension, SSE2 on x86-64): the step table of 5,000
 * patterns holds 740,000, and a check of one sentence reads it all here.
 */
static bool all_below(const uint32_t *v, size_t count, uint32_t limit)
{
	typedef uint32_t u32x4 __attribute__((vector_size(16)));
	u32x4 lim = { limit, limit, limit, limit }, bad = { 0, 0, 0, 0 };
	uint32_t any;
	size_t i = 0;

	for (; i + 4 <= count; i += 4) {
		u32x4 x;
		memcpy(&x, v + i, sizeof x);
		bad |= (u32x4)(x >= lim);
	}
	any = bad[0] | bad[1] | bad[2] | bad[3];
	for (; i < count; i++)
		any |= v[i] >= limit;
	return !any;
}

/* Points *v at count uint32_t at *p, all below limit; false when one is not. */
static bool take_table(const unsigned char **p, size_t count, uint32_t limit, uint32_t **v)
{
	*v = (uint32_t *)(void *)*p;
	*p += count * sizeof **v;
	return all_below(*v, count, limit);
}

/*
 * Whether every chain of output links ends at state 0, as in an automaton
 * that ct_prefilter_compile() built; a cycle would hang mark().
 */
static bool links_end(const struct ct_prefilter *pf, bool *nomem)
{
	uint8_t *seen = calloc(pf->n_states, 1);   /* 1 on the current chain, 2 ends */
	bool ok = true;

	if (!seen) {
		*nomem = true;
		return false;
	}
	seen[0] = 2;
	for (size_t s = 1; s < pf->n_states && ok; s++) {
		size_t u = s;
		while (seen[u] == 0) {
			seen[u] = 1;
			u = pf->out_link[u];
		}
		ok = seen[u] == 2;
		for (u = s; seen[u] == 1; u = pf->out_link[u])
			seen[u] = 2;
	}
	free(seen);
	return ok;
}

/*
 * Checks everything a scan relies on, so that a damaged image can only be
 * refused or give other candidates, never be followed out of bounds: byte
 * classes below n_cls; every row offset in step[] at most the last row's,
 * so that an offset plus a class stays in the table even when damage has
 * put it between rows; states, links and offsets that exist, in order;
 * pattern numbers below n_pats; output links that end. The tables are
 * used where they lie in img, which must outlive the automaton and not
 * change; nothing is copied.
 */
int ct_prefilter_load(const unsigned char *img, size_t len, uint32_t n_pats,
		      struct ct_prefilter **out)
{
	struct image_head h;
	struct ct_prefilter *pf;
	const unsigned char *p = img;
	size_t cells;
	bool nomem = false;

	if (len < sizeof h || (uintptr_t)img % sizeof(uint32_t) != 0)
		return CT_EINVAL;
	memcpy(&h, p, sizeof h);
	p += sizeof h;
	if (h.n_cls == 0 || h.n_cls > 256 || h.n_states == 0 || h.n_states > (1u << 26) ||
	    (uint64_t)h.n_states * h.n_cls > MAX_CELLS || h.n_pats > (1u << 28) ||
	    image_size(&h) != len)
		return CT_EINVAL;
	cells = (size_t)h.n_states * h.n_cls;
	if (h.start > cells - h.n_cls || h.emit_from > cells)
		return CT_EINVAL;
	for (size_t c = 0; c < 256; c++)
		if (p[c] >= h.n_cls)
			return CT_EINVAL;
	if (!(pf = calloc(1, sizeof *pf)))
		return CT_ENOMEM;
	memcpy(pf->cls, p, 256);
	p += 256;
	pf->borrowed = true;
	pf->n_cls = h.n_cls;
	pf->n_states = h.n_states;
	pf->start = h.start;
	pf->emit_from = h.emit_from;
	if (!take_table(&p, cells, (uint32_t)(cells - h.n_cls + 1), &pf->step) ||
	    !take_table(&p, h.n_states, h.n_states, &pf->state_of) ||
	    !take_table(&p, h.n_states, h.n_states, &pf->out_link) ||
	    !take_table(&p, h.n_states + 1, h.n_pats + 1, &pf->pat_first) ||
	    !take_table(&p, h.n_pats, n_pats, &pf->pats))
		goto bad;
	for (size_t s = 0; s < h.n_states; s++)
		if (pf->pat_first[s] > pf->pat_first[s + 1])
			goto bad;
	if (pf->pat_first[0] != 0 || pf->pat_first[h.n_states] != h.n_pats ||
	    !links_end(pf, &nomem))
		goto bad;
	*out = pf;
	return CT_OK;
bad:
	free(pf);
	return nomem ? CT_ENOMEM : CT_EINVAL;
}
