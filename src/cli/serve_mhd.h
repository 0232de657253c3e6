/*
 * libmicrohttpd, loaded by `claimtrack serve` alone. Linking it outright
 * costs every run of claimtrack about 10 ms of start-up for it and the
 * TLS libraries it brings (1.4 ms against 12 ms for `claimtrack
 * --version`), also for the commands that never serve. As with libcurl
 * (src/fetch/curl_lazy.h), the calls go through a table filled by dlopen()
 * once; the code keeps writing MHD_start_daemon() and the rest.
 */
#ifndef CT_CLI_SERVE_MHD_H
#define CT_CLI_SERVE_MHD_H

#include <microhttpd.h>
#include <stdbool.h>

struct serve_mhd_api {
	struct MHD_Daemon *(*start_daemon)(unsigned int flags, uint16_t port,
					   MHD_AcceptPolicyCallback apc, void *apc_cls,
					   MHD_AccessHandlerCallback dh, void *dh_cls, ...);
	void (*stop_daemon)(struct MHD_Daemon *d);
	const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *d,
						       enum MHD_DaemonInfoType info, ...);
	const char *(*lookup_connection_value)(struct MHD_Connection *c, enum MHD_ValueKind kind,
					       const char *key);
	struct MHD_Response *(*create_response_from_buffer)(size_t size, void *buffer,
							    enum MHD_ResponseMemoryMode mode);
	enum MHD_Result (*add_response_header)(struct MHD_Response *r, const char *header,
					       const char *content);
	enum MHD_Result (*queue_response)(struct MHD_Connection *c, unsigned int status,
					  struct MHD_Response *r);
	void (*destroy_response)(struct MHD_Response *r);
	int (*get_connection_values)(struct MHD_Connection *c, enum MHD_ValueKind kind,
				     MHD_KeyValueIterator it, void *it_cls);
};

extern struct serve_mhd_api serve_mhd;

/* Loads libmicrohttpd.so.12 and its symbols; false with a reason in
 * `why` (static) when it cannot. Call it once, before any thread. */
bool serve_mhd_load(const char **why);

#define MHD_start_daemon serve_mhd.start_daemon
#define MHD_stop_daemon serve_mhd.stop_daemon
#define MHD_get_daemon_info serve_mhd.get_daemon_info
#define MHD_lookup_connection_value serve_mhd.lookup_connection_value
#define MHD_create_response_from_buffer serve_mhd.create_response_from_buffer
#define MHD_add_response_header serve_mhd.add_response_header
#define MHD_queue_response serve_mhd.queue_response
#define MHD_destroy_response serve_mhd.destroy_response
#define MHD_get_connection_values serve_mhd.get_connection_values

#endif
