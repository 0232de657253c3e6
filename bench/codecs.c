/*
 * Which codec stores document bodies: each file's body (the text after its
 * header lines) compressed on its own, as the store does, with zlib's
 * deflate and with zstd at a few levels; prints the ratio and the speed of
 * compressing and of decompressing. Not built by meson (a one-off
 * measurement, kept to be re-run):
 *
 *   cc -O2 -o /tmp/codecs bench/codecs.c -lz -lzstd
 *   /tmp/codecs $(find BENCH_DIR/corpus-10mb -name '*.txt' | sort)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>
#include <zstd.h>

struct text { char *p; size_t n; };

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static struct text body_of(const char *path)
{
	struct text t = { 0 };
	FILE *f = fopen(path, "rb");
	char *all = NULL, *b;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(all = malloc((size_t)n + 1)) || fread(all, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	all[n] = '\0';
	b = strstr(all, "\n\n");
	b = b ? b + 2 : all;
	t.n = (size_t)(all + n - b);
	t.p = malloc(t.n + 1);
	memcpy(t.p, b, t.n);
	free(all);
	return t;
}

/* One body through a reused deflate stream (deflateReset, as the store
 * would keep one: compress2() sets up and frees 256 KB of state per call,
 * which costs more than compressing a 5 KB body). */
static size_t deflate_once(z_stream *z, int level, unsigned char *out, size_t cap,
			   const struct text *t)
{
	if (!z->state) {
		if (deflateInit(z, level) != Z_OK)
			abort();
	} else if (deflateReset(z) != Z_OK) {
		abort();
	}
	z->next_in = (Bytef *)t->p;
	z->avail_in = (uInt)t->n;
	z->next_out = out;
	z->avail_out = (uInt)cap;
	if (deflate(z, Z_FINISH) != Z_STREAM_END)
		abort();
	return z->total_out;
}

static size_t inflate_once(z_stream *z, unsigned char *in, size_t n, unsigned char *out,
			   size_t cap)
{
	if (!z->state) {
		if (inflateInit(z) != Z_OK)
			abort();
	} else if (inflateReset(z) != Z_OK) {
		abort();
	}
	z->next_in = in;
	z->avail_in = (uInt)n;
	z->next_out = out;
	z->avail_out = (uInt)cap;
	if (inflate(z, Z_FINISH) != Z_STREAM_END)
		abort();
	return z->total_out;
}

int main(int argc, char **argv)
{
	struct { const char *name; int zstd, level; } codecs[] = {
		{ "deflate", 0, 1 }, { "deflate", 0, 6 }, { "deflate", 0, 9 },
		{ "zstd", 1, 1 }, { "zstd", 1, 3 }, { "zstd", 1, 9 }, { "zstd", 1, 19 },
	};
	size_t n = (size_t)argc - 1, total = 0, cap = 0;
	struct text *t = calloc(n, sizeof *t);
	unsigned char *out, *back;

	for (size_t i = 0; i < n; i++) {
		t[i] = body_of(argv[i + 1]);
		total += t[i].n;
		if (t[i].n > cap)
			cap = t[i].n;
	}
	out = malloc(ZSTD_compressBound(cap) + compressBound(cap));
	back = malloc(cap + 1);
	printf("%zu bodies, %.2f MB\n%-8s %5s %8s %10s %10s\n", n, total / 1e6, "codec", "level",
	       "ratio", "comp MB/s", "dec MB/s");
	for (size_t c = 0; c < sizeof codecs / sizeof *codecs; c++) {
		double tc = 0, td = 0, t0;
		size_t packed = 0;
		z_stream zs = { 0 }, zi = { 0 };
		ZSTD_CCtx *cc = ZSTD_createCCtx();
		ZSTD_DCtx *dc = ZSTD_createDCtx();
		for (size_t i = 0; i < n; i++) {
			size_t m;
			size_t zm = compressBound(t[i].n), bm = t[i].n;
			t0 = now();
			if (codecs[c].zstd)
				m = ZSTD_compressCCtx(cc, out, ZSTD_compressBound(t[i].n), t[i].p, t[i].n,
						      codecs[c].level);
			else
				m = deflate_once(&zs, codecs[c].level, out, zm, &t[i]);
			tc += now() - t0;
			packed += m;
			t0 = now();
			if (codecs[c].zstd) {
				if (ZSTD_decompressDCtx(dc, back, t[i].n, out, m) != t[i].n)
					abort();
			} else if (inflate_once(&zi, out, m, back, bm) != t[i].n) {
				abort();
			}
			td += now() - t0;
			if (memcmp(back, t[i].p, t[i].n) != 0)
				abort();
		}
		printf("%-8s %5d %8.2f %10.1f %10.1f\n", codecs[c].name, codecs[c].level,
		       (double)total / packed, total / 1e6 / tc, total / 1e6 / td);
		if (zs.state)
			deflateEnd(&zs);
		if (zi.state)
			inflateEnd(&zi);
		ZSTD_freeCCtx(cc);
		ZSTD_freeDCtx(dc);
	}
	return 0;
}
