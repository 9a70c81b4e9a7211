/*
 * The demo county checked with independent tools: GEOS for validity, coverage and overlaps
 * (planar, on the written GeoPackage), GDAL for the rasters, byte comparison for determinism.
 */
#define GEOS_USE_ONLY_R_API
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <gdal.h>
#include <geos_c.h>
#include <ogr_api.h>

#include "demo/demo.h"
#include "demo/internal.h"

static char dir_a[512], dir_b[512];
static GEOSContextHandle_t gctx;

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    gctx = GEOS_init_r();
    const char *tmp = getenv("LS_TEST_TMP");
    snprintf(dir_a, sizeof dir_a, "%s/demo_a", tmp ? tmp : "/tmp");
    snprintf(dir_b, sizeof dir_b, "%s/demo_b", tmp ? tmp : "/tmp");
    struct demo_opts o = { .size = DEMO_SMALL, .seed = 7, .out_dir = dir_a, .force = 1 };
    struct demo_summary s;
    struct ls_err err = { 0 };
    if (demo_generate(&o, &s, &err))
        return -1;
    o.out_dir = dir_b;
    return demo_generate(&o, &s, &err);
}

static int teardown(void **state)
{
    (void)state;
    GEOS_finish_r(gctx);
    GDALDestroy();
    return 0;
}

/* All geometries of a layer (optionally only where field == value) as one GEOS collection. */
static GEOSGeometry *layer_geoms(const char *layer, const char *field, const char *prefix,
                                 size_t *count, double *sum_field, const char *area_field)
{
    char path[600];
    snprintf(path, sizeof path, "%s/county.gpkg", dir_a);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH l = GDALDatasetGetLayerByName(ds, layer);
    assert_non_null(l);
    size_t cap = 1024, n = 0;
    GEOSGeometry **gs = malloc(cap * sizeof *gs);
    GEOSWKBReader *rd = GEOSWKBReader_create_r(gctx);
    OGRFeatureH f;
    if (sum_field)
        *sum_field = 0;
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        if (field) {
            const char *v = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, field));
            if (strncmp(v, prefix, strlen(prefix)) != 0) {
                OGR_F_Destroy(f);
                continue;
            }
        }
        if (sum_field && area_field)
            *sum_field += OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, area_field));
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        size_t sz = (size_t)OGR_G_WkbSize(g);
        unsigned char *wkb = malloc(sz);
        OGR_G_ExportToWkb(g, wkbNDR, wkb);
        if (n == cap)
            gs = realloc(gs, (cap *= 2) * sizeof *gs);
        gs[n++] = GEOSWKBReader_read_r(gctx, rd, wkb, sz);
        free(wkb);
        OGR_F_Destroy(f);
    }
    GEOSWKBReader_destroy_r(gctx, rd);
    GDALClose(ds);
    *count = n;
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(gctx, GEOS_GEOMETRYCOLLECTION, gs, (unsigned)n);
    free(gs);
    return coll;
}

static double area(const GEOSGeometry *g)
{
    double a = 0;
    assert_int_equal(GEOSArea_r(gctx, g, &a), 1);
    return a;
}

static void patches_are_valid_and_tile_the_county(void **state)
{
    (void)state;
    size_t np, nc;
    double tbmj_sum, county_mj;
    GEOSGeometry *patches = layer_geoms("landuse_patch", NULL, NULL, &np, &tbmj_sum, "TBMJ");
    GEOSGeometry *county = layer_geoms("county", NULL, NULL, &nc, &county_mj, "MJ");
    assert_true(np > 2000 && np < 20000); /* "a few thousand patches" */
    size_t invalid = 0;
    for (int i = 0; i < GEOSGetNumGeometries_r(gctx, patches); i++)
        invalid += GEOSisValid_r(gctx, GEOSGetGeometryN_r(gctx, patches, i)) != 1;
    assert_int_equal(invalid, 0);
    double sum = area(patches); /* a collection's area is the plain sum of its members */
    GEOSGeometry *u = GEOSUnaryUnion_r(gctx, patches);
    double ua = area(u), ca = area(county);
    assert_true(fabs(sum - ua) < 1e-3); /* no overlaps */
    assert_true(fabs(ua - ca) < 1e-3);  /* no gaps */
    /* the county's area is reported as the sum of its patches, as the survey does */
    assert_true(fabs(tbmj_sum - county_mj) < 1e-3);
    GEOSGeom_destroy_r(gctx, u);
    GEOSGeom_destroy_r(gctx, patches);
    GEOSGeom_destroy_r(gctx, county);
}

