/*
 * valuation/: every method against a hand-worked figure — the published worked examples of the
 * valuation reference to the yuan (income capitalisation V = ¥1,504.63/m²; the term correction
 * 0.9546; a forest stand by harvest present value ¥27,911/ha and by replacement cost
 * ¥12,637/ha; the Henan quality-equivalent coefficients 1.43 … 0.44), the other forms summed
 * year by year here (a growing income, a varying one), the residual checked by putting its
 * land value back into A − B − C, the sea-area fee from the table by hand — and each bad
 * request refused by its rule, naming the field.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "valuation/internal.h"

static struct val_scheme *scheme;

/* |a − b| ≤ eps in double precision (cmocka's float comparison would lose the fen). */
#define assert_near(a, b, eps) near_at((a), (b), (eps), #a, __FILE__, __LINE__)
static void near_at(double a, double b, double eps, const char *what, const char *file, int line)
{
    if (!(fabs(a - b) <= eps))
        fail_msg("%s:%d: %s = %.10g, expected %.10g (± %g)", file, line, what, a, b, eps);
}

static int setup(void **state)
{
    (void)state;
    struct ls_err e = { 0 };
    return val_scheme_load("cn-2021", &scheme, &e);
}

static int teardown(void **state)
{
    (void)state;
    val_scheme_free(scheme);
    return 0;
}

/* Runs the request text; the report (or NULL with e filled). */
static json_t *run(const char *text, struct ls_err *e)
{
    json_error_t je;
    json_t *req = json_loads(text, 0, &je);
    if (!req)
        fail_msg("bad test JSON: %s: %s", je.text, text);
    json_t *rep = NULL;
    memset(e, 0, sizeof *e);
    val_run(scheme, req, "test", &rep, e);
    json_decref(req);
    return rep;
}

static double num(const json_t *rep, const char *key)
{
    return json_number_value(json_object_get(rep, key));
}

/* The value of the report's step named `step` (the last of that name). */
static double step(const json_t *rep, const char *name)
{
    double v = NAN;
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(rep, "steps"), i, s)
    {
        if (!strcmp(json_string_value(json_object_get(s, "step")), name))
            v = json_number_value(json_object_get(s, "value"));
    }
    return v;
}

static void refused(const char *text, const char *rule, const char *field)
{
    struct ls_err e;
    json_t *rep = run(text, &e);
    if (rep)
        fail_msg("accepted, expected rule %s: %s", rule, text);
    char want[80];
    snprintf(want, sizeof want, "rule %s:", rule);
    if (!strstr(e.msg, want))
        fail_msg("expected %s, got: %s", want, e.msg);
    if (field && strcmp(e.field, field))
        fail_msg("expected field %s, got %s (%s)", field, e.field, e.msg);
}

static void income_worked_example(void **state)
{
    (void)state;
    struct ls_err e;
    json_t *rep = run("{\"method\":\"income_capitalisation\",\"date\":\"2024-06-30\","
                      "\"inputs\":{\"a\":100,\"r\":0.06,\"n\":40}}",
                      &e);
    assert_non_null(rep);
    assert_near(num(rep, "unit_value"), 1504.63, 1e-9);
    json_decref(rep);
    /* perpetual: a/r */
    rep = run("{\"method\":\"income_capitalisation\",\"date\":\"2024-06-30\","
              "\"inputs\":{\"a\":100,\"r\":0.05},\"quantity\":10}",
              &e);
    assert_near(num(rep, "unit_value"), 2000.0, 1e-9);
    assert_near(num(rep, "value"), 20000.0, 1e-9);
    json_decref(rep);
}

