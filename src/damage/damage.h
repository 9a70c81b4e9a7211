/*
 * damage — natural-resource asset damage (自然资源资产损害, issue 22; the seed's §四.七;
 * compensation.md §3): discovery → verification → valuation → claim → restoration → report.
 *
 *   discovery    two survey years against the control lines: construction that appeared on
 *                the red line, a core zone or basic farmland, and cropland on basic farmland
 *                lost to another use, each a candidate case with its geometry, ellipsoidal
 *                area, land classes before and after;
 *   workflow     the case's state machine (线索 → 立案调查 → 鉴定评估 → 磋商 → 诉讼 → 修复 or
 *                赔偿 → 效果评估 → 结案), each transition naming the role that may take it and
 *                the documents it requires (stored by SHA-256), with deadlines; the scheme file
 *                data/damage/cn-2022.json;
 *   valuation    in the hierarchy of §3.2: restoration cost; virtual treatment cost (§3.3);
 *                habitat or resource equivalency (HEA/REA, §3.4) with the service loss
 *                discounted mid-year; interim loss of the GEP of the affected cells.
 *
 * Every state change is a ledger event (damage.*) projected into dmg_case, dmg_event and
 * dmg_document; a refusal names the rule and writes nothing.
 *
 * Ownership: dmg_open borrows the store (closed after dmg_close); every json_t ** out is a new
 * reference the caller releases.
 */
#ifndef LS_DAMAGE_H
#define LS_DAMAGE_H

#include <jansson.h>

#include "base/err.h"
#include "ledger/ledger.h"
#include "store/store.h"

/* ---- valuation kernels (hea.c, vtc.c, value.c) ---- */

/* A service level over time: piecewise linear between (year, level) points, the first point's
 * level before it and the last one's after it; levels are fractions of the baseline. */
struct dmg_curve {
    int n;
    const double *year, *level; /* n points, years increasing */
};
double dmg_curve_at(const struct dmg_curve *c, double t);

/* Habitat equivalency (NOAA's form, compensation.md §3.4), each year's service level taken at
 * mid-year and discounted by ρ_t = (1 + r)^(claim − t):
 *   debit  = area × Σ_{t=from}^{to} ρ_t · (1 − x(t + ½))
 *   credit = Σ_{t=from}^{to} ρ_t · (y(t + ½) − base) per unit of area
 * in discounted service area-years (DSHY when the area is in ha). */
double dmg_hea_debit(const struct dmg_curve *injury, double area, int from, int to, int claim,
                     double rate);
double dmg_hea_credit(const struct dmg_curve *gain, double base, int from, int to, int claim,
                      double rate);

/* A valuation request ({"method": "restoration_cost"|"virtual_treatment_cost"|"hea"|
 * "interim_gep", its inputs, "damage_year", "claim_year"}; docs/damage.md) under the scheme →
 * the report: {"method", "method_zh", "inputs", "steps": [{"step", "formula", "value"}],
 * "value_yuan", "scheme": {…}}. A claim year before the damage, an α out of its range, a rate out
 * of bounds: LS_EINVAL naming the field. */
int dmg_value(const json_t *request, const char *input, json_t **report, struct ls_err *err);

/* ---- the scheme (scheme.c) ---- */

/* The built-in scheme (data/damage/) by id, or a file; *out is borrowed from a cache that
 * lives as long as the process. */
int dmg_scheme(const char *id_or_path, const json_t **out, struct ls_err *err);

/* ---- discovery (discover.c) ---- */

struct dmg_discover_opts {
    const char *data;   /* county.gpkg: eco_redline, core_zone, basic_farmland */
    const char *before; /* the earlier survey's file (landuse_patch) */
    const char *after;  /* the later survey's file */
    int year_before, year_after;
    double min_area_m2; /* candidates smaller are left out (0: 1 m²) */
};
/* Every candidate, in order of the later survey's patch id: {"kind":
 * "construction_on_protected"|"cropland_lost", "zones": ["eco_redline", …], "patch", "area_m2"
 * (ellipsoidal), "class_before", "class_after", "wkt", "bbox"}; *summary the counts and the
 * time taken by phase. */
int dmg_discover(const struct dmg_discover_opts *o, json_t **candidates, json_t **summary,
                 struct ls_err *err);

/* ---- cases on the ledger (register.c, workflow.c) ---- */

struct dmg;
int dmg_open(struct ls_store *st, struct dmg **out, struct ls_err *err);
void dmg_close(struct dmg *d);

struct dmg_submit_opts {
    const char *actor;    /* required */
    const char *role;     /* the actor's role, checked against the transition's */
    const char *recorded; /* ledger time, NULL for now */
};

/* Opens a case in state "lead" from a candidate or a lead ({"case", "date", "source":
 * "discovery"|"contract_breach"|"complaint"|"inspection", "kind", "area_m2", "zones",
 * "geometry" (WKT), "class_before", "class_after", "units": [{"unit", "holders"}], "contract",
 * "condition"}); one case per id. */
int dmg_case_open(struct dmg *d, const json_t *lead, const struct dmg_submit_opts *o,
                  const char *input, json_t **out, struct ls_err *err);

/* A document as filed: its kind (the scheme's), its file name and SHA-256. */
struct dmg_document {
    const char *kind, *file, *sha256;
};
/* Takes an action on a case on date: the scheme's transition from its state, by its role, with
 * every document it requires (and a reason or a valuation where it requires one). */
int dmg_case_advance(struct dmg *d, const char *id, const char *action, const char *date,
                     const struct dmg_document *docs, int ndocs, const char *reason,
                     const struct dmg_submit_opts *o, json_t **out, struct ls_err *err);
/* Attaches a valuation report (dmg_value) to a case that is being assessed or later. */
int dmg_case_value(struct dmg *d, const char *id, const char *date, const json_t *report,
                   const struct dmg_submit_opts *o, struct ls_err *err);

/* A restoration follow-up (damage.followup) of a case being restored: the share of its changed
 * area the survey of a later year (evidence {"file", "sha256", "year"}) shows back in its class
 * before, judged against the scheme's target — "met", "progress" (short, before the deadline)
 * or "breach" (short, after it); the "restored" action needs a follow-up met. */
int dmg_case_followup(struct dmg *d, const char *id, const char *date, const json_t *evidence,
                      double share, const struct dmg_submit_opts *o, json_t **out,
                      struct ls_err *err);

/* The case (dmg_case_get's JSON) as report.xlsx at path: the case, its history, valuations with
 * their steps and inputs, documents. */
int dmg_report_xlsx(const json_t *c, const char *path, struct ls_err *err);

int dmg_project(struct dmg *d, const struct lg_event *ev, struct ls_err *err);
#define DMG_PROJECTION_TABLES 3
extern const char *const dmg_projection_tables[DMG_PROJECTION_TABLES];
extern const char *const dmg_projection_keys[DMG_PROJECTION_TABLES];

/* The case with its history, documents, valuations and its deadline as of date ("overdue" when
 * past it); LS_ENOENT when none. closed_only: the public's read (others are not found). */
int dmg_case_get(struct dmg *d, const char *id, const char *as_of, int closed_only, json_t **out,
                 struct ls_err *err);
/* {"cases": [{"case", "state", "kind", "source", "area_m2", "opened", "deadline"}]}. */
int dmg_case_list(struct dmg *d, const char *state, int closed_only, json_t **out,
                  struct ls_err *err);

#endif
