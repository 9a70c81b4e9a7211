/*
 * server/api_layers — the county's vector layers as GeoJSON (RFC 7946: EPSG:4326, lon/lat):
 * the list with counts and extents, features in a box (the GeoPackage R-tree through OGR's
 * spatial filter) with paging and optional simplification in metres for small map scales,
 * and one feature by id (identify). The land-survey patches carry rights holders' names,
 * so they need a login; the control lines and boundaries are disclosed to the public.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <ogr_api.h>

#include "base/strbuf.h"
#include "geo/geojson.h"
#include "server/app.h"

#define FEATURES_DEFAULT 1000
#define FEATURES_MAX     20000

static const struct {
    const char *name, *zh, *en, *permission;
} layer_info[] = {
    { "county", "县域", "County", "public" },
    { "township", "乡镇", "Townships", "public" },
    { "landuse_patch", "地类图斑", "Land-survey patches", "read" },
    { "basic_farmland", "永久基本农田", "Permanent basic farmland", "public" },
    { "eco_redline", "生态保护红线", "Ecological protection red line", "public" },
    { "core_zone", "核心保护区", "Core protection zones", "public" },
    { "urban_boundary", "城镇开发边界", "Urban development boundary", "public" },
    { "river", "河流", "Rivers", "public" },
    { "shoreline", "海岸线", "Shoreline", "public" },
};

static int info_of(const char *name)
{
    for (size_t i = 0; i < sizeof layer_info / sizeof *layer_info; i++)
        if (!strcmp(layer_info[i].name, name))
            return (int)i;
    return -1;
}

/* The layer, or NULL with the response set (404 unknown, 401 needs login). */
static OGRLayerH open_layer(struct http_req *r, struct srv_worker *wk, struct http_resp *w)
{
    const char *name = r->params[0];
    int k = info_of(name);
    OGRLayerH l = k >= 0 && wk->county ? GDALDatasetGetLayerByName(wk->county, name) : NULL;
    if (!l) {
        http_resp_error(w, 404, "not_found", "layer", "no layer \"%s\" (GET /api/v1/layers)", name);
        return NULL;
    }
    if (!strcmp(layer_info[k].permission, "read") && !strcmp(r->user.role, "public")) {
        http_resp_error(w, 401, "unauthenticated", "layer",
                        "the layer %s holds rights holders' names: log in to read it", name);
        return NULL;
    }
    return l;
}

void api_layers(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    json_t *a = json_array();
    for (size_t i = 0; wk->county && i < sizeof layer_info / sizeof *layer_info; i++) {
        OGRLayerH l = GDALDatasetGetLayerByName(wk->county, layer_info[i].name);
        if (!l)
            continue;
        OGREnvelope e;
        json_t *bbox = json_null();
        if (OGR_L_GetExtent(l, &e, 0) == OGRERR_NONE) {
            double x[2] = { e.MinX, e.MaxX }, y[2] = { e.MinY, e.MaxY };
            if (!geo_transform_points(wk->to_wgs84, 2, x, y)) {
                json_decref(bbox);
                bbox = json_pack("[f,f,f,f]", x[0], y[0], x[1], y[1]);
            }
        }
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:o,s:i}", "name",
                                           layer_info[i].name, "zh", layer_info[i].zh, "en",
                                           layer_info[i].en, "permission", layer_info[i].permission,
                                           "features", (json_int_t)OGR_L_GetFeatureCount(l, 0),
                                           "geometry", OGRGeometryTypeToName(OGR_FD_GetGeomType(d)),
                                           "bbox", bbox, "epsg", wk->zd.epsg));
    }
    srv_worker_give(app, wk);
    http_resp_json(w, 200, json_pack("{s:o}", "layers", a));
}

/* Parses "a,b,c,d" into four finite numbers. */
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

/* Appends one feature as GeoJSON (geometry in EPSG:4326, 7 decimals ≈ 1 cm). */
static void feature_json(struct ls_strbuf *b, struct srv_worker *wk, OGRFeatureH f,
                         double simplify_m)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    OGRGeometryH simple =
        g && simplify_m > 0 ? OGR_G_SimplifyPreserveTopology(g, simplify_m) : NULL;
    ls_strbuf_printf(b,
                     "{\"type\":\"Feature\",\"id\":%lld,\"geometry\":", (long long)OGR_F_GetFID(f));
    geo_geojson_write_ogr(simple ? simple : g, geo_transform_ogr(wk->to_wgs84), b);
    if (simple)
        OGR_G_DestroyGeometry(simple);
    json_t *props = json_object();
    OGRFeatureDefnH d = OGR_F_GetDefnRef(f);
    for (int i = 0; i < OGR_FD_GetFieldCount(d); i++) {
        if (!OGR_F_IsFieldSetAndNotNull(f, i))
            continue;
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(d, i);
        const char *k = OGR_Fld_GetNameRef(fd);
        switch (OGR_Fld_GetType(fd)) {
        case OFTInteger:
        case OFTInteger64:
            json_object_set_new(props, k, json_integer(OGR_F_GetFieldAsInteger64(f, i)));
            break;
        case OFTReal:
            json_object_set_new(props, k, json_real(OGR_F_GetFieldAsDouble(f, i)));
            break;
        default:
            json_object_set_new(props, k, json_string(OGR_F_GetFieldAsString(f, i)));
        }
    }
    char *pj = json_dumps(props, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(12));
    json_decref(props);
    ls_strbuf_printf(b, ",\"properties\":%s}", pj ? pj : "{}");
    free(pj);
}

