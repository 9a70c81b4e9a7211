/*
 * server/app — the application behind `liangshan serve`: the configuration, a pool of
 * workers (one per thread that runs handlers — the HTTP threads and as many task-pool
 * threads, see http.h — so a handler never waits for one: each has its own store
 * connection, registry, PROJ context and OGR dataset, because none of those may be shared
 * between threads; and one per pool thread that also holds the control layers with their
 * GEOS context and prepared geometries, for the checks), the route table, and the jobs
 * (long runs).
 *
 * A handler borrows a worker for the length of one request (srv_worker_take/give; a check
 * srv_worker_take_zoning).
 * Ownership: srv_app_open fills an app the caller closes with srv_app_close.
 */
#ifndef LS_SERVER_APP_H
#define LS_SERVER_APP_H

#include <pthread.h>

#include <gdal.h>
#include <ogr_srs_api.h>

#include "base/embedded.h"
#include "geo/transform.h"
#include "registry/registry.h"
#include "server/http.h"
#include "server/limits.h"
#include "server/links.h"
#include "store/store.h"
#include "zoning/check.h"

struct ind;
struct venue;
struct val_register;
struct bnd;
struct con;
struct pln;

struct srv_worker {
    struct ls_store *st;
    struct reg *reg;
    struct ind *ind;     /* the indicator register on st */
    struct venue *venue; /* the trading venue: its books stay in memory between requests */
    struct val_register *valuations;
    struct bnd *bundles; /* asset bundles (组合标的) on the valuations */
    struct con *contracts;
    struct pln *plans;        /* allocation plans (配置方案) on the contracts */
    struct cmp *compensation; /* 生态补偿 allocations and agreements */
    struct dmg *damage;       /* 自然资源资产损害 cases */
    struct zn_data zd;
    int has_zd;
    struct geo_area_ctx *area;
    GDALDatasetH county;                         /* the county's vector layers, read-only */
    struct geo_transform *to_wgs84, *from_wgs84; /* county CRS <-> EPSG:4326 */
    int zoning; /* on the list of workers with the control layers */
    struct srv_worker *next_free;
};

struct srv_job;

#define SRV_BASEMAP_MAX 4

struct srv_config {
    const char *store;       /* .gpkg or postgresql:// */
    const char *data;        /* the county folder: county.gpkg, gep-account*.json, gep-* results */
    const char *web;         /* static UI folder, or NULL */
    const char *jobs;        /* where job results go (default DATA/jobs) */
    const char *listen;      /* "127.0.0.1:8080" */
    const char *rules;       /* zoning rule table */
    const char *exe;         /* this binary, for job subprocesses */
    unsigned threads;        /* 0: cores */
    long session_ttl_s;      /* session lifetime */
    const char *checkpoints; /* signed ledger checkpoints published and verified, or NULL */
    const char *public_key;  /* ... and the Ed25519 public key (PEM) they are checked with */
    const char *tsa_ca;      /* ... and, when set, the CA their RFC 3161 stamps must chain to */
    const char *public_url;  /* the address readers reach the UI at, printed on opinions */
    /* XYZ tile URL templates ({z} {x} {y}, optional {s}) of a configured basemap, base first
     * then its annotation layers (天地图 vec_w + cva_w); NULL-ended; none: the county's own */
    const char *basemap_urls[SRV_BASEMAP_MAX + 1];
    const char *basemap_subdomains;  /* what {s} takes, e.g. "01234567"; NULL: "abc" */
    const char *basemap_attribution; /* shown on the map under the configured basemap */
    const char *tiles;               /* the county basemap's tile cache (default DATA/tiles) */
    int quiet;
    int market_clock_requests; /* trust a trader request's date and time (else the server's) */
};

struct srv_app {
    struct srv_config cfg;
    char county_path[1024];
    char province_path[1024]; /* DATA/province/province.gpkg: a region's counties (the demo's) */
    char jobs_dir[1024];
    struct zn_rules rules;
    struct srv_worker *workers;
    unsigned n_workers; /* HTTP threads, and as many task-pool threads */
    unsigned n_slots;   /* workers: one per thread of either kind, and n_zoning more */
    unsigned n_zoning;  /* workers with the control layers: one per pool thread */
    int county_epsg;    /* the county's CRS (from the control layers) */
    struct srv_worker *free_list, *free_zoning;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* jobs */
    pthread_mutex_t jobs_mu;
    struct srv_job *jobs;
    long next_job;
    double started;
    struct srv_limits limits;             /* logins per address and account, and at once */
    unsigned char link_key[SRV_LINK_KEY]; /* signs the short-lived links (server/links) */
    /* the county's own basemap: composed on the first tile asked for, again when its data
     * changes (the mutex lets one request compose while the others wait) */
    char tiles_dir[1024];
    pthread_mutex_t basemap_mu;
};

