/*
 * app/indicator_accept — the acceptance check of a source project, computed from the
 * county's data, never typed in (issue 19, docs/indicator.md "Acceptance rules"):
 *   reclamation  the parcel was not cropland in the baseline survey and is after; not in the
 *                red line; quantity = ellipsoidal area × (1 − KCXS) of the new cropland,
 *                paddy from 0101, capacity and grade from the later survey (zoning/check's
 *                own formulas, run over the new cropland alone)
 *   withdrawal   in the red line; construction land in the baseline, forest, grass or
 *                wetland after; credit = area × k (data/indicator, per province)
 *   shoreline    on the shoreline layer; artificial in the baseline, natural after; length
 *                on the CGCS2000 ellipsoid (geodesic, PROJ's geod_inverse)
 *   sink         the GEP engine's carbon sequestration of the vintage (t CO₂ per cell) summed
 *                over the footprint by the share of each cell it covers, less the class's
 *                buffer share, in kgCO2e
 * Each rule gives {rule, passed, figures, zh, en}; passed is their conjunction.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <geodesic.h>
#include <jansson.h>

#include "app/indicator.h"
#include "geo/area.h"
#include "geo/geos_bridge.h"
#include "indicator/classes.h"
#include "zoning/check.h"

/* Shares under which a parcel counts as "was not" / over which it counts as "is": a
 * digitising sliver along a boundary must not fail a parcel, a real part must. */
#define SHARE_SLIVER  0.05
#define SHARE_WHOLE   0.95
#define ON_LINE_M     1.0 /* a restored segment lies on the shoreline within this distance */
#define RED_SLIVER_M2 1.0 /* a reclaimed parcel touches the red line by no more than this */

struct accept_ctx {
    GEOSContextHandle_t h;
    struct geo_area_ctx *area;
    json_t *rules;
    int passed;
};

static void rule(struct accept_ctx *a, const char *id, int passed, const char *zh, const char *en,
                 json_t *figures)
{
    json_t *r = json_object();
    json_object_set_new(r, "rule", json_string(id));
    json_object_set_new(r, "passed", json_boolean(passed));
    json_object_set_new(r, "zh", json_string(zh));
    json_object_set_new(r, "en", json_string(en));
    json_object_set_new(r, "figures", figures ? figures : json_object());
    json_array_append_new(a->rules, r);
    a->passed &= passed;
}

static int ellipsoidal(struct accept_ctx *a, const GEOSGeometry *g, double *m2, struct ls_err *err)
{
    struct geo_mpoly m = { 0 };
    double planar = 0;
    *m2 = 0;
    int rc = g ? geo_mpoly_from_geos(a->h, g, &m, err) : 0;
    if (!rc && m.npolys)
        rc = geo_area_mpoly(a->area, &m, &planar, m2, err);
    geo_mpoly_free(&m);
    return rc;
}

typedef int (*patch_pred)(const struct zn_feature *f);

/* The union of fp ∩ the features of layer li that pred accepts (all when NULL); NULL when
 * none. */
static GEOSGeometry *union_where(struct accept_ctx *a, const struct zn_data *d, int li,
                                 const GEOSGeometry *fp, patch_pred pred)
{
    if (li < 0)
        return NULL;
    const struct zn_layer *l = &d->layers[li];
    struct zn_hits hits = { 0 };
    GEOSSTRtree_query_r(a->h, l->tree, fp, zn_collect, &hits);
    GEOSGeometry **parts = calloc(hits.n ? hits.n : 1, sizeof *parts);
    size_t n = 0;
    for (size_t i = 0; parts && i < hits.n; i++) {
        const struct zn_feature *f = &l->f[hits.idx[i]];
        if (pred && !pred(f))
            continue;
        if (!GEOSPreparedIntersects_r(a->h, f->prep, fp))
            continue;
        GEOSGeometry *x = GEOSIntersection_r(a->h, fp, f->g);
        if (x)
            parts[n++] = x;
    }
    free(hits.idx);
    GEOSGeometry *u = NULL;
    if (n) {
        GEOSGeometry *coll =
            GEOSGeom_createCollection_r(a->h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)n);
        u = coll ? GEOSUnaryUnion_r(a->h, coll) : NULL;
        if (coll)
            GEOSGeom_destroy_r(a->h, coll);
    }
    free(parts);
    return u;
}

