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

#include "server/app.h"

static int date_ok(const char *s)
{
    int y, m, d;
    char extra;
    return s && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 && strlen(s) == 10;
}

/* Runs fn(reg) inside a read snapshot on a borrowed worker. */
typedef int (*read_fn)(struct srv_worker *wk, struct http_req *r, json_t **out, struct ls_err *err);

static void with_read(struct http_req *r, struct http_resp *w, read_fn fn)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    json_t *out = NULL;
    int rc = st_begin_read(wk->st, &err);
    if (!rc)
        rc = fn(wk, r, &out, &err);
    st_rollback(wk->st);
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
    if (q.as_of && !date_ok(q.as_of))
        return ls_err_set(err, LS_EINVAL, "query", NULL, "as_of", "as_of is YYYY-MM-DD");
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
    int rc = reg_search(wk->reg, &q, out, err);
    /* a full page may have a next one */
    if (!rc && json_array_size(json_object_get(*out, "units")) == (size_t)q.limit)
        json_object_set_new(*out, "next", json_pack("{s:I}", "offset", q.offset + q.limit));
    return rc;
}

static int unit(struct srv_worker *wk, struct http_req *r, json_t **out, struct ls_err *err)
{
    const char *as_of = http_query(r, "as_of");
    if (as_of && !date_ok(as_of))
        return ls_err_set(err, LS_EINVAL, "query", NULL, "as_of", "as_of is YYYY-MM-DD");
    return reg_show(wk->reg, r->params[0], as_of, out, err);
}

static int history(struct srv_worker *wk, struct http_req *r, json_t **out, struct ls_err *err)
{
    return reg_history(wk->reg, r->params[0], out, err);
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
    if (!json_is_object(apps) && !(json_is_array(apps) && json_array_size(apps) > 0)) {
        if (apps || !r->body)
            http_resp_error(w, 400, "invalid_json", "body",
                            "the body is one application (a JSON object) or a non-empty list");
        else
            http_resp_error(w, 400, "invalid_json", "body",
                            "malformed JSON at line %d column %d: %s", je.line, je.column, je.text);
        json_decref(apps);
        return;
    }
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    json_t *seqs = json_array();
    int rc = st_begin_write(wk->st, &err);
    int refused = 0;
    size_t n = json_is_array(apps) ? json_array_size(apps) : 1;
    for (size_t i = 0; !rc && i < n; i++) {
        char in[64];
        snprintf(in, sizeof in, json_is_array(apps) ? "application [%zu]" : "application", i);
        struct reg_submit_opts so = { r->user.username, NULL };
        long long seq = 0;
        rc = reg_submit(wk->reg, json_is_array(apps) ? json_array_get(apps, i) : apps, &so, in,
                        &seq, &err);
        refused = rc == -LS_EINVAL || rc == -LS_ENOENT || rc == -LS_EEXIST;
        if (!rc)
            json_array_append_new(seqs, json_integer(seq));
    }
    if (!rc)
        rc = st_commit(wk->st, &err);
    if (rc)
        st_rollback(wk->st);
    srv_worker_give(app, wk);
    json_decref(apps);
    if (rc && refused) {
        json_decref(seqs);
        json_t *e =
            json_pack("{s:s,s:s,s:s}", "code", "refused", "message", err.msg, "where", err.input);
        if (err.field[0])
            json_object_set_new(e, "field", json_string(err.field));
        if (err.where[0])
            json_object_set_new(e, "record", json_string(err.where));
        http_resp_json(w, 422, json_pack("{s:o}", "error", e));
    } else if (rc) {
        json_decref(seqs);
        srv_error(w, &err);
    } else {
        http_resp_json(w, 201, json_pack("{s:o,s:s}", "recorded", seqs, "actor", r->user.username));
    }
}

void api_ledger_head(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    long long seq = 0;
    char hash[LG_HASH_HEX] = "";
    int rc = lg_head(wk->st, &seq, hash, &err);
    json_t *o = json_pack("{s:I,s:s,s:s}", "events", (json_int_t)seq, "head", hash, "algorithm",
                          lg_algorithm(wk->st));
    srv_worker_give(app, wk);
    if (rc) {
        json_decref(o);
        srv_error(w, &err);
    } else {
        http_resp_json(w, 200, o);
    }
}

void api_ledger_verify(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    struct lg_verify_report v;
    int rc = st_begin_read(wk->st, &err);
    if (!rc)
        rc = lg_verify(wk->st, &v, &err);
    st_rollback(wk->st);
    srv_worker_give(app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200,
                       json_pack("{s:b,s:I,s:s,s:s,s:I,s:s}", "ok", v.ok, "events",
                                 (json_int_t)v.events, "algorithm", v.algorithm, "head",
                                 v.head_hash, "bad_seq", (json_int_t)v.bad_seq, "why", v.why));
}
