/*
 * HTML extraction: finding the main text of a page.
 *
 * The article is found the way Readability.js (Mozilla, Apache-2.0) finds
 * it, so that the text matches what readers show: hidden nodes, bylines,
 * a heading repeating the title and blocks whose class or id looks like
 * navigation, comments or ads are dropped; paragraphs score their
 * ancestors by length and commas; the best-scoring block (weighed by link
 * density and class/id hints) is taken with those of its siblings that
 * score close to it; then forms, share bars, link lists and other
 * furniture are cleaned out of it. When that leaves less than 500
 * characters the page is parsed again and tried with fewer rules.
 * extract_text.c writes the result as text; extract_doc.c makes the
 * document.
 */
#include "extract/extract_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CHAR_THRESHOLD 500        /* characters an article needs */
#define N_TOP_CANDIDATES 5
#define MIN_TOP_CANDIDATES 3

enum {
	FLAG_STRIP_UNLIKELYS = 1 << 0,
	FLAG_WEIGHT_CLASSES = 1 << 1,
	FLAG_CLEAN_CONDITIONALLY = 1 << 2,
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
	struct info_chunk *chunks;
	struct info dummy;        /* handed out when out of memory */
	struct vec trash;         /* nodes taken out of the tree, freed at the end */
	bool oom;
};

/* ---- bookkeeping ---- */

static bool push(struct vec *v, xmlNode *n)
{
	if (v->n == v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 64;
		xmlNode **nv = realloc(v->v, ncap * sizeof *nv);
		if (!nv)
			return false;
		v->v = nv;
		v->cap = ncap;
	}
	v->v[v->n++] = n;
	return true;
}

static struct info *info_of(struct grab *g, xmlNode *n)
{
	struct info_chunk *c = g->chunks;

	if (n->_private)
		return n->_private;
	if (!c || c->used == INFO_CHUNK) {
		if (!(c = calloc(1, sizeof *c))) {
			g->oom = true;
			memset(&g->dummy, 0, sizeof g->dummy);
			return &g->dummy;
		}
		c->next = g->chunks;
		g->chunks = c;
	}
	n->_private = &c->v[c->used++];
	return n->_private;
}

static const struct info *peek(const xmlNode *n)
{
	static const struct info none;

	return n->_private ? n->_private : &none;
}

/* Forgets the measures of n and its ancestors (a subtree that holds cached
 * measures only below elements that hold them too). */
static void dirty(xmlNode *n)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		struct info *in = n->_private;
		if (!in || !in->cached)
			break;
		in->cached = false;
	}
}

/* Takes n out of the tree; it is freed with the attempt. */
static void drop(struct grab *g, xmlNode *n)
{
	dirty(n->parent);
	xmlUnlinkNode(n);
	if (!push(&g->trash, n))
		g->oom = true;   /* leaked rather than freed while still referenced */
}

/* Appends c (taken from wherever it is) as the last child of parent. No
 * text-node merging, unlike xmlAddChild(). */
static void append(xmlNode *parent, xmlNode *c)
{
	dirty(c->parent);
	dirty(parent);
	xmlUnlinkNode(c);
	c->parent = parent;
	c->prev = parent->last;
	c->next = NULL;
	if (parent->last)
		parent->last->next = c;
	else
		parent->children = c;
	parent->last = c;
}

/* Puts detached node nw where old is; old is left detached. */
static void replace(xmlNode *old, xmlNode *nw)
{
	xmlNode *parent = old->parent;

	dirty(parent);
	dirty(nw->parent);
	xmlUnlinkNode(nw);
	nw->parent = parent;
	nw->prev = old->prev;
	nw->next = old->next;
	if (old->prev)
		old->prev->next = nw;
	else if (parent)
		parent->children = nw;
	if (old->next)
		old->next->prev = nw;
	else if (parent)
		parent->last = nw;
	old->parent = old->prev = old->next = NULL;
}

static void rename_to(xmlNode *n, const char *tag)
{
	dirty(n->parent);   /* an <a> no more, or one now */
	xmlNodeSetName(n, (const xmlChar *)tag);
}

static xmlNode *new_el(struct grab *g, const char *tag)
{
	xmlNode *n = xmlNewDocNode(g->doc, NULL, (const xmlChar *)tag, NULL);

	if (!n)
		g->oom = true;
	return n;
}

/* ---- names and attributes ---- */

static const char *attr_or_empty(const xmlNode *n, const char *name)
{
	const char *v = ct_page_attr(n, name);
	return v ? v : "";
}

/* Whether low (n bytes, no uppercase ASCII) holds any of `words`. */
static bool any_lower(const char *low, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) <= n && strstr(low, *words))
			return true;
	return false;
}

/* Lowercases ASCII letters of s[0, n] (its NUL too) into low. */
static void lower_into(char *low, const char *s, size_t n)
{
	for (size_t i = 0; i <= n; i++)
		low[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
}

/* Whether s holds any of the lowercase ASCII `words`, in any case. */
static bool any_ci(const char *s, const char *const *words)
{
	char buf[256], *low = buf;
	size_t n = strlen(s);
	bool found;

	if (n == 0)
		return false;
	if (n >= sizeof buf && !(low = malloc(n + 1)))
		return false;
	lower_into(low, s, n);
	found = any_lower(low, n, words);
	if (low != buf)
		free(low);
	return found;
}

static const char *const unlikely_words[] = {
	"-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community",
	"cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends", "menu",
	"related", "remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social",
	"sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager", "popup",
	"yom-remote", NULL,
};
static const char *const maybe_words[] = {
	"and", "article", "body", "column", "content", "main", "shadow", NULL,
};
static const char *const positive_words[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
	"pagination", "post", "text", "blog", "story", NULL,
};
static const char *const negative_words[] = {
	"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer",
	"foot", "footnote", "gdpr", "masthead", "media", "meta", "outbrain", "promo",
	"related", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor",
	"shopping", "tags", "widget", NULL,
};
static const char *const byline_words[] = {
	"byline", "author", "dateline", "writtenby", "p-author", NULL,
};

/* Readability's negative pattern, with its "hid" as a whole class name. */
static bool negative(const char *s)
{
	size_t n = strlen(s);

	if (any_ci(s, negative_words))
		return true;
	for (size_t i = 0; i + 3 <= n; i++)
		if (strncasecmp(s + i, "hid", 3) == 0 && (i == 0 || s[i - 1] == ' ') &&
		    (i + 3 == n || s[i + 3] == ' '))
			return true;
	return false;
}

static bool alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* /(\b|_)(share|sharedaddy)(\b|_)/i */
static bool share_like(const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		if (strncasecmp(s + i, "share", 5) != 0 || (i > 0 && alnum(s[i - 1])))
			continue;
		if (!alnum(s[i + 5]))
			return true;
		if (strncasecmp(s + i + 5, "daddy", 5) == 0 && !alnum(s[i + 10]))
			return true;
	}
	return false;
}

