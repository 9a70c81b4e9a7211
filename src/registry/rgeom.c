/* registry/rgeom — parse, check, normalise, measure and compare registry geometries. */
#include "registry/rgeom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ogr_api.h>

#include "base/hash.h"
#include "geo/area.h"
#include "geo/crs.h"
#include "geo/geos_bridge.h"

struct rgeom {
    GEOSContextHandle_t h;
    GEOSWKTReader *wkt;
    GEOSWKBReader *wkbr;
    GEOSWKBWriter *wkbw;
    struct geo_area_ctx *area;
};

int rg_new(int srid, struct rgeom **out, struct ls_err *err)
{
    *out = NULL;
    struct geo_crs crs;
    int rc = geo_crs_from_epsg(srid, &crs, err);
    if (rc)
        return rc;
    struct rgeom *g = calloc(1, sizeof *g);
    if (!g)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    g->h = geo_geos_new();
    g->wkt = GEOSWKTReader_create_r(g->h);
    g->wkbr = GEOSWKBReader_create_r(g->h);
    g->wkbw = GEOSWKBWriter_create_r(g->h);
    if (g->wkbw) {
        GEOSWKBWriter_setByteOrder_r(g->h, g->wkbw, GEOS_WKB_NDR);
        GEOSWKBWriter_setOutputDimension_r(g->h, g->wkbw, 2);
    }
    rc = geo_area_ctx_new(&crs, &g->area, err);
    if (rc || !g->wkt || !g->wkbr || !g->wkbw) {
        rg_delete(g);
        return rc ? rc : ls_err_set(err, LS_ELIB, NULL, NULL, NULL, "cannot start GEOS");
    }
    *out = g;
    return 0;
}

void rg_delete(struct rgeom *g)
{
    if (!g)
        return;
    if (g->wkt)
        GEOSWKTReader_destroy_r(g->h, g->wkt);
    if (g->wkbr)
        GEOSWKBReader_destroy_r(g->h, g->wkbr);
    if (g->wkbw)
        GEOSWKBWriter_destroy_r(g->h, g->wkbw);
    geo_area_ctx_free(g->area);
    GEOS_finish_r(g->h);
    free(g);
}

GEOSContextHandle_t rg_geos(struct rgeom *g)
{
    return g->h;
}

void rg_free(struct rgeom *g, GEOSGeometry *geom)
{
    if (geom)
        GEOSGeom_destroy_r(g->h, geom);
}

/* Polygon → MultiPolygon; a MultiPolygon as is; anything else NULL. */
static GEOSGeometry *as_multipolygon(struct rgeom *g, GEOSGeometry *in, char *why, size_t why_size)
{
    int type = GEOSGeomTypeId_r(g->h, in);
    if (type == GEOS_MULTIPOLYGON)
        return in;
    if (type == GEOS_POLYGON) {
        GEOSGeometry *parts[1] = { in };
        GEOSGeometry *m = GEOSGeom_createCollection_r(g->h, GEOS_MULTIPOLYGON, parts, 1);
        if (!m)
            GEOSGeom_destroy_r(g->h, in);
        return m;
    }
    snprintf(why, why_size, "a registration unit or right needs a polygon, not a %s",
             GEOSGeomType_r(g->h, in));
    GEOSGeom_destroy_r(g->h, in);
    return NULL;
}

static GEOSGeometry *checked(struct rgeom *g, GEOSGeometry *in, char *why, size_t why_size)
{
    if (!in)
        return NULL;
    GEOSGeometry *m = as_multipolygon(g, in, why, why_size);
    if (!m)
        return NULL;
    if (GEOSisEmpty_r(g->h, m)) {
        snprintf(why, why_size, "the geometry is empty");
        GEOSGeom_destroy_r(g->h, m);
        return NULL;
    }
    if (GEOSisValid_r(g->h, m) != 1) {
        char *reason = GEOSisValidReason_r(g->h, m);
        snprintf(why, why_size,
                 "the boundary is not a valid polygon (%s); repair it with `liangshan validate "
                 "--repair` first",
                 reason ? reason : "unknown");
        GEOSFree_r(g->h, reason);
        GEOSGeom_destroy_r(g->h, m);
        return NULL;
    }
    return m;
}

