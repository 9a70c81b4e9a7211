/* raster/basemap — see basemap.h. */
#include "raster/basemap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include "raster/grid.h"
#include "raster/io.h"
#include "raster/render.h"

/* Muted colours of the first-level classes (TD/T 1055—2019 §5): a basemap sits under the
 * control lines and patches, so it is paler than the map's own class colours. */
static const unsigned char class_rgb[13][3] = {
    { 232, 232, 228 }, /* no class */
    { 239, 228, 176 }, /* 01 耕地 */
    { 227, 208, 154 }, /* 02 园地 */
    { 156, 197, 154 }, /* 03 林地 */
    { 200, 222, 166 }, /* 04 草地 */
    { 230, 184, 176 }, /* 05 商业服务业用地 */
    { 217, 170, 168 }, /* 06 工矿用地 */
    { 232, 196, 188 }, /* 07 住宅用地 */
    { 224, 200, 200 }, /* 08 公共管理与公共服务用地 */
    { 216, 192, 192 }, /* 09 特殊用地 */
    { 205, 205, 205 }, /* 10 交通运输用地 */
    { 169, 207, 238 }, /* 11 水域及水利设施用地 */
    { 226, 226, 220 }, /* 12 其他土地 */
};

static const unsigned char sea_rgb[3] = { 170, 211, 223 };

/* Hillshade of a flat cell under the multidirectional light (altitude 45°): 255·sin 45°. */
#define FLAT_SHADE 180.0
#define STRIP_ROWS 256

static const unsigned char *colour_of(int code)
{
    int first = code / 100; /* DLBM 0301 is stored as 301 */
    return first >= 1 && first <= 12 && code % 100 ? class_rgb[first] : class_rgb[0];
}

static GDALDatasetH hillshade(GDALDatasetH dem)
{
    /* vertical exaggeration 2: the demo's and most counties' 30 m relief reads flat at 1 */
    const char *argv[] = { "-of", "MEM", "-compute_edges", "-multidirectional", "-z", "2", NULL };
    GDALDEMProcessingOptions *o = GDALDEMProcessingOptionsNew((char **)(void *)argv, NULL);
    GDALDatasetH hs = o ? GDALDEMProcessing("", dem, "hillshade", NULL, o, NULL) : NULL;
    GDALDEMProcessingOptionsFree(o);
    return hs;
}

/* One strip of rows, composed into rgba (4 bytes a pixel). */
static int compose_strip(GDALDatasetH dem, GDALDatasetH lc, GDALDatasetH hs, int row, int rows,
                         unsigned char *rgba, float *elev, int *code, unsigned char *shade)
{
    int nx = GDALGetRasterXSize(dem);
    GDALRasterBandH eb = GDALGetRasterBand(dem, 1), lb = GDALGetRasterBand(lc, 1);
    if (GDALRasterIO(eb, GF_Read, 0, row, nx, rows, elev, nx, rows, GDT_Float32, 0, 0) != CE_None ||
        GDALRasterIO(lb, GF_Read, 0, row, nx, rows, code, nx, rows, GDT_Int32, 0, 0) != CE_None ||
        GDALRasterIO(GDALGetRasterBand(hs, 1), GF_Read, 0, row, nx, rows, shade, nx, rows, GDT_Byte,
                     0, 0) != CE_None)
        return -1;
    int has_end = 0, has_lnd = 0;
    double end = GDALGetRasterNoDataValue(eb, &has_end),
           lnd = GDALGetRasterNoDataValue(lb, &has_lnd);
    for (size_t i = 0; i < (size_t)nx * (size_t)rows; i++) {
        unsigned char *px = rgba + 4 * i;
        int no_elev = !isfinite(elev[i]) || (has_end && elev[i] == (float)end);
        int no_class = has_lnd && code[i] == (int)lnd;
        if (no_elev && no_class) {
            memset(px, 0, 4);
            continue;
        }
        /* outside the survey: sea where the DEM is at or below sea level, else neutral */
        const unsigned char *c = !no_class                  ? colour_of(code[i])
                                 : !no_elev && elev[i] <= 0 ? sea_rgb
                                                            : class_rgb[0];
        double f = no_elev || !shade[i] ? 1.0 : shade[i] / FLAT_SHADE;
        f = f < 0.55 ? 0.55 : f > 1.12 ? 1.12 : f;
        for (int k = 0; k < 3; k++) {
            double v = c[k] * f;
            px[k] = (unsigned char)(v > 255 ? 255 : lround(v));
        }
        px[3] = 255;
    }
    return 0;
}

