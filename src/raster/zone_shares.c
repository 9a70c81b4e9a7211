/* raster/zone_shares — see zone_shares.h. */
#include "raster/zone_shares.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Below this a share is GEOS's rounding along a boundary two polygons have in common. */
#define MIN_FRAC 1e-9

struct cells {
    size_t *v;
    size_t n, cap;
};

static int cells_push(struct cells *c, size_t cell)
{
    if (c->n && c->v[c->n - 1] == cell)
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        size_t *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return -1;
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n++] = cell;
    return 0;
}

/*
 * The cells whose interior the segment (u0, v0)-(u1, v1) passes through, in grid units
 * (u = column, v = row, both growing away from the origin corner): Amanatides & Woo's grid
 * traversal, stepping across whichever cell edge comes first along the segment.
 */
static int walk_segment(struct cells *c, const struct rs_grid *g, double u0, double v0, double u1,
                        double v1)
{
    long col = (long)floor(u0), row = (long)floor(v0);
    long col1 = (long)floor(u1), row1 = (long)floor(v1);
    double du = u1 - u0, dv = v1 - v0;
    int su = du > 0 ? 1 : du < 0 ? -1 : 0, sv = dv > 0 ? 1 : dv < 0 ? -1 : 0;
    /* parameter t in [0, 1] along the segment at the next column and row edge */
    double tu = su ? ((su > 0 ? (double)col + 1 : (double)col) - u0) / du : INFINITY;
    double tv = sv ? ((sv > 0 ? (double)row + 1 : (double)row) - v0) / dv : INFINITY;
    double dtu = su ? fabs(1 / du) : INFINITY, dtv = sv ? fabs(1 / dv) : INFINITY;
    long steps = labs(col1 - col) + labs(row1 - row) + 1;
    for (long k = 0; k < steps; k++) {
        if (col >= 0 && col < g->nx && row >= 0 && row < g->ny &&
            cells_push(c, (size_t)row * (size_t)g->nx + (size_t)col))
            return -1;
        if (col == col1 && row == row1)
            break;
        if (tu < tv) {
            col += su;
            tu += dtu;
        } else {
            row += sv;
            tv += dtv;
        }
    }
    return 0;
}

static int walk_ring(struct cells *c, const struct rs_grid *g, GEOSContextHandle_t h,
                     const GEOSGeometry *ring)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
        return -1;
    double px = 0, py = 0;
    for (unsigned int i = 0; i < n; i++) {
        double x, y;
        if (!GEOSCoordSeq_getXY_r(h, cs, i, &x, &y))
            return -1;
        if (i && walk_segment(c, g, (px - g->gt[0]) / g->gt[1], (py - g->gt[3]) / g->gt[5],
                              (x - g->gt[0]) / g->gt[1], (y - g->gt[3]) / g->gt[5]))
            return -1;
        px = x;
        py = y;
    }
    return 0;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

static int push_share(struct rs_zone_shares *s, size_t cell, uint32_t zone, double frac)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        struct rs_zone_share *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (struct rs_zone_share){ cell, zone, frac > 1 ? 1 : frac };
    return 0;
}

/* A polygon's rings as plain coordinates, each with the sign that makes its area count: + for a
 * shell, − for a hole, whichever way it was drawn. */
struct rings {
    double *xy;    /* x, y pairs */
    size_t *first; /* ring → first point; [n] the point count */
    double *sign;
    size_t n, npts, cap_pts, cap_rings;
};

static double ring_area(const double *p, size_t n)
{
    double a = 0;
    for (size_t i = 0, j = n ? n - 1 : 0; i < n; j = i++)
        a += (p[2 * j] - p[2 * i]) * (p[2 * j + 1] + p[2 * i + 1]);
    return a / 2;
}

