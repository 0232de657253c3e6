/*
 * HTML extraction: bylines. A value from JSON-LD, a meta tag or a byline
 * element is cut to the name it frames ("VON ANNA BERG am 21. April 2020"
 * is "ANNA BERG", "29. Juni 2017 · von Tobi" is "Tobi"); labels ("Posted
 * on", "Follow"), e-mail addresses and the site's own name are refused.
 * When no element says who wrote the page, a "By X"/"Von X"/"Par X"/
 * "Por X" line just after the headline does, else a labelled line ("Autor:
 * X", "Auteur : X", "Text: X") anywhere in the body.
 */
#include "extract/extract_meta.h"
#include "base/base.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Words and phrases that introduce a name, lowercase, longest first
 * where one starts another. */
static const char *const frames[] = {
	"written by", "posted by", "geschrieben von", "ein beitrag von", "verfasst von",
	"ein artikel von", "artikel von", "erstellt von", "redigido por", "écrit par",
	"escrito por", "publié par", "publie par", "text und fotos:", "text und interview:",
	"text:", "autor:", "autorin:", "author:", "autoren:", "auteur :", "auteur:", "autore:",
	"autora:", "verfasser:", "von:", "by:", "autoren", "autorin",
	"by", "von", "par", "por", "door", NULL,
};

/* What stands where a name should (lowercase, folded): labels, not names. */
static const char *const labels[] = {
	"postedon", "posted", "publiziertam", "publiziert", "veröffentlichtam", "veröffentlicht",
	"published", "publishedon", "updated", "aktualisiert", "follow", "folgen", "by", "von",
	"noauthor", "author", "autor", "share", "teilen", "admin", "erstellt", "abouttheauthor",
	"vor", "pressemitteilung", "mehr", "more", NULL,
};

/* Words after which a byline goes on with a date or a place, not the name. */
static const char *const enders[] = {
	" am ", " on ", " at ", " le ", " el ", " il ", " vom ", " den ", " in ", " um ",
	" von ", " by ", " über ", " Über ", " mehr", " Mehr", NULL,
};

char *ct_meta_fold(const char *s)
{
	size_t n = strlen(s), k = 0;
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || isalnum(c))
			out[k++] = (char)tolower(c);
	}
	out[k] = '\0';
	return out;
}

/* Whether s starts with frame word f (case-insensitively), as a word. */
static size_t starts_frame(const char *s, const char *f)
{
	size_t l = strlen(f);

	if (strncasecmp(s, f, l) != 0)
		return 0;
	if (f[l - 1] == ':' || s[l] == ' ' || s[l] == ':' || s[l] == '\0')
		return l;
	return 0;
}

static bool is_label(const char *name)
{
	char *f = ct_meta_fold(name);
	bool hit = !f || !*f;

	for (size_t i = 0; !hit && labels[i]; i++)
		hit = strcmp(f, labels[i]) == 0;
	free(f);
	return hit;
}

/* Whether name looks like a web address or an organisation, not a person. */
static bool looks_like_org(const char *name)
{
	static const char *const marks[] = { "www.", "http", "e.V.", "GmbH", " AG", " Ltd",
		" Inc", ".com", ".de", ".at", ".ch", ".org", ".net", ".cl", ".it", ".fr", NULL };

	for (size_t i = 0; marks[i]; i++) {
		const char *p = strstr(name, marks[i]);
		size_t l = strlen(marks[i]);
		if (p && (marks[i][0] != '.' || !isalpha((unsigned char)p[l])))
			return true;
	}
	return false;
}

bool ct_byline_is_site(const char *name, const char *const *sites)
{
	char *f = ct_meta_fold(name);
	bool hit = !f;

	for (size_t i = 0; !hit && sites && sites[i]; i++) {
		char *s = ct_meta_fold(sites[i]);
		hit = !s || (*s && (strcmp(f, s) == 0 || (strlen(s) >= 6 && strstr(f, s))));
		free(s);
	}
	free(f);
	return hit || looks_like_org(name);
}

