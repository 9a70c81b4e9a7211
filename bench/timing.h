/* What the latency benches share: a monotonic clock in milliseconds and the comparison that
 * sorts latencies for their percentiles. */
#ifndef LS_BENCH_TIMING_H
#define LS_BENCH_TIMING_H

#include <time.h>

static inline double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

/* qsort order of doubles, ascending */
static inline int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#endif
