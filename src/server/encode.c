/*
 * server/encode — conditional GETs and gzip for the responses the layer sends.
 */
#include "server/encode.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* Level 4: GeoJSON compresses to about a fifth at well over 50 MB/s; level 9 saves a few
 * percent more at several times the CPU a request may take. */
#define GZIP_LEVEL 4

int http_accepts_gzip(const struct http_req *r)
{
    const char *ae = http_header(r, "Accept-Encoding");
    const char *g = ae ? strstr(ae, "gzip") : NULL;
    if (!g)
        return 0;
    /* "gzip;q=0" refuses it (RFC 9110 §12.5.3) */
    const char *q = strstr(g, ";q=");
    const char *comma = strchr(g, ',');
    return !(q && (!comma || q < comma) && strtod(q + 3, NULL) <= 0);
}

int http_etag_matches(const struct http_req *r, const char *etag)
{
    const char *inm = http_header(r, "If-None-Match");
    if (!inm || !etag[0])
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

static int compressible(const char *type)
{
    return type && (!strncmp(type, "application/json", 16) || !strncmp(type, "text/", 5) ||
                    !strncmp(type, "application/geo+json", 20));
}

static void body_etag(const struct http_resp *w, char out[80])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    out[0] = '\0';
    if (!EVP_Digest(w->body, w->len, md, &n, EVP_sha256(), NULL))
        return;
    /* 128 bits of SHA-256: two different answers never share a tag */
    int k = snprintf(out, 80, "\"");
    for (unsigned int i = 0; i < 16 && i < n; i++)
        k += snprintf(out + k, (size_t)(80 - k), "%02x", md[i]);
    snprintf(out + k, (size_t)(80 - k), "\"");
}

static void gzip_body(struct http_resp *w)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    /* windowBits 15 + 16: a gzip wrapper, not zlib's */
    if (deflateInit2(&z, GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return;
    uLong cap = deflateBound(&z, (uLong)w->len);
    unsigned char *out = malloc(cap);
    if (!out) {
        deflateEnd(&z);
        return;
    }
    z.next_in = (Bytef *)w->body;
    z.avail_in = (uInt)w->len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    size_t n = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END || n >= w->len) {
        free(out);
        return;
    }
    free(w->body);
    w->body = (char *)out;
    w->len = n;
    w->content_encoding = "gzip";
}

void http_encode(const struct http_req *r, struct http_resp *w)
{
    int get = !strcmp(r->method, "GET") || !strcmp(r->method, "HEAD");
    if (!get || w->status != 200)
        return;
    const char *type = w->content_type ? w->content_type : "";
    if (w->fd < 0 && w->body && !w->etag[0] && !w->no_cache &&
        (!strncmp(type, "application/json", 16) || !strncmp(type, "application/geo+json", 20)))
        body_etag(w, w->etag);
    if (http_etag_matches(r, w->etag)) {
        /* the client's copy is current: headers only (RFC 9110 §15.4.5) */
        w->status = 304;
        free(w->body);
        w->body = NULL;
        w->len = 0;
        if (w->fd >= 0)
            close(w->fd);
        w->fd = -1;
        w->fd_size = 0;
        w->content_encoding = NULL;
        return;
    }
    if (w->fd < 0 && w->body && !w->content_encoding && compressible(w->content_type)) {
        w->vary_encoding = 1;
        if (w->len >= HTTP_GZIP_MIN && w->len < UINT32_MAX && http_accepts_gzip(r))
            gzip_body(w);
    }
}
