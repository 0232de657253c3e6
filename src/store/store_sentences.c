/*
 * The sentence index (db/010, db/013): every sentence of every stored text,
 * keyed by document id * 2^32 + start offset, as its terms (claimtrack's
 * own words, stop words and stemming, the same on both backends) in
 * SQLite's FTS5 or PostgreSQL's tsvector, written when a text is taken off
 * the queue of those stored since (db/011, store_similar.c); and the terms
 * a sentence is looked up by. Ranking is store_similar.c's.
 */
#include "store/store_internal.h"
#include "claimtrack/similar.h"

#include <stdlib.h>
#include <string.h>

/* The most words looked up for one sentence. */
#define MAX_TERMS 64

/* A sentence's key in the index: its document's id * 2^32 + its start. */
#define KEY(doc, start) (((int64_t)(doc) << 32) | (int64_t)(start))

/* ---- the words of a sentence ---- */

/*
 * Words too common to tell two sentences apart, sorted, left out of the
 * index and of queries: Snowball's English stop words (those of
 * PostgreSQL's 'english' configuration), and verbs of reporting ("said",
 * "according"), which say who speaks, not what is claimed: a claim quoted
 * and the same claim reported differ in them alone. Without them every
 * sentence that has "the" would be found.
 */
static const char *const stop_words[] = {
	"a", "about", "above", "according", "added", "adds", "after", "again", "against", "all",
	"am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being",
	"below", "between", "both", "but", "by", "can", "did", "do", "does", "doing", "don",
	"down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having",
	"he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in",
	"into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no",
	"nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
	"ourselves", "out", "over", "own", "s", "said", "same", "say", "says", "she", "should",
	"so", "some", "stated", "such", "t", "tells", "than", "that", "the", "their", "theirs",
	"them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to",
	"told", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
	"where", "which", "while", "who", "whom", "why", "will", "with", "you", "your", "yours",
	"yourself", "yourselves",
};

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_stop_word(const char *w)
{
	return bsearch(&w, stop_words, sizeof stop_words / sizeof *stop_words, sizeof *stop_words,
		       cmp_word) != NULL;
}

/*
 * The length of the word character at p (1-4 bytes), or 0 when p starts a
 * separator: ASCII other than letters and digits, and the punctuation and
 * spaces of Latin-1 (U+0080-U+00BF), General Punctuation (U+2000-U+206F:
 * curly quotes, dashes) and CJK punctuation (U+3000-U+303F).
 */
