/* gep/method — method documents, coefficients and re-based prices. */
#include "gep/method.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/csv.h"
#include "base/embedded.h"
#include "base/hash.h"

const char *const *gep_method_builtin_ids(void)
{
    static const char *ids[32];
    if (!ids[0]) {
        int n = 0;
        for (const struct ls_embedded *e = gep_builtin_methods; e->name && n < 31; e++)
            ids[n++] = e->name;
    }
    return ids;
}

static int str_field(json_t *obj, const char *key, char *out, size_t cap, int required,
                     const char *origin, const char *where, struct ls_err *err)
{
    json_t *v = json_object_get(obj, key);
    if (!v && !required) {
        out[0] = '\0';
        return 0;
    }
    if (!json_is_string(v))
        return ls_err_set(err, LS_EINVAL, origin, where, key, "must be a string");
    snprintf(out, cap, "%s", json_string_value(v));
    return 0;
}

static int parse(struct gep_method *m, const char *text, size_t len, struct ls_err *err)
{
    json_error_t je;
    m->root = json_loadb(text, len, 0, &je);
    if (!m->root) {
        char where[64];
        snprintf(where, sizeof where, "line %d", je.line);
        return ls_err_set(err, LS_EINVAL, m->origin, where, NULL, "not valid JSON: %s", je.text);
    }
    if (!json_is_object(m->root))
        return ls_err_set(err, LS_EINVAL, m->origin, NULL, NULL, "must be a JSON object");
    int rc = str_field(m->root, "id", m->id, sizeof m->id, 1, m->origin, NULL, err);
    if (!rc)
        rc = str_field(m->root, "standard", m->standard, sizeof m->standard, 1, m->origin, NULL,
                       err);
    if (!rc)
        rc = str_field(m->root, "version", m->version, sizeof m->version, 1, m->origin, NULL, err);
    if (rc)
        return rc;
    json_t *items = json_object_get(m->root, "items");
    if (!json_is_array(items) || json_array_size(items) == 0)
        return ls_err_set(err, LS_EINVAL, m->origin, NULL, "items",
                          "must be a non-empty array of items");
    m->n_items = json_array_size(items);
    m->items = calloc(m->n_items, sizeof *m->items);
    if (!m->items)
        return ls_err_set(err, LS_ENOMEM, m->origin, NULL, NULL, "out of memory");
    for (size_t i = 0; i < m->n_items; i++) {
        json_t *it = json_array_get(items, i);
        struct gep_method_item *mi = &m->items[i];
        char where[64];
        snprintf(where, sizeof where, "items[%zu]", i);
        if (!json_is_object(it))
            return ls_err_set(err, LS_EINVAL, m->origin, where, NULL, "must be an object");
        rc = str_field(it, "id", mi->id, sizeof mi->id, 1, m->origin, where, err);
        if (!rc)
            rc = str_field(it, "model", mi->model, sizeof mi->model, 1, m->origin, where, err);
        if (!rc)
            rc = str_field(it, "exclusion", mi->exclusion, sizeof mi->exclusion, 0, m->origin,
                           where, err);
        if (rc)
            return rc;
        json_t *t = json_object_get(it, "in_total");
        if (!json_is_boolean(t))
            return ls_err_set(err, LS_EINVAL, m->origin, mi->id, "in_total",
                              "must be true or false");
        mi->in_total = json_is_true(t);
        if (!mi->in_total && !mi->exclusion[0])
            return ls_err_set(err, LS_EINVAL, m->origin, mi->id, "exclusion",
                              "an item kept out of the total must say why");
        mi->params = json_object_get(it, "params");
        mi->prices = json_object_get(it, "prices");
        if ((mi->params && !json_is_object(mi->params)) ||
            (mi->prices && !json_is_object(mi->prices)))
            return ls_err_set(err, LS_EINVAL, m->origin, mi->id, mi->params ? "prices" : "params",
                              "must be an object");
        for (size_t j = 0; j < i; j++)
            if (strcmp(m->items[j].id, mi->id) == 0)
                return ls_err_set(err, LS_EINVAL, m->origin, mi->id, "id",
                                  "the item is listed twice");
    }
    ls_sha256_hex(text, len, m->sha256);
    return 0;
}

