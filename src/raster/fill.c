/*
 * raster/fill — priority-flood depression filling (Barnes, Lehman & Mulla 2014, "Priority-
 * Flood: An optimal depression-filling and watershed-labeling algorithm", Algorithms 2 and 3):
 * the flood grows inward from the grid's edges and the cells beside nodata, always from its
 * lowest cell; a cell reached below the flood level is raised to it (or just above, in the
 * epsilon variant) and goes to a FIFO "pit" queue that skips the heap.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "raster/hydro.h"

const int rs_d8_dx[8] = { 1, 1, 0, -1, -1, -1, 0, 1 };
const int rs_d8_dy[8] = { 0, -1, -1, -1, 0, 1, 1, 1 };

/*
 * The flood's priority queue is a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990): the
 * flood pops elevations in non-decreasing order and never pushes below the last one popped,
 * which is exactly the monotone case a radix heap serves in O(1) amortized per cell (each
 * entry moves down at most 32 buckets). Elevations map to order-preserving 32-bit keys.
 */
struct hnode {
    uint32_t key;
    size_t i;
};

struct bucket {
    struct hnode *a;
    size_t n, cap;
};

struct heap {
    struct bucket b[33];
    uint32_t last;
    size_t n;
};

static uint32_t float_key(float z)
{
    uint32_t u;
    memcpy(&u, &z, sizeof u);
    return u & 0x80000000u ? ~u : u | 0x80000000u;
}

static int bucket_of(uint32_t key, uint32_t last)
{
    return key == last ? 0 : 32 - __builtin_clz(key ^ last);
}

static int bucket_push(struct bucket *b, struct hnode v)
{
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 256;
        struct hnode *na = realloc(b->a, nc * sizeof *na);
        if (!na)
            return -1;
        b->a = na;
        b->cap = nc;
    }
    b->a[b->n++] = v;
    return 0;
}

static int heap_push(struct heap *h, float z, size_t i)
{
    struct hnode v = { float_key(z), i };
    h->n++;
    return bucket_push(&h->b[bucket_of(v.key, h->last)], v);
}

/* Pops an entry of the smallest key (entries of equal key in a fixed, input-defined order). */
static int heap_pop(struct heap *h, size_t *out)
{
    if (h->b[0].n == 0) {
        int k = 1;
        while (h->b[k].n == 0)
            k++;
        struct bucket *src = &h->b[k];
        uint32_t m = src->a[0].key;
        for (size_t j = 1; j < src->n; j++)
            if (src->a[j].key < m)
                m = src->a[j].key;
        h->last = m;
        /* redistribute in order; every entry lands in a lower bucket */
        for (size_t j = 0; j < src->n; j++)
            if (bucket_push(&h->b[bucket_of(src->a[j].key, m)], src->a[j]))
                return -1;
        src->n = 0;
    }
    struct bucket *b0 = &h->b[0];
    *out = b0->a[--b0->n].i;
    h->n--;
    return 0;
}

static void heap_free(struct heap *h)
{
    for (int k = 0; k < 33; k++)
        free(h->b[k].a);
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

int rs_drains_off(const struct rs_grid *g, const float *z, long r, long c)
{
    if (r == 0 || c == 0 || r == g->ny - 1 || c == g->nx - 1)
        return 1;
    for (int k = 0; k < 8; k++)
        if (isnan(z[(size_t)(r + rs_d8_dy[k]) * (size_t)g->nx + (size_t)(c + rs_d8_dx[k])]))
            return 1;
    return 0;
}

int rs_fill(const struct rs_grid *g, float *z, int epsilon, struct rs_fill_stats *stats,
            struct ls_err *err)
{
    long nx = g->nx, ny = g->ny;
    size_t n = rs_grid_cells(g);
    uint8_t *closed = calloc(n, 1);
    struct heap pq = { 0 };
    struct fifo pit = { 0 };
    struct rs_fill_stats st = { 0 };
    int oom = !closed;
    for (long r = 0; !oom && r < ny; r++)
        for (long c = 0; c < nx; c++) {
            size_t i = (size_t)r * (size_t)nx + (size_t)c;
            if (isnan(z[i]) || !rs_drains_off(g, z, r, c))
                continue;
            closed[i] = 1;
            st.seeds++;
            if (heap_push(&pq, z[i], i)) {
                oom = 1;
                break;
            }
        }
    while (!oom && (pq.n || pit.tail != pit.head)) {
        size_t i;
        if (pit.tail != pit.head)
            i = fifo_pop(&pit);
        else if (heap_pop(&pq, &i)) {
            oom = 1;
            break;
        }
        long r = (long)(i / (size_t)nx), c = (long)(i % (size_t)nx);
        float level = epsilon ? nextafterf(z[i], INFINITY) : z[i];
        for (int k = 0; k < 8; k++) {
            long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
            if (rr < 0 || cc < 0 || rr >= ny || cc >= nx)
                continue;
            size_t j = (size_t)rr * (size_t)nx + (size_t)cc;
            if (closed[j] || isnan(z[j]))
                continue;
            closed[j] = 1;
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
    heap_free(&pq);
    free(pit.a);
    free(closed);
    if (oom)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory while filling");
    if (stats)
        *stats = st;
    return 0;
}
