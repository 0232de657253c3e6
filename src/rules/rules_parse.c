/*
 * Rule-file parser, format v1: one directive a line, `#` comment lines,
 * blocks `proposition`, `speaker` and `outlet` closed by `end`, and top-level
 * `define`. It records what it reads; ct_rules_compile() turns patterns into
 * code once every file is in.
 */
#include "base/utf8.h"
#include "rules/rules_internal.h"
#include "rules/words.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum block { B_NONE, B_PROP, B_SPEAKER, B_OUTLET };

static const char *const block_names[] = { "", "proposition", "speaker", "outlet" };

struct parser {
	struct ct_loader *L;
	const char *file;
	enum block block;
	int block_line;
	size_t index;          /* of the open block's entry */
};

/* One directive line cut into its parts. */
struct line {
	int no;
	const char *word;      /* directive */
	size_t word_len;
	int word_col;
	const char *arg;       /* the rest, trailing white space cut */
	size_t arg_len;
	int arg_col;
};

struct directive {
	const char *name;
	enum block where;
	int (*fn)(struct parser *p, const struct line *ln);
	bool needs_arg;
};

void ct_loader_diag(struct ct_loader *L, enum ct_severity sev, const char *file,
		    int line, int col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	struct ct_diag d;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (sev == CT_DIAG_ERROR)
		L->n_errors++;
	if (!L->opts || !L->opts->on_diag)
		return;
	d.severity = sev;
	d.file = file;
	d.line = line;
	d.col = col;
	d.message = msg;
	L->opts->on_diag(&d, L->opts->user);
}

static char *dup_arg(struct parser *p, const struct line *ln)
{
	return ct_arena_strndup(&p->L->rs->arena, ln->arg, ln->arg_len);
}

static bool valid_id(const char *s, size_t n)
{
	bool part_start = true;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			part_start = false;
		} else if ((c == '.' || c == '-') && !part_start) {
			part_start = true;
		} else {
			return false;
		}
	}
	return !part_start;
}

static bool valid_define_name(const char *s, size_t n)
{
	if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

/*
 * A hash set of names seen so far, over all files: proposition ids and
 * cue sources, each with its kind and the index of the entry that holds
 * it first. Without it, n propositions take n * n / 2 comparisons: half a
 * million for a pack of 1,000.
 */
struct name_slot {
	const char *s;            /* borrowed from the ruleset's arena; NULL: empty */
	size_t len, index;
	int kind;
};

struct ct_name_set {
	struct name_slot *slots;
	size_t cap, n;            /* cap is a power of two */
};

enum { NAME_PROPOSITION = -1 };  /* cue kinds are the other kinds */

static size_t name_hash(int kind, const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)(kind + 2);

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return (size_t)(h ^ h >> 32);
}

static struct name_slot *name_slot(struct ct_name_set *set, int kind, const char *s, size_t len)
{
	size_t i = name_hash(kind, s, len) & (set->cap - 1);

	while (set->slots[i].s && !(set->slots[i].kind == kind && set->slots[i].len == len &&
				    memcmp(set->slots[i].s, s, len) == 0))
		i = (i + 1) & (set->cap - 1);
	return &set->slots[i];
}

/* The index of the entry that holds (kind, s[0, len)) first, or SIZE_MAX. */
static size_t name_find(const struct ct_loader *L, int kind, const char *s, size_t len)
{
	const struct name_slot *slot;

	if (!L->names)
		return SIZE_MAX;
	slot = name_slot(L->names, kind, s, len);
	return slot->s ? slot->index : SIZE_MAX;
}

/* Records that entry `index` holds (kind, s[0, len)); s must live as long
 * as the ruleset. The name must not be in the set yet. */
