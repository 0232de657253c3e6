/*
 * Loading rule and cue files into a ruleset, and the ruleset's read-only
 * accessors. A ruleset owns all its strings (one arena) and compiled code.
 */
#include "rules/rules_cache.h"

#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void ct_ruleset_free(struct ct_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n_props; i++) {
		struct ct_prop *pr = &rs->props[i];
		for (size_t j = 0; j < pr->n_pats; j++)
			pcre2_code_free(pr->pats[j].code);
		free(pr->pats);
		free(pr->expects);
	}
	free(rs->props);
	for (size_t i = 0; i < rs->n_speakers; i++)
		free(rs->speakers[i].aliases);
	free(rs->speakers);
	for (size_t i = 0; i < rs->n_outlets; i++) {
		free(rs->outlets[i].aliases);
		free(rs->outlets[i].domains);
	}
	free(rs->outlets);
	free(rs->outlet_slots);
	for (size_t i = 0; i < rs->n_cues; i++)
		pcre2_code_free(rs->cues[i].code);
	free(rs->cues);
	free(rs->lex);
	ct_words_free(rs->words);
	for (size_t i = 0; i < rs->n_defines; i++)
		free(rs->defines[i].expanded);
	free(rs->defines);
	ct_prefilter_free(rs->pf);
	free(rs->pf_prop);
	free(rs->pf_always);
	ct_prefilter_free(rs->cue_pf);
	free(rs->cue_always);
	/* After the prefilters, whose tables may lie in it. */
	ct_rules_map_free(rs->map);
	free(rs->decoded);
	free(rs->cue_ready);
	if (rs->lazy_init)
		pthread_mutex_destroy(&rs->lazy);
	ct_arena_release(&rs->arena);
	free(rs);
}

void ct_rules_decode(const struct ct_ruleset *rs, size_t i)
{
	struct ct_prop *pr = &rs->props[i];
	pcre2_code *small[16], **codes = small;

	pthread_mutex_lock((pthread_mutex_t *)&rs->lazy);
	if (atomic_load_explicit(&rs->decoded[i], memory_order_relaxed))
		goto out;
	if (pr->n_pats > 16 && !(codes = malloc(pr->n_pats * sizeof *codes)))
		goto out;   /* the patterns stay without code, skipped, until memory comes back */
	if (ct_rules_map_decode(rs->map, i, pr->n_pats, codes) == CT_OK) {
		for (size_t j = 0; j < pr->n_pats; j++)
			pr->pats[j].code = codes[j];
	} else {
		/* Damaged since it was written: this command compiles these
		 * patterns, the next one the whole entry again. */
		ct_rules_map_drop(rs->map);
		for (size_t j = 0; j < pr->n_pats; j++)
			if (!pr->pats[j].code)
				ct_rules_compile_late(rs, pr->pats[j].pub.source, &pr->pats[j].code);
	}
	atomic_store_explicit(&rs->decoded[i], 1, memory_order_release);
	if (codes != small)
		free(codes);
out:
	pthread_mutex_unlock((pthread_mutex_t *)&rs->lazy);
}

