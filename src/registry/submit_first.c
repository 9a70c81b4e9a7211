/* registry/submit_first — 首次登记: a new registration unit with its rights, restrictions and
 * responsibilities, checked against the units and rights already in force. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/submit_internal.h"

int sub_first(struct sub_ctx *c, json_t *app, json_t *payload, char *subject)
{
    struct reg_unit_row u;
    GEOSGeometry *ug = NULL;
    int rc = sub_unit_normalise(c, json_object_get(app, "unit"), &u, &ug);
    int exists = 0;
    if (!rc)
        rc = reg_unit_exists(c->r, u.code, &exists, c->err);
    /* a code names one unit for its whole life and after it: a cancelled unit's code stays
     * in the history, so reusing it would join two units' histories */
    if (!rc && exists)
        rc = sub_refuse(c, "code",
                        "unit %s is already registered (codes are never reused); use change, "
                        "transfer or correct",
                        u.code);
    if (!rc)
        rc = sub_check_unit_overlap(c, &u, ug);
    json_t *rights = json_object_get(app, "rights");
    if (!rc && rights && !json_is_array(rights))
        rc = sub_refuse(c, "rights", "rights must be a list");
    size_t n = json_array_size(rights);
    struct reg_rrr_row *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows && !rc)
        rc = ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    json_t *out = json_array();
    for (size_t i = 0; !rc && i < n; i++) {
        json_t *in = json_array_get(rights, i);
        GEOSGeometry *xg = NULL;
        if (*sub_str(in, "source"))
            snprintf(c->where, sizeof c->where, "%s", sub_str(in, "source"));
        else
            snprintf(c->where, sizeof c->where, "unit %s right %zu", u.code, i + 1);
        rc = sub_rrr_normalise(c, in, &u, ug, &rows[i], &xg);
        /* mortgages, objections and seizures burden a right already in the register, with
         * their own dates and parties; they cannot be born with the unit */
        if (!rc && (!strcmp(rows[i].type, "mortgage") || !strcmp(rows[i].type, "objection") ||
                    !strcmp(rows[i].type, "seizure")))
            rc = sub_refuse(c, "type",
                            "a %s is registered by its own application type, on a right "
                            "already registered",
                            rows[i].type);
        /* an unnamed right is named after its unit and place in the application, which is
         * stable: replaying the ledger names it the same */
        if (!rc && !*rows[i].id)
            snprintf(rows[i].id, sizeof rows[i].id, "%s/%zu", u.code, i + 1);
        int taken = 0;
        if (!rc && !sub_valid_id(rows[i].id))
            rc = sub_refuse(c, "id", "right id \"%s\": use letters, digits and - _ / . #",
                            rows[i].id);
        if (!rc)
            rc = sub_rrr_id_taken(c, rows[i].id, &taken);
        /* the application's own earlier rights are not in the register yet */
        for (size_t k = 0; !rc && k < i; k++)
            taken |= !strcmp(rows[k].id, rows[i].id);
        if (!rc && taken)
            rc = sub_refuse(c, "id", "right id %s is already used", rows[i].id);
        if (!rc)
            rc = sub_check_conflicts(c, &rows[i], xg, NULL, rows, (int)i);
        rg_free(c->r->g, xg);
        if (!rc)
            json_array_append_new(out, sub_payload_sharing(&rows[i], u.wkb, u.wkb_n));
    }
    if (!rc) {
        json_object_set_new(payload, "unit", reg_unit_payload(&u));
        json_object_set_new(payload, "rights", out);
        snprintf(subject, 64, "%s", u.code);
    } else {
        json_decref(out);
    }
    for (size_t i = 0; rows && i < n; i++)
        reg_rrr_row_clear(&rows[i]);
    free(rows);
    rg_free(c->r->g, ug);
    reg_unit_row_clear(&u);
    return rc;
}
