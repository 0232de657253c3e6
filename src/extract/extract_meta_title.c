/*
 * HTML extraction: a page's title as Readability.js (Mozilla, Apache-2.0)
 * reads it: document.title cut at its site-name separator or colon, or the
 * only <h1> when the title is too short or too long. Used when JSON-LD and
 * meta tags give none, and to choose between JSON-LD's name and headline.
 */
#include "extract/extract_meta.h"
#include "base/base.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool in_svg(const xmlNode *n)
{
	for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		if (ct_page_is(p, "svg"))
			return true;
	return false;
}

/* document.title: the first <title>'s text, white space folded. */
static char *doc_title(xmlDoc *doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);

	for (xmlNode *n = root; n; n = ct_page_next(n, root, false))
		if (ct_page_is(n, "title") && !in_svg(n)) {
			char *t = ct_page_text(n);
			return t ? ct_page_squash(t) : NULL;
		}
	return strdup("");
}

static bool is_sep(uint32_t cp)
{
	return cp == '|' || cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == '\\' || cp == '/' ||
	       cp == '>' || cp == 0xBB;
}

static bool is_hier_sep(uint32_t cp)
{
	return cp == '\\' || cp == '/' || cp == '>' || cp == 0xBB;
}

/* Whether t has " S " for a separator S (hierarchical ones only when hier). */
static bool has_spaced_sep(const char *t, bool hier)
{
	size_t n = strlen(t);

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t m = ct_page_cp(t + i, n - i, &cp);
		if (i > 0 && t[i - 1] == ' ' && i + m < n && t[i + m] == ' ' &&
		    (hier ? is_hier_sep(cp) : is_sep(cp)))
			return true;
		i += m;
	}
	return false;
}

/* Heading h1/h2 whose trimmed text is exactly t. */
static bool heading_is(xmlDoc *doc, const char *t)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	bool found = false;

	for (xmlNode *n = root; n && !found; n = ct_page_next(n, root, false)) {
		if (!ct_page_is(n, "h1") && !ct_page_is(n, "h2"))
			continue;
		char *h = ct_page_text(n), *d = h ? ct_page_dup_trim(h) : NULL;
		found = d && strcmp(d, t) == 0;
		free(h);
		free(d);
	}
	return found;
}

/* Text of the only <h1>, white space folded; NULL when not exactly one. */
static char *only_h1(xmlDoc *doc)
{
	xmlNode *root = xmlDocGetRootElement(doc), *h1 = NULL;
	size_t count = 0;

	for (xmlNode *n = root; n; n = ct_page_next(n, root, false))
		if (ct_page_is(n, "h1") && count++ == 0)
			h1 = n;
	if (count != 1)
		return NULL;
	char *t = ct_page_text(h1);
	return t ? ct_page_squash(t) : NULL;
}

/* Removes from s every run of separator characters (for word counts). */
static char *strip_seps(const char *s)
{
	char *d = strdup(s);
	size_t n, k = 0;

	if (!d)
		return NULL;
	n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t m = ct_page_cp(s + i, n - i, &cp);
		if (!is_sep(cp)) {
			memcpy(d + k, s + i, m);
			k += m;
		}
		i += m;
	}
	d[k] = '\0';
	return d;
}

/*
 * The article title from <title>, as Readability cuts it: drop a site
 * name after (or, when too little is left, before) a separator such as
 * " | ", " - " or " – ", or after a colon, unless that leaves four words
 * or fewer.
 * Returns a malloc'd string ("" when the page has no title).
 */
