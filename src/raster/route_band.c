/* raster/route_band — see route_band.h. Compiled for each elevation type (raster/elev). */
#include "raster/route_band.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "raster/elev.h"
#include "raster/floodq.h"

/* Local row rr (−1 .. nrows) and column cc of a neighbour: 1 when it lies in the grid. */
static int in_grid(const struct rs_grid *g, long row0, long rr, long cc)
{
    return cc >= 0 && cc < g->nx && row0 + rr >= 0 && row0 + rr < g->ny;
}

static int band_drains_off(const struct rs_rband *b, long r, long c)
{
    const struct rs_grid *g = b->g;
    if (b->row0 + r == 0 || b->row0 + r == g->ny - 1 || c == 0 || c == g->nx - 1)
        return 1;
    const rs_elev *p = b->z + r * g->nx + c;
    for (int k = 0; k < 8; k++)
        if (isnan(p[rs_d8_dy[k] * g->nx + rs_d8_dx[k]]))
            return 1;
    return 0;
}

void rs_rband_steepest(const struct rs_rband *b)
{
    long nx = b->g->nx;
    for (long r = 0; r < b->nrows; r++) {
        double dx, dy;
        rs_grid_cell_size_m(b->g, b->row0 + r, &dx, &dy);
        double dist[8];
        for (int k = 0; k < 8; k++)
            dist[k] = k % 2 ? sqrt(dx * dx + dy * dy) : k % 4 == 0 ? dx : dy;
        for (long c = 0; c < nx; c++) {
            long i = r * nx + c;
            rs_elev zi = b->z[i];
            if (isnan(zi)) {
                b->dir[i] = RS_D8_NODATA;
                continue;
            }
            if (b->outward && band_drains_off(b, r, c)) {
                b->dir[i] = RS_D8_OUTLET;
                continue;
            }
            int best = -1;
            double best_slope = 0;
            for (int k = 0; k < 8; k++) {
                if (!in_grid(b->g, b->row0, r + rs_d8_dy[k], c + rs_d8_dx[k]))
                    continue;
                rs_elev zj = b->z[i + rs_d8_dy[k] * nx + rs_d8_dx[k]];
                if (!(zj < zi)) /* also false for nodata */
                    continue;
                double s = ((double)zi - (double)zj) / dist[k];
                if (s > best_slope) {
                    best_slope = s;
                    best = k;
                }
            }
            b->dir[i] = best >= 0                  ? (uint8_t)best
                        : band_drains_off(b, r, c) ? RS_D8_OUTLET
                                                   : RS_D8_UNDECIDED;
        }
    }
}

/* The flat distance of neighbour (rr, cc) of a band cell: local, from a halo row, or far. */
static uint32_t dist_at(const struct rs_rband *b, const uint32_t *dist, const uint32_t *above,
                        const uint32_t *below, long rr, long cc)
{
    if (rr < 0)
        return above ? above[cc] : RS_FLAT_FAR;
    if (rr >= b->nrows)
        return below ? below[cc] : RS_FLAT_FAR;
    return dist[rr * b->g->nx + cc];
}

struct seed {
    uint32_t d;
    size_t i;
};

static int seed_order(const void *pa, const void *pb)
{
    const struct seed *a = pa, *b = pb;
    return a->d != b->d ? (a->d < b->d ? -1 : 1) : (a->i > b->i) - (a->i < b->i);
}

