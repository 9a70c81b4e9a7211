/*
 * app/layers — the county's layers for the map: catalogue, pages of features, identify.
 */
#include "app/layers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <ogr_api.h>

#include "geo/geojson.h"

/* The names are the layers the demo county and the control-line import write (三区三线 and
 * the survey base); anything else in the dataset stays unpublished. */
static const struct app_layer_info catalogue[] = {
    { "county", "县域", "County", "public", "XZQMC" },
    { "township", "乡镇", "Townships", "public", "XZQMC" },
    { "village", "行政村", "Villages", "public", "ZLDWMC" },
    { "landuse_patch", "地类图斑", "Land-survey patches", "read", NULL },
    { "basic_farmland", "永久基本农田", "Permanent basic farmland", "public", NULL },
    { "eco_redline", "生态保护红线", "Ecological protection red line", "public", NULL },
    { "core_zone", "核心保护区", "Core protection zones", "public", NULL },
    { "urban_boundary", "城镇开发边界", "Urban development boundary", "public", NULL },
    { "river", "河流", "Rivers", "public", NULL },
    { "shoreline", "海岸线", "Shoreline", "public", NULL },
};

#define CATALOGUE_N (sizeof catalogue / sizeof *catalogue)

const struct app_layer_info *app_layer_find(const char *name)
{
    for (size_t i = 0; name && i < CATALOGUE_N; i++)
        if (!strcmp(catalogue[i].name, name))
            return &catalogue[i];
    return NULL;
}

json_t *app_layers_list(GDALDatasetH county, struct geo_transform *to_wgs84, int epsg)
{
    json_t *a = json_array();
    for (size_t i = 0; county && i < CATALOGUE_N; i++) {
        OGRLayerH l = GDALDatasetGetLayerByName(county, catalogue[i].name);
        if (!l)
            continue;
        OGREnvelope e;
        double in[4], out[4];
        json_t *bbox = json_null();
        if (OGR_L_GetExtent(l, &e, 0) == OGRERR_NONE) {
            in[0] = e.MinX, in[1] = e.MinY, in[2] = e.MaxX, in[3] = e.MaxY;
            if (!geo_transform_box(to_wgs84, in, out))
                bbox = json_pack("[f,f,f,f]", out[0], out[1], out[2], out[3]);
        }
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:o,s:i}", "name",
                                           catalogue[i].name, "zh", catalogue[i].zh, "en",
                                           catalogue[i].en, "permission", catalogue[i].permission,
                                           "features", (json_int_t)OGR_L_GetFeatureCount(l, 0),
                                           "geometry", OGRGeometryTypeToName(OGR_FD_GetGeomType(d)),
                                           "bbox", bbox, "epsg", epsg));
    }
    return json_pack("{s:o}", "layers", a);
}

static OGRLayerH layer_of(GDALDatasetH county, const char *name, struct ls_err *err)
{
    OGRLayerH l = app_layer_find(name) && county ? GDALDatasetGetLayerByName(county, name) : NULL;
    if (!l)
        ls_err_set(err, LS_ENOENT, name, NULL, "layer", "no layer \"%s\" in the county's map",
                   name);
    return l;
}

int app_layer_page(GDALDatasetH county, const char *layer, const struct app_layer_page *q,
                   struct geo_transform *to_wgs84, struct geo_transform *from_wgs84,
                   struct ls_strbuf *b, struct ls_err *err)
{
    OGRLayerH l = layer_of(county, layer, err);
    if (!l)
        return -LS_ENOENT;
    double box[4];
    memcpy(box, q->box, sizeof box);
    if (q->has_box && q->box_in_wgs84 && geo_transform_box(from_wgs84, q->box, box))
        return ls_err_set(err, LS_EINVAL, layer, NULL, "bbox",
                          "the box is outside the area of the county's CRS");
    /* the spatial filter runs on the GeoPackage's R-tree: a map tile's box reads only the
     * features near it, not the county */
    if (q->has_box)
        OGR_L_SetSpatialFilterRect(l, box[0], box[1], box[2], box[3]);
    else
        OGR_L_SetSpatialFilter(l, NULL);
    OGR_L_ResetReading(l);
    ls_strbuf_printf(b, "{\"type\":\"FeatureCollection\",\"layer\":\"%s\",\"features\":[", layer);
    long n = 0, seen = 0;
    int more = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(l))) {
        if (seen++ < q->offset) {
            OGR_F_Destroy(f);
            continue;
        }
        /* one feature past the page says another page follows */
        if (n == q->limit) {
            more = 1;
            OGR_F_Destroy(f);
            break;
        }
        if (n)
            ls_strbuf_printf(b, ",");
        geo_geojson_write_feature(f, geo_transform_ogr(to_wgs84), q->simplify, b);
        OGR_F_Destroy(f);
        n++;
    }
    /* the dataset is shared by the worker's later requests: leave no filter behind */
    OGR_L_SetSpatialFilter(l, NULL);
    ls_strbuf_printf(b, "],\"numberReturned\":%ld", n);
    if (more)
        ls_strbuf_printf(b, ",\"next\":{\"offset\":%ld}", q->offset + n);
    ls_strbuf_printf(b, "}");
    if (b->oom)
        return ls_err_set(err, LS_ENOMEM, layer, NULL, NULL, "out of memory writing the page");
    return 0;
}

