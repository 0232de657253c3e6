/*
 * RSS and Atom feeds: telling one from a page, and reading its item links
 * with libxml2. The parser runs without network access, without loading a
 * DTD and without substituting entities; text is gathered from text and
 * CDATA nodes only, so an entity declared in the feed never expands into
 * what is read. libxml2 still checks how far entities would expand, and
 * stops at its limit (a "billion laughs"): such a feed is refused, not read
 * as the empty feed that would be left.
 */
#include "fetch/curl_lazy.h"
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "claimtrack/doc.h"
#include "claimtrack/fetch.h"
#include "base/base.h"
#include "base/utf8.h"

#define DEFAULT_MAX_ITEMS 200
#define SNIFF_BYTES 65536          /* how far ct_looks_like_feed() reads */
#define TITLE_MAX 1024             /* bytes of a title kept */
#define DATE_TEXT_MAX 128
#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER)

static const char ATOM_NS[] = "http://www.w3.org/2005/Atom";
static const char RDF_NS[] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/* ---- sniffing ---- */

static const char *skip_past(const char *p, const char *end, const char *what)
{
	size_t n = strlen(what);

	for (; (size_t)(end - p) >= n; p++)
		if (memcmp(p, what, n) == 0)
			return p + n;
	return NULL;
}

bool ct_looks_like_feed(const char *data, size_t len)
{
	const char *p = data, *end;

	/* No offset on a null pointer, not even 0 (UBSan: clang). */
	if (!data)
		return false;
	end = data + (len < SNIFF_BYTES ? len : SNIFF_BYTES);
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p && p < end) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			p++;
		} else if (end - p >= 2 && memcmp(p, "<?", 2) == 0) {
			p = skip_past(p, end, "?>");
		} else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			p = skip_past(p + 4, end, "-->");
		} else if (end - p >= 9 && strncasecmp(p, "<!doctype", 9) == 0) {
			const char *gt = memchr(p, '>', (size_t)(end - p));
			const char *br = memchr(p, '[', (size_t)(end - p));
			p = br && (!gt || br < gt) ? skip_past(br, end, "]") : p;
			p = p ? memchr(p, '>', (size_t)(end - p)) : NULL;
			p = p ? p + 1 : NULL;
		} else if (*p == '<') {
			const char *name = ++p, *colon = NULL;
			while (p < end && *p != '>' && *p != '/' && *p != ' ' && *p != '\t' &&
			       *p != '\r' && *p != '\n') {
				if (*p == ':')
					colon = p;
				p++;
			}
			if (p >= end)
				return false;
			const char *local = colon ? colon + 1 : name;
			size_t n = (size_t)(p - local);
			if (!colon && n == 3 && memcmp(local, "rss", 3) == 0)
				return true;
			return (n == 4 && memcmp(local, "feed", 4) == 0) ||
			       (n == 3 && memcmp(local, "RDF", 3) == 0);
		} else {
			return false;
		}
	}
	return false;
}

/* ---- text of elements ---- */

static bool named(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static bool in_ns(const xmlNode *n, const char *ns)
{
	return n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0;
}

/*
 * The text of n's text and CDATA children (not entity references), white
 * space folded and trimmed, at most max bytes (cut at a character); NULL
 * when empty or out of memory. Bytes that are not UTF-8 are dropped: in
 * recovery mode libxml2 passes some on from a badly encoded feed.
 */
static char *text_of(const xmlNode *n, size_t max)
{
	char *out = malloc(max + 1);
	size_t len = 0, rest = 0;
	bool space = false;

	if (!out)
		return NULL;
	for (const xmlNode *c = n->children; c && len < max; c = c->next) {
		if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE)
			continue;
		for (const unsigned char *p = c->content; p && *p && len < max; p++) {
			if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
				space = len > 0;
				continue;
			}
			if (rest > 0) {
				rest--;
			} else if (*p >= 0x80) {
				uint32_t cp;
				size_t k = ct_utf8_decode(p, strnlen((const char *)p, 4), &cp);
				if (k == 0)
					continue;
				rest = k - 1;
			}
			if (space) {
				out[len++] = ' ';
				space = false;
				if (len >= max)
					break;
			}
			out[len++] = (char)*p;
		}
	}
	/* Do not end inside a UTF-8 sequence. */
	if (len == max) {
		size_t k = len;
		while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
			k--;
		if (k > 0 && ((unsigned char)out[k - 1] & 0x80))
			len = k - 1;
	}
	out[len] = '\0';
	if (len == 0) {
		free(out);
		return NULL;
	}
	return out;
}

static const char *attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 && a->children &&
		    a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

/* ---- links and dates ---- */

/*
 * Resolves link against base (may be NULL) into an absolute http(s) URL
 * without its fragment; NULL when it is not one.
 */
