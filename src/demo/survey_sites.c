/*
 * demo/survey_sites — the source projects of the resource-rights indicators (issue 19) and the
 * baseline survey they are accepted against. The land cover of the year before (lc_before,
 * written as landcover_2022.tif and surveyed as county-2022.gpkg) is changed where the
 * projects did their work, so the surveys of the two years tell the story:
 *   垦造耕地 reclamation   cropland patches outside the red line, urban boundary and basic
 *                          farmland were other grassland (0404) the year before;
 *   红线内腾退 withdrawal   forest patches inside the red line were rural homesteads (0702);
 *   岸线修复 shoreline     a stretch of natural coast was aquaculture ponds behind a seawall
 *                          (1104, artificial shoreline) the year before;
 *   碳汇 sink              a forest patch, accepted against the GEP run `make demo` makes, and
 *                          a coastal blue-carbon disc drawn half over the sea, which the
 *                          account's raster does not cover (rule sink.covered).
 * Beside the projects that pass, one of each rule's failures: a parcel that was already
 * cropland, a grassland (or forest) parcel declared reclaimed, a withdrawal outside the red line,
 * forest that was never built on, a natural coast that was never artificial. Deterministic from the
 * seed: candidates are ordered by a hash of (seed, patch).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "base/hash.h"
#include "base/rng.h"
#include "demo/internal.h"

struct cand {
    int32_t label;
    double order;
};

static int by_order(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    return (x->order > y->order) - (x->order < y->order);
}

struct patch_stat {
    uint16_t cls, village;
    uint32_t cells, zoned;
    uint32_t red;
};

static struct demo_site *add_site(struct demo_sites *s, const char *cls, int kind, int32_t label,
                                  const char *expect)
{
    if (s->n == DEMO_MAX_SITES)
        return NULL;
    struct demo_site *x = &s->site[s->n++];
    memset(x, 0, sizeof *x);
    snprintf(x->class_id, sizeof x->class_id, "%s", cls);
    snprintf(x->expect, sizeof x->expect, "%s", expect);
    x->kind = kind;
    x->label = label;
    snprintf(x->project, sizeof x->project, "%s%04zu",
             !strcmp(cls, "cropland")      ? "BC2023"
             : !strcmp(cls, "shoreline")   ? "AX2023"
             : !strcmp(cls, "carbon_sink") ? "TH2023"
                                           : "TT2023",
             s->n);
    return x;
}

static void set_before(struct demo_county *c, int32_t label, uint16_t v)
{
    for (size_t k = 0; k < (size_t)c->nx * (size_t)c->ny; k++)
        if (c->patch[k] == label)
            c->lc_before[k] = v;
}

/* Picks up to want patches by the order, each passing accept(); marks and records them. */
static void pick(struct demo_county *c, struct demo_sites *s, const struct patch_stat *ps,
                 const struct cand *order, size_t n, int (*accept)(const struct patch_stat *),
                 int want, const char *cls, const char *expect, uint16_t before, uint8_t *used)
{
    for (size_t i = 0; want > 0 && i < n; i++) {
        int32_t l = order[i].label;
        if (used[l] || !accept(&ps[l]))
            continue;
        struct demo_site *x = add_site(s, cls, DEMO_SITE_PATCH, l, expect);
        if (!x)
            return;
        used[l] = 1;
        x->village = ps[l].village;
        if (before)
            set_before(c, l, before);
        want--;
    }
}

static int reclaimable(const struct patch_stat *p)
{
    /* 1.8–5.4 ha of cropland with no cell in any control zone (the red line, the urban
     * boundary, basic farmland): a new field of a reclamation project */
    return demo_is_cropland(p->cls) && p->cells >= 20 && p->cells <= 60 && !p->zoned && !p->red;
}

static int red_forest(const struct patch_stat *p)
{
    return p->cls == 301 && p->cells >= 4 && p->cells <= 40 && p->red == p->cells;
}

static int grass_outside(const struct patch_stat *p)
{
    return p->cls == 404 && p->cells >= 4 && p->cells <= 250 && !p->red && !p->zoned;
}

