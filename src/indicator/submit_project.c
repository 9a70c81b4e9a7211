/*
 * indicator/submit_project — the source project's life: registration (footprint, registry
 * units, owner, evidence by SHA-256), acceptance or rejection with the check that decided
 * it, monitoring, issuance of one batch per account, and deduction of what monitoring
 * found false (markets.md §0.3: the real failure of these markets is fake supply).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicator/internal.h"

static int hex_digit(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

/* The footprint as WKB hex in the store's CRS (the app layer transformed and validated it):
 * here only its kind is checked against the class, a line for shoreline, an area else. */
static int footprint_check(struct ind_ctx *c, const char *hex, const char *class_id)
{
    size_t n = strlen(hex);
    int ok = n >= 18 && n % 2 == 0;
    for (size_t i = 0; ok && i < n; i++)
        ok = hex_digit(hex[i]);
    if (!ok)
        return ind_refuse(c, "project.footprint", "footprint",
                          "the footprint is WKB in hexadecimal digits");
    unsigned b[5];
    for (int i = 0; i < 5; i++) {
        char two[3] = { hex[2 * i], hex[2 * i + 1], 0 };
        b[i] = (unsigned)strtoul(two, NULL, 16);
    }
    unsigned type = b[0] == 1 ? b[1] | b[2] << 8 : b[4] | b[3] << 8;
    type %= 1000; /* ISO Z/M variants keep the base type in the last three digits */
    int line = type == 2 || type == 5, area = type == 3 || type == 6;
    if (!strcmp(class_id, "shoreline") ? !line : !area)
        return ind_refuse(c, "project.footprint", "footprint", "a %s project's footprint is %s",
                          class_id,
                          !strcmp(class_id, "shoreline") ? "a line (the restored shoreline)"
                                                         : "an area (polygon)");
    return 0;
}

static int evidence_check(struct ind_ctx *c, json_t *ev)
{
    if (!json_is_array(ev) || !json_array_size(ev))
        return ind_refuse(c, "project.evidence", "evidence",
                          "a project carries its evidence documents, each with its SHA-256");
    for (size_t i = 0; i < json_array_size(ev); i++) {
        json_t *d = json_array_get(ev, i);
        const char *h = ind_str(d, "sha256");
        int ok = strlen(h) == 64 && *ind_str(d, "name");
        for (const char *p = h; ok && *p; p++)
            ok = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
        if (!ok)
            return ind_refuse(c, "project.evidence", "evidence",
                              "document %zu needs a name and its SHA-256 as 64 lower-case hex "
                              "digits",
                              i + 1);
    }
    return 0;
}

int ind_sub_project(struct ind_ctx *c, json_t *req, json_t *payload, char *subject)
{
    const char *no = ind_str(req, "project"), *cls = ind_str(req, "class");
    const char *county = ind_str(req, "county"), *owner = ind_str(req, "owner");
    snprintf(c->where, sizeof c->where, "project %.40s", no);
    if (!ind_valid_id(no))
        return ind_refuse(c, "project.number", "project",
                          "a project number is 1–32 letters, digits or _");
    const struct ind_class *k = ind_class_find(cls);
    if (!k)
        return ind_refuse(c, "project.class", "class",
                          "\"%s\" is no indicator class (cropland, shoreline, redline_withdrawal, "
                          "carbon_sink)",
                          cls);
    int ok = strlen(county) == 6;
    for (const char *p = county; ok && *p; p++)
        ok = *p >= '0' && *p <= '9';
    if (!ok)
        return ind_refuse(c, "project.county", "county",
                          "the county is its 6-digit code (GB/T 2260), not \"%s\"", county);
    if (!*ind_str(req, "name"))
        return ind_refuse(c, "project.name", "name", "a project has a name");
    char state[IND_STATE_MAX];
    int rc = ind_project_state(c->in, no, state, NULL, NULL, c->err);
    if (rc < 0)
        return rc;
    if (rc == 1)
        return ind_refuse(c, "project.unique", "project", "project %s is already registered (%s)",
                          no, state);
    if ((rc = ind_holder_check(c, owner, "owner")) != 0)
        return rc;
    json_t *units = json_object_get(req, "units");
    if (units && !json_is_array(units))
        return ind_refuse(c, "project.units", "units", "units is a list of registry unit codes");
    for (size_t i = 0; i < json_array_size(units); i++) {
        const char *code = json_string_value(json_array_get(units, i));
        int exists = 0;
        if (code && (rc = reg_unit_exists(c->in->reg, code, &exists, c->err)) != 0)
            return rc;
        if (!exists)
            return ind_refuse(c, "project.unit_unknown", "units",
                              "unit %zu (%s) is not in the register", i + 1, code ? code : "?");
    }
    if ((rc = evidence_check(c, json_object_get(req, "evidence"))) != 0)
        return rc;
    if ((rc = footprint_check(c, ind_str(req, "footprint"), k->id)) != 0)
        return rc;
    json_object_set_new(payload, "project", json_string(no));
    json_object_set_new(payload, "class", json_string(k->id));
    json_object_set_new(payload, "name", json_string(ind_str(req, "name")));
    json_object_set_new(payload, "county", json_string(county));
    json_object_set_new(payload, "owner", json_string(owner));
    json_object_set_new(payload, "units", units ? json_deep_copy(units) : json_array());
    json_object_set_new(payload, "evidence", json_deep_copy(json_object_get(req, "evidence")));
    json_object_set_new(payload, "footprint", json_string(ind_str(req, "footprint")));
    snprintf(subject, 64, "ind-project:%s", no);
    return 0;
}

