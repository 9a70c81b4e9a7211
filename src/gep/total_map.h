/*
 * gep/total_map — the account's GEP as one map (GEP 空间分布图): OUT/gep_total_value.tif in
 * yuan per cell on the land cover's grid, the spatial items' value rasters added cell by cell
 * and every other item counted in GEP spread evenly over its region (see the .c for the rule
 * and what it leaves out). Needs the value rasters the run wrote (write_rasters).
 */
#ifndef LS_GEP_TOTAL_MAP_H
#define LS_GEP_TOTAL_MAP_H

#include "base/err.h"
#include "gep/run.h"

int gep_write_total_map(const struct gep_result *r, const char *dir, struct ls_err *err);

#endif
