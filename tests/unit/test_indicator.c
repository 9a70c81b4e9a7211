/*
 * indicator/serial: serials written and read back, blocks split by hand-worked cases, the
 * units conserved across many random splits (against a count kept here), and every malformed
 * serial refused naming its part.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/rng.h"
#include "indicator/classes.h"
#include "indicator/serial.h"

static struct ind_block batch(int64_t start, int64_t end)
{
    struct ind_block b = { "CRQ", "331099", "P2025007", "20250630", 1, start, end };
    return b;
}

static void a_serial_reads_back(void **state)
{
    (void)state;
    /* 10 亩 of reclaimed cropland in m² (1 亩 = 10,000/15 m²): 6,667 units after rounding down */
    struct ind_block b = batch(1, 6667), r;
    char s[IND_SERIAL_MAX];
    struct ls_err err = { 0 };
    assert_int_equal(ind_serial_format(&b, s, sizeof s, &err), 0);
    assert_string_equal(s, "LS-CRQ-331099-P2025007-20250630-1-1-6667");
    assert_int_equal(ind_serial_parse(s, &r, &err), 0);
    assert_string_equal(r.account, "CRQ");
    assert_string_equal(r.adcode, "331099");
    assert_string_equal(r.project, "P2025007");
    assert_string_equal(r.date, "20250630");
    assert_int_equal(r.batch, 1);
    assert_int_equal(r.start, 1);
    assert_int_equal(r.end, 6667);
    assert_int_equal(ind_block_units(&r), 6667);
}

static void a_partial_transfer_splits_the_block(void **state)
{
    (void)state;
    struct ind_block b = batch(1, 425), t;
    struct ls_err err = { 0 };
    int emptied = 0;
    /* 100 of 425 (Verra's block 941467007–941467431 held 425: 431 − 007 + 1) */
    assert_int_equal(ind_block_take(&b, 100, &t, &emptied, &err), 0);
    assert_int_equal(t.start, 1);
    assert_int_equal(t.end, 100);
    assert_int_equal(b.start, 101);
    assert_int_equal(b.end, 425);
    assert_false(emptied);
    assert_int_equal(ind_block_units(&t) + ind_block_units(&b), 425);
    /* the rest, all of it: the block is emptied, not left as 426–425 */
    assert_int_equal(ind_block_take(&b, 325, &t, &emptied, &err), 0);
    assert_true(emptied);
    assert_int_equal(t.start, 101);
    assert_int_equal(t.end, 425);
    /* CADT#475 counted 6 + 6 out of 11: here 6 + 5 */
    struct ind_block c = batch(1, 11), before, cut, after;
    int hb = 0, ha = 0;
    assert_int_equal(ind_block_take(&c, 6, &t, &emptied, &err), 0);
    assert_int_equal(ind_block_units(&t), 6);
    assert_int_equal(ind_block_units(&c), 5);
    /* retiring 50–60 out of 1–100 leaves 1–49 and 61–100 */
    struct ind_block d = batch(1, 100);
    assert_int_equal(ind_block_cut(&d, 50, 60, &before, &hb, &cut, &after, &ha, &err), 0);
    assert_true(hb && ha);
    assert_int_equal(before.end, 49);
    assert_int_equal(cut.start, 50);
    assert_int_equal(cut.end, 60);
    assert_int_equal(after.start, 61);
    assert_int_equal(ind_block_units(&before) + ind_block_units(&cut) + ind_block_units(&after),
                     100);
    /* the whole block: nothing before or after */
    assert_int_equal(ind_block_cut(&d, 1, 100, &before, &hb, &cut, &after, &ha, &err), 0);
    assert_false(hb || ha);
}

static void bad_requests_are_refused(void **state)
{
    (void)state;
    struct ind_block b = batch(10, 20), t;
    struct ls_err err = { 0 };
    int e = 0, hb, ha;
    assert_int_not_equal(ind_block_take(&b, 0, &t, &e, &err), 0);
    assert_string_equal(err.field, "quantity");
    assert_int_not_equal(ind_block_take(&b, 12, &t, &e, &err), 0);
    assert_int_not_equal(ind_block_take(&b, -1, &t, &e, &err), 0);
    assert_int_equal(b.start, 10); /* unchanged */
    assert_int_not_equal(ind_block_cut(&b, 9, 12, &t, &hb, &t, &t, &ha, &err), 0);
    assert_string_equal(err.field, "from");
    assert_int_not_equal(ind_block_cut(&b, 12, 21, &t, &hb, &t, &t, &ha, &err), 0);
    assert_string_equal(err.field, "to");
    assert_int_not_equal(ind_block_cut(&b, 15, 14, &t, &hb, &t, &t, &ha, &err), 0);
}

