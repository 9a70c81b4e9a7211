/* raster/mfd_tiled — resumable MFD accumulation over two staggered cuts of the grid. */
#include "raster/mfd_tiled.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "raster/elev.h"
#include "raster/exec.h"
#include "raster/hydro.h"
#include "raster/mfd_band.h"

struct visit {
    struct rs_mband b;
    rs_elev *zbuf;          /* rows -2 .. n+1 */
    uint8_t *dbuf;          /* rows -1 .. n */
    float *wbuf;            /* rows 0 .. n-1 */
    double *abuf;           /* rows -1 .. n totals */
    uint8_t *sbuf;          /* rows -1 .. n states */
    uint8_t *fin_a, *fin_b; /* rows -1 and n: final */
    int rc;
};

struct files {
    const struct rs_mfd_job *j;
    struct rs_scratch acc, state;
};

static void *run_visit(void *arg)
{
    struct visit *v = arg;
    v->rc = rs_mband_run(&v->b);
    return NULL;
}

/* Band `k` of cut `cut` (the second shifted by half a band): its first row and row count. */
static int cut_band(const struct rs_plan *p, int cut, long k, long *r0, long *n)
{
    long shift = cut ? p->rows / 2 : 0, start, end;
    if (shift == 0) {
        start = k * p->rows;
        end = start + p->rows;
    } else {
        start = k == 0 ? 0 : shift + (k - 1) * p->rows;
        end = k == 0 ? shift : start + p->rows;
    }
    if (start >= p->g->ny)
        return 0;
    *r0 = start;
    *n = (end > p->g->ny ? p->g->ny : end) - start;
    return 1;
}

static int load(struct files *f, struct visit *v, long r0, long n, struct ls_err *err)
{
    const struct rs_mfd_job *j = f->j;
    long nx = j->plan->g->nx;
    int rc = rs_scratch_read(j->z, r0 - 2, n + 4, v->zbuf, err);
    if (!rc)
        rc = rs_scratch_read(j->dirs, r0 - 1, n + 2, v->dbuf, err);
    if (!rc)
        rc = rs_scratch_read(&f->acc, r0 - 1, n + 2, v->abuf, err);
    if (!rc)
        rc = rs_scratch_read(&f->state, r0 - 1, n + 2, v->sbuf, err);
    if (!rc && j->weight)
        rc = rs_source_read_f32(j->weight, 0, r0, nx, n, v->wbuf, err);
    if (rc)
        return rc;
    for (long c = 0; c < nx; c++) {
        v->fin_a[c] = v->sbuf[c] == RS_MFD_FINAL;
        v->fin_b[c] = v->sbuf[(size_t)(n + 1) * (size_t)nx + (size_t)c] == RS_MFD_FINAL;
    }
    struct rs_mband *b = &v->b;
    b->row0 = r0;
    b->nrows = n;
    b->above = r0 > 0 ? v->abuf : NULL;
    b->above_final = v->fin_a;
    b->below = r0 + n < j->plan->g->ny ? v->abuf + (size_t)(n + 1) * (size_t)nx : NULL;
    b->below_final = v->fin_b;
    b->nan_weights = 0;
    return 0;
}

/* Writes the band's totals and states back. */
static int store(struct files *f, struct visit *v, struct ls_err *err)
{
    int rc = rs_scratch_write(&f->acc, v->b.row0, v->b.nrows, v->b.acc, err);
    if (!rc)
        rc = rs_scratch_write(&f->state, v->b.row0, v->b.nrows, v->b.state, err);
    return rc;
}

/* What a cut's bands need: their rows, when each was last visited, and whether it must be. */
struct cut {
    struct rs_plan plan; /* nb: this cut's bands */
    long r0[1 << 16], n[1 << 16];
    long seen[1 << 16]; /* the visit count at its last visit, -1: never */
    uint8_t dirty[1 << 16];
};

