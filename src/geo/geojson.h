/*
 * geo/geojson — GEOS geometries written as GeoJSON text (RFC 7946) in EPSG:4326, straight
 * from their coordinate sequences: transformed in bulk with an OGR transformation and printed
 * with 7 decimals (about 1 cm) by integer arithmetic. Building a jansson tree or going
 * through OGR's exporter cost more than the compliance check itself.
 * Polygons, multipolygons, lines, multilines, points and collections of them.
 */
#ifndef LS_GEO_GEOJSON_H
#define LS_GEO_GEOJSON_H

#include <geos_c.h>
#include <jansson.h>
#include <ogr_srs_api.h>

#include "base/strbuf.h"

/* Appends g as a GeoJSON geometry ("null" when it cannot be written). */
void geo_geojson_write(GEOSContextHandle_t h, const GEOSGeometry *g,
                       OGRCoordinateTransformationH to_wgs84, struct ls_strbuf *b);

/* The same for an OGR geometry (in the CRS to_wgs84 transforms from). */
void geo_geojson_write_ogr(void *ogr_geometry, OGRCoordinateTransformationH to_wgs84,
                           struct ls_strbuf *b);

/* An OGR feature (an OGRFeatureH) as a GeoJSON Feature: "id" its FID, the geometry as
 * geo_geojson_write_ogr writes it — first simplified by simplify_m (in the layer's units,
 * topology preserved) when > 0 — and its set fields as properties (integers, reals with 12
 * significant digits, the rest as text), keys sorted. */
void geo_geojson_write_feature(void *ogr_feature, OGRCoordinateTransformationH to_wgs84,
                               double simplify_m, struct ls_strbuf *b);

/*
 * The other way: a GeoJSON geometry (Polygon, MultiPolygon, LineString, MultiLineString) as
 * parsed by jansson, to a GEOS geometry, its coordinates transformed by ct (NULL: as they
 * are). At most max_vertices. NULL with the reason in why when it is not such a geometry.
 */
GEOSGeometry *geo_geojson_read(GEOSContextHandle_t h, json_t *geometry,
                               OGRCoordinateTransformationH ct, size_t max_vertices, char *why,
                               size_t whylen);

/* A stored WKB geometry as a GeoJSON geometry object (jansson) in EPSG:4326, through
 * geo_geojson_write in h; NULL when the WKB cannot be read or memory runs out. */
json_t *geo_geojson_from_wkb(GEOSContextHandle_t h, const unsigned char *wkb, size_t n,
                             OGRCoordinateTransformationH to_wgs84);

/* Appends the number with 7 decimals. */
void geo_geojson_coord(struct ls_strbuf *b, double v);

#endif
