/*
 * HTML extraction: a page's publication date, in the spirit of htmldate
 * (Adrien Barbaresi): every place a page states a date gives a candidate,
 * weighed by how reliable that place is, and the heaviest plausible one
 * wins. Published dates come before modified ones; JSON-LD and meta tags
 * before the URL, the URL before a date written near the title or in a
 * byline, that before a date anywhere else in the text. Month names in
 * any language are data (rules/months.words, built in).
 */
#include "extract/dates.h"

#include "base/base.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

extern const char ct_builtin_months[];
extern const size_t ct_builtin_months_len;

/* Weights of the sources; modified dates stand in for a published one
 * only above a date found loosely in the text. */
enum {
	W_JSONLD = 100, W_META = 95, W_ITEMPROP = 92, W_TIME_PUB = 80, W_URL = 70,
	W_TIME = 60, W_TEXT_NEAR = 50, W_MODIFIED = 30, W_TEXT = 10,
};

/* How much text after the first <h1> counts as near the title. */
#define NEAR_TITLE_BYTES 800
/* How much page text is read for written dates at most. */
#define TEXT_BUDGET (256 * 1024)

struct cand {
	char date[11];
	int weight;
	const char *source;
	int shift;      /* a UTC time near midnight: the local date may be a day
			   before (-1) or after (+1) */
};

/* Most candidates kept for a UTC time to be checked against. */
#define MAX_LOCAL 32
/* Most metadata dates kept for a visible date to be confirmed by. */
#define MAX_META 16

struct finder {
	struct cand best, modified, near;
	struct cand local[MAX_LOCAL];   /* published dates not in UTC */
	size_t n_local;
	char meta[MAX_META][11];        /* every date the metadata states */
	size_t n_meta;
	char tail[32];                  /* the end of the text before, lowercase */
	char swapped[2][11];            /* a metadata date read D/M, and read M/D */
	char written[MAX_META][11];     /* dates written in the page's text */
	size_t n_written;
	bool in_updated;                /* inside an element for the updated date */
	long now_days, min_days;
	bool mdy;
};

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static int num(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Writes y-m-d to out when it is a real date; false when not. */
static bool make(int y, int m, int d, char out[11])
{
	char tmp[32];

	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	if (!ct_date_valid(tmp))
		return false;
	memcpy(out, tmp, 11);
	return true;
}

/*
 * The month that the word w[0, n) names in rules/months.words, 1 to 12;
 * 0 when none. ASCII letters in any case.
 */
static int month_word(const char *w, size_t n)
{
	const char *p = ct_builtin_months, *end = ct_builtin_months + ct_builtin_months_len;
	char low[24];
	int month = 0;

	if (n < 3 || n >= sizeof low)
		return 0;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if (*p != '#') {
			const char *q = p;
			month = 0;
			while (q < eol && digit(*q))
				month = month * 10 + (*q++ - '0');
			while (q < eol) {
				while (q < eol && (*q == ' ' || *q == '\t'))
					q++;
				const char *e = q;
				while (e < eol && *e != ' ' && *e != '\t' && *e != '\r')
					e++;
				if ((size_t)(e - q) == n && memcmp(q, low, n) == 0)
					return month;
				q = e;
				while (q < eol && *q == '\r')
					q++;
			}
		}
		p = eol + 1;
	}
	return 0;
}

/* Tokens of written text: numbers and words, with what follows them. */
struct tok {
	const char *s;
	size_t n;
	bool number;
	char after;     /* the character right after it ('\0' at the end) */
};

#define MAX_TOKS 64

static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Whether token t is one of the little words that may stand inside a
 * written date: "de", "del", "the", "of", "à"-less "le"… */
static bool filler(const struct tok *t)
{
	static const char *const words[] = { "de", "del", "of", "the", "den", "im", "en", NULL };

	if (t->number)
		return false;
	for (size_t i = 0; words[i]; i++)
		if (t->n == strlen(words[i]) && strncasecmp(t->s, words[i], t->n) == 0)
			return true;
	return false;
}

/* A day number: 1 to 31, maybe with an ordinal suffix as the next token
 * ("18th", "1er", "1º" read as 1 then a word). */
static int day_of(const struct tok *t)
{
	if (!t->number || t->n > 2)
		return 0;
	int d = num(t->s, t->n);
	return d >= 1 && d <= 31 ? d : 0;
}

