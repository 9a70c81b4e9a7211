/*
 * zoning/check — one footprint against the control zones and the rule table (check.h).
 *
 * The zones come from the rule table in its order; a zone may be the complement of a layer
 * ("outside": outside the urban development boundary) and may take away zones decided before
 * it ("minus": the red line outside its core protection zones), so every part of the
 * footprint is decided by the first zone that holds it. Areas are ellipsoidal (the land-survey
 * formula of geo/area, the one TD/T 1055—2019 uses for every 图斑 area) and decide nothing
 * below the table's sliver area, which absorbs the digitising noise along shared boundaries.
 */
#include "zoning/check.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "geo/geom.h"
#include "geo/geos_bridge.h"
#include "geo/vwrite.h"
#include "zoning/landclass.h"

/*
 * The ellipsoidal area of GEOS polygons (Polygon, MultiPolygon, collections): GEOS works on
 * the plane of the projection, whose areas at the edge of a 3° Gauss–Krüger zone are a few
 * parts in 10⁴ too large (scale 1 + y²/2R², squared); the survey's areas, and so the
 * obligations, are ellipsoidal.
 */
static int ellipsoidal(GEOSContextHandle_t h, struct geo_area_ctx *area, const GEOSGeometry *g,
                       double *out, struct ls_err *err)
{
    struct geo_mpoly m = { 0 };
    double planar = 0;
    *out = 0;
    int rc = geo_mpoly_from_geos(h, g, &m, err);
    if (!rc && m.npolys)
        rc = geo_area_mpoly(area, &m, &planar, out, err);
    geo_mpoly_free(&m);
    return rc;
}

/*
 * footprint ∩ feature, without an overlay when one contains the other; otherwise the feature
 * is first clipped to the footprint's box, so a large red-line or county polygon costs what
 * its part near the footprint costs.
 */
static void bbox(GEOSContextHandle_t h, const GEOSGeometry *g, double b[4])
{
    GEOSGeom_getXMin_r(h, g, &b[0]);
    GEOSGeom_getYMin_r(h, g, &b[1]);
    GEOSGeom_getXMax_r(h, g, &b[2]);
    GEOSGeom_getYMax_r(h, g, &b[3]);
}

static int box_within(const double a[4], const double b[4])
{
    return a[0] >= b[0] && a[1] >= b[1] && a[2] <= b[2] && a[3] <= b[3];
}

static GEOSGeometry *clip(GEOSContextHandle_t h, const GEOSGeometry *fp,
                          const GEOSPreparedGeometry *pfp, const struct zn_feature *f)
{
    double fb[4], gb[4];
    bbox(h, fp, fb);
    bbox(h, f->g, gb);
    if (box_within(fb, gb) && GEOSPreparedContains_r(h, f->prep, fp))
        return GEOSGeom_clone_r(h, fp);
    if (box_within(gb, fb) && GEOSPreparedContains_r(h, pfp, f->g))
        return GEOSGeom_clone_r(h, f->g);
    double x0 = fb[0], y0 = fb[1], x1 = fb[2], y1 = fb[3];
    /* the rectangle is widened by a metre (and a millionth of its size): a footprint edge
     * lying exactly on the clip rectangle's edge would come back as a sliver or a dangling
     * line, and the intersection below would then see near-coincident edges */
    double m = 1.0 + 1e-6 * (fabs(x1 - x0) + fabs(y1 - y0));
    GEOSGeometry *box = GEOSClipByRect_r(h, f->g, x0 - m, y0 - m, x1 + m, y1 + m);
    /* ClipByRect gives up on some invalid-in-GEOS-terms inputs; the plain overlay is slower
     * but always answers */
    if (!box)
        return GEOSIntersection_r(h, fp, f->g);
    GEOSGeometry *x = GEOSIntersection_r(h, fp, box);
    GEOSGeom_destroy_r(h, box);
    return x;
}

/* A zone may be a subset of its layer: the features whose field (e.g. the red line's type)
 * takes one of the listed values. */
static int matches(const struct zn_zone *z, const struct zn_feature *f)
{
    if (!z->where_field[0])
        return 1;
    for (int i = 0; i < z->n_in; i++)
        if (strcmp(z->where_in[i], f->value) == 0)
            return 1;
    return 0;
}

/* Footprint ∩ patch, computed once per check: the survey patches serve both the zones drawn
 * from them (cropland) and the land-class table, and the intersection is the costly part. */
