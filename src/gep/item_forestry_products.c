/*
 * 林业产品 forestry_products — timber, bamboo, nuts and other forest products (GEP reference §2.1):
 * V = Σ_k Q_k × p_k from the statistics table (t, yuan/t); timber given in m³ must be converted
 * to tonnes by its density before it enters the table.
 */
#include "gep/item.h"

const struct gep_item_def gep_item_forestry_products = {
    .id = "forestry_products",
    .zh = "林业产品",
    .en = "Forestry products",
    .unit = "t",
    .source = "GEP reference §2; statistics table",
    .category = GEP_PROVISIONING,
    .prepare = gep_stats_prepare,
    .post = gep_stats_post,
    .uses_stats = 1,
    .default_eco = GEP_ECO_FOREST,
};
