/* The streaming yardstick the benches share: out = a·b + c over a range of Float32 arrays. */
#ifndef LS_BENCH_TRIAD_H
#define LS_BENCH_TRIAD_H

#include <stddef.h>

struct triad_part {
    const float *a, *b, *c;
    float *out;
    size_t lo, hi;
};

static inline void *triad(void *arg)
{
    struct triad_part *p = arg;
    for (size_t i = p->lo; i < p->hi; i++)
        p->out[i] = p->a[i] * p->b[i] + p->c[i];
    return NULL;
}

#endif
