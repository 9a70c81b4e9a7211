/* indicator/query — what a registrar, a holder and the public read: a project with its
 * batches and where their units are, a holder's account, an obligation's fulfilment, totals
 * per county as of a date, the history of a project or a serial. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "indicator/model.h"

static json_t *parsed(const char *text)
{
    json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
    return j ? j : json_null();
}

/* {state: units} of the blocks matching one column value, every state present. */
static int state_totals(struct ind *in, const char *sql, const char *arg, const char *arg2,
                        json_t *into, struct ls_err *err)
{
    for (int i = 0; i < IM_NSTATES; i++)
        json_object_set_new(into, im_state_names[i], json_integer(0));
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st, sql, &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, arg);
    if (arg2)
        st_bind_text(s, 2, arg2);
    while ((rc = st_step(s, err)) == 1)
        json_object_set_new(into, st_col_text(s, 0), json_integer(st_col_int(s, 1)));
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

int ind_project_show(struct ind *in, const char *no, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st,
                        "SELECT project_no, class_id, name, county, owner, state, units, evidence, "
                        "acceptance, accept_date, registered_seq, updated_seq, geom FROM "
                        "ind_project WHERE project_no = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, no);
    rc = st_step(s, err);
    if (rc == 0)
        rc = ls_err_set(err, LS_ENOENT, NULL, no, "project", "no project %s is registered", no);
    if (rc < 0) {
        st_finalize(s);
        return rc;
    }
    json_t *o = json_object();
    static const char *const keys[] = { "project", "class", "name", "county", "owner", "state" };
    for (int i = 0; i < 6; i++)
        json_object_set_new(o, keys[i], json_string(st_col_text(s, i)));
    json_object_set_new(o, "units", parsed(st_col_text(s, 6)));
    json_object_set_new(o, "evidence", parsed(st_col_text(s, 7)));
    json_object_set_new(o, "acceptance",
                        *st_col_text(s, 8) ? parsed(st_col_text(s, 8)) : json_null());
    json_object_set_new(o, "accept_date", json_string(st_col_text(s, 9)));
    json_object_set_new(o, "registered_seq", json_integer(st_col_int(s, 10)));
    json_object_set_new(o, "updated_seq", json_integer(st_col_int(s, 11)));
    size_t wn = 0;
    const unsigned char *wkb = st_col_geom(s, 12, &wn);
    char *hex = wkb ? ls_hex_dup(wkb, wn) : NULL;
    json_object_set_new(o, "wkb", hex ? json_string(hex) : json_null());
    free(hex);
    st_finalize(s);
    json_t *batches = json_array();
    json_object_set_new(o, "batches", batches);
    rc = st_prepare(in->st,
                    "SELECT batch_id, account, units, paddy, issue_date, attributes FROM ind_batch "
                    "WHERE project_no = ? ORDER BY batch_id",
                    &s, err);
    if (!rc)
        st_bind_text(s, 1, no);
    while (rc >= 0 && (rc = st_step(s, err)) == 1) {
        json_t *b = json_object(), *st = json_object();
        json_object_set_new(b, "batch", json_string(st_col_text(s, 0)));
        json_object_set_new(b, "account", json_string(st_col_text(s, 1)));
        json_object_set_new(b, "units", json_integer(st_col_int(s, 2)));
        json_object_set_new(b, "paddy", json_integer(st_col_int(s, 3)));
        json_object_set_new(b, "issue_date", json_string(st_col_text(s, 4)));
        json_object_set_new(b, "attributes", parsed(st_col_text(s, 5)));
        json_object_set_new(b, "states", st);
        json_array_append_new(batches, b);
    }
    st_finalize(s);
    for (size_t i = 0; rc >= 0 && i < json_array_size(batches); i++) {
        json_t *b = json_array_get(batches, i);
        rc = state_totals(in,
                          "SELECT state, sum(last_unit - first_unit + 1) FROM ind_block WHERE "
                          "batch_id = ? GROUP BY state",
                          json_string_value(json_object_get(b, "batch")), NULL,
                          json_object_get(b, "states"), err);
    }
    if (rc < 0) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return 0;
}

