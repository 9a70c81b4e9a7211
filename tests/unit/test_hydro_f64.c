/*
 * Routing a Float64 DEM keeps its precision (issue 16, defect 4). Differences of 1e-9 m at
 * 1,000 m are below a float's step there (6.1e-5 m), so a Float32 path sees flats where the
 * DEM has slopes. Checked against independent truth computed here by other algorithms: the
 * lowest depression-free surface by Planchon & Darboux's iteration (2001) instead of the
 * priority-flood, steepest-descent receivers by brute force, and D8 accumulation by walking
 * every cell's path downstream instead of pulling totals.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "raster/dem.h"
#include "raster/hydro.h"
#include "raster/routing.h"
#include "raster/tiled.h"
#include "raster_fixture.h"
#include "routing_collect.h"

#define STEP 1e-9 /* metres per cell: a thousand times below a float's resolution at 1,000 m */

/* A plane at 1,000 m falling STEP per cell to the east. */
static double *east_plane(long nx, long ny)
{
    double *z = malloc((size_t)(nx * ny) * sizeof *z);
    for (long r = 0; r < ny; r++)
        for (long c = 0; c < nx; c++)
            z[r * nx + c] = 1000.0 - STEP * (double)c;
    return z;
}

static void float64_plane_routes_as_a_plane(void **state)
{
    (void)state;
    long nx = 40, ny = 30;
    size_t n = (size_t)(nx * ny);
    struct rs_grid g = fixture_grid(nx, ny, 0, 30);
    double *z = east_plane(nx, ny), *orig = east_plane(nx, ny);
    struct rs_fill_stats st;
    struct ls_err err = { 0 };
    assert_int_equal(rs_fill_f64(&g, z, 0, &st, &err), 0);
    /* a plane has no depression: the plain priority-flood surface is the DEM itself */
    assert_memory_equal(z, orig, n * sizeof *z);
    assert_int_equal(st.raised, 0);
    uint8_t *dir = malloc(n);
    double *acc = malloc(n * sizeof *acc);
    assert_int_equal(rs_flowdir_d8_f64(&g, z, 0, dir, 2, &err), 0);
    for (long r = 0; r < ny; r++)
        for (long c = 0; c < nx; c++)
            assert_int_equal(dir[r * nx + c], c < nx - 1 ? 0 : RS_D8_OUTLET); /* east */
    assert_int_equal(rs_flowacc_d8(&g, dir, NULL, acc, NULL, &err), 0);
    for (long r = 0; r < ny; r++)
        for (long c = 0; c < nx; c++)
            assert_true(acc[r * nx + c] == (double)(c + 1));
    /* MFD sends water to the east, north-east and south-east neighbours; none leaves before
     * the last column, which receives all of it */
    assert_int_equal(rs_flowacc_mfd_f64(&g, z, dir, NULL, 1.0, acc, NULL, &err), 0);
    double east_edge = 0;
    for (long r = 0; r < ny; r++)
        east_edge += acc[r * nx + nx - 1];
    assert_true(fabs(east_edge - (double)n) < 1e-9 * (double)n);
    assert_true(acc[(ny / 2) * nx + 1] > 1.0 && acc[(ny / 2) * nx + 1] < 3.0);

    /* the same DEM rounded to float is a flat, routed to its nearest edges: the defect */
    float *f = malloc(n * sizeof *f);
    for (size_t i = 0; i < n; i++)
        f[i] = (float)orig[i];
    assert_int_equal(rs_fill_f32(&g, f, 0, NULL, &err), 0);
    assert_int_equal(rs_flowdir_d8_f32(&g, f, 0, dir, 1, &err), 0);
    size_t not_east = 0;
    for (long r = 0; r < ny; r++)
        for (long c = 0; c < nx - 1; c++)
            not_east += dir[r * nx + c] != 0;
    assert_true(not_east > n / 4);
    free(f);
    free(z);
    free(orig);
    free(dir);
    free(acc);
}

/* A rough surface with pits, flats and a nodata hole; relief of a few micrometres on 1,000 m,
 * so every difference is invisible in float. */
