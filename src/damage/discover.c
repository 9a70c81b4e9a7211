/*
 * damage/discover — damage discovery between two survey years (年度变更调查, 卫片执法's change
 * patches): where the later survey shows
 *   construction_on_protected  construction land (TD/T 1055—2019, as the batch overlay reads it)
 *                              on the ecological red line, a core protection zone or permanent
 *                              basic farmland, over land the earlier survey did not show built;
 *   cropland_lost              basic farmland the earlier survey showed as cropland (01) that the
 *                              later one shows as neither cropland nor construction (a pond, an
 *                              orchard, forest: 非粮化/非农化).
 * Each candidate is the exact changed area — later patch ∩ protected zones ∩ earlier patches of
 * the other kind — with its ellipsoidal area and the classes before and after. The surveys need
 * not share their patches: the earlier one is searched by box (its R-tree) for each candidate.
 * Only the patches of the kind that can be a candidate are read (an attribute filter), so the
 * cost follows the changed classes, not the county.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>

#include "damage/internal.h"
#include "geo/area.h"
#include "geo/geos_bridge.h"
#include "geo/ogr_bridge.h"
#include "zoning/data.h"
#include "zoning/overlay.h"

/* TD/T 1055—2019 construction land, as zoning/overlay reads it, in SQL for the attribute filter */
#define SQL_CONSTRUCTION                                                                  \
    "((substr(DLBM, 1, 2) >= '05' AND substr(DLBM, 1, 2) <= '10' AND DLBM <> '1006') OR " \
    "DLBM IN ('0603', '1109', '1201', '1202'))"

static const char *const protected_layers[] = { "eco_redline", "core_zone", "basic_farmland",
                                                NULL };

struct run {
    const struct dmg_discover_opts *o;
    struct zn_data d;
    GEOSContextHandle_t h;
    struct geo_area_ctx *area;
    GDALDatasetH before_ds, after_ds;
    OGRLayerH before, after;
    json_t *out;
    long read_after, read_before, queries;
};

static double seconds(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) * 1e-9;
}

/* The patch ∩ the union of the named protected layers' features it meets; *zones the layers
 * met. NULL when it meets none. */
static GEOSGeometry *in_zones(struct run *r, const GEOSGeometry *g, const char *const *layers,
                              json_t *zones)
{
    GEOSContextHandle_t h = r->h;
    const GEOSPreparedGeometry *pg = GEOSPrepare_r(h, g);
    GEOSGeometry *parts[256];
    unsigned int np = 0;
    for (int li = 0; layers[li] && pg; li++) {
        int k = zn_data_layer(&r->d, layers[li]);
        if (k < 0)
            continue;
        const struct zn_layer *l = &r->d.layers[k];
        struct zn_hits hs = { 0 };
        GEOSSTRtree_query_r(h, l->tree, g, zn_collect, &hs);
        int met = 0;
        for (size_t i = 0; i < hs.n && np < 256; i++) {
            const struct zn_feature *f = &l->f[hs.idx[i]];
            if (!GEOSPreparedIntersects_r(h, pg, f->g))
                continue;
            GEOSGeometry *x = GEOSPreparedContains_r(h, f->prep, g)
                                  ? GEOSGeom_clone_r(h, g)
                                  : GEOSIntersection_r(h, g, f->g);
            double a = 0;
            if (x && GEOSArea_r(h, x, &a) && a > 0) {
                parts[np++] = x;
                met = 1;
            } else if (x) {
                GEOSGeom_destroy_r(h, x);
            }
        }
        free(hs.idx);
        if (met)
            json_array_append_new(zones, json_string(layers[li]));
    }
    if (pg)
        GEOSPreparedGeom_destroy_r(h, pg);
    if (!np)
        return NULL;
    if (np == 1)
        return parts[0];
    GEOSGeometry *c = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, np);
    GEOSGeometry *u = c ? GEOSUnaryUnion_r(h, c) : NULL;
    if (c)
        GEOSGeom_destroy_r(h, c);
    return u;
}

