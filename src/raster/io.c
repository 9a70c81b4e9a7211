/* raster/io — GDAL block I/O with nodata as NaN, and all-or-nothing GeoTIFF sinks. */
#include "raster/io.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_utils.h>

#include "base/fsutil.h"
#include "geo/ogr_bridge.h"

static int open_band(struct rs_source *src, struct ls_err *err)
{
    const char *path = src->path;
    geo_ogr_capture_begin();
    src->ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    geo_ogr_capture_end();
    if (!src->ds)
        return ls_err_set(err, LS_EINVAL, path, NULL, NULL, "not a readable raster: %s",
                          geo_ogr_last_error()[0] ? geo_ogr_last_error() : "no such file");
    int nb = GDALGetRasterCount(src->ds);
    if (src->band_index < 1 || src->band_index > nb) {
        GDALClose(src->ds);
        src->ds = NULL;
        return ls_err_set(err, LS_EINVAL, path, NULL, "band", "band %d requested; it has %d",
                          src->band_index, nb);
    }
    src->band = GDALGetRasterBand(src->ds, src->band_index);
    return 0;
}

int rs_source_open(const char *path, int band, struct rs_source *src, struct ls_err *err)
{
    memset(src, 0, sizeof *src);
    if (strlen(path) >= sizeof src->path)
        return ls_err_set(err, LS_EINVAL, path, NULL, NULL, "path too long");
    snprintf(src->path, sizeof src->path, "%s", path);
    src->band_index = band;
    int rc = open_band(src, err);
    if (rc)
        return rc;
    struct rs_grid *g = &src->grid;
    g->nx = GDALGetRasterXSize(src->ds);
    g->ny = GDALGetRasterYSize(src->ds);
    if (GDALGetGeoTransform(src->ds, g->gt) != CE_None) {
        rs_source_close(src);
        return ls_err_set(err, LS_EINVAL, path, NULL, "geotransform",
                          "the raster has no georeferencing");
    }
    rc = rs_grid_set_crs(g, GDALGetProjectionRef(src->ds), path, err);
    if (rc) {
        rs_source_close(src);
        return rc;
    }
    src->type = GDALGetRasterDataType(src->band);
    if (GDALDataTypeIsComplex(src->type)) {
        rs_source_close(src);
        return ls_err_set(err, LS_EUNSUPP, path, NULL, "type",
                          "complex rasters (%s) are not "
                          "supported",
                          GDALGetDataTypeName(src->type));
    }
    src->nodata = GDALGetRasterNoDataValue(src->band, &src->has_nodata);
    return 0;
}

/* Whether an array of `type` on grid can be wrapped as a raster. */
static int wrappable(const char *name, const struct rs_grid *grid, GDALDataType type,
                     const void *cells, struct ls_err *err)
{
    if (type != GDT_Float32 && type != GDT_Float64)
        return ls_err_set(err, LS_EINVAL, name, NULL, "type",
                          "an in-memory raster must be Float32 or Float64, not %s",
                          GDALGetDataTypeName(type));
    if (!cells || grid->nx <= 0 || grid->ny <= 0)
        return ls_err_set(err, LS_EINVAL, name, NULL, "cells", "no cells to wrap (%ldx%ld)",
                          grid->nx, grid->ny);
    return 0;
}

int rs_source_wrap(const char *name, const struct rs_grid *grid, GDALDataType type,
                   const void *cells, struct rs_source *src, struct ls_err *err)
{
    memset(src, 0, sizeof *src);
    int rc = wrappable(name, grid, type, cells, err);
    if (rc)
        return rc;
    snprintf(src->path, sizeof src->path, "%s", name);
    src->band_index = 1;
    src->grid = *grid;
    src->type = type;
    src->cells = cells;
    return 0;
}

int rs_source_reopen(const struct rs_source *from, struct rs_source *src, struct ls_err *err)
{
    *src = *from;
    src->ds = NULL;
    src->band = NULL;
    return src->cells ? 0 : open_band(src, err);
}

