/* geo/geos_bridge — see geos_bridge.h. */
#include "geo/geos_bridge.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static _Thread_local char last_error[512];

/* GEOS hands its messages as printf formats; the attribute lets the compiler check the call. */
__attribute__((format(printf, 1, 2))) static void on_geos_message(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
}

GEOSContextHandle_t geo_geos_new(void)
{
    GEOSContextHandle_t h = GEOS_init_r();
    if (h) {
        GEOSContext_setErrorHandler_r(h, on_geos_message);
        GEOSContext_setNoticeHandler_r(h, on_geos_message);
    }
    return h;
}

const char *geo_geos_last_error(void)
{
    return last_error;
}

GEOSGeometry *geo_geos_from_ogr(GEOSContextHandle_t h, OGRGeometryH g)
{
    size_t sz = (size_t)OGR_G_WkbSize(g);
    unsigned char *wkb = sz ? malloc(sz) : NULL;
    GEOSGeometry *out = NULL;
    if (wkb && OGR_G_ExportToWkb(g, wkbNDR, wkb) == OGRERR_NONE) {
        GEOSWKBReader *rd = GEOSWKBReader_create_r(h);
        out = rd ? GEOSWKBReader_read_r(h, rd, wkb, sz) : NULL;
        if (rd)
            GEOSWKBReader_destroy_r(h, rd);
    }
    free(wkb);
    return out;
}

OGRGeometryH geo_geos_to_ogr(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    /* WKB is the one format both libraries read and write; 2-D and little-endian because
     * every geometry of ours is planar and GEOS's default dimension changes between
     * releases (3.12 writes Z and M when present) */
    GEOSWKBWriter *wr = GEOSWKBWriter_create_r(h);
    if (!wr)
        return NULL;
    GEOSWKBWriter_setByteOrder_r(h, wr, GEOS_WKB_NDR);
    GEOSWKBWriter_setOutputDimension_r(h, wr, 2);
    size_t sz = 0;
    unsigned char *wkb = GEOSWKBWriter_write_r(h, wr, g, &sz);
    GEOSWKBWriter_destroy_r(h, wr);
    OGRGeometryH out = NULL;
    if (wkb && OGR_G_CreateFromWkbEx(wkb, NULL, &out, sz) != OGRERR_NONE)
        out = NULL;
    if (wkb)
        GEOSFree_r(h, wkb);
    return out;
}

GEOSGeometry *geo_geos_repair(GEOSContextHandle_t h, GEOSGeometry *g)
{
    int dim = GEOSGeom_getDimensions_r(h, g);
    GEOSGeometry *fixed = GEOSMakeValid_r(h, g);
    GEOSGeom_destroy_r(h, g);
    if (!fixed || GEOSGeomTypeId_r(h, fixed) != GEOS_GEOMETRYCOLLECTION)
        return fixed;
    /* MakeValid turns a bow-tie's crossing or a spike into points and lines beside the
     * polygons; a footprint keeps only the parts of its own dimension */
    int n = GEOSGetNumGeometries_r(h, fixed);
    size_t cap = 1;
    for (int i = 0; i < n; i++)
        cap += (size_t)GEOSGetNumGeometries_r(h, GEOSGetGeometryN_r(h, fixed, i));
    GEOSGeometry **parts = malloc(cap * sizeof *parts);
    unsigned int k = 0;
    for (int i = 0; parts && i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, fixed, i);
        if (GEOSGeom_getDimensions_r(h, p) != dim)
            continue;
        /* a multi-part piece gives its parts: a multipolygon holds polygons only */
        int m = GEOSGetNumGeometries_r(h, p);
        for (int j = 0; j < m; j++)
            parts[k++] = GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, p, j));
    }
    GEOSGeom_destroy_r(h, fixed);
    GEOSGeometry *out =
        parts ? GEOSGeom_createCollection_r(h, dim == 2 ? GEOS_MULTIPOLYGON : GEOS_MULTILINESTRING,
                                            parts, k)
              : NULL;
    free(parts);
    return out;
}

int geo_mpoly_from_geos(GEOSContextHandle_t h, const GEOSGeometry *g, struct geo_mpoly *m,
                        struct ls_err *err)
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; i++) {
            int rc = geo_mpoly_from_geos(h, GEOSGetGeometryN_r(h, g, i), m, err);
            if (rc)
                return rc;
        }
        return 0;
    }
    if (type != GEOS_POLYGON || GEOSisEmpty_r(h, g))
        return 0;
    size_t pi = m->npolys;
    int nh = GEOSGetNumInteriorRings_r(h, g);
    for (int r = -1; r < nh; r++) {
        const GEOSGeometry *ring =
            r < 0 ? GEOSGetExteriorRing_r(h, g) : GEOSGetInteriorRingN_r(h, g, r);
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
        unsigned int n = 0;
        GEOSCoordSeq_getSize_r(h, cs, &n);
        double *xy = malloc((size_t)n * 2 * sizeof *xy + 1);
        if (!xy)
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        for (unsigned int k = 0; k < n; k++)
            GEOSCoordSeq_getXY_r(h, cs, k, &xy[2 * k], &xy[2 * k + 1]);
        int rc = geo_mpoly_add_ring(m, pi, xy, n, err);
        free(xy);
        if (rc)
            return rc;
    }
    return 0;
}
