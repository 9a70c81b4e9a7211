/*
 * server/api_bundle — asset bundles (组合标的) over HTTP (app/bundle). The public reads the
 * approved bundles; a signed-in user reads every one; an accountant (value.write) checks a
 * request against the register — `?dry_run=1`, what the bundle builder shows: the overlaps,
 * the whole and its stripping, the reconciliation and the floors — and records it; a reviewer
 * (value.approve) approves another's. The whole's income runs against a built-in scheme only.
 */
#include <stdlib.h>
#include <string.h>

#include "app/bundle.h"
#include "server/app.h"

static void answer(struct http_resp *w, int rc, struct ls_err *err, int status, json_t *out)
{
    if (rc)
        srv_refusal(w, rc, err);
    else
        http_resp_json(w, status, out);
}

void api_bundle_list(struct http_req *r, struct http_resp *w)
{
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_bundle a = { wk->st, wk->reg, wk->valuations, wk->bundles };
    json_t *out = NULL;
    struct ls_err err = { 0 };
    /* the public reads what a reviewer approved; a signed-in user reads every bundle */
    int rc = app_bundle_list(&a, http_query(r, "as_of"), !r->user.username[0], &out, &err);
    srv_worker_give(r->app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}

void api_bundle_get(struct http_req *r, struct http_resp *w)
{
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_bundle a = { wk->st, wk->reg, wk->valuations, wk->bundles };
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_bundle_get(&a, r->params[0], !r->user.username[0], &out, &err);
    srv_worker_give(r->app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}

void api_bundle_post(struct http_req *r, struct http_resp *w)
{
    json_error_t je;
    json_t *req = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    if (!json_is_object(req)) {
        json_decref(req);
        http_resp_error(w, 400, "invalid_json", "body",
                        "the body is one bundle request, a JSON object");
        return;
    }
    const char *scheme = json_string_value(json_object_get(req, "scheme"));
    int builtin = !scheme;
    for (const char *const *id = val_scheme_builtin_ids(); scheme && *id; id++)
        builtin |= !strcmp(*id, scheme);
    if (!builtin) {
        http_resp_error(w, 422, "invalid_input", "scheme",
                        "rule valuation.scheme: over HTTP a bundle's whole names a built-in "
                        "scheme (GET /api/v1/valuations/methods lists them)");
        json_decref(req);
        return;
    }
    const char *dry_q = http_query(r, "dry_run");
    int dry = dry_q && !strcmp(dry_q, "1");
    json_t *out = NULL;
    struct ls_err err = { 0 };
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_bundle a = { wk->st, wk->reg, wk->valuations, wk->bundles };
    int rc = dry ? app_bundle_check(&a, req, "request", NULL, &out, &err)
                 : app_bundle_record(&a, req, "request", NULL, r->user.username, NULL, &out, &err);
    srv_worker_give(r->app, wk);
    json_decref(req);
    answer(w, rc, &err, dry ? 200 : 201, out);
}

void api_bundle_approve(struct http_req *r, struct http_resp *w)
{
    json_error_t je;
    json_t *body = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    const char *date = json_string_value(json_object_get(body, "date"));
    if (!date) {
        json_decref(body);
        http_resp_error(w, 400, "invalid_json", "date", "the body is {\"date\": \"YYYY-MM-DD\"}");
        return;
    }
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_bundle a = { wk->st, wk->reg, wk->valuations, wk->bundles };
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_bundle_approve(&a, r->params[0], date, r->user.username, NULL, &out, &err);
    srv_worker_give(r->app, wk);
    json_decref(body);
    answer(w, rc, &err, 201, out);
}
