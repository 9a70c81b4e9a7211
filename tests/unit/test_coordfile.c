/* Boundary-point coordinate files (spatial.md §5.4): parsing, encodings, errors, round trip. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/text.h"
#include "geo/coordfile.h"

#define HEADER                                                                                                         \
    "[属性描述]\n格式版本号=1.00版本\n数据产生单位=测试单位\n数据产生日期=2025-01-01\n"     \
    "坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n计量单位=米\n带号=40\n" \
    "精度=0.001\n转换参数=,,,,,,\n[地块坐标]\n"

/* DK01: 100 m square with a 20 m square hole; DK02: two 50 m squares (an island part) */
static const char *good = HEADER "10,0.9600,DK01,地块一,面,H51G001001,工业用地,0601,@\n"
                                 "J1,1,3154000.000,40598000.000\nJ2,1,3154000.000,40598100.000\n"
                                 "J3,1,3154100.000,40598100.000\nJ4,1,3154100.000,40598000.000\n"
                                 "J1,1,3154000.000,40598000.000\n"
                                 "J5,2,3154040.000,40598040.000\nJ6,2,3154060.000,40598040.000\n"
                                 "J7,2,3154060.000,40598060.000\nJ8,2,3154040.000,40598060.000\n"
                                 "J5,2,3154040.000,40598040.000\n"
                                 "10,0.5000,DK02,地块二,面,,农村道路,1006,@\n"
                                 "J1,1,3155000.000,40598000.000\nJ2,1,3155000.000,40598050.000\n"
                                 "J3,1,3155050.000,40598050.000\nJ4,1,3155050.000,40598000.000\n"
                                 "J1,1,3155000.000,40598000.000\n"
                                 "J5,2,3155100.000,40598000.000\nJ6,2,3155100.000,40598050.000\n"
                                 "J7,2,3155150.000,40598050.000\nJ8,2,3155150.000,40598000.000\n"
                                 "J5,2,3155100.000,40598000.000\n";

static struct geo_coordfile *parse_ok(const char *text)
{
    struct geo_coordfile *cf = NULL;
    struct ls_err err = { 0 };
    if (geo_coordfile_parse("t.txt", text, strlen(text), NULL, &cf, &err))
        fail_msg("parse failed: %s %s %s", err.where, err.field, err.msg);
    return cf;
}

static void reads_parcels_holes_and_islands(void **state)
{
    (void)state;
    struct geo_coordfile *cf = parse_ok(good);
    assert_int_equal(cf->nparcels, 2);
    assert_int_equal(cf->crs.epsg, 4528);
    assert_string_equal(cf->encoding, "UTF-8");
    const struct geo_parcel *a = &cf->parcels[0], *b = &cf->parcels[1];
    assert_string_equal(a->number, "DK01");
    assert_string_equal(a->name, "地块一");
    assert_string_equal(a->landclass, "0601");
    assert_true(a->declared_area_ha == 0.96 && a->area_decimals == 4);
    assert_int_equal(a->geom.npolys, 1); /* ring 2 lies inside ring 1: a hole */
    assert_int_equal(a->geom.polys[0].nrings, 2);
    assert_true(fabs(geo_mpoly_area_planar(&a->geom) - (10000.0 - 400.0)) < 1e-6);
    assert_int_equal(b->geom.npolys, 2); /* ring 2 outside ring 1: a second part */
    assert_true(fabs(geo_mpoly_area_planar(&b->geom) - 5000.0) < 1e-6);
    /* x is easting, y northing, whatever the file's X/Y */
    assert_true(a->geom.polys[0].rings[0].xy[0] == 40598000.0);
    assert_true(a->geom.polys[0].rings[0].xy[1] == 3154000.0);
    geo_coordfile_free(cf);
}

static void reads_gbk(void **state)
{
    (void)state;
    char *gbk = NULL;
    assert_int_equal(ls_text_from_utf8("GBK", good, strlen(good), &gbk, NULL), 0);
    assert_false(ls_text_is_utf8(gbk, strlen(gbk)));
    struct geo_coordfile *cf = parse_ok(gbk);
    assert_string_equal(cf->encoding, "GB18030");
    assert_string_equal(cf->parcels[0].name, "地块一");
    assert_string_equal(cf->producer, "测试单位");
    geo_coordfile_free(cf);
    free(gbk);
}

static void expect_error(const char *text, int code, const char *where, const char *field)
{
    struct geo_coordfile *cf = NULL;
    struct ls_err err = { 0 };
    int rc = geo_coordfile_parse("bad.txt", text, strlen(text), NULL, &cf, &err);
    assert_null(cf);
    if (rc != -code || (where && strcmp(err.where, where)) || (field && strcmp(err.field, field)))
        fail_msg("rc %d where '%s' field '%s' msg '%s'", rc, err.where, err.field, err.msg);
    assert_string_equal(err.input, "bad.txt");
}

