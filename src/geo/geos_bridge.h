/*
 * geo/geos_bridge — the one bridge to GEOS: a context with our error handler, OGR geometries
 * into GEOS (the one OGR→GEOS conversion of the tree), repair that keeps a geometry's
 * dimension, and GEOS geometries into the plain polygon arrays of geo/geom, so the
 * ellipsoidal area code can measure what GEOS computed (overlaps, footprints).
 *
 * GEOS contexts are per thread (GEOS's reentrant _r API). Geometries returned are the
 * caller's (GEOSGeom_destroy_r in the same context).
 */
#ifndef LS_GEO_GEOS_BRIDGE_H
#define LS_GEO_GEOS_BRIDGE_H

#include <geos_c.h>
#include <ogr_api.h>

#include "base/err.h"
#include "geo/geom.h"

/* A new GEOS context whose errors and notices go to a per-thread buffer that
 * geo_geos_last_error returns, instead of stderr. Free with GEOS_finish_r; NULL on OOM. */
GEOSContextHandle_t geo_geos_new(void);
const char *geo_geos_last_error(void);

/* g (not taken) as a GEOS geometry in context h, through WKB; NULL when GEOS cannot read it. */
GEOSGeometry *geo_geos_from_ogr(GEOSContextHandle_t h, OGRGeometryH g);

/* The other way: g (not taken) as a new OGR geometry the caller destroys, through 2-D WKB;
 * NULL when it cannot be converted. */
OGRGeometryH geo_geos_to_ogr(GEOSContextHandle_t h, const GEOSGeometry *g);

/* A valid geometry of g's own dimension (GEOS MakeValid, then only the polygons of a
 * polygon or the lines of a line); g is taken. NULL when GEOS fails. */
GEOSGeometry *geo_geos_repair(GEOSContextHandle_t h, GEOSGeometry *g);

/* Appends the polygons of g (polygon, multipolygon or collection; others skipped) to m. */
int geo_mpoly_from_geos(GEOSContextHandle_t h, const GEOSGeometry *g, struct geo_mpoly *m,
                        struct ls_err *err);

#endif
