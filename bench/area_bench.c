/*
 * Ellipsoidal area benchmark: accuracy against GeographicLib (PROJ's geod_polygonarea) over
 * every polygon of a layer, and throughput of the survey series next to geod_polygonarea on
 * the same vertices, measured in the same run.
 *   area_bench FILE.gpkg [LAYER]
 * Accuracy: each ring densified to edges <= 100 m in the plane, then both methods on the same
 * vertices. Throughput: on the layer's own vertices, already inverse-projected (the series vs
 * geod_polygonarea), and the full path from Gauss-Kruger coordinates (PROJ inverse + series).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gdal.h>
#include <geodesic.h>
#include <ogr_api.h>

#include "geo/area.h"
#include "geo/ogr_bridge.h"
#include "geo/vector.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

struct ring {
    double *xy, *ll; /* plane and lon/lat, interleaved */
    size_t n;
    int hole;
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE.gpkg [LAYER]\n", argv[0]);
        return 2;
    }
    GDALAllRegister();
    struct ls_err err = { 0 };
    struct geo_vsource *s = NULL;
    if (geo_vsource_open(argv[1], argc > 2 ? argv[2] : "landuse_patch", &s, &err)) {
        fprintf(stderr, "%s: %s\n", argv[1], err.msg);
        return 1;
    }
    struct geo_area_ctx *ctx = NULL;
    if (geo_area_ctx_new(&s->crs, &ctx, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    struct geod_geodesic g;
    geod_init(&g, GEO_CGCS2000_A, 1.0 / GEO_CGCS2000_INVF);
    size_t cap = 1 << 16, nr = 0, nverts = 0, npoly = 0;
    struct ring *rings = malloc(cap * sizeof *rings);
    /* accuracy at two densification steps: 100 m (the comparison rule) and 30 m */
    const double steps[2] = { 100.0, 30.0 };
    double max_abs[2] = { 0 }, max_rel[2] = { 0 }, sum_abs[2] = { 0 };
    OGRFeatureH f;
    double *lat = NULL, *lon = NULL;
    size_t lcap = 0;
    while ((f = geo_vsource_next(s)) != NULL) {
        struct geo_mpoly m = { 0 };
        geo_mpoly_from_ogr(OGR_F_GetGeometryRef(f), &m, NULL);
        double ours_d[2] = { 0 }, theirs_d[2] = { 0 };
        for (size_t p = 0; p < m.npolys; p++)
            for (size_t r = 0; r < m.polys[p].nrings; r++) {
                const struct geo_ring *gr = &m.polys[p].rings[r];
                for (int st = 0; st < 2; st++) {
                    double *d;
                    size_t nd;
                    geo_ring_densify(gr->xy, gr->n, steps[st], &d, &nd, NULL);
                    double *dl = malloc(nd * 2 * sizeof *dl);
                    geo_area_to_lonlat(ctx, d, nd, dl, NULL);
                    if (nd > lcap) {
                        lcap = nd * 2;
                        lat = realloc(lat, lcap * sizeof *lat);
                        lon = realloc(lon, lcap * sizeof *lon);
                    }
                    for (size_t i = 0; i < nd; i++) {
                        lon[i] = dl[2 * i];
                        lat[i] = dl[2 * i + 1];
                    }
                    double ga, gp;
                    geod_polygonarea(&g, lat, lon, (int)nd - 1, &ga, &gp);
                    double oa = fabs(geo_area_ring_lonlat(dl, nd));
                    ours_d[st] += r ? -oa : oa;
                    theirs_d[st] += r ? -fabs(ga) : fabs(ga);
                    free(d);
                    free(dl);
                }
                /* keep the original ring for throughput */
                if (nr == cap)
                    rings = realloc(rings, (cap *= 2) * sizeof *rings);
                struct ring *k = &rings[nr++];
                k->n = gr->n;
                k->hole = r > 0;
                k->xy = malloc(gr->n * 2 * sizeof *k->xy);
                k->ll = malloc(gr->n * 2 * sizeof *k->ll);
                memcpy(k->xy, gr->xy, gr->n * 2 * sizeof *k->xy);
                geo_area_to_lonlat(ctx, gr->xy, gr->n, k->ll, NULL);
                nverts += gr->n;
            }
        for (int st = 0; st < 2; st++) {
            double e = fabs(ours_d[st] - theirs_d[st]);
            sum_abs[st] += e;
            max_abs[st] = fmax(max_abs[st], e);
            if (theirs_d[st] > 0)
                max_rel[st] = fmax(max_rel[st], e / theirs_d[st]);
        }
        npoly++;
        geo_mpoly_free(&m);
        OGR_F_Destroy(f);
    }
    printf("polygons %zu, rings %zu, vertices %zu (%s)\n", npoly, nr, nverts, argv[1]);
    for (int st = 0; st < 2; st++)
        printf("accuracy vs GeographicLib, edges <= %3.0f m: max abs %.3e m2, mean abs %.3e m2, "
               "max rel %.3e\n",
               steps[st], max_abs[st], sum_abs[st] / (double)(npoly ? npoly : 1), max_rel[st]);

    /* throughput: best of 5 passes over every ring */
    double best_series = 1e30, best_geod = 1e30, best_full = 1e30, sink = 0;
    for (int rep = 0; rep < 5; rep++) {
        double t0 = now();
        for (size_t i = 0; i < nr; i++)
            sink += geo_area_ring_lonlat(rings[i].ll, rings[i].n);
        double t1 = now();
        for (size_t i = 0; i < nr; i++) {
            if (rings[i].n > lcap) {
                lcap = rings[i].n * 2;
                lat = realloc(lat, lcap * sizeof *lat);
                lon = realloc(lon, lcap * sizeof *lon);
            }
            for (size_t k = 0; k < rings[i].n; k++) {
                lon[k] = rings[i].ll[2 * k];
                lat[k] = rings[i].ll[2 * k + 1];
            }
            double ga, gp;
            geod_polygonarea(&g, lat, lon, (int)rings[i].n - 1, &ga, &gp);
            sink += ga;
        }
        double t2 = now();
        for (size_t i = 0; i < nr; i++) {
            struct geo_mpoly m = { 0 };
            struct geo_ring one = { rings[i].xy, rings[i].n };
            struct geo_poly poly = { &one, 1 };
            m.polys = &poly;
            m.npolys = 1;
            double pl, el;
            geo_area_mpoly(ctx, &m, &pl, &el, NULL);
            sink += el;
        }
        double t3 = now();
        best_series = fmin(best_series, t1 - t0);
        best_geod = fmin(best_geod, t2 - t1);
        best_full = fmin(best_full, t3 - t2);
    }
    double v = (double)nverts;
    printf("survey series (lon/lat given):      %8.2f M vertices/s\n", v / best_series / 1e6);
    printf("geod_polygonarea (same vertices):   %8.2f M vertices/s\n", v / best_geod / 1e6);
    printf("series / geod_polygonarea speed:    %8.2f x\n", best_geod / best_series);
    printf("full path from GK (PROJ + series):  %8.2f M vertices/s\n", v / best_full / 1e6);
    if (sink == 12345.678)
        printf("%f\n", sink);
    for (size_t i = 0; i < nr; i++) {
        free(rings[i].xy);
        free(rings[i].ll);
    }
    free(rings);
    free(lat);
    free(lon);
    geo_area_ctx_free(ctx);
    geo_vsource_close(s);
    GDALDestroy();
    return 0;
}
