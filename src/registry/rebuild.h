/*
 * registry/rebuild — `ledger rebuild`: the registry's projections cleared and replayed from
 * the journal in one transaction, with a SHA-256 fingerprint of every projection table
 * before and after, so "replay reproduces the projections exactly" is measured, not assumed.
 * A journal whose chain does not verify is refused: it is no longer the truth to replay.
 */
#ifndef LS_REGISTRY_REBUILD_H
#define LS_REGISTRY_REBUILD_H

#include "registry/registry.h"

#define REG_REBUILD_TABLES     5  /* the registry's own */
#define REG_REBUILD_MAX_TABLES 48 /* with the other modules' */

/* Another module's projections replayed in the same transaction: the events whose type
 * starts with prefix go to project(ctx, ev); its tables (with the ORDER BY of their digest)
 * are cleared first, in reverse order, and compared after. */
struct reg_projector {
    const char *prefix;
    const char *const *tables, *const *keys;
    int ntables;
    int (*project)(void *ctx, const struct lg_event *ev, struct ls_err *err);
    void *ctx;
};

struct reg_rebuild_report {
    long long events;
    int identical;
    int ntables;
    struct {
        const char *table;
        long long rows_before, rows_after;
        char before[65], after[65];
    } t[REG_REBUILD_MAX_TABLES];
};

/* check_only: replay, compare and roll back, leaving the store as it was. more: the other
 * modules' projectors (NULL when none). */
int reg_rebuild(struct reg *r, const struct reg_projector *more, int nmore, int check_only,
                struct reg_rebuild_report *rep, struct ls_err *err);

#endif
