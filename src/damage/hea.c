/*
 * damage/hea — habitat and resource equivalency (HEA/REA, compensation.md §3.4): the service an
 * injury took away and the service a restoration project gives back, each year's level taken at
 * mid-year (Thur 2007: beginning-of-period levels understate the debit and overstate the
 * credit) and discounted to the claim year. REA is the same algebra with resource units in
 * place of area × service.
 */
#include <math.h>

#include "damage/internal.h"

double dmg_curve_at(const struct dmg_curve *c, double t)
{
    if (c->n <= 0)
        return 1;
    if (t <= c->year[0])
        return c->level[0];
    for (int i = 1; i < c->n; i++)
        if (t <= c->year[i]) {
            double f = (t - c->year[i - 1]) / (c->year[i] - c->year[i - 1]);
            return c->level[i - 1] + f * (c->level[i] - c->level[i - 1]);
        }
    return c->level[c->n - 1];
}

/* ρ_t = (1 + r)^(C − t): a past year compounds up to the claim year, a future one discounts */
static double rho(int t, int claim, double rate)
{
    return pow(1 + rate, claim - t);
}

double dmg_hea_debit(const struct dmg_curve *injury, double area, int from, int to, int claim,
                     double rate)
{
    double s = 0;
    for (int t = from; t <= to; t++)
        s += rho(t, claim, rate) * (1 - dmg_curve_at(injury, t + 0.5));
    return area * s;
}

double dmg_hea_credit(const struct dmg_curve *gain, double base, int from, int to, int claim,
                      double rate)
{
    double s = 0;
    for (int t = from; t <= to; t++)
        s += rho(t, claim, rate) * (dmg_curve_at(gain, t + 0.5) - base);
    return s;
}
