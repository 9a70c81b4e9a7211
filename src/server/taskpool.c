/*
 * server/taskpool — a mutex, two condition variables and a ring of tasks (taskpool.h).
 */
#include "server/taskpool.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/err.h"

/* Linux applies a nice value to one thread when given its thread id: long tasks yield the
 * CPU to the short requests of the library's threads, which matter for latency */
#define TASKPOOL_NICE 5

struct task {
    taskpool_fn fn;
    void *arg;
};

struct taskpool {
    pthread_mutex_t mu;
    pthread_cond_t ready; /* a task was queued, or the pool is stopping */
    struct task *ring;
    unsigned cap, head, count, running;
    int stopping;
    pthread_t *threads;
    unsigned n_threads;
};

static void *worker_main(void *arg)
{
    struct taskpool *p = arg;
    pid_t tid = (pid_t)syscall(SYS_gettid);
    int r =
        setpriority(PRIO_PROCESS, (id_t)tid, getpriority(PRIO_PROCESS, (id_t)tid) + TASKPOOL_NICE);
    (void)r; /* best effort: without it the tasks still run, only at the same priority */
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->count && !p->stopping)
            pthread_cond_wait(&p->ready, &p->mu);
        if (!p->count)
            break; /* stopping, and nothing left to run */
        struct task t = p->ring[p->head];
        p->head = (p->head + 1) % p->cap;
        p->count--;
        p->running++;
        pthread_mutex_unlock(&p->mu);
        t.fn(t.arg);
        pthread_mutex_lock(&p->mu);
        p->running--;
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int taskpool_start(unsigned n_threads, unsigned max_queued, struct taskpool **out, char *errbuf,
                   size_t errlen)
{
    struct taskpool *p = calloc(1, sizeof *p);
    if (p) {
        p->cap = max_queued ? max_queued : 1;
        p->ring = calloc(p->cap, sizeof *p->ring);
        p->threads = calloc(n_threads ? n_threads : 1, sizeof *p->threads);
    }
    if (!p || !p->ring || !p->threads) {
        if (p) {
            free(p->ring);
            free(p->threads);
        }
        free(p);
        snprintf(errbuf, errlen, "out of memory");
        return -1;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->ready, NULL);
    for (unsigned i = 0; i < (n_threads ? n_threads : 1); i++) {
        int rc = pthread_create(&p->threads[i], NULL, worker_main, p);
        if (rc) {
            snprintf(errbuf, errlen, "cannot start a worker thread (%s)", ls_strerror(rc));
            taskpool_stop(p);
            return -1;
        }
        p->n_threads++;
    }
    *out = p;
    return 0;
}

int taskpool_submit(struct taskpool *p, taskpool_fn fn, void *arg)
{
    pthread_mutex_lock(&p->mu);
    int full = p->stopping || p->count == p->cap;
    if (!full) {
        p->ring[(p->head + p->count) % p->cap] = (struct task){ fn, arg };
        p->count++;
        pthread_cond_signal(&p->ready);
    }
    pthread_mutex_unlock(&p->mu);
    return full ? -1 : 0;
}

unsigned taskpool_pending(struct taskpool *p)
{
    pthread_mutex_lock(&p->mu);
    unsigned n = p->count + p->running;
    pthread_mutex_unlock(&p->mu);
    return n;
}

void taskpool_stop(struct taskpool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stopping = 1;
    pthread_cond_broadcast(&p->ready);
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < p->n_threads; i++)
        pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->ready);
    free(p->ring);
    free(p->threads);
    free(p);
}
