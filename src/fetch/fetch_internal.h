/*
 * Internal: fetching, shared by fetch.c (one transfer: options, callbacks,
 * the address policy, errors) and fetch_multi.c (the scheduler). Not
 * installed.
 */
#ifndef CT_FETCH_INTERNAL_H
#define CT_FETCH_INTERNAL_H

#include "claimtrack/fetch.h"
#include "base/base.h"
#include "fetch/curl_lazy.h"
#include <sys/socket.h>


#define CT_FETCH_HOST_MAX 256        /* bytes of a host name kept */
#define CT_FETCH_ETAG_MAX 512        /* longer validators are not kept */
#define CT_FETCH_DATE_MAX 64
#define CT_FETCH_LOCATION_MAX 2048   /* a longer Location is kept cut, for messages */
#define CT_FETCH_CTYPE_MAX 256
#define CT_FETCH_REASON_MAX 64

/* One transfer: an easy handle and what its responses said. */
struct ct_xfer {
	CURL *easy;
	size_t index;                     /* in the caller's request array */
	const struct ct_fetch_request *req;
	const struct ct_fetch_options *opt;
	struct curl_slist *headers;
	char host[CT_FETCH_HOST_MAX];     /* of the request URL, lowercase */
	unsigned retries;
	double due;                       /* when a retry may start (ct_fetch_now) */
	double started;

	/* The current response; reset at every status line. */
	long status;
	char reason[CT_FETCH_REASON_MAX];
	char ctype[CT_FETCH_CTYPE_MAX];
	char etag[CT_FETCH_ETAG_MAX];
	char last_modified[CT_FETCH_DATE_MAX];
	char location[CT_FETCH_LOCATION_MAX];
	bool etag_too_long;
	bool encoded;                     /* a Content-Encoding other than identity */
	long long content_length;         /* -1 when not given */
	long retry_after;                 /* seconds; -1 when not given or unreadable */
	unsigned n_locations;             /* Location headers seen */
	uint64_t location_hash[8];        /* of the first ones, to tell a loop */
	bool loop;                        /* a Location came back */
	bool in_headers;                  /* its status line came, its end has not */

	/* The body of the current response, after decompression, capped at
	 * the options' max_bytes. */
	struct ct_buf body;
	uint64_t bytes_total;             /* over every attempt, for progress */

	/* Why a callback stopped the transfer (0: it did not), and how. */
	int stop;
	char stop_msg[200];
	/* The last address refused by the address policy. */
	char refused[64];
	const char *refused_why;
	char errbuf[CURL_ERROR_SIZE];
};

/* Seconds on a monotonic clock. */
double ct_fetch_now(void);

/* Initialises libcurl once per process; CT_OK or CT_ENOMEM. */
int ct_fetch_global_init(void);

/*
 * Checks a request (http or https, a host) and makes its easy handle with
 * every option set. On failure fills r (error and message) and returns the
 * error; x holds nothing to release then.
 */
int ct_xfer_start(struct ct_xfer *x, const struct ct_fetch_request *req,
		  const struct ct_fetch_options *o, size_t index, struct ct_fetch_result *r);

/* Forgets the responses so far, before a retry. */
void ct_xfer_reset(struct ct_xfer *x);

/*
 * What a finished attempt means. Fills r from the transfer and its CURLcode.
 * Returns true when it should be retried (429 or 503 within the limits): then
 * *wait_s is how long to wait and r is left empty.
 */
bool ct_xfer_finish(struct ct_xfer *x, CURLcode code, struct ct_fetch_result *r,
		    double *wait_s);

/* Frees the easy handle and buffers; x may be zeroed or half made. */
void ct_xfer_release(struct ct_xfer *x);

/*
 * The address policy: NULL when an address may be connected to, else why
 * not ("loopback", "private", "link-local", …). IPv4-mapped, -compatible
 * and NAT64 IPv6 addresses are judged by the IPv4 address they carry.
 */
const char *ct_fetch_addr_blocked(const struct sockaddr *sa, size_t sa_len);

/*
 * Parses a Content-Type value into its media type (lowercase, at most
 * type_size - 1 bytes) and charset parameter (charset_size, "" when none).
 */
void ct_fetch_parse_ctype(const char *value, char *type, size_t type_size, char *charset,
			  size_t charset_size);

/* Whether a media type is one a page or a feed may have: HTML, XHTML, XML. */
bool ct_fetch_type_accepted(const char *media_type);

#endif
