/*
 * app/damage — the damage use cases (自然资源资产损害), once, behind `liangshan damage` and the
 * API: discovery between two survey years, each candidate opened as a case with the registry
 * units it touches and their holders; a lead opened by hand or from a contract breach; a case
 * advanced with its documents (hashed here from their files); a valuation computed and attached
 * (the interim loss from the GEP map of the case's cells); a case and its report read back. The
 * rules live in damage/.
 *
 * Ownership: every json_t ** out is a new reference the caller releases with json_decref.
 */
#ifndef LS_APP_DAMAGE_H
#define LS_APP_DAMAGE_H

#include <jansson.h>

#include "base/err.h"
#include "damage/damage.h"
#include "registry/registry.h"
#include "store/store.h"

struct app_damage {
    struct ls_store *st;
    struct reg *reg;
    struct dmg *dmg;
};
int app_damage_open(const char *target, struct app_damage *a, struct ls_err *err);
void app_damage_close(struct app_damage *a);

struct app_discover_opts {
    struct dmg_discover_opts d;
    const char *out; /* candidates.geojson and summary.json into this folder, or NULL */
    int overwrite;
    const char *date; /* with a store: each candidate opened as a case on this date */
    const char *actor, *recorded;
};
/* Discovery; with a (not NULL) every candidate is opened as a case "DC-<year>-<patch>" (one
 * not yet open), with the units it touches and their holders. *out {"summary", "candidates",
 * "opened"}. */
int app_damage_discover(struct app_damage *a, const struct app_discover_opts *o, json_t **out,
                        struct ls_err *err);

int app_damage_lead(struct app_damage *a, const char *path, const char *actor, const char *role,
                    const char *recorded, json_t **out, struct ls_err *err);

/* A document named "kind=FILE": its SHA-256 computed from the file. */
struct app_damage_doc {
    char kind[48], file[512], sha256[65];
};
int app_damage_doc_parse(const char *arg, struct app_damage_doc *d, struct ls_err *err);

/* An action on a case. One that enters restoration (agree_restore, judged_restore) puts the
 * restoration duty on each registry unit the damage met (app_damage_duties_record), held by
 * `liable` (a registered party) or, NULL, by the unit's right holder; *out then lists them
 * under "duties". */
int app_damage_advance(struct app_damage *a, const char *id, const char *action, const char *date,
                       const struct app_damage_doc *docs, int ndocs, const char *reason,
                       const char *liable, const char *actor, const char *role,
                       const char *recorded, json_t **out, struct ls_err *err);
/* The duty on the register (damage_duty.c), inside the caller's write transaction: recorded
 * from the advance's event (its date, deadline and restoration plan), or released once the
 * follow-up met its target; *duties / *released list what was written. */
int app_damage_duties_record(struct app_damage *a, const char *id, const json_t *advance,
                             const char *liable, const char *actor, const char *recorded,
                             json_t **duties, struct ls_err *err);
int app_damage_duties_release(struct app_damage *a, const char *id, const char *date,
                              const char *actor, const char *recorded, json_t **released,
                              struct ls_err *err);
/* Values a case from a request file; an interim_gep request without "gep_yuan_per_year" takes
 * it from gep_dir's gep_total_value.tif over the case's geometry (cells by their centres). */
int app_damage_value(struct app_damage *a, const char *id, const char *request, const char *date,
                     const char *gep_dir, const char *actor, const char *role, const char *recorded,
                     json_t **out, struct ls_err *err);
/* The same for a request already parsed (the API); req gains the cells' GEP when it is taken
 * from the map. */
int app_damage_value_json(struct app_damage *a, const char *id, json_t *req, const char *input,
                          const char *date, const char *gep_dir, const char *actor,
                          const char *role, const char *recorded, json_t **out, struct ls_err *err);
/* Every case being restored held against a later survey: the share of its area back in its
 * class before, recorded as a follow-up (met, progress, breach). *out {"followups": [...]}. */
int app_damage_followup(struct app_damage *a, const char *survey, int year, const char *date,
                        const char *actor, const char *role, const char *recorded, json_t **out,
                        struct ls_err *err);
int app_damage_show(struct app_damage *a, const char *id, const char *as_of, int closed_only,
                    json_t **out, struct ls_err *err);
int app_damage_list(struct app_damage *a, const char *state, int closed_only, json_t **out,
                    struct ls_err *err);
/* The case on the map: a FeatureCollection (EPSG:4326) of its changed area ("role": "damage",
 * with its classes before and after) and the registry units it meets ("role": "unit"). */
int app_damage_map(struct app_damage *a, const char *id, int closed_only, json_t **out,
                   struct ls_err *err);
/* The case's report (report.json, report.html, report.xlsx) into dir. */
int app_damage_report(struct app_damage *a, const char *id, const char *dir, int overwrite,
                      json_t **out, struct ls_err *err);

#endif
