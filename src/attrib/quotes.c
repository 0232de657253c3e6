/*
 * Direct quotes: quotation marks paired into quotes, carried across
 * paragraphs the way news style writes them, and each given the speaker
 * named after it ("...," X said / said X), before it (X said: "..."), or
 * of the quote it continues. Also ct_attr_emit(), which every kind of quote goes
 * out through.
 */
#include "attrib/attrib_internal.h"

/* ---- quotes out ---- */

int ct_attr_emit(struct ct_attribution *a, enum ct_quote_kind kind, int speaker, int via,
		const char *cue, size_t s, size_t e)
{
	struct ct_quote *q;

	while (s < e && (a->norm[s] == ' ' || a->norm[s] == ','))
		s++;
	while (e > s && (a->norm[e - 1] == ' ' || a->norm[e - 1] == ','))
		e--;
	if (e <= s)
		return CT_OK;
	if (!CT_VEC_RESERVE(a->quotes, a->cap_quotes, a->n_quotes + 1))
		return CT_ENOMEM;
	q = &a->quotes[a->n_quotes++];
	memset(q, 0, sizeof *q);
	q->kind = kind;
	q->cue = cue;
	q->start = a->map[s];
	q->end = a->map[e - 1] + 1;
	/* The end is the byte after the last character, whole. */
	while (q->end < a->doc->body_len && ((unsigned char)a->doc->body[q->end] & 0xC0) == 0x80)
		q->end++;
	if (speaker >= 0) {
		const struct spk *sp = &a->spk[speaker];
		if (kind != CT_QUOTE_DIRECT)
			ct_attr_note_attribution(a, speaker, s);
		q->speaker = sp->name;
		q->mention = sp->mention;
		q->role = sp->role;
		q->speaker_kind = sp->kind;
	} else {
		q->speaker_kind = CT_SPEAKER_PERSON;
	}
	if (via >= 0)
		q->via = a->spk[via].name;
	return CT_OK;
}

/* ---- labels ---- */

/* Whether the document writes the word hashed h in lower case. A scan
 * each for the first eight words asked; past them, no (a document with
 * that many labels in capitals is a transcript of names). */
static bool written_lower(struct ct_attribution *a, uint64_t h)
{
	int c;

	for (c = 0; c < a->n_caps; c++)
		if (a->caps_hash[c] == h)
			return a->caps_lower[c];
	if (c == (int)(sizeof a->caps_hash / sizeof *a->caps_hash))
		return false;
	a->caps_hash[c] = h;
	a->caps_lower[c] = false;
	a->n_caps++;
	for (size_t j = 0; j < a->n_t && !a->caps_lower[c]; j++)
		a->caps_lower[c] = a->t[j].hash == h && is_lower(a->norm[a->t[j].s]);
	return a->caps_lower[c];
}

bool ct_attr_label_words(struct ct_attribution *a, int from, int to)
{
	for (int k = from; k <= to; k++) {
		if (tok_in(a, k, W_LABEL))
			continue;
		/* "BONDS:" heads a round-up's section when the document writes
		 * "bonds" too; "SMITH:" of a transcript is a name it never does. */
		if (!tok_caps(a, k) || !written_lower(a, a->t[k].hash))
			return false;
	}
	return to >= from;
}

bool ct_attr_label_paragraph(struct ct_attribution *a, int i)
{
	int p = i, k;

	/* A label opens a short line: a token deep in a long paragraph is
	 * not looked back from. The paragraph's first token is kept, for
	 * the next sentence of it. */
	if (a->t[i].para + 1 == a->label_para) {
		p = a->label_first;
		if (i - p > 48)
			return false;
	} else {
		while (p > 0 && a->t[p - 1].para == a->t[i].para)
			if (i - --p > 48)
				return false;
		a->label_para = a->t[i].para + 1;
		a->label_first = p;
	}
	for (k = p; k - p < 3 && (tok_in(a, k, W_LABEL) || tok_caps(a, k)); k++)
		;
	return k > p && tok_punct(a, k, ':') && ct_attr_label_words(a, p, k - 1);
}