struct clip_cache {
    size_t *idx;
    GEOSGeometry **g;
    size_t n, cap;
};

static GEOSGeometry *cached_clip(GEOSContextHandle_t h, struct clip_cache *c, size_t i,
                                 const GEOSGeometry *fp, const GEOSPreparedGeometry *pfp,
                                 const struct zn_feature *f)
{
    /* a linear scan: a footprint meets tens to a few hundred patches, and each entry spares
     * an overlay that costs far more than the whole scan */
    for (size_t k = 0; k < c->n; k++)
        if (c->idx[k] == i)
            return c->g[k] ? GEOSGeom_clone_r(h, c->g[k]) : NULL;
    GEOSGeometry *x = clip(h, fp, pfp, f);
    /* when the cache cannot grow the answer is still right, only computed twice */
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        size_t *ni = realloc(c->idx, nc * sizeof *ni);
        if (ni)
            c->idx = ni;
        GEOSGeometry **ng = realloc(c->g, nc * sizeof *ng);
        if (ng)
            c->g = ng;
        if (!ni || !ng)
            return x;
        c->cap = nc;
    }
    c->idx[c->n] = i;
    c->g[c->n++] = x ? GEOSGeom_clone_r(h, x) : NULL;
    return x;
}

static void cache_free(GEOSContextHandle_t h, struct clip_cache *c)
{
    for (size_t k = 0; k < c->n; k++)
        if (c->g[k])
            GEOSGeom_destroy_r(h, c->g[k]);
    free(c->idx);
    free(c->g);
}

static int boxes_meet(const double a[4], const double b[4])
{
    return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/* a − every part of the collection m that meets it; consumes a. */
static GEOSGeometry *subtract(GEOSContextHandle_t h, GEOSGeometry *a, const GEOSGeometry *m)
{
    int n = GEOSGetNumGeometries_r(h, m);
    double ab[4], mb[4];
    if (a)
        bbox(h, a, ab);
    for (int j = 0; a && j < n; j++) {
        const GEOSGeometry *mj = GEOSGetGeometryN_r(h, m, j);
        /* boxes apart: nothing to take away. A full intersects test (a relate) costs about as
         * much as the difference itself, which returns a unchanged when they do not meet. */
        bbox(h, mj, mb);
        if (!boxes_meet(ab, mb))
            continue;
        GEOSGeometry *o = GEOSDifference_r(h, a, mj);
        GEOSGeom_destroy_r(h, a);
        a = o;
        if (a)
            bbox(h, a, ab);
    }
    return a;
}

/*
 * The part of the footprint (or, for a line zone, of the zone's lines) in zone z, as a
 * collection of disjoint parts (features of a layer do not overlap): no union is needed for
 * areas and lengths, and a difference distributes over the parts.
 */
static GEOSGeometry *zone_piece(const struct zn_data *d, const struct zn_zone *z,
                                const GEOSGeometry *fp, const GEOSPreparedGeometry *pfp,
                                int fp_line, GEOSGeometry *const *done, struct clip_cache *cache)
{
    GEOSContextHandle_t h = d->geos;
    int li = zn_data_layer(d, z->layer);
    if (li < 0)
        return NULL;
    const struct zn_layer *l = &d->layers[li];
    /* a line footprint meets a line zone within half a metre */
    GEOSGeometry *probe = fp_line && z->line ? GEOSBuffer_r(h, fp, 0.5, 8) : NULL;
    const GEOSGeometry *q = probe ? probe : fp;
    struct zn_hits hs = { 0 };
    GEOSSTRtree_query_r(h, l->tree, q, zn_collect, &hs);
    /* room for every hit, and for the one "outside" remainder that replaces them */
    GEOSGeometry **parts = calloc(hs.n + 2, sizeof *parts);
    unsigned int np = 0;
    for (size_t k = 0; parts && k < hs.n; k++) {
        const struct zn_feature *f = &l->f[hs.idx[k]];
        /* the R-tree answers by boxes; the prepared footprint answers exactly and cheaply
         * before any overlay is paid for */
        if (!matches(z, f) ||
            !(probe ? GEOSIntersects_r(h, q, f->g) : GEOSPreparedIntersects_r(h, pfp, f->g)))
            continue;
        GEOSGeometry *x = probe                       ? GEOSIntersection_r(h, q, f->g)
                          : li == d->patches && cache ? cached_clip(h, cache, hs.idx[k], fp, pfp, f)
                                                      : clip(h, fp, pfp, f);
        if (x && !GEOSisEmpty_r(h, x))
            parts[np++] = x;
        else if (x)
            GEOSGeom_destroy_r(h, x);
    }
    free(hs.idx);
    if (probe)
        GEOSGeom_destroy_r(h, probe);
    if (!parts)
        return NULL;
    /* "outside" zones are the footprint less the layer: the urban development boundary
     * controls what is built outside it (城镇开发边界外), not inside */
    if (z->outside) {
        GEOSGeometry *rest = GEOSGeom_clone_r(h, fp);
        for (unsigned int k = 0; k < np; k++) {
            /* parts are pieces of the footprint itself: they meet it by construction */
            if (rest) {
                GEOSGeometry *o = GEOSDifference_r(h, rest, parts[k]);
                GEOSGeom_destroy_r(h, rest);
                rest = o;
            }
            GEOSGeom_destroy_r(h, parts[k]);
        }
        np = 0;
        if (rest)
            parts[np++] = rest;
    }
    /* zones decided earlier take their part away, so that a part of the footprint is decided
     * once: a core protection zone lies inside the red line and is stricter */
    for (int m = 0; m < z->n_minus; m++) {
        const GEOSGeometry *minus = done[z->minus[m]];
        if (!minus)
            continue;
        unsigned int keep = 0;
        for (unsigned int k = 0; k < np; k++) {
            GEOSGeometry *o = subtract(h, parts[k], minus);
            if (o && !GEOSisEmpty_r(h, o))
                parts[keep++] = o;
            else if (o)
                GEOSGeom_destroy_r(h, o);
        }
        np = keep;
    }
    /* the collection takes ownership of the parts; when it cannot be made they are ours */
    GEOSGeometry *c = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, np);
    if (!c)
        for (unsigned int k = 0; k < np; k++)
            GEOSGeom_destroy_r(h, parts[k]);
    free(parts);
    return c;
}

