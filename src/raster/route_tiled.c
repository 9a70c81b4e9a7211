/*
 * raster/route_tiled — D8 routing out of core. The fill streams the DEM into a scratch file
 * (raster/fill_tiled); directions are computed band by band from it, and the accumulation
 * band by band from the directions. What one band needs of another is a boundary row: the
 * flat distances (and which cells are flat) of the rows next to it, then the totals (and
 * which are final) of those rows. Bands are swept down, then up, and so on, revisiting only
 * the bands whose neighbour's boundary changed in a way that reaches them, until nothing
 * changes; because flat distances and pulled totals are functions of the grid alone, the
 * result is the in-memory one whatever the bands. T bands are visited at once; their
 * boundary rows are committed in band order after the visit. Compiled for each elevation type
 * (raster/elev): the filled DEM keeps the input's precision in its scratch file.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "raster/acc_band.h"
#include "raster/elev.h"
#include "raster/exec.h"
#include "raster/mfd_tiled.h"
#include "raster/route_band.h"
#include "raster/route_down.h"
#include "raster/scratch.h"
#include "raster/sweep.h"
#include "raster/tiled.h"

/* ---- directions ---- */

struct dvisit {
    struct rs_rband rb;
    rs_elev *zbuf;                  /* (rows + 2) × nx */
    uint32_t *dist;                 /* rows × nx */
    uint8_t *undec_top, *undec_bot; /* flat cells of the first and last rows (before flats) */
    const uint32_t *above, *below;
    int rc;
};

static void *dir_visit(void *arg)
{
    struct dvisit *v = arg;
    long nx = v->rb.g->nx, last = (v->rb.nrows - 1) * nx;
    rs_rband_steepest(&v->rb);
    for (long c = 0; c < nx; c++) {
        v->undec_top[c] = v->rb.dir[c] == RS_D8_UNDECIDED;
        v->undec_bot[c] = v->rb.dir[last + c] == RS_D8_UNDECIDED;
    }
    v->rc = rs_rband_flats(&v->rb, v->dist, v->above, v->below);
    return NULL;
}

struct bounds_d {
    uint32_t *top, *bot;  /* nb × nx distances of each band's first and last rows */
    uint8_t *utop, *ubot; /* nb × nx: flat cells there */
};

/*
 * Stores band k's new boundary distances; marks a neighbour dirty when a changed cell touches
 * one of its flat cells of the same elevation (zrow: the band's row, zn: the neighbour's).
 */
static void commit_dist(const struct rs_plan *p, uint8_t *dirty, const uint32_t *row,
                        uint32_t *stored, const uint8_t *n_undec, const rs_elev *zrow,
                        const rs_elev *zn, long neighbour)
{
    long nx = p->g->nx;
    for (long c = 0; c < nx; c++) {
        if (row[c] == stored[c])
            continue;
        stored[c] = row[c];
        if (neighbour < 0 || neighbour >= p->nb || dirty[neighbour])
            continue;
        for (long d = c > 0 ? c - 1 : 0; d <= c + 1 && d < nx; d++)
            if (n_undec[d] && zn[d] == zrow[c])
                dirty[neighbour] = 1;
    }
}

