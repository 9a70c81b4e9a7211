/*
 * server/api_check — the three-control-lines compliance check over HTTP (POST
 * /api/v1/checks). The footprint comes as a GeoJSON geometry (EPSG:4326 unless "crs" says
 * otherwise) or as an uploaded file: a boundary-point coordinate file (界址点坐标, UTF-8 or
 * GBK, its CRS from its header), GeoJSON, or a zipped Shapefile (base64). The answer is
 * zoning/check's verdict, reasons and obligations, plus the footprint and each overlap
 * piece as GeoJSON in EPSG:4326 for the map. A check reads and records nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ogr_api.h>

#include "geo/coordfile.h"
#include "geo/ogr_bridge.h"
#include "server/app.h"
#include "server/geojson.h"

#define CHECK_MAX_VERTICES 200000

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

/*
 * The transformation from EPSG epsg to the county's CRS: NULL with *ok = 1 when none is
 * needed; *owned says the caller destroys it; *ok = 0 when there is none.
 */
static OGRCoordinateTransformationH to_county(struct srv_worker *wk, int epsg, int *owned, int *ok)
{
    *owned = 0;
    *ok = 1;
    if (!epsg || epsg == wk->zd.epsg)
        return NULL;
    if (epsg == 4326)
        return wk->from_wgs84;
    OGRSpatialReferenceH s = OSRNewSpatialReference(NULL), t = OSRNewSpatialReference(NULL);
    OGRCoordinateTransformationH ct = NULL;
    if (OSRImportFromEPSG(s, epsg) == OGRERR_NONE && OSRImportFromEPSG(t, wk->zd.epsg) == 0) {
        OSRSetAxisMappingStrategy(s, OAMS_TRADITIONAL_GIS_ORDER);
        OSRSetAxisMappingStrategy(t, OAMS_TRADITIONAL_GIS_ORDER);
        ct = OCTNewCoordinateTransformation(s, t);
    }
    OSRDestroySpatialReference(s);
    OSRDestroySpatialReference(t);
    *owned = ct != NULL;
    *ok = ct != NULL;
    return ct;
}

/* OGR geometry → GEOS in the worker's context (NULL when unreadable). */
static GEOSGeometry *ogr_to_geos(struct srv_worker *wk, OGRGeometryH g)
{
    size_t sz = (size_t)OGR_G_WkbSize(g);
    unsigned char *wkb = malloc(sz);
    GEOSGeometry *out = NULL;
    if (wkb && OGR_G_ExportToWkb(g, wkbNDR, wkb) == OGRERR_NONE) {
        GEOSWKBReader *rd = GEOSWKBReader_create_r(wk->zd.geos);
        out = GEOSWKBReader_read_r(wk->zd.geos, rd, wkb, sz);
        GEOSWKBReader_destroy_r(wk->zd.geos, rd);
    }
    free(wkb);
    return out;
}

static int has_bytes(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (!memcmp(hay + i, needle, m))
            return 1;
    return 0;
}

struct footprint {
    OGRGeometryH g;
    int epsg;
    char label[128];
};

