/*
 * The compiled-rules cache (rules_cache.c): what ct_rules_compile() makes
 * from a set of rule and cue files (PCRE2 codes, the prefilter automaton,
 * fingerprints), kept in a file so that the next load of the same files
 * skips compiling. Internal to the loader.
 */
#ifndef CT_RULES_CACHE_H
#define CT_RULES_CACHE_H

#include "rules/rules_internal.h"

/*
 * Starts a cache key for a load with these options; *out is NULL when
 * opts->cache_dir is NULL. Free with ct_rules_cache_free().
 */
int ct_rules_cache_new(const struct ct_rules_options *opts, struct ct_rules_cache **out);
void ct_rules_cache_free(struct ct_rules_cache *c);

/* Adds one loaded file, in load order: its name and its exact bytes. */
void ct_rules_cache_add_file(struct ct_rules_cache *c, const char *name, const char *text,
			     size_t len);

/*
 * Fills the parsed ruleset rs with the compiled entry for these files:
 * every pattern's and regex cue's code (not JIT-compiled), prefilter
 * numbers and automaton, fingerprints. Returns CT_OK when it did; any other
 * result (no entry, another key, a damaged or truncated file) leaves rs as
 * it was, to be compiled.
 */
int ct_rules_cache_load(struct ct_rules_cache *c, struct ct_ruleset *rs);

/*
 * Writes the entry for rs, compiled without errors, atomically (a
 * temporary file renamed over the old entry). Best effort: a cache that
 * cannot be written changes nothing else.
 */
int ct_rules_cache_save(struct ct_rules_cache *c, const struct ct_ruleset *rs);

/*
 * Notes that expect sentence `expect` of proposition `prop` is matched by
 * both its pattern `sup` (a supports one) and `ref` (a refutes one), for
 * the entry to keep; nothing when c is NULL. ct_rules_cache_ambiguous()
 * gives the ones noted or, after a load, those the entry kept, in order:
 * *v holds 4 numbers (prop, expect, sup, ref) per one. The numbers are
 * indexes, and a load checks them against the rules.
 */
int ct_rules_cache_add_ambiguous(struct ct_rules_cache *c, uint32_t prop, uint32_t expect,
				 uint32_t sup, uint32_t ref);
size_t ct_rules_cache_ambiguous(const struct ct_rules_cache *c, const uint32_t **v);

/* The entry's file name (in the cache folder), or NULL before any file was added. */
const char *ct_rules_cache_path(struct ct_rules_cache *c);

#endif
