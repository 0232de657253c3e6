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

#ifdef __cplusplus
}
#endif
#endif
