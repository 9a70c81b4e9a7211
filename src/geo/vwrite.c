/* geo/vwrite — see vwrite.h. */
#include "geo/vwrite.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "base/fsutil.h"
#include "geo/ogr_bridge.h"
#include "geo/transform.h"

struct geo_vwriter {
    GDALDatasetH ds;
    OGRLayerH layer;
    char target[1024];  /* final path */
    char tmpdir[1100];  /* temporary folder holding the files being built */
    char tmppath[1400]; /* the file inside it */
    char driver[32];
    char encoding[16];
    int layers;
    int in_tx;
    int fixed_date;    /* OGR_CURRENT_DATE set for this thread until the file is closed */
    long long written; /* features accepted by the driver, for the read-back check */
};

static void close_dataset(struct geo_vwriter *w)
{
    GDALClose(w->ds);
    w->ds = NULL;
    if (w->fixed_date)
        CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", NULL);
    w->fixed_date = 0;
}

static int ext_is(const char *path, const char *ext)
{
    const char *dot = strrchr(path, '.');
    return dot && !strcasecmp(dot + 1, ext);
}

int geo_vwriter_open(const char *path, const struct geo_vwriter_opts *opts,
                     struct geo_vwriter **out, struct ls_err *err)
{
    struct geo_vwriter_opts o = { 0 };
    if (opts)
        o = *opts;
    const char *driver = ext_is(path, "gpkg")                                ? "GPKG"
                         : (ext_is(path, "geojson") || ext_is(path, "json")) ? "GeoJSON"
                         : ext_is(path, "shp")                               ? "ESRI Shapefile"
                                                                             : NULL;
    if (!driver)
        return ls_err_set(err, LS_EINVAL, path, NULL, "output",
                          "unknown output format: use .gpkg, .geojson or .shp");
    int rc0 = ls_refuse_existing(path, o.overwrite, "output", err);
    if (rc0)
        return rc0;
    struct geo_vwriter *w = calloc(1, sizeof *w);
    if (!w)
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    snprintf(w->target, sizeof w->target, "%s", path);
    snprintf(w->driver, sizeof w->driver, "%s", driver);
    snprintf(w->encoding, sizeof w->encoding, "%s", o.encoding ? o.encoding : "UTF-8");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    snprintf(w->tmpdir, sizeof w->tmpdir, "%s/.liangshan-tmp-%ld", dir, (long)getpid());
    if (mkdir(w->tmpdir, 0755) != 0 && errno != EEXIST) {
        int rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create a temporary folder: %s",
                            ls_strerror(errno));
        free(w);
        return rc;
    }
    snprintf(w->tmppath, sizeof w->tmppath, "%s/%s", w->tmpdir, base);
    GDALDriverH drv = GDALGetDriverByName(driver);
    if (o.fixed_date) {
        CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", o.fixed_date);
        w->fixed_date = 1;
    }
    geo_ogr_capture_begin();
    w->ds = drv ? GDALCreate(drv, w->tmppath, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    geo_ogr_capture_end();
    if (!w->ds) {
        int rc =
            ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create: %s", geo_ogr_last_error());
        if (w->fixed_date)
            CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", NULL);
        geo_vwriter_abort(w);
        return rc;
    }
    *out = w;
    return 0;
}

int geo_vwriter_layer(struct geo_vwriter *w, const char *name, const struct geo_crs *crs,
                      OGRwkbGeometryType type, struct ls_err *err)
{
    if (w->in_tx) {
        GDALDatasetCommitTransaction(w->ds);
        w->in_tx = 0;
    }
    if (w->layers && strcmp(w->driver, "GPKG"))
        return ls_err_set(err, LS_EINVAL, w->target, NULL, "layer",
                          "%s holds one layer; write \"%s\" to its own file", w->driver, name);
    OGRSpatialReferenceH srs = crs ? geo_crs_to_ogr(crs) : NULL;
    char enc[40];
    snprintf(enc, sizeof enc, "ENCODING=%s", w->encoding);
    const char *shp_opts[] = { enc, NULL };
    const char *json_opts[] = { "RFC7946=YES", "WRITE_BBOX=NO", NULL };
    const char *gpkg_opts[] = { "SPATIAL_INDEX=YES", NULL };
    const char **lco = !strcmp(w->driver, "ESRI Shapefile") ? shp_opts
                       : !strcmp(w->driver, "GeoJSON")      ? json_opts
                                                            : gpkg_opts;
    geo_ogr_capture_begin();
    w->layer = GDALDatasetCreateLayer(w->ds, name, srs, type, (char **)(void *)lco);
    geo_ogr_capture_end();
    if (srs)
        OSRRelease(srs);
    if (!w->layer)
        return ls_err_set(err, LS_ELIB, w->target, NULL, "layer", "cannot create layer %s: %s",
                          name, geo_ogr_last_error());
    w->layers++;
    return 0;
}

