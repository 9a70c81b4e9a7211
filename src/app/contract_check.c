/*
 * app/contract_check — a survey year or a GEP account held against the contracts in force
 * (issue 21: "each later survey year or GEP account checks them and opens a breach with its
 * evidence"). The conditions due on the date are measured on their units: land classes by the
 * survey's patches clipped to the unit's boundary, in ellipsoidal m² (the survey's own area
 * rule, geo/area) and as a share of the unit; a unit's GEP by the account attributed to the
 * registry's units (app/gep_attribution). The evidence file's SHA-256 goes on the ledger with
 * every outcome, so a breach can be shown to rest on that file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>

#include "app/check.h"
#include "app/contract.h"
#include "app/gep_attribution.h"
#include "base/hash.h"
#include "geo/area.h"
#include "geo/geos_bridge.h"
#include "zoning/check.h"

static int ellipsoidal(GEOSContextHandle_t h, struct geo_area_ctx *area, const GEOSGeometry *g,
                       double *m2, struct ls_err *err)
{
    struct geo_mpoly m = { 0 };
    double planar = 0;
    *m2 = 0;
    int rc = g ? geo_mpoly_from_geos(h, g, &m, err) : 0;
    if (!rc && m.npolys)
        rc = geo_area_mpoly(area, &m, &planar, m2, err);
    geo_mpoly_free(&m);
    return rc;
}

static int class_listed(const json_t *classes, const char *dlbm)
{
    size_t i;
    json_t *v;
    json_array_foreach(classes, i, v)
    {
        const char *c = json_string_value(v);
        if (c && !strncmp(dlbm, c, strlen(c)))
            return 1;
    }
    return 0;
}

/* The area of the survey's patches of the listed classes inside the unit, and the unit's. */
static int classes_on_unit(struct app_contract *a, const struct zn_data *d,
                           struct geo_area_ctx *area, const char *unit, const json_t *classes,
                           double *part, double *whole, int *found, struct ls_err *err)
{
    *part = *whole = 0;
    unsigned char *wkb = NULL;
    size_t n = 0;
    int rc = reg_unit_geometry(a->reg, unit, &wkb, &n, err);
    *found = rc == 1;
    if (rc != 1) {
        free(wkb);
        return rc < 0 ? rc : 0;
    }
    GEOSContextHandle_t h = d->geos;
    GEOSWKBReader *rd = GEOSWKBReader_create_r(h);
    GEOSGeometry *u = rd ? GEOSWKBReader_read_r(h, rd, wkb, n) : NULL;
    if (rd)
        GEOSWKBReader_destroy_r(h, rd);
    free(wkb);
    if (!u)
        return ls_err_set(err, LS_EINTERNAL, unit, NULL, "geometry",
                          "the unit's boundary is unreadable");
    rc = ellipsoidal(h, area, u, whole, err);
    const struct zn_layer *l = d->patches >= 0 ? &d->layers[d->patches] : NULL;
    struct zn_hits hits = { 0 };
    if (!rc && l)
        GEOSSTRtree_query_r(h, l->tree, u, zn_collect, &hits);
    for (size_t i = 0; !rc && i < hits.n; i++) {
        const struct zn_feature *f = &l->f[hits.idx[i]];
        if (!class_listed(classes, f->dlbm) || !GEOSPreparedIntersects_r(h, f->prep, u))
            continue;
        /* patches partition the land: their pieces inside the unit never overlap */
        GEOSGeometry *x = GEOSIntersection_r(h, u, f->g);
        double m2 = 0;
        rc = ellipsoidal(h, area, x, &m2, err);
        *part += m2;
        if (x)
            GEOSGeom_destroy_r(h, x);
    }
    free(hits.idx);
    GEOSGeom_destroy_r(h, u);
    return rc;
}

