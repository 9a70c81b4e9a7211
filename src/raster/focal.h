/*
 * raster/focal — neighbourhood operations: slope and aspect (Horn's 3×3 method, as gdaldem
 * and most GIS compute them) and focal mean/sum over a square window.
 *
 * Slope at a cell whose neighbours are partly nodata or off the grid uses the cell's own
 * value in their place, so edge cells get a slope (flattened toward the missing side); a
 * nodata cell stays nodata. On a geographic grid the cell sizes are taken in metres on the
 * ellipsoid at each row. Aspect is the azimuth the slope faces, degrees clockwise from
 * north; flat cells have no aspect (nodata).
 */
#ifndef LS_RASTER_FOCAL_H
#define LS_RASTER_FOCAL_H

#include "raster/exec.h"

enum rs_slope_unit { RS_SLOPE_DEGREES, RS_SLOPE_PERCENT, RS_ASPECT };

enum rs_focal_stat { RS_FOCAL_MEAN, RS_FOCAL_SUM };

/* Slope (or aspect) of dem into out_path. z_factor scales elevations (1 when in metres). */
int rs_slope(struct rs_source *dem, enum rs_slope_unit unit, double z_factor, const char *out_path,
             const struct rs_sink_opts *sink_opts, const struct rs_exec_opts *exec,
             struct ls_err *err);

/* Mean or sum of the valid cells in the size×size window (size odd) around each valid cell. */
int rs_focal(struct rs_source *in, enum rs_focal_stat stat, int size, const char *out_path,
             const struct rs_sink_opts *sink_opts, const struct rs_exec_opts *exec,
             struct ls_err *err);

#endif
