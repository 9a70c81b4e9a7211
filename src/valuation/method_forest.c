/*
 * 林木资产 forest stands (LY/T 2407-2015), by the method of their age class in the scheme
 * (young: replacement cost; middle-aged and near-mature: harvest present value; mature and
 * over-mature: reverse market price) or the one asked for —
 *   reverse market price:   E = W − C − F
 *   harvest present value:  E_n = K·[A_u + Σ D_a(1+P)^(u−a)]/(1+P)^(u−n) − Σ_{i=n}^{u}
 * V/(1+P)^(i−n+1) replacement cost:       E_n = K · Σ_{i=1}^{n} C_i (1+P)^(n−i+1) current market
 * price:   E = K · K_b · G · M in yuan per hectare of stand. The trees only: the land under them is
 * forest_land, valued apart and never twice.
 */
#include <stdio.h>
#include <string.h>

#include "valuation/internal.h"

static int harvest_pv(struct val_ctx *c, double *e)
{
    double k = 0, au = 0, p = 0, v = 0, u = 0, n = 0, d = 0;
    int rc = val_opt(c, NULL, "inputs", "K", 1, &k);
    if (!rc)
        rc = val_need(c, NULL, "inputs", "A_u", "the final-harvest net income at rotation, yuan/ha",
                      &au);
    if (!rc)
        rc = val_need_rate(c, NULL, "inputs", "P", "the investment return rate", &p);
    if (!rc)
        rc = val_opt(c, NULL, "inputs", "V", 0, &v);
    if (!rc)
        rc = val_need(c, NULL, "inputs", "u", "the rotation age", &u);
    if (!rc)
        rc = val_need(c, NULL, "inputs", "n", "the stand's age", &n);
    if (!rc && !(u > n && n >= 0))
        rc = val_refuse(c, "forest.age", "n", "the stand's age %g is below the rotation %g", n, u);
    if (!rc)
        rc = val_forest_thinnings(c, p, u, n, &d);
    if (rc)
        return rc;
    double income = k * (au + d) / val_grow(p, u - n);
    val_step(c, "harvest and thinnings discounted", "K·[A_u + Σ D_a(1+P)^(u−a)]/(1+P)^(u−n)",
             income);
    double cost = v * val_annuity(p, u - n + 1);
    val_step(c, "management costs discounted", "Σ_{i=n}^{u} V/(1+P)^(i−n+1)", cost);
    *e = income - cost;
    val_step(c, "value", "E_n = income − costs", *e);
    return 0;
}

static int replacement(struct val_ctx *c, double *e)
{
    double k = 0, p = 0;
    int rc = val_opt(c, NULL, "inputs", "K", 1, &k);
    if (!rc)
        rc = val_need_rate(c, NULL, "inputs", "P", "the investment return rate", &p);
    size_t n = json_array_size(json_object_get(c->inputs, "costs"));
    if (!rc && !n)
        rc = val_refuse(c, "input.missing", "costs",
                        "replacement cost needs costs, the cost of each year 1 … n at current "
                        "prices");
    double sum = 0;
    if (!rc)
        rc = val_forest_costs(c, p, (double)n, &sum);
    if (rc)
        return rc;
    val_step(c, "costs compounded", "Σ_{i=1}^{n} C_i (1+P)^(n−i+1)", sum);
    *e = k * sum;
    val_step(c, "value", "E_n = K · Σ C_i (1+P)^(n−i+1)", *e);
    return 0;
}

static int reverse(struct val_ctx *c, double *e)
{
    double w = 0, cc = 0, f = 0;
    int rc = val_need(c, NULL, "inputs", "W", "the timber's sales revenue, yuan/ha", &w);
    if (!rc)
        rc = val_need(c, NULL, "inputs", "C",
                      "logging, transport, sales, management and finance costs and taxes", &cc);
    if (!rc)
        rc = val_need(c, NULL, "inputs", "F", "the reasonable profit", &f);
    if (rc)
        return rc;
    *e = w - cc - f;
    val_step(c, "value", "E = W − C − F", *e);
    return 0;
}

static int current_price(struct val_ctx *c, double *e)
{
    double k = 0, kb = 0, g = 0, m = 0;
    int rc = val_opt(c, NULL, "inputs", "K", 1, &k);
    if (!rc)
        rc = val_opt(c, NULL, "inputs", "K_b", 1, &kb);
    if (!rc)
        rc = val_need(c, NULL, "inputs", "G", "the comparable's price per m³", &g);
    if (!rc)
        rc = val_need(c, NULL, "inputs", "M", "the stand's volume, m³/ha", &m);
    if (rc)
        return rc;
    *e = k * kb * g * m;
    val_step(c, "value", "E = K · K_b · G · M", *e);
    return 0;
}

static int run(struct val_ctx *c, double *e)
{
    const char *how = json_string_value(json_object_get(c->inputs, "method"));
    const char *age = json_string_value(json_object_get(c->inputs, "age_class"));
    if (!how && age) {
        const json_t *by = json_object_get(
            json_object_get(json_object_get(c->scheme->root, "forest"), "method_by_age_class"),
            age);
        if (!json_is_string(by))
            return val_refuse(c, "forest.age_class", "age_class",
                              "%s is not an age class (young, middle, near_mature, mature, "
                              "over_mature)",
                              age);
        how = json_string_value(by);
    }
    if (!how)
        return val_refuse(c, "input.missing", "age_class",
                          "a stand is valued by its age_class, or by the method asked for");
    json_object_set_new(c->extra, "forest_method", json_string(how));
    if (!strcmp(how, "harvest_present_value"))
        return harvest_pv(c, e);
    if (!strcmp(how, "replacement_cost"))
        return replacement(c, e);
    if (!strcmp(how, "reverse_market_price"))
        return reverse(c, e);
    if (!strcmp(how, "current_market_price"))
        return current_price(c, e);
    return val_refuse(c, "forest.method", "method",
                      "a stand is valued by harvest_present_value, replacement_cost, "
                      "reverse_market_price or current_market_price, not %s",
                      how);
}

const struct val_method_def val_forest_stand = {
    "forest_stand", "income", "林木资产评估", "Forest stand (trees)", "LY/T 2407-2015",
    "yuan/ha",      run,
};
