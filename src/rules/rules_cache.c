/*
 * The compiled-rules cache. Compiling 5,000 patterns takes most of a
 * command's start-up; the cache keeps what compiling made, in one file per
 * set of loaded files, so that the next load of the same bytes skips it.
 *
 * An entry is used only when its key matches: a SHA-256 of the claimtrack
 * version, this executable (its inode, size and modification time, so that
 * any rebuild misses), the PCRE2 version, the load options and the name
 * and exact bytes of every rule and cue file loaded, built-in ones included.
 * Editing any rule file therefore misses the cache. Entries are written to
 * a temporary file renamed over the old one, so a reader never sees half
 * of one; an entry that another user owns is not read, since compiled
 * code is trusted as it is.
 *
 * A load maps the entry read-only and reads only what it needs: a command
 * that checks one sentence touches a few pages of it. So the load checks
 * the head (magic, format, byte order, key, the file's length, the parts'
 * bounds, its own checksum), the index (its checksum, counts against the
 * parsed rules) and the bounds of everything the prefilters' tables hold
 * (prefilter.c), but not the PCRE2 codes: those of a proposition are
 * decoded on first use (ct_rules_decode()), after a checksum of theirs
 * only; codes that every sentence runs (the regex cues, patterns the
 * prefilter cannot filter) are decoded at the load. Damage that the load
 * sees means the rules are compiled as if there were no cache; damage to
 * a proposition's codes found later means those patterns are compiled
 * from their source then, and the entry is deleted for the next command
 * to write again. The prefilters' tables are used where they lie in the
 * mapping (a damaged value there can give other candidates, never a read
 * out of bounds). A load from an entry sets its modification time when
 * it is a day old or more, and writing an entry deletes the entries no
 * load has used for CACHE_MAX_AGE (each build and each set of rule file
 * names has its own, so they would pile up) and the temporary files that
 * a killed writer left. Only loads without errors are cached:
 * diagnostics that compiling reports are errors, and the warnings are
 * worked out again from what the entry keeps (which defines are used,
 * ambiguous expects) so that a cached load reports them the same
 * (rules_compile.c).
 *
 * The file, in the byte order of the machine that wrote it, its parts
 * each starting on a multiple of 64 bytes:
 *   head (struct ct_rules_cache_head, rules_cache.h);
 *   index: u32 n_props, n_patterns, n_regex_cues, n_cues, n_defines,
 *          n_amb, code_prefix, has_cue_always; u64 checksum of the codes
 *          part's first code_prefix bytes; 16-byte fingerprint per
 *          proposition; one byte per pattern (1: filtered by the
 *          prefilter); one byte per define (1: used); then from a
 *          multiple of 8: (proposition, expect, supports pattern, refutes
 *          pattern) u32 quadruples of the ambiguous expects; the cue
 *          prefilter's u64 words of unfiltered cues (n_cues / 64 + 1, when
 *          has_cue_always); one struct code_group per proposition, then
 *          one for the regex cues;
 *   codes: the PCRE2 codes of the patterns then the regex cues, as
 *          pcre2_serialize_encode() gives them: its code_prefix bytes (a
 *          head and the character tables), then the codes one after the
 *          other, so that a proposition's are one run of bytes;
 *   pf, cue_pf: the two prefilters' images (ct_prefilter_save()), when
 *          there are prefilters.
 */
#include "rules/rules_cache.h"
#include "base/sha256.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_FORMAT 3
#define CACHE_MAX_AGE (30 * 86400)      /* seconds an unused entry is kept */
#define CACHE_TOUCH_AGE 86400           /* a load renews an entry's time once a day */
#define CACHE_TMP_MAX_AGE 86400         /* and a temporary file */
#define CACHE_MAX_FILE (512u << 20)
#define BYTE_ORDER_MARK 0x01020304u
#define AMB_WIDTH 4                     /* u32s per ambiguous expect */
#define PART_ALIGN 64
#define SERIAL_COUNT_AT 12              /* the code count in pcre2_serialize_encode()'s head */

/* One proposition's codes (or the regex cues'), in the codes part. */
struct code_group {
	uint64_t off, len;           /* from the start of the codes part */
	uint64_t sum;                /* checksum() of those bytes */
};

/* A mapped entry that a ruleset loaded from: its prefilters' tables and
 * its undecoded codes lie in it (rs->map, ct_rules_decode()). */
