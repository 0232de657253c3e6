/*
 * claimtrack serve: the record as web pages for a team, over the same
 * store (libmicrohttpd). Pages read through read-only connections, one per
 * thread; only a reviewer's form writes, through a connection of its own.
 * SIGTERM or SIGINT stops it: requests being answered finish first.
 */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { O_LISTEN = 1, O_REVIEWERS, O_PUBLISHER, O_JOBS, O_LOG, O_NO_CACHE };

#define DEFAULT_LISTEN "127.0.0.1:8080"
#define MAX_CONNECTIONS 64          /* open at once; more wait in the kernel's queue */
#define CONNECTION_TIMEOUT 15       /* seconds a connection may stay idle */
#define CONNECTION_MEMORY (64u << 10)   /* a request's line and headers */
#define MIN_TOKEN 16                /* characters of a reviewer's token */

static const struct cli_opt serve_opts[] = {
	{ O_LISTEN, "listen", 'l', "HOST:PORT",
	  "address to listen on (default " DEFAULT_LISTEN "; port 0: any free one)" },
	{ O_REVIEWERS, "reviewers", 0, "FILE",
	  "who may review claims from the pages: lines 'NAME TOKEN' (default: read-only)" },
	{ O_PUBLISHER, "publisher", 0, "NAME",
	  "who publishes the fact-checks: the author of the claim pages' ClaimReview" },
	{ O_JOBS, "jobs", 'j', "N", "threads answering requests (default: the number of CPUs)" },
	{ O_LOG, "log", 0, NULL, "print a line per request on stderr" },
	{ O_NO_CACHE, "no-cache", 0, NULL, "make every page afresh (to time them)" },
	{ 0, NULL, 0, NULL, NULL },
};

const struct cli_command cli_cmd_serve = {
	"serve", cmd_serve, "[--listen HOST:PORT] [--reviewers FILE] [--publisher NAME] [--jobs N]\n"
	"       [--log] [--no-cache]",
	"serve the record as web pages (and JSON) for a team",
	"Serves the database as web pages: the propositions, most active first;\n"
	"one proposition (its timeline, who supports and refutes it now, the\n"
	"contradictions between them, the stance changes); a speaker's record; an\n"
	"outlet; a claim (its sentence in its paragraph, the rule that found it,\n"
	"its reviews); a document; a search over the claims. Every page is also\n"
	"JSON, with the fields of the command that prints the same thing: send\n"
	"'Accept: application/json' or add ?format=json.\n"
	"It listens on 127.0.0.1 unless --listen names another address, and\n"
	"prints 'claimtrack serve: listening on http://HOST:PORT/' once it\n"
	"does. Pages only read the database. With --reviewers FILE (one reviewer\n"
	"a line: a name, then a secret token of at least 16 characters; '#'\n"
	"starts a comment; read once at start) a reviewer logs in with name and\n"
	"token and can review claims from their pages ('claimtrack review');\n"
	"without it the site is read-only.\n"
	"The page of a claim that 'claimtrack export --format claimreview' would\n"
	"rate carries the same schema.org ClaimReview in a <script\n"
	"type=\"application/ld+json\"> element (and under \"claimreview\" in its\n"
	"JSON): the verdicts come from the rules (--rules, CLAIMTRACK_RULES or\n"
	"./rules; none found: no verdicts), the review's author from --publisher.\n"
	"Pages sent to visitors not logged in are kept while the database does not\n"
	"change (any commit, by any process, drops them all); --no-cache makes\n"
	"every page afresh.\n"
	"SIGTERM or SIGINT stops it after the requests being answered.\n"
	"Exit status: 0 stopped by a signal; 1 the database, the rules, the\n"
	"reviewers file or the address failed; 2 usage error.",
	serve_opts,
};

struct opts {
	const struct cli_command *cmd;
	const char *listen, *reviewers, *publisher;
	unsigned jobs;
	bool log, no_cache;
};

static int set_opt(void *u, int id, const char *value)
{
	struct opts *o = u;

	switch (id) {
	case O_LISTEN: o->listen = value; break;
	case O_REVIEWERS: o->reviewers = value; break;
	case O_PUBLISHER:
		if (value[strspn(value, " \t\r\n")] == '\0') {
			cli_usage_error(o->cmd, "--publisher needs a name");
			return 1;
		}
		o->publisher = value;
		break;
	case O_JOBS: return cli_parse_jobs(o->cmd, value, &o->jobs);
	case O_LOG: o->log = true; break;
	case O_NO_CACHE: o->no_cache = true; break;
	}
	return 0;
}

/* ---- the address ---- */

struct addr {
	struct sockaddr_storage ss;
	bool v6;
	unsigned port;
	char host[INET6_ADDRSTRLEN];
};