static double *micro_dem(long nx, long ny, uint64_t seed)
{
    double *z = malloc((size_t)(nx * ny) * sizeof *z);
    for (long r = 0; r < ny; r++)
        for (long c = 0; c < nx; c++) {
            uint64_t h = ((uint64_t)(r * nx + c) + seed) * 0x9E3779B97F4A7C15u;
            h ^= h >> 29;
            double noise = (double)(h >> 40) / (double)(1u << 24);
            double v = 3 * sin((double)c / 9) * cos((double)r / 7) + 2 * noise;
            z[r * nx + c] = 1000.0 + STEP * round(1000 * v) / 10; /* steps of 1e-10 m */
        }
    for (long r = ny / 3; r < ny / 3 + 4; r++)
        for (long c = nx / 2; c < nx / 2 + 5; c++)
            z[r * nx + c] = NAN;
    return z;
}

static int on_rim(const struct rs_grid *g, const double *z, long r, long c)
{
    if (r == 0 || c == 0 || r == g->ny - 1 || c == g->nx - 1)
        return 1;
    for (int k = 0; k < 8; k++)
        if (isnan(z[(r + rs_d8_dy[k]) * g->nx + c + rs_d8_dx[k]]))
            return 1;
    return 0;
}

/* Planchon & Darboux: W starts at +inf inside and at z on the rim; W = max(z, min neighbour W)
 * until nothing changes — the lowest surface without depressions, by another algorithm. */
static double *reference_fill(const struct rs_grid *g, const double *z)
{
    long nx = g->nx, ny = g->ny;
    double *w = malloc((size_t)(nx * ny) * sizeof *w);
    for (long r = 0; r < ny; r++)
        for (long c = 0; c < nx; c++) {
            long i = r * nx + c;
            w[i] = isnan(z[i]) || on_rim(g, z, r, c) ? z[i] : INFINITY;
        }
    for (int changed = 1; changed;) {
        changed = 0;
        for (long r = 1; r < ny - 1; r++)
            for (long c = 1; c < nx - 1; c++) {
                long i = r * nx + c;
                if (isnan(z[i]) || on_rim(g, z, r, c))
                    continue;
                double m = INFINITY;
                for (int k = 0; k < 8; k++)
                    m = fmin(m, w[(r + rs_d8_dy[k]) * nx + c + rs_d8_dx[k]]);
                double v = fmax(z[i], m);
                if (v < w[i]) {
                    w[i] = v;
                    changed = 1;
                }
            }
    }
    return w;
}

