/*
 * 空气净化 air_purification — SO₂, NOx and dust removed by vegetation (GEP reference §2.2
 * 空气净化): the capacity of each land class, capped by the emissions of the year, valued at the
 * removal cost per tonne ([GZ] prices). The model is gep/purification.h.
 */
#include "gep/purification.h"

const struct gep_item_def gep_item_air_purification = {
    .id = "air_purification",
    .zh = "空气净化",
    .en = "Air purification",
    .unit = "t",
    .source = "GEP reference §2.2 空气净化 (capacity capped by emissions)",
    .category = GEP_REGULATING,
    .prepare = gep_purification_prepare,
    .post = gep_purification_post,
    .uses_stats = 1,
};
