/*
 * HTML extraction: a page's metadata. The order of sources follows
 * Readability.js (Mozilla, Apache-2.0), so that titles, bylines and dates
 * agree with what readers show: JSON-LD of an Article type first, then
 * meta tags (Dublin Core, OpenGraph, Twitter, Parse.ly, name=author), then
 * the <title> element cut at its site-name separator. Beyond Readability:
 * dates from itemprop, more meta names and <time datetime>; the URL from
 * <link rel=canonical> or og:url when on the same site as where the page
 * was read from; the outlet from the rules' outlet blocks by that URL's
 * domain, else the declared site name, else the host name.
 */
#include "extract/extract_internal.h"
#include "base/internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define VALUE_MAX 4096   /* bytes kept of one metadata value */

/* ---- small string helpers ---- */

static char *dup_trim(const char *s)
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
	if (n > VALUE_MAX)
		n = VALUE_MAX;
	d = strndup(s, n);
	return d;
}

/* Replaces *slot with a copy of s (trimmed); false when out of memory. */
static bool set(char **slot, const char *s)
{
	char *d = dup_trim(s);

	if (s && !d)
		return false;
	free(*slot);
	*slot = d;
	return true;
}

static void put_utf8(char *o, size_t *k, uint32_t cp)
{
	if (cp < 0x80) {
		o[(*k)++] = (char)cp;
	} else if (cp < 0x800) {
		o[(*k)++] = (char)(0xC0 | (cp >> 6));
		o[(*k)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		o[(*k)++] = (char)(0xE0 | (cp >> 12));
		o[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[(*k)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		o[(*k)++] = (char)(0xF0 | (cp >> 18));
		o[(*k)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[(*k)++] = (char)(0x80 | (cp & 0x3F));
	}
}

/*
 * Decodes the entities sites leave escaped in meta values (&amp; &quot;
 * &apos; &lt; &gt; and numeric references), in place: the result is never
 * longer. Control characters a reference names are dropped.
 */
static void unescape(char *s)
{
	static const struct { const char *name; char c; } named[] = {
		{ "quot;", '"' }, { "amp;", '&' }, { "apos;", '\'' }, { "lt;", '<' }, { "gt;", '>' },
	};
	size_t i = 0, k = 0;

	if (!s)
		return;
	while (s[i]) {
		bool done = false;
		if (s[i] == '&') {
			for (size_t e = 0; e < sizeof named / sizeof *named && !done; e++) {
				size_t l = strlen(named[e].name);
				if (strncmp(s + i + 1, named[e].name, l) == 0) {
					s[k++] = named[e].c;
					i += 1 + l;
					done = true;
				}
			}
			if (!done && s[i + 1] == '#') {
				bool hex = s[i + 2] == 'x' || s[i + 2] == 'X';
				size_t j = i + 2 + hex, start = j;
				uint32_t v = 0;
				while (s[j] && (hex ? strchr("0123456789abcdefABCDEF", s[j]) != NULL
					       : (s[j] >= '0' && s[j] <= '9'))) {
					uint32_t d = s[j] <= '9' ? (uint32_t)(s[j] - '0')
						     : (uint32_t)((s[j] | 0x20) - 'a' + 10);
					v = v > 0x10FFFF ? v : v * (hex ? 16 : 10) + d;
					j++;
				}
				if (j > start && s[j] == ';' && j - i + 1 >= 4) {
					if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
						v = 0xFFFD;
					if (v >= 0x20 || v == '\t' || v == '\n')
						put_utf8(s, &k, v);
					i = j + 1;
					done = true;
				}
			}
		}
		if (!done)
			s[k++] = s[i++];
	}
	s[k] = '\0';
}

static size_t word_count(const char *s)
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

/* ---- the title ---- */

static xmlNode *root_of(xmlDoc *doc)
{
	return xmlDocGetRootElement(doc);
}

static bool in_svg(const xmlNode *n)
{
	for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		if (ct_page_is(p, "svg"))
			return true;
	return false;
}

/* document.title: the first <title>'s text, white space folded. */
static char *doc_title(xmlDoc *doc)
{
	xmlNode *root = root_of(doc);

	for (xmlNode *n = root; n; n = ct_page_next(n, root, false))
		if (ct_page_is(n, "title") && !in_svg(n)) {
			char *t = ct_page_text(n);
			return t ? ct_page_squash(t) : NULL;
		}
	return strdup("");
}

static bool is_sep(uint32_t cp)
{
	return cp == '|' || cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == '\\' || cp == '/' ||
	       cp == '>' || cp == 0xBB;
}

static bool is_hier_sep(uint32_t cp)
{
	return cp == '\\' || cp == '/' || cp == '>' || cp == 0xBB;
}

/* Whether t has " S " for a separator S (hierarchical ones only when hier). */
static bool has_spaced_sep(const char *t, bool hier)
{
	size_t n = strlen(t);

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t m = ct_page_cp(t + i, n - i, &cp);
		if (i > 0 && t[i - 1] == ' ' && i + m < n && t[i + m] == ' ' &&
		    (hier ? is_hier_sep(cp) : is_sep(cp)))
			return true;
		i += m;
	}
	return false;
}

/* Heading h1/h2 whose trimmed text is exactly t. */
static bool heading_is(xmlDoc *doc, const char *t)
{
	xmlNode *root = root_of(doc);
	bool found = false;

	for (xmlNode *n = root; n && !found; n = ct_page_next(n, root, false)) {
		if (!ct_page_is(n, "h1") && !ct_page_is(n, "h2"))
			continue;
		char *h = ct_page_text(n), *d = h ? dup_trim(h) : NULL;
		found = d && strcmp(d, t) == 0;
		free(h);
		free(d);
	}
	return found;
}

/* Text of the only <h1>, white space folded; NULL when not exactly one. */
static char *only_h1(xmlDoc *doc)
{
	xmlNode *root = root_of(doc), *h1 = NULL;
	size_t count = 0;

	for (xmlNode *n = root; n; n = ct_page_next(n, root, false))
		if (ct_page_is(n, "h1") && count++ == 0)
			h1 = n;
	if (count != 1)
		return NULL;
	char *t = ct_page_text(h1);
	return t ? ct_page_squash(t) : NULL;
}

/* Removes from s every run of separator characters (for word counts). */
static char *strip_seps(const char *s)
{
	char *d = strdup(s);
	size_t n, k = 0;

	if (!d)
		return NULL;
	n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t m = ct_page_cp(s + i, n - i, &cp);
		if (!is_sep(cp)) {
			memcpy(d + k, s + i, m);
			k += m;
		}
		i += m;
	}
	d[k] = '\0';
	return d;
}

/*
 * The article title from <title>, as Readability cuts it: drop a site
 * name after (or, when too little is left, before) a separator such as
 * " | ", " - " or " – ", or after a colon, unless that leaves four words
 * or fewer.
 * Returns a malloc'd string ("" when the page has no title).
 */
static char *article_title(xmlDoc *doc)
{
	char *orig = doc_title(doc), *cur = NULL, *t;
	bool hier = false;
	size_t n;

	if (!orig)
		return NULL;
	n = strlen(orig);
	if (has_spaced_sep(orig, false)) {
		/* "(.*)[sep] .*": everything before the last separator followed
		 * by a space. */
		size_t cut = n;
		hier = has_spaced_sep(orig, true);
		for (size_t i = 0; i < n;) {
			uint32_t cp;
			size_t m = ct_page_cp(orig + i, n - i, &cp);
			if (is_sep(cp) && i + m < n && orig[i + m] == ' ')
				cut = i;
			i += m;
		}
		cur = strndup(orig, cut);
		if (cur && word_count(cur) < 3) {
			/* "[^sep]*[sep](.*)": everything after the first separator. */
			size_t from = n;
			for (size_t i = 0; i < n;) {
				uint32_t cp;
				size_t m = ct_page_cp(orig + i, n - i, &cp);
				i += m;
				if (is_sep(cp)) {
					from = i;
					break;
				}
			}
			free(cur);
			cur = strdup(orig + from);
		}
	} else if (strstr(orig, ": ")) {
		if (heading_is(doc, orig)) {
			cur = strdup(orig);
		} else {
			const char *last = strrchr(orig, ':'), *first = strchr(orig, ':');
			cur = strdup(last + 1);
			if (cur && word_count(cur) < 3) {
				free(cur);
				cur = strdup(first + 1);
			} else if (cur) {
				char *before = strndup(orig, (size_t)(first - orig));
				if (before && word_count(before) > 5) {
					free(cur);
					cur = strdup(orig);
				}
				free(before);
			}
		}
	} else {
		size_t jl = ct_page_js_len(orig);
		if (jl > 150 || jl < 15)
			cur = only_h1(doc);
		if (!cur)
			cur = strdup(orig);
	}
	if (!cur) {
		free(orig);
		return NULL;
	}
	ct_page_squash(cur);
	size_t wc = word_count(cur);
	if (wc <= 4) {
		char *stripped = strip_seps(orig);
		if (!hier || (stripped && wc != word_count(stripped) - 1)) {
			free(cur);
			cur = orig;
			orig = NULL;
		}
		free(stripped);
	}
	free(orig);
	t = cur;
	return t;
}

/* ---- JSON-LD ---- */

static bool schema_org(const char *s)
{
	return s && (strcmp(s, "http://schema.org") == 0 || strcmp(s, "https://schema.org") == 0 ||
		     strcmp(s, "http://schema.org/") == 0 || strcmp(s, "https://schema.org/") == 0);
}

/* Readability's /^Article|…|APIReference$/, anchors and all. */
static bool article_type_name(const char *t)
{
	static const char *const within[] = {
		"AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle",
		"AskPublicNewsArticle", "BackgroundNewsArticle", "OpinionNewsArticle",
		"ReportageNewsArticle", "ReviewNewsArticle", "Report", "SatiricalArticle",
		"ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
		"LiveBlogPosting", "DiscussionForumPosting", "TechArticle",
	};
	size_t n = strlen(t);

	if (strncmp(t, "Article", 7) == 0 || (n >= 12 && strcmp(t + n - 12, "APIReference") == 0))
		return true;
	for (size_t i = 0; i < sizeof within / sizeof *within; i++)
		if (strstr(t, within[i]))
			return true;
	return false;
}

/* Whether a JSON-LD @type (a string, or a list of them) is an article. */
static bool article_type(const json_t *type)
{
	size_t i;
	const json_t *v;

	if (json_is_string(type))
		return article_type_name(json_string_value(type));
	if (json_is_array(type))
		json_array_foreach(type, i, v)
			if (json_is_string(v) && article_type_name(json_string_value(v)))
				return true;
	return false;
}

static bool context_ok(const json_t *ctx)
{
	size_t i;
	const json_t *v;

	if (json_is_string(ctx))
		return schema_org(json_string_value(ctx));
	if (json_is_object(ctx))
		return schema_org(json_string_value(json_object_get(ctx, "@vocab")));
	if (json_is_array(ctx))
		json_array_foreach(ctx, i, v)
			if (context_ok(v))
				return true;
	return false;
}

/* The first article object in a list. */
static json_t *find_article(json_t *list)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
		if (json_is_object(v) && article_type(json_object_get(v, "@type")))
			return v;
	return NULL;
}

struct jsonld {
	char *title, *author, *site, *date, *body;
	bool found;
};

/* "A, B" from author objects (or strings) in a list. */
static char *author_list(const json_t *list)
{
	size_t i, len = 0;
	const json_t *v;
	char *out = NULL;

	json_array_foreach(list, i, v) {
		const char *name = json_is_string(v) ? json_string_value(v)
				   : json_string_value(json_object_get(v, "name"));
		char *t = name ? dup_trim(name) : NULL, *grown;
		if (!t || !*t || len > VALUE_MAX) {
			free(t);
			continue;
		}
		grown = realloc(out, len + strlen(t) + 3);
		if (!grown) {
			free(t);
			break;
		}
		out = grown;
		len += (size_t)snprintf(out + len, strlen(t) + 3, "%s%s", len ? ", " : "", t);
		free(t);
	}
	return out;
}

/* Reads one JSON-LD object that is an article into j. */
static void read_article(xmlDoc *doc, json_t *a, struct jsonld *j)
{
	const char *name = json_string_value(json_object_get(a, "name"));
	const char *headline = json_string_value(json_object_get(a, "headline"));
	json_t *author = json_object_get(a, "author");
	json_t *publisher = json_object_get(a, "publisher");
	const char *date = json_string_value(json_object_get(a, "datePublished"));
	const char *body = json_string_value(json_object_get(a, "articleBody"));

	j->found = true;
	if (name && headline && strcmp(name, headline) != 0) {
		/* Some sites put their own name in "name": take the one that
		 * matches the page's title. */
		char *title = article_title(doc);
		bool name_ok = title && ct_page_similarity(name, title) > 0.75;
		bool head_ok = title && ct_page_similarity(headline, title) > 0.75;
		j->title = strdup(head_ok && !name_ok ? headline : name);
		free(title);
	} else if (name || headline) {
		j->title = dup_trim(name ? name : headline);
	}
	if (json_is_object(author) && json_is_string(json_object_get(author, "name")))
		j->author = dup_trim(json_string_value(json_object_get(author, "name")));
	else if (json_is_array(author))
		j->author = author_list(author);
	else if (json_is_string(author))
		j->author = dup_trim(json_string_value(author));
	if (json_is_object(publisher) && json_is_string(json_object_get(publisher, "name")))
		j->site = dup_trim(json_string_value(json_object_get(publisher, "name")));
	if (date)
		j->date = dup_trim(date);
	if (body)
		j->body = strdup(body);
}

/* Strips a CDATA wrapper ("<![CDATA[ … ]]>") around a script's text. */
static void strip_cdata(char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n && strchr(" \t\r\n\f", s[i]))
		i++;
	if (strncmp(s + i, "<![CDATA[", 9) == 0) {
		memmove(s, s + i + 9, n - i - 9 + 1);
		n -= i + 9;
	}
	size_t e = n;
	while (e > 0 && strchr(" \t\r\n\f", s[e - 1]))
		e--;
	if (e >= 3 && strncmp(s + e - 3, "]]>", 3) == 0)
		s[e - 3] = '\0';
}

