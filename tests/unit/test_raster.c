/*
 * The raster engine against independent truth: hand-computed expressions and zonal sums,
 * the ellipsoid's area (GeographicLib's geodesic octant) for geographic cell areas,
 * gdaldem's slope and aspect on the same DEM, and identical results whatever the threads
 * and strip height, as doubles or Float32, from files or arrays in memory. Bad input (corrupt
 * TIFF, missing class, other grid) gets named errors.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <gdal_utils.h>
#include <geodesic.h>

#include "raster/exec.h"
#include "raster/expr.h"
#include "raster/focal.h"
#include "raster/lut.h"
#include "raster/zonal.h"
#include "raster_fixture.h"

static double eval1(const char *text, double a, double b)
{
    struct rs_expr *e = NULL;
    struct ls_err err = { 0 };
    assert_int_equal(rs_expr_compile(text, &e, NULL, &err), 0);
    const double va[1] = { a }, vb[1] = { b };
    const double *vars[RS_EXPR_NVAR] = { va, vb };
    double out;
    assert_int_equal(rs_expr_eval(e, vars, 1, &out), 0);
    rs_expr_free(e);
    return out;
}

static void expressions_follow_precedence_and_nodata(void **state)
{
    (void)state;
    assert_true(eval1("2+3*4^2", 0, 0) == 50);
    assert_true(eval1("-2^2", 0, 0) == -4);
    assert_true(eval1("2^3^2", 0, 0) == 512);
    assert_true(eval1("A*B+1", 3, 4) == 13);
    assert_true(eval1("(A+B)/2 - A % 2", 3, 4) == 2.5);
    assert_true(eval1("where(A > B, A, B)", 3, 4) == 4);
    assert_true(eval1("min(A, B) + max(A, B) + abs(-1)", 3, 4) == 8);
    assert_true(eval1("A >= 3 & B < 4 | !0", 3, 4) == 1);
    assert_true(isnan(eval1("A + B", NAN, 1))); /* nodata propagates */
    assert_true(isnan(eval1("A / B", 1, 0)));   /* x/0 is nodata */
    assert_true(isnan(eval1("A > 1", NAN, 1)));
    assert_true(eval1("where(isnan(A), 7, A)", NAN, 0) == 7);
    assert_true(isnan(eval1("pow(A, 0)", NAN, 0))); /* not 1: the cell has no value */
    assert_true(fabs(eval1("sqrt(B) * pi", 0, 4) - 2 * M_PI) < 1e-15);

    struct ls_err err = { 0 };
    struct rs_expr *e = NULL;
    assert_int_equal(rs_expr_compile("A + ", &e, NULL, &err), -LS_EINVAL);
    assert_string_equal(err.input, "expression");
    assert_string_equal(err.where, "character 5");
    assert_int_equal(rs_expr_compile("foo(A)", &e, NULL, &err), -LS_EINVAL);
    assert_non_null(strstr(err.msg, "unknown name"));
    assert_int_equal(rs_expr_compile("(A + B", &e, NULL, &err), -LS_EINVAL);
    unsigned used = 0;
    assert_int_equal(rs_expr_compile("A + C * x", &e, &used, &err), 0);
    assert_int_equal(used, (1u << 0) | (1u << 2) | (1u << RS_EXPR_X));
    rs_expr_free(e);
}

/* 1°×1° cells from the equator to the pole over 90° of longitude cover one eighth of the
 * ellipsoid: GeographicLib's area of the geodesic triangle (0,0)-(90E,0)-(pole). */
static void geographic_cell_areas_sum_to_the_ellipsoid(void **state)
{
    (void)state;
    struct rs_grid g = fixture_grid(90, 90, 1, 1.0);
    assert_true(g.geographic);
    double sum = 0;
    for (long r = 0; r < g.ny; r++)
        sum += rs_grid_cell_area(&g, r) * (double)g.nx;
    struct geod_geodesic geod;
    geod_init(&geod, 6378137.0, 1 / 298.257222101);
    double lats[3] = { 0, 0, 90 }, lons[3] = { 0, 90, 45 }, area, perim;
    geod_polygonarea(&geod, lats, lons, 3, &area, &perim);
    assert_true(fabs(sum - fabs(area)) / fabs(area) < 1e-12);
    /* a projected grid: the nominal cell */
    struct rs_grid p = fixture_grid(2, 2, 0, 30);
    assert_true(rs_grid_cell_area(&p, 0) == 900);
}

