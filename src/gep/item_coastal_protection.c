/*
 * 海岸带防护 coastal_protection — the protection natural coasts give against waves and surges
 * (GEP reference §2.2, replacement cost): the length of shoreline by type (account
 * "shoreline" layer; the method's "shoreline_types" says what share of a seawall each type
 * replaces: natural and restored coasts 1, artificial 0) times the cost of building a seawall,
 * spread over its design life:
 *   Q = Σ_type L_type × share_type (km), V = Q × seawall cost (yuan/km) / design life (a).
 * Each segment of a shoreline counts in the region nearest to its midpoint (shorelines run
 * along region boundaries, where an overlay would split them arbitrarily); the distances are
 * GEOS prepared-geometry distances, skipped for regions whose envelope is already farther than
 * the nearest so far. Lengths are planar
 * on projected layers (Gauss–Krüger) and geodesic on geographic ones.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <geodesic.h>
#include <geos_c.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "geo/geos_bridge.h"
#include "geo/ogr_bridge.h"
#include "gep/account.h"
#include "gep/item.h"

enum { P_LIFE };

static int prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                   struct ls_err *err)
{
    (void)cl;
    static const char *const models[] = { "seawall_replacement", NULL };
    int rc = gep_item_model(it, m, models, err);
    if (!rc)
        rc = gep_param_number(m, it->mi, "design_life_years", &it->par[P_LIFE], err);
    if (!rc && !(it->par[P_LIFE] >= 1))
        rc = ls_err_set(err, LS_EINVAL, m->origin, it->mi->id, "design_life_years",
                        "must be at least 1");
    json_t *types = json_object_get(json_object_get(it->mi->params, "shoreline_types"), "by_type");
    if (!rc && !json_is_object(types))
        rc = ls_err_set(err, LS_EINVAL, m->origin, it->mi->id, "shoreline_types",
                        "must be { \"by_type\": { \"<type value>\": share, ... } }");
    double cost;
    if (!rc)
        rc = gep_price(m, it->mi, "seawall_cost", "yuan/km", &cost, err);
    if (!rc)
        gep_item_part(it, "seawall replacement", "seawall_cost", 1.0 / it->par[P_LIFE], cost);
    return rc;
}

struct layers {
    GDALDatasetH sds, rds;
    OGRLayerH shore, regions;
    GEOSContextHandle_t geos;
    GEOSGeometry **poly; /* region polygons in FID order (the zone order) */
    const GEOSPreparedGeometry **prep;
    OGREnvelope *env;
    size_t npoly;
    int geographic;
    struct geod_geodesic geod;
};

static void close_layers(struct layers *l)
{
    for (size_t i = 0; i < l->npoly; i++) {
        if (l->prep[i])
            GEOSPreparedGeom_destroy_r(l->geos, l->prep[i]);
        if (l->poly[i])
            GEOSGeom_destroy_r(l->geos, l->poly[i]);
    }
    free(l->poly);
    free(l->prep);
    free(l->env);
    if (l->geos)
        GEOS_finish_r(l->geos);
    if (l->sds)
        GDALClose(l->sds);
    if (l->rds)
        GDALClose(l->rds);
}

static int open_layers(const struct gep_account *a, struct layers *l, struct ls_err *err)
{
    memset(l, 0, sizeof *l);
    geo_ogr_capture_begin();
    l->sds = GDALOpenEx(a->shoreline_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    l->rds = GDALOpenEx(a->regions_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    geo_ogr_capture_end();
    if (!l->sds || !l->rds)
        return ls_err_set(err, LS_EINVAL, l->sds ? a->regions_path : a->shoreline_path, NULL, NULL,
                          "not a readable vector file");
    l->shore = a->shoreline_layer[0] ? GDALDatasetGetLayerByName(l->sds, a->shoreline_layer)
                                     : GDALDatasetGetLayer(l->sds, 0);
    l->regions = a->regions_layer[0] ? GDALDatasetGetLayerByName(l->rds, a->regions_layer)
                                     : GDALDatasetGetLayer(l->rds, 0);
    if (!l->shore || !l->regions)
        return ls_err_set(err, LS_ENOENT, l->shore ? a->regions_path : a->shoreline_path, NULL,
                          "layer", "no such layer \"%s\"",
                          l->shore ? a->regions_layer : a->shoreline_layer);
    OGRSpatialReferenceH ss = OGR_L_GetSpatialRef(l->shore), rs = OGR_L_GetSpatialRef(l->regions);
    if (ss && rs && !OSRIsSame(ss, rs))
        return ls_err_set(err, LS_EINVAL, a->shoreline_path, NULL, "crs",
                          "the shoreline and the region layer are in different CRS; reproject "
                          "one of them");
    l->geographic = ss && OSRIsGeographic(ss);
    if (l->geographic)
        geod_init(&l->geod, OSRGetSemiMajor(ss, NULL),
                  OSRGetInvFlattening(ss, NULL) > 0 ? 1.0 / OSRGetInvFlattening(ss, NULL) : 0);
    GIntBig n = OGR_L_GetFeatureCount(l->regions, 1);
    size_t cap = (size_t)(n > 0 ? n : 0) + 1;
    l->geos = geo_geos_new();
    l->poly = calloc(cap, sizeof *l->poly);
    l->prep = calloc(cap, sizeof *l->prep);
    l->env = calloc(cap, sizeof *l->env);
    if (!l->geos || !l->poly || !l->prep || !l->env)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    OGR_L_ResetReading(l->regions);
    OGRFeatureH f;
    int rc = 0;
    while (!rc && l->npoly < (size_t)n && (f = OGR_L_GetNextFeature(l->regions))) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        size_t i = l->npoly++;
        if (g) {
            l->poly[i] = geo_geos_from_ogr(l->geos, g);
            if (!l->poly[i] || !(l->prep[i] = GEOSPrepare_r(l->geos, l->poly[i])))
                rc = ls_err_set(err, LS_ELIB, a->regions_path, NULL, NULL,
                                "GEOS cannot read region polygon %zu", i + 1);
            OGR_G_GetEnvelope(g, &l->env[i]);
        }
        OGR_F_Destroy(f);
    }
    return rc;
}

static double segment_length(const struct layers *l, double x0, double y0, double x1, double y1)
{
    if (!l->geographic)
        return hypot(x1 - x0, y1 - y0);
    double s12;
    /* OGR keeps the layer's axis order: for EPSG geographic CRS read by GDAL 3 with the
     * traditional GIS order, x is longitude */
    geod_inverse(&l->geod, y0, x0, y1, x1, &s12, NULL, NULL);
    return s12;
}

/* Distance from (x, y) to an envelope: a lower bound of the distance to what it holds. */
static double envelope_distance(const OGREnvelope *e, double x, double y)
{
    double dx = x < e->MinX ? e->MinX - x : (x > e->MaxX ? x - e->MaxX : 0);
    double dy = y < e->MinY ? e->MinY - y : (y > e->MaxY ? y - e->MaxY : 0);
    return hypot(dx, dy);
}

/* The region nearest to (x, y) (the first of equals), -1 when there is none. */
static long nearest_region(const struct layers *l, double x, double y)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(l->geos, x, y);
    long best = -1;
    double bd = INFINITY;
    for (size_t i = 0; pt && i < l->npoly; i++) {
        if (!l->prep[i] || envelope_distance(&l->env[i], x, y) >= bd)
            continue;
        double d;
        if (GEOSPreparedDistance_r(l->geos, l->prep[i], pt, &d) == 1 && d < bd) {
            bd = d;
            best = (long)i;
        }
    }
    if (pt)
        GEOSGeom_destroy_r(l->geos, pt);
    return best;
}