int rs_basemap_compose(const char *elevation, const char *landcover, const char *out,
                       struct ls_err *err)
{
    struct rs_source sd, sl;
    memset(&sd, 0, sizeof sd);
    memset(&sl, 0, sizeof sl);
    int rc = rs_source_open(elevation, 1, &sd, err);
    if (!rc)
        rc = rs_source_open(landcover, 1, &sl, err);
    GDALDatasetH dem = sd.ds, lc = sl.ds, hs = NULL, dst = NULL;
    unsigned char *rgba = NULL, *shade = NULL;
    float *elev = NULL;
    int *code = NULL;
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp.tif", out);
    if (rc)
        goto done;
    if (!rs_grid_same(&sd.grid, &sl.grid)) {
        rc = ls_err_set(err, LS_EINVAL, landcover, NULL, "landcover",
                        "the land cover is not on the DEM's grid (%s): same size, origin, cell "
                        "size and CRS are needed",
                        elevation);
        goto done;
    }
    if (!(hs = hillshade(dem))) {
        rc = ls_err_set(err, LS_ELIB, elevation, NULL, NULL, "gdaldem hillshade failed");
        goto done;
    }
    int nx = GDALGetRasterXSize(dem), ny = GDALGetRasterYSize(dem);
    const char *co[] = { "TILED=YES", "COMPRESS=DEFLATE", "PHOTOMETRIC=RGB", "ALPHA=YES", NULL };
    GDALDriverH gtiff = GDALGetDriverByName("GTiff");
    dst = gtiff ? GDALCreate(gtiff, tmp, nx, ny, 4, GDT_Byte, (char **)(void *)co) : NULL;
    size_t strip = (size_t)nx * STRIP_ROWS;
    rgba = malloc(strip * 4);
    elev = malloc(strip * sizeof *elev);
    code = malloc(strip * sizeof *code);
    shade = malloc(strip);
    if (!dst || !rgba || !elev || !code || !shade) {
        rc = ls_err_set(err, LS_EIO, out, NULL, NULL, "cannot create the basemap");
        goto done;
    }
    double gt[6];
    GDALGetGeoTransform(dem, gt);
    GDALSetGeoTransform(dst, gt);
    GDALSetSpatialRef(dst, GDALGetSpatialRef(dem));
    for (int row = 0; row < ny && !rc; row += STRIP_ROWS) {
        int rows = ny - row < STRIP_ROWS ? ny - row : STRIP_ROWS;
        if (compose_strip(dem, lc, hs, row, rows, rgba, elev, code, shade) ||
            GDALDatasetRasterIO(dst, GF_Write, 0, row, nx, rows, rgba, nx, rows, GDT_Byte, 4, NULL,
                                4, 4 * nx, 1) != CE_None)
            rc = ls_err_set(err, LS_EIO, out, NULL, NULL, "cannot write rows %d–%d", row,
                            row + rows - 1);
    }
    /* overviews, so a zoomed-out tile reads a few hundred pixels and not the whole county */
    int levels[] = { 2, 4, 8, 16, 32 }, n_levels = 0;
    while (n_levels < 5 && (nx > 256 * levels[n_levels] / 2 || ny > 256 * levels[n_levels] / 2))
        n_levels++;
    if (!rc && n_levels &&
        GDALBuildOverviews(dst, "AVERAGE", n_levels, levels, 0, NULL, NULL, NULL) != CE_None)
        rc = ls_err_set(err, LS_ELIB, out, NULL, NULL, "cannot build the overviews");
done:
    if (dst && !rc) {
        CPLErrorReset();
        GDALClose(dst);
        if (CPLGetLastErrorType() >= CE_Failure)
            rc = ls_err_set(err, LS_EIO, out, NULL, NULL, "cannot write the basemap");
    } else if (dst) {
        GDALClose(dst);
    }
    if (!rc && rename(tmp, out) != 0)
        rc = ls_err_set(err, LS_EIO, out, NULL, NULL, "cannot move the basemap into place");
    if (rc && dst)
        remove(tmp);
    if (hs)
        GDALClose(hs);
    rs_source_close(&sd);
    rs_source_close(&sl);
    free(rgba);
    free(elev);
    free(code);
    free(shade);
    return rc;
}

