/*
 * Vertical allocation at national scale (issue 22's figure: 3,000 counties, 10 factors, ≤ 50 ms):
 * a deterministic factor table of N counties written as the CSV a bureau hands in, a 10-factor
 * scheme (two components, an EI adjustment and a floor, so every step runs), then the median of
 * 21 runs of
 *   kernel     cmp_allocate on the arrays (shares, floors, adjustments, rounding);
 *   whole      cmp_run: scheme and table read and checked, the kernel, the result with every
 *              factor and share (what `compensate allocate` computes before writing);
 *   floor      ls_csv_read of the same table alone — the least any allocation from a file costs;
 * printed with whole / floor.
 *   compensation_bench [N]
 */
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/csv.h"
#include "base/rng.h"
#include "compensation/compensation.h"
#include "timing.h"

#define RUNS 21

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 3000;
    char dir[64], path[128];
    snprintf(dir, sizeof dir, "/tmp/compensation_bench.%ld", (long)getpid());
    snprintf(path, sizeof path, "mkdir -p %s", dir);
    if (system(path))
        return 1;
    snprintf(path, sizeof path, "%s/factors.csv", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "region,name,f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,ei_before,ei_after,last_year_wan\n");
    struct ls_rng r;
    ls_rng_seed(&r, 22);
    double *x = malloc((size_t)n * 10 * sizeof *x);
    for (int i = 0; i < n; i++) {
        fprintf(f, "%06d,county %d", 100000 + i, i);
        for (int k = 0; k < 10; k++) {
            x[i * 10 + k] = floor(ls_rng_uniform(&r) * 100000) / 100;
            fprintf(f, ",%.2f", x[i * 10 + k]);
        }
        fprintf(f, ",%.1f,%.1f,%d\n", 60 + ls_rng_uniform(&r) * 20, 60 + ls_rng_uniform(&r) * 20,
                (int)(ls_rng_uniform(&r) * 150));
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/scheme.json", dir);
    f = fopen(path, "w");
    fprintf(f, "{\"scheme\":\"bench\",\"version\":\"1\",\"valid_from\":\"2020-01-01\",\"kind\":"
               "\"vertical\",\"source\":\"bench\",\"verified\":true,\"components\":[");
    for (int c = 0; c < 2; c++) {
        fprintf(f, "%s{\"id\":\"c%d\",\"pool_share\":0.5,\"method\":\"factors\",\"factors\":[",
                c ? "," : "", c);
        for (int k = 0; k < 5; k++)
            fprintf(f, "%s{\"id\":\"f%d\",\"weight\":0.2}", k ? "," : "", c * 5 + k + 1);
        fprintf(f, "]}");
    }
    fprintf(f, "],\"adjustments\":{\"before\":\"ei_before\",\"after\":\"ei_after\",\"bands\":["
               "{\"min\":null,\"max\":-2,\"rate\":-0.1},{\"min\":-2,\"max\":2,\"rate\":0},"
               "{\"min\":2,\"max\":null,\"rate\":0.05}]},\"floor\":{\"factor\":\"last_year_wan\","
               "\"ratio\":1}}\n");
    fclose(f);
    double pool = 100.0 * n, w[10], t[RUNS];
    for (int k = 0; k < 10; k++)
        w[k] = 0.1;
    double *share = malloc((size_t)n * sizeof(double) * 4);
    long long *wan = malloc((size_t)n * sizeof *wan);
    int *bound = malloc((size_t)n * sizeof *bound * 2);
    struct cmp_alloc_in in = { .n = n, .k = 10, .x = x, .w = w, .pool = pool };
    struct cmp_alloc_out out = { share, share + n, share + 2 * n, share + 3 * n,
                                 wan,   bound,     bound + n,     0 };
    struct ls_err err = { 0 };
    for (int i = 0; i < RUNS; i++) {
        double t0 = now_ms();
        if (cmp_allocate(&in, &out, &err))
            return 1;
        t[i] = now_ms() - t0;
    }
    double kernel = median(t, RUNS);
    json_t *req = json_pack("{s:s,s:i,s:s,s:f,s:s}", "allocation", "BENCH", "year", 2024, "scheme",
                            "scheme.json", "pool_wan", pool, "factors", "factors.csv");
    for (int i = 0; i < RUNS; i++) {
        json_t *o = NULL;
        double t0 = now_ms();
        if (cmp_run(req, "bench", dir, NULL, &o, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        t[i] = now_ms() - t0;
        json_decref(o);
        /* the last run's 150,000 freed JSON nodes would otherwise be consolidated by glibc
         * inside the next timed run: a command runs once in a fresh process */
        malloc_trim(0);
    }
    double whole = median(t, RUNS);
    snprintf(path, sizeof path, "%s/factors.csv", dir);
    for (int i = 0; i < RUNS; i++) {
        struct ls_csv c;
        double t0 = now_ms();
        if (ls_csv_read(path, &c, &err))
            return 1;
        t[i] = now_ms() - t0;
        ls_csv_free(&c);
    }
    double floor_ms = median(t, RUNS);
    printf("kernel (shares, floors, adjustments, rounding)  %8.3f ms\n", kernel);
    printf("whole allocation (read, check, allocate, result) %8.3f ms  goal <= 50 ms: %s\n", whole,
           whole <= 50 ? "met" : "MISSED");
    printf("floor: reading the factor table alone            %8.3f ms  whole / floor %.1fx\n",
           floor_ms, whole / floor_ms);
    json_decref(req);
    free(x);
    free(share);
    free(wan);
    free(bound);
    snprintf(path, sizeof path, "rm -rf %s", dir);
    return system(path) != 0;
}
