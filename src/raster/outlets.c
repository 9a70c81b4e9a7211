/* cli/raster_outlets — reading and snapping watershed outlet points. */
#include "raster/outlets.h"

#include <stdio.h>
#include <stdlib.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "geo/transform.h"

static int add_point(struct rs_outlets *o, size_t *cap, struct rs_outlet p)
{
    if (o->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        struct rs_outlet *np = realloc(o->pt, nc * sizeof *np);
        if (!np)
            return -1;
        o->pt = np;
        *cap = nc;
    }
    o->pt[o->n++] = p;
    return 0;
}

int rs_outlets_read(const char *path, const struct rs_grid *g, struct rs_outlets *o,
                    struct ls_err *err)
{
    o->pt = NULL;
    o->n = 0;
    o->cells = NULL;
    const char *oo[] = { "X_POSSIBLE_NAMES=x,X,lon,easting", "Y_POSSIBLE_NAMES=y,Y,lat,northing",
                         NULL };
    GDALDatasetH ds =
        GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, (const char *const *)oo, NULL);
    if (!ds)
        return ls_err_set(err, LS_EINVAL, path, NULL, NULL,
                          "not a readable point file (GeoPackage, GeoJSON, Shapefile, or CSV "
                          "with x,y columns)");
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    OGRSpatialReferenceH ls = lyr ? OGR_L_GetSpatialRef(lyr) : NULL;
    struct geo_transform *ct = NULL;
    if (geo_transform_new_to_wkt(ls, g->wkt, &ct, err)) {
        GDALClose(ds);
        snprintf(err->input, sizeof err->input, "%s", path);
        return -err->code;
    }
    size_t cap = 0;
    int rc = 0;
    OGRFeatureH f;
    long fno = 0;
    while (!rc && lyr && (f = OGR_L_GetNextFeature(lyr))) {
        fno++;
        char where[64];
        snprintf(where, sizeof where, "feature %ld", fno);
        OGRGeometryH geom = OGR_F_GetGeometryRef(f);
        double x = 0, y = 0;
        if (!geom || wkbFlatten(OGR_G_GetGeometryType(geom)) != wkbPoint)
            rc = ls_err_set(err, LS_EINVAL, path, where, "geometry", "not a point");
        else {
            x = OGR_G_GetX(geom, 0);
            y = OGR_G_GetY(geom, 0);
            if (ct && geo_transform_points(ct, 1, &x, &y))
                rc = ls_err_set(err, LS_EINVAL, path, where, NULL,
                                "cannot transform to the DEM's CRS");
        }
        OGR_F_Destroy(f);
        if (rc)
            break;
        double fc = (x - g->gt[0]) / g->gt[1], fr = (y - g->gt[3]) / g->gt[5];
        if (!(fc >= 0 && fr >= 0 && fc < (double)g->nx && fr < (double)g->ny)) {
            rc = ls_err_set(err, LS_EINVAL, path, where, NULL,
                            "the point (%.3f, %.3f) is outside the DEM", x, y);
            break;
        }
        struct rs_outlet p = { x, y, fno, (long)fr, (long)fc, (long)fr, (long)fc, -1 };
        if (add_point(o, &cap, p))
            rc = ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    }
    if (!rc && o->n == 0)
        rc = ls_err_set(err, LS_EINVAL, path, NULL, NULL, "no outlet points");
    geo_transform_free(ct);
    GDALClose(ds);
    if (rc)
        rs_outlets_free(o);
    return rc;
}

void rs_outlets_snap_rows(struct rs_outlets *o, const struct rs_grid *g, long snap, long row0,
                          long nrows, const double *acc)
{
    for (size_t k = 0; k < o->n; k++) {
        struct rs_outlet *p = &o->pt[k];
        long lo = p->row - snap > row0 ? p->row - snap : row0;
        long hi = p->row + snap < row0 + nrows - 1 ? p->row + snap : row0 + nrows - 1;
        for (long rr = lo; rr <= hi; rr++) /* rows, then columns, ascending: the first maximum */
            for (long cc = p->col - snap; cc <= p->col + snap; cc++) {
                if (rr < 0 || cc < 0 || rr >= g->ny || cc >= g->nx)
                    continue;
                double v = acc[(size_t)(rr - row0) * (size_t)g->nx + (size_t)cc];
                if (v > p->best) {
                    p->best = v;
                    p->best_r = rr;
                    p->best_c = cc;
                }
            }
    }
}

int rs_outlets_finish(struct rs_outlets *o, const struct rs_grid *g, const char *path,
                      struct ls_err *err)
{
    free(o->cells);
    if (!(o->cells = malloc((o->n ? o->n : 1) * sizeof *o->cells)))
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    for (size_t k = 0; k < o->n; k++) {
        const struct rs_outlet *p = &o->pt[k];
        if (p->best < 0) {
            char where[64];
            snprintf(where, sizeof where, "feature %ld", p->feature);
            return ls_err_set(err, LS_EINVAL, path, where, NULL,
                              "the point (%.3f, %.3f) falls on nodata", p->x, p->y);
        }
        o->cells[k] = (size_t)p->best_r * (size_t)g->nx + (size_t)p->best_c;
    }
    return 0;
}

void rs_outlets_free(struct rs_outlets *o)
{
    free(o->pt);
    free(o->cells);
    o->pt = NULL;
    o->cells = NULL;
    o->n = 0;
}

json_t *rs_outlets_json(const struct rs_outlets *o, const struct rs_grid *g)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < o->n; k++) {
        const struct rs_outlet *p = &o->pt[k];
        long row = p->best_r, col = p->best_c;
        json_array_append_new(
            arr, json_pack("{s:I,s:I,s:I,s:f,s:f,s:f}", "outlet", (json_int_t)(k + 1), "row",
                           (json_int_t)row, "column", (json_int_t)col, "x",
                           g->gt[0] + ((double)col + 0.5) * g->gt[1], "y",
                           g->gt[3] + ((double)row + 0.5) * g->gt[5], "upstream_cells", p->best));
    }
    return arr;
}
