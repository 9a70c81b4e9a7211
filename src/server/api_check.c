/*
 * server/api_check — the three-control-lines compliance check over HTTP (POST
 * /api/v1/checks). The footprint comes as a GeoJSON geometry (EPSG:4326 unless "crs" says
 * otherwise) or as an uploaded file: a boundary-point coordinate file (界址点坐标, UTF-8 or
 * GBK, its CRS from its header), GeoJSON, a GeoPackage or a zipped Shapefile (base64). The
 * check itself is app/check's, the command line's too; this file reads the request and
 * writes the answer, with the deciding footprint and each overlap piece as GeoJSON in
 * EPSG:4326 for the map. A check reads and records nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_string.h>

#include "app/check.h"
#include "app/opinion.h"
#include "geo/geojson.h"
#include "server/app.h"

/* Every footprint, parcels together, is capped: a request may not hold a worker for long. */
#define CHECK_MAX_VERTICES 200000
/* A land-approval file is a few to a few hundred parcels: these caps are far above that and
 * far below what holds a worker for seconds (a 3.5 MB zipped Shapefile of 500 MB held one
 * for 13 s) */
#define CHECK_MAX_UNPACKED ((size_t)64 << 20)
#define CHECK_MAX_FEATURES 20000
#define CHECK_MAX_SECONDS  10.0

void api_check_categories(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    json_t *a = json_array();
    for (size_t i = 0; i < app->rules.n_categories; i++)
        json_array_append_new(a, json_pack("{s:s,s:s}", "id", app->rules.categories[i].id, "zh",
                                           app->rules.categories[i].zh));
    http_resp_json(w, 200,
                   json_pack("{s:s,s:s,s:o}", "rules", app->rules.id, "version", app->rules.version,
                             "categories", a));
}

/* The uploaded file {name, content | content_base64} as bytes the caller frees. */
static int upload_bytes(json_t *file, const char **name, char **bytes, size_t *n,
                        struct ls_err *err)
{
    *name = json_string_value(json_object_get(file, "name"));
    json_t *text = json_object_get(file, "content"), *b64 = json_object_get(file, "content_base64");
    if (!*name || !**name || strchr(*name, '/') || (!json_is_string(text) && !json_is_string(b64)))
        return ls_err_set(err, LS_EINVAL, "file", NULL, "file",
                          "file is {\"name\": \"x.txt\", \"content\": TEXT} or {\"name\", "
                          "\"content_base64\"} (a plain file name)");
    if (json_is_string(text)) {
        *n = json_string_length(text);
        *bytes = malloc(*n + 1);
        if (*bytes)
            memcpy(*bytes, json_string_value(text), *n + 1);
    } else {
        *bytes = strdup(json_string_value(b64));
        *n = *bytes ? (size_t)CPLBase64DecodeInPlace((GByte *)*bytes) : 0;
    }
    return *bytes ? 0 : ls_err_set(err, LS_ENOMEM, *name, NULL, NULL, "out of memory");
}

/* The answer: app/check's JSON, then the geometries written as text after it (geojson.h
 * says why). */
