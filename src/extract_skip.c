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
 */
#include "extract_internal.h"

#include <stdbool.h>
#include <string.h>

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
		char c = i < n && s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
		if (i >= n || c != *w)
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

/*
 * Steps over a start tag's attributes from i (just after its name) as
 * libxml2's htmlParseStartTag does: a value is quoted only right after
 * "name =", and a bogus attribute runs to a blank or the tag's end.
 * Returns the offset after '>' or "/>" (*self_closed for "/>"), or n
 * when the tag never ends.
 */
static size_t tag_end(const char *s, size_t i, size_t n, bool *self_closed)
{
	*self_closed = false;
	for (;;) {
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
		while (i < n && name_char(s[i]))
			i++;
		while (i < n && blank(s[i]))
			i++;
		if (i >= n || s[i] != '=')
			continue;
		i++;
		while (i < n && blank(s[i]))
			i++;
		if (i < n && (s[i] == '"' || s[i] == '\'')) {
			i = past(s, i + 1, n, s[i]);
		} else {
			while (i < n && !blank(s[i]) && s[i] != '>')
				i++;
		}
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
 * n to keep the rest as it is; [*cut_from, *cut_to) is raw text to take
 * out (empty when none).
 */
static size_t markup(const char *s, size_t i, size_t n, bool *prolog, size_t *cut_from,
		     size_t *cut_to)
{
	const char *raw = NULL;
	size_t j, end;
	bool self_closed;

	*cut_from = *cut_to = 0;
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
	end = tag_end(s, j, n, &self_closed);
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
	    find_close(s, end, j, raw[1] == 'c' ? "style" : "script") == j) {
		*cut_from = end;
		*cut_to = j;
	}
	return j;
}

size_t ct_page_skip_raw(char *s, size_t n)
{
	size_t r = 0, w = 0;
	bool prolog = true;    /* only blanks, comments and PIs so far */

	while (r < n) {
		const char *lt = memchr(s + r, '<', n - r);
		size_t next = lt ? (size_t)(lt - s) : n, from, to;

		if (next > r) {
			for (size_t k = r; k < next && prolog; k++)
				prolog = blank(s[k]);
			memmove(s + w, s + r, next - r);
			w += next - r;
			r = next;
		}
		if (r >= n)
			break;
		next = markup(s, r, n, &prolog, &from, &to);
		if (to > from) {
			memmove(s + w, s + r, from - r);
			w += from - r;
			r = to;
		}
		memmove(s + w, s + r, next - r);
		w += next - r;
		r = next;
	}
	if (w < n)
		s[w] = '\0';
	return w;
}
