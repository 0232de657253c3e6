/*
 * Reports: the report over stored claims and its writers.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_REPORT_H
#define CLAIMTRACK_REPORT_H

#include <stdio.h>
#include "claimtrack/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A report over stored claims: per proposition, who supports and who
 * refutes it, the contradictions between them and the speakers whose stance
 * changed, over a period. A claim's date is its statement date when the
 * text gives one, else its document's publication date; `statement_date`
 * on each claim says which. Hedged claims are counted apart from asserted
 * ones and take no part in contradictions or stance changes.
 *
 * Outlets asserting in their own voice (claims of speaker kind narrator: a
 * sentence nobody is said to speak) are listed apart from the speakers, so
 * that an outlet is never shown "supporting" what it merely reported and
 * the speakers' lists hold only those said to speak. An outlet asserting
 * in its own voice is still a party: its asserted claims take part in
 * contradictions and stance changes like a speaker's, under its name.
 *
 * Built by aggregate queries, so its size does not grow with the number of
 * stored claims: the claims a report holds are samples (the newest per
 * proposition, the sides of the newest contradictions and changes).
 */
struct ct_report_options {
	const char *since, *until;            /* YYYY-MM-DD, inclusive; NULL: open */
	const char *const *propositions;      /* ids; none: all with activity */
	size_t n_propositions;
	const char *const *tags;              /* any of these tags; none: all */
	size_t n_tags;
	int64_t new_after_claim;              /* claims with a larger id are "new" */
	size_t max_claims;                    /* per proposition, newest; 0: 200 */
	size_t max_contradictions;            /* per proposition; 0: 20 */
	size_t max_changes;                   /* per proposition; 0: 20 */
	size_t max_speakers;                  /* per side of a proposition; 0: 50 */
	bool only_new;                        /* only propositions with new claims */
	bool copies;                          /* count each copy of a story's claim, not
					       * the story once */
};

/* One claim as a report shows it. */
struct ct_report_claim {
	int64_t id;
	enum ct_stance stance;
	bool hedged;
	bool is_new;                  /* id > options.new_after_claim */
	const char *framing;          /* "disputed" by the outlet's words; NULL */
	const char *speaker;          /* NULL: unknown */
	enum ct_speaker_kind speaker_kind;
	const char *role, *via, *outlet;   /* NULL when none */
	const char *date;             /* the date used: statement date or publication */
	bool statement_date;          /* true when `date` is the statement date */
	const char *published;        /* the publication date; NULL when unknown */
	const char *sentence, *match;
	int64_t document_id;
	const char *url, *title, *source;   /* of the document; NULL when unknown */
	const char *rule_file;
	int rule_line;
	bool reviewed;                /* a reviewer set one of its values (claimtrack review) */
	const char *carried_by;       /* the outlets carrying it (its story's copies), one
				       * a line, its own first; NULL: its outlet alone */
	size_t n_carried_by;          /* their number; 1 for a story without copies */
};

/* A speaker on one side of a proposition. */
struct ct_report_speaker {
	const char *name;
	enum ct_speaker_kind kind;
	const char *role;             /* latest given; NULL */
	size_t claims;                /* asserted claims on this side */
	size_t hedged;                /* hedged claims on this side */
	const char *first, *last;     /* dates */
	const char *outlets;          /* distinct outlets, ", "-joined; NULL */
	/* An outlet in its own voice: its newest claim on this side, asserted
	 * ones first (one of the proposition's claims), for the 10 outlets
	 * with the most claims per side. NULL for the others and speakers. */
	const struct ct_report_claim *sample;
	/* The speaker's page, relative to the report's folder
	 * ("speakers/NAME.html"): set by ct_report_speaker_pages(); NULL when
	 * the speaker has none (the report's speakers have none until then). */
	const char *page;
};

/* Two asserted claims of opposite stance by different parties (speakers or
 * outlets in their own voice). */
