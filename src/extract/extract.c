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
 * furniture are cleaned out of it (extract_clean.c). When that leaves
 * less than 500 characters the page is parsed again and tried with fewer
 * rules. The measures scoring reads, and the tree edits that keep them
 * true, are in extract_grab.c; extract_text.c writes the result as text;
 * extract_doc.c makes the document.
 */
#include "extract/extract_grab.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define N_TOP_CANDIDATES 5
#define MIN_TOP_CANDIDATES 3

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
static const char *const byline_words[] = {
	"byline", "author", "dateline", "writtenby", "p-author", NULL,
};

/* Class or id words of blocks that hold metadata, not body: captions and
 * picture credits, and the byline and date lines around the headline. */
static const char *const caption_words[] = {
	"caption", "credit", "copyright", "bildnachweis", "bildunterschrift", "legende",
	"image-source", "photo-source", "image-annotation", "imagedescription",
	"image-description", "image-info", "photo-info", "bildtext", NULL,
};
/* The caption words that name a picture's credit, for inline elements:
 * readers keep the captions set in a <span>, not the credits. */
static const char *const credit_words[] = {
	"credit", "copyright", "bildnachweis", "image-source", "photo-source", NULL,
};
static const char *const dateline_words[] = {
	"byline", "author", "dateline", "writtenby", "p-author", "date", "publish", "posted",
	"timestamp", "updated", "entry-meta", "post-meta", "article-meta", "meta-info",
	"reading-time", "readtime", "read-time", NULL,
};

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
	return (ct_page_is_text(n) && (!n->content || ct_grab_blank_text((const char *)n->content))) ||
	       ct_page_is(n, "br");
}

/* The node at or after n that is an element or holds more than white
 * space (comments count by their text). */
static xmlNode *next_node(xmlNode *n)
{
	while (n && n->type != XML_ELEMENT_NODE &&
	       (!n->content || ct_grab_blank_text((const char *)n->content)))
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

	if (ct_grab_text_len(g, n))
		return false;
	kids = ct_grab_count_children(n);
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
		if (ct_page_tag_in(n, tags) && !ct_grab_push(out, n))
			*oom = true;
}

static bool image_attr_value(const char *v)
{
	static const char *const exts[] = { ".jpg", ".jpeg", ".png", ".webp", NULL };

	return ct_grab_any_ci(v, exts);
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
			ct_grab_drop(g, v.v[i]);
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
			ct_grab_drop(g, next);
			next = sib;
		}
		if (!replaced || !(p = ct_grab_new_el(g, "p")))
			continue;
		ct_grab_replace(b, p);
		ct_grab_drop(g, b);
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
			ct_grab_append(p, next);
			next = sib;
		}
		while (p->last && whitespace_node(p->last))
			ct_grab_drop(g, p->last);
		if (ct_page_is(p->parent, "p"))
			ct_grab_rename(p->parent, "div");
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
		if ((g->flags & FLAG_READ_NOSCRIPT) && ct_page_is(n, "noscript")) {
			ct_grab_rename(n, "div");
		} else if (ct_page_tag_in(n, gone)) {
			if (!ct_grab_push(&drop_v, n))
				g->oom = true;
		} else if (ct_page_is(n, "font") && !ct_grab_push(&fonts, n)) {
			g->oom = true;
		}
	}
	for (size_t i = drop_v.n; i-- > 0;)
		if (drop_v.v[i]->parent)
			ct_grab_drop(g, drop_v.v[i]);
	if (body)
		replace_brs(g, body);
	for (size_t i = 0; i < fonts.n; i++)
		ct_grab_rename(fonts.v[i], "span");
	free(drop_v.v);
	free(fonts.v);
}

/* ---- finding the article ---- */

static xmlNode *remove_and_next(struct grab *g, xmlNode *n)
{
	xmlNode *next = ct_page_next(n, NULL, true);

	ct_grab_drop(g, n);
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
	      ct_grab_any_lower(match, strlen(match), byline_words)))
		return false;
	if (ct_grab_text_len(g, n) >= 100)
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

/* Blocks that metadata_block() may take out: never running text. */
static const char *const metadata_tags[] = {
	"div", "p", "section", "header", "footer", "ul", "ol", "li", "dl", "dd", "dt", "figure",
	"address", "aside", "small", "h3", "h4", "h5", "h6", NULL,
};

/* Inline elements and headings metadata_block() may take out too, for a
 * caption class only: a credit in an <em> inside a picture's <span>
 * (credit_words), a caption set as an <h2>. */
