/*
 * A report as one JSON document: everything the HTML page shows.
 *
 * Written straight to the stream, in the layout jansson's
 * json_dump_callback() gives with JSON_INDENT(1) | JSON_PRESERVE_ORDER
 * (which wrote it before; building the tree of a large report and freeing
 * it again cost more than all the rest of the writing). jansson's rules are
 * kept too: a string that is not valid UTF-8 is null where a value may be
 * null, and is left out of an array.
 */
#include "claimtrack/report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the writer ---- */

struct jw {
	FILE *f;
	int depth;
	bool fresh;                    /* the open container has no element yet */
	bool failed;
	size_t n;
	char buf[65536];
};

static void jw_flush(struct jw *w)
{
	if (w->n && fwrite(w->buf, 1, w->n, w->f) != w->n)
		w->failed = true;
	w->n = 0;
}

static void jw_put(struct jw *w, const char *s, size_t len)
{
	if (len > sizeof w->buf - w->n) {
		jw_flush(w);
		if (len > sizeof w->buf) {
			if (fwrite(s, 1, len, w->f) != len)
				w->failed = true;
			return;
		}
	}
	memcpy(w->buf + w->n, s, len);
	w->n += len;
}

static void jw_puts(struct jw *w, const char *s)
{
	jw_put(w, s, strlen(s));
}

/* A new line, indented one space a level. */
static void jw_newline(struct jw *w)
{
	static const char spaces[] = "                                ";

	jw_put(w, "\n", 1);
	for (int d = w->depth; d > 0; d -= (int)sizeof spaces - 1)
		jw_put(w, spaces, d < (int)sizeof spaces - 1 ? (size_t)d : sizeof spaces - 1);
}

/* Where an element of the open container starts: after a comma unless it
 * is the first, on a line of its own. */
static void jw_item(struct jw *w)
{
	if (!w->fresh)
		jw_put(w, ",", 1);
	w->fresh = false;
	jw_newline(w);
}

static void jw_open(struct jw *w, char c)
{
	jw_put(w, &c, 1);
	w->depth++;
	w->fresh = true;
}

/* Closes the open container: "{}" or "[]" when empty, else the bracket on
 * a line of its own at the container's level. */
static void jw_close(struct jw *w, char c)
{
	w->depth--;
	if (!w->fresh)
		jw_newline(w);
	jw_put(w, &c, 1);
	w->fresh = false;
}

/*
 * Whether s[0, len) is UTF-8 as jansson takes it (json_string() refuses
 * the rest): no stray continuation bytes, no overlong forms, no
 * surrogates, nothing above U+10FFFF.
 */
static bool utf8_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		unsigned char u = p[i];
		size_t count;
		uint32_t v;
		if (u < 0x80) {
			i++;
			continue;
		}
		if (u >= 0xC2 && u <= 0xDF) {
			count = 2;
			v = u & 0x1F;
		} else if (u >= 0xE0 && u <= 0xEF) {
			count = 3;
			v = u & 0x0F;
		} else if (u >= 0xF0 && u <= 0xF4) {
			count = 4;
			v = u & 0x07;
		} else {
			return false;
		}
		if (count > len - i)
			return false;
		for (size_t k = 1; k < count; k++) {
			if (p[i + k] < 0x80 || p[i + k] > 0xBF)
				return false;
			v = (v << 6) | (p[i + k] & 0x3F);
		}
		if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ||
		    (count == 2 && v < 0x80) || (count == 3 && v < 0x800) ||
		    (count == 4 && v < 0x10000))
			return false;
		i += count;
	}
	return true;
}

/* A string in quotes, escaped as jansson escapes it (s is valid UTF-8). */
static void jw_string(struct jw *w, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t run = 0;

	jw_put(w, "\"", 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc;
		char u[7];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jw_put(w, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			memcpy(u, "\\u00", 4);
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			u[6] = '\0';
			esc = u;
			break;
		}
		jw_puts(w, esc);
	}
	jw_put(w, s + run, len - run);
	jw_put(w, "\"", 1);
}

