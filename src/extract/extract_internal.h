/*
 * Internal: HTML extraction, shared by extract_doc.c (documents from
 * pages), extract.c (main text, with extract_grab.c and extract_clean.c
 * behind extract_grab.h), extract_text.c (a subtree as text),
 * extract_meta.c (metadata, with extract_meta_tags.c and
 * extract_meta_title.c behind extract_meta.h), extract_charset.c (bytes
 * to UTF-8), extract_skip.c (what the parser need not read) and
 * extract_dom.c (tree and text helpers). Not installed.
 */
#ifndef CT_EXTRACT_INTERNAL_H
#define CT_EXTRACT_INTERNAL_H

#include <libxml/HTMLparser.h>
#include <string.h>
#include <libxml/tree.h>

#include "claimtrack/rules.h"

/* ---- bytes to UTF-8 (extract_charset.c) ---- */

/*
 * Converts a page to UTF-8. The encoding is, in this order: a byte order
 * mark; UTF-8 when the bytes are valid UTF-8 and hold non-ASCII text;
 * `charset` (the HTTP header's; may be NULL); a <meta charset> or
 * http-equiv declaration near the start; else UTF-8 when the bytes are
 * valid UTF-8 and windows-1252 when they are not. Labels are read as the
 * WHATWG Encoding standard does (latin1 and ascii mean windows-1252).
 * Bytes the encoding cannot decode become U+FFFD (*n_replaced counts
 * them); NUL characters are dropped (*n_nul); form feeds become spaces
 * and other C0 controls but tab, CR and LF are dropped, as libxml2 would
 * drop them silently, and so are C1 controls (U+0080 to U+009F). The
 * result is valid UTF-8 without control characters but tab, CR, LF and
 * DEL, nor U+FFFE or U+FFFF. *out is malloc'd and NUL-terminated; the
 * caller frees it.
 */
int ct_page_to_utf8(const char *data, size_t len, const char *charset, char **out,
		    size_t *n_out, size_t *n_nul, size_t *n_replaced);

/*
 * Whether ct_page_to_utf8() would give the bytes of data back unchanged
 * but for a UTF-8 byte order mark (*bom is its length, or 0): the page
 * is read as UTF-8, all of it valid and free of the characters it drops
 * or replaces.
 */
bool ct_page_utf8_as_is(const char *data, size_t len, const char *charset, size_t *bom);

/* ---- raw text the parser need not read (extract_skip.c) ---- */

/*
 * Takes the content out of <script> and <style> elements, JSON scripts
 * aside, and the attributes nothing reads (ct_page_keeps_attr()), in
 * s[0, n) (UTF-8, no NULs) before it is parsed, reading the markup as
 * libxml2 does. Works in place and NUL-terminates what is left when it
 * shrank; returns its length.
 */
size_t ct_page_skip_raw(char *s, size_t n);

/* The same, from s to out (n + 1 bytes, not overlapping s), which is
 * NUL-terminated. Saves a copy of a page that needs no conversion. */
size_t ct_page_skip_raw_copy(const char *s, size_t n, char *out);

/*
 * Whether attribute `name` of a `tag` element survives ct_page_skip_raw(),
 * which takes out those nothing reads. An attribute read with
 * ct_page_attr() must be listed in extract_skip.c.
 */
bool ct_page_keeps_attr(const char *tag, const char *name);

/* ---- tree and text helpers (extract_dom.c) ---- */

/*
 * Parses UTF-8 HTML with libxml2 (recovering, no network, no messages,
 * the default nesting limit). CT_ELIMIT when the parser stopped at that
 * limit, CT_ENOMEM when it could not build a tree. *out is freed with
 * xmlFreeDoc().
 */
int ct_page_parse(const char *utf8, size_t len, xmlDoc **out);

/* Whether cp is white space as JavaScript's \s reads it. */
bool ct_page_space(uint32_t cp);

/* Decodes one code point of valid UTF-8 at s (n bytes left); its length. */
size_t ct_page_cp(const char *s, size_t n, uint32_t *cp);

/* The value of attribute `name` of element n; NULL when absent. Borrowed
 * from the tree. */
const char *ct_page_attr(const xmlNode *n, const char *name);

/* Whether n is an element named `tag` (lowercase). */
bool ct_page_is(const xmlNode *n, const char *tag);

static inline bool ct_page_is_el(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE;
}

