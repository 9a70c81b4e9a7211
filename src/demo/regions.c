/*
 * demo/regions — the county outline and its administrative units: villages (村, the survey's
 * 坐落单位) as a jittered Voronoi mosaic, townships (乡镇街道) as groups of whole villages, so
 * that patches nest in villages and villages in townships, as in real survey data.
 * Codes follow GB/T 2260 and the statistical division codes: county 331099, townships
 * 331099001 (街道), 1xx (镇), 2xx (乡); villages add 2xx, padded to 19 digits for ZLDWDM.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "demo/internal.h"
#include "demo/noise.h"

static const char *const township_names[] = {
    "青山", "白沙", "东溪", "石门", "桃源", "龙潭", "松林", "梅岭", "竹溪", "云峰",
    "清江", "金滩", "望海", "长潭", "花桥", "双港", "柳岸", "凤凰", "盘石", "大洋",
    "小溪", "横溪", "永丰", "桐峙", "括苍", "河头", "尤溪", "江南", "古城", "汛桥",
    "岭根", "水洋", "溪口", "沙埠", "前所", "新河", "坦头", "泽国", "箬横", "松门"
};
static const char *const village_pre[] = { "上", "下", "东", "西", "前", "后", "大", "小" };
static const char *const village_sur[] = { "王", "李", "张", "陈", "林", "周",
                                           "徐", "黄", "吴", "郑", "叶", "金" };

/* Nearest jittered-lattice seed of spacing s around (x, y); returns the seed's lattice cell. */
static void nearest_seed(uint64_t seed, double s, double x, double y, long *gx, long *gy,
                         double *sx, double *sy)
{
    long cx = (long)floor(x / s), cy = (long)floor(y / s);
    double best = INFINITY;
    for (long dy = -1; dy <= 1; dy++)
        for (long dx = -1; dx <= 1; dx++) {
            long ax = cx + dx, ay = cy + dy;
            double px = ((double)ax + 0.15 + 0.7 * ls_hash_unit(seed, ax, ay)) * s;
            double py = ((double)ay + 0.15 + 0.7 * ls_hash_unit(seed ^ 0x9E37ULL, ax, ay)) * s;
            double d = (px - x) * (px - x) + (py - y) * (py - y);
            if (d < best) {
                best = d;
                *gx = ax;
                *gy = ay;
                *sx = px;
                *sy = py;
            }
        }
}