static double overlap(const GEOSGeometry *a, const GEOSGeometry *b)
{
    GEOSGeometry *i = GEOSIntersection_r(gctx, a, b);
    double x = area(i);
    GEOSGeom_destroy_r(gctx, i);
    return x;
}

static void control_lines_do_not_overlap(void **state)
{
    (void)state;
    size_t n1, n2, n3, n4, n5;
    GEOSGeometry *pbf = layer_geoms("basic_farmland", NULL, NULL, &n1, NULL, NULL);
    GEOSGeometry *ecr = layer_geoms("eco_redline", NULL, NULL, &n2, NULL, NULL);
    GEOSGeometry *udb = layer_geoms("urban_boundary", NULL, NULL, &n3, NULL, NULL);
    GEOSGeometry *core = layer_geoms("core_zone", NULL, NULL, &n4, NULL, NULL);
    GEOSGeometry *crop = layer_geoms("landuse_patch", "DLBM", "01", &n5, NULL, NULL);
    assert_true(n1 > 0 && n2 > 0 && n3 > 0 && n4 > 0);
    GEOSGeometry *P = GEOSUnaryUnion_r(gctx, pbf), *E = GEOSUnaryUnion_r(gctx, ecr),
                 *U = GEOSUnaryUnion_r(gctx, udb), *C = GEOSUnaryUnion_r(gctx, core),
                 *K = GEOSUnaryUnion_r(gctx, crop);
    assert_true(overlap(P, E) < 1e-3);
    assert_true(overlap(P, U) < 1e-3);
    assert_true(overlap(E, U) < 1e-3);
    /* core zones lie inside the red line, basic farmland on cropland */
    assert_true(fabs(overlap(C, E) - area(C)) < 1e-3);
    assert_true(fabs(overlap(P, K) - area(P)) < 1e-3);
    GEOSGeometry *all[] = { pbf, ecr, udb, core, crop, P, E, U, C, K };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        GEOSGeom_destroy_r(gctx, all[i]);
}

static void read_band(const char *file, GDALDataType t, void *buf, int *nx, int *ny)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir_a, file);
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    assert_non_null(ds);
    *nx = GDALGetRasterXSize(ds);
    *ny = GDALGetRasterYSize(ds);
    if (buf)
        assert_int_equal(
            GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, *nx, *ny, buf, *nx, *ny, t, 0, 0),
            CE_None);
    GDALClose(ds);
}

/* Forest on slopes, cropland on plains, at least ten land classes. */
static void land_cover_follows_terrain(void **state)
{
    (void)state;
    int nx, ny;
    read_band("landcover.tif", GDT_UInt16, NULL, &nx, &ny);
    assert_int_equal(nx, 500);
    uint16_t *lc = malloc((size_t)nx * (size_t)ny * sizeof *lc);
    float *z = malloc((size_t)nx * (size_t)ny * sizeof *z);
    read_band("landcover.tif", GDT_UInt16, lc, &nx, &ny);
    read_band("elevation.tif", GDT_Float32, z, &nx, &ny);
    double zf = 0, zc = 0;
    long nf = 0, ncrop = 0;
    int seen[1300] = { 0 }, classes = 0;
    for (long k = 0; k < (long)nx * ny; k++) {
        if (lc[k] < 1300 && lc[k] && !seen[lc[k]]++)
            classes++;
        if (lc[k] == 301) {
            zf += z[k];
            nf++;
        } else if (lc[k] == 101) {
            zc += z[k];
            ncrop++;
        }
    }
    assert_true(classes >= 10);
    assert_true(nf > 0 && ncrop > 0);
    assert_true(zf / (double)nf > 3 * (zc / (double)ncrop));
    free(lc);
    free(z);
}

static int same_file(const char *name)
{
    char pa[600], pb[600];
    snprintf(pa, sizeof pa, "%s/%s", dir_a, name);
    snprintf(pb, sizeof pb, "%s/%s", dir_b, name);
    FILE *a = fopen(pa, "rb"), *b = fopen(pb, "rb");
    int same = a && b;
    while (same) {
        int ca = fgetc(a), cb = fgetc(b);
        same = ca == cb;
        if (ca == EOF)
            break;
    }
    if (a)
        fclose(a);
    if (b)
        fclose(b);
    return same;
}

