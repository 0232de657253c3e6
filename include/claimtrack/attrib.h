/*
 * Attribution: who says what in a document.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_ATTRIB_H
#define CLAIMTRACK_ATTRIB_H

#include "claimtrack/rules.h"
#include "claimtrack/doc.h"

#ifdef __cplusplus
extern "C" {
#endif

enum ct_quote_kind {
	CT_QUOTE_DIRECT,        /* "…," X said. / X said: "…" */
	CT_QUOTE_INDIRECT,      /* X said that … */
	CT_QUOTE_ACCORDING_TO,  /* According to X, … / …, according to X. */
	CT_QUOTE_BELIEF,        /* X believes / wants / plans / hopes …: a thought
				 * or an intention reported, not words said */
};

/* "direct", "indirect", "according_to" or "belief". */
const char *ct_quote_kind_name(enum ct_quote_kind kind);

/* One attribution: who says the content at [start, end) of the body. */
struct ct_quote {
	enum ct_quote_kind kind;
	enum ct_speaker_kind speaker_kind;
	const char *speaker;    /* canonical name; NULL when not found */
	const char *mention;    /* the speaker as written here; NULL when none */
	const char *role;       /* title or role split off the name; NULL */
	const char *cue;        /* the cue as written ("said", "according to") */
	const char *via;        /* canonical name of a relaying outlet; NULL */
	size_t start, end;      /* the content, byte offsets into doc->body */
};

struct ct_attribution;

/*
 * Finds who says what in a document: direct quotes, reported speech and
 * "according to", with speakers split from their roles, resolved within
 * the document (surnames, pronouns) and canonicalized through the
 * ruleset's speaker and outlet blocks (rs may be NULL). The document must
 * outlive the result; the caller frees it with ct_attribution_free().
 */
int ct_attribute(const struct ct_ruleset *rs, const struct ct_doc *doc,
		 struct ct_attribution **out);
void ct_attribution_free(struct ct_attribution *a);
/*
 * The result keeps the document's normalized text, for ct_doc_claims() to
 * match sentences in without normalizing them again (nine bytes for each
 * byte of the body). This frees it once the claims are found; the quotes,
 * speakers and outlet stay. Optional: ct_attribution_free() frees it too.
 */
void ct_attribution_trim(struct ct_attribution *a);

/* Borrowed; valid while the attribution lives. Quotes are in text order. */
size_t ct_attribution_n_quotes(const struct ct_attribution *a);
const struct ct_quote *ct_attribution_quote(const struct ct_attribution *a, size_t i);

/* The document's outlet, canonicalized (NULL when unknown). */
const char *ct_attribution_outlet(const struct ct_attribution *a);

/*
 * The wire agency a document credits for its story: a dateline
 * ("KABUL (Reuters) - ", "WASHINGTON (AP) — ") in its first paragraphs or
 * a sign-off ("— The Associated Press", "(AFP)", "Copyright 2023 The
 * Canadian Press.") in its last, naming one of the ruleset's `agency`
 * cues (rules/attribution.cues; cue files add more). Copies the agency's
 * canonical name (its outlet block's, else as written) to out, cap bytes
 * with the NUL, and returns its length; 0 (and out "") when there is
 * none or rs is NULL.
 */
size_t ct_doc_credit(const struct ct_ruleset *rs, const struct ct_doc *doc, char *out, size_t cap);

/* The document's credited agency (ct_doc_credit()); NULL when none.
 * Borrowed; valid while the attribution lives. */
const char *ct_attribution_credit(const struct ct_attribution *a);

#ifdef __cplusplus
}
#endif
#endif