/* Land classes and cropland by grade inside the footprint. */
static int classes(const struct zn_data *d, const struct zn_rules *r, struct geo_area_ctx *area,
                   const GEOSGeometry *fp, const GEOSPreparedGeometry *pfp,
                   struct clip_cache *cache, struct zn_check_result *res, struct ls_err *err)
{
    if (d->patches < 0 || res->line)
        return 0;
    GEOSContextHandle_t h = d->geos;
    const struct zn_layer *l = &d->layers[d->patches];
    struct zn_hits hs = { 0 };
    GEOSSTRtree_query_r(h, l->tree, fp, zn_collect, &hs);
    int rc = 0;
    for (size_t k = 0; !rc && k < hs.n; k++) {
        const struct zn_feature *f = &l->f[hs.idx[k]];
        if (!GEOSPreparedIntersects_r(h, pfp, f->g))
            continue;
        GEOSGeometry *x = cached_clip(h, cache, hs.idx[k], fp, pfp, f);
        double a = 0;
        if (x)
            rc = ellipsoidal(h, area, x, &a, err);
        if (x)
            GEOSGeom_destroy_r(h, x);
        /* a patch met only along an edge has no area and no class to report */
        if (rc || a <= 0)
            continue;
        size_t c = 0;
        while (c < res->n_classes && strcmp(res->classes[c].dlbm, f->dlbm) != 0)
            c++;
        if (c == res->n_classes) {
            /* GB/T 21010—2017 has 73 second-level classes, so the 128 slots are never all
             * taken by valid codes; a survey layer full of invented codes loses the excess
             * from the class table only — the zones above are decided on geometry */
            if (c == ZN_MAX_CLASSES)
                continue;
            snprintf(res->classes[c].dlbm, sizeof res->classes[c].dlbm, "%s", f->dlbm);
            res->n_classes++;
        }
        /* net of field ridges: the patch's 田坎系数 (KCXS) is the share of its area in
         * ridges, deducted for cropland (TD/T 1055—2019, 扣除田坎) */
        double net = a * (1.0 - f->kcxs);
        res->classes[c].ellipsoidal_m2 += a;
        res->classes[c].net_m2 += net;
        /* 0101 paddy, 0102 irrigated, 0103 dry land: cropland (耕地) of the survey scheme,
         * whose occupation the cropland balance (耕地占补平衡) must make good */
        if (!strcmp(f->dlbm, "0101") || !strcmp(f->dlbm, "0102") || !strcmp(f->dlbm, "0103")) {
            res->crop_net_m2 += net;
            if (!strcmp(f->dlbm, "0101"))
                res->paddy_net_m2 += net;
            int g = f->gddb >= 1 && f->gddb <= r->grades && f->gddb <= ZN_MAX_GRADES ? f->gddb : 0;
            res->crop_by_grade_net_m2[g] += net;
            /* standard grain capacity: the net hectares × (grades + 1 − g) × the band per
             * grade step (GB/T 28407—2012 耕地质量等别: grade 1 is best; the table carries
             * the province's number of grades and band) — what the compensation must match */
            if (g)
                res->grain_capacity_kg +=
                    net / 1e4 * (double)(r->grades + 1 - g) * r->grain_band_kg_per_ha;
        }
    }
    free(hs.idx);
    return rc;
}

