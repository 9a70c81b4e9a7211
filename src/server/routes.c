/*
 * server/routes — the API's route table: method, path pattern, handler and the permission
 * a role needs (auth.h). data/server/openapi.json documents exactly these routes; a test
 * compares the two.
 */
#include "server/app.h"

const struct http_route srv_routes[] = {
    { "GET", "/api/v1/health", api_health, "public" },
    { "GET", "/api/v1/openapi.json", api_openapi, "public" },
    { "POST", "/api/v1/session", api_session_login, "public" },
    { "GET", "/api/v1/session", api_session_get, "read" },
    /* "public": an account of the public role holds a session too, and must be able to end it */
    { "DELETE", "/api/v1/session", api_session_logout, "public" },
    { "GET", "/api/v1/users", api_users_list, "users.read" },
    { "POST", "/api/v1/users", api_users_add, "users.manage" },
    { "PATCH", "/api/v1/users/{username}", api_users_update, "users.manage" },
    { "GET", "/api/v1/layers", api_layers, "public" },
    { "GET", "/api/v1/layers/{layer}/features", api_layer_features, "public" },
    { "GET", "/api/v1/layers/{layer}/features/{fid}", api_layer_feature, "public" },
    { "GET", "/api/v1/checks/categories", api_check_categories, "public" },
    { "POST", "/api/v1/checks", api_check, "check" },
    { "GET", "/api/v1/registry/units", api_registry_search, "read" },
    { "GET", "/api/v1/registry/units/{code}", api_registry_unit, "read" },
    { "GET", "/api/v1/registry/units/{code}/history", api_registry_history, "read" },
    { "POST", "/api/v1/registry/applications", api_registry_apply, "registry.write" },
    { "GET", "/api/v1/ledger/head", api_ledger_head, "read" },
    { "GET", "/api/v1/ledger/verification", api_ledger_verify, "ledger.verify" },
    /* public: a checkpoint is worth what its audience can compare it with */
    { "GET", "/api/v1/ledger/checkpoints", api_ledger_checkpoints, "public" },
    { "GET", "/api/v1/gep/accounts", api_gep_accounts, "public" },
    { "GET", "/api/v1/gep/accounts/{id}", api_gep_account, "public" },
    { "GET", "/api/v1/gep/accounts/{id}/files/{name}", api_gep_file, "public" },
    { "GET", "/api/v1/gep/accounts/{id}/maps/{item}", api_gep_map, "public" },
    { "POST", "/api/v1/gep/runs", api_gep_run, "gep.run" },
    { "GET", "/api/v1/jobs", api_jobs_list, "read" },
    { "GET", "/api/v1/jobs/{id}", api_job, "read" },
};
const size_t srv_n_routes = sizeof srv_routes / sizeof *srv_routes;
