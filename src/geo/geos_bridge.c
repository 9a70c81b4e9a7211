/* geo/geos_bridge — GEOS polygons to geo_mpoly rings. */
#include "geo/geos_bridge.h"

#include <stdlib.h>

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