struct ct_rules_map {
	unsigned char *base;
	size_t len;
	const unsigned char *codes;  /* the codes part */
	size_t codes_len, code_prefix;
	const struct code_group *groups;  /* n_props + 1 */
	char *path;                  /* the entry, to delete when damage is found late */
	dev_t dev;
	ino_t ino;
};

struct ct_rules_cache {
	char *dir;
	struct ct_sha256 key;        /* everything the compiled rules depend on */
	struct ct_sha256 name;       /* which build and files, not their bytes: names the entry */
	unsigned char digest[CT_SHA256_LEN];
	char *path;                  /* set when the key is finished */
	bool relative;               /* a file name depends on the working folder */
	uint32_t *amb;               /* ambiguous expects: (proposition, expect,
				      * supports pattern, refutes pattern) */
	size_t n_amb;                /* rows of AMB_WIDTH */
	size_t cap_amb;              /* in u32s */
};

static void add_u64(struct ct_sha256 *s, uint64_t v)
{
	ct_sha256_update(s, &v, sizeof v);
}

/* A length, then the bytes: no two sequences of strings hash alike. */
static void add_bytes(struct ct_sha256 *s, const void *p, size_t n)
{
	add_u64(s, n);
	ct_sha256_update(s, p, n);
}

static void add_str(struct ct_sha256 *s, const char *str)
{
	add_bytes(s, str, strlen(str));
}

/* What identifies this build of the library: its executable's file. */
static void add_build(struct ct_sha256 *s)
{
	struct stat st;

	add_str(s, CT_VERSION);
	add_u64(s, CACHE_FORMAT);
	if (stat("/proc/self/exe", &st) == 0) {
		add_u64(s, (uint64_t)st.st_dev);
		add_u64(s, (uint64_t)st.st_ino);
		add_u64(s, (uint64_t)st.st_size);
		add_u64(s, (uint64_t)st.st_mtim.tv_sec);
		add_u64(s, (uint64_t)st.st_mtim.tv_nsec);
	}
}

int ct_rules_cache_new(const struct ct_rules_options *opts, struct ct_rules_cache **out)
{
	struct ct_rules_cache *c;
	char pcre2_version[64] = "";

	*out = NULL;
	if (!opts || !opts->cache_dir || !*opts->cache_dir)
		return CT_OK;
	if (!(c = calloc(1, sizeof *c)) || !(c->dir = strdup(opts->cache_dir))) {
		free(c);
		return CT_ENOMEM;
	}
	ct_sha256_init(&c->key);
	ct_sha256_init(&c->name);
	add_build(&c->key);
	/* Two builds used in turn (an installed one and a development one)
	 * keep an entry each instead of overwriting each other's. */
	add_build(&c->name);
	pcre2_config(PCRE2_CONFIG_VERSION, pcre2_version);
	add_str(&c->key, pcre2_version);
	add_u64(&c->key, (uint64_t)opts->no_builtin_cues << 1 | (uint64_t)opts->no_prefilter);
	add_u64(&c->name, (uint64_t)opts->no_builtin_cues << 1 | (uint64_t)opts->no_prefilter);
	*out = c;
	return CT_OK;
}

void ct_rules_cache_free(struct ct_rules_cache *c)
{
	if (!c)
		return;
	free(c->dir);
	free(c->path);
	free(c->amb);
	free(c);
}

void ct_rules_cache_add_file(struct ct_rules_cache *c, const char *name, const char *text,
			     size_t len)
{
	if (!c || c->path)
		return;
	add_str(&c->key, name);
	add_bytes(&c->key, text, len);
	add_str(&c->name, name);
	if (name[0] != '/' && name[0] != '<')
		c->relative = true;
}

const char *ct_rules_cache_path(struct ct_rules_cache *c)
{
	unsigned char name[CT_SHA256_LEN];
	size_t n;

	if (!c)
		return NULL;
	if (c->path)
		return c->path;
	if (c->relative) {
		/* Relative names in another folder are other files: another
		 * entry, so that two projects do not take turns overwriting one. */
		char cwd[4096];
		add_str(&c->name, getcwd(cwd, sizeof cwd) ? cwd : "");
	}
	ct_sha256_final(&c->key, c->digest);
	ct_sha256_final(&c->name, name);
	n = strlen(c->dir) + sizeof "/rules-0123456789abcdef0123456789abcdef.bin";
	if (!(c->path = malloc(n)))
		return NULL;
	snprintf(c->path, n, "%s/rules-", c->dir);
	for (size_t i = 0; i < 16; i++)
		snprintf(c->path + strlen(c->path), 3, "%02x", name[i]);
	strncat(c->path, ".bin", n - strlen(c->path) - 1);
	return c->path;
}

