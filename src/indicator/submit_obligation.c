/*
 * indicator/submit_obligation — obligations (what a compliance check says a project owes:
 * cropland quantity, grain capacity and paddy for 耕地占补平衡, natural shoreline for
 * 岸线占修平衡, construction-land scale, an offset) and the retirement of units against
 * them, with the rules of 国土资规〔2017〕13号 and markets.md §1:
 *   retire.class            units of the class the obligation is met with
 *   retire.not_required     an account the obligation does not ask for
 *   retire.over_requirement more than is still owed on an account
 *   retire.fulfilled        one obligation is fulfilled once
 *   retire.province         within the province unless the class may leave it (only sinks)
 *   retire.paddy_for_paddy  占水田补水田: the paddy part of the quantity is met from batches
 *                           that carry paddy, so dry-land quantity is capped at
 *                           quantity − paddy; paddy scale itself only by CRP units
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicator/internal.h"

static const struct ind_class *class_of_kind(const char *kind)
{
    size_t n = 0;
    const struct ind_class *k = ind_classes(&n, NULL);
    for (size_t i = 0; k && i < n; i++)
        if (k[i].retires_against && !strcmp(k[i].retires_against, kind))
            return &k[i];
    return NULL;
}

int ind_sub_obligation(struct ind_ctx *c, json_t *req, json_t *payload, char *subject)
{
    const char *id = ind_str(req, "obligation"), *kind = ind_str(req, "kind");
    const char *county = ind_str(req, "county");
    snprintf(c->where, sizeof c->where, "obligation %.40s", id);
    if (!ind_valid_id(id))
        return ind_refuse(c, "obligation.id", "obligation",
                          "an obligation id is 1–32 letters, digits or _");
    const struct ind_class *k = class_of_kind(kind);
    if (!k)
        return ind_refuse(c, "obligation.kind", "kind",
                          "\"%s\" is no obligation kind (cropland_occupation, "
                          "shoreline_occupation, urban_scale, offset)",
                          kind);
    int ok = strlen(county) == 6;
    for (const char *p = county; ok && *p; p++)
        ok = *p >= '0' && *p <= '9';
    if (!ok)
        return ind_refuse(c, "obligation.county", "county",
                          "the county is its 6-digit code (GB/T 2260), not \"%s\"", county);
    struct ls_stmt *s = NULL;
    int rc =
        st_prepare(c->in->st, "SELECT 1 FROM ind_obligation WHERE obligation_id = ?", &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, c->err);
    st_finalize(s);
    if (rc < 0)
        return rc;
    if (rc == 1)
        return ind_refuse(c, "obligation.unique", "obligation",
                          "obligation %s is already "
                          "recorded",
                          id);
    json_t *req_q = json_object_get(req, "required"), *out = json_object();
    const char *acct;
    json_t *v;
    json_object_foreach(req_q, acct, v)
    {
        const struct ind_account *a = NULL;
        if (ind_class_of_account(acct, &a) != k) {
            json_decref(out);
            return ind_refuse(c, "obligation.account", "required",
                              "%s is no account of the %s class", acct, k->id);
        }
    }
    for (size_t i = 0; i < k->n_accounts; i++) {
        v = json_object_get(req_q, k->accounts[i].code);
        if (i > 0 && (!v || (json_is_integer(v) && json_integer_value(v) == 0)))
            continue;
        int64_t q;
        if ((rc = ind_units(c, v, k->accounts[i].code, &q)) != 0) {
            json_decref(out);
            return rc;
        }
        json_object_set_new(out, k->accounts[i].code, json_integer(q));
    }
    json_int_t crq = json_integer_value(json_object_get(out, "CRQ"));
    if (json_integer_value(json_object_get(out, "CRP")) > crq) {
        json_decref(out);
        return ind_refuse(c, "obligation.paddy", "required",
                          "the paddy owed is part of the quantity owed and cannot exceed it");
    }
    json_object_set_new(payload, "obligation", json_string(id));
    json_object_set_new(payload, "kind", json_string(kind));
    json_object_set_new(payload, "class", json_string(k->id));
    json_object_set_new(payload, "county", json_string(county));
    json_object_set_new(payload, "source", json_string(ind_str(req, "source")));
    json_object_set_new(payload, "shoreline_type", json_string(ind_str(req, "shoreline_type")));
    json_object_set_new(payload, "required", out);
    snprintf(subject, 64, "ind-obligation:%s", id);
    return 0;
}

/* What is owed and already retired per account, and the dry-land quantity retired. */
struct owed {
    char class_id[32], county[8];
    int n;
    struct {
        char account[4];
        int64_t required, retired;
    } a[IND_MAX_ACCOUNTS];
    int64_t dry_retired;
};

