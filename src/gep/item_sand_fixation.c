/*
 * 防风固沙 sand_fixation — soil kept from the wind by vegetation: RWEQ potential minus actual
 * wind erosion (Fryrear et al. 1998; GEP reference §2.2 after [GZ]), per cell:
 *   X = WF · EF · SCF · K′ · COG (COG = 1 for the potential),
 *   Q_max = 109.8 X, s = 150.71 X^−0.3711, SL = (2z/s²) · Q_max · e^−(z/s)², z = 50 m (kg/m²),
 *   Q = max(0, SL_potential − SL) · A · 10⁻³ t per cell;
 *   WF the year's weather factor (kg/m, a raster computed from daily wind, temperature, rain and
 *   snow), EF = (29.09 + 0.31 sa + 0.17 si + 0.33 sa/cl − 2.59 OM − 0.95 CaCO₃)/100,
 *   SCF = 1/(1 + 0.0066 cl² + 0.021 OM²) from soil texture (%), K′ surface roughness by class,
 *   COG = e^(a_i · FVC%) with FVC from NDVI between bare soil and full cover.
 * Value: the area Q/(ρ·h) that sand of bulk density ρ (t/m³) would cover h metres deep, times the
 * cost of sand control per m² ([GZ]: 1.28 t/m³, 0.1 m, 3.75 yuan/m²).
 * It applies in wind-erosion regions; an account elsewhere declares it not applicable.
 */
#include <math.h>

#include "gep/item.h"

enum { T_K, T_COG };
enum { P_CACO3, P_NDVI_SOIL, P_NDVI_VEG };

static int prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                   struct ls_err *err)
{
    static const char *const models[] = { "rweq", NULL };
    static const char *const scalars[] = { "caco3_percent", "ndvi_bare_soil", "ndvi_full_cover" };
    int rc = gep_item_model(it, m, models, err);
    for (int i = 0; !rc && i < 3; i++)
        rc = gep_param_number(m, it->mi, scalars[i], &it->par[i], err);
    if (!rc && !(it->par[P_NDVI_VEG] > it->par[P_NDVI_SOIL]))
        rc = ls_err_set(err, LS_EINVAL, m->origin, it->mi->id, "ndvi_full_cover",
                        "must be above ndvi_bare_soil");
    if (!rc)
        rc = gep_item_table(it, T_K, m, "roughness_k", cl, err);
    if (!rc)
        rc = gep_item_table(it, T_COG, m, "cog_coefficient", cl, err);
    double rho = 0, h = 0, cost = 0;
    if (!rc)
        rc = gep_param_number(m, it->mi, "sand_density_t_m3", &rho, err);
    if (!rc)
        rc = gep_param_number(m, it->mi, "cover_depth_m", &h, err);
    if (!rc && !(rho > 0 && h > 0))
        rc = ls_err_set(err, LS_EINVAL, m->origin, it->mi->id, "cover_depth_m",
                        "density and depth must be positive");
    if (!rc)
        rc = gep_price(m, it->mi, "sand_control_cost", "yuan/m2", &cost, err);
    if (!rc)
        gep_item_part(it, "sand control", "sand_control_cost", 1.0 / (rho * h), cost);
    return rc;
}

/* Soil loss SL (kg/m²) at the end of a 50 m field for the product X of the factors. */
static double soil_loss(double x)
{
    if (!(x > 0))
        return 0;
    const double z = 50.0;
    double qmax = 109.8 * x, s = 150.71 * pow(x, -0.3711);
    return 2.0 * z / (s * s) * qmax * exp(-(z / s) * (z / s));
}

static void row(const struct gep_item *it, const struct gep_row *r, double *q)
{
    const double *wf = r->in[GEP_L_WIND_FACTOR], *sa = r->in[GEP_L_SAND], *si = r->in[GEP_L_SILT],
                 *cl = r->in[GEP_L_CLAY], *om = r->in[GEP_L_ORGANIC], *ndvi = r->in[GEP_L_NDVI];
    for (long i = 0; i < r->n; i++) {
        long c = r->cls[i];
        if (c < 0) {
            q[i] = NAN;
            continue;
        }
        double clay = fmax(cl[i], 0.1); /* sa/cl: a clay-free sand is bounded, not infinite */
        double ef = (29.09 + 0.31 * sa[i] + 0.17 * si[i] + 0.33 * sa[i] / clay - 2.59 * om[i] -
                     0.95 * it->par[P_CACO3]) /
                    100.0;
        ef = fmin(fmax(ef, 0.0), 1.0);
        double scf = 1.0 / (1.0 + 0.0066 * cl[i] * cl[i] + 0.021 * om[i] * om[i]);
        double fvc =
            (ndvi[i] - it->par[P_NDVI_SOIL]) / (it->par[P_NDVI_VEG] - it->par[P_NDVI_SOIL]);
        fvc = fmin(fmax(fvc, 0.0), 1.0);
        double cog = exp(it->tab[T_COG][c] * fvc * 100.0);
        double x = wf[i] * ef * scf * it->tab[T_K][c];
        q[i] = fmax(0.0, soil_loss(x) - soil_loss(x * cog)) * r->cell_m2 * 1e-3;
    }
}

const struct gep_item_def gep_item_sand_fixation = {
    .id = "sand_fixation",
    .zh = "防风固沙",
    .en = "Sand fixation",
    .unit = "t",
    .source = "GEP reference §2.2 防风固沙 (RWEQ, Fryrear et al. 1998)",
    .category = GEP_REGULATING,
    .needs = GEP_NEEDS(GEP_L_WIND_FACTOR) | GEP_NEEDS(GEP_L_SAND) | GEP_NEEDS(GEP_L_SILT) |
             GEP_NEEDS(GEP_L_CLAY) | GEP_NEEDS(GEP_L_ORGANIC) | GEP_NEEDS(GEP_L_NDVI),
    .prepare = prepare,
    .row = row,
};
