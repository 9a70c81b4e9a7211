/* zoning/overlay — patches against the control layers, streamed. */
#include "zoning/overlay.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "geo/area.h"
#include "geo/geos_bridge.h"
#include "geo/ogr_bridge.h"
#include "geo/vector.h"

const char *const zn_overlay_layers[] = { "core_zone", "eco_redline", "basic_farmland",
                                          "urban_boundary", NULL };

int zn_is_construction(enum zn_scheme scheme, const char *c)
{
    if (strlen(c) < 2)
        return 0;
    int first = (c[0] - '0') * 10 + (c[1] - '0');
    if (scheme == ZN_SCHEME_PLANNING)
        return (first >= 7 && first <= 16) || !strncmp(c, "0602", 4);
    if (!strcmp(c, "1006")) /* rural roads count as farmland infrastructure */
        return 0;
    if (!strcmp(c, "0603") || !strcmp(c, "1109") || !strcmp(c, "1201") || !strcmp(c, "1202"))
        return 1;
    return first >= 5 && first <= 10;
}

int zn_overlay_layer(struct geo_vwriter *w, const struct geo_crs *crs, struct ls_err *err)
{
    static const char *const text[] = { "patch", "dlbm", "layer", "feature" };
    int rc = geo_vwriter_layer(w, "overlay", crs, wkbMultiPolygon, err);
    for (int i = 0; !rc && i < 4; i++)
        rc = geo_vwriter_field(w, text[i], OFTString, 0, err);
    if (!rc)
        rc = geo_vwriter_field(w, "planar_m2", OFTReal, 0, err);
    if (!rc)
        rc = geo_vwriter_field(w, "area_m2", OFTReal, 0, err);
    if (!rc)
        rc = geo_vwriter_field(w, "suspected", OFTInteger, 0, err);
    return rc;
}

/* The polygons of x (an overlay may add the lines and points where boundaries touch). */
static void add_polygons(GEOSContextHandle_t h, const GEOSGeometry *x, GEOSGeometry **out,
                         unsigned int *n, unsigned int cap)
{
    int t = GEOSGeomTypeId_r(h, x);
    if (t == GEOS_POLYGON) {
        if (*n < cap && !GEOSisEmpty_r(h, x))
            out[(*n)++] = GEOSGeom_clone_r(h, x);
    } else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < GEOSGetNumGeometries_r(h, x); i++)
            add_polygons(h, GEOSGetGeometryN_r(h, x, i), out, n, cap);
    }
}

static GEOSGeometry *polygonal(GEOSContextHandle_t h, const GEOSGeometry *x)
{
    if (GEOSGeomTypeId_r(h, x) == GEOS_POLYGON || GEOSGeomTypeId_r(h, x) == GEOS_MULTIPOLYGON)
        return GEOSGeom_clone_r(h, x);
    GEOSGeometry *parts[256];
    unsigned int n = 0;
    add_polygons(h, x, parts, &n, 256);
    return n ? GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, n) : NULL;
}

/* One piece: area, CSV row, GeoPackage feature. */
static int emit(const struct zn_data *d, struct geo_area_ctx *area, GEOSGeometry *x,
                const char *patch, const char *dlbm, const struct zn_layer *l,
                const struct zn_feature *f, double sliver, FILE *csv, struct geo_vwriter *w,
                struct zn_overlay_stats *st, struct ls_err *err)
{
    GEOSContextHandle_t h = d->geos;
    double planar = 0;
    if (!GEOSArea_r(h, x, &planar) || planar < sliver)
        return 0;
    OGRGeometryH g = geo_geos_to_ogr(h, x);
    struct geo_mpoly m = { 0 };
    double pl = 0, ell = 0;
    int rc = g ? geo_mpoly_from_ogr(g, &m, err) : 0;
    if (!rc && m.npolys)
        rc = geo_area_mpoly(area, &m, &pl, &ell, err);
    geo_mpoly_free(&m);
    if (rc) {
        OGR_G_DestroyGeometry(g);
        return rc;
    }
    int suspected = (!strcmp(l->name, "eco_redline") || !strcmp(l->name, "core_zone") ||
                     !strcmp(l->name, "basic_farmland")) &&
                    zn_is_construction(d->scheme, dlbm);
    st->pieces++;
    if (suspected) {
        st->suspected++;
        st->suspected_m2 += ell;
    }
    if (csv) {
        ls_csv_write_field(csv, patch);
        fprintf(csv, ",%s,%s,", dlbm, l->name);
        ls_csv_write_field(csv, f->label);
        fprintf(csv, ",%.6f,%.6f,%d\n", planar, ell, suspected);
    }
    if (w) {
        OGRFeatureH of = geo_vwriter_feature(w);
        OGR_F_SetFieldString(of, 0, patch);
        OGR_F_SetFieldString(of, 1, dlbm);
        OGR_F_SetFieldString(of, 2, l->name);
        OGR_F_SetFieldString(of, 3, f->label);
        OGR_F_SetFieldDouble(of, 4, planar);
        OGR_F_SetFieldDouble(of, 5, ell);
        OGR_F_SetFieldInteger(of, 6, suspected);
        if (g)
            OGR_F_SetGeometryDirectly(of, OGR_G_ForceToMultiPolygon(g));
        return geo_vwriter_write(w, of, err);
    }
    if (g)
        OGR_G_DestroyGeometry(g);
    return 0;
}

