/*
 * Rules: rule and cue files loaded into a read-only ruleset.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_RULES_H
#define CLAIMTRACK_RULES_H

#include "claimtrack/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ct_proposition {
	const char *id;
	const char *title;
	int rev;
	const char *tags;        /* space separated, "" when none */
	const char *file;        /* rule file it was defined in */
	int line;                /* line of the `proposition` directive */
	char fingerprint[17];    /* hex FNV-1a 64 of its normalized patterns */
	/* The fact-checkers' judgement, for ClaimReview (all optional; none
	 * is part of the fingerprint: changing them needs no rematch). */
	const char *verdict;     /* `verdict TEXT` ("False", "Misleading"); NULL */
	int rating, rating_best; /* `rating N/BEST`, 1 <= N <= BEST; 0 when not given */
	const char *review_url;  /* `review-url URL`, the published fact-check; NULL */
};

enum ct_pattern_kind {
	CT_PAT_SUPPORTS, CT_PAT_REFUTES, CT_PAT_EXCEPT, CT_PAT_CONTEXT
};

struct ct_pattern {
	enum ct_pattern_kind kind;
	const char *source;      /* as written in the rule file */
	const char *file;
	int line;
};

struct ct_expect {
	enum ct_stance stance;
	const char *text;
	const char *file;
	int line;
};

struct ct_speaker_def {
	const char *name;
	const char *role;        /* NULL when not given */
	const char *org;         /* NULL when not given */
	const char *const *aliases;
	size_t n_aliases;
	const char *file;
	int line;
};

struct ct_outlet_def {
	const char *name;
	const char *const *aliases;
	size_t n_aliases;
	const char *const *domains;
	size_t n_domains;
	const char *file;
	int line;
};

struct ct_ruleset;

struct ct_rules_options {
	ct_diag_fn on_diag;      /* may be NULL: diagnostics are dropped */
	void *user;
	bool no_builtin_cues;    /* skip the cue lists compiled into the library */
	bool no_prefilter;       /* run every pattern on every sentence (for comparison) */
	/* A folder for compiled rule sets, made when missing; NULL: no cache.
	 * An entry is used only for the same files, bytes, options, PCRE2 and
	 * claimtrack build; any other or damaged entry is compiled afresh. */
	const char *cache_dir;
};

/*
 * Loads rule files (*.rules) and cue files (*.cues) from the given paths;
 * a folder is read for those files, sorted by name, not recursively. Every
 * problem goes to opts->on_diag. Returns CT_ERULES when any error was
 * reported (warnings alone do not fail) and CT_EIO when a path cannot be
 * read. On CT_OK *out is a ruleset the caller frees with ct_ruleset_free().
 */
int ct_rules_load(const char *const *paths, size_t n_paths,
		  const struct ct_rules_options *opts, struct ct_ruleset **out);

/*
 * Like ct_rules_load() for one in-memory rule text; `name` is used as the
 * file name in diagnostics and in the propositions.
 */
int ct_rules_load_string(const char *name, const char *text, size_t len,
			 const struct ct_rules_options *opts,
			 struct ct_ruleset **out);

void ct_ruleset_free(struct ct_ruleset *rs);

/* Borrowed views, valid as long as the ruleset lives. */
size_t ct_ruleset_n_propositions(const struct ct_ruleset *rs);
const struct ct_proposition *ct_ruleset_proposition(const struct ct_ruleset *rs, size_t i);
size_t ct_proposition_n_patterns(const struct ct_ruleset *rs, size_t i);
const struct ct_pattern *ct_proposition_pattern(const struct ct_ruleset *rs, size_t i, size_t j);
size_t ct_proposition_n_expects(const struct ct_ruleset *rs, size_t i);
const struct ct_expect *ct_proposition_expect(const struct ct_ruleset *rs, size_t i, size_t j);
size_t ct_ruleset_n_speakers(const struct ct_ruleset *rs);
const struct ct_speaker_def *ct_ruleset_speaker(const struct ct_ruleset *rs, size_t i);
size_t ct_ruleset_n_outlets(const struct ct_ruleset *rs);
const struct ct_outlet_def *ct_ruleset_outlet(const struct ct_ruleset *rs, size_t i);
size_t ct_ruleset_n_files(const struct ct_ruleset *rs);

#ifdef __cplusplus
}
#endif
#endif
