/*
 * raster/zonal — statistics of a value raster by zone, or by zone × class, in one pass.
 *
 * Zones come from an integer raster or from polygons (rasterized with GDAL onto the value
 * grid, cell centres inside a polygon; zone k is the k-th feature). Each cell contributes
 * its area — the ellipsoidal area on a geographic grid — so `area_m2` and the area-weighted
 * sum Σ v·a are true areas. Sums are accumulated row by row, left to right, then rows in
 * order, so the figures are identical whatever the threads and strip height.
 * The caller owns a result and frees it with rs_zonal_free.
 */
#ifndef LS_RASTER_ZONAL_H
#define LS_RASTER_ZONAL_H

#include <limits.h>

#include "raster/exec.h"

#define RS_ZONAL_NO_CLASS LONG_MIN

struct rs_zonal_row {
    long zone, cls; /* cls is 0 when no class raster was given */
    long count;     /* cells with a value */
    long nodata;    /* cells of the zone whose value is nodata */
    double area_m2; /* area of the cells with a value */
    double sum, sum_area_weighted, min, max;
};

struct rs_zonal_result {
    struct rs_zonal_row *rows; /* sorted by zone, then class */
    size_t n;
    char (*labels)[128]; /* zone labels when zones came from polygons (index zone-1) */
    size_t n_labels;
};

/* zones and classes (nullable) must be on value's grid. */
int rs_zonal(struct rs_source *value, struct rs_source *zones, struct rs_source *classes,
             const struct rs_exec_opts *exec, struct rs_zonal_result *out, struct ls_err *err);

/*
 * Rasterizes the polygons of `vector_path` (layer may be NULL) onto `grid` into a temporary
 * GeoTIFF at tmp_path (Int32, 0 outside), zone k = k-th feature in FID order, a cell to the
 * polygon holding its centre; labels come from label_field (NULL: the FID). The caller
 * deletes tmp_path and frees *labels.
 * With shares non-NULL, a cell touched by a polygon whose centre lies in none is -k (the last
 * polygon touching it), and shares receives every cell a boundary crosses with its fraction
 * in each polygon (raster/zone_shares), sorted: the caller frees it.
 */
struct rs_zone_shares;
int rs_zones_from_polygons(const char *vector_path, const char *layer, const char *label_field,
                           const struct rs_grid *grid, const char *tmp_path, char (**labels)[128],
                           size_t *n_labels, struct rs_zone_shares *shares, struct ls_err *err);

void rs_zonal_free(struct rs_zonal_result *r);

#endif
