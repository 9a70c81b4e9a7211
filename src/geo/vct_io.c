/* geo/vct_io — see vct_io.h. */
#include "geo/vct_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/fsutil.h"
#include "geo/ogr_bridge.h"
#include "geo/vct.h"
#include "geo/vwrite.h"

int geo_is_vct(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && !strcasecmp(path + n - 4, ".vct");
}

static OGRFieldType ogr_type(const char *vct_type)
{
    if (!strncasecmp(vct_type, "Int", 3))
        return OFTInteger64;
    if (!strncasecmp(vct_type, "Float", 5) || !strncasecmp(vct_type, "Double", 6))
        return OFTReal;
    return OFTString; /* Char, VarChar, Date (yyyymmdd) */
}

struct vec_sink {
    struct geo_vwriter *w;
    const struct geo_vct_layer *l;
    long long n;
};

static int to_vector(void *ctx, int64_t bsm, const struct geo_mpoly *geom,
                     const char *const *values, struct ls_err *err)
{
    (void)bsm;
    struct vec_sink *s = ctx;
    OGRFeatureH f = geo_vwriter_feature(s->w);
    for (size_t i = 0; i < s->l->nfields; i++)
        if (values[i] && values[i][0])
            OGR_F_SetFieldString(f, (int)i, values[i]);
    OGR_F_SetGeometryDirectly(f, geo_mpoly_to_ogr(geom));
    s->n++;
    return geo_vwriter_write(s->w, f, err);
}

int geo_vct_to_vector(const char *in, const char *layer, const char *out, const char *encoding,
                      int force, long long *n, struct ls_err *err)
{
    struct geo_vct *v = NULL;
    int rc = geo_vct_read(in, &v, err);
    if (rc)
        return rc;
    struct geo_crs crs;
    rc = geo_vct_crs(v, &crs, err);
    struct geo_vwriter_opts o = { .encoding = encoding, .overwrite = force };
    struct geo_vwriter *w = NULL;
    if (!rc)
        rc = geo_vwriter_open(out, &o, &w, err);
    const struct geo_vct_layer *only = NULL;
    int gpkg = strlen(out) > 5 && !strcasecmp(out + strlen(out) - 5, ".gpkg");
    if (!rc && (layer || !gpkg)) {
        only = geo_vct_polygon_layer(v, in, layer, err);
        rc = only ? 0 : -err->code;
    }
    struct vec_sink s = { .w = w };
    for (size_t i = 0; !rc && i < geo_vct_layer_count(v); i++) {
        const struct geo_vct_layer *l = geo_vct_layer(v, i);
        if ((only && l != only) || strcasecmp(l->geom, "Polygon") || !geo_vct_polygon_count(v, l))
            continue;
        rc = geo_vwriter_layer(w, l->table, &crs, wkbMultiPolygon, err);
        for (size_t f = 0; !rc && f < l->nfields; f++)
            rc = geo_vwriter_field(
                w, l->fields[f].name, ogr_type(l->fields[f].type),
                ogr_type(l->fields[f].type) == OFTString ? l->fields[f].width : 0, err);
        s.l = l;
        if (!rc)
            rc = geo_vct_polygons(v, l, to_vector, &s, err);
    }
    geo_vct_free(v);
    *n = s.n;
    if (rc) {
        if (!err->input[0])
            snprintf(err->input, sizeof err->input, "%s", in);
        geo_vwriter_abort(w);
        return rc;
    }
    return geo_vwriter_commit(w, err);
}