/* Embeds worth keeping: the video hosts Readability allows. */
static bool video_url(const char *s)
{
	static const char *const hosts[] = {
		"dailymotion.com", "youtube.com", "youtube-nocookie.com", "player.vimeo.com",
		"v.qq.com", "archive.org", "upload.wikimedia.org", "player.twitch.tv", NULL,
	};

	for (const char *p = s; (p = strstr(p, "//")); p += 2) {
		const char *h = p + 2;
		if (strncasecmp(h, "www.", 4) == 0)
			h += 4;
		for (size_t i = 0; hosts[i]; i++)
			if (strncasecmp(h, hosts[i], strlen(hosts[i])) == 0)
				return true;
	}
	return false;
}

static bool attr_is_video(const xmlNode *n)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->children && a->children->content &&
		    video_url((const char *)a->children->content))
			return true;
	return false;
}

/* ---- text measures ---- */

static bool is_comma(uint32_t cp)
{
	return cp == ',' || cp == 0x060C || cp == 0xFE50 || cp == 0xFE10 || cp == 0xFE11 ||
	       cp == 0x2E41 || cp == 0x2E34 || cp == 0x2E32 || cp == 0xFF0C;
}

/* ASCII but white space, controls and ',' (NUL is not one). */
static bool word_byte(unsigned char c)
{
	return c > ' ' && c < 0x80 && c != ',';
}

static bool ascii_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static struct tsum sum_text(const char *s)
{
	struct tsum t = { 0 };
	bool gap = false;
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		unsigned char c = (unsigned char)s[i];
		size_t j = i + 1;
		/* Runs of ASCII words and of ASCII white space, at once. */
		if (word_byte(c)) {
			while (word_byte((unsigned char)s[j]))
				j++;
			if (gap)
				t.gaps++;
			gap = false;
			t.any = true;
			t.chars += j - i;
			t.raw += j - i;
			i = j;
			continue;
		}
		if (ascii_space(c)) {
			while (ascii_space((unsigned char)s[j]))
				j++;
			t.ws = true;
			if (!t.any)
				t.lead = true;
			gap = t.any;
			t.raw += j - i;
			i = j;
			continue;
		}
		if (c < 0x80) {
			cp = c;
			i++;
		} else {
			i += ct_page_cp(s + i, n - i, &cp);
		}
		size_t w = cp >= 0x10000 ? 2 : 1;
		t.raw += w;
		if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' ||
		    (cp >= 0x80 && ct_page_space(cp)) || cp == '\v' || cp == '\f') {
			t.ws = true;
			if (!t.any)
				t.lead = true;
			gap = t.any;
			continue;
		}
		if (gap)
			t.gaps++;
		gap = false;
		t.any = true;
		t.chars += w;
		t.commas += is_comma(cp);
		t.ascii_commas += cp == ',';
	}
	t.trail = gap;
	return t;
}

/* a followed by b. */
static void combine(struct tsum *a, const struct tsum *b)
{
	a->gaps += b->gaps + (a->any && b->any && (a->trail || b->lead));
	a->lead = a->any ? a->lead : (a->ws || b->lead);
	a->trail = b->any ? b->trail : (b->ws || a->trail);
	a->any |= b->any;
	a->ws |= b->ws;
	a->chars += b->chars;
	a->raw += b->raw;
	a->commas += b->commas;
	a->ascii_commas += b->ascii_commas;
}

static double link_weight(const xmlNode *a)
{
	const char *href = ct_page_attr(a, "href");
	return href && href[0] == '#' && href[1] ? 0.3 : 1;
}

/* The measures of n's text; for an element, also its link text (each <a>
 * below it, weighed by link_weight(), in *links). Recursion is bounded by
 * the parser's depth limit. */
static struct tsum sum_of(struct grab *g, xmlNode *n, double *links)
{
	struct tsum t = { 0 };
	struct info *in;
	double l = 0;

	if (links)
		*links = 0;
	if (ct_page_is_text(n))
		return n->content ? sum_text((const char *)n->content) : t;
	if (!ct_page_is_el(n))
		return t;
	in = info_of(g, n);
	if (in->cached) {
		if (links)
			*links = in->links;
		return in->t;
	}
	for (xmlNode *c = n->children; c; c = c->next) {
		double cl;
		struct tsum ct = sum_of(g, c, &cl);
		combine(&t, &ct);
		l += cl;
		if (ct_page_is(c, "a"))
			l += (double)(ct.chars + ct.gaps) * link_weight(c);
	}
	if (in != &g->dummy) {
		in->t = t;
		in->links = l;
		in->cached = true;
	}
	if (links)
		*links = l;
	return t;
}

/* textContent trimmed, runs of white space folded: its length. */
static size_t text_len(struct grab *g, xmlNode *n)
{
	struct tsum t = sum_of(g, n, NULL);
	return t.chars + t.gaps;
}

static double link_density(struct grab *g, xmlNode *n)
{
	double links;
	struct tsum t = sum_of(g, n, &links);
	size_t len = t.chars + t.gaps;

	return len ? links / (double)len : 0;
}

/* Walks the elements below n (not n) in document order. */
#define FOR_EACH_BELOW(c, n) \
	for (xmlNode *c = ct_page_first_el(n); c; c = ct_page_next(c, (n), false))

/* Readability's getInnerText: trimmed, runs of two or more white space
 * characters made one space. malloc'd; NULL when out of memory. */