void rs_source_close(struct rs_source *src)
{
    if (src && src->ds)
        GDALClose(src->ds);
    if (src) {
        src->ds = NULL;
        src->band = NULL;
    }
}

/* Converts n values between Float32 and Float64 (either way, or the same type). It is on
 * the hot path of in-memory map algebra, where these loops beat GDALCopyWords (measured with
 * bench/algebra_bench: 1.5-1.6x against 1.7-2.1x the streaming triad's time). */
static void convert(const void *in, GDALDataType in_type, void *out, GDALDataType out_type,
                    size_t n)
{
    if (in_type == out_type)
        memcpy(out, in, n * (in_type == GDT_Float64 ? 8 : 4));
    else if (out_type == GDT_Float64)
        for (size_t i = 0; i < n; i++)
            ((double *)out)[i] = ((const float *)in)[i];
    else
        for (size_t i = 0; i < n; i++)
            ((float *)out)[i] = (float)((const double *)in)[i];
}

static size_t cell_size(GDALDataType type)
{
    return type == GDT_Float64 ? 8 : 4;
}

/* Copies a window of a wrapped array into dst (rows `stride` values apart), converting. */
static void copy_cells(const struct rs_source *src, long c0, long r0, long ncols, long nrows,
                       char *dst, GDALDataType buftype, size_t stride)
{
    size_t nx = (size_t)src->grid.nx;
    for (long r = 0; r < nrows; r++)
        convert((const char *)src->cells +
                    ((size_t)(r0 + r) * nx + (size_t)c0) * cell_size(src->type),
                src->type, dst + (size_t)r * stride * cell_size(buftype), buftype, (size_t)ncols);
}

/* Reads the part of the window inside the grid into buf (typed), the rest set to NaN. */
static int read_window(struct rs_source *src, long col0, long row0, long ncols, long nrows,
                       void *buf, GDALDataType buftype, struct ls_err *err)
{
    size_t esz = (size_t)GDALGetDataTypeSizeBytes(buftype);
    long c0 = col0 < 0 ? 0 : col0, r0 = row0 < 0 ? 0 : row0;
    long c1 = col0 + ncols > src->grid.nx ? src->grid.nx : col0 + ncols;
    long r1 = row0 + nrows > src->grid.ny ? src->grid.ny : row0 + nrows;
    int partial = c0 != col0 || r0 != row0 || c1 != col0 + ncols || r1 != row0 + nrows;
    size_t n = (size_t)ncols * (size_t)nrows;
    if (partial) {
        if (buftype == GDT_Float64)
            for (size_t i = 0; i < n; i++)
                ((double *)buf)[i] = NAN;
        else
            for (size_t i = 0; i < n; i++)
                ((float *)buf)[i] = NAN;
    }
    if (c1 <= c0 || r1 <= r0)
        return 0;
    char *dst = (char *)buf + ((size_t)(r0 - row0) * (size_t)ncols + (size_t)(c0 - col0)) * esz;
    if (src->cells) {
        copy_cells(src, c0, r0, c1 - c0, r1 - r0, dst, buftype, (size_t)ncols);
        return 0;
    }
    geo_ogr_capture_begin();
    CPLErr e = GDALRasterIOEx(src->band, GF_Read, (int)c0, (int)r0, (int)(c1 - c0), (int)(r1 - r0),
                              dst, (int)(c1 - c0), (int)(r1 - r0), buftype, (GSpacing)esz,
                              (GSpacing)(esz * (size_t)ncols), NULL);
    geo_ogr_capture_end();
    if (e != CE_None) {
        char where[96];
        snprintf(where, sizeof where, "rows %ld-%ld", r0, r1 - 1);
        return ls_err_set(err, LS_EINVAL, src->path, where, NULL, "cannot read (corrupt file?): %s",
                          geo_ogr_last_error());
    }
    return 0;
}

