/*
 * compensation/register — compensation on the ledger: compensation.allocate (an allocation as
 * computed, every region's part), compensation.agreement (a horizontal agreement as checked),
 * compensation.settle (a year's settlement) and compensation.dispute, projected into
 * cmp_allocation, cmp_allocation_part, cmp_agreement and cmp_settlement; their replay; the reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "compensation/internal.h"

const char *const cmp_projection_tables[CMP_PROJECTION_TABLES] = {
    "cmp_allocation", "cmp_allocation_part", "cmp_agreement", "cmp_settlement"
};
const char *const cmp_projection_keys[CMP_PROJECTION_TABLES] = {
    "allocation_id", "allocation_id, region", "agreement_id", "agreement_id, year"
};

int cmp_open(struct ls_store *st, struct cmp **out, struct ls_err *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    (*out)->st = st;
    return 0;
}

void cmp_close(struct cmp *c)
{
    free(c);
}

static int project_allocate(struct cmp *c, const struct lg_event *ev, const json_t *p,
                            struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    const json_t *sc = json_object_get(p, "scheme");
    int rc = st_prepare(c->st,
                        "INSERT INTO cmp_allocation (allocation_id, year, scheme, version, "
                        "pool_wan, total_wan, regions, allocation, actor, recorded_seq) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, cmp_str(p, "allocation"));
    st_bind_int(s, 2, json_integer_value(json_object_get(p, "year")));
    st_bind_text(s, 3, cmp_str(sc, "scheme"));
    st_bind_text(s, 4, cmp_str(sc, "version"));
    st_bind_double(s, 5, cmp_num(p, "pool_wan"));
    st_bind_int(s, 6, json_integer_value(json_object_get(p, "total_wan")));
    st_bind_int(s, 7, (long long)json_array_size(json_object_get(p, "regions")));
    st_bind_text(s, 8, ev->payload);
    st_bind_text(s, 9, ev->actor);
    st_bind_int(s, 10, ev->seq);
    rc = st_run(s, err);
    st_finalize(s);
    if (rc || (rc = st_prepare(c->st,
                               "INSERT INTO cmp_allocation_part (allocation_id, region, name, "
                               "share, amount_wan) VALUES (?, ?, ?, ?, ?)",
                               &s, err)))
        return rc;
    size_t i;
    const json_t *r;
    json_array_foreach(json_object_get(p, "regions"), i, r)
    {
        if (rc)
            break;
        st_reset(s);
        st_bind_text(s, 1, cmp_str(p, "allocation"));
        st_bind_text(s, 2, cmp_str(r, "region"));
        st_bind_text(s, 3, cmp_str(r, "name"));
        st_bind_double(s, 4, cmp_num(r, "share"));
        st_bind_int(s, 5, json_integer_value(json_object_get(r, "amount_wan")));
        rc = st_run(s, err);
    }
    st_finalize(s);
    return rc;
}

static int project_agreement(struct cmp *c, const struct lg_event *ev, const json_t *p,
                             struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->st,
                        "INSERT INTO cmp_agreement (agreement_id, kind, upstream, downstream, "
                        "valid_from, valid_to, agreement, actor, recorded_seq) VALUES (?, ?, ?, "
                        "?, ?, ?, ?, ?, ?)",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, cmp_str(p, "agreement"));
    st_bind_text(s, 2, cmp_str(p, "kind"));
    st_bind_text(s, 3, cmp_str(json_object_get(p, "upstream"), "region"));
    st_bind_text(s, 4, cmp_str(json_object_get(p, "downstream"), "region"));
    st_bind_text(s, 5, cmp_str(p, "valid_from"));
    st_bind_text(s, 6, cmp_str(p, "valid_to"));
    st_bind_text(s, 7, ev->payload);
    st_bind_text(s, 8, ev->actor);
    st_bind_int(s, 9, ev->seq);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

static int project_settle(struct cmp *c, const struct lg_event *ev, const json_t *p,
                          struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    /* a settlement replaces the year's missing or disputed one (cmp_record_settlement checked) */
    int rc = st_prepare(c->st, "DELETE FROM cmp_settlement WHERE agreement_id = ? AND year = ?", &s,
                        err);
    if (rc)
        return rc;
    st_bind_text(s, 1, cmp_str(p, "agreement"));
    st_bind_int(s, 2, json_integer_value(json_object_get(p, "year")));
    rc = st_run(s, err);
    st_finalize(s);
    if (rc || (rc = st_prepare(c->st,
                               "INSERT INTO cmp_settlement (agreement_id, year, state, payer, "
                               "payee, amount_yuan, settlement, dispute, actor, recorded_seq) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
                               &s, err)))
        return rc;
    st_bind_text(s, 1, cmp_str(p, "agreement"));
    st_bind_int(s, 2, json_integer_value(json_object_get(p, "year")));
    st_bind_text(s, 3, cmp_str(p, "state"));
    st_bind_text(s, 4, cmp_str(json_object_get(p, "payer"), "region"));
    st_bind_text(s, 5, cmp_str(json_object_get(p, "payee"), "region"));
    st_bind_double(s, 6, cmp_num(p, "amount_yuan"));
    st_bind_text(s, 7, ev->payload);
    st_bind_text(s, 8, ev->actor);
    st_bind_int(s, 9, ev->seq);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

