/*
 * raster/fill_parallel — priority-flood on bands of rows at once, the DEM in memory (Barnes
 * 2016, Algorithms 1–3; the band pieces are in raster/fill_band). Phase 1, per band: flood
 * from the band's own edges, every edge cell a label. Phase 2, once: the minimax levels of
 * the labels over their crossings, the crossings between bands and the outlets. Phase 3, per
 * band: each cell is raised to its label's level. The result is the unique lowest
 * depression-free surface, the same as the one-thread flood.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "raster/elev.h"
#include "raster/exec.h"
#include "raster/fill_band.h"
#include "raster/hydro.h"

struct band {
    struct rs_fband fb;
    const rs_elev *orig;
    uint32_t base; /* global label of the band's local label 1 */
    const rs_elev *level;
    size_t raised;
    double max_raise;
};

static void *raise_band(void *arg)
{
    struct band *b = arg;
    rs_fband_raise(&b->fb, b->orig, b->level, b->base, &b->raised, &b->max_raise);
    return NULL;
}

int rs_fill_parallel(const struct rs_grid *g, rs_elev *z, int threads, struct rs_fill_stats *stats,
                     struct ls_err *err)
{
    if (threads > 64)
        threads = 64;
    if (threads < 2 || g->ny < 64L * threads)
        return rs_fill(g, z, 0, stats, err);
    size_t n = rs_grid_cells(g), nx = (size_t)g->nx;
    uint32_t *lab = calloc(n, sizeof *lab);
    rs_elev *orig = malloc(n * sizeof *orig);
    rs_elev *level = NULL;
    struct band bands[64];
    struct rs_emap all = { 0 };
    int rc = 0;
    memset(bands, 0, sizeof bands);
    if (!lab || !orig) {
        rc = -1;
        goto done;
    }
    rs_zero_sign(z, n);
    memcpy(orig, z, n * sizeof *z);
    for (int t = 0; t < threads; t++) {
        long r0 = g->ny * t / threads, r1 = g->ny * (t + 1) / threads;
        bands[t].fb = (struct rs_fband){ .nx = g->nx,
                                         .nrows = r1 - r0,
                                         .top_edge = t == 0,
                                         .bottom_edge = t == threads - 1,
                                         .z = z + (size_t)r0 * nx,
                                         .lab = lab + (size_t)r0 * nx };
        bands[t].orig = orig + (size_t)r0 * nx;
    }
    rs_run_each(bands, sizeof *bands, threads, rs_fband_flood);
    uint32_t next = 1; /* label 0 is the outside of the grid */
    for (int t = 0; t < threads && !rc; t++) {
        struct rs_fband *fb = &bands[t].fb;
        rc = fb->rc;
        bands[t].base = next;
        if ((uint64_t)next + fb->nseeds >= UINT32_MAX)
            rc = -1;
        next += (uint32_t)fb->nseeds;
        if (!rc)
            rc = rs_fband_merge(&all, &fb->edges, bands[t].base);
        if (!rc && t > 0) { /* both rows are seeds, still unraised */
            const struct rs_fband *up = &bands[t - 1].fb;
            size_t last = (size_t)(up->nrows - 1) * nx;
            rc = rs_fband_join(&all, g->nx, up->lab + last, up->z + last, bands[t - 1].base,
                               fb->lab, fb->z, bands[t].base);
        }
    }
    if (rc)
        goto done;
    level = malloc((size_t)next * sizeof *level);
    if (!level || rs_fill_levels(&all, next, level)) {
        rc = -1;
        goto done;
    }
    for (int t = 0; t < threads; t++)
        bands[t].level = level;
    rs_run_each(bands, sizeof *bands, threads, raise_band);
    struct rs_fill_stats st = { 0 };
    for (int t = 0; t < threads; t++) {
        st.raised += bands[t].raised;
        st.max_raise = fmax(st.max_raise, bands[t].max_raise);
        st.seeds += bands[t].fb.outlets;
    }
    if (stats)
        *stats = st;
done:
    for (int t = 0; t < threads; t++)
        rs_fband_free(&bands[t].fb);
    rs_emap_free(&all);
    free(level);
    free(lab);
    free(orig);
    return rc ? ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory while filling") : 0;
}
