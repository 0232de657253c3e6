/*
 * HTML extraction: emptying <script> and <style> elements before the page
 * is parsed. Nothing reads their content but JSON-LD, yet it is over
 * 40% of the bytes of the Readability test pages, and libxml2 reads it a
 * character at a time: taking it out saves a quarter of the parser's
 * instructions there.
 *
 * The scan follows the markup as libxml2 2.9's HTML parser reads it (not
 * as HTML5 does): comments, processing instructions, doctypes, end tags
 * and quoted attribute values are stepped over, and only a start tag
 * named script or style opens raw text, which runs to the first "</"
 * followed by the element's name in any case. Bytes are only taken out
 * between such a start tag and its end tag when no other "</script" or
 * "</style" lies between. Where libxml2 reads the markup in a way the scan
 * does not follow (raw text that starts with a tag, "</scriptx", a
 * doctype after the prolog or with a quoted '>', a construct left open),
 * the scan stops and the rest is kept as it is. tests/unit/test_extract.c
 * checks on random pages that the parser builds the same tree but for
 * script and style text.
 *
 * Attributes nothing reads go too (event handlers, data-*, SVG paths, alt
 * and title texts: a third of the attribute bytes of those pages), for
 * the parser copies each value a character at a time and makes four
 * allocations for it. Kept are the names in kept_attrs[], and every
 * attribute of the elements in all_attrs_tags[], whose attributes are read
 * whatever their name. Only a well-formed attribute is taken out: a name
 * of ASCII name characters and a value that is unquoted or whose closing
 * quote is found, not followed by '=', in a start tag that the parser
 * reads as one (a letter after '<') and that ends; the blanks around it
 * stay. The random pages of the unit test check that the tree is the
 * same but for those attributes.
 */
#include "extract/extract_internal.h"

#include <stdbool.h>
#include <string.h>

/* Attribute names extract*.c reads with ct_page_attr() (a unit test
 * checks the sources for others), and those the parser looks at. */
static const char *const kept_attrs[] = {
	"aria-hidden", "aria-modal", "class", "colspan", "content", "datatable", "datetime",
	"hidden", "href", "id", "itemprop", "lang", "name", "property", "pubdate", "rel",
	"role", "rowspan", "style", "summary", "type", "charset", "http-equiv", NULL,
};

/* Elements whose attributes are all read, whatever their name: images
 * (for a source) and embeds (for a video host) by their values. */
static const char *const all_attrs_tags[] = {
	"embed", "iframe", "img", "object", NULL,
};

/* Longest attribute name taken out: libxml2 splits longer names at 100. */
#define ATTR_NAME_MAX 64

/* Most attributes taken out of one tag; the rest stay. */
#define MAX_CUTS 32

/* Ranges of a tag to take out, in order. */
struct cuts {
	size_t from[MAX_CUTS], to[MAX_CUTS];
	size_t n;
};

