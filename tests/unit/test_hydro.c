/*
 * Terrain routing on hand-computed grids: priority-flood raises a pit to its spill level (and
 * just above it in the epsilon variant); D8 takes the steepest drop with diagonals over √2;
 * flats drain toward their spill point; accumulation counts each cell itself; MFD conserves
 * every cell's water; watersheds and distances to stream follow the D8 paths.
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
#include "raster/tiled.h"
#include "raster_fixture.h"
#include "routing_collect.h"

static struct rs_grid grid(long nx, long ny)
{
    struct rs_grid g;
    memset(&g, 0, sizeof g);
    g.nx = nx;
    g.ny = ny;
    double gt[6] = { 0, 30, 0, 0, 0, -30 };
    memcpy(g.gt, gt, sizeof gt);
    return g;
}

static void fill_raises_a_pit_to_its_spill_level(void **state)
{
    (void)state;
    struct rs_grid g = grid(5, 5);
    /* a bowl with a pit at the centre and its rim's lowest point (5) on the east edge */
    float z[25] = { 9,      9, 9, 9, 9, /**/ 9, 6, 7, 8, 9, /**/ 9, 7, 1, 6, 5,
                    /**/ 9, 8, 7, 6, 9, /**/ 9, 9, 9, 9, 9 };
    float orig[25];
    memcpy(orig, z, sizeof z);
    struct rs_fill_stats st;
    struct ls_err err = { 0 };
    assert_int_equal(rs_fill_f32(&g, z, 0, &st, &err), 0);
    /* the pit and the cells below 6 inside drain over the 6s to the 5 */
    for (int i = 0; i < 25; i++) {
        float want = orig[i];
        if (i == 12)
            want = 6;
        assert_true(z[i] == want);
    }
    assert_int_equal(st.raised, 1);
    assert_true(st.max_raise == 5);
    assert_int_equal(st.seeds, 16);

    /* epsilon: the raised pit sits one float step above the neighbour it was reached from */
    memcpy(z, orig, sizeof z);
    assert_int_equal(rs_fill_f32(&g, z, 1, &st, &err), 0);
    assert_true(z[12] == nextafterf(6.0f, INFINITY));
    uint8_t dir[25];
    assert_int_equal(rs_flowdir_d8_f32(&g, z, 0, dir, 1, &err), 0);
    /* every interior cell has a strictly lower D8 receiver */
    for (int r = 1; r < 4; r++)
        for (int c = 1; c < 4; c++) {
            int i = r * 5 + c, k = dir[i];
            assert_true(k < 8);
            assert_true(z[(r + rs_d8_dy[k]) * 5 + c + rs_d8_dx[k]] < z[i]);
        }
}

static void d8_takes_the_steepest_drop_with_diagonal_distance(void **state)
{
    (void)state;
    struct rs_grid g = grid(3, 3);
    /* centre 10: east drops 3 over 30 m (0.1); south-east drops 4 over 42.43 m (0.094) */
    float z[9] = { 12, 12, 12, /**/ 12, 10, 7, /**/ 12, 12, 6 };
    uint8_t dir[9];
    struct ls_err err = { 0 };
    assert_int_equal(rs_fill_f32(&g, z, 0, NULL, &err), 0);
    assert_int_equal(rs_flowdir_d8_f32(&g, z, 0, dir, 1, &err), 0);
    assert_int_equal(dir[4], 0); /* E */
    z[8] = 5.5f;                 /* south-east: 4.5/42.43 = 0.106 > 0.1 */
    assert_int_equal(rs_flowdir_d8_f32(&g, z, 0, dir, 1, &err), 0);
    assert_int_equal(dir[4], 7); /* SE */
    /* edge cells: the corner 6/5.5 has no lower neighbour → off the grid; the top-left 12
     * drains inward to the 10; with --edges outward every edge cell leaves the grid */
    assert_int_equal(dir[8], RS_D8_OUTLET);
    assert_int_equal(dir[0], 7);
    assert_int_equal(rs_flowdir_d8_f32(&g, z, 1, dir, 1, &err), 0);
    assert_int_equal(dir[0], RS_D8_OUTLET);
    assert_int_equal(dir[4], 7);
}

