/* raster/routing — see routing.h. */
#include "raster/routing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "raster/dem.h"

/* Bytes per cell filling on one thread needs, a Float32 DEM included: the flood's marks and
 * queues (measured at about 2 bytes per cell at their peak). */
#define SERIAL_FILL_BYTES 7

double rs_routing_elev_extra(GDALDataType dem_type)
{
    return rs_elev_is_f64(dem_type) ? 8 : 0;
}

int rs_routing_fill(struct rs_source *src, int threads, int epsilon, double bytes_per_cell,
                    size_t mem_grids, const char *what, struct rs_routing *r, struct ls_err *err)
{
    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s", src->path);
    r->g = src->grid;
    r->elev_type = rs_elev_is_f64(src->type) ? GDT_Float64 : GDT_Float32;
    double fill_bytes = threads > 1 && !epsilon ? RS_ROUTING_FILL_BYTES : SERIAL_FILL_BYTES;
    int rc =
        rs_check_budget(&r->g, fmax(bytes_per_cell, fill_bytes) + rs_routing_elev_extra(src->type),
                        mem_grids, what, err);
    if (!rc)
        rc = rs_load_array(src, r->elev_type, &r->z, err);
    if (rc)
        return rc;
    /* The epsilon surface depends on the order of one flood over the whole grid: one thread. */
    if (r->elev_type == GDT_Float64)
        return epsilon ? rs_fill_f64(&r->g, r->z, 1, &r->fill, err)
                       : rs_fill_parallel_f64(&r->g, r->z, threads, &r->fill, err);
    return epsilon ? rs_fill_f32(&r->g, r->z, 1, &r->fill, err)
                   : rs_fill_parallel_f32(&r->g, r->z, threads, &r->fill, err);
}

int rs_routing_directions(struct rs_routing *r, int edges_outward, int threads, struct ls_err *err)
{
    if (!(r->dir = malloc(rs_grid_cells(&r->g))))
        return ls_err_set(err, LS_ENOMEM, r->path, NULL, NULL, "out of memory (%ld x %ld cells)",
                          r->g.nx, r->g.ny);
    return r->elev_type == GDT_Float64
               ? rs_flowdir_d8_f64(&r->g, r->z, edges_outward, r->dir, threads, err)
               : rs_flowdir_d8_f32(&r->g, r->z, edges_outward, r->dir, threads, err);
}

int rs_routing_accumulate(struct rs_routing *r, const float *weight, int mfd, double exponent,
                          struct ls_err *err)
{
    if (!mfd) {
        free(r->z);
        r->z = NULL;
    }
    if (!(r->acc = malloc(rs_grid_cells(&r->g) * sizeof *r->acc)))
        return ls_err_set(err, LS_ENOMEM, r->path, NULL, NULL, "out of memory (%ld x %ld cells)",
                          r->g.nx, r->g.ny);
    if (!mfd)
        return rs_flowacc_d8(&r->g, r->dir, weight, r->acc, &r->nan_weights, err);
    return r->elev_type == GDT_Float64 ? rs_flowacc_mfd_f64(&r->g, r->z, r->dir, weight, exponent,
                                                            r->acc, &r->nan_weights, err)
                                       : rs_flowacc_mfd_f32(&r->g, r->z, r->dir, weight, exponent,
                                                            r->acc, &r->nan_weights, err);
}

void rs_routing_free(struct rs_routing *r)
{
    free(r->z);
    free(r->dir);
    free(r->acc);
    memset(r, 0, sizeof *r);
}
