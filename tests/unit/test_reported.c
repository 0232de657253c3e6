/*
 * Unit tests for the clause grammar of reported speech (reported.c) and
 * the filters that keep junk out (quotes.c): content after a phrase of
 * place or time, a parenthetical ", X said,", ", adding that …" after a
 * quote, a second verb of one subject, "X issued a statement saying",
 * beliefs and intentions as kind "belief", a dateline, labels and link
 * lines, nouns that look like cues, verbs in a sense other than speech,
 * "Nobody", a pronoun after a leading phrase, roles after honorifics,
 * more than one attribution in a sentence, relative clauses in a subject
 * a lowercase role after the verb, a subject with a modifier after its
 * head, a noun phrase after a verb of demanding, verbs of finding without
 * "that", capitalised cues in names and headlines, semicolons and content
 * that runs on into a quotation, "one" before a noun.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claimtrack.h"

static struct ct_ruleset *builtin;

static int setup(void **state)
{
	struct ct_rules_options opts = { 0 };

	(void)state;
	return ct_rules_load_string("t.rules", "", 0, &opts, &builtin) == CT_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	ct_ruleset_free(builtin);
	return 0;
}

struct att {
	struct ct_doc *doc;
	struct ct_attribution *a;
};

static struct att attribute(const char *text)
{
	struct att t = { NULL, NULL };

	assert_int_equal(ct_doc_from_text(text, strlen(text), CT_DOC_MAX_BYTES, NULL, &t.doc), CT_OK);
	assert_int_equal(ct_attribute(builtin, t.doc, &t.a), CT_OK);
	return t;
}

static void att_free(struct att *t)
{
	ct_attribution_free(t->a);
	ct_doc_free(t->doc);
}

static void dump(const struct att *t)
{
	for (size_t i = 0; i < ct_attribution_n_quotes(t->a); i++) {
		const struct ct_quote *q = ct_attribution_quote(t->a, i);
		print_message("    %s speaker=%s role=%s cue=%s \"%.*s\"\n", ct_quote_kind_name(q->kind),
			      q->speaker ? q->speaker : "-", q->role ? q->role : "-",
			      q->cue ? q->cue : "-", (int)(q->end - q->start), t->doc->body + q->start);
	}
}

/* The quote whose content is exactly `content`; fails when none is. */
static const struct ct_quote *quote_is(const struct att *t, const char *content)
{
	for (size_t i = 0; i < ct_attribution_n_quotes(t->a); i++) {
		const struct ct_quote *q = ct_attribution_quote(t->a, i);
		if (q->end - q->start == strlen(content) &&
		    memcmp(t->doc->body + q->start, content, q->end - q->start) == 0)
			return q;
	}
	dump(t);
	fail_msg("no quote with content \"%s\"", content);
	return NULL;
}

/* The quote whose content covers the first occurrence of `phrase`. */
static const struct ct_quote *quote_over(const struct att *t, const char *phrase)
{
	const char *p = strstr(t->doc->body, phrase);
	size_t s, e;

	if (!p)
		fail_msg("\"%s\" is not in the body", phrase);
	s = (size_t)(p - t->doc->body);
	e = s + strlen(phrase);
	for (size_t i = 0; i < ct_attribution_n_quotes(t->a); i++) {
		const struct ct_quote *q = ct_attribution_quote(t->a, i);
		if (q->start <= s && e <= q->end)
			return q;
	}
	dump(t);
	fail_msg("no quote covers \"%s\"", phrase);
	return NULL;
}

/* Whether any quote's content or speaker contains `s`. */
static bool any_quote_has(const struct att *t, const char *s)
{
	for (size_t i = 0; i < ct_attribution_n_quotes(t->a); i++) {
		const struct ct_quote *q = ct_attribution_quote(t->a, i);
		size_t n = strlen(s);
		if (q->speaker && strstr(q->speaker, s))
			return true;
		for (size_t k = q->start; k + n <= q->end; k++)
			if (memcmp(t->doc->body + k, s, n) == 0)
				return true;
	}
	return false;
}

static void assert_said(const struct att *t, const char *content, const char *kind,
			const char *speaker)
{
	const struct ct_quote *q = quote_is(t, content);

	assert_string_equal(ct_quote_kind_name(q->kind), kind);
	if (!q->speaker || strcmp(q->speaker, speaker) != 0) {
		dump(t);
		fail_msg("\"%s\": speaker %s, expected %s", content, q->speaker ? q->speaker : "NULL",
			 speaker);
	}
}

static void assert_none(const char *text)
{
	struct att t = attribute(text);

	if (ct_attribution_n_quotes(t.a) != 0) {
		dump(&t);
		fail_msg("\"%s\": expected no quote", text);
	}
	att_free(&t);
}

/* ---- clause shapes ---- */

static void test_phrase_between_verb_and_content(void **state)
{
	struct att t = attribute("The county stated in July it opposed the new highway.\n\n"
				 "Premier Ann Rudd said in her speech the budget would be balanced.\n\n"
				 "Coach Ben Hale said on Monday Rivertown would appeal the fine.");

	(void)state;
	assert_said(&t, "it opposed the new highway", "indirect", "county");
	assert_said(&t, "the budget would be balanced", "indirect", "Ann Rudd");
	assert_said(&t, "Rivertown would appeal the fine", "indirect", "Ben Hale");
	att_free(&t);
	/* A phrase of occasion with no clause after it is no content. */
	assert_none("Councillor Dan Ivey spoke at length and said in a statement.");
}

static void test_told_object_then_place_and_time(void **state)
{
	struct att t = attribute("Nadia Brook, a candidate for council, told volunteers in "
				 "Eastvale on Friday that the depot would close.\n\n"
				 "According to The Lakeside Times, Brook repeated at a meeting that "
				 "the depot is unsafe.\n\n"
				 "Some tenants' groups say that the rent rules are unfair.");
	const struct ct_quote *q;

	(void)state;
	assert_said(&t, "the depot would close", "indirect", "Nadia Brook");
	q = quote_is(&t, "the depot is unsafe");
	assert_string_equal(q->speaker, "Nadia Brook");
	assert_string_equal(q->via, "Lakeside Times");
	assert_said(&t, "the rent rules are unfair", "indirect", "tenants' groups");
	assert_string_equal(ct_speaker_kind_name(quote_is(&t, "the rent rules are unfair")->speaker_kind),
			    "group");
	att_free(&t);
}

static void test_colon_after_place_and_time(void **state)
{
	struct att t = attribute("Coach Ben Hale told reporters in Eastvale on Sunday morning: "
				 "\"We will win the final.\"");

	(void)state;
	assert_said(&t, "We will win the final.", "direct", "Ben Hale");
	/* The introduction is no reported speech of its own. */
	assert_int_equal(ct_attribution_n_quotes(t.a), 1);
	att_free(&t);
}

static void test_according_to_after_quote(void **state)
{
	struct att t = attribute("\"The ferry will run all winter,\" according to Captain Ida Stone.");

	(void)state;
	assert_said(&t, "The ferry will run all winter", "direct", "Ida Stone");
	att_free(&t);
}

static void test_first_person_narration_has_no_speaker(void **state)
{
	(void)state;
	assert_none("Here's a sentence I never thought I would write: the ferry is late.");
	assert_none("Here's a sentence I never thought I'd write: the ferry is late.");
}

static void test_conjunction_then_subject(void **state)
{
	struct att t = attribute("But Rosa Quill, an organizer at the Eastvale Tenants Union, said "
				 "renters want rent control.");
	const struct ct_quote *q;

	(void)state;
	q = quote_is(&t, "renters want rent control");
	assert_string_equal(q->speaker, "Rosa Quill");
	assert_string_equal(q->mention, "Rosa Quill, an organizer at the Eastvale Tenants Union");
	att_free(&t);
}

static void test_one_quote_given_once(void **state)
{
	struct att t = attribute("Mayor Lena Fox said \"the pool stays open.\"");

	(void)state;
	assert_said(&t, "the pool stays open.", "direct", "Lena Fox");
	assert_int_equal(ct_attribution_n_quotes(t.a), 1);
	att_free(&t);
	/* The quote opens a run of sentences after the introduction. */
	t = attribute("Coach Ben Hale told reporters in Eastvale on Sunday morning: \"We will win. "
		      "We trained hard all winter.\"");
	assert_said(&t, "We will win. We trained hard all winter.", "direct", "Ben Hale");
	assert_int_equal(ct_attribution_n_quotes(t.a), 1);
	att_free(&t);
	t = attribute("Chief Omar Vance spoke on Monday, saying \"the fire is out and the road is "
		      "open.\"");
	assert_said(&t, "the fire is out and the road is open.", "direct", "Omar Vance");
	assert_int_equal(ct_attribution_n_quotes(t.a), 1);
	att_free(&t);
	/* A quote inside longer reported content is part of it. */
	t = attribute("Inspector Ada Lund said the review was going well and that, \"so far, we "
		      "have found no fault.\"");
	assert_int_equal(ct_attribution_n_quotes(t.a), 1);
	assert_string_equal(ct_quote_kind_name(quote_over(&t, "we have found no fault")->kind),
			    "indirect");
	assert_string_equal(quote_over(&t, "we have found no fault")->speaker, "Ada Lund");
	att_free(&t);
}

static void test_parenthetical_said(void **state)
{
	struct att t = attribute("The new park, Mayor Lena Fox said, will open in June.");

	(void)state;
	assert_said(&t, "The new park, Mayor Lena Fox said, will open in June", "indirect",
		    "Lena Fox");
	att_free(&t);
	/* A whole clause before ", X said," is the content alone. */
	t = attribute("The park will open in June, Mayor Lena Fox said, as crews finish the paths.");
	assert_said(&t, "The park will open in June", "indirect", "Lena Fox");
	att_free(&t);
}

static void test_content_first_told_object(void **state)
{
	struct att t = attribute("The plant will close by spring, Governor Ray Dunn told The Valley "
				 "Courier on Tuesday.");

	(void)state;
	assert_said(&t, "The plant will close by spring", "indirect", "Ray Dunn");
	att_free(&t);
}

static void test_adding_after_direct_quote(void **state)
{
	struct att t = attribute("\"We found no fault in the wiring,\" Chief Omar Vance said, adding "
				 "that the cause may never be known.");

	(void)state;
	assert_said(&t, "We found no fault in the wiring", "direct", "Omar Vance");
	assert_said(&t, "the cause may never be known", "indirect", "Omar Vance");
	att_free(&t);
}

static void test_adding_after_reported(void **state)
{
	struct att t = attribute("Nurse Tia Moss said the ward was full, adding that two beds "
				 "were closed.");

	(void)state;
	assert_said(&t, "the ward was full", "indirect", "Tia Moss");
	assert_said(&t, "two beds were closed", "indirect", "Tia Moss");
	att_free(&t);
}

static void test_second_verb_of_one_subject(void **state)
{
	struct att t = attribute("Judge Carla Brent says the lease was signed and said the owner "
				 "must pay.");

	(void)state;
	assert_said(&t, "the lease was signed", "indirect", "Carla Brent");
	assert_said(&t, "the owner must pay", "indirect", "Carla Brent");
	att_free(&t);
}

static void test_issued_a_statement_saying(void **state)
{
	struct att t = attribute("The Harbour Authority issued a statement saying the ferry would "
				 "run as usual.");

	(void)state;
	assert_said(&t, "the ferry would run as usual", "indirect", "Harbour Authority");
	att_free(&t);
}