/* The growing and varying forms against the incomes discounted year by year. */
static void income_forms_against_yearly_sums(void **state)
{
    (void)state;
    double geo = 0, ari = 0, var = 80 / 1.06 + 90 / pow(1.06, 2);
    for (int t = 1; t <= 40; t++) {
        geo += 100 * pow(1.02, t - 1) / pow(1.06, t);
        ari += (100 + 2 * (t - 1)) / pow(1.06, t);
        if (t >= 3)
            var += 100 / pow(1.06, t);
    }
    struct ls_err e;
    json_t *rep = run("{\"method\":\"income_capitalisation\",\"date\":\"2024-06-30\",\"inputs\":"
                      "{\"form\":\"geometric\",\"a\":100,\"r\":0.06,\"s\":0.02,\"n\":40}}",
                      &e);
    assert_near(num(rep, "unit_value"), round(geo * 100) / 100, 1e-9);
    json_decref(rep);
    rep = run("{\"method\":\"income_capitalisation\",\"date\":\"2024-06-30\",\"inputs\":"
              "{\"form\":\"arithmetic\",\"a\":100,\"r\":0.06,\"b\":2,\"n\":40}}",
              &e);
    assert_near(num(rep, "unit_value"), round(ari * 100) / 100, 1e-9);
    json_decref(rep);
    rep = run("{\"method\":\"income_capitalisation\",\"date\":\"2024-06-30\",\"inputs\":"
              "{\"form\":\"varying\",\"a_years\":[80,90],\"a\":100,\"r\":0.06,\"n\":40}}",
              &e);
    assert_near(num(rep, "unit_value"), round(var * 100) / 100, 1e-9);
    json_decref(rep);
    /* a rented property: the building's return comes off first */
    rep = run("{\"method\":\"income_capitalisation\",\"date\":\"2024-06-30\",\"inputs\":"
              "{\"a\":160,\"building\":{\"value\":1000,\"r\":0.06},\"r\":0.06,\"n\":40}}",
              &e);
    assert_near(num(rep, "unit_value"), 1504.63, 1e-9);
    json_decref(rep);
}

static void term_correction_and_comparison(void **state)
{
    (void)state;
    assert_near(round(val_term_correction(0.06, 40, 50) * 1e4) / 1e4, 0.9546, 1e-12);
    struct ls_err e;
    json_t *rep = run(
        "{\"method\":\"market_comparison\",\"date\":\"2024-06-30\",\"inputs\":{\"comparables\":["
        "{\"price\":1000,\"date\":\"2023-01-10\",\"term\":{\"r\":0.06,\"m\":40,\"n\":50}},"
        "{\"price\":1100,\"date\":\"2022-09-01\",\"A\":1.0,\"B\":1.02,\"C\":0.98,\"D\":0.95,"
        "\"E\":1},"
        "{\"price\":900,\"date\":\"2024-03-01\",\"D\":1.1,\"weight\":2}]}}",
        &e);
    assert_non_null(rep);
    double v1 = 1000 * val_term_correction(0.06, 40, 50), v2 = 1100 * 1.02 * 0.98 * 0.95,
           v3 = 900 * 1.1;
    assert_near(num(rep, "unit_value"), round((v1 + v2 + 2 * v3) / 4 * 100) / 100, 1e-9);
    json_decref(rep);
}

static void forest_worked_examples(void **state)
{
    (void)state;
    struct ls_err e;
    /* u = 26, n = 14, A_u = 60,000, a thinning of 3,000 at 16, P = 6 %, V = 150, K = 0.9 */
    json_t *rep = run("{\"method\":\"forest_stand\",\"date\":\"2024-06-30\",\"inputs\":{"
                      "\"age_class\":\"middle\",\"K\":0.9,\"A_u\":60000,\"thinnings\":[{\"age\":16,"
                      "\"income\":3000}],\"P\":0.06,\"V\":150,\"u\":26,\"n\":14}}",
                      &e);
    assert_non_null(rep);
    assert_near(round(num(rep, "unit_value")), 27911, 0);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(rep, "result"), "forest_method")),
        "harvest_present_value");
    json_decref(rep);
    /* a young stand: replacement cost of 6,000, 1,500, 1,500, 1,500 at 6 % */
    rep = run("{\"method\":\"forest_stand\",\"date\":\"2024-06-30\",\"inputs\":{"
              "\"age_class\":\"young\",\"costs\":[6000,1500,1500,1500],\"P\":0.06}}",
              &e);
    assert_near(round(num(rep, "unit_value")), 12637, 0);
    json_decref(rep);
    rep = run("{\"method\":\"forest_stand\",\"date\":\"2024-06-30\",\"inputs\":{"
              "\"age_class\":\"mature\",\"W\":90000,\"C\":30000,\"F\":6000}}",
              &e);
    assert_near(num(rep, "unit_value"), 54000, 0);
    json_decref(rep);
    rep = run("{\"method\":\"forest_land\",\"date\":\"2024-06-30\",\"inputs\":{\"A\":300,"
              "\"P\":0.05}}",
              &e);
    assert_near(num(rep, "unit_value"), 6000, 0);
    json_decref(rep);
}

