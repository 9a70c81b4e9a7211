/*
 * bundle/register — bundles recorded on the ledger: a request checked (check.c), its report
 * appended as one bundle.record event and projected into bnd_bundle and bnd_component; the
 * reviewer's approval (bundle.approve); the replay of both; the reads.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/internal.h"

const char *const bnd_projection_tables[BND_PROJECTION_TABLES] = { "bnd_bundle", "bnd_component" };
const char *const bnd_projection_keys[BND_PROJECTION_TABLES] = { "bundle_id",
                                                                 "bundle_id, position" };

int bnd_open(struct ls_store *st, struct reg *r, struct val_register *vr, struct bnd **out,
             struct ls_err *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    (*out)->st = st;
    (*out)->reg = r;
    (*out)->vr = vr;
    return 0;
}

void bnd_close(struct bnd *b)
{
    free(b);
}

static const char *text_of(const json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static double num_of(const json_t *o, const char *k)
{
    return json_number_value(json_object_get(o, k));
}

static int project_record(struct bnd *b, const struct lg_event *ev, const json_t *rep,
                          struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(b->st,
                        "INSERT INTO bnd_bundle (bundle_id, name, valuation_date, seller, "
                        "components, sum_components, value, synergy, floor_price_fen, rule, "
                        "report, actor, recorded_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "?)",
                        &s, err);
    if (rc)
        return rc;
    const json_t *comps = json_object_get(rep, "components");
    st_bind_text(s, 1, text_of(rep, "bundle"));
    st_bind_text(s, 2, text_of(rep, "name"));
    st_bind_text(s, 3, text_of(rep, "date"));
    st_bind_text(s, 4, text_of(rep, "seller"));
    st_bind_int(s, 5, (long long)json_array_size(comps));
    st_bind_double(s, 6, num_of(rep, "sum_components"));
    st_bind_double(s, 7, num_of(rep, "value"));
    st_bind_double(s, 8, num_of(rep, "synergy"));
    st_bind_int(s, 9, llround(num_of(rep, "floor_price") * 100.0));
    st_bind_text(s, 10, text_of(json_object_get(rep, "reconciliation"), "rule"));
    st_bind_text(s, 11, ev->payload);
    st_bind_text(s, 12, ev->actor);
    st_bind_int(s, 13, ev->seq);
    rc = st_run(s, err);
    st_finalize(s);
    if (rc || (rc = st_prepare(b->st,
                               "INSERT INTO bnd_component (bundle_id, position, right_id, "
                               "unit_code, valuation_id, value, allocated, floor) VALUES (?, ?, "
                               "?, ?, ?, ?, ?, ?)",
                               &s, err)))
        return rc;
    for (size_t i = 0; !rc && i < json_array_size(comps); i++) {
        const json_t *x = json_array_get(comps, i);
        const json_t *floor = json_object_get(x, "floor");
        st_reset(s);
        st_bind_text(s, 1, text_of(rep, "bundle"));
        st_bind_int(s, 2, (long long)i + 1);
        st_bind_text(s, 3, text_of(x, "right"));
        st_bind_text(s, 4, text_of(x, "unit"));
        st_bind_text(s, 5, text_of(x, "valuation"));
        st_bind_double(s, 6, num_of(x, "value"));
        st_bind_double(s, 7, num_of(x, "allocated"));
        if (json_is_number(floor))
            st_bind_double(s, 8, json_number_value(floor));
        else
            st_bind_null(s, 8);
        rc = st_run(s, err);
    }
    st_finalize(s);
    return rc;
}

static int project_approval(struct bnd *b, const struct lg_event *ev, const json_t *p,
                            struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(b->st,
                        "UPDATE bnd_bundle SET approved_seq = ?, approved_by = ?, approved_date "
                        "= ? WHERE bundle_id = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_int(s, 1, ev->seq);
    st_bind_text(s, 2, ev->actor);
    st_bind_text(s, 3, text_of(p, "date"));
    st_bind_text(s, 4, text_of(p, "bundle"));
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

int bnd_project(struct bnd *b, const struct lg_event *ev, struct ls_err *err)
{
    int record = !strcmp(ev->type, "bundle.record");
    if (!record && strcmp(ev->type, "bundle.approve"))
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "type", "event %lld: unknown type %s",
                          ev->seq, ev->type);
    json_error_t je;
    json_t *p = json_loads(ev->payload ? ev->payload : "", 0, &je);
    if (!p)
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "payload",
                          "event %lld: the payload is not JSON: %s", ev->seq, je.text);
    int rc = record ? project_record(b, ev, p, err) : project_approval(b, ev, p, err);
    json_decref(p);
    return rc;
}

/* Appends one bundle.<type> event about bundle id, effective on date, carrying payload
 * (compact, sorted keys); ev gets its seq, and its payload text the caller frees. */
