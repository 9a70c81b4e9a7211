/* raster/acc_band — see acc_band.h. */
#include "raster/acc_band.h"

#include <math.h>
#include <stdlib.h>

static int in_grid(const struct rs_grid *g, long row0, long rr, long cc)
{
    return cc >= 0 && cc < g->nx && row0 + rr >= 0 && row0 + rr < g->ny;
}

/* The accumulation and finality of neighbour (rr, cc) when it drains into the cell at code
 * k from it; 0 when it does not. */
static int donor(const struct rs_aband *b, long r, long c, int k, double *acc, int *final)
{
    long rr = r + rs_d8_dy[k], cc = c + rs_d8_dx[k], nx = b->g->nx;
    if (!in_grid(b->g, b->row0, rr, cc) || b->dir[rr * nx + cc] != (k + 4) % 8)
        return 0;
    if (rr < 0 || rr >= b->nrows) {
        const double *a = rr < 0 ? b->above : b->below;
        const uint8_t *f = rr < 0 ? b->above_final : b->below_final;
        *final = a && f[cc];
        *acc = a ? a[cc] : NAN;
    } else {
        *final = b->state[rr * nx + cc] == RS_ACC_FINAL;
        *acc = b->acc[rr * nx + cc];
    }
    return 1;
}

/* acc = weight + the donors' totals in code order (all of them final). */
static void pull(struct rs_aband *b, long i, const long off[8])
{
    long nx = b->g->nx, r = i / nx, c = i % nx;
    double a = rs_cell_weight(b->weight, i, &b->nan_weights);
    if (r > 0 && r < b->nrows - 1 && c > 0 && c < nx - 1) { /* all neighbours in the band */
        for (int k = 0; k < 8; k++)
            if (b->dir[i + off[k]] == ((k + 4) & 7))
                a += b->acc[i + off[k]];
    } else {
        for (int k = 0; k < 8; k++) {
            double v;
            int final;
            if (donor(b, r, c, k, &v, &final))
                a += v;
        }
    }
    b->acc[i] = a;
    b->state[i] = RS_ACC_FINAL;
}

/* The band cell (r + dy, c + dx) that cell (r, c) drains into, or -1 outside the band. */
static long receiver_in_band(const struct rs_aband *b, long r, long c, uint8_t d)
{
    long rr = r + rs_d8_dy[d], cc = c + rs_d8_dx[d];
    if (rr < 0 || rr >= b->nrows || cc < 0 || cc >= b->g->nx)
        return -1;
    long j = rr * b->g->nx + cc;
    return b->dir[j] == RS_D8_NODATA ? -1 : j;
}

void rs_aband_run(struct rs_aband *b)
{
    long nx = b->g->nx, n = b->nrows * nx, off[8];
    for (int k = 0; k < 8; k++)
        off[k] = rs_d8_dy[k] * nx + rs_d8_dx[k];
    for (long i = 0; i < n; i++) {
        b->state[i] = 0;
        if (b->dir[i] == RS_D8_NODATA) {
            b->acc[i] = NAN;
            b->state[i] = RS_ACC_FINAL;
        }
    }
    /* donors not final yet: every band cell draining into another, and the halo rows'
     * cells draining into the band whose totals are not known */
    for (long r = 0; r < b->nrows; r++)
        for (long c = 0; c < nx; c++) {
            uint8_t d = b->dir[r * nx + c];
            long j = d < 8 ? receiver_in_band(b, r, c, d) : -1;
            if (j >= 0)
                b->state[j]++;
        }
    for (int side = 0; side < 2; side++) {
        long rr = side ? b->nrows : -1;
        if (!in_grid(b->g, b->row0, rr, 0))
            continue;
        const uint8_t *fin = side ? b->below_final : b->above_final;
        for (long c = 0; c < nx; c++) {
            uint8_t d = b->dir[rr * nx + c];
            long j = d < 8 ? receiver_in_band(b, rr, c, d) : -1;
            if (j >= 0 && !(fin && fin[c]))
                b->state[j]++;
        }
    }
    for (long s = 0; s < n; s++) {
        if (b->state[s] != 0)
            continue;
        for (long i = s;;) {
            pull(b, i, off);
            uint8_t d = b->dir[i];
            long j = d < 8 ? receiver_in_band(b, i / nx, i % nx, d) : -1;
            if (j < 0 || --b->state[j] != 0)
                break;
            i = j;
        }
    }
}
