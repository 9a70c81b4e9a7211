/*
 * zoning/overlay — every land-survey patch against every control layer in one pass: the
 * intersections with the core zones, the red line, basic farmland and the urban boundary,
 * with planar and ellipsoidal areas, as a table (CSV) and a GeoPackage of the pieces.
 * A patch whose land class is construction land inside the red line or on basic farmland is
 * flagged as a suspected violation — what damage discovery will start from. Construction
 * land is read in the data's scheme: in the survey (TD/T 1055—2019) codes 05–10 except rural
 * roads 1006, plus salt pans 0603, hydraulic works 1109, vacant land 1201 and facility
 * farmland 1202; in the 2023 planning classification first-level 07–16 and facility
 * farmland 0602.
 * The control layers are held in memory (STR-trees of small tiles); the patches stream
 * through one at a time, so a county of any size fits.
 */
#ifndef LS_ZONING_OVERLAY_H
#define LS_ZONING_OVERLAY_H

#include <stdio.h>

#include "geo/vwrite.h"
#include "zoning/data.h"

struct zn_overlay_stats {
    long patches, pieces, suspected;
    double suspected_m2;
};

/*
 * Streams the patch layer of `path` (patch_layer: "landuse_patch" by default) against the
 * control layers of d; writes one CSV row per piece to csv (may be NULL) and the pieces to w
 * (may be NULL; its current layer created by zn_overlay_layer).
 */
int zn_overlay(const struct zn_data *d, const char *path, const char *patch_layer, double sliver_m2,
               FILE *csv, struct geo_vwriter *w, struct zn_overlay_stats *st, struct ls_err *err);

/* Creates the "overlay" layer and its fields on w. */
int zn_overlay_layer(struct geo_vwriter *w, const struct geo_crs *crs, struct ls_err *err);

/* The control layers the overlay reads, NULL-terminated. */
extern const char *const zn_overlay_layers[];

/* 1 for a land class that is construction land in that scheme. */
int zn_is_construction(enum zn_scheme scheme, const char *dlbm);

#endif
