/*
 * SHA-256 (FIPS 180-4), for keys that must change whenever their input
 * does: the compiled-rules cache is named and validated by one.
 */
#ifndef CT_SHA256_H
#define CT_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CT_SHA256_LEN 32

struct ct_sha256 {
	uint32_t h[8];
	uint64_t n_bytes;      /* hashed so far */
	unsigned char buf[64]; /* the incomplete block */
	size_t n_buf;
	bool portable;         /* plain C even where the CPU has SHA instructions
				* (set by init; tests clear or set it) */
};

void ct_sha256_init(struct ct_sha256 *s);
void ct_sha256_update(struct ct_sha256 *s, const void *data, size_t len);
/* Writes the digest; s must be initialised again before more use. */
void ct_sha256_final(struct ct_sha256 *s, unsigned char out[CT_SHA256_LEN]);

#endif
