/*
 * raster/io — reading and writing rasters through GDAL block I/O.
 *
 * A source reads any window of one band into a double (or float) buffer, with the band's
 * nodata (and NaN) turned into NaN and cells outside the grid read as NaN, so that every
 * operation sees missing data the same way. A source handle belongs to one thread: the
 * executor reopens a source per worker (rs_source_reopen).
 *
 * A sink writes a new single-band GeoTIFF, tiled 256×256 and compressed (ZSTD with a
 * predictor), to a temporary file beside the target; rs_sink_commit renames it into place
 * (after a Cloud-Optimized GeoTIFF conversion when asked), rs_sink_abort deletes it, so a
 * failed run never leaves a partial file. NaN in a written buffer becomes the sink's nodata.
 * Sources and sinks may also wrap a caller's Float32 or Float64 array (rs_source_wrap,
 * rs_sink_wrap): the executor then runs without GDAL or files, NaN being the nodata both
 * ways; the caller keeps owning the array, which must outlive the source or sink.
 * The caller owns sources and sinks and releases them with close/commit/abort.
 */
#ifndef LS_RASTER_IO_H
#define LS_RASTER_IO_H

#include <gdal.h>

#include "raster/grid.h"

struct rs_source {
    char path[1024];
    int band_index;
    GDALDatasetH ds;
    GDALRasterBandH band;
    struct rs_grid grid;
    GDALDataType type;
    int has_nodata;
    double nodata;
    const void *cells; /* a wrapped array of `type` (nx × ny, row-major), or NULL */
};

/* Opens band `band` (1-based) of the raster at path. */
int rs_source_open(const char *path, int band, struct rs_source *src, struct ls_err *err);

/*
 * A source over cells (Float32 or Float64, grid->nx × grid->ny, row-major, NaN = nodata);
 * `name` stands for it in messages.
 */
int rs_source_wrap(const char *name, const struct rs_grid *grid, GDALDataType type,
                   const void *cells, struct rs_source *src, struct ls_err *err);

/* Opens a second, independent handle on the same raster (for another thread). */
int rs_source_reopen(const struct rs_source *from, struct rs_source *src, struct ls_err *err);

void rs_source_close(struct rs_source *src);

/*
 * Reads the window (col0,row0,ncols,nrows) into buf (ncols·nrows values, row-major).
 * The window may extend beyond the grid (halo cells): those cells read as NaN.
 */
int rs_source_read(struct rs_source *src, long col0, long row0, long ncols, long nrows, double *buf,
                   struct ls_err *err);
int rs_source_read_f32(struct rs_source *src, long col0, long row0, long ncols, long nrows,
                       float *buf, struct ls_err *err);
/* rs_source_read under the name the Float64 routing code calls (raster/elev). */
static inline int rs_source_read_f64(struct rs_source *src, long col0, long row0, long ncols,
                                     long nrows, double *buf, struct ls_err *err)
{
    return rs_source_read(src, col0, row0, ncols, nrows, buf, err);
}

struct rs_sink_opts {
    GDALDataType type; /* GDT_Float32 by default (when GDT_Unknown) */
    int has_nodata;    /* when 0, the type's default nodata is used */
    double nodata;
    int cog;                         /* write a Cloud-Optimized GeoTIFF */
    int overwrite;                   /* replace an existing file */
    int threads;                     /* compression threads (0 or 1: none) */
    const char *compress;            /* ZSTD (default), DEFLATE, LZW or NONE */
    const char *description, *units; /* band metadata, may be NULL */
};

/* The nodata a sink of this type uses when none is given (-9999 for floats; type extremes). */
double rs_default_nodata(GDALDataType type);

struct rs_sink;

int rs_sink_create(const char *path, const struct rs_grid *grid, const struct rs_sink_opts *opts,
                   struct rs_sink **out, struct ls_err *err);
/*
 * A sink into cells (Float32 or Float64, grid->nx × grid->ny, row-major) that keeps NaN as
 * NaN; commit and abort free the sink, never the array.
 */
int rs_sink_wrap(const char *name, const struct rs_grid *grid, GDALDataType type, void *cells,
                 struct rs_sink **out, struct ls_err *err);
/* 1 when s writes into a wrapped array: then writes of disjoint windows may come from several
 * threads at once and in any order. */
int rs_sink_in_memory(const struct rs_sink *s);
/* Writes a window; NaN → nodata. Values are rounded to integers for integer types. */
int rs_sink_write(struct rs_sink *s, long col0, long row0, long ncols, long nrows,
                  const double *buf, struct ls_err *err);
int rs_sink_write_f32(struct rs_sink *s, long col0, long row0, long ncols, long nrows,
                      const float *buf, struct ls_err *err);
/* Writes a window of raw values of `type` as they are (no nodata translation). */
int rs_sink_write_raw(struct rs_sink *s, long col0, long row0, long ncols, long nrows,
                      GDALDataType type, const void *buf, struct ls_err *err);
/* Closes, converts to COG when asked, renames into place; frees s whatever happens. */
int rs_sink_commit(struct rs_sink *s, struct ls_err *err);
/* Deletes the temporary file and frees s. NULL is allowed. */
void rs_sink_abort(struct rs_sink *s);

/* GDAL data type from a name ("Float32", "Int16", "byte"...); GDT_Unknown when unknown. */
GDALDataType rs_type_from_name(const char *name);

#endif