static char *inner_text(const xmlNode *n)
{
	char *t = ct_page_text(n);
	size_t len, o = 0;

	if (!t)
		return NULL;
	len = strlen(t);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t m = ct_page_cp(t + i, len - i, &cp);
		if (ct_page_space(cp)) {
			size_t j = i + m, run = 1;
			while (j < len) {
				uint32_t c2;
				size_t m2 = ct_page_cp(t + j, len - j, &c2);
				if (!ct_page_space(c2))
					break;
				j += m2;
				run++;
			}
			if (o > 0 && j < len) {
				if (run > 1) {
					t[o++] = ' ';
				} else {
					memmove(t + o, t + i, m);
					o += m;
				}
			}
			i = j;
			continue;
		}
		memmove(t + o, t + i, m);
		o += m;
		i += m;
	}
	t[o] = '\0';
	return t;
}

static bool blank_text(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		if (ascii_space((unsigned char)s[i])) {
			i++;
			continue;
		}
		if ((unsigned char)s[i] < 0x80)
			return false;
		i += ct_page_cp(s + i, n - i, &cp);
		if (!ct_page_space(cp))
			return false;
	}
	return true;
}

static int class_weight(const struct grab *g, const xmlNode *n)
{
	const char *cls = attr_or_empty(n, "class"), *id = attr_or_empty(n, "id");
	int w = 0;

	if (!(g->flags & FLAG_WEIGHT_CLASSES))
		return 0;
	if (*cls) {
		if (negative(cls))
			w -= 25;
		if (any_ci(cls, positive_words))
			w += 25;
	}
	if (*id) {
		if (negative(id))
			w -= 25;
		if (any_ci(id, positive_words))
			w += 25;
	}
	return w;
}

static size_t count_below(const xmlNode *n, const char *tag)
{
	size_t count = 0;

	FOR_EACH_BELOW(c, n)
		count += ct_page_is(c, tag);
	return count;
}

static size_t count_children(const xmlNode *n)
{
	size_t count = 0;

	for (xmlNode *c = ct_page_first_el(n); c; c = ct_page_next_el(c))
		count++;
	return count;
}

/* Whether an ancestor of n within max_depth levels (all when max_depth
 * < 0) is a `tag`, and a data table when want_data_table. */
static bool has_ancestor(const xmlNode *n, const char *tag, int max_depth, bool want_data_table)
{
	int depth = 0;

	for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		if (max_depth > 0 && depth > max_depth)
			return false;
		if (ct_page_is(p, tag) && (!want_data_table || peek(p)->data_table))
			return true;
		depth++;
	}
	return false;
}

/* ---- content models ---- */

static const char *const phrasing_tags[] = {
	"abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist",
	"dfn", "em", "embed", "i", "img", "input", "kbd", "label", "mark", "math", "meter",
	"noscript", "object", "output", "progress", "q", "ruby", "samp", "script", "select",
	"small", "span", "strong", "sub", "sup", "textarea", "time", "var", "wbr", NULL,
};
static const char *const div_to_p_tags[] = {
	"blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul", NULL,
};

/* Phrasing content; <a>, <del> and <ins> when all they hold is. The
 * parser's depth limit bounds the recursion. */
static bool phrasing(const xmlNode *n)
{
	if (ct_page_is_text(n))
		return true;
	if (!ct_page_is_el(n))
		return false;
	if (ct_page_tag_in(n, phrasing_tags))
		return true;
	if (!ct_page_is(n, "a") && !ct_page_is(n, "del") && !ct_page_is(n, "ins"))
		return false;
	for (const xmlNode *c = n->children; c; c = c->next)
		if (!phrasing(c))
			return false;
	return true;
}

static bool whitespace_node(const xmlNode *n)
{
	return (ct_page_is_text(n) && (!n->content || blank_text((const char *)n->content))) ||
	       ct_page_is(n, "br");
}

/* The node at or after n that is an element or holds more than white
 * space (comments count by their text). */
static xmlNode *next_node(xmlNode *n)
{
	while (n && n->type != XML_ELEMENT_NODE &&
	       (!n->content || blank_text((const char *)n->content)))
		n = n->next;
	return n;
}

/* One element child named `tag` and no text that ends in a non-space. */
static bool single_tag_inside(const xmlNode *n, const char *tag)
{
	xmlNode *c = ct_page_first_el(n);

	if (!c || ct_page_next_el(c) || !ct_page_is(c, tag))
		return false;
	for (const xmlNode *k = n->children; k; k = k->next)
		if (k->type == XML_TEXT_NODE && k->content && *k->content) {
			const char *s = (const char *)k->content;
			size_t len = strlen(s), i = len - 1;
			uint32_t cp;
			while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
				i--;
			ct_page_cp(s + i, len - i, &cp);
			if (!ct_page_space(cp))
				return false;
		}
	return true;
}

static bool child_block(const xmlNode *n)
{
	FOR_EACH_BELOW(c, n)
		if (ct_page_tag_in(c, div_to_p_tags))
			return true;
	return false;
}

static bool without_content(struct grab *g, xmlNode *n)
{
	size_t kids, br_hr = 0;

	if (text_len(g, n))
		return false;
	kids = count_children(n);
	if (kids == 0)
		return true;
	FOR_EACH_BELOW(c, n)
		br_hr += ct_page_is(c, "br") || ct_page_is(c, "hr");
	return kids == br_hr;
}

/* The value of CSS property `prop` in a style attribute ("" when unset). */
static bool style_is(const char *style, const char *prop, const char *value)
{
	bool is = false;
	size_t pl = strlen(prop), vl = strlen(value);

	for (const char *p = style; *p;) {
		const char *end = strchr(p, ';'), *colon;
		size_t n = end ? (size_t)(end - p) : strlen(p);
		colon = memchr(p, ':', n);
		if (colon) {
			const char *k = p, *ke = colon, *v = colon + 1, *ve = p + n;
			while (k < ke && strchr(" \t\r\n\f", *k))
				k++;
			while (ke > k && strchr(" \t\r\n\f", ke[-1]))
				ke--;
			while (v < ve && strchr(" \t\r\n\f", *v))
				v++;
			while (ve > v && strchr(" \t\r\n\f", ve[-1]))
				ve--;
			if (ve - v >= 10 && strncasecmp(ve - 10, "!important", 10) == 0)
				for (ve -= 10; ve > v && strchr(" \t\r\n\f", ve[-1]);)
					ve--;
			if ((size_t)(ke - k) == pl && strncasecmp(k, prop, pl) == 0)
				is = (size_t)(ve - v) == vl && strncasecmp(v, value, vl) == 0;
		}
		p += n + (end ? 1 : 0);
	}
	return is;
}

