/* geo/zones — see zones.h. */
#include "geo/zones.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_api.h>

/* growable arrays */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 1;
    size_t nc = *cap ? *cap : 256;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * size);
    if (!q)
        return 0;
    *p = q;
    *cap = nc;
    return 1;
}

struct build {
    size_t cap_zone, cap_zr, cap_ring, cap_xy, cap_val, rings, pts;
};

static int add_ring(struct geo_zones *z, struct build *b, OGRGeometryH ring, double *bb)
{
    int np = OGR_G_GetPointCount(ring);
    if (!grow((void **)&z->ring_pts, &b->cap_ring, b->rings + 2, sizeof *z->ring_pts) ||
        !grow((void **)&z->xy, &b->cap_xy, 2 * (b->pts + (size_t)np), sizeof *z->xy))
        return 0;
    z->ring_pts[b->rings++] = b->pts;
    for (int i = 0; i < np; i++) {
        double x = OGR_G_GetX(ring, i), y = OGR_G_GetY(ring, i);
        z->xy[2 * b->pts] = x;
        z->xy[2 * b->pts + 1] = y;
        b->pts++;
        bb[0] = fmin(bb[0], x), bb[1] = fmin(bb[1], y), bb[2] = fmax(bb[2], x),
        bb[3] = fmax(bb[3], y);
    }
    return 1;
}

/* every ring of a polygon or multipolygon */
static int add_rings(struct geo_zones *z, struct build *b, OGRGeometryH g, double *bb)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            if (!add_rings(z, b, OGR_G_GetGeometryRef(g, i), bb))
                return 0;
        return 1;
    }
    if (t != wkbPolygon)
        return 1;
    for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
        if (!add_ring(z, b, OGR_G_GetGeometryRef(g, i), bb))
            return 0;
    return 1;
}

/* The grid: about one zone per cell over the layer's extent; each zone listed in every cell
 * its box covers (counted, then filled). */
static int index_zones(struct geo_zones *z)
{
    double ext[4] = { INFINITY, INFINITY, -INFINITY, -INFINITY };
    for (size_t i = 0; i < z->n; i++) {
        const double *b = z->bbox + 4 * i;
        ext[0] = fmin(ext[0], b[0]), ext[1] = fmin(ext[1], b[1]);
        ext[2] = fmax(ext[2], b[2]), ext[3] = fmax(ext[3], b[3]);
    }
    if (!z->n || !(ext[2] >= ext[0]))
        return 1;
    double w = ext[2] - ext[0], h = ext[3] - ext[1];
    z->gsize = sqrt(fmax(w * h, 1e-12) / (double)z->n);
    if (!(z->gsize > 0))
        z->gsize = 1;
    z->gw = (size_t)(w / z->gsize) + 1;
    z->gh = (size_t)(h / z->gsize) + 1;
    z->gx0 = ext[0];
    z->gy0 = ext[1];
    size_t cells = z->gw * z->gh;
    z->cell_first = calloc(cells + 1, sizeof *z->cell_first);
    if (!z->cell_first)
        return 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t *fill = NULL;
        if (pass == 1) {
            for (size_t c = 0; c < cells; c++)
                z->cell_first[c + 1] += z->cell_first[c];
            z->cell_items = malloc((z->cell_first[cells] + 1) * sizeof *z->cell_items);
            fill = calloc(cells + 1, sizeof *fill);
            if (!z->cell_items || !fill) {
                free(fill);
                return 0;
            }
        }
        for (size_t i = 0; i < z->n; i++) {
            const double *b = z->bbox + 4 * i;
            size_t i0 = (size_t)((b[0] - z->gx0) / z->gsize),
                   i1 = (size_t)((b[2] - z->gx0) / z->gsize);
            size_t j0 = (size_t)((b[1] - z->gy0) / z->gsize),
                   j1 = (size_t)((b[3] - z->gy0) / z->gsize);
            for (size_t j = j0; j <= j1 && j < z->gh; j++)
                for (size_t k = i0; k <= i1 && k < z->gw; k++) {
                    size_t c = j * z->gw + k;
                    if (pass == 0)
                        z->cell_first[c + 1]++;
                    else
                        z->cell_items[z->cell_first[c] + fill[c]++] = i;
                }
        }
        free(fill);
    }
    return 1;
}

