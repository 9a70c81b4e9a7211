/*
 * 收益还原法 income capitalisation (GB/T 18508-2014 annex A; TD/T 1061 path 2): the land's
 * annual net income a capitalised at the rate r over the n years left, in the form the
 * income takes —
 *   constant, n years:            V = a/r · [1 − (1+r)^−n]      (n absent: perpetual, V = a/r)
 *   growing geometrically by s:   V = a/(r−s) · [1 − ((1+s)/(1+r))^n],  s < r
 *   growing arithmetically by b:  V = (a/r + b/r²)·[1 − (1+r)^−n] − (b/r)·n·(1+r)^−n
 *   varying for t years, then a:  V = Σ a_i/(1+r)^i + a/(r(1+r)^t)·[1 − (1+r)^−(n−t)]
 * From a rented property, the land's income is what is left after the building's return:
 * a = a_property − building value × r_building.
 */
#include <math.h>
#include <string.h>

#include "valuation/internal.h"

static int land_income(struct val_ctx *c, double *a)
{
    const json_t *b = json_object_get(c->inputs, "building");
    int rc = val_need(c, NULL, "inputs", "a", "the annual net income, yuan per unit of area", a);
    if (rc || !b)
        return rc;
    double bv = 0, br = 0;
    rc = val_need(c, b, "inputs.building", "value", "the building's value", &bv);
    if (!rc)
        rc = val_need_rate(c, b, "inputs.building", "r", "the building's capitalisation rate", &br);
    if (rc)
        return rc;
    val_step(c, "income of the property", "a_property", *a);
    *a -= bv * br;
    val_step(c, "income of the land", "a = a_property − building value × r_building", *a);
    return 0;
}

static int run(struct val_ctx *c, double *v)
{
    double a = 0, r = 0, n = 0;
    int rc = land_income(c, &a);
    if (!rc)
        rc = val_need_rate(c, NULL, "inputs", "r", "the land capitalisation rate", &r);
    if (!rc)
        rc = val_opt(c, NULL, "inputs", "n", INFINITY, &n);
    if (rc)
        return rc;
    if (!(n > 0))
        return val_refuse(c, "income.term", "n", "the years left are positive, not %g", n);
    const char *form = json_string_value(json_object_get(c->inputs, "form"));
    if (!form)
        form = "constant";
    if (!strcmp(form, "constant")) {
        *v = a * val_annuity(r, n);
        val_step(c, "value", isinf(n) ? "V = a/r" : "V = a/r · [1 − (1+r)^−n]", *v);
    } else if (!strcmp(form, "geometric")) {
        double s = 0;
        if ((rc = val_need(c, NULL, "inputs", "s", "the income's yearly growth rate", &s)))
            return rc;
        if (!(r > s))
            return val_refuse(c, "income.rate_not_above_growth", "s",
                              "the capitalisation rate %g must exceed the growth rate %g: "
                              "otherwise the income has no finite value",
                              r, s);
        *v = isinf(n) ? a / (r - s) : a / (r - s) * (1.0 - pow((1.0 + s) / (1.0 + r), n));
        val_step(c, "value", "V = a/(r−s) · [1 − ((1+s)/(1+r))^n]", *v);
    } else if (!strcmp(form, "arithmetic")) {
        double b = 0;
        if ((rc = val_need(c, NULL, "inputs", "b", "the income's yearly increase, yuan", &b)))
            return rc;
        if (isinf(n)) {
            *v = a / r + b / (r * r);
        } else {
            *v = (a / r + b / (r * r)) * (1.0 - pow(1.0 + r, -n)) - b / r * n * pow(1.0 + r, -n);
        }
        val_step(c, "value", "V = (a/r + b/r²)·[1 − (1+r)^−n] − (b/r)·n·(1+r)^−n", *v);
    } else if (!strcmp(form, "varying")) {
        const json_t *list = json_object_get(c->inputs, "a_years");
        size_t t = json_array_size(list);
        if (!t)
            return val_refuse(c, "input.missing", "a_years",
                              "the varying form needs a_years, the incomes of the first years");
        if ((double)t >= n)
            return val_refuse(c, "income.term", "a_years",
                              "%zu varying years leave none of the %g years left", t, n);
        double pv = 0;
        for (size_t i = 0; i < t; i++) {
            const json_t *ai = json_array_get(list, i);
            if (!json_is_number(ai))
                return val_refuse(c, "input.type", "a_years", "income %zu is a number", i + 1);
            pv += json_number_value(ai) / val_grow(r, (double)(i + 1));
        }
        val_step(c, "the varying years", "Σ_{i=1..t} a_i/(1+r)^i", pv);
        double rest = a * val_annuity(r, n - (double)t) / val_grow(r, (double)t);
        val_step(c, "the years after", "a/(r(1+r)^t) · [1 − (1+r)^−(n−t)]", rest);
        *v = pv + rest;
        val_step(c, "value", "V = Σ a_i/(1+r)^i + a/(r(1+r)^t)·[1 − (1+r)^−(n−t)]", *v);
    } else {
        return val_refuse(c, "income.form", "form",
                          "the income's form is constant, geometric, arithmetic or varying, not %s",
                          form);
    }
    return 0;
}

const struct val_method_def val_income_capitalisation = {
    "income_capitalisation",
    "income",
    "收益还原法",
    "Income capitalisation",
    "GB/T 18508-2014 annex A; TD/T 1061-2021",
    "yuan/m2",
    run,
};
