/* app/plan — see plan.h. */
#include "app/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>

#include "app/check.h"
#include "app/registry.h"
#include "contract/contract.h"
#include "geo/geojson.h"
#include "geo/geos_bridge.h"
#include "geo/transform.h"

/* The command line's: the handles app_plan_open opened, behind the borrowed view. */
struct owned {
    struct app_plan a; /* first: app_plan_close casts back */
    struct zn_rules rules;
    struct zn_data zd;
    int have_rules, have_zd;
};

int app_plan_open(const char *store, const char *county, const char *rules, struct app_plan **out,
                  struct ls_err *err)
{
    struct owned *o = calloc(1, sizeof *o);
    *out = NULL;
    if (!o)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    struct app_plan *a = &o->a;
    int rc = app_registry_open(store, &a->st, &a->reg, err);
    if (!rc)
        rc = con_open(a->st, a->reg, &a->con, err);
    if (!rc)
        rc = pln_open(a->st, a->reg, a->con, &a->pln, err);
    if (!rc && county) {
        if (!(rc = app_rules_open(rules ? rules : "cn-national-2024", &o->rules, err)))
            o->have_rules = 1, a->rules = &o->rules;
        if (!rc && !(rc = zn_data_open(county, &o->rules, &o->zd, err)))
            o->have_zd = 1, a->zd = &o->zd;
        if (!rc)
            rc = geo_area_ctx_new(&o->zd.crs, &a->area, err);
    }
    if (rc) {
        app_plan_close(a);
        return rc;
    }
    *out = a;
    return 0;
}

void app_plan_close(struct app_plan *a)
{
    if (!a)
        return;
    struct owned *o = (struct owned *)a;
    geo_area_ctx_free(a->area);
    if (o->have_zd)
        zn_data_free(&o->zd);
    if (o->have_rules)
        zn_rules_free(&o->rules);
    pln_close(a->pln);
    con_close(a->con);
    if (a->st)
        app_registry_close(a->st, a->reg);
    free(o);
}

/* The control lines on a unit's registered boundary for a use (a project category). */
static int zoning(void *ctx, const char *unit, const char *use, char decision[16], json_t **reasons,
                  struct ls_err *err)
{
    struct app_plan *a = ctx;
    *reasons = NULL;
    int cat = zn_category_find(a->rules, use);
    if (cat < 0)
        return ls_err_set(err, LS_EINVAL, NULL, unit, "use",
                          "rule plan.use: %s is not a use of the rule table %s (GET "
                          "/api/v1/checks/categories lists them)",
                          use && *use ? use : "(none)", a->rules->id);
    unsigned char *wkb = NULL;
    size_t n = 0;
    int rc = reg_unit_geometry(a->reg, unit, &wkb, &n, err);
    if (rc != 1) {
        free(wkb);
        return rc < 0 ? rc
                      : ls_err_set(err, LS_ENOENT, NULL, unit, "unit",
                                   "rule plan.unit: unit %s is not in force", unit);
    }
    GEOSContextHandle_t h = a->zd->geos;
    GEOSWKBReader *rd = GEOSWKBReader_create_r(h);
    GEOSGeometry *g = rd ? GEOSWKBReader_read_r(h, rd, wkb, n) : NULL;
    if (rd)
        GEOSWKBReader_destroy_r(h, rd);
    free(wkb);
    if (!g)
        return ls_err_set(err, LS_EINTERNAL, NULL, unit, "geometry", "unreadable boundary");
    struct zn_check_result res;
    rc = zn_check(a->zd, a->rules, a->area, g, unit, cat, &res, err);
    GEOSGeom_destroy_r(h, g);
    if (rc)
        return rc;
    json_t *j = zn_check_json(a->rules, &res);
    snprintf(decision, 16, "%s", zn_decision_id(res.verdict));
    zn_check_free(&res);
    *reasons = json_incref(json_object_get(j, "reasons"));
    json_decref(j);
    return 0;
}

