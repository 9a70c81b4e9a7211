/*
 * geo/copy — copies an opened vector layer into a new file (any format geo_vwriter writes),
 * attributes decoded to UTF-8, optionally replacing geometries through a callback. All or
 * nothing: on error the output is not left behind.
 */
#ifndef LS_GEO_COPY_H
#define LS_GEO_COPY_H

#include <ogr_api.h>

#include "geo/vector.h"

/* Returns a replacement geometry for feature f (owned by the caller of the callback, which
 * destroys it), or NULL to keep f's own; sets *rc on error. */
typedef OGRGeometryH (*geo_copy_geom_fn)(void *ctx, OGRFeatureH f, int *rc, struct ls_err *err);

struct geo_copy_opts {
    const char *encoding; /* Shapefile output: UTF-8 (default) or GBK */
    int force;
    geo_copy_geom_fn fix;
    void *ctx;
    const struct geo_crs *to_crs; /* reproject into this CRS (PROJ through OGR); NULL: keep */
};

int geo_copy_layer(struct geo_vsource *s, const char *out, const struct geo_copy_opts *o,
                   long long *written, struct ls_err *err);

#endif