static int is_cropland(const struct zn_feature *f)
{
    return !strncmp(f->dlbm, "01", 2) && strcmp(f->dlbm, "0104") != 0;
}

/* TD/T 1055—2019 construction land: 05 商服 … 09 特殊, and 10 交通运输 except 1006 农村道路 */
static int is_construction(const struct zn_feature *f)
{
    const char *c = f->dlbm;
    return (c[0] == '0' && c[1] >= '5' && c[1] <= '9') ||
           (!strncmp(c, "10", 2) && strcmp(c, "1006") != 0);
}

/* forest 03, grassland 04, and the wetland classes 1105, 1106, 1108 (00 湿地 of the survey) */
static int is_ecological(const struct zn_feature *f)
{
    const char *c = f->dlbm;
    return !strncmp(c, "03", 2) || !strncmp(c, "04", 2) || !strcmp(c, "1105") ||
           !strcmp(c, "1106") || !strcmp(c, "1108");
}

static json_t *share_figures(double part, double whole)
{
    return json_pack("{s:f, s:f, s:f}", "area_m2", part, "footprint_m2", whole, "share",
                     whole > 0 ? part / whole : 0.0);
}

static int reclamation(struct accept_ctx *a, const struct app_accept_data *in,
                       const GEOSGeometry *fp, json_t *out, struct ls_err *err)
{
    double whole = 0, before = 0, red = 0, after = 0;
    int rc = ellipsoidal(a, fp, &whole, err);
    GEOSGeometry *crop0 = union_where(a, in->baseline, in->baseline->patches, fp, is_cropland);
    GEOSGeometry *crop1 = union_where(a, in->current, in->current->patches, fp, is_cropland);
    GEOSGeometry *redl =
        union_where(a, in->current, zn_data_layer(in->current, "eco_redline"), fp, NULL);
    if (!rc)
        rc = ellipsoidal(a, crop0, &before, err);
    if (!rc)
        rc = ellipsoidal(a, crop1, &after, err);
    if (!rc)
        rc = ellipsoidal(a, redl, &red, err);
    GEOSGeometry *fresh = NULL;
    if (!rc)
        fresh = crop0 ? GEOSDifference_r(a->h, fp, crop0) : GEOSGeom_clone_r(a->h, fp);
    if (!rc && !fresh)
        rc = ls_err_set(err, LS_ELIB, NULL, NULL, NULL, "GEOS could not subtract the baseline");
    struct zn_check_result res;
    memset(&res, 0, sizeof res);
    if (!rc && !GEOSisEmpty_r(a->h, fresh))
        rc = zn_check(in->current, in->rules, a->area, fresh, "reclamation", 0, &res, err);
    if (!rc) {
        rule(a, "reclaim.baseline_not_cropland", before <= SHARE_SLIVER * whole,
             "基期（年度变更调查）不是耕地", "not cropland in the baseline survey",
             share_figures(before, whole));
        rule(a, "reclaim.cropland_after", after >= SHARE_WHOLE * whole, "后期调查为耕地",
             "cropland in the later survey", share_figures(after, whole));
        rule(a, "reclaim.outside_redline", red <= RED_SLIVER_M2, "不在生态保护红线内",
             "not in the ecological protection red line", share_figures(red, whole));
        /* units are whole m² and kg, rounded down: issued supply is never overstated */
        int64_t q = (int64_t)floor(res.crop_net_m2), c = (int64_t)floor(res.grain_capacity_kg),
                p = (int64_t)floor(res.paddy_net_m2);
        double gsum = 0, wsum = 0;
        for (int g = 1; g <= ZN_MAX_GRADES; g++) {
            gsum += g * res.crop_by_grade_net_m2[g];
            wsum += res.crop_by_grade_net_m2[g];
        }
        json_t *qs = json_object();
        if (q > 0)
            json_object_set_new(qs, "CRQ", json_integer(q));
        if (c > 0)
            json_object_set_new(qs, "CRC", json_integer(c));
        if (p > 0)
            json_object_set_new(qs, "CRP", json_integer(p));
        json_object_set_new(out, "quantities", qs);
        json_t *at = json_object();
        if (wsum > 0)
            json_object_set_new(at, "quality_grade", json_integer((json_int_t)lround(gsum / wsum)));
        json_object_set_new(at, "new_cropland_net_m2", json_real(res.crop_net_m2));
        json_object_set_new(out, "attributes", at);
        rule(a, "reclaim.quantity", q > 0, "新增耕地数量大于零", "some new cropland to issue",
             json_pack("{s:f, s:f, s:f}", "net_m2", res.crop_net_m2, "paddy_m2", res.paddy_net_m2,
                       "grain_capacity_kg", res.grain_capacity_kg));
    }
    if (res.geos)
        zn_check_free(&res);
    GEOSGeometry *gs[] = { crop0, crop1, redl, fresh };
    for (int i = 0; i < 4; i++)
        if (gs[i])
            GEOSGeom_destroy_r(a->h, gs[i]);
    return rc;
}

