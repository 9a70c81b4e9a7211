/* raster/mfd_band — pulled MFD accumulation on a band of rows. */
#include "raster/mfd_band.h"

#include <math.h>
#include <stdlib.h>

#include "raster/acc_band.h"
#include "raster/elev.h"
#include "raster/floodq.h"
#include "raster/hydro.h"

static int in_grid(const struct rs_mband *b, long rr, long cc)
{
    return cc >= 0 && cc < b->g->nx && b->row0 + rr >= 0 && b->row0 + rr < b->g->ny;
}

static long at(const struct rs_mband *b, long rr, long cc)
{
    return rr * b->g->nx + cc;
}

/* The MFD weight from (rr, cc) to its neighbour k; *is_lower is 0 (and 0 returned) unless that
 * neighbour lies in the grid and is lower. */
static double weight_to(const struct rs_mband *b, long rr, long cc, int k, int *is_lower)
{
    long r2 = rr + rs_d8_dy[k], c2 = cc + rs_d8_dx[k];
    *is_lower = 0;
    if (!in_grid(b, r2, c2))
        return 0;
    rs_elev zi = b->z[at(b, rr, cc)], zj = b->z[at(b, r2, c2)];
    if (!(zj < zi)) /* also false for nodata */
        return 0;
    *is_lower = 1;
    const double *s = b->size + (rr + 2) * 3;
    double d = k % 2 ? s[2] : k % 4 == 0 ? s[0] : s[1];
    double slope = ((double)zi - (double)zj) / d;
    return b->exponent == 1 ? slope : pow(slope, b->exponent);
}

/* Whether cell (rr, cc) (rows -1 .. nrows, in the grid) passes water to its neighbour k. */
static int passes(const struct rs_mband *b, long rr, long cc, int k)
{
    return b->out[at(b, rr, cc) + b->g->nx] >> k & 1;
}

/* The share of (rr, cc)'s total that goes to its neighbour k (which it passes water to). */
static double share(const struct rs_mband *b, long rr, long cc, int k)
{
    long i = at(b, rr, cc) + b->g->nx;
    if (b->sum[i] < 0) /* no lower neighbour: all of it along the D8 direction */
        return 1;
    int is_lower;
    return weight_to(b, rr, cc, k, &is_lower) / b->sum[i];
}

static int prepare(struct rs_mband *b)
{
    long nx = b->g->nx;
    size_t cells = (size_t)(b->nrows + 2) * (size_t)nx;
    if (cells > b->work_cells) {
        free(b->sum);
        free(b->out);
        b->sum = malloc(cells * sizeof *b->sum);
        b->out = malloc(cells);
        b->work_cells = b->sum && b->out ? cells : 0;
        if (!b->work_cells)
            return -1;
    }
    free(b->size);
    if (!(b->size = malloc((size_t)(b->nrows + 4) * 3 * sizeof *b->size)))
        return -1;
    for (long rr = -2; rr < b->nrows + 2; rr++) {
        double *s = b->size + (rr + 2) * 3;
        long row = b->row0 + rr;
        if (row < 0 || row >= b->g->ny)
            continue;
        rs_grid_cell_size_m(b->g, row, &s[0], &s[1]);
        s[2] = sqrt(s[0] * s[0] + s[1] * s[1]);
    }
    for (long rr = -1; rr <= b->nrows; rr++)
        for (long cc = 0; cc < nx; cc++) {
            long i = at(b, rr, cc) + nx;
            b->sum[i] = 0;
            b->out[i] = 0;
            if (!in_grid(b, rr, 0) || b->dir[i - nx] == RS_D8_NODATA)
                continue;
            for (int k = 0; k < 8; k++) {
                int is_lower;
                double w = weight_to(b, rr, cc, k, &is_lower);
                if (is_lower) {
                    b->out[i] = (uint8_t)(b->out[i] | 1u << k);
                    b->sum[i] += w;
                }
            }
            int d = b->dir[i - nx];
            long r2 = rr + rs_d8_dy[d & 7], c2 = cc + rs_d8_dx[d & 7];
            if (b->out[i])
                continue;
            b->sum[i] = -1;
            /* along the D8 direction into a valid cell; rows beyond -1 .. nrows never matter */
            if (d < 8 && r2 >= -1 && r2 <= b->nrows && in_grid(b, r2, c2) &&
                b->dir[at(b, r2, c2)] != RS_D8_NODATA)
                b->out[i] = (uint8_t)(1u << d);
        }
    return 0;
}

