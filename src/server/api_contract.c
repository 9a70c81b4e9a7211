/*
 * server/api_contract — paid-use contracts and supervision agreements over HTTP
 * (app/contract). The public reads the contracts signed (出让结果公示: parties, subject, price,
 * conditions) and their checks; a registrar (contract.write) signs one — the rights pass with
 * it; a reviewer (contract.check) holds a survey year or a GEP account of the county's data
 * folder against every contract in force. A check names its evidence by its name in that
 * folder only (county-2022.gpkg, gep-2023): a path would read the server's files.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/contract.h"
#include "server/app.h"

void api_contract_list(struct http_req *r, struct http_resp *w)
{
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_contract a = { wk->st, wk->reg, wk->contracts };
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_contract_list(&a, http_query(r, "as_of"), http_query(r, "party"), &out, &err);
    srv_worker_give(r->app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}

void api_contract_get(struct http_req *r, struct http_resp *w)
{
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_contract a = { wk->st, wk->reg, wk->contracts };
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_contract_get(&a, r->params[0], &out, &err);
    srv_worker_give(r->app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}

void api_contract_post(struct http_req *r, struct http_resp *w)
{
    json_error_t je;
    json_t *req = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    if (!json_is_object(req)) {
        json_decref(req);
        http_resp_error(w, 400, "invalid_json", "body", "the body is one contract, a JSON object");
        return;
    }
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_contract a = { wk->st, wk->reg, wk->contracts };
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_contract_sign(&a, req, "contract", r->user.username, NULL, &out, &err);
    srv_worker_give(r->app, wk);
    json_decref(req);
    if (rc)
        srv_refusal(w, rc, &err);
    else
        http_resp_json(w, 201, out);
}

void api_contract_check(struct http_req *r, struct http_resp *w)
{
    json_error_t je;
    json_t *b = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    const char *date = json_string_value(json_object_get(b, "date"));
    const char *survey = json_string_value(json_object_get(b, "survey"));
    const char *gep = json_string_value(json_object_get(b, "gep"));
    json_int_t year = json_integer_value(json_object_get(b, "year"));
    char path[1200];
    if (!date || !!survey == !!gep || (survey && (year < 1900 || year > 2200))) {
        json_decref(b);
        http_resp_error(w, 400, "invalid_json", "body",
                        "the body is {\"date\", \"survey\": NAME, \"year\"} or {\"date\", "
                        "\"gep\": NAME}");
        return;
    }
    if (!srv_evidence_path(r->app, survey ? survey : gep, !!survey, path, sizeof path)) {
        http_resp_error(w, 404, "not_found", survey ? "survey" : "gep",
                        "no %s \"%s\" in the county's data folder", survey ? "survey" : "GEP run",
                        survey ? survey : gep);
        json_decref(b);
        return;
    }
    struct srv_app *app = r->app;
    struct app_contract_evidence e = { survey ? path : NULL, gep ? path : NULL, (int)year,
                                       app->cfg.store };
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_contract a = { wk->st, wk->reg, wk->contracts };
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_contract_check(&a, date, &e, r->user.username, NULL, &out, &err);
    srv_worker_give(r->app, wk);
    json_decref(b);
    if (rc)
        srv_refusal(w, rc, &err);
    else
        http_resp_json(w, 201, out);
}
