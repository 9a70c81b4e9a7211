/*
 * 剩余法 / 假设开发法 residual (GB/T 18508-2014; TD/T 1061 path 3): the land is what is left
 * of the completed development's value after its costs and the developer's profit,
 * V = A − B − C. B holds the construction cost, the professional and management fees, the
 * sales taxes and fees, and the interest: on the land over the whole period T, on the
 * construction and fees over half of it (spent evenly). The land's own interest, and a profit
 * given as a rate on land and costs, depend on V, so V solves
 *   V = A − K − S − V·[(1+i)^T − 1] − K·[(1+i)^(T/2) − 1] − p·(V + K)
 *   V = (A − S − K·[(1+i)^(T/2) + p]) / ((1+i)^T + p)
 * with K = construction + fees and S the sales taxes; a profit given in yuan instead enters
 * as a cost.
 */
#include <math.h>

#include "valuation/internal.h"

static int run(struct val_ctx *c, double *v)
{
    double a = 0, build = 0, fees = 0, taxes = 0, i = 0, t = 0, rate = 0, profit = 0;
    int rc =
        val_need(c, NULL, "inputs", "completed_value", "A, the completed development's value", &a);
    if (!rc)
        rc = val_need(c, NULL, "inputs", "construction", "the construction cost", &build);
    if (!rc)
        rc = val_opt(c, NULL, "inputs", "fees", 0, &fees);
    if (!rc)
        rc = val_opt(c, NULL, "inputs", "sales_taxes", 0, &taxes);
    if (!rc)
        rc = val_need_rate(c, NULL, "inputs", "interest_rate", "the loan interest rate", &i);
    if (!rc)
        rc = val_need(c, NULL, "inputs", "period_years", "T, the development period in years", &t);
    if (!rc)
        rc = val_opt(c, NULL, "inputs", "profit_rate", 0, &rate);
    if (!rc)
        rc = val_opt(c, NULL, "inputs", "profit", 0, &profit);
    if (rc)
        return rc;
    if (!(t > 0) || rate < 0 || profit < 0 || build < 0 || fees < 0 || taxes < 0)
        return val_refuse(c, "residual.range", "inputs",
                          "the period is positive and costs, profit and rate are not negative");
    if (rate > 0 && profit > 0)
        return val_refuse(c, "residual.profit", "profit",
                          "the profit is a rate on land and costs or an amount, not both");
    double k = build + fees;
    double ik = k * (val_grow(i, t / 2) - 1.0);
    val_step(c, "interest on construction and fees", "K·[(1+i)^(T/2) − 1]", ik);
    *v = (a - taxes - profit - k * (val_grow(i, t / 2) + rate)) / (val_grow(i, t) + rate);
    double il = *v * (val_grow(i, t) - 1.0);
    val_step(c, "interest on the land", "V·[(1+i)^T − 1]", il);
    val_step(c, "developer's profit", rate > 0 ? "p·(V + K)" : "profit",
             rate > 0 ? rate * (*v + k) : profit);
    val_step(c, "value", "V = A − B − C", *v);
    if (!(*v > 0))
        return val_refuse(c, "residual.negative", "completed_value",
                          "the costs and profit exceed the completed value: nothing is left for "
                          "the land (V = %.2f)",
                          *v);
    return 0;
}

const struct val_method_def val_residual = {
    "residual",
    "stripping",
    "剩余法（假设开发法）",
    "Residual (hypothetical development)",
    "GB/T 18508-2014; TD/T 1061-2021",
    "yuan/m2",
    run,
};
