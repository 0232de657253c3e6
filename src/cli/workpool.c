/* Threads working on numbered items, results taken in order (workpool.h). */
#include "workpool.h"
#include "base/base.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

struct slot {
	void *result;
	size_t weight;
	bool ready;
};

struct workpool {
	struct workpool_config c;
	pthread_mutex_t mu;
	pthread_cond_t can_start;       /* a worker may start an item */
	pthread_cond_t can_take;        /* the next result may be ready */
	void **args;                    /* of each item added */
	size_t n_items, cap_args;
	bool closed;                    /* no more items will be added */
	size_t next_start;              /* the next item to hand out */
	size_t next_take;               /* the next item to be taken */
	size_t weight;                  /* of the results ready and not taken */
	bool stopping;
	struct slot *slots;             /* item i's result is in slots[i % window] */
	pthread_t *threads;
	unsigned n_running;
};

/* Whether a worker may start item next_start now; called locked. */
static bool may_start(const struct workpool *wp)
{
	if (wp->stopping)
		return true;    /* to leave */
	if (wp->next_start >= wp->n_items)
		return wp->closed;      /* to leave, or to wait for more */
	if (wp->next_start >= wp->next_take + wp->c.window)
		return false;
	return wp->c.max_weight == 0 || wp->weight < wp->c.max_weight ||
	       wp->next_start == wp->next_take;
}

static void *worker(void *start)
{
	void **a = start;
	struct workpool *wp = a[0];
	void *ctx = a[1];

	free(start);
	pthread_mutex_lock(&wp->mu);
	for (;;) {
		size_t item, weight = 0;
		void *result, *arg;
		struct slot *s;

		while (!may_start(wp))
			pthread_cond_wait(&wp->can_start, &wp->mu);
		if (wp->stopping || wp->next_start >= wp->n_items)
			break;
		item = wp->next_start++;
		arg = wp->args[item];
		pthread_mutex_unlock(&wp->mu);
		result = wp->c.fn(ctx, item, arg, &weight);
		pthread_mutex_lock(&wp->mu);
		s = &wp->slots[item % wp->c.window];
		s->result = result;
		s->weight = weight;
		s->ready = true;
		wp->weight += weight;
		pthread_cond_signal(&wp->can_take);
	}
	pthread_mutex_unlock(&wp->mu);
	return NULL;
}

static void destroy(struct workpool *wp)
{
	pthread_cond_destroy(&wp->can_take);
	pthread_cond_destroy(&wp->can_start);
	pthread_mutex_destroy(&wp->mu);
	free(wp->args);
	free(wp->slots);
	free(wp->threads);
	free(wp);
}

/* The monotonic clock for the consumer's timed waits. */
static int init_conds(struct workpool *wp)
{
	pthread_condattr_t attr;
	int rc;

	if ((rc = pthread_condattr_init(&attr)) != 0)
		return rc;
	rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (rc == 0 && (rc = pthread_cond_init(&wp->can_take, &attr)) == 0 &&
	    (rc = pthread_cond_init(&wp->can_start, NULL)) != 0)
		pthread_cond_destroy(&wp->can_take);
	pthread_condattr_destroy(&attr);
	return rc;
}

