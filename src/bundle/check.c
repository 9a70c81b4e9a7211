/* bundle/check — a bundle request checked against the register and the recorded valuations and
 * reconciled into its report (compensation.md §4.7 steps 1–5), nothing written. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/hash.h"
#include "bundle/internal.h"

struct chk {
    struct bnd *b;
    const char *input, *id;
    struct ls_err *err;
};

__attribute__((format(printf, 5, 6))) static int refuse(struct chk *c, int code, const char *rule,
                                                        const char *field, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ls_err_set(c->err, code, c->input, c->id && *c->id ? c->id : NULL, field,
                      "rule bundle.%s: %s", rule, msg);
}

static const char *str(const json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static int id_valid(const char *s)
{
    size_t n = strlen(s);
    int ok = n >= 2 && n <= 40;
    for (const char *p = s; ok && *p; p++)
        ok = (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
             *p == '-' || *p == '_' || *p == '.';
    return ok;
}

/* Money the bundle counts: up to ¥1 trillion a figure (BND_YUAN_MAX), so that 64 components'
 * fen and their products in the allocation stay exact; beyond it (or not finite) is refused. */
static int money(struct chk *c, double yuan_v, const char *field, const char *what, int64_t *fen)
{
    if (!isfinite(yuan_v) || fabs(yuan_v) > BND_YUAN_MAX)
        return refuse(c, LS_EINVAL, "value", field, "%s is not a sum of money up to ¥%.0f", what,
                      BND_YUAN_MAX);
    *fen = (int64_t)llround(yuan_v * 100.0);
    return 0;
}

static double yuan(int64_t fen)
{
    return (double)fen / 100.0;
}

/* One component read from the register and its valuation (step 1 and 2). */
static int component_read(struct chk *c, const json_t *in, size_t i, const char *seller,
                          const char *date, struct bnd_component *x)
{
    memset(x, 0, sizeof *x);
    char field[48];
    snprintf(field, sizeof field, "components[%zu].right", i);
    const char *right = str(in, "right"), *vid = str(in, "valuation");
    if (!json_is_object(in) || !*right)
        return refuse(c, LS_EINVAL, "component", field,
                      "component %zu names the registered right it sells (\"right\")", i + 1);
    struct reg_right_brief rb;
    int rc = reg_right_brief(c->b->reg, right, &rb, c->err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return refuse(c, LS_ENOENT, "right", field, "no right %s is in force", right);
    if (!rb.transferable)
        return refuse(c, LS_EINVAL, "right", field,
                      "%s is %s: ownership is not sold, only the use rights carved from it", right,
                      rb.label);
    if (strcmp(rb.holder, seller))
        return refuse(c, LS_EINVAL, "seller", field,
                      "%s is not held whole by the seller %s (%s): a bundle sells what one party "
                      "holds",
                      right, seller, *rb.holder ? rb.holder : "held in shares");
    if (*rb.seizure)
        return refuse(c, LS_EINVAL, "seized", field, "%s is seized (%s): it cannot be sold", right,
                      rb.seizure);
    snprintf(x->right, sizeof x->right, "%s", rb.id);
    snprintf(x->unit, sizeof x->unit, "%s", rb.unit_code);
    snprintf(x->type, sizeof x->type, "%s", rb.type);
    snprintf(x->label, sizeof x->label, "%s", rb.label);
    snprintf(x->layer, sizeof x->layer, "%s", rb.layer);
    snprintf(field, sizeof field, "components[%zu].valuation", i);
    if (!*vid)
        return refuse(c, LS_EINVAL, "valuation", field,
                      "component %s names the valuation of its unit (\"valuation\")", right);
    json_t *rep = NULL;
    struct ls_err quiet = { 0 };
    rc = val_get(c->b->vr, vid, 0, &rep, &quiet);
    if (rc == -LS_ENOENT)
        return refuse(c, LS_ENOENT, "valuation", field, "no valuation %s is recorded", vid);
    if (rc) {
        *c->err = quiet;
        return rc;
    }
    const json_t *floor = json_object_get(rep, "floor");
    const char *vunit = str(json_object_get(rep, "subject"), "unit");
    if (json_is_null(json_object_get(rep, "approved")))
        rc = refuse(c, LS_EINVAL, "unapproved", field,
                    "valuation %s is not approved: a bundle is built from reviewed values", vid);
    else if (strcmp(vunit, x->unit))
        rc = refuse(c, LS_EINVAL, "valuation_subject", field,
                    "valuation %s values unit %s, not %s's unit %s", vid, *vunit ? vunit : "(none)",
                    right, x->unit);
    /* one valuation date for every component, on one rate basis (§4.7 step 2) */
    else if (strcmp(str(rep, "date"), date))
        rc = refuse(c, LS_EINVAL, "valuation_date", field,
                    "valuation %s is dated %s, not the bundle's valuation date %s", vid,
                    str(rep, "date"), date);
    else if (floor && !json_is_true(json_object_get(floor, "met")))
        rc = refuse(c, LS_EINVAL, "floor", field,
                    "valuation %s of %s does not meet its own floor of %.2f yuan", vid, right,
                    json_number_value(json_object_get(floor, "amount")));
    if (!rc) {
        snprintf(x->valuation, sizeof x->valuation, "%s", vid);
        snprintf(x->method, sizeof x->method, "%s", str(rep, "method"));
        x->floor_given = floor != NULL;
        rc = money(c, json_number_value(json_object_get(rep, "value")), field, "the value",
                   &x->value_fen);
        if (!rc && floor)
            rc = money(c, json_number_value(json_object_get(floor, "amount")), field, "the floor",
                       &x->floor_fen);
        if (!rc && x->value_fen <= 0)
            rc = refuse(c, LS_EINVAL, "value", field,
                        "valuation %s gives %s no positive value: it is no part to sell", vid,
                        right);
    }
    json_decref(rep);
    return rc;
}

/* Step 1: every pair that shares ground, judged; the first that may not share is refused. */
static int overlaps(struct chk *c, const struct bnd_component *x, int n, json_t *out)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double m2 = 0;
            int meet = 0;
            int rc = reg_rights_overlap(c->b->reg, x[i].right, x[j].right, &m2, &meet, c->err);
            if (rc)
                return rc;
            enum bnd_overlap v = bnd_overlap_judge(&x[i], &x[j], m2, meet);
            if (v == BND_APART)
                continue;
            char field[48];
            snprintf(field, sizeof field, "components[%d].right", j);
            if (v == BND_OVERLAP)
                return refuse(c, LS_EINVAL, "overlap", field,
                              "%s (%s, layer %s) and %s (%s, layer %s) cover the same %.2f m² in "
                              "one layer: the same ground cannot carry two values",
                              x[i].right, x[i].type, x[i].layer, x[j].right, x[j].type, x[j].layer,
                              m2);
            if (v == BND_DOUBLE_COUNT)
                return refuse(c, LS_EINVAL, "double_count", field,
                              "%s and %s are forest land and its trees over %.2f m²: the land is "
                              "valued as bare land (forest_land) and the trees as a stand "
                              "(forest_stand), not %s and %s, or the ground is counted twice",
                              x[i].right, x[j].right, m2, x[i].method, x[j].method);
            json_array_append_new(out, json_pack("{s:s, s:s, s:f, s:b, s:s}", "a", x[i].right, "b",
                                                 x[j].right, "plan_m2", round(m2 * 100) / 100,
                                                 "meet", meet, "verdict", bnd_overlap_name(v)));
        }
    return 0;
}

