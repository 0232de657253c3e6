/*
 * Unit tests for entities.c: who a pronoun, a surname or a description
 * refers to across the whole article (salience, agreement, lines that are
 * no prose, names that speak), on sentences of our own.
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
	(void)state;
	return ct_rules_load_string("t.rules", "", 0, NULL, &builtin) == CT_OK ? 0 : -1;
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
		print_message("  %s speaker=%s mention=%s [%zu,%zu)\n", ct_quote_kind_name(q->kind),
			      q->speaker ? q->speaker : "-", q->mention ? q->mention : "-", q->start,
			      q->end);
	}
}

/* The speaker of the quote that covers `phrase`. */
static void assert_speaker(const struct att *t, const char *phrase, const char *want)
{
	const char *p = strstr(t->doc->body, phrase);
	size_t s, e;

	assert_non_null(p);
	s = (size_t)(p - t->doc->body);
	e = s + strlen(phrase);
	for (size_t i = 0; i < ct_attribution_n_quotes(t->a); i++) {
		const struct ct_quote *q = ct_attribution_quote(t->a, i);
		if (q->start <= s && e <= q->end) {
			if (!q->speaker || strcmp(q->speaker, want) != 0) {
				dump(t);
				fail_msg("\"%s\": speaker %s, expected %s", phrase,
					 q->speaker ? q->speaker : "NULL", want);
			}
			return;
		}
	}
	dump(t);
	fail_msg("no quote covers \"%s\"", phrase);
}

/* A name that only modifies a noun in the last sentence ("the Prairie
 * Gate pipeline") does not take "she" from the woman the passage is about. */
static void test_salience_over_a_modifier(void **state)
{
	struct att t = attribute("Darla Finch has led the youth council since 2017. She studies "
				 "law in Regina.\n\n"
				 "The council opposed the Prairie Gate pipeline in July.\n\n"
				 "\"This land is who we are,\" she said.");

	(void)state;
	assert_speaker(&t, "This land is who we are", "Darla Finch");
	att_free(&t);
}

/* A person named in passing, after a preposition, weighs less than the
 * subject of the sentences before, named again and again. */
static void test_salience_of_the_repeated_subject(void **state)
{
	struct att t = attribute("Premier Joan Avery toured the flooded mill on Friday.\n\n"
				 "Avery said the province would pay for the repairs. Avery "
				 "also met workers, who compared the flood to one under former "
				 "premier Ruth Delaney.\n\n"
				 "\"Nobody here will be left behind,\" she said.");

	(void)state;
	assert_speaker(&t, "Nobody here will be left behind", "Joan Avery");
	att_free(&t);
}

/* A line that is no prose (a "WATCH" link, a caption, a heading) names
 * nobody a later pronoun refers to. */
static void test_line_names_no_referent(void **state)
{
	struct att t = attribute("Paul Ostrowski coaches the under-12 team in Moose Jaw.\n\n"
				 "WATCH: Highlights of the Junior Cup final with Trevor Banks\n\n"
				 "\"The kids played their hearts out,\" he said.");

	(void)state;
	assert_speaker(&t, "The kids played their hearts out", "Paul Ostrowski");
	att_free(&t);
}

/* The same for a line that opens the document and a prose paragraph that
 * ends it (in_line() finds a paragraph's first and last tokens): "he"
 * refers to nobody, not to the name in the heading. */
static void test_first_line_names_no_referent(void **state)
{
	struct att t = attribute("Trevor Banks at the Junior Cup final\n\n"
				 "\"The kids played their hearts out,\" he said.");
	const struct ct_quote *q;

	(void)state;
	assert_int_equal(ct_attribution_n_quotes(t.a), 1);
	q = ct_attribution_quote(t.a, 0);
	if (q->speaker) {
		dump(&t);
		fail_msg("speaker %s, expected none", q->speaker);
	}
	att_free(&t);
}

/* A name followed by a speech verb is a person's, though no title or
 * known given name says so: it agrees fully with "she". */
static void test_name_that_speaks_is_a_person(void **state)
{
	struct att t = attribute("Dr. Maya Olsen runs the clinic. She hired two nurses last "
				 "spring.\n\n"
				 "Housing advocate Rhiannon Pell said the city lacks shelter "
				 "beds.\n\n"
				 "\"People are sleeping in their cars,\" she said.");

	(void)state;
	assert_speaker(&t, "People are sleeping in their cars", "Rhiannon Pell");
	att_free(&t);
}

