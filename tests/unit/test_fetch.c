/*
 * Unit tests for fetch.c and fetch_multi.c that need no server: the
 * address policy range by range (IPv4, IPv6, IPv4 inside IPv6), the
 * Content-Type parser, the accepted media types, the default options,
 * requests refused before any connection (schemes, malformed URLs), a
 * loopback address refused at connect time unless allowed, and
 * ct_fetch_many() handing each request over once and stopping when asked.
 * The behaviour against a real server is tested by tests/cli/fetch.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claimtrack.h"
#include "fetch/fetch_internal.h"

/* The policy's verdict on a textual address: NULL when public. */
static const char *verdict(const char *addr)
{
	if (strchr(addr, ':')) {
		struct sockaddr_in6 sa;
		memset(&sa, 0, sizeof sa);
		sa.sin6_family = AF_INET6;
		assert_int_equal(inet_pton(AF_INET6, addr, &sa.sin6_addr), 1);
		return ct_fetch_addr_blocked((struct sockaddr *)&sa, sizeof sa);
	}
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, addr, &sa.sin_addr), 1);
	return ct_fetch_addr_blocked((struct sockaddr *)&sa, sizeof sa);
}

static void assert_blocked(const char *addr, const char *why)
{
	const char *v = verdict(addr);

	if (!v)
		fail_msg("%s should be refused", addr);
	if (why && !strstr(v, why))
		fail_msg("%s: '%s', wanted '%s'", addr, v, why);
}

static void assert_public(const char *addr)
{
	const char *v = verdict(addr);

	if (v)
		fail_msg("%s should be allowed, got '%s'", addr, v);
}

static void test_ipv4_ranges(void **state)
{
	(void)state;
	assert_blocked("0.0.0.0", "this network");
	assert_blocked("0.255.255.255", NULL);
	assert_blocked("10.0.0.1", "private");
	assert_blocked("10.255.255.255", "private");
	assert_blocked("100.64.0.1", "shared");
	assert_blocked("100.127.255.255", "shared");
	assert_blocked("127.0.0.1", "loopback");
	assert_blocked("127.255.0.9", "loopback");
	assert_blocked("169.254.169.254", "link-local");
	assert_blocked("172.16.0.1", "private");
	assert_blocked("172.31.255.255", "private");
	assert_blocked("192.168.0.1", "private");
	assert_blocked("192.0.0.8", NULL);
	assert_blocked("192.0.2.2", "documentation");
	assert_blocked("198.18.0.1", "benchmarking");
	assert_blocked("198.51.100.7", "documentation");
	assert_blocked("203.0.113.9", "documentation");
	assert_blocked("224.0.0.1", "multicast");
	assert_blocked("255.255.255.255", "reserved");
	/* Just outside the ranges. */
	assert_public("9.255.255.255");
	assert_public("11.0.0.0");
	assert_public("100.63.255.255");
	assert_public("100.128.0.0");
	assert_public("126.255.255.255");
	assert_public("128.0.0.0");
	assert_public("169.253.255.255");
	assert_public("169.255.0.0");
	assert_public("172.15.255.255");
	assert_public("172.32.0.0");
	assert_public("192.167.255.255");
	assert_public("192.169.0.0");
	assert_public("8.8.8.8");
	assert_public("93.184.216.34");
	assert_public("223.255.255.255");
}

static void test_ipv6_ranges(void **state)
{
	(void)state;
	assert_blocked("::", "unspecified");
	assert_blocked("::1", "loopback");
	assert_blocked("fc00::1", "unique local");
	assert_blocked("fd12:3456::1", "unique local");
	assert_blocked("fe80::1", "link-local");
	assert_blocked("febf::1", "link-local");
	assert_blocked("fec0::1", "site-local");
	assert_blocked("ff02::1", "multicast");
	assert_blocked("2001:db8::1", "documentation");
	/* IPv4 carried in IPv6: judged by the IPv4 address. */
	assert_blocked("::ffff:10.0.0.1", "private");
	assert_blocked("::ffff:127.0.0.1", "loopback");
	assert_blocked("::ffff:169.254.169.254", "link-local");
	assert_blocked("::10.0.0.1", "private");
	assert_blocked("64:ff9b::a9fe:a9fe", "link-local");
	assert_blocked("2002:c0a8:0101::1", "private");
	assert_public("::ffff:8.8.8.8");
	assert_public("64:ff9b::808:808");
	assert_public("2002:0808:0808::1");
	assert_public("2001:4860:4860::8888");
	assert_public("2606:4700::1111");
	assert_public("fbff::1");
	assert_public("fe00::1");
}

