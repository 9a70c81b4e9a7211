/*
 * geo/geos_bridge — GEOS geometries into the plain polygon arrays of geo/geom, so the
 * ellipsoidal area code can measure what GEOS computed (overlaps, footprints).
 */
#ifndef LS_GEO_GEOS_BRIDGE_H
#define LS_GEO_GEOS_BRIDGE_H

#include <geos_c.h>

#include "base/err.h"
#include "geo/geom.h"

/* Appends the polygons of g (polygon, multipolygon or collection; others skipped) to m. */
int geo_mpoly_from_geos(GEOSContextHandle_t h, const GEOSGeometry *g, struct geo_mpoly *m,
                        struct ls_err *err);

#endif
