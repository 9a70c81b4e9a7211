/* raster/rheap — see rheap.h. Compiled for each elevation type (raster/elev). */
#include "raster/rheap.h"

#include <stdlib.h>
#include <string.h>

#include "raster/elev.h"

rs_elev_key rs_elev_key_of(rs_elev z)
{
    /* IEEE 754 bits read as an unsigned integer order positive values; flipping every bit of a
     * negative value and only the sign bit of a positive one orders them all. */
    const rs_elev_key sign = (rs_elev_key)1 << (RS_ELEV_KEY_BITS - 1);
    rs_elev_key u;
    memcpy(&u, &z, sizeof u);
    return u & sign ? ~u : u | sign;
}

/* Bucket k > 0 holds keys whose highest bit differing from the last key popped is bit k-1. */
static int bucket_of(rs_elev_key key, rs_elev_key last)
{
    if (key == last)
        return 0;
#if RS_ELEV_KEY_BITS == 64
    return 64 - __builtin_clzll(key ^ last);
#else
    return 32 - __builtin_clz(key ^ last);
#endif
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

int rs_rheap_push(struct rs_rheap *h, rs_elev z, size_t i)
{
    struct rs_hnode v = { rs_elev_key_of(z), i };
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
        rs_elev_key m = src->a[0].key;
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
    for (int k = 0; k <= RS_ELEV_KEY_BITS; k++)
        free(h->b[k].a);
    memset(h, 0, sizeof *h);
}