/* acc = weight + each donor's total times its share, neighbours in code order. */
static void pull(struct rs_mband *b, long r, long c)
{
    long nx = b->g->nx, i = at(b, r, c);
    double a = rs_cell_weight(b->weight, i, &b->nan_weights);
    for (int k = 0; k < 8; k++) {
        long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k];
        int back = (k + 4) & 7;
        if (!in_grid(b, rr, cc) || !passes(b, rr, cc, back))
            continue;
        double v = rr < 0 ? b->above[cc] : rr >= b->nrows ? b->below[cc] : b->acc[rr * nx + cc];
        a += v * share(b, rr, cc, back);
    }
    b->acc[i] = a;
    b->state[i] = RS_MFD_FINAL;
}

int rs_mband_run(struct rs_mband *b)
{
    long nx = b->g->nx, n = b->nrows * nx;
    if (prepare(b))
        return -1;
    for (long i = 0; i < n; i++) {
        if (b->dir[i] == RS_D8_NODATA) {
            b->acc[i] = NAN;
            b->state[i] = RS_MFD_FINAL;
        } else if (b->state[i] != RS_MFD_FINAL) {
            b->state[i] = 0;
        }
    }
    /* donors not final yet: band cells passing water to band cells, and halo cells whose
     * totals are not known */
    for (long rr = -1; rr <= b->nrows; rr++) {
        if (!in_grid(b, rr, 0))
            continue;
        const uint8_t *fin = rr < 0 ? b->above_final : rr >= b->nrows ? b->below_final : NULL;
        int halo = rr < 0 || rr >= b->nrows;
        for (long cc = 0; cc < nx; cc++) {
            if (halo && fin && fin[cc])
                continue;
            if (!halo && b->state[at(b, rr, cc)] == RS_MFD_FINAL)
                continue;
            for (int k = 0; k < 8; k++) {
                long r2 = rr + rs_d8_dy[k], c2 = cc + rs_d8_dx[k];
                if (r2 >= 0 && r2 < b->nrows && passes(b, rr, cc, k) &&
                    b->state[at(b, r2, c2)] != RS_MFD_FINAL)
                    b->state[at(b, r2, c2)]++;
            }
        }
    }
    b->sp = 0;
    for (long s = 0; s < n; s++) {
        if (b->state[s] != 0)
            continue;
        if (rs_index_push(&b->stack, &b->sp, &b->cap, (size_t)s))
            return -1;
        while (b->sp) {
            long i = (long)b->stack[--b->sp], r = i / nx, c = i % nx;
            pull(b, r, c);
            for (int k = 0; k < 8; k++) {
                long r2 = r + rs_d8_dy[k], c2 = c + rs_d8_dx[k];
                if (r2 < 0 || r2 >= b->nrows || !passes(b, r, c, k))
                    continue;
                long j = at(b, r2, c2);
                if (b->state[j] == RS_MFD_FINAL)
                    continue;
                if (--b->state[j] == 0 && rs_index_push(&b->stack, &b->sp, &b->cap, (size_t)j))
                    return -1;
            }
        }
    }
    return 0;
}

void rs_mband_free(struct rs_mband *b)
{
    free(b->sum);
    free(b->out);
    free(b->size);
    free(b->stack);
    b->sum = NULL;
    b->out = NULL;
    b->size = NULL;
    b->stack = NULL;
    b->sp = b->cap = b->work_cells = 0;
}