int app_plan_record(struct app_plan *a, const json_t *request, const char *input, const char *actor,
                    const char *recorded, json_t **out, struct ls_err *err)
{
    *out = NULL;
    if (!a->zd || !a->rules || !a->area)
        return ls_err_set(err, LS_EINVAL, input, NULL, "county",
                          "recording a plan checks its units against the county's control lines: "
                          "give the county's data (--county)");
    int rc = st_begin_write(a->st, err);
    if (rc)
        return rc;
    struct pln_submit_opts o = { actor, recorded, zoning, a };
    json_t *recorded_plan = NULL;
    rc = pln_submit(a->pln, request, &o, input, &recorded_plan, err);
    if (!rc)
        rc = st_commit(a->st, err);
    if (rc)
        st_rollback(a->st);
    /* read back as every reader sees it: with its ledger sequence, actor and approval */
    else
        rc = app_plan_get(a, json_string_value(json_object_get(recorded_plan, "plan")),
                          (long long)json_integer_value(json_object_get(recorded_plan, "version")),
                          0, out, err);
    json_decref(recorded_plan);
    return rc;
}

int app_plan_approve(struct app_plan *a, const char *id, long long version, const char *date,
                     const char *actor, const char *recorded, struct ls_err *err)
{
    int rc = st_begin_write(a->st, err);
    if (rc)
        return rc;
    struct pln_submit_opts o = { actor, recorded, NULL, NULL };
    rc = pln_approve(a->pln, id, version, date, &o, "approval", err);
    if (!rc)
        rc = st_commit(a->st, err);
    if (rc)
        st_rollback(a->st);
    return rc;
}

int app_plan_get(struct app_plan *a, const char *id, long long version, int approved_only,
                 json_t **out, struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = pln_get(a->pln, id, version, approved_only, out, err);
    st_rollback(a->st);
    return rc;
}

int app_plan_list(struct app_plan *a, int approved_only, json_t **out, struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = pln_list(a->pln, approved_only, out, err);
    st_rollback(a->st);
    return rc;
}

int app_plan_track(struct app_plan *a, const char *id, const char *as_of, json_t **out,
                   struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = pln_track(a->pln, id, as_of, out, err);
    st_rollback(a->st);
    return rc;
}

/* One allocation unit as a GeoJSON Feature: its registered boundary (null when the unit is no
 * longer in force) and its tracked fields as properties. */
static int feature(struct app_plan *a, GEOSContextHandle_t h, OGRCoordinateTransformationH ct,
                   json_t *u, json_t *features, struct ls_err *err)
{
    unsigned char *wkb = NULL;
    size_t n = 0;
    const char *unit = json_string_value(json_object_get(u, "unit"));
    int rc = reg_unit_geometry(a->reg, unit, &wkb, &n, err);
    if (rc < 0)
        return rc;
    json_t *geometry = rc == 1 ? geo_geojson_from_wkb(h, wkb, n, ct) : NULL;
    free(wkb);
    if (rc == 1 && !geometry)
        return ls_err_set(err, LS_EINTERNAL, NULL, unit, "geometry", "unreadable boundary");
    json_array_append_new(features, json_pack("{s:s, s:O, s:o}", "type", "Feature", "properties", u,
                                              "geometry", geometry ? geometry : json_null()));
    return 0;
}

int app_plan_map(struct app_plan *a, const char *id, const char *as_of, json_t **out,
                 struct ls_err *err)
{
    *out = NULL;
    json_t *tr = NULL;
    struct geo_transform *to_wgs84 = NULL;
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = pln_track(a->pln, id, as_of, &tr, err);
    if (!rc)
        rc = geo_transform_new(st_srid(a->st), 4326, &to_wgs84, err);
    GEOSContextHandle_t h = rc ? NULL : geo_geos_new();
    if (!rc && !h)
        rc = ls_err_set(err, LS_ENOMEM, NULL, id, "plan", "out of memory");
    json_t *features = json_array();
    size_t i;
    json_t *u;
    json_array_foreach(rc ? NULL : json_object_get(tr, "units"), i, u)
    {
        if ((rc = feature(a, h, geo_transform_ogr(to_wgs84), u, features, err)))
            break;
    }
    st_rollback(a->st);
    if (h)
        GEOS_finish_r(h);
    geo_transform_free(to_wgs84);
    if (!rc) {
        *out = json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", features);
        const char *keys[] = { "plan", "version", "name", "date", "as_of", "reserves", "counts" };
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
            json_object_set(*out, keys[k], json_object_get(tr, keys[k]));
    } else {
        json_decref(features);
    }
    json_decref(tr);
    return rc;
}
