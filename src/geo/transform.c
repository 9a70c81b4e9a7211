/* geo/transform — see transform.h. */
#include "geo/transform.h"

#include <limits.h>
#include <stdlib.h>

struct geo_transform {
    OGRCoordinateTransformationH ct;
    int from_epsg, to_epsg;
};

OGRSpatialReferenceH geo_crs_to_ogr(const struct geo_crs *crs)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OGRErr e;
    if (crs->epsg)
        e = OSRImportFromEPSG(srs, crs->epsg);
    else {
        char def[512];
        geo_crs_proj_definition(crs, def, sizeof def);
        e = OSRImportFromProj4(srs, def);
    }
    if (e != OGRERR_NONE) {
        OSRRelease(srs);
        return NULL;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

int geo_transform_new_ogr(OGRSpatialReferenceH from, OGRSpatialReferenceH to,
                          struct geo_transform **out, struct ls_err *err)
{
    *out = NULL;
    struct geo_transform *t = calloc(1, sizeof *t);
    if (!t)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    /* EPSG:4326 and the CGCS2000 codes are latitude first by definition; every array and
     * geometry inside Liangshan is x = easting/longitude, so both ends use GIS order */
    OGRSpatialReferenceH s = OSRClone(from), d = OSRClone(to);
    if (s && d) {
        OSRSetAxisMappingStrategy(s, OAMS_TRADITIONAL_GIS_ORDER);
        OSRSetAxisMappingStrategy(d, OAMS_TRADITIONAL_GIS_ORDER);
        t->ct = OCTNewCoordinateTransformation(s, d);
    }
    if (s)
        OSRRelease(s);
    if (d)
        OSRRelease(d);
    if (!t->ct) {
        free(t);
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "crs",
                          "no transformation between these coordinate systems");
    }
    *out = t;
    return 0;
}

int geo_transform_new_crs(const struct geo_crs *from, const struct geo_crs *to,
                          struct geo_transform **out, struct ls_err *err)
{
    *out = NULL;
    OGRSpatialReferenceH s = geo_crs_to_ogr(from), d = geo_crs_to_ogr(to);
    int rc =
        s && d ? geo_transform_new_ogr(s, d, out, err)
               : ls_err_set(err, LS_EINVAL, NULL, NULL, "crs",
                            "%s is not a coordinate system PROJ knows", s ? to->name : from->name);
    if (s)
        OSRRelease(s);
    if (d)
        OSRRelease(d);
    if (!rc) {
        (*out)->from_epsg = from->epsg;
        (*out)->to_epsg = to->epsg;
    }
    return rc;
}

int geo_transform_new(int from_epsg, int to_epsg, struct geo_transform **out, struct ls_err *err)
{
    *out = NULL;
    OGRSpatialReferenceH s = OSRNewSpatialReference(NULL), d = OSRNewSpatialReference(NULL);
    int rc;
    if (!s || !d)
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    else if (OSRImportFromEPSG(s, from_epsg) != OGRERR_NONE)
        rc = ls_err_set(err, LS_EINVAL, NULL, NULL, "crs",
                        "EPSG:%d is not a coordinate system PROJ knows", from_epsg);
    else if (OSRImportFromEPSG(d, to_epsg) != OGRERR_NONE)
        rc = ls_err_set(err, LS_EINVAL, NULL, NULL, "crs",
                        "EPSG:%d is not a coordinate system PROJ knows", to_epsg);
    else if ((rc = geo_transform_new_ogr(s, d, out, err)) == -LS_EINVAL)
        rc = ls_err_set(err, LS_EINVAL, NULL, NULL, "crs",
                        "no transformation from EPSG:%d to EPSG:%d", from_epsg, to_epsg);
    if (s)
        OSRRelease(s);
    if (d)
        OSRRelease(d);
    if (!rc) {
        (*out)->from_epsg = from_epsg;
        (*out)->to_epsg = to_epsg;
    }
    return rc;
}

int geo_transform_new_to_wkt(OGRSpatialReferenceH from, const char *to_wkt,
                             struct geo_transform **out, struct ls_err *err)
{
    *out = NULL;
    if (!from || !to_wkt || !*to_wkt)
        return 0;
    OGRSpatialReferenceH to = OSRNewSpatialReference(to_wkt);
    if (!to)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "crs", "the raster's CRS is not readable");
    int rc = OSRIsSame(from, to) ? 0 : geo_transform_new_ogr(from, to, out, err);
    OSRDestroySpatialReference(to);
    return rc;
}

void geo_transform_free(struct geo_transform *t)
{
    if (!t)
        return;
    OCTDestroyCoordinateTransformation(t->ct);
    free(t);
}

int geo_transform_from_epsg(const struct geo_transform *t)
{
    return t->from_epsg;
}

int geo_transform_to_epsg(const struct geo_transform *t)
{
    return t->to_epsg;
}

int geo_transform_geometry(struct geo_transform *t, OGRGeometryH g, struct ls_err *err)
{
    if (OGR_G_Transform(g, t->ct) == OGRERR_NONE)
        return 0;
    if (t->from_epsg && t->to_epsg)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "crs",
                          "cannot transform the geometry from EPSG:%d to EPSG:%d", t->from_epsg,
                          t->to_epsg);
    return ls_err_set(err, LS_EINVAL, NULL, NULL, "crs", "cannot transform the geometry");
}

int geo_transform_points(struct geo_transform *t, size_t n, double *x, double *y)
{
    /* OCTTransform takes an int count: large arrays go in slices */
    while (n) {
        int k = n > INT_MAX ? INT_MAX : (int)n;
        if (!OCTTransform(t->ct, k, x, y, NULL))
            return -1;
        x += k;
        y += k;
        n -= (size_t)k;
    }
    return 0;
}

int geo_transform_box(struct geo_transform *t, const double in[4], double out[4])
{
    /* each edge sampled at 21 points and the envelope of their images taken: a lon/lat box's
     * top edge bows outward in a transverse Mercator, so the corners alone fall short.
     * Sampled here rather than through GDAL's OCTTransformBounds, which cost 0.1 s a call
     * and made every map request of the web UI a hundred times slower */
    enum { PER_EDGE = 21, N = 4 * PER_EDGE };
    double x[N], y[N];
    for (int i = 0; i < PER_EDGE; i++) {
        double f = (double)i / (PER_EDGE - 1);
        double xs = in[0] + f * (in[2] - in[0]), ys = in[1] + f * (in[3] - in[1]);
        x[i] = xs, y[i] = in[1];
        x[PER_EDGE + i] = xs, y[PER_EDGE + i] = in[3];
        x[2 * PER_EDGE + i] = in[0], y[2 * PER_EDGE + i] = ys;
        x[3 * PER_EDGE + i] = in[2], y[3 * PER_EDGE + i] = ys;
    }
    if (geo_transform_points(t, N, x, y))
        return -1;
    out[0] = out[2] = x[0];
    out[1] = out[3] = y[0];
    for (int i = 1; i < N; i++) {
        out[0] = x[i] < out[0] ? x[i] : out[0];
        out[2] = x[i] > out[2] ? x[i] : out[2];
        out[1] = y[i] < out[1] ? y[i] : out[1];
        out[3] = y[i] > out[3] ? y[i] : out[3];
    }
    return 0;
}

OGRCoordinateTransformationH geo_transform_ogr(struct geo_transform *t)
{
    return t->ct;
}