/* A plane falling to the east: accumulation is the column number plus one; MFD keeps all
 * the water; watersheds and distances follow the rows. */
static void plane_accumulation_watershed_distance(void **state)
{
    (void)state;
    long nx = 6, ny = 4;
    struct rs_grid g = grid(nx, ny);
    float z[24];
    for (long r = 0; r < ny; r++)
        for (long c = 0; c < nx; c++)
            z[r * nx + c] = (float)(100 - 2 * c);
    uint8_t dir[24];
    double acc[24];
    struct ls_err err = { 0 };
    assert_int_equal(rs_fill_f32(&g, z, 0, NULL, &err), 0);
    assert_int_equal(rs_flowdir_d8_f32(&g, z, 0, dir, 2, &err), 0);
    assert_int_equal(rs_flowacc_d8(&g, dir, NULL, acc, NULL, &err), 0);
    for (long r = 0; r < ny; r++)
        for (long c = 0; c < nx; c++)
            assert_true(acc[r * nx + c] == (double)(c + 1));
    /* weighted: weight 2 everywhere, one nodata weight counted as zero */
    float w[24];
    for (int i = 0; i < 24; i++)
        w[i] = 2;
    w[0] = NAN;
    size_t nanw = 0;
    assert_int_equal(rs_flowacc_d8(&g, dir, w, acc, &nanw, &err), 0);
    assert_int_equal(nanw, 1);
    assert_true(acc[5] == 10 && acc[11] == 12);
    /* MFD on the plane: each cell sends to E (2/30), NE and SE (2/42.43): totals conserved */
    assert_int_equal(rs_flowacc_mfd_f32(&g, z, dir, NULL, 1.0, acc, NULL, &err), 0);
    double out = 0;
    for (long r = 0; r < ny; r++)
        out += acc[r * nx + nx - 1];
    assert_true(fabs(out - 24) < 1e-9);
    /* the first column receives nothing */
    assert_true(acc[0] == 1 && acc[nx] == 1);
    /* watersheds of rows 1 and 2 from outlets at their east ends */
    size_t outlets[2] = { (size_t)(1 * nx + 5), (size_t)(2 * nx + 5) };
    int32_t label[24];
    assert_int_equal(rs_watershed(&g, dir, outlets, 2, label, &err), 0);
    for (long c = 0; c < nx; c++) {
        assert_int_equal(label[c], 0);
        assert_int_equal(label[nx + c], 1);
        assert_int_equal(label[2 * nx + c], 2);
    }
    /* distance to a stream in column 4: 30 m per column; column 5 never meets it */
    uint8_t stream[24] = { 0 };
    for (long r = 0; r < ny; r++)
        stream[r * nx + 4] = 1;
    double dist[24];
    assert_int_equal(rs_downslope_distance(&g, dir, stream, dist, &err), 0);
    assert_true(dist[0] == 120 && dist[3] == 30 && dist[4] == 0 && isnan(dist[5]));
}

static void flats_drain_to_their_spill_point(void **state)
{
    (void)state;
    long nx = 7, ny = 5;
    struct rs_grid g = grid(nx, ny);
    float z[35];
    for (int i = 0; i < 35; i++)
        z[i] = 50; /* walls */
    for (long r = 1; r < 4; r++)
        for (long c = 1; c < 6; c++)
            z[r * nx + c] = 10; /* a flat lake */
    z[2 * nx + 6] = 5;          /* its only outlet, on the east edge */
    uint8_t dir[35];
    double acc[35];
    struct ls_err err = { 0 };
    assert_int_equal(rs_fill_f32(&g, z, 0, NULL, &err), 0);
    assert_int_equal(rs_flowdir_d8_f32(&g, z, 0, dir, 1, &err), 0);
    assert_int_equal(rs_flowacc_d8(&g, dir, NULL, acc, NULL, &err), 0);
    /* all 15 flat cells and the walls that drain inward reach the outlet */
    double walls_in = 0;
    for (int i = 0; i < 35; i++)
        walls_in += z[i] == 50 && dir[i] < 8;
    assert_true(acc[2 * nx + 6] == 15 + walls_in + 1);
}

