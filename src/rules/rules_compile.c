/*
 * From parsed rules to compiled code: expands {NAME} defines, adds the
 * implicit word boundaries, compiles every pattern and cue with PCRE2 (JIT
 * when available), fingerprints each proposition and checks what lint
 * promises: empty-matching patterns, unused defines, ambiguous expects.
 */
#include "claimtrack/text.h"
#include "rules/rules_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A pattern being expanded, with the source column of every byte. */
struct xbuf {
	struct ct_buf bytes;    /* capped at CT_PATTERN_MAX_EXPANDED with the NUL */
	int *cols;
	size_t cap_cols;
};

#define XBUF_INIT { CT_BUF_INIT(CT_PATTERN_MAX_EXPANDED - 1), NULL, 0 }

static void xbuf_release(struct xbuf *b)
{
	ct_buf_release(&b->bytes);
	free(b->cols);
	b->cols = NULL;
	b->cap_cols = 0;
}

/* Appends n bytes; cols gives each byte's column, or all get `col`.
 * CT_ELIMIT past CT_PATTERN_MAX_EXPANDED. */
static int xbuf_add(struct xbuf *b, const char *s, size_t n, const int *cols, int col)
{
	size_t len = b->bytes.len;
	int rc;

	if ((rc = ct_buf_reserve(&b->bytes, n)) != CT_OK)
		return rc;
	if (!CT_VEC_RESERVE(b->cols, b->cap_cols, len + n))
		return CT_ENOMEM;
	for (size_t i = 0; i < n; i++)
		b->cols[len + i] = cols ? cols[i] : col;
	return ct_buf_add(&b->bytes, s, n);
}

static struct ct_define *find_define(struct ct_ruleset *rs, const char *name, size_t n)
{
	for (size_t i = 0; i < rs->n_defines; i++)
		if (strlen(rs->defines[i].name) == n && memcmp(rs->defines[i].name, name, n) == 0)
			return &rs->defines[i];
	return NULL;
}

static bool name_char(char c, bool first)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	       (!first && c >= '0' && c <= '9');
}

static int expand_define(struct ct_loader *L, struct ct_define *d);

/*
 * Length of the escape sequence at src[i] (a backslash): two bytes, or up
 * to the closing brace for the escapes that take one (\p{Lu}, \x{e9},
 * \N{U+e9}, \g{1}, \k{name}, \o{17}), whose braces are not defines.
 */
static size_t escape_len(const char *src, size_t i, size_t n)
{
	if (i + 2 < n && strchr("pPxNgko", src[i + 1]) && src[i + 2] == '{') {
		const char *close = memchr(src + i + 3, '}', n - i - 3);
		if (close)
			return (size_t)(close - src) - i + 1;
	}
	return i + 1 < n ? 2 : 1;
}

/* Marks every define that src refers to, directly or through others, as used. */
static void mark_refs(struct ct_ruleset *rs, const char *src)
{
	size_t n = strlen(src);

	for (const char *p = src; *p; p++) {
		if (*p == '\\') {
			p += escape_len(src, (size_t)(p - src), n) - 1;
			continue;
		}
		if (*p != '{' || !name_char(p[1], true))
			continue;
		const char *e = p + 2;
		while (name_char(*e, false))
			e++;
		if (*e != '}')
			continue;
		struct ct_define *d = find_define(rs, p + 1, (size_t)(e - p - 1));
		if (d && !d->used) {
			d->used = true;
			mark_refs(rs, d->source);
		}
		p = e;
	}
}

/*
 * Expands the {NAME} references in src (from file:line, starting at column
 * col) into b. Sets *ok to false, after reporting, when a reference cannot
 * be expanded.
 */
static int expand(struct ct_loader *L, const char *src, const char *file, int line, int col,
		  struct xbuf *b, bool *ok)
{
	size_t n = strlen(src);
	int rc;

