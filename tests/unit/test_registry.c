/*
 * Ledger framing and registry rules on hand-worked cases. The event hashes below were
 * computed outside Liangshan from the documented framing ("len:value" of prev_hash, seq,
 * recorded, effective, actor, type, subject, reason, source_doc, payload) with
 * `printf '%s' … | openssl dgst -sm3` / `-sha256`; the same tool gives GB/T 32905's
 * example SM3("abc") = 66c7f0f4…8f4ba8e0, so "sm3" is the national standard's hash.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ledger/ledger.h"
#include "registry/model.h"
#include "store/store.h"

static void event_hash_framing(void **state)
{
    (void)state;
    struct lg_event ev;
    memset(&ev, 0, sizeof ev);
    memset(ev.prev_hash, '0', 64);
    ev.seq = 1;
    strcpy(ev.recorded, "2026-01-01T00:00:00Z");
    strcpy(ev.effective, "2026-01-01");
    strcpy(ev.actor, "a");
    strcpy(ev.type, "t");
    strcpy(ev.subject, "s");
    ev.payload = "{}";
    char h[LG_HASH_HEX];
    assert_int_equal(lg_hash("sm3", &ev, h, NULL), 0);
    assert_string_equal(h, "f1a249a314be6051551521767504983ae52b0fb320c5fc59ced88f03dddac75f");
    assert_int_equal(lg_hash("sha256", &ev, h, NULL), 0);
    assert_string_equal(h, "274f12055489b3d9a1744f47e6e215a785f84c8527ba6c36b64e52832c0902a1");
    /* moving a character between two fields changes the hash: the framing is unambiguous */
    strcpy(ev.actor, "");
    strcpy(ev.type, "at");
    char h2[LG_HASH_HEX];
    assert_int_equal(lg_hash("sha256", &ev, h2, NULL), 0);
    assert_string_not_equal(h, h2);
    struct ls_err err = { 0 };
    assert_int_equal(lg_hash("md5", &ev, h, &err), -LS_EUNSUPP);
}

/* An event appended without a payload is stored as "{}" and must hash as it is stored, or
 * the chain it starts breaks at the next verification; an edit after the fact is named. */
static void appended_events_verify(void **state)
{
    (void)state;
    const char *tmp = getenv("LS_TEST_TMP");
    char path[512];
    snprintf(path, sizeof path, "%s/ledger-%d.gpkg", tmp && *tmp ? tmp : "/tmp", (int)getpid());
    unlink(path);
    struct st_create cr = { .srid = 4528, .hash = "sm3", .created = "2026-01-01T00:00:00Z" };
    struct ls_store *st = NULL;
    struct ls_err err = { 0 };
    assert_int_equal(st_open(path, &cr, &st, &err), 0);
    assert_int_equal(st_begin_write(st, &err), 0);
    for (int i = 0; i < 3; i++) {
        struct lg_event ev;
        memset(&ev, 0, sizeof ev);
        strcpy(ev.recorded, "2026-01-02T00:00:00Z");
        strcpy(ev.effective, "2026-01-02");
        strcpy(ev.actor, "t");
        strcpy(ev.type, "test.event");
        strcpy(ev.subject, "S");
        ev.payload = i == 1 ? NULL : "{\"n\":1}";
        assert_int_equal(lg_append(st, &ev, &err), 0);
    }
    assert_int_equal(st_commit(st, &err), 0);
    struct lg_verify_report v;
    assert_int_equal(lg_verify(st, &v, &err), 0);
    assert_true(v.ok);
    assert_int_equal(v.events, 3);
    assert_string_equal(v.algorithm, "sm3");
    /* the append-only trigger refuses the edit; a tamperer with file access drops it */
    assert_int_not_equal(st_exec(st, "DELETE FROM ledger_event WHERE seq = 2", NULL), 0);
    assert_int_equal(st_exec(st, "DROP TRIGGER ledger_event_no_update", &err), 0);
    assert_int_equal(
        st_exec(st, "UPDATE ledger_event SET payload = '{\"n\":2}' WHERE seq = 3", &err), 0);
    assert_int_equal(lg_verify(st, &v, &err), 0);
    assert_false(v.ok);
    assert_int_equal(v.bad_seq, 3);
    st_close(st);
    unlink(path);
}

