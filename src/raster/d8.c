/*
 * raster/d8 — what D8 codes mean whatever the elevation type: the neighbour offsets of the
 * codes, the cell a code drains into, and D8 accumulation in memory (which reads only the
 * directions, one band of raster/route_band's accumulation over the whole grid).
 */
#include <stdlib.h>

#include "raster/acc_band.h"
#include "raster/hydro.h"

const int rs_d8_dx[8] = { 1, 1, 0, -1, -1, -1, 0, 1 };
const int rs_d8_dy[8] = { 0, -1, -1, -1, 0, 1, 1, 1 };

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
