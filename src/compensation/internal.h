/*
 * compensation/internal — Internal to compensation/: the handle, the built-in schemes, the
 * readers the allocation and settlement files share.
 */
#ifndef LS_COMPENSATION_INTERNAL_H
#define LS_COMPENSATION_INTERNAL_H

#include "base/embedded.h"
#include "compensation/compensation.h"

extern const struct ls_embedded compensation_builtin_schemes[];

#define CMP_MAX_FACTORS 64

struct cmp_scheme {
    json_t *root;
    char origin[512];
};

struct cmp {
    struct ls_store *st;
};

const char *cmp_str(const json_t *o, const char *k);
double cmp_num(const json_t *o, const char *k);
/* Reads a whole file; *text the caller frees. */
int cmp_read_file(const char *path, char **text, size_t *len, struct ls_err *err);

/* The band of value among {"min", "max"} bands (min < v ≤ max, null an open end), NULL when
 * none holds it. */
const json_t *cmp_band(const json_t *bands, double v);

/* The weight of a column "component/factor" of an allocation's shares: the component's pool
 * share × the factor's weight (the pool share alone for "component/need"); 0 when unknown. */
double cmp_alloc_weight(const json_t *allocation, const char *key);

#endif
