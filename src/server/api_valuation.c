/*
 * server/api_valuation — grading and valuation over HTTP (app/valuation). The public reads the
 * methods, the built-in schemes and the approved valuations (the published results); a
 * signed-in user reads every recorded valuation, a unit's as of a date; an accountant
 * (value.write) runs a request — `?dry_run=1` to see the report without recording it — and
 * records it on the ledger; a reviewer (value.approve) approves another's. Over HTTP a request
 * names a built-in scheme only: a path would read the server's files.
 */
#include <stdlib.h>
#include <string.h>

#include "app/valuation.h"
#include "server/app.h"

void api_valuation_methods(struct http_req *r, struct http_resp *w)
{
    (void)r;
    json_t *out = NULL;
    struct ls_err err = { 0 };
    if (app_value_catalogue(&out, &err))
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}

void api_valuation_list(struct http_req *r, struct http_resp *w)
{
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_valuation a = { wk->st, wk->reg, wk->valuations };
    json_t *out = NULL;
    struct ls_err err = { 0 };
    /* the public reads what a reviewer approved; a signed-in user reads every valuation */
    int rc = app_value_list(&a, http_query(r, "unit"), http_query(r, "as_of"), !r->user.username[0],
                            &out, &err);
    srv_worker_give(r->app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}

void api_valuation_get(struct http_req *r, struct http_resp *w)
{
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_valuation a = { wk->st, wk->reg, wk->valuations };
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_value_get(&a, r->params[0], !r->user.username[0], &out, &err);
    srv_worker_give(r->app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}

void api_valuation_post(struct http_req *r, struct http_resp *w)
{
    json_error_t je;
    json_t *req = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    if (!json_is_object(req)) {
        json_decref(req);
        http_resp_error(w, 400, "invalid_json", "body",
                        "the body is one valuation request, a "
                        "JSON object");
        return;
    }
    const char *scheme = json_string_value(json_object_get(req, "scheme"));
    int builtin = !scheme;
    for (const char *const *id = val_scheme_builtin_ids(); scheme && *id; id++)
        builtin |= !strcmp(*id, scheme);
    if (!builtin) {
        http_resp_error(w, 422, "invalid_input", "scheme",
                        "rule valuation.scheme: over HTTP a valuation names a built-in scheme "
                        "(GET /api/v1/valuations/methods lists them)");
        json_decref(req);
        return;
    }
    const char *dry_q = http_query(r, "dry_run");
    int dry = dry_q && !strcmp(dry_q, "1");
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc;
    if (dry) {
        rc = app_value_run(req, "request", NULL, &out, &err);
    } else {
        struct srv_worker *wk = srv_worker_take(r->app);
        struct app_valuation a = { wk->st, wk->reg, wk->valuations };
        rc = app_value_record(&a, req, "request", NULL, r->user.username, NULL, &out, &err);
        srv_worker_give(r->app, wk);
    }
    json_decref(req);
    if (rc)
        srv_refusal(w, rc, &err);
    else
        http_resp_json(w, dry ? 200 : 201, out);
}

void api_valuation_approve(struct http_req *r, struct http_resp *w)
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
    struct app_valuation a = { wk->st, wk->reg, wk->valuations };
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_value_approve(&a, r->params[0], date, r->user.username, NULL, &out, &err);
    srv_worker_give(r->app, wk);
    json_decref(body);
    if (rc)
        srv_refusal(w, rc, &err);
    else
        http_resp_json(w, 201, out);
}
