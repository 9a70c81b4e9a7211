/*
 * demo/rasters — the county's GeoTIFFs, all on one grid (EPSG:4528, 30 m): tiled 256×256,
 * ZSTD-compressed with a predictor, units in the GDAL metadata. Land cover carries the survey
 * land-class code as a number (0101 → 101), 0 = outside the county; landcover_classes.csv
 * names them. No timestamps are written, so the files are byte-identical for a seed.
 */
#include <stdio.h>
#include <string.h>

#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "demo/internal.h"
#include "geo/ogr_bridge.h"

struct raster_spec {
    const char *file, *description, *units;
    const void *data;
    GDALDataType type;
    int has_nodata;
    double nodata;
};

static int write_one(const struct demo_county *c, const char *dir, const struct raster_spec *r,
                     struct ls_err *err)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, r->file);
    GDALDriverH drv = GDALGetDriverByName("GTiff");
    const char *opts[] = { "TILED=YES",
                           "BLOCKXSIZE=256",
                           "BLOCKYSIZE=256",
                           "COMPRESS=ZSTD",
                           r->type == GDT_Float32 ? "PREDICTOR=3" : "PREDICTOR=2",
                           "BIGTIFF=IF_SAFER",
                           NULL };
    geo_ogr_capture_begin();
    GDALDatasetH ds = GDALCreate(drv, path, c->nx, c->ny, 1, r->type, (char **)(void *)opts);
    geo_ogr_capture_end();
    if (!ds)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create: %s", geo_ogr_last_error());
    double gt[6] = { c->x0, c->cell, 0, c->y0, 0, -c->cell };
    GDALSetGeoTransform(ds, gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, DEMO_EPSG);
    GDALSetSpatialRef(ds, srs);
    OSRRelease(srs);
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    GDALSetDescription(b, r->description);
    GDALSetMetadataItem(b, "UNITS", r->units, NULL);
    if (r->has_nodata)
        GDALSetRasterNoDataValue(b, r->nodata);
    CPLErr e = GDALRasterIO(b, GF_Write, 0, 0, c->nx, c->ny, (void *)(uintptr_t)r->data, c->nx,
                            c->ny, r->type, 0, 0);
    GDALClose(ds);
    if (e != CE_None)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "write failed");
    return 0;
}

int demo_write_rasters(const struct demo_county *c, const char *dir, struct ls_err *err)
{
    const struct raster_spec specs[] = {
        { "elevation.tif", "elevation above the 1985 national height datum (sea: depth)", "m",
          c->elev, GDT_Float32, 0, 0 },
        { "landcover.tif", "land-survey class code (TD/T 1055-2019) as a number; 0 = none", "class",
          c->lc, GDT_UInt16, 1, 0 },
        { "landcover_2022.tif",
          "land cover of 2022 (survey code as a number), before 2023's change", "class",
          c->lc_before, GDT_UInt16, 1, 0 },
        { "precipitation.tif", "annual precipitation", "mm/yr", c->precip, GDT_Float32, 0, 0 },
        { "et0.tif", "annual reference evapotranspiration", "mm/yr", c->et0, GDT_Float32, 0, 0 },
        { "soil_depth.tif", "root-restricting layer depth", "mm", c->soil_depth, GDT_Float32, 1,
          -9999 },
        { "pawc.tif", "plant-available water content", "fraction", c->pawc, GDT_Float32, 1, -9999 },
        { "erodibility.tif", "soil erodibility K", "t*ha*h/(ha*MJ*mm)", c->kfac, GDT_Float32, 1,
          -9999 },
        { "erosivity.tif", "rainfall erosivity R", "MJ*mm/(ha*h*yr)", c->rfac, GDT_Float32, 0, 0 },
        { "ndvi.tif", "normalised difference vegetation index", "1", c->ndvi, GDT_Float32, 0, 0 },
        { "npp.tif", "net primary productivity", "gC/m2/yr", c->npp, GDT_Float32, 1, -9999 },
    };
    for (size_t i = 0; i < sizeof specs / sizeof *specs; i++) {
        int rc = write_one(c, dir, &specs[i], err);
        if (rc)
            return rc;
    }
    char path[1200];
    snprintf(path, sizeof path, "%s/landcover_classes.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create");
    fprintf(f, "value,DLBM,DLMC\n");
    size_t n;
    const struct demo_class *cls = demo_classes(&n);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%u,%s,%s\n", cls[i].value, cls[i].dlbm, cls[i].dlmc);
    if (fclose(f) != 0)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "write failed");
    return 0;
}