static void same_seed_gives_identical_files(void **state)
{
    (void)state;
    const char *files[] = { "county.gpkg",       "elevation.tif",   "landcover.tif",
                            "precipitation.tif", "et0.tif",         "soil_depth.tif",
                            "pawc.tif",          "erodibility.tif", "erosivity.tif",
                            "ndvi.tif",          "npp.tif",         "landcover_classes.csv" };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        if (!same_file(files[i]))
            fail_msg("%s differs between two runs with the same seed", files[i]);
    }
}

static void existing_folder_is_not_overwritten(void **state)
{
    (void)state;
    struct stat before, after;
    char gpkg[600];
    snprintf(gpkg, sizeof gpkg, "%s/county.gpkg", dir_a);
    assert_int_equal(stat(gpkg, &before), 0);
    struct demo_opts o = { .size = DEMO_SMALL, .seed = 8, .out_dir = dir_a };
    struct demo_summary s;
    struct ls_err err = { 0 };
    assert_int_equal(demo_generate(&o, &s, &err), -LS_EEXIST);
    assert_string_equal(err.field, "out");
    assert_int_equal(stat(gpkg, &after), 0);
    assert_true(before.st_mtime == after.st_mtime && before.st_size == after.st_size);
}

/* HJ 192-2015's EI on a county worked by hand: 100 km², 50 of forest, 5 of reservoir, 20 of
 * paddy, 10 of town; NDVI 0.7; 80 km of river, 90 million m³ of water; 5 km² of moderate
 * erosion; 1,000 t of COD; an incident's −2.
 *   BI  = 511.2642131067 · (0.35·0.6·50 + 0.28·0.3·5 + 0.11·0.6·20 + 0.04·0.3·10) / 100
 *       = 511.2642131067 · 12.36 / 100                                  = 63.19225674
 *   VCI = 70;  WDI = (84.3704·0.8 + 591.7909·0.05 + 86.3870·0.9) / 3     = 58.27804309
 *   LSI = 236.0435677948 · (0.2·5 + 0.2·10) / 100                        =  7.08130703
 *   PLI = 0.2 · 4.3937397289 · 1000 / 100                                =  8.78747946
 *   EI  = 0.35·BI + 0.25·VCI + 0.15·WDI + 0.15·(100 − LSI) + 0.10·(100 − PLI) − 2
 *       = 69.41805232 */
static void ei_matches_a_hand_worked_county(void **state)
{
    (void)state;
    struct demo_ei_inputs in = { 0 };
    in.area_km2 = 100;
    in.forest[0] = 50;
    in.water[1] = 5;
    in.crop[0] = 20;
    in.built[0] = 10;
    in.ndvi_mean = 0.7;
    in.river_km = 80;
    in.lake_km2 = 5;
    in.water_resources_1e6m3 = 90;
    in.erosion_moderate_km2 = 5;
    in.construction_km2 = 10;
    in.cod_t = 1000;
    in.eri = -2;
    struct demo_ei e;
    demo_ei(&in, &e);
    assert_true(fabs(e.bi - 63.192256739988) < 1e-9);
    assert_true(fabs(e.vci - 70) < 1e-9);
    assert_true(fabs(e.wdi - 58.278043091265) < 1e-9);
    assert_true(fabs(e.lsi - 7.081307033844) < 1e-9);
    assert_true(fabs(e.pli - 8.7874794578) < 1e-9);
    assert_true(fabs(e.ei - 69.418052321829) < 1e-9);
    /* all forest: the habitat index would be 107.4, the standard caps it at 100 */
    in.forest[0] = 100;
    in.water[1] = in.crop[0] = in.built[0] = 0;
    demo_ei(&in, &e);
    assert_true(e.bi == 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(patches_are_valid_and_tile_the_county),
        cmocka_unit_test(control_lines_do_not_overlap),
        cmocka_unit_test(land_cover_follows_terrain),
        cmocka_unit_test(same_seed_gives_identical_files),
        cmocka_unit_test(existing_folder_is_not_overwritten),
        cmocka_unit_test(ei_matches_a_hand_worked_county),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
