/*
 * damage/register — damage cases on the ledger: damage.open (a lead: a discovery candidate, a
 * contract breach, a complaint), damage.advance (a transition of the scheme's state machine with
 * its documents, role and reason) and damage.value (a valuation report attached), projected into
 * dmg_case (the case as it stands), dmg_event (its history) and dmg_document (every document
 * filed, by SHA-256); the checks of each transition; the reads.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "damage/internal.h"

const char *const dmg_projection_tables[DMG_PROJECTION_TABLES] = { "dmg_case", "dmg_event",
                                                                   "dmg_document" };
const char *const dmg_projection_keys[DMG_PROJECTION_TABLES] = {
    "case_id", "case_id, event_seq", "case_id, event_seq, kind, sha256"
};

int dmg_open(struct ls_store *st, struct dmg **out, struct ls_err *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    (*out)->st = st;
    return 0;
}

void dmg_close(struct dmg *d)
{
    free(d);
}

static int refuse(const char *input, const char *field, struct ls_err *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int refuse(const char *input, const char *field, struct ls_err *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = ls_err_vset(err, LS_EINVAL, input, NULL, field, fmt, ap);
    va_end(ap);
    return rc;
}

/* The deadline of a state entered on date: date + the state's days ("" for a final state). */
static void deadline(const json_t *scheme, const char *state, const char *date, char out[16])
{
    const json_t *s = json_object_get(json_object_get(scheme, "states"), state);
    json_int_t days = json_integer_value(json_object_get(s, "deadline_days"));
    out[0] = 0;
    if (days > 0)
        ls_date_add_days(date, (int)days, out);
}