/* Step 3: the whole capitalised by an income method of valuation/, less what is not natural. */
static int whole_value(struct chk *c, const struct val_scheme *scheme, const json_t *w,
                       const char *date, int64_t *stripped_fen, json_t **out)
{
    *out = NULL;
    if (!json_is_object(w) || !*str(w, "method"))
        return refuse(c, LS_EINVAL, "whole", "whole.method",
                      "the whole's income is an income valuation: {\"method\", \"inputs\", "
                      "\"strip\"}");
    /* the whole is valued by its one income stream: only the income family applies */
    json_t *methods = val_methods_json(), *m;
    const char *family = "";
    size_t k;
    json_array_foreach(methods, k, m)
    {
        if (!strcmp(str(m, "id"), str(w, "method")))
            family = str(m, "family");
    }
    int income = !strcmp(family, "income");
    char fam[32];
    snprintf(fam, sizeof fam, "%s", *family ? family : "unknown");
    json_decref(methods);
    if (!income)
        return refuse(c, LS_EINVAL, "whole", "whole.method",
                      "%s is %s %s method: the whole is valued by its one income stream "
                      "(income_capitalisation, mining_dcf …)",
                      str(w, "method"), strcmp(fam, "unknown") ? "a" : "an", fam);
    json_t *req = json_pack("{s:s, s:s, s:O*}", "method", str(w, "method"), "date", date, "inputs",
                            json_object_get(w, "inputs"));
    json_t *rep = NULL;
    char where[160];
    snprintf(where, sizeof where, "%s (whole)", c->input ? c->input : "bundle");
    if (!req)
        return ls_err_set(c->err, LS_ENOMEM, c->input, NULL, NULL, "out of memory");
    int rc = val_run(scheme, req, where, &rep, c->err);
    json_decref(req);
    if (rc)
        return rc;
    int64_t whole = 0, strip = 0, one = 0;
    int rc0 = money(c, json_number_value(json_object_get(rep, "value")), "whole",
                    "the whole's value", &whole);
    if (rc0) {
        json_decref(rep);
        return rc0;
    }
    const json_t *list = json_object_get(w, "strip");
    json_t *items = json_array();
    if ((list && !json_is_array(list)) || json_array_size(list) > BND_MAX_COMPONENTS)
        rc = refuse(c, LS_EINVAL, "strip", "whole.strip",
                    "the assets stripped are a list of up to %d [{\"item\", \"value\", "
                    "\"basis\"}]",
                    BND_MAX_COMPONENTS);
    for (size_t i = 0; !rc && i < json_array_size(list); i++) {
        const json_t *s = json_array_get(list, i);
        const json_t *v = json_object_get(s, "value");
        char field[48];
        snprintf(field, sizeof field, "whole.strip[%zu]", i);
        if (!*str(s, "item") || !*str(s, "basis") || !json_is_number(v) ||
            !(json_number_value(v) >= 0) || !isfinite(json_number_value(v)))
            rc = refuse(c, LS_EINVAL, "strip", field,
                        "each asset stripped names its item, its value (yuan, ≥ 0) and the "
                        "basis of that value");
        else if (!(rc = money(c, json_number_value(v), field, "an asset stripped", &one))) {
            strip += one;
            json_array_append_new(items, json_pack("{s:s, s:f, s:s}", "item", str(s, "item"),
                                                   "value", yuan(one), "basis", str(s, "basis")));
        }
    }
    if (!rc && whole - strip <= 0)
        rc = refuse(c, LS_EINVAL, "strip", "whole.strip",
                    "the whole is worth %.2f yuan and its non-natural assets %.2f: stripping "
                    "leaves no natural value",
                    yuan(whole), yuan(strip));
    if (rc) {
        json_decref(items);
        json_decref(rep);
        return rc;
    }
    *stripped_fen = whole - strip;
    *out = json_pack("{s:s, s:f, s:O, s:o, s:f, s:f}", "method", str(rep, "method"), "value",
                     yuan(whole), "steps", json_object_get(rep, "steps"), "strip", items,
                     "stripped", yuan(strip), "value_stripped", yuan(whole - strip));
    json_decref(rep);
    return *out ? 0 : ls_err_set(c->err, LS_ENOMEM, c->input, NULL, NULL, "out of memory");
}