static void test_verbs_with_what_is_said_as_object(void **state)
{
	struct att t = attribute("Mayor Lena Fox called for more bus lanes.\n\n"
				 "Governor Ray Dunn praised the volunteers who cleared the road.\n\n"
				 "Senator Joan Pike railed against the new toll.\n\n"
				 "Coach Ben Hale spoke on Friday, promising the fans a better season.");

	(void)state;
	assert_said(&t, "more bus lanes", "indirect", "Lena Fox");
	assert_said(&t, "the volunteers who cleared the road", "indirect", "Ray Dunn");
	assert_said(&t, "the new toll", "indirect", "Joan Pike");
	assert_said(&t, "the fans a better season", "indirect", "Ben Hale");
	att_free(&t);
	/* A participle after a plain word, and a part of a whole, speak not. */
	assert_none("The team came together asking for a kidney donor.");
	t = attribute("Several of the clubs wrote to the council, asking the city to fix its "
		      "figures.");
	assert_false(any_quote_has(&t, "Several"));
	att_free(&t);
}

/* ---- beliefs and intentions ---- */

static void test_belief_kind(void **state)
{
	struct att t = attribute("Senator Joan Pike wants to cut the fuel tax.\n\n"
				 "Mayor Theo Grant plans to run again next year.\n\n"
				 "Dr. Ian Crowe believes the new drug will work.\n\n"
				 "Ms. Ada Lund thinks that the vote was fair.");

	(void)state;
	assert_said(&t, "to cut the fuel tax", "belief", "Joan Pike");
	assert_said(&t, "to run again next year", "belief", "Theo Grant");
	assert_said(&t, "the new drug will work", "belief", "Ian Crowe");
	assert_said(&t, "the vote was fair", "belief", "Ada Lund");
	att_free(&t);
}

static void test_belief_needs_a_clause(void **state)
{
	(void)state;
	/* An object, a passive and a noun are no beliefs reported. */
	assert_none("Senator Joan Pike wants a new bridge.");
	assert_none("The vote is expected to be close.");
	assert_none("Mayor Theo Grant's plans to widen the road were shelved.");
	assert_none("Coach Ben Hale knows how to win a final.");
	assert_none("The Riverside park plan is supported by nine councillors.");
}

/* A verb of finding reports a clause without "that" too; not an object,
 * a reflexive, a clause past another "that" or a title in quotation
 * marks. */
static void test_finding_without_that(void **state)
{
	struct att t = attribute("A survey by the Lakeside Institute found most tenants would back "
				 "the rent freeze.\n\n"
				 "The tax records show the mayor had paid no tax.");

	(void)state;
	assert_said(&t, "most tenants would back the rent freeze", "indirect", "Lakeside Institute");
	assert_said(&t, "the mayor had paid no tax", "indirect", "tax records");
	att_free(&t);
	assert_none("Police found the stolen van in a field near the river.");
	assert_none("Coach Ben Hale found himself that morning on the wrong side of the field.");
	assert_none("This image released by Harbour Films shows Ann Rudd in a scene from "
		    "\"The Boy Who Would Be Mayor.\"");
}

/* A capitalised verb of thought or finding inside a sentence is a word of
 * a name or of a title-case headline. */
static void test_capitalised_belief_cue_is_a_name(void **state)
{
	(void)state;
	assert_none("The Green Harbour Plan to widen the road was shelved.");
	assert_none("Mayor Rudd Plan for Ferries Is Bold but Costly");
}

/* A semicolon ends reported content; the clause after it is read on its
 * own. */
static void test_semicolon_ends_content(void **state)
{
	struct att t = attribute("Councillor Dan Ivey said the delay was not planned; crews "
				 "would return in May.\n\n"
				 "Ms. Ada Lund said the pool would close; the report says the roof "
				 "leaks.");

	(void)state;
	assert_said(&t, "the delay was not planned", "indirect", "Dan Ivey");
	assert_said(&t, "the pool would close", "indirect", "Ada Lund");
	assert_said(&t, "the roof leaks", "indirect", "report");
	att_free(&t);
}

/* Reported content that opens a quotation closing sentences later runs
 * to its end: one statement, not given again as a direct quote. */
static void test_content_runs_on_into_quote(void **state)
{
	struct att t = attribute("Councillor Dan Ivey said he was \u201cvery pleased with the vote. "
				 "It gives the ward a pool at last.\u201d\n\n"
				 "Ms. Ada Lund said she left the board, \u201cbecause of the "
				 "secrecy. I am back because change is coming.\u201d");

	(void)state;
	assert_said(&t, "he was \u201cvery pleased with the vote. It gives the ward a pool at last.",
		    "indirect", "Dan Ivey");
	assert_said(&t, "she left the board, \u201cbecause of the secrecy. I am back because change "
		    "is coming.", "indirect", "Ada Lund");
	assert_int_equal(ct_attribution_n_quotes(t.a), 2);
	att_free(&t);
}

/* A participle of a verb of thought after a comma is a passive: no one
 * expects. */
static void test_participle_after_comma_is_passive(void **state)
{
	(void)state;
	assert_none("The new arena, initially expected to open in 2020, will open in 2022.");
}

/* "…, X said, “…”": the quotation after the comma is what was said, not
 * the clause before the subject. */
static void test_quote_after_said_comma(void **state)
{
	struct att t = attribute("Mayor Tom Grant spoke.\n\n"
				 "When asked on Dec. 13 whether he was overstating the debt, Grant "
				 "said, \u201cThe debt is $514 million, that\u2019s in the statements. "
				 "It is public.\u201d");

	(void)state;
	assert_said(&t, "The debt is $514 million, that\u2019s in the statements. It is public.",
		    "direct", "Tom Grant");
	assert_int_equal(ct_attribution_n_quotes(t.a), 1);
	att_free(&t);
}

/* A pronoun's clause of speech after a comma inside a closing mark ends
 * the content ("“…,” though she noted …"); "she calls it" after a named
 * thing is an aside with no content after it. */
static void test_comma_inside_closing_mark(void **state)
{
	struct att t = attribute("Ms. Ada Lund said the pool was closed because \u201cthe roof is "
				 "unsafe,\u201d though she noted the gym stays open.\n\n"
				 "Ms. Ada Lund says the town needs a new plan \u2014 a \u201cfresh "
				 "start,\u201d she calls it \u2014 but little has changed.");

	(void)state;
	assert_said(&t, "the pool was closed because \u201cthe roof is unsafe", "indirect",
		    "Ada Lund");
	assert_said(&t, "the gym stays open", "indirect", "Ada Lund");
	assert_said(&t, "the town needs a new plan \u2014 a \u201cfresh start", "indirect",
		    "Ada Lund");
	assert_int_equal(ct_attribution_n_quotes(t.a), 3);
	att_free(&t);
}

/* "added a clause, given …": the clause after the comma is not the
 * object's; "than X says" is a comparison, nothing reported. */
static void test_object_and_comparison(void **state)
{
	(void)state;
	assert_none("Councillor Dan Ivey added a clause to the bylaw, given the pool has not been "
		    "built.");
	assert_none("The costs of the bridge are lower than Harbour Transit says they are.");
}

/* ", saying …" after a sentence whose subject is a description: the
 * description speaks, a clause only; a determiner alone is no name. */
/* A group subject after a leading clause's comma or a relative "where":
 * "Though the figures are hard to check, economists say …", "…, where
 * shipping analysts say …"; not a participle after the comma. */
static void test_group_after_leading_clause(void **state)
{
	struct att t = attribute("Though the figures are hard to check, economists say the harbour "
				 "levy has doubled the price of grain.");

	(void)state;
	assert_said(&t, "the harbour levy has doubled the price of grain", "indirect", "economists");
	att_free(&t);
	t = attribute("The ferry line moved its base to Tarrow, where shipping analysts say the "
		      "port fees are the lowest on the coast.");
	assert_said(&t, "the port fees are the lowest on the coast", "indirect", "shipping analysts");
	att_free(&t);
	/* The words after the comma open a participle phrase (as in "…,
	 * contradicting the officials' claim that …"), not a subject. */
	t = attribute("The ferry was late, contradicting harbour officials claim that it left on "
		      "time.");
	assert_false(any_quote_has(&t, "contradicting"));
	att_free(&t);
}

/* "One questioner claimed that …": "one" before a noun the word lists do
 * not know opens a subject as "a" does; "one of the …" stays whole. */
static void test_one_before_a_noun(void **state)
{
	struct att t = attribute("At the harbour forum on Monday, one questioner claimed that the "
				 "levy had doubled the price of grain.");

	(void)state;
	assert_said(&t, "the levy had doubled the price of grain", "indirect", "questioner");
	att_free(&t);
	t = attribute("One questioner claimed that the levy had doubled the price of grain.");
	assert_said(&t, "the levy had doubled the price of grain", "indirect", "questioner");
	att_free(&t);
	t = attribute("One of the officials said that the levy had doubled the price of grain.");
	assert_said(&t, "the levy had doubled the price of grain", "indirect",
		    "One of the officials");
	att_free(&t);
}

/* A month that is a surname: "Nora May said" keeps "May" in the name and
 * the mention, and once she is named "May said" and "…," May said" are
 * hers; the months stay dates ("in May", "May 5"). */
static void test_month_as_surname(void **state)
{
	struct att t = attribute("Prime Minister Nora May said the harbour levy would stay.\n\n"
				 "Later, May said she would review the levy.\n\n"
				 "\"We will review it,\" May said.\n\n"
				 "Ms. May told reporters that the vote would go ahead.\n\n"
				 "In May, the council said the fees had doubled.");
	const struct ct_quote *q;

	(void)state;
	q = quote_is(&t, "the harbour levy would stay");
	assert_string_equal(q->speaker, "Nora May");
	assert_string_equal(q->mention, "Prime Minister Nora May");
	assert_string_equal(q->role, "Prime Minister");
	assert_said(&t, "she would review the levy", "indirect", "Nora May");
	assert_said(&t, "We will review it", "direct", "Nora May");
	q = quote_is(&t, "the vote would go ahead");
	assert_string_equal(q->speaker, "Nora May");
	assert_string_equal(q->mention, "Ms. May");
	assert_said(&t, "the fees had doubled", "indirect", "council");
	att_free(&t);
	/* Without a May named before, "May" opening a sentence is no one. */
	t = attribute("May said nothing of the levy.");
	assert_false(any_quote_has(&t, "May"));
	att_free(&t);
}

/* "told reporters the team will appeal": the object of "told" is no part
 * of the content when a clause follows it without "that", nor is a phrase
 * of place and time after the object. */
static void test_told_object_without_that(void **state)
{
	struct att t = attribute("Coach Ben Hale told reporters the team will appeal.\n\n"
				 "Hale told the crowd the depot was unsafe.\n\n"
				 "Hale told supporters in Millbrook on Monday the depot is unsafe.\n\n"
				 "Hale told The Lakeside Times the fees had doubled.");

	(void)state;
	assert_said(&t, "the team will appeal", "indirect", "Ben Hale");
	assert_said(&t, "the depot was unsafe", "indirect", "Ben Hale");
	assert_said(&t, "the depot is unsafe", "indirect", "Ben Hale");
	assert_said(&t, "the fees had doubled", "indirect", "Ben Hale");
	att_free(&t);
}

/* Two subjects joined by "and" speak as a group of both; an institution's
 * "and" or a complement's stays where it is. */