static size_t word_char(const unsigned char *p, const unsigned char *end)
{
	size_t n;

	if (*p < 0x80)
		return (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
	if (*p < 0xc0)
		return 0;   /* a byte inside a character: invalid here */
	n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
	if ((size_t)(end - p) < n)
		return 0;
	if (*p == 0xc2)
		return 0;
	if (*p == 0xe2 && (p[1] == 0x80 || p[1] == 0x81))
		return 0;
	if (*p == 0xe3 && p[1] == 0x80)
		return 0;
	return n;
}

/* The length of the separator at p: the whole character, so that a word
 * does not start inside a curly quote. */
static size_t separator_len(const unsigned char *p, const unsigned char *end)
{
	size_t n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 1;

	return (size_t)(end - p) < n ? (size_t)(end - p) : n;
}

/*
 * The terms of text[0, len) into out (a NUL-terminated string of at most
 * size - 1 bytes), space-separated, in their order: its words lowercased
 * (ASCII letters), without stop words, stemmed (ct_stem()), each once, at
 * most max of them. Words over 63 bytes are left out. Returns how many.
 * The index holds these terms and a query looks them up: SQLite and
 * PostgreSQL see the same words, split and stemmed by this one function.
 */
static size_t terms_of(const char *text, size_t len, size_t max, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + len;
	size_t n = 0, used = 0;

	if (!size)
		return 0;
	out[0] = '\0';
	while (p < end && n < max) {
		char word[64];
		size_t w = 0, c;
		bool fits = true;
		while (p < end && !word_char(p, end))
			p += separator_len(p, end);
		while (p < end && (c = word_char(p, end)) != 0) {
			if (w + c < sizeof word) {
				for (size_t i = 0; i < c; i++)
					word[w++] = (char)(c == 1 && p[i] >= 'A' && p[i] <= 'Z'
							   ? p[i] | 0x20 : p[i]);
			} else {
				fits = false;
			}
			p += c;
		}
		word[w] = '\0';
		if (!w || !fits || is_stop_word(word))
			continue;
		w = ct_stem(word, w);
		/* Already there: the index counts a sentence's term once. */
		for (const char *q = out; *q; ) {
			size_t k = strcspn(q, " ");
			if (k == w && memcmp(q, word, w) == 0) {
				w = 0;
				break;
			}
			q += k + (q[k] == ' ');
		}
		if (!w || used + (used > 0) + w + 1 > size)
			continue;
		if (used)
			out[used++] = ' ';
		memcpy(out + used, word, w + 1);
		used += w;
		n++;
	}
	return n;
}

size_t ct_similar_terms(const char *text, char *out, size_t size)
{
	return terms_of(text ? text : "", text ? strlen(text) : 0, MAX_TERMS, out, size);
}

/* ---- indexing ---- */

/* The most terms indexed for one sentence, and their bytes. */
#define MAX_SENTENCE_TERMS 256
#define TERMS_SIZE 4096

/*
 * A sentence's terms go in as they are: SQLite's FTS5 table splits them
 * with its 'ascii' tokenizer (ASCII letters and digits, and every byte
 * above 127, are a term's; the rest separates), which finds ours and
 * changes none; PostgreSQL makes the tsvector of the array. The count of
 * sentences and of their terms (db/013) is the ranking's average length.
 */
static const char lite_insert_sql[] =
	"INSERT INTO sentence_index (rowid, terms) VALUES (?1, ?2)";
static const char lite_stats_sql[] =
	"UPDATE sentence_index_stats SET sentences = sentences + ?1, terms = terms + ?2";
static const char pg_insert_sql[] =
	"WITH ins AS (INSERT INTO sentence_index (id, tsv) SELECT k.i * 4294967296 + u.s, "
	"array_to_tsvector(string_to_array(u.t, ' ')) "
	"FROM unnest(CAST(?2 AS bigint[]), CAST(?3 AS text[])) AS u(s, t), "
	"(SELECT coalesce(CAST(?1 AS bigint), current_setting('ct.doc')::bigint) AS i) AS k "
	"WHERE k.i <> 0 ON CONFLICT (id) DO NOTHING RETURNING length(tsv) AS n) "
	"UPDATE sentence_index_stats SET sentences = sentences + (SELECT count(*) FROM ins), "
	"terms = terms + (SELECT coalesce(sum(n), 0) FROM ins)";

/* Appends text[0, n) to b as an element of a PostgreSQL array literal. */
static int pg_element(struct ct_buf *b, const char *text, size_t n)
{
	int rc = ct_buf_addc(b, '"');

	for (size_t i = 0; i < n && rc == CT_OK; i++) {
		if (text[i] == '"' || text[i] == '\\')
			rc = ct_buf_addc(b, '\\');
		if (rc == CT_OK)
			rc = ct_buf_addc(b, text[i]);
	}
	return rc == CT_OK ? ct_buf_addc(b, '"') : rc;
}

/* PostgreSQL: the document's sentences in one statement (one round trip). */
static int index_pg(struct ct_store *s, int64_t id, const struct ct_doc *doc)
{
	struct ct_buf starts = CT_BUF_INIT(0), texts = CT_BUF_INIT(0);
	char terms[TERMS_SIZE];
	struct binder b;
	size_t n = 0;
	int rc = ct_buf_addc(&starts, '{');

	if (rc == CT_OK)
		rc = ct_buf_addc(&texts, '{');
	for (size_t i = 0; i < doc->n_sentences && rc == CT_OK; i++) {
		const struct ct_span *sp = &doc->sentences[i];
		if (!terms_of(doc->body + sp->start, sp->end - sp->start, MAX_SENTENCE_TERMS,
			      terms, sizeof terms))
			continue;
		rc = ct_buf_addf(&starts, "%s%zu", n ? "," : "", sp->start);
		if (rc == CT_OK && n)
			rc = ct_buf_addc(&texts, ',');
		if (rc == CT_OK)
			rc = pg_element(&texts, terms, strlen(terms));
		n++;
	}
	if (rc == CT_OK)
		rc = ct_buf_addc(&starts, '}');
	if (rc == CT_OK)
		rc = ct_buf_addc(&texts, '}');
	if (rc != CT_OK) {
		rc = ct_store_fail(s, rc, "out of memory");
		goto out;
	}
	if (!n)
		goto out;
	b = (struct binder){ NULL, DB_OK };
	if ((rc = ct_store_prepare_kept(s, pg_insert_sql, &b.st)) != CT_OK)
		goto out;
	b_id(&b, 1, id);   /* 0: the deferred document (store_sql.c) */
	if (b.rc == DB_OK)
		b.rc = db_bind_text(b.st, 2, starts.p, (int64_t)starts.len);
	if (b.rc == DB_OK)
		b.rc = db_bind_text(b.st, 3, texts.p, (int64_t)texts.len);
	rc = ct_store_run(s, &b, NULL);
	ct_store_unprepare(s, b.st);
out:
	ct_buf_release(&starts);
	ct_buf_release(&texts);
	return rc;
}

/*
 * Adds the sentences of doc, stored as document id, to the index, inside
 * the caller's transaction: for a text taken off the queue (db/011), or
 * when the whole index is built again. A sentence without a term (only
 * stop words, numbers' punctuation) is not indexed: nothing finds it.
 */
int ct_store_index_sentences(struct ct_store *s, int64_t id, const struct ct_doc *doc)
{
	struct binder b = { NULL, DB_OK };
	char terms[TERMS_SIZE];
	int64_t n = 0, n_terms = 0;
	int rc = CT_OK;

	if (!doc->n_sentences)
		return CT_OK;
	if (ct_store_is_pg(s))
		return index_pg(s, id, doc);
	if ((rc = ct_store_prepare_kept(s, lite_insert_sql, &b.st)) != CT_OK)
		return rc;
	for (size_t i = 0; i < doc->n_sentences && rc == CT_OK; i++) {
		const struct ct_span *sp = &doc->sentences[i];
		size_t k = terms_of(doc->body + sp->start, sp->end - sp->start, MAX_SENTENCE_TERMS,
				    terms, sizeof terms);
		if (!k)
			continue;
		b.rc = DB_OK;
		b_int(&b, 1, KEY(id, sp->start));
		b_text(&b, 2, terms);
		rc = ct_store_run(s, &b, NULL);
		n++;
		n_terms += (int64_t)k;
	}
	ct_store_unprepare(s, b.st);
	if (rc != CT_OK || !n)
		return rc;
	b = (struct binder){ NULL, DB_OK };
	if ((rc = ct_store_prepare_kept(s, lite_stats_sql, &b.st)) != CT_OK)
		return rc;
	b_int(&b, 1, n);
	b_int(&b, 2, n_terms);
	rc = ct_store_run(s, &b, NULL);
	ct_store_unprepare(s, b.st);
	return rc;
}
