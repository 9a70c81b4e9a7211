/* zoning/data — control layers in GEOS with STR-trees. */
#include "zoning/data.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geos_bridge.h"
#include "geo/vector.h"

static int add_layer_name(char (*names)[64], size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(names[i], name) == 0)
            return 0;
    if (*n >= 32)
        return -1;
    snprintf(names[(*n)++], 64, "%s", name);
    return 0;
}

static void field_str(const struct geo_vsource *s, OGRFeatureH f, const char *field, char *out,
                      size_t cap)
{
    out[0] = '\0';
    int k = OGR_F_GetFieldIndex(f, field);
    if (k < 0 || !OGR_F_IsFieldSetAndNotNull(f, k))
        return;
    char *v = NULL;
    if (geo_vsource_field_utf8(s, f, k, &v, NULL) == 0 && v)
        snprintf(out, cap, "%s", v);
    free(v);
}

#define TILE_MAX_COORDS 1000

/*
 * Appends g to the layer, cut into tiles of at most TILE_MAX_COORDS vertices by halving its
 * box (as PostGIS's ST_Subdivide does): a check then clips the few small tiles near the
 * footprint instead of a whole red line or county outline. Tiles are disjoint, so areas add
 * up. Takes g; the tiles copy the attributes of proto.
 */
static int push_tiles(GEOSContextHandle_t h, struct zn_layer *l, size_t *cap, GEOSGeometry *g,
                      const struct zn_feature *proto, int depth)
{
    if (!g)
        return 0;
    if (GEOSisEmpty_r(h, g)) {
        GEOSGeom_destroy_r(h, g);
        return 0;
    }
    if (!l->line && depth < 16 && GEOSGetNumCoordinates_r(h, g) > TILE_MAX_COORDS) {
        double x0, y0, x1, y1;
        GEOSGeom_getXMin_r(h, g, &x0);
        GEOSGeom_getYMin_r(h, g, &y0);
        GEOSGeom_getXMax_r(h, g, &x1);
        GEOSGeom_getYMax_r(h, g, &y1);
        int wide = x1 - x0 >= y1 - y0;
        double m = wide ? (x0 + x1) / 2 : (y0 + y1) / 2;
        GEOSGeometry *a =
            wide ? GEOSClipByRect_r(h, g, x0, y0, m, y1) : GEOSClipByRect_r(h, g, x0, y0, x1, m);
        GEOSGeometry *b =
            wide ? GEOSClipByRect_r(h, g, m, y0, x1, y1) : GEOSClipByRect_r(h, g, x0, m, x1, y1);
        if (a && b) {
            GEOSGeom_destroy_r(h, g);
            int rc = push_tiles(h, l, cap, a, proto, depth + 1);
            int rc2 = push_tiles(h, l, cap, b, proto, depth + 1);
            return rc ? rc : rc2;
        }
        if (a)
            GEOSGeom_destroy_r(h, a);
        if (b)
            GEOSGeom_destroy_r(h, b);
    }
    if (l->n == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        struct zn_feature *nf = realloc(l->f, *cap * sizeof *nf);
        if (!nf) {
            GEOSGeom_destroy_r(h, g);
            return -1;
        }
        l->f = nf;
    }
    l->f[l->n] = *proto;
    l->f[l->n++].g = g;
    return 0;
}

/*
 * GEOS builds a prepared geometry's indexes on its first use; for the large polygons (the
 * county, the red line) that first use would cost one check tens of milliseconds, so they are
 * built here, once, with a small square inside the polygon's box.
 */
static void warm(GEOSContextHandle_t h, const struct zn_feature *f)
{
    double x0, y0, x1, y1;
    GEOSGeom_getXMin_r(h, f->g, &x0);
    GEOSGeom_getYMin_r(h, f->g, &y0);
    GEOSGeom_getXMax_r(h, f->g, &x1);
    GEOSGeom_getYMax_r(h, f->g, &y1);
    double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, e = (x1 - x0) / 1000;
    GEOSGeometry *sq = GEOSGeom_createRectangle_r(h, cx - e, cy - e, cx + e, cy + e);
    if (!sq)
        return;
    GEOSPreparedContains_r(h, f->prep, sq);
    GEOSPreparedIntersects_r(h, f->prep, sq);
    GEOSGeom_destroy_r(h, sq);
}

