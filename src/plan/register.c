/*
 * plan/register — plans on the ledger: plan.record and plan.approve projected into pln_plan
 * (every version) and pln_unit (its allocation units); their replay; the reads; and the
 * implementation tracked against the contracts signed on the units.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/internal.h"

const char *const pln_projection_tables[PLN_PROJECTION_TABLES] = { "pln_plan", "pln_unit" };
const char *const pln_projection_keys[PLN_PROJECTION_TABLES] = { "plan_id, version",
                                                                 "plan_id, version, unit_id" };

int pln_open(struct ls_store *st, struct reg *r, struct con *c, struct pln **out,
             struct ls_err *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    (*out)->st = st;
    (*out)->reg = r;
    (*out)->con = c;
    return 0;
}

void pln_close(struct pln *p)
{
    free(p);
}

static int project_record(struct pln *p, const struct lg_event *ev, const json_t *pl,
                          struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(p->st,
                        "INSERT INTO pln_plan (plan_id, version, name, plan_date, units, plan, "
                        "actor, recorded_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        &s, err);
    if (rc)
        return rc;
    const json_t *units = json_object_get(pl, "units");
    st_bind_text(s, 1, pln_str(pl, "plan"));
    st_bind_int(s, 2, json_integer_value(json_object_get(pl, "version")));
    st_bind_text(s, 3, pln_str(pl, "name"));
    st_bind_text(s, 4, pln_str(pl, "date"));
    st_bind_int(s, 5, (long long)json_array_size(units));
    st_bind_text(s, 6, ev->payload);
    st_bind_text(s, 7, ev->actor);
    st_bind_int(s, 8, ev->seq);
    rc = st_run(s, err);
    st_finalize(s);
    if (rc || (rc = st_prepare(p->st,
                               "INSERT INTO pln_unit (plan_id, version, unit_id, unit_code, "
                               "reserve, class, mode, use_category, timing, decision) VALUES (?, "
                               "?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               &s, err)))
        return rc;
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u)
    {
        if (rc)
            break;
        st_reset(s);
        st_bind_text(s, 1, pln_str(pl, "plan"));
        st_bind_int(s, 2, json_integer_value(json_object_get(pl, "version")));
        st_bind_text(s, 3, pln_str(u, "id"));
        st_bind_text(s, 4, pln_str(u, "unit"));
        st_bind_text(s, 5, pln_str(u, "reserve"));
        st_bind_text(s, 6, pln_str(u, "class"));
        st_bind_text(s, 7, pln_str(u, "mode"));
        st_bind_text(s, 8, pln_str(u, "use"));
        st_bind_text(s, 9, pln_str(u, "timing"));
        st_bind_text(s, 10, pln_str(json_object_get(u, "constraints"), "decision"));
        rc = st_run(s, err);
    }
    st_finalize(s);
    return rc;
}

int pln_project(struct pln *p, const struct lg_event *ev, struct ls_err *err)
{
    json_error_t je;
    json_t *pl = json_loads(ev->payload ? ev->payload : "", 0, &je);
    if (!pl)
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "payload",
                          "event %lld: the payload is not JSON: %s", ev->seq, je.text);
    int rc;
    if (!strcmp(ev->type, "plan.record")) {
        rc = project_record(p, ev, pl, err);
    } else if (!strcmp(ev->type, "plan.approve")) {
        struct ls_stmt *s = NULL;
        rc = st_prepare(p->st,
                        "UPDATE pln_plan SET approved_seq = ?, approved_by = ?, approved_date = ? "
                        "WHERE plan_id = ? AND version = ?",
                        &s, err);
        if (!rc) {
            st_bind_int(s, 1, ev->seq);
            st_bind_text(s, 2, ev->actor);
            st_bind_text(s, 3, pln_str(pl, "date"));
            st_bind_text(s, 4, pln_str(pl, "plan"));
            st_bind_int(s, 5, json_integer_value(json_object_get(pl, "version")));
            rc = st_run(s, err);
            st_finalize(s);
        }
    } else {
        rc = ls_err_set(err, LS_EINTERNAL, NULL, NULL, "type", "event %lld: unknown type %s",
                        ev->seq, ev->type);
    }
    json_decref(pl);
    return rc;
}

int pln_approve(struct pln *p, const char *id, long long version, const char *date,
                const struct pln_submit_opts *o, const char *input, struct ls_err *err)
{
    struct pln_ctx x = { p, input, id, err };
    if (!o || !o->actor || !*o->actor)
        return pln_refuse(&x, LS_EINVAL, "actor", "actor", "an approval names who gives it");
    if (!ls_date_valid(date))
        return pln_refuse(&x, LS_EINVAL, "date", "date", "the approval's date is YYYY-MM-DD");
    struct ls_stmt *s = NULL;
    int rc = st_prepare(p->st,
                        "SELECT actor, approved_seq, plan_date FROM pln_plan WHERE plan_id = ? "
                        "AND version = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id ? id : "");
    st_bind_int(s, 2, version);
    rc = st_step(s, err);
    if (rc == 0)
        rc = pln_refuse(&x, LS_ENOENT, "unknown", "plan", "no version %lld of plan %s is recorded",
                        version, id ? id : "");
    else if (rc == 1 && st_col_int(s, 1) > 0)
        rc = pln_refuse(&x, LS_EINVAL, "approved", "plan", "version %lld of %s is approved already",
                        version, id);
    else if (rc == 1 && !strcmp(st_col_text(s, 0), o->actor))
        rc = pln_refuse(&x, LS_EINVAL, "same_person", "actor",
                        "%s recorded plan %s and may not approve it too", o->actor, id);
    else if (rc == 1 && strcmp(date, st_col_text(s, 2)) < 0)
        rc = pln_refuse(&x, LS_EINVAL, "date", "date",
                        "an approval on %s comes before the plan's date %s", date,
                        st_col_text(s, 2));
    else if (rc == 1)
        rc = 0;
    st_finalize(s);
    if (rc)
        return rc;
    json_t *pl =
        json_pack("{s:s, s:I, s:s}", "plan", id, "version", (json_int_t)version, "date", date);
    struct lg_event ev = { 0 };
    snprintf(ev.recorded, sizeof ev.recorded, "%s", o->recorded ? o->recorded : "");
    snprintf(ev.effective, sizeof ev.effective, "%s", date);
    snprintf(ev.actor, sizeof ev.actor, "%s", o->actor);
    snprintf(ev.type, sizeof ev.type, "plan.approve");
    snprintf(ev.subject, sizeof ev.subject, "plan:%.50s", id);
    rc = lg_append_json(p->st, &ev, pl, err);
    if (!rc)
        rc = pln_project(p, &ev, err);
    free((char *)(uintptr_t)ev.payload);
    json_decref(pl);
    return rc;
}

static json_t *approval(struct ls_stmt *s, int col)
{
    if (st_col_int(s, col) <= 0)
        return json_null();
    return json_pack("{s:I, s:s, s:s}", "seq", (json_int_t)st_col_int(s, col), "by",
                     st_col_text(s, col + 1), "date", st_col_text(s, col + 2));
}

int pln_get(struct pln *p, const char *id, long long version, int approved_only, json_t **out,
            struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(p->st,
                        "SELECT plan, recorded_seq, actor, approved_seq, approved_by, "
                        "approved_date FROM pln_plan WHERE plan_id = ? AND (? = 0 OR version = ?) "
                        "AND (? = 0 OR approved_seq > 0) ORDER BY version DESC LIMIT 1",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id ? id : "");
    st_bind_int(s, 2, version);
    st_bind_int(s, 3, version);
    st_bind_int(s, 4, approved_only ? 1 : 0);
    rc = st_step(s, err);
    if (rc == 1) {
        json_error_t je;
        *out = json_loads(st_col_text(s, 0), 0, &je);
        if (*out) {
            json_object_set_new(*out, "seq", json_integer(st_col_int(s, 1)));
            json_object_set_new(*out, "actor", json_string(st_col_text(s, 2)));
            json_object_set_new(*out, "approved", approval(s, 3));
        }
        rc = *out ? 0 : ls_err_set(err, LS_EINTERNAL, NULL, id, "plan", "not JSON");
    } else if (rc == 0) {
        const char *what = approved_only ? "approved" : "recorded";
        rc = version ? ls_err_set(err, LS_ENOENT, NULL, NULL, "plan",
                                  "no version %lld of plan %s is %s", version, id ? id : "", what)
                     : ls_err_set(err, LS_ENOENT, NULL, NULL, "plan", "no plan %s is %s",
                                  id ? id : "", what);
    }
    st_finalize(s);
    return rc;
}

int pln_list(struct pln *p, int approved_only, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(p->st,
                        "SELECT plan_id, version, name, plan_date, units, approved_seq, "
                        "approved_by, approved_date FROM pln_plan WHERE ? = 0 OR approved_seq > 0 "
                        "ORDER BY plan_id, version",
                        &s, err);
    if (rc)
        return rc;
    st_bind_int(s, 1, approved_only ? 1 : 0);
    json_t *list = json_array();
    while ((rc = st_step(s, err)) == 1)
        json_array_append_new(list,
                              json_pack("{s:s, s:I, s:s, s:s, s:I, s:o}", "plan", st_col_text(s, 0),
                                        "version", (json_int_t)st_col_int(s, 1), "name",
                                        st_col_text(s, 2), "date", st_col_text(s, 3), "units",
                                        (json_int_t)st_col_int(s, 4), "approved", approval(s, 5)));
    st_finalize(s);
    if (rc < 0) {
        json_decref(list);
        return rc;
    }
    *out = json_pack("{s:o}", "plans", list);
    return 0;
}

int pln_track(struct pln *p, const char *id, const char *as_of, json_t **out, struct ls_err *err)
{
    *out = NULL;
    if (!ls_date_valid(as_of))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "as_of", "as of a date YYYY-MM-DD");
    struct ls_stmt *s = NULL;
    int rc = st_prepare(p->st,
                        "SELECT version FROM pln_plan WHERE plan_id = ? AND approved_seq > 0 AND "
                        "approved_date <= ? ORDER BY version DESC LIMIT 1",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id ? id : "");
    st_bind_text(s, 2, as_of);
    rc = st_step(s, err);
    long long version = rc == 1 ? st_col_int(s, 0) : 0;
    st_finalize(s);
    if (rc < 0)
        return rc;
    if (!version)
        return ls_err_set(err, LS_ENOENT, NULL, id, "plan",
                          "no version of plan %s is approved on %s", id ? id : "", as_of);
    json_t *pl = NULL;
    if ((rc = pln_get(p, id, version, 1, &pl, err)))
        return rc;
    json_t *counts = json_object();
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(pl, "units"), i, u)
    {
        json_t *cs = NULL;
        if ((rc = con_of_unit(p->con, pln_str(u, "unit"), &cs, err)))
            break;
        /* the first contract signed on the unit by the date is its allocation */
        const char *signed_on = NULL, *contract = NULL;
        size_t k;
        json_t *c;
        json_array_foreach(cs, k, c)
        {
            if (!signed_on && strcmp(pln_str(c, "date"), as_of) <= 0) {
                signed_on = pln_str(c, "date");
                contract = pln_str(c, "contract");
            }
        }
        const char *timing = pln_str(u, "timing");
        const char *status = signed_on ? (strcmp(signed_on, timing) <= 0 ? "on_time" : "late")
                             : strcmp(as_of, timing) <= 0 ? "pending"
                                                          : "overdue";
        json_object_set_new(u, "status", json_string(status));
        if (contract) {
            json_object_set_new(u, "contract", json_string(contract));
            json_object_set_new(u, "allocated", json_string(signed_on));
        }
        json_object_set_new(counts, status,
                            json_integer(json_integer_value(json_object_get(counts, status)) + 1));
        json_decref(cs);
    }
    if (rc) {
        json_decref(counts);
        json_decref(pl);
        return rc;
    }
    *out = json_pack("{s:s, s:I, s:O, s:O, s:s, s:O, s:O, s:o}", "plan", id, "version",
                     (json_int_t)version, "name", json_object_get(pl, "name"), "date",
                     json_object_get(pl, "date"), "as_of", as_of, "reserves",
                     json_object_get(pl, "reserves"), "units", json_object_get(pl, "units"),
                     "counts", counts);
    json_decref(pl);
    return 0;
}
