/*
 * 水质净化 water_purification — COD, ammonia nitrogen and total phosphorus removed by wetlands and
 * water bodies (GEP reference §2.2 水质净化): the capacity of each land class, capped by the
 * emissions of the year, valued at the removal cost per tonne ([GZ] prices). The model is
 * gep/purification.h.
 */
#include "gep/purification.h"

const struct gep_item_def gep_item_water_purification = {
    .id = "water_purification",
    .zh = "水质净化",
    .en = "Water purification",
    .unit = "t",
    .source = "GEP reference §2.2 水质净化 (capacity capped by emissions)",
    .category = GEP_REGULATING,
    .prepare = gep_purification_prepare,
    .post = gep_purification_post,
    .uses_stats = 1,
};