int ind_counted_footprints(struct ind *in, const char *class_id, const char *except,
                           ind_footprint_visit visit, void *ctx, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st,
                        "SELECT project_no, geom FROM ind_project WHERE class_id = ? AND state IN "
                        "('accepted', 'issued', 'monitored') AND project_no <> ? ORDER BY "
                        "project_no",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, class_id);
    st_bind_text(s, 2, except);
    while ((rc = st_step(s, err)) == 1) {
        size_t n = 0;
        const unsigned char *wkb = st_col_geom(s, 1, &n);
        if (wkb && (rc = visit(ctx, st_col_text(s, 0), wkb, n, err)) != 0)
            break;
    }
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

int ind_projects(struct ind *in, const char *county, const char *state, json_t **out,
                 struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st,
                        "SELECT project_no, class_id, name, county, owner, state, accept_date FROM "
                        "ind_project WHERE (? = '' OR county = ?) AND (? = '' OR state = ?) "
                        "ORDER BY project_no",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, county ? county : "");
    st_bind_text(s, 2, county ? county : "");
    st_bind_text(s, 3, state ? state : "");
    st_bind_text(s, 4, state ? state : "");
    json_t *a = json_array();
    static const char *const keys[] = { "project", "class", "name",       "county",
                                        "owner",   "state", "accept_date" };
    while ((rc = st_step(s, err)) == 1) {
        json_t *o = json_object();
        for (int i = 0; i < 7; i++)
            json_object_set_new(o, keys[i], json_string(st_col_text(s, i)));
        json_array_append_new(a, o);
    }
    st_finalize(s);
    if (rc < 0) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}

int ind_holdings(struct ind *in, const char *holder, int max_blocks, json_t **out,
                 struct ls_err *err)
{
    *out = NULL;
    json_t *o = json_object(), *acc = json_object(), *blocks = json_array();
    json_object_set_new(o, "holder", json_string(holder));
    json_object_set_new(o, "accounts", acc);
    json_object_set_new(o, "blocks", blocks);
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st,
                        "SELECT account, state, sum(last_unit - first_unit + 1) FROM ind_block "
                        "WHERE holder = ? GROUP BY account, state ORDER BY account, state",
                        &s, err);
    if (!rc)
        st_bind_text(s, 1, holder);
    while (rc >= 0 && (rc = st_step(s, err)) == 1) {
        json_t *a = json_object_get(acc, st_col_text(s, 0));
        if (!a) {
            a = json_object();
            for (int i = 0; i < IM_NSTATES; i++)
                json_object_set_new(a, im_state_names[i], json_integer(0));
            json_object_set_new(acc, st_col_text(s, 0), a);
        }
        json_object_set_new(a, st_col_text(s, 1), json_integer(st_col_int(s, 2)));
    }
    st_finalize(s);
    if (rc >= 0 && max_blocks > 0)
        rc = st_prepare(in->st,
                        "SELECT batch_id, first_unit, last_unit, account, state, obligation FROM "
                        "ind_block WHERE holder = ? ORDER BY batch_id, first_unit LIMIT ?",
                        &s, err);
    else
        s = NULL;
    if (s) {
        st_bind_text(s, 1, holder);
        st_bind_int(s, 2, max_blocks + 1);
    }
    while (s && rc >= 0 && (rc = st_step(s, err)) == 1) {
        if ((int)json_array_size(blocks) == max_blocks) {
            json_object_set_new(o, "blocks_more", json_true());
            continue;
        }
        json_t *b = json_object();
        char serial[IND_SERIAL_MAX];
        snprintf(serial, sizeof serial, "%s-%lld-%lld", st_col_text(s, 0), st_col_int(s, 1),
                 st_col_int(s, 2));
        json_object_set_new(b, "serial", json_string(serial));
        json_object_set_new(b, "account", json_string(st_col_text(s, 3)));
        json_object_set_new(b, "units", json_integer(st_col_int(s, 2) - st_col_int(s, 1) + 1));
        json_object_set_new(b, "state", json_string(st_col_text(s, 4)));
        if (*st_col_text(s, 5))
            json_object_set_new(b, "obligation", json_string(st_col_text(s, 5)));
        json_array_append_new(blocks, b);
    }
    st_finalize(s);
    if (rc < 0) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return 0;
}

