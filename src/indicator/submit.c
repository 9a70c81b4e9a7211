/*
 * indicator/submit — a request checked against the current state, then recorded: dispatch
 * on the type, the checks every type shares (identifiers, dates, whole quantities, holders),
 * and the ledger event with its projection. Nothing is written until every check passed.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicator/internal.h"

int ind_refuse(struct ind_ctx *c, const char *rule, const char *field, const char *fmt, ...)
{
    char msg[448];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ls_err_set(c->err, LS_EINVAL, c->input, c->where, field, "rule %s: %s", rule, msg);
}

const char *ind_str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

int ind_valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n >= IND_PROJECT_MAX)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
              *p == '_'))
            return 0;
    return 1;
}

int ind_date_valid(const char *s)
{
    static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

int ind_units(struct ind_ctx *c, json_t *v, const char *field, int64_t *out)
{
    *out = 0;
    /* base units are integers (m², cm, kg, kgCO2e): a fraction would have to be rounded
     * into a serial, the fault markets.md §0.2 warns of, so it is refused, not rounded */
    if (json_is_integer(v)) {
        json_int_t x = json_integer_value(v);
        if (x < 1 || x > IND_UNITS_MAX)
            return ind_refuse(c, "units.range", field,
                              "a quantity is a whole number of base units from 1 to %lld, not "
                              "%lld",
                              (long long)IND_UNITS_MAX, (long long)x);
        *out = x;
        return 0;
    }
    if (json_is_real(v)) {
        double x = json_real_value(v);
        if (!(x >= 1 && x <= (double)IND_UNITS_MAX) || x != floor(x))
            return ind_refuse(c, "units.integer", field,
                              "a quantity is a whole number of base units from 1 to %lld, not "
                              "%.17g",
                              (long long)IND_UNITS_MAX, x);
        *out = (int64_t)x;
        return 0;
    }
    return ind_refuse(c, "units.integer", field, "a quantity is a whole number of base units");
}

