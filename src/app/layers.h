/*
 * app/layers — the county's vector layers served to the map, the use case behind
 * /api/v1/layers: which layers there are (with their names in Chinese and English and who
 * may read them), a page of features in a box as GeoJSON (RFC 7946: EPSG:4326, lon/lat),
 * and one feature by id for identify.
 *
 * The land-survey patches carry rights holders' names, so reading them needs the "read"
 * permission (app_auth_allows); the control lines and boundaries are disclosed to the public.
 *
 * Ownership: the dataset and transformations are borrowed (one thread at a time); *out JSON
 * is the caller's to json_decref; GeoJSON text is appended to the caller's ls_strbuf; an
 * exported GeoPackage is the caller's to free.
 */
#ifndef LS_APP_LAYERS_H
#define LS_APP_LAYERS_H

#include <gdal.h>
#include <jansson.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "geo/transform.h"

#define APP_LAYER_PAGE_DEFAULT 1000
#define APP_LAYER_PAGE_MAX     20000
#define APP_LAYER_EXPORT_MAX   200000

struct app_layer_info {
    const char *name, *zh, *en;
    const char *permission;  /* "public" or "read" */
    const char *label_field; /* the unit's name (the map's labels), NULL for other layers */
};

/* The catalogued layer called name, or NULL. */
const struct app_layer_info *app_layer_find(const char *name);

/* {"layers": [{name, zh, en, permission, features, geometry, bbox (lon/lat), epsg}]} for the
 * catalogued layers the county dataset holds, in catalogue order. */
json_t *app_layers_list(GDALDatasetH county, struct geo_transform *to_wgs84, int epsg);

struct app_layer_page {
    int has_box;
    double box[4];    /* xmin, ymin, xmax, ymax */
    int box_in_wgs84; /* the box is lon/lat (else in the layer's CRS) */
    long limit;       /* 1..APP_LAYER_PAGE_MAX */
    long offset;      /* features skipped */
    double simplify;  /* tolerance in metres, 0 for none */
};

/* A FeatureCollection of the page's features appended to b, with "numberReturned" and, when
 * more follow, "next": {"offset": …}. LS_ENOENT when the dataset has no such layer;
 * LS_EINVAL naming "bbox" when a lon/lat box is outside the county CRS's area. */
int app_layer_page(GDALDatasetH county, const char *layer, const struct app_layer_page *q,
                   struct geo_transform *to_wgs84, struct geo_transform *from_wgs84,
                   struct ls_strbuf *b, struct ls_err *err);

/* The layer's features meeting a lon/lat box (NULL: all) as a GeoPackage in the layer's own
 * CRS with all its fields: *gpkg (the caller frees) of *len bytes.
 * LS_ENOMEM naming "bbox" over APP_LAYER_EXPORT_MAX features. */
int app_layer_export_gpkg(GDALDatasetH county, const char *layer, const double box_wgs84[4],
                          struct geo_transform *from_wgs84, unsigned char **gpkg, size_t *len,
                          struct ls_err *err);

/* The layer's units as labelled points: a FeatureCollection of Points (lon/lat), each inside
 * its polygon, with {"name"} from the layer's label field. LS_ENOENT naming "layer" for a
 * layer without names. */
int app_layer_labels(GDALDatasetH county, const char *layer, struct geo_transform *to_wgs84,
                     struct ls_strbuf *b, struct ls_err *err);

/* One feature as GeoJSON appended to b; LS_ENOENT naming "fid" when there is none. */
int app_layer_feature(GDALDatasetH county, const char *layer, long long fid,
                      struct geo_transform *to_wgs84, struct ls_strbuf *b, struct ls_err *err);

#endif
