/*
 * Internal: the readers behind ct_page_meta_read() (extract_meta.c):
 * the title as Readability cuts it (extract_meta_title.c), and JSON-LD and
 * meta tags (extract_meta_tags.c). Not installed.
 */
#ifndef CT_EXTRACT_META_H
#define CT_EXTRACT_META_H

#include "extract/extract_internal.h"

/* ---- the title (extract_meta_title.c) ---- */

/*
 * The article title from <title>, as Readability cuts it: drop a site
 * name after (or, when too little is left, before) a separator such as
 * " | ", " - " or " – ", or after a colon, unless that leaves four words
 * or fewer.
 * Returns a malloc'd string ("" when the page has no title).
 */
char *ct_meta_article_title(xmlDoc *doc);

/*
 * The title cleaned of the site's name and of section prefixes: a first
 * or last segment (between spaced separators such as " | ", " - ", " » ")
 * that is one of sites (NULL-terminated: declared names, the outlet, the
 * host), a bare host name or a date is cut, with all beyond it; then,
 * when one of the first <h1>s (without its kicker) repeats the larger part
 * of what is left ("Chronik: X", "X - Subtitle"), that part; when the
 * title is cut short ("X...") and a heading goes on after it, the heading;
 * a site's name in brackets at the end ("X (Site)") and a dangling
 * separator ("X -") are dropped.
 * Takes title (malloc'd) and returns it or its replacement, malloc'd.
 */
char *ct_meta_title_clean(xmlDoc *doc, char *title, const char *const *sites);

/* ---- bylines (byline.c) ---- */

/* s with ASCII letters lowercased and ASCII punctuation and spaces left
 * out, for comparing names; malloc'd, NULL when out of memory. */
char *ct_meta_fold(const char *s);

/* Whether name is the site's own (one of sites, NULL-terminated: declared
 * site names, the outlet, the host) or reads as an organisation or a web
 * address rather than a person. */
bool ct_byline_is_site(const char *name, const char *const *sites);

/*
 * The name in a byline (raw), its frame cut off: the word introducing it
 * ("By", "Von", "Par", "Por", "Text:"), a date or place after it. NULL
 * when what is left is empty, a label, an e-mail address, too long for a
 * name, or the site's own name (see ct_byline_is_site()). Malloc'd.
 */
char *ct_byline_clean(const char *raw, const char *const *sites);

/* What a "twitter:data1" meta tag says when its "twitter:label1" says
 * "Written by" (as WordPress SEO plugins write them); malloc'd, raw;
 * NULL when none. */
char *ct_byline_twitter(xmlDoc *doc);

/* A byline element's name, else a "By X"/"Von X" line among the first
 * lines after the page's first <h1>, else a labelled line ("Autor: X")
 * anywhere in the body, as ct_byline_clean() leaves it; malloc'd, NULL
 * when none. */
char *ct_byline_near_title(xmlDoc *doc, const char *const *sites);

/* ---- JSON-LD and meta tags (extract_meta_tags.c) ---- */

/* What the first JSON-LD article object says; strings malloc'd (NULL when
 * absent), freed with ct_meta_jsonld_release(). */
struct jsonld {
	char *title, *author, *site, *body;
	bool found;
};

enum meta_key {
	K_DC_TITLE, K_DCTERM_TITLE, K_OG_TITLE, K_WEIBO_ARTICLE_TITLE, K_WEIBO_WEBPAGE_TITLE,
	K_TITLE, K_TWITTER_TITLE, K_PARSELY_TITLE,
	K_DC_CREATOR, K_DCTERM_CREATOR, K_AUTHOR, K_PARSELY_AUTHOR, K_ARTICLE_AUTHOR,
	K_OG_SITE_NAME,
	K_N
};

/* What meta, link and html attributes say (ct_meta_read_tags());
 * strings malloc'd, freed with ct_meta_tags_release(). */
struct metas {
	char *v[K_N];
	char *og_url;
	char *canonical;
	char *lang;
};

/* The first <script type="application/ld+json"> that describes an article. */
void ct_meta_read_jsonld(xmlDoc *doc, struct jsonld *j);
void ct_meta_jsonld_release(struct jsonld *j);

/* Reads meta, link and html attributes; false when out of memory. */
bool ct_meta_read_tags(xmlDoc *doc, struct metas *m);
void ct_meta_tags_release(struct metas *m);

#endif
