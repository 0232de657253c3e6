/*
 * Wire credits: the agency a document says its story comes from.
 *
 * A story an outlet carries from a wire agency credits it in a dateline
 * ("KABUL (Reuters) - ", "WASHINGTON (AP) — ", "BERLIN, Dec 6 (dpa) -")
 * or a sign-off ("— The Associated Press", "(AFP)", "Copyright 2023 The
 * Canadian Press. All rights reserved."). The names a credit may use are
 * the `agency` entries of the cue files (rules/attribution.cues; a cue
 * file in the rules path adds more); the canonical name is the outlet
 * block's that has it as name or alias, else the name as the text writes it.
 */
#include "attrib/attrib_internal.h"

#define DATELINE_PARAGRAPHS 3   /* a byline and a headline may come first */
#define DATELINE_BYTES 200      /* "CITY, Region, Month D, YYYY (AGENCY) - " */
#define SIGNOFF_PARAGRAPHS 3    /* a footer or a newsletter line may follow */
#define NAME_BYTES 60

/* Whether s[0, n), without a leading "The ", is an agency of the ruleset. */
static bool is_agency(const struct ct_ruleset *rs, const char *s, size_t n)
{
	if (n > 4 && strncasecmp(s, "the ", 4) == 0) {
		s += 4;
		n -= 4;
	}
	for (size_t i = 0; i < rs->n_cues; i++) {
		const struct ct_cue *c = &rs->cues[i];
		if (c->kind == CT_CUE_AGENCY && strlen(c->source) == n &&
		    strncasecmp(c->source, s, n) == 0)
			return true;
	}
	return false;
}

/* The length of a dash at s (n bytes left): '-', "--", an en or em dash; 0. */
static size_t dash_len(const char *s, size_t n)
{
	if (n >= 2 && s[0] == '-' && s[1] == '-')
		return 2;
	if (n >= 1 && s[0] == '-')
		return 1;
	if (n >= 3 && memcmp(s, "\xe2\x80", 2) == 0 && (s[2] == '\x93' || s[2] == '\x94'))
		return 3;
	return 0;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\n' ||
		      (*s)[*n - 1] == '\r'))
		(*n)--;
}

/*
 * A dateline credit in p[0, n): "(AGENCY)" in the paragraph's first bytes,
 * followed by a dash or a colon. *name, *name_len: the agency as written.
 */
static bool dateline(const struct ct_ruleset *rs, const char *p, size_t n, const char **name,
		     size_t *name_len)
{
	size_t lim = n < DATELINE_BYTES ? n : DATELINE_BYTES;

	for (size_t i = 0; i < lim; i++) {
		/* The next "(", by memchr(): most of the bytes are none. */
		const char *open = memchr(p + i, '(', lim - i);
		if (!open)
			break;
		i = (size_t)(open - p);
		const char *close = memchr(p + i + 1, ')', n - i - 1 < NAME_BYTES ? n - i - 1 : NAME_BYTES);
		if (!close)
			continue;
		const char *s = p + i + 1;
		size_t len = (size_t)(close - s), k = (size_t)(close + 1 - p);
		trim(&s, &len);
		while (k < n && p[k] == ' ')
			k++;
		if (len && is_agency(rs, s, len) && (dash_len(p + k, n - k) || (k < n && p[k] == ':'))) {
			*name = s;
			*name_len = len;
			return true;
		}
	}
	return false;
}

/*
 * A sign-off credit, the whole paragraph p[0, n): "— The Associated
 * Press", "(AFP)", "Reuters", or a copyright line "Copyright 2023 The
 * Canadian Press. All rights reserved." / "© 2023 AFP".
 */
static bool signoff(const struct ct_ruleset *rs, const char *p, size_t n, const char **name,
		    size_t *name_len)
{
	size_t d;

	trim(&p, &n);
	while ((d = dash_len(p, n)) != 0) {
		p += d;
		n -= d;
		trim(&p, &n);
	}
	if (n > 10 && strncasecmp(p, "copyright ", 10) == 0) {
		p += 10;
		n -= 10;
	} else if (n > 2 && memcmp(p, "\xc2\xa9", 2) == 0) {
		p += 2;
		n -= 2;
	} else if (n > 2 && p[0] == '(' && p[n - 1] == ')') {
		p++;
		n -= 2;
	}
	trim(&p, &n);
	if (n >= 2 && memcmp(p, "\xc2\xa9", 2) == 0) {   /* "Copyright © 2023 …" */
		p += 2;
		n -= 2;
	}
	while (n && ((*p >= '0' && *p <= '9') || *p == ' ' || *p == ','))
		p++, n--;
	/* The name ends at a period that ends a sentence ("… Press. All rights reserved."). */
	for (size_t i = 0; i < n; i++)
		if (p[i] == '.' && (i + 1 == n || p[i + 1] == ' ')) {
			n = i;
			break;
		}
	trim(&p, &n);
	if (n == 0 || n > NAME_BYTES || !is_agency(rs, p, n))
		return false;
	*name = p;
	*name_len = n;
	return true;
}

size_t ct_doc_credit(const struct ct_ruleset *rs, const struct ct_doc *doc, char *out, size_t cap)
{
	const char *name = NULL;
	size_t len = 0, np = doc->n_paragraphs;
	bool found = false;

	if (cap)
		out[0] = '\0';
	if (!rs || !cap)
		return 0;
	for (size_t i = 0; i < np && i < DATELINE_PARAGRAPHS && !found; i++) {
		const struct ct_span *sp = &doc->paragraphs[i];
		found = dateline(rs, doc->body + sp->start, sp->end - sp->start, &name, &len);
	}
	for (size_t i = np; i > 0 && np - i < SIGNOFF_PARAGRAPHS && !found; i--) {
		const struct ct_span *sp = &doc->paragraphs[i - 1];
		found = signoff(rs, doc->body + sp->start, sp->end - sp->start, &name, &len);
	}
	if (!found)
		return 0;
	/* The outlet block's name when one has it; as written otherwise. */
	char written[NAME_BYTES + 1];
	struct ct_attribution probe;
	const char *canon;
	memcpy(written, name, len);
	written[len] = '\0';
	memset(&probe, 0, sizeof probe);
	probe.rs = rs;
	canon = ct_attr_rules_outlet(&probe, written);
	if (!canon)
		canon = strncasecmp(written, "the ", 4) == 0 ? written + 4 : written;
	len = strlen(canon);
	if (len >= cap) {
		/* Cut where a character starts. */
		len = cap - 1;
		while (len > 0 && ((unsigned char)canon[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(out, canon, len);
	out[len] = '\0';
	return len;
}
