/*
 * 碳储量 carbon_storage — the carbon stock of the four pools (above-ground, below-ground,
 * soil, dead matter), as InVEST's Carbon model computes it (carbon.py): t C/ha by class ×
 * cell area. A stock of natural capital, not a yearly flow: accounts report it beside GEP
 * and never add it to the total. Value (optional): t C × a price per t C.
 */
#include <math.h>

#include "gep/item.h"

enum { T_ABOVE, T_BELOW, T_SOIL, T_DEAD };

static int prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                   struct ls_err *err)
{
    static const char *const models[] = { "pools", NULL };
    int rc = gep_item_model(it, m, models, err);
    if (!rc && it->mi->in_total)
        rc = ls_err_set(err, LS_EINVAL, m->origin, it->mi->id, "in_total",
                        "a carbon stock is not a yearly flow and cannot be part of GEP");
    if (!rc)
        rc = gep_item_table(it, T_ABOVE, m, "c_above", cl, err);
    if (!rc)
        rc = gep_item_table(it, T_BELOW, m, "c_below", cl, err);
    if (!rc)
        rc = gep_item_table(it, T_SOIL, m, "c_soil", cl, err);
    if (!rc)
        rc = gep_item_table(it, T_DEAD, m, "c_dead", cl, err);
    if (!rc && json_object_get(it->mi->prices, "carbon_stock")) {
        double price;
        rc = gep_price(m, it->mi, "carbon_stock", "yuan/t C", &price, err);
        if (!rc)
            gep_item_part(it, "carbon stock", "carbon_stock", 1.0, price);
    }
    return rc;
}

static void row(const struct gep_item *it, const struct gep_row *r, double *q)
{
    const double ha = r->cell_m2 / 1e4;
    for (long i = 0; i < r->n; i++) {
        long c = r->cls[i];
        q[i] = c < 0 ? NAN
                     : (it->tab[T_ABOVE][c] + it->tab[T_BELOW][c] + it->tab[T_SOIL][c] +
                        it->tab[T_DEAD][c]) *
                           ha;
    }
}

const struct gep_item_def gep_item_carbon_storage = {
    .id = "carbon_storage",
    .zh = "碳储量",
    .en = "Carbon storage (stock)",
    .unit = "t C",
    .source = "GEP reference §4 (SEEA asset account), §5.5 InVEST Carbon",
    .category = GEP_STOCK,
    .needs = 0,
    .prepare = prepare,
    .row = row,
};
