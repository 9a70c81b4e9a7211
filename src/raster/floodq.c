/* raster/floodq — see floodq.h. */
#include "raster/floodq.h"

#include <stdlib.h>
#include <string.h>

int rs_fifo_push(struct rs_fifo *q, size_t i)
{
    if (q->tail - q->head == q->cap) {
        size_t nc = q->cap ? q->cap * 2 : 4096;
        size_t *na = malloc(nc * sizeof *na);
        if (!na)
            return -1;
        for (size_t k = q->head; k < q->tail; k++)
            na[k - q->head] = q->a[k % q->cap];
        free(q->a);
        q->a = na;
        q->tail -= q->head;
        q->head = 0;
        q->cap = nc;
    }
    q->a[q->tail++ % q->cap] = i;
    return 0;
}

size_t rs_fifo_pop(struct rs_fifo *q)
{
    return q->a[q->head++ % q->cap];
}

void rs_fifo_free(struct rs_fifo *q)
{
    free(q->a);
    memset(q, 0, sizeof *q);
}

int rs_index_push(size_t **a, size_t *n, size_t *cap, size_t v)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 1024;
        size_t *na = realloc(*a, nc * sizeof *na);
        if (!na)
            return -1;
        *a = na;
        *cap = nc;
    }
    (*a)[(*n)++] = v;
    return 0;
}