static int project_event(struct dmg *d, const struct lg_event *ev, const json_t *p,
                         const char *state, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(d->st,
                        "INSERT INTO dmg_event (case_id, event_seq, event_date, action, state, "
                        "actor, role, reason, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, dmg_str(p, "case"));
    st_bind_int(s, 2, ev->seq);
    st_bind_text(s, 3, dmg_str(p, "date"));
    st_bind_text(s, 4, dmg_str(p, "action"));
    st_bind_text(s, 5, state);
    st_bind_text(s, 6, ev->actor);
    st_bind_text(s, 7, dmg_str(p, "role"));
    st_bind_text(s, 8, dmg_str(p, "reason"));
    st_bind_text(s, 9, ev->payload);
    rc = st_run(s, err);
    st_finalize(s);
    if (rc || (rc = st_prepare(d->st,
                               "INSERT INTO dmg_document (case_id, event_seq, kind, file, sha256) "
                               "VALUES (?, ?, ?, ?, ?)",
                               &s, err)))
        return rc;
    size_t i;
    const json_t *x;
    json_array_foreach(json_object_get(p, "documents"), i, x)
    {
        if (rc)
            break;
        st_reset(s);
        st_bind_text(s, 1, dmg_str(p, "case"));
        st_bind_int(s, 2, ev->seq);
        st_bind_text(s, 3, dmg_str(x, "kind"));
        st_bind_text(s, 4, dmg_str(x, "file"));
        st_bind_text(s, 5, dmg_str(x, "sha256"));
        rc = st_run(s, err);
    }
    st_finalize(s);
    return rc;
}

static int current(struct dmg *d, const char *id, char state[32], json_t **lead,
                   struct ls_err *err);

static int project(struct dmg *d, const struct lg_event *ev, const json_t *p, struct ls_err *err)
{
    const char *id = dmg_str(p, "case");
    if (!strcmp(ev->type, "damage.open")) {
        struct ls_stmt *s = NULL;
        int rc = st_prepare(d->st,
                            "INSERT INTO dmg_case (case_id, state, kind, source, area_m2, "
                            "opened, state_since, deadline, value_yuan, lead, opened_seq) "
                            "VALUES (?, 'lead', ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                            &s, err);
        if (rc)
            return rc;
        st_bind_text(s, 1, id);
        st_bind_text(s, 2, dmg_str(p, "kind"));
        st_bind_text(s, 3, dmg_str(p, "source"));
        st_bind_double(s, 4, dmg_num(p, "area_m2"));
        st_bind_text(s, 5, dmg_str(p, "date"));
        st_bind_text(s, 6, dmg_str(p, "date"));
        st_bind_text(s, 7, dmg_str(p, "deadline"));
        st_bind_text(s, 8, ev->payload);
        st_bind_int(s, 9, ev->seq);
        rc = st_run(s, err);
        st_finalize(s);
        return rc ? rc : project_event(d, ev, p, "lead", err);
    }
    if (!strcmp(ev->type, "damage.advance")) {
        struct ls_stmt *s = NULL;
        int rc = st_prepare(d->st,
                            "UPDATE dmg_case SET state = ?, state_since = ?, deadline = ? WHERE "
                            "case_id = ?",
                            &s, err);
        if (rc)
            return rc;
        st_bind_text(s, 1, dmg_str(p, "to"));
        st_bind_text(s, 2, dmg_str(p, "date"));
        st_bind_text(s, 3, dmg_str(p, "deadline"));
        st_bind_text(s, 4, id);
        rc = st_run(s, err);
        st_finalize(s);
        return rc ? rc : project_event(d, ev, p, dmg_str(p, "to"), err);
    }
    if (!strcmp(ev->type, "damage.followup")) {
        char state[32] = "";
        if (!current(d, id, state, NULL, err))
            state[0] = 0;
        return project_event(d, ev, p, state, err);
    }
    if (!strcmp(ev->type, "damage.value")) {
        struct ls_stmt *s = NULL;
        int rc = st_prepare(
            d->st, "UPDATE dmg_case SET value_yuan = value_yuan + ? WHERE case_id = ?", &s, err);
        if (rc)
            return rc;
        st_bind_double(s, 1, dmg_num(json_object_get(p, "report"), "value_yuan"));
        st_bind_text(s, 2, id);
        rc = st_run(s, err);
        st_finalize(s);
        char state[32] = "";
        if (!rc && (rc = st_prepare(d->st, "SELECT state FROM dmg_case WHERE case_id = ?", &s,
                                    err)) == 0) {
            st_bind_text(s, 1, id);
            if (st_step(s, err) == 1)
                snprintf(state, sizeof state, "%s", st_col_text(s, 0));
            st_finalize(s);
        }
        return rc ? rc : project_event(d, ev, p, state, err);
    }
    return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "type", "event %lld: unknown type %s", ev->seq,
                      ev->type);
}

int dmg_project(struct dmg *d, const struct lg_event *ev, struct ls_err *err)
{
    json_error_t je;
    json_t *p = json_loads(ev->payload ? ev->payload : "", 0, &je);
    if (!p)
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "payload",
                          "event %lld: the payload is not JSON: %s", ev->seq, je.text);
    int rc = project(d, ev, p, err);
    json_decref(p);
    return rc;
}

static int append(struct dmg *d, const char *type, const char *id, const char *date,
                  const json_t *payload, const struct dmg_submit_opts *o, long long *seq,
                  struct ls_err *err)
{
    struct lg_event ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.recorded, sizeof ev.recorded, "%s", o->recorded ? o->recorded : "");
    snprintf(ev.effective, sizeof ev.effective, "%s", date);
    snprintf(ev.actor, sizeof ev.actor, "%s", o->actor);
    snprintf(ev.type, sizeof ev.type, "damage.%s", type);
    snprintf(ev.subject, sizeof ev.subject, "case:%.58s", id);
    int rc = lg_append_json(d->st, &ev, payload, err);
    if (!rc)
        rc = project(d, &ev, payload, err);
    free((char *)ev.payload);
    if (!rc && seq)
        *seq = ev.seq;
    return rc;
}

