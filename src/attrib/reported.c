/*
 * Reported speech in a sentence: a reporting verb from the attribution
 * lexicon with a subject before it (X said that ..., X expressed alarm
 * over ...), "according to X", "..., X said.", and a name and a colon
 * opening a paragraph.
 */
#include "attrib/attrib_internal.h"

/* The kind of reported speech whose cue starts at token i: a verb of
 * thought or intention reports a belief ("X believes ...", "X wants to
 * ..."), any other a statement. */
static enum ct_quote_kind kind_of(const struct ct_attribution *a, int i)
{
	return tok_in(a, i, W_MIND) ? CT_QUOTE_BELIEF : CT_QUOTE_INDIRECT;
}

/* A form of "be". By the word's length first, as is_determiner(): the
 * clause grammar asks it of many words, most of them none. */
static bool is_be(const struct ct_attribution *a, int i)
{
	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD)
		return false;
	switch (a->t[i].e - a->t[i].s) {
	case 2:
		return tok_is(a, i, "is") || tok_is(a, i, "be");
	case 3:
		return tok_is(a, i, "are") || tok_is(a, i, "was");
	case 4:
		return tok_is(a, i, "were") || tok_is(a, i, "been");
	case 5:
		return tok_is(a, i, "being");
	default:
		return false;
	}
}

/* By the word's length first: the clause grammar asks it of many words. */
static bool is_determiner(const struct ct_attribution *a, int i)
{
	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD)
		return false;
	switch (a->t[i].e - a->t[i].s) {
	case 1:
		return tok_is(a, i, "a");
	case 2:
		return tok_is(a, i, "an") || tok_is(a, i, "my");
	case 3:
		return tok_is(a, i, "the") || tok_is(a, i, "his") || tok_is(a, i, "her") ||
		       tok_is(a, i, "its") || tok_is(a, i, "our");
	case 4:
		return tok_is(a, i, "this") || tok_is(a, i, "your");
	case 5:
		return tok_is(a, i, "their");
	default:
		return false;
	}
}


/* Whether the word at i ends in a possessive 's. */
static bool is_possessive(const struct ct_attribution *a, int i)
{
	size_t n;
	const char *w;

	if (i < 0 || a->t[i].kind != T_WORD)
		return false;
	w = tok_str(a, i, &n);
	return n > 2 && w[n - 2] == '\'' && (w[n - 1] == 's' || w[n - 1] == 'S');
}

/* Whether token i is an adverb in -ly that no list holds ("officially",
 * "repeatedly"): lowercase, not a noun after a determiner ("his family"). */
static bool ly_adverb(const struct ct_attribution *a, int i)
{
	size_t n;
	const char *w;

	if (i < 1 || a->t[i].kind != T_WORD || a->t[i].cap || a->t[i].quoted)
		return false;
	w = tok_str(a, i, &n);
	return n > 4 && w[n - 2] == 'l' && w[n - 1] == 'y' && !is_determiner(a, i - 1) &&
	       !is_possessive(a, i - 1);
}

/* Back from token i past auxiliaries and adverbs ("has also", "officially"),
 * not below floor. */
static int skip_adverbs_back(const struct ct_attribution *a, int i, int floor)
{
	i = ct_attr_skip_aux_back(a, i, floor);
	while (i > floor && ly_adverb(a, i))
		i = ct_attr_skip_aux_back(a, i - 1, floor);
	return i;
}

/* A relative pronoun: "who", "which", "that", "whose". */
static bool is_relative(const struct ct_attribution *a, int i)
{
	return tok_is(a, i, "who") || tok_is(a, i, "which") || tok_is(a, i, "that") ||
	       tok_is(a, i, "whose");
}

/* A finite auxiliary or modal ("is", "has", "would"): content without
 * "that" never opens with one ("a provision they say could …"). By the
 * word's length first, as is_be(): twenty words compared one by one
 * cost more than the rest of the tests that ask. */
static bool is_finite_aux(const struct ct_attribution *a, int i)
{
	if (is_be(a, i))
		return true;
	if (i < 0 || (size_t)i >= a->n_t || a->t[i].kind != T_WORD)
		return false;
	switch (a->t[i].e - a->t[i].s) {
	case 3:
		return tok_is(a, i, "has") || tok_is(a, i, "had") || tok_is(a, i, "can") ||
		       tok_is(a, i, "may") || tok_is(a, i, "did");
	case 4:
		return tok_is(a, i, "have") || tok_is(a, i, "will") || tok_is(a, i, "must") ||
		       tok_is(a, i, "does");
	case 5:
		return tok_is(a, i, "would") || tok_is(a, i, "could") || tok_is(a, i, "might");
	case 6:
		return tok_is(a, i, "should");
	default:
		return false;
	}
}

/*
 * The end of a subject [s, e] without its relative clause: "Lina Borg, a
 * nurse who works in Halifax," ends at "nurse"; "Rally Canada, the group
 * that organized the event," at "group", "The reports, citing unnamed
 * sources," at "reports". The relative clause or participle phrase is
 * inside an apposition (after a comma) and runs to the comma that closes
 * it. e when there is none.
 */
static int before_relative(const struct ct_attribution *a, int s, int e)
{
	bool comma = false;

	for (int k = s + 1; k <= e; k++) {
		if (tok_punct(a, k, ','))
			comma = true;
		else if (comma && is_relative(a, k) && a->t[k - 1].kind == T_WORD &&
			 !a->t[k - 1].quoted && tok_punct(a, e, ','))
			return k - 1;
		/* "The reports, citing unnamed sources, said": a participle
		 * phrase between commas. */
		else if (tok_punct(a, k - 1, ',') && k - 2 >= s && is_ing(a, k) && !a->t[k].cap &&
			 !tok_is(a, k, "including") && tok_punct(a, e, ','))
			return k - 2;
	}
	return e;
}

/*
 * The head of a subject [s, e] with a modifier after it: "People
 * arrested last week", "A person familiar with the talks", "a security
 * guard present during the attack" end at "People", "person", "guard".
 * The modifier opens with a participle in -ed, a preposition, or an
 * adjective before one, is short, holds one phrase at most, and no verb
 * of its own, conjunction or comma. Only a description takes one: after
 * a name, a word in -ed is the name's verb. -1
 * when the subject is not of that shape.
 */
static int head_before_modifier(const struct ct_attribution *a, int s, int e)
{
	int k = s, h;
	size_t n;
	const char *w;

	if (is_determiner(a, k))
		k++;
	h = k;
	for (; k <= e && k - h < 4; k++) {
		if (a->t[k].kind != T_WORD || a->t[k].quoted || tok_in(a, k, W_VERBISH | W_PRONOUN))
			return -1;
		w = tok_str(a, k, &n);
		bool participle = !a->t[k].cap && n > 4 && w[n - 2] == 'e' && w[n - 1] == 'd';
		bool preposition = tok_in(a, k, W_CONTENT_STOPPER) && !tok_is(a, k, "of");
		bool adjective = !a->t[k].cap && k + 1 <= e && tok_in(a, k + 1, W_CONTENT_STOPPER) &&
				 !tok_is(a, k + 1, "of");
		if (k > h && (participle || preposition || adjective))
			break;
	}
	if (k > e || k == h || k - h >= 4 || e - k >= 6)
		return -1;
	/* One phrase: "against X took place despite …" is a clause. */
	int prepositions = 0;
	for (int m = k; m <= e; m++)
		if (tok_in(a, m, W_CONTENT_STOPPER) && ++prepositions > 1)
			return -1;
	for (int m = k; m <= e; m++)
		if (a->t[m].kind != T_WORD || a->t[m].quoted || is_finite_aux(a, m) ||
		    is_relative(a, m) || tok_in(a, m, W_PRONOUN) || tok_is(a, m, "and") ||
		    tok_is(a, m, "or") || tok_is(a, m, "but") || tok_is(a, m, "to"))
			return -1;
	return k - 1;
}

/*
 * A word at token i that opens what an unnamed source knows or may say:
 * "familiar with the talks", "close to the minister", "briefed on the
 * plan", "unauthorized to speak publicly". Such a modifier, like a
 * participle ("people arrested last week"), is how the source is named;
 * another adjective or a preposition ("present during the attack", "at
 * the scene") adds a detail about a source its head names.
 */
static bool source_modifier_at(const struct ct_attribution *a, int i)
{
	size_t n;
	const char *w;

	if (i < 0 || i >= (int)a->n_t || a->t[i].kind != T_WORD || a->t[i].cap)
		return false;
	w = tok_str(a, i, &n);
	return ct_attr_source_modifier_word(w, n);
}

/*
 * The speaker of a subject [s, e] whose head h has a modifier after it
 * ("People arrested last week"): a description keeps a participle or a
 * modifier that tells who speaks ("person familiar with the talks", not
 * "person") and drops another ("a guard present during the attack" ->
 * "guard"); a name is the name alone. -1 when the head names no speaker.
 */
static int modified_speaker(struct ct_attribution *a, int s, int h, int e)
{
	int head = ct_attr_read_speaker(a, s, h), from = s;

	/* "Peter Mrazek stopped 22 shots and denied …": after a name, a
	 * word in -ed is the name's own verb. */
	if (head < 0 || (a->t[h].cap && a->spk[head].kind != CT_SPEAKER_GROUP))
		return -1;
	size_t n;
	const char *w = tok_str(a, h + 1, &n);
	bool participle = !a->t[h + 1].cap && n > 4 && w[n - 2] == 'e' && w[n - 1] == 'd';
	/* "the punching bag in golf": a head in -ing is a modifier itself,
	 * of the noun read as an adjective after it. */
	if (!participle && !source_modifier_at(a, h + 1) && !is_ing(a, h))
		return head;
	while (from < h && is_determiner(a, from))
		from++;
	return ct_attr_add_speaker(a, ct_attr_tokens_text(a, from, e), ct_attr_tokens_text(a, s, e),
				   NULL, a->spk[head].kind, false, a->t[s].s);
}

/*
 * "63 percent said", "another 19 per cent of voters said": a share of
 * those asked speaks, a group named by the share, subject [s, e]. -1
 * when the subject is no share.
 */
static int share_speaker(struct ct_attribution *a, int s, int e)
{
	int k = s;

	if (tok_is(a, k, "another") || tok_is(a, k, "only") || tok_is(a, k, "about") ||
	    tok_is(a, k, "nearly") || tok_is(a, k, "almost") || tok_is(a, k, "some") ||
	    tok_is(a, k, "just"))
		k++;
	if (k > e || ct_attr_number_at(a, k, 3) < 0)
		return -1;
	int unit = k + 1;
	if (tok_is(a, unit, "per") && tok_is(a, unit + 1, "cent"))
		unit++;
	else if (!tok_is(a, unit, "percent"))
		return -1;
	/* The share alone, or "of" and whom it counts. */
	if (unit != e && !(tok_is(a, unit + 1, "of") && unit + 1 < e && e - unit <= 6))
		return -1;
	for (int m = unit + 1; m <= e; m++)
		if (a->t[m].kind != T_WORD || tok_in(a, m, W_VERBISH))
			return -1;
	return ct_attr_add_speaker(a, ct_attr_tokens_text(a, k, e), ct_attr_tokens_text(a, s, e),
				   NULL, CT_SPEAKER_GROUP, false, a->t[s].s);
}

/* A word of time: "Friday", "July", "2012", "morning", "last". */
static bool is_time(const struct ct_attribution *a, int i)
{
	return tok_in(a, i, W_TIME) || tok_in(a, i, W_WEEKDAY) || month_of(a, i) > 0 ||
	       ct_attr_number_at(a, i, 4) >= 0;
}

/* Whether tokens [from, to] read as a clause: a finite verb or a clause
 * word among their first words ("the vote was rigged", "it opposed"). */
