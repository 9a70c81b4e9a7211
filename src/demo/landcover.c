/*
 * demo/landcover — the land-survey class of every cell (TD/T 1055-2019 codes): towns at the
 * river mouths, roads, villages, ponds, reservoirs, tidal flats, and by terrain paddy on the
 * plain and valley floors, dry land and orchards on gentle slopes, forest and bamboo on the
 * hills, shrub, grassland and bare rock on the high ridges.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "demo/internal.h"
#include "demo/noise.h"

static const struct demo_class classes[] = {
    { 101, "0101", "水田", 0 },       { 103, "0103", "旱地", 0 },
    { 201, "0201", "果园", 0 },       { 202, "0202", "茶园", 0 },
    { 301, "0301", "乔木林地", 0 },   { 302, "0302", "竹林地", 0 },
    { 305, "0305", "灌木林地", 0 },   { 404, "0404", "其他草地", 0 },
    { 601, "0601", "工业用地", 1 },   { 701, "0701", "城镇住宅用地", 1 },
    { 702, "0702", "农村宅基地", 0 }, { 1003, "1003", "公路用地", 1 },
    { 1101, "1101", "河流水面", 1 },  { 1103, "1103", "水库水面", 1 },
    { 1104, "1104", "坑塘水面", 0 },  { 1105, "1105", "沿海滩涂", 1 },
    { 1106, "1106", "内陆滩涂", 1 },  { 1207, "1207", "裸岩石砾地", 1 },
};

const struct demo_class *demo_classes(size_t *n)
{
    *n = sizeof classes / sizeof *classes;
    return classes;
}

const struct demo_class *demo_class_of(uint16_t value)
{
    for (size_t i = 0; i < sizeof classes / sizeof *classes; i++)
        if (classes[i].value == value)
            return &classes[i];
    return NULL;
}

int demo_is_cropland(uint16_t v)
{
    return v >= 101 && v <= 103;
}

static const char *const town_names[] = { "海门", "白沙", "桃渚", "杜桥", "上盘",
                                          "涌泉", "沿江", "汇溪", "东塍", "大田" };

static void disc(struct demo_county *c, double x, double y, double radius, uint16_t cls,
                 double ragged, uint64_t seed)
{
    int i0 = (int)floor((x - radius * 1.3 - c->x0) / c->cell);
    int i1 = (int)ceil((x + radius * 1.3 - c->x0) / c->cell);
    int j0 = (int)floor((c->y0 - (y + radius * 1.3)) / c->cell);
    int j1 = (int)ceil((c->y0 - (y - radius * 1.3)) / c->cell);
    for (int j = j0 < 0 ? 0 : j0; j <= j1 && j < c->ny; j++)
        for (int i = i0 < 0 ? 0 : i0; i <= i1 && i < c->nx; i++) {
            size_t k = demo_idx(c, i, j);
            if (c->sea[k] || c->river[k])
                continue;
            double d = hypot(demo_cx(c, i) - x, demo_cy(c, j) - y);
            double r = radius *
                       (1.0 - ragged +
                        2 * ragged *
                            demo_fbm2(seed, demo_cx(c, i) / 300.0, demo_cy(c, j) / 300.0, 3, 0.5));
            if (d <= r)
                c->lc[k] = cls;
        }
}

static void road(struct demo_county *c, double xa, double ya, double xb, double yb)
{
    double len = hypot(xb - xa, yb - ya);
    int steps = (int)(len / (c->cell * 0.5)) + 1;
    for (int s = 0; s <= steps; s++) {
        double x = xa + (xb - xa) * s / steps, y = ya + (yb - ya) * s / steps;
        int i = (int)floor((x - c->x0) / c->cell), j = (int)floor((c->y0 - y) / c->cell);
        if (i < 0 || j < 0 || i >= c->nx || j >= c->ny)
            continue;
        size_t k = demo_idx(c, i, j);
        if (!c->sea[k] && !c->river[k] && c->lc[k] != 1103)
            c->lc[k] = 1003;
    }
}

static int cmp_town_y(const void *a, const void *b)
{
    double ya = ((const struct demo_town *)a)->y, yb = ((const struct demo_town *)b)->y;
    return (ya > yb) - (ya < yb);
}

static int place_towns(struct demo_county *c, struct ls_err *err)
{
    double w = c->nx * c->cell;
    size_t nmain = 0;
    for (size_t r = 0; r < c->nrivers; r++)
        nmain += (size_t)c->rivers[r].main;
    c->towns = calloc(nmain, sizeof *c->towns);
    if (!c->towns)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    size_t seat = nmain / 2;
    for (size_t r = 0; r < c->nrivers; r++) {
        const struct demo_line *l = &c->rivers[r];
        if (!l->main)
            continue;
        /* the last land point of the river, then 1.5 km (or 8 % of the width) upstream */
        size_t mouth = l->n - 1;
        while (mouth > 0) {
            int i = (int)floor((l->xy[2 * mouth] - c->x0) / c->cell);
            int j = (int)floor((c->y0 - l->xy[2 * mouth + 1]) / c->cell);
            if (i >= 0 && j >= 0 && i < c->nx && j < c->ny && !c->sea[demo_idx(c, i, j)])
                break;
            mouth--;
        }
        double back = fmin(1500.0, 0.08 * w);
        size_t at = mouth;
        double walked = 0;
        while (at > 0 && walked < back) {
            walked +=
                hypot(l->xy[2 * at] - l->xy[2 * at - 2], l->xy[2 * at + 1] - l->xy[2 * at - 1]);
            at--;
        }
        struct demo_town *t = &c->towns[c->ntowns];
        t->x = l->xy[2 * at];
        t->y = l->xy[2 * at + 1];
        t->seat = c->ntowns == seat;
        t->radius = t->seat ? fmin(1800.0, 0.075 * w) : fmin(900.0, 0.05 * w);
        snprintf(t->name, sizeof t->name, "%s", t->seat ? "城关" : town_names[c->ntowns % 10]);
        c->ntowns++;
    }
    qsort(c->towns, c->ntowns, sizeof *c->towns, cmp_town_y);
    return 0;
}