static void test_other_families(void **state)
{
	struct sockaddr sa;

	(void)state;
	memset(&sa, 0, sizeof sa);
	sa.sa_family = AF_UNIX;
	assert_non_null(ct_fetch_addr_blocked(&sa, sizeof sa));
	assert_non_null(ct_fetch_addr_blocked(NULL, 0));
	/* Too short for its family. */
	sa.sa_family = AF_INET6;
	assert_non_null(ct_fetch_addr_blocked(&sa, 4));
}

static void test_content_type(void **state)
{
	char type[64], charset[32];

	(void)state;
	ct_fetch_parse_ctype("text/html; charset=UTF-8", type, sizeof type, charset, sizeof charset);
	assert_string_equal(type, "text/html");
	assert_string_equal(charset, "UTF-8");
	ct_fetch_parse_ctype("  Text/HTML;Charset=\"windows-1252\" ; q=1", type, sizeof type,
			     charset, sizeof charset);
	assert_string_equal(type, "text/html");
	assert_string_equal(charset, "windows-1252");
	ct_fetch_parse_ctype("application/xhtml+xml; profile=x; charset=iso-8859-1", type,
			     sizeof type, charset, sizeof charset);
	assert_string_equal(type, "application/xhtml+xml");
	assert_string_equal(charset, "iso-8859-1");
	ct_fetch_parse_ctype("text/html", type, sizeof type, charset, sizeof charset);
	assert_string_equal(charset, "");
	ct_fetch_parse_ctype("text/html; charset=", type, sizeof type, charset, sizeof charset);
	assert_string_equal(charset, "");
	ct_fetch_parse_ctype("", type, sizeof type, charset, sizeof charset);
	assert_string_equal(type, "");
	/* Too long for the buffers: left empty, never cut. */
	ct_fetch_parse_ctype("text/html; charset=a-charset-name-far-too-long-for-the-buffer", type,
			     sizeof type, charset, 8);
	assert_string_equal(charset, "");

	assert_true(ct_fetch_type_accepted("text/html"));
	assert_true(ct_fetch_type_accepted("application/xhtml+xml"));
	assert_true(ct_fetch_type_accepted("text/xml"));
	assert_true(ct_fetch_type_accepted("application/rss+xml"));
	assert_true(ct_fetch_type_accepted("application/atom+xml"));
	assert_true(ct_fetch_type_accepted("application/vnd.example+xml"));
	assert_false(ct_fetch_type_accepted("application/pdf"));
	assert_false(ct_fetch_type_accepted("text/plain"));
	assert_false(ct_fetch_type_accepted("image/svg+xml"));
	assert_false(ct_fetch_type_accepted("application/json"));
	assert_false(ct_fetch_type_accepted("application/+xml"));
}

static void test_is_url(void **state)
{
	(void)state;
	assert_true(ct_is_url("http://example.org/"));
	assert_true(ct_is_url("HTTPS://example.org/"));
	assert_true(ct_is_url("ftp://example.org/"));
	assert_true(ct_is_url("file:///etc/passwd"));
	assert_true(ct_is_url("svn+ssh://host/x"));
	assert_false(ct_is_url("example.org/page.html"));
	assert_false(ct_is_url("There are no terrorists in Afghanistan"));
	assert_false(ct_is_url("article.txt"));
	assert_false(ct_is_url("-"));
	assert_false(ct_is_url("1http://x/"));
	assert_false(ct_is_url("http:/x"));
	assert_false(ct_is_url(""));
	assert_false(ct_is_url(NULL));
}

static void test_defaults(void **state)
{
	struct ct_fetch_options o;

	(void)state;
	memset(&o, 0xAB, sizeof o);
	ct_fetch_options_init(&o);
	assert_int_equal(o.connect_timeout_ms, 10000);
	assert_int_equal(o.timeout_ms, 30000);
	assert_int_equal(o.max_bytes, CT_DOC_MAX_BYTES);
	assert_int_equal(o.max_redirects, 5);
	assert_false(o.allow_private);
	assert_false(o.any_type);
	assert_null(o.allowed_addresses);
	assert_int_equal(o.parallel, 8);
	assert_int_equal(o.per_host, 2);
	assert_int_equal(o.max_retries, 2);
	assert_int_equal(o.max_retry_wait_ms, 10000);
	assert_null(o.user_agent);
	assert_null(o.progress);
	ct_fetch_result_release(NULL);
}

static int fetch_one(const char *url, const struct ct_fetch_options *o, struct ct_fetch_result *r)
{
	struct ct_fetch_request req = { url, NULL, NULL };
	int rc = ct_fetch(&req, o, r);

	assert_int_equal(rc, r->error);
	assert_ptr_equal(r->url, url);
	return rc;
}

