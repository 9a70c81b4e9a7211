/*
 * damage/scheme — the damage scheme (data/damage/): the case workflow's states and transitions
 * with their roles and documents, and the valuation coefficients. Loaded once per process and
 * checked whole: a transition to a state that does not exist, or a document kind not named,
 * would strand a case.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "damage/internal.h"

const char *dmg_str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

double dmg_num(const json_t *o, const char *k)
{
    return json_number_value(json_object_get(o, k));
}

static int check(const json_t *s, const char *origin, struct ls_err *err)
{
    const json_t *states = json_object_get(s, "states"), *docs = json_object_get(s, "documents");
    if (!*dmg_str(s, "scheme") || !*dmg_str(s, "version") || !json_object_size(states) ||
        !json_object_get(states, "lead"))
        return ls_err_set(err, LS_EINVAL, origin, NULL, "states",
                          "rule damage.scheme: a damage scheme has an id, a version and states "
                          "starting at \"lead\"");
    size_t i, j;
    const json_t *t, *d;
    json_array_foreach(json_object_get(s, "transitions"), i, t)
    {
        if (!json_object_get(states, dmg_str(t, "from")) ||
            !json_object_get(states, dmg_str(t, "to")) || !*dmg_str(t, "action") ||
            !*dmg_str(t, "role"))
            return ls_err_set(err, LS_EINVAL, origin, NULL, "transitions",
                              "rule damage.scheme: transition %zu joins two states by an action "
                              "and a role",
                              i + 1);
        json_array_foreach(json_object_get(t, "documents"), j, d)
        {
            if (!json_object_get(docs, json_string_value(d)))
                return ls_err_set(err, LS_EINVAL, origin, NULL, "documents",
                                  "rule damage.scheme: transition %s requires a document kind "
                                  "\"%s\" the scheme does not name",
                                  dmg_str(t, "action"), json_string_value(d));
        }
    }
    return 0;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static json_t *cache; /* {id_or_path: scheme} */

int dmg_scheme(const char *id, const json_t **out, struct ls_err *err)
{
    *out = NULL;
    pthread_mutex_lock(&lock);
    if (!cache)
        cache = json_object();
    json_t *s = json_object_get(cache, id);
    int rc = 0;
    if (!s) {
        const struct ls_embedded *e = ls_embedded_find(damage_builtin_schemes, id);
        json_error_t je;
        char *text = NULL;
        size_t len = 0;
        if (e) {
            text = (char *)e->data;
            len = e->size;
        }
        if (!e) {
            rc = ls_err_set(err, LS_ENOENT, id, NULL, "scheme",
                            "no such built-in damage scheme (cn-2022)");
        } else {
            s = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
            if (!s)
                rc = ls_err_set(err, LS_EINVAL, id, NULL, NULL, "malformed at line %d: %s", je.line,
                                je.text);
            else if (!(rc = check(s, id, err))) {
                char hex[65];
                ls_sha256_hex(text, len, hex);
                json_object_set_new(s, "sha256", json_string(hex));
                json_object_set_new(cache, id, s);
            } else {
                json_decref(s);
                s = NULL;
            }
        }
    }
    pthread_mutex_unlock(&lock);
    *out = s;
    return rc;
}
