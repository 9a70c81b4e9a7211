/*
 * raster/fill_tiled — Barnes 2016's priority-flood out of core. Pass 1 reads band after band
 * (one per thread at a time), floods each from its own edges and keeps only its crossings
 * and the labels of its last row; the levels are solved once over the whole graph; pass 2
 * reads and floods each band again — the same flood gives the same labels — and raises its
 * cells to their labels' levels. Memory: the bands in flight plus the graph (about 2·nx
 * labels per band boundary). Compiled for each elevation type (raster/elev).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "raster/elev.h"
#include "raster/exec.h"
#include "raster/fill_band.h"
#include "raster/tiled.h"

struct tband {
    struct rs_fband fb;
    rs_elev *buf;  /* (rows + 2) × nx: the row above, the band, the row below */
    rs_elev *orig; /* the band's rows as read (pass 2) */
    long r0;
    uint32_t base;
    const rs_elev *level;
    size_t raised;
    double max_raise;
};

static int read_band(struct rs_source *src, struct tband *b, long r0, long rows, struct ls_err *err)
{
    long nx = src->grid.nx, ny = src->grid.ny;
    long n = r0 + rows > ny ? ny - r0 : rows;
    rs_fband_free(&b->fb);
    uint32_t *lab = b->fb.lab;
    memset(lab, 0, (size_t)n * (size_t)nx * sizeof *lab);
    b->r0 = r0;
    b->raised = 0;
    b->max_raise = 0;
    b->fb = (struct rs_fband){ .nx = nx,
                               .nrows = n,
                               .top_edge = r0 == 0,
                               .bottom_edge = r0 + n == ny,
                               .z = b->buf + nx,
                               .lab = lab };
    int rc = rs_source_read_elev(src, 0, r0 - 1, nx, n + 2, b->buf, err);
    rs_zero_sign(b->buf, (size_t)(n + 2) * (size_t)nx);
    return rc;
}

static void *flood_and_raise(void *arg)
{
    struct tband *b = arg;
    size_t n = (size_t)b->fb.nrows * (size_t)b->fb.nx;
    memcpy(b->orig, b->fb.z, n * sizeof *b->orig);
    rs_fband_flood(&b->fb);
    if (!b->fb.rc)
        rs_fband_raise(&b->fb, b->orig, b->level, b->base, &b->raised, &b->max_raise);
    return NULL;
}

/* Pass 1: the crossing graph of every band and between bands; bases[k] per band. */
static int build_graph(struct rs_source *src, struct tband *tb, int threads, long rows, long nbands,
                       uint32_t *bases, struct rs_emap *all, uint32_t *nlabels, size_t *outlets,
                       struct ls_err *err)
{
    long nx = src->grid.nx;
    uint32_t *prev_lab = malloc((size_t)nx * sizeof *prev_lab);
    rs_elev *prev_z = malloc((size_t)nx * sizeof *prev_z);
    uint32_t next = 1; /* label 0 is the outside of the grid */
    int rc = prev_lab && prev_z ? 0 : -LS_ENOMEM;
    for (long k0 = 0; k0 < nbands && !rc; k0 += threads) {
        int m = nbands - k0 < threads ? (int)(nbands - k0) : threads;
        for (int t = 0; t < m && !rc; t++)
            rc = read_band(src, &tb[t], (k0 + t) * rows, rows, err);
        if (rc)
            break;
        rs_run_each(tb, sizeof *tb, m, rs_fband_flood);
        for (int t = 0; t < m && !rc; t++) {
            struct rs_fband *fb = &tb[t].fb;
            bases[k0 + t] = next;
            if (fb->rc || (uint64_t)next + fb->nseeds >= UINT32_MAX) {
                rc = -LS_ENOMEM;
                break;
            }
            next += (uint32_t)fb->nseeds;
            *outlets += fb->outlets;
            if (rs_fband_merge(all, &fb->edges, bases[k0 + t]) ||
                (k0 + t > 0 && rs_fband_join(all, nx, prev_lab, prev_z, bases[k0 + t - 1], fb->lab,
                                             fb->z, bases[k0 + t]))) {
                rc = -LS_ENOMEM;
                break;
            }
            size_t last = (size_t)(fb->nrows - 1) * (size_t)nx;
            memcpy(prev_lab, fb->lab + last, (size_t)nx * sizeof *prev_lab);
            memcpy(prev_z, fb->z + last, (size_t)nx * sizeof *prev_z);
        }
    }
    free(prev_lab);
    free(prev_z);
    *nlabels = next;
    if (rc == -LS_ENOMEM)
        rc = ls_err_set(err, LS_ENOMEM, src->path, NULL, NULL,
                        "out of memory while filling (the graph of %u labels)", next);
    return rc;
}

