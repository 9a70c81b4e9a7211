/*
 * raster/grid — the description of a raster grid (size, geotransform, CRS) and what follows
 * from it alone: whether two grids are the same, where a cell lies, and each cell's area.
 *
 * Cell area: on a geographic grid (degrees) a row's cells are ellipsoidal quadrangles on
 * CGCS2000/WGS 84 — their exact area between two parallels, not the nominal size; on a
 * projected grid the planar |Δx·Δy|. A grid is plain data: copy it freely.
 */
#ifndef LS_RASTER_GRID_H
#define LS_RASTER_GRID_H

#include <stddef.h>

#include "base/err.h"

#define RS_WKT_MAX 8192

struct rs_grid {
    long nx, ny;           /* columns, rows */
    double gt[6];          /* GDAL geotransform; north-up (gt[2] = gt[4] = 0) is required */
    int geographic;        /* 1 when the CRS is geographic (degrees) */
    double semi_major;     /* ellipsoid of the CRS, for geographic cell areas */
    double inv_flattening; /* 0 for a sphere */
    char wkt[RS_WKT_MAX];  /* CRS as WKT, "" when the raster declares none */
};

static inline size_t rs_grid_cells(const struct rs_grid *g)
{
    return (size_t)g->nx * (size_t)g->ny;
}

/*
 * Fills g's CRS fields from WKT (may be NULL or ""). Fails when the CRS cannot be parsed
 * or the geotransform is rotated.
 */
int rs_grid_set_crs(struct rs_grid *g, const char *wkt, const char *input, struct ls_err *err);

/* 1 when a and b have the same size, geotransform (to 1e-9 of a cell) and CRS. */
int rs_grid_same(const struct rs_grid *a, const struct rs_grid *b);

/* 1 when the two CRS are the same (both empty counts as the same). */
int rs_grid_same_crs(const struct rs_grid *a, const struct rs_grid *b);

/*
 * Area in m² of each cell of row `row` (all cells of a row have the same area on a north-up
 * grid). Geographic grids: exact ellipsoidal quadrangle between the row's two parallels.
 */
double rs_grid_cell_area(const struct rs_grid *g, long row);

/* Horizontal cell size in metres at row `row` (for slope on geographic grids), x and y. */
void rs_grid_cell_size_m(const struct rs_grid *g, long row, double *dx, double *dy);

#endif