/* open, partly fulfilled or fulfilled from the requirements and what was retired */
static const char *fulfilment(json_t *req)
{
    int any = 0, all = 1;
    size_t i;
    json_t *r;
    json_array_foreach(req, i, r)
    {
        json_int_t need = json_integer_value(json_object_get(r, "required"));
        json_int_t got = json_integer_value(json_object_get(r, "retired"));
        any |= got > 0;
        all &= got >= need;
    }
    return all ? "fulfilled" : any ? "partly_fulfilled" : "open";
}

static int obligation_json(struct ind *in, struct ls_stmt *s, json_t **out, struct ls_err *err)
{
    json_t *o = json_object(), *req = json_array();
    const char *id = st_col_text(s, 0);
    json_object_set_new(o, "obligation", json_string(id));
    json_object_set_new(o, "kind", json_string(st_col_text(s, 1)));
    json_object_set_new(o, "class", json_string(st_col_text(s, 2)));
    json_object_set_new(o, "county", json_string(st_col_text(s, 3)));
    json_object_set_new(o, "source", json_string(st_col_text(s, 4)));
    if (*st_col_text(s, 5))
        json_object_set_new(o, "shoreline_type", json_string(st_col_text(s, 5)));
    json_object_set_new(o, "created_seq", json_integer(st_col_int(s, 6)));
    json_object_set_new(o, "flagged", json_boolean(st_col_int(s, 7) > 0));
    if (st_col_int(s, 7) > 0)
        json_object_set_new(o, "flagged_seq", json_integer(st_col_int(s, 7)));
    json_object_set_new(o, "requirements", req);
    struct ls_stmt *q = NULL;
    int rc = st_prepare(in->st,
                        "SELECT account, required, retired FROM ind_requirement WHERE "
                        "obligation_id = ? ORDER BY account",
                        &q, err);
    if (!rc)
        st_bind_text(q, 1, id);
    while (rc >= 0 && (rc = st_step(q, err)) == 1) {
        json_t *r = json_object();
        json_object_set_new(r, "account", json_string(st_col_text(q, 0)));
        json_object_set_new(r, "required", json_integer(st_col_int(q, 1)));
        json_object_set_new(r, "retired", json_integer(st_col_int(q, 2)));
        json_array_append_new(req, r);
    }
    st_finalize(q);
    json_object_set_new(o, "state", json_string(fulfilment(req)));
    if (rc < 0) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return 0;
}

#define OBLIGATION_COLUMNS                                                                \
    "SELECT obligation_id, kind, class_id, county, source, shoreline_type, created_seq, " \
    "flagged_seq FROM ind_obligation "

int ind_obligation_show(struct ind *in, const char *id, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st, OBLIGATION_COLUMNS "WHERE obligation_id = ?", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, err);
    if (rc == 1)
        rc = obligation_json(in, s, out, err);
    else if (rc == 0)
        rc = ls_err_set(err, LS_ENOENT, NULL, id, "obligation", "no obligation %s is recorded", id);
    st_finalize(s);
    if (rc < 0)
        return rc;
    json_t *blocks = json_array();
    json_object_set_new(*out, "retired", blocks);
    rc = st_prepare(in->st,
                    "SELECT batch_id, first_unit, last_unit, account, holder FROM ind_block WHERE "
                    "obligation = ? ORDER BY batch_id, first_unit",
                    &s, err);
    if (!rc)
        st_bind_text(s, 1, id);
    while (rc >= 0 && (rc = st_step(s, err)) == 1) {
        json_t *b = json_object();
        char serial[IND_SERIAL_MAX];
        snprintf(serial, sizeof serial, "%s-%lld-%lld", st_col_text(s, 0), st_col_int(s, 1),
                 st_col_int(s, 2));
        json_object_set_new(b, "serial", json_string(serial));
        json_object_set_new(b, "account", json_string(st_col_text(s, 3)));
        json_object_set_new(b, "units", json_integer(st_col_int(s, 2) - st_col_int(s, 1) + 1));
        json_object_set_new(b, "holder", json_string(st_col_text(s, 4)));
        json_array_append_new(blocks, b);
    }
    st_finalize(s);
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    return 0;
}