int zn_overlay(const struct zn_data *d, const char *path, const char *patch_layer, double sliver,
               FILE *csv, struct geo_vwriter *w, struct zn_overlay_stats *st, struct ls_err *err)
{
    memset(st, 0, sizeof *st);
    struct geo_vsource *s = NULL;
    int rc = geo_vsource_open(path, patch_layer ? patch_layer : "landuse_patch", &s, err);
    if (rc)
        return rc;
    struct geo_area_ctx *area = NULL;
    rc = geo_area_ctx_new(&d->crs, &area, err);
    GEOSContextHandle_t h = d->geos;
    if (csv && !rc)
        fprintf(csv, "patch,dlbm,layer,feature,planar_m2,ellipsoidal_m2,suspected\n");
    int dl = -1;
    OGRFeatureH of;
    while (!rc && (of = geo_vsource_next(s))) {
        if (dl < 0)
            dl = OGR_F_GetFieldIndex(of, "DLBM");
        OGRGeometryH g = OGR_F_GetGeometryRef(of);
        char patch[64], dlbm[16] = "";
        geo_vsource_feature_label(s, of, patch, sizeof patch);
        if (dl >= 0 && OGR_F_IsFieldSetAndNotNull(of, dl))
            snprintf(dlbm, sizeof dlbm, "%s", OGR_F_GetFieldAsString(of, dl));
        GEOSGeometry *pg = NULL;
        if (g && !OGR_G_IsEmpty(g))
            pg = geo_geos_from_ogr(h, g);
        st->patches++;
        const GEOSPreparedGeometry *pp = pg ? GEOSPrepare_r(h, pg) : NULL;
        for (size_t li = 0; pp && !rc && li < d->n_layers; li++) {
            const struct zn_layer *l = &d->layers[li];
            if ((int)li == d->boundary)
                continue;
            struct zn_hits hs = { 0 };
            GEOSSTRtree_query_r(h, l->tree, pg, zn_collect, &hs);
            /* tiles of one feature are merged back: one piece per patch × feature */
            GEOSGeometry **xs = calloc(hs.n + 1, sizeof *xs);
            const struct zn_feature **fs = calloc(hs.n + 1, sizeof *fs);
            size_t nx = 0;
            for (size_t k = 0; xs && fs && k < hs.n; k++) {
                const struct zn_feature *f = &l->f[hs.idx[k]];
                if (!GEOSPreparedIntersects_r(h, pp, f->g))
                    continue;
                GEOSGeometry *x = GEOSPreparedContains_r(h, f->prep, pg)
                                      ? GEOSGeom_clone_r(h, pg)
                                      : GEOSIntersection_r(h, pg, f->g);
                if (x) {
                    xs[nx] = x;
                    fs[nx++] = f;
                }
            }
            free(hs.idx);
            for (size_t a = 0; !rc && a < nx; a++) {
                if (!xs[a])
                    continue;
                GEOSGeometry *parts[64] = { NULL };
                unsigned int np = 0;
                for (size_t b = a; b < nx && np < 64; b++)
                    if (xs[b] && fs[b]->fid == fs[a]->fid) {
                        parts[np++] = xs[b];
                        xs[b] = NULL;
                    }
                GEOSGeometry *x = parts[0];
                if (np > 1) {
                    GEOSGeometry *c =
                        GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, np);
                    x = c ? GEOSUnaryUnion_r(h, c) : NULL;
                    if (c)
                        GEOSGeom_destroy_r(h, c);
                }
                GEOSGeometry *px = x ? polygonal(h, x) : NULL;
                if (x)
                    GEOSGeom_destroy_r(h, x);
                if (px) {
                    rc = emit(d, area, px, patch, dlbm, l, fs[a], sliver, csv, w, st, err);
                    GEOSGeom_destroy_r(h, px);
                }
            }
            for (size_t a = 0; xs && a < nx; a++)
                if (xs[a])
                    GEOSGeom_destroy_r(h, xs[a]);
            free(xs);
            free(fs);
        }
        if (pp)
            GEOSPreparedGeom_destroy_r(h, pp);
        if (pg)
            GEOSGeom_destroy_r(h, pg);
        OGR_F_Destroy(of);
    }
    if (!rc)
        rc = geo_vsource_finish(s, err);
    geo_area_ctx_free(area);
    geo_vsource_close(s);
    return rc;
}