/* Band k needs a visit when it has open cells and a row it reads changed since its last. */
static int needs_visit(const struct cut *c, long k, const long *open_rows, const long *stamp,
                       long ny)
{
    long open = 0, newest = -1;
    for (long r = c->r0[k] - 1; r <= c->r0[k] + c->n[k]; r++) {
        if (r < 0 || r >= ny)
            continue;
        if (r >= c->r0[k] && r < c->r0[k] + c->n[k])
            open += open_rows[r];
        if (stamp[r] > newest)
            newest = stamp[r];
    }
    return open > 0 && (c->seen[k] < 0 || newest > c->seen[k]);
}

/*
 * One sweep over a cut, down or up (T runs of bands at once, as raster/sweep walks them):
 * each band visited resumes from the scratch files and writes its rows back, and its
 * neighbours are reconsidered as the sweep reaches them, so a river crossing many bands is
 * followed in one sweep.
 */
static int sweep_cut(struct files *f, struct visit *vis, struct cut *c, int down, long *open_rows,
                     long *stamp, long *visits, long *settled, size_t *nanw, struct ls_err *err)
{
    long ny = f->j->plan->g->ny;
    size_t nx = (size_t)f->j->plan->g->nx;
    for (long k = 0; k < c->plan.nb; k++)
        c->dirty[k] = (uint8_t)needs_visit(c, k, open_rows, stamp, ny);
    struct rs_sweep w;
    rs_sweep_start(&w, &c->plan, down);
    long list[64];
    int m, rc = 0;
    while (!rc && (m = rs_sweep_next(&w, c->dirty, list)) > 0) {
        for (int t = 0; t < m && !rc; t++)
            rc = load(f, &vis[t], c->r0[list[t]], c->n[list[t]], err);
        if (rc)
            break;
        rs_run_each(vis, sizeof *vis, m, run_visit);
        for (int t = 0; t < m && !rc; t++) {
            long k = list[t], before = 0, open = 0;
            if (vis[t].rc) {
                rc = ls_err_set(err, LS_ENOMEM, f->j->name, NULL, NULL, "out of memory");
                break;
            }
            rc = store(f, &vis[t], err);
            *nanw += vis[t].b.nan_weights;
            for (long r = 0; r < c->n[k]; r++) {
                long o = 0, row = c->r0[k] + r;
                for (size_t col = 0; col < nx; col++)
                    o += vis[t].b.state[(size_t)r * nx + col] != RS_MFD_FINAL;
                before += open_rows[row];
                open += o;
                if (o != open_rows[row])
                    stamp[row] = *visits + 1;
                open_rows[row] = o;
            }
            *settled += before - open;
            c->seen[k] = ++*visits;
        }
        for (int t = 0; t < m; t++) /* the sweep may reach a neighbour now worth a visit */
            for (long k = list[t] - 1; k <= list[t] + 1; k += 2)
                if (k >= 0 && k < c->plan.nb && !c->dirty[k])
                    c->dirty[k] = (uint8_t)needs_visit(c, k, open_rows, stamp, ny);
    }
    return rc;
}

/* The bands of cut `which` (the second shifted by half a band). */
static int make_cut(const struct rs_plan *p, int which, struct cut *c, struct ls_err *err,
                    const char *name)
{
    c->plan = *p;
    long k = 0, r0, n;
    while (cut_band(p, which, k, &r0, &n)) {
        if (k >= (1 << 16))
            return ls_err_set(err, LS_EINVAL, name, NULL, "mem",
                              "more than 65,536 bands; raise --mem or --strip");
        c->r0[k] = r0;
        c->n[k] = n;
        c->seen[k] = -1;
        k++;
    }
    c->plan.nb = k;
    if (c->plan.threads > k)
        c->plan.threads = (int)k;
    return 0;
}

static int emit(struct files *f, struct visit *v, struct ls_err *err)
{
    const struct rs_plan *p = f->j->plan;
    int rc = 0;
    for (long k = 0; k < p->nb && !rc; k++) {
        long r0 = rs_band_r0(p, k), n = rs_band_n(p, k);
        rc = rs_scratch_read(&f->acc, r0, n, v->b.acc, err);
        if (!rc)
            rc = f->j->emit(f->j->ctx, r0, n, v->b.acc, err);
    }
    return rc;
}

