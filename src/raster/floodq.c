/* raster/floodq — radix heap and FIFO for the priority-flood. */
#include "raster/floodq.h"

#include <stdlib.h>
#include <string.h>

uint32_t rs_float_key(float z)
{
    uint32_t u;
    memcpy(&u, &z, sizeof u);
    return u & 0x80000000u ? ~u : u | 0x80000000u;
}

static int bucket_of(uint32_t key, uint32_t last)
{
    return key == last ? 0 : 32 - __builtin_clz(key ^ last);
}

static int bucket_push(struct rs_bucket *b, struct rs_hnode v)
{
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 256;
        struct rs_hnode *na = realloc(b->a, nc * sizeof *na);
        if (!na)
            return -1;
        b->a = na;
        b->cap = nc;
    }
    b->a[b->n++] = v;
    return 0;
}

int rs_rheap_push(struct rs_rheap *h, float z, size_t i)
{
    struct rs_hnode v = { rs_float_key(z), i };
    h->n++;
    return bucket_push(&h->b[bucket_of(v.key, h->last)], v);
}

int rs_rheap_pop(struct rs_rheap *h, size_t *out)
{
    if (h->b[0].n == 0) {
        int k = 1;
        while (h->b[k].n == 0)
            k++;
        struct rs_bucket *src = &h->b[k];
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
    struct rs_bucket *b0 = &h->b[0];
    *out = b0->a[--b0->n].i;
    h->n--;
    return 0;
}

void rs_rheap_free(struct rs_rheap *h)
{
    for (int k = 0; k < 33; k++)
        free(h->b[k].a);
    memset(h, 0, sizeof *h);
}

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
