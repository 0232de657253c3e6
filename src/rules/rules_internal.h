/*
 * The ruleset's layout and the rule loader, for the layers above rules:
 * limits, cues, compiled patterns, the lexicon and the prefilter. Not installed.
 */
#ifndef CT_RULES_INTERNAL_H
#define CT_RULES_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>

#include "claimtrack/rules.h"
#include "base/base.h"

/* Limits on what a rule file may hold. */
#define CT_RULES_MAX_FILE (16u << 20)   /* bytes in one rule or cue file */
#define CT_DEFINE_MAX_DEPTH 16          /* defines nested in defines */
#define CT_PATTERN_MAX_EXPANDED 65536   /* bytes of a pattern after {NAME} expansion */

/* PCRE2 limits on one match; a hostile pattern stops here, not in a hang. */
#define CT_MATCH_LIMIT 1000000u
#define CT_DEPTH_LIMIT 10000u
#define CT_HEAP_LIMIT_KIB 20480u
/* CPU time for matching one document; past it the patterns that gave up in it
 * are skipped and the others get the much lower match limit below, so that
 * hostile patterns cost nothing more while ordinary ones (far fewer steps)
 * still match the rest. */
#define CT_MATCH_BUDGET_MS 5000u
#define CT_MATCH_LIMIT_SPENT 20000u

enum ct_cue_kind {
	CT_CUE_NEGATION,      /* before a match, negates it */
	CT_CUE_POSTNEGATION,  /* after a match, negates it */
	CT_CUE_PSEUDO,        /* looks like negation, is not ("not only") */
	CT_CUE_TERMINATION,   /* ends a cue's scope ("but", ";") */
	CT_CUE_DENIAL,        /* governs reported content ("denied that") */
	CT_CUE_HEDGE,         /* reported, not asserted ("allegedly", "may") */
	CT_CUE_FRAMING,       /* the outlet disputes what it reports ("falsely claimed") */
	CT_CUE_CLAUSE,        /* a clause boundary that hedges and framing do not cross */
	/* Attribution lexicon: literal phrases, not patterns. */
	CT_CUE_SPEECH,        /* reporting verb ("said", "went on to say") */
	CT_CUE_BELIEF,        /* reports only before "that" ("believes") */
	CT_CUE_TITLE,         /* honorific or rank before a name ("General") */
	CT_CUE_GROUP,         /* head of an unnamed group ("officials") */
	CT_CUE_ORG,           /* last word of an organization ("Ministry") */
	CT_CUE_AGENCY,        /* a wire agency's name as credits write it ("AP");
				 * read by attribution's credit.c, not in the lexicon */
	CT_CUE_KINDS
};

#define CT_CUE_FIRST_LITERAL CT_CUE_SPEECH

struct ct_cue {
	enum ct_cue_kind kind;
	const char *source;
	const char *file;
	int line, col;
	pcre2_code *code;
};

struct ct_cpattern {
	struct ct_pattern pub;
	int col;              /* column of the pattern in its line */
	pcre2_code *code;     /* NULL when it failed to compile */
	uint32_t pf_id;       /* its bit in the prefilter's candidate set */
	bool pf_filtered;     /* runs only when the prefilter marks pf_id */
};

struct ct_prop {
	struct ct_proposition pub;
	struct ct_cpattern *pats;
	size_t n_pats, cap_pats;
	struct ct_expect *expects;
	size_t n_expects, cap_expects;
	bool has_context;
	int title_line, rev_line, tags_line;
	int verdict_line, rating_line, review_url_line;
};

struct ct_define {
	const char *name;
	const char *source;
	const char *file;
	int line, col;
	bool used;
	int state;            /* 0 new, 1 expanding, 2 done, 3 failed */
	char *expanded;       /* malloc'd once state is 2 */
};

struct ct_speaker {
	struct ct_speaker_def pub;
	const char **aliases;
	size_t cap_aliases;
};

struct ct_outlet {
	struct ct_outlet_def pub;
	const char **aliases, **domains;
	size_t cap_aliases, cap_domains;
};

/* One name of an outlet in the outlet index (outlets.c); free when text
 * is NULL. */
struct ct_outlet_slot {
	const char *text;       /* the name as its block gives it, borrowed */
	size_t len;             /* without a possessive 's */
	uint64_t hash;          /* word_hash() of text[0, len) */
	size_t outlet;          /* its index in rs->outlets */
};

/* One attribution-lexicon phrase, indexed by its first word. */
struct ct_lex_entry {
	const char *first;        /* the phrase's first word, lowercase */
	size_t first_len;
	const struct ct_cue *cue; /* the whole phrase and its kind */
};

