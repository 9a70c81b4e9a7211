/*
 * 渔业产品 fishery_products — fish and other aquatic products of rivers, lakes, reservoirs and the
 * sea (GEP reference §2.1): V = Σ_k Q_k × p_k from the statistics table (t, yuan/t).
 */
#include "gep/item.h"

const struct gep_item_def gep_item_fishery_products = {
    .id = "fishery_products",
    .zh = "渔业产品",
    .en = "Fishery products",
    .unit = "t",
    .source = "GEP reference §2; statistics table",
    .category = GEP_PROVISIONING,
    .prepare = gep_stats_prepare,
    .post = gep_stats_post,
    .uses_stats = 1,
    .default_eco = GEP_ECO_WETLAND,
};
