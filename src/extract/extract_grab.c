/*
 * HTML extraction: the bookkeeping of one Readability attempt (extract.c).
 * Each element's text measures (length, commas, link text) are kept on it
 * and reused until a tree edit made here forgets them; class and id are
 * weighed here too, since both finding and cleaning the article read them.
 */
#include "extract/extract_grab.h"
#include "base/base.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- bookkeeping ---- */

bool ct_grab_push(struct vec *v, xmlNode *n)
{
	if (!CT_VEC_RESERVE(v->v, v->cap, v->n + 1))
		return false;
	v->v[v->n++] = n;
	return true;
}

struct info *ct_grab_info(struct grab *g, xmlNode *n)
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

const struct info *ct_grab_peek(const xmlNode *n)
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
void ct_grab_drop(struct grab *g, xmlNode *n)
{
	dirty(n->parent);
	xmlUnlinkNode(n);
	if (!ct_grab_push(&g->trash, n))
		g->oom = true;   /* leaked rather than freed while still referenced */
}

/* Appends c (taken from wherever it is) as the last child of parent. No
 * text-node merging, unlike xmlAddChild(). */
void ct_grab_append(xmlNode *parent, xmlNode *c)
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
void ct_grab_replace(xmlNode *old, xmlNode *nw)
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

void ct_grab_rename(xmlNode *n, const char *tag)
{
	dirty(n->parent);   /* an <a> no more, or one now */
	xmlNodeSetName(n, (const xmlChar *)tag);
}

xmlNode *ct_grab_new_el(struct grab *g, const char *tag)
{
	xmlNode *n = xmlNewDocNode(g->doc, NULL, (const xmlChar *)tag, NULL);

	if (!n)
		g->oom = true;
	return n;
}

/* ---- names and attributes ---- */

const char *ct_grab_attr_or_empty(const xmlNode *n, const char *name)
{
	const char *v = ct_page_attr(n, name);
	return v ? v : "";
}

/* Whether low (n bytes, no uppercase ASCII) holds any of `words`. */
bool ct_grab_any_lower(const char *low, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) <= n && strstr(low, *words))
			return true;
	return false;
}

/* Lowercases ASCII letters of s[0, n] (its NUL too) into low. */
void ct_grab_lower_into(char *low, const char *s, size_t n)
{
	for (size_t i = 0; i <= n; i++)
		low[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
}

/* Whether s holds any of the lowercase ASCII `words`, in any case. */
bool ct_grab_any_ci(const char *s, const char *const *words)
{
	char buf[256], *low = buf;
	size_t n = strlen(s);
	bool found;

	if (n == 0)
		return false;
	if (n >= sizeof buf && !(low = malloc(n + 1)))
		return false;
	ct_grab_lower_into(low, s, n);
	found = ct_grab_any_lower(low, n, words);
	if (low != buf)
		free(low);
	return found;
}

static const char *const positive_words[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
	"pagination", "post", "text", "blog", "story", NULL,
};
static const char *const negative_words[] = {
	"-ad-", "banner", "combx", "comment", "com-", "contact", "footer",
	"foot", "footnote", "gdpr", "masthead", "media", "meta", "outbrain", "promo",
	"related", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor",
	"shopping", "tags", "widget", NULL,
};

/*
 * Whether the "hidden" at s[i] (in a class or id of n bytes) hides the
 * block: not when it hides only the block's label ("field--label-hidden",
 * Drupal's mark on every field whose name is not shown), clips what
 * overflows ("overflow-hidden", "overflow-x-hidden") or hides the block
 * on one kind of screen only ("hidden-phone", "elementor-hidden-tablet").
 */
static bool hides(const char *s, size_t n, size_t i)
{
	static const char *const screens[] = { "-phone", "-tablet", "-desktop", "-mobile", NULL };
	size_t end = i + 6;

	if ((i >= 6 && strncasecmp(s + i - 6, "label-", 6) == 0) ||
	    (i >= 9 && strncasecmp(s + i - 9, "overflow-", 9) == 0) ||
	    (i >= 11 && strncasecmp(s + i - 11, "overflow-x-", 11) == 0) ||
	    (i >= 11 && strncasecmp(s + i - 11, "overflow-y-", 11) == 0))
		return false;
	for (size_t k = 0; screens[k]; k++) {
		size_t l = strlen(screens[k]);
		if (end + l <= n && strncasecmp(s + end, screens[k], l) == 0)
			return false;
	}
	return true;
}

/* Readability's negative pattern, with its "hid" as a whole class name
 * and its "hidden" only where it hides the block (hides()). */
static bool negative(const char *s)
{
	size_t n = strlen(s);

	if (ct_grab_any_ci(s, negative_words))
		return true;
	for (size_t i = 0; i + 6 <= n; i++)
		if (strncasecmp(s + i, "hidden", 6) == 0 && hides(s, n, i))
			return true;
	for (size_t i = 0; i + 3 <= n; i++)
		if (strncasecmp(s + i, "hid", 3) == 0 && (i == 0 || s[i - 1] == ' ') &&
		    (i + 3 == n || s[i + 3] == ' '))
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
struct tsum ct_grab_sum(struct grab *g, xmlNode *n, double *links)
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
	in = ct_grab_info(g, n);
	if (in->cached) {
		if (links)
			*links = in->links;
		return in->t;
	}
	for (xmlNode *c = n->children; c; c = c->next) {
		double cl;
		struct tsum ct = ct_grab_sum(g, c, &cl);
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
size_t ct_grab_text_len(struct grab *g, xmlNode *n)
{
	struct tsum t = ct_grab_sum(g, n, NULL);
	return t.chars + t.gaps;
}

double ct_grab_link_density(struct grab *g, xmlNode *n)
{
	double links;
	struct tsum t = ct_grab_sum(g, n, &links);
	size_t len = t.chars + t.gaps;

	return len ? links / (double)len : 0;
}

/* Readability's getInnerText: trimmed, runs of two or more white space
 * characters made one space. malloc'd; NULL when out of memory. */
char *ct_grab_inner_text(const xmlNode *n)
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

bool ct_grab_blank_text(const char *s)
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

int ct_grab_class_weight(const struct grab *g, const xmlNode *n)
{
	const char *cls = ct_grab_attr_or_empty(n, "class"), *id = ct_grab_attr_or_empty(n, "id");
	int w = 0;

	if (!(g->flags & FLAG_WEIGHT_CLASSES))
		return 0;
	if (*cls) {
		if (negative(cls))
			w -= 25;
		if (ct_grab_any_ci(cls, positive_words))
			w += 25;
	}
	if (*id) {
		if (negative(id))
			w -= 25;
		if (ct_grab_any_ci(id, positive_words))
			w += 25;
	}
	return w;
}

size_t ct_grab_count_below(const xmlNode *n, const char *tag)
{
	size_t count = 0;

	FOR_EACH_BELOW(c, n)
		count += ct_page_is(c, tag);
	return count;
}

size_t ct_grab_count_children(const xmlNode *n)
{
	size_t count = 0;

	for (xmlNode *c = ct_page_first_el(n); c; c = ct_page_next_el(c))
		count++;
	return count;
}

/* Whether an ancestor of n within max_depth levels (all when max_depth
 * < 0) is a `tag`, and a data table when want_data_table. */
bool ct_grab_has_ancestor(const xmlNode *n, const char *tag, int max_depth, bool want_data_table)
{
	int depth = 0;

	for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		if (max_depth > 0 && depth > max_depth)
			return false;
		if (ct_page_is(p, tag) && (!want_data_table || ct_grab_peek(p)->data_table))
			return true;
		depth++;
	}
	return false;
}