static int survey_measures(struct app_contract *a, const char *path, const json_t *due,
                           struct con_measure *m, int *n, struct ls_err *err)
{
    struct zn_rules rules;
    struct zn_data d;
    struct geo_area_ctx *area = NULL;
    static const char *const layers[] = { "landuse_patch", NULL };
    int rc = app_rules_open("cn-national-2024", &rules, err);
    if (rc)
        return rc;
    rc = zn_data_open_layers(path, &rules, layers, &d, err);
    int have_d = !rc;
    if (!rc && d.patches < 0)
        rc = ls_err_set(err, LS_EINVAL, path, NULL, "landuse_patch",
                        "a survey check needs the land-survey patches (landuse_patch)");
    if (!rc)
        rc = geo_area_ctx_new(&d.crs, &area, err);
    size_t i;
    json_t *x;
    json_array_foreach(due, i, x)
    {
        const char *kind = json_string_value(json_object_get(x, "kind"));
        if (rc || strncmp(kind, "land_class_", 11))
            continue;
        double part = 0, whole = 0;
        int found = 0;
        rc = classes_on_unit(a, &d, area, json_string_value(json_object_get(x, "unit")),
                             json_object_get(x, "classes"), &part, &whole, &found, err);
        int share = !strcmp(json_string_value(json_object_get(x, "basis")), "share");
        m[*n].contract = json_string_value(json_object_get(x, "contract"));
        m[*n].condition = json_string_value(json_object_get(x, "condition"));
        m[*n].figure = share ? (whole > 0 ? part / whole : 0) : part;
        m[*n].measured = found;
        (*n)++;
    }
    geo_area_ctx_free(area);
    if (have_d)
        zn_data_free(&d);
    zn_rules_free(&rules);
    return rc;
}

static int gep_measures(const struct app_contract_evidence *e, const json_t *due,
                        struct con_measure *m, int *n, struct ls_err *err)
{
    struct app_gep_attribution g;
    struct app_gep_attribution_opts o = { e->store, e->gep_dir, NULL };
    int rc = app_gep_attribute(&o, &g, err);
    if (rc)
        return rc;
    size_t i;
    json_t *x;
    json_array_foreach(due, i, x)
    {
        if (strcmp(json_string_value(json_object_get(x, "kind")), "gep_min"))
            continue;
        const char *unit = json_string_value(json_object_get(x, "unit"));
        const char *item = json_string_value(json_object_get(x, "item"));
        if (!strcmp(item, "total"))
            item = "gep";
        size_t u = 0, it = 0;
        while (u < g.n_units && strcmp(g.units[u], unit))
            u++;
        while (it < g.n_items && strcmp(g.items[it], item))
            it++;
        m[*n].contract = json_string_value(json_object_get(x, "contract"));
        m[*n].condition = json_string_value(json_object_get(x, "condition"));
        m[*n].measured = u < g.n_units && it < g.n_items;
        m[*n].figure = m[*n].measured ? g.sums[u * g.n_items + it] : 0;
        (*n)++;
    }
    app_gep_attribution_free(&g);
    return 0;
}

int app_contract_check(struct app_contract *a, const char *date,
                       const struct app_contract_evidence *e, const char *actor,
                       const char *recorded, json_t **out, struct ls_err *err)
{
    *out = NULL;
    if (!!e->survey == !!e->gep_dir)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "evidence",
                          "a check rests on one survey or one GEP account");
    const char *file = e->survey ? e->survey : e->gep_dir;
    char sha[LS_SHA256_HEX] = "", acct[1200];
    snprintf(acct, sizeof acct, "%s/account.json", file);
    int rc = ls_sha256_file(e->survey ? e->survey : acct, sha, err);
    json_t *due = NULL;
    struct con_measure *m = NULL;
    int n = 0;
    /* the units are read in the snapshot the due list comes from */
    if (!rc && !(rc = st_begin_read(a->st, err))) {
        rc = con_due(a->con, date, &due, err);
        size_t nd = json_array_size(due);
        m = rc ? NULL : calloc(nd ? nd : 1, sizeof *m);
        if (!rc && !m)
            rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        if (!rc && e->survey)
            rc = survey_measures(a, e->survey, due, m, &n, err);
        st_rollback(a->st);
    }
    if (!rc && e->gep_dir)
        rc = gep_measures(e, due, m, &n, err);
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    json_t *ev = json_pack("{s:s, s:s, s:s, s:i}", "kind", e->survey ? "survey" : "gep", "file",
                           base, "sha256", sha, "year", e->year);
    if (!rc)
        rc = st_begin_write(a->st, err);
    if (!rc) {
        struct con_submit_opts o = { actor, recorded };
        rc = con_check(a->con, date, ev, m, n, &o, out, err);
        if (!rc)
            rc = st_commit(a->st, err);
        if (rc)
            st_rollback(a->st);
    }
    json_decref(ev);
    json_decref(due);
    free(m);
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}
