/*
 * GEP items on hand-worked cells: every expected figure below is worked from the formula in
 * the comment, not taken from the code. The valuation layer is checked against the published
 * Garzê 2010 account (Bai et al. 2017, gep.md §2.5), and the method rules (missing price,
 * wrong unit, price re-basing, a class without a coefficient) against their error messages.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gep/budyko.h"
#include "gep/item.h"
#include "gep/terrain.h"
#include "raster_fixture.h"

static const char *write_text(const char *name, const char *text)
{
    const char *path = fixture_path(name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Two classes: 1 forest (vegetated), 2 water (wetland). */
static void classes(struct gep_classes *cl)
{
    const char *p = write_text("classes.csv", "class,ecosystem,label\n1,forest,forest\n"
                                              "2,wetland,water\n0,none,outside\n");
    struct ls_err err = { 0 };
    assert_int_equal(gep_classes_load_csv(p, cl, &err), 0);
}

static const char *method_text =
    "{ \"id\": \"t\", \"standard\": \"test\", \"version\": \"1\", \"items\": ["
    "{ \"id\": \"water_conservation\", \"model\": \"water_balance\", \"in_total\": true,"
    "  \"params\": { \"seasonality_z\": 5,"
    "    \"kc\": { \"by_ecosystem\": { \"forest\": 1.0, \"wetland\": 1.1 } },"
    "    \"root_depth_mm\": { \"by_ecosystem\": { \"forest\": 1000, \"wetland\": 1 } },"
    "    \"vegetated\": { \"by_ecosystem\": { \"forest\": 1, \"wetland\": 0 } },"
    "    \"runoff_coefficient\": { \"by_ecosystem\": { \"forest\": 0.1, \"wetland\": 0 } } },"
    "  \"prices\": { \"reservoir_cost\": { \"value\": 7.06, \"unit\": \"yuan/m3\", \"year\": 2010 "
    "} } },"
    "{ \"id\": \"soil_retention\", \"model\": \"rusle\", \"in_total\": true,"
    "  \"params\": { \"usle_c\": { \"by_ecosystem\": { \"forest\": 0.25, \"wetland\": 0 } },"
    "    \"usle_p\": { \"by_ecosystem\": { \"forest\": 0.5, \"wetland\": 1 } },"
    "    \"sedimentation_coefficient\": 0.24, \"bulk_density_t_m3\": 0.93,"
    "    \"soil_n_fraction\": 0.0037, \"soil_p_fraction\": 0.00108 },"
    "  \"prices\": { \"dredging_cost\": { \"value\": 15.58, \"unit\": \"yuan/m3\", \"year\": 2010 "
    "},"
    "    \"n_treatment\": { \"value\": 875, \"unit\": \"yuan/t\", \"year\": 2010 },"
    "    \"p_treatment\": { \"value\": 2800, \"unit\": \"yuan/t\", \"year\": 2010 } } },"
    "{ \"id\": \"carbon_sequestration\", \"model\": \"nep_ratio\", \"in_total\": true,"
    "  \"params\": { \"nep_npp_ratio\": { \"by_ecosystem\": { \"forest\": 0.3, \"wetland\": 0.2 } "
    "} },"
    "  \"prices\": { \"carbon\": { \"value\": 380, \"unit\": \"yuan/t CO2\", \"year\": 2010 } } },"
    "{ \"id\": \"oxygen_release\", \"model\": \"nep_ratio\", \"in_total\": false,"
    "  \"exclusion\": \"same flux as carbon\","
    "  \"params\": { \"nep_npp_ratio\": { \"by_ecosystem\": { \"forest\": 0.3, \"wetland\": 0.2 } "
    "} },"
    "  \"prices\": { \"oxygen\": { \"value\": 727, \"unit\": \"yuan/t\", \"year\": 2010 } } }"
    "] }";