static int append(struct bnd *b, const char *type, const char *id, const char *date,
                  const char *reason, const json_t *payload, const struct bnd_submit_opts *o,
                  struct lg_event *ev, struct ls_err *err)
{
    memset(ev, 0, sizeof *ev);
    snprintf(ev->recorded, sizeof ev->recorded, "%s", o->recorded ? o->recorded : "");
    snprintf(ev->effective, sizeof ev->effective, "%s", date);
    snprintf(ev->actor, sizeof ev->actor, "%s", o->actor);
    snprintf(ev->type, sizeof ev->type, "bundle.%s", type);
    snprintf(ev->subject, sizeof ev->subject, "bundle:%.50s", id);
    snprintf(ev->reason, sizeof ev->reason, "%s", reason);
    return lg_append_json(b->st, ev, payload, err);
}

/* The recorder and the approval seq of a recorded bundle: 1 found, 0 none. */
static int recorded(struct bnd *b, const char *id, char actor[64], long long *approved,
                    char date[16], struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(b->st,
                        "SELECT actor, approved_seq, valuation_date FROM bnd_bundle WHERE "
                        "bundle_id = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id ? id : "");
    rc = st_step(s, err);
    if (rc == 1) {
        snprintf(actor, 64, "%s", st_col_text(s, 0));
        *approved = st_col_int(s, 1);
        snprintf(date, 16, "%s", st_col_text(s, 2));
    }
    st_finalize(s);
    return rc;
}

int bnd_submit(struct bnd *b, const struct val_scheme *scheme, const json_t *request,
               const struct bnd_submit_opts *o, const char *input, long long *seq, json_t **report,
               struct ls_err *err)
{
    if (report)
        *report = NULL;
    const char *id = json_string_value(json_object_get(request, "bundle"));
    if (!o || !o->actor || !*o->actor)
        return ls_err_set(err, LS_EINVAL, input, id, "actor",
                          "rule bundle.actor: every bundle names who records it");
    char actor[64], date[16];
    long long approved = 0;
    int rc = id ? recorded(b, id, actor, &approved, date, err) : 0;
    if (rc < 0)
        return rc;
    if (rc == 1)
        return ls_err_set(err, LS_EINVAL, input, id, "bundle",
                          "rule bundle.exists: bundle %s is already recorded; a new bundle "
                          "takes a new id",
                          id);
    json_t *rep = NULL;
    if ((rc = bnd_check(b, scheme, request, input, &rep, err)))
        return rc;
    struct lg_event ev = { 0 };
    rc =
        append(b, "record", id, text_of(rep, "date"), text_of(request, "reason"), rep, o, &ev, err);
    if (!rc)
        rc = project_record(b, &ev, rep, err);
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

int bnd_approve(struct bnd *b, const char *id, const char *date, const struct bnd_submit_opts *o,
                const char *input, long long *seq, struct ls_err *err)
{
    if (!o || !o->actor || !*o->actor)
        return ls_err_set(err, LS_EINVAL, input, id, "actor",
                          "rule bundle.actor: an approval names who gives it");
    if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
        return ls_err_set(err, LS_EINVAL, input, id, "date",
                          "rule bundle.date: the approval's date is YYYY-MM-DD");
    char actor[64] = "", vdate[16] = "";
    long long approved = 0;
    int rc = recorded(b, id, actor, &approved, vdate, err);
    if (rc == 0)
        rc = ls_err_set(err, LS_ENOENT, input, id, "bundle",
                        "rule bundle.unknown: no bundle %s is recorded", id ? id : "");
    else if (rc == 1 && approved > 0)
        rc = ls_err_set(err, LS_EINVAL, input, id, "bundle",
                        "rule bundle.approved: bundle %s is approved already", id);
    else if (rc == 1 && !strcmp(actor, o->actor))
        rc = ls_err_set(err, LS_EINVAL, input, id, "actor",
                        "rule bundle.same_person: %s recorded bundle %s and may not approve it "
                        "too",
                        o->actor, id);
    else if (rc == 1 && strcmp(date, vdate) < 0)
        rc = ls_err_set(err, LS_EINVAL, input, id, "date",
                        "rule bundle.date: an approval on %s comes before the valuation date %s",
                        date, vdate);
    else if (rc == 1)
        rc = 0;
    if (rc)
        return rc;
    json_t *p = json_pack("{s:s, s:s}", "bundle", id, "date", date);
    struct lg_event ev = { 0 };
    rc = p ? append(b, "approve", id, date, "", p, o, &ev, err)
           : ls_err_set(err, LS_ENOMEM, input, NULL, NULL, "out of memory");
    if (!rc)
        rc = project_approval(b, &ev, p, err);
    if (!rc && seq)
        *seq = ev.seq;
    free((char *)(uintptr_t)ev.payload);
    json_decref(p);
    return rc;
}

static json_t *approval(struct ls_stmt *s, int col)
{
    if (st_col_int(s, col) <= 0)
        return json_null();
    return json_pack("{s:I, s:s, s:s}", "seq", (json_int_t)st_col_int(s, col), "by",
                     st_col_text(s, col + 1), "date", st_col_text(s, col + 2));
}

int bnd_get(struct bnd *b, const char *id, int approved_only, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(b->st,
                        "SELECT report, recorded_seq, actor, approved_seq, approved_by, "
                        "approved_date FROM bnd_bundle WHERE bundle_id = ? AND (? = 0 OR "
                        "approved_seq > 0)",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id ? id : "");
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
        rc = ls_err_set(err, LS_ENOENT, NULL, NULL, "bundle", "no bundle %s is recorded",
                        id ? id : "");
    }
    st_finalize(s);
    return rc;
}

int bnd_list(struct bnd *b, const char *as_of, int approved_only, json_t **out, struct ls_err *err)
{
    *out = NULL;
    if (as_of && (strlen(as_of) != 10 || as_of[4] != '-' || as_of[7] != '-'))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "as_of", "as of a date YYYY-MM-DD");
    struct ls_stmt *s = NULL;
    int rc = st_prepare(b->st,
                        "SELECT bundle_id, name, valuation_date, seller, components, "
                        "sum_components, value, synergy, floor_price_fen, rule, recorded_seq, "
                        "approved_seq, approved_by, approved_date FROM bnd_bundle WHERE (? = '' "
                        "OR valuation_date <= ?) AND (? = 0 OR approved_seq > 0) ORDER BY "
                        "valuation_date, bundle_id",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, as_of ? as_of : "");
    st_bind_text(s, 2, as_of ? as_of : "");
    st_bind_int(s, 3, approved_only);
    json_t *list = json_array();
    while ((rc = st_step(s, err)) == 1)
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:s, s:s, s:I, s:f, s:f, s:f, s:f, s:s, s:I, s:o}", "bundle",
                      st_col_text(s, 0), "name", st_col_text(s, 1), "date", st_col_text(s, 2),
                      "seller", st_col_text(s, 3), "components", (json_int_t)st_col_int(s, 4),
                      "sum_components", st_col_double(s, 5), "value", st_col_double(s, 6),
                      "synergy", st_col_double(s, 7), "floor_price",
                      (double)st_col_int(s, 8) / 100.0, "rule", st_col_text(s, 9), "seq",
                      (json_int_t)st_col_int(s, 10), "approved", approval(s, 11)));
    st_finalize(s);
    if (rc < 0) {
        json_decref(list);
        return rc;
    }
    *out = json_pack("{s:o}", "bundles", list);
    return 0;
}

