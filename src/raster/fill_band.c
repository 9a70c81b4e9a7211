/* raster/fill_band — band flooding, the crossing graph and its minimax levels (Barnes 2016). */
#include "raster/fill_band.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "raster/elev.h"
#include "raster/floodq.h"
#include "raster/hydro.h"
#include "raster/rheap.h"

int rs_emap_add(struct rs_emap *m, uint32_t a, uint32_t b, rs_elev w)
{
    if (a == b)
        return 0;
    uint64_t k = a < b ? ((uint64_t)a << 32) | b : ((uint64_t)b << 32) | a;
    if ((m->n + 1) * 2 > m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 1024;
        uint64_t *nk = calloc(nc, sizeof *nk);
        rs_elev *nw = malloc(nc * sizeof *nw);
        if (!nk || !nw) {
            free(nk);
            free(nw);
            return -1;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->key[i])
                continue;
            size_t j = (m->key[i] * 0x9E3779B97F4A7C15u) >> 20 & (nc - 1);
            while (nk[j])
                j = (j + 1) & (nc - 1);
            nk[j] = m->key[i];
            nw[j] = m->w[i];
        }
        free(m->key);
        free(m->w);
        m->key = nk;
        m->w = nw;
        m->cap = nc;
    }
    size_t j = (k * 0x9E3779B97F4A7C15u) >> 20 & (m->cap - 1);
    while (m->key[j] && m->key[j] != k)
        j = (j + 1) & (m->cap - 1);
    if (!m->key[j]) {
        m->key[j] = k;
        m->w[j] = w;
        m->n++;
    } else if (w < m->w[j]) {
        m->w[j] = w;
    }
    return 0;
}

void rs_emap_free(struct rs_emap *m)
{
    free(m->key);
    free(m->w);
    memset(m, 0, sizeof *m);
}

int rs_fband_drains_off(const struct rs_fband *b, long r, long c)
{
    long nx = b->nx;
    if (c == 0 || c == nx - 1 || (r == 0 && b->top_edge) || (r == b->nrows - 1 && b->bottom_edge))
        return 1;
    /* rows -1 and nrows are readable here: the band does not touch that edge of the grid */
    const rs_elev *p = b->z + r * nx + c;
    for (int k = 0; k < 8; k++)
        if (isnan(p[rs_d8_dy[k] * nx + rs_d8_dx[k]]))
            return 1;
    return 0;
}

static int band_seed(const struct rs_fband *b, long r, long c)
{
    return (r == 0 && !b->top_edge) || (r == b->nrows - 1 && !b->bottom_edge) ||
           rs_fband_drains_off(b, r, c);
}

static int collect_seeds(struct rs_fband *b)
{
    size_t cap = 0;
    long nx = b->nx;
    for (long r = 0; r < b->nrows; r++)
        for (long c = 0; c < nx; c++) {
            size_t i = (size_t)r * (size_t)nx + (size_t)c;
            if (!isnan(b->z[i]) && band_seed(b, r, c) &&
                rs_index_push(&b->seeds, &b->nseeds, &cap, i))
                return -1;
        }
    return 0;
}

void *rs_fband_flood(void *arg)
{
    struct rs_fband *b = arg;
    long nx = b->nx;
    struct rs_rheap pq = { 0 };
    struct rs_fifo pit = { 0 };
    if (collect_seeds(b))
        b->rc = -1;
    for (size_t k = 0; k < b->nseeds && !b->rc; k++) {
        size_t i = b->seeds[k];
        b->lab[i] = (uint32_t)k + 1;
        if (rs_rheap_push(&pq, b->z[i], i))
            b->rc = -1;
    }
    while (!b->rc && (pq.n || !rs_fifo_empty(&pit))) {
        size_t i;
        if (!rs_fifo_empty(&pit))
            i = rs_fifo_pop(&pit);
        else if (rs_rheap_pop(&pq, &i)) {
            b->rc = -1;
            break;
        }
        long r = (long)(i / (size_t)nx), c = (long)(i % (size_t)nx);
        rs_elev zc = b->z[i];
        uint32_t lc = b->lab[i];
        for (int k = 0; k < 8 && !b->rc; k++) {
            long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
            if (rr < 0 || cc < 0 || rr >= b->nrows || cc >= nx)
                continue;
            size_t j = (size_t)rr * (size_t)nx + (size_t)cc;
            if (isnan(b->z[j]))
                continue;
            if (b->lab[j]) { /* already flooded: where two labels meet, water crosses */
                if (b->lab[j] != lc &&
                    rs_emap_add(&b->edges, lc, b->lab[j], rs_elev_max(zc, b->z[j])))
                    b->rc = -1;
                continue;
            }
            b->lab[j] = lc;
            if (b->z[j] <= zc) {
                b->z[j] = zc;
                if (rs_fifo_push(&pit, j))
                    b->rc = -1;
            } else if (rs_rheap_push(&pq, b->z[j], j)) {
                b->rc = -1;
            }
        }
    }
    rs_rheap_free(&pq);
    rs_fifo_free(&pit);
    /* seeds where water leaves the grid, at their own elevation (seeds are never raised) */
    for (size_t k = 0; k < b->nseeds && !b->rc; k++) {
        size_t i = b->seeds[k];
        if (!rs_fband_drains_off(b, (long)(i / (size_t)nx), (long)(i % (size_t)nx)))
            continue;
        b->outlets++;
        if (rs_emap_add(&b->edges, 0, (uint32_t)k + 1, b->z[i]))
            b->rc = -1;
    }
    return NULL;
}

