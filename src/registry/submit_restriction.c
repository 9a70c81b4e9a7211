/* registry/submit_restriction — restrictions on a right: 抵押 mortgage, 查封 seizure, 异议
 * objection; the responsibility on a unit 生态修复责任 restoration (a damage case's duty to
 * restore, until its deadline); and their release (mortgage_release, release). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/submit_internal.h"

int sub_restriction_on(struct sub_ctx *c, json_t *app, const char *type, const char *party_key,
                       json_t *payload, char *subject)
{
    struct reg_rrr_row target, x;
    memset(&x, 0, sizeof x);
    int rc = 0;
    /* an objection (异议登记) may dispute the register's unit itself, its boundary; mortgages
     * and seizures always burden a right */
    int on_unit =
        (!strcmp(type, "objection") && !*sub_str(app, "right")) || !strcmp(type, "restoration");
    struct reg_unit_row u;
    memset(&u, 0, sizeof u);
    memset(&target, 0, sizeof target);
    if (on_unit) {
        rc = sub_current_unit(c, app, &u);
    } else {
        rc = sub_current_right(c, app, "right", &target);
        const struct reg_rrr_type *tt = rc ? NULL : reg_rrr_type_find(target.type);
        /* land ownership cannot be mortgaged or sold, so it cannot be seized for sale either;
         * restrictions burden the use rights carved from it (Civil Code Art. 399) */
        if (!rc && (!tt || tt->cls != REG_RIGHT || tt->ownership))
            rc = sub_refuse(c, "right", "a %s is registered on a use right, not on %s (%s)", type,
                            target.id, target.type);
    }
    /* the restriction is built as an ordinary application's right and passes through the
     * same normalisation: one set of checks on holders, layers, terms and footprints */
    json_t *in = json_object();
    json_object_set_new(in, "type", json_string(type));
    json_object_set_new(in, "holders",
                        json_pack("[{s:s, s:s}]", "party", sub_str(app, party_key), "share", "1"));
    json_object_set_new(in, "description", json_string(sub_str(app, "description")));
    json_object_set_new(in, "source_doc", json_string(sub_str(app, "source_doc")));
    if (!strcmp(type, "mortgage")) {
        json_t *amount = json_object_get(app, "amount");
        if (!rc && (!json_is_number(amount) || json_number_value(amount) <= 0))
            rc = sub_refuse(c, "amount", "a mortgage registers the secured amount in yuan (> 0)");
        json_object_set(in, "amount", amount);
        json_object_set(in, "term_start", json_object_get(app, "term_start"));
        json_object_set(in, "term_end", json_object_get(app, "term_end"));
    } else if (!strcmp(type, "seizure")) {
        /* a court seizes real property for at most three years at a time (法释〔2004〕15号 art. 29)
         */
        char end[11];
        reg_date_add_days(c->date, 3 * 365, end);
        json_object_set_new(in, "term_start", json_string(c->date));
        json_object_set_new(
            in, "term_end",
            json_string(*sub_str(app, "term_end") ? sub_str(app, "term_end") : end));
    } else if (!strcmp(type, "restoration")) {
        /* the duty runs from its agreement or judgment to the restoration's deadline */
        const char *end = sub_str(app, "term_end");
        if (!rc && (!reg_date_valid(end) || strcmp(end, c->date) <= 0))
            rc = sub_refuse(c, "term_end",
                            "a restoration duty names its deadline, a date after %s (got \"%s\")",
                            c->date, end);
        json_object_set_new(in, "term_start", json_string(c->date));
        json_object_set_new(in, "term_end", json_string(end));
    } else {
        char end[11];
        reg_date_add_days(c->date, 15, end);
        /* an objection lapses unless a suit is filed within 15 days (Civil Code art. 220) */
        json_object_set_new(in, "term_start", json_string(c->date));
        json_object_set_new(in, "term_end", json_string(end));
    }
    if (!rc && !on_unit) {
        rc = reg_unit_current(c->r, target.unit_code, &u, c->err);
        rc = rc == 1  ? 0
             : rc < 0 ? rc
                      : sub_refuse(c, "right", "the unit of %s is not in force", target.id);
    }
    GEOSGeometry *ug = rc ? NULL : rg_from_wkb(c->r->g, u.wkb, u.wkb_n);
    GEOSGeometry *xg = NULL;
    if (!rc && !on_unit) {
        /* a restriction lies exactly where the right it burdens lies, in plan and in layer */
        json_object_set_new(in, "layer", json_string(target.layer));
        GEOSGeometry *tg = rg_from_wkb(c->r->g, target.wkb, target.wkb_n);
        char *hex = tg ? rg_hex(c->r->g, tg) : NULL;
        if (hex)
            json_object_set_new(in, "geometry", json_pack("{s:s}", "wkb", hex));
        free(hex);
        rg_free(c->r->g, tg);
    }
    if (!rc)
        rc = sub_rrr_normalise(c, in, &u, ug, &x, &xg);
    long long n = 0;
    /* numbered per kind: M1, M2 … for mortgages, S1 … for seizures, O1 … for objections;
     * counting version-1 rows counts every one ever registered, released ones included, so a
     * number is never given twice */
    if (!rc) {
        char sql[160];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM reg_rrr WHERE on_rrr = ? AND version = 1 AND type = '%s'",
                 type);
        rc = sub_count_rrr(c, sql, on_unit ? u.code : target.id, &n);
    }
    if (!rc) {
        const char *base = on_unit ? u.code : target.id;
        snprintf(x.id, sizeof x.id, "%s/%c%lld", base, (char)(type[0] - 'a' + 'A'), n + 1);
        snprintf(x.on_rrr, sizeof x.on_rrr, "%s", base);
        if (!strcmp(type, "mortgage")) {
            long long active = 0;
            rc = sub_count_rrr(c,
                               "SELECT count(*) FROM reg_rrr WHERE on_rrr = ? AND end_seq IS NULL "
                               "AND type = 'mortgage'",
                               target.id, &active);
            /* priority among mortgages follows the order of registration (Civil Code
             * Art. 414): the next one ranks after those still in force */
            x.ranking = active + 1;
        }
    }
    if (!rc) {
        json_object_set_new(payload, "right",
                            on_unit ? sub_payload_sharing(&x, u.wkb, u.wkb_n)
                                    : sub_payload_sharing(&x, target.wkb, target.wkb_n));
        snprintf(subject, 64, "%s", u.code);
    }
    json_decref(in);
    rg_free(c->r->g, ug);
    rg_free(c->r->g, xg);
    reg_rrr_row_clear(&x);
    reg_rrr_row_clear(&target);
    reg_unit_row_clear(&u);
    return rc;
}

/* mortgage_release ends a mortgage; release ends a seizure, an objection or a restoration duty
 * (discharged, as its follow-up survey found). */
int sub_release(struct sub_ctx *c, json_t *app, json_t *payload, char *subject, int mortgage)
{
    struct reg_rrr_row x;
    int rc = sub_current_right(c, app, "right", &x);
    if (!rc && mortgage && strcmp(x.type, "mortgage"))
        rc = sub_refuse(c, "right", "%s is a %s, not a mortgage", x.id, x.type);
    if (!rc && !mortgage && strcmp(x.type, "seizure") && strcmp(x.type, "objection") &&
        strcmp(x.type, "restoration"))
        rc = sub_refuse(
            c, "right", "%s is a %s: release lifts a seizure, an objection or a restoration duty%s",
            x.id, x.type, strcmp(x.type, "mortgage") ? "" : " (a mortgage: mortgage_release)");
    if (!rc) {
        json_object_set_new(payload, "right", json_string(x.id));
        snprintf(subject, 64, "%s", x.unit_code);
    }
    reg_rrr_row_clear(&x);
    return rc;
}
