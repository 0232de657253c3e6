/*
 * One POST of a small body to a URL the user configured (a chat webhook):
 * http and https only, no redirects followed, TLS verified, connect and
 * total timeouts, the answer read up to a small cap (its start goes into
 * an error message). Unlike fetching, addresses are not checked against
 * the private ranges: a webhook on the newsroom's own network is normal,
 * and the URL comes from the operator, not from an article.
 */
#include "fetch/curl_lazy.h"
#include "fetch/fetch_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANSWER_MAX 4096      /* bytes of the answer kept */

struct answer {
	char text[ANSWER_MAX + 1];
	size_t len;
};

static size_t on_answer(char *data, size_t size, size_t n, void *user)
{
	struct answer *a = user;
	size_t len = size * n, room = ANSWER_MAX - a->len;

	memcpy(a->text + a->len, data, len < room ? len : room);
	a->len += len < room ? len : room;
	a->text[a->len] = '\0';
	return len;
}

/* The first line of an answer, made printable, into out. */
static void first_line(const char *s, char *out, size_t size)
{
	size_t k = 0;

	for (; *s && *s != '\n' && *s != '\r' && k + 1 < size && k < 160; s++)
		out[k++] = (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s;
	out[k] = '\0';
}

int ct_fetch_post(const char *url, const char *content_type, const char *body, size_t len,
		  const struct ct_fetch_options *o, long *status, char *err, size_t err_size)
{
	struct curl_slist *headers = NULL;
	struct answer *a = NULL;
	char header[160], line[200], curl_err[CURL_ERROR_SIZE] = "";
	CURL *e = NULL;
	CURLcode c = CURLE_OK;
	long os_errno = 0;
	int rc = CT_OK;

	*status = 0;
	err[0] = '\0';
	if (!url || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)) {
		snprintf(err, err_size, "not an http:// or https:// URL");
		return CT_EFETCH_URL;
	}
	if (ct_fetch_global_init() != CT_OK) {
		snprintf(err, err_size, "libcurl cannot be loaded");
		return CT_EFETCH;
	}
	snprintf(header, sizeof header, "Content-Type: %s", content_type);
	if (!(a = calloc(1, sizeof *a)) || !(headers = curl_slist_append(NULL, header)) ||
	    !(e = curl_easy_init())) {
		snprintf(err, err_size, "out of memory");
		rc = CT_ENOMEM;
		goto out;
	}
#define SET(opt, val) if (c == CURLE_OK) c = curl_easy_setopt(e, opt, val)
	SET(CURLOPT_URL, url);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_POST, 1L);
	SET(CURLOPT_POSTFIELDS, body);
	SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	SET(CURLOPT_HTTPHEADER, headers);
	SET(CURLOPT_CONNECTTIMEOUT_MS, o && o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000L);
	SET(CURLOPT_TIMEOUT_MS, o && o->timeout_ms > 0 ? o->timeout_ms : 30000L);
	SET(CURLOPT_USERAGENT, o && o->user_agent ? o->user_agent : "claimtrack/" CT_VERSION);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_WRITEFUNCTION, on_answer);
	SET(CURLOPT_WRITEDATA, (void *)a);
	SET(CURLOPT_ERRORBUFFER, curl_err);
#undef SET
	if (c == CURLE_OK)
		c = curl_easy_perform(e);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, status);
	switch (c) {
	case CURLE_OK:
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		rc = CT_EFETCH_DNS;
		snprintf(err, err_size, "cannot resolve the host");
		goto out;
	case CURLE_COULDNT_CONNECT:
		rc = CT_EFETCH_CONNECT;
		curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &os_errno);
		snprintf(err, err_size, "cannot connect: %s",
			 os_errno ? strerror((int)os_errno) : curl_err[0] ? curl_err
									: curl_easy_strerror(c));
		goto out;
	case CURLE_OPERATION_TIMEDOUT:
		rc = CT_EFETCH_TIMEOUT;
		snprintf(err, err_size, "timed out");
		goto out;
	default:
		rc = CT_EFETCH;
		snprintf(err, err_size, "%s", curl_err[0] ? curl_err : curl_easy_strerror(c));
		goto out;
	}
	if (*status < 200 || *status > 299) {
		rc = CT_EFETCH_HTTP;
		first_line(a->text, line, sizeof line);
		snprintf(err, err_size, "HTTP %ld%s%s", *status, line[0] ? ": " : "", line);
	}
out:
	if (e)
		curl_easy_cleanup(e);
	curl_slist_free_all(headers);
	free(a);
	return rc;
}
