/* app/compensation — see compensation.h. */
#include "app/compensation.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry.h"

int app_compensation_open(const char *target, struct app_compensation *a, struct ls_err *err)
{
    memset(a, 0, sizeof *a);
    int rc = app_registry_open(target, &a->st, &a->reg, err);
    if (!rc)
        rc = cmp_open(a->st, &a->cmp, err);
    if (rc)
        app_compensation_close(a);
    return rc;
}

void app_compensation_close(struct app_compensation *a)
{
    cmp_close(a->cmp);
    if (a->st)
        app_registry_close(a->st, a->reg);
    memset(a, 0, sizeof *a);
}

static int read_json(const char *path, json_t **out, struct ls_err *err)
{
    json_error_t je;
    *out = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!*out) {
        char where[32];
        snprintf(where, sizeof where, "line %d", je.line);
        return ls_err_set(err, je.line > 0 ? LS_EINVAL : LS_ENOENT, path,
                          je.line > 0 ? where : NULL, NULL, "%s", je.text);
    }
    return 0;
}

static void dir_of(const char *path, char *dir, size_t size)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", path);
    snprintf(dir, size, "%s", dirname(tmp));
}

int app_compensation_allocate_json(struct app_compensation *a, const json_t *request,
                                   const char *input, const char *base_dir,
                                   const struct app_allocate_opts *o, json_t **out,
                                   struct ls_err *err)
{
    *out = NULL;
    struct cmp_run_opts ro = { o ? o->allow_unverified : 0 };
    int rc = cmp_run(request, input, base_dir, &ro, out, err);
    if (rc)
        return rc;
    /* recorded and written together: the record is checked first (an id recorded already
     * refuses before any file is written), the report written, then the record committed */
    if (a && !(rc = st_begin_write(a->st, err))) {
        struct cmp_submit_opts so = { o ? o->actor : NULL, o ? o->recorded : NULL };
        long long seq = 0;
        rc = cmp_record_allocation(a->cmp, *out, &so, &seq, err);
        if (!rc)
            json_object_set_new(*out, "seq", json_integer(seq));
        if (!rc && o && o->out_dir)
            rc = cmp_report_write(*out, o->out_dir, o->overwrite, err);
        if (!rc)
            rc = st_commit(a->st, err);
        if (rc)
            st_rollback(a->st);
    } else if (!rc && o && o->out_dir) {
        rc = cmp_report_write(*out, o->out_dir, o->overwrite, err);
    }
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

int app_compensation_allocate(struct app_compensation *a, const char *request_path,
                              const struct app_allocate_opts *o, json_t **out, struct ls_err *err)
{
    *out = NULL;
    json_t *req = NULL;
    int rc = read_json(request_path, &req, err);
    char dir[1024];
    dir_of(request_path, dir, sizeof dir);
    if (!rc)
        rc = app_compensation_allocate_json(a, req, request_path, dir, o, out, err);
    json_decref(req);
    return rc;
}

/* A file when it opens as one; else, with a store, a recorded allocation. */
static int allocation(struct app_compensation *a, const char *what, json_t **out,
                      struct ls_err *err)
{
    FILE *f = fopen(what, "rb");
    if (f) {
        fclose(f);
        return read_json(what, out, err);
    }
    if (!a)
        return ls_err_set(err, LS_ENOENT, what, NULL, NULL,
                          "no such allocation file (give --store to name a recorded one)");
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = cmp_get_allocation(a->cmp, what, 0, out, err);
    st_rollback(a->st);
    return rc;
}

int app_compensation_diff(struct app_compensation *a, const char *before, const char *after,
                          json_t **out, struct ls_err *err)
{
    *out = NULL;
    json_t *x = NULL, *y = NULL;
    int rc = allocation(a, before, &x, err);
    if (!rc)
        rc = allocation(a, after, &y, err);
    if (!rc)
        rc = cmp_diff(x, y, out, err);
    json_decref(x);
    json_decref(y);
    return rc;
}

int app_compensation_agreement(struct app_compensation *a, const char *path, int allow_unverified,
                               const char *actor, const char *recorded, json_t **out,
                               struct ls_err *err)
{
    *out = NULL;
    json_t *req = NULL;
    struct cmp_run_opts ro = { allow_unverified };
    int rc = read_json(path, &req, err);
    if (!rc)
        rc = cmp_agreement_check(req, path, &ro, out, err);
    json_decref(req);
    if (!rc && !(rc = st_begin_write(a->st, err))) {
        struct cmp_submit_opts so = { actor, recorded };
        long long seq = 0;
        rc = cmp_record_agreement(a->cmp, *out, &so, &seq, err);
        if (!rc)
            rc = st_commit(a->st, err);
        if (rc)
            st_rollback(a->st);
        else
            json_object_set_new(*out, "seq", json_integer(seq));
    }
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

static int gep_total(const char *dir, double *yuan, struct ls_err *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/account.json", dir);
    json_t *acc = NULL;
    int rc = read_json(path, &acc, err);
    if (rc)
        return rc;
    const json_t *g = json_object_get(json_object_get(acc, "totals"), "gep_yuan");
    *yuan = json_number_value(g);
    int ok = json_is_number(g) && *yuan > 0;
    json_decref(acc);
    return ok ? 0
              : ls_err_set(err, LS_EINVAL, path, NULL, "totals.gep_yuan",
                           "not a GEP account with a total > 0");
}

int app_compensation_settle(struct app_compensation *a, const char *agreement, int year,
                            const char *series, const char *gep_dir, int dry_run, const char *actor,
                            const char *recorded, json_t **out, struct ls_err *err)
{
    *out = NULL;
    json_t *ag = NULL;
    double gep = 0;
    int rc = st_begin_write(a->st, err);
    if (rc)
        return rc;
    rc = cmp_get_agreement(a->cmp, agreement, &ag, err);
    if (!rc && gep_dir)
        rc = gep_total(gep_dir, &gep, err);
    if (!rc)
        rc = cmp_settle(ag, year, series, gep, out, err);
    if (!rc && !dry_run) {
        struct cmp_submit_opts so = { actor, recorded };
        long long seq = 0;
        rc = cmp_record_settlement(a->cmp, *out, &so, &seq, err);
        if (!rc)
            rc = st_commit(a->st, err);
        if (!rc)
            json_object_set_new(*out, "seq", json_integer(seq));
    }
    if (rc || dry_run)
        st_rollback(a->st);
    json_decref(ag);
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

int app_compensation_dispute(struct app_compensation *a, const char *agreement, int year,
                             const char *party, const char *reason, const char *actor,
                             const char *recorded, json_t **out, struct ls_err *err)
{
    *out = NULL;
    int rc = st_begin_write(a->st, err);
    if (rc)
        return rc;
    struct cmp_submit_opts so = { actor, recorded };
    long long seq = 0;
    rc = cmp_record_dispute(a->cmp, agreement, year, party, reason, &so, &seq, err);
    if (!rc)
        rc = st_commit(a->st, err);
    if (rc) {
        st_rollback(a->st);
        return rc;
    }
    *out = json_pack("{s:s,s:i,s:s,s:s,s:I}", "agreement", agreement, "year", year, "state",
                     "disputed", "party", party, "seq", (json_int_t)seq);
    return 0;
}

int app_compensation_show_allocation(struct app_compensation *a, const char *id, int published_only,
                                     json_t **out, struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = cmp_get_allocation(a->cmp, id, published_only, out, err);
    st_rollback(a->st);
    return rc;
}

int app_compensation_list(struct app_compensation *a, int published_only, json_t **out,
                          struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = cmp_list_allocations(a->cmp, published_only, out, err);
    st_rollback(a->st);
    return rc;
}

int app_compensation_show_agreement(struct app_compensation *a, const char *id, json_t **out,
                                    struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = cmp_get_agreement(a->cmp, id, out, err);
    st_rollback(a->st);
    return rc;
}

int app_compensation_publish(struct app_compensation *a, const char *id, const char *date,
                             const char *actor, const char *recorded, json_t **out,
                             struct ls_err *err)
{
    *out = NULL;
    int rc = st_begin_write(a->st, err);
    if (rc)
        return rc;
    struct cmp_submit_opts so = { actor, recorded };
    rc = cmp_record_publication(a->cmp, id, date, &so, NULL, err);
    if (!rc)
        rc = cmp_get_allocation(a->cmp, id, 1, out, err);
    if (!rc)
        rc = st_commit(a->st, err);
    if (rc) {
        st_rollback(a->st);
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}
