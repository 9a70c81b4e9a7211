/*
 * geo/interior — a point inside a polygon read straight from its WKB, without building a
 * geometry: the scan-line method GEOS's InteriorPointArea uses (the horizontal line through the
 * middle of each polygon's height, its crossings with every ring paired into inside intervals,
 * the middle of the widest). For the millions of lookups of a mass appraisal, where building a
 * GEOS geometry per unit costs more than the lookup it serves.
 */
#ifndef LS_GEO_INTERIOR_H
#define LS_GEO_INTERIOR_H

#include <stddef.h>

/* ISO or extended WKB of a Polygon or MultiPolygon (2-D; Z and M ordinates are skipped), either
 * byte order. 1 with *x, *y strictly inside; 0 when the WKB is not such a polygon or has no
 * width on its scan lines (the caller falls back to GEOS). */
int geo_wkb_interior_point(const unsigned char *wkb, size_t n, double *x, double *y);

#endif