static const char *value_raster(void)
{
    /* 4 columns × 3 rows */
    static const double v[12] = { 1, 2, 3, 4, 5, NAN, 7, 8, 9, 10, 11, 12 };
    struct rs_grid g = fixture_grid(4, 3, 0, 30);
    return fixture_write("value.tif", &g, v, GDT_Float32);
}

static void zonal_by_zone_and_class_matches_hand_sums(void **state)
{
    (void)state;
    struct rs_grid g = fixture_grid(4, 3, 0, 30);
    const double z[12] = { 1, 1, 2, 2, 1, 1, 2, 2, NAN, 3, 3, 3 };
    const double c[12] = { 10, 20, 10, 10, 10, 20, 20, 20, 10, 10, 10, 20 };
    const char *vp = value_raster();
    const char *zp = fixture_write("zones.tif", &g, z, GDT_Int32);
    const char *cp = fixture_write("classes.tif", &g, c, GDT_Int16);
    struct rs_source val, zones, cls;
    struct ls_err err = { 0 };
    assert_int_equal(rs_source_open(vp, 1, &val, &err), 0);
    assert_int_equal(rs_source_open(zp, 1, &zones, &err), 0);
    assert_int_equal(rs_source_open(cp, 1, &cls, &err), 0);
    struct rs_zonal_result r;
    struct rs_exec_opts one = { .threads = 1 };
    assert_int_equal(rs_zonal(&val, &zones, NULL, &one, &r, &err), 0);
    /* zone 1: 1 2 5 (NaN); zone 2: 3 4 7 8; zone 3: 10 11 12; the NaN-zone cell 9 is out */
    assert_int_equal(r.n, 3);
    assert_int_equal(r.rows[0].zone, 1);
    assert_int_equal(r.rows[0].count, 3);
    assert_int_equal(r.rows[0].nodata, 1);
    assert_true(r.rows[0].sum == 8 && r.rows[0].min == 1 && r.rows[0].max == 5);
    assert_true(r.rows[0].area_m2 == 2700 && r.rows[0].sum_area_weighted == 8 * 900);
    assert_true(r.rows[1].sum == 22 && r.rows[2].sum == 33);
    rs_zonal_free(&r);

    assert_int_equal(rs_zonal(&val, &zones, &cls, &one, &r, &err), 0);
    /* (1,10): 1 5→NaN ; (1,20): 2 ; (2,10): 3 4 ; (2,20): 7 8 ; (3,10): 10 11 ; (3,20): 12 */
    assert_int_equal(r.n, 6);
    const long zone[6] = { 1, 1, 2, 2, 3, 3 }, klass[6] = { 10, 20, 10, 20, 10, 20 };
    const double sum[6] = { 6, 2, 7, 15, 21, 12 };
    for (int i = 0; i < 6; i++) {
        assert_int_equal(r.rows[i].zone, zone[i]);
        assert_int_equal(r.rows[i].cls, klass[i]);
        assert_true(r.rows[i].sum == sum[i]);
    }
    /* the same with two threads and one-row strips */
    struct rs_zonal_result r2;
    struct rs_exec_opts two = { .threads = 2, .strip_rows = 1 };
    assert_int_equal(rs_zonal(&val, &zones, &cls, &two, &r2, &err), 0);
    assert_int_equal(r2.n, r.n);
    assert_memory_equal(r.rows, r2.rows, r.n * sizeof *r.rows);
    rs_zonal_free(&r);
    rs_zonal_free(&r2);
    rs_source_close(&val);
    rs_source_close(&zones);
    rs_source_close(&cls);
}

/* A rough DEM: smooth relief plus hashed noise, with a nodata hole. */
static double *rough_dem(long nx, long ny)
{
    double *z = malloc((size_t)(nx * ny) * sizeof *z);
    for (long r = 0; r < ny; r++)
        for (long c = 0; c < nx; c++) {
            uint64_t h = (uint64_t)(r * 7919 + c * 104729) * 0x9E3779B97F4A7C15u;
            double noise = (double)(h >> 40) / (double)(1u << 24);
            z[r * nx + c] =
                100 + 40 * sin((double)c / 17) * cos((double)r / 23) + 0.8 * (double)c + 5 * noise;
        }
    z[5 * nx + 7] = NAN;
    return z;
}

