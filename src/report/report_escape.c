/*
 * What the report writers share to write text safely: HTML escaping and
 * excerpts, the check of a link's address, element ids of a proposition's
 * parts, and the words for a claim's date.
 */
#include "report/report_internal.h"

#include <string.h>
#include <strings.h>

/* ---- escaping ---- */

void ct_html_text_n(FILE *f, const char *s, size_t n)
{
	size_t i = 0;

	while (s && i < n && s[i]) {
		/* A run that needs no escaping goes out whole. */
		size_t run = i;
		while (run < n && s[run] && s[run] != '&' && s[run] != '<' && s[run] != '>' &&
		       s[run] != '"' && s[run] != '\'')
			run++;
		fwrite(s + i, 1, run - i, f);
		if (run == n || !s[run])
			break;
		switch (s[run]) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputs("&#39;", f); break;
		}
		i = run + 1;
	}
}

void ct_put_size(FILE *f, size_t n)
{
	char buf[24];
	size_t i = sizeof buf;

	do {
		buf[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	fwrite(buf + i, 1, sizeof buf - i, f);
}

void ct_put_i64(FILE *f, long long n)
{
	if (n < 0) {
		fputc('-', f);
		ct_put_size(f, (size_t)0 - (size_t)n);
		return;
	}
	ct_put_size(f, (size_t)n);
}

void ct_html_text(FILE *f, const char *s)
{
	ct_html_text_n(f, s, s ? strlen(s) : 0);
}

size_t ct_utf8_cut(const char *s, size_t max)
{
	size_t len = strlen(s);

	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

void ct_html_excerpt(FILE *f, const char *s, size_t max)
{
	size_t n;

	if (!s)
		return;
	n = ct_utf8_cut(s, max);
	ct_html_text_n(f, s, n);
	if (s[n])
		fputs("\xe2\x80\xa6", f);
}

bool ct_report_url_ok(const char *url)
{
	if (!url)
		return false;
	if (strncasecmp(url, "https://", 8) == 0)
		return url[8] != '\0';
	return strncasecmp(url, "http://", 7) == 0 && url[7] != '\0';
}

const char *ct_report_date_kind(const struct ct_report_claim *c)
{
	return c->statement_date ? "stated" : "published";
}

/* ---- anchors ---- */

void ct_report_anchor(FILE *f, const char *id, const char *part)
{
	if (!id || !*id)
		fputc('_', f);
	for (const char *c = id; c && *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '.' || *c == '-')
			fputc(*c, f);
		else
			fprintf(f, "_%02x", (unsigned char)*c);
	}
	if (part)
		fprintf(f, "_%s", part);
}