/* The first <script type="application/ld+json"> that describes an article. */
static void read_jsonld(xmlDoc *doc, struct jsonld *j)
{
	xmlNode *root = root_of(doc);

	for (xmlNode *n = root; n && !j->found; n = ct_page_next(n, root, false)) {
		const char *type = ct_page_attr(n, "type");
		json_t *v, *a;
		char *text;

		if (!ct_page_is(n, "script") || !type || strcmp(type, "application/ld+json") != 0)
			continue;
		if (!(text = ct_page_text(n)))
			return;
		strip_cdata(text);
		v = json_loads(text, 0, NULL);
		free(text);
		a = json_is_array(v) ? find_article(v) : v;
		if (json_is_object(a) && context_ok(json_object_get(a, "@context"))) {
			json_t *graph = json_object_get(a, "@graph");
			if (!json_object_get(a, "@type") && json_is_array(graph))
				a = find_article(graph);
			if (a && article_type(json_object_get(a, "@type")))
				read_article(doc, a, j);
		}
		json_decref(v);
	}
}

static void jsonld_release(struct jsonld *j)
{
	free(j->title);
	free(j->author);
	free(j->site);
	free(j->date);
	free(j->body);
}

/* ---- meta tags ---- */

enum meta_key {
	K_DC_TITLE, K_DCTERM_TITLE, K_OG_TITLE, K_WEIBO_ARTICLE_TITLE, K_WEIBO_WEBPAGE_TITLE,
	K_TITLE, K_TWITTER_TITLE, K_PARSELY_TITLE,
	K_DC_CREATOR, K_DCTERM_CREATOR, K_AUTHOR, K_PARSELY_AUTHOR, K_ARTICLE_AUTHOR,
	K_OG_SITE_NAME, K_PUBLISHED_TIME, K_PARSELY_PUB_DATE,
	K_N
};