/* The case's current state and lead (*lead a new reference); 0 when none. */
static int current(struct dmg *d, const char *id, char state[32], json_t **lead, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(d->st, "SELECT state, lead FROM dmg_case WHERE case_id = ?", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, err);
    if (rc == 1) {
        snprintf(state, 32, "%s", st_col_text(s, 0));
        if (lead)
            *lead = json_loads(st_col_text(s, 1), 0, NULL);
    }
    st_finalize(s);
    return rc;
}

static int check_id(const char *id, const char *input, struct ls_err *err)
{
    size_t n = id ? strlen(id) : 0;
    if (!n || n > 48)
        return refuse(input, "case", err, "a case has an id of 1 to 48 characters");
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)id[i]) && !strchr("-_.", id[i]))
            return refuse(input, "case", err, "a case id is letters, digits, '-', '_' or '.'");
    return 0;
}

static int check_actor(const struct dmg_submit_opts *o, const char *input, struct ls_err *err)
{
    if (!o || !o->actor || !*o->actor)
        return refuse(input, "actor", err, "who records it is required");
    return 0;
}

int dmg_case_open(struct dmg *d, const json_t *lead, const struct dmg_submit_opts *o,
                  const char *input, json_t **out, struct ls_err *err)
{
    if (out)
        *out = NULL;
    const json_t *scheme = NULL;
    int rc = dmg_scheme("cn-2022", &scheme, err);
    const char *id = dmg_str(lead, "case"), *src = dmg_str(lead, "source");
    static const char *const sources[] = { "discovery",  "contract_breach", "complaint",
                                           "inspection", "satellite",       NULL };
    int known = 0;
    for (int i = 0; sources[i]; i++)
        known |= !strcmp(src, sources[i]);
    if (!rc)
        rc = check_actor(o, input, err);
    if (!rc)
        rc = check_id(id, input, err);
    if (!rc && !ls_date_valid(dmg_str(lead, "date")))
        rc = refuse(input, "date", err, "a lead has its date, YYYY-MM-DD");
    if (!rc && !known)
        rc = refuse(input, "source", err,
                    "rule damage.source: a lead comes from discovery, contract_breach, "
                    "complaint, inspection or satellite, not \"%s\"",
                    src);
    if (!rc && !strcmp(src, "contract_breach") &&
        (!*dmg_str(lead, "contract") || !*dmg_str(lead, "condition")))
        rc = refuse(input, "contract", err,
                    "rule damage.breach: a breach names its contract and condition");
    if (!rc && !*dmg_str(lead, "geometry") && strcmp(src, "contract_breach") &&
        strcmp(src, "complaint"))
        rc = refuse(input, "geometry", err,
                    "rule damage.geometry: a discovered lead has its "
                    "geometry (WKT)");
    char state[32];
    if (!rc && (rc = current(d, id, state, NULL, err)) == 1)
        rc = refuse(input, "case", err, "rule damage.case_exists: case %s is open already (%s)", id,
                    state);
    if (rc < 0)
        return rc;
    json_t *p = json_deep_copy(lead);
    char dl[16];
    deadline(scheme, "lead", dmg_str(lead, "date"), dl);
    json_object_set_new(p, "deadline", json_string(dl));
    json_object_set_new(p, "action", json_string("lead"));
    json_object_set_new(p, "role", json_string(o->role ? o->role : ""));
    json_object_set_new(p, "scheme",
                        json_pack("{s:s,s:s}", "scheme", dmg_str(scheme, "scheme"), "version",
                                  dmg_str(scheme, "version")));
    long long seq = 0;
    rc = append(d, "open", id, dmg_str(lead, "date"), p, o, &seq, err);
    if (!rc && out) {
        json_object_set_new(p, "seq", json_integer(seq));
        json_object_set_new(p, "state", json_string("lead"));
        *out = p;
        p = NULL;
    }
    json_decref(p);
    return rc;
}

static const json_t *transition(const json_t *scheme, const char *from, const char *action)
{
    size_t i;
    const json_t *t;
    json_array_foreach(json_object_get(scheme, "transitions"), i, t)
    {
        if (!strcmp(dmg_str(t, "from"), from) && !strcmp(dmg_str(t, "action"), action))
            return t;
    }
    return NULL;
}

