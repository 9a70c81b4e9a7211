/*
 * server/app — configuration, the worker pool, authorisation, errors and request bodies
 * (app.h).
 */
#include "server/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/auth.h"
#include "app/check.h"
#include "bundle/bundle.h"
#include "compensation/compensation.h"
#include "contract/contract.h"
#include "damage/damage.h"
#include "plan/plan.h"
#include "report/pdf.h"
#include "valuation/valuation.h"
#include "venue/venue.h"

static void worker_fini(struct srv_worker *w)
{
    geo_transform_free(w->to_wgs84);
    geo_transform_free(w->from_wgs84);
    if (w->county)
        GDALClose(w->county);
    geo_area_ctx_free(w->area);
    if (w->has_zd)
        zn_data_free(&w->zd);
    dmg_close(w->damage);
    cmp_close(w->compensation);
    pln_close(w->plans);
    con_close(w->contracts);
    bnd_close(w->bundles);
    val_register_close(w->valuations);
    vn_close(w->venue);
    ind_close(w->ind);
    reg_close(w->reg);
    st_close(w->st);
    memset(w, 0, sizeof *w);
}

/* with_zoning: the control layers too (the costly part: prepared geometries and STR-trees
 * of every layer), for the workers that run checks; the others only know the county's CRS. */
static int worker_init(struct srv_app *app, struct srv_worker *w, int with_zoning,
                       struct ls_err *err)
{
    int rc = st_open(app->cfg.store, NULL, &w->st, err);
    if (!rc)
        rc = reg_open(w->st, &w->reg, err);
    if (!rc)
        rc = ind_open(w->st, w->reg, &w->ind, err);
    if (!rc)
        rc = vn_open(w->st, w->reg, w->ind, &w->venue, err);
    if (!rc)
        rc = val_register_open(w->st, w->reg, &w->valuations, err);
    if (!rc)
        rc = bnd_open(w->st, w->reg, w->valuations, &w->bundles, err);
    if (!rc)
        rc = con_open(w->st, w->reg, &w->contracts, err);
    if (!rc)
        rc = pln_open(w->st, w->reg, w->contracts, &w->plans, err);
    if (!rc)
        rc = cmp_open(w->st, &w->compensation, err);
    if (!rc)
        rc = dmg_open(w->st, &w->damage, err);
    if (!rc && app->county_path[0]) {
        if (with_zoning) {
            rc = zn_data_open(app->county_path, &app->rules, &w->zd, err);
            w->has_zd = !rc;
            if (!rc)
                rc = geo_area_ctx_new(&w->zd.crs, &w->area, err);
            if (!rc)
                app->county_epsg = w->zd.epsg;
        }
        if (!rc) {
            const char *const drivers[] = { "GPKG", NULL };
            w->county = GDALOpenEx(app->county_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                                   NULL, NULL);
            if (!w->county)
                rc = ls_err_set(err, LS_ENOENT, app->county_path, NULL, NULL,
                                "cannot open as a GeoPackage");
        }
        int county = app->county_epsg ? app->county_epsg : 4490;
        if (!rc)
            rc = geo_transform_new(county, 4326, &w->to_wgs84, err);
        if (!rc)
            rc = geo_transform_new(4326, county, &w->from_wgs84, err);
    }
    return rc;
}

/* The server's own paths never reach a client (docs/security.md): an error about
 * /srv/county/county.gpkg reads county.gpkg, one about the store reads "the store". Set once
 * by srv_app_open; one application per process. */
static struct {
    char path[1100];
    const char *as;
} hidden[5];

static void hide_path(int i, const char *path, int folder, const char *as)
{
    if (!path || !*path)
        return;
    snprintf(hidden[i].path, sizeof hidden[i].path, "%s%s", path, folder ? "/" : "");
    hidden[i].as = as;
}

/* msg with every hidden path replaced, into out */
static void without_paths(const char *msg, char *out, size_t size)
{
    size_t o = 0;
    const char *start = msg;
    while (*msg && o + 1 < size) {
        int hit = 0;
        /* a path starts a word: "c/" is the folder c, not the end of "abc/" */
        int word = msg == start || strchr(" \"'(:,=", msg[-1]);
        for (size_t i = 0; word && i < sizeof hidden / sizeof *hidden && !hit; i++) {
            size_t n = strlen(hidden[i].path);
            if (n && !strncmp(msg, hidden[i].path, n)) {
                o += (size_t)snprintf(out + o, size - o, "%s", hidden[i].as);
                if (o >= size)
                    o = size - 1;
                msg += n;
                hit = 1;
            }
        }
        if (!hit)
            out[o++] = *msg++;
    }
    out[o] = '\0';
}

/* The opinion PDF's fonts are loaded off the start path: the first PDF then takes ~50 ms,
 * not ~300 (bench/opinion_bench); a PDF asked for meanwhile waits for the warm-up. */
static void *warm_fonts(void *arg)
{
    (void)arg;
    rp_warm_up();
    return NULL;
}

