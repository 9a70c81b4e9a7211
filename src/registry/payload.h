/*
 * registry/payload — the JSON a registry event records, to and from projection rows.
 * json_t results are new references; rows filled from a payload own their WKB
 * (reg_*_row_clear).
 */
#ifndef LS_REGISTRY_PAYLOAD_H
#define LS_REGISTRY_PAYLOAD_H

#include <jansson.h>

#include "registry/internal.h"

json_t *reg_unit_payload(const struct reg_unit_row *u);
int reg_unit_from_payload(json_t *o, struct reg_unit_row *u);
json_t *reg_rrr_payload(const struct reg_rrr_row *x);
int reg_rrr_from_payload(json_t *o, struct reg_rrr_row *x);
json_t *reg_holders_payload(const struct reg_holder *h, int n);
int reg_holders_from_payload(json_t *a, struct reg_holder *h, int *n);

#endif
