/* app/damage — see damage.h. */
#include "app/damage.h"

#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>

#include "app/registry.h"
#include "app/valuation.h"
#include "base/fsutil.h"
#include "base/hash.h"
#include "base/text.h"
#include "geo/geojson.h"
#include "geo/geos_bridge.h"
#include "geo/transform.h"

int app_damage_open(const char *target, struct app_damage *a, struct ls_err *err)
{
    memset(a, 0, sizeof *a);
    int rc = app_registry_open(target, &a->st, &a->reg, err);
    if (!rc)
        rc = dmg_open(a->st, &a->dmg, err);
    if (rc)
        app_damage_close(a);
    return rc;
}

void app_damage_close(struct app_damage *a)
{
    dmg_close(a->dmg);
    if (a->st)
        app_registry_close(a->st, a->reg);
    memset(a, 0, sizeof *a);
}

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* The registry units in force whose boundary meets the case's, each with the holders of its
 * rights: who a claim is addressed to. */
static int units_of(struct app_damage *a, const json_t *c, json_t **units, struct ls_err *err)
{
    *units = json_array();
    const json_t *b = json_object_get(c, "bbox");
    struct reg_query q = { .has_bbox = 1, .limit = 1000 };
    for (int k = 0; k < 4; k++)
        q.bbox[k] = json_number_value(json_array_get(b, (size_t)k));
    json_t *found = NULL;
    int rc = reg_search(a->reg, &q, &found, err);
    if (rc)
        return rc;
    OGRGeometryH cg = NULL;
    char *wkt = (char *)str(c, "wkt");
    OGR_G_CreateFromWkt(&wkt, NULL, &cg);
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(found, "units"), i, u)
    {
        const char *code = str(u, "code");
        unsigned char *wkb = NULL;
        size_t n = 0;
        if (!cg || reg_unit_geometry(a->reg, code, &wkb, &n, NULL) != 1 || !wkb)
            continue;
        OGRGeometryH ug = NULL;
        OGR_G_CreateFromWkb(wkb, NULL, &ug, (int)n);
        free(wkb);
        OGRGeometryH x = ug && OGR_G_Intersects(ug, cg) ? OGR_G_Intersection(ug, cg) : NULL;
        double area = x ? OGR_G_Area(x) : 0;
        if (x)
            OGR_G_DestroyGeometry(x);
        if (ug)
            OGR_G_DestroyGeometry(ug);
        if (area <= 0)
            continue;
        json_t *shown = NULL, *holders = json_array();
        if (!reg_show(a->reg, code, NULL, &shown, NULL)) {
            size_t j, k;
            json_t *r, *h;
            json_array_foreach(json_object_get(shown, "rights"), j, r)
            {
                json_array_foreach(json_object_get(r, "holders"), k, h)
                {
                    json_array_append_new(
                        holders, json_pack("{s:s,s:s,s:s}", "party", str(h, "party"), "name",
                                           str(h, "name"), "right", str(r, "type")));
                }
            }
        }
        json_decref(shown);
        json_array_append_new(*units, json_pack("{s:s,s:f,s:o}", "unit", code, "overlap_m2", area,
                                                "holders", holders));
    }
    if (cg)
        OGR_G_DestroyGeometry(cg);
    json_decref(found);
    return 0;
}

static int write_candidates(const char *dir, int overwrite, const json_t *cands,
                            const json_t *summary, struct ls_err *err)
{
    struct ls_staged_dir sd;
    int rc = ls_dir_stage(dir, overwrite, "out", &sd, err);
    if (rc)
        return rc;
    json_t *fc = json_pack("{s:s,s:[]}", "type", "FeatureCollection", "features");
    size_t i;
    const json_t *c;
    json_array_foreach(cands, i, c)
    {
        /* the store's own CRS: the coordinates as the survey has them, like the overlay's */
        OGRGeometryH g = NULL;
        char *wkt = (char *)str(c, "wkt");
        OGR_G_CreateFromWkt(&wkt, NULL, &g);
        char *gj = g ? OGR_G_ExportToJson(g) : NULL;
        json_t *props = json_deep_copy(c);
        json_object_del(props, "wkt");
        json_array_append_new(json_object_get(fc, "features"),
                              json_pack("{s:s,s:o,s:o}", "type", "Feature", "properties", props,
                                        "geometry", gj ? json_loads(gj, 0, NULL) : json_null()));
        CPLFree(gj);
        if (g)
            OGR_G_DestroyGeometry(g);
    }
    char path[1200];
    snprintf(path, sizeof path, "%s/candidates.geojson", sd.tmp);
    rc = json_dump_file(fc, path, JSON_INDENT(1) | JSON_SORT_KEYS)
             ? ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write")
             : 0;
    json_decref(fc);
    snprintf(path, sizeof path, "%s/summary.json", sd.tmp);
    if (!rc && json_dump_file(summary, path, JSON_INDENT(1) | JSON_SORT_KEYS))
        rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    if (rc) {
        ls_dir_discard(&sd);
        return rc;
    }
    return ls_dir_publish(&sd, err);
}

