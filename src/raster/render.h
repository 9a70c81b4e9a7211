/*
 * raster/render — a value raster as a picture for a web map: warped to EPSG:4326 (nearest
 * neighbour), at most RS_MAP_MAX_PX pixels a side, coloured light yellow to dark green
 * between its 2nd and 98th percentiles of the non-zero values, zero and no-data transparent,
 * encoded as PNG through GDAL's PNG driver.
 */
#ifndef LS_RASTER_RENDER_H
#define LS_RASTER_RENDER_H

#include <stddef.h>

#include "base/err.h"

#define RS_MAP_MAX_PX 1024

/*
 * Renders the raster at path. bounds gets west, south, east, north (degrees) and range the
 * values at the ends of the ramp. With encode, *png is a PNG the caller frees (free) of *len
 * bytes; without, only bounds and range are computed.
 */
int rs_render_value_map(const char *path, int encode, unsigned char **png, size_t *len,
                        double bounds[4], double range[2], struct ls_err *err);

/* An RGBA image (4 bytes a pixel, rows top down) as PNG: *png is the caller's to free, *len
 * bytes. -1 when GDAL cannot encode it. */
int rs_png_encode_rgba(const unsigned char *rgba, int width, int height, unsigned char **png,
                       size_t *len);

#endif