char *ct_meta_article_title(xmlDoc *doc)
{
	char *orig = doc_title(doc), *cur = NULL, *t;
	bool hier = false;
	size_t n;

	if (!orig)
		return NULL;
	n = strlen(orig);
	if (has_spaced_sep(orig, false)) {
		/* "(.*)[sep] .*": everything before the last separator followed
		 * by a space. */
		size_t cut = n;
		hier = has_spaced_sep(orig, true);
		for (size_t i = 0; i < n;) {
			uint32_t cp;
			size_t m = ct_page_cp(orig + i, n - i, &cp);
			if (is_sep(cp) && i + m < n && orig[i + m] == ' ')
				cut = i;
			i += m;
		}
		cur = strndup(orig, cut);
		if (cur && ct_page_word_count(cur) < 3) {
			/* "[^sep]*[sep](.*)": everything after the first separator. */
			size_t from = n;
			for (size_t i = 0; i < n;) {
				uint32_t cp;
				size_t m = ct_page_cp(orig + i, n - i, &cp);
				i += m;
				if (is_sep(cp)) {
					from = i;
					break;
				}
			}
			free(cur);
			cur = strdup(orig + from);
		}
	} else if (strstr(orig, ": ")) {
		if (heading_is(doc, orig)) {
			cur = strdup(orig);
		} else {
			const char *last = strrchr(orig, ':'), *first = strchr(orig, ':');
			cur = strdup(last + 1);
			if (cur && ct_page_word_count(cur) < 3) {
				free(cur);
				cur = strdup(first + 1);
			} else if (cur) {
				char *before = strndup(orig, (size_t)(first - orig));
				if (before && ct_page_word_count(before) > 5) {
					free(cur);
					cur = strdup(orig);
				}
				free(before);
			}
		}
	} else {
		size_t jl = ct_page_js_len(orig);
		if (jl > 150 || jl < 15)
			cur = only_h1(doc);
		if (!cur)
			cur = strdup(orig);
	}
	if (!cur) {
		free(orig);
		return NULL;
	}
	ct_page_squash(cur);
	size_t wc = ct_page_word_count(cur);
	if (wc <= 4) {
		char *stripped = strip_seps(orig);
		if (!hier || (stripped && wc != ct_page_word_count(stripped) - 1)) {
			free(cur);
			cur = orig;
			orig = NULL;
		}
		free(stripped);
	}
	free(orig);
	t = cur;
	return t;
}

/* ---- cleaning a title of the site's name and section prefixes ---- */

/* The length of the spaced separator at s (" | ", " - ", " – ", " — ",
 * " :: ", " » ", " / ", " · ", " • "), 0 when none; with colon, ": " too. */
static size_t spaced_sep(const char *s, bool colon)
{
	static const char *const seps[] = { " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
		" :: ", " \xC2\xBB ", " / ", " \xC2\xB7 ", " \xE2\x80\xA2 ", NULL };

	if (colon && s[0] == ':' && s[1] == ' ')
		return 2;
	for (size_t i = 0; seps[i]; i++)
		if (strncmp(s, seps[i], strlen(seps[i])) == 0)
			return strlen(seps[i]);
	return 0;
}

#define MAX_SEGS 16

/* Splits t at its spaced separators: segment k is t[beg[k], end[k]).
 * Returns the number of segments (1 when none, at most MAX_SEGS). */
static size_t split_segs(const char *t, bool colon, size_t *beg, size_t *end)
{
	size_t n = strlen(t), k = 0;

	beg[0] = 0;
	for (size_t i = 0; i < n && k + 1 < MAX_SEGS; i++) {
		size_t l = i > 0 ? spaced_sep(t + i, colon) : 0;
		if (!l || i + l >= n)
			continue;
		end[k++] = i;
		beg[k] = i + l;
		i += l - 1;
	}
	end[k] = n;
	return k + 1;
}

/* The folded form of t[b, e). */
static char *fold_range(const char *t, size_t b, size_t e)
{
	char *s = strndup(t + b, e - b), *f = s ? ct_meta_fold(s) : NULL;

	free(s);
	return f;
}

/* Whether seg reads as a bare host name ("energieverbraucher.de") or a
 * date ("23.01.2022", "2019/10/18"): never part of an article's title. */
static bool seg_is_host_or_date(const char *seg)
{
	size_t n = strlen(seg), digits = 0, dots = 0;
	bool date = true, host = true;
	const char *last_dot = strrchr(seg, '.');

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)seg[i];
		digits += c >= '0' && c <= '9';
		dots += c == '.';
		date = date && ((c >= '0' && c <= '9') || c == '.' || c == '/' || c == '-');
		host = host && (isalnum(c) || c == '.' || c == '-');
	}
	if (date && digits >= 6)
		return true;
	/* A host: dotted, ending in a top-level domain of letters. */
	if (!host || !dots || !last_dot || strlen(last_dot + 1) < 2)
		return false;
	for (const char *p = last_dot + 1; *p; p++)
		if (!isalpha((unsigned char)*p))
			return false;
	return true;
}

