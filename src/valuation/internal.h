/*
 * valuation/internal — what the method files share: the scheme's data, the context of one
 * run (its inputs, the steps written to the report, the error), the readers that name a
 * missing or bad factor, and the discounting arithmetic every path uses.
 */
#ifndef LS_VALUATION_INTERNAL_H
#define LS_VALUATION_INTERNAL_H

#include "valuation/valuation.h"

struct val_scheme {
    char id[64], version[64];
    char origin[600]; /* file path or "built-in:<id>" */
    char sha256[65];  /* of the scheme document's bytes */
    json_t *root;
};

struct val_ctx {
    const struct val_scheme *scheme;
    const json_t *inputs; /* the request's "inputs" object */
    const char *input;    /* the request's name in errors */
    const char *date;     /* the valuation date, YYYY-MM-DD */
    json_t *steps;        /* [{"step", "formula", "value"}] for the report */
    json_t *extra;        /* what a method reports besides its value (a grade, a method chosen) */
    struct ls_err *err;
};

/* One method: its formula file's entry. *value is in the method's basis. */
struct val_method_def {
    const char *id;
    const char *family; /* comparison | income | stripping | cost | published_price | grading */
    const char *zh, *en;
    const char *standard;
    const char *basis; /* what the value is per: "yuan/m2", "yuan/ha", "yuan" */
    int (*run)(struct val_ctx *c, double *value);
};

extern const struct val_method_def val_income_capitalisation, val_market_comparison, val_residual,
    val_cost_approach, val_benchmark_coefficient, val_farmland_grade, val_forest_stand,
    val_forest_land, val_sea_fee, val_mining_dcf, val_mining_income_share;

/* A refusal naming the rule: "rule <rule>: …", LS_EINVAL, with the field. */
int val_refuse(struct val_ctx *c, const char *rule, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A finite number `name` of obj (the inputs when obj is NULL), required: its absence or a
 * non-number is refused as rule input.missing / input.type naming `where` and what it is. */
int val_need(struct val_ctx *c, const json_t *obj, const char *where, const char *name,
             const char *what, double *out);
/* The same, optional: def when absent (a present non-number is still refused). */
int val_opt(struct val_ctx *c, const json_t *obj, const char *where, const char *name, double def,
            double *out);
/* A required rate in (0, 1]: a rate of 8 % is 0.08. */
int val_need_rate(struct val_ctx *c, const json_t *obj, const char *where, const char *name,
                  const char *what, double *out);

void val_step(struct val_ctx *c, const char *step, const char *formula, double value);

/* The 海域使用金 of the use in f (use, class, area_ha, years; `where` names f in errors), in
 * yuan, and what it was computed from. */
int val_sea_fee_amount(struct val_ctx *c, const json_t *f, const char *where, double *yuan,
                       json_t **explain);

/* Σ D_a (1+P)^(u−a) over the request's thinnings, each between age `after` and the rotation u
 * (rule forest.thinning_age otherwise). */
int val_forest_thinnings(struct val_ctx *c, double p, double u, double after, double *out);
/* Σ C_i (1+P)^(horizon−i+1) over the request's yearly costs, i = 1 … (at most horizon). */
int val_forest_costs(struct val_ctx *c, double p, double horizon, double *out);

/* [1 − (1+r)^−n] / r: the present value of 1 a year for n years at r (n = ∞: 1/r). */
double val_annuity(double r, double n);
/* K = [1 − (1+r)^−m] / [1 − (1+r)^−n]: a price for n years brought to m years (GB/T 18508). */
double val_term_correction(double r, double m, double n);
/* (1 + r)^t */
double val_grow(double r, double t);

/* Whole days from date a to date b (YYYY-MM-DD); -1 when either is not a date. */
long val_days_between(const char *a, const char *b);

#endif
