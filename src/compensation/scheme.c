/*
 * compensation/scheme — a compensation scheme (data/compensation/ or a file): checked
 * whole before anything is computed with it, because a weight that does not sum to 1 or a band
 * out of order silently moves money between regions.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "compensation/internal.h"

const char *cmp_str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

double cmp_num(const json_t *o, const char *k)
{
    return json_number_value(json_object_get(o, k));
}

int cmp_read_file(const char *path, char **text, size_t *len, struct ls_err *err)
{
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ls_err_set(err, LS_ENOENT, path, NULL, NULL, "cannot open: %s", ls_strerror(errno));
    size_t cap = 0;
    for (;;) {
        if (*len + 4096 > cap) {
            char *b = realloc(*text, cap = cap ? cap * 2 : 65536);
            if (!b) {
                fclose(f);
                free(*text);
                *text = NULL;
                return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
            }
            *text = b;
        }
        size_t got = fread(*text + *len, 1, cap - *len - 1, f);
        *len += got;
        if (!got)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(*text);
        *text = NULL;
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot read");
    }
    (*text)[*len] = 0;
    return 0;
}

const json_t *cmp_band(const json_t *bands, double v)
{
    size_t i;
    const json_t *b;
    json_array_foreach(bands, i, b)
    {
        const json_t *lo = json_object_get(b, "min"), *hi = json_object_get(b, "max");
        if ((json_is_null(lo) || !lo || v > json_number_value(lo)) &&
            (json_is_null(hi) || !hi || v <= json_number_value(hi)))
            return b;
    }
    return NULL;
}

static int bad(const struct cmp_scheme *s, const char *field, const char *what, struct ls_err *err)
{
    return ls_err_set(err, LS_EINVAL, s->origin, NULL, field, "rule compensation.scheme: %s", what);
}

/* Bands in order, each starting where the last ended, open only at the two ends. */
static int check_bands(const struct cmp_scheme *s, const json_t *bands, const char *field,
                       const char *value_key, struct ls_err *err)
{
    char msg[256];
    size_t n = json_array_size(bands);
    if (!n)
        return bad(s, field, "bands are a non-empty list", err);
    for (size_t i = 0; i < n; i++) {
        const json_t *b = json_array_get(bands, i);
        const json_t *lo = json_object_get(b, "min"), *hi = json_object_get(b, "max");
        if (!json_is_number(json_object_get(b, value_key))) {
            snprintf(msg, sizeof msg, "band %zu has no number \"%s\"", i + 1, value_key);
            return bad(s, field, msg, err);
        }
        /* a band without "min" starts where the last one ended */
        int lo_open = lo && json_is_null(lo), hi_open = !hi || json_is_null(hi);
        if (!lo && i == 0)
            lo_open = 1;
        if ((lo_open && i > 0) || (hi_open && i + 1 < n) ||
            (lo && !lo_open && !json_is_number(lo)) || (!hi_open && !json_is_number(hi))) {
            snprintf(msg, sizeof msg,
                     "band %zu: only the first band is open below and the last "
                     "above",
                     i + 1);
            return bad(s, field, msg, err);
        }
        if (lo && !lo_open && !hi_open && !(json_number_value(hi) > json_number_value(lo))) {
            snprintf(msg, sizeof msg, "band %zu: max %g is not above min %g", i + 1,
                     json_number_value(hi), json_number_value(lo));
            return bad(s, field, msg, err);
        }
        if (i > 0 && !lo && !hi_open) {
            const json_t *prev = json_object_get(json_array_get(bands, i - 1), "max");
            if (!(json_number_value(hi) > json_number_value(prev))) {
                snprintf(msg, sizeof msg, "band %zu: max %g is not above the last band's", i + 1,
                         json_number_value(hi));
                return bad(s, field, msg, err);
            }
        }
        if (i > 0 && lo) {
            const json_t *prev = json_object_get(json_array_get(bands, i - 1), "max");
            if (!json_is_number(prev) || json_number_value(prev) != json_number_value(lo)) {
                snprintf(msg, sizeof msg, "band %zu does not start where band %zu ends", i + 1, i);
                return bad(s, field, msg, err);
            }
        }
    }
    return 0;
}

