/*
 * app/plan — the allocation-plan use cases (配置方案), once, behind `liangshan plan` and the
 * API: a plan recorded with each allocation unit's footprint checked against the county's
 * control lines for its use (zoning/check on the registered boundary), approved by a second
 * person, read back (the public reads approved versions only), its implementation tracked
 * against the contracts signed, and the tracked units as GeoJSON for the map. The rules live
 * in plan/.
 *
 * Ownership: the members of struct app_plan are borrowed (the server fills one per request
 * from its worker); app_plan_open opens them all for the command line and app_plan_close closes
 * what it opened. Every json_t ** out is a new reference the caller releases with json_decref.
 */
#ifndef LS_APP_PLAN_H
#define LS_APP_PLAN_H

#include <jansson.h>

#include "base/err.h"
#include "geo/area.h"
#include "plan/plan.h"
#include "zoning/check.h"

struct app_plan {
    struct ls_store *st;
    struct reg *reg;
    struct con *con;
    struct pln *pln;
    /* for recording only (NULL for the reads): the rule table, the county's control layers and
     * ellipsoidal areas in their CRS */
    const struct zn_rules *rules;
    struct zn_data *zd;
    struct geo_area_ctx *area;
};

/* The store, and for recording the county's data (its control layers) and the rule table
 * (NULL: cn-national-2024); county may be NULL for the reads. */
int app_plan_open(const char *store, const char *county, const char *rules, struct app_plan **out,
                  struct ls_err *err);
void app_plan_close(struct app_plan *a);

int app_plan_record(struct app_plan *a, const json_t *request, const char *input, const char *actor,
                    const char *recorded, json_t **out, struct ls_err *err);
int app_plan_approve(struct app_plan *a, const char *id, long long version, const char *date,
                     const char *actor, const char *recorded, struct ls_err *err);
/* approved_only: the public's reads (pln_get, pln_list) */
int app_plan_get(struct app_plan *a, const char *id, long long version, int approved_only,
                 json_t **out, struct ls_err *err);
int app_plan_list(struct app_plan *a, int approved_only, json_t **out, struct ls_err *err);
int app_plan_track(struct app_plan *a, const char *id, const char *as_of, json_t **out,
                   struct ls_err *err);
/* The tracked plan on the map: a GeoJSON FeatureCollection in EPSG:4326 of its allocation
 * units' registered boundaries, each with the unit's fields and status (pln_track) as
 * properties, and the tracking's plan, version, as_of, reserves and counts as members. */
int app_plan_map(struct app_plan *a, const char *id, const char *as_of, json_t **out,
                 struct ls_err *err);

#endif