static int withdrawal(struct accept_ctx *a, const struct app_accept_data *in,
                      const GEOSGeometry *fp, json_t *out, struct ls_err *err)
{
    double whole = 0, red = 0, built = 0, eco = 0;
    int rc = ellipsoidal(a, fp, &whole, err);
    GEOSGeometry *redl =
        union_where(a, in->current, zn_data_layer(in->current, "eco_redline"), fp, NULL);
    GEOSGeometry *b0 = union_where(a, in->baseline, in->baseline->patches, fp, is_construction);
    GEOSGeometry *e1 = union_where(a, in->current, in->current->patches, fp, is_ecological);
    if (!rc)
        rc = ellipsoidal(a, redl, &red, err);
    if (!rc)
        rc = ellipsoidal(a, b0, &built, err);
    if (!rc)
        rc = ellipsoidal(a, e1, &eco, err);
    if (!rc) {
        rule(a, "withdraw.in_redline", red >= SHARE_WHOLE * whole, "位于生态保护红线内",
             "inside the ecological protection red line", share_figures(red, whole));
        rule(a, "withdraw.construction_before", built >= SHARE_WHOLE * whole, "基期为建设用地",
             "construction land in the baseline survey", share_figures(built, whole));
        rule(a, "withdraw.ecological_after", eco >= SHARE_WHOLE * whole, "腾退后为林地、草地或湿地",
             "forest, grassland or wetland after", share_figures(eco, whole));
        double k = in->withdrawal_k > 0 ? in->withdrawal_k : 1.0;
        int64_t credit = (int64_t)floor(built * k);
        json_object_set_new(out, "quantities", json_pack("{s:I}", "RLW", (json_int_t)credit));
        json_object_set_new(out, "attributes",
                            json_pack("{s:f, s:f}", "ratio_k", k, "withdrawn_m2", built));
        rule(a, "withdraw.quantity", credit > 0, "折算规模大于零", "some scale to issue",
             json_pack("{s:f, s:f}", "withdrawn_m2", built, "ratio_k", k));
    }
    GEOSGeometry *gs[] = { redl, b0, e1 };
    for (int i = 0; i < 3; i++)
        if (gs[i])
            GEOSGeom_destroy_r(a->h, gs[i]);
    return rc;
}