static int has_valuation(struct dmg *d, const char *id, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(
        d->st, "SELECT 1 FROM dmg_event WHERE case_id = ? AND action = 'value' LIMIT 1", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, err);
    st_finalize(s);
    return rc;
}

static int has_followup_met(struct dmg *d, const char *id, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(d->st,
                        "SELECT event FROM dmg_event WHERE case_id = ? AND action = 'followup' "
                        "ORDER BY event_seq DESC LIMIT 1",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, err);
    if (rc == 1) {
        json_t *e = json_loads(st_col_text(s, 0), 0, NULL);
        rc = e && !strcmp(dmg_str(e, "outcome"), "met");
        json_decref(e);
    }
    st_finalize(s);
    return rc;
}

int dmg_case_advance(struct dmg *d, const char *id, const char *action, const char *date,
                     const struct dmg_document *docs, int ndocs, const char *reason,
                     const struct dmg_submit_opts *o, json_t **out, struct ls_err *err)
{
    if (out)
        *out = NULL;
    const json_t *scheme = NULL;
    int rc = dmg_scheme("cn-2022", &scheme, err);
    if (!rc)
        rc = check_actor(o, id, err);
    if (!rc && !ls_date_valid(date ? date : ""))
        rc = refuse(id, "date", err, "an action has its date, YYYY-MM-DD");
    char state[32] = "";
    json_t *lead = NULL;
    if (!rc && (rc = current(d, id, state, &lead, err)) == 0)
        rc = ls_err_set(err, LS_ENOENT, id, NULL, "case", "no case %s is open", id);
    if (rc < 0)
        return rc;
    rc = 0;
    const json_t *t = transition(scheme, state, action ? action : "");
    if (!t) {
        char list[256] = "";
        size_t i;
        const json_t *x;
        json_array_foreach(json_object_get(scheme, "transitions"), i, x)
        {
            if (!strcmp(dmg_str(x, "from"), state))
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                         list[0] ? ", " : "", dmg_str(x, "action"));
        }
        rc = refuse(id, "action", err,
                    "rule damage.transition: case %s is %s; from there the actions are %s, not "
                    "\"%s\"",
                    id, state, list[0] ? list : "none (it is final)", action ? action : "");
    }
    if (!rc && strcmp(o->role ? o->role : "", dmg_str(t, "role")))
        rc = refuse(id, "role", err,
                    "rule damage.role: %s on case %s is taken by a %s, not by %s (%s)", action, id,
                    dmg_str(t, "role"), o->actor, o->role ? o->role : "no role");
    json_t *filed = json_array();
    size_t i;
    const json_t *need;
    json_array_foreach(json_object_get(t, "documents"), i, need)
    {
        if (rc)
            break;
        const char *kind = json_string_value(need);
        int found = 0;
        for (int k = 0; k < ndocs; k++)
            if (!strcmp(docs[k].kind, kind)) {
                found = 1;
                if (strlen(docs[k].sha256 ? docs[k].sha256 : "") != 64)
                    rc = refuse(id, "documents", err,
                                "rule damage.document: %s is filed by its SHA-256", kind);
                else
                    json_array_append_new(filed, json_pack("{s:s,s:s,s:s}", "kind", kind, "file",
                                                           docs[k].file ? docs[k].file : "",
                                                           "sha256", docs[k].sha256));
            }
        if (!rc && !found)
            rc = refuse(id, "documents", err,
                        "rule damage.document: %s on case %s requires the %s (%s)", action, id,
                        dmg_str(json_object_get(scheme, "documents"), kind), kind);
    }
    if (!rc && json_is_true(json_object_get(t, "reason")) && (!reason || !*reason))
        rc = refuse(id, "reason", err, "rule damage.reason: %s needs its reason", action);
    /* a trivial lead is not opened — unless it lies in the red line (环法规〔2025〕6号) */
    if (!rc && json_is_true(json_object_get(t, "not_in_redline"))) {
        size_t z;
        const json_t *zone;
        json_array_foreach(json_object_get(lead, "zones"), z, zone)
        {
            if (!rc && !strcmp(json_string_value(zone), "eco_redline"))
                rc = refuse(id, "action", err,
                            "rule damage.redline: a lead in the ecological red line is opened, "
                            "never declined as trivial");
        }
    }
    if (!rc && json_is_true(json_object_get(t, "valuation")) &&
        (rc = has_valuation(d, id, err)) == 0)
        rc = refuse(id, "valuation", err,
                    "rule damage.valuation: %s needs the case's valuation first", action);
    if (!rc && json_is_true(json_object_get(t, "followup")) &&
        (rc = has_followup_met(d, id, err)) == 0)
        rc = refuse(id, "followup", err,
                    "rule damage.followup: %s needs a follow-up survey showing the area restored "
                    "first",
                    action);
    rc = rc < 0 ? rc : 0;
    if (!rc && strcmp(date, dmg_str(lead, "date")) < 0)
        rc = refuse(id, "date", err, "rule damage.date: %s precedes the lead of %s", date,
                    dmg_str(lead, "date"));
    json_decref(lead);
    if (rc) {
        json_decref(filed);
        return rc;
    }
    char dl[16];
    deadline(scheme, dmg_str(t, "to"), date, dl);
    json_t *p = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s}", "case", id, "action", action,
                          "from", state, "to", dmg_str(t, "to"), "date", date, "role", o->role,
                          "documents", filed, "reason", reason ? reason : "", "deadline", dl);
    long long seq = 0;
    rc = append(d, "advance", id, date, p, o, &seq, err);
    if (!rc && out) {
        json_object_set_new(p, "seq", json_integer(seq));
        *out = p;
        p = NULL;
    }
    json_decref(p);
    return rc;
}