static int year_of(const struct tok *t)
{
	return t->number && t->n == 4 ? num(t->s, 4) : 0;
}

static bool suffix(const struct tok *t)
{
	static const char *const words[] = { "st", "nd", "rd", "th", "er", "o", "º", NULL };

	for (size_t i = 0; !t->number && words[i]; i++)
		if (t->n == strlen(words[i]) && strncasecmp(t->s, words[i], t->n) == 0 &&
		    t->s[-1] >= '0' && t->s[-1] <= '9')
			return true;
	return false;
}

/* Skips fillers and ordinal suffixes from token i on. */
static size_t skip(const struct tok *t, size_t i, size_t n)
{
	while (i < n && (filler(&t[i]) || suffix(&t[i])))
		i++;
	return i;
}

/* Whether the bytes [a, b) between two numbers are a dash of a range
 * ("-", "–", ". - "), with nothing but spaces and dots besides. */
static bool range_dash(const char *a, const char *b)
{
	bool dash = false;

	for (; a < b; a++) {
		if (*a == '-') {
			dash = true;
		} else if ((unsigned char)a[0] == 0xe2 && a + 2 < b && (unsigned char)a[1] == 0x80 &&
			   ((unsigned char)a[2] == 0x93 || (unsigned char)a[2] == 0x94)) {
			dash = true;
			a += 2;
		} else if (*a != ' ' && *a != '.') {
			return false;
		}
	}
	return dash;
}

/* A written date with a month name at token i: "5. Oktober 2013",
 * "18 de octubre de 2019", "Oct. 18, 2019". */
static bool month_date(const struct tok *t, size_t i, size_t n, char out[11])
{
	int d, m, y;
	size_t k;

	if ((d = day_of(&t[i])) != 0) {
		k = skip(t, i + 1, n);
		/* A range of days, "14.-20. Januar 2022": the first. */
		size_t r = k;
		if (r < n && !t[r].number && t[r].n == 3 && (unsigned char)t[r].s[0] == 0xe2)
			r++;    /* an en or em dash, read as a word */
		if (r < n && day_of(&t[r]) && range_dash(t[i].s + t[i].n, t[r].s))
			k = skip(t, r + 1, n);
		if (k < n && !t[k].number && (m = month_word(t[k].s, t[k].n)) != 0) {
			k = skip(t, k + 1, n);
			if (k < n && (y = year_of(&t[k])) != 0)
				return make(y, m, d, out);
		}
		return false;
	}
	if (t[i].number)
		return false;
	k = skip(t, i + 1, n);
	/* The month word is looked up only before a day: most words are not. */
	if (k < n && (d = day_of(&t[k])) != 0 && (m = month_word(t[i].s, t[i].n)) != 0) {
		k = skip(t, k + 1, n);
		if (k < n && (y = year_of(&t[k])) != 0)
			return make(y, m, d, out);
	}
	return false;
}

/* A numeric date at s[i]: 2020-04-22, 2020/04/22, 22.04.2020, 22/04/2020
 * (04/22/2020 when mdy or when the first number cannot be a month). */