static void test_joined_subjects_are_a_group(void **state)
{
	struct att t = attribute("Both Ms. Dale and the harbour board insisted the levy was "
				 "temporary.\n\n"
				 "The mayor and the council said the depot would close.");
	const struct ct_quote *q;

	(void)state;
	q = quote_is(&t, "the levy was temporary");
	assert_string_equal(q->speaker, "Ms. Dale and the harbour board");
	assert_string_equal(ct_speaker_kind_name(q->speaker_kind), "group");
	q = quote_is(&t, "the depot would close");
	assert_string_equal(q->speaker, "The mayor and the council");
	assert_string_equal(ct_speaker_kind_name(q->speaker_kind), "group");
	att_free(&t);
	/* Two people by title or by name, "both" no part of the name. */
	t = attribute("Mr. Grassley and Mr. Leahy said the bill would pass.\n\n"
		      "Ann Roe met Ben Hale on Monday. Roe and Hale both said the talks went "
		      "well.");
	q = quote_is(&t, "the bill would pass");
	assert_string_equal(q->speaker, "Mr. Grassley and Mr. Leahy");
	assert_string_equal(ct_speaker_kind_name(q->speaker_kind), "group");
	q = quote_is(&t, "the talks went well");
	assert_string_equal(q->speaker, "Roe and Hale");
	att_free(&t);
}

/* An institution's name with "of" or "and" is the organization's whole,
 * not a role before a surname; a title with "of" is a role, and the
 * person is the last two words (an initial counted with them). */
static void test_institution_name_is_no_role(void **state)
{
	struct att t = attribute("The Department of Health said the clinic would open.\n\n"
				 "The Department of Fisheries and Oceans said the stocks had "
				 "recovered. The department said quotas would rise.\n\n"
				 "Secretary of State John F. Kerry said the talks would resume.\n\n"
				 "Minister of Health Ann Li said the ward would reopen.\n\n"
				 "The Harbour and Canals Commission said the port would close.\n\n"
				 "Fisheries and Coastal Enforcement said two boats were seized. "
				 "Coastal Patrol said the bay was shut.\n\n"
				 "The University of Tarrow and Eastvale University said fees would "
				 "rise.");
	const struct ct_quote *q;

	(void)state;
	q = quote_is(&t, "the clinic would open");
	assert_string_equal(q->speaker, "Department of Health");
	assert_null(q->role);
	assert_string_equal(ct_speaker_kind_name(q->speaker_kind), "organization");
	q = quote_is(&t, "the stocks had recovered");
	assert_string_equal(q->speaker, "Department of Fisheries and Oceans");
	assert_null(q->role);
	assert_said(&t, "quotas would rise", "indirect", "Department of Fisheries and Oceans");
	q = quote_is(&t, "the talks would resume");
	assert_string_equal(q->speaker, "John F. Kerry");
	assert_string_equal(q->role, "Secretary of State");
	q = quote_is(&t, "the ward would reopen");
	assert_string_equal(q->speaker, "Ann Li");
	assert_string_equal(q->role, "Minister of Health");
	assert_said(&t, "the port would close", "indirect", "Harbour and Canals Commission");
	/* "Enforcement", "Protection", "Patrol" end an organization's name. */
	q = quote_is(&t, "two boats were seized");
	assert_string_equal(q->speaker, "Fisheries and Coastal Enforcement");
	assert_string_equal(ct_speaker_kind_name(q->speaker_kind), "organization");
	q = quote_is(&t, "the bay was shut");
	assert_string_equal(q->speaker, "Coastal Patrol");
	assert_string_equal(ct_speaker_kind_name(q->speaker_kind), "organization");
	/* Two universities are not one name. */
	q = quote_is(&t, "fees would rise");
	assert_true(strcmp(q->speaker, "University of Tarrow and Eastvale University") != 0);
	att_free(&t);
}

/* "A spokeswoman for Premier Ann Roe", "an analysis by economist Lily
 * Batchelder": the one spoken for or the author speaks, with the titles
 * after the preposition as the role, not "spokeswoman for"; a chunk of its
 * own is the role of the name in another. */
static void test_spoken_for_or_authored(void **state)
{
	struct att t = attribute("A spokeswoman for Premier Ann Roe said the clinic would open.\n\n"
				 "An analysis by economist Lily Batchelder found that taxes would "
				 "rise.\n\n"
				 "The director of operations for Eastvale Health, Jeff Fraser, said "
				 "the wait was long.");
	const struct ct_quote *q;

	(void)state;
	q = quote_is(&t, "the clinic would open");
	assert_string_equal(q->speaker, "Ann Roe");
	assert_string_equal(q->role, "Premier");
	q = quote_is(&t, "taxes would rise");
	assert_string_equal(q->speaker, "Lily Batchelder");
	assert_string_equal(q->role, "economist");
	q = quote_is(&t, "the wait was long");
	assert_string_equal(q->speaker, "Jeff Fraser");
	assert_string_equal(q->role, "director of operations for Eastvale Health");
	att_free(&t);
	/* A document by an outlet is the outlet's, an organization's. */
	t = attribute("A report by The Lakeside Times found that the depot was unsafe.");
	q = quote_is(&t, "the depot was unsafe");
	assert_string_equal(q->speaker, "Lakeside Times");
	assert_string_equal(ct_speaker_kind_name(q->speaker_kind), "organization");
	att_free(&t);
}

/* "His comments came two days after Councillor Ina Berg said": a clause
 * that a subordinator or a dash opens late in the span, with a name, is
 * the subject's own; not "Mr. Hale, when questioned after the meeting,". */
static void test_subject_after_subordinate_clause(void **state)
{
	struct att t = attribute("His comments came two days after Councillor Ina Berg said the "
				 "depot was unsafe.\n\n"
				 "Some members resorted to name-calling - Councillor Tom Vik said the "
				 "levy was a scam.");
	const struct ct_quote *q;

	(void)state;
	q = quote_is(&t, "the depot was unsafe");
	assert_string_equal(q->speaker, "Ina Berg");
	assert_string_equal(q->mention, "Councillor Ina Berg");
	assert_string_equal(q->role, "Councillor");
	q = quote_is(&t, "the levy was a scam");
	assert_string_equal(q->speaker, "Tom Vik");
	assert_string_equal(q->role, "Councillor");
	att_free(&t);
	/* In an apposition the subject is before it. */
	t = attribute("Ann Roe spoke first. Mayor Tom Vik, appearing after Roe at the forum, said "
		      "the depot would close.");
	assert_said(&t, "the depot would close", "indirect", "Tom Vik");
	att_free(&t);
}

/* A role is a noun phrase: not a clause ("It was not exactly the
 * catalyst"), a participle's phrase ("opening the new harbour museum on
 * Saturday") or a place in a photo ("second from right"); the title the
 * person was given instead. "Acting mayor", "managing editor" are roles. */
static void test_role_is_no_clause(void **state)
{
	struct att t = attribute("Premier Ann Roe, opening the new harbour museum on Saturday, said "
				 "the port had a future.\n\n"
				 "Coach Ben Hale, second from right, said the team would appeal.\n\n"
				 "Acting mayor Tom Vik said the depot would close.\n\n"
				 "The managing editor, Lia Ek, said the paper would print.");
	const struct ct_quote *q;

	(void)state;
	q = quote_is(&t, "the port had a future");
	assert_string_equal(q->speaker, "Ann Roe");
	assert_string_equal(q->role, "Premier");
	q = quote_is(&t, "the team would appeal");
	assert_string_equal(q->role, "Coach");
	q = quote_is(&t, "the depot would close");
	assert_string_equal(q->role, "Acting mayor");
	q = quote_is(&t, "the paper would print");
	assert_string_equal(q->role, "managing editor");
	att_free(&t);
	/* A time before the subject's comma is neither role nor mention. */
	t = attribute("Late Tuesday, Premier Ann Roe said the port would open.\n\n"
		      "Late Tuesday, the Lakeside Times reported that the depot was unsafe.");
	q = quote_is(&t, "the port would open");
	assert_string_equal(q->role, "Premier");
	assert_string_equal(q->mention, "Premier Ann Roe");
	q = quote_is(&t, "the depot was unsafe");
	assert_string_equal(q->speaker, "Lakeside Times");
	assert_string_equal(ct_speaker_kind_name(q->speaker_kind), "organization");
	att_free(&t);
	/* Nor a leading participle's phrase, however long. */
	t = attribute("Speaking to dignitaries and hundreds of people watching from the Harbour "
		      "Mall, Premier Ann Roe said the museum would last.");
	q = quote_is(&t, "the museum would last");
	assert_string_equal(q->speaker, "Ann Roe");
	assert_string_equal(q->mention, "Premier Ann Roe");
	att_free(&t);
}

/* A party before a name, as wire copy writes it, is a role: "Republican
 * Tom Vik" and "Vik" are one speaker; before an organization's name it is
 * the name's ("The Republican National Committee"); "the top Democrat"
 * in an apposition keeps its last word. */
static void test_party_before_a_name(void **state)
{
	struct att t = attribute("Republican Tom Vik said the bill would pass. Vik said he had the "
				 "votes.\n\n"
				 "The Republican National Committee said the rules were fair.\n\n"
				 "\"It will fail,\" said Rep. Ina Berg, the top Democrat on the harbour "
				 "committee, in a statement.");
	const struct ct_quote *q;

	(void)state;
	q = quote_is(&t, "the bill would pass");
	assert_string_equal(q->speaker, "Tom Vik");
	assert_string_equal(q->role, "Republican");
	assert_said(&t, "he had the votes", "indirect", "Tom Vik");
	q = quote_is(&t, "the rules were fair");
	assert_string_equal(q->speaker, "Republican National Committee");
	assert_string_equal(ct_speaker_kind_name(q->speaker_kind), "organization");
	q = quote_is(&t, "It will fail");
	assert_string_equal(q->speaker, "Ina Berg");
	assert_string_equal(q->role, "top Democrat");
	att_free(&t);
}

/* A name does not run on into the next paragraph: "… from Trout Brook,
 * N.B." and then "Vik said" is Tom Vik, not "N.B. Vik". */
static void test_name_ends_with_its_paragraph(void **state)
{
	struct att t = attribute("Tom Vik, the harbour master, spoke by phone from Trout Brook, "
				 "N.B.\n\nVik said the plan would work.");

	(void)state;
	assert_said(&t, "the plan would work", "indirect", "Tom Vik");
	att_free(&t);
}

/* A description of one person is a person's ("a member of the public",
 * "one player", "a woman", "a person familiar with the talks"), one of an
 * organization an organization's ("the brewery"). */
static void test_described_person(void **state)
{
	struct att t = attribute("A member of the public said the fees were too high.\n\n"
				 "One player said the coach would stay.\n\n"
				 "A woman who lives nearby said the depot was loud.\n\n"
				 "A person familiar with the talks said a deal was near.\n\n"
				 "The brewery said sales had doubled.");
	static const char *const people[] = { "the fees were too high", "the coach would stay",
					      "the depot was loud", "a deal was near" };

	(void)state;
	for (size_t i = 0; i < sizeof people / sizeof *people; i++)
		assert_string_equal(ct_speaker_kind_name(quote_is(&t, people[i])->speaker_kind),
				    "person");
	assert_string_equal(ct_speaker_kind_name(quote_is(&t, "sales had doubled")->speaker_kind),
			    "organization");
	att_free(&t);
}

/* "The mayor of Tarrow": the holder of a role of a place or body speaks,
 * the person the document gave that role when there is one, not the
 * place; a description's last word is no surname for later names. */
