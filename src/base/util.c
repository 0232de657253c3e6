/* Error names, stance names, bounded file reading, calendar arithmetic and
 * written dates. */
#include "claimtrack/common.h"
#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
	case CT_ENOTFOUND: return "not found";
	case CT_ENOTEXT: return "no stored text";
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

const char *ct_speaker_kind_name(enum ct_speaker_kind kind)
{
	switch (kind) {
	case CT_SPEAKER_PERSON: return "person";
	case CT_SPEAKER_ORGANIZATION: return "organization";
	case CT_SPEAKER_GROUP: return "group";
	case CT_SPEAKER_NARRATOR: break;
	}
	return "narrator";
}

enum ct_speaker_kind ct_speaker_kind_from_name(const char *name)
{
	static const enum ct_speaker_kind kinds[] = {
		CT_SPEAKER_PERSON, CT_SPEAKER_ORGANIZATION, CT_SPEAKER_GROUP,
	};

	for (size_t i = 0; name && i < sizeof kinds / sizeof *kinds; i++)
		if (strcmp(name, ct_speaker_kind_name(kinds[i])) == 0)
			return kinds[i];
	return CT_SPEAKER_NARRATOR;
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

bool ct_date_valid(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	return !(m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
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

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* The number written in the digits s[0, n); strtol() could read past n. */
static int number(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static const char *const month_names[] = { "January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December" };

const char *ct_month_name(int m)
{
	return m >= 1 && m <= 12 ? month_names[m - 1] : NULL;
}

int ct_month_of(const char *w, size_t n)
{
	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++)
		if (n <= strlen(month_names[m]) && strncasecmp(w, month_names[m], n) == 0)
			return m + 1;
	if (n == 4 && strncasecmp(w, "sept", 4) == 0)
		return 9;
	return 0;
}

/* Whether w[0, n) names a day of the week: "Friday", "Fri", "Thurs". */
static bool weekday(const char *w, size_t n)
{
	static const char *const days[] = { "monday", "tuesday", "wednesday", "thursday",
		"friday", "saturday", "sunday" };

	if (n < 3)
		return false;
	for (size_t i = 0; i < sizeof days / sizeof *days; i++)
		if (n <= strlen(days[i]) && strncasecmp(w, days[i], n) == 0)
			return true;
	return false;
}

/*
 * Whether the word w[0, n) (at s + at, its letters only) may stand in a
 * strict date: a weekday, "at" or "of", an ordinal's suffix right after
 * its number ("3rd"), "am" or "pm", "T" between an ISO date and its time,
 * or after a time a zone in capitals ("Z", "UTC", "CEST").
 */
static bool date_word(const char *s, size_t at, size_t n, bool iso, bool have_time)
{
	const char *w = s + at;
	bool caps = n <= 5;

	if (weekday(w, n) || (n == 2 && (strncasecmp(w, "at", 2) == 0 || strncasecmp(w, "of", 2) == 0)))
		return true;
	if (n == 2 && at > 0 && is_digit(s[at - 1]) &&
	    (strncasecmp(w, "st", 2) == 0 || strncasecmp(w, "nd", 2) == 0 ||
	     strncasecmp(w, "rd", 2) == 0 || strncasecmp(w, "th", 2) == 0))
		return true;
	if (n == 2 && (w[1] | 0x20) == 'm' && ((w[0] | 0x20) == 'a' || (w[0] | 0x20) == 'p'))
		return have_time;
	if (n == 1 && (w[0] == 'T' || w[0] == 't') && iso && !have_time)
		return true;
	for (size_t i = 0; i < n; i++)
		caps = caps && w[i] >= 'A' && w[i] <= 'Z';
	return caps && have_time;
}

enum ct_date_read ct_date_read(const char *s, size_t n, bool strict, char out[11])
{
	int y = 0, m = 0, d = 0;
	bool iso = false, have_time = false;
	size_t i = 0;
	char tmp[48];

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f'))
		i++;
	s += i;
	n -= i;
	i = 0;
	/* 2022-02-18, 2022/02/18, 2022.02.18: the date as written, whatever
	 * the zone after it. */
	if (n >= 10 && all_digits(s, 4) && (s[4] == '-' || s[4] == '/' || s[4] == '.') &&
	    all_digits(s + 5, 2) && s[7] == s[4] && all_digits(s + 8, 2) &&
	    (n == 10 || !is_digit(s[10]))) {
		y = number(s, 4);
		m = (s[5] - '0') * 10 + (s[6] - '0');
		d = (s[8] - '0') * 10 + (s[9] - '0');
		iso = true;
		i = strict ? 10 : n;
	}
	while (i < n && (strict || i < 200)) {
		size_t j = i;
		if (is_digit(s[i])) {
			while (j < n && is_digit(s[j]))
				j++;
			if (j - i <= 2 && j < n && s[j] == ':') {
				/* A time: 10:00, 10:00:00.123 */
				if (strict)
					while (j < n && (is_digit(s[j]) || s[j] == ':' || s[j] == '.'))
						j++;
				else
					while (j < n && s[j] != ' ')
						j++;
				have_time = true;
			} else if (j - i == 4 && !y) {
				y = number(s + i, j - i);
			} else if (j - i <= 2 && !d) {
				d = number(s + i, j - i);
			} else if (strict) {
				return CT_DATE_NONE;
			}
		} else if (is_alpha(s[i])) {
			int month;
			while (j < n && is_alpha(s[j]))
				j++;
			month = ct_month_of(s + i, j - i);
			if (month && !m) {
				m = month;
			} else if (strict && j - i == 1 && ((s[i] | 0x20) == 'a' || (s[i] | 0x20) == 'p') &&
				   j + 1 < n && s[j] == '.' && (s[j + 1] | 0x20) == 'm') {
				if (!have_time)
					return CT_DATE_NONE;
				j += 2;   /* a.m., p.m. */
			} else if (strict && !date_word(s, i, j - i, iso, have_time)) {
				return CT_DATE_NONE;
			}
		} else if (strict && (s[i] == '+' || s[i] == '-') && have_time && i + 1 < n &&
			   is_digit(s[i + 1])) {
			/* A zone's offset: +02:00, -0500 */
			j++;
			while (j < n && (is_digit(s[j]) || s[j] == ':'))
				j++;
		} else if (strict && !(s[i] == ' ' || s[i] == '\t' || s[i] == ',' || s[i] == '.' ||
				       s[i] == '\r' || s[i] == '\n' || s[i] == '\f')) {
			return CT_DATE_NONE;
		} else {
			j++;
		}
		i = j;
	}
	if (!iso && (!y || !m || !d))
		return CT_DATE_NONE;
	if (!iso && (y < 1000 || d > 31))
		return CT_DATE_INVALID;
	/* "%04d-%02d-%02d", without snprintf()'s parsing of the format
	 * (1,650 instructions; ingest reads a date or two per document):
	 * the year has 4 digits at most, the month and the day 2, none is
	 * negative. */
	for (int k = 3, v = y; k >= 0; k--, v /= 10)
		tmp[k] = (char)('0' + v % 10);
	tmp[4] = '-';
	tmp[5] = (char)('0' + m / 10);
	tmp[6] = (char)('0' + m % 10);
	tmp[7] = '-';
	tmp[8] = (char)('0' + d / 10);
	tmp[9] = (char)('0' + d % 10);
	tmp[10] = '\0';
	if (!ct_date_valid(tmp))
		return CT_DATE_INVALID;
	memcpy(out, tmp, 11);
	return CT_DATE_OK;
}