/* ---- direct quotes ---- */

/* Whether a quote's words are those of a title ("The Kid Who Would Be
 * King", "Guardians of the Galaxy"): two words or more, each capitalized
 * but for short function words. A film, a book or a show is named, not
 * quoted. */
static bool title_case(const struct ct_attribution *a, const struct dquote *d)
{
	int caps = 0;

	/* The letters as written: a sentence's first word is uncapped by now. */
	for (int k = d->first; k <= d->last; k++) {
		if (a->t[k].kind != T_WORD)
			return false;
		if (is_upper(a->norm[a->t[k].s]))
			caps++;
		else if (!(tok_is(a, k, "of") || tok_is(a, k, "the") || tok_is(a, k, "a") ||
			   tok_is(a, k, "an") || tok_is(a, k, "and") || tok_is(a, k, "in") ||
			   tok_is(a, k, "on") || tok_is(a, k, "for") || tok_is(a, k, "to") ||
			   tok_is(a, k, "at") || tok_is(a, k, "from") || tok_is(a, k, "with")))
			return false;
	}
	return caps >= 2 && is_upper(a->norm[a->t[d->first].s]);
}

static int add_dquote(struct ct_attribution *a, int open, int close, int first, int last, int chain)
{
	struct dquote *q;

	if (!CT_VEC_RESERVE(a->dq, a->cap_dq, a->n_dq + 1))
		return CT_ENOMEM;
	q = &a->dq[a->n_dq];
	memset(q, 0, sizeof *q);
	q->open = open;
	q->close = close;
	q->first = first;
	q->last = last;
	q->chain = chain < 0 ? (int)a->n_dq : chain;
	q->speaker = -1;
	q->via = -1;
	a->n_dq++;
	return CT_OK;
}

/* The first token after token i's paragraph; a->n_t after the last one. */
static int paragraph_end(const struct ct_attribution *a, int i)
{
	int p = i + 1;

	while (p < (int)a->n_t && a->t[p].para == a->t[i].para)
		p++;
	return p;
}

/* Whether the mark at token open follows the name that signs the quote
 * before it: `"…" - Ana Ruiz "…" - Tom Berg`, a run of signed quotes
 * (testimonials one a line) that no sentence end parts. */
static bool after_dash_name(const struct ct_attribution *a, int open)
{
	int k = open - 1;

	while (k > 0 && open - k <= 4 && a->t[k].kind == T_WORD && a->t[k].cap)
		k--;
	return k < open - 1 && k > 0 && tok_punct(a, k, '-') && a->t[k - 1].kind == T_QUOTE;
}

/* Whether token i is an apostrophe, straight or curly. */
static bool apostrophe(const struct ct_attribution *a, int i)
{
	size_t n = a->t[i].e - a->t[i].s;
	const char *s = a->norm + a->t[i].s;

	return (n == 1 && s[0] == '\'') || (n == 3 && memcmp(s, "\xe2\x80\x99", 3) == 0);
}

/*
 * Pairs quotation marks into quotes, paragraph by paragraph. It visits the
 * marks alone: between an open one and the next, what matters is whether
 * a paragraph ends, which the next mark's paragraph tells.
 */
