/*
 * 基准地价系数修正法 benchmark-price coefficient correction (GB/T 18508-2014; TD/T 1061 path
 * 5): V = V_1b · (1 ± ΣK_i) · ΠK_j + D — V_1b the benchmark price for the use and land grade,
 * K_i the regional and individual factor corrections of the benchmark correction table
 * (signed, summed), K_j the date, plot-ratio and term corrections (multiplied), D the
 * correction for the land's development level.
 */
#include <stdio.h>

#include "valuation/internal.h"

static int sum_list(struct val_ctx *c, const char *name, int product, double *out)
{
    const json_t *list = json_object_get(c->inputs, name);
    *out = product ? 1.0 : 0.0;
    if (!list)
        return 0;
    if (!json_is_array(list))
        return val_refuse(c, "input.type", name, "%s is a list of numbers", name);
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *k = json_array_get(list, i);
        if (!json_is_number(k))
            return val_refuse(c, "input.type", name, "%s[%zu] is a number", name, i);
        *out = product ? *out * json_number_value(k) : *out + json_number_value(k);
    }
    return 0;
}

static int run(struct val_ctx *c, double *v)
{
    double base = 0, sk = 0, pk = 0, d = 0;
    int rc = val_need(c, NULL, "inputs", "benchmark", "V_1b, the benchmark price", &base);
    if (!rc)
        rc = sum_list(c, "K_i", 0, &sk);
    if (!rc)
        rc = sum_list(c, "K_j", 1, &pk);
    if (!rc)
        rc = val_opt(c, NULL, "inputs", "D", 0, &d);
    if (rc)
        return rc;
    if (!(base > 0) || !(pk > 0) || !(1.0 + sk > 0))
        return val_refuse(c, "benchmark.range", "inputs",
                          "the benchmark price and the corrections leave a positive price");
    val_step(c, "regional and individual factors", "1 + ΣK_i", 1.0 + sk);
    val_step(c, "date, plot-ratio and term corrections", "ΠK_j", pk);
    *v = base * (1.0 + sk) * pk + d;
    val_step(c, "value", "V = V_1b · (1 ± ΣK_i) · ΠK_j + D", *v);
    return 0;
}

const struct val_method_def val_benchmark_coefficient = {
    "benchmark_coefficient",
    "published_price",
    "基准地价系数修正法",
    "Benchmark-price coefficient correction",
    "GB/T 18508-2014; TD/T 1061-2021",
    "yuan/m2",
    run,
};