int app_damage_discover(struct app_damage *a, const struct app_discover_opts *o, json_t **out,
                        struct ls_err *err)
{
    *out = NULL;
    json_t *cands = NULL, *summary = NULL;
    int rc = dmg_discover(&o->d, &cands, &summary, err);
    json_t *opened = json_array();
    if (!rc && a && o->date) {
        rc = st_begin_write(a->st, err);
        size_t i;
        json_t *c;
        json_array_foreach(cands, i, c)
        {
            if (rc)
                break;
            char id[64];
            snprintf(id, sizeof id, "DC-%d-%s", o->d.year_after, str(c, "patch"));
            json_t *units = NULL;
            rc = units_of(a, c, &units, err);
            if (rc)
                break;
            json_t *lead =
                json_pack("{s:s,s:s,s:s,s:s,s:O,s:O,s:s,s:s,s:s,s:O,s:o,s:I,s:I}", "case", id,
                          "date", o->date, "source", "discovery", "kind", str(c, "kind"), "zones",
                          json_object_get(c, "zones"), "area_m2", json_object_get(c, "area_m2"),
                          "geometry", str(c, "wkt"), "class_before", str(c, "class_before"),
                          "class_after", str(c, "class_after"), "bbox", json_object_get(c, "bbox"),
                          "units", units, "year_before", (json_int_t)o->d.year_before, "year_after",
                          (json_int_t)o->d.year_after);
            struct dmg_submit_opts so = { o->actor, "registrar", o->recorded };
            struct ls_err e2 = { 0 };
            int r2 = dmg_case_open(a->dmg, lead, &so, id, NULL, &e2);
            /* a change found again by a later run is the case already open, not a new one */
            if (!r2)
                json_array_append_new(opened, json_string(id));
            else if (!strstr(e2.msg, "rule damage.case_exists"))
                rc = r2, *err = e2;
            json_decref(lead);
        }
        if (!rc)
            rc = st_commit(a->st, err);
        else
            st_rollback(a->st);
    }
    if (!rc && o->out)
        rc = write_candidates(o->out, o->overwrite, cands, summary, err);
    if (rc) {
        json_decref(cands);
        json_decref(summary);
        json_decref(opened);
        return rc;
    }
    *out = json_pack("{s:o,s:o,s:o}", "summary", summary, "candidates", cands, "opened", opened);
    return 0;
}

int app_damage_lead(struct app_damage *a, const char *path, const char *actor, const char *role,
                    const char *recorded, json_t **out, struct ls_err *err)
{
    *out = NULL;
    json_t *lead = NULL;
    int rc = app_value_read_request(path, &lead, err);
    if (rc)
        return rc;
    rc = st_begin_write(a->st, err);
    if (!rc) {
        struct dmg_submit_opts so = { actor, role, recorded };
        rc = dmg_case_open(a->dmg, lead, &so, path, out, err);
        if (!rc)
            rc = st_commit(a->st, err);
        if (rc)
            st_rollback(a->st);
    }
    json_decref(lead);
    return rc;
}

int app_damage_doc_parse(const char *arg, struct app_damage_doc *d, struct ls_err *err)
{
    memset(d, 0, sizeof *d);
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1] || (size_t)(eq - arg) >= sizeof d->kind)
        return ls_err_set(err, LS_EINVAL, arg, NULL, "doc", "a document is KIND=FILE");
    memcpy(d->kind, arg, (size_t)(eq - arg));
    snprintf(d->file, sizeof d->file, "%s", eq + 1);
    return ls_sha256_file(d->file, d->sha256, err);
}

