/*
 * Fingerprints of document bodies, to find copies of one story: MinHash of
 * word shingles, one permutation hashing with optimal densification
 * (Shrivastava, ICML 2017), banded for an indexed lookup (LSH).
 *
 * Why MinHash and not SimHash, measured on bench/gen_copies.py's set of
 * 150 stories, 6 copies each and 3 other stories on each one's topic
 * (bench/copyeval, 1,124,250 pairs): a copy keeps most of the story's
 * shingles but gains or loses whole paragraphs (a new lead, a byline,
 * related links, a newsletter line, a footer, the last paragraphs cut),
 * so its share of shingles in common with another copy (Jaccard) falls as
 * low as 0.1-0.5, while two stories on one topic stay under 0.22. MinHash
 * estimates that share, and its bands find a pair above 0.3 with an
 * indexed lookup: precision 1.0000 and recall 0.9575 over pairs at 0.3;
 * 0.9856 of copies are linked to an earlier copy of their story, none to
 * another. SimHash of the same shingles turns a copy into a distance of
 * 10-20 bits of 64: within 4 bits, what a permuted-table lookup reaches,
 * it finds 7% of the pairs; at its best precision at or above 0.99, 62%
 * (12 bits).
 *
 * Why 7 words, 3 rows and 0.3, on the same set: shingles of 5 words let
 * the template prose that different stories share reach 0.31 and of 3
 * words 0.45; of 7 words 0.22, and copies still reach 0.3 (pair recall
 * 0.9575; 0.9476 with 8 words). Bands of 3 rows (42 keys) find a pair at
 * 0.3 two times in three, bands of 4 (32 keys) one time in four: pair
 * recall 0.9092 with 4.
 *
 * One pass over the bytes, a constant number of operations per word,
 * nothing allocated: a word's hash is computed as its bytes are read, a
 * shingle's from the last few words' hashes in a ring, and each shingle
 * lands in one of the slots by its hash (one permutation hashing) rather
 * than being hashed once per slot.
 */
#include "claimtrack/text.h"

#include <string.h>

#define RING CT_FP_SHINGLE_WORDS
#define EMPTY UINT32_MAX

/* splitmix64's finalizer: every output bit depends on every input bit. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/*
 * Whether the code point cp is part of a word: letters and digits of any
 * script are; spaces, punctuation of Latin-1 and General Punctuation
 * (curly quotes, dashes, ellipsis), symbols before U+00C0 and the
 * replacement character are not, so "(Reuters) — " and "(Reuters) - "
 * give the same words.
 */
static bool word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	if (cp < 0xc0 || cp == 0xd7 || cp == 0xf7)
		return false;
	if (cp >= 0x2000 && cp <= 0x2bff)      /* punctuation, symbols, arrows */
		return false;
	if (cp >= 0x3000 && cp <= 0x303f)      /* CJK punctuation */
		return false;
	return cp != 0xfeff && cp != 0xfffd;
}

/*
 * The code point at s[i] (len bytes in all) and its length in *n; a byte
 * that does not start a valid sequence is read as itself, one byte. Not
 * inlined: inlined, it kept the word loop holding on to each byte it read
 * (two more instructions a byte).
 */
__attribute__((noinline))
static uint32_t decode(const unsigned char *s, size_t len, size_t i, size_t *n)
{
	unsigned char c = s[i];
	uint32_t cp;
	size_t k;

	if (c < 0xc2 || c > 0xf4) {
		*n = 1;
		return c;
	}
	k = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if (i + k > len) {
		*n = 1;
		return c;
	}
	cp = c & (0x3f >> (k - 1));
	for (size_t j = 1; j < k; j++) {
		if ((s[i + j] & 0xc0) != 0x80) {
			*n = 1;
			return c;
		}
		cp = cp << 6 | (s[i + j] & 0x3f);
	}
	*n = k;
	return cp;
}

/* A shingle's hash is the polynomial sum of its words' hashes,
 * w1 B^(n-1) + ... + wn (mod 2^64), kept as words come and go at one
 * multiplication each, then mixed. B^(n-1) for n = CT_FP_SHINGLE_WORDS. */
#define BASE 0x100000001b3ULL

static uint64_t power(uint64_t b, unsigned e)
{
	uint64_t r = 1;

	while (e--)
		r *= b;
	return r;
}

static void add_shingle(struct ct_fingerprint *fp, uint64_t h)
{
	uint32_t slot = (uint32_t)(h >> (64 - CT_FP_SLOTS_LOG2));
	uint32_t v = (uint32_t)h;

	if (v == EMPTY)
		v--;
	if (v < fp->min[slot])
		fp->min[slot] = v;
}

/*
 * Optimal densification: an empty slot takes the value of the first
 * non-empty slot of its own random sequence of slots, so that two
 * signatures agree on it with the probability of their Jaccard
 * similarity, as the slots that filled do. The values borrowed are
 * those of the slots as filled by shingles, never borrowed ones.
 */
static void densify(struct ct_fingerprint *fp)
{
	uint32_t filled[CT_FP_SLOTS];

	memcpy(filled, fp->min, sizeof filled);
	for (uint32_t j = 0; j < CT_FP_SLOTS; j++) {
		if (filled[j] != EMPTY)
			continue;
		for (uint64_t attempt = 1;; attempt++) {
			uint64_t h = mix64((uint64_t)j << 32 ^ attempt ^ 0x5bd1e995ULL);
			uint32_t k = (uint32_t)(h >> (64 - CT_FP_SLOTS_LOG2));
			if (filled[k] != EMPTY) {
				fp->min[j] = filled[k];
				break;
			}
		}
	}
}

