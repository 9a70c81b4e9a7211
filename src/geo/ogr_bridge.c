/* geo/ogr_bridge — see ogr_bridge.h. */
#include "geo/ogr_bridge.h"

#include <stdio.h>
#include <stdlib.h>

#include <cpl_error.h>

static _Thread_local char last_error[512];

static void CPL_STDCALL capture_handler(CPLErr cls, CPLErrorNum no, const char *msg)
{
    (void)no;
    if (cls >= CE_Failure || !last_error[0])
        snprintf(last_error, sizeof last_error, "%s", msg ? msg : "");
}

void geo_ogr_capture_begin(void)
{
    last_error[0] = '\0';
    CPLPushErrorHandler(capture_handler);
}

void geo_ogr_capture_end(void)
{
    CPLPopErrorHandler();
}

const char *geo_ogr_last_error(void)
{
    return last_error[0] ? last_error : CPLGetLastErrorMsg();
}

static int add_polygon(OGRGeometryH poly, size_t index, struct geo_mpoly *m, struct ls_err *err)
{
    int nr = OGR_G_GetGeometryCount(poly);
    for (int r = 0; r < nr; r++) {
        OGRGeometryH ring = OGR_G_GetGeometryRef(poly, r);
        int n = OGR_G_GetPointCount(ring);
        double *xy = malloc((size_t)(n > 0 ? n : 1) * 2 * sizeof *xy);
        if (!xy)
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory reading a ring");
        if (n > 0)
            OGR_G_GetPoints(ring, xy, 2 * sizeof(double), xy + 1, 2 * sizeof(double), NULL, 0);
        int rc = geo_mpoly_add_ring(m, index, xy, (size_t)n, err);
        free(xy);
        if (rc)
            return rc;
    }
    if (nr == 0 && index >= m->npolys) /* an empty polygon still counts as one */
        return geo_mpoly_add_ring(m, index, NULL, 0, err);
    return 0;
}

int geo_mpoly_from_ogr(OGRGeometryH g, struct geo_mpoly *m, struct ls_err *err)
{
    if (!g)
        return 0;
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPolygon)
        return add_polygon(g, m->npolys, m, err);
    if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        int n = OGR_G_GetGeometryCount(g);
        for (int i = 0; i < n; i++) {
            int rc = geo_mpoly_from_ogr(OGR_G_GetGeometryRef(g, i), m, err);
            if (rc)
                return rc;
        }
        return 0;
    }
    return ls_err_set(err, LS_EINVAL, NULL, NULL, "geometry", "%s is not a polygon",
                      OGRGeometryTypeToName(t));
}

OGRGeometryH geo_mpoly_to_ogr(const struct geo_mpoly *m)
{
    OGRGeometryH mp = OGR_G_CreateGeometry(wkbMultiPolygon);
    if (!mp)
        return NULL;
    for (size_t p = 0; p < m->npolys; p++) {
        OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
        for (size_t r = 0; r < m->polys[p].nrings; r++) {
            const struct geo_ring *ring = &m->polys[p].rings[r];
            OGRGeometryH lr = OGR_G_CreateGeometry(wkbLinearRing);
            OGR_G_SetPoints(lr, (int)ring->n, ring->xy, 2 * sizeof(double), ring->xy + 1,
                            2 * sizeof(double), NULL, 0);
            OGR_G_CloseRings(lr);
            OGR_G_AddGeometryDirectly(poly, lr);
        }
        OGR_G_AddGeometryDirectly(mp, poly);
    }
    return mp;
}
