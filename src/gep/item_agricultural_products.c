/*
 * 农业产品 agricultural_products — crops harvested from cropland ecosystems (GEP reference §2.1,
 * market value method): V = Σ_k Q_k × p_k over the products of the statistics table (t, yuan/t).
 * Facility farming that does not draw on an ecosystem is left out of the table by the user.
 */
#include "gep/item.h"

const struct gep_item_def gep_item_agricultural_products = {
    .id = "agricultural_products",
    .zh = "农业产品",
    .en = "Agricultural products",
    .unit = "t",
    .source = "GEP reference §2; statistics table",
    .category = GEP_PROVISIONING,
    .prepare = gep_stats_prepare,
    .post = gep_stats_post,
    .uses_stats = 1,
    .default_eco = GEP_ECO_CROPLAND,
};