int dmg_case_value(struct dmg *d, const char *id, const char *date, const json_t *report,
                   const struct dmg_submit_opts *o, struct ls_err *err)
{
    int rc = check_actor(o, id, err);
    char state[32] = "";
    if (!rc && (rc = current(d, id, state, NULL, err)) == 0)
        rc = ls_err_set(err, LS_ENOENT, id, NULL, "case", "no case %s is open", id);
    if (rc < 0)
        return rc;
    rc = 0;
    if (!strcmp(state, "lead") || !strcmp(state, "investigating") || !strcmp(state, "not_opened") ||
        !strcmp(state, "closed"))
        return refuse(id, "state", err,
                      "rule damage.value_state: a valuation is attached while the case is being "
                      "assessed or after, not while it is %s",
                      state);
    if (strcmp(o->role ? o->role : "", "accountant"))
        return refuse(id, "role", err,
                      "rule damage.role: a valuation is made by an accountant, "
                      "not by %s (%s)",
                      o->actor, o->role ? o->role : "no role");
    if (!ls_date_valid(date ? date : ""))
        return refuse(id, "date", err, "a valuation has its date, YYYY-MM-DD");
    json_t *p = json_pack("{s:s,s:s,s:s,s:s,s:O}", "case", id, "action", "value", "date", date,
                          "role", o->role, "report", report);
    rc = append(d, "value", id, date, p, o, NULL, err);
    json_decref(p);
    return rc;
}