int geo_zones_open(const char *path, const char *layer, const char *const *fields,
                   struct geo_zones *z, struct ls_err *err)
{
    memset(z, 0, sizeof *z);
    while (fields && fields[z->nfields])
        z->nfields++;
    const char *const drivers[] = { "GPKG", NULL };
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    if (!ds)
        return ls_err_set(err, LS_ENOENT, path, NULL, NULL, "cannot open as a GeoPackage");
    OGRLayerH l = GDALDatasetGetLayerByName(ds, layer);
    int rc = l ? 0 : ls_err_set(err, LS_ENOENT, path, NULL, layer, "no layer %s in it", layer);
    int idx[16] = { 0 };
    if (!rc && z->nfields > 16)
        rc = ls_err_set(err, LS_EINVAL, path, NULL, layer, "at most 16 fields");
    for (size_t k = 0; !rc && k < z->nfields; k++)
        if ((idx[k] = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), fields[k])) < 0)
            rc = ls_err_set(err, LS_EINVAL, path, NULL, fields[k], "layer %s has no field %s",
                            layer, fields[k]);
    struct build b = { 0 };
    OGRFeatureH f;
    if (!rc)
        OGR_L_ResetReading(l);
    while (!rc && (f = OGR_L_GetNextFeature(l)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        double bb[4] = { INFINITY, INFINITY, -INFINITY, -INFINITY };
        if (!grow((void **)&z->bbox, &b.cap_zone, 4 * (z->n + 1), sizeof *z->bbox) ||
            !grow((void **)&z->zone_rings, &b.cap_zr, z->n + 2, sizeof *z->zone_rings) ||
            !grow((void **)&z->values, &b.cap_val, (z->n + 1) * z->nfields + 1, sizeof *z->values))
            rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        if (!rc) {
            z->zone_rings[z->n] = b.rings;
            if (!g || !add_rings(z, &b, g, bb))
                rc = g ? ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory")
                       : ls_err_set(err, LS_EINVAL, path, NULL, layer,
                                    "feature %lld has no polygon", (long long)OGR_F_GetFID(f));
        }
        for (size_t k = 0; !rc && k < z->nfields; k++) {
            const char *v =
                OGR_F_IsFieldSetAndNotNull(f, idx[k]) ? OGR_F_GetFieldAsString(f, idx[k]) : "";
            if (!(z->values[z->n * z->nfields + k] = strdup(v))) {
                for (size_t j = 0; j < k; j++)
                    free(z->values[z->n * z->nfields + j]);
                rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            }
        }
        if (!rc) {
            memcpy(z->bbox + 4 * z->n, bb, sizeof bb);
            z->n++;
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    if (!rc) {
        z->zone_rings[z->n] = b.rings;
        if (z->ring_pts)
            z->ring_pts[b.rings] = b.pts;
        if (!index_zones(z))
            rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    if (rc)
        geo_zones_free(z);
    return rc;
}

/* the crossing number of (x, y) over every ring of the zone: odd is inside (holes are rings
 * too) */
static int inside(const struct geo_zones *z, size_t zone, double x, double y)
{
    int odd = 0;
    for (size_t r = z->zone_rings[zone]; r < z->zone_rings[zone + 1]; r++) {
        const double *p = z->xy + 2 * z->ring_pts[r];
        size_t np = z->ring_pts[r + 1] - z->ring_pts[r];
        for (size_t i = 0, j = np ? np - 1 : 0; i < np; j = i++) {
            double xi = p[2 * i], yi = p[2 * i + 1], xj = p[2 * j], yj = p[2 * j + 1];
            if ((yi > y) != (yj > y) && x < xi + (y - yi) / (yj - yi) * (xj - xi))
                odd = !odd;
        }
    }
    return odd;
}

long geo_zones_find(const struct geo_zones *z, double x, double y)
{
    if (!z->cell_first || x < z->gx0 || y < z->gy0)
        return -1;
    size_t i = (size_t)((x - z->gx0) / z->gsize), j = (size_t)((y - z->gy0) / z->gsize);
    if (i >= z->gw || j >= z->gh)
        return -1;
    size_t c = j * z->gw + i;
    long best = -1;
    for (size_t k = z->cell_first[c]; k < z->cell_first[c + 1]; k++) {
        size_t zone = z->cell_items[k];
        const double *b = z->bbox + 4 * zone;
        if ((best >= 0 && (long)zone > best) || x < b[0] || x > b[2] || y < b[1] || y > b[3])
            continue;
        if (inside(z, zone, x, y))
            best = (long)zone;
    }
    return best;
}

const char *geo_zones_value(const struct geo_zones *z, size_t zone, size_t field)
{
    return zone < z->n && field < z->nfields ? z->values[zone * z->nfields + field] : "";
}

void geo_zones_free(struct geo_zones *z)
{
    if (!z)
        return;
    for (size_t i = 0; z->values && i < z->n * z->nfields; i++)
        free(z->values[i]);
    free(z->values);
    free(z->bbox);
    free(z->zone_rings);
    free(z->ring_pts);
    free(z->xy);
    free(z->cell_first);
    free(z->cell_items);
    memset(z, 0, sizeof *z);
}
