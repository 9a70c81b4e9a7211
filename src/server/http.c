/*
 * server/http — libmicrohttpd behind our request/response/route types (see http.h).
 * Follows the library's handler protocol: the first call for a request allocates its
 * context, each body chunk is appended to a capped buffer, the final call routes and
 * queues the response; the completion callback logs and frees. An offloaded route's final
 * call suspends the connection and queues the handler on the task pool; the pool's thread
 * fills the response and resumes the connection, and the library calls us once more to
 * send it. A waiting route's handler (HTTP_WAIT) may answer "nothing yet": its connection
 * stays suspended and is parked; the parker thread gives every parked request back to the
 * pool each WAIT_TICK_MS, until its handler answers or must (after WAIT_MAX_MS, or at
 * shutdown). A grouped route's final call suspends the connection and queues it; the grouping
 * thread takes the queue's head run of one route (up to HTTP_GROUP_MAX), calls the route's
 * group handler once and resumes every connection of the run.
 */
#include "server/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "base/err.h"
#include "base/text.h"
#include "server/encode.h"
#include "server/taskpool.h"

#define WAIT_TICK_MS 250   /* how often a parked request's handler looks again */
#define WAIT_MAX_MS  12000 /* below the library's 15 s idle timeout */
#define WAIT_PARKED  1024u /* requests parked at once; one more is answered at once */
#define GROUP_QUEUED 4096u /* grouped requests waiting; one more gets 503 */

struct req_ctx;

struct http_server {
    struct MHD_Daemon *d;
    struct taskpool *pool;
    /* waiting requests (HTTP_WAIT): parked, and the thread that gives them back to the pool */
    pthread_t parker;
    pthread_mutex_t park_mu;
    pthread_cond_t park_cv;
    struct req_ctx *parked;
    unsigned n_parked;
    int stopping;
    /* grouped requests (HTTP_GROUP): a FIFO and the one thread that answers it */
    pthread_t grouper;
    pthread_mutex_t group_mu;
    pthread_cond_t group_cv;
    struct req_ctx *group_head, *group_tail;
    unsigned n_grouped;
    int group_stopping;
    struct http_config cfg;
    atomic_int inflight;
    atomic_ullong next_id;
    unsigned long long id_base;
    char csp[1024]; /* Content-Security-Policy, with the configured image sources */
};

enum req_state { REQ_RECEIVING, REQ_QUEUED, REQ_ANSWERED };

struct req_ctx {
    struct http_req req;
    struct http_resp resp;
    const struct http_route *route; /* the handler an offloaded request runs */
    struct http_server *server;
    struct req_ctx *next_parked;
    struct req_ctx *next_grouped;
    _Atomic int state; /* enum req_state */
    struct timespec t0;
    size_t cap;
    int too_big;
    const char *malformed; /* why the request is refused before any route sees it */
    int status;
    size_t bytes;
};

const char *http_log_value(const char *v, char *out, size_t size)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)(v ? v : ""); *p && o + 5 < size; p++) {
        if (*p == '"' || *p == '\\') {
            out[o++] = '\\';
            out[o++] = (char)*p;
        } else if (*p < 0x20 || *p == 0x7f) {
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        } else {
            out[o++] = (char)*p;
        }
    }
    if (size)
        out[o] = '\0';
    return out;
}

void http_log(const char *level, const char *fmt, ...)
{
    char line[2048];
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    int n = snprintf(line, sizeof line, "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ level=%s ",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     ts.tv_nsec / 1000000, level);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof line - 2)
        len = sizeof line - 2;
    /* the last guard: whatever reached the line unescaped, no byte of it starts a new one */
    for (size_t i = 0; i < len; i++)
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    line[len++] = '\n';
    /* one write(2) per line so threads never interleave */
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}

__attribute__((format(printf, 2, 0))) static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    char safe[1200];
    http_log("warn", "msg=\"http: %s\"", http_log_value(msg, safe, sizeof safe));
}