static void slope_and_aspect_match_gdaldem(void **state)
{
    (void)state;
    long nx = 60, ny = 45;
    struct rs_grid g = fixture_grid(nx, ny, 0, 30);
    double *z = rough_dem(nx, ny);
    const char *dem = fixture_write("dem.tif", &g, z, GDT_Float32);
    struct rs_source src;
    struct ls_err err = { 0 };
    assert_int_equal(rs_source_open(dem, 1, &src, &err), 0);
    struct rs_sink_opts o = { .type = GDT_Float32, .overwrite = 1 };
    struct rs_exec_opts ex = { .threads = 2, .strip_rows = 7 };
    const char *ours_s = fixture_path("slope.tif"), *ours_a = fixture_path("aspect.tif");
    assert_int_equal(rs_slope(&src, RS_SLOPE_DEGREES, 1, ours_s, &o, &ex, &err), 0);
    assert_int_equal(rs_slope(&src, RS_ASPECT, 1, ours_a, &o, &ex, &err), 0);
    const char *modes[2] = { "slope", "aspect" }, *ours[2] = { ours_s, ours_a };
    for (int m = 0; m < 2; m++) {
        const char *theirs = fixture_path(m ? "gdal_aspect.tif" : "gdal_slope.tif");
        GDALDEMProcessingOptions *opt = GDALDEMProcessingOptionsNew(NULL, NULL);
        int usage = 0;
        GDALDatasetH out = GDALDEMProcessing(theirs, src.ds, modes[m], NULL, opt, &usage);
        GDALDEMProcessingOptionsFree(opt);
        assert_non_null(out);
        GDALClose(out);
        double *a = fixture_read(ours[m], NULL), *b = fixture_read(theirs, NULL);
        long compared = 0;
        for (long r = 1; r < ny - 1; r++)
            for (long c = 1; c < nx - 1; c++) {
                double x = a[r * nx + c], y = b[r * nx + c];
                if (isnan(y))
                    continue; /* gdaldem leaves cells beside nodata empty */
                double d = fabs(x - y);
                if (m)
                    d = fmin(d, 360 - d);
                /* gdaldem works in single precision: 1e-3° of slope; aspect, a direction
                 * from two small differences, to 0.01° */
                assert_true(d < (m ? 1e-2 : 1e-3));
                compared++;
            }
        assert_true(compared > (nx - 2) * (ny - 2) - 10);
        free(a);
        free(b);
    }
    rs_source_close(&src);
    free(z);
}

static void results_do_not_depend_on_threads_or_strips(void **state)
{
    (void)state;
    long nx = 300, ny = 217;
    struct rs_grid g = fixture_grid(nx, ny, 0, 30);
    double *z = rough_dem(nx, ny);
    const char *dem = fixture_write("dem_big.tif", &g, z, GDT_Float32);
    struct rs_source src;
    struct ls_err err = { 0 };
    assert_int_equal(rs_source_open(dem, 1, &src, &err), 0);
    struct rs_sink_opts o = { .type = GDT_Float32, .overwrite = 1 };
    struct rs_exec_opts ex1 = { .threads = 1 }, ex2 = { .threads = 2, .strip_rows = 13 };
    const char *p1 = fixture_path("focal1.tif"), *p2 = fixture_path("focal2.tif");
    assert_int_equal(rs_focal(&src, RS_FOCAL_MEAN, 5, p1, &o, &ex1, &err), 0);
    assert_int_equal(rs_focal(&src, RS_FOCAL_MEAN, 5, p2, &o, &ex2, &err), 0);
    double *a = fixture_read(p1, NULL), *b = fixture_read(p2, NULL);
    for (long i = 0; i < nx * ny; i++)
        assert_true(a[i] == b[i] || (isnan(a[i]) && isnan(b[i])));
    /* a focal mean by hand at (row 10, col 20) */
    double s = 0;
    int n = 0;
    for (int dr = -2; dr <= 2; dr++)
        for (int dc = -2; dc <= 2; dc++) {
            double v = (double)(float)z[(10 + dr) * nx + 20 + dc];
            s += v;
            n++;
        }
    assert_true(fabs(a[10 * nx + 20] - s / n) < 1e-4);
    free(a);
    free(b);
    rs_source_close(&src);
    free(z);
}

