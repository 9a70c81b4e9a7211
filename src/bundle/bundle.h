/*
 * bundle — 组合标的 asset bundles (compensation.md §4.7): registered use rights of one seller
 * (forest land, the trees on it, a water surface, a construction parcel, sea layers, a mining
 * right) sold together. No national standard exists, so the algorithm is the one §4.7 builds
 * from TD/T 1061's paths, each step recorded:
 *   1. decompose: every component is a use right in force, held whole by the seller, not
 *      seized, with an approved valuation of its unit on the bundle's one valuation date; no
 *      two components overlap in plan in layers that meet (分层设权), except the forest land
 *      and its trees, which must then be valued apart (land by forest_land, trees by
 *      forest_stand) so the ground is never counted twice;
 *   2. the components' values are their valuations';
 *   3. when the bundle earns one income stream, the whole is capitalised (an income
 *      valuation request run by valuation/) and the non-natural assets are stripped
 *      (剥离显化: buildings, equipment, goodwill, each with its basis);
 *   4. reconciled by the rule the request names — whole_stripped, sum or weighted — never a
 *      silent max; the synergy ΔV = V_bundle − Σ V_i is reported; V_bundle goes back to the
 *      components in proportion to their values (largest remainder in fen, so the parts sum);
 *   5. every component's share meets its legal floor (its valuation's floor), and the lowest
 *      price at which every share still does is the bundle's floor price, below which the
 *      venue does not list it.
 *
 * A bundle is recorded (bnd_submit: one bundle.record event carrying the whole report,
 * projected into bnd_bundle and bnd_component) and approved by a reviewer who did not record
 * it (bnd_approve: bundle.approve); only an approved bundle is listed on the venue. A refusal
 * names the rule ("rule bundle.overlap: …"), the component and the field, and writes nothing.
 *
 * Ownership: bnd_open borrows the store, the registry and the valuation register (closed
 * after bnd_close); every json_t ** out is a new reference the caller releases.
 */
#ifndef LS_BUNDLE_H
#define LS_BUNDLE_H

#include <jansson.h>

#include "base/err.h"
#include "ledger/ledger.h"
#include "registry/registry.h"
#include "store/store.h"
#include "valuation/valuation.h"

struct bnd;

int bnd_open(struct ls_store *st, struct reg *r, struct val_register *vr, struct bnd **out,
             struct ls_err *err);
void bnd_close(struct bnd *b);

struct bnd_submit_opts {
    const char *actor;    /* who records it (required) */
    const char *recorded; /* ledger time "YYYY-MM-DDTHH:MM:SSZ", NULL for now */
};

/* Checks a bundle request (docs/bundle.md) against the register and the valuations and
 * returns its report, writing nothing: what a bundle builder shows before it is recorded. The
 * whole's income request runs against scheme. */
int bnd_check(struct bnd *b, const struct val_scheme *scheme, const json_t *request,
              const char *input, json_t **report, struct ls_err *err);
/* bnd_check, then the report recorded (bundle.record) in the caller's write transaction; the
 * same bundle id twice is refused (bundle.exists). *report (may be NULL) gets it with "seq". */
int bnd_submit(struct bnd *b, const struct val_scheme *scheme, const json_t *request,
               const struct bnd_submit_opts *o, const char *input, long long *seq, json_t **report,
               struct ls_err *err);
/* A reviewer's approval on date: refused for an unknown bundle (bundle.unknown), one approved
 * already (bundle.approved) or by its recorder (bundle.same_person). */
int bnd_approve(struct bnd *b, const char *id, const char *date, const struct bnd_submit_opts *o,
                const char *input, long long *seq, struct ls_err *err);
/* Applies one bundle.* ledger event to the projection. */
int bnd_project(struct bnd *b, const struct lg_event *ev, struct ls_err *err);

#define BND_PROJECTION_TABLES 2
extern const char *const bnd_projection_tables[BND_PROJECTION_TABLES];
extern const char *const bnd_projection_keys[BND_PROJECTION_TABLES];

/* One recorded bundle: its report with "seq", "actor", "approved" ({seq, by, date} or null);
 * LS_ENOENT when none, or when approved_only and it is not approved. */
int bnd_get(struct bnd *b, const char *id, int approved_only, json_t **out, struct ls_err *err);
/* {"bundles": [a summary each]} valued on or before as_of (NULL: all), by date then id. */
int bnd_list(struct bnd *b, const char *as_of, int approved_only, json_t **out, struct ls_err *err);

/* The bundles with a component on a unit, by date: [{"bundle", "name", "date", "right",
 * "valuation", "value", "allocated", "approved" (bool)}]. */
int bnd_of_unit(struct bnd *b, const char *unit, json_t **out, struct ls_err *err);

/* What the venue asks before it lists a bundle and when it delivers one, read from the store
 * alone: 1 recorded, 0 none. rights is a malloc'd array of n right ids in component order. */
struct bnd_brief {
    char id[64], seller[64], date[16];
    long long floor_price_fen; /* the lowest price at which every share meets its floor */
    int approved;
};
int bnd_brief(struct ls_store *st, const char *id, struct bnd_brief *out, char (**rights)[64],
              int *n, struct ls_err *err);

#endif