static bool numeric_date(const char *s, size_t i, size_t n, bool mdy, char out[11])
{
	size_t a = i, b, c, e;
	char sep;

	if (i > 0 && (digit(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '/' || s[i - 1] == '-'))
		return false;
	while (a < n && digit(s[a]))
		a++;
	if (a == i || a >= n || (s[a] != '-' && s[a] != '/' && s[a] != '.'))
		return false;
	sep = s[a];
	b = a + 1;
	while (b < n && digit(s[b]))
		b++;
	if (b == a + 1 || b - a - 1 > 2 || b >= n || s[b] != sep)
		return false;
	c = b + 1;
	e = c;
	while (e < n && digit(s[e]))
		e++;
	if (e < n && (digit(s[e]) || ((s[e] == '.' || s[e] == '/' || s[e] == '-') && e + 1 < n &&
					digit(s[e + 1]))))
		return false;
	if (a - i == 4 && (e - c == 2 || e - c == 1))
		return make(num(s + i, 4), num(s + a + 1, b - a - 1), num(s + c, e - c), out);
	if (a - i <= 2 && e - c == 4 && sep != '-') {
		int x = num(s + i, a - i), y = num(s + a + 1, b - a - 1), year = num(s + c, 4);
		if (sep == '/' && (mdy ? x <= 12 : y > 12))
			return make(year, x, y, out);
		return make(year, y, x, out);
	}
	return false;
}

bool ct_page_date_in_text(const char *s, size_t n, bool mdy, char out[11])
{
	struct tok t[MAX_TOKS];
	size_t nt = 0, i = 0, first = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (digit((char)c)) {
			if (numeric_date(s, i, n, mdy, out))
				return true;
			size_t j = i;
			while (j < n && digit(s[j]))
				j++;
			t[nt++] = (struct tok){ s + i, j - i, true, j < n ? s[j] : '\0' };
			i = j;
		} else if (word_byte(c)) {
			size_t j = i;
			while (j < n && word_byte((unsigned char)s[j]))
				j++;
			t[nt++] = (struct tok){ s + i, j - i, false, j < n ? s[j] : '\0' };
			i = j;
		} else {
			i++;
			continue;
		}
		/* Dates read when the window is full, and at the end. */
		if (nt == MAX_TOKS) {
			for (size_t k = first; k + 8 < nt; k++)
				if (month_date(t, k, nt, out))
					return true;
			memmove(t, t + nt - 8, 8 * sizeof *t);
			nt = 8;
			first = 0;
		}
	}
	for (size_t k = 0; k < nt; k++)
		if (month_date(t, k, nt, out))
			return true;
	return false;
}

/* ---- candidates ---- */

static long days_of(const char *d)
{
	return ct_days_from_civil(num(d, 4), num(d + 5, 2), num(d + 8, 2));
}

/* A metadata value read as a date: ISO and English forms, written forms
 * in other languages, 22.04.2020, 20200422, Unix seconds. */
static bool read_value(const char *v, bool mdy, char out[11])
{
	size_t n = strlen(v);

	while (n && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')) {
		v++;
		n--;
	}
	if ((n == 10 || n == 13) && strspn(v, "0123456789") == n) {
		long secs = 0;
		for (size_t i = 0; i < 10; i++)
			secs = secs * 10 + (v[i] - '0');
		long y, m, d;
		ct_civil_from_days(secs / 86400, &y, &m, &d);
		return make((int)y, (int)m, (int)d, out);
	}
	if (n == 8 && strspn(v, "0123456789") == 8)
		return make(num(v, 4), num(v + 4, 2), num(v + 6, 2), out);
	if (ct_date_read(v, n, false, out) == CT_DATE_OK)
		return true;
	return ct_page_date_in_text(v, n, mdy, out);
}

/* Offers date d from `source` with `weight`; the first of the heaviest
 * plausible ones is kept. Dates before 1995 only from metadata. */
/*
 * Whether v's time is in UTC (Z, +00:00, GMT, UTC) and so near midnight
 * that the page's own date may differ: -1 before 06:00 (the Americas are
 * still on the day before), +1 from 18:00 on (Europe and Asia are on the
 * next); LOCAL_TIME for a time with another offset; else 0.
 */
#define LOCAL_TIME 2     /* a time with an offset other than UTC's */

static int utc_shift(const char *v)
{
	for (const char *p = v; *p; p++) {
		if (!digit(p[0]) || !digit(p[1]) || p[2] != ':' || !digit(p[3]) ||
		    (p > v && digit(p[-1])))
			continue;
		int hour = num(p, 2);
		const char *z = p + 3;
		while (digit(*z) || *z == ':' || *z == '.')
			z++;
		while (*z == ' ')
			z++;
		bool utc = *z == 'Z' || strncmp(z, "+00:00", 6) == 0 || strncmp(z, "+0000", 5) == 0 ||
			   strncmp(z, "GMT", 3) == 0 || strncmp(z, "UTC", 3) == 0;
		if (!utc)
			return (*z == '+' || *z == '-') && digit(z[1]) ? LOCAL_TIME : 0;
		return hour < 6 ? -1 : hour >= 18 ? 1 : 0;
	}
	return 0;
}

