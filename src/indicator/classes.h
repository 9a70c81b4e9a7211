/*
 * indicator/classes — the indicator classes and their accounts, read from the versioned table
 * compiled in (data/indicator/classes-2025.json): what a batch is counted in, what it must
 * state, what retires it, and whether it may leave its province.
 *
 * Ownership: the table is loaded once and lives for the process; lookups borrow it.
 */
#ifndef LS_INDICATOR_CLASSES_H
#define LS_INDICATOR_CLASSES_H

#include <stddef.h>

#include "base/embedded.h"
#include "base/err.h"

extern const struct ls_embedded indicator_builtin_classes[];

#define IND_MAX_ACCOUNTS 4

struct ind_account {
    const char *code, *zh, *en, *unit; /* CRQ, 数量, quantity, m2 */
};

struct ind_class {
    const char *id, *zh, *en;
    struct ind_account accounts[IND_MAX_ACCOUNTS];
    size_t n_accounts;
    const char *source, *retires_against, *basis;
    int cross_province;
    double buffer_share; /* withheld from issuance (sinks), 0 when none */
};

/* The withdrawal ratio k for a county: its province's entry of the class table, else the
 * default. */
double ind_withdrawal_ratio(const char *county);

/* The classes of the built-in scheme ("cn-indicators-2025"), in the table's order; *n of
 * them. NULL with err set when the table is missing or malformed (a defect of ours). */
const struct ind_class *ind_classes(size_t *n, struct ls_err *err);

/* The class by id, or the class holding an account code; NULL when none. */
const struct ind_class *ind_class_find(const char *id);
const struct ind_class *ind_class_of_account(const char *code, const struct ind_account **account);

#endif
