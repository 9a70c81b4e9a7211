/*
 * server/api_session — logging in and out (POST/GET/DELETE /api/v1/session) and the
 * administrator's user accounts (/api/v1/users). Bodies are checked field by field: an
 * unknown field is refused, not ignored, so a typo never silently changes nothing.
 */
#include <string.h>

#include "app/auth.h"
#include "server/app.h"

/* The string field k of o; "" → NULL when absent; sets a 400 and *bad on a non-string. */
static const char *str_field(json_t *o, const char *k, int required, struct http_resp *w, int *bad)
{
    json_t *v = json_object_get(o, k);
    if (!v && !required)
        return NULL;
    if (!json_is_string(v)) {
        if (!*bad)
            http_resp_error(w, 400, v ? "wrong_type" : "missing_field", k,
                            v ? "\"%s\" must be a string" : "\"%s\" is required", k);
        *bad = 1;
        return NULL;
    }
    return json_string_value(v);
}

/* The user and what the role may do, so the UI shows only the work the server will accept:
 * every permission a route of the table asks for, in the table's order, once. */
static json_t *user_json(const struct app_user *u)
{
    json_t *perms = json_array();
    for (size_t i = 0; i < srv_n_routes; i++) {
        const char *p = srv_routes[i].permission;
        int seen = 0;
        for (size_t k = 0; k < json_array_size(perms); k++)
            seen |= !strcmp(json_string_value(json_array_get(perms, k)), p);
        if (!seen && strcmp(p, "public") && app_auth_allows(u->role, p))
            json_array_append_new(perms, json_string(p));
    }
    return json_pack("{s:s,s:s,s:s,s:s,s:o}", "username", u->username, "role", u->role, "display",
                     u->display, "party", u->party, "permissions", perms);
}

void api_session_login(struct http_req *r, struct http_resp *w)
{
    static const char *const allowed[] = { "username", "password", NULL };
    json_t *o = srv_body_object(r, w);
    if (!o || srv_only_fields(o, allowed, w)) {
        json_decref(o);
        return;
    }
    int bad = 0;
    const char *user = str_field(o, "username", 1, w, &bad);
    const char *pw = str_field(o, "password", 1, w, &bad);
    if (bad) {
        json_decref(o);
        return;
    }
    struct srv_app *app = r->app;
    const char *why = NULL;
    int wait = srv_login_begin(&app->limits, r->client, user, &why);
    if (wait) {
        json_decref(o);
        w->retry_after = wait;
        http_resp_error(w, 429, "too_many_requests", NULL, "%s (retry in %d s)", why, wait);
        return;
    }
    struct srv_worker *wk = srv_worker_take(app);
    char token[APP_AUTH_TOKEN_HEX];
    long long expires = 0;
    struct ls_err err = { 0 };
    int rc =
        app_auth_login(wk->st, user, pw, app->cfg.session_ttl_s, token, &r->user, &expires, &err);
    srv_worker_give(app, wk);
    srv_login_done(&app->limits, user, rc == 0);
    json_decref(o);
    if (rc == -LS_EINVAL) {
        http_resp_error(w, 401, "login_failed", "password", "%s", err.msg);
        return;
    }
    if (rc) {
        srv_error(w, &err);
        return;
    }
    w->no_cache = 1;
    http_resp_json(w, 201,
                   json_pack("{s:s,s:I,s:o}", "token", token, "expires", expires, "user",
                             user_json(&r->user)));
}

void api_session_get(struct http_req *r, struct http_resp *w)
{
    http_resp_json(w, 200, json_pack("{s:o}", "user", user_json(&r->user)));
}

void api_session_logout(struct http_req *r, struct http_resp *w)
{
    if (!r->token[0]) {
        http_resp_error(w, 401, "unauthenticated", NULL, "there is no session to end");
        return;
    }
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    int rc = app_auth_logout(wk->st, r->token, &err);
    srv_worker_give(app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, json_pack("{s:b}", "logged_out", 1));
}

void api_users_list(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    json_t *users = NULL;
    int rc = app_auth_user_list(wk->st, &users, &err);
    srv_worker_give(app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, json_pack("{s:o}", "users", users));
}

static void put_user(struct http_req *r, struct http_resp *w, int update)
{
    static const char *const allowed_add[] = { "username", "password", "role",
                                               "display",  "party",    NULL };
    static const char *const allowed_upd[] = { "password", "role",  "display",
                                               "disabled", "party", NULL };
    json_t *o = srv_body_object(r, w);
    if (!o || srv_only_fields(o, update ? allowed_upd : allowed_add, w)) {
        json_decref(o);
        return;
    }
    int bad = 0;
    const char *user = update ? r->params[0] : str_field(o, "username", 1, w, &bad);
    const char *pw = str_field(o, "password", !update, w, &bad);
    const char *role = str_field(o, "role", !update, w, &bad);
    const char *display = str_field(o, "display", 0, w, &bad);
    const char *party = str_field(o, "party", 0, w, &bad);
    json_t *dis = json_object_get(o, "disabled");
    if (!bad && dis && !json_is_boolean(dis)) {
        http_resp_error(w, 400, "invalid_input", "disabled", "disabled is true or false");
        bad = 1;
    }
    if (bad) {
        json_decref(o);
        return;
    }
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    struct app_user_change c = { display, party, role, pw, dis ? json_is_true(dis) : -1 };
    int rc = app_auth_user_put(wk->st, r->user.username, user, &c, update, &err);
    srv_worker_give(app, wk);
    if (rc) {
        srv_error(w, &err);
    } else {
        http_resp_json(w, update ? 200 : 201,
                       json_pack("{s:s,s:s?}", "username", user, "role", role));
    }
    json_decref(o);
}

void api_users_add(struct http_req *r, struct http_resp *w)
{
    put_user(r, w, 0);
}

void api_users_update(struct http_req *r, struct http_resp *w)
{
    put_user(r, w, 1);
}
