/*
 * server/api_compensation — ecological compensation (生态补偿) over HTTP (app/compensation). The
 * public reads the published allocations and the agreements with their settlements; a signed-in
 * user reads every allocation; a reviewer (compensation.publish) publishes one another recorded.
 * Allocations are computed and recorded from the command line (`liangshan compensate allocate`),
 * where the factor table is a file of the bureau's.
 */
#include <stdlib.h>
#include <string.h>

#include "app/compensation.h"
#include "server/app.h"

static struct app_compensation view(struct srv_worker *wk)
{
    struct app_compensation a = { wk->st, wk->reg, wk->compensation };
    return a;
}

static void answer(struct http_resp *w, int rc, struct ls_err *err, int status, json_t *out)
{
    if (rc)
        srv_error(w, err);
    else
        http_resp_json(w, status, out);
}

void api_compensation_list(struct http_req *r, struct http_resp *w)
{
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_compensation a = view(wk);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_compensation_list(&a, !r->user.username[0], &out, &err);
    srv_worker_give(r->app, wk);
    answer(w, rc, &err, 200, out);
}

void api_compensation_get(struct http_req *r, struct http_resp *w)
{
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_compensation a = view(wk);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_compensation_show_allocation(&a, r->params[0], !r->user.username[0], &out, &err);
    srv_worker_give(r->app, wk);
    answer(w, rc, &err, 200, out);
}

/* The allocation's regions as GeoJSON outlines: the page's map of amounts. */
void api_compensation_map(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct app_compensation a = view(wk);
    struct ls_strbuf b = { 0 };
    struct ls_err err = { 0 };
    int rc = wk->county ? app_compensation_map(&a, r->params[0], !r->user.username[0], wk->county,
                                               app->province_path, wk->to_wgs84, &b, &err)
                        : ls_err_set(&err, LS_ENOENT, NULL, NULL, "--data",
                                     "the server was started without the county's data");
    srv_worker_give(app, wk);
    if (rc) {
        free(b.s);
        srv_error(w, &err);
    } else {
        http_resp_take(w, 200, "application/geo+json", b.s, b.n);
    }
}

void api_compensation_publish(struct http_req *r, struct http_resp *w)
{
    json_error_t je;
    json_t *body = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    const char *date = json_string_value(json_object_get(body, "date"));
    if (!date) {
        json_decref(body);
        http_resp_error(w, 400, "invalid_json", "body", "the body is {\"date\": \"YYYY-MM-DD\"}");
        return;
    }
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_compensation a = view(wk);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_compensation_publish(&a, r->params[0], date, r->user.username, NULL, &out, &err);
    srv_worker_give(r->app, wk);
    json_decref(body);
    if (rc)
        srv_refusal(w, rc, &err);
    else
        http_resp_json(w, 201, out);
}

void api_compensation_agreement(struct http_req *r, struct http_resp *w)
{
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_compensation a = view(wk);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_compensation_show_agreement(&a, r->params[0], &out, &err);
    srv_worker_give(r->app, wk);
    answer(w, rc, &err, 200, out);
}
