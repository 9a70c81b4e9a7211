/*
 * app/indicator — the resource-rights indicator register's use cases, once, behind
 * `liangshan indicator` (and the API): requests recorded all or nothing, a project's
 * acceptance computed from the county's data and recorded only when every rule passes, an
 * obligation made from a compliance check's answer, and the reads and the verification
 * inside one snapshot. The rules live in indicator/, the transactions here.
 *
 * Ownership: every json_t ** out is a new reference the caller releases with json_decref;
 * the store, registry and indicator register are borrowed, used by one thread at a time.
 */
#ifndef LS_APP_INDICATOR_H
#define LS_APP_INDICATOR_H

#include <jansson.h>

#include "geo/area.h"
#include "indicator/indicator.h"
#include "zoning/data.h"

/* Opens the store, the registry and the indicator register; on failure all are NULL. */
int app_indicator_open(const char *target, struct ls_store **st, struct reg **r, struct ind **in,
                       struct ls_err *err);
void app_indicator_close(struct ls_store *st, struct reg *r, struct ind *in);

/*
 * Records one request (a JSON object) or a non-empty list in one write transaction: all or
 * none. A project's "footprint" may be WKT in the store's CRS; it is stored as WKB. An
 * "accept" is refused (rule accept.computed): app_indicator_accept alone records one. *out is
 * {"recorded": [seq…], "results": [what each did]}; dry_run checks every request in order
 * and keeps nothing ({"dry_run": true, "checked": N, "results": …}).
 */
int app_indicator_apply(struct ls_store *st, struct ind *in, json_t *requests, const char *actor,
                        const char *recorded, const char *input, int dry_run, json_t **out,
                        struct ls_err *err);
/* 1 when rc is a refusal by a rule (HTTP 422), not a failure of the store. */
int app_indicator_refused(int rc);

/* What an acceptance is computed from: the later survey and control layers (county.gpkg),
 * the baseline survey (年度变更调查 of the earlier year), the rule table the check uses, an
 * area context in the data's CRS, and the withdrawal ratio k of the province. */
struct app_accept_data {
    const struct zn_data *current, *baseline;
    const struct zn_rules *rules;
    struct geo_area_ctx *area;
    double withdrawal_k;
    /* sinks: the GEP run of the vintage (its carbon_sequestration_physical.tif, t CO₂ per
     * cell, and account.json for the year), or NULL */
    const char *gep_run;
};

/* The acceptance check of a footprint (WKB in the data's CRS) for a class: {"passed",
 * "rules": [{rule, passed, zh, en, figures}], "quantities": {account: units},
 * "attributes": {…}}. LS_EUNSUPP for a class whose acceptance is not computed. */
int app_indicator_assess(const struct app_accept_data *in, const char *class_id,
                         const unsigned char *wkb, size_t wkb_n, json_t **out, struct ls_err *err);
/* Adds the rule accept.counted_once to a check: the footprint overlaps no project of the
 * class already accepted (≤ 1 m² of area, ≤ 1 m of shoreline). Inside a read snapshot. */
int app_indicator_counted_once(struct ind *in, const struct app_accept_data *d,
                               const char *class_id, const char *project_no,
                               const unsigned char *wkb, size_t wkb_n, json_t *check,
                               struct ls_err *err);

/*
 * Checks project_no against the data and, when every rule passes, records its acceptance
 * with the check and the quantities; when one fails nothing is written and LS_EINVAL names
 * the first failed rule (*out still carries the whole check for the report).
 */
int app_indicator_accept(struct ls_store *st, struct ind *in, const struct app_accept_data *d,
                         const char *project_no, const char *date, const char *actor,
                         const char *recorded, json_t **out, struct ls_err *err);

/* The monitoring check of a footprint against a later survey (d->current): {"passed",
 * "rules"} — still cropland, not built again and still green, still natural shoreline. */
int app_indicator_monitor_check(const struct app_accept_data *d, const char *class_id,
                                const unsigned char *wkb, size_t wkb_n, json_t **out,
                                struct ls_err *err);

/*
 * Monitors an issued project against a later survey (d->current) as of date: when every
 * rule passes, a monitoring is recorded; when one fails, the project's unretired units are
 * deducted with the check as the finding, and the obligations its retired units met are
 * flagged (markets.md §0.3). *out is the check with "recorded" and "deducted" (true/false).
 */
int app_indicator_monitor(struct ls_store *st, struct ind *in, const struct app_accept_data *d,
                          const char *project_no, const char *date, const char *actor,
                          const char *recorded, json_t **out, struct ls_err *err);

/* The withdrawal ratio k for a county (the province's entry of data/indicator, else the
 * default). */
double app_indicator_withdrawal_k(const char *county);

/*
 * An obligation request from a compliance check's answer (`liangshan check --json`): its
 * cropland_supplement becomes CRQ/CRC/CRP, its shoreline_restoration SHL (cm), each rounded
 * up (what is owed is never understated). LS_EINVAL when the check owes nothing.
 */
int app_indicator_obligation_from_check(json_t *check, const char *id, const char *county,
                                        const char *date, json_t **request, struct ls_err *err);

/* {"classes": [{id, zh, en, accounts: [{code, zh, en, unit}], source, retires_against,
 * cross_province}]}: the class table compiled in. */
int app_indicator_classes(json_t **out, struct ls_err *err);

/* Evidence documents kept by SHA-256 (app/indicator_evidence): the file at path copied into
 * dir under its hash (once), and {"name", "sha256", "size"} appended to evidence. */
int app_indicator_evidence_put(const char *dir, const char *path, json_t *evidence,
                               struct ls_err *err);
/* Every project's evidence rehashed in dir: {"checked", "missing", "altered", "ok"}. */
int app_indicator_evidence_verify(struct ls_store *st, struct ind *in, const char *dir,
                                  json_t **out, struct ls_err *err);

/* The reads, each inside one read snapshot. */
int app_indicator_show(struct ls_store *st, struct ind *in, const char *project_no, json_t **out,
                       struct ls_err *err);
int app_indicator_projects(struct ls_store *st, struct ind *in, const char *county,
                           const char *state, json_t **out, struct ls_err *err);
int app_indicator_holdings(struct ls_store *st, struct ind *in, const char *holder, json_t **out,
                           struct ls_err *err);
int app_indicator_obligations(struct ls_store *st, struct ind *in, const char *id,
                              const char *county, json_t **out, struct ls_err *err);
int app_indicator_report(struct ls_store *st, struct ind *in, const char *as_of, json_t **out,
                         struct ls_err *err);
int app_indicator_history(struct ls_store *st, struct ind *in, const char *key, json_t **out,
                          struct ls_err *err);
/* {"ok", "events", "batches", "blocks", "bad_seq", "why"} */
int app_indicator_verify(struct ls_store *st, struct ind *in, json_t **out, struct ls_err *err);

#endif