/* Turns the band's nodata into NaN: the value as stored, and as a Float32 band rounds it. */
#define NODATA_TO_NAN(src, buf, n)                                           \
    do {                                                                     \
        double nd_ = (src)->nodata;                                          \
        double ndf_ = (src)->type == GDT_Float32 ? (double)(float)nd_ : nd_; \
        for (size_t i_ = 0; i_ < (n); i_++)                                  \
            if ((double)(buf)[i_] == nd_ || (double)(buf)[i_] == ndf_)       \
                (buf)[i_] = NAN;                                             \
    } while (0)

int rs_source_read(struct rs_source *src, long col0, long row0, long ncols, long nrows, double *buf,
                   struct ls_err *err)
{
    int rc = read_window(src, col0, row0, ncols, nrows, buf, GDT_Float64, err);
    if (!rc && src->has_nodata)
        NODATA_TO_NAN(src, buf, (size_t)ncols * (size_t)nrows);
    return rc;
}

int rs_source_read_f32(struct rs_source *src, long col0, long row0, long ncols, long nrows,
                       float *buf, struct ls_err *err)
{
    int rc = read_window(src, col0, row0, ncols, nrows, buf, GDT_Float32, err);
    if (!rc && src->has_nodata)
        NODATA_TO_NAN(src, buf, (size_t)ncols * (size_t)nrows);
    return rc;
}

/* ---- sinks ---- */

/* Full-width writes are gathered into whole rows of 256-row blocks before they reach GDAL,
 * so the file's tiles are written in the same order whatever strip height the caller used,
 * and the bytes are the same. */
#define SINK_BLOCK_ROWS 256

struct rs_sink {
    char path[1024], tmp[1100];
    GDALDatasetH ds;
    GDALRasterBandH band;
    struct rs_sink_opts opts;
    double nodata;
    long nx;
    double *rows;     /* SINK_BLOCK_ROWS × nx converted values */
    long row0, nrows; /* rows held in `rows` */
    void *cells;      /* a wrapped array of opts.type instead of a file, or NULL */
    long ny;          /* rows of the wrapped array */
};

double rs_default_nodata(GDALDataType type)
{
    switch (type) {
    case GDT_Byte:
        return 255;
    case GDT_UInt16:
        return 65535;
    case GDT_Int16:
        return -32768;
    case GDT_UInt32:
        return 4294967295.0;
    case GDT_Int32:
        return -2147483648.0;
    default:
        return -9999;
    }
}

GDALDataType rs_type_from_name(const char *name)
{
    static const GDALDataType types[] = { GDT_Byte,  GDT_UInt16,  GDT_Int16,  GDT_UInt32,
                                          GDT_Int32, GDT_Float32, GDT_Float64 };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcasecmp(name, GDALGetDataTypeName(types[i])) == 0)
            return types[i];
    return GDT_Unknown;
}

static int is_float(GDALDataType t)
{
    return t == GDT_Float32 || t == GDT_Float64;
}