static void load_method(const char *text, struct gep_method *m)
{
    struct ls_err err = { 0 };
    const char *p = write_text("method.json", text);
    assert_int_equal(gep_method_load(p, m, &err), 0);
    m->price_year = 2010;
}

static void prepare(const char *id, const struct gep_method *m, const struct gep_classes *cl,
                    struct gep_item *it)
{
    memset(it, 0, sizeof *it);
    it->def = gep_item_find(id);
    it->mi = gep_method_find(m, id);
    assert_non_null(it->def);
    assert_non_null(it->mi);
    struct ls_err err = { 0 };
    int rc = it->def->prepare(it, m, cl, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, 0);
}

static void budyko_hand_case(void **state)
{
    (void)state;
    /* P 1000, ET0 800, Kc 1, root 1000, soil 2000, PAWC 0.2, Z 5: AWC = 200, ω = 5·200/1000 +
     * 1.25 = 2.25, φ = 0.8, AET/P = 1 + 0.8 − (1 + 0.8^2.25)^(1/2.25) = 0.565886, Y = 434.114 */
    double aet = gep_budyko_aet(1000, 800, 1.0, 1000, 2000, 0.2, 1, 5);
    assert_true(fabs((1000 - aet) - 434.114) < 0.001);
    /* ω is capped at 5: AWC/P large */
    double capped = gep_budyko_aet(100, 800, 1.0, 5000, 5000, 0.5, 1, 30);
    double w5 = 1 + 8.0 - pow(1 + pow(8.0, 5.0), 0.2); /* φ = 8 */
    assert_true(fabs(capped - fmin(8.0, w5) * 100) < 1e-9);
    /* not vegetated: AET = min(Kc·ET0, P) */
    assert_true(fabs(gep_budyko_aet(1000, 800, 1.1, 1, 1, 0, 0, 5) - 880) < 1e-9);
    assert_true(gep_budyko_aet(500, 800, 1.1, 1, 1, 0, 0, 5) == 500);
}

static void water_conservation_cells(void **state)
{
    (void)state;
    struct gep_classes cl;
    struct gep_method m;
    struct gep_item it;
    classes(&cl);
    load_method(method_text, &m);
    prepare("water_conservation", &m, &cl, &it);
    /* cells: forest (the Budyko case above), water, outside */
    double p[3] = { 1000, 1000, 1000 }, et0[3] = { 800, 800, 800 }, sd[3] = { 2000, NAN, NAN },
           pawc[3] = { 0.2, NAN, NAN };
    long cls[3] = { (long)gep_classes_find(&cl, 1), (long)gep_classes_find(&cl, 2), -1 };
    struct gep_row r = { .n = 3, .cell_m2 = 900, .cls = cls };
    r.in[GEP_L_PRECIPITATION] = p;
    r.in[GEP_L_ET0] = et0;
    r.in[GEP_L_SOIL_DEPTH] = sd;
    r.in[GEP_L_PAWC] = pawc;
    double q[3];
    it.def->row(&it, &r, q);
    /* forest: (1000 − 0.1·1000 − 565.886) mm × 900 m² × 10⁻³ = 300.70 m³ */
    assert_true(fabs(q[0] - 334.114 * 0.9) < 0.001);
    /* water: 1000 − min(1.1·800, 1000) = 120 mm → 108 m³ */
    assert_true(fabs(q[1] - 108.0) < 1e-9);
    assert_true(isnan(q[2]));
    assert_true(it.unit_value == 7.06);
    gep_item_release(&it);
    gep_method_free(&m);
    gep_classes_free(&cl);
}

