/*
 * raster/route_band — D8 routing of one band of rows, the piece both the in-memory routines
 * (one band: the whole grid) and the out-of-core ones (many bands, streamed) are built from,
 * so both give the same bits.
 *
 * A band sees rows row0 .. row0+nrows-1 of the grid through pointers to its first row; the
 * rows just above and below (-1 and nrows) are read only where they lie inside the grid, so
 * the in-memory callers need no halo. What crosses a band boundary is passed in explicitly:
 * the flat distances and accumulations of the neighbouring rows (NULL when unknown).
 *
 * Flats are resolved by distance, not by the order of a search: a cell without a lower
 * neighbour takes its distance d (in steps, within cells of its own elevation) to the
 * nearest cell that has a way down, and drains to its first neighbour, in D8 code order, of
 * that elevation at distance d−1. Accumulation pulls: a cell's total is its weight plus its
 * donors' totals added in D8 code order, computed once every donor is known. Both are
 * functions of the grid alone, whatever the band boundaries.
 * Arrays are the caller's; nothing here keeps memory between calls.
 */
#ifndef LS_RASTER_ROUTE_BAND_H
#define LS_RASTER_ROUTE_BAND_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "raster/hydro.h"

#define RS_D8_UNDECIDED 0xFE
#define RS_FLAT_FAR     UINT32_MAX /* no way down found (yet) */
#define RS_ACC_FINAL    0xFF

struct rs_rband {
    const struct rs_grid *g;
    long row0, nrows;
    const float *z; /* the band's first row; rows -1 and nrows where in the grid */
    uint8_t *dir;   /* nrows × nx */
    int outward;
};

/* Steepest-drop codes for the band; cells without a lower neighbour (and no way off the
 * grid) get RS_D8_UNDECIDED. */
void rs_rband_steepest(const struct rs_rband *b);

/*
 * Resolves the band's undecided cells: dist (nrows × nx) receives each cell's flat distance
 * (0 for a cell with a way down, RS_FLAT_FAR for nodata and for flat cells with no way down
 * known), then undecided cells get their direction (RS_D8_OUTLET when far). above / below
 * hold the distances of rows -1 and nrows (NULL: none known). -1 when out of memory.
 */
int rs_rband_flats(const struct rs_rband *b, uint32_t *dist, const uint32_t *above,
                   const uint32_t *below);

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