struct ct_report_contradiction {
	const struct ct_report_claim *supports, *refutes;
	bool is_new;                  /* either side is new */
};

/* A speaker (or an outlet in its own voice) whose asserted stance flipped
 * between two claims. */
struct ct_report_change {
	const char *speaker;
	const struct ct_report_claim *from, *to;
	bool is_new;                  /* `to` is new */
};

struct ct_report_proposition {
	const char *id, *title, *tags;
	int rev;
	size_t supports, refutes;             /* asserted claims, own voice too */
	size_t hedged_supports, hedged_refutes;
	size_t speakers_supporting, speakers_refuting;   /* distinct, asserted; no outlet's own voice */
	size_t documents;
	size_t n_new;                          /* new claims */
	const char *first, *last;              /* dates of its claims in the period */
	struct ct_report_claim *claims;        /* newest first, at most max_claims */
	size_t n_claims;
	struct ct_report_speaker *supporters, *refuters;   /* most claims first */
	size_t n_supporters, n_refuters;
	/* Outlets asserting in their own voice, apart from the speakers: their
	 * claims (counted in supports, refutes and the hedged counts too), the
	 * distinct outlets per side, and the outlets (kind narrator, no
	 * outlets of their own, a sample claim each for the first 10), most
	 * claims first, at most max_speakers a side. */
	size_t own_supports, own_refutes;              /* asserted */
	size_t own_hedged_supports, own_hedged_refutes;
	size_t outlets_supporting, outlets_refuting;   /* distinct, asserted */
	struct ct_report_speaker *own_supporters, *own_refuters;
	size_t n_own_supporters, n_own_refuters;
	struct ct_report_contradiction *contradictions;    /* newest first */
	size_t n_contradictions;
	size_t contradicting_pairs;            /* all pairs of parties (speakers and
						  outlets in their own voice), not only listed */
	struct ct_report_change *changes;      /* newest first */
	size_t n_changes;
	size_t all_changes;                    /* not only listed */
};

struct ct_report {
	char kind[8];                  /* "report", or "nightly" set by the caller */
	char since[11], until[11];     /* the period asked for; "" when open */
	char first[11], last[11];      /* dates of the claims in it; "" when none */
	char generated[21];            /* UTC, YYYY-MM-DDTHH:MM:SSZ */
	size_t documents, claims;
	size_t speakers;               /* distinct, of claims not in an outlet's own voice */
	size_t outlets;                /* distinct publishers of the documents */
	size_t new_claims, new_contradictions, new_changes;
	bool has_previous;             /* options.new_after_claim was set */
	int64_t max_claim;             /* highest claim id in the store */
	struct ct_report_proposition *propositions;   /* most active first */
	size_t n_propositions;
};

/*
 * Writers: the report as one JSON document (everything the HTML shows),
 * Markdown, CSV of its claims (header row; cells that a spreadsheet would
 * run as formulas are neutralised), and a self-contained HTML page (no
 * external resources, a Content-Security-Policy, every text escaped,
 * inline SVG timelines). They write to f and return CT_EIO on a write error.
 */
int ct_report_write_json(const struct ct_report *r, FILE *f);
int ct_report_write_md(const struct ct_report *r, FILE *f);
int ct_report_write_csv(const struct ct_report *r, FILE *f);
int ct_report_write_html(const struct ct_report *r, FILE *f);

/*
 * A speaker's page of a report (speakers/NAME.html): their record on the
 * report's propositions over its period, bounded like the report so that
 * writing every page stays linear in the claims. Built by
 * ct_report_build_pages() (store.h) in one scan of the claims.
 */

/* A party (a speaker, or an outlet in its own voice: one party per name)
 * with asserted claims of a stance opposite to one the speaker asserted. */
struct ct_report_opponent {
	const char *name;
	enum ct_speaker_kind kind;
	size_t claims;                /* its asserted claims of those stances */
	const char *first, *last;     /* dates; "" when none */
};

