/* registry/submit_cancel — 注销登记: a unit and its rights end. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/submit_internal.h"

int sub_cancel(struct sub_ctx *c, json_t *app, json_t *payload, char *subject)
{
    json_t *ids = json_array();
    int rc = 0;
    /* one right ends (a lease expires, a use right is given up), or the unit ends with every
     * right on it (land taken into a larger unit, a sea area reclaimed) */
    if (*sub_str(app, "right")) {
        struct reg_rrr_row x;
        rc = sub_current_right(c, app, "right", &x);
        if (!rc)
            rc = sub_blocking_restriction(c, x.id, "'mortgage', 'seizure'", "cancellation of");
        if (!rc) {
            json_array_append_new(ids, json_string(x.id));
            snprintf(subject, 64, "%s", x.unit_code);
        }
        reg_rrr_row_clear(&x);
    } else {
        struct reg_unit_row u;
        rc = sub_current_unit(c, app, &u);
        char(*list)[64] = NULL;
        int n = 0;
        if (!rc)
            rc = reg_unit_rrr_ids(c->r, u.code, &list, &n, c->err);
        /* a unit under any mortgage or seizure cannot end: the creditor's or the court's
         * claim would be left without an object */
        for (int i = 0; !rc && i < n; i++) {
            rc = sub_blocking_restriction(c, list[i], "'mortgage', 'seizure'",
                                          "cancellation of the unit's right");
            json_array_append_new(ids, json_string(list[i]));
        }
        free(list);
        if (!rc) {
            json_object_set_new(payload, "unit", json_string(u.code));
            snprintf(subject, 64, "%s", u.code);
        }
        reg_unit_row_clear(&u);
    }
    /* the ledger event lists every right it ends, so replaying it (ledger rebuild) needs no
     * query of the state it changed */
    if (!rc)
        json_object_set(payload, "rights", ids);
    json_decref(ids);
    return rc;
}
