/*
 * server/api_indicator — the resource-rights indicator register over HTTP (app/indicator):
 * the public reads (classes, projects with their footprint and acceptance, a project's or a
 * serial's history, obligations, totals per county as of a date), a holder's account for
 * signed-in users, requests recorded all or nothing by a registrar (indicator.write), and a
 * project's acceptance computed from the county's two surveys by a registrar or reviewer
 * (indicator.review). A refusal answers 422 naming the rule and the record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/indicator.h"
#include "base/hash.h"
#include "base/strbuf.h"
#include "geo/geojson.h"
#include "geo/geos_bridge.h"
#include "server/app.h"

typedef int (*ind_read)(struct srv_worker *wk, struct ind *in, struct http_req *r, json_t **out,
                        struct ls_err *err);

static void with_ind(struct http_req *r, struct http_resp *w, ind_read fn)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    json_t *out = NULL;
    struct ind *in = NULL;
    int rc = ind_open(wk->st, wk->reg, &in, &err);
    if (!rc)
        rc = fn(wk, in, r, &out, &err);
    ind_close(in);
    srv_worker_give(app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}

static int classes(struct srv_worker *wk, struct ind *in, struct http_req *r, json_t **out,
                   struct ls_err *err)
{
    (void)wk, (void)in, (void)r;
    return app_indicator_classes(out, err);
}

static int projects(struct srv_worker *wk, struct ind *in, struct http_req *r, json_t **out,
                    struct ls_err *err)
{
    json_t *a = NULL;
    int rc = app_indicator_projects(wk->st, in, http_query(r, "county"), http_query(r, "state"), &a,
                                    err);
    if (!rc)
        *out = json_pack("{s:o}", "projects", a);
    return rc;
}

/* The stored WKB as GeoJSON in EPSG:4326 for the map (the WKB itself is left out). */
static void footprint_geojson(struct srv_worker *wk, json_t *p)
{
    size_t n = 0;
    unsigned char *wkb = ls_unhex_dup(json_string_value(json_object_get(p, "wkb")), &n);
    json_t *g = NULL;
    if (wkb && n && wk->to_wgs84) {
        GEOSContextHandle_t h = geo_geos_new();
        if (h) {
            g = geo_geojson_from_wkb(h, wkb, n, geo_transform_ogr(wk->to_wgs84));
            GEOS_finish_r(h);
        }
    }
    free(wkb);
    json_object_del(p, "wkb");
    json_object_set_new(p, "footprint", g ? g : json_null());
}

static int project(struct srv_worker *wk, struct ind *in, struct http_req *r, json_t **out,
                   struct ls_err *err)
{
    int rc = app_indicator_show(wk->st, in, r->params[0], out, err);
    if (!rc)
        footprint_geojson(wk, *out);
    return rc;
}

static int history(struct srv_worker *wk, struct ind *in, struct http_req *r, json_t **out,
                   struct ls_err *err)
{
    json_t *a = NULL;
    int rc = app_indicator_history(wk->st, in, r->params[0], &a, err);
    if (!rc)
        *out = json_pack("{s:s,s:o}", "key", r->params[0], "events", a);
    return rc;
}

static int holdings(struct srv_worker *wk, struct ind *in, struct http_req *r, json_t **out,
                    struct ls_err *err)
{
    return app_indicator_holdings(wk->st, in, r->params[0], out, err);
}

static int obligations(struct srv_worker *wk, struct ind *in, struct http_req *r, json_t **out,
                       struct ls_err *err)
{
    json_t *a = NULL;
    int rc = app_indicator_obligations(wk->st, in, NULL, http_query(r, "county"), &a, err);
    if (!rc)
        *out = json_pack("{s:o}", "obligations", a);
    return rc;
}

static int obligation(struct srv_worker *wk, struct ind *in, struct http_req *r, json_t **out,
                      struct ls_err *err)
{
    return app_indicator_obligations(wk->st, in, r->params[0], NULL, out, err);
}

static int report(struct srv_worker *wk, struct ind *in, struct http_req *r, json_t **out,
                  struct ls_err *err)
{
    const char *as_of = http_query(r, "as_of");
    if (as_of && (strlen(as_of) != 10 || as_of[4] != '-' || as_of[7] != '-'))
        return ls_err_set(err, LS_EINVAL, "query", NULL, "as_of", "as_of is a date YYYY-MM-DD");
    return app_indicator_report(wk->st, in, as_of, out, err);
}

static int verification(struct srv_worker *wk, struct ind *in, struct http_req *r, json_t **out,
                        struct ls_err *err)
{
    (void)r;
    return app_indicator_verify(wk->st, in, out, err);
}