/* piece ∩ the patches of layer l in its box that pass filter (an SQL condition); the class of
 * the largest of them in cls. NULL when none meets it. */
static GEOSGeometry *against(struct run *r, OGRLayerH l, const char *filter,
                             const GEOSGeometry *piece, char cls[8])
{
    GEOSContextHandle_t h = r->h;
    double x0, y0, x1, y1;
    if (!GEOSGeom_getXMin_r(h, piece, &x0) || !GEOSGeom_getYMin_r(h, piece, &y0) ||
        !GEOSGeom_getXMax_r(h, piece, &x1) || !GEOSGeom_getYMax_r(h, piece, &y1))
        return NULL;
    OGR_L_SetSpatialFilterRect(l, x0, y0, x1, y1);
    OGR_L_SetAttributeFilter(l, filter);
    OGR_L_ResetReading(l);
    r->queries++;
    const GEOSPreparedGeometry *pp = GEOSPrepare_r(h, piece);
    GEOSGeometry *parts[256];
    unsigned int np = 0;
    double best = 0;
    OGRFeatureH f;
    int dl = -1;
    while (pp && (f = OGR_L_GetNextFeature(l))) {
        if (dl < 0)
            dl = OGR_F_GetFieldIndex(f, "DLBM");
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        GEOSGeometry *g = og ? geo_geos_from_ogr(h, og) : NULL;
        if (g && GEOSPreparedIntersects_r(h, pp, g) && np < 256) {
            GEOSGeometry *x = GEOSIntersection_r(h, piece, g);
            double a = 0;
            if (x && GEOSArea_r(h, x, &a) && a > 0) {
                parts[np++] = x;
                if (a > best && dl >= 0) {
                    best = a;
                    snprintf(cls, 8, "%s", OGR_F_GetFieldAsString(f, dl));
                }
            } else if (x) {
                GEOSGeom_destroy_r(h, x);
            }
        }
        if (g)
            GEOSGeom_destroy_r(h, g);
        OGR_F_Destroy(f);
    }
    if (pp)
        GEOSPreparedGeom_destroy_r(h, pp);
    if (!np)
        return NULL;
    GEOSGeometry *c = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, np);
    GEOSGeometry *u = c ? GEOSUnaryUnion_r(h, c) : NULL;
    if (c)
        GEOSGeom_destroy_r(h, c);
    return u;
}

/* Only the polygons of a result (an intersection may add the lines where boundaries touch). */
static GEOSGeometry *polygons(GEOSContextHandle_t h, GEOSGeometry *x)
{
    int t = GEOSGeomTypeId_r(h, x);
    if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON)
        return x;
    GEOSGeometry *parts[256];
    unsigned int n = 0;
    int k = GEOSGetNumGeometries_r(h, x);
    for (int i = 0; i < k && n < 256; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, x, i);
        if (GEOSGeomTypeId_r(h, p) == GEOS_POLYGON)
            parts[n++] = GEOSGeom_clone_r(h, p);
    }
    GEOSGeom_destroy_r(h, x);
    return n ? GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, n) : NULL;
}

static int emit(struct run *r, const char *kind, const char *patch, const char *before,
                const char *after, json_t *zones, GEOSGeometry *x, struct ls_err *err)
{
    GEOSContextHandle_t h = r->h;
    x = polygons(h, x);
    if (!x) {
        json_decref(zones);
        return 0;
    }
    OGRGeometryH g = geo_geos_to_ogr(h, x);
    struct geo_mpoly m = { 0 };
    double planar = 0, ell = 0;
    int rc = g ? geo_mpoly_from_ogr(g, &m, err) : 0;
    if (!rc && m.npolys)
        rc = geo_area_mpoly(r->area, &m, &planar, &ell, err);
    geo_mpoly_free(&m);
    double min = r->o->min_area_m2 > 0 ? r->o->min_area_m2 : 1;
    if (!rc && ell >= min) {
        char *wkt = NULL;
        OGR_G_ExportToWkt(g, &wkt);
        OGREnvelope e;
        OGR_G_GetEnvelope(g, &e);
        json_array_append_new(
            r->out, json_pack("{s:s,s:o,s:s,s:f,s:f,s:s,s:s,s:s,s:[f,f,f,f],s:i,s:i}", "kind", kind,
                              "zones", zones, "patch", patch, "area_m2", ell, "planar_m2", planar,
                              "class_before", before, "class_after", after, "wkt", wkt ? wkt : "",
                              "bbox", e.MinX, e.MinY, e.MaxX, e.MaxY, "year_before",
                              r->o->year_before, "year_after", r->o->year_after));
        CPLFree(wkt);
        zones = NULL;
    }
    json_decref(zones);
    OGR_G_DestroyGeometry(g);
    GEOSGeom_destroy_r(h, x);
    return rc;
}

