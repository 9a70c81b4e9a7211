/* CRS resolution against the EPSG registry as PROJ's proj.db states it (spatial.md §2.3). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "geo/area.h"
#include "geo/crs.h"

static void epsg_families(void **state)
{
    (void)state;
    struct geo_crs c;
    assert_int_equal(geo_crs_from_epsg(4528, &c, NULL), 0);
    assert_int_equal(c.kind, GEO_CRS_GK);
    assert_int_equal(c.zone_width, 3);
    assert_int_equal(c.zone, 40);
    assert_int_equal(c.prefixed, 1);
    assert_true(c.central_meridian == 120.0 && c.false_easting == 40500000.0);
    assert_int_equal(geo_crs_from_epsg(4549, &c, NULL), 0);
    assert_true(c.zone == 40 && !c.prefixed && c.false_easting == 500000.0);
    assert_int_equal(geo_crs_from_epsg(4499, &c, NULL), 0); /* 6° zone 21, CM 123 */
    assert_true(c.zone_width == 6 && c.zone == 21 && c.central_meridian == 123.0 && c.prefixed);
    assert_int_equal(geo_crs_from_epsg(4510, &c, NULL), 0);
    assert_true(c.zone_width == 6 && c.zone == 21 && !c.prefixed);
    assert_int_equal(geo_crs_from_epsg(4490, &c, NULL), 0);
    assert_int_equal(c.kind, GEO_CRS_GEOGRAPHIC);
    assert_int_equal(geo_crs_gk(3, 40, 1, &c, NULL), 0);
    assert_int_equal(c.epsg, 4528);
    struct ls_err err = { 0 };
    assert_int_equal(geo_crs_gk(3, 46, 1, &c, &err), -LS_EINVAL);
    assert_string_equal(err.field, "zone");
}

static void names_and_definitions(void **state)
{
    (void)state;
    struct geo_crs c;
    const struct {
        const char *text;
        int epsg;
    } cases[] = {
        { "EPSG:4528", 4528 },
        { "4528", 4528 },
        { "CGCS2000_3_Degree_GK_Zone_40", 4528 },
        { "CGCS2000_3_Degree_GK_CM_120E", 4549 },
        { "CGCS2000_GK_Zone_21", 4499 },
        { "CGCS2000_GK_CM_123E", 4510 },
        { "2000国家大地坐标系", 4490 },
        { "+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m "
          "+no_defs +type=crs",
          4528 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct ls_err err = { 0 };
        if (geo_crs_parse(cases[i].text, &c, &err) != 0)
            fail_msg("%s: %s", cases[i].text, err.msg);
        assert_int_equal(c.epsg, cases[i].epsg);
    }
}

static void zone_from_prefixed_easting(void **state)
{
    (void)state;
    int z = 0;
    struct ls_err err = { 0 };
    assert_int_equal(geo_crs_zone_from_easting(40523010.43, 3, &z, NULL), 0);
    assert_int_equal(z, 40);
    assert_int_equal(geo_crs_zone_from_easting(21523010.43, 6, &z, NULL), 0);
    assert_int_equal(z, 21);
    assert_int_equal(geo_crs_zone_from_easting(523010.43, 3, &z, &err), -LS_EINVAL);
    assert_int_equal(geo_crs_zone_from_easting(99523010.43, 3, &z, &err), -LS_EINVAL);
    assert_int_equal(geo_crs_zone_from_easting(40999999.0, 3, &z, &err), -LS_EINVAL);
    assert_int_equal(geo_crs_zone_of_longitude(121.0, 3), 40);
    assert_int_equal(geo_crs_zone_of_longitude(121.0, 6), 21);
}

static void legacy_datums_are_refused_by_name(void **state)
{
    (void)state;
    struct geo_crs c;
    const char *names[] = { "1980西安坐标系", "Xian 1980 / 3-degree Gauss-Kruger zone 40",
                            "1954北京坐标系", "EPSG:2383",
                            "EPSG:2415",      "EPSG:4214" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        struct ls_err err = { 0 };
        assert_int_equal(geo_crs_parse(names[i], &c, &err), -LS_EUNSUPP);
        assert_non_null(strstr(err.msg, "转换参数"));
        assert_true(strstr(err.msg, "Xi'an 1980") || strstr(err.msg, "Beijing 1954"));
    }
}

/* With seven parameters a Xi'an 1980 file transforms; all-zero parameters change only the
 * ellipsoid (IAG-75 vs GRS80), which moves a 1 ha square's area by far less than 0.1 %. */
static void legacy_with_parameters_transforms(void **state)
{
    (void)state;
    const double zero[7] = { 0 };
    struct geo_crs legacy, modern;
    assert_int_equal(geo_crs_legacy_gk(GEO_DATUM_XIAN80, 3, 40, 1, zero, &legacy, NULL), 0);
    assert_int_equal(legacy.kind, GEO_CRS_LEGACY);
    assert_int_equal(geo_crs_from_epsg(4528, &modern, NULL), 0);
    double sq[] = { 40598000, 3154000, 40598100, 3154000, 40598100, 3154100, 40598000, 3154100 };
    struct geo_mpoly m = { 0 };
    geo_mpoly_add_ring(&m, 0, sq, 4, NULL);
    struct geo_area_ctx *a, *b;
    assert_int_equal(geo_area_ctx_new(&legacy, &a, NULL), 0);
    assert_int_equal(geo_area_ctx_new(&modern, &b, NULL), 0);
    double p1, e1, p2, e2;
    assert_int_equal(geo_area_mpoly(a, &m, &p1, &e1, NULL), 0);
    assert_int_equal(geo_area_mpoly(b, &m, &p2, &e2, NULL), 0);
    assert_true(fabs(e1 - e2) / e2 < 1e-3 && e1 != e2);
    geo_area_ctx_free(a);
    geo_area_ctx_free(b);
    geo_mpoly_free(&m);
    struct ls_err err = { 0 };
    assert_int_equal(geo_crs_legacy_gk(GEO_DATUM_BJ54, 3, 40, 1, NULL, &legacy, &err), -LS_EUNSUPP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(epsg_families),
        cmocka_unit_test(names_and_definitions),
        cmocka_unit_test(zone_from_prefixed_easting),
        cmocka_unit_test(legacy_datums_are_refused_by_name),
        cmocka_unit_test(legacy_with_parameters_transforms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
