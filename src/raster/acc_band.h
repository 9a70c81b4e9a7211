/*
 * raster/acc_band — D8 accumulation of one band of rows, for the in-memory routine (one band:
 * the whole grid) and the out-of-core one (many bands, streamed), so both give the same bits.
 * Accumulation pulls: a cell's total is its weight plus its donors' totals added in D8 code
 * order, computed once every donor is known, a function of the grid alone whatever the band
 * boundaries. It reads directions and weights only, so one copy serves every elevation type.
 * Arrays are the caller's; nothing here keeps memory between calls.
 * Internal to raster/: the parts of routing in memory and out of core (raster/hydro,
 * raster/tiled and raster/routing are the faces other modules include).
 */
#ifndef LS_RASTER_ACC_BAND_H
#define LS_RASTER_ACC_BAND_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "raster/hydro.h"

#define RS_ACC_FINAL 0xFF

struct rs_aband {
    const struct rs_grid *g;
    long row0, nrows;
    const uint8_t *dir;          /* the band's first row; rows -1 and nrows where in the grid */
    const float *weight;         /* nrows × nx, NULL: every cell weighs 1 */
    const double *above, *below; /* accumulations of rows -1 and nrows, NULL: none known */
    const uint8_t *above_final, *below_final; /* 1 where those are final */
    double *acc;                              /* nrows × nx: NaN on nodata */
    uint8_t *state;     /* nrows × nx: RS_ACC_FINAL where acc is final (upstream known) */
    size_t nan_weights; /* weights that were nodata, counted as 0 */
};

/* A cell's own weight in an accumulation: 1 without a weight raster; a nodata weight counts
 * 0 and is counted in *nan_weights. */
static inline double rs_cell_weight(const float *weight, long i, size_t *nan_weights)
{
    if (!weight)
        return 1;
    double a = (double)weight[i];
    if (isnan(a)) {
        (*nan_weights)++;
        return 0;
    }
    return a;
}

/* D8 accumulation of the band as far as its known inflows allow. */
void rs_aband_run(struct rs_aband *b);

#endif