int srv_app_open(const struct srv_config *cfg, struct srv_app *app, struct ls_err *err);
void srv_app_close(struct srv_app *app);

struct srv_worker *srv_worker_take(struct srv_app *app);
/* A worker holding the control layers (has_zd), for checks. */
struct srv_worker *srv_worker_take_zoning(struct srv_app *app);
void srv_worker_give(struct srv_app *app, struct srv_worker *w);
/* The one worker of the grouping thread (HTTP_GROUP routes), never given back: its
 * connection's page cache and its venue's books in memory stay warm from one group to the
 * next, where another worker would find the store changed and read them all again. */
struct srv_worker *srv_worker_writer(struct srv_app *app);

/* The route table (also what the OpenAPI test compares against). */
extern const struct http_route srv_routes[];
extern const size_t srv_n_routes;

/* Authorisation hook of the HTTP layer. */
int srv_authorise(struct http_req *r, const struct http_route *route, struct http_resp *w);
/* Static files of the web UI. */
void srv_static(struct http_req *r, struct http_resp *w);

/* Maps an ls_err to an HTTP status and JSON error body. */
void srv_error(struct http_resp *w, const struct ls_err *err);
/* Parses the request body as a JSON object; on failure sets a 400 and returns NULL. */
json_t *srv_body_object(struct http_req *r, struct http_resp *w);

/* 0 when every key of o is in allowed (NULL-terminated); else a 400 naming the first other
 * key: a field the resource does not have is refused, not silently ignored. */
int srv_only_fields(json_t *o, const char *const *allowed, struct http_resp *w);

