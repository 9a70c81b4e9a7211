/*
 * raster/route_down — downstream values out of core: watershed labels or distance to stream,
 * band by band from the directions' scratch file (raster/down_band does a band). What one
 * band needs of another is the value of the boundary row its paths cross into; bands are swept
 * up and down, a band revisited when a boundary cell its paths enter became known, until
 * nothing changes; then each band is visited once more and its rows go out in order.
 */
#include "raster/route_down.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "raster/down_band.h"
#include "raster/exec.h"
#include "raster/hydro.h"

struct visit {
    struct rs_dband b;
    uint8_t *dbuf; /* (rows + 2) × nx directions */
    uint8_t *sbuf; /* rows × nx stream flags (distance) */
    int rc;
};

static void *run_visit(void *arg)
{
    struct visit *v = arg;
    v->rc = rs_dband_run(&v->b);
    return NULL;
}

struct bounds {
    double *top, *bot;    /* nb × nx values of each band's first and last rows */
    uint8_t *ftop, *fbot; /* nb × nx: known there */
};

/* Reads band k and sets its given values: nodata, then outlets or stream cells. */
static int load_band(const struct rs_down_job *j, struct bounds *bd, struct visit *v, long k,
                     struct ls_err *err)
{
    const struct rs_plan *p = j->plan;
    long nx = p->g->nx, r0 = rs_band_r0(p, k), n = rs_band_n(p, k);
    size_t off = (size_t)k * (size_t)nx, cells = (size_t)n * (size_t)nx;
    struct rs_dband *b = &v->b;
    b->row0 = r0;
    b->nrows = n;
    b->above = k > 0 ? bd->bot + off - (size_t)nx : NULL;
    b->above_final = k > 0 ? bd->fbot + off - (size_t)nx : NULL;
    b->below = k < p->nb - 1 ? bd->top + off + (size_t)nx : NULL;
    b->below_final = k < p->nb - 1 ? bd->ftop + off + (size_t)nx : NULL;
    int rc = rs_scratch_read(j->dirs, r0 - 1, n + 2, v->dbuf, err);
    if (!rc && j->streams)
        rc = rs_scratch_read(j->streams, r0, n, v->sbuf, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < cells; i++) {
        int nodata = b->dir[i] == RS_D8_NODATA;
        int given = nodata || (j->streams && v->sbuf[i]);
        b->val[i] = nodata ? b->off : 0;
        b->state[i] = given ? RS_DOWN_FINAL : RS_DOWN_OPEN;
    }
    size_t first = (size_t)r0 * (size_t)nx;
    for (size_t q = j->n_outlets; q-- > 0;) { /* the first outlet given wins a shared cell */
        size_t c = j->outlets[q];
        if (c >= first && c - first < cells && b->dir[c - first] != RS_D8_NODATA) {
            b->val[c - first] = (double)(q + 1);
            b->state[c - first] = RS_DOWN_FINAL;
        }
    }
    return 0;
}

/*
 * Stores row r's newly known values; the neighbour (whose boundary row is `nrow`, local) is
 * dirty when one of its cells there drains into such a cell.
 */
static void commit_row(const struct rs_plan *p, uint8_t *dirty, const struct rs_dband *b, long r,
                       double *stored, uint8_t *fin, long nrow, long neighbour)
{
    long nx = p->g->nx;
    for (long c = 0; c < nx; c++) {
        size_t i = (size_t)(r * nx + c);
        if (fin[c] || b->state[i] != RS_DOWN_FINAL)
            continue;
        fin[c] = 1;
        stored[c] = b->val[i];
        if (neighbour < 0 || neighbour >= p->nb || dirty[neighbour])
            continue;
        for (long d = c > 0 ? c - 1 : 0; d <= c + 1 && d < nx; d++) {
            int k = b->dir[nrow * nx + d];
            if (k < 8 && nrow + rs_d8_dy[k] == r && d + rs_d8_dx[k] == c)
                dirty[neighbour] = 1;
        }
    }
}