static int load_layer(struct zn_data *d, struct zn_layer *l, const struct zn_rules *r,
                      struct ls_err *err)
{
    struct geo_vsource *s = NULL;
    int rc = geo_vsource_open(d->path, l->name, &s, err);
    if (rc)
        return rc;
    for (size_t z = 0; z < r->n_zones; z++)
        if (strcmp(r->zones[z].layer, l->name) == 0) {
            if (r->zones[z].line)
                l->line = 1;
            if (r->zones[z].where_field[0])
                snprintf(l->filter_field, sizeof l->filter_field, "%s", r->zones[z].where_field);
        }
    if (s->has_crs && !s->crs_rc && d->epsg == 0) {
        d->crs = s->crs;
        d->epsg = s->crs.epsg;
    } else if (s->has_crs && !s->crs_rc && s->crs.epsg != d->epsg) {
        geo_vsource_close(s);
        return ls_err_set(err, LS_EINVAL, d->path, l->name, "crs",
                          "layer in EPSG:%d, the others in EPSG:%d: control layers must share "
                          "one CRS",
                          s->crs.epsg, d->epsg);
    }
    l->tree = GEOSSTRtree_create_r(d->geos, 10);
    size_t cap = 0;
    OGRFeatureH f;
    while (!rc && (f = geo_vsource_next(s))) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && !OGR_G_IsEmpty(g)) {
            struct zn_feature zf;
            memset(&zf, 0, sizeof zf);
            GEOSGeometry *gg = geo_geos_from_ogr(d->geos, g);
            if (!gg) {
                char where[64];
                snprintf(where, sizeof where, "%s feature %lld", l->name,
                         (long long)OGR_F_GetFID(f));
                OGR_F_Destroy(f);
                rc = ls_err_set(err, LS_EINVAL, d->path, where, "geometry",
                                "GEOS cannot read the geometry");
                break;
            }
            zf.fid = OGR_F_GetFID(f);
            geo_vsource_feature_label(s, f, zf.label, sizeof zf.label);
            if (l->filter_field[0])
                field_str(s, f, l->filter_field, zf.value, sizeof zf.value);
            field_str(s, f, "DLBM", zf.dlbm, sizeof zf.dlbm);
            char name[48];
            field_str(s, f, "XZQMC", name, sizeof name);
            if (name[0])
                snprintf(zf.label, sizeof zf.label, "%s", name);
            int k = OGR_F_GetFieldIndex(f, "KCXS");
            zf.kcxs = k >= 0 ? OGR_F_GetFieldAsDouble(f, k) : 0;
            k = OGR_F_GetFieldIndex(f, "GDDB");
            zf.gddb = k >= 0 ? OGR_F_GetFieldAsInteger(f, k) : 0;
            if (push_tiles(d->geos, l, &cap, gg, &zf, 0)) {
                OGR_F_Destroy(f);
                rc = ls_err_set(err, LS_ENOMEM, d->path, l->name, NULL, "out of memory");
                break;
            }
        }
        OGR_F_Destroy(f);
    }
    /* a control layer read short would let a footprint over its lost part pass: a damaged
     * layer stops the check rather than deciding on what could be read */
    if (!rc)
        rc = geo_vsource_finish(s, err);
    geo_vsource_close(s);
    /* the tree holds indices, inserted once the array no longer moves */
    for (size_t i = 0; !rc && i < l->n; i++) {
        l->f[i].prep = GEOSPrepare_r(d->geos, l->f[i].g);
        GEOSSTRtree_insert_r(d->geos, l->tree, l->f[i].g, (void *)(uintptr_t)(i + 1));
        if (l->f[i].prep && !l->line && GEOSGetNumCoordinates_r(d->geos, l->f[i].g) > 500)
            warm(d->geos, &l->f[i]);
    }
    return rc;
}

const char *zn_scheme_name(enum zn_scheme s)
{
    return s == ZN_SCHEME_PLANNING ? "国土空间调查、规划、用途管制用地用海分类（2023）"
                                   : "TD/T 1055-2019";
}

int zn_scheme_parse(const char *text)
{
    if (!strcmp(text, "survey"))
        return ZN_SCHEME_SURVEY;
    if (!strcmp(text, "planning"))
        return ZN_SCHEME_PLANNING;
    return -1;
}