/* A name run that ends in a full name known before is that name: a photo
 * credit glued to a caption does not make a new person. */
static void test_run_ending_in_known_name(void **state)
{
	struct att t = attribute("Ken Vickery served as sergeant for twenty years.\n\n"
				 "Reuters Images Ken Vickery at a ceremony in Dublin.\n\n"
				 "Vickery said that he would decide by spring.");

	(void)state;
	assert_speaker(&t, "he would decide by spring", "Ken Vickery");
	att_free(&t);
}

/* A name before a complement is the speaker, not the organization the
 * complement names: "X of IG", "professor X at the University of …". */
static void test_name_before_complement_is_the_speaker(void **state)
{
	struct att t = attribute("Markets fell on Monday.\n\n"
				 "\"Traders are nervous,\" said Mei Lin Tan of FXR in Singapore.\n\n"
				 "Geography professor Aled Price at the University of Halifax "
				 "said the storms are getting worse.\n\n"
				 "Omar Reyes with the Harbour Transit Authority said the ferries "
				 "will run.");

	(void)state;
	assert_speaker(&t, "Traders are nervous", "Mei Lin Tan");
	assert_speaker(&t, "the storms are getting worse", "Aled Price");
	assert_speaker(&t, "the ferries will run", "Omar Reyes");
	att_free(&t);
}

/* A month written after a given name or an honorific is a surname, though
 * "may" is also a verb: "Ms. May" is Gwen May, and so is "she". */
static void test_month_after_a_name_is_a_surname(void **state)
{
	struct att t = attribute("Councillor Gwen May opened the hearing on Tuesday.\n\n"
				 "\"We owe the tenants an answer,\" she told the room.\n\n"
				 "Ms. May said a vote could come in June.");

	(void)state;
	assert_speaker(&t, "We owe the tenants an answer", "Gwen May");
	assert_speaker(&t, "a vote could come in June", "Gwen May");
	att_free(&t);
}

/* A title written before a name known already is that person's role:
 * after "Mayor Lindqvist", "the mayor" is Ola Lindqvist. */
static void test_title_before_a_known_name_is_a_role(void **state)
{
	struct att t = attribute("Ola Lindqvist won the election in October.\n\n"
				 "On Monday, Mayor Lindqvist cut the ribbon at the new arena.\n\n"
				 "The mayor said the old rink had been too small for years.");

	(void)state;
	assert_speaker(&t, "the old rink had been too small", "Ola Lindqvist");
	att_free(&t);
}

/* A definite description of one person whose head is no title ("the
 * 41-year-old founder of …", "the soft-spoken Halifax resident") is the
 * most salient person before it, not the organization it names. */
static void test_description_is_the_salient_person(void **state)
{
	struct att t = attribute("Marguerite Oduya opened her bakery on Queen Street in "
				 "2015.\n\n"
				 "\"Bread is a neighbourhood thing,\" the 41-year-old founder of "
				 "Crumb Collective says.\n\n"
				 "Her business partner Felix Amari joined a year later. The "
				 "soft-spoken Halifax resident says the shop needs a second oven.");

	(void)state;
	assert_speaker(&t, "Bread is a neighbourhood thing", "Marguerite Oduya");
	assert_speaker(&t, "the shop needs a second oven", "Felix Amari");
	att_free(&t);
}

/* Someone introduced as "a senior official" stays unnamed: "the
 * official" later is not the salient person. */
static void test_description_of_someone_unnamed(void **state)
{
	struct att t = attribute("Marguerite Oduya applied for a permit in March.\n\n"
				 "A senior official said the permit was late. The official said "
				 "the city would review it.");

	(void)state;
	assert_speaker(&t, "the city would review it", "official");
	att_free(&t);
}

/* A company's legal suffix is no part of its name: "Gale Pipelines
 * Corp." and "Gale Pipelines" are one speaker, named without it. */
static void test_corporate_suffix_left_off_the_name(void **state)
{
	struct att t = attribute("Gale Pipelines Corp. said it signed agreements with every "
				 "town along the route.\n\n"
				 "Gale Pipelines said the route was safe.");

	(void)state;
	assert_speaker(&t, "it signed agreements with every town", "Gale Pipelines");
	assert_speaker(&t, "the route was safe", "Gale Pipelines");
	att_free(&t);
}

/* A name that ends in a group's word ("Workers", "Engineers") is an
 * organization's, whole; the word alone in lower case is a group. */