int ct_rules_cache_add_ambiguous(struct ct_rules_cache *c, uint32_t prop, uint32_t expect,
				 uint32_t sup, uint32_t ref)
{
	uint32_t *a;

	if (!c)
		return CT_OK;
	if (!CT_VEC_RESERVE(c->amb, c->cap_amb, AMB_WIDTH * (c->n_amb + 1)))
		return CT_ENOMEM;
	a = c->amb + AMB_WIDTH * c->n_amb;
	a[0] = prop;
	a[1] = expect;
	a[2] = sup;
	a[3] = ref;
	c->n_amb++;
	return CT_OK;
}

size_t ct_rules_cache_ambiguous(const struct ct_rules_cache *c, const uint32_t **v)
{
	*v = c ? c->amb : NULL;
	return c ? c->n_amb : 0;
}

/* A fast checksum for damage, not for attacks: the key is what must match. */
static uint64_t checksum(const unsigned char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

static size_t n_patterns(const struct ct_ruleset *rs)
{
	size_t n = 0;

	for (size_t i = 0; i < rs->n_props; i++)
		n += rs->props[i].n_pats;
	return n;
}

static size_t n_regex_cues(const struct ct_ruleset *rs)
{
	size_t n = 0;

	for (size_t i = 0; i < rs->n_cues; i++)
		n += rs->cues[i].kind < CT_CUE_FIRST_LITERAL;
	return n;
}

/* ---- reading ---- */

/* A cursor over the index; every take checks the bounds. */
struct reader {
	const unsigned char *p;
	size_t left;
};

static const unsigned char *take(struct reader *r, size_t n)
{
	const unsigned char *p = r->p;

	if (n > r->left)
		return NULL;
	r->p += n;
	r->left -= n;
	return p;
}

static bool take_u32(struct reader *r, uint32_t *v)
{
	const unsigned char *p = take(r, sizeof *v);

	if (p)
		memcpy(v, p, sizeof *v);
	return p != NULL;
}

/* Skips to the next multiple of 8 from the index's start (base). */
static bool take_pad8(struct reader *r, const unsigned char *base)
{
	size_t at = (size_t)(r->p - base);

	return take(r, (8 - at % 8) % 8) != NULL;
}

/* The head's parts within a file of `size` bytes, each on a multiple of
 * PART_ALIGN and after the head. */
static bool parts_fit(const struct ct_rules_cache_head *h, uint64_t size)
{
	for (int i = 0; i < CT_CACHE_PARTS; i++) {
		uint64_t off = h->part[i].off, len = h->part[i].len;
		if (len == 0)
			continue;
		if (off % PART_ALIGN != 0 || off < sizeof *h || off > size || len > size - off)
			return false;
	}
	return h->part[CT_CACHE_INDEX].len > 0 && h->part[CT_CACHE_CODES].len > 0;
}

/*
 * Opens and maps the entry at path and checks its head against the key
 * and the file: CT_OK with *map and *len set (munmap() them), CT_EIO when
 * there is none, CT_EINVAL for any problem. Renews the entry's time when
 * it is a day old.
 */
static int map_entry(const struct ct_rules_cache *c, const char *path, unsigned char **map,
		     size_t *len, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct ct_rules_cache_head h;
	unsigned char *m = MAP_FAILED;
	int rc = CT_EINVAL;

	if (fd < 0)
		return CT_EIO;
	/* Compiled code is trusted as it is: only this user's entries. */
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) || st->st_uid != geteuid() ||
	    st->st_size < (off_t)sizeof h || st->st_size > (off_t)CACHE_MAX_FILE)
		goto out;
	m = mmap(NULL, (size_t)st->st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		goto out;
	memcpy(&h, m, sizeof h);
	if (memcmp(h.magic, "ctrules", 8) != 0 || h.format != CACHE_FORMAT ||
	    h.byte_order != BYTE_ORDER_MARK || memcmp(h.key, c->digest, sizeof h.key) != 0 ||
	    h.file_len != (uint64_t)st->st_size ||
	    checksum((const unsigned char *)&h, offsetof(struct ct_rules_cache_head, head_sum)) !=
	    h.head_sum || !parts_fit(&h, h.file_len))
		goto out;
	/* Used now: the modification time tells unused entries (prune()).
	 * Once a day is often enough for that, and spares a write. */
	if (time(NULL) - st->st_mtime >= CACHE_TOUCH_AGE)
		(void)futimens(fd, NULL);
	*map = m;
	*len = (size_t)st->st_size;
	m = MAP_FAILED;
	rc = CT_OK;
out:
	if (m != MAP_FAILED)
		munmap(m, (size_t)st->st_size);
	close(fd);
	return rc;
}

