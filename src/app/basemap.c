/* app/basemap — see basemap.h. */
#include "app/basemap.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <gdal.h>
#include <ogr_srs_api.h>

#include "base/fsutil.h"
#include "raster/basemap.h"

static int newer_or_same(const struct stat *a, const struct stat *b)
{
    return a->st_mtim.tv_sec > b->st_mtim.tv_sec ||
           (a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec >= b->st_mtim.tv_nsec);
}

static int make_dir(const char *dir, struct ls_err *err)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return ls_err_set(err, LS_EIO, dir, NULL, NULL, "cannot create: %s", ls_strerror(errno));
    return 0;
}

int app_basemap_prepare(const char *data, const char *tiles, struct ls_err *err)
{
    char dem[1100], lc[1100], out[1100];
    snprintf(dem, sizeof dem, "%s/elevation.tif", data);
    snprintf(lc, sizeof lc, "%s/landcover.tif", data);
    snprintf(out, sizeof out, "%s/basemap.tif", tiles);
    struct stat sd, sl, so;
    int no_dem = stat(dem, &sd) != 0;
    if (no_dem || stat(lc, &sl) != 0)
        return ls_err_set(err, LS_ENOENT, no_dem ? dem : lc, NULL, NULL,
                          "the county folder has no %s to draw a basemap from",
                          no_dem ? "elevation.tif (DEM)" : "landcover.tif");
    if (stat(out, &so) == 0 && newer_or_same(&so, &sd) && newer_or_same(&so, &sl))
        return 0;
    /* new county data: every cached tile is stale */
    ls_remove_tree(tiles);
    int rc = make_dir(tiles, err);
    return rc ? rc : rs_basemap_compose(dem, lc, out, err);
}

int app_basemap_tile(const char *tiles, int z, long x, long y, char *path, size_t size, int *drawn,
                     struct ls_err *err)
{
    *drawn = 0;
    int rc = rs_tile_check(z, x, y, err);
    if (rc)
        return rc;
    snprintf(path, size, "%s/%d/%ld/%ld.png", tiles, z, x, y);
    struct stat sb;
    if (stat(path, &sb) == 0)
        return 0;
    *drawn = 1;
    char comp[1100], dir[1100];
    snprintf(comp, sizeof comp, "%s/basemap.tif", tiles);
    unsigned char *png = NULL;
    size_t len = 0;
    rc = rs_basemap_tile(comp, z, x, y, &png, &len, err);
    snprintf(dir, sizeof dir, "%s/%d", tiles, z);
    if (!rc)
        rc = make_dir(dir, err);
    snprintf(dir, sizeof dir, "%s/%d/%ld", tiles, z, x);
    if (!rc)
        rc = make_dir(dir, err);
    /* ls_write_file writes through a temporary file of its own: two requests may draw the
     * same tile at once */
    if (!rc)
        rc = ls_write_file(path, png, len, 1, "tile", err);
    free(png);
    return rc;
}

/* XYZ tile column and row of a point at zoom z (spherical Mercator, as EPSG:3857) */
static long tile_x(double lon, int z)
{
    long n = 1L << z, x = (long)floor((lon + 180) / 360 * (double)n);
    return x < 0 ? 0 : x >= n ? n - 1 : x;
}

static long tile_y(double lat, int z)
{
    long n = 1L << z;
    double r = lat * M_PI / 180;
    long y = (long)floor((1 - asinh(tan(r)) / M_PI) / 2 * (double)n);
    return y < 0 ? 0 : y >= n ? n - 1 : y;
}

static int county_lonlat(const char *comp, double box[4], struct ls_err *err)
{
    GDALDatasetH ds = GDALOpen(comp, GA_ReadOnly);
    if (!ds)
        return ls_err_set(err, LS_EIO, comp, NULL, NULL, "cannot open the basemap");
    double gt[6];
    int rc = -1;
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(GDALGetSpatialRef(ds), wgs);
    if (ct && GDALGetGeoTransform(ds, gt) == CE_None) {
        double x1 = gt[0] + gt[1] * GDALGetRasterXSize(ds);
        double y0 = gt[3] + gt[5] * GDALGetRasterYSize(ds);
        if (OCTTransformBounds(ct, gt[0], y0, x1, gt[3], &box[0], &box[1], &box[2], &box[3], 21))
            rc = 0;
    }
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(wgs);
    GDALClose(ds);
    return rc ? ls_err_set(err, LS_ELIB, comp, NULL, NULL, "cannot find the county's extent") : 0;
}

int app_basemap_seed(const char *data, const char *tiles, int zmin, int zmax, long *drawn,
                     long *cached, struct ls_err *err)
{
    *drawn = *cached = 0;
    if (zmin < 0 || zmax > RS_TILE_MAX_ZOOM || zmin > zmax)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "zoom", "zooms %d–%d are not within 0–%d",
                          zmin, zmax, RS_TILE_MAX_ZOOM);
    int rc = app_basemap_prepare(data, tiles, err);
    char comp[1100], path[1200];
    snprintf(comp, sizeof comp, "%s/basemap.tif", tiles);
    double box[4];
    if (!rc)
        rc = county_lonlat(comp, box, err);
    for (int z = zmin; z <= zmax && !rc; z++)
        for (long x = tile_x(box[0], z); x <= tile_x(box[2], z) && !rc; x++)
            for (long y = tile_y(box[3], z); y <= tile_y(box[1], z) && !rc; y++) {
                int now = 0;
                rc = app_basemap_tile(tiles, z, x, y, path, sizeof path, &now, err);
                (*(now ? drawn : cached))++;
            }
    return rc;
}
