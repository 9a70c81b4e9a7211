/*
 * registry/rebuild — `ledger rebuild`: the registry's projections cleared and replayed from
 * the journal in one transaction, with a SHA-256 fingerprint of every projection table
 * before and after, so "replay reproduces the projections exactly" is measured, not assumed.
 * A journal whose chain does not verify is refused: it is no longer the truth to replay.
 */
#ifndef LS_REGISTRY_REBUILD_H
#define LS_REGISTRY_REBUILD_H

#include "registry/registry.h"

#define REG_REBUILD_TABLES 5

struct reg_rebuild_report {
    long long events;
    int identical;
    struct {
        const char *table;
        long long rows_before, rows_after;
        char before[65], after[65];
    } t[REG_REBUILD_TABLES];
};

/* check_only: replay, compare and roll back, leaving the store as it was. */
int reg_rebuild(struct reg *r, int check_only, struct reg_rebuild_report *rep, struct ls_err *err);

#endif
