/*
 * app/bundle — the bundle use cases (组合标的), once, behind `liangshan bundle` and the API: a
 * request checked against a store without writing (what the bundle builder shows), recorded
 * in one write transaction (all or nothing), approved by a second person, read back. The
 * rules live in bundle/.
 *
 * Ownership: every json_t ** out is a new reference the caller releases with json_decref.
 */
#ifndef LS_APP_BUNDLE_H
#define LS_APP_BUNDLE_H

#include <jansson.h>

#include "base/err.h"
#include "bundle/bundle.h"
#include "registry/registry.h"
#include "store/store.h"
#include "valuation/valuation.h"

/* The store with its registry, valuation register and bundles; on failure all are NULL. */
struct app_bundle {
    struct ls_store *st;
    struct reg *reg;
    struct val_register *vr;
    struct bnd *bn;
};
int app_bundle_open(const char *target, struct app_bundle *a, struct ls_err *err);
void app_bundle_close(struct app_bundle *a);

/* The report a request would get, in a read snapshot; nothing is written. The whole's income
 * runs against scheme (NULL: the request's "scheme", else cn-2021). */
int app_bundle_check(struct app_bundle *a, const json_t *request, const char *input,
                     const char *scheme, json_t **report, struct ls_err *err);
/* The same, recorded (bnd_submit) in one write transaction. */
int app_bundle_record(struct app_bundle *a, const json_t *request, const char *input,
                      const char *scheme, const char *actor, const char *recorded, json_t **report,
                      struct ls_err *err);
/* A reviewer's approval (bnd_approve) in one write transaction; *out {"bundle", "seq"}. */
int app_bundle_approve(struct app_bundle *a, const char *id, const char *date, const char *actor,
                       const char *recorded, json_t **out, struct ls_err *err);
/* One bundle, and the bundles valued as of a date (NULL: all); approved ones only when
 * approved_only (what the public reads). */
int app_bundle_get(struct app_bundle *a, const char *id, int approved_only, json_t **out,
                   struct ls_err *err);
int app_bundle_list(struct app_bundle *a, const char *as_of, int approved_only, json_t **out,
                    struct ls_err *err);

#endif
