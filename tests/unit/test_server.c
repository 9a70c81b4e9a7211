/*
 * Unit tests of the server's own pieces: route matching, the fixed-point GeoJSON coordinate
 * writer, the role table, and scrypt password hashes (RFC 7914's published test vector
 * through the same OpenSSL call, then a round trip of our stored format).
 */
#include <openssl/evp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/auth.h"
#include "base/hash.h"
#include "geo/geojson.h"
#include "server/http.h"

static void test_route_match(void **state)
{
    (void)state;
    struct http_req r = { 0 };
    assert_true(http_route_match("/api/v1/registry/units/{code}/history",
                                 "/api/v1/registry/units/331099001201JD00003W00000000/history",
                                 &r));
    assert_int_equal(r.n_params, 1);
    assert_string_equal(r.params[0], "331099001201JD00003W00000000");
    http_req_clear_params(&r);
    assert_true(http_route_match("/api/v1/gep/accounts/{id}/files/{name}",
                                 "/api/v1/gep/accounts/gep-2023/files/account.xlsx", &r));
    assert_string_equal(r.params[0], "gep-2023");
    assert_string_equal(r.params[1], "account.xlsx");
    http_req_clear_params(&r);
    /* a parameter is one whole, non-empty segment */
    assert_false(http_route_match("/api/v1/registry/units/{code}", "/api/v1/registry/units/", &r));
    assert_false(
        http_route_match("/api/v1/registry/units/{code}", "/api/v1/registry/units/a/b", &r));
    assert_false(http_route_match("/api/v1/health", "/api/v1/healthz", &r));
    assert_int_equal(r.n_params, 0);
}

static void coord(double v, const char *want)
{
    struct ls_strbuf b = { 0 };
    geo_geojson_coord(&b, v);
    assert_string_equal(b.s, want);
    free(b.s);
}

static void test_coordinates(void **state)
{
    (void)state;
    coord(121.33423644, "121.3342364");
    coord(121.33423645001, "121.3342365"); /* rounds half away from zero */
    coord(28.9, "28.9000000");
    coord(-1.5, "-1.5000000");
    coord(-0.00000004, "0.0000000"); /* no "-0" */
    coord(0, "0.0000000");
    coord(40628630.25, "40628630.2500000");
}

static void test_roles(void **state)
{
    (void)state;
    assert_true(app_auth_allows("public", "public"));
    assert_false(app_auth_allows("public", "read"));
    assert_true(app_auth_allows("administrator", "users.manage"));
    assert_true(app_auth_allows("registrar", "registry.write"));
    assert_false(app_auth_allows("registrar", "gep.run"));
    assert_true(app_auth_allows("accountant", "gep.run"));
    assert_false(app_auth_allows("accountant", "registry.write"));
    assert_true(app_auth_allows("reviewer", "check"));
    assert_false(app_auth_allows("reviewer", "registry.write"));
    assert_true(app_auth_allows("trader", "read"));
    assert_false(app_auth_allows("trader", "check"));
    /* the trading centre runs the venue; a trader trades, and runs no venue */
    assert_true(app_auth_allows("centre", "market.operate"));
    assert_false(app_auth_allows("centre", "market.trade"));
    assert_true(app_auth_allows("trader", "market.trade"));
    assert_false(app_auth_allows("trader", "market.operate"));
    /* the auditor reads everything and writes nothing */
    static const char *const writes[] = { "registry.write", "gep.run",      "users.manage",
                                          "check",          "market.trade", "market.operate" };
    for (int i = 0; i < 6; i++)
        assert_false(app_auth_allows("auditor", writes[i]));
    assert_true(app_auth_allows("auditor", "ledger.verify"));
    assert_true(app_auth_allows("auditor", "users.read"));
    assert_false(app_auth_role_valid("king"));
}

static void test_scrypt(void **state)
{
    (void)state;
    /* RFC 7914 §12: scrypt("password", "NaCl", N=1024, r=8, p=16, 64) */
    unsigned char key[64];
    assert_int_equal(EVP_PBE_scrypt("password", 8, (const unsigned char *)"NaCl", 4, 1024, 8, 16, 0,
                                    key, sizeof key),
                     1);
    char hex[129];
    ls_hex(key, sizeof key, hex);
    assert_string_equal(hex, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                             "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
    char stored[256];
    assert_int_equal(app_auth_hash_password("correct horse", stored, sizeof stored, NULL), 0);
    assert_memory_equal(stored, "scrypt$32768$8$1$", 17);
    assert_int_equal(app_auth_check_password("correct horse", stored), 1);
    assert_int_equal(app_auth_check_password("correct hors", stored), 0);
    char other[256];
    assert_int_equal(app_auth_hash_password("correct horse", other, sizeof other, NULL), 0);
    assert_string_not_equal(stored, other); /* a fresh salt each time */
    assert_int_equal(app_auth_check_password("x", "scrypt$1$"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_match),
        cmocka_unit_test(test_coordinates),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_scrypt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