static int name_add(struct ct_loader *L, int kind, const char *s, size_t len, size_t index)
{
	struct ct_name_set *set = L->names;
	struct name_slot *slot;

	if (!set && !(set = L->names = calloc(1, sizeof *set)))
		return CT_ENOMEM;
	if ((set->n + 1) * 2 > set->cap) {
		struct ct_name_set bigger = { NULL, set->cap ? set->cap * 2 : 1024, set->n };
		if (!(bigger.slots = calloc(bigger.cap, sizeof *bigger.slots)))
			return CT_ENOMEM;
		for (size_t i = 0; i < set->cap; i++)
			if (set->slots[i].s)
				*name_slot(&bigger, set->slots[i].kind, set->slots[i].s,
					   set->slots[i].len) = set->slots[i];
		free(set->slots);
		*set = bigger;
	}
	slot = name_slot(set, kind, s, len);
	slot->s = s;
	slot->len = len;
	slot->kind = kind;
	slot->index = index;
	set->n++;
	return CT_OK;
}

void ct_rules_parse_release(struct ct_loader *L)
{
	if (L->names)
		free(L->names->slots);
	free(L->names);
	L->names = NULL;
}

static struct ct_prop *cur_prop(struct parser *p)
{
	return &p->L->rs->props[p->index];
}

static void error_at(struct parser *p, const struct line *ln, int col, const char *fmt, const char *a)
{
	ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, col, fmt, a);
}

/* ---- block openers ---- */

static int close_block(struct parser *p, int line);

static int open_block(struct parser *p, const struct line *ln, enum block b)
{
	if (p->block != B_NONE) {
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, p->block_line, 1,
			       "unclosed block '%s' (a new block starts at line %d)",
			       block_names[p->block], ln->no);
		close_block(p, ln->no);
	}
	p->block = b;
	p->block_line = ln->no;
	return CT_OK;
}

static int d_proposition(struct parser *p, const struct line *ln)
{
	struct ct_ruleset *rs = p->L->rs;
	struct ct_prop *pr;
	size_t first;

	open_block(p, ln, B_PROP);
	if (!valid_id(ln->arg, ln->arg_len))
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->arg_col,
			       "invalid proposition id '%.*s' (lowercase letters and digits, "
			       "parts joined by '.' or '-')", (int)ln->arg_len, ln->arg);
	first = name_find(p->L, NAME_PROPOSITION, ln->arg, ln->arg_len);
	if (first != SIZE_MAX) {
		const struct ct_proposition *o = &rs->props[first].pub;
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->arg_col,
			       "duplicate proposition id '%s' (first defined at %s:%d)",
			       o->id, o->file, o->line);
	}
	if (!CT_VEC_RESERVE(rs->props, rs->cap_props, rs->n_props + 1))
		return CT_ENOMEM;
	pr = &rs->props[rs->n_props];
	memset(pr, 0, sizeof *pr);
	pr->pub.id = dup_arg(p, ln);
	pr->pub.file = p->file;
	pr->pub.line = ln->no;
	pr->pub.tags = "";
	pr->pub.title = NULL;
	if (!pr->pub.id)
		return CT_ENOMEM;
	p->index = rs->n_props++;
	if (first == SIZE_MAX)
		return name_add(p->L, NAME_PROPOSITION, pr->pub.id, ln->arg_len, p->index);
	return CT_OK;
}

static int d_speaker(struct parser *p, const struct line *ln)
{
	struct ct_ruleset *rs = p->L->rs;
	struct ct_speaker *s;

	open_block(p, ln, B_SPEAKER);
	for (size_t i = 0; i < rs->n_speakers; i++) {
		const struct ct_speaker_def *o = &rs->speakers[i].pub;
		if (strlen(o->name) == ln->arg_len && memcmp(o->name, ln->arg, ln->arg_len) == 0) {
			ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->arg_col,
				       "duplicate speaker '%s' (first defined at %s:%d)",
				       o->name, o->file, o->line);
			break;
		}
	}
	if (!CT_VEC_RESERVE(rs->speakers, rs->cap_speakers, rs->n_speakers + 1))
		return CT_ENOMEM;
	s = &rs->speakers[rs->n_speakers];
	memset(s, 0, sizeof *s);
	s->pub.name = dup_arg(p, ln);
	s->pub.file = p->file;
	s->pub.line = ln->no;
	if (!s->pub.name)
		return CT_ENOMEM;
	p->index = rs->n_speakers++;
	return CT_OK;
}