int zn_check(const struct zn_data *d, const struct zn_rules *r, struct geo_area_ctx *area,
             const GEOSGeometry *fp, const char *label, int category, struct zn_check_result *res,
             struct ls_err *err)
{
    memset(res, 0, sizeof *res);
    GEOSContextHandle_t h = d->geos;
    res->geos = h;
    res->scheme = d->scheme;
    res->category = category;
    ls_text_utf8_copy(res->label, sizeof res->label, label ? label : "");
    int type = GEOSGeomTypeId_r(h, fp);
    res->line = type == GEOS_LINESTRING || type == GEOS_MULTILINESTRING;
    if (!res->line && type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON)
        return ls_err_set(err, LS_EINVAL, label, NULL, "geometry",
                          "a footprint is a polygon or a line");
    /* an invalid polygon has no well-defined area or overlay (a bow-tie's two lobes cancel):
     * the engine refuses it, and repairing is a policy the use case decides (app/check) */
    if (!GEOSisValid_r(h, fp)) {
        char *why = GEOSisValidReason_r(h, fp);
        ls_err_set(err, LS_EINVAL, label, NULL, "geometry",
                   "the footprint is not a valid geometry: %s", why ? why : "?");
        if (why)
            GEOSFree_r(h, why);
        return -LS_EINVAL;
    }
    /* lengths stay planar: the projection's scale error (at most 1.4 parts in 10⁴ at a 3°
     * zone's edge) is the same for the occupied and the restored shoreline, which the
     * occupation–restoration balance (岸线占修平衡) compares with each other */
    if (res->line)
        GEOSLength_r(h, fp, &res->footprint_length_m);
    else {
        int rc = ellipsoidal(h, area, fp, &res->footprint_m2, err);
        if (rc)
            return rc;
    }
    const GEOSPreparedGeometry *pfp = GEOSPrepare_r(h, fp);
    if (!pfp)
        return ls_err_set(err, LS_ELIB, label, NULL, NULL, "GEOS cannot prepare the footprint");
    /* a footprint wholly outside the county is almost always in the wrong CRS or zone (a
     * 3° zone number dropped from the easting moves it hundreds of kilometres); the part
     * outside a footprint that straddles the boundary is reported, not refused */
    if (d->boundary >= 0 && !res->line) {
        const struct zn_layer *b = &d->layers[d->boundary];
        struct zn_hits hs = { 0 };
        GEOSSTRtree_query_r(h, b->tree, fp, zn_collect, &hs);
        double inside = 0, total = 0;
        for (size_t k = 0; k < hs.n; k++) {
            const struct zn_feature *f = &b->f[hs.idx[k]];
            if (!GEOSPreparedIntersects_r(h, pfp, f->g))
                continue;
            GEOSGeometry *x = clip(h, fp, pfp, f);
            double a = 0;
            if (x && GEOSArea_r(h, x, &a))
                inside += a;
            if (x)
                GEOSGeom_destroy_r(h, x);
        }
        free(hs.idx);
        /* planar areas: only the share outside matters here, and a ratio needs no ellipsoid */
        GEOSArea_r(h, fp, &total);
        res->outside_county_m2 = total - inside > r->sliver_m2 ? total - inside : 0;
        if (inside < r->sliver_m2) {
            GEOSPreparedGeom_destroy_r(h, pfp);
            return ls_err_set(err, LS_EINVAL, label, NULL, "geometry",
                              "the footprint lies outside the county of %s (wrong CRS or "
                              "zone?)",
                              d->path);
        }
    }
    GEOSGeometry *done[ZN_MAX_ZONES] = { 0 };
    struct clip_cache cache = { 0 };
    int rc = 0;
    res->verdict = ZN_ALLOWED;
    for (size_t z = 0; !rc && z < r->n_zones && z < ZN_MAX_ZONES; z++) {
        const struct zn_zone *zn = &r->zones[z];
        /* done[] keeps every zone's piece: a later zone's "minus" takes them away */
        GEOSGeometry *piece = zone_piece(d, zn, fp, pfp, res->line, done, &cache);
        done[z] = piece;
        if (!piece || GEOSisEmpty_r(h, piece))
            continue;
        struct zn_overlap *o = &res->ov[res->n_ov++];
        o->zone = (int)z;
        o->piece = GEOSGeom_clone_r(h, piece);
        /* lines (shoreline works, linear projects) count from 1 cm, areas from the table's
         * sliver; the verdict is the most restrictive decision among the zones that count */
        if (zn->line || res->line) {
            GEOSLength_r(h, piece, &o->length_m);
            o->counts = o->length_m >= 0.01;
        } else {
            GEOSArea_r(h, piece, &o->planar_m2);
            rc = ellipsoidal(h, area, piece, &o->ellipsoidal_m2, err);
            o->counts = o->planar_m2 >= r->sliver_m2;
        }
        o->rule = zn_rule_find(r, (int)z, category);
        if (!o->rule) {
            /* tables are checked for gaps when opened (app_rules_open); a table given to the
             * engine unchecked is still refused rather than read as "allowed" */
            rc = ls_err_set(err, LS_EINVAL, r->origin, zn->id, r->categories[category].id,
                            "the rule table has no rule for this zone and category: the table "
                            "has a gap");
            break;
        }
        if (o->counts && o->rule->decision > res->verdict)
            res->verdict = o->rule->decision;
    }
    for (size_t z = 0; z < ZN_MAX_ZONES; z++)
        if (done[z])
            GEOSGeom_destroy_r(h, done[z]);
    if (!rc)
        rc = classes(d, r, area, fp, pfp, &cache, res, err);
    if (!rc && d->admin >= 0) { /* the townships it lies in, with their main function zone */
        const struct zn_layer *l = &d->layers[d->admin];
        struct zn_hits hs = { 0 };
        GEOSSTRtree_query_r(h, l->tree, fp, zn_collect, &hs);
        for (size_t k = 0; k < hs.n; k++) {
            const struct zn_feature *f = &l->f[hs.idx[k]];
            int seen = 0;
            for (size_t j = 0; j < res->n_admin; j++)
                seen |= strcmp(res->admin[j].name, f->label) == 0;
            if (seen || res->n_admin == ZN_MAX_ADMIN || !GEOSPreparedIntersects_r(h, pfp, f->g))
                continue;
            snprintf(res->admin[res->n_admin].name, sizeof res->admin[0].name, "%s", f->label);
            snprintf(res->admin[res->n_admin++].mfz, sizeof res->admin[0].mfz, "%s", f->value);
        }
        free(hs.idx);
    }
    cache_free(h, &cache);
    GEOSPreparedGeom_destroy_r(h, pfp);
    return rc;
}