static void float64_fill_and_d8_equal_independent_references(void **state)
{
    (void)state;
    long nx = 61, ny = 47;
    size_t n = (size_t)(nx * ny);
    struct rs_grid g = fixture_grid(nx, ny, 0, 30);
    double *z = micro_dem(nx, ny, 5), *par = micro_dem(nx, ny, 5);
    double *want = reference_fill(&g, z);
    struct rs_fill_stats st;
    struct ls_err err = { 0 };
    assert_int_equal(rs_fill_f64(&g, z, 0, &st, &err), 0);
    assert_true(st.raised > 20); /* the surface had depressions */
    assert_memory_equal(z, want, n * sizeof *z);
    assert_int_equal(rs_fill_parallel_f64(&g, par, 2, NULL, &err), 0);
    assert_memory_equal(par, want, n * sizeof *par);

    /* steepest descent wherever a cell has a lower neighbour, by brute force */
    uint8_t *dir = malloc(n);
    assert_int_equal(rs_flowdir_d8_f64(&g, z, 0, dir, 2, &err), 0);
    size_t sloped = 0;
    for (long r = 0; r < ny; r++)
        for (long c = 0; c < nx; c++) {
            long i = r * nx + c;
            if (isnan(z[i]))
                continue;
            double dx, dy;
            rs_grid_cell_size_m(&g, r, &dx, &dy);
            int best = -1;
            double best_s = 0;
            for (int k = 0; k < 8; k++) {
                long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
                if (rr < 0 || cc < 0 || rr >= ny || cc >= nx || !(z[rr * nx + cc] < z[i]))
                    continue;
                double d = k % 2 ? sqrt(dx * dx + dy * dy) : k % 4 == 0 ? dx : dy;
                double s = (z[i] - z[rr * nx + cc]) / d;
                if (s > best_s) {
                    best_s = s;
                    best = k;
                }
            }
            if (best >= 0) {
                assert_int_equal(dir[i], best);
                sloped++;
            }
        }
    assert_true(sloped > n / 2);

    /* D8 accumulation by walking each cell's path to where it leaves the grid */
    double *acc = malloc(n * sizeof *acc), *walked = calloc(n, sizeof *walked);
    assert_int_equal(rs_flowacc_d8(&g, dir, NULL, acc, NULL, &err), 0);
    for (size_t i = 0; i < n; i++) {
        if (isnan(z[i]))
            continue;
        for (size_t j = i, steps = 0; j != (size_t)-1; j = rs_d8_down(&g, dir, j), steps++) {
            assert_true(steps <= n); /* no cycle */
            walked[j] += 1;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (!isnan(z[i]))
            assert_true(acc[i] == walked[i]);
    free(z);
    free(par);
    free(want);
    free(dir);
    free(acc);
    free(walked);
}

/* Out of core from a Float64 GeoTIFF, in bands of 1 to all rows: the in-memory bits. */
static void float64_tiled_equals_in_memory(void **state)
{
    (void)state;
    long nx = 61, ny = 47;
    size_t n = (size_t)(nx * ny);
    struct rs_grid g = fixture_grid(nx, ny, 0, 30);
    double *z = micro_dem(nx, ny, 9);
    char path[1024];
    snprintf(path, sizeof path, "%s", fixture_write("dem64.tif", &g, z, GDT_Float64));
    struct ls_err err = { 0 };
    struct rs_source src;
    assert_int_equal(rs_source_open(path, 1, &src, &err), 0);
    assert_int_equal(src.type, GDT_Float64);
    struct rs_routing mem;
    assert_int_equal(rs_routing_fill(&src, 2, 0, 4, 1u << 30, "test", &mem, &err), 0);
    assert_int_equal(mem.elev_type, GDT_Float64);
    double *filled = malloc(n * sizeof *filled);
    memcpy(filled, mem.z, n * sizeof *filled);
    assert_int_equal(rs_routing_directions(&mem, 0, 2, &err), 0);
    assert_int_equal(rs_routing_accumulate(&mem, NULL, 0, 1, &err), 0);
    rs_source_close(&src);
    const long rows[3] = { 1, 6, 1000 };
    for (int k = 0; k < 3; k++) {
        struct routed c = { .dir = malloc(n),
                            .acc = malloc(n * sizeof(double)),
                            .nx = nx,
                            .z = calloc(n, sizeof(double)) };
        struct rs_tiled_opts o = { 2, rows[k] };
        assert_int_equal(rs_source_open(path, 1, &src, &err), 0);
        assert_int_equal(rs_fill_tiled_f64(&src, &o, collect_z64, &c, NULL, &err), 0);
        assert_memory_equal(c.z, filled, n * sizeof *filled);
        struct rs_route_job job = { .dem = &src,
                                    .scratch_near = path,
                                    .dir_rows = collect_dirs,
                                    .acc_rows = collect_acc,
                                    .ctx = &c };
        struct rs_route_stats st;
        assert_int_equal(rs_route_tiled(&job, &o, &st, &err), 0);
        assert_memory_equal(c.dir, mem.dir, n);
        assert_memory_equal(c.acc, mem.acc, n * sizeof(double));
        rs_source_close(&src);
        free(c.z);
        free(c.dir);
        free(c.acc);
    }
    rs_routing_free(&mem);
    free(filled);
    free(z);
}

/* The epsilon fill steps one double above the cell it came from, not one float. */
static void float64_epsilon_fill_steps_by_a_double(void **state)
{
    (void)state;
    long nx = 5, ny = 5;
    struct rs_grid g = fixture_grid(nx, ny, 0, 30);
    double z[25];
    for (int i = 0; i < 25; i++)
        z[i] = 1000.0 + 9 * STEP;
    z[12] = 1000.0 + STEP;     /* a pit */
    z[14] = 1000.0 + 5 * STEP; /* the rim's lowest cell, on the east edge */
    z[13] = 1000.0 + 6 * STEP;
    double plain[25];
    memcpy(plain, z, sizeof z);
    struct ls_err err = { 0 };
    assert_int_equal(rs_fill_f64(&g, plain, 0, NULL, &err), 0);
    assert_true(plain[12] == 1000.0 + 6 * STEP); /* raised to the spill over the 6 */
    assert_int_equal(rs_fill_f64(&g, z, 1, NULL, &err), 0);
    assert_true(z[12] == nextafter(1000.0 + 6 * STEP, INFINITY));
}

int main(void)
{
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(float64_plane_routes_as_a_plane),
        cmocka_unit_test(float64_fill_and_d8_equal_independent_references),
        cmocka_unit_test(float64_tiled_equals_in_memory),
        cmocka_unit_test(float64_epsilon_fill_steps_by_a_double),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
