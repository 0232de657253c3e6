/*
 * Sentence splitting. A sentence ends at '.', '!' or '?' (with any closing
 * quotes or brackets after it) followed by white space and a plausible
 * sentence start, at a paragraph break, or at the end of a short line that
 * looks like a headline. It does not end after an abbreviation or an
 * initial ("Gen.", "U.S.", "J. Smith", "No. 10"), inside a number ("2.5"),
 * or when a quotation closes and the sentence goes on ("Why?" he asked).
 */
#include "claimtrack/text.h"
#include "base/base.h"
#include "base/vec16.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Titles and short forms that are followed by a capitalised word, by
 * first letter, each padded with NULs to 8 bytes: a word is compared with
 * each as one 8-byte number. */
static const char abbreviations[26][8][8] = {
	['a' - 'a'] = { "adm", "apr", "aug", "assn", "approx", "ave", "a.m", "al" },
	['b' - 'a'] = { "bros", "blvd" },
	['c' - 'a'] = { "col", "capt", "cmdr", "cpl", "corp", "co", "cf" },
	['d' - 'a'] = { "dr", "det", "dec", "dept" },
	['e' - 'a'] = { "etc", "est", "e.g" },
	['f' - 'a'] = { "ft", "feb", "fig" },
	['g' - 'a'] = { "gen", "gov" },
	['h' - 'a'] = { "hon" },
	['i' - 'a'] = { "insp", "inc", "i.e" },
	['j' - 'a'] = { "jr", "jan", "jun", "jul" },
	['l' - 'a'] = { "lt", "ltd" },
	['m' - 'a'] = { "mr", "mrs", "ms", "maj", "mt", "messrs", "mar" },
	['n' - 'a'] = { "nov" },
	['o' - 'a'] = { "oct" },
	['p' - 'a'] = { "prof", "pvt", "pres", "pp", "p.m" },
	['r' - 'a'] = { "rep", "rev", "rd" },
	['s' - 'a'] = { "sgt", "sen", "supt", "st", "sr", "sep", "sept" },
	['u' - 'a'] = { "univ" },
	['v' - 'a'] = { "vs", "vol" },
};

/* The bytes the splitter stops at. */
static const bool stops[256] = { ['\n'] = true, ['.'] = true, ['!'] = true, ['?'] = true };

/*
 * The first byte at or after i in text[0, len) that the splitter stops
 * at, or len. Sixteen bytes at a time (base/vec16.h): a compare per stop
 * byte, and the first byte whose bit is set.
 */
static size_t next_stop(const char *text, size_t len, size_t i)
{
#ifdef CT_HAVE_VEC16
	const ct_s8x16 nl = CT_SPLAT16('\n'), dot = CT_SPLAT16('.'), bang = CT_SPLAT16('!'),
		       ques = CT_SPLAT16('?');

	for (; i + 16 <= len; i += 16) {
		ct_s8x16 x = ct_load16(text + i);
		unsigned hit = ct_bits16((x == nl) | (x == dot) | (x == bang) | (x == ques));
		if (hit)
			return i + (size_t)__builtin_ctz(hit);
	}
#endif
	while (i < len && !stops[(unsigned char)text[i]])
		i++;
	return i;
}

/* White space: one look-up rather than six compares. */
static const bool spaces[256] = {
	[' '] = true, ['\t'] = true, ['\n'] = true, ['\r'] = true, ['\f'] = true, ['\v'] = true,
};

static bool is_space(char c)
{
	return spaces[(unsigned char)c];
}

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return is_upper(c) || is_lower(c); }

/* The bytes of a word that ends at a dot, read back from it: 1 for a
 * letter, 2 for a dot. One look-up a byte, where the tests take ten
 * instructions. */
static const unsigned char word_bytes[256] = {
	['.'] = 2,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
	['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

/* Length of a closing quote or bracket at s, 0 if none. */
static size_t closer_len(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == '"' || s[0] == '\'' || s[0] == ')' || s[0] == ']'))
		return 1;
	/* ’ ” » */
	if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x99 || (unsigned char)s[2] == 0x9D))
		return 3;
	if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xBB)
		return 2;
	return 0;
}

/* Whether s (n bytes) plausibly starts a sentence. */
static bool starts_sentence(const char *s, size_t n)
{
	unsigned char c;

	if (n == 0)
		return false;
	c = (unsigned char)s[0];
	if (is_upper((char)c) || is_digit((char)c) || c == '"' || c == '\'' ||
	    c == '(' || c == '[' || c == '-' || c == '*')
		return true;
	/* “ ‘ « and any non-ASCII letter: assume capitalised. */
	if (c >= 0x80)
		return !(n >= 3 && c == 0xE2 && (unsigned char)s[1] == 0x80 &&
			 ((unsigned char)s[2] == 0x99 || (unsigned char)s[2] == 0x9D));
	return false;
}

/*
 * Whether the '.' at text[dot] ends an abbreviation or initial rather than
 * a sentence; `next` is the offset of the first non-space after it.
 */