void api_layer_features(struct http_req *r, struct http_resp *w)
{
    double box[4] = { 0 };
    long limit = FEATURES_DEFAULT, offset = 0, crs = 4326;
    double simplify = 0;
    const char *q;
    if ((q = http_query(r, "bbox")) && parse_bbox(q, box)) {
        http_resp_error(w, 400, "invalid_input", "bbox",
                        "bbox is minx,miny,maxx,maxy with min < max, got \"%s\"", q);
        return;
    }
    int has_box = q != NULL;
    if ((q = http_query(r, "bbox-crs")) &&
        (parse_long(q, 0, 999999, &crs) || (crs != 4326 && crs != 0))) {
        http_resp_error(w, 400, "invalid_input", "bbox-crs",
                        "bbox-crs is 4326 (lon/lat) or 0 (the layer's own CRS), got \"%s\"", q);
        return;
    }
    if ((q = http_query(r, "limit")) && parse_long(q, 1, FEATURES_MAX, &limit)) {
        http_resp_error(w, 400, "invalid_input", "limit", "limit is 1..%d, got \"%s\"",
                        FEATURES_MAX, q);
        return;
    }
    if ((q = http_query(r, "offset")) && parse_long(q, 0, 1L << 40, &offset)) {
        http_resp_error(w, 400, "invalid_input", "offset", "offset is a count ≥ 0, got \"%s\"", q);
        return;
    }
    if ((q = http_query(r, "simplify"))) {
        char *end;
        simplify = strtod(q, &end);
        if (end == q || *end || !(simplify >= 0 && simplify <= 10000)) {
            http_resp_error(w, 400, "invalid_input", "simplify",
                            "simplify is a tolerance in metres, 0..10000, got \"%s\"", q);
            return;
        }
    }
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    OGRLayerH l = open_layer(r, wk, w);
    if (!l) {
        srv_worker_give(app, wk);
        return;
    }
    if (has_box && crs == 4326) {
        /* the box's corners and edge midpoints into the county CRS, then their envelope */
        double x[8] = {
            box[0], box[2], box[0], box[2], (box[0] + box[2]) / 2, (box[0] + box[2]) / 2,
            box[0], box[2]
        };
        double y[8] = { box[1],
                        box[1],
                        box[3],
                        box[3],
                        box[1],
                        box[3],
                        (box[1] + box[3]) / 2,
                        (box[1] + box[3]) / 2 };
        if (geo_transform_points(wk->from_wgs84, 8, x, y)) {
            srv_worker_give(app, wk);
            http_resp_error(w, 400, "invalid_input", "bbox", "the box is outside the CRS's area");
            return;
        }
        box[0] = box[2] = x[0];
        box[1] = box[3] = y[0];
        for (int i = 1; i < 8; i++) {
            box[0] = fmin(box[0], x[i]);
            box[2] = fmax(box[2], x[i]);
            box[1] = fmin(box[1], y[i]);
            box[3] = fmax(box[3], y[i]);
        }
    }
    if (has_box)
        OGR_L_SetSpatialFilterRect(l, box[0], box[1], box[2], box[3]);
    else
        OGR_L_SetSpatialFilter(l, NULL);
    OGR_L_ResetReading(l);
    struct ls_strbuf b = { 0 };
    ls_strbuf_printf(&b, "{\"type\":\"FeatureCollection\",\"layer\":\"%s\",\"features\":[",
                     r->params[0]);
    long n = 0, seen = 0;
    int more = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(l))) {
        if (seen++ < offset) {
            OGR_F_Destroy(f);
            continue;
        }
        if (n == limit) {
            more = 1;
            OGR_F_Destroy(f);
            break;
        }
        if (n)
            ls_strbuf_printf(&b, ",");
        feature_json(&b, wk, f, simplify);
        OGR_F_Destroy(f);
        n++;
    }
    OGR_L_SetSpatialFilter(l, NULL);
    srv_worker_give(app, wk);
    ls_strbuf_printf(&b, "],\"numberReturned\":%ld", n);
    if (more)
        ls_strbuf_printf(&b, ",\"next\":{\"offset\":%ld}", offset + n);
    ls_strbuf_printf(&b, "}");
    if (b.oom) {
        free(b.s);
        http_resp_error(w, 500, "internal", NULL, "out of memory");
        return;
    }
    http_resp_take(w, 200, "application/geo+json", b.s, b.n);
}

void api_layer_feature(struct http_req *r, struct http_resp *w)
{
    long fid;
    if (parse_long(r->params[1], 0, 1L << 52, &fid)) {
        http_resp_error(w, 400, "invalid_input", "fid", "a feature id is an integer, got \"%s\"",
                        r->params[1]);
        return;
    }
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    OGRLayerH l = open_layer(r, wk, w);
    OGRFeatureH f = l ? OGR_L_GetFeature(l, fid) : NULL;
    if (l && !f) {
        srv_worker_give(app, wk);
        http_resp_error(w, 404, "not_found", "fid", "layer %s has no feature %ld", r->params[0],
                        fid);
        return;
    }
    struct ls_strbuf b = { 0 };
    if (f) {
        feature_json(&b, wk, f, 0);
        OGR_F_Destroy(f);
    }
    srv_worker_give(app, wk);
    if (l)
        http_resp_take(w, 200, "application/geo+json", b.s, b.n);
}
