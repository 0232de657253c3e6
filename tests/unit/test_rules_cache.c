/*
 * Unit tests for the compiled-rules cache (rules_cache.c), its SHA-256 key
 * (sha256.c) and the prefilter's image (prefilter.c): a second load of the
 * same files uses the entry and finds the same claims; an edited rule
 * file, another option, a damaged, truncated or foreign entry are compiled
 * afresh; diagnostics are the same with and without the cache.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimtrack/claimtrack.h"
#include "rules/rules_internal.h"
#include "text/text_internal.h"
#include "match/match_internal.h"
#include "attrib/attrib_internal.h"
#include "rules/rules_cache.h"
#include "base/sha256.h"

/* ---- SHA-256 ---- */

static void hex(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* The digest of text fed in pieces of `step` bytes, in plain C or with
 * the CPU's SHA instructions when it has them. */
static void sha_of(bool portable, const char *text, size_t len, size_t step, char out[65])
{
	struct ct_sha256 s;
	unsigned char d[CT_SHA256_LEN];

	ct_sha256_init(&s);
	if (portable)
		s.portable = true;
	for (size_t i = 0; i < len; i += step)
		ct_sha256_update(&s, text + i, len - i < step ? len - i : step);
	ct_sha256_final(&s, d);
	hex(d, sizeof d, out);
}

static void test_sha256_vectors(void **state)
{
	static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char got[65], *million = malloc(1000000);

	(void)state;
	assert_non_null(million);
	memset(million, 'a', 1000000);
	for (int portable = 0; portable <= 1; portable++) {
		sha_of(portable, "", 0, 1, got);
		assert_string_equal(got,
			"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		sha_of(portable, "abc", 3, 1, got);
		assert_string_equal(got,
			"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		for (size_t step = 1; step <= 64; step += 7) {
			sha_of(portable, two_blocks, strlen(two_blocks), step, got);
			assert_string_equal(got,
				"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
		}
		sha_of(portable, million, 1000000, 4093, got);
		assert_string_equal(got,
			"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
	free(million);
}

/* ---- the prefilter's image ---- */

static struct ct_prefilter *prefilter_of(const char *const *atoms, size_t n)
{
	struct ct_prefilter *pf;

	assert_int_equal(ct_prefilter_new(&pf), CT_OK);
	for (size_t i = 0; i < n; i++) {
		char *v[1] = { (char *)atoms[i] };
		struct ct_atoms a = { v, 1, 1 };
		assert_int_equal(ct_prefilter_add(pf, (uint32_t)i, &a), CT_OK);
	}
	assert_int_equal(ct_prefilter_compile(pf), CT_OK);
	return pf;
}

static uint64_t scan_bits(const struct ct_prefilter *pf, const char *text)
{
	uint64_t bits = 0;

	ct_prefilter_scan(pf, text, strlen(text), &bits, NULL);
	return bits;
}

static const char *const pf_atoms[] = { "threat", "terror", "taliban", "rising", "reat" };
static const char *const pf_texts[] = {
	"no threat to the region", "TERRORISTS and the Taliban", "prices are rising",
	"nothing here", "a great treat",
};

static void test_prefilter_image_round_trip(void **state)
{
	struct ct_prefilter *pf = prefilter_of(pf_atoms, 5), *back = NULL;
	unsigned char *img;
	size_t len;

	(void)state;
	assert_int_equal(ct_prefilter_save(pf, &img, &len), CT_OK);
	/* The automaton reads the image where it lies. */
	assert_int_equal(ct_prefilter_load(img, len, 5, &back), CT_OK);
	for (size_t i = 0; i < sizeof pf_texts / sizeof *pf_texts; i++)
		assert_int_equal(scan_bits(back, pf_texts[i]), scan_bits(pf, pf_texts[i]));
	assert_int_equal(scan_bits(back, pf_texts[0]), (1u << 0) | (1u << 4));
	assert_int_equal(scan_bits(back, pf_texts[3]), 0);
	ct_prefilter_free(back);
	ct_prefilter_free(pf);
	free(img);
}

/* Loading img with byte i set to v must be refused. */
static void assert_refused(const unsigned char *img, size_t len, size_t i, unsigned char v,
			   uint32_t n_pats)
{
	unsigned char *bad = malloc(len);
	struct ct_prefilter *pf = NULL;

	assert_non_null(bad);
	memcpy(bad, img, len);
	bad[i] = v;
	if (ct_prefilter_load(bad, len, n_pats, &pf) != CT_EINVAL)
		fail_msg("byte %zu set to %u was accepted", i, v);
	assert_null(pf);
	free(bad);
}

static void test_prefilter_image_damage_refused(void **state)
{
	struct ct_prefilter *pf = prefilter_of(pf_atoms, 5), *back = NULL;
	unsigned char *img;
	size_t len, head = 64, step;
	uint32_t n_cls, n_states, *out_link;

	(void)state;
	assert_int_equal(ct_prefilter_save(pf, &img, &len), CT_OK);
	memcpy(&n_cls, img, 4);
	memcpy(&n_states, img + 4, 4);
	/* Truncated, or one byte too many. */
	assert_int_equal(ct_prefilter_load(img, len - 1, 5, &back), CT_EINVAL);
	assert_int_equal(ct_prefilter_load(img, 5, 5, &back), CT_EINVAL);
	/* Counts that do not fit the length. */
	assert_refused(img, len, 0, (unsigned char)(n_cls + 1), 5);
	assert_refused(img, len, 4, (unsigned char)(n_states + 1), 5);
	/* A byte class beyond the classes. */
	assert_refused(img, len, head + 't', 0xff, 5);
	/* A transition past the last row, and a root past it. */
	step = head + 256;
	assert_refused(img, len, step + 3, 0x7f, 5);
	assert_refused(img, len, step + 4 * ((size_t)n_states * n_cls - 1) + 3, 0x7f, 5);
	assert_refused(img, len, 12 + 3, 0x01, 5);
	/* A renumbered state that does not exist. */
	assert_refused(img, len, step + 4 * (size_t)n_states * n_cls + 2, 0x7f, 5);
	/* Pattern numbers are checked against the caller's count. */
	assert_int_equal(ct_prefilter_load(img, len, 4, &back), CT_EINVAL);
	/* An output link that loops back on itself would hang a scan. */
	out_link = (uint32_t *)(img + step + ((size_t)n_states * n_cls + n_states) * 4);
	for (uint32_t s = 1; s < n_states; s++) {
		uint32_t keep = out_link[s];
		out_link[s] = s;
		assert_int_equal(ct_prefilter_load(img, len, 5, &back), CT_EINVAL);
		out_link[s] = keep;
	}
	assert_null(back);
	assert_int_equal(ct_prefilter_load(img, len, 5, &back), CT_OK);
	ct_prefilter_free(back);
	ct_prefilter_free(pf);
	free(img);
}

/* ---- the cache ---- */

struct diags {
	char text[8192];
	size_t n;
};

static void collect(const struct ct_diag *d, void *user)
{
	struct diags *ds = user;
	size_t used = strlen(ds->text);

	snprintf(ds->text + used, sizeof ds->text - used, "%s:%d:%d: %s: %s\n",
		 d->file ? d->file : "-", d->line, d->col,
		 d->severity == CT_DIAG_ERROR ? "error" : "warning", d->message);
	ds->n++;
}

struct fixture {
	char dir[64];          /* the test's folder */
	char rules[128];       /* a rule file in it */
	char cache[128];       /* the cache folder in it */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/ct-cache-test-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->rules, sizeof f->rules, "%s/test.rules", f->dir);
	snprintf(f->cache, sizeof f->cache, "%s/cache/claimtrack", f->dir);
	*state = f;
	return 0;
}

static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d) {
		unlink(path);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char sub[512];
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		remove_tree(sub);
	}
	closedir(d);
	rmdir(path);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	remove_tree(f->dir);
	free(f);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

static const char rules_v1[] =
	"define THREAT (?:threat|danger)s?\n"
	"define UNUSED nothing\n"
	"proposition t.region\n"
	"  title The region is safe\n"
	"  rev 1\n"
	"  supports no {THREAT} to the region\n"
	"  refutes  grave {THREAT} to the region\n"
	"  refutes  \\w+ is a risk\n"
	"  expect supports There is no threat to the region.\n"
	"  expect none No grave threat to the region, no threat to the region.\n"
	"end\n"
	"proposition t.prices\n"
	"  title Prices are rising\n"
	"  rev 2\n"
	"  supports prices (?:are|keep) rising\n"
	"  supports \\d+ ?% (?:up|hi)\n"
	"end\n";

/* v1 with one pattern changed, to as many bytes: "rising" became "easing". */
static const char rules_v2[] =
	"define THREAT (?:threat|danger)s?\n"
	"define UNUSED nothing\n"
	"proposition t.region\n"
	"  title The region is safe\n"
	"  rev 1\n"
	"  supports no {THREAT} to the region\n"
	"  refutes  grave {THREAT} to the region\n"
	"  refutes  \\w+ is a risk\n"
	"  expect supports There is no threat to the region.\n"
	"  expect none No grave threat to the region, no threat to the region.\n"
	"end\n"
	"proposition t.prices\n"
	"  title Prices are rising\n"
	"  rev 2\n"
	"  supports prices (?:are|keep) easing\n"
	"  supports \\d+ ?% (?:up|hi)\n"
	"end\n";

struct loaded {
	struct ct_ruleset *rs;
	struct diags diags;
	int rc;
};

static void load(const struct fixture *f, bool with_cache, bool no_prefilter, struct loaded *out)
{
	const char *paths[] = { f->rules };
	struct ct_rules_options o = { collect, &out->diags, false, no_prefilter,
				      with_cache ? f->cache : NULL };

	memset(out, 0, sizeof *out);
	out->rc = ct_rules_load(paths, 1, &o, &out->rs);
}

/* The claims rs finds in text, one "id stance" line each. */
static int add_claim(const struct ct_claim *c, void *user)
{
	char *s = user;
	size_t used = strlen(s);

	snprintf(s + used, 1024 - used, "%s %s;", c->proposition->id, ct_stance_name(c->stance));
	return 0;
}

static void claims_of(const struct ct_ruleset *rs, const char *text, char out[1024])
{
	struct ct_matcher *m;

	out[0] = '\0';
	assert_int_equal(ct_matcher_new(rs, NULL, NULL, &m), CT_OK);
	assert_int_equal(ct_matcher_scan_sentence(m, text, strlen(text), CT_SCAN_IGNORE_CONTEXT,
						  add_claim, out), CT_OK);
	ct_matcher_free(m);
}

static const char *const sentences[] = {
	"There is no threat to the region, the minister said.",
	"Officials warned of a grave danger to the region.",
	"Inflation is a risk.",
	"Prices keep rising.",
	"Prices keep easing.",
	"Exports were 5% up.",
	"Nothing to see here.",
};
#define N_SENTENCES (sizeof sentences / sizeof *sentences)

static void assert_same_rules(const struct ct_ruleset *a, const struct ct_ruleset *b)
{
	char ca[1024], cb[1024];

	assert_int_equal(ct_ruleset_n_propositions(a), ct_ruleset_n_propositions(b));
	for (size_t i = 0; i < ct_ruleset_n_propositions(a); i++)
		assert_string_equal(ct_ruleset_proposition(a, i)->fingerprint,
				    ct_ruleset_proposition(b, i)->fingerprint);
	for (size_t i = 0; i < N_SENTENCES; i++) {
		claims_of(a, sentences[i], ca);
		claims_of(b, sentences[i], cb);
		if (strcmp(ca, cb) != 0)
			fail_msg("\"%s\": \"%s\" against \"%s\"", sentences[i], ca, cb);
	}
}

/* The one entry in the cache folder: its path and inode (0 when none). */
static ino_t entry(const struct fixture *f, char path[512])
{
	DIR *d = opendir(f->cache);
	struct dirent *e;
	struct stat st;
	int n = 0;
	ino_t ino = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, 512, "%s/%s", f->cache, e->d_name);
		assert_int_equal(stat(path, &st), 0);
		ino = st.st_ino;
		n++;
	}
	closedir(d);
	assert_true(n <= 1);
	return ino;
}

static void test_second_load_uses_the_entry(void **state)
{
	struct fixture *f = *state;
	struct loaded plain, first, second;
	char path[512], claims[1024];
	ino_t ino;

	write_file(f->rules, rules_v1);
	load(f, false, false, &plain);
	assert_int_equal(plain.rc, CT_OK);
	assert_int_equal(entry(f, path), 0);

	load(f, true, false, &first);
	assert_int_equal(first.rc, CT_OK);
	ino = entry(f, path);
	assert_true(ino != 0);

	load(f, true, false, &second);
	assert_int_equal(second.rc, CT_OK);
	/* Not written again: the entry was used. */
	assert_true(entry(f, path) == ino);

	/* Same rules, same claims, same warnings (unused define, ambiguous
	 * expect) from the compiled and the cached load. */
	assert_same_rules(plain.rs, first.rs);
	assert_same_rules(plain.rs, second.rs);
	assert_int_equal(plain.diags.n, 2);
	assert_string_equal(first.diags.text, plain.diags.text);
	assert_string_equal(second.diags.text, plain.diags.text);
	claims_of(second.rs, sentences[0], claims);
	assert_string_equal(claims, "t.region supports;");
	claims_of(second.rs, sentences[3], claims);
	assert_string_equal(claims, "t.prices supports;");
	/* A pattern the prefilter cannot filter. */
	claims_of(second.rs, sentences[5], claims);
	assert_string_equal(claims, "t.prices supports;");
	ct_ruleset_free(plain.rs);
	ct_ruleset_free(first.rs);
	ct_ruleset_free(second.rs);
}

static void test_edited_rule_file_misses(void **state)
{
	struct fixture *f = *state;
	struct loaded a, b, c;
	char path[512], claims[1024];
	struct timespec times[2];
	struct stat st;
	ino_t ino;

	write_file(f->rules, rules_v1);
	load(f, true, false, &a);
	ino = entry(f, path);
	assert_true(ino != 0);
	claims_of(a.rs, sentences[3], claims);
	assert_string_equal(claims, "t.prices supports;");

	/* Same file name, size and modification time, other bytes. */
	assert_int_equal(stat(f->rules, &st), 0);
	write_file(f->rules, rules_v2);
	times[0] = st.st_atim;
	times[1] = st.st_mtim;
	assert_int_equal(utimensat(AT_FDCWD, f->rules, times, 0), 0);
	load(f, true, false, &b);
	assert_int_equal(b.rc, CT_OK);
	claims_of(b.rs, sentences[3], claims);
	assert_string_equal(claims, "");
	claims_of(b.rs, sentences[4], claims);
	assert_string_equal(claims, "t.prices supports;");
	assert_true(strcmp(ct_ruleset_proposition(a.rs, 1)->fingerprint,
			   ct_ruleset_proposition(b.rs, 1)->fingerprint) != 0);
	/* The entry was replaced, not added to. */
	assert_true(entry(f, path) != ino);

	/* And back: the old bytes compile again, to the old result. */
	write_file(f->rules, rules_v1);
	load(f, true, false, &c);
	assert_same_rules(a.rs, c.rs);
	ct_ruleset_free(a.rs);
	ct_ruleset_free(b.rs);
	ct_ruleset_free(c.rs);
}

static void test_option_change_misses(void **state)
{
	struct fixture *f = *state;
	struct loaded a, b, plain;

	write_file(f->rules, rules_v1);
	load(f, true, false, &a);
	load(f, true, true, &b);
	load(f, false, true, &plain);
	assert_int_equal(b.rc, CT_OK);
	assert_null(b.rs->pf);
	assert_non_null(a.rs->pf);
	assert_same_rules(b.rs, plain.rs);
	ct_ruleset_free(a.rs);
	ct_ruleset_free(b.rs);
	ct_ruleset_free(plain.rs);
}

/* Damages the entry with fn, loads, and checks the rules are right and the
 * entry was written again. */
static void check_damage(struct fixture *f, void (*fn)(const char *path, long size))
{
	struct loaded good, after, again;
	char path[512];
	struct stat st;

	struct loaded written;
	ino_t ino;

	/* The rules from the compiler: a ruleset loaded from the entry reads
	 * the mapped file, which the damage below changes in place (claimtrack
	 * itself only ever renames a whole new entry over an old one). */
	write_file(f->rules, rules_v1);
	load(f, false, false, &good);
	load(f, true, false, &written);
	assert_string_equal(written.diags.text, good.diags.text);
	ct_ruleset_free(written.rs);
	ino = entry(f, path);
	assert_true(ino != 0);
	assert_int_equal(stat(path, &st), 0);
	fn(path, (long)st.st_size);
	assert_true(entry(f, path) == ino);
	load(f, true, false, &after);
	assert_int_equal(after.rc, CT_OK);
	assert_same_rules(good.rs, after.rs);
	assert_string_equal(after.diags.text, good.diags.text);
	/* The damage was seen: the entry was compiled and written again,
	 * whole, and the next load uses it. */
	assert_true(entry(f, path) != ino);
	ino = entry(f, path);
	load(f, true, false, &again);
	assert_true(entry(f, path) == ino);
	assert_same_rules(good.rs, again.rs);
	ct_ruleset_free(good.rs);
	ct_ruleset_free(after.rs);
	ct_ruleset_free(again.rs);
}

static void flip_byte(const char *path, long at)
{
	FILE *fp = fopen(path, "r+b");
	int c;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, at, SEEK_SET), 0);
	c = fgetc(fp);
	assert_int_equal(fseek(fp, at, SEEK_SET), 0);
	fputc(c ^ 0x20, fp);
	assert_int_equal(fclose(fp), 0);
}