static int rings_add(struct rings *r, GEOSContextHandle_t h, const GEOSGeometry *ring, int hole)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
        return -1;
    if (r->npts + n > r->cap_pts) {
        size_t cap = r->cap_pts ? r->cap_pts : 256;
        while (cap < r->npts + n)
            cap *= 2;
        double *xy = realloc(r->xy, 2 * cap * sizeof *xy);
        if (!xy)
            return -1;
        r->xy = xy;
        r->cap_pts = cap;
    }
    if (r->n + 2 > r->cap_rings) {
        size_t cap = r->cap_rings ? 2 * r->cap_rings : 16;
        size_t *f = realloc(r->first, cap * sizeof *f);
        if (f)
            r->first = f;
        double *sg = f ? realloc(r->sign, cap * sizeof *sg) : NULL;
        if (sg)
            r->sign = sg;
        if (!f || !sg)
            return -1;
        r->cap_rings = cap;
    }
    r->first[r->n] = r->npts;
    for (unsigned int i = 0; i < n; i++)
        if (!GEOSCoordSeq_getXY_r(h, cs, i, &r->xy[2 * (r->npts + i)],
                                  &r->xy[2 * (r->npts + i) + 1]))
            return -1;
    double a = ring_area(r->xy + 2 * r->npts, n);
    r->sign[r->n] = (a < 0 ? -1.0 : 1.0) * (hole ? -1.0 : 1.0);
    r->npts += n;
    r->first[++r->n] = r->npts;
    return 0;
}

/* Sutherland–Hodgman against one axis-aligned half-plane (axis 0: x, 1: y; keep ≥ c when
 * above, else ≤ c). On a non-convex ring the result may run along the clip line and back, but
 * its shoelace area is the area of the ring's part on that side, which is all we take. */
static size_t clip(const double *in, size_t n, double *out, int axis, double c, int above)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const double *p = in + 2 * i, *q = in + 2 * ((i + 1) % n);
        int pin = above ? p[axis] >= c : p[axis] <= c, qin = above ? q[axis] >= c : q[axis] <= c;
        if (pin) {
            out[2 * m] = p[0], out[2 * m + 1] = p[1];
            m++;
        }
        if (pin != qin) {
            double t = (c - p[axis]) / (q[axis] - p[axis]);
            out[2 * m] = axis ? p[0] + t * (q[0] - p[0]) : c;
            out[2 * m + 1] = axis ? c : p[1] + t * (q[1] - p[1]);
            m++;
        }
    }
    return m;
}

/* The fraction of each listed cell of one row inside the polygon: each ring clipped to the
 * row's band, then to each cell's columns, by plain arithmetic (GEOS's clip allocated two
 * geometries per cell: most of the attribution's time). */
static int share_row(struct rs_zone_shares *s, const struct rs_grid *g, const struct rings *rg,
                     uint32_t zone, const size_t *cells, size_t n, double *buf, size_t bufpts)
{
    long row = (long)(cells[0] / (size_t)g->nx);
    double y0 = g->gt[3] + (double)row * g->gt[5], y1 = y0 + g->gt[5];
    double ymin = fmin(y0, y1), ymax = fmax(y0, y1);
    double cell_area = fabs(g->gt[1] * g->gt[5]);
    /* buf holds, per ring, its band (≤ 2n + 4 points after two clips) and scratch */
    double *band = buf, *tmp = buf + 2 * bufpts, *cellp = buf + 4 * bufpts;
    double *area = calloc(n, sizeof *area);
    if (!area)
        return -1;
    for (size_t r = 0; r < rg->n; r++) {
        size_t np = rg->first[r + 1] - rg->first[r];
        /* a closed ring repeats its first point: drop it */
        if (np > 1 && rg->xy[2 * rg->first[r]] == rg->xy[2 * (rg->first[r + 1] - 1)] &&
            rg->xy[2 * rg->first[r] + 1] == rg->xy[2 * (rg->first[r + 1] - 1) + 1])
            np--;
        size_t m = clip(rg->xy + 2 * rg->first[r], np, tmp, 1, ymin, 1);
        m = clip(tmp, m, band, 1, ymax, 0);
        if (m < 3)
            continue;
        for (size_t k = 0; k < n; k++) {
            long col = (long)(cells[k] % (size_t)g->nx);
            double x0 = g->gt[0] + (double)col * g->gt[1], x1 = x0 + g->gt[1];
            size_t q = clip(band, m, tmp, 0, fmin(x0, x1), 1);
            q = clip(tmp, q, cellp, 0, fmax(x0, x1), 0);
            if (q >= 3)
                area[k] += rg->sign[r] * ring_area(cellp, q);
        }
    }
    int rc = 0;
    for (size_t k = 0; !rc && k < n; k++)
        if (area[k] / cell_area > MIN_FRAC)
            rc = push_share(s, cells[k], zone, area[k] / cell_area);
    free(area);
    return rc;
}