/* Handlers, one file per resource. */
void api_health(struct http_req *r, struct http_resp *w);
void api_openapi(struct http_req *r, struct http_resp *w);
void api_landclasses(struct http_req *r, struct http_resp *w);
void api_basemaps(struct http_req *r, struct http_resp *w);
void api_basemap_tile(struct http_req *r, struct http_resp *w);
void api_gep_map_value(struct http_req *r, struct http_resp *w);
void api_opinions_list(struct http_req *r, struct http_resp *w);
void api_opinion(struct http_req *r, struct http_resp *w);
void api_opinion_pdf(struct http_req *r, struct http_resp *w);
void api_verification(struct http_req *r, struct http_resp *w);
void api_session_login(struct http_req *r, struct http_resp *w);
void api_session_get(struct http_req *r, struct http_resp *w);
void api_session_logout(struct http_req *r, struct http_resp *w);
void api_users_list(struct http_req *r, struct http_resp *w);
void api_users_add(struct http_req *r, struct http_resp *w);
void api_users_update(struct http_req *r, struct http_resp *w);
void api_layers(struct http_req *r, struct http_resp *w);
void api_layer_features(struct http_req *r, struct http_resp *w);
void api_layer_feature(struct http_req *r, struct http_resp *w);
void api_layer_labels(struct http_req *r, struct http_resp *w);
void api_layer_export(struct http_req *r, struct http_resp *w);
void api_check_categories(struct http_req *r, struct http_resp *w);
void api_check(struct http_req *r, struct http_resp *w);
void api_registry_search(struct http_req *r, struct http_resp *w);
void api_registry_unit(struct http_req *r, struct http_resp *w);
void api_registry_history(struct http_req *r, struct http_resp *w);
void api_registry_apply(struct http_req *r, struct http_resp *w);
void api_registry_vocabulary(struct http_req *r, struct http_resp *w);
void api_ledger_head(struct http_req *r, struct http_resp *w);
void api_ledger_checkpoints(struct http_req *r, struct http_resp *w);
void api_ledger_verify(struct http_req *r, struct http_resp *w);
void api_gep_accounts(struct http_req *r, struct http_resp *w);
void api_gep_account(struct http_req *r, struct http_resp *w);
void api_gep_file(struct http_req *r, struct http_resp *w);
void api_gep_map(struct http_req *r, struct http_resp *w);
void api_gep_run(struct http_req *r, struct http_resp *w);
void api_indicator_classes(struct http_req *r, struct http_resp *w);
void api_indicator_projects(struct http_req *r, struct http_resp *w);
void api_indicator_project(struct http_req *r, struct http_resp *w);
void api_indicator_acceptance(struct http_req *r, struct http_resp *w);
void api_indicator_history(struct http_req *r, struct http_resp *w);
void api_indicator_holdings(struct http_req *r, struct http_resp *w);
void api_indicator_obligations(struct http_req *r, struct http_resp *w);
void api_indicator_obligation(struct http_req *r, struct http_resp *w);
void api_indicator_report(struct http_req *r, struct http_resp *w);
void api_indicator_verification(struct http_req *r, struct http_resp *w);
void api_indicator_requests(struct http_req *r, struct http_resp *w);
void api_indicator_holder_requests(struct http_req *r, struct http_resp *w);
void api_market_rules(struct http_req *r, struct http_resp *w);
void api_market_instruments(struct http_req *r, struct http_resp *w);
void api_market_book(struct http_req *r, struct http_resp *w);
void api_market_trades(struct http_req *r, struct http_resp *w);
void api_market_account(struct http_req *r, struct http_resp *w);
void api_market_party_requests_group(struct http_req **r, struct http_resp **w, size_t n);
void api_valuation_methods(struct http_req *r, struct http_resp *w);
void api_valuation_list(struct http_req *r, struct http_resp *w);
void api_valuation_get(struct http_req *r, struct http_resp *w);
void api_valuation_post(struct http_req *r, struct http_resp *w);
void api_valuation_approve(struct http_req *r, struct http_resp *w);
void api_compensation_list(struct http_req *r, struct http_resp *w);
void api_compensation_get(struct http_req *r, struct http_resp *w);
void api_compensation_map(struct http_req *r, struct http_resp *w);
void api_compensation_publish(struct http_req *r, struct http_resp *w);
void api_compensation_agreement(struct http_req *r, struct http_resp *w);
void api_damage_list(struct http_req *r, struct http_resp *w);
void api_damage_get(struct http_req *r, struct http_resp *w);
void api_damage_action(struct http_req *r, struct http_resp *w);
void api_damage_value(struct http_req *r, struct http_resp *w);
void api_plan_list(struct http_req *r, struct http_resp *w);
void api_plan_get(struct http_req *r, struct http_resp *w);
void api_plan_track(struct http_req *r, struct http_resp *w);
void api_plan_post(struct http_req *r, struct http_resp *w);
void api_plan_approve(struct http_req *r, struct http_resp *w);
void api_bundle_list(struct http_req *r, struct http_resp *w);
void api_bundle_get(struct http_req *r, struct http_resp *w);
void api_bundle_post(struct http_req *r, struct http_resp *w);
void api_bundle_approve(struct http_req *r, struct http_resp *w);
void api_contract_list(struct http_req *r, struct http_resp *w);
void api_registry_unit_value(struct http_req *r, struct http_resp *w);
void api_contract_get(struct http_req *r, struct http_resp *w);
void api_contract_post(struct http_req *r, struct http_resp *w);
void api_contract_check(struct http_req *r, struct http_resp *w);
void api_market_requests_group(struct http_req **r, struct http_resp **w, size_t n);
void api_market_listings(struct http_req *r, struct http_resp *w);
void api_market_listing(struct http_req *r, struct http_resp *w);
void api_market_events(struct http_req *r, struct http_resp *w);
void api_market_report(struct http_req *r, struct http_resp *w);
/* A refusal by a rule answers 422 with the rule's message, the record and the field; any
 * other failure as srv_error does. */
void srv_refusal(struct http_resp *w, int rc, const struct ls_err *err);

/* A name in the county's data folder: a survey (county*.gpkg) or a GEP run (gep-*, with its
 * account.json); its full path into path (a GEP run: the folder), 0 when it is neither — so a
 * request names evidence without ever reaching outside the data folder. */
int srv_evidence_path(struct srv_app *app, const char *name, int survey, char *path, size_t cap);

/* The request's ?as_of=, or the server's date (YYYY-MM-DD, written into today). */
const char *srv_as_of(struct http_req *r, char today[32]);
void api_jobs_list(struct http_req *r, struct http_resp *w);
void api_job(struct http_req *r, struct http_resp *w);

void srv_jobs_free(struct srv_app *app);

/* The server's documents (openapi), the JSON files of data/server compiled in (scripts/embed.sh).
 */
extern const struct ls_embedded server_builtin_docs[];

#endif
