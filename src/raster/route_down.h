/*
 * raster/route_down — watershed labels and distance to stream out of core, from a scratch
 * file of D8 directions, the same bits as rs_watershed and rs_downslope_distance in memory
 * (raster/down_band holds the rule). Used by rs_route_tiled after the accumulation.
 * Internal to raster/: the parts of routing in memory and out of core (raster/hydro,
 * raster/tiled and raster/routing are the faces other modules include).
 */
#ifndef LS_RASTER_ROUTE_DOWN_H
#define LS_RASTER_ROUTE_DOWN_H

#include "raster/scratch.h"
#include "raster/sweep.h"
#include "raster/tiled.h"

struct rs_down_job {
    const struct rs_plan *plan;
    struct rs_scratch *dirs;    /* D8 codes */
    struct rs_scratch *streams; /* distance: 1 byte per cell, nonzero on streams; NULL: labels */
    const size_t *outlets;      /* labels: outlet cells (label k+1 for outlets[k]) */
    size_t n_outlets;
    rs_rows_f64_fn emit; /* receives every row once, in order */
    void *ctx;
    const char *name; /* the DEM, for messages */
};

/* *visits receives the band visits it took. */
int rs_down_tiled(const struct rs_down_job *j, long *visits, struct ls_err *err);

#endif
