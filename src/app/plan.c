/* app/plan — see plan.h. */
#include "app/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>

#include "app/check.h"
#include "app/registry.h"
#include "contract/contract.h"
#include "geo/area.h"
#include "zoning/check.h"

struct app_plan {
    struct ls_store *st;
    struct reg *reg;
    struct con *con;
    struct pln *pln;
    struct zn_rules rules;
    struct zn_data zd;
    struct geo_area_ctx *area;
    int have_rules, have_zd;
};

int app_plan_open(const char *store, const char *county, const char *rules, struct app_plan **out,
                  struct ls_err *err)
{
    struct app_plan *a = calloc(1, sizeof *a);
    *out = NULL;
    if (!a)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    int rc = app_registry_open(store, &a->st, &a->reg, err);
    if (!rc)
        rc = con_open(a->st, a->reg, &a->con, err);
    if (!rc)
        rc = pln_open(a->st, a->reg, a->con, &a->pln, err);
    if (!rc && county) {
        if (!(rc = app_rules_open(rules ? rules : "cn-national-2024", &a->rules, err)))
            a->have_rules = 1;
        if (!rc && !(rc = zn_data_open(county, &a->rules, &a->zd, err)))
            a->have_zd = 1;
        if (!rc)
            rc = geo_area_ctx_new(&a->zd.crs, &a->area, err);
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
    geo_area_ctx_free(a->area);
    if (a->have_zd)
        zn_data_free(&a->zd);
    if (a->have_rules)
        zn_rules_free(&a->rules);
    pln_close(a->pln);
    con_close(a->con);
    if (a->st)
        app_registry_close(a->st, a->reg);
    free(a);
}

/* The control lines on a unit's registered boundary for a use (a project category). */
static int zoning(void *ctx, const char *unit, const char *use, char decision[16], json_t **reasons,
                  struct ls_err *err)
{
    struct app_plan *a = ctx;
    *reasons = NULL;
    int cat = zn_category_find(&a->rules, use);
    if (cat < 0)
        return ls_err_set(err, LS_EINVAL, NULL, unit, "use",
                          "rule plan.use: %s is not a use of the rule table %s (GET "
                          "/api/v1/checks/categories lists them)",
                          use && *use ? use : "(none)", a->rules.id);
    unsigned char *wkb = NULL;
    size_t n = 0;
    int rc = reg_unit_geometry(a->reg, unit, &wkb, &n, err);
    if (rc != 1) {
        free(wkb);
        return rc < 0 ? rc
                      : ls_err_set(err, LS_ENOENT, NULL, unit, "unit",
                                   "rule plan.unit: unit %s is not in force", unit);
    }
    GEOSContextHandle_t h = a->zd.geos;
    GEOSWKBReader *rd = GEOSWKBReader_create_r(h);
    GEOSGeometry *g = rd ? GEOSWKBReader_read_r(h, rd, wkb, n) : NULL;
    if (rd)
        GEOSWKBReader_destroy_r(h, rd);
    free(wkb);
    if (!g)
        return ls_err_set(err, LS_EINTERNAL, NULL, unit, "geometry", "unreadable boundary");
    struct zn_check_result res;
    rc = zn_check(&a->zd, &a->rules, a->area, g, unit, cat, &res, err);
    GEOSGeom_destroy_r(h, g);
    if (rc)
        return rc;
    json_t *j = zn_check_json(&a->rules, &res);
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
    if (!a->have_zd)
        return ls_err_set(err, LS_EINVAL, input, NULL, "county",
                          "recording a plan checks its units against the county's control lines: "
                          "give the county's data (--county)");
    int rc = st_begin_write(a->st, err);
    if (rc)
        return rc;
    struct pln_submit_opts o = { actor, recorded, zoning, a };
    rc = pln_submit(a->pln, request, &o, input, out, err);
    if (!rc)
        rc = st_commit(a->st, err);
    if (rc) {
        st_rollback(a->st);
        json_decref(*out);
        *out = NULL;
    }
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

int app_plan_get(struct app_plan *a, const char *id, long long version, json_t **out,
                 struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = pln_get(a->pln, id, version, out, err);
    st_rollback(a->st);
    return rc;
}

int app_plan_list(struct app_plan *a, json_t **out, struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = pln_list(a->pln, out, err);
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