int demo_regions(struct demo_county *c, struct ls_err *err)
{
    const double w = c->nx * c->cell, h = c->ny * c->cell;
    const double south = c->y0 - h;
    /* county outline: the land minus irregular margins on the west, north and south */
    for (int j = 0; j < c->ny; j++)
        for (int i = 0; i < c->nx; i++) {
            size_t k = demo_idx(c, i, j);
            double u = (i + 0.5) * c->cell, v = h - (j + 0.5) * c->cell;
            double mw = w * (0.01 + 0.05 * demo_fbm1(c->seed ^ 0x3E57ULL, v / h * 4, 3));
            double mn = h * (0.01 + 0.05 * demo_fbm1(c->seed ^ 0x707ULL, u / w * 4, 3));
            double ms = h * (0.01 + 0.05 * demo_fbm1(c->seed ^ 0x5077ULL, u / w * 4, 3));
            /* a border shared with the next county of a province is straight */
            if (c->straight_north)
                mn = 0;
            if (c->straight_south)
                ms = 0;
            c->inside[k] = !c->sea[k] && u > mw && v < h - mn && v > ms;
            if (!c->inside[k])
                c->lc[k] = 0;
        }
    /* villages: jittered Voronoi; index by first appearance in row-major order */
    double vs = c->size == DEMO_SMALL ? 1400.0 : 2000.0;
    long vx0 = (long)floor((c->x0 - vs) / vs);
    long vy0 = (long)floor((south - vs) / vs);
    long vnx = (long)(w / vs) + 4, vny = (long)(h / vs) + 4;
    int32_t *vindex = malloc((size_t)(vnx * vny) * sizeof *vindex);
    c->villages = calloc((size_t)(vnx * vny), sizeof *c->villages);
    if (!vindex || !c->villages) {
        free(vindex);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    for (long q = 0; q < vnx * vny; q++)
        vindex[q] = -1;
    for (int j = 0; j < c->ny; j++)
        for (int i = 0; i < c->nx; i++) {
            size_t k = demo_idx(c, i, j);
            if (!c->inside[k])
                continue;
            long gx = 0, gy = 0;
            double sx = 0, sy = 0;
            nearest_seed(c->seed ^ 0x7111ULL, vs, demo_cx(c, i), demo_cy(c, j), &gx, &gy, &sx, &sy);
            long q = (gy - vy0) * vnx + (gx - vx0);
            if (vindex[q] < 0) {
                vindex[q] = (int32_t)c->nvillages;
                c->villages[c->nvillages].sx = sx;
                c->villages[c->nvillages].sy = sy;
                c->nvillages++;
            }
            c->village[k] = (uint16_t)(vindex[q] + 1);
        }
    free(vindex);
    /* townships: seeds on a coarse jittered lattice; a village joins the nearest seed */
    int nt = c->size == DEMO_SMALL ? 6 : (c->size == DEMO_MEDIUM ? 14 : 32);
    int tcols = (int)ceil(sqrt((double)nt * w / h)), trows = (nt + tcols - 1) / tcols;
    struct ls_rng rng;
    ls_rng_seed(&rng, c->seed ^ 0x70FFULL);
    c->townships = calloc((size_t)(tcols * trows), sizeof *c->townships);
    if (!c->townships)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    size_t ntseed = (size_t)(tcols * trows);
    for (int r = 0; r < trows; r++)
        for (int q = 0; q < tcols; q++) {
            struct demo_region *t = &c->townships[r * tcols + q];
            t->sx = c->x0 + (q + 0.2 + 0.6 * ls_rng_uniform(&rng)) * w / tcols * 0.8;
            t->sy = south + (r + 0.2 + 0.6 * ls_rng_uniform(&rng)) * h / trows;
        }
    int *used = calloc(ntseed, sizeof *used);
    int *tmap = malloc(ntseed * sizeof *tmap);
    if (!used || !tmap) {
        free(used);
        free(tmap);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    for (size_t v = 0; v < c->nvillages; v++) {
        double best = INFINITY;
        for (size_t t = 0; t < ntseed; t++) {
            double d = hypot(c->townships[t].sx - c->villages[v].sx,
                             c->townships[t].sy - c->villages[v].sy);
            if (d < best) {
                best = d;
                c->villages[v].parent = (int)t;
            }
        }
        used[c->villages[v].parent] = 1;
    }
    /* keep the seeds that got villages, in lattice order; the seat's township is the 街道 */
    double seat_x = c->x0, seat_y = south;
    for (size_t t = 0; t < c->ntowns; t++)
        if (c->towns[t].seat) {
            seat_x = c->towns[t].x;
            seat_y = c->towns[t].y;
        }
    size_t kept = 0;
    for (size_t t = 0; t < ntseed; t++) {
        tmap[t] = used[t] ? (int)kept : -1;
        if (used[t])
            c->townships[kept++] = c->townships[t];
    }
    c->ntownships = kept;
    for (size_t v = 0; v < c->nvillages; v++)
        c->villages[v].parent = tmap[c->villages[v].parent];
    free(used);
    free(tmap);
    size_t seat_t = 0;
    double best = INFINITY;
    for (size_t v = 0; v < c->nvillages; v++) {
        double d = hypot(c->villages[v].sx - seat_x, c->villages[v].sy - seat_y);
        if (d < best) {
            best = d;
            seat_t = (size_t)c->villages[v].parent;
        }
    }
    int towns = 0, xiang = 0;
    for (size_t t = 0; t < c->ntownships; t++) {
        struct demo_region *tr = &c->townships[t];
        const char *nm = township_names[t % (sizeof township_names / sizeof *township_names)];
        if (t == seat_t) {
            snprintf(tr->code, sizeof tr->code, "%s001", c->code);
            snprintf(tr->name, sizeof tr->name, "城关街道");
        } else if (t % 3 != 2) {
            snprintf(tr->code, sizeof tr->code, "%s%03d", c->code, 101 + towns++);
            snprintf(tr->name, sizeof tr->name, "%s镇", nm);
        } else {
            snprintf(tr->code, sizeof tr->code, "%s%03d", c->code, 201 + xiang++);
            snprintf(tr->name, sizeof tr->name, "%s乡", nm);
        }
    }
    int *count = calloc(c->ntownships, sizeof *count);
    if (!count)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (size_t v = 0; v < c->nvillages; v++) {
        struct demo_region *vr = &c->villages[v];
        const struct demo_region *tr = &c->townships[vr->parent];
        int n = count[vr->parent]++;
        snprintf(vr->code, sizeof vr->code, "%s%03d0000000", tr->code, 201 + n);
        snprintf(vr->name, sizeof vr->name, "%s%s村", village_pre[n % 8],
                 village_sur[(n / 8 + (int)v) % 12]);
    }
    free(count);
    for (size_t k = 0; k < (size_t)c->nx * (size_t)c->ny; k++)
        c->township[k] = c->village[k] ? (uint8_t)(c->villages[c->village[k] - 1].parent + 1) : 0;
    return 0;
}