static void malformed_serials_name_their_part(void **state)
{
    (void)state;
    static const struct {
        const char *s, *field;
    } bad[] = {
        { "XX-CRQ-331099-P1-20250630-1-1-10", "serial" },
        { "LS-CRQ-331099-P1-20250630-1-1", "serial" },
        { "LS-CRQ-331099-P1-20250630-1-1-10-3", "serial" },
        { "LS-CRQ-331099-P1-20250630-1-1-10-", "serial" },
        { "LS-crq-331099-P1-20250630-1-1-10", "account" },
        { "LS-CRQ-33109-P1-20250630-1-1-10", "adcode" },
        { "LS-CRQ-331099-P.1-20250630-1-1-10", "project" },
        { "LS-CRQ-331099-P1-20250230-1-1-10", "date" },
        { "LS-CRQ-331099-P1-20250630-0-1-10", "batch" },
        { "LS-CRQ-331099-P1-20250630-x-1-10", "batch" },
        { "LS-CRQ-331099-P1-20250630-1-0-10", "start" },
        { "LS-CRQ-331099-P1-20250630-1-01-10", "start" },
        { "LS-CRQ-331099-P1-20250630-1-11-10", "end" },
        { "LS-CRQ-331099-P1-20250630-1-1-9999999999999999", "end" },
        { "LS-CRQ-331099-P1-20250630-1-1--5", "serial" },
    };
    struct ind_block b;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct ls_err err = { 0 };
        assert_int_not_equal(ind_serial_parse(bad[i].s, &b, &err), 0);
        if (strcmp(err.field, bad[i].field))
            fail_msg("%s: field %s, wanted %s", bad[i].s, err.field, bad[i].field);
    }
    /* 2024-02-29 exists, 2025-02-29 does not */
    struct ls_err err = { 0 };
    assert_int_equal(ind_serial_parse("LS-CCS-331099-S_01-20240229-3-1-1", &b, &err), 0);
    assert_int_not_equal(ind_serial_parse("LS-CCS-331099-S_01-20250229-3-1-1", &b, &err), 0);
}

/* 10,000 random takes and cuts over a batch of 1,000,000 units: the blocks held stay disjoint
 * and their units add up to the batch, counted independently of the code under test */
static void units_are_conserved(void **state)
{
    (void)state;
    enum { MAXB = 4096 };
    static struct ind_block held[MAXB];
    int n = 1;
    held[0] = batch(1, 1000000);
    struct ls_rng rng;
    ls_rng_seed(&rng, 20251206);
    struct ls_err err = { 0 };
    for (int step = 0; step < 10000 && n < MAXB - 2; step++) {
        int k = (int)(ls_rng_next(&rng) % (uint64_t)n);
        int64_t u = ind_block_units(&held[k]);
        if (ls_rng_next(&rng) % 2) {
            int64_t q = 1 + (int64_t)(ls_rng_next(&rng) % (uint64_t)u);
            struct ind_block t;
            int emptied = 0;
            assert_int_equal(ind_block_take(&held[k], q, &t, &emptied, &err), 0);
            if (emptied)
                held[k] = t;
            else
                held[n++] = t;
        } else {
            int64_t a = held[k].start + (int64_t)(ls_rng_next(&rng) % (uint64_t)u);
            int64_t b = a + (int64_t)(ls_rng_next(&rng) % (uint64_t)(held[k].end - a + 1));
            struct ind_block be, cut, af;
            int hb = 0, ha = 0;
            assert_int_equal(ind_block_cut(&held[k], a, b, &be, &hb, &cut, &af, &ha, &err), 0);
            held[k] = cut;
            if (hb)
                held[n++] = be;
            if (ha)
                held[n++] = af;
        }
    }
    /* every unit 1..1,000,000 covered exactly once */
    static unsigned char seen[1000001];
    memset(seen, 0, sizeof seen);
    int64_t total = 0;
    for (int i = 0; i < n; i++) {
        for (int64_t x = held[i].start; x <= held[i].end; x++) {
            assert_int_equal(seen[x], 0);
            seen[x] = 1;
        }
        total += ind_block_units(&held[i]);
    }
    assert_int_equal(total, 1000000);
    assert_true(n > 1000);
}

/* the class table as markets.md §1 and §2.4 describe it: cropland on three accounts (quantity
 * m², capacity kg, paddy m²), shoreline in cm, the sink in kgCO2e and alone tradable across
 * provinces */
static void the_class_table_is_the_reference(void **state)
{
    (void)state;
    size_t n = 0;
    struct ls_err err = { 0 };
    const struct ind_class *c = ind_classes(&n, &err);
    assert_non_null(c);
    assert_int_equal(n, 4);
    const struct ind_class *crop = ind_class_find("cropland");
    assert_non_null(crop);
    assert_string_equal(crop->zh, "补充耕地指标");
    assert_int_equal(crop->n_accounts, 3);
    assert_string_equal(crop->accounts[0].code, "CRQ");
    assert_string_equal(crop->accounts[1].unit, "kg");
    assert_string_equal(crop->accounts[2].code, "CRP");
    assert_false(crop->cross_province);
    const struct ind_account *a = NULL;
    assert_ptr_equal(ind_class_of_account("SHL", &a), ind_class_find("shoreline"));
    assert_string_equal(a->unit, "cm");
    assert_ptr_equal(ind_class_of_account("CCS", &a), ind_class_find("carbon_sink"));
    assert_string_equal(a->unit, "kgCO2e");
    assert_true(ind_class_find("carbon_sink")->cross_province);
    assert_string_equal(ind_class_of_account("RLW", &a)->id, "redline_withdrawal");
    assert_null(ind_class_of_account("XYZ", &a));
    assert_null(ind_class_find("forest"));
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(a_serial_reads_back),
                                        cmocka_unit_test(a_partial_transfer_splits_the_block),
                                        cmocka_unit_test(bad_requests_are_refused),
                                        cmocka_unit_test(malformed_serials_name_their_part),
                                        cmocka_unit_test(units_are_conserved),
                                        cmocka_unit_test(the_class_table_is_the_reference) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
