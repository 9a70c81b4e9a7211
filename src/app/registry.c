/*
 * app/registry — registry and ledger use cases shared by the command line and the server.
 */
#include "app/registry.h"

#include <stdio.h>

#include "ledger/ledger.h"

int app_registry_open(const char *target, struct ls_store **st, struct reg **r, struct ls_err *err)
{
    *st = NULL;
    *r = NULL;
    if (!target || !*target)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "store",
                          "no store named: a GeoPackage path or a postgresql:// address");
    int rc = st_open(target, NULL, st, err);
    if (!rc)
        rc = reg_open(*st, r, err);
    if (rc) {
        st_close(*st);
        *st = NULL;
    }
    return rc;
}

void app_registry_close(struct ls_store *st, struct reg *r)
{
    reg_close(r);
    st_close(st);
}

int app_registry_batch_check(const json_t *apps, const char *input, struct ls_err *err)
{
    /* an empty list would commit nothing and report success: a batch that records nothing
     * is always a mistake in the file, so it is refused like a malformed one */
    if (!json_is_object(apps) && !(json_is_array(apps) && json_array_size(apps) > 0))
        return ls_err_set(err, LS_EINVAL, input, NULL, NULL,
                          "give one application (a JSON object) or a non-empty list of them");
    return 0;
}

int app_registry_apply(struct ls_store *st, struct reg *r, json_t *apps,
                       const struct reg_submit_opts *so, const char *input, json_t **seqs,
                       struct ls_err *err)
{
    *seqs = NULL;
    int rc = app_registry_batch_check(apps, input, err);
    if (rc)
        return rc;
    json_t *list = json_is_array(apps) ? apps : NULL;
    size_t n = list ? json_array_size(list) : 1;
    json_t *done = json_array();
    rc = st_begin_write(st, err);
    for (size_t i = 0; !rc && i < n; i++) {
        char in[600];
        if (list)
            snprintf(in, sizeof in, "%s [%zu]", input, i);
        else
            snprintf(in, sizeof in, "%s", input);
        long long seq = 0;
        rc = reg_submit(r, list ? json_array_get(list, i) : apps, so, in, &seq, err);
        if (!rc)
            json_array_append_new(done, json_integer(seq));
    }
    /* all or nothing: one refusal rolls back the applications before it in the batch */
    if (!rc)
        rc = st_commit(st, err);
    if (rc) {
        st_rollback(st);
        json_decref(done);
        return rc;
    }
    *seqs = done;
    return 0;
}

int app_registry_refused(int rc)
{
    /* reg_submit refuses with EINVAL (a rule broken), ENOENT (a record it names is not
     * registered) or EEXIST (a code already taken); anything else is the store failing */
    return rc == -LS_EINVAL || rc == -LS_ENOENT || rc == -LS_EEXIST;
}

/* Reads run inside one read transaction so a search, or a unit with its rights, is one
 * snapshot even while a writer commits between the statements (WAL or MVCC). */
static int end_read(struct ls_store *st, int rc)
{
    st_rollback(st);
    return rc;
}

static int search_page(struct reg *r, const struct reg_query *q, json_t **out, struct ls_err *err)
{
    int rc = reg_search(r, q, out, err);
    if (!rc && q->limit > 0 && json_array_size(json_object_get(*out, "units")) == (size_t)q->limit)
        json_object_set_new(*out, "next", json_pack("{s:I}", "offset", q->offset + q->limit));
    return rc;
}

int app_registry_search(struct ls_store *st, struct reg *r, const struct reg_query *q, json_t **out,
                        struct ls_err *err)
{
    int rc = st_begin_read(st, err);
    return end_read(st, rc ? rc : search_page(r, q, out, err));
}

int app_registry_show(struct ls_store *st, struct reg *r, const char *code, const char *as_of,
                      json_t **out, struct ls_err *err)
{
    int rc = st_begin_read(st, err);
    return end_read(st, rc ? rc : reg_show(r, code, as_of, out, err));
}

int app_registry_history(struct ls_store *st, struct reg *r, const char *code, json_t **out,
                         struct ls_err *err)
{
    int rc = st_begin_read(st, err);
    return end_read(st, rc ? rc : reg_history(r, code, out, err));
}

int app_ledger_head(struct ls_store *st, json_t **out, struct ls_err *err)
{
    long long seq = 0;
    char hash[LG_HASH_HEX] = "";
    int rc = lg_head(st, &seq, hash, err);
    if (!rc)
        *out = json_pack("{s:I,s:s,s:s}", "events", (json_int_t)seq, "head", hash, "algorithm",
                         lg_algorithm(st));
    return rc;
}

static int verify_json(struct ls_store *st, json_t **out, struct ls_err *err)
{
    struct lg_verify_report v;
    int rc = lg_verify(st, &v, err);
    if (!rc)
        *out = json_pack("{s:b,s:I,s:s,s:s,s:I,s:s}", "ok", v.ok, "events", (json_int_t)v.events,
                         "algorithm", v.algorithm, "head", v.head_hash, "bad_seq",
                         (json_int_t)v.bad_seq, "why", v.why);
    return rc;
}

int app_ledger_verify(struct ls_store *st, json_t **out, struct ls_err *err)
{
    int rc = st_begin_read(st, err);
    return end_read(st, rc ? rc : verify_json(st, out, err));
}