int ind_obligations(struct ind *in, const char *county, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(
        in->st, OBLIGATION_COLUMNS "WHERE (? = '' OR county = ?) ORDER BY obligation_id", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, county ? county : "");
    st_bind_text(s, 2, county ? county : "");
    json_t *a = json_array();
    while ((rc = st_step(s, err)) == 1) {
        json_t *o = NULL;
        if ((rc = obligation_json(in, s, &o, err)) != 0)
            break;
        json_array_append_new(a, o);
    }
    st_finalize(s);
    if (rc < 0) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}

struct upto {
    struct im_model *m;
    const char *as_of;
    char why[256];
    long long bad;
};

static int report_visit(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    struct upto *u = ctx;
    /* the register as it stood when its events first passed the date (docs/indicator.md) */
    if (*u->as_of && strcmp(ev->effective, u->as_of) > 0)
        return 2;
    int rc = im_apply(u->m, ev, u->why, err);
    if (rc == 1)
        u->bad = ev->seq;
    return rc;
}

static json_t *county_entry(json_t *counties, const char *county)
{
    json_t *c = json_object_get(counties, county);
    if (!c) {
        c = json_object();
        json_object_set_new(c, "accounts", json_object());
        json_object_set_new(c, "projects", json_object());
        json_object_set_new(c, "obligations", json_object());
        json_object_set_new(counties, county, c);
    }
    return c;
}

static void bump(json_t *o, const char *k, json_int_t by)
{
    json_object_set_new(o, k, json_integer(json_integer_value(json_object_get(o, k)) + by));
}

int ind_report(struct ind *in, const char *as_of, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct upto u = { im_new(), as_of ? as_of : "", "", 0 };
    if (!u.m)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    int rc = lg_replay_type(in->st, "indicator.", report_visit, &u, err);
    if (rc == 2) /* stopped at the date */
        rc = 0;
    if (rc == 1)
        rc =
            ls_err_set(err, LS_EINTERNAL, NULL, NULL, NULL,
                       "event %lld breaks an invariant (%s): run `indicator verify`", u.bad, u.why);
    if (rc < 0) {
        im_free(u.m);
        return rc;
    }
    json_t *o = json_object(), *counties = json_object();
    json_object_set_new(o, "as_of", *u.as_of ? json_string(u.as_of) : json_null());
    json_object_set_new(o, "counties", counties);
    struct im_batch **b;
    size_t nb = im_batches(u.m, &b);
    for (size_t i = 0; i < nb; i++) {
        json_t *acc =
            json_object_get(county_entry(counties, im_name(u.m, b[i]->county_id)), "accounts");
        const char *code = im_name(u.m, b[i]->account_id);
        json_t *a = json_object_get(acc, code);
        if (!a) {
            a = json_object();
            json_object_set_new(a, "class", json_string(im_name(u.m, b[i]->class_id)));
            json_object_set_new(a, "issued", json_integer(0));
            for (int k = 0; k < IM_NSTATES; k++)
                json_object_set_new(a, im_state_names[k], json_integer(0));
            json_object_set_new(acc, code, a);
        }
        bump(a, "issued", b[i]->units);
        struct im_iter it = { b[i], 0, 0 };
        for (const struct im_block *x; (x = im_next(&it)) != NULL;)
            bump(a, im_state_names[x->state], x->last - x->first + 1);
    }
    struct im_project *p;
    size_t np = im_projects(u.m, &p);
    for (size_t i = 0; i < np; i++)
        bump(json_object_get(county_entry(counties, im_name(u.m, p[i].county_id)), "projects"),
             p[i].state, 1);
    struct im_obligation *ob;
    size_t no = im_obligations(u.m, &ob);
    for (size_t i = 0; i < no; i++) {
        int any = 0, all = 1;
        for (int k = 0; k < ob[i].n; k++) {
            any |= ob[i].a[k].retired > 0;
            all &= ob[i].a[k].retired >= ob[i].a[k].required;
        }
        json_t *c =
            json_object_get(county_entry(counties, im_name(u.m, ob[i].county_id)), "obligations");
        bump(c, all ? "fulfilled" : any ? "partly_fulfilled" : "open", 1);
        if (ob[i].flagged)
            bump(c, "flagged", 1);
    }
    im_free(u.m);
    *out = o;
    return 0;
}