	for (size_t i = 0; i < n;) {
		if (src[i] == '\\') {
			size_t el = escape_len(src, i, n);
			if ((rc = xbuf_add(b, src + i, el, NULL, col + (int)i)) != CT_OK)
				return rc;
			for (size_t k = 0; k < el; k++)
				b->cols[b->bytes.len - el + k] = col + (int)(i + k);
			i += el;
			continue;
		}
		if (src[i] == '{' && i + 1 < n && name_char(src[i + 1], true)) {
			size_t j = i + 2;
			while (j < n && name_char(src[j], false))
				j++;
			if (j < n && src[j] == '}') {
				struct ct_define *d = find_define(L->rs, src + i + 1, j - i - 1);
				if (!d) {
					ct_loader_diag(L, CT_DIAG_ERROR, file, line, col + (int)i,
						       "undefined define '{%.*s}'", (int)(j - i - 1),
						       src + i + 1);
					*ok = false;
				} else {
					if (d->state == 1) {
						ct_loader_diag(L, CT_DIAG_ERROR, file, line, col + (int)i,
							       "recursive define '{%s}'", d->name);
						*ok = false;
					} else {
						if (d->state == 0 && (rc = expand_define(L, d)) != CT_OK)
							return rc;
						if (d->state != 2) {
							*ok = false;
						} else if ((rc = xbuf_add(b, d->expanded, strlen(d->expanded),
									  NULL, col + (int)i)) != CT_OK) {
							return rc;
						}
					}
				}
				i = j + 1;
				continue;
			}
		}
		if ((rc = xbuf_add(b, src + i, 1, NULL, col + (int)i)) != CT_OK)
			return rc;
		i++;
	}
	return CT_OK;
}

static bool word_byte(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c >= 0x80;
}

/* Whether the source pattern's last character is a word character (not an escape). */
static bool ends_with_word(const char *src)
{
	size_t n = strlen(src), bs = 0;

	if (n == 0 || !word_byte((unsigned char)src[n - 1]))
		return false;
	while (bs + 1 < n && src[n - 2 - bs] == '\\')
		bs++;
	return bs % 2 == 0;
}

/*
 * Compiles one pattern: defines expanded, implicit word boundaries added.
 * Reports errors at file:line:col; *out is NULL then. *expanded_out (may be
 * NULL) receives the malloc'd expansion, for fingerprints.
 */
static int compile_one(struct ct_loader *L, const char *src, const char *file, int line, int col,
		       bool check_empty, pcre2_code **out, char **expanded_out)
{
	struct xbuf b = XBUF_INIT;
	bool ok = true, head = word_byte((unsigned char)src[0]), tail = ends_with_word(src);
	const char *prefix = head ? "\\b(?:" : "(?:";
	const char *suffix = tail ? ")\\b" : ")";
	size_t plen = strlen(prefix);
	int rc, errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code = NULL;

	*out = NULL;
	mark_refs(L->rs, src);
	if ((rc = xbuf_add(&b, prefix, plen, NULL, col)) != CT_OK ||
	    (rc = expand(L, src, file, line, col, &b, &ok)) != CT_OK ||
	    (rc = xbuf_add(&b, suffix, strlen(suffix), NULL, col + (int)strlen(src))) != CT_OK) {
		if (rc == CT_ELIMIT) {
			ct_loader_diag(L, CT_DIAG_ERROR, file, line, col,
				       "pattern is longer than %d bytes after expanding defines",
				       CT_PATTERN_MAX_EXPANDED);
			rc = CT_OK;
		}
		goto out;
	}
	if (!ok)
		goto out;
	code = pcre2_compile((PCRE2_SPTR)b.bytes.p, b.bytes.len, CT_PCRE2_FLAGS, &errcode, &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		int ecol = erroff < b.bytes.len ? b.cols[erroff] : col + (int)strlen(src);
		pcre2_get_error_message(errcode, msg, sizeof msg);
		ct_loader_diag(L, CT_DIAG_ERROR, file, line, ecol, "%s in pattern", (char *)msg);
		goto out;
	}
	if (check_empty) {
		uint32_t minlen = 1;
		pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen);
		if (minlen == 0) {
			ct_loader_diag(L, CT_DIAG_ERROR, file, line, col,
				       "pattern can match the empty string");
			pcre2_code_free(code);
			code = NULL;
			goto out;
		}
	}
	*out = code;
	if (expanded_out) {
		*expanded_out = ct_buf_detach(&b.bytes, NULL);
	}