const char *http_query(const struct http_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(const struct http_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

void http_resp_take(struct http_resp *w, int status, const char *content_type, char *body,
                    size_t len)
{
    free(w->body);
    w->status = status;
    w->content_type = content_type;
    w->body = body;
    w->len = len;
}

void http_resp_json(struct http_resp *w, int status, json_t *body)
{
    char *s = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    json_decref(body);
    if (!s) {
        static const char oom[] =
            "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}";
        s = strdup(oom);
        status = 500;
    }
    http_resp_take(w, status, "application/json; charset=utf-8", s, s ? strlen(s) : 0);
}

void http_resp_error(struct http_resp *w, int status, const char *code, const char *field,
                     const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *e = json_pack("{s:s,s:s}", "code", code, "message", msg);
    if (field && *field)
        json_object_set_new(e, "field", json_string(field));
    http_resp_json(w, status, json_pack("{s:o}", "error", e));
}

int http_route_match(const char *pattern, const char *path, struct http_req *r)
{
    const char *p = pattern, *s = path;
    int n = 0;
    char *got[HTTP_MAX_PARAMS] = { 0 };
    while (*p && *s) {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            const char *se = strchr(s, '/');
            if (!pe || n == HTTP_MAX_PARAMS)
                break;
            size_t len = se ? (size_t)(se - s) : strlen(s);
            if (!len)
                break;
            got[n] = strndup(s, len);
            if (!got[n])
                break;
            n++;
            p = pe + 1;
            s += len;
        } else if (*p == *s) {
            p++;
            s++;
        } else {
            break;
        }
    }
    int ok = !*p && !*s;
    for (int i = 0; i < n; i++) {
        if (ok)
            r->params[i] = got[i];
        else
            free(got[i]);
    }
    if (ok)
        r->n_params = n;
    return ok;
}

void http_req_clear_params(struct http_req *r)
{
    for (int i = 0; i < r->n_params; i++)
        free(r->params[i]);
    r->n_params = 0;
}

/* The origin of a cross-origin page allowed to call the API, or NULL (server --cors-origin). */
static const char *cors_origin(const struct http_server *s, const struct http_req *r)
{
    const char *origin = http_header(r, "Origin");
    for (const char *const *o = s->cfg.cors_origins; origin && o && *o; o++)
        if (!strcmp(*o, origin))
            return *o;
    return NULL;
}

/* What the answer becomes on the wire (server/encode): a JSON or GeoJSON 200 of a GET gets a
 * tag of its content; a tag the client already holds turns it into a 304 without body
 * (RFC 9110 §15.4.5); a text body of 1 KB or more is gzipped for a client that takes it. */
static void encode(const struct http_req *r, struct http_resp *w)
{
    if ((strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) || w->status != 200)
        return;
    const char *type = w->content_type ? w->content_type : "";
    int json = !strncmp(type, "application/json", 16) || !strncmp(type, "application/geo+json", 20);
    if (w->fd < 0 && w->body && !w->etag[0] && !w->no_cache && json)
        enc_body_etag(w->body, w->len, w->etag);
    if (enc_etag_matches(http_header(r, "If-None-Match"), w->etag)) {
        w->status = 304;
        free(w->body);
        w->body = NULL;
        w->len = 0;
        if (w->fd >= 0)
            close(w->fd);
        w->fd = -1;
        w->content_encoding = NULL;
        return;
    }
    if (w->fd < 0 && w->body && !w->content_encoding && (json || !strncmp(type, "text/", 5))) {
        w->vary_encoding = 1;
        char *z = NULL;
        size_t n = 0;
        if (w->len >= ENC_GZIP_MIN && enc_accepts_gzip(http_header(r, "Accept-Encoding")) &&
            !enc_gzip(w->body, w->len, &z, &n)) {
            free(w->body);
            w->body = z;
            w->len = n;
            w->content_encoding = "gzip";
        }
    }
}

static enum MHD_Result send_resp(struct http_server *s, struct MHD_Connection *c, struct req_ctx *x,
                                 struct http_resp *w)
{
    struct MHD_Response *resp;
    encode(&x->req, w);
    if (w->fd >= 0) {
        resp = MHD_create_response_from_fd((uint64_t)w->fd_size, w->fd);
        w->fd = -1; /* MHD closes it */
        x->bytes = (size_t)w->fd_size;
    } else {
        resp = MHD_create_response_from_buffer(w->len, w->body ? w->body : (void *)"",
                                               w->body ? MHD_RESPMEM_MUST_FREE
                                                       : MHD_RESPMEM_PERSISTENT);
        if (resp)
            w->body = NULL; /* MHD frees it */
        x->bytes = w->len;
    }
    if (!resp)
        return MHD_NO;
    if (w->content_type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, w->content_type);
    MHD_add_response_header(resp, "X-Request-Id", x->req.id);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    /* the web UI loads only its own files (Leaflet and ECharts are served from /vendor):
     * nothing injected into a page can load or send elsewhere, and no other site may frame
     * it (clickjacking); Leaflet positions tiles with inline styles, hence style-src */
    MHD_add_response_header(resp, "Content-Security-Policy", s->csp);
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    char max_age[48];
    snprintf(max_age, sizeof max_age, "%s, max-age=%ld", x->req.token[0] ? "private" : "public",
             w->max_age_s);
    if (w->no_cache)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    else if (w->max_age_s > 0)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, max_age);
    else if (w->etag[0])
        /* kept, but asked again each time (a 304 when unchanged); an answer for a logged-in
         * user stays in that browser, never in a shared cache */
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                                x->req.token[0] ? "private, no-cache" : "no-cache");
    if (w->etag[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, w->etag);
    if (w->content_encoding)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, w->content_encoding);
    const char *origin = cors_origin(s, &x->req);
    if (w->vary_encoding || origin)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
                                w->vary_encoding && origin ? "Accept-Encoding, Origin"
                                : origin                   ? "Origin"
                                                           : "Accept-Encoding");
    if (origin) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", origin);
        MHD_add_response_header(resp, "Access-Control-Expose-Headers",
                                "ETag, X-Request-Id, Content-Disposition, Retry-After");
        if (!strcmp(x->req.method, "OPTIONS")) {
            MHD_add_response_header(resp, "Access-Control-Allow-Methods", w->allow);
            MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                                    "Authorization, Content-Type, If-None-Match");
            MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
        }
    }
    if (w->disposition[0])
        MHD_add_response_header(resp, "Content-Disposition", w->disposition);
    if (w->location[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, w->location);
    if (w->allow[0] && w->status == 405)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, w->allow);
    if (w->retry_after) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", w->retry_after);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, ra);
    }
    x->status = w->status;
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)w->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* The methods path takes, for Allow on a 405 (RFC 9110 15.5.6): "POST, GET, DELETE". */
static void allowed_methods(const struct http_server *s, const char *path, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < s->cfg.n_routes; i++) {
        const struct http_route *rt = &s->cfg.routes[i];
        struct http_req probe = { 0 };
        if (!http_route_match(rt->pattern, path, &probe))
            continue;
        http_req_clear_params(&probe);
        if (!strstr(out, rt->method) && used + strlen(rt->method) + 3 < size)
            used += (size_t)snprintf(out + used, size - used, "%s%s", used ? ", " : "", rt->method);
    }
}