static void test_role_of_a_place(void **state)
{
	struct att t = attribute("Mayor Ann Roe opened the rink. The mayor of Tarrow said the rink "
				 "would stay.\n\n"
				 "The president of the University of Eastvale said fees would rise.\n\n"
				 "The city of Eastvale said the pool would close.");
	const struct ct_quote *q;

	(void)state;
	q = quote_is(&t, "the rink would stay");
	assert_string_equal(q->speaker, "Ann Roe");
	assert_string_equal(q->role, "mayor of Tarrow");
	q = quote_is(&t, "fees would rise");
	assert_string_equal(q->speaker, "president of the University of Eastvale");
	assert_string_equal(ct_speaker_kind_name(q->speaker_kind), "person");
	q = quote_is(&t, "the pool would close");
	assert_true(strcmp(q->speaker, "president of the University of Eastvale") != 0);
	att_free(&t);
}

/* "The aid group Harbor Trust said …", "The company Tarrow Corp said …":
 * an organization's noun before a name makes it an organization's. */
static void test_organization_noun_before_a_name(void **state)
{
	struct att t = attribute("The aid group Harbor Trust said its director was among those "
				 "killed.");
	const struct ct_quote *q;

	(void)state;
	q = quote_is(&t, "its director was among those killed");
	assert_string_equal(q->speaker, "Harbor Trust");
	assert_string_equal(ct_speaker_kind_name(q->speaker_kind), "organization");
	assert_null(q->role);
	att_free(&t);
}

/* "A statement said …" with no author named speaks for the latest named
 * speaker of its paragraph or the one before (a report or a poll does
 * not: test_semicolon_ends_content). */
static void test_statement_speaks_for_its_author(void **state)
{
	struct att t = attribute("The aid group Harbor Trust said its director was among those "
				 "killed.\n\n"
				 "A statement said the group was shocked and saddened.");
	const struct ct_quote *q;

	(void)state;
	q = quote_is(&t, "the group was shocked and saddened");
	assert_string_equal(q->speaker, "Harbor Trust");
	assert_string_equal(q->mention, "A statement");
	att_free(&t);
	/* An author a description names speaks as that description would. */
	t = attribute("The Ministry of Health opened a clinic. A statement from the ministry said "
		      "the clinic would stay open.\n\n"
		      "A statement from the harbour board said the talks would resume.");
	q = quote_is(&t, "the clinic would stay open");
	assert_string_equal(q->speaker, "Ministry of Health");
	assert_string_equal(q->mention, "A statement from the ministry");
	q = quote_is(&t, "the talks would resume");
	assert_string_equal(q->speaker, "harbour board");
	assert_string_equal(ct_speaker_kind_name(q->speaker_kind), "organization");
	att_free(&t);
}

/* "Having said that, …" and "That said, …" go on; no one speaks in them,
 * and the clause after them has its own subject. */
static void test_that_said_is_no_speech(void **state)
{
	struct att t = attribute("Having said that, Ann Roe believes that the plan works.\n\n"
				 "That said, the mayor insisted that the rink would stay.");

	(void)state;
	assert_said(&t, "the plan works", "belief", "Ann Roe");
	assert_said(&t, "the rink would stay", "indirect", "mayor");
	assert_false(any_quote_has(&t, "Having"));
	att_free(&t);
}

/* "There are some economists who argue …": the people the relative
 * clause is about speak. */
static void test_there_are_people_who_say(void **state)
{
	struct att t = attribute("There are some economists who argue that port fees should be "
				 "lower.\n\n"
				 "There is no question that the rink is old.");

	(void)state;
	assert_said(&t, "port fees should be lower", "indirect", "economists");
	assert_false(any_quote_has(&t, "the rink is old"));
	att_free(&t);
}

/* Content that ends in a quoted phrase, its comma inside the closing
 * mark: `… "makes the port pay," Ms. Dale said`, `… "is a misguided
 * approach," said Mr. Ross`. */
static void test_content_ends_in_quoted_phrase(void **state)
{
	struct att t = attribute("Raising the harbour levy \"makes the port pay its way,\" Ms. Dale "
				 "said last week.");

	(void)state;
	assert_said(&t, "Raising the harbour levy \"makes the port pay its way,\"", "indirect",
		    "Dale");
	att_free(&t);
	t = attribute("Taxing the ferries \"is a misguided approach,\" said Tomas Ross, an "
		      "economist.");
	assert_said(&t, "Taxing the ferries \"is a misguided approach,\"", "indirect", "Tomas Ross");
	att_free(&t);
}

/* The progressive of a reporting verb with "that": "The harbour board is
 * saying that …", "X has been warning residents that …"; not "is calling
 * for a review" nor "is warning drivers to …". */
static void test_progressive_with_that(void **state)
{
	struct att t = attribute("The harbour board is saying that the new levy will pay for the "
				 "dredging.");

	(void)state;
	assert_said(&t, "the new levy will pay for the dredging", "indirect", "harbour board");
	att_free(&t);
	t = attribute("Mayor Ana Ruiz has been warning residents that the river will flood again.");
	assert_said(&t, "the river will flood again", "indirect", "Ana Ruiz");
	att_free(&t);
	assert_none("Tomas Berg is calling for a less partisan review of the dredging.");
	assert_none("Mayor Ana Ruiz is warning drivers to keep off the flooded roads.");
}

/* Adverbs of time between a subject and its verb: "X now says …", "X has
 * long said that …", "X still says …". */
static void test_now_and_long_before_verb(void **state)
{
	struct att t = attribute("Mayor Ana Ruiz now says she opposes the harbour levy.");

	(void)state;
	assert_said(&t, "she opposes the harbour levy", "indirect", "Ana Ruiz");
	att_free(&t);
	t = attribute("Tomas Berg has long said that the ferry should run all winter.");
	assert_said(&t, "the ferry should run all winter", "indirect", "Tomas Berg");
	att_free(&t);
	t = attribute("The harbour board still says the dredging will finish in May.");
	assert_said(&t, "the dredging will finish in May", "indirect", "harbour board");
	att_free(&t);
}

/* A second reporting verb of the same subject after "and"/"but" and an
 * auxiliary or adverb ends the first content: "… but has said she …",
 * "… and repeatedly says …". */
static void test_second_verb_after_auxiliary(void **state)
{
	struct att t = attribute("Mayor Ana Ruiz urged the council to fund the ferry but has said "
				 "she will not raise the levy.");

	(void)state;
	assert_said(&t, "the council to fund the ferry", "indirect", "Ana Ruiz");
	assert_said(&t, "she will not raise the levy", "indirect", "Ana Ruiz");
	att_free(&t);
}

static void test_participle_after_description(void **state)
{
	struct att t = attribute("A county judge blocked the request on Monday, saying the courts "
				 "have no business in the matter.");

	(void)state;
	assert_said(&t, "the courts have no business in the matter", "indirect", "county judge");
	att_free(&t);
	assert_none("A county judge threw out the request on Monday, saying the courts have no "
		    "business in the matter.");
	assert_none("The harbour board blocked the bid, citing noise concerns.");
}

/* ---- filters ---- */

static void test_label_paragraphs_are_no_quotes(void **state)
{
	struct att t = attribute("Officials met on Monday.\n\n"
				 "READ MORE: Mayor says pool will close for good\n\n"
				 "WATCH: Minister says \"no deal\" on the new arena\n\n"
				 "Relevant Reading: Why the council says yes to bike lanes\n\n"
				 "WATCH BELOW: Premier says ferry fares will rise\n\n"
				 "The stocks of two lenders fell.\n\n"
				 "STOCKS: Shares of banks rose after the central bank said rates would "
				 "hold.");

	(void)state;
	assert_false(any_quote_has(&t, "pool"));
	assert_false(any_quote_has(&t, "arena"));
	assert_false(any_quote_has(&t, "bike"));
	assert_false(any_quote_has(&t, "ferry"));
	assert_false(any_quote_has(&t, "STOCKS"));
	att_free(&t);
	/* A transcript's speaker in capitals is a speaker. */
	t = attribute("HOST: Welcome back to the show.\n\nBRANDT: The plan has no support at all.");
	assert_said(&t, "The plan has no support at all.", "direct", "BRANDT");
	att_free(&t);
}

/* Every sentence of a label's paragraph is the label's, not only the
 * first; the next paragraph is prose again. */
static void test_label_paragraph_of_several_sentences(void **state)
{
	struct att t = attribute("The bonds rallied on Monday.\n\n"
				 "BONDS: Yields fell. Traders said the bank would cut rates. "
				 "Dealers said the bank would act soon.\n\n"
				 "Brokers said the bank would hold rates.");

	(void)state;
	assert_false(any_quote_has(&t, "cut rates"));
	assert_false(any_quote_has(&t, "act soon"));
	assert_true(any_quote_has(&t, "hold rates"));
	att_free(&t);
}

static void test_dateline_is_no_speaker(void **state)
{
	struct att t = attribute("MILLBROOK, Ont. - The council voted on Monday, saying the plan "
				 "was too costly.");

	(void)state;
	assert_false(any_quote_has(&t, "MILLBROOK"));
	att_free(&t);
}

static void test_nouns_and_other_senses(void **state)
{
	(void)state;
	assert_none("The claim that vaccines cause autism is false.");
	assert_none("Nobody denies that the river is polluted.");
	assert_none("San Jose added a goal in the third period.");
	assert_none("The company reported a profit of $3 million.");
	assert_none("The judge denied a request for bail.");
	/* What a thing tells, by measure: nothing said. */
	assert_none("The short video says much about the spirit of the company.");
	assert_none("The mayor said little about his plans for the park.");
}

static void test_much_of_is_said(void **state)
{
	struct att t = attribute("The mayor said much of the money was gone.");

	(void)state;
	assert_said(&t, "much of the money was gone", "indirect", "mayor");
	att_free(&t);
}

static void test_pronoun_after_leading_phrase(void **state)
{
	struct att t = attribute("Mayor Lena Fox said the talks went well. Even on Friday, she "
				 "claimed that the budget was balanced.");

	(void)state;
	assert_said(&t, "the budget was balanced", "indirect", "Lena Fox");
	att_free(&t);
}

static void test_role_after_honorific(void **state)
{
	struct att t = attribute("Dr. Maria Ortiz, president of the Lakeview Medical Association, "
				 "said the clinic would reopen.");
	const struct ct_quote *q;

	(void)state;
	q = quote_is(&t, "the clinic would reopen");
	assert_string_equal(q->speaker, "Maria Ortiz");
	assert_string_equal(q->role, "president of the Lakeview Medical Association");
	att_free(&t);
}

/* ---- more than one attribution in a sentence ---- */

static void test_second_speaker_after_but(void **state)
{
	struct att t = attribute("The bridge will reopen in May, the ministry said, but the "
				 "opposition leader said the date was unrealistic.");
	struct att u = attribute("Nurse Tia Moss said the ward was full, but the hospital director "
				 "said that no patient was turned away.");
	struct att v = attribute("Trucks were parked along the road, but the union leaders say "
				 "those permits do not apply.");

	(void)state;
	assert_said(&t, "The bridge will reopen in May", "indirect", "ministry");
	assert_said(&t, "the date was unrealistic", "indirect", "opposition leader");
	assert_said(&u, "the ward was full", "indirect", "Tia Moss");
	assert_said(&u, "no patient was turned away", "indirect", "hospital director");
	assert_said(&v, "those permits do not apply", "indirect", "union leaders");
	att_free(&t);
	att_free(&u);
	att_free(&v);
}

/* A second clause of reported speech inside the content of the first:
 * a pronoun's after "but", "though", "and" or a comma alone, another
 * subject's after a dash; not a modal's clause, nor words quoted inside
 * the content. */
