/*
 * The compiled-rules cache. Compiling 5,000 patterns takes most of a
 * command's start-up; the cache keeps what compiling made, in one file per
 * set of loaded files, so that the next load of the same bytes skips it.
 *
 * An entry is used only when its key matches: a SHA-256 of the claimtrack
 * version, this executable (its inode, size and modification time, so that
 * any rebuild misses), the PCRE2 version, the load options and the name
 * and exact bytes of every rule and cue file loaded, built-in ones included.
 * Editing any rule file therefore misses the cache. The file is checked
 * before use (magic, format, byte order, length, checksum, counts against
 * the parsed rules, the automaton's tables); a problem anywhere means the
 * rules are compiled as if there were no cache. Entries are written to a
 * temporary file renamed over the old one, so a reader never sees half of
 * one; an entry that another user owns is not read, since compiled code
 * is trusted as it is. A load from an entry sets its modification time,
 * and writing an entry deletes the entries no load has used for
 * CACHE_MAX_AGE (each build and each set of rule file names has its own,
 * so they would pile up) and the temporary files that a killed writer
 * left. Only loads without errors are cached: diagnostics
 * that compiling reports are errors, and the warnings are worked out again
 * (unused defines) or kept in the entry (ambiguous expects) so that a
 * cached load reports them the same (rules_compile.c).
 *
 * The file, in the byte order of the machine that wrote it:
 *   head (struct head)
 *   payload: u32 n_props, n_patterns, n_regex_cues, has_prefilter;
 *            16-byte fingerprint per proposition; one byte per pattern
 *            (1: filtered by the prefilter); u32 count + (proposition,
 *            expect, supports pattern, refutes pattern) u32 quadruples of
 *            the ambiguous expects; u64 length + the
 *            PCRE2 codes of the patterns then the regex cues
 *            (pcre2_serialize_encode);
 *   image:   the automaton (ct_prefilter_save), last and checked on its
 *            own, so that it is read straight into the buffer that the
 *            automaton then keeps: at 5,000 patterns it is 3 MB.
 */
#include "rules/rules_cache.h"
#include "base/sha256.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_FORMAT 2
#define CACHE_MAX_AGE (30 * 86400)      /* seconds an unused entry is kept */
#define CACHE_TMP_MAX_AGE 86400         /* and a temporary file */
#define CACHE_MAX_FILE (512u << 20)
#define BYTE_ORDER_MARK 0x01020304u
#define AMB_WIDTH 4                     /* u32s per ambiguous expect */

struct head {
	char magic[8];               /* "ctrules\0" */
	uint32_t format;             /* CACHE_FORMAT */
	uint32_t byte_order;         /* BYTE_ORDER_MARK as written */
	uint64_t payload_len, image_len;
	uint64_t payload_sum, image_sum;
	unsigned char key[CT_SHA256_LEN];
};
_Static_assert(sizeof(struct head) == 80, "the head has no padding");

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

/* ---- reading ---- */

/* A cursor over the payload; every take checks the bounds. */
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

static bool take_u64(struct reader *r, uint64_t *v)
{
	const unsigned char *p = take(r, sizeof *v);

	if (p)
		memcpy(v, p, sizeof *v);
	return p != NULL;
}

/* Reads exactly n bytes into a new malloc'd buffer; NULL when it cannot. */
static unsigned char *read_exactly(int fd, size_t n)
{
	unsigned char *buf = malloc(n ? n : 1);
	size_t got = 0;

	while (buf && got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(buf);
			return NULL;
		}
		got += (size_t)r;
	}
	return buf;
}

/*
 * Reads the entry: its head, checked against the key and the file's
 * length, then the payload and the image, each checked against its
 * checksum. CT_EINVAL for any problem.
 */
static int read_entry(const struct ct_rules_cache *c, const char *path, unsigned char **payload,
		      size_t *payload_len, unsigned char **image, size_t *image_len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	struct head h;
	unsigned char *hb = NULL, *pb = NULL, *ib = NULL;
	int rc = CT_EINVAL;

	if (fd < 0)
		return CT_EIO;
	/* Compiled code is trusted as it is: only this user's entries. */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    st.st_size < (off_t)sizeof h ||
	    st.st_size > (off_t)CACHE_MAX_FILE || !(hb = read_exactly(fd, sizeof h)))
		goto out;
	memcpy(&h, hb, sizeof h);
	if (memcmp(h.magic, "ctrules", 8) != 0 || h.format != CACHE_FORMAT ||
	    h.byte_order != BYTE_ORDER_MARK || memcmp(h.key, c->digest, sizeof h.key) != 0 ||
	    h.payload_len + h.image_len != (uint64_t)st.st_size - sizeof h ||
	    h.payload_len > CACHE_MAX_FILE || h.image_len > CACHE_MAX_FILE)
		goto out;
	if (!(pb = read_exactly(fd, h.payload_len)) || !(ib = read_exactly(fd, h.image_len)) ||
	    checksum(pb, h.payload_len) != h.payload_sum || checksum(ib, h.image_len) != h.image_sum)
		goto out;
	/* Used now: the modification time tells unused entries (prune()). */
	(void)futimens(fd, NULL);
	*payload = pb;
	*payload_len = h.payload_len;
	*image = ib;
	*image_len = h.image_len;
	pb = ib = NULL;
	rc = CT_OK;