static void soil_retention_cells_and_garze_value(void **state)
{
    (void)state;
    struct gep_classes cl;
    struct gep_method m;
    struct gep_item it;
    classes(&cl);
    load_method(method_text, &m);
    prepare("soil_retention", &m, &cl, &it);
    double R[2] = { 3000, 3000 }, K[2] = { 0.03, 0.03 }, LS[2] = { 2, 2 };
    long cls[2] = { (long)gep_classes_find(&cl, 1), (long)gep_classes_find(&cl, 2) };
    struct gep_row r = { .n = 2, .cell_m2 = 900, .cls = cls };
    r.in[GEP_L_EROSIVITY] = R;
    r.in[GEP_L_ERODIBILITY] = K;
    r.in[GEP_L_LS] = LS;
    double q[2];
    it.def->row(&it, &r, q);
    /* forest: 3000·0.03·2·(1 − 0.25·0.5) = 157.5 t/ha × 0.09 ha = 14.175 t */
    assert_true(fabs(q[0] - 14.175) < 1e-9);
    /* water (C = 0): the whole potential 180 t/ha × 0.09 */
    assert_true(fabs(q[1] - 16.2) < 1e-9);
    /* Garzê 2010: 38.86 亿t retained → sediment 156.26, N 125.82, P 117.52 亿元 */
    double t = 38.86e8;
    assert_int_equal(it.nparts, 3);
    assert_true(fabs(t * it.parts[0].yuan_per_unit / 1e8 - 156.26) < 0.01 * 156.26 / 100 * 10);
    assert_true(fabs(t * it.parts[1].yuan_per_unit / 1e8 - 125.82) < 0.05);
    assert_true(fabs(t * it.parts[2].yuan_per_unit / 1e8 - 117.52) < 0.05);
    gep_item_release(&it);
    gep_method_free(&m);
    gep_classes_free(&cl);
}

static void carbon_and_oxygen_cells(void **state)
{
    (void)state;
    struct gep_classes cl;
    struct gep_method m;
    struct gep_item c, o;
    classes(&cl);
    load_method(method_text, &m);
    prepare("carbon_sequestration", &m, &cl, &c);
    prepare("oxygen_release", &m, &cl, &o);
    double npp[1] = { 1000 };
    long cls[1] = { (long)gep_classes_find(&cl, 1) };
    struct gep_row r = { .n = 1, .cell_m2 = 900, .cls = cls };
    r.in[GEP_L_NPP] = npp;
    double qc, qo;
    c.def->row(&c, &r, &qc);
    o.def->row(&o, &r, &qo);
    /* NEP = 0.3·1000 = 300 g C/m² × 900 m² = 0.27 t C → ×44/12 = 0.99 t CO₂, O₂ ×32/12 = 0.72 t */
    assert_true(fabs(qc - 0.99) < 1e-12);
    assert_true(fabs(qo - 0.72) < 1e-12);
    /* Garzê: 0.31 亿t CO₂ × 380 = 117.8 亿元; 2.51 亿t O₂ × 727 = 1824.8 亿元 (printed 1821.92
     * from the unrounded quantity) */
    assert_true(fabs(0.31e8 * c.unit_value / 1e8 - 117.8) < 1e-9);
    assert_true(fabs(2.51e8 * o.unit_value / 1e8 - 1821.92) / 1821.92 < 0.002);
    gep_item_release(&c);
    gep_item_release(&o);
    gep_method_free(&m);
    gep_classes_free(&cl);
}

static void ls_factor_matches_invest_test_vector(void **state)
{
    (void)state;
    /* InVEST tests/test_sdr.py::test_ls_factor: 30 m cells, l_max 25 */
    const double slope[5] = { 1.5, 4, 8, 10, 15 }, fa[5] = { 100, 100, 100, 100, 1e7 };
    const double want[5] = { 0.253996, 0.657229, 1.345856, 1.776729, 49.802994 };
    for (int i = 0; i < 5; i++)
        assert_true(fabs(gep_ls_cell(slope[i], fa[i], 30, 25) - want[i]) / want[i] < 1e-6);
}

