/* raster/sweep — band plans and dirty-band sweeps for out-of-core routing. */
#include "raster/sweep.h"

struct rs_plan rs_plan_make(const struct rs_grid *g, long rows, int threads)
{
    struct rs_plan p = { g,
                         rows < 1       ? 1
                         : rows > g->ny ? g->ny
                                        : rows,
                         0,
                         threads < 1    ? 1
                         : threads > 64 ? 64
                                        : threads };
    p.nb = (g->ny + p.rows - 1) / p.rows;
    if (p.nb < p.threads)
        p.threads = (int)p.nb;
    return p;
}

void rs_sweep_start(struct rs_sweep *w, const struct rs_plan *p, int down)
{
    w->runs = p->threads;
    w->down = down;
    for (int t = 0; t < w->runs; t++) {
        long lo = p->nb * t / w->runs, hi = p->nb * (t + 1) / w->runs;
        w->cur[t] = down ? lo : hi - 1;
        w->end[t] = down ? hi : lo - 1;
    }
}

int rs_sweep_next(struct rs_sweep *w, uint8_t *dirty, long *list)
{
    int m = 0;
    for (int t = 0; t < w->runs; t++)
        for (; w->cur[t] != w->end[t]; w->cur[t] += w->down ? 1 : -1)
            if (dirty[w->cur[t]]) {
                dirty[w->cur[t]] = 0;
                list[m++] = w->cur[t];
                w->cur[t] += w->down ? 1 : -1;
                break;
            }
    return m;
}

int rs_any_dirty(const uint8_t *dirty, long nb)
{
    for (long k = 0; k < nb; k++)
        if (dirty[k])
            return 1;
    return 0;
}