/*
 * Decodes group g, of n codes, into codes[0, n): CT_OK, or CT_EINVAL when
 * its bytes are not those written (nothing is decoded then) or CT_ENOMEM.
 * The codes are copied out of the mapping: pcre2_serialize_decode() wants
 * its head and tables before them.
 */
static int decode_group(const struct ct_rules_map *m, size_t g, size_t n, pcre2_code **codes)
{
	const struct code_group *gr = &m->groups[g];
	unsigned char *buf;
	int32_t count = (int32_t)n;
	int rc = CT_EINVAL;

	if (n == 0)
		return CT_OK;
	if (n > INT32_MAX || checksum(m->codes + gr->off, gr->len) != gr->sum)
		return CT_EINVAL;
	if (!(buf = malloc(m->code_prefix + gr->len)))
		return CT_ENOMEM;
	memcpy(buf, m->codes, m->code_prefix);
	memcpy(buf + SERIAL_COUNT_AT, &count, sizeof count);
	memcpy(buf + m->code_prefix, m->codes + gr->off, gr->len);
	for (size_t i = 0; i < n; i++)
		codes[i] = NULL;
	if (pcre2_serialize_decode(codes, count, buf, NULL) == count) {
		rc = CT_OK;
	} else {
		for (size_t i = 0; i < n; i++) {
			pcre2_code_free(codes[i]);
			codes[i] = NULL;
		}
	}
	free(buf);
	return rc;
}

void ct_rules_map_free(struct ct_rules_map *m)
{
	if (!m)
		return;
	munmap(m->base, m->len);
	free(m->path);
	free(m);
}

void ct_rules_map_drop(const struct ct_rules_map *m)
{
	struct stat st;

	if (m->path && stat(m->path, &st) == 0 && st.st_dev == m->dev && st.st_ino == m->ino)
		(void)unlink(m->path);
}

int ct_rules_map_decode(const struct ct_rules_map *m, size_t g, size_t n, pcre2_code **codes)
{
	return decode_group(m, g, n, codes);
}

/* What the index holds, pointers into the mapping. */
struct index {
	uint32_t n_props, n_pats, n_regex_cues, n_cues, n_defines, n_amb, code_prefix, has_cue_always;
	uint64_t prefix_sum;
	const unsigned char *fps, *flags, *used, *amb, *cue_always;
	const struct code_group *groups;
};

/* Reads the index and checks it against the parsed rules and the codes part. */
static bool read_index(const unsigned char *p, size_t len, uint64_t codes_len,
		       const struct ct_ruleset *rs, struct index *x)
{
	struct reader r = { p, len };
	size_t n_words = rs->n_cues / 64 + 1;
	const unsigned char *q;

	if (!take_u32(&r, &x->n_props) || !take_u32(&r, &x->n_pats) ||
	    !take_u32(&r, &x->n_regex_cues) || !take_u32(&r, &x->n_cues) ||
	    !take_u32(&r, &x->n_defines) || !take_u32(&r, &x->n_amb) ||
	    !take_u32(&r, &x->code_prefix) || !take_u32(&r, &x->has_cue_always) ||
	    !(q = take(&r, sizeof x->prefix_sum)))
		return false;
	memcpy(&x->prefix_sum, q, sizeof x->prefix_sum);
	if (x->n_props != rs->n_props || x->n_pats != n_patterns(rs) ||
	    x->n_regex_cues != n_regex_cues(rs) || x->n_cues != rs->n_cues ||
	    x->n_defines != rs->n_defines || x->has_cue_always > 1 ||
	    x->code_prefix < SERIAL_COUNT_AT + 4 || x->code_prefix > codes_len)
		return false;
	if (!(x->fps = take(&r, (size_t)x->n_props * 16)) || !(x->flags = take(&r, x->n_pats)) ||
	    !(x->used = take(&r, x->n_defines)) || !take_pad8(&r, p) ||
	    !(x->amb = take(&r, (size_t)x->n_amb * AMB_WIDTH * sizeof(uint32_t))))
		return false;
	x->cue_always = NULL;
	if (x->has_cue_always && !(x->cue_always = take(&r, n_words * sizeof(uint64_t))))
		return false;
	if (!(x->groups = (const void *)take(&r, ((size_t)x->n_props + 1) * sizeof *x->groups)) ||
	    r.left != 0)
		return false;
	for (size_t g = 0; g <= x->n_props; g++) {
		const struct code_group *gr = &x->groups[g];
		size_t n = g < x->n_props ? rs->props[g].n_pats : x->n_regex_cues;
		if (gr->off < x->code_prefix || gr->off > codes_len || gr->len > codes_len - gr->off ||
		    (n > 0) != (gr->len > 0))
			return false;
	}
	for (size_t k = 0; k < x->n_amb; k++) {
		uint32_t a[AMB_WIDTH];
		memcpy(a, x->amb + k * sizeof a, sizeof a);
		const struct ct_prop *pr = a[0] < rs->n_props ? &rs->props[a[0]] : NULL;
		if (!pr || a[1] >= pr->n_expects || a[2] >= pr->n_pats || a[3] >= pr->n_pats ||
		    pr->pats[a[2]].pub.kind != CT_PAT_SUPPORTS ||
		    pr->pats[a[3]].pub.kind != CT_PAT_REFUTES)
			return false;
	}
	return true;
}

