/*
 * valuation/register — valuations recorded on the ledger: a request checked against the
 * registry (its unit registered) and the projection (its id unused), run, and its report
 * appended as one valuation.report event and projected into val_report; the replay of that
 * event; and the reads, "as of" a valuation date.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "valuation/internal.h"

struct val_register {
    struct ls_store *st;
    struct reg *reg;
};

const char *const val_projection_tables[VAL_PROJECTION_TABLES] = { "val_report" };
const char *const val_projection_keys[VAL_PROJECTION_TABLES] = { "valuation_id" };

int val_register_open(struct ls_store *st, struct reg *r, struct val_register **out,
                      struct ls_err *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    (*out)->st = st;
    (*out)->reg = r;
    return 0;
}

void val_register_close(struct val_register *vr)
{
    free(vr);
}

static const char *text_of(const json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static int project_report(struct val_register *vr, const struct lg_event *ev, const json_t *rep,
                          struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(vr->st,
                        "INSERT INTO val_report (valuation_id, valuation_date, unit_code, method, "
                        "basis, unit_value, quantity, value, floor_met, scheme, request_sha256, "
                        "report, actor, recorded_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?)",
                        &s, err);
    if (rc)
        return rc;
    const json_t *floor = json_object_get(rep, "floor");
    st_bind_text(s, 1, text_of(rep, "valuation"));
    st_bind_text(s, 2, text_of(rep, "date"));
    st_bind_text(s, 3, text_of(json_object_get(rep, "subject"), "unit"));
    st_bind_text(s, 4, text_of(rep, "method"));
    st_bind_text(s, 5, text_of(rep, "basis"));
    st_bind_double(s, 6, json_number_value(json_object_get(rep, "unit_value")));
    st_bind_double(s, 7, json_number_value(json_object_get(rep, "quantity")));
    st_bind_double(s, 8, json_number_value(json_object_get(rep, "value")));
    st_bind_int(s, 9, !floor ? -1 : json_is_true(json_object_get(floor, "met")));
    st_bind_text(s, 10, text_of(json_object_get(rep, "scheme"), "id"));
    st_bind_text(s, 11, text_of(rep, "request_sha256"));
    st_bind_text(s, 12, ev->payload);
    st_bind_text(s, 13, ev->actor);
    st_bind_int(s, 14, ev->seq);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

static int project_approval(struct val_register *vr, const struct lg_event *ev, const json_t *p,
                            struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc =
        st_prepare(vr->st,
                   "UPDATE val_report SET approved_seq = ?, approved_by = ?, approved_date = ? "
                   "WHERE valuation_id = ?",
                   &s, err);
    if (rc)
        return rc;
    st_bind_int(s, 1, ev->seq);
    st_bind_text(s, 2, ev->actor);
    st_bind_text(s, 3, text_of(p, "date"));
    st_bind_text(s, 4, text_of(p, "valuation"));
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

int val_project(struct val_register *vr, const struct lg_event *ev, struct ls_err *err)
{
    int report = !strcmp(ev->type, "valuation.report");
    if (!report && strcmp(ev->type, "valuation.approve"))
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "type", "event %lld: unknown type %s",
                          ev->seq, ev->type);
    json_error_t je;
    json_t *p = json_loads(ev->payload ? ev->payload : "", 0, &je);
    if (!p)
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "payload",
                          "event %lld: the payload is not JSON: %s", ev->seq, je.text);
    int rc = report ? project_report(vr, ev, p, err) : project_approval(vr, ev, p, err);
    json_decref(p);
    return rc;
}

/* Appends one valuation.<type> event about valuation id, effective on date, carrying payload
 * (compact, sorted keys); ev gets its seq, and its payload text the caller frees. */
static int append(struct val_register *vr, const char *type, const char *id, const char *date,
                  const char *reason, const json_t *payload, const struct val_submit_opts *o,
                  struct lg_event *ev, struct ls_err *err)
{
    memset(ev, 0, sizeof *ev);
    snprintf(ev->recorded, sizeof ev->recorded, "%s", o->recorded ? o->recorded : "");
    snprintf(ev->effective, sizeof ev->effective, "%s", date);
    snprintf(ev->actor, sizeof ev->actor, "%s", o->actor);
    snprintf(ev->type, sizeof ev->type, "valuation.%s", type);
    snprintf(ev->subject, sizeof ev->subject, "%s", id);
    snprintf(ev->reason, sizeof ev->reason, "%s", reason);
    return lg_append_json(vr->st, ev, payload, err);
}

