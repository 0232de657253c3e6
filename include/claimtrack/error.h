/*
 * Errors and diagnostics: the one error enum of the library and the
 * callback that receives rule-file diagnostics.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_ERROR_H
#define CLAIMTRACK_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CT_VERSION "0.1.0"

enum ct_error {
	CT_OK = 0,
	CT_ENOMEM,   /* out of memory */
	CT_EIO,      /* a file could not be read */
	CT_ERULES,   /* rule files have errors (reported through diagnostics) */
	CT_ELIMIT,   /* an input exceeded a size limit */
	CT_EINVAL,   /* bad argument */
	CT_EABORT,   /* a callback asked to stop */
	/* the store (store.h); ct_store_errmsg() says more */
	CT_EDB = 64,        /* SQLite failed: locked, corrupt, not a database, disk full */
	CT_ESCHEMA,         /* the schema is newer than this library, or not ours */
	CT_ENODB,           /* CT_STORE_READONLY and the file does not exist */
	CT_EOLDSCHEMA,      /* CT_STORE_READONLY and the schema is older than this
			     * library's (or empty): a read-write open upgrades it */
	CT_ENOTFOUND,       /* no such document or claim */
	CT_ENOTEXT,         /* the document was stored without its text (before schema 7) */
	/* fetching (fetch.h); the ct_fetch_result says more */
	CT_EFETCH = 96,      /* a network failure not listed below */
	CT_EFETCH_URL,       /* not a valid http or https URL */
	CT_EFETCH_DNS,       /* the host name does not resolve */
	CT_EFETCH_CONNECT,   /* connection refused or unreachable */
	CT_EFETCH_TIMEOUT,   /* the connect or total timeout passed */
	CT_EFETCH_TLS,       /* TLS handshake or certificate verification failed */
	CT_EFETCH_HTTP,      /* the server answered with an error status */
	CT_EFETCH_REDIRECT,  /* too many redirects, or one to another scheme */
	CT_EFETCH_PRIVATE,   /* a non-public address and allow_private not set */
	CT_EFETCH_TOOBIG,    /* the body is larger than max_bytes */
	CT_EFETCH_TYPE,      /* the Content-Type is not HTML or XML */
};

/* A short, static, lowercase description of an error code. */
const char *ct_strerror(int err);

/* ---- diagnostics ---- */

enum ct_severity { CT_DIAG_ERROR, CT_DIAG_WARNING };

struct ct_diag {
	enum ct_severity severity;
	const char *file;    /* may be NULL when not tied to a file */
	int line;            /* 1-based; 0 when unknown */
	int col;             /* 1-based; 0 when unknown */
	const char *message; /* lowercase, no trailing period */
};

/* Receives one diagnostic; every pointer in it lives only for the call. */
typedef void (*ct_diag_fn)(const struct ct_diag *diag, void *user);

#ifdef __cplusplus
}
#endif
#endif
