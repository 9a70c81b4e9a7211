/*
 * geo/vwrite — writing vector layers through OGR, all or nothing.
 *
 * The driver follows the extension: .gpkg GeoPackage, .geojson/.json GeoJSON (RFC 7946:
 * reprojected to WGS 84 lon/lat by GDAL), .shp Shapefile (attribute encoding declared: a .cpg
 * and the DBF code page; UTF-8 unless "GBK" is asked). Files are built in a temporary folder
 * beside the target and moved into place by geo_vwriter_commit; geo_vwriter_abort (or any
 * failure) leaves nothing behind. An existing target is refused unless overwrite is set.
 */
#ifndef LS_GEO_VWRITE_H
#define LS_GEO_VWRITE_H

#include <ogr_api.h>

#include "base/err.h"
#include "geo/crs.h"

struct geo_vwriter;

struct geo_vwriter_opts {
    const char *encoding; /* Shapefile only: "UTF-8" (default) or "GBK" */
    int overwrite;
    /* GeoPackage: the time written as every table's last_change (GDAL's OGR_CURRENT_DATE,
     * set for this thread while the file is open), so a generated file is byte-identical
     * run to run; NULL: the clock. */
    const char *fixed_date;
};

int geo_vwriter_open(const char *path, const struct geo_vwriter_opts *opts,
                     struct geo_vwriter **out, struct ls_err *err);

/* Adds a layer (GeoPackage may hold several; other formats one). */
int geo_vwriter_layer(struct geo_vwriter *w, const char *name, const struct geo_crs *crs,
                      OGRwkbGeometryType type, struct ls_err *err);

/* Adds a field to the current layer; width 0 for the default. */
int geo_vwriter_field(struct geo_vwriter *w, const char *name, OGRFieldType type, int width,
                      struct ls_err *err);

/* A new feature of the current layer (filled by the caller, then given to _write). */
OGRFeatureH geo_vwriter_feature(struct geo_vwriter *w);

/* Writes f (always destroyed) to the current layer. */
int geo_vwriter_write(struct geo_vwriter *w, OGRFeatureH f, struct ls_err *err);

/* Flushes, closes and moves the files into place; frees w. */
int geo_vwriter_commit(struct geo_vwriter *w, struct ls_err *err);

/* Closes and removes everything written; frees w. NULL-safe. */
void geo_vwriter_abort(struct geo_vwriter *w);

#endif
