/*
 * Internal: the state of one Readability attempt on a parsed page, shared
 * by extract.c (finding the article), extract_grab.c (per-element measures
 * and the tree edits that keep them true) and extract_clean.c (cleaning
 * the article found). Not installed.
 */
#ifndef CT_EXTRACT_GRAB_H
#define CT_EXTRACT_GRAB_H

#include "extract/extract_internal.h"

#define CHAR_THRESHOLD 500        /* characters an article needs */

enum {
	FLAG_STRIP_UNLIKELYS = 1 << 0,
	FLAG_WEIGHT_CLASSES = 1 << 1,
	FLAG_CLEAN_CONDITIONALLY = 1 << 2,
	FLAG_READ_NOSCRIPT = 1 << 3,    /* <noscript> read as the page, not dropped */
};

/*
 * Readability's measures of an element's textContent, kept on the element
 * and built from its children's, so that each is counted once until its
 * subtree changes (dirty() forgets them up the tree).
 */
struct tsum {
	size_t chars;          /* non-space characters, in UTF-16 units */
	size_t gaps;           /* white space runs between them */
	size_t raw;            /* all characters */
	size_t commas;         /* ',' and the commas of other scripts */
	size_t ascii_commas;
	bool any;              /* has a non-space character */
	bool lead, trail;      /* white space before the first, after the last */
	bool ws;               /* has white space */
};

/* What the scoring knows of one element, hung on its _private pointer. */
struct info {
	double score;
	bool scored;              /* Readability's node.readability is set */
	bool data_table;
	bool headline_block;      /* kept for holding the headline despite its class */
	bool cached;              /* t and links are up to date */
	struct tsum t;
	double links;             /* length of the link text below, weighed */
};

#define INFO_CHUNK 512

struct info_chunk {
	struct info_chunk *next;
	size_t used;
	struct info v[INFO_CHUNK];
};

struct vec {
	xmlNode **v;
	size_t n, cap;
};

/* One attempt at one parse of the page. */
struct grab {
	xmlDoc *doc;
	unsigned flags;
	const char *title;
	bool find_byline;
	char *byline;             /* found in an earlier attempt: kept */
	xmlNode *headline;        /* the page's only <h1>; NULL */
	struct info_chunk *chunks;
	struct info dummy;        /* handed out when out of memory */
	struct vec trash;         /* nodes taken out of the tree, freed at the end */
	bool oom;
};

/* Walks the elements below n (not n) in document order. */
#define FOR_EACH_BELOW(c, n) \
	for (xmlNode *c = ct_page_first_el(n); c; c = ct_page_next(c, (n), false))


/* ---- bookkeeping (extract_grab.c) ---- */

/* Appends n to v; false when out of memory. */
bool ct_grab_push(struct vec *v, xmlNode *n);
/* n's measures, made on first use (a zeroed dummy, and g->oom, when out of
 * memory); owned by g until release. */
struct info *ct_grab_info(struct grab *g, xmlNode *n);
/* n's measures when it has any, else a zeroed one; never made. */
const struct info *ct_grab_peek(const xmlNode *n);

/* Tree edits that forget the cached measures they make stale. */
void ct_grab_drop(struct grab *g, xmlNode *n);
void ct_grab_append(xmlNode *parent, xmlNode *c);
void ct_grab_replace(xmlNode *old, xmlNode *nw);
void ct_grab_rename(xmlNode *n, const char *tag);
xmlNode *ct_grab_new_el(struct grab *g, const char *tag);

/* ---- names and attributes (extract_grab.c) ---- */

const char *ct_grab_attr_or_empty(const xmlNode *n, const char *name);
bool ct_grab_any_lower(const char *low, size_t n, const char *const *words);
void ct_grab_lower_into(char *low, const char *s, size_t n);
bool ct_grab_any_ci(const char *s, const char *const *words);

/* ---- text measures (extract_grab.c) ---- */

struct tsum ct_grab_sum(struct grab *g, xmlNode *n, double *links);
size_t ct_grab_text_len(struct grab *g, xmlNode *n);
double ct_grab_link_density(struct grab *g, xmlNode *n);
char *ct_grab_inner_text(const xmlNode *n);
bool ct_grab_blank_text(const char *s);
int ct_grab_class_weight(const struct grab *g, const xmlNode *n);
size_t ct_grab_count_below(const xmlNode *n, const char *tag);
size_t ct_grab_count_children(const xmlNode *n);
bool ct_grab_has_ancestor(const xmlNode *n, const char *tag, int max_depth, bool want_data_table);

/* ---- cleaning the article (extract_clean.c) ---- */

/*
 * Readability's _prepArticle: forms, share bars, embeds, inputs, furniture
 * headings, fishy tables, lists and divs and empty paragraphs are taken out
 * of content (dropped nodes go to g's trash).
 */
void ct_grab_prep_article(struct grab *g, xmlNode *content);

#endif
