/*
 * 气候调节 climate_regulation — the energy evapotranspiration takes out of the air, as the
 * electricity air conditioners and humidifiers would use (GEP reference §2.2, [GZ]; defaults
 * of [YY]):
 *   vegetation: E_pt = EPP_i · A · D / (3600 · r) kWh, EPP_i heat consumed by transpiration
 *     (kJ/(m²·d), by class), D days that need cooling (T_max > 26 °C), r air-conditioner EER;
 *   water surfaces (class table "water_surface" = 1): evaporated volume E_w = K_c·ET0·A·10⁻³ m³,
 *     E_we = E_w · ρ_w · q / 3600 (÷ r when "divide_water_by_eer" = 1; [GZ] does not) + E_w · y,
 *     ρ_w = 1000 kg/m³, q latent heat (J/g = kJ/kg), y humidifier kWh per m³ of vapour.
 * Value: kWh × electricity price.
 */
#include <math.h>

#include "gep/item.h"

enum { T_EPP, T_WATER, T_KC };
enum { P_DAYS, P_EER, P_LATENT, P_HUMIDIFIER, P_DIVIDE };

static int prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                   struct ls_err *err)
{
    static const char *const models[] = { "evapotranspiration_energy", NULL };
    static const char *const scalars[] = { "cooling_days", "eer", "latent_heat_kj_per_kg",
                                           "humidifier_kwh_per_m3", "divide_water_by_eer" };
    int rc = gep_item_model(it, m, models, err);
    for (int i = 0; !rc && i < 5; i++)
        rc = gep_param_number(m, it->mi, scalars[i], &it->par[i], err);
    if (!rc && !(it->par[P_EER] > 0))
        rc = ls_err_set(err, LS_EINVAL, m->origin, it->mi->id, "eer", "must be positive");
    if (!rc)
        rc = gep_item_table(it, T_EPP, m, "epp_kj_m2_d", cl, err);
    if (!rc)
        rc = gep_item_table(it, T_WATER, m, "water_surface", cl, err);
    if (!rc)
        rc = gep_item_table(it, T_KC, m, "kc", cl, err);
    double price;
    if (!rc)
        rc = gep_price(m, it->mi, "electricity", "yuan/kWh", &price, err);
    if (!rc)
        gep_item_part(it, "electricity", "electricity", 1.0, price);
    return rc;
}

static void row(const struct gep_item *it, const struct gep_row *r, double *q)
{
    const double *et0 = r->in[GEP_L_ET0];
    const double veg = it->par[P_DAYS] / (3600.0 * it->par[P_EER]) * r->cell_m2;
    const double per_m3 =
        1000.0 * it->par[P_LATENT] / 3600.0 / (it->par[P_DIVIDE] != 0 ? it->par[P_EER] : 1.0) +
        it->par[P_HUMIDIFIER];
    for (long i = 0; i < r->n; i++) {
        long c = r->cls[i];
        if (c < 0)
            q[i] = NAN;
        else if (it->tab[T_WATER][c] != 0)
            q[i] = it->tab[T_KC][c] * et0[i] * r->cell_m2 * 1e-3 * per_m3;
        else
            q[i] = it->tab[T_EPP][c] * veg;
    }
}

const struct gep_item_def gep_item_climate_regulation = {
    .id = "climate_regulation",
    .zh = "气候调节",
    .en = "Climate regulation",
    .unit = "kWh",
    .source = "GEP reference §2.2 气候调节 (transpiration and evaporation energy)",
    .category = GEP_REGULATING,
    .needs = GEP_NEEDS(GEP_L_ET0),
    .prepare = prepare,
    .row = row,
};
