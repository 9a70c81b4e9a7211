/*
 * 土壤保持 soil_retention — soil kept in place by vegetation: RUSLE potential minus actual
 * erosion (GEP reference §2.2 after [GZ]; the same quantity as InVEST SDR's avoided erosion):
 *   Q = R·K·LS·(1 − C·P) × A/10⁴ t per cell (R, K, LS rasters; C, P by class).
 * Value, both parts per tonne retained:
 *   sediment  = λ / ρ × dredging cost (λ share of eroded soil that silts reservoirs, ρ bulk
 *               density t/m³, cost yuan/m³);
 *   nutrients = N fraction × N treatment cost + P fraction × P treatment cost (yuan/t).
 */
#include <math.h>

#include "gep/item.h"

enum { T_C, T_P };

static int prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                   struct ls_err *err)
{
    static const char *const models[] = { "rusle", NULL };
    int rc = gep_item_model(it, m, models, err);
    if (!rc)
        rc = gep_item_table(it, T_C, m, "usle_c", cl, err);
    if (!rc)
        rc = gep_item_table(it, T_P, m, "usle_p", cl, err);
    double lambda, rho, dredge, nfrac, pfrac, nprice, pprice;
    if (!rc)
        rc = gep_param_number(m, it->mi, "sedimentation_coefficient", &lambda, err);
    if (!rc)
        rc = gep_param_number(m, it->mi, "bulk_density_t_m3", &rho, err);
    if (!rc && !(rho > 0))
        rc = ls_err_set(err, LS_EINVAL, m->origin, it->mi->id, "bulk_density_t_m3",
                        "must be positive");
    if (!rc)
        rc = gep_price(m, it->mi, "dredging_cost", "yuan/m3", &dredge, err);
    if (!rc)
        rc = gep_param_number(m, it->mi, "soil_n_fraction", &nfrac, err);
    if (!rc)
        rc = gep_param_number(m, it->mi, "soil_p_fraction", &pfrac, err);
    if (!rc)
        rc = gep_price(m, it->mi, "n_treatment", "yuan/t", &nprice, err);
    if (!rc)
        rc = gep_price(m, it->mi, "p_treatment", "yuan/t", &pprice, err);
    if (rc)
        return rc;
    gep_item_part(it, "sediment", "dredging_cost", lambda / rho, dredge);
    gep_item_part(it, "nitrogen", "n_treatment", nfrac, nprice);
    gep_item_part(it, "phosphorus", "p_treatment", pfrac, pprice);
    return 0;
}

static void row(const struct gep_item *it, const struct gep_row *r, double *q)
{
    const double *R = r->in[GEP_L_EROSIVITY], *K = r->in[GEP_L_ERODIBILITY], *LS = r->in[GEP_L_LS];
    const double ha = r->cell_m2 / 1e4;
    for (long i = 0; i < r->n; i++) {
        long c = r->cls[i];
        q[i] = c < 0 ? NAN : R[i] * K[i] * LS[i] * (1.0 - it->tab[T_C][c] * it->tab[T_P][c]) * ha;
    }
}

const struct gep_item_def gep_item_soil_retention = {
    .id = "soil_retention",
    .zh = "土壤保持",
    .en = "Soil retention",
    .unit = "t",
    .source = "GEP reference §2.2 土壤保持 (RUSLE); InVEST SDR avoided erosion",
    .category = GEP_REGULATING,
    .needs = GEP_NEEDS(GEP_L_EROSIVITY) | GEP_NEEDS(GEP_L_ERODIBILITY) | GEP_NEEDS(GEP_L_LS),
    .prepare = prepare,
    .row = row,
};