static int check_component(const struct cmp_scheme *s, const json_t *c, size_t ci,
                           struct ls_err *err)
{
    char field[96], msg[256];
    snprintf(field, sizeof field, "components[%zu]", ci);
    const char *method = cmp_str(c, "method");
    const json_t *fs = json_object_get(c, "factors");
    if (!*cmp_str(c, "id") || !json_array_size(fs))
        return bad(s, field, "a component has an id and its factors", err);
    if (!strcmp(method, "factors")) {
        double w = 0;
        size_t i;
        const json_t *f;
        json_array_foreach(fs, i, f)
        {
            double v = cmp_num(f, "weight");
            if (!*cmp_str(f, "id") || !json_is_number(json_object_get(f, "weight")) || v < 0) {
                snprintf(msg, sizeof msg, "factor %zu of component %s has an id and a weight ≥ 0",
                         i + 1, cmp_str(c, "id"));
                return bad(s, field, msg, err);
            }
            w += v;
        }
        if (fabs(w - 1) > 1e-9) {
            snprintf(msg, sizeof msg, "the weights of component %s sum to %.12g, not 1",
                     cmp_str(c, "id"), w);
            snprintf(field + strlen(field), sizeof field - strlen(field), ".factors");
            return bad(s, field, msg, err);
        }
        return 0;
    }
    if (!strcmp(method, "need")) {
        const json_t *nd = json_object_get(c, "need");
        if (!*cmp_str(nd, "base") || !*cmp_str(nd, "grade_by"))
            return bad(s, field, "a need component names its base and the factor it grades by",
                       err);
        int rc = check_bands(s, json_object_get(nd, "grades"), field, "k", err);
        if (rc)
            return rc;
        const json_t *rl = json_object_get(nd, "redline");
        if (rl && (!*cmp_str(rl, "factor") || !(cmp_num(rl, "beta") >= 0)))
            return bad(s, field, "the red-line factor names its factor and a beta ≥ 0", err);
        return 0;
    }
    snprintf(msg, sizeof msg, "component %s: method \"%s\" is neither \"factors\" nor \"need\"",
             cmp_str(c, "id"), method);
    return bad(s, field, msg, err);
}

/* The P-index rounds (compensation.md §2.1): k0 in (0, 1], weights over the scheme's
 * indicators summing to 1, consecutive year ranges. */
static int check_rounds(const struct cmp_scheme *s, struct ls_err *err)
{
    const json_t *ind = json_object_get(s->root, "indicators"),
                 *rs = json_object_get(s->root, "rounds");
    if (!json_array_size(ind) || !json_array_size(rs))
        return bad(s, "rounds", "a P-index scheme lists its indicators and its rounds", err);
    size_t i, j;
    const json_t *r, *x;
    char msg[160];
    json_array_foreach(rs, i, r)
    {
        double k0 = cmp_num(r, "k0"), w = 0;
        if (!(k0 > 0 && k0 <= 1) || cmp_num(r, "amount_yuan") < 0 ||
            json_integer_value(json_object_get(r, "to")) <
                json_integer_value(json_object_get(r, "from"))) {
            snprintf(msg, sizeof msg,
                     "round %zu has k0 in (0, 1], years from ≤ to and an amount ≥ 0", i + 1);
            return bad(s, "rounds", msg, err);
        }
        json_array_foreach(ind, j, x)
        {
            w += cmp_num(json_object_get(r, "weights"), json_string_value(x));
        }
        if (fabs(w - 1) > 1e-9) {
            snprintf(msg, sizeof msg, "round %zu: the indicators' weights sum to %.12g, not 1",
                     i + 1, w);
            return bad(s, "rounds.weights", msg, err);
        }
    }
    return 0;
}