void rs_fband_free(struct rs_fband *b)
{
    free(b->seeds);
    b->seeds = NULL;
    b->nseeds = 0;
    rs_emap_free(&b->edges);
}

void rs_fband_raise(const struct rs_fband *b, const rs_elev *orig, const rs_elev *level,
                    uint32_t base, size_t *raised, double *max_raise)
{
    size_t n = (size_t)b->nrows * (size_t)b->nx;
    for (size_t i = 0; i < n; i++) {
        rs_elev *z = &b->z[i];
        if (isnan(*z))
            continue;
        rs_elev lv = level[base + b->lab[i] - 1];
        if (lv > *z)
            *z = lv;
        if (*z > orig[i]) {
            double d = (double)*z - (double)orig[i];
            (*raised)++;
            if (d > *max_raise)
                *max_raise = d;
        }
    }
}

static uint32_t global_label(uint32_t local, uint32_t base)
{
    return local ? base + local - 1 : 0;
}

int rs_fband_join(struct rs_emap *all, long nx, const uint32_t *la, const rs_elev *za,
                  uint32_t base_a, const uint32_t *lb, const rs_elev *zb, uint32_t base_b)
{
    for (long c = 0; c < nx; c++) {
        if (isnan(za[c]))
            continue;
        for (long d = c > 0 ? c - 1 : 0; d <= c + 1 && d < nx; d++)
            if (!isnan(zb[d]) &&
                rs_emap_add(all, global_label(la[c], base_a), global_label(lb[d], base_b),
                            rs_elev_max(za[c], zb[d])))
                return -1;
    }
    return 0;
}

int rs_fband_merge(struct rs_emap *all, const struct rs_emap *band, uint32_t base)
{
    for (size_t k = 0; k < band->cap; k++)
        if (band->key[k] &&
            rs_emap_add(all, global_label((uint32_t)(band->key[k] >> 32), base),
                        global_label((uint32_t)(band->key[k] & 0xFFFFFFFFu), base), band->w[k]))
            return -1;
    return 0;
}

struct gedge {
    uint32_t to;
    rs_elev w;
};

int rs_fill_levels(const struct rs_emap *all, uint32_t nlabels, rs_elev *level)
{
    size_t *start = calloc((size_t)nlabels + 1, sizeof *start);
    struct gedge *adj = malloc((2 * all->n + 1) * sizeof *adj);
    uint8_t *done = calloc((size_t)nlabels, 1);
    if (!start || !adj || !done) {
        free(start);
        free(adj);
        free(done);
        return -1;
    }
    for (size_t i = 0; i < all->cap; i++)
        if (all->key[i]) {
            start[(all->key[i] >> 32) + 1]++;
            start[(all->key[i] & 0xFFFFFFFFu) + 1]++;
        }
    for (uint32_t l = 0; l < nlabels; l++)
        start[l + 1] += start[l];
    size_t *fillpos = malloc(((size_t)nlabels + 1) * sizeof *fillpos);
    if (!fillpos) {
        free(start);
        free(adj);
        free(done);
        return -1;
    }
    memcpy(fillpos, start, ((size_t)nlabels + 1) * sizeof *fillpos);
    for (size_t i = 0; i < all->cap; i++)
        if (all->key[i]) {
            uint32_t a = (uint32_t)(all->key[i] >> 32), b = (uint32_t)(all->key[i] & 0xFFFFFFFFu);
            adj[fillpos[a]++] = (struct gedge){ b, all->w[i] };
            adj[fillpos[b]++] = (struct gedge){ a, all->w[i] };
        }
    free(fillpos);
    for (uint32_t l = 0; l < nlabels; l++)
        level[l] = INFINITY;
    level[0] = -INFINITY;
    /* minimax search pops levels in non-decreasing order: the radix heap's monotone case.
     * A label may be queued more than once; its first pop is final. */
    struct rs_rheap h = { 0 };
    int rc = rs_rheap_push(&h, level[0], 0);
    while (!rc && h.n) {
        size_t u;
        if ((rc = rs_rheap_pop(&h, &u)) != 0 || done[u])
            continue;
        done[u] = 1;
        for (size_t e = start[u]; e < start[u + 1] && !rc; e++) {
            rs_elev cand = rs_elev_max(level[u], adj[e].w);
            uint32_t v = adj[e].to;
            if (cand < level[v]) {
                level[v] = cand;
                rc = rs_rheap_push(&h, cand, v);
            }
        }
    }
    rs_rheap_free(&h);
    free(start);
    free(adj);
    free(done);
    return rc;
}
