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

/* Fails (LS_EINVAL, field "mem": the user's budget is the input at fault) when
 * cells × bytes_per_cell exceeds mem (0: the default budget). */
int rs_check_budget(const struct rs_grid *g, double bytes_per_cell, size_t mem, const char *what,
                    struct ls_err *err);

/* Reads the whole band as float (NaN for nodata) into a new array the caller frees. */
int rs_load_f32(struct rs_source *src, float **out, struct ls_err *err);

/* Writes an in-memory array of `type` (GDT_Float32, GDT_Float64, GDT_Byte, GDT_Int32) to a
 * sink, NaN → nodata for floats. */
int rs_write_array(struct rs_sink *sink, const struct rs_grid *g, GDALDataType type,
                   const void *data, struct ls_err *err);

#endif
