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
#include "gep/statistics.h"
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

static const char *stat_unit(const char *item, const void *ctx)
{
    (void)ctx;
    if (strcmp(item, "agricultural_products") == 0 || strcmp(item, "air_purification") == 0)
        return "t";
    return NULL;
}

static const char *method2_text =
    "{ \"id\": \"t2\", \"standard\": \"test\", \"version\": \"1\", \"items\": ["
    "{ \"id\": \"climate_regulation\", \"model\": \"evapotranspiration_energy\", \"in_total\": "
    "true,"
    "  \"params\": { \"cooling_days\": 90, \"eer\": 3, \"latent_heat_kj_per_kg\": 2450,"
    "    \"humidifier_kwh_per_m3\": 120, \"divide_water_by_eer\": 0,"
    "    \"epp_kj_m2_d\": { \"by_ecosystem\": { \"forest\": 2837, \"wetland\": 0 } },"
    "    \"water_surface\": { \"by_ecosystem\": { \"forest\": 0, \"wetland\": 1 } },"
    "    \"kc\": { \"by_ecosystem\": { \"forest\": 1.05, \"wetland\": 1.05 } } },"
    "  \"prices\": { \"electricity\": { \"value\": 0.53, \"unit\": \"yuan/kWh\", \"year\": 2010 } "
    "} },"
    "{ \"id\": \"flood_regulation\", \"model\": \"storage\", \"in_total\": true,"
    "  \"params\": { \"design_storm_mm\": 100, \"lake_a\": 6.636, \"lake_b\": 0.678,"
    "    \"reservoir_flood_share\": 0.35, \"marsh_depth_m\": 0.3,"
    "    \"curve_number\": { \"by_ecosystem\": { \"forest\": 55, \"wetland\": 100 } },"
    "    \"lake\": { \"by_ecosystem\": { \"forest\": 0, \"wetland\": 1 } },"
    "    \"marsh\": { \"by_ecosystem\": { \"forest\": 0, \"wetland\": 0 } } },"
    "  \"prices\": { \"reservoir_cost\": { \"value\": 7.06, \"unit\": \"yuan/m3\", \"year\": 2010 "
    "} } },"
    "{ \"id\": \"air_purification\", \"model\": \"capacity_capped_by_emissions\", \"in_total\": "
    "true,"
    "  \"params\": { \"capacity_SO2\": { \"by_ecosystem\": { \"forest\": 152.13, \"wetland\": 0 } "
    "} },"
    "  \"prices\": { \"SO2\": { \"value\": 1200, \"unit\": \"yuan/t\", \"year\": 2010 } } },"
    "{ \"id\": \"agricultural_products\", \"model\": \"statistics\", \"in_total\": true },"
    "{ \"id\": \"sand_fixation\", \"model\": \"rweq\", \"in_total\": true,"
    "  \"params\": { \"caco3_percent\": 0, \"ndvi_bare_soil\": 0.05, \"ndvi_full_cover\": 0.85,"
    "    \"roughness_k\": { \"by_ecosystem\": { \"forest\": 1, \"wetland\": 1 } },"
    "    \"cog_coefficient\": { \"by_ecosystem\": { \"forest\": -0.1, \"wetland\": 0 } },"
    "    \"sand_density_t_m3\": 1.28, \"cover_depth_m\": 0.1 },"
    "  \"prices\": { \"sand_control_cost\": { \"value\": 3.75, \"unit\": \"yuan/m2\", \"year\": "
    "2010 } } }"
    "] }";

static void climate_regulation_cells(void **state)
{
    (void)state;
    struct gep_classes cl;
    struct gep_method m;
    struct gep_item it;
    classes(&cl);
    load_method(method2_text, &m);
    prepare("climate_regulation", &m, &cl, &it);
    double et0[2] = { 1000, 1000 };
    long cls[2] = { (long)gep_classes_find(&cl, 1), (long)gep_classes_find(&cl, 2) };
    struct gep_row r = { .n = 2, .cell_m2 = 900, .cls = cls };
    r.in[GEP_L_ET0] = et0;
    double q[2];
    it.def->row(&it, &r, q);
    /* forest: 2837 kJ/(m²·d) × 900 m² × 90 d / (3600 × 3) = 21 277.5 kWh */
    assert_true(fabs(q[0] - 21277.5) < 1e-6);
    /* water: 1.05 × 1000 mm × 0.9 = 945 m³ × (1000 × 2450 / 3600 + 120) = 756 525 kWh */
    assert_true(fabs(q[1] - 756525.0) < 1e-6);
    /* Garzê: 2799.10 + 1272.35 亿kWh × 0.53 = 1483.52 + 674.34 亿元 */
    assert_true(fabs((2799.10 + 1272.35) * it.unit_value - (1483.52 + 674.34)) < 0.01);
    gep_item_release(&it);
    gep_method_free(&m);
    gep_classes_free(&cl);
}

