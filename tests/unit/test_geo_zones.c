/*
 * geo/interior and geo/zones against GEOS: the interior point of polygons read from WKB (a
 * square, a U, a ring with its hole across the middle, a multipolygon, big-endian and Z WKB,
 * hundreds of random star polygons) lies inside by GEOS's Contains and is GEOS's own
 * PointOnSurface; malformed WKB is refused. The zone found for thousands of random points in a
 * GeoPackage of overlapping polygons is the lowest-numbered one GEOS says contains it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gdal.h>
#include <geos_c.h>
#include <ogr_api.h>

#include "geo/geos_bridge.h"
#include "geo/interior.h"
#include "geo/zones.h"

static GEOSContextHandle_t h;

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    h = geo_geos_new();
    return h ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    GEOS_finish_r(h);
    return 0;
}

/* WKB of a WKT polygon (little-endian ISO, 2-D) */
static unsigned char *wkb_of(const char *wkt, size_t *n)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *g = GEOSWKTReader_read_r(h, r, wkt);
    GEOSWKTReader_destroy_r(h, r);
    assert_non_null(g);
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(h);
    GEOSWKBWriter_setByteOrder_r(h, w, GEOS_WKB_NDR);
    unsigned char *b = GEOSWKBWriter_write_r(h, w, g, n);
    GEOSWKBWriter_destroy_r(h, w);
    GEOSGeom_destroy_r(h, g);
    return b;
}

/* the point is inside by GEOS and equal to GEOS's PointOnSurface */
static void check_inside(const unsigned char *b, size_t n)
{
    double x = 0, y = 0;
    assert_int_equal(geo_wkb_interior_point(b, n, &x, &y), 1);
    GEOSWKBReader *r = GEOSWKBReader_create_r(h);
    GEOSGeometry *g = GEOSWKBReader_read_r(h, r, b, n);
    GEOSWKBReader_destroy_r(h, r);
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
    assert_int_equal(GEOSContains_r(h, g, pt), 1);
    GEOSGeometry *pos = GEOSPointOnSurface_r(h, g);
    double gx = 0, gy = 0;
    GEOSGeomGetX_r(h, pos, &gx);
    GEOSGeomGetY_r(h, pos, &gy);
    assert_true(fabs(gx - x) <= 1e-9 * (1 + fabs(x)) && fabs(gy - y) <= 1e-9 * (1 + fabs(y)));
    GEOSGeom_destroy_r(h, pos);
    GEOSGeom_destroy_r(h, pt);
    GEOSGeom_destroy_r(h, g);
}

static void shapes(void **state)
{
    (void)state;
    static const char *const wkts[] = {
        "POLYGON((0 0,10 0,10 10,0 10,0 0))",
        /* a U: the middle line crosses both arms, the wider one is chosen */
        "POLYGON((0 0,10 0,10 10,7 10,7 3,3 3,3 10,0 10,0 0))",
        /* a frame: the middle line meets the hole */
        "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,8 2,8 8,2 8,2 2))",
        "MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((5 5,9 5,9 9,5 9,5 5)))",
        /* vertices exactly at the middle height */
        "POLYGON((0 0,4 5,0 10,10 10,6 5,10 0,0 0))",
    };
    for (size_t i = 0; i < sizeof wkts / sizeof *wkts; i++) {
        size_t n = 0;
        unsigned char *b = wkb_of(wkts[i], &n);
        check_inside(b, n);
        GEOSFree_r(h, b);
    }
}

static void byte_orders_and_refusals(void **state)
{
    (void)state;
    /* big-endian polygon, by hand: order 0, type 3, one ring of 5 points */
    unsigned char be[9 + 4 + 5 * 16];
    size_t k = 0;
    be[k++] = 0;
    const uint32_t head[2] = { 3, 1 }, np = 5;
    for (int j = 0; j < 2; j++)
        for (int s = 3; s >= 0; s--)
            be[k++] = (unsigned char)(head[j] >> (8 * s));
    for (int s = 3; s >= 0; s--)
        be[k++] = (unsigned char)(np >> (8 * s));
    const double xy[10] = { 0, 0, 4, 0, 4, 2, 0, 2, 0, 0 };
    for (int i = 0; i < 10; i++) {
        uint64_t u;
        memcpy(&u, &xy[i], 8);
        for (int s = 7; s >= 0; s--)
            be[k++] = (unsigned char)(u >> (8 * s));
    }
    double x = 0, y = 0;
    assert_int_equal(geo_wkb_interior_point(be, k, &x, &y), 1);
    assert_true(x == 2 && y == 1);
    /* ISO Z (type 1003): three ordinates a point */
    unsigned char z[9 + 4 + 4 * 24];
    size_t m = 0;
    z[m++] = 1;
    uint32_t t = 1003, rings = 1, pts = 4;
    memcpy(z + m, &t, 4), m += 4;
    memcpy(z + m, &rings, 4), m += 4;
    memcpy(z + m, &pts, 4), m += 4;
    const double xyz[12] = { 0, 0, 9, 6, 0, 9, 0, 6, 9, 0, 0, 9 };
    memcpy(z + m, xyz, sizeof xyz), m += sizeof xyz;
    assert_int_equal(geo_wkb_interior_point(z, m, &x, &y), 1);
    assert_true(x > 0 && y > 0 && x + y < 6);
    /* truncated, a point, nothing */
    assert_int_equal(geo_wkb_interior_point(z, m - 5, &x, &y), 0);
    const unsigned char point[21] = { 1, 1, 0, 0, 0 };
    assert_int_equal(geo_wkb_interior_point(point, sizeof point, &x, &y), 0);
    assert_int_equal(geo_wkb_interior_point(NULL, 0, &x, &y), 0);
}