/* Most claims, changes and opponents one proposition of a page lists. */
#define CT_REPORT_PAGE_CLAIMS 10
#define CT_REPORT_PAGE_CHANGES 10
#define CT_REPORT_PAGE_OPPONENTS 10

struct ct_report_page_prop {
	const struct ct_report_proposition *prop;   /* the report's */
	size_t asserted[2], hedged[2];   /* the speaker's claims: [0] supports, [1] refutes */
	const char *first, *last;        /* dates of them; "" when none is dated */
	struct ct_report_claim *claims;  /* the newest, at most CT_REPORT_PAGE_CLAIMS,
					    oldest first; with the changes' claims */
	size_t n_claims;                 /* listed (claims[] may hold more: changes') */
	size_t n_fetched;                /* claims[] holds this many */
	struct ct_report_change *changes;  /* the newest first, at most CT_REPORT_PAGE_CHANGES */
	size_t n_changes, all_changes;
	struct ct_report_opponent *opponents;   /* most claims first, at most
						   CT_REPORT_PAGE_OPPONENTS */
	size_t n_opponents, all_opponents;      /* parties, listed and all */
	size_t opponent_claims;                 /* their claims, all of them */
};

struct ct_report_page {
	const char *name;             /* canonical */
	const char *file;             /* "speakers/NAME.html" */
	enum ct_speaker_kind kind;
	const char *role, *org;       /* from the rules' speaker block; NULL */
	size_t claims, asserted[2], hedged;   /* on the report's propositions */
	struct ct_report_page_prop *props;    /* most claims first */
	size_t n_props;
};

/*
 * Gives each named speaker listed among a proposition's supporters or
 * refuters a page, setting its `page` ("speakers/FILE.html"). FILE is made
 * of lowercase ASCII letters, digits and '-' only, from the name; a name
 * with no ASCII letter or digit, or whose FILE another name also makes,
 * gets a short hash of the name after it; so no FILE is empty, holds a
 * path separator or a dot, or is shared. pg receives the distinct names,
 * sorted, and their pages; the names point into the report, and the pages
 * (which the report's `page` fields point to) live until
 * ct_report_pages_free(pg). Returns CT_ENOMEM (nothing set) or CT_OK.
 */
struct ct_report_pages {
	const char **names;
	char **pages;
	size_t n;
};
int ct_report_speaker_pages(struct ct_report *r, struct ct_report_pages *pg);
void ct_report_pages_free(struct ct_report_pages *pg);

/* A speaker's page (what ct_report_speaker_pages() names): self-contained
 * like the report, linking back to it ("../index.html"). */
int ct_report_write_speaker_html(const struct ct_report *r, const struct ct_report_page *pg,
				 FILE *f);
/* The style sheet of the HTML report (light and dark, phone, print), for
 * pages that look like it: a static string. */
const char *ct_report_html_style(void);

/* One report in the list of reports. */
struct ct_report_index_entry {
	const char *folder;           /* relative to the index page */
	const char *kind;             /* "report" or "nightly"; NULL */
	const char *generated;        /* UTC, ISO 8601 */
	const char *since, *until;    /* NULL when open */
	size_t documents, claims, propositions;
	bool has_new;
	size_t new_claims, new_contradictions, new_changes;
};

/* The page that lists reports (entries in the order given: newest first). */
int ct_report_write_index(const struct ct_report_index_entry *e, size_t n, FILE *f);

/* ---- the nightly digest, for alerts (report_digest.c) ---- */

struct ct_digest_options {
	/* Where `claimtrack serve` runs ("https://claims.example.org"): links
	 * to BASE/claim/ID and BASE/proposition/ID. NULL: no links. */
	const char *base_url;
	const char *report_path;      /* where the report was written, said last; NULL */
	size_t max_items;             /* propositions, contradictions, changes each; 0: 10 */
};