static void method_errors_name_the_fault(void **state)
{
    (void)state;
    struct gep_classes cl;
    struct gep_method m;
    struct gep_item it;
    struct ls_err err = { 0 };
    classes(&cl);
    load_method(method_text, &m);
    /* prices of 2010 in an account priced 2023 without an index: refused */
    m.price_year = 2023;
    memset(&it, 0, sizeof it);
    it.def = gep_item_find("water_conservation");
    it.mi = gep_method_find(&m, "water_conservation");
    assert_int_not_equal(it.def->prepare(&it, &m, &cl, &err), 0);
    assert_non_null(strstr(err.msg, "needs a price index"));
    gep_item_release(&it);
    /* with an index: 7.06 × 132.07 / 100 */
    struct gep_price_index ix;
    const char *ip = write_text("index.csv", "year,index\n2010,100\n2023,132.07\n");
    assert_int_equal(gep_price_index_load(ip, &ix, &err), 0);
    m.index = &ix;
    prepare("water_conservation", &m, &cl, &it);
    assert_true(fabs(it.unit_value - 7.06 * 1.3207) < 1e-12);
    gep_item_release(&it);
    gep_price_index_free(&ix);
    gep_method_free(&m);

    /* a price per kg where the item computes tonnes */
    char *bad = strdup(method_text);
    char *u = strstr(bad, "\"unit\": \"yuan/t\"");
    memcpy(u, "\"unit\": \"yuan/k\"", 16);
    load_method(bad, &m);
    memset(&it, 0, sizeof it);
    it.def = gep_item_find("soil_retention");
    it.mi = gep_method_find(&m, "soil_retention");
    assert_int_not_equal(it.def->prepare(&it, &m, &cl, &err), 0);
    assert_non_null(strstr(err.msg, "price unit is yuan/k"));
    assert_string_equal(err.field, "n_treatment");
    gep_item_release(&it);
    gep_method_free(&m);
    free(bad);

    /* a class with no coefficient */
    bad = strdup(method_text);
    char *w = strstr(bad, ", \"wetland\": 1.1");
    memmove(w, w + strlen(", \"wetland\": 1.1"), strlen(w + strlen(", \"wetland\": 1.1")) + 1);
    load_method(bad, &m);
    memset(&it, 0, sizeof it);
    it.def = gep_item_find("water_conservation");
    it.mi = gep_method_find(&m, "water_conservation");
    assert_int_not_equal(it.def->prepare(&it, &m, &cl, &err), 0);
    assert_non_null(strstr(err.msg, "no value for land class 2"));
    assert_string_equal(err.field, "kc");
    gep_item_release(&it);
    gep_method_free(&m);
    free(bad);

    /* an item kept out of the total must say why */
    bad = strdup(method_text);
    char *x = strstr(bad, "\"exclusion\": \"same flux as carbon\",");
    memmove(x, x + 35, strlen(x + 35) + 1);
    const char *p = write_text("method.json", bad);
    assert_int_not_equal(gep_method_load(p, &m, &err), 0);
    assert_string_equal(err.field, "exclusion");
    free(bad);
    gep_classes_free(&cl);
}

static void builtin_methods_load(void **state)
{
    (void)state;
    struct ls_err err = { 0 };
    const char *const *ids = gep_method_builtin_ids();
    int n = 0;
    for (; ids[n]; n++) {
        struct gep_method m;
        assert_int_equal(gep_method_load(ids[n], &m, &err), 0);
        for (size_t i = 0; i < m.n_items; i++)
            assert_non_null(gep_item_find(m.items[i].id));
        gep_method_free(&m);
    }
    assert_true(n >= 2);
    struct gep_method m;
    assert_int_not_equal(gep_method_load("no-such-method", &m, &err), 0);
    assert_non_null(strstr(err.msg, "cn-ndrc-2022"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(budyko_hand_case),
        cmocka_unit_test(water_conservation_cells),
        cmocka_unit_test(soil_retention_cells_and_garze_value),
        cmocka_unit_test(carbon_and_oxygen_cells),
        cmocka_unit_test(ls_factor_matches_invest_test_vector),
        cmocka_unit_test(method_errors_name_the_fault),
        cmocka_unit_test(builtin_methods_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
