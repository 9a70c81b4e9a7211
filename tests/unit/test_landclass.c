/*
 * zoning/landclass: codes read with their scheme, against the names in spatial.md §2.4
 * (TD/T 1055-2019 Appendix A and the 2023 land and sea use classification); every entry of
 * the data files is loaded and every second-level code has its first-level class.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "zoning/landclass.h"

static void a_code_means_what_its_scheme_says(void **state)
{
    (void)state;
    /* spatial.md §2.4: "0303 is mangrove in 三调 and shrub forest in 2023" */
    const struct zn_landclass *s = zn_landclass_find(ZN_SCHEME_SURVEY, "0303");
    const struct zn_landclass *p = zn_landclass_find(ZN_SCHEME_PLANNING, "0303");
    assert_non_null(s);
    assert_non_null(p);
    assert_string_equal(s->zh, "红树林地");
    assert_string_equal(p->zh, "灌木林地");
    assert_string_equal(s->parent_zh, "林地");
    /* 1203 田坎 in the survey, 机场用地 in the 2023 classification */
    assert_string_equal(zn_landclass_find(ZN_SCHEME_SURVEY, "1203")->zh, "田坎");
    assert_string_equal(zn_landclass_find(ZN_SCHEME_PLANNING, "1203")->zh, "机场用地");
    assert_string_equal(zn_landclass_find(ZN_SCHEME_PLANNING, "2302")->zh, "后备耕地");
    assert_string_equal(zn_landclass_find(ZN_SCHEME_SURVEY, "1104A")->zh, "养殖坑塘");
    assert_string_equal(zn_landclass_find(ZN_SCHEME_SURVEY, "0101")->en, "Paddy field");
    /* a first-level class has no parent */
    assert_null(zn_landclass_find(ZN_SCHEME_SURVEY, "01")->parent_zh);
}

static void an_unlisted_code_has_no_name(void **state)
{
    (void)state;
    assert_null(zn_landclass_find(ZN_SCHEME_SURVEY, "0108"));
    assert_null(zn_landclass_find(ZN_SCHEME_SURVEY, ""));
    assert_null(zn_landclass_find(ZN_SCHEME_SURVEY, NULL));
    assert_null(zn_landclass_find(ZN_SCHEME_PLANNING, "1110")); /* survey only */
    assert_null(zn_landclass_find((enum zn_scheme)7, "0101"));
}

static void every_entry_loads_with_its_class(void **state)
{
    (void)state;
    const size_t want[2] = { 79, 146 }; /* rows of the two files */
    for (int s = ZN_SCHEME_SURVEY; s <= ZN_SCHEME_PLANNING; s++) {
        json_t *t = zn_landclass_table_json((enum zn_scheme)s);
        json_t *classes = json_object_get(t, "classes");
        assert_int_equal(json_array_size(classes), want[s]);
        size_t i;
        json_t *c;
        json_array_foreach(classes, i, c)
        {
            const char *code = json_string_value(json_object_get(c, "code"));
            const struct zn_landclass *lc = zn_landclass_find((enum zn_scheme)s, code);
            assert_non_null(lc);
            assert_string_equal(lc->zh, json_string_value(json_object_get(c, "zh")));
            if (strlen(code) > 2)
                assert_non_null(lc->parent_zh);
        }
        json_decref(t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(a_code_means_what_its_scheme_says),
                                        cmocka_unit_test(an_unlisted_code_has_no_name),
                                        cmocka_unit_test(every_entry_loads_with_its_class) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
