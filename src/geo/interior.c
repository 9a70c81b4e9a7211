/* geo/interior — see interior.h. */
#include "geo/interior.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct rd {
    const unsigned char *p, *end;
    int swap; /* the WKB's byte order is not this machine's */
};

static int u32(struct rd *r, uint32_t *v)
{
    if (r->end - r->p < 4)
        return 0;
    unsigned char b[4];
    memcpy(b, r->p, 4);
    if (r->swap) {
        unsigned char t = b[0];
        b[0] = b[3], b[3] = t, t = b[1], b[1] = b[2], b[2] = t;
    }
    memcpy(v, b, 4);
    r->p += 4;
    return 1;
}

static double f64(const unsigned char *p, int swap)
{
    unsigned char b[8];
    memcpy(b, p, 8);
    if (swap)
        for (int i = 0; i < 4; i++) {
            unsigned char t = b[i];
            b[i] = b[7 - i], b[7 - i] = t;
        }
    double d;
    memcpy(&d, b, 8);
    return d;
}

/* A geometry header: byte order and type; *dims the ordinates per point (2, 3 or 4). */
static int header(struct rd *r, uint32_t *type, int *dims)
{
    if (r->p >= r->end)
        return 0;
    static const uint16_t one = 1;
    int little = *(const unsigned char *)&one;
    r->swap = (*r->p == 1) != little;
    if (*r->p > 1)
        return 0;
    r->p++;
    uint32_t t;
    if (!u32(r, &t))
        return 0;
    /* extended WKB flags (PostGIS) and ISO thousands both say Z and M */
    int z = (t & 0x80000000u) || (t % 10000 >= 1000 && t % 10000 < 2000) || t % 10000 >= 3000;
    int m = (t & 0x40000000u) || (t % 10000 >= 2000);
    *type = (t & 0x0fffffffu) % 1000;
    *dims = 2 + z + m;
    return 1;
}

struct scan {
    double *xs;
    size_t n, cap;
};

static int push(struct scan *s, double x)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 64;
        double *nx = realloc(s->xs, nc * sizeof *nx);
        if (!nx)
            return 0;
        s->xs = nx;
        s->cap = nc;
    }
    s->xs[s->n++] = x;
    return 1;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One polygon at r: its rings' crossings with its own middle line; the widest inside interval
 * so far goes to *best (width) and *x, *y. 0 when the WKB is malformed. */
static int polygon(struct rd *r, int dims, struct scan *s, double *best, double *x, double *y)
{
    uint32_t nrings;
    if (!u32(r, &nrings))
        return 0;
    const unsigned char *rings = r->p;
    size_t stride = (size_t)dims * 8;
    /* the exterior ring's height gives the line */
    double ymin = 0, ymax = 0;
    for (uint32_t k = 0; k < nrings; k++) {
        uint32_t np;
        if (!u32(r, &np) || (size_t)(r->end - r->p) / stride < np)
            return 0;
        for (uint32_t i = 0; k == 0 && i < np; i++) {
            double v = f64(r->p + i * stride + 8, r->swap);
            if (i == 0 || v < ymin)
                ymin = v;
            if (i == 0 || v > ymax)
                ymax = v;
        }
        r->p += (size_t)np * stride;
    }
    if (!nrings || !(ymax > ymin))
        return 1;
    /* the line between the two vertex heights nearest the middle, as GEOS chooses it
     * (ScanLineYOrdinateFinder): it meets no vertex, and the point is the one GEOS gives */
    double centre = ymin + (ymax - ymin) / 2, lo = ymin, hi = ymax;
    const unsigned char *p = rings;
    for (uint32_t k = 0; k < nrings; k++) {
        uint32_t np = 0;
        struct rd t = { p, r->end, r->swap };
        u32(&t, &np);
        p += 4;
        for (uint32_t i = 0; i < np; i++) {
            double v = f64(p + i * stride + 8, r->swap);
            if (v <= centre) {
                if (v > lo)
                    lo = v;
            } else if (v < hi) {
                hi = v;
            }
        }
        p += (size_t)np * stride;
    }
    double line = lo + (hi - lo) / 2;
    s->n = 0;
    p = rings;
    for (uint32_t k = 0; k < nrings; k++) {
        uint32_t np = 0;
        struct rd t = { p, r->end, r->swap };
        u32(&t, &np); /* read and checked in the first pass */
        p += 4;
        for (uint32_t i = 0; i + 1 < np; i++) {
            const unsigned char *a = p + i * stride, *b = a + stride;
            double x1 = f64(a, r->swap), y1 = f64(a + 8, r->swap);
            double x2 = f64(b, r->swap), y2 = f64(b + 8, r->swap);
            /* half-open: a vertex on the line counts once, so crossings pair up */
            if ((y1 <= line && line < y2) || (y2 <= line && line < y1)) {
                if (!push(s, x1 + (line - y1) / (y2 - y1) * (x2 - x1)))
                    return 0;
            }
        }
        p += (size_t)np * stride;
    }
    qsort(s->xs, s->n, sizeof *s->xs, cmp);
    for (size_t i = 0; i + 1 < s->n; i += 2) {
        double w = s->xs[i + 1] - s->xs[i];
        if (w > *best) {
            *best = w;
            *x = s->xs[i] + w / 2;
            *y = line;
        }
    }
    return 1;
}

int geo_wkb_interior_point(const unsigned char *wkb, size_t n, double *x, double *y)
{
    struct rd r = { wkb, wkb + n, 0 };
    uint32_t type;
    int dims;
    struct scan s = { 0 };
    double best = 0;
    int ok = wkb && header(&r, &type, &dims);
    if (ok && type == 3) {
        ok = polygon(&r, dims, &s, &best, x, y);
    } else if (ok && type == 6) {
        uint32_t parts;
        ok = u32(&r, &parts);
        for (uint32_t i = 0; ok && i < parts; i++) {
            uint32_t t;
            int d;
            ok = header(&r, &t, &d) && t == 3 && polygon(&r, d, &s, &best, x, y);
        }
    } else {
        ok = 0;
    }
    free(s.xs);
    return ok && best > 0;
}
