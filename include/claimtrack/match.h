/*
 * Matching: a matcher per thread scans text for the ruleset's patterns.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_MATCH_H
#define CLAIMTRACK_MATCH_H

#include "claimtrack/rules.h"
#include "claimtrack/text.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ct_claim {
	const struct ct_proposition *proposition;
	const struct ct_pattern *pattern;   /* the pattern that matched */
	enum ct_stance stance;  /* after polarity, negation and denial */
	bool negated;           /* a negation cue governs the match */
	bool denied;            /* a denial cue governs the match */
	bool hedged;            /* reported, not asserted */
	bool framed;            /* a framing cue disputes it ("falsely claimed") */
	bool reported;          /* a reporting verb outside the match: someone
				 * is said to speak in the sentence */
	/* Byte offsets into the text given to ct_matcher_scan(). */
	size_t sentence_start, sentence_end;
	size_t match_start, match_end;
	/* Where the deciding cues are, as offsets into the same text; valid
	 * only when the matching flag above is set. speech_cue is the
	 * reporting verb nearest before the match (else the first after). */
	struct ct_span negation_cue, denial_cue, hedge_cue, framing_cue, speech_cue;
};

/* Receives one claim (borrowed for the call); return non-zero to stop. */
typedef int (*ct_claim_fn)(const struct ct_claim *claim, void *user);

struct ct_matcher;

/*
 * Makes a matcher for one thread. The ruleset must outlive it. Warnings
 * raised while matching (a pattern that hit its match limit) go to on_diag
 * naming the rule's file and line. The caller frees it with
 * ct_matcher_free().
 */
int ct_matcher_new(const struct ct_ruleset *rs, ct_diag_fn on_diag, void *user,
		   struct ct_matcher **out);
void ct_matcher_free(struct ct_matcher *m);

/*
 * Scans one document: splits it into sentences, decides which propositions
 * apply (context patterns), matches every sentence and calls `fn` for each
 * claim, in text order. Returns CT_EABORT if `fn` asked to stop.
 */
int ct_matcher_scan(struct ct_matcher *m, const char *text, size_t len,
		    ct_claim_fn fn, void *user);

enum ct_scan_flags {
	/* Apply every proposition, as if its context patterns matched: what
	 * an `expect` line tests, since context is a document-level gate. */
	CT_SCAN_IGNORE_CONTEXT = 1 << 0,
};

/*
 * Scans text as one sentence that is also the whole document. `flags` is
 * 0 or CT_SCAN_IGNORE_CONTEXT. Offsets in the claims are into text.
 */
int ct_matcher_scan_sentence(struct ct_matcher *m, const char *text, size_t len,
			     unsigned flags, ct_claim_fn fn, void *user);

#ifdef __cplusplus
}
#endif
#endif
