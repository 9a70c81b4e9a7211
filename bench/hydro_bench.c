/*
 * Routing in memory, step by step, without file I/O: load the DEM, then time priority-flood
 * filling, D8 directions (1 and 2 threads), D8 accumulation and MFD accumulation.
 *   hydro_bench DEM.tif
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cpl_error.h>
#include <gdal.h>

#include "raster/dem.h"
#include "raster/hydro.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: hydro_bench DEM.tif\n");
        return 1;
    }
    GDALAllRegister();
    struct rs_source s;
    struct ls_err err = { 0 };
    float *z = NULL;
    double t0 = now();
    if (rs_source_open(argv[1], 1, &s, &err) || rs_load_f32(&s, &z, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    struct rs_grid g = s.grid;
    rs_source_close(&s);
    size_t n = rs_grid_cells(&g);
    double t1 = now();
    uint8_t *dir = malloc(n);
    double *acc = malloc(n * sizeof *acc);
    struct rs_fill_stats st;
    if (!dir || !acc || rs_fill_f32(&g, z, 0, &st, &err))
        return 2;
    double t2 = now();
    /* the same fill on two bands at once, from a fresh copy of the DEM */
    float *z2 = NULL;
    struct rs_fill_stats st2;
    if (rs_source_open(argv[1], 1, &s, &err) || rs_load_f32(&s, &z2, &err))
        return 1;
    rs_source_close(&s);
    double tp0 = now();
    if (rs_fill_parallel_f32(&g, z2, 2, &st2, &err))
        return 2;
    double tp1 = now();
    int same = memcmp(z, z2, n * sizeof *z) == 0;
    free(z2);
    double t2b = now();
    rs_flowdir_d8_f32(&g, z, 0, dir, 1, &err);
    double t3 = now();
    rs_flowdir_d8_f32(&g, z, 0, dir, 2, &err);
    double t4 = now();
    rs_flowacc_d8(&g, dir, NULL, acc, NULL, &err);
    double t5 = now();
    rs_flowacc_mfd_f32(&g, z, dir, NULL, 1.0, acc, NULL, &err);
    double t6 = now();
    double mc = (double)n / 1e6;
    printf("in memory, %zu cells: load %.2f s; fill %.2f s 1 thr (%.1f Mcells/s, %zu raised), "
           "%.2f s 2 thr (%s); "
           "D8 dir %.2f s 1 thr, %.2f s 2 thr; D8 acc %.2f s (%.1f Mcells/s); "
           "MFD acc %.2f s (%.1f Mcells/s)\n",
           n, t1 - t0, t2 - t1, mc / (t2 - t1), st.raised, tp1 - tp0,
           same ? "identical" : "DIFFERENT", t3 - t2b, t4 - t3, t5 - t4, mc / (t5 - t4), t6 - t5,
           mc / (t6 - t5));
    free(z);
    free(dir);
    free(acc);
    return 0;
}
