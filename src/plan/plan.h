/*
 * plan — 配置方案 allocation plans (issue 21; the seed's §三.五): reserve areas (储备片区) of
 * registered units and the allocation units (配置单元) drawn from them, each classed public
 * interest or operating, with its use (a project category of the use-control rule table), its
 * intensity, its timing and its mode — 划拨 allocation (public interest only, Land
 * Administration Law Art. 54), 出让 transfer, 租赁 lease, 作价出资/入股 equity. Every unit's
 * footprint is checked against the three control lines for its use: a prohibited use (industry
 * in the ecological red line) refuses the plan; conditions and approvals go into the plan as
 * the unit's constraints.
 *
 * A plan is versioned: version 1, then each revision the next number, recorded (plan.record)
 * and approved by a reviewer who did not record it (plan.approve); the approved version in
 * force is the latest approved. Its implementation is tracked against what was really
 * allocated — the contracts signed on its units (contract/) — on time, late, pending or
 * overdue. A refusal names the rule and the unit and writes nothing.
 *
 * Ownership: pln_open borrows the store, the registry and the contracts (closed after
 * pln_close); every json_t ** out is a new reference the caller releases.
 */
#ifndef LS_PLAN_H
#define LS_PLAN_H

#include <jansson.h>

#include "base/err.h"
#include "contract/contract.h"
#include "ledger/ledger.h"
#include "registry/registry.h"
#include "store/store.h"

struct pln;

int pln_open(struct ls_store *st, struct reg *r, struct con *c, struct pln **out,
             struct ls_err *err);
void pln_close(struct pln *p);

/* The control-line check of a unit's footprint for a use, supplied by the caller (the app runs
 * zoning/check on the registered boundary): *decision "allowed", "conditions", "approval" or
 * "prohibited", *reasons a new JSON array of the zones' reasons. Unknown use: LS_EINVAL. */
typedef int (*pln_zoning_fn)(void *ctx, const char *unit, const char *use, char decision[16],
                             json_t **reasons, struct ls_err *err);

struct pln_submit_opts {
    const char *actor;    /* required */
    const char *recorded; /* ledger time, NULL for now */
    pln_zoning_fn zoning;
    void *zoning_ctx;
};

/* Checks a plan (docs/plan.md) and records it (plan.record) in the caller's transaction;
 * *out (may be NULL) the plan as recorded, each unit with its control-line constraints. */
int pln_submit(struct pln *p, const json_t *request, const struct pln_submit_opts *o,
               const char *input, json_t **out, struct ls_err *err);
/* A reviewer's approval of a version on date (four eyes; once). */
int pln_approve(struct pln *p, const char *id, long long version, const char *date,
                const struct pln_submit_opts *o, const char *input, struct ls_err *err);
int pln_project(struct pln *p, const struct lg_event *ev, struct ls_err *err);

#define PLN_PROJECTION_TABLES 2
extern const char *const pln_projection_tables[PLN_PROJECTION_TABLES];
extern const char *const pln_projection_keys[PLN_PROJECTION_TABLES];

/* A plan's version (0: the latest recorded; with approved_only, the latest approved and an
 * unapproved version is not found), with "seq", "actor", "approved". */
int pln_get(struct pln *p, const char *id, long long version, int approved_only, json_t **out,
            struct ls_err *err);
/* {"plans": [{"plan", "version", "name", "date", "units", "approved"}]}, every version (with
 * approved_only, the approved ones: what the public reads). */
int pln_list(struct pln *p, int approved_only, json_t **out, struct ls_err *err);
/* The latest approved version's units against the contracts signed on them, as of a date:
 * {"plan", "version", "name", "date", "as_of", "reserves",
 *  "units": [{…, "status", "contract", "allocated"}],
 * "counts": {status: n}}; LS_ENOENT when no version is approved. */
int pln_track(struct pln *p, const char *id, const char *as_of, json_t **out, struct ls_err *err);

#endif