static void test_second_statement_inside_content(void **state)
{
	struct att t = attribute("Mayor Ida Lund said the pool would open in June, though she "
				 "noted that repairs were behind schedule.");
	struct att u = attribute("Coach Ben Arlo said the team was tired, and he urged the league "
				 "to shorten the season.");
	struct att v = attribute("Judge Omar Pell said he was reluctant to fine the club, he "
				 "believed the club had acted in bad faith.");
	struct att w = attribute("The mill said it had consulted every village - but the village "
				 "elders say those talks never took place.");
	struct att x = attribute("Governor Rea Lint said if she runs again, she would hope to "
				 "win the north.");
	struct att y = attribute("Senator Kay Dorn said voters are tired of \"he said this, he "
				 "tweeted that.\"");

	(void)state;
	assert_said(&t, "the pool would open in June", "indirect", "Ida Lund");
	assert_said(&t, "repairs were behind schedule", "indirect", "Ida Lund");
	assert_said(&u, "the team was tired", "indirect", "Ben Arlo");
	assert_said(&u, "the league to shorten the season", "indirect", "Ben Arlo");
	assert_said(&v, "he was reluctant to fine the club", "indirect", "Omar Pell");
	assert_said(&v, "the club had acted in bad faith", "belief", "Omar Pell");
	assert_said(&w, "it had consulted every village", "indirect", "mill");
	assert_said(&w, "those talks never took place", "indirect", "village elders");
	quote_is(&x, "if she runs again, she would hope to win the north");
	quote_is(&y, "voters are tired of \"he said this, he tweeted that.\"");
	att_free(&t);
	att_free(&u);
	att_free(&v);
	att_free(&w);
	att_free(&x);
	att_free(&y);
}

/* "X was quoted as saying": the subject of the passive speaks. */
static void test_quoted_as_saying(void **state)
{
	struct att t = attribute("Fire chief Lea Marsh was quoted as saying by local radio that "
				 "the blaze was set on purpose.");

	(void)state;
	assert_said(&t, "the blaze was set on purpose", "indirect", "Lea Marsh");
	att_free(&t);
}

/* A subject left out after "and" is the clause's first subject; after
 * "though" with no subject before it, nobody is read; an adverb in -ly
 * between subject and verb is no part of the subject. */
static void test_left_out_and_adverb_subjects(void **state)
{
	struct att t = attribute("Dr. Nils Ekdahl generally backed the plan during his years at the "
				 "clinic, and said he did not trust the new board.");
	struct att u = attribute("Despite a long dislike of polls, Mayor Tove Brun officially "
				 "announced that the count would be public.");

	(void)state;
	assert_said(&t, "he did not trust the new board", "indirect", "Nils Ekdahl");
	assert_said(&u, "the count would be public", "indirect", "Tove Brun");
	assert_none("The tenant is still learning the language of the island, though expects "
		    "it is possible next year.");
	att_free(&t);
	att_free(&u);
}

/* A cue word that is a noun after a modifier ("a fair question", "the
 * trade dispute") reports nothing; a leading "Hence," or "Unlike X," is
 * no subject; "feel" with a participle is no belief. */
static void test_cue_nouns_after_modifiers(void **state)
{
	struct att t = attribute("The residents dispute that the road was ever closed.");

	(void)state;
	assert_none("It's a fair question: there is plenty of research on how rooms shape "
		    "debate.");
	assert_none("The trade dispute between the two ports has weighed on the outlook.");
	assert_none("The initial call came to police from inside the barn.");
	assert_none("Unlike the mayor, the clerks were careful not to weigh in, stressing "
		    "instead the need for due process.");
	assert_none("Some tenants feel affronted at being singled out with a new fee.");
	assert_said(&t, "the road was ever closed", "indirect", "residents");
	att_free(&t);
}

/* Staff speak as a group; "reminded" and "advised" report what is asked
 * of their object. */
static void test_staff_and_advice(void **state)
{
	struct att t = attribute("The rink may stay open, but city staff confirmed there are no "
				 "plans to keep it.");
	struct att u = attribute("Valley Power reminded customers to keep freezers closed.");
	struct att v = attribute("The utility advised people never to run a generator indoors.");

	(void)state;
	assert_said(&t, "there are no plans to keep it", "indirect", "city staff");
	assert_said(&u, "customers to keep freezers closed", "indirect", "Valley Power");
	quote_is(&v, "people never to run a generator indoors");
	att_free(&t);
	att_free(&u);
	att_free(&v);
}

/* A title in quotation marks opening a sentence names a film or a
 * book; it is no quote. A short quote of its own clause still is. */
static void test_titles_are_no_quotes(void **state)
{
	struct att t = attribute("\"We start at dawn,\" said Coach Mira Holt.");

	(void)state;
	assert_none("Critics were kind. \u201cThe Girl Who Sailed the Lake\u201d brings the old "
		    "legend to a new crowd.");
	assert_none("\"Harbour of the Lost\" opens in June across the province.");
	assert_said(&t, "We start at dawn", "direct", "Mira Holt");
	att_free(&t);
}

static void test_adding_after_content_first(void **state)
{
	struct att t = attribute("Prices rose in the spring, Mayor Dan Kole said, adding that the "
				 "council would act.");
	struct att u = attribute("Mayor Dan Kole said on Monday that it was up to the council, but "
				 "added that he hoped it would be quick.");

	(void)state;
	assert_said(&t, "Prices rose in the spring", "indirect", "Dan Kole");
	assert_said(&t, "the council would act", "indirect", "Dan Kole");
	assert_said(&u, "it was up to the council", "indirect", "Dan Kole");
	assert_said(&u, "he hoped it would be quick", "indirect", "Dan Kole");
	att_free(&t);
	att_free(&u);
}

static void test_no_subject_and_no_clause(void **state)
{
	struct att t = attribute("The plan is vague, experts say, including a clause they say could "
				 "exclude single parents.");

	(void)state;
	assert_said(&t, "The plan is vague", "indirect", "experts");
	assert_false(any_quote_has(&t, "exclude single parents"));
	att_free(&t);
	assert_none("The rally was loud, but there's no question we're stronger for it.");
}

/* ---- relative clauses ---- */

static void test_relative_clause_in_apposition(void **state)
{
	struct att t = attribute("Tomas Berg, a Danish engineer who works in Oslo, said the dam was "
				 "safe.");
	struct att u = attribute("Rally North, the group that organized the march, said it had "
				 "received hundreds of letters.");
	struct att v = attribute("Dock workers stayed home, according to a senior union official "
				 "who spoke on condition of anonymity.");

	(void)state;
	assert_said(&t, "the dam was safe", "indirect", "Tomas Berg");
	assert_said(&u, "it had received hundreds of letters", "indirect", "Rally North");
	assert_said(&v, "Dock workers stayed home", "according_to", "senior union official");
	att_free(&t);
	att_free(&u);
	att_free(&v);
}

static void test_long_apposition_and_participle_phrase(void **state)
{
	struct att t = attribute("Dana Fox, head of a firm in the tower that offers banking "
				 "services, said she was unable to find several employees.");
	struct att u = attribute("The unions, citing letters from members, said the plan was "
				 "unfair.");
	struct att v = attribute("Local officials, including the mayor, said the plan was unfair.");

	(void)state;
	assert_said(&t, "she was unable to find several employees", "indirect", "Dana Fox");
	assert_said(&u, "the plan was unfair", "indirect", "unions");
	assert_said(&v, "the plan was unfair", "indirect", "Local officials");
	att_free(&t);
	att_free(&u);
	att_free(&v);
}

static void test_relative_who_said(void **state)
{
	struct att t = attribute("The city hired an architect who said the tower was unsafe.");

	(void)state;
	assert_said(&t, "the tower was unsafe", "indirect", "architect");
	att_free(&t);
}

/* "The company, which employs 3,000 people, said …": a relative clause
 * set off by commas up to the verb is an aside of the subject; one that
 * runs on to the verb has a subject of its own ("the test, which state
 * media claimed …"), not the sentence's. */
static void test_relative_which_aside_in_subject(void **state)
{
	struct att t = attribute("The ferry company, which employs 3,000 people, said it would close "
				 "the terminal.\n\n"
				 "The harbour board, which met in March, called a meeting on the test, "
				 "which local radio claimed now shows cracks in the pier.");

	(void)state;
	assert_said(&t, "it would close the terminal", "indirect", "ferry company");
	assert_false(any_quote_has(&t, "harbour board"));
	att_free(&t);
}

/* "Critics, including opposition leader Anne Roy, say …": the example
 * set off by commas is an aside; the group speaks. */
static void test_including_aside_in_subject(void **state)
{
	struct att t = attribute("Ferry traffic was light on Monday.\n\n"
				 "Critics, including opposition leader Anne Roy, say the fare rise is "
				 "too steep.");

	(void)state;
	assert_said(&t, "the fare rise is too steep", "indirect", "Critics");
	att_free(&t);
}

/* An aside of manner, place or time between the subject and the verb
 * (", however,", ", for its part,", ", in an email to CBC News,") is
 * none of the speaker, and its names are not; ", of the Green Party,"
 * says whom the speaker speaks for and stays its role. */
static void test_occasion_aside_in_subject(void **state)
{
	struct att t = attribute("Ferry traffic was light on Monday.\n\n"
				 "The city, however, says the fares will not rise.\n\n"
				 "The province, for its part, says the pier is safe.\n\n"
				 "The ferry company, in an email to CBC News, said the schedule "
				 "would change.\n\n"
				 "Dana Ortiz, in a statement, said the crews were ready.\n\n"
				 "Tom Hill, of the Green Party, said the deal was rushed.");
	const struct ct_quote *q;

	(void)state;
	assert_said(&t, "the fares will not rise", "indirect", "city");
	assert_said(&t, "the pier is safe", "indirect", "province");
	assert_said(&t, "the schedule would change", "indirect", "ferry company");
	assert_said(&t, "the crews were ready", "indirect", "Dana Ortiz");
	assert_null(quote_is(&t, "the crews were ready")->role);
	q = quote_is(&t, "the deal was rushed");
	assert_string_equal(q->speaker, "Tom Hill");
	assert_non_null(q->role);
	assert_string_equal(q->role, "of the Green Party");
	att_free(&t);
}

/* "The mayor wrote that …": an irregular past after a determiner and a
 * noun is the verb, as "said" is; "The trade dispute continued" has
 * none. */
static void test_irregular_past_after_noun(void **state)
{
	struct att t = attribute("Ferry traffic was light on Monday.\n\n"
				 "The mayor wrote that the contract was valid.\n\n"
				 "The judge thought the terminal was safe.");

	(void)state;
	assert_said(&t, "the contract was valid", "indirect", "mayor");
	assert_said(&t, "the terminal was safe", "belief", "judge");
	att_free(&t);
	assert_none("Ferry traffic was light on Monday.\n\nThe trade dispute continued for weeks.");
}

/* "A source familiar with the talks, who was not authorized to speak,
 * said …": a subject read by its head and modifier, as without the
 * relative clause. */
static void test_modified_subject_with_relative_clause(void **state)
{
	struct att t = attribute("Ferry traffic was light on Monday.\n\n"
				 "A source familiar with the talks, who was not authorized to speak "
				 "publicly, said a deal was close.");

	(void)state;
	assert_said(&t, "a deal was close", "indirect", "source familiar with the talks");
	att_free(&t);
}

/* "The victim's sister, who asked that her name not be used, said …":
 * the "that" of the subject's relative clause opens no clause of its own. */
