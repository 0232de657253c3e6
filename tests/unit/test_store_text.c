/*
 * Unit tests for the stored texts (store_text.c, db/007): a stored
 * document is rebuilt as ingest built it — the same body, paragraphs,
 * sentences and header fields, so the same claims when matched again —
 * from text files, repaired text and HTML pages; documents stored without
 * a text (before schema 7) get it from the next ingest of the same text
 * only; a missing document, a missing text and a damaged text are each
 * their own error, and `db check` finds damage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimtrack/claimtrack.h"

static const char rules_text[] =
	"proposition t.presence\n"
	"  title Groups are present in the valley\n"
	"  rev 1\n"
	"  supports groups are present in the valley\n"
	"  refutes there are no groups in the valley\n"
	"end\n"
	"\n"
	"speaker Ada Lovelace\n"
	"  alias Countess Lovelace\n"
	"end\n"
	"\n"
	"outlet Daily Planet\n"
	"  alias The Planet\n"
	"end\n";

static const char article[] =
	"date 2022-03-04\n"
	"outlet The Planet\n"
	"url https://example.org/a\n"
	"title Valley news\n"
	"author Jo Reporter\n"
	"\n"
	"Groups are present in the valley, the mayor said on Monday.\n"
	"\n"
	"\"There are no groups in the valley,\" Countess Lovelace replied.   \n"
	"  Second line of the paragraph.\n"
	"\n\n\n"
	"Last paragraph: groups are present in the valley, officials said.\n";

#define STORE_FIXTURE_DIR "/tmp/ct-text-XXXXXX"
#include "store_fixture.h"

/* Finds the document's claims and stores it with them, as ingest does. */
static struct ct_store_result store(struct fx *fx, const struct ct_doc *doc)
{
	struct ct_doc_claim_list l = CT_DOC_CLAIM_LIST_INIT;
	struct ct_store_result res;

	assert_int_equal(ct_doc_claim_list_find(&l, fx->m, fx->rs, doc), CT_OK);
	assert_int_equal(ct_store_add_document(fx->s, fx->rs, doc, l.a, l.claims, l.n_claims, &res),
			 CT_OK);
	ct_doc_claim_list_release(&l);
	return res;
}

static void assert_same_str(const char *a, const char *b)
{
	if (a || b) {
		assert_non_null(a);
		assert_non_null(b);
		assert_string_equal(a, b);
	}
}

/* The rebuilt document is the one ingest built, field by field, and
 * matching it again finds the same claims at the same offsets. */
static void assert_rebuilt(struct fx *fx, const struct ct_doc *doc, int64_t id)
{
	struct ct_doc_claim_list a = CT_DOC_CLAIM_LIST_INIT, b = CT_DOC_CLAIM_LIST_INIT;
	struct ct_doc *back = NULL;

	assert_int_equal(ct_store_load_document(fx->s, id, &back), CT_OK);
	assert_int_equal(back->body_len, doc->body_len);
	assert_memory_equal(back->body, doc->body, doc->body_len);
	assert_string_equal(back->hash, doc->hash);
	assert_same_str(back->title, doc->title);
	assert_same_str(back->date, doc->date);
	assert_same_str(back->outlet, doc->outlet);     /* as given, not canonical */
	assert_same_str(back->url, doc->url && *doc->url ? doc->url : NULL);
	assert_same_str(back->author, doc->author);
	assert_same_str(back->lang, doc->lang);
	assert_same_str(back->source, doc->source);
	assert_same_str(back->canonical, doc->canonical);
	assert_int_equal(back->n_replaced, doc->n_replaced);
	assert_int_equal(back->n_nul, doc->n_nul);
	assert_int_equal(back->n_paragraphs, doc->n_paragraphs);
	assert_memory_equal(back->paragraphs, doc->paragraphs,
			    doc->n_paragraphs * sizeof *doc->paragraphs);
	assert_int_equal(back->n_sentences, doc->n_sentences);
	assert_memory_equal(back->sentences, doc->sentences,
			    doc->n_sentences * sizeof *doc->sentences);
	assert_int_equal(ct_doc_claim_list_find(&a, fx->m, fx->rs, doc), CT_OK);
	assert_int_equal(ct_doc_claim_list_find(&b, fx->m, fx->rs, back), CT_OK);
	assert_int_equal(a.n_claims, b.n_claims);
	for (size_t i = 0; i < a.n_claims; i++) {
		assert_int_equal(a.claims[i].claim.sentence_start, b.claims[i].claim.sentence_start);
		assert_int_equal(a.claims[i].claim.match_end, b.claims[i].claim.match_end);
		assert_int_equal(a.claims[i].claim.stance, b.claims[i].claim.stance);
		assert_same_str(a.claims[i].speaker, b.claims[i].speaker);
	}
	ct_doc_claim_list_release(&a);
	ct_doc_claim_list_release(&b);
	ct_doc_free(back);
}

