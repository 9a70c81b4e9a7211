/*
 * gep/diff — two accounts compared item by item: two years of one region (growth, at constant
 * prices when both are priced in the same year) or two methods on the same inputs (what each
 * method changes: an item only one of them has, a different model, a different price, an item
 * in or out of the total). Works on the account documents (account.json), so it compares a
 * run with one made months ago. For items valued at a unit price the change in value is split
 * into the part due to the quantity (ΔQ × p_A) and the part due to the price (Q_B × Δp).
 * The caller releases the returned document with json_decref.
 */
#ifndef LS_GEP_DIFF_H
#define LS_GEP_DIFF_H

#include <jansson.h>

#include "base/err.h"

/* a and b are account documents; NULL with err set when one of them is not. */
json_t *gep_diff(json_t *a, json_t *b, const char *name_a, const char *name_b, struct ls_err *err);

#endif