int rs_sink_create(const char *path, const struct rs_grid *grid, const struct rs_sink_opts *opts,
                   struct rs_sink **out, struct ls_err *err)
{
    *out = NULL;
    int rc = ls_refuse_existing(path, opts->overwrite, NULL, err);
    if (rc)
        return rc;
    struct rs_sink *s = calloc(1, sizeof *s);
    if (!s)
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    s->opts = *opts;
    if (s->opts.type == GDT_Unknown)
        s->opts.type = GDT_Float32;
    s->nodata = opts->has_nodata ? opts->nodata : rs_default_nodata(s->opts.type);
    s->nx = grid->nx;
    s->rows = malloc((size_t)SINK_BLOCK_ROWS * (size_t)grid->nx * sizeof *s->rows);
    if (!s->rows) {
        free(s);
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory for the write buffer");
    }
    snprintf(s->path, sizeof s->path, "%s", path);
    snprintf(s->tmp, sizeof s->tmp, "%s.tmp-%ld", path, (long)getpid());
    const char *method = opts->compress && *opts->compress ? opts->compress : "ZSTD";
    if (strcasecmp(method, "ZSTD") && strcasecmp(method, "DEFLATE") && strcasecmp(method, "LZW") &&
        strcasecmp(method, "NONE")) {
        free(s->rows);
        free(s);
        return ls_err_set(err, LS_EINVAL, path, NULL, "compress",
                          "unknown compression \"%s\" (ZSTD, DEFLATE, LZW or NONE)", method);
    }
    char threads[32], compress[32];
    snprintf(threads, sizeof threads, "NUM_THREADS=%d", opts->threads > 1 ? opts->threads : 1);
    snprintf(compress, sizeof compress, "COMPRESS=%s", method);
    int none = strcasecmp(method, "NONE") == 0;
    const char *co[] = { "TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "BIGTIFF=IF_SAFER",
                         threads, compress,
                         /* zstd's own default level: GDAL's 9 costs half again the time for
                          * 1.5 % smaller files */
                         "ZSTD_LEVEL=3",
                         /* no predictor for floats: libtiff's floating-point predictor
                          * doubles the time to write and read for files 20 % smaller */
                         none || is_float(s->opts.type) ? NULL : "PREDICTOR=2", NULL };
    GDALDriverH drv = GDALGetDriverByName("GTiff");
    geo_ogr_capture_begin();
    s->ds = drv ? GDALCreate(drv, s->tmp, (int)grid->nx, (int)grid->ny, 1, s->opts.type,
                             (char **)(void *)co)
                : NULL;
    geo_ogr_capture_end();
    if (!s->ds) {
        free(s->rows);
        free(s);
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create: %s", geo_ogr_last_error());
    }
    GDALSetGeoTransform(s->ds, (double *)(uintptr_t)grid->gt);
    if (grid->wkt[0])
        GDALSetProjection(s->ds, grid->wkt);
    s->band = GDALGetRasterBand(s->ds, 1);
    GDALSetRasterNoDataValue(s->band, s->nodata);
    if (opts->description)
        GDALSetDescription(s->band, opts->description);
    if (opts->units)
        GDALSetMetadataItem(s->band, "UNITS", opts->units, NULL);
    *out = s;
    return 0;
}

static int flush_rows(struct rs_sink *s, struct ls_err *err);

int rs_sink_wrap(const char *name, const struct rs_grid *grid, GDALDataType type, void *cells,
                 struct rs_sink **out, struct ls_err *err)
{
    *out = NULL;
    int rc = wrappable(name, grid, type, cells, err);
    if (rc)
        return rc;
    struct rs_sink *s = calloc(1, sizeof *s);
    if (!s)
        return ls_err_set(err, LS_ENOMEM, name, NULL, NULL, "out of memory");
    snprintf(s->path, sizeof s->path, "%s", name);
    s->opts.type = type;
    s->nodata = NAN;
    s->nx = grid->nx;
    s->ny = grid->ny;
    s->cells = cells;
    *out = s;
    return 0;
}

int rs_sink_in_memory(const struct rs_sink *s)
{
    return s->cells != NULL;
}

/* Writes a window into a wrapped array, converting from d (Float64) or f (Float32). */
static int write_cells(struct rs_sink *s, long col0, long row0, long ncols, long nrows,
                       const double *d, const float *f, struct ls_err *err)
{
    if (col0 < 0 || row0 < 0 || ncols < 0 || nrows < 0 || col0 + ncols > s->nx ||
        row0 + nrows > s->ny)
        return ls_err_set(err, LS_EINVAL, s->path, NULL, NULL,
                          "window %ld,%ld %ldx%ld lies outside the %ldx%ld grid", col0, row0, ncols,
                          nrows, s->nx, s->ny);
    GDALDataType in_type = d ? GDT_Float64 : GDT_Float32;
    const char *in = d ? (const char *)d : (const char *)f;
    for (long r = 0; r < nrows; r++)
        convert(in + (size_t)r * (size_t)ncols * cell_size(in_type), in_type,
                (char *)s->cells +
                    ((size_t)(row0 + r) * (size_t)s->nx + (size_t)col0) * cell_size(s->opts.type),
                s->opts.type, (size_t)ncols);
    return 0;
}