static int d_outlet(struct parser *p, const struct line *ln)
{
	struct ct_ruleset *rs = p->L->rs;
	struct ct_outlet *o;

	open_block(p, ln, B_OUTLET);
	for (size_t i = 0; i < rs->n_outlets; i++) {
		const struct ct_outlet_def *d = &rs->outlets[i].pub;
		if (strlen(d->name) == ln->arg_len && memcmp(d->name, ln->arg, ln->arg_len) == 0) {
			ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->arg_col,
				       "duplicate outlet '%s' (first defined at %s:%d)",
				       d->name, d->file, d->line);
			break;
		}
	}
	if (!CT_VEC_RESERVE(rs->outlets, rs->cap_outlets, rs->n_outlets + 1))
		return CT_ENOMEM;
	o = &rs->outlets[rs->n_outlets];
	memset(o, 0, sizeof *o);
	o->pub.name = dup_arg(p, ln);
	o->pub.file = p->file;
	o->pub.line = ln->no;
	if (!o->pub.name)
		return CT_ENOMEM;
	p->index = rs->n_outlets++;
	return CT_OK;
}

/* Checks what a closed block must hold. */
static int close_block(struct parser *p, int line)
{
	(void)line;
	if (p->block == B_PROP) {
		struct ct_prop *pr = cur_prop(p);
		size_t n_polar = 0;
		for (size_t i = 0; i < pr->n_pats; i++)
			if (pr->pats[i].pub.kind == CT_PAT_SUPPORTS ||
			    pr->pats[i].pub.kind == CT_PAT_REFUTES)
				n_polar++;
		if (!pr->pub.title)
			ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, pr->pub.line, 1,
				       "proposition '%s' has no title", pr->pub.id);
		if (pr->pub.rev == 0)
			ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, pr->pub.line, 1,
				       "proposition '%s' has no rev", pr->pub.id);
		if (n_polar == 0)
			ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, pr->pub.line, 1,
				       "proposition '%s' has no supports or refutes pattern",
				       pr->pub.id);
		if (!pr->pub.verdict && (pr->rating_line || pr->review_url_line))
			ct_loader_diag(p->L, CT_DIAG_WARNING, p->file,
				       pr->rating_line ? pr->rating_line : pr->review_url_line, 1,
				       "'%s' without a 'verdict': proposition '%s' is not exported "
				       "as ClaimReview", pr->rating_line ? "rating" : "review-url",
				       pr->pub.id);
	}
	p->block = B_NONE;
	return CT_OK;
}

static int d_end(struct parser *p, const struct line *ln)
{
	if (p->block == B_NONE) {
		error_at(p, ln, ln->word_col, "'end' without an open block%s", "");
		return CT_OK;
	}
	if (ln->arg_len)
		error_at(p, ln, ln->arg_col, "unexpected text after 'end'%s", "");
	return close_block(p, ln->no);
}

/* ---- proposition fields ---- */

static int d_title(struct parser *p, const struct line *ln)
{
	struct ct_prop *pr = cur_prop(p);

	if (pr->pub.title) {
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->word_col,
			       "duplicate 'title' (first at line %d)", pr->title_line);
		return CT_OK;
	}
	pr->pub.title = dup_arg(p, ln);
	pr->title_line = ln->no;
	return pr->pub.title ? CT_OK : CT_ENOMEM;
}

static int d_rev(struct parser *p, const struct line *ln)
{
	struct ct_prop *pr = cur_prop(p);
	long v = 0;

	if (pr->rev_line) {
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->word_col,
			       "duplicate 'rev' (first at line %d)", pr->rev_line);
		return CT_OK;
	}
	pr->rev_line = ln->no;
	for (size_t i = 0; i < ln->arg_len; i++) {
		char c = ln->arg[i];
		if (c < '0' || c > '9' || v > 100000000) {
			v = -1;
			break;
		}
		v = v * 10 + (c - '0');
	}
	if (v < 1) {
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->arg_col,
			       "rev must be a whole number of at least 1, not '%.*s'",
			       (int)ln->arg_len, ln->arg);
		v = -1;
	}
	pr->pub.rev = (int)v;
	return CT_OK;
}

