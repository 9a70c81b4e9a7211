/*
 * 固碳 carbon_sequestration — CO₂ an ecosystem fixes in a year (GEP reference §2.2, NEP
 * method): Q = 44/12 × NEP × A with NEP = r_i·NPP (gep/nep.h), t CO₂ per cell.
 * Value: Q × carbon price (yuan per t CO₂).
 */
#include "gep/nep.h"

static int prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                   struct ls_err *err)
{
    return gep_nep_prepare(it, m, cl, "carbon", "yuan/t CO2", err);
}

static void row(const struct gep_item *it, const struct gep_row *r, double *q)
{
    gep_nep_row(it, r, 44.0 / 12.0, q);
}

const struct gep_item_def gep_item_carbon_sequestration = {
    .id = "carbon_sequestration",
    .zh = "固碳",
    .en = "Carbon sequestration",
    .unit = "t CO2",
    .source = "GEP reference §2.2 固碳 (NEP method)",
    .category = GEP_REGULATING,
    .needs = GEP_NEEDS(GEP_L_NPP),
    .prepare = prepare,
    .row = row,
};
