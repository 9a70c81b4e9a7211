/*
 * raster/mfd_tiled — MFD accumulation out of core, the same bits as rs_flowacc_mfd in memory.
 * Divergent flow crosses a band boundary back and forth wherever a valley runs along it, so
 * settling boundaries by sweeps (as D8 does) would revisit bands once per crossing. Instead
 * every cell's total and state persist in scratch files (9 bytes per cell), each visit
 * resumes a band where the last one stopped, and passes alternate between two cuts of the grid
 * into bands, the second shifted by half a band: a chain zig-zagging across one cut's boundary
 * lies inside a band of the other. A cell is computed once, when its donors are final, by the
 * rule of raster/mfd_band, so neither the cuts nor the order of visits change a bit.
 * Internal to raster/: the parts of routing in memory and out of core (raster/hydro,
 * raster/tiled and raster/routing are the faces other modules include).
 */
#ifndef LS_RASTER_MFD_TILED_H
#define LS_RASTER_MFD_TILED_H

#include "raster/elev.h"
#include "raster/scratch.h"
#include "raster/sweep.h"
#include "raster/tiled.h"

struct rs_mfd_job {
    const struct rs_plan *plan; /* band height and threads */
    struct rs_scratch *z;       /* filled elevations (raster/elev's type) */
    struct rs_scratch *dirs;    /* D8 codes */
    struct rs_source *weight;   /* NULL: each cell counts 1 */
    double exponent;
    const char *scratch_near, *name; /* where scratch goes; the DEM, for messages */
    rs_rows_f64_fn emit;             /* every row once, in order */
    void *ctx;
};

/* *visits receives the band visits, *nan_weights the nodata weights counted as 0. */
int rs_mfd_tiled(const struct rs_mfd_job *j, long *visits, size_t *nan_weights, struct ls_err *err);

#endif