static int d_tags(struct parser *p, const struct line *ln)
{
	struct ct_prop *pr = cur_prop(p);

	if (pr->tags_line) {
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->word_col,
			       "duplicate 'tags' (first at line %d)", pr->tags_line);
		return CT_OK;
	}
	pr->tags_line = ln->no;
	pr->pub.tags = dup_arg(p, ln);
	return pr->pub.tags ? CT_OK : CT_ENOMEM;
}

/* A proposition field that may appear once: *line is where it was first. */
static bool first_time(struct parser *p, const struct line *ln, int *line)
{
	if (*line) {
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->word_col,
			       "duplicate '%.*s' (first at line %d)", (int)ln->word_len, ln->word,
			       *line);
		return false;
	}
	*line = ln->no;
	return true;
}

static int d_verdict(struct parser *p, const struct line *ln)
{
	struct ct_prop *pr = cur_prop(p);

	if (!first_time(p, ln, &pr->verdict_line))
		return CT_OK;
	pr->pub.verdict = dup_arg(p, ln);
	return pr->pub.verdict ? CT_OK : CT_ENOMEM;
}

/* A whole number of 1 to 1000 at s[0, n), else -1. */
static int small_number(const char *s, size_t n)
{
	int v = 0;

	if (n == 0 || n > 4)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1 && v <= 1000 ? v : -1;
}

/* `rating N/BEST`: whole numbers, 1 <= N <= BEST, BEST >= 2 (the worst is 1). */
static int d_rating(struct parser *p, const struct line *ln)
{
	struct ct_prop *pr = cur_prop(p);
	const char *slash = memchr(ln->arg, '/', ln->arg_len);
	int n = -1, best = -1;

	if (!first_time(p, ln, &pr->rating_line))
		return CT_OK;
	if (slash) {
		n = small_number(ln->arg, (size_t)(slash - ln->arg));
		best = small_number(slash + 1, ln->arg_len - (size_t)(slash - ln->arg) - 1);
	}
	if (n < 1 || best < 2 || n > best) {
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->arg_col,
			       "rating must be N/BEST, whole numbers with 1 <= N <= BEST and "
			       "BEST from 2 to 1000 (the worst rating is 1), not '%.*s'",
			       (int)ln->arg_len, ln->arg);
		return CT_OK;
	}
	pr->pub.rating = n;
	pr->pub.rating_best = best;
	return CT_OK;
}

/* `review-url URL`: an absolute http(s) URL without spaces or quotes. */
static int d_review_url(struct parser *p, const struct line *ln)
{
	struct ct_prop *pr = cur_prop(p);
	size_t scheme = 0;

	if (!first_time(p, ln, &pr->review_url_line))
		return CT_OK;
	if (ln->arg_len > 8 && strncasecmp(ln->arg, "https://", 8) == 0)
		scheme = 8;
	else if (ln->arg_len > 7 && strncasecmp(ln->arg, "http://", 7) == 0)
		scheme = 7;
	for (size_t i = 0; scheme && i < ln->arg_len; i++) {
		unsigned char c = (unsigned char)ln->arg[i];
		if (c <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == 0x7f)
			scheme = 0;
	}
	if (!scheme || ln->arg[scheme] == '/') {
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->arg_col,
			       "review-url must be an http:// or https:// URL without spaces, "
			       "not '%.*s'", (int)ln->arg_len, ln->arg);
		return CT_OK;
	}
	pr->pub.review_url = dup_arg(p, ln);
	return pr->pub.review_url ? CT_OK : CT_ENOMEM;
}