int app_damage_advance(struct app_damage *a, const char *id, const char *action, const char *date,
                       const struct app_damage_doc *docs, int ndocs, const char *reason,
                       const char *liable, const char *actor, const char *role,
                       const char *recorded, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct dmg_document dd[32];
    if (ndocs > 32)
        return ls_err_set(err, LS_EINVAL, id, NULL, "doc", "at most 32 documents an action");
    for (int i = 0; i < ndocs; i++) {
        char base[512];
        snprintf(base, sizeof base, "%s", docs[i].file);
        dd[i].kind = docs[i].kind;
        /* the file's name, not where it lay on the clerk's disk: the hash is the proof */
        dd[i].file = basename(base);
        dd[i].file = strdup(dd[i].file);
        dd[i].sha256 = docs[i].sha256;
    }
    int rc = st_begin_write(a->st, err);
    if (!rc) {
        struct dmg_submit_opts so = { actor, role, recorded };
        rc = dmg_case_advance(a->dmg, id, action, date, dd, ndocs, reason, &so, out, err);
        if (!rc && !strcmp(str(*out, "to"), "restoring")) {
            json_t *duties = NULL;
            rc = app_damage_duties_record(a, id, *out, liable, actor, recorded, &duties, err);
            json_object_set_new(*out, "duties", duties);
        }
        if (!rc)
            rc = st_commit(a->st, err);
        if (rc) {
            st_rollback(a->st);
            json_decref(*out);
            *out = NULL;
        }
    }
    for (int i = 0; i < ndocs; i++)
        free((char *)dd[i].file);
    return rc;
}

/* Σ of the GEP map's cells whose centre lies in the case's geometry (yuan a year). */
static int gep_of_cells(const char *gep_dir, const char *wkt_in, double *sum, struct ls_err *err)
{
    *sum = 0;
    char path[1100];
    snprintf(path, sizeof path, "%s/gep_total_value.tif", gep_dir);
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    if (!ds)
        return ls_err_set(err, LS_ENOENT, path, NULL, NULL, "not a GEP run's value map");
    OGRGeometryH g = NULL;
    char *wkt = (char *)wkt_in;
    if (OGR_G_CreateFromWkt(&wkt, NULL, &g) != OGRERR_NONE || !g) {
        GDALClose(ds);
        return ls_err_set(err, LS_EINVAL, path, NULL, "geometry", "the case has no geometry");
    }
    double gt[6];
    GDALGetGeoTransform(ds, gt);
    OGREnvelope e;
    OGR_G_GetEnvelope(g, &e);
    int nx = GDALGetRasterXSize(ds), ny = GDALGetRasterYSize(ds);
    int c0 = (int)floor((e.MinX - gt[0]) / gt[1]), c1 = (int)floor((e.MaxX - gt[0]) / gt[1]);
    int r0 = (int)floor((e.MaxY - gt[3]) / gt[5]), r1 = (int)floor((e.MinY - gt[3]) / gt[5]);
    c0 = c0 < 0 ? 0 : c0;
    r0 = r0 < 0 ? 0 : r0;
    c1 = c1 >= nx ? nx - 1 : c1;
    r1 = r1 >= ny ? ny - 1 : r1;
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    int has_nd = 0;
    double nd = GDALGetRasterNoDataValue(b, &has_nd);
    int rc = 0;
    if (c1 >= c0 && r1 >= r0) {
        int w = c1 - c0 + 1, hgt = r1 - r0 + 1;
        double *v = malloc((size_t)w * (size_t)hgt * sizeof *v);
        if (!v || GDALRasterIO(b, GF_Read, c0, r0, w, hgt, v, w, hgt, GDT_Float64, 0, 0) != CE_None)
            rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot read the value map");
        OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
        for (int j = 0; !rc && j < hgt; j++)
            for (int i = 0; i < w; i++) {
                double val = v[(size_t)j * (size_t)w + (size_t)i];
                if ((has_nd && val == nd) || !isfinite(val))
                    continue;
                OGR_G_SetPoint_2D(pt, 0, gt[0] + (c0 + i + 0.5) * gt[1],
                                  gt[3] + (r0 + j + 0.5) * gt[5]);
                if (OGR_G_Contains(g, pt))
                    *sum += val;
            }
        OGR_G_DestroyGeometry(pt);
        free(v);
    }
    OGR_G_DestroyGeometry(g);
    GDALClose(ds);
    return rc;
}

