/*
 * raster/align — brings a raster onto a target grid (extent, resolution, CRS) through GDAL's
 * warper, with a resampling method chosen per input: nearest neighbour for classes (integer
 * rasters, by default), bilinear for continuous values (float rasters, by default), or any
 * GDAL method named (average, mode, cubic, sum ...). The report says what was done.
 */
#ifndef LS_RASTER_ALIGN_H
#define LS_RASTER_ALIGN_H

#include "raster/io.h"

struct rs_align_report {
    char resampling[32];
    int reprojected; /* CRS differed */
    long in_nx, in_ny;
    double in_res_x, in_res_y;
    double overlap_fraction; /* share of the target extent the input covers */
};

/*
 * The target grid from a reference raster (ref_path) or from extent/resolution/CRS
 * (bounds = xmin, ymin, xmax, ymax; crs_wkt may be "" to keep the input's).
 */
int rs_grid_from_extent(const double bounds[4], double res, const char *crs_wkt, struct rs_grid *g,
                        struct ls_err *err);

/* resampling: NULL or "" to choose by data type. */
int rs_align(const char *in_path, const struct rs_grid *target, const char *resampling,
             const char *out_path, const struct rs_sink_opts *sink_opts, int threads,
             struct rs_align_report *rep, struct ls_err *err);

#endif