static int add_pattern(struct parser *p, const struct line *ln, enum ct_pattern_kind kind)
{
	struct ct_prop *pr = cur_prop(p);
	struct ct_cpattern *cp;

	if (!CT_VEC_RESERVE(pr->pats, pr->cap_pats, pr->n_pats + 1))
		return CT_ENOMEM;
	cp = &pr->pats[pr->n_pats++];
	memset(cp, 0, sizeof *cp);
	cp->pub.kind = kind;
	cp->pub.source = dup_arg(p, ln);
	cp->pub.file = p->file;
	cp->pub.line = ln->no;
	cp->col = ln->arg_col;
	if (kind == CT_PAT_CONTEXT)
		pr->has_context = true;
	return cp->pub.source ? CT_OK : CT_ENOMEM;
}

static int d_supports(struct parser *p, const struct line *ln) { return add_pattern(p, ln, CT_PAT_SUPPORTS); }
static int d_refutes(struct parser *p, const struct line *ln) { return add_pattern(p, ln, CT_PAT_REFUTES); }
static int d_except(struct parser *p, const struct line *ln) { return add_pattern(p, ln, CT_PAT_EXCEPT); }
static int d_context(struct parser *p, const struct line *ln) { return add_pattern(p, ln, CT_PAT_CONTEXT); }

static int d_expect(struct parser *p, const struct line *ln)
{
	struct ct_prop *pr = cur_prop(p);
	struct ct_expect *e;
	size_t wl = 0, rest;
	enum ct_stance st;

	while (wl < ln->arg_len && ln->arg[wl] != ' ' && ln->arg[wl] != '\t')
		wl++;
	if (wl == 8 && memcmp(ln->arg, "supports", 8) == 0) {
		st = CT_SUPPORTS;
	} else if (wl == 7 && memcmp(ln->arg, "refutes", 7) == 0) {
		st = CT_REFUTES;
	} else if (wl == 4 && memcmp(ln->arg, "none", 4) == 0) {
		st = CT_STANCE_NONE;
	} else {
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->arg_col,
			       "expect needs a stance (supports, refutes or none), not '%.*s'",
			       (int)wl, ln->arg);
		return CT_OK;
	}
	rest = wl;
	while (rest < ln->arg_len && (ln->arg[rest] == ' ' || ln->arg[rest] == '\t'))
		rest++;
	if (rest == ln->arg_len) {
		error_at(p, ln, ln->arg_col + (int)wl, "expect needs a sentence after the stance%s", "");
		return CT_OK;
	}
	if (!CT_VEC_RESERVE(pr->expects, pr->cap_expects, pr->n_expects + 1))
		return CT_ENOMEM;
	e = &pr->expects[pr->n_expects++];
	e->stance = st;
	e->text = ct_arena_strndup(&p->L->rs->arena, ln->arg + rest, ln->arg_len - rest);
	e->file = p->file;
	e->line = ln->no;
	return e->text ? CT_OK : CT_ENOMEM;
}

/* ---- speaker and outlet fields ---- */

static int push_str(struct parser *p, const struct line *ln, const char ***v, size_t *n, size_t *cap)
{
	char *s = dup_arg(p, ln);

	if (!s || !CT_VEC_RESERVE(*v, *cap, *n + 1))
		return CT_ENOMEM;
	(*v)[(*n)++] = s;
	return CT_OK;
}

static int set_once(struct parser *p, const struct line *ln, const char **field)
{
	if (*field) {
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->word_col,
			       "duplicate '%.*s'", (int)ln->word_len, ln->word);
		return CT_OK;
	}
	*field = dup_arg(p, ln);
	return *field ? CT_OK : CT_ENOMEM;
}

static int d_alias(struct parser *p, const struct line *ln)
{
	struct ct_ruleset *rs = p->L->rs;

	if (p->block == B_SPEAKER) {
		struct ct_speaker *s = &rs->speakers[p->index];
		int rc = push_str(p, ln, &s->aliases, &s->pub.n_aliases, &s->cap_aliases);
		s->pub.aliases = s->aliases;
		return rc;
	}
	struct ct_outlet *o = &rs->outlets[p->index];
	int rc = push_str(p, ln, &o->aliases, &o->pub.n_aliases, &o->cap_aliases);
	o->pub.aliases = o->aliases;
	return rc;
}

