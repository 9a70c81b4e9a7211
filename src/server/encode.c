/*
 * server/encode — entity tags and gzip, on plain values.
 */
#include "server/encode.h"

#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Level 4: GeoJSON compresses to about a quarter at well over 50 MB/s; level 9 saves a few
 * percent more at several times the CPU a request may take. */
#define GZIP_LEVEL 4

int enc_accepts_gzip(const char *ae)
{
    const char *g = ae ? strstr(ae, "gzip") : NULL;
    if (!g)
        return 0;
    const char *q = strstr(g, ";q=");
    const char *comma = strchr(g, ',');
    return !(q && (!comma || q < comma) && strtod(q + 3, NULL) <= 0);
}

int enc_etag_matches(const char *inm, const char *etag)
{
    if (!inm || !etag || !etag[0])
        return 0;
    if (!strcmp(inm, "*"))
        return 1;
    /* a weak comparison (RFC 9110 §8.8.3.2): W/"x" matches "x" */
    const char *bare = !strncmp(etag, "W/", 2) ? etag + 2 : etag;
    for (const char *p = strstr(inm, bare); p; p = strstr(p + 1, bare)) {
        char after = p[strlen(bare)];
        if (after == '\0' || after == ',' || after == ' ')
            return 1;
    }
    return 0;
}

void enc_body_etag(const void *body, size_t n, char out[ENC_ETAG])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    out[0] = '\0';
    if (!EVP_Digest(body, n, md, &len, EVP_sha256(), NULL) || len < 16)
        return;
    out[0] = '"';
    for (unsigned int i = 0; i < 16; i++)
        snprintf(out + 1 + 2 * i, 3, "%02x", md[i]);
    out[33] = '"';
    out[34] = '\0';
}

int enc_gzip(const void *body, size_t n, char **out, size_t *out_n)
{
    if (n >= UINT32_MAX)
        return -1;
    z_stream z;
    memset(&z, 0, sizeof z);
    /* windowBits 15 + 16: a gzip wrapper, not zlib's */
    if (deflateInit2(&z, GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    uLong cap = deflateBound(&z, (uLong)n);
    unsigned char *buf = malloc(cap);
    if (!buf) {
        deflateEnd(&z);
        return -1;
    }
    z.next_in = (Bytef *)(uintptr_t)body;
    z.avail_in = (uInt)n;
    z.next_out = buf;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    size_t got = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END || got >= n) {
        free(buf);
        return -1;
    }
    *out = (char *)buf;
    *out_n = got;
    return 0;
}