int srv_app_open(const struct srv_config *cfg, struct srv_app *app, struct ls_err *err)
{
    memset(app, 0, sizeof *app);
    app->cfg = *cfg;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    app->started = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    pthread_mutex_init(&app->mu, NULL);
    pthread_cond_init(&app->cv, NULL);
    pthread_mutex_init(&app->jobs_mu, NULL);
    pthread_mutex_init(&app->basemap_mu, NULL);
    if (srv_link_key(app->link_key))
        return ls_err_set(err, LS_ELIB, NULL, NULL, NULL, "no randomness for the link key");
    int rc = app_rules_open(cfg->rules ? cfg->rules : "cn-national-2024", &app->rules, err);
    if (rc)
        return rc;
    pthread_t warm;
    if (pthread_create(&warm, NULL, warm_fonts, NULL) == 0)
        pthread_detach(warm);
    if (cfg->data) {
        snprintf(app->county_path, sizeof app->county_path, "%s/county.gpkg", cfg->data);
        snprintf(app->province_path, sizeof app->province_path, "%s/province/province.gpkg",
                 cfg->data);
        struct stat sb;
        if (stat(app->county_path, &sb) != 0) {
            zn_rules_free(&app->rules);
            return ls_err_set(err, LS_ENOENT, app->county_path, NULL, "--data",
                              "the county folder has no county.gpkg");
        }
        snprintf(app->jobs_dir, sizeof app->jobs_dir, "%s", cfg->jobs ? cfg->jobs : cfg->data);
        if (cfg->tiles)
            snprintf(app->tiles_dir, sizeof app->tiles_dir, "%s", cfg->tiles);
        else
            snprintf(app->tiles_dir, sizeof app->tiles_dir, "%s/tiles", cfg->data);
    }
    /* longest first: the store inside the data folder is "the store", not "store.gpkg" */
    hide_path(0, cfg->store, 0, "the store");
    int own_jobs = app->jobs_dir[0] && strcmp(app->jobs_dir, cfg->data ? cfg->data : "");
    hide_path(1, own_jobs ? app->jobs_dir : NULL, 1, "");
    hide_path(2, cfg->data, 1, "");
    hide_path(3, cfg->web, 1, "");
    hide_path(4, cfg->tiles, 1, "");
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    app->n_workers = cfg->threads ? cfg->threads : (unsigned)(cores > 0 ? cores : 1);
    srv_limits_init(&app->limits, app->n_workers);
    /* a worker for every thread that may run a handler at once (HTTP and task pool), and a
     * worker with the control layers for each pool thread (checks run only there): the
     * layers' memory, the large part, is held once per core, not twice; and the grouping
     * thread's own writer, last */
    app->n_zoning = app->n_workers;
    app->n_slots = app->n_zoning + 2 * app->n_workers + 1;
    app->workers = calloc(app->n_slots, sizeof *app->workers);
    if (!app->workers) {
        zn_rules_free(&app->rules);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    /* serially, the zoning workers first (they learn the county's CRS): GEOS and PROJ
     * context creation race on globals */
    for (unsigned i = 0; i < app->n_slots && !rc; i++) {
        int zoning = i < app->n_zoning;
        rc = worker_init(app, &app->workers[i], zoning, err);
        app->workers[i].zoning = zoning;
        if (i == app->n_slots - 1)
            break; /* the writer is on no list */
        struct srv_worker **list = zoning ? &app->free_zoning : &app->free_list;
        app->workers[i].next_free = *list;
        *list = &app->workers[i];
    }
    if (rc)
        srv_app_close(app);
    return rc;
}

void srv_app_close(struct srv_app *app)
{
    srv_jobs_free(app);
    for (unsigned i = 0; app->workers && i < app->n_slots; i++)
        worker_fini(&app->workers[i]);
    free(app->workers);
    app->workers = NULL;
    zn_rules_free(&app->rules);
    pthread_mutex_destroy(&app->mu);
    pthread_cond_destroy(&app->cv);
    pthread_mutex_destroy(&app->jobs_mu);
    pthread_mutex_destroy(&app->basemap_mu);
    srv_limits_fini(&app->limits);
}

static struct srv_worker *take(struct srv_app *app, struct srv_worker **list)
{
    pthread_mutex_lock(&app->mu);
    while (!*list)
        pthread_cond_wait(&app->cv, &app->mu);
    struct srv_worker *w = *list;
    *list = w->next_free;
    pthread_mutex_unlock(&app->mu);
    return w;
}

struct srv_worker *srv_worker_take(struct srv_app *app)
{
    return take(app, &app->free_list);
}

struct srv_worker *srv_worker_take_zoning(struct srv_app *app)
{
    return take(app, &app->free_zoning);
}

struct srv_worker *srv_worker_writer(struct srv_app *app)
{
    return &app->workers[app->n_slots - 1];
}

void srv_worker_give(struct srv_app *app, struct srv_worker *w)
{
    pthread_mutex_lock(&app->mu);
    struct srv_worker **list = w->zoning ? &app->free_zoning : &app->free_list;
    w->next_free = *list;
    *list = w;
    /* both kinds wait on one condition: wake them all, each checks its own list */
    pthread_cond_broadcast(&app->cv);
    pthread_mutex_unlock(&app->mu);
}

void srv_error(struct http_resp *w, const struct ls_err *err)
{
    static const struct {
        int code, status;
        const char *name;
    } map[] = {
        { LS_EINVAL, 400, "invalid_input" }, { LS_ENOENT, 404, "not_found" },
        { LS_EEXIST, 409, "exists" },        { LS_EBUSY, 503, "busy" },
        { LS_ENOMEM, 413, "too_large" },     { LS_EUNSUPP, 422, "unsupported" },
    };
    int status = 500;
    const char *name = "internal";
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (map[i].code == err->code) {
            status = map[i].status;
            name = map[i].name;
        }
    char buf[1200];
    if (status == 500) {
        char safe[2600];
        http_log("error", "msg=\"%s\"",
                 http_log_value(ls_err_format(err, buf, sizeof buf), safe, sizeof safe));
    }
    char shown[1200];
    without_paths(ls_err_format(err, buf, sizeof buf), shown, sizeof shown);
    http_resp_error(w, status, name, err->field[0] ? err->field : NULL, "%s", shown);
    if (status == 503)
        w->retry_after = 1;
}

json_t *srv_body_object(struct http_req *r, struct http_resp *w)
{
    if (!r->body || !r->body_len) {
        http_resp_error(w, 400, "invalid_json", "body", "the request needs a JSON object body");
        return NULL;
    }
    json_error_t je;
    json_t *o = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!o) {
        http_resp_error(w, 400, "invalid_json", "body", "malformed JSON at line %d column %d: %s",
                        je.line, je.column, je.text);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        http_resp_error(w, 400, "invalid_json", "body", "the body must be a JSON object");
        return NULL;
    }
    return o;
}

