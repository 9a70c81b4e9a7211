/*
 * 畜牧业产品 livestock_products — meat, milk, eggs, wool from grazing on ecosystems (GEP reference
 * §2.1): V = Σ_k Q_k × p_k from the statistics table (t, yuan/t).
 */
#include "gep/item.h"

const struct gep_item_def gep_item_livestock_products = {
    .id = "livestock_products",
    .zh = "畜牧业产品",
    .en = "Livestock products",
    .unit = "t",
    .source = "GEP reference §2; statistics table",
    .category = GEP_PROVISIONING,
    .prepare = gep_stats_prepare,
    .post = gep_stats_post,
    .uses_stats = 1,
    .default_eco = GEP_ECO_GRASSLAND,
};
