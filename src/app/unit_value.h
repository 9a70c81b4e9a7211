/*
 * app/unit_value — a registry unit's value card (issue 21): what the chain knows of one piece of
 * land or sea, in one snapshot — its GEP in the latest account by item (the account's
 * attribution to the registry's units, gep-YYYY-units.csv in the county's data folder, as
 * `liangshan gep attribute` writes it), its recorded valuations, the bundles it is a component
 * of, and the contracts whose rights or conditions are on it.
 *
 * Ownership: *out is a new reference the caller releases with json_decref.
 */
#ifndef LS_APP_UNIT_VALUE_H
#define LS_APP_UNIT_VALUE_H

#include <jansson.h>

#include "base/err.h"
#include "bundle/bundle.h"
#include "contract/contract.h"
#include "registry/registry.h"
#include "store/store.h"
#include "valuation/valuation.h"

struct app_unit_value_src {
    struct ls_store *st;
    struct reg *reg;
    struct val_register *vr;
    struct bnd *bn;
    struct con *cn;
    const char *data_dir; /* the county's folder (NULL: no GEP) */
};

/* {"unit", "gep": {"file", "year", "items": {item: yuan}, "statistics", "gep"} or null,
 * "valuations", "bundles", "contracts"}; LS_ENOENT when the unit was never registered;
 * approved_only: the valuations and bundles a reviewer approved (what the public reads). */
int app_unit_value(const struct app_unit_value_src *s, const char *code, int approved_only,
                   json_t **out, struct ls_err *err);

#endif
