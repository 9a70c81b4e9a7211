/* raster/grid — grid identity and cell geometry. */
#include "raster/grid.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <ogr_srs_api.h>

int rs_grid_set_crs(struct rs_grid *g, const char *wkt, const char *input, struct ls_err *err)
{
    if (g->gt[2] != 0 || g->gt[4] != 0)
        return ls_err_set(err, LS_EUNSUPP, input, NULL, "geotransform",
                          "rotated grids are not supported; warp to a north-up grid first");
    if (g->gt[1] <= 0 || g->gt[5] >= 0)
        return ls_err_set(err, LS_EUNSUPP, input, NULL, "geotransform",
                          "the grid must be north-up with positive cell width (got %g, %g)",
                          g->gt[1], g->gt[5]);
    g->wkt[0] = '\0';
    g->geographic = 0;
    g->semi_major = 6378137.0;
    g->inv_flattening = 298.257222101;
    if (!wkt || !*wkt)
        return 0;
    if (strlen(wkt) >= sizeof g->wkt)
        return ls_err_set(err, LS_EUNSUPP, input, NULL, "crs", "CRS definition longer than %d",
                          RS_WKT_MAX - 1);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    const char *cursor = wkt; /* OSRImportFromWkt advances the pointer it is given */
    if (OSRImportFromWkt(srs, (char **)&cursor) != OGRERR_NONE) {
        OSRDestroySpatialReference(srs);
        return ls_err_set(err, LS_EINVAL, input, NULL, "crs", "cannot parse the raster's CRS");
    }
    snprintf(g->wkt, sizeof g->wkt, "%s", wkt);
    g->geographic = OSRIsGeographic(srs);
    OGRErr e1, e2;
    double a = OSRGetSemiMajor(srs, &e1), invf = OSRGetInvFlattening(srs, &e2);
    if (e1 == OGRERR_NONE && a > 0) {
        g->semi_major = a;
        g->inv_flattening = e2 == OGRERR_NONE ? invf : 0;
    }
    OSRDestroySpatialReference(srs);
    return 0;
}

int rs_grid_same_crs(const struct rs_grid *a, const struct rs_grid *b)
{
    if (!a->wkt[0] || !b->wkt[0])
        return !a->wkt[0] && !b->wkt[0];
    if (strcmp(a->wkt, b->wkt) == 0)
        return 1;
    OGRSpatialReferenceH sa = OSRNewSpatialReference(a->wkt);
    OGRSpatialReferenceH sb = OSRNewSpatialReference(b->wkt);
    int same = sa && sb && OSRIsSame(sa, sb);
    OSRDestroySpatialReference(sa);
    OSRDestroySpatialReference(sb);
    return same;
}

int rs_grid_same(const struct rs_grid *a, const struct rs_grid *b)
{
    if (a->nx != b->nx || a->ny != b->ny)
        return 0;
    double tol = 1e-9 * fabs(a->gt[1]);
    for (int i = 0; i < 6; i++)
        if (fabs(a->gt[i] - b->gt[i]) > tol)
            return 0;
    return rs_grid_same_crs(a, b);
}

/* Authalic integral: area of the zone from the equator to latitude phi, per radian of
 * longitude, is a²(1−e²)/2 · F(phi). */
static double zone_integral(double phi, double e2)
{
    double s = sin(phi);
    if (e2 <= 0)
        return 2 * s;
    double e = sqrt(e2);
    return s / (1 - e2 * s * s) + atanh(e * s) / e;
}

static double ecc2(const struct rs_grid *g)
{
    if (g->inv_flattening <= 0)
        return 0;
    double f = 1 / g->inv_flattening;
    return f * (2 - f);
}

double rs_grid_cell_area(const struct rs_grid *g, long row)
{
    if (!g->geographic)
        return fabs(g->gt[1] * g->gt[5]);
    const double deg = M_PI / 180;
    double lat_top = g->gt[3] + (double)row * g->gt[5];
    double lat_bot = lat_top + g->gt[5];
    double e2 = ecc2(g), a = g->semi_major;
    double span = fabs(zone_integral(lat_top * deg, e2) - zone_integral(lat_bot * deg, e2));
    return g->gt[1] * deg * a * a * (1 - e2) / 2 * span;
}

void rs_grid_cell_size_m(const struct rs_grid *g, long row, double *dx, double *dy)
{
    if (!g->geographic) {
        *dx = fabs(g->gt[1]);
        *dy = fabs(g->gt[5]);
        return;
    }
    const double deg = M_PI / 180;
    double phi = (g->gt[3] + ((double)row + 0.5) * g->gt[5]) * deg;
    double e2 = ecc2(g), a = g->semi_major, s = sin(phi);
    double w = sqrt(1 - e2 * s * s);
    *dx = fabs(g->gt[1]) * deg * a / w * cos(phi);
    *dy = fabs(g->gt[5]) * deg * a * (1 - e2) / (w * w * w);
}
