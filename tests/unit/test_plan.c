/*
 * plan/: an allocation plan against a register of two units and a control-line check stood in
 * by hand (industry is prohibited on the forest, anything else needs approval) — the decisions
 * recorded as each unit's constraints, a prohibited use and an operating 划拨 refused naming
 * their rule with nothing written, versions in order, and the implementation tracked with no
 * contract yet: pending before the timing, overdue after it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "plan/internal.h"

static struct ls_store *st;
static struct reg *r;
static struct con *cn;
static struct pln *pl;
static char path[64];

#define FOREST "331099001001JL00011W00000000"
#define WATER  "331099001001JN00012W00000000"

static int fake_zoning(void *ctx, const char *unit, const char *use, char decision[16],
                       json_t **reasons, struct ls_err *err)
{
    (void)ctx;
    (void)err;
    int no = !strcmp(unit, FOREST) && !strcmp(use, "industrial");
    snprintf(decision, 16, "%s", no ? "prohibited" : "approval");
    *reasons = json_pack("[{s:s, s:s}]", "zone", "eco_redline", "zone_zh", "生态保护红线");
    return 0;
}

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/test_plan.%ld.gpkg", (long)getpid());
    unlink(path);
    struct ls_err err = { 0 };
    struct st_create cr = { .srid = 4528, .hash = "sha256", .county = "331099" };
    struct reg_submit_opts so = { "t", "2026-01-01T00:00:00Z" };
    if (st_open(path, &cr, &st, &err) || reg_open(st, &r, &err) || con_open(st, r, &cn, &err) ||
        pln_open(st, r, cn, &pl, &err) || st_begin_write(st, &err))
        return 1;
    static const char *const apps[] = {
        "{\"type\":\"party\",\"date\":\"2019-01-01\",\"party\":{\"id\":\"V01\",\"name\":\"v\","
        "\"kind\":\"collective\"}}",
        "{\"type\":\"first\",\"date\":\"2020-01-01\",\"unit\":{\"code\":\"" FOREST
        "\",\"name\":\"f\",\"class\":\"real_estate\",\"geometry\":\"POLYGON((40503000 3170000,"
        "40503400 3170000,40503400 3170400,40503000 3170400,40503000 3170000))\"},\"rights\":"
        "[{\"type\":\"ownership_collective\",\"holders\":[{\"party\":\"V01\"}]}]}",
        "{\"type\":\"first\",\"date\":\"2020-01-01\",\"unit\":{\"code\":\"" WATER
        "\",\"name\":\"w\",\"class\":\"real_estate\",\"geometry\":\"POLYGON((40503400 3170000,"
        "40503600 3170000,40503600 3170200,40503400 3170200,40503400 3170000))\"},\"rights\":"
        "[{\"type\":\"ownership_collective\",\"holders\":[{\"party\":\"V01\"}]}]}",
    };
    for (size_t i = 0; i < sizeof apps / sizeof apps[0]; i++) {
        json_t *a = json_loads(apps[i], 0, NULL);
        if (reg_submit(r, a, &so, "seed", NULL, &err))
            return 1;
        json_decref(a);
    }
    return st_commit(st, &err) ? 1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    pln_close(pl);
    con_close(cn);
    reg_close(r);
    st_close(st);
    unlink(path);
    return 0;
}

static json_t *plan(int version, const char *use0, const char *class0, const char *mode0)
{
    return json_pack("{s:s, s:i, s:s, s:s, s:[{s:s, s:s, s:[s, s]}], s:[{s:s, s:s, s:s, s:s, "
                     "s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s, s:s, s:s}]}",
                     "plan", "PZ-1", "version", version, "name", "p", "date", "2024-03-01",
                     "reserves", "id", "CB", "name", "c", "units", FOREST, WATER, "units", "id",
                     "U1", "unit", FOREST, "reserve", "CB", "class", class0, "use", use0, "mode",
                     mode0, "timing", "2024-09-30", "id", "U2", "unit", WATER, "reserve", "CB",
                     "class", "operating", "use", "ecotourism_facility", "mode", "lease", "timing",
                     "2025-09-30");
}

/* Records a plan in a transaction of its own: 0, or the refusal's rc with its message. */
static int record(json_t *p, struct ls_err *err, json_t **out)
{
    struct pln_submit_opts o = { "planner", "2026-01-02T00:00:00Z", fake_zoning, NULL };
    int rc = st_begin_write(st, err);
    if (!rc)
        rc = pln_submit(pl, p, &o, "plan.json", out, err);
    if (!rc)
        rc = st_commit(st, err);
    else
        st_rollback(st);
    json_decref(p);
    return rc;
}

