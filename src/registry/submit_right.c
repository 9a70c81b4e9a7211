/* registry/submit_right — 转移登记 (a right passes to new holders) and 变更/更正登记 of a right
 * (its fields change, or an error is corrected). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/submit_internal.h"

int sub_transfer(struct sub_ctx *c, json_t *app, json_t *payload, char *subject)
{
    struct reg_rrr_row x;
    int rc = sub_current_right(c, app, "right", &x);
    const struct reg_rrr_type *t = rc ? NULL : reg_rrr_type_find(x.type);
    if (!rc && (!t || t->cls != REG_RIGHT))
        rc =
            sub_refuse(c, "right", "%s is a %s, not a right that can be transferred", x.id, x.type);
    /* land ownership in China passes only by expropriation of collective land for the state
     * (Constitution Art. 10; Land Administration Law Art. 2): never by transfer */
    if (!rc && t->ownership)
        rc = sub_refuse(c, "right",
                        "%s is %s: ownership is not transferred (it changes only by "
                        "expropriation)",
                        x.id, t->label);
    if (!rc)
        rc = sub_blocking_restriction(c, x.id, "'seizure'", "transfer of");
    struct reg_holder h[REG_MAX_HOLDERS];
    int nh = 0;
    if (!rc)
        rc = sub_holders_parse(c, json_object_get(app, "holders"), t, h, &nh);
    /* a "transfer" to the same holders in the same shares records nothing real and would
     * only lengthen the chain of title */
    if (!rc && nh == x.nholders) {
        int same = 1;
        for (int i = 0; i < nh; i++)
            same &= !strcmp(h[i].party, x.holders[i].party) && h[i].num == x.holders[i].num &&
                    h[i].den == x.holders[i].den;
        if (same)
            rc = sub_refuse(c, "holders", "the new holders are the current holders of %s", x.id);
    }
    if (!rc) {
        json_object_set_new(payload, "right", json_string(x.id));
        json_object_set_new(payload, "holders", reg_holders_payload(h, nh));
        snprintf(subject, 64, "%s", x.unit_code);
    }
    reg_rrr_row_clear(&x);
    return rc;
}

int sub_change_right(struct sub_ctx *c, json_t *app, json_t *payload, char *subject, int correcting)
{
    struct reg_rrr_row x;
    int rc = sub_current_right(c, app, "right", &x);
    const struct reg_rrr_type *t = rc ? NULL : reg_rrr_type_find(x.type);
    json_t *fields = json_object();
    json_t *in = json_object_get(app, "fields");
    if (!rc && !json_is_object(in))
        rc = sub_refuse(c, "fields", "a change or correction lists the new values under fields");
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
    {
        if (rc)
            break;
        if (!strcmp(key, "holders")) {
            struct reg_holder h[REG_MAX_HOLDERS];
            int nh = 0;
            rc = sub_holders_parse(c, v, t, h, &nh);
            if (!rc) {
                json_object_set_new(fields, "holders", reg_holders_payload(h, nh));
                memcpy(x.holders, h, sizeof h);
                x.nholders = nh;
            }
        } else if (!strcmp(key, "term_start") || !strcmp(key, "term_end")) {
            char d[16];
            rc = sub_opt_date(c, in, key, d);
            if (!rc) {
                json_object_set_new(fields, key, json_string(d));
                snprintf(!strcmp(key, "term_start") ? x.term_start : x.term_end, 16, "%s", d);
            }
            /* the description and the source document say what was registered; they can only
             * be wrong (a correction, 更正登记), not change with the right (变更登记) */
        } else if (correcting && (!strcmp(key, "description") || !strcmp(key, "source_doc"))) {
            json_object_set(fields, key, v);
        } else {
            rc = sub_refuse(c, key, "%s cannot be %s on a right (holders, term_start, term_end%s)",
                            key, correcting ? "corrected" : "changed",
                            correcting ? ", description, source_doc" : "");
        }
    }
    if (!rc && !json_object_size(fields))
        rc = sub_refuse(c, "fields", "nothing to change");
    if (!rc && *x.term_start && *x.term_end && strcmp(x.term_start, x.term_end) >= 0)
        rc = sub_refuse(c, "term_end", "the term ends (%s) before it starts (%s)", x.term_end,
                        x.term_start);
    /* a longer term may run into another right that begins after the old term ended */
    if (!rc) {
        GEOSGeometry *g = rg_from_wkb(c->r->g, x.wkb, x.wkb_n);
        rc = g ? sub_check_conflicts(c, &x, g, x.id, NULL, 0)
               : sub_refuse(c, "geometry", "right %s has no footprint", x.id);
        rg_free(c->r->g, g);
    }
    if (!rc) {
        json_object_set_new(payload, "right", json_string(x.id));
        json_object_set(payload, "fields", fields);
        snprintf(subject, 64, "%s", x.unit_code);
    }
    json_decref(fields);
    reg_rrr_row_clear(&x);
    return rc;
}
