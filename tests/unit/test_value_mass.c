/*
 * valuation/mass: each kind's rate against a figure worked by hand from the parameters — the
 * residential benchmark of grade II moved to the valuation date at 3 % a year, a grade-10
 * cropland price per mu in yuan/m², a mature pine stand by reverse market price, a middle-aged
 * one by harvest present value, a young one by replacement cost, the forest land by its rent,
 * the sea-area fee of class 4 for 15 years — the method run once per basis, and what the
 * parameters cannot value kept with its reason.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "valuation/valuation.h"

#define assert_near(a, b, eps) near_at((a), (b), (eps), #a, __FILE__, __LINE__)
static void near_at(double a, double b, double eps, const char *what, const char *file, int line)
{
    if (!(fabs(a - b) <= eps))
        fail_msg("%s:%d: %s = %.10g, expected %.10g (± %g)", file, line, what, a, b, eps);
}

static const char *PARAMS =
    "{\"construction\": {\"rights\": [\"construction_land_use\"], \"layer\": \"land_grade_zone\","
    "  \"benchmark_date\": \"2023-01-01\", \"growth\": 0.03, \"uses\": {\"07\": \"residential\"},"
    "  \"other_use\": \"public\"},"
    " \"farmland\": {\"rights\": [\"contracted_land\"], \"benchmark_by_grade\": {\"10\": 33000},"
    "  \"ungraded\": {\"02\": {\"method\": \"income_capitalisation\", \"inputs\": {\"a\": 2.25, "
    "\"r\": 0.05, \"n\": 30}}}},"
    " \"forest\": {\"rights\": [\"forest_use\"], \"layer\": \"forest_stand\", \"P\": 0.06,"
    "  \"land\": {\"method\": \"annuity\", \"A\": 900, \"P\": 0.06},"
    "  \"species\": {\"pine\": {\"rotation\": 31, \"price_m3\": 850, \"cost_m3\": 380, "
    "\"outturn\": "
    "0.65, \"profit\": 0.12, \"costs\": [7500, 2700, 1800], \"upkeep\": 120, "
    "\"yield_at_rotation\": 164}}},"
    " \"sea\": {\"rights\": [\"sea_area_use\"], \"layer\": \"sea_area_class\", \"uses\": "
    "{\"sea_area_use\": \"permeable_structure\"}, \"years\": 15}}";

static struct val_scheme *scheme;
static struct val_mass *mass;

static int setup(void **state)
{
    (void)state;
    struct ls_err e = { 0 };
    json_t *p = json_loads(PARAMS, 0, NULL);
    int rc = p ? val_scheme_load("cn-2021", &scheme, &e) : -1;
    if (!rc)
        rc = val_mass_open(scheme, p, "2024-12-31", &mass, &e);
    json_decref(p);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    val_mass_free(mass);
    val_scheme_free(scheme);
    return 0;
}

static double rate_of(enum val_mass_kind k, const struct val_mass_basis *b, size_t *at)
{
    struct ls_err e = { 0 };
    double r = 0;
    assert_int_equal(val_mass_rate(mass, k, b, &r, at, &e), 0);
    return r;
}

static void kinds_and_layers(void **state)
{
    (void)state;
    assert_int_equal(val_mass_kind_of(mass, "contracted_land"), VAL_MASS_FARMLAND);
    assert_int_equal(val_mass_kind_of(mass, "forest_use"), VAL_MASS_FOREST);
    assert_int_equal(val_mass_kind_of(mass, "sea_area_use"), VAL_MASS_SEA);
    assert_int_equal(val_mass_kind_of(mass, "grassland_use"), VAL_MASS_NONE);
    assert_int_equal(val_mass_kind_of(mass, NULL), VAL_MASS_NONE);
    assert_string_equal(val_mass_layer(mass, VAL_MASS_FOREST), "forest_stand");
    assert_null(val_mass_layer(mass, VAL_MASS_FARMLAND));
}

static void construction(void **state)
{
    (void)state;
    struct val_mass_basis b = { .right_type = "construction_land_use",
                                .grade = 2,
                                .bench = { 2300, 1950, 450, 900 },
                                .dlbm = "0701" };
    size_t at = 0, again = 9;
    /* 2023-01-01 → 2024-12-31: 1 + 11/12 + 30/365 years; 1.03^that = 1.06087 → 1.0609;
     * 1,950 × 1.0609 = 2,068.755 → ¥2,068.76/m² */
    assert_near(rate_of(VAL_MASS_CONSTRUCTION, &b, &at), 2068.76, 0.005);
    /* the same basis again: the report first made, not a second */
    size_t n = json_array_size(val_mass_reports(mass));
    assert_near(rate_of(VAL_MASS_CONSTRUCTION, &b, &again), 2068.76, 0.005);
    assert_int_equal(again, at);
    assert_int_equal(json_array_size(val_mass_reports(mass)), n);
    /* a public building (class 08) takes the parameters' other use: public, ¥900 × 1.0609 */
    snprintf(b.dlbm, sizeof b.dlbm, "0810");
    assert_near(rate_of(VAL_MASS_CONSTRUCTION, &b, &at), 954.81, 0.005);
    /* outside every grade zone: unvalued, with its reason */
    b.grade = 0;
    assert_true(isnan(rate_of(VAL_MASS_CONSTRUCTION, &b, &at)));
    const json_t *r = json_array_get(val_mass_reports(mass), at);
    assert_non_null(strstr(json_string_value(json_object_get(r, "refused")), "grade zone"));
}

