/*
 * raster/flow — the in-memory routing: D8 directions (steepest drop threaded by rows, then
 * flats by distance) and D8 accumulation as one band of raster/route_band; MFD accumulation
 * by one pass in dependency order: a cell is finished once all its upstream neighbours are,
 * then handed downstream (counting in-flows first, so no recursion and no sort).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "raster/exec.h"
#include "raster/floodq.h"
#include "raster/hydro.h"
#include "raster/route_band.h"

struct d8_part {
    struct rs_rband band;
};

static void *d8_rows(void *arg)
{
    rs_rband_steepest(&((struct d8_part *)arg)->band);
    return NULL;
}

int rs_flowdir_d8(const struct rs_grid *g, const float *z, int edges_outward, uint8_t *dir,
                  int threads, struct ls_err *err)
{
    if (threads < 1)
        threads = 1;
    if (threads > 64)
        threads = 64;
    struct d8_part parts[64];
    size_t nx = (size_t)g->nx;
    for (int t = 0; t < threads; t++) {
        long r0 = g->ny * t / threads, r1 = g->ny * (t + 1) / threads;
        parts[t].band = (struct rs_rband){
            g, r0, r1 - r0, z + (size_t)r0 * nx, dir + (size_t)r0 * nx, edges_outward
        };
    }
    rs_run_each(parts, sizeof *parts, threads, d8_rows);
    /* flats: one band, the whole grid */
    struct rs_rband all = { g, 0, g->ny, z, dir, edges_outward };
    uint32_t *dist = malloc(rs_grid_cells(g) * sizeof *dist);
    int rc = dist ? rs_rband_flats(&all, dist, NULL, NULL) : -1;
    free(dist);
    if (rc)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory (flats)");
    return 0;
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
    size_t n = rs_grid_cells(g);
    uint8_t *state = malloc(n);
    if (!state)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory (%zu cells)", n);
    struct rs_aband b = {
        .g = g, .row0 = 0, .nrows = g->ny, .dir = dir, .weight = weight, .acc = acc, .state = state
    };
    rs_aband_run(&b);
    free(state);
    if (nan_weights)
        *nan_weights = b.nan_weights;
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
