/*
 * server/api_layers — the county's vector layers over HTTP (app/layers): the list, a page of
 * features in a box (bbox in lon/lat, or bbox-crs=0 for the layer's own CRS) with paging and
 * simplification in metres, and one feature by id. A layer that needs a login answers 401
 * to the public.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "app/layers.h"
#include "server/app.h"

void api_layers(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    json_t *out = app_layers_list(wk->county, wk->to_wgs84, app->county_epsg);
    srv_worker_give(app, wk);
    http_resp_json(w, 200, out);
}

/* Parses "a,b,c,d" into four finite numbers with a < c and b < d. */
static int parse_bbox(const char *s, double b[4])
{
    char *end;
    for (int i = 0; i < 4; i++) {
        b[i] = strtod(s, &end);
        if (end == s || !isfinite(b[i]) || (i < 3 && *end != ',') || (i == 3 && *end))
            return -1;
        s = end + 1;
    }
    return b[0] < b[2] && b[1] < b[3] ? 0 : -1;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* 0 when the user may read the layer; else the response is set (401 for the public). */
static int may_read(struct http_req *r, struct http_resp *w)
{
    const struct app_layer_info *li = app_layer_find(r->params[0]);
    if (!li || app_auth_allows(r->user.role, li->permission))
        return 0;
    http_resp_error(w, 401, "unauthenticated", "layer",
                    "the layer %s holds rights holders' names: log in to read it", li->name);
    return -1;
}

static void answer_geojson(struct http_resp *w, int rc, struct ls_strbuf *b,
                           const struct ls_err *err)
{
    if (rc) {
        free(b->s);
        srv_error(w, err);
        return;
    }
    http_resp_take(w, 200, "application/geo+json", b->s, b->n);
}

void api_layer_features(struct http_req *r, struct http_resp *w)
{
    struct app_layer_page q = { .limit = APP_LAYER_PAGE_DEFAULT, .box_in_wgs84 = 1 };
    long crs = 4326;
    const char *s;
    if ((s = http_query(r, "bbox")) && parse_bbox(s, q.box)) {
        http_resp_error(w, 400, "invalid_input", "bbox",
                        "bbox is minx,miny,maxx,maxy with min < max, got \"%s\"", s);
        return;
    }
    q.has_box = s != NULL;
    if ((s = http_query(r, "bbox-crs")) &&
        (parse_long(s, 0, 999999, &crs) || (crs != 4326 && crs != 0))) {
        http_resp_error(w, 400, "invalid_input", "bbox-crs",
                        "bbox-crs is 4326 (lon/lat) or 0 (the layer's own CRS), got \"%s\"", s);
        return;
    }
    q.box_in_wgs84 = crs == 4326;
    if ((s = http_query(r, "limit")) && parse_long(s, 1, APP_LAYER_PAGE_MAX, &q.limit)) {
        http_resp_error(w, 400, "invalid_input", "limit", "limit is 1..%d, got \"%s\"",
                        APP_LAYER_PAGE_MAX, s);
        return;
    }
    if ((s = http_query(r, "offset")) && parse_long(s, 0, 1L << 40, &q.offset)) {
        http_resp_error(w, 400, "invalid_input", "offset", "offset is a count ≥ 0, got \"%s\"", s);
        return;
    }
    if ((s = http_query(r, "simplify"))) {
        char *end;
        q.simplify = strtod(s, &end);
        if (end == s || *end || !(q.simplify >= 0 && q.simplify <= 10000)) {
            http_resp_error(w, 400, "invalid_input", "simplify",
                            "simplify is a tolerance in metres, 0..10000, got \"%s\"", s);
            return;
        }
    }
    if (may_read(r, w))
        return;
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_strbuf b = { 0 };
    struct ls_err err = { 0 };
    int rc = app_layer_page(wk->county, r->params[0], &q, wk->to_wgs84, wk->from_wgs84, &b, &err);
    srv_worker_give(app, wk);
    answer_geojson(w, rc, &b, &err);
}

void api_layer_feature(struct http_req *r, struct http_resp *w)
{
    long fid;
    if (parse_long(r->params[1], 0, 1L << 52, &fid)) {
        http_resp_error(w, 400, "invalid_input", "fid", "a feature id is an integer, got \"%s\"",
                        r->params[1]);
        return;
    }
    if (may_read(r, w))
        return;
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_strbuf b = { 0 };
    struct ls_err err = { 0 };
    int rc = app_layer_feature(wk->county, r->params[0], fid, wk->to_wgs84, &b, &err);
    srv_worker_give(app, wk);
    answer_geojson(w, rc, &b, &err);
}

/* The names of a unit layer (townships, villages) at points inside each unit: the map's
 * labels, a few KB where the polygons would be megabytes. */
void api_layer_labels(struct http_req *r, struct http_resp *w)
{
    if (may_read(r, w))
        return;
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_strbuf b = { 0 };
    struct ls_err err = { 0 };
    int rc = app_layer_labels(wk->county, r->params[0], wk->to_wgs84, &b, &err);
    srv_worker_give(app, wk);
    answer_geojson(w, rc, &b, &err);
}

/* The features in a lon/lat box as a GeoPackage to download: the attribute table's export,
 * with geometry, fields and CRS as the county holds them. */
void api_layer_export(struct http_req *r, struct http_resp *w)
{
    double box[4];
    const char *s = http_query(r, "bbox"), *format = http_query(r, "format");
    if (s && parse_bbox(s, box)) {
        http_resp_error(w, 400, "invalid_input", "bbox",
                        "bbox is minlon,minlat,maxlon,maxlat with min < max, got \"%s\"", s);
        return;
    }
    if (format && strcmp(format, "gpkg")) {
        http_resp_error(w, 400, "invalid_input", "format",
                        "format is gpkg (GeoJSON and CSV come from …/features), got \"%s\"",
                        format);
        return;
    }
    if (may_read(r, w))
        return;
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    unsigned char *data = NULL;
    size_t len = 0;
    struct ls_err err = { 0 };
    int rc = app_layer_export_gpkg(wk->county, r->params[0], s ? box : NULL, wk->from_wgs84, &data,
                                   &len, &err);
    srv_worker_give(app, wk);
    if (rc) {
        if (err.code == LS_ENOMEM && err.field[0])
            http_resp_error(w, 413, "too_large", "bbox", "%s", err.msg);
        else
            srv_error(w, &err);
        return;
    }
    snprintf(w->disposition, sizeof w->disposition, "attachment; filename=\"%s.gpkg\"",
             r->params[0]);
    http_resp_take(w, 200, "application/geopackage+sqlite3", (char *)data, len);
}
