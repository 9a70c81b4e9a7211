/*
 * 景观价值 landscape_value — the premium that green and blue space adds to nearby homes (GEP
 * reference §2.3, hedonic pricing): V = Σ floor area of dwellings within the benefiting distance
 * (m², statistics table) × their price (yuan/m²) × the premium rate (method coefficient
 * "premium_rate", the share of a home's price due to the view or nearness).
 */
#include "gep/item.h"

static int prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                   struct ls_err *err)
{
    int rc = gep_stats_prepare(it, m, cl, err);
    if (!rc)
        rc = gep_param_number(m, it->mi, "premium_rate", &it->par[0], err);
    if (!rc && !(it->par[0] > 0 && it->par[0] < 1))
        rc = ls_err_set(err, LS_EINVAL, m->origin, it->mi->id, "premium_rate",
                        "must be a share between 0 and 1");
    return rc;
}

const struct gep_item_def gep_item_landscape_value = {
    .id = "landscape_value",
    .zh = "景观价值",
    .en = "Landscape value",
    .unit = "m2",
    .source = "GEP reference §2.3 景观价值 (hedonic premium); statistics table",
    .category = GEP_CULTURAL,
    .prepare = prepare,
    .post = gep_stats_post,
    .uses_stats = 1,
    .default_eco = GEP_ECO_NONE,
};
