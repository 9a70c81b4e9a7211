/*
 * raster/flow — D8 directions (steepest drop, threaded by rows) and D8 / MFD accumulation
 * by one pass in dependency order: a cell is finished once all its upstream neighbours
 * are, then handed downstream (counting in-flows first, so no recursion and no sort).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "raster/exec.h"
#include "raster/floodq.h"
#include "raster/hydro.h"

#define UNDECIDED 0xFE

struct d8_part {
    const struct rs_grid *g;
    const float *z;
    uint8_t *dir;
    int outward;
    long r0, r1;
};

static void *d8_rows(void *arg)
{
    struct d8_part *p = arg;
    long nx = p->g->nx, ny = p->g->ny;
    for (long r = p->r0; r < p->r1; r++) {
        double dx, dy;
        rs_grid_cell_size_m(p->g, r, &dx, &dy);
        double dist[8];
        for (int k = 0; k < 8; k++)
            dist[k] = k % 2 ? sqrt(dx * dx + dy * dy) : k % 4 == 0 ? dx : dy;
        for (long c = 0; c < nx; c++) {
            size_t i = (size_t)r * (size_t)nx + (size_t)c;
            float zi = p->z[i];
            if (isnan(zi)) {
                p->dir[i] = RS_D8_NODATA;
                continue;
            }
            if (p->outward && rs_drains_off(p->g, p->z, r, c)) {
                p->dir[i] = RS_D8_OUTLET;
                continue;
            }
            int best = -1;
            double best_slope = 0;
            for (int k = 0; k < 8; k++) {
                long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
                if (rr < 0 || cc < 0 || rr >= ny || cc >= nx)
                    continue;
                float zj = p->z[(size_t)rr * (size_t)nx + (size_t)cc];
                if (!(zj < zi)) /* also false for nodata */
                    continue;
                double s = ((double)zi - (double)zj) / dist[k];
                if (s > best_slope) {
                    best_slope = s;
                    best = k;
                }
            }
            p->dir[i] = best >= 0                         ? (uint8_t)best
                        : rs_drains_off(p->g, p->z, r, c) ? RS_D8_OUTLET
                                                          : UNDECIDED;
        }
    }
    return NULL;
}

/*
 * Flats: breadth-first from the decided cells beside an undecided cell of the same elevation
 * (found from the undecided cells, in raster order), into the undecided cells.
 */
static int resolve_flats(const struct rs_grid *g, const float *z, uint8_t *dir, struct ls_err *err)
{
    long nx = g->nx, ny = g->ny;
    size_t n = rs_grid_cells(g), head = 0, tail = 0, cap = 0, *q = NULL;
    uint8_t *queued = NULL; /* bitmap of sources already queued */
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (dir[i] != UNDECIDED)
            continue;
        if (!queued && !(queued = calloc(n / 8 + 1, 1))) {
            rc = -1;
            break;
        }
        long r = (long)(i / (size_t)nx), c = (long)(i % (size_t)nx);
        for (int k = 0; k < 8 && !rc; k++) {
            long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
            if (rr < 0 || cc < 0 || rr >= ny || cc >= nx)
                continue;
            size_t j = (size_t)rr * (size_t)nx + (size_t)cc;
            if (dir[j] >= UNDECIDED || z[j] != z[i] || (queued[j / 8] >> (j % 8) & 1))
                continue;
            queued[j / 8] |= (uint8_t)(1u << (j % 8));
            rc = rs_index_push(&q, &tail, &cap, j);
        }
    }
    free(queued);
    while (!rc && head < tail) {
        size_t i = q[head++];
        long r = (long)(i / (size_t)nx), c = (long)(i % (size_t)nx);
        for (int k = 0; k < 8 && !rc; k++) {
            long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
            if (rr < 0 || cc < 0 || rr >= ny || cc >= nx)
                continue;
            size_t j = (size_t)rr * (size_t)nx + (size_t)cc;
            if (dir[j] != UNDECIDED || z[j] != z[i])
                continue;
            dir[j] = (uint8_t)((k + 4) % 8); /* back toward i */
            rc = rs_index_push(&q, &tail, &cap, j);
        }
    }
    free(q);
    if (rc)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory (flats)");
    for (size_t i = 0; i < n; i++) /* unfilled pits: nowhere to go */
        if (dir[i] == UNDECIDED)
            dir[i] = RS_D8_OUTLET;
    return 0;
}

int rs_flowdir_d8(const struct rs_grid *g, const float *z, int edges_outward, uint8_t *dir,
                  int threads, struct ls_err *err)
{
    if (threads < 1)
        threads = 1;
    if (threads > 64)
        threads = 64;
    struct d8_part parts[64];
    for (int t = 0; t < threads; t++)
        parts[t] = (struct d8_part){
            g, z, dir, edges_outward, g->ny * t / threads, g->ny * (t + 1) / threads
        };
    rs_run_each(parts, sizeof *parts, threads, d8_rows);
    return resolve_flats(g, z, dir, err);
}

static size_t receiver(const struct rs_grid *g, size_t i, int k)
{
    long nx = g->nx;
    long r = (long)(i / (size_t)nx) + rs_d8_dy[k], c = (long)(i % (size_t)nx) + rs_d8_dx[k];
    if (r < 0 || c < 0 || r >= g->ny || c >= nx)
        return (size_t)-1;
    return (size_t)r * (size_t)nx + (size_t)c;
}

