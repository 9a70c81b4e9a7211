/* indicator/classes — see classes.h. */
#include "indicator/classes.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define SCHEME      "classes-2025"
#define MAX_CLASSES 16

static struct {
    pthread_once_t once;
    json_t *root;
    struct ind_class c[MAX_CLASSES];
    size_t n;
    int bad; /* the table is malformed: every lookup finds nothing */
} table = { PTHREAD_ONCE_INIT, NULL, { { 0 } }, 0, 0 };

static const char *text(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static void load(void)
{
    const struct ls_embedded *e = ls_embedded_find(indicator_builtin_classes, SCHEME);
    table.root = e ? json_loadb((const char *)e->data, e->size, 0, NULL) : NULL;
    json_t *classes = json_object_get(table.root, "classes");
    table.bad = !json_is_array(classes) || json_array_size(classes) > MAX_CLASSES;
    for (size_t i = 0; !table.bad && i < json_array_size(classes); i++) {
        json_t *c = json_array_get(classes, i), *acc = json_object_get(c, "accounts");
        struct ind_class *k = &table.c[table.n++];
        *k = (struct ind_class){ text(c, "id"),
                                 text(c, "zh"),
                                 text(c, "en"),
                                 { { 0 } },
                                 0,
                                 text(c, "source"),
                                 text(c, "retires_against"),
                                 text(c, "basis"),
                                 json_is_true(json_object_get(c, "cross_province")),
                                 json_number_value(json_object_get(c, "buffer_share")) };
        table.bad |= !k->id || !k->zh || !k->en || !k->source || !k->retires_against ||
                     !json_is_array(acc) || !json_array_size(acc) ||
                     json_array_size(acc) > IND_MAX_ACCOUNTS;
        for (size_t j = 0; !table.bad && j < json_array_size(acc); j++) {
            json_t *a = json_array_get(acc, j);
            struct ind_account *x = &k->accounts[k->n_accounts++];
            *x = (struct ind_account){ text(a, "code"), text(a, "zh"), text(a, "en"),
                                       text(a, "unit") };
            table.bad |= !x->code || !x->zh || !x->en || !x->unit;
        }
    }
    if (table.bad)
        table.n = 0;
}

const struct ind_class *ind_classes(size_t *n, struct ls_err *err)
{
    pthread_once(&table.once, load);
    *n = table.n;
    if (!table.n)
        ls_err_set(err, LS_EINTERNAL, "data/indicator/" SCHEME ".json", NULL, NULL,
                   "the built-in indicator class table is missing or malformed");
    return table.n ? table.c : NULL;
}

const struct ind_class *ind_class_find(const char *id)
{
    size_t n = 0;
    const struct ind_class *c = ind_classes(&n, NULL);
    for (size_t i = 0; id && i < n; i++)
        if (!strcmp(c[i].id, id))
            return &c[i];
    return NULL;
}

const struct ind_class *ind_class_of_account(const char *code, const struct ind_account **account)
{
    size_t n = 0;
    const struct ind_class *c = ind_classes(&n, NULL);
    for (size_t i = 0; code && i < n; i++)
        for (size_t j = 0; j < c[i].n_accounts; j++)
            if (!strcmp(c[i].accounts[j].code, code)) {
                if (account)
                    *account = &c[i].accounts[j];
                return &c[i];
            }
    return NULL;
}

double ind_withdrawal_ratio(const char *county)
{
    size_t n = 0;
    pthread_once(&table.once, load);
    (void)ind_classes(&n, NULL);
    json_t *classes = json_object_get(table.root, "classes");
    for (size_t i = 0; i < json_array_size(classes); i++) {
        json_t *c = json_array_get(classes, i), *k = json_object_get(c, "ratio_k");
        if (!k)
            continue;
        char province[3] = "";
        if (county && strlen(county) >= 2)
            snprintf(province, sizeof province, "%.2s", county);
        json_t *v = json_object_get(k, province);
        return json_is_number(v) ? json_number_value(v)
                                 : json_number_value(json_object_get(k, "default"));
    }
    return 1.0;
}