int geo_vwriter_field(struct geo_vwriter *w, const char *name, OGRFieldType type, int width,
                      struct ls_err *err)
{
    OGRFieldDefnH fd = OGR_Fld_Create(name, type);
    if (width > 0)
        OGR_Fld_SetWidth(fd, width);
    if (type == OFTReal && !strcmp(w->driver, "ESRI Shapefile")) {
        OGR_Fld_SetWidth(fd, 24);
        OGR_Fld_SetPrecision(fd, 6);
    }
    OGRErr e = OGR_L_CreateField(w->layer, fd, 1);
    OGR_Fld_Destroy(fd);
    if (e != OGRERR_NONE)
        return ls_err_set(err, LS_ELIB, w->target, NULL, name, "cannot create the field");
    return 0;
}

OGRFeatureH geo_vwriter_feature(struct geo_vwriter *w)
{
    return OGR_F_Create(OGR_L_GetLayerDefn(w->layer));
}

int geo_vwriter_write(struct geo_vwriter *w, OGRFeatureH f, struct ls_err *err)
{
    if (!w->in_tx) {
        /* One transaction per layer: GeoPackage writes crawl without one. */
        w->in_tx = GDALDatasetStartTransaction(w->ds, 0) == OGRERR_NONE;
    }
    geo_ogr_capture_begin();
    OGRErr e = OGR_L_CreateFeature(w->layer, f);
    geo_ogr_capture_end();
    OGR_F_Destroy(f);
    if (e != OGRERR_NONE)
        return ls_err_set(err, LS_ELIB, w->target, NULL, NULL, "cannot write a feature: %s",
                          geo_ogr_last_error());
    w->written++;
    return 0;
}

/* GDAL's GeoJSON writer prints through VSIFPrintfL and never looks at the result: on a full
 * disk it writes part of the file and reports success (GeoPackage and Shapefile writes
 * fail loudly). The file is therefore read back before it is published: a truncated
 * GeoJSON does not parse, and a whole one holds every feature written. */
static int geojson_read_back(struct geo_vwriter *w, struct ls_err *err)
{
    const char *drivers[] = { "GeoJSON", NULL };
    geo_ogr_capture_begin();
    GDALDatasetH ds =
        GDALOpenEx(w->tmppath, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayer(ds, 0) : NULL;
    long long n = l ? (long long)OGR_L_GetFeatureCount(l, 1) : -1;
    geo_ogr_capture_end();
    if (ds)
        GDALClose(ds);
    if (n != w->written)
        return ls_err_set(err, LS_EIO, w->target, NULL, NULL,
                          "the written file is incomplete (%lld of %lld features readable; is "
                          "the disk full?)",
                          n < 0 ? 0 : n, w->written);
    return 0;
}

int geo_vwriter_commit(struct geo_vwriter *w, struct ls_err *err)
{
    int rc = 0;
    if (w->in_tx && GDALDatasetCommitTransaction(w->ds) != OGRERR_NONE)
        rc = ls_err_set(err, LS_EIO, w->target, NULL, NULL, "commit failed");
    w->in_tx = 0;
    CPLErrorReset();
    close_dataset(w); /* void in GDAL 3.6: a failure shows as the last error */
    if (CPLGetLastErrorType() >= CE_Failure && !rc)
        rc = ls_err_set(err, LS_EIO, w->target, NULL, NULL, "close failed: %s",
                        CPLGetLastErrorMsg());
    if (!rc && !strcmp(w->driver, "GeoJSON"))
        rc = geojson_read_back(w, err);
    if (!rc) {
        /* Move every file GDAL made (the .shp family, or one .gpkg) next to the target. */
        char dir[1024];
        snprintf(dir, sizeof dir, "%s", w->target);
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        else
            snprintf(dir, sizeof dir, ".");
        DIR *d = opendir(w->tmpdir);
        struct dirent *e;
        while (d && !rc && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char from[1400], to[1400];
            snprintf(from, sizeof from, "%s/%s", w->tmpdir, e->d_name);
            snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
            if (rename(from, to) != 0)
                rc = ls_err_set(err, LS_EIO, to, NULL, NULL, "cannot move into place: %s",
                                ls_strerror(errno));
        }
        if (d)
            closedir(d);
    }
    ls_remove_tree(w->tmpdir);
    free(w);
    return rc;
}

void geo_vwriter_abort(struct geo_vwriter *w)
{
    if (!w)
        return;
    if (w->ds) {
        if (w->in_tx)
            GDALDatasetRollbackTransaction(w->ds);
        close_dataset(w);
    }
    ls_remove_tree(w->tmpdir);
    free(w);
}
