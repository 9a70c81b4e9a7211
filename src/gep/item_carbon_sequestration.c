/*
 * 固碳 carbon_sequestration — CO₂ an ecosystem fixes in a year (GEP reference §2.2, NEP
 * method): NEP = r_i·NPP (the share of net primary production not respired by soil
 * heterotrophs, by ecosystem type), Q = 44/12 × NEP × A, with NPP in g C/(m²·a):
 *   Q = 44/12 · r_i · NPP · A · 10⁻⁶ t CO₂ per cell.
 * Value: Q × carbon price (yuan per t CO₂).
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
        rc = gep_price(m, it->mi, "carbon", "yuan/t CO2", &price, err);
    if (!rc)
        gep_item_part(it, "carbon dioxide", "carbon", 1.0, price);
    return rc;
}

static void row(const struct gep_item *it, const struct gep_row *r, double *q)
{
    const double *npp = r->in[GEP_L_NPP];
    const double k = 44.0 / 12.0 * r->cell_m2 * 1e-6;
    for (long i = 0; i < r->n; i++) {
        long c = r->cls[i];
        q[i] = c < 0 ? NAN : k * it->tab[T_RATIO][c] * npp[i];
    }
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