static void test_text_document_is_rebuilt(void **state)
{
	struct fx *fx = *state;
	struct ct_doc *doc = NULL;
	struct ct_store_result res;

	assert_int_equal(ct_doc_from_text(article, strlen(article), CT_DOC_MAX_BYTES, "news/a.txt",
					  &doc), CT_OK);
	res = store(fx, doc);
	assert_true(res.n_claims >= 3);
	assert_false(res.text_stored);
	assert_string_equal(doc->outlet, "The Planet");
	assert_rebuilt(fx, doc, res.document_id);
	ct_doc_free(doc);
}

/* Invalid UTF-8 and NUL bytes were repaired before storing: the stored
 * body is the repaired one, and the counts come back. */
/* A body packed ahead (as ingest's workers do) is stored as it is; one
 * packed from another body is not taken: the store packs the document's. */
static void test_packed_text_is_stored(void **state)
{
	struct fx *fx = *state;
	static const char other[] = "title Short\n\nA body of another length altogether.\n";
	struct ct_doc *doc = NULL, *wrong = NULL;
	struct ct_doc_claim_list l = CT_DOC_CLAIM_LIST_INIT;
	struct ct_text_packer *pk = ct_text_packer_new();
	struct ct_packed_text packed = { 0 }, stale = { 0 };
	struct ct_store_result res;

	assert_non_null(pk);
	assert_int_equal(ct_doc_from_text(article, strlen(article), CT_DOC_MAX_BYTES, "news/a.txt",
					  &doc), CT_OK);
	assert_int_equal(ct_doc_from_text(other, sizeof other - 1, CT_DOC_MAX_BYTES, "-", &wrong),
			 CT_OK);
	assert_int_equal(ct_text_pack(pk, doc, &packed), CT_OK);
	assert_true(packed.len > 0 && packed.len < doc->body_len);
	assert_int_equal(packed.body_len, doc->body_len);
	assert_int_equal(ct_doc_claim_list_find(&l, fx->m, fx->rs, doc), CT_OK);
	assert_int_equal(ct_store_add_document_packed(fx->s, fx->rs, doc, l.a, l.claims, l.n_claims,
						      &packed, &res), CT_OK);
	assert_rebuilt(fx, doc, res.document_id);
	ct_doc_claim_list_release(&l);
	/* The packer is reused; a stale pack (another body) is left aside. */
	assert_int_equal(ct_text_pack(pk, doc, &stale), CT_OK);
	assert_int_equal(ct_doc_claim_list_find(&l, fx->m, fx->rs, wrong), CT_OK);
	assert_int_equal(ct_store_add_document_packed(fx->s, fx->rs, wrong, l.a, l.claims,
						      l.n_claims, &stale, &res), CT_OK);
	assert_false(res.duplicate);
	assert_rebuilt(fx, wrong, res.document_id);
	ct_doc_claim_list_release(&l);
	ct_packed_text_release(&packed);
	ct_packed_text_release(&stale);
	assert_null(stale.data);
	ct_text_packer_free(pk);
	ct_doc_free(doc);
	ct_doc_free(wrong);
}

static void test_repaired_document_is_rebuilt(void **state)
{
	struct fx *fx = *state;
	static const char bad[] = "title Bad \xff bytes\n\nGroups are present in the valley"
				  "\xc3, the mayor said.\0 More\xfe text.\n";
	struct ct_doc *doc = NULL;
	struct ct_store_result res;

	assert_int_equal(ct_doc_from_text(bad, sizeof bad - 1, CT_DOC_MAX_BYTES, "-", &doc), CT_OK);
	assert_int_equal(doc->n_replaced, 2);
	assert_int_equal(doc->n_nul, 1);
	assert_int_equal(ct_doc_set(doc, "date", "2022-01-02"), CT_OK);   /* an override */
	res = store(fx, doc);
	assert_rebuilt(fx, doc, res.document_id);
	ct_doc_free(doc);
}

static void test_html_document_is_rebuilt(void **state)
{
	struct fx *fx = *state;
	static const char page[] =
		"<html><head><title>Valley</title>"
		"<link rel=canonical href='https://elsewhere.example/x'></head><body><article>"
		"<p>Groups are present in the valley, the mayor said on Monday in a statement.</p>"
		"<p>\"There are no groups in the valley,\" Countess Lovelace replied to him.</p>"
		"</article></body></html>";
	struct ct_doc *doc = NULL;
	struct ct_store_result res;

	assert_int_equal(ct_doc_from_html(page, strlen(page), CT_DOC_MAX_BYTES,
					  "https://example.org/p", NULL, fx->rs,
					  "https://example.org/p", &doc), CT_OK);
	assert_non_null(doc->canonical);
	res = store(fx, doc);
	assert_rebuilt(fx, doc, res.document_id);
	ct_doc_free(doc);
}

/* Documents stored before schema 7 have no text; the next ingest of the
 * same text stores it, once; a different text under the same url does not. */
