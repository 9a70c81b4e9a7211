/*
 * raster/sweep — the band plan and the sweeps out-of-core routing settles band boundaries
 * with: the grid cut into bands of `rows` rows; a sweep walks the bands down (or up), one run
 * of consecutive bands per thread at once, visiting only the bands marked dirty (a
 * neighbour's boundary changed in a way that reaches them), until none is.
 * Plain data; nothing here allocates.
 * Internal to raster/: the parts of routing in memory and out of core (raster/hydro,
 * raster/tiled and raster/routing are the faces other modules include).
 */
#ifndef LS_RASTER_SWEEP_H
#define LS_RASTER_SWEEP_H

#include <stdint.h>

#include "raster/grid.h"

struct rs_plan {
    const struct rs_grid *g;
    long rows, nb; /* rows per band, bands */
    int threads;
};

/* The plan for g in bands of `rows` rows on `threads` threads (both clamped to the grid). */
struct rs_plan rs_plan_make(const struct rs_grid *g, long rows, int threads);

static inline long rs_band_r0(const struct rs_plan *p, long k)
{
    return k * p->rows;
}

static inline long rs_band_n(const struct rs_plan *p, long k)
{
    long r0 = k * p->rows;
    return r0 + p->rows > p->g->ny ? p->g->ny - r0 : p->rows;
}

/*
 * Each thread carries what flows along its own run of bands (threads on neighbouring bands
 * would each miss the other's news until the next sweep).
 */
struct rs_sweep {
    long cur[64], end[64]; /* each run's next band and its end (exclusive, in direction) */
    int runs, down;
};

void rs_sweep_start(struct rs_sweep *w, const struct rs_plan *p, int down);

/* The next dirty band of each run (cleared), in list; returns how many. */
int rs_sweep_next(struct rs_sweep *w, uint8_t *dirty, long *list);

int rs_any_dirty(const uint8_t *dirty, long nb);

#endif
