/*
 * The nightly alerts: the digest of a report posted to chat webhooks
 * (Slack, Mattermost) and mailed through the local sendmail. A failure is
 * said on stderr and counted; it never undoes the report.
 */
#include "cli.h"
#include "notify.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define DEFAULT_SENDMAIL "/usr/sbin/sendmail"

bool cli_mail_address_ok(const char *a)
{
	const char *at = a ? strchr(a, '@') : NULL;

	if (!at || at == a || !at[1] || strchr(at + 1, '@') || a[0] == '-' || strlen(a) > 254)
		return false;
	for (const char *p = a; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c >= 0x7f || strchr("\"(),:;<>[\\]", c))
			return false;
	}
	return true;
}

bool cli_base_url_ok(const char *u)
{
	if (!u || (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0))
		return false;
	for (const char *p = u; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c >= 0x7f || c == '|' || c == '<' || c == '>' || c == '"')
			return false;
	}
	return u[strlen(u) - 1] != ':' && strlen(u) > 8;
}

/* The webhook's address without its path (which holds the secret), for messages. */
static void host_part(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://");
	size_t n;

	p = p ? p + 3 : url;
	n = strcspn(p, "/?#");
	snprintf(out, size, "%.*s://%.*s/…", (int)(p - url > 3 ? p - url - 3 : 0), url, (int)n, p);
}

/* Posts the digest to one webhook; 0, or 1 after saying why on stderr. */
static int post_webhook(const char *url, const char *body, size_t len)
{
	struct ct_fetch_options o;
	char err[400], shown[300];
	long status = 0;
	int rc;

	ct_fetch_options_init(&o);
	o.timeout_ms = 30000;
	rc = ct_fetch_post(url, "application/json", body, len, &o, &status, err, sizeof err);
	if (rc == CT_OK)
		return 0;
	host_part(url, shown, sizeof shown);
	fprintf(stderr, "claimtrack: warning: the digest was not posted to %s: %s\n", shown, err);
	return 1;
}

/*
 * Writes msg to a sendmail -t -i started at path, and waits for it. 0, or
 * 1 after saying why on stderr.
 */
static int run_sendmail(const char *path, const char *msg, size_t len)
{
	char *const argv[] = { (char *)path, "-t", "-i", NULL };
	posix_spawn_file_actions_t fa;
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	int fds[2], status = 0, err;
	pid_t pid;
	size_t off = 0;

	/* Both ends close in the child (its stdin is a dup of the read end),
	 * so that sendmail sees the end of the message. */
	if (pipe(fds) != 0 || fcntl(fds[0], F_SETFD, FD_CLOEXEC) != 0 ||
	    fcntl(fds[1], F_SETFD, FD_CLOEXEC) != 0) {
		fprintf(stderr, "claimtrack: warning: the digest was not mailed: %s\n", strerror(errno));
		return 1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], STDIN_FILENO);
	err = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	if (err != 0) {
		close(fds[1]);
		fprintf(stderr, "claimtrack: warning: the digest was not mailed: cannot run '%s': %s "
			"(install a sendmail, e.g. msmtp-mta, or set CLAIMTRACK_SENDMAIL)\n", path,
			strerror(err));
		return 1;
	}
	/* A sendmail that exits early must not kill the nightly with SIGPIPE. */
	sigaction(SIGPIPE, &ign, &old);
	while (off < len) {
		ssize_t n = write(fds[1], msg + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fds[1]);
	sigaction(SIGPIPE, &old, NULL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && off == len)
		return 0;
	if (WIFEXITED(status))
		fprintf(stderr, "claimtrack: warning: the digest was not mailed: '%s' exited with "
			"status %d\n", path, WEXITSTATUS(status));
	else
		fprintf(stderr, "claimtrack: warning: the digest was not mailed: '%s' was killed by "
			"signal %d\n", path, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return 1;
}

/* The mail: headers for sendmail -t, then the digest as plain text. */
static int mail_digest(const struct cli_notify *n, const struct ct_report *r,
		       const struct ct_digest_options *o)
{
	const char *path = getenv("CLAIMTRACK_SENDMAIL");
	char *msg = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&msg, &len);
	int rc;

	if (!path || !*path)
		path = DEFAULT_SENDMAIL;
	if (!f) {
		fprintf(stderr, "claimtrack: warning: the digest was not mailed: out of memory\n");
		return 1;
	}
	fputs("To: ", f);
	for (size_t i = 0; i < n->n_mail; i++)
		fprintf(f, "%s%s", i ? ", " : "", n->mail[i]);
	fputs("\nSubject: ", f);
	ct_report_write_digest_subject(r, f);
	fputs("\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
	      "Content-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n", f);
	rc = ct_report_write_digest_text(r, o, f);
	if (fclose(f) != 0 || rc != CT_OK || !msg) {
		free(msg);
		fprintf(stderr, "claimtrack: warning: the digest was not mailed: out of memory\n");
		return 1;
	}
	rc = run_sendmail(path, msg, len);
	free(msg);
	return rc;
}

size_t cli_notify_digest(const struct cli_notify *n, const struct ct_report *r,
			 const char *report_dir)
{
	struct ct_digest_options o = { .base_url = n->base_url, .report_path = report_dir };
	size_t failed = 0;

	if (n->n_webhooks) {
		char *body = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&body, &len);
		int rc = f ? ct_report_write_digest_webhook(r, &o, f) : CT_ENOMEM;
		if (f && fclose(f) != 0)
			rc = CT_ENOMEM;
		for (size_t i = 0; i < n->n_webhooks; i++) {
			if (rc != CT_OK || !body) {
				fprintf(stderr, "claimtrack: warning: the digest was not posted: %s\n",
					ct_strerror(rc != CT_OK ? rc : CT_ENOMEM));
				failed++;
				continue;
			}
			failed += post_webhook(n->webhooks[i], body, len);
		}
		free(body);
	}
	if (n->n_mail)
		failed += mail_digest(n, r, &o);
	return failed;
}
