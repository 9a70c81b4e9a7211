/*
 * raster/fill — priority-flood depression filling (Barnes, Lehman & Mulla 2014, "Priority-
 * Flood: An optimal depression-filling and watershed-labeling algorithm", Algorithms 2 and 3):
 * the flood grows inward from the grid's edges and the cells beside nodata, always from its
 * lowest cell; a cell reached below the flood level is raised to it (or just above, in the
 * epsilon variant) and goes to a FIFO "pit" queue that skips the heap.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "raster/hydro.h"

const int rs_d8_dx[8] = { 1, 1, 0, -1, -1, -1, 0, 1 };
const int rs_d8_dy[8] = { 0, -1, -1, -1, 0, 1, 1, 1 };

#define UNSEEN 0xFE

struct hnode {
    float z;
    size_t i;
};

struct heap {
    struct hnode *a;
    size_t n, cap;
};

/* Lower z first; equal z in index order, so the fill is deterministic. */
static int before(struct hnode x, struct hnode y)
{
    return x.z < y.z || (x.z == y.z && x.i < y.i);
}

static int heap_push(struct heap *h, float z, size_t i)
{
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 4096;
        struct hnode *na = realloc(h->a, nc * sizeof *na);
        if (!na)
            return -1;
        h->a = na;
        h->cap = nc;
    }
    struct hnode v = { z, i };
    size_t k = h->n++;
    while (k > 0) {
        size_t p = (k - 1) / 2;
        if (!before(v, h->a[p]))
            break;
        h->a[k] = h->a[p];
        k = p;
    }
    h->a[k] = v;
    return 0;
}

static struct hnode heap_pop(struct heap *h)
{
    struct hnode top = h->a[0], last = h->a[--h->n];
    size_t k = 0, n = h->n;
    for (;;) {
        size_t c = 2 * k + 1;
        if (c >= n)
            break;
        if (c + 1 < n && before(h->a[c + 1], h->a[c]))
            c++;
        if (!before(h->a[c], last))
            break;
        h->a[k] = h->a[c];
        k = c;
    }
    if (n)
        h->a[k] = last;
    return top;
}

struct fifo {
    size_t *a;
    size_t head, tail, cap; /* ring buffer */
};

static int fifo_push(struct fifo *q, size_t i)
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

static size_t fifo_pop(struct fifo *q)
{
    return q->a[q->head++ % q->cap];
}

int rs_fill(const struct rs_grid *g, float *z, int epsilon, uint8_t *parent,
            struct rs_fill_stats *stats, struct ls_err *err)
{
    long nx = g->nx, ny = g->ny;
    size_t n = rs_grid_cells(g);
    uint8_t *par = parent ? parent : malloc(n);
    struct heap pq = { 0 };
    struct fifo pit = { 0 };
    struct rs_fill_stats st = { 0 };
    int oom = !par;
    for (size_t i = 0; !oom && i < n; i++)
        par[i] = isnan(z[i]) ? RS_D8_NODATA : UNSEEN;
    /* Seeds: valid cells on the edge or beside nodata drain off the grid. */
    for (long r = 0; !oom && r < ny; r++)
        for (long c = 0; c < nx; c++) {
            size_t i = (size_t)r * (size_t)nx + (size_t)c;
            if (par[i] == RS_D8_NODATA)
                continue;
            int seed = r == 0 || c == 0 || r == ny - 1 || c == nx - 1;
            for (int k = 0; !seed && k < 8; k++)
                seed = isnan(z[(size_t)(r + rs_d8_dy[k]) * (size_t)nx + (size_t)(c + rs_d8_dx[k])]);
            if (seed) {
                par[i] = RS_D8_OUTLET;
                st.seeds++;
                if (heap_push(&pq, z[i], i)) {
                    oom = 1;
                    break;
                }
            }
        }
    while (!oom && (pq.n || pit.tail != pit.head)) {
        size_t i;
        if (pit.tail != pit.head)
            i = fifo_pop(&pit);
        else
            i = heap_pop(&pq).i;
        long r = (long)(i / (size_t)nx), c = (long)(i % (size_t)nx);
        float zc = z[i];
        float level = epsilon ? nextafterf(zc, INFINITY) : zc;
        for (int k = 0; k < 8; k++) {
            long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
            if (rr < 0 || cc < 0 || rr >= ny || cc >= nx)
                continue;
            size_t j = (size_t)rr * (size_t)nx + (size_t)cc;
            if (par[j] != UNSEEN)
                continue;
            par[j] = (uint8_t)((k + 4) % 8); /* toward the cell it was reached from */
            if (z[j] <= level) {
                if (z[j] < level) {
                    double raise = (double)level - (double)z[j];
                    st.raised++;
                    if (raise > st.max_raise)
                        st.max_raise = raise;
                    z[j] = level;
                }
                if (fifo_push(&pit, j))
                    oom = 1;
            } else if (heap_push(&pq, z[j], j)) {
                oom = 1;
            }
        }
    }
    free(pq.a);
    free(pit.a);
    if (!parent)
        free(par);
    if (oom)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory while filling");
    if (stats)
        *stats = st;
    return 0;
}