struct ct_ruleset {
	struct ct_arena arena;
	uint64_t load_id;           /* ct_ruleset_load_id() */
	struct ct_lex_entry *lex;  /* literal cues sorted by first word */
	size_t n_lex;
	struct ct_prop *props;
	size_t n_props, cap_props;
	struct ct_speaker *speakers;
	size_t n_speakers, cap_speakers;
	struct ct_outlet *outlets;
	size_t n_outlets, cap_outlets;
	/* Every outlet's names hashed (ct_outlets_index()): a power of two
	 * of slots, at most half full; NULL when there are no outlets. */
	struct ct_outlet_slot *outlet_slots;
	size_t outlet_mask;
	struct ct_cue *cues;
	size_t n_cues, cap_cues;
	struct ct_define *defines;
	size_t n_defines, cap_defines;
	size_t n_files;
	struct ct_prefilter *pf;   /* NULL when off or when no pattern has atoms */
	size_t n_pf_ids;           /* patterns numbered for the prefilter */
	uint32_t *pf_prop;         /* with pf: the proposition of each pf_id */
	uint64_t *pf_always;       /* with pf: the bits of the unfiltered patterns */
	/* The regex cues' prefilter, numbered by cue index: a cue runs on a
	 * sentence only when it holds one of the cue's atoms. NULL when off
	 * or when no cue has atoms (every cue runs). */
	struct ct_prefilter *cue_pf;
	uint64_t *cue_always;      /* with cue_pf: the bits of the unfiltered cues */
	struct ct_words *words;    /* attribution's word index (rules/words.c) */
	/* Loaded from the rules cache: the mapped entry that the prefilters'
	 * tables and the codes not yet decoded lie in, and per proposition
	 * whether its patterns' codes are there (ct_pattern_code()). NULL
	 * when compiled. */
	struct ct_rules_map *map;
	atomic_uchar *decoded;
	/* Per cue, whether its code is JIT-compiled (ct_cue_code()). */
	atomic_uchar *cue_ready;
	/* Held while threads fill in what the ruleset does lazily: decoded
	 * codes, JIT-compiled cues. */
	pthread_mutex_t lazy;
	bool lazy_init;
};

/*
 * Decodes the codes of proposition i's patterns from the cache entry, once
 * (rules_cache.c); threads may call it at the same time. Codes found
 * damaged are compiled from their source instead (ct_rules_compile_late()).
 */
void ct_rules_decode(const struct ct_ruleset *rs, size_t i);

/* The code of pattern cp of proposition i, decoded on first use when the
 * rules came from the cache; NULL when it has none. */
static inline pcre2_code *ct_pattern_code(const struct ct_ruleset *rs, size_t i,
					  const struct ct_cpattern *cp)
{
	if (rs->decoded && !atomic_load_explicit(&rs->decoded[i], memory_order_acquire))
		ct_rules_decode(rs, i);
	return cp->code;
}

/*
 * JIT-compiles cue i's code, once; threads may call it at the same time.
 * A command that checks one sentence runs few of the cues: JIT-compiling
 * all of them at the load took a quarter of its time.
 */
void ct_cue_prepare(const struct ct_ruleset *rs, size_t i);

/* Regex cue i's code, JIT-compiled on first use; NULL when it has none
 * (a literal cue). */
static inline pcre2_code *ct_cue_code(const struct ct_ruleset *rs, size_t i)
{
	if (!atomic_load_explicit(&rs->cue_ready[i], memory_order_acquire))
		ct_cue_prepare(rs, i);
	return rs->cues[i].code;
}

/*
 * Compiles a pattern of a loaded ruleset from its source again, as
 * loading it did (defines expanded, word boundaries added), without
 * diagnostics: for codes that the cache holds damaged. *out is NULL when
 * that fails; the caller frees it.
 */
int ct_rules_compile_late(const struct ct_ruleset *rs, const char *src, pcre2_code **out);

/* The index of p among rs's propositions; ct_ruleset_n_propositions(rs)
 * when p is not one of them. */
size_t ct_ruleset_proposition_index(const struct ct_ruleset *rs, const struct ct_proposition *p);

struct ct_rules_cache;

/* Load state shared by the parser and the compiler. */
struct ct_loader {
	struct ct_ruleset *rs;
	const struct ct_rules_options *opts;
	int n_errors;
	struct ct_rules_cache *cache;  /* NULL without opts->cache_dir (rules_cache.c) */
	struct ct_name_set *names;     /* ids and cues seen, for duplicates (rules_parse.c) */
};

