/*
 * Running transfers: the curl multi interface with a small scheduler on
 * top. It keeps at most `parallel` transfers running and at most
 * `per_host` to one host (counted by the request URL's host), starting the
 * next request whose host has room, so that one slow site does not hold up
 * the others. Answers of 429 and 503 wait in a list until their retry is
 * due. ct_fetch() is a run of one.
 */
#include "claimtrack/doc.h"
#include "fetch/fetch_internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PARALLEL 256u
#define LOOKAHEAD 4096            /* requests looked at for one whose host has room */
#define POLL_MS 100               /* longest sleep, so that progress and stop stay prompt */
#define PROGRESS_EVERY 0.1        /* seconds between progress calls */

struct host_count {
	char host[CT_FETCH_HOST_MAX];
	unsigned n;
};

struct run {
	CURLM *multi;
	const struct ct_fetch_request *reqs;
	size_t n;
	struct ct_fetch_options o;        /* with the defaults filled in */
	ct_fetch_done_fn fn;
	void *user;
	char (*hosts)[CT_FETCH_HOST_MAX]; /* of each request; "" when it has none */
	bool *started;
	size_t first;                     /* no request before it is unstarted */
	struct host_count *counts;        /* hosts with transfers running */
	size_t n_counts;
	struct ct_xfer **live;            /* running: `active` of them */
	struct ct_xfer **waiting;         /* waiting to be retried */
	size_t n_waiting;
	size_t active, done;
	uint64_t bytes_done;              /* of transfers finished */
	double last_progress;
	bool stop;
};

/* The index of host in the table of running hosts; -1 when absent and not made. */
static long host_slot(struct run *r, const char *host, bool make)
{
	for (size_t i = 0; i < r->n_counts; i++)
		if (strcmp(r->counts[i].host, host) == 0)
			return (long)i;
	if (!make || r->n_counts >= r->o.parallel)
		return -1;
	snprintf(r->counts[r->n_counts].host, CT_FETCH_HOST_MAX, "%s", host);
	r->counts[r->n_counts].n = 0;
	return (long)r->n_counts++;
}

static bool host_has_room(struct run *r, const char *host)
{
	long i = host_slot(r, host, false);
	return i < 0 || r->counts[i].n < r->o.per_host;
}

static void host_add(struct run *r, const char *host, int delta)
{
	long i = host_slot(r, host, delta > 0);

	if (i < 0)
		return;
	r->counts[i].n = (unsigned)((int)r->counts[i].n + delta);
	if (r->counts[i].n == 0)     /* drop it, keeping the table small */
		r->counts[i] = r->counts[--r->n_counts];
}

/* Hands one result to the caller; frees what it left in r. */
static void deliver(struct run *r, size_t index, struct ct_fetch_result *res)
{
	if (r->fn(index, res, r->user) != 0)
		r->stop = true;
	ct_fetch_result_release(res);
	r->done++;
}

static void progress(struct run *r, bool force)
{
	struct ct_fetch_progress p;
	double now;

	if (!r->o.progress)
		return;
	now = ct_fetch_now();
	if (!force && now - r->last_progress < PROGRESS_EVERY)
		return;
	r->last_progress = now;
	p.done = r->done;
	p.total = r->n;
	p.active = r->active;
	p.waiting = r->n_waiting;
	p.bytes = r->bytes_done;
	for (size_t i = 0; i < r->active; i++)
		p.bytes += r->live[i]->bytes_total;
	if (r->o.progress(&p, r->o.progress_user) != 0)
		r->stop = true;
}

/* Adds a made transfer to the multi handle. */
static int launch(struct run *r, struct ct_xfer *x)
{
	CURLMcode mc = curl_multi_add_handle(r->multi, x->easy);

	if (mc != CURLM_OK)
		return mc == CURLM_OUT_OF_MEMORY ? CT_ENOMEM : CT_EFETCH;
	r->live[r->active++] = x;
	host_add(r, x->host, +1);
	return CT_OK;
}

