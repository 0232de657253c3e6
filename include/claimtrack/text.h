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

#ifdef __cplusplus
}
#endif
#endif