int ct_rules_cache_load(struct ct_rules_cache *c, struct ct_ruleset *rs)
{
	const char *path = ct_rules_cache_path(c);
	struct ct_rules_cache_head h;
	struct ct_rules_map *m = NULL;
	struct index x;
	struct stat st;
	unsigned char *base = NULL;
	size_t len = 0, k;
	struct ct_prefilter *pf = NULL, *cue_pf = NULL;
	pcre2_code **cue_codes = NULL;
	atomic_uchar *decoded = NULL;
	uint32_t *amb_v = NULL;
	uint64_t *cue_always = NULL;
	size_t n_words = rs->n_cues / 64 + 1;
	int rc;

	if (!path)
		return CT_ENOMEM;
	if ((rc = map_entry(c, path, &base, &len, &st)) != CT_OK)
		return rc;
	rc = CT_ENOMEM;
	memcpy(&h, base, sizeof h);
	if (!(m = calloc(1, sizeof *m)) || !(m->path = strdup(path)) ||
	    !(decoded = calloc(rs->n_props + 1, sizeof *decoded)) ||
	    !(cue_codes = calloc(rs->n_cues + 1, sizeof *cue_codes)))
		goto out;
	m->base = base;
	m->len = len;
	m->dev = st.st_dev;
	m->ino = st.st_ino;
	m->codes = base + h.part[CT_CACHE_CODES].off;
	m->codes_len = h.part[CT_CACHE_CODES].len;
	rc = CT_EINVAL;
	if (checksum(base + h.part[CT_CACHE_INDEX].off, h.part[CT_CACHE_INDEX].len) != h.index_sum ||
	    !read_index(base + h.part[CT_CACHE_INDEX].off, h.part[CT_CACHE_INDEX].len,
			m->codes_len, rs, &x) ||
	    (h.part[CT_CACHE_PF].len > 0) != (x.n_pats > 0 && memchr(x.flags, 1, x.n_pats) != NULL) ||
	    (h.part[CT_CACHE_CUE_PF].len > 0) != (x.has_cue_always == 1))
		goto out;
	m->groups = x.groups;
	m->code_prefix = x.code_prefix;
	/* The head and tables that every decode puts before the codes. */
	if (checksum(m->codes, m->code_prefix) != x.prefix_sum)
		goto out;
	if (x.n_amb > 0) {
		if (!(amb_v = malloc((size_t)x.n_amb * AMB_WIDTH * sizeof *amb_v))) {
			rc = CT_ENOMEM;
			goto out;
		}
		memcpy(amb_v, x.amb, (size_t)x.n_amb * AMB_WIDTH * sizeof *amb_v);
	}
	if (x.has_cue_always) {
		if (!(cue_always = malloc(n_words * sizeof *cue_always))) {
			rc = CT_ENOMEM;
			goto out;
		}
		memcpy(cue_always, x.cue_always, n_words * sizeof *cue_always);
	}
	if ((h.part[CT_CACHE_PF].len > 0 &&
	     (rc = ct_prefilter_load(base + h.part[CT_CACHE_PF].off, h.part[CT_CACHE_PF].len,
				     x.n_pats, &pf)) != CT_OK) ||
	    (h.part[CT_CACHE_CUE_PF].len > 0 &&
	     (rc = ct_prefilter_load(base + h.part[CT_CACHE_CUE_PF].off,
				     h.part[CT_CACHE_CUE_PF].len, x.n_cues, &cue_pf)) != CT_OK))
		goto out;
	/* The codes every sentence may run are decoded now; a damaged one
	 * means compiling. */
	if ((rc = decode_group(m, rs->n_props, x.n_regex_cues, cue_codes)) != CT_OK)
		goto out;
	k = 0;
	for (size_t i = 0; i < rs->n_props; i++) {
		const struct ct_prop *pr = &rs->props[i];
		bool eager = !pf;
		for (size_t j = 0; j < pr->n_pats; j++)
			eager |= !x.flags[k + j];
		k += pr->n_pats;
		if (eager)
			atomic_store_explicit(&decoded[i], 2, memory_order_relaxed);
	}
	k = 0;
	for (size_t i = 0; i < rs->n_props && rc == CT_OK; i++) {
		struct ct_prop *pr = &rs->props[i];
		pcre2_code *small[16], **codes = small;
		if (!atomic_load_explicit(&decoded[i], memory_order_relaxed))
			continue;
		if (pr->n_pats > 16 && !(codes = malloc(pr->n_pats * sizeof *codes))) {
			rc = CT_ENOMEM;
			break;
		}
		if ((rc = decode_group(m, i, pr->n_pats, codes)) == CT_OK)
			for (size_t j = 0; j < pr->n_pats; j++)
				pr->pats[j].code = codes[j];
		if (codes != small)
			free(codes);
	}
	if (rc != CT_OK) {
		for (size_t i = 0; i < rs->n_props; i++)
			for (size_t j = 0; j < rs->props[i].n_pats; j++) {
				pcre2_code_free(rs->props[i].pats[j].code);
				rs->props[i].pats[j].code = NULL;
			}
		goto out;
	}
	/* Everything is checked: from here on nothing fails. */
	rs->n_pf_ids = 0;
	k = 0;
	for (size_t i = 0; i < rs->n_props; i++) {
		struct ct_prop *pr = &rs->props[i];
		memcpy(pr->pub.fingerprint, x.fps + 16 * i, 16);
		pr->pub.fingerprint[16] = '\0';
		for (size_t j = 0; j < pr->n_pats; j++, k++) {
			pr->pats[j].pf_id = (uint32_t)rs->n_pf_ids++;
			pr->pats[j].pf_filtered = pf && x.flags[k];
		}
	}
	k = 0;
	for (size_t i = 0; i < rs->n_cues; i++)
		if (rs->cues[i].kind < CT_CUE_FIRST_LITERAL)
			rs->cues[i].code = cue_codes[k++];
	for (size_t i = 0; i < rs->n_defines; i++)
		rs->defines[i].used = x.used[i] != 0;
	rs->pf = pf;
	rs->cue_pf = cue_pf;
	rs->cue_always = cue_always;
	rs->map = m;
	rs->decoded = decoded;
	free(c->amb);
	c->amb = amb_v;
	c->n_amb = x.n_amb;
	c->cap_amb = AMB_WIDTH * x.n_amb;
	free(cue_codes);
	return CT_OK;
out:
	if (cue_codes) {
		for (size_t i = 0; i < rs->n_cues; i++)
			pcre2_code_free(cue_codes[i]);
		free(cue_codes);
	}
	ct_prefilter_free(pf);
	ct_prefilter_free(cue_pf);
	free(amb_v);
	free(cue_always);
	free(decoded);
	if (m) {
		free(m->path);
		free(m);
	}
	munmap(base, len);
	return rc;
}

