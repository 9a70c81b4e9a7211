/*
 * raster/mfd_band — MFD accumulation (Holmgren 1994 / Quinn 1991) of one band of rows, for
 * the whole grid in memory (one band) and out of core (many) alike, so both give the same
 * bits. A cell passes its total to every lower neighbour j in proportion to
 * w_j = (drop_j / distance_j)^exponent, its share w_j / Σw; a cell without a lower neighbour
 * passes it all along its D8 direction (which follows the flats). Accumulation pulls: a
 * cell's total is its weight plus, over its neighbours in D8 code order, each donor's total
 * times its share, computed once every donor is final.
 * A band sees rows row0 .. row0+nrows-1 through pointers to its first row: elevations of rows
 * -2 .. nrows+1 and directions of rows -1 .. nrows are read where they lie in the grid; the
 * totals of rows -1 and nrows come from the neighbouring bands (NULL: unknown).
 * Arrays are the caller's; the struct keeps its work space between calls (rs_mband_free).
 * Internal to raster/: the parts of routing in memory and out of core (raster/hydro,
 * raster/tiled and raster/routing are the faces other modules include).
 */
#ifndef LS_RASTER_MFD_BAND_H
#define LS_RASTER_MFD_BAND_H

#include <stddef.h>
#include <stdint.h>

#include "raster/elev.h"
#include "raster/grid.h"

#define RS_MFD_FINAL 0xFF

struct rs_mband {
    const struct rs_grid *g;
    long row0, nrows;
    const rs_elev *z;    /* the band's first row (filled elevations) */
    const uint8_t *dir;  /* the band's first row (D8 codes) */
    const float *weight; /* nrows × nx, NULL: every cell weighs 1 */
    double exponent;
    const double *above, *below;              /* totals of rows -1 and nrows, NULL: unknown */
    const uint8_t *above_final, *below_final; /* 1 where those are final */
    double *acc;                              /* nrows × nx: NaN on nodata */
    uint8_t *state;                           /* nrows × nx: RS_MFD_FINAL where acc is final */
    size_t nan_weights;                       /* weights that were nodata, counted as 0 */
    /* work space */
    double *sum;  /* rows -1 .. nrows: Σw of each cell's lower neighbours (-1: none) */
    uint8_t *out; /* rows -1 .. nrows: bit k set when the cell passes water to neighbour k */
    double *size; /* rows -2 .. nrows+1: dx, dy, diagonal in metres */
    size_t *stack;
    size_t sp, cap, work_cells;
};

/*
 * Accumulates the band as far as its known inflows allow, resuming: cells whose state is
 * already RS_MFD_FINAL keep their totals (a first run starts from states of 0). -1 when out of
 * memory.
 */
int rs_mband_run(struct rs_mband *b);

void rs_mband_free(struct rs_mband *b);

#endif