/* The entry's head, to find its parts. */
static struct ct_rules_cache_head head_of(const char *path)
{
	struct ct_rules_cache_head h;
	FILE *fp = fopen(path, "rb");

	assert_non_null(fp);
	assert_int_equal(fread(&h, sizeof h, 1, fp), 1);
	assert_int_equal(fclose(fp), 0);
	return h;
}

/* The u32 at `at` in the file. */
static uint32_t u32_at(const char *path, long at)
{
	uint32_t v;
	FILE *fp = fopen(path, "rb");

	assert_non_null(fp);
	assert_int_equal(fseek(fp, at, SEEK_SET), 0);
	assert_int_equal(fread(&v, sizeof v, 1, fp), 1);
	assert_int_equal(fclose(fp), 0);
	return v;
}

#define PART(path, i) ((long)head_of(path).part[i].off)

/* The head: magic, format, byte order, key, file length, parts, two checksums. */
static void flip_in_magic(const char *path, long size) { (void)size; flip_byte(path, 1); }
static void flip_in_key(const char *path, long size) { (void)size; flip_byte(path, 20); }
static void flip_in_length(const char *path, long size) { (void)size; flip_byte(path, 49); }
static void flip_in_parts(const char *path, long size) { (void)size; flip_byte(path, 64); }
static void flip_in_checksum(const char *path, long size) { (void)size; flip_byte(path, 130); }
/* The index: counts, then fingerprints. */
static void flip_in_counts(const char *path, long size)
{
	(void)size;
	flip_byte(path, PART(path, CT_CACHE_INDEX));
}