/* Routes and authorises the request: the route whose handler must now run, or NULL when w
 * already holds the answer (an error, or the static file of the fallback). */
static const struct http_route *route_request(struct http_server *s, struct req_ctx *x,
                                              struct http_resp *w)
{
    struct http_req *r = &x->req;
    const struct http_route *match = NULL;
    int path_known = 0;
    for (size_t i = 0; i < s->cfg.n_routes && !match; i++) {
        const struct http_route *rt = &s->cfg.routes[i];
        struct http_req probe = { 0 };
        if (!http_route_match(rt->pattern, r->path, &probe))
            continue;
        path_known = 1;
        if (!strcmp(rt->method, r->method)) {
            match = rt;
            memcpy(r->params, probe.params, sizeof probe.params);
            r->n_params = probe.n_params;
        } else {
            http_req_clear_params(&probe);
        }
    }
    if (x->malformed) {
        http_resp_error(w, 400, "bad_request", NULL, "%s", x->malformed);
        return NULL;
    }
    if (x->too_big) {
        http_resp_error(w, 413, "body_too_large", NULL,
                        "the request body is larger than the limit of %u bytes", HTTP_BODY_MAX);
        return NULL;
    }
    if (!match && path_known && !strcmp(r->method, "OPTIONS") && cors_origin(s, r)) {
        /* a CORS preflight from an allowed origin: the methods the path takes (send_resp
         * adds the Access-Control headers) */
        allowed_methods(s, r->path, w->allow, sizeof w->allow);
        w->status = 204;
        return NULL;
    }
    if (!match) {
        if (path_known) {
            allowed_methods(s, r->path, w->allow, sizeof w->allow);
            http_resp_error(w, 405, "method_not_allowed", NULL, "%s is not allowed on %s",
                            r->method, r->path);
        } else if (s->cfg.fallback && !strncmp(r->path, "/api/", 5))
            http_resp_error(w, 404, "not_found", NULL, "no such resource: %s", r->path);
        else if (s->cfg.fallback)
            s->cfg.fallback(r, w);
        else
            http_resp_error(w, 404, "not_found", NULL, "no such resource: %s", r->path);
        return NULL;
    }
    if (s->cfg.authorise && s->cfg.authorise(r, match, w))
        return NULL;
    return match;
}

