/*
 * contract/register — contracts on the ledger: the contract.sign and contract.check events
 * appended and projected into con_contract, con_condition (each condition with its latest
 * outcome) and con_check (every outcome with its evidence); their replay; the reads.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract/internal.h"

const char *const con_projection_tables[CON_PROJECTION_TABLES] = { "con_contract", "con_condition",
                                                                   "con_check", "con_right" };
const char *const con_projection_keys[CON_PROJECTION_TABLES] = {
    "contract_id", "contract_id, condition_id", "contract_id, condition_id, check_seq",
    "contract_id, right_id"
};

int con_open(struct ls_store *st, struct reg *r, struct con **out, struct ls_err *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    (*out)->st = st;
    (*out)->reg = r;
    return 0;
}

void con_close(struct con *c)
{
    free(c);
}

static int project_sign(struct con *c, const struct lg_event *ev, const json_t *p,
                        struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->st,
                        "INSERT INTO con_contract (contract_id, kind, signed_date, grantor, "
                        "grantee, term_start, term_end, price, bond, contract, actor, signed_seq) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, con_str(p, "contract"));
    st_bind_text(s, 2, con_str(p, "kind"));
    st_bind_text(s, 3, con_str(p, "date"));
    st_bind_text(s, 4, con_str(p, "grantor"));
    st_bind_text(s, 5, con_str(p, "grantee"));
    st_bind_text(s, 6, con_str(p, "term_start"));
    st_bind_text(s, 7, con_str(p, "term_end"));
    st_bind_double(s, 8, json_number_value(json_object_get(json_object_get(p, "price"), "total")));
    st_bind_double(s, 9, json_number_value(json_object_get(p, "bond")));
    st_bind_text(s, 10, ev->payload);
    st_bind_text(s, 11, ev->actor);
    st_bind_int(s, 12, ev->seq);
    rc = st_run(s, err);
    st_finalize(s);
    if (rc || (rc = st_prepare(c->st,
                               "INSERT INTO con_condition (contract_id, condition_id, kind, "
                               "unit_code, target, basis, start_date, deadline, state, "
                               "last_seq, last_figure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', 0, "
                               "NULL)",
                               &s, err)))
        return rc;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(p, "conditions"), i, x)
    {
        if (rc)
            break;
        st_reset(s);
        st_bind_text(s, 1, con_str(p, "contract"));
        st_bind_text(s, 2, con_str(x, "id"));
        st_bind_text(s, 3, con_str(x, "kind"));
        st_bind_text(s, 4, con_str(x, "unit"));
        st_bind_double(s, 5, json_number_value(json_object_get(x, "target")));
        st_bind_text(s, 6, con_str(x, "basis"));
        st_bind_text(s, 7, con_str(x, "start"));
        st_bind_text(s, 8, con_str(x, "deadline"));
        rc = st_run(s, err);
    }
    st_finalize(s);
    if (rc || (rc = st_prepare(c->st,
                               "INSERT INTO con_right (contract_id, right_id, unit_code, "
                               "transferred) VALUES (?, ?, ?, ?)",
                               &s, err)))
        return rc;
    json_array_foreach(json_object_get(p, "rights"), i, x)
    {
        if (rc)
            break;
        st_reset(s);
        st_bind_text(s, 1, con_str(p, "contract"));
        st_bind_text(s, 2, con_str(x, "right"));
        st_bind_text(s, 3, con_str(x, "unit"));
        st_bind_int(s, 4, json_is_true(json_object_get(x, "transfer")));
        rc = st_run(s, err);
    }
    st_finalize(s);
    return rc;
}

static int project_check(struct con *c, const struct lg_event *ev, const json_t *p,
                         struct ls_err *err)
{
    struct ls_stmt *ins = NULL, *upd = NULL;
    int rc = st_prepare(c->st,
                        "INSERT INTO con_check (contract_id, condition_id, check_seq, check_date, "
                        "evidence_kind, evidence_file, evidence_sha256, evidence_year, figure, "
                        "target, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        &ins, err);
    if (!rc)
        rc = st_prepare(c->st,
                        "UPDATE con_condition SET state = ?, last_seq = ?, last_figure = ? WHERE "
                        "contract_id = ? AND condition_id = ?",
                        &upd, err);
    const json_t *e = json_object_get(p, "evidence");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(p, "results"), i, r)
    {
        if (rc)
            break;
        st_reset(ins);
        st_bind_text(ins, 1, con_str(p, "contract"));
        st_bind_text(ins, 2, con_str(r, "condition"));
        st_bind_int(ins, 3, ev->seq);
        st_bind_text(ins, 4, con_str(p, "date"));
        st_bind_text(ins, 5, con_str(e, "kind"));
        st_bind_text(ins, 6, con_str(e, "file"));
        st_bind_text(ins, 7, con_str(e, "sha256"));
        st_bind_int(ins, 8, json_integer_value(json_object_get(e, "year")));
        st_bind_double(ins, 9, json_number_value(json_object_get(r, "figure")));
        st_bind_double(ins, 10, json_number_value(json_object_get(r, "target")));
        st_bind_text(ins, 11, con_str(r, "outcome"));
        rc = st_run(ins, err);
        if (rc)
            break;
        st_reset(upd);
        st_bind_text(upd, 1, con_str(r, "outcome"));
        st_bind_int(upd, 2, ev->seq);
        st_bind_double(upd, 3, json_number_value(json_object_get(r, "figure")));
        st_bind_text(upd, 4, con_str(p, "contract"));
        st_bind_text(upd, 5, con_str(r, "condition"));
        rc = st_run(upd, err);
    }
    st_finalize(ins);
    st_finalize(upd);
    return rc;
}

static int project(struct con *c, const struct lg_event *ev, const json_t *p, struct ls_err *err)
{
    if (!strcmp(ev->type, "contract.sign"))
        return project_sign(c, ev, p, err);
    if (!strcmp(ev->type, "contract.check"))
        return project_check(c, ev, p, err);
    return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "type", "event %lld: unknown type %s", ev->seq,
                      ev->type);
}

int con_project(struct con *c, const struct lg_event *ev, struct ls_err *err)
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

int con_append(struct con *c, const char *type, const char *id, const char *date,
               const json_t *payload, const struct con_submit_opts *o, struct lg_event *ev,
               struct ls_err *err)
{
    memset(ev, 0, sizeof *ev);
    snprintf(ev->recorded, sizeof ev->recorded, "%s", o->recorded ? o->recorded : "");
    snprintf(ev->effective, sizeof ev->effective, "%s", date);
    snprintf(ev->actor, sizeof ev->actor, "%s", o->actor);
    snprintf(ev->type, sizeof ev->type, "contract.%s", type);
    snprintf(ev->subject, sizeof ev->subject, "contract:%.50s", id);
    int rc = lg_append_json(c->st, ev, payload, err);
    return rc ? rc : project(c, ev, payload, err);
}

int con_get(struct con *c, const char *id, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(
        c->st, "SELECT contract, signed_seq, actor FROM con_contract WHERE contract_id = ?", &s,
        err);
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
        }
        rc = *out ? 0 : ls_err_set(err, LS_EINTERNAL, NULL, id, "contract", "not JSON");
    } else if (rc == 0) {
        rc = ls_err_set(err, LS_ENOENT, NULL, NULL, "contract", "no contract %s is signed",
                        id ? id : "");
    }
    st_finalize(s);
    if (rc)
        return rc;
    /* each condition's latest outcome and every check of it, oldest first */
    rc = st_prepare(c->st,
                    "SELECT k.condition_id, k.check_seq, k.check_date, k.evidence_kind, "
                    "k.evidence_file, k.evidence_sha256, k.evidence_year, k.figure, k.target, "
                    "k.outcome FROM con_check k WHERE k.contract_id = ? ORDER BY k.check_seq, "
                    "k.condition_id",
                    &s, err);
    if (rc) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    st_bind_text(s, 1, id);
    json_t *checks = json_array(), *breaches = json_array();
    while ((rc = st_step(s, err)) == 1) {
        json_t *k = json_pack("{s:s, s:I, s:s, s:{s:s, s:s, s:s, s:I}, s:f, s:f, s:s}", "condition",
                              st_col_text(s, 0), "seq", (json_int_t)st_col_int(s, 1), "date",
                              st_col_text(s, 2), "evidence", "kind", st_col_text(s, 3), "file",
                              st_col_text(s, 4), "sha256", st_col_text(s, 5), "year",
                              (json_int_t)st_col_int(s, 6), "figure", st_col_double(s, 7), "target",
                              st_col_double(s, 8), "outcome", st_col_text(s, 9));
        if (!strcmp(st_col_text(s, 9), "breach"))
            json_array_append(breaches, k);
        json_array_append_new(checks, k);
    }
    st_finalize(s);
    json_object_set_new(*out, "checks", checks);
    json_object_set_new(*out, "breaches", breaches);
    /* each condition's state, from the latest check */
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(*out, "conditions"), i, x)
    {
        const char *state = "open";
        size_t j;
        json_t *k;
        json_array_foreach(checks, j, k)
        {
            if (!strcmp(con_str(k, "condition"), con_str(x, "id")))
                state = con_str(k, "outcome");
        }
        json_object_set_new(x, "state", json_string(state));
    }
    return rc < 0 ? rc : 0;
}