int zn_data_layer(const struct zn_data *d, const char *name)
{
    for (size_t i = 0; i < d->n_layers; i++)
        if (strcmp(d->layers[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int open_layers(const char *path, const struct zn_rules *r, char (*names)[64], size_t n,
                       struct zn_data *d, struct ls_err *err);

int zn_data_open(const char *path, const struct zn_rules *r, struct zn_data *d, struct ls_err *err)
{
    char names[32][64];
    size_t n = 0;
    for (size_t z = 0; z < r->n_zones; z++)
        add_layer_name(names, &n, r->zones[z].layer);
    add_layer_name(names, &n, "landuse_patch");
    return open_layers(path, r, names, n, d, err);
}

int zn_data_open_layers(const char *path, const struct zn_rules *r, const char *const *layers,
                        struct zn_data *d, struct ls_err *err)
{
    char names[32][64];
    size_t n = 0;
    for (size_t i = 0; layers[i]; i++)
        add_layer_name(names, &n, layers[i]);
    return open_layers(path, r, names, n, d, err);
}

static int open_layers(const char *path, const struct zn_rules *r, char (*names)[64], size_t n,
                       struct zn_data *d, struct ls_err *err)
{
    memset(d, 0, sizeof *d);
    snprintf(d->path, sizeof d->path, "%s", path);
    d->patches = d->boundary = d->admin = -1;
    d->geos = geo_geos_new();
    d->layers = calloc(n + 2, sizeof *d->layers);
    if (!d->geos || !d->layers)
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        struct zn_layer *l = &d->layers[d->n_layers];
        snprintf(l->name, sizeof l->name, "%s", names[i]);
        rc = load_layer(d, l, r, err);
        d->n_layers++;
    }
    /* the county boundary is optional: it only tells a footprint outside the county */
    if (!rc) {
        struct zn_layer *l = &d->layers[d->n_layers];
        snprintf(l->name, sizeof l->name, "county");
        struct ls_err ignore = { 0 };
        if (load_layer(d, l, r, &ignore) == 0)
            d->boundary = (int)d->n_layers++;
        else
            memset(l, 0, sizeof *l);
    }
    /* townships and their main function zone (主体功能区), optional */
    if (!rc) {
        struct zn_layer *l = &d->layers[d->n_layers];
        snprintf(l->name, sizeof l->name, "township");
        snprintf(l->filter_field, sizeof l->filter_field, "ZTGNQ");
        struct ls_err ignore = { 0 };
        if (load_layer(d, l, r, &ignore) == 0)
            d->admin = (int)d->n_layers++;
        else
            memset(l, 0, sizeof *l);
    }
    if (!rc)
        d->patches = zn_data_layer(d, "landuse_patch");
    if (rc)
        zn_data_free(d);
    return rc;
}

void zn_collect(void *item, void *ud)
{
    struct zn_hits *h = ud;
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 16;
        size_t *ni = realloc(h->idx, nc * sizeof *ni);
        if (!ni)
            return;
        h->idx = ni;
        h->cap = nc;
    }
    h->idx[h->n++] = (size_t)(uintptr_t)item - 1;
}

json_t *zn_data_overlaps(const struct zn_data *d, double sliver_m2)
{
    static const char *const lines[] = { "basic_farmland", "eco_redline", "urban_boundary" };
    /* tiles of one feature (see push_tiles) add up to one entry per pair of features */
    json_t *byp = json_object(), *out = json_array();
    for (int a = 0; a < 3; a++)
        for (int b = a + 1; b < 3; b++) {
            int la = zn_data_layer(d, lines[a]), lb = zn_data_layer(d, lines[b]);
            if (la < 0 || lb < 0)
                continue;
            const struct zn_layer *A = &d->layers[la], *B = &d->layers[lb];
            for (size_t i = 0; i < A->n; i++) {
                struct zn_hits h = { 0 };
                GEOSSTRtree_query_r(d->geos, B->tree, A->f[i].g, zn_collect, &h);
                for (size_t k = 0; k < h.n; k++) {
                    const struct zn_feature *fb = &B->f[h.idx[k]];
                    if (!GEOSPreparedIntersects_r(d->geos, A->f[i].prep, fb->g))
                        continue;
                    GEOSGeometry *x = GEOSIntersection_r(d->geos, A->f[i].g, fb->g);
                    double area = 0;
                    if (x && GEOSArea_r(d->geos, x, &area) && area > 0) {
                        char key[96];
                        snprintf(key, sizeof key, "%d:%lld:%d:%lld", la, A->f[i].fid, lb, fb->fid);
                        json_t *o = json_object_get(byp, key);
                        if (o) {
                            json_object_set_new(
                                o, "area_m2",
                                json_real(json_real_value(json_object_get(o, "area_m2")) + area));
                        } else {
                            double cx = NAN, cy = NAN;
                            GEOSGeometry *pt = GEOSPointOnSurface_r(d->geos, x);
                            if (pt) {
                                GEOSGeomGetX_r(d->geos, pt, &cx);
                                GEOSGeomGetY_r(d->geos, pt, &cy);
                                GEOSGeom_destroy_r(d->geos, pt);
                            }
                            o = json_object();
                            json_object_set_new(o, "layers", json_pack("[ss]", A->name, B->name));
                            json_object_set_new(o, "features",
                                                json_pack("[ss]", A->f[i].label, fb->label));
                            json_object_set_new(o, "area_m2", json_real(area));
                            json_object_set_new(o, "x", json_real(cx));
                            json_object_set_new(o, "y", json_real(cy));
                            json_object_set_new(byp, key, o);
                            json_array_append(out, o);
                        }
                    }
                    if (x)
                        GEOSGeom_destroy_r(d->geos, x);
                }
                free(h.idx);
            }
        }
    json_decref(byp);
    json_t *kept = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(out, i, o)
    {
        if (json_real_value(json_object_get(o, "area_m2")) >= sliver_m2)
            json_array_append(kept, o);
    }
    json_decref(out);
    return kept;
}

void zn_data_free(struct zn_data *d)
{
    for (size_t i = 0; d->layers && i < d->n_layers; i++) {
        struct zn_layer *l = &d->layers[i];
        if (l->tree)
            GEOSSTRtree_destroy_r(d->geos, l->tree);
        for (size_t k = 0; k < l->n; k++) {
            if (l->f[k].prep)
                GEOSPreparedGeom_destroy_r(d->geos, l->f[k].prep);
            GEOSGeom_destroy_r(d->geos, l->f[k].g);
        }
        free(l->f);
    }
    free(d->layers);
    if (d->geos)
        GEOS_finish_r(d->geos);
    memset(d, 0, sizeof *d);
}
