/*
 * raster/watershed — what follows a D8 path downstream, over the whole grid as one band of
 * raster/down_band: the first outlet it meets (watershed labels) and its length to the first
 * stream cell. Each path is walked once and its answer written back along it.
 */
#include <math.h>
#include <stdlib.h>

#include "raster/down_band.h"
#include "raster/hydro.h"

/* Runs the band rule over the whole grid; val and state are filled with the given cells. */
static int whole_grid(const struct rs_grid *g, const uint8_t *dir, int distance, double *val,
                      uint8_t *state, struct ls_err *err)
{
    struct rs_dband b = { .g = g,
                          .row0 = 0,
                          .nrows = g->ny,
                          .dir = dir,
                          .distance = distance,
                          .off = distance ? NAN : 0,
                          .val = val,
                          .state = state };
    int rc = rs_dband_run(&b);
    rs_dband_free(&b);
    return rc ? ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory") : 0;
}

int rs_watershed(const struct rs_grid *g, const uint8_t *dir, const size_t *outlets,
                 size_t n_outlets, int32_t *label, struct ls_err *err)
{
    size_t n = rs_grid_cells(g);
    double *val = malloc(n * sizeof *val);
    uint8_t *state = malloc(n);
    if (!val || !state) {
        free(val);
        free(state);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        val[i] = 0;
        state[i] = dir[i] == RS_D8_NODATA ? RS_DOWN_FINAL : RS_DOWN_OPEN;
    }
    for (size_t k = n_outlets; k-- > 0;) /* the first outlet given wins a shared cell */
        if (outlets[k] < n && dir[outlets[k]] != RS_D8_NODATA) {
            val[outlets[k]] = (double)(k + 1);
            state[outlets[k]] = RS_DOWN_FINAL;
        }
    int rc = whole_grid(g, dir, 0, val, state, err);
    for (size_t i = 0; !rc && i < n; i++)
        label[i] = (int32_t)val[i];
    free(val);
    free(state);
    return rc;
}

int rs_downslope_distance(const struct rs_grid *g, const uint8_t *dir, const uint8_t *stream,
                          double *dist, struct ls_err *err)
{
    size_t n = rs_grid_cells(g);
    uint8_t *state = malloc(n);
    if (!state)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int nodata = dir[i] == RS_D8_NODATA;
        dist[i] = nodata ? NAN : 0;
        state[i] = nodata || stream[i] ? RS_DOWN_FINAL : RS_DOWN_OPEN;
    }
    int rc = whole_grid(g, dir, 1, dist, state, err);
    free(state);
    return rc;
}