out:
	free(hb);
	free(pb);
	free(ib);
	close(fd);
	return rc;
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

/* Decodes the serialized codes into a new array of exactly n codes. */
static pcre2_code **decode_codes(const unsigned char *blob, size_t len, size_t n)
{
	pcre2_code **codes;

	if (n == 0 || n > INT32_MAX || len < 16 ||
	    pcre2_serialize_get_number_of_codes(blob) != (int32_t)n)
		return NULL;
	if (!(codes = calloc(n, sizeof *codes)))
		return NULL;
	if (pcre2_serialize_decode(codes, (int32_t)n, blob, NULL) != (int32_t)n) {
		for (size_t i = 0; i < n; i++)
			pcre2_code_free(codes[i]);
		free(codes);
		return NULL;
	}
	return codes;
}

int ct_rules_cache_load(struct ct_rules_cache *c, struct ct_ruleset *rs)
{
	const char *path = ct_rules_cache_path(c);
	unsigned char *payload = NULL, *image = NULL;
	const unsigned char *fps, *flags, *amb, *blob;
	size_t payload_len, image_len, n_pats = n_patterns(rs), n_cues = n_regex_cues(rs), k = 0;
	uint32_t n[4], n_amb, *amb_v = NULL;
	uint64_t blob_len;
	struct reader r;
	struct ct_prefilter *pf = NULL;
	pcre2_code **codes = NULL;
	int rc;

	if (!path)
		return CT_ENOMEM;
	if ((rc = read_entry(c, path, &payload, &payload_len, &image, &image_len)) != CT_OK)
		return rc;
	rc = CT_EINVAL;
	r.p = payload;
	r.left = payload_len;
	for (int i = 0; i < 4; i++)
		if (!take_u32(&r, &n[i]))
			goto out;
	if (n[0] != rs->n_props || n[1] != n_pats || n[2] != n_cues || n[3] > 1 ||
	    (n[3] == 0) != (image_len == 0) ||
	    !(fps = take(&r, (size_t)n[0] * 16)) || !(flags = take(&r, n[1])) ||
	    !take_u32(&r, &n_amb) || !(amb = take(&r, (size_t)n_amb * AMB_WIDTH * sizeof *amb_v)) ||
	    !take_u64(&r, &blob_len) || !(blob = take(&r, blob_len)) || r.left != 0)
		goto out;
	if (n_amb > 0) {
		if (!(amb_v = malloc((size_t)n_amb * AMB_WIDTH * sizeof *amb_v)))
			goto out;
		memcpy(amb_v, amb, (size_t)n_amb * AMB_WIDTH * sizeof *amb_v);
		for (const uint32_t *a = amb_v; a < amb_v + (size_t)n_amb * AMB_WIDTH; a += AMB_WIDTH) {
			const struct ct_prop *pr = a[0] < rs->n_props ? &rs->props[a[0]] : NULL;
			if (!pr || a[1] >= pr->n_expects || a[2] >= pr->n_pats || a[3] >= pr->n_pats ||
			    pr->pats[a[2]].pub.kind != CT_PAT_SUPPORTS ||
			    pr->pats[a[3]].pub.kind != CT_PAT_REFUTES)
				goto out;
		}
	}
	if (n_pats + n_cues > 0 && !(codes = decode_codes(blob, blob_len, n_pats + n_cues)))
		goto out;
	if (n[3]) {
		if (ct_prefilter_load(image, image_len, n[1], &pf) != CT_OK)
			goto out;
		image = NULL;   /* the automaton's now */
	}
	/* Everything is checked: from here on nothing fails. */
	rs->n_pf_ids = 0;
	for (size_t i = 0; i < rs->n_props; i++) {
		struct ct_prop *pr = &rs->props[i];
		memcpy(pr->pub.fingerprint, fps + 16 * i, 16);
		pr->pub.fingerprint[16] = '\0';
		for (size_t j = 0; j < pr->n_pats; j++, k++) {
			pr->pats[j].code = codes[k];
			pr->pats[j].pf_id = (uint32_t)rs->n_pf_ids++;
			pr->pats[j].pf_filtered = pf && flags[k];
		}
	}
	for (size_t i = 0; i < rs->n_cues; i++)
		if (rs->cues[i].kind < CT_CUE_FIRST_LITERAL)
			rs->cues[i].code = codes[k++];
	rs->pf = pf;
	free(c->amb);
	c->amb = amb_v;
	c->n_amb = n_amb;
	c->cap_amb = AMB_WIDTH * n_amb;
	free(codes);
	codes = NULL;
	amb_v = NULL;
	rc = CT_OK;
out:
	if (codes) {
		for (size_t i = 0; i < n_pats + n_cues; i++)
			pcre2_code_free(codes[i]);
		free(codes);
	}
	free(amb_v);
	free(payload);
	free(image);
	return rc;
}

