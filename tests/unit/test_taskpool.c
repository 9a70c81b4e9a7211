/*
 * server/taskpool: tasks run in the order queued on the pool's threads; a full queue is
 * refused and never grown; stopping runs what is queued first; a task runs at a lower
 * priority than the thread that queued it.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "server/taskpool.h"

struct gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int open, started;
    int order[8], n;
    int nice_seen;
};

static struct gate g = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, { 0 }, 0, 0 };

/* the first task waits at the gate, holding the pool's only thread */
static void blocker(void *arg)
{
    pid_t tid = (pid_t)syscall(SYS_gettid);
    pthread_mutex_lock(&g.mu);
    g.nice_seen = getpriority(PRIO_PROCESS, (id_t)tid);
    g.started = 1;
    pthread_cond_broadcast(&g.cv);
    while (!g.open)
        pthread_cond_wait(&g.cv, &g.mu);
    g.order[g.n++] = (int)(size_t)arg;
    pthread_mutex_unlock(&g.mu);
}

static void record(void *arg)
{
    pthread_mutex_lock(&g.mu);
    g.order[g.n++] = (int)(size_t)arg;
    pthread_mutex_unlock(&g.mu);
}

static void bounded_queue_in_order(void **state)
{
    (void)state;
    struct taskpool *p = NULL;
    char why[128];
    assert_int_equal(taskpool_start(1, 2, &p, why, sizeof why), 0);
    assert_int_equal(taskpool_submit(p, blocker, (void *)1), 0);
    pthread_mutex_lock(&g.mu);
    while (!g.started)
        pthread_cond_wait(&g.cv, &g.mu);
    pthread_mutex_unlock(&g.mu);
    /* the thread is busy: two more wait in the queue, the third is refused */
    assert_int_equal(taskpool_submit(p, record, (void *)2), 0);
    assert_int_equal(taskpool_submit(p, record, (void *)3), 0);
    assert_int_equal(taskpool_pending(p), 3);
    assert_int_equal(taskpool_submit(p, record, (void *)4), -1);
    pthread_mutex_lock(&g.mu);
    g.open = 1;
    pthread_cond_broadcast(&g.cv);
    pthread_mutex_unlock(&g.mu);
    taskpool_stop(p); /* runs 2 and 3 before it returns */
    assert_int_equal(g.n, 3);
    assert_int_equal(g.order[0], 1);
    assert_int_equal(g.order[1], 2);
    assert_int_equal(g.order[2], 3);
    int base = getpriority(PRIO_PROCESS, 0);
    assert_int_equal(g.nice_seen, base + 5 > 19 ? 19 : base + 5); /* nice stops at 19 */
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(bounded_queue_in_order) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
