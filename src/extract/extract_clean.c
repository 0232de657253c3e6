/*
 * HTML extraction: cleaning the article extract.c found, as Readability's
 * _prepArticle does: forms, share bars, embeds but allowed videos,
 * inputs, headings that look like furniture, and tables, lists and divs
 * that cleanConditionally finds fishy go, and so do empty paragraphs.
 */
#include "extract/extract_grab.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
		ct_grab_info(g, t)->data_table = data;
	}
}

/* Removes every element below root named in tags (embeds of allowed
 * videos stay). */
static void clean_tags(struct grab *g, xmlNode *root, const char *const *tags)
{
	static const char *const embeds[] = { "object", "embed", "iframe", NULL };
	struct vec v = { 0 };

	FOR_EACH_BELOW(c, root)
		if (ct_page_tag_in(c, tags) && !ct_grab_push(&v, c))
			g->oom = true;
	for (size_t i = v.n; i-- > 0;)
		if (v.v[i]->parent && !(ct_page_tag_in(v.v[i], embeds) && attr_is_video(v.v[i])))
			ct_grab_drop(g, v.v[i]);
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
			k->data_table |= ct_grab_peek(c)->data_table;
		if (strcmp(t, "object") == 0 || strcmp(t, "embed") == 0 || strcmp(t, "iframe") == 0) {
			k->video |= attr_is_video(c);
			k->embeds++;
		}
		if (ct_page_tag_in(c, headings))
			k->heading_len += ct_grab_text_len(g, c);
		if (strcmp(t, "ul") == 0 || strcmp(t, "ol") == 0)
			k->list_len += ct_grab_text_len(g, c);
		if (!k->texty && ct_page_tag_in(c, textish) && ct_grab_text_len(g, c) > 0)
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
	st = ct_grab_sum(g, n, NULL);
	len = st.chars + st.gaps;
	if (!is_list)
		is_list = len > 0 && (double)k.list_len / (double)len > 0.9;
	if (strcmp(tag, "table") == 0 && ct_grab_peek(n)->data_table)
		return false;
	if (ct_grab_peek(n)->headline_block)
		return false;
	if (ct_grab_has_ancestor(n, "table", -1, true) || ct_grab_has_ancestor(n, "code", 3, false))
		return false;
	if (k.data_table)
		return false;
	weight = ct_grab_class_weight(g, n);
	if (weight < 0)
		return true;
	if (st.ascii_commas >= 10)
		return false;
	if (k.video)
		return false;
	if (len <= 24) {
		/* Nothing but "Advertisement" or "Loading…". */
		if (!(text = ct_grab_inner_text(n))) {
			g->oom = true;
			return false;
		}
		bool ad = ad_or_loading(text);
		free(text);
		if (ad)
			return true;
	}
	li = (long)k.li - 100;
	ld = ct_grab_link_density(g, n);
	heading_density = len ? (double)k.heading_len / (double)len : 0;
	figure = ct_grab_has_ancestor(n, "figure", 3, false);
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
			if (ct_grab_count_children(c) > 1)
				return true;
		if (k.img == ct_grab_count_below(n, "li"))
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
		if (ct_page_tag_in(c, tags) && !ct_grab_push(&v, c))
			g->oom = true;
	for (size_t i = v.n; i-- > 0;)
		if (v.v[i]->parent && fishy(g, v.v[i], tag))
			ct_grab_drop(g, v.v[i]);
	free(v.v);
}

/* Drops elements below e whose class or id says "share" and that hold
 * little text. */
static void clean_share(struct grab *g, xmlNode *e)
{
	xmlNode *n = ct_page_first_el(e);

	while (n) {
		const char *cls = ct_grab_attr_or_empty(n, "class"), *id = ct_grab_attr_or_empty(n, "id");
		bool share = share_like(cls) || share_like(id);
		if (share)
			share = ct_grab_sum(g, n, NULL).raw < CHAR_THRESHOLD;
		if (share) {
			xmlNode *next = ct_page_next(n, e, true);
			ct_grab_drop(g, n);
			n = next;
		} else {
			n = ct_page_next(n, e, false);
		}
	}
}