/* Reads the uploaded file {name, content | content_base64} into one footprint. */
static int read_file(json_t *file, struct footprint *fp, struct ls_err *err)
{
    const char *name = json_string_value(json_object_get(file, "name"));
    json_t *text = json_object_get(file, "content"), *b64 = json_object_get(file, "content_base64");
    if (!name || !*name || strchr(name, '/') || (!json_is_string(text) && !json_is_string(b64)))
        return ls_err_set(err, LS_EINVAL, "file", NULL, "file",
                          "file is {\"name\": \"x.txt\", \"content\": TEXT} or {\"name\", "
                          "\"content_base64\"} (a plain file name)");
    size_t n;
    char *bytes;
    if (json_is_string(text)) {
        n = json_string_length(text);
        bytes = malloc(n + 1);
        if (bytes)
            memcpy(bytes, json_string_value(text), n + 1);
    } else {
        bytes = strdup(json_string_value(b64));
        n = bytes ? (size_t)CPLBase64DecodeInPlace((GByte *)bytes) : 0;
    }
    if (!bytes)
        return ls_err_set(err, LS_ENOMEM, name, NULL, NULL, "out of memory");
    snprintf(fp->label, sizeof fp->label, "%s", name);
    int rc = 0;
    size_t len = strlen(name);
    int txt = len > 4 && !strcasecmp(name + len - 4, ".txt");
    if (txt || has_bytes(bytes, n, "[属性描述]") || has_bytes(bytes, n, "[地块坐标]")) {
        struct geo_coordfile *cf = NULL;
        rc = geo_coordfile_parse(name, bytes, n, NULL, &cf, err);
        if (!rc && cf->nparcels == 0)
            rc = ls_err_set(err, LS_EINVAL, name, NULL, "geometry", "no parcel in the file");
        if (!rc) {
            /* several parcels form one footprint (a project of many plots) */
            OGRGeometryH all = OGR_G_CreateGeometry(wkbMultiPolygon);
            for (size_t i = 0; i < cf->nparcels; i++) {
                OGRGeometryH g = geo_mpoly_to_ogr(&cf->parcels[i].geom);
                for (int k = 0; g && k < OGR_G_GetGeometryCount(g); k++)
                    OGR_G_AddGeometry(all, OGR_G_GetGeometryRef(g, k));
                if (g)
                    OGR_G_DestroyGeometry(g);
            }
            fp->g = all;
            fp->epsg = cf->crs.epsg;
            if (cf->nparcels == 1 && cf->parcels[0].name[0])
                snprintf(fp->label, sizeof fp->label, "%s", cf->parcels[0].name);
        }
        geo_coordfile_free(cf);
        free(bytes);
        return rc;
    }
    char vpath[256], open_path[300];
    snprintf(vpath, sizeof vpath, "/vsimem/check-%p/%s", (void *)fp, name);
    VSILFILE *f = VSIFileFromMemBuffer(vpath, (GByte *)bytes, (vsi_l_offset)n, TRUE);
    if (!f) {
        free(bytes);
        return ls_err_set(err, LS_EIO, name, NULL, NULL, "cannot stage the upload");
    }
    VSIFCloseL(f);
    snprintf(open_path, sizeof open_path, "%s%s",
             len > 4 && !strcasecmp(name + len - 4, ".zip") ? "/vsizip/" : "", vpath);
    GDALDatasetH ds = GDALOpenEx(open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        rc = ls_err_set(err, LS_EINVAL, name, NULL, "file",
                        "not a coordinate file, GeoJSON, GeoPackage or zipped Shapefile");
    } else {
        OGRLayerH l = GDALDatasetGetLayer(ds, 0);
        OGRSpatialReferenceH srs = l ? OGR_L_GetSpatialRef(l) : NULL;
        const char *code = srs ? OSRGetAuthorityCode(srs, NULL) : NULL;
        fp->epsg = code ? atoi(code) : 4326;
        OGRGeometryH first = NULL, all = NULL;
        OGRFeatureH ft;
        while (!rc && l && (ft = OGR_L_GetNextFeature(l))) {
            OGRGeometryH g = OGR_F_GetGeometryRef(ft);
            if (g && !OGR_G_IsEmpty(g)) {
                if (!first) {
                    first = OGR_G_Clone(g);
                } else {
                    /* several features form one footprint */
                    if (!all) {
                        all = OGR_G_CreateGeometry(
                            OGR_G_GetDimension(first) == 2 ? wkbMultiPolygon : wkbMultiLineString);
                        OGR_G_AddGeometry(all, first);
                    }
                    OGRGeometryH part = OGR_G_Clone(g);
                    OGRwkbGeometryType t = OGR_GT_Flatten(OGR_G_GetGeometryType(part));
                    if (t == wkbMultiPolygon || t == wkbMultiLineString) {
                        for (int i = 0; i < OGR_G_GetGeometryCount(part); i++)
                            OGR_G_AddGeometry(all, OGR_G_GetGeometryRef(part, i));
                    } else if (OGR_G_AddGeometry(all, part) != OGRERR_NONE) {
                        rc = ls_err_set(err, LS_EINVAL, name, NULL, "geometry",
                                        "the features mix polygons and lines");
                    }
                    OGR_G_DestroyGeometry(part);
                }
            }
            OGR_F_Destroy(ft);
        }
        GDALClose(ds);
        if (all) {
            OGRGeometryH u = OGR_G_GetDimension(all) == 2 ? OGR_G_UnionCascaded(all) : NULL;
            fp->g = u ? u : OGR_G_Clone(all);
            OGR_G_DestroyGeometry(all);
            OGR_G_DestroyGeometry(first);
        } else {
            fp->g = first;
        }
        if (!rc && !fp->g)
            rc = ls_err_set(err, LS_EINVAL, name, NULL, "geometry", "no footprint in the file");
    }
    VSIUnlink(vpath);
    return rc;
}

