/* geo/area — the land survey's ellipsoidal area series; see area.h for the source. */
#include "geo/area.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <proj.h>

#define DEG (M_PI / 180.0)

struct series {
    double b2x2; /* 2b² */
    double c[5]; /* A, B, C, D, E */
};

static struct series cgcs2000_series(void)
{
    const double f = 1.0 / GEO_CGCS2000_INVF;
    const double e2 = f * (2.0 - f), e4 = e2 * e2, e6 = e4 * e2, e8 = e6 * e2;
    const double b = GEO_CGCS2000_A * (1.0 - f);
    struct series s;
    s.b2x2 = 2.0 * b * b;
    s.c[0] =
        1.0 + (3.0 / 6.0) * e2 + (30.0 / 80.0) * e4 + (35.0 / 112.0) * e6 + (630.0 / 2304.0) * e8;
    s.c[1] = (1.0 / 6.0) * e2 + (15.0 / 80.0) * e4 + (21.0 / 112.0) * e6 + (420.0 / 2304.0) * e8;
    s.c[2] = (3.0 / 80.0) * e4 + (7.0 / 112.0) * e6 + (180.0 / 2304.0) * e8;
    s.c[3] = (1.0 / 112.0) * e6 + (45.0 / 2304.0) * e8;
    s.c[4] = (5.0 / 2304.0) * e8;
    return s;
}

void geo_area_series_coefficients(double coef[5])
{
    struct series s = cgcs2000_series();
    memcpy(coef, s.c, sizeof s.c);
}

double geo_area_ring_lonlat(const double *lonlat, size_t n)
{
    const struct series s = cgcs2000_series(); /* a few flops per ring: no shared cache */
    if (n < 3)
        return 0.0;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        size_t j = (i + 1) % n;
        double b1 = lonlat[2 * i + 1] * DEG, b2 = lonlat[2 * j + 1] * DEG;
        double db = b2 - b1;
        if (db == 0.0)
            continue;
        double dl = 0.5 * (lonlat[2 * i] + lonlat[2 * j]) * DEG; /* L0 = 0 */
        double bm = 0.5 * (b1 + b2);
        double t = s.c[0] * sin(0.5 * db) * cos(bm) - s.c[1] * sin(1.5 * db) * cos(3.0 * bm) +
                   s.c[2] * sin(2.5 * db) * cos(5.0 * bm) - s.c[3] * sin(3.5 * db) * cos(7.0 * bm) +
                   s.c[4] * sin(4.5 * db) * cos(9.0 * bm);
        sum += dl * t;
    }
    return s.b2x2 * sum;
}

struct geo_area_ctx {
    struct geo_crs crs;
    PJ_CONTEXT *pj;
    PJ *to_lonlat; /* NULL for geographic input */
    PJ *to_plane;  /* geographic input only: lon/lat -> 3° GK zone, made on first use */
    int plane_zone;
    double *buf; /* scratch, grows */
    size_t cap;
};

static PJ *make_transform(PJ_CONTEXT *pj, const char *src, const char *dst)
{
    PJ *p = proj_create_crs_to_crs(pj, src, dst, NULL);
    if (!p)
        return NULL;
    /* x = easting / longitude first, whatever the CRS's axis order. */
    PJ *norm = proj_normalize_for_visualization(pj, p);
    proj_destroy(p);
    return norm;
}

int geo_area_ctx_new(const struct geo_crs *crs, struct geo_area_ctx **out, struct ls_err *err)
{
    struct geo_area_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    c->crs = *crs;
    c->pj = proj_context_create();
    if (!c->pj) {
        free(c);
        return ls_err_set(err, LS_ELIB, NULL, NULL, NULL, "PROJ context creation failed");
    }
    proj_log_level(c->pj, PJ_LOG_NONE);
    proj_context_set_enable_network(c->pj, 0);
    if (crs->kind != GEO_CRS_GEOGRAPHIC) {
        char def[512];
        geo_crs_proj_definition(crs, def, sizeof def);
        c->to_lonlat = make_transform(c->pj, def, "EPSG:4490");
        if (!c->to_lonlat) {
            int e = proj_context_errno(c->pj);
            geo_area_ctx_free(c);
            return ls_err_set(err, LS_ELIB, NULL, NULL, "crs", "PROJ cannot transform %s: %s", def,
                              proj_context_errno_string(NULL, e));
        }
    }
    *out = c;
    return 0;
}

