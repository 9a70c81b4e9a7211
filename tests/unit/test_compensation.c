/*
 * compensation/: the factor-method kernel against hand-worked cases — the Hainan 2015 weights on
 * a four-county table (each share worked with exact fractions), floors held by water-filling,
 * a deduction no larger than the region's part; largest-remainder rounding summing exactly to
 * the pool on a thousand random vectors; the Xin'an P-index worked example of compensation.md
 * §2.1 in all three rounds; exceedance × flow × unit price by hand; the diff's parts summing to
 * each region's change; malformed schemes and inputs refused by name; allocations, agreements,
 * settlements and disputes on the ledger, a second settlement refused unless the first was
 * missing or disputed.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "compensation/internal.h"

static char dir[64];

static void write_text(const char *name, const char *text)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/test_compensation.%ld", (long)getpid());
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", dir, dir);
    return system(cmd) != 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) != 0;
}

/* Hainan 2015 (basic 50 %: water source 20, public-welfare forest 25, wetland 20, reserves 20,
 * population 15; incentive 50 %: the appraisal score) on four counties, pool 30,000 万元. The
 * shares by hand, with exact fractions (column totals 750, 2500, 310, 470, 1,760,000, 343):
 *   469001: ½(.2·120/750 + .25·800/2500 + .2·20/310 + .2·300/470 + .15·110000/1760000)
 *           + ½·92/343 = 0.26507968730928 → 7,952.3906 万元 … */
static const char hainan_csv[] =
    "region,name,water_source_area,public_welfare_forest_area,wetland_area,reserve_area,"
    "population,appraisal_score\n"
    "469006,万宁市,200,700,60,100,560000,88\n"
    "469001,五指山市,120,800,20,300,110000,92\n"
    "469002,琼海市,250,600,80,50,530000,85\n"
    "469005,文昌市,180,400,150,20,560000,78\n";

static void hainan(void **state)
{
    (void)state;
    write_text("hn.csv", hainan_csv);
    json_t *req = json_pack("{s:s,s:i,s:s,s:i,s:s}", "allocation", "HN-2024", "year", 2024,
                            "scheme", "hainan-2015", "pool_wan", 30000, "factors", "hn.csv");
    json_t *out = NULL;
    struct ls_err err = { 0 };
    assert_int_equal(cmp_run(req, "hn.json", dir, NULL, &out, &err), 0);
    static const char *const code[] = { "469001", "469002", "469005", "469006" };
    static const double exact[] = { 7952.390619278401, 7388.100468919885, 7026.260285804148,
                                    7633.248625997565 };
    static const long long wan[] = { 7953, 7388, 7026, 7633 };
    const json_t *regions = json_object_get(out, "regions");
    assert_int_equal(json_array_size(regions), 4);
    for (size_t i = 0; i < 4; i++) {
        const json_t *r = json_array_get(regions, i);
        assert_string_equal(cmp_str(r, "region"), code[i]);
        assert_true(fabs(cmp_num(r, "exact") - exact[i]) < 1e-8);
        assert_int_equal(json_integer_value(json_object_get(r, "amount_wan")), wan[i]);
    }
    /* the largest remainder (.3906 of 五指山市) takes the one unit left */
    assert_true(json_is_true(json_object_get(json_array_get(regions, 0), "round_up")));
    assert_int_equal(json_integer_value(json_object_get(out, "total_wan")), 30000);
    json_decref(out);

    /* a factor missing for one county, and a negative pool: named, nothing computed */
    write_text("hn-gap.csv", "region,water_source_area,public_welfare_forest_area,wetland_area,"
                             "reserve_area,population,appraisal_score\n"
                             "469001,120,800,20,300,110000,92\n469002,250,,80,50,530000,85\n");
    json_object_set_new(req, "factors", json_string("hn-gap.csv"));
    assert_int_equal(cmp_run(req, "hn.json", dir, NULL, &out, &err), -LS_EINVAL);
    assert_string_equal(err.field, "public_welfare_forest_area");
    assert_non_null(strstr(err.msg, "region 469002"));
    assert_string_equal(err.where, "line 3");
    assert_null(out);
    json_object_set_new(req, "factors", json_string("hn.csv"));
    json_object_set_new(req, "pool_wan", json_integer(-5));
    assert_int_equal(cmp_run(req, "hn.json", dir, NULL, &out, &err), -LS_EINVAL);
    assert_string_equal(err.field, "pool_wan");
    json_object_set_new(req, "pool_wan", json_integer(30000));
    /* the central scheme's figures are unverified: refused unless allowed */
    json_object_set_new(req, "scheme", json_string("cn-key-2022"));
    assert_int_equal(cmp_run(req, "hn.json", dir, NULL, &out, &err), -LS_EINVAL);
    assert_non_null(strstr(err.msg, "rule compensation.unverified"));
    /* a scheme valid only from after the year */
    json_object_set_new(req, "scheme", json_string("hainan-2015"));
    json_object_set_new(req, "year", json_integer(2014));
    assert_int_equal(cmp_run(req, "hn.json", dir, NULL, &out, &err), -LS_EINVAL);
    assert_non_null(strstr(err.msg, "rule compensation.scheme_valid"));
    json_decref(req);
}

