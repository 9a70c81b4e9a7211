/* gep/terrain — RUSLE's LS factor from a DEM, following InVEST SDR. */
#include "gep/terrain.h"

#include <math.h>
#include <stdlib.h>

#include "raster/dem.h"
#include "raster/hydro.h"

/* A corner pair p–q with the middle cell mid between them (weight 1 each side). */
static void corner_pair(float p, float q, float mid, float e, double *acc, int *den)
{
    if (!isnan(p) && !isnan(q)) {
        *acc += (double)p - q;
        *den += 2;
    } else if (!isnan(p) && !isnan(mid)) {
        *acc += (double)p - mid;
        *den += 1;
    } else if (!isnan(mid) && !isnan(q)) {
        *acc += (double)mid - q;
        *den += 1;
    } else if (!isnan(p)) {
        *acc += ((double)p - e) * M_SQRT2;
        *den += 1;
    } else if (!isnan(q)) {
        *acc += ((double)e - q) * M_SQRT2;
        *den += 1;
    }
}

/* The middle pair p–q (weight 2). */
static void middle_pair(float p, float q, float e, double *acc, int *den)
{
    if (!isnan(p) && !isnan(q)) {
        *acc += 2.0 * ((double)p - q);
        *den += 4;
    } else if (!isnan(p)) {
        *acc += 2.0 * ((double)p - e);
        *den += 2;
    } else if (!isnan(q)) {
        *acc += 2.0 * ((double)e - q);
        *den += 2;
    }
}

/* Percent slope of the cells of row r. */
static void slope_row(const struct rs_grid *g, const float *z, long r, float *slope)
{
    const long nx = g->nx, ny = g->ny;
    double dx, dy;
    rs_grid_cell_size_m(g, r, &dx, &dy);
    for (long c = 0; c < nx; c++) {
        float e = z[(size_t)r * (size_t)nx + (size_t)c];
        if (isnan(e)) {
            slope[c] = NAN;
            continue;
        }
        /* n[dr+1][dc+1]: the 3×3 window, NaN outside the grid */
        float n[3][3];
        for (int a = -1; a <= 1; a++)
            for (int b = -1; b <= 1; b++) {
                long rr = r + a, cc = c + b;
                n[a + 1][b + 1] = rr < 0 || cc < 0 || rr >= ny || cc >= nx
                                      ? NAN
                                      : z[(size_t)rr * (size_t)nx + (size_t)cc];
            }
        double ax = 0, ay = 0;
        int dxn = 0, dyn = 0;
        corner_pair(n[0][0], n[0][2], n[0][1], e, &ax, &dxn);
        middle_pair(n[1][0], n[1][2], e, &ax, &dxn);
        corner_pair(n[2][0], n[2][2], n[2][1], e, &ax, &dxn);
        corner_pair(n[0][0], n[2][0], n[1][0], e, &ay, &dyn);
        middle_pair(n[0][1], n[2][1], e, &ay, &dyn);
        corner_pair(n[0][2], n[2][2], n[1][2], e, &ay, &dyn);
        double gx = dxn ? ax / (dxn * dx) : 0, gy = dyn ? ay / (dyn * dy) : 0;
        slope[c] = (float)(100.0 * sqrt(gx * gx + gy * gy));
    }
}

void gep_slope_percent(const struct rs_grid *g, const float *z, float *slope)
{
    for (long r = 0; r < g->ny; r++)
        slope_row(g, z, r, slope + (size_t)r * (size_t)g->nx);
}

double gep_ls_cell(double s, double fa, double d, double l_max)
{
    if (isnan(s) || isnan(fa))
        return NAN;
    double th = atan(s / 100.0), sn = sin(th);
    double S = s < 9.0 ? 10.8 * sn + 0.03 : 16.8 * sn - 0.50;
    double m;
    if (s <= 1.0)
        m = 0.2;
    else if (s <= 3.5)
        m = 0.3;
    else if (s <= 5.0)
        m = 0.4;
    else if (s <= 9.0)
        m = 0.5;
    else {
        double beta = (sn / 0.0896) / (3.0 * pow(sn, 0.8) + 0.56);
        m = beta / (1.0 + beta);
    }
    double a = sqrt((fa - 1.0) * d * d);
    double x = fabs(sn) + fabs(cos(th));
    double L =
        (pow(a + d * d, m + 1.0) - pow(a, m + 1.0)) / (pow(d, m + 2.0) * pow(x, m) * pow(22.13, m));
    return fmin(L, l_max) * S;
}