/* The expression "where(A > 100, A*B + C, A/B - C) + sqrt(abs(C))" by hand. */
static double by_hand(double a, double b, double c)
{
    double cond = isnan(a) ? NAN : a > 100;
    double w = isnan(cond) ? NAN : cond != 0 ? a * b + c : (b == 0 ? NAN : a / b) - c;
    return w + sqrt(fabs(c));
}

static int expr3_kernel(const struct rs_block *b, void *ctx, struct ls_err *err)
{
    (void)err;
    size_t n = (size_t)b->nx * (size_t)b->nrows;
    const double *vars[RS_EXPR_NVAR] = { 0 };
    if (!b->in32) {
        for (int k = 0; k < 3; k++)
            vars[k] = b->in[k];
        return rs_expr_eval(ctx, vars, n, b->out[0]);
    }
    const float *vars32[26] = { b->in32[0], b->in32[1], b->in32[2] };
    return rs_expr_eval_f32(ctx, vars32, vars, n, b->out[0]);
}

static int same_bits(double x, double y)
{
    return memcmp(&x, &y, sizeof x) == 0 || (isnan(x) && isnan(y));
}

static void float32_and_in_memory_algebra_give_the_same_bits(void **state)
{
    (void)state;
    long nx = 301, ny = 217;
    size_t n = (size_t)(nx * ny);
    struct rs_grid g = fixture_grid(nx, ny, 0, 30);
    double *z = rough_dem(nx, ny);
    double *a = malloc(n * sizeof *a), *bv = malloc(n * sizeof *bv), *c = malloc(n * sizeof *c);
    float *af = malloc(n * sizeof *af), *bf = malloc(n * sizeof *bf), *cf = malloc(n * sizeof *cf);
    double *want = malloc(n * sizeof *want), *got = malloc(n * sizeof *got);
    for (size_t i = 0; i < n; i++) {
        a[i] = i % 97 == 5 ? NAN : (double)(float)(z[i] * 1.37);
        bv[i] = i % 89 == 3 ? NAN : (double)((long)i % 7 - 2); /* zeros: x/0 is nodata */
        c[i] = (double)(float)(z[i] * 0.013 - 1.1);
        af[i] = (float)a[i];
        bf[i] = (float)bv[i];
        cf[i] = (float)c[i];
        want[i] = by_hand(a[i], bv[i], c[i]);
    }
    const char *pa = fixture_write("alg_a.tif", &g, a, GDT_Float32);
    const char *pb = fixture_write("alg_b.tif", &g, bv, GDT_Int16);
    const char *pc = fixture_write("alg_c.tif", &g, c, GDT_Float32);
    struct ls_err err = { 0 };
    struct rs_expr *e = NULL;
    assert_int_equal(
        rs_expr_compile("where(A > 100, A*B + C, A/B - C) + sqrt(abs(C))", &e, NULL, &err), 0);
    struct rs_source files[3], mem[3];
    assert_int_equal(rs_source_open(pa, 1, &files[0], &err), 0);
    assert_int_equal(rs_source_open(pb, 1, &files[1], &err), 0);
    assert_int_equal(rs_source_open(pc, 1, &files[2], &err), 0);
    assert_int_equal(rs_source_wrap("mem A", &g, GDT_Float32, af, &mem[0], &err), 0);
    assert_int_equal(rs_source_wrap("mem B", &g, GDT_Float32, bf, &mem[1], &err), 0);
    assert_int_equal(rs_source_wrap("mem C", &g, GDT_Float32, cf, &mem[2], &err), 0);
    struct rs_sink_opts so = { .type = GDT_Float64, .overwrite = 1 };
    const char *out[2] = { fixture_path("alg_double.tif"), fixture_path("alg_f32.tif") };
    struct rs_exec_opts one = { .threads = 1 }, two = { .threads = 2, .strip_rows = 7 };
    /* files, as doubles on one thread and as Float32 on two, into Float64 GeoTIFFs */
    for (int f32 = 0; f32 < 2; f32++) {
        struct rs_job job = {
            .inputs = files, .n_in = 3, .in_f32 = f32, .kernel = expr3_kernel, .ctx = e
        };
        assert_int_equal(rs_exec_to_file(&job, &g, out[f32], &so, f32 ? &two : &one, &err), 0);
        double *v = fixture_read(out[f32], NULL);
        for (size_t i = 0; i < n; i++)
            assert_true(same_bits(v[i], want[i]));
        free(v);
    }
    /* arrays in memory, in place, in strips of any height on any threads */
    struct rs_exec_opts mo[3] = { { .threads = 1 },
                                  { .threads = 2 },
                                  { .threads = 3, .strip_rows = 1 } };
    for (int k = 0; k < 3; k++) {
        memset(got, 0, n * sizeof *got);
        struct rs_sink *sink = NULL;
        struct rs_job job = {
            .inputs = mem, .n_in = 3, .in_f32 = k != 1, .kernel = expr3_kernel, .ctx = e
        };
        job.outputs = &sink;
        job.n_out = 1;
        assert_int_equal(rs_sink_wrap("mem out", &g, GDT_Float64, got, &sink, &err), 0);
        assert_int_equal(rs_exec_run(&job, &g, &mo[k], &err), 0);
        assert_int_equal(rs_sink_commit(sink, &err), 0);
        for (size_t i = 0; i < n; i++)
            assert_true(same_bits(got[i], want[i]));
    }
    /* bad input: a type memory does not hold, no cells, an input that does not fit Float32,
     * a window off the grid */
    struct rs_source bad;
    assert_int_equal(rs_source_wrap("mem D", &g, GDT_Int16, af, &bad, &err), -LS_EINVAL);
    assert_string_equal(err.input, "mem D");
    assert_string_equal(err.field, "type");
    assert_int_equal(rs_source_wrap("mem E", &g, GDT_Float32, NULL, &bad, &err), -LS_EINVAL);
    struct rs_sink *sink = NULL;
    assert_int_equal(rs_sink_wrap("mem out", &g, GDT_Byte, got, &sink, &err), -LS_EINVAL);
    assert_null(sink);
    assert_int_equal(rs_sink_wrap("mem out", &g, GDT_Float64, got, &sink, &err), 0);
    assert_int_equal(rs_sink_write(sink, 0, ny - 1, nx, 2, got, &err), -LS_EINVAL);
    assert_non_null(strstr(err.msg, "outside"));
    assert_int_equal(rs_sink_commit(sink, &err), 0);
    double *i32 = malloc(n * sizeof *i32);
    for (size_t i = 0; i < n; i++)
        i32[i] = (double)(16777217 + (long)i); /* 2^24 + 1 and up: not exact in Float32 */
    const char *pi = fixture_write("alg_i32.tif", &g, i32, GDT_Int32);
    struct rs_source wide[3] = { files[0], files[1], files[2] };
    assert_int_equal(rs_source_open(pi, 1, &wide[1], &err), 0);
    struct rs_job job = {
        .inputs = wide, .n_in = 3, .in_f32 = 1, .kernel = expr3_kernel, .ctx = e
    };
    const char *never = fixture_path("alg_never.tif");
    assert_int_equal(rs_exec_to_file(&job, &g, never, &so, &one, &err), -LS_EINVAL);
    assert_string_equal(err.input, pi);
    assert_string_equal(err.field, "type");
    assert_int_equal(access(never, F_OK), -1);
    rs_source_close(&wide[1]);
    for (int k = 0; k < 3; k++) {
        rs_source_close(&files[k]);
        rs_source_close(&mem[k]);
    }
    rs_expr_free(e);
    free(i32);
    free(z);
    free(a);
    free(bv);
    free(c);
    free(af);
    free(bf);
    free(cf);
    free(want);
    free(got);
}

