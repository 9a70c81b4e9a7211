/* raster/align — GDALWarp onto a target grid, with an overlap check and a report. */
#include "raster/align.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include "base/fsutil.h"
#include "geo/ogr_bridge.h"
#include "geo/transform.h"

int rs_grid_from_extent(const double b[4], double res, const char *crs_wkt, struct rs_grid *g,
                        struct ls_err *err)
{
    memset(g, 0, sizeof *g);
    if (!(res > 0) || !(b[2] > b[0]) || !(b[3] > b[1]))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "extent",
                          "the extent must have xmax > xmin, ymax > ymin and a positive "
                          "resolution");
    g->nx = (long)ceil((b[2] - b[0]) / res - 1e-9);
    g->ny = (long)ceil((b[3] - b[1]) / res - 1e-9);
    double gt[6] = { b[0], res, 0, b[3], 0, -res };
    memcpy(g->gt, gt, sizeof gt);
    return rs_grid_set_crs(g, crs_wkt, NULL, err);
}

static const char *resampling_names[] = { "near",    "bilinear", "cubic", "cubicspline", "lanczos",
                                          "average", "mode",     "max",   "min",         "med",
                                          "q1",      "q3",       "sum",   "rms",         NULL };

/* Share of the target extent covered by the input's bounds (after transformation). */
static int overlap(GDALDatasetH in, const struct rs_grid *t, const char *in_path, double *frac,
                   struct ls_err *err)
{
    double gt[6];
    GDALGetGeoTransform(in, gt);
    double nx = GDALGetRasterXSize(in), ny = GDALGetRasterYSize(in);
    double xs[2] = { gt[0], gt[0] + nx * gt[1] + ny * gt[2] };
    double ys[2] = { gt[3] + nx * gt[4] + ny * gt[5], gt[3] };
    double minx = fmin(xs[0], xs[1]), maxx = fmax(xs[0], xs[1]);
    double miny = fmin(ys[0], ys[1]), maxy = fmax(ys[0], ys[1]);
    const char *wkt = GDALGetProjectionRef(in);
    if (wkt && *wkt && t->wkt[0]) {
        OGRSpatialReferenceH s = OSRNewSpatialReference(wkt), d = OSRNewSpatialReference(t->wkt);
        struct geo_transform *ct = NULL;
        int ok = s && d && !geo_transform_new_ogr(s, d, &ct, NULL) &&
                 OCTTransformBounds(geo_transform_ogr(ct), minx, miny, maxx, maxy, &minx, &miny,
                                    &maxx, &maxy, 21);
        geo_transform_free(ct);
        if (s)
            OSRDestroySpatialReference(s);
        if (d)
            OSRDestroySpatialReference(d);
        if (!ok)
            return ls_err_set(err, LS_EINVAL, in_path, NULL, "crs",
                              "cannot transform its extent to the target CRS");
    }
    double tminx = t->gt[0], tmaxx = t->gt[0] + (double)t->nx * t->gt[1];
    double tmaxy = t->gt[3], tminy = t->gt[3] + (double)t->ny * t->gt[5];
    double w = fmin(maxx, tmaxx) - fmax(minx, tminx), h = fmin(maxy, tmaxy) - fmax(miny, tminy);
    *frac = w > 0 && h > 0 ? w * h / ((tmaxx - tminx) * (tmaxy - tminy)) : 0;
    if (*frac <= 0)
        return ls_err_set(err, LS_EINVAL, in_path, NULL, "extent",
                          "does not overlap the target grid (input %.3f,%.3f - %.3f,%.3f; "
                          "target %.3f,%.3f - %.3f,%.3f in the target CRS)",
                          minx, miny, maxx, maxy, tminx, tminy, tmaxx, tmaxy);
    return 0;
}

