/*
 * schema.org ClaimReview markup: a fact-check's rating of one claim, as
 * JSON-LD, for `claimtrack export --format claimreview` and the claim pages
 * of `claimtrack serve`. The property names and types are schema.org's
 * (ClaimReview, Claim, Rating, CreativeWork, Person, Organization); which
 * ones are filled follows Google's fact-check guide (claimReviewed,
 * reviewRating and url required; author and itemReviewed with its author,
 * datePublished, appearance and firstAppearance recommended).
 */
#include "claimtrack/report.h"
#include "base/utf8.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- claimReviewed ---- */

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * The sentence with white space runs folded to one space and trimmed, as
 * code points: *cps (byte offset of each in *text, plus one past the end)
 * and *n. The match's byte span in the sentence maps to [*ms, *me) in code
 * points (0, 0 when there is none). Returns false when out of memory.
 */
static bool fold(const char *sentence, const char *match, char **text, size_t **cps, size_t *n,
		 size_t *ms, size_t *me)
{
	size_t len = strlen(sentence), bm = SIZE_MAX, bme = SIZE_MAX, k = 0, o = 0;
	const char *hit = match && *match ? strstr(sentence, match) : NULL;
	char *t = malloc(len + 1);
	size_t *c = malloc((len + 1) * sizeof *c);

	if (!t || !c) {
		free(t);
		free(c);
		return false;
	}
	if (hit) {
		bm = (size_t)(hit - sentence);
		bme = bm + strlen(match);
	}
	*ms = *me = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t l;
		if (i == bm)
			*ms = k;
		if (i == bme)
			*me = k;
		if (is_space((unsigned char)sentence[i])) {
			while (i < len && is_space((unsigned char)sentence[i])) {
				i++;
				if (i == bm)
					*ms = k + (k > 0);
				if (i == bme)
					*me = k;
			}
			if (k > 0 && i < len) {
				c[k++] = o;
				t[o++] = ' ';
			}
			continue;
		}
		l = ct_utf8_decode((const unsigned char *)sentence + i, len - i, &cp);
		if (l == 0)
			l = 1;     /* a stray byte counts as one character */
		c[k++] = o;
		memcpy(t + o, sentence + i, l);
		o += l;
		i += l;
	}
	if (bme == len)
		*me = k;
	if (*me < *ms)
		*me = *ms;
	c[k] = o;
	t[o] = '\0';
	*text = t;
	*cps = c;
	*n = k;
	return true;
}

/* Whether code point i of text starts a word (the text's start, or after a space). */
static bool word_start(const char *t, const size_t *c, size_t i)
{
	return i == 0 || t[c[i - 1]] == ' ';
}

/* Whether a window [a, b) of n code points, with "…" where cut, fits in max. */
static bool fits(size_t a, size_t b, size_t n, size_t max)
{
	return b - a + (a > 0) + (b < n) <= max;
}

char *ct_claimreview_shorten(const char *sentence, const char *match, size_t max)
{
	static const char ellipsis[] = "\xe2\x80\xa6";
	size_t *c = NULL, n, ms, me, a, b;
	char *t = NULL, *out;

	if (!fold(sentence ? sentence : "", match, &t, &c, &n, &ms, &me))
		return NULL;
	if (max < 8)
		max = 8;
	if (n <= max) {
		free(c);
		return t;
	}
	a = ms;
	b = me;
	if (b <= a) {         /* no match found: the sentence from its start */
		a = 0;
		b = n;
	}
	/* The words that matched are the claim: they stand for the sentence
	 * (its speaker is the Claim's author), cut at a word when too long. */
	if (!fits(a, b, n, max)) {
		b = a + max - 1 - (a > 0);
		for (size_t k = b; k > a + 1; k--)
			if (word_start(t, c, k)) {
				b = k;
				break;
			}
	}
	/* No space next to an ellipsis. */
	while (b > a && t[c[b - 1]] == ' ')
		b--;
	while (a < b && t[c[a]] == ' ')
		a++;
	out = malloc(c[b] - c[a] + 2 * sizeof ellipsis + 1);
	if (out) {
		size_t o = 0;
		if (a > 0) {
			memcpy(out, ellipsis, 3);
			o = 3;
		}
		memcpy(out + o, t + c[a], c[b] - c[a]);
		o += c[b] - c[a];
		if (b < n) {
			memcpy(out + o, ellipsis, 3);
			o += 3;
		}
		out[o] = '\0';
	}
	free(t);
	free(c);
	return out;
}

/* ---- the rating ---- */

bool ct_claimreview_rate(const char *verdict, int rating, int best, enum ct_stance stance,
			 const char **alt, int *value)
{
	static const char *const true_like[] = { "true", "correct", "accurate" };

	if (!verdict || !*verdict)
		return false;
	if (stance == CT_SUPPORTS) {
		*alt = verdict;
		*value = rating;
		return true;
	}
	if (stance != CT_REFUTES)
		return false;
	if (strcasecmp(verdict, "mostly true") == 0) {
		*alt = "Mostly false";
	} else {
		bool t = false;
		for (size_t i = 0; i < sizeof true_like / sizeof *true_like; i++)
			t = t || strcasecmp(verdict, true_like[i]) == 0;
		if (!t)
			return false;
		*alt = "False";
	}
	*value = rating > 0 && best > 0 ? best + 1 - rating : 0;
	return true;
}

