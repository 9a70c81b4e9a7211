/*
 * contract/check — a survey year or a GEP account held against the contracts in force: the
 * conditions due on a date (what the caller measures), then each measure judged and recorded,
 * one contract.check event per contract, with the evidence it rests on.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract/internal.h"

int con_due(struct con *c, const char *date, json_t **out, struct ls_err *err)
{
    *out = NULL;
    if (!ls_date_valid(date))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "date", "the check's date is YYYY-MM-DD");
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->st,
                        "SELECT c.contract, k.condition_id FROM con_condition k JOIN con_contract "
                        "c ON c.contract_id = k.contract_id WHERE c.term_start <= ? AND "
                        "c.term_end >= ? AND k.start_date <= ? ORDER BY k.contract_id, "
                        "k.condition_id",
                        &s, err);
    if (rc)
        return rc;
    for (int i = 1; i <= 3; i++)
        st_bind_text(s, i, date);
    json_t *list = json_array();
    while ((rc = st_step(s, err)) == 1) {
        json_error_t je;
        json_t *ct = json_loads(st_col_text(s, 0), 0, &je);
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(ct, "conditions"), i, x)
        {
            if (strcmp(con_str(x, "id"), st_col_text(s, 1)))
                continue;
            json_t *d = json_deep_copy(x);
            json_object_set_new(d, "contract", json_string(con_str(ct, "contract")));
            json_object_set(d, "condition", json_object_get(x, "id"));
            json_object_del(d, "id");
            json_array_append_new(list, d);
        }
        json_decref(ct);
    }
    st_finalize(s);
    if (rc < 0) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return 0;
}

/* Whether a condition was judged against this evidence already: a check repeated changes
 * nothing (1 yes, 0 no, < 0 error). */
static int judged(struct con *c, const struct con_measure *m, const char *sha, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->st,
                        "SELECT count(*) FROM con_check WHERE contract_id = ? AND condition_id = ? "
                        "AND evidence_sha256 = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, m->contract);
    st_bind_text(s, 2, m->condition);
    st_bind_text(s, 3, sha);
    rc = st_step(s, err);
    if (rc == 1)
        rc = st_col_int(s, 0) > 0;
    st_finalize(s);
    return rc;
}

/* The condition a measure is of, from the due list: NULL when it is not due. */
static const json_t *due_one(const json_t *due, const struct con_measure *m)
{
    size_t i;
    json_t *d;
    json_array_foreach(due, i, d)
    {
        if (!strcmp(con_str(d, "contract"), m->contract) &&
            !strcmp(con_str(d, "condition"), m->condition))
            return d;
    }
    return NULL;
}

int con_check(struct con *c, const char *date, const json_t *evidence, const struct con_measure *m,
              int n, const struct con_submit_opts *o, json_t **out, struct ls_err *err)
{
    *out = NULL;
    if (!o || !o->actor || !*o->actor)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "actor",
                          "rule contract.actor: a check names who records it");
    const char *kind = con_str(evidence, "kind");
    if (strcmp(kind, "survey") && strcmp(kind, "gep"))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "evidence",
                          "rule contract.evidence: a check rests on a survey or a GEP account");
    json_t *due = NULL;
    int rc = con_due(c, date, &due, err);
    if (rc)
        return rc;
    json_t *checks = json_array(), *again = json_array();
    int breaches = 0;
    /* one event per contract, its measures in the order given (the caller's: contract order) */
    for (int i = 0; !rc && i < n;) {
        int j = i;
        json_t *results = json_array();
        for (; j < n && !strcmp(m[j].contract, m[i].contract); j++) {
            const json_t *d = due_one(due, &m[j]);
            if (!d) {
                rc = ls_err_set(err, LS_EINVAL, NULL, m[j].contract, "condition",
                                "rule contract.not_due: condition %s of contract %s is not due "
                                "on %s",
                                m[j].condition, m[j].contract, date);
                break;
            }
            int seen = m[j].measured ? judged(c, &m[j], con_str(evidence, "sha256"), err) : 0;
            if (seen < 0) {
                rc = seen;
                break;
            }
            if (seen)
                json_array_append_new(again, json_pack("{s:s, s:s}", "contract", m[j].contract,
                                                       "condition", m[j].condition));
            if (!m[j].measured || seen)
                continue;
            const char *outcome = con_judge(con_str(d, "kind"), con_str(d, "basis"),
                                            json_number_value(json_object_get(d, "target")),
                                            con_str(d, "deadline"), date, m[j].figure);
            breaches += !strcmp(outcome, "breach");
            json_array_append_new(results,
                                  json_pack("{s:s, s:s, s:s, s:f, s:f, s:s, s:s}", "condition",
                                            m[j].condition, "kind", con_str(d, "kind"), "unit",
                                            con_str(d, "unit"), "figure", m[j].figure, "target",
                                            json_number_value(json_object_get(d, "target")),
                                            "basis", con_str(d, "basis"), "outcome", outcome));
        }
        if (!rc && json_array_size(results)) {
            json_t *p = json_pack("{s:s, s:s, s:O, s:O}", "contract", m[i].contract, "date", date,
                                  "evidence", evidence, "results", results);
            struct lg_event ev = { 0 };
            rc = con_append(c, "check", m[i].contract, date, p, o, &ev, err);
            if (!rc)
                json_array_append_new(checks,
                                      json_pack("{s:s, s:I, s:O}", "contract", m[i].contract, "seq",
                                                (json_int_t)ev.seq, "results", results));
            free((char *)(uintptr_t)ev.payload);
            json_decref(p);
        }
        json_decref(results);
        i = j;
    }
    json_decref(due);
    if (rc) {
        json_decref(checks);
        json_decref(again);
        return rc;
    }
    *out = json_pack("{s:s, s:O, s:o, s:o, s:i}", "date", date, "evidence", evidence, "checks",
                     checks, "already", again, "breaches", breaches);
    return 0;
}
