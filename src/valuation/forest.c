/* valuation/forest — what the forest methods share (LY/T 2407-2015): the thinnings brought
 * forward to the rotation's end, and a rotation's yearly costs compounded to a year. */
#include <stdio.h>

#include "valuation/internal.h"

int val_forest_thinnings(struct val_ctx *c, double p, double u, double after, double *out)
{
    const json_t *list = json_object_get(c->inputs, "thinnings");
    *out = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *t = json_array_get(list, i);
        char where[32];
        snprintf(where, sizeof where, "thinnings[%zu]", i);
        double age = 0, income = 0;
        int rc = val_need(c, t, where, "age", "the stand age of the thinning", &age);
        if (!rc)
            rc = val_need(c, t, where, "income", "its net income, yuan/ha", &income);
        if (rc)
            return rc;
        /* a thinning at or before the stand's age is income already taken */
        if (!(age > after && age < u))
            return val_refuse(c, "forest.thinning_age", where,
                              "a thinning counted is still to come, between age %g and the "
                              "rotation %g: not at %g",
                              after, u, age);
        *out += income * val_grow(p, u - age);
    }
    return 0;
}

int val_forest_costs(struct val_ctx *c, double p, double horizon, double *out)
{
    const json_t *costs = json_object_get(c->inputs, "costs");
    *out = 0;
    if ((double)json_array_size(costs) > horizon)
        return val_refuse(c, "forest.costs", "costs", "costs run for at most the %g years",
                          horizon);
    for (size_t i = 0; i < json_array_size(costs); i++) {
        const json_t *ci = json_array_get(costs, i);
        if (!json_is_number(ci))
            return val_refuse(c, "input.type", "costs", "cost of year %zu is a number", i + 1);
        /* year i + 1 compounds over horizon − (i + 1) + 1 years */
        *out += json_number_value(ci) * val_grow(p, horizon - (double)i);
    }
    return 0;
}