void api_check(struct http_req *r, struct http_resp *w)
{
    static const char *const allowed[] = { "category", "geometry", "file", "crs", "label", NULL };
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
    if (crs && (!json_is_integer(crs) || json_integer_value(crs) <= 0 ||
                json_integer_value(crs) > 999999)) {
        http_resp_error(w, 400, "wrong_type", "crs", "\"crs\" is an EPSG code (an integer)");
        json_decref(o);
        return;
    }
    struct footprint fp = { .epsg = crs ? (int)json_integer_value(crs) : 4326 };
    snprintf(fp.label, sizeof fp.label, "%s",
             json_string_value(json_object_get(o, "label"))
                 ? json_string_value(json_object_get(o, "label"))
                 : "footprint");
    struct ls_err err = { 0 };
    int rc = 0;
    if (file) {
        rc = read_file(file, &fp, &err);
        if (crs) /* the caller's word over the file's (GeoJSON without a CRS reads as 4326) */
            fp.epsg = (int)json_integer_value(crs);
    }
    if (!rc && fp.g) {
        OGRwkbGeometryType t = OGR_GT_Flatten(OGR_G_GetGeometryType(fp.g));
        if (t != wkbPolygon && t != wkbMultiPolygon && t != wkbLineString &&
            t != wkbMultiLineString)
            rc = ls_err_set(&err, LS_EINVAL, fp.label, NULL, "geometry",
                            "a footprint is a polygon or a line, not a %s",
                            OGRGeometryTypeToName(t));
    }
    struct srv_worker *wk = srv_worker_take(app);
    if (!rc && !wk->has_zd)
        rc = ls_err_set(&err, LS_ENOENT, "--data", NULL, NULL,
                        "this server was started without the county's control layers");
    char note[160] = "";
    int owned = 0, ok = 1;
    OGRCoordinateTransformationH ct = rc ? NULL : to_county(wk, fp.epsg, &owned, &ok);
    if (!rc && !ok)
        rc = ls_err_set(&err, LS_EINVAL, fp.label, NULL, "crs",
                        "cannot transform the footprint from EPSG:%d to EPSG:%d", fp.epsg,
                        wk->zd.epsg);
    if (!rc && ct)
        snprintf(note, sizeof note, "transformed from EPSG:%d to the data's EPSG:%d", fp.epsg,
                 wk->zd.epsg);
    GEOSGeometry *g = NULL;
    if (!rc && geom) {
        /* straight from the parsed body to GEOS: no second JSON parser, no WKB trip */
        char why[160];
        g = srv_geojson_read(wk->zd.geos, geom, ct, CHECK_MAX_VERTICES, why, sizeof why);
        if (!g)
            rc = ls_err_set(&err, strstr(why, "vertices") ? LS_ENOMEM : LS_EINVAL, "geometry", NULL,
                            "geometry", "%s", why);
    } else if (!rc) {
        if (ct && OGR_G_Transform(fp.g, ct) != OGRERR_NONE)
            rc = ls_err_set(&err, LS_EINVAL, fp.label, NULL, "crs",
                            "cannot transform the footprint from EPSG:%d to EPSG:%d", fp.epsg,
                            wk->zd.epsg);
        g = rc ? NULL : ogr_to_geos(wk, fp.g);
        if (!rc && !g)
            rc = ls_err_set(&err, LS_EINVAL, fp.label, NULL, "geometry",
                            "cannot read the footprint");
        if (!rc && GEOSGetNumCoordinates_r(wk->zd.geos, g) > CHECK_MAX_VERTICES)
            rc = ls_err_set(&err, LS_ENOMEM, fp.label, NULL, "geometry", "more than %d vertices",
                            CHECK_MAX_VERTICES);
    }
    if (owned)
        OCTDestroyCoordinateTransformation(ct);
    if (!rc && GEOSisValid_r(wk->zd.geos, g) != 1) {
        char *why = GEOSisValidReason_r(wk->zd.geos, g);
        rc = ls_err_set(&err, LS_EINVAL, fp.label, NULL, "geometry",
                        "the footprint is not a valid geometry: %s", why ? why : "");
        if (why)
            GEOSFree_r(wk->zd.geos, why);
    }
    struct zn_check_result res;
    json_t *out = NULL;
    struct ls_strbuf text = { 0 };
    if (!rc && !(rc = zn_check(&wk->zd, &app->rules, wk->area, g, fp.label, cat, &res, &err))) {
        out = zn_check_json(&app->rules, &res);
        /* the zone's Chinese name beside its id, for the UI's table */
        size_t oi;
        json_t *ov;
        json_array_foreach(json_object_get(out, "overlaps"), oi, ov)
        {
            int z = zn_zone_find(&app->rules, json_string_value(json_object_get(ov, "zone")));
            if (z >= 0)
                json_object_set_new(ov, "zh", json_string(app->rules.zones[z].zh));
        }
        if (note[0])
            json_object_set_new(out, "note", json_string(note));
        /* the geometries are written as text after the rest (geojson.h says why) */
        char *head = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
        json_decref(out);
        out = NULL;
        if (head && head[0] == '{' && strlen(head) > 2) {
            head[strlen(head) - 1] = '\0';
            ls_strbuf_printf(&text, "%s,\"footprint_geojson\":", head);
            srv_geojson_write(wk->zd.geos, g, wk->to_wgs84, &text);
            ls_strbuf_printf(&text, ",\"overlaps_geojson\":{\"type\":\"FeatureCollection\","
                                    "\"features\":[");
            int first = 1;
            for (size_t i = 0; i < res.n_ov; i++) {
                const struct zn_overlap *piece = &res.ov[i];
                if (!piece->piece)
                    continue;
                const struct zn_zone *z = &app->rules.zones[piece->zone];
                ls_strbuf_printf(&text, "%s{\"type\":\"Feature\",\"geometry\":", first ? "" : ",");
                srv_geojson_write(wk->zd.geos, piece->piece, wk->to_wgs84, &text);
                json_t *props = json_pack("{s:s,s:s,s:f,s:f,s:b}", "zone", z->id, "zh", z->zh,
                                          "area_m2", piece->ellipsoidal_m2, "length_m",
                                          piece->length_m, "counts", piece->counts != 0);
                char *ps =
                    json_dumps(props, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
                json_decref(props);
                ls_strbuf_printf(&text, ",\"properties\":%s}", ps ? ps : "{}");
                free(ps);
                first = 0;
            }
            ls_strbuf_printf(&text, "]}}");
        } else {
            rc = ls_err_set(&err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        }
        free(head);
        zn_check_free(&res);
    }
    if (g)
        GEOSGeom_destroy_r(wk->zd.geos, g);
    srv_worker_give(app, wk);
    if (fp.g)
        OGR_G_DestroyGeometry(fp.g);
    json_decref(o);
    if (!rc && text.oom)
        rc = ls_err_set(&err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    if (rc) {
        free(text.s);
        srv_error(w, &err);
    } else {
        http_resp_take(w, 200, "application/json; charset=utf-8", text.s, text.n);
    }
}