/* ---- writing ---- */

/* The file being written; `failed` is sticky. */
struct writer {
	struct ct_buf buf;
	bool failed;
};

static void put(struct writer *w, const void *data, size_t n)
{
	if (w->failed || n == 0)
		return;
	if (ct_buf_add(&w->buf, data, n) != CT_OK)
		w->failed = true;
}

static void put_u32(struct writer *w, uint32_t v) { put(w, &v, sizeof v); }

/* Zeros up to the next multiple of `align` from the start (or from `from`). */
static void put_pad(struct writer *w, size_t from, size_t align)
{
	static const unsigned char zeros[PART_ALIGN];
	size_t at = w->buf.len - from;

	put(w, zeros, (align - at % align) % align);
}

/*
 * The codes of every pattern, then of every regex cue, serialized; *sizes
 * (n of them, malloc'd) gets each one's length there, and *prefix the
 * bytes before the first. CT_EINVAL when the serialized form is not as
 * the cache reads it: one head with the count at SERIAL_COUNT_AT, the
 * tables, then the codes one after the other.
 */
static int encode_codes(const struct ct_ruleset *rs, uint8_t **out, PCRE2_SIZE *len,
			size_t **sizes, size_t *prefix)
{
	size_t n = n_patterns(rs) + n_regex_cues(rs), k = 0, total = 0;
	const pcre2_code **codes;
	int32_t rc, count;

	*out = NULL;
	*len = 0;
	*sizes = NULL;
	if (n == 0 || n > INT32_MAX || !(codes = malloc(n * sizeof *codes)))
		return n == 0 ? CT_EINVAL : CT_ENOMEM;
	if (!(*sizes = malloc(n * sizeof **sizes))) {
		free(codes);
		return CT_ENOMEM;
	}
	for (size_t i = 0; i < rs->n_props; i++)
		for (size_t j = 0; j < rs->props[i].n_pats; j++)
			codes[k++] = rs->props[i].pats[j].code;
	for (size_t i = 0; i < rs->n_cues; i++)
		if (rs->cues[i].kind < CT_CUE_FIRST_LITERAL)
			codes[k++] = rs->cues[i].code;
	for (size_t i = 0; i < n; i++) {
		if (!codes[i] || pcre2_pattern_info(codes[i], PCRE2_INFO_SIZE, &(*sizes)[i]) != 0) {
			free(codes);
			return CT_EINVAL;
		}
		total += (*sizes)[i];
	}
	rc = pcre2_serialize_encode(codes, (int32_t)n, out, len, NULL);
	free(codes);
	if (rc != (int32_t)n)
		return CT_EINVAL;
	if (*len < total + SERIAL_COUNT_AT + sizeof count)
		return CT_EINVAL;
	memcpy(&count, *out + SERIAL_COUNT_AT, sizeof count);
	*prefix = *len - total;
	return count == (int32_t)n ? CT_OK : CT_EINVAL;
}
/* Makes dir and its missing parents, for this user only. */
static int make_dirs(const char *dir)
{
	char *p = strdup(dir);
	int rc = CT_OK;

	if (!p)
		return CT_ENOMEM;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = CT_EIO;
		*s = '/';
	}
	if (mkdir(p, 0700) != 0 && errno != EEXIST)
		rc = CT_EIO;
	free(p);
	return rc;
}

