/* VCT (GB/T 17798) reading and writing: arc-node polygons, holes, GBK attributes, errors. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "geo/vct.h"

struct got {
    int n;
    int64_t bsm[8];
    double area[8];
    size_t rings[8];
    char name[8][64];
};

static int collect(void *ctx, int64_t bsm, const struct geo_mpoly *geom, const char *const *values,
                   struct ls_err *err)
{
    (void)err;
    struct got *g = ctx;
    if (g->n == 8)
        return 0;
    g->bsm[g->n] = bsm;
    g->area[g->n] = geo_mpoly_area_planar(geom);
    g->rings[g->n] = geom->npolys ? geom->polys[0].nrings : 0;
    snprintf(g->name[g->n], sizeof g->name[0], "%s", values[2] ? values[2] : "");
    g->n++;
    return 0;
}

static struct geo_vct *read_corpus(const char *file, struct ls_err *err)
{
    char path[512];
    snprintf(path, sizeof path, "tests/fuzz/corpus/vct/%s", file);
    struct geo_vct *v = NULL;
    geo_vct_read(path, &v, err);
    return v;
}

static void reads_arc_node_polygons(void **state)
{
    (void)state;
    const char *files[] = { "two_polygons_hole.vct", "two_polygons_hole_gbk.vct" };
    for (int f = 0; f < 2; f++) {
        struct ls_err err = { 0 };
        struct geo_vct *v = read_corpus(files[f], &err);
        if (!v)
            fail_msg("%s: %s %s", err.where, err.field, err.msg);
        assert_string_equal(geo_vct_encoding(v), f ? "GB18030" : "UTF-8");
        struct geo_crs crs;
        assert_int_equal(geo_vct_crs(v, &crs, NULL), 0);
        assert_int_equal(crs.epsg, 4528);
        const struct geo_vct_layer *l = geo_vct_find_layer(v, "DLTB");
        assert_non_null(l);
        assert_int_equal(l->nfields, 3);
        struct got g = { 0 };
        assert_int_equal(geo_vct_polygons(v, l, collect, &g, NULL), 0);
        assert_int_equal(g.n, 2);
        /* polygon 10: the square from lines 1 and 2 with the hole of line 3 */
        assert_int_equal(g.bsm[0], 10);
        assert_int_equal(g.rings[0], 2);
        assert_true(fabs(g.area[0] - (10000.0 - 400.0)) < 1e-9);
        assert_string_equal(g.name[0], "水田");
        /* polygon 11: line 3 reversed */
        assert_true(fabs(g.area[1] - 400.0) < 1e-9);
        assert_string_equal(g.name[1], "坑塘水面");
        geo_vct_free(v);
    }
}

static void broken_files_are_named(void **state)
{
    (void)state;
    struct {
        const char *file, *field, *where_part;
    } cases[] = {
        { "missing_line.vct", "对象个数", "polygon 11" },
        { "open_ring.vct", "对象个数", "polygon 10" },
        { "huge_count.vct", "对象个数", "line" },
        { "truncated.vct", NULL, "line" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct ls_err err = { 0 };
        struct geo_vct *v = read_corpus(cases[i].file, &err);
        int rc = err.code ? -err.code : 0;
        if (v) {
            const struct geo_vct_layer *l = geo_vct_find_layer(v, "DLTB");
            struct got g = { 0 };
            rc = l ? geo_vct_polygons(v, l, collect, &g, &err) : -LS_EINVAL;
            geo_vct_free(v);
        }
        if (rc != -LS_EINVAL || !strstr(err.where, cases[i].where_part) ||
            (cases[i].field && strcmp(err.field, cases[i].field)))
            fail_msg("%s: rc %d where '%s' field '%s' msg '%s'", cases[i].file, rc, err.where,
                     err.field, err.msg);
    }
}

static void write_then_read(void **state)
{
    (void)state;
    struct geo_crs crs;
    geo_crs_from_epsg(4528, &crs, NULL);
    struct geo_vct_writer *w = NULL;
    assert_int_equal(geo_vct_writer_new(&crs, &w, NULL), 0);
    struct geo_vct_field fields[3] = { { "BSM", "Int", 10, 0 },
                                       { "DLBM", "Char", 5, 0 },
                                       { "DLMC", "Char", 60, 0 } };
    assert_int_equal(geo_vct_writer_layer(w, "2001010100", "地类图斑", "DLTB", fields, 3, NULL), 0);
    double outer[] = { 40598000, 3154000, 40598100, 3154000, 40598100, 3154100, 40598000, 3154100 };
    double hole[] = { 40598040, 3154040, 40598040, 3154060, 40598060, 3154060, 40598060, 3154040 };
    double far[] = { 40599000, 3154000, 40599050, 3154000, 40599050, 3154050, 40599000, 3154050 };
    struct geo_mpoly m = { 0 };
    geo_mpoly_add_ring(&m, 0, outer, 4, NULL);
    geo_mpoly_add_ring(&m, 0, hole, 4, NULL);
    geo_mpoly_add_ring(&m, 1, far, 4, NULL);
    const char *vals[] = { "7", "0101", "水田,一等" };
    assert_int_equal(geo_vct_writer_polygon(w, &m, vals, NULL), 0);
    geo_mpoly_free(&m);
    char path[512];
    const char *tmp = getenv("LS_TEST_TMP");
    snprintf(path, sizeof path, "%s/w.vct", tmp ? tmp : "/tmp");
    assert_int_equal(geo_vct_writer_close(w, path, NULL), 0);
    struct geo_vct *v = NULL;
    struct ls_err err = { 0 };
    if (geo_vct_read(path, &v, &err))
        fail_msg("%s %s %s", err.where, err.field, err.msg);
    assert_string_equal(geo_vct_encoding(v), "GB18030");
    struct got g = { 0 };
    assert_int_equal(geo_vct_polygons(v, geo_vct_find_layer(v, "DLTB"), collect, &g, NULL), 0);
    assert_int_equal(g.n, 1);
    assert_true(fabs(g.area[0] - (10000.0 - 400.0 + 2500.0)) < 1e-9);
    assert_string_equal(g.name[0], "水田，一等"); /* the separator cannot appear in a value */
    geo_vct_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_arc_node_polygons),
        cmocka_unit_test(broken_files_are_named),
        cmocka_unit_test(write_then_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