static int d_role(struct parser *p, const struct line *ln)
{
	return set_once(p, ln, &p->L->rs->speakers[p->index].pub.role);
}

static int d_org(struct parser *p, const struct line *ln)
{
	return set_once(p, ln, &p->L->rs->speakers[p->index].pub.org);
}

static int d_domain(struct parser *p, const struct line *ln)
{
	struct ct_outlet *o = &p->L->rs->outlets[p->index];

	for (size_t i = 0; i < ln->arg_len; i++) {
		char c = ln->arg[i];
		if (c == ' ' || c == '/' || c == ':' || c == '\t') {
			ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->arg_col + (int)i,
				       "domain must be a bare host name such as 'example.com', not '%.*s'",
				       (int)ln->arg_len, ln->arg);
			return CT_OK;
		}
	}
	int rc = push_str(p, ln, &o->domains, &o->pub.n_domains, &o->cap_domains);
	o->pub.domains = o->domains;
	return rc;
}

/* ---- top level ---- */

static int d_define(struct parser *p, const struct line *ln)
{
	struct ct_ruleset *rs = p->L->rs;
	size_t nl = 0, rest;
	struct ct_define *d;

	while (nl < ln->arg_len && ln->arg[nl] != ' ' && ln->arg[nl] != '\t')
		nl++;
	if (!valid_define_name(ln->arg, nl)) {
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->arg_col,
			       "invalid define name '%.*s' (a letter or '_', then letters, digits, '_')",
			       (int)nl, ln->arg);
		return CT_OK;
	}
	rest = nl;
	while (rest < ln->arg_len && (ln->arg[rest] == ' ' || ln->arg[rest] == '\t'))
		rest++;
	if (rest == ln->arg_len) {
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->arg_col + (int)nl,
			       "define '%.*s' needs a pattern", (int)nl, ln->arg);
		return CT_OK;
	}
	for (size_t i = 0; i < rs->n_defines; i++) {
		struct ct_define *o = &rs->defines[i];
		if (strlen(o->name) == nl && memcmp(o->name, ln->arg, nl) == 0) {
			ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->arg_col,
				       "duplicate define '%s' (first defined at %s:%d)",
				       o->name, o->file, o->line);
			return CT_OK;
		}
	}
	if (!CT_VEC_RESERVE(rs->defines, rs->cap_defines, rs->n_defines + 1))
		return CT_ENOMEM;
	d = &rs->defines[rs->n_defines++];
	memset(d, 0, sizeof *d);
	d->name = ct_arena_strndup(&rs->arena, ln->arg, nl);
	d->source = ct_arena_strndup(&rs->arena, ln->arg + rest, ln->arg_len - rest);
	d->file = p->file;
	d->line = ln->no;
	d->col = ln->arg_col + (int)rest;
	return d->name && d->source ? CT_OK : CT_ENOMEM;
}

static const struct directive directives[] = {
	{ "define", B_NONE, d_define, true },
	{ "proposition", B_NONE, d_proposition, true },
	{ "speaker", B_NONE, d_speaker, true },
	{ "outlet", B_NONE, d_outlet, true },
	{ "title", B_PROP, d_title, true },
	{ "rev", B_PROP, d_rev, true },
	{ "tags", B_PROP, d_tags, true },
	{ "verdict", B_PROP, d_verdict, true },
	{ "rating", B_PROP, d_rating, true },
	{ "review-url", B_PROP, d_review_url, true },
	{ "context", B_PROP, d_context, true },
	{ "supports", B_PROP, d_supports, true },
	{ "refutes", B_PROP, d_refutes, true },
	{ "except", B_PROP, d_except, true },
	{ "expect", B_PROP, d_expect, true },
	{ "alias", B_SPEAKER, d_alias, true },
	{ "alias", B_OUTLET, d_alias, true },
	{ "role", B_SPEAKER, d_role, true },
	{ "org", B_SPEAKER, d_org, true },
	{ "domain", B_OUTLET, d_domain, true },
};