void api_indicator_classes(struct http_req *r, struct http_resp *w)
{
    with_ind(r, w, classes);
}
void api_indicator_projects(struct http_req *r, struct http_resp *w)
{
    with_ind(r, w, projects);
}
void api_indicator_project(struct http_req *r, struct http_resp *w)
{
    with_ind(r, w, project);
}
void api_indicator_history(struct http_req *r, struct http_resp *w)
{
    with_ind(r, w, history);
}
void api_indicator_holdings(struct http_req *r, struct http_resp *w)
{
    with_ind(r, w, holdings);
}
void api_indicator_obligations(struct http_req *r, struct http_resp *w)
{
    with_ind(r, w, obligations);
}
void api_indicator_obligation(struct http_req *r, struct http_resp *w)
{
    with_ind(r, w, obligation);
}
void api_indicator_report(struct http_req *r, struct http_resp *w)
{
    with_ind(r, w, report);
}
void api_indicator_verification(struct http_req *r, struct http_resp *w)
{
    with_ind(r, w, verification);
}

void srv_refusal(struct http_resp *w, int rc, const struct ls_err *err)
{
    if (app_indicator_refused(rc)) {
        json_t *e =
            json_pack("{s:s,s:s,s:s}", "code", "refused", "message", err->msg, "where", err->input);
        if (err->field[0])
            json_object_set_new(e, "field", json_string(err->field));
        if (err->where[0])
            json_object_set_new(e, "record", json_string(err->where));
        http_resp_json(w, 422, json_pack("{s:o}", "error", e));
    } else
        srv_error(w, err);
}

/* A project's footprint given as a GeoJSON geometry (EPSG:4326, what the map draws) becomes
 * the WKB hex of the store's CRS; WKT or WKB text is left to app/indicator. */
static int geojson_footprints(struct srv_worker *wk, json_t *req, struct ls_err *err)
{
    json_t *list = json_is_array(req) ? req : NULL;
    size_t n = list ? json_array_size(list) : 1;
    for (size_t i = 0; i < n; i++) {
        json_t *o = list ? json_array_get(list, i) : req;
        json_t *fp = json_object_get(o, "footprint");
        if (!json_is_object(fp))
            continue;
        char why[160] = "";
        GEOSContextHandle_t h = geo_geos_new();
        GEOSGeometry *g = h && wk->from_wgs84
                              ? geo_geojson_read(h, fp, geo_transform_ogr(wk->from_wgs84), 100000,
                                                 why, sizeof why)
                              : NULL;
        int rc = 0;
        if (!g)
            rc = ls_err_set(err, LS_EINVAL, "request", "project", "footprint",
                            "rule project.footprint: %s",
                            *why ? why : "no county CRS to read it in");
        else {
            GEOSWKBWriter *wr = GEOSWKBWriter_create_r(h);
            size_t len = 0;
            unsigned char *wkb = wr ? GEOSWKBWriter_write_r(h, wr, g, &len) : NULL;
            char *hex = wkb ? ls_hex_dup(wkb, len) : NULL;
            if (hex)
                json_object_set_new(o, "footprint", json_string(hex));
            else
                rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            free(hex);
            if (wkb)
                GEOSFree_r(h, wkb);
            if (wr)
                GEOSWKBWriter_destroy_r(h, wr);
            GEOSGeom_destroy_r(h, g);
        }
        if (h)
            GEOS_finish_r(h);
        if (rc)
            return rc;
    }
    return 0;
}

void api_indicator_requests(struct http_req *r, struct http_resp *w)
{
    json_error_t je;
    json_t *req = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    if (!req) {
        if (!r->body)
            http_resp_error(w, 400, "invalid_json", "body",
                            "the body is one request (a JSON object) or a non-empty list");
        else
            http_resp_error(w, 400, "invalid_json", "body",
                            "malformed JSON at line %d column %d: %s", je.line, je.column, je.text);
        return;
    }
    const char *dr = http_query(r, "dry_run");
    int dry_run = dr && (!strcmp(dr, "1") || !strcmp(dr, "true"));
    if (dr && !dry_run && strcmp(dr, "0") && strcmp(dr, "false")) {
        json_decref(req);
        http_resp_error(w, 400, "invalid_input", "dry_run", "dry_run is 1 or 0, got \"%s\"", dr);
        return;
    }
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    struct ind *in = NULL;
    json_t *out = NULL;
    int rc = geojson_footprints(wk, req, &err);
    if (!rc)
        rc = ind_open(wk->st, wk->reg, &in, &err);
    if (!rc)
        rc = app_indicator_apply(wk->st, in, req, r->user.username, NULL, "request", dry_run, &out,
                                 &err);
    ind_close(in);
    srv_worker_give(app, wk);
    json_decref(req);
    if (rc)
        srv_refusal(w, rc, &err);
    else {
        json_object_set_new(out, "actor", json_string(r->user.username));
        http_resp_json(w, dry_run ? 200 : 201, out);
    }
}

/* POST /api/v1/indicators/holdings/{holder}/requests: a holder's own transfers, escrow and
 * retirements — {holder} must be the party the signed-in account acts for, and each request
 * moves only that party's units. */