static void test_that_inside_relative_clause_of_subject(void **state)
{
	struct att t = attribute("Ferry traffic was light on Monday.\n\n"
				 "The victim's sister, who asked that her name not be used, said her "
				 "brother did nothing wrong.");

	(void)state;
	assert_said(&t, "her brother did nothing wrong", "indirect", "victim's sister");
	att_free(&t);
}

/* "called police", "called 911", "called an election": a call, no
 * words; "called the decision a mistake", "called it disgraceful" say
 * something of the object, and "a practice she calls nonstopping" names
 * it. */
static void test_call_without_complement(void **state)
{
	struct att t = attribute("Ferry traffic was light on Monday.\n\n"
				 "Dana Ortiz called the decision a mistake.\n\n"
				 "Tom Hale called it disgraceful.\n\n"
				 "Ann Roe teaches dancers a practice she calls nonstopping.");

	(void)state;
	assert_said(&t, "the decision a mistake", "indirect", "Dana Ortiz");
	assert_said(&t, "it disgraceful", "indirect", "Tom Hale");
	assert_said(&t, "nonstopping", "indirect", "Ann Roe");
	att_free(&t);
	assert_none("Ferry traffic was light on Monday.\n\nA neighbour called police.");
	assert_none("Ferry traffic was light on Monday.\n\nA neighbour called police after "
		    "hearing screams.");
	assert_none("Ferry traffic was light on Monday.\n\nThe premier called an election.");
}

/* "Health Minister Patty Hajdu's office said": a possessive after a
 * title of two words and a name of two, as after "Premier Doug Ford's". */
static void test_possessive_after_title_and_name(void **state)
{
	struct att t = attribute("Ferry traffic was light on Monday.\n\n"
				 "Harbour Minister Dana Ortiz's office said the pier would reopen.");

	(void)state;
	assert_said(&t, "the pier would reopen", "indirect", "Harbour Minister Dana Ortiz's office");
	att_free(&t);
}

/* "Russia's envoy warned …": a possessive before one of a group that
 * speaks ("envoys"), as before a title or a group word. */
static void test_possessive_before_one_of_a_group(void **state)
{
	struct att t = attribute("Ferry traffic was light on Monday.\n\n"
				 "Norway's envoy warned that the strait would close.");

	(void)state;
	assert_said(&t, "the strait would close", "indirect", "Norway's envoy");
	att_free(&t);
}

/* ---- the speaker after the verb ---- */

/* "…, Lee said at a news conference.", "…, Lee told reporters.": a phrase
 * of place or occasion, or the one told, ends the clause after the verb;
 * what was said is before the comma. Not after a verb of thought ("as
 * they wish at other times"), nor "to" or "for" ("wants to …"). */
static void test_said_then_occasion(void **state)
{
	struct att t = attribute("Ferry traffic was light on Monday.\n\n"
				 "The pier is closed, Ann Lee said at a news conference.\n\n"
				 "The fares will rise, Tom Berg said Friday during a visit to the terminal.\n\n"
				 "The family wants answers, Ana Ruiz said outside the courthouse.\n\n"
				 "The strait is calm, Dan Roe told reporters.\n\n"
				 "The ferry is late, Eva Diaz told journalists at the terminal on Monday.\n\n"
				 "Ann Lee said in May the pier would close.");
	struct att u = attribute("Members said on Monday that the chair was weak.\n\n"
				 "The chair is a different kind of leader, holding the board together "
				 "on big votes, but also cutting members loose to vote as they wish "
				 "at other times.");

	(void)state;
	assert_said(&t, "The pier is closed", "indirect", "Ann Lee");
	assert_said(&t, "The fares will rise", "indirect", "Tom Berg");
	assert_said(&t, "The family wants answers", "indirect", "Ana Ruiz");
	assert_said(&t, "The strait is calm", "indirect", "Dan Roe");
	assert_said(&t, "The ferry is late", "indirect", "Eva Diaz");
	assert_said(&t, "the pier would close", "indirect", "Ann Lee");
	assert_false(any_quote_has(&t, "news conference"));
	assert_false(any_quote_has(&t, "reporters"));
	assert_false(any_quote_has(&u, "different kind of leader"));
	att_free(&t);
	att_free(&u);
}

/* "The mayor, when asked, said …", "X, when reached by phone, said …":
 * an aside of occasion between the subject and the verb. */
static void test_when_asked_aside(void **state)
{
	struct att t = attribute("Ferry traffic was light on Monday.\n\n"
				 "The mayor, when asked, said the pier would reopen.\n\n"
				 "Tom Berg, when reached by phone, said the fares would rise.");

	(void)state;
	assert_said(&t, "the pier would reopen", "indirect", "mayor");
	assert_said(&t, "the fares would rise", "indirect", "Tom Berg");
	att_free(&t);
}

/* "Lee, speaking to reporters, said the plan failed": after an aside set
 * off by commas the verb reports what follows it; "the plan failed" is
 * no description of a speaker, as "the company" is after "…, said". */
static void test_aside_then_said_is_no_speaker_after(void **state)
{
	struct att t = attribute("Ferry traffic was light on Monday.\n\n"
				 "Ann Lee, speaking outside the terminal, said the family wants answers.\n\n"
				 "Tom Berg, standing on the pier, said the plan failed.\n\n"
				 "Sailings fell in March, said the company.");

	(void)state;
	assert_said(&t, "the family wants answers", "indirect", "Ann Lee");
	assert_said(&t, "the plan failed", "indirect", "Tom Berg");
	assert_said(&t, "Sailings fell in March", "indirect", "company");
	att_free(&t);
}

static void test_lowercase_role_after_verb(void **state)
{
	struct att t = attribute("Sixteen people were hurt, said police Chief Anna Moss.");
	struct att u = attribute("The price fell again, said oil and gas worker Mike Wipf.");
	struct att v = attribute("Sales fell in March, said the company.");

	(void)state;
	assert_said(&t, "Sixteen people were hurt", "indirect", "Anna Moss");
	assert_said(&u, "The price fell again", "indirect", "Mike Wipf");
	assert_said(&v, "Sales fell in March", "indirect", "company");
	att_free(&t);
	att_free(&u);
	att_free(&v);
}

/* ---- subjects with a modifier after the head ---- */

static void test_subject_with_trailing_modifier(void **state)
{
	struct att t = attribute("People arrested last week said that the guards were rough.");
	struct att u = attribute("A person familiar with the talks says the deal is done.");
	struct att v = attribute("Four men fired at the lobby, a security guard present during the "
				 "attack told Reuters.");

	(void)state;
	assert_said(&t, "the guards were rough", "indirect", "People arrested last week");
	assert_said(&u, "the deal is done", "indirect", "person familiar with the talks");
	/* A modifier other than a participle or what the source knows is
	 * a detail: the head speaks. */
	assert_said(&v, "Four men fired at the lobby", "indirect", "security guard");
	att_free(&t);
	att_free(&u);
	att_free(&v);
	t = attribute("The ferry left late, a dock worker present at the pier said.");
	assert_said(&t, "The ferry left late", "indirect", "dock worker");
	att_free(&t);
	/* A head in -ing is itself a modifier of the word after it. */
	t = attribute("The loudest sparring partner in boxing said he was done.");
	assert_said(&t, "he was done", "indirect", "loudest sparring partner in boxing");
	att_free(&t);
	/* After a name, a word in -ed is the name's own verb. */
	assert_none("Peter Vos stopped 22 shots and denied the visitors on several chances.");
}

/* ---- a noun phrase after a verb of demanding ---- */

static void test_demand_with_noun_phrase_object(void **state)
{
	struct att t = attribute("Senator Ann Pike called for an inquiry into the contract.");
	struct att u = attribute("The union demanded an apology from the minister.");
	struct att v = attribute("Mayor Ray Lee urged a review of the budget.");

	(void)state;
	assert_said(&t, "an inquiry into the contract", "indirect", "Ann Pike");
	assert_said(&u, "an apology from the minister", "indirect", "union");
	assert_said(&v, "a review of the budget", "indirect", "Ray Lee");
	att_free(&t);
	att_free(&u);
	att_free(&v);
	/* Other verbs with "a"/"an" and no clause are in another sense. */
	assert_none("San Jose added a goal in the third period.");
	assert_none("The firm reported a profit.");
}

/* ---- a share of those asked ---- */

static void test_share_of_respondents(void **state)
{
	struct att t = attribute("However, 63 percent said the mayor was justified.");
	struct att u = attribute("Another 19 per cent of voters said they would not pick either.");
	struct att v = attribute("Only 52 percent agreed that the mayor was fit, while 30 percent "
				 "said the council was to blame.");

	(void)state;
	assert_said(&t, "the mayor was justified", "indirect", "63 percent");
	assert_said(&u, "they would not pick either", "indirect", "19 per cent of voters");
	assert_said(&v, "the mayor was fit", "belief", "52 percent");
	assert_said(&v, "the council was to blame", "indirect", "30 percent");
	att_free(&t);
	att_free(&u);
	att_free(&v);
}

/* Subjects that are nouns of what speaks: a cue word after a determiner
 * ("The reports"), "another" and "each", a name and a possessive before
 * an organization's or a document's noun; not a possessive before an
 * adjective ("…, said Norway's latest" is no "…, said X"). */
static void test_noun_subjects(void **state)
{
	struct att t = attribute("The reports, citing two people close to the club, said the coach "
				 "would leave in May.");
	struct att u = attribute("Another chart shows that most of the new homes were built on "
				 "farmland.");
	struct att v = attribute("Norway's state-run NRK news agency said the ferry left Bergen "
				 "late on Sunday.");
	struct att w = attribute("Tom Berg, the mayor of Ostby, said Norway's latest \"move "
				 "cannot go unanswered, least of all at the council.\"");

	(void)state;
	assert_said(&t, "the coach would leave in May", "indirect", "reports");
	assert_said(&u, "most of the new homes were built on farmland", "indirect", "chart");
	assert_said(&v, "the ferry left Bergen late on Sunday", "indirect",
		    "Norway's state-run NRK news agency");
	assert_string_equal(quote_over(&w, "cannot go unanswered")->speaker, "Tom Berg");
	att_free(&t);
	att_free(&u);
	att_free(&v);
	att_free(&w);
}

/* Signed quotes one a line, with no sentence end between them: each is
 * a quote of the name that signs it, not a phrase quoted mid-sentence. */
static void test_signed_quotes_one_a_line(void **state)
{
	struct att t = attribute("Readers wrote in.\n\n"
				 "\u201cThe new bridge is the best thing this town has done in "
				 "years. It took a decade of meetings, but now the morning drive "
				 "is ten minutes.\u201d \u2015 Ana Ruiz\n"
				 "\u201cI waited two hours at the crossing every day before it "
				 "opened, and my children grew up in the back seat of our old "
				 "car.\u201d\u2015 Tom Berg\n"
				 "\u201cIt cost too much, and nobody asked us. The old ferry was "
				 "slow, but it was ours and it cost the town nothing.\u201d "
				 "\u2015 Lena Holm\n");

	(void)state;
	assert_string_equal(quote_over(&t, "best thing this town")->speaker, "Ana Ruiz");
	assert_string_equal(quote_over(&t, "waited two hours")->speaker, "Tom Berg");
	assert_string_equal(quote_over(&t, "nobody asked us")->speaker, "Lena Holm");
	att_free(&t);
}

/* A participle of a reporting verb as the document's first word has no
 * word before it to look at (found by fuzz_doc: it read before the
 * tokens). */