static void jw_key(struct jw *w, const char *key)
{
	jw_item(w);
	jw_string(w, key, strlen(key));
	jw_put(w, ": ", 2);
}

static void jw_int(struct jw *w, long long v)
{
	char buf[24];
	size_t i = sizeof buf;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--i] = '-';
	jw_put(w, buf + i, sizeof buf - i);
}

static void jw_bool(struct jw *w, bool v)
{
	jw_puts(w, v ? "true" : "false");
}

/* A string that may be null: NULL, "" and strings not UTF-8 are. */
static void jw_str_or_null(struct jw *w, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	if (len && utf8_ok(s, len))
		jw_string(w, s, len);
	else
		jw_puts(w, "null");
}

/* A string of ours that is ASCII (a stance, a kind). */
static void jw_ascii(struct jw *w, const char *s)
{
	jw_string(w, s, strlen(s));
}

/* An element of an array: the string, unless it is not UTF-8. */
static void jw_array_string(struct jw *w, const char *s, size_t len)
{
	if (!utf8_ok(s, len))
		return;
	jw_item(w);
	jw_string(w, s, len);
}

/* ---- the report ---- */

/* The outlets carrying a claim: the copies of its story, or its outlet. */
static void carried_json(struct jw *w, const struct ct_report_claim *c)
{
	const char *p = c->carried_by;

	jw_open(w, '[');
	if (!p) {
		if (c->outlet)
			jw_array_string(w, c->outlet, strlen(c->outlet));
	} else {
		for (;;) {
			const char *end = strchr(p, '\n');
			size_t n = end ? (size_t)(end - p) : strlen(p);
			jw_array_string(w, p, n);
			if (!end)
				break;
			p = end + 1;
		}
	}
	jw_close(w, ']');
}

static void claim_json(struct jw *w, const struct ct_report_claim *c)
{
	jw_open(w, '{');
	jw_key(w, "id");
	jw_int(w, (long long)c->id);
	jw_key(w, "stance");
	jw_ascii(w, ct_stance_name(c->stance));
	jw_key(w, "hedged");
	jw_bool(w, c->hedged);
	jw_key(w, "new");
	jw_bool(w, c->is_new);
	jw_key(w, "speaker");
	jw_str_or_null(w, c->speaker);
	jw_key(w, "speaker_kind");
	jw_ascii(w, ct_speaker_kind_name(c->speaker_kind));
	jw_key(w, "role");
	jw_str_or_null(w, c->role);
	jw_key(w, "via");
	jw_str_or_null(w, c->via);
	jw_key(w, "outlet");
	jw_str_or_null(w, c->outlet);
	jw_key(w, "date");
	jw_str_or_null(w, c->date);
	jw_key(w, "date_kind");
	jw_ascii(w, c->statement_date ? "statement" : "publication");
	jw_key(w, "published");
	jw_str_or_null(w, c->published);
	jw_key(w, "sentence");
	jw_str_or_null(w, c->sentence);
	jw_key(w, "match");
	jw_str_or_null(w, c->match);
	jw_key(w, "document");
	jw_open(w, '{');
	jw_key(w, "id");
	jw_int(w, (long long)c->document_id);
	jw_key(w, "url");
	jw_str_or_null(w, c->url);
	jw_key(w, "title");
	jw_str_or_null(w, c->title);
	jw_key(w, "source");
	jw_str_or_null(w, c->source);
	jw_close(w, '}');
	jw_key(w, "rule");
	jw_open(w, '{');
	jw_key(w, "file");
	jw_str_or_null(w, c->rule_file);
	jw_key(w, "line");
	jw_int(w, c->rule_line);
	jw_close(w, '}');
	jw_key(w, "framing");
	jw_str_or_null(w, c->framing);
	jw_key(w, "reviewed");
	jw_bool(w, c->reviewed);
	jw_key(w, "carried_by");
	carried_json(w, c);
	jw_close(w, '}');
}

