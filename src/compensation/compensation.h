/*
 * compensation — 生态补偿 ecological compensation (issue 22; the seed's §四.七;
 * compensation.md §1–§2): money moved to the places that keep ecological space.
 *
 *   vertical (因素法)   a pool split among regions by weighted normalised factors (red-line
 *                       area and share, forest, population, protected zones, appraisal
 *                       scores), a need formula (fiscal gap × graded coefficient × the red-line
 *                       factor), rewards and deductions by the change of the county appraisal
 *                       index, floors and caps, then largest-remainder rounding to 万元 so the
 *                       parts sum to the pool exactly;
 *   horizontal (横向)    agreements between an upstream and a downstream region settled yearly
 *                       from the joint monitoring series: the Xin'an P-index bet, exceedance ×
 *                       flow × unit price, a share of the supplier's GEP.
 *
 * Every weight, band and coefficient is a scheme file keyed by (scheme, version, valid_from)
 * with its source tag (data/compensation/); a scheme whose figures were not verified against
 * the official text ("verified": false) is refused unless the caller allows it, and the
 * result says so. Every computed figure carries the scheme version and the SHA-256 of the
 * inputs that produced it. Recorded allocations, agreements and settlements are ledger events
 * (compensation.*) projected into cmp_* tables; a refusal names the rule and writes nothing.
 *
 * Ownership: cmp_open borrows the store (closed after cmp_close); the kernel functions write
 * into arrays the caller allocated; every json_t ** out is a new reference the caller releases.
 */
#ifndef LS_COMPENSATION_H
#define LS_COMPENSATION_H

#include <jansson.h>

#include "base/err.h"
#include "ledger/ledger.h"
#include "store/store.h"

/* ---- the factor-method kernel (allocate.c, round.c): plain arrays, no allocation ---- */

/* n regions, k factor columns. Each column's weight already includes its component's share of
 * the pool, so the weights sum to 1. Amounts are in rounding units (万元). */
struct cmp_alloc_in {
    int n, k;
    const double *x;                  /* n × k, row-major, each ≥ 0; each column sums > 0 */
    const double *w;                  /* k weights ≥ 0, Σ = 1 */
    double pool;                      /* > 0, a whole number of units */
    const double *reward, *deduction; /* n whole units each, or NULL */
    const double *floor, *cap;        /* n whole units each (negative: none), or NULL */
};
struct cmp_alloc_out {
    double *share;  /* n: Σ_f w_f x_if / Σ_j x_jf */
    double *adj;    /* n: reward − deduction (a deduction no more than the base) */
    double *base;   /* n: the pool's part, floors and caps applied to it */
    double *exact;  /* n: base + adj, before rounding */
    long long *wan; /* n: the published whole units; Σ = pool + Σ reward − Σ deduction */
    int *bound;     /* n: 0, −1 held at its floor, +1 held at its cap */
    int *round_up;  /* n: 1 when largest-remainder rounding gave it the extra unit */
    int passes;     /* the floor/cap passes it took */
};
/* The allocation. Floors and caps bound the pool's part (Σ floors > pool or Σ caps < pool is
 * LS_EINVAL naming "floor" or "cap"); rewards and deductions are added to the bounded part. */
int cmp_allocate(const struct cmp_alloc_in *in, struct cmp_alloc_out *out, struct ls_err *err);

/* Largest-remainder rounding of n non-negative exact amounts to whole units summing to total:
 * each gets its floor, then the units left go one each to the largest fractional parts, ties
 * to the lower index. LS_EINVAL when total is not reachable that way. */
int cmp_round_largest_remainder(const double *exact, int n, long long total, long long *out,
                                int *round_up, struct ls_err *err);

/* ---- schemes (scheme.c) ---- */

struct cmp_scheme;
/* A built-in scheme id (data/compensation/) or a file; a malformed scheme (weights not summing
 * to 1, a band out of order) is LS_EINVAL naming the field. */
int cmp_scheme_load(const char *id_or_path, struct cmp_scheme **out, struct ls_err *err);
void cmp_scheme_free(struct cmp_scheme *s);
/* The scheme's JSON (borrowed), with "sha256" of its text added. */
const json_t *cmp_scheme_json(const struct cmp_scheme *s);
/* {"schemes": [{"scheme", "version", "valid_from", "name", "verified", "kind"}]} built in. */
json_t *cmp_scheme_list(void);

/* ---- one allocation (run.c) ---- */

struct cmp_run_opts {
    int allow_unverified; /* accept a scheme with "verified": false, and say so */
};
/* An allocation request ({"allocation", "year", "scheme", "pool_wan", "factors": FILE.csv,
 * optional "region"}; docs/compensation.md) → the allocation with every factor, share, bound
 * and rounding step: *out {"allocation", "year", "scheme": {…, "sha256"}, "pool_wan",
 * "total_wan", "components", "regions": [...], "checks"}. base_dir resolves the factor file. */
