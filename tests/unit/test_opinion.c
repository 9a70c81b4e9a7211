/*
 * app/opinion: a review opinion is one ledger event, read back whole, found by the code
 * printed on it (the first 16 hex digits of the event's hash, as lg_head reports it), refused
 * without writing when its request is bad, and shown as altered when its stored fields no
 * longer hash to its hash. Its PDF is the same bytes for the same opinion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/opinion.h"
#include "ledger/ledger.h"

static const char *check_text =
    "{\"category\":\"residential\",\"category_zh\":\"住宅\",\"verdict\":\"prohibited\","
    "\"verdict_zh\":\"禁止\",\"rules\":\"cn-national-2024\",\"rules_version\":\"2024.1\","
    "\"ellipsoidal_area_m2\":10000.0,\"overlaps\":[{\"zone\":\"eco_redline\",\"zh\":\"生态保护红线"
    "\",\"layer\":\"eco_redline\",\"ellipsoidal_area_m2\":2500.0,\"ha\":0.25,\"mu\":3.75,"
    "\"counts\":true}],\"reasons\":[{\"zone\":\"eco_redline\",\"zone_zh\":\"生态保护红线\","
    "\"decision\":\"prohibited\",\"decision_zh\":\"禁止\",\"basis\":\"禁止开发性建设 [M]\"}],"
    "\"obligations\":[],\"land_classes\":[],\"regions\":[],"
    "\"footprint_geojson\":{\"type\":\"Polygon\",\"coordinates\":[[[121,28],[121.001,28],"
    "[121.001,28.001],[121,28.001],[121,28]]]},"
    "\"overlaps_geojson\":{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[121,28],[121.0005,28],[121.0005,"
    "28.0005],[121,28.0005],[121,28]]]},\"properties\":{\"zone\":\"eco_redline\",\"zh\":\"生态保护"
    "红线\",\"layer\":\"eco_redline\"}}]}}";

struct fixture {
    char path[512];
    struct ls_store *st;
    json_t *check;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    const char *tmp = getenv("LS_TEST_TMP");
    snprintf(f->path, sizeof f->path, "%s/opinion-%d.gpkg", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
    unlink(f->path);
    struct st_create cr = { .srid = 4528, .created = "2026-01-01T00:00:00Z" };
    struct ls_err err = { 0 };
    if (st_open(f->path, &cr, &f->st, &err))
        return -1;
    f->check = json_loads(check_text, 0, NULL);
    *state = f;
    return f->check ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    st_close(f->st);
    json_decref(f->check);
    unlink(f->path);
    free(f);
    return 0;
}

static long long head(struct ls_store *st)
{
    long long seq = -1;
    char hash[LG_HASH_HEX];
    struct ls_err err = { 0 };
    assert_int_equal(lg_head(st, &seq, hash, &err), 0);
    return seq;
}

static void saved_read_back_and_found_by_its_code(void **state)
{
    struct fixture *f = *state;
    struct app_opinion_request q = { "白沙镇安置房项目", "2026-JS-0042", "不予通过。", "reviewer",
                                     "2026-03-04T05:06:07Z" };
    long long seq = 0;
    char code[APP_OPINION_CODE];
    struct ls_err err = { 0 };
    assert_int_equal(app_opinion_save(f->st, &q, f->check, &seq, code, &err), 0);
    assert_int_equal(seq, 1);
    /* the code is the head hash's first 16 digits, as the ledger itself reports them */
    long long hs = 0;
    char hash[LG_HASH_HEX];
    assert_int_equal(lg_head(f->st, &hs, hash, &err), 0);
    char want[APP_OPINION_CODE];
    snprintf(want, sizeof want, "%.4s-%.4s-%.4s-%.4s", hash, hash + 4, hash + 8, hash + 12);
    assert_string_equal(code, want);

    json_t *o = NULL;
    assert_int_equal(app_opinion_get(f->st, seq, &o, &err), 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(o, "project"), "name")),
                        "白沙镇安置房项目");
    assert_string_equal(json_string_value(json_object_get(o, "date")), "2026-03-04");
    assert_string_equal(json_string_value(json_object_get(o, "reviewer")), "reviewer");
    assert_string_equal(json_string_value(json_object_get(o, "comment")), "不予通过。");
    assert_true(json_equal(json_object_get(o, "check"), f->check));

    /* typed as people type it: capitals, no dashes */
    char typed[32];
    size_t k = 0;
    for (const char *p = code; *p; p++)
        if (*p != '-')
            typed[k++] = (char)(*p >= 'a' ? *p - 32 : *p);
    typed[k] = '\0';
    json_t *v = NULL;
    assert_int_equal(app_opinion_verify(f->st, typed, &v, &err), 0);
    assert_int_equal(json_integer_value(json_object_get(v, "seq")), 1);
    assert_true(json_is_true(json_object_get(v, "hash_ok")));
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(v, "opinion"), "verdict")), "prohibited");
    json_decref(v);

    /* a PDF: the same opinion, the same bytes; another comment, other bytes */
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    assert_int_equal(app_opinion_pdf(o, "https://example.org", &a, &na, &err), 0);
    assert_int_equal(app_opinion_pdf(o, "https://example.org", &b, &nb, &err), 0);
    assert_true(na > 1000 && na == nb && !memcmp(a, b, na) && !memcmp(a, "%PDF-", 5));
    free(b);
    json_object_set_new(o, "comment", json_string("同意。"));
    assert_int_equal(app_opinion_pdf(o, "https://example.org", &b, &nb, &err), 0);
    assert_true(na != nb || memcmp(a, b, na) != 0);
    free(a);
    free(b);
    json_decref(o);

    /* the second is listed first */
    q.project_number = "2026-JS-0043";
    q.recorded = "2026-03-05T00:00:00Z";
    assert_int_equal(app_opinion_save(f->st, &q, f->check, &seq, code, &err), 0);
    json_t *l = NULL;
    assert_int_equal(app_opinion_list(f->st, &l, &err), 0);
    json_t *ops = json_object_get(l, "opinions");
    assert_int_equal(json_array_size(ops), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(ops, 0), "id")), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(ops, 1), "verdict_zh")),
                        "禁止");
    json_decref(l);
}