out:
	xbuf_release(&b);
	return rc;
}

/* Expands and checks one define; its state says how that went. */
static int expand_define(struct ct_loader *L, struct ct_define *d)
{
	struct xbuf b = XBUF_INIT;
	bool ok = true;
	int rc;

	d->state = 1;
	rc = expand(L, d->source, d->file, d->line, d->col, &b, &ok);
	if (rc == CT_ELIMIT) {
		ct_loader_diag(L, CT_DIAG_ERROR, d->file, d->line, d->col,
			       "define '%s' is longer than %d bytes after expansion",
			       d->name, CT_PATTERN_MAX_EXPANDED);
		ok = false;
		rc = CT_OK;
	}
	if (rc != CT_OK) {
		xbuf_release(&b);
		return rc;
	}
	if (ok) {
		/* Alone, the define must compile; in use it is one group. */
		int errcode;
		PCRE2_SIZE erroff;
		pcre2_code *code = pcre2_compile((PCRE2_SPTR)(b.bytes.p ? b.bytes.p : ""), b.bytes.len,
						 CT_PCRE2_FLAGS, &errcode, &erroff, NULL);
		if (!code) {
			PCRE2_UCHAR msg[256];
			int ecol = erroff < b.bytes.len ? b.cols[erroff] : d->col + (int)strlen(d->source);
			pcre2_get_error_message(errcode, msg, sizeof msg);
			ct_loader_diag(L, CT_DIAG_ERROR, d->file, d->line, ecol, "%s in define '%s'",
				       (char *)msg, d->name);
			ok = false;
		}
		pcre2_code_free(code);
	}
	if (ok) {
		size_t n = b.bytes.len + 5;
		d->expanded = malloc(n);
		if (!d->expanded) {
			xbuf_release(&b);
			return CT_ENOMEM;
		}
		snprintf(d->expanded, n, "(?:%s)", b.bytes.p ? b.bytes.p : "");
	}
	d->state = ok ? 2 : 3;
	xbuf_release(&b);
	return CT_OK;
}

/*
 * Appends src to b with its {NAME} references expanded as expand() and
 * expand_define() do; false on what they would have reported, which a
 * loaded ruleset does not hold, or past CT_PATTERN_MAX_EXPANDED. Reads
 * the ruleset only, so threads may call it at the same time.
 */
static bool expand_late(const struct ct_ruleset *rs, const char *src, struct ct_buf *b,
			size_t depth)
{
	size_t n = strlen(src);

	if (depth > rs->n_defines)
		return false;   /* a cycle: loading reported it */
	for (size_t i = 0; i < n;) {
		size_t take = 1;
		if (src[i] == '\\') {
			take = escape_len(src, i, n);
		} else if (src[i] == '{' && i + 1 < n && name_char(src[i + 1], true)) {
			size_t j = i + 2;
			while (j < n && name_char(src[j], false))
				j++;
			if (j < n && src[j] == '}') {
				const struct ct_define *d = find_define((struct ct_ruleset *)rs, src + i + 1,
									j - i - 1);
				if (!d || ct_buf_add(b, "(?:", 3) != CT_OK ||
				    !expand_late(rs, d->source, b, depth + 1) || ct_buf_add(b, ")", 1) != CT_OK)
					return false;
				i = j + 1;
				continue;
			}
		}
		if (ct_buf_add(b, src + i, take) != CT_OK)
			return false;
		i += take;
	}
	return true;
}