/* LS of rows r0..r0+nrows-1 into out (nrows × nx), slope by InVEST's rule from the filled z. */
static void ls_rows(const struct rs_grid *g, const float *z, const double *fa, double l_max,
                    long r0, long nrows, float *out)
{
    for (long r = r0; r < r0 + nrows; r++) {
        double d = sqrt(rs_grid_cell_area(g, r));
        float *o = out + (size_t)(r - r0) * (size_t)g->nx;
        slope_row(g, z, r, o);
        for (long c = 0; c < g->nx; c++)
            o[c] = (float)gep_ls_cell(o[c], fa[(size_t)r * (size_t)g->nx + (size_t)c], d, l_max);
    }
}

void gep_ls_factor(const struct rs_grid *g, const float *z, const double *fa, double l_max,
                   float *ls)
{
    ls_rows(g, z, fa, l_max, 0, g->ny, ls);
}

/*
 * Memory, per cell: the DEM (4 B), then the fill (serial: 3 B more; parallel: 8 B more, used
 * when the budget allows), D8 directions (1 B), MFD accumulation (8 B) and its in-degree
 * (1 B): at most 14 B while the accumulation runs. LS is computed and written a block of rows
 * at a time, so it needs no array of its own.
 */
#define LS_BYTES_PER_CELL 14.0

int gep_ls_from_dem(struct rs_source *dem, const char *out_path, double l_max,
                    const struct rs_exec_opts *exec, struct ls_err *err)
{
    const struct rs_grid *g = &dem->grid;
    int threads = rs_exec_threads(exec);
    struct rs_mem_plan plan;
    rs_mem_plan(exec->mem_bytes, &plan);
    int rc =
        rs_check_budget(g, LS_BYTES_PER_CELL, plan.grids, "the LS factor (fill, MFD routing)", err);
    if (rc)
        return rc;
    float *z = NULL, *buf = NULL;
    uint8_t *dir = NULL;
    double *fa = NULL;
    struct rs_sink *sink = NULL;
    size_t n = rs_grid_cells(g);
    rc = rs_load_f32(dem, &z, err);
    if (!rc) {
        struct rs_fill_stats st;
        int parallel = threads > 1 && 12.0 * (double)n <= (double)plan.grids;
        rc = parallel ? rs_fill_parallel_f32(g, z, threads, &st, err)
                      : rs_fill_f32(g, z, 0, &st, err);
    }
    if (!rc && !(dir = malloc(n)))
        rc = ls_err_set(err, LS_ENOMEM, dem->path, NULL, NULL, "out of memory");
    if (!rc)
        rc = rs_flowdir_d8_f32(g, z, 0, dir, threads, err);
    if (!rc && !(fa = malloc(n * sizeof *fa)))
        rc = ls_err_set(err, LS_ENOMEM, dem->path, NULL, NULL, "out of memory");
    if (!rc)
        rc = rs_flowacc_mfd_f32(g, z, dir, NULL, 1.0, fa, NULL, err);
    free(dir);
    const long block = 256;
    if (!rc && !(buf = malloc((size_t)block * (size_t)g->nx * sizeof *buf)))
        rc = ls_err_set(err, LS_ENOMEM, dem->path, NULL, NULL, "out of memory");
    struct rs_sink_opts so = { .type = GDT_Float32, .overwrite = 1, .description = "LS factor" };
    if (!rc)
        rc = rs_sink_create(out_path, g, &so, &sink, err);
    for (long r0 = 0; !rc && r0 < g->ny; r0 += block) {
        long nr = r0 + block > g->ny ? g->ny - r0 : block;
        ls_rows(g, z, fa, l_max, r0, nr, buf);
        rc = rs_sink_write_f32(sink, 0, r0, g->nx, nr, buf, err);
    }
    if (!rc)
        rc = rs_sink_commit(sink, err);
    else
        rs_sink_abort(sink);
    free(buf);
    free(fa);
    free(z);
    return rc;
}