static void shares_exact(void **state)
{
    (void)state;
    long long n, d;
    assert_int_equal(reg_share_parse("2/4", &n, &d), 0);
    assert_true(n == 1 && d == 2);
    assert_int_equal(reg_share_parse("0.25", &n, &d), 0);
    assert_true(n == 1 && d == 4);
    assert_int_equal(reg_share_parse("1", &n, &d), 0);
    assert_true(n == 1 && d == 1);
    const char *bad[] = { "0", "3/2", "abc", "1/0", "-1/2", "1.5", "", "0.", "1/3x" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_not_equal(reg_share_parse(bad[i], &n, &d), 0);
    /* 1/3 + 1/6 + 1/2 = 1 exactly, where doubles give 0.9999999999999999 */
    long long sn = 0, sd = 1;
    assert_int_equal(reg_share_add(&sn, &sd, 1, 3), 0);
    assert_int_equal(reg_share_add(&sn, &sd, 1, 6), 0);
    assert_true(sn == 1 && sd == 2);
    assert_int_equal(reg_share_add(&sn, &sd, 1, 2), 0);
    assert_true(sn == 1 && sd == 1);
}

static void dates(void **state)
{
    (void)state;
    assert_true(reg_date_valid("2024-02-29"));
    assert_false(reg_date_valid("2023-02-29"));
    assert_false(reg_date_valid("2024-13-01"));
    assert_false(reg_date_valid("2024-1-01"));
    assert_false(reg_date_valid("1900-02-29"));
    assert_true(reg_date_valid("2000-02-29"));
    char out[11];
    reg_date_add_days("2025-05-01", 15, out); /* an objection's 15 days */
    assert_string_equal(out, "2025-05-16");
    reg_date_add_days("2024-12-25", 15, out);
    assert_string_equal(out, "2025-01-09");
    reg_date_add_days("2024-02-20", 15, out);
    assert_string_equal(out, "2024-03-06");
}

static void unit_codes(void **state)
{
    (void)state;
    char why[256], own = 0;
    const char *kind = NULL, *layer = NULL;
    assert_int_equal(reg_unit_code_check("331099001001JD00001W00000000", "331099", why, sizeof why,
                                         &kind, &layer, &own),
                     0);
    assert_string_equal(kind, "contracted_land");
    assert_string_equal(layer, "surface");
    assert_int_equal(own, 'J');
    assert_int_equal(reg_unit_code_check("331099001001GS00001F00010001", NULL, why, sizeof why,
                                         &kind, &layer, &own),
                     0);
    assert_string_equal(layer, "above");
    assert_int_equal(reg_unit_code_check("331099001001GX00001W00000000", NULL, why, sizeof why,
                                         &kind, &layer, &own),
                     0);
    assert_string_equal(layer, "below");
    assert_int_equal(reg_unit_code_check("331099002001GH00001W00000000", NULL, why, sizeof why,
                                         &kind, &layer, &own),
                     0);
    assert_string_equal(kind, "sea_parcel");
    assert_string_equal(layer, ""); /* a 宗海's layer is stated, not coded */
    struct {
        const char *code, *says;
    } bad[] = {
        { "331099001001JD00001W0000000", "28 characters" },
        { "331099001001JD00001W000000000", "28 characters" },
        { "991099001001JD00001W00000000", "no province" },
        { "330100001001JD00001W00000000", "not a county" },
        { "3310990010A1JD00001W00000000", "characters 7-12" },
        { "331099001001QD00001W00000000", "character 13" },
        { "331099001001JK00001W00000000", "character 14" },
        { "331099001001GA00001W00000000", "needs ownership J" },
        { "331099001001JD0000AW00000000", "characters 15-19" },
        { "331099001001JD00001K00000000", "character 20" },
        { "331099001001JD00001W00010001", "00000000" },
        { "330102001001JD00001W00000000", "not this registry's county" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why[0] = '\0';
        assert_int_not_equal(
            reg_unit_code_check(bad[i].code, "331099", why, sizeof why, &kind, &layer, &own), 0);
        if (!strstr(why, bad[i].says))
            fail_msg("%s: \"%s\" does not say \"%s\"", bad[i].code, why, bad[i].says);
    }
}

static void layers(void **state)
{
    (void)state;
    double o = NAN;
    assert_true(reg_layers_meet("whole", o, o, "seabed", -16, -12));
    assert_true(reg_layers_meet("seabed", o, o, "seabed", o, o));
    assert_false(reg_layers_meet("sea_surface", o, o, "water_column", o, o));
    /* water column -12..-1 and seabed -16..-12 only touch */
    assert_false(reg_layers_meet("water_column", -12, -1, "seabed", -16, -12));
    assert_true(reg_layers_meet("water_column", -12, -1, "seabed", -16, -11.5));
    /* an open bound reaches to infinity */
    assert_true(reg_layers_meet("below", o, -50, "below", -300, -100));
    assert_false(reg_layers_meet("below", -40, o, "below", -300, -50));
}

static void types(void **state)
{
    (void)state;
    const struct reg_rrr_type *t = reg_rrr_type_find("sea_area_use");
    assert_non_null(t);
    assert_int_equal(t->qllx, 15);
    assert_int_equal(reg_rrr_type_find("mining")->qllx, 22);
    assert_int_equal(reg_rrr_type_find("contracted_land")->qllx, 9);
    assert_true(reg_rrr_type_find("ownership_state")->ownership);
    assert_false(reg_rrr_type_find("eco_redline")->party);
    assert_null(reg_rrr_type_find("lease"));
    assert_true(reg_resource_type_valid("natural", "sea_area"));
    assert_false(reg_resource_type_valid("real_estate", "sea_area"));
    assert_true(reg_resource_type_valid("real_estate", "sea_parcel"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(event_hash_framing),
        cmocka_unit_test(appended_events_verify),
        cmocka_unit_test(shares_exact),
        cmocka_unit_test(dates),
        cmocka_unit_test(unit_codes),
        cmocka_unit_test(layers),
        cmocka_unit_test(types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
