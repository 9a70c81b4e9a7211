/* app/indicator — see indicator.h. */
#include "app/indicator.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry.h"
#include "base/hash.h"
#include "indicator/classes.h"

int app_indicator_open(const char *target, struct ls_store **st, struct reg **r, struct ind **in,
                       struct ls_err *err)
{
    *in = NULL;
    int rc = app_registry_open(target, st, r, err);
    if (!rc && (rc = ind_open(*st, *r, in, err)) != 0) {
        app_registry_close(*st, *r);
        *st = NULL;
        *r = NULL;
    }
    return rc;
}

void app_indicator_close(struct ls_store *st, struct reg *r, struct ind *in)
{
    ind_close(in);
    app_registry_close(st, r);
}

int app_indicator_refused(int rc)
{
    return rc == -LS_EINVAL || rc == -LS_ENOENT;
}

/* A footprint given as WKT (in the store's CRS) becomes the WKB hex the register keeps. */
static int footprint_to_wkb(json_t *req, const char *input, struct ls_err *err)
{
    const char *text = json_string_value(json_object_get(req, "footprint"));
    if (!text || !*text)
        return 0;
    int hex = 1;
    for (const char *p = text; hex && *p; p++)
        hex = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F');
    if (hex)
        return 0;
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *g = r ? GEOSWKTReader_read_r(h, r, text) : NULL;
    int rc = 0;
    if (!g)
        rc = ls_err_set(err, LS_EINVAL, input, "project", "footprint",
                        "rule project.footprint: the footprint is neither WKT nor WKB hex");
    else if (!GEOSisValid_r(h, g)) {
        char *why = GEOSisValidReason_r(h, g);
        rc = ls_err_set(err, LS_EINVAL, input, "project", "footprint",
                        "rule project.footprint: the footprint is not a valid geometry: %s",
                        why ? why : "?");
        if (why)
            GEOSFree_r(h, why);
    } else {
        GEOSWKBWriter *w = GEOSWKBWriter_create_r(h);
        size_t n = 0;
        unsigned char *wkb = w ? GEOSWKBWriter_write_r(h, w, g, &n) : NULL;
        char *hexs = wkb ? ls_hex_dup(wkb, n) : NULL;
        if (hexs)
            json_object_set_new(req, "footprint", json_string(hexs));
        else
            rc = ls_err_set(err, LS_ENOMEM, input, NULL, NULL, "out of memory");
        free(hexs);
        if (wkb)
            GEOSFree_r(h, wkb);
        if (w)
            GEOSWKBWriter_destroy_r(h, w);
    }
    if (g)
        GEOSGeom_destroy_r(h, g);
    if (r)
        GEOSWKTReader_destroy_r(h, r);
    GEOS_finish_r(h);
    return rc;
}

static int apply_requests(struct ls_store *st, struct ind *in, json_t *requests, const char *actor,
                          const char *recorded, const char *input, int dry_run,
                          int computed_acceptance, json_t **out, struct ls_err *err);

int app_indicator_apply(struct ls_store *st, struct ind *in, json_t *requests, const char *actor,
                        const char *recorded, const char *input, int dry_run, json_t **out,
                        struct ls_err *err)
{
    return apply_requests(st, in, requests, actor, recorded, input, dry_run, 0, out, err);
}