static void sand_fixation_cell(void **state)
{
    (void)state;
    struct gep_classes cl;
    struct gep_method m;
    struct gep_item it;
    classes(&cl);
    load_method(method2_text, &m);
    prepare("sand_fixation", &m, &cl, &it);
    /* WF 50 kg/m; sand 60, silt 30, clay 10, OM 1 %; NDVI 0.29 → FVC 30 %, COG = e^(−0.1·30):
     * EF = (29.09 + 18.6 + 5.1 + 1.98 − 2.59)/100 = 0.5218, SCF = 1/(1 + 0.66 + 0.021) = 0.594884,
     * X = 15.52052; SL_p = 24.731009, SL = 0.281680 kg/m² → 22.004396 t on 900 m² */
    double wf = 50, sa = 60, si = 30, c = 10, om = 1, ndvi = 0.29;
    long cls = (long)gep_classes_find(&cl, 1);
    struct gep_row r = { .n = 1, .cell_m2 = 900, .cls = &cls };
    r.in[GEP_L_WIND_FACTOR] = &wf;
    r.in[GEP_L_SAND] = &sa;
    r.in[GEP_L_SILT] = &si;
    r.in[GEP_L_CLAY] = &c;
    r.in[GEP_L_ORGANIC] = &om;
    r.in[GEP_L_NDVI] = &ndvi;
    double q;
    it.def->row(&it, &r, &q);
    assert_true(fabs(q - 22.004396) < 1e-5);
    /* Garzê: 779.42 万t / (1.28 × 0.1) × 3.75 yuan/m² = 2.28 亿元 */
    assert_true(fabs(779.42e4 * it.unit_value / 1e8 - 2.28) < 0.005);
    gep_item_release(&it);
    gep_method_free(&m);
    gep_classes_free(&cl);
}

/* A post item over one township of 100 ha forest and 10 ha lake, with the given statistics. */
struct post_fixture {
    double area_eco[2 * GEP_ECO_COUNT], area_class[2 * 3];
    double phys[2 * GEP_ECO_COUNT], value[2 * GEP_ECO_COUNT];
    struct gep_component *comp;
    size_t ncomp;
    struct gep_post p;
};

static void post_fixture(struct post_fixture *f, const struct gep_method *m,
                         const struct gep_classes *cl, const struct gep_stats *st)
{
    memset(f, 0, sizeof *f);
    long forest = gep_classes_find(cl, 1), water = gep_classes_find(cl, 2);
    f->area_class[forest] = 100e4;
    f->area_class[water] = 10e4;
    f->area_eco[GEP_ECO_FOREST] = 100e4;
    f->area_eco[GEP_ECO_WETLAND] = 10e4;
    f->p = (struct gep_post){ .m = m,
                              .cl = cl,
                              .n_slots = 2,
                              .n_polygons = 1,
                              .area_eco = f->area_eco,
                              .area_class = f->area_class,
                              .stats = st,
                              .phys = f->phys,
                              .value = f->value,
                              .comp = &f->comp,
                              .ncomp = &f->ncomp };
}

static double total(const double *a)
{
    double s = 0;
    for (int i = 0; i < 2 * GEP_ECO_COUNT; i++)
        s += a[i];
    return s;
}

