/* app/bundle — see bundle.h. */
#include "app/bundle.h"

#include <string.h>

#include "app/registry.h"

#define DEFAULT_SCHEME "cn-2021"

int app_bundle_open(const char *target, struct app_bundle *a, struct ls_err *err)
{
    memset(a, 0, sizeof *a);
    int rc = app_registry_open(target, &a->st, &a->reg, err);
    if (!rc)
        rc = val_register_open(a->st, a->reg, &a->vr, err);
    if (!rc)
        rc = bnd_open(a->st, a->reg, a->vr, &a->bn, err);
    if (rc)
        app_bundle_close(a);
    return rc;
}

void app_bundle_close(struct app_bundle *a)
{
    bnd_close(a->bn);
    val_register_close(a->vr);
    if (a->st)
        app_registry_close(a->st, a->reg);
    memset(a, 0, sizeof *a);
}

static int scheme_load(const json_t *request, const char *scheme, struct val_scheme **s,
                       struct ls_err *err)
{
    if (!scheme)
        scheme = json_string_value(json_object_get(request, "scheme"));
    return val_scheme_load(scheme ? scheme : DEFAULT_SCHEME, s, err);
}

int app_bundle_check(struct app_bundle *a, const json_t *request, const char *input,
                     const char *scheme, json_t **report, struct ls_err *err)
{
    *report = NULL;
    struct val_scheme *s = NULL;
    int rc = scheme_load(request, scheme, &s, err);
    if (!rc) {
        rc = st_begin_read(a->st, err);
        if (!rc)
            rc = bnd_check(a->bn, s, request, input, report, err);
        st_rollback(a->st);
    }
    val_scheme_free(s);
    return rc;
}

int app_bundle_record(struct app_bundle *a, const json_t *request, const char *input,
                      const char *scheme, const char *actor, const char *recorded, json_t **report,
                      struct ls_err *err)
{
    *report = NULL;
    struct val_scheme *s = NULL;
    int rc = scheme_load(request, scheme, &s, err);
    if (!rc)
        rc = st_begin_write(a->st, err);
    if (!rc) {
        struct bnd_submit_opts o = { actor, recorded };
        rc = bnd_submit(a->bn, s, request, &o, input, NULL, report, err);
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

int app_bundle_approve(struct app_bundle *a, const char *id, const char *date, const char *actor,
                       const char *recorded, json_t **out, struct ls_err *err)
{
    *out = NULL;
    long long seq = 0;
    struct bnd_submit_opts o = { actor, recorded };
    int rc = st_begin_write(a->st, err);
    if (!rc)
        rc = bnd_approve(a->bn, id, date, &o, "approval", &seq, err);
    if (!rc)
        rc = st_commit(a->st, err);
    if (rc) {
        st_rollback(a->st);
        return rc;
    }
    *out = json_pack("{s:s, s:I}", "bundle", id, "seq", (json_int_t)seq);
    return 0;
}

int app_bundle_get(struct app_bundle *a, const char *id, int approved_only, json_t **out,
                   struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = bnd_get(a->bn, id, approved_only, out, err);
    st_rollback(a->st);
    return rc;
}

int app_bundle_list(struct app_bundle *a, const char *as_of, int approved_only, json_t **out,
                    struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = bnd_list(a->bn, as_of, approved_only, out, err);
    st_rollback(a->st);
    return rc;
}