static int project_dispute(struct cmp *c, const json_t *p, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    char *d = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
    int rc = d ? st_prepare(c->st,
                            "UPDATE cmp_settlement SET state = 'disputed', dispute = ? WHERE "
                            "agreement_id = ? AND year = ?",
                            &s, err)
               : ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    if (!rc) {
        st_bind_text(s, 1, d);
        st_bind_text(s, 2, cmp_str(p, "agreement"));
        st_bind_int(s, 3, json_integer_value(json_object_get(p, "year")));
        rc = st_run(s, err);
        st_finalize(s);
    }
    free(d);
    return rc;
}

static int project_publish(struct cmp *c, const struct lg_event *ev, const json_t *p,
                           struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->st,
                        "UPDATE cmp_allocation SET published_seq = ?, published_by = ?, "
                        "published_date = ? WHERE allocation_id = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_int(s, 1, ev->seq);
    st_bind_text(s, 2, ev->actor);
    st_bind_text(s, 3, cmp_str(p, "date"));
    st_bind_text(s, 4, cmp_str(p, "allocation"));
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

static int project(struct cmp *c, const struct lg_event *ev, const json_t *p, struct ls_err *err)
{
    if (!strcmp(ev->type, "compensation.allocate"))
        return project_allocate(c, ev, p, err);
    if (!strcmp(ev->type, "compensation.agreement"))
        return project_agreement(c, ev, p, err);
    if (!strcmp(ev->type, "compensation.settle"))
        return project_settle(c, ev, p, err);
    if (!strcmp(ev->type, "compensation.dispute"))
        return project_dispute(c, p, err);
    if (!strcmp(ev->type, "compensation.publish"))
        return project_publish(c, ev, p, err);
    return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "type", "event %lld: unknown type %s", ev->seq,
                      ev->type);
}

int cmp_project(struct cmp *c, const struct lg_event *ev, struct ls_err *err)
{
    json_error_t je;
    json_t *p = json_loads(ev->payload ? ev->payload : "", 0, &je);
    if (!p)
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "payload",
                          "event %lld: the payload is not JSON: %s", ev->seq, je.text);
    int rc = project(c, ev, p, err);
    json_decref(p);
    return rc;
}

