/*
 * server/api_meta — /api/v1/health (cheap: no store access, so a load balancer's probe costs
 * nothing), /api/v1/openapi.json (data/server/openapi.json, compiled in) and the land-class
 * names (/api/v1/landclasses/{scheme}).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/embedded.h"
#include "server/app.h"
#include "zoning/landclass.h"

void api_health(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double up = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 - app->started;
    char buf[160];
    int n = snprintf(buf, sizeof buf,
                     "{\"status\":\"ok\",\"uptime_s\":%.0f,\"version\":\"%s\",\"workers\":%u}", up,
                     LS_VERSION, app->n_workers);
    char *body = malloc((size_t)n + 1);
    if (!body) {
        http_resp_error(w, 500, "internal", NULL, "out of memory");
        return;
    }
    memcpy(body, buf, (size_t)n + 1);
    w->no_cache = 1;
    http_resp_take(w, 200, "application/json; charset=utf-8", body, (size_t)n);
}

void api_openapi(struct http_req *r, struct http_resp *w)
{
    (void)r;
    const struct ls_embedded *e = ls_embedded_find(server_builtin_docs, "openapi");
    char *body = e ? malloc(e->size) : NULL;
    if (!body) {
        http_resp_error(w, 500, "internal", NULL, "the OpenAPI document is missing");
        return;
    }
    memcpy(body, e->data, e->size);
    http_resp_take(w, 200, "application/json; charset=utf-8", body, e->size);
}

/* The names of a land-class scheme's codes, for the map's legend and the patches' popups. */
void api_landclasses(struct http_req *r, struct http_resp *w)
{
    int scheme = zn_scheme_parse(r->params[0]);
    json_t *t = scheme < 0 ? NULL : zn_landclass_table_json((enum zn_scheme)scheme);
    if (!t) {
        http_resp_error(w, 404, "not_found", "scheme",
                        "no land-class scheme \"%s\" (survey or planning)", r->params[0]);
        return;
    }
    http_resp_json(w, 200, t);
}