/* Starts request i, or delivers its failure when it cannot start. */
static int start(struct run *r, size_t i)
{
	struct ct_xfer *x = calloc(1, sizeof *x);
	struct ct_fetch_result res;
	int rc;

	r->started[i] = true;
	memset(&res, 0, sizeof res);
	res.url = r->reqs[i].url;
	if (!x) {
		res.error = CT_ENOMEM;
		snprintf(res.message, sizeof res.message, "out of memory");
		deliver(r, i, &res);
		return CT_OK;
	}
	if (ct_xfer_start(x, &r->reqs[i], &r->o, i, &res) != CT_OK) {
		free(x);
		res.url = r->reqs[i].url;
		deliver(r, i, &res);
		return CT_OK;
	}
	if ((rc = launch(r, x)) != CT_OK) {
		ct_xfer_release(x);
		free(x);
		return rc;
	}
	return CT_OK;
}

/* Starts what may start: due retries first, then new requests. */
static int fill(struct run *r)
{
	double now = ct_fetch_now();
	int rc;

	for (size_t w = 0; w < r->n_waiting && r->active < r->o.parallel && !r->stop;) {
		struct ct_xfer *x = r->waiting[w];
		if (x->due > now || !host_has_room(r, x->host)) {
			w++;
			continue;
		}
		r->waiting[w] = r->waiting[--r->n_waiting];
		ct_xfer_reset(x);
		x->bytes_total = 0;
		if ((rc = launch(r, x)) != CT_OK) {
			ct_xfer_release(x);
			free(x);
			return rc;
		}
	}
	while (r->first < r->n && r->started[r->first])
		r->first++;
	for (size_t i = r->first, seen = 0;
	     i < r->n && seen < LOOKAHEAD && r->active < r->o.parallel && !r->stop; i++) {
		if (r->started[i])
			continue;
		seen++;
		if (r->hosts[i][0] && !host_has_room(r, r->hosts[i]))
			continue;
		if ((rc = start(r, i)) != CT_OK)
			return rc;
	}
	return CT_OK;
}

/* Takes the finished transfers off the multi handle. */
static int reap(struct run *r)
{
	CURLMsg *msg;
	int left;

	while (!r->stop && (msg = curl_multi_info_read(r->multi, &left))) {
		struct ct_xfer *x = NULL;
		struct ct_fetch_result res;
		double wait = 0;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		curl_multi_remove_handle(r->multi, msg->easy_handle);
		for (size_t i = 0; i < r->active; i++)
			if (r->live[i] == x) {
				r->live[i] = r->live[--r->active];
				break;
			}
		host_add(r, x->host, -1);
		r->bytes_done += x->bytes_total;
		if (ct_xfer_finish(x, msg->data.result, &res, &wait)) {
			x->retries++;
			x->due = ct_fetch_now() + wait;
			r->waiting[r->n_waiting++] = x;
			continue;
		}
		deliver(r, x->index, &res);
		ct_xfer_release(x);
		free(x);
		progress(r, true);
	}
	return CT_OK;
}

/* The hosts of every request, for the per-host limit. */
static int find_hosts(struct run *r)
{
	CURLU *u = curl_url();

	if (!u)
		return CT_ENOMEM;
	for (size_t i = 0; i < r->n; i++) {
		char *h = NULL;
		r->hosts[i][0] = '\0';
		if (r->reqs[i].url && strlen(r->reqs[i].url) <= CT_URL_MAX &&
		    curl_url_set(u, CURLUPART_URL, r->reqs[i].url, 0) == CURLUE_OK &&
		    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK) {
			size_t k;
			for (k = 0; h[k] && k + 1 < CT_FETCH_HOST_MAX; k++)
				r->hosts[i][k] = (char)(h[k] >= 'A' && h[k] <= 'Z' ? h[k] - 'A' + 'a' : h[k]);
			r->hosts[i][k] = '\0';
		}
		curl_free(h);
	}
	curl_url_cleanup(u);
	return CT_OK;
}

static void release(struct run *r)
{
	/* Transfers still running or waiting after a stop. */
	for (size_t i = 0; i < r->active; i++) {
		curl_multi_remove_handle(r->multi, r->live[i]->easy);
		ct_xfer_release(r->live[i]);
		free(r->live[i]);
	}
	for (size_t i = 0; i < r->n_waiting; i++) {
		ct_xfer_release(r->waiting[i]);
		free(r->waiting[i]);
	}
	if (r->multi)
		curl_multi_cleanup(r->multi);
	free(r->live);
	free(r->waiting);
	free(r->counts);
	free(r->hosts);
	free(r->started);
}