static bool probably_visible(const xmlNode *n)
{
	const char *style = ct_page_attr(n, "style"), *aria = ct_page_attr(n, "aria-hidden");

	if (style && (style_is(style, "display", "none") || style_is(style, "visibility", "hidden")))
		return false;
	if (ct_page_attr(n, "hidden"))
		return false;
	if (aria && strcmp(aria, "true") == 0) {
		const char *cls = ct_page_attr(n, "class");
		return cls && strstr(cls, "fallback-image");
	}
	return true;
}

/* ---- preparing the document ---- */

static void collect(xmlNode *root, const char *const *tags, struct vec *out, bool *oom)
{
	for (xmlNode *n = root; n; n = ct_page_next(n, root, false))
		if (ct_page_tag_in(n, tags) && !push(out, n))
			*oom = true;
}

static bool image_attr_value(const char *v)
{
	static const char *const exts[] = { ".jpg", ".jpeg", ".png", ".webp", NULL };

	return any_ci(v, exts);
}

/* Readability's _unwrapNoscriptImages, first half: placeholder <img>s with
 * nothing that could be an image go (they would count as images). */
static void drop_placeholder_images(struct grab *g, xmlNode *root)
{
	static const char *const img[] = { "img", NULL };
	struct vec v = { 0 };

	collect(root, img, &v, &g->oom);
	for (size_t i = 0; i < v.n; i++) {
		bool keep = false;
		for (const xmlAttr *a = v.v[i]->properties; a && !keep; a = a->next) {
			const char *name = (const char *)a->name;
			const char *val = a->children && a->children->content
					  ? (const char *)a->children->content : "";
			keep = strcmp(name, "src") == 0 || strcmp(name, "srcset") == 0 ||
			       strcmp(name, "data-src") == 0 || strcmp(name, "data-srcset") == 0 ||
			       image_attr_value(val);
		}
		if (!keep)
			drop(g, v.v[i]);
	}
	free(v.v);
}

/* <br><br> chains become paragraphs: "a<br>b<br><br>c" is "a<br>b<p>c</p>". */
static void replace_brs(struct grab *g, xmlNode *body)
{
	static const char *const br[] = { "br", NULL };
	struct vec v = { 0 };

	collect(body, br, &v, &g->oom);
	for (size_t i = 0; i < v.n; i++) {
		xmlNode *b = v.v[i], *next = b->next, *p;
		bool replaced = false;

		if (!b->parent)
			continue;
		while ((next = next_node(next)) && ct_page_is(next, "br")) {
			xmlNode *sib = next->next;
			replaced = true;
			drop(g, next);
			next = sib;
		}
		if (!replaced || !(p = new_el(g, "p")))
			continue;
		replace(b, p);
		drop(g, b);
		next = p->next;
		while (next) {
			if (ct_page_is(next, "br")) {
				xmlNode *after = next_node(next->next);
				if (after && ct_page_is(after, "br"))
					break;
			}
			if (!phrasing(next))
				break;
			xmlNode *sib = next->next;
			append(p, next);
			next = sib;
		}
		while (p->last && whitespace_node(p->last))
			drop(g, p->last);
		if (ct_page_is(p->parent, "p"))
			rename_to(p->parent, "div");
	}
	free(v.v);
}

static void prep_document(struct grab *g, xmlNode *root, xmlNode *body)
{
	static const char *const gone[] = { "script", "noscript", "template", "style", NULL };
	struct vec drop_v = { 0 }, fonts = { 0 };

	drop_placeholder_images(g, root);
	/* Scripts, styles and templates go; <font> becomes <span>. */
	for (xmlNode *n = root; n; n = ct_page_next(n, root, false)) {
		if (ct_page_tag_in(n, gone)) {
			if (!push(&drop_v, n))
				g->oom = true;
		} else if (ct_page_is(n, "font") && !push(&fonts, n)) {
			g->oom = true;
		}
	}
	for (size_t i = drop_v.n; i-- > 0;)
		if (drop_v.v[i]->parent)
			drop(g, drop_v.v[i]);
	if (body)
		replace_brs(g, body);
	for (size_t i = 0; i < fonts.n; i++)
		rename_to(fonts.v[i], "span");
	free(drop_v.v);
	free(fonts.v);
}

/* ---- finding the article ---- */

static xmlNode *remove_and_next(struct grab *g, xmlNode *n)
{
	xmlNode *next = ct_page_next(n, NULL, true);

	drop(g, n);
	return next;
}

/* match: class and id, lowercased. */
static bool check_byline(struct grab *g, xmlNode *n, const char *match)
{
	const char *rel = ct_page_attr(n, "rel"), *itemprop = ct_page_attr(n, "itemprop");
	xmlNode *name = n;
	char *text;
	size_t len;

	if (!g->find_byline || g->byline)
		return false;
	if (!((rel && strcmp(rel, "author") == 0) || (itemprop && strstr(itemprop, "author")) ||
	      any_lower(match, strlen(match), byline_words)))
		return false;
	if (text_len(g, n) >= 100)
		return false;   /* too long for a byline, and not worth copying */
	/* An itemprop=name below says exactly who. */
	for (xmlNode *c = ct_page_first_el(n); c; c = ct_page_next(c, n, false)) {
		const char *prop = ct_page_attr(c, "itemprop");
		if (prop && strstr(prop, "name")) {
			name = c;
			break;
		}
	}
	if (!(text = ct_page_text(name))) {
		g->oom = true;
		return false;
	}
	/* textContent.trim(), kept as written. */
	size_t s = 0, e = strlen(text);
	while (s < e) {
		uint32_t cp;
		size_t m = ct_page_cp(text + s, e - s, &cp);
		if (!ct_page_space(cp))
			break;
		s += m;
	}
	while (e > s) {
		size_t k = e - 1;
		uint32_t cp;
		while (k > s && ((unsigned char)text[k] & 0xC0) == 0x80)
			k--;
		ct_page_cp(text + k, e - k, &cp);
		if (!ct_page_space(cp))
			break;
		e = k;
	}
	text[e] = '\0';
	len = ct_page_js_len(text + s);
	if (len == 0 || len >= 100) {
		free(text);
		return false;
	}
	memmove(text, text + s, e - s + 1);
	g->byline = text;
	return true;
}

