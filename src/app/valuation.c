/* app/valuation — see valuation.h. */
#include "app/valuation.h"

#include <string.h>

#include "app/registry.h"

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

int app_value_read_request(const char *path, json_t **req, struct ls_err *err)
{
    json_error_t je;
    *req = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    return *req ? 0 : ls_err_set(err, LS_EINVAL, path, NULL, NULL, "line %d: %s", je.line, je.text);
}

int app_value_run_file(const char *path, const char *scheme, json_t **report, struct ls_err *err)
{
    *report = NULL;
    json_t *req = NULL;
    int rc = app_value_read_request(path, &req, err);
    if (rc)
        return rc;
    rc = app_value_run(req, path, scheme, report, err);
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

int app_valuation_open(const char *target, struct app_valuation *a, struct ls_err *err)
{
    memset(a, 0, sizeof *a);
    int rc = app_registry_open(target, &a->st, &a->reg, err);
    if (!rc)
        rc = val_register_open(a->st, a->reg, &a->vr, err);
    if (rc)
        app_valuation_close(a);
    return rc;
}

void app_valuation_close(struct app_valuation *a)
{
    val_register_close(a->vr);
    if (a->st)
        app_registry_close(a->st, a->reg);
    memset(a, 0, sizeof *a);
}

int app_value_record(struct app_valuation *a, const json_t *request, const char *input,
                     const char *scheme, const char *actor, const char *recorded, json_t **report,
                     struct ls_err *err)
{
    *report = NULL;
    if (!scheme)
        scheme = json_string_value(json_object_get(request, "scheme"));
    struct val_scheme *s = NULL;
    int rc = val_scheme_load(scheme ? scheme : DEFAULT_SCHEME, &s, err);
    if (!rc)
        rc = st_begin_write(a->st, err);
    if (!rc) {
        struct val_submit_opts o = { actor, recorded };
        rc = val_submit(a->vr, s, request, &o, input, NULL, report, err);
        if (!rc)
            rc = st_commit(a->st, err);
        if (rc) {
            st_rollback(a->st);
            json_decref(*report);
            *report = NULL;
        }
    }
    val_scheme_free(s);
    return rc;
}

int app_value_approve(struct app_valuation *a, const char *id, const char *date, const char *actor,
                      const char *recorded, json_t **out, struct ls_err *err)
{
    *out = NULL;
    long long seq = 0;
    struct val_submit_opts o = { actor, recorded };
    int rc = st_begin_write(a->st, err);
    if (!rc)
        rc = val_approve(a->vr, id, date, &o, "approval", &seq, err);
    if (!rc)
        rc = st_commit(a->st, err);
    if (rc) {
        st_rollback(a->st);
        return rc;
    }
    *out = json_pack("{s:s, s:I}", "valuation", id, "seq", (json_int_t)seq);
    return 0;
}

int app_value_get(struct app_valuation *a, const char *id, int approved_only, json_t **out,
                  struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = val_get(a->vr, id, approved_only, out, err);
    st_rollback(a->st);
    return rc;
}

int app_value_list(struct app_valuation *a, const char *unit, const char *as_of, int approved_only,
                   json_t **out, struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = val_list(a->vr, unit, as_of, approved_only, out, err);
    st_rollback(a->st);
    return rc;
}
