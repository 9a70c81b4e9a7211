/*
 * damage/internal — Internal to damage/: the handle, the built-in scheme table, small readers.
 */
#ifndef LS_DAMAGE_INTERNAL_H
#define LS_DAMAGE_INTERNAL_H

#include "base/embedded.h"
#include "damage/damage.h"

extern const struct ls_embedded damage_builtin_schemes[];

struct dmg {
    struct ls_store *st;
};

const char *dmg_str(const json_t *o, const char *k);
double dmg_num(const json_t *o, const char *k);

#endif