/*
 * Each byte read as: 0 not part of a word, 1 a byte of a character
 * beyond ASCII (decoded, then word_cp() decides), else an ASCII letter
 * or digit, lowercased: a lookup rather than tests for most bytes.
 */
static const unsigned char byte_class[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 0, 0, 0, 0, 0, 0,
	0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
	112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
	0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
	112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/*
 * The shingling state of ct_fingerprint_compute(): the last words' hashes
 * in a ring of eight (a power of two: the slot is a mask, not a test), the
 * rolling hash of the last RING, and B^(RING-1) to take the oldest out.
 */
struct shingler {
	uint64_t ring[8], roll, top;
	size_t n_words;
};

_Static_assert(RING < 8, "the ring holds a shingle's words and one more");

/* A word, hashed h, ends: it enters the shingle, the oldest leaves. */
static inline void end_word(struct shingler *sh, struct ct_fingerprint *fp, uint64_t h)
{
	size_t n = sh->n_words;

	/* The word RING before this one sits RING slots back in the ring;
	 * before the RING-th word, that slot is one not written yet, 0. */
	sh->roll -= sh->ring[(n - RING) & 7] * sh->top;
	sh->roll = sh->roll * BASE + h;
	sh->ring[n & 7] = h;
	sh->n_words = n + 1;
	if (n + 1 >= RING)
		add_shingle(fp, mix64(sh->roll ^ RING));
}

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/*
 * Hashes the ASCII letters and digits from p on into *h, most of a word's
 * bytes: four a turn while four remain. Returns where they stop, and in
 * *cls that byte's class (0 at the end of the text).
 */
static inline const unsigned char *hash_ascii(const unsigned char *p, const unsigned char *end,
					      uint64_t *h, uint64_t *cls)
{
	uint64_t v = *h, c;

	for (;;) {
		if (end - p < 4) {
			while (p != end && (c = byte_class[*p]) > 1) {
				v = (v ^ c) * FNV_PRIME;
				p++;
			}
			if (p == end)
				c = 0;
			break;
		}
		if ((c = byte_class[p[0]]) <= 1)
			break;
		v = (v ^ c) * FNV_PRIME;
		if ((c = byte_class[p[1]]) <= 1) {
			p += 1;
			break;
		}
		v = (v ^ c) * FNV_PRIME;
		if ((c = byte_class[p[2]]) <= 1) {
			p += 2;
			break;
		}
		v = (v ^ c) * FNV_PRIME;
		if ((c = byte_class[p[3]]) <= 1) {
			p += 3;
			break;
		}
		v = (v ^ c) * FNV_PRIME;
		p += 4;
	}
	*h = v;
	*cls = c;
	return p;
}

void ct_fingerprint_compute(const char *text, size_t len, struct ct_fingerprint *fp)
{
	const unsigned char *s = (const unsigned char *)text, *p = s, *end = s + len;
	struct shingler sh = { .top = power(BASE, RING - 1) };

	for (size_t j = 0; j < CT_FP_SLOTS; j++)
		fp->min[j] = EMPTY;
	while (p != end) {
		uint64_t c = byte_class[*p], h;
		uint32_t cp;
		size_t n;
		/* Between words: a byte that makes none is skipped. */
		if (c == 0) {
			p++;
			continue;
		}
		if (c == 1) {
			cp = decode(s, len, (size_t)(p - s), &n);
			p += n;
			if (!word_cp(cp))
				continue;
			h = (FNV_OFFSET ^ cp) * FNV_PRIME;
		} else {
			h = (FNV_OFFSET ^ c) * FNV_PRIME;
			p++;
		}
		/* A word, hashed as its bytes are read, up to a byte that
		 * makes none or the end. */
		for (;;) {
			p = hash_ascii(p, end, &h, &c);
			if (c == 0) {
				if (p != end)
					p++;
				break;
			}
			cp = decode(s, len, (size_t)(p - s), &n);
			p += n;
			if (!word_cp(cp))
				break;
			h = (h ^ cp) * FNV_PRIME;
		}
		end_word(&sh, fp, h);
	}
	/* A text shorter than a shingle is one shingle of all its words. */
	if (sh.n_words > 0 && sh.n_words < RING)
		add_shingle(fp, mix64(sh.roll ^ sh.n_words));
	/* A shingle ends at each word from the RING-th on. */
	fp->n_shingles = (uint32_t)(sh.n_words >= RING ? sh.n_words - RING + 1 : sh.n_words > 0);
	if (fp->n_shingles)
		densify(fp);
}

/* The count is 32 bits wide, as the values are: the compiler then
 * compares four values an instruction (a size_t count, one). */
double ct_fingerprint_similarity(const struct ct_fingerprint *a, const struct ct_fingerprint *b)
{
	uint32_t same = 0;

	if (!a->n_shingles || !b->n_shingles)
		return 0.0;
	for (size_t j = 0; j < CT_FP_SLOTS; j++)
		same += a->min[j] == b->min[j];
	return (double)same / CT_FP_SLOTS;
}

void ct_fingerprint_bands(const struct ct_fingerprint *fp, int64_t keys[CT_FP_BANDS])
{
	for (size_t b = 0; b < CT_FP_BANDS; b++) {
		uint64_t h = 0x2545f4914f6cdd1dULL ^ b;
		for (size_t r = 0; r < CT_FP_ROWS; r++)
			h = mix64(h ^ fp->min[b * CT_FP_ROWS + r]);
		/* An empty text has no band: 0 is never a key. */
		keys[b] = fp->n_shingles ? (int64_t)(h | 1) : 0;
	}
}