static void flip_in_fingerprints(const char *path, long size)
{
	(void)size;
	flip_byte(path, PART(path, CT_CACHE_INDEX) + 40 + 5);
}

/* The character tables that come before the codes. */
static void flip_in_tables(const char *path, long size)
{
	(void)size;
	flip_byte(path, PART(path, CT_CACHE_CODES) + 100);
}

/* The last regex cue's code: cues are decoded at the load. */
static void flip_in_cue_codes(const char *path, long size)
{
	struct ct_rules_cache_head h = head_of(path);

	(void)size;
	flip_byte(path, (long)(h.part[CT_CACHE_CODES].off + h.part[CT_CACHE_CODES].len - 20));
}

/* The prefilter's first transition, out of its table. */
static void flip_in_image(const char *path, long size)
{
	(void)size;
	flip_byte(path, PART(path, CT_CACHE_PF) + 320 + 3);
}

static void truncate_half(const char *path, long size)
{
	assert_int_equal(truncate(path, size / 2), 0);
}

static void truncate_empty(const char *path, long size)
{
	(void)size;
	assert_int_equal(truncate(path, 0), 0);
}

static void garbage(const char *path, long size) { (void)size; write_file(path, "not a cache\n"); }

static void test_damaged_entry_is_compiled_again(void **state)
{
	struct fixture *f = *state;

	check_damage(f, flip_in_magic);
	check_damage(f, flip_in_key);
	check_damage(f, flip_in_length);
	check_damage(f, flip_in_parts);
	check_damage(f, flip_in_checksum);
	check_damage(f, flip_in_counts);
	check_damage(f, flip_in_fingerprints);
	check_damage(f, flip_in_tables);
	check_damage(f, flip_in_cue_codes);
	check_damage(f, flip_in_image);
	check_damage(f, truncate_half);
	check_damage(f, truncate_empty);
	check_damage(f, garbage);
}

