/*
 * The copy detector's precision and recall on a set of bench/gen_copies.py.
 *
 *   copyeval DIR [--threshold T] [--min-precision P] [--min-recall R]
 *
 * Reads DIR/TRUTH (`FILE STORY KIND` lines) and each file as a document,
 * fingerprints each body (ct_fingerprint_compute()) and, over every pair,
 * counts a pair found when the two share a band key (the indexed lookup)
 * and their estimated similarity is at least the threshold; a pair is a
 * copy when both files are of one story. Prints precision and recall at
 * the threshold (default CT_FP_THRESHOLD), a curve over thresholds, the
 * pairs missed at the threshold with what their copy changed, and, for
 * comparison, SimHash's (64 bits of the same shingles) at each Hamming
 * distance. Exits 1 when precision or recall at the threshold is below a
 * floor given, 2 on bad input.
 */
#include "claimtrack/claimtrack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item {
	char name[64];
	char changes[128];
	int story;
	struct ct_fingerprint fp;
	int64_t keys[CT_FP_BANDS];
	uint64_t simhash;
};

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* SimHash of the body's shingles of CT_FP_SHINGLE_WORDS ASCII words, for
 * comparison only: each shingle's 64-bit hash votes on every bit. */
static uint64_t simhash(const char *s, size_t len)
{
	int votes[64] = { 0 };
	uint64_t ring[CT_FP_SHINGLE_WORDS], h = 0, out = 0;
	size_t n_words = 0;
	int in_word = 0;

	for (size_t i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)s[i] : ' ';
		int w = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
		if (w) {
			if (!in_word)
				h = 0xcbf29ce484222325ULL;
			in_word = 1;
			h = (h ^ (c | ((c >= 'A' && c <= 'Z') << 5))) * 0x100000001b3ULL;
			continue;
		}
		if (!in_word)
			continue;
		in_word = 0;
		ring[n_words++ % CT_FP_SHINGLE_WORDS] = h;
		if (n_words < CT_FP_SHINGLE_WORDS)
			continue;
		uint64_t sh = 0;
		for (size_t k = 0; k < CT_FP_SHINGLE_WORDS; k++)
			sh = (sh ^ ring[(n_words + k) % CT_FP_SHINGLE_WORDS]) * 0x100000001b3ULL;
		sh = mix64(sh);
		for (int b = 0; b < 64; b++)
			votes[b] += (sh >> b & 1) ? 1 : -1;
	}
	for (int b = 0; b < 64; b++)
		out |= (uint64_t)(votes[b] > 0) << b;
	return out;
}