void ct_cue_prepare(const struct ct_ruleset *rs, size_t i)
{
	pthread_mutex_lock((pthread_mutex_t *)&rs->lazy);
	if (!atomic_load_explicit(&rs->cue_ready[i], memory_order_relaxed)) {
		if (rs->cues[i].code)
			pcre2_jit_compile(rs->cues[i].code, PCRE2_JIT_COMPLETE);
		atomic_store_explicit(&rs->cue_ready[i], 1, memory_order_release);
	}
	pthread_mutex_unlock((pthread_mutex_t *)&rs->lazy);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* Reads and parses one file; a name ending in .cues is a cue file. */
static int load_file(struct ct_loader *L, const char *path)
{
	char *text = NULL, *name;
	size_t len;
	int rc = ct_read_file(path, CT_RULES_MAX_FILE, &text, &len);

	if (rc == CT_ELIMIT) {
		ct_loader_diag(L, CT_DIAG_ERROR, path, 0, 0, "file is larger than %u bytes",
			       CT_RULES_MAX_FILE);
		return CT_OK;
	}
	if (rc == CT_EIO) {
		ct_loader_diag(L, CT_DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
		return CT_EIO;
	}
	if (rc != CT_OK)
		return rc;
	name = ct_arena_strndup(&L->rs->arena, path, strlen(path));
	if (!name) {
		free(text);
		return CT_ENOMEM;
	}
	ct_rules_cache_add_file(L->cache, name, text, len);
	if (has_suffix(path, ".cues")) {
		rc = ct_cues_parse(L, name, text, len);
	} else {
		rc = ct_rules_parse(L, name, text, len);
		L->rs->n_files++;
	}
	free(text);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads the *.rules and *.cues files of one folder, in name order. */
static int load_dir(struct ct_loader *L, const char *dir)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t n = 0, cap = 0, n_rules = 0;
	struct dirent *e;
	int rc = CT_OK;

	if (!d) {
		ct_loader_diag(L, CT_DIAG_ERROR, dir, 0, 0, "cannot read folder: %s", strerror(errno));
		return CT_EIO;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' ||
		    !(has_suffix(e->d_name, ".rules") || has_suffix(e->d_name, ".cues")))
			continue;
		if (!CT_VEC_RESERVE(names, cap, n + 1)) {
			rc = CT_ENOMEM;
			goto out;
		}
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		names[n] = malloc(len);
		if (!names[n]) {
			rc = CT_ENOMEM;
			goto out;
		}
		snprintf(names[n], len, "%s%s%s", dir,
			 has_suffix(dir, "/") ? "" : "/", e->d_name);
		if (has_suffix(e->d_name, ".rules"))
			n_rules++;
		n++;
	}
	qsort(names, n, sizeof *names, cmp_str);
	if (n_rules == 0)
		ct_loader_diag(L, CT_DIAG_ERROR, dir, 0, 0, "no *.rules files in this folder");
	for (size_t i = 0; i < n && rc == CT_OK; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode))
			continue;
		rc = load_file(L, names[i]);
	}
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

/* Parses one built-in cue list. */
static int load_builtin(struct ct_loader *L, const char *name, const char *text, size_t len)
{
	ct_rules_cache_add_file(L->cache, name, text, len);
	return ct_cues_parse(L, name, text, len);
}

static int loader_begin(struct ct_loader *L, const struct ct_rules_options *opts)
{
	static const struct ct_rules_options none = { 0 };
	int rc;

	L->opts = opts ? opts : &none;
	L->n_errors = 0;
	L->cache = NULL;
	L->names = NULL;
	static atomic_uint_fast64_t loads;

	L->rs = calloc(1, sizeof *L->rs);
	if (!L->rs)
		return CT_ENOMEM;
	if (pthread_mutex_init(&L->rs->lazy, NULL) != 0)
		return CT_ENOMEM;
	L->rs->lazy_init = true;
	L->rs->load_id = atomic_fetch_add(&loads, 1) + 1;
	if ((rc = ct_rules_cache_new(L->opts, &L->cache)) != CT_OK)
		return rc;
	if (!L->opts->no_builtin_cues) {
		rc = load_builtin(L, "<built-in>/stance.cues", ct_builtin_cues, ct_builtin_cues_len);
		if (rc != CT_OK)
			return rc;
		return load_builtin(L, "<built-in>/attribution.cues", ct_builtin_attribution,
				    ct_builtin_attribution_len);
	}
	return CT_OK;
}

static int loader_end(struct ct_loader *L, int rc, struct ct_ruleset **out)
{
	if (L->rs && (rc == CT_OK || rc == CT_EIO)) {
		int crc = ct_rules_compile(L);
		if (crc != CT_OK)
			rc = crc;
	}
	if (rc == CT_OK && L->n_errors > 0)
		rc = CT_ERULES;
	ct_rules_cache_free(L->cache);
	L->cache = NULL;
	ct_rules_parse_release(L);
	if (rc != CT_OK) {
		ct_ruleset_free(L->rs);
		return rc;
	}
	*out = L->rs;
	return CT_OK;
}