void ct_loader_diag(struct ct_loader *L, enum ct_severity sev, const char *file,
		    int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Parses one rule file's text into L->rs; problems go to diagnostics. */
int ct_rules_parse(struct ct_loader *L, const char *file, const char *text, size_t len);
/* Frees what the parser keeps between files (L->names). */
void ct_rules_parse_release(struct ct_loader *L);
/* Parses one cue file's text into L->rs. */
int ct_cues_parse(struct ct_loader *L, const char *file, const char *text, size_t len);
/*
 * The lexicon entries whose first word is w[0, n) (any case): *first is
 * the index of the first, the count is returned (0 when none).
 */
size_t ct_lex_find(const struct ct_ruleset *rs, const char *w, size_t n, size_t *first);

/*
 * Builds rs->words, attribution's index of the lexicon's first words and
 * its fixed word lists, once the lexicon is indexed (rs->lex); read-only
 * afterwards, so threads share it. Returns CT_OK or CT_ENOMEM.
 */
int ct_words_index(struct ct_ruleset *rs);
void ct_words_free(struct ct_words *w);

/*
 * Builds rs->outlet_slots, the index of the outlets' names, aliases and
 * domains, once the outlet blocks are read; read-only afterwards, so
 * threads share it. Returns CT_OK or CT_ENOMEM.
 */
int ct_outlets_index(struct ct_ruleset *rs);

/*
 * The outlet of which name[0, len) is the name, an alias or a domain, in
 * ASCII case and without a possessive 's on either side; the first such
 * outlet in the order of the blocks, and of each block's names, when
 * several are. NULL when none. The result lives as long as rs.
 */
const struct ct_outlet_def *ct_ruleset_find_outlet(const struct ct_ruleset *rs,
						   const char *name, size_t len);

/* Expands defines and compiles every pattern and cue; checks the result. */
int ct_rules_compile(struct ct_loader *L);

/* Compile flags for every pattern and cue. */
#define CT_PCRE2_FLAGS (PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS)

/* The cue files compiled into the library (from rules/stance.cues and
 * rules/attribution.cues). */
extern const char ct_builtin_cues[];
extern const size_t ct_builtin_cues_len;
extern const char ct_builtin_attribution[];
extern const size_t ct_builtin_attribution_len;

/* A set of literal atoms: lowercase ASCII, each a malloc'd string. */
struct ct_atoms {
	char **v;
	size_t n, cap;
};

void ct_atoms_release(struct ct_atoms *a);

/*
 * Works out from a pattern's expanded source a set of atoms such that any
 * match contains at least one of them (caselessly). *out is empty when no
 * such set is certain: the pattern must then always run. The caller
 * releases *out. Returns CT_OK or CT_ENOMEM.
 */
int ct_prefilter_atoms(const char *src, size_t len, struct ct_atoms *out);

/* An Aho-Corasick automaton over the atoms of many patterns; read-only
 * once compiled, so threads share it. */
struct ct_prefilter;

int ct_prefilter_new(struct ct_prefilter **out);
/* Adds pattern number `pat`'s atoms (copied). */
int ct_prefilter_add(struct ct_prefilter *pf, uint32_t pat, const struct ct_atoms *a);
/* Builds the automaton; no more adds after this. */
int ct_prefilter_compile(struct ct_prefilter *pf);
void ct_prefilter_free(struct ct_prefilter *pf);
/* Sets in `bits` the bit of every pattern one of whose atoms occurs in
 * text[0, len), ASCII caselessly; other bits are left as they are. With
 * `words` (else NULL), sets there bit w of each bits[w] it sets a bit in,
 * so that a caller can walk and clear only those. */
void ct_prefilter_scan(const struct ct_prefilter *pf, const char *text, size_t len,
		       uint64_t *bits, uint64_t *words);
/* The compiled automaton as one byte image, for the rules cache; *out is
 * malloc'd, the caller frees it. */
int ct_prefilter_save(const struct ct_prefilter *pf, unsigned char **out, size_t *len);
/* An automaton for patterns numbered below n_pats that uses the tables of
 * such an image where they lie: img (4-byte aligned) must not change and
 * must outlive it. CT_EINVAL when the image is damaged: nothing is made. */
int ct_prefilter_load(const unsigned char *img, size_t len, uint32_t n_pats,
		      struct ct_prefilter **out);

/* Ruleset's matcher-facing lookup. */
static inline struct ct_prop *ct_rs_prop(const struct ct_ruleset *rs, size_t i)
{
	return &rs->props[i];
}

#endif