static void offer(struct finder *f, struct cand *slot, const char *d, int weight,
		  const char *source, int shift)
{
	long days = days_of(d);

	if (days > f->now_days + 1 || num(d, 4) < 1900 || (weight <= W_URL && days < f->min_days))
		return;
	if (slot != &f->modified && shift == LOCAL_TIME && weight >= W_TIME_PUB &&
	    f->n_local < MAX_LOCAL) {
		struct cand *c = &f->local[f->n_local++];
		memcpy(c->date, d, 11);
		c->weight = weight;
		c->source = source;
		c->shift = 0;
	}
	if (weight > slot->weight) {
		memcpy(slot->date, d, 11);
		slot->weight = weight;
		slot->source = source;
		slot->shift = shift == LOCAL_TIME ? 0 : shift;
	}
}

static void offer_value(struct finder *f, const char *v, bool modified, int weight,
			const char *source)
{
	char d[11];

	if (!v || !*v || !read_value(v, f->mdy, d))
		return;
	/* 11/01/2023: either order may be meant; the page's text may tell. */
	{
		size_t a = strspn(v, "0123456789"), b;
		if (a >= 1 && a <= 2 && v[a] == '/' && (b = strspn(v + a + 1, "0123456789")) >= 1 &&
		    b <= 2 && v[a + 1 + b] == '/' && !f->swapped[0][0]) {
			char other[11];
			memcpy(other, d, 11);
			if (make(num(d, 4), num(d + 8, 2), num(d + 5, 2), other) && strcmp(other, d) != 0) {
				memcpy(f->swapped[0], d, 11);
				memcpy(f->swapped[1], other, 11);
			}
		}
	}
	if (f->n_meta < MAX_META)
		memcpy(f->meta[f->n_meta++], d, 11);
	offer(f, modified ? &f->modified : &f->best, d, weight, source, utc_shift(v));
}

/* ---- JSON-LD ---- */

static bool article_like(json_t *type)
{
	const char *s = json_string_value(type);
	size_t i;

	if (json_is_array(type)) {
		json_t *v;
		json_array_foreach(type, i, v)
			if (article_like(v))
				return true;
		return false;
	}
	return s && (strstr(s, "Article") || strstr(s, "Posting") || strcmp(s, "Report") == 0);
}

static void walk_json(struct finder *f, json_t *v, int depth)
{
	const char *key;
	json_t *x;
	size_t i;

	if (depth > 8)
		return;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			walk_json(f, x, depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	{
		int bonus = article_like(json_object_get(v, "@type")) ? 2 : 0;
		offer_value(f, json_string_value(json_object_get(v, "datePublished")), false,
			    W_JSONLD + bonus, "json-ld");
		offer_value(f, json_string_value(json_object_get(v, "dateCreated")), false,
			    W_JSONLD - 3 + bonus, "json-ld");
		offer_value(f, json_string_value(json_object_get(v, "uploadDate")), false,
			    W_JSONLD - 4 + bonus, "json-ld");
		offer_value(f, json_string_value(json_object_get(v, "dateModified")), true,
			    W_MODIFIED + bonus, "json-ld");
	}
	json_object_foreach(v, key, x)
		if (json_is_object(x) || json_is_array(x))
			if (strcmp(key, "author") != 0 && strcmp(key, "comment") != 0 &&
			    strcmp(key, "review") != 0)
				walk_json(f, x, depth + 1);
}

/* The JSON string value after key's quoted name at p ("key" : "value"),
 * into out (cut at size - 1); false when there is none. */
static bool string_after(const char *p, size_t key_len, char *out, size_t size)
{
	size_t k = 0;

	p += key_len + 2;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p++ != ':')
		return false;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p++ != '"')
		return false;
	while (*p && *p != '"' && *p != '\\' && k + 1 < size)
		out[k++] = *p++;
	out[k] = '\0';
	return *p == '"';
}

/*
 * The dates of a JSON-LD text read without parsing it, when each date key
 * is there once at most (most pages): parsing is a tenth of a page's
 * time, and the metadata reader parses it already. False when a key is
 * there more than once (a comment's or another item's date may come
 * first): then the objects' types must decide.
 */
static bool scan_jsonld(struct finder *f, const char *text)
{
	static const struct { const char *key; int weight; bool modified; } keys[] = {
		{ "datePublished", W_JSONLD, false }, { "dateCreated", W_JSONLD - 3, false },
		{ "uploadDate", W_JSONLD - 4, false }, { "dateModified", W_MODIFIED, true },
	};
	const char *at[4];
	char quoted[32], value[64];

	for (size_t i = 0; i < 4; i++) {
		snprintf(quoted, sizeof quoted, "\"%s\"", keys[i].key);
		at[i] = strstr(text, quoted);
		if (at[i] && strstr(at[i] + 1, quoted))
			return false;
	}
	for (size_t i = 0; i < 4; i++)
		if (at[i] && string_after(at[i], strlen(keys[i].key), value, sizeof value))
			offer_value(f, value, keys[i].modified, keys[i].weight, "json-ld");
	return true;
}

