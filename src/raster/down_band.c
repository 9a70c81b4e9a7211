/* raster/down_band — downstream values (labels, distances) on a band of rows. */
#include "raster/down_band.h"

#include <math.h>
#include <stdlib.h>

#include "raster/floodq.h"
#include "raster/hydro.h"

#define WAITING 2 /* on a path that leaves the band toward an unknown value, this visit */

/* The length of cell (r, c)'s D8 step, as rs_downslope_distance has it. */
static double step_of(const struct rs_dband *b, long r, int k)
{
    double dx, dy;
    rs_grid_cell_size_m(b->g, b->row0 + r, &dx, &dy);
    return k % 2 ? sqrt(dx * dx + dy * dy) : k % 4 == 0 ? dx : dy;
}

/*
 * Where cell (r, c)'s path goes next: 0 with *v set when the value there is known (or the path
 * ends), 1 with *j set when it goes on inside the band, 2 when it waits on another band.
 */
static int next_of(const struct rs_dband *b, long r, long c, double *v, size_t *j)
{
    long nx = b->g->nx;
    int k = b->dir[r * nx + c];
    if (k >= 8) {
        *v = b->off;
        return 0;
    }
    long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
    if (cc < 0 || cc >= nx || b->row0 + rr < 0 || b->row0 + rr >= b->g->ny ||
        b->dir[rr * nx + cc] == RS_D8_NODATA) {
        *v = b->off;
        return 0;
    }
    if (rr < 0 || rr >= b->nrows) {
        const double *vals = rr < 0 ? b->above : b->below;
        const uint8_t *fin = rr < 0 ? b->above_final : b->below_final;
        if (!vals || !fin[cc])
            return 2;
        *v = vals[cc];
        return 0;
    }
    *j = (size_t)(rr * nx + cc);
    return 1;
}

int rs_dband_run(struct rs_dband *b)
{
    size_t nx = (size_t)b->g->nx, n = (size_t)b->nrows * nx;
    for (size_t s = 0; s < n; s++) {
        if (b->state[s] != RS_DOWN_OPEN)
            continue;
        b->path_n = 0;
        size_t i = s;
        double v = 0;
        int waits = 0;
        for (;;) {
            if (b->state[i] == RS_DOWN_FINAL) {
                v = b->val[i];
                break;
            }
            if (b->state[i] == WAITING) {
                waits = 1;
                break;
            }
            if (rs_index_push(&b->path, &b->path_n, &b->path_cap, i))
                return -1;
            size_t j = 0;
            int how = next_of(b, (long)(i / nx), (long)(i % nx), &v, &j);
            if (how == 0)
                break;
            if (how == 2) {
                waits = 1;
                break;
            }
            i = j;
        }
        for (size_t k = b->path_n; k-- > 0;) {
            size_t c = b->path[k];
            if (waits) {
                b->state[c] = WAITING;
                continue;
            }
            if (b->distance) {
                long r = (long)(c / nx);
                v = isnan(v) ? NAN : v + step_of(b, r, b->dir[c]);
            }
            b->val[c] = v;
            b->state[c] = RS_DOWN_FINAL;
        }
    }
    for (size_t s = 0; s < n; s++)
        if (b->state[s] == WAITING)
            b->state[s] = RS_DOWN_OPEN;
    return 0;
}

void rs_dband_free(struct rs_dband *b)
{
    free(b->path);
    b->path = NULL;
    b->path_n = b->path_cap = 0;
}