/*
 * Whether a segment of a title is the site's name: its folded form is a
 * site's, holds one (in a few words: "Harper's Magazine" for harpers.org),
 * or is held in a label of a host name ("Falstaff" in falstaff.de).
 */
static bool seg_is_site(const char *seg, const char *const *sites)
{
	char *f = ct_meta_fold(seg);
	bool hit = false, few = ct_page_word_count(seg) <= 5;
	size_t fl = f ? strlen(f) : 0;

	for (size_t i = 0; fl && !hit && sites && sites[i]; i++) {
		const char *name = sites[i];
		if (strchr(name, '.') && !strchr(name, ' ')) {
			/* Each label of a host name but the top-level domain and
			 * "www": "tagblatt" of "www.tagblatt.ch". */
			const char *lab = name, *dot;
			while (!hit && (dot = strchr(lab, '.'))) {
				char *s = fold_range(name, (size_t)(lab - name), (size_t)(dot - name));
				size_t sl = s ? strlen(s) : 0;
				hit = sl >= 4 && strcmp(s, "www") != 0 &&
				      (strcmp(f, s) == 0 || (few && strstr(f, s)) || strstr(s, f));
				free(s);
				lab = dot + 1;
			}
		} else {
			char *s = ct_meta_fold(name);
			size_t sl = s ? strlen(s) : 0;
			hit = sl && (strcmp(f, s) == 0 || (sl >= 4 && few && strstr(f, s)));
			free(s);
		}
	}
	free(f);
	return hit;
}

/* Whether element n is a heading's kicker or text for screen readers only:
 * its class says "kicker", "dachzeile", "topline", "label", "sr-only" or
 * the like. */
static bool is_kicker(const xmlNode *n)
{
	static const char *const marks[] = { "kicker", "dachzeile", "topline", "overline",
		"roofline", "eyebrow", "label", "visually-hidden", "sr-only", "screen-reader", NULL };
	const char *c = ct_page_attr(n, "class");

	for (size_t i = 0; c && marks[i]; i++)
		if (strstr(c, marks[i]))
			return true;
	return false;
}

/* The text of heading h without its kickers, white space folded;
 * malloc'd, NULL when out of memory. */
static char *heading_text(const xmlNode *h)
{
	struct ct_buf b = CT_BUF_INIT(CT_PAGE_VALUE_MAX);

	for (const xmlNode *c = h->children; c;) {
		if (ct_page_is_text(c) && c->content)
			ct_buf_adds(&b, (const char *)c->content);
		if (ct_page_is_el(c) && c->children && !is_kicker(c)) {
			c = c->children;
			continue;
		}
		while (c && c != h && !c->next)
			c = c->parent;
		c = c && c != h ? c->next : NULL;
	}
	char *t = ct_buf_detach(&b, NULL);
	return t ? ct_page_squash(t) : NULL;
}

/*
 * The part of title that the page's heading (one of its first <h1>s)
 * repeats, when the rest is shorter: "Chronik: X", "Site - X | Section"
 * for a heading X. Returns the part, malloc'd; NULL when none.
 */
static char *part_in_heading(xmlDoc *doc, const char *title)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	size_t beg[MAX_SEGS], end[MAX_SEGS], nseg = split_segs(title, true, beg, end), seen = 0;
	char *ft = ct_meta_fold(title), *best = NULL;
	size_t tl = ft ? strlen(ft) : 0;

	if (nseg < 2 || !tl) {
		free(ft);
		return NULL;
	}
	for (xmlNode *n = root; n && seen < 3 && !best; n = ct_page_next(n, root, false)) {
		if (!ct_page_is(n, "h1"))
			continue;
		seen++;
		char *h = heading_text(n), *fh = h ? ct_meta_fold(h) : NULL;
		size_t hl = fh ? strlen(fh) : 0;
		/* The heading is the main part: longer than what the title adds. */
		for (size_t i = 0; hl && hl * 2 > tl && hl < tl && i < nseg && !best; i++)
			for (size_t j = i; j < nseg && !best; j++) {
				if (i == 0 && j == nseg - 1)
					continue;
				char *fp = fold_range(title, beg[i], end[j]);
				if (fp && strcmp(fp, fh) == 0)
					best = strndup(title + beg[i], end[j] - beg[i]);
				free(fp);
			}
		free(h);
		free(fh);
	}
	free(ft);
	return best;
}