static int append(struct cmp *c, const char *type, const char *subject, const char *date,
                  const json_t *payload, const struct cmp_submit_opts *o, long long *seq,
                  struct ls_err *err)
{
    struct lg_event ev;
    memset(&ev, 0, sizeof ev);
    if (!o || !o->actor || !*o->actor)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "actor", "who records it is required");
    snprintf(ev.recorded, sizeof ev.recorded, "%s", o->recorded ? o->recorded : "");
    snprintf(ev.effective, sizeof ev.effective, "%s", date);
    snprintf(ev.actor, sizeof ev.actor, "%s", o->actor);
    snprintf(ev.type, sizeof ev.type, "compensation.%s", type);
    snprintf(ev.subject, sizeof ev.subject, "%.63s", subject);
    int rc = lg_append_json(c->st, &ev, payload, err);
    if (!rc)
        rc = project(c, &ev, payload, err);
    free((char *)ev.payload);
    if (!rc && seq)
        *seq = ev.seq;
    return rc;
}

/* 1 when a row matches the query with one text parameter (and an optional integer), 0 when
 * none, < 0 on error. */
static int exists(struct cmp *c, const char *sql, const char *key, long long year, char *state,
                  size_t state_size, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->st, sql, &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, key);
    if (year)
        st_bind_int(s, 2, year);
    rc = st_step(s, err);
    if (rc == 1 && state)
        snprintf(state, state_size, "%s", st_col_text(s, 0));
    st_finalize(s);
    return rc;
}

int cmp_record_allocation(struct cmp *c, const json_t *a, const struct cmp_submit_opts *o,
                          long long *seq, struct ls_err *err)
{
    const char *id = cmp_str(a, "allocation");
    int rc = exists(c, "SELECT 1 FROM cmp_allocation WHERE allocation_id = ?", id, 0, NULL, 0, err);
    if (rc < 0)
        return rc;
    if (rc == 1)
        return ls_err_set(err, LS_EINVAL, id, NULL, "allocation",
                          "rule compensation.allocation_exists: allocation %s is recorded "
                          "already; a revision takes an id of its own",
                          id);
    if (!json_is_true(json_object_get(json_object_get(a, "checks"), "sum_equals_pool")))
        return ls_err_set(err, LS_EINVAL, id, NULL, "checks",
                          "rule compensation.rounding: the parts do not sum to the pool");
    char date[16], subject[80];
    snprintf(date, sizeof date, "%04d-12-31", (int)json_integer_value(json_object_get(a, "year")));
    snprintf(subject, sizeof subject, "allocation:%s", id);
    return append(c, "allocate", subject, date, a, o, seq, err);
}

int cmp_record_agreement(struct cmp *c, const json_t *a, const struct cmp_submit_opts *o,
                         long long *seq, struct ls_err *err)
{
    const char *id = cmp_str(a, "agreement");
    int rc = exists(c, "SELECT 1 FROM cmp_agreement WHERE agreement_id = ?", id, 0, NULL, 0, err);
    if (rc < 0)
        return rc;
    if (rc == 1)
        return ls_err_set(err, LS_EINVAL, id, NULL, "agreement",
                          "rule compensation.agreement_exists: agreement %s is recorded already",
                          id);
    char subject[80];
    snprintf(subject, sizeof subject, "agreement:%s", id);
    return append(c, "agreement", subject, cmp_str(a, "valid_from"), a, o, seq, err);
}