/* "HOST:PORT", "[V6]:PORT", ":PORT" or "PORT" (HOST 127.0.0.1); 0 or 1
 * after a usage error. */
static int parse_listen(const struct cli_command *cmd, const char *v, struct addr *a)
{
	char host[INET6_ADDRSTRLEN + 2] = "127.0.0.1";
	const char *port = v, *colon = strrchr(v, ':');
	char *end;
	long p;

	memset(a, 0, sizeof *a);
	if (colon) {
		size_t n = (size_t)(colon - v);
		const char *h = v;
		if (n >= 2 && v[0] == '[' && v[n - 1] == ']') {
			h = v + 1;
			n -= 2;
		}
		if (n >= sizeof host)
			goto bad;
		if (n) {
			memcpy(host, h, n);
			host[n] = '\0';
		}
		port = colon + 1;
	}
	errno = 0;
	p = strtol(port, &end, 10);
	if (!*port || *end || errno || p < 0 || p > 65535)
		goto bad;
	a->port = (unsigned)p;
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)&a->ss)->sin_addr) == 1) {
		struct sockaddr_in *in = (struct sockaddr_in *)&a->ss;
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)p);
	} else if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)&a->ss)->sin6_addr) == 1) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&a->ss;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)p);
		a->v6 = true;
	} else {
		goto bad;
	}
	snprintf(a->host, sizeof a->host, "%s", host);
	return 0;
bad:
	cli_usage_error(cmd, "--listen '%s' is not HOST:PORT (an IP address and a port, "
			"e.g. 127.0.0.1:8080)", v);
	return 1;
}

static bool loopback(const struct addr *a)
{
	if (a->v6)
		return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)&a->ss)->sin6_addr);
	return (ntohl(((const struct sockaddr_in *)&a->ss)->sin_addr.s_addr) >> 24) == 127;
}

/* ---- the reviewers ---- */

static void reviewers_free(struct serve *sv)
{
	for (size_t i = 0; i < sv->n_reviewers; i++) {
		free(sv->reviewers[i].name);
		free(sv->reviewers[i].token);
	}
	free(sv->reviewers);
	sv->reviewers = NULL;
	sv->n_reviewers = 0;
}

/*
 * Reads the reviewers file: "NAME TOKEN" a line, the token the last word,
 * the name the words before it; blank lines and lines starting with '#'
 * are skipped. Prints the error (file and line) and returns EXIT_FAIL.
 */
static int read_reviewers(const char *path, struct serve *sv)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t cap = 0, lineno = 0;
	struct stat st;
	int rc = EXIT_FAIL;

	if (!f) {
		cli_error("%s: cannot read the reviewers file: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077))
		fprintf(stderr, "claimtrack serve: warning: %s: others can read it; its tokens "
			"are secrets (chmod 600 %s)\n", path, path);
	while (fgets(line, sizeof line, f)) {
		char *p = line, *end, *tok;
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			cli_error("%s:%zu: line too long (at most %zu bytes)", path, lineno,
				  sizeof line - 2);
			goto out;
		}
		p += strspn(p, " \t");
		end = p + strlen(p);
		while (end > p && strchr(" \t\r\n", end[-1]))
			*--end = '\0';
		if (!*p || *p == '#')
			continue;
		tok = end;
		while (tok > p && !strchr(" \t", tok[-1]))
			tok--;
		if (tok == p) {
			cli_error("%s:%zu: a name and a token, not one word", path, lineno);
			goto out;
		}
		if (strlen(tok) < MIN_TOKEN) {
			cli_error("%s:%zu: the token is %zu characters; give at least %d (e.g. from "
				  "'head -c 18 /dev/urandom | base64')", path, lineno, strlen(tok),
				  MIN_TOKEN);
			goto out;
		}
		end = tok;
		while (end > p && strchr(" \t", end[-1]))
			*--end = '\0';
		if (!CT_VEC_RESERVE(sv->reviewers, cap, sv->n_reviewers + 1)) {
			cli_error("out of memory");
			goto out;
		}
		sv->reviewers[sv->n_reviewers].name = strdup(p);
		sv->reviewers[sv->n_reviewers].token = strdup(tok);
		if (!sv->reviewers[sv->n_reviewers].name || !sv->reviewers[sv->n_reviewers].token) {
			free(sv->reviewers[sv->n_reviewers].name);
			free(sv->reviewers[sv->n_reviewers].token);
			cli_error("out of memory");
			goto out;
		}
		sv->n_reviewers++;
	}
	if (ferror(f)) {
		cli_error("%s: cannot read the reviewers file: %s", path, strerror(errno));
		goto out;
	}
	if (sv->n_reviewers == 0) {
		cli_error("%s: no reviewers in it (lines 'NAME TOKEN')", path);
		goto out;
	}
	rc = EXIT_OK;
out:
	fclose(f);
	if (rc != EXIT_OK)
		reviewers_free(sv);
	return rc;
}

