/*
 * server/api_opinion — saved review opinions (app/opinion) over HTTP: the list and one
 * opinion for staff ("read"), its PDF (for staff, or by the signed link the opinion's answer
 * carries, since an <a> cannot send the bearer token), and the public verification of a
 * code printed on a paper opinion (any ledger record, by the first digits of its hash).
 * An opinion is written by POST /api/v1/checks with "save" (api_check).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/auth.h"
#include "app/opinion.h"
#include "server/app.h"

/* The opinion id of the path; 0 (404 set) when it is not a positive number. */
static long long opinion_id(struct http_req *r, struct http_resp *w)
{
    char *end = NULL;
    long long id = strtoll(r->params[0], &end, 10);
    if (!r->params[0][0] || *end || id <= 0) {
        http_resp_error(w, 404, "not_found", "id", "no review opinion \"%s\"", r->params[0]);
        return 0;
    }
    return id;
}

void api_opinions_list(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_opinion_list(wk->st, &out, &err);
    srv_worker_give(app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}

void api_opinion(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    long long id = opinion_id(r, w);
    if (!id)
        return;
    struct srv_worker *wk = srv_worker_take(app);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_opinion_get(wk->st, id, &out, &err);
    srv_worker_give(app, wk);
    if (rc) {
        srv_error(w, &err);
        return;
    }
    char res[48], tok[SRV_LINK_TOKEN], url[256];
    snprintf(res, sizeof res, "opinion-%lld", id);
    srv_link_token(app->link_key, res, time(NULL), tok);
    snprintf(url, sizeof url, "/api/v1/opinions/%lld/pdf?access=%s", id, tok);
    json_object_set_new(out, "pdf", json_string(url));
    http_resp_json(w, 200, out);
}

/* Where a reader of the paper checks its code: the configured public address, else the
 * address this request came to. */
static void verify_url(struct http_req *r, const char *code, char *out, size_t size)
{
    struct srv_app *app = r->app;
    const char *host = http_header(r, "Host");
    if (app->cfg.public_url)
        snprintf(out, size, "%s/#/verify/%s", app->cfg.public_url, code);
    else if (host && strlen(host) < 128 && !strpbrk(host, "<>\"' /\\"))
        snprintf(out, size, "http://%s/#/verify/%s", host, code);
    else
        snprintf(out, size, "#/verify/%s", code);
}

void api_opinion_pdf(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    long long id = opinion_id(r, w);
    if (!id)
        return;
    char res[48];
    snprintf(res, sizeof res, "opinion-%lld", id);
    if (!app_auth_allows(r->user.role, "read") &&
        !srv_link_ok(app->link_key, res, http_query(r, "access"), time(NULL))) {
        http_resp_error(w, 404, "not_found", "id", "no review opinion \"%s\"", r->params[0]);
        return;
    }
    struct srv_worker *wk = srv_worker_take(app);
    json_t *op = NULL;
    struct ls_err err = { 0 };
    int rc = app_opinion_get(wk->st, id, &op, &err);
    srv_worker_give(app, wk);
    char *pdf = NULL;
    size_t n = 0;
    if (!rc) {
        char url[512];
        verify_url(r, json_string_value(json_object_get(op, "code")), url, sizeof url);
        rc = app_opinion_pdf(op, url, &pdf, &n, &err);
    }
    json_decref(op);
    if (rc) {
        srv_error(w, &err);
        return;
    }
    snprintf(w->disposition, sizeof w->disposition, "inline; filename=\"opinion-%lld.pdf\"", id);
    http_resp_take(w, 200, "application/pdf", pdf, n);
}

void api_verification(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_opinion_verify(wk->st, r->params[0], &out, &err);
    srv_worker_give(app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}
