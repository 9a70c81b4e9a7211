/*
 * server/http — the HTTP layer of `liangshan serve`, on libmicrohttpd (epoll, a thread pool
 * sized to the cores). It hides the library behind our own request, response and route
 * table: a handler sees a parsed request (method, path, path parameters, query, capped body,
 * authenticated user) and fills a response; it never touches MHD. Each request is logged
 * as one logfmt line with its latency; bodies, tokens and passwords are never logged.
 *
 * Shutdown is graceful: http_server_stop stops accepting, lets requests in flight finish
 * (up to a grace period), then closes. Handlers run on the library's threads, several at
 * once — except a route marked HTTP_OFFLOAD (an upload, a login, a whole-ledger check): its
 * connection is suspended and its handler runs on a task pool (server/taskpool) at a lower
 * priority, so a few costly requests never hold up the cheap ones (docs/security.md, "Load").
 * When the pool's queue is full such a request gets 503 with Retry-After. A route marked
 * HTTP_WAIT (the market's live events) may say "nothing yet": its connection stays
 * suspended, parked, and the handler looks again each quarter second until it answers.
 * A route marked HTTP_GROUP (the market's orders) is queued and answered by one thread, which
 * hands every request queued meanwhile to the route's group handler at once: a writer that
 * makes them durable with one commit (group commit) answers them all for the price of one.
 *
 * Ownership: a handler's response body is heap memory the layer frees after sending
 * (http_resp_json and friends set it); a file response's descriptor is closed by the layer.
 */
#ifndef LS_SERVER_HTTP_H
#define LS_SERVER_HTTP_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

#include "app/auth.h"

#define HTTP_MAX_PARAMS 4
#define HTTP_BODY_MAX   (8u << 20) /* request bodies over 8 MiB get 413 */

/* The authenticated user of a request ("" username and role "public" when anonymous). */
struct http_req {
    const char *method; /* "GET", "POST", … */
    const char *path;   /* decoded path, no query */
    char *params[HTTP_MAX_PARAMS];
    int n_params;
    char *body; /* NUL-terminated copy of the body, NULL when none */
    size_t body_len;
    struct app_user user;
    char token[80];  /* the bearer token presented, "" when none */
    char id[17];     /* request id, also in the access log and X-Request-Id */
    char client[48]; /* the peer's IP address, for per-address limits */
    void *conn;      /* the library's connection, for query and header lookup */
    long waited_ms;  /* HTTP_WAIT: how long the request has waited so far */
    int final;       /* HTTP_WAIT: the last call, the handler must answer */
    void *app;       /* the application the server was started with */
};

struct http_resp {
    int status;
    const char *content_type;
    char *body; /* heap, freed by the layer */
    size_t len;
    int fd; /* a file to send instead of body (-1 when none), closed by the layer */
    off_t fd_size;
    char disposition[256]; /* Content-Disposition, "" when none */
    char location[256];    /* Location, "" when none */
    char allow[64];        /* Allow (with 405), "" when none */
    int retry_after;       /* seconds, 0 for none */
    int no_cache;
    long max_age_s; /* > 0: Cache-Control max-age (a tile that changes only with its data) */
    char etag[80];  /* ETag, "" when none (server/encode sets one for JSON) */
    const char *content_encoding; /* "gzip" when the body or file is compressed, else NULL */
    int vary_encoding;            /* the answer depends on Accept-Encoding */
    int wait; /* HTTP_WAIT: nothing to answer yet — call the handler again in a moment */
};

/* Query string argument, NULL when absent. */
const char *http_query(const struct http_req *r, const char *name);
/* Request header, NULL when absent. */
const char *http_header(const struct http_req *r, const char *name);

/* Sets a JSON body (compact, sorted keys); steals the reference. */
void http_resp_json(struct http_resp *w, int status, json_t *body);
/* The error body {"error": {"code", "message", "field"}}; field may be NULL. */
void http_resp_error(struct http_resp *w, int status, const char *code, const char *field,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Takes a malloc'd buffer as the body. */
void http_resp_take(struct http_resp *w, int status, const char *content_type, char *body,
                    size_t len);

typedef void (*http_handler_fn)(struct http_req *r, struct http_resp *w);
/* HTTP_GROUP: answers n requests of one route together, in the order they arrived. */
typedef void (*http_group_fn)(struct http_req **r, struct http_resp **w, size_t n);

struct http_route {
    const char *method;
    const char *pattern; /* "/api/v1/registry/units/{code}": {x} matches one segment */
    http_handler_fn fn;
    const char *permission; /* checked by the application's authorise hook before fn */
    int offload; /* HTTP_OFFLOAD: fn takes a CPU for long; run it on the task pool; HTTP_WAIT;
                    HTTP_GROUP */
    http_group_fn group; /* HTTP_GROUP's handler (fn is then unused) */
};

#define HTTP_INLINE  0
#define HTTP_OFFLOAD 1
/* A handler that waits for something to happen (server-sent events): it runs on the task pool
 * and may set w->wait; it is then called again every quarter second with r->waited_ms, and
 * once more with r->final set (after about 12 s, or at shutdown) when it must answer. */
#define HTTP_WAIT 2
/* Requests answered together (group commit): queued in arrival order, up to HTTP_GROUP_MAX at
 * a time go to the route's group handler on the grouping thread; a full queue gets 503. */
#define HTTP_GROUP     3
#define HTTP_GROUP_MAX 512u

struct http_config {
    const char *listen;  /* "127.0.0.1:8080" */
    unsigned threads;    /* 0: the number of cores; the task pool gets as many again */
    unsigned max_queued; /* offloaded requests waiting; 0: 64 per pool thread */
    /* connections one address may hold (0: no limit, for a server behind a reverse proxy,
     * where every client has the proxy's address) */
    unsigned per_address_limit;
    const struct http_route *routes;
    size_t n_routes;
    /* Called for a path no route matches (static files); may be NULL. */
    http_handler_fn fallback;
    /* Authenticates the request and checks route->permission: 0 to go on, else it has set
     * the response (401/403). */
    int (*authorise)(struct http_req *r, const struct http_route *route, struct http_resp *w);
    void *app;
    int quiet; /* no access log */
    /* origins (exact "https://host[:port]") whose pages may call the API (CORS), NULL-ended;
     * NULL: none, the browser's same-origin rule stands */
    const char *const *cors_origins;
    /* sources the UI may load images from besides itself (a configured basemap's tile
     * servers, a wildcard host of 天地图), space-separated for the CSP's img-src; NULL */
    const char *img_sources;
};

struct http_server;

/* Starts listening; *port_out gets the bound port (useful with port 0). */
int http_server_start(const struct http_config *cfg, struct http_server **out, unsigned *port_out,
                      char *errbuf, size_t errlen);
/* Stops accepting, waits up to grace_ms for requests in flight, then closes and frees. */
void http_server_stop(struct http_server *s, int grace_ms);

/* Matches a path against a route pattern, filling r's params (the caller frees them with
 * http_req_clear_params). 1 on match. */
int http_route_match(const char *pattern, const char *path, struct http_req *r);
void http_req_clear_params(struct http_req *r);

/* One log line "ts=… level=… msg=…" plus fmt's key=value pairs, written with one write(2). */
void http_log(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* v made safe inside a quoted log value: ", \ and every control byte escaped
 * (\" \\ \xNN), cut to fit out; returns out. What a client sends (a path, a user name,
 * a file name in a message) can then never end a value or a line and forge another. */
const char *http_log_value(const char *v, char *out, size_t size);

#endif