int dmg_case_get(struct dmg *d, const char *id, const char *as_of, int closed_only, json_t **out,
                 struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(d->st,
                        "SELECT state, state_since, deadline, value_yuan, lead, opened_seq FROM "
                        "dmg_case WHERE case_id = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id ? id : "");
    rc = st_step(s, err);
    if (rc == 1 && (!closed_only || !strcmp(st_col_text(s, 0), "closed"))) {
        json_t *lead = json_loads(st_col_text(s, 4), 0, NULL);
        const char *dl = st_col_text(s, 2);
        int overdue = as_of && *dl && strcmp(as_of, dl) > 0;
        *out = json_pack("{s:s,s:s,s:s,s:s,s:b,s:f,s:o,s:I}", "case", id, "state",
                         st_col_text(s, 0), "state_since", st_col_text(s, 1), "deadline", dl,
                         "overdue", overdue, "value_yuan", st_col_double(s, 3), "lead",
                         lead ? lead : json_null(), "seq", (json_int_t)st_col_int(s, 5));
    }
    st_finalize(s);
    if (rc < 0)
        return rc;
    if (!*out)
        return ls_err_set(err, LS_ENOENT, NULL, NULL, "case", "no case %s%s", id ? id : "",
                          closed_only ? " is closed" : " is open");
    json_t *events = json_array(), *documents = json_array(), *valuations = json_array();
    rc = st_prepare(d->st,
                    "SELECT event_seq, event_date, action, state, actor, role, reason, event FROM "
                    "dmg_event WHERE case_id = ? ORDER BY event_seq",
                    &s, err);
    if (!rc) {
        st_bind_text(s, 1, id);
        while ((rc = st_step(s, err)) == 1) {
            json_array_append_new(events,
                                  json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "seq",
                                            (json_int_t)st_col_int(s, 0), "date", st_col_text(s, 1),
                                            "action", st_col_text(s, 2), "state", st_col_text(s, 3),
                                            "actor", st_col_text(s, 4), "role", st_col_text(s, 5),
                                            "reason", st_col_text(s, 6)));
            if (!strcmp(st_col_text(s, 2), "value")) {
                json_t *e = json_loads(st_col_text(s, 7), 0, NULL);
                if (e)
                    json_array_append(valuations, json_object_get(e, "report"));
                json_decref(e);
            }
        }
        st_finalize(s);
    }
    if (rc >= 0 && !(rc = st_prepare(d->st,
                                     "SELECT event_seq, kind, file, sha256 FROM dmg_document "
                                     "WHERE case_id = ? ORDER BY event_seq, kind",
                                     &s, err))) {
        st_bind_text(s, 1, id);
        while ((rc = st_step(s, err)) == 1)
            json_array_append_new(documents, json_pack("{s:I,s:s,s:s,s:s}", "seq",
                                                       (json_int_t)st_col_int(s, 0), "kind",
                                                       st_col_text(s, 1), "file", st_col_text(s, 2),
                                                       "sha256", st_col_text(s, 3)));
        st_finalize(s);
    }
    json_object_set_new(*out, "history", events);
    json_object_set_new(*out, "documents", documents);
    json_object_set_new(*out, "valuations", valuations);
    /* what may be done next, from the scheme: each action with its role and documents */
    const json_t *scheme = NULL;
    json_t *next = json_array();
    if (!dmg_scheme("cn-2022", &scheme, NULL)) {
        size_t ti;
        const json_t *t;
        const json_t *names = json_object_get(scheme, "documents");
        json_array_foreach(json_object_get(scheme, "transitions"), ti, t)
        {
            if (strcmp(dmg_str(t, "from"), dmg_str(*out, "state")))
                continue;
            json_t *docs = json_array();
            size_t di;
            const json_t *dk;
            json_array_foreach(json_object_get(t, "documents"), di, dk)
            {
                json_array_append_new(docs,
                                      json_pack("{s:s,s:s}", "kind", json_string_value(dk), "name",
                                                dmg_str(names, json_string_value(dk))));
            }
            json_array_append_new(
                next, json_pack("{s:s,s:s,s:s,s:o,s:b,s:b,s:b}", "action", dmg_str(t, "action"),
                                "to", dmg_str(t, "to"), "role", dmg_str(t, "role"), "documents",
                                docs, "reason", json_is_true(json_object_get(t, "reason")),
                                "valuation", json_is_true(json_object_get(t, "valuation")),
                                "followup", json_is_true(json_object_get(t, "followup"))));
        }
        json_object_set_new(*out, "state_name",
                            json_string(dmg_str(json_object_get(json_object_get(scheme, "states"),
                                                                dmg_str(*out, "state")),
                                                "name")));
    }
    json_object_set_new(*out, "next", next);
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    return 0;
}