static bool header_duplicates_title(const struct grab *g, const xmlNode *n, bool *oom)
{
	char *h;
	bool dup;

	if (!ct_page_is(n, "h1") && !ct_page_is(n, "h2"))
		return false;
	if (!(h = ct_page_text(n))) {
		*oom = true;
		return false;
	}
	dup = ct_page_similarity(g->title ? g->title : "", h) > 0.75;
	free(h);
	return dup;
}

static void init_node(struct grab *g, xmlNode *n)
{
	static const char *const plus3[] = { "pre", "td", "blockquote", NULL };
	static const char *const minus3[] = { "address", "ol", "ul", "dl", "dd", "dt", "li",
					      "form", NULL };
	static const char *const minus5[] = { "h1", "h2", "h3", "h4", "h5", "h6", "th", NULL };
	struct info *in = info_of(g, n);

	in->scored = true;
	in->score = 0;
	if (ct_page_is(n, "div"))
		in->score += 5;
	else if (ct_page_tag_in(n, plus3))
		in->score += 3;
	else if (ct_page_tag_in(n, minus3))
		in->score -= 3;
	else if (ct_page_tag_in(n, minus5))
		in->score -= 5;
	in->score += class_weight(g, n);
}

/* Wraps runs of phrasing content directly in a <div> into <p>s. */
static void wrap_phrasing(struct grab *g, xmlNode *div)
{
	xmlNode *p = NULL, *c = div->children;

	while (c) {
		xmlNode *next = c->next;
		if (phrasing(c)) {
			if (p) {
				append(p, c);
			} else if (!whitespace_node(c)) {
				if (!(p = new_el(g, "p")))
					return;
				replace(c, p);
				append(p, c);
			}
		} else if (p) {
			while (p->last && whitespace_node(p->last))
				drop(g, p->last);
			p = NULL;
		}
		c = next;
	}
}

static const char *const unlikely_roles[] = {
	"menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog", NULL,
};

static void free_unless(char *p, const char *buf)
{
	if (p != buf)
		free(p);
}

/* The walk over the page: drops what cannot be article, turns divs that
 * are paragraphs into <p>, and lists the elements to score. */
static void walk_page(struct grab *g, xmlNode *root, struct vec *to_score)
{
	static const char *const scored_tags[] = { "section", "h2", "h3", "h4", "h5", "h6", "p",
						   "td", "pre", NULL };
	static const char *const empty_tags[] = { "div", "section", "header", "h1", "h2", "h3",
						  "h4", "h5", "h6", NULL };
	bool remove_title_header = true;
	xmlNode *n = root;

	while (n) {
		const char *cls = attr_or_empty(n, "class"), *id = attr_or_empty(n, "id");
		const char *role = ct_page_attr(n, "role"), *modal = ct_page_attr(n, "aria-modal");
		size_t cl = strlen(cls), il = strlen(id), ml = cl + il + 1;
		char buf[256], *match = ml < sizeof buf ? buf : malloc(ml + 1);

		if (!match) {
			g->oom = true;
			return;
		}
		/* "class id", lowercased once for all the word lists. */
		lower_into(match, cls, cl);
		match[cl] = ' ';
		lower_into(match + cl + 1, id, il);
		if (!probably_visible(n) ||
		    (modal && strcmp(modal, "true") == 0 && role && strcmp(role, "dialog") == 0) ||
		    check_byline(g, n, match)) {
			free_unless(match, buf);
			n = remove_and_next(g, n);
			continue;
		}
		if (remove_title_header && header_duplicates_title(g, n, &g->oom)) {
			remove_title_header = false;
			free_unless(match, buf);
			n = remove_and_next(g, n);
			continue;
		}
		if (g->flags & FLAG_STRIP_UNLIKELYS) {
			bool unlikely = any_lower(match, ml, unlikely_words) &&
					!any_lower(match, ml, maybe_words) &&
					!has_ancestor(n, "table", 3, false) &&
					!has_ancestor(n, "code", 3, false) &&
					!ct_page_is(n, "body") && !ct_page_is(n, "a");
			bool bad_role = false;
			for (size_t i = 0; role && unlikely_roles[i] && !bad_role; i++)
				bad_role = strcmp(role, unlikely_roles[i]) == 0;
			if (unlikely || bad_role) {
				free_unless(match, buf);
				n = remove_and_next(g, n);
				continue;
			}
		}
		free_unless(match, buf);
		if (ct_page_tag_in(n, empty_tags) && without_content(g, n)) {
			n = remove_and_next(g, n);
			continue;
		}
		if (ct_page_tag_in(n, scored_tags) && !push(to_score, n))
			g->oom = true;
		if (ct_page_is(n, "div")) {
			wrap_phrasing(g, n);
			if (single_tag_inside(n, "p") && link_density(g, n) < 0.25) {
				xmlNode *p = ct_page_first_el(n);
				replace(n, p);
				drop(g, n);
				n = p;
				if (!push(to_score, n))
					g->oom = true;
			} else if (!child_block(n)) {
				rename_to(n, "p");
				if (!push(to_score, n))
					g->oom = true;
			}
		}
		n = ct_page_next(n, NULL, false);
	}
}

/* Paragraphs add their score to their parent, grandparent and beyond
 * (divided by distance); returns the scored ancestors in *cands. */
static void score_paragraphs(struct grab *g, const struct vec *to_score, struct vec *cands)
{
	for (size_t i = 0; i < to_score->n; i++) {
		xmlNode *el = to_score->v[i];
		struct tsum st;
		size_t len;
		double score;
		int level = 0;

		if (!ct_page_is_el(el->parent))
			continue;
		st = sum_of(g, el, NULL);
		len = st.chars + st.gaps;
		if (len < 25)
			continue;
		score = 1 + (double)(st.commas + 1) + (double)(len / 100 < 3 ? len / 100 : 3);
		for (xmlNode *a = el->parent; a && level < 5; a = a->parent, level++) {
			double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
			if (!ct_page_is_el(a) || !ct_page_is_el(a->parent))
				continue;
			if (!peek(a)->scored) {
				init_node(g, a);
				if (!push(cands, a))
					g->oom = true;
			}
			info_of(g, a)->score += score / divider;
		}
	}
}