static inline bool ct_page_is_text(const xmlNode *n)
{
	return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

/* Whether n is an element named in tags (NULL-terminated, lowercase). */
static inline bool ct_page_tag_in(const xmlNode *n, const char *const *tags)
{
	const char *name;

	if (!ct_page_is_el(n))
		return false;
	name = (const char *)n->name;
	for (; *tags; tags++)
		if (name[0] == (*tags)[0] && strcmp(name, *tags) == 0)
			return true;
	return false;
}

/* The <body> element; NULL when the page has none. */
xmlNode *ct_page_body(xmlDoc *doc);

/* Element children and pre-order walks over elements only. */
xmlNode *ct_page_first_el(const xmlNode *n);
xmlNode *ct_page_next_el(const xmlNode *n);
/* The element after n in document order below `root`; when skip_kids,
 * n's own subtree is skipped. NULL at the end of root's subtree. */
xmlNode *ct_page_next(const xmlNode *n, const xmlNode *root, bool skip_kids);

/* The text content of n (all text below it), malloc'd; NULL when out of
 * memory. */
char *ct_page_text(const xmlNode *n);

/* Trims s and folds each run of white space into one space, in place. */
char *ct_page_squash(char *s);

/*
 * How much of b's words a shares, as Readability's textSimilarity: 1 when
 * every word of b is in a, 0 when none is (or either has no words).
 */
double ct_page_similarity(const char *a, const char *b);

/* Length of s in UTF-16 code units, as JavaScript counts it. */
size_t ct_page_js_len(const char *s);

#define CT_PAGE_VALUE_MAX 4096   /* bytes kept of one metadata value */

/* A copy of s (may be NULL) without leading and trailing ASCII white
 * space, cut at CT_PAGE_VALUE_MAX bytes; malloc'd, NULL when s is NULL or
 * out of memory. */
char *ct_page_dup_trim(const char *s);

/* Words in s as JavaScript's str.split(/\s+/).length counts them. */
size_t ct_page_word_count(const char *s);

/* Whether c is ASCII white space as HTML reads it (no \v). */
bool ct_page_ascii_ws(char c);

/* ---- text of a subtree (extract_text.c) ---- */

/*
 * Writes the text of the subtree at root: one paragraph per block,
 * separated by blank lines, white space folded, <br> a line break,
 * captions, forms and navigation left out. *out is malloc'd.
 */
int ct_page_write_text(const xmlNode *root, char **out);

/* A JSON-LD articleBody as text: HTML in it read as such, else a paragraph
 * per line. *out is malloc'd. */
int ct_page_article_body_text(const char *body, char **out);

/* ---- metadata (extract_meta.c) ---- */

struct ct_page_meta {
	char *title;
	char *author;          /* from JSON-LD or meta tags; NULL */
	char *date;            /* YYYY-MM-DD; NULL */
	const char *date_source; /* static: where date came from (dates.h); NULL */
	char *modified;        /* YYYY-MM-DD, the declared last change; NULL */
	char *outlet;
	char *url;             /* canonical, else og:url, on the given one's site; else the given one */
	char *canonical;       /* canonical or og:url on another site: not trusted; NULL */
	char *lang;
	char *article_body;    /* JSON-LD articleBody; NULL */
	char *sites[5];        /* the site's own names, NULL-terminated: never an author */
	char *text_byline;     /* a "By X" line after the headline, cleaned; NULL */
	char *site_author;     /* an author that is the site's own name: the last resort; NULL */
};

/*
 * Reads a page's metadata: JSON-LD (Article types), meta tags (OpenGraph,
 * Dublin Core, Parse.ly, name=author), <time datetime>, <link
 * rel=canonical>, the <title> element and headings. `url` (may be NULL)
 * is where the page was read from: a canonical link or og:url replaces it
 * only on the same site (any, when url is not http(s)); one on another
 * site goes to m->canonical instead. rs (may be NULL) gives outlet names
 * by domain.
 * Strings in *m are malloc'd; release them with ct_page_meta_release().
 */
int ct_page_meta_read(xmlDoc *doc, const char *url, const struct ct_ruleset *rs,
		      struct ct_page_meta *m);
void ct_page_meta_release(struct ct_page_meta *m);

/* ---- main text (extract.c) ---- */

/*
 * The article text of a page: paragraphs separated by blank lines. `doc`
 * is the page parsed from utf8 (it is modified); further attempts parse
 * utf8 again. `title` is the article's title (a heading repeating it is
 * dropped); when `find_byline`, the first byline-like element is taken
 * out of the text and returned in *byline (malloc'd; NULL when none).
 * *text is malloc'd ("" when nothing was found).
 */
int ct_page_article(xmlDoc *doc, const char *utf8, size_t len, const char *title,
		    bool find_byline, char **text, char **byline);

#endif
