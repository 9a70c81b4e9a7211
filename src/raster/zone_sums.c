/* raster/zone_sums — see zone_sums.h. */
#include "raster/zone_sums.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STRIP 64 /* rows read at once */

int rs_zone_sums(struct rs_source *zones, const struct rs_zone_shares *shares, size_t n_zones,
                 struct rs_source *values, size_t n_values, struct rs_zone_sums *out,
                 struct ls_err *err)
{
    const struct rs_grid *g = &zones->grid;
    for (size_t k = 0; k < n_values; k++)
        if (!rs_grid_same(g, &values[k].grid))
            return ls_err_set(err, LS_EINVAL, values[k].path, NULL, NULL,
                              "the value raster is not on the zones' grid");
    memset(out->sums, 0, n_zones * n_values * sizeof *out->sums);
    memset(out->outside, 0, n_values * sizeof *out->outside);
    memset(out->total, 0, n_values * sizeof *out->total);
    size_t strip = (size_t)g->nx * STRIP;
    double *z = malloc(strip * sizeof *z), *v = malloc(strip * n_values * sizeof *v);
    int rc = z && v ? 0 : ls_err_set(err, LS_ENOMEM, zones->path, NULL, NULL, "out of memory");
    size_t at = 0;
    for (long row0 = 0; !rc && row0 < g->ny; row0 += STRIP) {
        long rows = g->ny - row0 < STRIP ? g->ny - row0 : STRIP;
        rc = rs_source_read(zones, 0, row0, g->nx, rows, z, err);
        for (size_t k = 0; !rc && k < n_values; k++)
            rc = rs_source_read(&values[k], 0, row0, g->nx, rows, v + k * strip, err);
        size_t ncell = (size_t)rows * (size_t)g->nx, base = (size_t)row0 * (size_t)g->nx;
        for (size_t i = 0; !rc && i < ncell; i++) {
            size_t first = at;
            while (at < shares->n && shares->v[at].cell == base + i)
                at++;
            for (size_t k = 0; k < n_values; k++) {
                double x = v[k * strip + i];
                if (isnan(x))
                    continue;
                out->total[k] += x;
                double inside = 0;
                if (at > first) {
                    /* a boundary cell: each polygon its share of the cell's area */
                    for (size_t s = first; s < at; s++) {
                        uint32_t zone = shares->v[s].zone;
                        if (zone < 1 || zone > n_zones)
                            continue;
                        out->sums[(zone - 1) * n_values + k] += x * shares->v[s].frac;
                        inside += shares->v[s].frac;
                    }
                } else if (!isnan(z[i]) && z[i] >= 1 && z[i] <= (double)n_zones) {
                    out->sums[((size_t)z[i] - 1) * n_values + k] += x;
                    inside = 1;
                }
                out->outside[k] += x * (1.0 - (inside > 1 ? 1 : inside));
            }
        }
    }
    free(z);
    free(v);
    return rc;
}
