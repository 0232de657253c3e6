/*
 * HTML extraction: a subtree of a page written as text - one paragraph per
 * block (p, headings, list items, quotes, cells), separated by blank lines,
 * white space folded, captions left out - for the article extract.c finds
 * and for a JSON-LD articleBody that extract_doc.c takes instead.
 */
#include "extract/extract_internal.h"
#include "base/base.h"

#include <stdlib.h>
#include <string.h>

/* ---- writing the text ---- */

struct out {
	struct ct_buf buf;  /* no cap of its own: the page it comes from has one */
	int pending;        /* 0 none, 1 space, 2 line break, 3 paragraph break */
	bool oom;
};

static void out_raw(struct out *o, const char *s, size_t n)
{
	if (!o->oom && ct_buf_add(&o->buf, s, n) != CT_OK)
		o->oom = true;
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

/* Invisible format characters, left out of the text: the soft hyphen
 * (&shy;), zero width space, non-joiner and joiner, word joiner and the
 * zero width no-break space (a byte order mark inside text). */
static bool invisible(uint32_t cp)
{
	return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
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
			if (invisible(cp)) {
				i += m;
				continue;
			}
			if (ct_page_space(cp)) {
				out_break(o, pre && cp == '\n' ? 2 : 1);
				i += m;
				/* The rest of a run of ASCII white space. */
				for (; i < n && ascii_space((unsigned char)s[i]); i++)
					out_break(o, pre && s[i] == '\n' ? 2 : 1);
				continue;
			}
		}
		if (o->buf.len > 0 && o->pending)
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

/* Left out of the text: captions, what is not prose, and ruby
 * annotations (<rt>, with the <rp> brackets around them for browsers
 * without ruby): the reading of a word printed above it, which would
 * otherwise repeat each annotated word in the running text. */
static const char *const skip_tags[] = {
	"figcaption", "script", "style", "noscript", "template", "button", "select",
	"textarea", "input", "nav", "rt", "rp", NULL,
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

/* Hands out what o holds as a malloc'd string ("" when nothing). */
static int finish(struct out *o, char **out)
{
	if (o->oom) {
		ct_buf_release(&o->buf);
		return CT_ENOMEM;
	}
	*out = ct_buf_detach(&o->buf, NULL);
	return *out ? CT_OK : CT_ENOMEM;
}

int ct_page_write_text(const xmlNode *root, char **out)
{
	struct out o = { CT_BUF_INIT(0), 0, false };

	write_text(root, &o);
	return finish(&o, out);
}

/* ---- JSON-LD articleBody ---- */

/* articleBody as text: HTML in it read as such, else a paragraph per line. */
int ct_page_article_body_text(const char *body, char **out)
{
	struct out o = { CT_BUF_INIT(0), 0, false };

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
	return finish(&o, out);
}