static const char *const metadata_inline_tags[] = {
	"span", "em", "i", "b", "strong", "cite", "h2", NULL,
};

/*
 * A short block whose class or id says it is a caption, a picture credit,
 * a byline or a date line: metadata, not body (claims must not come from
 * it), wherever it stands. A caption holds under 200 characters, a byline
 * or date line under 100. match: class and id, lowercased.
 */
static bool metadata_block(struct grab *g, xmlNode *n, const char *match, size_t ml)
{
	bool caption, dateline, inline_el;
	size_t len;

	if (ml <= 1)
		return false;
	inline_el = !ct_page_tag_in(n, metadata_tags);
	if (inline_el && !ct_page_tag_in(n, metadata_inline_tags))
		return false;
	caption = ct_grab_any_lower(match, ml,
				    inline_el && !ct_page_is(n, "h2") ? credit_words : caption_words) &&
		  !strstr(match, "no_caption") &&
		  !strstr(match, "no-caption") && !strstr(match, "nocaption") &&
		  !strstr(match, "has-caption") && !strstr(match, "has_caption") &&
		  !strstr(match, "with-caption");
	dateline = !caption && !inline_el &&
		   ct_grab_any_lower(match, ml, dateline_words);
	if (!caption && !dateline)
		return false;
	len = ct_grab_text_len(g, n);
	if (len >= (caption ? 200u : 100u))
		return false;
	/* The byline may be inside: it is taken first. */
	if (dateline && g->find_byline && !g->byline)
		FOR_EACH_BELOW(c, n) {
			const char *cls = ct_grab_attr_or_empty(c, "class"), *id = ct_grab_attr_or_empty(c, "id");
			size_t cl = strlen(cls), il = strlen(id);
			char buf[256];
			if (cl + il + 2 > sizeof buf)
				continue;
			ct_grab_lower_into(buf, cls, cl);
			buf[cl] = ' ';
			ct_grab_lower_into(buf + cl + 1, id, il);
			if (check_byline(g, c, buf))
				break;
		}
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
	struct info *in = ct_grab_info(g, n);

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
	in->score += ct_grab_class_weight(g, n);
}

