/*
 * gep/nep — what carbon sequestration and oxygen release share (GEP reference §2.2): the net
 * ecosystem production NEP = r_i × NPP (g C/(m²·a), r_i the share of NPP not respired by soil
 * heterotrophs, method table "nep_npp_ratio"), converted per cell to tonnes of a gas by its
 * mass per carbon (44/12 for CO₂, 32/12 for O₂).
 */
#ifndef LS_GEP_NEP_H
#define LS_GEP_NEP_H

#include "gep/item.h"

/* Reads the ratio table and the price `price` (in `unit`) as the item's one value part. */
int gep_nep_prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                    const char *price, const char *unit, struct ls_err *err);

/* q = gas_per_c · r_i · NPP · A · 10⁻⁶ t per cell. */
void gep_nep_row(const struct gep_item *it, const struct gep_row *r, double gas_per_c, double *q);

#endif
