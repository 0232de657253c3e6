/*
 * HTML extraction: documents from pages. ct_doc_from_html() decodes and
 * parses the page, reads its metadata (extract_meta.c) and its article
 * (extract.c, which has extract_text.c write it as text), and makes the
 * document.
 */
#include "extract/extract_internal.h"
#include "extract/extract_meta.h"
#include "claimtrack/extract.h"
#include "base/base.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CHAR_THRESHOLD 500        /* characters of a substantial articleBody */

static bool alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* ---- JSON-LD articleBody ---- */

struct word {
	const char *s;
	size_t n;
};

static int cmp_word(const void *a, const void *b)
{
	const struct word *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);

	return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* The words of s (runs of letters, digits and non-ASCII bytes), sorted.
 * Borrowed from s; *out is malloc'd. */
static int words_of(const char *s, struct word **out, size_t *n_out)
{
	size_t cap = 0, n = 0;
	struct word *v = NULL;

	for (size_t i = 0; s[i];) {
		size_t j = i;
		while (s[j] && (alnum(s[j]) || (unsigned char)s[j] >= 0x80))
			j++;
		if (j == i) {
			i++;
			continue;
		}
		if (!CT_VEC_RESERVE(v, cap, n + 1)) {
			free(v);
			return CT_ENOMEM;
		}
		v[n].s = s + i;
		v[n++].n = j - i;
		i = j;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_word);
	*out = v;
	*n_out = n;
	return CT_OK;
}

/* How much of a's words (counted with repeats) b holds, 0 to 1. */
static int coverage(const char *a, const char *b, double *out)
{
	struct word *wa = NULL, *wb = NULL;
	size_t na = 0, nb = 0, i = 0, k = 0, common = 0;
	int rc;

	if ((rc = words_of(a, &wa, &na)) != CT_OK || (rc = words_of(b, &wb, &nb)) != CT_OK) {
		free(wa);
		return rc;
	}
	while (i < na && k < nb) {
		int c = cmp_word(&wa[i], &wb[k]);
		if (c == 0) {
			common++;
			i++;
			k++;
		} else if (c < 0) {
			i++;
		} else {
			k++;
		}
	}
	*out = na ? (double)common / (double)na : 1;
	free(wa);
	free(wb);
	return CT_OK;
}

/*
 * When the page's HTML holds less than half the words of a substantial
 * JSON-LD articleBody (an article written in by JavaScript, or a page
 * whose markup hides it), the articleBody is the text. Replaces *text.
 */
static int rescue_from_jsonld(const char *article_body, char **text)
{
	double cov;
	char *t;
	int rc;

	if (!article_body || ct_page_js_len(article_body) < CHAR_THRESHOLD)
		return CT_OK;
	if ((rc = coverage(article_body, *text, &cov)) != CT_OK || cov >= 0.5)
		return rc;
	if ((rc = ct_page_article_body_text(article_body, &t)) != CT_OK)
		return rc;
	free(*text);
	*text = t;
	return CT_OK;
}

/* ---- documents from HTML ---- */

/* Makes the document from the article text, which is all body. */
static int doc_from_article(char *text, const char *source, struct ct_doc **out)
{
	size_t len = strlen(text);

	return ct_doc_from_body(text, len, len, source, out);
}

/*
 * The page as UTF-8, without what the parser need not read (see
 * ct_page_to_utf8() and ct_page_skip_raw()). Most pages are UTF-8 that
 * needs no change: those are copied once, skipping as they go, rather
 * than converted, then skipped. *out is malloc'd; the caller frees it.
 */
static int page_utf8(const char *html, size_t len, const char *charset, char **out,
		     size_t *n_out, size_t *n_nul, size_t *n_replaced)
{
	size_t bom;
	int rc;

	if (ct_page_utf8_as_is(html, len, charset, &bom)) {
		*n_nul = *n_replaced = 0;
		if (!(*out = malloc(len - bom + 1)))
			return CT_ENOMEM;
		*n_out = ct_page_skip_raw_copy(html + bom, len - bom, *out);
		return CT_OK;
	}
	if ((rc = ct_page_to_utf8(html, len, charset, out, n_out, n_nul, n_replaced)) != CT_OK)
		return rc;
	*n_out = ct_page_skip_raw(*out, *n_out);
	return CT_OK;
}

int ct_doc_from_html(const char *html, size_t len, size_t max_bytes, const char *url,
		     const char *charset, const struct ct_ruleset *rs, const char *source,
		     struct ct_doc **out)
{
	struct ct_page_meta meta = { 0 };
	struct ct_doc *doc = NULL;
	char *utf8 = NULL, *text = NULL, *byline = NULL;
	size_t n = 0, n_nul = 0, n_replaced = 0;
	xmlDoc *page = NULL;
	int rc;

	if (!html && len)
		return CT_EINVAL;
	if (len > max_bytes)
		return CT_ELIMIT;
	if ((rc = page_utf8(html ? html : "", len, charset, &utf8, &n, &n_nul,
			    &n_replaced)) != CT_OK)
		goto out;
	if ((rc = ct_page_parse(utf8, n, &page)) != CT_OK ||
	    (rc = ct_page_meta_read(page, url, rs, &meta)) != CT_OK)
		goto out;
	rc = ct_page_article(page, utf8, n, meta.title, !meta.author, &text, &byline);
	xmlFreeDoc(page);
	page = NULL;
	if (rc != CT_OK || (rc = rescue_from_jsonld(meta.article_body, &text)) != CT_OK ||
	    (rc = doc_from_article(text, source, &doc)) != CT_OK)
		goto out;
	/* JSON-LD and meta tags, a byline element, a "By X" line, and only
	 * then the site's own name. */
	if (byline && !meta.author)
		meta.author = ct_byline_clean(byline, (const char *const *)meta.sites);
	if (!meta.author) {
		meta.author = meta.text_byline;
		meta.text_byline = NULL;
	}
	if (!meta.author) {
		meta.author = meta.site_author;
		meta.site_author = NULL;
	}
	{
		const char *keys[] = { "title", "author", "date", "outlet", "url", "lang" };
		const char *vals[] = { meta.title, meta.author, meta.date, meta.outlet, meta.url,
				       meta.lang };
		for (size_t i = 0; i < 6 && rc == CT_OK; i++)
			if (vals[i] && *vals[i] && (rc = ct_doc_set(doc, keys[i], vals[i])) == CT_EINVAL)
				rc = CT_OK;   /* a value ct_doc_set() refuses is left out */
	}
	if (rc != CT_OK)
		goto out;
	doc->canonical = meta.canonical;
	meta.canonical = NULL;
	if (doc->date && meta.date_source && !(doc->date_source = strdup(meta.date_source))) {
		rc = CT_ENOMEM;
		goto out;
	}
	doc->modified = meta.modified;
	meta.modified = NULL;
	doc->n_nul += n_nul;
	doc->n_replaced += n_replaced;
	*out = doc;
	doc = NULL;
out:
	xmlFreeDoc(page);
	ct_doc_free(doc);
	ct_page_meta_release(&meta);
	free(utf8);
	free(text);
	free(byline);
	return rc;
}