/* ---- JSON-LD ---- */

/* Sets o[key] to the string s, leaving it out when s is NULL or empty (or
 * not valid UTF-8, which jansson refuses). */
static void put_str(json_t *o, const char *key, const char *s)
{
	if (s && *s)
		json_object_set_new(o, key, json_string(s));
}

/* A CreativeWork: a document the claim appears in. */
static json_t *work(const char *url, const char *title, const char *published, const char *outlet)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	json_object_set_new(o, "@type", json_string("CreativeWork"));
	put_str(o, "url", url);
	put_str(o, "headline", title);
	put_str(o, "datePublished", published);
	if (outlet && *outlet)
		json_object_set_new(o, "publisher",
				    json_pack("{s:s, s:o}", "@type", "Organization",
					      "name", json_string(outlet)));
	return o;
}

/* The claim review as a JSON object; NULL when out of memory. */
static json_t *review_json(const struct ct_claimreview *cr)
{
	json_t *o = json_object(), *claim = json_object(), *rating = json_object();
	const char *alt = cr->verdict ? cr->verdict : "";
	char *shortened = ct_claimreview_shorten(cr->sentence, cr->match, CT_CLAIMREVIEWED_MAX);

	if (!o || !claim || !rating || !shortened)
		goto fail;
	json_object_set_new(o, "@context", json_string("https://schema.org"));
	json_object_set_new(o, "@type", json_string("ClaimReview"));
	put_str(o, "url", cr->review_url);
	put_str(o, "claimReviewed", shortened);
	if (cr->publisher && *cr->publisher)
		json_object_set_new(o, "author",
				    json_pack("{s:s, s:o}", "@type", "Organization",
					      "name", json_string(cr->publisher)));

	json_object_set_new(claim, "@type", json_string("Claim"));
	put_str(claim, "text", cr->sentence);
	if (cr->speaker && *cr->speaker)
		json_object_set_new(claim, "author",
				    json_pack("{s:s, s:o}", "@type",
					      cr->speaker_kind == CT_SPEAKER_PERSON ? "Person"
										    : "Organization",
					      "name", json_string(cr->speaker)));
	put_str(claim, "datePublished", cr->date);
	json_object_set_new(claim, "appearance",
			    work(cr->url, cr->title, cr->published, cr->outlet));
	if (cr->first_url || cr->first_title || cr->first_published)
		json_object_set_new(claim, "firstAppearance",
				    work(cr->first_url, cr->first_title, cr->first_published,
					 cr->first_outlet));
	else
		json_object_set_new(claim, "firstAppearance",
				    work(cr->url, cr->title, cr->published, cr->outlet));
	json_object_set(o, "itemReviewed", claim);

	json_object_set_new(rating, "@type", json_string("Rating"));
	json_object_set_new(rating, "alternateName", json_string(alt));
	if (cr->rating > 0 && cr->rating_best > 1) {
		json_object_set_new(rating, "ratingValue", json_integer(cr->rating));
		json_object_set_new(rating, "bestRating", json_integer(cr->rating_best));
		json_object_set_new(rating, "worstRating", json_integer(1));
	}
	json_object_set(o, "reviewRating", rating);
	json_decref(claim);
	json_decref(rating);
	free(shortened);
	return o;
fail:
	json_decref(o);
	json_decref(claim);
	json_decref(rating);
	free(shortened);
	return NULL;
}

int ct_claimreview_write(const struct ct_claimreview *cr, size_t n, FILE *f)
{
	json_t *arr = json_array();
	int rc;

	if (!arr)
		return CT_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		json_t *o = review_json(&cr[i]);
		if (!o || json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			return CT_ENOMEM;
		}
	}
	rc = json_dumpf(arr, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', f);
	json_decref(arr);
	return rc == 0 && !ferror(f) ? CT_OK : CT_EIO;
}

char *ct_claimreview_jsonld(const struct ct_claimreview *cr)
{
	json_t *o = review_json(cr);
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL, *out = NULL;
	size_t n = 0;

	json_decref(o);
	if (!s)
		return NULL;
	for (const char *p = s; *p; p++)
		n += (*p == '<' || *p == '>' || *p == '&') ? 6 : 1;
	out = malloc(n + 1);
	if (out) {
		char *w = out;
		for (const char *p = s; *p; p++) {
			/* Only inside strings: JSON's own syntax has none of them. */
			if (*p == '<' || *p == '>' || *p == '&') {
				snprintf(w, 7, "\\u%04x", (unsigned)*p);
				w += 6;
			} else {
				*w++ = *p;
			}
		}
		*w = '\0';
	}
	free(s);
	return out;
}