static void test_missing_text_is_filled_by_the_same_text(void **state)
{
	struct fx *fx = *state;
	struct ct_doc *doc = NULL, *other = NULL, *back = NULL;
	struct ct_store_result res, again;
	struct ct_store_stats st;
	size_t missing = 9;
	bool has = true;
	char changed[sizeof article + 16];

	assert_int_equal(ct_doc_from_text(article, strlen(article), CT_DOC_MAX_BYTES, "a.txt",
					  &doc), CT_OK);
	res = store(fx, doc);
	ct_store_close(fx->s);
	fx->s = NULL;
	exec_raw(fx, "DELETE FROM document_texts");
	assert_int_equal(ct_store_open(fx->path, 0, &fx->s, NULL, 0), CT_OK);
	assert_int_equal(ct_store_texts_missing(fx->s, &missing), CT_OK);
	assert_int_equal(missing, 1);
	assert_int_equal(ct_store_stats(fx->s, &st), CT_OK);
	assert_int_equal(st.documents_without_text, 1);
	assert_int_equal(ct_store_has_text(fx->s, res.document_id, &has), CT_OK);
	assert_false(has);
	assert_int_equal(ct_store_load_document(fx->s, res.document_id, &back), CT_ENOTEXT);
	assert_null(back);
	assert_non_null(strstr(ct_store_errmsg(fx->s), "no stored text"));

	/* The same url, another text: a duplicate, and its text is not this one. */
	snprintf(changed, sizeof changed, "%sOne more line.\n", article);
	assert_int_equal(ct_doc_from_text(changed, strlen(changed), CT_DOC_MAX_BYTES, "a.txt",
					  &other), CT_OK);
	again = store(fx, other);
	assert_true(again.duplicate);
	assert_false(again.text_stored);
	assert_int_equal(ct_store_texts_missing(fx->s, &missing), CT_OK);
	assert_int_equal(missing, 1);

	/* The same text: stored now, once. */
	again = store(fx, doc);
	assert_true(again.duplicate);
	assert_true(again.text_stored);
	assert_int_equal(again.document_id, res.document_id);
	assert_rebuilt(fx, doc, res.document_id);
	again = store(fx, doc);
	assert_true(again.duplicate);
	assert_false(again.text_stored);

	/* ct_store_add_text(), as ingest's writer calls it for a duplicate. */
	exec_raw(fx, "DELETE FROM document_texts");
	assert_int_equal(ct_store_add_text(fx->s, res.document_id, other, &has), CT_OK);
	assert_false(has);
	assert_int_equal(ct_store_add_text(fx->s, res.document_id, doc, &has), CT_OK);
	assert_true(has);
	assert_int_equal(ct_store_add_text(fx->s, res.document_id, doc, &has), CT_OK);
	assert_false(has);
	assert_int_equal(ct_store_texts_missing(fx->s, &missing), CT_OK);
	assert_int_equal(missing, 0);
	ct_doc_free(doc);
	ct_doc_free(other);
}

static void test_unknown_document(void **state)
{
	struct fx *fx = *state;
	struct ct_doc *back = NULL;

	assert_int_equal(ct_store_load_document(fx->s, 42, &back), CT_ENOTFOUND);
	assert_null(back);
	assert_string_equal(ct_store_errmsg(fx->s), "no document 42");
}

struct problems {
	size_t n;
	char first[256];
};

static void on_problem(const char *msg, void *user)
{
	struct problems *p = user;

	if (p->n++ == 0)
		snprintf(p->first, sizeof p->first, "%s", msg);
}

/* A damaged text is an error on reading and a problem for `db check`; so
 * is a claim whose sentence is not the text at its offsets. */
static void test_damage_is_found(void **state)
{
	struct fx *fx = *state;
	struct ct_doc *doc = NULL, *back = NULL;
	struct ct_store_result res;
	struct problems p = { 0 };
	size_t n = 0;

	assert_int_equal(ct_doc_from_text(article, strlen(article), CT_DOC_MAX_BYTES, "a.txt",
					  &doc), CT_OK);
	res = store(fx, doc);
	assert_int_equal(ct_store_check(fx->s, on_problem, &p, &n), CT_OK);
	assert_int_equal(n, 0);

	/* A claim's sentence that the text does not hold at its offsets. */
	exec_raw(fx, "UPDATE claims SET sentence = upper(sentence), match = upper(match) "
		 "WHERE id = (SELECT min(id) FROM claims)");
	assert_int_equal(ct_store_check(fx->s, on_problem, &p, &n), CT_OK);
	assert_int_equal(n, 1);
	assert_non_null(strstr(p.first, "is not the text of document"));

	/* Bytes of the compressed body changed. */
	exec_raw(fx, "UPDATE document_texts SET body = substr(body, 1, 8) || "
		 "zeroblob(length(body) - 8)");
	assert_int_equal(ct_store_load_document(fx->s, res.document_id, &back), CT_EDB);
	assert_null(back);
	assert_non_null(strstr(ct_store_errmsg(fx->s), "damaged"));
	p.n = 0;
	assert_int_equal(ct_store_check(fx->s, on_problem, &p, &n), CT_OK);
	assert_int_equal(n, 1);
	assert_non_null(strstr(p.first, "document 1"));
	ct_doc_free(back);
	ct_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_document_is_rebuilt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_packed_text_is_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repaired_document_is_rebuilt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_document_is_rebuilt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_text_is_filled_by_the_same_text, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unknown_document, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damage_is_found, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
