/*
 * raster/tiled — terrain routing out of core: the DEM streams from its file in full-width
 * bands of rows, a few bands in memory at a time (one per thread), so a grid far larger than
 * memory is filled and routed within the --mem budget. Each pass reads the bands again rather
 * than keeping them (Barnes 2016's "evict" strategy); what must cross band boundaries — the
 * labels' crossing graph, the rows at the boundaries — stays in memory, and is small.
 *
 * Results are bit-identical to the in-memory routines of raster/hydro, whatever the band
 * height and thread count. Results leave through a callback that receives every row once,
 * in row order; it must copy what it keeps.
 */
#ifndef LS_RASTER_TILED_H
#define LS_RASTER_TILED_H

#include <stddef.h>

#include "raster/hydro.h"
#include "raster/io.h"

/* Receives rows row0 .. row0+nrows-1 (nx values each), in order. */
typedef int (*rs_rows_f32_fn)(void *ctx, long row0, long nrows, const float *rows,
                              struct ls_err *err);

struct rs_tiled_opts {
    int threads;    /* bands in memory and flooded at once (≥ 1) */
    long band_rows; /* rows per band */
};

/* Bytes per band cell the tiled fill holds (elevations, labels, originals, queues). */
#define RS_TILED_FILL_BYTES 16

/*
 * Rows per band so that `threads` bands of bytes_per_cell fit in mem_arrays; fails (field
 * "mem") when not even 8 rows fit.
 */
int rs_tiled_band_rows(const struct rs_grid *g, size_t mem_arrays, int threads,
                       double bytes_per_cell, long *rows, struct ls_err *err);

/*
 * The lowest depression-free surface of src's DEM (as rs_fill with epsilon 0), band by band:
 * pass 1 floods each band and keeps its crossings, the levels are solved, pass 2 floods each
 * band again and raises it to its labels' levels, handing the rows to emit.
 */
int rs_fill_tiled(struct rs_source *src, const struct rs_tiled_opts *o, rs_rows_f32_fn emit,
                  void *ctx, struct rs_fill_stats *stats, struct ls_err *err);

#endif
