/*
 * geo/ogr_bridge — between OGR geometries and geo_mpoly arrays, and OGR error capture.
 * Nothing here takes ownership of an OGR handle passed in.
 */
#ifndef LS_GEO_OGR_BRIDGE_H
#define LS_GEO_OGR_BRIDGE_H

#include <ogr_api.h>

#include "base/err.h"
#include "geo/geom.h"

/* Appends the polygons of g (Polygon, MultiPolygon, or a collection of them) to m.
 * Returns LS_EINVAL for a geometry that is not polygonal. */
int geo_mpoly_from_ogr(OGRGeometryH g, struct geo_mpoly *m, struct ls_err *err);

/* A new OGR MultiPolygon (caller destroys with OGR_G_DestroyGeometry); NULL on OOM. */
OGRGeometryH geo_mpoly_to_ogr(const struct geo_mpoly *m);

/* Route GDAL/OGR errors into a thread-local buffer; geo_ogr_last_error returns it. */
void geo_ogr_capture_begin(void);
void geo_ogr_capture_end(void);
const char *geo_ogr_last_error(void);

#endif
