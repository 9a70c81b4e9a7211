/*
 * demo/terrain — coastline, rivers and elevation of the demo county: mountains to the west,
 * valleys along the rivers, a coastal plain, the sea to the east. Sizes scale with the extent
 * so every size has the same anatomy; fine relief is in absolute metres.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "demo/internal.h"
#include "demo/noise.h"

int demo_county_alloc(struct demo_county *c, struct ls_err *err)
{
    size_t n = (size_t)c->nx * (size_t)c->ny;
    float **f[] = {
        &c->elev,       &c->slope, &c->coast_dist, &c->river_dist, &c->precip, &c->et0,
        &c->soil_depth, &c->pawc,  &c->kfac,       &c->rfac,       &c->ndvi,   &c->npp
    };
    for (size_t k = 0; k < sizeof f / sizeof *f; k++)
        if (!(*f[k] = calloc(n, sizeof(float))))
            goto oom;
    if (!(c->sea = calloc(n, 1)) || !(c->inside = calloc(n, 1)) || !(c->river = calloc(n, 1)) ||
        !(c->zone = calloc(n, 1)) || !(c->township = calloc(n, 1)) || !(c->grade = calloc(n, 1)))
        goto oom;
    if (!(c->lc = calloc(n, sizeof *c->lc)) || !(c->lc_before = calloc(n, sizeof *c->lc)) ||
        !(c->village = calloc(n, sizeof *c->village)) || !(c->patch = calloc(n, sizeof *c->patch)))
        goto oom;
    return 0;
oom:
    demo_county_free(c);
    return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for a %dx%d county", c->nx,
                      c->ny);
}

void demo_county_free(struct demo_county *c)
{
    float *f[] = { c->elev,       c->slope, c->coast_dist, c->river_dist, c->precip, c->et0,
                   c->soil_depth, c->pawc,  c->kfac,       c->rfac,       c->ndvi,   c->npp };
    for (size_t k = 0; k < sizeof f / sizeof *f; k++)
        free(f[k]);
    free(c->sea);
    free(c->inside);
    free(c->river);
    free(c->zone);
    free(c->township);
    free(c->grade);
    free(c->lc);
    free(c->lc_before);
    free(c->village);
    free(c->patch);
    for (size_t i = 0; i < c->nrivers; i++)
        free(c->rivers[i].xy);
    free(c->rivers);
    free(c->towns);
    free(c->townships);
    free(c->villages);
    memset(c, 0, sizeof *c);
}

int demo_line_push(struct demo_line *l, double x, double y)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        double *p = realloc(l->xy, cap * 2 * sizeof *p);
        if (!p)
            return -LS_ENOMEM;
        l->xy = p;
        l->cap = cap;
    }
    l->xy[2 * l->n] = x;
    l->xy[2 * l->n + 1] = y;
    l->n++;
    return 0;
}

/* Two-pass 3-4 chamfer distance: within 8 % of Euclidean, plenty for shaping terrain. */
int demo_distance(const struct demo_county *c, const uint8_t *src, float *dist, struct ls_err *err)
{
    (void)err;
    const int nx = c->nx, ny = c->ny;
    const float big = 1e9f, a = 3.0f, b = 4.0f;
    for (size_t k = 0; k < (size_t)nx * (size_t)ny; k++)
        dist[k] = src[k] ? 0.0f : big;
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            float *d = &dist[demo_idx(c, i, j)];
            if (i > 0 && d[-1] + a < *d)
                *d = d[-1] + a;
            if (j > 0) {
                const float *up = &dist[demo_idx(c, i, j - 1)];
                if (up[0] + a < *d)
                    *d = up[0] + a;
                if (i > 0 && up[-1] + b < *d)
                    *d = up[-1] + b;
                if (i + 1 < nx && up[1] + b < *d)
                    *d = up[1] + b;
            }
        }
    for (int j = ny - 1; j >= 0; j--)
        for (int i = nx - 1; i >= 0; i--) {
            float *d = &dist[demo_idx(c, i, j)];
            if (i + 1 < nx && d[1] + a < *d)
                *d = d[1] + a;
            if (j + 1 < ny) {
                const float *dn = &dist[demo_idx(c, i, j + 1)];
                if (dn[0] + a < *d)
                    *d = dn[0] + a;
                if (i + 1 < nx && dn[1] + b < *d)
                    *d = dn[1] + b;
                if (i > 0 && dn[-1] + b < *d)
                    *d = dn[-1] + b;
            }
        }
    const float scale = (float)(c->cell / 3.0);
    for (size_t k = 0; k < (size_t)nx * (size_t)ny; k++)
        dist[k] *= scale;
    return 0;
}