int ct_attr_find_quotes(struct ct_attribution *a)
{
	int open = -1, chain = -1, rc;

	/* One step past the last mark: the end of the text. */
	for (size_t m = 0; m <= a->n_marks; m++) {
		int i = m < a->n_marks ? (int)a->marks[m] : (int)a->n_t;
		const struct tok *t = m < a->n_marks ? &a->t[i] : NULL;
		/* A paragraph ends inside a quote: news style reopens the quote
		 * at the next paragraph when it goes on; else it was unclosed. */
		if (open >= 0 && (!t || t->para != a->t[open].para)) {
			int p = paragraph_end(a, open);
			if ((rc = add_dquote(a, open, -1, open + 1, p - 1, chain)) != CT_OK)
				return rc;
			/* p <= i: no mark lies between the open one and this. */
			if (p == i && t && t->qdir != Q_CLOSE) {
				chain = a->dq[a->n_dq - 1].chain;
				open = i;
				continue;
			}
			open = -1;
			chain = -1;
		}
		if (!t)
			break;
		if (open < 0) {
			if (t->qdir != Q_CLOSE)
				open = i;
			continue;
		}
		if (t->qdir == Q_OPEN) {
			/* An opening mark inside an open quote: the first was unclosed. */
			if ((rc = add_dquote(a, open, -1, open + 1, i - 1, chain)) != CT_OK)
				return rc;
			chain = -1;
			open = i;
			continue;
		}
		if ((rc = add_dquote(a, open, i, open + 1, i - 1, chain)) != CT_OK)
			return rc;
		open = -1;
		chain = -1;
	}

	/* Short phrases quoted inside a sentence are not quotes of their own. */
	for (size_t q = 0; q < a->n_dq; q++) {
		struct dquote *d = &a->dq[q];
		int words = 0;
		for (int k = d->first; k <= d->last; k++)
			words += a->t[k].kind == T_WORD;
		/* A possessive's apostrophe, written as a mark, is its word's:
		 * `on CBS' "Face the Nation."` */
		int before = d->open - 1;
		if (before > 0 && a->t[before].kind != T_WORD && apostrophe(a, before) &&
		    a->t[before - 1].kind == T_WORD && a->t[before - 1].e == a->t[before].s &&
		    a->t[before].e < a->t[d->open].s)
			before--;
		bool mid = before >= 0 && a->t[before].kind == T_WORD &&
			   a->t[before].sent == a->t[d->open].sent &&
			   !lexicon_at(a, CT_CUE_SPEECH, before) && !after_dash_name(a, d->open);
		/* "his 2002 book, “Make Your Kid a Millionaire,” …": a
		 * title after the noun of its work and a comma. */
		bool title = before > 0 && tok_punct(a, before, ',') &&
			     tok_in(a, before - 1, W_WORK_NOUN) &&
			     a->t[before - 1].sent == a->t[d->open].sent && words <= 8;
		bool chained = d->chain != (int)q || (q + 1 < a->n_dq && a->dq[q + 1].chain == (int)q);
		/* A short quote that ends its clause ("Fine," she said) is a quote;
		 * one without closing punctuation is a quoted phrase. */
		bool clause = d->last >= d->first &&
			      (tok_punct(a, d->last, ',') || tok_punct(a, d->last, '.') ||
			       tok_punct(a, d->last, '?') || tok_punct(a, d->last, '!'));
		if (!chained && (mid || (words < 4 && !clause) || (!clause && title_case(a, d))))
			d->embedded = true;
		if (words == 0)
			d->embedded = true;
		/* "(CROSSTALK.)", "(Laughter)": a stage direction in a
		 * transcript, all inside parentheses, is nobody's words. */
		int l = d->last;
		while (l > d->first && (tok_punct(a, l, '.') || tok_punct(a, l, ',')))
			l--;
		if (d->last > d->first && tok_punct(a, d->first, '(') && tok_punct(a, l, ')')) {
			bool one = true;
			for (int k = d->first + 1; k < l && one; k++)
				one = !tok_punct(a, k, ')') && !tok_punct(a, k, '(');
			if (one)
				d->embedded = true;
		}
		/* The title's words are read as no one's: its marks keep
		 * them from the grammar of the sentence around it. */
		if (title && !chained) {
			d->embedded = true;
			for (int k = d->open; k <= (d->close >= 0 ? d->close : d->last); k++)
				a->t[k].quoted = true;
		}
		for (int k = d->open; !d->embedded && k <= (d->close >= 0 ? d->close : d->last); k++)
			a->t[k].quoted = true;
	}
	return CT_OK;
}

