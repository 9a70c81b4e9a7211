/*
 * server/encode — the pieces of a response's encoding: whether a client takes gzip (RFC 9110
 * §12.5.3), whether its If-None-Match names an entity tag (§13.1.2), a strong tag of a body's
 * content, and gzip itself (zlib). The HTTP layer (server/http) decides when to use them:
 * JSON and GeoJSON answers get a tag and, at 1 KB or more, gzip; static files bring their
 * own weak tag and a precompressed twin (server/static). Internal to server/.
 */
#ifndef LS_SERVER_ENCODE_H
#define LS_SERVER_ENCODE_H

#include <stddef.h>

/* Bodies smaller than this are sent as they are: gzip would save less than a packet. */
#define ENC_GZIP_MIN 1024
#define ENC_ETAG     40

/* 1 when an Accept-Encoding value (or NULL) takes gzip; "gzip;q=0" refuses it. */
int enc_accepts_gzip(const char *accept_encoding);

/* 1 when an If-None-Match value (or NULL) lists etag, weakly compared, or is "*". */
int enc_etag_matches(const char *if_none_match, const char *etag);

/* "\"<32 hex digits>\"": 128 bits of SHA-256 of the body; "" when the digest fails. */
void enc_body_etag(const void *body, size_t n, char out[ENC_ETAG]);

/* The body gzipped into a new buffer the caller frees; 0, or -1 when it cannot be done or
 * would not be smaller (the body is then sent as it is). */
int enc_gzip(const void *body, size_t n, char **out, size_t *out_n);

#endif
