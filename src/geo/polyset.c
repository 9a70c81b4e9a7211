/* geo/polyset — see polyset.h. */
#include "geo/polyset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "geo/coordfile.h"
#include "geo/ogr_bridge.h"
#include "geo/validity.h"
#include "geo/vct.h"
#include "geo/vct_io.h"
#include "geo/vector.h"

void geo_polyset_free(struct geo_polyset *p)
{
    for (size_t i = 0; i < p->count; i++)
        geo_mpoly_free(&p->items[i].geom);
    free(p->items);
    memset(p, 0, sizeof *p);
}

struct geo_polyset_item *geo_polyset_push(struct geo_polyset *p, struct ls_err *err)
{
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        struct geo_polyset_item *n = realloc(p->items, cap * sizeof *n);
        if (!n) {
            ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            return NULL;
        }
        p->items = n;
        p->cap = cap;
    }
    struct geo_polyset_item *it = &p->items[p->count++];
    memset(it, 0, sizeof *it);
    return it;
}

/* Every ring needs three distinct points; a closing repeat does not count. */
struct poly_sink {
    struct geo_polyset *out;
    int bsm_field;
};

static int to_polys(void *ctx, int64_t bsm, const struct geo_mpoly *geom, const char *const *values,
                    struct ls_err *err)
{
    struct poly_sink *s = ctx;
    struct geo_polyset *p = s->out;
    struct geo_polyset_item *it = geo_polyset_push(p, err);
    if (!it)
        return -LS_ENOMEM;
    it->fid = bsm;
    if (s->bsm_field >= 0 && values[s->bsm_field] && values[s->bsm_field][0])
        snprintf(it->id, sizeof it->id, "%s", values[s->bsm_field]);
    else
        snprintf(it->id, sizeof it->id, "%lld", (long long)bsm);
    for (size_t k = 0; k < geom->npolys; k++)
        for (size_t r = 0; r < geom->polys[k].nrings; r++) {
            int rc = geo_mpoly_add_ring(&it->geom, k, geom->polys[k].rings[r].xy,
                                        geom->polys[k].rings[r].n, err);
            if (rc)
                return rc;
        }
    return 0;
}

static int field_index(const struct geo_vct_layer *l, const char *name)
{
    for (size_t i = 0; i < l->nfields; i++)
        if (!strcasecmp(l->fields[i].name, name))
            return (int)i;
    return -1;
}

/* The polygons of a VCT file's layer (or its first polygon layer); ids from BSM. */
static int read_vct(const char *path, const char *layer, struct geo_polyset *out,
                    struct ls_err *err)
{
    struct geo_vct *v = NULL;
    int rc = geo_vct_read(path, &v, err);
    if (rc)
        return rc;
    const struct geo_vct_layer *l = geo_vct_polygon_layer(v, path, layer, err);
    rc = l ? geo_vct_crs(v, &out->crs, err) : -err->code;
    if (!rc) {
        snprintf(out->layer, sizeof out->layer, "%s", l->table);
        snprintf(out->encoding, sizeof out->encoding, "%s", geo_vct_encoding(v));
        struct poly_sink s = { out, field_index(l, "BSM") };
        rc = geo_vct_polygons(v, l, to_polys, &s, err);
    }
    if (rc && !err->input[0])
        snprintf(err->input, sizeof err->input, "%s", path);
    geo_vct_free(v);
    return rc;
}

static int check_rings(const struct geo_mpoly *m, const char *path, const char *id,
                       struct ls_err *err)
{
    for (size_t p = 0; p < m->npolys; p++)
        for (size_t r = 0; r < m->polys[p].nrings; r++) {
            const struct geo_ring *ring = &m->polys[p].rings[r];
            size_t distinct = geo_ring_distinct_points(ring->xy, ring->n, 3);
            if (distinct < 3) {
                char where[160];
                snprintf(where, sizeof where, "feature %s, polygon %zu ring %zu", id, p + 1, r + 1);
                return ls_err_set(err, LS_EINVAL, path, where, "geometry",
                                  "a ring needs at least 3 distinct points, it has %zu", distinct);
            }
        }
    return 0;
}