int ind_holder_check(struct ind_ctx *c, const char *holder, const char *field)
{
    if (!*holder)
        return ind_refuse(c, "holder.missing", field, "the request names no holder");
    if (!strncmp(holder, IND_ESCROW, strlen(IND_ESCROW))) {
        /* units offered for sale are held apart, order by order, until they trade or the
         * order ends: only the venue moves them */
        if (!c->venue)
            return ind_refuse(c, "holder.escrow", field,
                              "\"%.40s\" is an escrow account of the trading venue: only the "
                              "venue moves its units",
                              holder);
        return strlen(holder) < IND_ID_MAX
                   ? 0
                   : ind_refuse(c, "holder.escrow", field, "an escrow id is too long");
    }
    if (!strncmp(holder, IND_RESERVE, strlen(IND_RESERVE))) {
        const char *code = holder + strlen(IND_RESERVE);
        int ok = strlen(code) == 6;
        for (const char *p = code; ok && *p; p++)
            ok = *p >= '0' && *p <= '9';
        if (!ok)
            return ind_refuse(c, "holder.reserve", field,
                              "\"%s\" is no county reserve (reserve:<6-digit county code>)",
                              holder);
        return 0;
    }
    if (strlen(holder) >= IND_ID_MAX)
        return ind_refuse(c, "holder.unknown", field, "\"%.40s…\" is no registered party", holder);
    char kind[16];
    int rc = reg_party_kind(c->in->reg, holder, kind, c->err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return ind_refuse(c, "holder.unknown", field,
                          "\"%s\" is no party of the register (holders are registered parties "
                          "or a county reserve)",
                          holder);
    return 0;
}

int ind_project_state(struct ind *in, const char *no, char state[IND_STATE_MAX], char class_id[32],
                      char county[8], struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(
        in->st, "SELECT state, class_id, county FROM ind_project WHERE project_no = ?", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, no);
    rc = st_step(s, err);
    if (rc == 1) {
        snprintf(state, IND_STATE_MAX, "%s", st_col_text(s, 0));
        if (class_id)
            snprintf(class_id, 32, "%s", st_col_text(s, 1));
        if (county)
            snprintf(county, 8, "%s", st_col_text(s, 2));
    }
    st_finalize(s);
    return rc;
}

static const char *const types[] = { "project", "accept",   "reject", "monitor",
                                     "issue",   "transfer", "lock",   "unlock",
                                     "cancel",  "retire",   "deduct", "obligation" };

static int dispatch(struct ind_ctx *c, const char *type, json_t *req, json_t *payload,
                    char *subject)
{
    if (!strcmp(type, "project"))
        return ind_sub_project(c, req, payload, subject);
    if (!strcmp(type, "accept") || !strcmp(type, "reject") || !strcmp(type, "monitor"))
        return ind_sub_accept(c, req, payload, subject,
                              !strcmp(type, "accept")   ? 1
                              : !strcmp(type, "reject") ? 0
                                                        : 2);
    if (!strcmp(type, "issue"))
        return ind_sub_issue(c, req, payload, subject);
    if (!strcmp(type, "deduct"))
        return ind_sub_deduct(c, req, payload, subject);
    if (!strcmp(type, "obligation"))
        return ind_sub_obligation(c, req, payload, subject);
    if (!strcmp(type, "retire"))
        return ind_sub_retire(c, req, payload, subject);
    return ind_sub_move(c, type, req, payload, subject);
}

int ind_submit(struct ind *in, json_t *req, const struct ind_submit_opts *o, const char *input,
               long long *seq, json_t **result, struct ls_err *err)
{
    if (result)
        *result = NULL;
    struct ind_ctx c = { in, input ? input : "request", "", "", err, o ? o->venue : 0 };
    if (!json_is_object(req))
        return ind_refuse(&c, "request.object", NULL, "a request is a JSON object");
    const char *type = ind_str(req, "type");
    snprintf(c.where, sizeof c.where, "%s", type);
    int known = 0;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        known |= !strcmp(type, types[i]);
    if (!known)
        return ind_refuse(&c, "request.type", "type",
                          "\"%s\" is no indicator request (project, accept, reject, monitor, "
                          "issue, transfer, lock, unlock, cancel, retire, deduct, obligation)",
                          type);
    c.date = ind_str(req, "date");
    if (!ind_date_valid(c.date))
        return ind_refuse(&c, "request.date", "date", "\"%s\" is not a date YYYY-MM-DD", c.date);
    if (!o || !o->actor || !*o->actor)
        return ind_refuse(&c, "request.actor", "actor", "every request names who records it");
    json_t *payload = json_object();
    char subject[64] = "";
    int rc = dispatch(&c, type, req, payload, subject);
    if (rc) {
        json_decref(payload);
        return rc;
    }
    char *text = json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text) {
        json_decref(payload);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    struct lg_event ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.recorded, sizeof ev.recorded, "%s", o->recorded ? o->recorded : "");
    snprintf(ev.effective, sizeof ev.effective, "%s", c.date);
    snprintf(ev.actor, sizeof ev.actor, "%s", o->actor);
    snprintf(ev.type, sizeof ev.type, "indicator.%s", type);
    snprintf(ev.subject, sizeof ev.subject, "%s", subject);
    snprintf(ev.reason, sizeof ev.reason, "%s", ind_str(req, "reason"));
    snprintf(ev.source_doc, sizeof ev.source_doc, "%s", ind_str(req, "source_doc"));
    ev.payload = text;
    rc = lg_append(in->st, &ev, err);
    if (!rc)
        rc = ind_project_payload(in, &ev, payload, err);
    /* every check passed before anything was written: a failure now is ours and leaves the
     * transaction half-done, so the caller rolls it back */
    if (rc == -LS_EINVAL || rc == -LS_ENOENT)
        rc = ls_err_set(err, LS_EINTERNAL, input, NULL, NULL,
                        "recording a checked request failed: %s", err ? err->msg : "");
    free(text);
    if (!rc && seq)
        *seq = ev.seq;
    if (!rc && result) {
        json_object_set_new(payload, "seq", json_integer(ev.seq));
        json_object_set_new(payload, "type", json_string(type));
        *result = payload;
    } else
        json_decref(payload);
    return rc;
}

int ind_open(struct ls_store *st, struct reg *r, struct ind **out, struct ls_err *err)
{
    *out = NULL;
    size_t n;
    if (!ind_classes(&n, err))
        return err ? -err->code : -LS_EINTERNAL;
    struct ind *in = calloc(1, sizeof *in);
    if (!in)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    in->st = st;
    in->reg = r;
    *out = in;
    return 0;
}

void ind_close(struct ind *in)
{
    free(in);
}