int ct_fetch_many(const struct ct_fetch_request *reqs, size_t n,
		  const struct ct_fetch_options *o, ct_fetch_done_fn fn, void *user)
{
	struct run r;
	int rc;

	memset(&r, 0, sizeof r);
	if (!fn || (n && !reqs))
		return CT_EINVAL;
	if (n == 0)
		return CT_OK;
	if ((rc = ct_fetch_global_init()) != CT_OK)
		return rc;
	r.reqs = reqs;
	r.n = n;
	r.fn = fn;
	r.user = user;
	if (o)
		r.o = *o;
	else
		ct_fetch_options_init(&r.o);
	if (r.o.parallel == 0)
		r.o.parallel = 8;
	if (r.o.parallel > MAX_PARALLEL)
		r.o.parallel = MAX_PARALLEL;
	if (r.o.per_host == 0)
		r.o.per_host = 2;
	if (r.o.per_host > r.o.parallel)
		r.o.per_host = r.o.parallel;
	if (r.o.max_bytes == 0)
		r.o.max_bytes = CT_DOC_MAX_BYTES;
	rc = CT_ENOMEM;
	if (!(r.multi = curl_multi_init()) || !(r.hosts = calloc(n, sizeof *r.hosts)) ||
	    !(r.started = calloc(n, sizeof *r.started)) ||
	    !(r.counts = calloc(r.o.parallel, sizeof *r.counts)) ||
	    !(r.live = calloc(r.o.parallel, sizeof *r.live)) ||
	    !(r.waiting = calloc(n, sizeof *r.waiting)))
		goto out;
	curl_multi_setopt(r.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)r.o.parallel);
	curl_multi_setopt(r.multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)r.o.per_host);
	curl_multi_setopt(r.multi, CURLMOPT_MAXCONNECTS, (long)r.o.parallel);
	curl_multi_setopt(r.multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	if ((rc = find_hosts(&r)) != CT_OK)
		goto out;
	r.last_progress = ct_fetch_now();
	while (r.done < n && !r.stop) {
		int running = 0, timeout = POLL_MS;
		size_t finished = r.done + r.n_waiting;
		double now;

		if ((rc = fill(&r)) != CT_OK)
			goto out;
		if (r.stop)
			break;
		if (curl_multi_perform(r.multi, &running) != CURLM_OK) {
			rc = CT_EFETCH;
			goto out;
		}
		if ((rc = reap(&r)) != CT_OK)
			goto out;
		progress(&r, false);
		if (r.done >= n || r.stop)
			break;
		/* A transfer ended: start the next one before sleeping. */
		if (r.done + r.n_waiting != finished)
			continue;
		/* Sleep until a socket is ready, a retry is due or POLL_MS passes. */
		now = ct_fetch_now();
		for (size_t w = 0; w < r.n_waiting; w++) {
			double ms = (r.waiting[w]->due - now) * 1000;
			if (ms < timeout)
				timeout = ms < 0 ? 0 : (int)ms + 1;
		}
		if (r.active > 0 || timeout > 0)
			curl_multi_poll(r.multi, NULL, 0, timeout, NULL);
	}
	progress(&r, true);
	rc = r.stop && r.done < n ? CT_EABORT : CT_OK;
out:
	release(&r);
	return rc;
}

struct one {
	struct ct_fetch_result *out;
};

static int take_one(size_t index, struct ct_fetch_result *r, void *user)
{
	struct one *o = user;

	(void)index;
	*o->out = *r;
	memset(r, 0, sizeof *r);
	return 0;
}

int ct_fetch(const struct ct_fetch_request *req, const struct ct_fetch_options *o,
	     struct ct_fetch_result *out)
{
	struct one one = { out };
	int rc;

	memset(out, 0, sizeof *out);
	if (!req) {
		out->error = CT_EINVAL;
		snprintf(out->message, sizeof out->message, "no request");
		return CT_EINVAL;
	}
	out->url = req->url;
	rc = ct_fetch_many(req, 1, o, take_one, &one);
	if (rc != CT_OK) {
		ct_fetch_result_release(out);
		out->url = req->url;
		out->error = rc;
		snprintf(out->message, sizeof out->message, "%s", ct_strerror(rc));
	}
	return out->error;
}