static double rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (double)(*s >> 8) / 16777216.0;
}

/* random star polygons around random centres: always simple */
static void random_stars(void **state)
{
    (void)state;
    unsigned seed = 7;
    char wkt[8192];
    for (int p = 0; p < 400; p++) {
        double cx = rnd(&seed) * 1000, cy = rnd(&seed) * 1000;
        int nv = 3 + (int)(rnd(&seed) * 30);
        size_t o = (size_t)snprintf(wkt, sizeof wkt, "POLYGON((");
        double x0 = 0, y0 = 0;
        for (int i = 0; i < nv; i++) {
            double a = 2 * M_PI * (i + 0.8 * rnd(&seed)) / nv, r = 1 + rnd(&seed) * 50;
            double x = cx + r * cos(a), y = cy + r * sin(a);
            if (!i)
                x0 = x, y0 = y;
            o += (size_t)snprintf(wkt + o, sizeof wkt - o, "%.6f %.6f,", x, y);
        }
        snprintf(wkt + o, sizeof wkt - o, "%.6f %.6f))", x0, y0);
        size_t n = 0;
        unsigned char *b = wkb_of(wkt, &n);
        check_inside(b, n);
        GEOSFree_r(h, b);
    }
}

static void zones_against_geos(void **state)
{
    (void)state;
    char dir[] = "/tmp/zonesXXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/z.gpkg", dir);
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    OGRLayerH l = GDALDatasetCreateLayer(ds, "zones", NULL, wkbUnknown, NULL);
    OGRFieldDefnH fd = OGR_Fld_Create("grade", OFTInteger);
    OGR_L_CreateField(l, fd, 1);
    OGR_Fld_Destroy(fd);
    static const char *const wkts[] = {
        "POLYGON((0 0,60 0,60 60,0 60,0 0),(20 20,40 20,40 40,20 40,20 20))",
        "POLYGON((30 30,90 30,90 90,30 90,30 30))", /* overlaps the first and fills its hole */
        "MULTIPOLYGON(((100 0,120 0,120 20,100 20,100 0)),((100 40,120 40,110 60,100 40)))",
    };
    GEOSGeometry *g[3];
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    for (int i = 0; i < 3; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGRGeometryH og = NULL;
        char *w = (char *)wkts[i];
        OGR_G_CreateFromWkt(&w, NULL, &og);
        OGR_F_SetGeometryDirectly(f, og);
        OGR_F_SetFieldInteger(f, 0, i + 1);
        assert_int_equal(OGR_L_CreateFeature(l, f), OGRERR_NONE);
        OGR_F_Destroy(f);
        g[i] = GEOSWKTReader_read_r(h, r, wkts[i]);
    }
    GEOSWKTReader_destroy_r(h, r);
    GDALClose(ds);
    struct geo_zones z;
    struct ls_err e = { 0 };
    static const char *const fields[] = { "grade", NULL };
    assert_int_equal(geo_zones_open(path, "zones", fields, &z, &e), 0);
    assert_int_equal((int)z.n, 3);
    unsigned seed = 11;
    int found[4] = { 0 };
    for (int k = 0; k < 5000; k++) {
        double x = rnd(&seed) * 130 - 5, y = rnd(&seed) * 100 - 5;
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
        long want = -1;
        for (int i = 0; i < 3 && want < 0; i++)
            if (GEOSContains_r(h, g[i], pt))
                want = i;
        GEOSGeom_destroy_r(h, pt);
        long got = geo_zones_find(&z, x, y);
        if (got != want)
            fail_msg("(%g, %g): zone %ld, GEOS says %ld", x, y, got, want);
        found[got + 1]++;
    }
    /* every zone met, and the overlap given to the first */
    assert_true(found[0] && found[1] && found[2] && found[3]);
    assert_int_equal(geo_zones_find(&z, 45, 45), 0);
    assert_int_equal(geo_zones_find(&z, 30.5, 30.5), 1); /* the first's hole, the second's */
    assert_string_equal(geo_zones_value(&z, 2, 0), "3");
    geo_zones_free(&z);
    assert_int_equal(geo_zones_open(path, "nothing", fields, &z, &e), -LS_ENOENT);
    static const char *const bad[] = { "colour", NULL };
    assert_int_equal(geo_zones_open(path, "zones", bad, &z, &e), -LS_EINVAL);
    assert_non_null(strstr(e.msg, "colour"));
    for (int i = 0; i < 3; i++)
        GEOSGeom_destroy_r(h, g[i]);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shapes),
        cmocka_unit_test(byte_orders_and_refusals),
        cmocka_unit_test(random_stars),
        cmocka_unit_test(zones_against_geos),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
