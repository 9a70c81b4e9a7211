/*
 * damage/: the valuation kernels against the worked examples of compensation.md — HEA (10 ha
 * losing all service in 2020 and recovering linearly by 2030, claim year 2024, r = 3 %: debit
 * 51.85 DSHY; a project ramping to 80 % over five years from 2026 and lasting to 2075: 18.16
 * DSHY a hectare; P* = 2.86 ha) and the virtual treatment cost of GB/T 39793.2 (142,420 m³ at
 * 0.634 yuan, α 1, κ 3.27, class III: ¥225,735.70); a restoration cost summed by hand; the bad
 * inputs named (a claim year before the damage, α out of its range, an unknown class); the case
 * workflow on the ledger — the wrong role, a missing document, a red-line lead declined, an
 * assessment without a valuation each refused by its rule with nothing written; a case taken
 * from its lead to closed, with its deadlines.
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

#include "base/date.h"
#include "damage/internal.h"

static void hea_worked_example(void **state)
{
    (void)state;
    double iy[] = { 2020, 2030 }, il[] = { 0, 1 }, gy[] = { 2026, 2031 }, gl[] = { 0, 0.8 };
    struct dmg_curve inj = { 2, iy, il }, gain = { 2, gy, gl };
    double debit = dmg_hea_debit(&inj, 10, 2020, 2029, 2024, 0.03);
    double credit = dmg_hea_credit(&gain, 0, 2026, 2075, 2024, 0.03);
    assert_true(fabs(debit - 51.85) < 0.005);
    assert_true(fabs(credit - 18.16) < 0.005);
    assert_true(fabs(debit / credit - 2.86) < 0.01);
    /* beginning-of-year levels overstate this debit (Thur 2007): the mid-year rule is not it */
    double begin = 0;
    for (int t = 2020; t <= 2029; t++)
        begin += 10 * (1 - dmg_curve_at(&inj, t)) * pow(1.03, 2024 - t);
    assert_true(begin > debit + 4);
    /* the same through a request */
    json_error_t je;
    json_t *req = json_loads(
        "{\"method\":\"hea\",\"damage_year\":2020,\"claim_year\":2024,\"rate\":0.03,\"area_ha\":10,"
        "\"injury\":{\"points\":[[2020,0],[2030,1]],\"to\":2029},\"restoration\":{\"points\":"
        "[[2026,0],[2031,0.8]],\"from\":2026,\"to\":2075,\"base\":0},"
        "\"project_cost_per_ha_yuan\":100000}",
        0, &je);
    json_t *r = NULL;
    struct ls_err err = { 0 };
    assert_int_equal(dmg_value(req, "hea.json", &r, &err), 0);
    assert_true(fabs(json_number_value(json_object_get(r, "value_yuan")) - 285470) < 300);
    json_decref(r);
    /* the claim year before the damage */
    json_object_set_new(req, "claim_year", json_integer(2019));
    assert_int_equal(dmg_value(req, "hea.json", &r, &err), -LS_EINVAL);
    assert_string_equal(err.field, "claim_year");
    assert_null(r);
    json_object_set_new(req, "claim_year", json_integer(2024));
    json_object_set_new(req, "rate", json_real(0.5));
    assert_int_equal(dmg_value(req, "hea.json", &r, &err), -LS_EINVAL);
    assert_string_equal(err.field, "rate");
    json_decref(req);
}

static void virtual_treatment_cost(void **state)
{
    (void)state;
    /* κ = (Z − B)/B = 3.27 with B = 1: Z = 4.27 */
    json_error_t je;
    json_t *req = json_loads("{\"method\":\"virtual_treatment_cost\",\"damage_year\":2023,"
                             "\"claim_year\":2024,\"quantity\":142420,\"unit_cost_yuan\":0.634,"
                             "\"alpha\":1,\"measured\":4.27,\"limit\":1,\"water_class\":\"III\"}",
                             0, &je);
    json_t *r = NULL;
    struct ls_err err = { 0 };
    assert_int_equal(dmg_value(req, "vtc.json", &r, &err), 0);
    assert_true(fabs(json_number_value(json_object_get(r, "value_yuan")) - 225735.70) < 0.005);
    json_decref(r);
    json_object_set_new(req, "alpha", json_real(2.5));
    assert_int_equal(dmg_value(req, "vtc.json", &r, &err), -LS_EINVAL);
    assert_string_equal(err.field, "alpha");
    json_object_set_new(req, "alpha", json_real(1));
    json_object_set_new(req, "water_class", json_string("VI"));
    assert_int_equal(dmg_value(req, "vtc.json", &r, &err), -LS_EINVAL);
    assert_string_equal(err.field, "water_class");
    json_decref(req);
}