static int read_ogr(const char *path, const char *layer, struct geo_polyset *out,
                    struct ls_err *err)
{
    struct geo_vsource *s = NULL;
    int rc = geo_vsource_open(path, layer, &s, err);
    if (rc)
        return rc;
    snprintf(out->layer, sizeof out->layer, "%s", s->layer_name);
    snprintf(out->encoding, sizeof out->encoding, "%s (%s)", s->encoding, s->encoding_source);
    if (s->has_crs) {
        if (s->crs_rc) {
            *err = s->crs_err;
            snprintf(err->input, sizeof err->input, "%s", path);
            geo_vsource_close(s);
            return -err->code;
        }
        out->crs = s->crs;
    }
    struct geo_validator *v = NULL;
    rc = geo_validator_new(&v, err);
    OGRFeatureH f;
    while (!rc && (f = geo_vsource_next(s)) != NULL) {
        struct geo_polyset_item *it = geo_polyset_push(out, err);
        if (!it) {
            OGR_F_Destroy(f);
            rc = -LS_ENOMEM;
            break;
        }
        it->fid = (long long)OGR_F_GetFID(f);
        geo_vsource_feature_label(s, f, it->id, sizeof it->id);
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (!g) {
            char where[160];
            snprintf(where, sizeof where, "feature %s", it->id);
            rc = ls_err_set(err, LS_EINVAL, path, where, "geometry", "feature has no geometry");
        } else {
            rc = geo_mpoly_from_ogr(g, &it->geom, err);
            if (rc) {
                snprintf(err->input, sizeof err->input, "%s", path);
                snprintf(err->where, sizeof err->where, "feature %s", it->id);
            } else {
                rc = check_rings(&it->geom, path, it->id, err);
            }
            struct geo_problem p;
            if (!rc && geo_validate(v, g, &p, NULL) == 0 && !p.valid)
                snprintf(it->problem, sizeof it->problem, "%s at (%.3f, %.3f)", p.reason, p.x, p.y);
        }
        OGR_F_Destroy(f);
        if (rc)
            break;
    }
    if (!rc)
        rc = geo_vsource_finish(s, err);
    geo_validator_free(v);
    geo_vsource_close(s);
    return rc;
}

int geo_polyset_read(const char *path, const char *layer, const char *crs_text,
                     struct geo_polyset *out, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    int rc;
    int has_crs_from_file = 0;
    if (geo_coordfile_sniff(path) == 1) {
        struct geo_coordfile *cf = NULL;
        rc = geo_coordfile_read(path, NULL, &cf, err);
        if (rc)
            return rc;
        out->crs = cf->crs;
        has_crs_from_file = 1;
        snprintf(out->layer, sizeof out->layer, "地块坐标");
        snprintf(out->encoding, sizeof out->encoding, "%s", cf->encoding);
        for (size_t i = 0; i < cf->nparcels && !rc; i++) {
            struct geo_polyset_item *it = geo_polyset_push(out, err);
            if (!it) {
                rc = -LS_ENOMEM;
                break;
            }
            it->fid = (long long)i + 1;
            snprintf(it->id, sizeof it->id, "%s", cf->parcels[i].number);
            it->geom = cf->parcels[i].geom;
            memset(&cf->parcels[i].geom, 0, sizeof cf->parcels[i].geom); /* moved */
        }
        geo_coordfile_free(cf);
    } else if (geo_is_vct(path)) {
        rc = read_vct(path, layer, out, err);
        has_crs_from_file = rc == 0;
    } else {
        rc = read_ogr(path, layer, out, err);
        has_crs_from_file = out->crs.kind != 0;
    }
    if (rc) {
        geo_polyset_free(out);
        return rc;
    }
    if (crs_text) {
        rc = geo_crs_parse(crs_text, &out->crs, err);
        if (rc) {
            geo_polyset_free(out);
            return rc;
        }
    } else if (!has_crs_from_file) {
        geo_polyset_free(out);
        return ls_err_set(err, LS_EINVAL, path, NULL, "crs",
                          "the file declares no coordinate system; name one");
    }
    return 0;
}
