/* server/links — see links.h. */
#include "server/links.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int srv_link_key(unsigned char key[SRV_LINK_KEY])
{
    return RAND_bytes(key, SRV_LINK_KEY) == 1 ? 0 : -1;
}

static void mac_hex(const unsigned char key[SRV_LINK_KEY], const char *id, long long exp,
                    char hex[65])
{
    char msg[256];
    int n = snprintf(msg, sizeof msg, "liangshan-link/1\n%s\n%lld\n", id, exp);
    unsigned char md[32];
    unsigned int mdn = 0;
    if (n < 0 || (size_t)n >= sizeof msg ||
        !HMAC(EVP_sha256(), key, SRV_LINK_KEY, (const unsigned char *)msg, (size_t)n, md, &mdn) ||
        mdn != 32) {
        hex[0] = '\0';
        return;
    }
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

void srv_link_token(const unsigned char key[SRV_LINK_KEY], const char *id, time_t now,
                    char out[SRV_LINK_TOKEN])
{
    long long exp = (long long)now + SRV_LINK_SECONDS;
    char hex[65];
    mac_hex(key, id, exp, hex);
    snprintf(out, SRV_LINK_TOKEN, "%lld.%s", exp, hex);
}

int srv_link_ok(const unsigned char key[SRV_LINK_KEY], const char *id, const char *token,
                time_t now)
{
    if (!token)
        return 0;
    char *end = NULL;
    long long exp = strtoll(token, &end, 10);
    if (end == token || *end != '.' || exp < (long long)now ||
        exp > (long long)now + SRV_LINK_SECONDS)
        return 0;
    char hex[65];
    mac_hex(key, id, exp, hex);
    /* compared in constant time: the time taken says nothing about how much matched */
    return strlen(end + 1) == 64 && hex[0] && CRYPTO_memcmp(hex, end + 1, 64) == 0;
}