static int apply_requests(struct ls_store *st, struct ind *in, json_t *requests, const char *actor,
                          const char *recorded, const char *input, int dry_run,
                          int computed_acceptance, json_t **out, struct ls_err *err)
{
    *out = NULL;
    if (!json_is_object(requests) && !(json_is_array(requests) && json_array_size(requests)))
        return ls_err_set(err, LS_EINVAL, input, NULL, NULL,
                          "a request is a JSON object, or a non-empty list of them");
    json_t *list = json_is_array(requests) ? requests : NULL;
    size_t n = list ? json_array_size(list) : 1;
    json_t *done = json_array(), *results = json_array();
    struct ind_submit_opts o = { actor, recorded, 0 };
    int rc = st_begin_write(st, err);
    for (size_t i = 0; !rc && i < n; i++) {
        char name[600];
        if (list)
            snprintf(name, sizeof name, "%s [%zu]", input, i);
        else
            snprintf(name, sizeof name, "%s", input);
        json_t *req = json_deep_copy(list ? json_array_get(list, i) : requests);
        long long seq = 0;
        json_t *res = NULL;
        /* an acceptance carries the check that decided it: only app_indicator_accept, which
         * computes that check from the surveys, may record one */
        const char *type = json_string_value(json_object_get(req, "type"));
        if (!computed_acceptance && type && !strcmp(type, "accept"))
            rc = ls_err_set(err, LS_EINVAL, name, "accept", "type",
                            "rule accept.computed: an acceptance is computed from the surveys "
                            "(indicator accept), not submitted");
        else
            rc = json_is_object(req) ? footprint_to_wkb(req, name, err) : 0;
        if (!rc)
            rc = ind_submit(in, req, &o, name, &seq, &res, err);
        json_decref(req);
        if (!rc) {
            json_array_append_new(done, json_integer(seq));
            json_array_append_new(results, res);
        }
    }
    /* all or nothing: one refusal rolls back the requests before it */
    if (!rc && !dry_run)
        rc = st_commit(st, err);
    if (rc || dry_run)
        st_rollback(st);
    if (rc) {
        json_decref(done);
        json_decref(results);
        return rc;
    }
    if (dry_run) {
        json_decref(done);
        *out = json_pack("{s:b, s:I, s:o}", "dry_run", 1, "checked", (json_int_t)n, "results",
                         results);
    } else
        *out = json_pack("{s:o, s:o}", "recorded", done, "results", results);
    return 0;
}

double app_indicator_withdrawal_k(const char *county)
{
    return ind_withdrawal_ratio(county);
}

int app_indicator_accept(struct ls_store *st, struct ind *in, const struct app_accept_data *d,
                         const char *project_no, const char *date, const char *actor,
                         const char *recorded, json_t **out, struct ls_err *err)
{
    *out = NULL;
    json_t *p = NULL;
    int rc = app_indicator_show(st, in, project_no, &p, err);
    if (rc)
        return rc;
    size_t n = 0;
    unsigned char *wkb = ls_unhex_dup(json_string_value(json_object_get(p, "wkb")), &n);
    json_t *check = NULL;
    const char *cls = json_string_value(json_object_get(p, "class"));
    rc = wkb ? app_indicator_assess(d, cls, wkb, n, &check, err)
             : ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    if (!rc) {
        rc = st_begin_read(st, err);
        if (!rc)
            rc = app_indicator_counted_once(in, d, cls, project_no, wkb, n, check, err);
        st_rollback(st);
        if (rc) {
            json_decref(check);
            check = NULL;
        }
    }
    free(wkb);
    json_decref(p);
    if (rc)
        return rc;
    *out = check;
    if (!json_is_true(json_object_get(check, "passed"))) {
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(check, "rules"), i, r)
        {
            if (json_is_true(json_object_get(r, "passed")))
                continue;
            return ls_err_set(err, LS_EINVAL, project_no, "acceptance", "check",
                              "rule %s: %s (%s); nothing recorded",
                              json_string_value(json_object_get(r, "rule")),
                              json_string_value(json_object_get(r, "en")),
                              json_string_value(json_object_get(r, "zh")));
        }
    }
    json_t *req =
        json_pack("{s:s, s:s, s:s, s:O, s:O, s:O}", "type", "accept", "date", date, "project",
                  project_no, "check", check, "quantities", json_object_get(check, "quantities"),
                  "attributes", json_object_get(check, "attributes"));
    json_t *done = NULL;
    rc = apply_requests(st, in, req, actor, recorded, project_no, 0, 1, &done, err);
    json_decref(req);
    if (!rc)
        json_object_set_new(check, "recorded",
                            json_object_get(done, "recorded")
                                ? json_incref(json_object_get(done, "recorded"))
                                : json_null());
    json_decref(done);
    return rc;
}

