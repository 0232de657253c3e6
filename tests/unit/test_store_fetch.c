/*
 * Unit tests for store_fetch.c: recording what was fetched from a URL and
 * reading it back, a later record replacing an earlier one (but keeping
 * its document unless given another), and finding the document stored
 * from a URL, by the fetch that stored it or by the document's own url.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimtrack/claimtrack.h"

struct fx {
	char dir[64];
	char path[128];
	struct ct_store *s;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	char err[256];

	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/ct-store-fetch-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/t.db", fx->dir);
	if (ct_store_open(fx->path, 0, &fx->s, err, sizeof err) != CT_OK)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	char p[160];

	static const char *const suffixes[] = { "", "-wal", "-shm" };

	ct_store_close(fx->s);
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", fx->path, suffixes[i]);
		unlink(p);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* Stores a document with that url and no claims; its id. */
static int64_t store_doc(struct ct_store *s, const char *url, const char *text)
{
	struct ct_doc *doc = NULL;
	struct ct_store_result res;

	assert_int_equal(ct_doc_from_text(text, strlen(text), CT_DOC_MAX_BYTES, url, &doc), CT_OK);
	assert_int_equal(ct_doc_set(doc, "url", url), CT_OK);
	assert_int_equal(ct_store_add_document(s, NULL, doc, NULL, NULL, 0, &res), CT_OK);
	ct_doc_free(doc);
	return res.document_id;
}

static void test_record_and_get(void **state)
{
	struct fx *fx = *state;
	struct ct_store_fetch f, got;
	bool found = true;

	memset(&f, 0, sizeof f);
	assert_int_equal(ct_store_get_fetch(fx->s, "http://example.org/a", &got, &found), CT_OK);
	assert_false(found);

	f.url = "http://example.org/a";
	f.final_url = "https://example.org/a";
	f.etag = "\"v1\"";
	f.last_modified = "Tue, 20 Jun 2023 09:00:00 GMT";
	f.status = 200;
	assert_int_equal(ct_store_record_fetch(fx->s, &f), CT_OK);
	assert_int_equal(ct_store_get_fetch(fx->s, "http://example.org/a", &got, &found), CT_OK);
	assert_true(found);
	assert_string_equal(got.url, "http://example.org/a");
	assert_string_equal(got.final_url, "https://example.org/a");
	assert_string_equal(got.etag, "\"v1\"");
	assert_string_equal(got.last_modified, "Tue, 20 Jun 2023 09:00:00 GMT");
	assert_int_equal(got.status, 200);
	assert_null(got.error);
	assert_int_equal(got.document_id, 0);
	assert_int_equal(strlen(got.fetched_at), 20);
	ct_store_fetch_release(&got);
	ct_store_fetch_release(NULL);

	/* A failure replaces the validators, and records why. */
	memset(&f, 0, sizeof f);
	f.url = "http://example.org/a";
	f.status = 503;
	f.error = "HTTP 503 (Service Unavailable)";
	assert_int_equal(ct_store_record_fetch(fx->s, &f), CT_OK);
	assert_int_equal(ct_store_get_fetch(fx->s, "http://example.org/a", &got, &found), CT_OK);
	assert_null(got.etag);
	assert_null(got.last_modified);
	assert_null(got.final_url);
	assert_int_equal(got.status, 503);
	assert_string_equal(got.error, "HTTP 503 (Service Unavailable)");
	ct_store_fetch_release(&got);

	memset(&f, 0, sizeof f);
	assert_int_equal(ct_store_record_fetch(fx->s, &f), CT_EINVAL);
	assert_int_equal(ct_store_record_fetch(fx->s, NULL), CT_EINVAL);
}

static void test_url_document(void **state)
{
	struct fx *fx = *state;
	struct ct_store_fetch f, got;
	int64_t id = -1, doc, doc2;
	bool found;

	assert_int_equal(ct_store_url_document(fx->s, "http://example.org/p", &id), CT_OK);
	assert_int_equal(id, 0);

	/* Stored under its canonical url: found through the fetch only. */
	doc = store_doc(fx->s, "https://example.org/canonical", "A first text about nothing.");
	assert_int_equal(ct_store_url_document(fx->s, "https://example.org/canonical", &id), CT_OK);
	assert_int_equal(id, doc);
	assert_int_equal(ct_store_url_document(fx->s, "http://example.org/p", &id), CT_OK);
	assert_int_equal(id, 0);
	memset(&f, 0, sizeof f);
	f.url = "http://example.org/p";
	f.status = 200;
	f.document_id = doc;
	assert_int_equal(ct_store_record_fetch(fx->s, &f), CT_OK);
	assert_int_equal(ct_store_url_document(fx->s, "http://example.org/p", &id), CT_OK);
	assert_int_equal(id, doc);

	/* A later record without a document keeps the one recorded. */
	f.document_id = 0;
	f.status = 304;
	assert_int_equal(ct_store_record_fetch(fx->s, &f), CT_OK);
	assert_int_equal(ct_store_get_fetch(fx->s, "http://example.org/p", &got, &found), CT_OK);
	assert_int_equal(got.document_id, doc);
	assert_int_equal(got.status, 304);
	ct_store_fetch_release(&got);

	/* Another document replaces it. */
	doc2 = store_doc(fx->s, "https://example.org/other", "A second text, different.");
	f.document_id = doc2;
	assert_int_equal(ct_store_record_fetch(fx->s, &f), CT_OK);
	assert_int_equal(ct_store_url_document(fx->s, "http://example.org/p", &id), CT_OK);
	assert_int_equal(id, doc2);
	assert_int_equal(ct_store_url_document(fx->s, NULL, &id), CT_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_record_and_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_document, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