static bool clause_like(const struct ct_attribution *a, int from, int to)
{
	for (int k = from; k <= to && k - from < 10; k++) {
		size_t n;
		const char *w;
		if (tok_in(a, k, W_VERBISH) && !tok_caps(a, k))
			return true;
		if (a->t[k].kind != T_WORD)
			continue;
		w = tok_str(a, k, &n);
		/* "opposed", "won't", "didn't" */
		if ((n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd' && !a->t[k].cap) ||
		    (n > 3 && w[n - 3] == 'n' && w[n - 2] == '\'' && w[n - 1] == 't'))
			return true;
	}
	return false;
}

/* Past a dateline that opens a paragraph ("OTTAWA -", "MIRAMICHI, N.B. -"):
 * a place, never a speaker. */
static int past_dateline(const struct ct_attribution *a, int s, int e)
{
	if (!tok_caps(a, s) || (s > 0 && a->t[s - 1].para == a->t[s].para))
		return s;
	for (int k = s + 1; k <= e && k - s < 8; k++)
		if (tok_punct(a, k, '-'))
			return k + 1;
	return s;
}

/* First token of a sentence after leading adverbials ("On December 17,"). */
static int clause_start(const struct ct_attribution *a, int s, int e, int *via_s, int *via_e)
{
	int i = s;

	*via_s = *via_e = -1;
	for (int guard = 0; guard < 4; guard++) {
		int k = i;
		/* "But in June, …", not "But Megan Hale, an organizer, said": a
		 * conjunction alone is no adverbial; what follows it may be. */
		if (tok_is(a, i, "but") || tok_is(a, i, "and") || tok_is(a, i, "yet") ||
		    tok_is(a, i, "or") || tok_is(a, i, "so")) {
			i++;
			continue;
		}
		if (!tok_in(a, i, W_ADVERBIAL))
			break;
		/* "According to a survey of listed clubs by CTV News, …"
		 * cites a longer phrase than other adverbials have. */
		int most = tok_is(a, i, "according") ? 20 : 10;
		while (k <= e && !tok_punct(a, k, ',') && k - i < most && !a->t[k].quoted)
			k++;
		if (k > e || !tok_punct(a, k, ','))
			break;
		if (tok_is(a, i, "according") && tok_is(a, i + 1, "to")) {
			*via_s = i + 2;
			*via_e = k - 1;
		}
		i = k + 1;
	}
	return i;
}

/*
 * After "told", an object of common nouns that a clause follows without
 * "that": "told reporters the team will appeal", "told the crowd the
 * depot was unsafe". Returns the clause's first token, or i when the
 * words after the object do not make one.
 */
static int common_object_end(const struct ct_attribution *a, int i, int e)
{
	int k = i, nouns = 0;

	if (is_determiner(a, k) || is_possessive(a, k))
		k++;
	while (k <= e && nouns < 2 && a->t[k].kind == T_WORD && !a->t[k].cap && !a->t[k].quoted &&
	       !is_determiner(a, k) && !tok_in(a, k, W_VERBISH | W_PRONOUN | W_AUXILIARY |
						 W_CONTENT_STOPPER))
		k++, nouns++;
	if (nouns == 0 || k > e || a->t[k].quoted ||
	    !(is_determiner(a, k) || tok_in(a, k, W_PRONOUN) || a->t[k].cap) || !clause_like(a, k, e))
		return i;
	return k;
}

/* Whether token i is a pronoun and a verb in one: "he's", "she'll",
 * "they're", "it'd", "we've" (a clause's subject and verb). */
static bool pronoun_contraction(const struct ct_attribution *a, int i)
{
	size_t n, k = 0;
	const char *w = tok_str(a, i, &n);

	if (a->t[i].kind != T_WORD || n < 3 || n > 12)
		return false;
	while (k < n && w[k] != '\'')
		k++;
	if (k == 0 || k + 1 >= n)
		return false;
	size_t r = n - k - 1;
	const char *v = w + k + 1;
	if (!((r == 1 && (*v == 's' || *v == 'd' || *v == 'm')) ||
	      (r == 2 && (strncmp(v, "re", 2) == 0 || strncmp(v, "ll", 2) == 0 ||
			  strncmp(v, "ve", 2) == 0))))
		return false;
	const struct word *p = words_get(a->words, w, k, word_hash(w, k));
	return p && (p->lists & W_PRONOUN);
}

/* "said Friday it had …", "told reporters on Tuesday the deal was fair",
 * "said Thursday night the …": a day named right after the cue (or its
 * object) dates the statement, and the content is the clause after it.
 * Token k, or the clause's first. */
static int past_day(const struct ct_attribution *a, int k, int e)
{
	static const struct word_lit spans[] = {
		WORD_LIT("week"),    WORD_LIT("weekend"), WORD_LIT("month"),
		WORD_LIT("year"),    WORD_LIT("night"),   WORD_LIT("morning"),
		WORD_LIT("evening"), WORD_LIT("afternoon"),
	};
	int j = tok_is(a, k, "on") && tok_in(a, k + 1, W_WEEKDAY) ? k + 1 : k;

	/* "said last week the …", "told reporters earlier this month the …" */
	int w = tok_is(a, k, "earlier") || tok_is(a, k, "late") ? k + 1 : k;
	if ((tok_is(a, w, "last") || tok_is(a, w, "this")) &&
	    tok_is_one_of(a, w + 1, spans, sizeof spans / sizeof *spans))
		j = w + 1;
	else if (!tok_in(a, j, W_WEEKDAY) && !tok_is(a, j, "yesterday") && !tok_is(a, j, "today"))
		return k;
	j++;
	/* "Thursday night" */
	if (tok_is(a, j, "morning") || tok_is(a, j, "afternoon") || tok_is(a, j, "evening") ||
	    tok_is(a, j, "night"))
		j++;
	if (j <= e && !a->t[j].quoted && !tok_is(a, j, "that") &&
	    (pronoun_contraction(a, j) ||
	     ((tok_in(a, j, W_PRONOUN) || is_determiner(a, j) || a->t[j].cap ||
	       ct_attr_number_at(a, j, 9) >= 0) &&
	      clause_like(a, j, e))))
		return j;
	return k;
}

/* Content of reported speech after a cue: past "that", an object of "told". */
static int content_start(const struct ct_attribution *a, int after, int e, bool told)
{
	int i = after;

	if (tok_punct(a, i, ':'))
		return i + 1;
	/* "told supporters in Millbrook on Monday that": past the object, a
	 * phrase of place or time reaches as far as after the verb. */
	if (told) {
		int k = i;
		while (k <= e && k - i < 3 && a->t[k].kind == T_WORD && !tok_is(a, k, "that") &&
		       !tok_in(a, k, W_CONTENT_STOPPER))
			k++;
		/* Not "told reporters the vote would …": an auxiliary is the
		 * content's verb. */
		if (k > i && k <= e && tok_in(a, k, W_CONTENT_STOPPER) && !is_finite_aux(a, k) &&
		    !tok_in(a, k, W_AUXILIARY))
			i = k;
	}
	/* "said Friday that", "told reporters that"; past a phrase that cannot
	 * start the content ("stated in an interview … that", "said, as did
	 * X, that") the search goes further. */
	int reach = tok_punct(a, i, ',') || tok_in(a, i, W_CONTENT_STOPPER) ? 20 : 5;
	for (int k = i; k <= e && k - i < reach; k++) {
		if (tok_is(a, k, "that") || tok_punct(a, k, ':'))
			return k + 1;
		if (a->t[k].kind == T_QUOTE || tok_punct(a, k, '.'))
			break;
	}
	if (tok_punct(a, i, ','))
		return i + 1;
	/* "stated in July it opposed …", "said in his speech the budget …":
	 * past a phrase of place, time or occasion, the content is a clause
	 * that opens with a pronoun, a determiner or a name. */
	if (tok_in(a, i, W_CONTENT_STOPPER) && !tok_is(a, i, "to") && !tok_is(a, i, "of")) {
		int k = i + 1, words = 0;
		while (k <= e && (is_determiner(a, k) || is_possessive(a, k)))
			k++;
		while (k <= e && a->t[k].kind == T_WORD && words < 4 && !tok_in(a, k, W_PRONOUN) &&
		       !(tok_in(a, k, W_VERBISH) && !a->t[k].cap) &&
		       !(words > 0 && (is_determiner(a, k) ||
				       (a->t[k].cap && (!a->t[k - 1].cap || is_time(a, k - 1)) &&
					/* "in Millbrook on Monday": a second phrase */
					!(is_time(a, k) && tok_in(a, k - 1, W_CONTENT_STOPPER))))))
			k++, words++;
		if (words > 0 && k <= e && !a->t[k].quoted &&
		    (tok_in(a, k, W_PRONOUN) || is_determiner(a, k) || a->t[k].cap) &&
		    clause_like(a, k, e))
			return past_day(a, k, e);
	}
	if (told && i == after) {
		/* "told reporters the plan ..." without that: skip one object */
		int k = i;
		while (k <= e && a->t[k].kind == T_WORD && k - i < 3 &&
		       ((tok_is(a, k, "the") && k == i) || is_group(a, k) || a->t[k].cap))
			k++;
		/* "told reporters last week the plan …", "told the crowd
		 * Tuesday the …": one noun, then a time past_day() knows. */
		int o = is_determiner(a, i) || is_possessive(a, i) ? i + 1 : i;
		if ((k == i || o > i) && o + 1 <= e && a->t[o].kind == T_WORD && !a->t[o].cap &&
		    !a->t[o].quoted && !is_determiner(a, o) &&
		    !tok_in(a, o, W_VERBISH | W_PRONOUN | W_AUXILIARY | W_CONTENT_STOPPER)) {
			int d = past_day(a, o + 1, e);
			if (d != o + 1)
				return d;
		}
		if (k == i || (k == i + 1 && tok_is(a, i, "the")))
			k = common_object_end(a, i, e);
		return past_day(a, k, e);
	}
	return past_day(a, i, e);
}

/*
 * What each reading below gives besides a CT_ code (CT_OK: it emitted the
 * sentence's reported speech, which ends the sentence): TRY_ON, it does
 * not apply, the next reading is tried; NEXT_TOKEN, the cue at this token
 * gives nothing, the search goes on at the next token.
 */
enum { TRY_ON = -1, NEXT_TOKEN = -2 };

/*
 * What a sentence's readings leave for the next: a sentence may report
 * more than one attribution ("…, the ministry said, but the opposition
 * leader said …", "…, X said, adding that …"). A reading that emitted
 * sets resume to the token where the search goes on (-1: the sentence is
 * done) and speaker to whom it gave the speech.
 */
struct clause_state {
	int resume;
	int speaker;
	int cue, cl;    /* a parenthetical's cue (", X said,"), -1 when none */
	int obj_s, obj_e; /* a noun phrase object's content and its end, or -1 */
};

/* The normalized end of the content that ends with token e: before a
 * final period, question mark or exclamation mark. */
static size_t content_end(const struct ct_attribution *a, int e)
{
	if (tok_punct(a, e, '.') || tok_punct(a, e, '?') || tok_punct(a, e, '!'))
		return a->t[e].s;
	return a->t[e].e;
}

/* The first direct quote that opens at token `from` or after it; a->n_dq
 * when none. The quotes are in text order. */
static size_t dquote_from(const struct ct_attribution *a, int from)
{
	size_t lo = 0, hi = a->n_dq;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->dq[mid].open < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The direct quotes inside the content [c_s, c_e] of reported speech, so
 * that one quote is not given twice. Content that is one direct quote
 * ("X said: \"…\"", "X said \"…\"") is that quote: it takes the
 * speaker, unless a cue of its own named one, and true is returned (the
 * reported speech is not emitted). A quote inside a longer content with
 * no attribution of its own is part of it, and is not given apart.
 */
static bool content_is_quote(struct ct_attribution *a, int speaker, int via, const char *cue,
			     int c_s, int c_e)
{
	for (size_t q = dquote_from(a, c_s); q < a->n_dq && a->dq[q].open <= c_e; q++) {
		struct dquote *d = &a->dq[q];
		int end = d->close >= 0 ? d->close : d->last;
		if (d->embedded)
			continue;
		bool whole = d->open == c_s;
		for (int k = end + 1; whole && k <= c_e; k++)
			whole = a->t[k].kind == T_PUNCT || a->t[k].kind == T_QUOTE;
		if (whole) {
			if (!d->own) {
				d->speaker = speaker;
				d->via = via;
				d->cue = cue;
				d->own = true;
				ct_attr_note_attribution(a, speaker, a->t[d->open].s);
			}
			return true;
		}
		if (!d->own && d->close >= 0 && d->close <= c_e && d->chain == (int)q &&
		    !(q + 1 < a->n_dq && a->dq[q + 1].chain == (int)q))
			d->embedded = true;
	}
	return false;
}

static bool participle_at(const struct ct_attribution *a, int i);

/*
 * A record, count or inquiry cited by "according to", tokens [s, e], when
 * no speaker reads there: "federal statistics", "a recent survey of voter
 * lists", "a database tracking such deaths", "the study — which used …".
 * The phrase from its first word (past a determiner) up to a participle,
 * a relative clause, a comma or a dash after its first record noun names
 * the source. Returns the speaker, or -1.
 */
static int record_source(struct ct_attribution *a, int s, int e)
{
	int head = -1, k, s0 = s;

	while (s < e && (tok_is(a, s, "a") || tok_is(a, s, "an") || tok_is(a, s, "the")))
		s++;
	for (k = s; k <= e && k - s < 8; k++) {
		if (a->t[k].kind != T_WORD || a->t[k].quoted)
			return -1;
		if (!a->t[k].cap && tok_in(a, k, W_DOC_NOUN | W_DATA_NOUN)) {
			head = k;
			break;
		}
	}
	if (head < 0)
		return -1;
	for (k = head + 1; k <= e; k++)
		if (a->t[k].kind != T_WORD || is_relative(a, k) ||
		    ((is_ing(a, k) || participle_at(a, k)) && !is_determiner(a, k - 1) &&
		     ct_attr_number_at(a, k - 1, 4) < 0))
			break;
	/* "according to reports", "to documents": a bare plural cites no
	 * one in particular. */
	if (k - 1 == s && s == s0)
		return -1;
	char *mention = ct_attr_tokens_text(a, s, k - 1);
	if (!mention)
		return -1;
	return ct_attr_add_speaker(a, mention, mention, NULL, CT_SPEAKER_ORGANIZATION, false,
				   a->t[s].s);
}

/*
 * "According to X, CONTENT", tokens [via_s, via_e] being X, content from
 * start to e: X is a speaker, or an outlet that relays a speaker named in
 * the content (*via then).
 */
static int according_to_first(struct ct_attribution *a, int e, int start, int via_s,
			      int via_e, int *via)
{
	const char *canon;

	/* "According to X, CONTENT" names the speaker unless a
	 * reporting verb inside names another. */
	bool inner = false;
	for (int k = start; k <= e && !inner; k++)
		inner = !a->t[k].quoted && lexicon_at(a, CT_CUE_SPEECH, k) > 0;
	int speaker = -1;
	/* An outlet relays whoever speaks inside; with no one there, it is
	 * the source, as "…, according to Politico." is. */
	if (ct_attr_is_outlet(a, via_s, via_e, &canon)) {
		int outlet = ct_attr_add_speaker(a, canon, ct_attr_tokens_text(a, via_s, via_e),
						 NULL, CT_SPEAKER_ORGANIZATION, true, a->t[via_s].s);
		if (inner || e - start < 2) {
			*via = outlet;
			return TRY_ON;
		}
		speaker = outlet;
	}
	if (speaker < 0 && !inner)
		speaker = ct_attr_read_speaker(a, via_s, via_e);
	if (speaker < 0 && !inner)
		speaker = record_source(a, via_s, via_e);
	if (speaker < 0)
		return TRY_ON;
	size_t end = content_end(a, e);
	if (start <= e && content_is_quote(a, speaker, -1, "according to", start, e))
		return CT_OK;
	/* "According to X," can end the sentence, and the
	 * text: then start is past e and there is no content. */
	return ct_attr_emit(a, CT_QUOTE_ACCORDING_TO, speaker, -1, "according to",
			    start <= e ? a->t[start].s : end, end);
}

/*
 * Where the signature of a post embedded from a social network starts
 * (its dash), when tokens [lo, pe] end with one as the embed code writes
 * it out: "— Name (@handle) Month D, YYYY"; else -1.
 */
static int post_signature(const struct ct_attribution *a, int lo, int pe)
{
	int k, at;

	/* A period may close the paragraph after the date. */
	if (pe > lo && tok_punct(a, pe, '.'))
		pe--;
	if (pe - lo < 8 || ct_attr_number_at(a, pe, 4) < 1000 || !tok_punct(a, pe - 1, ',') ||
	    ct_attr_number_at(a, pe - 2, 2) < 1 || month_of(a, pe - 3) == 0 ||
	    !tok_punct(a, pe - 4, ')'))
		return -1;
	/* The handle: "@" and a few tokens ("Rory_Medcalf"), no space. */
	for (at = pe - 5; at > lo && pe - 4 - at <= 6 && !tok_punct(a, at, '@'); at--)
		if (a->t[at].s != a->t[at - 1].e)
			return -1;
	if (at <= lo + 2 || at == pe - 5 || !tok_punct(a, at, '@') || !tok_punct(a, at - 1, '('))
		return -1;
	/* The account's name: a few words, the first capitalized. */
	for (k = at - 2; k > lo && at - 2 - k < 6 && a->t[k].kind == T_WORD; k--)
		;
	if (k == at - 2 || !tok_punct(a, k, '-') || !a->t[k + 1].cap)
		return -1;
	return k;
}

/* Where in the n bytes at s a link starts ("https://t.co/…",
 * "pic.twitter.com/…"); n when none does. */
static size_t link_start(const char *s, size_t n)
{
	static const char *const marks[] = { "http://", "https://", "pic.twitter.com/", "www." };
	size_t first = n;

	for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
		size_t k = strlen(marks[m]);
		for (size_t i = 0; i + k <= n && i < first; i++)
			if (!memcmp(s + i, marks[m], k))
				first = i;
	}
	return first;
}

/*
 * A post embedded from a social network: the paragraph of sentence
 * [s, e] (its first) signed at its end ("… — BC Hydro (@bchydro)
 * December 22, 2018"), or followed by a paragraph that is the signature
 * alone, as an extractor writes the embed's parts apart. The text is the
 * account's own words, without the links that end it; nothing else in
 * the paragraph or the signature reports speech.
 */
static int embedded_post(struct ct_attribution *a, int s, int e)
{
	int n = (int)a->n_t, pe = e, last, dash, sig_end, speaker;

	if (!a->has_at || (s > 0 && a->t[s - 1].para == a->t[s].para))
		return TRY_ON;
	while (pe + 1 < n && a->t[pe + 1].para == a->t[s].para)
		pe++;
	if ((dash = post_signature(a, s, pe)) >= 0) {
		last = dash - 1;
		sig_end = pe;
	} else {
		if (pe + 1 >= n)
			return TRY_ON;
		sig_end = pe + 1;
		while (sig_end + 1 < n && a->t[sig_end + 1].para == a->t[pe + 1].para)
			sig_end++;
		if ((dash = post_signature(a, pe + 1, sig_end)) != pe + 1)
			return TRY_ON;
		last = pe;
	}
	if (last < s)
		return TRY_ON;
	int paren = dash + 1;
	while (!tok_punct(a, paren, '('))
		paren++;
	if ((speaker = ct_attr_read_speaker(a, dash + 1, paren - 1)) < 0)
		return TRY_ON;
	size_t from = a->t[s].s, to = a->t[last].e;
	/* The links that end it, and what is glued to them: "30th.https://…". */
	for (;;) {
		size_t w = to, l;
		while (w > from && a->norm[w - 1] != ' ')
			w--;
		if ((l = link_start(a->norm + w, to - w)) == to - w)
			break;
		to = w + l;
		if (l > 0 || w <= from)
			break;
		to = w - 1;
	}
	for (int k = s; k <= sig_end; k++)
		a->t[k].quoted = true;
	return ct_attr_emit(a, CT_QUOTE_DIRECT, speaker, -1, "posted", from, to);
}

/* "Pat Caddell: Democrat Voters Worried …", "WALLACE: But, Governor …":
 * a name and a colon opening a paragraph, sentence [s, e]. */
static int name_and_colon(struct ct_attribution *a, int s, int e, int via)
{
	int k = s;

	if (s > 0 && a->t[s - 1].para == a->t[s].para)
		return TRY_ON;
	while (k <= e && k - s < 4 && ct_attr_name_token(a, k) && a->t[k].cap)
		k++;
	if (!(k > s && tok_punct(a, k, ':') && k < e && !ct_attr_label_words(a, s, k - 1)))
		return TRY_ON;
	int speaker = ct_attr_read_speaker(a, s, k - 1), pe = e;
	if (speaker < 0)
		return TRY_ON;
	/* The speaker holds the floor to the end of the paragraph. */
	while (pe + 1 < (int)a->n_t && a->t[pe + 1].para == a->t[s].para)
		pe++;
	for (int q = k + 1; q <= pe; q++)
		a->t[q].quoted = true;
	return ct_attr_emit(a, CT_QUOTE_DIRECT, speaker, via, ":", a->t[k + 1].s, a->t[pe].e);
}

static bool continues_otherwise(const struct ct_attribution *a, int k, int e);

/* "…, according to X." at token i, of the sentence that starts at token s
 * (its clause at start). */
static int according_to_after(struct ct_attribution *a, int s, int e, int start, int i)
{
	int x_e = i + 2, speaker, rc;
	const char *canon;

	/* "according to a senior aide who spoke on condition …": the
	 * source without its relative clause. */
	while (x_e + 1 <= e && a->t[x_e + 1].kind == T_WORD &&
	       !(x_e > i + 2 && is_relative(a, x_e + 1)))
		x_e++;
	if (ct_attr_is_outlet(a, i + 2, x_e, &canon)) {
		/* An outlet relays whoever spoke before it in the
		 * sentence; with no one there, it is the source. */
		struct ct_quote *last = a->n_quotes ? &a->quotes[a->n_quotes - 1] : NULL;
		if (last && last->end > a->map[a->t[s].s]) {
			if (!last->via)
				last->via = canon;
			return NEXT_TOKEN;
		}
		speaker = ct_attr_add_speaker(a, canon, ct_attr_tokens_text(a, i + 2, x_e), NULL,
					      CT_SPEAKER_ORGANIZATION, true, a->t[i + 2].s);
		rc = ct_attr_emit(a, CT_QUOTE_ACCORDING_TO, speaker, -1, "according to",
				  a->t[start].s, a->t[i - 1].s);
		return rc != CT_OK ? rc : NEXT_TOKEN;
	}
	speaker = ct_attr_read_speaker(a, i + 2, x_e);
	/* "a person familiar with the talks but unauthorized to speak",
	 * "officials unauthorized to speak publicly": the source is the
	 * noun phrase before an adjective or participle that describes it. */
	for (int k = i + 3; speaker < 0 && k <= x_e && k - i < 10; k++)
		if (!a->t[k].cap && (source_modifier_at(a, k) || participle_at(a, k))) {
			speaker = ct_attr_read_speaker(a, i + 2, k - 1);
			/* A description keeps what names it, up to a "but"
			 * that adds something else about it: "a person familiar
			 * with the talks", "officials unauthorized to speak
			 * publicly and granted anonymity". */
			if (speaker >= 0 && source_modifier_at(a, k)) {
				int m_e = k;
				while (m_e + 1 <= x_e && !tok_is(a, m_e + 1, "but"))
					m_e++;
				speaker = modified_speaker(a, i + 2, k - 1, m_e);
			}
			break;
		}
	if (speaker < 0)
		speaker = record_source(a, i + 2, e);
	if (speaker >= 0) {
		/* "That is why, according to government data, most of us eat
		 * badly.": the sentence goes on with what the source says, a
		 * quote of its own after a clause; "The result, according to
		 * X, is …": one content around a phrase too short for one. */
		int k = x_e + 1;
		while (k <= e && a->t[k].kind == T_WORD)
			k++;
		bool rest = tok_punct(a, k, ',') && k + 1 <= e && !continues_otherwise(a, k + 1, e);
		if (rest && !clause_like(a, start, i - 1) && i - start <= 8) {
			for (int j = i; j <= e; j++)
				a->t[j].used = true;
			rc = ct_attr_emit(a, CT_QUOTE_ACCORDING_TO, speaker, -1, "according to",
					  a->t[start].s, content_end(a, e));
			return rc != CT_OK ? rc : NEXT_TOKEN;
		}
		rc = ct_attr_emit(a, CT_QUOTE_ACCORDING_TO, speaker, -1, "according to",
				  a->t[start].s, a->t[i - 1].s);
		if (rc != CT_OK)
			return rc;
		if (rest && (clause_like(a, k + 1, e) ||
			     (e - k >= 4 && !tok_in(a, k + 1, W_CONTENT_STOPPER)))) {
			for (int j = i; j <= k; j++)
				a->t[j].used = true;
			rc = ct_attr_emit(a, CT_QUOTE_ACCORDING_TO, speaker, -1, "according to",
					  a->t[k + 1].s, content_end(a, e));
			if (rc != CT_OK)
				return rc;
			for (int j = k + 1; j <= e; j++)
				a->t[j].used = true;
		}
	}
	return NEXT_TOKEN;
}


/* ", saying that …", ", adding …": the sentence's subject speaks; the
 * one-word cue at token i. */
/* Whether token i is a word in -ed, capitalized or not ("Chastened"
 * opening a sentence). */
static bool participle_at_start(const struct ct_attribution *a, int i)
{
	size_t n;
	const char *w;

	if (a->t[i].kind != T_WORD || a->t[i].quoted)
		return false;
	w = tok_str(a, i, &n);
	return n > 4 && w[n - 2] == 'e' && w[n - 1] == 'd';
}

static int participle_clause(struct ct_attribution *a, int start, int e, int i, int via,
			     const struct clause_state *cs)
{
	size_t wl;
	const char *w = tok_str(a, i, &wl);
	int k = start, speaker, c_s;
	bool described = false;

	if (!(wl > 4 && strncmp(w + wl - 3, "ing", 3) == 0))
		return TRY_ON;
	/* "Chastened by the reviews, …, Ann Roe revised her plan, promising
	 * …": a participle phrase opening the sentence is no subject; the
	 * name after one of its commas is. */
	if (k + 1 < i && (participle_at_start(a, k) || is_ing(a, k)) &&
	    tok_in(a, k + 1, W_CONTENT_STOPPER)) {
		int n = -1;
		for (int c = k + 2; c < i && n < 0; c++)
			if (tok_punct(a, c, ',') && c + 1 < i && a->t[c + 1].cap &&
			    ct_attr_name_token(a, c + 1))
				n = c + 1;
		if (n < 0)
			return NEXT_TOKEN;
		k = start = n;
	}
	while (k < i && (ct_attr_name_token(a, k) || is_title(a, k) || tok_is(a, k, "the") ||
			 (a->t[k].kind == T_WORD && a->t[k].cap)))
		k++;
	/* "A county judge …": a determiner alone is no name. */
	if (k == start + 1 && is_determiner(a, start))
		k = start;
	/* "A New York judge rejected …, saying …": a description of a few
	 * words before the sentence's verb. */
	if (k == start || (k < i && a->t[k].kind == T_WORD && !a->t[k].cap)) {
		int d = k;
		if (is_determiner(a, d))
			d++;
		while (d < i && d - start < 6 && a->t[d].kind == T_WORD && !a->t[d].quoted &&
		       !tok_in(a, d, W_VERBISH | W_AUXILIARY | W_CONTENT_STOPPER) &&
		       !participle_at(a, d) && !is_ing(a, d) && lexicon_at(a, CT_CUE_SPEECH, d) == 0)
			d++;
		if (d > k && d < i && (participle_at(a, d) || tok_in(a, d, W_VERBISH))) {
			k = d;
			described = true;
		}
	}
	/* "Several of the clubs …, asking": a part of a whole is no name. */
	speaker = k > start && !tok_is(a, k, "of") ? ct_attr_read_speaker(a, start, k - 1) : -1;
	/* "“…,” the mayor said, adding that …": the speaker of the direct
	 * quote the sentence attributes. */
	for (size_t q = a->next_dq; speaker < 0 && q-- > 0;) {
		const struct dquote *d = &a->dq[q];
		int at = d->close >= 0 ? d->close : d->last;
		if (at < 0 || a->t[at].sent != a->t[i].sent)
			break;
		if (!d->embedded && d->speaker >= 0 && at < i)
			speaker = d->speaker;
	}
	/* "…, the mayor said, adding that …" with the content first: the
	 * speaker of the clause before. */
	if (speaker < 0 && cs->speaker >= 0 && start > 0 && tok_punct(a, i - 1, ','))
		speaker = cs->speaker;
	if (speaker < 0)
		return NEXT_TOKEN;
	c_s = content_start(a, i + 1, e, false);
	if (c_s > e)
		return NEXT_TOKEN;
	/* After a description read so, only a clause with its subject is
	 * taken: not "…, citing privacy concerns", "…, stressing instead the
	 * need". */
	if (described && !tok_is(a, c_s - 1, "that") &&
	    (!clause_like(a, c_s, e) ||
	     !(tok_in(a, c_s, W_PRONOUN) || is_determiner(a, c_s) || a->t[c_s].cap)))
		return NEXT_TOKEN;
	const char *cue = ct_attr_tokens_text(a, i, i);
	if (content_is_quote(a, speaker, via, cue, c_s, e))
		return CT_OK;
	return ct_attr_emit(a, kind_of(a, i), speaker, via, cue, a->t[c_s].s, content_end(a, e));
}

/* Whether token k opens a clause of its own after a comma: a
 * conjunction ("but", "and", "while") or a participle of speech
 * (", adding that …"). */
static bool next_clause(const struct ct_attribution *a, int k, int e)
{
	if (k > e || a->t[k].kind != T_WORD)
		return false;
	if (tok_is(a, k, "but") || tok_is(a, k, "and") || tok_is(a, k, "while") ||
	    tok_is(a, k, "whereas") || tok_is(a, k, "though") || tok_is(a, k, "although"))
		return true;
	return is_ing(a, k) && lexicon_at(a, CT_CUE_SPEECH, k) > 0;
}

/* Whether token i is a plural noun in lower case that no word list
 * holds as a verb or a particle: "reporters", "journalists". */
static bool plural_noun(const struct ct_attribution *a, int i)
{
	size_t n;
	const char *w;

	if (a->t[i].kind != T_WORD || a->t[i].cap ||
	    tok_in(a, i, W_VERBISH | W_CONTENT_STOPPER | W_TIME | W_PRONOUN | W_AUXILIARY))
		return false;
	w = tok_str(a, i, &n);
	return n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != '\'';
}

/*
 * Past a phrase of place or occasion that ends the clause after the cue
 * ("…, X said at a news conference.", "said during a visit to the site",
 * "told reporters outside the courthouse on Monday"): a preposition and
 * words with no verb, up to the clause's end. Token k, or that end.
 */
static int past_occasion(const struct ct_attribution *a, int k, int e)
{
	int m = k;

	static const struct word_lit opens[] = {
		WORD_LIT("at"), WORD_LIT("in"), WORD_LIT("on"), WORD_LIT("during"),
		WORD_LIT("outside"), WORD_LIT("inside"), WORD_LIT("near"), WORD_LIT("amid"),
		WORD_LIT("after"), WORD_LIT("before"), WORD_LIT("following"), WORD_LIT("from"),
		WORD_LIT("of"), WORD_LIT("with"),
	};

	/* Not "to" or "for": "wants to cut taxes", "called for a review". */
	if (!tok_is_one_of(a, k, opens, sizeof opens / sizeof *opens))
		return k;
	while (m <= e && m - k < 12 && a->t[m].kind == T_WORD && !a->t[m].quoted &&
	       !tok_is(a, m, "that") && !tok_in(a, m, W_VERBISH | W_PRONOUN | W_AUXILIARY))
		m++;
	if (m == k + 1 || clause_like(a, k, m - 1) ||
	    !(m > e || tok_punct(a, m, '.') || tok_punct(a, m, '?') || tok_punct(a, m, ',')))
		return k;
	return m;
}

/* "…, X said." / "…, X said Friday, as …": the cue, tokens [i, i + cl),
 * ends its clause, and the content is before the subject's comma. */
static int cue_ends_clause(struct ct_attribution *a, int start, int e, int i, int cl, int via,
			   struct clause_state *cs)
{
	int after = i + cl, comma = -1, subj_s, subj_e, speaker;
	bool told = tok_is(a, i, "told") || tok_is(a, i, "tells") || tok_is(a, i, "tell");

	/* "…, X told The Daily Ledger.", "told reporters", "told a news
	 * conference": the object. */
	if (told) {
		int k = after;
		while (k <= e && k - after < 5 && a->t[k].kind == T_WORD &&
		       (a->t[k].cap || is_determiner(a, k) || is_possessive(a, k) || is_group(a, k) ||
			tok_is(a, k, "me") || tok_is(a, k, "us") || tok_is(a, k, "him") ||
			tok_is(a, k, "her") || tok_is(a, k, "them") || plural_noun(a, k) ||
			(k > after && !tok_in(a, k, W_VERBISH | W_CONTENT_STOPPER | W_TIME) &&
			 (is_determiner(a, k - 1) || is_possessive(a, k - 1)))))
			k++;
		after = k;
	}
	/* "… - a “scaffold,” she calls it - …", "…, as he put it.": "it"
	 * is the content before. */
	bool it = tok_is(a, after, "it") && after + 1 <= e && a->t[after + 1].kind != T_WORD;
	if (it)
		after++;
	/* "said Friday", "said in a statement", "said in June 2012", "said
	 * Friday at a news conference": a phrase of occasion after a verb of
	 * speech only, not of thought ("as they wish at other times"). */
	bool occasion = false, speech = lexicon_at(a, CT_CUE_SPEECH, i) > 0;
	while (after <= e && after - (i + cl) < 8) {
		int occ = speech ? past_occasion(a, after, e) : after;
		if (occ != after) {
			after = occ;
			occasion = true;
			break;
		}
		if (!is_time(a, after) && !(tok_in(a, after, W_CONTENT_STOPPER) && is_time(a, after + 1)))
			break;
		after++;
	}
	if (!(after > e || tok_punct(a, after, '.') || tok_punct(a, after, '?') ||
	      (it && tok_punct(a, after, '-')) ||
	      (tok_punct(a, after, ',') && !tok_is(a, after + 1, "that"))))
		return TRY_ON;
	/* "When asked whether …, McCallum said, “The debt is …”": a quote
	 * after the comma is what was said; the words before are no content. */
	if (tok_punct(a, after, ',') && after + 1 <= e && a->t[after + 1].kind == T_QUOTE &&
	    dquote_from(a, after + 1) < a->n_dq && a->dq[dquote_from(a, after + 1)].open == after + 1)
		return TRY_ON;
	for (int k = i - 1; k > start; k--)
		if (tok_punct(a, k, ',')) {
			comma = k;
			break;
		}
	/* A phrase of occasion read past, with no comma before the
	 * subject, may be the start of the content ("X said in May the …"):
	 * the other readings are tried. */
	if (comma < 0)
		return occasion ? TRY_ON : NEXT_TOKEN;
	subj_s = comma + 1;
	/* `… "makes me smart," Mr. Ward said`: the comma of a quoted phrase
	 * that ends the content is inside its closing mark. */
	if (subj_s < i && a->t[subj_s].kind == T_QUOTE && !a->t[subj_s].quoted)
		subj_s++;
	subj_e = skip_adverbs_back(a, i - 1, subj_s);
	/* "A quarter of that, per the McKinley plan, is …": a phrase
	 * opened by a preposition is no subject. */
	if (tok_is(a, subj_s, "per") ||
	    (tok_in(a, subj_s, W_CONTENT_STOPPER) && !tok_is(a, subj_s, "as")))
		return NEXT_TOKEN;
	speaker = ct_attr_read_speaker(a, subj_s, subj_e);
	if (speaker < 0) {
		/* "…, a guard present during the attack told Reuters." */
		int h = head_before_modifier(a, subj_s, subj_e);
		if (h >= subj_s)
			speaker = modified_speaker(a, subj_s, h, subj_e);
	}
	if (speaker < 0)
		return NEXT_TOKEN;
	/* "The museum, Mr. Ward said, celebrated …": a phrase too short to be
	 * a clause before ", X said," is the start of the content, which goes
	 * on after it. */
	/* "Though the move was smooth, he said, replacing her would …": a
	 * clause that opens with a subordinator is no statement of its own
	 * either; the main clause after ", X said," completes it. */
	bool subordinate = tok_is(a, start, "though") || tok_is(a, start, "although") ||
			   tok_is(a, start, "if") || tok_is(a, start, "even") ||
			   tok_is(a, start, "while") || tok_is(a, start, "when") ||
			   tok_is(a, start, "because") || tok_is(a, start, "since") ||
			   tok_is(a, start, "unless") || tok_is(a, start, "once") ||
			   tok_is(a, start, "until");
	/* "That's why, he argued, the party …", "All of which, he said,
	 * would …": a phrase that ends in a word asking for a clause. */
	bool open_end = tok_is(a, comma - 1, "why") || tok_is(a, comma - 1, "which") ||
			tok_is(a, comma - 1, "what") || tok_is(a, comma - 1, "how");
	if (after < e && tok_punct(a, after, ',') &&
	    (subordinate || open_end ||
	     (!clause_like(a, start, comma - 1) && comma - start <= 8)) &&
	    !next_clause(a, after + 1, e) && clause_like(a, after + 1, e))
		return ct_attr_emit(a, kind_of(a, i), speaker, via,
				    ct_attr_tokens_text(a, i, i + cl - 1), a->t[start].s,
				    content_end(a, e));
	/* What follows ", X said," is a clause of its own: ", adding that
	 * …", ", but Y said …". */
	cs->resume = after;
	cs->speaker = speaker;
	cs->cue = i;
	cs->cl = cl;
	return ct_attr_emit(a, kind_of(a, i), speaker, via,
			    ct_attr_tokens_text(a, i, i + cl - 1), a->t[start].s,
			    subj_s > comma + 1 ? a->t[comma + 1].e : a->t[comma].s);
}

/* "…, said X in a statement.": the cue, tokens [i, i + cl), and its
 * speaker after it. */
static int cue_then_speaker(struct ct_attribution *a, int start, int e, int i, int cl, int via,
			    struct clause_state *cs)
{
	int x_e = i + cl, speaker, name = -1;

	/* `…, said X` or `… "is a misguided approach," said X`: the comma
	 * may be inside the closing mark of a quoted phrase. */
	int before = i - 1;
	if (before > start && a->t[before].kind == T_QUOTE && !a->t[before].quoted)
		before--;
	if (!(i > start && tok_punct(a, before, ',') && i + cl <= e))
		return TRY_ON;
	/* "…, said police Chief Anna Moss", "…, said oil and gas worker
	 * Mike Wipf": lowercase words of a role before a name; "…, said the
	 * company.": a description that ends the clause. */
	if (!a->t[i + cl].cap) {
		int k = i + cl, from = i + cl + (tok_is(a, i + cl, "the") ? 1 : 0);
		k = from;
		while (k <= e && k - from < 5 && a->t[k].kind == T_WORD && !a->t[k].cap &&
		       !is_determiner(a, k) &&
		       (tok_is(a, k, "and") ? k > from && k + 1 <= e && !a->t[k + 1].cap
					    : !tok_in(a, k, W_VERBISH | W_CONTENT_STOPPER |
								W_NP_STOPPER | W_PRONOUN | W_TIME)))
			k++;
		bool named = k > from && k <= e && a->t[k].cap &&
			     (ct_attr_name_token(a, k) || is_title(a, k));
		/* A description ends in a noun of who speaks or what speaks
		 * for them ("the company", "the ministry's statement"), not
		 * in a clause's verb or object ("said the plan failed"). */
		bool described = from > i + cl && k > from &&
				 (k > e || tok_punct(a, k, '.') || tok_punct(a, k, ',')) &&
				 ct_attr_speaking_noun(a, k - 1);
		if (!named && !described)
			return TRY_ON;
		if (named)
			name = k;
	}
	if (name > 0)
		x_e = name;
	while (x_e + 1 <= e && (a->t[x_e + 1].kind == T_WORD || tok_punct(a, x_e + 1, ',')) &&
	       !(!a->t[x_e + 1].cap && tok_in(a, x_e + 1, W_NP_STOPPER)))
		x_e++;
	speaker = ct_attr_read_speaker(a, i + cl, x_e);
	if (speaker < 0 && name > 0)
		speaker = ct_attr_read_speaker(a, name, x_e);
	if (speaker < 0)
		return TRY_ON;
	cs->resume = x_e + 1;
	cs->speaker = speaker;
	cs->cue = i;
	cs->cl = cl;
	return ct_attr_emit(a, kind_of(a, i), speaker, via,
			    ct_attr_tokens_text(a, i, i + cl - 1), a->t[start].s,
			    before < i - 1 ? a->t[i - 1].e : a->t[before].s);
}

/* Whether token i is "I" or "we", or one of them with a verb joined to it
 * ("I'd", "we're"): the writer's voice, no speaker's. */
static bool first_person(const struct ct_attribution *a, int i)
{
	size_t n, k;
	const char *w;

	if (i < 0 || a->t[i].kind != T_WORD)
		return false;
	w = tok_str(a, i, &n);
	/* "I" or "we", then the word's end or an apostrophe: the first
	 * bytes tell, with no scan of every word for an apostrophe. */
	if (n >= 1 && (w[0] == 'I' || w[0] == 'i'))
		k = 1;
	else if (n >= 2 && (w[0] == 'w' || w[0] == 'W') && (w[1] == 'e' || w[1] == 'E'))
		k = 2;
	else
		return false;
	return k == n || w[k] == '\'';
}

static int subject_before(struct ct_attribution *a, int start, int i);

/*
 * The speaker of a verb whose subject is left out after the conjunction
 * at token c: "Mr. Shaw backed the bill, and said he …" - the subject of
 * the clause's first verb, when the clause opens with it (a name or a
 * pronoun, no leading phrase). -1 when there is none.
 */
static int elided_subject(struct ct_attribution *a, int start, int c)
{
	if (!(tok_is(a, c, "and") || tok_is(a, c, "but") || tok_is(a, c, "yet")) ||
	    !(a->t[start].cap || tok_in(a, start, W_PRONOUN)))
		return -1;
	for (int m = start + 1; m < c && m - start < 8; m++) {
		size_t n;
		const char *w;
		if (a->t[m].kind != T_WORD || a->t[m].quoted)
			return -1;
		w = tok_str(a, m, &n);
		bool verb = !a->t[m].cap && !tok_in(a, m, W_AUXILIARY) &&
			    (tok_in(a, m, W_VERBISH) || lexicon_at(a, CT_CUE_SPEECH, m) > 0 ||
			     lexicon_at(a, CT_CUE_BELIEF, m) > 0 ||
			     (n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd'));
		if (verb) {
			while (m - 1 > start && ly_adverb(a, m - 1))
				m--;
			return subject_before(a, start, m);
		}
	}
	return -1;
}

/*
 * The speaker of "X (also) said": the subject before the cue at token i,
 * within the clause from start on. -1 when there is none.
 */
/* The end of a subject before a phrase of time that stands between it
 * and the verb ("Ann Roe on Monday said", "The Ledger last week wrote",
 * "who in 2010 said"), e when there is none. */
static int before_date_phrase(const struct ct_attribution *a, int start, int e)
{
	int k = e, words = 0;

	while (k > start && words < 4 && a->t[k].kind == T_WORD && !a->t[k].quoted &&
	       ct_attr_date_word(a, k) && !a->t[k - 1].quoted)
		k--, words++;
	if (words == 0 || (words == 1 && (tok_is(a, e, "last") || tok_is(a, e, "this") ||
					   tok_is(a, e, "early") || tok_is(a, e, "late"))))
		return e;
	if (tok_is(a, k, "on") || tok_is(a, k, "in"))
		k--;
	else if (!ct_attr_date_word(a, k + 1) || !(tok_is(a, k + 1, "last") || tok_is(a, k + 1, "this") ||
					    tok_is(a, k + 1, "earlier")))
		return e;
	/* "People arrested last week said": the phrase tells when the
	 * participle before it happened. A relative pronoun before it is
	 * the subject ("McConnell, who in 2010 said"). */
	if (k < start || a->t[k].kind != T_WORD ||
	    (tok_in(a, k, W_CONTENT_STOPPER | W_VERBISH) && !tok_is(a, k, "who") &&
	     !tok_is(a, k, "which")) ||
	    participle_at(a, k))
		return e;
	return k;
}

/* Whether token i is a verb of aspect or seeming that takes "to" and the
 * subject's verb: "continued to call for", "seemed to think", "went on
 * to say". */
static bool raising_verb(const struct ct_attribution *a, int i)
{
	static const struct word_lit words[] = {
		WORD_LIT("continue"), WORD_LIT("continues"), WORD_LIT("continued"),
		WORD_LIT("begin"), WORD_LIT("begins"), WORD_LIT("began"), WORD_LIT("begun"),
		WORD_LIT("start"), WORD_LIT("starts"), WORD_LIT("started"), WORD_LIT("seem"),
		WORD_LIT("seems"), WORD_LIT("seemed"), WORD_LIT("appear"), WORD_LIT("appears"),
		WORD_LIT("appeared"), WORD_LIT("tend"), WORD_LIT("tends"), WORD_LIT("tended"),
		WORD_LIT("try"), WORD_LIT("tries"), WORD_LIT("tried"), WORD_LIT("went"),
	};
	return tok_is_one_of(a, i, words, sizeof words / sizeof *words);
}

static int subject_before(struct ct_attribution *a, int start, int i)
{
	int subj_e = skip_adverbs_back(a, i - 1, start), subj_s = start, speaker;

	/* "Protesters continued to call for …", "X seemed to think …", "X
	 * went on to say": the subject is before the verb that takes "to". */
	if (subj_e - 1 > start && tok_is(a, subj_e, "to")) {
		int v = tok_is(a, subj_e - 1, "on") && tok_is(a, subj_e - 2, "went") ? subj_e - 2
										    : subj_e - 1;
		if (raising_verb(a, v) && v - 1 >= start)
			subj_e = skip_adverbs_back(a, v - 1, start);
	}
	subj_e = before_date_phrase(a, start, subj_e);

	/* "The White House is saying that …", "X has been warning …": the
	 * progressive's "be" is no part of the subject. */
	if (is_ing(a, i) && subj_e > start && is_be(a, subj_e))
		subj_e = skip_adverbs_back(a, subj_e - 1, start);

	for (int k = subj_e; k >= start; k--) {
		if (k == subj_e && (tok_is(a, k, "who") || tok_is(a, k, "which")) &&
		    tok_punct(a, k - 1, ',')) {
			subj_s = k;
			break;
		}
		/* "Rally North, the group that organized the march, said": a
		 * relative "that" inside an apposition, after its noun. */
		if (tok_is(a, k, "that") && tok_punct(a, subj_e, ',') && k - 1 > start &&
		    a->t[k - 1].kind == T_WORD && !a->t[k - 1].quoted &&
		    !tok_in(a, k - 1, W_VERBISH | W_CONTENT_STOPPER) &&
		    lexicon_at(a, CT_CUE_SPEECH, k - 1) == 0 && lexicon_at(a, CT_CUE_BELIEF, k - 1) == 0) {
			bool apposition = false;
			for (int c = k - 2; c > start && c >= k - 12 && !apposition; c--)
				apposition = tok_punct(a, c, ',');
			if (apposition)
				continue;
		}
		/* "The victim's sister, who asked that her name not be used,
		 * said": a "that" of the subject's relative clause, set off by
		 * commas up to the verb. */
		if (tok_is(a, k, "that") && tok_punct(a, subj_e, ',')) {
			bool relative = false;
			for (int c = k - 1; c > start && c >= k - 8 && !relative; c--)
				relative = (tok_is(a, c, "who") || tok_is(a, c, "which")) &&
					   tok_punct(a, c - 1, ',');
			if (relative)
				continue;
		}
		if (a->t[k].quoted || a->t[k].kind == T_QUOTE || tok_is(a, k, "that") ||
		    tok_punct(a, k, ';') || tok_punct(a, k, ':')) {
			subj_s = k + 1;
			break;
		}
		/* "…, but the union leaders say": a clause of its own. */
		if (k > start && k < subj_e && (tok_is(a, k, "but") || tok_is(a, k, "while")) &&
		    a->t[k - 1].kind == T_PUNCT) {
			subj_s = k + 1;
			break;
		}
	}
	if (subj_e < subj_s)
		return -1;
	/* "Seriously, please ask yourself …", "Honestly, tell them …": an
	 * imperative has no subject; an adverb before its comma is none. */
	if (tok_is(a, subj_e, "please"))
		return -1;
	int words = 0, ly = -1;
	for (int k = subj_s; k <= subj_e && words < 2; k++)
		if (a->t[k].kind == T_WORD) {
			size_t n;
			const char *w = tok_str(a, k, &n);
			words++;
			ly = n > 4 && w[n - 2] == 'l' && w[n - 1] == 'y' ? k : -1;
		}
	if (words == 1 && ly >= 0 && tok_punct(a, subj_e, ','))
		return -1;
	/* "…, though expects it is …", "and hopes to …": the subject is
	 * left out after a conjunction; the words before it are another
	 * clause's. */
	if (tok_in(a, subj_e, W_LEADING) && !a->t[subj_e].cap)
		return elided_subject(a, start, subj_e);
	/* "there's no question …": no subject at all; but "there are some
	 * economists who argue …" has one, before "who" (below). */
	if ((tok_is(a, subj_s, "there") || tok_is(a, subj_s, "there's") ||
	     tok_is(a, subj_s, "there\u2019s")) && !tok_is(a, subj_e, "who"))
		return -1;
	/* "Nobody denies that …", "No one doubts …": no one speaks. */
	if (tok_is(a, subj_e, "nobody") || tok_is(a, subj_e, "none") ||
	    tok_is(a, subj_e, "nothing") || (tok_is(a, subj_e, "one") && tok_is(a, subj_e - 1, "no")))
		return -1;
	/* "Here's a sentence I never thought", "It's a day she long
	 * feared": a subject pronoun with at most two adverbs after it is
	 * the subject, whatever comes before; "I" and "we" refer to no one. */
	for (int k = subj_e; k >= subj_s && subj_e - k < 3; k--) {
		if (first_person(a, k))
			return -1;
		if (k > subj_s && tok_in(a, k, W_PRONOUN)) {
			subj_s = subj_e = k;
			break;
		}
		if (a->t[k].kind != T_WORD || a->t[k].cap)
			break;
	}
	/* "Even Friday, he claimed", "Back in Ottawa, she said": a subject
	 * pronoun after a comma is the subject, whatever comes before. */
	if (subj_e > subj_s && tok_in(a, subj_e, W_PRONOUN) && tok_punct(a, subj_e - 1, ','))
		subj_s = subj_e;
	/* "Mr. Smith, who said he was stiffed": the relative pronoun's
	 * antecedent speaks. */
	if (subj_s == subj_e && (tok_is(a, subj_e, "who") || tok_is(a, subj_e, "which")) &&
	    tok_punct(a, subj_e - 1, ',')) {
		int k = subj_e - 1;
		while (k - 1 >= start && ct_attr_name_token(a, k - 1) && subj_e - k < 5)
			k--;
		if (k < subj_e - 1) {
			subj_s = k;
			subj_e = subj_e - 2;
		}
	}
	/* "an architect who said …": the noun phrase before the relative
	 * pronoun speaks; it opens with a determiner or a name. */
	if (subj_e > subj_s && tok_is(a, subj_e, "who") && a->t[subj_e - 1].kind == T_WORD) {
		int k = subj_e - 1;
		while (k - 1 >= subj_s && subj_e - k < 5 && a->t[k - 1].kind == T_WORD &&
		       !is_determiner(a, k) && !tok_in(a, k - 1, W_VERBISH | W_CONTENT_STOPPER))
			k--;
		if (is_determiner(a, k - 1) && k - 1 >= subj_s)
			k--;
		/* "there are some economists who argue …" */
		bool quantified = tok_is(a, k, "some") || tok_is(a, k, "many") ||
				  tok_is(a, k, "several") || tok_is(a, k, "few");
		if (is_determiner(a, k) || a->t[k].cap || quantified)
			return ct_attr_read_speaker(a, k, subj_e - 1);
		return -1;
	}
	speaker = share_speaker(a, subj_s, subj_e);
	if (speaker < 0)
		speaker = ct_attr_read_speaker(a, subj_s, subj_e);
	/* "Tomas Berg, an engineer who works in Oslo, said": the apposition
	 * without its relative clause. */
	if (speaker < 0 && subj_e > subj_s && tok_punct(a, subj_e, ',')) {
		int r_e = before_relative(a, subj_s, subj_e);
		if (r_e < subj_e)
			speaker = ct_attr_read_speaker(a, subj_s, r_e);
	}
	if (speaker < 0 && subj_s == start) {
		/* "People arrested last week said": the head of the subject;
		 * "A source familiar with the talks, who was not authorized
		 * to speak, said": without its relative clause. */
		int m_e = subj_e;
		for (int k = subj_s + 1; k < subj_e && tok_punct(a, subj_e, ','); k++)
			if (tok_punct(a, k, ',') && is_relative(a, k + 1)) {
				m_e = k - 1;
				break;
			}
		int h = head_before_modifier(a, subj_s, m_e);
		if (h >= subj_s)
			speaker = modified_speaker(a, subj_s, h, m_e);
	}
	if (speaker < 0 && subj_e > subj_s) {
		/* "Though it is hard to judge, experts say", "…, where
		 * restructuring experts say": a subject of a few words after
		 * a leading clause's comma or a relative "where"/"when". */
		int k = subj_e;
		while (k > subj_s && subj_e - k < 5 && a->t[k].kind == T_WORD && !a->t[k].quoted &&
		       !tok_in(a, k, W_VERBISH | W_PRONOUN) && !tok_is(a, k, "where") &&
		       !tok_is(a, k, "when") && !tok_is(a, k, "and"))
			k--;
		if (k < subj_e && k > subj_s &&
		    (tok_punct(a, k, ',') || tok_is(a, k, "where") || tok_is(a, k, "when")) &&
		    !(tok_punct(a, k, ',') && is_ing(a, k + 1)) && is_group(a, subj_e))
			speaker = ct_attr_read_speaker(a, k + 1, subj_e);
	}
	if (speaker < 0) {
		/* "… the third time AROS said it had …": the name right
		 * before the verb, when the span is no noun phrase. */
		int k = subj_e;
		while (k - 1 >= subj_s && subj_e - k < 4 && a->t[k - 1].kind == T_WORD &&
		       a->t[k - 1].cap)
			k--;
		if (k > subj_s && a->t[subj_e].cap)
			speaker = ct_attr_read_speaker(a, k, subj_e);
	}
	return speaker;
}

/* Whether a clause of another subject's speech opens at token o: a
 * subject of a few words, none a verb or quoted, then a reporting verb
 * ("the opposition leader said", "union leaders say"). */
static bool other_subject_speaks(const struct ct_attribution *a, int o, int e)
{
	/* "…, but he stressed …": the same speaker goes on, most often. */
	if (tok_in(a, o, W_PRONOUN))
		return false;
	for (int k = o; k <= e && k - o < 7; k++) {
		if (a->t[k].quoted || a->t[k].kind != T_WORD)
			return false;
		if (k > o && lexicon_at(a, CT_CUE_SPEECH, k) > 0 && !is_ing(a, k))
			return !is_determiner(a, k - 1) && !is_possessive(a, k - 1);
		/* "…, and Republicans want lower rates": a verb of thought
		 * or wish after a plain subject; not the noun of "- helping
		 * start his grand plan to …". */
		if (k > o && tok_in(a, k, W_MIND) && !is_ing(a, k) && !is_ing(a, o)) {
			for (int m = o + 1; m < k; m++)
				if (is_determiner(a, m) || is_possessive(a, m))
					return false;
			return true;
		}
		if (tok_in(a, k, W_VERBISH) || tok_is(a, k, "that"))
			return false;
	}
	return false;
}

/*
 * Whether a pronoun at o opens a clause of its own speech: "…, but she
 * denied that …", "…, though he noted …", "…, he believed the station
 * …": the pronoun, at most two auxiliaries or adverbs, then a reporting
 * verb or a verb of thought with its content after it. Not ", he said,"
 * or ", he said." (an aside inside the content, or its end), nor "I"
 * and "we" (the writer's voice).
 */
static bool pronoun_speaks(const struct ct_attribution *a, int o, int e)
{
	int k = o + 1, cl;

	if (!tok_in(a, o, W_PRONOUN) || first_person(a, o) || a->t[o].quoted)
		return false;
	/* "…, he would hope to …" is the content's own clause: a modal
	 * reports no speech of its own. */
	while (k <= e && k - o <= 2 && tok_in(a, k, W_AUXILIARY) &&
	       lexicon_at(a, CT_CUE_SPEECH, k) == 0) {
		if (tok_is(a, k, "would") || tok_is(a, k, "will") || tok_is(a, k, "could") ||
		    tok_is(a, k, "may") || tok_is(a, k, "might"))
			return false;
		k++;
	}
	if (k >= e || a->t[k].quoted || is_ing(a, k))
		return false;
	cl = lexicon_at(a, CT_CUE_SPEECH, k);
	if (cl == 0 && tok_in(a, k, W_MIND))
		cl = 1;
	return cl > 0 && k + cl <= e && a->t[k + cl].kind == T_WORD && !a->t[k + cl].quoted;
}

/* A conjunction that opens a clause of another statement after a comma,
 * a semicolon or a dash: "…, but the director said …", "… - though she
 * noted …". */
static bool clause_conjunction(const struct ct_attribution *a, int k)
{
	return tok_is(a, k, "but") || tok_is(a, k, "while") || tok_is(a, k, "whereas") ||
	       tok_is(a, k, "though") || tok_is(a, k, "although") || tok_is(a, k, "yet") ||
	       tok_is(a, k, "and");
}

/*
 * The end of reported content [c_s, c_e] that opens a quotation closing
 * in a later sentence ("X said he was “very pleased with the decision.
 * This levels the field.”"): the quotation's end, the speaker's words
 * being one statement, and the quotation is not given again as a direct
 * quote. Else content_end().
 */
static size_t quote_run_on(struct ct_attribution *a, int c_s, int c_e)
{
	for (size_t q = dquote_from(a, c_s); q < a->n_dq && a->dq[q].open <= c_e; q++) {
		struct dquote *d = &a->dq[q];
		if (d->close > c_e && a->t[d->close].sent != a->t[c_e].sent &&
		    d->chain == (int)q && !(q + 1 < a->n_dq && a->dq[q + 1].chain == (int)q) &&
		    d->last >= d->first) {
			d->embedded = true;
			return a->t[d->last].e;
		}
	}
	return content_end(a, c_e);
}

/*
 * Emits the content [c_s, c_e] of reported speech, cue at token cue (cl
 * tokens long); a participle or a second verb of the same subject inside
 * it (", adding that …", "… and said that …") starts a quote of its own.
 */
static int emit_content(struct ct_attribution *a, int speaker, int via, int cue, int cl,
			int c_s, int c_e, struct clause_state *cs)
{
	int marks = 0;          /* quotation marks passed: inside a quote when odd */

	cs->speaker = speaker;
	for (int k = c_s; k < c_s + 2 && k <= c_e; k++)
		marks += a->t[k].kind == T_QUOTE;
	for (int k = c_s + 2; k < c_e; k++) {
		int jl, n_s, cut, rc;
		size_t wl;
		const char *w;
		if (a->t[k].kind == T_QUOTE)
			marks++;
		/* "… to blame for “he said this, he tweeted that.”": a phrase
		 * quoted inside the content is the speaker's words. */
		if (a->t[k].quoted || a->t[k].kind != T_WORD || marks % 2)
			continue;
		/* "… the ward was full, but the director said …", "…, though
		 * she noted …", "… - but the leaders say …": another clause of
		 * reported speech, of another subject or of a pronoun, ends the
		 * content. After a comma alone only a pronoun's does ("…, he
		 * believed …"): a name there may be the content's subject. */
		bool semi = tok_punct(a, k - 1, ';') || tok_punct(a, k - 1, '-');
		/* "… - a “scaffold,” she calls it": the comma inside the
		 * closing mark. */
		bool after_comma = tok_punct(a, k - 1, ',') ||
				   (a->t[k - 1].kind == T_QUOTE && tok_punct(a, k - 2, ','));
		if (after_comma || semi) {
			int o = k;
			if (clause_conjunction(a, k))
				o++;
			bool other = (o > k || semi) && other_subject_speaks(a, o, c_e);
			if (other || pronoun_speaks(a, o, c_e)) {
				cs->resume = k;
				return ct_attr_emit(a, kind_of(a, cue), speaker, via,
						    ct_attr_tokens_text(a, cue, cue + cl - 1),
						    a->t[c_s].s, a->t[k - 2].e);
			}
		}
		if (!a->t[k].w)
			continue;
		bool comma = tok_punct(a, k - 1, ',');
		/* "… and said", "… but has also said" */
		int b = k - 1;
		while (b > c_s + 1 && k - b <= 2 && tok_in(a, b, W_AUXILIARY) &&
		       lexicon_at(a, CT_CUE_SPEECH, b) == 0)
			b--;
		bool and = tok_is(a, b, "and") || tok_is(a, b, "but");
		if (!comma && !and)
			continue;
		if ((jl = lexicon_at(a, CT_CUE_SPEECH, k)) == 0 || tok_is(a, k, "according"))
			continue;
		w = tok_str(a, k, &wl);
		bool ing = wl > 4 && strncmp(w + wl - 3, "ing", 3) == 0;
		/* ", adding that …", "… and said that …", "…, but added …" */
		if (!(comma && ing) && !(and && !ing))
			continue;
		n_s = content_start(a, k + jl, c_e, false);
		if (n_s > c_e || c_e - n_s < 2 ||
		    (!tok_is(a, n_s - 1, "that") && tok_in(a, n_s, W_CONTENT_STOPPER)))
			continue;
		if (and && b < k - 1 && is_ing(a, k))
			continue;
		cut = and && tok_punct(a, b - 1, ',') ? b - 1 : b;
		if (cut - 1 < c_s)
			continue;
		if ((rc = ct_attr_emit(a, kind_of(a, cue), speaker, via,
				       ct_attr_tokens_text(a, cue, cue + cl - 1), a->t[c_s].s,
				       a->t[cut - 1].e)) != CT_OK)
			return rc;
		return emit_content(a, speaker, via, k, jl, n_s, c_e, cs);
	}
	const char *cue_text = ct_attr_tokens_text(a, cue, cue + cl - 1);
	if (content_is_quote(a, speaker, via, cue_text, c_s, c_e))
		return CT_OK;
	if (cs->obj_s == c_s && cs->obj_e >= c_s && cs->obj_e < c_e)
		return ct_attr_emit(a, kind_of(a, cue), speaker, via, cue_text, a->t[c_s].s,
				    a->t[cs->obj_e].e);
	return ct_attr_emit(a, kind_of(a, cue), speaker, via, cue_text, a->t[c_s].s,
			    quote_run_on(a, c_s, c_e));
}

/* Whether token i is a participle in -ed ("feel affronted", "felt
 * betrayed"): the complement of a verb of feeling, no clause. */
static bool participle_at(const struct ct_attribution *a, int i)
{
	size_t n;
	const char *w;

	if (a->t[i].kind != T_WORD || a->t[i].cap)
		return false;
	w = tok_str(a, i, &n);
	return n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd';
}

/*
 * "called police", "called 911", "called the police after …", "called an
 * election": "call" with a noun and nothing said of it is a call, not
 * words; "called the decision a mistake", "called it
 * disgraceful", "called the attack “senseless”" say something of the
 * object. Content [c_s, c_e] after the cue at i.
 */
static bool call_without_complement(const struct ct_attribution *a, int i, int c_s, int c_e)
{
	if (!(tok_is(a, i, "call") || tok_is(a, i, "calls") || tok_is(a, i, "called") ||
	      tok_is(a, i, "calling")))
		return false;
	/* "what he calls the UN's …", "a practice she calls nonstopping":
	 * a pronoun after "what" or a noun names the thing said. */
	int b = i - 1;
	if (b > 0 && tok_in(a, b, W_PRONOUN) &&
	    (tok_is(a, b - 1, "what") ||
	     (a->t[b - 1].kind == T_WORD && !a->t[b - 1].cap && !a->t[b - 1].quoted &&
	      !tok_in(a, b - 1, W_VERBISH | W_AUXILIARY | W_LEADING | W_CONTENT_STOPPER | W_PRONOUN) &&
	      !tok_is(a, b - 1, "and") && !tok_is(a, b - 1, "that"))))
		return false;
	for (int k = c_s; k <= c_e; k++)
		if (a->t[k].kind == T_QUOTE)
			return false;
	if (tok_is(a, c_s, "it") || tok_is(a, c_s, "him") || tok_is(a, c_s, "her") ||
	    tok_is(a, c_s, "them") || tok_is(a, c_s, "this") || tok_is(a, c_s, "that"))
		return c_s == c_e;
	/* The object, one word, then the end or a phrase of time, place or
	 * purpose ("after hearing screams", "to report it"); not "of …",
	 * which goes on with the object. Two words may be a noun and what
	 * is said of it ("called the charges baseless"). */
	static const struct word_lit adverbial[] = {
		WORD_LIT("after"), WORD_LIT("before"), WORD_LIT("to"), WORD_LIT("at"),
		WORD_LIT("from"), WORD_LIT("on"), WORD_LIT("in"), WORD_LIT("for"),
		WORD_LIT("when"), WORD_LIT("while"), WORD_LIT("around"), WORD_LIT("during"),
		WORD_LIT("because"),
	};
	int k = is_determiner(a, c_s) ? c_s + 1 : c_s, m = k;
	while (m <= c_e && m - k < 1 && a->t[m].kind == T_WORD && !a->t[m].quoted &&
	       !is_determiner(a, m) && !tok_in(a, m, W_CONTENT_STOPPER))
		m++;
	return m > k && (m > c_e || a->t[m].kind != T_WORD ||
			 tok_is_one_of(a, m, adverbial, sizeof adverbial / sizeof *adverbial));
}

/* Whether content [c_s, c_e] without "that" is the object of a verb in
 * another sense: "added a goal", "reported a profit", "denied a request";
 * not after a verb of demanding, cue tokens [i, i + cl), whose object is
 * what is asked for ("demanded an apology", "called for an inquiry"). */
static bool object_not_speech(const struct ct_attribution *a, int i, int cl, int c_s, int c_e)
{
	if (tok_in(a, i, W_DEMAND) || (cl > 1 && tok_is(a, i + cl - 1, "for")))
		return false;
	if (cl == 1 && call_without_complement(a, i, c_s, c_e))
		return true;
	/* "says much about the car", "said little about it": a measure of
	 * what a thing tells, nothing said. */
	if ((tok_is(a, c_s, "much") || tok_is(a, c_s, "little") || tok_is(a, c_s, "volumes")) &&
	    tok_is(a, c_s + 1, "about"))
		return true;
	if (!tok_is(a, c_s, "a") && !tok_is(a, c_s, "an"))
		return false;
	/* "added a premium for the expansion, given it has not …": the
	 * clause after a comma is not the object's. */
	int end = c_s;
	while (end < c_e && !tok_punct(a, end + 1, ',') && !tok_punct(a, end + 1, ';'))
		end++;
	return !clause_like(a, c_s, end);
}

/*
 * The end of content [c_s, c_e] that is the object of the cue, a noun
 * phrase and no clause ("praised the plan, which …", "derided the deal as
 * toothless, but X learned …", "likened it to a tax - a charge that …"):
 * a relative clause after a comma, a clause after ", but", ", and" or
 * ", while", a participle after a comma and a dash add the reporter's
 * words to what was said; the object ends before them. c_e when no such
 * boundary follows an object without a verb of its own.
 */
static int object_end(const struct ct_attribution *a, int c_s, int c_e)
{
	int marks = 0;

	for (int k = c_s + 1; k < c_e; k++) {
		marks += a->t[k].kind == T_QUOTE;
		if (marks % 2 || a->t[k].quoted)
			continue;
		bool dash = tok_punct(a, k, '-');
		bool comma = tok_punct(a, k, ',');
		if (!dash && !comma)
			continue;
		int n = k + 1;
		bool subject = n + 1 <= c_e && (tok_in(a, n + 1, W_PRONOUN) ||
						is_determiner(a, n + 1) || a->t[n + 1].cap);
		if (comma && !is_relative(a, n) && !tok_is(a, n, "but") && !tok_is(a, n, "while") &&
		    !(tok_is(a, n, "and") && subject && clause_like(a, n + 1, c_e)) &&
		    !(is_ing(a, n) && !a->t[n].cap && !tok_is(a, n, "including")))
			continue;
		if (k - 1 < c_s + 1 || clause_like(a, c_s, k - 1))
			return c_e;
		for (int m = c_s; m < k; m++)
			if (is_finite_aux(a, m) || tok_in(a, m, W_PRONOUN))
				return c_e;
		/* "said the plan, which costs $5 million, would fail", "the
		 * families - gay or not - would qualify": a relative clause or
		 * an aside inside the subject of a clause; "accused X, who …,
		 * of lying": inside the object, before the rest of it. */
		for (int m = n + 1; (dash || is_relative(a, n)) && m < c_e; m++)
			if ((tok_punct(a, m, ',') && !dash) || tok_punct(a, m, '-')) {
				if (is_finite_aux(a, m + 1) || clause_like(a, m + 1, m + 1) ||
				    tok_is(a, m + 1, "of") || tok_is(a, m + 1, "as") ||
				    tok_is(a, m + 1, "to"))
					return c_e;
				break;
			}
		return k - 1;
	}
	return c_e;
}

/* An object pronoun: "him", "them", "himself". */
static bool object_pronoun(const struct ct_attribution *a, int i)
{
	static const struct word_lit words[] = {
		WORD_LIT("him"), WORD_LIT("her"), WORD_LIT("them"), WORD_LIT("me"),
		WORD_LIT("us"), WORD_LIT("himself"), WORD_LIT("herself"), WORD_LIT("itself"),
		WORD_LIT("themselves"), WORD_LIT("myself"), WORD_LIT("ourselves"),
	};
	return tok_is_one_of(a, i, words, sizeof words / sizeof *words);
}

/* Whether a verb in a clause reads among the first words of [from, to]
 * outside quotation marks: clause_like() without the quoted words. */
static bool finite_unquoted(const struct ct_attribution *a, int from, int to)
{
	for (int k = from; k <= to && k - from < 10; k++) {
		if (a->t[k].quoted || a->t[k].kind == T_QUOTE)
			return false;
		if (clause_like(a, k, k))
			return true;
	}
	return false;
}

/* The relative word right before the subject of the cue at token i
 * ("which he said were …", "what officials say is …", "that police said
 * did not …"), -1 when there is none: the clause after the cue then opens
 * with its verb, whose subject is the relative word. */
static int relative_subject(const struct ct_attribution *a, int start, int i)
{
	int k = skip_adverbs_back(a, i - 1, start);

	for (int n = 0; k >= start && n <= 5; k--, n++) {
		if (a->t[k].kind != T_WORD || a->t[k].quoted)
			return -1;
		if (tok_is(a, k, "which") || tok_is(a, k, "what") || tok_is(a, k, "that") ||
		    tok_is(a, k, "whom"))
			return n > 0 ? k : -1;
		if (n > 0 && (tok_in(a, k, W_VERBISH) || is_finite_aux(a, k)))
			return -1;
	}
	return -1;
}

/* "X (also) said (that) CONTENT": the cue, tokens [i, i + cl), with its
 * subject before it; *via becomes an outlet named at the content's end.
 * mind: the cue is a verb of thought or intention, which reports a
 * clause without "that", and "to" and a verb ("wants to …"), or a verb
 * of finding, which reports a clause without "that" right after it. */
static int subject_then_cue(struct ct_attribution *a, int start, int e, int i, int cl, int *via,
			    bool mind, struct clause_state *cs)
{
	bool told = tok_is(a, i, "told") || tok_is(a, i, "tells") || tok_is(a, i, "tell");
	int speaker, c_s, c_e = e;

	/* "is expected to", "was thought to": the passive has no speaker. */
	if (mind && is_be(a, ct_attr_skip_aux_back(a, i - 1, start)))
		return NEXT_TOKEN;
	/* "Having said that, …", "That said, …": a way of going on, no
	 * one's speech. */
	if (i > 0 && ((tok_is(a, i - 1, "having") && tok_is(a, i + 1, "that") &&
		       tok_punct(a, i + 2, ',')) ||
		      (tok_is(a, i - 1, "that") && tok_punct(a, i + 1, ',') &&
		       (i - 1 == start || tok_punct(a, i - 2, '(')))))
		return NEXT_TOKEN;
	/* "the complex, initially expected to open in 2020": a participle
	 * after a comma is a passive too. */
	if (mind && tok_in(a, i, W_MIND) && participle_at(a, i) && !tok_is(a, i + cl, "that") &&
	    tok_punct(a, skip_adverbs_back(a, i - 1, start), ','))
		return NEXT_TOKEN;
	speaker = -1;
	/* "X issued a statement saying …": the participle tells what the
	 * statement says; X speaks. */
	if (i - 3 > start && cl == 1 && is_ing(a, i) &&
	    (is_group(a, i - 1) || tok_in(a, i - 1, W_TIME)) && is_determiner(a, i - 2) &&
	    a->t[i - 3].kind == T_WORD && !a->t[i - 3].cap)
		speaker = subject_before(a, start, i - 3);
	/* "The team came together asking for …": a participle is the
	 * subject's verb after an auxiliary ("is asking", "have been
	 * saying", "now saying") or a preposition ("began by saying",
	 * "despite admitting"), not after any other word. */
	if (speaker < 0 && is_ing(a, i) && i > 0 && a->t[i - 1].kind == T_WORD && !is_be(a, i - 1) &&
	    !tok_in(a, i - 1, W_AUXILIARY | W_CONTENT_STOPPER | W_ADVERBIAL | W_TIME) &&
	    !tok_is(a, i - 1, "despite") && !tok_is(a, i - 1, "without"))
		return NEXT_TOKEN;
	/* "X was quoted as saying …", "X is cited as saying": the subject
	 * of the passive speaks. */
	if (speaker < 0 && is_ing(a, i) && tok_is(a, i - 1, "as") &&
	    (tok_is(a, i - 2, "quoted") || tok_is(a, i - 2, "cited")) && i - 3 > start) {
		int b = ct_attr_skip_aux_back(a, i - 3, start);
		if (b > start && is_be(a, b))
			speaker = subject_before(a, start, b);
		if (speaker < 0)
			return NEXT_TOKEN;
	}
	/* "lower than TransLink says they are": a comparison, no report. */
	for (int k = i - 1; speaker < 0 && k >= start && i - k <= 4 && a->t[k].kind == T_WORD; k--)
		if (tok_is(a, k, "than"))
			return NEXT_TOKEN;
	/* "… which he said were at his side": the subject is between the
	 * relative word and the cue, and the rest of the relative clause is
	 * what was said. */
	int rel = -1;
	if (speaker < 0 && !mind && is_finite_aux(a, i + cl) && i + cl <= e &&
	    (rel = relative_subject(a, start, i)) >= 0)
		speaker = subject_before(a, rel + 1, i);
	if (speaker < 0 && rel < 0)
		speaker = subject_before(a, start, i);
	if (speaker < 0)
		return NEXT_TOKEN;
	bool progressive = is_ing(a, i) && is_be(a, skip_adverbs_back(a, i - 1, start));
	/* "wants to cut taxes", not "agreed to more talks": "to" and a
	 * verb, not a noun phrase. */
	if (mind && tok_is(a, i + cl, "to") && tok_in(a, i, W_MIND) && i + cl + 1 <= e &&
	    (is_determiner(a, i + cl + 1) || tok_is(a, i + cl + 1, "any") ||
	     tok_is(a, i + cl + 1, "more") || tok_is(a, i + cl + 1, "some") ||
	     tok_is(a, i + cl + 1, "no") || a->t[i + cl + 1].cap))
		return NEXT_TOKEN;
	if (mind && tok_is(a, i + cl, "to") && tok_in(a, i, W_MIND))
		c_s = i + cl;
	else
		c_s = content_start(a, i + cl, e, told);
	/* "told his aides to find another way": what was told is the order,
	 * its object with it, as after "urged". */
	if (told && c_s > i + cl && c_s - (i + cl) <= 6 && tok_is(a, c_s, "to") && c_s + 1 <= e &&
	    a->t[c_s + 1].kind == T_WORD && !a->t[c_s + 1].cap && !a->t[c_s + 1].quoted &&
	    !is_determiner(a, c_s + 1) && !tok_in(a, c_s + 1, W_PRONOUN))
		c_s = i + cl;
	/* "…, according to Tolo News." at the end belongs to the via. */
	for (int k = c_s; k <= e; k++) {
		if (tok_is(a, k, "according") && tok_is(a, k + 1, "to") &&
		    tok_punct(a, k - 1, ',') && k + 2 <= e) {
			const char *canon;
			int x_e = k + 2;
			while (x_e + 1 <= e && a->t[x_e + 1].kind == T_WORD)
				x_e++;
			if (ct_attr_is_outlet(a, k + 2, x_e, &canon)) {
				*via = ct_attr_add_speaker(a, canon, ct_attr_tokens_text(a, k + 2, x_e),
							   NULL, CT_SPEAKER_ORGANIZATION, true,
							   a->t[k].s);
				c_e = k - 1;
			}
			break;
		}
	}
	/* "Tolo News reported that …" with no one inside: the outlet is the
	 * speaker, with no via. */
	if (c_s > c_e || c_e - c_s < 1)
		return NEXT_TOKEN;
	/* "X is warning that …", "is telling reporters that …": the
	 * progressive reports a clause after "that"; "is calling for a
	 * review", "is warning voters to …" may be deeds in progress. */
	if (progressive && !tok_is(a, c_s - 1, "that"))
		return NEXT_TOKEN;
	/* A verb of finding reports the clause right after it ("the
	 * study found voters …"): not "found himself that morning …",
	 * nor a title in quotation marks ("shows X in a scene from
	 * “The Kid Who Would Be King”"). */
	/* "Polls show a close contest", "the average shows Clinton ahead":
	 * a record shows what it holds, a noun phrase as well as a clause. */
	bool record = mind && !tok_in(a, i, W_MIND) && c_s == i + cl &&
		      tok_in(a, skip_adverbs_back(a, i - 1, start), W_DOC_NOUN | W_DATA_NOUN) &&
		      !object_pronoun(a, c_s) && !a->t[c_s].quoted && a->t[c_s].kind == T_WORD;
	if (mind && !tok_in(a, i, W_MIND) && !tok_is(a, i + cl, "that") && !record &&
	    (c_s != i + cl || object_pronoun(a, c_s) || !finite_unquoted(a, c_s, c_e)))
		return NEXT_TOKEN;
	if (!tok_is(a, c_s - 1, "that") && !tok_punct(a, c_s - 1, ':')) {
		if (tok_in(a, c_s, W_CONTENT_STOPPER) &&
		    !(mind && c_s == i + cl && tok_in(a, i, W_MIND)))
			return NEXT_TOKEN;
		/* "X stopped 22 shots and denied the visitors …": after a verb
		 * of another sense, a second verb reports a clause, not a noun
		 * phrase. */
		int b = skip_adverbs_back(a, i - 1, start);
		if (b > start && (tok_is(a, b, "and") || tok_is(a, b, "but") || tok_is(a, b, "yet")) &&
		    !tok_is(a, c_s, "to") && !clause_like(a, c_s, c_e))
			return NEXT_TOKEN;
		if ((!record && object_not_speech(a, i, cl, c_s, c_e)) ||
		    (c_s == i + cl && is_finite_aux(a, c_s) && rel < 0))
			return NEXT_TOKEN;
		/* "believes the vote was rigged", not "believes him", "knows
		 * how to win" or the noun of "the park plan is supported". */
		if (mind && !record && c_s == i + cl && !tok_is(a, c_s, "to") &&
		    (!clause_like(a, c_s, c_e) || tok_in(a, c_s, W_VERBISH) || participle_at(a, c_s)))
			return NEXT_TOKEN;
	}
	/* "… was not intentional; they only learned …", "a practice she
	 * calls nonstopping; in this instance …": a semicolon outside
	 * quotation marks ends the content. */
	int semi = -1;
	for (int k = c_s + 1, marks = a->t[c_s].kind == T_QUOTE; k <= c_e; k++) {
		marks += a->t[k].kind == T_QUOTE;
		if (tok_punct(a, k, ';') && !a->t[k].quoted && marks % 2 == 0) {
			c_e = k - 1;
			semi = k;
			break;
		}
	}
	/* "praised the plan, which …": a noun phrase object ends before the
	 * reporter's relative clause or next clause. */
	cs->obj_s = cs->obj_e = -1;
	if (c_s == i + cl && !tok_is(a, c_s, "to") && !record && !mind) {
		cs->obj_s = c_s;
		cs->obj_e = object_end(a, c_s, c_e);
	}
	int rc = emit_content(a, speaker, *via, i, cl, c_s, c_e, cs);
	cs->obj_s = cs->obj_e = -1;
	/* The clause after the semicolon is read on its own. */
	if (rc == CT_OK && semi >= 0 && cs->resume < 0)
		cs->resume = semi;
	return rc;
}

/*
 * Whether the cue at token i is a noun after a modifier: "a fair
 * question", "the trade dispute", "the initial call came". The bare form
 * of a verb after a determiner and one lowercase word that is no plural
 * ("the residents dispute" has a verb), no auxiliary and no cue.
 */
static bool noun_after_modifier(const struct ct_attribution *a, int start, int i)
{
	size_t n, m;
	const char *w = tok_str(a, i, &n), *x;

	if (i - 2 < start || a->t[i].cap || !is_determiner(a, i - 2) ||
	    a->t[i - 1].kind != T_WORD || a->t[i - 1].cap || a->t[i - 1].quoted ||
	    tok_in(a, i - 1, W_AUXILIARY | W_VERBISH | W_PRONOUN) ||
	    lexicon_at(a, CT_CUE_SPEECH, i - 1) > 0)
		return false;
	x = tok_str(a, i - 1, &m);
	/* "said", "says", "added": past and third-person forms are verbs;
	 * so are the irregular pasts of cues ("The mayor wrote that …"). */
	static const struct word_lit pasts[] = {
		WORD_LIT("wrote"), WORD_LIT("thought"), WORD_LIT("felt"),
		WORD_LIT("knew"),  WORD_LIT("swore"),   WORD_LIT("spoke"),
	};
	if (w[n - 1] == 's' || (n > 2 && w[n - 2] == 'e' && w[n - 1] == 'd') || w[n - 1] == 'd' ||
	    w[n - 1] == 'g' || x[m - 1] == 's' || tok_is_one_of(a, i, pasts, sizeof pasts / sizeof *pasts))
		return false;
	return true;
}

/*
 * "An analysis of police reports shows …", "news reports said …": a cue
 * that is as often a plural noun ("reports", "tweets"), right before a
 * verb of finding or a cue of speech in the past, is the head of the
 * subject, and that verb the cue. Token i, of cl words, in a sentence
 * that ends at e. "says" is never a noun.
 */
static bool plural_before_verb(const struct ct_attribution *a, int i, int cl, int e)
{
	size_t n, m;
	const char *w, *v;

	if (cl != 1 || i + 1 > e || a->t[i].cap || a->t[i + 1].kind != T_WORD ||
	    a->t[i + 1].cap || tok_is(a, i, "says"))
		return false;
	w = tok_str(a, i, &n);
	if (n < 4 || w[n - 1] != 's')
		return false;
	if (tok_in(a, i + 1, W_FINDING))
		return true;
	v = tok_str(a, i + 1, &m);
	return lexicon_at(a, CT_CUE_SPEECH, i + 1) > 0 &&
	       ((m > 2 && v[m - 2] == 'e' && v[m - 1] == 'd') || tok_is(a, i + 1, "said") ||
		tok_is(a, i + 1, "told") || tok_is(a, i + 1, "say"));
}

/* Reported speech around token i of the sentence [s, e] (its clause from
 * start on); *via is the outlet that relays it, -1 when none. */
static int reported_at(struct ct_attribution *a, int s, int e, int start, int i, int *via,
		       struct clause_state *cs)
{
	bool belief = false;
	int cl, r;

	/* A word that is not in the index is neither "according" nor
	 * the first of any cue: one test for most tokens. Nor is one
	 * whose entry starts no cue of speech or belief, but "according":
	 * a bit of the entry tells, before the lexicon is asked of each
	 * kind and "according" is compared twice. */
	if (a->t[i].used || a->t[i].quoted || !a->t[i].w)
		return NEXT_TOKEN;
	if (!(a->t[i].w->lex_kinds & (1u << CT_CUE_SPEECH | 1u << CT_CUE_BELIEF)) &&
	    !tok_is(a, i, "according"))
		return NEXT_TOKEN;
	if (tok_is(a, i, "according") && tok_is(a, i + 1, "to") && i > start &&
	    tok_punct(a, i - 1, ',') && i + 2 <= e)
		return according_to_after(a, s, e, start, i);
	cl = lexicon_at(a, CT_CUE_SPEECH, i);
	if (cl == 0) {
		cl = lexicon_at(a, CT_CUE_BELIEF, i);
		belief = cl > 0;
	}
	if (cl == 0 || tok_is(a, i, "according"))
		return NEXT_TOKEN;
	/* "the Clean Power Plan", "Clinton Plan for Taxes Is Expansive": a
	 * capitalised cue of thought or finding (as often a noun) inside a
	 * sentence is a word of a name or of a headline in title case; a
	 * headline's "Says" is its verb. */
	if (belief && i > s && a->t[i].cap && !tok_caps(a, i))
		return NEXT_TOKEN;
	/* "The claim that …", "Trump's plans to …": a noun, not a verb. */
	if (i > start && (is_determiner(a, i - 1) || is_possessive(a, i - 1)))
		return NEXT_TOKEN;
	if (noun_after_modifier(a, start, i) || plural_before_verb(a, i, cl, e))
		return NEXT_TOKEN;
	if (tok_punct(a, i - 1, ',') && cl == 1 &&
	    (r = participle_clause(a, start, e, i, *via, cs)) != TRY_ON)
		return r;
	/* A verb of thought or intention reports a clause, or "to" and a
	 * verb, even without "that"; subject_then_cue() reads which. */
	bool mind = cl == 1 && tok_in(a, i, W_MIND | W_FINDING);
	if (belief && !tok_is(a, i + cl, "that") && !mind)
		return NEXT_TOKEN;
	if ((r = cue_ends_clause(a, start, e, i, cl, *via, cs)) != TRY_ON ||
	    (r = cue_then_speaker(a, start, e, i, cl, *via, cs)) != TRY_ON)
		return r;
	return subject_then_cue(a, start, e, i, cl, via, mind, cs);
}

/* Whether the words from token k on, after a parenthetical ", X said,",
 * open a clause other than the rest of what X said: a conjunction or a
 * subordinator ("and he was upset", "though he named no one", "but she
 * left"), a participle (", adding …", read on its own), a quotation or
 * too few words. */
static bool continues_otherwise(const struct ct_attribution *a, int k, int e)
{
	static const struct word_lit openers[] = {
		WORD_LIT("and"), WORD_LIT("or"), WORD_LIT("though"), WORD_LIT("although"),
		WORD_LIT("while"), WORD_LIT("whereas"), WORD_LIT("as"), WORD_LIT("because"),
		WORD_LIT("since"), WORD_LIT("when"), WORD_LIT("after"), WORD_LIT("before"),
		WORD_LIT("if"), WORD_LIT("so"), WORD_LIT("until"), WORD_LIT("unless"),
		WORD_LIT("then"), WORD_LIT("who"), WORD_LIT("which"), WORD_LIT("according"),
	};
	if (e - k < 2 || a->t[k].kind != T_WORD || a->t[k].quoted || is_ing(a, k))
		return true;
	if (tok_is_one_of(a, k, openers, sizeof openers / sizeof *openers))
		return true;
	if ((tok_is(a, k, "but") || tok_is(a, k, "yet")) && tok_in(a, k + 1, W_PRONOUN))
		return true;
	for (int j = k; j <= e; j++)
		if (a->t[j].kind == T_QUOTE)
			return true;
	return false;
}

/* Finds reported speech in the sentence of tokens [s, e]. */
int ct_attr_reported_in_sentence(struct ct_attribution *a, int s, int e)
{
	int via_s, via_e, via = -1, start, r;

	if ((r = embedded_post(a, s, e)) != TRY_ON)
		return r;
	if (ct_attr_label_paragraph(a, s))
		return CT_OK;
	s = past_dateline(a, s, e);
	if (s > e)
		return CT_OK;
	start = clause_start(a, s, e, &via_s, &via_e);

	if (via_s >= 0 && (r = according_to_first(a, e, start, via_s, via_e, &via)) != TRY_ON)
		return r;
	if (start == s && (r = name_and_colon(a, s, e, via)) != TRY_ON)
		return r;
	struct clause_state cs = { -1, -1, -1, 0, -1, -1 };
	int rest = -1, rest_cue = -1, rest_cl = 0, rest_speaker = -1;
	size_t n_before = 0;
	for (int i = start; i <= e; i++) {
		cs.resume = -1;
		cs.cue = -1;
		if ((r = reported_at(a, s, e, start, i, &via, &cs)) == NEXT_TOKEN)
			continue;
		if (r != CT_OK || cs.resume < 0 || cs.resume > e)
			return r;
		/* The next clause: past the punctuation that ends this one
		 * and a conjunction ("…, but", "; and"). */
		bool comma = tok_punct(a, cs.resume, ',');
		i = cs.resume;
		while (i <= e && (tok_punct(a, i, ',') || tok_punct(a, i, ';') ||
				  tok_punct(a, i, '-') || a->t[i].kind == T_PUNCT))
			i++;
		/* "Fees can be hard to meet, she said, especially for …": after
		 * a parenthetical ", X said," the sentence goes on with what X
		 * said, unless another clause opens there. */
		rest = -1;
		if (cs.cue >= 0 && comma && i <= e && !continues_otherwise(a, i, e)) {
			rest = i;
			rest_cue = cs.cue;
			rest_cl = cs.cl;
			rest_speaker = cs.speaker;
			n_before = a->n_quotes;
		}
		if (tok_is(a, i, "while") || tok_is(a, i, "whereas") || tok_is(a, i, "though") ||
		    tok_is(a, i, "although") || tok_is(a, i, "and"))
			i++;
		if (i > e)
			break;
		start = clause_start(a, i, e, &via_s, &via_e);
		i = start - 1;
	}
	if (rest >= 0 && a->n_quotes == n_before) {
		if (tok_is(a, rest, "that") && rest < e)
			rest++;
		return ct_attr_emit(a, kind_of(a, rest_cue), rest_speaker, via,
				    ct_attr_tokens_text(a, rest_cue, rest_cue + rest_cl - 1),
				    a->t[rest].s, content_end(a, e));
	}
	return CT_OK;
}
