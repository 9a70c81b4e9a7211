/*
 * server/api_damage — damage cases (自然资源资产损害) over HTTP (app/damage). The public reads the
 * closed cases; a signed-in user every case. An action on a case is taken by the role the scheme
 * names for it — the session's role, checked by damage/ (damage.act: registrars, reviewers,
 * accountants) — with its documents, each sent as its content (hashed here) or its SHA-256; an
 * accountant (damage.value) attaches a valuation, the interim GEP loss read from a GEP run of
 * the county's data folder named in the request.
 */
#include <string.h>

#include "app/damage.h"
#include "base/hash.h"
#include "server/app.h"

static struct app_damage view(struct srv_worker *wk)
{
    struct app_damage a = { wk->st, wk->reg, wk->damage };
    return a;
}

void api_damage_list(struct http_req *r, struct http_resp *w)
{
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_damage a = view(wk);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_damage_list(&a, http_query(r, "state"), !r->user.username[0], &out, &err);
    srv_worker_give(r->app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}

void api_damage_get(struct http_req *r, struct http_resp *w)
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
    struct app_damage a = view(wk);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = geojson ? app_damage_map(&a, r->params[0], !r->user.username[0], &out, &err)
                     : app_damage_show(&a, r->params[0], as_of, !r->user.username[0], &out, &err);
    srv_worker_give(r->app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}

void api_damage_action(struct http_req *r, struct http_resp *w)
{
    json_error_t je;
    json_t *b = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    const char *action = json_string_value(json_object_get(b, "action"));
    const char *date = json_string_value(json_object_get(b, "date"));
    const json_t *docs = json_object_get(b, "documents");
    if (!action || !date || (docs && !json_is_array(docs)) || json_array_size(docs) > 32) {
        json_decref(b);
        http_resp_error(w, 400, "invalid_json", "body",
                        "the body is {\"action\", \"date\", \"documents\": [{\"kind\", \"file\", "
                        "\"content\" or \"sha256\"}], \"reason\"}");
        return;
    }
    struct app_damage_doc d[32];
    memset(d, 0, sizeof d);
    size_t i;
    const json_t *x;
    json_array_foreach(docs, i, x)
    {
        const char *kind = json_string_value(json_object_get(x, "kind"));
        const char *content = json_string_value(json_object_get(x, "content"));
        const char *sha = json_string_value(json_object_get(x, "sha256"));
        const char *file = json_string_value(json_object_get(x, "file"));
        if (!kind || strlen(kind) >= sizeof d[i].kind || !!content == !!sha ||
            (sha && strlen(sha) != 64)) {
            json_decref(b);
            http_resp_error(w, 400, "invalid_json", "documents",
                            "each document has its kind and either its content or its SHA-256");
            return;
        }
        snprintf(d[i].kind, sizeof d[i].kind, "%s", kind);
        snprintf(d[i].file, sizeof d[i].file, "%s", file ? file : "");
        if (content)
            ls_sha256_hex(content, strlen(content), d[i].sha256);
        else
            snprintf(d[i].sha256, sizeof d[i].sha256, "%s", sha);
    }
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_damage a = view(wk);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_damage_advance(&a, r->params[0], action, date, d, (int)json_array_size(docs),
                                json_string_value(json_object_get(b, "reason")),
                                json_string_value(json_object_get(b, "liable")), r->user.username,
                                r->user.role, NULL, &out, &err);
    srv_worker_give(r->app, wk);
    json_decref(b);
    if (rc)
        srv_refusal(w, rc, &err);
    else
        http_resp_json(w, 201, out);
}

void api_damage_value(struct http_req *r, struct http_resp *w)
{
    json_error_t je;
    json_t *b = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    const char *date = json_string_value(json_object_get(b, "date"));
    json_t *req = json_object_get(b, "request");
    const char *run = json_string_value(json_object_get(b, "gep"));
    char gep[1200];
    if (!date || !json_is_object(req)) {
        json_decref(b);
        http_resp_error(w, 400, "invalid_json", "body",
                        "the body is {\"date\", \"request\": {…}, \"gep\": GEP run name}");
        return;
    }
    if (run && !srv_evidence_path(r->app, run, 0, gep, sizeof gep)) {
        json_decref(b);
        http_resp_error(w, 404, "not_found", "gep", "no such GEP run in the county's data");
        return;
    }
    struct srv_worker *wk = srv_worker_take(r->app);
    struct app_damage a = view(wk);
    json_t *out = NULL;
    struct ls_err err = { 0 };
    int rc = app_damage_value_json(&a, r->params[0], req, "request", date, run ? gep : NULL,
                                   r->user.username, r->user.role, NULL, &out, &err);
    srv_worker_give(r->app, wk);
    json_decref(b);
    if (rc)
        srv_refusal(w, rc, &err);
    else
        http_resp_json(w, 201, out);
}