/*
 * The speaker of a direct quote named after it: `"…," X said`, `"…,"
 * said X`, `"…" - X`, with `, OUTLET reported` as via. Marks the tokens.
 */
/* 1 when token k is "read" or "reads" after a document's noun, which
 * speaks for its author as "said" would: `"…," her statement read.`,
 * `The letter reads: "…"`; else 0. */
static int document_reads(const struct ct_attribution *a, int k)
{
	return (tok_is(a, k, "read") || tok_is(a, k, "reads")) && k > 0 &&
	       a->t[k - 1].sent == a->t[k].sent && tok_in(a, k - 1, W_DOC_NOUN);
}

/* Whether the "and" at k joins the nouns of a description written before
 * a name, not two phrases: "said oil and gas worker Ann Roe" (lowercase
 * words from `from` on, one to three after it, then a first and a last
 * name). */
static bool descriptor_and(const struct ct_attribution *a, int from, int k)
{
	int n = (int)a->n_t, j = k + 1;

	if (!tok_is(a, k, "and") || a->t[k].cap)
		return false;
	for (int i = from; i < k; i++)
		if (a->t[i].kind != T_WORD || a->t[i].cap || tok_in(a, i, W_NP_STOPPER | W_VERBISH))
			return false;
	while (j < n && j - k <= 3 && a->t[j].kind == T_WORD && !a->t[j].cap &&
	       !tok_in(a, j, W_NP_STOPPER | W_VERBISH | W_TIME))
		j++;
	return j > k + 1 && j + 1 < n && a->t[j].sent == a->t[k].sent &&
	       a->t[j].cap && ct_attr_name_token(a, j) && a->t[j + 1].cap &&
	       ct_attr_name_token(a, j + 1) && a->t[j + 1].sent == a->t[k].sent;
}

/* Whether a participle clause opens at token k, after a comma that ends
 * the speaker's phrase: `said X, the chair of Y, vowing to …`. */
static bool participle_after(const struct ct_attribution *a, int k)
{
	size_t n;
	const char *w;

	if (k >= (int)a->n_t || a->t[k].kind != T_WORD || a->t[k].cap)
		return false;
	w = tok_str(a, k, &n);
	return n > 4 && strncmp(w + n - 3, "ing", 3) == 0;
}

/* Whether a name and a comma open an apposition at token i: `"…,"
 * Ann Roe, a senior fellow at …, said`; its speaker phrase is long. */
static bool apposition_at(const struct ct_attribution *a, int i)
{
	int k = i;

	while (k < (int)a->n_t && k - i < 4 && a->t[k].kind == T_WORD && a->t[k].cap)
		k++;
	return k > i + 1 && tok_punct(a, k, ',');
}

/* 1 when the cue of thought at k ends its clause, as a reporting verb
 * after a quote does: `"…," Ann Roe concluded.`; else 0. */
static int belief_ends_clause(const struct ct_attribution *a, int k)
{
	return lexicon_at(a, CT_CUE_BELIEF, k) == 1 && k > 0 && a->t[k - 1].kind == T_WORD &&
	       (tok_punct(a, k + 1, '.') || tok_punct(a, k + 1, ','));
}

