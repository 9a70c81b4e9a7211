/*
 * plan/submit — a plan checked and recorded: its reserve areas of registered units, each unit
 * in one; its allocation units, each of a unit of its reserve, classed, with a mode its class
 * may use (划拨 for public interest only), a use the control lines allow on its footprint, a
 * timing; the version following the last recorded.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/internal.h"

int pln_refuse(struct pln_ctx *x, int code, const char *rule, const char *field, const char *fmt,
               ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ls_err_set(x->err, code, x->input, x->id && *x->id ? x->id : NULL, field,
                      "rule plan.%s: %s", rule, msg);
}

const char *pln_str(const json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static int one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (!strcmp(s, *set))
            return 1;
    return 0;
}

/* The last version recorded (0: none). */
static int last_version(struct pln *p, const char *id, long long *v, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(p->st, "SELECT coalesce(max(version), 0) FROM pln_plan WHERE plan_id = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, err);
    *v = rc == 1 ? st_col_int(s, 0) : 0;
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

static int reserves_read(struct pln_ctx *x, const json_t *list, json_t *out)
{
    size_t n = json_array_size(list);
    if (!json_is_array(list) || !n)
        return pln_refuse(x, LS_EINVAL, "reserve", "reserves",
                          "a plan has its reserve areas: [{\"id\", \"name\", \"units\": [...]}]");
    for (size_t i = 0; i < n; i++) {
        const json_t *r = json_array_get(list, i);
        char field[48];
        snprintf(field, sizeof field, "reserves[%zu]", i);
        const char *id = pln_str(r, "id");
        const json_t *units = json_object_get(r, "units");
        if (!*id || !*pln_str(r, "name") || !json_array_size(units))
            return pln_refuse(x, LS_EINVAL, "reserve", field,
                              "a reserve area has an id, a name and its registered units");
        if (json_object_get(out, id))
            return pln_refuse(x, LS_EINVAL, "reserve", field, "reserve %s is listed twice", id);
        size_t k;
        json_t *u;
        json_array_foreach(units, k, u)
        {
            const char *code = json_string_value(u);
            int exists = 0;
            int rc = code ? reg_unit_exists(x->p->reg, code, &exists, x->err) : 0;
            if (rc)
                return rc;
            if (!exists)
                return pln_refuse(x, LS_ENOENT, "unit", field,
                                  "reserve %s names unit %s, which is not registered", id,
                                  code ? code : "(not a code)");
            /* a unit belongs to one reserve area */
            const char *key;
            json_t *other;
            json_object_foreach(out, key, other)
            {
                size_t j;
                json_t *v;
                json_array_foreach(json_object_get(other, "units"), j, v)
                {
                    if (!strcmp(json_string_value(v), code))
                        return pln_refuse(x, LS_EINVAL, "reserve", field,
                                          "unit %s is in reserve %s already", code, key);
                }
            }
        }
        json_object_set_new(
            out, id,
            json_pack("{s:s, s:s, s:O}", "id", id, "name", pln_str(r, "name"), "units", units));
    }
    return 0;
}

static int in_reserve(const json_t *reserves, const char *reserve, const char *code)
{
    size_t j;
    json_t *v;
    json_array_foreach(json_object_get(json_object_get(reserves, reserve), "units"), j, v)
    {
        if (!strcmp(json_string_value(v), code))
            return 1;
    }
    return 0;
}

static int unit_read(struct pln_ctx *x, const json_t *u, size_t i, const json_t *reserves,
                     const struct pln_submit_opts *o, json_t *seen, json_t **out)
{
    static const char *const classes[] = { "public_interest", "operating", NULL };
    static const char *const modes[] = { "allocation", "transfer", "lease", "equity", NULL };
    char field[48];
    snprintf(field, sizeof field, "units[%zu]", i);
    const char *id = pln_str(u, "id"), *code = pln_str(u, "unit"), *res = pln_str(u, "reserve");
    const char *cls = pln_str(u, "class"), *mode = pln_str(u, "mode"), *use = pln_str(u, "use");
    const char *timing = pln_str(u, "timing");
    if (!*id || json_object_get(seen, id))
        return pln_refuse(x, LS_EINVAL, "unit_id", field,
                          "an allocation unit has an id of its own (%s)", *id ? id : "none");
    if (!json_object_get(reserves, res))
        return pln_refuse(x, LS_EINVAL, "reserve", field,
                          "allocation unit %s names no reserve area of the plan (%s)", id,
                          *res ? res : "none");
    if (!in_reserve(reserves, res, code))
        return pln_refuse(x, LS_EINVAL, "unit", field,
                          "allocation unit %s: unit %s is not in reserve %s", id,
                          *code ? code : "(none)", res);
    size_t k;
    json_t *v;
    json_array_foreach(json_object_get(seen, "\x01units"), k, v)
    {
        if (!strcmp(json_string_value(v), code))
            return pln_refuse(x, LS_EINVAL, "duplicate", field,
                              "unit %s is in two allocation units", code);
    }
    if (!one_of(cls, classes))
        return pln_refuse(x, LS_EINVAL, "class", field,
                          "allocation unit %s is public_interest or operating, not %s", id,
                          *cls ? cls : "(none)");
    if (!one_of(mode, modes))
        return pln_refuse(x, LS_EINVAL, "mode", field,
                          "allocation unit %s's mode is allocation (划拨), transfer (出让), lease "
                          "(租赁) or equity (作价出资), not %s",
                          id, *mode ? mode : "(none)");
    /* 划拨 is for public-interest use only; an operating use is paid (Land Administration Law
     * Art. 54; 国发〔2019〕… paid use of natural-resource assets) */
    if (!strcmp(mode, "allocation") && strcmp(cls, "public_interest"))
        return pln_refuse(x, LS_EINVAL, "mode", field,
                          "allocation unit %s is operating: 划拨 is for public interest only, an "
                          "operating use is paid (transfer, lease or equity)",
                          id);
    if (!ls_date_valid(timing))
        return pln_refuse(x, LS_EINVAL, "timing", field,
                          "allocation unit %s names when it is to be allocated (YYYY-MM-DD)", id);
    char decision[16] = "";
    json_t *reasons = NULL;
    int rc = o->zoning ? o->zoning(o->zoning_ctx, code, use, decision, &reasons, x->err)
                       : pln_refuse(x, LS_EINVAL, "zoning", field, "no control-line check");
    if (rc)
        return rc;
    if (!strcmp(decision, "prohibited")) {
        char why[400] = "";
        size_t j;
        json_t *r;
        json_array_foreach(reasons, j, r)
        {
            snprintf(why + strlen(why), sizeof why - strlen(why), "%s%s", j ? "; " : "",
                     pln_str(r, "zone_zh"));
        }
        json_decref(reasons);
        return pln_refuse(x, LS_EINVAL, "zoning", field,
                          "allocation unit %s: %s is prohibited on unit %s by the control lines "
                          "(%s)",
                          id, use, code, *why ? why : "禁止");
    }
    json_array_append_new(json_object_get(seen, "\x01units"), json_string(code));
    json_object_set_new(seen, id, json_true());
    *out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:O*, s:s, s:{s:s, s:o}}", "id", id, "unit",
                     code, "reserve", res, "class", cls, "mode", mode, "use", use, "intensity",
                     json_object_get(u, "intensity"), "timing", timing, "constraints", "decision",
                     decision, "reasons", reasons ? reasons : json_array());
    return *out ? 0 : ls_err_set(x->err, LS_ENOMEM, x->input, NULL, NULL, "out of memory");
}