/* Rough terrain with many pits, flats (values rounded to metres) and nodata holes. */
static float *pitted_dem(long nx, long ny, uint64_t seed, int quantize)
{
    float *z = malloc((size_t)(nx * ny) * sizeof *z);
    for (long r = 0; r < ny; r++)
        for (long c = 0; c < nx; c++) {
            uint64_t h = ((uint64_t)(r * nx + c) + seed) * 0x9E3779B97F4A7C15u;
            h ^= h >> 29;
            double noise = (double)(h >> 40) / (double)(1u << 24);
            double v = 200 + 60 * sin((double)c / 23) * cos((double)r / 31) +
                       25 * sin((double)(c + r) / 7) + 8 * noise;
            z[r * nx + c] = (float)(quantize ? round(v) : v);
        }
    for (long r = ny / 3; r < ny / 3 + 9; r++) /* a nodata lake inside */
        for (long c = nx / 2; c < nx / 2 + 13; c++)
            z[r * nx + c] = NAN;
    return z;
}

static void parallel_fill_equals_serial_fill(void **state)
{
    (void)state;
    const long sizes[3][2] = { { 211, 300 }, { 97, 515 }, { 400, 260 } };
    for (int s = 0; s < 3; s++)
        for (int quantize = 0; quantize < 2; quantize++) {
            long nx = sizes[s][0], ny = sizes[s][1];
            struct rs_grid g = grid(nx, ny);
            float *ref = pitted_dem(nx, ny, (uint64_t)s, quantize);
            size_t n = (size_t)(nx * ny);
            float *z = malloc(n * sizeof *z);
            struct rs_fill_stats a, b;
            struct ls_err err = { 0 };
            memcpy(z, ref, n * sizeof *z);
            assert_int_equal(rs_fill_f32(&g, ref, 0, &a, &err), 0);
            assert_true(a.raised > 100); /* the DEM really has depressions */
            for (int threads = 2; threads <= 4; threads++) {
                float *p = malloc(n * sizeof *p);
                memcpy(p, z, n * sizeof *p);
                assert_int_equal(rs_fill_parallel_f32(&g, p, threads, &b, &err), 0);
                for (size_t i = 0; i < n; i++)
                    assert_true(memcmp(&p[i], &ref[i], sizeof(float)) == 0);
                assert_int_equal(b.raised, a.raised);
                assert_true(b.max_raise == a.max_raise);
                assert_int_equal(b.seeds, a.seeds);
                free(p);
            }
            /* and D8 over flats is the same whatever the threads */
            uint8_t *d1 = malloc(n), *d2 = malloc(n);
            assert_int_equal(rs_flowdir_d8_f32(&g, ref, 0, d1, 1, &err), 0);
            assert_int_equal(rs_flowdir_d8_f32(&g, ref, 0, d2, 3, &err), 0);
            assert_memory_equal(d1, d2, n);
            /* every valid cell reaches an outlet: accumulation at outlets = valid cells */
            double *acc = malloc(n * sizeof *acc), out = 0, valid = 0;
            assert_int_equal(rs_flowacc_d8(&g, d1, NULL, acc, NULL, &err), 0);
            for (size_t i = 0; i < n; i++) {
                valid += !isnan(ref[i]);
                if (d1[i] == RS_D8_OUTLET || (d1[i] < 8 && rs_d8_down(&g, d1, i) == (size_t)-1))
                    out += acc[i];
            }
            assert_true(out == valid);
            free(acc);
            free(d1);
            free(d2);
            free(z);
            free(ref);
        }
}

struct collected {
    float *z;
    long nx, next_row;
};

static int collect_rows(void *ctx, long row0, long nrows, const float *rows, struct ls_err *err)
{
    (void)err;
    struct collected *c = ctx;
    assert_int_equal(row0, c->next_row); /* every row once, in order */
    memcpy(c->z + row0 * c->nx, rows, (size_t)(nrows * c->nx) * sizeof *rows);
    c->next_row = row0 + nrows;
    return 0;
}