static int dispatch(struct parser *p, const struct line *ln)
{
	const struct directive *known = NULL;

	if (ln->word_len == 3 && memcmp(ln->word, "end", 3) == 0)
		return d_end(p, ln);
	for (size_t i = 0; i < sizeof directives / sizeof *directives; i++) {
		const struct directive *d = &directives[i];
		if (strlen(d->name) != ln->word_len || memcmp(d->name, ln->word, ln->word_len) != 0)
			continue;
		known = d;
		/* Block openers and define may appear where a block is open:
		 * the opener reports the unclosed block itself. */
		if (d->where == B_NONE && (d->fn != d_define || p->block == B_NONE))
			goto found;
		if (d->where == p->block)
			goto found;
	}
	if (known) {
		if (known->where == B_NONE)
			ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->word_col,
				       "'%.*s' must be outside a block (is an 'end' missing for "
				       "the block at line %d?)", (int)ln->word_len, ln->word,
				       p->block_line);
		else if (p->block == B_NONE)
			ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->word_col,
				       "'%.*s' outside a block; it belongs in a '%s' block",
				       (int)ln->word_len, ln->word, block_names[known->where]);
		else
			ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->word_col,
				       "'%.*s' is not allowed in a '%s' block",
				       (int)ln->word_len, ln->word, block_names[p->block]);
		return CT_OK;
	}
	ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->word_col,
		       "unknown directive '%.*s'", (int)ln->word_len, ln->word);
	return CT_OK;
found:
	if (known->needs_arg && ln->arg_len == 0) {
		ct_loader_diag(p->L, CT_DIAG_ERROR, p->file, ln->no, ln->word_col + (int)ln->word_len,
			       "'%.*s' needs a value", (int)ln->word_len, ln->word);
		return CT_OK;
	}
	return known->fn(p, ln);
}

/*
 * Calls fn for each non-blank, non-comment line of text, cut into directive
 * word and argument. Lines with invalid UTF-8 are reported and skipped.
 */
static int each_line(struct ct_loader *L, const char *file, const char *text, size_t len,
		     int (*fn)(void *ctx, const struct line *ln), void *ctx)
{
	size_t pos = 0;
	int no = 0, rc;

	while (pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		size_t i = 0, bad = (size_t)-1;
		struct line ln;

		pos += n + (nl ? 1 : 0);
		no++;
		for (size_t k = 0; k < n;) {
			uint32_t cp;
			size_t m = ct_utf8_decode((const unsigned char *)s + k, n - k, &cp);
			if (m == 0 || cp == 0) {
				bad = k;
				break;
			}
			k += m;
		}
		if (bad != (size_t)-1) {
			ct_loader_diag(L, CT_DIAG_ERROR, file, no, (int)bad + 1,
				       "invalid UTF-8 or NUL byte; line skipped");
			continue;
		}
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
			n--;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n || s[i] == '#')
			continue;
		/* A UTF-8 BOM on the first line is not part of the directive. */
		if (no == 1 && n - i >= 3 && memcmp(s + i, "\xEF\xBB\xBF", 3) == 0) {
			i += 3;
			if (i == n)
				continue;
		}
		ln.no = no;
		ln.word = s + i;
		ln.word_col = (int)i + 1;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		ln.word_len = (size_t)(s + i - ln.word);
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		ln.arg = s + i;
		ln.arg_len = n - i;
		ln.arg_col = (int)i + 1;
		if ((rc = fn(ctx, &ln)) != CT_OK)
			return rc;
	}
	return CT_OK;
}

static int rules_line(void *ctx, const struct line *ln)
{
	return dispatch(ctx, ln);
}

int ct_rules_parse(struct ct_loader *L, const char *file, const char *text, size_t len)
{
	struct parser p = { .L = L, .file = file, .block = B_NONE };
	int rc = each_line(L, file, text, len, rules_line, &p);

	if (rc != CT_OK)
		return rc;
	if (p.block != B_NONE) {
		ct_loader_diag(L, CT_DIAG_ERROR, file, p.block_line, 1,
			       "unclosed block '%s': 'end' missing", block_names[p.block]);
		close_block(&p, 0);
	}
	return CT_OK;
}