static int directions(const struct rs_route_job *job, const struct rs_plan *p,
                      struct rs_scratch *zs, struct rs_scratch *ds, struct dvisit *vis,
                      struct rs_route_stats *st, struct ls_err *err)
{
    long nx = p->g->nx, nb = p->nb;
    size_t row_cells = (size_t)nb * (size_t)nx;
    struct bounds_d bd = { malloc(row_cells * sizeof(uint32_t)),
                           malloc(row_cells * sizeof(uint32_t)), malloc(row_cells),
                           malloc(row_cells) };
    uint8_t *dirty = malloc((size_t)nb);
    int rc = 0;
    if (!bd.top || !bd.bot || !bd.utop || !bd.ubot || !dirty) {
        rc = ls_err_set(err, LS_ENOMEM, job->dem->path, NULL, NULL,
                        "out of memory for the boundary rows of %ld bands", nb);
        goto done;
    }
    for (size_t i = 0; i < row_cells; i++) {
        bd.top[i] = bd.bot[i] = RS_FLAT_FAR;
        bd.utop[i] = bd.ubot[i] = 1;
    }
    memset(dirty, 1, (size_t)nb);
    long list[64];
    for (int sweep = 0; !rc && rs_any_dirty(dirty, nb); sweep++) {
        struct rs_sweep w;
        rs_sweep_start(&w, p, sweep % 2 == 0);
        int m;
        while (!rc && (m = rs_sweep_next(&w, dirty, list)) > 0) {
            for (int t = 0; t < m && !rc; t++) {
                long b = list[t], r0 = rs_band_r0(p, b), n = rs_band_n(p, b);
                struct dvisit *v = &vis[t];
                v->rb.row0 = r0;
                v->rb.nrows = n;
                v->above = b > 0 ? bd.bot + (size_t)(b - 1) * (size_t)nx : NULL;
                v->below = b < nb - 1 ? bd.top + (size_t)(b + 1) * (size_t)nx : NULL;
                rc = rs_scratch_read(zs, r0 - 1, n + 2, v->zbuf, err);
            }
            if (rc)
                break;
            rs_run_each(vis, sizeof *vis, m, dir_visit);
            st->dir_visits += m;
            for (int t = 0; t < m && !rc; t++) {
                long b = list[t], n = rs_band_n(p, b);
                struct dvisit *v = &vis[t];
                if (v->rc) {
                    rc = ls_err_set(err, LS_ENOMEM, job->dem->path, NULL, NULL,
                                    "out of memory resolving flats");
                    break;
                }
                size_t off = (size_t)b * (size_t)nx;
                memcpy(bd.utop + off, v->undec_top, (size_t)nx);
                memcpy(bd.ubot + off, v->undec_bot, (size_t)nx);
                const rs_elev *z = v->zbuf + nx; /* the band's first row */
                commit_dist(p, dirty, v->dist, bd.top + off,
                            b > 0 ? bd.ubot + off - (size_t)nx : NULL, z, z - nx, b - 1);
                commit_dist(p, dirty, v->dist + (size_t)(n - 1) * (size_t)nx, bd.bot + off,
                            b < nb - 1 ? bd.utop + off + (size_t)nx : NULL, z + (n - 1) * nx,
                            z + n * nx, b + 1);
                rc = rs_scratch_write(ds, v->rb.row0, n, v->rb.dir, err);
            }
        }
    }
done:
    free(bd.top);
    free(bd.bot);
    free(bd.utop);
    free(bd.ubot);
    free(dirty);
    return rc;
}

/* ---- accumulation ---- */

struct avisit {
    struct rs_aband ab;
    uint8_t *dbuf;  /* (rows + 2) × nx directions */
    uint8_t *flags; /* rows × nx stream cells, when distances follow */
};

static void *acc_visit(void *arg)
{
    struct avisit *v = arg;
    v->ab.nan_weights = 0;
    rs_aband_run(&v->ab);
    return NULL;
}

struct bounds_a {
    double *top, *bot;    /* nb × nx totals of each band's first and last rows */
    uint8_t *ftop, *fbot; /* nb × nx: final there */
};

/* Stores the row's newly final totals; the neighbour is dirty when one of them drains into it
 * (codes first..first+2: NE, N, NW up; SW, S, SE down). */
