/*
 * gep/purification — services capped by what is there to clean (GEP reference §2.2, §3): an
 * ecosystem's capacity to absorb a pollutant (kg/(ha·a) by land class, method table
 * "capacity_<pollutant>") counts only up to the emissions actually released (statistics rows of
 * the item, product = pollutant, t): Q = min(E, Σ capacity × area). County-level emissions are
 * compared with the capacity of the whole account and shared among regions by capacity.
 * Value = Q × removal price per pollutant (the method's prices, keys = pollutant names, yuan/t).
 * Air and water purification are this model with different pollutants.
 */
#ifndef LS_GEP_PURIFICATION_H
#define LS_GEP_PURIFICATION_H

#include "gep/item.h"

int gep_purification_prepare(struct gep_item *it, const struct gep_method *m,
                             const struct gep_classes *cl, struct ls_err *err);
int gep_purification_post(const struct gep_item *it, struct gep_post *p, struct ls_err *err);

#endif