static void read_jsonld(struct finder *f, xmlNode *script)
{
	char *text = ct_page_text(script), *p;
	json_t *v;

	if (!text)
		return;
	p = text;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (strncmp(p, "<![CDATA[", 9) == 0) {
		char *e = strstr(p, "]]>");
		p += 9;
		if (e)
			*e = '\0';
	}
	if (!scan_jsonld(f, p)) {
		v = json_loads(p, JSON_DECODE_ANY, NULL);
		walk_json(f, v, 0);
		json_decref(v);
	}
	free(text);
}

/* ---- meta tags ---- */

/* Meta names and properties (lowercase) that give a publication date. */
static const char *const published_names[] = {
	"article:published_time", "article:published", "og:published_time",
	"og:article:published_time", "article.published", "article_date_original",
	"date", "pubdate", "publishdate", "publish-date", "publish_date", "published-date",
	"publication_date", "publication-date", "dc.date", "dc.date.issued", "dc.date.created",
	"dcterms.date", "dcterms.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
	"datepublished", "original-publish-date", "cxenseparse:recs:publishtime",
	"citation_publication_date", "citation_date", "bt:pubdate", "date_published",
	"dc:date", "release_date", "created", "creation_date", NULL,
};

static const char *const modified_names[] = {
	"article:modified_time", "og:updated_time", "og:modified_time", "last-modified",
	"lastmod", "datemodified", "dcterms.modified", "dc.date.modified", "modified",
	"revised", NULL,
};

static bool in(const char *const *list, const char *s)
{
	for (size_t i = 0; s && list[i]; i++)
		if (strcasecmp(s, list[i]) == 0)
			return true;
	return false;
}