static void restoration_cost(void **state)
{
    (void)state;
    json_error_t je;
    json_t *req = json_loads(
        "{\"method\":\"restoration_cost\",\"damage_year\":2025,\"claim_year\":2025,\"items\":"
        "[{\"item\":\"demolition\",\"quantity\":1200,\"unit\":\"m2\",\"unit_cost_yuan\":85},"
        "{\"item\":\"topsoil\",\"quantity\":900,\"unit\":\"m3\",\"unit_cost_yuan\":42.5}],"
        "\"assessment_cost_yuan\":30000,\"prevention_cost_yuan\":5000}",
        0, &je);
    json_t *r = NULL;
    struct ls_err err = { 0 };
    assert_int_equal(dmg_value(req, "rc.json", &r, &err), 0);
    /* 1200 × 85 + 900 × 42.5 + 30,000 + 5,000 = 175,250 */
    assert_true(fabs(json_number_value(json_object_get(r, "value_yuan")) - 175250) < 1e-6);
    json_decref(r);
    json_decref(req);
    char d[16];
    ls_date_add_days("2024-12-31", 60, d);
    assert_string_equal(d, "2025-03-01");
    ls_date_add_days("2024-02-28", 1, d);
    assert_string_equal(d, "2024-02-29");
}

static const char *const H = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

