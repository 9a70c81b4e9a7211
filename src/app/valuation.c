/* app/valuation — see valuation.h. */
#include "app/valuation.h"

#include "valuation/valuation.h"

#define DEFAULT_SCHEME "cn-2021"

int app_value_run(const json_t *request, const char *input, const char *scheme, json_t **report,
                  struct ls_err *err)
{
    *report = NULL;
    if (!scheme)
        scheme = json_string_value(json_object_get(request, "scheme"));
    struct val_scheme *s = NULL;
    int rc = val_scheme_load(scheme ? scheme : DEFAULT_SCHEME, &s, err);
    if (!rc)
        rc = val_run(s, request, input, report, err);
    val_scheme_free(s);
    return rc;
}

int app_value_run_file(const char *path, const char *scheme, json_t **report, struct ls_err *err)
{
    *report = NULL;
    json_error_t je;
    json_t *req = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!req)
        return ls_err_set(err, LS_EINVAL, path, NULL, NULL, "line %d: %s", je.line, je.text);
    int rc = app_value_run(req, path, scheme, report, err);
    json_decref(req);
    return rc;
}

int app_value_catalogue(json_t **out, struct ls_err *err)
{
    *out = NULL;
    json_t *schemes = json_array();
    for (const char *const *id = val_scheme_builtin_ids(); *id; id++) {
        struct val_scheme *s = NULL;
        int rc = val_scheme_load(*id, &s, err);
        if (rc) {
            json_decref(schemes);
            return rc;
        }
        json_array_append_new(schemes, val_scheme_json(s));
        val_scheme_free(s);
    }
    *out = json_pack("{s:o, s:o}", "schemes", schemes, "methods", val_methods_json());
    return 0;
}