static void commit_acc(const struct rs_plan *p, uint8_t *dirty, const struct rs_aband *ab, long r,
                       double *stored, uint8_t *fin, int first, long neighbour)
{
    long nx = p->g->nx;
    const double *acc = ab->acc + r * nx;
    const uint8_t *state = ab->state + r * nx, *dir = ab->dir + r * nx;
    for (long c = 0; c < nx; c++) {
        if (fin[c] || state[c] != RS_ACC_FINAL)
            continue;
        fin[c] = 1;
        stored[c] = acc[c];
        if (neighbour >= 0 && neighbour < p->nb && dir[c] >= first && dir[c] <= first + 2)
            dirty[neighbour] = 1;
    }
}

static int read_acc_band(const struct rs_route_job *job, const struct rs_plan *p,
                         struct rs_scratch *ds, struct bounds_a *ba, struct avisit *v, long b,
                         struct ls_err *err)
{
    long nx = p->g->nx, r0 = rs_band_r0(p, b), n = rs_band_n(p, b);
    size_t off = (size_t)b * (size_t)nx;
    v->ab.row0 = r0;
    v->ab.nrows = n;
    v->ab.above = b > 0 ? ba->bot + off - (size_t)nx : NULL;
    v->ab.above_final = b > 0 ? ba->fbot + off - (size_t)nx : NULL;
    v->ab.below = b < p->nb - 1 ? ba->top + off + (size_t)nx : NULL;
    v->ab.below_final = b < p->nb - 1 ? ba->ftop + off + (size_t)nx : NULL;
    int rc = rs_scratch_read(ds, r0 - 1, n + 2, v->dbuf, err);
    if (!rc && job->weight)
        rc = rs_source_read_f32(job->weight, 0, r0, nx, n, (float *)v->ab.weight, err);
    return rc;
}

/* Marks the band's stream cells (accumulation ≥ threshold) into the streams' scratch file. */
static int write_streams(const struct rs_route_job *job, const struct rs_aband *ab,
                         struct rs_scratch *ss, uint8_t *flags, struct ls_err *err)
{
    size_t n = (size_t)ab->nrows * (size_t)ab->g->nx;
    for (size_t i = 0; i < n; i++)
        flags[i] = ab->acc[i] >= job->stream_threshold; /* false for nodata */
    return rs_scratch_write(ss, ab->row0, ab->nrows, flags, err);
}

static int accumulation(const struct rs_route_job *job, const struct rs_plan *p,
                        struct rs_scratch *ds, struct rs_scratch *ss, struct avisit *vis,
                        struct rs_route_stats *st, struct ls_err *err)
{
    long nx = p->g->nx, nb = p->nb;
    size_t row_cells = (size_t)nb * (size_t)nx;
    struct bounds_a ba = { malloc(row_cells * sizeof(double)), malloc(row_cells * sizeof(double)),
                           calloc(row_cells, 1), calloc(row_cells, 1) };
    uint8_t *dirty = malloc((size_t)nb);
    int rc = 0;
    if (!ba.top || !ba.bot || !ba.ftop || !ba.fbot || !dirty) {
        rc = ls_err_set(err, LS_ENOMEM, job->dem->path, NULL, NULL,
                        "out of memory for the boundary rows of %ld bands", nb);
        goto done;
    }
    memset(dirty, 1, (size_t)nb);
    long list[64];
    for (int sweep = 0; !rc && rs_any_dirty(dirty, nb); sweep++) {
        struct rs_sweep w;
        rs_sweep_start(&w, p, sweep % 2 == 0);
        int m;
        while (!rc && (m = rs_sweep_next(&w, dirty, list)) > 0) {
            for (int t = 0; t < m && !rc; t++)
                rc = read_acc_band(job, p, ds, &ba, &vis[t], list[t], err);
            if (rc)
                break;
            rs_run_each(vis, sizeof *vis, m, acc_visit);
            st->acc_visits += m;
            for (int t = 0; t < m; t++) {
                long b = list[t], n = rs_band_n(p, b);
                size_t off = (size_t)b * (size_t)nx;
                commit_acc(p, dirty, &vis[t].ab, 0, ba.top + off, ba.ftop + off, 1, b - 1);
                commit_acc(p, dirty, &vis[t].ab, n - 1, ba.bot + off, ba.fbot + off, 5, b + 1);
            }
        }
    }
    /* every boundary settled: one more visit of each band gives its final totals, in order */
    for (long k0 = 0; k0 < nb && !rc; k0 += p->threads) {
        int m = nb - k0 < p->threads ? (int)(nb - k0) : p->threads;
        for (int t = 0; t < m && !rc; t++)
            rc = read_acc_band(job, p, ds, &ba, &vis[t], k0 + t, err);
        if (rc)
            break;
        rs_run_each(vis, sizeof *vis, m, acc_visit);
        for (int t = 0; t < m && !rc; t++) {
            const struct rs_aband *ab = &vis[t].ab;
            size_t n = (size_t)ab->nrows * (size_t)nx;
            for (size_t i = 0; i < n && !rc; i++)
                if (ab->state[i] != RS_ACC_FINAL)
                    rc = ls_err_set(err, LS_EINTERNAL, job->dem->path, NULL, NULL,
                                    "accumulation did not settle at row %ld",
                                    ab->row0 + (long)(i / (size_t)nx));
            st->nan_weights += ab->nan_weights;
            if (!rc)
                rc = job->acc_rows(job->ctx, ab->row0, ab->nrows, ab->acc, err);
            if (!rc && ss)
                rc = write_streams(job, ab, ss, vis[t].flags, err);
        }
    }
done:
    free(ba.top);
    free(ba.bot);
    free(ba.ftop);
    free(ba.fbot);
    free(dirty);
    return rc;
}

