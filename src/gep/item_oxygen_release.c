/*
 * 释氧 oxygen_release — O₂ released with the carbon fixed (GEP reference §2.2): by the
 * photosynthesis equation 32/44 t O₂ per t CO₂, so Q = 32/12 × NEP × A (gep/nep.h), t O₂ per
 * cell. The national specification leaves it out of the total (the same flux as 固碳);
 * Shandong and others count it. Value: Q × industrial oxygen price (yuan/t).
 */
#include "gep/nep.h"

static int prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                   struct ls_err *err)
{
    return gep_nep_prepare(it, m, cl, "oxygen", "yuan/t", err);
}

static void row(const struct gep_item *it, const struct gep_row *r, double *q)
{
    gep_nep_row(it, r, 32.0 / 12.0, q);
}

const struct gep_item_def gep_item_oxygen_release = {
    .id = "oxygen_release",
    .zh = "释氧",
    .en = "Oxygen release",
    .unit = "t",
    .source = "GEP reference §2.2 释氧",
    .category = GEP_REGULATING,
    .needs = GEP_NEEDS(GEP_L_NPP),
    .prepare = prepare,
    .row = row,
};