static void reclass_names_a_missing_class(void **state)
{
    (void)state;
    struct rs_grid g = fixture_grid(3, 2, 0, 30);
    const double c[6] = { 101, 301, NAN, 101, 1101, 301 };
    const char *cp = fixture_write("lc.tif", &g, c, GDT_Int16);
    const char *csv = fixture_path("table.csv");
    FILE *f = fopen(csv, "w");
    fputs("\xEF\xBB\xBFlucode,name,C\n101,paddy,0.1\n301,\"forest, mixed\",0.003\n", f);
    fclose(f);
    struct rs_lut lut;
    struct ls_err err = { 0 };
    assert_int_equal(rs_lut_load_csv(csv, "lucode", "c", &lut, &err), 0);
    assert_int_equal(lut.n, 2);
    struct rs_source src;
    assert_int_equal(rs_source_open(cp, 1, &src, &err), 0);
    struct rs_sink_opts o = { .type = GDT_Float32 };
    const char *out = fixture_path("c_factor.tif");
    assert_int_equal(rs_reclass(&src, &lut, out, &o, NULL, &err), -LS_EINVAL);
    assert_non_null(strstr(err.msg, "class 1101 is not in the table"));
    assert_string_equal(err.where, "row 1 column 1");
    assert_int_equal(access(out, F_OK), -1); /* nothing left behind */
    rs_lut_free(&lut);
    f = fopen(csv, "a");
    fputs("1101,water,0\n", f);
    fclose(f);
    assert_int_equal(rs_lut_load_csv(csv, "lucode", "C", &lut, &err), 0);
    assert_int_equal(rs_reclass(&src, &lut, out, &o, NULL, &err), 0);
    double *v = fixture_read(out, NULL);
    assert_true(fabs(v[0] - 0.1) < 1e-7 && fabs(v[1] - 0.003) < 1e-9 && isnan(v[2]) && v[4] == 0);
    free(v);
    rs_lut_free(&lut);
    f = fopen(csv, "a");
    fputs("x7,bad,1\n", f);
    fclose(f);
    assert_int_equal(rs_lut_load_csv(csv, "lucode", "C", &lut, &err), -LS_EINVAL);
    assert_string_equal(err.where, "line 5");
    rs_source_close(&src);
}