static int check(struct cmp_scheme *s, struct ls_err *err)
{
    const json_t *r = s->root;
    if (!*cmp_str(r, "scheme") || !*cmp_str(r, "version") || !*cmp_str(r, "valid_from"))
        return bad(s, "scheme", "a scheme has \"scheme\", \"version\" and \"valid_from\"", err);
    if (!json_is_boolean(json_object_get(r, "verified")) || !*cmp_str(r, "source"))
        return bad(s, "verified",
                   "a scheme says where its figures come from (\"source\") and whether they were "
                   "checked against the official text (\"verified\")",
                   err);
    const char *kind = cmp_str(r, "kind");
    if (!strcmp(kind, "p_index"))
        return check_rounds(s, err);
    if (!strcmp(kind, "exceedance")) {
        const char *k;
        const json_t *v;
        if (!json_object_size(json_object_get(r, "prices_yuan_per_t")))
            return bad(s, "prices_yuan_per_t", "an exceedance scheme prices its indicators", err);
        json_object_foreach((json_t *)json_object_get(r, "prices_yuan_per_t"), k, v)
        {
            if (!(json_number_value(v) > 0))
                return bad(s, "prices_yuan_per_t", "each indicator's price is > 0 yuan per t", err);
        }
        return 0;
    }
    if (strcmp(kind, "vertical"))
        return bad(s, "kind", "a scheme is \"vertical\", \"p_index\" or \"exceedance\"", err);
    const json_t *cs = json_object_get(r, "components");
    if (!json_array_size(cs))
        return bad(s, "components", "a scheme has at least one component", err);
    double share = 0;
    size_t i;
    const json_t *c;
    json_array_foreach(cs, i, c)
    {
        int rc = check_component(s, c, i, err);
        if (rc)
            return rc;
        share += cmp_num(c, "pool_share");
        if (!(cmp_num(c, "pool_share") > 0))
            return bad(s, "pool_share", "each component takes a share of the pool > 0", err);
    }
    if (fabs(share - 1) > 1e-9) {
        char msg[128];
        snprintf(msg, sizeof msg, "the components' pool shares sum to %.12g, not 1", share);
        return bad(s, "pool_share", msg, err);
    }
    const json_t *adj = json_object_get(r, "adjustments");
    if (adj) {
        if (!*cmp_str(adj, "before") || !*cmp_str(adj, "after"))
            return bad(s, "adjustments", "adjustments name the factors before and after", err);
        int rc = check_bands(s, json_object_get(adj, "bands"), "adjustments.bands", "rate", err);
        if (rc)
            return rc;
    }
    const json_t *fl = json_object_get(r, "floor");
    if (fl && (!*cmp_str(fl, "factor") || !(cmp_num(fl, "ratio") > 0)))
        return bad(s, "floor", "a floor names its factor and a ratio > 0", err);
    const json_t *cap = json_object_get(r, "cap");
    if (cap && !(cmp_num(cap, "share_of_pool") > 0 && cmp_num(cap, "share_of_pool") <= 1))
        return bad(s, "cap", "a cap is a share of the pool in (0, 1]", err);
    return 0;
}

static int parse(struct cmp_scheme *s, const char *text, size_t len, struct ls_err *err)
{
    json_error_t je;
    s->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!s->root || !json_is_object(s->root))
        return ls_err_set(err, LS_EINVAL, s->origin, NULL, NULL,
                          "malformed compensation scheme at line %d: %s", je.line,
                          s->root ? "not an object" : je.text);
    int rc = check(s, err);
    if (rc)
        return rc;
    char hex[65];
    ls_sha256_hex(text, len, hex);
    json_object_set_new(s->root, "sha256", json_string(hex));
    return 0;
}

int cmp_scheme_load(const char *id_or_path, struct cmp_scheme **out, struct ls_err *err)
{
    *out = NULL;
    struct cmp_scheme *s = calloc(1, sizeof *s);
    if (!s)
        return ls_err_set(err, LS_ENOMEM, id_or_path, NULL, NULL, "out of memory");
    const struct ls_embedded *e = ls_embedded_find(compensation_builtin_schemes, id_or_path);
    int rc;
    if (e) {
        snprintf(s->origin, sizeof s->origin, "built-in:%s", e->name);
        rc = parse(s, (const char *)e->data, e->size, err);
    } else if (!strchr(id_or_path, '/') && !strstr(id_or_path, ".json")) {
        char list[256] = "";
        for (e = compensation_builtin_schemes; e->name; e++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? ", " : "",
                     e->name);
        rc = ls_err_set(err, LS_ENOENT, id_or_path, NULL, "scheme",
                        "no such built-in compensation scheme (%s) and not a file path", list);
    } else {
        snprintf(s->origin, sizeof s->origin, "%s", id_or_path);
        char *text = NULL;
        size_t len = 0;
        rc = cmp_read_file(id_or_path, &text, &len, err);
        if (!rc)
            rc = parse(s, text, len, err);
        free(text);
    }
    if (rc) {
        cmp_scheme_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

void cmp_scheme_free(struct cmp_scheme *s)
{
    if (!s)
        return;
    json_decref(s->root);
    free(s);
}

const json_t *cmp_scheme_json(const struct cmp_scheme *s)
{
    return s->root;
}

json_t *cmp_scheme_list(void)
{
    json_t *a = json_array();
    for (const struct ls_embedded *e = compensation_builtin_schemes; e->name; e++) {
        struct cmp_scheme *s = NULL;
        if (cmp_scheme_load(e->name, &s, NULL))
            continue;
        const json_t *r = s->root;
        json_array_append_new(
            a, json_pack("{s:s,s:s,s:s,s:s,s:s,s:O,s:s}", "scheme", cmp_str(r, "scheme"), "version",
                         cmp_str(r, "version"), "valid_from", cmp_str(r, "valid_from"), "name",
                         cmp_str(r, "name"), "name_en", cmp_str(r, "name_en"), "verified",
                         json_object_get(r, "verified"), "kind", cmp_str(r, "kind")));
        cmp_scheme_free(s);
    }
    return json_pack("{s:o}", "schemes", a);
}
