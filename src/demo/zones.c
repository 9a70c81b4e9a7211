/*
 * demo/zones — the three control lines (三区三线) of the demo county, per cell:
 * - urban development boundary (城镇开发边界): around each town, room to grow;
 * - ecological protection red line (生态保护红线): the high forest and ridges, river
 *   headwaters, reservoirs and their surroundings, tidal flats and estuary wetland — smoothed
 *   into coherent areas, leaving out cropland, settlements and the urban boundary, with
 *   nature-reserve core zones (核心保护区) on its highest, innermost ground;
 * - permanent basic farmland (永久基本农田): whole cropland patches of good grade outside the
 *   other two lines.
 * The three never overlap: a cell has one zone.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "demo/internal.h"
#include "demo/noise.h"

/* In-place majority filter of a 0/1 mask over a (2r+1)² window, `passes` times. */
static int majority(const struct demo_county *c, uint8_t *mask, int r, int passes,
                    struct ls_err *err)
{
    int nx = c->nx, ny = c->ny;
    uint32_t *sat = malloc((size_t)(nx + 1) * (size_t)(ny + 1) * sizeof *sat);
    if (!sat)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (int p = 0; p < passes; p++) {
        /* summed-area table */
        for (int i = 0; i <= nx; i++)
            sat[i] = 0;
        for (int j = 1; j <= ny; j++) {
            uint32_t row = 0;
            sat[(size_t)j * (size_t)(nx + 1)] = 0;
            for (int i = 1; i <= nx; i++) {
                row += mask[demo_idx(c, i - 1, j - 1)];
                sat[(size_t)j * (size_t)(nx + 1) + (size_t)i] =
                    sat[(size_t)(j - 1) * (size_t)(nx + 1) + (size_t)i] + row;
            }
        }
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++) {
                int i0 = i - r < 0 ? 0 : i - r, i1 = i + r + 1 > nx ? nx : i + r + 1;
                int j0 = j - r < 0 ? 0 : j - r, j1 = j + r + 1 > ny ? ny : j + r + 1;
                size_t w = (size_t)(nx + 1);
                uint32_t s = sat[(size_t)j1 * w + (size_t)i1] - sat[(size_t)j0 * w + (size_t)i1] -
                             sat[(size_t)j1 * w + (size_t)i0] + sat[(size_t)j0 * w + (size_t)i0];
                uint32_t area = (uint32_t)((i1 - i0) * (j1 - j0));
                mask[demo_idx(c, i, j)] = 2 * s > area;
            }
    }
    free(sat);
    return 0;
}

static int is_natural(uint16_t v)
{
    return v == 301 || v == 302 || v == 305 || v == 404 || v == 1207;
}

