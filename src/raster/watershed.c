/*
 * raster/watershed — what follows a D8 path downstream: the first outlet it meets
 * (watershed labels) and its length to the first stream cell. Each cell's path is walked
 * once and the answer written back along it, so the cost is linear in the cells.
 */
#include <math.h>
#include <stdlib.h>

#include "raster/floodq.h"
#include "raster/hydro.h"

struct path {
    size_t *a;
    size_t n, cap;
};

int rs_watershed(const struct rs_grid *g, const uint8_t *dir, const size_t *outlets,
                 size_t n_outlets, int32_t *label, struct ls_err *err)
{
    size_t n = rs_grid_cells(g);
    for (size_t i = 0; i < n; i++)
        label[i] = dir[i] == RS_D8_NODATA ? 0 : -1;
    for (size_t k = n_outlets; k-- > 0;) /* the first outlet given wins a shared cell */
        if (outlets[k] < n && dir[outlets[k]] != RS_D8_NODATA)
            label[outlets[k]] = (int32_t)(k + 1);
    struct path p = { 0 };
    for (size_t s = 0; s < n; s++) {
        if (label[s] >= 0)
            continue;
        p.n = 0;
        size_t i = s;
        int32_t found = 0;
        while (i != (size_t)-1) {
            if (label[i] >= 0) {
                found = label[i];
                break;
            }
            if (rs_index_push(&p.a, &p.n, &p.cap, i)) {
                free(p.a);
                return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            }
            i = rs_d8_down(g, dir, i);
        }
        for (size_t k = 0; k < p.n; k++)
            label[p.a[k]] = found;
    }
    free(p.a);
    return 0;
}

int rs_downslope_distance(const struct rs_grid *g, const uint8_t *dir, const uint8_t *stream,
                          double *dist, struct ls_err *err)
{
    size_t n = rs_grid_cells(g);
    const double unknown = -1;
    for (size_t i = 0; i < n; i++)
        dist[i] = dir[i] == RS_D8_NODATA ? NAN : stream[i] ? 0 : unknown;
    struct path p = { 0 };
    for (size_t s = 0; s < n; s++) {
        if (dist[s] != unknown)
            continue;
        p.n = 0;
        size_t i = s;
        double d = NAN;
        while (i != (size_t)-1) {
            if (dist[i] != unknown) {
                d = dist[i];
                break;
            }
            if (rs_index_push(&p.a, &p.n, &p.cap, i)) {
                free(p.a);
                return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            }
            i = rs_d8_down(g, dir, i);
        }
        for (size_t k = p.n; k-- > 0;) {
            size_t c = p.a[k];
            double dx, dy;
            rs_grid_cell_size_m(g, (long)(c / (size_t)g->nx), &dx, &dy);
            int dk = dir[c];
            double step = dk % 2 ? sqrt(dx * dx + dy * dy) : dk % 4 == 0 ? dx : dy;
            d = isnan(d) ? NAN : d + step;
            dist[c] = d;
        }
    }
    free(p.a);
    return 0;
}