int geo_vector_to_vct(struct geo_vsource *s, const char *out, int force, long long *n,
                      struct ls_err *err)
{
    *n = 0;
    int rc0 = ls_refuse_existing(out, force, "OUT", err);
    if (rc0)
        return rc0;
    if (!s->has_crs || s->crs_rc)
        return ls_err_set(err, LS_EINVAL, s->path, NULL, "crs",
                          "the layer needs a known CGCS2000 Gauss–Krüger CRS to be written as VCT");
    struct geo_vct_writer *w = NULL;
    int rc = geo_vct_writer_new(&s->crs, &w, err);
    if (rc)
        return rc;
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(s->layer);
    int nf = OGR_FD_GetFieldCount(d);
    struct geo_vct_field *fields = calloc((size_t)nf + 1, sizeof *fields);
    char **values = calloc((size_t)nf + 1, sizeof *values);
    if (!fields || !values)
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (int i = 0; !rc && i < nf; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(d, i);
        snprintf(fields[i].name, sizeof fields[i].name, "%s", OGR_Fld_GetNameRef(fd));
        switch (OGR_Fld_GetType(fd)) {
        case OFTInteger:
        case OFTInteger64:
            snprintf(fields[i].type, sizeof fields[i].type, "Int");
            fields[i].width = 18;
            break;
        case OFTReal:
            snprintf(fields[i].type, sizeof fields[i].type, "Float");
            fields[i].width = 15;
            fields[i].precision = !strcasecmp(fields[i].name, "KCXS") ? 4 : 2;
            break;
        default:
            snprintf(fields[i].type, sizeof fields[i].type, "Char");
            fields[i].width = OGR_Fld_GetWidth(fd) > 0 ? OGR_Fld_GetWidth(fd) : 255;
        }
    }
    OGRFeatureH f;
    char code[32] = "1000000000";
    int ysdm = OGR_FD_GetFieldIndex(d, "YSDM");
    if (!rc && ysdm >= 0 && (f = geo_vsource_next(s)) != NULL) {
        if (OGR_F_IsFieldSetAndNotNull(f, ysdm))
            snprintf(code, sizeof code, "%s", OGR_F_GetFieldAsString(f, ysdm));
        OGR_F_Destroy(f);
    }
    geo_vsource_rewind(s);
    if (!rc)
        rc = geo_vct_writer_layer(w, code, s->layer_name, s->layer_name, fields, (size_t)nf, err);
    while (!rc && (f = geo_vsource_next(s)) != NULL) {
        struct geo_mpoly m = { 0 };
        for (int i = 0; !rc && i < nf; i++) {
            free(values[i]);
            values[i] = NULL;
            rc = geo_vsource_field_utf8(s, f, i, &values[i], err);
        }
        if (!rc)
            rc = geo_mpoly_from_ogr(OGR_F_GetGeometryRef(f), &m, err);
        if (!rc)
            rc = geo_vct_writer_polygon(w, &m, (const char *const *)values, err);
        if (rc && !err->where[0])
            snprintf(err->where, sizeof err->where, "feature %lld", (long long)OGR_F_GetFID(f));
        geo_mpoly_free(&m);
        OGR_F_Destroy(f);
        (*n)++;
    }
    if (!rc)
        rc = geo_vsource_finish(s, err);
    for (int i = 0; values && i < nf; i++)
        free(values[i]);
    free(values);
    free(fields);
    if (rc) {
        if (!err->input[0])
            snprintf(err->input, sizeof err->input, "%s", s->path);
        geo_vct_writer_free(w);
        return rc;
    }
    return geo_vct_writer_close(w, out, err);
}

int geo_vct_info(const char *path, json_t **out, struct ls_err *err)
{
    struct geo_vct *v = NULL;
    int rc = geo_vct_read(path, &v, err);
    if (rc)
        return rc;
    struct geo_crs crs;
    struct ls_err cerr = { 0 };
    int crs_rc = geo_vct_crs(v, &crs, &cerr);
    json_t *layers = json_array();
    for (size_t i = 0; i < geo_vct_layer_count(v); i++) {
        const struct geo_vct_layer *l = geo_vct_layer(v, i);
        json_array_append_new(layers,
                              json_pack("{s:s,s:s,s:s,s:s,s:I,s:I}", "code", l->code, "name",
                                        l->name, "geometry", l->geom, "table", l->table, "fields",
                                        (json_int_t)l->nfields, "polygons",
                                        (json_int_t)geo_vct_polygon_count(v, l)));
    }
    *out = json_pack(
        "{s:s,s:s,s:s,s:o,s:o}", "file", path, "format", "VCT (GB/T 17798)", "encoding",
        geo_vct_encoding(v), "crs",
        crs_rc ? json_pack("{s:n,s:s}", "epsg", "problem", cerr.msg)
               : json_pack("{s:i,s:s,s:i}", "epsg", crs.epsg, "name", crs.name, "zone", crs.zone),
        "layers", layers);
    geo_vct_free(v);
    return 0;
}
