/*
 * raster/flow — the in-memory routing over elevations: D8 directions (steepest drop threaded
 * by rows, then flats by distance, as one band of raster/route_band) and MFD accumulation by
 * one pass in dependency order (raster/mfd_band): a cell is finished once all its upstream
 * neighbours are, then handed downstream (counting in-flows first, so no recursion and no
 * sort). D8 accumulation, which reads only the
 * directions, is raster/d8. Compiled for each elevation type (raster/elev).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "raster/elev.h"
#include "raster/exec.h"
#include "raster/hydro.h"
#include "raster/mfd_band.h"
#include "raster/route_band.h"

struct d8_part {
    struct rs_rband band;
};

static void *d8_rows(void *arg)
{
    rs_rband_steepest(&((struct d8_part *)arg)->band);
    return NULL;
}

int rs_flowdir_d8(const struct rs_grid *g, const rs_elev *z, int edges_outward, uint8_t *dir,
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

int rs_flowacc_mfd(const struct rs_grid *g, const rs_elev *z, const uint8_t *dir,
                   const float *weight, double exponent, double *acc, size_t *nan_weights,
                   struct ls_err *err)
{
    size_t n = rs_grid_cells(g);
    uint8_t *state = calloc(n, 1);
    if (!state)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory (%zu cells)", n);
    struct rs_mband b = { .g = g,
                          .row0 = 0,
                          .nrows = g->ny,
                          .z = z,
                          .dir = dir,
                          .weight = weight,
                          .exponent = exponent,
                          .acc = acc,
                          .state = state };
    int rc = rs_mband_run(&b);
    rs_mband_free(&b);
    free(state);
    if (rc)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory (%zu cells)", n);
    if (nan_weights)
        *nan_weights = b.nan_weights;
    return 0;
}
