/*
 * server/encode — what a response becomes on the wire: a conditional GET answered 304 when
 * the client's copy is current (ETag, RFC 9110 §13.1.2), and a large text body gzipped for a
 * client that accepts it (RFC 9110 §8.4). JSON and GeoJSON bodies get a strong ETag of their
 * content; static files bring their own (server/static) and are served precompressed (.gz beside
 * them, written by scripts/web.sh). Internal to server/.
 */
#ifndef LS_SERVER_ENCODE_H
#define LS_SERVER_ENCODE_H

#include "server/http.h"

/* Bodies smaller than this are sent as they are: gzip would save less than a packet. */
#define HTTP_GZIP_MIN 1024

/* 1 when the request's Accept-Encoding takes gzip (a q=0 refuses it). */
int http_accepts_gzip(const struct http_req *r);

/* Sets w->etag from the body (JSON 200s of a GET), turns w into a 304 without body when
 * If-None-Match names it, and gzips a text body of HTTP_GZIP_MIN bytes or more when the
 * client accepts it. A body that cannot be compressed (out of memory) is sent as it is. */
void http_encode(const struct http_req *r, struct http_resp *w);

/* 1 when If-None-Match lists etag (or is "*"). */
int http_etag_matches(const struct http_req *r, const char *etag);

#endif