static json_t *rule_json(const struct zn_rules *r, const struct zn_overlap *o)
{
    json_t *j = json_object();
    json_object_set_new(j, "zone", json_string(r->zones[o->zone].id));
    json_object_set_new(j, "zone_zh", json_string(r->zones[o->zone].zh));
    json_object_set_new(j, "decision", json_string(zn_decision_id(o->rule->decision)));
    json_object_set_new(j, "decision_zh", json_string(zn_decision_zh(o->rule->decision)));
    json_object_set_new(j, "rule", json_string(o->rule->ref));
    json_object_set_new(j, "basis", json_string(o->rule->basis));
    if (o->rule->approval[0])
        json_object_set_new(j, "approval", json_string(o->rule->approval));
    if (o->rule->conditions[0])
        json_object_set_new(j, "conditions", json_string(o->rule->conditions));
    return j;
}

json_t *zn_check_json(const struct zn_rules *r, const struct zn_check_result *res)
{
    json_t *o = json_object();
    json_object_set_new(o, "footprint", json_string(res->label));
    json_object_set_new(o, "category", json_string(r->categories[res->category].id));
    json_object_set_new(o, "rules", json_string(r->id));
    json_object_set_new(o, "verdict", json_string(zn_decision_id(res->verdict)));
    json_object_set_new(o, "verdict_zh", json_string(zn_decision_zh(res->verdict)));
    if (res->line)
        json_object_set_new(o, "length_m", json_real(res->footprint_length_m));
    else
        json_object_set_new(o, "ellipsoidal_area_m2", json_real(res->footprint_m2));
    if (res->outside_county_m2 > 0)
        json_object_set_new(o, "outside_county_m2", json_real(res->outside_county_m2));
    json_t *reasons = json_array(), *ovs = json_array();
    for (size_t i = 0; i < res->n_ov; i++) {
        const struct zn_overlap *ov = &res->ov[i];
        const struct zn_zone *z = &r->zones[ov->zone];
        json_t *j = json_object();
        json_object_set_new(j, "zone", json_string(z->id));
        json_object_set_new(j, "layer", json_string(z->layer));
        if (z->line || res->line) {
            json_object_set_new(j, "length_m", json_real(ov->length_m));
        } else {
            json_object_set_new(j, "planar_area_m2", json_real(ov->planar_m2));
            json_object_set_new(j, "ellipsoidal_area_m2", json_real(ov->ellipsoidal_m2));
            json_object_set_new(j, "ha", json_real(ov->ellipsoidal_m2 / GEO_M2_PER_HA));
            json_object_set_new(j, "mu", json_real(ov->ellipsoidal_m2 / GEO_M2_PER_MU));
        }
        json_object_set_new(j, "counts", json_boolean(ov->counts));
        json_array_append_new(ovs, j);
        if (ov->counts)
            json_array_append_new(reasons, rule_json(r, ov));
    }
    if (!json_array_size(reasons)) {
        json_t *j = json_object();
        json_object_set_new(j, "decision", json_string("allowed"));
        json_object_set_new(j, "basis", json_string("the footprint occupies no control zone"));
        json_array_append_new(reasons, j);
    }
    json_object_set_new(o, "reasons", reasons);
    json_t *adm = json_array();
    for (size_t i = 0; i < res->n_admin; i++) {
        json_t *a = json_object();
        json_object_set_new(a, "region", json_string(res->admin[i].name));
        json_object_set_new(a, "main_function_zone", json_string(res->admin[i].mfz));
        json_array_append_new(adm, a);
    }
    json_object_set_new(o, "regions", adm);
    json_object_set_new(o, "overlaps", ovs);
    json_t *cls = json_array();
    for (size_t i = 0; i < res->n_classes; i++) {
        json_t *j = json_object();
        json_object_set_new(j, "scheme", json_string(zn_scheme_name(res->scheme)));
        json_object_set_new(j, "code", json_string(res->classes[i].dlbm));
        /* a code the scheme does not list keeps no name: the answer never guesses one */
        const struct zn_landclass *lc = zn_landclass_find(res->scheme, res->classes[i].dlbm);
        if (lc) {
            json_object_set_new(j, "zh", json_string(lc->zh));
            json_object_set_new(j, "en", json_string(lc->en));
            if (lc->parent_zh) {
                json_object_set_new(j, "class_zh", json_string(lc->parent_zh));
                json_object_set_new(j, "class_en", json_string(lc->parent_en));
            }
        }
        json_object_set_new(j, "ellipsoidal_area_m2", json_real(res->classes[i].ellipsoidal_m2));
        json_object_set_new(j, "net_area_m2", json_real(res->classes[i].net_m2));
        json_array_append_new(cls, j);
    }
    json_object_set_new(o, "land_classes", cls);
    /* obligations: only from occupation that is neither simply allowed (nothing to make
     * good) nor prohibited (the project cannot proceed, so nothing is owed) */
    json_t *obl = json_array();
    for (size_t i = 0; i < res->n_ov; i++) {
        const struct zn_overlap *ov = &res->ov[i];
        const char *zid = r->zones[ov->zone].id;
        if (!ov->counts || ov->rule->decision == ZN_ALLOWED || ov->rule->decision == ZN_PROHIBITED)
            continue;
        if (!strcmp(zid, "natural_shoreline")) {
            json_t *j = json_object();
            json_object_set_new(j, "obligation", json_string("shoreline_restoration"));
            json_object_set_new(j, "zh", json_string("岸线占补平衡：修复同等长度自然岸线"));
            json_object_set_new(j, "length_m", json_real(ov->length_m));
            json_object_set_new(j, "type", json_string("自然岸线"));
            json_array_append_new(obl, j);
        } else if (!strcmp(zid, "eco_redline")) {
            json_t *j = json_object();
            json_object_set_new(j, "obligation", json_string("redline_restoration"));
            json_object_set_new(j, "zh", json_string("生态保护红线内占用的生态修复责任"));
            json_object_set_new(j, "area_m2", json_real(ov->ellipsoidal_m2));
            json_array_append_new(obl, j);
        }
    }
    /* the cropland balance is owed once for the footprint's net cropland, whichever of the
     * cropland zones (permanent basic farmland or general cropland) triggered it: the two
     * overlap on the same patches and must not be counted twice */
    int crop_counts = 0;
    for (size_t i = 0; i < res->n_ov; i++) {
        const char *zid = r->zones[res->ov[i].zone].id;
        if (res->ov[i].counts && res->ov[i].rule->decision != ZN_ALLOWED &&
            res->ov[i].rule->decision != ZN_PROHIBITED &&
            (!strcmp(zid, "cropland") || !strcmp(zid, "basic_farmland")))
            crop_counts = 1;
    }
    if (crop_counts && res->crop_net_m2 > 0) {
        json_t *j = json_object();
        json_object_set_new(j, "obligation", json_string("cropland_supplement"));
        json_object_set_new(j, "zh",
                            json_string("耕地占补平衡：补充数量、质量相当的耕地，占水田补水田"));
        json_object_set_new(j, "area_m2", json_real(res->crop_net_m2));
        json_object_set_new(j, "mu", json_real(res->crop_net_m2 / GEO_M2_PER_MU));
        json_object_set_new(j, "paddy_m2", json_real(res->paddy_net_m2));
        json_object_set_new(j, "grain_capacity_kg", json_real(res->grain_capacity_kg));
        json_t *g = json_object();
        for (int k = 1; k <= r->grades && k <= ZN_MAX_GRADES; k++)
            if (res->crop_by_grade_net_m2[k] > 0) {
                char key[8];
                snprintf(key, sizeof key, "%d", k);
                json_object_set_new(g, key, json_real(res->crop_by_grade_net_m2[k]));
            }
        json_object_set_new(j, "net_m2_by_grade", g);
        json_array_append_new(obl, j);
    }
    json_object_set_new(o, "obligations", obl);
    return o;
}

