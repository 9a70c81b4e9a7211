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

void gep_slope_percent(const struct rs_grid *g, const float *z, float *slope)
{
    const long nx = g->nx, ny = g->ny;
    for (long r = 0; r < ny; r++) {
        double dx, dy;
        rs_grid_cell_size_m(g, r, &dx, &dy);
        for (long c = 0; c < nx; c++) {
            size_t i = (size_t)r * (size_t)nx + (size_t)c;
            float e = z[i];
            if (isnan(e)) {
                slope[i] = NAN;
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
            slope[i] = (float)(100.0 * sqrt(gx * gx + gy * gy));
        }
    }
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

void gep_ls_factor(const struct rs_grid *g, const float *z, const double *fa, double l_max,
                   float *ls)
{
    gep_slope_percent(g, z, ls);
    for (long r = 0; r < g->ny; r++) {
        double d = sqrt(rs_grid_cell_area(g, r));
        for (long c = 0; c < g->nx; c++) {
            size_t i = (size_t)r * (size_t)g->nx + (size_t)c;
            ls[i] = (float)gep_ls_cell(ls[i], fa[i], d, l_max);
        }
    }
}

int gep_ls_from_dem(struct rs_source *dem, const char *out_path, double l_max,
                    const struct rs_exec_opts *exec, struct ls_err *err)
{
    const struct rs_grid *g = &dem->grid;
    int threads = rs_exec_threads(exec);
    int rc = rs_check_budget(g, 21.0, exec->mem_bytes, "the LS factor (fill, MFD routing)", err);
    if (rc)
        return rc;
    float *z = NULL, *ls = NULL;
    uint8_t *dir = NULL;
    double *fa = NULL;
    struct rs_sink *sink = NULL;
    size_t n = rs_grid_cells(g);
    rc = rs_load_f32(dem, &z, err);
    if (!rc) {
        struct rs_fill_stats st;
        rc = threads > 1 ? rs_fill_parallel(g, z, threads, &st, err) : rs_fill(g, z, 0, &st, err);
    }
    if (!rc && (!(dir = malloc(n)) || !(fa = malloc(n * sizeof *fa))))
        rc = ls_err_set(err, LS_ENOMEM, dem->path, NULL, NULL, "out of memory");
    if (!rc)
        rc = rs_flowdir_d8(g, z, 0, dir, threads, err);
    if (!rc)
        rc = rs_flowacc_mfd(g, z, dir, NULL, 1.0, fa, NULL, err);
    free(dir);
    if (!rc && !(ls = malloc(n * sizeof *ls)))
        rc = ls_err_set(err, LS_ENOMEM, dem->path, NULL, NULL, "out of memory");
    if (!rc)
        gep_ls_factor(g, z, fa, l_max, ls);
    free(fa);
    free(z);
    struct rs_sink_opts so = { .type = GDT_Float32, .overwrite = 1, .description = "LS factor" };
    if (!rc)
        rc = rs_sink_create(out_path, g, &so, &sink, err);
    if (!rc)
        rc = rs_write_array(sink, g, GDT_Float32, ls, err);
    if (!rc)
        rc = rs_sink_commit(sink, err);
    else
        rs_sink_abort(sink);
    free(ls);
    return rc;
}
