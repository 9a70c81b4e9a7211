/*
 * contract — 有偿使用合同 paid-use contracts and 监管协议 supervision agreements
 * (compensation.md §4.8; issue 21): the parties, the subject (registry rights, a bundle, or what
 * a venue listing sold), the right's term, the price with its payment schedule and the floor it
 * rests on, the valuation or bundle report, the performance bond, remedies and renewal, and the
 * use conditions — each an obligation with a measurable target and a date:
 *   land_class_min  the area (or share) of given survey land classes on a unit reaches a
 *                   target by a deadline (a restoration duty: forest back on a mine);
 *   land_class_max  the area (or share) of given classes on a unit stays under a cap (an
 *                   intensity cap: built land on a service plot);
 *   gep_min         the GEP of a unit (its total or one item) stays at or above a level.
 *
 * Signing (con_sign) checks the request against the register, appends one contract.sign event
 * and, when the grantor still holds the rights, transfers them to the grantee by transfer
 * registrations — all in the caller's transaction, so the right and the payment schedule pass
 * together or not at all. Each later survey year or GEP account is a check (con_check): the
 * caller measures every condition due (app/contract_check.c) and con_check records the
 * outcomes — met, progress (before its deadline), breach — in one contract.check event; a
 * breach carries its evidence (the file's SHA-256, the figure, the target) and stays open for
 * a damage claim. A refusal names the rule ("rule contract.unit: …") and the field and writes
 * nothing.
 *
 * Ownership: con_open borrows the store and the registry (closed after con_close); every
 * json_t ** out is a new reference the caller releases.
 */
#ifndef LS_CONTRACT_H
#define LS_CONTRACT_H

#include <jansson.h>

#include "base/err.h"
#include "ledger/ledger.h"
#include "registry/registry.h"
#include "store/store.h"

struct con;

int con_open(struct ls_store *st, struct reg *r, struct con **out, struct ls_err *err);
void con_close(struct con *c);

struct con_submit_opts {
    const char *actor;    /* who records it (required) */
    const char *recorded; /* ledger time "YYYY-MM-DDTHH:MM:SSZ", NULL for now */
};

/* Checks a contract (docs/contract.md) and signs it: one contract.sign event, the rights
 * transferred when the grantor holds them, in the caller's write transaction. *out (may be
 * NULL) gets the contract as recorded, with "seq" and "transfers". */
int con_sign(struct con *c, const json_t *request, const struct con_submit_opts *o,
             const char *input, long long *seq, json_t **out, struct ls_err *err);

/* One condition due at a check, as the caller measured it. */
struct con_measure {
    const char *contract, *condition;
    double figure; /* m², a share in [0, 1], or yuan: the condition's own unit */
    int measured;  /* 0: the evidence has nothing on the unit (reported, not judged) */
};

/* The conditions due on date (contracts in force, conditions started), in contract and
 * condition order: [{"contract", "condition", "kind", "unit", "classes", "item", "target",
 * "basis", "deadline"}] — what the caller must measure. */
int con_due(struct con *c, const char *date, json_t **out, struct ls_err *err);

/* Records a check on date against one piece of evidence ({"kind": "survey"|"gep", "file",
 * "sha256", "year"}): each measure judged against its condition; one contract.check event per
 * contract checked; a condition judged against the same evidence before is left as it was
 * (listed in "already"); *out {"checks": [{"contract", "seq", "results": [...]}], "already",
 * "breaches": n}. */
int con_check(struct con *c, const char *date, const json_t *evidence, const struct con_measure *m,
              int n, const struct con_submit_opts *o, json_t **out, struct ls_err *err);

/* Applies one contract.* ledger event to the projection. */
int con_project(struct con *c, const struct lg_event *ev, struct ls_err *err);

#define CON_PROJECTION_TABLES 4
extern const char *const con_projection_tables[CON_PROJECTION_TABLES];
extern const char *const con_projection_keys[CON_PROJECTION_TABLES];

/* A contract with its conditions, their latest outcome and its breaches; LS_ENOENT when none. */
int con_get(struct con *c, const char *id, json_t **out, struct ls_err *err);
/* The contracts whose rights or conditions are on a unit, by date: [{"contract", "kind", "date",
 * "grantor", "grantee", "term_end", "conditions" (on this unit), "in_breach"}]. */
int con_of_unit(struct con *c, const char *unit, json_t **out, struct ls_err *err);
/* {"contracts": [a summary each]} signed on or before as_of (NULL: all), by date then id;
 * of one party (grantor or grantee) when party is not NULL. */
int con_list(struct con *c, const char *as_of, const char *party, json_t **out, struct ls_err *err);

#endif
