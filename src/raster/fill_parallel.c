/*
 * raster/fill_parallel — priority-flood on bands of rows at once (Barnes 2016, Algorithms
 * 1–3). Phase 1, per band: every cell on the band's edge is a seed with its own label; the
 * flood labels each cell with the seed it was reached from and records, for each pair of
 * labels that touch, the lowest elevation water can cross between them. Phase 2, once: a
 * minimax search over that graph (plus the pairs across band boundaries, and the seeds where
 * water leaves the grid) gives each label the level water in it must rise to. Phase 3, per
 * band: each cell is raised to its label's level. The result is the unique lowest
 * depression-free surface, the same as the one-thread flood.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "raster/exec.h"
#include "raster/floodq.h"
#include "raster/hydro.h"

/* label pair (lo << 32 | hi) → lowest crossing elevation */
struct emap {
    uint64_t *key;
    float *w;
    size_t n, cap; /* cap: power of two */
};

static int emap_add(struct emap *m, uint32_t a, uint32_t b, float w)
{
    if (a == b)
        return 0;
    uint64_t k = a < b ? ((uint64_t)a << 32) | b : ((uint64_t)b << 32) | a;
    if ((m->n + 1) * 2 > m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 1024;
        uint64_t *nk = calloc(nc, sizeof *nk);
        float *nw = malloc(nc * sizeof *nw);
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

struct band {
    const struct rs_grid *g;
    float *z;
    const float *orig;
    uint32_t *lab;
    long r0, r1;
    size_t *seeds, nseeds;
    uint32_t base; /* label of the first seed */
    struct emap edges;
    const float *level;
    size_t raised;
    double max_raise;
    int rc;
};

static int band_seed(const struct band *b, long r, long c)
{
    return (r == b->r0 && b->r0 > 0) || (r == b->r1 - 1 && b->r1 < b->g->ny) ||
           rs_drains_off(b->g, b->z, r, c);
}

static void *collect_seeds(void *arg)
{
    struct band *b = arg;
    long nx = b->g->nx;
    size_t cap = 0;
    for (long r = b->r0; r < b->r1 && !b->rc; r++)
        for (long c = 0; c < nx; c++) {
            size_t i = (size_t)r * (size_t)nx + (size_t)c;
            if (isnan(b->z[i]) || !band_seed(b, r, c))
                continue;
            if (b->nseeds == cap) {
                cap = cap ? cap * 2 : 4096;
                size_t *ns = realloc(b->seeds, cap * sizeof *ns);
                if (!ns) {
                    b->rc = -1;
                    break;
                }
                b->seeds = ns;
            }
            b->seeds[b->nseeds++] = i;
        }
    return NULL;
}

static void *flood_band(void *arg)
{
    struct band *b = arg;
    long nx = b->g->nx;
    struct rs_rheap pq = { 0 };
    struct rs_fifo pit = { 0 };
    for (size_t k = 0; k < b->nseeds && !b->rc; k++) {
        size_t i = b->seeds[k];
        b->lab[i] = b->base + (uint32_t)k;
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
        float zc = b->z[i];
        uint32_t lc = b->lab[i];
        for (int k = 0; k < 8 && !b->rc; k++) {
            long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
            if (rr < b->r0 || cc < 0 || rr >= b->r1 || cc >= nx)
                continue;
            size_t j = (size_t)rr * (size_t)nx + (size_t)cc;
            if (isnan(b->z[j]))
                continue;
            if (b->lab[j]) { /* already flooded: where two labels meet, water crosses */
                if (b->lab[j] != lc && emap_add(&b->edges, lc, b->lab[j], fmaxf(zc, b->z[j])))
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
    return NULL;
}

static void *raise_band(void *arg)
{
    struct band *b = arg;
    long nx = b->g->nx;
    for (size_t i = (size_t)b->r0 * (size_t)nx; i < (size_t)b->r1 * (size_t)nx; i++) {
        if (isnan(b->z[i]))
            continue;
        float lv = b->level[b->lab[i]];
        if (lv > b->z[i])
            b->z[i] = lv;
        if (b->z[i] > b->orig[i]) {
            double d = (double)b->z[i] - (double)b->orig[i];
            b->raised++;
            if (d > b->max_raise)
                b->max_raise = d;
        }
    }
    return NULL;
}

struct gedge {
    uint32_t to;
    float w;
};

/* Minimax levels from the outside (label 0) over the label graph. */
static int solve_levels(struct emap *all, uint32_t nlabels, float *level)
{
    size_t *start = calloc((size_t)nlabels + 1, sizeof *start);
    struct gedge *adj = malloc((2 * all->n + 1) * sizeof *adj);
    struct rs_hnode *heap = malloc((2 * all->n + 2) * sizeof *heap);
    if (!start || !adj || !heap) {
        free(start);
        free(adj);
        free(heap);
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
        free(heap);
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
    /* binary heap of (level key, label); a label may appear more than once (lazy deletion) */
    size_t hn = 0;
    heap[hn++] = (struct rs_hnode){ 0, 0 };
    while (hn) {
        struct rs_hnode top = heap[0], lastn = heap[--hn];
        size_t k = 0;
        for (;;) {
            size_t c = 2 * k + 1;
            if (c >= hn)
                break;
            if (c + 1 < hn && heap[c + 1].key < heap[c].key)
                c++;
            if (heap[c].key >= lastn.key)
                break;
            heap[k] = heap[c];
            k = c;
        }
        if (hn)
            heap[k] = lastn;
        uint32_t u = (uint32_t)top.i;
        if (top.key != (u == 0 ? 0 : rs_float_key(level[u])))
            continue; /* stale */
        for (size_t e = start[u]; e < start[u + 1]; e++) {
            float cand = fmaxf(level[u], adj[e].w);
            uint32_t v = adj[e].to;
            if (cand < level[v]) {
                level[v] = cand;
                struct rs_hnode nv = { rs_float_key(cand), v };
                size_t p = hn++;
                while (p > 0 && nv.key < heap[(p - 1) / 2].key) {
                    heap[p] = heap[(p - 1) / 2];
                    p = (p - 1) / 2;
                }
                heap[p] = nv;
            }
        }
    }
    free(start);
    free(adj);
    free(heap);
    return 0;
}

int rs_fill_parallel(const struct rs_grid *g, float *z, int threads, struct rs_fill_stats *stats,
                     struct ls_err *err)
{
    if (threads > 64)
        threads = 64;
    if (threads < 2 || g->ny < 64L * threads)
        return rs_fill(g, z, 0, stats, err);
    size_t n = rs_grid_cells(g);
    long nx = g->nx;
    uint32_t *lab = calloc(n, sizeof *lab);
    float *orig = malloc(n * sizeof *orig);
    float *level = NULL;
    struct band bands[64];
    struct emap all = { 0 };
    int rc = 0;
    memset(bands, 0, sizeof bands);
    if (!lab || !orig) {
        rc = -1;
        goto done;
    }
    memcpy(orig, z, n * sizeof *z);
    for (int t = 0; t < threads; t++)
        bands[t] = (struct band){ .g = g,
                                  .z = z,
                                  .orig = orig,
                                  .lab = lab,
                                  .r0 = g->ny * t / threads,
                                  .r1 = g->ny * (t + 1) / threads };
    rs_run_each(bands, sizeof *bands, threads, collect_seeds);
    uint32_t next = 1; /* label 0 is the outside of the grid */
    for (int t = 0; t < threads; t++) {
        rc |= bands[t].rc;
        bands[t].base = next;
        if ((uint64_t)next + bands[t].nseeds >= UINT32_MAX)
            rc = -1;
        next += (uint32_t)bands[t].nseeds;
    }
    if (rc)
        goto done;
    rs_run_each(bands, sizeof *bands, threads, flood_band);
    for (int t = 0; t < threads && !rc; t++) {
        rc |= bands[t].rc;
        /* seeds where water leaves the grid, at their own elevation */
        for (size_t k = 0; k < bands[t].nseeds && !rc; k++) {
            size_t i = bands[t].seeds[k];
            long r = (long)(i / (size_t)nx), c = (long)(i % (size_t)nx);
            if (rs_drains_off(g, z, r, c))
                rc = emap_add(&all, 0, lab[i], z[i]);
        }
        for (size_t k = 0; k < bands[t].edges.cap && !rc; k++)
            if (bands[t].edges.key[k])
                rc = emap_add(&all, (uint32_t)(bands[t].edges.key[k] >> 32),
                              (uint32_t)(bands[t].edges.key[k] & 0xFFFFFFFFu), bands[t].edges.w[k]);
        /* across the boundary below this band: both rows are seeds, still unraised */
        long ra = bands[t].r1 - 1;
        for (long c = 0; t + 1 < threads && c < nx && !rc; c++) {
            size_t i = (size_t)ra * (size_t)nx + (size_t)c;
            if (isnan(z[i]))
                continue;
            for (int dc = -1; dc <= 1 && !rc; dc++) {
                if (c + dc < 0 || c + dc >= nx)
                    continue;
                size_t j = i + (size_t)nx + (size_t)(c + dc) - (size_t)c;
                if (!isnan(z[j]))
                    rc = emap_add(&all, lab[i], lab[j], fmaxf(z[i], z[j]));
            }
        }
    }
    if (rc)
        goto done;
    level = malloc((size_t)next * sizeof *level);
    if (!level || solve_levels(&all, next, level)) {
        rc = -1;
        goto done;
    }
    for (int t = 0; t < threads; t++)
        bands[t].level = level;
    rs_run_each(bands, sizeof *bands, threads, raise_band);
    struct rs_fill_stats st = { 0 };
    for (int t = 0; t < threads; t++) {
        st.raised += bands[t].raised;
        st.max_raise = fmax(st.max_raise, bands[t].max_raise);
        for (size_t k = 0; k < bands[t].nseeds; k++) {
            size_t i = bands[t].seeds[k];
            st.seeds += (size_t)rs_drains_off(g, z, (long)(i / (size_t)nx), (long)(i % (size_t)nx));
        }
    }
    if (stats)
        *stats = st;
done:
    for (int t = 0; t < threads; t++) {
        free(bands[t].seeds);
        free(bands[t].edges.key);
        free(bands[t].edges.w);
    }
    free(all.key);
    free(all.w);
    free(level);
    free(lab);
    free(orig);
    return rc ? ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory while filling") : 0;
}