static bool is_ancestor(const xmlNode *anc, const xmlNode *n)
{
	for (const xmlNode *p = n->parent; p; p = p->parent)
		if (p == anc)
			return true;
	return false;
}

/* The best candidate, then the best place above it for the article. */
static xmlNode *top_candidate(struct grab *g, const struct vec *cands, xmlNode *body,
			      bool *created)
{
	xmlNode *top[N_TOP_CANDIDATES] = { 0 }, *t, *p;
	size_t n_top = 0;

	for (size_t i = 0; i < cands->n; i++) {
		xmlNode *c = cands->v[i];
		struct info *in = info_of(g, c);
		in->score *= 1 - link_density(g, c);
		for (size_t k = 0; k < N_TOP_CANDIDATES; k++) {
			if (k < n_top && !(in->score > info_of(g, top[k])->score))
				continue;
			memmove(top + k + 1, top + k, (N_TOP_CANDIDATES - k - 1) * sizeof *top);
			top[k] = c;
			if (n_top < N_TOP_CANDIDATES)
				n_top++;
			break;
		}
	}
	t = n_top ? top[0] : NULL;
	*created = false;
	if (!t || ct_page_is(t, "body")) {
		/* Nothing stands out: the whole body, in a new div. */
		if (!(t = new_el(g, "div")))
			return NULL;
		while (body->children)
			append(t, body->children);
		append(body, t);
		init_node(g, t);
		*created = true;
		return t;
	}
	/* Several close runners-up under one ancestor: take the ancestor. */
	{
		xmlNode *alts[N_TOP_CANDIDATES];
		size_t n_alt = 0;
		double best = info_of(g, t)->score;
		for (size_t i = 1; i < n_top; i++)
			if (info_of(g, top[i])->score / best >= 0.75)
				alts[n_alt++] = top[i];
		if (n_alt >= MIN_TOP_CANDIDATES) {
			for (p = t->parent; ct_page_is_el(p) && !ct_page_is(p, "body"); p = p->parent) {
				size_t lists = 0;
				for (size_t i = 0; i < n_alt && lists < MIN_TOP_CANDIDATES; i++)
					lists += is_ancestor(p, alts[i]);
				if (lists >= MIN_TOP_CANDIDATES) {
					t = p;
					break;
				}
			}
		}
	}
	if (!peek(t)->scored)
		init_node(g, t);
	/* A parent scoring higher than the candidate holds more of the article. */
	{
		double last = info_of(g, t)->score, threshold = last / 3;
		for (p = t->parent; ct_page_is_el(p) && !ct_page_is(p, "body"); p = p->parent) {
			if (!peek(p)->scored)
				continue;
			double ps = info_of(g, p)->score;
			if (ps < threshold)
				break;
			if (ps > last) {
				t = p;
				break;
			}
			last = ps;
		}
	}
	/* An only child: its parent, so that siblings can join. */
	for (p = t->parent; ct_page_is_el(p) && !ct_page_is(p, "body") && count_children(p) == 1;
	     p = t->parent)
		t = p;
	if (!peek(t)->scored)
		init_node(g, t);
	return t;
}

/* Whether a paragraph sibling reads like article text. */
static bool sibling_paragraph(struct grab *g, xmlNode *s)
{
	double ld = link_density(g, s);
	char *text = inner_text(s);
	size_t len;
	bool ok = false;

	if (!text) {
		g->oom = true;
		return false;
	}
	len = ct_page_js_len(text);
	if (len > 80 && ld < 0.25) {
		ok = true;
	} else if (len < 80 && len > 0 && ld == 0) {
		for (const char *d = strchr(text, '.'); d && !ok; d = strchr(d + 1, '.'))
			ok = d[1] == ' ' || d[1] == '\0';
	}
	free(text);
	return ok;
}

/* The candidate and those of its siblings that belong with it, moved into
 * a new <div>. */
static xmlNode *gather(struct grab *g, xmlNode *top)
{
	static const char *const keep_tags[] = { "div", "article", "section", "p", NULL };
	xmlNode *content = new_el(g, "div"), *parent = top->parent;
	const char *top_class = attr_or_empty(top, "class");
	double top_score = info_of(g, top)->score;
	double threshold = top_score * 0.2 > 10 ? top_score * 0.2 : 10;
	struct vec sibs = { 0 };

	if (!content)
		return NULL;
	for (xmlNode *s = ct_page_first_el(parent); s; s = ct_page_next_el(s))
		if (!push(&sibs, s))
			g->oom = true;
	for (size_t i = 0; i < sibs.n; i++) {
		xmlNode *s = sibs.v[i];
		bool take = s == top;
		if (!take) {
			double bonus = 0;
			if (*top_class && strcmp(attr_or_empty(s, "class"), top_class) == 0)
				bonus += top_score * 0.2;
			if (peek(s)->scored && peek(s)->score + bonus >= threshold)
				take = true;
			else if (ct_page_is(s, "p"))
				take = sibling_paragraph(g, s);
		}
		if (!take)
			continue;
		if (!ct_page_tag_in(s, keep_tags))
			rename_to(s, "div");
		append(content, s);
	}
	free(sibs.v);
	return content;
}

/* ---- cleaning the article ---- */

static void mark_data_tables(struct grab *g, xmlNode *root)
{
	static const char *const data_tags[] = { "col", "colgroup", "tfoot", "thead", "th", NULL };

	FOR_EACH_BELOW(t, root) {
		const char *role, *dt, *summary;
		xmlNode *caption = NULL;
		bool data = false, decided = false, nested = false, descendant = false;
		long rows = 0, cols = 0;

		if (!ct_page_is(t, "table"))
			continue;
		role = ct_page_attr(t, "role");
		dt = ct_page_attr(t, "datatable");
		summary = ct_page_attr(t, "summary");
		if ((role && strcmp(role, "presentation") == 0) || (dt && strcmp(dt, "0") == 0)) {
			decided = true;
		} else if (summary && *summary) {
			data = decided = true;
		}
		FOR_EACH_BELOW(c, t) {
			if (!caption && ct_page_is(c, "caption"))
				caption = c;
			descendant |= ct_page_tag_in(c, data_tags);
			nested |= ct_page_is(c, "table");
		}
		if (!decided && caption && caption->children)
			data = decided = true;
		if (!decided && descendant)
			data = decided = true;
		if (!decided && nested)
			decided = true;
		if (!decided) {
			FOR_EACH_BELOW(tr, t) {
				long in_row = 0;
				if (!ct_page_is(tr, "tr"))
					continue;
				const char *rs = ct_page_attr(tr, "rowspan");
				long span = rs ? strtol(rs, NULL, 10) : 0;
				rows += span > 0 ? span : 1;
				FOR_EACH_BELOW(td, tr) {
					if (!ct_page_is(td, "td"))
						continue;
					const char *cs = ct_page_attr(td, "colspan");
					long cspan = cs ? strtol(cs, NULL, 10) : 0;
					in_row += cspan > 0 ? cspan : 1;
				}
				if (in_row > cols)
					cols = in_row;
			}
			if (cols == 1 || rows == 1)
				data = false;
			else if (rows >= 10 || cols > 4)
				data = true;
			else
				data = rows * cols > 10;
		}
		info_of(g, t)->data_table = data;
	}
}