/* ---- writing ---- */

/* The image being written; `failed` is sticky. */
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
static void put_u64(struct writer *w, uint64_t v) { put(w, &v, sizeof v); }

/* The codes of every pattern, then of every regex cue, serialized. */
static int encode_codes(const struct ct_ruleset *rs, uint8_t **out, PCRE2_SIZE *len)
{
	size_t n = n_patterns(rs) + n_regex_cues(rs), k = 0;
	const pcre2_code **codes;
	int32_t rc;

	if (n == 0) {
		*out = NULL;
		*len = 0;
		return CT_OK;
	}
	if (n > INT32_MAX || !(codes = malloc(n * sizeof *codes)))
		return CT_ENOMEM;
	for (size_t i = 0; i < rs->n_props; i++)
		for (size_t j = 0; j < rs->props[i].n_pats; j++)
			codes[k++] = rs->props[i].pats[j].code;
	for (size_t i = 0; i < rs->n_cues; i++)
		if (rs->cues[i].kind < CT_CUE_FIRST_LITERAL)
			codes[k++] = rs->cues[i].code;
	for (size_t i = 0; i < n; i++)
		if (!codes[i]) {
			free(codes);
			return CT_EINVAL;
		}
	rc = pcre2_serialize_encode(codes, (int32_t)n, out, len, NULL);
	free(codes);
	return rc == (int32_t)n ? CT_OK : CT_EINVAL;
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
	struct head h;
	unsigned char *out;
	uint8_t *blob = NULL;
	PCRE2_SIZE blob_len = 0;
	unsigned char *img = NULL;
	size_t img_len = 0;
	int rc;

	if (!path)
		return CT_ENOMEM;
	if ((rc = encode_codes(rs, &blob, &blob_len)) != CT_OK ||
	    (rs->pf && (rc = ct_prefilter_save(rs->pf, &img, &img_len)) != CT_OK))
		goto out;
	memset(&h, 0, sizeof h);
	put(&w, &h, sizeof h);
	put_u32(&w, (uint32_t)rs->n_props);
	put_u32(&w, (uint32_t)n_patterns(rs));
	put_u32(&w, (uint32_t)n_regex_cues(rs));
	put_u32(&w, rs->pf != NULL);
	for (size_t i = 0; i < rs->n_props; i++)
		put(&w, rs->props[i].pub.fingerprint, 16);
	for (size_t i = 0; i < rs->n_props; i++)
		for (size_t j = 0; j < rs->props[i].n_pats; j++)
			put(&w, &(unsigned char){ rs->props[i].pats[j].pf_filtered }, 1);
	put_u32(&w, (uint32_t)c->n_amb);
	put(&w, c->amb, c->n_amb * AMB_WIDTH * sizeof *c->amb);
	put_u64(&w, blob_len);
	put(&w, blob, blob_len);
	put(&w, img, img_len);
	if (w.failed) {
		rc = CT_ENOMEM;
		goto out;
	}
	memcpy(h.magic, "ctrules", 8);
	h.format = CACHE_FORMAT;
	h.byte_order = BYTE_ORDER_MARK;
	h.image_len = img_len;
	out = (unsigned char *)w.buf.p;
	h.payload_len = w.buf.len - sizeof h - img_len;
	h.payload_sum = checksum(out + sizeof h, h.payload_len);
	h.image_sum = checksum(out + sizeof h + h.payload_len, img_len);
	memcpy(h.key, c->digest, sizeof h.key);
	memcpy(out, &h, sizeof h);
	if ((rc = make_dirs(c->dir)) == CT_OK)
		rc = write_atomically(c, path, out, w.buf.len);
	if (rc == CT_OK)
		prune(c, path);
out:
	pcre2_serialize_free(blob);
	free(img);
	ct_buf_release(&w.buf);
	return rc;
}
