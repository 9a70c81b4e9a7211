/*
 * raster/down_band — what a D8 path meets downstream, on one band of rows: the first outlet
 * (watershed labels) or the length in metres to the first stream cell. Both follow one rule,
 * value(i) = value(down(i)) + step(i), from cells whose value is given (outlets, stream cells,
 * nodata) and `off` where a path leaves the grid or enters nodata; step is 0 for labels and
 * the length of the D8 step for distances. The in-memory routines (raster/watershed) compute
 * the same values; a band gives the same bits whatever its boundaries.
 * A path that leaves the band takes the value of the neighbouring band's boundary row when it
 * is known there, and waits (its cells stay open) otherwise.
 * Arrays are the caller's; the path stack is kept in the struct between calls (free it with
 * rs_dband_free).
 * Internal to raster/: the parts of routing in memory and out of core (raster/hydro,
 * raster/tiled and raster/routing are the faces other modules include).
 */
#ifndef LS_RASTER_DOWN_BAND_H
#define LS_RASTER_DOWN_BAND_H

#include <stddef.h>
#include <stdint.h>

#include "raster/grid.h"

#define RS_DOWN_OPEN  0
#define RS_DOWN_FINAL 1

struct rs_dband {
    const struct rs_grid *g;
    long row0, nrows;
    const uint8_t *dir;          /* the band's first row; rows -1 and nrows where in the grid */
    int distance;                /* 1: step lengths add up (distance); 0: labels pass unchanged */
    double off;                  /* the value where a path leaves the grid or enters nodata */
    const double *above, *below; /* values of rows -1 and nrows, NULL: none */
    const uint8_t *above_final, *below_final; /* 1 where those are known */
    double *val;    /* nrows × nx: given values in, every value it could settle out */
    uint8_t *state; /* nrows × nx: RS_DOWN_FINAL where val is known (given cells too) */
    size_t *path;   /* the walk's stack, grown as needed */
    size_t path_n, path_cap;
};

/* Settles every open cell whose path reaches a known value; -1 when out of memory. */
int rs_dband_run(struct rs_dband *b);

void rs_dband_free(struct rs_dband *b);

#endif
