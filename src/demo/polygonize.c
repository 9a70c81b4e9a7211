/*
 * demo/polygonize — label rasters to polygons through GDALPolygonize, then a consistent
 * corner cut ("chamfer") that takes the staircase look off the raster boundaries.
 *
 * The cut is decided at each lattice point from the survey-patch labels alone: at a point
 * with odd i+j where exactly two patches meet and one of them holds a single cell of the
 * four, that cell's corner is cut along its diagonal. Both polygons on the boundary see the
 * same lattice point and make the same cut, so the coverage keeps no gaps and no overlaps,
 * and every layer built from patches (townships, basic farmland, the county) keeps its
 * boundary on the patches'. A cut stays inside one cell, so no ring can cross another.
 */
#include "demo/polygonize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_string.h>
#include <gdal_alg.h>

#include "geo/ogr_bridge.h"

static int32_t ref_at(const struct demo_county *c, const int32_t *ref, long i, long j)
{
    if (i < 0 || j < 0 || i >= c->nx || j >= c->ny)
        return 0;
    return ref[demo_idx(c, (int)i, (int)j)];
}

/* Lone cell of a two-label 3-1 corner at lattice point (I, J); 0 when it is not one. */
static int lone_cell(const struct demo_county *c, const int32_t *ref, long I, long J, long *li,
                     long *lj)
{
    if (((I + J) & 1) == 0)
        return 0;
    long ci[4] = { I - 1, I, I - 1, I }, cj[4] = { J - 1, J - 1, J, J };
    int32_t v[4];
    for (int k = 0; k < 4; k++)
        v[k] = ref_at(c, ref, ci[k], cj[k]);
    for (int k = 0; k < 4; k++) {
        int same_others = 1;
        int32_t other = v[(k + 1) % 4];
        for (int m = 0; m < 4; m++)
            if (m != k && v[m] != other)
                same_others = 0;
        if (same_others && v[k] != other) {
            *li = ci[k];
            *lj = cj[k];
            return 1;
        }
    }
    return 0;
}

/* Whether the corner (I, J) is cut: its lone cell's opposite corner, if it qualifies too, is
 * cut instead when it comes first, so a one-cell patch loses one corner, not two. */
static int cut_here(const struct demo_county *c, const int32_t *ref, long I, long J, long *li,
                    long *lj)
{
    if (!lone_cell(c, ref, I, J, li, lj))
        return 0;
    long WI = *li + (*li == I ? 1 : 0), WJ = *lj + (*lj == J ? 1 : 0);
    long oi, oj;
    if (lone_cell(c, ref, WI, WJ, &oi, &oj) && oi == *li && oj == *lj)
        return (J < WJ) || (J == WJ && I < WI);
    return 1;
}

static long sgn(double v)
{
    return (v > 0) - (v < 0);
}

/* Appends (x, y) unless it repeats the previous point (two cuts can meet at one point). */
static void put(double *out, int *k, double x, double y)
{
    if (*k && out[2 * (*k - 1)] == x && out[2 * (*k - 1) + 1] == y)
        return;
    out[2 * *k] = x;
    out[2 * *k + 1] = y;
    (*k)++;
}

static void chamfer_ring(const struct demo_county *c, const int32_t *ref, OGRGeometryH ring,
                         double *buf, double *out)
{
    int n = OGR_G_GetPointCount(ring);
    if (n < 4)
        return;
    OGR_G_GetPoints(ring, buf, 2 * sizeof(double), buf + 1, 2 * sizeof(double), NULL, 0);
    int m = n - 1; /* closed: last == first */
    int k_out = 0;
    for (int k = 0; k < m; k++) {
        double x = buf[2 * k], y = buf[2 * k + 1];
        double px = buf[2 * ((k + m - 1) % m)], py = buf[2 * ((k + m - 1) % m) + 1];
        double nx = buf[2 * ((k + 1) % m)], ny = buf[2 * ((k + 1) % m) + 1];
        long I = lround((x - c->x0) / c->cell), J = lround((c->y0 - y) / c->cell);
        long li, lj;
        /* lattice directions to the previous and next vertices (J grows southward) */
        long dpi = sgn(px - x), dpj = -sgn(py - y), dni = sgn(nx - x), dnj = -sgn(ny - y);
        int axis = (dpi == 0) != (dpj == 0) && (dni == 0) != (dnj == 0);
        if (axis && cut_here(c, ref, I, J, &li, &lj)) {
            /* the lone cell's two edges at V point towards its other corners */
            long ei = li == I ? 1 : -1, ej = lj == J ? 1 : -1;
            int edges_match = ((dpi == ei && dpj == 0 && dni == 0 && dnj == ej) ||
                               (dni == ei && dnj == 0 && dpi == 0 && dpj == ej));
            if (edges_match) {
                double ax = x + (double)dpi * c->cell, ay = y - (double)dpj * c->cell;
                double bx = x + (double)dni * c->cell, by = y - (double)dnj * c->cell;
                if (!(ax == px && ay == py))
                    put(out, &k_out, ax, ay);
                if (!(bx == nx && by == ny))
                    put(out, &k_out, bx, by);
                continue;
            }
        }
        put(out, &k_out, x, y);
    }
    while (k_out > 1 && out[0] == out[2 * (k_out - 1)] && out[1] == out[2 * (k_out - 1) + 1])
        k_out--;
    if (k_out < 3)
        return;
    out[2 * k_out] = out[0];
    out[2 * k_out + 1] = out[1];
    k_out++;
    OGR_G_SetPoints(ring, k_out, out, 2 * sizeof(double), out + 1, 2 * sizeof(double), NULL, 0);
}