int gep_method_load(const char *name, struct gep_method *m, struct ls_err *err)
{
    memset(m, 0, sizeof *m);
    struct stat st;
    int rc;
    if (stat(name, &st) == 0) {
        snprintf(m->origin, sizeof m->origin, "%s", name);
        FILE *f = fopen(name, "rb");
        if (!f)
            return ls_err_set(err, LS_ENOENT, name, NULL, NULL, "cannot open the method");
        size_t cap = (size_t)st.st_size + 1;
        char *buf = malloc(cap);
        size_t n = buf ? fread(buf, 1, cap - 1, f) : 0;
        fclose(f);
        if (!buf)
            return ls_err_set(err, LS_ENOMEM, name, NULL, NULL, "out of memory");
        rc = parse(m, buf, n, err);
        free(buf);
    } else {
        const struct ls_embedded *e = ls_embedded_find(gep_builtin_methods, name);
        if (!e) {
            char list[512] = "";
            for (const struct ls_embedded *b = gep_builtin_methods; b->name; b++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                         list[0] ? ", " : "", b->name);
            return ls_err_set(err, LS_ENOENT, name, NULL, "method",
                              "neither a file nor a built-in method (built in: %s)", list);
        }
        snprintf(m->origin, sizeof m->origin, "built-in:%s", e->name);
        rc = parse(m, (const char *)e->data, e->size, err);
    }
    if (rc)
        gep_method_free(m);
    return rc;
}

const struct gep_method_item *gep_method_find(const struct gep_method *m, const char *id)
{
    for (size_t i = 0; i < m->n_items; i++)
        if (strcmp(m->items[i].id, id) == 0)
            return &m->items[i];
    return NULL;
}

/* A parameter is a number or an object with "value" (and unit, source). */
static json_t *param(const struct gep_method_item *it, const char *name)
{
    json_t *p = json_object_get(it->params, name);
    if (json_is_object(p) && json_object_get(p, "value"))
        return json_object_get(p, "value");
    return p;
}

int gep_param_number(const struct gep_method *m, const struct gep_method_item *it, const char *name,
                     double *out, struct ls_err *err)
{
    json_t *v = param(it, name);
    if (!v)
        return ls_err_set(err, LS_EINVAL, m->origin, it->id, name,
                          "the method gives no value for this coefficient");
    if (!json_is_number(v))
        return ls_err_set(err, LS_EINVAL, m->origin, it->id, name, "must be a number");
    *out = json_number_value(v);
    return 0;
}

double gep_param_or(const struct gep_method_item *it, const char *name, double def)
{
    json_t *v = param(it, name);
    return json_is_number(v) ? json_number_value(v) : def;
}

int gep_param_table(const struct gep_method *m, const struct gep_method_item *it, const char *name,
                    const struct gep_classes *cl, double *out, struct ls_err *err)
{
    json_t *p = json_object_get(it->params, name);
    json_t *by_class = json_object_get(p, "by_class"), *by_eco = json_object_get(p, "by_ecosystem");
    if (!json_is_object(p) || (!by_class && !by_eco))
        return ls_err_set(err, LS_EINVAL, m->origin, it->id, name,
                          "must be an object with \"by_ecosystem\" or \"by_class\"");
    for (size_t k = 0; k < cl->n; k++) {
        if (cl->eco[k] == GEP_ECO_NONE) {
            out[k] = NAN;
            continue;
        }
        char code[32];
        snprintf(code, sizeof code, "%ld", cl->code[k]);
        json_t *v = json_object_get(by_class, code);
        if (!v)
            v = json_object_get(by_eco, gep_eco_id(cl->eco[k]));
        if (!v) {
            char field[96];
            snprintf(field, sizeof field, "%s", name);
            return ls_err_set(err, LS_EINVAL, m->origin, it->id, field,
                              "no value for land class %s (%s, ecosystem type %s)", code,
                              cl->label[k], gep_eco_id(cl->eco[k]));
        }
        if (!json_is_number(v))
            return ls_err_set(err, LS_EINVAL, m->origin, it->id, name,
                              "the value for class %s must be a number", code);
        out[k] = json_number_value(v);
    }
    return 0;
}