int app_layer_export_gpkg(GDALDatasetH county, const char *layer, const double box_wgs84[4],
                          struct geo_transform *from_wgs84, unsigned char **gpkg, size_t *len,
                          struct ls_err *err)
{
    *gpkg = NULL;
    *len = 0;
    OGRLayerH l = layer_of(county, layer, err);
    if (!l)
        return -LS_ENOENT;
    double box[4];
    if (box_wgs84 && geo_transform_box(from_wgs84, box_wgs84, box))
        return ls_err_set(err, LS_EINVAL, layer, NULL, "bbox",
                          "the box is outside the area of the county's CRS");
    if (box_wgs84)
        OGR_L_SetSpatialFilterRect(l, box[0], box[1], box[2], box[3]);
    else
        OGR_L_SetSpatialFilter(l, NULL);
    GIntBig n = OGR_L_GetFeatureCount(l, 1);
    int rc = 0;
    if (n > APP_LAYER_EXPORT_MAX) {
        OGR_L_SetSpatialFilter(l, NULL);
        return ls_err_set(err, LS_ENOMEM, layer, NULL, "bbox",
                          "%lld features in the box, over the export's %d: narrow the box",
                          (long long)n, APP_LAYER_EXPORT_MAX);
    }
    /* in memory, named per call (several threads export at once); the copy keeps the
     * layer's own CRS (the county's CGCS2000 zone) and fields, as a GIS expects */
    char path[64];
    snprintf(path, sizeof path, "/vsimem/export-%p.gpkg", (void *)&path);
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    GDALDatasetH out = drv ? GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    OGR_L_ResetReading(l);
    OGRLayerH copied = out ? GDALDatasetCopyLayer(out, l, layer, NULL) : NULL;
    OGR_L_SetSpatialFilter(l, NULL);
    if (!copied)
        rc = ls_err_set(err, LS_ELIB, layer, NULL, NULL, "cannot write the GeoPackage");
    if (out)
        GDALClose(out);
    vsi_l_offset sz = 0;
    GByte *data = VSIGetMemFileBuffer(path, &sz, TRUE);
    if (!rc && data && (*gpkg = malloc((size_t)sz)) != NULL) {
        memcpy(*gpkg, data, (size_t)sz);
        *len = (size_t)sz;
    } else if (!rc) {
        rc = ls_err_set(err, LS_ENOMEM, layer, NULL, NULL, "out of memory for the GeoPackage");
    }
    CPLFree(data);
    VSIUnlink(path);
    return rc;
}

int app_layer_labels(GDALDatasetH county, const char *layer, struct geo_transform *to_wgs84,
                     struct ls_strbuf *b, struct ls_err *err)
{
    const struct app_layer_info *info = app_layer_find(layer);
    OGRLayerH l = layer_of(county, layer, err);
    if (!l)
        return -LS_ENOENT;
    int fi =
        info->label_field ? OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), info->label_field) : -1;
    if (fi < 0)
        return ls_err_set(err, LS_ENOENT, layer, NULL, "layer",
                          "layer %s has no names to label (%s)", layer,
                          info->label_field ? info->label_field : "not a unit layer");
    OGR_L_SetSpatialFilter(l, NULL);
    OGR_L_ResetReading(l);
    ls_strbuf_printf(b, "{\"type\":\"FeatureCollection\",\"layer\":\"%s\",\"features\":[", layer);
    long n = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(l))) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        /* a point inside the polygon (GEOS PointOnSurface), never a centroid in a bay */
        OGRGeometryH p = g ? OGR_G_PointOnSurface(g) : NULL;
        double x = p ? OGR_G_GetX(p, 0) : 0, y = p ? OGR_G_GetY(p, 0) : 0;
        if (p && !OGR_G_IsEmpty(p) && !geo_transform_points(to_wgs84, 1, &x, &y)) {
            ls_strbuf_printf(b,
                             "%s{\"type\":\"Feature\",\"id\":%lld,\"geometry\":{\"type\":"
                             "\"Point\",\"coordinates\":[%.7f,%.7f]},\"properties\":{\"name\":",
                             n ? "," : "", (long long)OGR_F_GetFID(f), x, y);
            json_t *name = json_string(OGR_F_GetFieldAsString(f, fi));
            char *txt = name ? json_dumps(name, JSON_ENCODE_ANY) : NULL;
            ls_strbuf_printf(b, "%s}}", txt ? txt : "\"\"");
            free(txt);
            json_decref(name);
            n++;
        }
        if (p)
            OGR_G_DestroyGeometry(p);
        OGR_F_Destroy(f);
    }
    ls_strbuf_printf(b, "],\"numberReturned\":%ld}", n);
    if (b->oom)
        return ls_err_set(err, LS_ENOMEM, layer, NULL, NULL, "out of memory writing the labels");
    return 0;
}

int app_layer_feature(GDALDatasetH county, const char *layer, long long fid,
                      struct geo_transform *to_wgs84, struct ls_strbuf *b, struct ls_err *err)
{
    OGRLayerH l = layer_of(county, layer, err);
    if (!l)
        return -LS_ENOENT;
    OGRFeatureH f = OGR_L_GetFeature(l, (GIntBig)fid);
    if (!f)
        return ls_err_set(err, LS_ENOENT, layer, NULL, "fid", "layer %s has no feature %lld", layer,
                          fid);
    geo_geojson_write_feature(f, geo_transform_ogr(to_wgs84), 0, b);
    OGR_F_Destroy(f);
    if (b->oom)
        return ls_err_set(err, LS_ENOMEM, layer, NULL, NULL, "out of memory writing the feature");
    return 0;
}
