/* claimtrack extract: the main text and metadata of an HTML page. */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BINARY_PROBE 8000   /* bytes looked at for NULs, as git does */

enum { O_FORMAT = 1, O_URL };
enum { F_TEXT, F_JSON };

static const char *const formats[] = { "text", "json", NULL };

static const struct cli_opt extract_opts[] = {
	{ O_FORMAT, "format", 'f', "FORMAT", "text (default) or json" },
	{ O_URL, "url", 0, "URL", "the page's address (a canonical link on the same site replaces it)" },
	CLI_FETCH_OPTS,
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_extract = {
	"extract", cmd_extract, "[--format text|json] [--url URL] [--allow-private] FILE.html|URL|-",
	"show the article text and metadata of an HTML page",
	"Reads an HTML page (a file, an http(s) URL, or '-' for stdin) and prints\n"
	"its main text - the article without navigation, sidebars, comments, share\n"
	"bars, captions or link lists, paragraphs separated by blank lines - and its\n"
	"metadata: title, author, date (YYYY-MM-DD), outlet and url, from JSON-LD,\n"
	"OpenGraph and other meta tags, <time>, <link rel=canonical> and <title>.\n"
	"text: 'title:', 'author:', 'date:', 'outlet:' and 'url:' lines for what is\n"
	"known, a blank line, then the text (a document 'check' and 'ingest' can\n"
	"read back). json: {\"title\", \"author\", \"date\", \"date_source\",\n"
	"\"modified\", \"outlet\", \"url\", \"canonical\", \"text\"}, null when unknown;\n"
	"date_source says where the date was found (json-ld, meta, itemprop, time,\n"
	"url, byline, text, page, modified) and modified is the last change the\n"
	"page declares.\n"
	"The url is the page's canonical link (else og:url) when that is on the\n"
	"same site (registrable domain) as the URL it was fetched from or --url;\n"
	"one on another site is not trusted - any page can name any address - and\n"
	"is shown as \"canonical\" only.\n"
	"The outlet is the site name the page declares, else its host name; with\n"
	"--rules or $CLAIMTRACK_RULES, an outlet block whose domain the page's\n"
	"URL is under comes first (extract reads no rules otherwise).\n"
	"The encoding comes from a byte order mark, the HTTP Content-Type or a\n"
	"<meta> declaration; pages that declare none are read as UTF-8, or\n"
	"windows-1252 when not valid UTF-8.\n"
	"A URL is fetched over http or https only, TLS verified, at most 5\n"
	"redirects; private, loopback and link-local addresses are refused unless\n"
	"--allow-private is given.",
	extract_opts,
};

struct extract {
	int format;
	const char *url;
	struct cli_fetch fetch;       /* for a URL */
};

static int set_opt(void *u, int id, const char *value)
{
	struct extract *x = u;

	if (cli_fetch_is_opt(id))
		return cli_fetch_set(&x->fetch, &cli_cmd_extract, id, value);
	if (id == O_FORMAT) {
		x->format = cli_choice(value, formats);
		if (x->format < 0) {
			cli_usage_error(&cli_cmd_extract, "unknown format '%s' (text or json)", value);
			return 1;
		}
	} else if (id == O_URL) {
		x->url = value;
	}
	return 0;
}

/* Reads a URL, FILE or '-' (not text given inline, unlike check). */
static int read_page(const char *arg, const struct cli_fetch *f, struct cli_input *in)
{
	struct stat st;

	if (!cli_is_url(arg) && strcmp(arg, "-") != 0 && stat(arg, &st) != 0) {
		cli_error("cannot read '%s': no such file", arg);
		return EXIT_FAIL;
	}
	return cli_read_input_fetch(arg, f, in);
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n\f\v", s[i]))
			return false;
	return true;
}

/* A page that is not text at all: NULs early on, and no HTML start or
 * UTF-16 byte order mark to explain them. */
static bool looks_binary(const char *s, size_t n)
{
	bool bom16 = n >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
				((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF));

	return !bom16 && !ct_looks_like_html(s, n) &&
	       memchr(s, '\0', n < BINARY_PROBE ? n : BINARY_PROBE) != NULL;
}

static json_t *jopt(const char *s)
{
	json_t *j;

	if (!s)
		return json_null();
	if ((j = json_string(s)))
		return j;
	char *clean = cli_clean_utf8(s, strlen(s));
	j = clean ? json_string(clean) : NULL;
	free(clean);
	return j ? j : json_null();
}

static int print_json(const struct ct_doc *doc)
{
	json_t *root = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"title", jopt(doc->title),
		"author", jopt(doc->author),
		"date", jopt(doc->date),
		"date_source", jopt(doc->date_source),
		"modified", jopt(doc->modified),
		"outlet", jopt(doc->outlet),
		"url", jopt(doc->url),
		"canonical", jopt(doc->canonical),
		"text", jopt(doc->body));
	int rc;

	if (!root) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("\n");
	json_decref(root);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

/* The text form; control characters in the text (a JSON-LD articleBody
 * can hold any) are shown as U+FFFD by the terminal filter (term.c), as
 * everything a command prints. */
static void print_text(const struct ct_doc *doc)
{
	const char *keys[] = { "title", "author", "date", "outlet", "url" };
	const char *vals[] = { doc->title, doc->author, doc->date, doc->outlet, doc->url };

	for (size_t i = 0; i < 5; i++)
		if (vals[i]) {
			printf("%s: ", keys[i]);
			cli_print_folded(stdout, vals[i]);
			printf("\n");
		}
	printf("\n%s", doc->body);
	if (doc->body_len)
		printf("\n");
}

int cmd_extract(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct extract x = { 0 };
	struct cli_input in = { 0 };
	struct ct_ruleset *rs = NULL;
	struct ct_doc *doc = NULL;
	const char **pos = NULL, *env = getenv("CLAIMTRACK_RULES");
	char err[160];
	size_t n_pos = 0;
	int rc;

	cli_fetch_init(&x.fetch);
	rc = cli_parse(cmd, g, argc, argv, set_opt, &x, &pos, &n_pos);
	if (rc != EXIT_OK) {
		cli_fetch_release(&x.fetch);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (n_pos != 1) {
		rc = cli_usage_error(cmd, n_pos ? "give one page" : "no input: give an HTML file or '-'");
		goto out;
	}
	if ((rc = read_page(pos[0], &x.fetch, &in)) != EXIT_OK)
		goto out;
	if (blank(in.text, in.len)) {
		cli_error("'%s' is empty", in.label);
		rc = EXIT_FAIL;
		goto out;
	}
	if (looks_binary(in.text, in.len)) {
		cli_error("'%s' looks like a binary file (it has NUL bytes), not HTML", in.label);
		rc = EXIT_FAIL;
		goto out;
	}
	if ((g->n_rules > 0 || (env && *env)) && (rc = cli_load_rules(g, NULL, NULL, &rs)) != EXIT_OK)
		goto out;
	rc = ct_doc_from_html(in.text, in.len, CT_DOC_MAX_BYTES, in.url ? in.url : x.url,
			      in.charset, rs, in.label, &doc);
	if (rc != CT_OK) {
		cli_html_error(rc, in.len, err, sizeof err);
		cli_error("'%s': %s", in.label, err);
		rc = EXIT_FAIL;
		goto out;
	}
	if (doc->n_replaced)
		fprintf(stderr, "claimtrack: warning: '%s': %zu byte%s not valid in the page's "
			"encoding replaced with U+FFFD\n", in.label, doc->n_replaced,
			doc->n_replaced == 1 ? "" : "s");
	if (doc->n_nul)
		fprintf(stderr, "claimtrack: warning: '%s': %zu NUL byte%s dropped\n", in.label,
			doc->n_nul, doc->n_nul == 1 ? "" : "s");
	if (doc->body_len == 0)
		fprintf(stderr, "claimtrack: warning: '%s': no article text found\n", in.label);
	if (x.format == F_JSON) {
		rc = print_json(doc);
	} else {
		print_text(doc);
		rc = EXIT_OK;
	}
out:
	ct_doc_free(doc);
	ct_ruleset_free(rs);
	cli_input_release(&in);
	cli_fetch_release(&x.fetch);
	free(pos);
	return rc;
}
