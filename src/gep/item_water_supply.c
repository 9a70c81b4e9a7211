/*
 * 水资源 water_supply — water withdrawn for domestic, industrial and agricultural use (GEP
 * reference §2.1): V = Σ_use Q_use × water price_use (m³, yuan/m³). It overlaps water conservation:
 * methods that count both keep one of them out of the total.
 */
#include "gep/item.h"

const struct gep_item_def gep_item_water_supply = {
    .id = "water_supply",
    .zh = "水资源",
    .en = "Water supply",
    .unit = "m3",
    .source = "GEP reference §2; statistics table",
    .category = GEP_PROVISIONING,
    .prepare = gep_stats_prepare,
    .post = gep_stats_post,
    .uses_stats = 1,
    .default_eco = GEP_ECO_WETLAND,
};
