/*
 * registry/import — bulk first registration from files: parties from a CSV, units from a
 * vector layer (GeoPackage, Shapefile …) and their rights from a CSV. One transaction:
 * every party and every unit is one application (a ledger event), each tried inside a
 * savepoint so a rejected row is reported with its reason and the rest still checked. The
 * import commits only when nothing was rejected; --dry-run always rolls back. Formats are
 * in docs/registry.md. The report's rejections array belongs to the caller (json_decref).
 */
#ifndef LS_REGISTRY_IMPORT_H
#define LS_REGISTRY_IMPORT_H

#include <jansson.h>

#include "registry/registry.h"

struct reg_import_opts {
    const char *parties_csv; /* each may be NULL */
    const char *units_path;
    const char *units_layer; /* NULL: the first layer */
    const char *rights_csv;
    const char *date; /* registration date of rows that give none */
    const char *actor;
    const char *recorded; /* NULL: now */
    int dry_run;
    /* called every 10,000 units (done, total) when set: a long import shows it is alive */
    void (*progress)(long done, long total);
};

struct reg_import_report {
    long parties, units, rights, rejected;
    long long first_seq, last_seq;
    json_t *rejections; /* [{input, where, field, message}] */
};

int reg_import(struct reg *r, struct ls_store *st, const struct reg_import_opts *o,
               struct reg_import_report *rep, struct ls_err *err);

#endif