int zn_check_write_pieces(struct geo_vwriter *w, const struct zn_rules *r,
                          const struct zn_check_result *res, struct ls_err *err)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < res->n_ov; i++) {
        const struct zn_overlap *o = &res->ov[i];
        OGRGeometryH g = geo_geos_to_ogr(res->geos, o->piece);
        OGRFeatureH f = geo_vwriter_feature(w);
        OGR_F_SetFieldString(f, 0, res->label);
        OGR_F_SetFieldString(f, 1, r->zones[o->zone].id);
        OGR_F_SetFieldString(f, 2, r->zones[o->zone].layer);
        OGR_F_SetFieldString(f, 3, zn_decision_id(o->rule->decision));
        OGR_F_SetFieldString(f, 4, o->rule->ref);
        OGR_F_SetFieldDouble(f, 5, o->ellipsoidal_m2);
        OGR_F_SetFieldDouble(f, 6, o->length_m);
        if (g) {
            OGRGeometryH c = OGR_G_ForceToMultiPolygon(g);
            if (OGR_GT_Flatten(OGR_G_GetGeometryType(c)) == wkbMultiPolygon)
                OGR_F_SetGeometryDirectly(f, c);
            else
                OGR_G_DestroyGeometry(c); /* lines (shoreline pieces) stay without a polygon */
        }
        rc = geo_vwriter_write(w, f, err);
    }
    return rc;
}

void zn_check_free(struct zn_check_result *res)
{
    for (size_t i = 0; i < res->n_ov; i++)
        if (res->ov[i].piece)
            GEOSGeom_destroy_r(res->geos, res->ov[i].piece);
    res->n_ov = 0;
}
