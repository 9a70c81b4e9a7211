/*
 * server/api_plan — allocation plans (配置方案) over HTTP (app/plan). The public reads the
 * approved versions and their tracking on the map; a signed-in user reads every version; a
 * registrar (plan.write) records one — each unit's boundary checked against the control lines
 * for its use, on a worker holding them — and a reviewer (plan.approve) approves another's.
 */
#include <stdlib.h>
#include <string.h>

#include "app/plan.h"
#include "server/app.h"

static struct app_plan view(struct srv_app *app, struct srv_worker *wk)
{
    struct app_plan a = { wk->st, wk->reg, wk->contracts, wk->plans, NULL, NULL, NULL };
    if (wk->has_zd) {
        a.rules = &app->rules;
        a.zd = &wk->zd;
        a.area = wk->area;
    }
    return a;
}

static void answer(struct http_resp *w, int rc, struct ls_err *err, int status, json_t *out)
{
    if (rc)
        srv_error(w, err);
    else
        http_resp_json(w, status, out);
}

void api_plan_list(struct http_req *r, struct http_resp *w)
{
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_plan a = view(r->app, wk);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_plan_list(&a, !r->user.username[0], &out, &err);
    srv_worker_give(r->app, wk);
    answer(w, rc, &err, 200, out);
}

void api_plan_get(struct http_req *r, struct http_resp *w)
{
    const char *v = http_query(r, "version");
    char *end = NULL;
    long long version = v ? strtoll(v, &end, 10) : 0;
    if (v && (*end || version < 1)) {
        http_resp_error(w, 400, "invalid_query", "version", "version is a number from 1");
        return;
    }
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_plan a = view(r->app, wk);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_plan_get(&a, r->params[0], version, !r->user.username[0], &out, &err);
    srv_worker_give(r->app, wk);
    answer(w, rc, &err, 200, out);
}

/* The approved version in force on as_of (default: the server's date) with each unit's
 * status; ?format=geojson: the units' boundaries, for the map. */
void api_plan_track(struct http_req *r, struct http_resp *w)
{
    char today[32];
    const char *as_of = srv_as_of(r, today);
    const char *format = http_query(r, "format");
    int geojson = format && !strcmp(format, "geojson");
    if (format && !geojson) {
        http_resp_error(w, 400, "invalid_query", "format", "format is geojson or absent");
        return;
    }
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_plan a = view(r->app, wk);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = geojson ? app_plan_map(&a, r->params[0], as_of, &out, &err)
                     : app_plan_track(&a, r->params[0], as_of, &out, &err);
    srv_worker_give(r->app, wk);
    answer(w, rc, &err, 200, out);
}

void api_plan_post(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    json_error_t je;
    json_t *req = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    if (!json_is_object(req)) {
        json_decref(req);
        http_resp_error(w, 400, "invalid_json", "body", "the body is one plan, a JSON object");
        return;
    }
    if (!app->county_path[0]) {
        json_decref(req);
        http_resp_error(w, 503, "unavailable", "data",
                        "the server has no county data to check the plan's units against");
        return;
    }
    struct srv_worker *wk = srv_worker_take_zoning(app);
    struct app_plan a = view(app, wk);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_plan_record(&a, req, "plan", r->user.username, NULL, &out, &err);
    srv_worker_give(app, wk);
    json_decref(req);
    if (rc)
        srv_refusal(w, rc, &err);
    else
        http_resp_json(w, 201, out);
}

void api_plan_approve(struct http_req *r, struct http_resp *w)
{
    json_error_t je;
    json_t *body = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    const char *date = json_string_value(json_object_get(body, "date"));
    json_t *v = json_object_get(body, "version");
    if (!date || !json_is_integer(v) || json_integer_value(v) < 1) {
        json_decref(body);
        http_resp_error(w, 400, "invalid_json", "body",
                        "the body is {\"version\": N, \"date\": \"YYYY-MM-DD\"}");
        return;
    }
    long long version = (long long)json_integer_value(v);
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_plan a = view(r->app, wk);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_plan_approve(&a, r->params[0], version, date, r->user.username, NULL, &err);
    if (!rc)
        rc = app_plan_get(&a, r->params[0], version, 0, &out, &err);
    srv_worker_give(r->app, wk);
    json_decref(body);
    if (rc)
        srv_refusal(w, rc, &err);
    else
        http_resp_json(w, 201, out);
}