GEOSGeometry *rg_from_json(struct rgeom *g, json_t *v, char *why, size_t why_size)
{
    GEOSGeometry *in = NULL;
    if (json_is_string(v)) {
        in = GEOSWKTReader_read_r(g->h, g->wkt, json_string_value(v));
        if (!in)
            snprintf(why, why_size, "the geometry is not readable WKT");
    } else if (json_is_object(v) && json_is_string(json_object_get(v, "wkb"))) {
        in = rg_from_hex(g, json_string_value(json_object_get(v, "wkb")));
        if (!in)
            snprintf(why, why_size, "the geometry's wkb is not readable hex WKB");
    } else if (json_is_object(v) && json_is_string(json_object_get(v, "type"))) {
        /* OGR reads GeoJSON here: GEOS 3.11's reader dereferences an empty position ([]) */
        char *text = json_dumps(v, JSON_COMPACT);
        OGRGeometryH og = text ? OGR_G_CreateGeometryFromJson(text) : NULL;
        free(text);
        in = og ? geo_geos_from_ogr(g->h, og) : NULL;
        if (og)
            OGR_G_DestroyGeometry(og);
        if (!in)
            snprintf(why, why_size, "the geometry is not a readable GeoJSON geometry");
    } else {
        snprintf(why, why_size,
                 "a geometry is WKT text, a GeoJSON geometry object or {\"wkb\": hex}");
    }
    return checked(g, in, why, why_size);
}

GEOSGeometry *rg_from_wkb(struct rgeom *g, const unsigned char *wkb, size_t n)
{
    return wkb && n ? GEOSWKBReader_read_r(g->h, g->wkbr, wkb, n) : NULL;
}

GEOSGeometry *rg_from_hex(struct rgeom *g, const char *hex)
{
    size_t n = strlen(hex);
    return GEOSWKBReader_readHEX_r(g->h, g->wkbr, (const unsigned char *)hex, n);
}

unsigned char *rg_wkb(struct rgeom *g, const GEOSGeometry *geom, size_t *n)
{
    unsigned char *w = GEOSWKBWriter_write_r(g->h, g->wkbw, geom, n);
    if (!w)
        return NULL;
    unsigned char *copy = malloc(*n ? *n : 1);
    if (copy)
        memcpy(copy, w, *n);
    GEOSFree_r(g->h, w);
    return copy;
}

char *rg_hex(struct rgeom *g, const GEOSGeometry *geom)
{
    size_t n = 0;
    unsigned char *w = rg_wkb(g, geom, &n);
    if (!w)
        return NULL;
    char *hex = ls_hex_dup(w, n);
    free(w);
    return hex;
}

int rg_area(struct rgeom *g, const GEOSGeometry *geom, double *ellipsoidal_m2, struct ls_err *err)
{
    struct geo_mpoly m = { 0 };
    double planar = 0;
    *ellipsoidal_m2 = 0;
    int rc = geo_mpoly_from_geos(g->h, geom, &m, err);
    if (!rc && m.npolys)
        rc = geo_area_mpoly(g->area, &m, &planar, ellipsoidal_m2, err);
    geo_mpoly_free(&m);
    return rc;
}

void rg_bbox(struct rgeom *g, const GEOSGeometry *geom, double box[4])
{
    GEOSGeom_getXMin_r(g->h, geom, &box[0]);
    GEOSGeom_getYMin_r(g->h, geom, &box[1]);
    GEOSGeom_getXMax_r(g->h, geom, &box[2]);
    GEOSGeom_getYMax_r(g->h, geom, &box[3]);
}

double rg_overlap(struct rgeom *g, const GEOSGeometry *a, const GEOSGeometry *b)
{
    if (GEOSRelatePattern_r(g->h, a, b, "2********") != 1)
        return 0;
    GEOSGeometry *i = GEOSIntersection_r(g->h, a, b);
    double area = 0;
    if (i)
        GEOSArea_r(g->h, i, &area);
    rg_free(g, i);
    return area;
}

double rg_outside(struct rgeom *g, const GEOSGeometry *inner, const GEOSGeometry *outer)
{
    if (GEOSCovers_r(g->h, outer, inner) == 1)
        return 0;
    GEOSGeometry *d = GEOSDifference_r(g->h, inner, outer);
    double area = 0;
    if (d)
        GEOSArea_r(g->h, d, &area);
    rg_free(g, d);
    return area;
}