/* Wraps runs of phrasing content directly in a <div> into <p>s. */
static void wrap_phrasing(struct grab *g, xmlNode *div)
{
	xmlNode *p = NULL, *c = div->children;

	while (c) {
		xmlNode *next = c->next;
		if (phrasing(c)) {
			if (p) {
				ct_grab_append(p, c);
			} else if (!whitespace_node(c)) {
				if (!(p = ct_grab_new_el(g, "p")))
					return;
				ct_grab_replace(c, p);
				ct_grab_append(p, c);
			}
		} else if (p) {
			while (p->last && whitespace_node(p->last))
				ct_grab_drop(g, p->last);
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

/* The page's only <h1> below root; NULL when it has none or several. */
static xmlNode *only_h1(xmlNode *root)
{
	xmlNode *h1 = NULL;

	for (xmlNode *n = root; n; n = ct_page_next(n, root, false))
		if (ct_page_is(n, "h1")) {
			if (h1)
				return NULL;
			h1 = n;
		}
	return h1;
}

/* Whether n holds the page's headline (its only <h1>) and text beyond
 * it: whatever its class says ("above-footer", "header-wrap"), such a
 * block is where the article is, not furniture. It is marked so, for the
 * cleaning not to drop it for its class either. */
static bool holds_headline(struct grab *g, xmlNode *n)
{
	const xmlNode *h = g->headline;

	if (!h || ct_page_is(n, "body"))
		return false;
	for (const xmlNode *p = h->parent; p; p = p->parent)
		if (p == n) {
			if (ct_grab_text_len(g, n) <= ct_grab_text_len(g, g->headline) + CHAR_THRESHOLD)
				return false;
			ct_grab_info(g, n)->headline_block = true;
			return true;
		}
	return false;
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

	g->headline = only_h1(root);

	while (n) {
		const char *cls = ct_grab_attr_or_empty(n, "class"), *id = ct_grab_attr_or_empty(n, "id");
		const char *role = ct_page_attr(n, "role"), *modal = ct_page_attr(n, "aria-modal");
		size_t cl = strlen(cls), il = strlen(id), ml = cl + il + 1;
		char buf[256], *match = ml < sizeof buf ? buf : malloc(ml + 1);

		if (!match) {
			g->oom = true;
			return;
		}
		/* "class id", lowercased once for all the word lists. */
		ct_grab_lower_into(match, cls, cl);
		match[cl] = ' ';
		ct_grab_lower_into(match + cl + 1, id, il);
		if (!probably_visible(n) ||
		    (modal && strcmp(modal, "true") == 0 && role && strcmp(role, "dialog") == 0) ||
		    check_byline(g, n, match) || metadata_block(g, n, match, ml)) {
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
			bool unlikely = ct_grab_any_lower(match, ml, unlikely_words) &&
					!ct_grab_any_lower(match, ml, maybe_words) &&
					!holds_headline(g, n) &&
					!ct_grab_has_ancestor(n, "table", 3, false) &&
					!ct_grab_has_ancestor(n, "code", 3, false) &&
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
		if (ct_page_tag_in(n, scored_tags) && !ct_grab_push(to_score, n))
			g->oom = true;
		if (ct_page_is(n, "div")) {
			wrap_phrasing(g, n);
			if (single_tag_inside(n, "p") && ct_grab_link_density(g, n) < 0.25) {
				xmlNode *p = ct_page_first_el(n);
				ct_grab_replace(n, p);
				ct_grab_drop(g, n);
				n = p;
				if (!ct_grab_push(to_score, n))
					g->oom = true;
			} else if (!child_block(n)) {
				ct_grab_rename(n, "p");
				if (!ct_grab_push(to_score, n))
					g->oom = true;
			}
		}
		n = ct_page_next(n, NULL, false);
	}
}

/* Paragraphs add their score to their parent, grandparent and beyond
 * (divided by distance); returns the scored ancestors in *cands. Once
 * the unlikely blocks are no longer stripped (the strict attempt found
 * too little), those inside a <form> score nothing: the labels, consent
 * text and error messages of a login or sign-up form, back in the page
 * then, would otherwise win by their length alone. */
static void score_paragraphs(struct grab *g, const struct vec *to_score, struct vec *cands)
{
	for (size_t i = 0; i < to_score->n; i++) {
		xmlNode *el = to_score->v[i];
		struct tsum st;
		size_t len;
		double score;
		int level = 0;

		if (!ct_page_is_el(el->parent) ||
		    (!(g->flags & FLAG_STRIP_UNLIKELYS) && ct_grab_has_ancestor(el, "form", -1, false)))
			continue;
		st = ct_grab_sum(g, el, NULL);
		len = st.chars + st.gaps;
		if (len < 25)
			continue;
		score = 1 + (double)(st.commas + 1) + (double)(len / 100 < 3 ? len / 100 : 3);
		for (xmlNode *a = el->parent; a && level < 5; a = a->parent, level++) {
			double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
			if (!ct_page_is_el(a) || !ct_page_is_el(a->parent))
				continue;
			if (!ct_grab_peek(a)->scored) {
				init_node(g, a);
				if (!ct_grab_push(cands, a))
					g->oom = true;
			}
			ct_grab_info(g, a)->score += score / divider;
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

/*
 * A row or body of a table as the best candidate, under a block outside
 * the table that scores at least half as much: the table (a list of
 * names, a table of figures, each cell scoring like a paragraph) is one
 * part of an article the block holds, so the block is taken.
 */
static xmlNode *above_table(struct grab *g, xmlNode *t)
{
	static const char *const table_parts[] = { "table", "thead", "tbody", "tfoot", "tr",
						   "td", "th", NULL };
	double best = ct_grab_info(g, t)->score;

	if (!ct_page_tag_in(t, table_parts))
		return t;
	for (xmlNode *p = t->parent; ct_page_is_el(p) && !ct_page_is(p, "body"); p = p->parent) {
		if (ct_page_tag_in(p, table_parts))
			continue;
		if (ct_grab_peek(p)->scored && ct_grab_info(g, p)->score >= best / 2)
			return p;
	}
	return t;
}

/* The best candidate, then the best place above it for the article. */
static xmlNode *top_candidate(struct grab *g, const struct vec *cands, xmlNode *body,
			      bool *created)
{
	xmlNode *top[N_TOP_CANDIDATES] = { 0 }, *t, *p;
	size_t n_top = 0;

	for (size_t i = 0; i < cands->n; i++) {
		xmlNode *c = cands->v[i];
		struct info *in = ct_grab_info(g, c);
		in->score *= 1 - ct_grab_link_density(g, c);
		for (size_t k = 0; k < N_TOP_CANDIDATES; k++) {
			if (k < n_top && !(in->score > ct_grab_info(g, top[k])->score))
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
		if (!(t = ct_grab_new_el(g, "div")))
			return NULL;
		while (body->children)
			ct_grab_append(t, body->children);
		ct_grab_append(body, t);
		init_node(g, t);
		*created = true;
		return t;
	}
	/* Several close runners-up under one ancestor: take the ancestor. */
	{
		xmlNode *alts[N_TOP_CANDIDATES];
		size_t n_alt = 0;
		double best = ct_grab_info(g, t)->score;
		for (size_t i = 1; i < n_top; i++)
			if (ct_grab_info(g, top[i])->score / best >= 0.75)
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
	t = above_table(g, t);
	if (!ct_grab_peek(t)->scored)
		init_node(g, t);
	/* A parent scoring higher than the candidate holds more of the article. */
	{
		double last = ct_grab_info(g, t)->score, threshold = last / 3;
		for (p = t->parent; ct_page_is_el(p) && !ct_page_is(p, "body"); p = p->parent) {
			if (!ct_grab_peek(p)->scored)
				continue;
			double ps = ct_grab_info(g, p)->score;
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
	for (p = t->parent; ct_page_is_el(p) && !ct_page_is(p, "body") && ct_grab_count_children(p) == 1;
	     p = t->parent)
		t = p;
	if (!ct_grab_peek(t)->scored)
		init_node(g, t);
	return t;
}

/* Whether a paragraph sibling reads like article text. */
static bool sibling_paragraph(struct grab *g, xmlNode *s)
{
	double ld = ct_grab_link_density(g, s);
	char *text = ct_grab_inner_text(s);
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

/* Whether s is another component of the same kind as top: the same tag
 * and the same first class word ("paragraph paragraph--type--text" and
 * "paragraph paragraph--type--quote"), as CMSs build an article from
 * blocks of text, quotes and steps; with text, mostly not links. */
static bool sibling_component(struct grab *g, const xmlNode *top, xmlNode *s)
{
	const char *a = ct_grab_attr_or_empty(top, "class"), *b = ct_grab_attr_or_empty(s, "class");
	size_t na, nb;

	while (*a == ' ')
		a++;
	while (*b == ' ')
		b++;
	na = strcspn(a, " \t\n");
	nb = strcspn(b, " \t\n");
	static const char *const layout[] = { "col", "row", "grid", "cell", "container",
					      "wrapper", "clearfix", NULL };

	if (na < 3 || na != nb || memcmp(a, b, na) != 0 || strcmp((const char *)top->name,
								     (const char *)s->name) != 0)
		return false;
	/* Grid cells say where a block stands, not what it is. */
	for (size_t i = 0; layout[i]; i++)
		if (strncasecmp(a, layout[i], strlen(layout[i])) == 0)
			return false;
	if (ct_grab_any_ci(b, dateline_words) || ct_grab_any_ci(b, caption_words))
		return false;
	return ct_grab_text_len(g, s) > 0 && ct_grab_link_density(g, s) < 0.25 &&
	       ct_grab_class_weight(g, s) >= 0;
}

/* Whether two elements have the same tag and the same class ("" when
 * none). */
static bool same_kind(const xmlNode *a, const xmlNode *b)
{
	return a && b && strcmp((const char *)a->name, (const char *)b->name) == 0 &&
	       strcmp(ct_grab_attr_or_empty(a, "class"), ct_grab_attr_or_empty(b, "class")) == 0;
}

/* Whether a class holds a word that says what a block is, not only where
 * it stands ("column-wrapper left-column", "mb-8"): one of five letters or
 * more naming no column, row, grid, cell, container, wrapper or side. */
static bool telling_class(const char *cls)
{
	static const char *const layout[] = { "col", "row", "grid", "cell", "container", "wrap",
					      "clearfix", "left", "right", NULL };

	while (*cls) {
		size_t n;
		char word[64];
		while (*cls == ' ' || *cls == '\t' || *cls == '\n')
			cls++;
		n = strcspn(cls, " \t\n");
		if (n >= 5 && n < sizeof word) {
			memcpy(word, cls, n);
			word[n] = '\0';
			if (!ct_grab_any_ci(word, layout))
				return true;
		}
		cls += n;
	}
	return false;
}

/*
 * Whether s is a repeat of component a: the same tag and class, its first
 * element of the same tag and class too, one of the two classes telling
 * (telling_class()); and
 * it holds at least 100 characters of text, mostly not links, under no
 * negative class. A CMS builds an article of such units ("a section
 * with a heading row and a text row", "a wrapper around one paragraph
 * field"), each scoring alone.
 */
static bool repeat_of(struct grab *g, const xmlNode *a, xmlNode *s)
{
	const xmlNode *fa = ct_page_first_el(a), *fs = ct_page_first_el(s);

	if (s == a || !same_kind(a, s) || !same_kind(fa, fs) ||
	    (!telling_class(ct_grab_attr_or_empty(a, "class")) &&
	     !telling_class(ct_grab_attr_or_empty(fa, "class"))))
		return false;
	return ct_grab_text_len(g, s) >= 100 && ct_grab_link_density(g, s) < 0.25 &&
	       ct_grab_class_weight(g, s) >= 0;
}

/*
 * The article's component that holds the candidate t: t or the nearest of
 * its ancestors (up to four levels) that has a sibling repeating it
 * (repeat_of()), so that the article's other components join it; else t.
 */
static xmlNode *component_of(struct grab *g, xmlNode *t)
{
	xmlNode *a = t;

	for (int level = 0; level <= 4 && ct_page_is_el(a) && !ct_page_is(a, "body") &&
			    ct_page_is_el(a->parent); level++, a = a->parent)
		for (xmlNode *s = ct_page_first_el(a->parent); s; s = ct_page_next_el(s))
			if (repeat_of(g, a, s))
				return a;
	return t;
}

/* The candidate and those of its siblings that belong with it, moved into
 * a new <div>. */
static xmlNode *gather(struct grab *g, xmlNode *top)
{
	static const char *const keep_tags[] = { "div", "article", "section", "p", NULL };
	xmlNode *unit = component_of(g, top);
	xmlNode *content = ct_grab_new_el(g, "div"), *parent;
	const char *top_class;
	double top_score = ct_grab_info(g, top)->score;

	/* The threshold stays the candidate's: the component scores less. */
	if (unit != top) {
		top = unit;
		if (!ct_grab_peek(top)->scored)
			init_node(g, top);
	}
	parent = top->parent;
	top_class = ct_grab_attr_or_empty(top, "class");
	double threshold = top_score * 0.2 > 10 ? top_score * 0.2 : 10;
	struct vec sibs = { 0 };

	if (!content)
		return NULL;
	for (xmlNode *s = ct_page_first_el(parent); s; s = ct_page_next_el(s))
		if (!ct_grab_push(&sibs, s))
			g->oom = true;
	for (size_t i = 0; i < sibs.n; i++) {
		xmlNode *s = sibs.v[i];
		bool take = s == top;
		if (!take) {
			double bonus = 0;
			if (*top_class && strcmp(ct_grab_attr_or_empty(s, "class"), top_class) == 0)
				bonus += top_score * 0.2;
			if (ct_grab_peek(s)->scored && ct_grab_peek(s)->score + bonus >= threshold)
				take = true;
			else if (ct_page_is(s, "p"))
				take = sibling_paragraph(g, s);
			else
				take = sibling_component(g, top, s) || repeat_of(g, top, s);
		}
		if (!take)
			continue;
		if (!ct_page_tag_in(s, keep_tags))
			ct_grab_rename(s, "div");
		ct_grab_append(content, s);
	}
	free(sibs.v);
	return content;
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
	ct_grab_prep_article(g, content);
	*len = ct_grab_text_len(g, content);
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

/* Whether the page has a <noscript> element. */
static bool has_noscript(const char *s, size_t n)
{
	for (const char *p = s; (p = memchr(p, '<', n - (size_t)(p - s))); p++)
		if ((size_t)(s + n - p) > 9 && strncasecmp(p + 1, "noscript", 8) == 0 &&
		    (p[9] == '>' || p[9] == ' ' || p[9] == '\t' || p[9] == '\n' || p[9] == '\r'))
			return true;
	return false;
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
		if (tl >= CHAR_THRESHOLD || (g.flags & FLAG_READ_NOSCRIPT))
			break;
		if (n_loosened == 3) {
			/* Still too little: the body may be only in <noscript>
			 * (pages that render it with a script), read as a last try. */
			if (!has_noscript(utf8, len))
				break;
			g.flags = FLAG_STRIP_UNLIKELYS | FLAG_WEIGHT_CLASSES |
				  FLAG_CLEAN_CONDITIONALLY | FLAG_READ_NOSCRIPT;
			continue;
		}
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
