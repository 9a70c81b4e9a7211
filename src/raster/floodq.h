/*
 * raster/floodq — the untyped queues of terrain routing: a FIFO (the priority-flood's pit
 * queue and the breadth-first walks) and a growable array of cell indices (path walks).
 * Queues are caller-owned values, zero-initialised; rs_*_free releases their storage.
 * The flood's priority queue is raster/rheap.
 * Internal to raster/: the parts of routing in memory and out of core (raster/hydro,
 * raster/tiled and raster/routing are the faces other modules include).
 */
#ifndef LS_RASTER_FLOODQ_H
#define LS_RASTER_FLOODQ_H

#include <stddef.h>
#include <stdint.h>

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