static void bad_scheme(void **state)
{
    (void)state;
    struct cmp_scheme *s = NULL;
    struct ls_err err = { 0 };
    char p[128];
    snprintf(p, sizeof p, "%s/bad.json", dir);
    write_text("bad.json",
               "{\"scheme\":\"x\",\"version\":\"1\",\"valid_from\":\"2020-01-01\",\"kind\":"
               "\"vertical\",\"source\":\"test\",\"verified\":true,\"components\":[{\"id\":\"a\","
               "\"pool_share\":1,\"method\":\"factors\",\"factors\":[{\"id\":\"f\",\"weight\":0.6},"
               "{\"id\":\"g\",\"weight\":0.3}]}]}");
    assert_int_equal(cmp_scheme_load(p, &s, &err), -LS_EINVAL);
    assert_string_equal(err.field, "components[0].factors");
    assert_non_null(strstr(err.msg, "sum to 0.9"));
    assert_null(s);
    write_text("bad.json",
               "{\"scheme\":\"x\",\"version\":\"1\",\"valid_from\":\"2020-01-01\",\"kind\":"
               "\"vertical\",\"source\":\"test\",\"verified\":true,\"components\":[{\"id\":\"a\","
               "\"pool_share\":0.7,\"method\":\"factors\",\"factors\":[{\"id\":\"f\",\"weight\":1}"
               "]}]}");
    assert_int_equal(cmp_scheme_load(p, &s, &err), -LS_EINVAL);
    assert_string_equal(err.field, "pool_share");
    assert_int_equal(cmp_scheme_load("no-such-scheme", &s, &err), -LS_ENOENT);
    /* every built-in scheme loads */
    for (const struct ls_embedded *e = compensation_builtin_schemes; e->name; e++) {
        assert_int_equal(cmp_scheme_load(e->name, &s, &err), 0);
        cmp_scheme_free(s);
    }
}

/* Pool 100, shares ½, 0.3, 0.2, the third held at a floor of 30: the 70 left goes 5:3 → 43.75
 * and 26.25; a deduction of 50 on the second takes its part to 0 and no further. */