static int construction(struct run *r, struct ls_err *err)
{
    GEOSContextHandle_t h = r->h;
    OGR_L_SetAttributeFilter(r->after, SQL_CONSTRUCTION);
    OGR_L_ResetReading(r->after);
    OGRFeatureH f;
    int rc = 0, dl = -1;
    while (!rc && (f = OGR_L_GetNextFeature(r->after))) {
        r->read_after++;
        if (dl < 0)
            dl = OGR_F_GetFieldIndex(f, "DLBM");
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        GEOSGeometry *g = og ? geo_geos_from_ogr(h, og) : NULL;
        json_t *zones = json_array();
        GEOSGeometry *z = g ? in_zones(r, g, protected_layers, zones) : NULL;
        GEOSGeometry *x = NULL;
        char cls[8] = "";
        if (z)
            x = against(r, r->before, "NOT " SQL_CONSTRUCTION, z, cls);
        if (x) {
            char patch[32];
            snprintf(patch, sizeof patch, "%lld", (long long)OGR_F_GetFID(f));
            rc = emit(r, "construction_on_protected", patch, cls, OGR_F_GetFieldAsString(f, dl),
                      zones, x, err);
        } else {
            json_decref(zones);
        }
        if (z)
            GEOSGeom_destroy_r(h, z);
        if (g)
            GEOSGeom_destroy_r(h, g);
        OGR_F_Destroy(f);
    }
    return rc;
}

static int cropland(struct run *r, struct ls_err *err)
{
    GEOSContextHandle_t h = r->h;
    static const char *const farmland[] = { "basic_farmland", NULL };
    /* the later survey's other uses, kept only where they lie on basic farmland (the STR-tree
     * in memory), then the earlier cropland under them: one pass over the later patches, not
     * one search per earlier field (most cropland stays cropland) */
    OGR_L_SetAttributeFilter(r->after, "substr(DLBM, 1, 2) <> '01' AND NOT " SQL_CONSTRUCTION);
    OGR_L_ResetReading(r->after);
    int kz = zn_data_layer(&r->d, "basic_farmland");
    const struct zn_layer *pbf = kz >= 0 ? &r->d.layers[kz] : NULL;
    OGRFeatureH f;
    int rc = 0, dl = -1;
    while (pbf && !rc && (f = OGR_L_GetNextFeature(r->after))) {
        r->read_after++;
        if (dl < 0)
            dl = OGR_F_GetFieldIndex(f, "DLBM");
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        OGREnvelope e;
        int near = 0;
        if (og) {
            /* the box first: a patch far from any farmland is never converted for GEOS */
            OGR_G_GetEnvelope(og, &e);
            GEOSGeometry *box = GEOSGeom_createRectangle_r(h, e.MinX, e.MinY, e.MaxX, e.MaxY);
            struct zn_hits hs = { 0 };
            if (box)
                GEOSSTRtree_query_r(h, pbf->tree, box, zn_collect, &hs);
            near = hs.n > 0;
            free(hs.idx);
            if (box)
                GEOSGeom_destroy_r(h, box);
        }
        GEOSGeometry *g = near ? geo_geos_from_ogr(h, og) : NULL;
        json_t *zones = json_array();
        GEOSGeometry *z = g ? in_zones(r, g, farmland, zones) : NULL;
        char cls[8] = "";
        GEOSGeometry *x = z ? against(r, r->before, "substr(DLBM, 1, 2) = '01'", z, cls) : NULL;
        if (x) {
            char patch[32];
            snprintf(patch, sizeof patch, "%lld", (long long)OGR_F_GetFID(f));
            rc = emit(r, "cropland_lost", patch, cls, OGR_F_GetFieldAsString(f, dl), zones, x, err);
        } else {
            json_decref(zones);
        }
        if (z)
            GEOSGeom_destroy_r(h, z);
        if (g)
            GEOSGeom_destroy_r(h, g);
        OGR_F_Destroy(f);
    }
    return rc;
}

