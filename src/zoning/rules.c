/* zoning/rules — the use-control rule table. */
#include "zoning/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/embedded.h"
#include "base/hash.h"

static const char *const decision_ids[] = { "allowed", "conditions", "approval", "prohibited" };
static const char *const decision_zh[] = { "允许", "有条件允许", "须经批准", "禁止" };

const char *zn_decision_id(enum zn_decision d)
{
    return decision_ids[d];
}

const char *zn_decision_zh(enum zn_decision d)
{
    return decision_zh[d];
}

static void copy_str(json_t *o, const char *key, char *out, size_t cap)
{
    const char *s = json_string_value(json_object_get(o, key));
    snprintf(out, cap, "%s", s ? s : "");
}

int zn_zone_find(const struct zn_rules *r, const char *id)
{
    for (size_t i = 0; i < r->n_zones; i++)
        if (strcmp(r->zones[i].id, id) == 0)
            return (int)i;
    return -1;
}

int zn_category_find(const struct zn_rules *r, const char *id)
{
    for (size_t i = 0; i < r->n_categories; i++)
        if (strcmp(r->categories[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int parse_zone(struct zn_rules *r, json_t *z, size_t i, struct ls_err *err)
{
    struct zn_zone *zn = &r->zones[i];
    char where[48];
    snprintf(where, sizeof where, "zones[%zu]", i);
    copy_str(z, "id", zn->id, sizeof zn->id);
    copy_str(z, "zh", zn->zh, sizeof zn->zh);
    copy_str(z, "layer", zn->layer, sizeof zn->layer);
    if (!zn->id[0] || !zn->layer[0])
        return ls_err_set(err, LS_EINVAL, r->origin, where, zn->id[0] ? "layer" : "id",
                          "a zone needs an id and a layer");
    zn->outside = json_is_true(json_object_get(z, "outside"));
    const char *kind = json_string_value(json_object_get(z, "kind"));
    zn->line = kind && strcmp(kind, "line") == 0;
    json_t *w = json_object_get(z, "where");
    if (w) {
        copy_str(w, "field", zn->where_field, sizeof zn->where_field);
        json_t *in = json_object_get(w, "in");
        if (!zn->where_field[0] || !json_is_array(in) || json_array_size(in) > ZN_MAX_IN)
            return ls_err_set(err, LS_EINVAL, r->origin, where, "where",
                              "must be { \"field\", \"in\": [up to %d values] }", ZN_MAX_IN);
        for (size_t k = 0; k < json_array_size(in); k++) {
            const char *v = json_string_value(json_array_get(in, k));
            snprintf(zn->where_in[zn->n_in++], sizeof zn->where_in[0], "%s", v ? v : "");
        }
    }
    json_t *minus = json_object_get(z, "minus");
    for (size_t k = 0; k < json_array_size(minus); k++) {
        const char *m = json_string_value(json_array_get(minus, k));
        int mz = m ? zn_zone_find(r, m) : -1;
        if (mz < 0 || (size_t)mz >= i || zn->n_minus == ZN_MAX_MINUS)
            return ls_err_set(err, LS_EINVAL, r->origin, where, "minus",
                              "\"%s\" is not a zone defined before this one", m ? m : "?");
        zn->minus[zn->n_minus++] = mz;
    }
    for (size_t k = 0; k < i; k++)
        if (strcmp(r->zones[k].id, zn->id) == 0)
            return ls_err_set(err, LS_EINVAL, r->origin, where, "id", "zone %s defined twice",
                              zn->id);
    return 0;
}

static int parse_rule(struct zn_rules *r, json_t *o, size_t i, struct ls_err *err)
{
    struct zn_rule *ru = &r->rules[i];
    char where[48];
    snprintf(where, sizeof where, "rules[%zu]", i);
    const char *z = json_string_value(json_object_get(o, "zone")),
               *c = json_string_value(json_object_get(o, "category")),
               *d = json_string_value(json_object_get(o, "decision"));
    ru->zone = z ? zn_zone_find(r, z) : -1;
    ru->category = c ? zn_category_find(r, c) : -1;
    if (ru->zone < 0)
        return ls_err_set(err, LS_EINVAL, r->origin, where, "zone", "unknown zone \"%s\"",
                          z ? z : "");
    if (ru->category < 0)
        return ls_err_set(err, LS_EINVAL, r->origin, where, "category", "unknown category \"%s\"",
                          c ? c : "");
    int dec = -1;
    for (int k = 0; d && k < 4; k++)
        if (strcmp(d, decision_ids[k]) == 0)
            dec = k;
    if (dec < 0)
        return ls_err_set(err, LS_EINVAL, r->origin, where, "decision",
                          "\"%s\" is not prohibited, approval, conditions or allowed", d ? d : "");
    ru->decision = (enum zn_decision)dec;
    copy_str(o, "basis", ru->basis, sizeof ru->basis);
    copy_str(o, "approval", ru->approval, sizeof ru->approval);
    copy_str(o, "conditions", ru->conditions, sizeof ru->conditions);
    copy_str(o, "rule", ru->ref, sizeof ru->ref);
    if (!ru->basis[0])
        return ls_err_set(err, LS_EINVAL, r->origin, where, "basis",
                          "every rule needs its legal basis");
    if (ru->decision == ZN_APPROVAL && !ru->approval[0])
        return ls_err_set(err, LS_EINVAL, r->origin, where, "approval",
                          "a rule deciding \"approval\" must name the approval");
    if (ru->decision == ZN_CONDITIONS && !ru->conditions[0])
        return ls_err_set(err, LS_EINVAL, r->origin, where, "conditions",
                          "a rule deciding \"conditions\" must state them");
    return 0;
}

static int parse(struct zn_rules *r, const char *text, size_t len, struct ls_err *err)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, 0, &je);
    if (!root) {
        char where[48];
        snprintf(where, sizeof where, "line %d", je.line);
        return ls_err_set(err, LS_EINVAL, r->origin, where, NULL, "not valid JSON: %s", je.text);
    }
    ls_sha256_hex(text, len, r->sha256);
    copy_str(root, "id", r->id, sizeof r->id);
    copy_str(root, "version", r->version, sizeof r->version);
    copy_str(root, "name", r->name, sizeof r->name);
    json_t *s = json_object_get(root, "sliver_m2");
    r->sliver_m2 = json_is_number(s) ? json_number_value(s) : 0.01;
    json_t *g = json_object_get(root, "grain_capacity");
    r->grain_band_kg_per_ha = json_is_number(json_object_get(g, "band_kg_per_ha"))
                                  ? json_number_value(json_object_get(g, "band_kg_per_ha"))
                                  : 1500;
    r->grades = json_is_integer(json_object_get(g, "grades"))
                    ? (int)json_integer_value(json_object_get(g, "grades"))
                    : 15;
    json_t *zones = json_object_get(root, "zones"), *cats = json_object_get(root, "categories"),
           *rules = json_object_get(root, "rules");
    int rc = 0;
    if (!r->id[0])
        rc = ls_err_set(err, LS_EINVAL, r->origin, NULL, "id", "the rule table needs an id");
    else if (!json_array_size(zones) || !json_array_size(cats) || !json_is_array(rules))
        rc = ls_err_set(err, LS_EINVAL, r->origin, NULL, "zones",
                        "needs non-empty \"zones\" and \"categories\" and a \"rules\" array");
    else if (json_array_size(zones) > ZN_MAX_ZONES)
        rc = ls_err_set(err, LS_EINVAL, r->origin, NULL, "zones", "more than %d zones",
                        ZN_MAX_ZONES);
    if (!rc) {
        r->zones = calloc(json_array_size(zones), sizeof *r->zones);
        r->categories = calloc(json_array_size(cats), sizeof *r->categories);
        r->rules = calloc(json_array_size(rules) + 1, sizeof *r->rules);
        if (!r->zones || !r->categories || !r->rules)
            rc = ls_err_set(err, LS_ENOMEM, r->origin, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; !rc && i < json_array_size(zones); i++, r->n_zones++)
        rc = parse_zone(r, json_array_get(zones, i), i, err);
    for (size_t i = 0; !rc && i < json_array_size(cats); i++) {
        json_t *c = json_array_get(cats, i);
        copy_str(c, "id", r->categories[i].id, sizeof r->categories[i].id);
        copy_str(c, "zh", r->categories[i].zh, sizeof r->categories[i].zh);
        if (!r->categories[i].id[0] || zn_category_find(r, r->categories[i].id) >= 0)
            rc = ls_err_set(err, LS_EINVAL, r->origin, "categories", r->categories[i].id,
                            "a category needs an id, once");
        else
            r->n_categories++;
    }
    for (size_t i = 0; !rc && i < json_array_size(rules); i++, r->n_rules++)
        rc = parse_rule(r, json_array_get(rules, i), i, err);
    json_decref(root);
    return rc;
}

int zn_rules_load(const char *name, struct zn_rules *r, struct ls_err *err)
{
    memset(r, 0, sizeof *r);
    struct stat st;
    int rc;
    if (stat(name, &st) == 0) {
        snprintf(r->origin, sizeof r->origin, "%s", name);
        FILE *f = fopen(name, "rb");
        char *buf = f ? malloc((size_t)st.st_size + 1) : NULL;
        size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
        if (f)
            fclose(f);
        if (!buf)
            return ls_err_set(err, f ? LS_ENOMEM : LS_ENOENT, name, NULL, NULL,
                              "cannot read the rule table");
        rc = parse(r, buf, n, err);
        free(buf);
    } else {
        const struct ls_embedded *e = ls_embedded_find(zoning_builtin_rules, name);
        if (!e)
            return ls_err_set(err, LS_ENOENT, name, NULL, "rules",
                              "neither a file nor a built-in rule table (built in: %s)",
                              zoning_builtin_rules[0].name);
        snprintf(r->origin, sizeof r->origin, "built-in:%s", e->name);
        rc = parse(r, (const char *)e->data, e->size, err);
    }
    if (rc)
        zn_rules_free(r);
    return rc;
}

const struct zn_rule *zn_rule_find(const struct zn_rules *r, int zone, int category)
{
    for (size_t i = 0; i < r->n_rules; i++)
        if (r->rules[i].zone == zone && r->rules[i].category == category)
            return &r->rules[i];
    return NULL;
}

json_t *zn_rules_check(const struct zn_rules *r, size_t *count)
{
    json_t *out = json_array();
    for (size_t z = 0; z < r->n_zones; z++)
        for (size_t c = 0; c < r->n_categories; c++) {
            const struct zn_rule *first = NULL;
            for (size_t i = 0; i < r->n_rules; i++) {
                const struct zn_rule *ru = &r->rules[i];
                if (ru->zone != (int)z || ru->category != (int)c)
                    continue;
                if (!first) {
                    first = ru;
                    continue;
                }
                if (ru->decision != first->decision) {
                    json_t *p = json_object();
                    json_object_set_new(p, "problem", json_string("contradiction"));
                    json_object_set_new(p, "zone", json_string(r->zones[z].id));
                    json_object_set_new(p, "category", json_string(r->categories[c].id));
                    json_object_set_new(p, "decisions",
                                        json_pack("[ss]", zn_decision_id(first->decision),
                                                  zn_decision_id(ru->decision)));
                    json_object_set_new(
                        p, "rules",
                        json_pack("[II]", (json_int_t)(first - r->rules), (json_int_t)i));
                    json_array_append_new(out, p);
                }
            }
            if (!first) {
                json_t *p = json_object();
                json_object_set_new(p, "problem", json_string("gap"));
                json_object_set_new(p, "zone", json_string(r->zones[z].id));
                json_object_set_new(p, "category", json_string(r->categories[c].id));
                json_array_append_new(out, p);
            }
        }
    *count = json_array_size(out);
    return out;
}

void zn_rules_free(struct zn_rules *r)
{
    free(r->zones);
    free(r->categories);
    free(r->rules);
    memset(r, 0, sizeof *r);
}