/*
 * The heading (one of the page's first <h1>s) that a cut-off title
 * begins: the title ends in "..." or "…", or is long (80 bytes or more),
 * and the heading goes on after it. Malloc'd; NULL when none.
 */
static char *heading_going_on(xmlDoc *doc, const char *title)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	size_t n = strlen(title), seen = 0;
	bool cut = false;
	char *best = NULL;

	if (n > 3 && strcmp(title + n - 3, "...") == 0)
		n -= 3, cut = true;
	else if (n > 3 && strcmp(title + n - 3, "\xE2\x80\xA6") == 0)
		n -= 3, cut = true;
	if (!cut && n < 80)
		return NULL;
	char *ft = fold_range(title, 0, n);
	size_t tl = ft ? strlen(ft) : 0;
	for (xmlNode *e = root; tl >= 15 && e && seen < 3 && !best; e = ct_page_next(e, root, false)) {
		if (!ct_page_is(e, "h1"))
			continue;
		seen++;
		char *h = heading_text(e), *fh = h ? ct_meta_fold(h) : NULL;
		if (fh && strlen(fh) > tl && strncmp(fh, ft, tl) == 0) {
			best = h;
			h = NULL;
		}
		free(h);
		free(fh);
	}
	free(ft);
	return best;
}

char *ct_meta_title_clean(xmlDoc *doc, char *title, const char *const *sites)
{
	size_t beg[MAX_SEGS], end[MAX_SEGS], nseg, first, last;
	char *part;

	if (!title || !*title)
		return title;
	/* The site's name as a segment: it and all after it cut from the end,
	 * or it and all before it from the start. */
	nseg = split_segs(title, false, beg, end);
	first = 0;
	last = nseg - 1;
	for (size_t k = 1; k < nseg; k++) {
		char *seg = strndup(title + beg[k], end[k] - beg[k]);
		bool site = seg && (seg_is_site(seg, sites) || seg_is_host_or_date(seg));
		free(seg);
		if (site) {
			last = k - 1;
			break;
		}
	}
	for (size_t k = last; k-- > 0;) {
		char *seg = strndup(title + beg[k], end[k] - beg[k]);
		bool site = seg && (seg_is_site(seg, sites) || seg_is_host_or_date(seg));
		free(seg);
		/* Only a prefix shorter than what is left: "Site - Title". */
		if (site && end[last] - beg[k + 1] > end[k]) {
			first = k + 1;
			break;
		}
	}
	if ((first > 0 || last < nseg - 1) &&
	    (part = strndup(title + beg[first], end[last] - beg[first]))) {
		free(title);
		title = part;
	}
	/* The site's name in brackets at the end: "Title (Site)". */
	{
		size_t n = strlen(title);
		char *open = n > 2 && title[n - 1] == ')' ? strrchr(title, '(') : NULL;
		if (open && open > title + 1 && open[-1] == ' ') {
			char *seg = strndup(open + 1, (size_t)(title + n - 1 - open - 1));
			if (seg && seg_is_site(seg, sites))
				open[-1] = '\0';
			free(seg);
		}
	}
	/* A separator left dangling at the end: "Title -". */
	{
		size_t n = strlen(title);
		while (n > 2 && title[n - 2] == ' ' && strchr("-|:", title[n - 1]))
			title[n -= 2] = '\0';
	}
	if ((part = heading_going_on(doc, title))) {
		free(title);
		return part;
	}
	/* Then a section prefix or a subtitle the heading leaves out. */
	if ((part = part_in_heading(doc, title))) {
		free(title);
		title = part;
	}
	return title;
}