/* Whether a class or id names a date or byline block. */
static bool datey(const char *s)
{
	static const char *const parts[] = { "date", "time", "publish", "posted", "byline",
		"entry-meta", "post-meta", "article-meta", "meta-info", "author", "datum", "fecha",
		"pubdate", NULL };

	/* Parts are tried at the start of words only ("post-date", "metaDate",
	 * not "update"): this runs on every element's class and id. */
	for (size_t i = 0; s && s[i] && i < 128; i++) {
		char c = s[i];
		if (i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z' && !(c >= 'A' && c <= 'Z'))
			continue;
		c = (char)(c | 0x20);
		if (c != 'd' && c != 't' && c != 'p' && c != 'b' && c != 'e' && c != 'a' &&
		    c != 'm' && c != 'f')
			continue;
		for (size_t k = 0; parts[k]; k++)
			if (parts[k][0] == c && strncasecmp(s + i, parts[k], strlen(parts[k])) == 0)
				return true;
	}
	return false;
}

/* Whether a class names an updated date's element ("updated",
 * "date-modified"), not a published one that is also marked updated
 * ("entry-date published updated"). */
static bool updated_class(const char *s)
{
	return s && (strstr(s, "updated") || strstr(s, "modified")) && !strstr(s, "publish") &&
	       !strstr(s, "entry-date");
}

/* Whether a class or id names readers' comments ("comments",
 * "comment-body", "commentlist"), not a link to them or their count. */
static bool comment_class(const char *s)
{
	char low[128];
	size_t n = 0;

	for (; s && s[n] && n + 1 < sizeof low; n++)
		low[n] = (char)(s[n] >= 'A' && s[n] <= 'Z' ? s[n] + 32 : s[n]);
	low[n] = '\0';
	return n >= 7 && strstr(low, "comment") && !strstr(low, "count") && !strstr(low, "link") &&
	       !strstr(low, "number") && !strstr(low, "button");
}

/* ---- the URL ---- */

/* /2017/06/29/, /2017-06-29, _20170629 in a URL's path. */
static void read_url(struct finder *f, const char *url)
{
	const char *p, *end;
	char d[11];

	if (!url || !(p = strstr(url, "://")))
		return;
	p += 3;
	p += strcspn(p, "/");
	end = p + strcspn(p, "?#");
	for (; p < end; p++) {
		if (!digit(*p) || digit(p[-1]))
			continue;
		size_t run = 0;
		while (p + run < end && digit(p[run]))
			run++;
		if (run == 4 && p + 10 <= end && (p[4] == '/' || p[4] == '-' || p[4] == '_') &&
		    digit(p[5]) && digit(p[6]) && p[7] == p[4] && digit(p[8]) && digit(p[9]) &&
		    (p + 10 == end || !digit(p[10]))) {
			if (make(num(p, 4), num(p + 5, 2), num(p + 8, 2), d))
				offer(f, &f->best, d, W_URL, "url", 0);
			return;
		}
		if (run == 8 && (p[0] == '1' || p[0] == '2') &&
		    make(num(p, 4), num(p + 4, 2), num(p + 6, 2), d)) {
			offer(f, &f->best, d, W_URL - 5, "url", 0);
			return;
		}
		p += run - 1;
	}
}

/* ---- the walk ---- */

/* Labels of an updated date ("Updated Jul 4, 2020", "Aktualisiert am"). */
static bool update_label(const char *s)
{
	static const char *const labels[] = { "updated", "update:", "aktualisiert", "actualizad",
		"mis à jour", "mise à jour", "geändert", "modified", "päivitetty", "bijgewerkt",
		"aggiornat", "atualizad", "uppdaterad", "oppdatert", "opdateret", NULL };

	for (size_t i = 0; labels[i]; i++)
		if (strstr(s, labels[i]))
			return true;
	return false;
}

/* Labels of a page's own date ("Veröffentlicht am", "Erstellt am",
 * "Published", "Stand:"). */
static bool publish_label(const char *s)
{
	static const char *const labels[] = { "veröffentlicht", "erstellt am", "published",
		"posted on", "publié", "publicado", "pubblicato", "stand:", "datum:", "date:", NULL };

	for (size_t i = 0; labels[i]; i++)
		if (strstr(s, labels[i]))
			return true;
	return false;
}

/* Keeps the last bytes of text s[0, len) in f->tail, lowercase. */
static void keep_tail(struct finder *f, const char *s, size_t len)
{
	if (strspn(s, " \t\r\n") == len)
		return;
	size_t have = strlen(f->tail), take = len < sizeof f->tail - 1 ? len : sizeof f->tail - 1;
	size_t keep = have + take < sizeof f->tail ? have : sizeof f->tail - 1 - take;

	memmove(f->tail, f->tail + have - keep, keep);
	for (size_t i = 0; i < take; i++) {
		char c = s[len - take + i];
		f->tail[keep + i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	f->tail[keep + take] = '\0';
}

/* A date with a two-digit year, 31.10.23: read only in a byline, where
 * nothing else of that form stands. */
static bool short_year_date(const char *s, size_t n, char out[11])
{
	for (size_t i = 0; i + 6 <= n; i++) {
		size_t a = i, b, c;
		if (!digit(s[i]) || (i > 0 && (digit(s[i - 1]) || s[i - 1] == '.')))
			continue;
		while (a < n && digit(s[a]))
			a++;
		if (a - i > 2 || a >= n || s[a] != '.')
			continue;
		b = a + 1;
		while (b < n && digit(s[b]))
			b++;
		if (b - a - 1 < 1 || b - a - 1 > 2 || b >= n || s[b] != '.')
			continue;
		c = b + 1;
		while (c < n && digit(s[c]))
			c++;
		if (c - b - 1 != 2 || (c < n && s[c] == '.' && c + 1 < n && digit(s[c + 1])))
			continue;
		if (make(2000 + num(s + b + 1, 2), num(s + a + 1, b - a - 1), num(s + i, a - i), out))
			return true;
	}
	return false;
}

static void read_text(struct finder *f, xmlNode *n, int weight, const char *source)
{
	const char *s = (const char *)n->content;
	size_t len;
	char d[11];

	if (!s)
		return;
	len = strlen(s);
	if (len > 4096)
		len = 4096;
	if (!memchr(s, '1', len) && !memchr(s, '2', len) && !memchr(s, '0', len) &&
	    !strpbrk(s, "3456789")) {
		keep_tail(f, s, len);
		return;
	}
	if (ct_page_date_in_text(s, len, f->mdy, d) ||
	    (strcmp(source, "byline") == 0 && short_year_date(s, len, d))) {
		char head[80];
		size_t k = strlen(f->tail), m = len < 40 ? len : 40;
		memcpy(head, f->tail, k);
		for (size_t i = 0; i < m; i++)
			head[k + i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		head[k + m] = '\0';
		/* An updated date under the title is not the published one: any
		 * other date there comes first. */
		if (weight >= W_TEXT_NEAR) {
			if (f->in_updated || update_label(head)) {
				offer(f, &f->near, d, W_TEXT_NEAR - 1, source, 0);
				weight = 0;
			}
		} else if (weight == W_TEXT && (update_label(head) || publish_label(head))) {
			/* Far from the title, a date the page labels as its
			 * own ("Aktualisiert am", "Veröffentlicht:") comes
			 * before one in prose. */
			weight = W_TEXT + 2;
		}
		if (f->n_written < MAX_META)
			memcpy(f->written[f->n_written++], d, 11);
		if (weight)
			offer(f, weight >= W_TEXT_NEAR ? &f->near : &f->best, d, weight, source, 0);
	}
	keep_tail(f, s, len);
}

void ct_page_date_find(xmlDoc *doc, const char *url, const char *lang, time_t now,
		       struct ct_page_date *out)
{
	static const char *const skipped[] = { "script", "style", "noscript", "template",
		"select", "option", "textarea", "svg", NULL };
	xmlNode *root = xmlDocGetRootElement(doc);
	struct finder f = { 0 };
	size_t budget = TEXT_BUDGET, after_h1 = 0;
	bool seen_h1 = false;
	/* The elements up the tree that are date or byline blocks. */
	const xmlNode *datey_el = NULL;
	/* The element up the tree that holds an updated date; a comment. */
	const xmlNode *updated_el = NULL, *comment_el = NULL;

	memset(out, 0, sizeof *out);
	f.now_days = (long)(now / 86400);
	f.min_days = ct_days_from_civil(1995, 1, 1);
	f.mdy = lang && strncasecmp(lang, "en", 2) == 0 && strncasecmp(lang, "en-gb", 5) != 0 &&
		strncasecmp(lang, "en_gb", 5) != 0;

	for (xmlNode *n = root; n; ) {
		bool skip_kids = false;

		if (ct_page_is_el(n) && !comment_el &&
		    (comment_class(ct_page_attr(n, "class")) || comment_class(ct_page_attr(n, "id"))))
			comment_el = n;
		if (comment_el) {
			/* Readers' comments have dates of their own. */
		} else if (ct_page_is_el(n)) {
			const char *content = ct_page_attr(n, "content");
			const char *itemprop = ct_page_attr(n, "itemprop");

			if (ct_page_is(n, "script")) {
				const char *type = ct_page_attr(n, "type");
				if (type && strcasecmp(type, "application/ld+json") == 0)
					read_jsonld(&f, n);
				skip_kids = true;
			} else if (ct_page_tag_in(n, skipped)) {
				skip_kids = true;
			} else if (ct_page_is(n, "meta") && content && *content) {
				const char *name = ct_page_attr(n, "name");
				const char *prop = ct_page_attr(n, "property");
				/* A bare "date" is as often the page's last change. */
				bool bare = name && strcasecmp(name, "date") == 0;
				if (in(published_names, name) || in(published_names, prop))
					offer_value(&f, content, false, W_META - bare, "meta");
				else if (in(modified_names, name) || in(modified_names, prop))
					offer_value(&f, content, true, W_MODIFIED, "meta");
			}
			if (itemprop && (strcmp(itemprop, "datePublished") == 0 ||
					 strcmp(itemprop, "dateModified") == 0)) {
				bool mod = itemprop[4] == 'M';
				const char *v = content ? content : ct_page_attr(n, "datetime");
				char *own = NULL;
				if (!v || !*v)
					v = own = ct_page_text(n);
				offer_value(&f, v, mod, mod ? W_MODIFIED : W_ITEMPROP, "itemprop");
				free(own);
			} else if (ct_page_is(n, "time")) {
				const char *dt = ct_page_attr(n, "datetime");
				const char *cls = ct_page_attr(n, "class");
				bool pub = ct_page_attr(n, "pubdate") ||
					   (cls && (strstr(cls, "publish") || strstr(cls, "entry-date")));
				bool mod = cls && (strstr(cls, "modified") || strstr(cls, "updated"));
				if (dt && *dt)
					offer_value(&f, dt, mod, mod ? W_MODIFIED : pub ? W_TIME_PUB : W_TIME,
						    "time");
			}
			if (ct_page_is(n, "h1"))
				seen_h1 = true;
			if (!datey_el && (datey(ct_page_attr(n, "class")) || datey(ct_page_attr(n, "id"))))
				datey_el = n;
			if (!updated_el && updated_class(ct_page_attr(n, "class"))) {
				updated_el = n;
				f.in_updated = true;
			}
		} else if (ct_page_is_text(n) && budget > 0 && n->content) {
			size_t len = strlen((const char *)n->content);
			bool near = seen_h1 && after_h1 < NEAR_TITLE_BYTES;
			/* A date block before the title is often today's date
			 * in the site's header. */
			if (near)
				read_text(&f, n, W_TEXT_NEAR + (datey_el ? 2 : 0), datey_el ? "byline" : "text");
			else if (datey_el)
				read_text(&f, n, W_TEXT + 5, "byline");
			else
				read_text(&f, n, W_TEXT, "page");
			if (seen_h1)
				after_h1 += len;
			budget = len < budget ? budget - len : 0;
		}
		/* Document order over all nodes, leaving a date block on the way up. */
		if (!skip_kids && n->children) {
			n = n->children;
			continue;
		}
		while (n && n != root && !n->next) {
			n = n->parent;
			if (n == datey_el)
				datey_el = NULL;
			if (n == updated_el) {
				updated_el = NULL;
				f.in_updated = false;
			}
			if (n == comment_el)
				comment_el = NULL;
		}
		if (!n || n == root)
			break;
		if (n == datey_el)
			datey_el = NULL;
		if (n == updated_el) {
			updated_el = NULL;
			f.in_updated = false;
		}
		if (n == comment_el)
			comment_el = NULL;
		n = n->next;
	}
	read_url(&f, url);

	if (f.near.weight > f.best.weight)
		f.best = f.near;
	/* A metadata date read in the page's order of day and month, when
	 * the page's text writes only the other reading. */
	if (f.swapped[0][0] && strcmp(f.best.date, f.swapped[0]) == 0) {
		bool one = false, other = false;
		for (size_t i = 0; i < f.n_written; i++) {
			one |= strcmp(f.written[i], f.swapped[0]) == 0;
			other |= strcmp(f.written[i], f.swapped[1]) == 0;
		}
		if (other && !one)
			memcpy(f.best.date, f.swapped[1], 11);
	}
	/* A bare meta "date" yields to a date shown under the title. */
	if (f.best.weight == W_META - 1 && f.near.weight >= W_TEXT_NEAR &&
	    strcmp(f.best.source, "meta") == 0)
		f.best = f.near;
	/* The date the page shows under its title, when its metadata states
	 * it too (as the modified date, or in another of its tags), is the
	 * one the page stands by: metadata often keeps a first draft's date. */
	if (f.near.weight >= W_TEXT_NEAR && strcmp(f.near.date, f.best.date) != 0)
		for (size_t i = 0; i < f.n_meta; i++)
			if (strcmp(f.meta[i], f.near.date) == 0) {
				f.best = f.near;
				break;
			}
	/* A UTC time near midnight yields to the page's own date a day off,
	 * stated in metadata in its local time, or written near the title
	 * when the UTC time is early morning (the Americas' evening before:
	 * a later visible date is as often a reader's time zone). */
	if (f.best.shift) {
		long want = days_of(f.best.date) + f.best.shift;
		const struct cand *alt = NULL;
		if (f.best.shift < 0 && f.near.weight && days_of(f.near.date) == want)
			alt = &f.near;
		for (size_t i = 0; i < f.n_local; i++)
			if (days_of(f.local[i].date) == want && (!alt || f.local[i].weight > alt->weight))
				alt = &f.local[i];
		if (alt) {
			memcpy(f.best.date, alt->date, 11);
			f.best.source = alt->source;
		}
	}
	if (f.best.weight < W_MODIFIED && f.modified.weight) {
		f.best = f.modified;
		f.best.source = "modified";
	}
	if (f.best.weight) {
		memcpy(out->date, f.best.date, 11);
		out->source = f.best.source;
	}
	if (f.modified.weight)
		memcpy(out->modified, f.modified.date, 11);
}