static void bad_input_is_named(void **state)
{
    (void)state;
    /* ring that does not close (its first point is on line 14) */
    expect_error(HEADER "5,1,DK01,a,面,,,,@\nJ1,1,3154000,40598000\nJ2,1,3154000,40598100\n"
                        "J3,1,3154100,40598100\nJ4,1,3154100,40598000\nJ5,1,3154100,40598001\n",
                 LS_EINVAL, "line 14", "圈号");
    /* point count disagrees with the points given */
    expect_error(HEADER "6,1,DK01,a,面,,,,@\nJ1,1,3154000,40598000\nJ2,1,3154000,40598100\n"
                        "J3,1,3154100,40598100\nJ1,1,3154000,40598000\n",
                 LS_EINVAL, "line 13", "点数");
    /* fewer than three distinct points */
    expect_error(HEADER "4,1,DK01,a,面,,,,@\nJ1,1,3154000,40598000\nJ2,1,3154000,40598100\n"
                        "J2,1,3154000,40598100\nJ1,1,3154000,40598000\n",
                 LS_EINVAL, "line 14", "圈号");
    /* a coordinate that is not a number */
    expect_error(HEADER "4,1,DK01,a,面,,,,@\nJ1,1,3154000,40598000\nJ2,1,315x000,40598100\n",
                 LS_EINVAL, "line 15", "X");
    /* coordinates out of any Gauss–Krüger range: 1e308 passed as a number and made every
     * area meaningless */
    expect_error(HEADER "4,1,DK01,a,面,,,,@\nJ1,1,3154000,40598000\nJ2,1,1e308,40598100\n",
                 LS_EINVAL, "line 15", "X");
    expect_error(HEADER "4,1,DK01,a,面,,,,@\nJ1,1,3154000,40598000\nJ2,1,3154000,-5\n", LS_EINVAL,
                 "line 15", "Y");
    expect_error(HEADER "4,1,DK01,a,面,,,,@\nJ1,1,3154000,1e308\n", LS_EINVAL, "line 14", "Y");
    /* unknown zone: no prefix on Y and 带号 empty */
    char *nozone = strdup(good);
    char *p = strstr(nozone, "带号=40");
    memcpy(p, "带号=  ", strlen("带号=40"));
    for (char *q = strstr(nozone, ",40598"); q; q = strstr(q, ",40598"))
        memcpy(q, ",  598", 6);
    expect_error(nozone, LS_EINVAL, "[属性描述]", "带号");
    free(nozone);
    /* bytes that are neither UTF-8 nor GB18030 */
    expect_error("[属性描述]\n\xff\xff\xff=1\n", LS_EINVAL, NULL, "encoding");
    /* legacy datum without parameters */
    char *xian = strdup(good);
    p = strstr(xian, "2000国家大地坐标系");
    const char *rep = "1980西安坐标系";
    memcpy(p, rep, strlen(rep));
    memmove(p + strlen(rep), p + strlen("2000国家大地坐标系"),
            strlen(p + strlen("2000国家大地坐标系")) + 1);
    expect_error(xian, LS_EUNSUPP, "[属性描述]", "坐标系");
    /* ... accepted with the seven parameters in 转换参数 */
    p = strstr(xian, "转换参数=,,,,,,");
    char *with = malloc(strlen(xian) + 64);
    snprintf(with, strlen(xian) + 64, "%.*s转换参数=-12.5,80.1,34.2,0,0,0,0%s", (int)(p - xian),
             xian, p + strlen("转换参数=,,,,,,"));
    struct geo_coordfile *cf = parse_ok(with);
    assert_int_equal(cf->crs.kind, GEO_CRS_LEGACY);
    geo_coordfile_free(cf);
    free(with);
    free(xian);
}

static void zone_prefix_disagreeing_with_header_is_flagged(void **state)
{
    (void)state;
    char *t = strdup(good);
    memcpy(strstr(t, "带号=40"), "带号=39", strlen("带号=39"));
    struct geo_coordfile *cf = parse_ok(t);
    assert_int_equal(cf->crs.zone, 40);
    assert_int_equal(cf->nwarnings, 1);
    assert_non_null(strstr(cf->warnings[0], "zone 40"));
    geo_coordfile_free(cf);
    free(t);
}

static void write_then_read_round_trips(void **state)
{
    (void)state;
    struct geo_coordfile *cf = parse_ok(good);
    char path[512];
    const char *tmp = getenv("LS_TEST_TMP");
    snprintf(path, sizeof path, "%s/rt.txt", tmp ? tmp : "/tmp");
    assert_int_equal(geo_coordfile_write(path, cf, "GB18030", NULL), 0);
    struct geo_coordfile *back = NULL;
    struct ls_err err = { 0 };
    if (geo_coordfile_read(path, NULL, &back, &err))
        fail_msg("%s %s %s", err.where, err.field, err.msg);
    assert_string_equal(back->encoding, "GB18030");
    assert_int_equal(back->nparcels, cf->nparcels);
    for (size_t i = 0; i < cf->nparcels; i++) {
        assert_string_equal(back->parcels[i].number, cf->parcels[i].number);
        assert_string_equal(back->parcels[i].name, cf->parcels[i].name);
        assert_true(fabs(geo_mpoly_area_planar(&back->parcels[i].geom) -
                         geo_mpoly_area_planar(&cf->parcels[i].geom)) < 1e-6);
    }
    geo_coordfile_free(back);
    geo_coordfile_free(cf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_parcels_holes_and_islands),
        cmocka_unit_test(reads_gbk),
        cmocka_unit_test(bad_input_is_named),
        cmocka_unit_test(zone_prefix_disagreeing_with_header_is_flagged),
        cmocka_unit_test(write_then_read_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