static int add_line(const struct gep_item *it, struct gep_post *p, const struct layers *l,
                    OGRGeometryH g, double share, const char *type, struct ls_err *err)
{
    int n = OGR_G_GetGeometryCount(g);
    if (n > 0) { /* multi-part */
        for (int i = 0; i < n; i++) {
            int rc = add_line(it, p, l, OGR_G_GetGeometryRef(g, i), share, type, err);
            if (rc)
                return rc;
        }
        return 0;
    }
    int np = OGR_G_GetPointCount(g);
    for (int i = 1; i < np; i++) {
        double x0 = OGR_G_GetX(g, i - 1), y0 = OGR_G_GetY(g, i - 1), x1 = OGR_G_GetX(g, i),
               y1 = OGR_G_GetY(g, i);
        long z = nearest_region(l, (x0 + x1) / 2, (y0 + y1) / 2);
        if (z < 0 || (size_t)z >= p->n_polygons)
            continue;
        double km = segment_length(l, x0, y0, x1, y1) / 1000.0 * share;
        size_t cell = (size_t)z * GEP_ECO_COUNT + GEP_ECO_WETLAND;
        p->phys[cell] += km;
        p->value[cell] += km * it->unit_value;
        if (gep_post_component(p, type, "km", km, km * it->unit_value))
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    return 0;
}

static int post(const struct gep_item *it, struct gep_post *p, struct ls_err *err)
{
    const struct gep_account *a = p->account;
    if (!a->shoreline_path[0])
        return ls_err_set(err, LS_EINVAL, a->path, NULL, "shoreline",
                          "the method includes coastal_protection: the account must name the "
                          "shoreline layer { \"path\", \"layer\", \"type_field\" }");
    struct layers l;
    int rc = open_layers(a, &l, err);
    int field = rc ? -1 : OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l.shore), a->shoreline_field);
    if (!rc && field < 0)
        rc = ls_err_set(err, LS_EINVAL, a->shoreline_path, NULL, a->shoreline_field,
                        "the shoreline layer has no such field");
    json_t *types = json_object_get(json_object_get(it->mi->params, "shoreline_types"), "by_type");
    OGRFeatureH f = NULL;
    if (!rc)
        OGR_L_ResetReading(l.shore);
    while (!rc && (f = OGR_L_GetNextFeature(l.shore))) {
        const char *type = OGR_F_GetFieldAsString(f, field);
        json_t *sv = json_object_get(types, type);
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (!json_is_number(sv)) {
            char where[64];
            snprintf(where, sizeof where, "feature %lld", (long long)OGR_F_GetFID(f));
            rc = ls_err_set(err, LS_EINVAL, a->shoreline_path, where, a->shoreline_field,
                            "shoreline type \"%s\" has no share in the method's shoreline_types",
                            type);
        } else if (g && json_number_value(sv) > 0) {
            rc = add_line(it, p, &l, g, json_number_value(sv), type, err);
        }
        OGR_F_Destroy(f);
    }
    close_layers(&l);
    return rc;
}

const struct gep_item_def gep_item_coastal_protection = {
    .id = "coastal_protection",
    .zh = "海岸带防护",
    .en = "Coastal protection",
    .unit = "km",
    .source = "GEP reference §2.2 海岸带防护 (seawall replacement cost)",
    .category = GEP_REGULATING,
    .prepare = prepare,
    .post = post,
};
