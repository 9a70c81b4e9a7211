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
 * that elevation at distance d−1, a function of the grid alone, whatever the band boundaries.
 * Accumulation over the directions is raster/acc_band. Elevations are raster/elev's type.
 * Arrays are the caller's; nothing here keeps memory between calls.
 * Internal to raster/: the parts of routing in memory and out of core (raster/hydro,
 * raster/tiled and raster/routing are the faces other modules include).
 */
#ifndef LS_RASTER_ROUTE_BAND_H
#define LS_RASTER_ROUTE_BAND_H

#include <stddef.h>
#include <stdint.h>

#include "raster/elev.h"
#include "raster/hydro.h"

#define RS_D8_UNDECIDED 0xFE
#define RS_FLAT_FAR     UINT32_MAX /* no way down found (yet) */

struct rs_rband {
    const struct rs_grid *g;
    long row0, nrows;
    const rs_elev *z; /* the band's first row; rows -1 and nrows where in the grid */
    uint8_t *dir;     /* nrows × nx */
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

#endif
