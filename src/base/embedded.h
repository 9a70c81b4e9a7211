/*
 * base/embedded — data files compiled into the binary (built-in GEP methods, zoning rule
 * tables), generated at
 * build time by scripts/embed.sh from data/. Each table ends with a { NULL } entry.
 */
#ifndef LS_BASE_EMBEDDED_H
#define LS_BASE_EMBEDDED_H

#include <stddef.h>

struct ls_embedded {
    const char *name; /* file name without .json */
    const unsigned char *data;
    size_t size;
};

extern const struct ls_embedded gep_builtin_methods[];

/* The entry of that name in a table, NULL when there is none. */
const struct ls_embedded *ls_embedded_find(const struct ls_embedded *table, const char *name);

extern const struct ls_embedded zoning_builtin_rules[];

/* The server's documents (openapi). */
extern const struct ls_embedded server_builtin_docs[];

#endif
