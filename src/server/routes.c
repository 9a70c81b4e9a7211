/*
 * server/routes — the API's route table: method, path pattern, handler and the permission
 * a role needs (auth.h). data/server/openapi.json documents exactly these routes; a test
 * compares the two. HTTP_OFFLOAD marks the handlers that hold a CPU for long (a password
 * hash, an upload's check or import, the whole chain's verification, a map rendered from a
 * raster): they run on the task pool, away from the threads that answer everything else.
 */
#include "server/app.h"

const struct http_route srv_routes[] = {
    { "GET", "/api/v1/health", api_health, "public", HTTP_INLINE },
    { "GET", "/api/v1/openapi.json", api_openapi, "public", HTTP_INLINE },
    { "POST", "/api/v1/session", api_session_login, "public", HTTP_OFFLOAD },
    { "GET", "/api/v1/session", api_session_get, "read", HTTP_INLINE },
    /* "public": an account of the public role holds a session too, and must be able to end it */
    { "DELETE", "/api/v1/session", api_session_logout, "public", HTTP_INLINE },
    { "GET", "/api/v1/users", api_users_list, "users.read", HTTP_INLINE },
    { "POST", "/api/v1/users", api_users_add, "users.manage", HTTP_OFFLOAD },
    { "PATCH", "/api/v1/users/{username}", api_users_update, "users.manage", HTTP_OFFLOAD },
    { "GET", "/api/v1/layers", api_layers, "public", HTTP_INLINE },
    { "GET", "/api/v1/layers/{layer}/features", api_layer_features, "public", HTTP_INLINE },
    { "GET", "/api/v1/layers/{layer}/features/{fid}", api_layer_feature, "public", HTTP_INLINE },
    { "GET", "/api/v1/layers/{layer}/labels", api_layer_labels, "public", HTTP_INLINE },
    { "GET", "/api/v1/layers/{layer}/export", api_layer_export, "public", HTTP_OFFLOAD },
    { "GET", "/api/v1/landclasses/{scheme}", api_landclasses, "public", HTTP_INLINE },
    { "GET", "/api/v1/basemaps", api_basemaps, "public", HTTP_INLINE },
    /* offloaded: the first tile composes the county's basemap, a new one warps a piece of it */
    { "GET", "/api/v1/basemap/tiles/{z}/{x}/{y}", api_basemap_tile, "public", HTTP_OFFLOAD },
    { "GET", "/api/v1/checks/categories", api_check_categories, "public", HTTP_INLINE },
    { "POST", "/api/v1/checks", api_check, "check", HTTP_OFFLOAD },
    { "GET", "/api/v1/opinions", api_opinions_list, "read", HTTP_INLINE },
    { "GET", "/api/v1/opinions/{id}", api_opinion, "read", HTTP_INLINE },
    /* public: staff, or whoever holds the signed link an opinion's answer gives */
    { "GET", "/api/v1/opinions/{id}/pdf", api_opinion_pdf, "public", HTTP_OFFLOAD },
    /* public: the code is printed on paper for anyone to check */
    { "GET", "/api/v1/verification/{code}", api_verification, "public", HTTP_INLINE },
    { "GET", "/api/v1/registry/units", api_registry_search, "read", HTTP_INLINE },
    { "GET", "/api/v1/registry/units/{code}", api_registry_unit, "read", HTTP_INLINE },
    { "GET", "/api/v1/registry/units/{code}/history", api_registry_history, "read", HTTP_INLINE },
    { "POST", "/api/v1/registry/applications", api_registry_apply, "registry.write", HTTP_OFFLOAD },
    { "GET", "/api/v1/registry/vocabulary", api_registry_vocabulary, "public", HTTP_INLINE },
    { "GET", "/api/v1/ledger/head", api_ledger_head, "read", HTTP_INLINE },
    { "GET", "/api/v1/ledger/verification", api_ledger_verify, "ledger.verify", HTTP_OFFLOAD },
    /* public: a checkpoint is worth what its audience can compare it with */
    { "GET", "/api/v1/ledger/checkpoints", api_ledger_checkpoints, "public", HTTP_INLINE },
    { "GET", "/api/v1/gep/accounts", api_gep_accounts, "public", HTTP_INLINE },
    { "GET", "/api/v1/gep/accounts/{id}", api_gep_account, "public", HTTP_INLINE },
    { "GET", "/api/v1/gep/accounts/{id}/files/{name}", api_gep_file, "public", HTTP_INLINE },
    { "GET", "/api/v1/gep/accounts/{id}/maps/{item}", api_gep_map, "public", HTTP_OFFLOAD },
    { "GET", "/api/v1/gep/accounts/{id}/maps/{item}/value", api_gep_map_value, "public",
      HTTP_INLINE },
    { "POST", "/api/v1/gep/runs", api_gep_run, "gep.run", HTTP_INLINE },
    { "GET", "/api/v1/indicators/classes", api_indicator_classes, "public", HTTP_INLINE },
    { "GET", "/api/v1/indicators/projects", api_indicator_projects, "public", HTTP_INLINE },
    { "GET", "/api/v1/indicators/projects/{project}", api_indicator_project, "public",
      HTTP_INLINE },
    { "POST", "/api/v1/indicators/projects/{project}/acceptance", api_indicator_acceptance,
      "indicator.review", HTTP_OFFLOAD },
    { "GET", "/api/v1/indicators/history/{key}", api_indicator_history, "public", HTTP_INLINE },
    { "GET", "/api/v1/indicators/holdings/{holder}", api_indicator_holdings, "read", HTTP_INLINE },
    { "POST", "/api/v1/indicators/holdings/{holder}/requests", api_indicator_holder_requests,
      "indicator.trade", HTTP_INLINE },
    { "GET", "/api/v1/indicators/obligations", api_indicator_obligations, "public", HTTP_INLINE },
    { "GET", "/api/v1/indicators/obligations/{id}", api_indicator_obligation, "public",
      HTTP_INLINE },
    { "GET", "/api/v1/indicators/report", api_indicator_report, "public", HTTP_INLINE },
    { "GET", "/api/v1/indicators/verification", api_indicator_verification, "ledger.verify",
      HTTP_OFFLOAD },
    { "POST", "/api/v1/indicators/requests", api_indicator_requests, "indicator.write",
      HTTP_INLINE },
    { "GET", "/api/v1/market/rules", api_market_rules, "public", HTTP_INLINE },
    { "GET", "/api/v1/market/instruments", api_market_instruments, "public", HTTP_INLINE },
    { "GET", "/api/v1/market/instruments/{instrument}/book", api_market_book, "public",
      HTTP_INLINE },
    { "GET", "/api/v1/market/instruments/{instrument}/trades", api_market_trades, "public",
      HTTP_INLINE },
    { "GET", "/api/v1/market/events", api_market_events, "public", HTTP_WAIT },
    { "GET", "/api/v1/market/report", api_market_report, "public", HTTP_INLINE },
    { "GET", "/api/v1/market/listings", api_market_listings, "public", HTTP_INLINE },
    { "GET", "/api/v1/market/listings/{listing}", api_market_listing, "public", HTTP_INLINE },
    { "GET", "/api/v1/market/accounts/{party}", api_market_account, "read", HTTP_INLINE },
    { "POST", "/api/v1/market/accounts/{party}/requests", api_market_party_requests, "market.trade",
      HTTP_INLINE },
    { "POST", "/api/v1/market/requests", api_market_requests, "market.operate", HTTP_INLINE },
    { "GET", "/api/v1/jobs", api_jobs_list, "read", HTTP_INLINE },
    { "GET", "/api/v1/jobs/{id}", api_job, "read", HTTP_INLINE },
};
const size_t srv_n_routes = sizeof srv_routes / sizeof *srv_routes;
