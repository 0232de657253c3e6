/*
 * HTML extraction: documents from pages. ct_doc_from_html() decodes and
 * parses the page, reads its metadata (extract_meta.c) and its article
 * (extract.c), writes the article as text - one paragraph per block (p,
 * headings, list items, quotes, cells), separated by blank lines, white
 * space folded, captions left out - and makes the document.
 */
#include "extract/extract_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CHAR_THRESHOLD 500        /* characters of a substantial articleBody */

static bool alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* ---- writing the text ---- */

struct out {
	char *s;
	size_t len, cap;
	int pending;        /* 0 none, 1 space, 2 line break, 3 paragraph break */
	bool oom;
};

static void out_raw(struct out *o, const char *s, size_t n)
{
	if (o->oom)
		return;
	if (o->cap - o->len < n + 1) {
		size_t ncap = o->cap ? o->cap : 1024;
		while (ncap - o->len < n + 1)
			ncap *= 2;
		char *ns = realloc(o->s, ncap);
		if (!ns) {
			o->oom = true;
			return;
		}
		o->s = ns;
		o->cap = ncap;
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

static void out_break(struct out *o, int kind)
{
	if (kind > o->pending)
		o->pending = kind;
}

static bool ascii_word(unsigned char c)
{
	return c > ' ' && c < 0x80;
}

static bool ascii_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Writes text, folding white space; `pre` keeps line breaks. */
static void out_text(struct out *o, const char *s, bool pre)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t m = 0;
		/* A run of ASCII that is not white space goes out at once. */
		while (i + m < n && ascii_word((unsigned char)s[i + m]))
			m++;
		if (m == 0) {
			m = ct_page_cp(s + i, n - i, &cp);
			if (ct_page_space(cp)) {
				out_break(o, pre && cp == '\n' ? 2 : 1);
				i += m;
				/* The rest of a run of ASCII white space. */
				for (; i < n && ascii_space((unsigned char)s[i]); i++)
					out_break(o, pre && s[i] == '\n' ? 2 : 1);
				continue;
			}
		}
		if (o->len > 0 && o->pending)
			out_raw(o, o->pending == 3 ? "\n\n" : o->pending == 2 ? "\n" : " ",
				(size_t)(o->pending == 3 ? 2 : 1));
		o->pending = 0;
		out_raw(o, s + i, m);
		i += m;
	}
}

static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "caption", "center", "dd", "details",
	"dir", "div", "dl", "dt", "fieldset", "figure", "footer", "form", "h1", "h2",
	"h3", "h4", "h5", "h6", "header", "hr", "legend", "li", "main", "menu", "nav", "ol",
	"p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
	"tr", "ul", NULL,
};

/* Left out of the text: captions and what is not prose. */
static const char *const skip_tags[] = {
	"figcaption", "script", "style", "noscript", "template", "button", "select",
	"textarea", "input", "nav", NULL,
};

static void enter(const xmlNode *n, struct out *o, int *pre)
{
	if (ct_page_is(n, "br"))
		out_break(o, 2);
	else if (ct_page_tag_in(n, block_tags))
		out_break(o, 3);
	if (ct_page_is(n, "q"))
		out_text(o, "\"", false);
	*pre += ct_page_is(n, "pre");
}

static void leave(const xmlNode *n, struct out *o, int *pre)
{
	if (ct_page_tag_in(n, block_tags))
		out_break(o, 3);
	if (ct_page_is(n, "q"))
		out_text(o, "\"", false);
	*pre -= ct_page_is(n, "pre");
}

/* Writes the text of the subtree at root into o, without recursion. */
static void write_text(const xmlNode *root, struct out *o)
{
	const xmlNode *n = root->children;
	int pre = 0;

	while (n) {
		if (ct_page_is_text(n) && n->content) {
			out_text(o, (const char *)n->content, pre > 0);
		} else if (ct_page_is_el(n) && !ct_page_tag_in(n, skip_tags)) {
			enter(n, o, &pre);
			if (n->children) {
				n = n->children;
				continue;
			}
			leave(n, o, &pre);
		}
		/* Up through the parents this was the last child of. */
		while (!n->next) {
			n = n->parent;
			if (!n || n == root)
				return;
			leave(n, o, &pre);
		}
		n = n->next;
	}
}


int ct_page_write_text(const xmlNode *root, char **out)
{
	struct out o = { 0 };

	write_text(root, &o);
	if (o.oom) {
		free(o.s);
		return CT_ENOMEM;
	}
	*out = o.s ? o.s : strdup("");
	return *out ? CT_OK : CT_ENOMEM;
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
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct word *nv = realloc(v, ncap * sizeof *nv);
			if (!nv) {
				free(v);
				return CT_ENOMEM;
			}
			v = nv;
			cap = ncap;
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

/* articleBody as text: HTML in it read as such, else a paragraph per line. */
static int body_text(const char *body, char **out)
{
	struct out o = { 0 };

	if (strchr(body, '<') && strchr(body, '>')) {
		xmlDoc *d = NULL;
		xmlNode *b;
		int rc = ct_page_parse(body, strlen(body), &d);
		if (rc != CT_OK)
			return rc;
		if ((b = ct_page_body(d)))
			write_text(b, &o);
		xmlFreeDoc(d);
	} else {
		for (const char *p = body; *p;) {
			size_t n = strcspn(p, "\n");
			char *line = strndup(p, n);
			if (!line) {
				o.oom = true;
				break;
			}
			out_break(&o, 3);
			out_text(&o, line, false);
			free(line);
			p += n + (p[n] == '\n');
		}
	}
	if (o.oom) {
		free(o.s);
		return CT_ENOMEM;
	}
	*out = o.s ? o.s : strdup("");
	return *out ? CT_OK : CT_ENOMEM;
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
	if ((rc = body_text(article_body, &t)) != CT_OK)
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
	if (byline && !meta.author) {
		meta.author = ct_page_squash(byline);
		byline = NULL;
	}
	if (meta.author && strncasecmp(meta.author, "by ", 3) == 0)
		memmove(meta.author, meta.author + 3, strlen(meta.author + 3) + 1);
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