int ct_rules_compile_late(const struct ct_ruleset *rs, const char *src, pcre2_code **out)
{
	struct ct_buf b = CT_BUF_INIT(CT_PATTERN_MAX_EXPANDED - 1);
	bool head = word_byte((unsigned char)src[0]), tail = ends_with_word(src);
	const char *prefix = head ? "\\b(?:" : "(?:";
	const char *suffix = tail ? ")\\b" : ")";
	int errcode;
	PCRE2_SIZE erroff;

	*out = NULL;
	if (ct_buf_add(&b, prefix, strlen(prefix)) == CT_OK && expand_late(rs, src, &b, 0) &&
	    ct_buf_add(&b, suffix, strlen(suffix)) == CT_OK)
		*out = pcre2_compile((PCRE2_SPTR)b.p, b.len, CT_PCRE2_FLAGS, &errcode, &erroff, NULL);
	ct_buf_release(&b);
	return *out ? CT_OK : CT_EINVAL;
}

static void fnv1a(uint64_t *h, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++) {
		*h ^= p[i];
		*h *= 0x100000001b3ULL;
	}
}

/* Warns that expect sentence e of pr is matched by both its patterns sup
 * (a supports pattern) and ref (a refutes one), naming their lines. */
static void warn_ambiguous(struct ct_loader *L, const struct ct_prop *pr, size_t e, size_t sup,
			   size_t ref)
{
	const struct ct_pattern *s = &pr->pats[sup].pub, *r = &pr->pats[ref].pub;

	ct_loader_diag(L, CT_DIAG_WARNING, pr->expects[e].file, pr->expects[e].line, 1,
		       "expect sentence is matched by both a supports and a refutes "
		       "pattern of '%s' (supports at %s:%d, refutes at %s:%d)", pr->pub.id,
		       s->file, s->line, r->file, r->line);
}

/*
 * Warns when an expect sentence of proposition i is matched by both a
 * supports and a refutes pattern, naming the first of each; the cache
 * (when there is one) keeps which, so that a cached load warns without
 * matching.
 */
static int check_expects(struct ct_loader *L, size_t i, pcre2_match_data *md,
			 pcre2_match_context *mctx)
{
	const struct ct_prop *pr = &L->rs->props[i];

	for (size_t e = 0; e < pr->n_expects; e++) {
		const struct ct_expect *ex = &pr->expects[e];
		char *norm;
		size_t *map, nlen, sup = SIZE_MAX, ref = SIZE_MAX;

		if (ct_normalize(ex->text, strlen(ex->text), &norm, &map, &nlen) != CT_OK)
			return CT_ENOMEM;
		for (size_t j = 0; j < pr->n_pats; j++) {
			const struct ct_cpattern *cp = &pr->pats[j];
			size_t *first = cp->pub.kind == CT_PAT_SUPPORTS ? &sup :
					cp->pub.kind == CT_PAT_REFUTES ? &ref : NULL;
			if (!cp->code || !first || *first != SIZE_MAX)
				continue;
			if (pcre2_match(cp->code, (PCRE2_SPTR)norm, nlen, 0, 0, md, mctx) >= 0)
				*first = j;
		}
		free(norm);
		free(map);
		if (sup != SIZE_MAX && ref != SIZE_MAX) {
			warn_ambiguous(L, pr, e, sup, ref);
			if (ct_rules_cache_add_ambiguous(L->cache, (uint32_t)i, (uint32_t)e,
							 (uint32_t)sup, (uint32_t)ref) != CT_OK)
				return CT_ENOMEM;
		}
	}
	return CT_OK;
}

/* Every expect sentence against its proposition's patterns. */
static int check_all_expects(struct ct_loader *L)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	pcre2_match_context *mctx = pcre2_match_context_create(NULL);
	int rc = CT_OK;

	if (!md || !mctx) {
		rc = CT_ENOMEM;
		goto out;
	}
	pcre2_set_match_limit(mctx, CT_MATCH_LIMIT);
	pcre2_set_depth_limit(mctx, CT_DEPTH_LIMIT);
	for (size_t i = 0; i < L->rs->n_props && rc == CT_OK; i++)
		rc = check_expects(L, i, md, mctx);
out:
	pcre2_match_data_free(md);
	pcre2_match_context_free(mctx);
	return rc;
}

/*
 * Gives the prefilter the atoms of one pattern (its expanded source); a
 * pattern without a certain atom set stays unfiltered and always runs.
 */