/* ---- cue files ---- */

static const char *const cue_kind_names[CT_CUE_KINDS] = {
	"negation", "postnegation", "pseudo", "termination", "denial", "hedge",
	"framing", "clause", "speech", "belief", "title", "group", "organization", "agency",
};

struct cue_parser {
	struct ct_loader *L;
	const char *file;
};

/* A line of an attribution word list, `KIND WORD` (rules/words.cues): the
 * word goes to words.c's index. */
static int word_line(struct cue_parser *cp, const struct line *ln, uint32_t list)
{
	if (ln->arg_len == 0 || memchr(ln->arg, ' ', ln->arg_len) ||
	    memchr(ln->arg, '\t', ln->arg_len)) {
		ct_loader_diag(cp->L, CT_DIAG_ERROR, cp->file, ln->no,
			       ln->arg_len ? ln->arg_col : ln->word_col + (int)ln->word_len,
			       "'%.*s' needs one word", (int)ln->word_len, ln->word);
		return CT_OK;
	}
	return ct_words_add(cp->L->rs, list, ln->arg, ln->arg_len);
}

static int cue_line(void *ctx, const struct line *ln)
{
	struct cue_parser *cp = ctx;
	struct ct_ruleset *rs = cp->L->rs;
	int kind = -1;
	uint32_t list;
	struct ct_cue *c;

	for (int k = 0; k < CT_CUE_KINDS; k++)
		if (strlen(cue_kind_names[k]) == ln->word_len &&
		    memcmp(cue_kind_names[k], ln->word, ln->word_len) == 0)
			kind = k;
	if (kind < 0 && (list = ct_words_list_of(ln->word, ln->word_len)) != 0)
		return word_line(cp, ln, list);
	if (kind < 0) {
		ct_loader_diag(cp->L, CT_DIAG_ERROR, cp->file, ln->no, ln->word_col,
			       "unknown cue kind '%.*s' (negation, postnegation, pseudo, "
			       "termination, denial, hedge, framing, clause, speech, belief, title, "
			       "group, organization, agency, or a word list's: see rules/words.cues)",
			       (int)ln->word_len, ln->word);
		return CT_OK;
	}
	if (ln->arg_len == 0) {
		ct_loader_diag(cp->L, CT_DIAG_ERROR, cp->file, ln->no, ln->word_col + (int)ln->word_len,
			       "'%.*s' needs a pattern", (int)ln->word_len, ln->word);
		return CT_OK;
	}
	/* The same cue from the built-in list and a cue file counts once. */
	if (name_find(cp->L, kind, ln->arg, ln->arg_len) != SIZE_MAX)
		return CT_OK;
	if (!CT_VEC_RESERVE(rs->cues, rs->cap_cues, rs->n_cues + 1))
		return CT_ENOMEM;
	c = &rs->cues[rs->n_cues++];
	memset(c, 0, sizeof *c);
	c->kind = (enum ct_cue_kind)kind;
	c->source = ct_arena_strndup(&rs->arena, ln->arg, ln->arg_len);
	if (c->source && kind >= CT_CUE_FIRST_LITERAL) {
		/* Lexicon entries compare without case: keep them lowercase. */
		for (char *q = (char *)c->source; *q; q++)
			if (*q >= 'A' && *q <= 'Z')
				*q = (char)(*q | 0x20);
	}
	c->file = cp->file;
	c->line = ln->no;
	c->col = ln->arg_col;
	if (!c->source)
		return CT_ENOMEM;
	return name_add(cp->L, kind, c->source, ln->arg_len, rs->n_cues - 1);
}

int ct_cues_parse(struct ct_loader *L, const char *file, const char *text, size_t len)
{
	struct cue_parser cp = { L, file };

	return each_line(L, file, text, len, cue_line, &cp);
}
