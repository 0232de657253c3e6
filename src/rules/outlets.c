/*
 * The outlet index: every name of the ruleset's outlet blocks (the name,
 * its aliases, its domains) hashed to its outlet, so that attribution
 * asks once per phrase which outlet a name denotes instead of comparing
 * it with each name of each block. Built at load, like the word index:
 * a hundred or so names hash in microseconds, and the rules cache need
 * not store it.
 */
#include "rules/rules_internal.h"
#include "rules/words.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The length of s[0, n) without a possessive 's, which names are
 * compared without on either side; a bare apostrophe ("Reuters'") is
 * part of the name. */
static size_t base_len(const char *s, size_t n)
{
	return n >= 2 && s[n - 2] == '\'' && s[n - 1] == 's' ? n - 2 : n;
}

/* The slot of the key s[0, n), hashed h, or the free one where it would go. */
static struct ct_outlet_slot *outlet_slot(const struct ct_ruleset *rs, const char *s, size_t n,
					  uint64_t h)
{
	for (size_t k = h & rs->outlet_mask;; k = (k + 1) & rs->outlet_mask) {
		struct ct_outlet_slot *sl = &rs->outlet_slots[k];
		if (!sl->text ||
		    (sl->hash == h && sl->len == n && strncasecmp(sl->text, s, n) == 0))
			return sl;
	}
}

/* Adds name as a name of outlet i, unless an earlier outlet, or an
 * earlier name of the same one, has the same key: the first wins, as it
 * did when the blocks were searched in order. */
static void outlet_put(struct ct_ruleset *rs, const char *name, size_t i)
{
	size_t n = base_len(name, strlen(name));
	uint64_t h = word_hash(name, n);
	struct ct_outlet_slot *sl = outlet_slot(rs, name, n, h);

	if (!sl->text) {
		sl->text = name;
		sl->len = n;
		sl->hash = h;
		sl->outlet = i;
	}
}

int ct_outlets_index(struct ct_ruleset *rs)
{
	size_t n = 0, cap = 16;

	free(rs->outlet_slots);
	rs->outlet_slots = NULL;
	rs->outlet_mask = 0;
	if (rs->n_outlets == 0)
		return CT_OK;
	for (size_t i = 0; i < rs->n_outlets; i++)
		n += 1 + rs->outlets[i].pub.n_aliases + rs->outlets[i].pub.n_domains;
	/* At most half full, so that a name that is none, as most phrases
	 * asked about are, stops at a free slot soon. */
	while (cap < 2 * n)
		cap *= 2;
	if (!(rs->outlet_slots = calloc(cap, sizeof *rs->outlet_slots)))
		return CT_ENOMEM;
	rs->outlet_mask = cap - 1;
	for (size_t i = 0; i < rs->n_outlets; i++) {
		const struct ct_outlet_def *d = &rs->outlets[i].pub;
		outlet_put(rs, d->name, i);
		for (size_t k = 0; k < d->n_aliases; k++)
			outlet_put(rs, d->aliases[k], i);
		for (size_t k = 0; k < d->n_domains; k++)
			outlet_put(rs, d->domains[k], i);
	}
	return CT_OK;
}

const struct ct_outlet_def *ct_ruleset_find_outlet(const struct ct_ruleset *rs,
						   const char *name, size_t len)
{
	if (!rs->outlet_slots)
		return NULL;
	size_t n = base_len(name, len);
	const struct ct_outlet_slot *sl = outlet_slot(rs, name, n, word_hash(name, n));

	return sl->text ? &rs->outlets[sl->outlet].pub : NULL;
}