void geo_area_ctx_free(struct geo_area_ctx *ctx)
{
    if (!ctx)
        return;
    proj_destroy(ctx->to_lonlat);
    proj_destroy(ctx->to_plane);
    proj_context_destroy(ctx->pj);
    free(ctx->buf);
    free(ctx);
}

static int ensure_buf(struct geo_area_ctx *ctx, size_t n, struct ls_err *err)
{
    if (n * 2 <= ctx->cap)
        return 0;
    size_t cap = n * 2 + 64;
    double *b = realloc(ctx->buf, cap * sizeof *b);
    if (!b)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for %zu vertices", n);
    ctx->buf = b;
    ctx->cap = cap;
    return 0;
}

static int transform_points(PJ *p, const double *xy, size_t n, double *out, struct ls_err *err)
{
    if (out != xy)
        memcpy(out, xy, n * 2 * sizeof *out);
    size_t done = proj_trans_generic(p, PJ_FWD, out, 2 * sizeof(double), n, out + 1,
                                     2 * sizeof(double), n, NULL, 0, 0, NULL, 0, 0);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(out[2 * i]) || !isfinite(out[2 * i + 1]) || out[2 * i] == HUGE_VAL) {
            char where[48];
            snprintf(where, sizeof where, "vertex %zu", i + 1);
            return ls_err_set(err, LS_EINVAL, NULL, where, NULL,
                              "coordinates (%.4f, %.4f) cannot be transformed", xy[2 * i],
                              xy[2 * i + 1]);
        }
    (void)done;
    return 0;
}

int geo_area_to_lonlat(struct geo_area_ctx *ctx, const double *xy, size_t n, double *out,
                       struct ls_err *err)
{
    if (!ctx->to_lonlat) {
        memcpy(out, xy, n * 2 * sizeof *out);
        return 0;
    }
    return transform_points(ctx->to_lonlat, xy, n, out, err);
}

static int plane_area_of_geographic(struct geo_area_ctx *ctx, const struct geo_mpoly *m,
                                    double *planar, struct ls_err *err)
{
    *planar = 0.0;
    if (!m->npolys || !m->polys[0].nrings || !m->polys[0].rings[0].n)
        return 0;
    if (!ctx->to_plane) {
        int zone = geo_crs_zone_of_longitude(m->polys[0].rings[0].xy[0], 3);
        struct geo_crs gk;
        int rc = geo_crs_gk(3, zone, 1, &gk, err);
        if (rc)
            return rc;
        char def[32];
        ctx->to_plane = make_transform(ctx->pj, "EPSG:4490", geo_crs_proj_definition(&gk, def, 32));
        if (!ctx->to_plane)
            return ls_err_set(err, LS_ELIB, NULL, NULL, "crs", "PROJ cannot project to %s", def);
        ctx->plane_zone = zone;
    }
    for (size_t p = 0; p < m->npolys; p++)
        for (size_t r = 0; r < m->polys[p].nrings; r++) {
            const struct geo_ring *ring = &m->polys[p].rings[r];
            int rc = ensure_buf(ctx, ring->n, err);
            if (rc)
                return rc;
            rc = transform_points(ctx->to_plane, ring->xy, ring->n, ctx->buf, err);
            if (rc)
                return rc;
            double a = fabs(geo_ring_signed_area_planar(ctx->buf, ring->n));
            *planar += r == 0 ? a : -a;
        }
    return 0;
}

int geo_area_mpoly(struct geo_area_ctx *ctx, const struct geo_mpoly *m, double *planar_m2,
                   double *ellipsoidal_m2, struct ls_err *err)
{
    double ell = 0.0;
    for (size_t p = 0; p < m->npolys; p++)
        for (size_t r = 0; r < m->polys[p].nrings; r++) {
            const struct geo_ring *ring = &m->polys[p].rings[r];
            const double *ll = ring->xy;
            if (ctx->to_lonlat) {
                int rc = ensure_buf(ctx, ring->n, err);
                if (rc)
                    return rc;
                rc = transform_points(ctx->to_lonlat, ring->xy, ring->n, ctx->buf, err);
                if (rc)
                    return rc;
                ll = ctx->buf;
            }
            double a = fabs(geo_area_ring_lonlat(ll, ring->n));
            ell += r == 0 ? a : -a;
        }
    if (ctx->crs.kind == GEO_CRS_GEOGRAPHIC) {
        int rc = plane_area_of_geographic(ctx, m, planar_m2, err);
        if (rc)
            return rc;
    } else {
        *planar_m2 = geo_mpoly_area_planar(m);
    }
    *ellipsoidal_m2 = ell;
    return 0;
}