int cmp_record_settlement(struct cmp *c, const json_t *s, const struct cmp_submit_opts *o,
                          long long *seq, struct ls_err *err)
{
    const char *id = cmp_str(s, "agreement");
    long long year = json_integer_value(json_object_get(s, "year"));
    int rc = exists(c, "SELECT 1 FROM cmp_agreement WHERE agreement_id = ?", id, 0, NULL, 0, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return ls_err_set(err, LS_ENOENT, id, NULL, "agreement",
                          "rule compensation.agreement_unknown: no agreement %s is recorded", id);
    char state[32] = "";
    rc = exists(c, "SELECT state FROM cmp_settlement WHERE agreement_id = ? AND year = ?", id, year,
                state, sizeof state, err);
    if (rc < 0)
        return rc;
    if (rc == 1 && strcmp(state, "missing_series") && strcmp(state, "disputed"))
        return ls_err_set(err, LS_EINVAL, id, NULL, "year",
                          "rule compensation.settled: agreement %s is settled for %lld already "
                          "(%s); only a missing or disputed settlement is settled again",
                          id, year, state);
    char date[16], subject[80];
    snprintf(date, sizeof date, "%04lld-12-31", year);
    snprintf(subject, sizeof subject, "agreement:%s", id);
    return append(c, "settle", subject, date, s, o, seq, err);
}

int cmp_record_dispute(struct cmp *c, const char *agreement, int year, const char *party,
                       const char *reason, const struct cmp_submit_opts *o, long long *seq,
                       struct ls_err *err)
{
    char state[32] = "";
    int rc = exists(c, "SELECT state FROM cmp_settlement WHERE agreement_id = ? AND year = ?",
                    agreement, year, state, sizeof state, err);
    if (rc < 0)
        return rc;
    if (rc == 0 || strcmp(state, "settled"))
        return ls_err_set(err, LS_EINVAL, agreement, NULL, "year",
                          "rule compensation.dispute: agreement %s has no settlement of %d to "
                          "dispute%s%s",
                          agreement, year, rc ? ": it is " : "", rc ? state : "");
    if (!party || !*party || !reason || !*reason)
        return ls_err_set(err, LS_EINVAL, agreement, NULL, party && *party ? "reason" : "party",
                          "a dispute names the party that raises it and its reason");
    json_t *p = json_pack("{s:s,s:i,s:s,s:s}", "agreement", agreement, "year", year, "party", party,
                          "reason", reason);
    char date[16], subject[80];
    snprintf(date, sizeof date, "%04d-12-31", year);
    snprintf(subject, sizeof subject, "agreement:%s", agreement);
    rc = append(c, "dispute", subject, date, p, o, seq, err);
    json_decref(p);
    return rc;
}

int cmp_record_publication(struct cmp *c, const char *id, const char *date,
                           const struct cmp_submit_opts *o, long long *seq, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(
        c->st, "SELECT actor, published_seq FROM cmp_allocation WHERE allocation_id = ?", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id ? id : "");
    char recorder[64] = "";
    long long published = 0;
    rc = st_step(s, err);
    if (rc == 1) {
        snprintf(recorder, sizeof recorder, "%s", st_col_text(s, 0));
        published = st_col_int(s, 1);
    }
    st_finalize(s);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return ls_err_set(err, LS_ENOENT, id, NULL, "allocation", "no allocation %s is recorded",
                          id ? id : "");
    if (published)
        return ls_err_set(err, LS_EINVAL, id, NULL, "allocation",
                          "rule compensation.published: allocation %s is published already", id);
    /* four eyes: who computed the allocation does not publish it */
    if (o && o->actor && !strcmp(o->actor, recorder))
        return ls_err_set(err, LS_EINVAL, id, NULL, "actor",
                          "rule compensation.four_eyes: %s recorded allocation %s and may not "
                          "publish it",
                          recorder, id);
    if (!ls_date_valid(date ? date : ""))
        return ls_err_set(err, LS_EINVAL, id, NULL, "date", "a publication has its date");
    json_t *p = json_pack("{s:s,s:s}", "allocation", id, "date", date);
    char subject[80];
    snprintf(subject, sizeof subject, "allocation:%s", id);
    rc = append(c, "publish", subject, date, p, o, seq, err);
    json_decref(p);
    return rc;
}

static int one_json(struct cmp *c, const char *sql, const char *id, const char *what, json_t **out,
                    struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->st, sql, &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id ? id : "");
    rc = st_step(s, err);
    if (rc == 1) {
        json_error_t je;
        *out = json_loads(st_col_text(s, 0), 0, &je);
        if (*out) {
            json_object_set_new(*out, "seq", json_integer(st_col_int(s, 1)));
            json_object_set_new(*out, "actor", json_string(st_col_text(s, 2)));
            if (st_column_count(s) > 3)
                json_object_set_new(*out, "published",
                                    st_col_int(s, 3)
                                        ? json_pack("{s:I,s:s,s:s}", "seq",
                                                    (json_int_t)st_col_int(s, 3), "by",
                                                    st_col_text(s, 4), "date", st_col_text(s, 5))
                                        : json_null());
        }
        rc = *out ? 0 : ls_err_set(err, LS_EINTERNAL, NULL, id, what, "not JSON");
    } else if (rc == 0) {
        rc = ls_err_set(err, LS_ENOENT, NULL, NULL, what, "no %s %s is recorded", what,
                        id ? id : "");
    }
    st_finalize(s);
    return rc;
}

