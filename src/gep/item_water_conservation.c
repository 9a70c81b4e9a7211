/*
 * 水源涵养 water_conservation — the water an ecosystem retains in a year (GEP reference §2.2,
 * after Bai et al. 2017 [GZ] and the NDRC/NBS 2022 specification's water-balance form):
 *   model "water_balance": Q = Σ (P − R − ET)·A·10⁻³ m³, R = α_i·P (runoff coefficient by
 *     ecosystem type), ET the Budyko actual evapotranspiration (gep/budyko.h); a cell where
 *     runoff and evapotranspiration exceed rainfall conserves nothing (0, not negative);
 *   model "budyko": Q = (P − AET)·A·10⁻³, InVEST Annual Water Yield's water yield.
 * Value: Q × unit reservoir construction cost (shadow project), yuan/m³.
 */
#include <math.h>
#include <string.h>

#include "gep/budyko.h"
#include "gep/item.h"

enum { T_KC, T_ROOT, T_VEG, T_RUNOFF };
enum { P_Z, P_BALANCE };

static int prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                   struct ls_err *err)
{
    static const char *const models[] = { "water_balance", "budyko", NULL };
    int rc = gep_item_model(it, m, models, err);
    if (rc)
        return rc;
    it->par[P_BALANCE] = strcmp(it->mi->model, "water_balance") == 0;
    rc = gep_param_number(m, it->mi, "seasonality_z", &it->par[P_Z], err);
    if (!rc)
        rc = gep_item_table(it, T_KC, m, "kc", cl, err);
    if (!rc)
        rc = gep_item_table(it, T_ROOT, m, "root_depth_mm", cl, err);
    if (!rc)
        rc = gep_item_table(it, T_VEG, m, "vegetated", cl, err);
    if (!rc && it->par[P_BALANCE] != 0)
        rc = gep_item_table(it, T_RUNOFF, m, "runoff_coefficient", cl, err);
    double price;
    if (!rc)
        rc = gep_price(m, it->mi, "reservoir_cost", "yuan/m3", &price, err);
    if (!rc)
        gep_item_part(it, "reservoir storage", "reservoir_cost", 1.0, price);
    return rc;
}

static void row(const struct gep_item *it, const struct gep_row *r, double *q)
{
    const double *p = r->in[GEP_L_PRECIPITATION], *et0 = r->in[GEP_L_ET0],
                 *sd = r->in[GEP_L_SOIL_DEPTH], *pawc = r->in[GEP_L_PAWC];
    const double m3_per_mm = r->cell_m2 * 1e-3;
    const int balance = it->par[P_BALANCE] != 0;
    for (long i = 0; i < r->n; i++) {
        long c = r->cls[i];
        if (c < 0) {
            q[i] = NAN;
            continue;
        }
        double aet = gep_budyko_aet(p[i], et0[i], it->tab[T_KC][c], it->tab[T_ROOT][c], sd[i],
                                    pawc[i], it->tab[T_VEG][c] != 0, it->par[P_Z]);
        double mm = p[i] - aet;
        if (balance)
            mm = fmax(0.0, mm - it->tab[T_RUNOFF][c] * p[i]);
        q[i] = mm * m3_per_mm;
    }
}

const struct gep_item_def gep_item_water_conservation = {
    .id = "water_conservation",
    .zh = "水源涵养",
    .en = "Water conservation",
    .unit = "m3",
    .source = "GEP reference §2.2 水源涵养; InVEST Annual Water Yield (Budyko)",
    .category = GEP_REGULATING,
    .needs = GEP_NEEDS(GEP_L_PRECIPITATION) | GEP_NEEDS(GEP_L_ET0) | GEP_NEEDS(GEP_L_SOIL_DEPTH) |
             GEP_NEEDS(GEP_L_PAWC),
    .prepare = prepare,
    .row = row,
};