static bool quote_after(struct ct_attribution *a, struct dquote *d)
{
	int i = d->close + 1, n = (int)a->n_t, cue = -1, cl = 0, np_s, np_e;

	if (d->close < 0 || i >= n)
		return false;
	if (tok_punct(a, i, ','))
		i++;
	if (i >= n || a->t[i].para != a->t[d->close].para)
		return false;
	if (tok_punct(a, i, '-')) {
		np_s = i + 1;
		np_e = np_s;
		while (np_e + 1 < n && a->t[np_e + 1].kind == T_WORD && a->t[np_e + 1].cap &&
		       a->t[np_e + 1].para == a->t[i].para)
			np_e++;
		if (np_s >= n || !a->t[np_s].cap)
			return false;
		d->cue = "-";
		d->speaker = ct_attr_read_speaker(a, np_s, np_e);
		return d->speaker >= 0;
	}
	/* "…," according to X. */
	if (tok_is(a, i, "according") && tok_is(a, i + 1, "to")) {
		np_s = i + 2;
		np_e = np_s;
		while (np_e + 1 < n && a->t[np_e + 1].sent == a->t[np_s].sent &&
		       (a->t[np_e + 1].kind == T_WORD || tok_punct(a, np_e + 1, ',')) &&
		       !(!a->t[np_e + 1].cap && tok_in(a, np_e + 1, W_NP_STOPPER)))
			np_e++;
		if (np_s >= n || a->t[np_s].kind != T_WORD || a->t[np_s].sent != a->t[i].sent)
			return false;
		d->speaker = ct_attr_read_speaker(a, np_s, np_e);
		if (d->speaker < 0)
			return false;
		d->cue = "according to";
		for (int k = i; k <= np_e; k++)
			a->t[k].used = true;
		return true;
	}
	if ((cl = lexicon_at(a, CT_CUE_SPEECH, i)) > 0 && !tok_is(a, i, "according")) {
		/* said X */
		cue = i;
		np_s = i + cl;
		np_e = np_s;
		while (np_e < n && a->t[np_e].sent == a->t[np_s].sent &&
		       (a->t[np_e].kind == T_WORD || tok_punct(a, np_e, ',') ||
			tok_punct(a, np_e, '(') || tok_punct(a, np_e, ')')) &&
		       !(np_e > np_s && !a->t[np_e].cap && tok_in(a, np_e, W_NP_STOPPER) &&
			 !descriptor_and(a, np_s, np_e)) &&
		       !(np_e > np_s && tok_punct(a, np_e, ',') && participle_after(a, np_e + 1)))
			np_e++;
		np_e--;
	} else {
		/* X said */
		int k = i, most = apposition_at(a, i) ? 32 : 14;
		while (k < n && k - i < most && a->t[k].sent == a->t[i].sent &&
		       a->t[k].kind != T_QUOTE && !tok_punct(a, k, '.') &&
		       !(cl = lexicon_at(a, CT_CUE_SPEECH, k)) && !(cl = document_reads(a, k)) &&
		       !(cl = belief_ends_clause(a, k)))
			k++;
		if (cl == 0 || k >= n || tok_is(a, k, "according"))
			return false;
		cue = k;
		np_s = i;
		np_e = ct_attr_skip_aux_back(a, k - 1, i);
		/* `"…," he was quoted as saying`: the subject of the passive. */
		if (np_e - 3 >= np_s && tok_is(a, np_e, "as") &&
		    (tok_is(a, np_e - 1, "quoted") || tok_is(a, np_e - 1, "cited"))) {
			int b = ct_attr_skip_aux_back(a, np_e - 2, np_s);
			if (b > np_s && (tok_is(a, b, "was") || tok_is(a, b, "is") || tok_is(a, b, "were") ||
					 tok_is(a, b, "are") || tok_is(a, b, "been")))
				np_e = ct_attr_skip_aux_back(a, b - 1, np_s);
		}
	}
	if (np_e < np_s)
		return false;
	d->speaker = ct_attr_read_speaker(a, np_s, np_e);
	if (d->speaker < 0)
		return false;
	d->cue = ct_attr_tokens_text(a, cue, cue + cl - 1);
	for (int k = i; k <= np_e || k < cue + cl; k++)
		a->t[k].used = true;
	/* ", Tolo News reported." */
	int k = (np_e > cue ? np_e : cue + cl - 1) + 1;
	if (tok_punct(a, k, ',')) {
		int s = k + 1, e = s, ol;
		while (e < n && a->t[e].kind == T_WORD && a->t[e].cap)
			e++;
		if (e > s && (ol = lexicon_at(a, CT_CUE_SPEECH, e)) > 0) {
			const char *canon;
			if (ct_attr_is_outlet(a, s, e - 1, &canon)) {
				d->via = ct_attr_add_speaker(a, canon, ct_attr_tokens_text(a, s, e - 1), NULL,
							     CT_SPEAKER_ORGANIZATION, true, a->t[s].s);
				for (int u = k; u < e + ol; u++)
					a->t[u].used = true;
			}
		}
	}
	return true;
}

