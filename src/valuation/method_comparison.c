/*
 * 市场比较法 market comparison (GB/T 18508-2014; TD/T 1061 path 1): each comparable's price
 * corrected to the subject, V_i = V_B · A · B · C · D · E — A the transaction-condition
 * ratio, B the price index at the valuation date over that at the transaction, C the regional
 * and D the individual factor ratios, E the term correction
 * K = [1 − (1+r)^−m] / [1 − (1+r)^−n] for the subject's m years against the comparable's n
 * (given as E, or as r, m, n) — and the subject's value the mean of the corrected prices
 * (weighted when weights are given). At least the scheme's minimum of comparables, each
 * traded within its validity window of the valuation date.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "valuation/internal.h"

static int corrected(struct val_ctx *c, const json_t *k, size_t i, double *out, double *w)
{
    char where[48];
    snprintf(where, sizeof where, "comparables[%zu]", i);
    double vb = 0, a = 0, b = 0, cc = 0, d = 0, e = 0;
    int rc = val_need(c, k, where, "price", "the comparable's price, yuan per unit", &vb);
    if (!rc)
        rc = val_opt(c, k, where, "A", 1, &a);
    if (!rc)
        rc = val_opt(c, k, where, "B", 1, &b);
    if (!rc)
        rc = val_opt(c, k, where, "C", 1, &cc);
    if (!rc)
        rc = val_opt(c, k, where, "D", 1, &d);
    if (!rc)
        rc = val_opt(c, k, where, "weight", 1, w);
    if (rc)
        return rc;
    const json_t *term = json_object_get(k, "term");
    if (term) {
        double r = 0, m = 0, n = 0;
        rc = val_need_rate(c, term, where, "r", "the land capitalisation rate", &r);
        if (!rc)
            rc = val_need(c, term, where, "m", "the subject's years left", &m);
        if (!rc)
            rc = val_need(c, term, where, "n", "the comparable's years left", &n);
        if (!rc && !(m > 0 && n > 0))
            rc = val_refuse(c, "comparison.term", where, "years left are positive");
        if (rc)
            return rc;
        e = val_term_correction(r, m, n);
    } else if ((rc = val_opt(c, k, where, "E", 1, &e))) {
        return rc;
    }
    if (!(vb > 0 && a > 0 && b > 0 && cc > 0 && d > 0 && e > 0 && *w > 0))
        return val_refuse(c, "comparison.factor", where,
                          "a price, its correction factors and its weight are positive");
    const char *when = json_string_value(json_object_get(k, "date"));
    long days = val_days_between(when, c->date);
    if (days < 0 && val_days_between(when, when) != 0)
        return val_refuse(c, "input.missing", where, "%s needs its transaction date (YYYY-MM-DD)",
                          where);
    double years = 3;
    val_opt(c, json_object_get(c->scheme->root, "comparison"), "scheme", "validity_years", 3,
            &years);
    if (days < 0 || (double)days > years * 365.25)
        return val_refuse(c, "comparison.validity", where,
                          "%s traded on %s, %s the valuation date %s: a comparable is traded "
                          "within %g years before it",
                          where, when, days < 0 ? "after" : "too long before", c->date, years);
    *out = vb * a * b * cc * d * e;
    char formula[160];
    snprintf(formula, sizeof formula, "V_%zu = V_B·A·B·C·D·E = %g·%g·%g·%g·%g·%.4f", i + 1, vb, a,
             b, cc, d, e);
    val_step(c, "corrected comparable", formula, *out);
    return 0;
}

static int run(struct val_ctx *c, double *v)
{
    const json_t *list = json_object_get(c->inputs, "comparables");
    double min = 3;
    val_opt(c, json_object_get(c->scheme->root, "comparison"), "scheme", "min_comparables", 3,
            &min);
    if (!json_is_array(list) || (double)json_array_size(list) < min)
        return val_refuse(c, "comparison.count", "comparables",
                          "market comparison needs at least %g comparables, %zu given", min,
                          json_array_size(list));
    double sum = 0, wsum = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        double vi = 0, w = 0;
        int rc = corrected(c, json_array_get(list, i), i, &vi, &w);
        if (rc)
            return rc;
        sum += vi * w;
        wsum += w;
    }
    *v = sum / wsum;
    val_step(c, "value", "V = Σ w_i·V_i / Σ w_i", *v);
    return 0;
}

const struct val_method_def val_market_comparison = {
    "market_comparison",
    "comparison",
    "市场比较法",
    "Market comparison",
    "GB/T 18508-2014; TD/T 1061-2021",
    "yuan/m2",
    run,
};
