/*
 * raster/fill_band — the pieces of Barnes 2016's priority-flood on bands of rows, shared by
 * the in-memory parallel fill and the out-of-core (tiled) fill: flooding one band from its
 * own edges with every edge cell labelled, the graph of the lowest crossings between labels,
 * and the minimax search that gives each label the level water in it rises to.
 *
 * A band sees its rows through local indices (row·nx + col, row 0 = the band's first row);
 * the rows just above and below it must be readable through z unless the band touches the
 * grid's top or bottom edge. Local labels are 1..nseeds; label 0 is the outside of the grid.
 * Band storage (seeds, edges) is owned by the band and released by rs_fband_free; z and lab
 * belong to the caller.
 * Internal to raster/: the parts of routing in memory and out of core (raster/hydro,
 * raster/tiled and raster/routing are the faces other modules include).
 */
#ifndef LS_RASTER_FILL_BAND_H
#define LS_RASTER_FILL_BAND_H

#include <stddef.h>
#include <stdint.h>

#include "raster/elev.h"

/* Label pair (lo << 32 | hi) → lowest crossing elevation; an open-addressing hash. */
struct rs_emap {
    uint64_t *key;
    rs_elev *w;
    size_t n, cap; /* cap: power of two */
};

/* Keeps the lower w for the pair (a, b); a == b is ignored. -1 when out of memory. */
int rs_emap_add(struct rs_emap *m, uint32_t a, uint32_t b, rs_elev w);
void rs_emap_free(struct rs_emap *m);

struct rs_fband {
    long nx, nrows;
    int top_edge, bottom_edge; /* the band's first / last row is the grid's */
    rs_elev *z;                /* nrows × nx, raised in place by the flood */
    uint32_t *lab;             /* nrows × nx, zeroed by the caller */
    size_t *seeds, nseeds;     /* local indices, in raster order */
    struct rs_emap edges;      /* local labels; (0, l) where seed l lets water off the grid */
    size_t outlets;            /* seeds where water leaves the grid */
    int rc;                    /* -1: out of memory */
};

/* 1 when the valid cell (r, c) of the band lets water off the grid. */
int rs_fband_drains_off(const struct rs_fband *b, long r, long c);

/* Collects the seeds, floods the band from them and records the crossings (rs_run_each fn). */
void *rs_fband_flood(void *band);

void rs_fband_free(struct rs_fband *b);

/*
 * Adds the crossings between the last row of one band (labels la, elevations za, labels
 * offset by base_a - 1) and the first row of the band below (lb, zb, base_b) to all.
 */
int rs_fband_join(struct rs_emap *all, long nx, const uint32_t *la, const rs_elev *za,
                  uint32_t base_a, const uint32_t *lb, const rs_elev *zb, uint32_t base_b);

/* Adds a band's crossings to all, its local labels offset by base - 1. */
int rs_fband_merge(struct rs_emap *all, const struct rs_emap *band, uint32_t base);

/*
 * Raises each cell of a flooded band to its label's level (level[base + local − 1]) and
 * counts, against orig (the band as it was before the flood), the cells raised and the
 * largest raise into *raised and *max_raise.
 */
void rs_fband_raise(const struct rs_fband *b, const rs_elev *orig, const rs_elev *level,
                    uint32_t base, size_t *raised, double *max_raise);

/* Minimax levels from the outside (label 0) over the graph: level[l] for l < nlabels. */
int rs_fill_levels(const struct rs_emap *all, uint32_t nlabels, rs_elev *level);

#endif
