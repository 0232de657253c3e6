/* Loading libmicrohttpd for `serve`; see serve_mhd.h for why. */
#include "serve_mhd.h"

#include <dlfcn.h>
#include <stddef.h>

struct serve_mhd_api serve_mhd;

/* The symbols, in the order of struct serve_mhd_api's members. */
static const char *const names[] = {
	"MHD_start_daemon", "MHD_stop_daemon", "MHD_get_daemon_info",
	"MHD_lookup_connection_value", "MHD_create_response_from_buffer",
	"MHD_add_response_header", "MHD_queue_response", "MHD_destroy_response",
	"MHD_get_connection_values",
};

bool serve_mhd_load(const char **why)
{
	/* The members are all function pointers, laid out like `names`. */
	void (**slot)(void) = (void (**)(void))&serve_mhd;
	void *lib;

	if (serve_mhd.start_daemon)
		return true;
	if (!(lib = dlopen("libmicrohttpd.so.12", RTLD_NOW | RTLD_LOCAL))) {
		*why = "libmicrohttpd.so.12 cannot be loaded (install libmicrohttpd12)";
		return false;
	}
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		void *sym = dlsym(lib, names[i]);
		if (!sym) {
			*why = "libmicrohttpd.so.12 lacks a function claimtrack needs";
			return false;
		}
		*(void **)&slot[i] = sym;
	}
	return true;
}
