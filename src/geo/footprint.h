/*
 * geo/footprint — a project's footprint from whatever its applicant has, read one way for the
 * command line and the server alike:
 *   - a file on disk: a boundary-point coordinate file (界址点坐标), a VCT file, or any vector
 *     file GDAL reads (GeoJSON, GeoPackage, Shapefile …);
 *   - an uploaded file's bytes: a coordinate file (UTF-8 or GBK), or GeoJSON, GeoPackage or a
 *     zipped Shapefile, opened in memory by those drivers only;
 *   - WKT text, or a GeoJSON geometry already parsed (the API's "geometry").
 * Each parcel of a coordinate file and each feature of a vector file is one part with its own
 * label: a land-approval file is one project of several parcels. Parts are polygons or lines,
 * all of one dimension, transformed into the CRS the caller names (one transformation,
 * geo/transform), and capped in vertices when the caller asks.
 *
 * Ownership: geo_footprint_read fills a footprint whose GEOS geometries live in the caller's
 * context h; geo_footprint_free(h, fp) releases them.
 */
#ifndef LS_GEO_FOOTPRINT_H
#define LS_GEO_FOOTPRINT_H

#include <geos_c.h>
#include <jansson.h>

#include "base/err.h"
#include "geo/crs.h"
#include "geo/transform.h"

/* What the footprint comes from: exactly one of path, bytes, wkt, geojson. */
struct geo_fp_source {
    const char *path;             /* a file on disk */
    const char *name;             /* an upload's file name (its extension picks the reader) */
    const char *bytes;            /* ... and its content */
    size_t nbytes;                /* ... of this many bytes */
    const char *wkt;              /* WKT text */
    json_t *geojson;              /* a GeoJSON geometry object (not taken) */
    const char *layer;            /* the layer of a multi-layer file; NULL: the first */
    const char *label;            /* the label of a WKT or GeoJSON footprint */
    int epsg;                     /* the CRS of the coordinates when given: it overrides a
                                     file's; 0: the file's own, EPSG:4326 for GeoJSON, the
                                     target's for WKT */
    int to_epsg;                  /* the CRS the parts are wanted in (the county's) */
    struct geo_transform *cached; /* a transformation to to_epsg to reuse, or NULL */
    size_t max_vertices;          /* 0: no cap; else LS_ENOMEM past it (all parts together) */
    /* uploads only, 0 for no cap: what a zip may unpack to, how many features the file may
     * hold, how long reading it may take — each past its cap is LS_ENOMEM before or while
     * reading, so one request cannot hold a worker or memory for long */
    size_t max_unpacked_bytes;
    long max_features;
    double max_seconds;
};

struct geo_fp_part {
    char label[128];
    GEOSGeometry *g;
};

struct geo_footprint {
    char name[256]; /* the input as named in messages */
    int dimension;  /* 2 polygons, 1 lines */
    int from_epsg;  /* the CRS the coordinates came in (0: a CRS without a code) */
    char note[160]; /* "transformed from EPSG:… to the data's EPSG:…", or "" */
    struct geo_fp_part *parts;
    size_t n;
};

/* Reads src into fp. Bad input (no footprint, points, mixed dimensions, no CRS, an unreadable
 * file) gets LS_EINVAL naming the input, the feature or line, and the field. */
int geo_footprint_read(GEOSContextHandle_t h, const struct geo_fp_source *src,
                       struct geo_footprint *fp, struct ls_err *err);

void geo_footprint_free(GEOSContextHandle_t h, struct geo_footprint *fp);

/* 1 when an upload named `name` with these bytes is a boundary-point coordinate file. */
int geo_footprint_is_coordfile(const char *name, const char *bytes, size_t n);

#endif