struct hist {
    const char *project, *batch; /* batch set for a serial */
    int64_t first, last;
    json_t *out;
};

static int history_visit(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    (void)err;
    struct hist *h = ctx;
    json_t *p = json_loads(ev->payload, 0, NULL);
    if (!p)
        return 0;
    int hit = 0;
    json_t *moves = json_object_get(p, "moves"), *mine = json_array();
    const char *proj = json_string_value(json_object_get(p, "project"));
    if (!h->batch && proj && !strcmp(proj, h->project))
        hit = 1;
    size_t plen = strlen(h->project);
    for (size_t i = 0; i < json_array_size(moves); i++) {
        json_t *m = json_array_get(moves, i);
        const char *b = json_string_value(json_object_get(m, "batch"));
        int64_t f = json_integer_value(json_object_get(m, "first")),
                l = json_integer_value(json_object_get(m, "last"));
        int touches = 0;
        if (h->batch)
            touches = b && !strcmp(b, h->batch) && f <= h->last && l >= h->first;
        else if (b) {
            /* LS-<acct>-<county>-<project>-…: the project is the fourth part */
            const char *q = b + 14;
            touches = strlen(b) > 14 && !strncmp(q, h->project, plen) && q[plen] == '-';
        }
        if (touches)
            json_array_append(mine, m);
    }
    json_t *batches = json_object_get(p, "batches");
    for (size_t i = 0; h->batch && i < json_array_size(batches); i++) {
        const char *b = json_string_value(json_object_get(json_array_get(batches, i), "batch"));
        hit |= b && !strcmp(b, h->batch);
    }
    if (hit || json_array_size(mine)) {
        json_t *e = json_object();
        json_object_set_new(e, "seq", json_integer(ev->seq));
        json_object_set_new(e, "type", json_string(ev->type));
        json_object_set_new(e, "date", json_string(ev->effective));
        json_object_set_new(e, "recorded", json_string(ev->recorded));
        json_object_set_new(e, "actor", json_string(ev->actor));
        if (*ev->reason)
            json_object_set_new(e, "reason", json_string(ev->reason));
        json_object_set_new(e, "hash", json_string(ev->hash));
        if (json_array_size(mine))
            json_object_set(e, "moves", mine);
        json_array_append_new(h->out, e);
    }
    json_decref(mine);
    json_decref(p);
    return 0;
}

int ind_history(struct ind *in, const char *key, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct hist h = { key, NULL, 0, 0, json_array() };
    char batch[IND_SERIAL_MAX];
    if (!strncmp(key, "LS-", 3)) {
        struct ind_block b;
        int rc = ind_serial_parse(key, &b, err);
        if (rc) {
            json_decref(h.out);
            return rc;
        }
        snprintf(batch, sizeof batch, "%s", key);
        for (int i = 0; i < 2; i++)
            *strrchr(batch, '-') = '\0';
        h.batch = batch;
        h.first = b.start;
        h.last = b.end;
    } else if (!ind_valid_id(key)) {
        json_decref(h.out);
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "project",
                          "\"%s\" is neither a project number nor a serial", key);
    }
    int rc = lg_replay_type(in->st, "indicator.", history_visit, &h, err);
    if (rc < 0) {
        json_decref(h.out);
        return rc;
    }
    *out = h.out;
    return 0;
}
