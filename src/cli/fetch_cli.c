/* The fetch options of the commands, and fetching the one page that check
 * and extract read. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SECONDS 3600.0
#define MAX_PARALLEL 64
#define MAX_ADDRESSES 64

void cli_fetch_init(struct cli_fetch *f)
{
	memset(f, 0, sizeof *f);
	ct_fetch_options_init(&f->o);
}

void cli_fetch_release(struct cli_fetch *f)
{
	if (!f)
		return;
	free(f->allowed);
	f->allowed = NULL;
	f->n_allowed = 0;
	f->o.allowed_addresses = NULL;
	f->o.n_allowed_addresses = 0;
}

bool cli_fetch_is_opt(int id)
{
	return id >= CLI_FO_ALLOW_PRIVATE && id < CLI_FO_END;
}

/* Seconds as a decimal number, into milliseconds. */
static int seconds(const struct cli_command *cmd, const char *name, const char *value, long *ms)
{
	char *end;
	double v = strtod(value, &end);

	if (end == value || *end || !(v >= 0.001 && v <= MAX_SECONDS)) {
		cli_usage_error(cmd, "--%s needs seconds from 0.001 to %.0f, not '%s'", name,
				MAX_SECONDS, value);
		return 1;
	}
	*ms = (long)(v * 1000 + 0.999);
	return 0;
}

/* BYTES with an optional K or M suffix (1024-based), up to CT_DOC_MAX_BYTES. */
static int size(const struct cli_command *cmd, const char *value, size_t *out)
{
	char *end;
	unsigned long long v = strtoull(value, &end, 10);
	unsigned long long mult = 1;

	if (end != value && (*end == 'k' || *end == 'K'))
		mult = 1024, end++;
	else if (end != value && (*end == 'm' || *end == 'M'))
		mult = 1024 * 1024, end++;
	if (end == value || *end || value[0] == '-' || v == 0 || v > CT_DOC_MAX_BYTES / mult) {
		cli_usage_error(cmd, "--max-size needs bytes from 1 to %u (or 10M), not '%s'",
				CT_DOC_MAX_BYTES, value);
		return 1;
	}
	*out = (size_t)(v * mult);
	return 0;
}

static int count(const struct cli_command *cmd, const char *name, const char *value, unsigned *out)
{
	char *end;
	long v = strtol(value, &end, 10);

	if (end == value || *end || v < 1 || v > MAX_PARALLEL) {
		cli_usage_error(cmd, "--%s needs a number from 1 to %d, not '%s'", name, MAX_PARALLEL,
				value);
		return 1;
	}
	*out = (unsigned)v;
	return 0;
}

int cli_fetch_set(struct cli_fetch *f, const struct cli_command *cmd, int id, const char *value)
{
	switch (id) {
	case CLI_FO_ALLOW_PRIVATE:
		f->o.allow_private = true;
		return 0;
	case CLI_FO_ALLOW_ADDRESS: {
		const char **nv;
		if (!strchr(value, ':') ? strspn(value, "0123456789.") != strlen(value)
					 : strspn(value, "0123456789abcdefABCDEF:.") != strlen(value)) {
			cli_usage_error(cmd, "--allow-address needs an IP address, not '%s'", value);
			return 1;
		}
		if (f->n_allowed >= MAX_ADDRESSES) {
			cli_usage_error(cmd, "at most %d --allow-address options", MAX_ADDRESSES);
			return 1;
		}
		if (!(nv = ct_realloc_array(f->allowed, f->n_allowed + 1, sizeof *nv))) {
			cli_error("out of memory");
			return 1;
		}
		nv[f->n_allowed++] = value;
		f->allowed = nv;
		f->o.allowed_addresses = nv;
		f->o.n_allowed_addresses = f->n_allowed;
		return 0;
	}
	case CLI_FO_TIMEOUT:
		return seconds(cmd, "timeout", value, &f->o.timeout_ms);
	case CLI_FO_CONNECT_TIMEOUT:
		return seconds(cmd, "connect-timeout", value, &f->o.connect_timeout_ms);
	case CLI_FO_MAX_SIZE:
		return size(cmd, value, &f->o.max_bytes);
	case CLI_FO_PARALLEL:
		return count(cmd, "parallel", value, &f->o.parallel);
	case CLI_FO_PER_HOST:
		return count(cmd, "per-host", value, &f->o.per_host);
	}
	return 0;
}

/* Prints a fetch failure: one line naming the URL. */
static void fetch_error(const char *url, const struct ct_fetch_result *r)
{
	cli_error("'%s': %s%s", url, r->message[0] ? r->message : ct_strerror(r->error),
		  r->error == CT_EFETCH_PRIVATE ? " (--allow-private fetches from them)" : "");
}

int cli_read_url(const char *url, const struct cli_fetch *f, struct cli_input *in)
{
	struct ct_fetch_options defaults;
	struct ct_fetch_request req = { url, NULL, NULL };
	struct ct_fetch_result r;

	memset(in, 0, sizeof *in);
	in->label = url;
	if (!f)
		ct_fetch_options_init(&defaults);
	if (ct_fetch(&req, f ? &f->o : &defaults, &r) != CT_OK) {
		fetch_error(url, &r);
		ct_fetch_result_release(&r);
		return EXIT_FAIL;
	}
	if (ct_looks_like_feed(r.body, r.len)) {
		cli_error("'%s': not HTML: a feed, not an article (list it in a sources file for "
			  "'nightly --sources')", url);
		ct_fetch_result_release(&r);
		return EXIT_FAIL;
	}
	if (!r.content_type && !ct_looks_like_html(r.body, r.len)) {
		cli_error("'%s': not HTML: no Content-Type, and it does not start like a page", url);
		ct_fetch_result_release(&r);
		return EXIT_FAIL;
	}
	in->text = r.body;
	in->len = r.len;
	in->url = r.final_url;
	in->charset = r.charset;
	r.body = r.final_url = r.charset = NULL;
	ct_fetch_result_release(&r);
	return EXIT_OK;
}
