/*
 * raster/tiled — the parts of out-of-core routing that do not depend on the elevation type:
 * the band height a budget allows, and the choice of the Float32 or Float64 routing by the
 * DEM's type (raster/elev).
 */
#include "raster/tiled.h"

int rs_tiled_band_rows(const struct rs_grid *g, size_t mem_arrays, int threads,
                       double bytes_per_cell, long *rows, struct ls_err *err)
{
    double per_row = (double)g->nx * bytes_per_cell * (threads < 1 ? 1 : threads);
    double r = (double)mem_arrays / per_row - 2; /* the halo rows */
    if (r < 8)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "mem",
                          "out-of-core routing needs at least 8 rows of %ld cells per thread in "
                          "memory (%.1f MiB); the memory budget leaves %.1f MiB",
                          g->nx, 10 * per_row / 1048576.0, (double)mem_arrays / 1048576.0);
    *rows = r > (double)g->ny ? g->ny : (long)r;
    return 0;
}

int rs_route_tiled(const struct rs_route_job *job, const struct rs_tiled_opts *o,
                   struct rs_route_stats *stats, struct ls_err *err)
{
    return rs_elev_is_f64(job->dem->type) ? rs_route_tiled_f64(job, o, stats, err)
                                          : rs_route_tiled_f32(job, o, stats, err);
}