/* Length of a line in the data's CRS on the CGCS2000 ellipsoid: each segment's geodesic. */
static int geodesic_length(struct accept_ctx *a, const GEOSGeometry *g, double *m,
                           struct ls_err *err)
{
    struct geod_geodesic geod;
    geod_init(&geod, GEO_CGCS2000_A, 1.0 / GEO_CGCS2000_INVF);
    *m = 0;
    int parts = GEOSGetNumGeometries_r(a->h, g);
    for (int p = 0; p < parts; p++) {
        const GEOSGeometry *line = GEOSGetGeometryN_r(a->h, g, p);
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(a->h, line);
        unsigned n = 0;
        if (!cs || !GEOSCoordSeq_getSize_r(a->h, cs, &n) || n < 2)
            continue;
        double *xy = malloc(4 * (size_t)n * sizeof *xy);
        if (!xy)
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        for (unsigned i = 0; i < n; i++) {
            GEOSCoordSeq_getX_r(a->h, cs, i, &xy[2 * i]);
            GEOSCoordSeq_getY_r(a->h, cs, i, &xy[2 * i + 1]);
        }
        int rc = geo_area_to_lonlat(a->area, xy, n, xy + 2 * n, err);
        for (unsigned i = 1; !rc && i < n; i++) {
            const double *p0 = xy + 2 * n + 2 * (i - 1), *p1 = xy + 2 * n + 2 * i;
            double s12 = 0;
            geod_inverse(&geod, p0[1], p0[0], p1[1], p1[0], &s12, NULL, NULL);
            *m += s12;
        }
        free(xy);
        if (rc)
            return rc;
    }
    return 0;
}

static int shoreline_of_type(struct accept_ctx *a, const struct zn_data *d, const GEOSGeometry *fp,
                             const char *axlx, double *on_m, struct ls_err *err)
{
    (void)err;
    *on_m = 0;
    int li = zn_data_layer(d, "shoreline");
    if (li < 0)
        return 0;
    const struct zn_layer *l = &d->layers[li];
    GEOSGeometry *zone = GEOSBuffer_r(a->h, fp, ON_LINE_M, 4);
    struct zn_hits hits = { 0 };
    GEOSSTRtree_query_r(a->h, l->tree, zone, zn_collect, &hits);
    GEOSGeometry *near = NULL;
    for (size_t i = 0; i < hits.n; i++) {
        const struct zn_feature *f = &l->f[hits.idx[i]];
        if (axlx && strcmp(f->value, axlx))
            continue;
        GEOSGeometry *band = GEOSBuffer_r(a->h, f->g, ON_LINE_M, 4);
        GEOSGeometry *u = near ? GEOSUnion_r(a->h, near, band) : GEOSGeom_clone_r(a->h, band);
        if (near)
            GEOSGeom_destroy_r(a->h, near);
        GEOSGeom_destroy_r(a->h, band);
        near = u;
    }
    free(hits.idx);
    GEOSGeom_destroy_r(a->h, zone);
    if (near) {
        GEOSGeometry *x = GEOSIntersection_r(a->h, fp, near);
        if (x) {
            GEOSLength_r(a->h, x, on_m);
            GEOSGeom_destroy_r(a->h, x);
        }
        GEOSGeom_destroy_r(a->h, near);
    }
    return 0;
}

static int shoreline(struct accept_ctx *a, const struct app_accept_data *in, const GEOSGeometry *fp,
                     json_t *out, struct ls_err *err)
{
    double planar = 0, on = 0, natural_after = 0, artificial_before = 0, geodesic = 0;
    GEOSLength_r(a->h, fp, &planar);
    int rc = shoreline_of_type(a, in->current, fp, NULL, &on, err);
    if (!rc)
        rc = shoreline_of_type(a, in->current, fp, "自然岸线", &natural_after, err);
    if (!rc)
        rc = shoreline_of_type(a, in->baseline, fp, "人工岸线", &artificial_before, err);
    if (!rc)
        rc = geodesic_length(a, fp, &geodesic, err);
    if (rc)
        return rc;
    rule(a, "shoreline.on_line", on >= SHARE_WHOLE * planar, "位于岸线上", "on the shoreline layer",
         json_pack("{s:f, s:f}", "on_m", on, "length_m", planar));
    rule(a, "shoreline.artificial_before", artificial_before >= SHARE_WHOLE * planar,
         "基期为人工岸线", "artificial in the baseline",
         json_pack("{s:f, s:f}", "artificial_m", artificial_before, "length_m", planar));
    rule(a, "shoreline.natural_after", natural_after >= SHARE_WHOLE * planar, "修复后为自然岸线",
         "natural after restoration",
         json_pack("{s:f, s:f}", "natural_m", natural_after, "length_m", planar));
    int64_t cm = (int64_t)floor(geodesic * 100.0);
    json_object_set_new(out, "quantities", json_pack("{s:I}", "SHL", (json_int_t)cm));
    json_object_set_new(out, "attributes",
                        json_pack("{s:s, s:f, s:f}", "shoreline_type", "自然岸线",
                                  "geodesic_length_m", geodesic, "planar_length_m", planar));
    return 0;
}