/* Cuts s at the first place where the name ends. */
static void cut_tail(char *s)
{
	size_t n = strlen(s), cut = n;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i > 0 && ((isdigit(c) && s[i - 1] == ' ') || c == '|' || c == '[')) {
			cut = i;
			break;
		}
		/* "·" U+00B7, "•" U+2022, "–" U+2013, "—" U+2014 */
		if ((c == 0xC2 && (unsigned char)s[i + 1] == 0xB7) ||
		    (c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
		     ((unsigned char)s[i + 2] == 0xA2 || (unsigned char)s[i + 2] == 0x93 ||
		      (unsigned char)s[i + 2] == 0x94))) {
			cut = i;
			break;
		}
		if (c == ' ' && s[i + 1] == '-' && s[i + 2] == ' ') {
			cut = i;
			break;
		}
		/* A comma before a date or a place; between names it stays. */
		if (c == ',' && strpbrk(s + i, "0123456789")) {
			cut = i;
			break;
		}
	}
	for (size_t e = 0; enders[e]; e++) {
		char *p = strstr(s, enders[e]);
		if (p && (size_t)(p - s) < cut && p > s)
			cut = (size_t)(p - s);
	}
	s[cut] = '\0';
}

/* Trims spaces and punctuation around s, in place. */
static void trim_punct(char *s)
{
	size_t n = strlen(s), b = 0;

	while (n > 0 && (unsigned char)s[n - 1] < 0x80 &&
	       (isspace((unsigned char)s[n - 1]) || strchr(",;:-/·|", s[n - 1])))
		n--;
	s[n] = '\0';
	while (b < n && (unsigned char)s[b] < 0x80 &&
	       (isspace((unsigned char)s[b]) || strchr(",;:-/|", s[b])))
		b++;
	memmove(s, s + b, n - b + 1);
}

/* Where the name starts in s: after a frame word at the start, or after
 * one that follows a date ("8. Januar 2020 · by Ana"); 0 when none. */
static size_t name_start(const char *s, bool *framed)
{
	*framed = false;
	for (size_t i = 0; frames[i]; i++) {
		size_t l = starts_frame(s, frames[i]);
		if (l) {
			*framed = true;
			return l;
		}
	}
	if (strpbrk(s, "0123456789")) {
		for (size_t i = 0; frames[i]; i++) {
			size_t fl = strlen(frames[i]);
			for (const char *p = s + 1; *p; p++)
				if (p[-1] == ' ' && strncasecmp(p, frames[i], fl) == 0 &&
				    starts_frame(p, frames[i])) {
					*framed = true;
					return (size_t)(p - s) + fl;
				}
		}
	}
	return 0;
}

/* "A; B" (a list from JSON-LD): each name cleaned, those left joined. */
static char *clean_list(const char *raw, const char *const *sites)
{
	struct ct_buf out = CT_BUF_INIT(0);
	const char *p = raw;

	while (*p) {
		size_t l = strcspn(p, ";");
		char *one = strndup(p, l), *name = one ? ct_byline_clean(one, sites) : NULL;
		free(one);
		if (name && ct_buf_addf(&out, "%s%s", out.len ? "; " : "", name) != CT_OK) {
			free(name);
			ct_buf_release(&out);
			return NULL;
		}
		free(name);
		p += l + (p[l] == ';');
	}
	return out.p ? ct_buf_detach(&out, NULL) : NULL;
}

char *ct_byline_clean(const char *raw, const char *const *sites)
{
	char *s, *out;
	bool framed;
	size_t from;

	if (raw && strchr(raw, ';'))
		return clean_list(raw, sites);
	if (!raw || !(s = strdup(raw)))
		return NULL;
	ct_page_squash(s);
	from = name_start(s, &framed);
	out = s + from;
	while (*out == ' ')
		out++;
	memmove(s, out, strlen(out) + 1);
	cut_tail(s);
	trim_punct(s);
	if (!framed && ct_page_word_count(s) <= 1 && ct_page_word_count(raw) >= 3 &&
	    strpbrk(raw, "0123456789")) {
		/* A date where a name should be ("April 28, 2019 at 6:01"):
		 * no frame to cut, the value is kept as it is. */
		bool label = is_label(s);
		free(s);
		if (label)
			return NULL;
		return (s = strdup(raw)) ? ct_page_squash(s) : NULL;
	}
	const char *paren = strchr(s, '(');
	if (strncasecmp(raw, "foto", 4) == 0 || strncasecmp(raw, "photo", 5) == 0 ||
	    strncasecmp(raw, "bild:", 5) == 0 || isdigit((unsigned char)s[0])) {
		free(s);
		return NULL;
	}
	if (!*s || strchr(s, '@') || (paren && isdigit((unsigned char)paren[1])) || ct_page_word_count(s) > 8 || is_label(s) ||
	    (sites && ct_byline_is_site(s, sites))) {
		free(s);
		return NULL;
	}
	return s;
}