/* Out of core, from a GeoTIFF in bands of 1 to all rows: bit for bit the in-memory flood. */
static void tiled_fill_equals_serial_fill(void **state)
{
    (void)state;
    const long sizes[2][2] = { { 97, 515 }, { 211, 300 } };
    for (int s = 0; s < 2; s++)
        for (int quantize = 0; quantize < 2; quantize++) {
            long nx = sizes[s][0], ny = sizes[s][1];
            struct rs_grid g = fixture_grid(nx, ny, 0, 30);
            float *ref = pitted_dem(nx, ny, (uint64_t)s + 7, quantize);
            size_t n = (size_t)(nx * ny);
            double *v = malloc(n * sizeof *v);
            for (size_t i = 0; i < n; i++)
                v[i] = ref[i];
            const char *path = fixture_write("tiled_dem.tif", &g, v, GDT_Float32);
            struct rs_fill_stats a, b;
            struct ls_err err = { 0 };
            assert_int_equal(rs_fill_f32(&g, ref, 0, &a, &err), 0);
            assert_true(a.raised > 100);
            const long rows[4] = { 1, 5, 64, 100000 };
            for (int k = 0; k < 4; k++)
                for (int threads = 1; threads <= 3; threads += 2) {
                    struct rs_source src;
                    assert_int_equal(rs_source_open(path, 1, &src, &err), 0);
                    struct collected c = { calloc(n, sizeof(float)), nx, 0 };
                    struct rs_tiled_opts o = { threads, rows[k] };
                    assert_int_equal(rs_fill_tiled_f32(&src, &o, collect_rows, &c, &b, &err), 0);
                    assert_int_equal(c.next_row, ny);
                    assert_memory_equal(c.z, ref, n * sizeof *ref);
                    assert_int_equal(b.raised, a.raised);
                    assert_true(b.max_raise == a.max_raise);
                    assert_int_equal(b.seeds, a.seeds);
                    free(c.z);
                    rs_source_close(&src);
                }
            free(v);
            free(ref);
        }
}

/*
 * Out of core, fill + D8 directions + D8 or MFD accumulation (by cells and weighted) in
 * bands of 1 row to all rows, on 1 and 3 threads, with edges inward and outward: bit for bit
 * the in-memory routines — flats and rivers crossing band boundaries up and down included.
 */
static void tiled_routing_equals_in_memory(void **state)
{
    (void)state;
    long nx = 150, ny = 233;
    struct rs_grid g = fixture_grid(nx, ny, 0, 30);
    size_t n = (size_t)(nx * ny);
    float *z = pitted_dem(nx, ny, 11, 1), *w = malloc(n * sizeof *w);
    double *v = malloc(n * sizeof *v), *wv = malloc(n * sizeof *wv);
    for (size_t i = 0; i < n; i++) {
        v[i] = z[i];
        w[i] = i % 97 == 0 ? NAN : (float)(0.1 + (double)(i % 13) * 0.37);
        wv[i] = w[i];
    }
    char dem_path[1024], w_path[1024];
    snprintf(dem_path, sizeof dem_path, "%s", fixture_write("route_dem.tif", &g, v, GDT_Float32));
    snprintf(w_path, sizeof w_path, "%s", fixture_write("route_w.tif", &g, wv, GDT_Float32));
    struct ls_err err = { 0 };
    for (int outward = 0; outward < 2; outward++)
        for (int weighted = 0; weighted < 4; weighted++) {
            int mfd = weighted >= 2;
            float *f = malloc(n * sizeof *f);
            memcpy(f, z, n * sizeof *f);
            uint8_t *dir = malloc(n);
            double *acc = malloc(n * sizeof *acc);
            size_t nanw = 0;
            assert_int_equal(rs_fill_parallel_f32(&g, f, 2, NULL, &err), 0);
            assert_int_equal(rs_flowdir_d8_f32(&g, f, outward, dir, 2, &err), 0);
            if (mfd)
                assert_int_equal(
                    rs_flowacc_mfd_f32(&g, f, dir, weighted % 2 ? w : NULL, 1.3, acc, &nanw, &err),
                    0);
            else
                assert_int_equal(rs_flowacc_d8(&g, dir, weighted ? w : NULL, acc, &nanw, &err), 0);
            const long rows[4] = { 1, 4, 37, 1000 };
            for (int k = 0; k < 4; k++)
                for (int threads = 1; threads <= 3; threads += 2) {
                    struct rs_source dem, ws;
                    assert_int_equal(rs_source_open(dem_path, 1, &dem, &err), 0);
                    assert_int_equal(rs_source_open(w_path, 1, &ws, &err), 0);
                    struct routed c = { .dir = malloc(n),
                                        .acc = malloc(n * sizeof(double)),
                                        .nx = nx };
                    struct rs_route_job job = { .dem = &dem,
                                                .weight = weighted % 2 ? &ws : NULL,
                                                .scratch_near = dem_path,
                                                .outward = outward,
                                                .dir_rows = collect_dirs,
                                                .acc_rows = collect_acc,
                                                .ctx = &c,
                                                .mfd = mfd,
                                                .exponent = 1.3 };
                    struct rs_tiled_opts o = { threads, rows[k] };
                    struct rs_route_stats st;
                    assert_int_equal(rs_route_tiled(&job, &o, &st, &err), 0);
                    assert_int_equal(c.dir_next, ny);
                    assert_int_equal(c.acc_next, ny);
                    assert_memory_equal(c.dir, dir, n);
                    assert_memory_equal(c.acc, acc, n * sizeof *acc);
                    assert_int_equal(st.nan_weights, nanw);
                    if (rows[k] < ny) /* water and flats really crossed the boundaries */
                        assert_true(st.acc_visits > st.bands && st.dir_visits > st.bands);
                    free(c.dir);
                    free(c.acc);
                    rs_source_close(&dem);
                    rs_source_close(&ws);
                }
            free(f);
            free(dir);
            free(acc);
        }
    free(z);
    free(w);
    free(v);
    free(wv);
}

