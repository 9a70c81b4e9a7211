/*
 * raster/zone_sums — value rasters summed over polygons by exact cell-area weighting: a cell
 * wholly inside one polygon counts wholly there (the zone raster gives it to the polygon
 * holding its centre), a cell a boundary crosses counts in each polygon by the share of its
 * area inside (raster/zone_shares), and what lies in no polygon is kept apart — so, per
 * value raster, the zones' sums and the part outside add up to the raster's total. This is
 * how GEP is attributed to registry units (issue 21).
 *
 * Sums run row by row, left to right: the figures do not depend on how rows are read.
 * The caller owns every buffer.
 */
#ifndef LS_RASTER_ZONE_SUMS_H
#define LS_RASTER_ZONE_SUMS_H

#include "raster/io.h"
#include "raster/zone_shares.h"

struct rs_zone_sums {
    double *sums;    /* (zone − 1) · n_values + k: value raster k summed over zone */
    double *outside; /* per value raster: the part in no zone */
    double *total;   /* per value raster: the sum of every cell with a value */
};

/*
 * zones: the zone raster (1 … n_zones; ≤ 0 or nodata outside; a boundary cell's zone is
 * ignored in favour of its shares); values: n_values rasters on the zones' grid. The three
 * arrays of out must hold n_zones · n_values, n_values and n_values doubles.
 */
int rs_zone_sums(struct rs_source *zones, const struct rs_zone_shares *shares, size_t n_zones,
                 struct rs_source *values, size_t n_values, struct rs_zone_sums *out,
                 struct ls_err *err);

#endif