int demo_zones(struct demo_county *c, struct ls_err *err)
{
    size_t n = (size_t)c->nx * (size_t)c->ny;
    uint8_t *ecr = calloc(n, 1), *udb = calloc(n, 1), *notecr = calloc(n, 1);
    float *depth = malloc(n * sizeof *depth);
    int rc = 0;
    if (!ecr || !udb || !notecr || !depth) {
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        goto done;
    }
    /* urban development boundary */
    for (size_t t = 0; t < c->ntowns; t++) {
        const struct demo_town *tw = &c->towns[t];
        double reach = tw->radius * (tw->seat ? 1.6 : 1.35);
        for (int j = 0; j < c->ny; j++) {
            double y = demo_cy(c, j);
            if (fabs(y - tw->y) > reach * 1.3)
                continue;
            for (int i = 0; i < c->nx; i++) {
                size_t k = demo_idx(c, i, j);
                double x = demo_cx(c, i);
                double r =
                    reach * (0.85 + 0.3 * demo_fbm2(c->seed + 61 + t, x / 700, y / 700, 2, 0.5));
                if (c->inside[k] && hypot(x - tw->x, y - tw->y) < r)
                    udb[k] = 1;
            }
        }
    }
    /* red line candidates, then smoothing */
    double w = c->nx * c->cell;
    double head_r = c->redline_head_m > 0 ? c->redline_head_m : fmin(2500, 0.12 * w);
    for (int j = 0; j < c->ny; j++)
        for (int i = 0; i < c->nx; i++) {
            size_t k = demo_idx(c, i, j);
            if (!c->inside[k])
                continue;
            double x = demo_cx(c, i), y = demo_cy(c, j);
            double nz = demo_fbm2(c->seed + 63, x / 3000, y / 3000, 3, 0.5);
            uint16_t v = c->lc[k];
            int high = is_natural(v) && c->elev[k] > c->redline_elev_m + 160 * nz;
            int wet = v == 1105 || v == 1106 || v == 1103;
            int head = 0;
            /* a river that flows in from the county upstream has its head there, not here */
            for (size_t r = c->river_in_x_m > 0 ? 1 : 0; r < c->nrivers && !head; r++)
                head = hypot(x - c->rivers[r].xy[0], y - c->rivers[r].xy[1]) < head_r && v != 101 &&
                       v != 103;
            ecr[k] = (uint8_t)(high || wet || head);
        }
    rc = majority(c, ecr, 3, 2, err);
    if (rc)
        goto done;
    for (size_t k = 0; k < n; k++) {
        uint16_t v = c->lc[k];
        if (!c->inside[k] || udb[k] || demo_is_cropland(v) || v == 702 || v == 701 || v == 601)
            ecr[k] = 0;
        /* water and wetland of the red line stay in it even where smoothing dropped them */
        if (c->inside[k] && !udb[k] && (v == 1105 || v == 1103))
            ecr[k] = 1;
        notecr[k] = !ecr[k];
    }
    /* core zones: high ground at least 600 m inside the red line */
    rc = demo_distance(c, notecr, depth, err);
    if (rc)
        goto done;
    uint8_t *core = notecr; /* reuse */
    for (int j = 0; j < c->ny; j++)
        for (int i = 0; i < c->nx; i++) {
            size_t k = demo_idx(c, i, j);
            double nz = demo_fbm2(c->seed + 67, demo_cx(c, i) / 4000, demo_cy(c, j) / 4000, 2, 0.5);
            core[k] = ecr[k] && depth[k] > 600 && c->elev[k] > 560 + 200 * nz;
        }
    rc = majority(c, core, 2, 1, err);
    if (rc)
        goto done;
    for (size_t k = 0; k < n; k++) {
        c->zone[k] = udb[k] ? ZONE_UDB : (ecr[k] ? (core[k] && ecr[k] ? ZONE_CORE : ZONE_ECR) : 0);
    }
    /* basic farmland: whole cropland patches of grade ≤ 9 (85 % of them), outside the UDB */
    {
        int32_t np = c->npatch_labels;
        double *gsum = calloc((size_t)np, sizeof *gsum);
        uint32_t *gcnt = calloc((size_t)np, sizeof *gcnt);
        if (!gsum || !gcnt) {
            free(gsum);
            free(gcnt);
            rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            goto done;
        }
        for (size_t k = 0; k < n; k++)
            if (demo_is_cropland(c->lc[k])) {
                gsum[c->patch[k]] += c->grade[k];
                gcnt[c->patch[k]]++;
            }
        for (size_t k = 0; k < n; k++) {
            int32_t p = c->patch[k];
            if (c->zone[k] == 0 && demo_is_cropland(c->lc[k]) && gcnt[p] &&
                gsum[p] / gcnt[p] <= 9.0 && ls_hash_unit(c->seed ^ 0xBF, p, 0) < 0.85)
                c->zone[k] = ZONE_PBF;
        }
        free(gsum);
        free(gcnt);
    }
done:
    free(ecr);
    free(udb);
    free(notecr);
    free(depth);
    return rc;
}