static void speakers_json(struct jw *w, const struct ct_report_speaker *v, size_t n)
{
	jw_open(w, '[');
	for (size_t i = 0; i < n; i++) {
		jw_item(w);
		jw_open(w, '{');
		jw_key(w, "name");
		jw_str_or_null(w, v[i].name);
		jw_key(w, "kind");
		jw_ascii(w, ct_speaker_kind_name(v[i].kind));
		jw_key(w, "role");
		jw_str_or_null(w, v[i].role);
		jw_key(w, "claims");
		jw_int(w, (long long)v[i].claims);
		jw_key(w, "hedged");
		jw_int(w, (long long)v[i].hedged);
		jw_key(w, "first");
		jw_str_or_null(w, v[i].first);
		jw_key(w, "last");
		jw_str_or_null(w, v[i].last);
		jw_key(w, "outlets");
		jw_str_or_null(w, v[i].outlets);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void tags_json(struct jw *w, const char *tags)
{
	const char *p = tags ? tags : "";

	jw_open(w, '[');
	while (*p) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n)
			jw_array_string(w, p, n);
		p += n;
		while (*p == ' ')
			p++;
	}
	jw_close(w, ']');
}

/* Outlets in their own voice: each with its counts and its sample claim. */
static void own_outlets_json(struct jw *w, const struct ct_report_speaker *v, size_t n)
{
	jw_open(w, '[');
	for (size_t i = 0; i < n; i++) {
		jw_item(w);
		jw_open(w, '{');
		jw_key(w, "name");
		jw_str_or_null(w, v[i].name);
		jw_key(w, "claims");
		jw_int(w, (long long)v[i].claims);
		jw_key(w, "hedged");
		jw_int(w, (long long)v[i].hedged);
		jw_key(w, "first");
		jw_str_or_null(w, v[i].first);
		jw_key(w, "last");
		jw_str_or_null(w, v[i].last);
		jw_key(w, "sample");
		if (v[i].sample)
			claim_json(w, v[i].sample);
		else
			jw_puts(w, "null");
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void own_voice_json(struct jw *w, const struct ct_report_proposition *p)
{
	jw_open(w, '{');
	jw_key(w, "supports");
	jw_int(w, (long long)p->own_supports);
	jw_key(w, "refutes");
	jw_int(w, (long long)p->own_refutes);
	jw_key(w, "hedged_supports");
	jw_int(w, (long long)p->own_hedged_supports);
	jw_key(w, "hedged_refutes");
	jw_int(w, (long long)p->own_hedged_refutes);
	jw_key(w, "outlets_supporting");
	jw_int(w, (long long)p->outlets_supporting);
	jw_key(w, "outlets_refuting");
	jw_int(w, (long long)p->outlets_refuting);
	jw_key(w, "supporters");
	own_outlets_json(w, p->own_supporters, p->n_own_supporters);
	jw_key(w, "refuters");
	own_outlets_json(w, p->own_refuters, p->n_own_refuters);
	jw_close(w, '}');
}

static void count(struct jw *w, const char *key, size_t n)
{
	jw_key(w, key);
	jw_int(w, (long long)n);
}

static void proposition_json(struct jw *w, const struct ct_report_proposition *p)
{
	jw_open(w, '{');
	jw_key(w, "id");
	jw_string(w, p->id, strlen(p->id));
	jw_key(w, "title");
	jw_str_or_null(w, p->title);
	jw_key(w, "rev");
	jw_int(w, p->rev);
	jw_key(w, "tags");
	tags_json(w, p->tags);
	jw_key(w, "counts");
	jw_open(w, '{');
	count(w, "supports", p->supports);
	count(w, "refutes", p->refutes);
	count(w, "hedged_supports", p->hedged_supports);
	count(w, "hedged_refutes", p->hedged_refutes);
	count(w, "speakers_supporting", p->speakers_supporting);
	count(w, "speakers_refuting", p->speakers_refuting);
	count(w, "documents", p->documents);
	count(w, "new", p->n_new);
	jw_close(w, '}');
	jw_key(w, "first");
	jw_str_or_null(w, p->first);
	jw_key(w, "last");
	jw_str_or_null(w, p->last);
	jw_key(w, "supporters");
	speakers_json(w, p->supporters, p->n_supporters);
	jw_key(w, "refuters");
	speakers_json(w, p->refuters, p->n_refuters);
	jw_key(w, "own_voice");
	own_voice_json(w, p);
	jw_key(w, "contradictions");
	jw_open(w, '[');
	for (size_t i = 0; i < p->n_contradictions; i++) {
		jw_item(w);
		jw_open(w, '{');
		jw_key(w, "supports");
		claim_json(w, p->contradictions[i].supports);
		jw_key(w, "refutes");
		claim_json(w, p->contradictions[i].refutes);
		jw_key(w, "new");
		jw_bool(w, p->contradictions[i].is_new);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	count(w, "contradicting_pairs", p->contradicting_pairs);
	jw_key(w, "changes");
	jw_open(w, '[');
	for (size_t i = 0; i < p->n_changes; i++) {
		jw_item(w);
		jw_open(w, '{');
		jw_key(w, "speaker");
		jw_str_or_null(w, p->changes[i].speaker);
		jw_key(w, "from");
		claim_json(w, p->changes[i].from);
		jw_key(w, "to");
		claim_json(w, p->changes[i].to);
		jw_key(w, "new");
		jw_bool(w, p->changes[i].is_new);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	count(w, "all_changes", p->all_changes);
	jw_key(w, "claims");
	jw_open(w, '[');
	for (size_t i = 0; i < p->n_claims; i++) {
		jw_item(w);
		claim_json(w, &p->claims[i]);
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

int ct_report_write_json(const struct ct_report *r, FILE *f)
{
	struct jw *w = calloc(1, sizeof *w);
	int rc;

	if (!w)
		return CT_ENOMEM;
	w->f = f;
	jw_open(w, '{');
	jw_key(w, "format");
	jw_int(w, 1);
	jw_key(w, "kind");
	jw_ascii(w, r->kind);
	jw_key(w, "generated");
	jw_ascii(w, r->generated);
	jw_key(w, "period");
	jw_open(w, '{');
	jw_key(w, "since");
	jw_str_or_null(w, r->since);
	jw_key(w, "until");
	jw_str_or_null(w, r->until);
	jw_close(w, '}');
	jw_key(w, "first");
	jw_str_or_null(w, r->first);
	jw_key(w, "last");
	jw_str_or_null(w, r->last);
	jw_key(w, "summary");
	jw_open(w, '{');
	count(w, "documents", r->documents);
	count(w, "claims", r->claims);
	count(w, "speakers", r->speakers);
	count(w, "outlets", r->outlets);
	count(w, "propositions", r->n_propositions);
	jw_close(w, '}');
	jw_key(w, "new");
	if (r->has_previous) {
		jw_open(w, '{');
		count(w, "claims", r->new_claims);
		count(w, "contradictions", r->new_contradictions);
		count(w, "changes", r->new_changes);
		jw_close(w, '}');
	} else {
		jw_puts(w, "null");
	}
	jw_key(w, "max_claim");
	jw_int(w, (long long)r->max_claim);
	jw_key(w, "propositions");
	jw_open(w, '[');
	for (size_t i = 0; i < r->n_propositions; i++) {
		const char *id = r->propositions[i].id;
		/* jansson left out a proposition whose id it could not take. */
		if (!id || !utf8_ok(id, strlen(id)))
			continue;
		jw_item(w);
		proposition_json(w, &r->propositions[i]);
	}
	jw_close(w, ']');
	jw_close(w, '}');
	jw_put(w, "\n", 1);
	jw_flush(w);
	rc = w->failed || ferror(f) ? CT_EIO : CT_OK;
	free(w);
	return rc;
}