static void floors_and_deductions(void **state)
{
    (void)state;
    double x[] = { 5, 3, 2 }, w[] = { 1 }, fl[] = { -1, -1, 30 }, ded[] = { 0, 50, 0 };
    double share[3], adj[3], base[3], exact[3];
    long long wan[3];
    int bound[3], up[3];
    struct cmp_alloc_in in = { .n = 3, .k = 1, .x = x, .w = w, .pool = 100, .floor = fl };
    struct cmp_alloc_out out = { share, adj, base, exact, wan, bound, up, 0 };
    struct ls_err err = { 0 };
    assert_int_equal(cmp_allocate(&in, &out, &err), 0);
    assert_true(fabs(base[0] - 43.75) < 1e-12 && fabs(base[1] - 26.25) < 1e-12);
    assert_int_equal(bound[2], -1);
    assert_int_equal(wan[0] + wan[1] + wan[2], 100);
    assert_int_equal(wan[0], 44);
    assert_int_equal(wan[1], 26);
    assert_int_equal(wan[2], 30);
    in.deduction = ded;
    assert_int_equal(cmp_allocate(&in, &out, &err), 0);
    assert_int_equal(wan[1], 0);
    assert_true(fabs(adj[1] + 26) < 1e-12);
    assert_int_equal(wan[0] + wan[1] + wan[2], 74);
    /* floors beyond the pool, weights not summing to 1 */
    double big[] = { 50, 50, 30 };
    in.floor = big;
    in.deduction = NULL;
    assert_int_equal(cmp_allocate(&in, &out, &err), -LS_EINVAL);
    assert_string_equal(err.field, "floor");
    double w2[] = { 0.9 };
    in.floor = NULL;
    in.w = w2;
    assert_int_equal(cmp_allocate(&in, &out, &err), -LS_EINVAL);
    assert_string_equal(err.field, "weight");
}

static void largest_remainder(void **state)
{
    (void)state;
    double e[] = { 1.5, 1.5, 1.0 };
    long long o[3];
    int up[3];
    struct ls_err err = { 0 };
    assert_int_equal(cmp_round_largest_remainder(e, 3, 4, o, up, &err), 0);
    assert_true(o[0] == 2 && o[1] == 1 && o[2] == 1); /* the tie to the lower index */
    /* random parts of random pools: always the pool, each within one unit of its exact value */
    srand(7);
    for (int t = 0; t < 1000; t++) {
        int n = 1 + rand() % 40;
        double x[40], s = 0;
        long long pool = 1 + rand() % 100000, r[40];
        int u[40];
        for (int i = 0; i < n; i++)
            s += x[i] = rand() % 1000 + 1;
        for (int i = 0; i < n; i++)
            x[i] = (double)pool * x[i] / s;
        assert_int_equal(cmp_round_largest_remainder(x, n, pool, r, u, &err), 0);
        long long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += r[i];
            assert_true(fabs((double)r[i] - x[i]) < 1);
        }
        assert_int_equal(sum, pool);
    }
}

/* compensation.md §2.1: C = {1.90, 0.10, 1.05, 0.028}, C0 = {2.00, 0.12, 1.10, 0.030}: the mean
 * ratio 0.9178, P = 0.780 (k0 0.85), 0.817 (0.89), 0.826 (0.90). */
static void p_index(void **state)
{
    (void)state;
    double w[] = { .25, .25, .25, .25 }, c[] = { 1.90, 0.10, 1.05, 0.028 },
           c0[] = { 2.00, 0.12, 1.10, 0.030 };
    assert_true(fabs(cmp_p_index(1, w, c, c0, 4) - 0.9178) < 5e-5);
    assert_true(fabs(cmp_p_index(0.85, w, c, c0, 4) - 0.780) < 5e-4);
    assert_true(fabs(cmp_p_index(0.89, w, c, c0, 4) - 0.817) < 5e-4);
    assert_true(fabs(cmp_p_index(0.90, w, c, c0, 4) - 0.826) < 5e-4);
}

static json_t *xinan(void)
{
    json_error_t je;
    return json_loads(
        "{\"agreement\":\"XAJ\",\"kind\":\"p_index\",\"upstream\":{\"region\":\"34\",\"name\":"
        "\"Anhui\"},\"downstream\":{\"region\":\"33\",\"name\":\"Zhejiang\"},\"section\":\"JK\","
        "\"valid_from\":\"2012-01-01\",\"valid_to\":\"2014-12-31\",\"round\":1,"
        "\"min_samples_per_month\":1,\"indicators\":[{\"id\":\"codmn\",\"unit\":\"mg/L\","
        "\"baseline\":2.0},{\"id\":\"nh3n\",\"unit\":\"mg/L\",\"baseline\":0.12},{\"id\":\"tn\","
        "\"unit\":\"mg/L\",\"baseline\":1.10},{\"id\":\"tp\",\"unit\":\"mg/L\",\"baseline\":0.030}"
        "]}",
        0, &je);
}