static void refusals(void **state)
{
    (void)state;
    struct ls_err err = { 0 };
    assert_int_equal(record(plan(1, "industrial", "operating", "transfer"), &err, NULL),
                     -LS_EINVAL);
    assert_non_null(strstr(err.msg, "rule plan.zoning"));
    assert_non_null(strstr(err.msg, "生态保护红线"));
    assert_int_equal(
        record(plan(1, "ecological_restoration", "operating", "allocation"), &err, NULL),
        -LS_EINVAL);
    assert_non_null(strstr(err.msg, "rule plan.mode"));
    assert_int_equal(
        record(plan(2, "ecological_restoration", "public_interest", "allocation"), &err, NULL),
        -LS_EINVAL);
    assert_non_null(strstr(err.msg, "rule plan.version"));
    json_t *l = NULL;
    assert_int_equal(pln_list(pl, 0, &l, &err), 0);
    assert_int_equal(json_array_size(json_object_get(l, "plans")), 0);
    json_decref(l);
}

static void recorded_and_tracked(void **state)
{
    (void)state;
    struct ls_err err = { 0 };
    json_t *out = NULL;
    assert_int_equal(
        record(plan(1, "ecological_restoration", "public_interest", "allocation"), &err, &out), 0);
    json_t *u = json_array_get(json_object_get(out, "units"), 0);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(u, "constraints"), "decision")),
        "approval");
    json_decref(out);
    /* not approved: nothing to track, and the public reads nothing of it */
    assert_int_equal(pln_track(pl, "PZ-1", "2024-12-31", &out, &err), -LS_ENOENT);
    assert_int_equal(pln_get(pl, "PZ-1", 0, 1, &out, &err), -LS_ENOENT);
    assert_int_equal(pln_list(pl, 1, &out, &err), 0);
    assert_int_equal(json_array_size(json_object_get(out, "plans")), 0);
    json_decref(out);
    struct pln_submit_opts o = { "chief", "2026-01-03T00:00:00Z", NULL, NULL };
    assert_int_equal(st_begin_write(st, &err), 0);
    assert_int_equal(pln_approve(pl, "PZ-1", 1, "2024-03-10", &o, "approval", &err), 0);
    assert_int_equal(st_commit(st, &err), 0);
    /* U1 due 2024-09-30 and U2 due 2025-09-30, no contract signed: on 2024-12-31 one is
     * overdue, the other pending */
    assert_int_equal(pln_track(pl, "PZ-1", "2024-12-31", &out, &err), 0);
    const json_t *c = json_object_get(out, "counts");
    assert_int_equal(json_integer_value(json_object_get(c, "overdue")), 1);
    assert_int_equal(json_integer_value(json_object_get(c, "pending")), 1);
    assert_int_equal(json_array_size(json_object_get(out, "reserves")), 1);
    json_decref(out);
    assert_int_equal(pln_get(pl, "PZ-1", 0, 1, &out, &err), 0);
    assert_int_equal(json_integer_value(json_object_get(out, "version")), 1);
    json_decref(out);
    assert_int_equal(pln_list(pl, 1, &out, &err), 0);
    assert_int_equal(json_array_size(json_object_get(out, "plans")), 1);
    json_decref(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refusals),
        cmocka_unit_test(recorded_and_tracked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