static int answer(const struct app_checker *c, const struct app_check_result *res,
                  struct geo_transform *to_wgs84, struct ls_strbuf *text, struct ls_err *err)
{
    GEOSContextHandle_t h = res->h;
    json_t *out = app_check_json(c, res);
    char *head = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    json_decref(out);
    if (!head || head[0] != '{' || strlen(head) < 3) {
        free(head);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    OGRCoordinateTransformationH ct = geo_transform_ogr(to_wgs84);
    head[strlen(head) - 1] = '\0';
    ls_strbuf_printf(text, "%s,\"footprint_geojson\":", head);
    free(head);
    geo_geojson_write(h, app_check_total_geometry(res), ct, text);
    ls_strbuf_printf(text, ",\"overlaps_geojson\":{\"type\":\"FeatureCollection\","
                           "\"features\":[");
    const struct zn_check_result *total = &app_check_total(res)->res;
    int first = 1;
    for (size_t i = 0; i < total->n_ov; i++) {
        const struct zn_overlap *piece = &total->ov[i];
        if (!piece->piece)
            continue;
        const struct zn_zone *z = &c->rules->zones[piece->zone];
        ls_strbuf_printf(text, "%s{\"type\":\"Feature\",\"geometry\":", first ? "" : ",");
        geo_geojson_write(h, piece->piece, ct, text);
        /* the layer too: the map colours a piece as the layer it lies in */
        json_t *props = json_pack("{s:s,s:s,s:s,s:f,s:f,s:b}", "zone", z->id, "zh", z->zh, "layer",
                                  z->layer, "area_m2", piece->ellipsoidal_m2, "length_m",
                                  piece->length_m, "counts", piece->counts != 0);
        char *ps = json_dumps(props, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
        json_decref(props);
        ls_strbuf_printf(text, ",\"properties\":%s}", ps ? ps : "{}");
        free(ps);
        first = 0;
    }
    ls_strbuf_printf(text, "]}}");
    return text->oom ? ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory") : 0;
}

/* The answer kept as a review opinion (app/opinion): the answer as the reviewer saw it, and
 * "opinion": {"id", "code"} added to it. */
static int save_opinion(struct srv_worker *wk, json_t *save, const char *user,
                        struct ls_strbuf *text, struct ls_err *err)
{
    static const char *const fields[] = { "project_name", "project_number", "comment" };
    const char *v[3];
    for (int i = 0; i < 3; i++) {
        json_t *x = json_object_get(save, fields[i]);
        if (x && !json_is_string(x))
            return ls_err_set(err, LS_EINVAL, "save", NULL, fields[i], "%s is text", fields[i]);
        v[i] = json_string_value(x);
    }
    const char *key;
    json_t *val;
    json_object_foreach(save, key, val)
    {
        if (strcmp(key, fields[0]) && strcmp(key, fields[1]) && strcmp(key, fields[2]))
            return ls_err_set(err, LS_EINVAL, "save", NULL, key,
                              "\"save\" takes project_name, project_number and comment");
    }
    json_t *check = json_loadb(text->s, text->n, 0, NULL);
    struct app_opinion_request q = { v[0], v[1], v[2], user, NULL };
    long long seq = 0;
    char code[APP_OPINION_CODE];
    int rc = check ? app_opinion_save(wk->st, &q, check, &seq, code, err)
                   : ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    json_decref(check);
    if (rc)
        return rc;
    text->n--; /* the answer's closing brace */
    ls_strbuf_printf(text, ",\"opinion\":{\"id\":%lld,\"code\":\"%s\"}}", seq, code);
    return text->oom ? ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory") : 0;
}

void api_check(struct http_req *r, struct http_resp *w)
{
    static const char *const allowed[] = { "category", "geometry", "file", "crs",
                                           "label",    "save",     NULL };
    json_t *o = srv_body_object(r, w);
    if (!o || srv_only_fields(o, allowed, w)) {
        json_decref(o);
        return;
    }
    struct srv_app *app = r->app;
    const char *category = json_string_value(json_object_get(o, "category"));
    json_t *geom = json_object_get(o, "geometry"), *file = json_object_get(o, "file");
    json_t *crs = json_object_get(o, "crs");
    int cat = category ? zn_category_find(&app->rules, category) : -1;
    if (cat < 0) {
        http_resp_error(w, 400, category ? "invalid_input" : "missing_field", "category",
                        category ? "no project category \"%s\" (GET /api/v1/checks/categories)"
                                 : "\"category\" is required%s",
                        category ? category : "");
        json_decref(o);
        return;
    }
    if (!geom == !file) {
        http_resp_error(w, 400, "missing_field", "geometry",
                        "give one footprint: \"geometry\" (GeoJSON) or \"file\"");
        json_decref(o);
        return;
    }
    json_t *save = json_object_get(o, "save");
    if (save && !json_is_object(save)) {
        http_resp_error(w, 400, "wrong_type", "save",
                        "\"save\" is {\"project_name\", \"project_number\", \"comment\"}");
        json_decref(o);
        return;
    }
    if (crs && (!json_is_integer(crs) || json_integer_value(crs) <= 0 ||
                json_integer_value(crs) > 999999)) {
        http_resp_error(w, 400, "wrong_type", "crs", "\"crs\" is an EPSG code (an integer)");
        json_decref(o);
        return;
    }
    struct app_check_request q = {
        .src = { .geojson = geom,
                 .label = json_string_value(json_object_get(o, "label")),
                 .epsg = crs ? (int)json_integer_value(crs) : 0,
                 .max_vertices = CHECK_MAX_VERTICES,
                 .max_unpacked_bytes = CHECK_MAX_UNPACKED,
                 .max_features = CHECK_MAX_FEATURES,
                 .max_seconds = CHECK_MAX_SECONDS },
        .category = cat,
    };
    struct ls_err err = { 0 };
    char *bytes = NULL;
    int rc = file ? upload_bytes(file, &q.src.name, &bytes, &q.src.nbytes, &err) : 0;
    q.src.bytes = bytes;
    struct srv_worker *wk =
        app->county_path[0] ? srv_worker_take_zoning(app) : srv_worker_take(app);
    if (!rc && !wk->has_zd)
        rc = ls_err_set(&err, LS_ENOENT, "data", NULL, NULL,
                        "this server was started without the county's control layers");
    struct app_checker checker = { &app->rules, &wk->zd, wk->area, wk->from_wgs84 };
    struct app_check_result res;
    struct ls_strbuf text = { 0 };
    if (!rc && !(rc = app_check_run(&checker, &q, &res, &err))) {
        rc = answer(&checker, &res, wk->to_wgs84, &text, &err);
        app_check_result_free(&res);
    }
    if (!rc && save)
        rc = save_opinion(wk, save, r->user.username, &text, &err);
    srv_worker_give(app, wk);
    free(bytes);
    json_decref(o);
    if (rc) {
        free(text.s);
        srv_error(w, &err);
    } else {
        http_resp_take(w, 200, "application/json; charset=utf-8", text.s, text.n);
    }
}
