/*
 * Attribution: who says what in a document.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct ct_attribution {
	const struct ct_doc *doc;
	struct ct_arena arena;
	struct ct_quote *quotes;
	size_t n_quotes, cap_quotes;
	const char *outlet;
};

const char *ct_speaker_kind_name(enum ct_speaker_kind kind)
{
	switch (kind) {
	case CT_SPEAKER_PERSON: return "person";
	case CT_SPEAKER_ORGANIZATION: return "organization";
	case CT_SPEAKER_GROUP: return "group";
	case CT_SPEAKER_NARRATOR: break;
	}
	return "narrator";
}

const char *ct_quote_kind_name(enum ct_quote_kind kind)
{
	switch (kind) {
	case CT_QUOTE_INDIRECT: return "indirect";
	case CT_QUOTE_ACCORDING_TO: return "according_to";
	case CT_QUOTE_DIRECT: break;
	}
	return "direct";
}

int ct_attribute(const struct ct_ruleset *rs, const struct ct_doc *doc,
		 struct ct_attribution **out)
{
	struct ct_attribution *a = calloc(1, sizeof *a);

	(void)rs;
	if (!a)
		return CT_ENOMEM;
	a->doc = doc;
	a->outlet = doc->outlet;
	*out = a;
	return CT_OK;
}

void ct_attribution_free(struct ct_attribution *a)
{
	if (!a)
		return;
	ct_arena_release(&a->arena);
	free(a->quotes);
	free(a);
}

size_t ct_attribution_n_quotes(const struct ct_attribution *a) { return a->n_quotes; }

const struct ct_quote *ct_attribution_quote(const struct ct_attribution *a, size_t i)
{
	return i < a->n_quotes ? &a->quotes[i] : NULL;
}

const char *ct_attribution_outlet(const struct ct_attribution *a) { return a->outlet; }

/* The quote whose content overlaps [s, e) the most; NULL when none does. */
const struct ct_quote *ct_attribution_find(const struct ct_attribution *a, size_t s, size_t e)
{
	const struct ct_quote *best = NULL;
	size_t best_overlap = 0;

	for (size_t i = 0; i < a->n_quotes; i++) {
		const struct ct_quote *q = &a->quotes[i];
		size_t lo = q->start > s ? q->start : s, hi = q->end < e ? q->end : e;
		if (hi > lo && hi - lo > best_overlap) {
			best = q;
			best_overlap = hi - lo;
		}
	}
	return best;
}

/* The statement date of the sentence at `sentence`, or "" (stub). */
void ct_attribution_statement_date(const struct ct_attribution *a, size_t sentence, char out[11])
{
	(void)a;
	(void)sentence;
	out[0] = '\0';
}
