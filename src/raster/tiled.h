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
#include <stdint.h>

#include "raster/hydro.h"
#include "raster/io.h"

/* Receives rows row0 .. row0+nrows-1 (nx values each), in order. */
typedef int (*rs_rows_f32_fn)(void *ctx, long row0, long nrows, const float *rows,
                              struct ls_err *err);

struct rs_tiled_opts {
    int threads;    /* bands in memory and flooded at once (≥ 1) */
    long band_rows; /* rows per band */
};

/* Bytes per band cell the tiled fill holds (elevations, labels, originals, queues), for
 * elevations of elev_bytes (4: float, 8: double; raster/hydro's rs_elev_is_f64). */
#define RS_TILED_FILL_BYTES(elev_bytes) (8 + 2 * (elev_bytes))

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
typedef int (*rs_rows_f64_fn)(void *ctx, long row0, long nrows, const double *rows,
                              struct ls_err *err);
int rs_fill_tiled_f32(struct rs_source *src, const struct rs_tiled_opts *o, rs_rows_f32_fn emit,
                      void *ctx, struct rs_fill_stats *stats, struct ls_err *err);
int rs_fill_tiled_f64(struct rs_source *src, const struct rs_tiled_opts *o, rs_rows_f64_fn emit,
                      void *ctx, struct rs_fill_stats *stats, struct ls_err *err);

typedef int (*rs_rows_u8_fn)(void *ctx, long row0, long nrows, const uint8_t *rows,
                             struct ls_err *err);

/* Bytes per band cell D8 routing holds at its peak (the fill's, or elevations, directions,
 * flat distances and their search fronts, or directions, weights, totals and states). */
#define RS_TILED_ROUTE_BYTES(elev_bytes) (20 + (elev_bytes))
/* With MFD accumulation: elevations, directions, weights, totals, shares' sums, states. */
#define RS_TILED_MFD_BYTES(elev_bytes) (24 + (elev_bytes))

enum rs_route_down { RS_ROUTE_DOWN_NONE, RS_ROUTE_DOWN_LABELS, RS_ROUTE_DOWN_DISTANCE };

struct rs_route_job {
    struct rs_source *dem;
    struct rs_source *weight; /* on the DEM's grid; NULL: each cell counts 1 */
    const char *scratch_near; /* scratch files go in this file's directory */
    int outward;              /* edge cells all drain off the grid */
    rs_rows_u8_fn dir_rows;   /* receives the D8 codes; may be NULL */
    rs_rows_f64_fn acc_rows;  /* receives the accumulation; NULL: directions only */
    void *ctx;
    int mfd;         /* 1: MFD accumulation (rs_flowacc_mfd) instead of D8 */
    double exponent; /* MFD's */
    /* After the accumulation (acc_rows set), what paths meet downstream, as rs_watershed
     * (labels of `outlets`) or rs_downslope_distance (to cells whose accumulation is at
     * least stream_threshold) give it, to down_rows. For labels, outlets gives the outlet
     * cells once every accumulation row has gone to acc_rows (label k+1 for cell k). */
    enum rs_route_down down;
    double stream_threshold;
    int (*outlets)(void *ctx, const size_t **cells, size_t *n, struct ls_err *err);
    rs_rows_f64_fn down_rows;
};

struct rs_route_stats {
    struct rs_fill_stats fill;
    long bands;
    long dir_visits, acc_visits; /* band visits until the boundaries settled */
    long down_visits;            /* and for labels or distances, the final visits included */
    size_t nan_weights;
};

/*
 * Fill, D8 directions and (when acc_rows is set) D8 or MFD accumulation out of core, the same
 * bits as rs_fill_parallel + rs_flowdir_d8 + rs_flowacc_d8 (or rs_flowacc_mfd) in memory. The
 * filled DEM and the directions go to scratch files (5 or 9 bytes per cell on disk). Flat distances
 * and accumulations that cross band boundaries are settled by sweeping the bands down and up until
 * no boundary row changes; each visit recomputes its band from the files. The DEM's type chooses
 * the elevation type (rs_elev_is_f64); the scratch elevations keep it.
 */
int rs_route_tiled(const struct rs_route_job *job, const struct rs_tiled_opts *o,
                   struct rs_route_stats *stats, struct ls_err *err);
int rs_route_tiled_f32(const struct rs_route_job *job, const struct rs_tiled_opts *o,
                       struct rs_route_stats *stats, struct ls_err *err);
int rs_route_tiled_f64(const struct rs_route_job *job, const struct rs_tiled_opts *o,
                       struct rs_route_stats *stats, struct ls_err *err);

#endif
