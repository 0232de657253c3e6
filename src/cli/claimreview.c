/* A stored claim as a ClaimReview: shared by `export` and the claim pages of `serve`. */
#include "cli.h"

#include <string.h>

bool cli_claimreview_of(const struct ct_stored_claim *c, const struct ct_proposition *p,
			const char *publisher, struct ct_claimreview *out)
{
	const char *alt = NULL;
	int value = 0;

	if (!c || !p || c->hedged ||
	    !ct_claimreview_rate(p->verdict, p->rating, p->rating_best, c->stance, &alt, &value))
		return false;
	memset(out, 0, sizeof *out);
	out->claim_id = c->id;
	out->sentence = c->sentence;
	out->match = c->match;
	out->speaker = c->speaker;
	out->speaker_kind = c->speaker_kind;
	out->date = c->statement_date ? c->statement_date : c->date;
	out->url = c->document_url;
	out->title = c->document_title;
	out->published = c->date;
	out->outlet = c->outlet;
	out->verdict = alt;
	out->rating = value;
	out->rating_best = value ? p->rating_best : 0;
	out->review_url = p->review_url;
	out->publisher = publisher;
	return true;
}