static int index_of(const struct gep_price_index *ix, int year, double *out)
{
    for (int i = 0; ix && i < ix->n; i++)
        if (ix->year[i] == year) {
            *out = ix->index[i];
            return 0;
        }
    return -1;
}

int gep_price(const struct gep_method *m, const struct gep_method_item *it, const char *name,
              const char *expect_unit, double *yuan, struct ls_err *err)
{
    json_t *p = json_object_get(it->prices, name);
    if (!json_is_object(p))
        return ls_err_set(err, LS_EINVAL, m->origin, it->id, name,
                          "the method gives no price \"%s\" for this item", name);
    json_t *v = json_object_get(p, "value"), *u = json_object_get(p, "unit"),
           *y = json_object_get(p, "year");
    if (!json_is_number(v) || !json_is_string(u) || !json_is_integer(y))
        return ls_err_set(err, LS_EINVAL, m->origin, it->id, name,
                          "a price needs a numeric \"value\", a \"unit\" and an integer \"year\"");
    if (strcmp(json_string_value(u), expect_unit) != 0)
        return ls_err_set(err, LS_EINVAL, m->origin, it->id, name,
                          "price unit is %s; this item needs %s", json_string_value(u),
                          expect_unit);
    return gep_rebase(m, json_number_value(v), (int)json_integer_value(y), yuan, name, err);
}

int gep_rebase(const struct gep_method *m, double value, int year, double *out, const char *what,
               struct ls_err *err)
{
    if (year != m->price_year) {
        double i0 = 1, i1 = 1;
        if (!m->index)
            return ls_err_set(err, LS_EINVAL, m->origin, what, "price_year",
                              "a price of %d in an account priced at %d: the account needs a "
                              "price index (\"price_index\") to re-base it",
                              year, m->price_year);
        int missing = index_of(m->index, year, &i0)            ? year
                      : index_of(m->index, m->price_year, &i1) ? m->price_year
                                                               : 0;
        if (missing)
            return ls_err_set(err, LS_EINVAL, m->index->source, what, "year",
                              "the price index has no entry for %d (a price of %d, the account "
                              "priced at %d)",
                              missing, year, m->price_year);
        value *= i1 / i0;
    }
    *out = value;
    return 0;
}

int gep_price_index_load(const char *path, struct gep_price_index *ix, struct ls_err *err)
{
    memset(ix, 0, sizeof *ix);
    snprintf(ix->source, sizeof ix->source, "%s", path);
    struct ls_csv t;
    int rc = ls_csv_read(path, &t, err);
    if (rc)
        return rc;
    int yc, ic;
    rc = ls_csv_need_col(&t, "year", &yc, err);
    if (!rc)
        rc = ls_csv_need_col(&t, "index", &ic, err);
    ix->year = calloc(t.nrows + 1, sizeof *ix->year);
    ix->index = calloc(t.nrows + 1, sizeof *ix->index);
    if (!rc && (!ix->year || !ix->index))
        rc = ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    for (size_t r = 0; !rc && r < t.nrows; r++) {
        long y;
        double v;
        rc = ls_csv_integer(&t, r, yc, &y, err);
        if (!rc)
            rc = ls_csv_number(&t, r, ic, &v, err);
        if (!rc && !(v > 0)) {
            char where[48];
            snprintf(where, sizeof where, "line %ld", t.line[r]);
            rc = ls_err_set(err, LS_EINVAL, path, where, "index", "must be positive");
        }
        for (int j = 0; !rc && j < ix->n; j++)
            if (ix->year[j] == (int)y)
                rc = ls_err_set(err, LS_EINVAL, path, NULL, "year", "year %ld appears twice", y);
        if (!rc) {
            ix->year[ix->n] = (int)y;
            ix->index[ix->n++] = v;
        }
    }
    ls_csv_free(&t);
    if (rc)
        gep_price_index_free(ix);
    return rc;
}

void gep_price_index_free(struct gep_price_index *ix)
{
    free(ix->year);
    free(ix->index);
    ix->year = NULL;
    ix->index = NULL;
    ix->n = 0;
}

void gep_method_free(struct gep_method *m)
{
    free(m->items);
    json_decref(m->root);
    m->items = NULL;
    m->root = NULL;
    m->n_items = 0;
}
