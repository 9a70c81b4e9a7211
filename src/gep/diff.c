/* gep/diff — item-by-item comparison of two account documents. */
#include "gep/diff.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static json_t *find_item(json_t *doc, const char *id)
{
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(doc, "items"), i, it)
    {
        if (strcmp(json_string_value(json_object_get(it, "item")), id) == 0)
            return it;
    }
    return NULL;
}

static double num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : 0;
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static json_t *pct(double a, double b)
{
    return a != 0 ? json_real((b - a) / fabs(a) * 100.0) : json_null();
}

static void explain(json_t *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void explain(json_t *why, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    json_array_append_new(why, json_string(buf));
}

/* Prices of the value parts that differ between a and b. */
static void price_changes(json_t *ia, json_t *ib, const char *unit, json_t *why)
{
    size_t i;
    json_t *pa;
    json_array_foreach(json_object_get(ia, "value_parts"), i, pa)
    {
        size_t j;
        json_t *pb;
        json_array_foreach(json_object_get(ib, "value_parts"), j, pb)
        {
            if (strcmp(str(pa, "part"), str(pb, "part")) != 0)
                continue;
            double ya = num(pa, "yuan_per_unit"), yb = num(pb, "yuan_per_unit");
            if (fabs(ya - yb) > 1e-12 * fmax(fabs(ya), fabs(yb)))
                explain(why, "%s: %.6g → %.6g yuan per %s", str(pa, "part"), ya, yb, unit);
        }
    }
}

static json_t *item_diff(json_t *ia, json_t *ib, json_t *a, json_t *b)
{
    json_t *any = ia ? ia : ib;
    const char *unit = str(any, "unit");
    json_t *o = json_object();
    json_object_set_new(o, "item", json_string(str(any, "item")));
    json_object_set_new(o, "name_zh", json_string(str(any, "name_zh")));
    json_object_set_new(o, "unit", json_string(unit));
    double qa = num(ia, "physical"), qb = num(ib, "physical");
    double va = num(ia, "value_yuan"), vb = num(ib, "value_yuan");
    json_object_set_new(o, "physical_a", ia ? json_real(qa) : json_null());
    json_object_set_new(o, "physical_b", ib ? json_real(qb) : json_null());
    json_object_set_new(o, "physical_change_pct", ia && ib ? pct(qa, qb) : json_null());
    json_object_set_new(o, "value_a_yuan", ia ? json_real(va) : json_null());
    json_object_set_new(o, "value_b_yuan", ib ? json_real(vb) : json_null());
    json_object_set_new(o, "value_change_yuan", json_real(vb - va));
    json_object_set_new(o, "value_change_pct", ia && ib ? pct(va, vb) : json_null());
    int ta = ia && json_is_true(json_object_get(ia, "in_total")) &&
             !json_object_get(ia, "not_applicable");
    int tb = ib && json_is_true(json_object_get(ib, "in_total")) &&
             !json_object_get(ib, "not_applicable");
    json_object_set_new(o, "in_total_a", json_boolean(ta));
    json_object_set_new(o, "in_total_b", json_boolean(tb));
    json_t *why = json_array();
    if (!ia || !ib)
        explain(why, "only method %s includes this item",
                str(json_object_get(json_object_get(ia ? a : b, "account"), "method"), "id"));
    if (ia && ib) {
        if (strcmp(str(ia, "model"), str(ib, "model")) != 0)
            explain(why, "physical model %s → %s", str(ia, "model"), str(ib, "model"));
        if (ta != tb)
            explain(why, "%s the total%s%s", tb ? "counted in" : "kept out of", tb ? "" : ": ",
                    tb ? "" : str(ib, "exclusion"));
        price_changes(ia, ib, unit, why);
        json_t *ua = json_object_get(ia, "unit_value_yuan"),
               *ub = json_object_get(ib, "unit_value_yuan");
        if (json_is_number(ua) && json_is_number(ub)) {
            double pa = json_number_value(ua), pb = json_number_value(ub);
            json_object_set_new(o, "change_from_quantity_yuan", json_real((qb - qa) * pa));
            json_object_set_new(o, "change_from_price_yuan", json_real(qb * (pb - pa)));
        }
        if (qa != qb)
            explain(why, "physical quantity %+.4g %%", qa != 0 ? (qb - qa) / fabs(qa) * 100 : 0);
        else if (va != vb && json_array_size(why) == 0)
            explain(why, "same quantity at other prices (the statistics table's market prices)");
    }
    json_object_set_new(o, "explanation", why);
    return o;
}

static double total(json_t *doc, const char *key)
{
    return num(json_object_get(doc, "totals"), key);
}

json_t *gep_diff(json_t *a, json_t *b, const char *name_a, const char *name_b, struct ls_err *err)
{
    if (!json_is_array(json_object_get(a, "items")) ||
        !json_is_array(json_object_get(b, "items"))) {
        ls_err_set(err, LS_EINVAL, json_is_array(json_object_get(a, "items")) ? name_b : name_a,
                   NULL, "items", "not a Liangshan account (account.json)");
        return NULL;
    }
    json_t *aa = json_object_get(a, "account"), *ab = json_object_get(b, "account");
    json_t *o = json_object();
    json_t *sides[2] = { json_object(), json_object() };
    json_t *docs[2] = { aa, ab };
    const char *names[2] = { name_a, name_b };
    for (int s = 0; s < 2; s++) {
        json_object_set_new(sides[s], "source", json_string(names[s]));
        json_object_set_new(sides[s], "region", json_string(str(docs[s], "region")));
        json_object_set_new(sides[s], "year", json_integer((json_int_t)num(docs[s], "year")));
        json_object_set_new(sides[s], "price_year",
                            json_integer((json_int_t)num(docs[s], "price_year")));
        json_object_set_new(sides[s], "method",
                            json_string(str(json_object_get(docs[s], "method"), "id")));
    }
    json_object_set_new(o, "a", sides[0]);
    json_object_set_new(o, "b", sides[1]);
    int same_method = strcmp(str(json_object_get(aa, "method"), "sha256"),
                             str(json_object_get(ab, "method"), "sha256")) == 0;
    int constant = num(aa, "price_year") == num(ab, "price_year");
    json_object_set_new(o, "same_method", json_boolean(same_method));
    json_object_set_new(o, "constant_prices", json_boolean(constant));
    json_t *items = json_array();
    size_t i;
    json_t *ia;
    json_array_foreach(json_object_get(a, "items"), i, ia)
    {
        json_array_append_new(items, item_diff(ia, find_item(b, str(ia, "item")), a, b));
    }
    json_t *ib;
    json_array_foreach(json_object_get(b, "items"), i, ib)
    {
        if (!find_item(a, str(ib, "item")))
            json_array_append_new(items, item_diff(NULL, ib, a, b));
    }
    json_object_set_new(o, "items", items);
    json_t *t = json_object();
    static const char *const keys[] = { "gep_yuan", "provisioning_yuan", "regulating_yuan",
                                        "cultural_yuan" };
    for (int k = 0; k < 4; k++) {
        char ka[64], kb[64], kc[64];
        snprintf(ka, sizeof ka, "%s_a", keys[k]);
        snprintf(kb, sizeof kb, "%s_b", keys[k]);
        snprintf(kc, sizeof kc, "%s_change_pct", keys[k]);
        json_object_set_new(t, ka, json_real(total(a, keys[k])));
        json_object_set_new(t, kb, json_real(total(b, keys[k])));
        json_object_set_new(t, kc, pct(total(a, keys[k]), total(b, keys[k])));
    }
    json_object_set_new(o, "totals", t);
    return o;
}
