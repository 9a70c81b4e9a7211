/* raster/zonal — per-row partial statistics merged in row order; polygon zones via GDAL. */
#include "raster/zonal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal_alg.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "geo/geos_bridge.h"
#include "geo/ogr_bridge.h"
#include "geo/transform.h"
#include "raster/zone_shares.h"

/* An open-addressing map from (zone, class) to an index into a row array. */
struct kmap {
    struct rs_zonal_row *rows;
    size_t n, cap;   /* rows */
    uint32_t *slots; /* index + 1, 0 = empty */
    size_t nslots;   /* power of two */
};

static uint64_t key_hash(long z, long c)
{
    uint64_t h = (uint64_t)z * 0x9E3779B97F4A7C15u ^ ((uint64_t)c + 0x632BE59BD9B4E019u);
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9u;
    return h ^ (h >> 29);
}

static int kmap_grow(struct kmap *m)
{
    size_t ns = m->nslots ? m->nslots * 2 : 256;
    uint32_t *s = calloc(ns, sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < m->n; i++) {
        size_t j = key_hash(m->rows[i].zone, m->rows[i].cls) & (ns - 1);
        while (s[j])
            j = (j + 1) & (ns - 1);
        s[j] = (uint32_t)i + 1;
    }
    free(m->slots);
    m->slots = s;
    m->nslots = ns;
    return 0;
}

/* The row for (z, c), created empty when new; NULL when out of memory. */
static struct rs_zonal_row *kmap_get(struct kmap *m, long z, long c)
{
    if ((m->n + 1) * 2 > m->nslots && kmap_grow(m))
        return NULL;
    size_t j = key_hash(z, c) & (m->nslots - 1);
    while (m->slots[j]) {
        struct rs_zonal_row *r = &m->rows[m->slots[j] - 1];
        if (r->zone == z && r->cls == c)
            return r;
        j = (j + 1) & (m->nslots - 1);
    }
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 64;
        struct rs_zonal_row *nr = realloc(m->rows, nc * sizeof *nr);
        if (!nr)
            return NULL;
        m->rows = nr;
        m->cap = nc;
    }
    m->slots[j] = (uint32_t)m->n + 1;
    struct rs_zonal_row *r = &m->rows[m->n++];
    *r = (struct rs_zonal_row){ .zone = z, .cls = c, .min = INFINITY, .max = -INFINITY };
    return r;
}

static void kmap_clear(struct kmap *m)
{
    if (m->slots)
        memset(m->slots, 0, m->nslots * sizeof *m->slots);
    m->n = 0;
}