static void write_series(const char *name, double tp, const char *tp_unit, int skip_month)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("section,date,indicator,value,unit,excluded,reason\n", f);
    for (int m = 1; m <= 12; m++) {
        if (m == skip_month)
            continue;
        fprintf(f, "JK,2013-%02d-10,codmn,1.90,mg/L,,\nJK,2013-%02d-10,nh3n,0.10,mg/L,,\n", m, m);
        fprintf(f, "JK,2013-%02d-10,tn,1.05,mg/L,,\nJK,2013-%02d-10,tp,%g,%s,,\n", m, m, tp,
                tp_unit);
    }
    /* a flood sample excluded by both parties: kept in the derivation, out of the mean */
    fputs("JK,2013-07-20,codmn,9.9,mg/L,1,flood\nXX,2013-07-20,codmn,99,mg/L,,\n", f);
    fclose(f);
}

static void settlement(void **state)
{
    (void)state;
    json_t *a = xinan(), *ok = NULL, *s = NULL;
    struct ls_err err = { 0 };
    assert_int_equal(cmp_agreement_check(a, "x.json", NULL, &ok, &err), -LS_EINVAL);
    assert_non_null(strstr(err.msg, "rule compensation.unverified"));
    struct cmp_run_opts allow = { 1 };
    assert_int_equal(cmp_agreement_check(a, "x.json", &allow, &ok, &err), 0);
    char p[128];
    write_series("jk.csv", 0.028, "mg/L", 0);
    snprintf(p, sizeof p, "%s/jk.csv", dir);
    assert_int_equal(cmp_settle(ok, 2013, p, 0, &s, &err), 0);
    const json_t *d = json_object_get(s, "derivation");
    assert_true(fabs(cmp_num(d, "P") - 0.85 * 0.917803) < 1e-6);
    assert_string_equal(cmp_str(json_object_get(s, "payer"), "region"), "33");
    assert_int_equal((long long)cmp_num(s, "amount_yuan"), 100000000);
    assert_int_equal(json_array_size(json_object_get(
                         json_array_get(json_object_get(d, "indicators"), 0), "series")),
                     13);
    json_decref(s);
    /* TP at 0.080: P = 0.85 × (0.95 + 0.8333 + 0.9545 + 2.6667)/4 = 1.1486 > 1: Anhui pays */
    write_series("jk2.csv", 0.080, "mg/L", 0);
    snprintf(p, sizeof p, "%s/jk2.csv", dir);
    assert_int_equal(cmp_settle(ok, 2013, p, 0, &s, &err), 0);
    assert_string_equal(cmp_str(json_object_get(s, "payer"), "region"), "34");
    json_decref(s);
    /* g/L where mg/L is declared; a month without a sample; a year outside the agreement */
    write_series("jk3.csv", 0.000028, "g/L", 0);
    snprintf(p, sizeof p, "%s/jk3.csv", dir);
    assert_int_equal(cmp_settle(ok, 2013, p, 0, &s, &err), -LS_EINVAL);
    assert_string_equal(err.field, "unit");
    write_series("jk4.csv", 0.028, "mg/L", 5);
    snprintf(p, sizeof p, "%s/jk4.csv", dir);
    assert_int_equal(cmp_settle(ok, 2013, p, 0, &s, &err), -LS_EINVAL);
    assert_non_null(strstr(err.msg, "2013-05"));
    assert_int_equal(cmp_settle(ok, 2016, p, 0, &s, &err), -LS_EINVAL);
    /* no series: a state, not a failure */
    assert_int_equal(cmp_settle(ok, 2014, NULL, 0, &s, &err), 0);
    assert_string_equal(cmp_str(s, "state"), "missing_series");
    json_decref(s);
    json_decref(ok);
    json_decref(a);
}

/* CODMn 5.0 mg/L against a target of 4.0 in January, 10⁶ m³ of flow: 1 t × ¥15,000 (Jiangsu's
 * price); February under its target pays nothing. */
