/*
 * raster/outlets — outlet points for `raster watershed`: read from a point file (any OGR
 * format, or CSV with x,y columns), placed on the DEM's grid, then snapped to the cell of
 * highest accumulation within a snapping distance (in cells). Snapping takes the accumulation's
 * rows in order, all at once (in memory) or band by band (out of core), with the same result. The
 * caller owns the struct and frees it with rs_outlets_free.
 */
#ifndef LS_RASTER_OUTLETS_H
#define LS_RASTER_OUTLETS_H

#include <stddef.h>

#include <jansson.h>

#include "raster/grid.h"

struct rs_outlet {
    double x, y;         /* as given, in the DEM's CRS */
    long feature;        /* 1-based, for messages */
    long row, col;       /* the cell the point falls in */
    long best_r, best_c; /* the snapped cell, */
    double best;         /* and its accumulation (-1: none seen yet) */
};

struct rs_outlets {
    struct rs_outlet *pt;
    size_t n;
    size_t *cells; /* the snapped cells (row·nx + col), set by rs_outlets_finish */
};

int rs_outlets_read(const char *path, const struct rs_grid *g, struct rs_outlets *o,
                    struct ls_err *err);

/* Takes accumulation rows row0 .. row0+nrows-1 (rows in ascending order over the calls). */
void rs_outlets_snap_rows(struct rs_outlets *o, const struct rs_grid *g, long snap, long row0,
                          long nrows, const double *acc);

/* Sets cells; fails naming the first point whose window held no data. */
int rs_outlets_finish(struct rs_outlets *o, const struct rs_grid *g, const char *path,
                      struct ls_err *err);

/* The snapped outlets as a JSON array: outlet (1-based), row, column, x, y (cell centre),
 * upstream_cells. Caller owns it. */
json_t *rs_outlets_json(const struct rs_outlets *o, const struct rs_grid *g);

void rs_outlets_free(struct rs_outlets *o);

#endif
