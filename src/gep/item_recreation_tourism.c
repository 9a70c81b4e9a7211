/*
 * 休闲旅游 recreation_tourism — visits to ecosystem-based sites (GEP reference §2.3, travel cost
 * method): V = Σ_j N_j × C_j, N person-trips by site or visitor group, C the travel cost per trip
 * (travel, lodging, tickets and time), both from the statistics table.
 */
#include "gep/item.h"

const struct gep_item_def gep_item_recreation_tourism = {
    .id = "recreation_tourism",
    .zh = "休闲旅游",
    .en = "Recreation and tourism",
    .unit = "person-trips",
    .source = "GEP reference §2; statistics table",
    .category = GEP_CULTURAL,
    .prepare = gep_stats_prepare,
    .post = gep_stats_post,
    .uses_stats = 1,
    .default_eco = GEP_ECO_NONE,
};
