/* raster/dem — whole-raster loads with a budget check, strip-wise array writes. */
#include "raster/dem.h"

#include <math.h>
#include <stdlib.h>

#include "raster/exec.h"

void rs_mem_plan(size_t mem_bytes, struct rs_mem_plan *p)
{
    p->budget = mem_bytes ? mem_bytes : rs_default_mem();
    p->grids = p->budget - p->budget / 8;
    p->bands = p->grids - p->budget / 4;
    /* the block cache gets its eighth, but at least 8 MiB: below it GDAL rereads a tile per
     * row of a strip (tiny budgets, as in tests, then overrun by those few MiB) */
    p->cache = p->budget / 8 > (8u << 20) ? p->budget / 8 : 8u << 20;
    GDALSetCacheMax64((GIntBig)p->cache);
}

int rs_check_budget(const struct rs_grid *g, double bytes_per_cell, size_t mem, const char *what,
                    struct ls_err *err)
{
    if (!mem)
        mem = rs_default_mem();
    double need = (double)rs_grid_cells(g) * bytes_per_cell;
    if (need > (double)mem)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "mem",
                          "%s holds the grid in memory: %ldx%ld cells need %.2f GiB, the budget "
                          "(--mem) is %.2f GiB",
                          what, g->nx, g->ny, need / 1073741824.0, (double)mem / 1073741824.0);
    return 0;
}

/* 1 when some cell of the array is not nodata (NaN); stops at the first. */
static int any_valid(const void *z, size_t n, GDALDataType type)
{
    for (size_t i = 0; i < n; i++)
        if (!isnan(type == GDT_Float64 ? ((const double *)z)[i] : (double)((const float *)z)[i]))
            return 1;
    return 0;
}

int rs_load_array(struct rs_source *src, GDALDataType type, void **out, struct ls_err *err)
{
    size_t n = rs_grid_cells(&src->grid),
           esz = type == GDT_Float64 ? sizeof(double) : sizeof(float);
    char *z = malloc(n * esz);
    if (!z)
        return ls_err_set(err, LS_ENOMEM, src->path, NULL, NULL, "out of memory (%zu cells)", n);
    long nx = src->grid.nx, step = 1024;
    for (long r = 0; r < src->grid.ny; r += step) {
        long nr = r + step > src->grid.ny ? src->grid.ny - r : step;
        void *rows = z + (size_t)r * (size_t)nx * esz;
        int rc = type == GDT_Float64 ? rs_source_read(src, 0, r, nx, nr, rows, err)
                                     : rs_source_read_f32(src, 0, r, nx, nr, rows, err);
        if (rc) {
            free(z);
            return rc;
        }
    }
    if (!any_valid(z, n, type)) {
        free(z);
        return ls_err_set(err, LS_EINVAL, src->path, NULL, NULL, "every cell is nodata");
    }
    *out = z;
    return 0;
}

int rs_load_f32(struct rs_source *src, float **out, struct ls_err *err)
{
    void *z = NULL;
    int rc = rs_load_array(src, GDT_Float32, &z, err);
    *out = z;
    return rc;
}

int rs_write_array(struct rs_sink *sink, const struct rs_grid *g, GDALDataType type,
                   const void *data, struct ls_err *err)
{
    long nx = g->nx, step = 512;
    size_t esz = (size_t)GDALGetDataTypeSizeBytes(type);
    for (long r = 0; r < g->ny; r += step) {
        long nr = r + step > g->ny ? g->ny - r : step;
        const char *p = (const char *)data + (size_t)r * (size_t)nx * esz;
        int rc;
        if (type == GDT_Float32)
            rc = rs_sink_write_f32(sink, 0, r, nx, nr, (const float *)(const void *)p, err);
        else if (type == GDT_Float64)
            rc = rs_sink_write(sink, 0, r, nx, nr, (const double *)(const void *)p, err);
        else
            rc = rs_sink_write_raw(sink, 0, r, nx, nr, type, p, err);
        if (rc)
            return rc;
    }
    return 0;
}
