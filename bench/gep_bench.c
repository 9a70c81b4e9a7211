/*
 * Per-item throughput of the GEP spatial items: reads ROWS rows of every input of the account
 * (LS from LS.tif, e.g. a run's ls_factor.tif) into memory and times each item's per-cell
 * model alone on one thread, repeated until it has run for at least half a second.
 *   gep_bench ACCOUNT.json LS.tif [ROWS]
 * Prints: item, Mcells/s (one thread). I/O and the executor are measured by bench/gep.sh.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gdal.h>

#include "gep/account.h"
#include "gep/method.h"
#include "raster/io.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double *read_rows(const char *path, long rows, long *nx)
{
    struct rs_source s;
    struct ls_err err = { 0 };
    if (rs_source_open(path, 1, &s, &err)) {
        fprintf(stderr, "%s: %s\n", path, err.msg);
        exit(1);
    }
    *nx = s.grid.nx;
    if (rows > s.grid.ny)
        rows = s.grid.ny;
    double *v = malloc((size_t)rows * (size_t)*nx * sizeof *v);
    if (!v || rs_source_read(&s, 0, 0, *nx, rows, v, &err)) {
        fprintf(stderr, "%s: %s\n", path, err.msg);
        exit(1);
    }
    rs_source_close(&s);
    return v;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gep_bench ACCOUNT.json LS.tif [ROWS]\n");
        return 2;
    }
    GDALAllRegister();
    long rows = argc > 3 ? atol(argv[3]) : 1000;
    struct gep_account a;
    struct gep_method m;
    struct gep_classes cl;
    struct gep_price_index ix = { 0 };
    struct ls_err err = { 0 };
    if (gep_account_load(argv[1], &a, &err) || gep_method_load(a.method, &m, &err) ||
        (a.price_index[0] && gep_price_index_load(a.price_index, &ix, &err)) ||
        gep_classes_survey(&cl, &err)) {
        fprintf(stderr, "%s: %s\n", err.input, err.msg);
        return 1;
    }
    m.price_year = a.price_year;
    m.index = ix.n ? &ix : NULL;
    long nx = 0;
    double *lc = read_rows(a.landcover, rows, &nx);
    double *layer[GEP_L_COUNT] = { 0 };
    for (int l = 0; l < GEP_L_COUNT; l++)
        if (a.raster[l][0])
            layer[l] = read_rows(l == GEP_L_LS ? argv[2] : a.raster[l], rows, &nx);
    size_t n = (size_t)rows * (size_t)nx;
    long *cls = malloc(n * sizeof *cls);
    double *q = malloc((size_t)nx * sizeof *q);
    for (size_t i = 0; i < n; i++) {
        long k = isnan(lc[i]) ? -1 : gep_classes_find(&cl, (long)lc[i]);
        cls[i] = k >= 0 && cl.eco[k] != GEP_ECO_NONE ? k : -1;
    }
    printf("%-22s %12s  (%zu cells, one thread)\n", "item", "Mcells/s", n);
    for (size_t i = 0; i < m.n_items; i++) {
        const struct gep_item_def *d = gep_item_find(m.items[i].id);
        if (!d || !d->row)
            continue;
        int missing = 0;
        for (int l = 0; l < GEP_L_COUNT; l++)
            if ((d->needs & GEP_NEEDS(l)) && !layer[l])
                missing = 1;
        if (missing) {
            printf("%-22s %12s\n", d->id, "no input");
            continue;
        }
        struct gep_item it = { .def = d, .mi = &m.items[i] };
        if (d->prepare(&it, &m, &cl, &err)) {
            fprintf(stderr, "%s: %s\n", d->id, err.msg);
            return 1;
        }
        double t0 = now(), t = 0;
        long reps = 0;
        do {
            for (long r = 0; r < rows; r++) {
                struct gep_row row = { .n = nx, .cell_m2 = 900, .cls = cls + r * nx };
                for (int l = 0; l < GEP_L_COUNT; l++)
                    row.in[l] = layer[l] ? layer[l] + r * nx : NULL;
                d->row(&it, &row, q);
            }
            reps++;
            t = now() - t0;
        } while (t < 0.5);
        printf("%-22s %12.1f\n", d->id, (double)n * (double)reps / t / 1e6);
        gep_item_release(&it);
    }
    return 0;
}