/* Distance of the coast from the west edge (m) at northing offset v (m from the south edge). */
static double coast_offset(const struct demo_county *c, double v)
{
    double w = c->nx * c->cell, h = c->ny * c->cell;
    double t = v / h;
    double wobble = (demo_fbm1(c->seed ^ 0xC0A57ULL, t * 3.0, 4) - 0.5) * 0.14;
    double bays = 0.035 * sin(t * 2 * M_PI * 2.3 + 1.0) * demo_fbm1(c->seed ^ 0xBA75ULL, t * 6, 2);
    double fine = (demo_fbm1(c->seed ^ 0xF1EEULL, v / 700.0, 3) - 0.5) * 500.0 / w;
    return w * (0.74 + wobble + bays + fine);
}

static const char *const river_names[] = { "灵江",   "清溪",   "永宁江", "始丰溪", "永安溪",
                                           "白溪",   "大田溪", "义城港", "桃渚溪", "金清港",
                                           "亭旁溪", "海游溪", "牛头溪", "珠游溪" };

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

/* A meandering line from (xs, ys) to (xe, ye) in local metres (x from west, y from south). */
static int meander(struct demo_county *c, struct demo_line *l, double xs, double ys, double xe,
                   double ye, double amp, uint64_t seed)
{
    double len = hypot(xe - xs, ye - ys);
    int steps = (int)(len / (c->cell * 1.5)) + 2;
    double nx = -(ye - ys) / len, ny = (xe - xs) / len; /* left normal */
    double top = c->y0, left = c->x0, south = c->y0 - c->ny * c->cell;
    (void)top;
    for (int s = 0; s <= steps; s++) {
        double t = (double)s / steps;
        double off = amp * (demo_fbm1(seed, t * 5.0, 4) - 0.5) * 2.0 * sin(M_PI * t);
        double x = xs + (xe - xs) * t + nx * off, y = ys + (ye - ys) * t + ny * off;
        if (demo_line_push(l, left + x, south + y))
            return -LS_ENOMEM;
    }
    return 0;
}

static int make_rivers(struct demo_county *c, struct ls_err *err)
{
    double w = c->nx * c->cell, h = c->ny * c->cell;
    int nmain = c->size == DEMO_SMALL ? 3 : (c->size == DEMO_MEDIUM ? 5 : 8);
    int ntrib = c->size == DEMO_SMALL ? 1 : 2;
    struct ls_rng rng;
    ls_rng_seed(&rng, c->seed ^ 0x217E25ULL);
    c->rivers = calloc((size_t)(nmain * (1 + ntrib)), sizeof *c->rivers);
    if (!c->rivers)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (int r = 0; r < nmain; r++) {
        double ym = h * (0.1 + 0.8 * (r + 0.2 + 0.6 * ls_rng_uniform(&rng)) / nmain);
        double xm = coast_offset(c, ym) + 3 * c->cell;
        double xs = w * (0.03 + 0.1 * ls_rng_uniform(&rng));
        double ys = clampd(ym + (ls_rng_uniform(&rng) - 0.5) * 0.35 * h, 0.04 * h, 0.96 * h);
        /* in a province, the first river crosses the border: out through the south border
         * of the county upstream, in through the north border of the county downstream */
        if (r == 0 && c->river_out_x_m > 0) {
            xm = c->river_out_x_m;
            ym = 0;
        }
        if (r == 0 && c->river_in_x_m > 0) {
            xs = c->river_in_x_m;
            ys = h;
        }
        struct demo_line *main = &c->rivers[c->nrivers++];
        main->main = 1;
        snprintf(main->name, sizeof main->name, "%s", river_names[r % 14]);
        if (meander(c, main, xs, ys, xm, ym, 0.05 * w, c->seed + 31u * (uint64_t)r))
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        for (int t = 0; t < ntrib; t++) {
            size_t at = (size_t)((0.3 + 0.35 * ls_rng_uniform(&rng)) * (double)main->n);
            double jx = main->xy[2 * at] - c->x0, jy = main->xy[2 * at + 1] - (c->y0 - h);
            double side = (t % 2) ? 1.0 : -1.0;
            double tx = clampd(jx - w * (0.08 + 0.12 * ls_rng_uniform(&rng)), 0.02 * w, w);
            double ty =
                clampd(jy + side * h * (0.08 + 0.1 * ls_rng_uniform(&rng)), 0.02 * h, 0.98 * h);
            struct demo_line *trib = &c->rivers[c->nrivers++];
            snprintf(trib->name, sizeof trib->name, "%s支流%d", main->name, t + 1);
            if (meander(c, trib, tx, ty, jx, jy, 0.02 * w, c->seed + 977u * (uint64_t)(r * 7 + t)))
                return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        }
    }
    return 0;
}

