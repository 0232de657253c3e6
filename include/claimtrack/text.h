/*
 * Text: spans, sentence segmentation and normalization for matching.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_TEXT_H
#define CLAIMTRACK_TEXT_H

#include "claimtrack/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ct_span { size_t start, end; };

/*
 * Splits text into sentences, skipping blank space between them. Paragraph
 * breaks (a blank line) and a line without terminal punctuation followed by
 * a line break end a sentence. *out is malloc'd (caller frees); *n_out is
 * its length.
 */
int ct_segment_sentences(const char *text, size_t len,
			 struct ct_span **out, size_t *n_out);

/*
 * Normalizes text for matching: whitespace runs become one space, curly
 * quotes and apostrophes become '"' and '\'', en/em dashes become '-'.
 * *out is a NUL-terminated malloc'd string; *map (malloc'd, *n_out + 1
 * entries) gives for each output byte the offset of the input byte it came
 * from, and map[*n_out] == len. The caller frees both.
 */
int ct_normalize(const char *text, size_t len, char **out, size_t **map,
		 size_t *n_out);

/*
 * Fingerprints of document bodies, to find copies of one story (a wire
 * story carried by many outlets, with its own headline, lead, byline,
 * boilerplate or a few edits) and not two stories on one topic: MinHash
 * of shingles of CT_FP_SHINGLE_WORDS words (letters and digits of any
 * script, ASCII case folded; punctuation and spacing do not count).
 * ct_fingerprint_similarity() estimates the share of shingles two bodies
 * have in common (Jaccard); CT_FP_THRESHOLD is the default at or above
 * which they are one story. To find the candidates of a new body among
 * many, keep each body's band keys (ct_fingerprint_bands()) in an indexed
 * table: two bodies of similarity s share at least one key with
 * probability 1 - (1 - s^CT_FP_ROWS)^CT_FP_BANDS (0.68 at s = 0.3, 0.94
 * at 0.4, 0.996 at 0.5; 0.04 at 0.1, 0.005 at 0.05), so one indexed
 * lookup per band finds them at any size of the archive; then compare
 * the candidates' signatures. A copy of a story carried several times
 * needs to meet only one earlier copy. Measured on bench/gen_copies.py's
 * set (tests/copies.sh): why these numbers, in src/text/fingerprint.c.
 */
#define CT_FP_SLOTS_LOG2 7
#define CT_FP_SLOTS (1u << CT_FP_SLOTS_LOG2)   /* values in a signature */
#define CT_FP_ROWS 3                          /* values per band */
#define CT_FP_BANDS (CT_FP_SLOTS / CT_FP_ROWS) /* band keys per body: 42 */
#define CT_FP_SHINGLE_WORDS 7
#define CT_FP_THRESHOLD 0.3                   /* default: same story at or above */

/* A body's signature: caller-owned, no pointers, stored as it is (the
 * values are the same on every platform). */
struct ct_fingerprint {
	uint32_t min[CT_FP_SLOTS];
	uint32_t n_shingles;    /* 0: no words, similar to nothing */
};

/*
 * Computes the signature of text[0, len) (UTF-8; invalid bytes are read
 * one at a time) into *fp. One pass, constant work per word, nothing
 * allocated.
 */
void ct_fingerprint_compute(const char *text, size_t len, struct ct_fingerprint *fp);

/* The estimated share of shingles a and b have in common, 0 to 1; 0 when
 * either has no words. */
double ct_fingerprint_similarity(const struct ct_fingerprint *a, const struct ct_fingerprint *b);

/*
 * The band keys of a signature, to index: two bodies are candidates when
 * they share a key (the band's number is hashed into its key, so keys of
 * different bands never meet). Never 0, except that a body without words
 * has only 0 keys, which are not to be indexed.
 */
void ct_fingerprint_bands(const struct ct_fingerprint *fp, int64_t keys[CT_FP_BANDS]);

/*
 * Stems word[0, len) in place with Porter's algorithm (lowercase ASCII
 * letters only: any other word, or one of 2 letters or fewer or over 64, is
 * left as it is) and NUL-terminates it (word has room for len + 1 bytes).
 * Returns the stem's length, at most len.
 */
size_t ct_stem(char *word, size_t len);

#ifdef __cplusplus
}
#endif
#endif
