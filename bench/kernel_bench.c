/*
 * Map algebra kernels in memory, next to the streaming limit measured the same way: the
 * expression engine evaluating "A*B+C" over double arrays (what the executor hands a kernel)
 * against a hand-written loop over the same arrays. Prints Mcells/s and the ratio.
 *   kernel_bench CELLS
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "raster/expr.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 16000000;
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c),
           *o = malloc(n * sizeof *o);
    if (!a || !b || !c || !o)
        return 2;
    for (size_t i = 0; i < n; i++) {
        a[i] = (double)(i % 1000);
        b[i] = 0.5;
        c[i] = 1.0;
    }
    struct rs_expr *e = NULL;
    struct ls_err err = { 0 };
    if (rs_expr_compile("A*B+C", &e, NULL, &err))
        return 1;
    const double *vars[RS_EXPR_NVAR] = { a, b, c };
    double best_expr = 1e30, best_loop = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        double t0 = now();
        rs_expr_eval(e, vars, n, o);
        double t1 = now();
        for (size_t i = 0; i < n; i++)
            o[i] = a[i] * b[i] + c[i];
        double t2 = now();
        if (t1 - t0 < best_expr)
            best_expr = t1 - t0;
        if (t2 - t1 < best_loop)
            best_loop = t2 - t1;
    }
    printf("kernel A*B+C on %zu double cells, 1 thread: expression %.0f Mcells/s, hand loop "
           "%.0f Mcells/s (expression takes %.2fx the loop's time; check %.0f)\n",
           n, (double)n / best_expr / 1e6, (double)n / best_loop / 1e6, best_expr / best_loop,
           o[n / 2]);
    rs_expr_free(e);
    free(a);
    free(b);
    free(c);
    free(o);
    return 0;
}