static int share_key(const struct item *a, const struct item *b)
{
	for (size_t i = 0; i < CT_FP_BANDS; i++)
		if (a->keys[i] && a->keys[i] == b->keys[i])
			return 1;
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

#define N_T 19

int main(int argc, char **argv)
{
	const char *dir = NULL;
	double threshold = CT_FP_THRESHOLD, min_p = 0, min_r = 0;
	struct item *items = NULL;
	size_t n = 0, cap = 0;
	char path[4096], line[512];
	FILE *truth;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--threshold") && i + 1 < argc)
			threshold = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--min-precision") && i + 1 < argc)
			min_p = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--min-recall") && i + 1 < argc)
			min_r = strtod(argv[++i], NULL);
		else if (argv[i][0] != '-' && !dir)
			dir = argv[i];
		else {
			fprintf(stderr, "usage: copyeval DIR [--threshold T] [--min-precision P] "
				"[--min-recall R]\n");
			return 2;
		}
	}
	if (!dir) {
		fprintf(stderr, "copyeval: no DIR (made by bench/gen_copies.py)\n");
		return 2;
	}
	snprintf(path, sizeof path, "%s/TRUTH", dir);
	if (!(truth = fopen(path, "r"))) {
		fprintf(stderr, "copyeval: cannot read '%s': run bench/gen_copies.py %s\n", path, dir);
		return 2;
	}
	while (fgets(line, sizeof line, truth)) {
		struct item it = { 0 };
		char kind[32];
		if (sscanf(line, "%63s %d %31s %127s", it.name, &it.story, kind, it.changes) < 3)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, it.name);
		size_t len;
		char *data = slurp(path, &len);
		struct ct_doc *doc = NULL;
		if (!data || ct_doc_from_text(data, len, CT_DOC_MAX_BYTES, path, &doc) != CT_OK) {
			fprintf(stderr, "copyeval: cannot read '%s'\n", path);
			return 2;
		}
		ct_fingerprint_compute(doc->body, doc->body_len, &it.fp);
		ct_fingerprint_bands(&it.fp, it.keys);
		it.simhash = simhash(doc->body, doc->body_len);
		ct_doc_free(doc);
		free(data);
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			struct item *v = realloc(items, cap * sizeof *v);
			if (!v)
				return 2;
			items = v;
		}
		items[n++] = it;
	}
	fclose(truth);

	double ts[N_T];
	size_t tp[N_T] = { 0 }, fp[N_T] = { 0 }, pos = 0, cand = 0, cand_neg = 0;
	size_t h_tp[65] = { 0 }, h_fp[65] = { 0 };
	double max_neg = 0, min_pos = 1;
	for (int k = 0; k < N_T; k++)
		ts[k] = 0.05 * (k + 1);
	size_t at_tp = 0, at_fp = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			int same = items[i].story == items[j].story;
			int found = share_key(&items[i], &items[j]);
			double s = ct_fingerprint_similarity(&items[i].fp, &items[j].fp);
			int d = __builtin_popcountll(items[i].simhash ^ items[j].simhash);
			pos += same;
			cand += found;
			cand_neg += found && !same;
			if (same && s < min_pos)
				min_pos = s;
			if (!same && s > max_neg)
				max_neg = s;
			for (int k = 0; k < N_T; k++)
				if (found && s >= ts[k] - 1e-9) {
					tp[k] += same;
					fp[k] += !same;
				}
			for (int k = d; k <= 64; k++) {
				h_tp[k] += same;
				h_fp[k] += !same;
			}
			if (found && s >= threshold) {
				at_tp += same;
				at_fp += !same;
			} else if (same) {
				printf("missed %s %s (%s) similarity %.3f%s\n", items[i].name, items[j].name,
				       items[j].changes, s, found ? "" : ", no band shared");
			}
		}
	}
	printf("documents %zu, pairs of one story %zu, candidate pairs %zu (%zu of two stories)\n",
	       n, pos, cand, cand_neg);
	printf("similarity: lowest of one story %.3f, highest of two stories %.3f\n", min_pos, max_neg);
	printf("threshold precision recall\n");
	for (int k = 0; k < N_T; k++)
		printf("%.2f %.4f %.4f\n", ts[k], tp[k] + fp[k] ? (double)tp[k] / (tp[k] + fp[k]) : 1.0,
		       pos ? (double)tp[k] / pos : 1.0);
	printf("simhash: distance precision recall\n");
	for (int k = 0; k <= 32; k += 2)
		printf("simhash %d %.4f %.4f\n", k,
		       h_tp[k] + h_fp[k] ? (double)h_tp[k] / (h_tp[k] + h_fp[k]) : 1.0,
		       pos ? (double)h_tp[k] / pos : 1.0);
	/* As the store links them: each document, in the order of the set,
	 * to the most similar earlier one found, when any is. */
	size_t copies = 0, links = 0, right = 0;
	for (size_t j = 0; j < n; j++) {
		size_t best = n;
		double best_s = 0;
		int has_earlier = 0;
		for (size_t i = 0; i < j; i++) {
			double s = ct_fingerprint_similarity(&items[i].fp, &items[j].fp);
			has_earlier |= items[i].story == items[j].story;
			if (share_key(&items[i], &items[j]) && s >= threshold && s > best_s) {
				best = i;
				best_s = s;
			}
		}
		copies += has_earlier;
		if (best < n) {
			links++;
			right += items[best].story == items[j].story;
		}
	}
	printf("links at %.2f: %zu copies, %zu linked, %zu to their story: precision %.4f recall %.4f\n",
	       threshold, copies, links, right, links ? (double)right / links : 1.0,
	       copies ? (double)right / copies : 1.0);
	double p = at_tp + at_fp ? (double)at_tp / (at_tp + at_fp) : 1.0;
	double r = pos ? (double)at_tp / pos : 1.0;
	printf("at threshold %.2f: precision %.4f recall %.4f\n", threshold, p, r);
	free(items);
	if (p < min_p || r < min_r) {
		fprintf(stderr, "copyeval: below the floor (precision %.4f < %.2f or recall %.4f < %.2f)\n",
			p, min_p, r, min_r);
		return 1;
	}
	return 0;
}
