/*
 * contract/internal — what the contract files share: the register's handle, the refusal that
 * names the rule, the readers of dates and money, and a condition as the register keeps it.
 */
#ifndef LS_CONTRACT_INTERNAL_H
#define LS_CONTRACT_INTERNAL_H

#include <stdint.h>

#include "base/date.h"
#include "contract/contract.h"

#define CON_MAX_RIGHTS     64
#define CON_MAX_CONDITIONS 64
#define CON_YUAN_MAX       1e12 /* the largest sum of money a contract counts */

struct con {
    struct ls_store *st;
    struct reg *reg;
};

/* One refusal: "rule contract.<rule>: …", naming the input, the contract and the field. */
struct con_ctx {
    struct con *c;
    const char *input, *id;
    struct ls_err *err;
};
int con_refuse(struct con_ctx *x, int code, const char *rule, const char *field, const char *fmt,
               ...) __attribute__((format(printf, 5, 6)));

const char *con_str(const json_t *o, const char *k);
/* A required sum of money in yuan, > 0 (or ≥ 0 when zero_ok), up to CON_YUAN_MAX, in fen. */
int con_money(struct con_ctx *x, const json_t *v, const char *field, const char *what, int zero_ok,
              int64_t *fen);

/* The condition kinds (condition.c). */
enum con_kind { CON_LAND_MIN, CON_LAND_MAX, CON_GEP_MIN };
struct con_condition {
    char id[32], kind[24], unit[48], basis[8], start[16], deadline[16], item[48];
    double target;
    json_t *classes; /* borrowed from the request: ["0301", …] */
};
/* Reads condition i of the request against the units the subject covers (units, n). */
int con_condition_read(struct con_ctx *x, const json_t *in, size_t i, const char *signed_date,
                       const char *term_end, char (*units)[48], int n, struct con_condition *out);
/* The outcome of a measured figure on date: "met", "progress" (short of a target whose
 * deadline is still ahead) or "breach". */
const char *con_judge(const char *kind, const char *basis, double target, const char *deadline,
                      const char *date, double figure);

/* register.c: appends one contract.<type> event (compact, sorted keys; ev->payload the caller
 * frees) and projects it. */
int con_append(struct con *c, const char *type, const char *id, const char *date,
               const json_t *payload, const struct con_submit_opts *o, struct lg_event *ev,
               struct ls_err *err);

#endif
