/*
 * plan/internal — what the plan files share: the handle and the refusal naming the rule.
 */
#ifndef LS_PLAN_INTERNAL_H
#define LS_PLAN_INTERNAL_H

#include "base/date.h"
#include "plan/plan.h"

#define PLN_MAX_UNITS 4096

struct pln {
    struct ls_store *st;
    struct reg *reg;
    struct con *con;
};

struct pln_ctx {
    struct pln *p;
    const char *input, *id;
    struct ls_err *err;
};
int pln_refuse(struct pln_ctx *x, int code, const char *rule, const char *field, const char *fmt,
               ...) __attribute__((format(printf, 5, 6)));
const char *pln_str(const json_t *o, const char *k);

#endif
