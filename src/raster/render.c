/* raster/render — see render.h. */
#include "raster/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <gdalwarper.h>
#include <ogr_srs_api.h>

/* Light yellow → dark green, t in [0, 1]. */
static void ramp(double t, unsigned char rgb[3])
{
    static const unsigned char stops[5][3] = {
        { 255, 255, 204 }, { 194, 230, 153 }, { 120, 198, 121 }, { 49, 163, 84 }, { 0, 104, 55 }
    };
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double x = t * 4;
    int i = x >= 4 ? 3 : (int)x;
    double f = x - i;
    for (int k = 0; k < 3; k++)
        rgb[k] = (unsigned char)lround(stops[i][k] + f * (stops[i + 1][k] - stops[i][k]));
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int rs_png_encode_rgba(const unsigned char *rgba, int width, int height, unsigned char **png,
                       size_t *len)
{
    *png = NULL;
    *len = 0;
    GDALDriverH mem = GDALGetDriverByName("MEM"), pngd = GDALGetDriverByName("PNG");
    GDALDatasetH md = mem && pngd ? GDALCreate(mem, "", width, height, 4, GDT_Byte, NULL) : NULL;
    if (!md)
        return -1;
    int ok = 1;
    for (int k = 0; ok && k < 4; k++)
        ok = GDALRasterIO(GDALGetRasterBand(md, k + 1), GF_Write, 0, 0, width, height,
                          (void *)(rgba + k), width, height, GDT_Byte, 4, 4 * width) == CE_None;
    /* a name of its own per call: several threads encode at once */
    char vpath[64];
    snprintf(vpath, sizeof vpath, "/vsimem/png-%p.png", (void *)md);
    GDALDatasetH out = ok ? GDALCreateCopy(pngd, vpath, md, 0, NULL, NULL, NULL) : NULL;
    if (out)
        GDALClose(out);
    GDALClose(md);
    vsi_l_offset sz = 0;
    GByte *data = out ? VSIGetMemFileBuffer(vpath, &sz, TRUE) : NULL;
    int rc = -1;
    if (data && (*png = malloc((size_t)sz)) != NULL) {
        memcpy(*png, data, (size_t)sz);
        *len = (size_t)sz;
        rc = 0;
    }
    CPLFree(data);
    VSIUnlink(vpath);
    return rc;
}

int rs_render_value_map(const char *path, int encode, unsigned char **png, size_t *len,
                        double bounds[4], double range[2], struct ls_err *err)
{
    *png = NULL;
    *len = 0;
    GDALDatasetH src = GDALOpen(path, GA_ReadOnly);
    if (!src)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot open the raster");
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    char *wkt = NULL;
    OSRExportToWkt(wgs, &wkt);
    OSRDestroySpatialReference(wgs);
    GDALDatasetH vrt = GDALAutoCreateWarpedVRT(src, NULL, wkt, GRA_NearestNeighbour, 0.125, NULL);
    CPLFree(wkt);
    int rc = -1;
    double *buf = NULL;
    unsigned char *rgba = NULL;
    if (vrt) {
        int vx = GDALGetRasterXSize(vrt), vy = GDALGetRasterYSize(vrt);
        double gt[6];
        GDALGetGeoTransform(vrt, gt);
        bounds[0] = gt[0];
        bounds[3] = gt[3];
        bounds[2] = gt[0] + gt[1] * vx;
        bounds[1] = gt[3] + gt[5] * vy;
        double s = fmax(vx, vy) > RS_MAP_MAX_PX ? RS_MAP_MAX_PX / fmax(vx, vy) : 1.0;
        int ox = (int)fmax(1, floor((double)vx * s + 0.5)),
            oy = (int)fmax(1, floor((double)vy * s + 0.5));
        size_t n = (size_t)ox * (size_t)oy;
        buf = malloc(n * sizeof *buf);
        rgba = calloc(n, 4);
        GDALRasterBandH b = GDALGetRasterBand(vrt, 1);
        int has_nd = 0;
        double nd = GDALGetRasterNoDataValue(GDALGetRasterBand(src, 1), &has_nd);
        if (buf && rgba &&
            GDALRasterIO(b, GF_Read, 0, 0, vx, vy, buf, ox, oy, GDT_Float64, 0, 0) == CE_None) {
            double *sorted = malloc(n * sizeof *sorted);
            size_t m = 0;
            for (size_t i = 0; sorted && i < n; i++)
                if (isfinite(buf[i]) && !(has_nd && buf[i] == nd) && buf[i] != 0)
                    sorted[m++] = buf[i];
            if (sorted && m) {
                qsort(sorted, m, sizeof *sorted, cmp_double);
                range[0] = sorted[(size_t)(0.02 * (double)(m - 1))];
                range[1] = sorted[(size_t)(0.98 * (double)(m - 1))];
            } else {
                range[0] = 0;
                range[1] = 1;
            }
            free(sorted);
            double span = range[1] > range[0] ? range[1] - range[0] : 1;
            for (size_t i = 0; i < n; i++) {
                if (!isfinite(buf[i]) || (has_nd && buf[i] == nd) || buf[i] == 0)
                    continue; /* transparent */
                ramp((buf[i] - range[0]) / span, rgba + 4 * i);
                rgba[4 * i + 3] = 210;
            }
            if (!encode) /* ITEM.json: bounds and range only, no image to encode */
                rc = 0;
            if (encode && !rs_png_encode_rgba(rgba, ox, oy, png, len))
                rc = 0;
        }
        GDALClose(vrt);
    }
    if (rc)
        ls_err_set(err, LS_ELIB, path, NULL, NULL, "cannot render the map");
    free(buf);
    free(rgba);
    GDALClose(src);
    return rc;
}