/* Level 0 (local cells with a way down beside a flat) and the seeds from the halo rows. */
static int flat_sources(const struct rs_rband *b, uint32_t *dist, const uint32_t *above,
                        const uint32_t *below, size_t **cur, size_t *ncur, size_t *capcur,
                        struct seed **seeds, size_t *nseeds)
{
    long nx = b->g->nx;
    size_t n = (size_t)b->nrows * (size_t)nx, cap = 0;
    for (size_t i = 0; i < n; i++)
        dist[i] = b->dir[i] == RS_D8_UNDECIDED || b->dir[i] == RS_D8_NODATA ? RS_FLAT_FAR : 0;
    for (size_t i = 0; i < n; i++) {
        if (b->dir[i] != RS_D8_UNDECIDED)
            continue;
        long r = (long)(i / (size_t)nx), c = (long)(i % (size_t)nx);
        uint32_t from_halo = RS_FLAT_FAR;
        for (int k = 0; k < 8; k++) {
            long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
            if (!in_grid(b->g, b->row0, rr, cc))
                continue;
            long j = (long)i + rs_d8_dy[k] * nx + rs_d8_dx[k];
            if (b->z[j] != b->z[i])
                continue;
            if (rr < 0 || rr >= b->nrows) {
                uint32_t d = dist_at(b, dist, above, below, rr, cc);
                if (d < from_halo)
                    from_halo = d;
            } else if (dist[j] == 0 && b->dir[j] != RS_D8_NODATA && b->dir[j] != RS_D8_UNDECIDED &&
                       (b->dir[j] & 0x80) == 0) {
                /* mark the source once: its direction is final, borrow the top bit */
                b->dir[j] |= 0x80;
                if (rs_index_push(cur, ncur, capcur, (size_t)j))
                    return -1;
            }
        }
        if (from_halo < RS_FLAT_FAR - 1) {
            if (*nseeds == cap) {
                cap = cap ? 2 * cap : 256;
                struct seed *ns = realloc(*seeds, cap * sizeof *ns);
                if (!ns)
                    return -1;
                *seeds = ns;
            }
            (*seeds)[(*nseeds)++] = (struct seed){ from_halo + 1, i };
        }
    }
    for (size_t k = 0; k < *ncur; k++)
        b->dir[(*cur)[k]] &= 0x7F;
    if (*nseeds)
        qsort(*seeds, *nseeds, sizeof **seeds, seed_order);
    return 0;
}

int rs_rband_flats(const struct rs_rband *b, uint32_t *dist, const uint32_t *above,
                   const uint32_t *below)
{
    long nx = b->g->nx;
    size_t n = (size_t)b->nrows * (size_t)nx;
    size_t *cur = NULL, *next = NULL, ncur = 0, nnext = 0, capcur = 0, capnext = 0, nseeds = 0;
    struct seed *seeds = NULL;
    int rc = flat_sources(b, dist, above, below, &cur, &ncur, &capcur, &seeds, &nseeds);
    uint32_t d = 0;
    size_t s = 0;
    while (!rc && (ncur || s < nseeds)) {
        if (!ncur && seeds[s].d > d)
            d = seeds[s].d;
        for (; s < nseeds && seeds[s].d == d && !rc; s++)
            if (dist[seeds[s].i] > d) {
                dist[seeds[s].i] = d;
                rc = rs_index_push(&cur, &ncur, &capcur, seeds[s].i);
            }
        nnext = 0;
        for (size_t q = 0; q < ncur && !rc; q++) {
            size_t i = cur[q];
            long r = (long)(i / (size_t)nx), c = (long)(i % (size_t)nx);
            for (int k = 0; k < 8 && !rc; k++) {
                long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
                if (rr < 0 || rr >= b->nrows || cc < 0 || cc >= nx)
                    continue;
                size_t j = (size_t)(rr * nx + cc);
                if (b->dir[j] != RS_D8_UNDECIDED || dist[j] != RS_FLAT_FAR || b->z[j] != b->z[i])
                    continue;
                dist[j] = d + 1;
                rc = rs_index_push(&next, &nnext, &capnext, j);
            }
        }
        size_t *t = cur, tc = capcur;
        cur = next;
        capcur = capnext;
        ncur = nnext;
        next = t;
        capnext = tc;
        d++;
    }
    free(cur);
    free(next);
    free(seeds);
    if (rc)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (b->dir[i] != RS_D8_UNDECIDED)
            continue;
        if (dist[i] == RS_FLAT_FAR) { /* an unfilled pit, or a flat with no way down known */
            b->dir[i] = RS_D8_OUTLET;
            continue;
        }
        long r = (long)(i / (size_t)nx), c = (long)(i % (size_t)nx);
        for (int k = 0; k < 8; k++) {
            long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
            if (!in_grid(b->g, b->row0, rr, cc) ||
                b->z[(long)i + rs_d8_dy[k] * nx + rs_d8_dx[k]] != b->z[i] ||
                dist_at(b, dist, above, below, rr, cc) != dist[i] - 1)
                continue;
            b->dir[i] = (uint8_t)k;
            break;
        }
    }
    return 0;
}