static int forest_outside(const struct patch_stat *p)
{
    return p->cls == 301 && p->cells >= 4 && p->cells <= 40 && !p->red && !p->zoned;
}

static int artificial(uint16_t v)
{
    /* the land classes the demo's shoreline counts as artificial behind the coast */
    return v == 601 || v == 701 || v == 702 || v == 1003 || v == 101 || v == 103 || v == 1104;
}

static int coastal(const struct demo_county *c, int i, int j)
{
    if (!c->inside[demo_idx(c, i, j)])
        return 0;
    /* eight neighbours: the outline's edges run along cells that touch the sea at a corner */
    static const int d[8][2] = { { 1, 0 }, { -1, 0 }, { 0, 1 },  { 0, -1 },
                                 { 1, 1 }, { -1, 1 }, { 1, -1 }, { -1, -1 } };
    for (int q = 0; q < 8; q++) {
        int a = i + d[q][0], b = j + d[q][1];
        if (a >= 0 && b >= 0 && a < c->nx && b < c->ny && c->sea[demo_idx(c, a, b)])
            return 1;
    }
    return 0;
}

/* A coast window of radius r whose coast is natural within 3r: it becomes the restoration
 * site (ponds the year before); a second such window far from it is the failing one. */
static void shore_sites(struct demo_county *c, struct demo_sites *s)
{
    const double r = 300.0;
    const int w = (int)ceil(3 * r / c->cell);
    double best = 2.0;
    int bi = -1, bj = -1;
    for (int j = w; j < c->ny - w; j += 3)
        for (int i = w; i < c->nx - w; i += 3) {
            if (!coastal(c, i, j))
                continue;
            int ok = 1;
            for (int b = j - w; ok && b <= j + w; b++)
                for (int a = i - w; ok && a <= i + w; a++)
                    if (coastal(c, a, b) && artificial(c->lc[demo_idx(c, a, b)]))
                        ok = 0;
            double h = ls_hash_unit(c->seed ^ 0x5A0EULL, i, j);
            if (ok && h < best) {
                best = h;
                bi = i;
                bj = j;
            }
        }
    if (bi < 0)
        return;
    struct demo_site *x = add_site(s, "shoreline", DEMO_SITE_SHORE, 0, "accepted");
    if (!x)
        return;
    x->cx = demo_cx(c, bi);
    x->cy = demo_cy(c, bj);
    x->radius = r;
    int rw = (int)ceil(r / c->cell);
    for (int b = bj - rw; b <= bj + rw; b++)
        for (int a = bi - rw; a <= bi + rw; a++)
            if (coastal(c, a, b) && hypot(demo_cx(c, a) - x->cx, demo_cy(c, b) - x->cy) <= r)
                c->lc_before[demo_idx(c, a, b)] = 1104;
    /* the failing one: natural coast somewhere else, never artificial */
    struct demo_site *y =
        add_site(s, "shoreline", DEMO_SITE_SHORE, 0, "rejected: shoreline.artificial_before");
    if (y) {
        y->cx = x->cx;
        y->cy = x->cy;
        y->radius = -r; /* any natural stretch at least 3 km from the site */
    }
}

/* A disc of radius r around a coastal cell chosen by the seed, at least 3 km from every
 * shoreline site: its landward half is in the GEP account, its seaward half is not. */