static void kmap_free(struct kmap *m)
{
    free(m->rows);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

static void merge_row(struct rs_zonal_row *into, const struct rs_zonal_row *r)
{
    into->count += r->count;
    into->nodata += r->nodata;
    into->area_m2 += r->area_m2;
    into->sum += r->sum;
    into->sum_area_weighted += r->sum_area_weighted;
    if (r->min < into->min)
        into->min = r->min;
    if (r->max > into->max)
        into->max = r->max;
}

struct zworker {
    struct kmap row;          /* the current row's partials */
    struct rs_zonal_row *log; /* the strip's row partials, in row then first-touch order */
    size_t nlog, caplog;
};

struct zctx {
    struct zworker *w;
    struct kmap total;
    int has_class;
};

static int zonal_kernel(const struct rs_block *b, void *vctx, struct ls_err *err)
{
    struct zctx *c = vctx;
    struct zworker *w = &c->w[b->worker];
    w->nlog = 0;
    for (long r = 0; r < b->nrows; r++) {
        double area = rs_grid_cell_area(b->grid, b->row0 + r);
        const double *val = b->in[0] + r * b->nx, *zone = b->in[1] + r * b->nx;
        const double *cls = c->has_class ? b->in[2] + r * b->nx : NULL;
        kmap_clear(&w->row);
        for (long x = 0; x < b->nx; x++) {
            if (isnan(zone[x]))
                continue;
            long k = !cls ? 0 : isnan(cls[x]) ? RS_ZONAL_NO_CLASS : (long)cls[x];
            struct rs_zonal_row *e = kmap_get(&w->row, (long)zone[x], k);
            if (!e)
                return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            double v = val[x];
            if (isnan(v)) {
                e->nodata++;
                continue;
            }
            e->count++;
            e->area_m2 += area;
            e->sum += v;
            e->sum_area_weighted += v * area;
            if (v < e->min)
                e->min = v;
            if (v > e->max)
                e->max = v;
        }
        if (w->nlog + w->row.n > w->caplog) {
            size_t nc = (w->nlog + w->row.n) * 2;
            struct rs_zonal_row *nl = realloc(w->log, nc * sizeof *nl);
            if (!nl)
                return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            w->log = nl;
            w->caplog = nc;
        }
        if (w->row.n)
            memcpy(w->log + w->nlog, w->row.rows, w->row.n * sizeof *w->log);
        w->nlog += w->row.n;
    }
    return 0;
}

static int zonal_reduce(const struct rs_block *b, void *vctx, struct ls_err *err)
{
    struct zctx *c = vctx;
    struct zworker *w = &c->w[b->worker];
    for (size_t i = 0; i < w->nlog; i++) {
        struct rs_zonal_row *t = kmap_get(&c->total, w->log[i].zone, w->log[i].cls);
        if (!t)
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        merge_row(t, &w->log[i]);
    }
    return 0;
}

static int cmp_rows(const void *a, const void *b)
{
    const struct rs_zonal_row *x = a, *y = b;
    if (x->zone != y->zone)
        return (x->zone > y->zone) - (x->zone < y->zone);
    return (x->cls > y->cls) - (x->cls < y->cls);
}

int rs_zonal(struct rs_source *value, struct rs_source *zones, struct rs_source *classes,
             const struct rs_exec_opts *exec, struct rs_zonal_result *out, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    struct rs_source in[3] = { *value, *zones };
    if (classes)
        in[2] = *classes;
    int threads = rs_exec_threads(exec);
    struct zctx ctx = { .has_class = classes != NULL };
    ctx.w = calloc((size_t)threads, sizeof *ctx.w);
    if (!ctx.w)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    struct rs_job job = { .inputs = in,
                          .n_in = classes ? 3 : 2,
                          .kernel = zonal_kernel,
                          .reduce = zonal_reduce,
                          .ctx = &ctx };
    int rc = rs_exec_run(&job, &value->grid, exec, err);
    for (int t = 0; t < threads; t++) {
        kmap_free(&ctx.w[t].row);
        free(ctx.w[t].log);
    }
    free(ctx.w);
    if (rc) {
        kmap_free(&ctx.total);
        return rc;
    }
    qsort(ctx.total.rows, ctx.total.n, sizeof *ctx.total.rows, cmp_rows);
    for (size_t i = 0; i < ctx.total.n; i++)
        if (ctx.total.rows[i].count == 0) {
            ctx.total.rows[i].min = NAN;
            ctx.total.rows[i].max = NAN;
        }
    out->rows = ctx.total.rows;
    out->n = ctx.total.n;
    free(ctx.total.slots);
    return 0;
}

void rs_zonal_free(struct rs_zonal_result *r)
{
    free(r->rows);
    free(r->labels);
    memset(r, 0, sizeof *r);
}

/* The shares of the cells each polygon's boundary crosses (raster/zone_shares). */
static int share_boundaries(const char *path, const struct rs_grid *grid, OGRGeometryH *geoms,
                            size_t n, struct rs_zone_shares *shares, struct ls_err *err)
{
    GEOSContextHandle_t h = geo_geos_new();
    int rc = h ? 0 : ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    for (size_t k = 0; !rc && k < n; k++) {
        GEOSGeometry *g = OGR_G_IsEmpty(geoms[k]) ? NULL : geo_geos_from_ogr(h, geoms[k]);
        if (g)
            rc = rs_zone_shares_add(shares, grid, h, g, (uint32_t)(k + 1), err);
        if (g)
            GEOSGeom_destroy_r(h, g);
    }
    if (h)
        GEOS_finish_r(h);
    if (!rc)
        rs_zone_shares_sort(shares);
    return rc;
}

int rs_zones_from_polygons(const char *vector_path, const char *layer, const char *label_field,
                           const struct rs_grid *grid, const char *tmp_path, char (**labels)[128],
                           size_t *n_labels, struct rs_zone_shares *shares, struct ls_err *err)
{
    *labels = NULL;
    *n_labels = 0;
    geo_ogr_capture_begin();
    GDALDatasetH vds = GDALOpenEx(vector_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    geo_ogr_capture_end();
    if (!vds)
        return ls_err_set(err, LS_EINVAL, vector_path, NULL, NULL, "not a readable vector file");
    OGRLayerH lyr = layer ? GDALDatasetGetLayerByName(vds, layer) : GDALDatasetGetLayer(vds, 0);
    if (!lyr) {
        GDALClose(vds);
        return ls_err_set(err, LS_EINVAL, vector_path, NULL, "layer", "no layer %s",
                          layer ? layer : "(first)");
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int lf = label_field ? OGR_FD_GetFieldIndex(defn, label_field) : -1;
    if (label_field && lf < 0) {
        GDALClose(vds);
        return ls_err_set(err, LS_EINVAL, vector_path, NULL, label_field,
                          "the layer has no field \"%s\"", label_field);
    }
    OGRSpatialReferenceH lsrs = OGR_L_GetSpatialRef(lyr);
    struct geo_transform *ct = NULL;
    if (geo_transform_new_to_wkt(lsrs, grid->wkt, &ct, err)) {
        GDALClose(vds);
        snprintf(err->input, sizeof err->input, "%s", vector_path);
        return -err->code;
    }
    GDALDriverH drv = GDALGetDriverByName("GTiff");
    const char *co[] = { "TILED=YES", "COMPRESS=ZSTD", "ZSTD_LEVEL=1", "BIGTIFF=IF_SAFER", NULL };
    GDALDatasetH rds =
        GDALCreate(drv, tmp_path, (int)grid->nx, (int)grid->ny, 1, GDT_Int32, (char **)(void *)co);
    int rc = 0;
    if (!rds)
        rc = ls_err_set(err, LS_EIO, tmp_path, NULL, NULL, "cannot create the zone raster");
    if (!rc) {
        GDALSetGeoTransform(rds, (double *)(uintptr_t)grid->gt);
        if (grid->wkt[0])
            GDALSetProjection(rds, grid->wkt);
        GDALSetRasterNoDataValue(GDALGetRasterBand(rds, 1), 0);
    }
    /* all polygons are burnt in one pass over the raster (one call per polygon would read and
     * write the whole zone raster each time) */
    size_t cap = 0, n = 0;
    char(*lab)[128] = NULL;
    OGRGeometryH *geoms = NULL;
    double *burn = NULL;
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while (!rc && (f = OGR_L_GetNextFeature(lyr))) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char(*nl)[128] = realloc(lab, cap * sizeof *nl);
            OGRGeometryH *ng = nl ? realloc(geoms, cap * sizeof *ng) : NULL;
            double *nb = ng ? realloc(burn, cap * sizeof *nb) : NULL;
            lab = nl ? nl : lab;
            geoms = ng ? ng : geoms;
            burn = nb ? nb : burn;
            if (!nb) {
                OGR_F_Destroy(f);
                rc = ls_err_set(err, LS_ENOMEM, vector_path, NULL, NULL, "out of memory");
                break;
            }
        }
        if (lf >= 0)
            snprintf(lab[n], sizeof lab[n], "%s", OGR_F_GetFieldAsString(f, lf));
        else
            snprintf(lab[n], sizeof lab[n], "%lld", (long long)OGR_F_GetFID(f));
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        geoms[n] = g ? OGR_G_Clone(g) : OGR_G_CreateGeometry(wkbPolygon);
        burn[n] = (double)(n + 1);
        if (ct && g && OGR_G_Transform(geoms[n], geo_transform_ogr(ct)) != OGRERR_NONE) {
            char where[64];
            snprintf(where, sizeof where, "feature %lld", (long long)OGR_F_GetFID(f));
            rc = ls_err_set(err, LS_EINVAL, vector_path, where, NULL,
                            "cannot transform to the raster's CRS");
        }
        n++;
        OGR_F_Destroy(f);
    }
    if (!rc && n > 0 && shares) {
        /* every cell a polygon touches first, as -k; the centre rule then overwrites */
        for (size_t k = 0; k < n; k++)
            burn[k] = -(double)(k + 1);
        int band = 1;
        const char *opts[] = { "ALL_TOUCHED=TRUE", NULL };
        geo_ogr_capture_begin();
        if (GDALRasterizeGeometries(rds, 1, &band, (int)n, geoms, NULL, NULL, burn,
                                    (char **)(void *)opts, NULL, NULL) != CE_None)
            rc = ls_err_set(err, LS_ELIB, vector_path, NULL, NULL, "rasterize failed: %s",
                            geo_ogr_last_error());
        geo_ogr_capture_end();
        for (size_t k = 0; k < n; k++)
            burn[k] = (double)(k + 1);
        rc = rc ? rc : share_boundaries(vector_path, grid, geoms, n, shares, err);
    }
    if (!rc && n > 0) {
        int band = 1;
        geo_ogr_capture_begin();
        if (GDALRasterizeGeometries(rds, 1, &band, (int)n, geoms, NULL, NULL, burn, NULL, NULL,
                                    NULL) != CE_None)
            rc = ls_err_set(err, LS_ELIB, vector_path, NULL, NULL, "rasterize failed: %s",
                            geo_ogr_last_error());
        geo_ogr_capture_end();
    }
    for (size_t k = 0; k < n; k++)
        OGR_G_DestroyGeometry(geoms[k]);
    free(geoms);
    free(burn);
    if (rds)
        GDALClose(rds);
    geo_transform_free(ct);
    GDALClose(vds);
    if (!rc && n == 0)
        rc = ls_err_set(err, LS_EINVAL, vector_path, NULL, NULL, "the layer has no features");
    if (rc) {
        free(lab);
        return rc;
    }
    *labels = lab;
    *n_labels = n;
    return 0;
}