static int settle(const struct rs_down_job *j, struct bounds *bd, struct visit *vis, long *visits,
                  struct ls_err *err)
{
    const struct rs_plan *p = j->plan;
    long nx = p->g->nx, nb = p->nb;
    uint8_t *dirty = malloc((size_t)nb);
    if (!dirty)
        return ls_err_set(err, LS_ENOMEM, j->name, NULL, NULL, "out of memory");
    memset(dirty, 1, (size_t)nb);
    long list[64];
    int rc = 0;
    for (int sweep = 0; !rc && rs_any_dirty(dirty, nb); sweep++) {
        struct rs_sweep w;
        rs_sweep_start(&w, p, sweep % 2 != 0); /* upstream first: values flow up from outlets */
        int m;
        while (!rc && (m = rs_sweep_next(&w, dirty, list)) > 0) {
            for (int t = 0; t < m && !rc; t++)
                rc = load_band(j, bd, &vis[t], list[t], err);
            if (rc)
                break;
            rs_run_each(vis, sizeof *vis, m, run_visit);
            *visits += m;
            for (int t = 0; t < m && !rc; t++) {
                long k = list[t], n = rs_band_n(p, k);
                size_t off = (size_t)k * (size_t)nx;
                if (vis[t].rc) {
                    rc = ls_err_set(err, LS_ENOMEM, j->name, NULL, NULL, "out of memory");
                    break;
                }
                commit_row(p, dirty, &vis[t].b, 0, bd->top + off, bd->ftop + off, -1, k - 1);
                commit_row(p, dirty, &vis[t].b, n - 1, bd->bot + off, bd->fbot + off, n, k + 1);
            }
        }
    }
    free(dirty);
    return rc;
}

static int emit(const struct rs_down_job *j, struct bounds *bd, struct visit *vis, long *visits,
                struct ls_err *err)
{
    const struct rs_plan *p = j->plan;
    long nx = p->g->nx;
    int rc = 0;
    for (long k0 = 0; k0 < p->nb && !rc; k0 += p->threads) {
        int m = p->nb - k0 < p->threads ? (int)(p->nb - k0) : p->threads;
        for (int t = 0; t < m && !rc; t++)
            rc = load_band(j, bd, &vis[t], k0 + t, err);
        if (rc)
            break;
        rs_run_each(vis, sizeof *vis, m, run_visit);
        *visits += m;
        for (int t = 0; t < m && !rc; t++) {
            const struct rs_dband *b = &vis[t].b;
            size_t n = (size_t)b->nrows * (size_t)nx;
            if (vis[t].rc)
                rc = ls_err_set(err, LS_ENOMEM, j->name, NULL, NULL, "out of memory");
            for (size_t i = 0; i < n && !rc; i++)
                if (b->state[i] != RS_DOWN_FINAL)
                    rc = ls_err_set(err, LS_EINTERNAL, j->name, NULL, NULL,
                                    "a downstream path did not settle at row %ld",
                                    b->row0 + (long)(i / (size_t)nx));
            if (!rc)
                rc = j->emit(j->ctx, b->row0, b->nrows, b->val, err);
        }
    }
    return rc;
}

int rs_down_tiled(const struct rs_down_job *j, long *visits, struct ls_err *err)
{
    const struct rs_plan *p = j->plan;
    size_t nx = (size_t)p->g->nx, band = (size_t)p->rows * nx, row_cells = (size_t)p->nb * nx;
    struct bounds bd = { malloc(row_cells * sizeof(double)), malloc(row_cells * sizeof(double)),
                         calloc(row_cells, 1), calloc(row_cells, 1) };
    struct visit vis[64];
    memset(vis, 0, sizeof vis);
    int rc = 0;
    if (!bd.top || !bd.bot || !bd.ftop || !bd.fbot)
        rc = ls_err_set(err, LS_ENOMEM, j->name, NULL, NULL,
                        "out of memory for the boundary rows of %ld bands", p->nb);
    for (int t = 0; t < p->threads && !rc; t++) {
        struct visit *v = &vis[t];
        v->dbuf = malloc(band + 2 * nx);
        v->sbuf = j->streams ? malloc(band) : NULL;
        v->b = (struct rs_dband){ .g = p->g,
                                  .dir = v->dbuf ? v->dbuf + nx : NULL,
                                  .distance = j->streams != NULL,
                                  .off = j->streams ? NAN : 0,
                                  .val = malloc(band * sizeof(double)),
                                  .state = malloc(band) };
        if (!v->dbuf || (j->streams && !v->sbuf) || !v->b.val || !v->b.state)
            rc = ls_err_set(err, LS_ENOMEM, j->name, NULL, NULL,
                            "out of memory for %d bands of %ld rows", p->threads, p->rows);
    }
    *visits = 0;
    if (!rc)
        rc = settle(j, &bd, vis, visits, err);
    if (!rc)
        rc = emit(j, &bd, vis, visits, err);
    for (int t = 0; t < 64; t++) {
        free(vis[t].dbuf);
        free(vis[t].sbuf);
        free(vis[t].b.val);
        free(vis[t].b.state);
        rs_dband_free(&vis[t].b);
    }
    free(bd.top);
    free(bd.bot);
    free(bd.ftop);
    free(bd.fbot);
    return rc;
}