int app_indicator_classes(json_t **out, struct ls_err *err)
{
    *out = NULL;
    size_t n = 0;
    const struct ind_class *k = ind_classes(&n, err);
    if (!k)
        return err ? -err->code : -LS_EINTERNAL;
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *acc = json_array();
        for (size_t j = 0; j < k[i].n_accounts; j++)
            json_array_append_new(acc,
                                  json_pack("{s:s,s:s,s:s,s:s}", "code", k[i].accounts[j].code,
                                            "zh", k[i].accounts[j].zh, "en", k[i].accounts[j].en,
                                            "unit", k[i].accounts[j].unit));
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:o,s:s,s:s,s:b}", "id", k[i].id, "zh",
                                           k[i].zh, "en", k[i].en, "accounts", acc,
                                           "retires_against", k[i].retires_against, "source",
                                           k[i].source, "cross_province", k[i].cross_province));
    }
    *out = json_pack("{s:o}", "classes", a);
    return 0;
}

int app_indicator_monitor(struct ls_store *st, struct ind *in, const struct app_accept_data *d,
                          const char *project_no, const char *date, const char *actor,
                          const char *recorded, json_t **out, struct ls_err *err)
{
    *out = NULL;
    json_t *p = NULL;
    int rc = app_indicator_show(st, in, project_no, &p, err);
    if (rc)
        return rc;
    size_t n = 0;
    unsigned char *wkb = ls_unhex_dup(json_string_value(json_object_get(p, "wkb")), &n);
    json_t *check = NULL;
    rc = wkb ? app_indicator_monitor_check(d, json_string_value(json_object_get(p, "class")), wkb,
                                           n, &check, err)
             : ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    free(wkb);
    json_decref(p);
    if (rc)
        return rc;
    int passed = json_is_true(json_object_get(check, "passed"));
    json_t *req = passed
                      ? json_pack("{s:s, s:s, s:s, s:O}", "type", "monitor", "date", date,
                                  "project", project_no, "check", check)
                      : json_pack("{s:s, s:s, s:s, s:O, s:s}", "type", "deduct", "date", date,
                                  "project", project_no, "check", check, "reason",
                                  "监测核查未通过 (monitoring found the supply no longer there)");
    json_t *done = NULL;
    rc = app_indicator_apply(st, in, req, actor, recorded, project_no, 0, &done, err);
    json_decref(req);
    if (!rc) {
        json_object_set(check, "recorded", json_object_get(done, "recorded"));
        json_object_set_new(check, "deducted", json_boolean(!passed));
        json_t *res = json_array_get(json_object_get(done, "results"), 0);
        if (!passed)
            json_object_set(check, "flagged", json_object_get(res, "flagged"));
    }
    json_decref(done);
    *out = check;
    return rc;
}

static json_int_t up(double v)
{
    return (json_int_t)ceil(v - 1e-9);
}

