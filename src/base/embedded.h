/*
 * base/embedded — the shape of a data file compiled into the binary: scripts/embed.sh
 * generates one table per folder of data/ at build time, each ending with a { NULL } entry.
 * The module that owns the data declares its table (gep/method.h: gep_builtin_methods,
 * zoning/rules.h: zoning_builtin_rules, server/app.h: server_builtin_docs).
 */
#ifndef LS_BASE_EMBEDDED_H
#define LS_BASE_EMBEDDED_H

#include <stddef.h>

struct ls_embedded {
    const char *name; /* file name without .json */
    const unsigned char *data;
    size_t size;
};

/* The entry of that name in a table, NULL when there is none. */
const struct ls_embedded *ls_embedded_find(const struct ls_embedded *table, const char *name);

#endif
