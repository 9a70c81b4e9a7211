/*
 * raster/floodq — the queues of terrain routing: a radix heap (Ahuja, Mehlhorn, Orlin &
 * Tarjan 1990) and a FIFO. The flood pops elevations in non-decreasing order and never pushes
 * below the last one popped: the monotone case a radix heap serves in O(1) amortized per cell
 * (an entry moves down at most 32 buckets). Elevations map to order-preserving 32-bit keys.
 * Queues are caller-owned values, zero-initialised; rs_*_free releases their storage. A FIFO
 * and a growable index array serve the breadth-first and path walks.
 */
#ifndef LS_RASTER_FLOODQ_H
#define LS_RASTER_FLOODQ_H

#include <stddef.h>
#include <stdint.h>

struct rs_hnode {
    uint32_t key;
    size_t i;
};

struct rs_bucket {
    struct rs_hnode *a;
    size_t n, cap;
};

struct rs_rheap {
    struct rs_bucket b[33];
    uint32_t last; /* key of the last entry popped */
    size_t n;
};

/* Order-preserving key of a (non-NaN) float. */
uint32_t rs_float_key(float z);

/* Both return -1 when out of memory. Push no lower than the last key popped. */
int rs_rheap_push(struct rs_rheap *h, float z, size_t i);
/* Pops an entry of the smallest key (h->n must be > 0); ties in a fixed, input-defined order. */
int rs_rheap_pop(struct rs_rheap *h, size_t *out);
void rs_rheap_free(struct rs_rheap *h);

struct rs_fifo {
    size_t *a;
    size_t head, tail, cap; /* ring buffer */
};

int rs_fifo_push(struct rs_fifo *q, size_t i);
size_t rs_fifo_pop(struct rs_fifo *q);
static inline int rs_fifo_empty(const struct rs_fifo *q)
{
    return q->head == q->tail;
}
void rs_fifo_free(struct rs_fifo *q);

/* Appends v to a growable array of cell indices (*a, *n, *cap); -1 when out of memory. */
int rs_index_push(size_t **a, size_t *n, size_t *cap, size_t v);

#endif
