/*
 * zoning/data — the control layers a rule table names (red line, core zones, basic farmland,
 * urban boundary, shoreline, land-survey patches …), read once from a GeoPackage/Shapefile
 * folder into GEOS geometries with an STR-tree per layer, so that a check touches only the
 * features near the footprint. Land-survey patches keep the fields the obligations need:
 * land class (DLBM, survey scheme TD/T 1055—2019), field-ridge coefficient KCXS and cropland
 * quality grade GDDB. On load the three control lines are validated: basic farmland, the red
 * line and the urban boundary must not overlap; zn_data_overlaps reports any overlap with its
 * area and location. The caller owns the data and frees it with zn_data_free.
 */
#ifndef LS_ZONING_DATA_H
#define LS_ZONING_DATA_H

#include <geos_c.h>
#include <jansson.h>

#include "geo/crs.h"
#include "zoning/rules.h"

struct zn_feature {
    GEOSGeometry *g;
    const GEOSPreparedGeometry *prep;
    long long fid;
    char label[48]; /* BSM / TBBH / name: what a user finds the feature by */
    char value[64]; /* the zone filter field's value ("" when the layer has no filter) */
    char dlbm[8];   /* land-survey patches: land class code */
    double kcxs;    /* field-ridge deduction coefficient */
    int gddb;       /* cropland quality grade, 0 when none */
};

struct zn_layer {
    char name[64];
    int line;
    char filter_field[32];
    struct zn_feature *f;
    size_t n;
    GEOSSTRtree *tree;
};

/* Land-class schemes reuse codes with other meanings (0303 is mangrove in the survey and
 * shrub forest in the planning classification): a code is always read with its scheme. */
enum zn_scheme { ZN_SCHEME_SURVEY = 0, ZN_SCHEME_PLANNING = 1 };

/* "TD/T 1055-2019" or the 2023 planning classification's name. */
const char *zn_scheme_name(enum zn_scheme s);
/* "survey" / "planning" → scheme; -1 when unknown. */
int zn_scheme_parse(const char *text);

struct zn_data {
    char path[1024];
    enum zn_scheme scheme; /* of the patches' DLBM codes; set by the caller after opening */
    GEOSContextHandle_t geos;
    struct geo_crs crs;
    int epsg;
    struct zn_layer *layers;
    size_t n_layers;
    int patches;  /* index of the land-survey patch layer, -1 when absent */
    int boundary; /* index of the county boundary layer, -1 when absent */
    int admin;    /* townships (XZQMC, main function zone ZTGNQ), -1 when absent */
};

/*
 * Opens the layers the zones of r name (plus landuse_patch and county when present) from the
 * vector file at path.
 */
int zn_data_open(const char *path, const struct zn_rules *r, struct zn_data *d, struct ls_err *err);

/* Opens only the named layers (NULL-terminated list), and county when present. */
int zn_data_open_layers(const char *path, const struct zn_rules *r, const char *const *layers,
                        struct zn_data *d, struct ls_err *err);

int zn_data_layer(const struct zn_data *d, const char *name);

/* Indices of the features an STR-tree query returned (GEOSSTRtree_query_r with zn_collect). */
struct zn_hits {
    size_t *idx;
    size_t n, cap;
};
void zn_collect(void *item, void *hits);

/* Overlaps between the three control lines: a JSON array of { layers, area_m2, x, y }. */
json_t *zn_data_overlaps(const struct zn_data *d, double sliver_m2);

void zn_data_free(struct zn_data *d);

#endif