static void farmland(void **state)
{
    (void)state;
    size_t at = 0;
    /* grade 10: ¥33,000/mu ÷ 666.67 m²/mu = ¥49.50/m² */
    struct val_mass_basis b = { .right_type = "contracted_land", .gddb = 10 };
    assert_near(rate_of(VAL_MASS_FARMLAND, &b, &at), 49.5, 1e-9);
    /* an orchard: its net rent ¥2.25/m² capitalised at 5 % for 30 years = 2.25/0.05 ·
     * (1 − 1.05^−30) = ¥34.59/m² */
    struct val_mass_basis g = { .right_type = "contracted_land", .dlbm = "0201" };
    assert_near(rate_of(VAL_MASS_FARMLAND, &g, &at), 34.59, 0.005);
    /* grade 3 has no price in these parameters: refused by the method, kept with its rule */
    b.gddb = 3;
    assert_true(isnan(rate_of(VAL_MASS_FARMLAND, &b, &at)));
    const json_t *r = json_array_get(val_mass_reports(mass), at);
    assert_non_null(strstr(json_string_value(json_object_get(r, "refused")), "farmland.price"));
    /* forest land under cropland's right: no survey class either */
    struct val_mass_basis none = { .right_type = "contracted_land", .dlbm = "0301" };
    assert_true(isnan(rate_of(VAL_MASS_FARMLAND, &none, &at)));
}

static void forest(void **state)
{
    (void)state;
    size_t at = 0;
    /* mature pine, 205.3 m³/ha: W = 205.3·0.65·850 = 113,428; C = 205.3·0.65·380 = 50,709;
     * F = 0.12·C = 6,085; E = 56,634/ha = ¥5.6634/m² */
    struct val_mass_basis b = { .right_type = "forest_use",
                                .species = "pine",
                                .age_class = "mature",
                                .age = 43,
                                .volume = 205.3 };
    assert_near(rate_of(VAL_MASS_FOREST, &b, &at), 5.6634, 1e-9);
    /* middle-aged pine of 11: A_u = 164·0.65·(850 − 380) = 50,102; discounted over 20 years
     * at 6 %, less ¥120 a year over 21: E = 50,102/1.06^20 − 120·(1 − 1.06^−21)/0.06 */
    double e = 50102 / pow(1.06, 20) - 120 * (1 - pow(1.06, -21)) / 0.06;
    snprintf(b.age_class, sizeof b.age_class, "middle");
    b.age = 11;
    b.volume = 40.6;
    assert_near(rate_of(VAL_MASS_FOREST, &b, &at), e / 1e4, 1e-6);
    /* young pine of 5: costs 7,500, 2,700, 1,800, 120, 120 compounded at 6 % to year 5 */
    double c[5] = { 7500, 2700, 1800, 120, 120 }, sum = 0;
    for (int i = 1; i <= 5; i++)
        sum += c[i - 1] * pow(1.06, 5 - i + 1);
    snprintf(b.age_class, sizeof b.age_class, "young");
    b.age = 5;
    b.volume = 5;
    assert_near(rate_of(VAL_MASS_FOREST, &b, &at), sum / 1e4, 1e-6);
    /* the land under it: ¥900 a year in perpetuity at 6 % = 15,000/ha */
    assert_near(rate_of(VAL_MASS_FOREST_LAND, &b, &at), 1.5, 1e-9);
    /* a species the parameters do not price */
    snprintf(b.species, sizeof b.species, "eucalyptus");
    assert_true(isnan(rate_of(VAL_MASS_FOREST, &b, &at)));
}

static void sea(void **state)
{
    (void)state;
    size_t at = 0;
    /* permeable structure, class 4: 1.65 万元/ha a year × 15 years = ¥247,500/ha */
    struct val_mass_basis b = { .right_type = "sea_area_use", .sea_class = 4 };
    assert_near(rate_of(VAL_MASS_SEA, &b, &at), 24.75, 1e-9);
    b.sea_class = 0;
    assert_true(isnan(rate_of(VAL_MASS_SEA, &b, &at)));
}

static void bad_parameters(void **state)
{
    (void)state;
    struct ls_err e = { 0 };
    struct val_mass *m = NULL;
    json_t *p = json_loads("{\"farmland\": {\"rights\": \"contracted_land\"}}", 0, NULL);
    assert_int_equal(val_mass_open(scheme, p, "2024-12-31", &m, &e), -LS_EINVAL);
    assert_non_null(strstr(e.msg, "farmland.rights"));
    assert_null(m);
    json_decref(p);
    assert_int_equal(val_mass_open(scheme, NULL, "2024-12-31", &m, &e), -LS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kinds_and_layers),
        cmocka_unit_test(construction),
        cmocka_unit_test(farmland),
        cmocka_unit_test(forest),
        cmocka_unit_test(sea),
        cmocka_unit_test(bad_parameters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