/* Class or id words of what is around an article, not in it, even in a
 * block that also says "content" or "article": links to other stories,
 * newsletter sign-ups, ratings. */
static const char *const furniture_words[] = {
	"related", "view-more", "more-stories", "more-articles", "newsletter", "news-letter",
	"post-ratings", "recommend", "subscribe-box", NULL,
};

/* Drops blocks below e whose class or id names furniture and that are
 * short or mostly links. */
static void clean_furniture(struct grab *g, xmlNode *e)
{
	xmlNode *n = ct_page_first_el(e);

	while (n) {
		const char *cls = ct_grab_attr_or_empty(n, "class"), *id = ct_grab_attr_or_empty(n, "id");
		bool drop = (*cls && ct_grab_any_ci(cls, furniture_words)) ||
			    (*id && ct_grab_any_ci(id, furniture_words));
		if (drop)
			drop = ct_grab_text_len(g, n) < 300 || ct_grab_link_density(g, n) > 0.5;
		if (drop) {
			xmlNode *next = ct_page_next(n, e, true);
			ct_grab_drop(g, n);
			n = next;
		} else {
			n = ct_page_next(n, e, false);
		}
	}
}

/*
 * Drops what ends the article without being part of it: a heading with
 * nothing after it (the title of a box of links cleaned out), or a short
 * label ending in a colon ("More on this:"), as many as end it.
 */
static void clean_trailing(struct grab *g, xmlNode *content)
{
	static const char *const tags[] = { "p", "h1", "h2", "h3", "h4", "h5", "h6", NULL };

	for (int round = 0; round < 4; round++) {
		xmlNode *last = NULL;
		bool heading, label = false;
		char *text;
		FOR_EACH_BELOW(c, content)
			if (ct_page_tag_in(c, tags) && ct_grab_text_len(g, c) > 0)
				last = c;
		if (!last)
			return;
		for (xmlNode *n = ct_page_next(last, content, true); n; n = ct_page_next(n, content, false))
			if (ct_grab_text_len(g, n) > 0)
				return;
		heading = !ct_page_is(last, "p");
		if (!heading) {
			size_t len = ct_grab_text_len(g, last);
			if (len >= 60)
				return;
			if (!(text = ct_grab_inner_text(last))) {
				g->oom = true;
				return;
			}
			len = strlen(text);
			while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\n'))
				len--;
			label = len > 0 && text[len - 1] == ':';
			free(text);
			if (!label)
				return;
		}
		ct_grab_drop(g, last);
	}
}

/* ---- furniture lines (rules/furniture.words) ---- */

extern const char ct_builtin_furniture[];
extern const size_t ct_builtin_furniture_len;

#define FURNITURE_LINE_MAX 120   /* characters of a furniture line, at most */

/* In place: ASCII letters and the Latin-1 capitals (UTF-8 C3 80..9E, but
 * for the multiplication sign) folded to lowercase, and each run of white
 * space (no-break space too) made one space. */
static void fold(char *s)
{
	unsigned char *w = (unsigned char *)s;
	bool space = false;

	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (*p == ' ' || (*p >= '\t' && *p <= '\r') || (*p == 0xC2 && p[1] == 0xA0)) {
			p += *p == 0xC2;
			space = true;
			continue;
		}
		if (space && w != (unsigned char *)s)
			*w++ = ' ';
		space = false;
		if (*p >= 'A' && *p <= 'Z') {
			*w++ = (unsigned char)(*p + 32);
		} else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97) {
			*w++ = *p++;
			*w++ = (unsigned char)(*p + 0x20);
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
}

/* Whether s holds nothing but ASCII punctuation and white space. */
static bool only_punct(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || alnum(*s))
			return false;
	return true;
}

/* Whether s (folded) opens with one of the lines of rules/furniture.words
 * followed by its end or by what cannot go on a word: not an ASCII letter
 * or digit, nor a Latin letter of two bytes (lead byte C3..C5); a line
 * ending in "$" must be all of s but for punctuation. */