/* The speaker of a direct quote named before it: `X said: "…"`, or a
 * name and a dash opening the paragraph: `Name - "…"`. */
static bool quote_before(struct ct_attribution *a, struct dquote *d)
{
	int i = d->open - 1, cue = -1, cl = 0;

	if (i >= 1 && tok_punct(a, i, '-') && a->t[i - 1].cap) {
		int s = i - 1;
		while (s - 1 >= 0 && a->t[s - 1].para == a->t[i].para && i - s < 6 &&
		       (ct_attr_name_token(a, s - 1) || tok_punct(a, s - 1, '.')))
			s--;
		if (s == 0 || a->t[s - 1].para != a->t[i].para) {
			d->speaker = ct_attr_read_speaker(a, s, i - 1);
			if (d->speaker >= 0) {
				d->cue = "-";
				for (int k = s; k <= i; k++)
					a->t[k].used = true;
				return true;
			}
		}
	}

	if (i < 1 || !(tok_punct(a, i, ':') || tok_punct(a, i, ',')))
		return false;
	/* The cue, maybe followed by an object and phrases of place and time:
	 * "told reporters:", "told reporters in Atlanta on Thursday morning:"
	 * (words alone, no clause). */
	for (int k = i - 1; k >= 0 && k >= i - 12 && a->t[k].sent == a->t[i].sent; k--) {
		if (a->t[k].kind != T_WORD || (tok_in(a, k, W_VERBISH) && !a->t[k].cap))
			break;
		if ((cl = lexicon_at(a, CT_CUE_SPEECH, k)) > 0 || (cl = document_reads(a, k)) > 0) {
			cue = k;
			break;
		}
	}
	if (cue < 1)
		return false;
	/* The speaker after the cue, a clause before it: `…, asks editor
	 * Ann Roe, "…"`. */
	if (cue + cl < i && tok_punct(a, cue - 1, ',') && a->t[cue + cl].sent == a->t[i].sent) {
		d->speaker = ct_attr_read_speaker(a, cue + cl, i - 1);
		if (d->speaker >= 0) {
			d->cue = ct_attr_tokens_text(a, cue, cue + cl - 1);
			for (int k = cue - 1; k <= i; k++)
				a->t[k].used = true;
			return true;
		}
	}
	int e = ct_attr_skip_aux_back(a, cue - 1, 0), s = e;
	/* `Reportedly said: "…"` opening the text: auxiliaries alone, no
	 * subject (and no token before them). */
	if (e < 0)
		return false;
	while (s - 1 >= 0 && a->t[s - 1].sent == a->t[e].sent && !a->t[s - 1].quoted &&
	       a->t[s - 1].kind != T_QUOTE && !tok_punct(a, s - 1, '.') &&
	       !tok_punct(a, s - 1, ':') && e - s < 20)
		s--;
	/* `Schumer, he said, "knows the minds …"`: a pronoun after a comma
	 * is the subject; the name before it is what the quote is about. */
	if (e > s && tok_in(a, e, W_PRONOUN) && tok_punct(a, e - 1, ','))
		s = e;
	d->speaker = ct_attr_read_speaker(a, s, e);
	if (d->speaker < 0)
		return false;
	d->cue = ct_attr_tokens_text(a, cue, cue + cl - 1);
	for (int k = s; k <= i; k++)
		a->t[k].used = true;
	return true;
}

