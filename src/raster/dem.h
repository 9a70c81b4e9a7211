/*
 * raster/dem — loading a raster wholly into memory for the routing algorithms, within the
 * memory budget, and writing in-memory arrays back as GeoTIFF by strips.
 * Routing needs the whole DEM at once (a flow path may cross the grid); the budget check
 * fails early with the figure needed rather than letting the machine swap.
 */
#ifndef LS_RASTER_DEM_H
#define LS_RASTER_DEM_H

#include <stdint.h>

#include "raster/io.h"

/*
 * The one memory plan of the raster engine, for every command that holds grids: of a budget
 * (0: the default, rs_default_mem), an eighth goes to GDAL's block cache (reading inputs,
 * writing results) and the grids get the rest. rs_mem_plan also sets the block cache.
 * Out of core, a further quarter of the budget is kept for what crosses bands (the fill's
 * label graph, boundary rows): rs_mem_for_bands.
 */
struct rs_mem_plan {
    size_t budget; /* the whole budget, bytes */
    size_t cache;  /* GDAL's block cache */
    size_t grids;  /* for arrays held in memory */
    size_t bands;  /* out of core: for the bands in flight */
};
void rs_mem_plan(size_t mem_bytes, struct rs_mem_plan *plan);

/* Fails (LS_EINVAL, field "mem": the user's budget is the input at fault) when
 * cells × bytes_per_cell exceeds mem (0: the default budget). */
int rs_check_budget(const struct rs_grid *g, double bytes_per_cell, size_t mem, const char *what,
                    struct ls_err *err);

/* Reads the whole band as `type` (GDT_Float32 or GDT_Float64; NaN for nodata) into a new array
 * the caller frees; fails when every cell is nodata. rs_load_f32: the Float32 case. */
int rs_load_array(struct rs_source *src, GDALDataType type, void **out, struct ls_err *err);
int rs_load_f32(struct rs_source *src, float **out, struct ls_err *err);

/* Writes an in-memory array of `type` (GDT_Float32, GDT_Float64, GDT_Byte, GDT_Int32) to a
 * sink, NaN → nodata for floats. */
int rs_write_array(struct rs_sink *sink, const struct rs_grid *g, GDALDataType type,
                   const void *data, struct ls_err *err);

#endif