/* Writes all of buf to a new file in the cache folder and renames it to path. */
static int write_atomically(const struct ct_rules_cache *c, const char *path,
			    const unsigned char *buf, size_t len)
{
	size_t n = strlen(c->dir) + sizeof "/.rules-XXXXXX";
	char *tmp = malloc(n);
	size_t done = 0;
	int fd, rc = CT_EIO;

	if (!tmp)
		return CT_ENOMEM;
	snprintf(tmp, n, "%s/.rules-XXXXXX", c->dir);
	if ((fd = mkstemp(tmp)) < 0) {
		free(tmp);
		return CT_EIO;
	}
	while (done < len) {
		ssize_t w = write(fd, buf + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (close(fd) == 0 && done == len && rename(tmp, path) == 0)
		rc = CT_OK;
	else
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Whether name starts with prefix and ends with suffix. */
static bool named(const char *name, const char *prefix, const char *suffix)
{
	size_t n = strlen(name), p = strlen(prefix), s = strlen(suffix);

	return n >= p + s && strncmp(name, prefix, p) == 0 && strcmp(name + n - s, suffix) == 0;
}

/*
 * Deletes this user's entries in the cache folder that no load has used
 * for CACHE_MAX_AGE, and temporary files older than CACHE_TMP_MAX_AGE,
 * but never `keep`. Other files are left alone. Best effort: a file that
 * cannot be deleted stays.
 */
static void prune(const struct ct_rules_cache *c, const char *keep)
{
	const char *slash = strrchr(keep, '/'), *base = slash ? slash + 1 : keep;
	time_t now = time(NULL);
	DIR *d = opendir(c->dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		bool entry = named(e->d_name, "rules-", ".bin");
		bool temp = named(e->d_name, ".rules-", "");
		struct stat st;

		if ((!entry && !temp) || strcmp(e->d_name, base) == 0 ||
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || st.st_uid != geteuid())
			continue;
		if (now - st.st_mtime > (entry ? CACHE_MAX_AGE : CACHE_TMP_MAX_AGE))
			(void)unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

int ct_rules_cache_save(struct ct_rules_cache *c, const struct ct_ruleset *rs)
{
	const char *path = ct_rules_cache_path(c);
	struct writer w = { CT_BUF_INIT(0), false };
	struct ct_rules_cache_head h;
	unsigned char *out, *img[2] = { NULL, NULL };
	const struct ct_prefilter *pfs[2] = { rs->pf, rs->cue_pf };
	uint8_t *blob = NULL;
	PCRE2_SIZE blob_len = 0;
	size_t img_len[2] = { 0, 0 }, *sizes = NULL, prefix = 0, at, k = 0, n_words = rs->n_cues / 64 + 1;
	int rc;

	if (!path)
		return CT_ENOMEM;
	if ((rc = encode_codes(rs, &blob, &blob_len, &sizes, &prefix)) != CT_OK)
		goto out;
	for (int i = 0; i < 2; i++)
		if (pfs[i] && (rc = ct_prefilter_save(pfs[i], &img[i], &img_len[i])) != CT_OK)
			goto out;
	memset(&h, 0, sizeof h);
	put(&w, &h, sizeof h);
	put_pad(&w, 0, PART_ALIGN);
	h.part[CT_CACHE_INDEX].off = at = w.buf.len;
	put_u32(&w, (uint32_t)rs->n_props);
	put_u32(&w, (uint32_t)n_patterns(rs));
	put_u32(&w, (uint32_t)n_regex_cues(rs));
	put_u32(&w, (uint32_t)rs->n_cues);
	put_u32(&w, (uint32_t)rs->n_defines);
	put_u32(&w, (uint32_t)c->n_amb);
	put_u32(&w, (uint32_t)prefix);
	put_u32(&w, rs->cue_pf != NULL);
	put(&w, &(uint64_t){ checksum(blob, prefix) }, sizeof(uint64_t));
	for (size_t i = 0; i < rs->n_props; i++)
		put(&w, rs->props[i].pub.fingerprint, 16);
	for (size_t i = 0; i < rs->n_props; i++)
		for (size_t j = 0; j < rs->props[i].n_pats; j++)
			put(&w, &(unsigned char){ rs->props[i].pats[j].pf_filtered }, 1);
	for (size_t i = 0; i < rs->n_defines; i++)
		put(&w, &(unsigned char){ rs->defines[i].used }, 1);
	put_pad(&w, at, 8);
	put(&w, c->amb, c->n_amb * AMB_WIDTH * sizeof *c->amb);
	if (rs->cue_pf)
		put(&w, rs->cue_always, n_words * sizeof *rs->cue_always);
	{
		struct code_group g = { prefix, 0, 0 };
		for (size_t i = 0; i <= rs->n_props; i++) {
			size_t n = i < rs->n_props ? rs->props[i].n_pats : n_regex_cues(rs);
			g.off += g.len;
			g.len = 0;
			for (size_t j = 0; j < n; j++)
				g.len += sizes[k++];
			g.sum = checksum(blob + g.off, g.len);
			put(&w, &g, sizeof g);
		}
	}
	h.part[CT_CACHE_INDEX].len = w.buf.len - at;
	put_pad(&w, 0, PART_ALIGN);
	h.part[CT_CACHE_CODES].off = w.buf.len;
	h.part[CT_CACHE_CODES].len = blob_len;
	put(&w, blob, blob_len);
	for (int i = 0; i < 2; i++) {
		put_pad(&w, 0, PART_ALIGN);
		h.part[CT_CACHE_PF + i].off = img[i] ? w.buf.len : 0;
		h.part[CT_CACHE_PF + i].len = img_len[i];
		put(&w, img[i], img_len[i]);
	}
	if (w.failed) {
		rc = CT_ENOMEM;
		goto out;
	}
	out = (unsigned char *)w.buf.p;
	memcpy(h.magic, "ctrules", 8);
	h.format = CACHE_FORMAT;
	h.byte_order = BYTE_ORDER_MARK;
	memcpy(h.key, c->digest, sizeof h.key);
	h.file_len = w.buf.len;
	h.index_sum = checksum(out + h.part[CT_CACHE_INDEX].off, h.part[CT_CACHE_INDEX].len);
	h.head_sum = checksum((const unsigned char *)&h, offsetof(struct ct_rules_cache_head, head_sum));
	memcpy(out, &h, sizeof h);
	if ((rc = make_dirs(c->dir)) == CT_OK)
		rc = write_atomically(c, path, out, w.buf.len);
	if (rc == CT_OK)
		prune(c, path);
out:
	pcre2_serialize_free(blob);
	free(sizes);
	free(img[0]);
	free(img[1]);
	ct_buf_release(&w.buf);
	return rc;
}