static int open_survey(const char *path, GDALDatasetH *ds, OGRLayerH *l, struct ls_err *err)
{
    *ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    *l = *ds ? GDALDatasetGetLayerByName(*ds, "landuse_patch") : NULL;
    if (!*l)
        return ls_err_set(err, LS_EINVAL, path, NULL, "landuse_patch",
                          "not a land survey: no landuse_patch layer");
    if (OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(*l), "DLBM") < 0)
        return ls_err_set(err, LS_EINVAL, path, NULL, "DLBM",
                          "the survey's patches have no land class (DLBM)");
    return 0;
}

int dmg_discover(const struct dmg_discover_opts *o, json_t **candidates, json_t **summary,
                 struct ls_err *err)
{
    *candidates = *summary = NULL;
    if (o->year_after <= o->year_before)
        return ls_err_set(err, LS_EINVAL, o->after, NULL, "year",
                          "rule damage.years: the later survey's year (%d) follows the earlier "
                          "one's (%d)",
                          o->year_after, o->year_before);
    struct run *r = calloc(1, sizeof *r);
    if (!r)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    r->o = o;
    struct timespec t0, t1, t2, t3;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct zn_rules rules;
    int rc = zn_rules_load("cn-national-2024", &rules, err);
    int have_rules = !rc;
    if (!rc)
        rc = zn_data_open_layers(o->data, &rules, protected_layers, &r->d, err);
    int have_data = !rc;
    if (!rc) {
        r->h = r->d.geos;
        rc = geo_area_ctx_new(&r->d.crs, &r->area, err);
    }
    if (!rc)
        rc = open_survey(o->before, &r->before_ds, &r->before, err);
    if (!rc)
        rc = open_survey(o->after, &r->after_ds, &r->after, err);
    r->out = json_array();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!rc)
        rc = construction(r, err);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    if (!rc)
        rc = cropland(r, err);
    clock_gettime(CLOCK_MONOTONIC, &t3);
    if (!rc) {
        size_t i, nc = 0;
        double a = 0;
        json_t *c;
        json_array_foreach(r->out, i, c)
        {
            nc += !strcmp(dmg_str(c, "kind"), "construction_on_protected");
            a += dmg_num(c, "area_m2");
        }
        *summary = json_pack(
            "{s:I,s:I,s:I,s:I,s:f,s:I,s:I,s:{s:f,s:f,s:f}}", "candidates",
            (json_int_t)json_array_size(r->out), "construction_on_protected", (json_int_t)nc,
            "cropland_lost", (json_int_t)(json_array_size(r->out) - nc), "queries",
            (json_int_t)r->queries, "area_m2", a, "later_patches_read", (json_int_t)r->read_after,
            "earlier_patches_read", (json_int_t)r->read_before, "seconds", "load",
            seconds(&t0, &t1), "construction", seconds(&t1, &t2), "cropland", seconds(&t2, &t3));
        *candidates = r->out;
        r->out = NULL;
    }
    json_decref(r->out);
    if (r->before_ds)
        GDALClose(r->before_ds);
    if (r->after_ds)
        GDALClose(r->after_ds);
    geo_area_ctx_free(r->area);
    if (have_data)
        zn_data_free(&r->d);
    if (have_rules)
        zn_rules_free(&rules);
    free(r);
    return rc;
}