/* Marks river channel cells along each line, wider downstream. */
static void burn_rivers(struct demo_county *c)
{
    for (size_t r = 0; r < c->nrivers; r++) {
        const struct demo_line *l = &c->rivers[r];
        for (size_t k = 0; k + 1 < l->n; k++) {
            double t = (double)k / (double)l->n;
            if (r == 0 && c->river_in_x_m > 0)
                t = 0.5 + 0.5 * t; /* already the size it left the county upstream with */
            double width = l->main ? 12.0 + 70.0 * t * t : 8.0 + 12.0 * t;
            double rad = fmax(0.5, width / 2.0 / c->cell);
            double x0 = l->xy[2 * k], y0 = l->xy[2 * k + 1];
            double dx = l->xy[2 * k + 2] - x0, dy = l->xy[2 * k + 3] - y0;
            int steps = (int)(hypot(dx, dy) / (c->cell * 0.5)) + 1;
            for (int s = 0; s < steps; s++) {
                double fi = (x0 + dx * s / steps - c->x0) / c->cell;
                double fj = (c->y0 - (y0 + dy * s / steps)) / c->cell;
                int r0 = (int)ceil(rad);
                for (int dj = -r0; dj <= r0; dj++)
                    for (int di = -r0; di <= r0; di++) {
                        int i = (int)floor(fi) + di, j = (int)floor(fj) + dj;
                        if (i < 0 || j < 0 || i >= c->nx || j >= c->ny)
                            continue;
                        double ex = i + 0.5 - fi, ey = j + 0.5 - fj;
                        if (ex * ex + ey * ey <= rad * rad)
                            c->river[demo_idx(c, i, j)] = 1;
                    }
            }
        }
    }
}

/* Separable box blur of radius r, `passes` times (approaches a Gaussian). */
static int blur(const struct demo_county *c, float *v, int r, int passes, struct ls_err *err)
{
    size_t nmax = (size_t)(c->nx > c->ny ? c->nx : c->ny);
    double *line = malloc((nmax + 1) * sizeof *line);
    if (!line)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (int p = 0; p < passes; p++)
        for (int axis = 0; axis < 2; axis++) {
            int len = axis ? c->ny : c->nx, count = axis ? c->nx : c->ny;
            for (int a = 0; a < count; a++) {
                line[0] = 0;
                for (int t = 0; t < len; t++) {
                    size_t k = axis ? demo_idx(c, a, t) : demo_idx(c, t, a);
                    line[t + 1] = line[t] + v[k];
                }
                for (int t = 0; t < len; t++) {
                    int lo = t - r < 0 ? 0 : t - r, hi = t + r + 1 > len ? len : t + r + 1;
                    size_t k = axis ? demo_idx(c, a, t) : demo_idx(c, t, a);
                    v[k] = (float)((line[hi] - line[lo]) / (hi - lo));
                }
            }
        }
    free(line);
    return 0;
}

static double smoothstep(double a, double b, double x)
{
    double t = clampd((x - a) / (b - a), 0, 1);
    return t * t * (3 - 2 * t);
}

