/*
 * server/api_registry — the rights registry and its ledger over HTTP: search units (text,
 * type, holder, box, as-of date), one unit with its rights by layer as of a date, its
 * history, registration applications (one, or a list landing all or nothing) recorded in
 * the ledger with the logged-in user as actor, the ledger head and a full verification.
 * Reads run in a read transaction (one snapshot); a refused application writes nothing and
 * answers 422 with the rule and the conflicting record; a held writer lock answers 503.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry.h"
#include "app/unit_value.h"
#include "registry/model.h"
#include "server/app.h"

/* Runs fn on a borrowed worker and answers its JSON (app/registry reads in one snapshot). */
typedef int (*read_fn)(struct srv_worker *wk, struct http_req *r, json_t **out, struct ls_err *err);

static void with_read(struct http_req *r, struct http_resp *w, read_fn fn)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    json_t *out = NULL;
    int rc = fn(wk, r, &out, &err);
    srv_worker_give(app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}

static int search(struct srv_worker *wk, struct http_req *r, json_t **out, struct ls_err *err)
{
    struct reg_query q = { .text = http_query(r, "q"),
                           .resource_type = http_query(r, "type"),
                           .party = http_query(r, "party"),
                           .as_of = http_query(r, "as_of"),
                           .limit = 100 };
    const char *s;
    if ((s = http_query(r, "limit"))) {
        char *end;
        long v = strtol(s, &end, 10);
        if (*end || v < 1 || v > 1000)
            return ls_err_set(err, LS_EINVAL, "query", NULL, "limit", "limit is 1..1000");
        q.limit = (int)v;
    }
    if ((s = http_query(r, "offset"))) {
        char *end;
        long long v = strtoll(s, &end, 10);
        if (*end || end == s || v < 0)
            return ls_err_set(err, LS_EINVAL, "query", NULL, "offset", "offset is a count >= 0");
        q.offset = v;
    }
    if ((s = http_query(r, "bbox"))) {
        char *end;
        const char *p = s;
        for (int i = 0; i < 4; i++) {
            q.bbox[i] = strtod(p, &end);
            if (end == p || (i < 3 && *end != ',') || (i == 3 && *end))
                return ls_err_set(err, LS_EINVAL, "query", NULL, "bbox",
                                  "bbox is minx,miny,maxx,maxy in the store's CRS");
            p = end + 1;
        }
        q.has_bbox = 1;
    } else if ((s = http_query(r, "point"))) {
        /* a map click in lon/lat: the units under it (a 1 m box in the store's CRS) */
        double x, y;
        char extra;
        if (sscanf(s, "%lf,%lf%c", &x, &y, &extra) != 2 || !wk->from_wgs84 ||
            geo_transform_points(wk->from_wgs84, 1, &x, &y))
            return ls_err_set(err, LS_EINVAL, "query", NULL, "point",
                              "point is lon,lat in EPSG:4326");
        q.bbox[0] = x - 0.5;
        q.bbox[1] = y - 0.5;
        q.bbox[2] = x + 0.5;
        q.bbox[3] = y + 0.5;
        q.has_bbox = 1;
    }
    return app_registry_search(wk->st, wk->reg, &q, out, err);
}

static int unit(struct srv_worker *wk, struct http_req *r, json_t **out, struct ls_err *err)
{
    return app_registry_show(wk->st, wk->reg, r->params[0], http_query(r, "as_of"), out, err);
}

static int history(struct srv_worker *wk, struct http_req *r, json_t **out, struct ls_err *err)
{
    return app_registry_history(wk->st, wk->reg, r->params[0], out, err);
}

void api_registry_search(struct http_req *r, struct http_resp *w)
{
    with_read(r, w, search);
}

void api_registry_unit(struct http_req *r, struct http_resp *w)
{
    with_read(r, w, unit);
}

void api_registry_history(struct http_req *r, struct http_resp *w)
{
    with_read(r, w, history);
}