static void test_name_ending_in_a_group_word(void **state)
{
	struct att t = attribute("The United Harbour Workers said the strike would go on.\n\n"
				 "The Guild of Marine Engineers said the crews were tired.\n\n"
				 "Traders said the levy had doubled the price of grain.");
	const char *kinds[] = { "organization", "organization", "group" };

	(void)state;
	assert_speaker(&t, "the strike would go on", "United Harbour Workers");
	assert_speaker(&t, "the crews were tired", "Guild of Marine Engineers");
	assert_speaker(&t, "the levy had doubled the price of grain", "Traders");
	assert_int_equal(ct_attribution_n_quotes(t.a), 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(ct_speaker_kind_name(ct_attribution_quote(t.a, i)->speaker_kind),
				    kinds[i]);
	att_free(&t);
}

/* A one-word name that speaks and is no given name is an organization:
 * "the company" later is it, and a longer name that only starts with the
 * word ("Zentrix Research", an app) is not it. */
static void test_one_word_organization(void **state)
{
	struct att t = attribute("A blog reported that Zentrix paid users to install an app "
				 "called Zentrix Research.\n\n"
				 "In a statement, Zentrix said it is fixing the problem. The company "
				 "noted that no users were harmed.\n\n"
				 "Orbiton said Thursday that its own app was blocked too. \"We are "
				 "working on a fix,\" the company said.");

	(void)state;
	assert_speaker(&t, "it is fixing the problem", "Zentrix");
	assert_speaker(&t, "no users were harmed", "Zentrix");
	assert_speaker(&t, "We are working on a fix", "Orbiton");
	att_free(&t);
}

/* A one-word name that speaks before the full name is written is the
 * full name's person once that is known. */
static void test_surname_before_the_full_name(void **state)
{
	struct att t = attribute("Okafor said the vote was fair.\n\n"
				 "Senator Amaka Okafor spoke to reporters on Monday.\n\n"
				 "Okafor said the count would be done by Friday.");

	(void)state;
	assert_speaker(&t, "the count would be done by Friday", "Amaka Okafor");
	att_free(&t);
}

/* A quote a colon introduces is the introducing sentence's subject's; a
 * sentence that names nobody goes on with the speaker before. */
static void test_colon_quote_is_the_subject_s(void **state)
{
	struct att t = attribute("Rafael Quint praised the carmaker on Monday.\n\n"
				 "\"They build good cars,\" Quint said.\n\n"
				 "Then, after a pause: \"I bought three of them.\"\n\n"
				 "Dora Feld later took to social media with this: \"Nobody "
				 "should follow that advice.\"");

	(void)state;
	assert_speaker(&t, "I bought three of them", "Rafael Quint");
	assert_speaker(&t, "Nobody should follow that advice", "Dora Feld");
	att_free(&t);
}

/* "the mayor", "the trustee", "the authority": a role or an
 * organization's type read from a title, an apposition or a name links
 * the description; words that are neither are passed over unread
 * (entities.c looks a word up only when it may be one). */
static void test_descriptions_by_role_and_type(void **state)
{
	struct att t = attribute("Mayor Ann Holt opened the new bridge on Monday. Later the "
				 "mayor said the bridge would stay open all winter. Bo Lind, a "
				 "trustee, spoke at the school board meeting. The trustee said "
				 "the school would close in June. The Harbour Authority said it "
				 "would inspect the pier. The authority said the pier was unsafe. "
				 "The mayor's aide said the ferry would run again.");

	(void)state;
	assert_speaker(&t, "the bridge would stay open", "Ann Holt");
	assert_speaker(&t, "the school would close", "Bo Lind");
	assert_speaker(&t, "it would inspect the pier", "Harbour Authority");
	assert_speaker(&t, "the pier was unsafe", "Harbour Authority");
	att_free(&t);
}

/* A party before a member's title is no part of the name: "NDP MP
 * Dana Ferris" is Dana Ferris, a person, whom "he" can then refer to. */
static void test_party_before_a_title(void **state)
{
	struct att t = attribute("Ottawa paid too much for the pipeline, critics say.\n\n"
				 "In question period, NDP MP Dana Ferris said the government had "
				 "panicked.\n\n"
				 "\"They were fleeced,\" he said.");

	(void)state;
	assert_speaker(&t, "They were fleeced", "Dana Ferris");
	att_free(&t);
}

/* A surname of two words ("Al Haddad") is the person named in full
 * before, not a new name ("Layla Al Haddad" would be); and an adverb before a clause between commas
 * ("Somehow, the family will …, adds X") is no speaker. */
static void test_two_word_surname(void **state)
{
	struct att t = attribute("In Halifax, Samir Al Haddad, 49, and Layla Al Nouri, 39, "
				 "want to apply for citizenship.\n\n"
				 "Al Haddad said the fees are more than the family earns in a "
				 "month.\n\n"
				 "Somehow, the family will find a way, adds Al Nouri. \"We can "
				 "borrow the money,\" she says.");

	(void)state;
	assert_speaker(&t, "the fees are more than the family earns", "Samir Al Haddad");
	assert_speaker(&t, "We can borrow the money", "Layla Al Nouri");
	att_free(&t);
}

/* A name of unknown kind written as "the X Y pipeline" names a thing:
 * "he" later is the man the passage is about, not the pipeline. */
static void test_name_of_a_thing_is_no_person(void **state)
{
	struct att t = attribute("Ottawa bought the Blue Heron pipeline last year. Finance "
				 "minister Colm Dwyer thought he had a bargain.\n\n"
				 "The Blue Heron expansion is late.\n\n"
				 "\"We overpaid by a billion dollars,\" he said.");

	(void)state;
	assert_speaker(&t, "We overpaid by a billion dollars", "Colm Dwyer");
	att_free(&t);
}

/* A person first named inside a longer run ("Harbour Press Paul
 * Carver", a caption) gets the gender of the given name when named
 * again: "she" is then not him. */
static void test_given_name_tells_gender_later(void **state)
{
	struct att t = attribute("District attorney Ines Wolak said the board made a "
				 "mistake.\n\n"
				 "Harbour Press Paul Carver speaks to reporters in Halifax on "
				 "Monday.\n\n"
				 "Wolak said she agreed with Crown attorney Paul Carver that the "
				 "ruling was wrong. She said the state could ask for a new "
				 "order.");

	(void)state;
	assert_speaker(&t, "the state could ask for a new order", "Ines Wolak");
	att_free(&t);
}

/* A title after "as" is the role of the person just mentioned
 * ("Doyle's last term as Westport mayor"): "the mayor" later is that
 * person, and so is "he" after it. */
static void test_role_after_as(void **state)
{
	struct att t = attribute("Council candidate Brendan Doyle won the vote in "
				 "October.\n\n"
				 "It was an odd promise: Doyle's last term as Westport mayor ended "
				 "in 2005.\n\n"
				 "The city's budget office published its numbers. A spokesperson "
				 "said the numbers were right.\n\n"
				 "The mayor claimed the debt had doubled.\n\n"
				 "\"We are going broke,\" he said.");

	(void)state;
	assert_speaker(&t, "the debt had doubled", "Brendan Doyle");
	assert_speaker(&t, "We are going broke", "Brendan Doyle");
	att_free(&t);
}

/* A plural group noun that heads a subject ("Protesters said", "Rural
 * senators are") is a group "they" refers to, rather than an
 * organization or a label named before it. */
static void test_they_is_the_group(void **state)
{
	struct att t = attribute("WATCH: Crowds rallied at the legislature on Saturday.\n\n"
				 "Protesters said the federal aid package has done nothing for "
				 "the industry. They called it a bandage solution.\n\n"
				 "The Senate met on Monday. Rural senators are eager to go home, "
				 "and they say they will not vote on the bill.");

	(void)state;
	assert_speaker(&t, "a bandage solution", "Protesters");
	assert_speaker(&t, "will not vote on the bill", "Rural senators");
	att_free(&t);
}

/* Two people named together as a subject are who "they" refers to. */
static void test_they_is_two_people(void **state)
{
	struct att t = attribute("The staff of the bakery voted to join the union.\n\n"
				 "In an emailed statement, owners Tove Lunde and Ada Bergqvist said "
				 "they respected the outcome of the vote.\n\n"
				 "\"Our priority is a healthy workplace,\" they said.");

	(void)state;
	assert_speaker(&t, "Our priority is a healthy workplace", "Tove Lunde and Ada Bergqvist");
	att_free(&t);
}

/* An appositive whose head is an organization noun (", the group that
 * organized …,") makes the name an organization's, of that type: "the
 * group" later is it, not an organization named before. A group before
 * a complement ("Voters in Alberta") is the speaker, not the place. */
static void test_appositive_names_an_organization(void **state)
{
	struct att t = attribute("Voters in Alberta said they want more parks. Dawn Patrol "
				 "volunteer Tom Hinder said the rally was peaceful.\n\n"
				 "Dawn Patrol, the group that organized Monday's event, said it has "
				 "received hundreds of letters.\n\n"
				 "The group says those people include hikers and campers.");

	(void)state;
	assert_speaker(&t, "those people include hikers", "Dawn Patrol");
	assert_speaker(&t, "they want more parks", "Voters in Alberta");
	att_free(&t);
}

/* A study, a report or a poll speaks for the organization named before
 * it ("the Harbour Trust study"); "the study" is not whoever issued the
 * last document of another kind (a court's ruling). */
static void test_study_speaks_for_its_author(void **state)
{
	struct att t = attribute("The appeals court issued a ruling on Monday.\n\n"
				 "According to the Harbour Trust study, the retail sector employed "
				 "twenty thousand youth in 2017.\n\n"
				 "The appeals court ruling said the law was void. The study found "
				 "that young workers earn less than before.");

	(void)state;
	assert_speaker(&t, "the retail sector employed", "Harbour Trust");
	assert_speaker(&t, "young workers earn less than before", "Harbour Trust");
	att_free(&t);
}

/* A first name alone refers to a person named in full only while the
 * passage is about them: "Joseph" nine paragraphs on is someone else. */
static void test_first_name_is_recent(void **state)
{
	struct att t = attribute("Police chief Joseph Brandt said the siege was over.\n\n"
				 "The hotel reopened.\n\nThe roads were closed.\n\n"
				 "Shops stayed shut.\n\nTrains were late.\n\nSchools closed.\n\n"
				 "Flights resumed.\n\nThe mall reopened.\n\nBanks opened.\n\n"
				 "The victim, Jason Lindell, ran a small firm.\n\n"
				 "Lindell's father, Joseph, says his son loved the city.");

	(void)state;
	assert_speaker(&t, "his son loved the city", "Joseph");
	att_free(&t);
}

/* An indefinite description that opens its sentence introduces the person
 * the next sentence names in full as its subject; a spokeswoman "for" the
 * mayor is not the mayor. */
static void test_description_named_next(void **state)
{
	struct att t = attribute("A provincial court judge said on Tuesday that the mill had "
				 "ignored three warnings.\n\n"
				 "Justice Nora Halvorsen ordered the mill closed until May.\n\n"
				 "A spokeswoman for Mayor Tom Breck said the town would help "
				 "the workers.\n\n"
				 "\"Nobody loses a paycheque over this,\" said Ida Lund.");

	(void)state;
	assert_speaker(&t, "the mill had ignored three warnings", "Nora Halvorsen");
	assert_speaker(&t, "the town would help the workers", "Ida Lund");
	att_free(&t);
}

/* The person the next sentence names is not the description's when the
 * genders differ, or when it is someone named before and not named in
 * full again ("Breck said"). */
static void test_description_not_named_next(void **state)
{
	struct att t = attribute("A spokeswoman for Mayor Tom Breck said the town would help "
				 "the workers.\n\n"
				 "Councillor Robert Ruud said the mill owed back wages.");
	struct att u = attribute("A spokeswoman for Mayor Tom Breck said the town would help "
				 "the workers.\n\n"
				 "Breck said the mill owed back wages.");

	(void)state;
	assert_speaker(&t, "the town would help the workers", "Tom Breck");
	assert_speaker(&u, "the town would help the workers", "Tom Breck");
	att_free(&t);
	att_free(&u);
}

/* A word that names someone else ("Liberal", read as the surname of "the
 * Yukon Liberal" before), then a person named in full in apposition: the
 * speaker is the person the appositive names. */
static void test_appositive_names_the_person(void **state)
{
	struct att t = attribute("Premier Alma Reyes spoke on Monday. The Yukon Liberal is "
				 "confident she has the votes.\n\n"
				 "One rural Liberal, Yukon MP Dana Moss, said on Sunday that the "
				 "budget would pass.");

	(void)state;
	assert_speaker(&t, "the budget would pass", "Dana Moss");
	att_free(&t);
}

/* "A statement sent to reporters by X said …": X, though after "by", is
 * the sentence's subject, whom "he" next refers to rather than the
 * person the passage was about before. */
static void test_author_of_a_statement_is_the_subject(void **state)
{
	struct att t = attribute("Judge Omar Haddad ruled for the tenants on Monday. Haddad "
				 "said the landlord had acted in bad faith. He ordered repairs "
				 "within a month.\n\n"
				 "A statement sent to reporters by David Lamb, who joined the "
				 "landlord's board in May, said the company would comply. Asked "
				 "about the ruling, he said the board would meet next week.");

	(void)state;
	assert_speaker(&t, "the board would meet next week", "David Lamb");
	att_free(&t);
}

/* A union local is named with its number, known later by the acronym it
 * opens with, and "the union's release" is its, the possessive noun
 * describing it as the bare noun does. */
static void test_union_local_by_acronym_and_possessive(void **state)
{
	struct att t = attribute("Bus drivers in ATU Local 1724 voted to strike on Sunday.\n\n"
				 "The ATU said buses would stop on Monday. Riders should plan "
				 "other trips, according to the union's Friday release.");

	(void)state;
	assert_speaker(&t, "buses would stop on Monday", "ATU Local 1724");
	assert_speaker(&t, "Riders should plan other trips", "ATU Local 1724");
	att_free(&t);
}

/* The quote that covers `phrase`, whose role must be none. */
static void assert_no_role(const struct att *t, const char *phrase)
{
	const char *p = strstr(t->doc->body, phrase);

	assert_non_null(p);
	size_t s = (size_t)(p - t->doc->body), e = s + strlen(phrase);
	for (size_t i = 0; i < ct_attribution_n_quotes(t->a); i++) {
		const struct ct_quote *q = ct_attribution_quote(t->a, i);
		if (q->start <= s && e <= q->end) {
			if (q->role)
				fail_msg("\"%s\": role %s, expected none", phrase, q->role);
			return;
		}
	}
	dump(t);
	fail_msg("no quote covers \"%s\"", phrase);
}

/* A given name that opens a sentence before a surname is the name's
 * first word, though the document writes it in lower case too ("mark"),
 * and no role. */
static void test_given_name_opening_a_sentence(void **state)
{
	struct att t = attribute("The council met on Monday. Several members spoke.\n\n"
				 "Mark Carney said the rates would fall. Analysts mark the change.");

	(void)state;
	assert_speaker(&t, "the rates would fall", "Mark Carney");
	assert_no_role(&t, "the rates would fall");
	att_free(&t);
}

/* "Grant", written in lower case too, opens a sentence before "Hollis",
 * as in "Mayor Grant Hollis" inside one: the name's first word. */
static void test_name_pair_written_inside_a_sentence(void **state)
{
	struct att t = attribute("Residents heard Mayor Grant Hollis on Monday. The city will "
				 "grant permits in May.\n\n"
				 "Grant Hollis said the budget was balanced.");

	(void)state;
	assert_speaker(&t, "the budget was balanced", "Grant Hollis");
	assert_no_role(&t, "the budget was balanced");
	att_free(&t);
}

/* A description whose head is joined to a complement by hyphens
 * ("sergeant-at-arms") is of one person, who is the one the passage is
 * about, as "the former clerk of the House" would be. */
static void test_hyphenated_head_of_a_description(void **state)
{
	struct att t = attribute("Kevin Vickers, who became ambassador to Ireland, is considering "
				 "a move into politics.\n\n"
				 "The former sergeant-at-arms of the House of Commons said he is "
				 "considering a run.");

	(void)state;
	assert_speaker(&t, "he is considering a run", "Kevin Vickers");
	att_free(&t);
}

/* An object pronoun does not refer to the subject of its own clause:
 * "Claire McCaskill scolded him" leaves her gender unknown, and "she"
 * after it is hers. */
static void test_object_pronoun_is_not_the_subject(void **state)
{
	struct att t = attribute("The council met on Monday.\n\n"
				 "Sen. Claire McCaskill scolded him. \"The community is against "
				 "you,\" she said.");

	(void)state;
	assert_speaker(&t, "The community is against you", "Claire McCaskill");
	att_free(&t);
}

/* A subject pronoun does not refer to a name in a phrase before it in
 * its sentence ("Campaigning against John Romney, he …"). */
static void test_subject_pronoun_after_a_phrase(void **state)
{
	struct att t = attribute("Mr. Obama enacted rules to cut emissions.\n\n"
				 "In defeat, the president appeared cowed. Campaigning against John "
				 "Romney in 2012, he barely mentioned climate change.");

	(void)state;
	assert_speaker(&t, "climate change", "Obama");
	att_free(&t);
}

/* Given names beyond the commonest tell a gender too: "Don" is a man's,
 * so "her" in his relative clause is Hillary Clinton's, and "he" later
 * is his. */
static void test_given_names_tell_gender(void **state)
{
	struct att t = attribute("\"It is time,\" said Don Fowler, who has backed Hillary Clinton "
				 "since her 2008 bid.\n\n"
				 "Fowler said he expects Clinton to recover. But he said the party "
				 "would be mistaken.");

	(void)state;
	assert_speaker(&t, "the party would be mistaken", "Don Fowler");
	att_free(&t);
}

/* A headline in title case names "Hillary Clinton", not "Hillary
 * Clinton Goes", and no "Rip Donald Trump": "she" later is hers. */
static void test_headline_in_title_case(void **state)
{
	struct att t = attribute("Hillary Clinton Goes After Donald Trump On Taxes.\n\n"
				 "The Clinton campaign now hopes the attack works.\n\n"
				 "\"Why won't he release his tax returns?\" she said.");

	(void)state;
	assert_speaker(&t, "Why won't he release his tax returns?", "Hillary Clinton");
	att_free(&t);
}

/* `Schumer, he said, "knows …"`: the name before the comma is what the
 * quote is about; "he" is the speaker, someone else. */
static void test_topic_before_a_pronoun_that_speaks(void **state)
{
	struct att t = attribute("Sen. Chuck Schumer spoke first.\n\n"
				 "\"It is old,\" said Sen. Richard Blumenthal. Schumer, he said, "
				 "\"knows the minds and hearts of his colleagues.\"");

	(void)state;
	assert_speaker(&t, "knows the minds and hearts", "Richard Blumenthal");
	att_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_salience_over_a_modifier),
		cmocka_unit_test(test_salience_of_the_repeated_subject),
		cmocka_unit_test(test_line_names_no_referent),
		cmocka_unit_test(test_first_line_names_no_referent),
		cmocka_unit_test(test_name_that_speaks_is_a_person),
		cmocka_unit_test(test_run_ending_in_known_name),
		cmocka_unit_test(test_name_before_complement_is_the_speaker),
		cmocka_unit_test(test_month_after_a_name_is_a_surname),
		cmocka_unit_test(test_title_before_a_known_name_is_a_role),
		cmocka_unit_test(test_description_is_the_salient_person),
		cmocka_unit_test(test_description_of_someone_unnamed),
		cmocka_unit_test(test_corporate_suffix_left_off_the_name),
		cmocka_unit_test(test_name_ending_in_a_group_word),
		cmocka_unit_test(test_one_word_organization),
		cmocka_unit_test(test_surname_before_the_full_name),
		cmocka_unit_test(test_colon_quote_is_the_subject_s),
		cmocka_unit_test(test_descriptions_by_role_and_type),
		cmocka_unit_test(test_party_before_a_title),
		cmocka_unit_test(test_two_word_surname),
		cmocka_unit_test(test_name_of_a_thing_is_no_person),
		cmocka_unit_test(test_given_name_tells_gender_later),
		cmocka_unit_test(test_role_after_as),
		cmocka_unit_test(test_they_is_the_group),
		cmocka_unit_test(test_they_is_two_people),
		cmocka_unit_test(test_appositive_names_an_organization),
		cmocka_unit_test(test_study_speaks_for_its_author),
		cmocka_unit_test(test_first_name_is_recent),
		cmocka_unit_test(test_description_named_next),
		cmocka_unit_test(test_description_not_named_next),
		cmocka_unit_test(test_appositive_names_the_person),
		cmocka_unit_test(test_author_of_a_statement_is_the_subject),
		cmocka_unit_test(test_union_local_by_acronym_and_possessive),
		cmocka_unit_test(test_given_name_opening_a_sentence),
		cmocka_unit_test(test_name_pair_written_inside_a_sentence),
		cmocka_unit_test(test_hyphenated_head_of_a_description),
		cmocka_unit_test(test_object_pronoun_is_not_the_subject),
		cmocka_unit_test(test_subject_pronoun_after_a_phrase),
		cmocka_unit_test(test_given_names_tell_gender),
		cmocka_unit_test(test_headline_in_title_case),
		cmocka_unit_test(test_topic_before_a_pronoun_that_speaks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