static void exceedance(void **state)
{
    (void)state;
    json_error_t je;
    json_t *a = json_loads(
        "{\"agreement\":\"ZJ\",\"kind\":\"exceedance\",\"upstream\":{\"region\":\"321181\","
        "\"name\":\"Danyang\"},\"downstream\":{\"region\":\"3211\",\"name\":\"Zhenjiang\"},"
        "\"section\":\"JL\",\"valid_from\":\"2024-01-01\",\"valid_to\":\"2024-12-31\","
        "\"min_samples_per_month\":0,\"indicators\":[{\"id\":\"codmn\",\"unit\":\"mg/L\","
        "\"target\":4.0},{\"id\":\"flow\",\"unit\":\"m3\"}]}",
        0, &je);
    json_t *ok = NULL, *s = NULL;
    struct ls_err err = { 0 };
    assert_int_equal(cmp_agreement_check(a, "z.json", NULL, &ok, &err), 0);
    write_text("jl.csv", "section,date,indicator,value,unit\nJL,2024-01-05,codmn,4.5,mg/L\n"
                         "JL,2024-01-20,codmn,5.5,mg/L\nJL,2024-01-31,flow,1000000,m3\n"
                         "JL,2024-02-10,codmn,3.0,mg/L\nJL,2024-02-28,flow,800000,m3\n");
    char p[128];
    snprintf(p, sizeof p, "%s/jl.csv", dir);
    assert_int_equal(cmp_settle(ok, 2024, p, 0, &s, &err), 0);
    assert_true(fabs(cmp_num(s, "amount_yuan") - 15000) < 1e-6);
    assert_string_equal(cmp_str(json_object_get(s, "payer"), "region"), "321181");
    json_decref(s);
    json_decref(ok);
    json_decref(a);
}

static void diff_sums(void **state)
{
    (void)state;
    write_text("hn.csv", hainan_csv);
    write_text("hn25.csv",
               "region,name,water_source_area,public_welfare_forest_area,wetland_area,"
               "reserve_area,population,appraisal_score\n"
               "469001,五指山市,120,820,20,300,108000,95\n469002,琼海市,250,600,80,50,535000,80\n"
               "469005,文昌市,180,400,150,20,565000,81\n469006,万宁市,200,700,60,100,562000,88\n");
    json_t *r1 = json_pack("{s:s,s:i,s:s,s:i,s:s}", "allocation", "HN-2024", "year", 2024, "scheme",
                           "hainan-2015", "pool_wan", 30000, "factors", "hn.csv");
    json_t *r2 = json_pack("{s:s,s:i,s:s,s:i,s:s}", "allocation", "HN-2025", "year", 2025, "scheme",
                           "hainan-2015", "pool_wan", 32000, "factors", "hn25.csv");
    json_t *a = NULL, *b = NULL, *d = NULL;
    struct ls_err err = { 0 };
    assert_int_equal(cmp_run(r1, "1", dir, NULL, &a, &err), 0);
    assert_int_equal(cmp_run(r2, "2", dir, NULL, &b, &err), 0);
    assert_int_equal(cmp_diff(a, b, &d, &err), 0);
    size_t i;
    const json_t *r;
    json_array_foreach(json_object_get(d, "regions"), i, r)
    {
        double parts = cmp_num(r, "pool_effect_wan") + cmp_num(r, "factors_effect_wan") +
                       cmp_num(r, "adjustment_effect_wan") + cmp_num(r, "bound_effect_wan") +
                       cmp_num(r, "rounding_effect_wan");
        assert_true(fabs(parts - cmp_num(r, "change_wan")) < 1e-6);
    }
    assert_true(fabs(cmp_num(d, "change_wan") - 2000) < 1e-9);
    json_decref(a);
    json_decref(b);
    json_decref(d);
    json_decref(r1);
    json_decref(r2);
}

