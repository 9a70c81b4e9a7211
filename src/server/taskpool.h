/*
 * server/taskpool — a fixed set of threads running queued tasks in order, with a bounded
 * queue. The HTTP layer hands it the requests that take a CPU for long (uploads, logins,
 * ledger verification), so the library's own threads stay free to answer everything else
 * at once (docs/security.md, "Load"). A full queue is refused, never grown: the caller tells
 * the client to come back.
 *
 * Ownership: the pool owns its threads and queue; a task's argument stays the caller's.
 */
#ifndef LS_SERVER_TASKPOOL_H
#define LS_SERVER_TASKPOOL_H

#include <stddef.h>

struct taskpool;

typedef void (*taskpool_fn)(void *arg);

/* Starts n_threads threads (at a lower scheduling priority than the caller's, so that
 * short requests served elsewhere win the CPU) and a queue of max_queued tasks. */
int taskpool_start(unsigned n_threads, unsigned max_queued, struct taskpool **out, char *errbuf,
                   size_t errlen);
/* Queues fn(arg): 0, or -1 when the queue is full or the pool is stopping. */
int taskpool_submit(struct taskpool *p, taskpool_fn fn, void *arg);
/* Tasks queued or running now. */
unsigned taskpool_pending(struct taskpool *p);
/* Runs every task already queued, then joins the threads and frees the pool. */
void taskpool_stop(struct taskpool *p);

#endif
