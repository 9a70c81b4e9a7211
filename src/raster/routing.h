/*
 * raster/routing — one DEM routed in memory, whatever its type: loaded within the memory
 * budget, filled (the plain surface on every thread, or the epsilon one on one thread), D8
 * directions, then D8 or MFD accumulation. The elevations keep the DEM's precision: a
 * Float64 DEM is filled and routed in double, any other in float (raster/elev), so the filled
 * surface written back has the input's type. The command line's raster commands are built on
 * it; raster/tiled is the same routing streamed for grids larger than memory.
 * The struct is the caller's; rs_routing_free releases the arrays it holds.
 */
#ifndef LS_RASTER_ROUTING_H
#define LS_RASTER_ROUTING_H

#include <stddef.h>
#include <stdint.h>

#include "raster/hydro.h"
#include "raster/io.h"

/* Bytes per cell the fill on several threads holds, a Float32 DEM included: the DEM, the
 * labels, the original elevations and the flood's queues. */
#define RS_ROUTING_FILL_BYTES 16

struct rs_routing {
    char path[1024]; /* the DEM, for messages */
    struct rs_grid g;
    GDALDataType elev_type; /* GDT_Float32 or GDT_Float64: the type z holds */
    void *z;                /* filled elevations; NULL once D8 accumulation has released them */
    uint8_t *dir;           /* D8 codes (raster/hydro) */
    double *acc;            /* accumulation */
    struct rs_fill_stats fill;
    size_t nan_weights; /* nodata weights counted as 0 */
};

/* Extra bytes per cell a DEM of this type needs in memory over a Float32 one (its elevations
 * and, filling on several threads, their originals), for budgets computed for Float32. */
double rs_routing_elev_extra(GDALDataType dem_type);

/*
 * Loads src's DEM into r after checking that bytes_per_cell (the caller's arrays, a Float32
 * DEM included) fits mem_grids, then fills it: epsilon on one thread, else plain on `threads`.
 * `what` names the operation in the budget's message.
 */
int rs_routing_fill(struct rs_source *src, int threads, int epsilon, double bytes_per_cell,
                    size_t mem_grids, const char *what, struct rs_routing *r, struct ls_err *err);

/* D8 directions of the filled DEM into r->dir. */
int rs_routing_directions(struct rs_routing *r, int edges_outward, int threads, struct ls_err *err);

/*
 * Accumulation into r->acc, weighted by weight (on the DEM's grid; NULL: each cell counts 1):
 * MFD with `exponent`, or D8 — which reads only the directions, so it releases the elevations
 * first to give their memory back.
 */
int rs_routing_accumulate(struct rs_routing *r, const float *weight, int mfd, double exponent,
                          struct ls_err *err);

void rs_routing_free(struct rs_routing *r);

#endif
