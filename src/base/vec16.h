/*
 * Internal: sixteen bytes tested at once, for the scanners of text. GCC's
 * and clang's vector extension (SSE2 on x86-64): a compare of two vectors
 * gives 0xFF in each byte where it holds and 0 elsewhere, and ct_bits16()
 * makes that one bit a byte, the first byte's the lowest. Where there is
 * no vector extension or the bytes are big-endian, CT_HAVE_VEC16 is not
 * defined and the callers go a byte at a time.
 */
#ifndef CT_VEC16_H
#define CT_VEC16_H

#include <stdint.h>
#include <string.h>

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CT_HAVE_VEC16 1

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef signed char ct_s8x16 __attribute__((vector_size(16)));

/* A vector of sixteen bytes c. */
#define CT_SPLAT16(c) { c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c }

/* The sixteen bytes at p, of any alignment. */
static inline ct_s8x16 ct_load16(const char *p)
{
	ct_s8x16 v;

	memcpy(&v, p, sizeof v);
	return v;
}

/*
 * One bit for each byte of the compare's result v: SSE2's movemask, and
 * elsewhere the high bits of each half gathered into its top byte by a
 * multiply.
 */
static inline unsigned ct_bits16(ct_s8x16 v)
{
#if defined(__SSE2__)
	return (unsigned)_mm_movemask_epi8((__m128i)v);
#else
	typedef uint64_t u64x2 __attribute__((vector_size(16)));
	const uint64_t highs = 0x8080808080808080ULL, gather = 0x0002040810204081ULL;
	u64x2 w = (u64x2)v;

	return (unsigned)(((w[0] & highs) * gather) >> 56) |
	       (unsigned)(((w[1] & highs) * gather) >> 56) << 8;
#endif
}
#endif

#endif
