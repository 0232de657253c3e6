/*
 * Matching over sentences already split, for the claims layer. Not installed.
 */
#ifndef CT_MATCH_INTERNAL_H
#define CT_MATCH_INTERNAL_H

#include "claimtrack/match.h"
#include "text/text_internal.h"

/*
 * ct_matcher_scan() over sentences already split. whole (may be NULL) is
 * text's normalization: sentences for which ct_normalize_slice_same()
 * holds are matched in it rather than normalized again.
 */
int ct_matcher_scan_spans(struct ct_matcher *m, const char *text, size_t len,
			  const struct ct_span *sent, size_t n, const struct ct_norm_view *whole,
			  ct_claim_fn fn, void *user);

#endif
