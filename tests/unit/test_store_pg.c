/*
 * Unit tests of the PostgreSQL driver's parts that need no server
 * (db_pg.c): which server versions are refused and what the refusal says,
 * for the server numbers of both eras (90605 is 9.6.5, 150004 is 15.4);
 * and that a connection string's password never shows in its display
 * name (ct_store_display_name).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "claimtrack/claimtrack.h"
#include "store/db_driver.h"

static void test_supported_versions_pass(void **state)
{
	char msg[160] = "untouched";

	(void)state;
	assert_true(pg_version_ok(120000, msg, sizeof msg));
	assert_true(pg_version_ok(150004, msg, sizeof msg));
	assert_true(pg_version_ok(170002, msg, sizeof msg));
	assert_string_equal(msg, "untouched");
}

static void test_older_versions_are_refused_by_name(void **state)
{
	char msg[160];

	(void)state;
	assert_false(pg_version_ok(110022, msg, sizeof msg));
	assert_non_null(strstr(msg, "the server is PostgreSQL 11.22; claimtrack needs 12 or newer"));
	assert_false(pg_version_ok(90605, msg, sizeof msg));
	assert_non_null(strstr(msg, "PostgreSQL 9.6.5;"));
	assert_false(pg_version_ok(0, msg, sizeof msg));
	assert_non_null(strstr(msg, "of an unknown version"));
	/* A short buffer gets a cut message, never an overrun. */
	assert_false(pg_version_ok(110000, msg, 8));
	assert_int_equal(strlen(msg), 7);
}

static void test_display_name_hides_the_password(void **state)
{
	static const struct {
		const char *url, *shown;
	} cases[] = {
		{ "postgresql://ct:s3cret@db.example.org/claims",
		  "postgresql://ct:***@db.example.org/claims" },
		{ "postgres://ct@db/claims?password=s3cret&sslmode=require",
		  "postgres://ct@db/claims?password=***&sslmode=require" },
		{ "postgresql:///claims?host=/run/pg&password=s3cret",
		  "postgresql:///claims?host=/run/pg&password=***" },
		{ "/var/lib/claimtrack.db", "/var/lib/claimtrack.db" },
	};
	char out[256];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ct_store_display_name(cases[i].url, out, sizeof out);
		assert_string_equal(out, cases[i].shown);
		assert_null(strstr(out, "s3cret"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_supported_versions_pass),
		cmocka_unit_test(test_older_versions_are_refused_by_name),
		cmocka_unit_test(test_display_name_hides_the_password),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
