/* raster/focal — Horn slope/aspect and windowed mean/sum, on the halo executor. */
#include "raster/focal.h"

#include <math.h>
#include <stdio.h>

struct slope_ctx {
    enum rs_slope_unit unit;
    double z;
};

static int slope_kernel(const struct rs_block *b, void *vctx, struct ls_err *err)
{
    (void)err;
    const struct slope_ctx *c = vctx;
    long w = b->nx + 2; /* halo 1 */
    const double *in = b->in[0];
    for (long r = 0; r < b->nrows; r++) {
        double dx, dy;
        rs_grid_cell_size_m(b->grid, b->row0 + r, &dx, &dy);
        const double *up = in + r * w + 1, *mid = up + w, *dn = mid + w;
        double *out = b->out[0] + r * b->nx;
        for (long x = 0; x < b->nx; x++) {
            double e = mid[x];
            if (isnan(e)) {
                out[x] = NAN;
                continue;
            }
            double v[9] = { up[x - 1],  up[x],     up[x + 1], mid[x - 1], e,
                            mid[x + 1], dn[x - 1], dn[x],     dn[x + 1] };
            for (int k = 0; k < 9; k++)
                if (isnan(v[k]))
                    v[k] = e;
            /* x grows east, rows grow south */
            double dzdx = ((v[2] + 2 * v[5] + v[8]) - (v[0] + 2 * v[3] + v[6])) * c->z / (8 * dx);
            double dzds = ((v[6] + 2 * v[7] + v[8]) - (v[0] + 2 * v[1] + v[2])) * c->z / (8 * dy);
            double g = sqrt(dzdx * dzdx + dzds * dzds);
            if (c->unit == RS_SLOPE_DEGREES) {
                out[x] = atan(g) * 180 / M_PI;
            } else if (c->unit == RS_SLOPE_PERCENT) {
                out[x] = g * 100;
            } else if (g == 0) {
                out[x] = NAN;
            } else {
                /* downslope direction (east, north) = (-dzdx, +dzds) */
                double az = atan2(-dzdx, dzds) * 180 / M_PI;
                out[x] = az < 0 ? az + 360 : az;
            }
        }
    }
    return 0;
}

int rs_slope(struct rs_source *dem, enum rs_slope_unit unit, double z_factor, const char *out_path,
             const struct rs_sink_opts *sink_opts, const struct rs_exec_opts *exec,
             struct ls_err *err)
{
    struct slope_ctx ctx = { unit, z_factor };
    struct rs_job job = {
        .inputs = dem, .n_in = 1, .halo = 1, .kernel = slope_kernel, .ctx = &ctx
    };
    return rs_exec_to_file(&job, &dem->grid, out_path, sink_opts, exec, err);
}

struct focal_ctx {
    enum rs_focal_stat stat;
    long h;
};

static int focal_kernel(const struct rs_block *b, void *vctx, struct ls_err *err)
{
    (void)err;
    const struct focal_ctx *c = vctx;
    long h = c->h, w = b->nx + 2 * h;
    const double *in = b->in[0];
    for (long r = 0; r < b->nrows; r++) {
        double *out = b->out[0] + r * b->nx;
        for (long x = 0; x < b->nx; x++) {
            if (isnan(in[(r + h) * w + x + h])) {
                out[x] = NAN;
                continue;
            }
            double sum = 0;
            long n = 0;
            for (long dr = 0; dr <= 2 * h; dr++) {
                const double *row = in + (r + dr) * w + x;
                for (long dc = 0; dc <= 2 * h; dc++)
                    if (!isnan(row[dc])) {
                        sum += row[dc];
                        n++;
                    }
            }
            out[x] = c->stat == RS_FOCAL_SUM ? sum : sum / (double)n;
        }
    }
    return 0;
}

int rs_focal(struct rs_source *in, enum rs_focal_stat stat, int size, const char *out_path,
             const struct rs_sink_opts *sink_opts, const struct rs_exec_opts *exec,
             struct ls_err *err)
{
    if (size < 1 || size % 2 == 0 || size > 101)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "size",
                          "the window must be an odd number of cells from 1 to 101 (got %d)", size);
    struct focal_ctx ctx = { stat, size / 2 };
    struct rs_job job = {
        .inputs = in, .n_in = 1, .halo = size / 2, .kernel = focal_kernel, .ctx = &ctx
    };
    return rs_exec_to_file(&job, &in->grid, out_path, sink_opts, exec, err);
}