static bool letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Characters of a tag or attribute name (libxml2's htmlParseHTMLName). */
static bool name_char(char c)
{
	return letter(c) || (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' ||
	       c == '.';
}

static bool name_start(char c)
{
	return letter(c) || c == '_' || c == ':' || c == '.';
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether s[i, n) starts with w (lowercase ASCII), letters in any case. */
static bool at_ci(const char *s, size_t i, size_t n, const char *w)
{
	for (; *w; w++, i++) {
		if (i >= n)
			return false;
		char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
		if (c != *w)
			return false;
	}
	return true;
}

/* The first "</" + name (name lowercase) at or after i, in any case; n
 * when there is none. */
static size_t find_close(const char *s, size_t i, size_t n, const char *name)
{
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		if (!lt)
			return n;
		i = (size_t)(lt - s);
		if (i + 1 < n && s[i + 1] == '/' && at_ci(s, i + 2, n, name))
			return i;
		i++;
	}
	return n;
}

/* The offset after the first `c` at or after i; n when there is none. */
static size_t past(const char *s, size_t i, size_t n, char c)
{
	const char *p = i < n ? memchr(s + i, c, n - i) : NULL;

	return p ? (size_t)(p - s) + 1 : n;
}

/* Whether s[0, n) is one of the lowercase ASCII words in list, in any case. */
static bool one_of_ci(const char *s, size_t n, const char *const *list)
{
	char first = n && s[0] >= 'A' && s[0] <= 'Z' ? (char)(s[0] + 32) : n ? s[0] : '\0';

	for (; *list; list++)
		if ((*list)[0] == first && strlen(*list) == n && at_ci(s, 0, n, *list))
			return true;
	return false;
}

static void add_cut(struct cuts *cuts, size_t from, size_t to)
{
	if (cuts->n < MAX_CUTS) {
		cuts->from[cuts->n] = from;
		cuts->to[cuts->n++] = to;
	}
}

/*
 * Steps over a start tag's attributes from i (just after its name) as
 * libxml2's htmlParseStartTag does: a value is quoted only right after
 * "name =", and a bogus attribute runs to a blank or the tag's end.
 * Returns the offset after '>' or "/>" (*self_closed for "/>"), or n
 * when the tag never ends. With cuts, the attributes nothing reads are
 * added to it.
 */
static size_t tag_end(const char *s, size_t i, size_t n, bool *self_closed, struct cuts *cuts)
{
	*self_closed = false;
	for (;;) {
		size_t name, name_len;
		bool whole = true;

		while (i < n && blank(s[i]))
			i++;
		if (i >= n)
			return n;
		if (s[i] == '>')
			return i + 1;
		if (s[i] == '/' && i + 1 < n && s[i + 1] == '>') {
			*self_closed = true;
			return i + 2;
		}
		if (!name_start(s[i])) {
			while (i < n && !blank(s[i]) && s[i] != '>' &&
			       !(s[i] == '/' && i + 1 < n && s[i + 1] == '>'))
				i++;
			continue;
		}
		name = i;
		while (i < n && name_char(s[i]))
			i++;
		name_len = i - name;
		while (i < n && blank(s[i]))
			i++;
		if (i < n && s[i] == '=') {
			i++;
			while (i < n && blank(s[i]))
				i++;
			if (i < n && (s[i] == '"' || s[i] == '\'')) {
				whole = memchr(s + i + 1, s[i], n - i - 1) != NULL;
				i = past(s, i + 1, n, s[i]);
			} else {
				while (i < n && !blank(s[i]) && s[i] != '>')
					i++;
			}
		} else {
			/* No value: the attribute is its name alone. */
			i = name + name_len;
		}
		/* Not when '=' follows (after a quoted value): taken out, the
		 * attribute would leave it to a name before it as its value. */
		if (cuts && whole && i < n && s[i] != '=' && name_len <= ATTR_NAME_MAX &&
		    !one_of_ci(s + name, name_len, kept_attrs))
			add_cut(cuts, name, i);
	}
}

/* The offset after the end of a comment whose text starts at i: the
 * first "-->" or "--!>" in it (so "<!-->" does not end it), as libxml2
 * 2.9 reads it; n when there is none. */
static size_t comment_end(const char *s, size_t i, size_t n)
{
	for (size_t k = i; k < n; k++) {
		const char *gt = memchr(s + k, '>', n - k);
		if (!gt)
			break;
		k = (size_t)(gt - s);
		if (k >= i + 2 && s[k - 1] == '-' && s[k - 2] == '-')
			return k + 1;
		if (k >= i + 3 && s[k - 1] == '!' && s[k - 2] == '-' && s[k - 3] == '-')
			return k + 1;
	}
	return n;
}

/* Whether s[i, e) mentions json in any case: a JSON script is kept. */
static bool mentions_json(const char *s, size_t i, size_t e)
{
	for (; i + 4 <= e; i++)
		if ((s[i] == 'j' || s[i] == 'J') && at_ci(s, i, e, "json"))
			return true;
	return false;
}

/*
 * Reads the markup at s[i] == '<'. Returns where plain text resumes, or
 * n to keep the rest as it is; *cuts are the ranges to take out: unread
 * attributes and raw text (none when cuts->n is 0).
 */
static size_t markup(const char *s, size_t i, size_t n, bool *prolog, struct cuts *cuts)
{
	const char *raw = NULL;
	size_t j, end;
	bool self_closed;

	cuts->n = 0;
	if (at_ci(s, i, n, "<!--"))
		return comment_end(s, i + 4, n);
	if (at_ci(s, i, n, "<!doctype")) {
		size_t dq = 0, sq = 0;
		/* Past the prolog, libxml2 reads what follows a doctype in
		 * its own way: not followed. */
		if (!*prolog)
			return n;
		*prolog = false;
		end = past(s, i, n, '>');
		for (j = i; j < end; j++) {
			dq += s[j] == '"';
			sq += s[j] == '\'';
		}
		/* A quoted '>' in a doctype: not worth following. */
		return dq % 2 || sq % 2 ? n : end;
	}
	if (i + 1 < n && s[i + 1] != '?')
		*prolog = false;
	if (i + 1 < n && s[i + 1] == '?') {
		/* A processing instruction runs to the next '>' when a name
		 * follows "<?"; else only "<?" is dropped. A name that starts
		 * with a non-ASCII letter is not worth following. */
		if (i + 2 < n && (letter(s[i + 2]) || s[i + 2] == '_' || s[i + 2] == ':'))
			return past(s, i, n, '>');
		return i + 2 < n && (unsigned char)s[i + 2] >= 0x80 ? n : i + 2;
	}
	if (i + 1 < n && s[i + 1] == '/')
		return i + 2 < n && name_start(s[i + 2]) ? past(s, i, n, '>') : i + 2;
	if (i + 1 >= n || !(letter(s[i + 1]) || s[i + 1] == '_' || s[i + 1] == ':'))
		return i + 1;
	for (j = i + 1; j < n && name_char(s[j]); j++)
		;
	if (j - i - 1 == 6 && at_ci(s, i + 1, j, "script"))
		raw = "script";
	else if (j - i - 1 == 5 && at_ci(s, i + 1, j, "style"))
		raw = "style";
	/* libxml2 reads "<_" and "<:" as text: nothing is cut in them. */
	end = tag_end(s, j, n, &self_closed,
		      !letter(s[i + 1]) || one_of_ci(s + i + 1, j - i - 1, all_attrs_tags)
		      ? NULL : cuts);
	if (end >= n)
		cuts->n = 0;
	if (!raw || self_closed || end >= n)
		return end;
	/* Raw text: up to the element's own end tag, as the parser reads
	 * it. It is cut only when no end tag of the other kind is in it. */
	j = find_close(s, end, n, raw);
	/* "</scriptx" ends the raw text too, but the parser then drops that
	 * end tag and goes on with raw text: not followed. */
	if (j + 2 + strlen(raw) < n && name_char(s[j + 2 + strlen(raw)]))
		return n;
	/* Content that starts with a tag is read as markup first: an end
	 * tag there may close the element, a start tag may or may not. The
	 * scan stops rather than follow that. */
	if (j > end && s[end] == '<' && end + 1 < n &&
	    (s[end + 1] == '/' || letter(s[end + 1]) || s[end + 1] == '_' || s[end + 1] == ':'))
		return n;
	if (!mentions_json(s, i, end) &&
	    find_close(s, end, j, raw[1] == 'c' ? "style" : "script") == j)
		add_cut(cuts, end, j);
	return j;
}

/* Writes what is kept of s[0, n) to out, which is s or has room for n
 * bytes; returns its length. */
static size_t skip_raw(const char *s, size_t n, char *out)
{
	size_t r = 0, w = 0;
	bool prolog = true;    /* only blanks, comments and PIs so far */

	while (r < n) {
		const char *lt = memchr(s + r, '<', n - r);
		size_t next = lt ? (size_t)(lt - s) : n;
		struct cuts cuts;

		if (next > r) {
			for (size_t k = r; k < next && prolog; k++)
				prolog = blank(s[k]);
			memmove(out + w, s + r, next - r);
			w += next - r;
			r = next;
		}
		if (r >= n)
			break;
		next = markup(s, r, n, &prolog, &cuts);
		for (size_t k = 0; k < cuts.n; k++) {
			memmove(out + w, s + r, cuts.from[k] - r);
			w += cuts.from[k] - r;
			r = cuts.to[k];
		}
		memmove(out + w, s + r, next - r);
		w += next - r;
		r = next;
	}
	return w;
}

size_t ct_page_skip_raw(char *s, size_t n)
{
	size_t w = skip_raw(s, n, s);

	if (w < n)
		s[w] = '\0';
	return w;
}

size_t ct_page_skip_raw_copy(const char *s, size_t n, char *out)
{
	size_t w = skip_raw(s, n, out);

	out[w] = '\0';
	return w;
}

bool ct_page_keeps_attr(const char *tag, const char *name)
{
	return one_of_ci(tag, strlen(tag), all_attrs_tags) ||
	       one_of_ci(name, strlen(name), kept_attrs);
}
