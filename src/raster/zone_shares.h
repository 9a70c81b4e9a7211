/*
 * raster/zone_shares — how the cells a polygon's boundary crosses are shared among polygons,
 * by area. A zone raster assigns each cell to the polygon holding its centre; summed over a
 * region that way, a cell half inside a county's edge counts wholly or not at all. An account
 * that must count every cell of the county once (GEP, as InVEST counts every cell) takes the
 * cells crossed by a boundary from here instead: each with the fraction of its area inside
 * each polygon (planar; the cell's own area, ellipsoidal or not, is applied by the caller).
 *
 * Cells are found by walking every ring's segments through the grid (the cells whose interior
 * a segment passes through); a boundary running along cell edges or through a corner crosses
 * no cell and records nothing there, where the centre rule is exact. Fractions are GEOS areas
 * of the polygon clipped to the row, then to the cell.
 *
 * Ownership: the caller owns a rs_zone_shares and releases it with rs_zone_shares_free.
 */
#ifndef LS_RASTER_ZONE_SHARES_H
#define LS_RASTER_ZONE_SHARES_H

#include <stdint.h>

#include <geos_c.h>

#include "base/err.h"
#include "raster/grid.h"

struct rs_zone_share {
    size_t cell;   /* row · nx + column */
    uint32_t zone; /* 1-based, as in the zone raster */
    double frac;   /* of the cell's area inside the zone's polygon, (0, 1] */
};

struct rs_zone_shares {
    struct rs_zone_share *v; /* sorted by cell, then zone, after rs_zone_shares_sort */
    size_t n, cap;
};

/* Adds the boundary cells of polygon (Polygon or MultiPolygon, in the grid's CRS) as zone. */
int rs_zone_shares_add(struct rs_zone_shares *s, const struct rs_grid *g, GEOSContextHandle_t h,
                       const GEOSGeometry *polygon, uint32_t zone, struct ls_err *err);

void rs_zone_shares_sort(struct rs_zone_shares *s);

/* The index of the first share of a cell >= cell (s->n when none). */
size_t rs_zone_shares_seek(const struct rs_zone_shares *s, size_t cell);

void rs_zone_shares_free(struct rs_zone_shares *s);

#endif