static int gdal_write(struct rs_sink *s, long col0, long row0, long ncols, long nrows,
                      GDALDataType type, const void *buf, struct ls_err *err)
{
    geo_ogr_capture_begin();
    CPLErr e = GDALRasterIO(s->band, GF_Write, (int)col0, (int)row0, (int)ncols, (int)nrows,
                            (void *)(uintptr_t)buf, (int)ncols, (int)nrows, type, 0, 0);
    geo_ogr_capture_end();
    if (e != CE_None)
        return ls_err_set(err, LS_EIO, s->path, NULL, NULL, "write failed: %s",
                          geo_ogr_last_error());
    return 0;
}

int rs_sink_write_raw(struct rs_sink *s, long col0, long row0, long ncols, long nrows,
                      GDALDataType type, const void *buf, struct ls_err *err)
{
    if (s->cells) {
        if (type != GDT_Float32 && type != GDT_Float64)
            return ls_err_set(err, LS_EINVAL, s->path, NULL, "type",
                              "an in-memory raster takes Float32 or Float64 values, not %s",
                              GDALGetDataTypeName(type));
        return write_cells(s, col0, row0, ncols, nrows, type == GDT_Float64 ? buf : NULL,
                           type == GDT_Float32 ? buf : NULL, err);
    }
    int rc = flush_rows(s, err);
    s->row0 = row0 + nrows;
    if (!rc)
        rc = gdal_write(s, col0, row0, ncols, nrows, type, buf, err);
    if (!rc && col0 == 0 && ncols == s->nx &&
        (s->row0 % SINK_BLOCK_ROWS == 0 || s->row0 == GDALGetRasterBandYSize(s->band)) &&
        GDALFlushRasterCache(s->band) != CE_None) /* whole rows of tiles: in order, as above */
        rc = ls_err_set(err, LS_EIO, s->path, NULL, NULL, "write failed: %s", geo_ogr_last_error());
    return rc;
}

static int flush_rows(struct rs_sink *s, struct ls_err *err)
{
    if (!s->nrows)
        return 0;
    int rc = gdal_write(s, 0, s->row0, s->nx, s->nrows, GDT_Float64, s->rows, err);
    /* the finished row of tiles goes to the file now, in order: left to GDAL's cache, tiles
     * would be written in eviction order, and the file's bytes would depend on --mem */
    if (!rc && GDALFlushRasterCache(s->band) != CE_None)
        rc = ls_err_set(err, LS_EIO, s->path, NULL, NULL, "write failed: %s", geo_ogr_last_error());
    s->row0 += s->nrows;
    s->nrows = 0;
    return rc;
}

/* Converts and queues full-width rows (NaN → nodata, rounding for integer types). */
static int write_converted(struct rs_sink *s, long col0, long row0, long ncols, long nrows,
                           const double *d, const float *f, struct ls_err *err)
{
    if (s->cells)
        return write_cells(s, col0, row0, ncols, nrows, d, f, err);
    int integer = !is_float(s->opts.type);
    size_t nx = (size_t)s->nx;
    if (col0 != 0 || ncols != s->nx || row0 != s->row0 + s->nrows) {
        /* not the next full rows: write through, one row at a time */
        int rc = flush_rows(s, err);
        for (long r = 0; !rc && r < nrows; r++) {
            for (long c = 0; c < ncols; c++) {
                size_t i = (size_t)r * (size_t)ncols + (size_t)c;
                double v = d ? d[i] : (double)f[i];
                s->rows[c] = isnan(v) ? s->nodata : integer ? nearbyint(v) : v;
            }
            rc = gdal_write(s, col0, row0 + r, ncols, 1, GDT_Float64, s->rows, err);
        }
        s->row0 = row0 + nrows;
        return rc;
    }
    for (long r = 0; r < nrows; r++) {
        double *dst = s->rows + (size_t)s->nrows * nx;
        for (size_t c = 0; c < nx; c++) {
            size_t i = (size_t)r * nx + c;
            double v = d ? d[i] : (double)f[i];
            dst[c] = isnan(v) ? s->nodata : integer ? nearbyint(v) : v;
        }
        if (++s->nrows == SINK_BLOCK_ROWS) {
            int rc = flush_rows(s, err);
            if (rc)
                return rc;
        }
    }
    return 0;
}

