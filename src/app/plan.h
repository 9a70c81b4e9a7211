/*
 * app/plan — the allocation-plan use cases (配置方案), once, behind `liangshan plan` (and, next,
 * the API): a plan recorded with each allocation unit's footprint checked against the county's
 * control lines for its use (zoning/check on the registered boundary), approved by a second
 * person, read back, and its implementation tracked against the contracts signed. The rules
 * live in plan/.
 *
 * Ownership: every json_t ** out is a new reference the caller releases with json_decref.
 */
#ifndef LS_APP_PLAN_H
#define LS_APP_PLAN_H

#include <jansson.h>

#include "base/err.h"
#include "plan/plan.h"

struct app_plan;

/* The store, and for recording the county's data (its control layers) and the rule table
 * (NULL: cn-national-2024); county may be NULL for the reads. */
int app_plan_open(const char *store, const char *county, const char *rules, struct app_plan **out,
                  struct ls_err *err);
void app_plan_close(struct app_plan *a);

int app_plan_record(struct app_plan *a, const json_t *request, const char *input, const char *actor,
                    const char *recorded, json_t **out, struct ls_err *err);
int app_plan_approve(struct app_plan *a, const char *id, long long version, const char *date,
                     const char *actor, const char *recorded, struct ls_err *err);
int app_plan_get(struct app_plan *a, const char *id, long long version, json_t **out,
                 struct ls_err *err);
int app_plan_list(struct app_plan *a, json_t **out, struct ls_err *err);
int app_plan_track(struct app_plan *a, const char *id, const char *as_of, json_t **out,
                   struct ls_err *err);

#endif