static char *resolve(const char *base, const char *link)
{
	CURLU *u = ct_curl_load(NULL) ? curl_url() : NULL;
	char *scheme = NULL, *full = NULL, *out = NULL;

	if (!u || !link || strlen(link) > CT_URL_MAX)
		goto out;
	for (const char *p = link; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7F)
			goto out;
	if (base && curl_url_set(u, CURLUPART_URL, base, 0) != CURLUE_OK)
		goto out;
	if (curl_url_set(u, CURLUPART_URL, link, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) ||
	    curl_url_get(u, CURLUPART_URL, &full, 0) != CURLUE_OK || strlen(full) > CT_URL_MAX)
		goto out;
	out = strdup(full);
out:
	curl_free(scheme);
	curl_free(full);
	curl_url_cleanup(u);
	return out;
}

/* A date as YYYY-MM-DD from ISO 8601 (Atom, dc:date) or RFC 822 (RSS). */
static void read_date(const xmlNode *n, char out[11])
{
	char *t = text_of(n, DATE_TEXT_MAX);
	time_t when;
	struct tm tm;

	if (!t)
		return;
	if (strlen(t) >= 10 && t[4] == '-' && t[7] == '-') {
		char d[11];
		memcpy(d, t, 10);
		d[10] = '\0';
		if (ct_date_valid(d))
			memcpy(out, d, 11);
	} else if (ct_curl_load(NULL) && (when = curl_getdate(t, NULL)) != -1 &&
		   gmtime_r(&when, &tm)) {
		char d[16];
		if (strftime(d, sizeof d, "%Y-%m-%d", &tm) == 10 && ct_date_valid(d))
			memcpy(out, d, 11);
	}
	free(t);
}

/* ---- items ---- */

struct reader {
	struct ct_feed *f;
	const char *base;
	size_t max_items;
	size_t cap;
	bool nomem;
};

static void add_item(struct reader *r, char *link, char *title, const char *date)
{
	struct ct_feed *f = r->f;

	if (!link) {
		f->n_dropped++;
		free(title);
		return;
	}
	for (size_t i = 0; i < f->n_items; i++)
		if (strcmp(f->items[i].link, link) == 0) {
			free(link);
			free(title);
			return;
		}
	if (f->n_items >= r->max_items) {
		f->n_dropped++;
		free(link);
		free(title);
		return;
	}
	if (!CT_VEC_RESERVE(f->items, r->cap, f->n_items + 1)) {
		r->nomem = true;
		free(link);
		free(title);
		return;
	}
	f->items[f->n_items].link = link;
	f->items[f->n_items].title = title;
	memcpy(f->items[f->n_items].date, date, 11);
	f->n_items++;
}

/* An RSS 2.0 <item> or RSS 1.0 <item rdf:about>. */
static void read_rss_item(struct reader *r, const xmlNode *item)
{
	char *link = NULL, *guid = NULL, *title = NULL, date[11] = "";
	const char *about = attr(item, "about");

	for (const xmlNode *c = item->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (named(c, "link") && !link && !in_ns(c, ATOM_NS)) {
			link = text_of(c, CT_URL_MAX);
		} else if (named(c, "guid") && !guid) {
			const char *perma = attr(c, "isPermaLink");
			if (!perma || strcmp(perma, "false") != 0)
				guid = text_of(c, CT_URL_MAX);
		} else if (named(c, "title") && !title) {
			title = text_of(c, TITLE_MAX);
		} else if ((named(c, "pubDate") || named(c, "date") || named(c, "published")) && !date[0]) {
			read_date(c, date);
		}
	}
	char *abs = resolve(r->base, link);
	if (!abs)
		abs = resolve(r->base, guid);
	if (!abs)
		abs = resolve(r->base, about);
	free(link);
	free(guid);
	add_item(r, abs, title, date);
}

/* An Atom <entry>: its alternate link, else the first link without rel. */
static void read_atom_entry(struct reader *r, const xmlNode *entry)
{
	const char *href = NULL;
	bool href_alternate = false, href_html = false;
	char *title = NULL, date[11] = "", updated[11] = "";

	for (const xmlNode *c = entry->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (named(c, "link")) {
			const char *rel = attr(c, "rel"), *h = attr(c, "href"), *type = attr(c, "type");
			bool alternate = !rel || strcmp(rel, "alternate") == 0;
			bool html = type && (strcmp(type, "text/html") == 0 ||
					     strcmp(type, "application/xhtml+xml") == 0);
			if (!h || !alternate)
				continue;
			if (!href || (!href_alternate && alternate) || (!href_html && html)) {
				href = h;
				href_alternate = alternate;
				href_html = html;
			}
		} else if (named(c, "title") && !title) {
			title = text_of(c, TITLE_MAX);
		} else if (named(c, "published") && !date[0]) {
			read_date(c, date);
		} else if (named(c, "updated") && !updated[0]) {
			read_date(c, updated);
		}
	}
	add_item(r, resolve(r->base, href), title, date[0] ? date : updated);
}

