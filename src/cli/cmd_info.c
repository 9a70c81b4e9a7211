/* cli/cmd_info — `liangshan info FILE`: what a file is, in the terms Liangshan reads it:
 * format, layers or bands, CRS with its Gauss–Krüger zone, attribute encoding, extent. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_srs_api.h>

#include "cli/cli.h"
#include "geo/coordfile.h"
#include "geo/ogr_bridge.h"
#include "geo/vct_io.h"
#include "geo/vector.h"

static void help(void)
{
    printf("usage: liangshan info FILE [--json]\n\n"
           "Describes a vector file (layers, geometry, features, fields, encoding), a raster\n"
           "(size, bands, type, nodata, cell size, blocks) or a boundary-point coordinate file\n"
           "(parcels, header), with the CRS resolved to CGCS2000 / Gauss-Kruger zone.\n");
}

static json_t *crs_json(int has, int rc, const struct geo_crs *c, const struct ls_err *e)
{
    if (!has)
        return json_pack("{s:n,s:s}", "epsg", "problem", "no coordinate system declared");
    if (rc)
        return json_pack("{s:n,s:s}", "epsg", "problem", e->msg);
    return json_pack("{s:i,s:s,s:i,s:i,s:b}", "epsg", c->epsg, "name", c->name, "zone_width",
                     c->zone_width, "zone", c->zone, "zone_prefixed", c->prefixed);
}

static int info_coordfile(const char *path, int json)
{
    struct geo_coordfile *cf = NULL;
    struct ls_err err = { 0 };
    int rc = geo_coordfile_read(path, NULL, &cf, &err);
    if (rc)
        return cli_fail(&err, json);
    json_t *o = json_pack("{s:s,s:s,s:s,s:I,s:s,s:s,s:f,s:o}", "file", path, "format",
                          "boundary-point coordinate file", "encoding", cf->encoding, "parcels",
                          (json_int_t)cf->nparcels, "producer", cf->producer, "date", cf->date,
                          "precision", cf->precision, "crs", crs_json(1, 0, &cf->crs, NULL));
    if (json) {
        cli_print_json(o);
    } else {
        printf("%s: boundary-point coordinate file, %zu parcel(s), encoding %s\n"
               "  produced by %s on %s, precision %g m\n  CRS: %s (EPSG:%d)\n",
               path, cf->nparcels, cf->encoding, cf->producer, cf->date, cf->precision,
               cf->crs.name, cf->crs.epsg);
        json_decref(o);
    }
    geo_coordfile_free(cf);
    return 0;
}

static int info_raster(GDALDatasetH ds, const char *path, int json)
{
    struct geo_crs crs;
    struct ls_err cerr = { 0 };
    OGRSpatialReferenceH srs = GDALGetSpatialRef(ds);
    int crs_rc = srs ? geo_crs_from_ogr(srs, &crs, &cerr) : 0;
    double gt[6] = { 0, 1, 0, 0, 0, 1 };
    GDALGetGeoTransform(ds, gt);
    int nx = GDALGetRasterXSize(ds), ny = GDALGetRasterYSize(ds);
    json_t *bands = json_array();
    for (int b = 1; b <= GDALGetRasterCount(ds); b++) {
        GDALRasterBandH band = GDALGetRasterBand(ds, b);
        int has_nd, bx, by;
        double nd = GDALGetRasterNoDataValue(band, &has_nd);
        GDALGetBlockSize(band, &bx, &by);
        const char *units = GDALGetMetadataItem(band, "UNITS", NULL);
        json_t *o = json_pack("{s:i,s:s,s:s,s:[i,i],s:s?}", "band", b, "type",
                              GDALGetDataTypeName(GDALGetRasterDataType(band)), "description",
                              GDALGetDescription(band), "block", bx, by, "units", units);
        json_object_set_new(o, "nodata", has_nd ? json_real(nd) : json_null());
        json_array_append_new(bands, o);
    }
    json_t *o = json_pack("{s:s,s:s,s:i,s:i,s:f,s:f,s:[f,f,f,f],s:o,s:o}", "file", path, "format",
                          GDALGetDriverShortName(GDALGetDatasetDriver(ds)), "columns", nx, "rows",
                          ny, "cell_x", gt[1], "cell_y", -gt[5], "extent", gt[0],
                          gt[3] + ny * gt[5], gt[0] + nx * gt[1], gt[3], "crs",
                          crs_json(srs != NULL, crs_rc, &crs, &cerr), "bands", bands);
    if (json) {
        cli_print_json(o);
        return 0;
    }
    printf("%s: %s raster %d x %d, cell %g x %g\n  extent %.3f %.3f %.3f %.3f\n  CRS: %s\n", path,
           GDALGetDriverShortName(GDALGetDatasetDriver(ds)), nx, ny, gt[1], -gt[5], gt[0],
           gt[3] + ny * gt[5], gt[0] + nx * gt[1], gt[3],
           !srs ? "none declared" : (crs_rc ? cerr.msg : crs.name));
    for (size_t b = 0; b < json_array_size(bands); b++) {
        json_t *bj = json_array_get(bands, b);
        printf("  band %zu: %s, %s%s%s\n", b + 1, json_string_value(json_object_get(bj, "type")),
               json_string_value(json_object_get(bj, "description")),
               json_object_get(bj, "units") ? ", units " : "",
               json_object_get(bj, "units") ? json_string_value(json_object_get(bj, "units")) : "");
    }
    json_decref(o);
    return 0;
}

static int info_vector(const char *path, int json)
{
    struct ls_err err = { 0 };
    struct geo_vsource *s = NULL;
    int rc = geo_vsource_open(path, NULL, &s, &err);
    if (rc)
        return cli_fail(&err, json);
    json_t *layers = json_array();
    int nl = GDALDatasetGetLayerCount(s->ds);
    if (!json)
        printf("%s: %s, %d layer(s)\n", path, s->driver, nl);
    for (int i = 0; i < nl; i++) {
        struct geo_vsource *ls = NULL;
        OGRLayerH l = GDALDatasetGetLayer(s->ds, i);
        rc = geo_vsource_open(path, OGR_L_GetName(l), &ls, &err);
        if (rc)
            break;
        OGREnvelope env = { 0 };
        OGR_L_GetExtent(ls->layer, &env, 1);
        json_t *fields = json_array();
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(ls->layer);
        for (int k = 0; k < OGR_FD_GetFieldCount(d); k++) {
            OGRFieldDefnH fd = OGR_FD_GetFieldDefn(d, k);
            json_array_append_new(fields,
                                  json_pack("{s:s,s:s}", "name", OGR_Fld_GetNameRef(fd), "type",
                                            OGR_GetFieldTypeName(OGR_Fld_GetType(fd))));
        }
        json_t *o =
            json_pack("{s:s,s:s,s:I,s:s,s:o,s:[f,f,f,f],s:o}", "name", ls->layer_name, "geometry",
                      OGRGeometryTypeToName(OGR_L_GetGeomType(ls->layer)), "features",
                      (json_int_t)OGR_L_GetFeatureCount(ls->layer, 1), "encoding", ls->encoding,
                      "crs", crs_json(ls->has_crs, ls->crs_rc, &ls->crs, &ls->crs_err), "extent",
                      env.MinX, env.MinY, env.MaxX, env.MaxY, "fields", fields);
        if (!json)
            printf("  %s: %s, %lld features, encoding %s (%s)\n    CRS: %s\n    extent %.3f %.3f "
                   "%.3f %.3f\n    fields: %zu\n",
                   ls->layer_name, OGRGeometryTypeToName(OGR_L_GetGeomType(ls->layer)),
                   (long long)OGR_L_GetFeatureCount(ls->layer, 1), ls->encoding,
                   ls->encoding_source,
                   !ls->has_crs ? "none declared" : (ls->crs_rc ? ls->crs_err.msg : ls->crs.name),
                   env.MinX, env.MinY, env.MaxX, env.MaxY, json_array_size(fields));
        json_array_append_new(layers, o);
        geo_vsource_close(ls);
    }
    const char *drv = s->driver;
    if (!rc && json)
        cli_print_json(json_pack("{s:s,s:s,s:o}", "file", path, "format", drv, "layers", layers));
    else
        json_decref(layers);
    geo_vsource_close(s);
    return rc ? cli_fail(&err, json) : 0;
}

int cmd_info(int argc, char **argv)
{
    static const struct option opts[] = { { "json", no_argument, NULL, 'j' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    int json = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'j')
            json = 1;
        else if (c == 'h') {
            help();
            return 0;
        } else
            return cli_usage_error("info", "unknown option");
    }
    if (optind != argc - 1)
        return cli_usage_error("info", "expected exactly one FILE");
    const char *path = argv[optind];
    if (geo_coordfile_sniff(path))
        return info_coordfile(path, json);
    if (geo_is_vct(path)) {
        json_t *o = NULL;
        struct ls_err err = { 0 };
        if (geo_vct_info(path, &o, &err))
            return cli_fail(&err, json);
        if (json) {
            cli_print_json(o);
        } else {
            json_t *crs = json_object_get(o, "crs"), *layers = json_object_get(o, "layers");
            printf("%s: VCT (GB/T 17798), encoding %s\n  CRS: %s\n", path,
                   json_string_value(json_object_get(o, "encoding")),
                   json_object_get(crs, "name")
                       ? json_string_value(json_object_get(crs, "name"))
                       : json_string_value(json_object_get(crs, "problem")));
            for (size_t i = 0; i < json_array_size(layers); i++) {
                json_t *l = json_array_get(layers, i);
                printf("  %s %s (%s, table %s): %lld polygons, %lld fields\n",
                       json_string_value(json_object_get(l, "code")),
                       json_string_value(json_object_get(l, "name")),
                       json_string_value(json_object_get(l, "geometry")),
                       json_string_value(json_object_get(l, "table")),
                       (long long)json_integer_value(json_object_get(l, "polygons")),
                       (long long)json_integer_value(json_object_get(l, "fields")));
            }
            json_decref(o);
        }
        return 0;
    }
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (ds) {
        int rc = info_raster(ds, path, json);
        GDALClose(ds);
        return rc;
    }
    return info_vector(path, json);
}