static bool is_abbreviation(const char *text, size_t len, size_t dot, size_t next)
{
	size_t start = dot;
	char word[sizeof abbreviations[0][0]] = { 0 };
	size_t wl = 0;
	unsigned seen = 0, b;

	/* Back over letters and dots; seen has 2 set when a dot was among them. */
	while (start > 0 && (b = word_bytes[(unsigned char)text[start - 1]]) != 0) {
		seen |= b;
		start--;
	}
	if (start == dot)
		return false;
	/* A single letter: an initial ("J. Smith", "U."). */
	if (dot - start == 1 && is_upper(text[start]))
		return true;
	/* Dotted forms such as "U.S." or "e.g.": letters alternating with dots. */
	if (seen & 2) {
		bool dotted = true;
		for (size_t k = start; k < dot; k++) {
			bool letter_pos = ((k - start) % 2) == 0;
			if (letter_pos ? !is_alpha(text[k]) : text[k] != '.')
				dotted = false;
		}
		/* "U.S. officials" continues; "in the U.S. The" is ambiguous:
		 * treat a following capitalised word as a new sentence only when
		 * the form is not a common dotted abbreviation. */
		if (dotted)
			return !(next < len && is_upper(text[next]) && (dot - start) > 3);
	}
	/* A longer word is neither "No." nor one of the abbreviations. */
	if (dot - start >= sizeof word)
		return false;
	for (size_t k = start; k < dot; k++)
		word[wl++] = (char)(text[k] | 0x20);
	/* "No. 10", "Nos. 3 and 4" */
	if ((wl == 2 || (wl == 3 && word[2] == 's')) && word[0] == 'n' && word[1] == 'o' &&
	    next < len && is_digit(text[next]))
		return true;
	if (!is_lower(word[0]))
		return false;
	/* The word and the NULs after it. */
	uint64_t key, entry;
	memcpy(&key, word, sizeof key);
	for (size_t k = 0; k < sizeof abbreviations[0] / sizeof abbreviations[0][0]; k++) {
		memcpy(&entry, abbreviations[word[0] - 'a'][k], sizeof entry);
		if (entry == key)
			return true;
	}
	return false;
}

struct spans {
	struct ct_span *v;
	size_t n, cap;
	size_t first_cap;       /* room made at the first span: the text's length / 128 */
};

static int push(struct spans *s, const char *text, size_t start, size_t end)
{
	while (start < end && is_space(text[start]))
		start++;
	while (end > start && is_space(text[end - 1]))
		end--;
	if (start == end)
		return CT_OK;
	/* News text has a sentence every 110 bytes or so: one allocation,
	 * most often, rather than four as the vector doubles from 8. */
	if (!CT_VEC_RESERVE(s->v, s->cap, s->cap ? s->n + 1 : s->first_cap))
		return CT_ENOMEM;
	s->v[s->n].start = start;
	s->v[s->n].end = end;
	s->n++;
	return CT_OK;
}

/* Whether the line ending at `nl` (exclusive) looks like a headline. */
static bool headline_line(const char *text, size_t line_start, size_t nl)
{
	size_t end = nl;

	while (end > line_start && is_space(text[end - 1]))
		end--;
	if (end == line_start || end - line_start > 120)
		return false;
	char last = text[end - 1];
	return !(last == ',' || last == ';' || last == ':' || last == '-' ||
		 last == '.' || last == '!' || last == '?');
}

int ct_segment_sentences(const char *text, size_t len,
			 struct ct_span **out, size_t *n_out)
{
	struct spans s = { .first_cap = len / 128 + 1 };
	size_t start = 0, line_start = 0, i = 0;
	int rc = CT_OK;

	while (i < len) {
		/* Only line breaks and sentence punctuation matter here. */
		i = next_stop(text, len, i);
		if (i == len)
			break;
		char c = text[i];

		if (c == '\n') {
			size_t j = i + 1;
			bool blank = false;
			while (j < len && is_space(text[j])) {
				if (text[j] == '\n')
					blank = true;
				j++;
			}
			if (blank || j == len ||
			    (headline_line(text, line_start, i) &&
			     starts_sentence(text + j, len - j))) {
				if ((rc = push(&s, text, start, i)) != CT_OK)
					goto fail;
				start = j;
			}
			line_start = j;
			i = j;
			continue;
		}
		if (c == '.' || c == '!' || c == '?') {
			size_t j = i + 1, k;
			/* Runs such as "?!" or "..." end together. */
			while (j < len && (text[j] == '.' || text[j] == '!' || text[j] == '?'))
				j++;
			while (j < len && (k = closer_len(text + j, len - j)) > 0)
				j += k;
			/* What follows: white space, at most one line break, then
			 * the next word; a blank line is a paragraph break. */
			size_t last_nl = 0;
			bool newline = false, blank = false;
			k = j;
			/* A no-break space (U+00A0) left before a line break
			 * ("schools.\u00a0\n") is white space too. */
			while (k < len && (is_space(text[k]) ||
					   ((unsigned char)text[k] == 0xC2 && k + 1 < len &&
					    (unsigned char)text[k + 1] == 0xA0))) {
				if (text[k] == '\n') {
					blank = newline;
					newline = true;
					last_nl = k;
				}
				k += (unsigned char)text[k] == 0xC2 ? 2 : 1;
			}
			if (j == len || k == len || blank) {
				/* The end of the text or of a paragraph ends the
				 * sentence; the newline logic skips the break. */
				if ((rc = push(&s, text, start, j)) != CT_OK)
					goto fail;
				start = j;
				i = j;
				continue;
			}
			if (k == j || !starts_sentence(text + k, len - k) ||
			    (c == '.' && j == i + 1 && is_abbreviation(text, len, i, k))) {
				/* Not a break: a single line break here is a space. */
				if (newline)
					line_start = last_nl + 1;
				i = newline ? k : j;
				continue;
			}
			if ((rc = push(&s, text, start, j)) != CT_OK)
				goto fail;
			if (newline)
				line_start = last_nl + 1;
			start = k;
			i = k;
			continue;
		}
		i++;
	}
	if ((rc = push(&s, text, start, len)) != CT_OK)
		goto fail;
	*out = s.v;
	*n_out = s.n;
	return CT_OK;
fail:
	free(s.v);
	return rc;
}
