/* Reading an INPUT argument: '-' for stdin, an existing file, or the text itself. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Whether an argument that is not a file still looks like a file name. */
static bool looks_like_path(const char *s)
{
	const char *dot = strrchr(s, '.');

	if (strpbrk(s, " \t\n"))
		return false;
	return strchr(s, '/') != NULL ||
	       (dot && (strcmp(dot, ".txt") == 0 || strcmp(dot, ".html") == 0 ||
			strcmp(dot, ".htm") == 0 || strcmp(dot, ".md") == 0));
}

/* Reads stdin whole into *out (malloc'd, NUL-terminated, the caller frees
 * it) and its length into *n; CT_ELIMIT past max bytes. */
static int read_stdin(size_t max, char **out, size_t *n)
{
	struct ct_buf buf = CT_BUF_INIT(max);
	char chunk[65536];
	size_t got;
	int rc = CT_OK;

	while (rc == CT_OK && (got = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		rc = ct_buf_add(&buf, chunk, got);
	if (rc == CT_OK && ferror(stdin))
		rc = CT_EIO;
	if (rc == CT_OK && !(*out = ct_buf_detach(&buf, n)))
		rc = CT_ENOMEM;
	ct_buf_release(&buf);
	return rc;
}

bool cli_is_url(const char *arg)
{
	/* Any scheme: fetching refuses all but http and https, with a message
	 * that says so, rather than reading "ftp://…" as text. */
	return ct_is_url(arg);
}

int cli_read_input(const char *arg, struct cli_input *in)
{
	return cli_read_input_fetch(arg, NULL, in);
}

int cli_read_input_fetch(const char *arg, const struct cli_fetch *f, struct cli_input *in)
{
	struct stat st;
	int rc;

	memset(in, 0, sizeof *in);
	in->label = arg;
	if (cli_is_url(arg))
		return cli_read_url(arg, f, in);
	if (strcmp(arg, "-") == 0) {
		rc = read_stdin(CT_DOC_MAX_BYTES, &in->text, &in->len);
	} else if (stat(arg, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			cli_error("'%s' is a folder; give files or text", arg);
			return EXIT_FAIL;
		}
		in->is_file = true;
		rc = ct_read_file(arg, CT_DOC_MAX_BYTES, &in->text, &in->len);
		if (rc == CT_EIO) {
			cli_error("cannot read '%s': %s", arg, strerror(errno));
			return EXIT_FAIL;
		}
	} else if (looks_like_path(arg)) {
		cli_error("cannot read '%s': %s (to check it as text, add a space or use '-')",
			  arg, strerror(errno));
		return EXIT_FAIL;
	} else {
		in->label = "<text>";
		in->len = strlen(arg);
		in->text = strdup(arg);
		rc = in->text ? CT_OK : CT_ENOMEM;
	}
	if (rc == CT_ELIMIT) {
		cli_error("'%s' is larger than %u bytes", arg, CT_DOC_MAX_BYTES);
		return EXIT_FAIL;
	}
	if (rc != CT_OK) {
		cli_error("cannot read '%s': %s", arg, ct_strerror(rc));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

void cli_input_release(struct cli_input *in)
{
	free(in->text);
	free(in->url);
	free(in->charset);
	in->text = in->url = in->charset = NULL;
}

bool cli_input_is_html(const struct cli_input *in)
{
	const char *dot = in->is_file ? strrchr(in->label, '.') : NULL;

	if (in->url)
		return true;
	if (dot && !strchr(dot, '/') && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0))
		return true;
	return ct_looks_like_html(in->text, in->len);
}

void cli_html_error(int rc, size_t len, char *err, size_t err_size)
{
	if (rc == CT_ELIMIT && len > CT_DOC_MAX_BYTES)
		snprintf(err, err_size, "larger than %u bytes", CT_DOC_MAX_BYTES);
	else if (rc == CT_ELIMIT)
		snprintf(err, err_size, "HTML elements nested deeper than 256 levels (the parser's limit)");
	else
		snprintf(err, err_size, "%s", ct_strerror(rc));
}

int cli_input_doc(const struct cli_input *in, const struct ct_ruleset *rs,
		  struct ct_doc **out, char *err, size_t err_size)
{
	return cli_input_doc_diag(in, rs, cli_diag_stderr, NULL, out, err, err_size);
}

int cli_input_doc_diag(const struct cli_input *in, const struct ct_ruleset *rs,
		       ct_diag_fn on_diag, void *user, struct ct_doc **out,
		       char *err, size_t err_size)
{
	int rc;

	if (cli_input_is_html(in)) {
		rc = ct_doc_from_html(in->text, in->len, CT_DOC_MAX_BYTES, in->url, in->charset, rs,
				      in->label, out);
		if (rc != CT_OK)
			cli_html_error(rc, in->len, err, err_size);
		return rc;
	}
	rc = ct_doc_from_text_diag(in->text, in->len, CT_DOC_MAX_BYTES, in->label, on_diag, user,
				   out);
	if (rc != CT_OK)
		snprintf(err, err_size, "%s", ct_strerror(rc));
	return rc;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n' && s[i] != '\f' &&
		    s[i] != '\v')
			return false;
	return true;
}

bool cli_doc_empty(const struct cli_input *in, const struct ct_doc *doc, const char **why)
{
	size_t bom = in->len >= 3 && memcmp(in->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	size_t header_end = doc->body_offset < in->len ? doc->body_offset : in->len;

	*why = NULL;
	if (!blank(doc->body, doc->body_len))
		return false;
	if (cli_input_is_html(in))
		*why = "no article text";
	else if (header_end > bom && !blank(in->text + bom, header_end - bom))
		*why = "no text after the header";
	return true;
}
