/*
 * app/contract — the contract use cases (有偿使用合同, 监管协议), once, behind `liangshan
 * contract` and the API: a contract signed in one write transaction (with the transfer of its
 * rights); a survey year or a GEP account held against every contract in force — each
 * condition due measured on its unit (the survey's land classes by ellipsoidal area, the GEP
 * attributed to the unit) and recorded with its evidence; contracts read back. The rules live
 * in contract/.
 *
 * Ownership: every json_t ** out is a new reference the caller releases with json_decref.
 */
#ifndef LS_APP_CONTRACT_H
#define LS_APP_CONTRACT_H

#include <jansson.h>

#include "base/err.h"
#include "contract/contract.h"
#include "registry/registry.h"
#include "store/store.h"

struct app_contract {
    struct ls_store *st;
    struct reg *reg;
    struct con *con;
};
int app_contract_open(const char *target, struct app_contract *a, struct ls_err *err);
void app_contract_close(struct app_contract *a);

int app_contract_sign(struct app_contract *a, const json_t *request, const char *input,
                      const char *actor, const char *recorded, json_t **out, struct ls_err *err);
int app_contract_get(struct app_contract *a, const char *id, json_t **out, struct ls_err *err);
int app_contract_list(struct app_contract *a, const char *as_of, const char *party, json_t **out,
                      struct ls_err *err);

/* The evidence a check rests on: a land survey (county.gpkg with landuse_patch) of a year, or a
 * GEP run's folder. */
struct app_contract_evidence {
    const char *survey;  /* or NULL */
    const char *gep_dir; /* or NULL */
    int year;
    const char *store; /* the store's path, for the GEP attribution */
};
/* Every condition due on date that the evidence measures, judged and recorded (con_check). */
int app_contract_check(struct app_contract *a, const char *date,
                       const struct app_contract_evidence *e, const char *actor,
                       const char *recorded, json_t **out, struct ls_err *err);

#endif