/*
 * What is new in a report (built with new_after_claim): its headline, the
 * propositions with new claims (the newest three of each, quoted), the new
 * contradictions and the new stance changes. As plain text (for mail), or
 * as the JSON body of a Slack or Mattermost incoming webhook, {"text": …},
 * in which article text cannot make links or mentions. The subject is the
 * headline alone, on one line without a line end. CT_EIO on a write error.
 */
int ct_report_write_digest_text(const struct ct_report *r, const struct ct_digest_options *o,
				FILE *f);
int ct_report_write_digest_webhook(const struct ct_report *r, const struct ct_digest_options *o,
				   FILE *f);
int ct_report_write_digest_subject(const struct ct_report *r, FILE *f);

/* ---- ClaimReview: schema.org markup of a fact-check (claimreview.c) ---- */

/*
 * One schema.org ClaimReview: a fact-check's rating of one claim, as
 * JSON-LD. Strings are borrowed for the call; NULL leaves the property out.
 */
struct ct_claimreview {
	int64_t claim_id;
	const char *sentence;         /* the claim's sentence; required */
	const char *match;            /* what matched in it: claimReviewed is cut around it */
	const char *speaker;          /* the Claim's author; NULL: unknown (left out) */
	enum ct_speaker_kind speaker_kind;   /* person: Person; else Organization */
	const char *date;             /* the Claim's datePublished: stated, else published */
	const char *url;              /* appearance: the document's address */
	const char *title;            /* the document's title */
	const char *published;        /* the document's publication date */
	const char *outlet;           /* the document's publisher */
	/* firstAppearance: the earliest document in which the same speaker
	 * took the same stance; all NULL: this document. */
	const char *first_url, *first_title, *first_published, *first_outlet;
	const char *verdict;          /* reviewRating alternateName; required */
	int rating, rating_best;      /* ratingValue / bestRating (worstRating 1); 0: none */
	const char *review_url;       /* the ClaimReview's url: the published fact-check */
	const char *publisher;        /* the review's author (an Organization); NULL */
};

/* The longest claimReviewed, in characters: Google's fact-check guide asks
 * for fewer than 75, so that it does not wrap on a phone. */
#define CT_CLAIMREVIEWED_MAX 75

/*
 * The sentence shortened for claimReviewed: white space folded; when
 * longer than max characters, the words that matched (`match`, found in
 * the sentence; NULL or not found: from its start), themselves cut at a
 * word to fit, with "…" where the sentence goes on. malloc'd, the caller
 * frees; NULL when out of memory.
 */
char *ct_claimreview_shorten(const char *sentence, const char *match, size_t max);

/*
 * How a claim of `stance` on a proposition whose title the fact-checkers
 * rated `verdict` (rating/best, 0 when not given) is rated: a claim that
 * supports the title gets the verdict; one that refutes it gets the
 * opposite when the verdict is true-like ("True", "Correct", "Accurate":
 * "False"; "Mostly true": "Mostly false", any case), with the rating
 * mirrored on its scale (best + 1 - rating). Returns false when the claim
 * is not rated (a refutation of a verdict that is not true-like, or no
 * verdict). *alt is the verdict itself or a static string.
 */
bool ct_claimreview_rate(const char *verdict, int rating, int best, enum ct_stance stance,
			 const char **alt, int *value);

/* Writes claim reviews as a JSON-LD array, each object with its own
 * @context (so each can be taken alone). CT_EIO on a write error, CT_ENOMEM. */
int ct_claimreview_write(const struct ct_claimreview *cr, size_t n, FILE *f);

/*
 * One claim review as a compact JSON-LD object for an HTML page's
 * <script type="application/ld+json">: '<', '>' and '&' are written as
 * \u003c, \u003e and \u0026, so no text in it can end or alter the
 * element. malloc'd, the caller frees; NULL when out of memory.
 */
char *ct_claimreview_jsonld(const struct ct_claimreview *cr);

#ifdef __cplusplus
}
#endif
#endif
