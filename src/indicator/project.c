/* indicator/project — one ledger event applied to the projections, without choosing
 * anything: the event carries every block it moves, so `ledger rebuild` reproduces the
 * tables exactly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "indicator/internal.h"

const char *const ind_projection_tables[IND_PROJECTION_TABLES] = { "ind_project", "ind_batch",
                                                                   "ind_block", "ind_obligation",
                                                                   "ind_requirement" };
const char *const ind_projection_keys[IND_PROJECTION_TABLES] = {
    "project_no", "batch_id", "batch_id, first_unit", "obligation_id", "obligation_id, account"
};

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static char *dumps(json_t *o)
{
    return json_dumps(o ? o : json_null(), JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

static int put_project(struct ind *in, const struct lg_event *ev, json_t *p, struct ls_err *err)
{
    size_t wn = 0;
    unsigned char *wkb = ls_unhex_dup(str(p, "footprint"), &wn);
    if (!wkb)
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "footprint",
                          "event %lld: the footprint is not hexadecimal WKB", ev->seq);
    char *units = dumps(json_object_get(p, "units")),
         *evidence = dumps(json_object_get(p, "evidence"));
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st,
                        "INSERT INTO ind_project (fid, project_no, class_id, name, county, owner, "
                        "state, units, evidence, acceptance, accept_date, registered_seq, "
                        "updated_seq, geom) VALUES (?, ?, ?, ?, ?, ?, 'registered', ?, ?, '', '', "
                        "?, ?, ?)",
                        &s, err);
    if (!rc) {
        /* the fid is the registering event's number: the same on every replay and backend */
        st_bind_int(s, 1, ev->seq);
        st_bind_text(s, 2, str(p, "project"));
        st_bind_text(s, 3, str(p, "class"));
        st_bind_text(s, 4, str(p, "name"));
        st_bind_text(s, 5, str(p, "county"));
        st_bind_text(s, 6, str(p, "owner"));
        st_bind_text(s, 7, units ? units : "[]");
        st_bind_text(s, 8, evidence ? evidence : "[]");
        st_bind_int(s, 9, ev->seq);
        st_bind_int(s, 10, ev->seq);
        st_bind_geom(s, 11, wkb, wn);
        rc = st_run(s, err);
    }
    st_finalize(s);
    free(units);
    free(evidence);
    free(wkb);
    return rc;
}

/* state, and the acceptance record when set (accept, reject) */
static int set_state(struct ind *in, const struct lg_event *ev, const char *no, const char *state,
                     json_t *acceptance, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st,
                        acceptance ? "UPDATE ind_project SET state = ?, updated_seq = ?, "
                                     "acceptance = ?, accept_date = ? WHERE project_no = ?"
                                   : "UPDATE ind_project SET state = ?, updated_seq = ? WHERE "
                                     "project_no = ?",
                        &s, err);
    if (rc)
        return rc;
    char *text = acceptance ? dumps(acceptance) : NULL;
    st_bind_text(s, 1, state);
    st_bind_int(s, 2, ev->seq);
    if (acceptance) {
        st_bind_text(s, 3, text ? text : "{}");
        st_bind_text(s, 4, ev->effective);
        st_bind_text(s, 5, no);
    } else
        st_bind_text(s, 3, no);
    rc = st_run(s, err);
    st_finalize(s);
    free(text);
    return rc;
}