int rs_zone_shares_add(struct rs_zone_shares *s, const struct rs_grid *g, GEOSContextHandle_t h,
                       const GEOSGeometry *polygon, uint32_t zone, struct ls_err *err)
{
    struct cells c = { 0 };
    struct rings rg = { 0 };
    double *buf = NULL;
    int rc = 0;
    int np = GEOSGetNumGeometries_r(h, polygon);
    for (int p = 0; !rc && p < np; p++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(h, polygon, p);
        if (GEOSGeomTypeId_r(h, part) != GEOS_POLYGON)
            continue;
        int nh = GEOSGetNumInteriorRings_r(h, part);
        for (int r = -1; !rc && r < nh; r++) {
            const GEOSGeometry *ring =
                r < 0 ? GEOSGetExteriorRing_r(h, part) : GEOSGetInteriorRingN_r(h, part, r);
            rc = walk_ring(&c, g, h, ring);
            if (!rc)
                rc = rings_add(&rg, h, ring, r >= 0);
        }
    }
    /* room for the longest ring clipped four times: each clip adds at most one point per
     * crossing, at most the ring's own count */
    size_t longest = 0;
    for (size_t r = 0; r < rg.n; r++)
        if (rg.first[r + 1] - rg.first[r] > longest)
            longest = rg.first[r + 1] - rg.first[r];
    size_t bufpts = 2 * longest + 8;
    if (!rc && c.n && !(buf = malloc(6 * bufpts * sizeof *buf)))
        rc = -1;
    if (!rc && c.n) {
        qsort(c.v, c.n, sizeof *c.v, cmp_size);
        size_t m = 1;
        for (size_t i = 1; i < c.n; i++)
            if (c.v[i] != c.v[m - 1])
                c.v[m++] = c.v[i];
        c.n = m;
        for (size_t i = 0; !rc && i < c.n;) {
            size_t j = i, row = c.v[i] / (size_t)g->nx;
            while (j < c.n && c.v[j] / (size_t)g->nx == row)
                j++;
            rc = share_row(s, g, &rg, zone, c.v + i, j - i, buf, bufpts);
            i = j;
        }
    }
    free(c.v);
    free(buf);
    free(rg.xy);
    free(rg.first);
    free(rg.sign);
    return rc ? ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL,
                           "cannot share the boundary cells of zone %u", (unsigned)zone)
              : 0;
}

static int cmp_share(const void *a, const void *b)
{
    const struct rs_zone_share *x = a, *y = b;
    if (x->cell != y->cell)
        return (x->cell > y->cell) - (x->cell < y->cell);
    return (x->zone > y->zone) - (x->zone < y->zone);
}

void rs_zone_shares_sort(struct rs_zone_shares *s)
{
    if (s->n)
        qsort(s->v, s->n, sizeof *s->v, cmp_share);
}

size_t rs_zone_shares_seek(const struct rs_zone_shares *s, size_t cell)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->v[mid].cell < cell)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void rs_zone_shares_free(struct rs_zone_shares *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}