int val_approve(struct val_register *vr, const char *id, const char *date,
                const struct val_submit_opts *o, const char *input, long long *seq,
                struct ls_err *err)
{
    if (!o || !o->actor || !*o->actor)
        return ls_err_set(err, LS_EINVAL, input, id, "actor",
                          "rule valuation.actor: an approval names who gives it");
    if (val_days_between(date, date) != 0)
        return ls_err_set(err, LS_EINVAL, input, id, "date",
                          "rule valuation.date: the approval's date is YYYY-MM-DD");
    struct ls_stmt *s = NULL;
    int rc = st_prepare(vr->st,
                        "SELECT actor, approved_seq, valuation_date FROM val_report WHERE "
                        "valuation_id = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id ? id : "");
    rc = st_step(s, err);
    if (rc == 0)
        rc = ls_err_set(err, LS_ENOENT, input, id, "valuation",
                        "rule valuation.unknown: no valuation %s is recorded", id ? id : "");
    else if (rc == 1 && st_col_int(s, 1) > 0)
        rc = ls_err_set(err, LS_EINVAL, input, id, "valuation",
                        "rule valuation.approved: valuation %s is approved already", id);
    else if (rc == 1 && !strcmp(st_col_text(s, 0), o->actor))
        rc = ls_err_set(err, LS_EINVAL, input, id, "actor",
                        "rule valuation.same_person: %s recorded valuation %s and may not "
                        "approve it too",
                        o->actor, id);
    else if (rc == 1 && strcmp(date, st_col_text(s, 2)) < 0)
        rc = ls_err_set(err, LS_EINVAL, input, id, "date",
                        "rule valuation.date: an approval on %s comes before the valuation "
                        "date %s",
                        date, st_col_text(s, 2));
    else if (rc == 1)
        rc = 0;
    st_finalize(s);
    if (rc)
        return rc;
    json_t *p = json_pack("{s:s, s:s}", "valuation", id, "date", date);
    struct lg_event ev = { 0 };
    rc = p ? append(vr, "approve", id, date, "", p, o, &ev, err)
           : ls_err_set(err, LS_ENOMEM, input, NULL, NULL, "out of memory");
    if (!rc)
        rc = project_approval(vr, &ev, p, err);
    if (!rc && seq)
        *seq = ev.seq;
    free((char *)(uintptr_t)ev.payload);
    json_decref(p);
    return rc;
}

static int id_taken(struct val_register *vr, const char *id, int *taken, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(vr->st, "SELECT count(*) FROM val_report WHERE valuation_id = ?", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, err);
    *taken = rc == 1 && st_col_int(s, 0) > 0;
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

int val_submit(struct val_register *vr, const struct val_scheme *sch, const json_t *request,
               const struct val_submit_opts *o, const char *input, long long *seq, json_t **report,
               struct ls_err *err)
{
    if (report)
        *report = NULL;
    const char *id = json_string_value(json_object_get(request, "valuation"));
    if (!id || !*id || strlen(id) >= 64)
        return ls_err_set(err, LS_EINVAL, input, NULL, "valuation",
                          "rule valuation.id: a recorded valuation has an id (\"valuation\"), 1 "
                          "to 63 characters");
    if (!o || !o->actor || !*o->actor)
        return ls_err_set(err, LS_EINVAL, input, NULL, "actor",
                          "rule valuation.actor: every valuation names who records it");
    int taken = 0;
    int rc = id_taken(vr, id, &taken, err);
    if (rc)
        return rc;
    if (taken)
        return ls_err_set(err, LS_EINVAL, input, id, "valuation",
                          "rule valuation.exists: valuation %s is already recorded; a new "
                          "valuation takes a new id",
                          id);
    const json_t *subject = json_object_get(request, "subject");
    const char *unit = json_string_value(json_object_get(subject, "unit"));
    if (subject && !json_is_object(subject))
        return ls_err_set(err, LS_EINVAL, input, id, "subject",
                          "rule valuation.subject: the subject is an object {\"unit\": …}");
    if (unit) {
        int exists = 0;
        if ((rc = reg_unit_exists(vr->reg, unit, &exists, err)))
            return rc;
        if (!exists)
            return ls_err_set(err, LS_ENOENT, input, id, "subject.unit",
                              "rule valuation.unit: no unit %s is registered", unit);
    }
    json_t *rep = NULL;
    if ((rc = val_run(sch, request, input, &rep, err)))
        return rc;
    struct lg_event ev = { 0 };
    rc = append(vr, "report", id, text_of(rep, "date"), text_of(request, "reason"), rep, o, &ev,
                err);
    if (!rc)
        rc = project_report(vr, &ev, rep, err);
    free((char *)(uintptr_t)ev.payload);
    if (!rc && seq)
        *seq = ev.seq;
    if (!rc && report) {
        json_object_set_new(rep, "seq", json_integer(ev.seq));
        *report = rep;
    } else {
        json_decref(rep);
    }
    return rc;
}

static json_t *approval(struct ls_stmt *s, int col)
{
    if (st_col_int(s, col) <= 0)
        return json_null();
    return json_pack("{s:I, s:s, s:s}", "seq", (json_int_t)st_col_int(s, col), "by",
                     st_col_text(s, col + 1), "date", st_col_text(s, col + 2));
}

int val_get(struct val_register *vr, const char *id, int approved_only, json_t **out,
            struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(vr->st,
                        "SELECT report, recorded_seq, actor, approved_seq, approved_by, "
                        "approved_date FROM val_report WHERE valuation_id = ? AND (? = 0 OR "
                        "approved_seq > 0)",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    st_bind_int(s, 2, approved_only);
    rc = st_step(s, err);
    if (rc == 1) {
        json_error_t je;
        *out = json_loads(st_col_text(s, 0), 0, &je);
        if (*out) {
            json_object_set_new(*out, "seq", json_integer(st_col_int(s, 1)));
            json_object_set_new(*out, "actor", json_string(st_col_text(s, 2)));
            json_object_set_new(*out, "approved", approval(s, 3));
            rc = 0;
        } else {
            rc = ls_err_set(err, LS_EINTERNAL, NULL, id, "report", "the stored report is not JSON");
        }
    } else if (rc == 0) {
        rc = ls_err_set(err, LS_ENOENT, NULL, NULL, "valuation", "no valuation %s is recorded", id);
    }
    st_finalize(s);
    return rc;
}

int val_list(struct val_register *vr, const char *unit, const char *as_of, int approved_only,
             json_t **out, struct ls_err *err)
{
    *out = NULL;
    if (as_of && val_days_between(as_of, as_of) != 0)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "as_of", "as of a date YYYY-MM-DD");
    struct ls_stmt *s = NULL;
    int rc =
        st_prepare(vr->st,
                   "SELECT valuation_id, valuation_date, unit_code, method, basis, unit_value, "
                   "quantity, value, floor_met, scheme, recorded_seq, approved_seq, approved_by, "
                   "approved_date FROM val_report WHERE (? = '' OR unit_code = ?) AND (? = '' OR "
                   "valuation_date <= ?) AND (? = 0 OR approved_seq > 0) "
                   "ORDER BY valuation_date, valuation_id",
                   &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, unit ? unit : "");
    st_bind_text(s, 2, unit ? unit : "");
    st_bind_text(s, 3, as_of ? as_of : "");
    st_bind_text(s, 4, as_of ? as_of : "");
    st_bind_int(s, 5, approved_only);
    json_t *list = json_array();
    while ((rc = st_step(s, err)) == 1) {
        long long met = st_col_int(s, 8);
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:f, s:o, s:s, s:I, s:o}",
                            "valuation", st_col_text(s, 0), "date", st_col_text(s, 1), "unit",
                            st_col_text(s, 2), "method", st_col_text(s, 3), "basis",
                            st_col_text(s, 4), "unit_value", st_col_double(s, 5), "quantity",
                            st_col_double(s, 6), "value", st_col_double(s, 7), "floor_met",
                            met < 0 ? json_null() : json_boolean(met), "scheme", st_col_text(s, 9),
                            "seq", (json_int_t)st_col_int(s, 10), "approved", approval(s, 11)));
    }
    st_finalize(s);
    if (rc < 0) {
        json_decref(list);
        return rc;
    }
    *out = json_pack("{s:o}", "valuations", list);
    return 0;
}
