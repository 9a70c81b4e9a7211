/*
 * compensation/diff — why a region's allocation changed between two allocations (two years, or
 * two versions of a scheme). A published part is A = P·s + b + (R − D) + ρ — the pool times the
 * share, what floors and caps moved, the net adjustment, the rounding — and s = Σ_f w_f·x̂_f, so
 *   ΔA = ΔP·s₀ + Σ_f P₁·(w₁x̂₁ − w₀x̂₀)_f + Δb + Δ(R − D) + Δρ
 * exactly: every 万元 of the change has one named cause.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compensation/internal.h"

static const json_t *find(const json_t *regions, const char *code)
{
    size_t i;
    const json_t *r;
    json_array_foreach(regions, i, r)
    {
        if (!strcmp(cmp_str(r, "region"), code))
            return r;
    }
    return NULL;
}

double cmp_alloc_weight(const json_t *allocation, const char *key)
{
    const char *slash = strchr(key, '/');
    if (!slash)
        return 0;
    size_t n = (size_t)(slash - key);
    size_t i, j;
    const json_t *c, *f;
    json_array_foreach(json_object_get(allocation, "components"), i, c)
    {
        const char *id = cmp_str(c, "id");
        if (strlen(id) != n || strncmp(id, key, n))
            continue;
        if (!strcmp(slash + 1, "need"))
            return cmp_num(c, "pool_share");
        json_array_foreach(json_object_get(c, "factors"), j, f)
        {
            if (!strcmp(cmp_str(f, "id"), slash + 1))
                return cmp_num(c, "pool_share") * cmp_num(f, "weight");
        }
    }
    return 0;
}

/* A column's weighted share in a region (0 when the region or the column is absent). */
static double weighted(const json_t *alloc, const json_t *r, const char *key)
{
    return r ? cmp_alloc_weight(alloc, key) * cmp_num(json_object_get(r, "shares"), key) : 0;
}

static void add_keys(json_t *keys, const json_t *r)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)json_object_get(r, "shares"), k, v)
    {
        json_object_set_new(keys, k, json_true());
    }
}

static json_t *region_diff(const json_t *ax, const json_t *ay, const json_t *x, const json_t *y,
                           const char *code, double p0, double p1)
{
    double a0 = (double)json_integer_value(json_object_get(x, "amount_wan"));
    double a1 = (double)json_integer_value(json_object_get(y, "amount_wan"));
    double s0 = cmp_num(x, "share");
    json_t *keys = json_object();
    add_keys(keys, x);
    add_keys(keys, y);
    json_t *factors = json_array();
    const char *k;
    json_t *v;
    double sum = 0;
    json_object_foreach(keys, k, v)
    {
        const char *slash = strchr(k, '/');
        const char *f = slash ? slash + 1 : k;
        double e = p1 * (weighted(ay, y, k) - weighted(ax, x, k));
        sum += e;
        json_t *row = json_pack("{s:s%,s:s,s:f}", "component", k, slash ? (size_t)(slash - k) : 0,
                                "factor", f, "effect_wan", e);
        const json_t *fx = json_object_get(json_object_get(x, "factors"), f);
        const json_t *fy = json_object_get(json_object_get(y, "factors"), f);
        if (fx)
            json_object_set_new(row, "before", json_deep_copy(fx));
        if (fy)
            json_object_set_new(row, "after", json_deep_copy(fy));
        json_array_append_new(factors, row);
    }
    json_decref(keys);
    double pool = (p1 - p0) * s0;
    double adj = (cmp_num(y, "reward") - cmp_num(y, "deduction")) -
                 (cmp_num(x, "reward") - cmp_num(x, "deduction"));
    double b0 = x ? cmp_num(x, "base") - p0 * s0 : 0;
    double b1 = y ? cmp_num(y, "base") - p1 * cmp_num(y, "share") : 0;
    double r0 = x ? a0 - cmp_num(x, "exact") : 0, r1 = y ? a1 - cmp_num(y, "exact") : 0;
    return json_pack("{s:s,s:s,s:f,s:f,s:f,s:f,s:o,s:f,s:f,s:f,s:f}", "region", code, "name",
                     cmp_str(y ? y : x, "name"), "before_wan", a0, "after_wan", a1, "change_wan",
                     a1 - a0, "pool_effect_wan", pool, "factor_effects", factors,
                     "factors_effect_wan", sum, "adjustment_effect_wan", adj, "bound_effect_wan",
                     b1 - b0, "rounding_effect_wan", r1 - r0);
}

static int by_code(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int cmp_diff(const json_t *before, const json_t *after, json_t **out, struct ls_err *err)
{
    *out = NULL;
    const json_t *rx = json_object_get(before, "regions"), *ry = json_object_get(after, "regions");
    if (!json_is_array(rx) || !json_is_array(ry))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "regions",
                          "both sides of a diff are allocations (allocation.json)");
    double p0 = cmp_num(before, "pool_wan"), p1 = cmp_num(after, "pool_wan");
    json_t *codes = json_object();
    size_t i;
    const json_t *r;
    json_array_foreach(rx, i, r)
    {
        json_object_set_new(codes, cmp_str(r, "region"), json_true());
    }
    json_array_foreach(ry, i, r)
    {
        json_object_set_new(codes, cmp_str(r, "region"), json_true());
    }
    /* regions in code order, whatever the order of either side */
    json_t *list = json_array();
    const char *code;
    json_t *v;
    size_t n = json_object_size(codes);
    const char **sorted = malloc(n * sizeof *sorted);
    if (!sorted) {
        json_decref(codes);
        json_decref(list);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    size_t m = 0;
    json_object_foreach(codes, code, v)
    {
        sorted[m++] = code;
    }
    qsort(sorted, m, sizeof *sorted, by_code);
    double total = 0;
    for (size_t j = 0; j < m; j++) {
        json_t *d =
            region_diff(before, after, find(rx, sorted[j]), find(ry, sorted[j]), sorted[j], p0, p1);
        total += cmp_num(d, "change_wan");
        json_array_append_new(list, d);
    }
    free(sorted);
    json_decref(codes);
    const json_t *sx = json_object_get(before, "scheme"), *sy = json_object_get(after, "scheme");
    *out = json_pack("{s:{s:s,s:O?,s:s,s:s,s:f},s:{s:s,s:O?,s:s,s:s,s:f},s:f,s:f,s:o}", "before",
                     "allocation", cmp_str(before, "allocation"), "year",
                     json_object_get(before, "year"), "scheme", cmp_str(sx, "scheme"), "version",
                     cmp_str(sx, "version"), "pool_wan", p0, "after", "allocation",
                     cmp_str(after, "allocation"), "year", json_object_get(after, "year"), "scheme",
                     cmp_str(sy, "scheme"), "version", cmp_str(sy, "version"), "pool_wan", p1,
                     "pool_change_wan", p1 - p0, "change_wan", total, "regions", list);
    return *out ? 0 : ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
}
