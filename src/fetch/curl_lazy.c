/* Loading libcurl on first use; see curl_lazy.h for why. */
#include "fetch/curl_lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

struct ct_curl_api ct_curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *failure;

/* The symbols, in the order of struct ct_curl_api's members. */
static const char *const names[] = {
	"curl_global_init", "curl_easy_init", "curl_easy_setopt", "curl_easy_getinfo",
	"curl_easy_cleanup", "curl_easy_strerror", "curl_multi_init", "curl_multi_setopt",
	"curl_multi_add_handle", "curl_multi_remove_handle", "curl_multi_perform",
	"curl_multi_poll", "curl_multi_info_read", "curl_multi_cleanup", "curl_slist_append",
	"curl_slist_free_all", "curl_getdate", "curl_free", "curl_url", "curl_url_cleanup",
	"curl_url_set", "curl_url_get", "curl_easy_perform",
};

static void load(void)
{
	/* The members are all function pointers, laid out like `names`. */
	void (**slot)(void) = (void (**)(void))&ct_curl;
	void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);

	if (!lib) {
		failure = "libcurl.so.4 cannot be loaded (install libcurl4)";
		return;
	}
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		void *sym = dlsym(lib, names[i]);
		if (!sym) {
			failure = "libcurl.so.4 lacks a function claimtrack needs (7.85 or newer)";
			return;
		}
		*(void **)&slot[i] = sym;
	}
}

bool ct_curl_load(const char **why)
{
	pthread_once(&once, load);
	if (failure && why)
		*why = failure;
	return failure == NULL;
}
