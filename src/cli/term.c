/*
 * The one path of text to the terminal. cli_term_install() puts a filter
 * in front of stdout and stderr, so that whatever a command prints -
 * header fields, titles, file names, names from rule files, diagnostics,
 * JSON - cannot drive the terminal: C0 controls other than tab and line
 * ends, a carriage return not followed by a line feed, DEL, the C1
 * controls (U+0080 to U+009F) and bytes that are not UTF-8 are written
 * as U+FFFD. The progress line, which moves the cursor on purpose, is
 * written with cli_term_raw().
 */
#define _GNU_SOURCE     /* fopencookie */
#include "cli.h"
#include "base/utf8.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REPLACEMENT "\xEF\xBF\xBD"

/* One filtered stream: the bytes of a character cut by the end of a write
 * wait in held for the next. */
struct term {
	int fd;
	unsigned char held[4];
	size_t n_held;
};

static struct term terms[2] = { { .fd = STDOUT_FILENO }, { .fd = STDERR_FILENO } };

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The length a UTF-8 sequence led by byte b has; 0 for a byte that cannot lead one. */
static size_t lead_len(unsigned char b)
{
	return (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
}

/* Whether s[0, n) is the start of a longer UTF-8 sequence (or a CR whose
 * next byte is not here yet): kept for the next write. */
static bool cut_short(const unsigned char *s, size_t n)
{
	size_t want = lead_len(s[0]);

	if (n == 1 && s[0] == '\r')
		return true;
	if (want == 0 || n >= want)
		return false;
	for (size_t k = 1; k < n; k++)
		if ((s[k] & 0xC0) != 0x80)
			return false;
	return true;
}

/* Printable ASCII, tab and line feed: written as they are. */
static inline bool plain(unsigned char c)
{
	return (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n';
}

/* Filters s[0, n) into out (room for 3n bytes); returns the bytes written,
 * and keeps in t->held a character cut at the end when !last. */
static size_t filter(struct term *t, const unsigned char *s, size_t n, bool last, char *out)
{
	char *o = out;

	for (size_t i = 0; i < n;) {
		size_t m;
		uint32_t cp;

		if (plain(s[i])) {
			size_t k = i + 1;
			while (k < n && plain(s[k]))
				k++;
			memcpy(o, s + i, k - i);
			o += k - i;
			i = k;
			continue;
		}
		if (!last && cut_short(s + i, n - i)) {
			memcpy(t->held, s + i, n - i);
			t->n_held = n - i;
			break;
		}
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') {
			*o++ = '\r';
			i++;
			continue;
		}
		m = ct_utf8_decode(s + i, n - i, &cp);
		if (m == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			memcpy(o, REPLACEMENT, 3);
			o += 3;
			i += m ? m : 1;
			continue;
		}
		memcpy(o, s + i, m);
		o += m;
		i += m;
	}
	return (size_t)(o - out);
}

/* Filters and writes; stdio sees a failed write as an error of the stream. */
static int put(struct term *t, const char *buf, size_t size, bool last)
{
	/* A whole stdio buffer and a cut character fit: no malloc per write. */
	unsigned char stack[BUFSIZ + sizeof ((struct term *)0)->held];
	char out_stack[3 * sizeof stack];
	size_t total = t->n_held + size;
	unsigned char *in = total <= sizeof stack ? stack : malloc(total);
	char *out = total <= sizeof stack ? out_stack : malloc(3 * total);
	int rc = 0;

	if (!in || !out) {
		rc = -1;
	} else {
		size_t n;
		memcpy(in, t->held, t->n_held);
		memcpy(in + t->n_held, buf, size);
		t->n_held = 0;
		n = filter(t, in, total, last, out);
		rc = write_all(t->fd, out, n);
	}
	if (in != stack)
		free(in);
	if (out != out_stack)
		free(out);
	return rc;
}

static ssize_t term_write(void *cookie, const char *buf, size_t size)
{
	if (size > SSIZE_MAX / 3 || put(cookie, buf, size, false) != 0)
		return -1;
	return (ssize_t)size;
}

static int term_close(void *cookie)
{
	struct term *t = cookie;
	return t->n_held ? put(t, "", 0, true) : 0;
}

static FILE *raw_stderr;

/* At exit, after the last write: a character cut short is written as U+FFFD. */
static void finish(void)
{
	fflush(stdout);
	fflush(stderr);
	for (size_t i = 0; i < 2; i++)
		if (terms[i].n_held)
			put(&terms[i], "", 0, true);
}

int cli_term_install(void)
{
	cookie_io_functions_t io = { .write = term_write, .close = term_close };
	FILE *out = fopencookie(&terms[0], "w", io);
	FILE *err = fopencookie(&terms[1], "w", io);

	raw_stderr = stderr;
	if (!out || !err) {
		if (out)
			fclose(out);
		if (err)
			fclose(err);
		return -1;
	}
	/* Buffered as the streams they stand for: lines on a terminal,
	 * blocks into a pipe or file; stderr at once. */
	setvbuf(out, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, BUFSIZ);
	setvbuf(err, NULL, _IONBF, 0);
	fflush(stdout);
	fflush(stderr);
	stdout = out;
	stderr = err;
	atexit(finish);
	return 0;
}

bool cli_term_styled(void)
{
	return isatty(STDOUT_FILENO);
}

void cli_term_style(enum cli_style style)
{
	static const char *const sgr[] = {
		[CLI_STYLE_BOLD] = "\033[1m", [CLI_STYLE_NO_BOLD] = "\033[22m",
		[CLI_STYLE_UNDERLINE] = "\033[4m", [CLI_STYLE_NO_UNDERLINE] = "\033[24m",
		[CLI_STYLE_RESET] = "\033[0m",
	};

	if (!cli_term_styled())
		return;
	fflush(stdout);
	write_all(STDOUT_FILENO, sgr[style], strlen(sgr[style]));
}

void cli_term_raw(const char *fmt, ...)
{
	va_list ap;
	FILE *f = raw_stderr ? raw_stderr : stderr;

	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fflush(f);
}
