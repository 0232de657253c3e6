/*
 * HTML extraction: a page's title as Readability.js (Mozilla, Apache-2.0)
 * reads it: document.title cut at its site-name separator or colon, or the
 * only <h1> when the title is too short or too long. Used when JSON-LD and
 * meta tags give none, and to choose between JSON-LD's name and headline.
 */
#include "extract/extract_meta.h"

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