/*
 * A proposition's codes are decoded when a sentence first needs them, and
 * checked then: damage there is not seen by the load, but by the first
 * sentence that runs them. Those patterns are then compiled from their
 * source, so the claims are the same, and the entry is deleted, for the
 * next load to write again.
 */
static void test_damaged_codes_found_late(void **state)
{
	struct fixture *f = *state;
	struct loaded good, written, after, again;
	char path[512], claims[1024];
	struct ct_rules_cache_head h;
	ino_t ino;
	long codes;

	write_file(f->rules, rules_v1);
	load(f, false, false, &good);
	load(f, true, false, &written);
	ct_ruleset_free(written.rs);
	ino = entry(f, path);
	assert_true(ino != 0);
	h = head_of(path);
	/* t.region's codes come first, after the head and the tables
	 * (code_prefix, the index's seventh number). */
	codes = (long)h.part[CT_CACHE_CODES].off +
		(long)u32_at(path, (long)h.part[CT_CACHE_INDEX].off + 24);
	flip_byte(path, codes + 60);
	load(f, true, false, &after);
	assert_int_equal(after.rc, CT_OK);
	assert_string_equal(after.diags.text, good.diags.text);
	/* The load used the entry. */
	assert_true(entry(f, path) == ino);
	assert_non_null(after.rs->map);
	claims_of(after.rs, sentences[3], claims);   /* t.prices: its codes are fine */
	assert_string_equal(claims, "t.prices supports;");
	assert_true(entry(f, path) == ino);
	claims_of(after.rs, sentences[0], claims);   /* t.region's are damaged */
	assert_string_equal(claims, "t.region supports;");
	assert_int_equal(entry(f, path), 0);
	assert_same_rules(good.rs, after.rs);
	/* The next load compiles and writes the entry whole again. */
	load(f, true, false, &again);
	assert_true(entry(f, path) != 0);
	assert_same_rules(good.rs, again.rs);
	ct_ruleset_free(good.rs);
	ct_ruleset_free(after.rs);
	ct_ruleset_free(again.rs);
}

