/*
 * HTML extraction: a saved or fetched page to a document.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_EXTRACT_H
#define CLAIMTRACK_EXTRACT_H

#include "claimtrack/doc.h"
#include "claimtrack/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Reads a web page into a document: the body is the article's main text
 * (paragraphs separated by blank lines; navigation, sidebars, comments,
 * share bars, captions and link lists left out), and title, author, date
 * (YYYY-MM-DD), outlet, url and lang come from the page's metadata
 * (JSON-LD, OpenGraph and other meta tags, <time>, <link rel=canonical>,
 * <title>). `url` (may be NULL) is where the page was read from; a
 * canonical link (else og:url) replaces it when on the same site (the
 * same registrable domain: www.bbc.co.uk and bbc.co.uk are one site), or
 * when url is NULL or not http(s). One on another site is not trusted for
 * the url, the outlet or telling a stored document: it goes to
 * doc->canonical. `charset` (may be NULL) is the HTTP
 * header's. The encoding is a byte order mark's; else UTF-8 when the
 * bytes are valid UTF-8 with non-ASCII text (labels are often stale);
 * else `charset`, else a <meta> declaration, else windows-1252. The outlet is
 * the ruleset's outlet block for the doc's url's domain (rs may be NULL), else
 * the site name the page declares, else the host name. `source` (may be
 * NULL) is copied. doc->n_nul counts NUL characters dropped, n_replaced
 * bytes the encoding could not decode. Returns CT_ELIMIT when len >
 * max_bytes or when elements nest deeper than the parser's limit (256);
 * a page without article text gives an empty body. The caller frees *out
 * with ct_doc_free().
 */
int ct_doc_from_html(const char *html, size_t len, size_t max_bytes, const char *url,
		     const char *charset, const struct ct_ruleset *rs, const char *source,
		     struct ct_doc **out);

/*
 * Whether data starts like an HTML page: "<!doctype html", "<html" or
 * "<head", after a byte order mark, white space, comments or an XML
 * declaration. For deciding how to read an input whose name says nothing.
 */
bool ct_looks_like_html(const char *data, size_t len);

/*
 * Prepares the libraries claimtrack uses for threads: call once from the
 * main thread before other threads read documents (HTML parsing sets up
 * shared state on first use). Calling it again does nothing.
 */
void ct_init(void);

#ifdef __cplusplus
}
#endif
#endif