static void sea_disc(struct demo_county *c, struct demo_sites *s, double r, const char *cls,
                     const char *expect)
{
    double best = 2.0;
    int bi = -1, bj = -1;
    for (int j = 1; j < c->ny - 1; j += 3)
        for (int i = 1; i < c->nx - 1; i += 3) {
            if (!coastal(c, i, j))
                continue;
            int far = 1;
            for (size_t q = 0; q < s->n; q++)
                if (s->site[q].kind == DEMO_SITE_SHORE && s->site[q].radius > 0 &&
                    hypot(demo_cx(c, i) - s->site[q].cx, demo_cy(c, j) - s->site[q].cy) < 3000)
                    far = 0;
            double h = ls_hash_unit(c->seed ^ 0xB1CEULL, i, j);
            if (far && h < best) {
                best = h;
                bi = i;
                bj = j;
            }
        }
    if (bi < 0)
        return;
    struct demo_site *x = add_site(s, cls, DEMO_SITE_DISC, 0, expect);
    if (!x)
        return;
    x->cx = demo_cx(c, bi);
    x->cy = demo_cy(c, bj);
    x->radius = r;
    /* a 32-gon, closed, counter-clockwise, whole metres (the CRS is projected) */
    size_t cap = 40 * 33 + 32, len = 0;
    x->wkt = malloc(cap);
    if (!x->wkt)
        return;
    len += (size_t)snprintf(x->wkt, cap, "POLYGON((");
    for (int k = 0; k <= 32; k++) {
        double t = 2 * M_PI * (k % 32) / 32.0;
        len += (size_t)snprintf(x->wkt + len, cap - len, "%s%.0f %.0f", k ? "," : "",
                                x->cx + r * cos(t), x->cy + r * sin(t));
    }
    snprintf(x->wkt + len, cap - len, "))");
}

/* 村级林业碳汇: one village's forest outside the red line and the zoned land, the patches no
 * other project took, as one aggregated sink project (up to `cap` cells) — the village with
 * the most such forest. */
static void village_forest(struct demo_county *c, struct demo_sites *s, const struct patch_stat *ps,
                           size_t np, const uint8_t *used, uint32_t cap)
{
    uint32_t *per = calloc((size_t)c->nvillages + 1, sizeof *per);
    if (!per)
        return;
    for (size_t l = 3; l < np; l++)
        if (ps[l].cells >= 4 && ps[l].cls == 301 && !ps[l].red && !ps[l].zoned && !used[l])
            per[ps[l].village] += ps[l].cells;
    uint16_t best = 0;
    for (uint16_t v = 1; v <= (uint16_t)c->nvillages; v++)
        if (per[v] > per[best])
            best = v;
    free(per);
    if (!best)
        return;
    struct demo_site *x = add_site(s, "carbon_sink", DEMO_SITE_GROUP, 0, "accepted");
    if (!x || !(x->labels = calloc(np, 1)))
        return;
    x->village = best;
    uint32_t cells = 0;
    for (size_t l = 3; l < np && cells < cap; l++)
        if (ps[l].cells >= 4 && ps[l].cls == 301 && !ps[l].red && !ps[l].zoned && !used[l] &&
            ps[l].village == best) {
            x->labels[l] = 1;
            cells += ps[l].cells;
        }
}

int demo_survey_sites(struct demo_county *c, struct demo_sites *s, struct ls_err *err)
{
    memset(s, 0, sizeof *s);
    size_t n = (size_t)c->nx * (size_t)c->ny, np = (size_t)c->npatch_labels;
    struct patch_stat *ps = calloc(np, sizeof *ps);
    struct cand *order = calloc(np, sizeof *order);
    uint8_t *used = calloc(np, 1);
    if (!ps || !order || !used) {
        free(ps);
        free(order);
        free(used);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for survey sites");
    }
    for (size_t k = 0; k < n; k++) {
        int32_t l = c->patch[k];
        if (l < 3)
            continue;
        ps[l].cls = c->lc[k];
        ps[l].village = c->village[k];
        ps[l].cells++;
        ps[l].red += c->zone[k] == ZONE_ECR || c->zone[k] == ZONE_CORE;
        ps[l].zoned += c->zone[k] == ZONE_PBF || c->zone[k] == ZONE_UDB;
    }
    size_t m = 0;
    for (size_t l = 3; l < np; l++)
        if (ps[l].cells)
            order[m++] =
                (struct cand){ (int32_t)l, ls_hash_unit(c->seed ^ 0x51E5ULL, (int64_t)l, 0) };
    qsort(order, m, sizeof *order, by_order);
    /* three reclamations that pass; a cropland patch unchanged (it was cropland already);
     * a grassland patch declared reclaimed (not cropland after) */
    pick(c, s, ps, order, m, reclaimable, 3, "cropland", "accepted", 404, used);
    pick(c, s, ps, order, m, reclaimable, 1, "cropland", "rejected: reclaim.baseline_not_cropland",
         0, used);
    pick(c, s, ps, order, m, grass_outside, 1, "cropland", "rejected: reclaim.cropland_after", 0,
         used);
    if (s->n < 5) /* no grassland patch of that size: forest declared reclaimed fails alike */
        pick(c, s, ps, order, m, forest_outside, 1, "cropland", "rejected: reclaim.cropland_after",
             0, used);
    /* two withdrawals that pass; one outside the red line; forest never built on */
    pick(c, s, ps, order, m, red_forest, 2, "redline_withdrawal", "accepted", 702, used);
    pick(c, s, ps, order, m, forest_outside, 1, "redline_withdrawal",
         "rejected: withdraw.in_redline", 702, used);
    pick(c, s, ps, order, m, red_forest, 1, "redline_withdrawal",
         "rejected: withdraw.construction_before", 0, used);
    shore_sites(c, s);
    /* a forest sink (碳汇): accepted against the GEP run `make demo` makes after the demo */
    pick(c, s, ps, order, m, forest_outside, 1, "carbon_sink", "accepted", 0, used);
    village_forest(c, s, ps, np, used, 4000);
    sea_disc(c, s, 400.0, "carbon_sink", "rejected: sink.covered");
    free(ps);
    free(order);
    free(used);
    return 0;
}

