/*
 * HTML extraction: parsing with libxml2, and the tree and text helpers the
 * main-text and metadata modules share. Walks are iterative: a page may
 * nest elements as deep as the parser allows.
 */
#include "extract/extract_internal.h"
#include "base/base.h"
#include "base/utf8.h"

#include <libxml/parserInternals.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define PARSE_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
		       HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC)

int ct_page_parse(const char *utf8, size_t len, xmlDoc **out)
{
	htmlParserCtxtPtr ctxt;
	xmlDoc *doc;
	const xmlError *e;
	int rc = CT_OK;

	if (len > INT_MAX)
		return CT_ELIMIT;
	xmlInitParser();
	if (!(ctxt = htmlCreateMemoryParserCtxt(len ? utf8 : " ", len ? (int)len : 1)))
		return CT_ENOMEM;
	htmlCtxtUseOptions(ctxt, PARSE_OPTIONS);
	/* The bytes are UTF-8 already: read as they are, where naming the
	 * encoding would have libxml2 convert a copy of them. */
	xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
	htmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	e = xmlCtxtGetLastError(ctxt);
	/* libxml2 halts on nesting past its limit (256) and keeps only what
	 * came before: that is not the page, so it is an error. */
	if (e && e->code == XML_ERR_INTERNAL_ERROR && e->message &&
	    strstr(e->message, "Excessive depth"))
		rc = CT_ELIMIT;
	else if (!doc)
		rc = CT_ENOMEM;
	htmlFreeParserCtxt(ctxt);
	if (rc != CT_OK) {
		xmlFreeDoc(doc);
		return rc;
	}
	*out = doc;
	return CT_OK;
}

bool ct_page_space(uint32_t cp)
{
	switch (cp) {
	case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
	case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
	case 0x205F: case 0x3000: case 0xFEFF:
		return true;
	}
	return cp >= 0x2000 && cp <= 0x200A;
}

size_t ct_page_cp(const char *s, size_t n, uint32_t *cp)
{
	size_t m = ct_utf8_decode((const unsigned char *)s, n, cp);

	if (m == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	return m;
}

const char *ct_page_attr(const xmlNode *n, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (a->type != XML_ATTRIBUTE_NODE || !a->name || a->name[0] != (xmlChar)name[0] ||
		    strcmp((const char *)a->name, name) != 0)
			continue;
		/* The HTML parser stores a value as one text node. */
		if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

bool ct_page_is(const xmlNode *n, const char *tag)
{
	return n && n->type == XML_ELEMENT_NODE && n->name && n->name[0] == (xmlChar)tag[0] &&
	       strcmp((const char *)n->name, tag) == 0;
}

xmlNode *ct_page_body(xmlDoc *doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);

	for (xmlNode *n = root; n; n = ct_page_next(n, root, false))
		if (ct_page_is(n, "body"))
			return n;
	return NULL;
}

xmlNode *ct_page_first_el(const xmlNode *n)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

xmlNode *ct_page_next_el(const xmlNode *n)
{
	for (xmlNode *c = n->next; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

xmlNode *ct_page_next(const xmlNode *n, const xmlNode *root, bool skip_kids)
{
	xmlNode *c;

	if (!skip_kids && (c = ct_page_first_el(n)))
		return c;
	while (n && n != root) {
		if ((c = ct_page_next_el(n)))
			return c;
		n = n->parent;
	}
	return NULL;
}

/* Bytes of text below n (its text content), walked without recursion. */
static size_t text_size(const xmlNode *n)
{
	const xmlNode *c = n;
	size_t total = 0;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		return n->content ? strlen((const char *)n->content) : 0;
	c = n->children;
	while (c) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			total += strlen((const char *)c->content);
		if (c->type == XML_ELEMENT_NODE && c->children) {
			c = c->children;
			continue;
		}
		while (c && c != n && !c->next)
			c = c->parent;
		if (!c || c == n)
			break;
		c = c->next;
	}
	return total;
}

char *ct_page_text(const xmlNode *n)
{
	size_t size = text_size(n), o = 0;
	char *out = malloc(size + 1);
	const xmlNode *c;

	if (!out)
		return NULL;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		memcpy(out, n->content ? (const char *)n->content : "", size);
		out[size] = '\0';
		return out;
	}
	c = n->children;
	while (c) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
			size_t l = strlen((const char *)c->content);
			memcpy(out + o, c->content, l);
			o += l;
		}
		if (c->type == XML_ELEMENT_NODE && c->children) {
			c = c->children;
			continue;
		}
		while (c && c != n && !c->next)
			c = c->parent;
		if (!c || c == n)
			break;
		c = c->next;
	}
	out[o] = '\0';
	return out;
}