int con_of_unit(struct con *c, const char *unit, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(
        c->st,
        "SELECT c.contract_id, c.kind, c.signed_date, c.grantor, c.grantee, c.term_end, "
        "(SELECT count(*) FROM con_condition k WHERE k.contract_id = c.contract_id AND "
        "k.unit_code = ?), (SELECT count(*) FROM con_condition k WHERE k.contract_id = "
        "c.contract_id AND k.unit_code = ? AND k.state = 'breach') FROM con_contract c WHERE "
        "c.contract_id IN (SELECT contract_id FROM con_right WHERE unit_code = ? UNION SELECT "
        "contract_id FROM con_condition WHERE unit_code = ?) ORDER BY c.signed_date, "
        "c.contract_id",
        &s, err);
    if (rc)
        return rc;
    for (int i = 1; i <= 4; i++)
        st_bind_text(s, i, unit);
    json_t *list = json_array();
    while ((rc = st_step(s, err)) == 1)
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "contract",
                            st_col_text(s, 0), "kind", st_col_text(s, 1), "date", st_col_text(s, 2),
                            "grantor", st_col_text(s, 3), "grantee", st_col_text(s, 4), "term_end",
                            st_col_text(s, 5), "conditions", (json_int_t)st_col_int(s, 6),
                            "in_breach", (json_int_t)st_col_int(s, 7)));
    st_finalize(s);
    if (rc < 0) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return 0;
}

