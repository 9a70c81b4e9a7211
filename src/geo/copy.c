/* geo/copy — see copy.h. */
#include "geo/copy.h"

#include <stdlib.h>
#include <string.h>

#include <ogr_srs_api.h>

#include "geo/transform.h"
#include "geo/vwrite.h"

int geo_copy_layer(struct geo_vsource *s, const char *out, const struct geo_copy_opts *o,
                   long long *written, struct ls_err *err)
{
    struct geo_vwriter_opts wo = { .encoding = o->encoding, .overwrite = o->force };
    struct geo_vwriter *w = NULL;
    *written = 0;
    int rc = geo_vwriter_open(out, &wo, &w, err);
    if (rc)
        return rc;
    OGRwkbGeometryType gt = OGR_L_GetGeomType(s->layer);
    int polygonal = wkbFlatten(gt) == wkbPolygon || wkbFlatten(gt) == wkbMultiPolygon;
    if (polygonal)
        gt = wkbMultiPolygon;
    struct geo_transform *ct = NULL;
    if (o->to_crs) {
        if (!s->has_crs || s->crs_rc) {
            geo_vwriter_abort(w);
            return ls_err_set(err, LS_EINVAL, s->path, NULL, "crs",
                              "cannot reproject: the layer's own CRS is unknown");
        }
        if (geo_transform_new_crs(&s->crs, o->to_crs, &ct, err)) {
            geo_vwriter_abort(w);
            return ls_err_set(err, LS_ELIB, s->path, NULL, "crs", "PROJ cannot transform %s to %s",
                              s->crs.name, o->to_crs->name);
        }
    }
    rc = geo_vwriter_layer(w, s->layer_name,
                           o->to_crs ? o->to_crs : (s->has_crs && !s->crs_rc ? &s->crs : NULL), gt,
                           err);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(s->layer);
    int nf = OGR_FD_GetFieldCount(defn);
    for (int i = 0; !rc && i < nf; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        rc = geo_vwriter_field(w, OGR_Fld_GetNameRef(fd), OGR_Fld_GetType(fd),
                               OGR_Fld_GetType(fd) == OFTString ? OGR_Fld_GetWidth(fd) : 0, err);
    }
    geo_vsource_rewind(s);
    OGRFeatureH f;
    while (!rc && (f = geo_vsource_next(s)) != NULL) {
        OGRFeatureH g = geo_vwriter_feature(w);
        OGR_F_SetFrom(g, f, 1);
        for (int i = 0; !rc && i < nf; i++) {
            if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)) != OFTString)
                continue;
            char *v = NULL;
            rc = geo_vsource_field_utf8(s, f, i, &v, err);
            if (!rc && v)
                OGR_F_SetFieldString(g, i, v);
            free(v);
        }
        OGRGeometryH fixed = (!rc && o->fix) ? o->fix(o->ctx, f, &rc, err) : NULL;
        if (fixed)
            OGR_F_SetGeometryDirectly(g, fixed);
        if (!rc && ct && OGR_F_GetGeometryRef(g) &&
            OGR_G_Transform(OGR_F_GetGeometryRef(g), geo_transform_ogr(ct)) != OGRERR_NONE)
            rc = ls_err_set(err, LS_EINVAL, s->path, NULL, "geometry",
                            "feature %lld cannot be transformed to %s", (long long)OGR_F_GetFID(f),
                            o->to_crs->name);
        if (!rc && polygonal && OGR_F_GetGeometryRef(g))
            OGR_F_SetGeometryDirectly(g, OGR_G_ForceToMultiPolygon(OGR_F_StealGeometry(g)));
        OGR_F_Destroy(f);
        if (rc) {
            OGR_F_Destroy(g);
            break;
        }
        rc = geo_vwriter_write(w, g, err);
        if (!rc)
            (*written)++;
    }
    if (!rc)
        rc = geo_vsource_finish(s, err);
    geo_transform_free(ct);
    if (rc) {
        geo_vwriter_abort(w);
        return rc;
    }
    return geo_vwriter_commit(w, err);
}