char *ct_page_squash(char *s)
{
	size_t i = 0, o = 0, n = strlen(s);
	bool space = false;

	while (i < n) {
		uint32_t cp;
		size_t m = ct_page_cp(s + i, n - i, &cp);
		if (ct_page_space(cp)) {
			space = o > 0;
		} else {
			if (space)
				s[o++] = ' ';
			space = false;
			memmove(s + o, s + i, m);
			o += m;
		}
		i += m;
	}
	s[o] = '\0';
	return s;
}

size_t ct_page_js_len(const char *s)
{
	size_t n = strlen(s), len = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += ct_page_cp(s + i, n - i, &cp);
		len += cp >= 0x10000 ? 2 : 1;
	}
	return len;
}

char *ct_page_dup_trim(const char *s)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
			 s[n - 1] == '\r' || s[n - 1] == '\f'))
		n--;
	if (n > CT_PAGE_VALUE_MAX)
		n = CT_PAGE_VALUE_MAX;
	d = strndup(s, n);
	return d;
}

size_t ct_page_word_count(const char *s)
{
	/* JavaScript's str.split(/\s+/).length: leading and trailing runs count. */
	size_t n = strlen(s), count = 1;
	bool in_space = false;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += ct_page_cp(s + i, n - i, &cp);
		if (ct_page_space(cp)) {
			if (!in_space)
				count++;
			in_space = true;
		} else {
			in_space = false;
		}
	}
	return count;
}

bool ct_page_ascii_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* ---- word similarity ---- */

struct words {
	char **w;
	size_t n;
};

/* Lowercase ASCII words of s, split at every other byte (JavaScript's \W+). */
static int split_words(const char *s, struct words *out)
{
	size_t n = strlen(s), cap = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
				 (s[j] >= '0' && s[j] <= '9') || s[j] == '_'))
			j++;
		if (j == i) {
			i++;
			continue;
		}
		if (!CT_VEC_RESERVE(out->w, cap, out->n + 1))
			return -1;
		char *w = strndup(s + i, j - i);
		if (!w)
			return -1;
		for (char *c = w; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c + 32);
		out->w[out->n++] = w;
		i = j;
	}
	return 0;
}

static void free_words(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->w[i]);
	free(w->w);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

double ct_page_similarity(const char *a, const char *b)
{
	struct words wa = { 0 }, wb = { 0 };
	size_t all = 0, uniq = 0, n_uniq = 0;
	double sim = 0;

	if (split_words(a, &wa) != 0 || split_words(b, &wb) != 0 || !wa.n || !wb.n)
		goto out;
	/* Sorted, so that a long title or heading costs n log n. */
	qsort(wa.w, wa.n, sizeof *wa.w, cmp_str);
	for (size_t i = 0; i < wb.n; i++) {
		bool found = bsearch(&wb.w[i], wa.w, wa.n, sizeof *wa.w, cmp_str) != NULL;
		all += strlen(wb.w[i]) + (i > 0);
		if (!found) {
			uniq += strlen(wb.w[i]) + (n_uniq > 0);
			n_uniq++;
		}
	}
	sim = 1.0 - (double)uniq / (double)all;
out:
	free_words(&wa);
	free_words(&wb);
	return sim;
}