int rs_sink_write(struct rs_sink *s, long col0, long row0, long ncols, long nrows,
                  const double *buf, struct ls_err *err)
{
    return write_converted(s, col0, row0, ncols, nrows, buf, NULL, err);
}

int rs_sink_write_f32(struct rs_sink *s, long col0, long row0, long ncols, long nrows,
                      const float *buf, struct ls_err *err)
{
    return write_converted(s, col0, row0, ncols, nrows, NULL, buf, err);
}

static int to_cog(struct rs_sink *s, const char *cogtmp, struct ls_err *err)
{
    GDALDatasetH src = GDALOpen(s->tmp, GA_ReadOnly);
    if (!src)
        return ls_err_set(err, LS_EIO, s->path, NULL, NULL, "cannot reopen for COG");
    char threads[32];
    snprintf(threads, sizeof threads, "NUM_THREADS=%d", s->opts.threads > 1 ? s->opts.threads : 1);
    const char *argv[] = {
        "-of", "COG",
        "-co", "COMPRESS=ZSTD",
        "-co", is_float(s->opts.type) ? "PREDICTOR=FLOATING_POINT" : "PREDICTOR=YES",
        "-co", is_float(s->opts.type) ? "RESAMPLING=AVERAGE" : "RESAMPLING=NEAREST",
        "-co", threads,
        NULL
    };
    GDALTranslateOptions *o = GDALTranslateOptionsNew((char **)(void *)argv, NULL);
    geo_ogr_capture_begin();
    GDALDatasetH dst = o ? GDALTranslate(cogtmp, src, o, NULL) : NULL;
    geo_ogr_capture_end();
    GDALTranslateOptionsFree(o);
    GDALClose(src);
    if (!dst)
        return ls_err_set(err, LS_ELIB, s->path, NULL, NULL, "COG conversion failed: %s",
                          geo_ogr_last_error());
    GDALClose(dst);
    return 0;
}

int rs_sink_commit(struct rs_sink *s, struct ls_err *err)
{
    if (s->cells) {
        free(s);
        return 0;
    }
    int rc = flush_rows(s, err);
    geo_ogr_capture_begin();
    CPLErrorReset();
    GDALClose(s->ds);
    CPLErr e = CPLGetLastErrorType();
    geo_ogr_capture_end();
    s->ds = NULL;
    if (!rc && e >= CE_Failure)
        rc = ls_err_set(err, LS_EIO, s->path, NULL, NULL, "cannot finish writing: %s",
                        geo_ogr_last_error());
    const char *final_tmp = s->tmp;
    char cogtmp[1200];
    if (!rc && s->opts.cog) {
        snprintf(cogtmp, sizeof cogtmp, "%s.cog", s->tmp);
        rc = to_cog(s, cogtmp, err);
        unlink(s->tmp);
        final_tmp = cogtmp;
    }
    if (!rc && rename(final_tmp, s->path) != 0)
        rc = ls_err_set(err, LS_EIO, s->path, NULL, NULL, "cannot move the result into place");
    if (rc)
        unlink(final_tmp);
    free(s->rows);
    free(s);
    return rc;
}

void rs_sink_abort(struct rs_sink *s)
{
    if (!s)
        return;
    if (s->cells) {
        free(s);
        return;
    }
    if (s->ds)
        GDALClose(s->ds);
    unlink(s->tmp);
    free(s->rows);
    free(s);
}
