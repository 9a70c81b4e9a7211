/*
 * compensation/round — largest-remainder (Hamilton) rounding: allocations are published in
 * whole 万元 and the published parts must sum to the pool (compensation.md §0.3, §6), which
 * rounding each part on its own does not guarantee.
 */
#include <math.h>
#include <stdlib.h>

#include "compensation/internal.h"

/* A fraction within a billionth of a unit of the next whole number is that number: the exact
 * amounts are sums of doubles and 3.9999999999 is 4 to anyone reading the table. */
#define CMP_ROUND_EPS 1e-9

struct rem {
    double frac;
    int i;
};

static int by_remainder(const void *a, const void *b)
{
    const struct rem *x = a, *y = b;
    if (x->frac != y->frac)
        return x->frac > y->frac ? -1 : 1;
    return x->i - y->i;
}

int cmp_round_largest_remainder(const double *exact, int n, long long total, long long *out,
                                int *round_up, struct ls_err *err)
{
    long long given = 0;
    for (int i = 0; i < n; i++) {
        if (!(exact[i] >= -CMP_ROUND_EPS) || !isfinite(exact[i]))
            return ls_err_set(err, LS_EINVAL, NULL, NULL, "amount",
                              "rule compensation.rounding: part %d is %g", i + 1, exact[i]);
        out[i] = (long long)floor(exact[i] + CMP_ROUND_EPS);
        if (out[i] < 0)
            out[i] = 0;
        round_up[i] = 0;
        given += out[i];
    }
    long long left = total - given;
    if (left < 0 || left > n)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "amount",
                          "rule compensation.rounding: the parts' whole units sum to %lld, "
                          "which rounding cannot bring to %lld",
                          given, total);
    if (left == 0)
        return 0;
    struct rem *r = malloc((size_t)n * sizeof *r);
    if (!r)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (int i = 0; i < n; i++) {
        double f = exact[i] - (double)out[i];
        r[i].frac = f > 0 ? f : 0;
        r[i].i = i;
    }
    qsort(r, (size_t)n, sizeof *r, by_remainder);
    for (long long j = 0; j < left; j++) {
        out[r[j].i]++;
        round_up[r[j].i] = 1;
    }
    free(r);
    return 0;
}
