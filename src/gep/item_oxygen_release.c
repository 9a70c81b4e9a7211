/*
 * 释氧 oxygen_release — O₂ released with the carbon fixed (GEP reference §2.2): by the
 * photosynthesis equation 32/44 t O₂ per t CO₂ fixed, so Q = 32/12 · r_i · NPP · A · 10⁻⁶ t O₂
 * with the same NEP share r_i as carbon sequestration. The national specification leaves it
 * out of the total (the same flux as 固碳); Shandong and others count it.
 * Value: Q × industrial oxygen price (yuan/t).
 */
#include <math.h>

#include "gep/item.h"

enum { T_RATIO };

static int prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                   struct ls_err *err)
{
    static const char *const models[] = { "nep_ratio", NULL };
    int rc = gep_item_model(it, m, models, err);
    if (!rc)
        rc = gep_item_table(it, T_RATIO, m, "nep_npp_ratio", cl, err);
    double price;
    if (!rc)
        rc = gep_price(m, it->mi, "oxygen", "yuan/t", &price, err);
    if (!rc)
        gep_item_part(it, "oxygen", "oxygen", 1.0, price);
    return rc;
}

static void row(const struct gep_item *it, const struct gep_row *r, double *q)
{
    const double *npp = r->in[GEP_L_NPP];
    const double k = 32.0 / 12.0 * r->cell_m2 * 1e-6;
    for (long i = 0; i < r->n; i++) {
        long c = r->cls[i];
        q[i] = c < 0 ? NAN : k * it->tab[T_RATIO][c] * npp[i];
    }
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