/* Removes every element below root named in tags (embeds of allowed
 * videos stay). */
static void clean_tags(struct grab *g, xmlNode *root, const char *const *tags)
{
	static const char *const embeds[] = { "object", "embed", "iframe", NULL };
	struct vec v = { 0 };

	FOR_EACH_BELOW(c, root)
		if (ct_page_tag_in(c, tags) && !push(&v, c))
			g->oom = true;
	for (size_t i = v.n; i-- > 0;)
		if (v.v[i]->parent && !(ct_page_tag_in(v.v[i], embeds) && attr_is_video(v.v[i])))
			drop(g, v.v[i]);
	free(v.v);
}

static bool ad_or_loading(const char *t)
{
	static const char *const words[] = {
		"ad", "advertising", "advertisement", "pub", "publicité", "PUBLICITÉ", "werb",
		"werbung", "广告", "Реклама", "реклама", "РЕКЛАМА", "anuncio",
		"loading", "loading…", "loading...", "正在加载", "正在加载…", "正在加载...",
		"Загрузка", "загрузка", "Загрузка…", "Загрузка...", "chargement", "chargement…",
		"chargement...", "cargando", "cargando…", "cargando...", NULL,
	};

	for (size_t i = 0; words[i]; i++)
		if (strcasecmp(t, words[i]) == 0)
			return true;
	return false;
}

/* Counts Readability's cleanConditionally looks at, below n. */
struct counts {
	size_t p, img, li, input, embeds;
	size_t heading_len, list_len;
	bool video;           /* an embed of an allowed video */
	bool texty;           /* text inside span, li, td or a block */
	bool data_table;      /* a data table below */
};

static void count(struct grab *g, xmlNode *n, struct counts *k)
{
	static const char *const textish[] = { "span", "li", "td", "blockquote", "dl", "div",
					       "img", "ol", "p", "pre", "table", "ul", NULL };
	static const char *const headings[] = { "h1", "h2", "h3", "h4", "h5", "h6", NULL };

	memset(k, 0, sizeof *k);
	FOR_EACH_BELOW(c, n) {
		const char *t = (const char *)c->name;
		if (strcmp(t, "p") == 0)
			k->p++;
		else if (strcmp(t, "img") == 0)
			k->img++;
		else if (strcmp(t, "li") == 0)
			k->li++;
		else if (strcmp(t, "input") == 0)
			k->input++;
		else if (strcmp(t, "table") == 0)
			k->data_table |= peek(c)->data_table;
		if (strcmp(t, "object") == 0 || strcmp(t, "embed") == 0 || strcmp(t, "iframe") == 0) {
			k->video |= attr_is_video(c);
			k->embeds++;
		}
		if (ct_page_tag_in(c, headings))
			k->heading_len += text_len(g, c);
		if (strcmp(t, "ul") == 0 || strcmp(t, "ol") == 0)
			k->list_len += text_len(g, c);
		if (!k->texty && ct_page_tag_in(c, textish) && text_len(g, c) > 0)
			k->texty = true;
	}
}

/* Whether cleanConditionally would remove n (a `tag`). */
static bool fishy(struct grab *g, xmlNode *n, const char *tag)
{
	bool is_list = strcmp(tag, "ul") == 0 || strcmp(tag, "ol") == 0;
	struct counts k;
	struct tsum st;
	size_t len;
	int weight;
	long li;
	bool remove = false, figure;
	double ld, heading_density;
	char *text;

	count(g, n, &k);
	st = sum_of(g, n, NULL);
	len = st.chars + st.gaps;
	if (!is_list)
		is_list = len > 0 && (double)k.list_len / (double)len > 0.9;
	if (strcmp(tag, "table") == 0 && peek(n)->data_table)
		return false;
	if (has_ancestor(n, "table", -1, true) || has_ancestor(n, "code", 3, false))
		return false;
	if (k.data_table)
		return false;
	weight = class_weight(g, n);
	if (weight < 0)
		return true;
	if (st.ascii_commas >= 10)
		return false;
	if (k.video)
		return false;
	if (len <= 24) {
		/* Nothing but "Advertisement" or "Loading…". */
		if (!(text = inner_text(n))) {
			g->oom = true;
			return false;
		}
		bool ad = ad_or_loading(text);
		free(text);
		if (ad)
			return true;
	}
	li = (long)k.li - 100;
	ld = link_density(g, n);
	heading_density = len ? (double)k.heading_len / (double)len : 0;
	figure = has_ancestor(n, "figure", 3, false);
	if (!figure && k.img > 1 && (double)k.p / (double)k.img < 0.5)
		remove = true;
	if (!is_list && li > (long)k.p)
		remove = true;
	if (k.input > k.p / 3)
		remove = true;
	if (!is_list && !figure && heading_density < 0.9 && len < 25 &&
	    (k.img == 0 || k.img > 2) && ld > 0)
		remove = true;
	if (!is_list && weight < 25 && ld > 0.2)
		remove = true;
	if (weight >= 25 && ld > 0.5)
		remove = true;
	if ((k.embeds == 1 && len < 75) || k.embeds > 1)
		remove = true;
	if (k.img == 0 && !k.texty)
		remove = true;
	if (is_list && remove) {
		/* Lists of images may stay. */
		for (xmlNode *c = ct_page_first_el(n); c; c = ct_page_next_el(c))
			if (count_children(c) > 1)
				return true;
		if (k.img == count_below(n, "li"))
			return false;
	}
	return remove;
}