/* The Henan table is reproduced by one provincial mean use index (1,608) over the bands'
 * midpoints: the formula and the published coefficients agree on all nine grades. */
static void farmland_quality_equivalent_henan(void **state)
{
    (void)state;
    const double pub[] = { 1.43, 1.31, 1.18, 1.06, 0.93, 0.81, 0.68, 0.56, 0.44 };
    for (int g = 4; g <= 12; g++) {
        char text[256];
        double y = (15 - g) * 200 + 37; /* inside the grade's band */
        snprintf(text, sizeof text,
                 "{\"method\":\"farmland_grade\",\"date\":\"2024-06-30\",\"inputs\":{"
                 "\"use_index\":%g,\"mean_use_index\":1608}}",
                 y);
        struct ls_err e;
        json_t *rep = run(text, &e);
        json_t *res = json_object_get(rep, "result");
        assert_int_equal(json_integer_value(json_object_get(res, "grade")), g);
        double q = json_number_value(json_object_get(res, "quality_equivalent"));
        assert_near(round(q * 100) / 100, pub[g - 4], 1e-12);
        json_decref(rep);
        snprintf(text, sizeof text,
                 "{\"method\":\"farmland_grade\",\"date\":\"2024-06-30\",\"inputs\":{"
                 "\"use_index\":%g,\"province\":\"41\"}}",
                 y);
        rep = run(text, &e);
        res = json_object_get(rep, "result");
        assert_near(json_number_value(json_object_get(res, "quality_equivalent")), pub[g - 4], 0);
        json_decref(rep);
    }
    /* the index from the crops: α·CL·β·K_L summed */
    struct ls_err e;
    json_t *rep = run("{\"method\":\"farmland_grade\",\"date\":\"2024-06-30\",\"inputs\":{"
                      "\"crops\":[{\"alpha\":2000,\"CL\":0.8,\"beta\":1,\"K_L\":0.7},{\"alpha\":"
                      "1500,\"CL\":0.6,\"beta\":0.9,\"K_L\":0.6}],\"benchmark_by_grade\":{\"7\":"
                      "52000}}}",
                      &e);
    json_t *res = json_object_get(rep, "result");
    assert_near(json_number_value(json_object_get(res, "use_index")), 1606.0, 1e-9);
    assert_int_equal(json_integer_value(json_object_get(res, "grade")), 7);
    assert_near(num(rep, "unit_value"), 52000, 0);
    json_decref(rep);
    refused("{\"method\":\"farmland_grade\",\"date\":\"2024-06-30\",\"inputs\":{\"use_index\":"
            "1606,\"benchmark_by_grade\":{\"9\":52000}}}",
            "farmland.price_missing", "benchmark_by_grade");
}

static void residual_balances(void **state)
{
    (void)state;
    struct ls_err e;
    json_t *rep =
        run("{\"method\":\"residual\",\"date\":\"2024-06-30\",\"inputs\":{\"completed_value\":"
            "10000000,\"construction\":3000000,\"fees\":300000,\"sales_taxes\":600000,"
            "\"interest_rate\":0.05,\"period_years\":2,\"profit_rate\":0.2}}",
            &e);
    assert_non_null(rep);
    double v = num(rep, "unit_value"), k = 3300000;
    double b = k + 600000 + v * (pow(1.05, 2) - 1) + k * (1.05 - 1), c = 0.2 * (v + k);
    assert_true(fabs(10000000 - b - c - v) < 0.01);
    json_decref(rep);
}