int dmg_case_list(struct dmg *d, const char *state, int closed_only, json_t **out,
                  struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(d->st,
                        "SELECT case_id, state, kind, source, area_m2, opened, deadline, "
                        "value_yuan FROM dmg_case WHERE (? = '' OR state = ?) ORDER BY opened, "
                        "case_id",
                        &s, err);
    if (rc)
        return rc;
    const char *want = closed_only ? "closed" : state ? state : "";
    st_bind_text(s, 1, want);
    st_bind_text(s, 2, want);
    json_t *a = json_array();
    while ((rc = st_step(s, err)) == 1)
        json_array_append_new(
            a, json_pack("{s:s,s:s,s:s,s:s,s:f,s:s,s:s,s:f}", "case", st_col_text(s, 0), "state",
                         st_col_text(s, 1), "kind", st_col_text(s, 2), "source", st_col_text(s, 3),
                         "area_m2", st_col_double(s, 4), "opened", st_col_text(s, 5), "deadline",
                         st_col_text(s, 6), "value_yuan", st_col_double(s, 7)));
    st_finalize(s);
    if (rc < 0) {
        json_decref(a);
        return rc;
    }
    *out = json_pack("{s:o}", "cases", a);
    return 0;
}

int dmg_case_followup(struct dmg *d, const char *id, const char *date, const json_t *evidence,
                      double share, const struct dmg_submit_opts *o, json_t **out,
                      struct ls_err *err)
{
    if (out)
        *out = NULL;
    const json_t *scheme = NULL;
    int rc = dmg_scheme("cn-2022", &scheme, err);
    if (!rc)
        rc = check_actor(o, id, err);
    char state[32] = "";
    json_t *lead = NULL;
    if (!rc && (rc = current(d, id, state, &lead, err)) == 0)
        rc = ls_err_set(err, LS_ENOENT, id, NULL, "case", "no case %s is open", id);
    if (rc < 0)
        return rc;
    rc = 0;
    if (strcmp(state, "restoring"))
        rc = refuse(id, "state", err,
                    "rule damage.followup_state: a follow-up is surveyed while the case is being "
                    "restored, not while it is %s",
                    state);
    else if (strcmp(o->role ? o->role : "", "registrar"))
        rc = refuse(id, "role", err,
                    "rule damage.role: a follow-up is recorded by a registrar, "
                    "not by %s (%s)",
                    o->actor, o->role ? o->role : "no role");
    else if (!ls_date_valid(date ? date : "") || strcmp(date, dmg_str(lead, "date")) < 0)
        rc = refuse(id, "date", err, "a follow-up has its date, after the lead's");
    else if (!(share >= 0 && share <= 1.0000001))
        rc = refuse(id, "share", err, "the restored share is in [0, 1], not %g", share);
    if (rc) {
        json_decref(lead);
        return rc;
    }
    double target = dmg_num(json_object_get(scheme, "followup"), "target_share");
    /* the deadline of the restoration is the state's: short of the target after it, a breach */
    char deadline[32] = "";
    struct ls_stmt *s = NULL;
    if (!st_prepare(d->st, "SELECT deadline FROM dmg_case WHERE case_id = ?", &s, NULL)) {
        st_bind_text(s, 1, id);
        if (st_step(s, NULL) == 1)
            snprintf(deadline, sizeof deadline, "%s", st_col_text(s, 0));
        st_finalize(s);
    }
    const char *outcome = share >= target                           ? "met"
                          : *deadline && strcmp(date, deadline) > 0 ? "breach"
                                                                    : "progress";
    json_t *p = json_pack("{s:s,s:s,s:s,s:s,s:O,s:f,s:f,s:s,s:s}", "case", id, "action", "followup",
                          "date", date, "role", o->role, "evidence", evidence, "share", share,
                          "target", target, "outcome", outcome, "deadline", deadline);
    json_decref(lead);
    rc = append(d, "followup", id, date, p, o, NULL, err);
    if (!rc && out)
        *out = p;
    else
        json_decref(p);
    return rc;
}