/* Step 4: the rule the request names; a bundle's value is never a silent max. */
static int reconcile(struct chk *c, const json_t *r, int has_whole, int64_t sum, int64_t whole,
                     int64_t *value, json_t **out)
{
    const char *rule = str(r, "rule");
    double w = -1;
    if (!r && !has_whole) {
        *value = sum;
        *out = json_pack("{s:s, s:s}", "rule", "sum", "reason",
                         "no income of the whole was given: the sum of the components");
        return 0;
    }
    if (!*rule)
        return refuse(c, LS_EINVAL, "reconciliation", "reconciliation.rule",
                      "name the rule that reconciles the whole and the parts: whole_stripped, "
                      "sum or weighted (no standard fixes it; it is never a silent max)");
    if (!strcmp(rule, "sum")) {
        *value = sum;
    } else if (!strcmp(rule, "whole_stripped") || !strcmp(rule, "weighted")) {
        if (!has_whole)
            return refuse(c, LS_EINVAL, "reconciliation", "reconciliation.rule",
                          "%s needs the whole's income (\"whole\")", rule);
        if (!strcmp(rule, "weighted")) {
            const json_t *wj = json_object_get(r, "weight_whole");
            w = json_is_number(wj) ? json_number_value(wj) : -1;
            if (!(w >= 0 && w <= 1))
                return refuse(c, LS_EINVAL, "reconciliation", "reconciliation.weight_whole",
                              "a weighted mix names the whole's weight in [0, 1]");
            *value = (int64_t)llround(w * (double)whole + (1 - w) * (double)sum);
        } else {
            *value = whole;
        }
    } else {
        return refuse(c, LS_EINVAL, "reconciliation", "reconciliation.rule",
                      "%s is not a rule: whole_stripped, sum or weighted", rule);
    }
    *out = json_pack("{s:s, s:s}", "rule", rule, "reason", str(r, "reason"));
    if (*out && w >= 0)
        json_object_set_new(*out, "weight_whole", json_real(w));
    return 0;
}