static void clean_conditionally(struct grab *g, xmlNode *root, const char *tag)
{
	const char *tags[] = { tag, NULL };
	struct vec v = { 0 };

	if (!(g->flags & FLAG_CLEAN_CONDITIONALLY))
		return;
	FOR_EACH_BELOW(c, root)
		if (ct_page_tag_in(c, tags) && !push(&v, c))
			g->oom = true;
	for (size_t i = v.n; i-- > 0;)
		if (v.v[i]->parent && fishy(g, v.v[i], tag))
			drop(g, v.v[i]);
	free(v.v);
}

/* Drops elements below e whose class or id says "share" and that hold
 * little text. */
static void clean_share(struct grab *g, xmlNode *e)
{
	xmlNode *n = ct_page_first_el(e);

	while (n) {
		const char *cls = attr_or_empty(n, "class"), *id = attr_or_empty(n, "id");
		bool share = share_like(cls) || share_like(id);
		if (share)
			share = sum_of(g, n, NULL).raw < CHAR_THRESHOLD;
		if (share) {
			xmlNode *next = ct_page_next(n, e, true);
			drop(g, n);
			n = next;
		} else {
			n = ct_page_next(n, e, false);
		}
	}
}

static void prep_article(struct grab *g, xmlNode *content)
{
	static const char *const junk[] = { "object", "embed", "footer", "link", "aside", NULL };
	static const char *const inputs[] = { "iframe", "input", "textarea", "select", "button",
					      NULL };
	struct vec v = { 0 };

	mark_data_tables(g, content);
	clean_conditionally(g, content, "form");
	clean_conditionally(g, content, "fieldset");
	clean_tags(g, content, junk);
	for (xmlNode *c = ct_page_first_el(content); c; c = ct_page_next_el(c))
		clean_share(g, c);
	clean_tags(g, content, inputs);
	/* Headings that look like furniture. */
	FOR_EACH_BELOW(c, content)
		if ((ct_page_is(c, "h1") || ct_page_is(c, "h2")) && !push(&v, c))
			g->oom = true;
	for (size_t i = v.n; i-- > 0;)
		if (v.v[i]->parent && class_weight(g, v.v[i]) < 0)
			drop(g, v.v[i]);
	v.n = 0;
	clean_conditionally(g, content, "table");
	clean_conditionally(g, content, "ul");
	clean_conditionally(g, content, "div");
	/* Empty paragraphs. */
	FOR_EACH_BELOW(c, content)
		if (ct_page_is(c, "p") && !push(&v, c))
			g->oom = true;
	for (size_t i = v.n; i-- > 0;) {
		xmlNode *p = v.v[i];
		if (!p->parent || count_below(p, "img") || count_below(p, "embed") ||
		    count_below(p, "object") || count_below(p, "iframe"))
			continue;
		if (text_len(g, p) == 0)
			drop(g, p);
	}
	free(v.v);
}

/* ---- one attempt ---- */

static void release_attempt(struct grab *g)
{
	for (size_t i = 0; i < g->trash.n; i++)
		xmlFreeNode(g->trash.v[i]);
	free(g->trash.v);
	memset(&g->trash, 0, sizeof g->trash);
	while (g->chunks) {
		struct info_chunk *c = g->chunks;
		g->chunks = c->next;
		free(c);
	}
}

/*
 * Runs one attempt on doc with g->flags: writes the article's text to
 * *text and its length (as Readability counts it) to *len. No body: "".
 */
static int attempt(struct grab *g, char **text, size_t *len)
{
	xmlNode *root = xmlDocGetRootElement(g->doc), *body = ct_page_body(g->doc);
	xmlNode *top, *content = NULL;
	struct vec to_score = { 0 }, cands = { 0 };
	bool created;
	int rc = CT_OK;

	*text = NULL;
	*len = 0;
	if (!root)
		goto done;
	prep_document(g, root, body);
	if (!body)
		goto done;
	walk_page(g, root, &to_score);
	score_paragraphs(g, &to_score, &cands);
	if (!(top = top_candidate(g, &cands, body, &created)) || !(content = gather(g, top)))
		goto done;
	prep_article(g, content);
	*len = text_len(g, content);
	if (!g->oom)
		rc = ct_page_write_text(content, text);
done:
	if (content)
		xmlFreeNode(content);
	free(to_score.v);
	free(cands.v);
	if (rc == CT_OK && g->oom)
		rc = CT_ENOMEM;
	if (rc == CT_OK && !*text && !(*text = strdup("")))
		rc = CT_ENOMEM;
	if (rc != CT_OK) {
		free(*text);
		*text = NULL;
	}
	return rc;
}

int ct_page_article(xmlDoc *doc, const char *utf8, size_t len, const char *title,
		    bool find_byline, char **text, char **byline)
{
	static const unsigned loosen[] = { FLAG_STRIP_UNLIKELYS, FLAG_WEIGHT_CLASSES,
					   FLAG_CLEAN_CONDITIONALLY };
	struct grab g = { .title = title, .find_byline = find_byline,
			  .flags = FLAG_STRIP_UNLIKELYS | FLAG_WEIGHT_CLASSES | FLAG_CLEAN_CONDITIONALLY };
	char *best = NULL;
	size_t best_len = 0, n_loosened = 0;
	int rc = CT_OK;

	/* Too little text: the page is parsed again and read with looser
	 * rules. The first long enough wins, else the longest of all. */
	for (size_t round = 0;; round++) {
		char *t = NULL;
		size_t tl = 0;
		xmlDoc *d = doc;

		if (round > 0 && (rc = ct_page_parse(utf8, len, &d)) != CT_OK)
			break;
		g.doc = d;
		g.oom = false;
		rc = attempt(&g, &t, &tl);
		release_attempt(&g);
		if (d != doc)
			xmlFreeDoc(d);
		if (rc != CT_OK)
			break;
		if (!best || tl > best_len) {
			free(best);
			best = t;
			best_len = tl;
		} else {
			free(t);
		}
		if (tl >= CHAR_THRESHOLD || n_loosened == 3)
			break;
		g.flags &= ~loosen[n_loosened++];
	}
	if (rc != CT_OK) {
		free(best);
		free(g.byline);
		return rc;
	}
	*text = best;
	*byline = g.byline;
	return CT_OK;
}