/* Parks a request whose handler has nothing to say yet: 1, or 0 when the server is stopping
 * or as many wait as it parks (the handler must then answer). */
static int park(struct http_server *s, struct req_ctx *x)
{
    pthread_mutex_lock(&s->park_mu);
    int ok = !s->stopping && s->n_parked < WAIT_PARKED;
    if (ok) {
        x->next_parked = s->parked;
        s->parked = x;
        s->n_parked++;
    }
    pthread_mutex_unlock(&s->park_mu);
    return ok;
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (long)(t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* On a pool thread: the handler, then the connection goes back to the library — or, when a
 * waiting handler has nothing yet, to the parked list. */
static void run_offloaded(void *arg)
{
    struct req_ctx *x = arg;
    x->req.waited_ms = ms_since(&x->t0);
    x->resp.wait = 0;
    x->route->fn(&x->req, &x->resp);
    if (x->resp.wait && !x->req.final) {
        if (park(x->server, x))
            return;
        x->req.final = 1;
        x->resp.wait = 0;
        x->route->fn(&x->req, &x->resp);
    }
    if (x->resp.wait) {
        x->resp.wait = 0;
        http_resp_error(&x->resp, 503, "busy", NULL, "no answer in time: retry");
    }
    atomic_store(&x->state, REQ_ANSWERED);
    MHD_resume_connection(x->req.conn);
}

/* Every WAIT_TICK_MS the parked requests go back to the pool to look again; at shutdown, or
 * once they have waited WAIT_MAX_MS, for the last time. */
static void *parker(void *arg)
{
    struct http_server *s = arg;
    pthread_mutex_lock(&s->park_mu);
    for (;;) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += WAIT_TICK_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        if (!s->stopping)
            pthread_cond_timedwait(&s->park_cv, &s->park_mu, &until);
        struct req_ctx *list = s->parked;
        s->parked = NULL;
        s->n_parked = 0;
        int stopping = s->stopping;
        pthread_mutex_unlock(&s->park_mu);
        while (list) {
            struct req_ctx *x = list;
            list = x->next_parked;
            if (stopping || ms_since(&x->t0) >= WAIT_MAX_MS)
                x->req.final = 1;
            if (taskpool_submit(s->pool, run_offloaded, x)) {
                /* the queue is full: it waits a tick more */
                pthread_mutex_lock(&s->park_mu);
                x->next_parked = s->parked;
                s->parked = x;
                s->n_parked++;
                pthread_mutex_unlock(&s->park_mu);
            }
        }
        pthread_mutex_lock(&s->park_mu);
        if (stopping && !s->parked)
            break;
    }
    pthread_mutex_unlock(&s->park_mu);
    return NULL;
}

/* Suspends the connection and queues its handler; with the queue full, the answer is 503 at
 * once. The connection is suspended before the task is queued: a pool thread may resume it
 * only after that. */
static void offload(struct http_server *s, struct MHD_Connection *c, struct req_ctx *x,
                    const struct http_route *rt)
{
    x->route = rt;
    x->server = s;
    atomic_store(&x->state, REQ_QUEUED);
    MHD_suspend_connection(c);
    if (!taskpool_submit(s->pool, run_offloaded, x))
        return;
    x->resp.retry_after = 5;
    http_resp_error(&x->resp, 503, "busy", NULL,
                    "the server is busy with as many uploads, logins and checks as it queues: "
                    "retry in a few seconds");
    atomic_store(&x->state, REQ_ANSWERED);
    MHD_resume_connection(c);
}

/* The grouping thread: the head run of one route, answered by one call, until stopped with
 * nothing queued. */
static void *grouper(void *arg)
{
    struct http_server *s = arg;
    struct http_req *reqs[HTTP_GROUP_MAX];
    struct http_resp *resps[HTTP_GROUP_MAX];
    struct req_ctx *run[HTTP_GROUP_MAX];
    pthread_mutex_lock(&s->group_mu);
    for (;;) {
        while (!s->group_head && !s->group_stopping)
            pthread_cond_wait(&s->group_cv, &s->group_mu);
        if (!s->group_head)
            break;
        size_t n = 0;
        const struct http_route *rt = s->group_head->route;
        while (s->group_head && s->group_head->route == rt && n < HTTP_GROUP_MAX) {
            struct req_ctx *x = s->group_head;
            s->group_head = x->next_grouped;
            if (!s->group_head)
                s->group_tail = NULL;
            s->n_grouped--;
            run[n] = x;
            reqs[n] = &x->req;
            resps[n] = &x->resp;
            n++;
        }
        pthread_mutex_unlock(&s->group_mu);
        rt->group(reqs, resps, n);
        for (size_t i = 0; i < n; i++) {
            atomic_store(&run[i]->state, REQ_ANSWERED);
            MHD_resume_connection(run[i]->req.conn);
        }
        pthread_mutex_lock(&s->group_mu);
    }
    pthread_mutex_unlock(&s->group_mu);
    return NULL;
}

/* Suspends the connection and queues it for the grouping thread; a full queue, or a server
 * stopping, is answered 503 at once. */
static void group(struct http_server *s, struct MHD_Connection *c, struct req_ctx *x,
                  const struct http_route *rt)
{
    x->route = rt;
    x->server = s;
    x->next_grouped = NULL;
    atomic_store(&x->state, REQ_QUEUED);
    MHD_suspend_connection(c);
    pthread_mutex_lock(&s->group_mu);
    int ok = !s->group_stopping && s->n_grouped < GROUP_QUEUED;
    if (ok) {
        if (s->group_tail)
            s->group_tail->next_grouped = x;
        else
            s->group_head = x;
        s->group_tail = x;
        s->n_grouped++;
        pthread_cond_signal(&s->group_cv);
    }
    pthread_mutex_unlock(&s->group_mu);
    if (ok)
        return;
    x->resp.retry_after = 1;
    http_resp_error(&x->resp, 503, "busy", NULL,
                    "the server has as many orders waiting as it queues: retry in a moment");
    atomic_store(&x->state, REQ_ANSWERED);
    MHD_resume_connection(c);
}

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    (void)kind, (void)value;
    int *n = cls;
    if (!strcasecmp(key, "Content-Length"))
        n[0]++;
    else if (!strcasecmp(key, "Transfer-Encoding"))
        n[1]++;
    return MHD_YES;
}

