/*
 * 洪水调蓄 flood_regulation — water that ecosystems hold back in a flood (GEP reference §2.2, after
 * [GZ] and 饶恩明 et al. 2014), four stores in m³:
 *   vegetation: the design storm P_h (mm) minus its SCS-CN runoff, over each vegetated class:
 *     S = 25400/CN − 254, R = (P_h − 0.2 S)²/(P_h + 0.8 S) when P_h > 0.2 S, else 0;
 *     C_v = (P_h − R)·A·10⁻³ (InVEST Urban Flood Risk Mitigation's retention);
 *   lakes: C_l = e^a · A^b · 10⁴ m³ per lake region (A km² of the lake classes, a and b the
 *     regional coefficients; Tibetan Plateau a = 6.636, b = 0.678);
 *   reservoirs: 0.35 × total capacity (statistics rows, m³; the flood-control share);
 *   marshes: 0.3 m × area of the marsh classes.
 * Value: storage × unit reservoir construction cost (yuan/m³).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gep/item.h"
#include "gep/statistics.h"

enum { T_CN, T_LAKE, T_MARSH };
enum { P_STORM, P_LAKE_A, P_LAKE_B, P_RESERVOIR_SHARE, P_MARSH_DEPTH };

static int prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                   struct ls_err *err)
{
    static const char *const models[] = { "storage", NULL };
    static const char *const scalars[] = { "design_storm_mm", "lake_a", "lake_b",
                                           "reservoir_flood_share", "marsh_depth_m" };
    int rc = gep_item_model(it, m, models, err);
    for (int i = 0; !rc && i < 5; i++)
        rc = gep_param_number(m, it->mi, scalars[i], &it->par[i], err);
    if (!rc)
        rc = gep_item_table(it, T_CN, m, "curve_number", cl, err);
    if (!rc)
        rc = gep_item_table(it, T_LAKE, m, "lake", cl, err);
    if (!rc)
        rc = gep_item_table(it, T_MARSH, m, "marsh", cl, err);
    for (size_t k = 0; !rc && k < cl->n; k++)
        if (!isnan(it->tab[T_CN][k]) && !(it->tab[T_CN][k] > 0 && it->tab[T_CN][k] <= 100))
            rc = ls_err_set(err, LS_EINVAL, m->origin, it->mi->id, "curve_number",
                            "%g for land class %ld is not a curve number (0-100]", it->tab[T_CN][k],
                            cl->code[k]);
    double price;
    if (!rc)
        rc = gep_price(m, it->mi, "reservoir_cost", "yuan/m3", &price, err);
    if (!rc)
        gep_item_part(it, "flood storage", "reservoir_cost", 1.0, price);
    return rc;
}

/* Storm water retained per m² (m) by a class of curve number cn. */
static double retained_m(double storm_mm, double cn)
{
    if (isnan(cn) || cn >= 100)
        return 0;
    double s = 25400.0 / cn - 254.0;
    double runoff = storm_mm > 0.2 * s ? pow(storm_mm - 0.2 * s, 2) / (storm_mm + 0.8 * s) : 0;
    return (storm_mm - runoff) * 1e-3;
}

static int add(struct gep_post *p, size_t cell, const char *store, double m3, double price,
               struct ls_err *err)
{
    p->phys[cell] += m3;
    p->value[cell] += m3 * price;
    if (gep_post_component(p, store, "m3", m3, m3 * price))
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    return 0;
}

static int post(const struct gep_item *it, struct gep_post *p, struct ls_err *err)
{
    const size_t ncl = p->cl->n;
    const double price = it->unit_value;
    int rc = 0;
    for (size_t z = 0; z < p->n_polygons && !rc; z++) {
        double lake_km2 = 0;
        size_t lake_cell = z * GEP_ECO_COUNT + GEP_ECO_WETLAND;
        for (size_t k = 0; k < ncl && !rc; k++) {
            double a = p->area_class[z * ncl + k];
            if (a == 0 || p->cl->eco[k] == GEP_ECO_NONE)
                continue;
            size_t cell = z * GEP_ECO_COUNT + (size_t)p->cl->eco[k];
            if (it->tab[T_LAKE][k] != 0) {
                lake_km2 += a / 1e6;
                lake_cell = cell;
            } else if (it->tab[T_MARSH][k] != 0) {
                rc = add(p, cell, "marshes", a * it->par[P_MARSH_DEPTH], price, err);
            } else {
                double v = a * retained_m(it->par[P_STORM], it->tab[T_CN][k]);
                if (v > 0)
                    rc = add(p, cell, "vegetation", v, price, err);
            }
        }
        if (!rc && lake_km2 > 0)
            rc = add(p, lake_cell, "lakes",
                     exp(it->par[P_LAKE_A]) * pow(lake_km2, it->par[P_LAKE_B]) * 1e4, price, err);
    }
    const struct gep_stats *s = p->stats;
    for (size_t r = 0; s && r < s->n && !rc; r++)
        if (strcmp(s->rows[r].item, it->def->id) == 0)
            rc = add(p, s->rows[r].region * GEP_ECO_COUNT + GEP_ECO_WETLAND, "reservoirs",
                     it->par[P_RESERVOIR_SHARE] * s->rows[r].quantity, price, err);
    return rc;
}

const struct gep_item_def gep_item_flood_regulation = {
    .id = "flood_regulation",
    .zh = "洪水调蓄",
    .en = "Flood regulation",
    .unit = "m3",
    .source = "GEP reference §2.2 洪水调蓄 (vegetation SCS-CN, lakes, reservoirs, marshes)",
    .category = GEP_REGULATING,
    .prepare = prepare,
    .post = post,
    .uses_stats = 1,
};