int rs_mfd_tiled(const struct rs_mfd_job *j, long *visits, size_t *nan_weights, struct ls_err *err)
{
    const struct rs_plan *p = j->plan;
    const struct rs_grid *g = p->g;
    size_t nx = (size_t)g->nx, rows = (size_t)p->rows;
    struct files f = { j, { -1, 0, 0, 0 }, { -1, 0, 0, 0 } };
    struct visit vis[64];
    memset(vis, 0, sizeof vis);
    long *open_rows = malloc((size_t)g->ny * sizeof *open_rows);
    int rc = open_rows ? 0 : ls_err_set(err, LS_ENOMEM, j->name, NULL, NULL, "out of memory");
    if (!rc)
        rc = rs_scratch_open(&f.acc, j->scratch_near, g->nx, g->ny, sizeof(double), err);
    if (!rc)
        rc = rs_scratch_open(&f.state, j->scratch_near, g->nx, g->ny, 1, err);
    for (int t = 0; t < p->threads && !rc; t++) {
        struct visit *v = &vis[t];
        v->zbuf = malloc((rows + 4) * nx * sizeof(rs_elev));
        v->dbuf = malloc((rows + 2) * nx);
        v->wbuf = j->weight ? malloc(rows * nx * sizeof(float)) : NULL;
        v->abuf = malloc((rows + 2) * nx * sizeof(double));
        v->sbuf = malloc((rows + 2) * nx);
        v->fin_a = malloc(nx);
        v->fin_b = malloc(nx);
        if (!v->zbuf || !v->dbuf || (j->weight && !v->wbuf) || !v->abuf || !v->sbuf || !v->fin_a ||
            !v->fin_b) {
            rc = ls_err_set(err, LS_ENOMEM, j->name, NULL, NULL,
                            "out of memory for %d bands of %ld rows", p->threads, p->rows);
            break;
        }
        v->b = (struct rs_mband){ .g = g,
                                  .z = v->zbuf + 2 * nx,
                                  .dir = v->dbuf + nx,
                                  .weight = v->wbuf,
                                  .exponent = j->exponent,
                                  .acc = v->abuf + nx,
                                  .state = v->sbuf + nx };
    }
    *visits = 0;
    *nan_weights = 0;
    struct cut *cuts = rc ? NULL : malloc(2 * sizeof *cuts);
    long *stamp = rc ? NULL : calloc((size_t)g->ny, sizeof *stamp);
    if (!rc && (!cuts || !stamp))
        rc = ls_err_set(err, LS_ENOMEM, j->name, NULL, NULL, "out of memory");
    for (int c = 0; c < 2 && !rc; c++)
        rc = make_cut(p, c, &cuts[c], err, j->name);
    long open = 0, stalled = 0;
    for (long r = 0; !rc && r < g->ny; r++)
        open += open_rows[r] = g->nx;
    /* sweeps: first cut down and up, then the shifted cut down and up, and again */
    for (int i = 0; !rc && open > 0; i++) {
        long settled = 0;
        rc = sweep_cut(&f, vis, &cuts[(i / 2) % 2], i % 2 == 0, open_rows, stamp, visits, &settled,
                       nan_weights, err);
        open -= settled;
        stalled = settled ? 0 : stalled + 1;
        if (!rc && stalled > 4)
            rc = ls_err_set(err, LS_EINTERNAL, j->name, NULL, NULL,
                            "MFD accumulation stopped with %ld cells open", open);
    }
    if (!rc)
        rc = emit(&f, &vis[0], err);
    for (int t = 0; t < 64; t++) {
        rs_mband_free(&vis[t].b);
        free(vis[t].zbuf);
        free(vis[t].dbuf);
        free(vis[t].wbuf);
        free(vis[t].abuf);
        free(vis[t].sbuf);
        free(vis[t].fin_a);
        free(vis[t].fin_b);
    }
    rs_scratch_close(&f.acc);
    rs_scratch_close(&f.state);
    free(open_rows);
    free(cuts);
    free(stamp);
    return rc;
}
