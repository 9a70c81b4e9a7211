/* base/hash — SHA-256 through OpenSSL's EVP interface. */
#include "base/hash.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

static void to_hex(const unsigned char *md, unsigned len, char hex[LS_SHA256_HEX])
{
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < len && i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
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
        return ls_err_set(err, LS_ENOENT, path, NULL, NULL, "cannot open: %s", strerror(errno));
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