/* Whether the name found in running text reads as one: its first letter
 * a capital (or not ASCII), or a single word (a user name). */
static bool name_like(const char *s)
{
	unsigned char c = (unsigned char)s[0];

	return c >= 0x80 || isupper(c) || !strchr(s, ' ');
}

/* The text of n's nearest block-like ancestor when short, else of n. */
static char *line_of(const xmlNode *t)
{
	const xmlNode *p = t->parent;

	for (int up = 0; p && up < 3; up++, p = p->parent) {
		char *text = ct_page_text(p);
		if (!text)
			return NULL;
		ct_page_squash(text);
		if (strlen(text) > 160) {
			free(text);
			break;
		}
		if (ct_page_word_count(text) >= 2)
			return text;
		free(text);
	}
	/* In a long paragraph: the frame and what follows it ("<b>Autor:</b>
	 * <a>Name</a>"), from this text on to the next two siblings'. */
	struct ct_buf out = CT_BUF_INIT(0);
	const xmlNode *from = t->parent && t->parent->type == XML_ELEMENT_NODE &&
			      !t->prev && !t->next && t->parent->next ? t->parent : t;
	size_t k = 0;
	for (const xmlNode *s = from; s && k < 3; s = s->next, k++) {
		char *text = s == t ? strdup((const char *)t->content) : ct_page_text(s);
		int rc = text ? ct_buf_addf(&out, "%s ", text) : CT_ENOMEM;
		free(text);
		if (rc != CT_OK) {
			ct_buf_release(&out);
			return NULL;
		}
	}
	return out.p ? ct_buf_detach(&out, NULL) : strdup("");
}

/* Whether s (class and id) names a byline; "class id" of comment and
 * form parts never do. */
static bool byline_class(const char *cls, const char *id)
{
	static const char *const words[] = { "byline", "author", "autor", "writtenby",
		"p-author", "verfasser", NULL };
	char buf[256];
	size_t n = 0;

	for (const char *p = cls; p && *p && n + 2 < sizeof buf; p++)
		buf[n++] = (char)tolower((unsigned char)*p);
	buf[n++] = ' ';
	for (const char *p = id; p && *p && n + 1 < sizeof buf; p++)
		buf[n++] = (char)tolower((unsigned char)*p);
	buf[n] = '\0';
	if (strstr(buf, "comment") || strstr(buf, "avatar") || strstr(buf, "bio"))
		return false;
	for (size_t i = 0; words[i]; i++)
		if (strstr(buf, words[i]))
			return true;
	return false;
}

/* Whether n is inside a form or a comment thread. */
static bool in_comments(const xmlNode *n)
{
	for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		const char *cls = ct_page_attr(p, "class"), *id = ct_page_attr(p, "id");
		if (ct_page_is(p, "form") ||
		    (cls && (strstr(cls, "comment") || strstr(cls, "related"))) ||
		    (id && (strstr(id, "comment") || strstr(id, "related"))))
			return true;
	}
	return false;
}

char *ct_byline_twitter(xmlDoc *doc)
{
	static const char *const says[] = { "written by", "verfasst von", "geschrieben von",
		"escrito por", "écrit par", "autor", "author", NULL };
	xmlNode *root = xmlDocGetRootElement(doc);
	bool by = false;

	for (xmlNode *n = root; n; n = ct_page_next(n, root, false)) {
		const char *name = ct_page_attr(n, "name"), *content = ct_page_attr(n, "content");
		if (ct_page_is(n, "body"))
			break;
		if (!ct_page_is(n, "meta") || !name || !content)
			continue;
		if (strcmp(name, "twitter:label1") == 0)
			for (size_t i = 0; says[i] && !by; i++)
				by = strcasecmp(content, says[i]) == 0;
		else if (by && strcmp(name, "twitter:data1") == 0)
			return strndup(content, strcspn(content, "@"));
	}
	return NULL;
}

/* The name in the first byline element (rel=author, itemprop=author, a
 * byline class) of the page, cleaned; NULL when none. */