static const char *const meta_keys[K_N] = {
	"dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title",
	"title", "twitter:title", "parsely-title",
	"dc:creator", "dcterm:creator", "author", "parsely-author", "article:author",
	"og:site_name", "article:published_time", "parsely-pub-date",
};

static bool ci_eq(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * The key a property attribute names: its first "PREFIX:NAME" (PREFIX one
 * of article, dc, dcterm, og, twitter; NAME one of author, creator,
 * description, published_time, title, site_name; any case, spaces around
 * the colon allowed), as Readability's propertyPattern reads it, written
 * lowercase into key. False when there is none.
 */
static bool property_key(const char *p, char *key, size_t size)
{
	static const char *const prefixes[] = { "article", "dc", "dcterm", "og", "twitter" };
	static const char *const names[] = { "author", "creator", "description",
					     "published_time", "title", "site_name" };
	size_t n = strlen(p);

	for (size_t i = 0; i < n; i++) {
		for (size_t a = 0; a < 5; a++) {
			size_t l = strlen(prefixes[a]), k = i + l;
			if (k > n || strncasecmp(p + i, prefixes[a], l) != 0)
				continue;
			while (k < n && is_ws(p[k]))
				k++;
			if (k >= n || p[k] != ':')
				continue;
			k++;
			while (k < n && is_ws(p[k]))
				k++;
			for (size_t b = 0; b < 6; b++) {
				size_t nl = strlen(names[b]);
				if (k + nl <= n && strncasecmp(p + k, names[b], nl) == 0) {
					snprintf(key, size, "%s:%s", prefixes[a], names[b]);
					return true;
				}
			}
		}
	}
	return false;
}

/*
 * The key a name attribute gives, as Readability's
 * /^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\s*[-.:]\s*)?
 *   (author|creator|pub-date|description|title|site_name)\s*$/i:
 * lowercased, spaces removed, dots made colons.
 */
static bool name_key(const char *s, char *key, size_t size)
{
	static const char *const prefixes[] = { "dc", "dcterm", "og", "twitter", "parsely",
						"weibo:article", "weibo:webpage" };
	static const char *const names[] = { "author", "creator", "pub-date", "description",
					     "title", "site_name" };
	size_t n = strlen(s), b = 0, e = n, k = 0;

	while (b < n && is_ws(s[b]))
		b++;
	while (e > b && is_ws(s[e - 1]))
		e--;
	/* NAME alone, or PREFIX [-.:] NAME. */
	for (size_t i = 0; i < 6; i++)
		if (ci_eq(s + b, e - b, names[i]))
			goto ok;
	for (size_t a = 0; a < 7; a++) {
		size_t l = strlen(prefixes[a]), p = b + l;
		if (p > e || strncasecmp(s + b, prefixes[a], l) != 0)
			continue;
		while (p < e && is_ws(s[p]))
			p++;
		if (p >= e || !strchr("-.:", s[p]))
			continue;
		p++;
		while (p < e && is_ws(s[p]))
			p++;
		for (size_t i = 0; i < 6; i++)
			if (ci_eq(s + p, e - p, names[i]))
				goto ok;
	}
	return false;
ok:
	for (size_t i = b; i < e && k + 1 < size; i++) {
		char c = s[i];
		if (is_ws(c))
			continue;
		key[k++] = c == '.' ? ':' : (c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
	}
	key[k] = '\0';
	return true;
}

/* Meta names (lowercase) that give a publication date, beyond Readability's. */
static const char *const date_names[] = {
	"date", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
	"dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "dcterms.created",
	"sailthru.date", "article.published", "article:published_time", "og:published_time",
	"datepublished", "original-publish-date", "cxenseparse:recs:publishtime",
};

struct metas {
	char *v[K_N];
	char *date;           /* from date_names, itemprop=datePublished or <time> */
	char *og_url;
	char *canonical;
	char *lang;
};

static bool date_name(const char *s)
{
	for (size_t i = 0; i < sizeof date_names / sizeof *date_names; i++)
		if (strcasecmp(s, date_names[i]) == 0)
			return true;
	return false;
}

static bool rel_has(const char *rel, const char *word)
{
	size_t wl = strlen(word);

	for (const char *p = rel; p && *p;) {
		while (*p && is_ws(*p))
			p++;
		const char *e = p;
		while (*e && !is_ws(*e))
			e++;
		if ((size_t)(e - p) == wl && strncasecmp(p, word, wl) == 0)
			return true;
		p = e;
	}
	return false;
}

/* Reads meta, link, time and html attributes; false when out of memory. */
static bool read_metas(xmlDoc *doc, struct metas *m)
{
	xmlNode *root = root_of(doc);
	const char *time_any = NULL, *time_pub = NULL;
	bool ok = true;

	if (root && ct_page_attr(root, "lang"))
		ok = set(&m->lang, ct_page_attr(root, "lang"));
	for (xmlNode *n = root; n && ok; n = ct_page_next(n, root, false)) {
		const char *content = ct_page_attr(n, "content");
		const char *itemprop = ct_page_attr(n, "itemprop");

		if (itemprop && strcmp(itemprop, "datePublished") == 0 && !m->date) {
			const char *v = content ? content : ct_page_attr(n, "datetime");
			if (v && *v)
				ok = set(&m->date, v);
		}
		if (ct_page_is(n, "meta") && content && *content) {
			const char *name = ct_page_attr(n, "name");
			const char *property = ct_page_attr(n, "property");
			char key[64];
			bool keyed = false;

			if (property && property_key(property, key, sizeof key))
				keyed = true;
			else if (name && name_key(name, key, sizeof key))
				keyed = true;
			for (int k = 0; keyed && k < K_N; k++)
				if (strcmp(key, meta_keys[k]) == 0)
					ok = ok && set(&m->v[k], content);
			if (!m->date && ((name && date_name(name)) || (property && date_name(property))))
				ok = ok && set(&m->date, content);
			if (property && strcasecmp(property, "og:url") == 0 && !m->og_url)
				ok = ok && set(&m->og_url, content);
		} else if (ct_page_is(n, "link")) {
			const char *rel = ct_page_attr(n, "rel"), *href = ct_page_attr(n, "href");
			if (rel && href && *href && rel_has(rel, "canonical") && !m->canonical)
				ok = set(&m->canonical, href);
		} else if (ct_page_is(n, "time")) {
			const char *dt = ct_page_attr(n, "datetime"), *cls = ct_page_attr(n, "class");
			if (dt && *dt && !time_any)
				time_any = dt;
			if (dt && *dt && !time_pub && (ct_page_attr(n, "pubdate") ||
						       (cls && strstr(cls, "publish"))))
				time_pub = dt;
		}
	}
	if (ok && !m->date && (time_pub || time_any))
		ok = set(&m->date, time_pub ? time_pub : time_any);
	return ok;
}

static void metas_release(struct metas *m)
{
	for (int k = 0; k < K_N; k++)
		free(m->v[k]);
	free(m->date);
	free(m->og_url);
	free(m->canonical);
	free(m->lang);
}

/* ---- URLs and outlets ---- */

static bool is_http(const char *u)
{
	return u && (strncasecmp(u, "http://", 7) == 0 || strncasecmp(u, "https://", 8) == 0);
}

/* The host of an http(s) URL, lowercased and without a final dot (an IPv6
 * address keeps its brackets), into buf; false when none, or when it does
 * not fit (no host name is that long: cutting it could split a UTF-8
 * character). */
static bool host_of(const char *url, char *buf, size_t size)
{
	const char *h, *e, *at;
	size_t k = 0;

	if (!is_http(url))
		return false;
	h = strstr(url, "://") + 3;
	e = h + strcspn(h, "/?#");
	at = memchr(h, '@', (size_t)(e - h));
	if (at)
		h = at + 1;
	for (const char *p = h; p < e && (*p != ':' || *h == '['); p++) {
		if (k + 1 >= size)
			return false;
		buf[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		if (*p == ']')
			break;
	}
	if (k > 1 && buf[k - 1] == '.')
		k--;
	buf[k] = '\0';
	return k > 0;
}

/*
 * The registrable part of a host name, the site it belongs to: its last
 * two labels ("www.bbc.com" is "bbc.com"), or three under a common
 * second-level domain ("www.bbc.co.uk" is "bbc.co.uk"). The list is short
 * and built in (no public suffix list is at hand): a host under a suffix it
 * does not know counts as a site of its own two last labels, which errs
 * towards not trusting. An IP address is a site of its own. Points into
 * host.
 */
static const char *site_of(const char *host)
{
	static const char *const second_levels[] = {
		"co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk",
		"com.au", "net.au", "org.au", "edu.au", "gov.au", "com.br", "net.br", "org.br",
		"co.jp", "ne.jp", "or.jp", "co.in", "net.in", "org.in", "co.nz", "org.nz",
		"co.za", "org.za", "com.af", "org.af", "gov.af", "edu.af", "com.pk", "org.pk",
		"co.il", "com.tr", "com.cn", "com.hk", "co.kr", "com.mx", "com.ar", "com.sg",
	};
	size_t n = strlen(host), dots = 0;
	const char *p, *last2 = host, *last3 = host;

	if (host[0] == '[' || strspn(host, "0123456789.") == n)
		return host;
	for (p = host + n; p > host; p--)
		if (p[-1] == '.') {
			dots++;
			if (dots == 2)
				last2 = p;
			else if (dots == 3) {
				last3 = p;
				break;
			}
		}
	if (dots < 2)
		return host;
	for (size_t i = 0; i < sizeof second_levels / sizeof *second_levels; i++)
		if (strcmp(last2, second_levels[i]) == 0)
			return last3;
	return last2;
}

/*
 * Whether the address a page declares for itself (its canonical link or
 * og:url) may stand for `url`, where the page was read from: always when
 * that is not an http(s) URL (a file read from disk), else only on the same
 * site (registrable domain). Any page can name any address: trusted across
 * sites, a page served from anywhere could pass for another outlet's
 * article, and that article would then be skipped as stored already.
 */
static bool may_stand_for(const char *declared, const char *url)
{
	char a[256], b[256];

	if (!is_http(url))
		return true;
	return host_of(declared, a, sizeof a) && host_of(url, b, sizeof b) &&
	       strcmp(site_of(a), site_of(b)) == 0;
}

/*
 * An absolute http(s) URL for href as found on the page at `base` (may
 * be NULL): absolute, scheme-relative or host-relative hrefs only.
 */
static char *resolve(const char *href, const char *base)
{
	char *out;
	size_t n;

	if (!href)
		return NULL;
	while (is_ws(*href))
		href++;
	if (is_http(href))
		return dup_trim(href);
	if (href[0] == '/' && href[1] == '/') {
		const char *scheme = base && strncasecmp(base, "http://", 7) == 0 ? "http:" : "https:";
		n = strlen(scheme) + strlen(href) + 1;
		if ((out = malloc(n)))
			snprintf(out, n, "%s%s", scheme, href);
		return out;
	}
	if (href[0] == '/' && is_http(base)) {
		const char *h = strstr(base, "://") + 3;
		size_t origin = (size_t)(h - base) + strcspn(h, "/?#");
		n = origin + strlen(href) + 1;
		if ((out = malloc(n)))
			snprintf(out, n, "%.*s%s", (int)origin, base, href);
		return out;
	}
	return NULL;
}

/* The outlet block whose domain the host is, or is under (the longest
 * matching domain wins). */
static const char *outlet_by_host(const struct ct_ruleset *rs, const char *host)
{
	const char *best = NULL;
	size_t best_len = 0, hl = strlen(host);

	for (size_t i = 0; rs && i < ct_ruleset_n_outlets(rs); i++) {
		const struct ct_outlet_def *o = ct_ruleset_outlet(rs, i);
		for (size_t k = 0; k < o->n_domains; k++) {
			const char *d = o->domains[k];
			size_t dl = strlen(d);
			bool match = dl > 0 && dl <= hl && strcasecmp(host + hl - dl, d) == 0 &&
				     (dl == hl || host[hl - dl - 1] == '.');
			if (match && dl > best_len) {
				best = o->name;
				best_len = dl;
			}
		}
	}
	return best;
}

/* ---- the whole ---- */

static const char *first_of(char *const *v, const int *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[keys[i]] && *v[keys[i]])
			return v[keys[i]];
	return NULL;
}

void ct_page_meta_release(struct ct_page_meta *m)
{
	if (!m)
		return;
	free(m->title);
	free(m->author);
	free(m->date);
	free(m->outlet);
	free(m->url);
	free(m->canonical);
	free(m->lang);
	free(m->article_body);
	memset(m, 0, sizeof *m);
}

/* Trims, folds white space and decodes leftover entities; "" becomes NULL. */
static char *tidy(char *s)
{
	if (!s)
		return NULL;
	unescape(s);
	ct_page_squash(s);
	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

int ct_page_meta_read(xmlDoc *doc, const char *url, const struct ct_ruleset *rs,
		      struct ct_page_meta *m)
{
	static const int title_keys[] = { K_DC_TITLE, K_DCTERM_TITLE, K_OG_TITLE,
		K_WEIBO_ARTICLE_TITLE, K_WEIBO_WEBPAGE_TITLE, K_TITLE, K_TWITTER_TITLE,
		K_PARSELY_TITLE };
	static const int author_keys[] = { K_DC_CREATOR, K_DCTERM_CREATOR, K_AUTHOR,
		K_PARSELY_AUTHOR };
	static const int date_keys[] = { K_PUBLISHED_TIME, K_PARSELY_PUB_DATE };
	struct jsonld j = { 0 };
	struct metas mt = { 0 };
	const char *v, *outlet = NULL;
	char host[256], date[11];
	int rc = CT_ENOMEM;

	memset(m, 0, sizeof *m);
	read_jsonld(doc, &j);
	if (!read_metas(doc, &mt))
		goto out;

	if ((v = j.title) || (v = first_of(mt.v, title_keys, 8))) {
		if (!(m->title = strdup(v)))
			goto out;
	} else if (!(m->title = article_title(doc))) {
		goto out;
	}
	v = j.author ? j.author : first_of(mt.v, author_keys, 4);
	if (!v && mt.v[K_ARTICLE_AUTHOR] && !is_http(mt.v[K_ARTICLE_AUTHOR]))
		v = mt.v[K_ARTICLE_AUTHOR];
	if (v && !(m->author = strdup(v)))
		goto out;
	v = j.date ? j.date : first_of(mt.v, date_keys, 2);
	if (!v)
		v = mt.date;
	if (v) {
		char *d = strdup(v);
		if (!d)
			goto out;
		unescape(d);
		/* Leniently: a value may hold more than the date ("Published
		 * February 18, 2022", "Fri, 18 Feb 2022 10:00:00 GMT"). */
		if (ct_date_read(d, strlen(d), false, date) == CT_DATE_OK && !(m->date = strdup(date))) {
			free(d);
			goto out;
		}
		free(d);
	}
	/* The page's own address: canonical, else og:url, when on the same site
	 * as where it was read; else where it was read. */
	for (size_t i = 0; i < 2 && !m->url; i++) {
		char *declared = resolve(i == 0 ? mt.canonical : mt.og_url, url);
		if (declared && may_stand_for(declared, url)) {
			m->url = declared;
		} else if (declared && !m->canonical) {
			m->canonical = declared;
		} else {
			free(declared);
		}
	}
	if (m->url) {
		free(m->canonical);
		m->canonical = NULL;
	}
	if (!m->url && is_http(url) && !(m->url = strdup(url)))
		goto out;
	if (m->url && host_of(m->url, host, sizeof host))
		outlet = outlet_by_host(rs, host);
	if (!outlet)
		outlet = j.site && *j.site ? j.site : mt.v[K_OG_SITE_NAME];
	if (!outlet && m->url && host_of(m->url, host, sizeof host))
		outlet = strncmp(host, "www.", 4) == 0 ? host + 4 : host;
	if (outlet && !(m->outlet = strdup(outlet)))
		goto out;
	if (mt.lang && !(m->lang = strdup(mt.lang)))
		goto out;
	if (j.body) {
		m->article_body = j.body;
		j.body = NULL;
	}
	m->title = tidy(m->title);
	m->author = tidy(m->author);
	m->outlet = tidy(m->outlet);
	m->lang = tidy(m->lang);
	rc = CT_OK;
out:
	jsonld_release(&j);
	metas_release(&mt);
	if (rc != CT_OK)
		ct_page_meta_release(m);
	return rc;
}
