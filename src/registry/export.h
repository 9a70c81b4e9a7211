/*
 * registry/export — the register as of a date written to a GeoPackage: layers
 * registration_unit, rrr (holders as "name share; …") and party. All or nothing (geo/vwrite).
 */
#ifndef LS_REGISTRY_EXPORT_H
#define LS_REGISTRY_EXPORT_H

#include "base/err.h"
#include "store/store.h"

struct reg_export_counts {
    long units, rrrs, parties;
};

/* Writes OUT (refused if it exists unless overwrite); as_of NULL: the current register. */
int reg_export(struct ls_store *st, const char *out, const char *as_of, int overwrite,
               struct reg_export_counts *n, struct ls_err *err);

#endif