void api_indicator_holder_requests(struct http_req *r, struct http_resp *w)
{
    const char *holder = r->params[0];
    if (!r->user.party[0] || strcmp(r->user.party, holder)) {
        http_resp_error(w, 403, "forbidden", "holder",
                        "%s acts for %s, not for %s: a holder moves only its own units",
                        r->user.username, r->user.party[0] ? r->user.party : "no party", holder);
        return;
    }
    json_error_t je;
    json_t *req = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    if (!req) {
        http_resp_error(w, 400, "invalid_json", "body", "the body is one request or a list");
        return;
    }
    static const char *const types[] = { "transfer", "lock", "unlock", "retire", NULL };
    json_t *list = json_is_array(req) ? req : NULL;
    size_t n = list ? json_array_size(list) : 1;
    for (size_t i = 0; i < n; i++) {
        json_t *o = list ? json_array_get(list, i) : req;
        const char *type = json_string_value(json_object_get(o, "type"));
        int ok = 0;
        for (int k = 0; type && types[k]; k++)
            ok |= !strcmp(type, types[k]);
        const char *who = json_string_value(
            json_object_get(o, type && !strcmp(type, "transfer") ? "from" : "holder"));
        if (!ok || !who || strcmp(who, holder)) {
            json_decref(req);
            http_resp_error(w, 403, "forbidden", ok ? "holder" : "type",
                            ok ? "request %zu moves units that are not %s's"
                               : "request %zu: a holder transfers, locks, unlocks or retires",
                            i + 1, holder);
            return;
        }
    }
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    struct ind *in = NULL;
    json_t *out = NULL;
    int rc = ind_open(wk->st, wk->reg, &in, &err);
    if (!rc)
        rc = app_indicator_apply(wk->st, in, req, r->user.username, NULL, "request", 0, &out, &err);
    ind_close(in);
    srv_worker_give(app, wk);
    json_decref(req);
    if (rc)
        srv_refusal(w, rc, &err);
    else {
        json_object_set_new(out, "actor", json_string(r->user.username));
        http_resp_json(w, 201, out);
    }
}

/* POST …/projects/{project}/acceptance {"date"}: the check against the control layers the
 * worker holds and the baseline survey DATA/county-2022.gpkg, recorded when it passes. */
void api_indicator_acceptance(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    json_t *body = r->body ? json_loadb(r->body, r->body_len, 0, NULL) : json_object();
    const char *date = json_string_value(json_object_get(body, "date"));
    /* a sink's vintage: a GEP account run published under DATA (gep-2023), named, never a path */
    const char *gep = json_string_value(json_object_get(body, "gep"));
    char gep_dir[1200] = "";
    if (gep) {
        int ok = *gep && strlen(gep) < 64;
        for (const char *q = gep; ok && *q; q++)
            ok = (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-' || *q == '_';
        if (!ok) {
            json_decref(body);
            http_resp_error(w, 400, "invalid_input", "gep",
                            "gep names a GEP account run of the county (gep-2023)");
            return;
        }
        snprintf(gep_dir, sizeof gep_dir, "%s/%s", app->cfg.data ? app->cfg.data : ".", gep);
    }
    char today[32], base[1200];
    lg_now_utc(today);
    today[10] = '\0';
    snprintf(base, sizeof base, "%s/county-2022.gpkg", app->cfg.data ? app->cfg.data : ".");
    struct ls_err err = { 0 };
    if (!app->county_path[0]) {
        json_decref(body);
        http_resp_error(w, 503, "unavailable", "data",
                        "the server has no county data to check acceptance against");
        return;
    }
    struct srv_worker *wk = srv_worker_take_zoning(app);
    struct zn_data bl;
    static const char *const layers[] = { "landuse_patch", "shoreline", NULL };
    int rc = zn_data_open_layers(base, &app->rules, layers, &bl, &err);
    json_t *out = NULL;
    if (!rc) {
        struct ind *in = NULL;
        struct app_accept_data d = { &wk->zd,
                                     &bl,
                                     &app->rules,
                                     wk->area,
                                     app_indicator_withdrawal_k(""),
                                     gep ? gep_dir : NULL };
        rc = ind_open(wk->st, wk->reg, &in, &err);
        if (!rc)
            rc = app_indicator_accept(wk->st, in, &d, r->params[0], date ? date : today,
                                      r->user.username, NULL, &out, &err);
        ind_close(in);
        zn_data_free(&bl);
    }
    srv_worker_give(app, wk);
    json_decref(body);
    if (rc && out && app_indicator_refused(rc)) {
        /* the whole check beside the refusal: the page shows every rule's figures */
        json_object_set_new(out, "error",
                            json_pack("{s:s,s:s}", "code", "refused", "message", err.msg));
        http_resp_json(w, 422, out);
    } else if (rc) {
        json_decref(out);
        srv_refusal(w, rc, &err);
    } else
        http_resp_json(w, 201, out);
}
