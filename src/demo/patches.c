/*
 * demo/patches — survey patch (地类图斑) labels: a patch is a connected run of one land class
 * inside one village, cut further by field blocks (a jittered Voronoi mosaic: about 1.2 ha for
 * cropland, 3 ha for orchards, 9 ha for forest), as the survey splits land by ownership, ridges
 * and roads. Label 1 is the sea, 2 land outside the county, 3… the patches.
 */
#include <math.h>
#include <stdlib.h>

#include "base/rng.h"
#include "demo/internal.h"

static double block_spacing(uint16_t v)
{
    switch (v) {
    case 101:
    case 103:
        return 110.0;
    case 201:
    case 202:
        return 170.0;
    case 301:
    case 302:
    case 305:
        return 300.0;
    case 404:
    case 1207:
        return 450.0;
    default:
        return 0.0; /* water, built-up, roads: one patch per village */
    }
}

static uint64_t block_of(uint64_t seed, double s, double x, double y)
{
    long cx = (long)floor(x / s), cy = (long)floor(y / s);
    double best = INFINITY;
    long bx = 0, by = 0;
    for (long dy = -1; dy <= 1; dy++)
        for (long dx = -1; dx <= 1; dx++) {
            long ax = cx + dx, ay = cy + dy;
            double px = ((double)ax + 0.1 + 0.8 * ls_hash_unit(seed, ax, ay)) * s;
            double py = ((double)ay + 0.1 + 0.8 * ls_hash_unit(seed ^ 0xABCDULL, ax, ay)) * s;
            double d = (px - x) * (px - x) + (py - y) * (py - y);
            if (d < best) {
                best = d;
                bx = ax;
                by = ay;
            }
        }
    return ((uint64_t)(bx + 4) & 0x1FFFF) << 17 | ((uint64_t)(by + 4) & 0x1FFFF);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

int demo_patches(struct demo_county *c, struct ls_err *err)
{
    size_t n = (size_t)c->nx * (size_t)c->ny;
    uint64_t *key = malloc(n * sizeof *key);
    if (!key)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for patch keys");
    size_t nclasses;
    const struct demo_class *cls = demo_classes(&nclasses);
    for (int j = 0; j < c->ny; j++)
        for (int i = 0; i < c->nx; i++) {
            size_t k = demo_idx(c, i, j);
            if (!c->inside[k]) {
                key[k] = 0;
                continue;
            }
            uint64_t ci = 0;
            for (size_t q = 0; q < nclasses; q++)
                if (cls[q].value == c->lc[k])
                    ci = q;
            double s = block_spacing(c->lc[k]);
            uint64_t b = s > 0 ? block_of(c->seed ^ 0xB10CULL, s, (i + 0.5) * c->cell,
                                          (c->ny - j - 0.5) * c->cell)
                               : 0;
            key[k] = (uint64_t)c->village[k] << 40 | ci << 34 | b;
        }
    uint64_t *sorted = malloc(n * sizeof *sorted);
    if (!sorted) {
        free(key);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for patch keys");
    }
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (key[k])
            sorted[m++] = key[k];
    qsort(sorted, m, sizeof *sorted, cmp_u64);
    size_t u = 0;
    for (size_t k = 0; k < m; k++)
        if (u == 0 || sorted[k] != sorted[u - 1])
            sorted[u++] = sorted[k];
    for (size_t k = 0; k < n; k++) {
        if (!key[k]) {
            c->patch[k] = c->sea[k] ? 1 : 2;
            continue;
        }
        uint64_t *hit = bsearch(&key[k], sorted, u, sizeof *sorted, cmp_u64);
        c->patch[k] = (int32_t)(hit - sorted) + 3;
    }
    c->npatch_labels = (int32_t)u + 3;
    free(sorted);
    free(key);
    return 0;
}
