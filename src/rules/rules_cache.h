/*
 * The compiled-rules cache (rules_cache.c): what ct_rules_compile() makes
 * from a set of rule and cue files (PCRE2 codes, the prefilter automaton,
 * fingerprints), kept in a file so that the next load of the same files
 * skips compiling. Internal to the loader.
 */
#ifndef CT_RULES_CACHE_H
#define CT_RULES_CACHE_H

#include "rules/rules_internal.h"
#include "base/sha256.h"

/* The parts of an entry, after its head (rules_cache.c). */
enum { CT_CACHE_INDEX, CT_CACHE_CODES, CT_CACHE_PF, CT_CACHE_CUE_PF, CT_CACHE_PARTS };

/* The head of an entry; here so that tests can find the parts. */
struct ct_rules_cache_head {
	char magic[8];               /* "ctrules\0" */
	uint32_t format;             /* CACHE_FORMAT */
	uint32_t byte_order;         /* BYTE_ORDER_MARK as written */
	unsigned char key[CT_SHA256_LEN];
	uint64_t file_len;
	struct { uint64_t off, len; } part[CT_CACHE_PARTS];  /* len 0: none */
	uint64_t index_sum;          /* checksum of the index part */
	uint64_t head_sum;           /* checksum of the head before this */
};
_Static_assert(sizeof(struct ct_rules_cache_head) == 136, "the head has no padding");

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
 * the regex cues' codes and those of patterns the prefilter cannot filter
 * (not JIT-compiled), the prefilters' numbers and automata, fingerprints,
 * which defines are used; the other patterns' codes are decoded on first
 * use (ct_rules_decode(), through ct_pattern_code()) from the mapped
 * entry that rs->map then holds. Returns CT_OK when it did; any other
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

/* Unmaps an entry (rs->map); NULL is fine. */
void ct_rules_map_free(struct ct_rules_map *m);

/*
 * Decodes code group g of the entry, the n codes of proposition g's
 * patterns (or of the regex cues when g is the number of propositions),
 * into codes[0, n), which the caller then owns: CT_OK, CT_ENOMEM, or
 * CT_EINVAL when their bytes are not those written (nothing is decoded).
 */
int ct_rules_map_decode(const struct ct_rules_map *m, size_t g, size_t n, pcre2_code **codes);
/* Deletes the entry m was mapped from, unless another has replaced it. */
void ct_rules_map_drop(const struct ct_rules_map *m);

/* The entry's file name (in the cache folder), or NULL before any file was added. */
const char *ct_rules_cache_path(struct ct_rules_cache *c);

#endif