static int prefilter_add(struct ct_prefilter *pf, struct ct_cpattern *cp, const char *expanded,
			 size_t *n_filtered)
{
	struct ct_atoms a = { 0 };
	int rc = ct_prefilter_atoms(expanded, strlen(expanded), &a);

	if (rc == CT_OK && a.n > 0) {
		rc = ct_prefilter_add(pf, cp->pf_id, &a);
		cp->pf_filtered = rc == CT_OK;
		(*n_filtered)++;
	}
	ct_atoms_release(&a);
	return rc;
}

static int cmp_lex(const void *x, const void *y)
{
	const struct ct_lex_entry *p = x, *q = y;
	size_t n = p->first_len < q->first_len ? p->first_len : q->first_len;
	int c = memcmp(p->first, q->first, n);

	return c ? c : (p->first_len > q->first_len) - (p->first_len < q->first_len);
}

/* Indexes the literal (attribution) cues by their first word. */
static int index_lexicon(struct ct_ruleset *rs)
{
	size_t n = 0;

	for (size_t i = 0; i < rs->n_cues; i++)
		n += rs->cues[i].kind >= CT_CUE_FIRST_LITERAL;
	free(rs->lex);
	/* Agencies are names a credit is compared with whole (attrib/credit.c),
	 * not words attribution reads: they stay out of the lexicon. */
	rs->n_lex = 0;
	rs->lex = malloc((n ? n : 1) * sizeof *rs->lex);
	if (!rs->lex)
		return CT_ENOMEM;
	for (size_t i = 0; i < rs->n_cues; i++) {
		const struct ct_cue *c = &rs->cues[i];
		if (c->kind < CT_CUE_FIRST_LITERAL || c->kind == CT_CUE_AGENCY)
			continue;
		rs->lex[rs->n_lex].first = c->source;
		rs->lex[rs->n_lex].first_len = strcspn(c->source, " ");
		rs->lex[rs->n_lex].cue = c;
		rs->n_lex++;
	}
	if (rs->n_lex > 1)
		qsort(rs->lex, rs->n_lex, sizeof *rs->lex, cmp_lex);
	return CT_OK;
}

