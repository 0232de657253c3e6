/*
 * Documents from text: header lines, body, paragraphs.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_DOC_H
#define CLAIMTRACK_DOC_H

#include "claimtrack/text.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CT_DOC_MAX_BYTES (10u << 20)   /* default cap on one document */

/*
 * One article. The body is valid UTF-8 without NUL bytes; every offset the
 * library reports for a document is a byte offset into `body`, which is the
 * input after its header lines (and equal to it byte for byte when the
 * input was valid UTF-8 without NULs).
 */
struct ct_doc {
	/* Metadata from header lines or set by the caller; NULL when unknown. */
	char *date;             /* publication date, YYYY-MM-DD */
	char *title;
	char *outlet;           /* as given; canonicalized by ct_attribute() */
	char *url;
	char *author;
	char *lang;
	char *source;           /* where it was read from: a path, "-", a URL */
	char *canonical;        /* a page's canonical link (or og:url) on another
				   site than where it was read: not trusted as
				   its url, only kept; NULL */
	char *date_source;      /* a page's: which source gave date ("json-ld",
				   "meta", "url", "byline", …); NULL */
	char *modified;         /* a page's declared last change, YYYY-MM-DD; NULL */
	char *body;             /* NUL-terminated */
	size_t body_len;
	size_t body_offset;     /* where the body starts in the input bytes */
	size_t n_replaced;      /* invalid bytes replaced by U+FFFD */
	size_t n_nul;           /* NUL bytes dropped */
	char hash[17];          /* hex FNV-1a 64 of the body */
	struct ct_span *paragraphs;
	size_t n_paragraphs;
	struct ct_span *sentences;
	size_t n_sentences;
};

/*
 * Reads a plain-text document: an optional header, lines of `KEY VALUE` or
 * `KEY: VALUE` up to a blank line, at least one for date, title, outlet,
 * url, author or lang (the shape is in README.md, "Documents"), or ending
 * in the seed form `date YYYY-MM-DD` followed by the body on the same line;
 * then the body, which is repaired to valid UTF-8, split into paragraphs
 * and sentences. A date is YYYY-MM-DD, with any time and zone after it
 * ("2023-03-03T10:00:00Z"), or written with a month name ("March 3, 2023",
 * "3 Mar. 2023", "Fri, 3 Mar 2023 10:00 GMT"); one that cannot be read, or
 * does not exist, leaves the document without a date. In a header, values
 * are repaired as the body is; an empty value, another key and lines past
 * the 64th are ignored, never made body (see ct_doc_from_text_diag()).
 * `source` (may be NULL) is copied. Returns CT_ELIMIT when len > max_bytes.
 * The caller frees *out with ct_doc_free().
 */
int ct_doc_from_text(const char *data, size_t len, size_t max_bytes, const char *source,
		     struct ct_doc **out);

/*
 * Like ct_doc_from_text(), and warns about each header line not used as
 * written, with the file `source` and the line, to on_diag (which may be
 * NULL): a date that cannot be read or does not exist ("March 32, 2023",
 * "2023-02-30"), a value with invalid UTF-8 or NUL bytes (repaired), an
 * empty value, a key other than the six, a header of more than 64 lines.
 * doc->n_replaced and n_nul count the body's bytes alone.
 */
int ct_doc_from_text_diag(const char *data, size_t len, size_t max_bytes, const char *source,
			  ct_diag_fn on_diag, void *user, struct ct_doc **out);

/*
 * Like ct_doc_from_text() for text that is all body: no header lines are
 * read (for text taken from elsewhere, such as a web page's article).
 */
int ct_doc_from_body(const char *data, size_t len, size_t max_bytes, const char *source,
		     struct ct_doc **out);

/*
 * Sets one metadata field by name ("date", "title", "outlet", "url",
 * "author", "lang"); value is copied, NULL clears it. CT_EINVAL for an
 * unknown key or a date that is not a real YYYY-MM-DD.
 */
int ct_doc_set(struct ct_doc *doc, const char *key, const char *value);

void ct_doc_free(struct ct_doc *doc);

#ifdef __cplusplus
}
#endif
#endif