/* Web Mercator's half-width: π·a with a = 6378137 m (EPSG:3857). */
#define MERC_HALF 20037508.342789244

int rs_tile_check(int z, long x, long y, struct ls_err *err)
{
    if (z < 0 || z > RS_TILE_MAX_ZOOM)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "z", "zoom %d is not 0..%d", z,
                          RS_TILE_MAX_ZOOM);
    long n = 1L << z;
    if (x < 0 || x >= n || y < 0 || y >= n)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, x < 0 || x >= n ? "x" : "y",
                          "tile %ld/%ld is not in zoom %d's 0..%ld", x, y, z, n - 1);
    return 0;
}

int rs_basemap_tile(const char *composite, int z, long x, long y, unsigned char **png, size_t *len,
                    struct ls_err *err)
{
    *png = NULL;
    *len = 0;
    int rc = rs_tile_check(z, x, y, err);
    if (rc)
        return rc;
    long n = 1L << z;
    GDALDatasetH src = GDALOpen(composite, GA_ReadOnly);
    if (!src)
        return ls_err_set(err, LS_EIO, composite, NULL, NULL, "cannot open the basemap");
    GDALDriverH mem = GDALGetDriverByName("MEM");
    GDALDatasetH dst = mem ? GDALCreate(mem, "", RS_TILE_PX, RS_TILE_PX, 4, GDT_Byte, NULL) : NULL;
    unsigned char *rgba = malloc((size_t)RS_TILE_PX * RS_TILE_PX * 4);
    if (!dst || !rgba) {
        rc = ls_err_set(err, LS_ENOMEM, composite, NULL, NULL, "cannot allocate a tile");
        goto done;
    }
    double size = 2 * MERC_HALF / (double)n;
    double gt[6] = { -MERC_HALF + (double)x * size,
                     size / RS_TILE_PX,
                     0,
                     MERC_HALF - (double)y * size,
                     0,
                     -size / RS_TILE_PX };
    GDALSetGeoTransform(dst, gt);
    OGRSpatialReferenceH merc = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(merc, 3857);
    GDALSetSpatialRef(dst, merc);
    OSRDestroySpatialReference(merc);
    GDALSetRasterColorInterpretation(GDALGetRasterBand(dst, 4), GCI_AlphaBand);
    const char *argv[] = { "-r", "bilinear", "-ovr", "AUTO", "-srcalpha", "-dstalpha", NULL };
    GDALWarpAppOptions *o = GDALWarpAppOptionsNew((char **)(void *)argv, NULL);
    int usage = 0;
    GDALDatasetH done_ds = o ? GDALWarp(NULL, dst, 1, &src, o, &usage) : NULL;
    GDALWarpAppOptionsFree(o);
    if (!done_ds ||
        GDALDatasetRasterIO(dst, GF_Read, 0, 0, RS_TILE_PX, RS_TILE_PX, rgba, RS_TILE_PX,
                            RS_TILE_PX, GDT_Byte, 4, NULL, 4, 4 * RS_TILE_PX, 1) != CE_None) {
        rc =
            ls_err_set(err, LS_ELIB, composite, NULL, NULL, "cannot warp tile %d/%ld/%ld", z, x, y);
        goto done;
    }
    if (rs_png_encode_rgba(rgba, RS_TILE_PX, RS_TILE_PX, png, len))
        rc = ls_err_set(err, LS_ELIB, composite, NULL, NULL, "cannot encode tile %d/%ld/%ld", z, x,
                        y);
done:
    if (dst)
        GDALClose(dst);
    GDALClose(src);
    free(rgba);
    return rc;
}