int ct_rules_load(const char *const *paths, size_t n_paths,
		  const struct ct_rules_options *opts, struct ct_ruleset **out)
{
	struct ct_loader L;
	int rc = loader_begin(&L, opts), io = CT_OK;

	for (size_t i = 0; i < n_paths && (rc == CT_OK || rc == CT_EIO); i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			ct_loader_diag(&L, CT_DIAG_ERROR, paths[i], 0, 0, "cannot read: %s",
				       strerror(errno));
			io = CT_EIO;
			continue;
		}
		rc = S_ISDIR(st.st_mode) ? load_dir(&L, paths[i]) : load_file(&L, paths[i]);
		if (rc == CT_EIO) {
			io = CT_EIO;
			rc = CT_OK;
		}
	}
	if (rc == CT_OK)
		rc = io;
	return loader_end(&L, rc, out);
}

int ct_rules_load_string(const char *name, const char *text, size_t len,
			 const struct ct_rules_options *opts, struct ct_ruleset **out)
{
	struct ct_loader L;
	int rc = loader_begin(&L, opts);
	char *file;

	if (rc != CT_OK)
		return loader_end(&L, rc, out);
	file = ct_arena_strndup(&L.rs->arena, name, strlen(name));
	if (!file)
		return loader_end(&L, CT_ENOMEM, out);
	ct_rules_cache_add_file(L.cache, file, text, len);
	rc = ct_rules_parse(&L, file, text, len);
	L.rs->n_files++;
	return loader_end(&L, rc, out);
}

size_t ct_ruleset_n_propositions(const struct ct_ruleset *rs) { return rs->n_props; }
uint64_t ct_ruleset_load_id(const struct ct_ruleset *rs) { return rs->load_id; }
size_t ct_ruleset_n_files(const struct ct_ruleset *rs) { return rs->n_files; }

const struct ct_proposition *ct_ruleset_proposition(const struct ct_ruleset *rs, size_t i)
{
	return i < rs->n_props ? &rs->props[i].pub : NULL;
}

size_t ct_ruleset_proposition_index(const struct ct_ruleset *rs, const struct ct_proposition *p)
{
	/* pub is the first member of struct ct_prop. */
	const struct ct_prop *pr = (const struct ct_prop *)(const void *)p;

	if (!rs->n_props || pr < rs->props || pr >= rs->props + rs->n_props)
		return rs->n_props;
	return (size_t)(pr - rs->props);
}

size_t ct_proposition_n_patterns(const struct ct_ruleset *rs, size_t i)
{
	return i < rs->n_props ? rs->props[i].n_pats : 0;
}

const struct ct_pattern *ct_proposition_pattern(const struct ct_ruleset *rs, size_t i, size_t j)
{
	return i < rs->n_props && j < rs->props[i].n_pats ? &rs->props[i].pats[j].pub : NULL;
}

size_t ct_proposition_n_expects(const struct ct_ruleset *rs, size_t i)
{
	return i < rs->n_props ? rs->props[i].n_expects : 0;
}

const struct ct_expect *ct_proposition_expect(const struct ct_ruleset *rs, size_t i, size_t j)
{
	return i < rs->n_props && j < rs->props[i].n_expects ? &rs->props[i].expects[j] : NULL;
}

size_t ct_ruleset_n_speakers(const struct ct_ruleset *rs) { return rs->n_speakers; }

const struct ct_speaker_def *ct_ruleset_speaker(const struct ct_ruleset *rs, size_t i)
{
	return i < rs->n_speakers ? &rs->speakers[i].pub : NULL;
}

size_t ct_ruleset_n_outlets(const struct ct_ruleset *rs) { return rs->n_outlets; }

const struct ct_outlet_def *ct_ruleset_outlet(const struct ct_ruleset *rs, size_t i)
{
	return i < rs->n_outlets ? &rs->outlets[i].pub : NULL;
}