/* accept 1, reject 0, monitor 2 */
int ind_sub_accept(struct ind_ctx *c, json_t *req, json_t *payload, char *subject, int accept)
{
    const char *no = ind_str(req, "project");
    snprintf(c->where, sizeof c->where, "project %.40s", no);
    char state[IND_STATE_MAX], cls[32], county[8];
    int rc = ind_project_state(c->in, no, state, cls, county, c->err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return ls_err_set(c->err, LS_ENOENT, c->input, c->where, "project",
                          "rule project.unknown: no project %s is registered", no);
    const char *want = accept == 2 ? "issued" : "registered";
    if (strcmp(state, want) && !(accept == 2 && !strcmp(state, "monitored")))
        return ind_refuse(c, accept == 2 ? "monitor.state" : "accept.state", "project",
                          "project %s is %s; only a%s %s project can be %s", no, state,
                          accept == 2 ? "n" : "", want,
                          accept == 1   ? "accepted"
                          : accept == 0 ? "rejected"
                                        : "monitored");
    json_t *check = json_object_get(req, "check");
    if (accept != 0 && !json_is_true(json_object_get(check, "passed")))
        return ind_refuse(c, accept == 2 ? "monitor.failed" : "accept.failed", "check",
                          "the check did not pass; %s",
                          accept == 2 ? "a failed monitoring is a deduction"
                                      : "a failed project is rejected, not accepted");
    if (accept == 0 && !json_is_object(check) && !*ind_str(req, "reason"))
        return ind_refuse(c, "reject.reason", "reason", "a rejection states its reason");
    json_object_set_new(payload, "project", json_string(no));
    json_object_set_new(payload, "check", check ? json_deep_copy(check) : json_object());
    if (accept == 1) {
        const struct ind_class *k = ind_class_find(cls);
        json_t *q = json_object_get(req, "quantities"), *out = json_object();
        const char *key;
        json_t *v;
        json_object_set_new(payload, "quantities", out);
        json_object_foreach(q, key, v)
        {
            const struct ind_account *a = NULL;
            if (ind_class_of_account(key, &a) != k)
                return ind_refuse(c, "accept.account", "quantities",
                                  "%s is no account of the %s class", key, cls);
        }
        for (size_t i = 0; k && i < k->n_accounts; i++) {
            v = json_object_get(q, k->accounts[i].code);
            /* paddy and capacity may be nil (dry land, a grade-less sink); the first
             * account of a class is what it issues and must not be */
            if (i > 0 && (!v || (json_is_integer(v) && json_integer_value(v) == 0)))
                continue;
            int64_t units;
            if ((rc = ind_units(c, v, k->accounts[i].code, &units)) != 0)
                return rc;
            json_object_set_new(out, k->accounts[i].code, json_integer(units));
        }
        json_t *attrs = json_object_get(req, "attributes");
        json_object_set_new(payload, "attributes",
                            json_is_object(attrs) ? json_deep_copy(attrs) : json_object());
    }
    snprintf(subject, 64, "ind-project:%s", no);
    return 0;
}

struct project_row {
    char state[IND_STATE_MAX], class_id[32], county[8], owner[IND_ID_MAX], accept_date[16];
    json_t *acceptance;
};

static int project_row(struct ind *in, const char *no, struct project_row *p, struct ls_err *err)
{
    memset(p, 0, sizeof *p);
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st,
                        "SELECT state, class_id, county, owner, accept_date, acceptance FROM "
                        "ind_project WHERE project_no = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, no);
    rc = st_step(s, err);
    if (rc == 1) {
        snprintf(p->state, sizeof p->state, "%s", st_col_text(s, 0));
        snprintf(p->class_id, sizeof p->class_id, "%s", st_col_text(s, 1));
        snprintf(p->county, sizeof p->county, "%s", st_col_text(s, 2));
        snprintf(p->owner, sizeof p->owner, "%s", st_col_text(s, 3));
        snprintf(p->accept_date, sizeof p->accept_date, "%s", st_col_text(s, 4));
        p->acceptance = json_loads(st_col_text(s, 5), 0, NULL);
    }
    st_finalize(s);
    return rc;
}

int ind_sub_issue(struct ind_ctx *c, json_t *req, json_t *payload, char *subject)
{
    const char *no = ind_str(req, "project");
    snprintf(c->where, sizeof c->where, "project %.40s", no);
    struct project_row p;
    int rc = project_row(c->in, no, &p, c->err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return ls_err_set(c->err, LS_ENOENT, c->input, c->where, "project",
                          "rule project.unknown: no project %s is registered", no);
    if (strcmp(p.state, "accepted")) {
        json_decref(p.acceptance);
        return ind_refuse(c,
                          !strcmp(p.state, "issued") || !strcmp(p.state, "monitored")
                              ? "issue.once"
                              : "issue.state",
                          "project",
                          "project %s is %s; a project is issued once, after its "
                          "acceptance",
                          no, p.state);
    }
    const char *holder = *ind_str(req, "holder") ? ind_str(req, "holder") : p.owner;
    if ((rc = ind_holder_check(c, holder, "holder")) != 0) {
        json_decref(p.acceptance);
        return rc;
    }
    const struct ind_class *k = ind_class_find(p.class_id);
    json_t *q = json_object_get(p.acceptance, "quantities");
    json_t *attrs = json_object_get(p.acceptance, "attributes");
    json_int_t paddy = json_integer_value(json_object_get(q, "CRP"));
    json_t *batches = json_array();
    char date8[9] = "";
    for (int i = 0, j = 0; p.accept_date[i] && j < 8; i++)
        if (p.accept_date[i] != '-')
            date8[j++] = p.accept_date[i];
    for (size_t i = 0; k && i < k->n_accounts; i++) {
        json_int_t n = json_integer_value(json_object_get(q, k->accounts[i].code));
        if (n <= 0)
            continue;
        struct ind_block b = { { 0 }, { 0 }, { 0 }, { 0 }, 1, 1, n };
        snprintf(b.account, sizeof b.account, "%s", k->accounts[i].code);
        snprintf(b.adcode, sizeof b.adcode, "%s", p.county);
        snprintf(b.project, sizeof b.project, "%s", no);
        snprintf(b.date, sizeof b.date, "%s", date8);
        char serial[IND_SERIAL_MAX];
        if ((rc = ind_serial_format(&b, serial, sizeof serial, c->err)) != 0)
            break;
        /* the batch id is the serial without its range: LS-CRQ-331099-P1-20250630-1 */
        char *dash = strrchr(serial, '-');
        *dash = '\0';
        dash = strrchr(serial, '-');
        *dash = '\0';
        json_t *o = json_object();
        json_object_set_new(o, "batch", json_string(serial));
        json_object_set_new(o, "account", json_string(b.account));
        json_object_set_new(o, "units", json_integer(n));
        /* the paddy share travels with the quantity batch: 占水田补水田 is checked on it */
        json_object_set_new(o, "paddy", json_integer(!strcmp(b.account, "CRQ") ? paddy : 0));
        json_array_append_new(batches, o);
    }
    if (!rc && !json_array_size(batches))
        rc = ind_refuse(c, "issue.nothing", "project",
                        "project %s was accepted with nothing "
                        "to issue",
                        no);
    if (rc) {
        json_decref(batches);
        json_decref(p.acceptance);
        return rc;
    }
    json_object_set_new(payload, "project", json_string(no));
    json_object_set_new(payload, "class", json_string(p.class_id));
    json_object_set_new(payload, "county", json_string(p.county));
    json_object_set_new(payload, "holder", json_string(holder));
    json_object_set_new(payload, "issue_date", json_string(p.accept_date));
    json_object_set_new(payload, "attributes",
                        json_is_object(attrs) ? json_deep_copy(attrs) : json_object());
    json_object_set_new(payload, "batches", batches);
    json_decref(p.acceptance);
    snprintf(subject, 64, "ind-project:%s", no);
    return 0;
}

int ind_sub_deduct(struct ind_ctx *c, json_t *req, json_t *payload, char *subject)
{
    const char *no = ind_str(req, "project");
    snprintf(c->where, sizeof c->where, "project %.40s", no);
    struct project_row p;
    int rc = project_row(c->in, no, &p, c->err);
    json_decref(p.acceptance);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return ls_err_set(c->err, LS_ENOENT, c->input, c->where, "project",
                          "rule project.unknown: no project %s is registered", no);
    if (strcmp(p.state, "issued") && strcmp(p.state, "monitored"))
        return ind_refuse(c, "deduct.state", "project",
                          "project %s is %s; only an issued project's units can be deducted", no,
                          p.state);
    if (!json_is_object(json_object_get(req, "check")) && !*ind_str(req, "reason"))
        return ind_refuse(c, "deduct.reason", "reason",
                          "a deduction states the monitoring finding or its reason");
    /* every unit not yet retired goes, whoever holds it and locked or not; what was
     * retired stays retired, and the obligations it fulfilled are flagged for review */
    struct ls_stmt *s = NULL;
    rc = st_prepare(c->in->st,
                    "SELECT k.batch_id, k.first_unit, k.last_unit, k.account, k.holder, k.state, "
                    "k.obligation FROM ind_block k JOIN ind_batch b ON b.batch_id = k.batch_id "
                    "WHERE b.project_no = ? AND k.state IN ('active', 'locked', 'retired') "
                    "ORDER BY k.batch_id, k.first_unit",
                    &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, no);
    json_t *moves = json_array(), *flagged = json_array();
    while ((rc = st_step(s, c->err)) == 1) {
        struct ind_move m;
        memset(&m, 0, sizeof m);
        snprintf(m.from.batch, sizeof m.from.batch, "%s", st_col_text(s, 0));
        m.from.first = st_col_int(s, 1);
        m.from.last = st_col_int(s, 2);
        snprintf(m.from.account, sizeof m.from.account, "%s", st_col_text(s, 3));
        snprintf(m.from.holder, sizeof m.from.holder, "%s", st_col_text(s, 4));
        snprintf(m.from.state, sizeof m.from.state, "%s", st_col_text(s, 5));
        snprintf(m.from.obligation, sizeof m.from.obligation, "%s", st_col_text(s, 6));
        if (!strcmp(m.from.state, "retired")) {
            int seen = 0;
            for (size_t i = 0; i < json_array_size(flagged); i++)
                seen |= !strcmp(json_string_value(json_array_get(flagged, i)), m.from.obligation);
            if (!seen)
                json_array_append_new(flagged, json_string(m.from.obligation));
            continue;
        }
        snprintf(m.to_holder, sizeof m.to_holder, "%s", m.from.holder);
        snprintf(m.to_state, sizeof m.to_state, "deducted");
        json_t *one = ind_moves_json(&m, 1);
        json_array_extend(moves, one);
        json_decref(one);
    }
    st_finalize(s);
    if (rc < 0) {
        json_decref(moves);
        json_decref(flagged);
        return rc;
    }
    json_object_set_new(payload, "project", json_string(no));
    json_object_set_new(payload, "moves", moves);
    json_object_set_new(payload, "flagged", flagged);
    json_t *check = json_object_get(req, "check");
    json_object_set_new(payload, "check", check ? json_deep_copy(check) : json_object());
    snprintf(subject, 64, "ind-project:%s", no);
    return 0;
}