/* A quoted transcript line names its speaker itself: `"WALLACE: Let's …"`. */
static bool quote_colon(struct ct_attribution *a, struct dquote *d)
{
	int k = d->first;

	while (k <= d->last && k - d->first < 3 && ct_attr_name_token(a, k) && a->t[k].cap)
		k++;
	if (k == d->first || k >= d->last || !tok_punct(a, k, ':') ||
	    ct_attr_label_words(a, d->first, k - 1))
		return false;
	d->speaker = ct_attr_read_speaker(a, d->first, k - 1);
	if (d->speaker < 0)
		return false;
	d->cue = ":";
	d->first = k + 1;
	return true;
}

/* The sentence in which a quote's attribution is sought: its closing mark's. */
int ct_attr_quote_sentence(const struct ct_attribution *a, const struct dquote *d)
{
	return a->t[d->close >= 0 ? d->close : d->last >= d->first ? d->last : d->open].sent;
}

/* Attributes the direct quotes that end in sentence `sent`. */
void ct_attr_attribute_quotes(struct ct_attribution *a, int sent, int *prev)
{
	/* Quotes come in text order: a cursor walks them with the sentences. */
	for (; a->next_dq < a->n_dq && ct_attr_quote_sentence(a, &a->dq[a->next_dq]) <= sent;
	     a->next_dq++) {
		size_t q = a->next_dq;
		struct dquote *d = &a->dq[q];
		if (d->embedded || ct_attr_quote_sentence(a, d) != sent)
			continue;
		/* "READ MORE: Mayor calls plan 'dead'": a link, nobody's words. */
		if (!d->own && ct_attr_label_paragraph(a, d->open)) {
			d->embedded = true;
			continue;
		}
		/* `As one resident commented: "It is done." The mayor …`: a
		 * quote a colon introduces and a full stop ends is the
		 * introducer's, whatever the sentence after it says. */
		bool introduced = d->open > 0 && tok_punct(a, d->open - 1, ':') && d->last >= d->first &&
				  (tok_punct(a, d->last, '.') || tok_punct(a, d->last, '!') ||
				   tok_punct(a, d->last, '?'));
		/* A quote that reported speech introduced ("X said \"…",
		 * closing sentences later) has its speaker already. */
		if (!d->own)
			d->own = quote_colon(a, d) || (introduced && quote_before(a, d)) ||
				 quote_after(a, d) || (!introduced && quote_before(a, d));
		if (!d->own) {
			/* A quote with no attribution of its own: entities.c. */
			d->speaker = ct_attr_carry_speaker(a, d);
			const struct dquote *p = *prev >= 0 ? &a->dq[*prev] : NULL;
			if (p && d->speaker >= 0 && d->speaker == p->speaker) {
				d->via = p->via;
				d->cue = p->cue;
			}
		}
		ct_attr_note_attribution(a, d->speaker, a->t[d->open].s);
		*prev = (int)q;
	}
}

/* The parts of a multi-paragraph quote share its speaker, which news style
 * names in its first or its last paragraph. */
void ct_attr_share_chains(struct ct_attribution *a)
{
	for (size_t q = a->n_dq; q-- > 0;) {
		struct dquote *d = &a->dq[q], *head = &a->dq[d->chain];
		if (head->speaker < 0 && d->speaker >= 0) {
			head->speaker = d->speaker;
			head->via = d->via;
			head->cue = d->cue;
		}
	}
	for (size_t q = 0; q < a->n_dq; q++) {
		struct dquote *d = &a->dq[q], *head = &a->dq[d->chain];
		if (d->speaker < 0 && head->speaker >= 0) {
			d->speaker = head->speaker;
			d->via = head->via;
			d->cue = head->cue;
		}
	}
}