struct downed {
    double *val;
    long nx, next;
    const size_t *outlets;
    size_t n_outlets;
};

static int ignore_acc(void *ctx, long row0, long nrows, const double *rows, struct ls_err *err)
{
    (void)ctx, (void)row0, (void)nrows, (void)rows, (void)err;
    return 0;
}

static int give_outlets(void *ctx, const size_t **cells, size_t *n, struct ls_err *err)
{
    (void)err;
    struct downed *d = ctx;
    *cells = d->outlets;
    *n = d->n_outlets;
    return 0;
}

static int collect_down(void *ctx, long row0, long nrows, const double *rows, struct ls_err *err)
{
    (void)err;
    struct downed *d = ctx;
    assert_int_equal(row0, d->next);
    memcpy(d->val + row0 * d->nx, rows, (size_t)(nrows * d->nx) * sizeof *rows);
    d->next = row0 + nrows;
    return 0;
}

/*
 * Out of core, watershed labels (outlets on the biggest rivers, one given twice, one on the
 * edge) and distances to streams: bit for bit rs_watershed and rs_downslope_distance, in
 * bands of 1 row to all rows on 1 and 3 threads.
 */
static void tiled_watersheds_and_distances_equal_in_memory(void **state)
{
    (void)state;
    long nx = 140, ny = 211;
    struct rs_grid g = fixture_grid(nx, ny, 0, 30);
    size_t n = (size_t)(nx * ny);
    float *z = pitted_dem(nx, ny, 5, 1);
    double *v = malloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = z[i];
    char dem_path[1024];
    snprintf(dem_path, sizeof dem_path, "%s", fixture_write("down_dem.tif", &g, v, GDT_Float32));
    struct ls_err err = { 0 };
    uint8_t *dir = malloc(n), *stream = malloc(n);
    double *acc = malloc(n * sizeof *acc), *dist = malloc(n * sizeof *dist);
    int32_t *label = malloc(n * sizeof *label);
    assert_int_equal(rs_fill_parallel_f32(&g, z, 2, NULL, &err), 0);
    assert_int_equal(rs_flowdir_d8_f32(&g, z, 0, dir, 2, &err), 0);
    assert_int_equal(rs_flowacc_d8(&g, dir, NULL, acc, NULL, &err), 0);
    const double threshold = 40;
    size_t on_streams = 0;
    for (size_t i = 0; i < n; i++)
        on_streams += stream[i] = acc[i] >= threshold;
    assert_true(on_streams > 100 && on_streams < n / 4);
    assert_int_equal(rs_downslope_distance(&g, dir, stream, dist, &err), 0);
    /* outlets: the three largest totals, the first of them again, an edge cell */
    size_t outlets[5] = { 0 };
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < n; i++)
            if (!isnan(acc[i]) && (k == 0 || acc[i] < acc[outlets[k - 1]]) &&
                acc[i] > acc[outlets[k]])
                outlets[k] = i;
    outlets[3] = outlets[0];
    outlets[4] = (size_t)(ny / 2) * (size_t)nx;
    assert_int_equal(rs_watershed(&g, dir, outlets, 5, label, &err), 0);
    size_t labelled = 0;
    for (size_t i = 0; i < n; i++)
        labelled += label[i] > 0;
    assert_true(labelled > n / 20);
    const long rows[4] = { 1, 4, 37, 1000 };
    for (int k = 0; k < 4; k++)
        for (int threads = 1; threads <= 3; threads += 2)
            for (int labels = 0; labels < 2; labels++) {
                struct rs_source dem;
                assert_int_equal(rs_source_open(dem_path, 1, &dem, &err), 0);
                struct downed d = { malloc(n * sizeof(double)), nx, 0, outlets, 5 };
                struct rs_route_job job = {
                    .dem = &dem,
                    .scratch_near = dem_path,
                    .acc_rows = ignore_acc,
                    .ctx = &d,
                    .down = labels ? RS_ROUTE_DOWN_LABELS : RS_ROUTE_DOWN_DISTANCE,
                    .stream_threshold = threshold,
                    .outlets = give_outlets,
                    .down_rows = collect_down,
                };
                struct rs_tiled_opts o = { threads, rows[k] };
                struct rs_route_stats st;
                assert_int_equal(rs_route_tiled(&job, &o, &st, &err), 0);
                assert_int_equal(d.next, ny);
                for (size_t i = 0; i < n; i++)
                    if (labels)
                        assert_int_equal((int32_t)d.val[i], label[i]);
                    else
                        assert_true(memcmp(&d.val[i], &dist[i], sizeof(double)) == 0 ||
                                    (isnan(d.val[i]) && isnan(dist[i])));
                if (rows[k] < ny) /* paths really crossed the boundaries */
                    assert_true(st.down_visits > 2 * st.bands);
                free(d.val);
                rs_source_close(&dem);
            }
    free(z);
    free(v);
    free(dir);
    free(stream);
    free(acc);
    free(dist);
    free(label);
}