static void a_bad_request_writes_nothing(void **state)
{
    struct fixture *f = *state;
    long long before = head(f->st), seq = 0;
    char code[APP_OPINION_CODE], long_name[700] = "";
    for (int i = 0; i < 201; i++)
        strcat(long_name, "项");
    static const struct {
        struct app_opinion_request q;
        const char *field;
    } bad[] = {
        { { NULL, "N-1", NULL, "r", NULL }, "project_name" },
        { { "P", "", NULL, "r", NULL }, "project_number" },
        { { "P", "N-1\nN-2", NULL, "r", NULL }, "project_number" },
        { { "P\xff\xfe", "N-1", NULL, "r", NULL }, "project_name" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct ls_err err = { 0 };
        assert_int_equal(app_opinion_save(f->st, &bad[i].q, f->check, &seq, code, &err),
                         -LS_EINVAL);
        assert_string_equal(err.field, bad[i].field);
    }
    struct app_opinion_request q = { long_name, "N-1", NULL, "r", NULL };
    struct ls_err err = { 0 };
    assert_int_equal(app_opinion_save(f->st, &q, f->check, &seq, code, &err), -LS_EINVAL);
    assert_non_null(strstr(err.msg, "200 characters"));
    long_name[strlen(long_name) - 3] = '\0'; /* 200 characters (600 bytes) are fine */
    json_t *no_verdict = json_object();
    assert_int_equal(app_opinion_save(f->st, &q, no_verdict, &seq, code, &err), -LS_EINVAL);
    json_decref(no_verdict);
    assert_int_equal(head(f->st), before);
    assert_int_equal(app_opinion_save(f->st, &q, f->check, &seq, code, &err), 0);
    assert_int_equal(head(f->st), before + 1);
}

static void codes_and_ids_that_are_not_opinions(void **state)
{
    struct fixture *f = *state;
    struct ls_err err = { 0 };
    json_t *o = NULL;
    assert_int_equal(app_opinion_verify(f->st, "12ab", &o, &err), -LS_EINVAL);
    assert_int_equal(app_opinion_verify(f->st, "zzzz-zzzz-zzzz-zzzz", &o, &err), -LS_EINVAL);
    assert_int_equal(app_opinion_verify(f->st, "0000-0000-0000-0000", &o, &err), -LS_ENOENT);
    assert_int_equal(app_opinion_get(f->st, 99, &o, &err), -LS_ENOENT);
    /* another module's event is no opinion */
    struct lg_event ev;
    memset(&ev, 0, sizeof ev);
    strcpy(ev.type, "gep.run");
    strcpy(ev.subject, "gep:x");
    strcpy(ev.effective, "2026-01-01");
    ev.payload = "{}";
    assert_int_equal(st_begin_write(f->st, &err), 0);
    assert_int_equal(lg_append(f->st, &ev, &err), 0);
    assert_int_equal(st_commit(f->st, &err), 0);
    assert_int_equal(app_opinion_get(f->st, ev.seq, &o, &err), -LS_ENOENT);
    assert_null(o);
}

static void an_altered_record_is_shown_altered(void **state)
{
    struct fixture *f = *state;
    struct app_opinion_request q = { "P", "N-9", NULL, "r", "2026-03-06T00:00:00Z" };
    long long seq = 0;
    char code[APP_OPINION_CODE];
    struct ls_err err = { 0 };
    assert_int_equal(app_opinion_save(f->st, &q, f->check, &seq, code, &err), 0);
    /* the store refuses an update of the journal ... */
    assert_int_not_equal(st_exec(f->st, "UPDATE ledger_event SET actor = 'x'", &err), 0);
    /* ... so someone with the database drops the guard and edits the verdict behind the
     * ledger's back */
    assert_int_equal(st_exec(f->st, "DROP TRIGGER ledger_event_no_update", &err), 0);
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE ledger_event SET payload = replace(payload, 'prohibited', 'allowed') "
             "WHERE seq = %lld",
             seq);
    assert_int_equal(st_exec(f->st, sql, &err), 0);
    json_t *v = NULL;
    assert_int_equal(app_opinion_verify(f->st, code, &v, &err), 0);
    assert_true(json_is_false(json_object_get(v, "hash_ok")));
    json_decref(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(saved_read_back_and_found_by_its_code, setup, teardown),
        cmocka_unit_test_setup_teardown(a_bad_request_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(codes_and_ids_that_are_not_opinions, setup, teardown),
        cmocka_unit_test_setup_teardown(an_altered_record_is_shown_altered, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