static void test_participle_opens_document(void **state)
{
	const char *const texts[] = {
		"Saying the fares will rise, the mayor left the hall.",
		"Telling",
		"Warning that the bridge is closed.",
	};

	(void)state;
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
		struct att t = attribute(texts[k]);

		att_free(&t);
	}
}

/* A party and state after a name, "(D-Wis.)" or ", R-Ky.,", ends no
 * sentence: the speaker after the quote is read. */
static void test_party_and_state_after_name(void **state)
{
	struct att t = attribute("\"The ferry plan is a gift to developers,\" Rep. Ann Brody (D-Wis.) "
				 "said Friday.\n\n"
				 "\"We will not fund it,\" Sen. Tom Hale, R-Ky., said Tuesday.");

	(void)state;
	assert_said(&t, "The ferry plan is a gift to developers", "direct", "Ann Brody");
	assert_said(&t, "We will not fund it", "direct", "Tom Hale");
	att_free(&t);
}

/* After "said X, a role," a comma and a participle open a clause of the
 * speaker's, no part of the speaker's phrase. */
static void test_participle_ends_speaker_after_verb(void **state)
{
	struct att t = attribute("\"We are going to do our job,\" said Rep. Ann Brody, the incoming "
				 "chair of the rules committee, vowing to reopen the ferry docks.");

	(void)state;
	assert_said(&t, "We are going to do our job", "direct", "Ann Brody");
	att_free(&t);
}

/* "According to" cites a record, a count or an inquiry as well as a
 * speaker: "federal statistics", "a survey of voter lists", "a database
 * tracking such deaths", "an inquiry of the 2014 fire" (a noun in -ing
 * after a number is no participle), also in a long leading phrase. */
static void test_according_to_a_record(void **state)
{
	struct att t = attribute("Nine of ten ferries run late, according to federal statistics.\n\n"
				 "The rule helps the incumbents, according to a recent survey of voter "
				 "lists.\n\n"
				 "Four tenants died in the fire, according to a county database tracking "
				 "such deaths.\n\n"
				 "According to a Lakeside Fire Service investigation of the 2014 shooting "
				 "at the old ferry terminal, the guard fired first.");

	(void)state;
	assert_said(&t, "Nine of ten ferries run late", "according_to", "federal statistics");
	assert_said(&t, "The rule helps the incumbents", "according_to",
		    "recent survey of voter lists");
	assert_said(&t, "Four tenants died in the fire", "according_to", "county database");
	assert_said(&t, "the guard fired first", "according_to",
		    "Lakeside Fire Service investigation of the 2014 shooting at the old ferry terminal");
	att_free(&t);
	assert_none("The ferry left at noon, according to plan.");
	assert_none("The ferry left at noon, according to reports.");
}

/* A name with a long apposition before the verb after a quote, and a verb
 * of thought that ends the clause ("X concluded."), name the speaker. */
static void test_long_apposition_and_belief_after_quote(void **state)
{
	struct att t = attribute("\"Their strategy is very clear,\" Ann Brody, a senior fellow at the "
				 "Lakeside Institute and a former ambassador to the ferry council, said "
				 "of the plan.\n\n"
				 "\"The winner tonight will be the mayor,\" Tom Hale concluded.");

	(void)state;
	assert_said(&t, "Their strategy is very clear", "direct", "Ann Brody");
	assert_said(&t, "The winner tonight will be the mayor", "direct", "Tom Hale");
	att_free(&t);
}

/* After a parenthetical ", X said," the sentence goes on with what X
 * said, a quote of its own; not when a conjunction, a subordinator or a
 * participle opens another clause there. */
static void test_rest_after_parenthetical_said(void **state)
{
	struct att t = attribute("Ann Roe runs the ferry office. Two clerks hid under the desks, Roe "
				 "said, but one guard ran to the roof of the terminal.\n\n"
				 "The fees are hard to meet for many tenants, Tom Hale said, especially "
				 "those with young children.\n\n"
				 "The fares will rise next spring, Tom Hale said, though he gave no "
				 "figure for the rise.");

	(void)state;
	assert_said(&t, "Two clerks hid under the desks", "indirect", "Ann Roe");
	assert_said(&t, "but one guard ran to the roof of the terminal", "indirect", "Ann Roe");
	assert_said(&t, "The fees are hard to meet for many tenants", "indirect", "Tom Hale");
	assert_said(&t, "especially those with young children", "indirect", "Tom Hale");
	assert_said(&t, "The fares will rise next spring", "indirect", "Tom Hale");
	assert_false(any_quote_has(&t, "gave no figure"));
	att_free(&t);
}

/* A record, a poll or an average shows a noun phrase as well as a
 * clause: "Polls show a close race"; other subjects do not. */
static void test_record_shows_noun_phrase(void **state)
{
	struct att t = attribute("Polls show a close race for the harbour seat.");

	(void)state;
	assert_said(&t, "a close race for the harbour seat", "indirect", "Polls");
	att_free(&t);
	assert_none("The mayor showed a video of the ferry crash.");
	assert_none("The records show him at the ferry terminal.");
}

/* ", according to X," inside a sentence: X is the noun phrase before
 * "familiar with …" or "unauthorized to …"; a clause after it is a quote
 * of its own, a short phrase before it and the rest are one content. */
static void test_according_to_inside_sentence(void **state)
{
	struct att t = attribute("The talks on the ferry fares stalled, according to a person familiar "
				 "with the talks but unauthorized to speak publicly.\n\n"
				 "That is one reason why, according to federal statistics, most tenants "
				 "move within five years.\n\n"
				 "The result, according to a survey of harbour clubs, is a shortage of "
				 "coaches.");

	(void)state;
	assert_said(&t, "The talks on the ferry fares stalled", "according_to",
		    "person familiar with the talks");
	assert_said(&t, "most tenants move within five years", "according_to", "federal statistics");
	assert_said(&t, "The result, according to a survey of harbour clubs, is a shortage of coaches",
		    "according_to", "survey of harbour clubs");
	att_free(&t);
	/* The unnamed source is its whole description, modifiers joined by
	 * "and" included. */
	t = attribute("The mayor will veto the budget, according to council aides unauthorized to "
		      "speak publicly and granted anonymity.");
	assert_said(&t, "The mayor will veto the budget", "according_to",
		    "council aides unauthorized to speak publicly and granted anonymity");
	att_free(&t);
	/* "the aides", "the person" later: the same unnamed source. */
	t = attribute("The mayor will veto the budget, according to council aides unauthorized to "
		      "speak publicly.\n\n"
		      "But the plan only helps the mayor, the aides said.\n\n"
		      "The deal is done, according to a person familiar with the talks.\n\n"
		      "The fares will rise, according to the person, who spoke on condition of "
		      "anonymity.");
	assert_said(&t, "the plan only helps the mayor", "indirect",
		    "council aides unauthorized to speak publicly");
	assert_said(&t, "The fares will rise", "according_to", "person familiar with the talks");
	att_free(&t);
	/* Without such a description, "the aides" are as they read. */
	t = attribute("Council aides at the harbour said the plan was late.\n\n"
		      "But the plan only helps the mayor, the aides said.");
	assert_said(&t, "the plan only helps the mayor", "indirect", "aides");
	att_free(&t);
}

/* Vows, pledges and promises of an act are intentions, kind "belief",
 * with "to" and a verb; a promised noun phrase is no report. */
static void test_vow_pledge_promise_to(void **state)
{
	struct att t = attribute("The harbour union vowed to block the ferry sale.\n\n"
				 "Tenants pledged to remain calm during the inspections.");

	(void)state;
	assert_said(&t, "to block the ferry sale", "belief", "harbour union");
	assert_said(&t, "to remain calm during the inspections", "belief", "Tenants");
	att_free(&t);
	assert_none("The mayor promised a review of the ferry fares.");
}

/* A group with a complement after "on" or "to" speaks as a group, not
 * the name inside the complement. */
static void test_group_on_and_to_complement(void **state)
{
	struct att t = attribute("Experts on Lakeside Harbour said the ferry plan would fail.\n\n"
				 "Advisers to Mayor Ann Roe say the fares will rise.");

	(void)state;
	assert_said(&t, "the ferry plan would fail", "indirect", "Experts on Lakeside Harbour");
	assert_said(&t, "the fares will rise", "indirect", "Advisers to Mayor Ann Roe");
	att_free(&t);
}

static void test_relative_clause_with_reporting_verb(void **state)
{
	struct att t = attribute("Ann Roe was hurt in the arms, which she said were raised when the "
				 "cart hit her.\n\n"
				 "The fair opens on what local officials say is the town's birthday.\n\n"
				 "The driver had two bruises that the nurses said did not look recent.");

	(void)state;
	assert_said(&t, "were raised when the cart hit her", "indirect", "Ann Roe");
	assert_said(&t, "is the town's birthday", "indirect", "local officials");
	assert_said(&t, "did not look recent", "indirect", "nurses");
	att_free(&t);
}

static void test_noun_phrase_object_ends_before_aside(void **state)
{
	struct att t = attribute("The critics derided the ferry deal as toothless, but Mayor Ann Roe "
				 "defended it.\n\n"
				 "Councillor Tom Hale likened the levy to a tax on work, which angered "
				 "the mayor.\n\n"
				 "Jane Birch praised the harbour plan - a plan she had fought for years.\n\n"
				 "Ann Roe said the plan, which costs $5 million, would fail.");

	(void)state;
	assert_said(&t, "the ferry deal as toothless", "indirect", "critics");
	assert_said(&t, "the levy to a tax on work", "indirect", "Tom Hale");
	assert_said(&t, "the harbour plan", "indirect", "Jane Birch");
	assert_said(&t, "the plan, which costs $5 million, would fail", "indirect", "Ann Roe");
	att_free(&t);
}

static void test_according_to_an_outlet_alone(void **state)
{
	struct att t = attribute("According to the Harbour Gazette, both ferries ran late all "
				 "winter.\n\n"
				 "According to the Harbour Gazette, the mayor said the fares would rise.");

	(void)state;
	assert_said(&t, "both ferries ran late all winter", "according_to", "Harbour Gazette");
	assert_said(&t, "the fares would rise", "indirect", "mayor");
	att_free(&t);
}

static void test_date_between_subject_and_verb(void **state)
{
	struct att t = attribute("Ann Roe on Monday said the ferry would run late.\n\n"
				 "Councillor Tom Hale last week wrote that the fares would rise.\n\n"
				 "Dock workers arrested last week said the police had hit them.");

	(void)state;
	assert_said(&t, "the ferry would run late", "indirect", "Ann Roe");
	assert_said(&t, "the fares would rise", "indirect", "Tom Hale");
	assert_said(&t, "the police had hit them", "indirect", "Dock workers arrested last week");
	att_free(&t);
	/* After a relative pronoun: its antecedent speaks, named as written. */
	t = attribute("The council has a long quarrel with Ada Lark, who in March said the levy "
		      "was unfair.\n\n"
		      "The mayor met Ada Lark, who in 2019 said the fares were too high.");
	assert_said(&t, "the levy was unfair", "indirect", "Ada Lark");
	assert_said(&t, "the fares were too high", "indirect", "Ada Lark");
	assert_string_equal(quote_is(&t, "the levy was unfair")->mention, "Ada Lark");
	assert_string_equal(quote_is(&t, "the fares were too high")->mention, "Ada Lark");
	att_free(&t);
}

static void test_spoke_of_and_about(void **state)
{
	struct att t = attribute("Mayor Ann Roe spoke of her deep ties to the harbour.\n\n"
				 "Councillor Tom Hale spoke out against the new ferry fares.");

	(void)state;
	assert_said(&t, "her deep ties to the harbour", "indirect", "Ann Roe");
	assert_said(&t, "the new ferry fares", "indirect", "Tom Hale");
	att_free(&t);
}

