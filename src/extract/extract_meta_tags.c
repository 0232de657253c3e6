/*
 * HTML extraction: the metadata a page declares: JSON-LD of an Article
 * type, read as Readability.js (Mozilla, Apache-2.0) reads it (or, with
 * none, the author of a graph's WebPage), and meta tags (Dublin Core,
 * OpenGraph, Twitter, Parse.ly, name=author), <link rel=canonical> and
 * <html lang>. extract_meta.c chooses among them; dates are dates.c's.
 */
#include "extract/extract_meta.h"
#include "base/base.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/*
 * The object in the page's JSON-LD (v, searched to a few levels of
 * nesting) whose "@id" is id and that has a "name": the Person an
 * {"@id": …} reference stands for. Borrowed from v; NULL when none.
 */
static const json_t *node_by_id(const json_t *v, const char *id, int depth)
{
	const json_t *x, *hit;
	const char *key;
	size_t i;

	if (depth > 4)
		return NULL;
	if (json_is_object(v)) {
		const char *vid = json_string_value(json_object_get(v, "@id"));
		if (vid && strcmp(vid, id) == 0 && json_is_string(json_object_get(v, "name")))
			return v;
		json_object_foreach((json_t *)v, key, x)
			if ((json_is_array(x) || json_is_object(x)) &&
			    (hit = node_by_id(x, id, depth + 1)))
				return hit;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if ((hit = node_by_id(x, id, depth + 1)))
				return hit;
	}
	return NULL;
}

/* An author's name: a string, an object's "name", or the name of the node
 * an {"@id": …} reference points to in root. Borrowed; NULL when none. */
static const char *author_name(const json_t *a, const json_t *root)
{
	const char *id;
	const json_t *node;

	if (json_is_string(a))
		return json_string_value(a);
	if (!json_is_object(a))
		return NULL;
	if (json_is_string(json_object_get(a, "name")))
		return json_string_value(json_object_get(a, "name"));
	if ((id = json_string_value(json_object_get(a, "@id"))) && root &&
	    (node = node_by_id(root, id, 0)))
		return json_string_value(json_object_get(node, "name"));
	return NULL;
}

/* "A; B" from author objects (or strings) in a list. */
static char *author_list(const json_t *list, const json_t *root)
{
	size_t i;
	const json_t *v;
	struct ct_buf out = CT_BUF_INIT(0);

	json_array_foreach(list, i, v) {
		const char *name = author_name(v, root);
		char *t = name ? ct_page_dup_trim(name) : NULL;
		if (!t || !*t || out.len > CT_PAGE_VALUE_MAX) {
			free(t);
			continue;
		}
		if (ct_buf_addf(&out, "%s%s", out.len ? "; " : "", t) != CT_OK) {
			free(t);
			break;
		}
		free(t);
	}
	/* NULL when no author had a name. */
	return out.p ? ct_buf_detach(&out, NULL) : NULL;
}