int workpool_start(const struct workpool_config *c, struct workpool **out)
{
	struct workpool *wp = calloc(1, sizeof *wp);
	sigset_t all, old;
	int rc = 0;

	if (!wp)
		return ENOMEM;
	wp->c = *c;
	if (wp->c.window == 0)
		wp->c.window = 1;
	if (c->n_threads == 0) {
		*out = wp;
		return 0;
	}
	wp->slots = calloc(wp->c.window, sizeof *wp->slots);
	wp->threads = calloc(c->n_threads, sizeof *wp->threads);
	if (!wp->slots || !wp->threads) {
		free(wp->slots);
		free(wp->threads);
		free(wp);
		return ENOMEM;
	}
	if ((rc = pthread_mutex_init(&wp->mu, NULL)) != 0 || (rc = init_conds(wp)) != 0) {
		free(wp->slots);
		free(wp->threads);
		free(wp);
		return rc;
	}
	/* Signals are for the consumer's thread: the workers block them. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (unsigned i = 0; i < c->n_threads; i++) {
		void **arg = malloc(2 * sizeof *arg);
		if (!arg) {
			rc = ENOMEM;
			break;
		}
		arg[0] = wp;
		arg[1] = c->ctx[i];
		if ((rc = pthread_create(&wp->threads[i], NULL, worker, arg)) != 0) {
			free(arg);
			break;
		}
		wp->n_running++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		workpool_free(wp);
		return rc;
	}
	*out = wp;
	return 0;
}

/* Without threads: the next item is worked on here and now. */
static int next_inline(struct workpool *wp, size_t *item, void **result)
{
	size_t weight = 0;

	if (wp->stopping)
		return -1;
	if (wp->next_take >= wp->n_items)
		return wp->closed ? -1 : 0;
	*item = wp->next_take++;
	*result = wp->c.fn(wp->c.ctx[0], *item, wp->args[*item], &weight);
	return 1;
}

int workpool_add(struct workpool *wp, void *arg)
{
	bool threads = wp->c.n_threads != 0;
	int rc = 0;

	if (threads)
		pthread_mutex_lock(&wp->mu);
	if (!CT_VEC_RESERVE(wp->args, wp->cap_args, wp->n_items + 1))
		rc = ENOMEM;
	if (rc == 0) {
		wp->args[wp->n_items++] = arg;
		if (threads)
			pthread_cond_signal(&wp->can_start);
	}
	if (threads)
		pthread_mutex_unlock(&wp->mu);
	return rc;
}

void workpool_close(struct workpool *wp)
{
	if (wp->c.n_threads == 0) {
		wp->closed = true;
		return;
	}
	pthread_mutex_lock(&wp->mu);
	wp->closed = true;
	pthread_cond_broadcast(&wp->can_start);
	pthread_cond_broadcast(&wp->can_take);
	pthread_mutex_unlock(&wp->mu);
}

static struct timespec deadline_in(int ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

int workpool_next(struct workpool *wp, int timeout_ms, size_t *item, void **result)
{
	struct timespec deadline;
	int rc = 0;

	if (wp->c.n_threads == 0)
		return next_inline(wp, item, result);
	if (timeout_ms >= 0)
		deadline = deadline_in(timeout_ms);
	pthread_mutex_lock(&wp->mu);
	for (;;) {
		struct slot *s = &wp->slots[wp->next_take % wp->c.window];

		if ((wp->closed && wp->next_take >= wp->n_items) ||
		    (wp->stopping && wp->next_take >= wp->next_start)) {
			rc = -1;
			break;
		}
		if (wp->next_take >= wp->n_items)
			break;          /* 0: every item added was taken */
		if (s->ready) {
			*item = wp->next_take++;
			*result = s->result;
			wp->weight -= s->weight;
			*s = (struct slot){ 0 };
			pthread_cond_broadcast(&wp->can_start);
			rc = 1;
			break;
		}
		if (timeout_ms < 0)
			pthread_cond_wait(&wp->can_take, &wp->mu);
		else if (pthread_cond_timedwait(&wp->can_take, &wp->mu, &deadline) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&wp->mu);
	return rc;
}

void workpool_stop(struct workpool *wp)
{
	if (wp->c.n_threads == 0) {
		wp->stopping = true;
		return;
	}
	pthread_mutex_lock(&wp->mu);
	wp->stopping = true;
	pthread_cond_broadcast(&wp->can_start);
	pthread_mutex_unlock(&wp->mu);
}

void workpool_free(struct workpool *wp)
{
	if (!wp)
		return;
	if (wp->c.n_threads == 0) {
		free(wp->args);
		free(wp);
		return;
	}
	workpool_stop(wp);
	for (unsigned i = 0; i < wp->n_running; i++)
		pthread_join(wp->threads[i], NULL);
	for (size_t i = 0; i < wp->c.window; i++)
		if (wp->slots[i].ready && wp->c.free_result)
			wp->c.free_result(wp->slots[i].result);
	destroy(wp);
}