int rs_fill_tiled(struct rs_source *src, const struct rs_tiled_opts *o, rs_rows_elev_fn emit,
                  void *ctx, struct rs_fill_stats *stats, struct ls_err *err)
{
    const struct rs_grid *g = &src->grid;
    int threads = o->threads < 1 ? 1 : o->threads > 64 ? 64 : o->threads;
    long rows = o->band_rows < 1 ? 1 : o->band_rows > g->ny ? g->ny : o->band_rows;
    long nbands = (g->ny + rows - 1) / rows;
    if (nbands < threads)
        threads = (int)nbands;
    size_t band_cells = (size_t)rows * (size_t)g->nx;
    struct tband tb[64];
    memset(tb, 0, sizeof tb);
    uint32_t *bases = malloc((size_t)nbands * sizeof *bases), nlabels = 0;
    rs_elev *level = NULL;
    struct rs_emap all = { 0 };
    struct rs_fill_stats st = { 0 };
    int rc = bases ? 0 : -1;
    for (int t = 0; t < threads && !rc; t++) {
        tb[t].buf = malloc((band_cells + 2 * (size_t)g->nx) * sizeof(rs_elev));
        tb[t].orig = malloc(band_cells * sizeof(rs_elev));
        tb[t].fb.lab = malloc(band_cells * sizeof(uint32_t));
        rc = tb[t].buf && tb[t].orig && tb[t].fb.lab ? 0 : -1;
    }
    if (rc) {
        rc = ls_err_set(err, LS_ENOMEM, src->path, NULL, NULL,
                        "out of memory for %d bands of %ld rows", threads, rows);
        goto done;
    }
    rc = build_graph(src, tb, threads, rows, nbands, bases, &all, &nlabels, &st.seeds, err);
    if (!rc && nlabels == 1)
        rc = ls_err_set(err, LS_EINVAL, src->path, NULL, NULL, "every cell is nodata");
    if (!rc && (!(level = malloc((size_t)nlabels * sizeof *level)) ||
                rs_fill_levels(&all, nlabels, level)))
        rc = ls_err_set(err, LS_ENOMEM, src->path, NULL, NULL,
                        "out of memory while solving the levels of %u labels", nlabels);
    st.labels = nlabels;
    st.crossings = all.n;
    rs_emap_free(&all);
    for (long k0 = 0; k0 < nbands && !rc; k0 += threads) {
        int m = nbands - k0 < threads ? (int)(nbands - k0) : threads;
        for (int t = 0; t < m && !rc; t++) {
            rc = read_band(src, &tb[t], (k0 + t) * rows, rows, err);
            tb[t].base = bases[k0 + t];
            tb[t].level = level;
        }
        if (rc)
            break;
        rs_run_each(tb, sizeof *tb, m, flood_and_raise);
        for (int t = 0; t < m && !rc; t++) {
            if (tb[t].fb.rc)
                rc = ls_err_set(err, LS_ENOMEM, src->path, NULL, NULL,
                                "out of memory while filling");
            else
                rc = emit(ctx, tb[t].r0, tb[t].fb.nrows, tb[t].fb.z, err);
            st.raised += tb[t].raised;
            st.max_raise = fmax(st.max_raise, tb[t].max_raise);
        }
    }
    if (!rc && stats)
        *stats = st;
done:
    for (int t = 0; t < threads; t++) {
        rs_fband_free(&tb[t].fb);
        free(tb[t].fb.lab);
        free(tb[t].buf);
        free(tb[t].orig);
    }
    rs_emap_free(&all);
    free(level);
    free(bases);
    return rc;
}