static void flood_and_purification_posts(void **state)
{
    (void)state;
    struct gep_classes cl;
    struct gep_method m;
    struct gep_item it;
    struct ls_err err = { 0 };
    classes(&cl);
    load_method(method2_text, &m);
    char names[1][128] = { "镇" };
    struct gep_stats st;
    const char *sp =
        write_text("stats.csv", "region,item,product,quantity,unit\n镇,air_purification,SO2,10,t\n"
                                "县,air_purification,SO2,20,t\n");
    struct post_fixture f;
    prepare("flood_regulation", &m, &cl, &it);
    post_fixture(&f, &m, &cl, NULL);
    assert_int_equal(it.def->post(&it, &f.p, &err), 0);
    /* forest, CN 55, 100 mm storm: S = 207.818 mm, runoff 12.825 mm, retained 87.1746 mm over
     * 100 ha = 87 174.6 m³; lake 0.1 km²: e^6.636 × 0.1^0.678 × 10⁴ = 1 601 868 m³ */
    double lake = exp(6.636) * pow(0.1, 0.678) * 1e4;
    assert_true(fabs(f.phys[GEP_ECO_FOREST] - 87174.6468) < 0.01);
    assert_true(fabs(f.phys[GEP_ECO_WETLAND] - lake) < 1e-6 * lake);
    assert_true(fabs(total(f.value) - total(f.phys) * 7.06) < 1e-6);
    free(f.comp);
    gep_item_release(&it);

    prepare("air_purification", &m, &cl, &it);
    assert_int_equal(gep_stats_load(sp, names, 1, "县", &m, stat_unit, NULL, &st, &err), 0);
    post_fixture(&f, &m, &cl, &st);
    assert_int_equal(it.def->post(&it, &f.p, &err), 0);
    /* capacity 152.13 kg/ha × 100 ha = 15.213 t: the township's 10 t all count; the county's
     * 20 t meet the same capacity, of which 15.213 t count */
    assert_true(fabs(f.phys[GEP_ECO_FOREST] - 25.213) < 1e-9);
    assert_true(fabs(total(f.value) - 25.213 * 1200) < 1e-6);
    free(f.comp);
    gep_stats_free(&st);
    gep_item_release(&it);
    gep_method_free(&m);
    gep_classes_free(&cl);
}

static void statistics_convert_and_rebase(void **state)
{
    (void)state;
    struct gep_classes cl;
    struct gep_method m;
    struct gep_item it;
    struct gep_price_index ix;
    struct ls_err err = { 0 };
    classes(&cl);
    load_method(method2_text, &m);
    const char *ip = write_text("index2.csv", "year,index\n2022,131.80\n2023,132.07\n");
    assert_int_equal(gep_price_index_load(ip, &ix, &err), 0);
    m.price_year = 2023;
    m.index = &ix;
    char names[1][128] = { "镇" };
    /* 5000 kg at 2.8 yuan/kg of 2022 → 5 t worth 14 000 yuan of 2022 = 14 028.69 of 2023 */
    const char *sp =
        write_text("stats2.csv", "region,item,product,quantity,unit,price,price_unit,price_year\n"
                                 "镇,agricultural_products,稻谷,5000,kg,2.8,yuan/kg,2022\n");
    struct gep_stats st;
    assert_int_equal(gep_stats_load(sp, names, 1, NULL, &m, stat_unit, NULL, &st, &err), 0);
    prepare("agricultural_products", &m, &cl, &it);
    struct post_fixture f;
    post_fixture(&f, &m, &cl, &st);
    assert_int_equal(it.def->post(&it, &f.p, &err), 0);
    assert_true(fabs(f.phys[GEP_ECO_CROPLAND] - 5.0) < 1e-12);
    assert_true(fabs(f.value[GEP_ECO_CROPLAND] - 14000.0 * 132.07 / 131.80) < 1e-6);
    free(f.comp);
    gep_stats_free(&st);
    /* a price per tonne for kilograms is refused, naming the line */
    sp = write_text("stats3.csv", "region,item,product,quantity,unit,price,price_unit\n"
                                  "镇,agricultural_products,稻谷,5000,kg,2800,yuan/t\n");
    assert_int_not_equal(gep_stats_load(sp, names, 1, NULL, &m, stat_unit, NULL, &st, &err), 0);
    assert_string_equal(err.where, "line 2");
    assert_string_equal(err.field, "price_unit");
    gep_item_release(&it);
    gep_price_index_free(&ix);
    gep_method_free(&m);
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
        cmocka_unit_test(climate_regulation_cells),
        cmocka_unit_test(sand_fixation_cell),
        cmocka_unit_test(flood_and_purification_posts),
        cmocka_unit_test(statistics_convert_and_rebase),
        cmocka_unit_test(builtin_methods_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