int demo_polygonize(const struct demo_county *c, const int32_t *labels, const int32_t *ref,
                    demo_polygon_fn emit, void *ctx, struct ls_err *err)
{
    size_t n = (size_t)c->nx * (size_t)c->ny;
    GDALDriverH mem = GDALGetDriverByName("MEM");
    GDALDatasetH src = GDALCreate(mem, "", c->nx, c->ny, 1, GDT_Int32, NULL);
    GDALDatasetH msk = GDALCreate(mem, "", c->nx, c->ny, 1, GDT_Byte, NULL);
    GDALDriverH vdrv = GDALGetDriverByName("Memory");
    GDALDatasetH vds = vdrv ? GDALCreate(vdrv, "", 0, 0, 0, GDT_Unknown, NULL) : NULL;
    uint8_t *m = malloc(n);
    int rc = 0;
    if (!src || !msk || !vds || !m) {
        rc = ls_err_set(err, LS_ELIB, NULL, NULL, NULL, "cannot create in-memory datasets");
        goto done;
    }
    for (size_t k = 0; k < n; k++)
        m[k] = labels[k] != 0;
    double gt[6] = { c->x0, c->cell, 0, c->y0, 0, -c->cell };
    GDALSetGeoTransform(src, gt);
    GDALSetGeoTransform(msk, gt);
    GDALRasterBandH band = GDALGetRasterBand(src, 1), mband = GDALGetRasterBand(msk, 1);
    if (GDALRasterIO(band, GF_Write, 0, 0, c->nx, c->ny, (void *)(uintptr_t)labels, c->nx, c->ny,
                     GDT_Int32, 0, 0) != CE_None ||
        GDALRasterIO(mband, GF_Write, 0, 0, c->nx, c->ny, m, c->nx, c->ny, GDT_Byte, 0, 0) !=
            CE_None) {
        rc = ls_err_set(err, LS_ELIB, NULL, NULL, NULL, "cannot fill in-memory rasters");
        goto done;
    }
    OGRLayerH layer = GDALDatasetCreateLayer(vds, "poly", NULL, wkbPolygon, NULL);
    OGRFieldDefnH fd = OGR_Fld_Create("label", OFTInteger);
    OGR_L_CreateField(layer, fd, 1);
    OGR_Fld_Destroy(fd);
    if (GDALPolygonize(band, mband, layer, 0, NULL, NULL, NULL) != CE_None) {
        rc = ls_err_set(err, LS_ELIB, NULL, NULL, NULL, "GDALPolygonize failed: %s",
                        CPLGetLastErrorMsg());
        goto done;
    }
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    size_t cap = 0;
    double *buf = NULL, *out = NULL;
    while (!rc && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        int32_t label = OGR_F_GetFieldAsInteger(f, 0);
        int nr = OGR_G_GetGeometryCount(g);
        for (int r = 0; r < nr && !rc; r++) {
            OGRGeometryH ring = OGR_G_GetGeometryRef(g, r);
            size_t need = (size_t)OGR_G_GetPointCount(ring) * 2 + 8;
            if (need > cap) {
                free(buf);
                free(out);
                cap = need * 2;
                buf = malloc(cap * 2 * sizeof *buf);
                out = malloc(cap * 2 * sizeof *out);
                if (!buf || !out)
                    rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            }
            if (!rc && ref)
                chamfer_ring(c, ref, ring, buf, out);
        }
        if (!rc)
            rc = emit(ctx, label, g, err);
        OGR_F_Destroy(f);
    }
    free(buf);
    free(out);
done:
    free(m);
    if (vds)
        GDALClose(vds);
    if (src)
        GDALClose(src);
    if (msk)
        GDALClose(msk);
    return rc;
}
