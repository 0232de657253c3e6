/*
 * HTML extraction: a page's metadata. The order of sources follows
 * Readability.js (Mozilla, Apache-2.0), so that titles and bylines agree
 * with what readers show: JSON-LD of an Article type first, then meta
 * tags (Dublin Core, OpenGraph, Twitter, Parse.ly, name=author), then the
 * <title> element cut at its site-name separator. Beyond Readability: the
 * title cleaned of the site's name and section prefixes; the date from
 * every source weighed (dates.c); the URL from <link rel=canonical> or
 * og:url when on the same site as where the page was read from; the
 * outlet from the rules' outlet blocks by that URL's domain, else the
 * declared site name, else the host name.
 * extract_meta_tags.c reads JSON-LD and meta tags, extract_meta_title.c
 * cuts and cleans the <title>; this file chooses among them and settles
 * the URL and the outlet.
 */
#include "extract/extract_meta.h"
#include "base/base.h"
#include "extract/dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- entities left in values ---- */

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
 * &apos; &lt; &gt;, quotes, dashes and guillemets, &nbsp; as a space, and
 * numeric references), in place: the result is never longer. Control characters a reference names are dropped.
 */
static void unescape(char *s)
{
	/* Each replacement is shorter than its reference. */
	static const struct { const char *name, *c; } named[] = {
		{ "quot;", "\"" }, { "amp;", "&" }, { "apos;", "'" }, { "lt;", "<" }, { "gt;", ">" },
		{ "nbsp;", " " }, { "raquo;", "\xC2\xBB" }, { "laquo;", "\xC2\xAB" },
		{ "ndash;", "\xE2\x80\x93" }, { "mdash;", "\xE2\x80\x94" },
		{ "hellip;", "\xE2\x80\xA6" }, { "lsquo;", "\xE2\x80\x98" },
		{ "rsquo;", "\xE2\x80\x99" }, { "ldquo;", "\xE2\x80\x9C" },
		{ "rdquo;", "\xE2\x80\x9D" }, { "bdquo;", "\xE2\x80\x9E" },
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
					size_t cl = strlen(named[e].c);
					memmove(s + k, named[e].c, cl);
					k += cl;
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
	while (ct_page_ascii_ws(*href))
		href++;
	if (is_http(href))
		return ct_page_dup_trim(href);
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
	free(m->modified);
	free(m->outlet);
	free(m->url);
	free(m->canonical);
	free(m->lang);
	free(m->article_body);
	for (size_t i = 0; i < sizeof m->sites / sizeof *m->sites; i++)
		free(m->sites[i]);
	free(m->text_byline);
	free(m->site_author);
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

/*
 * The site's own names (declared site names, the outlet, the host) into
 * m->sites, then the author: JSON-LD's, else a meta tag's, its frame cut
 * and put aside (m->site_author) when it is the site's own name; when
 * none is left, a "By X" line after the headline goes to m->text_byline.
 * False when out of memory.
 */
static bool settle_author(xmlDoc *doc, const struct jsonld *j, const struct metas *mt,
			  struct ct_page_meta *m)
{
	static const int author_keys[] = { K_DC_CREATOR, K_DCTERM_CREATOR, K_AUTHOR,
		K_PARSELY_AUTHOR };
	const char *names[] = { j->site, mt->v[K_OG_SITE_NAME], m->outlet, NULL };
	const char *cands[7];
	size_t k = 0, n = 0;
	char host[256];

	for (size_t i = 0; i < 3; i++)
		if (names[i] && *names[i] && !(m->sites[k++] = strdup(names[i])))
			return false;
	if (m->url && host_of(m->url, host, sizeof host) &&
	    !(m->sites[k++] = strdup(strncmp(host, "www.", 4) == 0 ? host + 4 : host)))
		return false;
	if (j->author)
		cands[n++] = j->author;
	for (size_t i = 0; i < 4; i++)
		if (mt->v[author_keys[i]] && *mt->v[author_keys[i]])
			cands[n++] = mt->v[author_keys[i]];
	if (mt->v[K_ARTICLE_AUTHOR] && !is_http(mt->v[K_ARTICLE_AUTHOR]))
		cands[n++] = mt->v[K_ARTICLE_AUTHOR];
	char *twitter = ct_byline_twitter(doc);
	if (twitter)
		cands[n++] = twitter;
	for (size_t i = 0; i < n && !m->author; i++) {
		char *d = strdup(cands[i]);
		if (!d) {
			free(twitter);
			return false;
		}
		unescape(d);
		char *name = ct_byline_clean(d, NULL);
		free(d);
		/* The site's name, or initials: kept only when nothing better. */
		if (name && (ct_byline_is_site(name, (const char *const *)m->sites) ||
			     strlen(name) <= 2)) {
			if (m->site_author)
				free(name);
			else
				m->site_author = name;
		} else {
			m->author = name;
		}
	}
	free(twitter);
	if (!m->author)
		m->text_byline = ct_byline_near_title(doc, (const char *const *)m->sites);
	return true;
}

int ct_page_meta_read(xmlDoc *doc, const char *url, const struct ct_ruleset *rs,
		      struct ct_page_meta *m)
{
	static const int title_keys[] = { K_DC_TITLE, K_DCTERM_TITLE, K_OG_TITLE,
		K_WEIBO_ARTICLE_TITLE, K_WEIBO_WEBPAGE_TITLE, K_TITLE, K_TWITTER_TITLE,
		K_PARSELY_TITLE };
	struct jsonld j = { 0 };
	struct metas mt = { 0 };
	const char *v, *outlet = NULL;
	char host[256];
	int rc = CT_ENOMEM;

	memset(m, 0, sizeof *m);
	ct_meta_read_jsonld(doc, &j);
	if (!ct_meta_read_tags(doc, &mt))
		goto out;

	if ((v = j.title) || (v = first_of(mt.v, title_keys, 8))) {
		if (!(m->title = strdup(v)))
			goto out;
	} else if (!(m->title = ct_meta_article_title(doc))) {
		goto out;
	}
	/* The date: every source weighed (dates.c), by the page's own address. */
	{
		struct ct_page_date pd;
		char *declared = resolve(mt.canonical ? mt.canonical : mt.og_url, url);
		ct_page_date_find(doc, is_http(url) ? url : declared, mt.lang, time(NULL), &pd);
		free(declared);
		if (pd.date[0] && !(m->date = strdup(pd.date)))
			goto out;
		if (pd.modified[0] && !(m->modified = strdup(pd.modified)))
			goto out;
		m->date_source = pd.source;
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
	if (!settle_author(doc, &j, &mt, m))
		goto out;
	if (mt.lang && !(m->lang = strdup(mt.lang)))
		goto out;
	if (j.body) {
		m->article_body = j.body;
		j.body = NULL;
	}
	m->title = tidy(m->title);
	m->title = ct_meta_title_clean(doc, m->title, (const char *const *)m->sites);
	m->author = tidy(m->author);
	m->outlet = tidy(m->outlet);
	m->lang = tidy(m->lang);
	rc = CT_OK;
out:
	ct_meta_jsonld_release(&j);
	ct_meta_tags_release(&mt);
	if (rc != CT_OK)
		ct_page_meta_release(m);
	return rc;
}
