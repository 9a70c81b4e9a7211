/*
 * zoning/landclass — the land-class names, read from the compiled-in tables once.
 */
#include "zoning/landclass.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct table {
    json_t *root;
    struct zn_landclass *c; /* sorted by code */
    size_t n;
};

static struct table tables[2];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const char *const file_of[2] = {
    [ZN_SCHEME_SURVEY] = "survey-2019", [ZN_SCHEME_PLANNING] = "planning-2023"
};

static int by_code(const void *a, const void *b)
{
    return strcmp(((const struct zn_landclass *)a)->code, ((const struct zn_landclass *)b)->code);
}

/* The first-level class of a code: its first two characters (survey "201" → "20"). */
static const struct zn_landclass *parent_of(const struct table *t, const char *code)
{
    if (strlen(code) <= 2)
        return NULL;
    char p[3] = { code[0], code[1], '\0' };
    struct zn_landclass key = { .code = p };
    return bsearch(&key, t->c, t->n, sizeof *t->c, by_code);
}

/* The tables are ours and checked by the unit test: a malformed one is left empty, and every
 * lookup then says "no such code", never a wrong name. */
static void load_one(struct table *t, const char *name)
{
    const struct ls_embedded *e = ls_embedded_find(zoning_builtin_landclasses, name);
    if (!e)
        return;
    t->root = json_loadb((const char *)e->data, e->size, 0, NULL);
    json_t *classes = json_object_get(t->root, "classes");
    size_t n = json_array_size(classes);
    t->c = n ? calloc(n, sizeof *t->c) : NULL;
    if (!t->c)
        return;
    for (size_t i = 0; i < n; i++) {
        json_t *c = json_array_get(classes, i);
        const char *code = json_string_value(json_object_get(c, "code"));
        const char *zh = json_string_value(json_object_get(c, "zh"));
        const char *en = json_string_value(json_object_get(c, "en"));
        if (code && zh && en)
            t->c[t->n++] = (struct zn_landclass){ code, zh, en, NULL, NULL };
    }
    qsort(t->c, t->n, sizeof *t->c, by_code);
    for (size_t i = 0; i < t->n; i++) {
        const struct zn_landclass *p = parent_of(t, t->c[i].code);
        if (p) {
            t->c[i].parent_zh = p->zh;
            t->c[i].parent_en = p->en;
        }
    }
}

static void load(void)
{
    load_one(&tables[ZN_SCHEME_SURVEY], file_of[ZN_SCHEME_SURVEY]);
    load_one(&tables[ZN_SCHEME_PLANNING], file_of[ZN_SCHEME_PLANNING]);
}

const struct zn_landclass *zn_landclass_find(enum zn_scheme scheme, const char *code)
{
    if ((unsigned)scheme > ZN_SCHEME_PLANNING || !code)
        return NULL;
    pthread_once(&once, load);
    const struct table *t = &tables[scheme];
    struct zn_landclass key = { .code = code };
    return t->n ? bsearch(&key, t->c, t->n, sizeof *t->c, by_code) : NULL;
}

json_t *zn_landclass_table_json(enum zn_scheme scheme)
{
    if ((unsigned)scheme > ZN_SCHEME_PLANNING)
        return NULL;
    pthread_once(&once, load);
    return tables[scheme].root ? json_deep_copy(tables[scheme].root) : NULL;
}