/* Refused before any connection is made. */
static void test_refused_urls(void **state)
{
	static const struct {
		const char *url, *msg;
	} cases[] = {
		{ "ftp://example.org/file", "only http and https" },
		{ "file:///etc/passwd", "only http and https" },
		{ "gopher://example.org/", "only http and https" },
		{ "http://", "not a valid URL" },
		{ "not a url at all", "not a valid URL" },
	};
	struct ct_fetch_options o;
	struct ct_fetch_result r;

	(void)state;
	ct_fetch_options_init(&o);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(fetch_one(cases[i].url, &o, &r), CT_EFETCH_URL);
		if (!strstr(r.message, cases[i].msg))
			fail_msg("%s: '%s'", cases[i].url, r.message);
		assert_null(r.body);
		assert_int_equal(r.status, 0);
		ct_fetch_result_release(&r);
	}
	struct ct_fetch_request none = { NULL, NULL, NULL };
	assert_int_equal(ct_fetch(&none, &o, &r), CT_EINVAL);
	ct_fetch_result_release(&r);
	assert_int_equal(ct_fetch(NULL, &o, &r), CT_EINVAL);
	ct_fetch_result_release(&r);
}

/* Port 1 on loopback: refused by the policy before connecting, or, when
 * the address is allowed, refused by the system. */
static void test_loopback_policy(void **state)
{
	const char *allowed[] = { "10.9.9.9", "127.0.0.1" };
	struct ct_fetch_options o;
	struct ct_fetch_result r;

	(void)state;
	ct_fetch_options_init(&o);
	assert_int_equal(fetch_one("http://127.0.0.1:1/", &o, &r), CT_EFETCH_PRIVATE);
	assert_non_null(strstr(r.message, "127.0.0.1 is a loopback address"));
	ct_fetch_result_release(&r);
	assert_int_equal(fetch_one("http://[::1]:1/", &o, &r), CT_EFETCH_PRIVATE);
	ct_fetch_result_release(&r);

	o.allowed_addresses = allowed;
	o.n_allowed_addresses = 2;
	assert_int_equal(fetch_one("http://127.0.0.1:1/", &o, &r), CT_EFETCH_CONNECT);
	assert_non_null(strstr(r.message, "connection refused"));
	ct_fetch_result_release(&r);
	o.n_allowed_addresses = 1;
	assert_int_equal(fetch_one("http://127.0.0.1:1/", &o, &r), CT_EFETCH_PRIVATE);
	ct_fetch_result_release(&r);

	o.n_allowed_addresses = 0;
	o.allow_private = true;
	assert_int_equal(fetch_one("http://127.0.0.1:1/", &o, &r), CT_EFETCH_CONNECT);
	ct_fetch_result_release(&r);
}

struct seen {
	int count[8];
	size_t calls;
	size_t stop_after;      /* 0: never stop */
};

static int on_done(size_t index, struct ct_fetch_result *r, void *user)
{
	struct seen *s = user;

	assert_true(index < 8);
	s->count[index]++;
	assert_int_not_equal(r->error, CT_OK);
	/* Taking a field is allowed. */
	free(r->final_url);
	r->final_url = NULL;
	s->calls++;
	return s->stop_after && s->calls >= s->stop_after;
}

static void test_many(void **state)
{
	const struct ct_fetch_request reqs[] = {
		{ "ftp://a/", NULL, NULL }, { "http://127.0.0.1:1/a", NULL, NULL },
		{ "file:///x", NULL, NULL }, { "http://127.0.0.2:1/b", NULL, NULL },
		{ "http://[::1]:1/", NULL, NULL }, { "nonsense", NULL, NULL },
	};
	struct ct_fetch_options o;
	struct seen s;

	(void)state;
	ct_fetch_options_init(&o);
	o.parallel = 2;
	o.per_host = 1;
	memset(&s, 0, sizeof s);
	assert_int_equal(ct_fetch_many(reqs, 6, &o, on_done, &s), CT_OK);
	assert_int_equal(s.calls, 6);
	for (int i = 0; i < 6; i++)
		assert_int_equal(s.count[i], 1);

	memset(&s, 0, sizeof s);
	s.stop_after = 2;
	assert_int_equal(ct_fetch_many(reqs, 6, &o, on_done, &s), CT_EABORT);
	assert_int_equal(s.calls, 2);

	assert_int_equal(ct_fetch_many(reqs, 0, &o, on_done, &s), CT_OK);
	assert_int_equal(ct_fetch_many(NULL, 3, &o, on_done, &s), CT_EINVAL);
	assert_int_equal(ct_fetch_many(reqs, 1, &o, NULL, &s), CT_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4_ranges),
		cmocka_unit_test(test_ipv6_ranges),
		cmocka_unit_test(test_other_families),
		cmocka_unit_test(test_content_type),
		cmocka_unit_test(test_is_url),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_refused_urls),
		cmocka_unit_test(test_loopback_policy),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
