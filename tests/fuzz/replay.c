/*
 * Runs a fuzz target's entry point on saved inputs, without libFuzzer: the
 * regression test for inputs that once crashed a target, and a check that
 * the seed corpus still goes through. Arguments are files or folders (every
 * file in a folder, in name order, dot files skipped). Each input is read
 * into a buffer of exactly its size, as libFuzzer passes it, so a read past
 * the end shows under AddressSanitizer. Exits 1 when a path cannot be read
 * or no input was found; a failing input aborts, naming itself first.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "claimtrack/claimtrack.h"
#include "fuzz.h"

/* Reads a whole file into a buffer of exactly its size (the caller frees). */
static int read_exact(const char *path, uint8_t **out, size_t *n_out)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long size;
	int ok = 0;

	if (!f)
		return 0;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		goto out;
	/* malloc(0) may return NULL: keep one byte, but pass a size of 0. */
	if (!(buf = malloc(size ? (size_t)size : 1)))
		goto out;
	if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		goto out;
	}
	*out = buf;
	*n_out = (size_t)size;
	ok = 1;
out:
	fclose(f);
	return ok;
}

static int run_file(const char *path)
{
	uint8_t *data;
	size_t size;

	if (!read_exact(path, &data, &size)) {
		fprintf(stderr, "replay: %s: cannot read: %s\n", path, strerror(errno));
		return 0;
	}
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every file of a folder in name order; returns the count, -1 on error. */
static long run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	long count = 0;

	if (!d) {
		fprintf(stderr, "replay: %s: cannot read folder: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nv = realloc(names, (cap ? cap * 2 : 64) * sizeof *names);
			if (!nv)
				abort();
			names = nv;
			cap = cap ? cap * 2 : 64;
		}
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		if (!(names[n] = malloc(len)))
			abort();
		snprintf(names[n++], len, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (!run_file(names[i]))
				count = -1;
			else if (count >= 0)
				count++;
		}
		free(names[i]);
	}
	free(names);
	return count;
}

int main(int argc, char **argv)
{
	long total = 0;
	int status = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;
		long n;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		n = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i]);
		if (n < 0)
			status = 1;
		else
			total += n;
	}
	if (total == 0) {
		fprintf(stderr, "replay: no inputs\n");
		status = 1;
	}
	printf("replay: %ld inputs\n", total);
	return status;
}
