/* Error names, stance names, bounded file reading and calendar arithmetic. */
#include "claimtrack.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

const char *ct_strerror(int err)
{
	switch (err) {
	case CT_OK: return "ok";
	case CT_ENOMEM: return "out of memory";
	case CT_EIO: return "cannot read input";
	case CT_ERULES: return "rule files have errors";
	case CT_ELIMIT: return "input exceeds a size limit";
	case CT_EINVAL: return "invalid argument";
	case CT_EABORT: return "stopped by caller";
	case CT_EDB: return "database error";
	case CT_ESCHEMA: return "not a database of this claimtrack version";
	case CT_ENODB: return "no database";
	case CT_EOLDSCHEMA: return "database schema is older than this claimtrack";
	case CT_EFETCH: return "network error";
	case CT_EFETCH_URL: return "not an http or https URL";
	case CT_EFETCH_DNS: return "cannot resolve host";
	case CT_EFETCH_CONNECT: return "cannot connect";
	case CT_EFETCH_TIMEOUT: return "timed out";
	case CT_EFETCH_TLS: return "TLS failed";
	case CT_EFETCH_HTTP: return "HTTP error status";
	case CT_EFETCH_REDIRECT: return "redirect refused";
	case CT_EFETCH_PRIVATE: return "address not public";
	case CT_EFETCH_TOOBIG: return "too large";
	case CT_EFETCH_TYPE: return "not HTML";
	}
	return "unknown error";
}

const char *ct_stance_name(enum ct_stance stance)
{
	switch (stance) {
	case CT_SUPPORTS: return "supports";
	case CT_REFUTES: return "refutes";
	case CT_STANCE_NONE: break;
	}
	return "none";
}

/*
 * A regular file is read into a buffer of its size, found with fstat(),
 * in one read() and a second that sees the end: ingest reads tens of
 * thousands of small files, and extract one large page per process.
 * Anything else (a pipe, a file that grows meanwhile) grows the buffer
 * by doubling, from 64 KB.
 */
int ct_read_file(const char *path, size_t max_bytes, char **out, size_t *n_out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf = NULL;
	size_t len = 0, cap = 0, first = 65536;
	/* Room for max_bytes and one read past it, to see that it is too big. */
	size_t cap_limit = max_bytes < SIZE_MAX / 2 ? max_bytes + 4097 : SIZE_MAX / 2;
	int rc = CT_OK;

	if (fd < 0)
		return CT_EIO;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
	    (uintmax_t)st.st_size < cap_limit)
		first = (size_t)st.st_size + 1;   /* + 1: the read that sees the end */
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : first;
			char *nbuf;
			if (ncap > cap_limit)
				ncap = cap_limit;
			if (ncap <= cap) {
				rc = CT_ELIMIT;
				goto out;
			}
			nbuf = realloc(buf, ncap + 1);
			if (!nbuf) {
				rc = CT_ENOMEM;
				goto out;
			}
			buf = nbuf;
			cap = ncap;
		}
		ssize_t got = read(fd, buf + len, cap - len);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			rc = CT_EIO;
			goto out;
		}
		len += (size_t)got;
		if (len > max_bytes) {
			rc = CT_ELIMIT;
			goto out;
		}
		if (got == 0)
			break;
	}
out:
	{
		int e = errno;   /* callers name the reason of CT_EIO */
		close(fd);
		errno = e;
	}
	if (rc != CT_OK) {
		free(buf);
		return rc;
	}
	if (!buf) {
		buf = malloc(1);
		if (!buf)
			return CT_ENOMEM;
	}
	buf[len] = '\0';
	*out = buf;
	*n_out = len;
	return CT_OK;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's
 * days_from_civil). */
long ct_days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The date of day z since 1970-01-01 (Hinnant's civil_from_days). */
void ct_civil_from_days(long z, long *y, long *m, long *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}