static void all_nodata_dem_is_refused(void **state)
{
    (void)state;
    struct rs_grid g = fixture_grid(4, 4, 0, 30);
    double v[16];
    for (int i = 0; i < 16; i++)
        v[i] = NAN;
    const char *p = fixture_write("empty_dem.tif", &g, v, GDT_Float32);
    struct rs_source s;
    struct ls_err err = { 0 };
    assert_int_equal(rs_source_open(p, 1, &s, &err), 0);
    float *z = NULL;
    assert_int_equal(rs_load_f32(&s, &z, &err), -LS_EINVAL);
    assert_non_null(strstr(err.msg, "every cell is nodata"));
    assert_string_equal(err.input, p);
    struct rs_tiled_opts o = { 2, 1 };
    ls_err_clear(&err);
    assert_int_equal(rs_fill_tiled_f32(&s, &o, collect_rows, NULL, NULL, &err), -LS_EINVAL);
    assert_non_null(strstr(err.msg, "every cell is nodata"));
    assert_string_equal(err.input, p);
    rs_source_close(&s);
    assert_int_equal(rs_check_budget(&g, 1e9, 1 << 20, "fill", &err), -LS_EINVAL);
    assert_string_equal(err.field, "mem");
}

int main(void)
{
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fill_raises_a_pit_to_its_spill_level),
        cmocka_unit_test(d8_takes_the_steepest_drop_with_diagonal_distance),
        cmocka_unit_test(plane_accumulation_watershed_distance),
        cmocka_unit_test(flats_drain_to_their_spill_point),
        cmocka_unit_test(parallel_fill_equals_serial_fill),
        cmocka_unit_test(tiled_fill_equals_serial_fill),
        cmocka_unit_test(tiled_routing_equals_in_memory),
        cmocka_unit_test(tiled_watersheds_and_distances_equal_in_memory),
        cmocka_unit_test(all_nodata_dem_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