int bnd_brief(struct ls_store *st, const char *id, struct bnd_brief *out, char (**rights)[64],
              int *n, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    *rights = NULL;
    *n = 0;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(st,
                        "SELECT bundle_id, seller, valuation_date, floor_price_fen, approved_seq "
                        "FROM bnd_bundle WHERE bundle_id = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id ? id : "");
    rc = st_step(s, err);
    if (rc == 1) {
        snprintf(out->id, sizeof out->id, "%s", st_col_text(s, 0));
        snprintf(out->seller, sizeof out->seller, "%s", st_col_text(s, 1));
        snprintf(out->date, sizeof out->date, "%s", st_col_text(s, 2));
        out->floor_price_fen = st_col_int(s, 3);
        out->approved = st_col_int(s, 4) > 0;
    }
    st_finalize(s);
    if (rc != 1)
        return rc;
    rc = st_prepare(st, "SELECT right_id FROM bnd_component WHERE bundle_id = ? ORDER BY position",
                    &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, out->id);
    char(*r)[64] = calloc(BND_MAX_COMPONENTS, sizeof *r);
    if (!r) {
        st_finalize(s);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    while (*n < BND_MAX_COMPONENTS && (rc = st_step(s, err)) == 1)
        snprintf(r[(*n)++], 64, "%s", st_col_text(s, 0));
    st_finalize(s);
    if (rc < 0) {
        free(r);
        *n = 0;
        return rc;
    }
    *rights = r;
    return 1;
}

int bnd_of_unit(struct bnd *b, const char *unit, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(b->st,
                        "SELECT c.bundle_id, b.name, b.valuation_date, c.right_id, c.valuation_id, "
                        "c.value, c.allocated, b.approved_seq FROM bnd_component c JOIN bnd_bundle "
                        "b ON b.bundle_id = c.bundle_id WHERE c.unit_code = ? ORDER BY "
                        "b.valuation_date, c.bundle_id, c.position",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, unit ? unit : "");
    json_t *list = json_array();
    while ((rc = st_step(s, err)) == 1)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:b}", "bundle",
                                              st_col_text(s, 0), "name", st_col_text(s, 1), "date",
                                              st_col_text(s, 2), "right", st_col_text(s, 3),
                                              "valuation", st_col_text(s, 4), "value",
                                              st_col_double(s, 5), "allocated", st_col_double(s, 6),
                                              "approved", st_col_int(s, 7) > 0));
    st_finalize(s);
    if (rc < 0) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return 0;
}