int con_list(struct con *c, const char *as_of, const char *party, json_t **out, struct ls_err *err)
{
    *out = NULL;
    if (as_of && !ls_date_valid(as_of))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "as_of", "as of a date YYYY-MM-DD");
    struct ls_stmt *s = NULL;
    int rc = st_prepare(
        c->st,
        "SELECT contract_id, kind, signed_date, grantor, grantee, term_start, term_end, price, "
        "bond, signed_seq, (SELECT count(*) FROM con_condition k WHERE k.contract_id = "
        "c.contract_id), (SELECT count(*) FROM con_condition k WHERE k.contract_id = "
        "c.contract_id AND k.state = 'breach') FROM con_contract c WHERE (? = '' OR signed_date "
        "<= ?) AND (? = '' OR grantor = ? OR grantee = ?) ORDER BY signed_date, contract_id",
        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, as_of ? as_of : "");
    st_bind_text(s, 2, as_of ? as_of : "");
    for (int i = 3; i <= 5; i++)
        st_bind_text(s, i, party ? party : "");
    json_t *list = json_array();
    while ((rc = st_step(s, err)) == 1)
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:I, s:I, s:I}", "contract",
                      st_col_text(s, 0), "kind", st_col_text(s, 1), "date", st_col_text(s, 2),
                      "grantor", st_col_text(s, 3), "grantee", st_col_text(s, 4), "term_start",
                      st_col_text(s, 5), "term_end", st_col_text(s, 6), "price",
                      st_col_double(s, 7), "bond", st_col_double(s, 8), "seq",
                      (json_int_t)st_col_int(s, 9), "conditions", (json_int_t)st_col_int(s, 10),
                      "in_breach", (json_int_t)st_col_int(s, 11)));
    st_finalize(s);
    if (rc < 0) {
        json_decref(list);
        return rc;
    }
    *out = json_pack("{s:o}", "contracts", list);
    return 0;
}
