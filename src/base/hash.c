/* base/hash — SHA-256 through OpenSSL's EVP interface. */
#include "base/hash.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ls_hex(const void *data, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
    out[2 * n] = '\0';
}

char *ls_hex_dup(const void *data, size_t n)
{
    char *out = malloc(2 * n + 1);
    if (out)
        ls_hex(data, n, out);
    return out;
}

static int nibble(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

unsigned char *ls_unhex_dup(const char *hex, size_t *n)
{
    size_t len = hex ? strlen(hex) / 2 : 0;
    unsigned char *out = malloc(len ? len : 1);
    for (size_t i = 0; out && i < len; i++) {
        int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(out);
            return NULL;
        }
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    *n = out ? len : 0;
    return out;
}

static void to_hex(const unsigned char *md, unsigned len, char hex[LS_SHA256_HEX])
{
    ls_hex(md, len < 32 ? len : 32, hex);
}

void ls_sha256_hex(const void *data, size_t n, char hex[LS_SHA256_HEX])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_Digest(data, n, md, &len, EVP_sha256(), NULL);
    to_hex(md, len, hex);
}

int ls_sha256_file(const char *path, char hex[LS_SHA256_HEX], struct ls_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ls_err_set(err, LS_ENOENT, path, NULL, NULL, "cannot open: %s", ls_strerror(errno));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        fclose(f);
        EVP_MD_CTX_free(ctx);
        return ls_err_set(err, LS_EINTERNAL, path, NULL, NULL, "cannot start SHA-256");
    }
    unsigned char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        EVP_DigestUpdate(ctx, buf, n);
    int bad = ferror(f);
    fclose(f);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    if (bad)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "read error");
    to_hex(md, len, hex);
    return 0;
}