/* Requests no route should see. Two Content-Lengths, or one beside a Transfer-Encoding, are
 * how requests are smuggled past a proxy that reads the other framing (RFC 9112 6.3: such a
 * message is an error); a path that is not UTF-8 cannot be named in any answer or log. */
static const char *malformed(struct MHD_Connection *c, const char *url)
{
    int n[2] = { 0, 0 };
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, n);
    if (n[0] > 1)
        return "more than one Content-Length header";
    if (n[0] && n[1])
        return "both Content-Length and Transfer-Encoding: the message framing is ambiguous";
    if (!ls_text_is_utf8(url, strlen(url)))
        return "the path is not valid UTF-8";
    return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    (void)version;
    struct http_server *s = cls;
    struct req_ctx *x = *req_cls;
    if (!x) {
        x = calloc(1, sizeof *x);
        if (!x)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &x->t0);
        x->req.method = method;
        x->req.path = url;
        x->req.conn = c;
        x->req.app = s->cfg.app;
        x->resp.status = 500;
        x->resp.fd = -1;
        snprintf(x->req.id, sizeof x->req.id, "%016llx",
                 s->id_base + atomic_fetch_add(&s->next_id, 1));
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > HTTP_BODY_MAX)
            x->too_big = 1;
        x->malformed = malformed(c, url);
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
            inet_ntop(AF_INET,
                      &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
                      x->req.client, sizeof x->req.client);
        atomic_fetch_add(&s->inflight, 1);
        *req_cls = x;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (x->too_big || x->req.body_len + n > HTTP_BODY_MAX) {
            x->too_big = 1;
            return MHD_YES;
        }
        if (x->req.body_len + n + 1 > x->cap) {
            size_t cap = x->cap ? x->cap : 4096;
            while (cap < x->req.body_len + n + 1)
                cap *= 2;
            char *b = realloc(x->req.body, cap);
            if (!b)
                return MHD_NO;
            x->req.body = b;
            x->cap = cap;
        }
        memcpy(x->req.body + x->req.body_len, upload_data, n);
        x->req.body_len += n;
        x->req.body[x->req.body_len] = '\0';
        return MHD_YES;
    }
    struct http_resp *w = &x->resp;
    int state = atomic_load(&x->state);
    if (state == REQ_QUEUED)
        return MHD_YES; /* not expected while suspended; the pool's answer comes later */
    if (state == REQ_RECEIVING) {
        const struct http_route *rt = route_request(s, x, w);
        if (rt && rt->offload == HTTP_GROUP) {
            group(s, c, x, rt);
            return MHD_YES;
        }
        if (rt && rt->offload) {
            offload(s, c, x, rt);
            return MHD_YES;
        }
        if (rt)
            rt->fn(&x->req, w);
        atomic_store(&x->state, REQ_ANSWERED);
    }
    enum MHD_Result ret = send_resp(s, c, x, w);
    free(w->body);
    w->body = NULL;
    if (w->fd >= 0)
        close(w->fd);
    w->fd = -1;
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)c;
    struct http_server *s = cls;
    struct req_ctx *x = *req_cls;
    if (!x)
        return;
    if (!s->cfg.quiet) {
        struct timespec t1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms =
            (double)(t1.tv_sec - x->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - x->t0.tv_nsec) / 1e6;
        char method[64], path[1200], user[200];
        http_log(x->status >= 500 ? "error" : "info",
                 "msg=request id=%s method=\"%s\" path=\"%s\" status=%d ms=%.3f bytes=%zu "
                 "user=\"%s\"%s",
                 x->req.id, http_log_value(x->req.method, method, sizeof method),
                 http_log_value(x->req.path, path, sizeof path), x->status, ms, x->bytes,
                 http_log_value(x->req.user.username, user, sizeof user),
                 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted=1");
    }
    http_req_clear_params(&x->req);
    free(x->req.body);
    free(x->resp.body);
    if (x->resp.fd >= 0)
        close(x->resp.fd);
    free(x);
    *req_cls = NULL;
    atomic_fetch_sub(&s->inflight, 1);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, char *errbuf, size_t errlen)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof host) {
        snprintf(errbuf, errlen, "--listen: \"%s\" is not HOST:PORT", listen);
        return -1;
    }
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535 || end == colon + 1) {
        snprintf(errbuf, errlen, "--listen: port \"%s\" is not 0…65535", colon + 1);
        return -1;
    }
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host[0] ? host : "127.0.0.1", &sa->sin_addr) != 1) {
        snprintf(errbuf, errlen, "--listen: \"%s\" is not an IPv4 address", host);
        return -1;
    }
    return 0;
}