/* Reads one JSON-LD object that is an article into j. */
static void read_article(xmlDoc *doc, json_t *a, const json_t *root, struct jsonld *j)
{
	const char *name = json_string_value(json_object_get(a, "name"));
	const char *headline = json_string_value(json_object_get(a, "headline"));
	json_t *author = json_object_get(a, "author");
	json_t *publisher = json_object_get(a, "publisher");
	const char *body = json_string_value(json_object_get(a, "articleBody"));

	j->found = true;
	if (name && headline && strcmp(name, headline) != 0) {
		/* Some sites put their own name in "name": take the one that
		 * matches the page's title. */
		char *title = ct_meta_article_title(doc);
		bool name_ok = title && ct_page_similarity(name, title) > 0.75;
		bool head_ok = title && ct_page_similarity(headline, title) > 0.75;
		j->title = strdup(head_ok && !name_ok ? headline : name);
		free(title);
	} else if (name || headline) {
		j->title = ct_page_dup_trim(name ? name : headline);
	}
	if (json_is_array(author))
		j->author = author_list(author, root);
	else if (author_name(author, root))
		j->author = ct_page_dup_trim(author_name(author, root));
	if (json_is_object(publisher) && json_is_string(json_object_get(publisher, "name")))
		j->site = ct_page_dup_trim(json_string_value(json_object_get(publisher, "name")));
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

/* The first object of @type WebPage in a list that names an author (a
 * Yoast graph with no article in it). */
static const json_t *find_webpage_author(const json_t *list)
{
	size_t i;
	const json_t *v, *t;

	json_array_foreach(list, i, v)
		if (json_is_object(v) && json_object_get(v, "author") &&
		    json_is_string(t = json_object_get(v, "@type")) &&
		    strcmp(json_string_value(t), "WebPage") == 0)
			return v;
	return NULL;
}

/* JSON-LD as pages write it: raw line breaks and tabs inside strings,
 * which JSON does not allow, read as spaces when the text does not parse
 * as it is. */
static json_t *load_lenient(char *text)
{
	json_t *v = json_loads(text, 0, NULL);

	if (v)
		return v;
	for (char *p = text; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	return json_loads(text, 0, NULL);
}

/* The first <script type="application/ld+json"> that describes an article;
 * failing that, the author of a WebPage in a graph. */
void ct_meta_read_jsonld(xmlDoc *doc, struct jsonld *j)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	char *page_author = NULL;

	for (xmlNode *n = root; n && !j->found; n = ct_page_next(n, root, false)) {
		const char *type = ct_page_attr(n, "type");
		json_t *v, *a;
		char *text;

		if (!ct_page_is(n, "script") || !type || strcmp(type, "application/ld+json") != 0)
			continue;
		if (!(text = ct_page_text(n)))
			return;
		strip_cdata(text);
		v = load_lenient(text);
		free(text);
		a = json_is_array(v) ? find_article(v) : v;
		if (json_is_object(a) && context_ok(json_object_get(a, "@context"))) {
			json_t *graph = json_object_get(a, "@graph");
			if (!json_object_get(a, "@type") && json_is_array(graph)) {
				a = find_article(graph);
				const json_t *wp = a || page_author ? NULL : find_webpage_author(graph);
				const json_t *au = wp ? json_object_get(wp, "author") : NULL;
				if (json_is_array(au))
					page_author = author_list(au, v);
				else if (au && author_name(au, v))
					page_author = ct_page_dup_trim(author_name(au, v));
			}
			if (a && article_type(json_object_get(a, "@type")))
				read_article(doc, a, v, j);
		}
		json_decref(v);
	}
	if (!j->author) {
		j->author = page_author;
		page_author = NULL;
	}
	free(page_author);
}

void ct_meta_jsonld_release(struct jsonld *j)
{
	free(j->title);
	free(j->author);
	free(j->site);
	free(j->body);
}

/* ---- meta tags ---- */

static const char *const meta_keys[K_N] = {
	"dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title",
	"title", "twitter:title", "parsely-title",
	"dc:creator", "dcterm:creator", "author", "parsely-author", "article:author",
	"og:site_name",
};

static bool ci_eq(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* Replaces *slot with a copy of s (trimmed); false when out of memory. */
static bool set(char **slot, const char *s)
{
	char *d = ct_page_dup_trim(s);

	if (s && !d)
		return false;
	free(*slot);
	*slot = d;
	return true;
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
			while (k < n && ct_page_ascii_ws(p[k]))
				k++;
			if (k >= n || p[k] != ':')
				continue;
			k++;
			while (k < n && ct_page_ascii_ws(p[k]))
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

	while (b < n && ct_page_ascii_ws(s[b]))
		b++;
	while (e > b && ct_page_ascii_ws(s[e - 1]))
		e--;
	/* NAME alone, or PREFIX [-.:] NAME. */
	for (size_t i = 0; i < 6; i++)
		if (ci_eq(s + b, e - b, names[i]))
			goto ok;
	for (size_t a = 0; a < 7; a++) {
		size_t l = strlen(prefixes[a]), p = b + l;
		if (p > e || strncasecmp(s + b, prefixes[a], l) != 0)
			continue;
		while (p < e && ct_page_ascii_ws(s[p]))
			p++;
		if (p >= e || !strchr("-.:", s[p]))
			continue;
		p++;
		while (p < e && ct_page_ascii_ws(s[p]))
			p++;
		for (size_t i = 0; i < 6; i++)
			if (ci_eq(s + p, e - p, names[i]))
				goto ok;
	}
	return false;
ok:
	for (size_t i = b; i < e && k + 1 < size; i++) {
		char c = s[i];
		if (ct_page_ascii_ws(c))
			continue;
		key[k++] = c == '.' ? ':' : (c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
	}
	key[k] = '\0';
	return true;
}

static bool rel_has(const char *rel, const char *word)
{
	size_t wl = strlen(word);

	for (const char *p = rel; p && *p;) {
		while (*p && ct_page_ascii_ws(*p))
			p++;
		const char *e = p;
		while (*e && !ct_page_ascii_ws(*e))
			e++;
		if ((size_t)(e - p) == wl && strncasecmp(p, word, wl) == 0)
			return true;
		p = e;
	}
	return false;
}

/* Reads meta, link and html attributes; false when out of memory. */
bool ct_meta_read_tags(xmlDoc *doc, struct metas *m)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	bool ok = true;

	if (root && ct_page_attr(root, "lang"))
		ok = set(&m->lang, ct_page_attr(root, "lang"));
	for (xmlNode *n = root; n && ok; n = ct_page_next(n, root, false)) {
		const char *content = ct_page_attr(n, "content");

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
			if (property && strcasecmp(property, "og:url") == 0 && !m->og_url)
				ok = ok && set(&m->og_url, content);
		} else if (ct_page_is(n, "link")) {
			const char *rel = ct_page_attr(n, "rel"), *href = ct_page_attr(n, "href");
			if (rel && href && *href && rel_has(rel, "canonical") && !m->canonical)
				ok = set(&m->canonical, href);
		}
	}
	return ok;
}

void ct_meta_tags_release(struct metas *m)
{
	for (int k = 0; k < K_N; k++)
		free(m->v[k]);
	free(m->og_url);
	free(m->canonical);
	free(m->lang);
}