static int put_batches(struct ind *in, const struct lg_event *ev, json_t *p, struct ls_err *err)
{
    json_t *batches = json_object_get(p, "batches");
    char *attrs = dumps(json_object_get(p, "attributes"));
    int rc = 0;
    for (size_t i = 0; !rc && i < json_array_size(batches); i++) {
        json_t *b = json_array_get(batches, i);
        struct ls_stmt *s = NULL;
        rc = st_prepare(in->st,
                        "INSERT INTO ind_batch (batch_id, project_no, class_id, account, county, "
                        "issue_date, units, paddy, attributes, issue_seq) VALUES (?, ?, ?, ?, ?, "
                        "?, ?, ?, ?, ?)",
                        &s, err);
        if (rc)
            break;
        st_bind_text(s, 1, str(b, "batch"));
        st_bind_text(s, 2, str(p, "project"));
        st_bind_text(s, 3, str(p, "class"));
        st_bind_text(s, 4, str(b, "account"));
        st_bind_text(s, 5, str(p, "county"));
        st_bind_text(s, 6, str(p, "issue_date"));
        st_bind_int(s, 7, json_integer_value(json_object_get(b, "units")));
        st_bind_int(s, 8, json_integer_value(json_object_get(b, "paddy")));
        st_bind_text(s, 9, attrs ? attrs : "{}");
        st_bind_int(s, 10, ev->seq);
        rc = st_run(s, err);
        st_finalize(s);
        if (rc)
            break;
        struct ind_blk k;
        memset(&k, 0, sizeof k);
        snprintf(k.batch, sizeof k.batch, "%s", str(b, "batch"));
        k.first = 1;
        k.last = json_integer_value(json_object_get(b, "units"));
        snprintf(k.account, sizeof k.account, "%s", str(b, "account"));
        snprintf(k.holder, sizeof k.holder, "%s", str(p, "holder"));
        snprintf(k.state, sizeof k.state, "active");
        rc = ind_block_insert(in, &k, ev->seq, err);
    }
    free(attrs);
    if (!rc)
        rc = set_state(in, ev, str(p, "project"), "issued", NULL, err);
    return rc;
}

/* What an obligation has had retired, and of it the quantity from dry-land batches (the
 * 占水田补水田 rule reads both without summing blocks). */