int app_damage_value_json(struct app_damage *a, const char *id, json_t *req, const char *input,
                          const char *date, const char *gep_dir, const char *actor,
                          const char *role, const char *recorded, json_t **out, struct ls_err *err)
{
    *out = NULL;
    int rc = 0;
    if (!strcmp(str(req, "method"), "interim_gep") && !json_object_get(req, "gep_yuan_per_year")) {
        json_t *c = NULL;
        if (!gep_dir)
            rc = ls_err_set(err, LS_EINVAL, input, NULL, "gep_yuan_per_year",
                            "an interim GEP loss needs the GEP of the cells or a GEP run");
        if (!rc && !(rc = st_begin_read(a->st, err)))
            rc = dmg_case_get(a->dmg, id, NULL, 0, &c, err);
        st_rollback(a->st);
        double g = 0;
        if (!rc)
            rc = gep_of_cells(gep_dir, str(json_object_get(c, "lead"), "geometry"), &g, err);
        if (!rc) {
            json_object_set_new(req, "gep_yuan_per_year", json_real(g));
            json_object_set_new(req, "gep_source",
                                json_pack("{s:s,s:s}", "map", "gep_total_value.tif", "rule",
                                          "the cells whose centre lies in the case"));
        }
        json_decref(c);
    }
    if (!rc)
        rc = dmg_value(req, input, out, err);
    if (!rc && !(rc = st_begin_write(a->st, err))) {
        struct dmg_submit_opts so = { actor, role, recorded };
        rc = dmg_case_value(a->dmg, id, date, *out, &so, err);
        if (!rc)
            rc = st_commit(a->st, err);
        if (rc)
            st_rollback(a->st);
    }
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

int app_damage_value(struct app_damage *a, const char *id, const char *request, const char *date,
                     const char *gep_dir, const char *actor, const char *role, const char *recorded,
                     json_t **out, struct ls_err *err)
{
    *out = NULL;
    json_t *req = NULL;
    int rc = app_value_read_request(request, &req, err);
    if (rc)
        return rc;
    rc = app_damage_value_json(a, id, req, request, date, gep_dir, actor, role, recorded, out, err);
    json_decref(req);
    return rc;
}

/* The share of the case's area the survey shows back in the first-level class it had before
 * (forest 03 again where the stone yard stood, cropland 01 where the pond was dug), by planar
 * areas: a ratio, which the ellipsoid does not change. */
static int restored_share(GDALDatasetH ds, const json_t *lead, double *share, struct ls_err *err)
{
    *share = 0;
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "landuse_patch");
    OGRGeometryH g = NULL;
    char *wkt = (char *)str(lead, "geometry");
    if (!l || OGR_G_CreateFromWkt(&wkt, NULL, &g) != OGRERR_NONE || !g)
        return ls_err_set(err, LS_EINVAL, str(lead, "case"), NULL, "geometry",
                          "the case has no geometry, or the survey no landuse_patch layer");
    double total = OGR_G_Area(g), back = 0;
    const char *before = str(lead, "class_before");
    OGR_L_SetSpatialFilter(l, g);
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(l))) {
        int k = OGR_F_GetFieldIndex(f, "DLBM");
        const char *cls = k >= 0 ? OGR_F_GetFieldAsString(f, k) : "";
        OGRGeometryH pg = OGR_F_GetGeometryRef(f);
        if (pg && strlen(before) >= 2 && !strncmp(cls, before, 2)) {
            OGRGeometryH x = OGR_G_Intersection(pg, g);
            if (x) {
                OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(x));
                if (t == wkbPolygon || t == wkbMultiPolygon || t == wkbGeometryCollection)
                    back += OGR_G_Area(x);
                OGR_G_DestroyGeometry(x);
            }
        }
        OGR_F_Destroy(f);
    }
    OGR_L_SetSpatialFilter(l, NULL);
    OGR_G_DestroyGeometry(g);
    *share = total > 0 ? back / total : 0;
    if (*share > 1)
        *share = 1;
    return 0;
}

