/*
 * The report's claims as CSV (RFC 4180: CRLF line ends, quoted cells with
 * doubled quotes), one row per claim of every proposition. A cell that a
 * spreadsheet would run as a formula gets a leading '. Line breaks and tabs
 * inside article text are written as spaces, so every row is one line.
 * The last column, `reviewed`, says whether a reviewer set one of the
 * claim's values (claimtrack review), as the HTML and JSON mark it.
 */
#include "report/report_internal.h"

#include <inttypes.h>
#include <string.h>

static const char *const header[] = {
	"proposition", "title", "rev", "stance", "hedged", "date", "date_kind", "published",
	"speaker", "speaker_kind", "role", "outlet", "via", "sentence", "match", "url",
	"document_id", "claim_id", "rule_file", "rule_line", "reviewed",
};

#define N_COLUMNS (sizeof header / sizeof *header)

/* Writes one cell (NULL is empty) and the separator or line end after it. */
static void csv_cell(FILE *f, const char *s, bool last)
{
	if (s && *s) {
		bool formula = strchr("=+-@\t\r", s[0]) != NULL;
		bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
		if (quote)
			putc('"', f);
		if (formula)
			putc('\'', f);
		/* Whole runs of plain text at once; a cell can be a long sentence. */
		for (const char *p = s; *p;) {
			size_t n = strcspn(p, "\"\n\r\t");
			fwrite(p, 1, n, f);
			p += n;
			if (*p == '"')
				fputs("\"\"", f);
			else if (*p)
				putc(' ', f);
			if (*p)
				p++;
		}
		if (quote)
			putc('"', f);
	}
	fputs(last ? "\r\n" : ",", f);
}

static void csv_row(FILE *f, const struct ct_report_proposition *p,
		    const struct ct_report_claim *c)
{
	char rev[24], document[24], claim[24], line[24];
	const char *cells[N_COLUMNS];
	size_t k = 0;

	snprintf(rev, sizeof rev, "%d", p->rev);
	snprintf(document, sizeof document, "%" PRId64, c->document_id);
	snprintf(claim, sizeof claim, "%" PRId64, c->id);
	snprintf(line, sizeof line, "%d", c->rule_line);
	cells[k++] = p->id;
	cells[k++] = p->title;
	cells[k++] = rev;
	cells[k++] = ct_stance_name(c->stance);
	cells[k++] = c->hedged ? "true" : "false";
	cells[k++] = c->date;
	cells[k++] = c->date ? (c->statement_date ? "statement" : "publication") : NULL;
	cells[k++] = c->published;
	cells[k++] = c->speaker;
	cells[k++] = ct_speaker_kind_name(c->speaker_kind);
	cells[k++] = c->role;
	cells[k++] = c->outlet;
	cells[k++] = c->via;
	cells[k++] = c->sentence;
	cells[k++] = c->match;
	cells[k++] = c->url;
	cells[k++] = c->document_id ? document : NULL;
	cells[k++] = claim;
	cells[k++] = c->rule_file;
	cells[k++] = c->rule_line ? line : NULL;
	cells[k++] = c->reviewed ? "true" : "false";
	for (size_t i = 0; i < N_COLUMNS; i++)
		csv_cell(f, cells[i], i + 1 == N_COLUMNS);
}

int ct_report_write_csv(const struct ct_report *r, FILE *f)
{
	if (!r || !f)
		return CT_EINVAL;
	for (size_t i = 0; i < N_COLUMNS; i++)
		csv_cell(f, header[i], i + 1 == N_COLUMNS);
	for (size_t i = 0; i < r->n_propositions; i++) {
		const struct ct_report_proposition *p = &r->propositions[i];
		for (size_t j = 0; j < p->n_claims; j++)
			csv_row(f, p, &p->claims[j]);
	}
	if (fflush(f) != 0 || ferror(f))
		return CT_EIO;
	return CT_OK;
}