static int count_retired(struct ind *in, const struct ind_move *m, struct ls_err *err)
{
    long long n = m->from.last - m->from.first + 1, dry = 0;
    struct ls_stmt *s = NULL;
    int rc;
    if (!strcmp(m->from.account, "CRQ")) {
        rc = st_prepare(in->st, "SELECT paddy FROM ind_batch WHERE batch_id = ?", &s, err);
        if (rc)
            return rc;
        st_bind_text(s, 1, m->from.batch);
        rc = st_step(s, err);
        if (rc == 1 && st_col_int(s, 0) == 0)
            dry = n;
        st_finalize(s);
        if (rc < 0)
            return rc;
    }
    rc = st_prepare(in->st,
                    "UPDATE ind_requirement SET retired = retired + ?, dry_retired = dry_retired "
                    "+ ? WHERE obligation_id = ? AND account = ?",
                    &s, err);
    if (rc)
        return rc;
    st_bind_int(s, 1, n);
    st_bind_int(s, 2, dry);
    st_bind_text(s, 3, m->to_obligation);
    st_bind_text(s, 4, m->from.account);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

static int apply_moves(struct ind *in, const struct lg_event *ev, json_t *p, struct ls_err *err)
{
    struct ind_move *m = NULL;
    size_t n = 0;
    int rc = ind_moves_parse(json_object_get(p, "moves"), &m, &n, err);
    for (size_t i = 0; !rc && i < n; i++) {
        rc = ind_block_move(in, &m[i], ev->seq, err);
        if (!rc && !strcmp(m[i].to_state, "retired"))
            rc = count_retired(in, &m[i], err);
    }
    free(m);
    return rc;
}

static int put_obligation(struct ind *in, const struct lg_event *ev, json_t *p, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc =
        st_prepare(in->st,
                   "INSERT INTO ind_obligation (obligation_id, kind, class_id, county, source, "
                   "shoreline_type, created_seq, flagged_seq) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                   &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, str(p, "obligation"));
    st_bind_text(s, 2, str(p, "kind"));
    st_bind_text(s, 3, str(p, "class"));
    st_bind_text(s, 4, str(p, "county"));
    st_bind_text(s, 5, str(p, "source"));
    st_bind_text(s, 6, str(p, "shoreline_type"));
    st_bind_int(s, 7, ev->seq);
    rc = st_run(s, err);
    st_finalize(s);
    const char *acct;
    json_t *v;
    json_object_foreach(json_object_get(p, "required"), acct, v)
    {
        if (rc)
            break;
        rc = st_prepare(in->st,
                        "INSERT INTO ind_requirement (obligation_id, account, required, retired, "
                        "dry_retired) VALUES (?, ?, ?, 0, 0)",
                        &s, err);
        if (rc)
            break;
        st_bind_text(s, 1, str(p, "obligation"));
        st_bind_text(s, 2, acct);
        st_bind_int(s, 3, json_integer_value(v));
        rc = st_run(s, err);
        st_finalize(s);
    }
    return rc;
}

static int flag_obligations(struct ind *in, const struct lg_event *ev, json_t *p,
                            struct ls_err *err)
{
    json_t *f = json_object_get(p, "flagged");
    int rc = 0;
    for (size_t i = 0; !rc && i < json_array_size(f); i++) {
        struct ls_stmt *s = NULL;
        rc = st_prepare(in->st, "UPDATE ind_obligation SET flagged_seq = ? WHERE obligation_id = ?",
                        &s, err);
        if (rc)
            break;
        st_bind_int(s, 1, ev->seq);
        st_bind_text(s, 2, json_string_value(json_array_get(f, i)));
        rc = st_run(s, err);
        st_finalize(s);
    }
    return rc;
}

int ind_project(struct ind *in, const struct lg_event *ev, struct ls_err *err)
{
    if (strncmp(ev->type, "indicator.", 10))
        return 0;
    json_error_t je;
    json_t *p = json_loads(ev->payload, 0, &je);
    if (!p)
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, NULL,
                          "event %lld: its payload is not JSON (%s)", ev->seq, je.text);
    int rc = ind_project_payload(in, ev, p, err);
    json_decref(p);
    return rc;
}

int ind_project_payload(struct ind *in, const struct lg_event *ev, json_t *p, struct ls_err *err)
{
    const char *t = ev->type + 10;
    int rc = 0;
    const char *no = str(p, "project");
    if (!strcmp(t, "project"))
        rc = put_project(in, ev, p, err);
    else if (!strcmp(t, "accept") || !strcmp(t, "reject")) {
        json_t *acc = json_object();
        json_object_set(acc, "check", json_object_get(p, "check"));
        if (!strcmp(t, "accept")) {
            json_object_set(acc, "quantities", json_object_get(p, "quantities"));
            json_object_set(acc, "attributes", json_object_get(p, "attributes"));
        } else
            json_object_set_new(acc, "reason", json_string(ev->reason));
        rc = set_state(in, ev, no, !strcmp(t, "accept") ? "accepted" : "rejected", acc, err);
        json_decref(acc);
    } else if (!strcmp(t, "monitor"))
        rc = set_state(in, ev, no, "monitored", NULL, err);
    else if (!strcmp(t, "issue"))
        rc = put_batches(in, ev, p, err);
    else if (!strcmp(t, "obligation"))
        rc = put_obligation(in, ev, p, err);
    else if (!strcmp(t, "deduct")) {
        rc = apply_moves(in, ev, p, err);
        if (!rc)
            rc = flag_obligations(in, ev, p, err);
        if (!rc)
            rc = set_state(in, ev, no, "deducted", NULL, err);
    } else if (!strcmp(t, "transfer") || !strcmp(t, "lock") || !strcmp(t, "unlock") ||
               !strcmp(t, "cancel") || !strcmp(t, "retire"))
        rc = apply_moves(in, ev, p, err);
    else
        rc = ls_err_set(err, LS_EINTERNAL, NULL, NULL, NULL,
                        "event %lld: %s is no indicator event this version knows", ev->seq,
                        ev->type);
    return rc;
}