/* Σ value × covered share of each cell of the raster at path over fp (in the raster's CRS,
 * which is the county's): the cells under the footprint's box, each cut by the footprint. */
static int raster_sum(struct accept_ctx *a, const char *path, const GEOSGeometry *fp, double *sum,
                      double *covered, double *missing, struct ls_err *err)
{
    *sum = *covered = *missing = 0;
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return ls_err_set(err, LS_ENOENT, path, NULL, "gep", "cannot open the GEP raster");
    double gt[6];
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    int has_nd = 0;
    double nd = b ? GDALGetRasterNoDataValue(b, &has_nd) : 0;
    int rc = GDALGetGeoTransform(ds, gt) == CE_None && gt[2] == 0 && gt[4] == 0 && gt[5] < 0
                 ? 0
                 : ls_err_set(err, LS_EINVAL, path, NULL, "gep", "not a north-up raster");
    double x0, y0, x1, y1;
    GEOSGeom_getXMin_r(a->h, fp, &x0);
    GEOSGeom_getYMin_r(a->h, fp, &y0);
    GEOSGeom_getXMax_r(a->h, fp, &x1);
    GEOSGeom_getYMax_r(a->h, fp, &y1);
    int nx = GDALGetRasterXSize(ds), ny = GDALGetRasterYSize(ds);
    long c0 = (long)floor((x0 - gt[0]) / gt[1]), c1 = (long)floor((x1 - gt[0]) / gt[1]);
    long r0 = (long)floor((y1 - gt[3]) / gt[5]), r1 = (long)floor((y0 - gt[3]) / gt[5]);
    const GEOSPreparedGeometry *pfp = rc ? NULL : GEOSPrepare_r(a->h, fp);
    double cell = fabs(gt[1] * gt[5]), whole = 0;
    GEOSArea_r(a->h, fp, &whole);
    for (long r = r0; !rc && r <= r1; r++)
        for (long c = c0; !rc && c <= c1; c++) {
            double cx0 = gt[0] + (double)c * gt[1], cy1 = gt[3] + (double)r * gt[5];
            GEOSGeometry *box =
                GEOSGeom_createRectangle_r(a->h, cx0, cy1 + gt[5], cx0 + gt[1], cy1);
            double share = 0;
            if (box && GEOSPreparedIntersects_r(a->h, pfp, box) == 1) {
                if (GEOSPreparedContains_r(a->h, pfp, box) == 1)
                    share = 1;
                else {
                    GEOSGeometry *x = GEOSIntersection_r(a->h, fp, box);
                    double ar = 0;
                    if (x) {
                        GEOSArea_r(a->h, x, &ar);
                        GEOSGeom_destroy_r(a->h, x);
                    }
                    share = ar / cell;
                }
            }
            if (box)
                GEOSGeom_destroy_r(a->h, box);
            if (share <= 0)
                continue;
            float v = 0;
            int inside = c >= 0 && r >= 0 && c < nx && r < ny;
            if (inside && GDALRasterIO(b, GF_Read, (int)c, (int)r, 1, 1, &v, 1, 1, GDT_Float32, 0,
                                       0) != CE_None)
                rc = ls_err_set(err, LS_EIO, path, NULL, "gep", "cannot read cell %ld,%ld", c, r);
            if (!inside || (has_nd && (double)v == nd) || isnan(v))
                *missing += share * cell;
            else {
                *sum += share * (double)v;
                *covered += share * cell;
            }
        }
    if (pfp)
        GEOSPreparedGeom_destroy_r(a->h, pfp);
    GDALClose(ds);
    (void)whole;
    return rc;
}