void api_registry_apply(struct http_req *r, struct http_resp *w)
{
    json_error_t je;
    json_t *apps = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    if (!apps) {
        if (!r->body)
            http_resp_error(w, 400, "invalid_json", "body",
                            "the body is one application (a JSON object) or a non-empty list");
        else
            http_resp_error(w, 400, "invalid_json", "body",
                            "malformed JSON at line %d column %d: %s", je.line, je.column, je.text);
        return;
    }
    /* ?dry_run=1: 预审, every rule checked and nothing kept (the form's 检查 button) */
    const char *dr = http_query(r, "dry_run");
    int dry_run = dr && (!strcmp(dr, "1") || !strcmp(dr, "true"));
    if (dr && !dry_run && strcmp(dr, "0") && strcmp(dr, "false")) {
        json_decref(apps);
        http_resp_error(w, 400, "invalid_input", "dry_run", "dry_run is 1 or 0, got \"%s\"", dr);
        return;
    }
    struct ls_err err = { 0 };
    if (app_registry_batch_check(apps, "application", &err)) {
        json_decref(apps);
        if (!strcmp(err.field, "type"))
            http_resp_error(w, 400, "missing_field", "type", "%s: %s", err.where, err.msg);
        else
            srv_error(w, &err);
        return;
    }
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    json_t *out = NULL;
    struct reg_submit_opts so = { r->user.username, NULL };
    int rc = app_registry_apply(wk->st, wk->reg, apps, &so, "application", dry_run, &out, &err);
    srv_worker_give(app, wk);
    json_decref(apps);
    if (rc && app_registry_refused(rc)) {
        json_t *e =
            json_pack("{s:s,s:s,s:s}", "code", "refused", "message", err.msg, "where", err.input);
        if (err.field[0])
            json_object_set_new(e, "field", json_string(err.field));
        if (err.where[0])
            json_object_set_new(e, "record", json_string(err.where));
        http_resp_json(w, 422, json_pack("{s:o}", "error", e));
    } else if (rc) {
        srv_error(w, &err);
    } else {
        json_object_set_new(out, "actor", json_string(r->user.username));
        http_resp_json(w, dry_run ? 200 : 201, out);
    }
}

static void answer(struct http_resp *w, int rc, json_t *out, const struct ls_err *err)
{
    if (rc)
        srv_error(w, err);
    else
        http_resp_json(w, 200, out);
}

void api_ledger_head(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    json_t *out = NULL;
    int rc = app_ledger_head(wk->st, &out, &err);
    srv_worker_give(app, wk);
    answer(w, rc, out, &err);
}

void api_ledger_verify(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    json_t *out = NULL;
    /* the full check: chain, accounts, the projections replayed (as ledger rebuild --check)
     * and, when the server was given them, the published checkpoints */
    struct app_verify_opts o = { .reg = wk->reg,
                                 .accounts = 1,
                                 .checkpoints_dir = app->cfg.checkpoints,
                                 .public_key = app->cfg.checkpoints ? app->cfg.public_key : NULL,
                                 .tsa_ca = app->cfg.checkpoints ? app->cfg.tsa_ca : NULL };
    int rc = app_ledger_verify(wk->st, &o, &out, &err);
    srv_worker_give(app, wk);
    answer(w, rc, out, &err);
}

void api_ledger_checkpoints(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    if (!app->cfg.checkpoints) {
        http_resp_json(w, 200, json_pack("{s:[]}", "checkpoints"));
        return;
    }
    struct ls_err err = { 0 };
    json_t *a = NULL;
    int rc = app_ledger_checkpoints_list(app->cfg.checkpoints, &a, &err);
    answer(w, rc, rc ? NULL : json_pack("{s:o}", "checkpoints", a), &err);
}

/* What an application may name — right types, resource types, layers, party kinds — with
 * the registry's own labels, for the registrar's forms. */
void api_registry_vocabulary(struct http_req *r, struct http_resp *w)
{
    (void)r;
    http_resp_json(w, 200, reg_model_json());
}

/* A unit's value card (app/unit_value): its GEP by item in the latest account attributed to the
 * units, its valuations, bundles and contracts. */
void api_registry_unit_value(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct app_unit_value_src s = { wk->st,      wk->reg,       wk->valuations,
                                    wk->bundles, wk->contracts, app->cfg.data };
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_unit_value(&s, r->params[0], !r->user.username[0], &out, &err);
    srv_worker_give(app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}