void demo_sites_free(struct demo_sites *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->site[i].wkt);
        free(s->site[i].labels);
    }
    s->n = 0;
}

static const char *kind_zh(const struct demo_site *x)
{
    const char *cls = x->class_id;
    return !strcmp(cls, "cropland")      ? "垦造耕地项目"
           : !strcmp(cls, "shoreline")   ? "岸线生态修复项目"
           : x->kind == DEMO_SITE_DISC   ? "海岸带蓝碳项目"
           : x->kind == DEMO_SITE_GROUP  ? "村级林业碳汇项目"
           : !strcmp(cls, "carbon_sink") ? "森林碳汇项目"
                                         : "生态保护红线内零星建设用地腾退项目";
}

int demo_write_sites(const struct demo_county *c, const struct demo_sites *s, const char *dir,
                     struct ls_err *err)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/indicator", dir);
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create: %s", ls_strerror(errno));
    /* sinks apart: their acceptance needs the GEP run, which comes after the demo */
    json_t *a = json_array(), *sinks = json_array();
    for (size_t i = 0; i < s->n; i++) {
        const struct demo_site *x = &s->site[i];
        if (!x->wkt)
            continue; /* a site whose footprint the layers did not give (no such coast) */
        const struct demo_region *v = x->village ? &c->villages[x->village - 1] : NULL;
        char name[160], owner[40], doc[64], sha[LS_SHA256_HEX];
        snprintf(name, sizeof name, "%s%s", v ? v->name : c->name, kind_zh(x));
        if (v)
            snprintf(owner, sizeof owner, "JT%.12s", v->code); /* the village's collective */
        else
            snprintf(owner, sizeof owner, "ZJ-NR");
        snprintf(doc, sizeof doc, "%s-勘测定界.wkt", x->project);
        /* the evidence document is the survey's boundary (勘测定界) of the footprint */
        ls_sha256_hex(x->wkt, strlen(x->wkt), sha);
        json_t *req = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s}]}", "type",
                                "project", "date", "2023-03-01", "project", x->project, "class",
                                x->class_id, "name", name, "county", c->code, "owner", owner,
                                "footprint", x->wkt, "evidence", "name", doc, "sha256", sha);
        json_array_append_new(!strcmp(x->class_id, "carbon_sink") ? sinks : a,
                              json_pack("{s:o, s:s}", "request", req, "expect", x->expect));
    }
    snprintf(path, sizeof path, "%s/indicator/projects.json", dir);
    int rc = json_dump_file(a, path, JSON_INDENT(1) | JSON_SORT_KEYS | JSON_ENSURE_ASCII)
                 ? ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write")
                 : 0;
    snprintf(path, sizeof path, "%s/indicator/sinks.json", dir);
    if (!rc && json_dump_file(sinks, path, JSON_INDENT(1) | JSON_SORT_KEYS | JSON_ENSURE_ASCII))
        rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    json_decref(a);
    json_decref(sinks);
    return rc;
}
