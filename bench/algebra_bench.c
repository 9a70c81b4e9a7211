/*
 * Map algebra through the whole engine, next to the memory-streaming limit measured in the
 * same process on the same arrays: the executor (strips, workers, ordered commit) running the
 * expression "A*B+C" over three Float32 rasters held in memory (rs_source_wrap) into a
 * Float32 raster in memory (rs_sink_wrap), against the plain triad out = a·b + c split over
 * the same threads. Both move 16 bytes per cell between memory and the CPU; the engine adds
 * what it costs: Float32 → double strips, the expression's chunks, double → Float32 output.
 * Prints the best of five passes of each, interleaved, and the ratio.
 *   algebra_bench CELLS THREADS [STRIP_ROWS]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "raster/exec.h"
#include "raster/expr.h"
#include "triad.h"

static int expr_kernel(const struct rs_block *b, void *ctx, struct ls_err *err)
{
    const float *vars32[26] = { b->in32[0], b->in32[1], b->in32[2] };
    const double *vars[RS_EXPR_NVAR] = { 0 };
    if (rs_expr_eval_f32(ctx, vars32, vars, (size_t)b->nx * (size_t)b->nrows, b->out[0]))
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: algebra_bench CELLS THREADS [STRIP_ROWS]\n");
        return 1;
    }
    size_t n = strtoull(argv[1], NULL, 10);
    int threads = atoi(argv[2]);
    long strip = argc > 3 ? atol(argv[3]) : 0;
    if (n < 4096 || threads < 1 || threads > 64)
        return 1;
    struct rs_grid g = { .nx = 4096, .ny = (long)(n / 4096), .gt = { 0, 30, 0, 0, 0, -30 } };
    n = rs_grid_cells(&g);
    float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c),
          *o = malloc(n * sizeof *o), *t = malloc(n * sizeof *t);
    if (!a || !b || !c || !o || !t)
        return 2;
    for (size_t i = 0; i < n; i++) {
        a[i] = (float)(i % 1000);
        b[i] = 0.5f;
        c[i] = 1.0f;
        o[i] = t[i] = 0;
    }
    struct ls_err err = { 0 };
    struct rs_expr *e = NULL;
    struct rs_source src[3];
    if (rs_expr_compile("A*B+C", &e, NULL, &err) ||
        rs_source_wrap("a", &g, GDT_Float32, a, &src[0], &err) ||
        rs_source_wrap("b", &g, GDT_Float32, b, &src[1], &err) ||
        rs_source_wrap("c", &g, GDT_Float32, c, &src[2], &err)) {
        fprintf(stderr, "algebra_bench: %s\n", err.msg);
        return 2;
    }
    struct rs_exec_opts opts = { .threads = threads, .strip_rows = strip };
    double best_engine = 1e30, best_triad = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        struct rs_sink *sink = NULL;
        struct rs_job job = {
            .inputs = src, .n_in = 3, .in_f32 = 1, .kernel = expr_kernel, .ctx = e
        };
        job.outputs = &sink;
        job.n_out = 1;
        double t0 = now();
        if (rs_sink_wrap("out", &g, GDT_Float32, o, &sink, &err) ||
            rs_exec_run(&job, &g, &opts, &err) || rs_sink_commit(sink, &err)) {
            fprintf(stderr, "algebra_bench: %s\n", err.msg);
            return 2;
        }
        double t1 = now();
        struct triad_part parts[64];
        for (int k = 0; k < threads; k++)
            parts[k] = (struct triad_part){
                a, b, c, t, n * (size_t)k / (size_t)threads, n * (size_t)(k + 1) / (size_t)threads
            };
        rs_run_each(parts, sizeof *parts, threads, triad);
        double t2 = now();
        if (t1 - t0 < best_engine)
            best_engine = t1 - t0;
        if (t2 - t1 < best_triad)
            best_triad = t2 - t1;
    }
    if (memcmp(o, t, n * sizeof *o) != 0) {
        fprintf(stderr, "algebra_bench: the engine's cells differ from the triad's\n");
        return 3;
    }
    printf("map algebra A*B+C in memory, %zu cells, %d thread(s): engine %.0f Mcells/s "
           "(%.2f GB/s), streaming triad %.0f Mcells/s (%.2f GB/s): the engine takes %.2fx "
           "the triad's time\n",
           n, threads, (double)n / best_engine / 1e6, 16.0 * (double)n / best_engine / 1e9,
           (double)n / best_triad / 1e6, 16.0 * (double)n / best_triad / 1e9,
           best_engine / best_triad);
    rs_expr_free(e);
    free(a);
    free(b);
    free(c);
    free(o);
    free(t);
    return 0;
}