int pln_submit(struct pln *p, const json_t *req, const struct pln_submit_opts *o, const char *input,
               json_t **out, struct ls_err *err)
{
    if (out)
        *out = NULL;
    struct pln_ctx x = { p, input, pln_str(req, "plan"), err };
    if (!json_is_object(req) || !*x.id || strlen(x.id) > 40)
        return pln_refuse(&x, LS_EINVAL, "id", "plan",
                          "a plan is a JSON object with an id (\"plan\")");
    if (!o || !o->actor || !*o->actor)
        return pln_refuse(&x, LS_EINVAL, "actor", "actor", "every plan names who records it");
    long long last = 0;
    int rc = last_version(p, x.id, &last, err);
    if (rc)
        return rc;
    json_int_t version = json_integer_value(json_object_get(req, "version"));
    if (version != last + 1)
        return pln_refuse(&x, LS_EINVAL, "version", "version",
                          "plan %s is at version %lld: the next is %lld, not %lld", x.id, last,
                          last + 1, (long long)version);
    if (!*pln_str(req, "name") || !ls_date_valid(pln_str(req, "date")))
        return pln_refuse(&x, LS_EINVAL, "date", "date",
                          "a plan has a name and a date (YYYY-MM-DD)");
    json_t *reserves = json_object(), *seen = json_pack("{s:[]}", "\x01units"),
           *units = json_array();
    rc = reserves_read(&x, json_object_get(req, "reserves"), reserves);
    const json_t *list = json_object_get(req, "units");
    size_t n = json_array_size(list);
    if (!rc && (!json_is_array(list) || !n || n > PLN_MAX_UNITS))
        rc = pln_refuse(&x, LS_EINVAL, "unit", "units", "a plan has 1 to %d allocation units",
                        PLN_MAX_UNITS);
    for (size_t i = 0; !rc && i < n; i++) {
        json_t *u = NULL;
        rc = unit_read(&x, json_array_get(list, i), i, reserves, o, seen, &u);
        if (!rc)
            json_array_append_new(units, u);
    }
    json_t *res_list = json_array();
    const char *key;
    json_t *r;
    json_object_foreach(reserves, key, r) json_array_append(res_list, r);
    json_decref(reserves);
    json_decref(seen);
    if (rc) {
        json_decref(units);
        json_decref(res_list);
        return rc;
    }
    json_t *pl = json_pack("{s:s, s:I, s:s, s:s, s:o, s:o}", "plan", x.id, "version", version,
                           "name", pln_str(req, "name"), "date", pln_str(req, "date"), "reserves",
                           res_list, "units", units);
    struct lg_event ev = { 0 };
    snprintf(ev.recorded, sizeof ev.recorded, "%s", o->recorded ? o->recorded : "");
    snprintf(ev.effective, sizeof ev.effective, "%s", pln_str(req, "date"));
    snprintf(ev.actor, sizeof ev.actor, "%s", o->actor);
    snprintf(ev.type, sizeof ev.type, "plan.record");
    snprintf(ev.subject, sizeof ev.subject, "plan:%.50s", x.id);
    rc = lg_append_json(p->st, &ev, pl, err);
    if (!rc)
        rc = pln_project(p, &ev, err);
    free((char *)(uintptr_t)ev.payload);
    if (!rc && out) {
        json_object_set_new(pl, "seq", json_integer(ev.seq));
        *out = pl;
    } else {
        json_decref(pl);
    }
    return rc;
}
