/*
 * server/links: a link opens its own resource until it expires, and nothing else; the MAC is
 * HMAC-SHA256 over the documented message, checked against OpenSSL's HMAC computed here
 * independently of the module.
 */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "server/links.h"

static void opens_its_resource_until_expiry(void **state)
{
    (void)state;
    unsigned char key[SRV_LINK_KEY], other[SRV_LINK_KEY];
    assert_int_equal(srv_link_key(key), 0);
    assert_int_equal(srv_link_key(other), 0);
    time_t now = 1796540000;
    char tok[SRV_LINK_TOKEN];
    srv_link_token(key, "run-1", now, tok);
    assert_true(srv_link_ok(key, "run-1", tok, now));
    assert_true(srv_link_ok(key, "run-1", tok, now + SRV_LINK_SECONDS));
    assert_false(srv_link_ok(key, "run-1", tok, now + SRV_LINK_SECONDS + 1)); /* expired */
    assert_false(srv_link_ok(key, "run-2", tok, now));                        /* another run */
    assert_false(srv_link_ok(other, "run-1", tok, now));                      /* another server */
    assert_false(srv_link_ok(key, "run-1", NULL, now));
    assert_false(srv_link_ok(key, "run-1", "", now));
    assert_false(srv_link_ok(key, "run-1", "1796540600", now));
    /* a token minted with a far expiry is refused even with a valid MAC: no link lives long */
    char far[SRV_LINK_TOKEN];
    srv_link_token(key, "run-1", now + 3600, far);
    assert_false(srv_link_ok(key, "run-1", far, now));
}

static void mac_is_hmac_sha256_of_the_message(void **state)
{
    (void)state;
    unsigned char key[SRV_LINK_KEY];
    for (int i = 0; i < SRV_LINK_KEY; i++)
        key[i] = (unsigned char)i;
    char tok[SRV_LINK_TOKEN];
    srv_link_token(key, "run-7", 1000, tok);
    const char msg[] = "liangshan-link/1\nrun-7\n1600\n";
    unsigned char md[32];
    unsigned int n = 0;
    HMAC(EVP_sha256(), key, SRV_LINK_KEY, (const unsigned char *)msg, strlen(msg), md, &n);
    char want[SRV_LINK_TOKEN] = "1600.";
    for (int i = 0; i < 32; i++)
        snprintf(want + 5 + 2 * i, 3, "%02x", md[i]);
    assert_string_equal(tok, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(opens_its_resource_until_expiry),
                                        cmocka_unit_test(mac_is_hmac_sha256_of_the_message) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
