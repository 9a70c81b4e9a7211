/*
 * 生态能源 ecological_energy — hydropower (and biomass energy) generated from ecosystems (GEP
 * reference §2.1): V = generation (kWh) × on-grid electricity price (yuan/kWh); [GZ] 95.30 亿kWh ×
 * 0.53 = 50.51 亿元.
 */
#include "gep/item.h"

const struct gep_item_def gep_item_ecological_energy = {
    .id = "ecological_energy",
    .zh = "生态能源",
    .en = "Ecological energy",
    .unit = "kWh",
    .source = "GEP reference §2; statistics table",
    .category = GEP_PROVISIONING,
    .prepare = gep_stats_prepare,
    .post = gep_stats_post,
    .uses_stats = 1,
    .default_eco = GEP_ECO_WETLAND,
};