static char *byline_element(xmlNode *body, const char *const *sites)
{
	for (xmlNode *n = body; n; n = ct_page_next(n, body, false)) {
		const char *rel = ct_page_attr(n, "rel"), *prop = ct_page_attr(n, "itemprop");
		xmlNode *who = n;
		char *text, *name;

		if (!((rel && strcmp(rel, "author") == 0) || (prop && strstr(prop, "author")) ||
		      byline_class(ct_page_attr(n, "class"), ct_page_attr(n, "id"))))
			continue;
		if (ct_page_is(n, "img") || ct_page_is(n, "meta") || ct_page_is(n, "link") ||
		    ct_page_is(n, "body") || ct_page_is(n, "article") || in_comments(n))
			continue;
		for (xmlNode *c = ct_page_first_el(n); c; c = ct_page_next(c, n, false)) {
			const char *cp = ct_page_attr(c, "itemprop"), *cc = ct_page_attr(c, "class");
			if ((cp && strcmp(cp, "name") == 0) ||
			    (cc && (strcmp(cc, "fn") == 0 || strstr(cc, "url fn")))) {
				who = c;
				break;
			}
		}
		if (!(text = ct_page_text(who)))
			return NULL;
		ct_page_squash(text);
		name = strlen(text) < 120 ? ct_byline_clean(text, sites) : NULL;
		free(text);
		if (name)
			return name;
	}
	return NULL;
}

/*
 * A line anywhere in the body that names its author with a label ("Autor:
 * X", "Author: X", "Auteur : X", "Text: X"), as pages put under the
 * article: the name, cleaned, when it reads as one of a few words.
 */
static char *labelled_line(xmlNode *body, const char *const *sites)
{
	static const char *const labels_[] = { "autor:", "autorin:", "autoren:", "author:",
		"auteur :", "auteur:", "autore:", "autora:", "verfasser:", "text:", NULL };

	for (xmlNode *n = body; n;) {
		if (n->children && n->type == XML_ELEMENT_NODE && !ct_page_is(n, "script") &&
		    !ct_page_is(n, "style")) {
			n = n->children;
		} else {
			while (n && n != body && !n->next)
				n = n->parent;
			if (!n || n == body)
				break;
			n = n->next;
		}
		if (!ct_page_is_text(n) || !n->content)
			continue;
		const char *t = (const char *)n->content;
		while (*t && ct_page_ascii_ws(*t))
			t++;
		bool hit = false;
		for (size_t i = 0; labels_[i] && !hit; i++)
			hit = starts_frame(t, labels_[i]) > 0;
		if (!hit || strlen(t) > 120 || in_comments(n))
			continue;
		char *line = line_of(n);
		if (!line)
			return NULL;
		char *name = ct_byline_clean(line, sites);
		free(line);
		if (name && name_like(name) && ct_page_word_count(name) <= 5)
			return name;
		free(name);
	}
	return NULL;
}

char *ct_byline_near_title(xmlDoc *doc, const char *const *sites)
{
	xmlNode *body = ct_page_body(doc), *h1 = NULL;
	size_t seen = 0, long_ones = 0;
	char *name;

	if (!body)
		return NULL;
	if ((name = byline_element(body, sites)))
		return name;
	for (xmlNode *n = body; n && !h1; n = ct_page_next(n, body, false))
		if (ct_page_is(n, "h1"))
			h1 = n;
	if (!h1)
		return labelled_line(body, sites);
	for (xmlNode *n = h1; seen < 40 && long_ones < 3;) {
		/* the next node in document order, text nodes included */
		if (n->children && n != h1 && n->type == XML_ELEMENT_NODE &&
		    !ct_page_is(n, "script") && !ct_page_is(n, "style")) {
			n = n->children;
		} else {
			while (n && !n->next)
				n = n->parent;
			if (!n)
				break;
			n = n->next;
		}
		if (!ct_page_is_text(n) || !n->content)
			continue;
		char *t = ct_page_dup_trim((const char *)n->content);
		if (!t)
			return NULL;
		ct_page_squash(t);
		if (!*t) {
			free(t);
			continue;
		}
		seen++;
		if (strlen(t) > 200)
			long_ones++;
		bool framed = false;
		size_t from = strlen(t) < 200 ? name_start(t, &framed) : 0;
		bool at_start = framed && from > 0 && strlen(t) < 120;
		free(t);
		if (!at_start)
			continue;
		char *line = line_of(n);
		if (!line)
			return NULL;
		name = ct_byline_clean(line, sites);
		free(line);
		if (name && name_like(name))
			return name;
		free(name);
	}
	return labelled_line(body, sites);
}
