/* geo/geom — see geom.h. */
#include "geo/geom.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void geo_mpoly_free(struct geo_mpoly *m)
{
    if (!m)
        return;
    for (size_t p = 0; p < m->npolys; p++) {
        for (size_t r = 0; r < m->polys[p].nrings; r++)
            free(m->polys[p].rings[r].xy);
        free(m->polys[p].rings);
    }
    free(m->polys);
    m->polys = NULL;
    m->npolys = 0;
}

int geo_mpoly_add_ring(struct geo_mpoly *m, size_t poly, const double *xy, size_t n,
                       struct ls_err *err)
{
    if (poly >= m->npolys) {
        struct geo_poly *np = realloc(m->polys, (poly + 1) * sizeof *np);
        if (!np)
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory adding a polygon");
        memset(np + m->npolys, 0, (poly + 1 - m->npolys) * sizeof *np);
        m->polys = np;
        m->npolys = poly + 1;
    }
    struct geo_poly *p = &m->polys[poly];
    struct geo_ring *nr = realloc(p->rings, (p->nrings + 1) * sizeof *nr);
    if (!nr)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory adding a ring");
    p->rings = nr;
    double *copy = malloc((n ? n : 1) * 2 * sizeof *copy);
    if (!copy)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory copying %zu points", n);
    if (n)
        memcpy(copy, xy, n * 2 * sizeof *copy);
    p->rings[p->nrings].xy = copy;
    p->rings[p->nrings].n = n;
    p->nrings++;
    return 0;
}

size_t geo_mpoly_vertex_count(const struct geo_mpoly *m)
{
    size_t n = 0;
    for (size_t p = 0; p < m->npolys; p++)
        for (size_t r = 0; r < m->polys[p].nrings; r++)
            n += m->polys[p].rings[r].n;
    return n;
}

size_t geo_ring_distinct_points(const double *xy, size_t n, size_t enough)
{
    size_t distinct = 0;
    for (size_t i = 0; i < n && distinct < enough; i++) {
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = xy[2 * k] == xy[2 * i] && xy[2 * k + 1] == xy[2 * i + 1];
        distinct += !seen;
    }
    return distinct;
}

double geo_ring_signed_area_planar(const double *xy, size_t n)
{
    if (n < 3)
        return 0.0;
    /* Shifting to the first vertex keeps precision with 8-digit zone-prefixed eastings. */
    double x0 = xy[0], y0 = xy[1], s = 0.0;
    for (size_t i = 0; i < n; i++) {
        size_t j = (i + 1) % n;
        s += (xy[2 * i] - x0) * (xy[2 * j + 1] - y0) - (xy[2 * j] - x0) * (xy[2 * i + 1] - y0);
    }
    return s / 2.0;
}

double geo_mpoly_area_planar(const struct geo_mpoly *m)
{
    double a = 0.0;
    for (size_t p = 0; p < m->npolys; p++)
        for (size_t r = 0; r < m->polys[p].nrings; r++) {
            double ar =
                fabs(geo_ring_signed_area_planar(m->polys[p].rings[r].xy, m->polys[p].rings[r].n));
            a += r == 0 ? ar : -ar;
        }
    return a;
}

int geo_ring_densify(const double *xy, size_t n, double max_len, double **out, size_t *out_n,
                     struct ls_err *err)
{
    if (!(max_len > 0))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "max_len", "densify step must be > 0");
    size_t total = n;
    for (size_t i = 0; i + 1 < n; i++) {
        double d = hypot(xy[2 * i + 2] - xy[2 * i], xy[2 * i + 3] - xy[2 * i + 1]);
        total += (size_t)ceil(d / max_len);
    }
    double *o = malloc((total ? total : 1) * 2 * sizeof *o);
    if (!o)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory densifying a ring");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        o[2 * k] = xy[2 * i];
        o[2 * k + 1] = xy[2 * i + 1];
        k++;
        if (i + 1 == n)
            break;
        double dx = xy[2 * i + 2] - xy[2 * i], dy = xy[2 * i + 3] - xy[2 * i + 1];
        size_t parts = (size_t)ceil(hypot(dx, dy) / max_len);
        for (size_t s = 1; s < parts; s++) {
            double t = (double)s / (double)parts;
            o[2 * k] = xy[2 * i] + t * dx;
            o[2 * k + 1] = xy[2 * i + 1] + t * dy;
            k++;
        }
    }
    *out = o;
    *out_n = k;
    return 0;
}

/* Point-in-ring (even-odd). */
static int point_in_ring(double x, double y, const double *xy, size_t n)
{
    int in = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        double xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
        if (((yi > y) != (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi))
            in = !in;
    }
    return in;
}

int geo_mpoly_nest(const struct geo_mpoly *rings, struct geo_mpoly *out, struct ls_err *err)
{
    size_t nr = rings->npolys;
    int *depth = calloc(nr ? nr : 1, sizeof *depth);
    long *parent = malloc((nr ? nr : 1) * sizeof *parent);
    size_t *poly_of = malloc((nr ? nr : 1) * sizeof *poly_of);
    if (!depth || !parent || !poly_of) {
        free(depth);
        free(parent);
        free(poly_of);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    /* depth = how many other rings contain this one's first vertex; parent = the smallest */
    for (size_t i = 0; i < nr; i++) {
        const struct geo_ring *ri = &rings->polys[i].rings[0];
        parent[i] = -1;
        double best = INFINITY;
        for (size_t k = 0; k < nr; k++) {
            const struct geo_ring *rk = &rings->polys[k].rings[0];
            if (k == i || ri->n == 0 || !point_in_ring(ri->xy[0], ri->xy[1], rk->xy, rk->n))
                continue;
            depth[i]++;
            double ak = fabs(geo_ring_signed_area_planar(rk->xy, rk->n));
            if (ak < best) {
                best = ak;
                parent[i] = (long)k;
            }
        }
    }
    /* Crossing rings (invalid input) can make a ring's container a hole itself: such a ring
     * becomes an outer ring of its own, and validation reports the geometry. */
    for (size_t i = 0; i < nr; i++)
        if (depth[i] % 2 == 1 && (parent[i] < 0 || depth[parent[i]] % 2 == 1))
            depth[i] = 0;
    int rc = 0;
    size_t base = out->npolys, np = 0;
    for (size_t i = 0; i < nr; i++)
        poly_of[i] = (size_t)-1;
    for (size_t i = 0; i < nr && !rc; i++)
        if (depth[i] % 2 == 0) {
            poly_of[i] = base + np++;
            rc = geo_mpoly_add_ring(out, poly_of[i], rings->polys[i].rings[0].xy,
                                    rings->polys[i].rings[0].n, err);
        }
    for (size_t i = 0; i < nr && !rc; i++)
        if (depth[i] % 2 == 1)
            rc = geo_mpoly_add_ring(out, poly_of[parent[i]], rings->polys[i].rings[0].xy,
                                    rings->polys[i].rings[0].n, err);
    free(poly_of);
    free(depth);
    free(parent);
    return rc;
}