/* Writes n bytes to path through a new file renamed over it. */
static void replace_file(const char *path, const unsigned char *bytes, size_t n)
{
	char tmp[600];
	FILE *fp;

	snprintf(tmp, sizeof tmp, "%s.new", path);
	assert_non_null(fp = fopen(tmp, "wb"));
	assert_int_equal(fwrite(bytes, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(rename(tmp, path), 0);
}

/*
 * Any one byte of an entry changed, in turn: every load succeeds with the
 * same warnings and scans without a crash (the sanitizers' builds would
 * see a read out of bounds). Outside the prefilters' tables the claims
 * are the same too: everything else is checked by a checksum, at the load
 * or at the first decode. A damaged value in a prefilter's tables, which
 * are used where they lie, can only give other candidates.
 */
static void test_any_damaged_byte_is_safe(void **state)
{
	struct fixture *f = *state;
	const char *paths[] = { f->rules };
	struct ct_rules_options o = { collect, NULL, true, false, f->cache };
	struct loaded good;
	struct ct_rules_cache_head h;
	char path[512], want[N_SENTENCES][1024], got[1024];
	unsigned char *bytes;
	struct stat st;
	FILE *fp;

	write_file(f->rules, rules_v1);
	memset(&good, 0, sizeof good);
	o.user = &good.diags;
	assert_int_equal(ct_rules_load(paths, 1, &o, &good.rs), CT_OK);
	for (size_t i = 0; i < N_SENTENCES; i++)
		claims_of(good.rs, sentences[i], want[i]);
	ct_ruleset_free(good.rs);
	assert_true(entry(f, path) != 0);
	assert_int_equal(stat(path, &st), 0);
	assert_non_null(bytes = malloc((size_t)st.st_size));
	assert_non_null(fp = fopen(path, "rb"));
	assert_int_equal(fread(bytes, 1, (size_t)st.st_size, fp), (size_t)st.st_size);
	assert_int_equal(fclose(fp), 0);
	memcpy(&h, bytes, sizeof h);
	for (size_t at = 0; at < (size_t)st.st_size; at += 7) {
		struct loaded l;
		bool in_tables = false;
		for (int p = CT_CACHE_PF; p <= CT_CACHE_CUE_PF; p++)
			in_tables |= h.part[p].len && at >= h.part[p].off &&
				     at < h.part[p].off + h.part[p].len;
		bytes[at] ^= 0x55;
		replace_file(path, bytes, (size_t)st.st_size);
		bytes[at] ^= 0x55;
		memset(&l, 0, sizeof l);
		o.user = &l.diags;
		assert_int_equal(ct_rules_load(paths, 1, &o, &l.rs), CT_OK);
		if (strcmp(l.diags.text, good.diags.text) != 0)
			fail_msg("byte %zu: other warnings: %s", at, l.diags.text);
		for (size_t i = 0; i < N_SENTENCES; i++) {
			claims_of(l.rs, sentences[i], got);
			if (!in_tables && strcmp(got, want[i]) != 0)
				fail_msg("byte %zu: \"%s\" gave \"%s\", not \"%s\"", at, sentences[i],
					 got, want[i]);
		}
		ct_ruleset_free(l.rs);
	}
	free(bytes);
}

static void test_entry_of_another_user_is_not_read(void **state)
{
	struct fixture *f = *state;
	struct loaded a, b;
	char path[512];
	ino_t ino;

	if (geteuid() != 0)
		skip();   /* only root can give a file away */
	write_file(f->rules, rules_v1);
	load(f, true, false, &a);
	ino = entry(f, path);
	assert_true(ino != 0);
	assert_int_equal(chown(path, 12345, 12345), 0);
	load(f, true, false, &b);
	assert_int_equal(b.rc, CT_OK);
	assert_same_rules(a.rs, b.rs);
	/* Compiled and written again, this time as this user. */
	assert_true(entry(f, path) != ino);
	ct_ruleset_free(a.rs);
	ct_ruleset_free(b.rs);
}

static void test_errors_are_not_cached(void **state)
{
	struct fixture *f = *state;
	struct loaded a, b;
	char path[512];

	write_file(f->rules, "proposition t.bad\n  title Bad\n  rev 1\n  supports unclosed (group\nend\n");
	load(f, true, false, &a);
	load(f, true, false, &b);
	assert_int_equal(a.rc, CT_ERULES);
	assert_int_equal(b.rc, CT_ERULES);
	assert_int_equal(a.diags.n, 1);
	assert_string_equal(a.diags.text, b.diags.text);
	assert_int_equal(entry(f, path), 0);
}

static void test_unwritable_cache_folder(void **state)
{
	struct fixture *f = *state;
	struct loaded a, plain;

	/* The cache "folder" is a file: nothing can be written under it. */
	snprintf(f->cache, sizeof f->cache, "%s/test.rules", f->dir);
	write_file(f->rules, rules_v1);
	load(f, true, false, &a);
	assert_int_equal(a.rc, CT_OK);
	load(f, false, false, &plain);
	assert_same_rules(a.rs, plain.rs);
	assert_string_equal(a.diags.text, plain.diags.text);
	ct_ruleset_free(a.rs);
	ct_ruleset_free(plain.rs);
}

static void test_entry_named_by_files_not_bytes(void **state)
{
	struct fixture *f = *state;
	struct ct_rules_options o = { NULL, NULL, false, false, "/nowhere" };
	struct ct_rules_cache *a, *b, *c;

	(void)f;
	assert_int_equal(ct_rules_cache_new(&o, &a), CT_OK);
	assert_int_equal(ct_rules_cache_new(&o, &b), CT_OK);
	assert_int_equal(ct_rules_cache_new(&o, &c), CT_OK);
	ct_rules_cache_add_file(a, "x.rules", "one", 3);
	ct_rules_cache_add_file(b, "x.rules", "two", 3);
	ct_rules_cache_add_file(c, "y.rules", "one", 3);
	assert_string_equal(ct_rules_cache_path(a), ct_rules_cache_path(b));
	assert_true(strcmp(ct_rules_cache_path(a), ct_rules_cache_path(c)) != 0);
	assert_true(strncmp(ct_rules_cache_path(a), "/nowhere/rules-", 15) == 0);
	ct_rules_cache_free(a);
	ct_rules_cache_free(b);
	ct_rules_cache_free(c);

	o.cache_dir = NULL;
	assert_int_equal(ct_rules_cache_new(&o, &a), CT_OK);
	assert_null(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_prefilter_image_round_trip),
		cmocka_unit_test(test_prefilter_image_damage_refused),
		cmocka_unit_test_setup_teardown(test_second_load_uses_the_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edited_rule_file_misses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_option_change_misses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_entry_is_compiled_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_codes_found_late, setup, teardown),
		cmocka_unit_test_setup_teardown(test_any_damaged_byte_is_safe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_of_another_user_is_not_read, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_errors_are_not_cached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable_cache_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_named_by_files_not_bytes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
