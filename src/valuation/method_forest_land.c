/*
 * 林地 forest land (LY/T 2407-2015; TD/T 1061 annex A), the land without its trees —
 *   林地期望价法 Faustmann: B_u = [A_u + Σ D_a(1+P)^(u−a) − Σ C_i(1+P)^(u−i+1)] / [(1+P)^u − 1] −
 * V/P 年金资本化法 annuity:   B = A / P in yuan per hectare; C_i the costs of year i of a rotation
 * of u years, D_a the thinnings.
 */
#include <stdio.h>
#include <string.h>

#include "valuation/internal.h"

static int faustmann(struct val_ctx *c, double *b)
{
    double au = 0, p = 0, v = 0, u = 0;
    int rc = val_need(c, NULL, "inputs", "A_u", "the final-harvest net income, yuan/ha", &au);
    if (!rc)
        rc = val_need_rate(c, NULL, "inputs", "P", "the investment return rate", &p);
    if (!rc)
        rc = val_opt(c, NULL, "inputs", "V", 0, &v);
    if (!rc)
        rc = val_need(c, NULL, "inputs", "u", "the rotation age", &u);
    if (!rc && !(u >= 1))
        rc = val_refuse(c, "forest.age", "u", "the rotation is at least a year");
    if (rc)
        return rc;
    double d = 0, cost = 0;
    rc = val_forest_thinnings(c, p, u, 0, &d);
    if (!rc)
        rc = val_forest_costs(c, p, u, &cost);
    if (rc)
        return rc;
    val_step(c, "rotation's net income at its end", "A_u + Σ D_a(1+P)^(u−a) − Σ C_i(1+P)^(u−i+1)",
             au + d - cost);
    *b = (au + d - cost) / (val_grow(p, u) - 1.0) - v / p;
    val_step(c, "value", "B_u = [...] / [(1+P)^u − 1] − V/P", *b);
    return 0;
}

static int run(struct val_ctx *c, double *b)
{
    const char *how = json_string_value(json_object_get(c->inputs, "method"));
    if (!how)
        how = json_object_get(c->inputs, "A") ? "annuity" : "faustmann";
    json_object_set_new(c->extra, "forest_method", json_string(how));
    if (!strcmp(how, "faustmann"))
        return faustmann(c, b);
    if (strcmp(how, "annuity"))
        return val_refuse(c, "forest.method", "method",
                          "forest land is valued by faustmann or annuity, not %s", how);
    double a = 0, p = 0;
    int rc = val_need(c, NULL, "inputs", "A", "the annual land rent, yuan/ha", &a);
    if (!rc)
        rc = val_need_rate(c, NULL, "inputs", "P", "the investment return rate", &p);
    if (rc)
        return rc;
    *b = a / p;
    val_step(c, "value", "B = A / P", *b);
    return 0;
}

const struct val_method_def val_forest_land = {
    "forest_land", "income", "林地评估", "Forest land", "LY/T 2407-2015; TD/T 1061-2021 annex A",
    "yuan/ha",     run,
};