int demo_terrain(struct demo_county *c, struct ls_err *err)
{
    const double w = c->nx * c->cell, h = c->ny * c->cell;
    for (int j = 0; j < c->ny; j++) {
        double v = h - (j + 0.5) * c->cell;
        double coast = coast_offset(c, v);
        for (int i = 0; i < c->nx; i++) {
            double u = (i + 0.5) * c->cell;
            size_t k = demo_idx(c, i, j);
            c->coast_dist[k] = (float)(coast - u);
            c->sea[k] = u > coast;
        }
    }
    int rc = make_rivers(c, err);
    if (rc)
        return rc;
    burn_rivers(c);
    for (size_t k = 0; k < (size_t)c->nx * (size_t)c->ny; k++)
        c->river[k] = c->river[k] && !c->sea[k];
    rc = demo_distance(c, c->river, c->river_dist, err);
    float *raw = rc ? NULL : malloc((size_t)c->nx * (size_t)c->ny * sizeof *raw);
    if (!rc && !raw)
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    if (!rc) {
        memcpy(raw, c->river_dist, (size_t)c->nx * (size_t)c->ny * sizeof *raw);
        /* blurred away from the river, where the channel's cell steps would show as cliffs;
         * exact next to it, so the valley floor meets the channel */
        rc = blur(c, c->river_dist, 4, 2, err);
        for (size_t k = 0; !rc && k < (size_t)c->nx * (size_t)c->ny; k++) {
            float wt = raw[k] / 300.0f > 1.0f ? 1.0f : raw[k] / 300.0f;
            c->river_dist[k] = (1.0f - wt) * raw[k] + wt * c->river_dist[k];
        }
    }
    free(raw);
    if (rc)
        return rc;
    const uint64_t s = c->seed;
    for (int j = 0; j < c->ny; j++)
        for (int i = 0; i < c->nx; i++) {
            size_t k = demo_idx(c, i, j);
            double x = demo_cx(c, i) - c->x0, y = demo_cy(c, j) - (c->y0 - h);
            double dc = c->coast_dist[k];
            if (c->sea[k]) {
                c->elev[k] = (float)-fmin(60.0, 1.0 + (-dc) / 150.0);
                continue;
            }
            double inland = clampd(dc / (0.62 * w), 0, 1);
            double floor_z = 1.5 + 160.0 * pow(inland, 1.5);
            double mountain = smoothstep(0.18, 0.65, inland);
            double valley = 220.0 + 900.0 * mountain;
            double rise = 1.0 - exp(-c->river_dist[k] / valley);
            double big = demo_fbm2(s + 11, x / (0.22 * w), y / (0.22 * w), 5, 0.55);
            double peak = 1250.0 * mountain * (0.3 + 0.7 * big);
            /* coastal headlands: isolated hills on the plain */
            double head = demo_fbm2(s + 13, x / 2500.0, y / 2500.0, 3, 0.5);
            double hills = (1.0 - mountain) * 180.0 * smoothstep(0.62, 0.8, head) * rise;
            double rough =
                (demo_fbm2(s + 17, x / 600.0, y / 600.0, 3, 0.5) - 0.5) * (4.0 + 60.0 * mountain);
            double z = floor_z + rise * peak + hills + rough * (0.3 + rise);
            if (c->river[k])
                z = floor_z - 1.0;
            c->elev[k] = (float)fmax(z, 0.5);
        }
    /* slope in degrees (Horn), edges clamped */
    for (int j = 0; j < c->ny; j++)
        for (int i = 0; i < c->nx; i++) {
            int im = i > 0 ? i - 1 : i, ip = i + 1 < c->nx ? i + 1 : i;
            int jm = j > 0 ? j - 1 : j, jp = j + 1 < c->ny ? j + 1 : j;
#define Z(a, b) ((double)c->elev[demo_idx(c, (a), (b))])
            double dzdx =
                ((Z(ip, jm) + 2 * Z(ip, j) + Z(ip, jp)) - (Z(im, jm) + 2 * Z(im, j) + Z(im, jp))) /
                (8 * c->cell);
            double dzdy =
                ((Z(im, jp) + 2 * Z(i, jp) + Z(ip, jp)) - (Z(im, jm) + 2 * Z(i, jm) + Z(ip, jm))) /
                (8 * c->cell);
#undef Z
            c->slope[demo_idx(c, i, j)] = (float)(atan(hypot(dzdx, dzdy)) * 180.0 / M_PI);
        }
    return 0;
}