int rs_align(const char *in_path, const struct rs_grid *t, const char *resampling,
             const char *out_path, const struct rs_sink_opts *o, int threads,
             struct rs_align_report *rep, struct ls_err *err)
{
    memset(rep, 0, sizeof *rep);
    int rc = ls_refuse_existing(out_path, o->overwrite, NULL, err);
    if (rc)
        return rc;
    struct rs_source src;
    rc = rs_source_open(in_path, 1, &src, err);
    if (rc)
        return rc;
    if (!src.grid.wkt[0] && t->wkt[0]) {
        rs_source_close(&src);
        return ls_err_set(err, LS_EINVAL, in_path, NULL, "crs",
                          "the raster declares no CRS, so it cannot be transformed to the "
                          "target's; assign one first (gdal_edit.py -a_srs)");
    }
    rc = overlap(src.ds, t, in_path, &rep->overlap_fraction, err);
    rep->in_nx = src.grid.nx;
    rep->in_ny = src.grid.ny;
    rep->in_res_x = src.grid.gt[1];
    rep->in_res_y = -src.grid.gt[5];
    rep->reprojected = !rs_grid_same_crs(&src.grid, t);
    if (!resampling || !*resampling)
        resampling = GDALDataTypeIsInteger(src.type) ? "near" : "bilinear";
    int known = 0;
    for (int i = 0; resampling_names[i]; i++)
        known |= strcmp(resampling, resampling_names[i]) == 0;
    if (!rc && !known)
        rc = ls_err_set(err, LS_EINVAL, in_path, NULL, "resampling",
                        "unknown resampling \"%s\" (near, bilinear, cubic, average, mode, sum ...)",
                        resampling);
    snprintf(rep->resampling, sizeof rep->resampling, "%s", resampling);
    GDALDataType type = o->type != GDT_Unknown ? o->type : src.type;
    double nodata = o->has_nodata    ? o->nodata
                    : src.has_nodata ? src.nodata
                                     : rs_default_nodata(type);
    char te[4][40], tr[2][40], nd[40], wo[40], tmp[1100];
    snprintf(te[0], 40, "%.17g", t->gt[0]);
    snprintf(te[1], 40, "%.17g", t->gt[3] + (double)t->ny * t->gt[5]);
    snprintf(te[2], 40, "%.17g", t->gt[0] + (double)t->nx * t->gt[1]);
    snprintf(te[3], 40, "%.17g", t->gt[3]);
    snprintf(tr[0], 40, "%.17g", t->gt[1]);
    snprintf(tr[1], 40, "%.17g", -t->gt[5]);
    snprintf(nd, sizeof nd, "%.17g", nodata);
    snprintf(wo, sizeof wo, "NUM_THREADS=%d", threads > 0 ? threads : 1);
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", out_path, (long)getpid());
    const char *argv[40];
    int n = 0;
    const char *fixed[] = { "-of",        "GTiff",
                            "-r",         resampling,
                            "-te",        te[0],
                            te[1],        te[2],
                            te[3],        "-tr",
                            tr[0],        tr[1],
                            "-dstnodata", nd,
                            "-ot",        GDALGetDataTypeName(type),
                            "-co",        "TILED=YES",
                            "-co",        "COMPRESS=ZSTD",
                            "-co",        "BIGTIFF=IF_SAFER",
                            "-multi",     "-wo",
                            wo,           "-overwrite",
                            NULL };
    for (int i = 0; fixed[i]; i++)
        argv[n++] = fixed[i];
    if (t->wkt[0]) {
        argv[n++] = "-t_srs";
        argv[n++] = t->wkt;
    }
    argv[n] = NULL;
    if (!rc) {
        GDALWarpAppOptions *wopt = GDALWarpAppOptionsNew((char **)(void *)argv, NULL);
        GDALDatasetH in = src.ds;
        geo_ogr_capture_begin();
        GDALDatasetH out = wopt ? GDALWarp(tmp, NULL, 1, &in, wopt, NULL) : NULL;
        geo_ogr_capture_end();
        GDALWarpAppOptionsFree(wopt);
        if (!out)
            rc = ls_err_set(err, LS_ELIB, in_path, NULL, NULL, "warping failed: %s",
                            geo_ogr_last_error());
        else
            GDALClose(out);
        if (!rc && rename(tmp, out_path) != 0)
            rc = ls_err_set(err, LS_EIO, out_path, NULL, NULL, "cannot move the result into place");
        if (rc)
            unlink(tmp);
    }
    rs_source_close(&src);
    return rc;
}
