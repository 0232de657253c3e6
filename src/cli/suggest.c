/* "Did you mean": the known name closest to a mistyped command or option. */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

/*
 * The optimal string alignment distance: insertions, deletions,
 * substitutions and swaps of two neighbouring bytes each cost 1, and no
 * part of the string is edited twice. Three rows of the usual table are
 * kept: the one two back is needed for swaps. SIZE_MAX when out of memory.
 */
size_t cli_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d;
	size_t *rows = malloc(3 * (lb + 1) * sizeof *rows);
	size_t *back2, *back1, *cur;

	if (!rows)
		return SIZE_MAX;
	back2 = rows;
	back1 = rows + (lb + 1);
	cur = rows + 2 * (lb + 1);
	for (size_t j = 0; j <= lb; j++)
		back1[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			cur[j] = min3(back1[j] + 1, cur[j - 1] + 1, back1[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
			    && back2[j - 2] + 1 < cur[j])
				cur[j] = back2[j - 2] + 1;
		}
		size_t *t = back2;
		back2 = back1;
		back1 = cur;
		cur = t;
	}
	d = back1[lb];
	free(rows);
	return d;
}

/*
 * The candidate nearest to word: the one at the smallest distance when no
 * other is as near and the distance is at most max(1, len/3) for a word of
 * len bytes (git's rule of thumb: a typo, not another word); else the one
 * candidate that word begins ("rep" for "report"). A distance is at least
 * the difference of the lengths, so candidates far longer or shorter than
 * the word are not compared at all (a long argument costs nothing).
 */
const char *cli_closest(const char *word, const char *const *candidates, size_t n)
{
	size_t len = strlen(word), limit = len / 3 > 1 ? len / 3 : 1;
	size_t best_d = SIZE_MAX, n_best = 0, n_prefix = 0;
	const char *best = NULL, *prefix = NULL;

	if (len == 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t lc = strlen(candidates[i]), d;

		if (lc > len && strncmp(candidates[i], word, len) == 0) {
			n_prefix++;
			prefix = candidates[i];
		}
		if ((lc > len ? lc - len : len - lc) > limit)
			continue;
		d = cli_edit_distance(word, candidates[i]);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
			n_best = 1;
		} else if (d == best_d) {
			n_best++;
		}
	}
	if (n_best == 1 && best_d <= limit)
		return best;
	if (n_prefix == 1)
		return prefix;
	return NULL;
}

void cli_did_you_mean(char *buf, size_t size, const char *word, const char *prefix,
		      const char *const *candidates, size_t n)
{
	const char *near = cli_closest(word, candidates, n);

	if (near)
		snprintf(buf, size, "; did you mean '%s%s'?", prefix, near);
	else if (size > 0)
		buf[0] = '\0';
}