size_t ct_lex_find(const struct ct_ruleset *rs, const char *w, size_t n, size_t *first)
{
	char buf[64];
	size_t lo = 0, hi, k;

	if (!rs || n == 0 || n >= sizeof buf)
		return 0;
	for (k = 0; k < n; k++)
		buf[k] = (char)(w[k] >= 'A' && w[k] <= 'Z' ? w[k] | 0x20 : w[k]);
	struct ct_lex_entry key = { buf, n, NULL };
	hi = rs->n_lex;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_lex(&rs->lex[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < rs->n_lex && cmp_lex(&rs->lex[k], &key) == 0; k++)
		;
	*first = lo;
	return k - lo;
}

/*
 * Compiles every pattern, fingerprints each proposition and builds the
 * prefilter over the patterns' atoms (rs->pf stays NULL when it is off or
 * no pattern has atoms). Errors go to diagnostics.
 */
static int compile_patterns(struct ct_loader *L)
{
	struct ct_ruleset *rs = L->rs;
	struct ct_prefilter *pf = NULL;
	size_t n_filtered = 0;
	int rc = CT_OK;

	if (!L->opts->no_prefilter && (rc = ct_prefilter_new(&pf)) != CT_OK)
		goto out;
	for (size_t i = 0; i < rs->n_defines; i++)
		if (rs->defines[i].state == 0 && (rc = expand_define(L, &rs->defines[i])) != CT_OK)
			goto out;
	for (size_t i = 0; i < rs->n_props; i++) {
		struct ct_prop *pr = &rs->props[i];
		uint64_t h = 0xcbf29ce484222325ULL;
		for (size_t j = 0; j < pr->n_pats; j++) {
			struct ct_cpattern *cp = &pr->pats[j];
			char *expanded = NULL;
			char kind = (char)('0' + cp->pub.kind);
			rc = compile_one(L, cp->pub.source, cp->pub.file, cp->pub.line, cp->col,
					 true, &cp->code, &expanded);
			if (rc != CT_OK)
				goto out;
			fnv1a(&h, &kind, 1);
			if (expanded)
				fnv1a(&h, expanded, strlen(expanded));
			fnv1a(&h, "\n", 1);
			cp->pf_id = (uint32_t)rs->n_pf_ids++;
			if (expanded && pf)
				rc = prefilter_add(pf, cp, expanded, &n_filtered);
			free(expanded);
			if (rc != CT_OK)
				goto out;
		}
		snprintf(pr->pub.fingerprint, sizeof pr->pub.fingerprint, "%016llx",
			 (unsigned long long)h);
	}
	/* An automaton too large to scan (CT_ELIMIT) leaves every pattern
	 * unfiltered: slower, the same claims. */
	if (pf && n_filtered > 0 && (rc = ct_prefilter_compile(pf)) != CT_ELIMIT) {
		if (rc != CT_OK)
			goto out;
		rs->pf = pf;
		pf = NULL;
	} else {
		rc = CT_OK;
		for (size_t i = 0; i < rs->n_props; i++)
			for (size_t j = 0; j < rs->props[i].n_pats; j++)
				rs->props[i].pats[j].pf_filtered = false;
	}
out:
	ct_prefilter_free(pf);
	return rc;
}

/* Compiles the regex cues (not the literal, attribution ones). */
static int compile_cues(struct ct_loader *L)
{
	struct ct_ruleset *rs = L->rs;

	for (size_t i = 0; i < rs->n_cues; i++) {
		struct ct_cue *c = &rs->cues[i];
		if (c->kind >= CT_CUE_FIRST_LITERAL)
			continue;
		int rc = compile_one(L, c->source, c->file, c->line, c->col, true, &c->code,
				     NULL);
		if (rc != CT_OK)
			return rc;
	}
	return CT_OK;
}

/* With a prefilter: the proposition of each pattern number and the bits
 * of the patterns it cannot filter. */
static int index_prefilter(struct ct_ruleset *rs)
{
	if (!rs->pf)
		return CT_OK;
	rs->pf_prop = malloc((rs->n_pf_ids + 1) * sizeof *rs->pf_prop);
	rs->pf_always = calloc(rs->n_pf_ids / 64 + 1, sizeof *rs->pf_always);
	if (!rs->pf_prop || !rs->pf_always)
		return CT_ENOMEM;
	for (size_t i = 0; i < rs->n_props; i++) {
		for (size_t j = 0; j < rs->props[i].n_pats; j++) {
			const struct ct_cpattern *cp = &rs->props[i].pats[j];
			rs->pf_prop[cp->pf_id] = (uint32_t)i;
			if (!cp->pf_filtered)
				rs->pf_always[cp->pf_id / 64] |= (uint64_t)1 << (cp->pf_id % 64);
		}
	}
	return CT_OK;
}

/*
 * The regex cues' prefilter (rs->cue_pf): the atoms of each cue, from its
 * source as written, so that a cached compilation gets the same one. A
 * cue that uses a define, or whose atoms cannot be worked out for
 * certain, is unfiltered and runs on every sentence, as all do without
 * it. Matching runs every cue over each sentence that has a claim; most
 * hold none of a cue's words ("debunked", "falsely", "no doubt").
 */
static int index_cues(struct ct_ruleset *rs)
{
	struct ct_prefilter *pf = NULL;
	size_t n_filtered = 0;
	int rc;

	if ((rc = ct_prefilter_new(&pf)) != CT_OK)
		return rc;
	rs->cue_always = calloc(rs->n_cues / 64 + 1, sizeof *rs->cue_always);
	if (!rs->cue_always) {
		rc = CT_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < rs->n_cues; i++) {
		const struct ct_cue *c = &rs->cues[i];
		struct ct_atoms a = { 0 };
		bool filtered = false;
		if (!c->code)
			continue;
		/* "{NAME}" is a define's: its atoms are the expansion's. */
		if (!strchr(c->source, '{') &&
		    (rc = ct_prefilter_atoms(c->source, strlen(c->source), &a)) != CT_OK)
			goto out;
		if (a.n > 0) {
			if ((rc = ct_prefilter_add(pf, (uint32_t)i, &a)) != CT_OK) {
				ct_atoms_release(&a);
				goto out;
			}
			filtered = true;
			n_filtered++;
		}
		ct_atoms_release(&a);
		if (!filtered)
			rs->cue_always[i / 64] |= (uint64_t)1 << (i % 64);
	}
	/* Too large an automaton (CT_ELIMIT): every cue runs. */
	if (n_filtered > 0 && (rc = ct_prefilter_compile(pf)) != CT_ELIMIT) {
		if (rc != CT_OK)
			goto out;
		rs->cue_pf = pf;
		pf = NULL;
	}
	rc = CT_OK;
out:
	ct_prefilter_free(pf);
	if (!rs->cue_pf) {
		free(rs->cue_always);
		rs->cue_always = NULL;
	}
	return rc;
}

/*
 * JIT pays for itself on patterns that run on every sentence: those the
 * prefilter cannot filter (all of them without it), and the cues. The
 * others run only on sentences that hold one of their atoms, so
 * interpreting them is cheaper than compiling thousands to machine code at
 * every start: with 5,000 patterns, check of one sentence takes 0.11 s
 * instead of 0.41 s, and 1,000 documents 0.83 s instead of 1.19 s. The
 * cues are JIT-compiled when first run (ct_cue_code()): a sentence
 * without a claim runs none, one with a claim those whose atoms it holds.
 */
static int jit_compile(struct ct_ruleset *rs)
{
	for (size_t i = 0; i < rs->n_props; i++)
		for (size_t j = 0; j < rs->props[i].n_pats; j++) {
			struct ct_cpattern *cp = &rs->props[i].pats[j];
			if (cp->code && !cp->pf_filtered)
				pcre2_jit_compile(cp->code, PCRE2_JIT_COMPLETE);
		}
	rs->cue_ready = calloc(rs->n_cues + 1, sizeof *rs->cue_ready);
	return rs->cue_ready ? CT_OK : CT_ENOMEM;
}

/*
 * A cached compilation is used only when nothing went wrong before
 * compiling, so that every error is reported as without a cache; the
 * warnings come out the same either way, in the same order.
 */
int ct_rules_compile(struct ct_loader *L)
{
	struct ct_ruleset *rs = L->rs;
	bool cached = L->cache && L->n_errors == 0 && ct_rules_cache_load(L->cache, rs) == CT_OK;
	int rc;

	/* A cached load has the defines' use and the cues' prefilter from
	 * the entry. */
	if (!cached && ((rc = compile_patterns(L)) != CT_OK || (rc = compile_cues(L)) != CT_OK))
		return rc;
	if ((rc = index_prefilter(rs)) != CT_OK ||
	    (!cached && !L->opts->no_prefilter && (rc = index_cues(rs)) != CT_OK))
		return rc;
	if ((rc = jit_compile(rs)) != CT_OK)
		return rc;
	for (size_t i = 0; i < rs->n_defines; i++)
		if (!rs->defines[i].used)
			ct_loader_diag(L, CT_DIAG_WARNING, rs->defines[i].file, rs->defines[i].line, 1,
				       "define '%s' is never used", rs->defines[i].name);
	if ((rc = index_lexicon(rs)) != CT_OK || (rc = ct_words_index(rs)) != CT_OK ||
	    (rc = ct_outlets_index(rs)) != CT_OK)
		return rc;
	if (cached) {
		const uint32_t *amb;
		size_t n = ct_rules_cache_ambiguous(L->cache, &amb);
		for (size_t k = 0; k < n; k++, amb += 4)
			warn_ambiguous(L, &rs->props[amb[0]], amb[1], amb[2], amb[3]);
		return CT_OK;
	}
	if ((rc = check_all_expects(L)) != CT_OK)
		return rc;
	if (L->cache && L->n_errors == 0)
		ct_rules_cache_save(L->cache, rs);
	return CT_OK;
}