int srv_only_fields(json_t *o, const char *const *allowed, struct http_resp *w)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        int ok = 0;
        for (int i = 0; allowed[i] && !ok; i++)
            ok = !strcmp(allowed[i], k);
        if (!ok) {
            http_resp_error(w, 400, "unknown_field", k, "unknown field \"%s\"", k);
            return -1;
        }
    }
    return 0;
}

int srv_authorise(struct http_req *r, const struct http_route *route, struct http_resp *w)
{
    snprintf(r->user.role, sizeof r->user.role, "public");
    const char *h = http_header(r, "Authorization");
    int public_route = !strcmp(route->permission, "public");
    if (h && !strncmp(h, "Bearer ", 7) && strlen(h + 7) < sizeof r->token)
        snprintf(r->token, sizeof r->token, "%s", h + 7);
    if (!r->token[0]) {
        if (public_route)
            return 0;
        http_resp_error(w, 401, "unauthenticated", "Authorization",
                        "log in first (POST /api/v1/session) and send the token as "
                        "\"Authorization: Bearer TOKEN\"");
        return 1;
    }
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct ls_err err = { 0 };
    int rc = app_auth_session(wk->st, r->token, &r->user, &err);
    srv_worker_give(app, wk);
    if (rc) {
        snprintf(r->user.role, sizeof r->user.role, "public");
        r->user.username[0] = '\0';
        if (public_route && rc != -LS_EBUSY)
            return 0; /* a stale token on a public page: served as the public */
        if (rc == -LS_EINVAL)
            http_resp_error(w, 401, "token_expired", "Authorization", "%s", err.msg);
        else if (rc == -LS_ENOENT)
            http_resp_error(w, 401, "invalid_token", "Authorization", "%s", err.msg);
        else
            srv_error(w, &err);
        return 1;
    }
    if (!app_auth_allows(r->user.role, route->permission)) {
        http_resp_error(w, 403, "forbidden", NULL,
                        "the role %s may not do this (%s %s needs the permission %s)", r->user.role,
                        r->method, route->pattern, route->permission);
        return 1;
    }
    return 0;
}

/* A name in the county's data folder: a survey (county*.gpkg) or a GEP run (gep-*, with its
 * account.json); the full path into path, or 0 when it is none of them. */
int srv_evidence_path(struct srv_app *app, const char *name, int survey, char *path, size_t cap)
{
    size_t n = name ? strlen(name) : 0;
    if (!app->cfg.data || !n || n > 63 || name[0] == '.' || strstr(name, "..") ||
        strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-._") != n)
        return 0;
    if (survey ? strncmp(name, "county", 6) || n < 11 || strcmp(name + n - 5, ".gpkg")
               : strncmp(name, "gep-", 4))
        return 0;
    struct stat sb;
    snprintf(path, cap, "%s/%s%s", app->cfg.data, name, survey ? "" : "/account.json");
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return 0;
    if (!survey)
        path[strlen(path) - strlen("/account.json")] = '\0';
    return 1;
}

const char *srv_as_of(struct http_req *r, char today[32])
{
    const char *as_of = http_query(r, "as_of");
    if (as_of)
        return as_of;
    lg_now_utc(today);
    today[10] = '\0';
    return today;
}