/* ---- the pipeline ---- */

static int rows_to_scratch(void *ctx, long row0, long nrows, const rs_elev *rows,
                           struct ls_err *err)
{
    return rs_scratch_write(ctx, row0, nrows, rows, err);
}

static int emit_directions(const struct rs_route_job *job, const struct rs_plan *p,
                           struct rs_scratch *ds, uint8_t *buf, struct ls_err *err)
{
    int rc = 0;
    for (long k = 0; k < p->nb && !rc; k++) {
        rc = rs_scratch_read(ds, rs_band_r0(p, k), rs_band_n(p, k), buf, err);
        if (!rc)
            rc = job->dir_rows(job->ctx, rs_band_r0(p, k), rs_band_n(p, k), buf, err);
    }
    return rc;
}

int rs_route_tiled_elev(const struct rs_route_job *job, const struct rs_tiled_opts *o,
                        struct rs_route_stats *stats, struct ls_err *err)
{
    const struct rs_grid *g = &job->dem->grid;
    struct rs_plan p = rs_plan_make(g, o->band_rows, o->threads);
    struct rs_route_stats st = { .bands = p.nb };
    struct rs_scratch zs = { -1, 0, 0, 0 }, ds = { -1, 0, 0, 0 };
    size_t nx = (size_t)g->nx, band = (size_t)p.rows * nx;
    struct dvisit dv[64];
    struct avisit av[64];
    memset(dv, 0, sizeof dv);
    memset(av, 0, sizeof av);
    struct rs_tiled_opts fo = { p.threads, p.rows };
    int rc = rs_scratch_open(&zs, job->scratch_near, g->nx, g->ny, sizeof(rs_elev), err);
    if (!rc)
        rc = rs_fill_tiled(job->dem, &fo, rows_to_scratch, &zs, &st.fill, err);
    if (!rc)
        rc = rs_scratch_open(&ds, job->scratch_near, g->nx, g->ny, 1, err);
    for (int t = 0; t < p.threads && !rc; t++) {
        dv[t].zbuf = malloc((band + 2 * nx) * sizeof(rs_elev));
        dv[t].dist = malloc(band * sizeof(uint32_t));
        dv[t].rb = (struct rs_rband){ g, 0, 0, dv[t].zbuf + nx, malloc(band), job->outward };
        dv[t].undec_top = malloc(nx);
        dv[t].undec_bot = malloc(nx);
        if (!dv[t].zbuf || !dv[t].dist || !dv[t].rb.dir || !dv[t].undec_top || !dv[t].undec_bot)
            rc = ls_err_set(err, LS_ENOMEM, job->dem->path, NULL, NULL,
                            "out of memory for %d bands of %ld rows", p.threads, p.rows);
    }
    if (!rc)
        rc = directions(job, &p, &zs, &ds, dv, &st, err);
    if (!job->mfd) /* MFD weighs the drops: it reads the filled DEM again */
        rs_scratch_close(&zs);
    if (!rc && job->dir_rows)
        rc = emit_directions(job, &p, &ds, dv[0].rb.dir, err);
    for (int t = 0; t < p.threads; t++) {
        free(dv[t].zbuf);
        free(dv[t].dist);
        free(dv[t].rb.dir);
        free(dv[t].undec_top);
        free(dv[t].undec_bot);
    }
    for (int t = 0; t < p.threads && !rc && job->acc_rows && !job->mfd; t++) {
        av[t].dbuf = malloc(band + 2 * nx);
        av[t].ab = (struct rs_aband){ .g = g,
                                      .dir = av[t].dbuf ? av[t].dbuf + nx : NULL,
                                      .weight = job->weight ? malloc(band * sizeof(float)) : NULL,
                                      .acc = malloc(band * sizeof(double)),
                                      .state = malloc(band) };
        if (!av[t].dbuf || (job->weight && !av[t].ab.weight) || !av[t].ab.acc || !av[t].ab.state)
            rc = ls_err_set(err, LS_ENOMEM, job->dem->path, NULL, NULL,
                            "out of memory for %d bands of %ld rows", p.threads, p.rows);
    }
    struct rs_scratch ss = { -1, 0, 0, 0 };
    int distance = job->acc_rows && job->down == RS_ROUTE_DOWN_DISTANCE;
    if (!rc && distance)
        rc = rs_scratch_open(&ss, job->scratch_near, g->nx, g->ny, 1, err);
    for (int t = 0; t < p.threads && !rc && distance; t++)
        if (!(av[t].flags = malloc(band)))
            rc = ls_err_set(err, LS_ENOMEM, job->dem->path, NULL, NULL, "out of memory");
    if (!rc && job->acc_rows && job->mfd) {
        struct rs_mfd_job mj = { &p,
                                 &zs,
                                 &ds,
                                 job->weight,
                                 job->exponent,
                                 job->scratch_near,
                                 job->dem->path,
                                 job->acc_rows,
                                 job->ctx };
        rc = rs_mfd_tiled(&mj, &st.acc_visits, &st.nan_weights, err);
    } else if (!rc && job->acc_rows) {
        rc = accumulation(job, &p, &ds, distance ? &ss : NULL, av, &st, err);
    }
    rs_scratch_close(&zs);
    for (int t = 0; t < p.threads; t++) {
        free(av[t].flags);
        free(av[t].dbuf);
        free((float *)av[t].ab.weight);
        free(av[t].ab.acc);
        free(av[t].ab.state);
    }
    const size_t *outlets = NULL;
    size_t n_outlets = 0;
    if (!rc && job->acc_rows && job->down == RS_ROUTE_DOWN_LABELS)
        rc = job->outlets(job->ctx, &outlets, &n_outlets, err);
    if (!rc && job->acc_rows && job->down != RS_ROUTE_DOWN_NONE) {
        struct rs_down_job dj = { &p,       &ds,           distance ? &ss : NULL,
                                  outlets,  n_outlets,     job->down_rows,
                                  job->ctx, job->dem->path };
        rc = rs_down_tiled(&dj, &st.down_visits, err);
    }
    rs_scratch_close(&ss);
    rs_scratch_close(&ds);
    if (!rc && stats)
        *stats = st;
    return rc;
}