/* The parker answers its waiting requests for the last time and ends. */
static void stop_threads(struct http_server *s)
{
    pthread_mutex_lock(&s->park_mu);
    s->stopping = 1;
    pthread_cond_signal(&s->park_cv);
    pthread_mutex_unlock(&s->park_mu);
    pthread_join(s->parker, NULL);
}

/* The grouping thread answers what is queued and ends; later grouped requests get 503. */
static void stop_grouper(struct http_server *s)
{
    pthread_mutex_lock(&s->group_mu);
    s->group_stopping = 1;
    pthread_cond_signal(&s->group_cv);
    pthread_mutex_unlock(&s->group_mu);
    pthread_join(s->grouper, NULL);
}

int http_server_start(const struct http_config *cfg, struct http_server **out, unsigned *port_out,
                      char *errbuf, size_t errlen)
{
    struct sockaddr_in sa;
    if (parse_listen(cfg->listen, &sa, errbuf, errlen))
        return -1;
    struct http_server *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(errbuf, errlen, "out of memory");
        return -1;
    }
    s->cfg = *cfg;
    int csp_n = snprintf(s->csp, sizeof s->csp,
                         "default-src 'self'; script-src 'self'; style-src 'self' "
                         "'unsafe-inline'; img-src 'self' data: blob:%s%s; connect-src 'self'; "
                         "object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
                         cfg->img_sources ? " " : "", cfg->img_sources ? cfg->img_sources : "");
    if (csp_n < 0 || (size_t)csp_n >= sizeof s->csp) {
        snprintf(errbuf, errlen, "the basemap's image sources are too long for the CSP");
        free(s);
        return -1;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cfg->threads ? cfg->threads : (unsigned)(cores > 0 ? cores : 1);
    unsigned char seed[8];
    if (RAND_bytes(seed, sizeof seed) != 1)
        memset(seed, 0, sizeof seed);
    for (int i = 0; i < 8; i++)
        s->id_base = (s->id_base << 8) | seed[i];
    s->id_base &= 0xffffffff00000000ull;
    /* the logger first, so that MHD's own messages about later options go through it */
    unsigned queued = cfg->max_queued ? cfg->max_queued : 64 * threads;
    if (taskpool_start(threads, queued, &s->pool, errbuf, errlen)) {
        free(s);
        return -1;
    }
    pthread_mutex_init(&s->park_mu, NULL);
    pthread_cond_init(&s->park_cv, NULL);
    pthread_mutex_init(&s->group_mu, NULL);
    pthread_cond_init(&s->group_cv, NULL);
    if (pthread_create(&s->parker, NULL, parker, s)) {
        snprintf(errbuf, errlen, "cannot start a thread");
        taskpool_stop(s->pool);
        free(s);
        return -1;
    }
    if (pthread_create(&s->grouper, NULL, grouper, s)) {
        snprintf(errbuf, errlen, "cannot start a thread");
        stop_threads(s);
        taskpool_stop(s->pool);
        free(s);
        return -1;
    }
    s->d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG,
        0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, 4096u,
        /* one address may hold per_address_limit connections (serve's default 64): thousands
         * of trickling connections from one host no longer fill the 4,096 slots everyone
         * shares; an idle connection is closed after 15 s */
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_address_limit, MHD_OPTION_CONNECTION_TIMEOUT,
        15u, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024), MHD_OPTION_STRICT_FOR_CLIENT,
        1, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_END);
    if (!s->d) {
        snprintf(errbuf, errlen, "cannot listen on %s (%s)", cfg->listen,
                 errno ? ls_strerror(errno) : "libmicrohttpd refused the options");
        stop_threads(s);
        stop_grouper(s);
        taskpool_stop(s->pool);
        free(s);
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    if (port_out)
        *port_out = info ? info->port : 0;
    *out = s;
    return 0;
}

void http_server_stop(struct http_server *s, int grace_ms)
{
    if (!s)
        return;
    MHD_socket fd = MHD_quiesce_daemon(s->d);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    /* the waiting requests answer now (their handlers are told it is the last call) */
    stop_threads(s);
    struct timespec nap = { 0, 10 * 1000000L };
    for (int waited = 0; atomic_load(&s->inflight) > 0 && waited < grace_ms; waited += 10)
        nanosleep(&nap, NULL);
    /* the library must not stop with a connection suspended: the pool finishes what it has
     * (each task resumes its connection) before the daemon goes */
    taskpool_stop(s->pool);
    stop_grouper(s);
    MHD_stop_daemon(s->d);
    pthread_mutex_destroy(&s->group_mu);
    pthread_cond_destroy(&s->group_cv);
    pthread_mutex_destroy(&s->park_mu);
    pthread_cond_destroy(&s->park_cv);
    free(s);
}
