/*
 * 成本逼近法 cost approach (GB/T 18508-2014; TD/T 1061 path 4): the land's cost price and its
 * value-added return, V = Ea + Ed + T + R1 + R2 + R3 = VE + R3 — Ea the acquisition cost, Ed
 * the development cost, T taxes and fees, R1 the interest (on Ea over the whole period, on Ed
 * over half of it, when not given), R2 the profit (a rate on Ea + Ed + T), R3 the land
 * value-added return (增值收益, a rate on the cost price VE) — then brought to the subject's
 * term (K, or r with m and n years) and location (a factor).
 */
#include <math.h>

#include "valuation/internal.h"

static int run(struct val_ctx *c, double *v)
{
    double ea, ed, tax, r1, p, added, loc, k = 1;
    int rc = val_need(c, NULL, "inputs", "acquisition", "Ea, the land acquisition cost", &ea);
    if (!rc)
        rc = val_need(c, NULL, "inputs", "development", "Ed, the development cost", &ed);
    if (!rc)
        rc = val_opt(c, NULL, "inputs", "taxes", 0, &tax);
    if (!rc)
        rc = val_opt(c, NULL, "inputs", "interest", NAN, &r1);
    if (!rc && isnan(r1)) {
        double i = 0, t = 0;
        rc = val_need_rate(c, NULL, "inputs", "interest_rate",
                           "the loan rate (or give the interest R1)", &i);
        if (!rc)
            rc = val_need(c, NULL, "inputs", "period_years", "the development period in years", &t);
        if (!rc)
            r1 = ea * (val_grow(i, t) - 1.0) + ed * (val_grow(i, t / 2) - 1.0);
    }
    if (!rc)
        rc = val_need(c, NULL, "inputs", "profit_rate", "R2's rate on Ea + Ed + T", &p);
    if (!rc)
        rc = val_need(c, NULL, "inputs", "value_added_rate", "R3's rate on the cost price", &added);
    if (!rc)
        rc = val_opt(c, NULL, "inputs", "location", 1, &loc);
    const json_t *term = json_object_get(c->inputs, "term");
    if (!rc && term) {
        double r = 0, m = 0, n = 0;
        rc = val_need_rate(c, term, "inputs.term", "r", "the land capitalisation rate", &r);
        if (!rc)
            rc = val_need(c, term, "inputs.term", "m", "the subject's years", &m);
        if (!rc)
            rc = val_need(c, term, "inputs.term", "n", "the statutory maximum years", &n);
        if (!rc)
            k = val_term_correction(r, m, n);
    }
    if (rc)
        return rc;
    if (ea < 0 || ed < 0 || tax < 0 || r1 < 0 || p < 0 || added < 0 || !(loc > 0))
        return val_refuse(c, "cost.range", "inputs", "costs and rates are not negative");
    val_step(c, "interest R1", "Ea·[(1+i)^T − 1] + Ed·[(1+i)^(T/2) − 1]", r1);
    double r2 = p * (ea + ed + tax);
    val_step(c, "profit R2", "p·(Ea + Ed + T)", r2);
    double ve = ea + ed + tax + r1 + r2;
    val_step(c, "cost price VE", "VE = Ea + Ed + T + R1 + R2", ve);
    double r3 = added * ve;
    val_step(c, "value-added return R3", "R3 = rate · VE", r3);
    val_step(c, "term correction", "K = [1 − (1+r)^−m]/[1 − (1+r)^−n]", k);
    *v = (ve + r3) * k * loc;
    val_step(c, "value", "V = (VE + R3) · K · location", *v);
    return 0;
}

const struct val_method_def val_cost_approach = {
    "cost_approach", "cost", "成本逼近法", "Cost approach", "GB/T 18508-2014; TD/T 1061-2021",
    "yuan/m2",       run,
};