int cmp_get_allocation(struct cmp *c, const char *id, int published_only, json_t **out,
                       struct ls_err *err)
{
    int rc = one_json(c,
                      published_only ? "SELECT allocation, recorded_seq, actor, published_seq, "
                                       "published_by, published_date FROM cmp_allocation WHERE "
                                       "allocation_id = ? AND published_seq > 0"
                                     : "SELECT allocation, recorded_seq, actor, published_seq, "
                                       "published_by, published_date FROM cmp_allocation WHERE "
                                       "allocation_id = ?",
                      id, "allocation", out, err);
    return rc;
}

int cmp_list_allocations(struct cmp *c, int published_only, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->st,
                        "SELECT allocation_id, year, scheme, version, pool_wan, total_wan, "
                        "regions, recorded_seq, published_seq FROM cmp_allocation WHERE "
                        "published_seq > 0 OR ? = 0 ORDER BY year, allocation_id",
                        &s, err);
    if (!rc)
        st_bind_int(s, 1, published_only);
    if (rc)
        return rc;
    json_t *a = json_array();
    while ((rc = st_step(s, err)) == 1)
        json_array_append_new(
            a, json_pack("{s:s,s:I,s:s,s:s,s:f,s:I,s:I,s:I,s:b}", "allocation", st_col_text(s, 0),
                         "year", (json_int_t)st_col_int(s, 1), "scheme", st_col_text(s, 2),
                         "version", st_col_text(s, 3), "pool_wan", st_col_double(s, 4), "total_wan",
                         (json_int_t)st_col_int(s, 5), "regions", (json_int_t)st_col_int(s, 6),
                         "seq", (json_int_t)st_col_int(s, 7), "published", st_col_int(s, 8) > 0));
    st_finalize(s);
    if (rc < 0) {
        json_decref(a);
        return rc;
    }
    *out = json_pack("{s:o}", "allocations", a);
    return 0;
}

int cmp_get_agreement(struct cmp *c, const char *id, json_t **out, struct ls_err *err)
{
    int rc = one_json(c,
                      "SELECT agreement, recorded_seq, actor FROM cmp_agreement WHERE "
                      "agreement_id = ?",
                      id, "agreement", out, err);
    if (rc)
        return rc;
    struct ls_stmt *s = NULL;
    rc = st_prepare(c->st,
                    "SELECT settlement, state, dispute, recorded_seq FROM cmp_settlement WHERE "
                    "agreement_id = ? ORDER BY year",
                    &s, err);
    json_t *list = json_array();
    if (!rc) {
        st_bind_text(s, 1, id);
        while ((rc = st_step(s, err)) == 1) {
            json_t *x = json_loads(st_col_text(s, 0), 0, NULL);
            if (!x)
                continue;
            json_object_set_new(x, "state", json_string(st_col_text(s, 1)));
            json_object_set_new(x, "seq", json_integer(st_col_int(s, 3)));
            if (*st_col_text(s, 2))
                json_object_set_new(x, "dispute", json_loads(st_col_text(s, 2), 0, NULL));
            json_array_append_new(list, x);
        }
        st_finalize(s);
    }
    json_object_set_new(*out, "settlements", list);
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    return 0;
}