static void on_the_ledger(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/s.gpkg", dir);
    struct ls_store *st = NULL;
    struct cmp *c = NULL;
    struct ls_err err = { 0 };
    struct st_create cr = { .srid = 4528, .hash = "sha256", .county = "331099" };
    assert_int_equal(st_open(path, &cr, &st, &err), 0);
    assert_int_equal(cmp_open(st, &c, &err), 0);
    write_text("hn.csv", hainan_csv);
    json_t *req = json_pack("{s:s,s:i,s:s,s:i,s:s}", "allocation", "HN-2024", "year", 2024,
                            "scheme", "hainan-2015", "pool_wan", 30000, "factors", "hn.csv");
    json_t *a = NULL, *got = NULL;
    assert_int_equal(cmp_run(req, "hn.json", dir, NULL, &a, &err), 0);
    struct cmp_submit_opts o = { "ann", "2025-01-05T00:00:00Z" };
    assert_int_equal(st_begin_write(st, &err), 0);
    assert_int_equal(cmp_record_allocation(c, a, &o, NULL, &err), 0);
    assert_int_equal(cmp_record_allocation(c, a, &o, NULL, &err), -LS_EINVAL);
    assert_non_null(strstr(err.msg, "allocation_exists"));
    assert_int_equal(st_commit(st, &err), 0);
    assert_int_equal(st_begin_read(st, &err), 0);
    assert_int_equal(cmp_get_allocation(c, "HN-2024", 0, &got, &err), 0);
    st_rollback(st);
    assert_int_equal(json_integer_value(json_object_get(got, "total_wan")), 30000);
    json_decref(got);

    json_t *x = xinan(), *ok = NULL, *s = NULL;
    struct cmp_run_opts allow = { 1 };
    assert_int_equal(cmp_agreement_check(x, "x.json", &allow, &ok, &err), 0);
    assert_int_equal(st_begin_write(st, &err), 0);
    assert_int_equal(cmp_record_agreement(c, ok, &o, NULL, &err), 0);
    assert_int_equal(cmp_settle(ok, 2013, NULL, 0, &s, &err), 0);
    assert_int_equal(cmp_record_settlement(c, s, &o, NULL, &err), 0);
    json_decref(s);
    /* the missing year settled once its series arrives, then a dispute, then settled again */
    write_series("jk.csv", 0.028, "mg/L", 0);
    char p[128];
    snprintf(p, sizeof p, "%s/jk.csv", dir);
    assert_int_equal(cmp_settle(ok, 2013, p, 0, &s, &err), 0);
    assert_int_equal(cmp_record_settlement(c, s, &o, NULL, &err), 0);
    assert_int_equal(cmp_record_settlement(c, s, &o, NULL, &err), -LS_EINVAL);
    assert_non_null(strstr(err.msg, "rule compensation.settled"));
    assert_int_equal(cmp_record_dispute(c, "XAJ", 2013, "33", "", &o, NULL, &err), -LS_EINVAL);
    assert_int_equal(cmp_record_dispute(c, "XAJ", 2013, "33", "TP lost", &o, NULL, &err), 0);
    assert_int_equal(cmp_record_settlement(c, s, &o, NULL, &err), 0);
    assert_int_equal(st_commit(st, &err), 0);
    assert_int_equal(st_begin_read(st, &err), 0);
    assert_int_equal(cmp_get_agreement(c, "XAJ", &got, &err), 0);
    st_rollback(st);
    const json_t *list = json_object_get(got, "settlements");
    assert_int_equal(json_array_size(list), 1);
    assert_string_equal(cmp_str(json_array_get(list, 0), "state"), "settled");
    json_decref(got);
    json_decref(s);
    json_decref(ok);
    json_decref(x);
    json_decref(a);
    json_decref(req);
    cmp_close(c);
    st_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hainan),
        cmocka_unit_test(bad_scheme),
        cmocka_unit_test(floors_and_deductions),
        cmocka_unit_test(largest_remainder),
        cmocka_unit_test(p_index),
        cmocka_unit_test(settlement),
        cmocka_unit_test(exceedance),
        cmocka_unit_test(diff_sums),
        cmocka_unit_test(on_the_ledger),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
