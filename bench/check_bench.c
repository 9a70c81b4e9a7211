/*
 * Latency of one compliance check (the library call the server and the market will make):
 * regular polygons of V vertices and radius R metres at random points of the county (fixed
 * seed), each checked for a linear-infrastructure project; prints p50, p99 and max in ms.
 *   check_bench county.gpkg VERTICES RADIUS_M COUNT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gdal.h>

#include "base/rng.h"
#include "timing.h"
#include "zoning/check.h"

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: check_bench county.gpkg VERTICES RADIUS_M COUNT\n");
        return 2;
    }
    GDALAllRegister();
    int nv = atoi(argv[2]), count = atoi(argv[4]);
    double radius = atof(argv[3]);
    struct ls_err err = { 0 };
    struct zn_rules r;
    struct zn_data d;
    struct geo_area_ctx *area = NULL;
    double t0 = now_ms();
    if (zn_rules_load("cn-national-2024", &r, &err) || zn_data_open(argv[1], &r, &d, &err) ||
        geo_area_ctx_new(&d.crs, &area, &err)) {
        fprintf(stderr, "%s: %s\n", err.input, err.msg);
        return 1;
    }
    double load = now_ms() - t0;
    const struct zn_layer *b = &d.layers[d.boundary];
    double minx, miny, maxx, maxy;
    GEOSGeom_getXMin_r(d.geos, b->f[0].g, &minx);
    GEOSGeom_getYMin_r(d.geos, b->f[0].g, &miny);
    GEOSGeom_getXMax_r(d.geos, b->f[0].g, &maxx);
    GEOSGeom_getYMax_r(d.geos, b->f[0].g, &maxy);
    int cat = zn_category_find(&r, "linear_infrastructure");
    double *lat = malloc((size_t)count * sizeof *lat);
    struct ls_rng rng;
    ls_rng_seed(&rng, 7);
    int done = 0, tries = 0;
    while (done < count && tries < count * 20) {
        tries++;
        double cx = minx + ls_rng_uniform(&rng) * (maxx - minx);
        double cy = miny + ls_rng_uniform(&rng) * (maxy - miny);
        GEOSCoordSequence *cs = GEOSCoordSeq_create_r(d.geos, (unsigned)nv + 1, 2);
        for (int k = 0; k <= nv; k++) {
            double a = 2 * M_PI * (k % nv) / nv;
            GEOSCoordSeq_setXY_r(d.geos, cs, (unsigned)k, cx + radius * cos(a),
                                 cy + radius * sin(a));
        }
        GEOSGeometry *ring = GEOSGeom_createLinearRing_r(d.geos, cs);
        GEOSGeometry *fp = GEOSGeom_createPolygon_r(d.geos, ring, NULL, 0);
        if (!GEOSPreparedContains_r(d.geos, b->f[0].prep, fp)) { /* inside the county only */
            GEOSGeom_destroy_r(d.geos, fp);
            continue;
        }
        struct zn_check_result res;
        double s = now_ms();
        int rc = zn_check(&d, &r, area, fp, "bench", cat, &res, &err);
        json_t *j = rc ? NULL : zn_check_json(&r, &res);
        double ms = now_ms() - s;
        if (getenv("CHECK_BENCH_SLOW") && ms > atof(getenv("CHECK_BENCH_SLOW")))
            fprintf(stderr, "slow %.1f ms at (%.0f, %.0f): %d overlaps, %zu classes\n", ms, cx, cy,
                    (int)(rc ? -1 : (int)res.n_ov), rc ? 0 : res.n_classes);
        lat[done++] = ms;
        json_decref(j);
        if (!rc)
            zn_check_free(&res);
        GEOSGeom_destroy_r(d.geos, fp);
    }
    qsort(lat, (size_t)done, sizeof *lat, cmp_double);
    printf("check, %5d-vertex footprint r=%.0f m: %d checks  p50 %.3f ms  p99 %.3f ms  max %.3f "
           "ms  (layers loaded in %.0f ms)\n",
           nv, radius, done, lat[done / 2], lat[(size_t)(done * 0.99)], lat[done - 1], load);
    free(lat);
    geo_area_ctx_free(area);
    zn_data_free(&d);
    zn_rules_free(&r);
    return 0;
}
