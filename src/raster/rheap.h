/*
 * raster/rheap — the priority-flood's queue: a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan
 * 1990). The flood pops elevations in non-decreasing order and never pushes below the last
 * one popped: the monotone case a radix heap serves in O(1) amortized per cell (an entry
 * moves down at most one bucket per key bit). Elevations map to order-preserving integer keys
 * of their own width (raster/elev: 32 bits for float, 64 for double). A heap is a
 * caller-owned value, zero-initialised; rs_rheap_free releases its storage.
 * Internal to raster/: the parts of routing in memory and out of core (raster/hydro,
 * raster/tiled and raster/routing are the faces other modules include).
 */
#ifndef LS_RASTER_RHEAP_H
#define LS_RASTER_RHEAP_H

#include <stddef.h>
#include <stdint.h>

#include "raster/elev.h"

struct rs_hnode {
    rs_elev_key key;
    size_t i;
};

struct rs_bucket {
    struct rs_hnode *a;
    size_t n, cap;
};

struct rs_rheap {
    struct rs_bucket b[RS_ELEV_KEY_BITS + 1];
    rs_elev_key last; /* key of the last entry popped */
    size_t n;
};

/* Order-preserving key of a (non-NaN) elevation. */
rs_elev_key rs_elev_key_of(rs_elev z);

/* Both return -1 when out of memory. Push no lower than the last key popped. */
int rs_rheap_push(struct rs_rheap *h, rs_elev z, size_t i);
/* Pops an entry of the smallest key (h->n must be > 0); ties in a fixed, input-defined order. */
int rs_rheap_pop(struct rs_rheap *h, size_t *out);
void rs_rheap_free(struct rs_rheap *h);

#endif