static int head(struct chk *c, const json_t *req, const char **seller, const char **date,
                const json_t **list)
{
    if (!json_is_object(req))
        return refuse(c, LS_EINVAL, "request", NULL, "a bundle request is a JSON object");
    if (!id_valid(c->id))
        return refuse(c, LS_EINVAL, "id", "bundle",
                      "a bundle id is 2 to 40 letters, digits, '-', '_' or '.'");
    if (!*str(req, "name"))
        return refuse(c, LS_EINVAL, "name", "name", "a bundle has a name");
    *date = str(req, "date");
    if (!ls_date_valid(*date))
        return refuse(c, LS_EINVAL, "date", "date", "the valuation date is YYYY-MM-DD");
    *seller = str(req, "seller");
    char kind[16];
    int rc = reg_party_kind(c->b->reg, *seller, kind, c->err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return refuse(c, LS_ENOENT, "seller", "seller", "no party \"%s\" is registered", *seller);
    *list = json_object_get(req, "components");
    size_t n = json_array_size(*list);
    if (!json_is_array(*list) || n < 2 || n > BND_MAX_COMPONENTS)
        return refuse(c, LS_EINVAL, "components", "components",
                      "a bundle has 2 to %d components (one right alone is listed as a right)",
                      BND_MAX_COMPONENTS);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(str(json_array_get(*list, i), "right"),
                        str(json_array_get(*list, j), "right"))) {
                char field[48];
                snprintf(field, sizeof field, "components[%zu].right", i);
                return refuse(c, LS_EINVAL, "duplicate", field, "%s is listed twice",
                              str(json_array_get(*list, i), "right"));
            }
    return 0;
}

static json_t *component_json(const struct bnd_component *x, const json_t *in, int64_t allocated)
{
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:o, s:f}", "right", x->right, "unit",
        x->unit, "type", x->type, "label", x->label, "layer", x->layer, "role", str(in, "role"),
        "valuation", x->valuation, "method", x->method, "value", yuan(x->value_fen), "floor",
        x->floor_given ? json_real(yuan(x->floor_fen)) : json_null(), "allocated", yuan(allocated));
}

int bnd_check(struct bnd *b, const struct val_scheme *scheme, const json_t *req, const char *input,
              json_t **report, struct ls_err *err)
{
    *report = NULL;
    struct chk c = { b, input, str(req, "bundle"), err };
    const char *seller = "", *date = "";
    const json_t *list = NULL;
    int rc = head(&c, req, &seller, &date, &list);
    if (rc)
        return rc;
    int n = (int)json_array_size(list);
    struct bnd_component x[BND_MAX_COMPONENTS];
    int64_t values[BND_MAX_COMPONENTS], floors[BND_MAX_COMPONENTS], parts[BND_MAX_COMPONENTS];
    int64_t sum = 0, whole = 0, value = 0;
    for (int i = 0; !rc && i < n; i++) {
        rc = component_read(&c, json_array_get(list, (size_t)i), (size_t)i, seller, date, &x[i]);
        values[i] = x[i].value_fen;
        floors[i] = x[i].floor_fen;
        sum += x[i].value_fen;
    }
    json_t *ovl = json_array(), *wj = NULL, *rj = NULL;
    const json_t *w = json_object_get(req, "whole");
    if (!rc)
        rc = overlaps(&c, x, n, ovl);
    if (!rc && w)
        rc = whole_value(&c, scheme, w, date, &whole, &wj);
    if (!rc)
        rc = reconcile(&c, json_object_get(req, "reconciliation"), w != NULL, sum, whole, &value,
                       &rj);
    if (!rc) {
        bnd_allocate(value, values, n, parts);
        /* §4.7 step 5: each component's share of the bundle meets its legal floor */
        for (int i = 0; !rc && i < n; i++)
            if (x[i].floor_given && parts[i] < x[i].floor_fen) {
                char field[48];
                snprintf(field, sizeof field, "components[%d].valuation", i);
                rc = refuse(&c, LS_EINVAL, "floor", field,
                            "%s's share of the bundle, %.2f yuan, is below its floor of %.2f "
                            "yuan (valuation %s)",
                            x[i].right, yuan(parts[i]), yuan(x[i].floor_fen), x[i].valuation);
            }
    }
    if (rc) {
        json_decref(ovl);
        json_decref(wj);
        json_decref(rj);
        return rc;
    }
    json_t *comps = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(comps,
                              component_json(&x[i], json_array_get(list, (size_t)i), parts[i]));
    char *canon = json_dumps(req, JSON_COMPACT | JSON_SORT_KEYS);
    char sha[LS_SHA256_HEX] = "";
    if (canon)
        ls_sha256_hex(canon, strlen(canon), sha);
    free(canon);
    *report =
        json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:f, s:f, s:f, s:f, s:s}", "bundle",
                  c.id, "name", str(req, "name"), "date", date, "seller", seller, "components",
                  comps, "overlaps", ovl, "whole", wj ? wj : json_null(), "reconciliation", rj,
                  "sum_components", yuan(sum), "value", yuan(value), "synergy", yuan(value - sum),
                  "floor_price", yuan(bnd_floor_price(values, floors, n)), "request_sha256", sha);
    return *report ? 0 : ls_err_set(err, LS_ENOMEM, input, NULL, NULL, "out of memory");
}