static void workflow(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/test_damage.%ld.gpkg", (long)getpid());
    unlink(path);
    struct ls_store *st = NULL;
    struct dmg *d = NULL;
    struct ls_err err = { 0 };
    struct st_create cr = { .srid = 4528, .hash = "sha256", .county = "331099" };
    assert_int_equal(st_open(path, &cr, &st, &err), 0);
    assert_int_equal(dmg_open(st, &d, &err), 0);
    json_error_t je;
    json_t *lead = json_loads(
        "{\"case\":\"DC-1\",\"date\":\"2025-03-01\",\"source\":\"discovery\",\"kind\":"
        "\"construction_on_protected\",\"zones\":[\"eco_redline\"],\"area_m2\":2600,\"geometry\":"
        "\"POLYGON((0 0,10 0,10 10,0 0))\"}",
        0, &je);
    struct dmg_submit_opts reg = { "ann", "registrar", "2025-03-01T00:00:00Z" },
                           rev = { "bob", "reviewer", "2025-03-02T00:00:00Z" },
                           acc = { "cai", "accountant", "2025-03-03T00:00:00Z" };
    json_t *out = NULL;
    assert_int_equal(st_begin_write(st, &err), 0);
    assert_int_equal(dmg_case_open(d, lead, &reg, "lead", &out, &err), 0);
    assert_string_equal(dmg_str(out, "deadline"), "2025-03-31");
    json_decref(out);
    assert_int_equal(dmg_case_open(d, lead, &reg, "lead", NULL, &err), -LS_EINVAL);
    assert_non_null(strstr(err.msg, "case_exists"));
    struct dmg_document sd = { "screening_decision", "decision.pdf", H },
                        pn = { "procuratorate_notice", "notice.pdf", H };
    struct dmg_document two[] = { sd, pn };
    /* a registrar may not open the case; the reviewer without the decision may not either */
    assert_int_equal(
        dmg_case_advance(d, "DC-1", "open", "2025-03-10", &sd, 1, NULL, &reg, NULL, &err),
        -LS_EINVAL);
    assert_string_equal(err.field, "role");
    assert_int_equal(
        dmg_case_advance(d, "DC-1", "open", "2025-03-10", NULL, 0, NULL, &rev, NULL, &err),
        -LS_EINVAL);
    assert_non_null(strstr(err.msg, "线索筛查决定"));
    /* a lead in the red line is never declined as trivial */
    assert_int_equal(
        dmg_case_advance(d, "DC-1", "decline", "2025-03-10", two, 2, "显著轻微", &rev, NULL, &err),
        -LS_EINVAL);
    assert_non_null(strstr(err.msg, "rule damage.redline"));
    assert_int_equal(
        dmg_case_advance(d, "DC-1", "open", "2025-03-10", &sd, 1, NULL, &rev, &out, &err), 0);
    assert_string_equal(dmg_str(out, "deadline"), "2025-06-08");
    json_decref(out);
    struct dmg_document ir = { "investigation_report", "inv.pdf", H },
                        ar = { "assessment_report", "assess.pdf", H };
    assert_int_equal(
        dmg_case_advance(d, "DC-1", "investigated", "2025-04-01", &ir, 1, NULL, &reg, NULL, &err),
        0);
    /* assessed without a valuation, and a valuation by a registrar: refused */
    assert_int_equal(
        dmg_case_advance(d, "DC-1", "assessed", "2025-05-01", &ar, 1, NULL, &acc, NULL, &err),
        -LS_EINVAL);
    assert_non_null(strstr(err.msg, "rule damage.valuation"));
    json_t *rq = json_loads("{\"method\":\"restoration_cost\",\"damage_year\":2025,"
                            "\"claim_year\":2025,\"items\":[{\"item\":\"x\",\"quantity\":2,"
                            "\"unit_cost_yuan\":50000}]}",
                            0, &je);
    json_t *rep = NULL;
    assert_int_equal(dmg_value(rq, "rq", &rep, &err), 0);
    assert_int_equal(dmg_case_value(d, "DC-1", "2025-04-20", rep, &reg, &err), -LS_EINVAL);
    assert_int_equal(dmg_case_value(d, "DC-1", "2025-04-20", rep, &acc, &err), 0);
    assert_int_equal(
        dmg_case_advance(d, "DC-1", "assessed", "2025-05-01", &ar, 1, NULL, &acc, NULL, &err), 0);
    struct dmg_document nm = { "negotiation_minutes", "m.pdf", H },
                        ca = { "compensation_agreement", "a.pdf", H },
                        pr = { "payment_receipt", "r.pdf", H },
                        cl = { "closing_report", "c.pdf", H };
    struct dmg_document agree[] = { nm, ca }, pay[] = { pr, cl };
    assert_int_equal(
        dmg_case_advance(d, "DC-1", "agree_pay", "2025-06-01", agree, 2, NULL, &rev, NULL, &err),
        0);
    assert_int_equal(
        dmg_case_advance(d, "DC-1", "paid", "2025-07-01", pay, 2, NULL, &rev, NULL, &err), 0);
    assert_int_equal(
        dmg_case_advance(d, "DC-1", "open", "2025-07-02", &sd, 1, NULL, &rev, NULL, &err),
        -LS_EINVAL);
    assert_non_null(strstr(err.msg, "it is final"));
    assert_int_equal(st_commit(st, &err), 0);
    assert_int_equal(st_begin_read(st, &err), 0);
    assert_int_equal(dmg_case_get(d, "DC-1", "2025-12-31", 1, &out, &err), 0);
    st_rollback(st);
    assert_string_equal(dmg_str(out, "state"), "closed");
    assert_true(fabs(dmg_num(out, "value_yuan") - 100000) < 1e-6);
    assert_int_equal(json_array_size(json_object_get(out, "history")), 7);
    assert_int_equal(json_array_size(json_object_get(out, "documents")), 7);
    json_decref(out);
    json_decref(rep);
    json_decref(rq);
    json_decref(lead);
    dmg_close(d);
    st_close(st);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hea_worked_example),
        cmocka_unit_test(virtual_treatment_cost),
        cmocka_unit_test(restoration_cost),
        cmocka_unit_test(workflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
