/*
 * app/valuation — the valuation use cases, once, behind `liangshan value` (and the API): a
 * request read from a file and checked, run against a scheme (built in or a file), its report
 * written as a folder of JSON, HTML and .xlsx; recorded on a store's ledger in one transaction
 * (all or nothing) and read back, one or a unit's as of a date. The formulas and rules live in
 * valuation/.
 *
 * Ownership: every json_t ** out is a new reference the caller releases with json_decref.
 */
#ifndef LS_APP_VALUATION_H
#define LS_APP_VALUATION_H

#include <jansson.h>

#include "base/err.h"
#include "valuation/valuation.h"

/* Reads a request file (JSON, duplicate keys refused); *req is the caller's. */
int app_value_read_request(const char *path, json_t **req, struct ls_err *err);
/* Reads a request file (JSON, duplicate keys refused) and runs it against the scheme
 * (NULL: the request's "scheme", else cn-2021). */
int app_value_run_file(const char *path, const char *scheme, json_t **report, struct ls_err *err);
/* The same for a request already parsed, named `input` in errors. */
int app_value_run(const json_t *request, const char *input, const char *scheme, json_t **report,
                  struct ls_err *err);
/* The store with its registry and valuation register; on failure all are NULL. */
struct app_valuation {
    struct ls_store *st;
    struct reg *reg;
    struct val_register *vr;
};
int app_valuation_open(const char *target, struct app_valuation *a, struct ls_err *err);
void app_valuation_close(struct app_valuation *a);

/* Runs the request and records its report (val_submit) in one write transaction. */
int app_value_record(struct app_valuation *a, const json_t *request, const char *input,
                     const char *scheme, const char *actor, const char *recorded, json_t **report,
                     struct ls_err *err);
/* A reviewer's approval (val_approve) in one write transaction; *out {"valuation", "seq"}. */
int app_value_approve(struct app_valuation *a, const char *id, const char *date, const char *actor,
                      const char *recorded, json_t **out, struct ls_err *err);
/* One recorded valuation, and a unit's (NULL: all) as of a date (NULL: all), in one snapshot;
 * approved ones only when approved_only (what the public reads). */
int app_value_get(struct app_valuation *a, const char *id, int approved_only, json_t **out,
                  struct ls_err *err);
int app_value_list(struct app_valuation *a, const char *unit, const char *as_of, int approved_only,
                   json_t **out, struct ls_err *err);

/* {"schemes": [...], "methods": [...]}: what valuations may use. */
int app_value_catalogue(json_t **out, struct ls_err *err);

#endif
