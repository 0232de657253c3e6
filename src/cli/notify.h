/* The nightly alerts (notify.c): a report's digest to webhooks and mail. */
#ifndef CT_CLI_NOTIFY_H
#define CT_CLI_NOTIFY_H

#include "cli.h"

/* Where a nightly sends its digest; strings borrowed from argv. */
struct cli_notify {
	const char **webhooks;       /* --notify URL, repeatable */
	size_t n_webhooks;
	const char **mail;           /* --mail ADDRESS, repeatable: one message to all */
	size_t n_mail;
	const char *base_url;        /* --base-url: links to the serve pages; NULL */
};

/* Whether a --mail ADDRESS is one plain address (local@domain, printable
 * ASCII without spaces, quotes, brackets, commas; not starting with '-'),
 * so that it can neither add headers nor become an option of sendmail. */
bool cli_mail_address_ok(const char *a);

/* Whether a --base-url is an http(s) URL without spaces, quotes, '<', '>'
 * or '|' (which would break a chat link). */
bool cli_base_url_ok(const char *u);

/*
 * Sends the digest of report r (written to report_dir) to every webhook
 * (an HTTP POST of {"text": …}; a 2xx answer is success) and, when there
 * are addresses, one mail through `sendmail -t -i` ($CLAIMTRACK_SENDMAIL,
 * else /usr/sbin/sendmail). Each failure is said on stderr as a warning
 * (a webhook named by its host only: its path is a secret). Returns how
 * many failed.
 */
size_t cli_notify_digest(const struct cli_notify *n, const struct ct_report *r,
			 const char *report_dir);

#endif