int cmp_run(const json_t *request, const char *input, const char *base_dir,
            const struct cmp_run_opts *o, json_t **out, struct ls_err *err);

/* The change between two allocations (two years or two scheme versions) region by region:
 * Δ = pool effect + Σ factor effects + adjustment effect + rounding, summing exactly. */
int cmp_diff(const json_t *before, const json_t *after, json_t **out, struct ls_err *err);

/* The allocation as allocation.json, allocation.xlsx and allocation.html in dir (all or none). */
int cmp_report_write(const json_t *allocation, const char *dir, int overwrite, struct ls_err *err);

/* ---- horizontal agreements (agreement.c, p_index.c, exceedance.c, series.c, settle.c) ---- */

/* The Xin'an P-index (compensation.md §2.1): P = k0 · Σ w_i C_i / C0_i over n indicators. */
double cmp_p_index(double k0, const double *w, const double *c, const double *c0, int n);

/* Checks an agreement ({"agreement", "kind": "p_index"|"exceedance"|"gep_share", "parties",
 * the sections, indicators and their declared units, thresholds, amounts, "valid_from",
 * "valid_to", "round"}); *out the agreement as it will be recorded (rule parameters resolved
 * from its round). */
int cmp_agreement_check(const json_t *agreement, const char *input, const struct cmp_run_opts *o,
                        json_t **out, struct ls_err *err);

/* A year's settlement of a checked agreement from its monitoring series (CSV: section, date,
 * indicator, value, unit[, excluded, reason]; NULL when there is none: the settlement is the
 * state "missing_series", nobody pays) or, for gep_share, the supplier's GEP of the year
 * (gep_yuan). *out {"agreement", "year", "state", "payer", "payee", "amount_yuan", "derivation",
 * "series_sha256"}. Gaps or a unit other than the declared one are LS_EINVAL naming the
 * section, indicator and month; nothing is written. */
int cmp_settle(const json_t *agreement, int year, const char *series_csv, double gep_yuan,
               json_t **out, struct ls_err *err);

/* ---- on the ledger (register.c) ---- */

struct cmp;
int cmp_open(struct ls_store *st, struct cmp **out, struct ls_err *err);
void cmp_close(struct cmp *c);

struct cmp_submit_opts {
    const char *actor;    /* required */
    const char *recorded; /* ledger time, NULL for now */
};
/* Records a computed allocation (compensation.allocate), once per id. */
int cmp_record_allocation(struct cmp *c, const json_t *allocation, const struct cmp_submit_opts *o,
                          long long *seq, struct ls_err *err);
/* Records a checked agreement (compensation.agreement), once per id. */
int cmp_record_agreement(struct cmp *c, const json_t *agreement, const struct cmp_submit_opts *o,
                         long long *seq, struct ls_err *err);
/* Records a settlement (compensation.settle) of a recorded agreement, once per year, unless the
 * year's settlement is missing_series or disputed (then the new one replaces it). */
int cmp_record_settlement(struct cmp *c, const json_t *settlement, const struct cmp_submit_opts *o,
                          long long *seq, struct ls_err *err);
/* A party disputes a recorded settlement (compensation.dispute): its state becomes "disputed". */
int cmp_record_dispute(struct cmp *c, const char *agreement, int year, const char *party,
                       const char *reason, const struct cmp_submit_opts *o, long long *seq,
                       struct ls_err *err);

int cmp_project(struct cmp *c, const struct lg_event *ev, struct ls_err *err);
#define CMP_PROJECTION_TABLES 4
extern const char *const cmp_projection_tables[CMP_PROJECTION_TABLES];
extern const char *const cmp_projection_keys[CMP_PROJECTION_TABLES];

/* Publishes a recorded allocation on date (compensation.publish): once, and not by who recorded
 * it (four eyes). Only a published allocation is read by the public. */
int cmp_record_publication(struct cmp *c, const char *id, const char *date,
                           const struct cmp_submit_opts *o, long long *seq, struct ls_err *err);

/* The recorded allocation (as computed, with "seq", "actor", "published"); LS_ENOENT when none
 * (or, with published_only, when it is not published). */
int cmp_get_allocation(struct cmp *c, const char *id, int published_only, json_t **out,
                       struct ls_err *err);
/* {"allocations": [{"allocation", "year", "scheme", "version", "pool_wan", "total_wan",
 * "regions", "seq", "published"}]}, the published ones only with published_only. */
int cmp_list_allocations(struct cmp *c, int published_only, json_t **out, struct ls_err *err);
/* The recorded agreement with its settlements by year; LS_ENOENT when none. */
int cmp_get_agreement(struct cmp *c, const char *id, json_t **out, struct ls_err *err);

#endif