static int owed_load(struct ind_ctx *c, const char *id, struct owed *o)
{
    memset(o, 0, sizeof *o);
    struct ls_stmt *s = NULL;
    int rc =
        st_prepare(c->in->st, "SELECT class_id, county FROM ind_obligation WHERE obligation_id = ?",
                   &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, c->err);
    if (rc == 1) {
        snprintf(o->class_id, sizeof o->class_id, "%s", st_col_text(s, 0));
        snprintf(o->county, sizeof o->county, "%s", st_col_text(s, 1));
    }
    st_finalize(s);
    if (rc <= 0)
        return rc;
    rc = st_prepare(c->in->st,
                    "SELECT account, required, retired, dry_retired FROM ind_requirement WHERE "
                    "obligation_id = ? ORDER BY account",
                    &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    while ((rc = st_step(s, c->err)) == 1 && o->n < IND_MAX_ACCOUNTS) {
        snprintf(o->a[o->n].account, sizeof o->a[o->n].account, "%s", st_col_text(s, 0));
        o->a[o->n].required = st_col_int(s, 1);
        o->a[o->n].retired = st_col_int(s, 2);
        o->dry_retired += st_col_int(s, 3);
        o->n++;
    }
    st_finalize(s);
    return rc < 0 ? rc : 1;
}

static int batch_paddy(struct ind_ctx *c, const char *batch, int64_t *paddy)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->in->st, "SELECT paddy FROM ind_batch WHERE batch_id = ?", &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, batch);
    rc = st_step(s, c->err);
    *paddy = rc == 1 ? st_col_int(s, 0) : 0;
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

static int retire_rules(struct ind_ctx *c, const char *id, const struct owed *o,
                        const struct ind_move *m, size_t n)
{
    const struct ind_class *k = ind_class_find(o->class_id);
    int64_t add[IND_MAX_ACCOUNTS] = { 0 }, dry = 0, owed_crq = 0, owed_crp = 0;
    int fulfilled = 1;
    for (int i = 0; i < o->n; i++) {
        fulfilled &= o->a[i].retired >= o->a[i].required;
        if (!strcmp(o->a[i].account, "CRQ"))
            owed_crq = o->a[i].required;
        if (!strcmp(o->a[i].account, "CRP"))
            owed_crp = o->a[i].required;
    }
    if (fulfilled)
        return ind_refuse(c, "retire.fulfilled", "obligation",
                          "obligation %s is already fulfilled; an obligation is fulfilled once",
                          id);
    for (size_t j = 0; j < n; j++) {
        const struct ind_account *acc = NULL;
        if (ind_class_of_account(m[j].from.account, &acc) != k)
            return ind_refuse(c, "retire.class", "units", "%s units do not meet a %s obligation",
                              m[j].from.account, o->class_id);
        int i = 0;
        while (i < o->n && strcmp(o->a[i].account, m[j].from.account))
            i++;
        if (i == o->n)
            return ind_refuse(c, "retire.not_required", "units",
                              "obligation %s asks for no %s (%s)", id, m[j].from.account, acc->en);
        add[i] += m[j].from.last - m[j].from.first + 1;
        /* the batch id is LS-<account>-<county>-…: its province is the county's first two
         * digits (GB/T 2260) */
        const char *bcounty = m[j].from.batch + 7;
        if (!k->cross_province && strncmp(bcounty, o->county, 2))
            return ind_refuse(c, "retire.province", "units",
                              "%s units of county %.6s cannot meet an obligation of county %s: "
                              "the %s class stays within its province",
                              m[j].from.account, bcounty, o->county, k->id);
        if (!strcmp(m[j].from.account, "CRQ")) {
            int64_t paddy;
            int rc = batch_paddy(c, m[j].from.batch, &paddy);
            if (rc)
                return rc;
            if (!paddy)
                dry += m[j].from.last - m[j].from.first + 1;
        }
    }
    for (int i = 0; i < o->n; i++)
        if (o->a[i].retired + add[i] > o->a[i].required)
            return ind_refuse(c, "retire.over_requirement", "units",
                              "obligation %s owes %lld %s more; %lld asked", id,
                              (long long)(o->a[i].required - o->a[i].retired), o->a[i].account,
                              (long long)add[i]);
    if (dry && o->dry_retired + dry > owed_crq - owed_crp)
        return ind_refuse(c, "retire.paddy_for_paddy", "units",
                          "obligation %s owes %lld m² of paddy within its %lld m²: dry-land "
                          "quantity may meet at most %lld m² of it, and %lld would then be dry",
                          id, (long long)owed_crp, (long long)owed_crq,
                          (long long)(owed_crq - owed_crp), (long long)(o->dry_retired + dry));
    return 0;
}

int ind_sub_retire(struct ind_ctx *c, json_t *req, json_t *payload, char *subject)
{
    const char *holder = ind_str(req, "holder"), *id = ind_str(req, "obligation");
    snprintf(c->where, sizeof c->where, "obligation %.40s", id);
    int rc = ind_holder_check(c, holder, "holder");
    if (rc)
        return rc;
    struct owed o;
    rc = ind_valid_id(id) ? owed_load(c, id, &o) : 0;
    if (rc < 0)
        return rc;
    if (rc == 0)
        return ls_err_set(c->err, LS_ENOENT, c->input, c->where, "obligation",
                          "rule retire.obligation_unknown: no obligation %s is recorded", id);
    const struct ind_class *k = ind_class_find(o.class_id);
    char province[3];
    snprintf(province, sizeof province, "%.2s", o.county);
    struct ind_pick p = { holder, NULL,      "active", "",
                          holder, "retired", id,       k && k->cross_province ? NULL : province,
                          0 };
    struct ind_move *m = NULL;
    size_t n = 0;
    if ((rc = ind_pick_request(c, req, &p, &m, &n)) != 0)
        return rc;
    rc = retire_rules(c, id, &o, m, n);
    if (!rc) {
        json_object_set_new(payload, "holder", json_string(holder));
        json_object_set_new(payload, "obligation", json_string(id));
        json_object_set_new(payload, "moves", ind_moves_json(m, n));
        snprintf(subject, 64, "ind-obligation:%s", id);
    }
    free(m);
    return rc;
}