static void test_subordinate_clause_before_parenthetical(void **state)
{
	struct att t = attribute("Though the move was smooth, Ann Roe said, replacing the ferry would "
				 "be much harder.\n\n"
				 "If the vote fails, Mr. Hale argued, the council has other tools.");

	(void)state;
	assert_said(&t, "Though the move was smooth, Ann Roe said, replacing the ferry would be "
			"much harder", "indirect", "Ann Roe");
	assert_said(&t, "If the vote fails, Mr. Hale argued, the council has other tools",
		    "indirect", "Hale");
	att_free(&t);
}

static void test_parenthetical_after_open_phrase_or_preposition(void **state)
{
	struct att t = attribute("Mayor Ann Roe spoke at the pier. That's why, she argued, the "
				 "council should act now.\n\n"
				 "A third of that, per the Hale plan, is $9,000.");

	(void)state;
	assert_said(&t, "That's why, she argued, the council should act now", "indirect",
		    "Ann Roe");
	assert_false(any_quote_has(&t, "A third of that"));
	assert_false(any_quote_has(&t, "is $9,000"));
	att_free(&t);
}

static void test_title_after_work_noun_and_comma(void **state)
{
	struct att t = attribute("In her 2019 book, \"Make Your Town a Harbour,\" Ann Roe said the "
				 "ferry was late.\n\n"
				 "Her column, \"Mayor, tell your harbour story,\" ran on Monday.");

	(void)state;
	assert_said(&t, "the ferry was late", "indirect", "Ann Roe");
	assert_false(any_quote_has(&t, "Make Your Town"));
	assert_false(any_quote_has(&t, "harbour story"));
	att_free(&t);
}

static void test_stage_direction_is_no_quote(void **state)
{
	struct att t = attribute("\"HALE: The ferry is late and the fares are too high.\n\n"
				 "\"(CROSSTALK.)\n\n"
				 "\"ROE: If I may, sir, we have little time.");

	(void)state;
	assert_said(&t, "The ferry is late and the fares are too high.", "direct", "HALE");
	assert_false(any_quote_has(&t, "CROSSTALK"));
	att_free(&t);
}

static void test_imperative_has_no_speaker(void **state)
{
	(void)state;
	assert_none("Seriously, please ask yourself that question.");
	assert_none("Honestly, tell the mayor the truth.");
}

static void test_verb_of_aspect_before_to(void **state)
{
	struct att t = attribute("Small groups of dock workers continued to call for a new ferry.\n\n"
				 "Mayor Ann Roe seemed to think the plan was weak.");

	(void)state;
	assert_said(&t, "a new ferry", "indirect", "Small groups of dock workers");
	assert_said(&t, "the plan was weak", "belief", "Ann Roe");
	att_free(&t);
}

static void test_told_object_to_and_object_name(void **state)
{
	struct att t = attribute("Mayor Ann Roe told her aides to find another ferry.\n\n"
				 "Councillor Tom Hale told the Ledger the fares were too high.");

	(void)state;
	assert_said(&t, "her aides to find another ferry", "indirect", "Ann Roe");
	assert_said(&t, "the fares were too high", "indirect", "Tom Hale");
	att_free(&t);
}

static void test_agree_to_and_agree_that(void **state)
{
	struct att t = attribute("The harbour board agreed to clean up the old pier.\n\n"
				 "Ann Roe, a former mayor, agreed that the fares were too high.");

	(void)state;
	assert_said(&t, "to clean up the old pier", "belief", "harbour board");
	assert_said(&t, "the fares were too high", "belief", "Ann Roe");
	assert_none("The two sides agreed to more talks on the ferry.");
	att_free(&t);
}

static void test_participle_phrase_opens_sentence(void **state)
{
	struct att t = attribute("Chastened by the reviews, as well as complaints over the cost, "
				 "Ann Roe revised her plan, promising to focus on families.");

	(void)state;
	assert_said(&t, "to focus on families", "indirect", "Ann Roe");
	att_free(&t);
}

static void test_delegate_title(void **state)
{
	struct att t = attribute("\"This is a waste of time,\" said Del. Ann Roe (D-Harbour).");

	(void)state;
	assert_said(&t, "This is a waste of time", "direct", "Ann Roe");
	att_free(&t);
}

/* "said Monday he's …": a pronoun joined to its verb opens the content
 * after the day, as "he is" does. */
static void test_day_then_pronoun_contraction(void **state)
{
	struct att t = attribute("The mayor said Monday he's considering a run. The premier "
				 "told reporters Tuesday they're done.");

	(void)state;
	quote_is(&t, "he's considering a run");
	quote_is(&t, "they're done");
	att_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phrase_between_verb_and_content),
		cmocka_unit_test(test_told_object_then_place_and_time),
		cmocka_unit_test(test_colon_after_place_and_time),
		cmocka_unit_test(test_according_to_after_quote),
		cmocka_unit_test(test_first_person_narration_has_no_speaker),
		cmocka_unit_test(test_conjunction_then_subject),
		cmocka_unit_test(test_one_quote_given_once),
		cmocka_unit_test(test_parenthetical_said),
		cmocka_unit_test(test_content_first_told_object),
		cmocka_unit_test(test_adding_after_direct_quote),
		cmocka_unit_test(test_adding_after_reported),
		cmocka_unit_test(test_second_verb_of_one_subject),
		cmocka_unit_test(test_issued_a_statement_saying),
		cmocka_unit_test(test_verbs_with_what_is_said_as_object),
		cmocka_unit_test(test_belief_kind),
		cmocka_unit_test(test_belief_needs_a_clause),
		cmocka_unit_test(test_label_paragraphs_are_no_quotes),
		cmocka_unit_test(test_label_paragraph_of_several_sentences),
		cmocka_unit_test(test_dateline_is_no_speaker),
		cmocka_unit_test(test_nouns_and_other_senses),
		cmocka_unit_test(test_pronoun_after_leading_phrase),
		cmocka_unit_test(test_role_after_honorific),
		cmocka_unit_test(test_second_speaker_after_but),
		cmocka_unit_test(test_adding_after_content_first),
		cmocka_unit_test(test_titles_are_no_quotes),
		cmocka_unit_test(test_quoted_as_saying),
		cmocka_unit_test(test_left_out_and_adverb_subjects),
		cmocka_unit_test(test_cue_nouns_after_modifiers),
		cmocka_unit_test(test_staff_and_advice),
		cmocka_unit_test(test_second_statement_inside_content),
		cmocka_unit_test(test_no_subject_and_no_clause),
		cmocka_unit_test(test_relative_clause_in_apposition),
		cmocka_unit_test(test_long_apposition_and_participle_phrase),
		cmocka_unit_test(test_relative_who_said),
		cmocka_unit_test(test_relative_which_aside_in_subject),
		cmocka_unit_test(test_including_aside_in_subject),
		cmocka_unit_test(test_occasion_aside_in_subject),
		cmocka_unit_test(test_irregular_past_after_noun),
		cmocka_unit_test(test_modified_subject_with_relative_clause),
		cmocka_unit_test(test_that_inside_relative_clause_of_subject),
		cmocka_unit_test(test_call_without_complement),
		cmocka_unit_test(test_possessive_after_title_and_name),
		cmocka_unit_test(test_possessive_before_one_of_a_group),
		cmocka_unit_test(test_said_then_occasion),
		cmocka_unit_test(test_when_asked_aside),
		cmocka_unit_test(test_aside_then_said_is_no_speaker_after),
		cmocka_unit_test(test_lowercase_role_after_verb),
		cmocka_unit_test(test_subject_with_trailing_modifier),
		cmocka_unit_test(test_demand_with_noun_phrase_object),
		cmocka_unit_test(test_share_of_respondents),
		cmocka_unit_test(test_noun_subjects),
		cmocka_unit_test(test_signed_quotes_one_a_line),
		cmocka_unit_test(test_much_of_is_said),
		cmocka_unit_test(test_finding_without_that),
		cmocka_unit_test(test_capitalised_belief_cue_is_a_name),
		cmocka_unit_test(test_semicolon_ends_content),
		cmocka_unit_test(test_content_runs_on_into_quote),
		cmocka_unit_test(test_participle_after_comma_is_passive),
		cmocka_unit_test(test_quote_after_said_comma),
		cmocka_unit_test(test_comma_inside_closing_mark),
		cmocka_unit_test(test_object_and_comparison),
		cmocka_unit_test(test_participle_after_description),
		cmocka_unit_test(test_group_after_leading_clause),
		cmocka_unit_test(test_one_before_a_noun),
		cmocka_unit_test(test_month_as_surname),
		cmocka_unit_test(test_told_object_without_that),
		cmocka_unit_test(test_joined_subjects_are_a_group),
		cmocka_unit_test(test_institution_name_is_no_role),
		cmocka_unit_test(test_spoken_for_or_authored),
		cmocka_unit_test(test_subject_after_subordinate_clause),
		cmocka_unit_test(test_role_is_no_clause),
		cmocka_unit_test(test_party_before_a_name),
		cmocka_unit_test(test_name_ends_with_its_paragraph),
		cmocka_unit_test(test_described_person),
		cmocka_unit_test(test_role_of_a_place),
		cmocka_unit_test(test_organization_noun_before_a_name),
		cmocka_unit_test(test_statement_speaks_for_its_author),
		cmocka_unit_test(test_that_said_is_no_speech),
		cmocka_unit_test(test_there_are_people_who_say),
		cmocka_unit_test(test_content_ends_in_quoted_phrase),
		cmocka_unit_test(test_progressive_with_that),
		cmocka_unit_test(test_now_and_long_before_verb),
		cmocka_unit_test(test_second_verb_after_auxiliary),
		cmocka_unit_test(test_participle_opens_document),
		cmocka_unit_test(test_party_and_state_after_name),
		cmocka_unit_test(test_participle_ends_speaker_after_verb),
		cmocka_unit_test(test_according_to_a_record),
		cmocka_unit_test(test_long_apposition_and_belief_after_quote),
		cmocka_unit_test(test_rest_after_parenthetical_said),
		cmocka_unit_test(test_record_shows_noun_phrase),
		cmocka_unit_test(test_according_to_inside_sentence),
		cmocka_unit_test(test_vow_pledge_promise_to),
		cmocka_unit_test(test_group_on_and_to_complement),
		cmocka_unit_test(test_relative_clause_with_reporting_verb),
		cmocka_unit_test(test_noun_phrase_object_ends_before_aside),
		cmocka_unit_test(test_according_to_an_outlet_alone),
		cmocka_unit_test(test_date_between_subject_and_verb),
		cmocka_unit_test(test_spoke_of_and_about),
		cmocka_unit_test(test_subordinate_clause_before_parenthetical),
		cmocka_unit_test(test_parenthetical_after_open_phrase_or_preposition),
		cmocka_unit_test(test_title_after_work_noun_and_comma),
		cmocka_unit_test(test_stage_direction_is_no_quote),
		cmocka_unit_test(test_imperative_has_no_speaker),
		cmocka_unit_test(test_verb_of_aspect_before_to),
		cmocka_unit_test(test_told_object_to_and_object_name),
		cmocka_unit_test(test_agree_to_and_agree_that),
		cmocka_unit_test(test_participle_phrase_opens_sentence),
		cmocka_unit_test(test_delegate_title),
		cmocka_unit_test(test_day_then_pronoun_contraction),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
