/*
 * raster/probe — one cell under a lon/lat point.
 */
#include "raster/probe.h"

#include <math.h>
#include <string.h>

#include <gdal.h>
#include <ogr_srs_api.h>

int rs_probe_at(const char *path, double lon, double lat, struct rs_probe *p, struct ls_err *err)
{
    memset(p, 0, sizeof *p);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot open the raster");
    double gt[6], inv[6];
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL), srs = NULL;
    OGRCoordinateTransformationH ct = NULL;
    int rc = 0;
    const OGRSpatialReferenceH given = GDALGetSpatialRef(ds);
    if (GDALGetGeoTransform(ds, gt) != CE_None || !GDALInvGeoTransform(gt, inv) || !given) {
        rc = ls_err_set(err, LS_EINVAL, path, NULL, NULL, "the raster has no georeferencing");
        goto done;
    }
    srs = OSRClone(given);
    /* longitude first on both sides, whatever the authorities' axis order */
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    OSRImportFromEPSG(wgs, 4326);
    ct = OCTNewCoordinateTransformation(wgs, srs);
    double x = lon, y = lat;
    if (!ct || !OCTTransform(ct, 1, &x, &y, NULL)) {
        rc = ls_err_set(err, LS_EINVAL, path, NULL, "lon",
                        "the point cannot be put in the raster's CRS");
        goto done;
    }
    double c = inv[0] + inv[1] * x + inv[2] * y, r = inv[3] + inv[4] * x + inv[5] * y;
    p->col = (long)floor(c);
    p->row = (long)floor(r);
    p->cell_m2 = fabs(gt[1] * gt[5] - gt[2] * gt[4]);
    if (c < 0 || r < 0 || p->col >= GDALGetRasterXSize(ds) || p->row >= GDALGetRasterYSize(ds))
        goto done;
    p->inside = 1;
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    double v = 0;
    if (GDALRasterIO(b, GF_Read, (int)p->col, (int)p->row, 1, 1, &v, 1, 1, GDT_Float64, 0, 0) !=
        CE_None) {
        rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot read cell (%ld, %ld)", p->col,
                        p->row);
        goto done;
    }
    int has = 0;
    double nd = GDALGetRasterNoDataValue(b, &has);
    p->nodata = (has && (v == nd || (isnan(nd) && isnan(v)))) || isnan(v);
    p->value = p->nodata ? 0 : v;
done:
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(wgs);
    if (srs)
        OSRDestroySpatialReference(srs);
    GDALClose(ds);
    return rc;
}
