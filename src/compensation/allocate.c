/*
 * compensation/allocate — the factor-method kernel (因素法, compensation.md §1.3):
 * share_i = Σ_f w_f · x_if / Σ_j x_jf, amount_i = pool · share_i + reward_i − deduction_i, then
 * floors and caps, then largest-remainder rounding to whole units (round.c).
 */
#include <math.h>
#include <string.h>

#include "compensation/internal.h"

/* A bound is met within a millionth of a unit (a yuan is 1e-4 万元): the amounts are sums of
 * products of doubles and must not flip a region in or out of its bound by rounding noise. */
#define CMP_BOUND_EPS 1e-6

static int check_inputs(const struct cmp_alloc_in *in, double *colsum, struct ls_err *err)
{
    if (in->n <= 0 || in->k <= 0)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "regions",
                          "an allocation needs at least one region and one factor");
    if (!(in->pool > 0) || !isfinite(in->pool) || in->pool != floor(in->pool))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "pool",
                          "rule compensation.pool: the pool must be a positive whole number of "
                          "units, not %g",
                          in->pool);
    double wsum = 0;
    for (int f = 0; f < in->k; f++) {
        if (!(in->w[f] >= 0) || !isfinite(in->w[f]))
            return ls_err_set(err, LS_EINVAL, NULL, NULL, "weight",
                              "rule compensation.weights: weight %d is %g", f + 1, in->w[f]);
        wsum += in->w[f];
        colsum[f] = 0;
    }
    if (fabs(wsum - 1) > 1e-9)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "weight",
                          "rule compensation.weights: the weights sum to %.12g, not 1", wsum);
    for (int i = 0; i < in->n; i++)
        for (int f = 0; f < in->k; f++) {
            double v = in->x[(size_t)i * (size_t)in->k + (size_t)f];
            if (!(v >= 0) || !isfinite(v))
                return ls_err_set(err, LS_EINVAL, NULL, NULL, "factor",
                                  "rule compensation.factor: region %d, factor %d is %g (a "
                                  "factor is a finite number ≥ 0)",
                                  i + 1, f + 1, v);
            colsum[f] += v;
        }
    for (int f = 0; f < in->k; f++)
        if (in->w[f] > 0 && !(colsum[f] > 0))
            return ls_err_set(err, LS_EINVAL, NULL, NULL, "factor",
                              "rule compensation.factor: factor %d is 0 in every region, so it "
                              "cannot share out its weight",
                              f + 1);
    for (int i = 0; i < in->n; i++) {
        double r = in->reward ? in->reward[i] : 0, d = in->deduction ? in->deduction[i] : 0;
        if (!(r >= 0) || !(d >= 0) || r != floor(r) || d != floor(d))
            return ls_err_set(err, LS_EINVAL, NULL, NULL, r != floor(r) ? "reward" : "deduction",
                              "rule compensation.adjustment: region %d: rewards and deductions "
                              "are whole units ≥ 0 (%g, %g)",
                              i + 1, r, d);
    }
    return 0;
}

static double lower(const struct cmp_alloc_in *in, int i)
{
    return in->floor && in->floor[i] > 0 ? in->floor[i] : 0;
}

static double upper(const struct cmp_alloc_in *in, int i)
{
    return in->cap && in->cap[i] >= 0 ? in->cap[i] : HUGE_VAL;
}

/*
 * Floors and caps bound each region's part of the pool (the base), by water-filling: the
 * regions out of bounds are held at the bound, and what they gain or give up is taken from or
 * given to the others in proportion to their shares. Each pass holds at least one more region
 * — those of the kind (floor or cap) that misses by more in total, so a pass never undoes the
 * last — hence at most n passes. Rewards and deductions ride on top of the bounded base: a
 * county held at "no less than last year" still feels its deduction, or the 奖惩 would not bite.
 */
static int bound(const struct cmp_alloc_in *in, struct cmp_alloc_out *out, struct ls_err *err)
{
    double need_low = 0, need_high = 0, total = in->pool;
    for (int i = 0; i < in->n; i++) {
        need_low += lower(in, i);
        need_high += upper(in, i);
    }
    if (need_low > total + CMP_BOUND_EPS)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "floor",
                          "rule compensation.floor: the floors need %.4f units, more than the "
                          "pool's %.4f",
                          need_low, total);
    if (need_high < total - CMP_BOUND_EPS)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "cap",
                          "rule compensation.cap: the caps hold %.4f units, less than the pool's "
                          "%.4f",
                          need_high, total);
    for (out->passes = 1; out->passes <= in->n + 1; out->passes++) {
        double held = 0, free_share = 0;
        int nfree = 0;
        for (int i = 0; i < in->n; i++) {
            if (out->bound[i]) {
                held += out->base[i];
            } else {
                free_share += out->share[i];
                nfree++;
            }
        }
        double rest = total - held, below = 0, above = 0;
        for (int i = 0; i < in->n; i++) {
            if (out->bound[i])
                continue;
            /* with every free share 0 the rest goes evenly (an even split is the only one the
             * factors do not contradict) */
            out->base[i] = free_share > 0 ? rest * out->share[i] / free_share : rest / nfree;
            double lo = lower(in, i), hi = upper(in, i);
            if (out->base[i] < lo - CMP_BOUND_EPS)
                below += lo - out->base[i];
            else if (out->base[i] > hi + CMP_BOUND_EPS)
                above += out->base[i] - hi;
        }
        if (below == 0 && above == 0)
            return 0;
        for (int i = 0; i < in->n; i++) {
            if (out->bound[i])
                continue;
            double lo = lower(in, i), hi = upper(in, i);
            if (below >= above && out->base[i] < lo - CMP_BOUND_EPS) {
                out->bound[i] = -1;
                out->base[i] = lo;
            } else if (below < above && out->base[i] > hi + CMP_BOUND_EPS) {
                out->bound[i] = 1;
                out->base[i] = hi;
            }
        }
    }
    return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "floor",
                      "the floors and caps did not settle in %d passes", in->n + 1);
}

int cmp_allocate(const struct cmp_alloc_in *in, struct cmp_alloc_out *out, struct ls_err *err)
{
    double colsum_small[64], *colsum = colsum_small;
    if (in->k > 64)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "factors",
                          "an allocation takes at most 64 factor columns, not %d", in->k);
    int rc = check_inputs(in, colsum, err);
    if (rc)
        return rc;
    double inv[64];
    for (int f = 0; f < in->k; f++)
        inv[f] = colsum[f] > 0 ? in->w[f] / colsum[f] : 0;
    for (int i = 0; i < in->n; i++) {
        const double *row = in->x + (size_t)i * (size_t)in->k;
        double s = 0;
        for (int f = 0; f < in->k; f++)
            s += row[f] * inv[f];
        out->share[i] = s;
        out->bound[i] = 0;
        out->round_up[i] = 0;
    }
    rc = bound(in, out, err);
    if (rc)
        return rc;
    double total = in->pool;
    for (int i = 0; i < in->n; i++) {
        double d = in->deduction ? in->deduction[i] : 0;
        /* a deduction empties a region's part at most: nobody is allocated less than nothing */
        if (d > floor(out->base[i] + CMP_BOUND_EPS))
            d = floor(out->base[i] + CMP_BOUND_EPS);
        out->adj[i] = (in->reward ? in->reward[i] : 0) - d;
        out->exact[i] = out->base[i] + out->adj[i];
        total += out->adj[i];
    }
    return cmp_round_largest_remainder(out->exact, in->n, (long long)llround(total), out->wan,
                                       out->round_up, err);
}
