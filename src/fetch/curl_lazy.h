/*
 * libcurl, loaded when first needed. Linking it outright costs every run
 * of claimtrack about 7 ms of start-up for libcurl and the thirty
 * libraries it brings (TLS, GSSAPI, LDAP, SSH …), also for commands that
 * never fetch; a process per page is how extraction and checks are often
 * driven. The calls below go through a table filled by dlopen() on first
 * use; code that includes this header keeps writing curl_easy_init() and
 * the rest as usual.
 */
#ifndef CT_CURL_LAZY_H
#define CT_CURL_LAZY_H

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <stdbool.h>

struct ct_curl_api {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *h, CURLoption option, ...);
	CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *h);
	const char *(*easy_strerror)(CURLcode code);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_setopt)(CURLM *m, CURLMoption option, ...);
	CURLMcode (*multi_add_handle)(CURLM *m, CURL *h);
	CURLMcode (*multi_remove_handle)(CURLM *m, CURL *h);
	CURLMcode (*multi_perform)(CURLM *m, int *running);
	CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd extra[], unsigned int n,
				int timeout_ms, int *numfds);
	CURLMsg *(*multi_info_read)(CURLM *m, int *queued);
	CURLMcode (*multi_cleanup)(CURLM *m);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
	void (*slist_free_all)(struct curl_slist *list);
	time_t (*getdate)(const char *s, const time_t *unused);
	void (*free)(void *p);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *u);
	CURLUcode (*url_set)(CURLU *u, CURLUPart part, const char *content, unsigned int flags);
	CURLUcode (*url_get)(const CURLU *u, CURLUPart part, char **out, unsigned int flags);
	CURLcode (*easy_perform)(CURL *h);
};

extern struct ct_curl_api ct_curl;

/*
 * Loads libcurl (libcurl.so.4) and its symbols once, thread-safely.
 * Returns false, with a reason in `why` (static), when it cannot.
 */
bool ct_curl_load(const char **why);

/* curl.h wraps these three in function-like macros of its own. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt

#define curl_global_init ct_curl.global_init
#define curl_easy_init ct_curl.easy_init
#define curl_easy_setopt ct_curl.easy_setopt
#define curl_easy_getinfo ct_curl.easy_getinfo
#define curl_easy_cleanup ct_curl.easy_cleanup
#define curl_easy_strerror ct_curl.easy_strerror
#define curl_multi_init ct_curl.multi_init
#define curl_multi_setopt ct_curl.multi_setopt
#define curl_multi_add_handle ct_curl.multi_add_handle
#define curl_multi_remove_handle ct_curl.multi_remove_handle
#define curl_multi_perform ct_curl.multi_perform
#define curl_multi_poll ct_curl.multi_poll
#define curl_multi_info_read ct_curl.multi_info_read
#define curl_multi_cleanup ct_curl.multi_cleanup
#define curl_slist_append ct_curl.slist_append
#define curl_slist_free_all ct_curl.slist_free_all
#define curl_getdate ct_curl.getdate
#define curl_free ct_curl.free
#define curl_url ct_curl.url
#define curl_url_cleanup ct_curl.url_cleanup
#define curl_url_set ct_curl.url_set
#define curl_url_get ct_curl.url_get
#define curl_easy_perform ct_curl.easy_perform

#endif
