/*
 * contract/: the judgement of a measured condition against its target, worked by hand — a cap
 * is broken the year it is exceeded, whatever its date; a duty to reach a target shows progress
 * before its deadline and is breached on or after it when still short; a target reached is met
 * at any time, exactly at the target too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/date.h"
#include "contract/internal.h"

static void cap(void **state)
{
    (void)state;
    assert_string_equal(con_judge("land_class_max", "m2", 800, "", "2025-12-31", 500), "met");
    assert_string_equal(con_judge("land_class_max", "m2", 800, "", "2025-12-31", 800), "met");
    assert_string_equal(con_judge("land_class_max", "m2", 800, "", "2025-12-31", 800.01), "breach");
    /* a cap has no grace: a deadline does not delay its breach */
    assert_string_equal(con_judge("land_class_max", "share", 0.1, "2030-12-31", "2025-12-31", 0.2),
                        "breach");
}

static void duty(void **state)
{
    (void)state;
    /* forest back to 155,000 m² by 2027-12-31 */
    assert_string_equal(
        con_judge("land_class_min", "m2", 155000, "2027-12-31", "2026-12-31", 150000), "progress");
    assert_string_equal(
        con_judge("land_class_min", "m2", 155000, "2027-12-31", "2027-12-31", 150000), "breach");
    assert_string_equal(
        con_judge("land_class_min", "m2", 155000, "2027-12-31", "2028-12-31", 150000), "breach");
    assert_string_equal(
        con_judge("land_class_min", "m2", 155000, "2027-12-31", "2026-12-31", 155000), "met");
    /* a share of 15/16 against 0.95, past the deadline */
    assert_string_equal(
        con_judge("land_class_min", "share", 0.95, "2025-12-31", "2026-12-31", 15.0 / 16.0),
        "breach");
}

static void level(void **state)
{
    (void)state;
    /* a GEP level holds from the start: short of it is a breach at once */
    assert_string_equal(con_judge("gep_min", "yuan", 1e6, "", "2024-12-31", 999999.99), "breach");
    assert_string_equal(con_judge("gep_min", "yuan", 1e6, "", "2024-12-31", 1e6), "met");
}

static void dates(void **state)
{
    (void)state;
    assert_true(ls_date_valid("2024-02-29"));
    assert_false(ls_date_valid("2023-02-29"));
    assert_false(ls_date_valid("2024-13-01"));
    assert_false(ls_date_valid("2024-1-01"));
    assert_false(ls_date_valid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cap),
        cmocka_unit_test(duty),
        cmocka_unit_test(level),
        cmocka_unit_test(dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