static int sink(struct accept_ctx *a, const struct app_accept_data *in, const GEOSGeometry *fp,
                json_t *out, struct ls_err *err)
{
    if (!in->gep_run)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "gep",
                          "a sink's acceptance needs the GEP run of its vintage (--gep DIR)");
    char path[1200], acc[1200];
    snprintf(path, sizeof path, "%s/carbon_sequestration_physical.tif", in->gep_run);
    snprintf(acc, sizeof acc, "%s/account.json", in->gep_run);
    /* a run's account.json keeps its metadata under "account" (year, method.id); a bare
     * {"year", "method"} is read too */
    json_t *account = json_load_file(acc, 0, NULL);
    json_t *meta =
        json_object_get(account, "account") ? json_object_get(account, "account") : account;
    json_int_t year = json_integer_value(json_object_get(meta, "year"));
    json_t *m = json_object_get(meta, "method");
    const char *method =
        json_is_object(m) ? json_string_value(json_object_get(m, "id")) : json_string_value(m);
    char method_copy[64];
    snprintf(method_copy, sizeof method_copy, "%s", method ? method : "");
    json_decref(account);
    double sum = 0, covered = 0, missing = 0, whole = 0;
    int rc = raster_sum(a, path, fp, &sum, &covered, &missing, err);
    if (rc)
        return rc;
    GEOSArea_r(a->h, fp, &whole);
    const struct ind_class *k = ind_class_find("carbon_sink");
    double buffer = k ? k->buffer_share : 0.2;
    rule(a, "sink.gep_account", year > 0, "有该年份的 GEP 核算（固碳实物量）",
         "the vintage's GEP account (carbon sequestration)",
         json_pack("{s:I, s:s}", "vintage", year, "method", method_copy));
    rule(a, "sink.covered", covered >= SHARE_WHOLE * whole, "核算栅格覆盖项目范围",
         "the account's raster covers the footprint",
         json_pack("{s:f, s:f}", "covered_m2", covered, "footprint_m2", whole));
    /* t CO₂ → kg, less the non-permanence buffer withheld from issuance */
    int64_t kg = (int64_t)floor(sum * 1000.0 * (1.0 - buffer));
    rule(a, "sink.quantity", kg > 0, "净固碳量大于零", "some net sequestration to issue",
         json_pack("{s:f, s:f, s:I}", "sequestration_t", sum, "buffer_share", buffer, "kgCO2e",
                   (json_int_t)kg));
    json_object_set_new(out, "quantities", json_pack("{s:I}", "CCS", (json_int_t)kg));
    char vintage[8];
    snprintf(vintage, sizeof vintage, "%lld", (long long)year);
    json_object_set_new(out, "attributes",
                        json_pack("{s:s, s:s, s:f, s:f}", "methodology", method_copy, "vintage",
                                  vintage, "buffer_share", buffer, "sequestration_t", sum));
    return 0;
}