static void bad_rasters_are_named(void **state)
{
    (void)state;
    struct ls_err err = { 0 };
    struct rs_source src;
    /* a truncated GeoTIFF */
    long nx = 300, ny = 300;
    struct rs_grid g = fixture_grid(nx, ny, 0, 30);
    double *z = rough_dem(nx, ny);
    const char *good = fixture_write("whole.tif", &g, z, GDT_Float32);
    free(z);
    const char *bad = fixture_path("truncated.tif");
    FILE *in = fopen(good, "rb"), *out = fopen(bad, "wb");
    char buf[4096];
    size_t n, total = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0 && total < 60000) {
        fwrite(buf, 1, n, out);
        total += n;
    }
    fclose(in);
    fclose(out);
    int rc = rs_source_open(bad, 1, &src, &err);
    if (rc == 0) {
        double *v = malloc((size_t)(nx * ny) * sizeof *v);
        rc = rs_source_read(&src, 0, 0, nx, ny, v, &err);
        free(v);
        rs_source_close(&src);
    }
    assert_true(rc < 0);
    assert_string_equal(err.input, bad);
    /* not a raster at all */
    assert_int_equal(rs_source_open(fixture_path("table.csv"), 1, &src, &err), -LS_EINVAL);
    assert_int_equal(rs_source_open(fixture_path("nosuch.tif"), 1, &src, &err), -LS_EINVAL);
    assert_non_null(strstr(err.input, "nosuch.tif"));
    /* an input on another grid is refused by the executor */
    struct rs_source a, b;
    assert_int_equal(rs_source_open(good, 1, &a, &err), 0);
    assert_int_equal(rs_source_open(value_raster(), 1, &b, &err), 0);
    struct rs_source both[2] = { a, b };
    struct rs_job job = { .inputs = both, .n_in = 2 };
    assert_int_equal(rs_exec_run(&job, &a.grid, NULL, &err), -LS_EINVAL);
    assert_string_equal(err.field, "grid");
    rs_source_close(&a);
    rs_source_close(&b);
}

int main(void)
{
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(expressions_follow_precedence_and_nodata),
        cmocka_unit_test(geographic_cell_areas_sum_to_the_ellipsoid),
        cmocka_unit_test(zonal_by_zone_and_class_matches_hand_sums),
        cmocka_unit_test(slope_and_aspect_match_gdaldem),
        cmocka_unit_test(results_do_not_depend_on_threads_or_strips),
        cmocka_unit_test(float32_and_in_memory_algebra_give_the_same_bits),
        cmocka_unit_test(reclass_names_a_missing_class),
        cmocka_unit_test(bad_rasters_are_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