int app_indicator_obligation_from_check(json_t *check, const char *id, const char *county,
                                        const char *date, json_t **request, struct ls_err *err)
{
    *request = NULL;
    json_t *obl = json_object_get(check, "obligations");
    /* the obligation's source: the checked project's label, else its category's name */
    const char *label = json_string_value(json_object_get(check, "label"));
    if (!label || !*label)
        label = json_string_value(json_object_get(check, "category_zh"));
    size_t i;
    json_t *o;
    json_array_foreach(obl, i, o)
    {
        const char *kind = json_string_value(json_object_get(o, "obligation"));
        json_t *req = NULL;
        if (kind && !strcmp(kind, "cropland_supplement")) {
            json_t *r = json_object();
            json_object_set_new(r, "CRQ",
                                json_integer(up(json_number_value(json_object_get(o, "area_m2")))));
            json_int_t c = up(json_number_value(json_object_get(o, "grain_capacity_kg")));
            json_int_t p = up(json_number_value(json_object_get(o, "paddy_m2")));
            if (c > 0)
                json_object_set_new(r, "CRC", json_integer(c));
            if (p > 0)
                json_object_set_new(r, "CRP", json_integer(p));
            req = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "type", "obligation", "date",
                            date, "obligation", id, "kind", "cropland_occupation", "county", county,
                            "source", label ? label : "check", "required", r);
        } else if (kind && !strcmp(kind, "shoreline_restoration")) {
            json_t *r = json_pack("{s:I}", "SHL",
                                  up(100.0 * json_number_value(json_object_get(o, "length_m"))));
            req = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "type", "obligation",
                            "date", date, "obligation", id, "kind", "shoreline_occupation",
                            "county", county, "source", label ? label : "check", "shoreline_type",
                            "自然岸线", "required", r);
        }
        if (req) {
            *request = req;
            return 0;
        }
    }
    return ls_err_set(err, LS_EINVAL, NULL, NULL, "obligations",
                      "the check owes no cropland or shoreline to make good");
}

static int snapshot_begin(struct ls_store *st, struct ls_err *err)
{
    return st_begin_read(st, err);
}

int app_indicator_show(struct ls_store *st, struct ind *in, const char *project_no, json_t **out,
                       struct ls_err *err)
{
    int rc = snapshot_begin(st, err);
    if (!rc)
        rc = ind_project_show(in, project_no, out, err);
    st_rollback(st);
    return rc;
}

int app_indicator_projects(struct ls_store *st, struct ind *in, const char *county,
                           const char *state, json_t **out, struct ls_err *err)
{
    int rc = snapshot_begin(st, err);
    if (!rc)
        rc = ind_projects(in, county, state, out, err);
    st_rollback(st);
    return rc;
}

int app_indicator_holdings(struct ls_store *st, struct ind *in, const char *holder, json_t **out,
                           struct ls_err *err)
{
    int rc = snapshot_begin(st, err);
    if (!rc)
        rc = ind_holdings(in, holder, 1000, out, err);
    st_rollback(st);
    return rc;
}

int app_indicator_obligations(struct ls_store *st, struct ind *in, const char *id,
                              const char *county, json_t **out, struct ls_err *err)
{
    int rc = snapshot_begin(st, err);
    if (!rc)
        rc = id && *id ? ind_obligation_show(in, id, out, err)
                       : ind_obligations(in, county, out, err);
    st_rollback(st);
    return rc;
}

int app_indicator_report(struct ls_store *st, struct ind *in, const char *as_of, json_t **out,
                         struct ls_err *err)
{
    int rc = snapshot_begin(st, err);
    if (!rc)
        rc = ind_report(in, as_of, out, err);
    st_rollback(st);
    return rc;
}

int app_indicator_history(struct ls_store *st, struct ind *in, const char *key, json_t **out,
                          struct ls_err *err)
{
    int rc = snapshot_begin(st, err);
    if (!rc)
        rc = ind_history(in, key, out, err);
    st_rollback(st);
    return rc;
}

int app_indicator_verify(struct ls_store *st, struct ind *in, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct ind_verify_report rep;
    int rc = snapshot_begin(st, err);
    if (!rc)
        rc = ind_verify(in, &rep, err);
    st_rollback(st);
    if (rc)
        return rc;
    *out = json_pack("{s:b, s:I, s:I, s:I}", "ok", rep.ok, "events", (json_int_t)rep.events,
                     "batches", (json_int_t)rep.batches, "blocks", (json_int_t)rep.blocks);
    if (!rep.ok) {
        json_object_set_new(*out, "bad_seq", json_integer(rep.bad_seq));
        json_object_set_new(*out, "why", json_string(rep.why));
    }
    return 0;
}
