/*
 * 农用地分等 farmland grading (GB/T 28407-2012): the use grade index of a unit from its
 * designated crops, Y = Σ_j α_tj · CL_ij · β_j · K_Lj (α the light-temperature production
 * potential index, CL the natural quality score, β the yield-ratio coefficient to the
 * benchmark crop, K_L the land-use coefficient), or Y given; the national grade from bands of
 * the scheme's width (200 points: grade 15 − ⌊Y/200⌋, 1 best … 15); and the quality-equivalent
 * coefficient for cropland balance and quota trading — the province's published table, or
 * the grade band's mean index over the province's mean use index. With benchmark prices by
 * grade, the value is the grade's price.
 */
#include <math.h>
#include <stdio.h>

#include "valuation/internal.h"

static int use_index(struct val_ctx *c, double *y)
{
    const json_t *crops = json_object_get(c->inputs, "crops");
    if (!crops)
        return val_need(c, NULL, "inputs", "use_index", "Y, the use grade index (or crops)", y);
    if (!json_is_array(crops) || !json_array_size(crops))
        return val_refuse(c, "input.type", "crops",
                          "crops is a list of {alpha, CL, beta, K_L}, one per designated crop");
    *y = 0;
    for (size_t j = 0; j < json_array_size(crops); j++) {
        const json_t *k = json_array_get(crops, j);
        char where[32];
        snprintf(where, sizeof where, "crops[%zu]", j);
        double alpha = 0, cl = 0, beta = 0, kl = 0;
        int rc = val_need(c, k, where, "alpha", "the light-temperature potential index", &alpha);
        if (!rc)
            rc = val_need(c, k, where, "CL", "the natural quality score", &cl);
        if (!rc)
            rc = val_need(c, k, where, "beta", "the yield-ratio coefficient", &beta);
        if (!rc)
            rc = val_need(c, k, where, "K_L", "the land-use coefficient", &kl);
        if (rc)
            return rc;
        *y += alpha * cl * beta * kl;
    }
    val_step(c, "use grade index", "Y = Σ_j α_tj · CL_ij · β_j · K_Lj", *y);
    return 0;
}

static int run(struct val_ctx *c, double *v)
{
    const json_t *fl = json_object_get(c->scheme->root, "farmland");
    double y, band = json_number_value(json_object_get(fl, "use_index_band"));
    double grades = json_number_value(json_object_get(fl, "grades"));
    int rc = use_index(c, &y);
    if (rc)
        return rc;
    if (!(y >= 0) || !(band > 0) || !(grades >= 1))
        return val_refuse(c, "farmland.index", "use_index",
                          "the use index is not negative and the scheme gives the grade bands");
    int grade = (int)(grades - floor(y / band));
    if (grade < 1)
        grade = 1;
    if (grade > (int)grades)
        grade = (int)grades;
    char formula[96];
    snprintf(formula, sizeof formula, "grade = %g − ⌊Y / %g⌋ (1 … %g)", grades, band, grades);
    val_step(c, "national grade", formula, grade);
    json_object_set_new(c->extra, "use_index", json_real(y));
    json_object_set_new(c->extra, "grade", json_integer(grade));
    char key[16];
    snprintf(key, sizeof key, "%d", grade);
    const char *province = json_string_value(json_object_get(c->inputs, "province"));
    double mean = 0;
    if ((rc = val_opt(c, NULL, "inputs", "mean_use_index", NAN, &mean)))
        return rc;
    double coef = NAN;
    if (province) {
        const json_t *t = json_object_get(json_object_get(fl, "quality_equivalent"), province);
        if (!t)
            return val_refuse(c, "farmland.province", "province",
                              "the scheme has no quality-equivalent table for province %s: give "
                              "mean_use_index instead",
                              province);
        const json_t *g = json_object_get(json_object_get(t, "grades"), key);
        if (!json_is_number(g))
            return val_refuse(c, "farmland.grade_outside_table", "use_index",
                              "grade %d is not in province %s's quality-equivalent table", grade,
                              province);
        coef = json_number_value(g);
        val_step(c, "quality-equivalent coefficient", "the province's published table", coef);
    } else if (!isnan(mean)) {
        if (!(mean > 0))
            return val_refuse(c, "farmland.mean", "mean_use_index", "the mean index is positive");
        double mid = (grades - grade + 0.5) * band;
        coef = mid / mean;
        val_step(c, "quality-equivalent coefficient",
                 "grade band's mean use index / the province's mean use index", coef);
    }
    if (!isnan(coef))
        json_object_set_new(c->extra, "quality_equivalent", json_real(coef));
    *v = 0;
    const json_t *prices = json_object_get(c->inputs, "benchmark_by_grade");
    if (prices) {
        const json_t *p = json_object_get(prices, key);
        if (!json_is_number(p))
            return val_refuse(c, "farmland.price_missing", "benchmark_by_grade",
                              "benchmark_by_grade has no price for grade %d", grade);
        *v = json_number_value(p);
        val_step(c, "value", "the benchmark price of the grade", *v);
    }
    return 0;
}

const struct val_method_def val_farmland_grade = {
    "farmland_grade",
    "grading",
    "农用地分等",
    "Farmland grading",
    "GB/T 28407-2012; GB/T 28406-2012",
    "yuan/mu",
    run,
};