static uint16_t terrain_class(const struct demo_county *c, size_t k, double x, double y)
{
    double s = c->slope[k], z = c->elev[k];
    double n1 = demo_fbm2(c->seed + 21, x / 1500.0, y / 1500.0, 3, 0.5);
    double n2 = demo_fbm2(c->seed + 23, x / 700.0, y / 700.0, 3, 0.5);
    if (s > 38 || z > 1180 + 120 * n1)
        return 1207;
    if (z > 980 + 160 * n1)
        return 404;
    if (z > 720 + 200 * n1 && n2 > 0.55)
        return 305;
    if (s >= 11 + 5 * n1 || z >= 200 + 110 * n1)
        return (n2 < 0.3 && z < 600) ? 302 : 301;
    if (s >= 3.5 + 2 * n1) {
        if (n2 > 0.56)
            return 201;
        if (n2 < 0.28 && z > 50)
            return 202;
        return 103;
    }
    return (z < 70 || c->river_dist[k] < 900) && n2 > 0.22 ? 101 : 103;
}

int demo_landcover(struct demo_county *c, struct ls_err *err)
{
    const double w = c->nx * c->cell;
    int rc = place_towns(c, err);
    if (rc)
        return rc;
    for (int j = 0; j < c->ny; j++)
        for (int i = 0; i < c->nx; i++) {
            size_t k = demo_idx(c, i, j);
            if (c->sea[k])
                continue;
            double x = demo_cx(c, i), y = demo_cy(c, j);
            if (c->river[k]) {
                c->lc[k] = 1101;
                continue;
            }
            c->lc[k] = terrain_class(c, k, x, y);
            double flat = demo_fbm2(c->seed + 27, x / 900.0, y / 900.0, 2, 0.5);
            if (c->coast_dist[k] < 60 + 220 * flat && c->elev[k] < 6)
                c->lc[k] = 1105;
            else if (c->river_dist[k] < 45 && c->coast_dist[k] < 0.25 * w && flat > 0.5)
                c->lc[k] = 1106;
        }
    /* reservoirs on the upper main rivers */
    struct ls_rng rng;
    ls_rng_seed(&rng, c->seed ^ 0x5E5E7ULL);
    for (size_t r = 0; r < c->nrivers; r++) {
        const struct demo_line *l = &c->rivers[r];
        if (!l->main || (r % 2 && c->size != DEMO_SMALL))
            continue;
        size_t at = (size_t)(0.35 * (double)l->n);
        double x = l->xy[2 * at], y = l->xy[2 * at + 1];
        int ci = (int)((x - c->x0) / c->cell), cj = (int)((c->y0 - y) / c->cell);
        if (ci < 0 || cj < 0 || ci >= c->nx || cj >= c->ny)
            continue;
        float level = c->elev[demo_idx(c, ci, cj)] + 22.0f;
        double rad = fmin(900.0, 0.06 * w);
        for (int j = cj - (int)(rad / c->cell); j <= cj + (int)(rad / c->cell); j++)
            for (int i = ci - (int)(rad / c->cell); i <= ci + (int)(rad / c->cell); i++) {
                if (i < 0 || j < 0 || i >= c->nx || j >= c->ny)
                    continue;
                size_t k = demo_idx(c, i, j);
                if (!c->sea[k] && c->elev[k] < level &&
                    hypot(demo_cx(c, i) - x, demo_cy(c, j) - y) < rad) {
                    c->lc[k] = 1103;
                    c->elev[k] = level;
                }
            }
    }
    /* ponds and villages on a jittered lattice over the low land */
    double step = 900.0;
    for (double gy = c->y0 - c->ny * c->cell; gy < c->y0; gy += step)
        for (double gx = c->x0; gx < c->x0 + w; gx += step) {
            double x = gx + step * ls_rng_uniform(&rng), y = gy + step * ls_rng_uniform(&rng);
            double u = ls_rng_uniform(&rng), size = ls_rng_uniform(&rng);
            int i = (int)((x - c->x0) / c->cell), j = (int)((c->y0 - y) / c->cell);
            if (i < 0 || j < 0 || i >= c->nx || j >= c->ny)
                continue;
            size_t k = demo_idx(c, i, j);
            if (c->sea[k] || c->river[k] || c->slope[k] > 9 || c->elev[k] > 350)
                continue;
            if (u < 0.55)
                disc(c, x, y, 60 + 90 * size, 702, 0.35, c->seed + (uint64_t)k);
            else if (u < 0.72 && c->elev[k] < 30)
                disc(c, x, y, 35 + 45 * size, 1104, 0.3, c->seed + (uint64_t)k);
        }
    /* towns, then the roads that join them and run up the valleys */
    for (size_t t = 0; t < c->ntowns; t++) {
        const struct demo_town *tw = &c->towns[t];
        disc(c, tw->x, tw->y, tw->radius, 701, 0.25, c->seed + 41 + t);
        disc(c, tw->x + 0.55 * tw->radius, tw->y - 0.3 * tw->radius, 0.45 * tw->radius, 601, 0.3,
             c->seed + 43 + t);
    }
    for (size_t t = 0; t + 1 < c->ntowns; t++)
        road(c, c->towns[t].x, c->towns[t].y, c->towns[t + 1].x, c->towns[t + 1].y);
    for (size_t r = 0; r < c->nrivers; r++) {
        const struct demo_line *l = &c->rivers[r];
        if (!l->main)
            continue;
        for (size_t k = l->n / 3; k + 4 < l->n; k += 4) {
            double dx = l->xy[2 * k + 8] - l->xy[2 * k], dy = l->xy[2 * k + 9] - l->xy[2 * k + 1];
            double len = hypot(dx, dy) + 1e-9, off = 150.0;
            road(c, l->xy[2 * k] - dy / len * off, l->xy[2 * k + 1] + dx / len * off,
                 l->xy[2 * k + 8] - dy / len * off, l->xy[2 * k + 9] + dx / len * off);
        }
    }
    return 0;
}
