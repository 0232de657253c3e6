/*
 * A pool of threads working on numbered items, whose results are taken in
 * item order by one consumer. The consumer adds the items as it finds them
 * (workpool_add), so that work starts before all are known, and says when
 * there are no more (workpool_close). Items are handed out in order, and
 * only a bounded number of results may wait to be taken, so memory stays
 * bounded however many items there are.
 */
#ifndef CT_CLI_WORKPOOL_H
#define CT_CLI_WORKPOOL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Works on item `item`, added with `arg`, in a worker thread with that
 * thread's context and returns its result (NULL is a valid result).
 * *weight (0 on entry) may be set to what the result holds in memory, in
 * bytes.
 */
typedef void *(*workpool_fn)(void *ctx, size_t item, void *arg, size_t *weight);

struct workpool_config {
	unsigned n_threads;     /* 0: no threads, workpool_next() does the work */
	void *const *ctx;       /* one per thread (one when n_threads is 0); borrowed */
	workpool_fn fn;
	void (*free_result)(void *result);  /* for results never taken */
	size_t window;          /* results made and not taken, at most (>= 1) */
	size_t max_weight;      /* their weight beyond which no item starts,
				 * except the next one to be taken; 0: no limit */
};

struct workpool;

/* Starts the threads. Returns 0, or an errno value (nothing started). The
 * caller frees *out with workpool_free(). */
int workpool_start(const struct workpool_config *c, struct workpool **out);

/* Adds the next item, with its argument (borrowed until its result is
 * taken). Returns 0, or ENOMEM. */
int workpool_add(struct workpool *wp, void *arg);

/* No more items will be added. */
void workpool_close(struct workpool *wp);

/*
 * Takes the next item's result, in item order, waiting for it up to
 * timeout_ms (< 0: as long as it takes). Returns 1 with *item and *result
 * set (the caller owns the result), 0 when the time ran out or every item
 * added was taken and more may come, or -1 when there is nothing more:
 * the pool was closed and every item taken, or workpool_stop() was called
 * and every item started before it was taken.
 */
int workpool_next(struct workpool *wp, int timeout_ms, size_t *item, void **result);

/* Starts no more items; those already started finish and can be taken. */
void workpool_stop(struct workpool *wp);

/* Stops, waits for the threads, frees the results not taken. NULL is fine. */
void workpool_free(struct workpool *wp);

#endif