int app_indicator_assess(const struct app_accept_data *in, const char *class_id,
                         const unsigned char *wkb, size_t wkb_n, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct accept_ctx a = { in->current->geos, in->area, json_array(), 1 };
    GEOSWKBReader *r = GEOSWKBReader_create_r(a.h);
    GEOSGeometry *fp = r ? GEOSWKBReader_read_r(a.h, r, wkb, wkb_n) : NULL;
    if (r)
        GEOSWKBReader_destroy_r(a.h, r);
    if (!fp) {
        json_decref(a.rules);
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "footprint",
                          "the project's stored footprint is not WKB GEOS can read");
    }
    json_t *o = json_object();
    int rc;
    if (!strcmp(class_id, "cropland"))
        rc = reclamation(&a, in, fp, o, err);
    else if (!strcmp(class_id, "redline_withdrawal"))
        rc = withdrawal(&a, in, fp, o, err);
    else if (!strcmp(class_id, "shoreline"))
        rc = shoreline(&a, in, fp, o, err);
    else if (!strcmp(class_id, "carbon_sink"))
        rc = sink(&a, in, fp, o, err);
    else
        rc = ls_err_set(err, LS_EUNSUPP, NULL, NULL, "class",
                        "the acceptance of %s projects is not computed (docs/indicator.md)",
                        class_id);
    GEOSGeom_destroy_r(a.h, fp);
    if (rc) {
        json_decref(a.rules);
        json_decref(o);
        return rc;
    }
    json_object_set_new(o, "rules", a.rules);
    json_object_set_new(o, "passed", json_boolean(a.passed));
    *out = o;
    return 0;
}

struct counted {
    struct accept_ctx *a;
    const GEOSGeometry *fp;
    int line;
    double overlap;
    json_t *with;
};

static int count_overlap(void *ctx, const char *no, const unsigned char *wkb, size_t n,
                         struct ls_err *err)
{
    struct counted *c = ctx;
    GEOSWKBReader *r = GEOSWKBReader_create_r(c->a->h);
    GEOSGeometry *g = r ? GEOSWKBReader_read_r(c->a->h, r, wkb, n) : NULL;
    if (r)
        GEOSWKBReader_destroy_r(c->a->h, r);
    if (!g)
        return 0;
    int rc = 0;
    if (c->line) {
        /* a restored stretch counted twice: the new line within 1 m of an accepted one */
        GEOSGeometry *band = GEOSBuffer_r(c->a->h, g, ON_LINE_M, 4);
        GEOSGeometry *x = band ? GEOSIntersection_r(c->a->h, c->fp, band) : NULL;
        double len = 0;
        if (x)
            GEOSLength_r(c->a->h, x, &len);
        if (len > ON_LINE_M) {
            c->overlap += len;
            json_array_append_new(c->with, json_string(no));
        }
        if (x)
            GEOSGeom_destroy_r(c->a->h, x);
        if (band)
            GEOSGeom_destroy_r(c->a->h, band);
    } else if (GEOSIntersects_r(c->a->h, c->fp, g) == 1) {
        GEOSGeometry *x = GEOSIntersection_r(c->a->h, c->fp, g);
        double m2 = 0;
        rc = x ? ellipsoidal(c->a, x, &m2, err) : 0;
        if (m2 > RED_SLIVER_M2) {
            c->overlap += m2;
            json_array_append_new(c->with, json_string(no));
        }
        if (x)
            GEOSGeom_destroy_r(c->a->h, x);
    }
    GEOSGeom_destroy_r(c->a->h, g);
    return rc;
}

int app_indicator_counted_once(struct ind *in, const struct app_accept_data *d,
                               const char *class_id, const char *project_no,
                               const unsigned char *wkb, size_t wkb_n, json_t *check,
                               struct ls_err *err)
{
    struct accept_ctx a = { d->current->geos, d->area, json_object_get(check, "rules"), 1 };
    GEOSWKBReader *r = GEOSWKBReader_create_r(a.h);
    GEOSGeometry *fp = r ? GEOSWKBReader_read_r(a.h, r, wkb, wkb_n) : NULL;
    if (r)
        GEOSWKBReader_destroy_r(a.h, r);
    if (!fp)
        return ls_err_set(err, LS_EINTERNAL, project_no, NULL, "footprint",
                          "the project's stored footprint is not WKB GEOS can read");
    int type = GEOSGeomTypeId_r(a.h, fp);
    struct counted c = { &a, fp, type == GEOS_LINESTRING || type == GEOS_MULTILINESTRING, 0,
                         json_array() };
    int rc = ind_counted_footprints(in, class_id, project_no, count_overlap, &c, err);
    GEOSGeom_destroy_r(a.h, fp);
    if (rc) {
        json_decref(c.with);
        return rc;
    }
    rule(&a, "accept.counted_once", json_array_size(c.with) == 0,
         "未与已验收项目重叠（同一地块不重复入库）", "overlaps no project already accepted",
         json_pack("{s:f, s:o}", c.line ? "overlap_m" : "overlap_m2", c.overlap, "projects",
                   c.with));
    if (!a.passed)
        json_object_set_new(check, "passed", json_false());
    return 0;
}