int app_damage_followup(struct app_damage *a, const char *survey, int year, const char *date,
                        const char *actor, const char *role, const char *recorded, json_t **out,
                        struct ls_err *err)
{
    *out = NULL;
    char sha[65];
    int rc = ls_sha256_file(survey, sha, err);
    if (rc)
        return rc;
    GDALDatasetH ds = GDALOpenEx(survey, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return ls_err_set(err, LS_EINVAL, survey, NULL, NULL, "not a vector survey file");
    char base[1024];
    snprintf(base, sizeof base, "%s", survey);
    json_t *evidence = json_pack("{s:s,s:s,s:s,s:i}", "kind", "survey", "file", basename(base),
                                 "sha256", sha, "year", year);
    json_t *list = NULL, *results = json_array();
    if (!(rc = st_begin_write(a->st, err)))
        rc = dmg_case_list(a->dmg, "restoring", 0, &list, err);
    size_t i;
    const json_t *c;
    json_array_foreach(rc ? NULL : json_object_get(list, "cases"), i, c)
    {
        json_t *full = NULL, *r = NULL;
        double share = 0;
        rc = dmg_case_get(a->dmg, str(c, "case"), NULL, 0, &full, err);
        if (!rc)
            rc = restored_share(ds, json_object_get(full, "lead"), &share, err);
        struct dmg_submit_opts so = { actor, role, recorded };
        if (!rc)
            rc = dmg_case_followup(a->dmg, str(c, "case"), date, evidence, share, &so, &r, err);
        /* restored: the duty on the register is discharged */
        if (!rc && !strcmp(str(r, "outcome"), "met")) {
            json_t *released = NULL;
            rc =
                app_damage_duties_release(a, str(c, "case"), date, actor, recorded, &released, err);
            json_object_set_new(r, "released", released);
        }
        json_decref(full);
        if (rc) {
            json_decref(r);
            break;
        }
        json_array_append_new(results, r);
    }
    if (!rc)
        rc = st_commit(a->st, err);
    else
        st_rollback(a->st);
    GDALClose(ds);
    json_decref(list);
    json_decref(evidence);
    if (rc) {
        json_decref(results);
        return rc;
    }
    *out = json_pack("{s:o}", "followups", results);
    return 0;
}

int app_damage_show(struct app_damage *a, const char *id, const char *as_of, int closed_only,
                    json_t **out, struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = dmg_case_get(a->dmg, id, as_of, closed_only, out, err);
    st_rollback(a->st);
    return rc;
}

int app_damage_list(struct app_damage *a, const char *state, int closed_only, json_t **out,
                    struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = dmg_case_list(a->dmg, state, closed_only, out, err);
    st_rollback(a->st);
    return rc;
}

int app_damage_map(struct app_damage *a, const char *id, int closed_only, json_t **out,
                   struct ls_err *err)
{
    *out = NULL;
    json_t *c = NULL;
    int rc = app_damage_show(a, id, NULL, closed_only, &c, err);
    struct geo_transform *to_wgs84 = NULL;
    if (!rc)
        rc = geo_transform_new(st_srid(a->st), 4326, &to_wgs84, err);
    GEOSContextHandle_t h = rc ? NULL : geo_geos_new();
    if (!rc && !h)
        rc = ls_err_set(err, LS_ENOMEM, NULL, id, "case", "out of memory");
    json_t *features = json_array();
    const json_t *lead = json_object_get(c, "lead");
    OGRGeometryH g = NULL;
    char *wkt = (char *)str(lead, "geometry");
    if (!rc && *wkt && OGR_G_CreateFromWkt(&wkt, NULL, &g) == OGRERR_NONE && g) {
        int n = OGR_G_WkbSize(g);
        unsigned char *wkb = malloc((size_t)n);
        if (wkb && OGR_G_ExportToIsoWkb(g, wkbNDR, wkb) == OGRERR_NONE) {
            json_t *geom = geo_geojson_from_wkb(h, wkb, (size_t)n, geo_transform_ogr(to_wgs84));
            json_array_append_new(
                features,
                json_pack("{s:s,s:{s:s,s:s,s:s,s:s,s:s,s:O?},s:o}", "type", "Feature", "properties",
                          "role", "damage", "case", id, "kind", str(lead, "kind"), "class_before",
                          str(lead, "class_before"), "class_after", str(lead, "class_after"),
                          "area_m2", json_object_get(lead, "area_m2"), "geometry",
                          geom ? geom : json_null()));
        }
        free(wkb);
        OGR_G_DestroyGeometry(g);
    }
    size_t i;
    const json_t *u;
    json_array_foreach(rc ? NULL : json_object_get(lead, "units"), i, u)
    {
        unsigned char *wkb = NULL;
        size_t n = 0;
        if (reg_unit_geometry(a->reg, str(u, "unit"), &wkb, &n, NULL) != 1)
            continue;
        json_t *geom = geo_geojson_from_wkb(h, wkb, n, geo_transform_ogr(to_wgs84));
        free(wkb);
        json_array_append_new(features,
                              json_pack("{s:s,s:{s:s,s:s,s:O},s:o}", "type", "Feature",
                                        "properties", "role", "unit", "unit", str(u, "unit"),
                                        "holders", json_object_get(u, "holders"), "geometry",
                                        geom ? geom : json_null()));
    }
    if (h)
        GEOS_finish_r(h);
    geo_transform_free(to_wgs84);
    json_decref(c);
    if (rc) {
        json_decref(features);
        return rc;
    }
    *out =
        json_pack("{s:s,s:s,s:o}", "type", "FeatureCollection", "case", id, "features", features);
    return 0;
}

static void html_report(FILE *f, const json_t *c)
{
    const json_t *lead = json_object_get(c, "lead");
    fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>", f);
    ls_text_html(f, str(c, "case"));
    fputs("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
          "td,th{border:1px solid #999;padding:2px 6px}</style></head><body>\n<h1>"
          "自然资源资产损害案件 Damage case ",
          f);
    ls_text_html(f, str(c, "case"));
    fputs("</h1>\n<p>", f);
    ls_text_html(f, str(lead, "kind"));
    fprintf(f, " — %.2f m², %s → %s; 状态 state: %s</p>\n",
            json_number_value(json_object_get(lead, "area_m2")), str(lead, "class_before"),
            str(lead, "class_after"), str(c, "state"));
    fputs("<h2>过程 History</h2><table><tr><th>date</th><th>action</th><th>state</th>"
          "<th>actor</th><th>role</th><th>reason</th></tr>\n",
          f);
    size_t i;
    const json_t *e;
    json_array_foreach(json_object_get(c, "history"), i, e)
    {
        fputs("<tr>", f);
        static const char *const k[] = { "date", "action", "state", "actor", "role", "reason" };
        for (int j = 0; j < 6; j++) {
            fputs("<td>", f);
            ls_text_html(f, str(e, k[j]));
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n<h2>文书 Documents</h2><table><tr><th>kind</th><th>file</th><th>SHA-256</th>"
          "</tr>\n",
          f);
    json_array_foreach(json_object_get(c, "documents"), i, e)
    {
        fputs("<tr><td>", f);
        ls_text_html(f, str(e, "kind"));
        fputs("</td><td>", f);
        ls_text_html(f, str(e, "file"));
        fprintf(f, "</td><td><code>%s</code></td></tr>\n", str(e, "sha256"));
    }
    fputs("</table>\n<h2>估值 Valuation</h2><table><tr><th>method</th><th>yuan</th></tr>\n", f);
    json_array_foreach(json_object_get(c, "valuations"), i, e)
    {
        fputs("<tr><td>", f);
        ls_text_html(f, str(e, "method_zh"));
        fprintf(f, "</td><td>%.2f</td></tr>\n",
                json_number_value(json_object_get(e, "value_yuan")));
    }
    fputs("</table>\n</body></html>\n", f);
}

int app_damage_report(struct app_damage *a, const char *id, const char *dir, int overwrite,
                      json_t **out, struct ls_err *err)
{
    *out = NULL;
    int rc = app_damage_show(a, id, NULL, 0, out, err);
    if (rc)
        return rc;
    struct ls_staged_dir sd;
    rc = ls_dir_stage(dir, overwrite, "out", &sd, err);
    char path[1200];
    if (!rc) {
        snprintf(path, sizeof path, "%s/report.json", sd.tmp);
        if (json_dump_file(*out, path, JSON_INDENT(1) | JSON_SORT_KEYS))
            rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    }
    if (!rc) {
        snprintf(path, sizeof path, "%s/report.html", sd.tmp);
        FILE *f = fopen(path, "w");
        if (!f)
            rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
        else {
            html_report(f, *out);
            if (fclose(f))
                rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
        }
    }
    if (!rc) {
        snprintf(path, sizeof path, "%s/report.xlsx", sd.tmp);
        rc = dmg_report_xlsx(*out, path, err);
    }
    if (!rc)
        rc = ls_dir_publish(&sd, err);
    else
        ls_dir_discard(&sd);
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}
