/*
 * raster/fill — priority-flood depression filling (Barnes, Lehman & Mulla 2014, "Priority-
 * Flood: An optimal depression-filling and watershed-labeling algorithm", Algorithms 2 and 3):
 * the flood grows inward from the grid's edges and the cells beside nodata, always from its
 * lowest cell; a cell reached below the flood level is raised to it (or just above, in the
 * epsilon variant) and goes to a FIFO "pit" queue that skips the heap.
 * Compiled for each elevation type (raster/elev).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "raster/elev.h"
#include "raster/floodq.h"
#include "raster/hydro.h"
#include "raster/rheap.h"

int rs_drains_off(const struct rs_grid *g, const rs_elev *z, long r, long c)
{
    if (r == 0 || c == 0 || r == g->ny - 1 || c == g->nx - 1)
        return 1;
    for (int k = 0; k < 8; k++)
        if (isnan(z[(size_t)(r + rs_d8_dy[k]) * (size_t)g->nx + (size_t)(c + rs_d8_dx[k])]))
            return 1;
    return 0;
}

void rs_zero_sign(rs_elev *z, size_t n)
{
    for (size_t i = 0; i < n; i++)
        z[i] += (rs_elev)0; /* -0 + 0 = +0; everything else unchanged */
}

int rs_fill(const struct rs_grid *g, rs_elev *z, int epsilon, struct rs_fill_stats *stats,
            struct ls_err *err)
{
    long nx = g->nx, ny = g->ny;
    size_t n = rs_grid_cells(g);
    rs_zero_sign(z, n);
    uint8_t *closed = calloc(n, 1);
    struct rs_rheap pq = { 0 };
    struct rs_fifo pit = { 0 };
    struct rs_fill_stats st = { 0 };
    int oom = !closed;
    for (long r = 0; !oom && r < ny; r++)
        for (long c = 0; c < nx; c++) {
            size_t i = (size_t)r * (size_t)nx + (size_t)c;
            if (isnan(z[i]) || !rs_drains_off(g, z, r, c))
                continue;
            closed[i] = 1;
            st.seeds++;
            if (rs_rheap_push(&pq, z[i], i)) {
                oom = 1;
                break;
            }
        }
    while (!oom && (pq.n || !rs_fifo_empty(&pit))) {
        size_t i;
        if (!rs_fifo_empty(&pit))
            i = rs_fifo_pop(&pit);
        else if (rs_rheap_pop(&pq, &i)) {
            oom = 1;
            break;
        }
        long r = (long)(i / (size_t)nx), c = (long)(i % (size_t)nx);
        rs_elev level = epsilon ? rs_elev_next_up(z[i]) : z[i];
        for (int k = 0; k < 8; k++) {
            long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
            if (rr < 0 || cc < 0 || rr >= ny || cc >= nx)
                continue;
            size_t j = (size_t)rr * (size_t)nx + (size_t)cc;
            if (closed[j] || isnan(z[j]))
                continue;
            closed[j] = 1;
            if (z[j] <= level) {
                if (z[j] < level) {
                    double raise = (double)level - (double)z[j];
                    st.raised++;
                    if (raise > st.max_raise)
                        st.max_raise = raise;
                    z[j] = level;
                }
                if (rs_fifo_push(&pit, j))
                    oom = 1;
            } else if (rs_rheap_push(&pq, z[j], j)) {
                oom = 1;
            }
        }
    }
    rs_rheap_free(&pq);
    rs_fifo_free(&pit);
    free(closed);
    if (oom)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory while filling");
    if (stats)
        *stats = st;
    return 0;
}