/* Monitoring (监测): the later survey in in->current still shows what was issued — the
 * reclaimed parcel cropland, the withdrawn parcel not built again and green, the restored
 * shoreline natural. in->baseline is not used. */
int app_indicator_monitor_check(const struct app_accept_data *in, const char *class_id,
                                const unsigned char *wkb, size_t wkb_n, json_t **out,
                                struct ls_err *err)
{
    *out = NULL;
    struct accept_ctx a = { in->current->geos, in->area, json_array(), 1 };
    GEOSWKBReader *r = GEOSWKBReader_create_r(a.h);
    GEOSGeometry *fp = r ? GEOSWKBReader_read_r(a.h, r, wkb, wkb_n) : NULL;
    if (r)
        GEOSWKBReader_destroy_r(a.h, r);
    if (!fp) {
        json_decref(a.rules);
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "footprint",
                          "the project's stored footprint is not WKB GEOS can read");
    }
    double whole = 0, part = 0, built = 0;
    int rc = 0;
    if (!strcmp(class_id, "shoreline")) {
        GEOSLength_r(a.h, fp, &whole);
        rc = shoreline_of_type(&a, in->current, fp, "自然岸线", &part, err);
        if (!rc)
            rule(&a, "monitor.still_natural", part >= SHARE_WHOLE * whole, "岸线仍为自然岸线",
                 "the shoreline is still natural",
                 json_pack("{s:f, s:f}", "natural_m", part, "length_m", whole));
    } else if (!strcmp(class_id, "cropland") || !strcmp(class_id, "redline_withdrawal")) {
        int crop = !strcmp(class_id, "cropland");
        rc = ellipsoidal(&a, fp, &whole, err);
        GEOSGeometry *g = union_where(&a, in->current, in->current->patches, fp,
                                      crop ? is_cropland : is_ecological);
        GEOSGeometry *b =
            crop ? NULL : union_where(&a, in->current, in->current->patches, fp, is_construction);
        if (!rc)
            rc = ellipsoidal(&a, g, &part, err);
        if (!rc)
            rc = ellipsoidal(&a, b, &built, err);
        if (g)
            GEOSGeom_destroy_r(a.h, g);
        if (b)
            GEOSGeom_destroy_r(a.h, b);
        if (!rc && crop)
            rule(&a, "monitor.still_cropland", part >= SHARE_WHOLE * whole, "仍为耕地",
                 "still cropland in the later survey", share_figures(part, whole));
        if (!rc && !crop) {
            rule(&a, "monitor.not_built_again", built <= SHARE_SLIVER * whole, "未复建",
                 "not built on again", share_figures(built, whole));
            rule(&a, "monitor.still_ecological", part >= SHARE_WHOLE * whole,
                 "仍为林地、草地或湿地", "still forest, grassland or wetland",
                 share_figures(part, whole));
        }
    } else
        rc = ls_err_set(err, LS_EUNSUPP, NULL, NULL, "class",
                        "the monitoring of %s projects is not computed yet (docs/indicator.md)",
                        class_id);
    GEOSGeom_destroy_r(a.h, fp);
    if (rc) {
        json_decref(a.rules);
        return rc;
    }
    *out = json_pack("{s:o, s:b}", "rules", a.rules, "passed", a.passed);
    return 0;
}