size_t rs_d8_down(const struct rs_grid *g, const uint8_t *dir, size_t i)
{
    if (dir[i] >= 8)
        return (size_t)-1;
    size_t j = receiver(g, i, dir[i]);
    return j == (size_t)-1 || dir[j] == RS_D8_NODATA ? (size_t)-1 : j;
}

static double weight_of(const float *w, size_t i, size_t *nan_weights)
{
    if (!w)
        return 1;
    if (isnan(w[i])) {
        (*nan_weights)++;
        return 0;
    }
    return (double)w[i];
}

#define DONE 0xFF

/* The lower neighbours of cell i (what MFD passes water to); returns how many. */
static int mfd_receivers(const struct rs_grid *g, const float *z, size_t i, size_t to[8]);

/*
 * Every accumulation starts the same way: each cell holds its own weight (nodata: NaN and
 * done), and counts the neighbours that pass it water — its D8 donor, or with z its MFD
 * donors (a cell without a lower neighbour passes along its D8 direction).
 */
static void start_accumulation(const struct rs_grid *g, const float *z, const uint8_t *dir,
                               const float *weight, double *acc, uint8_t *indeg,
                               size_t *nan_weights)
{
    size_t n = rs_grid_cells(g), to[8];
    for (size_t i = 0; i < n; i++) {
        if (dir[i] == RS_D8_NODATA) {
            acc[i] = NAN;
            indeg[i] = DONE;
            continue;
        }
        acc[i] = weight_of(weight, i, nan_weights);
        int m = z ? mfd_receivers(g, z, i, to) : 0;
        if (m == 0) {
            to[0] = rs_d8_down(g, dir, i);
            m = to[0] != (size_t)-1;
        }
        for (int k = 0; k < m; k++)
            indeg[to[k]]++;
    }
}

int rs_flowacc_d8(const struct rs_grid *g, const uint8_t *dir, const float *weight, double *acc,
                  size_t *nan_weights, struct ls_err *err)
{
    size_t n = rs_grid_cells(g), nanw = 0;
    uint8_t *indeg = calloc(n, 1);
    if (!indeg)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory (%zu cells)", n);
    start_accumulation(g, NULL, dir, weight, acc, indeg, &nanw);
    for (size_t s = 0; s < n; s++) {
        if (indeg[s] != 0)
            continue;
        size_t i = s;
        for (;;) {
            indeg[i] = DONE;
            size_t j = rs_d8_down(g, dir, i);
            if (j == (size_t)-1)
                break;
            acc[j] += acc[i];
            if (--indeg[j] != 0)
                break;
            i = j;
        }
    }
    free(indeg);
    if (nan_weights)
        *nan_weights = nanw;
    return 0;
}

/* The lower neighbours of cell i (what MFD passes water to); returns how many. */
static int mfd_receivers(const struct rs_grid *g, const float *z, size_t i, size_t to[8])
{
    int m = 0;
    for (int k = 0; k < 8; k++) {
        size_t j = receiver(g, i, k);
        if (j != (size_t)-1 && z[j] < z[i])
            to[m++] = j;
    }
    return m;
}

/* MFD shares of cell i to its lower neighbours; returns how many (0: use dir[i]). */
static int mfd_shares(const struct rs_grid *g, const float *z, size_t i, double exponent,
                      size_t to[8], double share[8])
{
    long nx = g->nx;
    long r = (long)(i / (size_t)nx);
    double dx, dy;
    rs_grid_cell_size_m(g, r, &dx, &dy);
    double diag = sqrt(dx * dx + dy * dy), total = 0;
    int m = 0;
    for (int k = 0; k < 8; k++) {
        size_t j = receiver(g, i, k);
        if (j == (size_t)-1 || !(z[j] < z[i]))
            continue;
        double d = k % 2 ? diag : k % 4 == 0 ? dx : dy;
        double s = ((double)z[i] - (double)z[j]) / d;
        double w = exponent == 1 ? s : pow(s, exponent);
        to[m] = j;
        share[m++] = w;
        total += w;
    }
    for (int k = 0; k < m; k++)
        share[k] /= total;
    return m;
}

int rs_flowacc_mfd(const struct rs_grid *g, const float *z, const uint8_t *dir, const float *weight,
                   double exponent, double *acc, size_t *nan_weights, struct ls_err *err)
{
    size_t n = rs_grid_cells(g), nanw = 0;
    uint8_t *indeg = calloc(n, 1);
    size_t *stack = NULL, sp = 0, cap = 0;
    if (!indeg)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory (%zu cells)", n);
    size_t to[8];
    double share[8];
    start_accumulation(g, z, dir, weight, acc, indeg, &nanw);
    int rc = 0;
    for (size_t s = 0; s < n && !rc; s++) {
        if (indeg[s] != 0)
            continue;
        indeg[s] = DONE;
        if (rs_index_push(&stack, &sp, &cap, s)) {
            rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            break;
        }
        while (sp && !rc) {
            size_t i = stack[--sp];
            int m = mfd_shares(g, z, i, exponent, to, share);
            if (m == 0) {
                to[0] = rs_d8_down(g, dir, i);
                if (to[0] == (size_t)-1)
                    continue;
                share[0] = 1;
                m = 1;
            }
            for (int k = 0; k < m; k++) {
                size_t j = to[k];
                acc[j] += acc[i] * share[k];
                if (--indeg[j] == 0) {
                    indeg[j] = DONE;
                    if (rs_index_push(&stack, &sp, &cap, j))
                        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
                }
            }
        }
    }
    free(stack);
    free(indeg);
    if (nan_weights)
        *nan_weights = nanw;
    return rc;
}
