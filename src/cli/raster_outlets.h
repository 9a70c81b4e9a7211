/*
 * cli/raster_outlets — outlet points for `raster watershed`: read from a point file (any OGR
 * format, or CSV with x,y columns), placed on the DEM's grid, then snapped to the cell of
 * highest accumulation within --snap cells. Snapping takes the accumulation's rows in order,
 * all at once (in memory) or band by band (out of core), with the same result.
 * The caller owns the struct and frees it with raster_outlets_free.
 */
#ifndef LS_CLI_RASTER_OUTLETS_H
#define LS_CLI_RASTER_OUTLETS_H

#include <stddef.h>

#include <jansson.h>

#include "raster/grid.h"

struct raster_outlet {
    double x, y;         /* as given, in the DEM's CRS */
    long feature;        /* 1-based, for messages */
    long row, col;       /* the cell the point falls in */
    long best_r, best_c; /* the snapped cell, */
    double best;         /* and its accumulation (-1: none seen yet) */
};

struct raster_outlets {
    struct raster_outlet *pt;
    size_t n;
    size_t *cells; /* the snapped cells (row·nx + col), set by raster_outlets_finish */
};

int raster_outlets_read(const char *path, const struct rs_grid *g, struct raster_outlets *o,
                        struct ls_err *err);

/* Takes accumulation rows row0 .. row0+nrows-1 (rows in ascending order over the calls). */
void raster_outlets_snap_rows(struct raster_outlets *o, const struct rs_grid *g, long snap,
                              long row0, long nrows, const double *acc);

/* Sets cells; fails naming the first point whose window held no data. */
int raster_outlets_finish(struct raster_outlets *o, const struct rs_grid *g, const char *path,
                          struct ls_err *err);

/* The snapped outlets as a JSON array (and on stdout when print). */
json_t *raster_outlets_report(const struct raster_outlets *o, const struct rs_grid *g, int print);

void raster_outlets_free(struct raster_outlets *o);

#endif