/* ---- the store's connections ---- */

static void pool_close(struct serve_pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		ct_store_close(p->conns[i].s);
	free(p->conns);
	free(p->free);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->freed);
}

static int pool_open(const struct cli_global *g, struct serve_pool *p, size_t n)
{
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	if (!(p->conns = calloc(n, sizeof *p->conns)) || !(p->free = calloc(n, sizeof *p->free))) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	for (p->n = 0; p->n < n; p->n++) {
		struct serve_conn *c = &p->conns[p->n];
		if (cli_open_store(g, CT_STORE_READONLY, &c->s) != EXIT_OK)
			return EXIT_FAIL;
		/* What the cache compares with: a commit after this moves it. */
		c->seen = ct_store_data_version(c->s, &c->version) == CT_OK;
		p->free[p->n_free++] = &p->conns[p->n];
	}
	return EXIT_OK;
}

int cmd_serve(const struct cli_command *cmd, struct cli_global *g, int argc, char **argv)
{
	struct opts o = { .cmd = cmd, .listen = DEFAULT_LISTEN };
	struct serve *sv = NULL;
	struct MHD_Daemon *d = NULL;
	const union MHD_DaemonInfo *info;
	const char **pos = NULL, *why = "";
	size_t n_pos = 0;
	struct addr a;
	sigset_t stop;
	long cpus;
	int rc, sig = 0;

	rc = cli_parse(cmd, g, argc, argv, set_opt, &o, &pos, &n_pos);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (n_pos > 0) {
		rc = cli_usage_error(cmd, "unexpected argument '%s'", pos[0]);
		goto out;
	}
	if (parse_listen(cmd, o.listen, &a) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (!o.jobs) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		o.jobs = cpus > 0 ? (unsigned)(cpus < CLI_MAX_JOBS ? cpus : CLI_MAX_JOBS) : 2;
	}
	rc = EXIT_FAIL;
	if (!serve_mhd_load(&why)) {
		cli_error("%s", why);
		goto out;
	}
	if (!(sv = calloc(1, sizeof *sv))) {
		cli_error("out of memory");
		goto out;
	}
	sv->g = g;
	sv->db = cli_db_path(g);
	sv->quiet = !o.log;
	sv->no_cache = o.no_cache;
	pthread_mutex_init(&sv->lock, NULL);
	sv->publisher = o.publisher;
	if (cli_load_rules_or_builtin(g, &sv->rules) != EXIT_OK)
		goto out;
	if (o.reviewers && read_reviewers(o.reviewers, sv) != EXIT_OK)
		goto out;
	if (pool_open(g, &sv->pool, o.jobs) != EXIT_OK)
		goto out;
	/* Every thread the server starts inherits this mask: the signals wait
	 * for sigwait() below. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
			     (a.v6 ? MHD_USE_IPv6 : 0),
			     (uint16_t)a.port, NULL, NULL, serve_answer, sv,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&a.ss,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o.jobs,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
			     MHD_OPTION_NOTIFY_COMPLETED, serve_completed, sv,
			     MHD_OPTION_END);
	if (!d) {
		cli_error("cannot listen on %s: %s", o.listen,
			  errno ? strerror(errno) : "the address is taken or not this machine's");
		goto out;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (info && info->port)
		a.port = info->port;
	if (!loopback(&a))
		fprintf(stderr, "claimtrack serve: note: listening on %s: other machines can reach "
			"it; put it behind a proxy that adds TLS\n", a.host);
	printf("claimtrack serve: listening on http://%s%s%s:%u/ (%s, %s)\n", a.v6 ? "[" : "",
	       a.host, a.v6 ? "]" : "", a.port, sv->db,
	       sv->reviewers ? "reviewers may log in" : "read-only");
	fflush(stdout);
	while (sigwait(&stop, &sig) != 0)
		;
	fprintf(stderr, "claimtrack serve: %s: stopping\n", sig == SIGINT ? "SIGINT"
		: sig == SIGHUP ? "SIGHUP" : "SIGTERM");
	rc = EXIT_OK;
out:
	if (d)
		MHD_stop_daemon(d);
	if (sv) {
		pool_close(&sv->pool);
		serve_cache_clear(sv);
		reviewers_free(sv);
		ct_ruleset_free(sv->rules);
		pthread_mutex_destroy(&sv->lock);
		free(sv);
	}
	free(pos);
	return rc;
}