static void cost_and_benchmark(void **state)
{
    (void)state;
    struct ls_err e;
    /* Ea 100, Ed 80, T 10, interest at 5 % over 2 years (land whole, development half), profit
     * 10 %, value added 15 %: by hand 100·0.1025 + 80·0.05 = 14.25; R2 = 19; VE = 223.25 */
    json_t *rep =
        run("{\"method\":\"cost_approach\",\"date\":\"2024-06-30\",\"inputs\":{\"acquisition\":100,"
            "\"development\":80,\"taxes\":10,\"interest_rate\":0.05,\"period_years\":2,"
            "\"profit_rate\":0.1,\"value_added_rate\":0.15}}",
            &e);
    assert_near(step(rep, "cost price VE"), 223.25, 1e-9);
    assert_near(num(rep, "unit_value"), round(223.25 * 1.15 * 100) / 100, 1e-9);
    json_decref(rep);
    rep = run("{\"method\":\"benchmark_coefficient\",\"date\":\"2024-06-30\",\"inputs\":{"
              "\"benchmark\":1200,\"K_i\":[0.05,-0.02,0.03],\"K_j\":[1.02,0.98],\"D\":-40}}",
              &e);
    assert_near(num(rep, "unit_value"), round((1200 * 1.06 * 1.02 * 0.98 - 40) * 100) / 100, 1e-9);
    json_decref(rep);
}

static void sea_fee_and_floor(void **state)
{
    (void)state;
    struct ls_err e;
    /* permeable structures, class 3: 2.10 万元/ha a year; 2 ha for 10 years */
    json_t *rep = run("{\"method\":\"sea_fee\",\"date\":\"2024-06-30\",\"inputs\":{\"use\":"
                      "\"permeable_structure\",\"class\":3,\"area_ha\":2,\"years\":10}}",
                      &e);
    assert_near(num(rep, "value"), 420000, 0);
    json_decref(rep);
    /* a sea-area use right valued by income, below the fee it owes: floor not met */
    rep = run("{\"method\":\"income_capitalisation\",\"date\":\"2024-06-30\",\"inputs\":{\"a\":"
              "15000,\"r\":0.06,\"n\":10},\"quantity\":2,\"floor\":{\"basis\":\"sea_fee\",\"use\":"
              "\"permeable_structure\",\"class\":1,\"area_ha\":2,\"years\":10}}",
              &e);
    json_t *f = json_object_get(rep, "floor");
    assert_near(json_number_value(json_object_get(f, "amount")), 600000, 0);
    assert_false(json_is_true(json_object_get(f, "met")));
    json_decref(rep);
    refused("{\"method\":\"sea_fee\",\"date\":\"2024-06-30\",\"inputs\":{\"use\":"
            "\"permeable_structure\",\"class\":7,\"area_ha\":2,\"years\":10}}",
            "sea_fee.class", "class");
    refused("{\"method\":\"sea_fee\",\"date\":\"2024-06-30\",\"inputs\":{\"use\":\"yachts\","
            "\"area_ha\":2}}",
            "sea_fee.use", "use");
}

static void mining(void **state)
{
    (void)state;
    struct ls_err e;
    json_t *rep = run("{\"method\":\"mining_dcf\",\"date\":\"2024-06-30\",\"inputs\":{\"stage\":"
                      "\"mining\",\"cash_flows\":[{\"CI\":0,\"CO\":5000000},{\"CI\":4000000,"
                      "\"CO\":1000000},{\"CI\":4000000,\"CO\":1000000},{\"CI\":4000000,\"CO\":"
                      "1000000}]}}",
                      &e);
    double p = -5e6 / 1.08 + 3e6 / pow(1.08, 2) + 3e6 / pow(1.08, 3) + 3e6 / pow(1.08, 4);
    assert_near(num(rep, "value"), round(p * 100) / 100, 1e-9);
    json_decref(rep);
    rep = run("{\"method\":\"mining_income_share\",\"date\":\"2024-06-30\",\"inputs\":{\"stage\":"
              "\"exploration_detailed_survey\",\"K\":0.04,\"sales\":[1e7,1e7,1.2e7]}}",
              &e);
    p = 4e5 / 1.09 + 4e5 / pow(1.09, 2) + 4.8e5 / pow(1.09, 3);
    assert_near(num(rep, "value"), round(p * 100) / 100, 1e-9);
    json_decref(rep);
    refused("{\"method\":\"mining_dcf\",\"date\":\"2024-06-30\",\"inputs\":{\"stage\":\"dream\","
            "\"cash_flows\":[{\"CI\":1,\"CO\":0}]}}",
            "mining.stage", "stage");
}

