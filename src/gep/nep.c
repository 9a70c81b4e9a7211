/* gep/nep — NEP-based items. */
#include "gep/nep.h"

#include <math.h>

int gep_nep_prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                    const char *price, const char *unit, struct ls_err *err)
{
    static const char *const models[] = { "nep_ratio", NULL };
    int rc = gep_item_model(it, m, models, err);
    if (!rc)
        rc = gep_item_table(it, 0, m, "nep_npp_ratio", cl, err);
    double p;
    if (!rc)
        rc = gep_price(m, it->mi, price, unit, &p, err);
    if (!rc)
        gep_item_part(it, price, price, 1.0, p);
    return rc;
}

void gep_nep_row(const struct gep_item *it, const struct gep_row *r, double gas_per_c, double *q)
{
    const double *npp = r->in[GEP_L_NPP];
    const double k = gas_per_c * r->cell_m2 * 1e-6;
    for (long i = 0; i < r->n; i++) {
        long c = r->cls[i];
        q[i] = c < 0 ? NAN : k * it->tab[0][c] * npp[i];
    }
}