static bool opens_furniture(const char *s)
{
	const char *p = ct_builtin_furniture, *end = p + ct_builtin_furniture_len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n;
		bool whole;
		if (!eol)
			eol = end;
		n = (size_t)(eol - p);
		while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		whole = n > 0 && p[n - 1] == '$';
		n -= whole;
		if (n > 0 && *p != '#' && strncmp(s, p, n) == 0 && !alnum(s[n]) &&
		    !((unsigned char)s[n] >= 0xC3 && (unsigned char)s[n] <= 0xC5) &&
		    (!whole || only_punct(s + n)))
			return true;
		p = eol + 1;
	}
	return false;
}

/* Whether the text of n, short, opens like a furniture line; leading
 * white space, ASCII punctuation and the arrows » › → ► are passed over. */
static bool furniture_line(struct grab *g, xmlNode *n)
{
	static const char *const arrows[] = { "\xC2\xBB", "\xE2\x80\xBA", "\xE2\x86\x92",
					      "\xE2\x96\xBA", NULL };
	char *text, *s;
	bool hit;

	if (ct_grab_text_len(g, n) >= FURNITURE_LINE_MAX || ct_grab_text_len(g, n) == 0)
		return false;
	if (!(text = ct_grab_inner_text(n))) {
		g->oom = true;
		return false;
	}
	for (s = text; *s;) {
		bool skip = (unsigned char)*s < 0x80 && !alnum(*s) && *s != '(';
		for (size_t i = 0; !skip && arrows[i]; i++)
			if (strncmp(s, arrows[i], strlen(arrows[i])) == 0) {
				s += strlen(arrows[i]) - 1;
				skip = true;
			}
		if (!skip)
			break;
		s++;
	}
	fold(s);
	hit = opens_furniture(s);
	free(text);
	return hit;
}

/* Drops the blocks below content that are furniture lines: a paragraph,
 * heading, list item or a div without blocks inside. */
static void clean_furniture_lines(struct grab *g, xmlNode *content)
{
	static const char *const tags[] = { "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt",
					    "dd", "div", "span", "em", "small", "blockquote",
					    NULL };
	xmlNode *n = ct_page_first_el(content);

	while (n) {
		if (ct_page_tag_in(n, tags) && furniture_line(g, n)) {
			xmlNode *next = ct_page_next(n, content, true);
			ct_grab_drop(g, n);
			n = next;
		} else {
			n = ct_page_next(n, content, false);
		}
	}
}

void ct_grab_prep_article(struct grab *g, xmlNode *content)
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
	if (g->flags & FLAG_STRIP_UNLIKELYS)
		clean_furniture(g, content);
	clean_tags(g, content, inputs);
	/* Headings that look like furniture. */
	FOR_EACH_BELOW(c, content)
		if ((ct_page_is(c, "h1") || ct_page_is(c, "h2")) && !ct_grab_push(&v, c))
			g->oom = true;
	for (size_t i = v.n; i-- > 0;)
		if (v.v[i]->parent && ct_grab_class_weight(g, v.v[i]) < 0)
			ct_grab_drop(g, v.v[i]);
	v.n = 0;
	clean_conditionally(g, content, "table");
	clean_conditionally(g, content, "ul");
	clean_conditionally(g, content, "div");
	/* Empty paragraphs. */
	FOR_EACH_BELOW(c, content)
		if (ct_page_is(c, "p") && !ct_grab_push(&v, c))
			g->oom = true;
	for (size_t i = v.n; i-- > 0;) {
		xmlNode *p = v.v[i];
		if (!p->parent || ct_grab_count_below(p, "img") || ct_grab_count_below(p, "embed") ||
		    ct_grab_count_below(p, "object") || ct_grab_count_below(p, "iframe"))
			continue;
		if (ct_grab_text_len(g, p) == 0)
			ct_grab_drop(g, p);
	}
	clean_furniture_lines(g, content);
	if (g->flags & FLAG_STRIP_UNLIKELYS)
		clean_trailing(g, content);
	free(v.v);
}