static void bad_requests_named(void **state)
{
    (void)state;
    refused("{\"method\":\"income_capitalisation\",\"date\":\"2024-06-30\",\"inputs\":{\"a\":100,"
            "\"n\":40}}",
            "input.missing", "inputs.r");
    refused("{\"method\":\"income_capitalisation\",\"date\":\"2024-06-30\",\"inputs\":{\"form\":"
            "\"geometric\",\"a\":100,\"r\":0.06,\"s\":0.06,\"n\":40}}",
            "income.rate_not_above_growth", "s");
    refused("{\"method\":\"income_capitalisation\",\"date\":\"2024-06-30\",\"inputs\":{\"a\":100,"
            "\"r\":6,\"n\":40}}",
            "input.rate", "r");
    refused("{\"method\":\"market_comparison\",\"date\":\"2024-06-30\",\"inputs\":{\"comparables\":"
            "[{\"price\":1000,\"date\":\"2024-01-01\"},{\"price\":1000,\"date\":\"2024-01-01\"}]}}",
            "comparison.count", "comparables");
    refused("{\"method\":\"market_comparison\",\"date\":\"2024-06-30\",\"inputs\":{\"comparables\":"
            "[{\"price\":1000,\"date\":\"2024-01-01\"},{\"price\":1000,\"date\":\"2020-05-01\"},"
            "{\"price\":1000,\"date\":\"2024-01-01\"}]}}",
            "comparison.validity", "comparables[1]");
    refused("{\"method\":\"market_comparison\",\"date\":\"2024-06-30\",\"inputs\":{\"comparables\":"
            "[{\"price\":1000,\"date\":\"2024-01-01\"},{\"price\":1000,\"date\":\"2024-08-01\"},"
            "{\"price\":1000,\"date\":\"2024-01-01\"}]}}",
            "comparison.validity", "comparables[1]");
    refused("{\"method\":\"forest_stand\",\"date\":\"2024-06-30\",\"inputs\":{\"age_class\":"
            "\"middle\",\"A_u\":60000,\"P\":0.06,\"u\":26,\"n\":14,\"thinnings\":[{\"age\":12,"
            "\"income\":1}]}}",
            "forest.thinning_age", "thinnings[0]");
    refused("{\"method\":\"teleport\",\"date\":\"2024-06-30\",\"inputs\":{}}", "method.unknown",
            "method");
    refused("{\"method\":\"sea_fee\",\"date\":\"2024-02-30\",\"inputs\":{}}", "date.format",
            "date");
    refused("{\"method\":\"income_capitalisation\",\"date\":\"2024-06-30\",\"inputs\":{\"a\":100,"
            "\"r\":0.06},\"floor\":{\"basis\":\"amount\",\"amount\":5}}",
            "floor.source", "floor.source");
}

/* The same request gives the same bytes; the report names the scheme and the request's hash. */
static void reproducible(void **state)
{
    (void)state;
    const char *t = "{\"method\":\"income_capitalisation\",\"date\":\"2024-06-30\",\"valuation\":"
                    "\"V-1\",\"inputs\":{\"a\":100,\"r\":0.06,\"n\":40}}";
    struct ls_err e;
    json_t *a = run(t, &e), *b = run(t, &e);
    char *sa = json_dumps(a, JSON_SORT_KEYS), *sb = json_dumps(b, JSON_SORT_KEYS);
    assert_string_equal(sa, sb);
    assert_int_equal(strlen(json_string_value(json_object_get(a, "request_sha256"))), 64);
    assert_string_equal(json_string_value(json_object_get(json_object_get(a, "scheme"), "id")),
                        "cn-2021");
    free(sa);
    free(sb);
    json_decref(a);
    json_decref(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(income_worked_example),
        cmocka_unit_test(income_forms_against_yearly_sums),
        cmocka_unit_test(term_correction_and_comparison),
        cmocka_unit_test(forest_worked_examples),
        cmocka_unit_test(farmland_quality_equivalent_henan),
        cmocka_unit_test(residual_balances),
        cmocka_unit_test(cost_and_benchmark),
        cmocka_unit_test(sea_fee_and_floor),
        cmocka_unit_test(mining),
        cmocka_unit_test(bad_requests_named),
        cmocka_unit_test(reproducible),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