#if LIBXML_VERSION >= 21200
#define XML_ERROR_ARG const xmlError *
#else
#define XML_ERROR_ARG xmlErrorPtr
#endif

/*
 * Sees each of the parser's errors (none is printed: XML_PARSE_NOERROR)
 * and notes entity expansion stopped at libxml2's limit. In recovery
 * mode the parse goes on after it, so the last error may be another.
 */
static void on_xml_error(void *user, XML_ERROR_ARG e)
{
	xmlParserCtxtPtr ctxt = user;
	bool *entity_limit = ctxt ? ctxt->_private : NULL;

	if (entity_limit && e && e->code == XML_ERR_ENTITY_LOOP)
		*entity_limit = true;
}

/*
 * Parses data as XML; NULL when it is not XML at all, or when entities
 * expand past libxml2's limit (*entity_limit set then).
 */
static xmlDoc *parse_xml(const char *data, int len, bool *entity_limit)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	const xmlError *last;
	xmlDoc *doc;

	*entity_limit = false;
	if (!ctxt)
		return NULL;
	ctxt->_private = entity_limit;
	ctxt->sax->serror = on_xml_error;
	doc = xmlCtxtReadMemory(ctxt, data, len, NULL, NULL, XML_OPTIONS);
	last = xmlCtxtGetLastError(ctxt);
	if (last && last->code == XML_ERR_ENTITY_LOOP)
		*entity_limit = true;
	xmlFreeParserCtxt(ctxt);
	if (*entity_limit) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

static char *child_title(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (named(c, "title"))
			return text_of(c, TITLE_MAX);
	return NULL;
}

int ct_feed_parse(const char *data, size_t len, const char *base_url, size_t max_items,
		  struct ct_feed **out, char *err, size_t err_size)
{
	struct ct_feed *f = NULL;
	struct reader r = { 0 };
	xmlDoc *doc = NULL;
	xmlNode *root;
	bool entity_limit = false;
	int rc = CT_EINVAL;

	if (err && err_size)
		err[0] = '\0';
	if (!data || !out)
		return CT_EINVAL;
	if (len > CT_DOC_MAX_BYTES || len > INT_MAX) {
		if (err)
			snprintf(err, err_size, "larger than %u bytes", CT_DOC_MAX_BYTES);
		return CT_ELIMIT;
	}
	if (!(f = calloc(1, sizeof *f)))
		return CT_ENOMEM;
	r.f = f;
	r.base = base_url;
	r.max_items = max_items ? max_items : DEFAULT_MAX_ITEMS;
	doc = parse_xml(data, (int)len, &entity_limit);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		if (err)
			snprintf(err, err_size, "not a feed: %s", entity_limit
				 ? "its entities expand past the parser's limit (billion laughs?)"
				 : "not well-formed XML");
		goto out;
	}
	if (named(root, "rss")) {
		f->kind = CT_FEED_RSS;
		for (const xmlNode *c = root->children; c; c = c->next) {
			if (named(c, "channel")) {
				if (!f->title)
					f->title = child_title(c);
				for (const xmlNode *i = c->children; i; i = i->next)
					if (named(i, "item"))
						read_rss_item(&r, i);
			} else if (named(c, "item")) {
				read_rss_item(&r, c);
			}
		}
	} else if (named(root, "feed")) {
		f->kind = CT_FEED_ATOM;
		f->title = child_title(root);
		for (const xmlNode *c = root->children; c; c = c->next)
			if (named(c, "entry"))
				read_atom_entry(&r, c);
	} else if (named(root, "RDF") && in_ns(root, RDF_NS)) {
		f->kind = CT_FEED_RDF;
		for (const xmlNode *c = root->children; c; c = c->next) {
			if (named(c, "channel") && !f->title)
				f->title = child_title(c);
			else if (named(c, "item"))
				read_rss_item(&r, c);
		}
	} else {
		if (err)
			snprintf(err, err_size, "not a feed: the document is <%.40s>",
				 (const char *)root->name);
		goto out;
	}
	rc = r.nomem ? CT_ENOMEM : CT_OK;
out:
	xmlFreeDoc(doc);
	if (rc != CT_OK) {
		ct_feed_free(f);
		return rc;
	}
	*out = f;
	return CT_OK;
}

void ct_feed_free(struct ct_feed *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n_items; i++) {
		free(f->items[i].link);
		free(f->items[i].title);
	}
	free(f->items);
	free(f->title);
	free(f);
}
